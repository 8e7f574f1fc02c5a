/*
 * rtab - a report's table as TSV or as a text table (see rtab.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "err.h"
#include "rtab.h"
#include "value.h"
#include "xalloc.h"

void
rtab_begin(struct rtab *r, enum rtab_format format, struct tsv *out,
	const struct rtab_col *col, size_t ncol, int person_level,
	const char *title, const char *note)
{
	const char **names;
	size_t i;

	memset(r, 0, sizeof *r);
	r->format = format;
	r->col = col;
	r->ncol = ncol;
	r->out = out;
	if (format == RTAB_TSV) {
		if (person_level)
			tsv_raw(out, "# " RTAB_PERSONS "\n",
			    strlen("# " RTAB_PERSONS "\n"));
		names = xcalloc(ncol + 1, sizeof *names);
		for (i = 0; i < ncol; i++)
			names[i] = col[i].name;
		tsv_header(out, names);
		free(names);
		return;
	}
	if (title) {
		buf_adds(&r->title, title);
		buf_addc(&r->title, '\n');
	}
	if (person_level)
		rtab_note(r, "PERSON-LEVEL DATA: for operators, not for"
		    " publication.");
	if (note)
		rtab_note(r, note);
	for (i = 0; i < ncol; i++)
		rtab_str(r, col[i].name);
}

void
rtab_note(struct rtab *r, const char *note)
{
	if (r->format != RTAB_TEXT)
		return;
	buf_adds(&r->title, note);
	buf_addc(&r->title, '\n');
}

static void
text_cell(struct rtab *r, char *s)
{
	xgrow((void **)&r->cell, &r->cap, r->ncell + 1, sizeof *r->cell);
	r->cell[r->ncell++] = s;
	if (++r->at == r->ncol)
		r->at = 0;
}

void
rtab_str(struct rtab *r, const char *s)
{
	if (r->format == RTAB_TSV) {
		tsv_str(r->out, s ? s : "");
		if (++r->at == r->ncol)
			r->at = 0;
	} else
		text_cell(r, s && *s ? xstrdup(s) : NULL);
}

void
rtab_empty(struct rtab *r)
{
	rtab_str(r, NULL);
}

void
rtab_int(struct rtab *r, int64_t v)
{
	enum rtab_type type = r->col[r->at].type;
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	char s[48];

	/* Tenths of a percent: "13.8" in TSV, "13.8 %" for people. */
	if (type == RTAB_PERMILLE)
		snprintf(s, sizeof s, "%s%" PRIu64 ".%" PRIu64 "%s",
		    v < 0 ? "-" : "", a / 10, a % 10,
		    r->format == RTAB_TEXT ? " %" : "");
	if (r->format == RTAB_TSV) {
		if (type == RTAB_MONEY)
			tsv_money(r->out, v);
		else if (type == RTAB_PERMILLE)
			tsv_str(r->out, s);
		else
			tsv_int(r->out, v);
		if (++r->at == r->ncol)
			r->at = 0;
		return;
	}
	if (type == RTAB_MONEY)
		money_grouped(v, s);
	else if (type != RTAB_PERMILLE)
		int_grouped(v, s);
	text_cell(r, xstrdup(s));
}

void
rtab_end(struct rtab *r)
{
	if (r->format == RTAB_TSV) {
		while (r->at != 0)
			rtab_str(r, NULL);
		tsv_end(r->out);
		return;
	}
	while (r->at != 0)
		text_cell(r, NULL);
}

/* The width in columns of a UTF-8 string on a terminal. */
static size_t
width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t w = 0;
	int cw;

	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			p++;
			w++;
			continue;
		}
		p += n;
		cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

static void
pad(struct buf *line, size_t n)
{
	while (n-- > 0)
		buf_addc(line, ' ');
}

/* Writes the line without its trailing spaces, and a newline. */
static void
put_line(struct tsv *out, struct buf *line)
{
	while (line->len > 0 && line->p[line->len - 1] == ' ')
		line->len--;
	tsv_raw(out, line->p, line->len);
	tsv_raw(out, "\n", 1);
	buf_reset(line);
}

void
rtab_finish(struct rtab *r)
{
	struct buf line = BUF_INIT;
	size_t *w, i, c, nrow, cw;
	const char *s;

	if (r->format == RTAB_TSV)
		return;
	if (r->title.len) {
		tsv_raw(r->out, r->title.p, r->title.len);
		tsv_raw(r->out, "\n", 1);
	}
	w = xcalloc(r->ncol, sizeof *w);
	nrow = r->ncell / r->ncol;
	for (i = 0; i < r->ncell; i++)
		if (r->cell[i] && (cw = width(r->cell[i])) > w[i % r->ncol])
			w[i % r->ncol] = cw;
	for (i = 0; i < nrow; i++) {
		for (c = 0; c < r->ncol; c++) {
			s = r->cell[i * r->ncol + c];
			cw = s ? width(s) : 0;
			if (c)
				buf_adds(&line, "  ");
			if (i > 0 && r->col[c].type != RTAB_STR)
				pad(&line, w[c] - cw);
			if (s)
				buf_adds(&line, s);
			if (i == 0 || r->col[c].type == RTAB_STR)
				pad(&line, w[c] - cw);
		}
		put_line(r->out, &line);
		if (i == 0) {
			for (c = 0; c < r->ncol; c++) {
				if (c)
					buf_adds(&line, "  ");
				for (cw = 0; cw < w[c]; cw++)
					buf_addc(&line, '-');
			}
			put_line(r->out, &line);
		}
	}
	buf_release(&line);
	for (i = 0; i < r->ncell; i++)
		free(r->cell[i]);
	free(r->cell);
	free(w);
	buf_release(&r->title);
}
