#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "xalloc.h"

void
cluster_init(struct cluster *c, size_t n, const uint32_t *nid,
	     const unsigned char *civil, uint32_t cap)
{
	uint32_t *first = NULL;
	uint32_t maxnid = 0, i, r;

	c->n = n;
	c->cap = cap;
	c->parent = xmalloc((n ? n : 1) * sizeof *c->parent);
	c->size = xmalloc((n ? n : 1) * sizeof *c->size);
	c->nid = xmalloc((n ? n : 1) * sizeof *c->nid);
	c->civil = xmalloc((n ? n : 1) * sizeof *c->civil);
	for (i = 0; i < n; i++) {
		c->parent[i] = i;
		c->size[i] = 1;
		c->nid[i] = nid ? nid[i] : CLUSTER_NONE;
		c->civil[i] = civil && civil[i] ? i : CLUSTER_NONE;
		if (c->nid[i] != CLUSTER_NONE && c->nid[i] + 1 > maxnid)
			maxnid = c->nid[i] + 1;
	}
	if (maxnid == 0)
		return;
	/* Records of one national id: one cluster, counted once. */
	first = xmalloc(maxnid * sizeof *first);
	memset(first, 0xff, maxnid * sizeof *first);
	for (i = 0; i < n; i++) {
		if (c->nid[i] == CLUSTER_NONE)
			continue;
		r = first[c->nid[i]];
		if (r == CLUSTER_NONE) {
			first[c->nid[i]] = i;
			continue;
		}
		c->parent[i] = r;
		if (c->civil[r] == CLUSTER_NONE)
			c->civil[r] = c->civil[i];
	}
	free(first);
}

void
cluster_release(struct cluster *c)
{
	free(c->parent);
	free(c->size);
	free(c->nid);
	free(c->civil);
	memset(c, 0, sizeof *c);
}

uint32_t
cluster_find(struct cluster *c, uint32_t i)
{
	while (c->parent[i] != i) {
		c->parent[i] = c->parent[c->parent[i]];
		i = c->parent[i];
	}
	return i;
}

enum cluster_refusal
cluster_link(struct cluster *c, uint32_t a, uint32_t b)
{
	uint32_t t;

	a = cluster_find(c, a);
	b = cluster_find(c, b);
	if (a == b)
		return CLUSTER_SAME;
	if (c->nid[a] != CLUSTER_NONE && c->nid[b] != CLUSTER_NONE)
		return CLUSTER_TWO_NIDS;
	if (c->civil[a] != CLUSTER_NONE && c->civil[b] != CLUSTER_NONE)
		return CLUSTER_TWO_CIVIL;
	if (c->size[a] + c->size[b] > c->cap)
		return CLUSTER_TOO_LARGE;
	/* The lower record stays the root: the result does not depend on order. */
	if (b < a) {
		t = a;
		a = b;
		b = t;
	}
	c->parent[b] = a;
	c->size[a] += c->size[b];
	if (c->nid[a] == CLUSTER_NONE)
		c->nid[a] = c->nid[b];
	if (c->civil[a] == CLUSTER_NONE)
		c->civil[a] = c->civil[b];
	return CLUSTER_JOINED;
}

size_t
cluster_number(struct cluster *c, uint32_t *comp)
{
	uint32_t *num = xmalloc((c->n ? c->n : 1) * sizeof *num);
	size_t k = 0, i;
	uint32_t r;

	memset(num, 0xff, (c->n ? c->n : 1) * sizeof *num);
	for (i = 0; i < c->n; i++) {
		r = cluster_find(c, (uint32_t)i);
		if (num[r] == CLUSTER_NONE)
			num[r] = (uint32_t)k++;
		comp[i] = num[r];
	}
	free(num);
	return k;
}

/* A cell: the records of one old id in one cluster. */
struct cell {
	uint64_t prev;
	uint32_t comp;
	uint32_t count;
	int home;		/* the cluster with most of prev's records */
};

static int
cell_cmp(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;

	if (x->prev != y->prev)
		return x->prev < y->prev ? -1 : 1;
	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	return 0;
}

struct event {
	uint32_t comp;
	int type;
	uint64_t old_id;
	uint32_t records;
};

static int
event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->old_id != y->old_id)
		return x->old_id < y->old_id ? -1 : 1;
	return 0;
}

void
cluster_ids(size_t n, const uint32_t *comp, const uint64_t *prev, size_t k,
	    uint64_t *next, uint64_t *id, cluster_event_fn *event, void *arg)
{
	struct cell *cell = xmalloc((n ? n : 1) * sizeof *cell);
	struct event *ev;
	size_t ncell = 0, nev = 0, i, j, h, best;

	for (i = 0; i < n; i++) {
		if (prev[i] == 0)
			continue;
		cell[ncell].prev = prev[i];
		cell[ncell].comp = comp[i];
		cell[ncell].count = 1;
		cell[ncell].home = 0;
		ncell++;
	}
	if (ncell > 0)
		qsort(cell, ncell, sizeof *cell, cell_cmp);
	/* Collapse equal cells, counting their records. */
	for (i = j = 0; i < ncell; i++) {
		if (j > 0 && cell[j - 1].prev == cell[i].prev &&
		    cell[j - 1].comp == cell[i].comp)
			cell[j - 1].count++;
		else
			cell[j++] = cell[i];
	}
	ncell = j;
	for (i = 0; i < k; i++)
		id[i] = 0;
	/* Each old id's home; the oldest id homed in a cluster is its id. */
	for (i = 0; i < ncell; i = j) {
		best = i;
		for (j = i + 1; j < ncell && cell[j].prev == cell[i].prev; j++)
			if (cell[j].count > cell[best].count)
				best = j;
		cell[best].home = 1;
		h = cell[best].comp;
		if (id[h] == 0)
			id[h] = cell[best].prev;	/* cells run in id order */
	}
	for (i = 0; i < k; i++)
		if (id[i] == 0)
			id[i] = (*next)++;
	ev = xmalloc((ncell ? ncell : 1) * sizeof *ev);
	for (h = 0; h < ncell; h++) {
		if (cell[h].home && id[cell[h].comp] == cell[h].prev)
			continue;
		ev[nev].type = cell[h].home ? CLUSTER_MERGE : CLUSTER_SPLIT;
		ev[nev].comp = cell[h].comp;
		ev[nev].old_id = cell[h].prev;
		ev[nev].records = cell[h].count;
		nev++;
	}
	if (nev > 0)
		qsort(ev, nev, sizeof *ev, event_cmp);
	for (i = 0; i < nev; i++)
		event(arg, (enum cluster_event_type)ev[i].type, ev[i].old_id,
		      id[ev[i].comp], ev[i].records);
	free(ev);
	free(cell);
}
