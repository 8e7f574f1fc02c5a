#ifndef ISAS_LINKAGE_H
#define ISAS_LINKAGE_H

/*
 * Record linkage of person records: the records that carry a valid
 * national id are joined by it; the others are compared, by blocks, with
 * the records that could be the same person and joined when the
 * Fellegi-Sunter weight of the pair (fs.h) is sure.
 *
 * Use: linkage_new; linkage_add for every record (in a fixed order: the
 * results depend on it only through ties, but they do depend on it);
 * linkage_run; then read comp[], weight[] and the review list; free with
 * linkage_free.  Memory: about 200 bytes per record plus the names and
 * ids, and 16 bytes per candidate pair while the pairs are scored.
 */

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cluster.h"
#include "compare.h"
#include "fs.h"

#define LK_NODATE	INT32_MIN

/* One record as read from the store; strings may be NULL. */
struct lk_input {
	const char *source;
	const char *record_id;
	const char *nid;	/* a national id valid by its check digits */
	const char *bad_nid;	/* the text of one that is not */
	const char *first_name, *last_name;
	int sex;		/* 'M', 'F' or 0 */
	int32_t birth;		/* days since 1970-01-01, or LK_NODATE */
	const char *address;
	const char *postcode;
	const char *locality;	/* a district, "district/province" or a province */
	int province;		/* plate code, 0 when unknown */
	int civil;		/* a record of the civil registry */
};

struct lk_options {
	double t_match;		/* sure match at or above */
	double t_review;	/* clerical review at or above */
	double review_margin;	/* no review of a pair whose record has a link
				   stronger by this much */
	uint32_t cap;		/* largest cluster, a national id counting once */
	size_t max_block;	/* larger blocks are skipped */
	uint64_t random_pairs;	/* pairs drawn to count u */
	uint64_t known_pairs;	/* pairs of one national id anchoring the EM */
	int em_iterations;
};

/* The defaults of isas-match(1). */
void linkage_default_options(struct lk_options *o);

/* A pair for clerical review. */
struct lk_review {
	uint32_t a, b;		/* records, a < b */
	double weight;
	enum cluster_refusal why;	/* CLUSTER_JOINED: in the review band */
};

/* Counts of a run, for the store's match_stat and the man page. */
struct lk_stats {
	uint64_t records, without_nid, nids;
	uint64_t blocks, blocks_skipped, candidate_pairs, pairs, known_pairs;
	uint64_t sure, joined, review;
	uint64_t refused_two_nids, refused_two_civil, refused_too_large;
	uint64_t clusters;
	int em_iterations;
};

struct linkage;

struct linkage *linkage_new(void);
void linkage_free(struct linkage *lk);

/* Adds a record; returns its number (0, 1, ...). */
uint32_t linkage_add(struct linkage *lk, const struct lk_input *in);

/*
 * Blocks, estimates the model, scores the candidate pairs, and clusters.
 * Afterwards linkage_comp() gives each record's cluster (numbered in the
 * order of their lowest record), linkage_weight() the weight of the
 * strongest sure link of the record inside its cluster (NaN when none).
 */
void linkage_run(struct linkage *lk, const struct lk_options *o);

size_t linkage_count(const struct linkage *lk);
size_t linkage_nclusters(const struct linkage *lk);
const uint32_t *linkage_comp(const struct linkage *lk);
double linkage_weight(const struct linkage *lk, uint32_t rec);
const struct lk_stats *linkage_stats(const struct linkage *lk);
const struct fs_model *linkage_model(const struct linkage *lk);

/* The review list, sorted by weight (highest first), then records. */
const struct lk_review *linkage_reviews(const struct linkage *lk, size_t *n);

/* A record's source and record id as added. */
const char *linkage_source(const struct linkage *lk, uint32_t rec);
const char *linkage_record_id(const struct linkage *lk, uint32_t rec);
/* 1 when the record has a valid national id. */
int linkage_has_nid(const struct linkage *lk, uint32_t rec);
/* The words of the record's address (cmp_addr_words of it folded). */
const struct cmp_addr *linkage_addr(const struct linkage *lk, uint32_t rec);

/*
 * Frees the records as added (their fields, names and ids) once the
 * caller needs them no more, keeping what linkage_run found: afterwards
 * only linkage_count, linkage_nclusters, linkage_comp, linkage_weight,
 * linkage_reviews, linkage_stats, linkage_model and linkage_free may be
 * called.
 */
void linkage_forget_records(struct linkage *lk);

/*
 * Appends to b the JSON breakdown of the comparison of records a and b:
 * each field's level and weight, the total, and whether the names were
 * compared swapped.
 */
void linkage_breakdown(const struct linkage *lk, uint32_t a, uint32_t b,
	struct buf *out);

/* The weight of the pair as scored (term frequencies included). */
double linkage_pair_weight(const struct linkage *lk, uint32_t a, uint32_t b);

/* The reason text of a refusal ("review band" for CLUSTER_JOINED). */
const char *linkage_reason(enum cluster_refusal why);

#endif
