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

/* A record of the change stream. */
struct change {
	char *source;
	char *record_id;
};

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
};

struct match {
	struct store *st;
	char as_of[11];
	int32_t today;
	int all;
	struct lk_options lo;
	struct change *chg;
	size_t nchg, capchg;
	int bad_input;
	char in_sha[65];
	uint64_t in_bytes, in_rows;

	struct linkage *lk;
	struct prec *pr;
	size_t npr, cappr;
	struct buf text;	/* the prec texts; offset 0 is "" */
	uint64_t *pid;		/* each record's person number */
	uint64_t next;		/* the next new person number */
	uint64_t first_new;
	uint64_t merges, splits, persons_new, nid_only_new;

	char **changed;		/* households to print */
	size_t nchanged, capchanged;
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

/* ----------------------------------------------------------- the input */

static void
read_changes(struct match *g)
{
	struct input_options io = { .format = INPUT_TSV, .allow_empty = 1 };
	struct input *in;
	const struct input_record *r;
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
		xgrow((void **)&g->chg, &g->capchg, g->nchg + 1, sizeof *g->chg);
		g->chg[g->nchg].source = xstrndup(r->field[cs], r->len[cs]);
		g->chg[g->nchg].record_id = xstrndup(r->field[cr], r->len[cr]);
		g->nchg++;
		g->in_rows++;
	}
	if (input_failed(in))
		exit(2);
	input_sha256(in, g->in_sha);
	g->in_bytes = input_bytes(in);
	input_free(in);
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
address_key(const char *addr)
{
	char buf[1024];
	struct cmp_addr w;
	size_t n;
	uint64_t h = 1469598103934665603ULL;
	unsigned i;

	if (!addr)
		return 0;
	n = name_fold(addr, strlen(addr), buf, sizeof buf);
	cmp_addr_words(buf, n, &w);
	if (w.n < 3)
		return 0;
	for (i = 0; i < w.n; i++) {
		h ^= w.word[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
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

	snprintf(sql, sizeof sql,
	    "SELECT t.record_id, t.national_id,"
	    " json_extract(t.invalid, '$.national_id.raw'),"
	    " t.first_name, t.last_name, %s, %s, %s, %s, %s, %s,"
	    " pn.person_id, l.person_id, %s, %s, %s, t.ended"
	    " FROM src_%s t"
	    " LEFT JOIN person_nid pn ON pn.national_id = t.national_id"
	    " LEFT JOIN link l ON l.source = t.source AND l.record_id = t.record_id"
	    " WHERE t.source = ?1 ORDER BY t.record_id",
	    col_or_null(k, "sex", "t.sex"),
	    col_or_null(k, "birth_date", "t.birth_date"),
	    col_or_null(k, "address", "t.address"),
	    col_or_null(k, "postcode", "t.postcode"),
	    kind_column(k, "locality") >= 0 ? "t.locality" :
	    col_or_null(k, "district", "t.district"),
	    col_or_null(k, "province", "t.province"),
	    col_or_null(k, "household_id", "t.household_id"),
	    col_or_null(k, "relationship", "t.relationship"),
	    col_or_null(k, "death_date", "t.death_date"),
	    k->name);
	st = store_prepare(g->st, sql);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while (store_step(g->st, st, "cannot read the person records")
	    == SQLITE_ROW) {
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
		linkage_add(g->lk, &in);

		xgrow((void **)&g->pr, &g->cappr, g->npr + 1, sizeof *g->pr);
		p = &g->pr[g->npr++];
		memset(p, 0, sizeof *p);
		p->pn = person_number(sqlite3_column_text(st, 11));
		p->ln = person_number(sqlite3_column_text(st, 12));
		p->prev = in.nid && p->pn ? p->pn : p->ln ? p->ln : p->pn;
		p->nid = text_add(g, in.nid);
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
		p->addrkey = address_key(in.address);
		p->has_address = in.address && *in.address;
	}
	sqlite3_finalize(st);
}

static void
load(struct match *g)
{
	size_t n, i;
	struct source *src = sources(g, name_bearing, &n);

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

		g->pid[i] = now;
		person_text(now, t);
		if (p->nid) {
			if (p->pn != now) {
				sqlite3_bind_text(nid_set, 1, text_at(g, p->nid),
				    -1, SQLITE_STATIC);
				sqlite3_bind_text(nid_set, 2, t, -1,
				    SQLITE_TRANSIENT);
				store_step(g->st, nid_set, "cannot link a national id");
				sqlite3_reset(nid_set);
			}
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

/* National ids of one source that have no person yet, added to *v. */
static void
new_nids_of(struct match *g, const char *source, const struct kind_def *k,
	    char ***v, size_t *n, size_t *cap)
{
	char sql[512];
	sqlite3_stmt *st;
	size_t i;

	if (g->all) {
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
		return;
	}
	snprintf(sql, sizeof sql, "SELECT t.national_id FROM src_%s t"
	    " WHERE t.source = ?1 AND t.record_id = ?2"
	    " AND t.national_id IS NOT NULL AND NOT EXISTS"
	    " (SELECT 1 FROM person_nid p WHERE p.national_id = t.national_id)",
	    k->name);
	st = store_prepare(g->st, sql);
	for (i = 0; i < g->nchg; i++) {
		if (strcmp(g->chg[i].source, source) != 0)
			continue;
		sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, g->chg[i].record_id, -1, SQLITE_STATIC);
		if (store_step(g->st, st, "cannot read national ids")
		    == SQLITE_ROW) {
			xgrow((void **)v, cap, *n + 1, sizeof **v);
			(*v)[(*n)++] = xstrdup(coltext(st, 0));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/*
 * The national ids that only registries without names (social security,
 * tax, ...) hold: one new person each, in the order of the ids.
 */
static void
nid_only_persons(struct match *g)
{
	size_t ns, i, n = 0, cap = 0;
	struct source *src = sources(g, nid_only, &ns);
	char **v = NULL, t[24];
	sqlite3_stmt *pins, *nins;

	for (i = 0; i < ns; i++)
		new_nids_of(g, src[i].name, src[i].kind, &v, &n, &cap);
	if (n > 0)
		qsort(v, n, sizeof *v, str_cmp);
	pins = store_prepare(g->st, "INSERT INTO person (person_id, first_run)"
	    " VALUES (?1, ?2)");
	sqlite3_bind_int64(pins, 2, g->st->run_id);
	nins = store_prepare(g->st, "INSERT INTO person_nid (national_id,"
	    " person_id) VALUES (?1, ?2)");
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i], v[i - 1]) == 0)
			continue;
		insert_person(g, pins, g->next);
		person_text(g->next++, t);
		sqlite3_bind_text(nins, 1, v[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(nins, 2, t, -1, SQLITE_TRANSIENT);
		store_step(g->st, nins, "cannot link a national id");
		sqlite3_reset(nins);
		g->nid_only_new++;
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free_sources(src, ns);
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

/* A person's place in a household, as this run makes it. */
struct mem {
	uint64_t pid;
	char *hh;
	const char *rel;	/* NULL when attached by address */
	uint32_t rec;		/* its civil record, or CLUSTER_NONE */
};

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

static void
mark_changed(struct match *g, const char *hh)
{
	xgrow((void **)&g->changed, &g->capchanged, g->nchanged + 1,
	    sizeof *g->changed);
	g->changed[g->nchanged++] = xstrdup(hh);
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
	if (g->nchanged > 0)
		qsort(g->changed, g->nchanged, sizeof *g->changed, str_cmp);
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
				if (!same || (g->nchanged && bsearch(&h[x].id, g->changed,
				    g->nchanged, sizeof *g->changed, str_cmp))) {
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
	for (i = 0; i < nm; i++)
		free(m[i].hh);
	free(m);
	free(h);
}

/*
 * The households whose members' records changed: a record of the change
 * stream, through its person (or its household column), to the household
 * that person is in now.
 */
static void
changed_by_records(struct match *g)
{
	size_t i, j;
	char sql[768];
	sqlite3_stmt *st;
	const struct kind_def *k;
	sqlite3_stmt *ksrc = store_prepare(g->st,
	    "SELECT kind FROM source WHERE name = ?1");

	for (i = 0; i < g->nchg; i++) {
		sqlite3_bind_text(ksrc, 1, g->chg[i].source, -1, SQLITE_STATIC);
		k = store_step(g->st, ksrc, "cannot read the sources") ==
		    SQLITE_ROW ? kind_find(coltext(ksrc, 0)) : NULL;
		sqlite3_reset(ksrc);
		if (!k)
			continue;	/* a source a failed run made */
		if (kind_column(k, "national_id") >= 0) {
			snprintf(sql, sizeof sql,
			    "SELECT m.household_id FROM src_%s t"
			    " LEFT JOIN person_nid pn ON pn.national_id = t.national_id"
			    " LEFT JOIN link l ON l.source = t.source"
			    " AND l.record_id = t.record_id"
			    " JOIN member m ON m.person_id ="
			    " COALESCE(pn.person_id, l.person_id)"
			    " WHERE t.source = ?1 AND t.record_id = ?2", k->name);
		} else if (kind_column(k, "household_id") >= 0) {
			snprintf(sql, sizeof sql,
			    "SELECT h.household_id FROM src_%s t JOIN household h"
			    " ON h.household_id = t.household_id"
			    " WHERE t.source = ?1 AND t.record_id = ?2", k->name);
		} else {
			continue;
		}
		st = store_prepare(g->st, sql);
		/* One statement per kind would be faster; changes come grouped. */
		for (j = i; j < g->nchg &&
		    strcmp(g->chg[j].source, g->chg[i].source) == 0; j++) {
			sqlite3_bind_text(st, 1, g->chg[j].source, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 2, g->chg[j].record_id, -1,
			    SQLITE_STATIC);
			while (store_step(g->st, st, "cannot read a change")
			    == SQLITE_ROW)
				mark_changed(g, coltext(st, 0));
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		i = j - 1;
	}
	sqlite3_finalize(ksrc);
}

/* The number of a name-bearing record, or -1 (loaded by source, then id). */
static long
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
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * The households that changed records were in before this run: a record
 * that now belongs to someone else has left its old household's file.
 */
static void
changed_before(struct match *g)
{
	sqlite3_stmt *st = store_prepare(g->st,
	    "SELECT household_id FROM member WHERE person_id = ?1");
	char t[24];
	size_t i;
	long r;

	for (i = 0; i < g->nchg; i++) {
		r = find_record(g, g->chg[i].source, g->chg[i].record_id);
		if (r < 0 || g->pr[r].prev == 0)
			continue;
		person_text(g->pr[r].prev, t);
		sqlite3_bind_text(st, 1, t, -1, SQLITE_TRANSIENT);
		if (store_step(g->st, st, "cannot read the members") == SQLITE_ROW)
			mark_changed(g, coltext(st, 0));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
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
	struct tsv *out;
	char hex[65];
	uint64_t bytes, rows;
	size_t i;
	int c, status;

	err_init(PROG);
	memset(&g, 0, sizeof g);
	linkage_default_options(&g.lo);
	buf_addc(&g.text, '\0');
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

	/* All of the change stream first: isas-ingest holds the store until then. */
	if (!g.all)
		read_changes(&g);
	g.st = store_open(store_path, STORE_WRITE);
	store_run_begin(g.st, PROG, argc, argv, g.as_of);
	if (!g.all)
		store_run_file(g.st, "input", "-", g.in_sha, g.in_bytes,
		    g.in_rows);

	g.lk = linkage_new();
	load(&g);
	linkage_run(g.lk, &g.lo);
	changed_before(&g);
	assign_persons(&g);
	write_reviews(&g);
	nid_only_persons(&g);
	households(&g);
	changed_by_records(&g);
	write_stats(&g);

	s = linkage_stats(g.lk);
	out = tsv_fdopen(1, "-");
	tsv_header(out, cols);
	if (g.nchanged > 0)
		qsort(g.changed, g.nchanged, sizeof *g.changed, str_cmp);
	rows = 0;
	for (i = 0; i < g.nchanged; i++) {
		if (i > 0 && strcmp(g.changed[i], g.changed[i - 1]) == 0)
			continue;
		tsv_str(out, g.changed[i]);
		tsv_end(out);
		rows++;
	}
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
	for (i = 0; i < g.nchanged; i++)
		free(g.changed[i]);
	free(g.changed);
	for (i = 0; i < g.nchg; i++) {
		free(g.chg[i].source);
		free(g.chg[i].record_id);
	}
	free(g.chg);
	free(g.pr);
	free(g.pid);
	buf_release(&g.text);
	linkage_free(g.lk);
	return status;
}
