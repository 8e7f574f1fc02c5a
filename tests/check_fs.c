/*
 * check_fs.c - unit tests of lib/fs.c: the Fellegi-Sunter model, its
 * starting values, u from random pairs, EM estimation of m and lambda
 * (with u fixed or estimated too, with known matches), the weights and
 * the match probability.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "check_common.h"

/* For loops over many cases: silent until it fails. */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

/* Fields of 2 to 6 levels, for the starting values. */
static const struct fs_field field_n[5] = {
	{ "two", 2, { "agree", "disagree" } },
	{ "three", 3, { "exact", "close", "disagree" } },
	{ "four", 4, { "l0", "l1", "l2", "l3" } },
	{ "five", 5, { "l0", "l1", "l2", "l3", "l4" } },
	{ "six", 6, { "l0", "l1", "l2", "l3", "l4", "l5" } },
};

/* Three binary fields, for the EM on a known model. */
static const struct fs_field field_bin[3] = {
	{ "name", 2, { "agree", "disagree" } },
	{ "birth", 2, { "agree", "disagree" } },
	{ "place", 2, { "agree", "disagree" } },
};

/* The true model the synthetic patterns are made from. */
static const double true_m[3][2] = { { 0.9, 0.1 }, { 0.8, 0.2 },
	{ 0.95, 0.05 } };
static const double true_u[3][2] = { { 0.1, 0.9 }, { 0.2, 0.8 },
	{ 0.05, 0.95 } };
static const double true_lambda = 0.2;
#define NPAIR	100000.0

/*
 * The 8 patterns of the three binary fields, pattern i having field f at
 * level (i >> f) & 1, each counted by its exact expected number among
 * NPAIR candidate pairs drawn from the true model, rounded; and, when
 * nknown > 0, nknown more pairs drawn from the match class alone, counted
 * as known matches.
 */
static void
synth_patterns(struct fs_pattern p[8], double nknown)
{
	double pm, pu, k;
	int i, f, lv;

	memset(p, 0, 8 * sizeof *p);
	for (i = 0; i < 8; i++) {
		pm = true_lambda;
		pu = 1.0 - true_lambda;
		k = 1.0;
		for (f = 0; f < 3; f++) {
			lv = (i >> f) & 1;
			p[i].level[f] = (unsigned char)lv;
			pm *= true_m[f][lv];
			pu *= true_u[f][lv];
			k *= true_m[f][lv];
		}
		p[i].known = (uint64_t)llround(nknown * k);
		p[i].count = (uint64_t)llround(NPAIR * (pm + pu)) + p[i].known;
	}
}

static void
set_true_u(struct fs_model *fm)
{
	int f, l;

	for (f = 0; f < 3; f++)
		for (l = 0; l < 2; l++)
			fm->u[f][l] = true_u[f][l];
}

/* Starting values */

START_TEST(test_fs_init_starting_values)
{
	struct fs_model fm;
	double msum, usum;
	int f, l, n;

	memset(&fm, 0xA5, sizeof fm);
	fs_init(&fm, field_n, 5);
	ck_assert_int_eq(fm.nfield, 5);
	ck_assert_ptr_eq(fm.field, field_n);
	ck_assert_double_eq(fm.lambda, 0.01);
	ck_assert_int_eq(fm.iterations, 0);
	for (f = 0; f < 5; f++) {
		n = field_n[f].nlevel;
		REQUIRE(fm.m[f][0] == 0.9, "field %d: m[0] %g", f, fm.m[f][0]);
		REQUIRE(fm.u[f][n - 1] == 0.9, "field %d: u[last] %g", f,
		    fm.u[f][n - 1]);
		msum = usum = 0;
		for (l = 0; l < n; l++) {
			msum += fm.m[f][l];
			usum += fm.u[f][l];
			REQUIRE(fm.m[f][l] > 0 && fm.u[f][l] > 0,
			    "field %d level %d: m %g u %g", f, l, fm.m[f][l],
			    fm.u[f][l]);
			/* m falls strictly; u rises (flat below the last). */
			if (l > 0) {
				REQUIRE(fm.m[f][l] < fm.m[f][l - 1],
				    "field %d: m[%d] %g not below m[%d] %g", f,
				    l, fm.m[f][l], l - 1, fm.m[f][l - 1]);
				REQUIRE(fm.u[f][l] >= fm.u[f][l - 1],
				    "field %d: u[%d] %g below u[%d] %g", f, l,
				    fm.u[f][l], l - 1, fm.u[f][l - 1]);
			}
			if (l < n - 1)
				REQUIRE(fabs(fm.u[f][l] - 0.1 / (n - 1)) < 1e-15,
				    "field %d: u[%d] %g", f, l, fm.u[f][l]);
		}
		REQUIRE(fabs(msum - 1.0) < 1e-12, "field %d: m sums to %.17g",
		    f, msum);
		REQUIRE(fabs(usum - 1.0) < 1e-12, "field %d: u sums to %.17g",
		    f, usum);
	}
	/* Two levels: m {0.9, 0.1}, u {0.1, 0.9}. */
	ck_assert_double_eq_tol(fm.m[0][1], 0.1, 1e-15);
	ck_assert_double_eq_tol(fm.u[0][0], 0.1, 1e-15);
	/* Three levels: the rest of m shared 2:1. */
	ck_assert_double_eq_tol(fm.m[1][1], 0.1 * 2.0 / 3.0, 1e-15);
	ck_assert_double_eq_tol(fm.m[1][2], 0.1 * 1.0 / 3.0, 1e-15);
	ck_assert_double_eq_tol(fm.u[1][0], 0.05, 1e-15);
	ck_assert_double_eq_tol(fm.u[1][1], 0.05, 1e-15);
}
END_TEST

/* u from random pairs */

START_TEST(test_fs_set_u_add_one)
{
	struct fs_model fm;
	uint64_t counts[FS_MAXFIELD][FS_MAXLEVEL];
	double m0[FS_MAXFIELD][FS_MAXLEVEL];
	double sum;
	int f, l;

	fs_init(&fm, field_n, 3);
	memcpy(m0, fm.m, sizeof m0);
	memset(counts, 0, sizeof counts);
	/* Field 0 (2 levels): never seen at all: evenly shared. */
	/* Field 1 (3 levels): 10, 20, 67 pairs: 11, 21, 68 of 100. */
	counts[1][0] = 10;
	counts[1][1] = 20;
	counts[1][2] = 67;
	/* Field 2 (4 levels): a level never seen still gets 1 pair. */
	counts[2][0] = 0;
	counts[2][1] = 3;
	counts[2][2] = 5;
	counts[2][3] = 988;
	fs_set_u(&fm, (const uint64_t (*)[FS_MAXLEVEL])counts);
	ck_assert_double_eq_tol(fm.u[0][0], 0.5, 1e-15);
	ck_assert_double_eq_tol(fm.u[0][1], 0.5, 1e-15);
	ck_assert_double_eq_tol(fm.u[1][0], 0.11, 1e-15);
	ck_assert_double_eq_tol(fm.u[1][1], 0.21, 1e-15);
	ck_assert_double_eq_tol(fm.u[1][2], 0.68, 1e-15);
	ck_assert_double_eq_tol(fm.u[2][0], 1.0 / 1000, 1e-15);
	ck_assert_double_eq_tol(fm.u[2][1], 4.0 / 1000, 1e-15);
	ck_assert_double_eq_tol(fm.u[2][2], 6.0 / 1000, 1e-15);
	ck_assert_double_eq_tol(fm.u[2][3], 989.0 / 1000, 1e-15);
	for (f = 0; f < 3; f++) {
		sum = 0;
		for (l = 0; l < field_n[f].nlevel; l++)
			sum += fm.u[f][l];
		REQUIRE(fabs(sum - 1.0) < 1e-12, "field %d: u sums to %.17g",
		    f, sum);
	}
	/* m is not touched. */
	ck_assert_int_eq(memcmp(m0, fm.m, sizeof m0), 0);
}
END_TEST

/* EM */

START_TEST(test_fs_em_recovers_m_and_lambda)
{
	struct fs_pattern p[8];
	struct fs_model fm;
	int f, l, it;

	synth_patterns(p, 0);
	fs_init(&fm, field_bin, 3);
	set_true_u(&fm);
	it = fs_em(&fm, p, 8, 10000, 1e-10);
	ck_assert_int_eq(it, fm.iterations);
	ck_assert_int_gt(it, 1);
	ck_assert_int_lt(it, 10000);	/* converged, did not run out */
	for (f = 0; f < 3; f++)
		for (l = 0; l < 2; l++)
			REQUIRE(fabs(fm.m[f][l] - true_m[f][l]) < 1e-3,
			    "m[%d][%d] %.6f, true %.6f", f, l, fm.m[f][l],
			    true_m[f][l]);
	ck_assert_double_eq_tol(fm.lambda, true_lambda, 1e-3);
	/* u is held fixed by fs_em. */
	for (f = 0; f < 3; f++)
		for (l = 0; l < 2; l++)
			REQUIRE(fm.u[f][l] == true_u[f][l],
			    "u[%d][%d] moved to %.6f", f, l, fm.u[f][l]);
}
END_TEST

START_TEST(test_fs_em_mu_recovers_m_and_u)
{
	struct fs_pattern p[8];
	struct fs_model fm;
	double dm = 0, du = 0, dmswap = 0;
	int f, l, it;

	synth_patterns(p, 0);
	/*
	 * From fs_init's start (m high at level 0, u high at level 1, lambda
	 * 0.01), both m and u estimated.  The model has a twin with the
	 * classes swapped (m and u exchanged, lambda 1 - lambda); the test
	 * measures the distance to both so a swap shows as such.
	 */
	fs_init(&fm, field_bin, 3);
	it = fs_em_mu(&fm, p, 8, 100000, 1e-12, 1);
	ck_assert_int_eq(it, fm.iterations);
	ck_assert_int_lt(it, 100000);
	for (f = 0; f < 3; f++)
		for (l = 0; l < 2; l++) {
			dm = fmax(dm, fabs(fm.m[f][l] - true_m[f][l]));
			du = fmax(du, fabs(fm.u[f][l] - true_u[f][l]));
			dmswap = fmax(dmswap, fabs(fm.m[f][l] - true_u[f][l]));
		}
	REQUIRE(dmswap > 0.5, "converged to the label-swapped solution "
	    "(m within %g of the true u, lambda %g)", dmswap, fm.lambda);
	REQUIRE(dm < 1e-2, "m off by %g (%d iterations)", dm, it);
	REQUIRE(du < 1e-2, "u off by %g (%d iterations)", du, it);
	ck_assert_double_eq_tol(fm.lambda, true_lambda, 1e-2);
}
END_TEST

START_TEST(test_fs_em_stops_at_maxiter)
{
	struct fs_pattern p[8];
	struct fs_model fm;

	synth_patterns(p, 0);
	fs_init(&fm, field_bin, 3);
	set_true_u(&fm);
	/* A tolerance of 0 is never met. */
	ck_assert_int_eq(fs_em(&fm, p, 8, 3, 0), 3);
	ck_assert_int_eq(fm.iterations, 3);
	fs_init(&fm, field_bin, 3);
	ck_assert_int_eq(fs_em(&fm, p, 8, 0, 1e-6), 0);
	ck_assert_int_eq(fm.iterations, 0);
	ck_assert_double_eq(fm.lambda, 0.01);	/* nothing run */
}
END_TEST

START_TEST(test_fs_em_stops_when_lambda_settles)
{
	/*
	 * One field agreeing on every pair: after the first step m sits at
	 * its bounds and moves no more, but lambda still climbs (to its own
	 * bound, 0.999); the EM goes on until lambda settles too.
	 */
	struct fs_pattern p[1];
	struct fs_model fm;
	int it;

	memset(p, 0, sizeof p);
	p[0].level[0] = 0;
	p[0].count = 1000;
	fs_init(&fm, field_bin, 1);
	it = fs_em(&fm, p, 1, 1000, 1e-9);
	ck_assert_double_eq(fm.m[0][0], 1 - 1e-4);
	ck_assert_double_eq(fm.m[0][1], 1e-4);
	ck_assert_double_eq_tol(fm.lambda, 0.999, 1e-9);
	ck_assert_int_gt(it, 3);
	ck_assert_int_lt(it, 1000);
}
END_TEST

START_TEST(test_fs_em_known_all_give_frequencies)
{
	/*
	 * Every pair a known match: m is the level frequencies of the known
	 * pairs, exactly, whatever u and the start are; lambda (the share
	 * among the pairs not known) has nothing to go on and stays.
	 */
	static const struct fs_field fld[2] = {
		{ "a", 3, { "exact", "close", "disagree" } },
		{ "b", 2, { "agree", "disagree" } },
	};
	struct fs_pattern p[4];
	struct fs_model fm;

	memset(p, 0, sizeof p);
	p[0].level[0] = 0; p[0].level[1] = 0; p[0].count = p[0].known = 50;
	p[1].level[0] = 1; p[1].level[1] = 0; p[1].count = p[1].known = 30;
	p[2].level[0] = 2; p[2].level[1] = 1; p[2].count = p[2].known = 15;
	p[3].level[0] = 0; p[3].level[1] = 1; p[3].count = p[3].known = 5;
	fs_init(&fm, fld, 2);
	fs_em(&fm, p, 4, 100, 1e-12);
	/* Field a: 55, 30, 15 of 100; field b: 80, 20 of 100. */
	ck_assert_double_eq_tol(fm.m[0][0], 0.55, 1e-15);
	ck_assert_double_eq_tol(fm.m[0][1], 0.30, 1e-15);
	ck_assert_double_eq_tol(fm.m[0][2], 0.15, 1e-15);
	ck_assert_double_eq_tol(fm.m[1][0], 0.80, 1e-15);
	ck_assert_double_eq_tol(fm.m[1][1], 0.20, 1e-15);
	ck_assert_double_eq(fm.lambda, 0.01);
	/* Nothing moves after the first step: the second one stops it. */
	ck_assert_int_eq(fm.iterations, 2);
}
END_TEST

START_TEST(test_fs_em_known_pull_m)
{
	/*
	 * The candidates of the known model, and known matches added to
	 * them: known matches that all agree on field 1 pull its m at level
	 * 0 up from the true 0.8, and known matches that all disagree on it
	 * pull it down.
	 */
	struct fs_pattern p[8], q[8];
	struct fs_model free_fm, agree_fm, dis_fm;
	int i;

	synth_patterns(p, 0);
	fs_init(&free_fm, field_bin, 3);
	set_true_u(&free_fm);
	agree_fm = dis_fm = free_fm;
	fs_em(&free_fm, p, 8, 10000, 1e-10);

	/* 20000 known matches agreeing on all three fields (pattern 0). */
	memcpy(q, p, sizeof q);
	ck_assert_int_eq(q[0].level[1], 0);
	q[0].count += 20000;
	q[0].known = 20000;
	fs_em(&agree_fm, q, 8, 10000, 1e-10);
	ck_assert_double_gt(agree_fm.m[1][0], free_fm.m[1][0] + 0.05);
	ck_assert_double_gt(agree_fm.m[0][0], free_fm.m[0][0] + 0.02);

	/* 20000 known matches disagreeing on field 1 only (pattern 2). */
	memcpy(q, p, sizeof q);
	ck_assert_int_eq(q[2].level[0], 0);
	ck_assert_int_eq(q[2].level[1], 1);
	ck_assert_int_eq(q[2].level[2], 0);
	q[2].count += 20000;
	q[2].known = 20000;
	fs_em(&dis_fm, q, 8, 10000, 1e-10);
	ck_assert_double_lt(dis_fm.m[1][0], free_fm.m[1][0] - 0.2);
	ck_assert_double_gt(dis_fm.m[1][1], 0.5);
	for (i = 0; i < 8; i++)	/* the input is not written */
		ck_assert_uint_eq(q[i].known, i == 2 ? 20000 : 0);
}
END_TEST

START_TEST(test_fs_em_known_lambda_excludes_known)
{
	/*
	 * 10000 known matches on top of the 100000 candidates, drawn from
	 * the same match class: m stays the true m, and lambda, the share of
	 * matches among the pairs not known, stays 0.2 (counting the known
	 * ones it would be 30000 / 110000 = 0.27).
	 */
	struct fs_pattern p[8];
	struct fs_model fm;
	uint64_t known = 0;
	int f, l, i;

	synth_patterns(p, 10000);
	for (i = 0; i < 8; i++)
		known += p[i].known;
	ck_assert_uint_ge(known, 9990);
	ck_assert_uint_le(known, 10010);
	fs_init(&fm, field_bin, 3);
	set_true_u(&fm);
	fs_em(&fm, p, 8, 10000, 1e-10);
	for (f = 0; f < 3; f++)
		for (l = 0; l < 2; l++)
			REQUIRE(fabs(fm.m[f][l] - true_m[f][l]) < 1e-3,
			    "m[%d][%d] %.6f, true %.6f", f, l, fm.m[f][l],
			    true_m[f][l]);
	ck_assert_double_eq_tol(fm.lambda, true_lambda, 1e-3);
}
END_TEST

START_TEST(test_fs_em_missing_skipped)
{
	/*
	 * A fourth field missing in every pattern keeps its starting m (and
	 * u, even when u is estimated), and the other fields come out as if
	 * it were not there.
	 */
	static const struct fs_field fld[4] = {
		{ "name", 2, { "agree", "disagree" } },
		{ "birth", 2, { "agree", "disagree" } },
		{ "place", 2, { "agree", "disagree" } },
		{ "phone", 3, { "exact", "close", "disagree" } },
	};
	struct fs_pattern p[8];
	struct fs_model fm, ref, start, mu;
	int f, l, i;

	synth_patterns(p, 0);
	fs_init(&ref, field_bin, 3);
	set_true_u(&ref);
	fs_em(&ref, p, 8, 10000, 1e-10);

	for (i = 0; i < 8; i++)
		p[i].level[3] = FS_MISSING;
	fs_init(&fm, fld, 4);
	set_true_u(&fm);
	start = fm;
	fs_em(&fm, p, 8, 10000, 1e-10);
	for (l = 0; l < 3; l++) {
		REQUIRE(fm.m[3][l] == start.m[3][l], "m[3][%d] %g, start %g",
		    l, fm.m[3][l], start.m[3][l]);
		REQUIRE(fm.u[3][l] == start.u[3][l], "u[3][%d] %g, start %g",
		    l, fm.u[3][l], start.u[3][l]);
	}
	for (f = 0; f < 3; f++)
		for (l = 0; l < 2; l++)
			REQUIRE(fm.m[f][l] == ref.m[f][l],
			    "m[%d][%d] %.17g, without the field %.17g", f, l,
			    fm.m[f][l], ref.m[f][l]);
	ck_assert_double_eq(fm.lambda, ref.lambda);
	/* A missing field weighs nothing. */
	ck_assert_double_eq(fs_pattern_weight(&fm, p[5].level),
	    fs_pattern_weight(&ref, p[5].level));

	fs_init(&mu, fld, 4);
	fs_em_mu(&mu, p, 8, 1000, 1e-10, 1);
	for (l = 0; l < 3; l++) {
		REQUIRE(mu.m[3][l] == start.m[3][l], "mu: m[3][%d] %g", l,
		    mu.m[3][l]);
		REQUIRE(mu.u[3][l] == start.u[3][l], "mu: u[3][%d] %g", l,
		    mu.u[3][l]);
	}

	/* Missing in some patterns only: those pairs do not count for it. */
	synth_patterns(p, 0);
	for (i = 0; i < 8; i++)
		p[i].count = p[i].known = 10;
	p[0].level[1] = FS_MISSING;	/* 10 pairs: field 1 unknown */
	p[2].level[1] = 1;		/* 10 pairs: field 1 disagrees */
	p[4].level[1] = FS_MISSING;
	/* Field 1 seen on 60 pairs (not patterns 0, 4), level 0 on 20. */
	fs_init(&fm, field_bin, 3);
	fs_em(&fm, p, 8, 10, 1e-12);
	{
		int seen = 0, agree = 0;

		for (i = 0; i < 8; i++) {
			if (p[i].level[1] == FS_MISSING)
				continue;
			seen += 10;
			agree += p[i].level[1] == 0 ? 10 : 0;
		}
		ck_assert_int_eq(seen, 60);
		ck_assert_int_eq(agree, 20);
		ck_assert_double_eq_tol(fm.m[1][0], (double)agree / seen,
		    1e-15);
		/* Field 0 sees all 80 pairs, 40 at level 0. */
		ck_assert_double_eq_tol(fm.m[0][0], 0.5, 1e-15);
	}
}
END_TEST

START_TEST(test_fs_em_m_clamped)
{
	/*
	 * All known matches agree on field 0 and disagree on field 1: the
	 * frequencies 1 and 0 are kept in [1e-4, 1 - 1e-4].
	 */
	struct fs_pattern p[2];
	struct fs_model fm;

	memset(p, 0, sizeof p);
	p[0].level[0] = 0;
	p[0].level[1] = 1;
	p[0].level[2] = 0;
	p[0].count = p[0].known = 1000;
	p[1].level[0] = 0;
	p[1].level[1] = 1;
	p[1].level[2] = 1;
	p[1].count = p[1].known = 1000;
	fs_init(&fm, field_bin, 3);
	fs_em(&fm, p, 2, 100, 1e-12);
	ck_assert_double_eq(fm.m[0][0], 1 - 1e-4);
	ck_assert_double_eq(fm.m[0][1], 1e-4);
	ck_assert_double_eq(fm.m[1][0], 1e-4);
	ck_assert_double_eq(fm.m[1][1], 1 - 1e-4);
	/* Not at the bounds: not clamped. */
	ck_assert_double_eq(fm.m[2][0], 0.5);
	ck_assert_double_eq(fm.m[2][1], 0.5);
	/* Every weight stays finite. */
	ck_assert(isfinite(fs_weight(&fm, 1, 0)));
	ck_assert(isfinite(fs_weight(&fm, 0, 1)));
}
END_TEST

/* Weights and probability */

START_TEST(test_fs_weight_log2_ratio)
{
	struct fs_model fm;
	unsigned char lv[FS_MAXFIELD];

	fs_init(&fm, field_n, 2);
	/* Two levels: 0.9 / 0.1 and 0.1 / 0.9. */
	ck_assert_double_eq_tol(fs_weight(&fm, 0, 0), log2(9.0), 1e-12);
	ck_assert_double_eq_tol(fs_weight(&fm, 0, 1), -log2(9.0), 1e-12);
	fm.m[1][0] = 0.8;
	fm.u[1][0] = 0.1;
	fm.m[1][1] = 0.15;
	fm.u[1][1] = 0.3;
	fm.m[1][2] = 0.05;
	fm.u[1][2] = 0.6;
	ck_assert_double_eq_tol(fs_weight(&fm, 1, 0), 3.0, 1e-12);
	ck_assert_double_eq_tol(fs_weight(&fm, 1, 1), -1.0, 1e-12);
	ck_assert_double_eq_tol(fs_weight(&fm, 1, 2), -log2(12.0), 1e-12);
	ck_assert_double_eq(fs_weight(&fm, 0, FS_MISSING), 0.0);
	ck_assert_double_eq(fs_weight(&fm, 1, FS_MISSING), 0.0);

	memset(lv, 0, sizeof lv);
	lv[0] = 0;
	lv[1] = 1;
	ck_assert_double_eq_tol(fs_pattern_weight(&fm, lv), log2(9.0) - 1.0,
	    1e-12);
	lv[0] = 1;
	lv[1] = 0;
	ck_assert_double_eq_tol(fs_pattern_weight(&fm, lv), 3.0 - log2(9.0),
	    1e-12);
	lv[1] = FS_MISSING;
	ck_assert_double_eq_tol(fs_pattern_weight(&fm, lv), -log2(9.0), 1e-12);
	lv[0] = FS_MISSING;
	ck_assert_double_eq(fs_pattern_weight(&fm, lv), 0.0);
	/* Only the model's fields count: a level past them is not read. */
	lv[0] = 0;
	lv[1] = 0;
	lv[2] = 1;
	ck_assert_double_eq_tol(fs_pattern_weight(&fm, lv), log2(9.0) + 3.0,
	    1e-12);
}
END_TEST

START_TEST(test_fs_match_probability)
{
	struct fs_model fm;
	double w, prev, pr, prior;

	fs_init(&fm, field_bin, 3);
	fm.lambda = 0.2;
	/* log2(0.2 / 0.8) = -2: a weight of 2 balances the prior. */
	ck_assert_double_eq_tol(fs_match_probability(&fm, 2.0), 0.5, 1e-15);
	ck_assert_double_eq_tol(fs_match_probability(&fm, 3.0), 2.0 / 3.0,
	    1e-15);
	ck_assert_double_eq_tol(fs_match_probability(&fm, 1.0), 1.0 / 3.0,
	    1e-15);
	ck_assert_double_eq_tol(fs_match_probability(&fm, 0.0), 0.2, 1e-15);
	for (fm.lambda = 1e-6; fm.lambda < 0.99; fm.lambda *= 3) {
		prior = log2(fm.lambda / (1 - fm.lambda));
		ck_assert_double_eq_tol(fs_match_probability(&fm, -prior),
		    0.5, 1e-12);
		/* With no evidence, the probability is the prior itself. */
		ck_assert_double_eq_tol(fs_match_probability(&fm, 0),
		    fm.lambda, 1e-12);
	}
	fm.lambda = 0.01;
	prev = fs_match_probability(&fm, -40);
	ck_assert_double_ge(prev, 0);
	for (w = -39.75; w <= 40; w += 0.25) {
		pr = fs_match_probability(&fm, w);
		REQUIRE(pr > prev, "not monotone at w %g: %.17g after %.17g",
		    w, pr, prev);
		REQUIRE(pr >= 0 && pr <= 1, "w %g: %g", w, pr);
		prev = pr;
	}
}
END_TEST

/* Determinism */

START_TEST(test_fs_em_deterministic)
{
	struct fs_pattern p[8];
	struct fs_model a, b;

	synth_patterns(p, 500);
	fs_init(&a, field_bin, 3);
	fs_init(&b, field_bin, 3);
	fs_em_mu(&a, p, 8, 37, 0, 1);
	fs_em_mu(&b, p, 8, 37, 0, 1);
	ck_assert_int_eq(memcmp(a.m, b.m, sizeof a.m), 0);
	ck_assert_int_eq(memcmp(a.u, b.u, sizeof a.u), 0);
	ck_assert_int_eq(memcmp(&a.lambda, &b.lambda, sizeof a.lambda), 0);
	ck_assert_int_eq(a.iterations, b.iterations);
	fs_init(&a, field_bin, 3);
	fs_init(&b, field_bin, 3);
	set_true_u(&a);
	set_true_u(&b);
	fs_em(&a, p, 8, 10000, 1e-10);
	fs_em(&b, p, 8, 10000, 1e-10);
	ck_assert_int_eq(memcmp(a.m, b.m, sizeof a.m), 0);
	ck_assert_int_eq(memcmp(&a.lambda, &b.lambda, sizeof a.lambda), 0);
	/* And they did move from the start. */
	ck_assert_double_ne(a.m[1][0], 0.9);
}
END_TEST

static Suite *
fs_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("fs");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fs_init_starting_values);
	tcase_add_test(tc, test_fs_set_u_add_one);
	tcase_add_test(tc, test_fs_em_recovers_m_and_lambda);
	tcase_add_test(tc, test_fs_em_mu_recovers_m_and_u);
	tcase_add_test(tc, test_fs_em_stops_at_maxiter);
	tcase_add_test(tc, test_fs_em_stops_when_lambda_settles);
	tcase_add_test(tc, test_fs_em_known_all_give_frequencies);
	tcase_add_test(tc, test_fs_em_known_pull_m);
	tcase_add_test(tc, test_fs_em_known_lambda_excludes_known);
	tcase_add_test(tc, test_fs_em_missing_skipped);
	tcase_add_test(tc, test_fs_em_m_clamped);
	tcase_add_test(tc, test_fs_weight_log2_ratio);
	tcase_add_test(tc, test_fs_match_probability);
	tcase_add_test(tc, test_fs_em_deterministic);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_fs", fs_suite);
}
