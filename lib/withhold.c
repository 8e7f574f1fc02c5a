/*
 * withhold.c - the sanctions' effect on entitlements (see withhold.h).
 * Set-based: two statements over the entitlements of the period.
 */
#include "withhold.h"

long long
withhold_apply(struct store *st, const char *period)
{
	sqlite3_stmt *s;
	long long n;

	s = store_prepare(st, "UPDATE entitlement SET withheld = 0,"
	    " withheld_by = NULL WHERE (withheld <> 0 OR withheld_by IS NOT"
	    " NULL) AND (?1 IS NULL OR period = ?1)");
	if (period)
		sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	store_step(st, s, "cannot clear what sanctions withhold");
	sqlite3_finalize(s);

	s = store_prepare(st, "WITH d AS (SELECT decision_id, programme,"
	    " person_id, scope, from_date, until_date,"
	    " coalesce((SELECT household_id FROM member m WHERE m.person_id ="
	    " sanction_decision.person_id), household_id) AS household_id"
	    " FROM sanction_decision WHERE revoked_run IS NULL AND"
	    " ((kind = 'suspension' AND programme = 'regular') OR"
	    " (kind IN ('stop', 'suspension') AND programme = 'unemployment'))),"
	    " w AS (SELECT e.household_id AS h, e.programme AS p,"
	    " e.person_id AS pe, e.period AS per,"
	    " min(e.amount, sum(CASE WHEN d.scope = 'person' AND"
	    " coalesce(hh.size, 0) > 0 THEN (2 * e.amount + hh.size) /"
	    " (2 * hh.size) ELSE e.amount END)) AS amt,"
	    " min(d.decision_id) AS by"
	    " FROM entitlement e JOIN d ON d.programme = e.programme AND"
	    " d.from_date <= e.period || '-01' AND (d.until_date IS NULL OR"
	    " d.until_date >= e.period || '-01') AND"
	    " ((d.programme = 'regular' AND d.household_id = e.household_id) OR"
	    " (d.programme = 'unemployment' AND d.person_id = e.person_id))"
	    " LEFT JOIN household hh ON hh.household_id = e.household_id"
	    " WHERE (?1 IS NULL OR e.period = ?1) AND e.amount > 0"
	    " GROUP BY 1, 2, 3, 4)"
	    " UPDATE entitlement SET withheld = w.amt, withheld_by = w.by"
	    " FROM w WHERE entitlement.household_id = w.h AND"
	    " entitlement.programme = w.p AND entitlement.person_id = w.pe AND"
	    " entitlement.period = w.per");
	if (period)
		sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	store_step(st, s, "cannot mark what sanctions withhold");
	n = sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return n;
}
