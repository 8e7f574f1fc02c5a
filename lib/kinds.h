/*
 * kinds.h - the kinds of extract the toolchain loads, as data: each kind is
 * a table description (its columns, their types and validators), not a
 * function.  isas-ingest loads any kind through the same code; isas-formats(5)
 * documents every column (a test checks the page against this table).
 *
 * Every kind has a required `record_id`, the extract's own key for the row,
 * unique within one source.  The store table of kind K is `src_K`, with the
 * columns below plus `source`, `first_run` (the run that added the record),
 * `last_run` (the run that last changed or ended it), `ended` (the as-of day
 * a snapshot found it gone, NULL while present) and `invalid` (JSON: for
 * each optional column whose value failed its check, the raw text and the
 * reason; the typed column is then NULL, so the value is never trusted).
 */
#ifndef ISAS_KINDS_H
#define ISAS_KINDS_H

#include <stddef.h>
#include <stdint.h>

enum col_type {
	COL_TEXT,	/* any UTF-8 text, spaces trimmed */
	COL_INT,	/* whole number, within [min, max] */
	COL_DATE,	/* YYYY-MM-DD or DD.MM.YYYY, stored as YYYY-MM-DD */
	COL_MONTH,	/* YYYY-MM */
	COL_MONEY,	/* lira with up to two decimals, stored as kurus */
	COL_TCKN,	/* T.C. Kimlik No, check digits verified */
	COL_IBAN,	/* ISO 13616, stored without spaces, upper case */
	COL_SEX,	/* M/F, also E/K (erkek/kadin), male/female: M or F */
	COL_BOOL,	/* 1/0, true/false, yes/no, y/n, evet/hayir, e/h: 1 or 0 */
	COL_ENUM	/* one of a listed set of words, compared lower case */
};

/* Column flags. */
#define COL_REQUIRED	1u	/* missing or invalid: the row is rejected */
#define COL_KEY		2u	/* the record key (record_id) */
#define COL_NONNEG	4u	/* money: a negative amount is invalid */

struct col_def {
	const char *name;
	enum col_type type;
	unsigned flags;
	int64_t min, max;	/* COL_INT bounds (both 0: no bounds) */
	const char *values;	/* COL_ENUM: the words, separated by '|' */
	const char *doc;	/* one line for isas-formats(5) */
};

struct kind_def {
	const char *name;	/* "civil" */
	const char *doc;	/* one line */
	const struct col_def *col;
	size_t ncol;
	int person;		/* rows describe a person: names, birth date */
};

/* The kinds, in documentation order, and their number. */
extern const struct kind_def kinds[];
extern const size_t nkinds;

/* The kind named name, or NULL. */
const struct kind_def *kind_find(const char *name);

/* The index of column name in kind k, or -1. */
int kind_column(const struct kind_def *k, const char *name);

/* The SQL type used in the store for a column type ("TEXT", "INTEGER"). */
const char *col_sqltype(enum col_type t);

/* The name of a column type, for messages and docs ("date"). */
const char *col_typename(enum col_type t);

/*
 * A typed value, as check_value() leaves it: NULL (empty input), an
 * integer (COL_INT, COL_MONEY, COL_BOOL, and COL_MONTH as months since
 * year 0 is NOT used: months are text), or text (everything else, in
 * its normal form, in buf).
 */
enum typed_kind { TYPED_NULL, TYPED_INT, TYPED_TEXT };

struct typed {
	enum typed_kind kind;
	int64_t i;
	const char *text;	/* points into buf or into the input */
	size_t len;
	char buf[64];
};

/*
 * Checks and types the raw value s[0..len) of column c.  Leading and
 * trailing spaces are trimmed first; an empty value is TYPED_NULL and
 * returns NULL.  Returns NULL when the value is good, else a short
 * lower-case reason ("check digits do not match").
 */
const char *check_value(const struct col_def *c, const char *s, size_t len,
	struct typed *out);

#endif
