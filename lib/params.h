/*
 * params.h - dated parameters: the figures of policy (minimum wage,
 * thresholds, rates, amounts), each with the day from which it holds.
 *
 * The file is TSV with a header: name, value, valid_from, and optionally
 * unit and note.  A row holds from its valid_from until the next row of the
 * same name.  unit "money" reads the value as an amount (two decimals at
 * most) and keeps it in minor units (kuruş); any other unit keeps a whole
 * number as an integer and a decimal as a real.  Lines whose name starts
 * with '#' are comments.  See isas-rules(5).
 */
#ifndef ISAS_PARAMS_H
#define ISAS_PARAMS_H

#include <stddef.h>
#include <stdint.h>

enum param_type {
	PARAM_INT,		/* a whole number (money in minor units too) */
	PARAM_REAL		/* a decimal number */
};

struct param {
	char *name;
	int32_t from;		/* valid from this day */
	enum param_type type;
	int64_t i;
	double r;
	char *text;		/* the value as written */
	int money;		/* unit "money": i is in minor units */
	uint64_t line;
};

struct params {
	char *path;
	char sha256[65];
	uint64_t bytes;
	struct param *p;	/* sorted by name, then from */
	size_t n;
};

/*
 * Reads a parameter file.  Every bad line is reported (file:line: what is
 * wrong); returns NULL when there was any, or when the file cannot be
 * read (reported too).
 */
struct params *params_load(const char *path);

/* The row of name in force on day, or NULL when none is. */
const struct param *params_at(const struct params *ps, const char *name,
	int32_t day);

/* 1 when the file has a row named name, whatever its date. */
int params_has(const struct params *ps, const char *name);

void params_free(struct params *ps);

#endif
