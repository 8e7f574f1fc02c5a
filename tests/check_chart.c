/*
 * check_chart.c - unit tests of the SVG charts (lib/chart.c) and of the
 * boundaries they draw (etc/geo, made by scripts/make-geo).
 *
 * Every document is parsed back with libxml2 and looked at with XPath, so
 * a test sees what a viewer would: the areas drawn, their colours and
 * hover titles, the texts.  The tests run at the top of the tree and read
 * the shipped boundaries from "etc/geo".
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "chart.h"
#include "err.h"
#include "check_common.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define GEODIR		"etc/geo"

/* ---- helpers ---- */

/* The document for c, NUL-terminated; the caller frees it. */
static char *
render(const struct chart *c, size_t *len)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(chart_write_svg(f, c), 0);
	ck_assert_int_eq(fclose(f), 0);
	if (len)
		*len = n;
	return p;
}

/* doc parsed as XML, which it must be; the caller frees it. */
static xmlDocPtr
parse(const char *doc)
{
	xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "chart.svg",
	    NULL, XML_PARSE_NONET);

	ck_assert_msg(d != NULL, "not well-formed XML");
	return d;
}

/* The nodes of expr ("s:" is the SVG namespace); the caller frees them. */
static xmlXPathObjectPtr
xpath(xmlDocPtr d, const char *expr)
{
	xmlXPathContextPtr cx = xmlXPathNewContext(d);
	xmlXPathObjectPtr o;

	ck_assert_ptr_nonnull(cx);
	xmlXPathRegisterNs(cx, BAD_CAST "s",
	    BAD_CAST "http://www.w3.org/2000/svg");
	o = xmlXPathEvalExpression(BAD_CAST expr, cx);
	xmlXPathFreeContext(cx);
	ck_assert_msg(o != NULL, "bad xpath %s", expr);
	return o;
}

static int
count(xmlDocPtr d, const char *expr)
{
	xmlXPathObjectPtr o = xpath(d, expr);
	int n = o->nodesetval ? o->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(o);
	return n;
}

/* The string value of expr ("string(...)"); the caller frees it. */
static char *
string(xmlDocPtr d, const char *expr)
{
	xmlXPathObjectPtr o = xpath(d, expr);
	char *s;

	ck_assert_int_eq(o->type, XPATH_STRING);
	s = strdup((const char *)o->stringval);
	xmlXPathFreeObject(o);
	return s;
}

/* The fill of the map area whose hover title begins with name + ":". */
static char *
fill_of(xmlDocPtr d, const char *name)
{
	char expr[256];

	snprintf(expr, sizeof expr, "string(//s:g[@transform]/s:path"
	    "[starts-with(s:title, '%s:')]/@fill)", name);
	return string(d, expr);
}

static int
lines_of(const char *path)
{
	char *p = slurp(path, NULL), *q;
	int n = 0;

	for (q = p; *q; q++)
		n += *q == '\n';
	free(p);
	return n;
}

#define has(doc, s)	ck_assert_msg(strstr(doc, s) != NULL, "no '%s'", s)
#define hasnt(doc, s)	ck_assert_msg(strstr(doc, s) == NULL, "'%s' found", s)

static const struct chart_item prov_items[] = {
	{ 34, NULL, "İstanbul", 1234567, 0 },
	{ 6, NULL, "Ankara", 500000, 0 },
	{ 35, NULL, "İzmir", 300000, 0 },
	{ 1, NULL, "Adana", 200000, 0 },
	{ 16, NULL, "Bursa", 100000, 0 },
	{ 7, NULL, "Antalya", 50000, 0 },
	{ 69, NULL, "Bayburt", 987654, 1 },	/* its value must not show */
	{ 81, NULL, "Düzce", 0, 0 },
	{ 99, NULL, "Nowhere", 77, 0 },		/* no such area: a bar only */
};

static struct chart
prov_chart(void)
{
	struct chart c = {
		.title = "Caseload by province",
		.subtitle = "as of 2026-11-23 · period 2026-11 · all programmes",
		.unit = "households",
		.min_count = 10,
		.map = CHART_PROVINCES,
		.geodir = GEODIR,
		.item = prov_items,
		.n = NELEM(prov_items),
	};

	return c;
}

/* ---- the boundary files ---- */

START_TEST(test_chart_geo_files)
{
	char *p;

	ck_assert_int_eq(lines_of(GEODIR "/provinces.tsv"), 81 + 1);
	ck_assert_int_eq(lines_of(GEODIR "/districts.tsv"), 973 + 1);
	p = slurp(GEODIR "/provinces.tsv", NULL);
	ck_assert(strncmp(p, "plate\tname\tbbox\tpath\n", 21) == 0);
	has(p, "\n34\tİstanbul\t");
	has(p, "\n17\tÇanakkale\t");
	free(p);
	p = slurp(GEODIR "/districts.tsv", NULL);
	ck_assert(strncmp(p, "plate\tname\tshape_id\tbbox\tpath\n", 30) == 0);
	has(p, "\n34\tPrince Islands\t");
	has(p, "\n34\tKadıköy\t");
	free(p);
	p = slurp(GEODIR "/README", NULL);
	has(p, CHART_ATTRIBUTION);
	free(p);
}
END_TEST

/* ---- the province map ---- */

START_TEST(test_chart_provinces_map)
{
	struct chart c = prov_chart();
	char *doc = render(&c, NULL), *s;
	xmlDocPtr d = parse(doc);

	ck_assert_int_eq(count(d, "/s:svg"), 1);
	ck_assert_int_eq(count(d, "//s:g[@transform]/s:path"), 81);
	ck_assert_int_eq(count(d, "//s:g[@transform]/s:path[s:title]"), 81);
	s = string(d, "string(/s:svg/s:title)");
	ck_assert_str_eq(s, "Caseload by province");
	free(s);
	has(doc, ">Caseload by province</text>");
	has(doc, ">as of 2026-11-23 · period 2026-11 · all programmes</text>");
	has(doc, ">Unit: households</text>");
	has(doc, ">" CHART_ATTRIBUTION "</text>");
	/* Hover titles: the official name, the value with its unit. */
	has(doc, "<title>İstanbul: 1,234,567 households</title>");
	has(doc, "<title>Hakkari: no data</title>");
	has(doc, "<title>Düzce: 0 households</title>");
	/* The bars, in the caller's order, the unknown area among them;
	 * 77 of 1,500,000 still shows, as a sliver; 0 and the suppressed
	 * value have no bar. */
	ck_assert_int_eq(count(d, "//s:g[s:title]/s:rect"), 7);
	s = string(d, "string((//s:g[s:title])[1]/s:text[1])");
	ck_assert_str_eq(s, "İstanbul");
	free(s);
	s = string(d, "string((//s:g[s:title])[9]/s:text[1])");
	ck_assert_str_eq(s, "Nowhere");
	free(s);
	s = string(d, "string((//s:g[s:title])[9]/s:text[2])");
	ck_assert_str_eq(s, "77");
	free(s);
	xmlFreeDoc(d);
	free(doc);
}
END_TEST

START_TEST(test_chart_suppressed_not_leaked)
{
	struct chart c = prov_chart();
	char *doc = render(&c, NULL), *s;
	xmlDocPtr d = parse(doc);

	hasnt(doc, "987654");
	hasnt(doc, "987,654");
	has(doc, "<title>Bayburt: suppressed (fewer than 10)</title>");
	has(doc, "suppressed (fewer than 10)</text>");
	has(doc, "Suppressed: fewer than 10 cases; the value is withheld.");
	s = fill_of(d, "Bayburt");
	ck_assert_str_eq(s, "url(#hatch)");
	free(s);
	/* Its bar: the word, no rectangle. */
	ck_assert_int_eq(count(d, "(//s:g[s:title])[7]/s:rect"), 0);
	s = string(d, "string((//s:g[s:title])[7]/s:text[2])");
	ck_assert_str_eq(s, "suppressed");
	free(s);
	xmlFreeDoc(d);
	free(doc);
}
END_TEST

/*
 * Ten provinces valued 1 to 10: the quantile classes end at 2, 4, 6, 8
 * and 10, each holding two of them.
 */
START_TEST(test_chart_classes_quantiles)
{
	static const char *const name[10] = { "Adana", "Adıyaman",
	    "Afyonkarahisar", "Ağrı", "Amasya", "Ankara", "Antalya",
	    "Artvin", "Aydın", "Balıkesir" };
	static const char *const want[10] = { "#c6dbef", "#c6dbef",
	    "#9ecae1", "#9ecae1", "#6baed6", "#6baed6", "#3182bd",
	    "#3182bd", "#08519c", "#08519c" };
	struct chart_item it[10];
	struct chart c = prov_chart();
	char *doc, *s;
	xmlDocPtr d;
	int i;

	for (i = 0; i < 10; i++)
		it[i] = (struct chart_item){ i + 1, NULL, name[i], i + 1, 0 };
	c.item = it;
	c.n = 10;
	doc = render(&c, NULL);
	d = parse(doc);
	for (i = 0; i < 10; i++) {
		s = fill_of(d, name[i]);
		ck_assert_msg(strcmp(s, want[i]) == 0, "%s: %s", name[i], s);
		free(s);
	}
	has(doc, ">1 – 2</text>");
	has(doc, ">9 – 10</text>");
	has(doc, ">no data</text>");
	hasnt(doc, "suppressed");
	s = fill_of(d, "Bilecik");
	ck_assert_str_eq(s, "#d9d9d9");
	free(s);
	xmlFreeDoc(d);
	free(doc);

	/* One distinct value: one class, the legend one value. */
	for (i = 0; i < 10; i++)
		it[i].value = 42;
	doc = render(&c, NULL);
	d = parse(doc);
	s = fill_of(d, "Aydın");
	ck_assert_str_eq(s, "#6baed6");
	free(s);
	has(doc, ">42</text>");
	xmlFreeDoc(d);
	free(doc);
}
END_TEST

/* ---- the district map ---- */

START_TEST(test_chart_districts_map)
{
	static const struct chart_item it[] = {
		{ 34, "Kadıköy", "Kadıköy", 4321, 0 },
		{ 34, "Prince Islands", "Adalar", 12, 0 },
		{ 34, "Üsküdar", "Üsküdar", 3, 1 },
		{ 1, "Seyhan", "Seyhan", 999, 0 },	/* not İstanbul */
		{ 34, "Atlantis", "Atlantis", 5, 0 },	/* not a district */
	};
	struct chart c = {
		.title = "Caseload by district: İstanbul",
		.unit = "persons",
		.min_count = 5,
		.map = CHART_DISTRICTS,
		.province = 34,
		.geodir = GEODIR,
		.item = it,
		.n = NELEM(it),
	};
	char *doc = render(&c, NULL), *s;
	xmlDocPtr d = parse(doc);

	ck_assert_int_eq(count(d, "//s:g[@transform]/s:path"), 39);
	has(doc, "<title>Kadıköy: 4,321 persons</title>");
	has(doc, "<title>Prince Islands: 12 persons</title>");
	has(doc, "<title>Üsküdar: suppressed (fewer than 5)</title>");
	has(doc, "<title>Beşiktaş: no data</title>");
	ck_assert_int_eq(count(d, "//s:g[@transform]/s:path"
	    "[starts-with(s:title, 'Seyhan') or"
	    " starts-with(s:title, 'Atlantis')]"), 0);
	/* The bars hold all five, the two unmapped ones too. */
	ck_assert_int_eq(count(d, "//s:g[s:title and s:text]"), 5);
	s = string(d, "string((//s:g[s:title and s:text])[4]/s:text[2])");
	ck_assert_str_eq(s, "999");
	free(s);
	has(doc, CHART_ATTRIBUTION);
	xmlFreeDoc(d);
	free(doc);
}
END_TEST

/* ---- bars alone, money, text ---- */

START_TEST(test_chart_money_bars)
{
	static const struct chart_item it[] = {
		{ 0, NULL, "regular", 123456789, 0 },
		{ 0, NULL, "cct", 5, 0 },
		{ 0, NULL, "recovered", -250000, 0 },
		{ 0, NULL, "tiny", 9, 1 },
	};
	struct chart c = {
		.title = "Payments by programme",
		.money = 1,
		.min_count = 10,
		.item = it,
		.n = NELEM(it),
	};
	char *doc = render(&c, NULL), *s;
	xmlDocPtr d = parse(doc);

	has(doc, ">1,234,567.89</text>");
	has(doc, ">0.05</text>");
	has(doc, ">-2,500.00</text>");
	has(doc, "<title>regular: 1,234,567.89 TRY</title>");
	has(doc, ">Unit: TRY</text>");
	/* The scale in whole lira: 1,234,567.89 in five steps of 500,000. */
	has(doc, ">1,500,000</text>");
	hasnt(doc, "1,500,000.00");
	/* No map, no area: no boundaries, no attribution. */
	ck_assert_int_eq(count(d, "//s:g[@transform]"), 0);
	hasnt(doc, "geoBoundaries");
	hasnt(doc, ">9</text>");
	hasnt(doc, ">0.09</text>");
	s = string(d, "string(/s:svg/@width)");
	ck_assert_str_eq(s, "960");
	free(s);
	xmlFreeDoc(d);
	free(doc);
}
END_TEST

START_TEST(test_chart_counts_grouped)
{
	static const struct chart_item it[] = {
		{ 0, NULL, "persons", 1234567890123LL, 0 },
		{ 0, NULL, "none", 0, 0 },
	};
	struct chart c = {
		.title = "t", .unit = "persons", .item = it, .n = NELEM(it),
	};
	char *doc = render(&c, NULL);

	xmlFreeDoc(parse(doc));
	has(doc, ">1,234,567,890,123</text>");
	has(doc, ">0</text>");
	free(doc);
}
END_TEST

START_TEST(test_chart_bad_text_still_xml)
{
	static const struct chart_item it[] = {
		{ 0, NULL, "bad \xff byte, \x01 control & <tag>", 1, 0 },
		{ 0, NULL, "a label much longer than the forty characters kept"
		    " in the column", 2, 0 },
		{ 0, NULL, NULL, 3, 0 },
	};
	struct chart c = {
		.title = "a < b & \"c\"", .subtitle = "\x7f\xc3", .unit = "x",
		.item = it, .n = NELEM(it),
	};
	char *doc = render(&c, NULL);

	xmlFreeDoc(parse(doc));
	has(doc, "bad \xEF\xBF\xBD byte, \xEF\xBF\xBD control &amp; &lt;tag&gt;");
	has(doc, ">a label much longer than the forty chara…</text>");
	has(doc, "<title>a label much longer than the forty characters kept"
	    " in the column: 2 x</title>");
	free(doc);
}
END_TEST

START_TEST(test_chart_deterministic)
{
	struct chart c = prov_chart();
	size_t n1, n2;
	char *a = render(&c, &n1), *b = render(&c, &n2);

	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(a, b, n1) == 0);
	free(a);
	free(b);
}
END_TEST

/* ---- refusals ---- */

START_TEST(test_chart_bad_geodir)
{
	struct chart c = prov_chart();
	FILE *f = fopen("/dev/null", "w");
	char *msg;

	c.geodir = "/nonexistent/geo";
	capture_begin();
	ck_assert_int_eq(chart_write_svg(f, &c), -1);
	msg = capture_end();
	has(msg, "check_chart: /nonexistent/geo/provinces.tsv: cannot open");
	free(msg);

	c.map = CHART_DISTRICTS;
	c.province = 82;
	capture_begin();
	ck_assert_int_eq(chart_write_svg(f, &c), -1);
	msg = capture_end();
	has(msg, "no province with plate 82");
	free(msg);
	fclose(f);
}
END_TEST

/* A broken line is named by file and line. */
START_TEST(test_chart_bad_geo_line)
{
	struct chart c = prov_chart();
	char *dir = tmp_path("geo"), *path, *msg;
	FILE *f;

	ck_assert_int_eq(mkdir(dir, 0700), 0);
	path = malloc(strlen(dir) + 32);
	sprintf(path, "%s/provinces.tsv", dir);
	f = fopen(path, "w");
	fputs("plate\tname\tbbox\tpath\n"
	    "1\tAdana\t0 0 10 10\tM0 0l10 0 0 10z\n"
	    "2\tAdıyaman\t0 0 x 10\tM0 0l10 0 0 10z\n", f);
	fclose(f);
	c.geodir = dir;
	f = fopen("/dev/null", "w");
	capture_begin();
	ck_assert_int_eq(chart_write_svg(f, &c), -1);
	msg = capture_end();
	has(msg, "provinces.tsv:3: bad bbox '0 0 x 10'");
	free(msg);
	fclose(f);

	/* A province without districts in the file. */
	sprintf(path, "%s/districts.tsv", dir);
	f = fopen(path, "w");
	fputs("plate\tname\tshape_id\tbbox\tpath\n"
	    "1\tSeyhan\tX1\t0 0 10 10\tM0 0l10 0 0 10z\n", f);
	fclose(f);
	c.map = CHART_DISTRICTS;
	c.province = 2;
	f = fopen("/dev/null", "w");
	capture_begin();
	ck_assert_int_eq(chart_write_svg(f, &c), -1);
	msg = capture_end();
	has(msg, "districts.tsv: no districts of province 2");
	free(msg);
	fclose(f);
	/* check_main() removes files only: the folder goes here. */
	ck_assert_int_eq(unlink(path), 0);
	sprintf(path, "%s/provinces.tsv", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_chart_write_error)
{
	struct chart c = prov_chart();
	FILE *f = fopen("/dev/full", "w");
	char *msg;

	ck_assert_ptr_nonnull(f);
	capture_begin();
	ck_assert_int_eq(chart_write_svg(f, &c), -1);
	msg = capture_end();
	has(msg, "cannot write the chart");
	free(msg);
	fclose(f);
}
END_TEST

static Suite *
chart_suite(int forking)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_chart_geo_files);
	tcase_add_test(tc, test_chart_provinces_map);
	tcase_add_test(tc, test_chart_suppressed_not_leaked);
	tcase_add_test(tc, test_chart_classes_quantiles);
	tcase_add_test(tc, test_chart_districts_map);
	tcase_add_test(tc, test_chart_money_bars);
	tcase_add_test(tc, test_chart_counts_grouped);
	tcase_add_test(tc, test_chart_bad_text_still_xml);
	tcase_add_test(tc, test_chart_deterministic);
	tcase_add_test(tc, test_chart_bad_geodir);
	tcase_add_test(tc, test_chart_bad_geo_line);
	tcase_add_test(tc, test_chart_write_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_chart", chart_suite);
}
