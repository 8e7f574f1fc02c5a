/*
 * load.c - the loading engine of isas-ingest (see load.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "err.h"
#include "load.h"
#include "progress.h"
#include "value.h"
#include "xalloc.h"

#define DUPLICATE "duplicate record_id; the first row with it stands"

/* At most this many rejects are told on stderr; the rest are counted. */
#define MAX_TOLD 20

struct loader {
	struct store *st;
	const struct kind_def *kind;
	const char *source;
	char as_of[11];
	struct input_options iopt;

	sqlite3_stmt *insert, *update, *probe;	/* see prepare() */
	sqlite3_stmt *seen;	/* temp.seen (record_id, line) */
	sqlite3_stmt *reject;
	int run_param, invalid_param;

	struct tsv *changes;	/* may be NULL */
	struct tsv *rejects;	/* may be NULL */

	struct typed *val;	/* one per column of the kind */
	int *map;		/* column of the kind -> field of the file */
	uint64_t *ninvalid;	/* per column: invalid values kept as raw text */
	struct buf invalid;

	uint64_t rows_in, rows_changed, rows_rejected, told;
	int fresh;		/* the source held no records before this run:
				   plain inserts, duplicates caught by the key */
};

/*
 * Builds the statements of the kind from its column list (names from the
 * kind table, never from data).  All share one numbering of parameters:
 * ?1 the source, ?2.. the columns in kind order, then the run and the
 * invalid-values JSON.
 */
static void
prepare(struct loader *g)
{
	const struct kind_def *k = g->kind;
	struct buf ins = BUF_INIT, upd = BUF_INIT, probe = BUF_INIT;
	char num[64];
	size_t i, key = 0;

	g->run_param = (int)k->ncol + 2;
	g->invalid_param = (int)k->ncol + 3;
	buf_adds(&ins, "INSERT INTO src_");
	buf_adds(&ins, k->name);
	buf_adds(&ins, " (source");
	buf_adds(&upd, "UPDATE src_");
	buf_adds(&upd, k->name);
	buf_adds(&upd, " SET ");
	buf_adds(&probe, "SELECT (");
	for (i = 0; i < k->ncol; i++) {
		buf_adds(&ins, ", ");
		buf_adds(&ins, k->col[i].name);
		if (k->col[i].flags & COL_KEY) {
			key = i;
			continue;
		}
		snprintf(num, sizeof num, " = ?%zu, ", i + 2);
		buf_adds(&upd, k->col[i].name);
		buf_adds(&upd, num);
		buf_adds(&probe, k->col[i].name);
		buf_adds(&probe, ", ");
	}
	buf_adds(&ins, ", first_run, last_run, ended, invalid) VALUES (?1");
	for (i = 0; i < k->ncol; i++) {
		snprintf(num, sizeof num, ", ?%zu", i + 2);
		buf_adds(&ins, num);
	}
	snprintf(num, sizeof num, ", ?%d, ?%d, NULL, ?%d)", g->run_param,
	    g->run_param, g->invalid_param);
	buf_adds(&ins, num);
	snprintf(num, sizeof num, "invalid = ?%d, last_run = ?%d, ended = NULL",
	    g->invalid_param, g->run_param);
	buf_adds(&upd, num);
	snprintf(num, sizeof num, " WHERE source = ?1 AND record_id = ?%zu",
	    key + 2);
	buf_adds(&upd, num);
	buf_adds(&probe, "invalid, ended) IS NOT (");
	for (i = 0; i < k->ncol; i++) {
		if (k->col[i].flags & COL_KEY)
			continue;
		snprintf(num, sizeof num, "?%zu, ", i + 2);
		buf_adds(&probe, num);
	}
	snprintf(num, sizeof num, "?%d, NULL) FROM src_", g->invalid_param);
	buf_adds(&probe, num);
	buf_adds(&probe, k->name);
	snprintf(num, sizeof num, " WHERE source = ?1 AND record_id = ?%zu",
	    key + 2);
	buf_adds(&probe, num);
	g->insert = store_prepare(g->st, ins.p);
	if (!g->fresh) {
		g->update = store_prepare(g->st, upd.p);
		g->probe = store_prepare(g->st, probe.p);
	}
	buf_release(&ins);
	buf_release(&upd);
	buf_release(&probe);

	if (!g->fresh) {
		store_exec(g->st, "CREATE TEMP TABLE seen (record_id TEXT"
		    " PRIMARY KEY) WITHOUT ROWID");
		g->seen = store_prepare(g->st, "INSERT INTO temp.seen (record_id)"
		    " VALUES (?1) ON CONFLICT DO NOTHING");
	}
	g->reject = store_prepare(g->st, "INSERT INTO reject (run_id, source,"
	    " file, line, column_name, value, reason)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
}

static void
register_source(struct loader *g)
{
	sqlite3_stmt *st;
	const char *kind;

	st = store_prepare(g->st, "SELECT kind FROM source WHERE name = ?1");
	sqlite3_bind_text(st, 1, g->source, -1, SQLITE_STATIC);
	if (store_step(g->st, st, "cannot read sources") == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(kind, g->kind->name) != 0)
			die("source '%s' holds kind '%s', not '%s'", g->source,
			    kind, g->kind->name);
		sqlite3_finalize(st);
		return;
	}
	sqlite3_finalize(st);
	st = store_prepare(g->st, "INSERT INTO source (name, kind, first_run)"
	    " VALUES (?1, ?2, ?3)");
	sqlite3_bind_text(st, 1, g->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, g->kind->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, g->st->run_id);
	store_step(g->st, st, "cannot record the source");
	sqlite3_finalize(st);
}

/* 1 when the source holds no record yet (its first load). */
static int
source_is_empty(struct loader *g)
{
	sqlite3_stmt *st;
	char sql[128];
	int empty;

	snprintf(sql, sizeof sql, "SELECT NOT EXISTS (SELECT 1 FROM src_%s"
	    " WHERE source = ?1)", g->kind->name);
	st = store_prepare(g->st, sql);
	sqlite3_bind_text(st, 1, g->source, -1, SQLITE_STATIC);
	store_step(g->st, st, "cannot read records");
	empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

/*
 * Refuses a row: a line in the rejects stream and the store, and a message
 * on stderr for the first few.  The value goes only to the rejects file and
 * the store (both 0600), never to the message.
 */
static void
reject(struct loader *g, const char *file, uint64_t line, const char *column,
       const char *value, size_t vlen, const char *reason)
{
	g->rows_rejected++;
	if (g->told++ < MAX_TOLD) {
		if (column && *column)
			error_at(file, line, "%s: %s", column, reason);
		else
			error_at(file, line, "%s", reason);
	}
	if (g->rejects) {
		tsv_str(g->rejects, file);
		tsv_int(g->rejects, (int64_t)line);
		tsv_str(g->rejects, column);
		tsv_field(g->rejects, value ? value : "", value ? vlen : 0);
		tsv_str(g->rejects, reason);
		tsv_end(g->rejects);
	}
	sqlite3_bind_int64(g->reject, 1, g->st->run_id);
	sqlite3_bind_text(g->reject, 2, g->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(g->reject, 3, file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(g->reject, 4, (sqlite3_int64)line);
	if (column && *column)
		sqlite3_bind_text(g->reject, 5, column, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(g->reject, 5);
	if (value)
		sqlite3_bind_text(g->reject, 6, value, (int)vlen, SQLITE_STATIC);
	else
		sqlite3_bind_null(g->reject, 6);
	sqlite3_bind_text(g->reject, 7, reason, -1, SQLITE_STATIC);
	store_step(g->st, g->reject, "cannot record a rejected row");
	sqlite3_reset(g->reject);
	sqlite3_clear_bindings(g->reject);
}

static void
emit_change(struct loader *g, const char *rid, size_t len, const char *change)
{
	if (g->changes) {
		tsv_str(g->changes, g->source);
		tsv_field(g->changes, rid, len);
		tsv_str(g->changes, change);
		tsv_end(g->changes);
	}
	g->rows_changed++;
}

/*
 * Maps the file's header onto the kind's columns.  Returns 0, or -1 after a
 * message when the file cannot be loaded (a column twice, a required one
 * missing).
 */
static int
map_header(struct loader *g, struct input *in)
{
	const struct input_record *h = input_header(in);
	const struct kind_def *k = g->kind;
	struct buf unknown = BUF_INIT;
	size_t i, j;
	int c, bad = 0;

	for (i = 0; i < k->ncol; i++) {
		c = input_column(in, k->col[i].name);
		if (c == -2) {
			error_at(input_name(in), h->line,
			    "column '%s' appears more than once", k->col[i].name);
			bad = 1;
		} else if (c < 0 && (k->col[i].flags & COL_REQUIRED)) {
			error_at(input_name(in), h->line,
			    "no column '%s', which kind %s requires",
			    k->col[i].name, k->name);
			bad = 1;
		}
		g->map[i] = c;
	}
	for (j = 0; j < h->nfield; j++) {
		for (i = 0; i < k->ncol; i++)
			if (g->map[i] == (int)j)
				break;
		if (i < k->ncol)
			continue;
		if (unknown.len)
			buf_adds(&unknown, ", ");
		buf_addc(&unknown, '\'');
		buf_add(&unknown, h->field[j], h->len[j]);
		buf_addc(&unknown, '\'');
	}
	if (unknown.len && !bad)
		warning_at(input_name(in), h->line, "ignoring columns not of kind"
		    " %s: %s", k->name, unknown.p);
	buf_release(&unknown);
	return bad ? -1 : 0;
}

/* Binds the typed row to st, whose parameters are numbered as in prepare(). */
static void
bind_row(struct loader *g, sqlite3_stmt *st)
{
	const struct kind_def *k = g->kind;
	int n = sqlite3_bind_parameter_count(st), param;
	size_t i;

	/* A statement binds only the parameters it names; the rest are out
	 * of its range and skipped. */
	sqlite3_bind_text(st, 1, g->source, -1, SQLITE_STATIC);
	for (i = 0; i < k->ncol; i++) {
		param = (int)i + 2;
		if (param > n)
			break;
		switch (g->val[i].kind) {
		case TYPED_NULL:
			sqlite3_bind_null(st, param);
			break;
		case TYPED_INT:
			sqlite3_bind_int64(st, param, g->val[i].i);
			break;
		case TYPED_TEXT:
			sqlite3_bind_text(st, param, g->val[i].text,
			    (int)g->val[i].len, SQLITE_STATIC);
			break;
		}
	}
	if (g->run_param <= n)
		sqlite3_bind_int64(st, g->run_param, g->st->run_id);
	if (g->invalid_param <= n) {
		if (g->invalid.len)
			sqlite3_bind_text(st, g->invalid_param, g->invalid.p,
			    (int)g->invalid.len, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, g->invalid_param);
	}
}

/* Checks, types and stores one record.  */
static void
load_record(struct loader *g, const char *file, const struct input_record *r,
	    size_t nheader)
{
	const struct kind_def *k = g->kind;
	const char *why, *raw;
	char msg[128];
	size_t i, rawlen, key = 0;
	int f, rc, differs;
	sqlite3_stmt *st;

	g->rows_in++;
	if (r->problem != INPUT_REC_OK) {
		reject(g, file, r->line, NULL, NULL, 0, input_problem_text(r->problem));
		return;
	}
	if (r->nfield != nheader) {
		snprintf(msg, sizeof msg, "%zu fields where the header has %zu",
		    r->nfield, nheader);
		reject(g, file, r->line, NULL, NULL, 0, msg);
		return;
	}
	buf_reset(&g->invalid);
	for (i = 0; i < k->ncol; i++) {
		f = g->map[i];
		raw = f >= 0 ? r->field[f] : "";
		rawlen = f >= 0 ? r->len[f] : 0;
		why = check_value(&k->col[i], raw, rawlen, &g->val[i]);
		if (k->col[i].flags & COL_KEY)
			key = i;
		if (!why && g->val[i].kind == TYPED_NULL &&
		    (k->col[i].flags & COL_REQUIRED))
			why = "missing";
		if (why && (k->col[i].flags & COL_REQUIRED)) {
			reject(g, file, r->line, k->col[i].name, raw, rawlen, why);
			return;
		}
		if (why) {
			buf_addc(&g->invalid, g->invalid.len ? ',' : '{');
			buf_add_json(&g->invalid, k->col[i].name,
			    strlen(k->col[i].name));
			buf_adds(&g->invalid, ":{\"raw\":");
			buf_add_json(&g->invalid, raw, rawlen);
			buf_adds(&g->invalid, ",\"reason\":");
			buf_add_json(&g->invalid, why, strlen(why));
			buf_addc(&g->invalid, '}');
			g->val[i].kind = TYPED_NULL;
			g->ninvalid[i]++;
		}
	}
	if (g->invalid.len)
		buf_addc(&g->invalid, '}');

	/* A key seen before in this run is a duplicate: the first one stands. */
	if (!g->fresh) {
		sqlite3_bind_text(g->seen, 1, g->val[key].text,
		    (int)g->val[key].len, SQLITE_STATIC);
		store_step(g->st, g->seen, "cannot note a record key");
		sqlite3_reset(g->seen);
		if (sqlite3_changes(g->st->db) == 0) {
			reject(g, file, r->line, "record_id", g->val[key].text,
			    g->val[key].len, DUPLICATE);
			return;
		}
	}

	if (g->fresh) {
		bind_row(g, g->insert);
		if (sqlite3_step(g->insert) != SQLITE_DONE) {
			/* Not stepped again: it would run outside the run's
			 * transaction when the error ended it. */
			if (sqlite3_extended_errcode(g->st->db)
			    != SQLITE_CONSTRAINT_PRIMARYKEY)
				store_die(g->st, "cannot store a record");
			sqlite3_reset(g->insert);
			reject(g, file, r->line, "record_id", g->val[key].text,
			    g->val[key].len, DUPLICATE);
			return;
		}
		sqlite3_reset(g->insert);
		emit_change(g, g->val[key].text, g->val[key].len, "added");
		return;
	}
	bind_row(g, g->probe);
	rc = store_step(g->st, g->probe, "cannot read a record");
	differs = rc == SQLITE_ROW ? sqlite3_column_int(g->probe, 0) : 1;
	sqlite3_reset(g->probe);
	if (!differs)
		return;
	st = rc == SQLITE_ROW ? g->update : g->insert;
	bind_row(g, st);
	store_step(g->st, st, "cannot store a record");
	sqlite3_reset(st);
	emit_change(g, g->val[key].text, g->val[key].len,
	    rc == SQLITE_ROW ? "changed" : "added");
}

int
loader_file(struct loader *g, const char *path)
{
	const struct input_record *r, *h;
	struct input *in;
	size_t nheader;
	char hex[65];
	uint64_t rows0 = g->rows_in;
	struct progress pg;
	struct stat sb;
	int whole;

	if ((in = input_open(path, &g->iopt)) == NULL)
		return 0;
	if (map_header(g, in) != 0) {
		/* Refused whole, but still recorded with its hash. */
		while (input_next(in) != NULL)
			;
		input_sha256(in, hex);
		store_run_file(g->st, "input", input_name(in), hex,
		    input_bytes(in), 0);
		input_free(in);
		return 0;
	}
	h = input_header(in);
	nheader = h->nfield;
	progress_begin(&pg, input_name(in), "records",
	    strcmp(path, "-") != 0 && stat(path, &sb) == 0 &&
	    S_ISREG(sb.st_mode) ? (int64_t)sb.st_size : 0);
	while ((r = input_next(in)) != NULL) {
		load_record(g, input_name(in), r, nheader);
		progress_step(&pg, 1, (int64_t)input_bytes(in));
	}
	progress_end(&pg);
	whole = !input_failed(in);
	input_sha256(in, hex);
	store_run_file(g->st, "input", input_name(in), hex, input_bytes(in),
	    g->rows_in - rows0);
	input_free(in);
	return whole;
}

int
loader_end_absent(struct loader *g, int max_end)
{
	sqlite3_stmt *count, *sel, *upd;
	char sql[256];
	int64_t live, gone;

	if (g->fresh)
		return 0;

	snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM src_%s WHERE"
	    " source = ?1 AND ended IS NULL AND first_run < ?2),"
	    " (SELECT count(*) FROM src_%s"
	    " WHERE source = ?1 AND ended IS NULL AND record_id NOT IN"
	    " (SELECT record_id FROM temp.seen))", g->kind->name, g->kind->name);
	count = store_prepare(g->st, sql);
	sqlite3_bind_text(count, 1, g->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(count, 2, g->st->run_id);
	store_step(g->st, count, "cannot count records");
	live = sqlite3_column_int64(count, 0);
	gone = sqlite3_column_int64(count, 1);
	sqlite3_finalize(count);
	if (gone == 0)
		return 0;
	if (gone * 100 > live * max_end) {
		error("snapshot would end %lld of %lld records of source '%s'"
		    " (more than %d%%); nothing ended (see --max-end)",
		    (long long)gone, (long long)live, g->source, max_end);
		return -1;
	}
	snprintf(sql, sizeof sql, "SELECT record_id FROM src_%s WHERE"
	    " source = ?1 AND ended IS NULL AND record_id NOT IN"
	    " (SELECT record_id FROM temp.seen) ORDER BY record_id",
	    g->kind->name);
	sel = store_prepare(g->st, sql);
	snprintf(sql, sizeof sql, "UPDATE src_%s SET ended = ?3, last_run = ?4"
	    " WHERE source = ?1 AND record_id = ?2", g->kind->name);
	upd = store_prepare(g->st, sql);
	sqlite3_bind_text(sel, 1, g->source, -1, SQLITE_STATIC);
	while (store_step(g->st, sel, "cannot read records") == SQLITE_ROW) {
		const char *rid = (const char *)sqlite3_column_text(sel, 0);
		int len = sqlite3_column_bytes(sel, 0);

		sqlite3_bind_text(upd, 1, g->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(upd, 2, rid, len, SQLITE_STATIC);
		sqlite3_bind_text(upd, 3, g->as_of, -1, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 4, g->st->run_id);
		store_step(g->st, upd, "cannot end a record");
		sqlite3_reset(upd);
		emit_change(g, rid, (size_t)len, "ended");
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return 0;
}

void
loader_tell(struct loader *g)
{
	struct buf b = BUF_INIT;
	uint64_t total = 0;
	char num[32];
	size_t i;

	for (i = 0; i < g->kind->ncol; i++) {
		if (!g->ninvalid[i])
			continue;
		total += g->ninvalid[i];
		buf_adds(&b, b.len ? ", " : "");
		buf_adds(&b, g->kind->col[i].name);
		snprintf(num, sizeof num, " %llu", (unsigned long long)g->ninvalid[i]);
		buf_adds(&b, num);
	}
	if (total)
		warning("%llu invalid values kept as raw text and not trusted"
		    " (%s)", (unsigned long long)total, b.p);
	buf_release(&b);
	if (g->told > MAX_TOLD)
		error("%llu more rows refused%s",
		    (unsigned long long)(g->told - MAX_TOLD),
		    g->rejects ? "; see the rejects file" : "");
}

static void
finalize_all(struct loader *g)
{
	sqlite3_finalize(g->insert);
	sqlite3_finalize(g->update);
	sqlite3_finalize(g->probe);
	sqlite3_finalize(g->seen);
	sqlite3_finalize(g->reject);
}

struct loader *
loader_new(struct store *st, const struct kind_def *k, const char *source,
	   const char *as_of, const struct input_options *iopt,
	   struct tsv *changes, struct tsv *rejects)
{
	struct loader *g = xcalloc(1, sizeof *g);

	g->st = st;
	g->kind = k;
	g->source = source;
	snprintf(g->as_of, sizeof g->as_of, "%s", as_of);
	if (iopt)
		g->iopt = *iopt;
	g->changes = changes;
	g->rejects = rejects;
	register_source(g);
	g->val = xcalloc(k->ncol, sizeof *g->val);
	g->map = xcalloc(k->ncol, sizeof *g->map);
	g->ninvalid = xcalloc(k->ncol, sizeof *g->ninvalid);
	g->fresh = source_is_empty(g);
	prepare(g);
	return g;
}

void
loader_counts(const struct loader *g, uint64_t *rows_in, uint64_t *changed,
	      uint64_t *rejected)
{
	*rows_in = g->rows_in;
	*changed = g->rows_changed;
	*rejected = g->rows_rejected;
}

void
loader_free(struct loader *g)
{
	if (!g)
		return;
	finalize_all(g);
	free(g->val);
	free(g->map);
	free(g->ninvalid);
	buf_release(&g->invalid);
	free(g);
}
