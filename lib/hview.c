/*
 * hview.c - the household and person views, and the rules' SQL
 * functions.  See hview.h and isas-rules(5).
 *
 * Every figure is computed by set-based SQL in the temp schema, driven
 * from the households asked for (temp.want) through their members, so a
 * night that re-scores a few households reads only their records.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hview.h"
#include "value.h"

const char *const hview_hh_columns[] = {
	"household_id", "origin", "province", "district", "size",
	"members_0_5", "members_6_17", "members_18_55", "members_18_64",
	"members_65_plus", "members_unknown_age", "deceased",
	"head_sex", "head_age", "head_education", "head_marital_status",
	"disabled", "max_disability_pct", "chronic_ill", "working", "retired",
	"income_sgk", "income_tax", "income_rent", "income_assets",
	"income_registry", "income_per_capita", "dwellings_owned", "vehicles",
	"vehicle_value", "bank_balance", "enrolled", "min_attendance_pct",
	"visit_date", "dwelling", "wall", "water", "rooms", "visit_size",
	"visit_recommendation", "benefit_programmes", "benefit_amount",
	"employment_continued", NULL
};

const char *const hview_pv_columns[] = {
	"household_id", "person_id", "household_size", "age", "sex",
	"termination_date", "end_reason", "spell_days", "premium_days_3y",
	"earnings_4m", "premium_days_4m", "employed_now", "pension_date", NULL
};

/* ------------------------------------------------------------ functions */

static int
arg_day(sqlite3_context *cx, sqlite3_value *v, int32_t *day, const char *fn)
{
	const unsigned char *t = sqlite3_value_text(v);
	char msg[96];

	if (sqlite3_value_type(v) == SQLITE_NULL)
		return 1;
	if (!t || date_parse((const char *)t, (size_t)sqlite3_value_bytes(v),
	    day) != 0) {
		snprintf(msg, sizeof msg, "%s(): not a date", fn);
		sqlite3_result_error(cx, msg, -1);
		return -1;
	}
	return 0;
}

/* pct(amount, percent): amount × percent / 100, whole minor units. */
static void
fn_pct(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	double p;
	int64_t a, ppm;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
		sqlite3_result_error(cx, "pct(): the amount is not a whole"
		    " number of minor units", -1);
		return;
	}
	a = sqlite3_value_int64(argv[0]);
	p = sqlite3_value_double(argv[1]);
	if (!isfinite(p) || fabs(p) > 1e6) {
		sqlite3_result_error(cx, "pct(): not a percentage", -1);
		return;
	}
	/* The percentage to six decimals: exact for any rate written with six
	 * decimals or fewer. */
	ppm = llround(p * 1e6);
	sqlite3_result_int64(cx, money_pct_ppm(a, ppm));
}

/* divround(a, b): a / b rounded half away from zero, whole numbers. */
static void
fn_divround(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int64_t a, b;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER ||
	    sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
		sqlite3_result_error(cx, "divround(): takes whole numbers", -1);
		return;
	}
	a = sqlite3_value_int64(argv[0]);
	b = sqlite3_value_int64(argv[1]);
	if (b == 0) {
		sqlite3_result_error(cx, "divround(): division by zero", -1);
		return;
	}
	sqlite3_result_int64(cx, money_divround(a, b));
}

/* days(from, to): whole days from one date to the other. */
static void
fn_days(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int32_t a, b;
	int ra = arg_day(cx, argv[0], &a, "days");
	int rb = ra < 0 ? -1 : arg_day(cx, argv[1], &b, "days");

	if (ra < 0 || rb < 0 || ra || rb)
		return;
	sqlite3_result_int64(cx, (int64_t)b - a);
}

/* age(born, on): whole years; NULL when born is after on. */
static void
fn_age(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int32_t a, b;
	int ra = arg_day(cx, argv[0], &a, "age");
	int rb = ra < 0 ? -1 : arg_day(cx, argv[1], &b, "age");

	if (ra < 0 || rb < 0 || ra || rb || a > b)
		return;
	sqlite3_result_int64(cx, date_age(a, b));
}

/* param(name, day): the parameter in force on that day. */
static void
fn_param(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct params *ps = sqlite3_user_data(cx);
	const unsigned char *name = sqlite3_value_text(argv[0]);
	const struct param *p;
	int32_t day;
	char msg[160];

	if (!name) {
		sqlite3_result_error(cx, "param(): no name", -1);
		return;
	}
	if (arg_day(cx, argv[1], &day, "param") != 0) {
		if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
			return;
		return;
	}
	p = params_at(ps, (const char *)name, day);
	if (!p) {
		snprintf(msg, sizeof msg, "param(): no parameter %.60s in force"
		    " on %.10s", name, sqlite3_value_text(argv[1]));
		sqlite3_result_error(cx, msg, -1);
		return;
	}
	if (p->type == PARAM_INT)
		sqlite3_result_int64(cx, p->i);
	else
		sqlite3_result_double(cx, p->r);
}

void
hview_functions(sqlite3 *db, const struct params *ps)
{
	int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(db, "pct", 2, f, NULL, fn_pct, NULL, NULL) ||
	    sqlite3_create_function(db, "divround", 2, f, NULL, fn_divround,
	    NULL, NULL) ||
	    sqlite3_create_function(db, "days", 2, f, NULL, fn_days, NULL,
	    NULL) ||
	    sqlite3_create_function(db, "age", 2, f, NULL, fn_age, NULL, NULL) ||
	    sqlite3_create_function(db, "param", 2, f, (void *)ps, fn_param,
	    NULL, NULL))
		die("cannot register the rules' functions: %s",
		    sqlite3_errmsg(db));
}

/* --------------------------------------------------------------- schema */

static const char schema[] =
	"CREATE TEMP TABLE want (household_id TEXT PRIMARY KEY) WITHOUT ROWID;"
	"CREATE TEMP TABLE pprog (programme TEXT PRIMARY KEY) WITHOUT ROWID;"
	"CREATE TEMP TABLE mp (person_id TEXT PRIMARY KEY,"
	" household_id TEXT NOT NULL, relationship TEXT) WITHOUT ROWID;"
	"CREATE TEMP TABLE mnid (national_id TEXT PRIMARY KEY,"
	" person_id TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX temp.mnid_person ON mnid(person_id);"
	"CREATE TEMP TABLE mlink (kind TEXT NOT NULL, source TEXT NOT NULL,"
	" record_id TEXT NOT NULL, person_id TEXT NOT NULL,"
	" PRIMARY KEY (kind, source, record_id)) WITHOUT ROWID;"
	"CREATE TEMP TABLE pciv (person_id TEXT PRIMARY KEY, sex TEXT,"
	" birth_date TEXT, death_date TEXT, education TEXT,"
	" marital_status TEXT) WITHOUT ROWID;"
	"CREATE TEMP TABLE hh (household_id TEXT PRIMARY KEY, origin TEXT,"
	" province INTEGER, district TEXT, size INTEGER,"
	" members_0_5 INTEGER, members_6_17 INTEGER, members_18_55 INTEGER,"
	" members_18_64 INTEGER, members_65_plus INTEGER,"
	" members_unknown_age INTEGER, deceased INTEGER,"
	" head_sex TEXT, head_age INTEGER, head_education TEXT,"
	" head_marital_status TEXT, disabled INTEGER,"
	" max_disability_pct INTEGER, chronic_ill INTEGER, working INTEGER,"
	" retired INTEGER, income_sgk INTEGER, income_tax INTEGER,"
	" income_rent INTEGER, income_assets INTEGER, income_registry INTEGER,"
	" income_per_capita INTEGER, dwellings_owned INTEGER,"
	" vehicles INTEGER, vehicle_value INTEGER, bank_balance INTEGER,"
	" enrolled INTEGER, min_attendance_pct INTEGER, visit_date TEXT,"
	" dwelling TEXT, wall INTEGER, water INTEGER, rooms INTEGER,"
	" visit_size INTEGER, visit_recommendation TEXT,"
	" benefit_programmes INTEGER, benefit_amount INTEGER,"
	" employment_continued INTEGER) WITHOUT ROWID;"
	"CREATE TEMP TABLE pv (household_id TEXT NOT NULL,"
	" person_id TEXT NOT NULL, household_size INTEGER, age INTEGER,"
	" sex TEXT, termination_date TEXT, end_reason TEXT,"
	" spell_days INTEGER, premium_days_3y INTEGER, earnings_4m INTEGER,"
	" premium_days_4m INTEGER, employed_now INTEGER, pension_date TEXT,"
	" PRIMARY KEY (household_id, person_id)) WITHOUT ROWID;"
	"CREATE TEMP TABLE app_hh (household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL, application_date TEXT,"
	" declared_income INTEGER, declared_size INTEGER,"
	" PRIMARY KEY (household_id, programme)) WITHOUT ROWID;"
	"CREATE TEMP TABLE app_pv (person_id TEXT NOT NULL,"
	" programme TEXT NOT NULL, application_date TEXT,"
	" declared_income INTEGER, declared_size INTEGER,"
	" PRIMARY KEY (person_id, programme)) WITHOUT ROWID;"
	"CREATE TEMP TABLE brd (household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL, decision TEXT NOT NULL,"
	" meeting_ref TEXT NOT NULL, meeting_date TEXT, amount INTEGER,"
	" valid_until TEXT, PRIMARY KEY (household_id, programme))"
	" WITHOUT ROWID;"
	;

void
hview_schema(struct store *s)
{
	store_exec(s, schema);
}

/* ----------------------------------------------------------------- build */

/*
 * The steps, in order.  Named parameters: :d the as-of day, :m0 its
 * month, :m12 twelve months before, :y1 the year before, :sy the school
 * year, :d400 four hundred days before the as-of day.
 */
static const char *const steps[] = {
	/* Members of the households asked for that still exist. */
	"INSERT INTO temp.mp SELECT m.person_id, m.household_id, m.relationship"
	" FROM temp.want w JOIN household h ON h.household_id ="
	" w.household_id AND h.ended_run IS NULL JOIN member m"
	" ON m.household_id = w.household_id",
	/* Their valid national ids, and their records linked without one. */
	"INSERT OR IGNORE INTO temp.mnid SELECT n.national_id, n.person_id"
	" FROM temp.mp p JOIN person_nid n ON n.person_id = p.person_id",
	"INSERT OR IGNORE INTO temp.mlink SELECT s.kind, l.source, l.record_id,"
	" l.person_id FROM temp.mp p JOIN link l ON l.person_id ="
	" p.person_id JOIN source s ON s.name = l.source",
	/* Each member's civil record: by national id, then by link, then
	 * what a person list says (sex and birth date only). */
	"INSERT OR IGNORE INTO temp.pciv SELECT n.person_id, c.sex,"
	" c.birth_date, c.death_date, c.education, c.marital_status"
	" FROM temp.mnid n JOIN src_civil c ON c.national_id ="
	" n.national_id WHERE c.ended IS NULL"
	" ORDER BY n.person_id, c.source, c.record_id",
	"INSERT OR IGNORE INTO temp.pciv SELECT l.person_id, c.sex,"
	" c.birth_date, c.death_date, c.education, c.marital_status"
	" FROM temp.mlink l JOIN src_civil c ON c.source = l.source"
	" AND c.record_id = l.record_id WHERE l.kind = 'civil'"
	" AND c.ended IS NULL ORDER BY l.person_id, c.source, c.record_id",
	"INSERT OR IGNORE INTO temp.pciv SELECT l.person_id, c.sex,"
	" c.birth_date, NULL, NULL, NULL"
	" FROM temp.mlink l JOIN src_person c ON c.source = l.source"
	" AND c.record_id = l.record_id WHERE l.kind = 'person'"
	" AND c.ended IS NULL ORDER BY l.person_id, c.source, c.record_id",
	"INSERT OR IGNORE INTO temp.pciv SELECT n.person_id, c.sex,"
	" c.birth_date, NULL, NULL, NULL"
	" FROM temp.mnid n JOIN src_person c ON c.national_id ="
	" n.national_id WHERE c.ended IS NULL"
	" ORDER BY n.person_id, c.source, c.record_id",

	/* Demography. */
	"CREATE TEMP TABLE a_demo AS SELECT household_id,"
	" sum(alive) AS size,"
	" sum(alive AND age BETWEEN 0 AND 5) AS m0_5,"
	" sum(alive AND age BETWEEN 6 AND 17) AS m6_17,"
	" sum(alive AND age BETWEEN 18 AND 55) AS m18_55,"
	" sum(alive AND age BETWEEN 18 AND 64) AS m18_64,"
	" sum(alive AND age >= 65) AS m65,"
	" sum(alive AND age IS NULL) AS munknown,"
	" sum(NOT alive) AS deceased"
	" FROM (SELECT p.household_id, age(c.birth_date, :d) AS age,"
	" (c.death_date IS NULL OR c.death_date > :d) AS alive"
	" FROM temp.mp p LEFT JOIN temp.pciv c ON c.person_id = p.person_id)"
	" GROUP BY household_id",
	/* Disability and illness, from reports valid on the day. */
	"CREATE TEMP TABLE a_health AS SELECT p.household_id,"
	" count(DISTINCT CASE WHEN h.disability_pct >= 40 THEN p.person_id END)"
	" AS disabled, max(h.disability_pct) AS maxpct,"
	" count(DISTINCT CASE WHEN h.chronic_illness = 1 THEN p.person_id END)"
	" AS chronic FROM temp.mnid n JOIN src_health h"
	" ON h.national_id = n.national_id JOIN temp.mp p"
	" ON p.person_id = n.person_id WHERE h.ended IS NULL"
	" AND (h.report_date IS NULL OR h.report_date <= :d)"
	" AND (h.valid_until IS NULL OR h.valid_until >= :d)"
	" GROUP BY p.household_id",
	/* Insured work and pensions open on the day; earnings of the twelve
	 * months before the as-of month. */
	"CREATE TEMP TABLE a_sgk AS SELECT p.household_id,"
	" count(DISTINCT CASE WHEN s.period IS NULL AND s.status IN"
	" ('employed', 'self_employed') AND s.start_date <= :d AND"
	" (s.end_date IS NULL OR s.end_date >= :d) THEN p.person_id END)"
	" AS working,"
	" count(DISTINCT CASE WHEN s.period IS NULL AND s.status ="
	" 'pensioner' AND s.start_date <= :d AND (s.end_date IS NULL OR"
	" s.end_date >= :d) THEN p.person_id END) AS retired,"
	" sum(CASE WHEN s.period >= :m12 AND s.period < :m0 THEN"
	" s.earnings END) AS earn12"
	" FROM temp.mnid n JOIN src_sgk s ON s.national_id ="
	" n.national_id JOIN temp.mp p ON p.person_id = n.person_id"
	" WHERE s.ended IS NULL GROUP BY p.household_id",
	/* Declared income of the last tax year other than wages (wages are
	 * in the social security earnings). */
	"CREATE TEMP TABLE a_tax AS SELECT p.household_id,"
	" sum(t.amount) AS tax FROM temp.mnid n JOIN src_tax t"
	" ON t.national_id = n.national_id JOIN temp.mp p"
	" ON p.person_id = n.person_id WHERE t.ended IS NULL"
	" AND t.year = :y1 AND t.income_type <> 'wage'"
	" GROUP BY p.household_id",
	/* Assets owned on the day, by the owned share. */
	"CREATE TEMP TABLE a_assets AS SELECT p.household_id,"
	" sum(CASE WHEN a.asset_type IN ('dwelling', 'land', 'shop') THEN"
	" coalesce(a.value, 0) * coalesce(a.share_pct, 100) END) AS property,"
	" sum(coalesce(a.rent, 0) * coalesce(a.share_pct, 100)) AS rent,"
	" count(CASE WHEN a.asset_type = 'dwelling' THEN 1 END) AS dwellings,"
	" count(CASE WHEN a.asset_type = 'vehicle' THEN 1 END) AS vehicles,"
	" sum(CASE WHEN a.asset_type = 'vehicle' THEN coalesce(a.value, 0) *"
	" coalesce(a.share_pct, 100) END) AS vvalue"
	" FROM temp.mnid n JOIN src_assets a ON a.national_id ="
	" n.national_id JOIN temp.mp p ON p.person_id = n.person_id"
	" WHERE a.ended IS NULL AND (a.acquired IS NULL OR a.acquired <= :d)"
	" AND (a.disposed IS NULL OR a.disposed > :d)"
	" GROUP BY p.household_id",
	/* Balances of the accounts open on the day. */
	"CREATE TEMP TABLE a_bank AS SELECT p.household_id,"
	" sum(b.balance) AS balance FROM temp.mnid n JOIN src_bank b"
	" ON b.national_id = n.national_id JOIN temp.mp p"
	" ON p.person_id = n.person_id WHERE b.ended IS NULL"
	" AND (b.opened IS NULL OR b.opened <= :d)"
	" AND (b.closed IS NULL OR b.closed > :d) GROUP BY p.household_id",
	/* Enrolment: each member's latest record of the school year of the
	 * day, or of the year before while the current one is not reported. */
	"CREATE TEMP TABLE a_edu AS SELECT p.household_id,"
	" sum(x.enrolled = 1) AS enrolled,"
	" min(CASE WHEN x.enrolled = 1 THEN x.attendance_pct END) AS minatt"
	" FROM (SELECT n.person_id, e.enrolled, e.attendance_pct,"
	" row_number() OVER (PARTITION BY n.person_id ORDER BY"
	" e.school_year DESC, e.period DESC, e.source DESC, e.record_id DESC)"
	" AS rn FROM temp.mnid n JOIN src_education e"
	" ON e.national_id = n.national_id WHERE e.ended IS NULL"
	" AND e.school_year BETWEEN :sy - 1 AND :sy) x"
	" JOIN temp.mp p ON p.person_id = x.person_id WHERE x.rn = 1"
	" GROUP BY p.household_id",
	/* The latest field visit on or before the day, to the household or
	 * to one of its members. */
	"CREATE TEMP TABLE a_visit AS SELECT * FROM (SELECT household_id,"
	" visit_date, dwelling, wall, water, rooms, vsize, recommendation,"
	" row_number() OVER (PARTITION BY household_id ORDER BY visit_date"
	" DESC, source DESC, record_id DESC) AS rn FROM ("
	" SELECT w.household_id, v.source, v.record_id, v.visit_date,"
	" v.dwelling, v.wall, v.water, v.rooms, v.household_size AS vsize,"
	" v.recommendation FROM temp.want w JOIN src_visit v"
	" ON v.household_id = w.household_id WHERE v.ended IS NULL"
	" AND v.visit_date <= :d"
	" UNION SELECT p.household_id, v.source, v.record_id, v.visit_date,"
	" v.dwelling, v.wall, v.water, v.rooms, v.household_size,"
	" v.recommendation FROM temp.mnid n JOIN src_visit v"
	" ON v.national_id = n.national_id JOIN temp.mp p"
	" ON p.person_id = n.person_id WHERE v.ended IS NULL"
	" AND v.visit_date <= :d)) WHERE rn = 1",
	/* Benefits decided before this run. */
	"CREATE TEMP TABLE a_benefit AS SELECT a.household_id,"
	" count(*) AS n, sum(a.amount) AS amount FROM temp.want w"
	" JOIN assessment a ON a.household_id = w.household_id"
	" WHERE a.entitled = 1 GROUP BY a.household_id",
	/* Conditional transfers continued after a member took insured work
	 * (isas-sanction), in force on the day. */
	"CREATE TEMP TABLE a_cont AS SELECT p.household_id, 1 AS n"
	" FROM temp.mp p JOIN sanction_decision d ON d.person_id ="
	" p.person_id WHERE d.revoked_run IS NULL AND d.kind = 'incentive'"
	" AND d.programme = 'cct' AND d.from_date <= :d AND d.until_date >= :d"
	" GROUP BY p.household_id",

	"INSERT INTO temp.hh SELECT h.household_id, h.origin, h.province,"
	" h.district, coalesce(d.size, 0), coalesce(d.m0_5, 0),"
	" coalesce(d.m6_17, 0), coalesce(d.m18_55, 0), coalesce(d.m18_64, 0),"
	" coalesce(d.m65, 0), coalesce(d.munknown, 0), coalesce(d.deceased, 0),"
	" hc.sex, age(hc.birth_date, :d), hc.education, hc.marital_status,"
	" coalesce(he.disabled, 0), coalesce(he.maxpct, 0),"
	" coalesce(he.chronic, 0), coalesce(s.working, 0),"
	" coalesce(s.retired, 0), divround(coalesce(s.earn12, 0), 12),"
	" divround(coalesce(t.tax, 0), 12), divround(coalesce(a.rent, 0), 100),"
	" divround(coalesce(a.property, 0), 24000), 0, NULL,"
	" coalesce(a.dwellings, 0), coalesce(a.vehicles, 0),"
	" divround(coalesce(a.vvalue, 0), 100), coalesce(b.balance, 0),"
	" coalesce(e.enrolled, 0), e.minatt, v.visit_date, v.dwelling, v.wall,"
	" v.water, v.rooms, v.vsize, v.recommendation, coalesce(bn.n, 0),"
	" coalesce(bn.amount, 0), coalesce(ec.n, 0)"
	" FROM temp.want w JOIN household h ON h.household_id ="
	" w.household_id AND h.ended_run IS NULL"
	" LEFT JOIN temp.a_demo d ON d.household_id = h.household_id"
	" LEFT JOIN temp.pciv hc ON hc.person_id = h.head"
	" LEFT JOIN temp.a_health he ON he.household_id = h.household_id"
	" LEFT JOIN temp.a_sgk s ON s.household_id = h.household_id"
	" LEFT JOIN temp.a_tax t ON t.household_id = h.household_id"
	" LEFT JOIN temp.a_assets a ON a.household_id = h.household_id"
	" LEFT JOIN temp.a_bank b ON b.household_id = h.household_id"
	" LEFT JOIN temp.a_edu e ON e.household_id = h.household_id"
	" LEFT JOIN temp.a_visit v ON v.household_id = h.household_id"
	" LEFT JOIN temp.a_benefit bn ON bn.household_id = h.household_id"
	" LEFT JOIN temp.a_cont ec ON ec.household_id = h.household_id",
	"UPDATE temp.hh SET income_registry = income_sgk + income_tax +"
	" income_rent + income_assets",
	"UPDATE temp.hh SET income_per_capita = CASE WHEN size > 0 THEN"
	" divround(income_registry, size) END",

	/* Applications on or before the day: the latest per household and
	 * programme, and per person and programme. */
	"CREATE TEMP TABLE a_app AS SELECT p.household_id, p.person_id,"
	" a.programme, a.application_date, a.declared_income,"
	" a.household_size, a.source, a.record_id FROM temp.mnid n"
	" JOIN src_application a ON a.national_id = n.national_id"
	" JOIN temp.mp p ON p.person_id = n.person_id"
	" WHERE a.ended IS NULL AND a.application_date <= :d"
	" UNION SELECT p.household_id, p.person_id, a.programme,"
	" a.application_date, a.declared_income, a.household_size, a.source,"
	" a.record_id FROM temp.mlink l JOIN src_application a"
	" ON a.source = l.source AND a.record_id = l.record_id"
	" JOIN temp.mp p ON p.person_id = l.person_id"
	" WHERE l.kind = 'application' AND a.ended IS NULL"
	" AND a.application_date <= :d",
	"INSERT INTO temp.app_hh SELECT household_id, programme,"
	" application_date, declared_income, household_size FROM ("
	" SELECT *, row_number() OVER (PARTITION BY household_id, programme"
	" ORDER BY application_date DESC, source DESC, record_id DESC) AS rn"
	" FROM temp.a_app) WHERE rn = 1",
	"INSERT INTO temp.app_pv SELECT person_id, programme,"
	" application_date, declared_income, household_size FROM ("
	" SELECT *, row_number() OVER (PARTITION BY person_id, programme"
	" ORDER BY application_date DESC, source DESC, record_id DESC) AS rn"
	" FROM temp.a_app) WHERE rn = 1",

	/* Board decisions in force on the day: the latest meeting's. */
	"INSERT INTO temp.brd SELECT household_id, programme, decision,"
	" meeting_ref, meeting_date, amount, valid_until FROM ("
	" SELECT b.*, row_number() OVER (PARTITION BY b.household_id,"
	" b.programme ORDER BY b.meeting_date DESC, b.source DESC,"
	" b.record_id DESC) AS rn FROM temp.want w JOIN src_board b"
	" ON b.household_id = w.household_id WHERE b.ended IS NULL"
	" AND b.meeting_date <= :d AND (b.valid_until IS NULL OR"
	" b.valid_until >= :d)) WHERE rn = 1",

	/* Claimants of person-level programmes: members whose last insured
	 * job ended in the 400 days before the day, and members who applied
	 * for one of those programmes in that time. */
	"CREATE TEMP TABLE a_job AS SELECT * FROM (SELECT n.person_id,"
	" s.end_date, s.end_reason, s.start_date, row_number() OVER"
	" (PARTITION BY n.person_id ORDER BY s.end_date DESC, s.source DESC,"
	" s.record_id DESC) AS rn FROM temp.mnid n JOIN src_sgk s"
	" ON s.national_id = n.national_id WHERE s.ended IS NULL"
	" AND s.period IS NULL AND s.status = 'employed'"
	" AND s.end_date IS NOT NULL AND s.end_date <= :d) WHERE rn = 1",
	"CREATE TEMP TABLE a_claim AS SELECT person_id FROM temp.a_job"
	" WHERE end_date >= :d400 UNION SELECT a.person_id FROM temp.app_pv a"
	" JOIN temp.pprog g ON g.programme = a.programme"
	" WHERE a.application_date >= :d400",
	"INSERT INTO temp.pv SELECT p.household_id, p.person_id,"
	" coalesce(d.size, 0), age(c.birth_date, :d), c.sex, j.end_date,"
	" j.end_reason, CASE WHEN j.end_date IS NOT NULL THEN"
	" days(j.start_date, j.end_date) + 1 END, NULL, NULL, NULL, 0, NULL"
	" FROM temp.a_claim k JOIN temp.mp p ON p.person_id = k.person_id"
	" LEFT JOIN temp.a_demo d ON d.household_id = p.household_id"
	" LEFT JOIN temp.pciv c ON c.person_id = p.person_id"
	" LEFT JOIN temp.a_job j ON j.person_id = p.person_id",
	/* Premium days and earnings before the termination. */
	"CREATE TEMP TABLE a_prem AS SELECT v.person_id,"
	" sum(CASE WHEN s.period > substr(date(v.termination_date,"
	" 'start of month', '-36 months'), 1, 7) THEN s.premium_days END)"
	" AS d36,"
	" sum(CASE WHEN s.period > substr(date(v.termination_date,"
	" 'start of month', '-4 months'), 1, 7) THEN s.earnings END) AS e4,"
	" sum(CASE WHEN s.period > substr(date(v.termination_date,"
	" 'start of month', '-4 months'), 1, 7) THEN s.premium_days END) AS d4"
	" FROM temp.pv v JOIN temp.mnid n ON n.person_id = v.person_id"
	" JOIN src_sgk s ON s.national_id = n.national_id"
	" WHERE s.ended IS NULL AND s.period IS NOT NULL"
	" AND v.termination_date IS NOT NULL"
	" AND s.period <= substr(v.termination_date, 1, 7)"
	" GROUP BY v.person_id",
	"CREATE TEMP TABLE a_now AS SELECT n.person_id,"
	" max(s.status = 'employed' AND s.start_date <= :d AND"
	" (s.end_date IS NULL OR s.end_date >= :d)) AS employed,"
	" min(CASE WHEN s.status = 'pensioner' AND s.start_date <= :d THEN"
	" s.start_date END) AS pension FROM temp.pv v JOIN temp.mnid n"
	" ON n.person_id = v.person_id JOIN src_sgk s"
	" ON s.national_id = n.national_id WHERE s.ended IS NULL"
	" AND s.period IS NULL GROUP BY n.person_id",
	"UPDATE temp.pv SET premium_days_3y = coalesce((SELECT d36 FROM"
	" temp.a_prem a WHERE a.person_id = pv.person_id), 0),"
	" earnings_4m = coalesce((SELECT e4 FROM temp.a_prem a WHERE"
	" a.person_id = pv.person_id), 0),"
	" premium_days_4m = coalesce((SELECT d4 FROM temp.a_prem a WHERE"
	" a.person_id = pv.person_id), 0),"
	" employed_now = coalesce((SELECT employed FROM temp.a_now a WHERE"
	" a.person_id = pv.person_id), 0),"
	" pension_date = (SELECT pension FROM temp.a_now a WHERE"
	" a.person_id = pv.person_id)",
	NULL
};

void
hview_build(struct store *s, int32_t day, const char *const *pprog)
{
	char d[11], d400[11], m0[8], m12[8];
	int y, m, dd, sy;
	sqlite3_stmt *st;
	size_t i;

	date_format(day, d);
	date_format(day - 400, d400);
	month_format(month_of_day(day), m0);
	month_format(month_of_day(day) - 12, m12);
	date_to_ymd(day, &y, &m, &dd);
	sy = m >= 9 ? y : y - 1;

	st = store_prepare(s, "INSERT OR IGNORE INTO temp.pprog VALUES (?1)");
	for (i = 0; pprog && pprog[i]; i++) {
		sqlite3_bind_text(st, 1, pprog[i], -1, SQLITE_STATIC);
		store_step(s, st, "cannot list the programmes");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	for (i = 0; steps[i]; i++) {
		st = store_prepare(s, steps[i]);
		store_bind_text(st, ":d", d);
		store_bind_text(st, ":d400", d400);
		store_bind_text(st, ":m0", m0);
		store_bind_text(st, ":m12", m12);
		store_bind_int(st, ":y1", y - 1);
		store_bind_int(st, ":sy", sy);
		store_step(s, st, "cannot build the household view");
		sqlite3_finalize(st);
	}
}
