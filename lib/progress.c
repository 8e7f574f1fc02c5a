/*
 * progress.c - a redrawn status line on a terminal; see progress.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "progress.h"
#include "value.h"

static int fd_cached = -2;

int
progress_fd(void)
{
	const char *e;

	if (fd_cached != -2)
		return fd_cached;
	fd_cached = -1;
	e = getenv("ISAS_PROGRESS");
	if (e && strcmp(e, "0") == 0)
		return fd_cached;
	e = getenv("ISAS_PROGRESS_FD");
	if (e && *e) {
		char *end;
		long v = strtol(e, &end, 10);

		if (*end == '\0' && v >= 0 && v < 1024 && isatty((int)v))
			fd_cached = (int)v;
		return fd_cached;
	}
	if (isatty(2))
		fd_cached = 2;
	return fd_cached;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
draw(struct progress *p, int final)
{
	char line[256], c[32], r[32];
	double t = now() - p->start;
	int64_t of = p->pos >= 0 ? p->pos : p->count;
	int n;

	int_grouped(p->count, c);
	if (!p->unit[0]) {
		/* A phase: its name while it runs, then its time. */
		if (final)
			n = snprintf(line, sizeof line, "\r%s: %s: %.1f s\033[K\n",
			    err_progname(), p->what, t);
		else
			n = snprintf(line, sizeof line, "\r%s: %s ...\033[K",
			    err_progname(), p->what);
	} else if (final) {
		n = snprintf(line, sizeof line, "\r%s: %s: %s %s in %.1f s\033[K\n",
		    err_progname(), p->what, c, p->unit, t);
	} else {
		int_grouped(t > 0 ? (int64_t)(p->count / t) : 0, r);
		n = snprintf(line, sizeof line, "\r%s: %s: %s %s, %s/s",
		    err_progname(), p->what, c, p->unit, r);
		if (p->total > 0 && n > 0 && (size_t)n < sizeof line)
			n += snprintf(line + n, sizeof line - (size_t)n, ", %d %%",
			    (int)(of * 100 / p->total > 100 ? 100 :
			    of * 100 / p->total));
		if (n > 0 && (size_t)n < sizeof line)
			n += snprintf(line + n, sizeof line - (size_t)n, "\033[K");
	}
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line)
		n = (int)sizeof line - 1;
	/* A terminal that went away is not worth a message. */
	if (write(p->fd, line, (size_t)n) < 0)
		p->fd = -1;
}

void
progress_begin(struct progress *p, const char *what, const char *unit,
    int64_t total)
{
	memset(p, 0, sizeof *p);
	p->fd = progress_fd();
	snprintf(p->what, sizeof p->what, "%s", what);
	snprintf(p->unit, sizeof p->unit, "%s", unit);
	p->total = total;
	p->pos = -1;
	p->next_check = 1024;
	if (p->fd >= 0) {
		p->start = p->last = now();
		if (!p->unit[0])
			draw(p, 0);
	}
}

void
progress_step(struct progress *p, int64_t n, int64_t pos)
{
	double t;

	p->count += n;
	if (pos >= 0)
		p->pos = pos;
	if (p->fd < 0 || p->count < p->next_check)
		return;
	p->next_check = p->count + 1024;
	t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	draw(p, 0);
}

void
progress_end(struct progress *p)
{
	if (p->fd >= 0)
		draw(p, 1);
	p->fd = -1;
}
