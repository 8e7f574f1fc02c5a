/*
 * isas-synth - generates a synthetic country for the ISAS toolchain: an
 * extract of every registry kind (civil, sgk, tax, assets, bank, health,
 * education, application, visit, iskur, board, person), with the faults
 * real extracts have, and the ground truth to measure linkage and targeting
 * against (truth/persons.tsv, truth/households.tsv).
 *
 * The output is a function of the arguments only: an own PRNG
 * (xoshiro256**, seeded by splitmix64 from the seed and the household
 * number), no clock, no locale, no libm (exp is computed here with plain
 * arithmetic), a gzip header without a time stamp.  Persons are made and
 * written household by household; only two numbers per household are kept
 * (for the poverty line), so memory grows with the number of households.
 *
 * --change PCT writes the next day of the same country: the country of
 * the eve of --as-of, with about PCT percent of the persons changed on
 * the day (see "next day" below).  Rows that a change adds are kept in a
 * temporary file and appended at the end, so that no record is
 * renumbered; at 0 the bytes are those of the country alone.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <zlib.h>

#include "err.h"
#include "kinds.h"
#include "value.h"
#include "xalloc.h"

#include "synth-geo.h"
#include "synth-names.h"
#include "synth-places.h"

#ifndef ISAS_VERSION
#define ISAS_VERSION "unknown"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_PERSONS	100000000u
#define MAXP		12	/* persons of a household, the dead included */
#define NODATE		INT32_MIN
#define LIST_SHARE	10	/* percent of persons on the aid list, default */

/* ---------------------------------------------------------------- PRNG */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seeds r for one stream (a household) of the run's seed. */
static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed;
	int i;

	x = splitmix64(&x) ^ (stream * 0xd1b54a32d192ed03ULL);
	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* A number in [0, n). */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A number in [lo, hi]; lo when hi < lo. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* About N(0, 1): the sum of twelve uniforms less six (Irwin-Hall). */
static double
rng_normal(struct rng *r)
{
	double s = 0;
	int i;

	for (i = 0; i < 12; i++)
		s += rng_unit(r);
	return s - 6.0;
}

/* e^x with plain arithmetic only, so that every machine gets the same bits. */
static double
dexp(double x)
{
	double r, t, s, scale;
	uint64_t bits;
	int k, i;

	if (x > 700)
		x = 700;
	if (x < -700)
		x = -700;
	k = (int)(x * 1.4426950408889634 + (x >= 0 ? 0.5 : -0.5));
	r = x - k * 0.6931471805599453;
	s = 1;
	t = 1;
	for (i = 1; i <= 16; i++) {
		t = t * r / i;
		s += t;
	}
	bits = (uint64_t)(k + 1023) << 52;
	memcpy(&scale, &bits, sizeof scale);
	return s * scale;
}

static double
logistic(double x)
{
	return 1.0 / (1.0 + dexp(-x));
}

static int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Rounds a non-negative double to the nearest integer. */
static int64_t
roundi(double x)
{
	return (int64_t)(x + 0.5);
}

/* -------------------------------------------------- weighted choices */

struct wtab {
	uint32_t n;
	uint32_t *cum;		/* cum[i]: sum of the weights of 0..i */
};

static void
wtab_init(struct wtab *t, const uint32_t *w, uint32_t n)
{
	uint32_t i, s = 0;

	t->n = n;
	t->cum = xcalloc(n, sizeof *t->cum);
	for (i = 0; i < n; i++) {
		s += w[i];
		t->cum[i] = s;
	}
}

/* Weights falling with the rank: w(i) = 100000 / (i + k). */
static void
wtab_zipf(struct wtab *t, uint32_t n, uint32_t k)
{
	uint32_t *w = xcalloc(n, sizeof *w), i;

	for (i = 0; i < n; i++)
		w[i] = 100000 / (i + k);
	wtab_init(t, w, n);
	free(w);
}

static uint32_t
wtab_pick(const struct wtab *t, struct rng *r)
{
	uint32_t u = rng_below(r, t->cum[t->n - 1]), lo = 0, hi = t->n - 1;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (t->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void
wtab_free(struct wtab *t)
{
	free(t->cum);
	t->cum = NULL;
}

/* -------------------------------------------------------------- output */

enum {
	O_CIVIL, O_SGK, O_TAX, O_ASSETS, O_BANK, O_HEALTH, O_EDUCATION,
	O_APPLICATION, O_VISIT, O_ISKUR, O_BOARD, O_PERSON,
	O_TRUTH_P, O_TRUTH_H, NOUT
};

/* File name, kind (NULL: a truth file), record id prefix. */
static const struct {
	const char *name;
	const char *kind;
	const char *prefix;
} outdef[NOUT] = {
	{ "civil", "civil", "NUF" },
	{ "sgk", "sgk", "SGK" },
	{ "tax", "tax", "GIB" },
	{ "assets", "assets", "VRL" },
	{ "bank", "bank", "BNK" },
	{ "health", "health", "SAG" },
	{ "education", "education", "MEB" },
	{ "application", "application", "BSV" },
	{ "visit", "visit", "ZYR" },
	{ "iskur", "iskur", "ISK" },
	{ "board", "board", "KRL" },
	{ "person", "person", "BLD" },
	{ "truth/persons", NULL, NULL },
	{ "truth/households", NULL, NULL },
};

#define OUTBUF	(1u << 17)
#define ZCHUNK	(1u << 17)

struct out {
	char *path;
	FILE *fp;
	int gz;
	z_stream zs;
	unsigned char *zbuf;
	char *buf;
	size_t len;
	char sep;		/* ',' for CSV, '\t' for TSV */
	size_t ncol;		/* columns of a row */
	size_t nf;		/* fields of the current row so far */
	uint64_t rows;
	uint32_t next_id;
};

static void
out_put_file(struct out *o, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, o->fp) != n)
		die("cannot write '%s': %s", o->path, strerror(errno));
}

static void
out_deflate(struct out *o, int flush)
{
	int rc;

	o->zs.next_in = (unsigned char *)o->buf;
	o->zs.avail_in = (uInt)o->len;
	do {
		o->zs.next_out = o->zbuf;
		o->zs.avail_out = ZCHUNK;
		rc = deflate(&o->zs, flush);
		if (rc == Z_STREAM_ERROR)
			die("cannot compress '%s'", o->path);
		out_put_file(o, o->zbuf, ZCHUNK - o->zs.avail_out);
	} while (o->zs.avail_out == 0 ||
	    (flush == Z_FINISH && rc != Z_STREAM_END));
}

static void
out_flush(struct out *o)
{
	if (o->gz)
		out_deflate(o, Z_NO_FLUSH);
	else
		out_put_file(o, o->buf, o->len);
	o->len = 0;
}

/*
 * Opens dir/name.csv (or .tsv for a truth file, plus .gz when gz) and
 * writes the header: the columns of the kind, from lib/kinds.c.  A gzip
 * stream is made by zlib's deflate with the default header, which has no
 * file name and a time stamp of 0, so that runs are byte-identical.
 */
static void
out_open(struct out *o, const char *dir, int i, int gz, const char *header)
{
	const char *ext = outdef[i].kind ? ".csv" : ".tsv";
	size_t n = strlen(dir) + strlen(outdef[i].name) + 16;

	memset(o, 0, sizeof *o);
	o->path = xmalloc(n);
	snprintf(o->path, n, "%s/%s%s%s", dir, outdef[i].name, ext,
		 gz ? ".gz" : "");
	if (!(o->fp = fopen(o->path, "wb")))
		die("cannot create '%s': %s", o->path, strerror(errno));
	o->gz = gz;
	o->buf = xmalloc(OUTBUF);
	o->sep = outdef[i].kind ? ',' : '\t';
	o->next_id = 1;
	if (gz) {
		o->zbuf = xmalloc(ZCHUNK);
		if (deflateInit2(&o->zs, 4, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			die("cannot start compressing '%s'", o->path);
	}
	if (outdef[i].kind) {
		const struct kind_def *k = kind_find(outdef[i].kind);
		size_t c;

		if (!k)
			die("no kind '%s' in the library", outdef[i].kind);
		o->ncol = k->ncol;
		for (c = 0; c < k->ncol; c++) {
			if (c)
				o->buf[o->len++] = ',';
			memcpy(o->buf + o->len, k->col[c].name,
			       strlen(k->col[c].name));
			o->len += strlen(k->col[c].name);
		}
		o->buf[o->len++] = '\n';
	} else {
		const char *p;

		o->ncol = 1;
		for (p = header; *p; p++)
			o->ncol += *p == '\t';
		memcpy(o->buf, header, strlen(header));
		o->len = strlen(header);
		o->buf[o->len++] = '\n';
	}
}

static void
out_close(struct out *o)
{
	if (o->gz) {
		out_deflate(o, Z_FINISH);
		deflateEnd(&o->zs);
		free(o->zbuf);
	} else {
		out_put_file(o, o->buf, o->len);
	}
	o->len = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		die("cannot write '%s': %s", o->path, strerror(errno));
	if (fclose(o->fp) != 0)
		die("cannot write '%s': %s", o->path, strerror(errno));
	free(o->buf);
	free(o->path);
}

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > OUTBUF)
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
put_c(struct out *o, char c)
{
	if (o->len + 1 > OUTBUF)
		out_flush(o);
	o->buf[o->len++] = c;
}

static void
f_sep(struct out *o)
{
	if (o->nf++)
		put_c(o, o->sep);
}

/* A text field, quoted as RFC 4180 asks when it holds a comma or quote. */
static void
f_text(struct out *o, const char *s)
{
	size_t n = strlen(s);

	f_sep(o);
	if (o->sep == ',' && strpbrk(s, ",\"\r\n")) {
		put_c(o, '"');
		for (; *s; s++) {
			if (*s == '"')
				put_c(o, '"');
			put_c(o, *s);
		}
		put_c(o, '"');
	} else {
		put(o, s, n);
	}
}

static void
f_null(struct out *o)
{
	f_sep(o);
}

static void
f_uint(struct out *o, uint64_t v)
{
	char tmp[24];
	int n = 0;

	f_sep(o);
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(o, tmp + sizeof tmp - n, (size_t)n);
}

/* An id: prefix and a number of at least width digits. */
static void
f_id(struct out *o, const char *prefix, uint64_t v, int width)
{
	char tmp[48];

	f_sep(o);
	put(o, tmp, (size_t)snprintf(tmp, sizeof tmp, "%s%0*llu", prefix,
		width, (unsigned long long)v));
}

static void
f_date(struct out *o, int32_t d)
{
	char tmp[11];

	if (d == NODATE) {
		f_null(o);
		return;
	}
	f_sep(o);
	date_format(d, tmp);
	put(o, tmp, 10);
}

/* A date written the Turkish way, DD.MM.YYYY. */
static void
f_date_tr(struct out *o, int y, int m, int d)
{
	char tmp[16];

	f_sep(o);
	put(o, tmp, (size_t)snprintf(tmp, sizeof tmp, "%02d.%02d.%04d",
		d, m, y));
}

static void
f_month(struct out *o, int32_t month)
{
	char tmp[8];

	f_sep(o);
	month_format(month, tmp);
	put(o, tmp, 7);
}

static void
f_money(struct out *o, int64_t kurus)
{
	char tmp[24];
	int n = money_format(kurus, tmp);

	f_sep(o);
	put(o, tmp, (size_t)n);
}

/* Money the Turkish way: "1.234,50" (thousands grouped by dots). */
static void
f_money_tr(struct out *o, int64_t kurus)
{
	char digits[24], tmp[40];
	int n = 0, i, nd;
	uint64_t lira = (uint64_t)kurus / 100;

	nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)lira);
	for (i = 0; i < nd; i++) {
		if (i && (nd - i) % 3 == 0)
			tmp[n++] = '.';
		tmp[n++] = digits[i];
	}
	n += snprintf(tmp + n, sizeof tmp - (size_t)n, ",%02d",
		      (int)((uint64_t)kurus % 100));
	tmp[n] = '\0';
	f_text(o, tmp);
}

static void
row_end(struct out *o, const char *what)
{
	if (o->nf != o->ncol)
		die("internal error: %s row has %zu fields, not %zu", what,
		    o->nf, o->ncol);
	put_c(o, '\n');
	o->nf = 0;
	o->rows++;
}

/* --------------------------------------------------------------- text */

/* Decodes the (valid) UTF-8 s into at most max code points. */
static int
u8_decode(const char *s, uint32_t *cp, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p && n < max) {
		uint32_t c = *p;

		if (c < 0x80) {
			p++;
		} else if ((c & 0xe0) == 0xc0 && p[1]) {
			c = ((c & 0x1f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else if ((c & 0xf0) == 0xe0 && p[1] && p[2]) {
			c = ((c & 0x0f) << 12) |
			    ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
			p += 3;
		} else {
			p++;
			continue;
		}
		cp[n++] = c;
	}
	return n;
}

static void
u8_encode(const uint32_t *cp, int n, char *out, size_t outsz)
{
	size_t k = 0;
	int i;

	for (i = 0; i < n && k + 4 < outsz; i++) {
		uint32_t c = cp[i];

		if (c < 0x80) {
			out[k++] = (char)c;
		} else if (c < 0x800) {
			out[k++] = (char)(0xc0 | (c >> 6));
			out[k++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[k++] = (char)(0xe0 | (c >> 12));
			out[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[k++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[k] = '\0';
}

/* Turkish upper case: i -> İ, ı -> I. */
static uint32_t
cp_upper(uint32_t c)
{
	switch (c) {
	case 'i': return 0x130;
	case 0x131: return 'I';
	case 0x15f: return 0x15e;	/* ş */
	case 0x11f: return 0x11e;	/* ğ */
	case 0xe7: return 0xc7;		/* ç */
	case 0xf6: return 0xd6;		/* ö */
	case 0xfc: return 0xdc;		/* ü */
	case 0xe2: return 0xc2;		/* â */
	}
	if (c >= 'a' && c <= 'z')
		return c - 32;
	return c;
}

/* Turkish lower case of a capital (İ and I are handled by the caller). */
static uint32_t
cp_lower(uint32_t c)
{
	switch (c) {
	case 0x15e: return 0x15f;
	case 0x11e: return 0x11f;
	case 0xc7: return 0xe7;
	case 0xd6: return 0xf6;
	case 0xdc: return 0xfc;
	case 0xc2: return 0xe2;
	}
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	return c;
}

/* The letter without its Turkish accent (ş -> s, İ -> I, ı -> i). */
static uint32_t
cp_ascii(uint32_t c)
{
	switch (c) {
	case 0x15f: return 's';
	case 0x15e: return 'S';
	case 0x131: return 'i';
	case 0x130: return 'I';
	case 0x11f: return 'g';
	case 0x11e: return 'G';
	case 0xe7: return 'c';
	case 0xc7: return 'C';
	case 0xf6: return 'o';
	case 0xd6: return 'O';
	case 0xfc: return 'u';
	case 0xdc: return 'U';
	case 0xe2: return 'a';
	case 0xc2: return 'A';
	}
	return c;
}

/* Copies s to out (outsz bytes) upper-cased, and without accents if ascii. */
static void
name_upper(const char *s, char *out, size_t outsz, int ascii)
{
	uint32_t cp[128];
	int n = u8_decode(s, cp, 128), i;

	for (i = 0; i < n; i++) {
		cp[i] = cp_upper(cp[i]);
		if (ascii)
			cp[i] = cp_ascii(cp[i]);
	}
	u8_encode(cp, n, out, outsz);
}

static int
cp_letter(uint32_t c)
{
	return c != ' ' && c != '-' && c != '.' && c != '/';
}

/*
 * Name typos of a clerk: 0 drops a letter, 1 swaps two neighbours,
 * 2 writes Turkish letters as ASCII, 3 confuses dotted and dotless i.
 * Returns 1 when the name changed.
 */
static int
name_typo(char *s, size_t sz, int kind, struct rng *r)
{
	uint32_t cp[128], t;
	int n = u8_decode(s, cp, 128), i, k, changed = 0;

	switch (kind) {
	case 0:
		if (n < 4)
			return 0;
		k = rng_range(r, 1, n - 1);
		if (!cp_letter(cp[k]))
			return 0;
		memmove(cp + k, cp + k + 1, (size_t)(n - k - 1) * sizeof *cp);
		n--;
		changed = 1;
		break;
	case 1:
		if (n < 3)
			return 0;
		k = rng_range(r, 0, n - 2);
		if (!cp_letter(cp[k]) || !cp_letter(cp[k + 1]) ||
		    cp[k] == cp[k + 1])
			return 0;
		t = cp[k];
		cp[k] = cp[k + 1];
		cp[k + 1] = t;
		if (k == 0) {	/* keep the capital first */
			cp[0] = cp_upper(cp[0]);
			if (cp[1] == 'I')
				cp[1] = 0x131;
			else if (cp[1] == 0x130)
				cp[1] = 'i';
			else
				cp[1] = cp_lower(cp[1]);
		}
		changed = 1;
		break;
	case 2:
		for (i = 0; i < n; i++)
			if (cp_ascii(cp[i]) != cp[i]) {
				cp[i] = cp_ascii(cp[i]);
				changed = 1;
			}
		break;
	case 3:
		for (i = 0; i < n && !changed; i++) {
			changed = 1;
			switch (cp[i]) {
			case 0x130: cp[i] = 'I'; break;
			case 'I': cp[i] = 0x130; break;
			case 0x131: cp[i] = 'i'; break;
			case 'i': cp[i] = 0x131; break;
			default: changed = 0;
			}
		}
		break;
	}
	if (changed)
		u8_encode(cp, n, s, sz);
	return changed;
}

/* ------------------------------------------------------------- domain */

/* Copies a, then " " and b when b is not NULL, into dst (n bytes). */
static void
str_join(char *dst, size_t n, const char *a, const char *b)
{
	size_t k = 0;

	for (; *a && k + 1 < n; a++)
		dst[k++] = *a;
	if (b && k + 2 < n) {
		dst[k++] = ' ';
		for (; *b && k + 1 < n; b++)
			dst[k++] = *b;
	}
	dst[k] = '\0';
}

enum { R_HEAD, R_SPOUSE, R_CHILD, R_PARENT, R_GRANDCHILD };
static const char *const rel_word[] = {
	"head", "spouse", "child", "parent", "grandchild"
};
enum { M_SINGLE, M_MARRIED, M_DIVORCED, M_WIDOWED };
static const char *const mar_word[] = {
	"single", "married", "divorced", "widowed"
};
enum { E_NONE, E_PRIMARY, E_LOWER, E_UPPER, E_HIGHER };
static const char *const edu_word[] = {
	"none", "primary", "lower_secondary", "upper_secondary", "higher"
};
static const char *const level_word[] = {
	"preschool", "primary", "lower_secondary", "upper_secondary", "higher"
};
enum { S_EMPLOYED, S_SELF, S_PENSION };
static const char *const status_word[] = {
	"employed", "self_employed", "pensioner"
};
enum { ER_INVOL, ER_MISCONDUCT, ER_VOLUNTARY, ER_RETIRE, ER_DEATH, ER_OTHER };
static const char *const reason_word[] = {
	"involuntary", "misconduct", "voluntary", "retirement", "death", "other"
};
enum {
	V_REGISTRATION, V_REFERRAL, V_INTERVIEW, V_PLACEMENT, V_REFUSAL,
	V_LEFT_JOB, V_TRAINING_ABANDONED, V_NO_REPLY, V_COMPLIED
};
static const char *const event_word[] = {
	"registration", "referral", "interview", "placement", "refusal",
	"left_job", "training_abandoned", "no_reply", "complied"
};
static const char *const offer_word[] = { "job", "course", "programme" };
enum { P_REGULAR, P_GSS, P_CCT_EDU, P_CCT_HEALTH, P_UNEMPLOYMENT, NPROG };
static const char *const prog_word[] = {
	"regular", "gss", "cct-education", "cct-health", "unemployment"
};

static const struct {
	const char *code;
	unsigned weight;
} banks[] = {
	{ "00010", 25 }, { "00012", 12 }, { "00015", 12 }, { "00064", 13 },
	{ "00062", 11 }, { "00067", 9 }, { "00046", 9 }, { "00111", 4 },
	{ "00134", 3 }, { "00032", 2 },
};

struct spell {
	int status;
	uint64_t employer;	/* 0: none */
	int32_t start, end;	/* end NODATE while the spell lasts */
	int reason;		/* ER_* when ended */
	int64_t wage;		/* monthly gross earnings, kurus */
};

struct person {
	uint32_t no;		/* the true person, P%07u */
	char nid[12];		/* empty: the registry holds no number */
	char first[48], last[64];
	char sex;		/* 'M' or 'F' */
	int rel, mar, edu;
	int32_t birth, death;	/* death NODATE while alive */
	int age;		/* on the as-of day */
	int school;		/* level + 1 of this year's school row, or 0 */
	int enrolled;
	int nsp;
	struct spell sp[3];
	int lost_job;		/* an involuntary end in the last 60 days */
	int parttime;
	int chg;		/* CH_*: what --change changes, CH_NONE */
	int chg_done;		/* the change has been written */
	int chg_arg;		/* a factor in percent, a reason, a choice */
	int chg_sp;		/* the spell it changes */
	int32_t chg_date;	/* the day of the change */
	char chg_last[64];	/* a surname taken at a marriage, or empty */
};

struct addr {
	int plate, dist, mah, stype, street, snum, bno, flat, comma;
	char postcode[16];
};

struct event {
	int who, type, offer, justified;
	int32_t date;
	uint32_t referral;
	uint64_t employer;
	const char *reason;
};

#define MAXEV	160

struct hh {
	uint32_t no;
	int n, living;
	struct person p[MAXP];
	int foreign;
	const char *nat;
	struct addr a;
	double w;
	int rep;
	int owns_home;
	int bank;		/* index in banks[], -1: no account */
	char iban[27];
	int prog[NPROG];	/* applied for (the household programmes) */
	int32_t app_date;
	int nev;
	struct event ev[MAXEV];
	int moved;		/* under --change: moved to na */
	struct addr na;
	int born, died;		/* under --change: a birth, deaths */
	struct person baby;
};

/* A person waiting to appear a second time in the person list. */
struct pending {
	uint32_t due;
	struct person p;
	struct addr a;
};

#define MAXPEND	256

static struct {
	uint64_t seed;
	int32_t asof, asof_month;
	int asof_y;
	int school_year;
	int32_t school_period;
	int64_t minwage;
	int list_share;		/* percent, 0 to 100 */
	struct out out[NOUT];
	uint32_t nperson, nforeign, nreferral;
	uint64_t nid_b, fid_b;
	int64_t *cons;
	unsigned char *size;
	size_t nhh, caphh;
	char last_iban[27];
	int last_bank;
	struct wtab wprov, wsize, wsurname, wbank;
	struct wtab wmale_old, wmale_young, wfemale_old, wfemale_young;
	struct pending pend[MAXPEND];
	int npend;
	uint32_t chg_ppm;	/* persons in a million changed, --change */
	int32_t chg_day;	/* the day of the changes */
	int chg_y;
	uint32_t npersons;	/* -n: newborns are numbered after it */
	uint32_t nborn, nborn_foreign, nnewref;
	int row_mode;		/* ROW_*: what rec_begin and truth do */
	size_t row_mark;	/* where the current row begins in its buffer */
	FILE *spill;		/* rows that --change adds, appended last */
} C;

/* The day n years after d (before it when n < 0). */
static int32_t
years(int32_t d, int n)
{
	return date_add_months(d, 12 * n);
}

static int32_t
min32(int32_t a, int32_t b)
{
	return a < b ? a : b;
}

static int32_t
max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

/* A date in [lo, hi]. */
static int32_t
rng_date(struct rng *r, int32_t lo, int32_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* Writes a valid T.C. Kimlik No made of the nine digits v into out. */
static void
nid_make(uint32_t v, char out[12])
{
	int d[11], i;

	for (i = 8; i >= 0; i--) {
		d[i] = (int)(v % 10);
		v /= 10;
	}
	tckn_complete(d);
	for (i = 0; i < 11; i++)
		out[i] = (char)('0' + d[i]);
	out[11] = '\0';
}

/*
 * Numbers are a permutation of the person counters, so they never repeat:
 * citizens get 100000000..989999999 (never 99...), foreign residents
 * 990000000..999999999, then the check digits.
 */
static void
nid_citizen(uint32_t i, char out[12])
{
	nid_make(100000000u + (uint32_t)(((uint64_t)i * 387420489u + C.nid_b) %
		 890000000u), out);
}

static void
nid_foreign(uint32_t j, char out[12])
{
	nid_make(990000000u + (uint32_t)(((uint64_t)j * 7654321u + C.fid_b) %
		 10000000u), out);
}

/* The number with one digit changed so that the check digits fail. */
static void
nid_typo(const char *nid, char out[12], struct rng *r)
{
	int k;

	do {
		memcpy(out, nid, 12);
		k = rng_range(r, 1, 10);
		out[k] = (char)('0' + (out[k] - '0' + rng_range(r, 1, 9)) % 10);
	} while (tckn_valid(out, 11));
}

static void
iban_new(struct rng *r, int bank, char out[27])
{
	char bban[23];
	int i;

	memcpy(bban, banks[bank].code, 5);
	bban[5] = '0';
	for (i = 6; i < 22; i++)
		bban[i] = (char)('0' + rng_below(r, 10));
	bban[22] = '\0';
	iban_make_tr(bban, out);
}

/* The IBAN with one account digit changed, so that the check fails. */
static void
iban_typo(const char *iban, char out[27], struct rng *r)
{
	int k;

	do {
		memcpy(out, iban, 27);
		k = rng_range(r, 10, 25);
		out[k] = (char)('0' + (out[k] - '0' + rng_range(r, 1, 9)) % 10);
	} while (iban_valid(out, 26));
}

static const char *
pick_list(struct rng *r, const char *const *list, size_t n)
{
	return list[rng_below(r, (uint32_t)n)];
}

#define PICK(r, a)	pick_list((r), (a), NELEM(a))

static const char *
first_name(struct rng *r, const struct hh *h, char sex, int32_t birth)
{
	int y, m, d, young;

	if (h->foreign) {
		if (h->nat[0] == 'S')
			return sex == 'M' ? PICK(r, synth_sy_male) :
			    PICK(r, synth_sy_female);
		if (h->nat[0] == 'A')
			return sex == 'M' ? PICK(r, synth_af_male) :
			    PICK(r, synth_af_female);
		return sex == 'M' ? PICK(r, synth_iq_male) :
		    PICK(r, synth_iq_female);
	}
	date_to_ymd(birth, &y, &m, &d);
	young = rng_chance(r, y >= 2000 ? 0.85 : y >= 1990 ? 0.4 : 0.08);
	if (sex == 'M')
		return young ? synth_male_young[wtab_pick(&C.wmale_young, r)] :
		    synth_male_old[wtab_pick(&C.wmale_old, r)];
	return young ? synth_female_young[wtab_pick(&C.wfemale_young, r)] :
	    synth_female_old[wtab_pick(&C.wfemale_old, r)];
}

static const char *
surname(struct rng *r, const struct hh *h)
{
	if (h->foreign) {
		if (h->nat[0] == 'S')
			return PICK(r, synth_sy_surname);
		if (h->nat[0] == 'A')
			return PICK(r, synth_af_surname);
		return PICK(r, synth_iq_surname);
	}
	return synth_surname[wtab_pick(&C.wsurname, r)];
}

/*
 * A birth date for someone of the given age on the as-of day; old people
 * and refugees often carry a registered 1 January or 1 July.
 */
static void
set_birth(struct person *p, const struct hh *h, struct rng *r, int age)
{
	int32_t lo = years(C.asof, -(age + 1)) + 1, hi = years(C.asof, -age);
	int y, m, d;

	p->birth = rng_date(r, lo, hi);
	if ((age >= 55 && rng_chance(r, 0.15)) ||
	    (h->foreign && rng_chance(r, 0.3))) {
		date_to_ymd(p->birth, &y, &m, &d);
		d = (int)date_from_ymd(y, rng_chance(r, 0.6) ? 1 : 7, 1);
		if (date_age(d, C.asof) == age)
			p->birth = d;
	}
	p->age = date_age(p->birth, C.asof);
}

static void
person_init(struct person *p, int rel, char sex)
{
	memset(p, 0, sizeof *p);
	p->rel = rel;
	p->sex = sex;
	p->death = NODATE;
}

static void
set_name(struct person *p, struct hh *h, struct rng *r, const char *last)
{
	str_join(p->first, sizeof p->first, first_name(r, h, p->sex, p->birth),
		 NULL);
	str_join(p->last, sizeof p->last, last, NULL);
}

/* Highest level completed, from the age, the sex, the cohort and welfare. */
static int
education_of(const struct person *p, double w, int foreign, struct rng *r)
{
	int by, bm, bd;
	double z;

	if (p->age < 10)
		return E_NONE;
	if (p->age < 14)
		return E_PRIMARY;
	if (p->age < 18)
		return E_LOWER;
	date_to_ymd(p->birth, &by, &bm, &bd);
	z = 0.9 * w + 0.6 * rng_normal(r) + (by - 1975) * 0.035;
	if (p->sex == 'F' && by < 1975)
		z -= 0.6;
	if (foreign)
		z -= 0.7;
	if (z < -1.5)
		return E_NONE;
	if (z < -0.3)
		return E_PRIMARY;
	if (z < 0.2)
		return E_LOWER;
	if (z < 1.0 || p->age < 22)
		return E_UPPER;
	return E_HIGHER;
}

/* This school year's enrolment: p->school (level + 1) and p->enrolled. */
static void
set_school(struct person *p, const struct hh *h, struct rng *r)
{
	int as = date_age(p->birth, date_from_ymd(C.school_year, 9, 1));
	double pe, w = h->w;
	int level, always = 1;

	p->school = 0;
	if (p->death != NODATE || as < 5 || as > 22)
		return;
	if (as == 5) {
		level = 0;
		pe = logistic(0.2 + 0.9 * w);
		always = 0;
	} else if (as <= 9) {
		level = 1;
		pe = 0.985;
	} else if (as <= 13) {
		level = 2;
		pe = w < -1 ? 0.93 : 0.97;
	} else if (as <= 17) {
		level = 3;
		pe = logistic(1.7 + 0.9 * w -
			      (p->sex == 'F' && w < -1 ? 0.4 : 0));
	} else {
		level = as == 18 && rng_chance(r, 0.3) ? 3 : 4;
		pe = level == 3 ? 0.9 : logistic(-0.5 + 1.2 * w);
		always = 0;
	}
	if (h->foreign)
		pe *= 0.75;
	p->enrolled = rng_chance(r, pe);
	if (p->enrolled || always)
		p->school = level + 1;
	if (level == 4 && p->enrolled && p->edu < E_UPPER)
		p->edu = E_UPPER;
}

static uint64_t
employer_of(struct rng *r, int plate)
{
	uint32_t pool = 40 + synth_province_pop[plate] / 8;

	return (uint64_t)plate * 100000000u +
	    (rng_below(r, pool) * 48271u + 1234567u) % 100000000u;
}

static int64_t
wage_of(struct rng *r, double w)
{
	double f = 1.25 * dexp(0.45 * w + 0.3 * rng_normal(r));

	if (f < 1.0 || rng_chance(r, 0.25))
		return C.minwage;
	return roundi(C.minwage * f / 100.0) * 100;
}

static void
add_spell(struct person *p, int status, uint64_t employer, int32_t start,
	  int32_t end, int reason, int64_t wage)
{
	struct spell *s;

	if (p->nsp >= (int)NELEM(p->sp))
		return;
	s = &p->sp[p->nsp++];
	s->status = status;
	s->employer = employer;
	s->start = start;
	s->end = end;
	s->reason = reason;
	s->wage = wage;
}

/* Social-security history: pensions, current jobs, recent and old ends. */
static void
make_work(struct hh *h, struct person *p, struct rng *r)
{
	double w = h->w, pe;
	int retire = p->sex == 'M' ? 60 : 58;
	int32_t adult = years(p->birth, 18), start, end;
	int64_t pension;

	if (p->death != NODATE) {
		int dage = date_age(p->birth, p->death);

		if (dage >= 62 && rng_chance(r, 0.6)) {
			start = years(p->birth, rng_range(r, 52, 61));
			if (start >= p->death)
				return;
			add_spell(p, S_PENSION, 0, start,
				  rng_chance(r, 0.1) ? NODATE : p->death,
				  ER_DEATH, 0);
		}
		return;
	}
	if (p->age < 18 || (p->school && p->enrolled))
		return;
	pension = roundi(1688100 * dexp(0.3 * w + 0.15 * rng_normal(r)) / 100.0)
	    * 100;
	if (pension < 1688100)
		pension = 1688100;
	if (p->age >= retire) {
		double pp = (p->sex == 'M' ? 0.72 : 0.40) + 0.08 * w +
		    (p->mar == M_WIDOWED ? 0.2 : 0);

		if (h->foreign)
			pp = 0.02;
		if (rng_chance(r, pp)) {
			start = years(p->birth, rng_range(r, 45, retire + 2));
			start = min32(start, C.asof - 30);
			add_spell(p, S_PENSION, 0, start, NODATE, 0, pension);
			return;
		}
		if (p->age >= 66 || !rng_chance(r, 0.15))
			return;
	} else if (p->age >= 48 && !h->foreign &&
	    rng_chance(r, 0.08 + 0.04 * w)) {
		start = rng_date(r, max32(years(p->birth, 45), C.asof - 3000),
				 C.asof - 30);
		add_spell(p, S_PENSION, 0, start, NODATE, 0, pension);
		return;
	}
	pe = logistic(p->sex == 'M' ? 0.35 + 1.1 * w : -1.2 + 1.1 * w);
	if (p->age < 22)
		pe *= 0.6;
	if (p->age >= retire)
		pe = 1;
	if (h->foreign)
		pe *= 0.25;
	if (rng_chance(r, pe)) {
		int self = rng_chance(r, p->age > 40 ? 0.22 : 0.14);
		double u = rng_unit(r);
		int32_t tenure = u < 0.3 ? rng_range(r, 20, 365) : u < 0.7 ?
		    rng_range(r, 366, 1826) : rng_range(r, 1827, 7300);

		start = max32(C.asof - tenure, adult);
		if (start >= C.asof)
			start = C.asof - 1;
		p->parttime = rng_chance(r, 0.05);
		if (!self && rng_chance(r, 0.03)) {
			/* lost the job in the last 60 days */
			end = C.asof - rng_range(r, 1, 60);
			if (rng_chance(r, 0.5))
				start = end - rng_range(r, 1100, 3500);
			else
				start = end - rng_range(r, 40, 500);
			start = max32(start, adult);
			if (start >= end)
				return;
			p->lost_job = rng_chance(r, 0.85);
			add_spell(p, S_EMPLOYED, employer_of(r, h->a.plate),
				  start, end, p->lost_job ? ER_INVOL :
				  ER_MISCONDUCT, wage_of(r, w));
			return;
		}
		if (self)
			add_spell(p, S_SELF, 0, start, NODATE, 0,
				  C.minwage * rng_range(r, 2, 4) / 2);
		else
			add_spell(p, S_EMPLOYED, employer_of(r, h->a.plate),
				  start, NODATE, 0, wage_of(r, w));
		return;
	}
	if (p->age >= 22 && p->age <= 60 && rng_chance(r, 0.28)) {
		double u = rng_unit(r);
		int reason = u < 0.4 ? ER_VOLUNTARY : u < 0.75 ? ER_INVOL :
		    u < 0.8 ? ER_MISCONDUCT : ER_OTHER;

		end = C.asof - rng_range(r, 180, 3650);
		start = max32(end - rng_range(r, 60, 3000), adult);
		if (start < end)
			add_spell(p, S_EMPLOYED, employer_of(r, h->a.plate),
				  start, end, reason, wage_of(r, w));
	}
}

static int
working(const struct person *p)
{
	int i;

	for (i = 0; i < p->nsp; i++)
		if (p->sp[i].end == NODATE)
			return 1;
	return 0;
}

/* Monthly income of the household now: wages and pensions. */
static int64_t
household_income(const struct hh *h)
{
	int64_t s = 0;
	int i, k;

	for (i = 0; i < h->n; i++)
		for (k = 0; k < h->p[i].nsp; k++)
			if (h->p[i].sp[k].end == NODATE &&
			    h->p[i].death == NODATE)
				s += h->p[i].sp[k].wage;
	return s;
}

/* ---------------------------------------------------------- households */

/* An address in a district of the province a->plate. */
static void
make_address(struct addr *a, struct rng *r)
{
	int first = synth_district_first[a->plate];
	int nd = synth_district_first[a->plate + 1] - first, local;
	double u = rng_unit(r);

	local = (int)rng_below(r, (uint32_t)nd);
	a->dist = first + local;
	a->mah = (int)rng_below(r, NELEM(synth_mahalle));
	a->stype = u < 0.35 ? 0 : u < 0.65 ? 1 : u < 0.9 ? 2 : 3;
	a->street = (int)rng_below(r, NELEM(synth_street));
	a->snum = rng_chance(r, 0.5) ? rng_range(r, 1, 999) :
	    rng_range(r, 1000, 3999);
	a->bno = rng_chance(r, 0.7) ? rng_range(r, 1, 40) :
	    rng_range(r, 41, 250);
	a->flat = rng_chance(r, 0.25) ? 0 : rng_range(r, 1, 24);
	a->comma = rng_chance(r, 0.2);
	snprintf(a->postcode, sizeof a->postcode, "%02d%03d", a->plate,
		 (local * 23 + rng_range(r, 0, 19)) % 1000);
}

/*
 * Writes the address in one of four styles: 0 as the civil registry
 * writes it ("Atatürk Mah. Cumhuriyet Cad. No:12 D:3"), 1 spelt out,
 * 2 abbreviated, 3 the registry's form in capitals.
 */
static void
render_address(const struct addr *a, int style, char *out, size_t sz)
{
	static const char *const mah[] = { "Mah.", "Mahallesi", "Mh.", "Mah." };
	static const char *const st[4][4] = {
		{ "Cad.", "Caddesi", "Cd.", "Cad." },
		{ "Sok.", "Sokak", "Sk.", "Sok." },
		{ "Sok.", "Sokak", "Sk.", "Sok." },
		{ "Bulvarı", "Bulvarı", "Blv.", "Bulvarı" },
	};
	char street[64], num[32], tmp[256];
	int s = style;

	if (a->stype == 2)
		snprintf(street, sizeof street, "%d%s %s", a->snum,
			 s == 2 ? "" : ".", st[2][s]);
	else
		str_join(street, sizeof street, synth_street[a->street],
			 st[a->stype][s]);
	if (s == 1)
		snprintf(num, sizeof num, a->flat ? "No: %d Daire: %d" :
			 "No: %d", a->bno, a->flat);
	else if (s == 2)
		snprintf(num, sizeof num, a->flat ? "%d/%d" : "%d", a->bno,
			 a->flat);
	else
		snprintf(num, sizeof num, a->flat ? "No:%d D:%d" : "No:%d",
			 a->bno, a->flat);
	snprintf(tmp, sizeof tmp, "%s %s%s %s %s", synth_mahalle[a->mah],
		 mah[s], a->comma && s != 2 ? "," : "", street, num);
	if (s == 1 && a->comma) {
		size_t n = strlen(tmp);

		snprintf(tmp + n, sizeof tmp - n, ", %s/%s",
			 synth_district[a->dist], synth_province[a->plate]);
	}
	if (s == 3)
		name_upper(tmp, out, sz, 0);
	else
		snprintf(out, sz, "%s", tmp);
}

/* Age of a head of household living alone. */
static int
single_age(struct rng *r)
{
	double u = rng_unit(r);

	if (u < 0.3)
		return rng_range(r, 20, 34);
	if (u < 0.55)
		return rng_range(r, 35, 64);
	return rng_range(r, 65, 94);
}

static void
make_household(struct hh *h, struct rng *r, uint32_t room)
{
	struct person *head, *sp = NULL, *p;
	int s, couple = 0, npar = 0, nchild, i, dead, lo, hi, hage;
	char born_last[64], kids_last[64];
	double u;

	memset(h->prog, 0, sizeof h->prog);
	h->nev = 0;
	h->app_date = NODATE;
	h->foreign = rng_chance(r, 0.03);
	if (h->foreign) {
		u = rng_unit(r);
		h->nat = u < 0.7 ? "SY" : u < 0.9 ? "AF" : "IQ";
		h->a.plate = rng_chance(r, 0.75) ? synth_foreign_plate[
		    rng_below(r, NELEM(synth_foreign_plate))] :
		    (int)wtab_pick(&C.wprov, r) + 1;
	} else {
		h->nat = "TR";
		h->a.plate = (int)wtab_pick(&C.wprov, r) + 1;
	}
	make_address(&h->a, r);
	s = (int)wtab_pick(&C.wsize, r) + 1;
	if (h->foreign)
		s = clampi(s + rng_range(r, 0, 2), 1, 9);
	if ((uint32_t)s > room)
		s = (int)room;
	dead = rng_chance(r, 0.034) && (uint32_t)s + 1 <= room;
	h->w = 0.95 * rng_normal(r) + synth_province_welfare[h->a.plate] / 100.0
	    - 0.12 * (s - 3.3) - (h->foreign ? 0.6 : 0);

	/* who lives here */
	if (s >= 2) {
		u = rng_unit(r);
		if (s == 2) {
			if (u < 0.70)
				couple = 1;
			else if (u >= 0.92)
				npar = 1;
		} else {
			couple = u < 0.88;
			if (rng_chance(r, 0.12)) {
				npar = 1;
				if (s >= 4 && rng_chance(r, 0.3))
					npar = 2;
			}
		}
	}
	nchild = s - 1 - couple - npar;
	if (nchild < 0) {
		npar += nchild;
		nchild = 0;
	}

	h->n = 0;
	head = &h->p[h->n++];
	if (s == 1) {
		hage = single_age(r);
		person_init(head, R_HEAD, hage >= 65 ?
			    (rng_chance(r, 0.7) ? 'F' : 'M') :
			    (rng_chance(r, 0.55) ? 'M' : 'F'));
		u = rng_unit(r);
		head->mar = hage < 35 ? (u < 0.85 ? M_SINGLE : M_DIVORCED) :
		    hage < 65 ? (u < 0.35 ? M_SINGLE : u < 0.8 ? M_DIVORCED :
				 M_WIDOWED) :
		    (u < 0.8 ? M_WIDOWED : u < 0.9 ? M_DIVORCED : M_SINGLE);
	} else if (couple) {
		hage = nchild || npar ? rng_range(r, 28, 64) :
		    rng_chance(r, 0.3) ? rng_range(r, 22, 35) :
		    rng_range(r, 50, 88);
		person_init(head, R_HEAD, rng_chance(r, 0.95) ? 'M' : 'F');
		head->mar = M_MARRIED;
	} else if (nchild) {
		hage = rng_range(r, 24, 60);
		person_init(head, R_HEAD, rng_chance(r, 0.8) ? 'F' : 'M');
		head->mar = rng_chance(r, 0.55) ? M_DIVORCED : M_WIDOWED;
	} else {
		hage = rng_range(r, 20, 60);
		person_init(head, R_HEAD, rng_chance(r, 0.6) ? 'M' : 'F');
		head->mar = rng_chance(r, 0.7) ? M_SINGLE : M_DIVORCED;
	}
	if (npar && hage > 50)
		hage = rng_range(r, 25, 50);
	if (nchild && hage < 26)
		hage = 26;
	set_birth(head, h, r, hage);
	str_join(born_last, sizeof born_last, surname(r, h), NULL);
	set_name(head, h, r, born_last);
	str_join(kids_last, sizeof kids_last, head->last, NULL);

	if (couple) {
		int d = rng_range(r, -2, 7), sage;

		sp = &h->p[h->n++];
		person_init(sp, R_SPOUSE, head->sex == 'M' ? 'F' : 'M');
		sp->mar = M_MARRIED;
		sage = head->sex == 'M' ? head->age - d : head->age + d;
		if (nchild && (sage < 20 || sage > head->age + 7))
			sage = head->age;
		set_birth(sp, h, r, clampi(sage, 18, 95));
		if (head->sex == 'M') {
			/* she takes his name, sometimes keeping her own too */
			if (!h->foreign && rng_chance(r, 0.08))
				str_join(born_last, sizeof born_last,
					 surname(r, h), head->last);
			else
				str_join(born_last, sizeof born_last,
					 head->last, NULL);
			set_name(sp, h, r, born_last);
			str_join(born_last, sizeof born_last, head->last, NULL);
		} else {
			set_name(sp, h, r, head->last);
			/* the wife is head: her parents carry another name */
			str_join(born_last, sizeof born_last, surname(r, h),
				 NULL);
		}
	} else if (head->sex == 'F' && head->mar == M_DIVORCED &&
	    rng_chance(r, 0.7)) {
		str_join(kids_last, sizeof kids_last, surname(r, h), NULL);
	} else if (head->sex == 'F' && head->mar == M_WIDOWED) {
		str_join(born_last, sizeof born_last, surname(r, h), NULL);
	}

	/* children: 19..44 years younger than each parent present */
	hi = head->age - 19;
	lo = head->age - 44;
	if (sp) {
		hi = min32(hi, sp->age - 19);
		lo = max32(lo, sp->age - 44);
	}
	lo = lo < 0 ? 0 : lo;
	hi = hi > 35 ? 35 : hi;
	for (i = 0; i < nchild && hi >= lo; i++) {
		int cage = rng_range(r, lo, hi);

		if (rng_chance(r, 0.5))
			cage = max32(cage, rng_range(r, lo, hi));
		p = &h->p[h->n++];
		person_init(p, R_CHILD, rng_chance(r, 0.51) ? 'M' : 'F');
		p->mar = cage >= 25 && rng_chance(r, 0.05) ? M_DIVORCED :
		    M_SINGLE;
		set_birth(p, h, r, cage);
		set_name(p, h, r, couple && head->sex == 'F' ? sp->last :
			 kids_last);
	}

	/* the head's parents */
	if (npar) {
		int g = rng_range(r, 20, 38);

		for (i = 0; i < npar; i++) {
			p = &h->p[h->n++];
			if (npar == 2) {
				person_init(p, R_PARENT, i ? 'M' : 'F');
				p->mar = M_MARRIED;
				set_birth(p, h, r, clampi(head->age + g +
					  (i ? rng_range(r, 0, 44 - g > 6 ? 6 :
					   44 - g) : 0), 0, 99));
			} else {
				person_init(p, R_PARENT,
					    rng_chance(r, 0.75) ? 'F' : 'M');
				p->mar = rng_chance(r, 0.85) ? M_WIDOWED :
				    M_DIVORCED;
				set_birth(p, h, r, head->age + g);
			}
			set_name(p, h, r, born_last);
		}
	}

	/* someone who died and is still listed */
	if (dead) {
		struct person *d = NULL;
		int dage;

		if (head->mar == M_WIDOWED) {
			d = &h->p[h->n++];
			person_init(d, R_SPOUSE,
				    head->sex == 'M' ? 'F' : 'M');
			d->mar = M_MARRIED;
			dage = head->age + (head->sex == 'F' ?
			    rng_range(r, -1, 6) : rng_range(r, -6, 1));
			dage = clampi(dage, 30, 100);
			set_birth(d, h, r, dage);
			set_name(d, h, r, head->last);
		} else if (npar < 2 && head->age <= 72) {
			d = &h->p[h->n++];
			person_init(d, R_PARENT, npar == 1 ?
				    (h->p[h->n - 2].sex == 'F' ? 'M' : 'F') :
				    (rng_chance(r, 0.6) ? 'M' : 'F'));
			d->mar = npar == 1 ? M_MARRIED : M_WIDOWED;
			if (npar == 1 && h->p[h->n - 2].mar == M_DIVORCED)
				d->mar = M_DIVORCED;
			set_birth(d, h, r, clampi(head->age +
				  rng_range(r, 22, 40), 40, 100));
			set_name(d, h, r, born_last);
			if (npar == 1 && d->mar == M_MARRIED)
				h->p[h->n - 2].mar = M_WIDOWED;
		}
		if (d) {
			int32_t lo_d = max32(years(d->birth, 30),
					     C.asof - 6 * 365);

			d->death = rng_chance(r, 0.15) ?
			    C.asof - rng_range(r, 1, 90) :
			    rng_date(r, lo_d, C.asof - 1);
			if (d->death <= years(d->birth, 18))
				d->death = C.asof - rng_range(r, 1, 90);
		}
	}
	h->living = 0;
	for (i = 0; i < h->n; i++)
		h->living += h->p[i].death == NODATE;

	/* numbers, education, school, work */
	for (i = 0; i < h->n; i++) {
		p = &h->p[i];
		p->no = ++C.nperson;
		if (h->foreign) {
			if (rng_chance(r, 0.9))
				nid_foreign(C.nforeign++, p->nid);
		} else {
			nid_citizen(p->no, p->nid);
		}
		p->edu = education_of(p, h->w, h->foreign, r);
		set_school(p, h, r);
		make_work(h, p, r);
	}
	h->rep = 0;
	if (sp && rng_chance(r, 0.25))
		h->rep = 1;
	if (!h->p[h->rep].nid[0] && h->n > 1 && h->p[1].rel == R_SPOUSE &&
	    h->p[1].nid[0])
		h->rep = 1;
}

/* ------------------------------------------------- employment service */

static struct event *
add_event(struct hh *h, int who, int type, int32_t date)
{
	struct event *e;

	if (h->nev >= MAXEV)
		return NULL;
	e = &h->ev[h->nev++];
	memset(e, 0, sizeof *e);
	e->who = who;
	e->type = type;
	e->date = date;
	e->offer = -1;
	e->justified = -1;
	return e;
}

/*
 * A person's history with the employment service: registration, then
 * referrals (jobs, courses, programmes) each followed, or not, by an
 * interview, a placement, a refusal, no reply.  A placement starts an
 * insured job (an SGK spell); some of those are left within 180 days.
 * A few people refuse three offers without a justified reason in a year.
 */
static void
make_iskur(struct hh *h, int who, struct rng *r)
{
	static const char *const rj[] = {
		"RJ-SAGLIK", "RJ-MESAFE", "RJ-BAKIM"
	};
	static const char *const ru[] = {
		"RU-UCRET", "RU-ISTEKSIZ", "RU-BEYAN"
	};
	struct person *p = &h->p[who];
	struct event *e;
	int32_t d, d2;
	int nref, k, force3 = rng_chance(r, 0.05);

	d = p->lost_job ? p->sp[p->nsp - 1].end + rng_range(r, 1, 20) :
	    C.asof - rng_range(r, 20, 720);
	if (d >= C.asof)
		d = C.asof - 1;
	if (!add_event(h, who, V_REGISTRATION, d))
		return;
	nref = force3 ? 3 + rng_range(r, 0, 1) : rng_range(r, 0, 3);
	for (k = 0; k < nref; k++) {
		uint32_t ref;
		int offer;
		double u;

		d += rng_range(r, 7, 90);
		if (d >= C.asof)
			break;
		u = rng_unit(r);
		offer = force3 && k < 3 ? (u < 0.7 ? 0 : 1) :
		    u < 0.6 ? 0 : u < 0.85 ? 1 : 2;
		ref = ++C.nreferral;
		if (!(e = add_event(h, who, V_REFERRAL, d)))
			return;
		e->offer = offer;
		e->referral = ref;
		if (offer == 0)
			e->employer = employer_of(r, h->a.plate);
		d2 = d + rng_range(r, 2, 20);
		if (d2 >= C.asof)
			break;
		u = rng_unit(r);
		if ((force3 && k < 3) || (offer == 0 ? u >= 0.35 && u < 0.6 :
		    u < 0.25)) {
			int just = force3 && k < 3 ? 0 : rng_chance(r, 0.5);

			if (!(e = add_event(h, who, V_REFUSAL, d2)))
				return;
			e->offer = offer;
			e->justified = just;
			e->referral = ref;
			e->reason = just ? PICK(r, rj) : PICK(r, ru);
		} else if (offer == 0 && u < 0.35) {
			uint64_t emp = h->ev[h->nev - 1].employer;

			if (!(e = add_event(h, who, V_INTERVIEW, d2)))
				return;
			e->referral = ref;
			e->employer = emp;
			if (rng_chance(r, 0.5)) {
				int32_t pd = d2 + rng_range(r, 3, 20), ld;

				if (pd >= C.asof)
					break;
				if (!(e = add_event(h, who, V_PLACEMENT, pd)))
					return;
				e->referral = ref;
				e->employer = emp;
				ld = rng_chance(r, 0.25) ?
				    pd + rng_range(r, 10, 170) : NODATE;
				if (ld != NODATE && ld >= C.asof)
					ld = NODATE;
				add_spell(p, S_EMPLOYED, emp, pd, ld,
					  ER_VOLUNTARY, C.minwage *
					  rng_range(r, 100, 125) / 100);
				if (ld == NODATE)
					break;
				if (!(e = add_event(h, who, V_LEFT_JOB, ld)))
					return;
				e->referral = ref;
				e->employer = emp;
				e->reason = rng_chance(r, 0.7) ? "LJ-ISTIFA" :
				    "LJ-DEVAMSIZLIK";
				d = ld;
			} else {
				d = d2;
			}
			continue;
		} else if (offer == 1 && u < 0.4) {
			if (!(e = add_event(h, who, V_TRAINING_ABANDONED, d2)))
				return;
			e->offer = offer;
			e->referral = ref;
			e->reason = "TA-01";
		} else if (u < (offer == 0 ? 0.75 : 0.5)) {
			if (!(e = add_event(h, who, V_NO_REPLY, d2)))
				return;
			e->referral = ref;
			e->reason = "NR-01";
			if (rng_chance(r, 0.6)) {
				int32_t cd = d2 + rng_range(r, 3, 15);

				if (cd < C.asof && (e = add_event(h, who,
				    V_COMPLIED, cd)))
					e->referral = ref;
				d2 = cd;
			}
		}
		d = d2;
	}
}

/* Who applies for what, and who is with the employment service. */
static void
plan_household(struct hh *h, struct rng *r)
{
	int school = 0, small = 0, earner = 0, i, any = 0;
	struct person *p;

	for (i = 0; i < h->n; i++) {
		p = &h->p[i];
		if (p->death != NODATE)
			continue;
		school |= p->age >= 6 && p->age <= 17;
		small |= p->age < 6;
		earner |= working(p);
	}
	if (rng_chance(r, logistic(-1.45 - 1.4 * h->w))) {
		h->prog[P_CCT_EDU] = school && rng_chance(r, 0.55);
		h->prog[P_CCT_HEALTH] = small && rng_chance(r, 0.45);
		h->prog[P_REGULAR] = rng_chance(r, 0.65);
		h->prog[P_GSS] = rng_chance(r, earner ? 0.15 : 0.5);
		for (i = 0; i < NPROG; i++)
			any |= h->prog[i];
		if (!any)
			h->prog[P_REGULAR] = 1;
		h->app_date = C.asof - rng_range(r, 1, 180);
	}
	for (i = 0; i < h->n; i++) {
		double pi;

		p = &h->p[i];
		if (p->death != NODATE || p->age < 18 || p->age > 55 ||
		    (p->school && p->enrolled) || working(p) ||
		    (p->nsp && p->sp[p->nsp - 1].status == S_PENSION))
			continue;
		pi = p->lost_job ? 0.8 : (h->prog[P_REGULAR] ? 0.7 : 0) +
		    (h->w < -0.3 ? 0.1 : 0.02);
		if (rng_chance(r, pi))
			make_iskur(h, i, r);
	}
}

/* ------------------------------------------------------------- next day */

/*
 * The next day (--change): about C.chg_ppm persons in a million have
 * something changed, dated C.chg_day.  Who is changed and how come from
 * a stream of each person's own (the seed and the person's number), never
 * from the household's, so that every other row stays byte for byte the
 * same; the new values come from a second such stream (chg_rng).  One
 * kind of change per person, drawn by weight among the kinds that fit.
 */
enum {
	CH_NONE, CH_EARN, CH_JOB_END, CH_JOB_START, CH_TAX, CH_ASSET,
	CH_BANK, CH_MOVE, CH_BIRTH, CH_DEATH, CH_ISKUR, CH_APPLY,
	CH_HEALTH, CH_SCHOOL, CH_CIVIL, NCH
};

static const unsigned chg_weight[NCH] = {
	[CH_EARN] = 24, [CH_JOB_END] = 12, [CH_JOB_START] = 6, [CH_TAX] = 6,
	[CH_ASSET] = 8, [CH_BANK] = 8, [CH_MOVE] = 24, [CH_BIRTH] = 8,
	[CH_DEATH] = 4, [CH_ISKUR] = 6, [CH_APPLY] = 5, [CH_HEALTH] = 3,
	[CH_SCHOOL] = 8, [CH_CIVIL] = 20,
};

#define CHG_SALT	0x6e65787464617921ULL	/* who, and which kind */
#define CHG_VSALT	0x76616c7565732121ULL	/* the new values */

/* Seeds r for the new values of person no. */
static void
chg_rng(struct rng *r, uint32_t no)
{
	rng_seed(r, C.seed ^ CHG_VSALT, no);
}

/* The first lasting spell of work (of insured employment only), or -1. */
static int
lasting_work(const struct person *p, int employed)
{
	int k;

	for (k = 0; k < p->nsp; k++)
		if (p->sp[k].end == NODATE && p->sp[k].status != S_PENSION &&
		    (!employed || p->sp[k].status == S_EMPLOYED))
			return k;
	return -1;
}

/*
 * What the civil registry may note of p on the next day, as bits:
 * 1 a level of education completed, 2 a marriage of a son or daughter
 * (still registered in the parents' household), 4 a remarriage.
 */
static int
civil_events(const struct person *p)
{
	int e = 0;

	if (p->age >= 18 && p->age <= 45 && p->edu >= E_LOWER &&
	    p->edu < E_HIGHER)
		e |= 1;
	if (p->mar == M_SINGLE && p->rel == R_CHILD && p->age >= 20 &&
	    p->age <= 45)
		e |= 2;
	if ((p->mar == M_WIDOWED || p->mar == M_DIVORCED) && p->age >= 20 &&
	    p->age < 70)
		e |= 4;
	return e;
}

/* Can change k happen to member i of h? */
static int
chg_fits(const struct hh *h, int i, int k)
{
	const struct person *p = &h->p[i];
	int nid = p->nid[0] != '\0', adult = nid && p->age >= 18, w;

	if (p->death != NODATE)
		return 0;
	switch (k) {
	case CH_EARN:
		w = lasting_work(p, 0);
		return nid && w >= 0 &&
		    p->sp[w].start < month_first_day(C.asof_month);
	case CH_JOB_END:
		return nid && lasting_work(p, 1) >= 0;
	case CH_JOB_START:
		return adult && p->age <= 62 && !working(p) &&
		    !(p->school && p->enrolled);
	case CH_TAX:
	case CH_ASSET:
	case CH_APPLY:
		return adult;
	case CH_BANK:
		return nid && i == h->rep;
	case CH_MOVE:
		return (p->rel == R_HEAD || p->rel == R_SPOUSE) && !h->moved;
	case CH_BIRTH:
		return p->sex == 'F' && p->age >= 18 && p->age <= 45 &&
		    !h->born && (p->rel == R_CHILD ||
		    (p->mar == M_MARRIED && p->rel != R_PARENT));
	case CH_DEATH:
		return p->age >= 40 && h->living - h->died >= 2;
	case CH_ISKUR:
		return adult && p->age <= 60 && !working(p) &&
		    !(p->school && p->enrolled);
	case CH_HEALTH:
		return nid && p->age >= 30;
	case CH_SCHOOL:
		return nid && p->school;
	case CH_CIVIL:
		return civil_events(p) != 0;
	}
	return 0;
}

/* Was member i of h with the employment service before? */
static int
registered(const struct hh *h, int i)
{
	int k;

	for (k = 0; k < h->nev; k++)
		if (h->ev[k].who == i)
			return 1;
	return 0;
}

/* A factor in percent from lo to hi, never 100. */
static int
chg_factor(struct rng *r, int lo, int hi)
{
	int f = rng_range(r, lo, hi);

	return f == 100 ? hi : f;
}

/* A new address: mostly in the same district, else another one. */
static void
move_address(const struct hh *h, struct addr *na, struct rng *r)
{
	double u = rng_unit(r);
	int first, nd, local;

	memset(na, 0, sizeof *na);
	na->plate = u < 0.85 ? h->a.plate : (int)wtab_pick(&C.wprov, r) + 1;
	make_address(na, r);
	first = synth_district_first[na->plate];
	nd = synth_district_first[na->plate + 1] - first;
	if (u < 0.6) {
		na->dist = h->a.dist;
		memcpy(na->postcode, h->a.postcode, sizeof na->postcode);
	} else if (na->dist == h->a.dist && nd > 1) {
		local = (na->dist - first + 1) % nd;
		na->dist = first + local;
		snprintf(na->postcode, sizeof na->postcode, "%02d%03d",
			 na->plate, (local * 23 + rng_range(r, 0, 19)) % 1000);
	}
}

/* A child born to member i of h in the week before the day of changes. */
static void
make_baby(struct hh *h, int i, struct rng *r)
{
	struct person *m = &h->p[i], *b = &h->baby;
	const char *last = m->last;

	person_init(b, m->rel == R_CHILD ? R_GRANDCHILD : R_CHILD,
		    rng_chance(r, 0.51) ? 'M' : 'F');
	b->mar = M_SINGLE;
	b->edu = E_NONE;
	b->birth = C.chg_day - rng_range(r, 0, 6);
	if (m->rel == R_SPOUSE)
		last = h->p[0].last;
	else if (m->rel == R_HEAD && h->n > 1 && h->p[1].rel == R_SPOUSE)
		last = h->p[1].last;
	str_join(b->first, sizeof b->first, first_name(r, h, b->sex, b->birth),
		 NULL);
	str_join(b->last, sizeof b->last, last, NULL);
	b->no = C.npersons + ++C.nborn;
	if (h->foreign)
		nid_foreign(9999999u - C.nborn_foreign++, b->nid);
	else
		nid_citizen(b->no, b->nid);
	h->born = 1;
}

/* Sets change k of member i of h and what it needs decided now. */
static void
chg_set(struct hh *h, int i, int k, struct rng *r)
{
	struct person *p = &h->p[i];
	const struct spell *s;
	double u;

	p->chg = k;
	p->chg_date = C.chg_day;
	switch (k) {
	case CH_EARN:
		p->chg_sp = lasting_work(p, 0);
		p->chg_arg = chg_factor(r, 80, 130);
		break;
	case CH_JOB_END:
		p->chg_sp = lasting_work(p, 1);
		s = &p->sp[p->chg_sp];
		p->chg_date = max32(s->start, C.chg_day - rng_range(r, 0, 1));
		u = rng_unit(r);
		p->chg_arg = u < 0.55 ? ER_INVOL : u < 0.85 ? ER_VOLUNTARY :
		    u < 0.95 ? ER_MISCONDUCT : ER_OTHER;
		break;
	case CH_TAX:
		p->chg_arg = chg_factor(r, 70, 140);
		break;
	case CH_ASSET:
		p->chg_arg = rng_chance(r, 0.5);	/* 1: bought, 0: sold */
		break;
	case CH_MOVE:
		move_address(h, &h->na, r);
		h->moved = 1;
		break;
	case CH_BIRTH:
		make_baby(h, i, r);
		break;
	case CH_DEATH:
		p->chg_date = C.chg_day - rng_range(r, 0, 2);
		h->died++;
		break;
	case CH_ISKUR:
		p->chg_arg = registered(h, i);	/* 1: a referral */
		break;
	case CH_CIVIL: {
		/* -1: a level of education completed, else married */
		int e = civil_events(p), n = (e & 1) + !!(e & 6);

		p->chg_arg = (e & 1) && rng_below(r, (uint32_t)n) == 0 ? -1 :
		    M_MARRIED;
		/* she takes his name */
		if (p->chg_arg == M_MARRIED && p->sex == 'F' && !h->foreign &&
		    rng_chance(r, 0.85))
			str_join(p->chg_last, sizeof p->chg_last, synth_surname[
				 wtab_pick(&C.wsurname, r)], NULL);
		break;
	}
	}
}

/* Who in h changes on the next day, and how. */
static void
plan_changes(struct hh *h)
{
	struct rng r;
	unsigned w[NCH], tot, u;
	int i, k;

	h->moved = h->born = h->died = 0;
	for (i = 0; i < h->n; i++) {
		struct person *p = &h->p[i];

		p->chg = CH_NONE;
		p->chg_done = 0;
		if (!C.chg_ppm)
			continue;
		rng_seed(&r, C.seed ^ CHG_SALT, p->no);
		if (rng_next(&r) % 1000000u >= C.chg_ppm)
			continue;
		tot = 0;
		for (k = 0; k < NCH; k++) {
			w[k] = k != CH_NONE && chg_fits(h, i, k) ?
			    chg_weight[k] : 0;
			tot += w[k];
		}
		if (!tot)
			continue;
		u = rng_below(&r, tot);
		for (k = 0; u >= w[k]; k++)
			u -= w[k];
		chg_set(h, i, k, &r);
	}
}

/* -------------------------------------------------------------- writers */

/*
 * Rows that --change adds or removes.  A row is written as usual between
 * rec_begin and truth; under ROW_ADD it gets no id, and truth moves it
 * from the file's buffer to C.spill, from where spill_drain appends it
 * after the last row with the file's next ids, so that no other row is
 * renumbered; under ROW_DROP it takes its id, and truth takes it back out
 * of the buffer.  No row is longer than ROWMAX, so that none is flushed
 * half written.
 */
enum { ROW_KEEP, ROW_ADD, ROW_DROP };

#define ROWMAX	4096

struct spilled {
	uint32_t f, person, len;
};

static void
spill_put(int f, uint32_t person, const char *row, size_t n)
{
	struct spilled sp;

	if (!C.spill && !(C.spill = tmpfile()))
		die("cannot create a temporary file: %s", strerror(errno));
	sp.f = (uint32_t)f;
	sp.person = person;
	sp.len = (uint32_t)n;
	if (fwrite(&sp, sizeof sp, 1, C.spill) != 1 ||
	    fwrite(row, 1, n, C.spill) != n)
		die("cannot write a temporary file: %s", strerror(errno));
}

static uint32_t
rec_begin(int f)
{
	struct out *o = &C.out[f];
	uint32_t id;

	if (C.row_mode != ROW_KEEP) {
		if (o->len + ROWMAX > OUTBUF)
			out_flush(o);
		C.row_mark = o->len;
		if (C.row_mode == ROW_ADD) {
			o->nf = 1;
			return 0;
		}
	}
	id = o->next_id++;
	f_id(o, outdef[f].prefix, id, 8);
	return id;
}

/* Takes the row just written to file f out of its buffer (see ROW_ADD). */
static void
row_take(int f, uint32_t person)
{
	struct out *o = &C.out[f];

	if (o->len < C.row_mark || o->len - C.row_mark > ROWMAX)
		die("internal error: a %s row longer than %d bytes",
		    outdef[f].kind, ROWMAX);
	if (C.row_mode == ROW_ADD)
		spill_put(f, person, o->buf + C.row_mark, o->len - C.row_mark);
	o->len = C.row_mark;
	o->rows--;
}

/*
 * The ground truth: record rec of file f is person `person`.  Every row
 * of a file but board.csv ends with it.
 */
static void
truth(int f, uint32_t rec, uint32_t person)
{
	struct out *o = &C.out[O_TRUTH_P];

	if (C.row_mode != ROW_KEEP) {
		row_take(f, person);
		return;
	}
	f_text(o, outdef[f].kind);
	f_id(o, outdef[f].prefix, rec, 8);
	f_id(o, "P", person, 7);
	row_end(o, "truth");
}

static void
f_nid(struct out *o, const char *nid)
{
	if (*nid)
		f_text(o, nid);
	else
		f_null(o);
}

static void
f_sex(struct out *o, char sex)
{
	f_text(o, sex == 'M' ? "M" : "F");
}

static void
f_hhid(struct out *o, uint32_t no)
{
	f_id(o, "H", no, 7);
}

static void
f_employer(struct out *o, uint64_t e)
{
	if (e)
		f_id(o, "", e, 10);
	else
		f_null(o);
}

static void
civil_row(const struct hh *h, const struct person *p, int32_t death, int mar,
	  const struct addr *a, const char *addr)
{
	struct out *o = &C.out[O_CIVIL];
	uint32_t id = rec_begin(O_CIVIL);

	f_nid(o, p->nid);
	f_text(o, p->first);
	f_text(o, p->last);
	f_sex(o, p->sex);
	f_date(o, p->birth);
	f_date(o, death);
	f_hhid(o, h->no);
	f_text(o, rel_word[p->rel]);
	f_text(o, mar_word[mar]);
	f_text(o, edu_word[p->edu]);
	f_uint(o, (uint64_t)a->plate);
	f_text(o, synth_district[a->dist]);
	f_text(o, addr);
	f_text(o, a->postcode);
	f_text(o, h->nat);
	row_end(o, "civil");
	truth(O_CIVIL, id, p->no);
}

/*
 * The marital status of member i of h on the next day: married, or
 * widowed by the death of the husband or wife (the head and member 1)
 * living in the household.
 */
static int
marital_now(const struct hh *h, int i)
{
	const struct person *p = &h->p[i];

	if (p->chg == CH_CIVIL && p->chg_arg >= 0)
		return p->chg_arg;
	if (i > 1 || h->n < 2 || h->p[1].rel != R_SPOUSE ||
	    p->mar != M_MARRIED || p->death != NODATE)
		return p->mar;
	return h->p[i == 0 ? 1 : 0].chg == CH_DEATH ? M_WIDOWED : p->mar;
}

/*
 * The household's rows, with the next day's move, births, deaths,
 * marriages and diplomas.
 */
static void
write_civil(struct hh *h)
{
	const struct addr *a = h->moved ? &h->na : &h->a;
	struct person shown;
	char addr[256];
	int i;

	render_address(a, 0, addr, sizeof addr);
	for (i = 0; i < h->n; i++) {
		struct person *p = &h->p[i];

		if (p->chg == CH_CIVIL) {
			shown = *p;
			if (p->chg_arg < 0)
				shown.edu++;
			if (p->chg_last[0])
				memcpy(shown.last, p->chg_last,
				       sizeof p->chg_last);
			p = &shown;
		}
		civil_row(h, p, p->chg == CH_DEATH ? p->chg_date : p->death,
			  marital_now(h, i), a, addr);
	}
	if (h->born) {
		C.row_mode = ROW_ADD;
		civil_row(h, &h->baby, NODATE, h->baby.mar, a, addr);
		C.row_mode = ROW_KEEP;
	}
}

static void
sgk_row(const struct person *p, const struct spell *s, int32_t month,
	int days, int64_t earnings)
{
	struct out *o = &C.out[O_SGK];
	uint32_t id = rec_begin(O_SGK);

	f_text(o, p->nid);
	f_text(o, status_word[s->status]);
	f_employer(o, s->employer);
	f_date(o, s->start);
	f_date(o, s->end);
	if (s->end != NODATE)
		f_text(o, reason_word[s->reason]);
	else
		f_null(o);
	if (month == NODATE) {
		f_null(o);
		f_null(o);
		f_null(o);
	} else {
		f_month(o, month);
		f_uint(o, (uint64_t)days);
		f_money(o, earnings);
	}
	row_end(o, "sgk");
	truth(O_SGK, id, p->no);
}

/*
 * A spell row, then for work the monthly premium records of its last four
 * months: the four months before the as-of month while it lasts, the
 * four months up to its end when it ended in the last half year.  On the
 * next day a spell may end (a job, or all at a death, the rows showing it
 * as they are), the last month's earnings be corrected, a job start.
 */
static void
write_sgk(const struct hh *h, struct person *p, struct rng *r)
{
	int k;

	if (!p->nid[0])
		return;
	for (k = 0; k < p->nsp; k++) {
		const struct spell *s = &p->sp[k];
		struct spell shown = *s;
		int32_t last, m;

		if (p->chg == CH_JOB_END && k == p->chg_sp) {
			shown.end = p->chg_date;
			shown.reason = p->chg_arg;
		} else if (p->chg == CH_DEATH && s->end == NODATE) {
			shown.end = p->chg_date;
			shown.reason = ER_DEATH;
		}
		sgk_row(p, &shown, NODATE, 0, 0);
		if (s->status == S_PENSION)
			continue;
		if (s->end == NODATE) {
			last = C.asof_month - 1;
		} else {
			last = month_of_day(s->end);
			if (last < C.asof_month - 6)
				continue;
		}
		m = last - 3;
		if (m < month_of_day(s->start))
			m = month_of_day(s->start);
		for (; m <= last; m++) {
			int32_t a = month_first_day(m);
			int32_t b = month_first_day(m + 1) - 1;
			int days;
			int64_t cap = C.minwage * 15 / 2, earn;

			if (s->start > a)
				a = s->start;
			if (s->end != NODATE && s->end < b)
				b = s->end;
			if (b >= C.asof)
				b = C.asof - 1;
			if (b < a)
				continue;
			days = a == month_first_day(m) &&
			    b == month_first_day(m + 1) - 1 ? 30 :
			    (int)(b - a + 1);
			if (days > 30)
				days = 30;
			if (p->parttime && days == 30)
				days = rng_range(r, 12, 29);
			earn = (s->wage < cap ? s->wage : cap) * days / 30;
			if (p->chg == CH_EARN && k == p->chg_sp && m == last) {
				earn = roundi(earn * p->chg_arg / 10000.0) *
				    100;
				p->chg_done = 1;
			}
			sgk_row(p, &shown, m, days, earn);
		}
	}
	if (p->chg == CH_JOB_START) {
		struct spell sp;
		struct rng vr;

		chg_rng(&vr, p->no);
		memset(&sp, 0, sizeof sp);
		sp.status = S_EMPLOYED;
		sp.employer = employer_of(&vr, h->moved ? h->na.plate :
					  h->a.plate);
		sp.start = p->chg_date;
		sp.end = NODATE;
		C.row_mode = ROW_ADD;
		sgk_row(p, &sp, NODATE, 0, 0);
		C.row_mode = ROW_KEEP;
	}
}

/* A declaration; on the next day the first of p's may be amended. */
static void
tax_row(struct person *p, int year, const char *type, int64_t amount)
{
	struct out *o = &C.out[O_TAX];
	uint32_t id = rec_begin(O_TAX);

	if (p->chg == CH_TAX && !p->chg_done && C.row_mode == ROW_KEEP) {
		amount = roundi(amount * p->chg_arg / 10000.0) * 100;
		p->chg_done = 1;
	}
	f_text(o, p->nid);
	f_uint(o, (uint64_t)year);
	f_text(o, type);
	f_money(o, amount);
	row_end(o, "tax");
	truth(O_TAX, id, p->no);
}

/*
 * An asset.  On the next day p may sell the first one still owned: a
 * vehicle gets its disposed date, anything else leaves the extract.
 */
static void
asset_row(struct person *p, const char *type,
	  int64_t value, int share, int32_t acquired, int32_t disposed,
	  int64_t rent, int model_year, int plate, int dist)
{
	struct out *o = &C.out[O_ASSETS];
	int mode = C.row_mode;
	uint32_t id;

	if (p->chg == CH_ASSET && !p->chg_arg && !p->chg_done &&
	    disposed == NODATE && mode == ROW_KEEP) {
		p->chg_done = 1;
		if (strcmp(type, "vehicle") == 0)
			disposed = p->chg_date;
		else
			C.row_mode = ROW_DROP;
	}
	id = rec_begin(O_ASSETS);
	f_text(o, p->nid);
	f_text(o, type);
	f_money(o, value);
	if (share)
		f_uint(o, (uint64_t)share);
	else
		f_null(o);
	f_date(o, acquired);
	f_date(o, disposed);
	if (rent)
		f_money(o, rent);
	else
		f_null(o);
	if (model_year)
		f_uint(o, (uint64_t)model_year);
	else
		f_null(o);
	f_uint(o, (uint64_t)plate);
	f_text(o, synth_district[dist]);
	row_end(o, "assets");
	truth(O_ASSETS, id, p->no);
	C.row_mode = mode;
}

/* Rounds kurus to whole thousands of lira. */
static int64_t
round_k(double kurus)
{
	return roundi(kurus / 100000.0) * 100000;
}

/* The first living member with a number, the head when possible. */
static struct person *
owner_of(struct hh *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		if (h->p[i].death == NODATE && h->p[i].nid[0] &&
		    h->p[i].age >= 18)
			return &h->p[i];
	return NULL;
}

static void
write_assets_tax(struct hh *h, struct rng *r)
{
	struct person *o = owner_of(h), *sp = NULL;
	double w = h->w, pf = 1.0 + synth_province_welfare[h->a.plate] / 100.0;
	int year = C.asof_y - 1, i;
	int32_t adult;

	for (i = 0; i < h->n; i++) {
		struct person *p = &h->p[i];
		int k;

		if (p->death != NODATE || !p->nid[0])
			continue;
		for (k = 0; k < p->nsp; k++) {
			const struct spell *s = &p->sp[k];

			if (s->end != NODATE)
				continue;
			if (s->status == S_SELF)
				tax_row(p, year, "business",
					roundi(12.0 * s->wage *
					       (1.0 + 2.0 * rng_unit(r))));
			else if (s->status == S_EMPLOYED && w > 0.3 &&
			    rng_chance(r, 0.4))
				tax_row(p, year, "wage", 12 * s->wage);
		}
	}
	h->owns_home = 0;
	if (!o)
		return;
	if (o->rel == R_HEAD && h->n > 1 && h->p[1].rel == R_SPOUSE &&
	    h->p[1].death == NODATE && h->p[1].nid[0])
		sp = &h->p[1];
	if (h->a.plate == 34)
		pf = 1.6;
	adult = years(o->birth, 20);
	if (rng_chance(r, h->foreign ? 0.05 : logistic(0.1 + 1.1 * w))) {
		int64_t v = round_k(250000000.0 * pf *
				    dexp(0.35 * w + 0.3 * rng_normal(r)));
		int32_t acq = rng_date(r, max32(adult, years(C.asof, -30)),
				       C.asof - 30);

		h->owns_home = 1;
		if (sp && rng_chance(r, 0.25)) {
			asset_row(o, "dwelling", v, 50, acq, NODATE, 0, 0,
				  h->a.plate, h->a.dist);
			asset_row(sp, "dwelling", v, 50, acq, NODATE, 0, 0,
				  h->a.plate, h->a.dist);
		} else {
			asset_row(o, "dwelling", v, rng_chance(r, 0.5) ?
				  100 : 0, acq, NODATE, 0, 0, h->a.plate,
				  h->a.dist);
		}
		if (w > 0.6 && rng_chance(r, 0.3)) {
			int plate = rng_chance(r, 0.8) ? h->a.plate :
			    (int)wtab_pick(&C.wprov, r) + 1;
			int dist = plate == h->a.plate ? h->a.dist :
			    synth_district_first[plate];
			int64_t rent;

			v = round_k(220000000.0 * pf *
				    dexp(0.3 * w + 0.3 * rng_normal(r)));
			rent = roundi(v * 0.0035 / 10000.0) * 10000;
			asset_row(o, "dwelling", v, 0,
				  rng_date(r, max32(adult, years(C.asof, -20)),
					   C.asof - 30), NODATE, rent, 0, plate,
				  dist);
			tax_row(o, year, "rent", rent * 12);
		}
	}
	if (rng_chance(r, h->foreign ? 0.01 : 0.12 +
	    (synth_province_welfare[h->a.plate] < -20 ? 0.06 : 0))) {
		int64_t v = round_k(35000000.0 * dexp(0.6 * rng_normal(r)));

		asset_row(o, "land", v, rng_chance(r, 0.3) ?
			  rng_range(r, 1, 9) * 10 : 0,
			  rng_date(r, max32(adult, years(C.asof, -40)),
				   C.asof - 30), NODATE, 0, 0, h->a.plate,
			  h->a.dist);
		if (rng_chance(r, 0.5))
			tax_row(o, year, "agriculture",
				round_k(v * (0.05 + 0.1 * rng_unit(r))));
	}
	if (rng_chance(r, h->foreign ? 0.1 : logistic(-0.4 + 1.3 * w))) {
		int nveh = w > 1 && rng_chance(r, 0.3) ? 2 : 1, k;

		for (k = 0; k < nveh; k++) {
			int age = clampi((int)(8.5 - 4 * w + 4 * rng_normal(r)),
					 0, 30);
			int64_t v = round_k(90000000.0 *
					    dexp(0.4 * w + 0.3 * rng_normal(r)
						 - 0.07 * age));
			int32_t acq = rng_date(r, max32(adult,
					date_from_ymd(C.asof_y - age, 1, 1)),
					C.asof - 10);

			if (rng_chance(r, 0.2)) {
				/* the car sold when this one was bought */
				int32_t acq0 = rng_date(r, max32(adult,
					acq - 3650), acq - 1);

				if (acq0 < acq && acq0 >= adult)
					asset_row(o, "vehicle", round_k(v *
						  0.6), 0, acq0, acq, 0,
						  C.asof_y - age -
						  rng_range(r, 3, 10),
						  h->a.plate, h->a.dist);
			}
			asset_row(o, "vehicle", v, 0, acq, NODATE, 0,
				  C.asof_y - age, h->a.plate, h->a.dist);
		}
	}
	if (w > 0.8 && rng_chance(r, 0.12)) {
		int64_t v = round_k(300000000.0 * pf *
				    dexp(0.4 * rng_normal(r)));
		int64_t rent = rng_chance(r, 0.5) ?
		    roundi(v * 0.004 / 10000.0) * 10000 : 0;

		asset_row(o, "shop", v, 0, rng_date(r, max32(adult,
			  years(C.asof, -25)), C.asof - 30), NODATE, rent, 0,
			  h->a.plate, h->a.dist);
		if (rent)
			tax_row(o, year, "rent", rent * 12);
	}
	if (w > 1.2 && rng_chance(r, 0.3))
		tax_row(o, year, "capital",
			round_k(2000000.0 * dexp(1.0 * rng_normal(r))) + 100);
}

/*
 * The next day's late declarations and bought assets: of those with a
 * change of tax or assets and no row to amend or sell.
 */
static void
chg_assets_tax(struct hh *h)
{
	const struct addr *a = h->moved ? &h->na : &h->a;
	struct rng vr;
	int i, age;

	C.row_mode = ROW_ADD;
	for (i = 0; i < h->n; i++) {
		struct person *p = &h->p[i];

		if (p->chg_done || (p->chg != CH_TAX && p->chg != CH_ASSET))
			continue;
		chg_rng(&vr, p->no);
		if (p->chg == CH_TAX) {
			tax_row(p, C.asof_y - 1, "other",
				(int64_t)rng_range(&vr, 5, 150) * 100000);
		} else if (rng_chance(&vr, 0.8)) {
			age = rng_range(&vr, 0, 12);
			asset_row(p, "vehicle", round_k(90000000.0 *
				  dexp(0.4 * h->w + 0.3 * rng_normal(&vr) -
				       0.07 * age)), 0, p->chg_date, NODATE, 0,
				  C.chg_y - age, a->plate, a->dist);
		} else {
			asset_row(p, "dwelling", round_k(250000000.0 *
				  dexp(0.35 * h->w + 0.3 * rng_normal(&vr))),
				  100, p->chg_date, NODATE, 0, 0, a->plate,
				  a->dist);
		}
		p->chg_done = 1;
	}
	C.row_mode = ROW_KEEP;
}

static void
write_health(const struct hh *h, const struct person *p, struct rng *r)
{
	static const int pct[] = {
		20, 30, 40, 40, 50, 50, 60, 70, 80, 90, 100
	};
	struct out *o = &C.out[O_HEALTH];
	double pd = 0.025 + (p->age >= 65 ? 0.09 : p->age >= 45 ? 0.03 : 0) +
	    (h->w < -1 ? 0.03 : 0);
	int32_t rep;
	uint32_t id;
	int dis = 0;

	if (p->death != NODATE || !p->nid[0])
		return;
	if (rng_chance(r, pd))
		dis = pct[rng_below(r, NELEM(pct))];
	else if (!(p->age >= 40 && rng_chance(r, 0.05)))
		return;
	rep = rng_date(r, max32(p->birth + 30, years(C.asof, -8)), C.asof - 1);
	id = rec_begin(O_HEALTH);
	f_text(o, p->nid);
	if (dis)
		f_uint(o, (uint64_t)dis);
	else
		f_null(o);
	f_text(o, dis ? (rng_chance(r, 0.4) ? "1" : "0") : "1");
	f_date(o, rep);
	f_date(o, dis && rng_chance(r, 0.5) ? NODATE :
	       years(rep, rng_range(r, 1, 5)));
	row_end(o, "health");
	truth(O_HEALTH, id, p->no);
}

/* A medical board report of the next day. */
static void
chg_health(const struct person *p)
{
	static const int pct[] = { 20, 40, 40, 50, 60, 70, 90 };
	struct out *o = &C.out[O_HEALTH];
	struct rng vr;
	uint32_t id;

	if (p->chg != CH_HEALTH)
		return;
	chg_rng(&vr, p->no);
	C.row_mode = ROW_ADD;
	id = rec_begin(O_HEALTH);
	f_text(o, p->nid);
	f_uint(o, (uint64_t)pct[rng_below(&vr, NELEM(pct))]);
	f_text(o, rng_chance(&vr, 0.4) ? "1" : "0");
	f_date(o, p->chg_date);
	f_date(o, rng_chance(&vr, 0.5) ? NODATE :
	       years(p->chg_date, rng_range(&vr, 1, 5)));
	row_end(o, "health");
	truth(O_HEALTH, id, p->no);
	C.row_mode = ROW_KEEP;
}

static uint64_t
school_of(const struct hh *h, const struct person *p, struct rng *r)
{
	return (uint64_t)h->a.plate * 10000 + (uint64_t)((h->a.dist * 37 +
	    p->school * 11 + (int)rng_below(r, 6)) % 10000);
}

/*
 * This school year's row of a child.  On the next day the attendance may
 * be corrected, or a child not enrolled be enrolled late.
 */
static void
write_education(const struct hh *h, const struct person *p, struct rng *r)
{
	struct out *o = &C.out[O_EDUCATION];
	uint64_t school = 0;
	uint32_t id;
	int att = 0, enrolled = p->enrolled;

	if (!p->school || !p->nid[0])
		return;
	if (enrolled) {
		school = school_of(h, p, r);
		att = rng_chance(r, 0.08) ? rng_range(r, 45, 79) :
		    clampi((int)(94 + 2 * h->w + 3 * rng_normal(r)), 80, 100);
	}
	if (p->chg == CH_SCHOOL) {
		struct rng vr;

		chg_rng(&vr, p->no);
		if (enrolled) {
			int d = rng_range(&vr, 3, 25);

			att = att > 60 ? att - d : att + d;
		} else {
			enrolled = 1;
			school = school_of(h, p, &vr);
			att = rng_range(&vr, 40, 95);
		}
	}
	id = rec_begin(O_EDUCATION);
	f_text(o, p->nid);
	if (enrolled)
		f_id(o, "", school, 6);
	else
		f_null(o);
	f_text(o, level_word[p->school - 1]);
	f_uint(o, (uint64_t)C.school_year);
	f_text(o, enrolled ? "1" : "0");
	if (enrolled) {
		f_uint(o, (uint64_t)att);
		f_month(o, C.school_period);
	} else {
		f_null(o);
		f_null(o);
	}
	row_end(o, "education");
	truth(O_EDUCATION, id, p->no);
}

static void
bank_row(const struct person *p, const char *iban, int bank,
	 const char *holder, int64_t bal, int32_t opened)
{
	struct out *o = &C.out[O_BANK];
	uint32_t id = rec_begin(O_BANK);

	f_text(o, p->nid);
	f_text(o, iban);
	f_text(o, banks[bank].code);
	f_text(o, holder);
	f_money(o, bal);
	f_date(o, opened);
	f_null(o);
	row_end(o, "bank");
	truth(O_BANK, id, p->no);
}

/*
 * The representative's account that the next day brings: one opened at
 * another bank, or at the same, with a new IBAN, the first when there was
 * none.  Returns the bank (an index in banks[]) and the IBAN in iban.
 */
static int
chg_account(const struct person *p, char iban[27])
{
	struct rng vr;
	int bank;

	chg_rng(&vr, p->no);
	bank = (int)wtab_pick(&C.wbank, &vr);
	iban_new(&vr, bank, iban);
	return bank;
}

static void
write_bank(struct hh *h, struct rng *r)
{
	struct person *p = &h->p[h->rep];
	char name[160], up[200], iban[27];
	int32_t opened;
	int64_t bal;
	int bank;

	h->bank = -1;
	h->iban[0] = '\0';
	if (!p->nid[0] || p->death != NODATE || !rng_chance(r, 0.97)) {
		if (p->chg == CH_BANK) {
			str_join(name, sizeof name, p->first, p->last);
			name_upper(name, up, sizeof up, 0);
			bank = chg_account(p, iban);
			C.row_mode = ROW_ADD;
			bank_row(p, iban, bank, up, 0, p->chg_date);
			C.row_mode = ROW_KEEP;
		}
		return;
	}
	if (C.last_iban[0] && rng_chance(r, 0.003)) {
		/* an account that another household uses too */
		h->bank = C.last_bank;
		memcpy(h->iban, C.last_iban, 27);
	} else {
		h->bank = (int)wtab_pick(&C.wbank, r);
		iban_new(r, h->bank, h->iban);
		C.last_bank = h->bank;
		memcpy(C.last_iban, h->iban, 27);
	}
	if (rng_chance(r, 0.01))
		iban_typo(h->iban, iban, r);
	else
		memcpy(iban, h->iban, 27);
	str_join(name, sizeof name, p->first, p->last);
	{
		double u = rng_unit(r);

		if (u < 0.7)
			name_upper(name, up, sizeof up, 0);
		else if (u < 0.9)
			name_upper(name, up, sizeof up, 1);
		else
			str_join(up, sizeof up, name, NULL);
	}
	opened = rng_date(r, max32(years(p->birth, 18), years(C.asof, -20)),
			  C.asof - 1);
	bal = roundi(500000.0 * dexp(1.1 * h->w + 0.8 * rng_normal(r)));
	if (rng_chance(r, 0.01))
		bal = -bal / 10;
	bank = h->bank;
	if (p->chg == CH_BANK) {
		bank = chg_account(p, iban);
		opened = p->chg_date;
	}
	bank_row(p, iban, bank, up, bal, opened);
}

static void
phone(struct rng *r, char *out, size_t sz)
{
	int op = rng_chance(r, 0.5) ? rng_range(r, 530, 539) :
	    rng_chance(r, 0.6) ? rng_range(r, 541, 549) :
	    rng_range(r, 551, 555);
	int a = rng_range(r, 100, 999), b = rng_range(r, 0, 99),
	    c = rng_range(r, 0, 99);
	double u = rng_unit(r);

	if (u < 0.6)
		snprintf(out, sz, "0%d %03d %02d %02d", op, a, b, c);
	else if (u < 0.85)
		snprintf(out, sz, "0%d%03d%02d%02d", op, a, b, c);
	else
		snprintf(out, sz, "+90 %d %03d %02d %02d", op, a, b, c);
}

/*
 * An application, with the faults of one typed at a counter unless clean
 * (a row the next day adds: it changes the number of refused rows of no
 * file).
 */
static void
app_row(struct hh *h, const struct person *p, int prog, int32_t date,
	struct rng *r, int clean)
{
	struct out *o = &C.out[O_APPLICATION];
	const struct addr *a = clean && h->moved ? &h->na : &h->a;
	char buf[256], nid[12];
	uint32_t id = rec_begin(O_APPLICATION);
	double u = clean ? 1 : rng_unit(r);
	int size = h->living + (clean ? h->born - h->died : 0), y, m, d;
	int64_t inc;

	if (!p->nid[0] || u < 0.03) {
		f_null(o);
	} else if (u < 0.05) {
		nid_typo(p->nid, nid, r);
		f_text(o, nid);
	} else {
		f_text(o, p->nid);
	}
	f_text(o, p->first);
	f_text(o, p->last);
	f_sex(o, p->sex);
	if (rng_chance(r, 0.2)) {
		date_to_ymd(p->birth, &y, &m, &d);
		f_date_tr(o, y, m, d);
	} else {
		f_date(o, p->birth);
	}
	f_text(o, prog_word[prog]);
	f_date(o, date);
	if (!clean && rng_chance(r, 0.05))
		size += size > 1 && rng_chance(r, 0.5) ? -1 : 1;
	f_uint(o, (uint64_t)size);
	inc = household_income(h);
	inc = roundi(inc * (0.3 + 0.7 * rng_unit(r)) / 100.0) * 100;
	if (rng_chance(r, 0.5))
		f_money_tr(o, inc);
	else
		f_money(o, inc);
	phone(r, buf, sizeof buf);
	f_text(o, buf);
	if (h->bank < 0 || rng_chance(r, 0.08)) {
		f_null(o);
	} else if (!clean && rng_chance(r, 0.01)) {
		char bad[27];

		iban_typo(h->iban, bad, r);
		f_text(o, bad);
	} else {
		f_text(o, h->iban);
	}
	f_uint(o, (uint64_t)a->plate);
	f_text(o, synth_district[a->dist]);
	render_address(a, rng_chance(r, 0.6) ? 0 : 1, buf, sizeof buf);
	f_text(o, buf);
	f_text(o, a->postcode);
	row_end(o, "application");
	truth(O_APPLICATION, id, p->no);
}

static void
write_applications(struct hh *h, struct rng *r)
{
	int i, k;

	for (k = 0; k < NPROG; k++)
		if (h->prog[k])
			app_row(h, &h->p[h->rep], k, min32(C.asof,
				h->app_date + (k ? rng_range(r, 0, 3) : 0)), r,
				0);
	for (i = 0; i < h->n; i++) {
		struct person *p = &h->p[i];
		int32_t d;

		if (!p->lost_job || !rng_chance(r, 0.7))
			continue;
		d = p->sp[0].end + (rng_chance(r, 0.85) ? rng_range(r, 1, 30) :
				    rng_range(r, 31, 60));
		if (d <= C.asof)
			app_row(h, p, P_UNEMPLOYMENT, d, r, 0);
	}
}

/*
 * The applications of the next day: for the programme a household with
 * children of school age or small ones, or a person out of work, would
 * ask for, else regular assistance or the health insurance.
 */
static void
chg_applications(struct hh *h)
{
	struct rng vr;
	int i, j, prog, school = 0, small = 0;
	double u;

	for (j = 0; j < h->n; j++)
		if (h->p[j].death == NODATE) {
			school |= h->p[j].age >= 6 && h->p[j].age <= 17;
			small |= h->p[j].age < 6;
		}
	small |= h->born;
	for (i = 0; i < h->n; i++) {
		struct person *p = &h->p[i];

		if (p->chg != CH_APPLY)
			continue;
		chg_rng(&vr, p->no);
		u = rng_unit(&vr);
		prog = u < 0.2 && school ? P_CCT_EDU : u < 0.35 && small ?
		    P_CCT_HEALTH : u < 0.5 && !working(p) && p->age <= 60 ?
		    P_UNEMPLOYMENT : u < 0.6 ? P_GSS : P_REGULAR;
		C.row_mode = ROW_ADD;
		app_row(h, p, prog, p->chg_date, &vr, 1);
		C.row_mode = ROW_KEEP;
	}
}

static void
write_visit(struct hh *h, struct rng *r)
{
	static const char *const notes[] = {
		"", "", "", "",
		"Ev bakımsız, çatı akıyor",
		"Kirada oturuyor; kira üç aydır ödenmemiş",
		"Hane reisi engelli, bakıma muhtaç",
		"Evde soba ile ısınılıyor",
		"Çocuklar okula düzenli gidiyor",
		"Komşu beyanı: \"eşi yurt dışında çalışıyor\"",
		"Ev sahibi akrabası, kira ödemiyor",
		"Hane halkı gelirinin yetersiz olduğunu beyan etti",
		"Evde beyaz eşya eksik, buzdolabı yok",
		"Yaşlı ve yalnız yaşıyor",
		"Mevsimlik tarım işçisi, kışın işsiz",
		"Ev iyi durumda, araç mevcut",
	};
	struct out *o = &C.out[O_VISIT];
	struct person *p = &h->p[h->rep];
	int32_t d;
	uint32_t id;
	int wall, water, rooms, size = h->living;
	double u;

	if (h->app_date == NODATE || !rng_chance(r, 0.85))
		return;
	d = h->app_date + rng_range(r, 3, 30);
	if (d > C.asof)
		return;
	wall = clampi((int)(3.5 + 0.9 * h->w + 0.7 * rng_normal(r)), 1, 5);
	water = clampi((int)(3.8 + 0.8 * h->w + 0.7 * rng_normal(r)), 1, 5);
	rooms = clampi((int)(1.5 + 0.35 * h->living + 0.6 * h->w +
			     0.7 * rng_normal(r)), 1, 8);
	id = rec_begin(O_VISIT);
	if (p->nid[0] && rng_chance(r, 0.95))
		f_text(o, p->nid);
	else
		f_null(o);
	f_hhid(o, h->no);
	f_date(o, d);
	f_id(o, "SW", (uint64_t)h->a.plate * 1000 + rng_below(r, 60), 5);
	u = rng_unit(r);
	f_text(o, h->owns_home ? "owned" : u < 0.7 ? "rented" : u < 0.93 ?
	       "free" : u < 0.97 ? "shelter" : "other");
	f_uint(o, (uint64_t)wall);
	f_uint(o, (uint64_t)water);
	f_uint(o, (uint64_t)rooms);
	if (rng_chance(r, 0.05))
		size += size > 1 && rng_chance(r, 0.5) ? -1 : 1;
	f_uint(o, (uint64_t)size);
	u = h->w + 0.4 * rng_normal(r);
	f_text(o, u < -0.6 ? "eligible" : u < 0 ? "review" : "not_eligible");
	f_text(o, PICK(r, notes));
	row_end(o, "visit");
	truth(O_VISIT, id, p->no);
}

static void
write_board(struct hh *h, struct rng *r)
{
	static const char *const notes[] = {
		"", "Sosyal inceleme raporu esas alındı",
		"Hanede düzenli gelir tespit edildi",
		"Engelli birey bakımı, öncelikli",
		"Muhtaçlık ölçütlerini karşılamıyor",
		"Oy birliği ile karar verildi",
	};
	struct out *o = &C.out[O_BOARD];
	char ref[48];
	int32_t d;
	int y, m, dd, elig;

	if (!h->prog[P_REGULAR] || !rng_chance(r, 0.12))
		return;
	d = h->app_date + rng_range(r, 10, 60);
	if (d > C.asof)
		return;
	date_to_ymd(d, &y, &m, &dd);
	snprintf(ref, sizeof ref, "BOARD-%04d-%02d-%02d/%d", y, m, dd,
		 rng_range(r, 1, 40));
	elig = h->w + 0.5 * rng_normal(r) < -0.4;
	rec_begin(O_BOARD);
	f_hhid(o, h->no);
	f_text(o, "regular");
	f_text(o, elig ? "eligible" : "not_eligible");
	f_text(o, ref);
	f_date(o, d);
	if (elig && rng_chance(r, 0.6))
		f_money(o, (int64_t)rng_range(r, 6, 16) * 25000);
	else
		f_null(o);
	f_date(o, elig && rng_chance(r, 0.5) ? years(d, 1) - 1 : NODATE);
	f_text(o, PICK(r, notes));
	row_end(o, "board");
}

static void
iskur_row(const struct person *p, const struct event *e, int32_t reported)
{
	struct out *o = &C.out[O_ISKUR];
	uint32_t id = rec_begin(O_ISKUR);

	f_text(o, p->nid);
	f_text(o, event_word[e->type]);
	f_date(o, e->date);
	f_date(o, reported);
	if (e->offer >= 0)
		f_text(o, offer_word[e->offer]);
	else
		f_null(o);
	if (e->justified >= 0)
		f_text(o, e->justified ? "1" : "0");
	else
		f_null(o);
	if (e->reason)
		f_text(o, e->reason);
	else
		f_null(o);
	if (e->referral)
		f_id(o, "REF", e->referral, 8);
	else
		f_null(o);
	f_employer(o, e->employer);
	row_end(o, "iskur");
	truth(O_ISKUR, id, p->no);
}

/*
 * The household's events.  On the next day someone out of work registers,
 * or, registered already, is referred to a job or a course; the new
 * referrals are numbered from four times the persons up, above any that
 * a country of that size can have (four a person at most).
 */
static void
write_iskur(const struct hh *h, struct rng *r)
{
	struct event ne;
	struct rng vr;
	int i;

	for (i = 0; i < h->nev; i++) {
		const struct event *e = &h->ev[i];
		int32_t rep;

		if (!h->p[e->who].nid[0])
			continue;
		rep = rng_chance(r, 0.2) ? NODATE :
		    min32(C.asof, e->date + rng_range(r, 0, 7));
		iskur_row(&h->p[e->who], e, rep);
	}
	for (i = 0; i < h->n; i++) {
		const struct person *p = &h->p[i];

		if (p->chg != CH_ISKUR)
			continue;
		chg_rng(&vr, p->no);
		memset(&ne, 0, sizeof ne);
		ne.who = i;
		ne.type = p->chg_arg ? V_REFERRAL : V_REGISTRATION;
		ne.date = p->chg_date;
		ne.offer = -1;
		ne.justified = -1;
		if (p->chg_arg) {
			ne.offer = rng_chance(&vr, 0.7) ? 0 : 1;
			ne.referral = 4 * C.npersons + ++C.nnewref;
			if (ne.offer == 0)
				ne.employer = employer_of(&vr, h->moved ?
				    h->na.plate : h->a.plate);
		}
		C.row_mode = ROW_ADD;
		iskur_row(p, &ne, rng_chance(&vr, 0.2) ? NODATE : ne.date);
		C.row_mode = ROW_KEEP;
	}
}

/*
 * One row of the municipality's aid list: its own record ids, Turkish
 * dates, E/K for the sex, and the faults of a list typed by hand.
 */
static void
list_row(const struct person *p, const struct addr *a, struct rng *r)
{
	struct out *o = &C.out[O_PERSON];
	char first[96], last[96], up[96], buf[256], tmp[12];
	uint32_t id = rec_begin(O_PERSON);
	double u = rng_unit(r);
	int y, m, d, k;

	if (!p->nid[0] || u < 0.30) {
		f_null(o);
	} else if (u < 0.33) {
		nid_typo(p->nid, tmp, r);
		f_text(o, tmp);
	} else {
		f_text(o, p->nid);
	}
	str_join(first, sizeof first, p->first, NULL);
	str_join(last, sizeof last, p->last, NULL);
	if (rng_chance(r, 0.12)) {
		int kind = (int)rng_below(r, 5);

		if (kind == 4) {
			str_join(first, sizeof first, p->last, NULL);
			str_join(last, sizeof last, p->first, NULL);
		} else if (!name_typo(rng_chance(r, 0.5) ? first : last,
			   sizeof first, kind, r)) {
			if (!name_typo(last, sizeof last, 2, r) &&
			    !name_typo(first, sizeof first, 3, r))
				name_typo(last, sizeof last, 1, r);
		}
	}
	if (rng_chance(r, 0.25)) {
		name_upper(first, up, sizeof up, 0);
		memcpy(first, up, sizeof first);
		name_upper(last, up, sizeof up, 0);
		memcpy(last, up, sizeof last);
	}
	f_text(o, first);
	f_text(o, last);
	f_text(o, p->sex == 'M' ? "E" : "K");
	date_to_ymd(p->birth, &y, &m, &d);
	u = rng_unit(r);
	if (u < 0.02 && d <= 12 && d != m) {
		k = d;
		d = m;
		m = k;
	} else if (u < 0.05) {
		for (k = 0; k < 10; k++) {
			int dd = d, mm = m, yy = y, step = rng_chance(r, 0.5) ?
			    1 : -1;

			switch (rng_below(r, 3)) {
			case 0: dd = d % 10 + step >= 0 && d % 10 + step <= 9 ?
				    d + step : d; break;
			case 1: mm = m % 10 + step >= 0 && m % 10 + step <= 9 ?
				    m + step : m; break;
			default: yy = y % 10 + step >= 0 && y % 10 + step <= 9 ?
				    y + step : y; break;
			}
			if ((dd != d || mm != m || yy != y) &&
			    date_valid_ymd(yy, mm, dd) &&
			    date_from_ymd(yy, mm, dd) <= C.asof) {
				d = dd;
				m = mm;
				y = yy;
				break;
			}
		}
	}
	f_date_tr(o, y, m, d);
	u = rng_unit(r);
	render_address(a, u < 0.2 ? 0 : u < 0.5 ? 1 : u < 0.8 ? 2 : 3, buf,
		       sizeof buf);
	f_text(o, buf);
	if (rng_chance(r, 0.9))
		f_text(o, a->postcode);
	else
		f_null(o);
	u = rng_unit(r);
	if (u < 0.6) {
		f_text(o, synth_district[a->dist]);
	} else if (u < 0.85) {
		snprintf(buf, sizeof buf, "%s/%s", synth_district[a->dist],
			 synth_province[a->plate]);
		f_text(o, buf);
	} else {
		f_text(o, synth_province[a->plate]);
	}
	row_end(o, "person");
	truth(O_PERSON, id, p->no);
}

static void
pending_emit(int i, struct rng *r)
{
	list_row(&C.pend[i].p, &C.pend[i].a, r);
	memmove(C.pend + i, C.pend + i + 1,
		(size_t)(C.npend - i - 1) * sizeof C.pend[0]);
	C.npend--;
}

/* Emits the duplicates that are due (all of them when due is 0). */
static void
pending_flush(uint32_t due, struct rng *r)
{
	int i = 0;

	while (i < C.npend)
		if (!due || C.pend[i].due <= due)
			pending_emit(i, r);
		else
			i++;
}

/*
 * The chance of a person to be on the aid list when the list holds
 * C.list_share percent of the persons, given base, the chance at the
 * default share (which averages a tenth, more for poorer households).
 * Below the default base is scaled down, above it moved towards 1 by the
 * same fraction for everyone, so that poorer persons stay more likely and
 * the mean is the share: 0 lists no one, 100 everyone.  At the default
 * base is returned as it is, so the random numbers do not change.
 */
static double
list_chance(double base)
{
	int s = C.list_share;

	if (s == LIST_SHARE)
		return base;
	if (s >= 100)
		return 1.0;
	if (s < LIST_SHARE)
		return base * s / LIST_SHARE;
	return base + (1.0 - base) * (s - LIST_SHARE) / (100 - LIST_SHARE);
}

static void
write_person_list(struct hh *h, struct rng *r)
{
	double base = 0.1 * dexp(-0.8 * h->w) / 1.38;
	int i;

	if (base > 0.6)
		base = 0.6;
	base = list_chance(base);
	for (i = 0; i < h->n; i++) {
		if (!rng_chance(r, base))
			continue;
		list_row(&h->p[i], &h->a, r);
		if (rng_chance(r, 0.03)) {
			if (C.npend == MAXPEND)
				pending_emit(0, r);
			C.pend[C.npend].due = h->no +
			    (uint32_t)rng_range(r, 1, 40);
			C.pend[C.npend].p = h->p[i];
			C.pend[C.npend].a = h->a;
			C.npend++;
		}
	}
}

static void
household_done(struct hh *h, struct rng *r)
{
	if (C.nhh == C.caphh)
		xgrow((void **)&C.cons, &C.caphh, C.nhh + 1, sizeof *C.cons),
		C.size = xrealloc(C.size, C.caphh);
	C.cons[C.nhh] = roundi(900000.0 * dexp(0.55 * h->w +
					      0.28 * rng_normal(r)));
	C.size[C.nhh] = (unsigned char)(h->living + h->born - h->died);
	C.nhh++;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The poverty line is the consumption below which 20 % of households are. */
static void
write_households(void)
{
	struct out *o = &C.out[O_TRUTH_H];
	int64_t *s, line = 0;
	size_t i;

	if (C.nhh) {
		s = xmalloc(C.nhh * sizeof *s);
		memcpy(s, C.cons, C.nhh * sizeof *s);
		qsort(s, C.nhh, sizeof *s, cmp_i64);
		line = s[C.nhh / 5];
		free(s);
	}
	for (i = 0; i < C.nhh; i++) {
		f_hhid(o, (uint32_t)i + 1);
		f_uint(o, C.size[i]);
		f_text(o, C.cons[i] < line ? "1" : "0");
		f_uint(o, (uint64_t)C.cons[i]);
		row_end(o, "households");
	}
}

/*
 * Appends the rows that the next day added, in the order they were made,
 * each to its file with the file's next record id, and their truth.
 */
static void
spill_drain(void)
{
	struct spilled sp;
	char row[ROWMAX];
	struct out *o;
	uint32_t id;

	if (!C.spill)
		return;
	if (fflush(C.spill) != 0 || fseek(C.spill, 0, SEEK_SET) != 0)
		die("cannot read a temporary file: %s", strerror(errno));
	while (fread(&sp, sizeof sp, 1, C.spill) == 1) {
		if (sp.f >= O_TRUTH_P || sp.len > ROWMAX ||
		    fread(row, 1, sp.len, C.spill) != sp.len)
			die("cannot read a temporary file");
		o = &C.out[sp.f];
		id = o->next_id++;
		o->nf = 0;
		f_id(o, outdef[sp.f].prefix, id, 8);
		put(o, row, sp.len);
		o->nf = 0;
		o->rows++;
		truth((int)sp.f, id, sp.person);
	}
	if (ferror(C.spill))
		die("cannot read a temporary file: %s", strerror(errno));
	fclose(C.spill);
	C.spill = NULL;
}

/* ----------------------------------------------------------------- main */

static const char usage_line[] =
	"usage: isas-synth [-n PERSONS] [-s SEED] [-o DIR] [-z] [--as-of DATE]\n"
	"                  [--list-share PCT] [--change PCT]";

static void
usage_error(void)
{
	fprintf(stderr, "%s\nTry 'isas-synth --help' for more information.\n",
		usage_line);
	exit(2);
}

static void
help(void)
{
	printf("%s\n\n", usage_line);
	fputs(
"Generate a synthetic country: one extract of every registry kind, with\n"
"the faults of real extracts, and the ground truth in DIR/truth/.\n"
"The output depends only on the arguments.\n"
"\n"
"  -n, --persons=PERSONS  persons in the civil registry, the dead included\n"
"                         (1 to 100000000; default 3000)\n"
"  -s, --seed=SEED        seed of the random numbers (default 1)\n"
"  -o, --output=DIR       write the files into DIR, creating it (default .)\n"
"  -z, --gzip             compress every file with gzip (name ends in .gz)\n"
"      --as-of=DATE       the day of the extracts (default 2026-11-23)\n"
"      --list-share=PCT   percent of the persons on the municipality's aid\n"
"                         list person.csv (0 to 100; default 10)\n"
"      --change=PCT       the next day: the country of the day before DATE\n"
"                         (then 2026-11-24 by default) with about PCT\n"
"                         percent of its persons changed on DATE (0 to\n"
"                         100, decimals allowed; 0 changes nothing)\n"
"  -h, --help             show this help and exit\n"
"      --version          show the version and exit\n"
"\n"
"Files: civil.csv sgk.csv tax.csv assets.csv bank.csv health.csv\n"
"education.csv application.csv visit.csv iskur.csv board.csv person.csv\n"
"truth/persons.tsv truth/households.tsv.  See isas-synth(1).\n", stdout);
}

static int
parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (x > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

/*
 * A percentage from 0 to 100 with at most four decimals ("1", "0.5"),
 * in parts per million.
 */
static int
parse_ppm(const char *s, uint32_t *ppm)
{
	uint64_t v;
	uint32_t x;
	const char *dot = strchr(s, '.');
	char whole[8], frac[5] = "0000";
	size_t n = dot ? (size_t)(dot - s) : strlen(s), k;

	if (n == 0 || n >= sizeof whole)
		return -1;
	memcpy(whole, s, n);
	whole[n] = '\0';
	if (parse_u64(whole, 100, &v) < 0)
		return -1;
	x = (uint32_t)v * 10000;
	if (dot) {
		if (!dot[1] || strlen(dot + 1) > 4)
			return -1;
		for (k = 0; dot[1 + k]; k++) {
			if (dot[1 + k] < '0' || dot[1 + k] > '9')
				return -1;
			frac[k] = dot[1 + k];
		}
		x += (uint32_t)strtoul(frac, NULL, 10);
	}
	if (x > 1000000)
		return -1;
	*ppm = x;
	return 0;
}

static void
make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0777) == 0)
		return;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return;
	die("cannot create directory '%s': %s", path,
	    errno == EEXIST ? "not a directory" : strerror(errno));
}

static void
setup_tables(void)
{
	uint32_t w[82];
	size_t i;
	static const uint32_t wsize[9] = {
		160, 230, 190, 200, 110, 55, 30, 15, 10
	};

	for (i = 1; i <= 81; i++)
		w[i - 1] = synth_province_pop[i];
	wtab_init(&C.wprov, w, 81);
	wtab_init(&C.wsize, wsize, 9);
	for (i = 0; i < NELEM(banks); i++)
		w[i] = banks[i].weight;
	wtab_init(&C.wbank, w, NELEM(banks));
	wtab_zipf(&C.wsurname, NELEM(synth_surname), 5);
	wtab_zipf(&C.wmale_old, NELEM(synth_male_old), 4);
	wtab_zipf(&C.wmale_young, NELEM(synth_male_young), 4);
	wtab_zipf(&C.wfemale_old, NELEM(synth_female_old), 4);
	wtab_zipf(&C.wfemale_young, NELEM(synth_female_young), 4);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "persons", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "gzip", no_argument, NULL, 'z' },
		{ "as-of", required_argument, NULL, 'A' },
		{ "list-share", required_argument, NULL, 'L' },
		{ "change", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = ".", *asof = NULL;
	uint64_t persons = 3000, seed = 1, share = LIST_SHARE, v;
	uint32_t ppm = 0;
	int c, gz = 0, i, y, m, d, change = 0;
	int32_t day;
	uint32_t hno;
	char *tdir;
	struct rng r;
	struct hh *h;

	err_init("isas-synth");
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hn:o:s:z", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64(optarg, MAX_PERSONS, &v) < 0 || v == 0) {
				error("invalid number of persons '%s' "
				      "(1 to %u)", optarg, MAX_PERSONS);
				usage_error();
			}
			persons = v;
			break;
		case 'o':
			if (!*optarg) {
				error("empty output directory");
				usage_error();
			}
			dir = optarg;
			break;
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &v) < 0) {
				error("invalid seed '%s'", optarg);
				usage_error();
			}
			seed = v;
			break;
		case 'z':
			gz = 1;
			break;
		case 'A':
			asof = optarg;
			break;
		case 'L':
			if (parse_u64(optarg, 100, &v) < 0) {
				error("invalid list share '%s' (0 to 100)",
				      optarg);
				usage_error();
			}
			share = v;
			break;
		case 'C':
			if (parse_ppm(optarg, &ppm) < 0) {
				error("invalid share of changed persons '%s' "
				      "(0 to 100, at most four decimals)",
				      optarg);
				usage_error();
			}
			change = 1;
			break;
		case 'h':
			help();
			if (fflush(stdout) != 0 || ferror(stdout))
				die("cannot write the help: %s",
				    strerror(errno));
			return 0;
		case 'V':
			printf("isas-synth %s\n", ISAS_VERSION);
			if (fflush(stdout) != 0 || ferror(stdout))
				die("cannot write the version: %s",
				    strerror(errno));
			return 0;
		case ':':
			error("option '%s' needs a value", argv[optind - 1]);
			usage_error();
			break;
		default:
			if (optopt)
				error("unknown option '-%c'", optopt);
			else
				error("unknown option '%s'", argv[optind - 1]);
			usage_error();
		}
	}
	if (optind < argc) {
		error("unexpected operand '%s'", argv[optind]);
		usage_error();
	}
	/* under --change DATE is the next day, the country that of the eve */
	if (!asof)
		asof = change ? "2026-11-24" : "2026-11-23";
	if (date_parse(asof, strlen(asof), &day) < 0) {
		error("invalid date '%s' for --as-of", asof);
		usage_error();
	}
	C.asof = change ? day - 1 : day;
	C.chg_day = day;
	date_to_ymd(day, &C.chg_y, &m, &d);
	date_to_ymd(C.asof, &y, &m, &d);
	if (y < 1990 || y > 2100 || C.chg_y > 2100) {
		error("--as-of '%s' is outside 1990 to 2100", asof);
		usage_error();
	}

	C.seed = seed;
	C.list_share = (int)share;
	C.chg_ppm = ppm;
	C.npersons = (uint32_t)persons;
	C.asof_y = y;
	C.asof_month = month_of_day(C.asof);
	C.school_year = y - 1;
	/* the last month of that school year with attendance, before as-of */
	C.school_period = C.asof_month - 1;
	if (C.school_period > C.school_year * 12 + 12 + 5)
		C.school_period = C.school_year * 12 + 12 + 5;
	C.minwage = y >= 2026 ? 3303000 : y == 2025 ? 2600550 : 2000250;
	{
		uint64_t x = seed ^ 0x5eed5eed5eed5eedULL;

		C.nid_b = splitmix64(&x) % 890000000u;
		C.fid_b = splitmix64(&x) % 10000000u;
	}
	setup_tables();

	make_dir(dir);
	tdir = xmalloc(strlen(dir) + 8);
	sprintf(tdir, "%s/truth", dir);
	make_dir(tdir);
	free(tdir);
	for (i = 0; i < NOUT; i++)
		out_open(&C.out[i], dir, i, gz, i == O_TRUTH_P ?
			 "source\trecord_id\tperson" :
			 "household_id\tsize\tpoor\tconsumption_pc");

	h = xmalloc(sizeof *h);
	for (hno = 1; C.nperson < persons; hno++) {
		rng_seed(&r, seed, hno);
		h->no = hno;
		make_household(h, &r, (uint32_t)(persons - C.nperson));
		plan_household(h, &r);
		plan_changes(h);
		write_civil(h);
		for (i = 0; i < h->n; i++)
			write_sgk(h, &h->p[i], &r);
		write_assets_tax(h, &r);
		chg_assets_tax(h);
		write_bank(h, &r);
		for (i = 0; i < h->n; i++) {
			write_health(h, &h->p[i], &r);
			chg_health(&h->p[i]);
			write_education(h, &h->p[i], &r);
		}
		write_applications(h, &r);
		chg_applications(h);
		write_visit(h, &r);
		write_board(h, &r);
		write_iskur(h, &r);
		write_person_list(h, &r);
		household_done(h, &r);
		pending_flush(hno, &r);
	}
	rng_seed(&r, seed, 0);
	pending_flush(0, &r);
	spill_drain();
	write_households();
	for (i = 0; i < NOUT; i++)
		out_close(&C.out[i]);
	free(h);
	free(C.cons);
	free(C.size);
	wtab_free(&C.wprov);
	wtab_free(&C.wsize);
	wtab_free(&C.wbank);
	wtab_free(&C.wsurname);
	wtab_free(&C.wmale_old);
	wtab_free(&C.wmale_young);
	wtab_free(&C.wfemale_old);
	wtab_free(&C.wfemale_young);
	return 0;
}
