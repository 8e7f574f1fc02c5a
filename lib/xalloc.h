/*
 * xalloc.h - allocation that cannot fail: on failure the program dies here,
 * in one place, with status 2.  The caller owns and frees what these return.
 */
#ifndef ISAS_XALLOC_H
#define ISAS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (of *cap elements of size) to hold at least need elements. */
void xgrow_slow(void **p, size_t *cap, size_t need, size_t size);

static inline void
xgrow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need > *cap)
		xgrow_slow(p, cap, need, size);
}
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
