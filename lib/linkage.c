#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "err.h"
#include "geo.h"
#include "linkage.h"
#include "value.h"
#include "xalloc.h"

/* The comparisons, in the order of a pattern's levels. */
enum { F_FIRST, F_LAST, F_BIRTH, F_SEX, F_ADDRESS, F_POSTCODE, F_LOCALITY,
       F_NID, NFIELD };

static const struct fs_field fields[NFIELD] = {
	{ "first_name", 4, { "exact", "jw>=0.92", "jw>=0.80", "other" } },
	{ "last_name", 4, { "exact", "jw>=0.92", "jw>=0.80", "other" } },
	{ "birth_date", 5, { "exact", "one_digit", "day_month_swapped",
	    "year_only", "other" } },
	{ "sex", 2, { "same", "other" } },
	{ "address", 3, { "most_words", "some_words", "other" } },
	{ "postcode", 2, { "same", "other" } },
	{ "locality", 3, { "district", "province", "other" } },
	{ "national_id", 2, { "one_typo", "other" } },
};

#define SWAPPED_BIT	(1u << 31)
#define LEVEL(code, f)	(((code) >> (3 * (f))) & 7u)
#define MISSING3	7u

struct lrec {
	size_t key;		/* arena: "source\0record_id\0" */
	size_t badnid;		/* arena offset, or 0 */
	uint32_t nid;		/* national id index, or CLUSTER_NONE */
	uint64_t nidv;		/* the valid national id as a number */
	uint32_t fname, lname;	/* name ids, 0 for none */
	uint32_t postcode;	/* hash, 0 for none */
	uint32_t district;	/* hash of the folded district, 0 for none */
	int32_t birth;
	unsigned char sex, civil, province;
	struct cmp_addr addr;
};

/* Interned strings: names and national ids. */
struct name {
	size_t off;
	uint32_t len;
	uint32_t nfirst, nlast;	/* uses as a first and as a last name */
};

struct intern {
	uint32_t *slot;		/* id + 1, 0 empty */
	uint64_t *hash;
	size_t cap, used;
};

struct linkage {
	struct lrec *rec;
	size_t nrec, caprec;
	char *arena;
	size_t narena, caparena;
	struct name *name;
	size_t nname, capname;
	struct intern names, nids;
	uint32_t nnid;
	uint32_t *comp;
	double *weight;
	size_t ncomp;
	struct lk_review *review;
	size_t nreview;
	struct fs_model fm;
	struct lk_stats st;
	double *tf_first, *tf_last;	/* log2 of each name's frequency */
	double tf_floor;
};

static const char *const reason_text[] = {
	[CLUSTER_JOINED] = "review band",
	[CLUSTER_SAME] = "same cluster",
	[CLUSTER_TWO_NIDS] = "two national ids",
	[CLUSTER_TWO_CIVIL] = "two civil records",
	[CLUSTER_TOO_LARGE] = "cluster too large",
};

const char *
linkage_reason(enum cluster_refusal why)
{
	return reason_text[why];
}

void
linkage_default_options(struct lk_options *o)
{
	o->t_match = 10.0;
	o->t_review = 4.0;
	o->review_margin = 10.0;
	o->cap = 16;
	o->max_block = 2000;
	o->random_pairs = 1000000;
	o->known_pairs = 1000000;
	o->em_iterations = 50;
}

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h);
}

static size_t
arena_add(struct linkage *lk, const char *s, size_t n)
{
	size_t off = lk->narena;

	xgrow((void **)&lk->arena, &lk->caparena, lk->narena + n + 1, 1);
	memcpy(lk->arena + off, s, n);
	lk->arena[off + n] = '\0';
	lk->narena += n + 1;
	return off;
}

static void
intern_grow(struct intern *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024, i, j;
	uint32_t *slot = xcalloc(ncap, sizeof *slot);
	uint64_t *hash = xmalloc(ncap * sizeof *hash);

	for (i = 0; i < t->cap; i++) {
		if (!t->slot[i])
			continue;
		for (j = t->hash[i] & (ncap - 1); slot[j]; j = (j + 1) & (ncap - 1))
			;
		slot[j] = t->slot[i];
		hash[j] = t->hash[i];
	}
	free(t->slot);
	free(t->hash);
	t->slot = slot;
	t->hash = hash;
	t->cap = ncap;
}

/* The id of name s[0..n) (1, 2, ...), added when new. */
static uint32_t
name_id(struct linkage *lk, const char *s, size_t n)
{
	struct intern *t = &lk->names;
	uint64_t h = hash_bytes(s, n);
	size_t j;
	struct name *nm;

	if ((t->used + 1) * 2 > t->cap)
		intern_grow(t);
	for (j = h & (t->cap - 1); t->slot[j]; j = (j + 1) & (t->cap - 1)) {
		nm = &lk->name[t->slot[j] - 1];
		if (t->hash[j] == h && nm->len == n &&
		    memcmp(lk->arena + nm->off, s, n) == 0)
			return t->slot[j];
	}
	xgrow((void **)&lk->name, &lk->capname, lk->nname + 1, sizeof *lk->name);
	nm = &lk->name[lk->nname++];
	nm->off = arena_add(lk, s, n);
	nm->len = (uint32_t)n;
	nm->nfirst = nm->nlast = 0;
	t->slot[j] = (uint32_t)lk->nname;
	t->hash[j] = h;
	t->used++;
	return (uint32_t)lk->nname;
}

/* The index of a valid national id v (0, 1, ...). */
static uint32_t
nid_index(struct linkage *lk, uint64_t v)
{
	struct intern *t = &lk->nids;
	uint64_t h = mix64(v);
	size_t j;

	if ((t->used + 1) * 2 > t->cap)
		intern_grow(t);
	for (j = h & (t->cap - 1); t->slot[j]; j = (j + 1) & (t->cap - 1))
		if (t->hash[j] == h)
			return t->slot[j] - 1;
	/* mix64 is a bijection: equal hashes are equal ids. */
	t->slot[j] = ++lk->nnid;
	t->hash[j] = h;
	t->used++;
	return lk->nnid - 1;
}

struct linkage *
linkage_new(void)
{
	struct linkage *lk = xcalloc(1, sizeof *lk);

	arena_add(lk, "", 0);	/* offset 0 means none */
	return lk;
}

void
linkage_free(struct linkage *lk)
{
	if (!lk)
		return;
	linkage_forget_records(lk);
	free(lk->comp);
	free(lk->weight);
	free(lk->review);
	free(lk);
}

static uint32_t
fold_name(struct linkage *lk, const char *s)
{
	char buf[256];
	size_t n;

	if (!s)
		return 0;
	n = name_fold(s, strlen(s), buf, sizeof buf);
	return n ? name_id(lk, buf, n) : 0;
}

/* Reads a locality: "district", "district/province" or "province". */
static void
locality(const char *s, struct lrec *r)
{
	char buf[256];
	const char *p, *e;
	size_t n;
	int plate;

	if (!s)
		return;
	for (p = s; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		n = name_fold(p, (size_t)(e - p), buf, sizeof buf);
		if (n == 0)
			continue;
		plate = geo_province_by_folded(buf, n);
		if (plate && (!r->district || p != s)) {
			if (!r->province)
				r->province = (unsigned char)plate;
		} else if (!r->district) {
			r->district = cmp_hash32(buf, n) | 1;
		}
	}
}

uint32_t
linkage_add(struct linkage *lk, const struct lk_input *in)
{
	struct lrec *r;
	char buf[1024];
	size_t n, off;

	if (lk->nrec >= CLUSTER_NONE - 1)
		die("too many person records for one linkage");
	xgrow((void **)&lk->rec, &lk->caprec, lk->nrec + 1, sizeof *lk->rec);
	r = &lk->rec[lk->nrec];
	memset(r, 0, sizeof *r);
	off = arena_add(lk, in->source, strlen(in->source));
	arena_add(lk, in->record_id, strlen(in->record_id));
	r->key = off;
	r->nidv = in->nid ? strtoull(in->nid, NULL, 10) : 0;
	r->nid = in->nid ? nid_index(lk, r->nidv) : CLUSTER_NONE;
	if (!in->nid && in->bad_nid && *in->bad_nid)
		r->badnid = arena_add(lk, in->bad_nid, strlen(in->bad_nid));
	r->fname = fold_name(lk, in->first_name);
	r->lname = fold_name(lk, in->last_name);
	if (r->fname)
		lk->name[r->fname - 1].nfirst++;
	if (r->lname)
		lk->name[r->lname - 1].nlast++;
	r->sex = in->sex == 'M' || in->sex == 'F' ? (unsigned char)in->sex : 0;
	r->birth = in->birth;
	r->civil = in->civil ? 1 : 0;
	r->province = in->province > 0 && in->province <= GEO_NPROVINCE ?
	    (unsigned char)in->province : 0;
	locality(in->locality, r);
	if (in->postcode) {
		n = name_fold(in->postcode, strlen(in->postcode), buf, sizeof buf);
		r->postcode = n ? cmp_hash32(buf, n) | 1 : 0;
	}
	if (in->address) {
		n = name_fold(in->address, strlen(in->address), buf, sizeof buf);
		cmp_addr_words(buf, n, &r->addr);
	}
	return (uint32_t)lk->nrec++;
}

/* ------------------------------------------------------------ comparing */

static double
jw(const struct linkage *lk, uint32_t a, uint32_t b)
{
	const struct name *x, *y;

	if (a == b)
		return 1.0;
	x = &lk->name[a - 1];
	y = &lk->name[b - 1];
	return cmp_jaro_winkler(lk->arena + x->off, x->len, lk->arena + y->off,
	    y->len);
}

static unsigned
name_level(const struct linkage *lk, uint32_t a, uint32_t b, double s)
{
	if (a == b)
		return 0;
	return s >= 0.92 ? 1 : s >= 0.80 ? 2 : 3;
}

/*
 * Compares records a and b: a level per field, 3 bits each (7 missing),
 * and SWAPPED_BIT when the names agree better exchanged.
 */
static uint32_t
compare(const struct linkage *lk, const struct lrec *a, const struct lrec *b)
{
	uint32_t code = 0, lv[NFIELD];
	double s1 = 0, s2 = 0, t1 = 0, t2 = 0, j;
	int swapped = 0, f;

	for (f = 0; f < NFIELD; f++)
		lv[f] = MISSING3;
	if (a->fname && b->fname)
		s1 = jw(lk, a->fname, b->fname);
	if (a->lname && b->lname)
		s2 = jw(lk, a->lname, b->lname);
	if (a->fname && a->lname && b->fname && b->lname &&
	    (a->fname != b->fname || a->lname != b->lname)) {
		t1 = jw(lk, a->fname, b->lname);
		t2 = jw(lk, a->lname, b->fname);
		swapped = t1 + t2 > s1 + s2 + 0.1;
	}
	if (swapped) {
		lv[F_FIRST] = name_level(lk, a->fname, b->lname, t1);
		lv[F_LAST] = name_level(lk, a->lname, b->fname, t2);
	} else {
		if (a->fname && b->fname)
			lv[F_FIRST] = name_level(lk, a->fname, b->fname, s1);
		if (a->lname && b->lname)
			lv[F_LAST] = name_level(lk, a->lname, b->lname, s2);
	}
	if (a->birth != LK_NODATE && b->birth != LK_NODATE)
		lv[F_BIRTH] = (uint32_t)cmp_date(a->birth, b->birth);
	if (a->sex && b->sex)
		lv[F_SEX] = a->sex == b->sex ? 0 : 1;
	if (a->addr.n && b->addr.n) {
		j = cmp_addr_similarity(&a->addr, &b->addr);
		lv[F_ADDRESS] = j >= 0.75 ? 0 : j >= 0.4 ? 1 : 2;
	}
	if (a->postcode && b->postcode)
		lv[F_POSTCODE] = a->postcode == b->postcode ? 0 : 1;
	if (a->district && b->district && a->district == b->district)
		lv[F_LOCALITY] = 0;
	else if (a->province && b->province)
		lv[F_LOCALITY] = a->province == b->province ? 1 : 2;
	else if (a->district && b->district)
		lv[F_LOCALITY] = 2;
	/* lv[F_NID] is set by compare_nid(): it needs the texts. */
	for (f = 0; f < NFIELD; f++)
		code |= lv[f] << (3 * f);
	return code | (swapped ? SWAPPED_BIT : 0);
}

/* National ids are kept as numbers; this renders one as 11 digits. */
static void
nid_text(const struct linkage *lk, const struct lrec *r, char out[24])
{
	out[0] = '\0';
	if (r->badnid)
		snprintf(out, 24, "%s", lk->arena + r->badnid);
	else if (r->nid != CLUSTER_NONE)
		snprintf(out, 24, "%011llu", (unsigned long long)r->nidv);
}

/* Fills the national id level: only pairs in which an id failed its check. */
static uint32_t
compare_nid(const struct linkage *lk, const struct lrec *a,
	    const struct lrec *b, uint32_t code)
{
	char x[24], y[24];
	uint32_t lv;

	if (!((a->badnid && (b->badnid || b->nid != CLUSTER_NONE)) ||
	    (b->badnid && a->nid != CLUSTER_NONE)))
		return code;
	nid_text(lk, a, x);
	nid_text(lk, b, y);
	if (strlen(x) != 11 || strlen(y) != 11)
		lv = 1;
	else
		lv = strcmp(x, y) == 0 || cmp_nid_close(x, y) ? 0 : 1;
	return (code & ~(7u << (3 * F_NID))) | (lv << (3 * F_NID));
}

static uint32_t
compare_full(const struct linkage *lk, uint32_t a, uint32_t b)
{
	const struct lrec *x = &lk->rec[a], *y = &lk->rec[b];

	return compare_nid(lk, x, y, compare(lk, x, y));
}

/*
 * The weight of a field at its level, with the term-frequency adjustment
 * of an exact name: the u of agreeing on this very name is its frequency.
 */
static double
field_weight(const struct linkage *lk, const struct lrec *a, int f,
	     uint32_t level, int swapped)
{
	uint32_t id;
	double lf;

	if (level == MISSING3)
		return 0;
	if ((f == F_FIRST || f == F_LAST) && level == 0) {
		id = f == F_FIRST ? (swapped ? a->lname : a->fname) :
		    (swapped ? a->fname : a->lname);
		lf = f == F_FIRST ? lk->tf_first[id] : lk->tf_last[id];
		return log2(lk->fm.m[f][0]) - lf;
	}
	return fs_weight(&lk->fm, f, (int)level);
}

static double
code_weight(const struct linkage *lk, uint32_t a, uint32_t code)
{
	double w = 0;
	int f, sw = (code & SWAPPED_BIT) != 0;

	for (f = 0; f < NFIELD; f++)
		w += field_weight(lk, &lk->rec[a], f, LEVEL(code, f), sw);
	return w;
}

double
linkage_pair_weight(const struct linkage *lk, uint32_t a, uint32_t b)
{
	return code_weight(lk, a, compare_full(lk, a, b));
}

void
linkage_breakdown(const struct linkage *lk, uint32_t a, uint32_t b,
		  struct buf *out)
{
	uint32_t code = compare_full(lk, a, b), lv;
	char num[64];
	int f;

	buf_addc(out, '{');
	for (f = 0; f < NFIELD; f++) {
		lv = LEVEL(code, f);
		buf_add_json(out, fields[f].name, strlen(fields[f].name));
		buf_adds(out, ":{\"level\":");
		if (lv == MISSING3) {
			buf_adds(out, "\"missing\",\"weight\":0.00},");
			continue;
		}
		buf_add_json(out, fields[f].level[lv],
		    strlen(fields[f].level[lv]));
		snprintf(num, sizeof num, ",\"weight\":%.2f},",
		    field_weight(lk, &lk->rec[a], f, lv,
		    (code & SWAPPED_BIT) != 0));
		buf_adds(out, num);
	}
	snprintf(num, sizeof num, "\"names_swapped\":%s,\"total\":%.2f}",
	    code & SWAPPED_BIT ? "true" : "false", code_weight(lk, a, code));
	buf_adds(out, num);
}

/* ------------------------------------------------------------- sorting */

/* Sorts a[0..n) ascending (LSD radix, 16 bits a pass). */
static void
sort_u64(uint64_t *a, size_t n)
{
	uint64_t *tmp, *src = a, *dst, *t;
	size_t *count, i, sum, c;
	int pass, shift;

	if (n < 2)
		return;
	tmp = xmalloc(n * sizeof *tmp);
	count = xmalloc(65536 * sizeof *count);
	dst = tmp;
	for (pass = 0; pass < 4; pass++) {
		shift = 16 * pass;
		memset(count, 0, 65536 * sizeof *count);
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xffff]++;
		if (count[(src[0] >> shift) & 0xffff] == n)
			continue;	/* every key has this digit */
		for (i = 0, sum = 0; i < 65536; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(count);
	free(tmp);
}

/* ------------------------------------------------------------ blocking */

/* Block keys: a table from key to a dense block number. */
struct keytab {
	uint64_t *key;
	uint32_t *block;	/* block + 1, 0 empty */
	size_t cap, used;
};

static void
keytab_grow(struct keytab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 4096, i, j;
	uint64_t *key = xmalloc(ncap * sizeof *key);
	uint32_t *block = xcalloc(ncap, sizeof *block);

	for (i = 0; i < t->cap; i++) {
		if (!t->block[i])
			continue;
		for (j = t->key[i] & (ncap - 1); block[j]; j = (j + 1) & (ncap - 1))
			;
		key[j] = t->key[i];
		block[j] = t->block[i];
	}
	free(t->key);
	free(t->block);
	t->key = key;
	t->block = block;
	t->cap = ncap;
}

/* The block of key k: added when add, else 0 when absent.  Blocks from 1. */
static uint32_t
keytab_get(struct keytab *t, uint64_t k, int add)
{
	size_t j;

	if (add && (t->used + 1) * 2 > t->cap)
		keytab_grow(t);
	if (t->cap == 0)
		return 0;
	for (j = k & (t->cap - 1); t->block[j]; j = (j + 1) & (t->cap - 1))
		if (t->key[j] == k)
			return t->block[j];
	if (!add)
		return 0;
	t->key[j] = k;
	t->block[j] = (uint32_t)++t->used;
	return t->block[j];
}

#define NKEY 6

static uint64_t
key3(uint64_t type, uint64_t a, uint64_t b, uint64_t c)
{
	return mix64(mix64(mix64(type * 0x9e3779b97f4a7c15ULL ^ a) ^ b) ^ c);
}

/*
 * The block keys of a record: several, each from other fields, so that no
 * single wrong field hides a true match.  Returns how many (at most NKEY).
 */
static int
block_keys(const struct lrec *r, uint64_t key[NKEY])
{
	uint64_t lo = r->fname < r->lname ? r->fname : r->lname;
	uint64_t hi = r->fname < r->lname ? r->lname : r->fname;
	uint64_t birth = (uint64_t)(uint32_t)r->birth;
	int n = 0, y, m, d, both = r->fname && r->lname;
	int hasb = r->birth != LK_NODATE;

	if (hasb)
		date_to_ymd(r->birth, &y, &m, &d);
	else
		y = 0;
	if (r->lname && hasb)
		key[n++] = key3(1, r->lname, birth, 0);
	if (r->fname && hasb)
		key[n++] = key3(2, r->fname, birth, 0);
	if (both && hasb)
		key[n++] = key3(3, lo, hi, (uint64_t)y);
	if (hasb && r->postcode)
		key[n++] = key3(4, birth, r->postcode, 0);
	if (both && r->postcode)
		key[n++] = key3(5, lo, hi, r->postcode);
	if (both && r->district)
		key[n++] = key3(6, lo, hi, r->district);
	return n;
}

/*
 * The candidate pairs: records that share a block, one of them at least
 * without a valid national id.  Returns them sorted, each once, as
 * (a << 32 | b) with a < b.
 */
static uint64_t *
candidates(struct linkage *lk, const struct lk_options *o, size_t *npairs)
{
	struct keytab kt = { 0 };
	uint64_t *ent = NULL, *pair = NULL, key[NKEY];
	size_t nent = 0, capent = 0, npair = 0, cappair = 0, i, j, s, e;
	uint32_t b, x, y;
	int k, nk;

	for (i = 0; i < lk->nrec; i++) {
		if (lk->rec[i].nid != CLUSTER_NONE)
			continue;
		nk = block_keys(&lk->rec[i], key);
		for (k = 0; k < nk; k++) {
			b = keytab_get(&kt, key[k], 1);
			xgrow((void **)&ent, &capent, nent + 1, sizeof *ent);
			ent[nent++] = (uint64_t)b << 32 | i;
		}
	}
	for (i = 0; i < lk->nrec; i++) {
		if (lk->rec[i].nid == CLUSTER_NONE)
			continue;
		nk = block_keys(&lk->rec[i], key);
		for (k = 0; k < nk; k++) {
			b = keytab_get(&kt, key[k], 0);
			if (!b)
				continue;
			xgrow((void **)&ent, &capent, nent + 1, sizeof *ent);
			ent[nent++] = (uint64_t)b << 32 | i;
		}
	}
	free(kt.key);
	free(kt.block);
	lk->st.blocks = kt.used;
	sort_u64(ent, nent);
	for (s = 0; s < nent; s = e) {
		for (e = s + 1; e < nent && ent[e] >> 32 == ent[s] >> 32; e++)
			;
		if (e - s > o->max_block) {
			lk->st.blocks_skipped++;
			continue;
		}
		for (i = s; i < e; i++) {
			x = (uint32_t)ent[i];
			if (lk->rec[x].nid != CLUSTER_NONE)
				continue;
			for (j = s; j < e; j++) {
				y = (uint32_t)ent[j];
				if (y == x || (lk->rec[y].nid == CLUSTER_NONE &&
				    y < x))
					continue;
				xgrow((void **)&pair, &cappair, npair + 1,
				    sizeof *pair);
				pair[npair++] = x < y ? (uint64_t)x << 32 | y :
				    (uint64_t)y << 32 | x;
			}
		}
	}
	free(ent);
	lk->st.candidate_pairs = npair;
	sort_u64(pair, npair);
	for (i = j = 0; i < npair; i++)
		if (j == 0 || pair[j - 1] != pair[i])
			pair[j++] = pair[i];
	*npairs = j;
	lk->st.pairs = j;
	return pair;
}

/* ---------------------------------------------------------- estimation */

/* Counts field levels over random pairs (a fixed generator: same input, same u). */
static void
estimate_u(struct linkage *lk, const struct lk_options *o)
{
	uint64_t counts[FS_MAXFIELD][FS_MAXLEVEL], s = 0x1505ULL, want, i;
	uint32_t a, b, code, lv;
	int f;

	memset(counts, 0, sizeof counts);
	if (lk->nrec < 2)
		return;
	want = o->random_pairs;
	if ((uint64_t)lk->nrec * (lk->nrec - 1) / 2 < want)
		want = (uint64_t)lk->nrec * (lk->nrec - 1) / 2;
	for (i = 0; i < want; i++) {
		s += 0x9e3779b97f4a7c15ULL;
		a = (uint32_t)(mix64(s) % lk->nrec);
		s += 0x9e3779b97f4a7c15ULL;
		b = (uint32_t)(mix64(s) % lk->nrec);
		if (a == b || (lk->rec[a].nid != CLUSTER_NONE &&
		    lk->rec[a].nid == lk->rec[b].nid))
			continue;
		code = compare_full(lk, a, b);
		for (f = 0; f < NFIELD; f++) {
			lv = LEVEL(code, f);
			if (lv != MISSING3)
				counts[f][lv]++;
		}
	}
	fs_set_u(&lk->fm, (const uint64_t (*)[FS_MAXLEVEL])counts);
}

static int
pattern_cmp(const void *a, const void *b)
{
	const struct fs_pattern *x = a, *y = b;

	return memcmp(x->level, y->level, sizeof x->level);
}

/*
 * Pairs known to match: records that share a valid national id (each
 * record with the first of its id), at most o->known_pairs of them, in
 * record order.  Returns their comparison codes.
 */
static uint32_t *
known_pairs(struct linkage *lk, const struct lk_options *o, size_t *n)
{
	uint64_t *v = xmalloc((lk->nrec ? lk->nrec : 1) * sizeof *v);
	uint32_t *code = NULL;
	size_t nv = 0, i, s, cap = 0;

	*n = 0;
	for (i = 0; i < lk->nrec; i++)
		if (lk->rec[i].nid != CLUSTER_NONE)
			v[nv++] = (uint64_t)lk->rec[i].nid << 32 | i;
	sort_u64(v, nv);
	for (s = 0, i = 1; i < nv && *n < o->known_pairs; i++) {
		if (v[i] >> 32 != v[s] >> 32) {
			s = i;
			continue;
		}
		xgrow((void **)&code, &cap, *n + 1, sizeof *code);
		code[(*n)++] = compare_full(lk, (uint32_t)v[s], (uint32_t)v[i]);
	}
	free(v);
	return code;
}

/*
 * Estimates m by EM over the patterns of the candidate pairs, anchored by
 * the pairs known to match.
 */
static void
estimate_m(struct linkage *lk, const struct lk_options *o, const uint32_t *code,
	   size_t n, const uint32_t *known, size_t nknown)
{
	uint64_t *w = xmalloc((n + nknown ? n + nknown : 1) * sizeof *w);
	struct fs_pattern *p = NULL;
	size_t np = 0, cap = 0, i, j, nw = 0;
	uint32_t lv;
	int f;

	for (i = 0; i < n; i++)
		w[nw++] = (uint64_t)(code[i] & ~SWAPPED_BIT) << 1;
	for (i = 0; i < nknown; i++)
		w[nw++] = (uint64_t)(known[i] & ~SWAPPED_BIT) << 1 | 1;
	sort_u64(w, nw);
	for (i = 0; i < nw; i = j) {
		xgrow((void **)&p, &cap, np + 1, sizeof *p);
		memset(&p[np], 0, sizeof p[np]);
		for (j = i; j < nw && w[j] >> 1 == w[i] >> 1; j++) {
			p[np].count++;
			p[np].known += w[j] & 1;
		}
		for (f = 0; f < NFIELD; f++) {
			lv = LEVEL((uint32_t)(w[i] >> 1), f);
			p[np].level[f] = lv == MISSING3 ? FS_MISSING :
			    (unsigned char)lv;
		}
		np++;
	}
	free(w);
	if (np > 0)
		qsort(p, np, sizeof *p, pattern_cmp);
	lk->st.known_pairs = nknown;
	/*
	 * Too few pairs to learn from: the starting m values stand.  The EM
	 * learns the candidates' own u as well; the weights then use the u of
	 * random pairs, the u of the population.
	 */
	if (n + nknown >= 1000) {
		double u[FS_MAXFIELD][FS_MAXLEVEL];

		memcpy(u, lk->fm.u, sizeof u);
		lk->st.em_iterations = fs_em_mu(&lk->fm, p, np,
		    o->em_iterations, 1e-6, 1);
		memcpy(lk->fm.u, u, sizeof u);
	}
	free(p);
}

/* log2 of each name's frequency among first (last) names, floored. */
static void
term_frequencies(struct linkage *lk)
{
	uint64_t nf = 0, nl = 0;
	size_t i;
	double floor_f, floor_l;

	for (i = 0; i < lk->nname; i++) {
		nf += lk->name[i].nfirst;
		nl += lk->name[i].nlast;
	}
	lk->tf_first = xmalloc((lk->nname + 1) * sizeof *lk->tf_first);
	lk->tf_last = xmalloc((lk->nname + 1) * sizeof *lk->tf_last);
	/* A name seen once is as rare as the data can tell: 1 / n. */
	floor_f = nf ? log2(1.0 / (double)nf) : 0;
	floor_l = nl ? log2(1.0 / (double)nl) : 0;
	lk->tf_first[0] = lk->tf_last[0] = 0;
	for (i = 0; i < lk->nname; i++) {
		lk->tf_first[i + 1] = lk->name[i].nfirst && nf ?
		    log2((double)lk->name[i].nfirst / (double)nf) : floor_f;
		lk->tf_last[i + 1] = lk->name[i].nlast && nl ?
		    log2((double)lk->name[i].nlast / (double)nl) : floor_l;
	}
}

/* ---------------------------------------------------------- clustering */

struct scored {
	double w;
	uint32_t a, b;
};

static int
scored_cmp(const void *x, const void *y)
{
	const struct scored *p = x, *q = y;

	if (p->w != q->w)
		return p->w > q->w ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

static int
review_cmp(const void *x, const void *y)
{
	const struct lk_review *p = x, *q = y;

	if (p->weight != q->weight)
		return p->weight > q->weight ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

/* Weights are rounded to 1/1024 bit: the decisions do not hang on the last bit. */
static double
round_weight(double w)
{
	return floor(w * 1024.0 + 0.5) / 1024.0;
}

/*
 * 1 when a or b is already linked by a link stronger than w by margin or
 * more: the pair is then a weaker alternative, not a doubt.
 */
static int
settled(const struct linkage *lk, uint32_t a, uint32_t b, double w,
	double margin)
{
	return (!isnan(lk->weight[a]) && lk->weight[a] >= w + margin) ||
	    (!isnan(lk->weight[b]) && lk->weight[b] >= w + margin);
}

void
linkage_run(struct linkage *lk, const struct lk_options *o)
{
	struct cluster cl;
	uint64_t *pair;
	uint32_t *code, *nid;
	unsigned char *civil;
	struct scored *sure = NULL, *band = NULL;
	enum cluster_refusal *why;
	size_t npair, nsure = 0, capsure = 0, nband = 0, capband = 0, i;
	size_t caprev = 0;
	double w;
	uint32_t a, b;

	memset(&lk->st, 0, sizeof lk->st);
	lk->st.records = lk->nrec;
	lk->st.nids = lk->nnid;
	for (i = 0; i < lk->nrec; i++)
		if (lk->rec[i].nid == CLUSTER_NONE)
			lk->st.without_nid++;
	fs_init(&lk->fm, fields, NFIELD);
	term_frequencies(lk);
	pair = candidates(lk, o, &npair);
	code = xmalloc((npair ? npair : 1) * sizeof *code);
	for (i = 0; i < npair; i++)
		code[i] = compare_full(lk, (uint32_t)(pair[i] >> 32),
		    (uint32_t)pair[i]);
	estimate_u(lk, o);
	{
		size_t nknown;
		uint32_t *known = known_pairs(lk, o, &nknown);

		estimate_m(lk, o, code, npair, known, nknown);
		free(known);
	}
	for (i = 0; i < npair; i++) {
		a = (uint32_t)(pair[i] >> 32);
		b = (uint32_t)pair[i];
		w = round_weight(code_weight(lk, a, code[i]));
		if (w >= o->t_match) {
			xgrow((void **)&sure, &capsure, nsure + 1, sizeof *sure);
			sure[nsure++] = (struct scored){ w, a, b };
		} else if (w >= o->t_review) {
			xgrow((void **)&band, &capband, nband + 1, sizeof *band);
			band[nband++] = (struct scored){ w, a, b };
		}
	}
	free(code);
	free(pair);
	lk->st.sure = nsure;
	if (nsure > 0)
		qsort(sure, nsure, sizeof *sure, scored_cmp);

	nid = xmalloc((lk->nrec ? lk->nrec : 1) * sizeof *nid);
	civil = xmalloc(lk->nrec ? lk->nrec : 1);
	for (i = 0; i < lk->nrec; i++) {
		nid[i] = lk->rec[i].nid;
		civil[i] = lk->rec[i].civil;
	}
	cluster_init(&cl, lk->nrec, nid, civil, o->cap);
	free(nid);
	free(civil);
	why = xmalloc((nsure ? nsure : 1) * sizeof *why);
	for (i = 0; i < nsure; i++) {
		why[i] = cluster_link(&cl, sure[i].a, sure[i].b);
		if (why[i] == CLUSTER_JOINED)
			lk->st.joined++;
	}
	lk->weight = xmalloc((lk->nrec ? lk->nrec : 1) * sizeof *lk->weight);
	for (i = 0; i < lk->nrec; i++)
		lk->weight[i] = NAN;
	for (i = 0; i < nsure; i++) {
		a = sure[i].a;
		b = sure[i].b;
		if (cluster_find(&cl, a) == cluster_find(&cl, b)) {
			if (isnan(lk->weight[a]) || sure[i].w > lk->weight[a])
				lk->weight[a] = sure[i].w;
			if (isnan(lk->weight[b]) || sure[i].w > lk->weight[b])
				lk->weight[b] = sure[i].w;
			continue;
		}
		if (why[i] == CLUSTER_TWO_NIDS)
			lk->st.refused_two_nids++;
		else if (why[i] == CLUSTER_TWO_CIVIL)
			lk->st.refused_two_civil++;
		else if (why[i] == CLUSTER_TOO_LARGE)
			lk->st.refused_too_large++;
		if (settled(lk, a, b, sure[i].w, o->review_margin))
			continue;
		xgrow((void **)&lk->review, &caprev, lk->nreview + 1,
		    sizeof *lk->review);
		lk->review[lk->nreview++] = (struct lk_review){ a, b,
		    sure[i].w, why[i] };
	}
	for (i = 0; i < nband; i++) {
		if (cluster_find(&cl, band[i].a) == cluster_find(&cl, band[i].b) ||
		    settled(lk, band[i].a, band[i].b, band[i].w,
		    o->review_margin))
			continue;
		xgrow((void **)&lk->review, &caprev, lk->nreview + 1,
		    sizeof *lk->review);
		lk->review[lk->nreview++] = (struct lk_review){ band[i].a,
		    band[i].b, band[i].w, CLUSTER_JOINED };
	}
	if (lk->nreview > 0)
		qsort(lk->review, lk->nreview, sizeof *lk->review, review_cmp);
	lk->st.review = lk->nreview;
	free(why);
	free(sure);
	free(band);
	lk->comp = xmalloc((lk->nrec ? lk->nrec : 1) * sizeof *lk->comp);
	lk->ncomp = cluster_number(&cl, lk->comp);
	lk->st.clusters = lk->ncomp;
	cluster_release(&cl);
}

size_t
linkage_count(const struct linkage *lk)
{
	return lk->nrec;
}

size_t
linkage_nclusters(const struct linkage *lk)
{
	return lk->ncomp;
}

const uint32_t *
linkage_comp(const struct linkage *lk)
{
	return lk->comp;
}

double
linkage_weight(const struct linkage *lk, uint32_t rec)
{
	return lk->weight[rec];
}

const struct lk_stats *
linkage_stats(const struct linkage *lk)
{
	return &lk->st;
}

const struct fs_model *
linkage_model(const struct linkage *lk)
{
	return &lk->fm;
}

const struct lk_review *
linkage_reviews(const struct linkage *lk, size_t *n)
{
	*n = lk->nreview;
	return lk->review;
}

const char *
linkage_source(const struct linkage *lk, uint32_t rec)
{
	return lk->arena + lk->rec[rec].key;
}

const char *
linkage_record_id(const struct linkage *lk, uint32_t rec)
{
	const char *s = lk->arena + lk->rec[rec].key;

	return s + strlen(s) + 1;
}

int
linkage_has_nid(const struct linkage *lk, uint32_t rec)
{
	return lk->rec[rec].nid != CLUSTER_NONE;
}

const struct cmp_addr *
linkage_addr(const struct linkage *lk, uint32_t rec)
{
	return &lk->rec[rec].addr;
}

void
linkage_forget_records(struct linkage *lk)
{
	free(lk->rec);
	free(lk->arena);
	free(lk->name);
	free(lk->names.slot);
	free(lk->names.hash);
	free(lk->nids.slot);
	free(lk->nids.hash);
	free(lk->tf_first);
	free(lk->tf_last);
	lk->rec = NULL;
	lk->arena = NULL;
	lk->name = NULL;
	memset(&lk->names, 0, sizeof lk->names);
	memset(&lk->nids, 0, sizeof lk->nids);
	lk->tf_first = lk->tf_last = NULL;
	lk->caprec = lk->narena = lk->caparena = lk->nname = lk->capname = 0;
}
