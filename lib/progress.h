/*
 * progress.h - how far a long step has gone, for the operator watching it.
 *
 * Shown only to a terminal: on standard error when it is one, or on the
 * descriptor named by ISAS_PROGRESS_FD when that is one (isas-nightly sends
 * the programs' messages to its log and their progress to its terminal).
 * ISAS_PROGRESS=0 turns it off.  In cron, in pipes and in the tests nothing
 * is written, so no output or message ever depends on it or on the clock
 * it reads.
 *
 *	struct progress p;
 *	progress_begin(&p, "civil.csv", "records", total_bytes);
 *	while (...) progress_step(&p, 1, bytes_read_so_far);
 *	progress_end(&p);
 *
 * The line is redrawn at most four times a second: "isas-ingest:
 * civil.csv: 1,234,567 records, 250,000/s, 45 %", the percentage when the
 * total is known (of units, or of bytes when the caller gives a position).
 * progress_end leaves the last line with the elapsed time.  A unit of ""
 * makes a phase: "isas-match: linking ..." while it runs, then
 * "isas-match: linking: 3.2 s".
 */
#ifndef ISAS_PROGRESS_H
#define ISAS_PROGRESS_H

#include <stdint.h>

struct progress {
	int fd;			/* -1: not shown */
	char what[64];
	char unit[24];
	int64_t total;		/* of pos (or of count when pos is unused); <= 0 unknown */
	int64_t count;
	int64_t pos;		/* -1 unused */
	int64_t next_check;	/* count at which the clock is read again */
	double start, last;
};

/* The descriptor progress goes to, or -1 (decided once per process). */
int progress_fd(void);

/* Starts a step called what (a file name, a phase), counting unit; total
 * is the count (or position) at the end, 0 or less when not known. */
void progress_begin(struct progress *p, const char *what, const char *unit,
    int64_t total);

/* n more units done; pos, when not negative, the position reached (bytes
 * of a file) that the percentage is of. */
void progress_step(struct progress *p, int64_t n, int64_t pos);

/* The final line, with the elapsed time; a no-op when not shown. */
void progress_end(struct progress *p);

#endif
