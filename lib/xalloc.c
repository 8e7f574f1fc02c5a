#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

static void *
check(void *p, size_t n)
{
	if (!p && n)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xmalloc(size_t n)
{
	return check(malloc(n ? n : 1), n);
}

void *
xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *
xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1), n);
}

void
xgrow_slow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n;

	if (need <= *cap)
		return;
	n = *cap ? *cap : 16;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / size)
			die("out of memory (array of %zu)", need);
		n *= 2;
	}
	*p = xrealloc(*p, n * size);
	*cap = n;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
