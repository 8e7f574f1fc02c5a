/*
 * check_cluster.c - unit tests of lib/cluster.c: union-find with the
 * national id, civil record and size constraints, the numbering of
 * clusters, and the stable person ids with their merge and split events.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "check_common.h"

/* For loops over many cases: silent until it fails. */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

#define N	CLUSTER_NONE
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Events collected from cluster_ids() through the callback. */
struct ev {
	enum cluster_event_type type;
	uint64_t old_id;
	uint64_t new_id;
	uint32_t records;
};

struct evlog {
	size_t n;
	struct ev ev[64];
};

static void
collect(void *arg, enum cluster_event_type type, uint64_t old_id,
	uint64_t new_id, uint32_t records)
{
	struct evlog *log = arg;

	ck_assert_uint_lt(log->n, NELEM(log->ev));
	log->ev[log->n].type = type;
	log->ev[log->n].old_id = old_id;
	log->ev[log->n].new_id = new_id;
	log->ev[log->n].records = records;
	log->n++;
}

static void
assert_event(const struct evlog *log, size_t i, enum cluster_event_type type,
	     uint64_t old_id, uint64_t new_id, uint32_t records)
{
	ck_assert_uint_lt(i, log->n);
	ck_assert_msg(log->ev[i].type == type, "event %zu: type %d, not %d",
	    i, (int)log->ev[i].type, (int)type);
	ck_assert_uint_eq(log->ev[i].old_id, old_id);
	ck_assert_uint_eq(log->ev[i].new_id, new_id);
	ck_assert_uint_eq(log->ev[i].records, records);
}

/* 1 when records a and b are in one cluster. */
static int
together(struct cluster *c, uint32_t a, uint32_t b)
{
	return cluster_find(c, a) == cluster_find(c, b);
}

/* A small deterministic generator, for shuffles. */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Links and refusals */

START_TEST(test_cluster_nid_start_joined)
{
	static const uint32_t nid[7] = { 0, N, 0, 1, 0, 1, N };
	struct cluster c;

	cluster_init(&c, 7, nid, NULL, 100);
	ck_assert(together(&c, 0, 2));
	ck_assert(together(&c, 0, 4));
	ck_assert(together(&c, 3, 5));
	ck_assert(!together(&c, 0, 3));
	ck_assert(!together(&c, 1, 6));
	ck_assert(!together(&c, 1, 0));
	ck_assert(!together(&c, 6, 3));
	/* Already one cluster: nothing to do. */
	ck_assert_int_eq(cluster_link(&c, 2, 4), CLUSTER_SAME);
	ck_assert_int_eq(cluster_link(&c, 5, 3), CLUSTER_SAME);
	ck_assert_int_eq(cluster_link(&c, 6, 6), CLUSTER_SAME);
	cluster_release(&c);
	ck_assert_ptr_null(c.parent);

	/* No national ids at all: every record alone. */
	cluster_init(&c, 3, NULL, NULL, 100);
	ck_assert(!together(&c, 0, 1));
	ck_assert(!together(&c, 1, 2));
	cluster_release(&c);
}
END_TEST

START_TEST(test_cluster_link_joins)
{
	static const uint32_t nid[5] = { N, N, 0, N, N };
	struct cluster c;

	cluster_init(&c, 5, nid, NULL, 100);
	ck_assert(!together(&c, 1, 3));
	ck_assert_int_eq(cluster_link(&c, 3, 1), CLUSTER_JOINED);
	ck_assert(together(&c, 1, 3));
	ck_assert(!together(&c, 1, 0));
	ck_assert_int_eq(cluster_link(&c, 1, 3), CLUSTER_SAME);
	/* A no-id cluster joins the national id's. */
	ck_assert_int_eq(cluster_link(&c, 2, 3), CLUSTER_JOINED);
	ck_assert(together(&c, 1, 2));
	/* Transitive: linking 4 to 1 puts it with 2 and 3 too. */
	ck_assert_int_eq(cluster_link(&c, 4, 1), CLUSTER_JOINED);
	ck_assert(together(&c, 4, 2));
	ck_assert(!together(&c, 4, 0));
	ck_assert_int_eq(cluster_link(&c, 3, 4), CLUSTER_SAME);
	cluster_release(&c);
}
END_TEST

START_TEST(test_cluster_refuse_two_nids)
{
	static const uint32_t nid[6] = { 0, 0, 1, N, N, 1 };
	struct cluster c;

	cluster_init(&c, 6, nid, NULL, 100);
	ck_assert_int_eq(cluster_link(&c, 0, 2), CLUSTER_TWO_NIDS);
	ck_assert_int_eq(cluster_link(&c, 1, 5), CLUSTER_TWO_NIDS);
	ck_assert(!together(&c, 0, 2));
	/* Through no-id records: 3 joins id 0, then cannot join id 1. */
	ck_assert_int_eq(cluster_link(&c, 3, 1), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 4, 5), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 3, 2), CLUSTER_TWO_NIDS);
	ck_assert_int_eq(cluster_link(&c, 4, 3), CLUSTER_TWO_NIDS);
	ck_assert(!together(&c, 3, 4));
	ck_assert(!together(&c, 0, 5));
	cluster_release(&c);

	/* A no-id record joined to a later id's record carries that id. */
	{
		static const uint32_t nid2[3] = { N, 0, 1 };

		cluster_init(&c, 3, nid2, NULL, 100);
		ck_assert_int_eq(cluster_link(&c, 0, 1), CLUSTER_JOINED);
		ck_assert_int_eq(cluster_link(&c, 0, 2), CLUSTER_TWO_NIDS);
		ck_assert_int_eq(cluster_link(&c, 2, 0), CLUSTER_TWO_NIDS);
		cluster_release(&c);
	}
}
END_TEST

START_TEST(test_cluster_refuse_two_civil)
{
	static const uint32_t nid[7] = { N, N, N, 0, 0, N, N };
	static const unsigned char civil[7] = { 1, 1, 0, 0, 1, 0, 0 };
	struct cluster c;

	cluster_init(&c, 7, nid, civil, 100);
	ck_assert_int_eq(cluster_link(&c, 0, 1), CLUSTER_TWO_CIVIL);
	ck_assert(!together(&c, 0, 1));
	/* A no-civil record joins a civil one, then cannot take another. */
	ck_assert_int_eq(cluster_link(&c, 2, 0), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 2, 1), CLUSTER_TWO_CIVIL);
	/*
	 * The national id 0 holds civil record 4 (not its first record 3):
	 * its cluster counts as civil from the start.
	 */
	ck_assert_int_eq(cluster_link(&c, 3, 1), CLUSTER_TWO_CIVIL);
	ck_assert_int_eq(cluster_link(&c, 5, 3), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 5, 0), CLUSTER_TWO_CIVIL);
	/* Two records without a civil one join. */
	ck_assert_int_eq(cluster_link(&c, 6, 1), CLUSTER_JOINED);
	ck_assert(together(&c, 6, 1));
	ck_assert(!together(&c, 6, 0));
	ck_assert(!together(&c, 6, 3));
	cluster_release(&c);
	/* A record joined to a later civil record carries it. */
	{
		static const unsigned char civil2[3] = { 0, 1, 1 };

		cluster_init(&c, 3, NULL, civil2, 100);
		ck_assert_int_eq(cluster_link(&c, 0, 1), CLUSTER_JOINED);
		ck_assert_int_eq(cluster_link(&c, 0, 2), CLUSTER_TWO_CIVIL);
		ck_assert_int_eq(cluster_link(&c, 2, 0), CLUSTER_TWO_CIVIL);
		cluster_release(&c);
	}
}
END_TEST

START_TEST(test_cluster_refuse_too_large)
{
	/* Records 0..4 of one national id, 5..8 without. */
	static const uint32_t nid[9] = { 0, 0, 0, 0, 0, N, N, N, N };
	struct cluster c;

	cluster_init(&c, 9, nid, NULL, 3);
	/* The 5 records of the id count as one: 1 + 2 = 3, allowed. */
	ck_assert_int_eq(cluster_link(&c, 5, 4), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 6, 0), CLUSTER_JOINED);
	ck_assert(together(&c, 6, 2));
	ck_assert_uint_eq(c.size[cluster_find(&c, 0)], 3);
	/* A third no-id record would make 4. */
	ck_assert_int_eq(cluster_link(&c, 7, 5), CLUSTER_TOO_LARGE);
	ck_assert(!together(&c, 7, 0));
	/* Two no-id records (2) and the id's cluster (3): 5, refused. */
	ck_assert_int_eq(cluster_link(&c, 7, 8), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 8, 1), CLUSTER_TOO_LARGE);
	ck_assert(!together(&c, 8, 0));
	cluster_release(&c);

	/* The cap itself is allowed, one more is not. */
	cluster_init(&c, 5, NULL, NULL, 4);
	ck_assert_int_eq(cluster_link(&c, 0, 1), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 2, 3), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 1, 2), CLUSTER_JOINED);
	ck_assert_uint_eq(c.size[cluster_find(&c, 3)], 4);
	ck_assert_int_eq(cluster_link(&c, 4, 0), CLUSTER_TOO_LARGE);
	ck_assert(!together(&c, 4, 3));
	cluster_release(&c);
}
END_TEST

/* A probabilistic link and its weight. */
struct wlink {
	uint32_t a, b;
	double w;
};

static int
wlink_cmp(const void *x, const void *y)
{
	const struct wlink *p = x, *q = y;

	return p->w > q->w ? -1 : p->w < q->w ? 1 : 0;
}

START_TEST(test_cluster_giant_guard)
{
	/*
	 * A chain 0-1-2-...-8 of 8 links, cap 3.  The two weakest links are
	 * 2-3 and 5-6; added strongest first, every other link joins and
	 * those two are the ones refused: three clusters of three.
	 */
	struct wlink l[8] = {
		{ 0, 1, 14.0 }, { 1, 2, 9.5 }, { 2, 3, 3.0 }, { 3, 4, 12.0 },
		{ 4, 5, 8.0 }, { 5, 6, 4.5 }, { 6, 7, 11.0 }, { 7, 8, 10.0 },
	};
	enum cluster_refusal r;
	struct cluster c;
	uint32_t comp[10];
	size_t i, nrefused = 0;

	qsort(l, NELEM(l), sizeof l[0], wlink_cmp);
	cluster_init(&c, 9, NULL, NULL, 3);
	for (i = 0; i < NELEM(l); i++) {
		r = cluster_link(&c, l[i].a, l[i].b);
		if (i < 6)
			REQUIRE(r == CLUSTER_JOINED, "link %u-%u (%g): %d",
			    l[i].a, l[i].b, l[i].w, (int)r);
		else
			REQUIRE(r == CLUSTER_TOO_LARGE,
			    "weak link %u-%u (%g): %d", l[i].a, l[i].b,
			    l[i].w, (int)r);
		nrefused += r != CLUSTER_JOINED;
	}
	ck_assert_uint_eq(nrefused, 2);
	ck_assert_double_eq(l[6].w, 4.5);
	ck_assert_double_eq(l[7].w, 3.0);
	ck_assert_uint_eq(cluster_number(&c, comp), 3);
	for (i = 0; i < 9; i++)
		REQUIRE(comp[i] == i / 3, "record %zu in cluster %u", i,
		    comp[i]);
	cluster_release(&c);

	/*
	 * Links strongest first along a chain 0-1-...-9: it grows to the cap
	 * (4) and the next, weaker, link is refused; the rest start again.
	 */
	cluster_init(&c, 10, NULL, NULL, 4);
	for (i = 0; i < 9; i++) {
		r = cluster_link(&c, (uint32_t)i, (uint32_t)i + 1);
		REQUIRE(r == (i == 3 || i == 7 ? CLUSTER_TOO_LARGE :
		    CLUSTER_JOINED), "link %zu-%zu: %d", i, i + 1, (int)r);
	}
	ck_assert_uint_eq(cluster_number(&c, comp), 3);
	for (i = 0; i < 10; i++)
		REQUIRE(comp[i] == i / 4, "record %zu in cluster %u", i,
		    comp[i]);
	cluster_release(&c);
}
END_TEST

/* Numbering */

START_TEST(test_cluster_number_lowest_record)
{
	struct cluster c;
	uint32_t comp[7];
	static const uint32_t want[7] = { 0, 1, 2, 3, 1, 3, 1 };
	size_t i;

	cluster_init(&c, 7, NULL, NULL, 100);
	/* Joined out of order: {0} {1,4,6} {2} {3,5}. */
	ck_assert_int_eq(cluster_link(&c, 5, 3), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 6, 4), CLUSTER_JOINED);
	ck_assert_int_eq(cluster_link(&c, 4, 1), CLUSTER_JOINED);
	memset(comp, 0xA5, sizeof comp);
	ck_assert_uint_eq(cluster_number(&c, comp), 4);
	for (i = 0; i < 7; i++)
		REQUIRE(comp[i] == want[i], "record %zu: cluster %u, not %u",
		    i, comp[i], want[i]);
	cluster_release(&c);

	/* No records: no clusters. */
	cluster_init(&c, 0, NULL, NULL, 100);
	ck_assert_uint_eq(cluster_number(&c, comp), 0);
	cluster_release(&c);
}
END_TEST

START_TEST(test_cluster_number_order_independent)
{
	/* 30 records, some of national ids, links that are never refused. */
	enum { NREC = 30 };
	static const uint32_t nid[NREC] = {
		N, 0, N, N, 1, N, 0, N, N, N, 2, N, N, N, 1,
		N, N, N, N, 3, N, N, N, N, N, N, 2, N, N, N,
	};
	static const uint32_t link[][2] = {
		{ 0, 2 }, { 2, 1 }, { 3, 29 }, { 5, 4 }, { 7, 8 }, { 8, 9 },
		{ 9, 7 }, { 11, 26 }, { 12, 13 }, { 15, 19 }, { 16, 17 },
		{ 17, 18 }, { 20, 21 }, { 22, 20 }, { 23, 24 }, { 25, 23 },
		{ 27, 28 }, { 28, 3 }, { 24, 21 }, { 14, 12 },
	};
	uint32_t order[NELEM(link)], comp0[NREC], comp[NREC], t, s = 12345;
	uint32_t root0[NREC], root[NREC];
	size_t k0, k, i, j, run;
	enum cluster_refusal r;
	struct cluster c;

	for (run = 0; run < 50; run++) {
		for (i = 0; i < NELEM(link); i++)
			order[i] = (uint32_t)i;
		if (run > 0)
			for (i = NELEM(link) - 1; i > 0; i--) {
				j = lcg(&s) % (i + 1);
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		cluster_init(&c, NREC, nid, NULL, 1000);
		for (i = 0; i < NELEM(link); i++) {
			/* Either end first, too. */
			if (lcg(&s) & 1)
				r = cluster_link(&c, link[order[i]][0],
				    link[order[i]][1]);
			else
				r = cluster_link(&c, link[order[i]][1],
				    link[order[i]][0]);
			REQUIRE(r == CLUSTER_JOINED || r == CLUSTER_SAME,
			    "run %zu: link %u refused: %d", run, order[i],
			    (int)r);
		}
		k = cluster_number(&c, run == 0 ? comp0 : comp);
		/* The roots too: each cluster's lowest record. */
		for (i = 0; i < NREC; i++)
			(run == 0 ? root0 : root)[i] =
			    cluster_find(&c, (uint32_t)i);
		cluster_release(&c);
		if (run == 0) {
			k0 = k;
			continue;
		}
		ck_assert_uint_eq(k, k0);
		for (i = 0; i < NREC; i++) {
			REQUIRE(comp[i] == comp0[i],
			    "run %zu: record %zu in %u, not %u", run, i,
			    comp[i], comp0[i]);
			REQUIRE(root[i] == root0[i],
			    "run %zu: record %zu has root %u, not %u", run, i,
			    root[i], root0[i]);
		}
	}
	/*
	 * The clusters: {0,1,2,6} {3,27,28,29} {4,5,12,13,14} {7,8,9}
	 * {10,11,26} {15,19} {16,17,18} {20,21,22,23,24,25}: 8.
	 */
	ck_assert_uint_eq(k0, 8);
	{
		static const uint32_t want[NREC] = {
			0, 0, 0, 1, 2, 2, 0, 3, 3, 3, 4, 4, 2, 2, 2,
			5, 6, 6, 6, 5, 7, 7, 7, 7, 7, 7, 4, 1, 1, 1,
		};

		for (i = 0; i < NREC; i++)
		{
			REQUIRE(comp0[i] == want[i],
			    "record %zu in %u, not %u", i, comp0[i], want[i]);
			REQUIRE(root0[i] <= i && comp0[root0[i]] == comp0[i],
			    "record %zu: root %u", i, root0[i]);
		}
	}
}
END_TEST

/* Stable ids */

START_TEST(test_cluster_ids_new)
{
	static const uint32_t comp[5] = { 0, 1, 0, 2, 1 };
	static const uint64_t prev[5] = { 0, 0, 0, 0, 0 };
	struct evlog log = { 0 };
	uint64_t id[3], next = 100;

	cluster_ids(5, comp, prev, 3, &next, id, collect, &log);
	ck_assert_uint_eq(id[0], 100);
	ck_assert_uint_eq(id[1], 101);
	ck_assert_uint_eq(id[2], 102);
	ck_assert_uint_eq(next, 103);
	ck_assert_uint_eq(log.n, 0);
}
END_TEST

START_TEST(test_cluster_ids_keep_old)
{
	/* Cluster 1 had id 7; clusters 0 and 2 are new. */
	static const uint32_t comp[5] = { 0, 1, 1, 2, 1 };
	static const uint64_t prev[5] = { 0, 7, 7, 0, 0 };
	struct evlog log = { 0 };
	uint64_t id[3], next = 50;

	cluster_ids(5, comp, prev, 3, &next, id, collect, &log);
	ck_assert_uint_eq(id[0], 50);
	ck_assert_uint_eq(id[1], 7);
	ck_assert_uint_eq(id[2], 51);
	ck_assert_uint_eq(next, 52);
	ck_assert_uint_eq(log.n, 0);
}
END_TEST

START_TEST(test_cluster_ids_merge)
{
	/* Old ids 9 (3 records) and 4 (1 record) now in cluster 0. */
	static const uint32_t comp[5] = { 0, 0, 1, 0, 0 };
	static const uint64_t prev[5] = { 9, 4, 0, 9, 9 };
	struct evlog log = { 0 };
	uint64_t id[2], next = 20;

	cluster_ids(5, comp, prev, 2, &next, id, collect, &log);
	ck_assert_uint_eq(id[0], 4);	/* the smaller survives */
	ck_assert_uint_eq(id[1], 20);
	ck_assert_uint_eq(next, 21);
	ck_assert_uint_eq(log.n, 1);
	assert_event(&log, 0, CLUSTER_MERGE, 9, 4, 3);
}
END_TEST

START_TEST(test_cluster_ids_split)
{
	struct evlog log = { 0 };
	uint64_t id[3], next = 30;

	/* Old id 5: 1 record in cluster 0, 3 in cluster 1: 1 keeps it. */
	{
		static const uint32_t comp[5] = { 0, 1, 1, 1, 2 };
		static const uint64_t prev[5] = { 5, 5, 5, 5, 0 };

		cluster_ids(5, comp, prev, 3, &next, id, collect, &log);
		ck_assert_uint_eq(id[0], 30);
		ck_assert_uint_eq(id[1], 5);
		ck_assert_uint_eq(id[2], 31);
		ck_assert_uint_eq(next, 32);
		ck_assert_uint_eq(log.n, 1);
		assert_event(&log, 0, CLUSTER_SPLIT, 5, 30, 1);
	}
	/* A tie, 2 and 2: the lower cluster keeps it. */
	{
		static const uint32_t comp[4] = { 1, 0, 1, 0 };
		static const uint64_t prev[4] = { 5, 5, 5, 5 };

		log.n = 0;
		next = 30;
		cluster_ids(4, comp, prev, 2, &next, id, collect, &log);
		ck_assert_uint_eq(id[0], 5);
		ck_assert_uint_eq(id[1], 30);
		ck_assert_uint_eq(next, 31);
		ck_assert_uint_eq(log.n, 1);
		assert_event(&log, 0, CLUSTER_SPLIT, 5, 30, 2);
	}
	/*
	 * The part split off joins a cluster that is home of another old id
	 * (8): it takes that id, and no new one is made.
	 */
	{
		static const uint32_t comp[6] = { 0, 0, 0, 1, 1, 1 };
		static const uint64_t prev[6] = { 5, 5, 5, 5, 8, 8 };

		log.n = 0;
		next = 30;
		cluster_ids(6, comp, prev, 2, &next, id, collect, &log);
		ck_assert_uint_eq(id[0], 5);
		ck_assert_uint_eq(id[1], 8);
		ck_assert_uint_eq(next, 30);
		ck_assert_uint_eq(log.n, 1);
		assert_event(&log, 0, CLUSTER_SPLIT, 5, 8, 1);
	}
}
END_TEST

START_TEST(test_cluster_ids_stable_nights)
{
	/* Night 1: 8 records in 3 clusters, never linked before. */
	static const uint32_t comp1[8] = { 0, 1, 0, 2, 1, 2, 0, 1 };
	static const uint64_t zero[8] = { 0 };
	/*
	 * Night 3: a new record first, alone (so every old cluster's number
	 * moves up by one), the 8 old records, a new record joining the
	 * old cluster of record 3, and two new records together.
	 */
	static const uint32_t comp3[12] = {
		0, 1, 2, 1, 3, 2, 3, 1, 2, 3, 4, 4,
	};
	struct evlog log = { 0 };
	uint64_t id1[3], id2[3], id3[5], prev[12], next = 1000, next1;
	size_t i;

	cluster_ids(8, comp1, zero, 3, &next, id1, collect, &log);
	ck_assert_uint_eq(id1[0], 1000);
	ck_assert_uint_eq(id1[1], 1001);
	ck_assert_uint_eq(id1[2], 1002);
	ck_assert_uint_eq(next, 1003);
	ck_assert_uint_eq(log.n, 0);
	next1 = next;

	/* Night 2: the same clusters, each record with its night-1 id. */
	for (i = 0; i < 8; i++)
		prev[i] = id1[comp1[i]];
	cluster_ids(8, comp1, prev, 3, &next, id2, collect, &log);
	for (i = 0; i < 3; i++)
		REQUIRE(id2[i] == id1[i], "cluster %zu: %llu, was %llu", i,
		    (unsigned long long)id2[i], (unsigned long long)id1[i]);
	ck_assert_uint_eq(next, next1);
	ck_assert_uint_eq(log.n, 0);

	/* Night 3. */
	prev[0] = 0;
	for (i = 0; i < 8; i++)
		prev[i + 1] = id2[comp1[i]];
	prev[9] = prev[10] = prev[11] = 0;
	/* The old records are where they were, one cluster number up. */
	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(comp3[i + 1], comp1[i] + 1);
	cluster_ids(12, comp3, prev, 5, &next, id3, collect, &log);
	ck_assert_uint_eq(id3[0], 1003);	/* new, first in order */
	ck_assert_uint_eq(id3[1], id1[0]);
	ck_assert_uint_eq(id3[2], id1[1]);
	ck_assert_uint_eq(id3[3], id1[2]);	/* grown by record 9 */
	ck_assert_uint_eq(id3[4], 1004);	/* new */
	ck_assert_uint_eq(next, 1005);
	ck_assert_uint_eq(log.n, 0);
}
END_TEST

START_TEST(test_cluster_ids_events_in_order)
{
	/*
	 * Old ids and where their records are now (clusters 0..4):
	 *   id 3: 2 records in cluster 3, 1 in cluster 0    -> home 3
	 *   id 6: 2 in cluster 3                             -> home 3
	 *   id 2: 1 in cluster 4, 2 in cluster 1             -> home 1
	 *   id 7: 1 in cluster 1, 1 in cluster 2             -> home 1 (tie)
	 *   id 9: 3 in cluster 4                             -> home 4
	 * Ids: cluster 0 new (40), 1 keeps 2 (7 merged), 2 new (41),
	 * 3 keeps 3 (6 merged), 4 keeps 9.
	 * Events by cluster: 0 split of 3; 1 merge of 7; 2 split of 7;
	 * 3 merge of 6; 4 split of 2.
	 */
	static const uint32_t comp[14] = {
		4, 3, 0, 1, 4, 3, 3, 1, 4, 3, 1, 2, 4, 1,
	};
	static const uint64_t prev[14] = {
		2, 3, 3, 2, 9, 6, 3, 7, 9, 6, 2, 7, 9, 0,
	};
	struct evlog log = { 0 };
	uint64_t id[5], next = 40;

	cluster_ids(14, comp, prev, 5, &next, id, collect, &log);
	ck_assert_uint_eq(id[0], 40);
	ck_assert_uint_eq(id[1], 2);
	ck_assert_uint_eq(id[2], 41);
	ck_assert_uint_eq(id[3], 3);
	ck_assert_uint_eq(id[4], 9);
	ck_assert_uint_eq(next, 42);
	ck_assert_uint_eq(log.n, 5);
	assert_event(&log, 0, CLUSTER_SPLIT, 3, 40, 1);
	assert_event(&log, 1, CLUSTER_MERGE, 7, 2, 1);
	assert_event(&log, 2, CLUSTER_SPLIT, 7, 41, 1);
	assert_event(&log, 3, CLUSTER_MERGE, 6, 3, 2);
	assert_event(&log, 4, CLUSTER_SPLIT, 2, 9, 1);

	/* Running it again on its own output changes nothing. */
	{
		uint64_t prev2[14], id2[5], next2 = next;
		size_t i;

		for (i = 0; i < 14; i++)
			prev2[i] = id[comp[i]];
		log.n = 0;
		cluster_ids(14, comp, prev2, 5, &next2, id2, collect, &log);
		ck_assert_int_eq(memcmp(id, id2, sizeof id), 0);
		ck_assert_uint_eq(next2, next);
		ck_assert_uint_eq(log.n, 0);
	}
	/*
	 * Within a cluster, merges come before splits, each by old id:
	 * cluster 0 is home of 10 (2 records), 12 (2) and 13 (1), and holds
	 * 1 record of 11, whose home is cluster 1 (3 records).
	 */
	{
		static const uint32_t c2[10] = { 0, 0, 1, 0, 0, 1, 0, 0, 1, 0 };
		static const uint64_t p2[10] = {
			13, 11, 11, 12, 10, 11, 0, 12, 11, 10,
		};
		uint64_t id2[2], next2 = 60;

		log.n = 0;
		cluster_ids(10, c2, p2, 2, &next2, id2, collect, &log);
		ck_assert_uint_eq(id2[0], 10);
		ck_assert_uint_eq(id2[1], 11);
		ck_assert_uint_eq(next2, 60);
		ck_assert_uint_eq(log.n, 3);
		assert_event(&log, 0, CLUSTER_MERGE, 12, 10, 2);
		assert_event(&log, 1, CLUSTER_MERGE, 13, 10, 1);
		assert_event(&log, 2, CLUSTER_SPLIT, 11, 10, 1);
	}
}
END_TEST

static Suite *
cluster_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("cluster");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cluster_nid_start_joined);
	tcase_add_test(tc, test_cluster_link_joins);
	tcase_add_test(tc, test_cluster_refuse_two_nids);
	tcase_add_test(tc, test_cluster_refuse_two_civil);
	tcase_add_test(tc, test_cluster_refuse_too_large);
	tcase_add_test(tc, test_cluster_giant_guard);
	tcase_add_test(tc, test_cluster_number_lowest_record);
	tcase_add_test(tc, test_cluster_number_order_independent);
	tcase_add_test(tc, test_cluster_ids_new);
	tcase_add_test(tc, test_cluster_ids_keep_old);
	tcase_add_test(tc, test_cluster_ids_merge);
	tcase_add_test(tc, test_cluster_ids_split);
	tcase_add_test(tc, test_cluster_ids_stable_nights);
	tcase_add_test(tc, test_cluster_ids_events_in_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_cluster", cluster_suite);
}
