/*
 * check_score.c - unit tests of the dated parameters, the rule file, the
 * rules' SQL functions and the scorer (lib/params.c, lib/rules.c,
 * lib/hview.c, lib/score.c).  Run from the top of the tree (make check):
 * the bundled etc/ files are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_main("check_score", make_suite);
}
