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

#include "buf.h"
#include "compare.h"
#include "err.h"
#include "hview.h"
#include "value.h"
#include "xalloc.h"

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
	" person_id TEXT NOT NULL, household_id TEXT NOT NULL) WITHOUT ROWID;"
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

/* Board decisions in force on the day: the latest meeting's. */
static const char board_step[] =
	"INSERT INTO temp.brd SELECT household_id, programme, decision,"
	" meeting_ref, meeting_date, amount, valid_until FROM ("
	" SELECT b.*, row_number() OVER (PARTITION BY b.household_id,"
	" b.programme ORDER BY b.meeting_date DESC, b.source DESC,"
	" b.record_id DESC) AS rn FROM temp.want w JOIN src_board b"
	" ON b.household_id = w.household_id WHERE b.ended IS NULL"
	" AND b.meeting_date <= :d AND (b.valid_until IS NULL OR"
	" b.valid_until >= :d)) WHERE rn = 1";

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
	"INSERT OR IGNORE INTO temp.mnid SELECT n.national_id, n.person_id,"
	" p.household_id FROM temp.mp p JOIN person_nid n"
	" ON n.person_id = p.person_id",
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
	"CREATE TEMP TABLE a_demo (household_id TEXT PRIMARY KEY, size, m0_5,"
	" m6_17, m18_55, m18_64, m65, munknown, deceased) WITHOUT ROWID",
	"INSERT INTO temp.a_demo SELECT household_id,"
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
	"CREATE TEMP TABLE a_health (household_id TEXT PRIMARY KEY, disabled,"
	" maxpct, chronic) WITHOUT ROWID",
	"INSERT INTO temp.a_health SELECT n.household_id,"
	" count(DISTINCT CASE WHEN h.disability_pct >= 40 THEN n.person_id END)"
	" AS disabled, max(h.disability_pct) AS maxpct,"
	" count(DISTINCT CASE WHEN h.chronic_illness = 1 THEN n.person_id END)"
	" AS chronic FROM temp.mnid n JOIN src_health h"
	" ON h.national_id = n.national_id WHERE h.ended IS NULL"
	" AND (h.report_date IS NULL OR h.report_date <= :d)"
	" AND (h.valid_until IS NULL OR h.valid_until >= :d)"
	" GROUP BY n.household_id",
	/* Insured work and pensions open on the day; earnings of the twelve
	 * months before the as-of month. */
	"CREATE TEMP TABLE a_sgk (household_id TEXT PRIMARY KEY, working,"
	" retired, earn12) WITHOUT ROWID",
	"INSERT INTO temp.a_sgk SELECT n.household_id,"
	" count(DISTINCT CASE WHEN s.period IS NULL AND s.status IN"
	" ('employed', 'self_employed') AND s.start_date <= :d AND"
	" (s.end_date IS NULL OR s.end_date >= :d) THEN n.person_id END)"
	" AS working,"
	" count(DISTINCT CASE WHEN s.period IS NULL AND s.status ="
	" 'pensioner' AND s.start_date <= :d AND (s.end_date IS NULL OR"
	" s.end_date >= :d) THEN n.person_id END) AS retired,"
	" sum(CASE WHEN s.period >= :m12 AND s.period < :m0 THEN"
	" s.earnings END) AS earn12"
	" FROM temp.mnid n JOIN src_sgk s ON s.national_id ="
	" n.national_id WHERE s.ended IS NULL GROUP BY n.household_id",
	/* Declared income of the last tax year other than wages (wages are
	 * in the social security earnings). */
	"CREATE TEMP TABLE a_tax (household_id TEXT PRIMARY KEY, tax)"
	" WITHOUT ROWID",
	"INSERT INTO temp.a_tax SELECT n.household_id,"
	" sum(t.amount) AS tax FROM temp.mnid n JOIN src_tax t"
	" ON t.national_id = n.national_id WHERE t.ended IS NULL"
	" AND t.year = :y1 AND t.income_type <> 'wage'"
	" GROUP BY n.household_id",
	/* Assets owned on the day, by the owned share. */
	"CREATE TEMP TABLE a_assets (household_id TEXT PRIMARY KEY, property,"
	" rent, dwellings, vehicles, vvalue) WITHOUT ROWID",
	"INSERT INTO temp.a_assets SELECT n.household_id,"
	" sum(CASE WHEN a.asset_type IN ('dwelling', 'land', 'shop') THEN"
	" coalesce(a.value, 0) * coalesce(a.share_pct, 100) END) AS property,"
	" sum(coalesce(a.rent, 0) * coalesce(a.share_pct, 100)) AS rent,"
	" count(CASE WHEN a.asset_type = 'dwelling' THEN 1 END) AS dwellings,"
	" count(CASE WHEN a.asset_type = 'vehicle' THEN 1 END) AS vehicles,"
	" sum(CASE WHEN a.asset_type = 'vehicle' THEN coalesce(a.value, 0) *"
	" coalesce(a.share_pct, 100) END) AS vvalue"
	" FROM temp.mnid n JOIN src_assets a ON a.national_id ="
	" n.national_id"
	" WHERE a.ended IS NULL AND (a.acquired IS NULL OR a.acquired <= :d)"
	" AND (a.disposed IS NULL OR a.disposed > :d)"
	" GROUP BY n.household_id",
	/* Balances of the accounts open on the day. */
	"CREATE TEMP TABLE a_bank (household_id TEXT PRIMARY KEY, balance)"
	" WITHOUT ROWID",
	"INSERT INTO temp.a_bank SELECT n.household_id,"
	" sum(b.balance) AS balance FROM temp.mnid n JOIN src_bank b"
	" ON b.national_id = n.national_id WHERE b.ended IS NULL"
	" AND (b.opened IS NULL OR b.opened <= :d)"
	" AND (b.closed IS NULL OR b.closed > :d) GROUP BY n.household_id",
	/* Enrolment: each member's latest record of the school year of the
	 * day, or of the year before while the current one is not reported. */
	"CREATE TEMP TABLE a_edu (household_id TEXT PRIMARY KEY, enrolled,"
	" minatt) WITHOUT ROWID",
	"INSERT INTO temp.a_edu SELECT x.household_id,"
	" sum(x.enrolled = 1) AS enrolled,"
	" min(CASE WHEN x.enrolled = 1 THEN x.attendance_pct END) AS minatt"
	" FROM (SELECT n.person_id, n.household_id, e.enrolled,"
	" e.attendance_pct,"
	" row_number() OVER (PARTITION BY n.person_id ORDER BY"
	" e.school_year DESC, e.period DESC, e.source DESC, e.record_id DESC)"
	" AS rn FROM temp.mnid n JOIN src_education e"
	" ON e.national_id = n.national_id WHERE e.ended IS NULL"
	" AND e.school_year BETWEEN :sy - 1 AND :sy) x"
	" WHERE x.rn = 1 GROUP BY x.household_id",
	/* The latest field visit on or before the day, to the household or
	 * to one of its members. */
	"CREATE TEMP TABLE a_visit (household_id TEXT PRIMARY KEY,"
	" visit_date TEXT, dwelling TEXT, wall INT, water INT, rooms INT,"
	" vsize INT, recommendation TEXT, rn) WITHOUT ROWID",
	"INSERT INTO temp.a_visit SELECT * FROM (SELECT household_id,"
	" visit_date, dwelling, wall, water, rooms, vsize, recommendation,"
	" row_number() OVER (PARTITION BY household_id ORDER BY visit_date"
	" DESC, source DESC, record_id DESC) AS rn FROM ("
	" SELECT w.household_id, v.source, v.record_id, v.visit_date,"
	" v.dwelling, v.wall, v.water, v.rooms, v.household_size AS vsize,"
	" v.recommendation FROM temp.want w JOIN src_visit v"
	" ON v.household_id = w.household_id WHERE v.ended IS NULL"
	" AND v.visit_date <= :d"
	" UNION SELECT n.household_id, v.source, v.record_id, v.visit_date,"
	" v.dwelling, v.wall, v.water, v.rooms, v.household_size,"
	" v.recommendation FROM temp.mnid n JOIN src_visit v"
	" ON v.national_id = n.national_id WHERE v.ended IS NULL"
	" AND v.visit_date <= :d)) WHERE rn = 1",
	/* Benefits decided before this run. */
	"CREATE TEMP TABLE a_benefit (household_id TEXT PRIMARY KEY, n, amount)"
	" WITHOUT ROWID",
	"INSERT INTO temp.a_benefit SELECT a.household_id,"
	" count(*) AS n, sum(a.amount) AS amount FROM temp.want w"
	" JOIN assessment a ON a.household_id = w.household_id"
	" WHERE a.entitled = 1 GROUP BY a.household_id",
	/* Conditional transfers continued after a member took insured work
	 * (isas-sanction), in force on the day. */
	"CREATE TEMP TABLE a_cont (household_id TEXT PRIMARY KEY, n)"
	" WITHOUT ROWID",
	"INSERT INTO temp.a_cont SELECT p.household_id, 1 AS n"
	" FROM temp.mp p JOIN sanction_decision d ON d.person_id ="
	" p.person_id WHERE d.revoked_run IS NULL AND d.kind = 'incentive'"
	" AND d.programme = 'cct' AND d.from_date <= :d AND d.until_date >= :d"
	" GROUP BY p.household_id",

	/* The view's row: the registry income and the income per capita are
	 * sums of the columns before them, as stored. */
	"INSERT INTO temp.hh SELECT household_id, origin, province, district,"
	" size, members_0_5, members_6_17, members_18_55, members_18_64,"
	" members_65_plus, members_unknown_age, deceased, head_sex, head_age,"
	" head_education, head_marital_status, disabled, max_disability_pct,"
	" chronic_ill, working, retired, income_sgk, income_tax, income_rent,"
	" income_assets, income_sgk + income_tax + income_rent + income_assets,"
	" CASE WHEN size > 0 THEN divround(income_sgk + income_tax +"
	" income_rent + income_assets, size) END, dwellings_owned, vehicles,"
	" vehicle_value, bank_balance, enrolled, min_attendance_pct,"
	" visit_date, dwelling, wall, water, rooms, visit_size,"
	" visit_recommendation, benefit_programmes, benefit_amount,"
	" employment_continued FROM ("
	" SELECT h.household_id, h.origin,"
	" h.province, h.district, coalesce(d.size, 0) AS size,"
	" coalesce(d.m0_5, 0) AS members_0_5,"
	" coalesce(d.m6_17, 0) AS members_6_17,"
	" coalesce(d.m18_55, 0) AS members_18_55,"
	" coalesce(d.m18_64, 0) AS members_18_64,"
	" coalesce(d.m65, 0) AS members_65_plus,"
	" coalesce(d.munknown, 0) AS members_unknown_age,"
	" coalesce(d.deceased, 0) AS deceased,"
	" hc.sex AS head_sex, age(hc.birth_date, :d) AS head_age,"
	" hc.education AS head_education,"
	" hc.marital_status AS head_marital_status,"
	" coalesce(he.disabled, 0) AS disabled,"
	" coalesce(he.maxpct, 0) AS max_disability_pct,"
	" coalesce(he.chronic, 0) AS chronic_ill,"
	" coalesce(s.working, 0) AS working,"
	" coalesce(s.retired, 0) AS retired,"
	" divround(coalesce(s.earn12, 0), 12) AS income_sgk,"
	" divround(coalesce(t.tax, 0), 12) AS income_tax,"
	" divround(coalesce(a.rent, 0), 100) AS income_rent,"
	" divround(coalesce(a.property, 0), 24000) AS income_assets,"
	" coalesce(a.dwellings, 0) AS dwellings_owned,"
	" coalesce(a.vehicles, 0) AS vehicles,"
	" divround(coalesce(a.vvalue, 0), 100) AS vehicle_value,"
	" coalesce(b.balance, 0) AS bank_balance,"
	" coalesce(e.enrolled, 0) AS enrolled, e.minatt AS min_attendance_pct,"
	" v.visit_date, v.dwelling, v.wall, v.water, v.rooms,"
	" v.vsize AS visit_size, v.recommendation AS visit_recommendation,"
	" coalesce(bn.n, 0) AS benefit_programmes,"
	" coalesce(bn.amount, 0) AS benefit_amount,"
	" coalesce(ec.n, 0) AS employment_continued"
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
	" LEFT JOIN temp.a_cont ec ON ec.household_id = h.household_id)",

	/* Applications on or before the day: the latest per household and
	 * programme, and per person and programme. */
	"CREATE TEMP TABLE a_app AS SELECT n.household_id, n.person_id,"
	" a.programme, a.application_date, a.declared_income,"
	" a.household_size, a.source, a.record_id FROM temp.mnid n"
	" JOIN src_application a ON a.national_id = n.national_id"
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

	board_step,

	/* Claimants of person-level programmes: members whose last insured
	 * job ended in the 400 days before the day, and members who applied
	 * for one of those programmes in that time. */
	"CREATE TEMP TABLE a_job (person_id TEXT PRIMARY KEY, end_date TEXT,"
	" end_reason TEXT, start_date TEXT, rn) WITHOUT ROWID",
	"INSERT INTO temp.a_job SELECT * FROM (SELECT n.person_id,"
	" s.end_date, s.end_reason, s.start_date, row_number() OVER"
	" (PARTITION BY n.person_id ORDER BY s.end_date DESC, s.source DESC,"
	" s.record_id DESC) AS rn FROM temp.mnid n JOIN src_sgk s"
	" ON s.national_id = n.national_id WHERE s.ended IS NULL"
	" AND s.period IS NULL AND s.status = 'employed'"
	" AND s.end_date IS NOT NULL AND s.end_date <= :d) WHERE rn = 1",
	"CREATE TEMP TABLE a_claim (person_id TEXT PRIMARY KEY) WITHOUT ROWID",
	"INSERT INTO temp.a_claim SELECT person_id FROM temp.a_job"
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
	NULL
};

/*
 * The claimants' premium days and earnings before the termination, and
 * their work and pension on the day: from temp.pv, and the national ids
 * of its members in temp.mnid.
 */
static const char *const pv_steps[] = {
	"CREATE TEMP TABLE a_prem (person_id TEXT PRIMARY KEY, d36, e4, d4)"
	" WITHOUT ROWID",
	"INSERT INTO temp.a_prem SELECT v.person_id,"
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
	"CREATE TEMP TABLE a_now (person_id TEXT PRIMARY KEY, employed,"
	" pension) WITHOUT ROWID",
	"INSERT INTO temp.a_now SELECT n.person_id,"
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


/* ------------------------------------------------------------ the dates */

/* The as-of day, and the parameters of the steps (see steps[]). */
struct hv_days {
	int32_t day;
	char d[11], d400[11], m0[8], m12[8];
	int y1, sy;
};

static void
days_init(struct hv_days *dt, int32_t day)
{
	int y, m, dd;

	dt->day = day;
	date_format(day, dt->d);
	date_format(day - 400, dt->d400);
	month_format(month_of_day(day), dt->m0);
	month_format(month_of_day(day) - 12, dt->m12);
	date_to_ymd(day, &y, &m, &dd);
	dt->y1 = y - 1;
	dt->sy = m >= 9 ? y : y - 1;
}

/* Prepares sql with the dates bound to the parameters it names. */
static sqlite3_stmt *
prepare_step(struct store *s, const char *sql, const struct hv_days *dt)
{
	sqlite3_stmt *st = store_prepare(s, sql);

	store_bind_text(st, ":d", dt->d);
	store_bind_text(st, ":d400", dt->d400);
	store_bind_text(st, ":m0", dt->m0);
	store_bind_text(st, ":m12", dt->m12);
	store_bind_int(st, ":y1", dt->y1);
	store_bind_int(st, ":sy", dt->sy);
	return st;
}

/* Runs the NULL-terminated steps sql, in order. */
static void
run_steps(struct store *s, const char *const *sql, const struct hv_days *dt)
{
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; sql[i]; i++) {
		st = prepare_step(s, sql[i], dt);
		store_step(s, st, "cannot build the household view");
		sqlite3_finalize(st);
	}
}

/* ------------------------------------------------------- the scan build */

/*
 * When most households are asked for, the view is built from one
 * sequential scan of each registry table instead of one index look-up per
 * member and table.  SQL still filters each record and computes what it
 * adds, with the expressions of the steps above; C joins the record to its
 * member and household by hash, and sums, counts or keeps the latest per
 * household or member as the steps' GROUP BY and row_number() do.  Values
 * are kept as SQLite returned them and bound back unchanged.  A value the
 * C side does not reproduce exactly (a sum of other than whole numbers, a
 * key or a date of another type) makes it give up before it writes
 * anything, and the steps build the view instead.
 */

/* Memory that is freed all at once. */
struct hv_chunk {
	struct hv_chunk *next;
	char *data;
};

struct hv_arena {
	struct hv_chunk *head;
	char *p;
	size_t left;
};

#define HV_CHUNK ((size_t)1 << 20)

/* n bytes, aligned for any value, until arena_release(). */
static void *
arena_alloc(struct hv_arena *a, size_t n)
{
	struct hv_chunk *c;
	size_t size;
	void *r;

	n = (n + 7) & ~(size_t)7;
	if (n > a->left) {
		size = n > HV_CHUNK ? n : HV_CHUNK;
		c = xmalloc(sizeof *c);
		c->data = xmalloc(size);
		c->next = a->head;
		a->head = c;
		a->p = c->data;
		a->left = size;
	}
	r = a->p;
	a->p += n;
	a->left -= n;
	return r;
}

static void
arena_release(struct hv_arena *a)
{
	struct hv_chunk *c, *next;

	for (c = a->head; c; c = next) {
		next = c->next;
		free(c->data);
		free(c);
	}
	memset(a, 0, sizeof *a);
}

/* A value as SQLite returned it. */
struct hv_val {
	int type;		/* SQLITE_INTEGER ... SQLITE_NULL */
	int len;		/* bytes of a text or a blob */
	union {
		int64_t i;
		double r;
		const char *p;
	} u;
};

/* A sum, minimum or maximum of whole numbers; NULL while has is 0. */
struct hv_agg {
	int has;
	int64_t v;
};

/* A civil record: sex, birth date, death date, education, marital status. */
struct hv_civ {
	struct hv_val v[5];
};

/* Where a member's civil data come from, first found first. */
enum { CIV_NID, CIV_LINK, PER_LINK, PER_NID, CIV_N };

/* The last insured job ended on or before the day. */
struct hv_job {
	struct hv_val end, src, rec, reason, start;
};

/* The latest education record of the school years read. */
struct hv_edu {
	struct hv_val year, period, src, rec, enr1, att;
};

/* The latest field visit: its key, then date, dwelling, wall, water,
 * rooms, household size and recommendation. */
struct hv_visit {
	struct hv_val src, rec;
	struct hv_val v[7];
};

/* The latest application of a household or a person to a programme. */
struct hv_app {
	int32_t owner;		/* the household or the person */
	struct hv_val prog, date, src, rec, income, size;
};

#define P_WORKING	1u
#define P_RETIRED	2u
#define P_DISABLED	4u
#define P_CHRONIC	8u
#define P_CLAIMANT	16u

struct hv_person {
	struct hv_val id;
	int32_t hh;
	int32_t civ[CIV_N];
	int32_t job, edu;
	int32_t nid;		/* first of its national ids, or -1 */
	unsigned flags;
};

struct hv_nid {
	const char *id;
	int len;
	int32_t person;
	int32_t next;		/* the person's next national id, or -1 */
};

struct hv_hh {
	struct hv_val id, origin, province, district, head;
	int64_t size, m0_5, m6_17, m18_55, m18_64, m65, munknown, deceased;
	int64_t disabled, chronic, working, retired, dwellings, vehicles;
	int64_t enrolled;
	struct hv_agg maxpct, earn12, tax, property, rent, vvalue, balance;
	struct hv_agg minatt;
	int32_t visit;
	struct hv_val bn_n, bn_amount;
	int cont;

	/* What the view's row says, from the figures above. */
	int64_t income[4];	/* sgk, tax, rent, assets */
	int64_t registry, vehicle_value;
	struct hv_agg per_capita, head_age;
	const struct hv_civ *head_civ;
};

/* Links of members: the record's source kind and its person. */
enum { LK_OTHER, LK_CIVIL, LK_PERSON, LK_APPLICATION };

struct hv_link {
	int kind;
	int32_t person;
};

/*
 * An open-addressing hash table of byte strings to indexes, half full at
 * most.  Keys as short as ids are kept in the slot (of 32 bytes), so that
 * a look-up reads one cache line; longer ones are pointed to.
 */
#define HV_INLINE 16

struct hv_slot {
	uint32_t hash, len;
	int32_t v;		/* -1: empty */
	union {
		char b[HV_INLINE];
		const char *p;
	} k;
};

struct hv_map {
	struct hv_slot *slot;
	size_t cap, n;
};

struct hv {
	struct store *s;
	const struct hv_days *dt;
	struct hv_arena a;
	int bad;		/* a value the scan does not reproduce */

	struct hv_hh *hh;
	size_t nhh, caphh;
	struct hv_person *p;
	size_t np, capp;
	struct hv_nid *nid;
	size_t nnid, capnid;
	struct hv_link *link;
	size_t nlink, caplink;
	struct hv_civ *civ;
	size_t nciv, capciv;
	struct hv_job *job;
	size_t njob, capjob;
	struct hv_edu *edu;
	size_t nedu, capedu;
	struct hv_visit *visit;
	size_t nvisit, capvisit;
	struct hv_app *app_hh, *app_pv;
	size_t napp_hh, capapp_hh, napp_pv, capapp_pv;

	struct hv_map hh_by_id, p_by_id, nid_by_id, link_by_key;
	struct hv_map app_hh_by_key, app_pv_by_key;
	struct buf key;
};

static const char *
slot_key(const struct hv_slot *sl)
{
	return sl->len <= HV_INLINE ? sl->k.b : sl->k.p;
}

static int32_t
map_get(const struct hv_map *m, const char *k, size_t n)
{
	const struct hv_slot *sl;
	uint32_t h;
	size_t i;

	if (!m->cap)
		return -1;
	h = cmp_hash32(k, n);
	for (i = h & (m->cap - 1); (sl = &m->slot[i])->v >= 0;
	    i = (i + 1) & (m->cap - 1))
		if (sl->hash == h && sl->len == n &&
		    memcmp(slot_key(sl), k, n) == 0)
			return sl->v;
	return -1;
}

static struct hv_slot *
map_new(size_t cap)
{
	struct hv_slot *sl = xmalloc(cap * sizeof *sl);
	size_t i;

	for (i = 0; i < cap; i++)
		sl[i].v = -1;
	return sl;
}

/*
 * Adds k (not in the table) for v.  A key longer than HV_INLINE bytes
 * must outlive the table.
 */
static void
map_put(struct hv_map *m, const char *k, size_t n, int32_t v)
{
	struct hv_slot *old = m->slot, *sl;
	size_t oldcap = m->cap, i, j;
	uint32_t h;

	if ((m->n + 1) * 2 > m->cap) {
		m->cap = oldcap ? oldcap * 2 : 1024;
		m->slot = map_new(m->cap);
		for (j = 0; j < oldcap; j++) {
			if (old[j].v < 0)
				continue;
			for (i = old[j].hash & (m->cap - 1); m->slot[i].v >= 0;
			    i = (i + 1) & (m->cap - 1))
				;
			m->slot[i] = old[j];
		}
		free(old);
	}
	h = cmp_hash32(k, n);
	for (i = h & (m->cap - 1); m->slot[i].v >= 0;
	    i = (i + 1) & (m->cap - 1))
		;
	sl = &m->slot[i];
	sl->hash = h;
	sl->len = (uint32_t)n;
	sl->v = v;
	if (n <= HV_INLINE)
		memcpy(sl->k.b, k, n);
	else
		sl->k.p = k;
	m->n++;
}

static void
map_release(struct hv_map *m)
{
	free(m->slot);
	memset(m, 0, sizeof *m);
}

/* Column col of the row of st, copied into the arena. */
static void
val_get(struct hv *c, sqlite3_stmt *st, int col, struct hv_val *v)
{
	const void *p;
	char *q;

	v->type = sqlite3_column_type(st, col);
	v->len = 0;
	switch (v->type) {
	case SQLITE_INTEGER:
		v->u.i = sqlite3_column_int64(st, col);
		break;
	case SQLITE_FLOAT:
		v->u.r = sqlite3_column_double(st, col);
		break;
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		if (v->type == SQLITE_TEXT)
			p = sqlite3_column_text(st, col);
		else
			p = sqlite3_column_blob(st, col);
		v->len = sqlite3_column_bytes(st, col);
		q = arena_alloc(&c->a, (size_t)v->len + 1);
		if (v->len)
			memcpy(q, p, (size_t)v->len);
		q[v->len] = '\0';
		v->u.p = q;
		break;
	default:
		v->type = SQLITE_NULL;
	}
}

/* Binds v, unchanged, to parameter i of st; v must outlive the step. */
static void
val_bind(sqlite3_stmt *st, int i, const struct hv_val *v)
{
	switch (v->type) {
	case SQLITE_INTEGER:
		sqlite3_bind_int64(st, i, v->u.i);
		break;
	case SQLITE_FLOAT:
		sqlite3_bind_double(st, i, v->u.r);
		break;
	case SQLITE_TEXT:
		sqlite3_bind_text(st, i, v->u.p, v->len, SQLITE_STATIC);
		break;
	case SQLITE_BLOB:
		sqlite3_bind_blob(st, i, v->u.p, v->len, SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(st, i);
	}
}

static const struct hv_val val_null = { SQLITE_NULL, 0, { 0 } };

static int
bytes_cmp(const char *a, int na, const char *b, int nb)
{
	int r = memcmp(a, b, (size_t)(na < nb ? na : nb));

	return r ? r : na - nb;
}

/*
 * SQLite's order of two values (NULL, numbers, text, blobs; text by the
 * binary collation), for keys without reals: a real makes the scan give
 * up.
 */
static int
val_cmp(struct hv *c, const struct hv_val *a, const struct hv_val *b)
{
	static const int rank[] = { 0, 1, 1, 2, 3, 0 };
	int ra = rank[a->type], rb = rank[b->type];

	if (a->type == SQLITE_FLOAT || b->type == SQLITE_FLOAT) {
		c->bad = 1;
		return 0;
	}
	if (ra != rb)
		return ra - rb;
	switch (a->type) {
	case SQLITE_INTEGER:
		return (a->u.i > b->u.i) - (a->u.i < b->u.i);
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		return bytes_cmp(a->u.p, a->len, b->u.p, b->len);
	default:
		return 0;
	}
}

/* Compares the keys a[0..n) and b[0..n) in order. */
static int
key_cmp(struct hv *c, const struct hv_val *const *a,
	const struct hv_val *const *b, int n)
{
	int i, r;

	for (i = 0; i < n; i++)
		if ((r = val_cmp(c, a[i], b[i])) != 0)
			return r;
	return 0;
}

/* CASE WHEN column THEN ...: is it true? */
static int
col_true(struct hv *c, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return sqlite3_column_int64(st, col) != 0;
	default:
		c->bad = 1;
		return 0;
	}
}

/* sum(): whole numbers only; an overflow is SQLite's error, left to it. */
static void
agg_sum(struct hv *c, struct hv_agg *g, const struct hv_val *v)
{
	if (v->type == SQLITE_NULL)
		return;
	if (v->type != SQLITE_INTEGER ||
	    __builtin_add_overflow(g->has ? g->v : 0, v->u.i, &g->v)) {
		c->bad = 1;
		return;
	}
	g->has = 1;
}

/* min() or max() (dir -1 or 1) of whole numbers. */
static void
agg_best(struct hv *c, struct hv_agg *g, const struct hv_val *v, int dir)
{
	if (v->type == SQLITE_NULL)
		return;
	if (v->type != SQLITE_INTEGER) {
		c->bad = 1;
		return;
	}
	if (!g->has || (dir > 0 ? v->u.i > g->v : v->u.i < g->v))
		g->v = v->u.i;
	g->has = 1;
}

/* The column as a value, not copied: valid until the next step. */
static struct hv_val
col_val(sqlite3_stmt *st, int col)
{
	struct hv_val v;

	v.type = sqlite3_column_type(st, col);
	v.len = 0;
	switch (v.type) {
	case SQLITE_INTEGER:
		v.u.i = sqlite3_column_int64(st, col);
		break;
	case SQLITE_FLOAT:
		v.u.r = sqlite3_column_double(st, col);
		break;
	case SQLITE_TEXT:
		v.u.p = (const char *)sqlite3_column_text(st, col);
		v.len = sqlite3_column_bytes(st, col);
		break;
	case SQLITE_BLOB:
		v.u.p = sqlite3_column_blob(st, col);
		v.len = sqlite3_column_bytes(st, col);
		if (!v.u.p)
			v.u.p = "";
		break;
	default:
		v.type = SQLITE_NULL;
	}
	return v;
}

/*
 * Looks up a text column in m: the index, or -1 for NULL or no entry.  A
 * key of another type gives up the scan (SQL would compare it by type).
 */
static int32_t
col_lookup(struct hv *c, const struct hv_map *m, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return -1;
	case SQLITE_TEXT:
		return map_get(m, (const char *)sqlite3_column_text(st, col),
		    (size_t)sqlite3_column_bytes(st, col));
	default:
		c->bad = 1;
		return -1;
	}
}

/* Looks up a text value in m, as col_lookup() does a column. */
static int32_t
val_lookup(struct hv *c, const struct hv_map *m, const struct hv_val *v)
{
	if (v->type == SQLITE_NULL)
		return -1;
	if (v->type != SQLITE_TEXT) {
		c->bad = 1;
		return -1;
	}
	return map_get(m, v->u.p, (size_t)v->len);
}

/* Prepares a statement of the scans. */
static sqlite3_stmt *
scan(struct hv *c, const char *sql)
{
	return prepare_step(c->s, sql, c->dt);
}

/* Steps a scan: 1 with a row, 0 at the end or when the scan gave up. */
static int
scan_row(struct hv *c, sqlite3_stmt *st)
{
	return store_step(c->s, st, "cannot build the household view") ==
	    SQLITE_ROW && !c->bad;
}

/* --- who: the households, their members, ids and links */

static void
load_households(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT h.household_id, h.origin,"
	    " h.province, h.district, h.head FROM temp.want w CROSS JOIN"
	    " household h ON h.household_id = w.household_id"
	    " AND h.ended_run IS NULL");
	struct hv_hh *h;

	while (scan_row(c, st)) {
		xgrow((void **)&c->hh, &c->caphh, c->nhh + 1, sizeof *c->hh);
		h = &c->hh[c->nhh];
		memset(h, 0, sizeof *h);
		val_get(c, st, 0, &h->id);
		val_get(c, st, 1, &h->origin);
		val_get(c, st, 2, &h->province);
		val_get(c, st, 3, &h->district);
		val_get(c, st, 4, &h->head);
		h->visit = -1;
		h->bn_n = h->bn_amount = val_null;
		if (h->id.type != SQLITE_TEXT) {
			c->bad = 1;
			break;
		}
		map_put(&c->hh_by_id, h->id.u.p, (size_t)h->id.len,
		    (int32_t)c->nhh);
		c->nhh++;
	}
	sqlite3_finalize(st);
}

static void
load_members(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT person_id, household_id"
	    " FROM member");
	struct hv_person *p;
	int32_t h, i;

	while (scan_row(c, st)) {
		if ((h = col_lookup(c, &c->hh_by_id, st, 1)) < 0)
			continue;
		xgrow((void **)&c->p, &c->capp, c->np + 1, sizeof *c->p);
		p = &c->p[c->np];
		memset(p, 0, sizeof *p);
		val_get(c, st, 0, &p->id);
		p->hh = h;
		for (i = 0; i < CIV_N; i++)
			p->civ[i] = -1;
		p->job = p->edu = p->nid = -1;
		if (p->id.type != SQLITE_TEXT) {
			c->bad = 1;
			break;
		}
		map_put(&c->p_by_id, p->id.u.p, (size_t)p->id.len,
		    (int32_t)c->np);
		c->np++;
	}
	sqlite3_finalize(st);
}

static void
load_nids(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, person_id"
	    " FROM person_nid");
	struct hv_nid *n;
	struct hv_val v;
	int32_t p;

	while (scan_row(c, st)) {
		if ((p = col_lookup(c, &c->p_by_id, st, 1)) < 0)
			continue;
		val_get(c, st, 0, &v);
		if (v.type != SQLITE_TEXT) {
			c->bad = 1;
			break;
		}
		xgrow((void **)&c->nid, &c->capnid, c->nnid + 1,
		    sizeof *c->nid);
		n = &c->nid[c->nnid];
		n->id = v.u.p;
		n->len = v.len;
		n->person = p;
		n->next = c->p[p].nid;
		c->p[p].nid = (int32_t)c->nnid;
		map_put(&c->nid_by_id, n->id, (size_t)n->len, (int32_t)c->nnid);
		c->nnid++;
	}
	sqlite3_finalize(st);
}

/* The key of a record, (source, record_id), in c->key. */
static int
record_key(struct hv *c, sqlite3_stmt *st, int col)
{
	uint32_t n;

	if (sqlite3_column_type(st, col) != SQLITE_TEXT ||
	    sqlite3_column_type(st, col + 1) != SQLITE_TEXT) {
		c->bad = 1;
		return -1;
	}
	n = (uint32_t)sqlite3_column_bytes(st, col);
	buf_reset(&c->key);
	buf_add(&c->key, (const char *)&n, sizeof n);
	buf_add(&c->key, (const char *)sqlite3_column_text(st, col), n);
	buf_add(&c->key, (const char *)sqlite3_column_text(st, col + 1),
	    (size_t)sqlite3_column_bytes(st, col + 1));
	return 0;
}

/* The linked member of the record at column col of kind, or -1. */
static int32_t
linked(struct hv *c, sqlite3_stmt *st, int col, int kind)
{
	int32_t l;

	if (!c->nlink || record_key(c, st, col) != 0)
		return -1;
	l = map_get(&c->link_by_key, c->key.p, c->key.len);
	return l >= 0 && c->link[l].kind == kind ? c->link[l].person : -1;
}

static void
load_links(struct hv *c)
{
	static const char *const kinds[] = { "civil", "person", "application" };
	sqlite3_stmt *st = scan(c, "SELECT l.source, l.record_id, s.kind,"
	    " l.person_id FROM link l JOIN source s ON s.name = l.source");
	struct hv_link *l;
	const char *k;
	char *key;
	size_t n;
	int32_t p;
	int i;

	while (scan_row(c, st)) {
		if ((p = col_lookup(c, &c->p_by_id, st, 3)) < 0 ||
		    record_key(c, st, 0) != 0)
			continue;
		xgrow((void **)&c->link, &c->caplink, c->nlink + 1,
		    sizeof *c->link);
		l = &c->link[c->nlink];
		l->person = p;
		l->kind = LK_OTHER;
		k = (const char *)sqlite3_column_text(st, 2);
		n = (size_t)sqlite3_column_bytes(st, 2);
		for (i = 0; sqlite3_column_type(st, 2) == SQLITE_TEXT && i < 3;
		    i++)
			if (strlen(kinds[i]) == n && memcmp(k, kinds[i], n) == 0)
				l->kind = LK_CIVIL + i;
		key = arena_alloc(&c->a, c->key.len);
		memcpy(key, c->key.p, c->key.len);
		map_put(&c->link_by_key, key, c->key.len, (int32_t)c->nlink);
		c->nlink++;
	}
	sqlite3_finalize(st);
}

/* --- the members' civil data */

/*
 * Gives member p the civil record of the row (nv values from column 3) in
 * slot, unless it has one there: the records come by source and
 * record_id, and the first is kept.
 */
static void
take_civ(struct hv *c, sqlite3_stmt *st, int32_t p, int slot, int nv)
{
	struct hv_civ *cv;
	int k;

	if (c->p[p].civ[slot] >= 0)
		return;
	xgrow((void **)&c->civ, &c->capciv, c->nciv + 1, sizeof *c->civ);
	c->p[p].civ[slot] = (int32_t)c->nciv;
	cv = &c->civ[c->nciv++];
	for (k = 0; k < 5; k++)
		if (k < nv)
			val_get(c, st, 3 + k, &cv->v[k]);
		else
			cv->v[k] = val_null;
}

static void
scan_civil(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, source, record_id,"
	    " sex, birth_date, death_date, education, marital_status"
	    " FROM src_civil WHERE ended IS NULL ORDER BY source, record_id");
	int32_t n, p;

	while (scan_row(c, st)) {
		if ((n = col_lookup(c, &c->nid_by_id, st, 0)) >= 0)
			take_civ(c, st, c->nid[n].person, CIV_NID, 5);
		if ((p = linked(c, st, 1, LK_CIVIL)) >= 0)
			take_civ(c, st, p, CIV_LINK, 5);
	}
	sqlite3_finalize(st);

	st = scan(c, "SELECT national_id, source, record_id, sex, birth_date"
	    " FROM src_person WHERE ended IS NULL ORDER BY source, record_id");
	while (scan_row(c, st)) {
		if ((p = linked(c, st, 1, LK_PERSON)) >= 0)
			take_civ(c, st, p, PER_LINK, 2);
		if ((n = col_lookup(c, &c->nid_by_id, st, 0)) >= 0)
			take_civ(c, st, c->nid[n].person, PER_NID, 2);
	}
	sqlite3_finalize(st);
}

/* The civil data of member p, or NULL. */
static const struct hv_civ *
civ_of(const struct hv *c, int32_t p)
{
	int i;

	for (i = 0; p >= 0 && i < CIV_N; i++)
		if (c->p[p].civ[i] >= 0)
			return &c->civ[c->p[p].civ[i]];
	return NULL;
}

/* age(birth, :d), as the SQL function computes it: 0 NULL, 1 an age. */
static int
age_of(struct hv *c, const struct hv_val *birth, int64_t *age)
{
	int32_t b;

	if (birth->type == SQLITE_NULL)
		return 0;
	if (birth->type != SQLITE_TEXT ||
	    date_parse(birth->u.p, (size_t)birth->len, &b) != 0) {
		c->bad = 1;	/* SQL reports the error */
		return 0;
	}
	if (b > c->dt->day)
		return 0;
	*age = date_age(b, c->dt->day);
	return 1;
}

static void
demography(struct hv *c)
{
	const struct hv_civ *cv;
	struct hv_hh *h;
	int64_t age = 0;
	size_t i;
	int alive, known;

	for (i = 0; i < c->np && !c->bad; i++) {
		cv = civ_of(c, (int32_t)i);
		h = &c->hh[c->p[i].hh];
		known = cv ? age_of(c, &cv->v[1], &age) : 0;
		if (!cv || cv->v[2].type == SQLITE_NULL)
			alive = 1;
		else if (cv->v[2].type == SQLITE_TEXT)
			alive = bytes_cmp(cv->v[2].u.p, cv->v[2].len, c->dt->d,
			    (int)strlen(c->dt->d)) > 0;
		else {
			c->bad = 1;
			break;
		}
		if (!alive) {
			h->deceased++;
			continue;
		}
		h->size++;
		if (!known) {
			h->munknown++;
			continue;
		}
		h->m0_5 += age >= 0 && age <= 5;
		h->m6_17 += age >= 6 && age <= 17;
		h->m18_55 += age >= 18 && age <= 55;
		h->m18_64 += age >= 18 && age <= 64;
		h->m65 += age >= 65;
	}
}

/* --- the registries read by national id */

/* The member of the national id at column 0, or -1. */
static int32_t
member_of(struct hv *c, sqlite3_stmt *st)
{
	int32_t n = col_lookup(c, &c->nid_by_id, st, 0);

	return n < 0 ? -1 : c->nid[n].person;
}

static void
scan_health(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, disability_pct >= 40,"
	    " disability_pct, chronic_illness = 1 FROM src_health"
	    " WHERE ended IS NULL AND (report_date IS NULL OR"
	    " report_date <= :d)"
	    " AND (valid_until IS NULL OR valid_until >= :d)");
	struct hv_val v;
	int32_t p;

	while (scan_row(c, st)) {
		if ((p = member_of(c, st)) < 0)
			continue;
		if (col_true(c, st, 1))
			c->p[p].flags |= P_DISABLED;
		v = col_val(st, 2);
		agg_best(c, &c->hh[c->p[p].hh].maxpct, &v, 1);
		if (col_true(c, st, 3))
			c->p[p].flags |= P_CHRONIC;
	}
	sqlite3_finalize(st);
}

static void
scan_sgk(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, source, record_id,"
	    " period IS NULL AND status IN ('employed', 'self_employed') AND"
	    " start_date <= :d AND (end_date IS NULL OR end_date >= :d),"
	    " period IS NULL AND status = 'pensioner' AND start_date <= :d AND"
	    " (end_date IS NULL OR end_date >= :d),"
	    " CASE WHEN period >= :m12 AND period < :m0 THEN earnings END,"
	    " period IS NULL AND status = 'employed' AND end_date IS NOT NULL"
	    " AND end_date <= :d, end_date, end_reason, start_date"
	    " FROM src_sgk WHERE ended IS NULL");
	struct hv_val v, end, src, rec;
	const struct hv_val *ka[3], *kb[3];
	struct hv_job *j;
	int32_t p, i;

	while (scan_row(c, st)) {
		if ((p = member_of(c, st)) < 0)
			continue;
		if (col_true(c, st, 3))
			c->p[p].flags |= P_WORKING;
		if (col_true(c, st, 4))
			c->p[p].flags |= P_RETIRED;
		v = col_val(st, 5);
		agg_sum(c, &c->hh[c->p[p].hh].earn12, &v);
		if (!col_true(c, st, 6))
			continue;
		/* The latest job by end date, source, record_id. */
		end = col_val(st, 7);
		src = col_val(st, 1);
		rec = col_val(st, 2);
		if ((i = c->p[p].job) >= 0) {
			ka[0] = &end;
			ka[1] = &src;
			ka[2] = &rec;
			kb[0] = &c->job[i].end;
			kb[1] = &c->job[i].src;
			kb[2] = &c->job[i].rec;
			if (key_cmp(c, ka, kb, 3) <= 0)
				continue;
		} else {
			xgrow((void **)&c->job, &c->capjob, c->njob + 1,
			    sizeof *c->job);
			i = c->p[p].job = (int32_t)c->njob++;
		}
		j = &c->job[i];
		val_get(c, st, 7, &j->end);
		val_get(c, st, 1, &j->src);
		val_get(c, st, 2, &j->rec);
		val_get(c, st, 8, &j->reason);
		val_get(c, st, 9, &j->start);
	}
	sqlite3_finalize(st);
}

static void
scan_money(struct hv *c)
{
	sqlite3_stmt *st;
	struct hv_hh *h;
	struct hv_val v;
	int32_t p;

	st = scan(c, "SELECT national_id, amount FROM src_tax"
	    " WHERE ended IS NULL AND year = :y1 AND income_type <> 'wage'");
	while (scan_row(c, st)) {
		if ((p = member_of(c, st)) < 0)
			continue;
		v = col_val(st, 1);
		agg_sum(c, &c->hh[c->p[p].hh].tax, &v);
	}
	sqlite3_finalize(st);

	st = scan(c, "SELECT national_id,"
	    " CASE WHEN asset_type IN ('dwelling', 'land', 'shop') THEN"
	    " coalesce(value, 0) * coalesce(share_pct, 100) END,"
	    " coalesce(rent, 0) * coalesce(share_pct, 100),"
	    " CASE WHEN asset_type = 'dwelling' THEN 1 END,"
	    " CASE WHEN asset_type = 'vehicle' THEN 1 END,"
	    " CASE WHEN asset_type = 'vehicle' THEN coalesce(value, 0) *"
	    " coalesce(share_pct, 100) END"
	    " FROM src_assets WHERE ended IS NULL AND (acquired IS NULL OR"
	    " acquired <= :d) AND (disposed IS NULL OR disposed > :d)");
	while (scan_row(c, st)) {
		if ((p = member_of(c, st)) < 0)
			continue;
		h = &c->hh[c->p[p].hh];
		v = col_val(st, 1);
		agg_sum(c, &h->property, &v);
		v = col_val(st, 2);
		agg_sum(c, &h->rent, &v);
		h->dwellings += sqlite3_column_type(st, 3) != SQLITE_NULL;
		h->vehicles += sqlite3_column_type(st, 4) != SQLITE_NULL;
		v = col_val(st, 5);
		agg_sum(c, &h->vvalue, &v);
	}
	sqlite3_finalize(st);

	st = scan(c, "SELECT national_id, balance FROM src_bank"
	    " WHERE ended IS NULL AND (opened IS NULL OR opened <= :d)"
	    " AND (closed IS NULL OR closed > :d)");
	while (scan_row(c, st)) {
		if ((p = member_of(c, st)) < 0)
			continue;
		v = col_val(st, 1);
		agg_sum(c, &c->hh[c->p[p].hh].balance, &v);
	}
	sqlite3_finalize(st);
}

static void
scan_education(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, school_year, period,"
	    " source, record_id, enrolled = 1, CASE WHEN enrolled = 1 THEN"
	    " attendance_pct END FROM src_education WHERE ended IS NULL"
	    " AND school_year BETWEEN :sy - 1 AND :sy");
	struct hv_val k[4];
	const struct hv_val *ka[4], *kb[4];
	struct hv_edu *e;
	struct hv_hh *h;
	size_t i;
	int32_t p, x;

	while (scan_row(c, st)) {
		if ((p = member_of(c, st)) < 0)
			continue;
		for (i = 0; i < 4; i++) {
			k[i] = col_val(st, 1 + (int)i);
			ka[i] = &k[i];
		}
		if ((x = c->p[p].edu) >= 0) {
			kb[0] = &c->edu[x].year;
			kb[1] = &c->edu[x].period;
			kb[2] = &c->edu[x].src;
			kb[3] = &c->edu[x].rec;
			if (key_cmp(c, ka, kb, 4) <= 0)
				continue;
		} else {
			xgrow((void **)&c->edu, &c->capedu, c->nedu + 1,
			    sizeof *c->edu);
			x = c->p[p].edu = (int32_t)c->nedu++;
		}
		e = &c->edu[x];
		val_get(c, st, 1, &e->year);
		val_get(c, st, 2, &e->period);
		val_get(c, st, 3, &e->src);
		val_get(c, st, 4, &e->rec);
		val_get(c, st, 5, &e->enr1);
		val_get(c, st, 6, &e->att);
	}
	sqlite3_finalize(st);

	for (i = 0; i < c->np && !c->bad; i++) {
		if ((x = c->p[i].edu) < 0)
			continue;
		e = &c->edu[x];
		h = &c->hh[c->p[i].hh];
		if (e->enr1.type != SQLITE_NULL &&
		    e->enr1.type != SQLITE_INTEGER)
			c->bad = 1;
		else if (e->enr1.type == SQLITE_INTEGER)
			h->enrolled += e->enr1.u.i;
		agg_best(c, &h->minatt, &e->att, -1);
	}
}

/* Offers the visit of the row to household h: the latest is kept. */
static void
offer_visit(struct hv *c, sqlite3_stmt *st, int32_t h)
{
	struct hv_val date = col_val(st, 2), src = col_val(st, 3),
	    rec = col_val(st, 4);
	const struct hv_val *ka[3], *kb[3];
	struct hv_visit *v;
	int32_t i = c->hh[h].visit;
	int k;

	if (i >= 0) {
		ka[0] = &date;
		ka[1] = &src;
		ka[2] = &rec;
		kb[0] = &c->visit[i].v[0];
		kb[1] = &c->visit[i].src;
		kb[2] = &c->visit[i].rec;
		if (key_cmp(c, ka, kb, 3) <= 0)
			return;
	} else {
		xgrow((void **)&c->visit, &c->capvisit, c->nvisit + 1,
		    sizeof *c->visit);
		i = c->hh[h].visit = (int32_t)c->nvisit++;
	}
	v = &c->visit[i];
	val_get(c, st, 3, &v->src);
	val_get(c, st, 4, &v->rec);
	val_get(c, st, 2, &v->v[0]);
	for (k = 1; k < 7; k++)
		val_get(c, st, 4 + k, &v->v[k]);
}

static void
scan_visit(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, household_id,"
	    " visit_date, source, record_id, dwelling, wall, water, rooms,"
	    " household_size, recommendation FROM src_visit"
	    " WHERE ended IS NULL AND visit_date <= :d");
	int32_t h, p;

	while (scan_row(c, st)) {
		if ((h = col_lookup(c, &c->hh_by_id, st, 1)) >= 0)
			offer_visit(c, st, h);
		if ((p = member_of(c, st)) >= 0 && c->p[p].hh != h)
			offer_visit(c, st, c->p[p].hh);
	}
	sqlite3_finalize(st);
}

/*
 * Offers the application of the row to the latest of owner (a household
 * or a person) and programme, in list and map.
 */
static void
offer_app(struct hv *c, sqlite3_stmt *st, int32_t owner, struct hv_app **list,
	size_t *n, size_t *cap, struct hv_map *m)
{
	struct hv_val prog = col_val(st, 3), date = col_val(st, 4),
	    src = col_val(st, 1), rec = col_val(st, 2);
	const struct hv_val *ka[3], *kb[3];
	struct hv_app *a;
	int32_t i;
	char *key;

	if (prog.type != SQLITE_TEXT) {
		c->bad = 1;	/* SQL refuses a NULL programme */
		return;
	}
	buf_reset(&c->key);
	buf_add(&c->key, (const char *)&owner, sizeof owner);
	buf_add(&c->key, prog.u.p, (size_t)prog.len);
	if ((i = map_get(m, c->key.p, c->key.len)) >= 0) {
		ka[0] = &date;
		ka[1] = &src;
		ka[2] = &rec;
		kb[0] = &(*list)[i].date;
		kb[1] = &(*list)[i].src;
		kb[2] = &(*list)[i].rec;
		if (key_cmp(c, ka, kb, 3) <= 0)
			return;
	} else {
		xgrow((void **)list, cap, *n + 1, sizeof **list);
		i = (int32_t)(*n)++;
		key = arena_alloc(&c->a, c->key.len);
		memcpy(key, c->key.p, c->key.len);
		map_put(m, key, c->key.len, i);
	}
	a = &(*list)[i];
	a->owner = owner;
	val_get(c, st, 3, &a->prog);
	val_get(c, st, 4, &a->date);
	val_get(c, st, 1, &a->src);
	val_get(c, st, 2, &a->rec);
	val_get(c, st, 5, &a->income);
	val_get(c, st, 6, &a->size);
}

static void
scan_applications(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "SELECT national_id, source, record_id,"
	    " programme, application_date, declared_income, household_size"
	    " FROM src_application WHERE ended IS NULL"
	    " AND application_date <= :d");
	int32_t who[2];
	int k;

	while (scan_row(c, st)) {
		who[0] = member_of(c, st);
		who[1] = linked(c, st, 1, LK_APPLICATION);
		if (who[1] == who[0])
			who[1] = -1;
		for (k = 0; k < 2; k++) {
			if (who[k] < 0)
				continue;
			offer_app(c, st, c->p[who[k]].hh, &c->app_hh,
			    &c->napp_hh, &c->capapp_hh, &c->app_hh_by_key);
			offer_app(c, st, who[k], &c->app_pv, &c->napp_pv,
			    &c->capapp_pv, &c->app_pv_by_key);
		}
	}
	sqlite3_finalize(st);
}

static void
load_decided(struct hv *c)
{
	sqlite3_stmt *st;
	int32_t h, p;

	/* Benefits decided before this run. */
	st = scan(c, "SELECT household_id, count(*), sum(amount)"
	    " FROM assessment WHERE entitled = 1 GROUP BY household_id");
	while (scan_row(c, st)) {
		if ((h = col_lookup(c, &c->hh_by_id, st, 0)) < 0)
			continue;
		val_get(c, st, 1, &c->hh[h].bn_n);
		val_get(c, st, 2, &c->hh[h].bn_amount);
	}
	sqlite3_finalize(st);

	/* Conditional transfers continued after a member took work. */
	st = scan(c, "SELECT person_id FROM sanction_decision"
	    " WHERE revoked_run IS NULL AND kind = 'incentive'"
	    " AND programme = 'cct' AND from_date <= :d AND until_date >= :d");
	while (scan_row(c, st))
		if ((p = col_lookup(c, &c->p_by_id, st, 0)) >= 0)
			c->hh[c->p[p].hh].cont = 1;
	sqlite3_finalize(st);
}

/* Counts the members of each household with each flag. */
static void
count_flags(struct hv *c)
{
	struct hv_hh *h;
	unsigned f;
	size_t i;

	for (i = 0; i < c->np; i++) {
		f = c->p[i].flags;
		h = &c->hh[c->p[i].hh];
		h->disabled += (f & P_DISABLED) != 0;
		h->chronic += (f & P_CHRONIC) != 0;
		h->working += (f & P_WORKING) != 0;
		h->retired += (f & P_RETIRED) != 0;
	}
}

/* --- writing the views */

/* divround(coalesce(g, 0), by). */
static int64_t
per(const struct hv_agg *g, int64_t by)
{
	return money_divround(g->has ? g->v : 0, by);
}

/*
 * The household view's figures, as the step that fills temp.hh computes
 * them with divround() and age(); a registry income beyond 64 bits (a
 * real in SQL) gives up the scan.
 */
static void
finish_households(struct hv *c)
{
	struct hv_hh *h;
	size_t i;
	int k;

	for (i = 0; i < c->nhh && !c->bad; i++) {
		h = &c->hh[i];
		h->income[0] = per(&h->earn12, 12);
		h->income[1] = per(&h->tax, 12);
		h->income[2] = per(&h->rent, 100);
		h->income[3] = per(&h->property, 24000);
		h->vehicle_value = per(&h->vvalue, 100);
		h->registry = 0;
		for (k = 0; k < 4; k++)
			if (__builtin_add_overflow(h->registry, h->income[k],
			    &h->registry))
				c->bad = 1;
		h->per_capita.has = h->size > 0;
		if (h->size > 0)
			h->per_capita.v = money_divround(h->registry, h->size);
		h->head_civ = civ_of(c, val_lookup(c, &c->p_by_id, &h->head));
		h->head_age.has = h->head_civ ? age_of(c, &h->head_civ->v[1],
		    &h->head_age.v) : 0;
	}
}

/* coalesce(v, 0) */
static void
bind_or0(sqlite3_stmt *st, int i, const struct hv_val *v)
{
	if (v->type == SQLITE_NULL)
		sqlite3_bind_int(st, i, 0);
	else
		val_bind(st, i, v);
}

static void
bind_agg(sqlite3_stmt *st, int i, const struct hv_agg *g)
{
	if (g->has)
		sqlite3_bind_int64(st, i, g->v);
	else
		sqlite3_bind_null(st, i);
}

static void
write_households(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "INSERT INTO temp.hh VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	    " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,"
	    " ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42,"
	    " ?43)");
	const struct hv_civ *hc;
	const struct hv_hh *h;
	size_t i;
	int k;

	for (i = 0; i < c->nhh; i++) {
		h = &c->hh[i];
		hc = h->head_civ;
		val_bind(st, 1, &h->id);
		val_bind(st, 2, &h->origin);
		val_bind(st, 3, &h->province);
		val_bind(st, 4, &h->district);
		sqlite3_bind_int64(st, 5, h->size);
		sqlite3_bind_int64(st, 6, h->m0_5);
		sqlite3_bind_int64(st, 7, h->m6_17);
		sqlite3_bind_int64(st, 8, h->m18_55);
		sqlite3_bind_int64(st, 9, h->m18_64);
		sqlite3_bind_int64(st, 10, h->m65);
		sqlite3_bind_int64(st, 11, h->munknown);
		sqlite3_bind_int64(st, 12, h->deceased);
		val_bind(st, 13, hc ? &hc->v[0] : &val_null);
		bind_agg(st, 14, &h->head_age);
		val_bind(st, 15, hc ? &hc->v[3] : &val_null);
		val_bind(st, 16, hc ? &hc->v[4] : &val_null);
		sqlite3_bind_int64(st, 17, h->disabled);
		sqlite3_bind_int64(st, 18, h->maxpct.has ? h->maxpct.v : 0);
		sqlite3_bind_int64(st, 19, h->chronic);
		sqlite3_bind_int64(st, 20, h->working);
		sqlite3_bind_int64(st, 21, h->retired);
		for (k = 0; k < 4; k++)
			sqlite3_bind_int64(st, 22 + k, h->income[k]);
		sqlite3_bind_int64(st, 26, h->registry);
		bind_agg(st, 27, &h->per_capita);
		sqlite3_bind_int64(st, 28, h->dwellings);
		sqlite3_bind_int64(st, 29, h->vehicles);
		sqlite3_bind_int64(st, 30, h->vehicle_value);
		sqlite3_bind_int64(st, 31, h->balance.has ? h->balance.v : 0);
		sqlite3_bind_int64(st, 32, h->enrolled);
		bind_agg(st, 33, &h->minatt);
		for (k = 0; k < 7; k++)
			val_bind(st, 34 + k, h->visit >= 0 ?
			    &c->visit[h->visit].v[k] : &val_null);
		bind_or0(st, 41, &h->bn_n);
		bind_or0(st, 42, &h->bn_amount);
		sqlite3_bind_int(st, 43, h->cont);
		store_step(c->s, st, "cannot build the household view");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void
write_applications(struct hv *c)
{
	sqlite3_stmt *st;
	const struct hv_app *a;
	size_t i;

	st = scan(c, "INSERT INTO temp.app_hh VALUES (?1, ?2, ?3, ?4, ?5)");
	for (i = 0; i < c->napp_hh; i++) {
		a = &c->app_hh[i];
		val_bind(st, 1, &c->hh[a->owner].id);
		val_bind(st, 2, &a->prog);
		val_bind(st, 3, &a->date);
		val_bind(st, 4, &a->income);
		val_bind(st, 5, &a->size);
		store_step(c->s, st, "cannot build the household view");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	st = scan(c, "INSERT INTO temp.app_pv VALUES (?1, ?2, ?3, ?4, ?5)");
	for (i = 0; i < c->napp_pv; i++) {
		a = &c->app_pv[i];
		val_bind(st, 1, &c->p[a->owner].id);
		val_bind(st, 2, &a->prog);
		val_bind(st, 3, &a->date);
		val_bind(st, 4, &a->income);
		val_bind(st, 5, &a->size);
		store_step(c->s, st, "cannot build the household view");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/*
 * The claimants of person-level programmes: members whose last job ended
 * in the 400 days before the day, and members whose latest application to
 * one of pprog was made in that time.
 */
static void
find_claimants(struct hv *c, const char *const *pprog)
{
	struct hv_val d400, name;
	const struct hv_app *a;
	size_t i, k;

	d400.type = name.type = SQLITE_TEXT;
	d400.len = (int)strlen(c->dt->d400);
	d400.u.p = c->dt->d400;
	for (i = 0; i < c->np; i++)
		if (c->p[i].job >= 0 &&
		    val_cmp(c, &c->job[c->p[i].job].end, &d400) >= 0)
			c->p[i].flags |= P_CLAIMANT;
	for (i = 0; i < c->napp_pv; i++) {
		a = &c->app_pv[i];
		if (val_cmp(c, &a->date, &d400) < 0)
			continue;
		for (k = 0; pprog && pprog[k]; k++) {
			name.len = (int)strlen(pprog[k]);
			name.u.p = pprog[k];
			if (val_cmp(c, &a->prog, &name) == 0)
				c->p[a->owner].flags |= P_CLAIMANT;
		}
	}
}

static void
write_claimants(struct hv *c)
{
	sqlite3_stmt *st = scan(c, "INSERT INTO temp.pv VALUES (?1, ?2, ?3,"
	    " age(?4, ?9), ?5, ?6, ?7, CASE WHEN ?6 IS NOT NULL THEN"
	    " days(?8, ?6) + 1 END, NULL, NULL, NULL, 0, NULL)");
	sqlite3_stmt *nid = scan(c, "INSERT OR IGNORE INTO temp.mnid"
	    " VALUES (?1, ?2, ?3)");
	const struct hv_person *p;
	const struct hv_civ *cv;
	const struct hv_job *j;
	int32_t n;
	size_t i;

	sqlite3_bind_text(st, 9, c->dt->d, -1, SQLITE_STATIC);
	for (i = 0; i < c->np; i++) {
		p = &c->p[i];
		if (!(p->flags & P_CLAIMANT))
			continue;
		cv = civ_of(c, (int32_t)i);
		j = p->job >= 0 ? &c->job[p->job] : NULL;
		val_bind(st, 1, &c->hh[p->hh].id);
		val_bind(st, 2, &p->id);
		sqlite3_bind_int64(st, 3, c->hh[p->hh].size);
		val_bind(st, 4, cv ? &cv->v[1] : &val_null);
		val_bind(st, 5, cv ? &cv->v[0] : &val_null);
		val_bind(st, 6, j ? &j->end : &val_null);
		val_bind(st, 7, j ? &j->reason : &val_null);
		val_bind(st, 8, j ? &j->start : &val_null);
		store_step(c->s, st, "cannot build the household view");
		sqlite3_reset(st);
		for (n = p->nid; n >= 0; n = c->nid[n].next) {
			sqlite3_bind_text(nid, 1, c->nid[n].id, c->nid[n].len,
			    SQLITE_STATIC);
			val_bind(nid, 2, &p->id);
			val_bind(nid, 3, &c->hh[p->hh].id);
			store_step(c->s, nid,
			    "cannot build the household view");
			sqlite3_reset(nid);
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(nid);
}

static void
hv_release(struct hv *c)
{
	arena_release(&c->a);
	free(c->hh);
	free(c->p);
	free(c->nid);
	free(c->link);
	free(c->civ);
	free(c->job);
	free(c->edu);
	free(c->visit);
	free(c->app_hh);
	free(c->app_pv);
	map_release(&c->hh_by_id);
	map_release(&c->p_by_id);
	map_release(&c->nid_by_id);
	map_release(&c->link_by_key);
	map_release(&c->app_hh_by_key);
	map_release(&c->app_pv_by_key);
	buf_release(&c->key);
}

/*
 * Builds temp.hh, temp.app_hh, temp.app_pv and the claimants' rows of
 * temp.pv (with their national ids in temp.mnid) by scans.  Returns 0, or
 * -1 with nothing written when the data need the steps.
 */
static int
scan_build(struct store *s, const struct hv_days *dt, const char *const *pprog)
{
	struct hv c;
	sqlite3_stmt *st;
	int64_t cache;
	char sql[64];

	/* The scans read each page once: the store's cache would only hold
	 * what is never read again. */
	st = store_prepare(s, "PRAGMA main.cache_size");
	store_step(s, st, "cannot read the cache size");
	cache = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	store_exec(s, "PRAGMA main.cache_size = -8192");

	memset(&c, 0, sizeof c);
	c.s = s;
	c.dt = dt;
	load_households(&c);
	if (!c.bad)
		load_members(&c);
	if (!c.bad)
		load_nids(&c);
	if (!c.bad)
		load_links(&c);
	if (!c.bad)
		scan_civil(&c);
	if (!c.bad)
		demography(&c);
	if (!c.bad)
		scan_health(&c);
	if (!c.bad)
		scan_sgk(&c);
	if (!c.bad)
		scan_money(&c);
	if (!c.bad)
		scan_education(&c);
	if (!c.bad)
		scan_visit(&c);
	if (!c.bad)
		scan_applications(&c);
	if (!c.bad)
		load_decided(&c);
	if (!c.bad) {
		count_flags(&c);
		finish_households(&c);
		find_claimants(&c, pprog);
	}
	snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %lld",
	    (long long)cache);
	store_exec(s, sql);
	if (c.bad) {
		hv_release(&c);
		return -1;
	}
	write_households(&c);
	write_applications(&c);
	write_claimants(&c);
	hv_release(&c);
	return 0;
}

/* -------------------------------------------------------------- build */

int
hview_build_how(struct store *s, int32_t day, const char *const *pprog,
	enum hview_how how)
{
	struct hv_days dt;
	sqlite3_stmt *st;
	size_t i;

	days_init(&dt, day);
	st = store_prepare(s, "INSERT OR IGNORE INTO temp.pprog VALUES (?1)");
	for (i = 0; pprog && pprog[i]; i++) {
		sqlite3_bind_text(st, 1, pprog[i], -1, SQLITE_STATIC);
		store_step(s, st, "cannot list the programmes");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	if (how == HVIEW_AUTO) {
		/* A scan reads every record of the store: worth it from a
		 * quarter of the households. */
		st = store_prepare(s, "SELECT (SELECT count(*) FROM temp.want)"
		    " * 4 >= (SELECT count(*) FROM household)");
		store_step(s, st, "cannot count the households");
		how = sqlite3_column_int(st, 0) ? HVIEW_SCAN : HVIEW_SQL;
		sqlite3_finalize(st);
	}
	if (how == HVIEW_SCAN && scan_build(s, &dt, pprog) == 0) {
		run_steps(s, (const char *const[]){ board_step, NULL }, &dt);
		run_steps(s, pv_steps, &dt);
		return HVIEW_SCAN;
	}
	run_steps(s, steps, &dt);
	run_steps(s, pv_steps, &dt);
	return HVIEW_SQL;
}

void
hview_build(struct store *s, int32_t day, const char *const *pprog)
{
	hview_build_how(s, day, pprog, HVIEW_AUTO);
}
