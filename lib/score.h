/*
 * score.h - one programme's rules, compiled into one read-only SQLite
 * statement over the household view (or the person view), evaluated
 * household by household into decisions with their reasons and their
 * explanation.  See isas-rules(5).
 *
 * A rule that cannot be evaluated for a household (no value, a value of
 * the wrong kind, an error inside a function) makes that household's
 * outcome an error that names the rule, its line and the household:
 * never a default, never a silent skip.
 */
#ifndef ISAS_SCORE_H
#define ISAS_SCORE_H

#include <stdint.h>

#include <sqlite3.h>

#include "buf.h"
#include "params.h"
#include "rules.h"
#include "store.h"

enum decision {
	DEC_ELIGIBLE,
	DEC_NOT_ELIGIBLE,
	DEC_REVIEW,
	DEC_ERROR
};

/* "eligible", "not_eligible", "review", "error". */
const char *decision_word(enum decision d);

/* What a column of the explanation holds. */
struct xcol {
	const char *what;	/* "input", "param", or a rule keyword, or "score" */
	const char *name;
	const char *weight;	/* terms: the weight as written */
	double w;
	uint64_t line;		/* rules: the line in the rule file */
};

struct outcome {
	char *household_id;
	char *person_id;	/* "" for household programmes */
	int has_score;
	double score;
	enum decision computed;	/* what the rules decided */
	enum decision decision;	/* final: the board's when it decided */
	int has_amount;
	int64_t amount;		/* minor units */
	int has_duration;
	int64_t duration;	/* days */
	char valid_until[11];	/* "" when open-ended */
	int applied;
	int entitled;		/* an entitlement is due for the period */
	char *board_ref;	/* NULL unless the board decided */
	struct buf reasons;	/* comma-separated codes */
	struct buf explain;	/* JSON array: one value per xcol */
	struct buf error;	/* the message when decision is DEC_ERROR */
};

struct scorer;

/*
 * Compiles programme g of rules r for the as-of day over the view of its
 * unit, binding the parameters in force that day from ps, and :period to
 * period (NULL: the as-of month).  Problems are
 * reported (rule file:line: what is wrong); returns NULL when there was
 * any.  The views' tables (lib/hview.c) must exist.
 */
struct scorer *scorer_new(struct store *s, const struct rules *r,
	const struct programme *g, const struct params *ps, int32_t day,
	const char *period);

/* The explanation's columns. */
const struct xcol *scorer_columns(const struct scorer *sc, size_t *n);

/*
 * The next household (or claimant) in order of household_id, person_id.
 * Returns 1 with *o filled (an error outcome included), or 0 at the end.
 * o must be zeroed before its first use; its buffers are reused.
 */
int scorer_next(struct scorer *sc, struct outcome *o);

void scorer_free(struct scorer *sc);
void outcome_release(struct outcome *o);

#endif
