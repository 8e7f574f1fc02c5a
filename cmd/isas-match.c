/*
 * isas-match - links every person record to a person and every person to
 * a household.  See isas-match(1).
 *
 * The flow: read the change stream (unless --all); open the store; load
 * every record of the name-bearing kinds with the person it had; link
 * them (lib/linkage.c); give the clusters stable ids (lib/cluster.c);
 * write the persons, links, merges and splits, the review list; give the
 * national ids known only to other registries their persons; build the
 * households from the civil registry and attach the others by address;
 * print the households that changed; commit.
 *
 * A national first night names every record of every registry, so what
 * the store would answer row by row is answered from memory instead: the
 * change stream is kept as each source's record ids, sorted, and met in
 * step with the records as they are read in record id order; person_nid
 * is read whole, as a table from national id to person; the households
 * the changed records lead to come from the clusters and the members the
 * run has made.  The store is asked only about what the run does not hold.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cluster.h"
#include "compare.h"
#include "err.h"
#include "input.h"
#include "kinds.h"
#include "linkage.h"
#include "progress.h"
#include "sha256.h"
#include "store.h"
#include "tsv.h"
#include "value.h"
#include "xalloc.h"

#define PROG "isas-match"
#define USAGE "usage: isas-match -S STORE [--as-of DATE] [--all] " \
	"[--threshold-match W] [--threshold-review W]"

static const struct option opts[] = {
	{ "store", required_argument, NULL, 'S' },
	{ "as-of", required_argument, NULL, 'a' },
	{ "all", no_argument, NULL, 'A' },
	{ "threshold-match", required_argument, NULL, 'm' },
	{ "threshold-review", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Link every person record to a person, and every person to a household.\n"
	    "\n"
	    "  -S, --store STORE          the SQLite working store\n"
	    "      --as-of DATE           the day of the run (default: ISAS_AS_OF or today)\n"
	    "      --all                  print every household, not only those the\n"
	    "                             change stream on standard input touched\n"
	    "      --threshold-match W    link pairs of weight W bits or more (default 10)\n"
	    "      --threshold-review W   list pairs from W bits up to the match\n"
	    "                             threshold for clerical review (default 4)\n"
	    "  -h, --help                 show this help and exit\n"
	    "      --version              show the version and exit\n"
	    "\n"
	    "Reads the change stream of isas-ingest (source, record_id, change) on\n"
	    "standard input; prints the ids of the households that changed.\n"
	    "Exit status: 0 done, 1 some input lines refused, 2 trouble.\n"
	    "See isas-match(1) and isas-formats(5).\n", USAGE);
	exit(0);
}

#define NONE32		UINT32_MAX
#define REF_NULL	(UINT32_MAX - 1)	/* its national id is NULL */
#define REF_ODD		(UINT32_MAX - 2)	/* ... not plain text */

/*
 * A set of NUL-terminated strings kept in an arena the caller owns (a
 * struct buf, which moves as it grows: entries are offsets into it).  Each
 * string has an entry number 0, 1, ... in the order it was added.
 */
struct strtab {
	uint64_t *slot;		/* hash << 32 | (entry + 1), 0 empty */
				/* (cap of them, a power of 2) */
	size_t cap;
	size_t *off;		/* each entry's offset in the arena */
	size_t n, capent;
};

/*
 * The record ids one source has in the change stream: in the order of the
 * stream as read, then (csrc_finish) in the order of strcmp, each once.
 */
struct csrc {
	char *name;
	enum { CS_NONE, CS_NAMES, CS_NIDS, CS_HOUSEHOLD } cls;
	const struct kind_def *kind;
	struct buf text;	/* the record ids */
	size_t *id;		/* offsets in text */
	uint32_t *count;	/* per id: the lines of the stream naming it */
	uint32_t *ref;		/* per id, see below */
	size_t n, cap;
	int unordered;		/* not in order in the stream */
};
/*
 * csrc.ref: for CS_NAMES the record of the id, for CS_NIDS the entry of
 * its national id, REF_NULL or REF_ODD; NONE32 when the source has no such
 * record.  A value that is not plain text (a BLOB, or with a NUL inside:
 * isas-ingest writes neither) is left to the store to compare.
 */

/* What the households need of a record of a name-bearing kind. */
struct prec {
	uint64_t prev;		/* its person before the run, 0 none */
	uint64_t pn;		/* the person of its national id before, 0 none */
	uint64_t ln;		/* the person of its link row before, 0 none */
	uint64_t addrkey;	/* its address's words, 0 when too few */
	size_t hh;		/* text: civil household id, 0 none */
	size_t rel;		/* text: relationship, 0 none */
	size_t nid;		/* text: valid national id, 0 none */
	size_t district, address, postcode;	/* texts, 0 none */
	int32_t birth;
	unsigned char civil, live, dead, province, has_address;
	unsigned char nid_odd;	/* its national id is '' or not plain text */
};

/* A national id and the person it has now. */
struct nident {
	uint64_t num;		/* its number (11 digits), else 0 */
	size_t off;		/* else its text in g->text */
	uint64_t person;	/* its person, 0 none: as the store has it, or
				   once a record has it, as this run makes it */
	uint32_t comp;		/* a record's: its cluster, else NONE32 */
	unsigned char state;	/* NID_... */
};

enum {
	NID_UNKNOWN,		/* not looked up yet */
	NID_STORE,		/* person is the store's, unchanged */
	NID_RECORD,		/* a record's: person is its record's now */
	NID_NEW			/* a new person of its own */
};

/* A person's place in a household, as this run makes it. */
struct mem {
	uint64_t pid;
	char *hh;
	const char *rel;	/* NULL when attached by address */
	uint32_t rec;		/* its civil record, or CLUSTER_NONE */
	uint32_t comp;		/* its cluster */
};

struct match {
	struct store *st;
	char as_of[11];
	int32_t today;
	int all;
	struct lk_options lo;
	struct csrc *cs;	/* the sources of the change stream */
	size_t ncs, capcs, lastcs;
	size_t nchg;		/* lines of the change stream */
	int bad_input;
	char in_sha[65];
	uint64_t in_bytes, in_rows;

	struct linkage *lk;
	struct prec *pr;
	size_t npr, cappr;
	struct buf text;	/* prec and nident texts; offset 0 is "" */
	uint64_t *pid;		/* each record's person number */
	uint64_t next;		/* the next new person number */
	uint64_t first_new;
	uint64_t merges, splits, persons_new, nid_only_new;

	/* The national ids the change stream leads to and their persons now. */
	struct nident *ne;
	size_t nne, capne;
	uint64_t *nidkey;	/* ids of 11 digits by number, 0 empty */
	uint32_t *nidval;	/* ... and their entries */
	size_t nidcap, nidused;
	struct strtab nidstr;	/* any other text, over text */
	uint32_t *nidstr_ent;	/* ... and their entries */
	size_t capnidstr;
	int nid_all;		/* every row of person_nid has an entry */
	int odd_ids;		/* the records are not in strcmp order by source
				   and record id, or an id is not plain text */

	/* The members as this run makes them. */
	struct mem *m;
	size_t nm;
	uint32_t *hh_of_comp;	/* each cluster's entry of hhs, NONE32 */

	/* Household ids, and which of them to print. */
	struct buf hhtext;
	struct strtab hhs;	/* over hhtext */
	unsigned char *hh_changed;	/* per entry of hhs: to print */
	size_t caphh;
	uint32_t *marks;	/* every mark, while marking */
	size_t nmarks, capmarks;
	int marking;		/* until the households are written */

	uint64_t households, unattached;
	sqlite3_stmt *ev_ins, *merge_upd;
};

static size_t
text_add(struct match *g, const char *s)
{
	size_t off;

	if (!s || !*s)
		return 0;
	off = g->text.len;
	buf_add(&g->text, s, strlen(s) + 1);
	return off;
}

static const char *
text_at(const struct match *g, size_t off)
{
	return off ? g->text.p + off : NULL;
}

static void
person_text(uint64_t n, char out[24])
{
	snprintf(out, 24, "P%09llu", (unsigned long long)n);
}

static uint64_t
person_number(const unsigned char *s)
{
	if (!s || s[0] != 'P')
		return 0;
	return strtoull((const char *)s + 1, NULL, 10);
}

/* ------------------------------------------------------ string tables */

static uint32_t
str_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static void
strtab_grow(struct strtab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024, i, j;
	uint64_t *slot = xcalloc(ncap, sizeof *slot);

	for (i = 0; i < t->cap; i++) {
		if (!t->slot[i])
			continue;
		for (j = (t->slot[i] >> 32) & (ncap - 1); slot[j];
		    j = (j + 1) & (ncap - 1))
			;
		slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->cap = ncap;
}

/* The entry of s[0..n) (hash h), or NONE32; *at is set to its slot. */
static uint32_t
strtab_probe(const struct strtab *t, const struct buf *arena, const char *s,
	     size_t n, uint32_t h, size_t *at)
{
	size_t j;
	uint64_t v;
	const char *x;

	for (j = h & (t->cap - 1); (v = t->slot[j]) != 0;
	    j = (j + 1) & (t->cap - 1)) {
		if ((uint32_t)(v >> 32) != h)
			continue;
		x = arena->p + t->off[(uint32_t)v - 1];
		if (strncmp(x, s, n) == 0 && x[n] == '\0')
			return (uint32_t)v - 1;
	}
	*at = j;
	return NONE32;
}

/* The entry of s[0..n) (hash h), or NONE32. */
static uint32_t
strtab_find(const struct strtab *t, const struct buf *arena, const char *s,
	    size_t n, uint32_t h)
{
	size_t j;

	if (t->cap == 0 || memchr(s, '\0', n))
		return NONE32;
	return strtab_probe(t, arena, s, n, h, &j);
}

/*
 * The entry of s[0..n) (hash h, no NUL in it), added when new, and then
 * *added set: the string is copied to the end of the arena, unless it is
 * there already at offset at ((size_t)-1 when not).  s must not point into
 * the arena when it is to be copied.
 */
static uint32_t
strtab_add(struct strtab *t, struct buf *arena, const char *s, size_t n,
	   uint32_t h, size_t at, int *added)
{
	uint32_t e;
	size_t j;

	*added = 0;
	if ((t->n + 1) * 2 > t->cap)
		strtab_grow(t);
	e = strtab_probe(t, arena, s, n, h, &j);
	if (e != NONE32)
		return e;
	if (t->n >= NONE32 - 2)
		die("too many distinct keys");
	if (at == (size_t)-1) {
		at = arena->len;
		buf_add(arena, s, n);
		buf_addc(arena, '\0');
	}
	xgrow((void **)&t->off, &t->capent, t->n + 1, sizeof *t->off);
	t->off[t->n] = at;
	t->slot[j] = (uint64_t)h << 32 | (uint64_t)++t->n;
	*added = 1;
	return (uint32_t)(t->n - 1);
}

static const char *
strtab_str(const struct strtab *t, const struct buf *arena, uint32_t e)
{
	return arena->p + t->off[e];
}

static void
strtab_release(struct strtab *t)
{
	free(t->slot);
	free(t->off);
	memset(t, 0, sizeof *t);
}

/* -------------------------------------------------------- national ids */

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* 1 when s[0..n) is 11 digits, the first not 0, and then its number *v. */
static int
nid_number(const char *s, size_t n, uint64_t *v)
{
	size_t i;

	if (n != 11 || s[0] < '1' || s[0] > '9')
		return 0;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return 1;
}

/* The text of national id entry e, in buf (24 bytes) when it is a number. */
static const char *
nid_text(const struct match *g, uint32_t e, char *buf)
{
	if (!g->ne[e].num)
		return g->text.p + g->ne[e].off;
	snprintf(buf, 24, "%llu", (unsigned long long)g->ne[e].num);
	return buf;
}

static uint32_t
nid_new(struct match *g, uint64_t num, size_t off)
{
	struct nident *x;

	if (g->nne >= NONE32 - 2)
		die("too many national ids");
	xgrow((void **)&g->ne, &g->capne, g->nne + 1, sizeof *g->ne);
	x = &g->ne[g->nne];
	x->num = num;
	x->off = off;
	x->person = 0;
	x->comp = NONE32;
	x->state = NID_UNKNOWN;
	return (uint32_t)g->nne++;
}

static void
nidkey_grow(struct match *g)
{
	size_t ncap = g->nidcap ? g->nidcap * 2 : 4096, i, j;
	uint64_t *key = xcalloc(ncap, sizeof *key);
	uint32_t *val = xmalloc(ncap * sizeof *val);

	for (i = 0; i < g->nidcap; i++) {
		if (!g->nidkey[i])
			continue;
		for (j = mix64(g->nidkey[i]) & (ncap - 1); key[j];
		    j = (j + 1) & (ncap - 1))
			;
		key[j] = g->nidkey[i];
		val[j] = g->nidval[i];
	}
	free(g->nidkey);
	free(g->nidval);
	g->nidkey = key;
	g->nidval = val;
	g->nidcap = ncap;
}

/*
 * The entry of national id s[0..n) (no NUL in it), added (its person not
 * yet looked up) when new; a text that is not 11 digits is kept in
 * g->text: copied there unless it is there already at offset at.
 */
static uint32_t
nid_entry(struct match *g, const char *s, size_t n, size_t at)
{
	uint64_t v;
	uint32_t e;
	size_t j;
	int added;

	if (nid_number(s, n, &v)) {
		if ((g->nidused + 1) * 2 > g->nidcap)
			nidkey_grow(g);
		for (j = mix64(v) & (g->nidcap - 1); g->nidkey[j];
		    j = (j + 1) & (g->nidcap - 1))
			if (g->nidkey[j] == v)
				return g->nidval[j];
		g->nidkey[j] = v;
		g->nidused++;
		return g->nidval[j] = nid_new(g, v, 0);
	}
	e = strtab_add(&g->nidstr, &g->text, s, n, str_hash(s, n), at, &added);
	if (added) {
		xgrow((void **)&g->nidstr_ent, &g->capnidstr, g->nidstr.n,
		    sizeof *g->nidstr_ent);
		g->nidstr_ent[e] = nid_new(g, 0, g->nidstr.off[e]);
	}
	return g->nidstr_ent[e];
}

/* ----------------------------------------------------------- the input */

static int
same_name(const char *name, const char *s, size_t n)
{
	return strncmp(name, s, n) == 0 && name[n] == '\0';
}

/* The change stream's source named s[0..n), NULL when it has none. */
static struct csrc *
csrc_find(struct match *g, const char *s, size_t n)
{
	size_t i;

	if (g->lastcs < g->ncs && same_name(g->cs[g->lastcs].name, s, n))
		return &g->cs[g->lastcs];
	for (i = 0; i < g->ncs; i++)
		if (same_name(g->cs[i].name, s, n)) {
			g->lastcs = i;
			return &g->cs[i];
		}
	return NULL;
}

static const char *
csrc_id(const struct csrc *c, size_t i)
{
	return c->text.p + c->id[i];
}

/*
 * Counts a line of the change stream naming record rid[0..nrid) of source
 * src[0..nsrc) (texts cut at a NUL, as C strings are).
 */
static void
add_change(struct match *g, const char *src, size_t nsrc, const char *rid,
	   size_t nrid)
{
	struct csrc *c;

	nsrc = strnlen(src, nsrc);
	nrid = strnlen(rid, nrid);
	c = csrc_find(g, src, nsrc);
	if (!c) {
		xgrow((void **)&g->cs, &g->capcs, g->ncs + 1, sizeof *g->cs);
		c = &g->cs[g->ncs];
		memset(c, 0, sizeof *c);
		c->name = xstrndup(src, nsrc);
		g->lastcs = g->ncs++;
	}
	xgrow((void **)&c->id, &c->cap, c->n + 1, sizeof *c->id);
	c->id[c->n] = c->text.len;
	buf_add(&c->text, rid, nrid);
	buf_addc(&c->text, '\0');
	if (c->n > 0 && strcmp(csrc_id(c, c->n - 1), csrc_id(c, c->n)) > 0)
		c->unordered = 1;
	c->n++;
	g->nchg++;
}

static const struct csrc *id_order_c;

static int
id_order_cmp(const void *a, const void *b)
{
	const struct csrc *c = id_order_c;

	return strcmp(c->text.p + *(const size_t *)a,
	    c->text.p + *(const size_t *)b);
}

/* Puts the ids of c in order, each once with the lines naming it. */
static void
csrc_finish(struct csrc *c)
{
	size_t i, j;

	if (c->unordered) {
		id_order_c = c;
		qsort(c->id, c->n, sizeof *c->id, id_order_cmp);
		id_order_c = NULL;
	}
	c->count = xmalloc((c->n ? c->n : 1) * sizeof *c->count);
	for (i = j = 0; i < c->n; i++) {
		if (j > 0 && strcmp(csrc_id(c, j - 1), csrc_id(c, i)) == 0) {
			c->count[j - 1]++;
			continue;
		}
		c->id[j] = c->id[i];
		c->count[j++] = 1;
	}
	c->n = j;
	c->ref = xmalloc((c->n ? c->n : 1) * sizeof *c->ref);
	for (i = 0; i < c->n; i++)
		c->ref[i] = NONE32;
}

/*
 * The index of record id rid among c's ids, or NONE32.  Made for ids asked
 * in ascending order, each search starting where the last one ended (*pos,
 * 0 at first); any order gives the right answer, only more slowly.
 */
static uint32_t
csrc_seek(const struct csrc *c, size_t *pos, const char *rid)
{
	size_t lo = *pos, hi, step, mid;

	if (lo > c->n || (lo > 0 && strcmp(csrc_id(c, lo - 1), rid) >= 0))
		lo = 0;
	/* Every id before lo is below rid: gallop to the first that is not. */
	hi = c->n;
	if (lo < c->n && strcmp(csrc_id(c, lo), rid) < 0) {
		for (step = 1; lo + step < c->n &&
		    strcmp(csrc_id(c, lo + step), rid) < 0; step *= 2)
			lo += step;
		if (lo + step < c->n)
			hi = lo + step;
		lo++;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(csrc_id(c, mid), rid) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	*pos = lo;
	if (lo < c->n && strcmp(csrc_id(c, lo), rid) == 0) {
		*pos = lo + 1;
		return (uint32_t)lo;
	}
	return NONE32;
}

static void
read_changes(struct match *g)
{
	struct input_options io = { .format = INPUT_TSV, .allow_empty = 1 };
	struct input *in;
	const struct input_record *r;
	size_t i;
	int cs, cr;

	in = input_open("-", &io);
	if (!in)
		exit(2);
	if (input_header(in)->nfield == 0) {
		/* An empty stream: nothing changed. */
		input_sha256(in, g->in_sha);
		g->in_bytes = input_bytes(in);
		input_free(in);
		return;
	}
	cs = input_column(in, "source");
	cr = input_column(in, "record_id");
	if (cs < 0 || cr < 0)
		die("-: the change stream needs the columns source and record_id");
	while ((r = input_next(in)) != NULL) {
		if (r->problem || r->nfield <= (size_t)cs ||
		    r->nfield <= (size_t)cr || r->len[cs] == 0 ||
		    r->len[cr] == 0) {
			error_at("-", r->line, "%s", r->problem ?
			    input_problem_text(r->problem) :
			    "not a change line (source, record_id, change)");
			g->bad_input = 1;
			continue;
		}
		/* The header again: change streams concatenated. */
		if (strcmp(r->field[cs], "source") == 0 &&
		    strcmp(r->field[cr], "record_id") == 0)
			continue;
		add_change(g, r->field[cs], r->len[cs], r->field[cr],
		    r->len[cr]);
		g->in_rows++;
	}
	if (input_failed(in))
		exit(2);
	input_sha256(in, g->in_sha);
	g->in_bytes = input_bytes(in);
	input_free(in);
	for (i = 0; i < g->ncs; i++)
		csrc_finish(&g->cs[i]);
}

/* ------------------------------------------------------------- loading */

static const char *
coltext(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* 1 when two texts, either of which may be NULL, are the same. */
static int
same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* A source of the store and its kind. */
struct source {
	char *name;
	const struct kind_def *kind;
};

/*
 * The sources of the store whose kind satisfies want(), by name.  The
 * caller frees them with free_sources().
 */
static struct source *
sources(struct match *g, int (*want)(const struct kind_def *), size_t *n)
{
	sqlite3_stmt *st = store_prepare(g->st,
	    "SELECT name, kind FROM source ORDER BY name");
	struct source *v = NULL;
	size_t cap = 0;
	const struct kind_def *k;

	*n = 0;
	while (store_step(g->st, st, "cannot read the sources") == SQLITE_ROW) {
		k = kind_find(coltext(st, 1));
		if (!k || !want(k))
			continue;
		xgrow((void **)&v, &cap, *n + 1, sizeof *v);
		v[*n].name = xstrdup(coltext(st, 0));
		v[*n].kind = k;
		(*n)++;
	}
	sqlite3_finalize(st);
	return v;
}

static void
free_sources(struct source *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int
name_bearing(const struct kind_def *k)
{
	return kind_column(k, "first_name") >= 0 &&
	    kind_column(k, "national_id") >= 0;
}

static int
nid_only(const struct kind_def *k)
{
	return kind_column(k, "first_name") < 0 &&
	    kind_column(k, "national_id") >= 0;
}

static const char *
col_or_null(const struct kind_def *k, const char *col, const char *expr)
{
	return kind_column(k, col) >= 0 ? expr : "NULL";
}

/* The words of an address as one number, 0 when fewer than three. */
static uint64_t
address_key(const struct cmp_addr *w)
{
	uint64_t h = 1469598103934665603ULL;
	unsigned i;

	if (w->n < 3)
		return 0;
	for (i = 0; i < w->n; i++) {
		h ^= w->word[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* The entry of national id s[0..n), or NONE32 when it has none. */
static uint32_t
nid_find(const struct match *g, const char *s, size_t n)
{
	uint64_t v;
	uint32_t e;
	size_t j;

	if (nid_number(s, n, &v)) {
		if (g->nidcap == 0)
			return NONE32;
		for (j = mix64(v) & (g->nidcap - 1); g->nidkey[j];
		    j = (j + 1) & (g->nidcap - 1))
			if (g->nidkey[j] == v)
				return g->nidval[j];
		return NONE32;
	}
	e = strtab_find(&g->nidstr, &g->text, s, n, str_hash(s, n));
	return e == NONE32 ? NONE32 : g->nidstr_ent[e];
}

/*
 * Reads person_nid whole: each national id's entry with the person the
 * store has for it (NID_STORE), and g->nid_all set.  Not when one of its
 * ids is not plain text (a BLOB, a NUL inside): then nothing is kept and
 * the records are joined to person_nid in SQL.
 */
static void
read_person_nids(struct match *g)
{
	sqlite3_stmt *st = store_prepare(g->st,
	    "SELECT national_id, person_id FROM person_nid");
	const char *s;
	size_t n;
	uint32_t e;

	g->nid_all = 1;
	while (store_step(g->st, st, "cannot read national ids")
	    == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_TEXT) {
			g->nid_all = 0;
			break;
		}
		s = coltext(st, 0);
		n = (size_t)sqlite3_column_bytes(st, 0);
		if (strlen(s) != n) {
			g->nid_all = 0;
			break;
		}
		e = nid_entry(g, s, n, (size_t)-1);
		g->ne[e].person = person_number(sqlite3_column_text(st, 1));
		g->ne[e].state = NID_STORE;
	}
	sqlite3_finalize(st);
	if (g->nid_all)
		return;
	free(g->ne);
	free(g->nidkey);
	free(g->nidval);
	strtab_release(&g->nidstr);
	free(g->nidstr_ent);
	g->ne = NULL;
	g->nidkey = NULL;
	g->nidval = NULL;
	g->nidstr_ent = NULL;
	g->nne = g->capne = g->nidcap = g->nidused = g->capnidstr = 0;
}

/*
 * The person the store had for the national id in column col of a row
 * (after read_person_nids), 0 none: as the row joined to person_nid on it
 * would say.  type is the column's type as the row came.
 */
static uint64_t
person_of_nid(const struct match *g, sqlite3_stmt *st, int col, int type)
{
	const char *s;
	uint32_t e;
	size_t n;

	if (type != SQLITE_TEXT)
		return 0;	/* NULL, or a BLOB no text equals */
	s = coltext(st, col);
	n = (size_t)sqlite3_column_bytes(st, col);
	if (strlen(s) != n)
		return 0;	/* a NUL inside: no id of person_nid has one */
	e = nid_find(g, s, n);
	return e == NONE32 ? 0 : g->ne[e].person;
}

/*
 * Compares column i of row a with column j of row b (of types ta and tb as
 * the rows came) as SQLite orders values of a text column (BINARY): by
 * storage class, then the bytes.
 */
static int
column_cmp(sqlite3_stmt *a, int i, int ta, sqlite3_stmt *b, int j, int tb)
{
	const void *x, *y;
	int na, nb, c;

	ta = ta == SQLITE_TEXT ? 2 : ta == SQLITE_BLOB ? 3 : ta == SQLITE_NULL ?
	    0 : 1;
	tb = tb == SQLITE_TEXT ? 2 : tb == SQLITE_BLOB ? 3 : tb == SQLITE_NULL ?
	    0 : 1;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (ta == 2) {
		x = sqlite3_column_text(a, i);
		y = sqlite3_column_text(b, j);
	} else {
		x = sqlite3_column_blob(a, i);
		y = sqlite3_column_blob(b, j);
	}
	na = sqlite3_column_bytes(a, i);
	nb = sqlite3_column_bytes(b, j);
	c = memcmp(x, y, (size_t)(na < nb ? na : nb));
	return c ? c : na - nb;
}

/* 1 when record rec comes after rec - 1 by source, then record id. */
static int
in_order(const struct linkage *lk, uint32_t rec)
{
	int c = strcmp(linkage_source(lk, rec - 1), linkage_source(lk, rec));

	return c < 0 || (c == 0 && strcmp(linkage_record_id(lk, rec - 1),
	    linkage_record_id(lk, rec)) < 0);
}

static void
load_source(struct match *g, const char *source, const struct kind_def *k)
{
	char sql[2048];
	sqlite3_stmt *st;
	struct lk_input in;
	struct prec *p;
	const char *sex, *date, *death, *ended;
	int32_t d;
	int civil = strcmp(k->name, "civil") == 0;
	struct csrc *c = csrc_find(g, source, strlen(source));
	uint32_t rec, e;
	size_t pos = 0;
	sqlite3_stmt *lst = NULL;
	int lrc = SQLITE_DONE, cmp = 0, trid, tnid;

	/*
	 * The person of each record's national id and of its link row:
	 * joined here when the tables were read whole (g->nid_all), the
	 * links by a walk in step with the records, both in record id order.
	 */
	snprintf(sql, sizeof sql,
	    "SELECT t.record_id, t.national_id,"
	    " json_extract(t.invalid, '$.national_id.raw'),"
	    " t.first_name, t.last_name, %s, %s, %s, %s, %s, %s,"
	    " %s, %s, %s, %s, %s, t.ended"
	    " FROM src_%s t%s"
	    " WHERE t.source = ?1 ORDER BY t.record_id",
	    col_or_null(k, "sex", "t.sex"),
	    col_or_null(k, "birth_date", "t.birth_date"),
	    col_or_null(k, "address", "t.address"),
	    col_or_null(k, "postcode", "t.postcode"),
	    kind_column(k, "locality") >= 0 ? "t.locality" :
	    col_or_null(k, "district", "t.district"),
	    col_or_null(k, "province", "t.province"),
	    g->nid_all ? "NULL" : "pn.person_id",
	    g->nid_all ? "NULL" : "l.person_id",
	    col_or_null(k, "household_id", "t.household_id"),
	    col_or_null(k, "relationship", "t.relationship"),
	    col_or_null(k, "death_date", "t.death_date"),
	    k->name, g->nid_all ? "" :
	    " LEFT JOIN person_nid pn ON pn.national_id = t.national_id"
	    " LEFT JOIN link l ON l.source = t.source"
	    " AND l.record_id = t.record_id");
	st = store_prepare(g->st, sql);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	if (g->nid_all) {
		lst = store_prepare(g->st, "SELECT record_id, person_id"
		    " FROM link WHERE source = ?1 ORDER BY record_id");
		sqlite3_bind_text(lst, 1, source, -1, SQLITE_STATIC);
		lrc = store_step(g->st, lst, "cannot read the links");
	}
	while (store_step(g->st, st, "cannot read the person records")
	    == SQLITE_ROW) {
		/* Before any conversion to text. */
		trid = sqlite3_column_type(st, 0);
		tnid = sqlite3_column_type(st, 1);
		memset(&in, 0, sizeof in);
		in.source = source;
		in.record_id = coltext(st, 0);
		in.nid = coltext(st, 1);
		in.bad_nid = coltext(st, 2);
		in.first_name = coltext(st, 3);
		in.last_name = coltext(st, 4);
		sex = coltext(st, 5);
		in.sex = sex ? sex[0] : 0;
		date = coltext(st, 6);
		in.birth = date && date_parse(date, strlen(date), &d) == 0 ?
		    d : LK_NODATE;
		in.address = coltext(st, 7);
		in.postcode = coltext(st, 8);
		in.locality = coltext(st, 9);
		in.province = sqlite3_column_type(st, 10) == SQLITE_INTEGER ?
		    sqlite3_column_int(st, 10) : 0;
		in.civil = civil;
		rec = linkage_add(g->lk, &in);
		if (trid != SQLITE_TEXT ||
		    strlen(in.record_id) != (size_t)sqlite3_column_bytes(st, 0))
			g->odd_ids = 1;
		else if (c && (e = csrc_seek(c, &pos, in.record_id)) != NONE32)
			c->ref[e] = rec;
		if (rec > 0 && !g->odd_ids && !in_order(g->lk, rec))
			g->odd_ids = 1;

		xgrow((void **)&g->pr, &g->cappr, g->npr + 1, sizeof *g->pr);
		p = &g->pr[g->npr++];
		memset(p, 0, sizeof *p);
		if (g->nid_all) {
			p->pn = person_of_nid(g, st, 1, tnid);
			while (lrc == SQLITE_ROW && (cmp = column_cmp(lst, 0,
			    sqlite3_column_type(lst, 0), st, 0, trid)) < 0)
				lrc = store_step(g->st, lst,
				    "cannot read the links");
			p->ln = lrc == SQLITE_ROW && cmp == 0 ?
			    person_number(sqlite3_column_text(lst, 1)) : 0;
		} else {
			p->pn = person_number(sqlite3_column_text(st, 11));
			p->ln = person_number(sqlite3_column_text(st, 12));
		}
		p->prev = in.nid && p->pn ? p->pn : p->ln ? p->ln : p->pn;
		p->nid = text_add(g, in.nid);
		p->nid_odd = in.nid && (!*in.nid || tnid != SQLITE_TEXT ||
		    strlen(in.nid) != (size_t)sqlite3_column_bytes(st, 1));
		p->birth = in.birth;
		p->civil = (unsigned char)civil;
		p->province = (unsigned char)in.province;
		if (civil) {
			death = coltext(st, 15);
			ended = coltext(st, 16);
			p->dead = death && date_parse(death, strlen(death), &d)
			    == 0 && d <= g->today;
			p->live = !p->dead && !ended;
			p->hh = text_add(g, coltext(st, 13));
			p->rel = text_add(g, coltext(st, 14));
			p->district = text_add(g, in.locality);
			p->address = text_add(g, in.address);
			p->postcode = text_add(g, in.postcode);
		}
		p->addrkey = address_key(linkage_addr(g->lk, rec));
		p->has_address = in.address && *in.address;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(lst);
}

/* What each source of the change stream is: its kind, from the store. */
static void
classify_changes(struct match *g)
{
	sqlite3_stmt *st = store_prepare(g->st,
	    "SELECT kind FROM source WHERE name = ?1");
	const struct kind_def *k;
	struct csrc *c;
	size_t i;

	for (i = 0; i < g->ncs; i++) {
		c = &g->cs[i];
		sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
		k = store_step(g->st, st, "cannot read the sources") ==
		    SQLITE_ROW ? kind_find(coltext(st, 0)) : NULL;
		sqlite3_reset(st);
		c->kind = k;
		if (!k)
			c->cls = CS_NONE;	/* made by a failed run */
		else if (name_bearing(k))
			c->cls = CS_NAMES;
		else if (nid_only(k))
			c->cls = CS_NIDS;
		else if (kind_column(k, "household_id") >= 0)
			c->cls = CS_HOUSEHOLD;
		else
			c->cls = CS_NONE;
	}
	sqlite3_finalize(st);
}

static void
load(struct match *g)
{
	size_t n, i;
	struct source *src = sources(g, name_bearing, &n);

	read_person_nids(g);
	for (i = 0; i < n; i++)
		load_source(g, src[i].name, src[i].kind);
	free_sources(src, n);
}

/* ------------------------------------------------------------- persons */

static void
on_event(void *arg, enum cluster_event_type type, uint64_t old_id,
	 uint64_t new_id, uint32_t records)
{
	struct match *g = arg;
	char a[24], b[24];

	person_text(old_id, a);
	person_text(new_id, b);
	sqlite3_bind_text(g->ev_ins, 1, type == CLUSTER_MERGE ? "merge" :
	    "split", -1, SQLITE_STATIC);
	sqlite3_bind_text(g->ev_ins, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(g->ev_ins, 3, b, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(g->ev_ins, 4, records);
	store_step(g->st, g->ev_ins, "cannot record a merge or split");
	sqlite3_reset(g->ev_ins);
	if (type == CLUSTER_MERGE) {
		sqlite3_bind_text(g->merge_upd, 1, b, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(g->merge_upd, 2, a, -1, SQLITE_TRANSIENT);
		store_step(g->st, g->merge_upd, "cannot record a merge");
		sqlite3_reset(g->merge_upd);
		g->merges++;
	} else {
		g->splits++;
	}
}

static uint64_t
next_person(struct match *g)
{
	sqlite3_stmt *st = store_prepare(g->st,
	    "SELECT max(person_id) FROM person");
	uint64_t n = 0;

	if (store_step(g->st, st, "cannot read the persons") == SQLITE_ROW)
		n = person_number(sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return n + 1;
}

static void
insert_person(struct match *g, sqlite3_stmt *ins, uint64_t n)
{
	char t[24];

	person_text(n, t);
	sqlite3_bind_text(ins, 1, t, -1, SQLITE_TRANSIENT);
	store_step(g->st, ins, "cannot add a person");
	sqlite3_reset(ins);
}

/* Gives the clusters their ids and writes persons, links and events. */
static void
assign_persons(struct match *g)
{
	size_t n = linkage_count(g->lk), k = linkage_nclusters(g->lk), i;
	const uint32_t *comp = linkage_comp(g->lk);
	uint64_t *prev = xmalloc((n ? n : 1) * sizeof *prev);
	uint64_t *id = xmalloc((k ? k : 1) * sizeof *id);
	sqlite3_stmt *pins, *nid_set, *link_set, *link_del;
	char t[24];
	double w;

	for (i = 0; i < n; i++)
		prev[i] = g->pr[i].prev;
	g->next = g->first_new = next_person(g);
	g->ev_ins = store_prepare(g->st, "INSERT INTO person_event"
	    " (run_id, event, person_id, other_id, records)"
	    " VALUES (?5, ?1, ?2, ?3, ?4)");
	sqlite3_bind_int64(g->ev_ins, 5, g->st->run_id);
	g->merge_upd = store_prepare(g->st, "UPDATE person SET merged_into = ?1,"
	    " merged_run = ?3 WHERE person_id = ?2");
	sqlite3_bind_int64(g->merge_upd, 3, g->st->run_id);
	pins = store_prepare(g->st, "INSERT INTO person (person_id, first_run)"
	    " VALUES (?1, ?2)");
	sqlite3_bind_int64(pins, 2, g->st->run_id);
	/* A merge's survivor is an old id; a split may name a new one. */
	cluster_ids(n, comp, prev, k, &g->next, id, on_event, g);
	for (i = g->first_new; i < g->next; i++)
		insert_person(g, pins, i);
	g->persons_new = g->next - g->first_new;
	nid_set = store_prepare(g->st, "INSERT INTO person_nid"
	    " (national_id, person_id) VALUES (?1, ?2)"
	    " ON CONFLICT (national_id) DO UPDATE SET person_id = excluded.person_id");
	link_set = store_prepare(g->st, "INSERT INTO link"
	    " (source, record_id, person_id, weight) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (source, record_id) DO UPDATE SET"
	    " person_id = excluded.person_id, weight = excluded.weight");
	link_del = store_prepare(g->st, "DELETE FROM link WHERE source = ?1"
	    " AND record_id = ?2");
	g->pid = xmalloc((n ? n : 1) * sizeof *g->pid);
	for (i = 0; i < n; i++) {
		struct prec *p = &g->pr[i];
		uint64_t now = id[comp[i]];
		const char *s;
		uint32_t e;

		g->pid[i] = now;
		person_text(now, t);
		if (p->nid) {
			/* One cluster holds a national id's records: one write. */
			s = text_at(g, p->nid);
			e = nid_entry(g, s, strlen(s), p->nid);
			if (g->ne[e].state != NID_RECORD && p->pn != now) {
				sqlite3_bind_text(nid_set, 1, text_at(g, p->nid),
				    -1, SQLITE_STATIC);
				sqlite3_bind_text(nid_set, 2, t, -1,
				    SQLITE_TRANSIENT);
				store_step(g->st, nid_set, "cannot link a national id");
				sqlite3_reset(nid_set);
			}
			g->ne[e].person = now;
			g->ne[e].comp = comp[i];
			g->ne[e].state = NID_RECORD;
			if (p->ln) {
				sqlite3_bind_text(link_del, 1,
				    linkage_source(g->lk, (uint32_t)i), -1,
				    SQLITE_STATIC);
				sqlite3_bind_text(link_del, 2,
				    linkage_record_id(g->lk, (uint32_t)i), -1,
				    SQLITE_STATIC);
				store_step(g->st, link_del, "cannot drop a link");
				sqlite3_reset(link_del);
			}
			continue;
		}
		if (p->ln == now)
			continue;
		sqlite3_bind_text(link_set, 1, linkage_source(g->lk, (uint32_t)i),
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(link_set, 2,
		    linkage_record_id(g->lk, (uint32_t)i), -1, SQLITE_STATIC);
		sqlite3_bind_text(link_set, 3, t, -1, SQLITE_TRANSIENT);
		w = linkage_weight(g->lk, (uint32_t)i);
		if (isnan(w))
			sqlite3_bind_null(link_set, 4);
		else
			sqlite3_bind_double(link_set, 4, w);
		store_step(g->st, link_set, "cannot link a record");
		sqlite3_reset(link_set);
	}
	sqlite3_finalize(pins);
	sqlite3_finalize(nid_set);
	sqlite3_finalize(link_set);
	sqlite3_finalize(link_del);
	sqlite3_finalize(g->ev_ins);
	sqlite3_finalize(g->merge_upd);
	free(prev);
	free(id);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Orders by a leading uint64_t. */
static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static const struct match *mem_order_g;

static int
mem_order_cmp(const void *a, const void *b)
{
	uint64_t x = mem_order_g->m[*(const uint32_t *)a].pid;
	uint64_t y = mem_order_g->m[*(const uint32_t *)b].pid;

	return x < y ? -1 : x > y;
}

/* National ids of one source that have no person yet, added to *v (--all). */
static void
new_nids_of(struct match *g, const char *source, const struct kind_def *k,
	    char ***v, size_t *n, size_t *cap)
{
	char sql[512];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "SELECT DISTINCT t.national_id"
	    " FROM src_%s t WHERE t.source = ?1"
	    " AND t.national_id IS NOT NULL AND NOT EXISTS"
	    " (SELECT 1 FROM person_nid p"
	    " WHERE p.national_id = t.national_id)", k->name);
	st = store_prepare(g->st, sql);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while (store_step(g->st, st, "cannot read national ids")
	    == SQLITE_ROW) {
		xgrow((void **)v, cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(coltext(st, 0));
	}
	sqlite3_finalize(st);
}

/* What column col of a row says of a record's national id, for csrc.ref. */
static uint32_t
nid_ref(struct match *g, sqlite3_stmt *st, int col)
{
	const char *s;

	int type = sqlite3_column_type(st, col);

	if (type == SQLITE_NULL)
		return REF_NULL;
	s = coltext(st, col);
	if (type != SQLITE_TEXT ||
	    strlen(s) != (size_t)sqlite3_column_bytes(st, col))
		return REF_ODD;
	return nid_entry(g, s, strlen(s), (size_t)-1);
}

/*
 * The national ids of the records of source c that the change stream
 * names, into c->ref: one pass over the table when the stream names a good
 * part of it, else a look-up for each.
 */
static void
nids_of_changes(struct match *g, struct csrc *c)
{
	char sql[512];
	sqlite3_stmt *st;
	int64_t rows = 0;
	const char *rid;
	uint32_t e;
	size_t i, pos = 0;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM src_%s", c->kind->name);
	st = store_prepare(g->st, sql);
	if (store_step(g->st, st, "cannot count the records") == SQLITE_ROW)
		rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((int64_t)c->n * 8 >= rows) {
		snprintf(sql, sizeof sql, "SELECT record_id, national_id"
		    " FROM src_%s WHERE source = ?1 ORDER BY record_id",
		    c->kind->name);
		st = store_prepare(g->st, sql);
		sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
		while (store_step(g->st, st, "cannot read national ids")
		    == SQLITE_ROW) {
			/* What a look-up by the text would not find, skip. */
			if (sqlite3_column_type(st, 0) != SQLITE_TEXT)
				continue;
			rid = coltext(st, 0);
			if (strlen(rid) != (size_t)sqlite3_column_bytes(st, 0))
				continue;
			e = csrc_seek(c, &pos, rid);
			if (e != NONE32)
				c->ref[e] = nid_ref(g, st, 1);
		}
		sqlite3_finalize(st);
		return;
	}
	snprintf(sql, sizeof sql, "SELECT national_id FROM src_%s"
	    " WHERE source = ?1 AND record_id = ?2", c->kind->name);
	st = store_prepare(g->st, sql);
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	for (i = 0; i < c->n; i++) {
		sqlite3_bind_text(st, 2, csrc_id(c, i), -1, SQLITE_STATIC);
		c->ref[i] = store_step(g->st, st, "cannot read national ids")
		    == SQLITE_ROW ? nid_ref(g, st, 0) : NONE32;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/* A national id without a person: its entry and its text in a buf. */
struct newnid {
	uint32_t e;
	size_t off;
};

static const struct buf *newnid_text;

/* Appends national id s (entry e, or NONE32) to v[0..*n), its text to text. */
static void
newnid_add(struct newnid **v, size_t *n, size_t *cap, struct buf *text,
	   uint32_t e, const char *s)
{
	xgrow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[*n].e = e;
	(*v)[*n].off = text->len;
	buf_add(text, s, strlen(s) + 1);
	(*n)++;
}

static int
newnid_cmp(const void *a, const void *b)
{
	return strcmp(newnid_text->p + ((const struct newnid *)a)->off,
	    newnid_text->p + ((const struct newnid *)b)->off);
}

/*
 * The national ids of c's changed records that are not plain text and
 * that person_nid does not hold, as the store compares them, added to *v
 * (as entry NONE32) with their texts.
 */
static void
odd_new_nids(struct match *g, const struct csrc *c, struct newnid **v,
	     size_t *n, size_t *cap, struct buf *text)
{
	char sql[512];
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->ref[i] != REF_ODD)
			continue;
		if (!st) {
			snprintf(sql, sizeof sql, "SELECT t.national_id"
			    " FROM src_%s t WHERE t.source = ?1"
			    " AND t.record_id = ?2"
			    " AND t.national_id IS NOT NULL AND NOT EXISTS"
			    " (SELECT 1 FROM person_nid p"
			    " WHERE p.national_id = t.national_id)",
			    c->kind->name);
			st = store_prepare(g->st, sql);
			sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(st, 2, csrc_id(c, i), -1, SQLITE_STATIC);
		if (store_step(g->st, st, "cannot read national ids")
		    == SQLITE_ROW) {
			newnid_add(v, n, cap, text, NONE32, coltext(st, 0));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/*
 * The national ids the changed records of registries without names hold,
 * with the person each has now (after assign_persons): a record's national
 * id is its record's person; any other, the person the store has for it.
 * Those it has none for go to *v in the order of their texts (in *text),
 * *n of them.
 */
static void
changed_nids(struct match *g, struct newnid **v, size_t *n, struct buf *text)
{
	size_t i, cap = 0;
	sqlite3_stmt *st;
	const char *s;
	char buf[24];
	uint32_t e;
	int any = 0;

	*v = NULL;
	*n = 0;
	for (i = 0; i < g->ncs; i++)
		if (g->cs[i].cls == CS_NIDS && g->cs[i].n > 0)
			any = 1;
	if (!any)
		return;
	for (i = 0; i < g->ncs; i++)
		if (g->cs[i].cls == CS_NIDS && g->cs[i].n > 0)
			nids_of_changes(g, &g->cs[i]);
	st = store_prepare(g->st,
	    "SELECT person_id FROM person_nid WHERE national_id = ?1");
	for (e = 0; e < g->nne; e++) {
		if (g->ne[e].state != NID_UNKNOWN)
			continue;
		g->ne[e].state = NID_STORE;
		s = nid_text(g, e, buf);
		sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
		if (!g->nid_all && store_step(g->st, st,
		    "cannot read national ids") == SQLITE_ROW) {
			g->ne[e].person = person_number(
			    sqlite3_column_text(st, 0));
		} else {
			newnid_add(v, n, &cap, text, e, s);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	for (i = 0; i < g->ncs; i++)
		if (g->cs[i].cls == CS_NIDS)
			odd_new_nids(g, &g->cs[i], v, n, &cap, text);
	newnid_text = text;
	if (*n > 1)
		qsort(*v, *n, sizeof **v, newnid_cmp);
	newnid_text = NULL;
}

/*
 * The national ids that only registries without names (social security,
 * tax, ...) hold: one new person each, in the order of the ids.
 */
static void
nid_only_persons(struct match *g)
{
	size_t ns, i, n = 0, cap = 0;
	struct source *src = NULL;
	char **v = NULL, t[24];
	const char *s;
	struct newnid *nv = NULL;
	struct buf nt = BUF_INIT;
	sqlite3_stmt *pins, *nins;

	if (g->all) {
		src = sources(g, nid_only, &ns);
		for (i = 0; i < ns; i++)
			new_nids_of(g, src[i].name, src[i].kind, &v, &n, &cap);
		free_sources(src, ns);
		if (n > 0)
			qsort(v, n, sizeof *v, str_cmp);
	} else {
		changed_nids(g, &nv, &n, &nt);
	}
	pins = store_prepare(g->st, "INSERT INTO person (person_id, first_run)"
	    " VALUES (?1, ?2)");
	sqlite3_bind_int64(pins, 2, g->st->run_id);
	nins = store_prepare(g->st, "INSERT INTO person_nid (national_id,"
	    " person_id) VALUES (?1, ?2)");
	for (i = 0; i < n; i++) {
		s = v ? v[i] : nt.p + nv[i].off;
		if (i == 0 || strcmp(s, v ? v[i - 1] : nt.p + nv[i - 1].off)) {
			insert_person(g, pins, g->next);
			person_text(g->next++, t);
			sqlite3_bind_text(nins, 1, s, -1, SQLITE_STATIC);
			sqlite3_bind_text(nins, 2, t, -1, SQLITE_TRANSIENT);
			store_step(g->st, nins, "cannot link a national id");
			sqlite3_reset(nins);
			g->nid_only_new++;
		}
		if (nv && nv[i].e != NONE32) {
			g->ne[nv[i].e].person = g->next - 1;
			g->ne[nv[i].e].state = NID_NEW;
		}
	}
	if (v)
		for (i = 0; i < n; i++)
			free(v[i]);
	free(v);
	free(nv);
	buf_release(&nt);
	sqlite3_finalize(pins);
	sqlite3_finalize(nins);
}

/* The review list of this run replaces the last one. */
static void
write_reviews(struct match *g)
{
	size_t n, i;
	const struct lk_review *r = linkage_reviews(g->lk, &n);
	sqlite3_stmt *ins;
	struct buf b = BUF_INIT;

	store_exec(g->st, "DELETE FROM match_review");
	ins = store_prepare(g->st, "INSERT INTO match_review (run_id, source_a,"
	    " record_a, source_b, record_b, weight, reason, breakdown)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	sqlite3_bind_int64(ins, 1, g->st->run_id);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		linkage_breakdown(g->lk, r[i].a, r[i].b, &b);
		sqlite3_bind_text(ins, 2, linkage_source(g->lk, r[i].a), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, linkage_record_id(g->lk, r[i].a), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, linkage_source(g->lk, r[i].b), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, linkage_record_id(g->lk, r[i].b), -1,
		    SQLITE_STATIC);
		sqlite3_bind_double(ins, 6, r[i].weight);
		sqlite3_bind_text(ins, 7, linkage_reason(r[i].why), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, buf_str(&b), -1, SQLITE_TRANSIENT);
		store_step(g->st, ins, "cannot write the review list");
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	buf_release(&b);
}

/* ---------------------------------------------------------- households */

struct hh {
	char *id;
	size_t first, n;	/* members[first .. first+n) once sorted by hh */
	uint64_t head, rep;
	uint32_t head_rec;
	int origin_civil;
};

static int
mem_by_pid(const void *a, const void *b)
{
	const struct mem *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

static int
mem_by_hh(const void *a, const void *b)
{
	const struct mem *x = a, *y = b;
	int c = strcmp(x->hh, y->hh);

	if (c)
		return c;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The entry of household id hh in g->hhs, added (not marked) when new. */
static uint32_t
hh_entry(struct match *g, const char *hh)
{
	size_t n = strlen(hh);
	int added;
	uint32_t e = strtab_add(&g->hhs, &g->hhtext, hh, n, str_hash(hh, n),
	    (size_t)-1, &added);

	if (added) {
		xgrow((void **)&g->hh_changed, &g->caphh, g->hhs.n, 1);
		g->hh_changed[e] = 0;
	}
	return e;
}

/*
 * Marks household e to be printed.  While g->marking, every mark is kept
 * as well, in order, for marked_before().
 */
static void
mark_entry(struct match *g, uint32_t e)
{
	g->hh_changed[e] = 1;
	if (!g->marking)
		return;
	xgrow((void **)&g->marks, &g->capmarks, g->nmarks + 1,
	    sizeof *g->marks);
	g->marks[g->nmarks++] = e;
}

static void
mark_changed(struct match *g, const char *hh)
{
	mark_entry(g, hh_entry(g, hh));
}

static const struct match *hh_order_g;

static int
hh_order_cmp(const void *a, const void *b)
{
	const struct match *g = hh_order_g;

	return strcmp(strtab_str(&g->hhs, &g->hhtext, *(const uint32_t *)a),
	    strtab_str(&g->hhs, &g->hhtext, *(const uint32_t *)b));
}

/* The entries of g->hhs in the order of their ids; the caller frees it. */
static uint32_t *
hh_order_alloc(struct match *g)
{
	uint32_t *v = xmalloc((g->hhs.n ? g->hhs.n : 1) * sizeof *v);
	size_t i;

	for (i = 0; i < g->hhs.n; i++)
		v[i] = (uint32_t)i;
	hh_order_g = g;
	if (g->hhs.n > 1)
		qsort(v, g->hhs.n, sizeof *v, hh_order_cmp);
	hh_order_g = NULL;
	return v;
}

/* Sorts the marks made so far by household id. */
static void
sort_marks(struct match *g)
{
	uint32_t *order = hh_order_alloc(g), *rank, *out;
	size_t *count, i, sum, c;

	rank = xmalloc((g->hhs.n ? g->hhs.n : 1) * sizeof *rank);
	count = xcalloc(g->hhs.n + 1, sizeof *count);
	for (i = 0; i < g->hhs.n; i++)
		rank[order[i]] = (uint32_t)i;
	for (i = 0; i < g->nmarks; i++)
		count[rank[g->marks[i]]]++;
	for (i = 0, sum = 0; i <= g->hhs.n; i++) {
		c = count[i];
		count[i] = sum;
		sum += c;
	}
	out = xmalloc((g->nmarks ? g->nmarks : 1) * sizeof *out);
	for (i = 0; i < g->nmarks; i++)
		out[count[rank[g->marks[i]]]++] = g->marks[i];
	free(g->marks);
	g->marks = out;
	g->capmarks = g->nmarks ? g->nmarks : 1;
	free(count);
	free(rank);
	free(order);
}

/*
 * 1 when hh is marked changed in this run.  (Until 2026-11 this was a
 * bsearch(3) over the marks, of which those made after sort_marks() are
 * appended unsorted: it could miss a household it held, which was then
 * printed as changed but kept its old last_run.)
 */
static int
marked_before(const struct match *g, const char *hh)
{
	size_t n = strlen(hh);
	uint32_t e = strtab_find(&g->hhs, &g->hhtext, hh, n, str_hash(hh, n));

	return e != NONE32 && g->hh_changed[e];
}

/* "A" and 12 hex digits of the address of a household the registry gave no number. */
static char *
address_household(const struct match *g, const struct prec *p)
{
	struct sha256 h;
	char hex[65], *s;
	const char *parts[3];
	int i;

	parts[0] = text_at(g, p->district);
	parts[1] = text_at(g, p->address);
	parts[2] = text_at(g, p->postcode);
	sha256_begin(&h);
	sha256_add(&h, &p->province, 1);
	for (i = 0; i < 3; i++) {
		char buf[1024];
		size_t n = parts[i] ? name_fold(parts[i], strlen(parts[i]),
		    buf, sizeof buf) : 0;

		sha256_add(&h, buf, n);
		sha256_add(&h, "|", 1);
	}
	sha256_hex(&h, hex);
	s = xmalloc(14);
	s[0] = 'A';
	memcpy(s + 1, hex, 12);
	s[13] = '\0';
	return s;
}

struct akey {
	uint64_t key;
	const char *hh;		/* NULL: several households */
};

static int
akey_cmp(const void *a, const void *b)
{
	const struct akey *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static const struct akey *
akey_find(const struct akey *v, size_t n, uint64_t key)
{
	struct akey k = { key, NULL };

	return n ? bsearch(&k, v, n, sizeof *v, akey_cmp) : NULL;
}

/* Age at the as-of day, -1 when the birth date is unknown. */
static int
age_of(const struct match *g, uint32_t rec)
{
	if (rec == CLUSTER_NONE || g->pr[rec].birth == LK_NODATE)
		return -1;
	return date_age(g->pr[rec].birth, g->today);
}

static void
choose_head(const struct match *g, const struct mem *m, size_t n,
	    struct hh *h)
{
	size_t i, head = n, oldest = n, adult = n;
	int32_t b;

	for (i = 0; i < n; i++) {
		if (m[i].rec == CLUSTER_NONE)
			continue;
		if (head == n && m[i].rel && strcmp(m[i].rel, "head") == 0)
			head = i;
		b = g->pr[m[i].rec].birth;
		if (b != LK_NODATE && (oldest == n ||
		    b < g->pr[m[oldest].rec].birth))
			oldest = i;
	}
	if (head == n)
		head = oldest;
	if (head == n)
		for (i = 0; i < n && head == n; i++)
			if (m[i].rec != CLUSTER_NONE)
				head = i;
	h->head = m[head].pid;
	h->head_rec = m[head].rec;
	/* The representative: the head when of age, else the oldest adult. */
	if (age_of(g, m[head].rec) >= 18) {
		h->rep = h->head;
		return;
	}
	for (i = 0; i < n; i++)
		if (age_of(g, m[i].rec) >= 18 && (adult == n ||
		    g->pr[m[i].rec].birth < g->pr[m[adult].rec].birth))
			adult = i;
	h->rep = adult == n ? h->head : m[adult].pid;
}

/* What the addresses of a person with no civil record say. */
enum attach {
	AT_NO_ADDRESS,		/* none given */
	AT_SHORT,		/* given, but under three words */
	AT_NOWHERE,		/* names no household */
	AT_ONE,			/* names one household, found[] */
	AT_SEVERAL,		/* names more than one */
	AT_DONE			/* the person has been dealt with */
};

static void
households(struct match *g)
{
	size_t n = linkage_count(g->lk), k = linkage_nclusters(g->lk), i, j;
	const uint32_t *comp = linkage_comp(g->lk);
	struct mem *m = NULL;
	size_t nm = 0, capm = 0, nh = 0, caph = 0, capak = 0, nak = 0;
	struct hh *h = NULL;
	struct akey *ak = NULL;
	unsigned char *has_civil, *dead, *live;
	const char **found;
	char t[24], u[24], v[24];
	sqlite3_stmt *st, *ins, *del, *hins, *hend, *uins;

	has_civil = xcalloc(k ? k : 1, 1);
	dead = xcalloc(k ? k : 1, 1);
	live = xcalloc(k ? k : 1, 1);
	found = xcalloc(k ? k : 1, sizeof *found);
	/* Members from the live civil records. */
	for (i = 0; i < n; i++) {
		struct prec *p = &g->pr[i];

		if (!p->civil)
			continue;
		has_civil[comp[i]] = 1;
		if (p->dead)
			dead[comp[i]] = 1;
		if (!p->live)
			continue;
		live[comp[i]] = 1;
		xgrow((void **)&m, &capm, nm + 1, sizeof *m);
		m[nm].pid = g->pid[i];
		m[nm].hh = p->hh ? xstrdup(text_at(g, p->hh)) :
		    address_household(g, p);
		m[nm].rel = text_at(g, p->rel);
		m[nm].rec = (uint32_t)i;
		m[nm].comp = comp[i];
		nm++;
	}
	/* One household per person: its first civil record's. */
	if (nm > 0)
		qsort(m, nm, sizeof *m, mem_by_pid);
	for (i = j = 0; i < nm; i++) {
		if (j > 0 && m[j - 1].pid == m[i].pid) {
			free(m[i].hh);
			continue;
		}
		m[j++] = m[i];
	}
	nm = j;
	/* Which household lives at each address (NULL: more than one). */
	for (i = 0; i < nm; i++) {
		uint64_t key = g->pr[m[i].rec].addrkey;

		if (!key)
			continue;
		xgrow((void **)&ak, &capak, nak + 1, sizeof *ak);
		ak[nak].key = key;
		ak[nak].hh = m[i].hh;
		nak++;
	}
	if (nak > 0)
		qsort(ak, nak, sizeof *ak, akey_cmp);
	for (i = j = 0; i < nak; i++) {
		if (j > 0 && ak[j - 1].key == ak[i].key) {
			if (ak[j - 1].hh && strcmp(ak[j - 1].hh, ak[i].hh) != 0)
				ak[j - 1].hh = NULL;
			continue;
		}
		ak[j++] = ak[i];
	}
	nak = j;
	/*
	 * Persons with no civil record: attached where every address they
	 * gave names one and the same household, else left unattached.
	 */
	store_exec(g->st, "DELETE FROM unattached");
	uins = store_prepare(g->st, "INSERT OR IGNORE INTO unattached"
	    " (person_id, reason) VALUES (?1, ?2)");
	{
		unsigned char *state = xcalloc(k ? k : 1, 1);

		for (i = 0; i < n; i++) {
			const struct akey *a;
			unsigned c = comp[i];

			if (has_civil[c])
				continue;
			if (!g->pr[i].addrkey) {
				if (g->pr[i].has_address && state[c] == AT_NO_ADDRESS)
					state[c] = AT_SHORT;
				continue;
			}
			if (state[c] == AT_NO_ADDRESS || state[c] == AT_SHORT)
				state[c] = AT_NOWHERE;
			a = akey_find(ak, nak, g->pr[i].addrkey);
			if (!a)
				continue;
			if (!a->hh || (found[c] && strcmp(found[c], a->hh) != 0))
				state[c] = AT_SEVERAL;
			else if (state[c] != AT_SEVERAL) {
				found[c] = a->hh;
				state[c] = AT_ONE;
			}
		}
		for (i = 0; i < n; i++) {
			unsigned c = comp[i];
			const char *why = NULL;

			if (state[c] == AT_DONE)
				continue;	/* done */
			if (!has_civil[c]) {
				if (state[c] == AT_ONE) {
					xgrow((void **)&m, &capm, nm + 1,
					    sizeof *m);
					m[nm].pid = g->pid[i];
					m[nm].hh = xstrdup(found[c]);
					m[nm].rel = NULL;
					m[nm].rec = CLUSTER_NONE;
					m[nm].comp = c;
					nm++;
				} else {
					why = state[c] == AT_SEVERAL ?
					    "addresses name several households" :
					    state[c] == AT_NOWHERE ?
					    "address names no household" :
					    state[c] == AT_SHORT ?
					    "address too short to attach" :
					    "no address";
				}
			} else if (!live[c]) {
				why = dead[c] ? "deceased" : "civil record ended";
			}
			state[c] = AT_DONE;
			if (why) {
				person_text(g->pid[i], t);
				sqlite3_bind_text(uins, 1, t, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(uins, 2, why, -1, SQLITE_STATIC);
				store_step(g->st, uins, "cannot list a person");
				sqlite3_reset(uins);
			}
		}
		free(state);
	}
	free(ak);
	free(found);
	free(has_civil);
	free(dead);
	free(live);

	/* The members against the store's: write what differs. */
	if (nm > 0)
		qsort(m, nm, sizeof *m, mem_by_pid);
	st = store_prepare(g->st, "SELECT person_id, household_id, relationship,"
	    " attached FROM member ORDER BY person_id");
	ins = store_prepare(g->st, "INSERT INTO member (person_id, household_id,"
	    " relationship, attached) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (person_id) DO UPDATE SET household_id ="
	    " excluded.household_id, relationship = excluded.relationship,"
	    " attached = excluded.attached");
	del = store_prepare(g->st, "DELETE FROM member WHERE person_id = ?1");
	{
		int rc = store_step(g->st, st, "cannot read the members");
		size_t x = 0;

		for (;;) {
			uint64_t op = rc == SQLITE_ROW ?
			    person_number(sqlite3_column_text(st, 0)) : UINT64_MAX;
			uint64_t np = x < nm ? m[x].pid : UINT64_MAX;

			if (op == UINT64_MAX && np == UINT64_MAX)
				break;
			if (op < np) {
				mark_changed(g, coltext(st, 1));
				sqlite3_bind_text(del, 1, coltext(st, 0), -1,
				    SQLITE_TRANSIENT);
				store_step(g->st, del, "cannot drop a member");
				sqlite3_reset(del);
				rc = store_step(g->st, st, "cannot read the members");
				continue;
			}
			if (op == np) {
				const char *oh = coltext(st, 1), *orl = coltext(st, 2),
				    *oa = coltext(st, 3);
				const char *na = m[x].rec == CLUSTER_NONE ?
				    "address" : "civil";

				if (strcmp(oh, m[x].hh) == 0 &&
				    same_text(orl, m[x].rel) &&
				    strcmp(oa, na) == 0) {
					x++;
					rc = store_step(g->st, st,
					    "cannot read the members");
					continue;
				}
				mark_changed(g, oh);
				rc = store_step(g->st, st, "cannot read the members");
			}
			person_text(m[x].pid, t);
			sqlite3_bind_text(ins, 1, t, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 2, m[x].hh, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, m[x].rel, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, m[x].rec == CLUSTER_NONE ?
			    "address" : "civil", -1, SQLITE_STATIC);
			store_step(g->st, ins, "cannot write a member");
			sqlite3_reset(ins);
			mark_changed(g, m[x].hh);
			x++;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);

	/* The households, and those the store has that are now empty. */
	if (nm > 0)
		qsort(m, nm, sizeof *m, mem_by_hh);
	for (i = 0; i < nm; i = j) {
		for (j = i + 1; j < nm && strcmp(m[j].hh, m[i].hh) == 0; j++)
			;
		xgrow((void **)&h, &caph, nh + 1, sizeof *h);
		h[nh].id = m[i].hh;
		h[nh].first = i;
		h[nh].n = j - i;
		choose_head(g, m + i, j - i, &h[nh]);
		h[nh].origin_civil = m[i].hh[0] != 'A' || strlen(m[i].hh) != 13;
		nh++;
	}
	g->households = nh;
	sort_marks(g);
	st = store_prepare(g->st, "SELECT household_id, head, representative,"
	    " size, province, district, address, postcode, ended_run"
	    " FROM household ORDER BY household_id");
	hins = store_prepare(g->st, "INSERT INTO household (household_id, origin,"
	    " head, representative, size, province, district, address, postcode,"
	    " first_run, last_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?10) ON CONFLICT (household_id) DO UPDATE SET"
	    " origin = excluded.origin, head = excluded.head,"
	    " representative = excluded.representative, size = excluded.size,"
	    " province = excluded.province, district = excluded.district,"
	    " address = excluded.address, postcode = excluded.postcode,"
	    " last_run = excluded.last_run, ended_run = NULL");
	hend = store_prepare(g->st, "UPDATE household SET head = NULL,"
	    " representative = NULL, size = 0, last_run = ?2, ended_run = ?2"
	    " WHERE household_id = ?1");
	sqlite3_bind_int64(hins, 10, g->st->run_id);
	sqlite3_bind_int64(hend, 2, g->st->run_id);
	{
		int rc = store_step(g->st, st, "cannot read the households");
		size_t x = 0;

		for (;;) {
			const char *oid = rc == SQLITE_ROW ? coltext(st, 0) : NULL;
			int c;

			if (!oid && x >= nh)
				break;
			c = !oid ? 1 : x >= nh ? -1 : strcmp(oid, h[x].id);
			if (c < 0) {
				if (sqlite3_column_type(st, 8) == SQLITE_NULL) {
					sqlite3_bind_text(hend, 1, oid, -1,
					    SQLITE_TRANSIENT);
					store_step(g->st, hend,
					    "cannot end a household");
					sqlite3_reset(hend);
					mark_changed(g, oid);
				}
				rc = store_step(g->st, st,
				    "cannot read the households");
				continue;
			}
			{
				const struct prec *p = &g->pr[h[x].head_rec];
				const char *dist = text_at(g, p->district),
				    *addr = text_at(g, p->address),
				    *pc = text_at(g, p->postcode);
				int same = 0;

				person_text(h[x].head, u);
				person_text(h[x].rep, v);
				if (c == 0) {
					same = sqlite3_column_type(st, 8) ==
					    SQLITE_NULL &&
					    same_text(coltext(st, 1), u) &&
					    same_text(coltext(st, 2), v) &&
					    (size_t)sqlite3_column_int64(st, 3) == h[x].n &&
					    sqlite3_column_int(st, 4) == p->province &&
					    same_text(coltext(st, 5), dist) &&
					    same_text(coltext(st, 6), addr) &&
					    same_text(coltext(st, 7), pc);
					rc = store_step(g->st, st,
					    "cannot read the households");
				}
				if (!same || marked_before(g, h[x].id)) {
					sqlite3_bind_text(hins, 1, h[x].id, -1,
					    SQLITE_STATIC);
					sqlite3_bind_text(hins, 2, h[x].origin_civil ?
					    "civil" : "address", -1, SQLITE_STATIC);
					sqlite3_bind_text(hins, 3, u, -1,
					    SQLITE_TRANSIENT);
					sqlite3_bind_text(hins, 4, v, -1,
					    SQLITE_TRANSIENT);
					sqlite3_bind_int64(hins, 5, (int64_t)h[x].n);
					if (p->province)
						sqlite3_bind_int(hins, 6, p->province);
					else
						sqlite3_bind_null(hins, 6);
					sqlite3_bind_text(hins, 7, dist, -1,
					    SQLITE_STATIC);
					sqlite3_bind_text(hins, 8, addr, -1,
					    SQLITE_STATIC);
					sqlite3_bind_text(hins, 9, pc, -1,
					    SQLITE_STATIC);
					store_step(g->st, hins,
					    "cannot write a household");
					sqlite3_reset(hins);
					if (!same)
						mark_changed(g, h[x].id);
				}
				x++;
			}
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(hins);
	sqlite3_finalize(hend);
	/* Persons in no household, and why, for those not listed yet. */
	store_exec(g->st, "INSERT OR IGNORE INTO unattached (person_id, reason)"
	    " SELECT p.person_id, 'no record with an address'"
	    " FROM person p WHERE p.merged_into IS NULL AND NOT EXISTS"
	    " (SELECT 1 FROM member m WHERE m.person_id = p.person_id)");
	sqlite3_finalize(uins);
	st = store_prepare(g->st, "SELECT count(*) FROM unattached");
	if (store_step(g->st, st, "cannot count") == SQLITE_ROW)
		g->unattached = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (g->all)
		for (i = 0; i < nh; i++)
			mark_changed(g, h[i].id);
	g->marking = 0;
	free(g->marks);
	g->marks = NULL;
	g->nmarks = 0;
	g->hh_of_comp = xmalloc((k ? k : 1) * sizeof *g->hh_of_comp);
	memset(g->hh_of_comp, 0xff, (k ? k : 1) * sizeof *g->hh_of_comp);
	for (i = 0; i < nm; i = j) {
		uint32_t e = hh_entry(g, m[i].hh);

		for (j = i; j < nm && strcmp(m[j].hh, m[i].hh) == 0; j++)
			g->hh_of_comp[m[j].comp] = e;
	}
	g->m = m;
	g->nm = nm;
	free(h);
}

/* The household of person pid now, NULL when none (g->m by pid). */
static const char *
member_household(struct match *g, uint32_t **by_pid, uint64_t pid)
{
	size_t lo = 0, hi = g->nm, mid, i;

	if (!*by_pid) {
		*by_pid = xmalloc((g->nm ? g->nm : 1) * sizeof **by_pid);
		for (i = 0; i < g->nm; i++)
			(*by_pid)[i] = (uint32_t)i;
		mem_order_g = g;
		if (g->nm > 1)
			qsort(*by_pid, g->nm, sizeof **by_pid, mem_order_cmp);
		mem_order_g = NULL;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (g->m[(*by_pid)[mid]].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nm && g->m[(*by_pid)[lo]].pid == pid ?
	    g->m[(*by_pid)[lo]].hh : NULL;
}

/*
 * The statement that finds the household of a record of source c (bound
 * as ?1 and ?2) from the store, as the tables stand at the end of the run:
 * through its person (its national id's, else its link's) to its member
 * row, or through its household column.  NULL for a kind with neither.
 */
static sqlite3_stmt *
household_of_record(struct match *g, const struct csrc *c)
{
	char sql[768];

	if (c->cls == CS_NAMES || c->cls == CS_NIDS)
		snprintf(sql, sizeof sql,
		    "SELECT m.household_id FROM src_%s t"
		    " LEFT JOIN person_nid pn ON pn.national_id = t.national_id"
		    " LEFT JOIN link l ON l.source = t.source"
		    " AND l.record_id = t.record_id"
		    " JOIN member m ON m.person_id ="
		    " COALESCE(pn.person_id, l.person_id)"
		    " WHERE t.source = ?1 AND t.record_id = ?2", c->kind->name);
	else if (c->cls == CS_HOUSEHOLD)
		snprintf(sql, sizeof sql,
		    "SELECT h.household_id FROM src_%s t JOIN household h"
		    " ON h.household_id = t.household_id"
		    " WHERE t.source = ?1 AND t.record_id = ?2", c->kind->name);
	else
		return NULL;
	return store_prepare(g->st, sql);
}

static void
mark_by_statement(struct match *g, sqlite3_stmt *st, const struct csrc *c,
		  uint32_t e)
{
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, csrc_id(c, e), -1, SQLITE_STATIC);
	while (store_step(g->st, st, "cannot read a change") == SQLITE_ROW)
		mark_changed(g, coltext(st, 0));
	sqlite3_reset(st);
}

/*
 * Marks the household of id e of source c as what the run holds says it
 * is now; 0 when the store has to say (a national id of '', or none, or a
 * household column).
 */
static int
mark_from_memory(struct match *g, const struct csrc *c, size_t e,
		 uint32_t **by_pid)
{
	uint32_t r = c->ref[e], h = NONE32;
	const char *hh;

	if (c->cls == CS_NAMES) {
		if (r == NONE32)
			return 1;	/* no such record */
		if (g->pr[r].nid_odd)
			return 0;
		h = g->hh_of_comp[linkage_comp(g->lk)[r]];
	} else if (c->cls == CS_NIDS) {
		if (r == NONE32)
			return 1;	/* no such record */
		if (r == REF_NULL || r == REF_ODD)
			return 0;
		if (g->ne[r].comp != NONE32)
			h = g->hh_of_comp[g->ne[r].comp];
		else if (g->ne[r].state == NID_STORE && g->ne[r].person &&
		    (hh = member_household(g, by_pid, g->ne[r].person)))
			mark_changed(g, hh);
	} else {
		return c->cls != CS_HOUSEHOLD;
	}
	if (h != NONE32)
		mark_entry(g, h);
	return 1;
}

/*
 * The households whose members' records changed: a record of the change
 * stream, through its person (or its household column), to the household
 * that person is in now.
 */
static void
changed_by_records(struct match *g)
{
	uint32_t *by_pid = NULL;
	sqlite3_stmt *st;
	struct csrc *c;
	size_t i, e;

	for (i = 0; i < g->ncs; i++) {
		c = &g->cs[i];
		st = NULL;
		for (e = 0; e < c->n; e++) {
			if (mark_from_memory(g, c, e, &by_pid))
				continue;
			if (!st)
				st = household_of_record(g, c);
			mark_by_statement(g, st, c, (uint32_t)e);
		}
		sqlite3_finalize(st);
	}
	free(by_pid);
}

/*
 * The record of source and record id rid, or NONE32, as a binary search of
 * the records (loaded by source, then id) finds it.
 */
static uint32_t
find_record(const struct match *g, const char *source, const char *rid)
{
	long lo = 0, hi = (long)linkage_count(g->lk) - 1, mid;
	int c;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(linkage_source(g->lk, (uint32_t)mid), source);
		if (c == 0)
			c = strcmp(linkage_record_id(g->lk, (uint32_t)mid), rid);
		if (c == 0)
			return (uint32_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NONE32;
}

/*
 * The households that changed records were in before this run: a record
 * that now belongs to someone else has left its old household's file.
 * Each line of the stream counts: a record named twice marks twice.  The
 * records are found as they are met on loading; a binary search finds
 * them when that would not find them the same (g->odd_ids).
 */
static void
changed_before(struct match *g)
{
	struct { uint64_t prev, lines; } *v = NULL;
	size_t n = 0, cap = 0, i, j, e;
	uint64_t lines, k;
	sqlite3_stmt *st;
	struct csrc *c;
	char t[24];
	uint32_t r;

	for (i = 0; i < g->ncs; i++) {
		c = &g->cs[i];
		if (c->cls != CS_NAMES)
			continue;
		for (e = 0; e < c->n; e++) {
			r = g->odd_ids ? find_record(g, c->name, csrc_id(c, e)) :
			    c->ref[e];
			if (r == NONE32 || g->pr[r].prev == 0)
				continue;
			xgrow((void **)&v, &cap, n + 1, sizeof *v);
			v[n].prev = g->pr[r].prev;
			v[n].lines = c->count[e];
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, u64_cmp);
	st = store_prepare(g->st,
	    "SELECT household_id FROM member WHERE person_id = ?1");
	for (i = 0; i < n; i = j) {
		lines = 0;
		for (j = i; j < n && v[j].prev == v[i].prev; j++)
			lines += v[j].lines;
		person_text(v[i].prev, t);
		sqlite3_bind_text(st, 1, t, -1, SQLITE_TRANSIENT);
		if (store_step(g->st, st, "cannot read the members") == SQLITE_ROW)
			for (k = 0; k < lines; k++)
				mark_changed(g, coltext(st, 0));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(v);
}

/* ------------------------------------------------------------- records */

static void
stat_row(struct match *g, sqlite3_stmt *st, const char *name, uint64_t v)
{
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)v);
	store_step(g->st, st, "cannot record the counts");
	sqlite3_reset(st);
}

static void
write_stats(struct match *g)
{
	const struct lk_stats *s = linkage_stats(g->lk);
	const struct fs_model *fm = linkage_model(g->lk);
	sqlite3_stmt *st;
	int f, l;

	st = store_prepare(g->st, "INSERT INTO match_stat (run_id, name, value)"
	    " VALUES (?1, ?2, ?3)");
	sqlite3_bind_int64(st, 1, g->st->run_id);
	stat_row(g, st, "records", s->records);
	stat_row(g, st, "records_without_valid_id", s->without_nid);
	stat_row(g, st, "national_ids", s->nids);
	stat_row(g, st, "blocks", s->blocks);
	stat_row(g, st, "blocks_skipped", s->blocks_skipped);
	stat_row(g, st, "candidate_pairs", s->candidate_pairs);
	stat_row(g, st, "pairs_compared", s->pairs);
	stat_row(g, st, "known_pairs", s->known_pairs);
	stat_row(g, st, "sure_links", s->sure);
	stat_row(g, st, "links_joined", s->joined);
	stat_row(g, st, "refused_two_national_ids", s->refused_two_nids);
	stat_row(g, st, "refused_two_civil_records", s->refused_two_civil);
	stat_row(g, st, "refused_cluster_too_large", s->refused_too_large);
	stat_row(g, st, "review_pairs", s->review);
	stat_row(g, st, "clusters", s->clusters);
	stat_row(g, st, "em_iterations", (uint64_t)s->em_iterations);
	stat_row(g, st, "persons_new", g->persons_new + g->nid_only_new);
	stat_row(g, st, "persons_merged", g->merges);
	stat_row(g, st, "persons_split", g->splits);
	stat_row(g, st, "households", g->households);
	stat_row(g, st, "unattached", g->unattached);
	stat_row(g, st, "changes_read", g->nchg);
	sqlite3_finalize(st);
	st = store_prepare(g->st, "INSERT INTO match_param (run_id, field, level,"
	    " m, u) VALUES (?1, ?2, ?3, ?4, ?5)");
	sqlite3_bind_int64(st, 1, g->st->run_id);
	for (f = 0; f < fm->nfield; f++)
		for (l = 0; l < fm->field[f].nlevel; l++) {
			sqlite3_bind_text(st, 2, fm->field[f].name, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 3, fm->field[f].level[l], -1,
			    SQLITE_STATIC);
			sqlite3_bind_double(st, 4, fm->m[f][l]);
			sqlite3_bind_double(st, 5, fm->u[f][l]);
			store_step(g->st, st, "cannot record the model");
			sqlite3_reset(st);
		}
	sqlite3_finalize(st);
}

static double
threshold(const char *opt, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end || !isfinite(v) || v < -1000 || v > 1000) {
		error("%s: not a weight in bits '%s'", opt, s);
		usage(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const char *const cols[] = { "household_id", NULL };
	struct match g;
	const char *store_path = NULL, *as_of = NULL;
	const struct lk_stats *s;
	struct progress pg;
	struct tsv *out;
	char hex[65];
	uint64_t bytes, rows;
	uint32_t *order;
	size_t i;
	int c, status;

	err_init(PROG);
	memset(&g, 0, sizeof g);
	g.marking = 1;
	linkage_default_options(&g.lo);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 'a': as_of = optarg; break;
		case 'A': g.all = 1; break;
		case 'm': g.lo.t_match = threshold("--threshold-match", optarg); break;
		case 'r': g.lo.t_review = threshold("--threshold-review", optarg); break;
		case 'h': usage(0); break;
		case 'V': printf("%s %s\n", PROG, ISAS_VERSION); return 0;
		default:
			error_option(c, argv);
			usage(2);
		}
	}
	if (!store_path) {
		error("no store given (-S STORE)");
		usage(2);
	}
	if (optind < argc) {
		error("unexpected argument '%s'", argv[optind]);
		usage(2);
	}
	if (g.lo.t_review > g.lo.t_match) {
		error("--threshold-review %g is above --threshold-match %g",
		    g.lo.t_review, g.lo.t_match);
		usage(2);
	}
	if (store_as_of(as_of, g.as_of, &g.today) != 0) {
		error("--as-of: not a date '%s'", as_of);
		usage(2);
	}

	buf_addc(&g.text, '\0');
	/* All of the change stream first: isas-ingest holds the store until then. */
	if (!g.all)
		read_changes(&g);
	g.st = store_open(store_path, STORE_WRITE);
	/* Room for the national id and member tables' pages as they grow. */
	store_exec(g.st, "PRAGMA cache_size = -32768");
	store_run_begin(g.st, PROG, argc, argv, g.as_of);
	if (!g.all)
		store_run_file(g.st, "input", "-", g.in_sha, g.in_bytes,
		    g.in_rows);

	classify_changes(&g);
	g.lk = linkage_new();
	/* The phases, on a terminal (progress.h). */
	progress_begin(&pg, "loading the person records", "", 0);
	load(&g);
	progress_end(&pg);
	progress_begin(&pg, "linking", "", 0);
	linkage_run(g.lk, &g.lo);
	progress_end(&pg);
	progress_begin(&pg, "persons", "", 0);
	changed_before(&g);
	assign_persons(&g);
	write_reviews(&g);
	linkage_forget_records(g.lk);
	nid_only_persons(&g);
	progress_end(&pg);
	progress_begin(&pg, "households", "", 0);
	households(&g);
	changed_by_records(&g);
	write_stats(&g);
	progress_end(&pg);

	s = linkage_stats(g.lk);
	out = tsv_fdopen(1, "-");
	tsv_header(out, cols);
	order = hh_order_alloc(&g);
	rows = 0;
	for (i = 0; i < g.hhs.n; i++) {
		if (!g.hh_changed[order[i]])
			continue;
		tsv_str(out, strtab_str(&g.hhs, &g.hhtext, order[i]));
		tsv_end(out);
		rows++;
	}
	free(order);
	fprintf(stderr, "%s: %llu person records, %llu without a valid id;"
	    " %llu candidate pairs (%llu distinct), %llu linked, %llu for review;"
	    " %llu new persons, %llu merged, %llu split; %llu households,"
	    " %llu changed\n", PROG,
	    (unsigned long long)s->records, (unsigned long long)s->without_nid,
	    (unsigned long long)s->candidate_pairs, (unsigned long long)s->pairs,
	    (unsigned long long)s->joined, (unsigned long long)s->review,
	    (unsigned long long)(g.persons_new + g.nid_only_new),
	    (unsigned long long)g.merges, (unsigned long long)g.splits,
	    (unsigned long long)g.households, (unsigned long long)rows);
	if (tsv_close(out, hex, &bytes, NULL) != 0 || close(1) != 0) {
		error("nothing linked: the household list could not be written");
		store_close(g.st);
		status = 2;
		goto done;
	}
	store_run_file(g.st, "output", "-", hex, bytes, rows);
	store_run_end(g.st, g.bad_input ? "rejects" : "ok", g.nchg, rows, 0);
	store_commit(g.st);
	store_close(g.st);
	status = g.bad_input ? 1 : 0;
done:
	strtab_release(&g.hhs);
	buf_release(&g.hhtext);
	free(g.hh_changed);
	free(g.marks);
	for (i = 0; i < g.ncs; i++) {
		free(g.cs[i].name);
		buf_release(&g.cs[i].text);
		free(g.cs[i].id);
		free(g.cs[i].count);
		free(g.cs[i].ref);
	}
	free(g.cs);
	free(g.ne);
	free(g.nidkey);
	free(g.nidval);
	strtab_release(&g.nidstr);
	free(g.nidstr_ent);
	for (i = 0; i < g.nm; i++)
		free(g.m[i].hh);
	free(g.m);
	free(g.hh_of_comp);
	free(g.pr);
	free(g.pid);
	buf_release(&g.text);
	linkage_free(g.lk);
	return status;
}
