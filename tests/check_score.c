/*
 * check_score.c - unit tests of the dated parameters, the rule file, the
 * rules' SQL functions and the scorer (lib/params.c, lib/rules.c,
 * lib/hview.c, lib/score.c).  Run from the top of the tree (make check):
 * the bundled etc/ files are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_common.h"
#include "hview.h"
#include "params.h"
#include "rules.h"
#include "score.h"
#include "store.h"
#include "value.h"

/* Writes text to a new file of tmpdir; the caller frees its path. */
static char *
write_file(const char *name, const char *text)
{
	char *path = tmp_path(name);

	write_text(path, text);
	return path;
}

static int32_t
day(const char *s)
{
	int32_t d;

	ck_assert_int_eq(date_parse(s, strlen(s), &d), 0);
	return d;
}

/* ---------------------------------------------------------- parameters */

START_TEST(test_params_in_force)
{
	struct params *ps = params_load("etc/params.tsv");
	const struct param *p;

	ck_assert_ptr_nonnull(ps);
	/* The day a value starts, and the day before. */
	p = params_at(ps, "gss_premium_pct", day("2025-11-30"));
	ck_assert_int_eq(p->i, 3);
	p = params_at(ps, "gss_premium_pct", day("2025-12-01"));
	ck_assert_int_eq(p->i, 6);
	p = params_at(ps, "min_wage_gross", day("2025-12-31"));
	ck_assert(p->money);
	ck_assert_int_eq(p->i, 2600550);
	p = params_at(ps, "min_wage_gross", day("2026-01-01"));
	ck_assert_int_eq(p->i, 3303000);
	/* Before the first value: none in force. */
	ck_assert_ptr_null(params_at(ps, "min_wage_gross", day("2023-12-31")));
	ck_assert_ptr_null(params_at(ps, "no_such", day("2026-01-01")));
	ck_assert(params_has(ps, "min_wage_gross"));
	ck_assert(!params_has(ps, "no_such"));
	p = params_at(ps, "ui_stamp_tax_pct", day("2026-01-01"));
	ck_assert_int_eq(p->type, PARAM_REAL);
	ck_assert(p->r > 0.7589 && p->r < 0.7591);
	params_free(ps);
}
END_TEST

START_TEST(test_params_azerbaijan_criterion)
{
	struct params *ps = params_load("etc/params-az.tsv");

	ck_assert_ptr_nonnull(ps);
	ck_assert_int_eq(params_at(ps, "tssa_need_criterion", day("2021-12-31"))->i, 16000);
	ck_assert_int_eq(params_at(ps, "tssa_need_criterion", day("2022-01-01"))->i, 20000);
	ck_assert_int_eq(params_at(ps, "tssa_need_criterion", day("2024-06-01"))->i, 27000);
	ck_assert_int_eq(params_at(ps, "tssa_need_criterion", day("2025-01-01"))->i, 28500);
	ck_assert_int_eq(params_at(ps, "tssa_need_criterion", day("2026-11-23"))->i, 30000);
	params_free(ps);
}
END_TEST

START_TEST(test_params_refused)
{
	static const char *const bad[] = {
		"name\tvalue\tvalid_from\tunit\nx\t1.234\t2026-01-01\tmoney\n",
		"name\tvalue\tvalid_from\nx\tabc\t2026-01-01\n",
		"name\tvalue\tvalid_from\nx\t1\t2026-02-30\n",
		"name\tvalue\tvalid_from\nX\t1\t2026-01-01\n",
		"name\tvalue\tvalid_from\nx\t1\t2026-01-01\nx\t2\t01.01.2026\n",
		"name\tvalue\nx\t1\n",
		"name\tvalue\tvalid_from\nx\t1\n",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *path = write_file("p.tsv", bad[i]);

		ck_assert_msg(params_load(path) == NULL, "case %zu", i);
		free(path);
	}
}
END_TEST

START_TEST(test_params_comments_and_types)
{
	char *path = write_file("p.tsv", "name\tvalue\tvalid_from\tunit\n"
	    "# a comment\n"
	    "a\t12\t2026-01-01\tdays\n"
	    "b\t-0.5\t2026-01-01\t\n"
	    "c\t1.234,56\t2026-01-01\tmoney\n");
	struct params *ps = params_load(path);

	ck_assert_ptr_nonnull(ps);
	ck_assert_int_eq(ps->n, 3);
	ck_assert_int_eq(params_at(ps, "a", day("2026-06-01"))->type, PARAM_INT);
	ck_assert(params_at(ps, "b", day("2026-06-01"))->r == -0.5);
	ck_assert_int_eq(params_at(ps, "c", day("2026-06-01"))->i, 123456);
	params_free(ps);
	free(path);
}
END_TEST

/* --------------------------------------------------------------- rules */

START_TEST(test_rules_bundled)
{
	struct rules *r = rules_load("etc/rules.conf");
	const struct programme *g;
	size_t i, terms = 0;

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->version, "tr-2026.11");
	ck_assert_str_eq(r->params, "etc/params.tsv");
	ck_assert_int_eq(r->nprog, 5);
	g = rules_find(r, "regular");
	ck_assert_ptr_nonnull(g);
	ck_assert(g->has_score && g->pays && g->application && !g->person);
	ck_assert(g->icpt == 39.84);
	for (i = 0; i < g->nrule; i++)
		if (g->rule[i].kind == R_TERM)
			terms++;
	ck_assert_int_eq(terms, 6);
	g = rules_find(r, "unemployment");
	ck_assert(g && g->person);
	ck_assert_ptr_null(rules_find(r, "nosuch"));
	rules_free(r);
	r = rules_load("etc/rules-az.conf");
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(rules_find(r, "tssa"));
	rules_free(r);
}
END_TEST

START_TEST(test_rules_continuation_and_map)
{
	char *path = write_file("r.conf", "version = t1\n"
	    "[programme p]\n"
	    "let x = 1 +\n"
	    "    2\n"
	    "map m = dwelling\n"
	    "    owned 3\n"
	    "    'shelter' 0\n"
	    "    5 1.5\n"
	    "\n"
	    "require OK = x = 3\n");
	struct rules *r = rules_load(path);
	const struct programme *g;

	ck_assert_ptr_nonnull(r);
	g = &r->prog[0];
	ck_assert_int_eq(g->nrule, 3);
	ck_assert_str_eq(g->rule[0].expr, "1 +\n2");
	ck_assert_int_eq(g->rule[1].nmap, 3);
	ck_assert_str_eq(g->rule[1].map[0].key, "'owned'");
	ck_assert_str_eq(g->rule[1].map[1].key, "'shelter'");
	ck_assert_str_eq(g->rule[1].map[2].key, "5");
	ck_assert_str_eq(g->rule[1].map[2].value, "1.5");
	ck_assert_int_eq(g->rule[2].line, 10);
	rules_free(r);
	free(path);
}
END_TEST

START_TEST(test_rules_refused)
{
	static const char *const bad[] = {
		"[programme p]\namount = 1\n",			/* no version */
		"version = v\n",				/* no programme */
		"version = v\n[programme p]\nterm t = x\nintercept = 1\n",
		"version = v\n[programme p]\nlet x = 1\nlet x = 2\n",
		"version = v\n[programme p]\nrequire lower = 1\n",
		"version = v\n[programme p]\npays = yes\n",
		"version = v\n[programme p]\nunit = village\n",
		"version = v\n[programme p]\nlet x =\n",
		"version = v\n[programme p]\n[programme p]\n",
		"version = v\n  indented\n[programme p]\n",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *path = write_file("r.conf", bad[i]);

		ck_assert_msg(rules_load(path) == NULL, "case %zu", i);
		free(path);
	}
}
END_TEST

/* ------------------------------------------------------------ functions */

static struct store *
scratch_store(const struct params *ps)
{
	char *path = tmp_path("s.db");
	struct store *s = store_open(path, STORE_WRITE);

	free(path);
	hview_functions(s->db, ps);
	hview_schema(s);
	return s;
}

static int64_t
q_store_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql);
	int64_t v;

	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_type(st, 0), SQLITE_INTEGER);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
q_fails(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql);
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_ERROR;
}

START_TEST(test_functions_money)
{
	struct params *ps = params_load("etc/params.tsv");
	struct store *s = scratch_store(ps);

	/* GSS premium before and after 2025-12-01, and in 2026 */
	ck_assert_int_eq(q_store_int(s, "SELECT pct(2600550, 3)"), 78017);
	ck_assert_int_eq(q_store_int(s, "SELECT pct(2600550, 6)"), 156033);
	ck_assert_int_eq(q_store_int(s, "SELECT pct(3303000, 6)"), 198180);
	/* the stamp tax, three decimals of a percent */
	ck_assert_int_eq(q_store_int(s, "SELECT pct(2642400, 0.759)"), 20056);
	ck_assert_int_eq(q_store_int(s, "SELECT pct(1200000, 0.759)"), 9108);
	/* half away from zero, both signs */
	ck_assert_int_eq(q_store_int(s, "SELECT pct(5, 10)"), 1);
	ck_assert_int_eq(q_store_int(s, "SELECT pct(-5, 10)"), -1);
	ck_assert_int_eq(q_store_int(s, "SELECT pct(4, 10)"), 0);
	ck_assert_int_eq(q_store_int(s, "SELECT divround(7, 2)"), 4);
	ck_assert_int_eq(q_store_int(s, "SELECT divround(-7, 2)"), -4);
	ck_assert_int_eq(q_store_int(s, "SELECT divround(7, -2)"), -4);
	ck_assert_int_eq(q_store_int(s, "SELECT divround(13211988, 12)"), 1100999);
	ck_assert_int_eq(q_store_int(s, "SELECT divround(9223372036854775807, 1)"),
	    INT64_MAX);
	ck_assert(q_fails(s, "SELECT divround(1, 0)"));
	ck_assert(q_fails(s, "SELECT pct(1.5, 10)"));
	ck_assert(q_fails(s, "SELECT divround(1.5, 1)"));
	store_close(s);
	params_free(ps);
}
END_TEST

START_TEST(test_functions_dates_params)
{
	struct params *ps = params_load("etc/params.tsv");
	struct store *s = scratch_store(ps);

	ck_assert_int_eq(q_store_int(s, "SELECT days('2026-10-19', '2026-11-19')"), 31);
	ck_assert_int_eq(q_store_int(s, "SELECT days('2024-02-28', '2024-03-01')"), 2);
	ck_assert_int_eq(q_store_int(s, "SELECT age('2010-05-01', '2026-11-23')"), 16);
	ck_assert_int_eq(q_store_int(s, "SELECT age('2008-02-29', '2026-02-28')"), 17);
	ck_assert_int_eq(q_store_int(s, "SELECT age('2008-02-29', '2026-03-01')"), 18);
	ck_assert_int_eq(q_store_int(s, "SELECT age('2000-01-01', '2000-01-01')"), 0);
	ck_assert_int_eq(q_store_int(s, "SELECT age('2030-01-01', '2026-01-01') IS NULL"), 1);
	ck_assert_int_eq(q_store_int(s, "SELECT param('gss_premium_pct', '2025-11-30')"), 3);
	ck_assert_int_eq(q_store_int(s, "SELECT param('gss_premium_pct', '2025-12-01')"), 6);
	ck_assert(q_fails(s, "SELECT param('min_wage_gross', '2020-01-01')"));
	ck_assert(q_fails(s, "SELECT param('nosuch', '2026-01-01')"));
	ck_assert(q_fails(s, "SELECT days('2026-02-30', '2026-03-01')"));
	store_close(s);
	params_free(ps);
}
END_TEST

/* --------------------------------------------------------------- scorer */

/* One household of the view with what the PMT reads. */
static void
add_household(struct store *s, const char *id, int size, const char *sex,
	int age, int wall, int water)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO temp.hh (household_id,"
	    " size, head_sex, head_age, wall, water, visit_date,"
	    " visit_recommendation, income_registry) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, '2026-10-01', NULL, 0)");

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, size);
	sqlite3_bind_text(st, 3, sex, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, age);
	sqlite3_bind_int(st, 5, wall);
	sqlite3_bind_int(st, 6, water);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/*
 * A scorer over a scratch store: the bundled parameters, the rules of
 * text (or etc/rules.conf when NULL), households added by the test, then
 * the programme named (or the first) compiled by fx_score().
 */
struct fx {
	struct params *ps;
	struct rules *r;
	struct store *s;
	struct scorer *sc;
	struct outcome o;
	char *path;
};

static void
fx_open(struct fx *f, const char *text)
{
	memset(f, 0, sizeof *f);
	f->ps = params_load("etc/params.tsv");
	if (text)
		f->path = write_file("r.conf", text);
	f->r = rules_load(text ? f->path : "etc/rules.conf");
	ck_assert_ptr_nonnull(f->r);
	f->s = scratch_store(f->ps);
}

static void
fx_score(struct fx *f, const char *programme)
{
	f->sc = scorer_new(f->s, f->r, programme ? rules_find(f->r, programme) :
	    &f->r->prog[0], f->ps, day("2026-11-23"), NULL);
	ck_assert_ptr_nonnull(f->sc);
}

static void
fx_close(struct fx *f)
{
	scorer_free(f->sc);
	outcome_release(&f->o);
	store_close(f->s);
	rules_free(f->r);
	params_free(f->ps);
	free(f->path);
}

START_TEST(test_scorer_pmt_worked_example)
{
	struct fx f;

	fx_open(&f, NULL);
	/* A child-headed household of 9, wall 1, water 2; a female-headed
	 * household of 3, wall 3, water 4 (REFERENCE.md section 3). */
	add_household(f.s, "W1", 9, "M", 16, 1, 2);
	add_household(f.s, "W2", 3, "F", 40, 3, 4);
	fx_score(&f, "regular");
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_str_eq(f.o.household_id, "W1");
	ck_assert(f.o.has_score);
	ck_assert_msg(f.o.score == 23.13, "score %.17g", f.o.score);
	ck_assert_int_eq(f.o.decision, DEC_ELIGIBLE);
	ck_assert_int_eq(f.o.amount, 100000 + 25000 * 9);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_str_eq(f.o.household_id, "W2");
	ck_assert_msg(f.o.score == 70.31, "score %.17g", f.o.score);
	ck_assert_int_eq(f.o.decision, DEC_NOT_ELIGIBLE);
	ck_assert_str_eq(f.o.reasons.p, "PMT_ABOVE_CUTOFF");
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 0);
	fx_close(&f);
}
END_TEST

/* A failing rule names itself and the household; the rest go on. */
START_TEST(test_scorer_error_names_rule)
{
	struct fx f;

	fx_open(&f, "version = t\n"
	    "[programme p]\n"
	    "let w2 = wall * 2\n"
	    "amount = pct(w2 * 0.5, 10)\n"
	    "require ANY = 1\n");
	add_household(f.s, "A", 1, "M", 40, 1, 1);
	add_household(f.s, "B", 1, "M", 40, 2, 1);
	add_household(f.s, "C", 1, "M", 40, 3, 1);
	fx_score(&f, NULL);
	/* w2 * 0.5 is a real: pct() refuses it, for every household */
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_str_eq(f.o.household_id, "A");
	ck_assert_int_eq(f.o.decision, DEC_ERROR);
	ck_assert_msg(strstr(f.o.error.p, ":4: programme p, amount: household A:"),
	    "%s", f.o.error.p);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_str_eq(f.o.household_id, "B");
	ck_assert_int_eq(f.o.decision, DEC_ERROR);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_str_eq(f.o.household_id, "C");
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 0);
	fx_close(&f);
}
END_TEST

/* An error after a granted household keeps nothing of it: no amount, no
 * entitlement. */
START_TEST(test_scorer_error_keeps_nothing)
{
	struct fx f;

	fx_open(&f, "version = t\n"
	    "[programme p]\npays = yes\nrequire ANY = 1\n"
	    "amount = divround(100, 3 - wall)\n");
	add_household(f.s, "A", 1, "M", 40, 1, 1);
	add_household(f.s, "B", 1, "M", 40, 3, 1);
	fx_score(&f, NULL);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_int_eq(f.o.decision, DEC_ELIGIBLE);
	ck_assert(f.o.entitled && f.o.has_amount && f.o.amount == 50);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_str_eq(f.o.household_id, "B");
	ck_assert_int_eq(f.o.decision, DEC_ERROR);
	ck_assert(!f.o.entitled && !f.o.has_amount);
	ck_assert_msg(strstr(f.o.error.p, "division by zero"), "%s", f.o.error.p);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 0);
	fx_close(&f);
}
END_TEST

/* Rules that write, read other tables or run a second statement are
 * refused before anything runs. */
START_TEST(test_scorer_refuses_writes_and_injection)
{
	static const char *const bad[] = {
		"amount = (SELECT count(*) FROM main.person)\n",
		"amount = 1) FROM temp.hh; DELETE FROM person; SELECT (1\n",
		"amount = (SELECT count(*) FROM sqlite_schema)\n",
		"let x = random()\n",
		"let x = date('now')\n",
		"let x = load_extension('x')\n",
		"let x = :no_such_param\n",
		"let size = 1\n",
		"let x = date(\"now\")\n",
		"let x = julianday('n' || 'ow')\n",
		"let x = (SELECT max(size) FROM temp.hh)\n",
		"let x = _board_decision\n",
		"let x = :_programme\n",
	};
	struct params *ps = params_load("etc/params.tsv");
	struct store *s = scratch_store(ps);
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		char text[256];
		char *path;
		struct rules *r;

		snprintf(text, sizeof text, "version = t\n[programme p]\n%s",
		    bad[i]);
		path = write_file("r.conf", text);
		r = rules_load(path);
		ck_assert_ptr_nonnull(r);
		ck_assert_msg(scorer_new(s, r, &r->prog[0], ps,
		    day("2026-11-23"), NULL) == NULL, "case %zu", i);
		rules_free(r);
		free(path);
	}
	store_close(s);
	params_free(ps);
}
END_TEST

/* Data that looks like SQL is only ever a value. */
START_TEST(test_scorer_data_is_data)
{
	struct fx f;

	fx_open(&f, "version = t\n[programme p]\n"
	    "require SAFE = head_sex <> 'x'\n");
	add_household(f.s, "X'); DROP TABLE hh; --", 1,
	    "F'); DELETE FROM temp.hh; --", 40, 1, 1);
	fx_score(&f, NULL);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 1);
	ck_assert_int_eq(f.o.decision, DEC_ELIGIBLE);
	ck_assert_int_eq(scorer_next(f.sc, &f.o), 0);
	ck_assert_int_eq(q_store_int(f.s, "SELECT count(*) FROM temp.hh"), 1);
	fx_close(&f);
}
END_TEST

/* ---------------------------------------------------------------- views */

/*
 * A small store with what makes the views hard: a member with two national
 * ids, civil data by id, by link and from person records only, a member
 * born after the day and one who died on it, ties between records broken
 * by source and record_id, records ended by a snapshot, a head who is a
 * member of another household, an ended household and one without
 * members, visits to the household and to a member, applications by id
 * and by link, board decisions, a benefit decided before and a
 * continued transfer.  The as-of day is 2026-11-23.
 */
static const char view_store[] =
	"INSERT INTO run (run_id, program, version, argv) VALUES (1, 't', 'v',"
	" '[]');"
	"INSERT INTO source VALUES ('civ', 'civil', 1), ('civ2', 'civil', 1),"
	" ('per', 'person', 1), ('app', 'application', 1);"
	"INSERT INTO household (household_id, origin, head, size, province,"
	" district, first_run, last_run, ended_run) VALUES"
	" ('H1', 'civil', 'P1', 4, 34, 'Kadikoy', 1, 1, NULL),"
	" ('H2', 'address', 'P4', 1, 6, NULL, 1, 1, NULL),"
	" ('H3', 'civil', 'P8', 1, 35, 'Konak', 1, 1, 1),"
	" ('H4', 'civil', NULL, 0, NULL, NULL, 1, 1, NULL),"
	" ('H5', 'civil', 'P6', 2, 1, 'Seyhan', 1, 1, NULL);"
	"INSERT INTO member VALUES ('P1', 'H1', 'head', 'civil'),"
	" ('P2', 'H1', 'child', 'civil'), ('P3', 'H1', 'parent', 'civil'),"
	" ('P4', 'H1', 'other', 'address'), ('P5', 'H2', 'head', 'address'),"
	" ('P6', 'H5', 'head', 'civil'), ('P7', 'H5', 'spouse', 'civil'),"
	" ('P8', 'H3', 'head', 'civil');"
	"INSERT INTO person_nid VALUES ('N1', 'P1'), ('N1b', 'P1'),"
	" ('N2', 'P2'), ('N3', 'P3'), ('N5', 'P5'), ('N6', 'P6'),"
	" ('N7', 'P7'), ('N8', 'P8'), ('N9', 'P99');"
	"INSERT INTO link (source, record_id, person_id) VALUES"
	" ('civ', 'r4', 'P4'), ('per', 'q2', 'P2'), ('app', 'a3', 'P5'),"
	" ('app', 'a4', 'P4');"
	"INSERT INTO src_civil (source, record_id, national_id, sex, birth_date,"
	" death_date, marital_status, education, first_run, last_run, ended)"
	" VALUES"
	" ('civ', 'r1', 'N1', 'M', '1980-05-01', NULL, 'married', 'primary',"
	" 1, 1, NULL),"
	" ('civ2', 'r0', 'N1b', 'F', '1981-01-01', NULL, 'single', NULL,"
	" 1, 1, NULL),"
	" ('civ', 'r2', 'N2', 'F', '2015-03-10', NULL, NULL, NULL, 1, 1, NULL),"
	" ('civ', 'r3', 'N3', 'M', '1950-01-01', '2026-01-01', 'widowed',"
	" NULL, 1, 1, NULL),"
	" ('civ', 'r3b', 'N3', 'M', '1950-01-02', NULL, NULL, NULL, 1, 1,"
	" '2026-11-01'),"
	" ('civ', 'r4', NULL, 'F', '2000-02-29', NULL, 'single', 'high',"
	" 1, 1, NULL),"
	" ('civ', 'r5', 'N5', 'F', '2030-01-01', NULL, NULL, NULL, 1, 1, NULL),"
	" ('civ', 'r6', 'N6', 'M', '1990-06-15', '2026-11-23', 'married',"
	" 'primary', 1, 1, NULL),"
	" ('civ', 'r8', 'N8', 'M', '1970-01-01', NULL, NULL, NULL, 1, 1, NULL);"
	"INSERT INTO src_person (source, record_id, national_id, sex,"
	" birth_date, first_run, last_run) VALUES"
	" ('per', 'q7', 'N7', 'F', '1961-01-01', 1, 1),"
	" ('per', 'q2', NULL, 'M', '2015-03-10', 1, 1);"
	"INSERT INTO src_sgk (source, record_id, national_id, status,"
	" start_date, end_date, end_reason, period, premium_days, earnings,"
	" first_run, last_run, ended) VALUES"
	" ('sgk', 's1', 'N1', 'employed', '2020-01-01', NULL, NULL, NULL, NULL,"
	" NULL, 1, 1, NULL),"
	" ('sgk', 's2', 'N1b', 'employed', '2019-01-01', '2026-03-31',"
	" 'dismissal', NULL, NULL, NULL, 1, 1, NULL),"
	" ('sgk', 's3', 'N1', 'employed', '2018-01-01', '2026-03-31',"
	" 'resignation', NULL, NULL, NULL, 1, 1, NULL),"
	" ('sgk', 's4', 'N1', 'employed', '2017-01-01', '2026-09-30',"
	" 'dismissal', NULL, NULL, NULL, 1, 1, '2026-11-01'),"
	" ('sgk', 'm1', 'N1', 'employed', '2020-01-01', NULL, NULL, '2026-01',"
	" 30, 2000000, 1, 1, NULL),"
	" ('sgk', 'm0', 'N1b', 'employed', '2019-01-01', NULL, NULL, '2026-03',"
	" 25, 1500000, 1, 1, NULL),"
	" ('sgk', 'm2', 'N1b', 'employed', '2019-01-01', NULL, NULL, '2025-10',"
	" 30, 1500000, 1, 1, NULL),"
	" ('sgk', 'm3', 'N2', 'employed', '2019-01-01', NULL, NULL, '2026-11',"
	" 30, 700000, 1, 1, NULL),"
	" ('sgk', 'p1', 'N5', 'pensioner', '2020-01-01', NULL, NULL, NULL,"
	" NULL, NULL, 1, 1, NULL),"
	" ('sgk', 'j6', 'N6', 'employed', '2010-01-01', '2024-01-01', 'quit',"
	" NULL, NULL, NULL, 1, 1, NULL),"
	" ('sgk', 'w7', 'N7', 'self_employed', '2026-01-01', '2026-12-31',"
	" NULL, NULL, NULL, NULL, 1, 1, NULL);"
	"INSERT INTO src_tax (source, record_id, national_id, year,"
	" income_type, amount, first_run, last_run) VALUES"
	" ('tax', 't1', 'N1', 2025, 'rent', 1200000, 1, 1),"
	" ('tax', 't2', 'N1', 2025, 'wage', 9999, 1, 1),"
	" ('tax', 't3', 'N2', 2024, 'rent', 5, 1, 1),"
	" ('tax', 't4', 'N6', 2025, 'business', 36000, 1, 1);"
	"INSERT INTO src_assets (source, record_id, national_id, asset_type,"
	" value, share_pct, acquired, disposed, rent, first_run, last_run)"
	" VALUES"
	" ('as', 'a1', 'N1', 'dwelling', 50000000, 50, NULL, NULL, 200000, 1,"
	" 1),"
	" ('as', 'a2', 'N1b', 'vehicle', 30000000, NULL, '2020-01-01', NULL,"
	" NULL, 1, 1),"
	" ('as', 'a3', 'N5', 'land', 1000000, NULL, NULL, '2026-01-01', NULL,"
	" 1, 1),"
	" ('as', 'a4', 'N6', 'shop', NULL, NULL, '2027-01-01', NULL, NULL, 1,"
	" 1),"
	" ('as', 'a5', 'N7', 'land', NULL, 25, NULL, NULL, 1000, 1, 1);"
	"INSERT INTO src_bank (source, record_id, national_id, iban, balance,"
	" opened, closed, first_run, last_run) VALUES"
	" ('bk', 'b1', 'N1', 'X1', 150000, NULL, NULL, 1, 1),"
	" ('bk', 'b2', 'N2', 'X2', -5000, '2020-01-01', '2026-12-01', 1, 1),"
	" ('bk', 'b3', 'N5', 'X3', 100, NULL, '2026-01-01', 1, 1),"
	" ('bk', 'b4', 'N7', 'X4', NULL, NULL, NULL, 1, 1);"
	"INSERT INTO src_health (source, record_id, national_id,"
	" disability_pct, chronic_illness, report_date, valid_until,"
	" first_run, last_run) VALUES"
	" ('h', 'h1', 'N2', 45, 1, '2025-01-01', NULL, 1, 1),"
	" ('h', 'h2', 'N2', 20, 0, '2024-01-01', '2025-01-01', 1, 1),"
	" ('h', 'h3', 'N7', NULL, 1, NULL, NULL, 1, 1),"
	" ('h', 'h4', 'N1b', 40, NULL, '2026-11-23', '2026-11-23', 1, 1);"
	"INSERT INTO src_education (source, record_id, national_id, school_id,"
	" level, school_year, enrolled, attendance_pct, period, first_run,"
	" last_run) VALUES"
	" ('e', 'e1', 'N2', 'S1', 'primary', 2026, 1, 85, '2026-10', 1, 1),"
	" ('e', 'e2', 'N2', 'S1', 'primary', 2026, 1, 90, NULL, 1, 1),"
	" ('e', 'e3', 'N3', 'S9', 'primary', 2025, 0, NULL, '2026-05', 1, 1),"
	" ('e', 'e4', 'N6', 'S2', 'secondary', 2026, 1, NULL, '2026-10', 1,"
	" 1),"
	" ('e', 'e5', 'N7', 'S2', 'secondary', 2024, 1, 70, '2025-05', 1, 1);"
	"INSERT INTO src_visit (source, record_id, national_id, household_id,"
	" visit_date, dwelling, wall, water, rooms, household_size,"
	" recommendation, first_run, last_run) VALUES"
	" ('v', 'v1', NULL, 'H1', '2026-01-01', 'apartment', 3, 4, 3, 4,"
	" 'eligible', 1, 1),"
	" ('v', 'v2', 'N2', NULL, '2026-06-01', 'apartment', 2, 4, 3, 5,"
	" 'review', 1, 1),"
	" ('v', 'v3', 'N1', NULL, '2027-01-01', 'house', 5, 5, 9, 2, NULL, 1,"
	" 1),"
	" ('v', 'v4', NULL, 'H5', '2026-06-01', 'house', 1, 2, 2, 2, NULL, 1,"
	" 1),"
	" ('v', 'v5', 'N6', NULL, '2026-06-01', 'tent', 1, 1, 1, 3, 'eligible',"
	" 1, 1);"
	"INSERT INTO src_application (source, record_id, national_id,"
	" programme, application_date, household_size, declared_income,"
	" first_run, last_run) VALUES"
	" ('app', 'a1', 'N1', 'regular', '2026-10-01', 4, 0, 1, 1),"
	" ('app', 'a2', 'N2', 'regular', '2026-11-01', 4, 100000, 1, 1),"
	" ('app', 'a3', NULL, 'unemployment', '2026-09-01', 1, NULL, 1, 1),"
	" ('app', 'a4', 'N7', 'unemployment', '2024-01-01', 2, NULL, 1, 1),"
	" ('app', 'a5', 'N7', 'unemployment', '2026-10-10', 2, 50000, 1, 1),"
	" ('app', 'a6', 'N1', 'regular', '2026-12-01', 4, 0, 1, 1);"
	"INSERT INTO src_board (source, record_id, household_id, programme,"
	" decision, meeting_ref, meeting_date, amount, valid_until, first_run,"
	" last_run) VALUES"
	" ('b', 'd1', 'H1', 'regular', 'eligible', 'M1', '2026-10-01', 300000,"
	" NULL, 1, 1),"
	" ('b', 'd2', 'H1', 'regular', 'not_eligible', 'M2', '2026-11-01',"
	" NULL, '2027-01-01', 1, 1),"
	" ('b', 'd3', 'H5', 'gss', 'eligible', 'M3', '2026-11-02', NULL, NULL,"
	" 1, 1);"
	"INSERT INTO sanction_decision (person_id, household_id, kind,"
	" programme, rule, from_date, until_date, events, params_sha256,"
	" run_id) VALUES ('P2', 'H1', 'incentive', 'cct', 'r', '2026-01-01',"
	" '2027-01-01', '[]', 'x', 1);"
	"INSERT INTO assessment VALUES ('H5', 'regular', '', 1, '2026-10-23',"
	" NULL, 'eligible', 'eligible', 300000, NULL, 1, 1, '', NULL, 'v', 'x',"
	" 'x', '[]');";

/* The views' rows, every value with its type, in order. */
static void
dump_views(struct store *s, struct buf *b)
{
	static const char *const sql[] = {
		"SELECT * FROM temp.hh ORDER BY 1",
		"SELECT * FROM temp.pv ORDER BY 1, 2",
		"SELECT * FROM temp.app_hh ORDER BY 1, 2",
		"SELECT * FROM temp.app_pv ORDER BY 1, 2",
		"SELECT * FROM temp.brd ORDER BY 1, 2",
		NULL
	};
	sqlite3_stmt *st;
	int i, k;

	for (k = 0; sql[k]; k++) {
		st = store_prepare(s, sql[k]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++)
				buf_printf(b, "%d:%s|", sqlite3_column_type(st, i),
				    sqlite3_column_type(st, i) == SQLITE_NULL ? "" :
				    (const char *)sqlite3_column_text(st, i));
			buf_addc(b, '\n');
		}
		sqlite3_finalize(st);
		buf_adds(b, "--\n");
	}
}

/*
 * Builds the views of the store at path for the households of want (all
 * when NULL) as how says, into b; returns how they were built.
 */
static int
build_views(const char *path, const char *const *want, enum hview_how how,
	struct buf *b)
{
	static const char *const pprog[] = { "unemployment", NULL };
	struct params *ps = params_load("etc/params.tsv");
	struct store *s = store_open(path, STORE_WRITE);
	sqlite3_stmt *st;
	int got;

	hview_functions(s->db, ps);
	hview_schema(s);
	if (!want)
		store_exec(s, "INSERT INTO temp.want SELECT household_id"
		    " FROM household");
	for (; want && *want; want++) {
		st = store_prepare(s, "INSERT INTO temp.want VALUES (?1)");
		sqlite3_bind_text(st, 1, *want, -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	got = hview_build_how(s, day("2026-11-23"), pprog, how);
	dump_views(s, b);
	store_close(s);
	params_free(ps);
	return got;
}

static char *
view_store_path(const char *more)
{
	char *path = tmp_path("views.db");
	struct store *s = store_open(path, STORE_WRITE);

	store_exec(s, view_store);
	if (more)
		store_exec(s, more);
	store_commit(s);
	store_close(s);
	return path;
}

/* The scans give the rows the set-based steps give, value for value. */
START_TEST(test_views_scan_as_sql)
{
	static const char *const some[] = { "H2", "H5", "H9", NULL };
	char *path = view_store_path(NULL);
	struct buf sql = BUF_INIT, scan = BUF_INIT;

	ck_assert_int_eq(build_views(path, NULL, HVIEW_SQL, &sql), HVIEW_SQL);
	ck_assert_int_eq(build_views(path, NULL, HVIEW_SCAN, &scan),
	    HVIEW_SCAN);
	ck_assert_str_eq(scan.p, sql.p);
	/* four live households, three claimants, and what they hold */
	ck_assert_msg(strstr(sql.p, "3:H1|3:civil|1:34|3:Kadikoy|1:3|1:0|1:1|"
	    "1:2|1:2|1:0|1:0|1:1|3:M|1:46|3:primary|3:married|1:2|1:45|1:1|"
	    "1:1|1:0|1:291667|1:100000|1:100000|1:104167|"), "%s", sql.p);
	ck_assert_msg(strstr(sql.p, "3:H1|3:P1|1:3|1:46|3:M|3:2026-03-31|"
	    "3:resignation|1:3012|"), "%s", sql.p);
	ck_assert_msg(strstr(sql.p, "3:H5|3:P7|"), "%s", sql.p);
	ck_assert_msg(strstr(sql.p, "3:H2|3:P5|"), "%s", sql.p);
	ck_assert_msg(strstr(sql.p, "3:H1|3:regular|3:not_eligible|3:M2|"),
	    "%s", sql.p);

	/* some households: a head who is a member of one not asked for */
	buf_reset(&sql);
	buf_reset(&scan);
	ck_assert_int_eq(build_views(path, some, HVIEW_SQL, &sql), HVIEW_SQL);
	ck_assert_int_eq(build_views(path, some, HVIEW_SCAN, &scan),
	    HVIEW_SCAN);
	ck_assert_str_eq(scan.p, sql.p);
	ck_assert_msg(strstr(sql.p, "3:H2|3:address|1:6|5:|1:1|"), "%s", sql.p);
	buf_release(&sql);
	buf_release(&scan);
	free(path);
}
END_TEST

/* Data the scans do not reproduce exactly make them give way to SQL. */
START_TEST(test_views_scan_gives_way)
{
	char *path = view_store_path("INSERT INTO src_health (source,"
	    " record_id, national_id, disability_pct, first_run, last_run)"
	    " VALUES ('h', 'h5', 'N2', 45.5, 1, 1)");
	struct buf sql = BUF_INIT, scan = BUF_INIT;

	ck_assert_int_eq(build_views(path, NULL, HVIEW_SQL, &sql), HVIEW_SQL);
	ck_assert_int_eq(build_views(path, NULL, HVIEW_SCAN, &scan),
	    HVIEW_SQL);
	ck_assert_str_eq(scan.p, sql.p);
	buf_release(&sql);
	buf_release(&scan);
	free(path);
}
END_TEST

/* Most households asked for are read by scans; a few, by look-ups. */
START_TEST(test_views_auto)
{
	static const char *const one[] = { "H1", NULL };
	static const char *const two[] = { "H1", "H2", NULL };
	char *path = view_store_path("INSERT INTO household (household_id,"
	    " origin, size, first_run, last_run) VALUES ('H6', 'civil', 0, 1, 1),"
	    " ('H7', 'civil', 0, 1, 1), ('H8', 'civil', 0, 1, 1)");
	struct buf b = BUF_INIT;

	/* eight households: one asked for is too few, two are enough */
	ck_assert_int_eq(build_views(path, one, HVIEW_AUTO, &b), HVIEW_SQL);
	ck_assert_int_eq(build_views(path, two, HVIEW_AUTO, &b), HVIEW_SCAN);
	buf_release(&b);
	free(path);
}
END_TEST

static Suite *
make_suite(int forking)
{
	Suite *su = suite_create("score");
	TCase *tc = tcase_create("score");

	(void)forking;
	tcase_add_test(tc, test_params_in_force);
	tcase_add_test(tc, test_params_azerbaijan_criterion);
	tcase_add_test(tc, test_params_refused);
	tcase_add_test(tc, test_params_comments_and_types);
	tcase_add_test(tc, test_rules_bundled);
	tcase_add_test(tc, test_rules_continuation_and_map);
	tcase_add_test(tc, test_rules_refused);
	tcase_add_test(tc, test_functions_money);
	tcase_add_test(tc, test_functions_dates_params);
	tcase_add_test(tc, test_scorer_pmt_worked_example);
	tcase_add_test(tc, test_scorer_error_names_rule);
	tcase_add_test(tc, test_scorer_error_keeps_nothing);
	tcase_add_test(tc, test_scorer_refuses_writes_and_injection);
	tcase_add_test(tc, test_scorer_data_is_data);
	tcase_add_test(tc, test_views_scan_as_sql);
	tcase_add_test(tc, test_views_scan_gives_way);
	tcase_add_test(tc, test_views_auto);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_main("check_score", make_suite);
}
