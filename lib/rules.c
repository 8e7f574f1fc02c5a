/*
 * rules.c - reading the rule file.  See rules.h and isas-rules(5).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "rules.h"
#include "sha256.h"
#include "value.h"
#include "xalloc.h"

static const char *const keywords[] = {
	"gate", "let", "map", "term", "cutoff", "require", "review", "note",
	"amount", "duration"
};

const char *
rule_keyword(enum rule_kind k)
{
	return keywords[k];
}

struct parse {
	struct rules *r;
	const char *path;
	struct programme *cur;
	struct rule *last;	/* the rule that continuation lines extend */
	int top_last;		/* 1 when the last key was a top-level one */
	int bad;
	size_t cap_prog, cap_rule;
};

static int
is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 60 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int
is_code(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 60 || !(s[0] >= 'A' && s[0] <= 'Z'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* A programme name: lower-case letters, digits, '-' and '_'. */
static int
is_prog_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 60 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* A decimal number as written: [-+]digits[.digits]. */
static int
is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return digits > 0 && i == n && n < 40;
}

static const char *
skip_space(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static const char *
trim_end(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e;
}

static void
bad(struct parse *p, uint64_t line, const char *what)
{
	error_at(p->path, line, "%s", what);
	p->bad = 1;
}

static int
onoff(struct parse *p, uint64_t line, const char *v, const char *yes,
	const char *no, int *out)
{
	if (strcmp(v, yes) == 0)
		*out = 1;
	else if (strcmp(v, no) == 0)
		*out = 0;
	else {
		error_at(p->path, line, "expected %s or %s, not '%s'", yes, no, v);
		p->bad = 1;
		return -1;
	}
	return 0;
}

static struct rule *
add_rule(struct parse *p, enum rule_kind k, const char *name, size_t nlen,
	uint64_t line)
{
	struct programme *g = p->cur;
	struct rule *r;
	size_t i;

	if (name) {
		for (i = 0; i < g->nrule; i++)
			if (g->rule[i].name && strlen(g->rule[i].name) == nlen &&
			    memcmp(g->rule[i].name, name, nlen) == 0) {
				error_at(p->path, line, "%.*s: already defined"
				    " on line %llu", (int)nlen, name,
				    (unsigned long long)g->rule[i].line);
				p->bad = 1;
				return NULL;
			}
	} else {
		for (i = 0; i < g->nrule; i++)
			if (g->rule[i].kind == k) {
				error_at(p->path, line, "%s: already given on"
				    " line %llu", keywords[k],
				    (unsigned long long)g->rule[i].line);
				p->bad = 1;
				return NULL;
			}
	}
	if (g->nrule == 0)
		p->cap_rule = 0;
	xgrow((void **)&g->rule, &p->cap_rule, g->nrule + 1, sizeof *g->rule);
	r = &g->rule[g->nrule++];
	memset(r, 0, sizeof *r);
	r->kind = k;
	r->name = name ? xstrndup(name, nlen) : NULL;
	r->line = line;
	return r;
}

/* A map line: "key value". */
static void
map_line(struct parse *p, struct rule *r, const char *s, const char *e,
	uint64_t line)
{
	const char *k = s, *ke, *v;
	struct map_entry m;
	size_t cap = r->nmap;

	if (*k == '\'') {
		for (ke = k + 1; ke < e && *ke != '\''; ke++)
			;
		if (ke == e) {
			bad(p, line, "map: unterminated quoted key");
			return;
		}
		ke++;
	} else
		for (ke = k; ke < e && *ke != ' ' && *ke != '\t'; ke++)
			;
	v = skip_space(ke, e);
	if (v == ke || !is_number(v, (size_t)(e - v))) {
		bad(p, line, "map: expected a key and a number");
		return;
	}
	if (*k == '\'' || is_number(k, (size_t)(ke - k)))
		m.key = xstrndup(k, (size_t)(ke - k));
	else {
		size_t i, n = (size_t)(ke - k);

		for (i = 0; i < n; i++)
			if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' &&
			    k[i] <= 'Z') || (k[i] >= '0' && k[i] <= '9') ||
			    k[i] == '_' || k[i] == '-')) {
				bad(p, line, "map: a key is a number, a word or"
				    " a 'quoted' text");
				return;
			}
		m.key = xmalloc(n + 3);
		m.key[0] = '\'';
		memcpy(m.key + 1, k, n);
		m.key[n + 1] = '\'';
		m.key[n + 2] = '\0';
	}
	m.value = xstrndup(v, (size_t)(e - v));
	xgrow((void **)&r->map, &cap, r->nmap + 1, sizeof *r->map);
	r->map[r->nmap++] = m;
}

static void
section(struct parse *p, const char *s, const char *e, uint64_t line)
{
	struct rules *r = p->r;
	struct programme *g;
	const char *n;
	size_t i;

	if (e - s < 2 || e[-1] != ']' || (size_t)(e - s) < 13 ||
	    memcmp(s, "[programme ", 11) != 0) {
		bad(p, line, "expected [programme NAME]");
		p->cur = NULL;
		return;
	}
	n = skip_space(s + 11, e - 1);
	if (!is_prog_name(n, (size_t)(trim_end(n, e - 1) - n))) {
		bad(p, line, "programme: a name is lower-case letters, digits,"
		    " '-' and '_'");
		p->cur = NULL;
		return;
	}
	for (i = 0; i < r->nprog; i++)
		if (strlen(r->prog[i].name) == (size_t)(trim_end(n, e - 1) - n) &&
		    memcmp(r->prog[i].name, n, (size_t)(trim_end(n, e - 1) - n)) == 0) {
			error_at(p->path, line, "programme %s: already defined"
			    " on line %llu", r->prog[i].name,
			    (unsigned long long)r->prog[i].line);
			p->bad = 1;
		}
	xgrow((void **)&r->prog, &p->cap_prog, r->nprog + 1, sizeof *r->prog);
	g = &r->prog[r->nprog++];
	memset(g, 0, sizeof *g);
	g->name = xstrndup(n, (size_t)(trim_end(n, e - 1) - n));
	g->line = line;
	g->pays = 0;
	p->cur = g;
	p->last = NULL;
	p->top_last = 0;
}

static int
kind_of(const char *w, size_t n, enum rule_kind *k)
{
	size_t i;

	for (i = 0; i < sizeof keywords / sizeof *keywords; i++)
		if (strlen(keywords[i]) == n && memcmp(keywords[i], w, n) == 0) {
			*k = (enum rule_kind)i;
			return 0;
		}
	return -1;
}

static void
key_line(struct parse *p, const char *s, const char *e, uint64_t line)
{
	const char *eq = memchr(s, '=', (size_t)(e - s));
	const char *k1, *k1e, *k2, *k2e, *v;
	char *val;
	enum rule_kind kind;
	struct rule *r;

	p->last = NULL;
	p->top_last = 0;
	if (!eq) {
		bad(p, line, "expected KEY = VALUE");
		return;
	}
	k1 = s;
	for (k1e = k1; k1e < eq && *k1e != ' ' && *k1e != '\t'; k1e++)
		;
	k2 = skip_space(k1e, eq);
	k2e = trim_end(k2, eq);
	if (k2 < k2e)
		for (const char *q = k2; q < k2e; q++)
			if (*q == ' ' || *q == '\t') {
				bad(p, line, "expected KEY = VALUE or KIND NAME = VALUE");
				return;
			}
	v = skip_space(eq + 1, e);
	val = xstrndup(v, (size_t)(trim_end(v, e) - v));

	if (!p->cur) {
		if (k2 != k2e)
			goto unknown_top;
		if (k1e - k1 == 7 && memcmp(k1, "version", 7) == 0) {
			if (p->r->version) {
				bad(p, line, "version: already given");
				free(val);
			} else if (!*val) {
				bad(p, line, "version: empty");
				free(val);
			} else
				p->r->version = val;
			return;
		}
		if (k1e - k1 == 6 && memcmp(k1, "params", 6) == 0) {
			if (p->r->params || !*val) {
				bad(p, line, p->r->params ? "params: already given"
				    : "params: empty");
				free(val);
			} else
				p->r->params = val;
			return;
		}
unknown_top:
		error_at(p->path, line, "%.*s: not a key before the first"
		    " [programme] (version, params)", (int)(k1e - k1), k1);
		p->bad = 1;
		free(val);
		return;
	}

	if (kind_of(k1, (size_t)(k1e - k1), &kind) == 0) {
		int named = kind == R_GATE || kind == R_LET || kind == R_MAP ||
		    kind == R_TERM || kind == R_REQUIRE || kind == R_REVIEW ||
		    kind == R_NOTE;
		int code = kind == R_GATE || kind == R_REQUIRE ||
		    kind == R_REVIEW || kind == R_NOTE;

		if (named && k2 == k2e) {
			error_at(p->path, line, "%s: needs a %s", keywords[kind],
			    code ? "CODE" : "name");
			p->bad = 1;
			free(val);
			return;
		}
		if (!named && k2 != k2e) {
			error_at(p->path, line, "%s: takes no name", keywords[kind]);
			p->bad = 1;
			free(val);
			return;
		}
		if (named && code && !is_code(k2, (size_t)(k2e - k2))) {
			error_at(p->path, line, "%s: a reason code is upper-case"
			    " letters, digits and _", keywords[kind]);
			p->bad = 1;
			free(val);
			return;
		}
		if (named && !code && !is_name(k2, (size_t)(k2e - k2))) {
			error_at(p->path, line, "%s: a name is lower-case letters,"
			    " digits and _", keywords[kind]);
			p->bad = 1;
			free(val);
			return;
		}
		r = add_rule(p, kind, named ? k2 : NULL,
		    named ? (size_t)(k2e - k2) : 0, line);
		if (!r) {
			free(val);
			return;
		}
		if (kind == R_TERM) {
			/* weight * expression */
			char *star = strchr(val, '*');
			const char *w = val, *we;

			we = star ? trim_end(w, star) : w;
			if (!star || !is_number(w, (size_t)(we - w))) {
				bad(p, line, "term: expected WEIGHT * EXPRESSION");
				free(val);
				return;
			}
			r->weight = xstrndup(w, (size_t)(we - w));
			r->w = strtod(r->weight, NULL);
			r->expr = xstrdup(skip_space(star + 1, val + strlen(val)));
			free(val);
		} else
			r->expr = val;
		if (!*r->expr) {
			error_at(p->path, line, "%s: empty expression",
			    keywords[kind]);
			p->bad = 1;
		}
		p->last = r;
		return;
	}
	if (k2 != k2e)
		goto unknown;
#define KEY(w) ((size_t)(k1e - k1) == strlen(w) && memcmp(k1, w, strlen(w)) == 0)
	if (KEY("title")) {
		free(p->cur->title);
		p->cur->title = val;
	} else if (KEY("unit")) {
		if (strcmp(val, "person") == 0)
			p->cur->person = 1;
		else if (strcmp(val, "household") != 0) {
			bad(p, line, "unit: expected household or person");
		}
		free(val);
	} else if (KEY("application")) {
		onoff(p, line, val, "required", "none", &p->cur->application);
		free(val);
	} else if (KEY("pays")) {
		onoff(p, line, val, "yes", "no", &p->cur->pays);
		free(val);
	} else if (KEY("intercept")) {
		if (p->cur->has_score)
			bad(p, line, "intercept: already given");
		else if (!is_number(val, strlen(val)))
			bad(p, line, "intercept: expected a number");
		else {
			p->cur->has_score = 1;
			p->cur->intercept = val;
			p->cur->icpt = strtod(val, NULL);
			return;
		}
		free(val);
	} else {
unknown:
		error_at(p->path, line, "%.*s: unknown key", (int)(k2e > k2 ?
		    k2e - k1 : k1e - k1), k1);
		p->bad = 1;
		free(val);
	}
#undef KEY
}

/* A continuation line: more of the last expression, or a map entry. */
static void
continuation(struct parse *p, const char *s, const char *e, uint64_t line)
{
	struct rule *r = p->last;
	size_t n;

	if (!r) {
		bad(p, line, "an indented line continues nothing");
		return;
	}
	if (r->kind == R_MAP) {
		map_line(p, r, s, e, line);
		return;
	}
	n = strlen(r->expr);
	r->expr = xrealloc(r->expr, n + (size_t)(e - s) + 2);
	r->expr[n] = '\n';
	memcpy(r->expr + n + 1, s, (size_t)(e - s));
	r->expr[n + 1 + (e - s)] = '\0';
}

static char *
read_all(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;

	if (buf_read_file(&b, path) != 0) {
		error("%s: %s", path, strerror(errno));
		buf_release(&b);
		return NULL;
	}
	buf_addc(&b, '\0');
	*len = b.len - 1;
	return b.p;
}

/* The line of the first byte of s[0..len) that is not UTF-8 text or is NUL. */
static uint64_t
bad_text_line(const char *s, size_t len)
{
	const char *end = s + len, *e;
	uint64_t line = 1;

	for (;;) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		if (!utf8_valid(s, (size_t)(e - s)) ||
		    memchr(s, '\0', (size_t)(e - s)))
			return line;
		if (e == end)
			return 1;
		s = e + 1;
		line++;
	}
}

static void
check_programme(struct parse *p, const struct programme *g)
{
	size_t i;
	int has_term = 0, has_amount = 0;

	for (i = 0; i < g->nrule; i++) {
		if (g->rule[i].kind == R_TERM)
			has_term = 1;
		if (g->rule[i].kind == R_AMOUNT)
			has_amount = 1;
		if (g->rule[i].kind == R_MAP && g->rule[i].nmap == 0) {
			error_at(p->path, g->rule[i].line, "map %s: no entries"
			    " (indented 'key value' lines)", g->rule[i].name);
			p->bad = 1;
		}
	}
	if (has_term && !g->has_score) {
		error_at(p->path, g->line, "programme %s: terms without an"
		    " intercept", g->name);
		p->bad = 1;
	}
	if (g->pays && !has_amount) {
		error_at(p->path, g->line, "programme %s: pays = yes without an"
		    " amount", g->name);
		p->bad = 1;
	}
}

struct rules *
rules_load(const char *path)
{
	struct parse p;
	struct rules *r;
	const char *s, *e, *end;
	uint64_t line = 0;
	size_t i;

	memset(&p, 0, sizeof p);
	r = xcalloc(1, sizeof *r);
	p.r = r;
	p.path = path;
	r->path = xstrdup(path);
	r->text = read_all(path, &r->len);
	if (!r->text) {
		rules_free(r);
		return NULL;
	}
	{
		struct sha256 h;

		sha256_begin(&h);
		sha256_add(&h, r->text, r->len);
		sha256_hex(&h, r->sha256);
	}
	if (!utf8_valid(r->text, r->len) || memchr(r->text, '\0', r->len)) {
		error_at(path, bad_text_line(r->text, r->len), "not UTF-8 text");
		rules_free(r);
		return NULL;
	}
	end = r->text + r->len;
	for (s = r->text; s < end; s = e + 1) {
		const char *t;

		line++;
		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		t = skip_space(s, e);
		if (t == trim_end(t, e) || *t == '#') {
			/* A blank line ends a map or an expression. */
			if (t == trim_end(t, e))
				p.last = NULL;
			continue;
		}
		if (t != s) {
			continuation(&p, t, trim_end(t, e), line);
			continue;
		}
		if (*t == '[') {
			section(&p, t, trim_end(t, e), line);
			continue;
		}
		if (!p.cur && r->nprog > 0) {
			/* Lines after a bad section header. */
			continue;
		}
		key_line(&p, t, trim_end(t, e), line);
		if (e == end)
			break;
	}
	if (!r->version) {
		error_at(path, 1, "no version = ... line: every decision records"
		    " the rules' version");
		p.bad = 1;
	}
	if (r->nprog == 0 && !p.bad) {
		error_at(path, line ? line : 1, "no [programme NAME] section");
		p.bad = 1;
	}
	for (i = 0; i < r->nprog; i++)
		check_programme(&p, &r->prog[i]);
	if (r->params && r->params[0] != '/') {
		const char *slash = strrchr(path, '/');

		if (slash) {
			size_t dn = (size_t)(slash - path) + 1;
			char *full = xmalloc(dn + strlen(r->params) + 1);

			memcpy(full, path, dn);
			strcpy(full + dn, r->params);
			free(r->params);
			r->params = full;
		}
	}
	if (p.bad) {
		rules_free(r);
		return NULL;
	}
	return r;
}

const struct programme *
rules_find(const struct rules *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nprog; i++)
		if (strcmp(r->prog[i].name, name) == 0)
			return &r->prog[i];
	return NULL;
}

void
rules_free(struct rules *r)
{
	size_t i, j, k;

	if (!r)
		return;
	for (i = 0; i < r->nprog; i++) {
		struct programme *g = &r->prog[i];

		for (j = 0; j < g->nrule; j++) {
			free(g->rule[j].name);
			free(g->rule[j].expr);
			free(g->rule[j].weight);
			for (k = 0; k < g->rule[j].nmap; k++) {
				free(g->rule[j].map[k].key);
				free(g->rule[j].map[k].value);
			}
			free(g->rule[j].map);
		}
		free(g->rule);
		free(g->name);
		free(g->title);
		free(g->intercept);
	}
	free(r->prog);
	free(r->version);
	free(r->params);
	free(r->text);
	free(r->path);
	free(r);
}
