/*
 * params.c - dated parameters.  See params.h.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "input.h"
#include "params.h"
#include "value.h"
#include "xalloc.h"

static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Reads a number: a whole number as an integer, else a decimal as a real. */
static int
number_parse(const char *s, size_t n, struct param *p)
{
	char tmp[64], *end;
	size_t i, digits = 0, dots = 0;

	if (int_parse(s, n, &p->i) == 0) {
		p->type = PARAM_INT;
		return 0;
	}
	if (n == 0 || n >= sizeof tmp)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.')
			dots++;
		else if (!(i == 0 && (s[i] == '-' || s[i] == '+')))
			return -1;
	}
	if (digits == 0 || dots != 1)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	p->r = strtod(tmp, &end);
	if (*end != '\0')
		return -1;
	p->type = PARAM_REAL;
	return 0;
}

static int
param_cmp(const void *a, const void *b)
{
	const struct param *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return (x->from > y->from) - (x->from < y->from);
}

struct params *
params_load(const char *path)
{
	struct input_options io = { .format = INPUT_TSV };
	struct input *in;
	const struct input_record *r;
	struct params *ps;
	size_t cap = 0, i;
	int cn, cv, cf, cu, bad = 0;

	in = input_open(path, &io);
	if (!in)
		return NULL;
	cn = input_column(in, "name");
	cv = input_column(in, "value");
	cf = input_column(in, "valid_from");
	cu = input_column(in, "unit");
	if (cn < 0 || cv < 0 || cf < 0) {
		error_at(path, 1, "a parameter file needs the columns name,"
		    " value and valid_from");
		input_free(in);
		return NULL;
	}
	ps = xcalloc(1, sizeof *ps);
	ps->path = xstrdup(path);
	while ((r = input_next(in)) != NULL) {
		struct param p;
		size_t need = (size_t)(cn > cv ? cn : cv);

		memset(&p, 0, sizeof p);
		if ((size_t)cf > need)
			need = (size_t)cf;
		if (r->problem) {
			error_at(path, r->line, "%s",
			    input_problem_text(r->problem));
			bad = 1;
			continue;
		}
		if (r->nfield > 0 && r->len[0] > 0 && r->field[0][0] == '#')
			continue;
		if (r->nfield <= need) {
			error_at(path, r->line, "expected name, value and"
			    " valid_from");
			bad = 1;
			continue;
		}
		if (!name_ok(r->field[cn], r->len[cn])) {
			error_at(path, r->line, "name: not a parameter name"
			    " (lower-case letters, digits and _)");
			bad = 1;
			continue;
		}
		if (date_parse(r->field[cf], r->len[cf], &p.from) != 0) {
			error_at(path, r->line, "valid_from: not a date");
			bad = 1;
			continue;
		}
		if (cu >= 0 && (size_t)cu < r->nfield &&
		    r->len[cu] == 5 && memcmp(r->field[cu], "money", 5) == 0) {
			p.money = 1;
			p.type = PARAM_INT;
			if (money_parse(r->field[cv], r->len[cv], 1, &p.i) != 0) {
				error_at(path, r->line, "value: not an amount"
				    " (at most two decimals)");
				bad = 1;
				continue;
			}
		} else if (number_parse(r->field[cv], r->len[cv], &p) != 0) {
			error_at(path, r->line, "value: not a number");
			bad = 1;
			continue;
		}
		p.name = xstrndup(r->field[cn], r->len[cn]);
		p.text = xstrndup(r->field[cv], r->len[cv]);
		p.line = r->line;
		xgrow((void **)&ps->p, &cap, ps->n + 1, sizeof *ps->p);
		ps->p[ps->n++] = p;
	}
	if (input_failed(in))
		bad = 1;
	input_sha256(in, ps->sha256);
	ps->bytes = input_bytes(in);
	input_free(in);
	if (ps->n > 1)
		qsort(ps->p, ps->n, sizeof *ps->p, param_cmp);
	for (i = 1; i < ps->n; i++)
		if (param_cmp(&ps->p[i - 1], &ps->p[i]) == 0) {
			error_at(path, ps->p[i].line > ps->p[i - 1].line ?
			    ps->p[i].line : ps->p[i - 1].line,
			    "%s: a second value from the same day",
			    ps->p[i].name);
			bad = 1;
		}
	if (bad) {
		params_free(ps);
		return NULL;
	}
	return ps;
}

/* The index of the first row named name, or ps->n. */
static size_t
first_of(const struct params *ps, const char *name)
{
	size_t lo = 0, hi = ps->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ps->p[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct param *
params_at(const struct params *ps, const char *name, int32_t day)
{
	const struct param *best = NULL;
	size_t i;

	for (i = first_of(ps, name); i < ps->n &&
	    strcmp(ps->p[i].name, name) == 0; i++)
		if (ps->p[i].from <= day)
			best = &ps->p[i];
	return best;
}

int
params_has(const struct params *ps, const char *name)
{
	size_t i = first_of(ps, name);

	return i < ps->n && strcmp(ps->p[i].name, name) == 0;
}

void
params_free(struct params *ps)
{
	size_t i;

	if (!ps)
		return;
	for (i = 0; i < ps->n; i++) {
		free(ps->p[i].name);
		free(ps->p[i].text);
	}
	free(ps->p);
	free(ps->path);
	free(ps);
}
