#ifndef ISAS_COMPARE_H
#define ISAS_COMPARE_H

/*
 * Comparators for record linkage.  They work on values already cleaned:
 * names and addresses folded by name_fold() (value.h), dates as days since
 * 1970-01-01 (value.h), national ids as 11-digit strings.  None of them
 * allocates; all are pure functions of their arguments.
 */

#include <stddef.h>
#include <stdint.h>

/*
 * Jaro-Winkler similarity of a[0..alen) and b[0..blen), UTF-8, compared by
 * code point (so a folded name in another script is not cut inside a
 * letter): the Jaro similarity with the common prefix of up to 4 code
 * points weighted by 0.1, the Winkler boost applied only when the Jaro
 * similarity is above 0.7.  1.0 for equal strings, 0.0 when either is
 * empty or nothing matches.  Strings longer than 64 code points are
 * compared on their first 64.
 */
double cmp_jaro_winkler(const char *a, size_t alen, const char *b,
	size_t blen);

/* The agreement levels of two birth dates, best first. */
enum cmp_date_level {
	CMP_DATE_EXACT,		/* the same day */
	CMP_DATE_DIGIT,		/* YYYYMMDD differs in exactly one digit */
	CMP_DATE_SWAPPED,	/* day and month exchanged (and they differ) */
	CMP_DATE_YEAR,		/* only the year agrees */
	CMP_DATE_OTHER		/* none of those */
};

/* The level of two valid dates (days since 1970-01-01). */
enum cmp_date_level cmp_date(int32_t a, int32_t b);

/*
 * 1 when two 11-digit national ids differ in exactly one digit or by one
 * exchange of two neighbouring digits (a clerk's typo), else 0.  Equal
 * ids give 0: they are a key, not a comparison.
 */
int cmp_nid_close(const char *a, const char *b);

/*
 * The words of an address as a set: the folded text is cut at spaces and
 * at any character that is not a letter or digit ("No:29", "29/1" and
 * "3203." give 29; 29 1; 3203), the words that only name a kind of place
 * or number are dropped (mahalle, mahallesi, mah, mh, cadde, caddesi, cad,
 * cd, sokak, sokagi, sok, sk, bulvar, bulvari, blv, bul, no, numara, d,
 * daire, kat, k, apt, apartmani, site, sitesi, blok), and each word left
 * is kept as a 32-bit FNV-1a hash, sorted, without repeats, at most
 * CMP_ADDR_MAX of them (the first ones in text order when there are more).
 */
#define CMP_ADDR_MAX	16

struct cmp_addr {
	uint32_t word[CMP_ADDR_MAX];
	unsigned n;
};

void cmp_addr_words(const char *folded, size_t len, struct cmp_addr *out);

/*
 * The Jaccard similarity of two word sets: |a and b| / |a or b|, 0.0 when
 * both are empty.
 */
double cmp_addr_similarity(const struct cmp_addr *a,
	const struct cmp_addr *b);

/* The 32-bit FNV-1a hash of s[0..len). */
uint32_t cmp_hash32(const char *s, size_t len);

#endif
