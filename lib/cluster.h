#ifndef ISAS_CLUSTER_H
#define ISAS_CLUSTER_H

/*
 * Clusters of records (connected components over sure links) and the
 * stable person ids given to them.
 *
 * A cluster is a union-find forest over records 0..n-1.  Each record may
 * carry a national id (an index, or CLUSTER_NONE) and may be a civil
 * registry record; records of one national id are joined first, without
 * conditions.  A probabilistic link then joins two clusters only if the
 * result holds at most one national id and at most one civil record and
 * has no more than `cap` members, counting a national id's records as
 * one: adding links strongest first, this splits what would become a
 * giant cluster at its weakest links.
 */

#include <stddef.h>
#include <stdint.h>

#define CLUSTER_NONE	UINT32_MAX

struct cluster {
	size_t n;
	uint32_t *parent;
	uint32_t *size;		/* members of a root, a national id counting once */
	uint32_t *nid;		/* a root's national id, or CLUSTER_NONE */
	uint32_t *civil;	/* a root's civil record, or CLUSTER_NONE */
	uint32_t cap;
};

/* Why cluster_link refused a link. */
enum cluster_refusal {
	CLUSTER_JOINED = 0,
	CLUSTER_SAME,		/* already in one cluster */
	CLUSTER_TWO_NIDS,	/* the clusters hold two national ids */
	CLUSTER_TWO_CIVIL,	/* the clusters hold two civil records */
	CLUSTER_TOO_LARGE	/* the result would pass the cap */
};

/*
 * Sets up n single-record clusters.  nid[i] is record i's national id
 * index or CLUSTER_NONE, civil[i] is 1 for a civil record.  Records of one
 * national id are joined at once.  Free with cluster_release().
 */
void cluster_init(struct cluster *c, size_t n, const uint32_t *nid,
	const unsigned char *civil, uint32_t cap);
void cluster_release(struct cluster *c);

/* The root of record i's cluster (paths are halved on the way). */
uint32_t cluster_find(struct cluster *c, uint32_t i);

/* Joins the clusters of a and b, or says why not. */
enum cluster_refusal cluster_link(struct cluster *c, uint32_t a, uint32_t b);

/*
 * Numbers the clusters 0..k-1 in the order of their lowest record, writes
 * record i's cluster number to comp[i], and returns k.
 */
size_t cluster_number(struct cluster *c, uint32_t *comp);

/*
 * Stable ids.  Given each record's cluster comp[i] (numbered as by
 * cluster_number, k clusters) and the person id it had before, prev[i] (a
 * positive number, or 0 for a record never linked), gives each cluster
 * its id in id[0..k):
 *   - every old id has a home: the cluster holding most of its records
 *     (the lowest-numbered one on a tie);
 *   - a cluster that is the home of old ids keeps the oldest (smallest)
 *     of them, and the others are merged into it;
 *   - a cluster that is the home of none gets a new id, *next, which is
 *     then incremented (clusters taken in order).
 * Events are reported through the callback, in cluster order: a merge of
 * an old id into the survivor, and a move of records of an old id into a
 * cluster that is not its home (a split), with the number of records.
 * The same input gives the same ids and events: running it again on its
 * own output changes nothing.
 */
enum cluster_event_type { CLUSTER_MERGE, CLUSTER_SPLIT };

typedef void cluster_event_fn(void *arg, enum cluster_event_type type,
	uint64_t old_id, uint64_t new_id, uint32_t records);

void cluster_ids(size_t n, const uint32_t *comp, const uint64_t *prev,
	size_t k, uint64_t *next, uint64_t *id, cluster_event_fn *event,
	void *arg);

#endif
