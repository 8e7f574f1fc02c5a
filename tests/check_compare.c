/*
 * check_compare.c - unit tests of lib/compare.c and lib/geo.c: name,
 * date, national id and address comparators, and the provinces.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "geo.h"
#include "value.h"
#include "check_common.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

/* For loops over many cases: silent until it fails. */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

/* Equal to three decimals, as published examples are given. */
#define ck_assert_near3(x, want) \
	ck_assert_double_eq_tol((x), (want), 0.0005)

static double
jw(const char *a, const char *b)
{
	return cmp_jaro_winkler(a, strlen(a), b, strlen(b));
}

/* The Jaro-Winkler similarity of two names after name_fold(). */
static double
jw_folded(const char *a, const char *b)
{
	char fa[256], fb[256];
	size_t na, nb;

	na = name_fold(a, strlen(a), fa, sizeof fa);
	nb = name_fold(b, strlen(b), fb, sizeof fb);
	return cmp_jaro_winkler(fa, na, fb, nb);
}

static enum cmp_date_level
date_level(int ay, int am, int ad, int by, int bm, int bd)
{
	ck_assert(date_valid_ymd(ay, am, ad));
	ck_assert(date_valid_ymd(by, bm, bd));
	return cmp_date(date_from_ymd(ay, am, ad), date_from_ymd(by, bm, bd));
}

static void
addr(const char *s, struct cmp_addr *out)
{
	char f[512];
	size_t n;

	memset(out, 0xA5, sizeof *out);
	n = name_fold(s, strlen(s), f, sizeof f);
	cmp_addr_words(f, n, out);
}

static double
addr_sim(const char *a, const char *b)
{
	struct cmp_addr wa, wb;

	addr(a, &wa);
	addr(b, &wb);
	return cmp_addr_similarity(&wa, &wb);
}

/* 1 when the set holds the hash of word. */
static int
addr_has(const struct cmp_addr *w, const char *word)
{
	uint32_t h = cmp_hash32(word, strlen(word));
	unsigned i;

	for (i = 0; i < w->n; i++)
		if (w->word[i] == h)
			return 1;
	return 0;
}

/* Jaro-Winkler */

START_TEST(test_compare_jw_known_values)
{
	ck_assert_near3(jw("MARTHA", "MARHTA"), 0.961);
	ck_assert_near3(jw("DWAYNE", "DUANE"), 0.840);
	ck_assert_near3(jw("DIXON", "DICKSONX"), 0.813);
	/* Symmetric. */
	ck_assert_near3(jw("MARHTA", "MARTHA"), 0.961);
	ck_assert_near3(jw("DUANE", "DWAYNE"), 0.840);
	ck_assert_near3(jw("DICKSONX", "DIXON"), 0.813);
	/* The prefix boost stops at 4 letters: Jaro 19/21 plus 0.4 of the rest. */
	ck_assert_near3(jw("abcdefx", "abcdefy"), 0.943);
	/* Three letters out of order are one transposition (3 / 2 rounded
	 * down, as strcmp95 does): (1 + 1 + 5/6) / 3. */
	ck_assert_near3(jw("abcxyz", "bcaxyz"), 0.944);
	/* Below 0.7 there is no prefix boost: plain Jaro. */
	ck_assert_near3(jw("ab", "ax"), 2.0 / 3.0);
}
END_TEST

START_TEST(test_compare_jw_equal_and_empty)
{
	ck_assert_double_eq(jw("ahmet", "ahmet"), 1.0);
	ck_assert_double_eq(jw("a", "a"), 1.0);
	ck_assert_double_eq(jw("", ""), 0.0);
	ck_assert_double_eq(jw("ahmet", ""), 0.0);
	ck_assert_double_eq(jw("", "ahmet"), 0.0);
	ck_assert_double_eq(jw("abc", "xyz"), 0.0);
	ck_assert_double_lt(jw("ahmet", "mehmet"), 1.0);
	ck_assert_double_gt(jw("ahmet", "mehmet"), 0.0);
	/* Only the given length counts. */
	ck_assert_double_eq(cmp_jaro_winkler("ahmetxx", 5, "ahmetyy", 5), 1.0);
}
END_TEST

START_TEST(test_compare_jw_turkish_folded)
{
	ck_assert_double_eq(jw_folded("Şükrü", "Sukru"), 1.0);
	ck_assert_double_eq(jw_folded("IŞIK", "ışık"), 1.0);
	ck_assert_double_eq(jw_folded("Çağrı Gündoğdu", "CAGRI GUNDOGDU"),
	    1.0);
	ck_assert_double_lt(jw_folded("Şükrü", "Şükran"), 1.0);
}
END_TEST

START_TEST(test_compare_jw_code_points)
{
	/*
	 * "ü" and "ö" are two bytes each but one letter: compared by code
	 * point, "gül"/"göl" is a 3-letter pair with one letter changed,
	 * like "gul"/"gol".
	 */
	ck_assert_double_eq(jw("gül", "göl"), jw("gul", "gol"));
	/* Jaro (2/3 + 2/3 + 1) / 3, plus the one-letter prefix boost. */
	ck_assert_near3(jw("gül", "göl"), 0.800);
	ck_assert_double_eq(jw("şükrü", "şükür"), jw("sukru", "sukur"));
	/* Both bytes of "ü" differ from those of "ö": no partial match. */
	ck_assert_double_eq(jw("ü", "ö"), 0.0);
	/* Other scripts too: one letter of three differs. */
	ck_assert_double_eq(jw("мир", "мор"), jw("mir", "mor"));
	ck_assert_double_eq(jw("水山", "水山"), 1.0);
	ck_assert_double_eq(jw("山水火", "水山火"), jw("abc", "bac"));
	ck_assert_double_gt(jw("山水火", "水山火"), 0.0);
}
END_TEST

START_TEST(test_compare_jw_invalid_utf8)
{
	/* A bad byte is one code point: equal only to itself. */
	ck_assert_double_eq(jw("a\xff" "b", "a\xff" "b"), 1.0);
	ck_assert_double_eq(jw("ab\xc3", "abx"), jw("abq", "abx"));
	ck_assert_double_eq(jw("\x80\x80", "\x80\x80\x80"),
	    jw("xx", "xxx"));
	/* A lead byte whose continuation is cut off by the length. */
	ck_assert_double_eq(cmp_jaro_winkler("g\xc3\xbc", 2, "gx", 2),
	    jw("gy", "gx"));
	/*
	 * A bad byte equals no real code point: not U+00FF "ÿ", and not
	 * U+DCFF written out (itself three bad bytes).
	 */
	ck_assert_double_lt(jw("a\xff", "a\xc3\xbf"), 1.0);
	ck_assert_double_eq(jw("\xff", "\xed\xb3\xbf"), 0.0);
}
END_TEST

START_TEST(test_compare_jw_long_strings)
{
	char a[200], b[200];

	/* Past 64 code points nothing counts. */
	memset(a, 'x', 150);
	memset(b, 'x', 150);
	a[150] = b[150] = '\0';
	b[100] = 'y';
	ck_assert_double_eq(jw(a, b), 1.0);
	b[100] = 'x';
	b[63] = 'y';
	ck_assert_double_lt(jw(a, b), 1.0);
	ck_assert_double_gt(jw(a, b), 0.9);
	/* Multibyte: 64 two-byte letters, then a difference. */
	a[0] = b[0] = '\0';
	for (int i = 0; i < 64; i++) {
		strcat(a, "ş");
		strcat(b, "ş");
	}
	strcat(a, "a");
	strcat(b, "b");
	ck_assert_double_eq(jw(a, b), 1.0);
}
END_TEST

/* Dates */

START_TEST(test_compare_date_exact)
{
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 5, 12), CMP_DATE_EXACT);
	ck_assert_int_eq(date_level(1, 1, 1, 1, 1, 1), CMP_DATE_EXACT);
	/* Day equal to month "swapped" is the same day: EXACT. */
	ck_assert_int_eq(date_level(1980, 3, 3, 1980, 3, 3), CMP_DATE_EXACT);
}
END_TEST

START_TEST(test_compare_date_digit)
{
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 5, 13), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 5, 22), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 6, 12), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(1980, 1, 12, 1980, 11, 12),
	    CMP_DATE_DIGIT);
	/* One digit of the year. */
	ck_assert_int_eq(date_level(1980, 5, 12, 1981, 5, 12), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(1980, 5, 12, 1990, 5, 12), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(1980, 5, 12, 2980, 5, 12), CMP_DATE_DIGIT);
	/* The year before, but 1979 and 1980 differ in two digits. */
	ck_assert_int_eq(date_level(1980, 5, 12, 1979, 5, 12), CMP_DATE_OTHER);
	/* Two digits of the day. */
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 5, 21), CMP_DATE_YEAR);
	/* Years below 1000 are padded with zeros: 0999 and 1999. */
	ck_assert_int_eq(date_level(999, 5, 12, 1999, 5, 12), CMP_DATE_DIGIT);
}
END_TEST

START_TEST(test_compare_date_swapped)
{
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 12, 5),
	    CMP_DATE_SWAPPED);
	ck_assert_int_eq(date_level(1980, 12, 5, 1980, 5, 12),
	    CMP_DATE_SWAPPED);
	ck_assert_int_eq(date_level(1980, 1, 10, 1980, 10, 1),
	    CMP_DATE_SWAPPED);
	ck_assert_int_eq(date_level(1980, 11, 12, 1980, 12, 11),
	    CMP_DATE_SWAPPED);
	/* Swapped, but in another year. */
	ck_assert_int_eq(date_level(1980, 5, 12, 1985, 12, 5),
	    CMP_DATE_OTHER);
	/* Day equals month in one date only: not an exchange. */
	ck_assert_int_eq(date_level(1980, 5, 5, 1980, 5, 12),
	    CMP_DATE_YEAR);
	ck_assert_int_eq(date_level(1980, 3, 3, 1980, 4, 4),
	    CMP_DATE_YEAR);
}
END_TEST

START_TEST(test_compare_date_year_other)
{
	ck_assert_int_eq(date_level(1980, 5, 12, 1980, 9, 30), CMP_DATE_YEAR);
	ck_assert_int_eq(date_level(1980, 1, 1, 1980, 12, 31), CMP_DATE_YEAR);
	ck_assert_int_eq(date_level(1980, 5, 12, 1975, 9, 30), CMP_DATE_OTHER);
	ck_assert_int_eq(date_level(1980, 12, 31, 1981, 1, 1),
	    CMP_DATE_OTHER);
}
END_TEST

START_TEST(test_compare_date_leap_day)
{
	ck_assert_int_eq(date_level(1980, 2, 29, 1980, 2, 29), CMP_DATE_EXACT);
	ck_assert_int_eq(date_level(1980, 2, 29, 1980, 2, 28), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(1980, 2, 29, 1984, 2, 29), CMP_DATE_DIGIT);
	ck_assert_int_eq(date_level(2000, 2, 29, 2000, 12, 29),
	    CMP_DATE_DIGIT);
	/* The day after a leap day: 19800229 and 19800301. */
	ck_assert_int_eq(date_level(1980, 2, 29, 1980, 3, 1), CMP_DATE_YEAR);
	ck_assert_int_eq(date_level(1980, 2, 29, 1981, 2, 28),
	    CMP_DATE_OTHER);
}
END_TEST

START_TEST(test_compare_date_symmetric)
{
	int32_t a, b, base;
	int i, k;

	/* Every pair of days in 1979..1981 compares the same both ways. */
	base = date_from_ymd(1979, 1, 1);
	for (i = 0; i < 3 * 366; i += 7) {
		for (k = 0; k < 3 * 366; k += 3) {
			a = base + i;
			b = base + k;
			REQUIRE(cmp_date(a, b) == cmp_date(b, a),
			    "cmp_date(%d, %d) not symmetric", (int)a, (int)b);
			REQUIRE((cmp_date(a, b) == CMP_DATE_EXACT) == (a == b),
			    "cmp_date(%d, %d) EXACT", (int)a, (int)b);
		}
	}
}
END_TEST

/* National ids */

START_TEST(test_compare_nid_close)
{
	/* One digit. */
	ck_assert_int_eq(cmp_nid_close("17291716060", "17291716061"), 1);
	ck_assert_int_eq(cmp_nid_close("17291716060", "27291716060"), 1);
	ck_assert_int_eq(cmp_nid_close("17291716060", "17291796060"), 1);
	/* Neighbouring digits exchanged. */
	ck_assert_int_eq(cmp_nid_close("17291716060", "71291716060"), 1);
	ck_assert_int_eq(cmp_nid_close("17291716060", "17291716006"), 1);
	ck_assert_int_eq(cmp_nid_close("17291716060", "17219716060"), 1);
	/* Equal: a key, not a near miss. */
	ck_assert_int_eq(cmp_nid_close("17291716060", "17291716060"), 0);
	/* Two digits, not an exchange. */
	ck_assert_int_eq(cmp_nid_close("17291716060", "17291716071"), 0);
	ck_assert_int_eq(cmp_nid_close("17291716060", "27291716061"), 0);
	ck_assert_int_eq(cmp_nid_close("17291716060", "17291710000"), 0);
	/* An exchange of digits that are not neighbours. */
	ck_assert_int_eq(cmp_nid_close("17291716060", "97211716060"), 0);
	/* Three digits rotated. */
	ck_assert_int_eq(cmp_nid_close("17291716060", "72191716060"), 0);
	/* Too short. */
	ck_assert_int_eq(cmp_nid_close("1729171606", "1729171606"), 0);
	ck_assert_int_eq(cmp_nid_close("1729171606", "17291716060"), 0);
}
END_TEST

/* Addresses */

START_TEST(test_compare_hash32)
{
	/* The published FNV-1a test vectors. */
	ck_assert_uint_eq(cmp_hash32("", 0), UINT32_C(0x811c9dc5));
	ck_assert_uint_eq(cmp_hash32(S("a")), UINT32_C(0xe40c292c));
	ck_assert_uint_eq(cmp_hash32(S("foobar")), UINT32_C(0xbf9cf968));
	ck_assert_uint_ne(cmp_hash32(S("18")), cmp_hash32(S("81")));
}
END_TEST

START_TEST(test_compare_addr_words)
{
	struct cmp_addr w;

	addr("Hacı Bayram Mah. Hükümet Sok. No:18 D:3", &w);
	ck_assert_uint_eq(w.n, 5);
	ck_assert(addr_has(&w, "haci"));
	ck_assert(addr_has(&w, "bayram"));
	ck_assert(addr_has(&w, "hukumet"));
	ck_assert(addr_has(&w, "18"));
	ck_assert(addr_has(&w, "3"));
	ck_assert(!addr_has(&w, "mah"));
	ck_assert(!addr_has(&w, "no"));
	/* "No:29", "29/1" and "3203." */
	addr("No:29", &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert(addr_has(&w, "29"));
	addr("29/1", &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert(addr_has(&w, "29") && addr_has(&w, "1"));
	addr("3203.", &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert(addr_has(&w, "3203"));
	/* Sorted, repeats dropped. */
	addr("Gül Sokak Gül Apt. Kat 2 Daire 2", &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_uint_lt(w.word[0], w.word[1]);
	/* Nothing left. */
	addr("Mahallesi Caddesi Sokağı Bulvarı Numara Sitesi Blok", &w);
	ck_assert_uint_eq(w.n, 0);
	addr("", &w);
	ck_assert_uint_eq(w.n, 0);
	/* Type words only as whole words. */
	addr("Mahmutbey Kadıköy Nolu", &w);
	ck_assert_uint_eq(w.n, 3);
	/* Letters of other scripts stay inside their word. */
	addr("улица Ленина 5", &w);
	ck_assert_uint_eq(w.n, 3);
	ck_assert(addr_has(&w, "улица"));
}
END_TEST

START_TEST(test_compare_addr_same_address)
{
	const char *a = "Hacı Bayram Mah. Hükümet Sok. No:18 D:3";
	const char *b = "HACI BAYRAM MAHALLESİ HÜKÜMET SOKAK NO: 18 DAİRE: 3";
	const char *c = "Hacı Bayram Mh. Hükümet Sk. 18/3";

	ck_assert_double_eq(addr_sim(a, b), 1.0);
	ck_assert_double_eq(addr_sim(a, c), 1.0);
	ck_assert_double_eq(addr_sim(b, c), 1.0);
	ck_assert_double_eq(addr_sim(a, a), 1.0);
}
END_TEST

START_TEST(test_compare_addr_different_address)
{
	const char *a = "Hacı Bayram Mah. Hükümet Sok. No:18 D:3";
	double s;

	/* Another house number: 4 of 6 words shared. */
	s = addr_sim(a, "Hacı Bayram Mah. Hükümet Sok. No:19 D:3");
	ck_assert_double_lt(s, 1.0);
	ck_assert_near3(s, 4.0 / 6.0);
	/* Another flat, the same house: still closer than a stranger. */
	ck_assert_double_gt(addr_sim(a,
	    "Hacı Bayram Mah. Hükümet Sok. No:18 D:4"),
	    addr_sim(a, "Kızılay Mah. Atatürk Blv. No:5"));
	ck_assert_double_eq(addr_sim(a, "Kızılay Mah. Atatürk Blv. No:5"),
	    0.0);
	/* One side empty. */
	ck_assert_double_eq(addr_sim(a, ""), 0.0);
	ck_assert_double_eq(addr_sim("", ""), 0.0);
	ck_assert_double_eq(addr_sim("Mah. Sok.", "No: D:"), 0.0);
}
END_TEST

START_TEST(test_compare_addr_at_most_16)
{
	struct cmp_addr w;
	char text[512], word[32];
	int i;

	/* 20 words w0..w19: only the first 16 are kept. */
	text[0] = '\0';
	for (i = 0; i < 20; i++) {
		snprintf(word, sizeof word, "w%d ", i);
		strcat(text, word);
	}
	cmp_addr_words(text, strlen(text), &w);
	ck_assert_uint_eq(w.n, CMP_ADDR_MAX);
	for (i = 0; i < 20; i++) {
		snprintf(word, sizeof word, "w%d", i);
		REQUIRE(addr_has(&w, word) == (i < CMP_ADDR_MAX),
		    "word %s kept %d", word, addr_has(&w, word));
	}
	for (i = 1; i < CMP_ADDR_MAX; i++)
		REQUIRE(w.word[i - 1] < w.word[i], "not sorted at %d", i);
	/* Dropped type words do not count towards the 16. */
	text[0] = '\0';
	for (i = 0; i < 16; i++) {
		snprintf(word, sizeof word, "no w%d ", i);
		strcat(text, word);
	}
	cmp_addr_words(text, strlen(text), &w);
	ck_assert_uint_eq(w.n, CMP_ADDR_MAX);
	ck_assert(addr_has(&w, "w15"));
}
END_TEST

START_TEST(test_compare_addr_similarity_sets)
{
	struct cmp_addr a, b;

	a.n = 3;
	a.word[0] = 1;
	a.word[1] = 5;
	a.word[2] = 9;
	b.n = 4;
	b.word[0] = 2;
	b.word[1] = 5;
	b.word[2] = 9;
	b.word[3] = 10;
	ck_assert_double_eq(cmp_addr_similarity(&a, &b), 2.0 / 5.0);
	ck_assert_double_eq(cmp_addr_similarity(&b, &a), 2.0 / 5.0);
	b.n = 0;
	ck_assert_double_eq(cmp_addr_similarity(&a, &b), 0.0);
	ck_assert_double_eq(cmp_addr_similarity(&a, &a), 1.0);
}
END_TEST

/* Provinces */

START_TEST(test_compare_geo_names)
{
	ck_assert_str_eq(geo_province_name(6), "Ankara");
	ck_assert_str_eq(geo_province_name(1), "Adana");
	ck_assert_str_eq(geo_province_name(4), "Ağrı");
	ck_assert_str_eq(geo_province_name(34), "İstanbul");
	ck_assert_str_eq(geo_province_name(81), "Düzce");
	ck_assert_ptr_null(geo_province_name(0));
	ck_assert_ptr_null(geo_province_name(82));
	ck_assert_ptr_null(geo_province_name(-1));
}
END_TEST

START_TEST(test_compare_geo_by_folded)
{
	ck_assert_int_eq(geo_province_by_folded(S("agri")), 4);
	ck_assert_int_eq(geo_province_by_folded(S("istanbul")), 34);
	ck_assert_int_eq(geo_province_by_folded(S("afyonkarahisar")), 3);
	ck_assert_int_eq(geo_province_by_folded(S("sanliurfa")), 63);
	ck_assert_int_eq(geo_province_by_folded(S("nowhere")), 0);
	ck_assert_int_eq(geo_province_by_folded(S("")), 0);
	/* Folded means folded: not the Turkish spelling, not a prefix. */
	ck_assert_int_eq(geo_province_by_folded(S("Ağrı")), 0);
	ck_assert_int_eq(geo_province_by_folded(S("ankar")), 0);
	ck_assert_int_eq(geo_province_by_folded(S("ankaray")), 0);
	ck_assert_int_eq(geo_province_by_folded("ankaray", 6), 6);
}
END_TEST

START_TEST(test_compare_geo_round_trip)
{
	char f[64];
	const char *name;
	size_t n;
	int plate;

	for (plate = 1; plate <= GEO_NPROVINCE; plate++) {
		name = geo_province_name(plate);
		REQUIRE(name != NULL, "no name for plate %d", plate);
		n = name_fold(name, strlen(name), f, sizeof f);
		REQUIRE(geo_province_by_folded(f, n) == plate,
		    "'%s' folded to '%s' gives plate %d, not %d", name, f,
		    geo_province_by_folded(f, n), plate);
	}
}
END_TEST

static Suite *
compare_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("compare");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_compare_jw_known_values);
	tcase_add_test(tc, test_compare_jw_equal_and_empty);
	tcase_add_test(tc, test_compare_jw_turkish_folded);
	tcase_add_test(tc, test_compare_jw_code_points);
	tcase_add_test(tc, test_compare_jw_invalid_utf8);
	tcase_add_test(tc, test_compare_jw_long_strings);
	tcase_add_test(tc, test_compare_date_exact);
	tcase_add_test(tc, test_compare_date_digit);
	tcase_add_test(tc, test_compare_date_swapped);
	tcase_add_test(tc, test_compare_date_year_other);
	tcase_add_test(tc, test_compare_date_leap_day);
	tcase_add_test(tc, test_compare_date_symmetric);
	tcase_add_test(tc, test_compare_nid_close);
	tcase_add_test(tc, test_compare_hash32);
	tcase_add_test(tc, test_compare_addr_words);
	tcase_add_test(tc, test_compare_addr_same_address);
	tcase_add_test(tc, test_compare_addr_different_address);
	tcase_add_test(tc, test_compare_addr_at_most_16);
	tcase_add_test(tc, test_compare_addr_similarity_sets);
	tcase_add_test(tc, test_compare_geo_names);
	tcase_add_test(tc, test_compare_geo_by_folded);
	tcase_add_test(tc, test_compare_geo_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_compare", compare_suite);
}
