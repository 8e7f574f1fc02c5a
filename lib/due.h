/*
 * due.h - the households whose decisions may change with the passing of
 * days alone, for a night that decides only what changed.
 *
 * A household's view (hview.c) depends on the as-of day as well as on its
 * records: a member's age, a job, a medical report, an asset, an account,
 * a board decision, an employment-link decision in force or not, the
 * 400-day window of unemployment insurance, a decision's valid_until.
 * Between two nights, on the days (since, day], such a date passes for a
 * few households; they are due to be decided again though none of their
 * records changed.  When the month changes (the earnings window, the
 * month's entitlements), or a dated parameter takes effect, every
 * household is due.
 *
 * Every date condition of the view has its mirror here; a new one in the
 * view needs one here (check-incremental finds the omission).  A rule that
 * uses :as_of in a way the view does not shows is not covered: such rules
 * need isas-score --all.
 */
#ifndef ISAS_DUE_H
#define ISAS_DUE_H

#include <stdint.h>

struct store;
struct params;

/*
 * The as-of day of the store's last successful isas-score run before the
 * current one, or -1 when there is none.
 */
int32_t due_last_scored(struct store *s);

/*
 * Fills temp.due (household_id TEXT PRIMARY KEY), created if need be, with
 * the households due between the days since (exclusive) and day
 * (inclusive).  Returns 1 when every household is due (nothing is
 * inserted then: the caller decides them all), 0 otherwise.  since >= day
 * leaves nothing due.
 */
int due_households(struct store *s, const struct params *ps, int32_t since,
    int32_t day);

#endif
