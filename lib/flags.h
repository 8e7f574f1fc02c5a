/*
 * flags.h - the automatic audit list ("unusual case detection",
 * REFERENCE §1): the cases an auditor must look at, kept in table flag of
 * the store, one row per kind and entity, from night to night.
 *
 * Each refresh computes, set-based in SQL, the current set of flags, each
 * with its evidence, and merges it into the table:
 *
 *	new (kind, entity)                 inserted open
 *	found again, was open              stays open
 *	found again, was closed            stays closed when its evidence is
 *	                                   the same, else opened again (the
 *	                                   auditor's note is kept)
 *	found again, was gone              opened again
 *	not found, was open or closed      gone
 *
 * first_run is the run that found a flag first, last_run the last run that
 * found it, status_run the run that last changed its status.  An auditor
 * closes a flag with a note (flags_close); a flag is never deleted.
 *
 * The kinds, their entities and evidence (money in lira with two
 * decimals, lists sorted, at most ten items then "…"):
 *
 *   deceased_paid        person:P  death_date=D payments=N amount=A
 *                                  last_period=M
 *	A payment (issued or confirmed, above 0) to P as payee or as the
 *	person of a person-programme payment, of a period after the month
 *	of P's death (the earliest death date of P's live civil records).
 *   earnings_above       person:P  programmes=X,Y earnings=A
 *                                  sgk_period=M employer=E,F
 *	P is a member of a household paid for the period, or the person of
 *	a person-programme payment of the period, has insured work open on
 *	the as-of day (a social security spell of status employed or
 *	self_employed), and earned at least flag_earnings_threshold (in
 *	force in that month) in the latest month of premiums, up to the
 *	period.  Payments of the employment incentives (job-seeking-aid,
 *	start-up-payment), which reward work, do not count.
 *   shared_iban          iban:I    households=N: H1 H2 ...
 *	One account for more than one household: the accounts of payments
 *	(but those rejected or returned), of live applications (the
 *	applicant's household) and of the bank registry's accounts open on
 *	the as-of day (the holder's household).
 *   shared_phone         phone:T   households=N: H1 H2 ...
 *	One telephone number on live applications of more than one
 *	household; T is the number's digits, a Turkish number as its ten
 *	national digits (0532 123 45 67 and +90 532 123 45 67 are one).
 *   two_households       person:P  member=H civil=H1,H2 paid_for=H3
 *	P's live civil records name more than one household, or P is the
 *	payee of a payment of the period for a household other than P's
 *	own ("-" for an empty part).
 *   paid_after_sanction  household:H:PROG or person:P:PROG
 *                                  decision=D from=F until=U periods=M,...
 *                                  payments=N amount=A
 *	A payment (issued or confirmed, above 0, not a recovery) of PROG
 *	for a month whose first day lies within a suspension or stop in
 *	force (from_date to until_date, both included; "until=open" when
 *	open-ended).  A decision of household scope matches the payments of
 *	its household (the one it names and the person's household now);
 *	any other matches the payments whose person is the decision's.
 *   unlinked_in_paid     household:H  review_pairs=N unlinked_records=M
 *	H is paid for the period and has pairs of the last clerical-review
 *	list that hold a record of one of its members, or live civil or
 *	visit records naming H that belong to no person (for a visit: one
 *	that names a person by a national id that has none).
 *   large_change         household:H  previous=A current=B change_pct=C
 *	H's total of the period (payments issued, confirmed or booked, all
 *	kinds, recoveries included) differs from its total of the month
 *	before by at least flag_change_pct percent of it and at least
 *	flag_change_min; H must have been paid the month before (a total
 *	above 0) and have a payment of the period.  C is rounded half away
 *	from zero.
 */
#ifndef ISAS_FLAGS_H
#define ISAS_FLAGS_H

#include <stdint.h>

#include "params.h"
#include "store.h"

struct flags_count {
	uint64_t found;		/* flags in the current set */
	uint64_t opened;	/* new flags */
	uint64_t reopened;	/* gone or closed flags opened again */
	uint64_t gone;		/* flags not found any more */
	uint64_t closed_by_note;	/* flags an auditor closed */
};

/*
 * Checks that the parameters the flags use are in force on day (the
 * as-of day): flag_earnings_threshold, flag_change_pct (a whole number)
 * and flag_change_min.  Tells each one missing ("prog: PATH: no parameter
 * NAME in force on DAY") or of the wrong type ("prog: PATH:LINE: NAME: not
 * an amount (unit money)") and returns their number.
 */
int flags_check_params(const struct params *ps, int32_t day);

/*
 * Recomputes the audit list for the as-of day (as_of "YYYY-MM-DD", day
 * its day number as store_as_of() gives) and the pay period `period`
 * ("YYYY-MM"; the caller passes --period or, by default, the latest
 * period in table payment, or NULL when there are no payments: then only
 * the flags that need no period are computed, and those that do are
 * gone).  s is open STORE_WRITE with a run begun (s->run_id); ps are the
 * dated parameters (dies when flags_check_params() finds one missing).
 * Merges the current set into table flag, as above, and adds to n->found,
 * n->opened, n->reopened and n->gone (the caller zeroes *n first).
 * Deterministic: the same store, day and period give the same rows, and
 * new flags are numbered in the order of their kind and entity.
 */
void flags_refresh(struct store *s, const char *as_of, int32_t day,
	const char *period, const struct params *ps, struct flags_count *n);

/*
 * Applies an auditor's decisions from the file at path ("-" for stdin,
 * TSV or CSV, gzip or plain): a header line with the columns flag_id,
 * status and note, then one line per flag; status is "closed" or "open";
 * a note is required to close.  A line sets the flag's status, its note
 * (an empty note keeps the one it has) and status_run to the run; a line
 * that would change nothing changes nothing; a later line for the same
 * flag wins.  A flag closed here stays closed at the next refresh as long
 * as its evidence does not change.  Each bad line (unknown flag id, bad
 * status, a closing without a note, an unreadable line) is told as
 * "prog: PATH:LINE: what is wrong" and skipped; a file without the three
 * columns is told at line 1 and nothing is applied.  Adds the closures
 * to n->closed_by_note and the flags opened again to n->reopened, and
 * records the file as an input of the run.  Returns the number of bad
 * lines.  Exits with status 2 when the file cannot be read.
 */
uint64_t flags_close(struct store *s, const char *path,
	struct flags_count *n);

#endif
