/*
 * check_value.c - unit tests of lib/value.c: ids, IBANs, dates, months,
 * money, whole numbers, name folding and UTF-8.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"
#include "check_common.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

/*
 * For loops over many thousand cases: unlike ck_assert, which reports each
 * passing check to the runner, this is silent until it fails.
 */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

/* A small deterministic generator, so that failures can be replayed. */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint32_t
rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static int
tckn_ok(const char *s)
{
	return tckn_valid(s, strlen(s));
}

static int
iban_ok(const char *s)
{
	return iban_valid(s, strlen(s));
}

/*
 * Writes into s[2..4) the check digits that make the IBAN s valid mod 97,
 * computed here independently of lib/value.c with a long division.
 */
static void
iban_set_check(char *s)
{
	char num[80];
	size_t i, n, len;
	unsigned r, c;

	len = strlen(s);
	s[2] = '0';
	s[3] = '0';
	n = 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[(i + 4) % len];
		if (c >= 'A' && c <= 'Z') {
			num[n++] = (char)('0' + (c - 'A' + 10) / 10);
			num[n++] = (char)('0' + (c - 'A' + 10) % 10);
		} else
			num[n++] = (char)c;
	}
	r = 0;
	for (i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(num[i] - '0')) % 97;
	r = 98 - r;
	s[2] = (char)('0' + r / 10);
	s[3] = (char)('0' + r % 10);
}

static int32_t
ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int
parse_date(const char *s, int32_t *days)
{
	return date_parse(s, strlen(s), days);
}

static int
money(const char *s, int allow_negative, int64_t *v)
{
	*v = INT64_C(0x5A5A5A5A);
	return money_parse(s, strlen(s), allow_negative, v);
}

static const char *
fold(const char *s)
{
	static char buf[256];

	name_fold(s, strlen(s), buf, sizeof buf);
	return buf;
}

START_TEST(test_value_tckn_valid_examples)
{
	ck_assert_int_eq(tckn_ok("10000000146"), 1);
	ck_assert_int_eq(tckn_ok("17291716060"), 1);
	ck_assert_int_eq(tckn_ok("11111111110"), 1);
}
END_TEST

START_TEST(test_value_tckn_invalid_examples)
{
	ck_assert_int_eq(tckn_ok("17291716050"), 0);	/* check digit */
	ck_assert_int_eq(tckn_ok("17291716061"), 0);	/* d11 */
	ck_assert_int_eq(tckn_ok("1729171606"), 0);	/* length */
	ck_assert_int_eq(tckn_ok("172917160600"), 0);	/* length */
	ck_assert_int_eq(tckn_ok("07291716092"), 0);	/* leading zero */
	ck_assert_int_eq(tckn_ok("1729171606a"), 0);
	ck_assert_int_eq(tckn_ok("1729 716060"), 0);
	ck_assert_int_eq(tckn_ok(""), 0);
	/* Only the first len bytes count. */
	ck_assert_int_eq(tckn_valid("172917160609", 11), 1);
	ck_assert_int_eq(tckn_valid("17291716060", 10), 0);
}
END_TEST

START_TEST(test_value_tckn_complete_random)
{
	int d[11], i, k;
	char s[12];

	d[0] = 1;
	for (i = 1; i < 8; i++)
		d[i] = 0;
	d[8] = 1;
	tckn_complete(d);		/* 10000000146 */
	ck_assert_int_eq(d[9], 4);
	ck_assert_int_eq(d[10], 6);
	for (k = 0; k < 20000; k++) {
		d[0] = 1 + (int)(rng_next() % 9);
		for (i = 1; i < 9; i++)
			d[i] = (int)(rng_next() % 10);
		tckn_complete(d);
		REQUIRE(d[9] >= 0 && d[9] <= 9 && d[10] >= 0 && d[10] <= 9,
		    "check digits %d %d", d[9], d[10]);
		for (i = 0; i < 11; i++)
			s[i] = (char)('0' + d[i]);
		s[11] = '\0';
		REQUIRE(tckn_ok(s), "tckn_complete gave invalid %s", s);
		/* Any single changed check digit is caught. */
		s[10] = (char)('0' + (d[10] + 1 + (int)(rng_next() % 9)) % 10);
		REQUIRE(!tckn_ok(s), "changed d11 passed: %s", s);
		s[10] = (char)('0' + d[10]);
		s[9] = (char)('0' + (d[9] + 1 + (int)(rng_next() % 9)) % 10);
		REQUIRE(!tckn_ok(s), "changed d10 passed: %s", s);
	}
}
END_TEST

START_TEST(test_value_iban_valid_tr)
{
	ck_assert_int_eq(iban_ok("TR330006100519786457841326"), 1);
	ck_assert_int_eq(iban_ok("TR800006200006700006684477"), 1);
}
END_TEST

START_TEST(test_value_iban_valid_foreign)
{
	ck_assert_int_eq(iban_ok("GB82WEST12345698765432"), 1);
	ck_assert_int_eq(iban_ok("DE89370400440532013000"), 1);
	ck_assert_int_eq(iban_ok("NO9386011117947"), 1);	/* 15, the shortest */
	ck_assert_int_eq(iban_ok("GB82WEST12345698765433"), 0);
	ck_assert_int_eq(iban_ok("DE89370400440532013001"), 0);
	ck_assert_int_eq(iban_ok("NO938601111794"), 0);
}
END_TEST

START_TEST(test_value_iban_length_bounds)
{
	char s[40];

	strcpy(s, "NO0086011117947");
	iban_set_check(s);
	ck_assert_str_eq(s, "NO9386011117947");
	ck_assert_int_eq(iban_ok(s), 1);
	/* Right check digits, but 14 and 35 characters. */
	strcpy(s, "NO008601111794");
	iban_set_check(s);
	ck_assert_int_eq(iban_ok(s), 0);
	strcpy(s, "MT0012345678901234567890123456789");	/* 33 */
	iban_set_check(s);
	ck_assert_int_eq(iban_ok(s), 1);
	strcpy(s, "MT00123456789012345678901234567890");	/* 34 */
	iban_set_check(s);
	ck_assert_int_eq(iban_ok(s), 1);
	strcpy(s, "MT001234567890123456789012345678901");	/* 35 */
	iban_set_check(s);
	ck_assert_int_eq(iban_ok(s), 0);
	/* Letters in the BBAN, and a country code in digits. */
	strcpy(s, "GB00WEST12345698765432");
	iban_set_check(s);
	ck_assert_str_eq(s, "GB82WEST12345698765432");
	strcpy(s, "1B0086011117947");
	iban_set_check(s);
	ck_assert_int_eq(iban_ok(s), 0);
	strcpy(s, "N10086011117947");
	iban_set_check(s);
	ck_assert_int_eq(iban_ok(s), 0);
}
END_TEST

START_TEST(test_value_iban_invalid)
{
	/* One changed digit, two swapped digits. */
	ck_assert_int_eq(iban_ok("TR330006100519786457841327"), 0);
	ck_assert_int_eq(iban_ok("TR330006100519786457841362"), 0);
	ck_assert_int_eq(iban_ok("TR340006100519786457841326"), 0);
	/* TR needs 26 characters. */
	ck_assert_int_eq(iban_ok("TR33000610051978645784132"), 0);
	ck_assert_int_eq(iban_ok("TR3300061005197864578413266"), 0);
	/* Lower case and spaces are for iban_normalize. */
	ck_assert_int_eq(iban_ok("tr330006100519786457841326"), 0);
	ck_assert_int_eq(iban_ok("TR33 0006 1005 1978 6457 8413 26"), 0);
	ck_assert_int_eq(iban_ok("TR33000610051978645784132-"), 0);
	ck_assert_int_eq(iban_ok(""), 0);
	ck_assert_int_eq(iban_ok("TR"), 0);
}
END_TEST

START_TEST(test_value_iban_tr_structure)
{
	char out[27];

	/* Valid mod 97 but a letter in the bank code, or reserve digit 1. */
	iban_make_tr("0006A00519786457841326", out);
	ck_assert_int_eq(iban_ok(out), 0);
	iban_make_tr("0006110519786457841326", out);
	ck_assert_int_eq(iban_ok(out), 0);
	/* The account may hold letters; lower case is written upper. */
	iban_make_tr("00061000ABCDEF0123456Z", out);
	ck_assert_int_eq(iban_ok(out), 1);
	iban_make_tr("00061000abcdef0123456z", out);
	ck_assert_int_eq(iban_ok(out), 1);
	ck_assert_str_eq(out + 4, "00061000ABCDEF0123456Z");
	/* Other countries are not held to 26 characters. */
	ck_assert_int_eq(iban_ok("SA0380000000608010167519"), 1);
	ck_assert_int_eq(iban_ok("TR0380000000608010167519"), 0);
	/* Nor to TR's bank code and reserve digit. */
	strcpy(out, "XX000006A10519786457841326");
	iban_set_check(out);
	ck_assert_int_eq(iban_ok(out), 1);
	out[0] = 'T';
	out[1] = 'R';
	iban_set_check(out);
	ck_assert_int_eq(iban_ok(out), 0);
	/* A TR IBAN one character short, with right check digits. */
	strcpy(out, "TR00000610051978645784132");
	iban_set_check(out);
	ck_assert_int_eq(iban_ok(out), 0);
}
END_TEST

START_TEST(test_value_iban_normalize)
{
	char out[40];
	size_t n;

	n = iban_normalize(S("tr33 0006 1005 1978 6457 8413 26"), out,
	    sizeof out);
	ck_assert_uint_eq(n, 26);
	ck_assert_str_eq(out, "TR330006100519786457841326");
	ck_assert_int_eq(iban_valid(out, n), 1);
	n = iban_normalize(S("Gb82 West 1234 5698 7654 32"), out, sizeof out);
	ck_assert_uint_eq(n, 22);
	ck_assert_str_eq(out, "GB82WEST12345698765432");
	ck_assert_uint_eq(iban_normalize(S("TR33-0006"), out, sizeof out),
	    (size_t)-1);
	ck_assert_uint_eq(iban_normalize(S("TR33\t0006"), out, sizeof out),
	    (size_t)-1);
	ck_assert_uint_eq(iban_normalize(S("TR33 \xc3\x96"), out, sizeof out),
	    (size_t)-1);
	/* 26 characters need 27 bytes. */
	ck_assert_uint_eq(iban_normalize(S("TR330006100519786457841326"), out,
	    26), (size_t)-1);
	ck_assert_uint_eq(iban_normalize(S("TR330006100519786457841326"), out,
	    27), 26);
	ck_assert_uint_eq(iban_normalize(S("   "), out, sizeof out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_value_iban_make_tr)
{
	char bban[23], out[27];
	int i, k, c;

	iban_make_tr("0006100519786457841326", out);
	ck_assert_str_eq(out, "TR330006100519786457841326");
	iban_make_tr("0006200006700006684477", out);
	ck_assert_str_eq(out, "TR800006200006700006684477");
	for (k = 0; k < 5000; k++) {
		for (i = 0; i < 5; i++)
			bban[i] = (char)('0' + rng_next() % 10);
		bban[5] = '0';
		for (i = 6; i < 22; i++) {
			c = (int)(rng_next() % 36);
			bban[i] = (char)(c < 10 ? '0' + c : 'A' + c - 10);
		}
		bban[22] = '\0';
		iban_make_tr(bban, out);
		REQUIRE(strlen(out) == 26 && memcmp(out, "TR", 2) == 0 &&
		    memcmp(out + 4, bban, 22) == 0, "%s from %s", out, bban);
		REQUIRE(iban_ok(out), "iban_make_tr gave invalid %s", out);
		out[4 + rng_next() % 5] ^= 1;	/* another digit */
		REQUIRE(!iban_ok(out), "changed digit passed: %s", out);
	}
}
END_TEST

START_TEST(test_value_date_known_days)
{
	int y, m, d;

	ck_assert_int_eq(ymd(1970, 1, 1), 0);
	ck_assert_int_eq(ymd(1969, 12, 31), -1);
	ck_assert_int_eq(ymd(2000, 3, 1), 11017);
	ck_assert_int_eq(ymd(1900, 3, 1), -25508);
	ck_assert_int_eq(ymd(2024, 2, 29), 19782);
	ck_assert_int_eq(ymd(1, 1, 1), -719162);
	ck_assert_int_eq(ymd(9999, 12, 31), 2932896);
	date_to_ymd(-719162, &y, &m, &d);
	ck_assert(y == 1 && m == 1 && d == 1);
	date_to_ymd(2932896, &y, &m, &d);
	ck_assert(y == 9999 && m == 12 && d == 31);
	date_to_ymd(-1, &y, &m, &d);
	ck_assert(y == 1969 && m == 12 && d == 31);
}
END_TEST

START_TEST(test_value_date_round_trip)
{
	int32_t day, first, last, back;
	int y, m, d, py, pm, pd, n;
	char buf[11];

	first = ymd(1900, 1, 1);
	last = ymd(2100, 12, 31);
	py = 1899;
	pm = 12;
	pd = 31;
	n = 0;
	for (day = first; day <= last; day++) {
		date_to_ymd(day, &y, &m, &d);
		REQUIRE(date_valid_ymd(y, m, d), "day %d", (int)day);
		REQUIRE(date_from_ymd(y, m, d) == day, "day %d", (int)day);
		/* Each day follows the one before. */
		if (d == 1)
			REQUIRE(pm == (m == 1 ? 12 : m - 1) &&
			    py == (m == 1 ? y - 1 : y) &&
			    pd == 28 + (date_valid_ymd(py, pm, 29) +
			    date_valid_ymd(py, pm, 30) +
			    date_valid_ymd(py, pm, 31)),
			    "%d-%d-%d after %d-%d-%d", y, m, d, py, pm, pd);
		else
			REQUIRE(y == py && m == pm && d == pd + 1,
			    "%d-%d-%d after %d-%d-%d", y, m, d, py, pm, pd);
		py = y;
		pm = m;
		pd = d;
		date_format(day, buf);
		REQUIRE(strlen(buf) == 10, "'%s'", buf);
		REQUIRE(parse_date(buf, &back) == 0 && back == day,
		    "'%s' did not come back as day %d", buf, (int)day);
		n++;
	}
	ck_assert_int_eq(n, 73414);
	/* The ends of the range, a step at a time. */
	for (day = ymd(1, 1, 1); day <= ymd(9999, 12, 31); day += 97) {
		date_format(day, buf);
		REQUIRE(parse_date(buf, &back) == 0 && back == day,
		    "'%s' did not come back as day %d", buf, (int)day);
	}
	date_format(ymd(1, 1, 1), buf);
	ck_assert_str_eq(buf, "0001-01-01");
	date_format(ymd(9999, 12, 31), buf);
	ck_assert_str_eq(buf, "9999-12-31");
}
END_TEST

START_TEST(test_value_date_leap_rules)
{
	ck_assert_int_eq(date_valid_ymd(1900, 2, 29), 0);
	ck_assert_int_eq(date_valid_ymd(2000, 2, 29), 1);
	ck_assert_int_eq(date_valid_ymd(2024, 2, 29), 1);
	ck_assert_int_eq(date_valid_ymd(2023, 2, 29), 0);
	ck_assert_int_eq(date_valid_ymd(2100, 2, 29), 0);
	ck_assert_int_eq(date_valid_ymd(2400, 2, 29), 1);
	ck_assert_int_eq(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1);
	ck_assert_int_eq(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
	ck_assert_int_eq(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
	ck_assert_int_eq(ymd(1901, 1, 1) - ymd(1900, 1, 1), 365);
	ck_assert_int_eq(date_valid_ymd(2023, 4, 31), 0);
	ck_assert_int_eq(date_valid_ymd(2023, 12, 31), 1);
	ck_assert_int_eq(date_valid_ymd(2023, 13, 1), 0);
	ck_assert_int_eq(date_valid_ymd(2023, 0, 1), 0);
	ck_assert_int_eq(date_valid_ymd(2023, 1, 0), 0);
	ck_assert_int_eq(date_valid_ymd(0, 1, 1), 0);
	ck_assert_int_eq(date_valid_ymd(10000, 1, 1), 0);
}
END_TEST

START_TEST(test_value_date_parse_forms)
{
	int32_t d;

	ck_assert_int_eq(parse_date("1980-02-29", &d), 0);
	ck_assert_int_eq(d, ymd(1980, 2, 29));
	ck_assert_int_eq(parse_date("29.02.1980", &d), 0);
	ck_assert_int_eq(d, ymd(1980, 2, 29));
	ck_assert_int_eq(parse_date("1.2.1980", &d), 0);
	ck_assert_int_eq(d, ymd(1980, 2, 1));
	ck_assert_int_eq(parse_date("01.2.1980", &d), 0);
	ck_assert_int_eq(d, ymd(1980, 2, 1));
	ck_assert_int_eq(parse_date("1.12.1980", &d), 0);
	ck_assert_int_eq(d, ymd(1980, 12, 1));
	ck_assert_int_eq(parse_date("0001-01-01", &d), 0);
	ck_assert_int_eq(d, -719162);
	/* Only the first len bytes count. */
	ck_assert_int_eq(date_parse("2020-01-02xyz", 10, &d), 0);
	ck_assert_int_eq(d, ymd(2020, 1, 2));
}
END_TEST

START_TEST(test_value_date_parse_errors)
{
	static const char *syntax[] = {
		"", "2020", "2020-1-02", "2020-01-2", "20-01-02", "2020/01/02",
		"2020-01-02 ", " 2020-01-02", "02.01.20", "02.01.02020",
		"002.01.2020", "02.001.2020", ".01.2020", "02..2020", "02.01.",
		"02-01-2020", "2020-01-0a", "+2020-01-02", "2.1.2020.",
		"12020-01-02", "2020-01-02T00", "a.b.cdef"
	};
	size_t i;
	int32_t d;

	for (i = 0; i < sizeof syntax / sizeof syntax[0]; i++)
		ck_assert_msg(parse_date(syntax[i], &d) == VALUE_ESYNTAX,
		    "'%s' not a syntax error", syntax[i]);
	ck_assert_int_eq(parse_date("31.02.1980", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("2023-02-29", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("2023-13-01", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("01.13.2023", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("2023-00-01", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("2023-01-00", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("0000-01-01", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("01.01.0000", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("1900-02-29", &d), VALUE_ERANGE);
	ck_assert_int_eq(parse_date("31.04.2020", &d), VALUE_ERANGE);
}
END_TEST

START_TEST(test_value_date_add_months)
{
	ck_assert_int_eq(date_add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
	ck_assert_int_eq(date_add_months(ymd(2023, 1, 31), 1), ymd(2023, 2, 28));
	ck_assert_int_eq(date_add_months(ymd(2024, 3, 31), -1),
	    ymd(2024, 2, 29));
	ck_assert_int_eq(date_add_months(ymd(2024, 2, 29), -12),
	    ymd(2023, 2, 28));
	ck_assert_int_eq(date_add_months(ymd(2024, 2, 29), 48),
	    ymd(2028, 2, 29));
	ck_assert_int_eq(date_add_months(ymd(2024, 5, 15), -12),
	    ymd(2023, 5, 15));
	ck_assert_int_eq(date_add_months(ymd(2024, 1, 15), -1),
	    ymd(2023, 12, 15));
	ck_assert_int_eq(date_add_months(ymd(2024, 1, 15), -13),
	    ymd(2022, 12, 15));
	ck_assert_int_eq(date_add_months(ymd(2024, 12, 31), 1),
	    ymd(2025, 1, 31));
	ck_assert_int_eq(date_add_months(ymd(2024, 8, 31), 1), ymd(2024, 9, 30));
	ck_assert_int_eq(date_add_months(ymd(2024, 6, 10), 0), ymd(2024, 6, 10));
	ck_assert_int_eq(date_add_months(ymd(1969, 12, 31), 2),
	    ymd(1970, 2, 28));
}
END_TEST

START_TEST(test_value_date_age)
{
	int32_t born;

	born = ymd(1980, 6, 15);
	ck_assert_int_eq(date_age(born, ymd(2020, 6, 14)), 39);
	ck_assert_int_eq(date_age(born, ymd(2020, 6, 15)), 40);
	ck_assert_int_eq(date_age(born, ymd(2020, 12, 31)), 40);
	ck_assert_int_eq(date_age(born, ymd(2021, 1, 1)), 40);
	ck_assert_int_eq(date_age(born, born), 0);
	ck_assert_int_eq(date_age(born, born + 1), 0);
	/* Born on 29 February: a year older on 1 March in common years. */
	born = ymd(2000, 2, 29);
	ck_assert_int_eq(date_age(born, ymd(2001, 2, 28)), 0);
	ck_assert_int_eq(date_age(born, ymd(2001, 3, 1)), 1);
	ck_assert_int_eq(date_age(born, ymd(2018, 2, 28)), 17);
	ck_assert_int_eq(date_age(born, ymd(2018, 3, 1)), 18);
	ck_assert_int_eq(date_age(born, ymd(2004, 2, 28)), 3);
	ck_assert_int_eq(date_age(born, ymd(2004, 2, 29)), 4);
	born = ymd(1960, 12, 31);
	ck_assert_int_eq(date_age(born, ymd(2025, 12, 30)), 64);
	ck_assert_int_eq(date_age(born, ymd(2025, 12, 31)), 65);
	ck_assert_int_eq(date_age(ymd(1969, 1, 1), ymd(1970, 1, 1)), 1);
}
END_TEST

START_TEST(test_value_month_parse_format)
{
	int32_t mo;
	char buf[8];

	ck_assert_int_eq(month_parse(S("2024-03"), &mo), 0);
	ck_assert_int_eq(mo, 2024 * 12 + 2);
	month_format(mo, buf);
	ck_assert_str_eq(buf, "2024-03");
	ck_assert_int_eq(month_parse(S("2024-12"), &mo), 0);
	ck_assert_int_eq(mo, 2024 * 12 + 11);
	month_format(mo + 1, buf);
	ck_assert_str_eq(buf, "2025-01");
	ck_assert_int_eq(month_parse(S("0001-01"), &mo), 0);
	ck_assert_int_eq(mo, 12);
	month_format(mo, buf);
	ck_assert_str_eq(buf, "0001-01");
	ck_assert_int_eq(month_parse(S("2024-13"), &mo), VALUE_ERANGE);
	ck_assert_int_eq(month_parse(S("2024-00"), &mo), VALUE_ERANGE);
	ck_assert_int_eq(month_parse(S("0000-05"), &mo), VALUE_ERANGE);
	ck_assert_int_eq(month_parse(S("2024-3"), &mo), VALUE_ESYNTAX);
	ck_assert_int_eq(month_parse(S("2024/03"), &mo), VALUE_ESYNTAX);
	ck_assert_int_eq(month_parse(S("2024-03-01"), &mo), VALUE_ESYNTAX);
	ck_assert_int_eq(month_parse(S(""), &mo), VALUE_ESYNTAX);
	ck_assert_int_eq(month_parse(S("03.2024"), &mo), VALUE_ESYNTAX);
	for (mo = 1900 * 12; mo < 2101 * 12; mo++) {
		int32_t back;

		month_format(mo, buf);
		REQUIRE(month_parse(buf, strlen(buf), &back) == 0 &&
		    back == mo, "'%s' is not month %d", buf, (int)mo);
	}
}
END_TEST

START_TEST(test_value_month_days)
{
	int32_t mo, day;

	ck_assert_int_eq(month_first_day(2024 * 12 + 1), ymd(2024, 2, 1));
	ck_assert_int_eq(month_first_day(1970 * 12), 0);
	ck_assert_int_eq(month_first_day(1969 * 12 + 11), ymd(1969, 12, 1));
	ck_assert_int_eq(month_of_day(ymd(2024, 2, 29)), 2024 * 12 + 1);
	ck_assert_int_eq(month_of_day(ymd(2024, 3, 1)), 2024 * 12 + 2);
	ck_assert_int_eq(month_of_day(-1), 1969 * 12 + 11);
	for (mo = 1900 * 12; mo < 2101 * 12; mo++) {
		day = month_first_day(mo);
		REQUIRE(month_of_day(day) == mo && month_of_day(day - 1) ==
		    mo - 1, "month %d", (int)mo);
	}
}
END_TEST

START_TEST(test_value_money_parse_conventions)
{
	static const struct {
		const char *s;
		int64_t v;
	} ok[] = {
		{ "1234.5", 123450 }, { "1234,50", 123450 },
		{ "1.234,50", 123450 }, { "1,234.50", 123450 },
		{ "1 234,50", 123450 }, { "1 234.50", 123450 },
		{ "0,05", 5 }, { "12", 1200 }, { "0", 0 }, { "7,1", 710 },
		{ "1.234.567", 123456700 }, { "1,234,567", 123456700 },
		{ "1.234.567,8", 123456780 }, { "1,234,567.89", 123456789 },
		{ "1 234", 123400 }, { "12 345 678", 1234567800 },
		{ "123.456.789,01", 12345678901 }, { "12,5", 1250 },
		{ "1234.56", 123456 }, { "007", 700 }, { "1.2", 120 },
		{ "100000", 10000000 }
	};
	size_t i;
	int64_t v;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		ck_assert_msg(money(ok[i].s, 0, &v) == 0, "'%s' refused",
		    ok[i].s);
		ck_assert_msg(v == ok[i].v, "'%s' gave %lld", ok[i].s,
		    (long long)v);
	}
	/* Only the first len bytes count. */
	ck_assert_int_eq(money_parse("12,50xyz", 5, 0, &v), 0);
	ck_assert_int_eq(v, 1250);
}
END_TEST

START_TEST(test_value_money_parse_negative)
{
	int64_t v;

	ck_assert_int_eq(money("-3,5", 1, &v), 0);
	ck_assert_int_eq(v, -350);
	ck_assert_int_eq(money("-3,5", 0, &v), VALUE_ENEGATIVE);
	ck_assert_int_eq(v, INT64_C(0x5A5A5A5A));	/* left alone */
	ck_assert_int_eq(money("-1.234,50", 1, &v), 0);
	ck_assert_int_eq(v, -123450);
	ck_assert_int_eq(money("-0,05", 1, &v), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(money("-12a", 0, &v), VALUE_ESYNTAX);
	ck_assert_int_eq(money("-", 1, &v), VALUE_ESYNTAX);
	ck_assert_int_eq(money("--5", 1, &v), VALUE_ESYNTAX);
	ck_assert_int_eq(money("+5", 1, &v), VALUE_ESYNTAX);
	ck_assert_int_eq(money("5-", 1, &v), VALUE_ESYNTAX);
	ck_assert_int_eq(money("- 5", 1, &v), VALUE_ESYNTAX);
}
END_TEST

START_TEST(test_value_money_parse_errors)
{
	static const struct {
		const char *s;
		int rc;
	} bad[] = {
		{ "1.234", VALUE_EAMBIGUOUS }, { "1,234", VALUE_EAMBIGUOUS },
		{ "123,456", VALUE_EAMBIGUOUS }, { "-1.234", VALUE_EAMBIGUOUS },
		{ "1234.567", VALUE_EDECIMALS }, { "1,2345", VALUE_EDECIMALS },
		{ "0.123", VALUE_EDECIMALS }, { "1.234,567", VALUE_EDECIMALS },
		{ "1 234,567", VALUE_EDECIMALS },
		{ "12a", VALUE_ESYNTAX }, { "", VALUE_ESYNTAX },
		{ "1,23,456", VALUE_ESYNTAX }, { ".5", VALUE_ESYNTAX },
		{ "5.", VALUE_ESYNTAX }, { ",50", VALUE_ESYNTAX },
		{ "1..5", VALUE_ESYNTAX }, { "1.,5", VALUE_ESYNTAX },
		{ " 12", VALUE_ESYNTAX }, { "12 ", VALUE_ESYNTAX },
		{ "1  234", VALUE_ESYNTAX }, { "12 34", VALUE_ESYNTAX },
		{ "1234.567,89", VALUE_ESYNTAX }, { "1.2,3.4", VALUE_ESYNTAX },
		{ "1 234.567,89", VALUE_ESYNTAX }, { "1.234 567", VALUE_ESYNTAX },
		{ "1.23.456", VALUE_ESYNTAX }, { "1.2345.678", VALUE_ESYNTAX },
		{ "1,234.5,6", VALUE_ESYNTAX }, { "1,2.345.678", VALUE_ESYNTAX }, { "12_345", VALUE_ESYNTAX },
		{ "1e5", VALUE_ESYNTAX }, { "TL 5", VALUE_ESYNTAX },
		{ "5\xc2\xa0""000", VALUE_ESYNTAX }, { "1'234", VALUE_ESYNTAX }
	};
	size_t i;
	int64_t v;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(money(bad[i].s, 1, &v) == bad[i].rc,
		    "'%s' gave %d, not %d", bad[i].s, money(bad[i].s, 1, &v),
		    bad[i].rc);
}
END_TEST

START_TEST(test_value_money_parse_overflow)
{
	int64_t v;

	ck_assert_int_eq(money("123456789012345678901234567890", 1, &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(money("92233720368547758.07", 0, &v), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(money("92233720368547758.08", 0, &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(money("92233720368547759", 0, &v), VALUE_EOVERFLOW);
	ck_assert_int_eq(money("-92233720368547758.08", 1, &v), 0);
	ck_assert(v == INT64_MIN);
	ck_assert_int_eq(money("-92233720368547758.09", 1, &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(money("92.233.720.368.547.758,07", 0, &v), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(money("922.337.203.685.477.580,70", 0, &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(money("18446744073709551616", 0, &v),
	    VALUE_EOVERFLOW);
}
END_TEST

START_TEST(test_value_money_format)
{
	char buf[24];

	ck_assert_int_eq(money_format(123450, buf), 7);
	ck_assert_str_eq(buf, "1234.50");
	ck_assert_int_eq(money_format(-5, buf), 5);
	ck_assert_str_eq(buf, "-0.05");
	ck_assert_int_eq(money_format(0, buf), 4);
	ck_assert_str_eq(buf, "0.00");
	ck_assert_int_eq(money_format(100, buf), 4);
	ck_assert_str_eq(buf, "1.00");
	ck_assert_int_eq(money_format(-123456789, buf), 11);
	ck_assert_str_eq(buf, "-1234567.89");
	ck_assert_int_eq(money_format(INT64_MAX, buf), 20);
	ck_assert_str_eq(buf, "92233720368547758.07");
	ck_assert_int_eq(money_format(INT64_MIN, buf), 21);
	ck_assert_str_eq(buf, "-92233720368547758.08");
}
END_TEST

START_TEST(test_value_money_round_trip)
{
	char buf[24];
	int64_t v, back;
	int k, n;

	for (k = 0; k < 20000; k++) {
		v = (int64_t)(((uint64_t)rng_next() << 32) | rng_next());
		if (k % 3 == 0)
			v %= 100000000;
		n = money_format(v, buf);
		REQUIRE(n == (int)strlen(buf), "'%s' not %d long", buf, n);
		REQUIRE(money_parse(buf, (size_t)n, 1, &back) == 0 &&
		    back == v, "'%s' did not come back", buf);
	}
}
END_TEST

START_TEST(test_value_int_parse)
{
	int64_t v;

	ck_assert_int_eq(int_parse(S("0"), &v), 0);
	ck_assert(v == 0);
	ck_assert_int_eq(int_parse(S("42"), &v), 0);
	ck_assert(v == 42);
	ck_assert_int_eq(int_parse(S("+42"), &v), 0);
	ck_assert(v == 42);
	ck_assert_int_eq(int_parse(S("-42"), &v), 0);
	ck_assert(v == -42);
	ck_assert_int_eq(int_parse(S("0007"), &v), 0);
	ck_assert(v == 7);
	ck_assert_int_eq(int_parse(S("9223372036854775807"), &v), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(int_parse(S("-9223372036854775808"), &v), 0);
	ck_assert(v == INT64_MIN);
	ck_assert_int_eq(int_parse(S("9223372036854775808"), &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(int_parse(S("-9223372036854775809"), &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(int_parse(S("99999999999999999999999"), &v),
	    VALUE_EOVERFLOW);
	ck_assert_int_eq(int_parse(S(""), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S("12x"), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S("-"), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S("+"), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S(" 12"), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S("12 "), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S("1.5"), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse(S("--1"), &v), VALUE_ESYNTAX);
	ck_assert_int_eq(int_parse("123", 2, &v), 0);
	ck_assert(v == 12);
}
END_TEST

START_TEST(test_value_name_fold_turkish)
{
	ck_assert_str_eq(fold("\xc4\xb0SMA\xc4\xb0L I\xc5\x9eIK"),
	    "ismail isik");			/* İSMAİL IŞIK */
	ck_assert_str_eq(fold("\xc5\x9e\xc3\xbckr\xc3\xbc G\xc3\xbcl-"
	    "\xc3\x87""elik"), "sukru gul celik");	/* Şükrü Gül-Çelik */
	ck_assert_str_eq(fold("\xc3\x96ZT\xc3\x9cRK"), "ozturk");
	ck_assert_str_eq(fold("\xc6\x8fliyev"), "eliyev");	/* Əliyev */
	ck_assert_str_eq(fold("m\xc9\x99mm\xc9\x99""d"), "memmed");
	ck_assert_str_eq(fold("\xc4\x9e\xc4\x9f\xc4\xb1I\xc4\xb0i"), "ggiiii");
	ck_assert_str_eq(fold("\xc3\xa2\xc3\xae\xc3\xbb \xc3\x82\xc3\x8e"
	    "\xc3\x9b"), "aiu aiu");		/* âîû ÂÎÛ */
	ck_assert_str_eq(fold("\xc3\xa7\xc3\x87\xc3\xb6\xc3\x96\xc5\x9f"
	    "\xc5\x9e\xc3\xbc\xc3\x9c"), "ccoossuu");
	/* Decomposed input: S + cedilla, I + dot above, g + breve. */
	ck_assert_str_eq(fold("S\xcc\xa7""I\xcc\x87""g\xcc\x86"), "sig");
	/* The same name typed both ways folds the same. */
	{
		char a[32], b[32];

		name_fold(S("I\xc5\x9fIK"), a, sizeof a);
		name_fold(S("\xc4\xb1\xc5\x9f\xc4\xb1k"), b, sizeof b);
		ck_assert_str_eq(a, "isik");
		ck_assert_str_eq(a, b);
	}
}
END_TEST

START_TEST(test_value_name_fold_separators)
{
	ck_assert_str_eq(fold("  Ay\xc5\x9f""e   "), "ayse");
	ck_assert_str_eq(fold("O'Brien"), "o brien");
	ck_assert_str_eq(fold("O\xe2\x80\x99""Brien"), "o brien");	/* ’ */
	ck_assert_str_eq(fold("O\xca\xbc""Brien"), "o brien");	/* ʼ */
	ck_assert_str_eq(fold("Ali,  Veli;\t\r\n(Deli)"), "ali veli deli");
	ck_assert_str_eq(fold("Mehmet\xc2\xa0\xc3\x87""elik"),
	    "mehmet celik");			/* no-break space */
	ck_assert_str_eq(fold("Ahmet \xe2\x80\x94 2."), "ahmet 2");
	ck_assert_str_eq(fold("3 Ali 4"), "3 ali 4");
	ck_assert_str_eq(fold(" - . "), "");
	ck_assert_str_eq(fold(""), "");
	ck_assert_str_eq(fold("a\x01\x7f""b"), "a b");
	ck_assert_uint_eq(name_fold(S("  Ay\xc5\x9f""e   "), (char[16]){ 0 },
	    16), 4);
}
END_TEST

START_TEST(test_value_name_fold_other_scripts)
{
	ck_assert_str_eq(fold("Jos\xc3\xa9"), "jose");		/* José */
	ck_assert_str_eq(fold("Jose\xcc\x81"), "jose");		/* e + ◌́ */
	ck_assert_str_eq(fold("Fran\xc3\xa7oise M\xc3\xbcller"),
	    "francoise muller");
	ck_assert_str_eq(fold("Stra\xc3\x9f""e"), "strasse");	/* ß */
	ck_assert_str_eq(fold("\xc5\x81\xc3\xb3""d\xc5\xba"),
	    "\xc5\x82odz");				/* Łódź -> łodz */
	/* ИВАНОВ -> иванов */
	ck_assert_str_eq(fold("\xd0\x98\xd0\x92\xd0\x90\xd0\x9d\xd0\x9e"
	    "\xd0\x92"), "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2");
	/* محمد stays */
	ck_assert_str_eq(fold("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"),
	    "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf");
	/* مُحَمَّد loses its vowel marks */
	ck_assert_str_eq(fold("\xd9\x85\xd9\x8f\xd8\xad\xd9\x8e\xd9\x85\xd9"
	    "\x8e\xd9\x91\xd8\xaf"), "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf");
	ck_assert_str_eq(fold("Ali \xd8\xb9\xd9\x84\xd9\x8a"),
	    "ali \xd8\xb9\xd9\x84\xd9\x8a");
}
END_TEST

START_TEST(test_value_name_fold_truncation)
{
	char buf[8];
	size_t n;

	/* "ayşe ş" -> "ayse s" */
	n = name_fold(S("Ay\xc5\x9f""e \xc5\x9e"), buf, sizeof buf);
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(buf, "ayse s");
	/* A two-byte letter does not fit in the last byte. */
	n = name_fold(S("abcdef\xd0\x96"), buf, sizeof buf);
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(buf, "abcdef");
	n = name_fold(S("abcdefg\xd0\x96"), buf, sizeof buf);
	ck_assert_uint_eq(n, 7);
	ck_assert_str_eq(buf, "abcdefg");
	/* Nothing after the cut, even if it would fit. */
	n = name_fold(S("abcde\xd1\x84\xd1\x84x"), buf, sizeof buf);
	ck_assert_uint_eq(n, 7);
	ck_assert_str_eq(buf, "abcde\xd1\x84");
	/* No trailing space where the next word does not fit. */
	n = name_fold(S("abcdef gh"), buf, sizeof buf);
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(buf, "abcdef");
	n = name_fold(S("abcdefghij"), buf, 1);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(buf, "");
	buf[0] = 'z';
	ck_assert_uint_eq(name_fold(S("abc"), buf, 0), 0);
	ck_assert_int_eq(buf[0], 'z');
	/* Every prefix of the buffer is a valid cut. */
	for (n = 1; n <= sizeof buf; n++) {
		size_t r;

		r = name_fold(S("\xd0\x96\xd0\x96\xd0\x96\xd0\x96"), buf, n);
		ck_assert_uint_eq(r, (n - 1) / 2 * 2);
		ck_assert_uint_eq(strlen(buf), r);
		ck_assert(utf8_valid(buf, r));
	}
}
END_TEST

START_TEST(test_value_name_fold_invalid_utf8)
{
	char buf[64];
	size_t n;

	ck_assert_str_eq(fold("Al\xff" "i"), "ali");
	ck_assert_str_eq(fold("Al\xc4"), "al");		/* truncated */
	ck_assert_str_eq(fold("\xc0\xaf" "Ali"), "ali");	/* overlong */
	ck_assert_str_eq(fold("A\xed\xa0\x80li"), "ali");	/* surrogate */
	ck_assert_str_eq(fold("\x80\x80Veli\xf8"), "veli");
	n = name_fold(S("Ay\xc5\x9f\xc5"), buf, sizeof buf);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(buf, "ays");
	/* A NUL byte inside the length is a control character. */
	n = name_fold(S("ali\0veli"), buf, sizeof buf);
	ck_assert_str_eq(buf, "ali veli");
	ck_assert(utf8_valid(buf, n));
}
END_TEST

START_TEST(test_value_utf8_valid)
{
	static const char *good[] = {
		"", "plain ascii text longer than eight bytes",
		"\xc5\x9f\xc3\xbck\xc3\xbcr", "\xe2\x82\xac", "\xef\xbf\xbf",
		"\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf",
		"\xee\x80\x80", "abcdefgh\xc2\x80ijklmnop\xdf\xbf"
	};
	static const char *bad[] = {
		"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xc2", "\xc2\x41",
		"\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xe2\x82", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80",
		"\xff", "\xfe", "\xf0\x9f\x98", "abcdefghijklmno\xc3",
		"abcdefgh\x80", "\xe2\x28\xa1"
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(utf8_valid(good[i], strlen(good[i])),
		    "good[%zu] refused", i);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!utf8_valid(bad[i], strlen(bad[i])),
		    "bad[%zu] accepted", i);
	ck_assert(utf8_valid("a\0b", 3));
	/* The length bounds the check: a cut sequence is invalid. */
	ck_assert(!utf8_valid("\xc5\x9f", 1));
	ck_assert(utf8_valid("ab\xc5\x9f", 2));
}
END_TEST

START_TEST(test_value_utf8_valid_every_codepoint)
{
	/* Every scalar value encoded by hand is valid, each cut is not. */
	unsigned char b[4];
	uint32_t cp;
	size_t n, k;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x80) {
			b[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xC0 | cp >> 6);
			b[1] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xE0 | cp >> 12);
			b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xF0 | cp >> 18);
			b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[3] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 4;
		}
		REQUIRE(utf8_valid((char *)b, n), "U+%04X refused", cp);
		for (k = 1; k < n; k++)
			REQUIRE(!utf8_valid((char *)b, k),
			    "U+%04X cut to %zu bytes accepted", cp, k);
	}
}
END_TEST

START_TEST(test_value_strerror)
{
	ck_assert_str_eq(value_strerror(VALUE_ESYNTAX),
	    "not of the expected form");
	ck_assert_str_eq(value_strerror(VALUE_ERANGE), "no such value");
	ck_assert_str_eq(value_strerror(VALUE_ENEGATIVE), "negative amount");
	ck_assert_str_eq(value_strerror(VALUE_EDECIMALS),
	    "more than two decimals");
	ck_assert_str_eq(value_strerror(VALUE_EAMBIGUOUS),
	    "ambiguous: thousands or decimals");
	ck_assert_str_eq(value_strerror(VALUE_EOVERFLOW), "too large");
	ck_assert_ptr_nonnull(value_strerror(VALUE_OK));
	ck_assert_ptr_nonnull(value_strerror(-99));
}
END_TEST

static Suite *
value_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("value");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_value_tckn_valid_examples);
	tcase_add_test(tc, test_value_tckn_invalid_examples);
	tcase_add_test(tc, test_value_tckn_complete_random);
	tcase_add_test(tc, test_value_iban_valid_tr);
	tcase_add_test(tc, test_value_iban_valid_foreign);
	tcase_add_test(tc, test_value_iban_invalid);
	tcase_add_test(tc, test_value_iban_length_bounds);
	tcase_add_test(tc, test_value_iban_tr_structure);
	tcase_add_test(tc, test_value_iban_normalize);
	tcase_add_test(tc, test_value_iban_make_tr);
	tcase_add_test(tc, test_value_date_known_days);
	tcase_add_test(tc, test_value_date_round_trip);
	tcase_add_test(tc, test_value_date_leap_rules);
	tcase_add_test(tc, test_value_date_parse_forms);
	tcase_add_test(tc, test_value_date_parse_errors);
	tcase_add_test(tc, test_value_date_add_months);
	tcase_add_test(tc, test_value_date_age);
	tcase_add_test(tc, test_value_month_parse_format);
	tcase_add_test(tc, test_value_month_days);
	tcase_add_test(tc, test_value_money_parse_conventions);
	tcase_add_test(tc, test_value_money_parse_negative);
	tcase_add_test(tc, test_value_money_parse_errors);
	tcase_add_test(tc, test_value_money_parse_overflow);
	tcase_add_test(tc, test_value_money_format);
	tcase_add_test(tc, test_value_money_round_trip);
	tcase_add_test(tc, test_value_int_parse);
	tcase_add_test(tc, test_value_name_fold_turkish);
	tcase_add_test(tc, test_value_name_fold_separators);
	tcase_add_test(tc, test_value_name_fold_other_scripts);
	tcase_add_test(tc, test_value_name_fold_truncation);
	tcase_add_test(tc, test_value_name_fold_invalid_utf8);
	tcase_add_test(tc, test_value_utf8_valid);
	tcase_add_test(tc, test_value_utf8_valid_every_codepoint);
	tcase_add_test(tc, test_value_strerror);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_value", value_suite);
}
