/*
 * value.c - national ids, IBANs, dates, months, money and names.
 *
 * Everything here is a pure function of its arguments: no allocation, no
 * locale, no clock and no floating point.  Character classes are ASCII
 * only; anything beyond ASCII goes through utf8proc.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "value.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
to_upper(int c)
{
	return is_lower(c) ? c - 'a' + 'A' : c;
}

static int
to_lower(int c)
{
	return is_upper(c) ? c - 'A' + 'a' : c;
}

/* The value of n ASCII digits at s, which the caller has checked. */
static int
digits_value(const char *s, size_t n)
{
	int v;

	v = 0;
	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

static int
all_digits(const char *s, size_t n)
{
	while (n--)
		if (!is_digit((unsigned char)*s++))
			return 0;
	return 1;
}

/* Floor division and its non-negative remainder, for negative days. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q;

	q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

/* T.C. Kimlik No */

static void
tckn_check_digits(const int d[9], int *d10, int *d11)
{
	int odd, even, sum, i;

	odd = d[0] + d[2] + d[4] + d[6] + d[8];
	even = d[1] + d[3] + d[5] + d[7];
	*d10 = ((odd * 7 - even) % 10 + 10) % 10;
	sum = *d10;
	for (i = 0; i < 9; i++)
		sum += d[i];
	*d11 = sum % 10;
}

int
tckn_valid(const char *s, size_t len)
{
	int d[9], d10, d11, i;

	if (len != 11 || !all_digits(s, len) || s[0] == '0')
		return 0;
	for (i = 0; i < 9; i++)
		d[i] = s[i] - '0';
	tckn_check_digits(d, &d10, &d11);
	return d10 == s[9] - '0' && d11 == s[10] - '0';
}

void
tckn_complete(int d[11])
{
	tckn_check_digits(d, &d[9], &d[10]);
}

/* IBAN */

/*
 * Folds one IBAN character into the running remainder r: a digit is one
 * decimal digit, a letter A..Z the two digits 10..35.
 */
static unsigned
iban_mod_step(unsigned r, int c)
{
	if (is_digit(c))
		return (r * 10 + (unsigned)(c - '0')) % 97;
	return (r * 100 + (unsigned)(c - 'A' + 10)) % 97;
}

/* The remainder mod 97 of s[0..len) rearranged, first four at the end. */
static unsigned
iban_mod97(const char *s, size_t len)
{
	unsigned r;
	size_t i;

	r = 0;
	for (i = 4; i < len; i++)
		r = iban_mod_step(r, (unsigned char)s[i]);
	for (i = 0; i < 4; i++)
		r = iban_mod_step(r, (unsigned char)s[i]);
	return r;
}

int
iban_valid(const char *s, size_t len)
{
	size_t i;
	int c;

	if (len < 15 || len > 34)
		return 0;
	if (!is_upper((unsigned char)s[0]) || !is_upper((unsigned char)s[1]) ||
	    !is_digit((unsigned char)s[2]) || !is_digit((unsigned char)s[3]))
		return 0;
	for (i = 4; i < len; i++) {
		c = (unsigned char)s[i];
		if (!is_digit(c) && !is_upper(c))
			return 0;
	}
	if (s[0] == 'T' && s[1] == 'R') {
		if (len != 26 || !all_digits(s + 4, 5) || s[9] != '0')
			return 0;
	}
	return iban_mod97(s, len) == 1;
}

size_t
iban_normalize(const char *s, size_t len, char *out, size_t outsz)
{
	size_t i, n;
	int c;

	n = 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == ' ')
			continue;
		if (!is_digit(c) && !is_upper(c) && !is_lower(c))
			return (size_t)-1;
		if (n + 1 >= outsz)
			return (size_t)-1;
		out[n++] = (char)to_upper(c);
	}
	if (outsz == 0)
		return (size_t)-1;
	out[n] = '\0';
	return n;
}

void
iban_make_tr(const char *bban22, char out[27])
{
	unsigned check;
	int i;

	out[0] = 'T';
	out[1] = 'R';
	out[2] = '0';
	out[3] = '0';
	for (i = 0; i < 22; i++)
		out[4 + i] = (char)to_upper((unsigned char)bban22[i]);
	out[26] = '\0';
	check = 98 - iban_mod97(out, 26);
	out[2] = (char)('0' + check / 10);
	out[3] = (char)('0' + check % 10);
}

/* Dates: Howard Hinnant's days_from_civil and civil_from_days. */

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

int32_t
date_from_ymd(int y, int m, int d)
{
	int64_t era, yoe, doy, doe, yy;

	yy = (int64_t)y - (m <= 2);
	era = floor_div(yy, 400);
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void
date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int64_t z, era, doe, yoe, doy, mp, yy;

	z = (int64_t)days + 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int
date_valid_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

int
date_parse(const char *s, size_t len, int32_t *days)
{
	size_t i, dn, mn;
	int y, m, d;

	if (len == 10 && s[4] == '-' && s[7] == '-' && all_digits(s, 4) &&
	    all_digits(s + 5, 2) && all_digits(s + 8, 2)) {
		y = digits_value(s, 4);
		m = digits_value(s + 5, 2);
		d = digits_value(s + 8, 2);
	} else {
		for (i = 0; i < len && is_digit((unsigned char)s[i]); i++)
			;
		dn = i;
		if (dn < 1 || dn > 2 || i == len || s[i] != '.')
			return VALUE_ESYNTAX;
		for (i++; i < len && is_digit((unsigned char)s[i]); i++)
			;
		mn = i - dn - 1;
		if (mn < 1 || mn > 2 || i == len || s[i] != '.')
			return VALUE_ESYNTAX;
		if (len - i - 1 != 4 || !all_digits(s + i + 1, 4))
			return VALUE_ESYNTAX;
		d = digits_value(s, dn);
		m = digits_value(s + dn + 1, mn);
		y = digits_value(s + i + 1, 4);
	}
	if (!date_valid_ymd(y, m, d))
		return VALUE_ERANGE;
	*days = date_from_ymd(y, m, d);
	return VALUE_OK;
}

/* Writes v as n digits with leading zeros. */
static void
put_digits(char *out, int v, int n)
{
	while (n--) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * A day outside years 1..9999 has no four-digit year; it is written as
 * "0000-00-00", which date_parse refuses.
 */
void
date_format(int32_t days, char out[11])
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	if (y < 1 || y > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

int32_t
date_add_months(int32_t days, int n)
{
	int64_t total;
	int y, m, d, dim;

	date_to_ymd(days, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + n;
	y = (int)floor_div(total, 12);
	m = (int)floor_mod(total, 12) + 1;
	dim = days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_from_ymd(y, m, d);
}

int
date_age(int32_t born, int32_t on)
{
	int by, bm, bd, oy, om, od, age;

	date_to_ymd(born, &by, &bm, &bd);
	date_to_ymd(on, &oy, &om, &od);
	age = oy - by;
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}

/* Months */

int
month_parse(const char *s, size_t len, int32_t *month)
{
	int y, m;

	if (len != 7 || s[4] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2))
		return VALUE_ESYNTAX;
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	if (y < 1 || m < 1 || m > 12)
		return VALUE_ERANGE;
	*month = y * 12 + (m - 1);
	return VALUE_OK;
}

/* As date_format, a month outside years 1..9999 is written "0000-00". */
void
month_format(int32_t month, char out[8])
{
	int y, m;

	y = (int)floor_div(month, 12);
	m = (int)floor_mod(month, 12) + 1;
	if (y < 1 || y > 9999) {
		memcpy(out, "0000-00", 8);
		return;
	}
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '\0';
}

int32_t
month_first_day(int32_t month)
{
	return date_from_ymd((int)floor_div(month, 12),
	    (int)floor_mod(month, 12) + 1, 1);
}

int32_t
month_of_day(int32_t days)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	return y * 12 + (m - 1);
}

/* Money and whole numbers */

/*
 * Adds digit c to the magnitude *v unless that passes limit.  Returns 0,
 * or VALUE_EOVERFLOW.
 */
static int
add_digit(uint64_t *v, int c, uint64_t limit)
{
	uint64_t dv;

	dv = (uint64_t)(c - '0');
	if (*v > (limit - dv) / 10)
		return VALUE_EOVERFLOW;
	*v = *v * 10 + dv;
	return VALUE_OK;
}

/* The int64_t of sign and magnitude mag, which is at most 2^63. */
static int64_t
apply_sign(uint64_t mag, int neg)
{
	if (!neg)
		return (int64_t)mag;
	if (mag == (uint64_t)INT64_MAX + 1)
		return INT64_MIN;
	return -(int64_t)mag;
}

static int
is_money_sep(int c)
{
	return c == '.' || c == ',' || c == ' ';
}

/*
 * The body of an amount (after the sign) is digit groups g0 s1 g1 ... sk gk
 * joined by single separators ('.', ',' or ' ').  Either every separator
 * is the same grouping character, or all but the last are one grouping
 * character and the last, a different '.' or ',', is the decimal
 * separator.  A lone '.' or ',' is a decimal separator unless three digits
 * follow it, which is ambiguous when the digits before it could be a first
 * group of thousands (one to three digits, not starting with 0).  Grouped
 * digits come as 1..3 then groups of 3.  Syntax is checked before the
 * value, and the sign last.
 */
int
money_parse(const char *s, size_t len, int allow_negative, int64_t *kurus)
{
	const char *p, *end, *intend, *q;
	size_t nsep, ndec, glen;
	uint64_t limit, ip, dec;
	int neg, c, grp, last, rc, ingroup;

	p = s;
	end = s + len;
	neg = 0;
	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end || !is_digit((unsigned char)*p) ||
	    !is_digit((unsigned char)end[-1]))
		return VALUE_ESYNTAX;

	/* Pass 1: the shape; grp is the grouping character, last the last. */
	nsep = 0;
	grp = 0;
	last = 0;
	intend = end;
	for (q = p; q < end; q++) {
		c = (unsigned char)*q;
		if (is_digit(c))
			continue;
		if (!is_money_sep(c) || !is_digit((unsigned char)q[-1]))
			return VALUE_ESYNTAX;
		if (nsep > 0 && last != grp)
			return VALUE_ESYNTAX;	/* a third kind, or a mid change */
		if (nsep == 0)
			grp = c;
		last = c;
		intend = q;
		nsep++;
	}
	ndec = 0;
	if (nsep == 0) {
		intend = end;
	} else if (last != grp) {
		if (last == ' ')
			return VALUE_ESYNTAX;	/* a space is no decimal point */
		ndec = (size_t)(end - intend - 1);
	} else if (nsep == 1 && last != ' ') {
		/* A lone '.' or ',': decimals, unless three digits follow. */
		ndec = (size_t)(end - intend - 1);
		if (ndec == 3 && intend - p <= 3 && *p != '0')
			return VALUE_EAMBIGUOUS;
		grp = 0;
	} else {
		intend = end;
	}
	if (ndec > 2)
		return VALUE_EDECIMALS;

	/* Pass 2: the grouping, and the value. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	ip = 0;
	glen = 0;
	ingroup = 0;
	for (q = p; q < intend; q++) {
		c = (unsigned char)*q;
		if (c == grp) {
			if (ingroup ? glen != 3 : glen > 3)
				return VALUE_ESYNTAX;
			ingroup = 1;
			glen = 0;
			continue;
		}
		if (!is_digit(c))
			return VALUE_ESYNTAX;
		glen++;
		if ((rc = add_digit(&ip, c, limit)) < 0)
			return rc;
	}
	if (ingroup && glen != 3)
		return VALUE_ESYNTAX;
	dec = 0;
	if (ndec >= 1)
		dec = (uint64_t)(intend[1] - '0') * 10;
	if (ndec == 2)
		dec += (uint64_t)(intend[2] - '0');
	if (ip > (limit - dec) / 100)
		return VALUE_EOVERFLOW;
	if (neg && !allow_negative)
		return VALUE_ENEGATIVE;
	*kurus = apply_sign(ip * 100 + dec, neg);
	return VALUE_OK;
}

/* Rounds n/d half away from zero; d > 0.  Wide, so that an amount times
 * a rate in millionths cannot overflow on the way. */
static int64_t
div_half_away(__int128 n, __int128 d)
{
	__int128 q = n / d, r = n % d;

	if (r < 0)
		r = -r;
	if (2 * r >= d)
		q += n < 0 ? -1 : 1;
	return (int64_t)q;
}

const char *
int_grouped(int64_t v, char out[32])
{
	uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
	char rev[32];
	int n = 0, k = 0;

	do {
		if (n > 0 && n % 3 == 0)
			rev[k++] = ',';
		rev[k++] = (char)('0' + m % 10);
		m /= 10;
		n++;
	} while (m != 0);
	n = 0;
	if (v < 0)
		out[n++] = '-';
	while (k > 0)
		out[n++] = rev[--k];
	out[n] = '\0';
	return out;
}

const char *
money_grouped(int64_t kurus, char out[40])
{
	uint64_t m = kurus < 0 ? -(uint64_t)kurus : (uint64_t)kurus;
	char g[32];

	int_grouped((int64_t)(m / 100), g);
	snprintf(out, 40, "%s%s.%02u", kurus < 0 ? "-" : "", g,
	    (unsigned)(m % 100));
	return out;
}

int64_t
money_divround(int64_t a, int64_t b)
{
	return b < 0 ? div_half_away(-(__int128)a, -(__int128)b) :
	    div_half_away(a, b);
}

int64_t
money_pct_ppm(int64_t amount, int64_t ppm)
{
	return div_half_away((__int128)amount * ppm, 100000000);
}

int
money_format(int64_t kurus, char *out)
{
	char tmp[24];
	uint64_t mag, ip;
	int n, i;

	mag = kurus < 0 ? 0 - (uint64_t)kurus : (uint64_t)kurus;
	ip = mag / 100;
	n = 0;
	do {
		tmp[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	i = 0;
	if (kurus < 0)
		out[i++] = '-';
	while (n > 0)
		out[i++] = tmp[--n];
	out[i++] = '.';
	out[i++] = (char)('0' + mag % 100 / 10);
	out[i++] = (char)('0' + mag % 10);
	out[i] = '\0';
	return i;
}

int
int_parse(const char *s, size_t len, int64_t *v)
{
	uint64_t mag, limit;
	size_t i;
	int neg, rc;

	i = 0;
	neg = 0;
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == len)
		return VALUE_ESYNTAX;
	if (!all_digits(s + i, len - i))
		return VALUE_ESYNTAX;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	mag = 0;
	for (; i < len; i++)
		if ((rc = add_digit(&mag, (unsigned char)s[i], limit)) < 0)
			return rc;
	*v = apply_sign(mag, neg);
	return VALUE_OK;
}

/* Names */

struct fold_out {
	char	*buf;
	size_t	 size;
	size_t	 len;
	int	 space;		/* a separator is pending */
	int	 full;		/* a character did not fit: stop */
};

/*
 * Appends codepoint cp, after the pending space if any and if something
 * precedes it.  Once a character does not fit, nothing more is written,
 * so the result is cut at a character boundary.
 */
static void
fold_put(struct fold_out *o, int32_t cp)
{
	uint8_t enc[4];
	size_t n, need;

	if (o->full)
		return;
	if (cp < 0x80) {
		enc[0] = (uint8_t)cp;
		n = 1;
	} else {
		n = (size_t)utf8proc_encode_char(cp, enc);
		if (n == 0)
			return;
	}
	need = n + (o->space && o->len > 0);
	if (o->len + need >= o->size) {
		o->full = 1;
		return;
	}
	if (o->space && o->len > 0)
		o->buf[o->len++] = ' ';
	o->space = 0;
	memcpy(o->buf + o->len, enc, n);
	o->len += n;
}

/*
 * The ASCII letter a Turkish or Azerbaijani letter folds to, 0 for a
 * separator, or -1 when cp is neither and needs utf8proc.
 */
static int
fold_fast(int32_t cp)
{
	if (cp < 0x80) {
		if (is_digit(cp) || is_lower(cp))
			return cp;
		if (is_upper(cp))
			return to_lower(cp);
		return 0;
	}
	switch (cp) {
	case 0x00E2: case 0x00C2:	/* â Â */
		return 'a';
	case 0x00E7: case 0x00C7:	/* ç Ç */
		return 'c';
	case 0x0259: case 0x018F:	/* ə Ə */
		return 'e';
	case 0x011F: case 0x011E:	/* ğ Ğ */
		return 'g';
	case 0x0131: case 0x0130:	/* ı İ */
	case 0x00EE: case 0x00CE:	/* î Î */
		return 'i';
	case 0x00F6: case 0x00D6:	/* ö Ö */
		return 'o';
	case 0x015F: case 0x015E:	/* ş Ş */
		return 's';
	case 0x00FC: case 0x00DC:	/* ü Ü */
	case 0x00FB: case 0x00DB:	/* û Û */
		return 'u';
	case 0x02B9: case 0x02BA: case 0x02BB: case 0x02BC: case 0x02BD:
		return 0;		/* modifier letter apostrophes */
	}
	return -1;
}

/* Folds one codepoint that the fast path does not know. */
static void
fold_slow(struct fold_out *o, int32_t cp)
{
	utf8proc_int32_t dst[18];
	utf8proc_ssize_t n, i;
	int f;

	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_CN:
	case UTF8PROC_CATEGORY_CO:
		break;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF:
		return;		/* a lone accent or an invisible format mark */
	default:
		o->space = 1;	/* punctuation, symbols, spaces, controls */
		return;
	}
	n = utf8proc_decompose_char(cp, dst, 18,
	    UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, NULL);
	if (n < 0 || n > 18) {
		fold_put(o, cp);
		return;
	}
	for (i = 0; i < n; i++) {
		f = fold_fast(dst[i]);
		if (f > 0)
			fold_put(o, f);
		else if (f == 0)
			o->space = 1;
		else
			fold_put(o, dst[i]);
	}
}

size_t
name_fold(const char *s, size_t len, char *out, size_t outsz)
{
	struct fold_out o;
	const uint8_t *p, *end;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	int f;

	if (outsz == 0)
		return 0;
	o.buf = out;
	o.size = outsz;
	o.len = 0;
	o.space = 0;
	o.full = 0;
	p = (const uint8_t *)s;
	end = p + len;
	while (p < end && !o.full) {
		if (*p < 0x80) {
			cp = *p++;
		} else {
			n = utf8proc_iterate(p, end - p, &cp);
			if (n < 0) {
				p++;	/* an invalid byte is dropped */
				continue;
			}
			p += n;
		}
		f = fold_fast(cp);
		if (f > 0)
			fold_put(&o, f);
		else if (f == 0)
			o.space = 1;
		else
			fold_slow(&o, cp);
	}
	out[o.len] = '\0';
	return o.len;
}

/* UTF-8 */

int
utf8_valid(const char *s, size_t len)
{
	const uint8_t *p, *end;
	uint64_t w;
	uint8_t c;

	p = (const uint8_t *)s;
	end = p + len;
	while (p < end) {
		if (end - p >= 8) {
			memcpy(&w, p, 8);
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				p += 8;
				continue;
			}
		}
		c = *p;
		if (c < 0x80) {
			p++;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (end - p < 2 || (p[1] & 0xC0) != 0x80)
				return 0;
			p += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (end - p < 3 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80)
				return 0;
			if (c == 0xE0 && p[1] < 0xA0)
				return 0;	/* overlong */
			if (c == 0xED && p[1] > 0x9F)
				return 0;	/* surrogate */
			p += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (end - p < 4 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
				return 0;
			if (c == 0xF0 && p[1] < 0x90)
				return 0;	/* overlong */
			if (c == 0xF4 && p[1] > 0x8F)
				return 0;	/* past U+10FFFF */
			p += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

const char *
value_strerror(int code)
{
	switch (code) {
	case VALUE_OK:
		return "no error";
	case VALUE_ESYNTAX:
		return "not of the expected form";
	case VALUE_ERANGE:
		return "no such value";
	case VALUE_ENEGATIVE:
		return "negative amount";
	case VALUE_EDECIMALS:
		return "more than two decimals";
	case VALUE_EAMBIGUOUS:
		return "ambiguous: thousands or decimals";
	case VALUE_EOVERFLOW:
		return "too large";
	}
	return "unknown error";
}
