#ifndef ISAS_FS_H
#define ISAS_FS_H

/*
 * The Fellegi-Sunter model of record linkage.  A pair of records is
 * compared field by field; each comparison gives a level (0 the best
 * agreement, nlevel - 1 the plain disagreement) or FS_MISSING when either
 * record lacks the value.  Level l of field f has an m probability (that
 * a true match shows it) and a u probability (that a random non-match
 * shows it); the pair's weight is the sum of log2(m / u) over the fields
 * not missing.  u is counted on random pairs (fs_set_u); m and the share
 * of matches among the candidate pairs are estimated by
 * expectation-maximisation on the candidates' comparison patterns, with u
 * held fixed (fs_em), as Splink and fastLink do.
 */

#include <stddef.h>
#include <stdint.h>

#define FS_MAXFIELD	10
#define FS_MAXLEVEL	6
#define FS_MISSING	255

struct fs_field {
	const char *name;
	int nlevel;
	const char *level[FS_MAXLEVEL];	/* level names, best first */
};

struct fs_model {
	int nfield;
	const struct fs_field *field;
	double m[FS_MAXFIELD][FS_MAXLEVEL];
	double u[FS_MAXFIELD][FS_MAXLEVEL];
	double lambda;		/* share of true matches among the candidates */
	int iterations;		/* EM iterations run by the last fs_em */
};

/*
 * One comparison pattern (a level per field), how many pairs show it, and
 * how many of those are known matches (pairs that share a national id
 * valid by its check digits): those anchor the match class of the EM.
 */
struct fs_pattern {
	unsigned char level[FS_MAXFIELD];
	uint64_t count;
	uint64_t known;
};

/*
 * Sets up a model of nfield fields (at most FS_MAXFIELD, each of at most
 * FS_MAXLEVEL levels) with the usual starting values: m falling from 0.9
 * at the best level, u rising towards the worst, lambda 0.01.
 */
void fs_init(struct fs_model *fm, const struct fs_field *field, int nfield);

/*
 * Sets u from level counts over random pairs: counts[f][l] pairs of level
 * l in field f (missing ones not counted).  Each level gets one pair more
 * than counted, so no u is zero.
 */
void fs_set_u(struct fs_model *fm, const uint64_t counts[][FS_MAXLEVEL]);

/*
 * Estimates m and lambda from the patterns p[0..n) by EM, u held fixed,
 * until no m or lambda moves by more than tol or maxiter iterations have
 * run.  Known matches count as matches in every iteration
 * (semi-supervised EM); lambda is the share of matches among the pairs
 * not known.  Each m is kept in [1e-4, 1 - 1e-4] (no level is ever taken as impossible for a match) and lambda in [1e-9, 0.999].
 * Deterministic: the patterns are visited in the order given.  Returns the
 * number of iterations run.
 */
int fs_em(struct fs_model *fm, const struct fs_pattern *p, size_t n,
	int maxiter, double tol);

/*
 * The same, but u is estimated too, from the pairs the EM takes for
 * non-matches (update_u 1).  Candidates from blocking agree on their
 * block keys far more often than random pairs do; estimating their own u
 * keeps that from being read as evidence of a match.
 */
int fs_em_mu(struct fs_model *fm, const struct fs_pattern *p, size_t n,
	int maxiter, double tol, int update_u);

/* log2(m / u) of level l of field f; 0 for FS_MISSING. */
double fs_weight(const struct fs_model *fm, int f, int l);

/* The weight of a whole pattern (the fields' weights summed). */
double fs_pattern_weight(const struct fs_model *fm,
	const unsigned char level[FS_MAXFIELD]);

/*
 * The probability that a pair with total weight w is a match, given the
 * model's lambda: 1 / (1 + 2^-(w + log2(lambda / (1 - lambda)))).
 */
double fs_match_probability(const struct fs_model *fm, double w);

#endif
