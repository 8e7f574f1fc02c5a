/*
 * isas-score - decides, for every household asked for and every
 * programme of the rules, whether it is eligible, for how much and why.
 * See isas-score(1) and isas-rules(5).
 *
 * The flow: read the rules and the parameters; read the household ids on
 * standard input (unless --all) before locking the store; build the
 * household and person views as of the day (lib/hview.c); compile each
 * programme into one statement (lib/score.c); walk them all together in
 * household order, printing each decision, keeping it with its
 * explanation and writing the period's entitlements; commit once the
 * output is safely written.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "hview.h"
#include "input.h"
#include "params.h"
#include "rules.h"
#include "score.h"
#include "sha256.h"
#include "due.h"
#include "store.h"
#include "tsv.h"
#include "value.h"
#include "withhold.h"
#include "xalloc.h"

#define PROG "isas-score"
#define USAGE "usage: isas-score -S STORE --rules FILE [--params FILE] " \
	"[--as-of DATE] [--period YYYY-MM] [--all] [--due] [--programme NAME...] " \
	"[--explain] [--outreach FILE]"

static const struct option opts[] = {
	{ "store", required_argument, NULL, 'S' },
	{ "rules", required_argument, NULL, 'r' },
	{ "params", required_argument, NULL, 'p' },
	{ "as-of", required_argument, NULL, 'a' },
	{ "period", required_argument, NULL, 'P' },
	{ "all", no_argument, NULL, 'A' },
	{ "due", no_argument, NULL, 'D' },
	{ "programme", required_argument, NULL, 'g' },
	{ "explain", no_argument, NULL, 'x' },
	{ "outreach", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Decide each household's eligibility for each programme, with the\n"
	    "amount and the reasons, by rules and dated parameters kept as data.\n"
	    "\n"
	    "  -S, --store STORE      the SQLite working store\n"
	    "      --rules FILE       the rule file (isas-rules(5))\n"
	    "      --params FILE      the dated parameters (default: the rule\n"
	    "                         file's params = line)\n"
	    "      --as-of DATE       the day of the decisions (default: ISAS_AS_OF\n"
	    "                         or today)\n"
	    "      --period YYYY-MM   the month entitlements are written for\n"
	    "                         (default: the as-of month)\n"
	    "      --all              every household in the store, applied or not\n"
	    "                         (the proactive mode), not those on stdin\n"
	    "      --due              also the households the days since the last\n"
	    "                         run may have changed (birthdays, dates\n"
	    "                         passing; all of them in a new month)\n"
	    "      --programme NAME   only this programme (repeatable)\n"
	    "      --explain          print each decision's inputs, parameters,\n"
	    "                         terms and conditions instead of one line\n"
	    "      --outreach FILE    write the households that qualify but never\n"
	    "                         applied to FILE (TSV)\n"
	    "  -h, --help             show this help and exit\n"
	    "      --version          show the version and exit\n"
	    "\n"
	    "Reads household ids (the output of isas-match) on standard input;\n"
	    "prints household_id, programme, person_id, score, decision,\n"
	    "amount_kurus, rules_version, reasons.\n"
	    "Exit status: 0 done, 1 a rule could not be evaluated for some\n"
	    "household or some input lines were refused, 2 trouble.\n"
	    "See isas-score(1), isas-rules(5) and isas-formats(5).\n", USAGE);
	exit(0);
}

struct score {
	struct store *st;
	struct rules *rules;
	struct params *ps;
	const char *rules_path, *params_path, *outreach_path;
	char as_of[11];
	int32_t day;
	char period[8];
	char period_first[11];
	int all, due, explain;
	char **only;
	size_t nonly, caponly;

	char **ids;		/* household ids read from stdin */
	size_t nids, capids;
	char in_sha[65];
	uint64_t in_bytes, in_rows;
	int bad_input;

	const struct programme **prog;	/* the programmes scored */
	size_t nprog;

	/* counts */
	uint64_t households, decisions, n_eligible, n_not, n_review, n_error;
	uint64_t n_withdrawn, n_entitled, n_outreach, n_carried;
	int64_t total_amount;
};

/* ---------------------------------------------------------- the input */

static void
read_ids(struct score *g)
{
	struct input_options io = { .format = INPUT_TSV, .allow_empty = 1 };
	struct input *in;
	const struct input_record *r;
	int c;

	in = input_open("-", &io);
	if (!in)
		exit(2);
	if (input_header(in)->nfield == 0)
		goto done;
	c = input_column(in, "household_id");
	if (c < 0)
		die("-: the household stream needs the column household_id");
	while ((r = input_next(in)) != NULL) {
		if (r->problem || r->nfield <= (size_t)c || r->len[c] == 0) {
			error_at("-", r->line, "%s", r->problem ?
			    input_problem_text(r->problem) :
			    "no household id on the line");
			g->bad_input = 1;
			continue;
		}
		if (strcmp(r->field[c], "household_id") == 0)
			continue;	/* streams concatenated */
		xgrow((void **)&g->ids, &g->capids, g->nids + 1, sizeof *g->ids);
		g->ids[g->nids++] = xstrndup(r->field[c], r->len[c]);
		g->in_rows++;
	}
	if (input_failed(in))
		exit(2);
done:
	input_sha256(in, g->in_sha);
	g->in_bytes = input_bytes(in);
	input_free(in);
}

/* ------------------------------------------------------------ helpers */

/* A real as text: up to six decimals, no trailing zeros. */
static void
fmt_real(double d, char out[48])
{
	char *e;

	snprintf(out, 48, "%.6f", d);
	if (strchr(out, '.')) {
		e = out + strlen(out) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
}

/*
 * Keeps the text of a rule or parameter file in the store under the
 * SHA-256 of what was parsed; a file that changed since is refused, so the
 * text kept is always the text that decided.
 */
static void
keep_rule_file(struct score *g, const char *name, const char *sha,
	const char *text, size_t len)
{
	sqlite3_stmt *st;
	struct buf file = BUF_INIT;
	struct sha256 h;
	char hex[65];

	if (!text) {
		if (buf_read_file(&file, name) != 0)
			die("%s: %s", name, strerror(errno));
		sha256_begin(&h);
		sha256_add(&h, file.p, file.len);
		sha256_hex(&h, hex);
		if (strcmp(hex, sha) != 0)
			die("%s: changed while it was read", name);
		text = file.p ? file.p : "";
		len = file.len;
	}
	st = store_prepare(g->st, "INSERT OR IGNORE INTO rule_file (sha256,"
	    " name, text) VALUES (?1, ?2, ?3)");
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, (int)len, SQLITE_STATIC);
	store_step(g->st, st, "cannot keep the rule file");
	sqlite3_finalize(st);
	buf_release(&file);
}

static void
keep_columns(struct score *g, const struct programme *p,
	const struct scorer *sc)
{
	sqlite3_stmt *st;
	const struct xcol *x;
	size_t n, i;

	x = scorer_columns(sc, &n);
	st = store_prepare(g->st, "INSERT OR IGNORE INTO explain_column"
	    " (rules_sha256, programme, seq, what, name, weight, line)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, g->rules->sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (int64_t)i);
		sqlite3_bind_text(st, 4, x[i].what, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, x[i].name, -1, SQLITE_STATIC);
		if (x[i].weight)
			sqlite3_bind_text(st, 6, x[i].weight, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 6);
		if (x[i].line)
			sqlite3_bind_int64(st, 7, (int64_t)x[i].line);
		else
			sqlite3_bind_null(st, 7);
		store_step(g->st, st, "cannot keep the explanation's columns");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/* ------------------------------------------------------- the decisions */

/*
 * Decisions are kept in batches: each is appended to temp.decided, and
 * every DECIDED_BATCH decisions (and at the end) the batch is logged,
 * stored and turned into entitlements by one statement each, in the
 * order the decisions were made.  A decision's key (household,
 * programme, person) comes once in a run, so a batch sees the store as
 * the decisions before it left it, as one statement a decision would.
 */
#define DECIDED_BATCH 16384

struct writer {
	struct score *g;
	struct tsv *out, *outreach;
	sqlite3_stmt *stage, *log, *upsert, *ent_open, *ent_withdraw, *clear;
	size_t staged;
};

static void
writer_open(struct writer *w, struct score *g)
{
	sqlite3_stmt *st;
	int any;

	w->g = g;
	/* No declared types: values are kept as bound, and the store's
	 * columns convert them as they would the bound values. */
	store_exec(g->st, "CREATE TEMP TABLE decided (seq INTEGER PRIMARY KEY,"
	    " household_id, programme, person_id, score, computed, decision,"
	    " amount, valid_until, applied, entitled, reasons, board_ref,"
	    " explain, open)");
	w->stage = store_prepare(g->st, "INSERT INTO temp.decided"
	    " (household_id, programme, person_id, score, computed, decision,"
	    " amount, valid_until, applied, entitled, reasons, board_ref,"
	    " explain, open) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14)");
	/* A decision is logged when it differs from the one kept: all of
	 * them when nothing was ever kept (the first night). */
	st = store_prepare(g->st, "SELECT EXISTS (SELECT 1 FROM assessment)");
	store_step(g->st, st, "cannot read the decisions");
	any = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	w->log = store_prepare(g->st, any ? "INSERT INTO assessment_log"
	    " (run_id, household_id, programme, person_id, decision, amount,"
	    " reasons) SELECT ?1, d.household_id, d.programme, d.person_id,"
	    " d.decision, d.amount, d.reasons FROM temp.decided d"
	    " WHERE NOT EXISTS (SELECT 1 FROM assessment a WHERE"
	    " a.household_id = d.household_id AND a.programme = d.programme AND"
	    " a.person_id = d.person_id AND a.decision = d.decision AND"
	    " a.amount IS d.amount AND a.reasons = d.reasons) ORDER BY d.seq" :
	    "INSERT INTO assessment_log (run_id, household_id, programme,"
	    " person_id, decision, amount, reasons) SELECT ?1, household_id,"
	    " programme, person_id, decision, amount, reasons"
	    " FROM temp.decided ORDER BY seq");
	w->upsert = store_prepare(g->st, "INSERT INTO assessment"
	    " (household_id, programme, person_id, run_id, as_of, score,"
	    " computed, decision, amount, valid_until, applied, entitled,"
	    " reasons, board_ref, rules_version, rules_sha256, params_sha256,"
	    " explain) SELECT household_id, programme, person_id, ?1, ?2,"
	    " score, computed, decision, amount, valid_until, applied,"
	    " entitled, reasons, board_ref, ?3, ?4, ?5, explain"
	    " FROM temp.decided"
	    " WHERE true ORDER BY seq ON CONFLICT (household_id,"
	    " programme, person_id) DO UPDATE SET run_id = excluded.run_id,"
	    " as_of = excluded.as_of, score = excluded.score,"
	    " computed = excluded.computed, decision = excluded.decision,"
	    " amount = excluded.amount, valid_until = excluded.valid_until,"
	    " applied = excluded.applied, entitled = excluded.entitled,"
	    " reasons = excluded.reasons, board_ref = excluded.board_ref,"
	    " rules_version = excluded.rules_version,"
	    " rules_sha256 = excluded.rules_sha256,"
	    " params_sha256 = excluded.params_sha256,"
	    " explain = excluded.explain");
	w->ent_open = store_prepare(g->st, "INSERT INTO entitlement"
	    " (household_id, programme, person_id, period, amount, status,"
	    " run_id) SELECT household_id, programme, person_id, ?2, amount,"
	    " 'open', ?1 FROM temp.decided WHERE open = 1 ORDER BY seq"
	    " ON CONFLICT (household_id, programme, person_id, period) DO"
	    " UPDATE SET amount = excluded.amount, status = 'open',"
	    " run_id = excluded.run_id WHERE amount IS NOT excluded.amount"
	    " OR status IS NOT 'open'");
	w->ent_withdraw = store_prepare(g->st, "UPDATE entitlement SET"
	    " status = 'withdrawn', run_id = ?1 FROM temp.decided d"
	    " WHERE d.open = 0 AND entitlement.household_id = d.household_id"
	    " AND entitlement.programme = d.programme AND"
	    " entitlement.person_id = d.person_id AND entitlement.period = ?2"
	    " AND entitlement.status = 'open'");
	w->clear = store_prepare(g->st, "DELETE FROM temp.decided");
}

/* Logs, stores and turns into entitlements the decisions staged. */
static void
writer_flush(struct writer *w)
{
	struct score *g = w->g;
	sqlite3_stmt *st;

	if (!w->staged)
		return;
	st = w->log;
	sqlite3_bind_int64(st, 1, g->st->run_id);
	store_step(g->st, st, "cannot log a decision");
	sqlite3_reset(st);

	st = w->upsert;
	sqlite3_bind_int64(st, 1, g->st->run_id);
	sqlite3_bind_text(st, 2, g->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, g->rules->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, g->rules->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, g->ps->sha256, -1, SQLITE_STATIC);
	store_step(g->st, st, "cannot keep a decision");
	sqlite3_reset(st);

	st = w->ent_open;
	sqlite3_bind_int64(st, 1, g->st->run_id);
	sqlite3_bind_text(st, 2, g->period, -1, SQLITE_STATIC);
	store_step(g->st, st, "cannot write an entitlement");
	sqlite3_reset(st);

	st = w->ent_withdraw;
	sqlite3_bind_int64(st, 1, g->st->run_id);
	sqlite3_bind_text(st, 2, g->period, -1, SQLITE_STATIC);
	store_step(g->st, st, "cannot write an entitlement");
	sqlite3_reset(st);

	store_step(g->st, w->clear, "cannot keep a decision");
	sqlite3_reset(w->clear);
	w->staged = 0;
}

static void
writer_close(struct writer *w)
{
	writer_flush(w);
	sqlite3_finalize(w->stage);
	sqlite3_finalize(w->log);
	sqlite3_finalize(w->upsert);
	sqlite3_finalize(w->ent_open);
	sqlite3_finalize(w->ent_withdraw);
	sqlite3_finalize(w->clear);
}

static void
print_explain(struct writer *w, const struct outcome *o, const char *prog,
	const struct scorer *sc)
{
	const struct xcol *x;
	size_t n, i = 0;
	const char *p = o->explain.p ? o->explain.p : "[]";
	char num[48];

	x = sc ? scorer_columns(sc, &n) : NULL;
	if (!sc)
		n = 0;
	if (*p == '[')
		p++;
	for (i = 0; i < n && *p && *p != ']'; i++) {
		const char *s = p;
		struct buf val = BUF_INIT;

		if (*p == '"') {
			/* A JSON string: unescape what json_value escapes. */
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] == 'u') {
					buf_addc(&val, (char)strtol((char[]){ p[4],
					    p[5], 0 }, NULL, 16));
					p += 5;
				} else if (*p == '\\' && p[1]) {
					buf_addc(&val, p[1]);
					p++;
				} else
					buf_addc(&val, *p);
			}
			if (*p)
				p++;
		} else {
			while (*p && *p != ',' && *p != ']')
				p++;
			if (!(p - s == 4 && memcmp(s, "null", 4) == 0))
				buf_add(&val, s, (size_t)(p - s));
		}
		if (*p == ',')
			p++;
		tsv_str(w->out, o->household_id);
		tsv_str(w->out, prog);
		tsv_str(w->out, o->person_id);
		tsv_str(w->out, x[i].what);
		tsv_str(w->out, x[i].name);
		tsv_field(w->out, val.p ? val.p : "", val.len);
		tsv_str(w->out, x[i].weight);
		if (x[i].weight && val.len) {
			fmt_real(x[i].w * strtod(val.p, NULL), num);
			tsv_str(w->out, num);
		} else
			tsv_str(w->out, NULL);
		tsv_end(w->out);
		buf_release(&val);
	}
}

static void
result_row(struct writer *w, const struct outcome *o, const char *prog,
	const char *name, const char *value)
{
	tsv_str(w->out, o->household_id);
	tsv_str(w->out, prog);
	tsv_str(w->out, o->person_id);
	tsv_str(w->out, "result");
	tsv_str(w->out, name);
	tsv_str(w->out, value);
	tsv_str(w->out, NULL);
	tsv_str(w->out, NULL);
	tsv_end(w->out);
}

static void
print_line(struct writer *w, const struct outcome *o, const char *prog,
	const struct scorer *sc)
{
	struct score *g = w->g;
	char num[48];

	if (g->explain) {
		print_explain(w, o, prog, sc);
		result_row(w, o, prog, "computed", decision_word(o->computed));
		if (o->board_ref)
			result_row(w, o, prog, "board", o->board_ref);
		result_row(w, o, prog, "decision", decision_word(o->decision));
		if (o->has_amount) {
			snprintf(num, sizeof num, "%lld", (long long)o->amount);
			result_row(w, o, prog, "amount_kurus", num);
		}
		if (o->valid_until[0])
			result_row(w, o, prog, "valid_until", o->valid_until);
		result_row(w, o, prog, "reasons", o->reasons.p ? o->reasons.p : "");
		result_row(w, o, prog, "rules_version", g->rules->version);
		return;
	}
	tsv_str(w->out, o->household_id);
	tsv_str(w->out, prog);
	tsv_str(w->out, o->person_id);
	if (o->has_score) {
		fmt_real(o->score, num);
		tsv_str(w->out, num);
	} else
		tsv_str(w->out, NULL);
	tsv_str(w->out, decision_word(o->decision));
	if (o->has_amount)
		tsv_int(w->out, o->amount);
	else
		tsv_str(w->out, NULL);
	tsv_str(w->out, g->rules->version);
	tsv_str(w->out, o->reasons.p ? o->reasons.p : "");
	tsv_end(w->out);
}

/* Keeps one outcome: prints it, and stages it for the store (writer_flush). */
static void
keep(struct writer *w, const struct outcome *o, const struct programme *p,
	const struct scorer *sc)
{
	struct score *g = w->g;
	const char *reasons = o->decision == DEC_ERROR ? o->error.p :
	    (o->reasons.p ? o->reasons.p : "");
	sqlite3_stmt *st;

	g->decisions++;
	switch (o->decision) {
	case DEC_ELIGIBLE: g->n_eligible++; break;
	case DEC_NOT_ELIGIBLE: g->n_not++; break;
	case DEC_REVIEW: g->n_review++; break;
	case DEC_ERROR: g->n_error++; break;
	}
	if (o->decision == DEC_ERROR)
		error("%s", o->error.p);
	else
		print_line(w, o, p->name, sc);

	st = w->stage;
	sqlite3_bind_text(st, 1, o->household_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->person_id, -1, SQLITE_STATIC);
	if (o->has_score)
		sqlite3_bind_double(st, 4, o->score);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, decision_word(o->computed), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, decision_word(o->decision), -1, SQLITE_STATIC);
	if (o->has_amount)
		sqlite3_bind_int64(st, 7, o->amount);
	else
		sqlite3_bind_null(st, 7);
	if (o->valid_until[0])
		sqlite3_bind_text(st, 8, o->valid_until, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_int(st, 9, o->applied);
	sqlite3_bind_int(st, 10, o->entitled);
	sqlite3_bind_text(st, 11, reasons, -1, SQLITE_STATIC);
	if (o->board_ref)
		sqlite3_bind_text(st, 12, o->board_ref, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_text(st, 13, o->explain.p ? o->explain.p : "[]", -1,
	    SQLITE_STATIC);
	if (o->entitled && o->decision == DEC_ELIGIBLE) {
		sqlite3_bind_int(st, 14, 1);
		g->n_entitled++;
		g->total_amount += o->amount;
	} else
		sqlite3_bind_int(st, 14, 0);
	store_step(g->st, st, "cannot keep a decision");
	sqlite3_reset(st);
	if (++w->staged == DECIDED_BATCH)
		writer_flush(w);

	if (w->outreach && o->decision == DEC_ELIGIBLE && p->application &&
	    !o->applied && !o->board_ref) {
		tsv_str(w->outreach, o->household_id);
		tsv_str(w->outreach, p->name);
		tsv_str(w->outreach, o->person_id);
		if (o->has_score) {
			char num[48];

			fmt_real(o->score, num);
			tsv_str(w->outreach, num);
		} else
			tsv_str(w->outreach, NULL);
		if (o->has_amount)
			tsv_int(w->outreach, o->amount);
		else
			tsv_str(w->outreach, NULL);
		tsv_end(w->outreach);
		g->n_outreach++;
	}
}

/*
 * Decisions that no longer have a household or a claimant: households
 * asked for that have ended, and claimants of person programmes who are
 * no longer claimants.  Listed in temp.wd, in order.
 */
static void
list_withdrawals(struct score *g)
{
	sqlite3_stmt *st;
	size_t i;

	store_exec(g->st, "CREATE TEMP TABLE wd (household_id TEXT NOT NULL,"
	    " person_id TEXT NOT NULL, programme TEXT NOT NULL, reason TEXT"
	    " NOT NULL, PRIMARY KEY (household_id, person_id, programme))"
	    " WITHOUT ROWID;"
	    "CREATE TEMP TABLE sel (programme TEXT PRIMARY KEY, person INTEGER)"
	    " WITHOUT ROWID");
	st = store_prepare(g->st, "INSERT INTO temp.sel VALUES (?1, ?2)");
	for (i = 0; i < g->nprog; i++) {
		sqlite3_bind_text(st, 1, g->prog[i]->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, g->prog[i]->person);
		store_step(g->st, st, "cannot list the programmes");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	store_exec(g->st, "INSERT OR IGNORE INTO temp.wd SELECT a.household_id,"
	    " a.person_id, a.programme, 'HOUSEHOLD_ENDED' FROM temp.want w"
	    " CROSS JOIN assessment a ON a.household_id = w.household_id"
	    " JOIN temp.sel s ON s.programme = a.programme"
	    " WHERE a.decision <> 'not_eligible' AND NOT EXISTS (SELECT 1 FROM"
	    " temp.hh h WHERE h.household_id = w.household_id);"
	    "INSERT OR IGNORE INTO temp.wd SELECT a.household_id, a.person_id,"
	    " a.programme, 'NOT_A_CLAIMANT' FROM temp.hh h CROSS JOIN"
	    " assessment a ON a.household_id = h.household_id"
	    " JOIN temp.sel s ON s.programme = a.programme AND s.person = 1"
	    " WHERE a.decision <> 'not_eligible' AND NOT EXISTS (SELECT 1"
	    " FROM temp.pv v WHERE v.household_id = a.household_id AND"
	    " v.person_id = a.person_id)");
}

/* A cursor of the merge: one programme's scorer, or the withdrawals. */
struct cursor {
	const struct programme *p;	/* NULL: the withdrawals */
	struct scorer *sc;
	sqlite3_stmt *wd;
	struct outcome o;
	const struct programme *wd_prog;
	int live;
};

static const struct programme *
prog_named(struct score *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->nprog; i++)
		if (strcmp(g->prog[i]->name, name) == 0)
			return g->prog[i];
	return NULL;
}

static void
advance(struct score *g, struct cursor *c)
{
	if (c->sc) {
		c->live = scorer_next(c->sc, &c->o);
		return;
	}
	if (store_step(g->st, c->wd, "cannot read the withdrawals") != SQLITE_ROW) {
		c->live = 0;
		return;
	}
	free(c->o.household_id);
	free(c->o.person_id);
	c->o.household_id = xstrdup((const char *)sqlite3_column_text(c->wd, 0));
	c->o.person_id = xstrdup((const char *)sqlite3_column_text(c->wd, 1));
	c->wd_prog = prog_named(g, (const char *)sqlite3_column_text(c->wd, 2));
	buf_reset(&c->o.reasons);
	buf_adds(&c->o.reasons, (const char *)sqlite3_column_text(c->wd, 3));
	buf_reset(&c->o.explain);
	buf_adds(&c->o.explain, "[]");
	free(c->o.board_ref);
	c->o.board_ref = NULL;
	c->o.has_score = c->o.has_amount = c->o.has_duration = 0;
	c->o.valid_until[0] = '\0';
	c->o.applied = c->o.entitled = 0;
	c->o.computed = c->o.decision = DEC_NOT_ELIGIBLE;
	c->live = 1;
}

static int
key_cmp(const struct outcome *a, const struct outcome *b)
{
	int c = strcmp(a->household_id, b->household_id);

	return c ? c : strcmp(a->person_id, b->person_id);
}

static const char *const ocols[] = { "household_id", "programme",
	"person_id", "score", "amount_kurus", NULL };

static void
run(struct score *g, struct writer *w)
{
	struct cursor *c = xcalloc(g->nprog + 1, sizeof *c);
	size_t i, n = g->nprog + 1;
	char *last_h = xstrdup("");
	int bad = 0;

	for (i = 0; i < g->nprog; i++) {
		c[i].p = g->prog[i];
		c[i].sc = scorer_new(g->st, g->rules, g->prog[i], g->ps, g->day,
		    g->period);
		if (!c[i].sc)
			bad = 1;
	}
	if (bad)
		die("%s: nothing decided: the rules do not compile",
		    g->rules_path);
	/* The rules compile: only now a file is made for the outreach list
	 * (written whole, then renamed once the store has committed). */
	if (g->outreach_path) {
		if ((w->outreach = tsv_open_pending(g->outreach_path)) == NULL)
			exit(2);
		tsv_header(w->outreach, ocols);
	}
	for (i = 0; i < g->nprog; i++)
		keep_columns(g, g->prog[i], c[i].sc);
	list_withdrawals(g);
	c[g->nprog].wd = store_prepare(g->st, "SELECT household_id, person_id,"
	    " programme, reason FROM temp.wd ORDER BY household_id, person_id,"
	    " programme");
	for (i = 0; i < n; i++)
		advance(g, &c[i]);
	for (;;) {
		struct cursor *best = NULL;

		for (i = 0; i < n; i++)
			if (c[i].live && (!best || key_cmp(&c[i].o, &best->o) < 0))
				best = &c[i];
		if (!best)
			break;
		if (strcmp(best->o.household_id, last_h) != 0) {
			free(last_h);
			last_h = xstrdup(best->o.household_id);
			g->households++;
		}
		if (best->p)
			keep(w, &best->o, best->p, best->sc);
		else {
			g->n_withdrawn++;
			keep(w, &best->o, best->wd_prog, NULL);
		}
		advance(g, best);
	}
	for (i = 0; i < n; i++) {
		scorer_free(c[i].sc);
		sqlite3_finalize(c[i].wd);
		outcome_release(&c[i].o);
	}
	free(c);
	free(last_h);
}

/*
 * Entitlements of the period for decisions in force that this run did not
 * make: a new month pays what was decided before, until it ends.
 */
static void
carry_forward(struct score *g)
{
	sqlite3_stmt *st = store_prepare(g->st, "INSERT OR IGNORE INTO"
	    " entitlement (household_id, programme, person_id, period, amount,"
	    " status, run_id) SELECT a.household_id, a.programme, a.person_id,"
	    " ?1, a.amount, 'open', ?2 FROM assessment a WHERE a.entitled = 1"
	    " AND a.run_id <> ?2 AND (a.valid_until IS NULL OR"
	    " a.valid_until >= ?3) AND a.programme IN (SELECT programme FROM"
	    " temp.sel)");

	sqlite3_bind_text(st, 1, g->period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, g->st->run_id);
	sqlite3_bind_text(st, 3, g->period_first, -1, SQLITE_STATIC);
	store_step(g->st, st, "cannot carry the entitlements forward");
	g->n_carried = (uint64_t)sqlite3_changes(g->st->db);
	sqlite3_finalize(st);
}

static void
fill_want(struct score *g)
{
	sqlite3_stmt *st;
	size_t i;

	if (g->all) {
		store_exec(g->st, "INSERT INTO temp.want SELECT household_id"
		    " FROM household");
		return;
	}
	st = store_prepare(g->st, "INSERT OR IGNORE INTO temp.want VALUES (?1)");
	for (i = 0; i < g->nids; i++) {
		sqlite3_bind_text(st, 1, g->ids[i], -1, SQLITE_STATIC);
		store_step(g->st, st, "cannot list the households");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (g->due) {
		/* Since the last run: none (every household), or the days
		 * between (lib/due.c). */
		int32_t since = due_last_scored(g->st);

		if (since < 0 || due_households(g->st, g->ps, since, g->day))
			store_exec(g->st, "INSERT OR IGNORE INTO temp.want"
			    " SELECT household_id FROM household");
		else
			store_exec(g->st, "INSERT OR IGNORE INTO temp.want"
			    " SELECT household_id FROM temp.due");
	}
}

/* Households asked for that the store has never had. */
static void
unknown_households(struct score *g)
{
	sqlite3_stmt *st = store_prepare(g->st, "SELECT w.household_id FROM"
	    " temp.want w WHERE NOT EXISTS (SELECT 1 FROM household h WHERE"
	    " h.household_id = w.household_id) ORDER BY 1");

	while (store_step(g->st, st, "cannot read the households") == SQLITE_ROW) {
		error("-: household %s: not in the store",
		    (const char *)sqlite3_column_text(st, 0));
		g->bad_input = 1;
	}
	sqlite3_finalize(st);
}

int
main(int argc, char **argv)
{
	static const char *const cols[] = { "household_id", "programme",
		"person_id", "score", "decision", "amount_kurus",
		"rules_version", "reasons", NULL };
	static const char *const xcols[] = { "household_id", "programme",
		"person_id", "item", "name", "value", "weight", "contribution",
		NULL };
	struct score g;
	struct writer w;
	const char *store_path = NULL, *as_of = NULL, *period = NULL;
	const char **pprog;
	char hex[65], ohex[65];
	uint64_t bytes, rows, obytes = 0, orows = 0;
	size_t i, np = 0;
	int c, status = 0;

	err_init(PROG);
	memset(&g, 0, sizeof g);
	memset(&w, 0, sizeof w);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 'r': g.rules_path = optarg; break;
		case 'p': g.params_path = optarg; break;
		case 'a': as_of = optarg; break;
		case 'P': period = optarg; break;
		case 'A': g.all = 1; break;
		case 'D': g.due = 1; break;
		case 'g':
			xgrow((void **)&g.only, &g.caponly, g.nonly + 1,
			    sizeof *g.only);
			g.only[g.nonly++] = optarg;
			break;
		case 'x': g.explain = 1; break;
		case 'o': g.outreach_path = optarg; break;
		case 'h': usage(0); break;
		case 'V': printf("%s %s\n", PROG, ISAS_VERSION); return 0;
		default:
			error_option(c, argv);
			usage(2);
		}
	}
	if (!store_path || !g.rules_path) {
		error(store_path ? "no rule file given (--rules FILE)" :
		    "no store given (-S STORE)");
		usage(2);
	}
	if (optind < argc) {
		error("unexpected argument '%s'", argv[optind]);
		usage(2);
	}
	if (store_as_of(as_of, g.as_of, &g.day) != 0) {
		error("--as-of: not a date '%s'", as_of);
		usage(2);
	}
	{
		int32_t m;

		if (period) {
			if (month_parse(period, strlen(period), &m) != 0) {
				error("--period: not a month (YYYY-MM) '%s'",
				    period);
				usage(2);
			}
		} else
			m = month_of_day(g.day);
		month_format(m, g.period);
		date_format(month_first_day(m), g.period_first);
	}

	g.rules = rules_load(g.rules_path);
	if (!g.rules)
		die("%s: nothing decided: the rule file has errors",
		    g.rules_path);
	if (!g.params_path)
		g.params_path = g.rules->params;
	if (!g.params_path)
		die("%s: no parameter file: give --params FILE or a params ="
		    " line", g.rules_path);
	g.ps = params_load(g.params_path);
	if (!g.ps)
		die("%s: nothing decided: the parameter file has errors",
		    g.params_path);
	g.prog = xcalloc(g.rules->nprog + 1, sizeof *g.prog);
	if (g.nonly) {
		for (i = 0; i < g.nonly; i++) {
			const struct programme *p = rules_find(g.rules, g.only[i]);

			if (!p) {
				error("--programme: no programme %s in %s",
				    g.only[i], g.rules_path);
				usage(2);
			}
			if (!prog_named(&g, p->name))
				g.prog[g.nprog++] = p;
		}
	} else
		for (i = 0; i < g.rules->nprog; i++)
			g.prog[g.nprog++] = &g.rules->prog[i];
	pprog = xcalloc(g.nprog + 1, sizeof *pprog);
	for (i = 0; i < g.nprog; i++)
		if (g.prog[i]->person)
			pprog[np++] = g.prog[i]->name;

	/* All of stdin first: isas-match holds the store until then. */
	if (!g.all)
		read_ids(&g);

	g.st = store_open(store_path, STORE_WRITE);
	store_run_begin(g.st, PROG, argc, argv, g.as_of);
	if (!g.all)
		store_run_file(g.st, "input", "-", g.in_sha, g.in_bytes,
		    g.in_rows);
	store_run_file(g.st, "input", g.rules_path, g.rules->sha256,
	    g.rules->len, 0);
	store_run_file(g.st, "input", g.params_path, g.ps->sha256,
	    g.ps->bytes, g.ps->n);
	keep_rule_file(&g, g.rules_path, g.rules->sha256, g.rules->text,
	    g.rules->len);
	keep_rule_file(&g, g.params_path, g.ps->sha256, NULL, 0);

	/* The views and the decisions of a country want more than the
	 * store's default cache: 256 MiB each, for the store and for the
	 * temp tables. */
	store_exec(g.st, "PRAGMA cache_size = -262144;"
	    " PRAGMA temp.cache_size = -262144");
	hview_functions(g.st->db, g.ps);
	hview_schema(g.st);
	fill_want(&g);
	if (!g.all)
		unknown_households(&g);
	hview_build(g.st, g.day, pprog);

	w.out = tsv_fdopen(1, "-");
	tsv_header(w.out, g.explain ? xcols : cols);
	writer_open(&w, &g);
	run(&g, &w);
	writer_close(&w);
	carry_forward(&g);
	/* What the employment link's sanctions withhold this month. */
	withhold_apply(g.st, g.period);

	fprintf(stderr, "%s: %llu households, %llu decisions: %llu eligible,"
	    " %llu not eligible, %llu review, %llu errors; %llu withdrawn;"
	    " %llu entitlements for %s (%lld.%02lld), %llu carried forward;"
	    " %llu for outreach\n", PROG,
	    (unsigned long long)g.households, (unsigned long long)g.decisions,
	    (unsigned long long)g.n_eligible, (unsigned long long)g.n_not,
	    (unsigned long long)g.n_review, (unsigned long long)g.n_error,
	    (unsigned long long)g.n_withdrawn, (unsigned long long)g.n_entitled,
	    g.period, (long long)(g.total_amount / 100),
	    (long long)(g.total_amount % 100), (unsigned long long)g.n_carried,
	    (unsigned long long)g.n_outreach);

	if (w.outreach) {
		if (tsv_close(w.outreach, ohex, &obytes, &orows) != 0) {
			error("nothing decided: the outreach list could not be"
			    " written");
			tsv_abandon(w.out);
			store_close(g.st);
			status = 2;
			goto done;
		}
		store_run_file(g.st, "output", g.outreach_path, ohex, obytes,
		    orows);
	}
	if (tsv_close(w.out, hex, &bytes, &rows) != 0 || close(1) != 0) {
		error("nothing decided: the decisions could not be written");
		store_close(g.st);
		status = 2;
		goto done;
	}
	store_run_file(g.st, "output", "-", hex, bytes, rows);
	store_run_end(g.st, g.n_error || g.bad_input ? "errors" : "ok",
	    g.all ? g.households : g.in_rows, g.decisions, g.n_error);
	store_commit(g.st);
	store_close(g.st);
	tsv_publish();
	status = g.n_error || g.bad_input ? 1 : 0;
done:
	for (i = 0; i < g.nids; i++)
		free(g.ids[i]);
	free(g.ids);
	free(g.only);
	free(g.prog);
	free(pprog);
	params_free(g.ps);
	rules_free(g.rules);
	return status;
}
