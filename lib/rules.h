/*
 * rules.h - the rule file: programmes, their eligibility and amounts, and
 * the proxy-means models, as data.  See isas-rules(5).
 *
 *	version = tr-2026.11
 *	params = params.tsv
 *
 *	[programme regular]
 *	title = Regular social assistance
 *	unit = household
 *	application = required
 *	pays = yes
 *	gate NO_VISIT = visit_date IS NOT NULL
 *	intercept = 39.84
 *	term wall = 6.50 * wall
 *	cutoff = :pmt_cutoff
 *	require PMT_ABOVE_CUTOFF = score <= cutoff
 *	amount = :regular_per_member * size
 *
 * This module reads the text; lib/score.c turns each programme into one
 * read-only SQLite statement over the household (or person) view.
 */
#ifndef ISAS_RULES_H
#define ISAS_RULES_H

#include <stddef.h>
#include <stdint.h>

enum rule_kind {
	R_GATE,		/* gate CODE = cond: false ends the assessment, CODE */
	R_LET,		/* let name = expr: a named value */
	R_MAP,		/* map name = expr, then "key value" lines */
	R_TERM,		/* term name = weight * expr: a score term */
	R_CUTOFF,	/* cutoff = expr */
	R_REQUIRE,	/* require CODE = cond: false means not eligible, CODE */
	R_REVIEW,	/* review CODE = cond: true sends it to the board, CODE */
	R_NOTE,		/* note CODE = cond: true adds CODE to the reasons */
	R_AMOUNT,	/* amount = expr, whole minor units */
	R_DURATION	/* duration = expr, days the entitlement lasts */
};

struct map_entry {
	char *key;		/* an SQL literal: 12, 1.5 or 'word' */
	char *value;		/* a number as written */
};

struct rule {
	enum rule_kind kind;
	char *name;		/* the name or CODE; NULL for cutoff, amount, duration */
	char *expr;		/* SQL expression text */
	char *weight;		/* R_TERM: the weight as written */
	double w;
	struct map_entry *map;	/* R_MAP */
	size_t nmap;
	uint64_t line;
};

struct programme {
	char *name;
	char *title;
	int person;		/* unit = person (else household) */
	int application;	/* application = required */
	int pays;		/* pays = yes: entitlements for isas-payfile */
	int has_score;		/* an intercept was given */
	char *intercept;	/* as written */
	double icpt;
	struct rule *rule;
	size_t nrule;
	uint64_t line;
};

struct rules {
	char *path;
	char sha256[65];
	char *text;		/* the whole file, as read */
	size_t len;
	char *version;
	char *params;		/* the params path, resolved against the file's folder */
	struct programme *prog;
	size_t nprog;
};

/*
 * Reads and checks the syntax of a rule file.  Every problem is reported
 * (file:line: what is wrong); returns NULL when there was any.
 */
struct rules *rules_load(const char *path);

/* The programme named name, or NULL. */
const struct programme *rules_find(const struct rules *r, const char *name);

/* The keyword of a rule kind ("gate", "let", ...). */
const char *rule_keyword(enum rule_kind k);

void rules_free(struct rules *r);

#endif
