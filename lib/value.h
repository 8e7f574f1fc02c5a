/*
 * value.h - the typed values of the domain: national ids, IBANs, dates,
 * months, money and names.  Pure functions: no allocation, no locale, no
 * clock, no floating point.
 */
#ifndef ISAS_VALUE_H
#define ISAS_VALUE_H

#include <stddef.h>
#include <stdint.h>

/*
 * T.C. Kimlik No (REFERENCE.md section 2): exactly 11 ASCII digits, the
 * first not 0, d10 = ((d1+d3+d5+d7+d9)*7 - (d2+d4+d6+d8)) mod 10 (a
 * non-negative remainder), d11 = (d1+...+d10) mod 10.  Returns 1 when s[0..len)
 * is valid, else 0.
 */
int tckn_valid(const char *s, size_t len);

/*
 * Computes the two check digits for the first nine digits d[0..9) (each
 * 0..9, d[0] != 0) and stores them in d[9] and d[10].  Used by the
 * generator and the tests.
 */
void tckn_complete(int d[11]);

/*
 * IBAN, ISO 13616: letters upper case, no spaces, country code, two check
 * digits, then the BBAN; valid when moving the first four characters to
 * the end, letters A=10..Z=35, gives a number that is 1 mod 97.  A Turkish
 * IBAN (country TR) must also be 26 characters: TR, 2 check digits, a
 * 5-digit bank code, the reserve digit 0 and a 16-character account.
 * Returns 1 when valid.
 */
int iban_valid(const char *s, size_t len);

/*
 * Copies s[0..len) to out (of outsz bytes, NUL-terminated) without spaces
 * and with letters upper-cased, as an IBAN is usually printed in groups of
 * four.  Returns the length written, or (size_t)-1 when it does not fit
 * or holds a character that is neither alphanumeric nor a space.
 */
size_t iban_normalize(const char *s, size_t len, char *out, size_t outsz);

/*
 * Computes the check digits of a Turkish IBAN whose BBAN (22 characters:
 * bank code, reserve digit, account) is given and writes the whole
 * 26-character IBAN plus NUL to out[27].  For the generator and tests.
 */
void iban_make_tr(const char *bban22, char out[27]);

/*
 * Dates are days since 1970-01-01 in the proleptic Gregorian calendar
 * (negative before), valid for years 1..9999.
 */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t days, int *y, int *m, int *d);
/* 1 when y-m-d names a real day (leap years counted), else 0. */
int date_valid_ymd(int y, int m, int d);

/*
 * Parses an ISO date "YYYY-MM-DD" or a Turkish "DD.MM.YYYY" (day and month
 * may have one digit there) from s[0..len).  Returns 0 and sets *days, or
 * a negative VALUE_E* code: VALUE_ESYNTAX when the text is not a date,
 * VALUE_ERANGE when it names no real day (31.02.1980).
 */
int date_parse(const char *s, size_t len, int32_t *days);

/* Writes "YYYY-MM-DD" and a NUL to out[11]. */
void date_format(int32_t days, char out[11]);

/*
 * Adds n calendar months, keeping the day but clamping it to the end of
 * the month (2024-01-31 + 1 month = 2024-02-29).  Adds years as 12n.
 */
int32_t date_add_months(int32_t days, int n);

/* The age in whole years on day `on` of a person born on `born`. */
int date_age(int32_t born, int32_t on);

/*
 * Months are "YYYY-MM", held as y*12 + (m-1).  month_parse returns 0 or a
 * negative VALUE_E* code.
 */
int month_parse(const char *s, size_t len, int32_t *month);
void month_format(int32_t month, char out[8]);
/* The first day of a month, and the month of a day. */
int32_t month_first_day(int32_t month);
int32_t month_of_day(int32_t days);

/*
 * Money is int64_t kurus (1/100 lira).  money_parse reads s[0..len):
 * an optional leading '-' (refused with VALUE_ENEGATIVE unless
 * allow_negative), digits, and at most two decimals after a decimal
 * separator.  Both conventions are read: "1234.5", "1234,50", "1.234,50",
 * "1,234.50", "1 234,50".  When '.' and ',' both occur, the last one is
 * the decimal separator and the other groups thousands (groups of exactly
 * three digits).  A lone separator followed by exactly three digits
 * ("1.234") is ambiguous and refused (VALUE_EAMBIGUOUS); three or more
 * decimals are refused (VALUE_EDECIMALS).  No floating point is used.
 * Returns 0 and sets *kurus, or a negative VALUE_E* code.
 */
int money_parse(const char *s, size_t len, int allow_negative,
	int64_t *kurus);

/* Writes "-1234.50" form (no grouping, '.' decimal point) and a NUL to
 * out[24]; returns the length. */
int money_format(int64_t kurus, char *out);

/* v with thousands separators ("-1,234,567") and a NUL into out[32]; for
 * people (text tables, charts), never for streams.  Returns out. */
const char *int_grouped(int64_t v, char out[32]);

/* Kuruş as lira with separators and two decimals ("-1,234,567.89") and a
 * NUL into out[40]; for people, like int_grouped.  Returns out. */
const char *money_grouped(int64_t kurus, char out[40]);

/* a / b rounded half away from zero (b not 0): the one rounding of money
 * divisions, a third of a wage or a member's share. */
int64_t money_divround(int64_t a, int64_t b);

/* amount × ppm / 100,000,000 (a percentage given in millionths of a
 * percent), rounded the same way: pct() of the rules. */
int64_t money_pct_ppm(int64_t amount, int64_t ppm);

/*
 * Parses a whole decimal number, optional sign, no spaces; refuses
 * overflow.  Returns 0 or a negative VALUE_E* code.
 */
int int_parse(const char *s, size_t len, int64_t *v);

/*
 * Folds a UTF-8 name for matching: Turkish and Azerbaijani letters and
 * their capitals to ASCII (I, ı, İ, i -> i; ş -> s; ğ -> g; ç -> c;
 * ö -> o; ü -> u; ə -> e; â î û -> a i u), other letters lower-cased with
 * their accents removed (Unicode case folding and decomposition by
 * utf8proc), runs of spaces, punctuation and control characters to one
 * space, no leading or trailing space.  Letters of other scripts are kept
 * lower-cased.  The original spelling is never changed: the result goes to
 * out (outsz bytes, always NUL-terminated, truncated at a character
 * boundary when it does not fit).  Returns the folded length.  Invalid
 * UTF-8 bytes are dropped.
 */
size_t name_fold(const char *s, size_t len, char *out, size_t outsz);

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/* Error codes of the parsers above, and their text for messages. */
enum {
	VALUE_OK = 0,
	VALUE_ESYNTAX = -1,	/* not of the form */
	VALUE_ERANGE = -2,	/* of the form, but no such value */
	VALUE_ENEGATIVE = -3,	/* a negative amount where none is allowed */
	VALUE_EDECIMALS = -4,	/* more than two decimals */
	VALUE_EAMBIGUOUS = -5,	/* "1.234": thousands or decimals? */
	VALUE_EOVERFLOW = -6	/* too large */
};

/* A short lower-case phrase for a VALUE_E* code ("more than two decimals"). */
const char *value_strerror(int code);

#endif
