/*
 * chart.h - a report's figures as one SVG document: a choropleth map of
 * the provinces, or of one province's districts, over a horizontal bar
 * chart, or the bars alone.
 *
 * The boundaries come from geodir (etc/geo/provinces.tsv and
 * districts.tsv, made by scripts/make-geo, already projected), so that
 * drawing is copying path data.  The document is written by libxml2's text
 * writer, so it is well-formed whatever the labels hold; text that is not
 * valid UTF-8, or holds characters XML does not allow, is written with
 * U+FFFD in their place.  The output depends on nothing but the chart:
 * no locale, no clock, no floating-point printf; the same chart gives the
 * same bytes.
 */
#ifndef ISAS_CHART_H
#define ISAS_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One bar, and when it names an area, one area of the map.  An item is
 * drawn on a province map when plate is 1..81 and district is NULL, on the
 * district map of province p when plate is p and district equals a
 * district's name in districts.tsv byte for byte (the boundary data's
 * shapeName).  When two items name one area the first is drawn.  Items
 * that name no area are drawn as bars only, never refused.
 */
struct chart_item {
	int plate;		/* province plate 1..81, or 0 when not an area */
	const char *district;	/* district as in the boundary data (shapeName), or NULL */
	const char *label;	/* the bar's label (e.g. "Adana", "Seyhan", "regular");
				   NULL: the district, else "" */
	int64_t value;		/* a count, or money in kuruş when chart.money */
	int suppressed;		/* withheld: fewer than min_count cases */
};

enum chart_map { CHART_NO_MAP, CHART_PROVINCES, CHART_DISTRICTS };

/*
 * The figure.  title is required; subtitle and unit may be NULL (no line;
 * with money, unit NULL is "TRY").  The values of suppressed items are
 * never written, nor used for the scale or the classes.
 */
struct chart {
	const char *title;	/* "Caseload by province" */
	const char *subtitle;	/* "as of 2026-11-23 · period 2026-11 · all programmes" */
	const char *unit;	/* "households", "persons", "TRY" */
	int money;		/* values in kuruş, shown as TRY with two decimals and thousands separators */
	int min_count;		/* shown in the legend: "suppressed (fewer than N)"; 0 leaves out the "(…)" */
	enum chart_map map;
	int province;		/* with CHART_DISTRICTS: the plate whose districts are drawn */
	const char *geodir;	/* directory with provinces.tsv and districts.tsv; read only for a map */
	const struct chart_item *item;
	size_t n;
};

/*
 * Writes the SVG document for c on out: the title, subtitle and unit; with
 * a map, every province (or every district of c->province, the view fitted
 * to them) coloured by its item's value, and its legend; then a bar per
 * item in the order given (the caller sorts), with a scale; a note when a
 * value is suppressed; and, when a map is drawn or an item names a
 * province, the boundary data's attribution at the bottom.  The width is
 * CHART_WIDTH, the height what the content needs.
 *
 * The map's colours are 5 classes of ColorBrewer's Blues (sequential,
 * colour-blind safe) split at the quantiles of the mapped positive values
 * that are not suppressed (class k holds the values up to the value at
 * rank ceil(k·m/5) of the m sorted values; classes that would repeat a
 * bound are merged, so fewer than 5 when there are few distinct values);
 * the legend gives each class's lowest and highest value.  A value of 0
 * or less is white, an area without an item light grey ("no data"), a
 * suppressed one hatched.  Each area and bar has a <title> with its name
 * and value, for hover.
 *
 * Returns 0, or -1 after printing a message with error(): a geo file that
 * cannot be read or parsed (named with file:line), c->province outside
 * 1..81 or without districts, a missing title, or a write error.  Output
 * may be partial on -1; out is neither flushed nor closed.
 */
int chart_write_svg(FILE *out, const struct chart *c);

#define CHART_WIDTH	960

#define CHART_ATTRIBUTION "Boundaries: geoBoundaries (www.geoboundaries.org)," \
	" data © OpenStreetMap contributors"

#endif
