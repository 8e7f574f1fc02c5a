/*
 * compare.c - comparators for record linkage: names, birth dates,
 * national ids and addresses.
 *
 * These run on every candidate pair, tens of millions of times a night, so
 * none allocates or keeps state: the work is done in small arrays on the
 * stack.  Jaro-Winkler keeps its "already matched" flags as bits of a
 * uint64_t, which is why strings are compared on their first 64 code
 * points.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "compare.h"
#include "value.h"

/* Names */

#define JW_MAX		64	/* code points compared; the bits of a uint64_t */
#define JW_PREFIX	4	/* the longest prefix Winkler rewards */
#define JW_SCALE	0.1
#define JW_THRESHOLD	0.7

/*
 * A byte that does not begin a well-formed UTF-8 sequence is one code
 * point of its own, taken from the surrogate range, to which no
 * well-formed text decodes: it equals only the same bad byte.
 */
#define BAD_BYTE(c)	(0xDC00u + (uint32_t)(c))

/*
 * Decodes the code point at p (p < end) into *cp and returns the number of
 * bytes it takes: 1 for a byte that starts no well-formed sequence (a
 * stray continuation byte, an overlong form, a surrogate, beyond
 * U+10FFFF, or cut short by end).
 */
static size_t
utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	uint32_t v, min;
	size_t n, i;
	unsigned c;

	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else
		goto bad;
	if ((size_t)(end - p) < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return n;
bad:
	*cp = BAD_BYTE(c);
	return 1;
}

/* Decodes the first JW_MAX code points of s[0..len) into out; returns how many. */
static size_t
decode_prefix(const char *s, size_t len, uint32_t out[JW_MAX])
{
	const unsigned char *p, *end;
	size_t n;

	p = (const unsigned char *)s;
	end = p + len;
	n = 0;
	while (p < end && n < JW_MAX) {
		if (*p < 0x80)
			out[n++] = *p++;
		else
			p += utf8_decode(p, end, &out[n++]);
	}
	return n;
}

/*
 * The Jaro similarity of a[0..an) and b[0..bn), both 1..JW_MAX long.  The
 * transpositions are half the matched characters out of order, rounded
 * down, as in Winkler's strcmp95.
 */
static double
jaro(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	uint64_t amatch, bmatch;
	size_t window, i, j, lo, hi, m, t;

	window = (an > bn ? an : bn) / 2;
	window = window > 0 ? window - 1 : 0;
	amatch = bmatch = 0;
	m = 0;
	for (i = 0; i < an; i++) {
		lo = i > window ? i - window : 0;
		hi = i + window + 1 < bn ? i + window + 1 : bn;
		for (j = lo; j < hi; j++) {
			if ((bmatch >> j & 1) == 0 && a[i] == b[j]) {
				amatch |= UINT64_C(1) << i;
				bmatch |= UINT64_C(1) << j;
				m++;
				break;
			}
		}
	}
	if (m == 0)
		return 0.0;
	t = 0;
	j = 0;
	for (i = 0; i < an; i++) {
		if ((amatch >> i & 1) == 0)
			continue;
		while ((bmatch >> j & 1) == 0)
			j++;
		if (a[i] != b[j])
			t++;
		j++;
	}
	t /= 2;
	return ((double)m / (double)an + (double)m / (double)bn +
	    (double)(m - t) / (double)m) / 3.0;
}

double
cmp_jaro_winkler(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t ca[JW_MAX], cb[JW_MAX];
	size_t an, bn, prefix;
	double j;

	if (alen == 0 || blen == 0)
		return 0.0;
	if (alen == blen && memcmp(a, b, alen) == 0)
		return 1.0;
	an = decode_prefix(a, alen, ca);
	bn = decode_prefix(b, blen, cb);
	j = jaro(ca, an, cb, bn);
	if (j <= JW_THRESHOLD)
		return j;
	for (prefix = 0; prefix < JW_PREFIX && prefix < an && prefix < bn;
	    prefix++)
		if (ca[prefix] != cb[prefix])
			break;
	return j + (double)prefix * JW_SCALE * (1.0 - j);
}

/* Dates */

/* The number of places in which the 8-digit renderings of x and y differ. */
static int
digits_differing(int32_t x, int32_t y)
{
	int i, n;

	n = 0;
	for (i = 0; i < 8; i++) {
		n += x % 10 != y % 10;
		x /= 10;
		y /= 10;
	}
	return n;
}

enum cmp_date_level
cmp_date(int32_t a, int32_t b)
{
	int ay, am, ad, by, bm, bd;

	if (a == b)
		return CMP_DATE_EXACT;
	date_to_ymd(a, &ay, &am, &ad);
	date_to_ymd(b, &by, &bm, &bd);
	if (digits_differing(ay * 10000 + am * 100 + ad,
	    by * 10000 + bm * 100 + bd) == 1)
		return CMP_DATE_DIGIT;
	if (ay != by)
		return CMP_DATE_OTHER;
	if (ad == bm && am == bd && ad != am)
		return CMP_DATE_SWAPPED;
	return CMP_DATE_YEAR;
}

/* National ids */

#define NID_LEN	11

int
cmp_nid_close(const char *a, const char *b)
{
	size_t i, first, ndiff;

	first = 0;
	ndiff = 0;
	for (i = 0; i < NID_LEN; i++) {
		if (a[i] == '\0' || b[i] == '\0')
			return 0;
		if (a[i] != b[i] && ndiff++ == 0)
			first = i;
	}
	if (ndiff == 1)
		return 1;
	return ndiff == 2 && first + 1 < NID_LEN &&
	    a[first] == b[first + 1] && a[first + 1] == b[first];
}

/* Addresses */

#define FNV_OFFSET	UINT32_C(2166136261)
#define FNV_PRIME	UINT32_C(16777619)

uint32_t
cmp_hash32(const char *s, size_t len)
{
	uint32_t h;
	size_t i;

	h = FNV_OFFSET;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* The words that only name a kind of place or number, as compare.h lists them. */
static const struct {
	unsigned char	len;
	char		text[10];
} addr_kind[] = {
#define K(s)	{ sizeof(s) - 1, s }
	K("mahalle"), K("mahallesi"), K("mah"), K("mh"),
	K("cadde"), K("caddesi"), K("cad"), K("cd"),
	K("sokak"), K("sokagi"), K("sok"), K("sk"),
	K("bulvar"), K("bulvari"), K("blv"), K("bul"),
	K("no"), K("numara"), K("d"), K("daire"), K("kat"), K("k"),
	K("apt"), K("apartmani"), K("site"), K("sitesi"), K("blok"),
#undef K
};

/* The first letters of those words, as bits 0 (a) to 25 (z). */
#define BIT(c)		(UINT32_C(1) << ((c) - 'a'))
#define ADDR_KIND_FIRST	(BIT('a') | BIT('b') | BIT('c') | BIT('d') | \
			 BIT('k') | BIT('m') | BIT('n') | BIT('s'))

static int
is_addr_kind(const char *w, size_t len)
{
	size_t i;

	if (len >= sizeof addr_kind[0].text || w[0] < 'a' || w[0] > 'z' ||
	    (ADDR_KIND_FIRST & BIT(w[0])) == 0)
		return 0;
	for (i = 0; i < sizeof addr_kind / sizeof addr_kind[0]; i++)
		if (addr_kind[i].len == len &&
		    memcmp(addr_kind[i].text, w, len) == 0)
			return 1;
	return 0;
}

/*
 * A byte of a word: an ASCII lower-case letter or digit, or any byte of a
 * multibyte character (name_fold keeps letters of other scripts).
 */
static int
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

void
cmp_addr_words(const char *folded, size_t len, struct cmp_addr *out)
{
	size_t i, start, k, n;
	uint32_t h;

	n = 0;
	i = 0;
	while (i < len && n < CMP_ADDR_MAX) {
		while (i < len && !is_word_byte((unsigned char)folded[i]))
			i++;
		start = i;
		while (i < len && is_word_byte((unsigned char)folded[i]))
			i++;
		if (i > start && !is_addr_kind(folded + start, i - start))
			out->word[n++] = cmp_hash32(folded + start, i - start);
	}
	for (i = 1; i < n; i++) {
		h = out->word[i];
		for (k = i; k > 0 && out->word[k - 1] > h; k--)
			out->word[k] = out->word[k - 1];
		out->word[k] = h;
	}
	for (i = k = 0; i < n; i++)
		if (k == 0 || out->word[k - 1] != out->word[i])
			out->word[k++] = out->word[i];
	out->n = (unsigned)k;
}

double
cmp_addr_similarity(const struct cmp_addr *a, const struct cmp_addr *b)
{
	unsigned i, j, both;

	if (a->n == 0 && b->n == 0)
		return 0.0;
	i = j = both = 0;
	while (i < a->n && j < b->n) {
		if (a->word[i] < b->word[j])
			i++;
		else if (a->word[i] > b->word[j])
			j++;
		else {
			both++;
			i++;
			j++;
		}
	}
	return (double)both / (double)(a->n + b->n - both);
}
