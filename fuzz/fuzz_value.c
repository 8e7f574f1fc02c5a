/*
 * fuzz_value.c - the value parsers (lib/value.c) and the column
 * validators built on them (check_value, lib/kinds.c), each on the whole
 * input, with the properties that must hold between them:
 *
 *   money    parse, format, parse gives the same kuruş; so does the
 *            grouped form for people; refusing negatives refuses only them
 *   integer  parse, print, parse gives the same number
 *   date     parse, format, parse gives the same day, in both the ISO and
 *            the Turkish form; a month later is in the next month
 *   month    parse, format, parse gives the same month
 *   TCKN     valid only when 11 digits whose check digits tckn_complete
 *            computes; a completed id is valid
 *   IBAN     normalizing twice changes nothing; a made TR IBAN is valid
 *   UTF-8    utf8_valid agrees with a plain decoder
 *   names    name_fold gives valid UTF-8 without outer or double spaces,
 *            and a shorter buffer gives a prefix of the result
 *   columns  check_value of each type gives a value in its normal form
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "err.h"
#include "kinds.h"
#include "value.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	err_init("fuzz_value");
	return 0;
}

/* A decoder written for clarity, against which utf8_valid is checked. */
static int
utf8_plain(const unsigned char *s, size_t n)
{
	size_t i = 0, k, j;
	uint32_t cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			k = 1;
			cp = s[i] & 0x1F;
		} else if ((s[i] & 0xF0) == 0xE0) {
			k = 2;
			cp = s[i] & 0x0F;
		} else if ((s[i] & 0xF8) == 0xF0) {
			k = 3;
			cp = s[i] & 0x07;
		} else {
			return 0;
		}
		if (n - i < k + 1)
			return 0;
		for (j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) ||
		    (k == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

static void
money(const char *s, size_t n)
{
	char out[24], grouped[40];
	int64_t v, w, u;
	int rc, rn;

	rc = money_parse(s, n, 1, &v);
	rn = money_parse(s, n, 0, &u);
	if (rc != 0) {
		FUZZ_ASSERT(rn == rc);
		return;
	}
	/* The sign is refused, not the value: "-0" too. */
	if (s[0] == '-')
		FUZZ_ASSERT(rn == VALUE_ENEGATIVE);
	else
		FUZZ_ASSERT(rn == 0 && u == v && v >= 0);
	FUZZ_ASSERT(money_format(v, out) == (int)strlen(out));
	FUZZ_ASSERT(money_parse(out, strlen(out), 1, &w) == 0 && w == v);
	money_grouped(v, grouped);
	FUZZ_ASSERT(money_parse(grouped, strlen(grouped), 1, &w) == 0 &&
	    w == v);
	FUZZ_ASSERT(money_divround(v, 1) == v);
	FUZZ_ASSERT(money_pct_ppm(v, 100000000) == v);
}

static void
integer(const char *s, size_t n)
{
	char out[32], grouped[32];
	int64_t v, w;
	size_t i, j;

	if (int_parse(s, n, &v) != 0)
		return;
	snprintf(out, sizeof out, "%lld", (long long)v);
	FUZZ_ASSERT(int_parse(out, strlen(out), &w) == 0 && w == v);
	int_grouped(v, grouped);
	for (i = j = 0; grouped[i]; i++)
		if (grouped[i] != ',')
			grouped[j++] = grouped[i];
	grouped[j] = '\0';
	FUZZ_ASSERT(strcmp(grouped, out) == 0);
}

static void
date(const char *s, size_t n, int months)
{
	char iso[11], tr[16];
	int32_t d, e, m;
	int y, mo, dd, ey, em, ed, rc;

	rc = date_parse(s, n, &d);
	FUZZ_ASSERT(rc == 0 || rc == VALUE_ESYNTAX || rc == VALUE_ERANGE);
	if (rc != 0)
		return;
	date_to_ymd(d, &y, &mo, &dd);
	FUZZ_ASSERT(date_valid_ymd(y, mo, dd));
	FUZZ_ASSERT(date_from_ymd(y, mo, dd) == d);
	date_format(d, iso);
	FUZZ_ASSERT(date_parse(iso, strlen(iso), &e) == 0 && e == d);
	snprintf(tr, sizeof tr, "%d.%d.%04d", dd, mo, y);
	FUZZ_ASSERT(date_parse(tr, strlen(tr), &e) == 0 && e == d);
	FUZZ_ASSERT(date_age(d, d) == 0);
	m = month_of_day(d);
	FUZZ_ASSERT(month_first_day(m) <= d && d - month_first_day(m) < 31);
	e = date_add_months(d, months);
	FUZZ_ASSERT(month_of_day(e) == m + months);
	date_to_ymd(e, &ey, &em, &ed);
	FUZZ_ASSERT(ed <= dd);
	if (months >= 0 && !(mo == 2 && dd == 29))
		FUZZ_ASSERT(date_age(d, date_add_months(d, 12 * (months % 50)))
		    == months % 50);
}

static void
month(const char *s, size_t n)
{
	char out[8];
	int32_t m, w;

	if (month_parse(s, n, &m) != 0)
		return;
	month_format(m, out);
	FUZZ_ASSERT(month_parse(out, strlen(out), &w) == 0 && w == m);
	FUZZ_ASSERT(month_of_day(month_first_day(m)) == m);
}

static void
tckn(const char *s, size_t n)
{
	int d[11], i, digits = n == 11;

	for (i = 0; digits && i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			digits = 0;
	if (!digits || s[0] == '0') {
		FUZZ_ASSERT(!tckn_valid(s, n));
		return;
	}
	for (i = 0; i < 11; i++)
		d[i] = s[i] - '0';
	tckn_complete(d);
	FUZZ_ASSERT(tckn_valid(s, n) == (d[9] == s[9] - '0' &&
	    d[10] == s[10] - '0'));
	{
		char id[11];

		for (i = 0; i < 11; i++)
			id[i] = (char)('0' + d[i]);
		FUZZ_ASSERT(tckn_valid(id, 11));
	}
}

static void
iban(const char *s, size_t n)
{
	char out[64], again[64], bban[22], made[27];
	size_t k, i;

	k = iban_normalize(s, n, out, sizeof out);
	if (k != (size_t)-1) {
		FUZZ_ASSERT(k < sizeof out && out[k] == '\0');
		FUZZ_ASSERT(iban_normalize(out, k, again, sizeof again) == k);
		FUZZ_ASSERT(memcmp(out, again, k + 1) == 0);
		if (iban_valid(out, k))
			FUZZ_ASSERT(k >= 15 && k <= 34);
	}
	/* A Turkish IBAN made of the input's digits is valid. */
	for (i = 0; i < 22; i++)
		bban[i] = (char)('0' + (i < n ? (unsigned char)s[i] % 10 : 0));
	bban[5] = '0';
	iban_make_tr(bban, made);
	FUZZ_ASSERT(iban_valid(made, 26));
}

static void
names(const char *s, size_t n)
{
	char full[512], part[64];
	size_t k, j, i;

	k = name_fold(s, n, full, sizeof full);
	FUZZ_ASSERT(k < sizeof full && full[k] == '\0');
	FUZZ_ASSERT(strlen(full) == k);
	FUZZ_ASSERT(utf8_valid(full, k));
	if (k > 0)
		FUZZ_ASSERT(full[0] != ' ' && full[k - 1] != ' ');
	FUZZ_ASSERT(strstr(full, "  ") == NULL);
	if (k + 5 < sizeof full) {
		/* Nothing was cut (a character is at most 4 bytes, and a space
		 * may come before it): a shorter buffer gives a prefix. */
		for (i = 1; i <= sizeof part; i += 7) {
			j = name_fold(s, n, part, i);
			FUZZ_ASSERT(j < i && j <= k);
			FUZZ_ASSERT(memcmp(part, full, j) == 0);
			FUZZ_ASSERT(utf8_valid(part, j));
		}
	}
}

static void
columns(const char *s, size_t n)
{
	static const enum col_type types[] = {
		COL_TEXT, COL_INT, COL_DATE, COL_MONTH, COL_MONEY, COL_TCKN,
		COL_IBAN, COL_SEX, COL_BOOL, COL_ENUM
	};
	struct col_def c;
	struct typed t;
	const char *why;
	int32_t d;
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		memset(&c, 0, sizeof c);
		c.name = "x";
		c.type = types[i];
		c.values = "single|married|divorced";
		if (types[i] == COL_INT) {
			c.min = 1;
			c.max = 81;
		}
		if (types[i] == COL_MONEY)
			c.flags = COL_NONNEG;
		why = check_value(&c, s, n, &t);
		if (why) {
			FUZZ_ASSERT(*why != '\0');
			continue;
		}
		FUZZ_ASSERT(col_typename(c.type) && col_sqltype(c.type));
		if (t.kind == TYPED_NULL)
			continue;
		if (t.kind == TYPED_TEXT)
			FUZZ_ASSERT(t.len > 0 && t.text != NULL);
		switch (c.type) {
		case COL_INT:
			FUZZ_ASSERT(t.kind == TYPED_INT && t.i >= 1 && t.i <= 81);
			break;
		case COL_MONEY:
			FUZZ_ASSERT(t.kind == TYPED_INT && t.i >= 0);
			break;
		case COL_BOOL:
			FUZZ_ASSERT(t.kind == TYPED_INT && (t.i == 0 || t.i == 1));
			break;
		case COL_DATE:
			FUZZ_ASSERT(t.len == 10 && date_parse(t.text, t.len, &d) == 0);
			break;
		case COL_MONTH:
			FUZZ_ASSERT(t.len == 7 && month_parse(t.text, t.len, &d) == 0);
			break;
		case COL_TCKN:
			FUZZ_ASSERT(tckn_valid(t.text, t.len));
			break;
		case COL_IBAN:
			FUZZ_ASSERT(iban_valid(t.text, t.len));
			break;
		case COL_SEX:
			FUZZ_ASSERT(t.len == 1 && (*t.text == 'M' || *t.text == 'F'));
			break;
		case COL_ENUM:
			/* The word as listed, not as written. */
			FUZZ_ASSERT(t.text >= c.values && t.text + t.len <=
			    c.values + strlen(c.values));
			break;
		case COL_TEXT:
			FUZZ_ASSERT(t.text[0] != ' ' && t.text[t.len - 1] != ' ');
			break;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int months = size ? (int8_t)data[0] : 0;

	if (size > 4096)
		return 0;
	FUZZ_ASSERT(utf8_valid(s, size) == utf8_plain(data, size));
	money(s, size);
	integer(s, size);
	date(s, size, months);
	month(s, size);
	tckn(s, size);
	iban(s, size);
	names(s, size);
	columns(s, size);
	return 0;
}
