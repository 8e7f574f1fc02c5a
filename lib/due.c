/*
 * due.c - the households due to be decided again by the days alone; see
 * due.h.  Each statement finds the records one of whose dates the view
 * compares with the as-of day and that crossed it in (since, day]:
 *
 *	x <= :d, x > :d    becomes true or false on day x:    :s < x <= :d
 *	x >= :d            becomes false on day x + 1:        :s <= x < :d
 *	x >= :d - 400      becomes false on day x + 401:      :s401 < x <= :d401
 *	age(birth, :d)     changes on every birthday:          due_anniv()
 *
 * then the households of those records' persons (by valid national id or
 * by link) or the household the record names.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "due.h"
#include "err.h"
#include "params.h"
#include "store.h"
#include "value.h"

/* due_anniv(birth, since, day): 1 when an anniversary of birth falls in
 * (since, day], NULL for a date it cannot read. */
static void
fn_anniv(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *b = (const char *)sqlite3_value_text(argv[0]);
	int32_t born, since = sqlite3_value_int(argv[1]);
	int32_t day = sqlite3_value_int(argv[2]);
	int by, bm, bd, y, m, d, yy;

	(void)argc;
	if (!b || date_parse(b, strlen(b), &born) != 0) {
		sqlite3_result_null(cx);
		return;
	}
	if (day - since >= 366) {
		sqlite3_result_int(cx, 1);
		return;
	}
	date_to_ymd(born, &by, &bm, &bd);
	date_to_ymd(day, &y, &m, &d);
	/* The anniversaries of the year of day and of the year before (a
	 * window shorter than a year holds at most those); 29 February
	 * falls on 1 March in other years, as age() counts it. */
	for (yy = y - 1; yy <= y; yy++) {
		int32_t a;

		if (yy < by)
			continue;
		if (bm == 2 && bd == 29 && !date_valid_ymd(yy, 2, 29))
			a = date_from_ymd(yy, 3, 1);
		else
			a = date_from_ymd(yy, bm, bd);
		if (a > since && a <= day && a > born) {
			sqlite3_result_int(cx, 1);
			return;
		}
	}
	sqlite3_result_int(cx, 0);
}

/* Records of persons: (national_id, source, record_id) into temp.due_r. */
static const char *const person_records[] = {
	/* the civil registry: a birthday, a death */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_civil WHERE ended IS NULL AND (due_anniv(birth_date,"
	" :si, :di) OR (death_date > :s AND death_date <= :d))",
	/* insured work: a job starts or ends (and its 400 days run out) */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_sgk WHERE ended IS NULL AND ((start_date > :s"
	" AND start_date <= :d) OR (end_date >= :s AND end_date < :d)"
	" OR (end_date > :s AND end_date <= :d)"
	" OR (end_date > :s401 AND end_date <= :d401))",
	/* a medical report starts or ends */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_health WHERE ended IS NULL AND ((report_date > :s"
	" AND report_date <= :d) OR (valid_until >= :s AND valid_until < :d))",
	/* an asset acquired or disposed of */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_assets WHERE ended IS NULL AND ((acquired > :s"
	" AND acquired <= :d) OR (disposed > :s AND disposed <= :d))",
	/* an account opened or closed */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_bank WHERE ended IS NULL AND ((opened > :s"
	" AND opened <= :d) OR (closed > :s AND closed <= :d))",
	/* an application's day comes (and its 400 days run out) */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_application WHERE ended IS NULL AND ((application_date > :s"
	" AND application_date <= :d) OR (application_date > :s401"
	" AND application_date <= :d401))",
	/* a visit's day comes */
	"INSERT INTO temp.due_r SELECT national_id, source, record_id"
	" FROM src_visit WHERE ended IS NULL AND visit_date > :s"
	" AND visit_date <= :d",
	NULL
};

/* Households, into temp.due. */
static const char *const to_households[] = {
	"INSERT OR IGNORE INTO temp.due SELECT m.household_id"
	" FROM temp.due_r r JOIN person_nid n ON n.national_id ="
	" r.national_id JOIN member m ON m.person_id = n.person_id",
	"INSERT OR IGNORE INTO temp.due SELECT m.household_id"
	" FROM temp.due_r r JOIN link l ON l.source = r.source"
	" AND l.record_id = r.record_id JOIN member m"
	" ON m.person_id = l.person_id",
	/* visits name the household they were made to */
	"INSERT OR IGNORE INTO temp.due SELECT household_id FROM src_visit"
	" WHERE ended IS NULL AND household_id IS NOT NULL"
	" AND visit_date > :s AND visit_date <= :d",
	/* a board decision comes into force or ends */
	"INSERT OR IGNORE INTO temp.due SELECT household_id FROM src_board"
	" WHERE ended IS NULL AND ((meeting_date > :s AND meeting_date <= :d)"
	" OR (valid_until >= :s AND valid_until < :d))",
	/* conditional transfers continued after insured work start or end */
	"INSERT OR IGNORE INTO temp.due SELECT m.household_id"
	" FROM sanction_decision d JOIN member m ON m.person_id = d.person_id"
	" WHERE d.revoked_run IS NULL AND d.kind = 'incentive'"
	" AND ((d.from_date > :s AND d.from_date <= :d)"
	" OR (d.until_date >= :s AND d.until_date < :d))",
	/* a decision's last day passes */
	"INSERT OR IGNORE INTO temp.due SELECT household_id FROM assessment"
	" WHERE valid_until >= :s AND valid_until < :d",
	NULL
};

int32_t
due_last_scored(struct store *s)
{
	sqlite3_stmt *st;
	int32_t d = -1;

	st = store_prepare(s, "SELECT max(as_of) FROM run WHERE program ="
	    " 'isas-score' AND status = 'ok' AND run_id <> :run");
	store_bind_int(st, ":run", s->run_id);
	if (store_step(s, st, "cannot read the runs") == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (date_parse(t, strlen(t), &d) != 0)
			d = -1;
	}
	sqlite3_finalize(st);
	return d;
}

static void
run_list(struct store *s, const char *const *list, const char *const b[4],
    int32_t since, int32_t day)
{
	static const char *const names[] = { ":s", ":d", ":s401", ":d401" };
	size_t i, k;

	for (i = 0; list[i]; i++) {
		sqlite3_stmt *st = store_prepare(s, list[i]);

		for (k = 0; k < 4; k++)
			store_bind_text(st, names[k], b[k]);
		store_bind_int(st, ":si", since);
		store_bind_int(st, ":di", day);
		store_step(s, st, "cannot find the households due");
		sqlite3_finalize(st);
	}
}

int
due_households(struct store *s, const struct params *ps, int32_t since,
    int32_t day)
{
	char ds[11], dd[11], ds401[11], dd401[11];
	const char *b[4] = { ds, dd, ds401, dd401 };
	size_t i;

	store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS due"
	    " (household_id TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DROP TABLE IF EXISTS temp.due_r;"
	    "CREATE TEMP TABLE due_r (national_id TEXT, source TEXT,"
	    " record_id TEXT)");
	if (since >= day)
		return 0;
	/* A new month: the earnings window and the month's entitlements. */
	if (month_of_day(since) != month_of_day(day))
		return 1;
	/* A parameter taking effect. */
	for (i = 0; i < ps->n; i++)
		if (ps->p[i].from > since && ps->p[i].from <= day)
			return 1;
	if (sqlite3_create_function(s->db, "due_anniv", 3, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, fn_anniv, NULL, NULL) != SQLITE_OK)
		die("%s: %s", s->path, sqlite3_errmsg(s->db));
	date_format(since, ds);
	date_format(day, dd);
	date_format(since - 401, ds401);
	date_format(day - 401, dd401);
	run_list(s, person_records, b, since, day);
	run_list(s, to_households, b, since, day);
	store_exec(s, "DROP TABLE temp.due_r");
	return 0;
}
