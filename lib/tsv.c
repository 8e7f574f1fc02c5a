#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "tsv.h"
#include "value.h"
#include "xalloc.h"

#define TSV_BUFSIZE (256 * 1024)

struct tsv *
tsv_fdopen(int fd, const char *name)
{
	struct tsv *t = xcalloc(1, sizeof *t);

	t->fd = fd;
	t->name = xstrdup(name);
	t->cap = TSV_BUFSIZE;
	t->buf = xmalloc(t->cap);
	t->at_start = 1;
	sha256_begin(&t->hash);
	return t;
}

struct tsv *
tsv_open(const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0)
		return tsv_fdopen(1, "-");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		error("%s: cannot create: %s", path, strerror(errno));
		return NULL;
	}
	return tsv_fdopen(fd, path);
}

/* The files opened by tsv_open_pending and not yet published. */
static struct pending {
	char *tmp, *path;
} *pending;
static size_t npending, pendingcap;

static void
remove_pending(void)
{
	size_t i;

	for (i = 0; i < npending; i++) {
		unlink(pending[i].tmp);
		free(pending[i].tmp);
		free(pending[i].path);
	}
	free(pending);
	pending = NULL;
	npending = 0;
}

struct tsv *
tsv_open_pending(const char *path)
{
	size_t n = strlen(path) + 16;
	struct stat st;
	char *tmp;
	int fd;

	/* Not a file to replace (/dev/null, a FIFO, a terminal): written
	 * directly, never renamed over. */
	if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
		return tsv_open(path);
	tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		error("%s: cannot create: %s", path, strerror(errno));
		free(tmp);
		return NULL;
	}
	if (pendingcap == 0)
		atexit(remove_pending);
	xgrow((void **)&pending, &pendingcap, npending + 1, sizeof *pending);
	pending[npending].tmp = tmp;
	pending[npending].path = xstrdup(path);
	npending++;
	return tsv_fdopen(fd, path);
}

void
tsv_publish(void)
{
	size_t i;

	for (i = 0; i < npending; i++)
		if (rename(pending[i].tmp, pending[i].path) != 0)
			die("%s: cannot rename: %s", pending[i].path,
			    strerror(errno));
	for (i = 0; i < npending; i++) {
		free(pending[i].tmp);
		free(pending[i].path);
	}
	npending = 0;
}

static void
flush(struct tsv *t)
{
	size_t off = 0;
	ssize_t w;

	sha256_add(&t->hash, t->buf, t->n);
	while (off < t->n && !t->err) {
		w = write(t->fd, t->buf + off, t->n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			t->err = errno;
		} else {
			off += (size_t)w;
		}
	}
	t->n = 0;
}

static inline void
put(struct tsv *t, const char *p, size_t n)
{
	if (t->n + n > t->cap) {
		flush(t);
		if (n > t->cap) {
			sha256_add(&t->hash, p, n);
			while (n && !t->err) {
				ssize_t w = write(t->fd, p, n);
				if (w < 0) {
					if (errno != EINTR)
						t->err = errno;
					continue;
				}
				p += w;
				n -= (size_t)w;
			}
			return;
		}
	}
	memcpy(t->buf + t->n, p, n);
	t->n += n;
}

void
tsv_raw(struct tsv *t, const void *p, size_t n)
{
	put(t, p, n);
}

static void
sep(struct tsv *t)
{
	if (!t->at_start)
		put(t, "\t", 1);
	t->at_start = 0;
}

void
tsv_field(struct tsv *t, const char *s, size_t len)
{
	size_t i, start = 0;
	char esc[2] = { '\\', 0 };

	sep(t);
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\t': esc[1] = 't'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\\': esc[1] = '\\'; break;
		default: continue;
		}
		put(t, s + start, i - start);
		put(t, esc, 2);
		start = i + 1;
	}
	put(t, s + start, len - start);
}

void
tsv_str(struct tsv *t, const char *s)
{
	tsv_field(t, s ? s : "", s ? strlen(s) : 0);
}

void
tsv_int(struct tsv *t, int64_t v)
{
	char b[24];
	char *p = b + sizeof b;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	sep(t);
	put(t, p, (size_t)(b + sizeof b - p));
}

void
tsv_money(struct tsv *t, int64_t kurus)
{
	char b[32];
	int n = money_format(kurus, b);

	sep(t);
	put(t, b, (size_t)n);
}

void
tsv_end(struct tsv *t)
{
	put(t, "\n", 1);
	t->at_start = 1;
	if (t->header_done)
		t->rows++;
	t->header_done = 1;
}

void
tsv_header(struct tsv *t, const char *const *names)
{
	t->header_done = 0;
	for (; *names; names++)
		tsv_str(t, *names);
	tsv_end(t);
}

void
tsv_abandon(struct tsv *t)
{
	if (!t)
		return;
	if (t->fd != 1 && t->fd != 0)
		close(t->fd);
	free(t->buf);
	free(t->name);
	free(t);
}

int
tsv_close(struct tsv *t, char hex[65], uint64_t *bytes, uint64_t *rows)
{
	int rc = 0;

	flush(t);
	if (t->fd != 1 && t->fd != 0) {
		if (close(t->fd) != 0 && !t->err)
			t->err = errno;
	}
	if (t->err) {
		error("%s: write error: %s", t->name, strerror(t->err));
		rc = -1;
	}
	if (bytes)
		*bytes = t->hash.bytes;
	if (rows)
		*rows = t->rows;
	if (hex)
		sha256_hex(&t->hash, hex);
	free(t->buf);
	free(t->name);
	free(t);
	return rc;
}
