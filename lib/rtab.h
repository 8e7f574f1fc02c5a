#ifndef ISAS_RTAB_H
#define ISAS_RTAB_H

/*
 * rtab - a report's table, written as TSV (streamed: a header line, then
 * a line per row, as isas-formats(5) describes) or as a text table for
 * people (kept in memory until the end, to size the columns).
 *
 * In text, numbers are right-aligned with thousands separators and money
 * is shown in lira with two decimals; the title, the notes and, for a
 * table of persons, a warning that it is for operators only, come first.
 * In TSV the values are as the streams have them (money "1234.50"), and a
 * person-level table begins with one comment line ("# ..."), the only
 * thing that says what it is once the file is out of the program's hands.
 */

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "tsv.h"

enum rtab_format { RTAB_TSV, RTAB_TEXT };

enum rtab_type {
	RTAB_STR,		/* text, left-aligned */
	RTAB_INT,		/* a count */
	RTAB_MONEY,		/* kuruş */
	RTAB_PERMILLE		/* tenths of a percent, shown "13.8" */
};

struct rtab_col {
	const char *name;
	enum rtab_type type;
};

#define RTAB_PERSONS "person-level data: for operators, not for publication"

struct rtab {
	enum rtab_format format;
	const struct rtab_col *col;
	size_t ncol;
	struct tsv *out;
	size_t at;		/* column of the next cell */
	/* text: */
	struct buf title;	/* title, then notes, one per line */
	char **cell;		/* rows * ncol cells, NULL for empty */
	size_t ncell, cap;
};

/*
 * Begins a table of the columns col[0..ncol) on out.  person_level puts
 * the operators' warning first; title and note (either may be NULL) head
 * the text table only.
 */
void rtab_begin(struct rtab *r, enum rtab_format format, struct tsv *out,
	const struct rtab_col *col, size_t ncol, int person_level,
	const char *title, const char *note);

/* The next cell of the row, by the column's type; NULL or "" is empty. */
void rtab_str(struct rtab *r, const char *s);
void rtab_int(struct rtab *r, int64_t v);
void rtab_empty(struct rtab *r);
void rtab_end(struct rtab *r);

/* Adds a note line under the title (text only; before rtab_finish). */
void rtab_note(struct rtab *r, const char *note);

/* Writes what is kept (text) and frees the table. */
void rtab_finish(struct rtab *r);

#endif
