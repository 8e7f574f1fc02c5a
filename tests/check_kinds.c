/*
 * check_kinds.c - unit tests of lib/kinds.c: the kind table (keys, names,
 * flags, enum words), kind_find and kind_column, the SQL and type names,
 * and check_value() for every column type.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kinds.h"
#include "value.h"
#include "check_common.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

/* Silent until it fails, for loops (see check_value.c). */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

/* The columns the store adds to every src_<kind> table (see kinds.h). */
static const char *const store_columns[] = {
	"source", "first_run", "last_run", "ended", "invalid", NULL
};

/* The column kind.col, failing the test when there is none. */
static const struct col_def *
col(const char *kind, const char *name)
{
	const struct kind_def *k = kind_find(kind);
	int i;

	ck_assert_msg(k != NULL, "no kind %s", kind);
	i = kind_column(k, name);
	ck_assert_msg(i >= 0, "no column %s.%s", kind, name);
	return &k->col[i];
}

/* Runs check_value on the C string s for kind.name. */
static const char *
cv(const char *kind, const char *name, const char *s, struct typed *t)
{
	memset(t, 0x5a, sizeof *t);
	return check_value(col(kind, name), s, strlen(s), t);
}

/* Asserts that s is accepted as the text want. */
#define OK_TEXT(kd, name, s, want) do {				\
	struct typed t_;						\
	const char *r_ = cv(kd, name, s, &t_);			\
	ck_assert_msg(r_ == NULL, "%s.%s '%s': refused: %s", kd,	\
	    name, s, r_);						\
	ck_assert_int_eq(t_.kind, TYPED_TEXT);				\
	ck_assert_msg(t_.len == strlen(want) &&				\
	    memcmp(t_.text, want, t_.len) == 0,				\
	    "%s.%s '%s': got '%.*s', want '%s'", kd, name, s,		\
	    (int)t_.len, t_.text, want);				\
} while (0)

/* Asserts that s is accepted as the integer want. */
#define OK_INT(kd, name, s, want) do {				\
	struct typed t_;						\
	const char *r_ = cv(kd, name, s, &t_);			\
	ck_assert_msg(r_ == NULL, "%s.%s '%s': refused: %s", kd,	\
	    name, s, r_);						\
	ck_assert_int_eq(t_.kind, TYPED_INT);				\
	ck_assert_msg(t_.i == (int64_t)(want), "%s.%s '%s': got %lld",	\
	    kd, name, s, (long long)t_.i);				\
} while (0)

/* Asserts that s is refused with the reason want. */
#define BAD(kd, name, s, want) do {					\
	struct typed t_;						\
	const char *r_ = cv(kd, name, s, &t_);			\
	ck_assert_msg(r_ != NULL, "%s.%s '%s': accepted", kd, name, s);	\
	ck_assert_str_eq(r_, want);					\
} while (0)

static int
name_ok(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

START_TEST(test_kinds_record_id_first)
{
	size_t i, j;

	ck_assert_uint_gt(nkinds, 0);
	for (i = 0; i < nkinds; i++) {
		const struct kind_def *k = &kinds[i];

		REQUIRE(k->ncol >= 2, "kind %s has %zu columns", k->name,
		    k->ncol);
		REQUIRE(strcmp(k->col[0].name, "record_id") == 0,
		    "kind %s: first column %s", k->name, k->col[0].name);
		REQUIRE(k->col[0].type == COL_TEXT, "kind %s: record_id type",
		    k->name);
		REQUIRE((k->col[0].flags & (COL_REQUIRED | COL_KEY)) ==
		    (COL_REQUIRED | COL_KEY), "kind %s: record_id flags %u",
		    k->name, k->col[0].flags);
		for (j = 1; j < k->ncol; j++)
			REQUIRE(!(k->col[j].flags & COL_KEY),
			    "kind %s: %s is a second key", k->name,
			    k->col[j].name);
	}
}
END_TEST

START_TEST(test_kinds_names_unique)
{
	size_t i, j;

	for (i = 0; i < nkinds; i++) {
		REQUIRE(kinds[i].name != NULL && name_ok(kinds[i].name),
		    "kind name '%s'", kinds[i].name);
		REQUIRE(kinds[i].doc != NULL && kinds[i].doc[0] != '\0',
		    "kind %s has no doc", kinds[i].name);
		REQUIRE(kinds[i].person == 0 || kinds[i].person == 1,
		    "kind %s: person %d", kinds[i].name, kinds[i].person);
		for (j = i + 1; j < nkinds; j++)
			REQUIRE(strcmp(kinds[i].name, kinds[j].name) != 0,
			    "kind %s twice", kinds[i].name);
	}
}
END_TEST

START_TEST(test_kinds_column_names)
{
	size_t i, j, m;

	for (i = 0; i < nkinds; i++) {
		const struct kind_def *k = &kinds[i];

		for (j = 0; j < k->ncol; j++) {
			const char *n = k->col[j].name;

			REQUIRE(n != NULL && name_ok(n), "%s: column '%s'",
			    k->name, n);
			REQUIRE(k->col[j].doc != NULL && k->col[j].doc[0],
			    "%s.%s has no doc", k->name, n);
			/* Also unique ignoring case: kind_column ignores it. */
			for (m = j + 1; m < k->ncol; m++)
				REQUIRE(strcasecmp(n, k->col[m].name) != 0,
				    "%s.%s twice", k->name, n);
			for (m = 0; store_columns[m]; m++)
				REQUIRE(strcmp(n, store_columns[m]) != 0,
				    "%s.%s clashes with a store column",
				    k->name, n);
		}
	}
}
END_TEST

START_TEST(test_kinds_column_flags_and_values)
{
	size_t i, j;

	for (i = 0; i < nkinds; i++) {
		const struct kind_def *k = &kinds[i];

		for (j = 0; j < k->ncol; j++) {
			const struct col_def *c = &k->col[j];

			REQUIRE(c->type >= COL_TEXT && c->type <= COL_ENUM,
			    "%s.%s: type %d", k->name, c->name, (int)c->type);
			REQUIRE((c->flags & ~(COL_REQUIRED | COL_KEY |
			    COL_NONNEG)) == 0, "%s.%s: flags %u", k->name,
			    c->name, c->flags);
			REQUIRE(!(c->flags & COL_NONNEG) || c->type == COL_MONEY,
			    "%s.%s: COL_NONNEG on a %s", k->name, c->name,
			    col_typename(c->type));
			REQUIRE(c->min <= c->max, "%s.%s: min %lld > max %lld",
			    k->name, c->name, (long long)c->min,
			    (long long)c->max);
			REQUIRE(c->type == COL_INT || (c->min == 0 && c->max == 0),
			    "%s.%s: bounds on a %s", k->name, c->name,
			    col_typename(c->type));
			if (c->type != COL_ENUM) {
				REQUIRE(c->values == NULL,
				    "%s.%s: values on a %s", k->name, c->name,
				    col_typename(c->type));
				continue;
			}
			REQUIRE(c->values != NULL && c->values[0] != '\0',
			    "%s.%s: an enum without values", k->name,
			    c->name);
		}
	}
}
END_TEST

/*
 * Every enum word is a lower-case name, none is empty or given twice, and
 * check_value() takes each (and its upper case) as itself.
 */
START_TEST(test_kinds_enum_words)
{
	size_t i, j, a, b, nword;
	const char *w[64];
	size_t wl[64];
	char word[64], upper[64];
	struct typed t;
	const char *p, *e, *r;

	for (i = 0; i < nkinds; i++) {
		for (j = 0; j < kinds[i].ncol; j++) {
			const struct col_def *c = &kinds[i].col[j];

			if (c->type != COL_ENUM)
				continue;
			nword = 0;
			for (p = c->values;; p = e + 1) {
				e = strchr(p, '|');
				if (e == NULL)
					e = p + strlen(p);
				REQUIRE(nword < 64, "too many words");
				w[nword] = p;
				wl[nword++] = (size_t)(e - p);
				if (*e == '\0')
					break;
			}
			for (a = 0; a < nword; a++) {
				REQUIRE(wl[a] > 0 && wl[a] < sizeof word,
				    "%s.%s: empty or long word in '%s'",
				    kinds[i].name, c->name, c->values);
				memcpy(word, w[a], wl[a]);
				word[wl[a]] = '\0';
				REQUIRE(name_ok(word), "%s.%s: word '%s'",
				    kinds[i].name, c->name, word);
				for (b = a + 1; b < nword; b++)
					REQUIRE(wl[a] != wl[b] ||
					    memcmp(w[a], w[b], wl[a]) != 0,
					    "%s.%s: '%s' twice", kinds[i].name,
					    c->name, word);
				for (b = 0; b <= wl[a]; b++)
					upper[b] = (char)(word[b] >= 'a' &&
					    word[b] <= 'z' ? word[b] - 32 :
					    word[b]);
				r = check_value(c, upper, wl[a], &t);
				REQUIRE(r == NULL && t.kind == TYPED_TEXT &&
				    t.len == wl[a] &&
				    memcmp(t.text, word, wl[a]) == 0,
				    "%s.%s: '%s' not taken as '%s'",
				    kinds[i].name, c->name, upper, word);
			}
		}
	}
}
END_TEST

START_TEST(test_kinds_find)
{
	size_t i;

	for (i = 0; i < nkinds; i++)
		ck_assert_ptr_eq(kind_find(kinds[i].name), &kinds[i]);
	ck_assert_ptr_nonnull(kind_find("civil"));
	ck_assert_ptr_nonnull(kind_find("person"));
	ck_assert_ptr_null(kind_find("nosuch"));
	ck_assert_ptr_null(kind_find(""));
	ck_assert_ptr_null(kind_find("civ"));
	ck_assert_ptr_null(kind_find("civil "));
	ck_assert_ptr_null(kind_find("civilx"));
}
END_TEST

START_TEST(test_kinds_column)
{
	const struct kind_def *k = kind_find("civil");
	size_t i, j;
	char up[64];

	ck_assert_ptr_nonnull(k);
	for (i = 0; i < nkinds; i++)
		for (j = 0; j < kinds[i].ncol; j++) {
			const char *n = kinds[i].col[j].name;
			size_t m;

			REQUIRE(kind_column(&kinds[i], n) == (int)j,
			    "%s.%s", kinds[i].name, n);
			for (m = 0; n[m] && m < sizeof up - 1; m++)
				up[m] = (char)(n[m] >= 'a' && n[m] <= 'z' ?
				    n[m] - 32 : n[m]);
			up[m] = '\0';
			REQUIRE(kind_column(&kinds[i], up) == (int)j,
			    "%s.%s as %s", kinds[i].name, n, up);
		}
	ck_assert_int_eq(kind_column(k, "record_id"), 0);
	ck_assert_int_eq(kind_column(k, "National_ID"), 1);
	ck_assert_int_eq(kind_column(k, "nosuch"), -1);
	ck_assert_int_eq(kind_column(k, ""), -1);
	ck_assert_int_eq(kind_column(k, "national"), -1);
	ck_assert_int_eq(kind_column(k, "national_id_"), -1);
	/* The store's own columns are not columns of the kind. */
	ck_assert_int_eq(kind_column(k, "source"), -1);
	ck_assert_int_eq(kind_column(k, "first_run"), -1);
	/* A column of another kind. */
	ck_assert_int_eq(kind_column(k, "iban"), -1);
	ck_assert_int_ge(kind_column(kind_find("bank"), "IBAN"), 0);
}
END_TEST

START_TEST(test_kinds_type_names)
{
	ck_assert_str_eq(col_sqltype(COL_TEXT), "TEXT");
	ck_assert_str_eq(col_sqltype(COL_INT), "INTEGER");
	ck_assert_str_eq(col_sqltype(COL_DATE), "TEXT");
	ck_assert_str_eq(col_sqltype(COL_MONTH), "TEXT");
	ck_assert_str_eq(col_sqltype(COL_MONEY), "INTEGER");
	ck_assert_str_eq(col_sqltype(COL_TCKN), "TEXT");
	ck_assert_str_eq(col_sqltype(COL_IBAN), "TEXT");
	ck_assert_str_eq(col_sqltype(COL_SEX), "TEXT");
	ck_assert_str_eq(col_sqltype(COL_BOOL), "INTEGER");
	ck_assert_str_eq(col_sqltype(COL_ENUM), "TEXT");
	ck_assert_str_eq(col_typename(COL_TEXT), "text");
	ck_assert_str_eq(col_typename(COL_INT), "integer");
	ck_assert_str_eq(col_typename(COL_DATE), "date");
	ck_assert_str_eq(col_typename(COL_MONTH), "month");
	ck_assert_str_eq(col_typename(COL_MONEY), "money");
	ck_assert_str_eq(col_typename(COL_TCKN), "national id");
	ck_assert_str_eq(col_typename(COL_IBAN), "iban");
	ck_assert_str_eq(col_typename(COL_SEX), "sex");
	ck_assert_str_eq(col_typename(COL_BOOL), "boolean");
	ck_assert_str_eq(col_typename(COL_ENUM), "word");
}
END_TEST

/* Empty and all-blank values are NULL, and fine, for every column. */
START_TEST(test_kinds_check_empty_is_null)
{
	static const char *const blank[] = { "", " ", "\t", "  \t  ", NULL };
	struct typed t;
	const char *r;
	size_t i, j, b;

	for (i = 0; i < nkinds; i++)
		for (j = 0; j < kinds[i].ncol; j++)
			for (b = 0; blank[b]; b++) {
				memset(&t, 0x5a, sizeof t);
				r = check_value(&kinds[i].col[j], blank[b],
				    strlen(blank[b]), &t);
				REQUIRE(r == NULL && t.kind == TYPED_NULL &&
				    t.len == 0 && t.text == NULL,
				    "%s.%s: blank '%s' gave %s, kind %d",
				    kinds[i].name, kinds[i].col[j].name,
				    blank[b], r ? r : "NULL", (int)t.kind);
			}
}
END_TEST

START_TEST(test_kinds_check_text_trimmed)
{
	const char *in = "  Ay\xc5\x9f" "e  Y\xc4\xb1lmaz\t";
	struct typed t;

	OK_TEXT("civil", "first_name", "Ahmet", "Ahmet");
	OK_TEXT("civil", "first_name", "  Ahmet  ", "Ahmet");
	OK_TEXT("civil", "first_name", "\tAhmet\t", "Ahmet");
	/* Inner spaces stay; the text points into the input. */
	ck_assert_ptr_null(cv("civil", "first_name", in, &t));
	ck_assert_int_eq(t.kind, TYPED_TEXT);
	ck_assert_ptr_eq(t.text, in + 2);
	ck_assert_uint_eq(t.len, strlen("Ay\xc5\x9f" "e  Y\xc4\xb1lmaz"));
	/* Only len bytes are looked at. */
	ck_assert_ptr_null(check_value(col("civil", "last_name"), "Kaya  XX",
	    6, &t));
	ck_assert_uint_eq(t.len, 4);
	ck_assert_int_eq(memcmp(t.text, "Kaya", 4), 0);
	/* record_id is text like any other. */
	OK_TEXT("sgk", "record_id", " R-001 ", "R-001");
}
END_TEST

START_TEST(test_kinds_check_date)
{
	OK_TEXT("civil", "birth_date", "1980-02-29", "1980-02-29");
	OK_TEXT("civil", "birth_date", "29.02.1980", "1980-02-29");
	OK_TEXT("civil", "birth_date", "1.2.1980", "1980-02-01");
	OK_TEXT("civil", "birth_date", "  05.11.2001 ", "2001-11-05");
	OK_TEXT("sgk", "start_date", "2024-12-31", "2024-12-31");
	BAD("civil", "birth_date", "31.02.1980", "no such day");
	BAD("civil", "birth_date", "1981-02-29", "no such day");
	BAD("civil", "birth_date", "2024-13-01", "no such day");
	BAD("civil", "birth_date", "1980/02/01", "not a date");
	BAD("civil", "birth_date", "yesterday", "not a date");
	BAD("civil", "birth_date", "1980-2-1x", "not a date");
}
END_TEST

START_TEST(test_kinds_check_date_buffer)
{
	struct typed t;

	/* The normal form lives in t.buf and is NUL-terminated. */
	ck_assert_ptr_null(cv("civil", "death_date", "7.3.2020", &t));
	ck_assert_ptr_eq(t.text, t.buf);
	ck_assert_uint_eq(t.len, 10);
	ck_assert_str_eq(t.buf, "2020-03-07");
}
END_TEST

START_TEST(test_kinds_check_month)
{
	struct typed t;

	OK_TEXT("sgk", "period", "2024-03", "2024-03");
	OK_TEXT("sgk", "period", " 1999-12 ", "1999-12");
	ck_assert_ptr_null(cv("education", "period", "2023-09", &t));
	ck_assert_ptr_eq(t.text, t.buf);
	ck_assert_str_eq(t.buf, "2023-09");
	BAD("sgk", "period", "2024-13", "no such month");
	BAD("sgk", "period", "2024-00", "no such month");
	BAD("sgk", "period", "0000-05", "no such month");
	BAD("sgk", "period", "2024-3", "not a month");
	BAD("sgk", "period", "03.2024", "not a month");
	BAD("sgk", "period", "2024-03-01", "not a month");
	BAD("sgk", "period", "March", "not a month");
}
END_TEST

START_TEST(test_kinds_check_money)
{
	/* Turkish and English conventions. */
	OK_INT("sgk", "earnings", "1234,50", 123450);
	OK_INT("sgk", "earnings", "1234.50", 123450);
	OK_INT("sgk", "earnings", "1.234,50", 123450);
	OK_INT("sgk", "earnings", "1,234.50", 123450);
	OK_INT("sgk", "earnings", "1234,5", 123450);
	OK_INT("sgk", "earnings", "  17 ", 1700);
	OK_INT("sgk", "earnings", "0", 0);
	OK_INT("tax", "amount", "0,05", 5);
	/* A negative amount where none is allowed. */
	BAD("sgk", "earnings", "-5", value_strerror(VALUE_ENEGATIVE));
	BAD("tax", "amount", "-0,05", value_strerror(VALUE_ENEGATIVE));
	BAD("board", "amount", "-100", value_strerror(VALUE_ENEGATIVE));
	/* bank.balance may be negative. */
	ck_assert(!(col("bank", "balance")->flags & COL_NONNEG));
	OK_INT("bank", "balance", "-12,34", -1234);
	OK_INT("bank", "balance", "-1.234,56", -123456);
	OK_INT("bank", "balance", "1.234,56", 123456);
	/* Other refusals, with value.c's words. */
	BAD("sgk", "earnings", "1.234", value_strerror(VALUE_EAMBIGUOUS));
	BAD("sgk", "earnings", "12,345", value_strerror(VALUE_EAMBIGUOUS));
	BAD("sgk", "earnings", "1,234", value_strerror(VALUE_EAMBIGUOUS));
	BAD("sgk", "earnings", "1,234", "ambiguous: thousands or decimals");
	BAD("sgk", "earnings", "12,3456", value_strerror(VALUE_EDECIMALS));
	BAD("sgk", "earnings", "12 TL", value_strerror(VALUE_ESYNTAX));
	BAD("sgk", "earnings", "abc", value_strerror(VALUE_ESYNTAX));
	BAD("bank", "balance", "99999999999999999999",
	    value_strerror(VALUE_EOVERFLOW));
}
END_TEST

START_TEST(test_kinds_check_tckn)
{
	const char *in = "  10000000146 ";
	struct typed t;

	OK_TEXT("sgk", "national_id", "10000000146", "10000000146");
	OK_TEXT("civil", "national_id", "17291716060", "17291716060");
	OK_TEXT("civil", "national_id", " 10000000146\t", "10000000146");
	/* The id is kept as given: the text points into the input. */
	ck_assert_ptr_null(cv("civil", "national_id", in, &t));
	ck_assert_ptr_eq(t.text, in + 2);
	ck_assert_uint_eq(t.len, 11);
	BAD("civil", "national_id", "17291716050", "check digits do not match");
	BAD("civil", "national_id", "17291716061", "check digits do not match");
	BAD("civil", "national_id", "1729171606", "not 11 digits");
	BAD("civil", "national_id", "172917160600", "not 11 digits");
	BAD("civil", "national_id", "1729171606a", "not 11 digits");
	BAD("civil", "national_id", "1729 716060", "not 11 digits");
	BAD("civil", "national_id", "-1729171606", "not 11 digits");
	BAD("civil", "national_id", "07291716092", "leading zero");
	BAD("sgk", "national_id", "00000000000", "leading zero");
}
END_TEST

START_TEST(test_kinds_check_iban)
{
	struct typed t;

	OK_TEXT("bank", "iban", "TR330006100519786457841326",
	    "TR330006100519786457841326");
	OK_TEXT("bank", "iban", "tr33 0006 1005 1978 6457 8413 26",
	    "TR330006100519786457841326");
	OK_TEXT("application", "iban", "  Tr33 0006 1005 1978 6457 8413 26 ",
	    "TR330006100519786457841326");
	OK_TEXT("bank", "iban", "GB82 WEST 1234 5698 7654 32",
	    "GB82WEST12345698765432");
	ck_assert_ptr_null(cv("bank", "iban", "tr33 0006 1005 1978 6457 8413 26",
	    &t));
	ck_assert_ptr_eq(t.text, t.buf);
	ck_assert_str_eq(t.buf, "TR330006100519786457841326");
	BAD("bank", "iban", "TR33 0006 1005 1978 6457 8413 2",
	    "not 26 characters");
	BAD("bank", "iban", "TR3300061005197864578413266",
	    "not 26 characters");
	BAD("bank", "iban", "not an iban!", "not an IBAN");
	BAD("bank", "iban", "hello", "not an IBAN");
	BAD("bank", "iban", "XY", "not an IBAN");
	BAD("bank", "iban", "TR33-0006-1005-1978-6457-8413-26", "not an IBAN");
	BAD("bank", "iban", "GBXXWEST12345698765432", "not an IBAN");
	BAD("bank", "iban", "NO938601111794", "not an IBAN");	/* 14 */
	BAD("bank", "iban",
	    "GB82WEST12345698765432GB82WEST12345698765432GB82WEST1234569876543"
	    "2GB82", "not an IBAN");	/* longer than the buffer */
	BAD("bank", "iban", "TR330006100519786457841327",
	    "check digits do not match");
	BAD("bank", "iban", "GB82WEST12345698765433",
	    "check digits do not match");
}
END_TEST

START_TEST(test_kinds_check_iban_no_country)
{
	BAD("bank", "iban", "0006100519786457841326", "not an IBAN");
	BAD("bank", "iban", "1234567890123456", "not an IBAN");
	BAD("bank", "iban", "T1330006100519786457841326", "not an IBAN");
}
END_TEST


START_TEST(test_kinds_check_sex)
{
	OK_TEXT("civil", "sex", "M", "M");
	OK_TEXT("civil", "sex", "F", "F");
	OK_TEXT("civil", "sex", "m", "M");
	OK_TEXT("civil", "sex", "f", "F");
	OK_TEXT("civil", "sex", "E", "M");
	OK_TEXT("civil", "sex", "K", "F");
	OK_TEXT("civil", "sex", "e", "M");
	OK_TEXT("civil", "sex", "k", "F");
	OK_TEXT("civil", "sex", "erkek", "M");
	OK_TEXT("civil", "sex", "Erkek", "M");
	OK_TEXT("civil", "sex", "ERKEK", "M");
	OK_TEXT("civil", "sex", "kad\xc4\xb1n", "F");	/* kadın */
	OK_TEXT("civil", "sex", "Kad\xc4\xb1n", "F");	/* Kadın */
	OK_TEXT("civil", "sex", "kadin", "F");
	OK_TEXT("civil", "sex", "male", "M");
	OK_TEXT("civil", "sex", "Female", "F");
	OK_TEXT("person", "sex", " K ", "F");
	BAD("civil", "sex", "x", "not M or F");
	BAD("civil", "sex", "MF", "not M or F");
	BAD("civil", "sex", "ma", "not M or F");
	BAD("civil", "sex", "females", "not M or F");
	BAD("civil", "sex", "1", "not M or F");
}
END_TEST

START_TEST(test_kinds_check_bool)
{
	OK_INT("health", "chronic_illness", "evet", 1);
	OK_INT("health", "chronic_illness", "Evet", 1);
	OK_INT("health", "chronic_illness", "hay\xc4\xb1r", 0);	/* hayır */
	OK_INT("health", "chronic_illness", "Hay\xc4\xb1r", 0);
	OK_INT("health", "chronic_illness", "hayir", 0);
	OK_INT("health", "chronic_illness", "yes", 1);
	OK_INT("health", "chronic_illness", "YES", 1);
	OK_INT("health", "chronic_illness", "no", 0);
	OK_INT("health", "chronic_illness", "1", 1);
	OK_INT("health", "chronic_illness", "0", 0);
	OK_INT("health", "chronic_illness", "y", 1);
	OK_INT("health", "chronic_illness", "n", 0);
	OK_INT("health", "chronic_illness", "true", 1);
	OK_INT("health", "chronic_illness", "False", 0);
	OK_INT("health", "chronic_illness", "e", 1);
	OK_INT("health", "chronic_illness", "h", 0);
	OK_INT("education", "enrolled", " 1 ", 1);
	OK_INT("iskur", "justified", "N", 0);
	BAD("health", "chronic_illness", "2", "not a yes or no");
	BAD("health", "chronic_illness", "-1", "not a yes or no");
	BAD("health", "chronic_illness", "evett", "not a yes or no");
	BAD("health", "chronic_illness", "ye", "not a yes or no");
	BAD("health", "chronic_illness", "maybe", "not a yes or no");
}
END_TEST

START_TEST(test_kinds_check_enum)
{
	OK_TEXT("civil", "relationship", "head", "head");
	OK_TEXT("civil", "relationship", "HEAD", "head");
	OK_TEXT("civil", "relationship", " Spouse ", "spouse");
	OK_TEXT("civil", "relationship", "other", "other");
	OK_TEXT("sgk", "status", "Self_Employed", "self_employed");
	OK_TEXT("iskur", "event", "COMPLIED", "complied");
	OK_TEXT("iskur", "event", "registration", "registration");
	BAD("civil", "relationship", "hea", "not one of the listed words");
	BAD("civil", "relationship", "heads", "not one of the listed words");
	BAD("civil", "relationship", "head|spouse",
	    "not one of the listed words");
	BAD("civil", "relationship", "|", "not one of the listed words");
	BAD("civil", "relationship", "self employed",
	    "not one of the listed words");
	BAD("sgk", "status", "married", "not one of the listed words");
}
END_TEST

START_TEST(test_kinds_check_int_range)
{
	struct col_def open = { "n", COL_INT, 0, 0, 0, NULL, "no bounds" };
	struct typed t;

	OK_INT("civil", "province", "1", 1);
	OK_INT("civil", "province", "81", 81);
	OK_INT("civil", "province", " 34 ", 34);
	OK_INT("civil", "province", "+6", 6);
	BAD("civil", "province", "0", "out of range");
	BAD("civil", "province", "82", "out of range");
	BAD("civil", "province", "-1", "out of range");
	BAD("civil", "province", "34a", value_strerror(VALUE_ESYNTAX));
	BAD("civil", "province", "3 4", value_strerror(VALUE_ESYNTAX));
	BAD("civil", "province", "1.5", value_strerror(VALUE_ESYNTAX));
	BAD("civil", "province", "99999999999999999999",
	    value_strerror(VALUE_EOVERFLOW));
	/* A lower bound of 0 is a bound when the upper one is set. */
	OK_INT("sgk", "premium_days", "0", 0);
	OK_INT("sgk", "premium_days", "31", 31);
	BAD("sgk", "premium_days", "-1", "out of range");
	BAD("sgk", "premium_days", "32", "out of range");
	OK_INT("tax", "year", "1900", 1900);
	BAD("tax", "year", "1899", "out of range");
	BAD("tax", "year", "2101", "out of range");
	/* Both bounds 0: any whole number. */
	ck_assert_ptr_null(check_value(&open, S("-9223372036854775808"), &t));
	ck_assert_int_eq(t.kind, TYPED_INT);
	ck_assert(t.i == INT64_MIN);
	ck_assert_ptr_null(check_value(&open, S("9223372036854775807"), &t));
	ck_assert(t.i == INT64_MAX);
	ck_assert_ptr_null(check_value(&open, S("0"), &t));
	ck_assert(t.i == 0);
}
END_TEST

static Suite *
kinds_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("kinds");
	tc = tcase_create("core");
	tcase_add_test(tc, test_kinds_record_id_first);
	tcase_add_test(tc, test_kinds_names_unique);
	tcase_add_test(tc, test_kinds_column_names);
	tcase_add_test(tc, test_kinds_column_flags_and_values);
	tcase_add_test(tc, test_kinds_enum_words);
	tcase_add_test(tc, test_kinds_find);
	tcase_add_test(tc, test_kinds_column);
	tcase_add_test(tc, test_kinds_type_names);
	tcase_add_test(tc, test_kinds_check_empty_is_null);
	tcase_add_test(tc, test_kinds_check_text_trimmed);
	tcase_add_test(tc, test_kinds_check_date);
	tcase_add_test(tc, test_kinds_check_date_buffer);
	tcase_add_test(tc, test_kinds_check_month);
	tcase_add_test(tc, test_kinds_check_money);
	tcase_add_test(tc, test_kinds_check_tckn);
	tcase_add_test(tc, test_kinds_check_iban);
	tcase_add_test(tc, test_kinds_check_iban_no_country);
	tcase_add_test(tc, test_kinds_check_sex);
	tcase_add_test(tc, test_kinds_check_bool);
	tcase_add_test(tc, test_kinds_check_enum);
	tcase_add_test(tc, test_kinds_check_int_range);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_kinds", kinds_suite);
}
