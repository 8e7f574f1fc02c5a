/*
 * score.c - compiling a programme's rules into SQL and deciding.  See
 * score.h and isas-rules(5).
 *
 * The statement is built in layers, one per rule, each selecting every
 * column of the layer below plus its own:
 *
 *	SELECT *, CASE WHEN "_gate_X" THEN (expr) END AS "name" FROM (...)
 *
 * so a rule may use the view's columns and every name defined above it.
 * Expressions come from the rule file, never from data; data reach SQL
 * only as bound values.  Each layer is compiled alone first (so that an
 * error names its rule and line) under an authorizer that lets it read
 * the views and nothing else, and the whole must be one read-only
 * statement (sqlite3_stmt_readonly).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hview.h"
#include "score.h"
#include "value.h"
#include "xalloc.h"

const char *
decision_word(enum decision d)
{
	static const char *const w[] = {
		"eligible", "not_eligible", "review", "error"
	};

	return w[d];
}

struct scorer {
	struct store *s;
	const struct rules *r;
	const struct programme *g;
	const struct params *ps;
	int32_t day;
	char as_of[11], period[8];

	const char *const *view;	/* the unit's view columns */
	struct xcol *x;			/* explanation columns */
	size_t nx;
	size_t ninput, nparam;		/* x[0..ninput) inputs, then params */
	struct buf pjson;		/* the params' values, JSON, no brackets */

	int *rule_col;			/* result column of each rule */
	int score_layer;		/* the score comes after rule score_layer-1 */
	int c_score, c_applied, c_board, c_bref, c_bamount, c_buntil;
	int c_first_input;

	sqlite3_stmt *st;		/* the whole, in order, after (:_ah, :_ap) */
	sqlite3_stmt **diag;		/* layer k alone for one row, lazily */
	char *last_h, *last_p;
	int done;
};

/* ------------------------------------------------------------- the text */

/*
 * Calls fn for each identifier of expr outside quotes and comments, with
 * its preceding character (':' for parameters).
 */
static void
identifiers(const char *e, void (*fn)(void *, const char *, size_t, char),
	void *arg)
{
	const char *p = e;
	char prev = ' ';

	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p++;

			while (*p && *p != q)
				p++;
			if (*p)
				p++;
			prev = q;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *s = p;

			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			fn(arg, s, (size_t)(p - s), prev);
			prev = 'a';
			continue;
		}
		if (!isspace((unsigned char)*p))
			prev = *p;
		p++;
	}
}

struct scan {
	struct scorer *sc;
	const struct rule *rule;
	int bad;
};

static int
in_list(const char *const *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; l[i]; i++)
		if (strlen(l[i]) == n && memcmp(l[i], s, n) == 0)
			return 1;
	return 0;
}

/* Extra columns every programme's view has. */
static const char *const extra_cols[] = {
	"applied", "application_date", "declared_income", "declared_size",
	NULL
};

static int
has_x(const struct scorer *sc, const char *what, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sc->nx; i++)
		if (strcmp(sc->x[i].what, what) == 0 &&
		    strlen(sc->x[i].name) == n &&
		    memcmp(sc->x[i].name, s, n) == 0)
			return 1;
	return 0;
}

static void
add_x(struct scorer *sc, size_t *cap, const char *what, const char *name,
	const struct rule *r)
{
	struct xcol *c;

	xgrow((void **)&sc->x, cap, sc->nx + 1, sizeof *sc->x);
	c = &sc->x[sc->nx++];
	memset(c, 0, sizeof *c);
	c->what = what;
	c->name = name;
	if (r) {
		c->weight = r->weight;
		c->w = r->w;
		c->line = r->line;
	}
}

/* Reports a rule refused by its text: "FILE:LINE: programme P, KIND NAME: why". */
static void
refuse(struct scan *sc, const char *why, const char *what, size_t n)
{
	const struct rule *r = sc->rule;

	if (sc->bad)
		return;		/* one message a rule */
	error_at(sc->sc->r->path, r->line, "programme %s, %s%s%s: %.*s%s%s",
	    sc->sc->g->name, rule_keyword(r->kind), r->name ? " " : "",
	    r->name ? r->name : "", (int)n, what, n ? ": " : "", why);
	sc->bad = 1;
}

static void
forbid_clock(void *arg, const char *s, size_t n, char prev)
{
	struct scan *sc = arg;
	static const char *const clock[] = {
		"current_date", "current_time", "current_timestamp", "random",
		"randomblob", NULL
	};
	char low[32];
	size_t i;

	if (s[0] == '_') {
		refuse(sc, "names that start with _ are the program's own", s, n);
		return;
	}
	if (n >= sizeof low || prev == ':')
		return;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	if (strcmp(low, "select") == 0 || strcmp(low, "from") == 0)
		refuse(sc, "a rule is an expression over one household: no"
		    " SELECT or FROM", "", 0);
	else if (in_list(clock, low, n))
		refuse(sc, "not allowed: a decision may depend only on the data,"
		    " the rules and :as_of", s, n);
}

/* Checks what SQL cannot: the clock is not read, quotes are closed. */
static int
check_text(struct scorer *sc, const struct rule *r)
{
	struct scan scn = { sc, r, 0 };
	const char *p;

	identifiers(r->expr, forbid_clock, &scn);
	for (p = r->expr; (p = strpbrk(p, "'\"")) != NULL; p++)
		if (strncasecmp(p + 1, "now", 3) == 0 && p[4] == p[0]) {
			refuse(&scn, "not allowed: use :as_of", p, 5);
			break;
		}
	return scn.bad ? -1 : 0;
}

struct inputs_arg {
	struct scorer *sc;
	size_t *cap;
};

static void
note_input(void *arg, const char *s, size_t n, char prev)
{
	struct inputs_arg *a = arg;
	struct scorer *sc = a->sc;
	size_t i;

	if (prev == ':' || prev == '.')
		return;
	for (i = 0; sc->view[i]; i++)
		if (strlen(sc->view[i]) == n && memcmp(sc->view[i], s, n) == 0)
			break;
	if (!sc->view[i]) {
		for (i = 0; extra_cols[i]; i++)
			if (strlen(extra_cols[i]) == n &&
			    memcmp(extra_cols[i], s, n) == 0)
				break;
		if (!extra_cols[i])
			return;
		if (!has_x(sc, "input", s, n))
			add_x(sc, a->cap, "input", extra_cols[i], NULL);
		return;
	}
	if (!has_x(sc, "input", s, n))
		add_x(sc, a->cap, "input", sc->view[i], NULL);
}

/* ------------------------------------------------------------ the SQL */

/* The column alias of rule i. */
static void
rule_alias(struct buf *b, const struct rule *r)
{
	buf_addc(b, '"');
	switch (r->kind) {
	case R_GATE: case R_REQUIRE: case R_REVIEW: case R_NOTE:
		buf_addc(b, '_');
		buf_adds(b, rule_keyword(r->kind));
		buf_addc(b, '_');
		buf_adds(b, r->name);
		break;
	case R_TERM:
		buf_adds(b, "_term_");
		buf_adds(b, r->name);
		break;
	case R_CUTOFF: case R_AMOUNT: case R_DURATION:
		buf_adds(b, rule_keyword(r->kind));
		break;
	default:
		buf_adds(b, r->name);
	}
	buf_addc(b, '"');
}

enum variant {
	V_AFTER,	/* rows after (:_ah, :_ap), in order */
	V_ONLY		/* the row (:_oh, :_op) */
};

static void
base_sql(const struct scorer *sc, struct buf *b, enum variant v)
{
	const char *view = sc->g->person ? "temp.pv" : "temp.hh";
	const char *app = sc->g->person ? "temp.app_pv" : "temp.app_hh";
	const char *akey = sc->g->person ? "person_id" : "household_id";

	buf_adds(b, "SELECT v.*, (a.programme IS NOT NULL) AS applied,"
	    " a.application_date AS application_date,"
	    " a.declared_income AS declared_income,"
	    " a.declared_size AS declared_size,"
	    " b.decision AS _board_decision, b.meeting_ref AS _board_ref,"
	    " b.amount AS _board_amount, b.valid_until AS _board_until FROM ");
	buf_adds(b, view);
	buf_adds(b, " v LEFT JOIN ");
	buf_adds(b, app);
	buf_adds(b, " a ON a.");
	buf_adds(b, akey);
	buf_adds(b, " = v.");
	buf_adds(b, akey);
	buf_adds(b, " AND a.programme = :_programme LEFT JOIN temp.brd b"
	    " ON b.household_id = v.household_id AND b.programme ="
	    " :_programme WHERE ");
	if (sc->g->person)
		buf_adds(b, v == V_AFTER ?
		    "(v.household_id, v.person_id) > (:_ah, :_ap)" :
		    "v.household_id = :_oh AND v.person_id = :_op");
	else
		buf_adds(b, v == V_AFTER ? "v.household_id > :_ah" :
		    "v.household_id = :_oh");
}

/* The gates defined before rule k, as a condition, or "" when none. */
static void
gates_before(const struct scorer *sc, size_t k, struct buf *b)
{
	size_t i;
	int any = 0;

	for (i = 0; i < k; i++)
		if (sc->g->rule[i].kind == R_GATE) {
			buf_adds(b, any ? " AND " : "CASE WHEN ");
			rule_alias(b, &sc->g->rule[i]);
			any = 1;
		}
	if (any)
		buf_adds(b, " THEN ");
}

static void
score_layer(const struct scorer *sc, struct buf *b, size_t k, int from)
{
	const struct programme *g = sc->g;
	struct buf gate = BUF_INIT;
	char name[40];
	size_t i;

	gates_before(sc, k, &gate);
	buf_adds(b, "SELECT *, ");
	buf_adds(b, buf_str(&gate));
	buf_adds(b, "round(");
	buf_adds(b, g->intercept);
	for (i = 0; i < g->nrule; i++)
		if (g->rule[i].kind == R_TERM) {
			buf_adds(b, " + (");
			buf_adds(b, g->rule[i].weight);
			buf_adds(b, ") * ");
			rule_alias(b, &g->rule[i]);
		}
	buf_adds(b, ", 6)");
	if (gate.len)
		buf_adds(b, " END");
	snprintf(name, sizeof name, " AS score FROM _l%d", from);
	buf_adds(b, name);
	buf_release(&gate);
}

/*
 * The layers up to rule k (all of them when k == nrule), for a variant,
 * as a chain of common table expressions "WITH _l0 AS (base), _l1 AS
 * (...), ..." (a chain, not nested subqueries, so that SQLite's parser
 * takes any number of rules); the score comes in where it is due.
 * Returns the number of the last table.
 */
static int
layers_sql(const struct scorer *sc, struct buf *b, size_t k, enum variant v)
{
	const struct programme *g = sc->g;
	struct buf gate = BUF_INIT;
	char name[40];
	size_t i, j;
	int n = 0;

	buf_adds(b, "WITH _l0 AS (\n");
	base_sql(sc, b, v);
	buf_adds(b, "\n)");
	if (g->has_score && sc->score_layer == 0 && k == g->nrule) {
		snprintf(name, sizeof name, ",\n_l%d AS (", n + 1);
		buf_adds(b, name);
		score_layer(sc, b, 0, n);
		buf_adds(b, ")");
		n++;
	}
	for (i = 0; i < k; i++) {
		const struct rule *r = &g->rule[i];

		snprintf(name, sizeof name, ",\n_l%d AS (", n + 1);
		buf_adds(b, name);
		buf_reset(&gate);
		gates_before(sc, i, &gate);
		/* Behind the gates the amount is computed only where the board
		 * granted the programme: a board may grant what rules gate out. */
		if (gate.len && (r->kind == R_AMOUNT || r->kind == R_DURATION)) {
			gate.len -= strlen(" THEN ");
			gate.p[gate.len] = '\0';
			buf_adds(&gate, " OR _board_decision = 'eligible' THEN ");
		}
		buf_adds(b, "SELECT *, ");
		buf_adds(b, buf_str(&gate));
		if (r->kind == R_MAP) {
			buf_adds(b, "CASE (\n");
			buf_adds(b, r->expr);
			buf_adds(b, "\n)");
			for (j = 0; j < r->nmap; j++) {
				buf_adds(b, " WHEN ");
				buf_adds(b, r->map[j].key);
				buf_adds(b, " THEN ");
				buf_adds(b, r->map[j].value);
			}
			buf_adds(b, " END");
		} else {
			buf_adds(b, "(\n");
			buf_adds(b, r->expr);
			buf_adds(b, "\n)");
		}
		if (gate.len)
			buf_adds(b, " END");
		buf_adds(b, " AS ");
		rule_alias(b, r);
		snprintf(name, sizeof name, " FROM _l%d)", n);
		buf_adds(b, name);
		n++;
		if (g->has_score && (size_t)sc->score_layer == i + 1) {
			snprintf(name, sizeof name, ",\n_l%d AS (", n + 1);
			buf_adds(b, name);
			score_layer(sc, b, i + 1, n);
			buf_adds(b, ")");
			n++;
		}
	}
	buf_release(&gate);
	buf_addc(b, '\n');
	return n;
}

/* --------------------------------------------------------- authorizer */

static int
authorize(void *arg, int op, const char *a, const char *b, const char *db,
	const char *trigger)
{
	static const char *const tables[] = {
		"hh", "pv", "app_hh", "app_pv", "brd", NULL
	};
	static const char *const denied_fn[] = {
		"random", "randomblob", "load_extension", "changes",
		"total_changes", "last_insert_rowid", "sqlite_offset",
		/* they read the clock ('now'): rules use days() and age() */
		"date", "time", "datetime", "julianday", "strftime",
		"unixepoch", NULL
	};

	switch (op) {
	case SQLITE_SELECT:
		return SQLITE_OK;
	case SQLITE_READ:
		if (db && strcmp(db, "temp") == 0 && a &&
		    in_list(tables, a, strlen(a)))
			return SQLITE_OK;
		return SQLITE_DENY;
	case SQLITE_FUNCTION:
		if (b && in_list(denied_fn, b, strlen(b)))
			return SQLITE_DENY;
		return SQLITE_OK;
	default:
		return SQLITE_DENY;
	}
}

/*
 * Prepares sql under the authorizer; reports a problem against rule r (or
 * the programme) and returns NULL.  Only one read-only statement passes.
 */
static sqlite3_stmt *
prepare_rule(struct scorer *sc, const char *sql, const struct rule *r)
{
	sqlite3 *db = sc->s->db;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc;

	sqlite3_set_authorizer(db, authorize, NULL);
	rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    &tail);
	sqlite3_set_authorizer(db, NULL, NULL);
	if (rc != SQLITE_OK || !st) {
		const char *msg = sqlite3_errmsg(db);

		if (r)
			error_at(sc->r->path, r->line, "programme %s, %s%s%s: %s",
			    sc->g->name, rule_keyword(r->kind),
			    r->name ? " " : "", r->name ? r->name : "",
			    strstr(msg, "not authorized") ?
			    "not allowed: a rule may only read the household"
			    " view and call functions" : msg);
		else
			error_at(sc->r->path, sc->g->line, "programme %s: %s",
			    sc->g->name, msg);
		sqlite3_finalize(st);
		return NULL;
	}
	while (tail && isspace((unsigned char)*tail))
		tail++;
	if ((tail && *tail) || !sqlite3_stmt_readonly(st)) {
		error_at(sc->r->path, r ? r->line : sc->g->line,
		    "programme %s%s%s: not one read-only expression",
		    sc->g->name, r ? ", " : "", r ? rule_keyword(r->kind) : "");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* ------------------------------------------------------------- compile */

/* A number as JSON: whole numbers as written, reals to 15 digits with a
 * decimal point, and null for what JSON cannot hold. */
static void
json_int(struct buf *b, int64_t v)
{
	char num[24], *p = num + sizeof num;
	uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	/* As "%lld" writes it, without the cost of printf per value. */
	do
		*--p = (char)('0' + m % 10);
	while ((m /= 10) != 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(num + sizeof num - p));
}

static void
json_real(struct buf *b, double d)
{
	char num[40];

	if (!isfinite(d)) {
		buf_adds(b, "null");
		return;
	}
	snprintf(num, sizeof num, "%.15g", d);
	buf_adds(b, num);
	if (!strpbrk(num, ".e"))
		buf_adds(b, ".0");
}

static void
json_value(struct buf *b, sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		json_int(b, sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT:
		json_real(b, sqlite3_value_double(v));
		break;
	case SQLITE_NULL:
		buf_adds(b, "null");
		break;
	default:
		buf_add_json(b, (const char *)sqlite3_value_text(v),
		    (size_t)sqlite3_value_bytes(v));
	}
}

/* Binds the named parameters of st; reports unknown ones once. */
static int
bind_params(struct scorer *sc, sqlite3_stmt *st, int report, size_t *cap)
{
	int i, n = sqlite3_bind_parameter_count(st), bad = 0;

	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		const struct param *p;

		if (!name)
			continue;
		if (strcmp(name, ":_programme") == 0)
			sqlite3_bind_text(st, i, sc->g->name, -1, SQLITE_STATIC);
		else if (strcmp(name, ":_ah") == 0 || strcmp(name, ":_ap") == 0)
			sqlite3_bind_text(st, i, "", -1, SQLITE_STATIC);
		else if (strncmp(name, ":_", 2) == 0)
			continue;
		else if (strcmp(name, ":as_of") == 0)
			sqlite3_bind_text(st, i, sc->as_of, -1, SQLITE_STATIC);
		else if (strcmp(name, ":period") == 0)
			sqlite3_bind_text(st, i, sc->period, -1, SQLITE_STATIC);
		else if ((p = params_at(sc->ps, name + 1, sc->day)) != NULL) {
			if (p->type == PARAM_INT)
				sqlite3_bind_int64(st, i, p->i);
			else
				sqlite3_bind_double(st, i, p->r);
			if (cap && !has_x(sc, "param", name + 1, strlen(name + 1)))
				add_x(sc, cap, "param", p->name, NULL);
		} else {
			if (report) {
				uint64_t line = sc->g->line;
				size_t j;

				for (j = 0; j < sc->g->nrule; j++)
					if (strstr(sc->g->rule[j].expr, name)) {
						line = sc->g->rule[j].line;
						break;
					}
				error_at(sc->r->path, line, "programme %s: %s: %s",
				    sc->g->name, name, params_has(sc->ps, name + 1) ?
				    "no value in force on the as-of day" :
				    "no such parameter in the parameter file");
			}
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/* The columns read back, and where each is. */
static void
select_cols(struct scorer *sc, struct buf *b)
{
	const struct programme *g = sc->g;
	size_t i;
	int col = 2;

	buf_adds(b, "SELECT household_id, ");
	buf_adds(b, g->person ? "person_id" : "''");
	sc->c_first_input = col;
	for (i = 0; i < sc->ninput; i++) {
		buf_adds(b, ", \"");
		buf_adds(b, sc->x[i].name);
		buf_addc(b, '"');
		col++;
	}
	for (i = 0; i < g->nrule; i++) {
		buf_adds(b, ", ");
		rule_alias(b, &g->rule[i]);
		sc->rule_col[i] = col++;
	}
	sc->c_score = -1;
	if (g->has_score) {
		buf_adds(b, ", score");
		sc->c_score = col++;
	}
	buf_adds(b, ", applied, _board_decision, _board_ref, _board_amount,"
	    " _board_until");
	sc->c_applied = col++;
	sc->c_board = col++;
	sc->c_bref = col++;
	sc->c_bamount = col++;
	sc->c_buntil = col++;
}

struct scorer *
scorer_new(struct store *s, const struct rules *r, const struct programme *g,
	const struct params *ps, int32_t day, const char *period)
{
	struct scorer *sc = xcalloc(1, sizeof *sc);
	struct buf sql = BUF_INIT;
	size_t cap = 0, i;
	int bad = 0;
	struct inputs_arg ia;
	sqlite3_stmt *st;

	sc->s = s;
	sc->r = r;
	sc->g = g;
	sc->ps = ps;
	sc->day = day;
	date_format(day, sc->as_of);
	if (period)
		snprintf(sc->period, sizeof sc->period, "%s", period);
	else
		month_format(month_of_day(day), sc->period);
	sc->view = g->person ? hview_pv_columns : hview_hh_columns;
	sc->rule_col = xcalloc(g->nrule + 1, sizeof *sc->rule_col);
	sc->last_h = xstrdup("");
	sc->last_p = xstrdup("");

	/* Names must not hide the view's columns. */
	for (i = 0; i < g->nrule; i++) {
		const struct rule *rl = &g->rule[i];
		const char *nm = rl->kind == R_CUTOFF || rl->kind == R_AMOUNT ||
		    rl->kind == R_DURATION ? rule_keyword(rl->kind) : rl->name;

		if (check_text(sc, rl) != 0)
			bad = 1;
		if (rl->kind == R_GATE || rl->kind == R_REQUIRE ||
		    rl->kind == R_REVIEW || rl->kind == R_NOTE ||
		    rl->kind == R_TERM)
			continue;
		if (in_list(sc->view, nm, strlen(nm)) ||
		    in_list(extra_cols, nm, strlen(nm)) ||
		    strcmp(nm, "score") == 0 || strcmp(nm, "person_id") == 0) {
			error_at(r->path, rl->line, "programme %s, %s %s: the"
			    " view already has a column of that name", g->name,
			    rule_keyword(rl->kind), nm);
			bad = 1;
		}
	}
	if (bad)
		goto fail;

	/* The score comes right after the last term. */
	sc->score_layer = 0;
	for (i = 0; i < g->nrule; i++)
		if (g->rule[i].kind == R_TERM)
			sc->score_layer = (int)i + 1;

	/* The inputs: view columns the expressions name. */
	ia.sc = sc;
	ia.cap = &cap;
	for (i = 0; i < g->nrule; i++)
		identifiers(g->rule[i].expr, note_input, &ia);
	sc->ninput = sc->nx;

	/* Each layer alone, so that a problem names its rule. */
	for (i = 1; i <= g->nrule; i++) {
		int last;
		char tail[40];

		buf_reset(&sql);
		last = layers_sql(sc, &sql, i, V_AFTER);
		snprintf(tail, sizeof tail, "SELECT * FROM _l%d LIMIT 0", last);
		buf_adds(&sql, tail);
		st = prepare_rule(sc, buf_str(&sql), &g->rule[i - 1]);
		if (!st) {
			bad = 1;
			break;
		}
		sqlite3_finalize(st);
	}
	if (bad)
		goto fail;

	/* The whole, naming the columns read back. */
	buf_reset(&sql);
	{
		int last = layers_sql(sc, &sql, g->nrule, V_AFTER);
		char tail[64];

		select_cols(sc, &sql);
		snprintf(tail, sizeof tail, " FROM _l%d ORDER BY household_id%s",
		    last, g->person ? ", person_id" : "");
		buf_adds(&sql, tail);
	}
	sc->st = prepare_rule(sc, buf_str(&sql), NULL);
	if (!sc->st)
		goto fail;
	if (bind_params(sc, sc->st, 1, &cap) != 0)
		goto fail;
	sc->nparam = sc->nx - sc->ninput;

	/* The parameters' values, for every explanation. */
	for (i = sc->ninput; i < sc->nx; i++) {
		const struct param *p = params_at(ps, sc->x[i].name, day);

		if (i > sc->ninput)
			buf_addc(&sc->pjson, ',');
		if (p->type == PARAM_INT)
			json_int(&sc->pjson, p->i);
		else
			json_real(&sc->pjson, p->r);
	}
	/* Then the rules' own values. */
	for (i = 0; i < g->nrule; i++) {
		const struct rule *rl = &g->rule[i];

		add_x(sc, &cap, rule_keyword(rl->kind), rl->name ? rl->name :
		    rule_keyword(rl->kind), rl);
		if (g->has_score && (size_t)sc->score_layer == i + 1)
			add_x(sc, &cap, "score", "score", NULL);
	}
	if (g->has_score && sc->score_layer == 0)
		add_x(sc, &cap, "score", "score", NULL);
	sc->diag = xcalloc(g->nrule + 2, sizeof *sc->diag);
	buf_release(&sql);
	return sc;
fail:
	buf_release(&sql);
	scorer_free(sc);
	return NULL;
}

const struct xcol *
scorer_columns(const struct scorer *sc, size_t *n)
{
	*n = sc->nx;
	return sc->x;
}

/* -------------------------------------------------------------- decide */

static void
reason(struct outcome *o, const char *code)
{
	if (o->reasons.len)
		buf_addc(&o->reasons, ',');
	buf_adds(&o->reasons, code);
}

static void
set_text(char **p, const unsigned char *s)
{
	free(*p);
	*p = xstrdup(s ? (const char *)s : "");
}

static void
fail_rule(struct scorer *sc, struct outcome *o, const struct rule *r,
	const char *what)
{
	buf_reset(&o->error);
	o->decision = o->computed = DEC_ERROR;
	/* Nothing of a decision that could not be made is kept. */
	o->has_score = o->has_amount = o->has_duration = 0;
	o->entitled = 0;
	o->valid_until[0] = '\0';
	free(o->board_ref);
	o->board_ref = NULL;
	if (r) {
		char line[24];

		snprintf(line, sizeof line, "%llu", (unsigned long long)r->line);
		buf_adds(&o->error, sc->r->path);
		buf_addc(&o->error, ':');
		buf_adds(&o->error, line);
		buf_adds(&o->error, ": programme ");
		buf_adds(&o->error, sc->g->name);
		buf_adds(&o->error, ", ");
		buf_adds(&o->error, rule_keyword(r->kind));
		if (r->name) {
			buf_addc(&o->error, ' ');
			buf_adds(&o->error, r->name);
		}
	} else {
		buf_adds(&o->error, sc->r->path);
		buf_adds(&o->error, ": programme ");
		buf_adds(&o->error, sc->g->name);
	}
	buf_adds(&o->error, ": household ");
	buf_adds(&o->error, o->household_id);
	if (o->person_id[0]) {
		buf_adds(&o->error, ", person ");
		buf_adds(&o->error, o->person_id);
	}
	buf_adds(&o->error, ": ");
	buf_adds(&o->error, what);
}

static int
is_num(int t)
{
	return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

/* Appends one value to the explanation's array. */
static void
explain_add(struct outcome *o, sqlite3_value *v)
{
	if (o->explain.len > 1)
		buf_addc(&o->explain, ',');
	json_value(&o->explain, v);
}

/* Decides from a result row of st (the whole statement's columns). */
static void
decide(struct scorer *sc, sqlite3_stmt *st, struct outcome *o)
{
	const struct programme *g = sc->g;
	int gated = 0, failed_req = 0, review = 0, i, t;
	size_t k;
	struct buf notes = BUF_INIT;

	set_text(&o->household_id, sqlite3_column_text(st, 0));
	set_text(&o->person_id, sqlite3_column_text(st, 1));
	buf_reset(&o->reasons);
	buf_reset(&o->explain);
	buf_reset(&o->error);
	free(o->board_ref);
	o->board_ref = NULL;
	o->has_score = o->has_amount = o->has_duration = 0;
	o->valid_until[0] = '\0';
	o->entitled = 0;
	o->applied = sqlite3_column_int(st, sc->c_applied);
	o->computed = o->decision = DEC_ELIGIBLE;

	/* The explanation: inputs, parameters, then the rules' values, the
	 * score where it is due. */
	buf_addc(&o->explain, '[');
	for (k = 0; k < sc->ninput; k++)
		explain_add(o, sqlite3_column_value(st,
		    sc->c_first_input + (int)k));
	if (sc->pjson.len) {
		if (o->explain.len > 1)
			buf_addc(&o->explain, ',');
		buf_adds(&o->explain, buf_str(&sc->pjson));
	}
	for (k = 0; k < g->nrule; k++) {
		explain_add(o, sqlite3_column_value(st, sc->rule_col[k]));
		if (g->has_score && (size_t)sc->score_layer == k + 1)
			explain_add(o, sqlite3_column_value(st, sc->c_score));
	}
	if (g->has_score && sc->score_layer == 0)
		explain_add(o, sqlite3_column_value(st, sc->c_score));
	buf_addc(&o->explain, ']');

	for (k = 0; k < g->nrule && !gated; k++) {
		const struct rule *r = &g->rule[k];

		i = sc->rule_col[k];
		t = sqlite3_column_type(st, i);
		if (t == SQLITE_NULL) {
			fail_rule(sc, o, r, r->kind == R_MAP ?
			    "no value (NULL), or a value the map does not list" :
			    "no value (NULL): an input it needs is missing");
			goto out;
		}
		switch (r->kind) {
		case R_GATE: case R_REQUIRE: case R_REVIEW: case R_NOTE:
			if (t != SQLITE_INTEGER) {
				fail_rule(sc, o, r, "not a condition (true or"
				    " false)");
				goto out;
			}
			if (sqlite3_column_int64(st, i) == 0) {
				if (r->kind == R_GATE) {
					gated = 1;
					reason(o, r->name);
				} else if (r->kind == R_REQUIRE) {
					failed_req = 1;
					reason(o, r->name);
				}
			} else if (r->kind == R_REVIEW) {
				review = 1;
				reason(o, r->name);
			} else if (r->kind == R_NOTE) {
				if (notes.len)
					buf_addc(&notes, ',');
				buf_adds(&notes, r->name);
			}
			break;
		case R_TERM: case R_CUTOFF:
			if (!is_num(t)) {
				fail_rule(sc, o, r, "not a number");
				goto out;
			}
			break;
		case R_AMOUNT:
			if (t != SQLITE_INTEGER) {
				fail_rule(sc, o, r, "not a whole number of minor"
				    " units (use pct() or divround())");
				goto out;
			}
			o->has_amount = 1;
			o->amount = sqlite3_column_int64(st, i);
			break;
		case R_DURATION:
			if (t != SQLITE_INTEGER || sqlite3_column_int64(st, i) < 0) {
				fail_rule(sc, o, r, "not a whole number of days");
				goto out;
			}
			o->has_duration = 1;
			o->duration = sqlite3_column_int64(st, i);
			break;
		default:
			break;
		}
		if (g->has_score && (size_t)sc->score_layer == k + 1) {
			if (!is_num(sqlite3_column_type(st, sc->c_score))) {
				fail_rule(sc, o, r, "the score is not a number");
				goto out;
			}
		}
	}
	if (g->has_score && !gated) {
		if (!is_num(sqlite3_column_type(st, sc->c_score))) {
			fail_rule(sc, o, NULL, "the score is not a number");
			goto out;
		}
		o->has_score = 1;
		o->score = sqlite3_column_double(st, sc->c_score);
	}
	if (gated || failed_req)
		o->computed = DEC_NOT_ELIGIBLE;
	else
		o->computed = DEC_ELIGIBLE;
	if (review && !gated)
		o->computed = DEC_REVIEW;
	if (gated) {
		/* Behind a gate the amount is kept only for the board. */
		o->has_amount = o->has_duration = 0;
		for (k = 0; k < g->nrule; k++) {
			i = sc->rule_col[k];
			if (g->rule[k].kind == R_AMOUNT &&
			    sqlite3_column_type(st, i) == SQLITE_INTEGER) {
				o->has_amount = 1;
				o->amount = sqlite3_column_int64(st, i);
			}
		}
	}
	if (notes.len && !gated)
		reason(o, buf_str(&notes));
	if (o->has_amount && o->amount < 0 && o->computed != DEC_NOT_ELIGIBLE) {
		const struct rule *r = NULL;

		for (k = 0; k < g->nrule; k++)
			if (g->rule[k].kind == R_AMOUNT)
				r = &g->rule[k];
		fail_rule(sc, o, r, "a negative amount");
		goto out;
	}
	o->decision = o->computed;

	/* The Board of Trustees decides last, and for good. */
	if (sqlite3_column_type(st, sc->c_board) != SQLITE_NULL) {
		const char *bd = (const char *)sqlite3_column_text(st, sc->c_board);

		o->decision = strcmp(bd, "eligible") == 0 ? DEC_ELIGIBLE :
		    DEC_NOT_ELIGIBLE;
		o->board_ref = xstrdup((const char *)sqlite3_column_text(st,
		    sc->c_bref));
		reason(o, "BOARD");
		if (o->decision == DEC_NOT_ELIGIBLE)
			o->has_amount = 0;
		if (o->decision == DEC_ELIGIBLE &&
		    sqlite3_column_type(st, sc->c_bamount) == SQLITE_INTEGER) {
			o->has_amount = 1;
			o->amount = sqlite3_column_int64(st, sc->c_bamount);
		}
		if (sqlite3_column_type(st, sc->c_buntil) != SQLITE_NULL)
			snprintf(o->valid_until, sizeof o->valid_until, "%s",
			    sqlite3_column_text(st, sc->c_buntil));
		if (o->decision == DEC_ELIGIBLE && g->pays &&
		    (!o->has_amount || o->amount < 0)) {
			fail_rule(sc, o, NULL, "the board granted it, but no amount"
			    " can be computed and the board set none");
			goto out;
		}
	}
	if (o->decision != DEC_ELIGIBLE && o->decision != DEC_REVIEW)
		o->has_duration = 0;
	if (o->has_duration && !o->valid_until[0]) {
		if (o->duration == 0)
			date_format(sc->day - 1, o->valid_until);
		else
			date_format(sc->day + (int32_t)o->duration - 1,
			    o->valid_until);
	}
	if (g->application && !o->applied && !o->board_ref &&
	    o->decision != DEC_NOT_ELIGIBLE)
		reason(o, "NOT_APPLIED");
	o->entitled = o->decision == DEC_ELIGIBLE && g->pays && o->has_amount &&
	    o->amount > 0 && (o->applied || !g->application || o->board_ref) &&
	    !(o->has_duration && o->duration == 0);
	if (o->decision == DEC_NOT_ELIGIBLE && !o->board_ref)
		o->has_amount = 0;
out:
	buf_release(&notes);
}

/* ------------------------------------------------------------ evaluate */

/* Binds the parameters and the row of a diagnosis statement. */
static void
bind_only(struct scorer *sc, sqlite3_stmt *st, const char *h, const char *p)
{
	bind_params(sc, st, 0, NULL);
	store_bind_text(st, ":_oh", h);
	store_bind_text(st, ":_op", p);
}

/*
 * After an error: finds the next row after the last one done, and
 * evaluates it alone, layer by layer, to name the rule that fails.
 * Returns 1 with *o filled, or 0 when no row is left.
 */
static int
diagnose(struct scorer *sc, struct outcome *o)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	char *h = NULL, *p = NULL;
	size_t k;
	int rc, found = 0;

	buf_adds(&sql, "SELECT household_id, ");
	buf_adds(&sql, sc->g->person ? "person_id" : "''");
	buf_adds(&sql, sc->g->person ? " FROM temp.pv WHERE (household_id,"
	    " person_id) > (?1, ?2) ORDER BY household_id, person_id LIMIT 1" :
	    " FROM temp.hh WHERE household_id > ?1 ORDER BY household_id"
	    " LIMIT 1");
	st = store_prepare(sc->s, buf_str(&sql));
	sqlite3_bind_text(st, 1, sc->last_h, -1, SQLITE_STATIC);
	if (sc->g->person)
		sqlite3_bind_text(st, 2, sc->last_p, -1, SQLITE_STATIC);
	if (store_step(sc->s, st, "cannot read the view") == SQLITE_ROW) {
		h = xstrdup((const char *)sqlite3_column_text(st, 0));
		p = xstrdup((const char *)sqlite3_column_text(st, 1));
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found) {
		buf_release(&sql);
		return 0;
	}
	set_text(&o->household_id, (const unsigned char *)h);
	set_text(&o->person_id, (const unsigned char *)p);
	free(sc->last_h);
	free(sc->last_p);
	sc->last_h = h;
	sc->last_p = p;

	/* Layer by layer. */
	for (k = 1; k <= sc->g->nrule; k++) {
		if (!sc->diag[k]) {
			int last;
			char tail[40];

			buf_reset(&sql);
			last = layers_sql(sc, &sql, k, V_ONLY);
			snprintf(tail, sizeof tail, "SELECT * FROM _l%d", last);
			buf_adds(&sql, tail);
			sc->diag[k] = store_prepare(sc->s, buf_str(&sql));
		}
		st = sc->diag[k];
		bind_only(sc, st, h, p);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			char *msg = xstrdup(sqlite3_errmsg(sc->s->db));

			sqlite3_reset(st);
			buf_reset(&o->reasons);
			buf_reset(&o->explain);
			buf_adds(&o->explain, "[]");
			fail_rule(sc, o, &sc->g->rule[k - 1], msg);
			free(msg);
			buf_release(&sql);
			return 1;
		}
		sqlite3_reset(st);
	}
	/* Every layer passed alone: evaluate the whole for this row. */
	buf_release(&sql);
	{
		struct buf w = BUF_INIT;
		sqlite3_stmt *one;

		{
			int last = layers_sql(sc, &w, sc->g->nrule, V_ONLY);
			char tail[40];

			select_cols(sc, &w);
			snprintf(tail, sizeof tail, " FROM _l%d", last);
			buf_adds(&w, tail);
		}
		one = store_prepare(sc->s, buf_str(&w));
		bind_only(sc, one, h, p);
		rc = sqlite3_step(one);
		if (rc == SQLITE_ROW)
			decide(sc, one, o);
		else {
			buf_reset(&o->reasons);
			buf_reset(&o->explain);
			buf_adds(&o->explain, "[]");
			fail_rule(sc, o, NULL, sqlite3_errmsg(sc->s->db));
		}
		sqlite3_finalize(one);
		buf_release(&w);
	}
	return 1;
}

int
scorer_next(struct scorer *sc, struct outcome *o)
{
	int rc;

	if (sc->done)
		return 0;
	rc = sqlite3_step(sc->st);
	if (rc == SQLITE_ROW) {
		decide(sc, sc->st, o);
		free(sc->last_h);
		free(sc->last_p);
		sc->last_h = xstrdup(o->household_id);
		sc->last_p = xstrdup(o->person_id);
		return 1;
	}
	if (rc == SQLITE_DONE) {
		sc->done = 1;
		return 0;
	}
	/* An error inside the statement: find the row, name the rule, and go
	 * on after it. */
	sqlite3_reset(sc->st);
	if (!diagnose(sc, o)) {
		sc->done = 1;
		return 0;
	}
	store_bind_text(sc->st, ":_ah", sc->last_h);
	store_bind_text(sc->st, ":_ap", sc->last_p);
	return 1;
}

void
scorer_free(struct scorer *sc)
{
	size_t i;

	if (!sc)
		return;
	sqlite3_finalize(sc->st);
	if (sc->diag)
		for (i = 0; i < sc->g->nrule + 2; i++)
			sqlite3_finalize(sc->diag[i]);
	free(sc->diag);
	free(sc->x);
	free(sc->rule_col);
	free(sc->last_h);
	free(sc->last_p);
	buf_release(&sc->pjson);
	free(sc);
}

void
outcome_release(struct outcome *o)
{
	free(o->household_id);
	free(o->person_id);
	free(o->board_ref);
	buf_release(&o->reasons);
	buf_release(&o->explain);
	buf_release(&o->error);
	memset(o, 0, sizeof *o);
}
