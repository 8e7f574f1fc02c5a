/*
 * check_rtab - the cells a published table withholds (sdc.c) and the
 * report tables as TSV and text (rtab.c).
 */
#include "check_common.h"

#include "rtab.h"
#include "sdc.h"
#include "tsv.h"
#include "value.h"

/* A table of one group: entries 0..n-1 members, entry n their total. */
static void
flat(struct sdc_entry *e, const int64_t *count, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		e[i] = (struct sdc_entry){ count[i], 0, -1, SDC_SHOWN };
	e[n] = (struct sdc_entry){ 0, -1, 0, SDC_SHOWN };
	for (i = 0; i < n; i++)
		e[n].count += count[i];
}

/* Nothing under the minimum: nothing withheld. */
START_TEST(test_sdc_nothing_small)
{
	static const int64_t c[] = { 5, 9, 12 };
	struct sdc_entry e[4];
	size_t i;

	flat(e, c, 3);
	sdc_suppress(e, 4, 5);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(e[i].mark, SDC_SHOWN);
}
END_TEST

/* One small cell: it and the smallest other one are withheld, so that
 * the total cannot give it away; the total is shown. */
START_TEST(test_sdc_one_small_cell)
{
	static const int64_t c[] = { 20, 3, 9, 12 };
	struct sdc_entry e[5];

	flat(e, c, 4);
	sdc_suppress(e, 5, 5);
	ck_assert_int_eq(e[0].mark, SDC_SHOWN);
	ck_assert_int_eq(e[1].mark, SDC_PRIMARY);
	ck_assert_int_eq(e[2].mark, SDC_COMPLEMENTARY);
	ck_assert_int_eq(e[3].mark, SDC_SHOWN);
	ck_assert_int_eq(e[4].mark, SDC_SHOWN);
}
END_TEST

/* Two small cells protect each other: no complementary cell. */
START_TEST(test_sdc_two_small_cells)
{
	static const int64_t c[] = { 20, 3, 9, 4 };
	struct sdc_entry e[5];

	flat(e, c, 4);
	sdc_suppress(e, 5, 5);
	ck_assert_int_eq(e[1].mark, SDC_PRIMARY);
	ck_assert_int_eq(e[3].mark, SDC_PRIMARY);
	ck_assert_int_eq(e[0].mark, SDC_SHOWN);
	ck_assert_int_eq(e[2].mark, SDC_SHOWN);
}
END_TEST

/* The boundary: a count equal to the minimum is shown, one less is not;
 * a minimum of 1 withholds nothing; zero counts are never withheld. */
START_TEST(test_sdc_boundary)
{
	static const int64_t c[] = { 4, 5, 0, 7 };
	struct sdc_entry e[5];

	flat(e, c, 4);
	sdc_suppress(e, 5, 5);
	ck_assert_int_eq(e[0].mark, SDC_PRIMARY);
	ck_assert_int_eq(e[1].mark, SDC_COMPLEMENTARY);
	ck_assert_int_eq(e[2].mark, SDC_SHOWN);
	flat(e, c, 4);
	sdc_suppress(e, 5, 1);
	ck_assert_int_eq(e[0].mark, SDC_SHOWN);
}
END_TEST

/* Only one member: the total equals it, and is withheld with it. */
START_TEST(test_sdc_single_member)
{
	static const int64_t c[] = { 3 };
	struct sdc_entry e[2];

	flat(e, c, 1);
	sdc_suppress(e, 2, 5);
	ck_assert_int_eq(e[0].mark, SDC_PRIMARY);
	ck_assert_int_eq(e[1].mark, SDC_PRIMARY);
}
END_TEST

/*
 * Two levels: provinces under the country, districts under each province.
 * A province withheld at the country level, whose districts are all shown,
 * would be the sum of its districts: one of them is withheld too, and
 * then another so that the district can't be worked out either.
 */
START_TEST(test_sdc_hierarchy)
{
	/* group 0: the country; group 1: province A's districts; 2: B's */
	struct sdc_entry e[] = {
		{ 3, 1, -1, 0 },	/* 0 A1 */
		{ 10, 1, -1, 0 },	/* 1 A2 */
		{ 11, 1, -1, 0 },	/* 2 A3 */
		{ 24, 0, 1, 0 },	/* 3 A */
		{ 6, 2, -1, 0 },	/* 4 B1 */
		{ 7, 2, -1, 0 },	/* 5 B2 */
		{ 13, 0, 2, 0 },	/* 6 B */
		{ 37, -1, 0, 0 },	/* 7 country */
	};
	size_t i, n = sizeof e / sizeof e[0];
	int unknown[3] = { 0, 0, 0 };

	sdc_suppress(e, n, 5);
	ck_assert_int_eq(e[0].mark, SDC_PRIMARY);
	ck_assert_int_eq(e[1].mark, SDC_COMPLEMENTARY);
	ck_assert_int_eq(e[7].mark, SDC_SHOWN);
	/* No equation is left with exactly one unknown. */
	for (i = 0; i < n; i++) {
		if (e[i].mark == SDC_SHOWN)
			continue;
		if (e[i].member_of >= 0)
			unknown[e[i].member_of]++;
		if (e[i].total_of >= 0)
			unknown[e[i].total_of]++;
	}
	for (i = 0; i < 3; i++)
		ck_assert_int_ne(unknown[i], 1);
}
END_TEST

/* A province withheld (small) pulls in a second province, and the
 * provinces' district groups stay safe. */
START_TEST(test_sdc_small_province)
{
	struct sdc_entry e[] = {
		{ 2, 1, -1, 0 },	/* 0 A1 */
		{ 1, 1, -1, 0 },	/* 1 A2 */
		{ 3, 0, 1, 0 },		/* 2 A */
		{ 6, 2, -1, 0 },	/* 3 B1 */
		{ 9, 2, -1, 0 },	/* 4 B2 */
		{ 15, 0, 2, 0 },	/* 5 B */
		{ 8, 3, -1, 0 },	/* 6 C1 */
		{ 8, 0, 3, 0 },		/* 7 C */
		{ 26, -1, 0, 0 },	/* 8 country */
	};

	sdc_suppress(e, sizeof e / sizeof e[0], 5);
	ck_assert_int_eq(e[2].mark, SDC_PRIMARY);
	/* C (8) is the smallest other province: withheld, and with it its
	 * only district. */
	ck_assert_int_eq(e[7].mark, SDC_COMPLEMENTARY);
	ck_assert_int_eq(e[6].mark, SDC_COMPLEMENTARY);
	ck_assert_int_eq(e[5].mark, SDC_SHOWN);
	ck_assert_int_eq(e[8].mark, SDC_SHOWN);
}
END_TEST

static char *
table(enum rtab_format format, int person_level)
{
	static const struct rtab_col cols[] = { { "area", RTAB_STR },
		{ "households", RTAB_INT }, { "amount", RTAB_MONEY },
		{ "rate", RTAB_PERMILLE } };
	char *path = tmp_path("table"), *text;
	struct tsv *t = tsv_open(path);
	struct rtab r;

	rtab_begin(&r, format, t, cols, 4, person_level, "Title", "A note.");
	rtab_str(&r, "İstanbul");
	rtab_int(&r, 1234567);
	rtab_int(&r, -123456789);
	rtab_int(&r, 138);
	rtab_end(&r);
	rtab_str(&r, "Ağrı");
	rtab_empty(&r);
	rtab_empty(&r);
	rtab_end(&r);
	rtab_finish(&r);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	text = slurp(path, NULL);
	free(path);
	return text;
}

START_TEST(test_rtab_tsv)
{
	char *s = table(RTAB_TSV, 0);

	ck_assert_str_eq(s, "area\thouseholds\tamount\trate\n"
	    "İstanbul\t1234567\t-1234567.89\t13.8\n"
	    "Ağrı\t\t\t\n");
	free(s);
	s = table(RTAB_TSV, 1);
	ck_assert_str_eq(s, "# " RTAB_PERSONS "\n"
	    "area\thouseholds\tamount\trate\n"
	    "İstanbul\t1234567\t-1234567.89\t13.8\n"
	    "Ağrı\t\t\t\n");
	free(s);
}
END_TEST

/* Text: columns sized by what a terminal shows (İ is one column), numbers
 * to the right, grouped; the title, the warning and the note first. */
START_TEST(test_rtab_text)
{
	char *s = table(RTAB_TEXT, 1);

	ck_assert_str_eq(s, "Title\n"
	    "PERSON-LEVEL DATA: for operators, not for publication.\n"
	    "A note.\n"
	    "\n"
	    "area      households  amount         rate\n"
	    "--------  ----------  -------------  ------\n"
	    "İstanbul   1,234,567  -1,234,567.89  13.8 %\n"
	    "Ağrı\n");
	free(s);
}
END_TEST

START_TEST(test_int_grouped)
{
	char s[32];

	int_grouped(0, s);
	ck_assert_str_eq(s, "0");
	int_grouped(999, s);
	ck_assert_str_eq(s, "999");
	int_grouped(1000, s);
	ck_assert_str_eq(s, "1,000");
	int_grouped(-1234567, s);
	ck_assert_str_eq(s, "-1,234,567");
	int_grouped(INT64_MAX, s);
	ck_assert_str_eq(s, "9,223,372,036,854,775,807");
}
END_TEST

static Suite *
rtab_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("rtab");
	tc = tcase_create("core");
	tcase_add_test(tc, test_sdc_nothing_small);
	tcase_add_test(tc, test_sdc_one_small_cell);
	tcase_add_test(tc, test_sdc_two_small_cells);
	tcase_add_test(tc, test_sdc_boundary);
	tcase_add_test(tc, test_sdc_single_member);
	tcase_add_test(tc, test_sdc_hierarchy);
	tcase_add_test(tc, test_sdc_small_province);
	tcase_add_test(tc, test_rtab_tsv);
	tcase_add_test(tc, test_rtab_text);
	tcase_add_test(tc, test_int_grouped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_rtab", rtab_suite);
}
