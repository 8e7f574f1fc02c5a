/*
 * chart.c - a report's figures as SVG: a choropleth map and bars (see
 * chart.h).
 *
 * The layout is computed first, whole, because the root element carries
 * the height; then one pass writes it.  Every number written is an integer
 * or a fixed-point integer formatted here: printf's %f follows LC_NUMERIC
 * and would write "0,5" under a Turkish locale.  Text widths are estimated
 * (CHAR_W pixels a character), since no font is at hand; the columns are
 * sized from the longest label with room to spare.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "chart.h"
#include "err.h"
#include "value.h"
#include "xalloc.h"
#include "xmlout.h"

#define MARGIN		20
#define INNER		(CHART_WIDTH - 2 * MARGIN)
#define MAP_MAXH	560		/* the tallest a map may be, px */
#define ROW		20		/* a bar's row, and a legend's */
#define CHAR_W		7		/* a 12 px sans-serif character, about */
#define LABEL_MAX	40		/* characters of a bar's label shown */
#define NCLASS		5

#define INK		"#222222"
#define GREY_INK	"#555555"
#define BORDER		"#737373"
#define NO_DATA		"#d9d9d9"
#define ZERO		"#ffffff"
#define BAR		"#3182bd"
#define HATCH		"#969696"

/*
 * ColorBrewer Blues (Cynthia Brewer, colorbrewer2.org), sequential and
 * safe for colour-blind readers: the five darker steps of its 6-class
 * scheme, so that the lowest class stays apart from the white of zero.
 * Fewer classes take a spread of them.
 */
static const char *const blues[NCLASS + 1][NCLASS] = {
	{ NULL },
	{ "#6baed6" },
	{ "#9ecae1", "#3182bd" },
	{ "#c6dbef", "#6baed6", "#08519c" },
	{ "#c6dbef", "#9ecae1", "#3182bd", "#08519c" },
	{ "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c" },
};

/* ---- numbers as text ---- */

/*
 * v / 10^digits in decimal, trailing zeros dropped ("12.5", "-0.25", "3")
 * into out[32]; returns out.
 */
static const char *
fixed(char out[32], int64_t v, int digits)
{
	uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v, p = 1;
	int i, n;

	for (i = 0; i < digits; i++)
		p *= 10;
	n = snprintf(out, 32, "%s%llu", v < 0 ? "-" : "",
	    (unsigned long long)(m / p));
	m %= p;
	if (m != 0) {
		out[n++] = '.';
		for (p /= 10; m != 0; p /= 10) {
			out[n++] = (char)('0' + m / p);
			m %= p;
		}
	}
	out[n] = '\0';
	return out;
}

/* A value as the chart shows it, without the unit. */
static const char *
value_text(char out[40], const struct chart *c, int64_t v)
{
	return c->money ? money_grouped(v, out) : int_grouped(v, out);
}

static const char *
unit_of(const struct chart *c)
{
	if (c->unit)
		return c->unit;
	return c->money ? "TRY" : "";
}

/* Appends a value and the unit ("1,234 households") to b. */
static void
add_value(struct buf *b, const struct chart *c, int64_t v)
{
	char t[40];

	buf_adds(b, value_text(t, c, v));
	if (*unit_of(c)) {
		buf_addc(b, ' ');
		buf_adds(b, unit_of(c));
	}
}

/* Appends "suppressed (fewer than N)" to b. */
static void
add_suppressed(struct buf *b, const struct chart *c)
{
	buf_adds(b, "suppressed");
	if (c->min_count > 0)
		buf_printf(b, " (fewer than %d)", c->min_count);
}

/* ---- text ---- */

/*
 * Appends s to b as XML may hold it: a byte that does not begin valid
 * UTF-8, and a character XML 1.0 forbids (controls, U+FFFE, U+FFFF),
 * become U+FFFD.  At most max characters are kept (0: all), an ellipsis
 * marking the cut.  Returns the number of characters appended.
 */
static size_t
add_text(struct buf *b, const char *s, size_t max)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t len = strlen(s), n = 0;

	while (len > 0) {
		if (max > 0 && n == max) {
			buf_adds(b, "…");
			return n + 1;
		}
		k = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (k < 0) {
			k = 1;
			cp = 0xFFFD;
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n' &&
		    cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
			cp = 0xFFFD;
		}
		if (cp == 0xFFFD)
			buf_adds(b, "\xEF\xBF\xBD");
		else
			buf_add(b, p, (size_t)k);
		p += k;
		len -= (size_t)k;
		n++;
	}
	return n;
}

/* The number of characters add_text would append for s. */
static size_t
text_len(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t n = add_text(&b, s, max);

	buf_release(&b);
	return n;
}

/* ---- the boundaries ---- */

/* An area of the map; box is minx miny maxx maxy in tenths of a unit. */
struct area {
	int plate;
	char *name;
	char *path;
	int64_t box[4];
	const struct chart_item *item;
};

struct areas {
	struct area *a;
	size_t n, cap;
};

static void
areas_release(struct areas *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		free(as->a[i].name);
		free(as->a[i].path);
	}
	free(as->a);
}

/*
 * Reads a number with at most one decimal ("12", "12.5", ".5") at *s as
 * tenths into *v and moves *s past it; -1 when there is none, or when it
 * is beyond a million units (which keeps the arithmetic of fit() within
 * 64 bits).
 */
static int
parse_tenths(const char **s, int64_t *v)
{
	const char *p = *s;
	int neg = 0, digits = 0;
	int64_t t = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		t = t * 10 + (*p - '0');
		if (t > 1000000)
			return -1;
	}
	t *= 10;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		t += *p++ - '0';
		digits++;
	}
	if (digits == 0)
		return -1;
	*v = neg ? -t : t;
	*s = p;
	return 0;
}

static int
parse_box(const char *s, int64_t box[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *s++ != ' ')
			return -1;
		if (parse_tenths(&s, &box[i]) < 0)
			return -1;
	}
	return *s == '\0' && box[0] <= box[2] && box[1] <= box[3] ? 0 : -1;
}

/* Path data as scripts/make-geo writes it: moves, lines and numbers. */
static int
path_ok(const char *s)
{
	if (*s != 'M' && *s != 'm')
		return 0;
	return s[strspn(s, "MmLlHhVvZz0123456789.- ")] == '\0';
}

/* The plate in s ("1" to "81"), or 0. */
static int
parse_plate(const char *s)
{
	int v = 0;

	if (*s == '\0' || *s == '0' || strlen(s) > 2)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v <= 81 ? v : 0;
}

/*
 * Reads the areas of c's map from geodir into *as: every province, or the
 * districts of c->province.  Returns 0, or -1 after a message naming the
 * file and line.
 */
static int
geo_read(const struct chart *c, struct areas *as)
{
	static const char ph[] = "plate\tname\tbbox\tpath";
	static const char dh[] = "plate\tname\tshape_id\tbbox\tpath";
	int districts = c->map == CHART_DISTRICTS;
	const char *header = districts ? dh : ph;
	size_t nf = districts ? 5 : 4, k, cap = 0;
	char *path, *line = NULL, *f[5];
	unsigned char seen[82] = { 0 };
	uint64_t lineno = 0;
	ssize_t len;
	int rc = -1;
	FILE *in;

	path = xmalloc(strlen(c->geodir) + 16);
	sprintf(path, "%s/%s", c->geodir,
	    districts ? "districts.tsv" : "provinces.tsv");
	if ((in = fopen(path, "r")) == NULL) {
		error_at(path, 0, "cannot open: %s", strerror(errno));
		free(path);
		return -1;
	}
	while ((len = getline(&line, &cap, in)) >= 0) {
		struct area a;
		int plate;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, header) != 0) {
				error_at(path, 1, "expected the header '%s'",
				    header);
				goto done;
			}
			continue;
		}
		f[0] = line;
		for (k = 1; k < nf; k++) {
			char *tab = strchr(f[k - 1], '\t');

			if (tab == NULL)
				break;
			*tab = '\0';
			f[k] = tab + 1;
		}
		if (k < nf || strchr(f[nf - 1], '\t') != NULL) {
			error_at(path, lineno, "expected %zu fields", nf);
			goto done;
		}
		if ((plate = parse_plate(f[0])) == 0) {
			error_at(path, lineno, "bad plate '%s'", f[0]);
			goto done;
		}
		if (*f[1] == '\0') {
			error_at(path, lineno, "empty name");
			goto done;
		}
		if (parse_box(f[nf - 2], a.box) < 0) {
			error_at(path, lineno, "bad bbox '%s'", f[nf - 2]);
			goto done;
		}
		if (!path_ok(f[nf - 1])) {
			error_at(path, lineno, "bad path data");
			goto done;
		}
		if (districts && plate != c->province)
			continue;
		if (!districts && seen[plate]++) {
			error_at(path, lineno, "plate %d again", plate);
			goto done;
		}
		a.plate = plate;
		a.name = xstrdup(f[1]);
		a.path = xstrdup(f[nf - 1]);
		a.item = NULL;
		xgrow((void **)&as->a, &as->cap, as->n + 1, sizeof *as->a);
		as->a[as->n++] = a;
	}
	if (ferror(in)) {
		error_at(path, 0, "cannot read: %s", strerror(errno));
		goto done;
	}
	if (lineno == 0) {
		error_at(path, 0, "empty file");
		goto done;
	}
	if (as->n == 0) {
		if (districts)
			error_at(path, 0, "no districts of province %d",
			    c->province);
		else
			error_at(path, 0, "no provinces");
		goto done;
	}
	rc = 0;
done:
	free(line);
	fclose(in);
	free(path);
	return rc;
}

/* Gives each area the first item that names it. */
static void
geo_join(const struct chart *c, struct areas *as)
{
	const struct chart_item *byplate[82] = { NULL };
	size_t i, j;

	if (c->map == CHART_PROVINCES) {
		for (j = 0; j < c->n; j++) {
			const struct chart_item *it = &c->item[j];

			if (it->plate >= 1 && it->plate <= 81 &&
			    it->district == NULL && byplate[it->plate] == NULL)
				byplate[it->plate] = it;
		}
	}
	for (i = 0; i < as->n; i++) {
		struct area *a = &as->a[i];

		if (c->map == CHART_PROVINCES) {
			a->item = byplate[a->plate];
			continue;
		}
		for (j = 0; j < c->n && a->item == NULL; j++)
			if (c->item[j].plate == c->province &&
			    c->item[j].district &&
			    strcmp(c->item[j].district, a->name) == 0)
				a->item = &c->item[j];
	}
}

/* ---- layout ---- */

struct legend {
	const char *fill;
	struct buf text;
};

struct layout {
	int height;
	int title_y, subtitle_y, unit_y;

	/* The map: px = t + s · unit, s in millionths, t in thousandths. */
	int map_top, map_h;
	int64_t s_u, tx_m, ty_m;
	int64_t stroke_m, hatch_m;	/* in thousandths of a unit */
	int nclass;
	int64_t lo[NCLASS], hi[NCLASS];
	struct legend leg[NCLASS + 3];
	int nleg, legend_top;

	/* The bars. */
	int bars_top, label_w, value_w, bar_x, bar_w;
	int64_t step, axis_max;

	int any_suppressed, attribution, notes_y;
};

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The classes: quantiles of the positive, unsuppressed values on the map.
 * Class k (0-based) ends at the value of rank ceil((k+1)·m/5) among the m
 * values sorted; a class that would end where the one before it ends is
 * dropped, so a few distinct values give fewer classes, never an empty one.
 */
static void
classes(struct layout *l, const struct areas *as)
{
	int64_t *v = xmalloc((as->n + 1) * sizeof *v);
	size_t m = 0, i, j, k;

	for (i = 0; i < as->n; i++) {
		const struct chart_item *it = as->a[i].item;

		if (it && !it->suppressed && it->value > 0)
			v[m++] = it->value;
	}
	l->nclass = 0;
	if (m > 0) {
		qsort(v, m, sizeof *v, cmp_i64);
		for (k = 1; k <= NCLASS; k++) {
			int64_t hi = v[(k * m + NCLASS - 1) / NCLASS - 1];

			if (l->nclass == 0 || hi > l->hi[l->nclass - 1])
				l->hi[l->nclass++] = hi;
		}
		for (j = 0, i = 0; j < (size_t)l->nclass; j++) {
			l->lo[j] = v[i];
			while (i < m && v[i] <= l->hi[j])
				i++;
		}
	}
	free(v);
}

static const char *
area_fill(const struct layout *l, const struct chart_item *it)
{
	int k;

	if (it == NULL)
		return NO_DATA;
	if (it->suppressed)
		return "url(#hatch)";
	if (it->value <= 0)
		return ZERO;
	for (k = 0; k < l->nclass - 1 && it->value > l->hi[k]; k++)
		;
	return blues[l->nclass][k];
}

static void
legend_add(struct layout *l, const char *fill)
{
	struct legend *e = &l->leg[l->nleg++];

	e->fill = fill;
	e->text = (struct buf)BUF_INIT;
}

static void
legend(const struct chart *c, struct layout *l, const struct areas *as)
{
	int zero = 0, neg = 0, nodata = 0, supp = 0, k;
	char a[40], b[40];
	size_t i;

	for (i = 0; i < as->n; i++) {
		const struct chart_item *it = as->a[i].item;

		if (it == NULL)
			nodata = 1;
		else if (it->suppressed)
			supp = 1;
		else if (it->value < 0)
			neg = 1;
		else if (it->value == 0)
			zero = 1;
	}
	for (k = 0; k < l->nclass; k++) {
		struct buf *t;

		legend_add(l, blues[l->nclass][k]);
		t = &l->leg[l->nleg - 1].text;
		/* The unit is written once, under the title. */
		buf_adds(t, value_text(a, c, l->lo[k]));
		if (l->lo[k] != l->hi[k]) {
			buf_adds(t, " – ");
			buf_adds(t, value_text(a, c, l->hi[k]));
		}
	}
	if (zero || neg) {
		legend_add(l, ZERO);
		buf_adds(&l->leg[l->nleg - 1].text, value_text(b, c, 0));
		if (neg)
			buf_adds(&l->leg[l->nleg - 1].text, " or less");
	}
	if (nodata) {
		legend_add(l, NO_DATA);
		buf_adds(&l->leg[l->nleg - 1].text, "no data");
	}
	if (supp) {
		legend_add(l, "url(#hatch-px)");
		add_suppressed(&l->leg[l->nleg - 1].text, c);
	}
}

/*
 * Fits the areas' extent into INNER × MAP_MAXH px, centred across:
 * the scale in millionths of a px per unit, the offsets in thousandths
 * of a px, all integers so that the text of the transform is exact.
 */
static void
fit(struct layout *l, const struct areas *as, int top)
{
	int64_t x0 = as->a[0].box[0], y0 = as->a[0].box[1];
	int64_t x1 = as->a[0].box[2], y1 = as->a[0].box[3], w, h, sw, sh;
	size_t i;

	for (i = 1; i < as->n; i++) {
		const int64_t *b = as->a[i].box;

		x0 = b[0] < x0 ? b[0] : x0;
		y0 = b[1] < y0 ? b[1] : y0;
		x1 = b[2] > x1 ? b[2] : x1;
		y1 = b[3] > y1 ? b[3] : y1;
	}
	w = x1 - x0 > 0 ? x1 - x0 : 1;		/* tenths of a unit */
	h = y1 - y0 > 0 ? y1 - y0 : 1;
	sw = (int64_t)INNER * 10000000 / w;
	sh = (int64_t)MAP_MAXH * 10000000 / h;
	l->s_u = sw < sh ? sw : sh;
	if (l->s_u < 1)
		l->s_u = 1;
	l->map_top = top;
	l->map_h = (int)((l->s_u * h + 9999999) / 10000000);
	l->tx_m = (int64_t)MARGIN * 1000 +
	    ((int64_t)INNER * 1000 - l->s_u * w / 10000) / 2 -
	    l->s_u * x0 / 10000;
	l->ty_m = (int64_t)top * 1000 - l->s_u * y0 / 10000;
	/* Borders of 0.5 px and hatching every 6 px whatever the scale. */
	l->stroke_m = 500 * (int64_t)1000000 / l->s_u;
	l->hatch_m = 6000 * (int64_t)1000000 / l->s_u;
	if (l->stroke_m < 1)
		l->stroke_m = 1;
	if (l->hatch_m < 1)
		l->hatch_m = 1;
}

/* The bar's label: the caller's, else the district, else nothing. */
static const char *
label_of(const struct chart_item *it)
{
	if (it->label)
		return it->label;
	return it->district ? it->district : "";
}

/*
 * The scale of the bars: a step of 1, 2 or 5 times a power of ten (of
 * whole lira for money, once the values reach them) that covers the
 * largest unsuppressed value in at most 5 steps.
 */
static void
scale(const struct chart *c, struct layout *l)
{
	static const int64_t mult[3] = { 1, 2, 5 };
	int64_t max = 0, p = 1, q;
	size_t i;
	int k;

	for (i = 0; i < c->n; i++)
		if (!c->item[i].suppressed && c->item[i].value > max)
			max = c->item[i].value;
	if (max == 0)
		max = c->money ? 100 : 1;
	for (;;) {
		for (k = 0; k < 3; k++) {
			l->step = mult[k] * p;
			if ((max - 1) / l->step + 1 <= 5)
				goto found;
		}
		if (p > INT64_MAX / 10)
			break;
		p *= 10;
	}
found:
	q = (max - 1) / l->step + 1;
	l->axis_max = q <= INT64_MAX / l->step ? q * l->step : max;
}

static void
layout(const struct chart *c, struct layout *l, const struct areas *as)
{
	size_t i, lw = 0, vw = 0, n;
	char t[40];
	int y;

	memset(l, 0, sizeof *l);
	l->title_y = MARGIN + 18;
	y = l->title_y;
	if (c->subtitle)
		y = l->subtitle_y = y + 22;
	if (*unit_of(c))
		y = l->unit_y = y + 18;
	y += 16;

	if (c->map != CHART_NO_MAP) {
		fit(l, as, y);
		classes(l, as);
		legend(c, l, as);
		y += l->map_h + 14;
		l->legend_top = y;
		y += (l->nleg + 1) / 2 * ROW + 10;
	}

	for (i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->item[i];

		n = text_len(label_of(it), LABEL_MAX);
		lw = n > lw ? n : lw;
		n = it->suppressed ? strlen("suppressed") :
		    strlen(value_text(t, c, it->value));
		vw = n > vw ? n : vw;
		if (it->suppressed)
			l->any_suppressed = 1;
		if (it->plate != 0)
			l->attribution = 1;
	}
	if (c->map != CHART_NO_MAP)
		l->attribution = 1;
	n = text_len(unit_of(c), LABEL_MAX);
	lw = n > lw ? n : lw;
	l->label_w = (int)lw * CHAR_W + 12;
	l->label_w = l->label_w < 60 ? 60 : l->label_w;
	l->value_w = (int)vw * CHAR_W + 12;
	l->value_w = l->value_w < 60 ? 60 : l->value_w;
	l->bar_x = MARGIN + l->label_w;
	l->bar_w = INNER - l->label_w - l->value_w;
	scale(c, l);
	l->bars_top = y;
	if (c->n > 0)
		y += ROW + (int)c->n * ROW + 10;
	else
		y += ROW + 10;

	y += 6;
	if (l->any_suppressed)
		y += 16;
	if (l->attribution)
		y += 16;
	l->notes_y = y;
	l->height = y + MARGIN - 6;
}

static void
layout_release(struct layout *l)
{
	int i;

	for (i = 0; i < l->nleg; i++)
		buf_release(&l->leg[i].text);
}

/* ---- writing ---- */

struct svg {
	struct xmlout x;
	struct buf t;		/* scratch for text */
};

static int
svg_write(void *ctx, const char *p, int n)
{
	return fwrite(p, 1, (size_t)n, ctx) == (size_t)n ? n : -1;
}

static void
attr_int(struct svg *s, const char *name, int64_t v)
{
	char t[32];

	xmlout_attr(&s->x, name, fixed(t, v, 0));
}

/* An attribute of v thousandths. */
static void
attr_milli(struct svg *s, const char *name, int64_t v)
{
	char t[32];

	xmlout_attr(&s->x, name, fixed(t, v, 3));
}

/* Text content from outside, made fit for XML (add_text). */
static void
text(struct svg *s, const char *str, size_t max)
{
	buf_reset(&s->t);
	add_text(&s->t, str, max);
	xmlout_text(&s->x, buf_str(&s->t));
}

/* A <title> child, what a viewer shows on hover. */
static void
title(struct svg *s, const char *str)
{
	xmlout_start(&s->x, "title");
	text(s, str, 0);
	xmlout_end(&s->x);
}

/*
 * A line of text at x, y (the baseline); anchor "start", "middle" or
 * "end"; extra names one more attribute and its value, or is NULL.
 */
static void
label(struct svg *s, int x, int y, const char *anchor, int size,
    const char *fill, const char *extra, const char *value,
    const char *str, size_t max)
{
	xmlout_start(&s->x, "text");
	attr_int(s, "x", x);
	attr_int(s, "y", y);
	if (strcmp(anchor, "start") != 0)
		xmlout_attr(&s->x, "text-anchor", anchor);
	attr_int(s, "font-size", size);
	xmlout_attr(&s->x, "fill", fill);
	if (extra)
		xmlout_attr(&s->x, extra, value);
	text(s, str, max);
	xmlout_end(&s->x);
}

static void
rect(struct svg *s, int x, int y, int w, int h, const char *fill,
    const char *stroke)
{
	xmlout_start(&s->x, "rect");
	attr_int(s, "x", x);
	attr_int(s, "y", y);
	attr_int(s, "width", w);
	attr_int(s, "height", h);
	xmlout_attr(&s->x, "fill", fill);
	if (stroke) {
		xmlout_attr(&s->x, "stroke", stroke);
		xmlout_attr(&s->x, "stroke-width", "0.5");
	}
	xmlout_end(&s->x);
}

/* Diagonal grey lines on white, every size thousandths of a user unit. */
static void
hatch(struct svg *s, const char *id, int64_t size)
{
	char d[100], a[32];

	xmlout_start(&s->x, "pattern");
	xmlout_attr(&s->x, "id", id);
	xmlout_attr(&s->x, "patternUnits", "userSpaceOnUse");
	attr_milli(s, "width", size);
	attr_milli(s, "height", size);
	xmlout_attr(&s->x, "patternTransform", "rotate(45)");
	xmlout_start(&s->x, "rect");
	attr_milli(s, "width", size);
	attr_milli(s, "height", size);
	xmlout_attr(&s->x, "fill", ZERO);
	xmlout_end(&s->x);
	xmlout_start(&s->x, "path");
	snprintf(d, sizeof d, "M0 0V%s", fixed(a, size, 3));
	xmlout_attr(&s->x, "d", d);
	xmlout_attr(&s->x, "stroke", HATCH);
	attr_milli(s, "stroke-width", size / 4);
	xmlout_end(&s->x);
	xmlout_end(&s->x);
}

static void
write_map(struct svg *s, const struct chart *c, struct layout *l,
    const struct areas *as)
{
	char tx[32], ty[32], sc[32];
	struct buf t = BUF_INIT;
	size_t i;
	int k;

	xmlout_start(&s->x, "g");
	buf_printf(&t, "translate(%s %s) scale(%s)", fixed(tx, l->tx_m, 3),
	    fixed(ty, l->ty_m, 3), fixed(sc, l->s_u, 6));
	xmlout_attr(&s->x, "transform", buf_str(&t));
	xmlout_attr(&s->x, "stroke", BORDER);
	attr_milli(s, "stroke-width", l->stroke_m);
	xmlout_attr(&s->x, "stroke-linejoin", "round");
	xmlout_attr(&s->x, "fill-rule", "evenodd");
	for (i = 0; i < as->n; i++) {
		const struct area *a = &as->a[i];

		xmlout_start(&s->x, "path");
		xmlout_attr(&s->x, "d", a->path);
		xmlout_attr(&s->x, "fill", area_fill(l, a->item));
		buf_reset(&t);
		add_text(&t, a->name, 0);
		buf_adds(&t, ": ");
		if (a->item == NULL)
			buf_adds(&t, "no data");
		else if (a->item->suppressed)
			add_suppressed(&t, c);
		else
			add_value(&t, c, a->item->value);
		title(s, buf_str(&t));
		xmlout_end(&s->x);
	}
	xmlout_end(&s->x);

	/* Two columns, read down: the classes in order, then the rest. */
	for (k = 0; k < l->nleg; k++) {
		int rows = (l->nleg + 1) / 2;
		int x = MARGIN + (k / rows) * (INNER / 2);
		int y = l->legend_top + (k % rows) * ROW;

		rect(s, x, y, 18, 12, l->leg[k].fill, BORDER);
		label(s, x + 24, y + 11, "start", 12, INK, NULL, NULL,
		    buf_str(&l->leg[k].text), 0);
	}
	buf_release(&t);
}

static void
tick_text(char out[40], const struct chart *c, const struct layout *l,
    int64_t v)
{
	if (c->money && l->step % 100 == 0)
		int_grouped(v / 100, out);
	else
		value_text(out, c, v);
}

/*
 * The length of value v's bar on the scale: none for zero and below, at
 * least a pixel above zero, so that a small value is told from none.
 */
static int
bar_len(const struct layout *l, int64_t v)
{
	int w;

	if (v <= 0)
		return 0;
	if (v >= l->axis_max)
		return l->bar_w;
	/* A double holds the product exactly enough for a pixel. */
	w = (int)((double)v * l->bar_w / (double)l->axis_max + 0.5);
	return w > 0 ? w : 1;
}

static void
write_bars(struct svg *s, const struct chart *c, const struct layout *l)
{
	struct buf t = BUF_INIT;
	int top = l->bars_top, rows = (int)c->n, x;
	char v[40];
	int64_t tv;
	size_t i;

	if (c->n == 0) {
		label(s, MARGIN, top + 14, "start", 12, GREY_INK, NULL, NULL,
		    "no figures", 0);
		return;
	}
	/* The scale across the top, a grid line for every step. */
	xmlout_start(&s->x, "g");
	label(s, l->bar_x - 14, top + 12, "end", 11, GREY_INK, "font-style",
	    "italic", unit_of(c), LABEL_MAX);
	for (tv = 0; tv <= l->axis_max; tv += l->step) {
		x = l->bar_x + bar_len(l, tv);
		xmlout_start(&s->x, "line");
		attr_int(s, "x1", x);
		attr_int(s, "x2", x);
		attr_int(s, "y1", top + 15);
		attr_int(s, "y2", top + ROW + rows * ROW);
		xmlout_attr(&s->x, "stroke", tv == 0 ? BORDER : "#e0e0e0");
		xmlout_attr(&s->x, "stroke-width", "1");
		xmlout_end(&s->x);
		tick_text(v, c, l, tv);
		label(s, x, top + 12, "middle", 11, GREY_INK, NULL, NULL, v,
		    0);
		if (l->axis_max - tv < l->step)
			break;
	}
	xmlout_end(&s->x);

	for (i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->item[i];
		int y = top + ROW + (int)i * ROW, w;

		xmlout_start(&s->x, "g");
		buf_reset(&t);
		add_text(&t, label_of(it), 0);
		buf_adds(&t, ": ");
		if (it->suppressed)
			add_suppressed(&t, c);
		else
			add_value(&t, c, it->value);
		title(s, buf_str(&t));
		label(s, l->bar_x - 6, y + 14, "end", 12, INK, NULL, NULL,
		    label_of(it), LABEL_MAX);
		if (it->suppressed) {
			label(s, l->bar_x + 4, y + 14, "start", 12, GREY_INK,
			    "font-style", "italic", "suppressed", 0);
		} else {
			w = bar_len(l, it->value);
			if (w > 0)
				rect(s, l->bar_x, y + 4, w, 13, BAR, NULL);
			label(s, l->bar_x + w + 4, y + 14, "start", 12, INK,
			    NULL, NULL, value_text(v, c, it->value), 0);
		}
		xmlout_end(&s->x);
	}
	buf_release(&t);
}

static void
write_doc(struct svg *s, const struct chart *c, struct layout *l,
    const struct areas *as)
{
	struct buf t = BUF_INIT;
	int y;

	xmlout_start(&s->x, "svg");
	xmlout_attr(&s->x, "xmlns", "http://www.w3.org/2000/svg");
	attr_int(s, "width", CHART_WIDTH);
	attr_int(s, "height", l->height);
	buf_printf(&t, "0 0 %d %d", CHART_WIDTH, l->height);
	xmlout_attr(&s->x, "viewBox", buf_str(&t));
	xmlout_attr(&s->x, "font-family", "sans-serif");
	xmlout_attr(&s->x, "role", "img");
	title(s, c->title);
	if (c->subtitle) {
		xmlout_start(&s->x, "desc");
		text(s, c->subtitle, 0);
		xmlout_end(&s->x);
	}
	if (c->map != CHART_NO_MAP) {
		xmlout_start(&s->x, "defs");
		hatch(s, "hatch", l->hatch_m);
		hatch(s, "hatch-px", 6000);
		xmlout_end(&s->x);
	}
	rect(s, 0, 0, CHART_WIDTH, l->height, "#ffffff", NULL);

	label(s, MARGIN, l->title_y, "start", 20, INK, "font-weight", "bold",
	    c->title, 0);
	if (c->subtitle)
		label(s, MARGIN, l->subtitle_y, "start", 13, GREY_INK, NULL,
		    NULL, c->subtitle, 0);
	if (*unit_of(c)) {
		buf_reset(&t);
		buf_adds(&t, "Unit: ");
		buf_adds(&t, unit_of(c));
		label(s, MARGIN, l->unit_y, "start", 12, GREY_INK, NULL, NULL,
		    buf_str(&t), 0);
	}
	if (c->map != CHART_NO_MAP)
		write_map(s, c, l, as);
	write_bars(s, c, l);

	y = l->notes_y;
	if (l->attribution) {
		label(s, MARGIN, y, "start", 11, GREY_INK, NULL, NULL,
		    CHART_ATTRIBUTION, 0);
		y -= 16;
	}
	if (l->any_suppressed) {
		buf_reset(&t);
		buf_adds(&t, "Suppressed: ");
		if (c->min_count > 0)
			buf_printf(&t, "fewer than %d cases; ", c->min_count);
		buf_adds(&t, "the value is withheld.");
		label(s, MARGIN, y, "start", 11, GREY_INK, NULL, NULL,
		    buf_str(&t), 0);
	}
	xmlout_end(&s->x);
	buf_release(&t);
}

int
chart_write_svg(FILE *out, const struct chart *c)
{
	struct areas as = { NULL, 0, 0 };
	struct svg s = { { NULL, 0 }, BUF_INIT };
	struct layout l;
	int rc = -1;

	if (c->title == NULL) {
		error("a chart needs a title");
		return -1;
	}
	if (c->map == CHART_DISTRICTS &&
	    (c->province < 1 || c->province > 81)) {
		error("no province with plate %d", c->province);
		return -1;
	}
	if (c->map != CHART_NO_MAP) {
		if (c->geodir == NULL) {
			error("a map needs the directory of the boundaries");
			return -1;
		}
		if (geo_read(c, &as) < 0)
			goto done;
		geo_join(c, &as);
	}
	layout(c, &l, &as);

	xmlout_begin(&s.x, svg_write, out, " ");
	write_doc(&s, c, &l, &as);
	layout_release(&l);
	if (xmlout_finish(&s.x) != 0) {
		error("cannot write the chart: %s",
		    ferror(out) ? strerror(errno) : "libxml2 failed");
		goto done;
	}
	rc = 0;
done:
	buf_release(&s.t);
	areas_release(&as);
	return rc;
}
