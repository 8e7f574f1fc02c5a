/*
 * tsv.h - the TSV writer every program uses for its streams and lists.
 *
 * One header line, then rows.  Values are escaped so that they round-trip
 * through input_open(): a tab becomes \t, a newline \n, a carriage return
 * \r and a backslash \\.  Output is block buffered; the SHA-256 and the
 * byte and row counts of what was written are kept for the run record.
 * A write error is remembered and reported by tsv_close(), which never
 * leaves it unnoticed.
 */
#ifndef ISAS_TSV_H
#define ISAS_TSV_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

struct tsv {
	int fd;
	char *name;		/* for messages: the path or "-" */
	char *buf;
	size_t n, cap;
	int err;		/* errno of the first failed write, or 0 */
	int at_start;		/* no field yet in the current row */
	uint64_t rows;		/* rows ended, the header not counted */
	int header_done;
	struct sha256 hash;
};

/*
 * Opens path for writing ("-" is stdout), created with mode 0600 and
 * truncated.  Prints a message and returns NULL when it cannot.  Free
 * with tsv_close().
 */
struct tsv *tsv_open(const char *path);

/*
 * Opens a temporary file beside path (path.tmpXXXXXX, mode 0600) for a
 * file that is to appear whole or not at all: tsv_publish() renames every
 * such file to its path once the run has committed; a program that exits
 * before that removes them.  The name in messages is path.  Prints a
 * message and returns NULL when it cannot.  A path that exists and is not
 * a regular file (/dev/null, a FIFO, a terminal) is written directly, as
 * by tsv_open: renaming over it would replace the device with a file.
 */
struct tsv *tsv_open_pending(const char *path);

/* Renames the pending files to their paths; dies when one cannot be. */
void tsv_publish(void);

/* Wraps an open file descriptor (not closed by tsv_close when it is 1). */
struct tsv *tsv_fdopen(int fd, const char *name);

/* Writes the header line: the NULL-terminated list of column names. */
void tsv_header(struct tsv *t, const char *const *names);

/* Appends one escaped field of the current row. */
void tsv_field(struct tsv *t, const char *s, size_t len);
void tsv_str(struct tsv *t, const char *s);	/* NULL writes empty */
void tsv_int(struct tsv *t, int64_t v);
void tsv_money(struct tsv *t, int64_t kurus);	/* "1234.50" */

/* Ends the current row. */
void tsv_end(struct tsv *t);

/* Appends raw bytes, unescaped (for copying a finished stream). */
void tsv_raw(struct tsv *t, const void *p, size_t n);

/*
 * Closes and frees t without writing what it still holds: for the other
 * outputs of a run that failed.
 */
void tsv_abandon(struct tsv *t);

/*
 * Flushes, closes and frees t.  Returns 0, or -1 after printing
 * "prog: name: write error: reason" when any write failed.  When hex is
 * not NULL it gets the SHA-256 of all bytes written.
 */
int tsv_close(struct tsv *t, char hex[65], uint64_t *bytes, uint64_t *rows);

#endif
