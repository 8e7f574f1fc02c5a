/*
 * isas-ingest - load registry extracts into the typed tables of the store.
 *
 * Each row is checked and typed by the description of its kind (lib/kinds.c);
 * a row that cannot be used goes to the rejects stream and the rest loads.
 * The whole run is one transaction; what changed is printed, as one TSV line
 * per record key, as the run goes, and the commit comes only once all of it
 * is written (see main): a change is never committed without being told.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "input.h"
#include "kinds.h"
#include "store.h"
#include "tsv.h"
#include "value.h"
#include "xalloc.h"

#define PROG "isas-ingest"
#define USAGE "usage: isas-ingest -S STORE --source NAME [--kind KIND] " \
	"[--as-of DATE] [--mode snapshot|delta] [--rejects FILE] " \
	"[--format auto|csv|tsv] [--encoding utf8|latin5] " \
	"[--max-end PERCENT] [FILE...]\n" \
	"       isas-ingest --list-kinds"

#define DUPLICATE "duplicate record_id; the first row with it stands"

/* At most this many rejects are told on stderr; the rest are counted. */
#define MAX_TOLD 20

enum mode { MODE_DELTA, MODE_SNAPSHOT };

struct ingest {
	struct store *st;
	const struct kind_def *kind;
	const char *source;
	char as_of[11];
	enum mode mode;
	int max_end;		/* percent of live records a snapshot may end */
	struct input_options iopt;

	sqlite3_stmt *insert, *update, *probe;	/* see prepare() */
	sqlite3_stmt *seen;	/* temp.seen (record_id, line) */
	sqlite3_stmt *reject;
	int run_param, invalid_param;

	struct tsv *changes;	/* standard output */
	struct tsv *rejects;	/* --rejects FILE, written to a temporary */
	char *rejects_path, *rejects_tmp;

	struct typed *val;	/* one per column of the kind */
	int *map;		/* column of the kind -> field of the file */
	uint64_t *ninvalid;	/* per column: invalid values kept as raw text */
	struct buf invalid;

	uint64_t rows_in, rows_changed, rows_rejected, told;
	int fresh;		/* the source held no records before this run:
				   plain inserts, duplicates caught by the key */
};

/* The rejects file being written, removed if the run does not finish. */
static char *pending_tmp;

static void
remove_pending(void)
{
	if (pending_tmp)
		unlink(pending_tmp);
}

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Load registry extracts (CSV or TSV, gzip or plain) into the store.\n"
	    "\n"
	    "  -S, --store STORE      the SQLite working store (created if absent)\n"
	    "      --source NAME      the registry the extract comes from\n"
	    "      --kind KIND        the kind of extract (default: the source name)\n"
	    "      --as-of DATE       the day of the run (default: ISAS_AS_OF or today)\n"
	    "      --mode MODE        snapshot (absent records are ended) or delta\n"
	    "                         (default)\n"
	    "      --rejects FILE     write refused rows as TSV to FILE\n"
	    "      --format FORMAT    auto (default), csv or tsv\n"
	    "      --encoding ENC     utf8 (default) or latin5 (ISO-8859-9, converted)\n"
	    "      --max-end PERCENT  refuse a snapshot that would end more than\n"
	    "                         PERCENT of the source's records (default 50)\n"
	    "      --list-kinds       print every kind's columns as TSV and exit\n"
	    "  -h, --help             show this help and exit\n"
	    "      --version          show the version and exit\n"
	    "\n"
	    "Kinds: ", USAGE);
	for (size_t i = 0; i < nkinds; i++)
		printf("%s%s", i ? ", " : "", kinds[i].name);
	printf(".\nWith no FILE, or when FILE is -, read standard input.\n"
	    "Prints one TSV line (source, record_id, change) per changed record.\n"
	    "Exit status: 0 loaded, 1 some rows or files refused, 2 trouble.\n"
	    "See isas-ingest(1) and isas-formats(5).\n");
	exit(0);
}

/* Prints the kinds and their columns as TSV: the formats, as data. */
static void
list_kinds(void)
{
	static const char *const cols[] = { "kind", "column", "type",
		"required", "description", NULL };
	struct tsv *t = tsv_fdopen(1, "-");
	size_t i, j;

	tsv_header(t, cols);
	for (i = 0; i < nkinds; i++) {
		for (j = 0; j < kinds[i].ncol; j++) {
			const struct col_def *c = &kinds[i].col[j];

			tsv_str(t, kinds[i].name);
			tsv_str(t, c->name);
			tsv_str(t, col_typename(c->type));
			tsv_str(t, (c->flags & COL_REQUIRED) ? "yes" : "no");
			tsv_str(t, c->doc);
			tsv_end(t);
		}
	}
	if (tsv_close(t, NULL, NULL, NULL) != 0)
		exit(2);
}

static int
valid_source_name(const char *s)
{
	const char *p;

	if (!*s || strlen(s) > 64)
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

/*
 * Builds the statements of the kind from its column list (names from the
 * kind table, never from data).  All share one numbering of parameters:
 * ?1 the source, ?2.. the columns in kind order, then the run and the
 * invalid-values JSON.
 */
static void
prepare(struct ingest *g)
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
register_source(struct ingest *g)
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
source_is_empty(struct ingest *g)
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
reject(struct ingest *g, const char *file, uint64_t line, const char *column,
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
emit_change(struct ingest *g, const char *rid, size_t len, const char *change)
{
	tsv_str(g->changes, g->source);
	tsv_field(g->changes, rid, len);
	tsv_str(g->changes, change);
	tsv_end(g->changes);
	g->rows_changed++;
}

/*
 * Maps the file's header onto the kind's columns.  Returns 0, or -1 after a
 * message when the file cannot be loaded (a column twice, a required one
 * missing).
 */
static int
map_header(struct ingest *g, struct input *in)
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
bind_row(struct ingest *g, sqlite3_stmt *st)
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
load_record(struct ingest *g, const char *file, const struct input_record *r,
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
			if (sqlite3_extended_errcode(g->st->db)
			    != SQLITE_CONSTRAINT_PRIMARYKEY)
				store_step(g->st, g->insert, "cannot store a record");
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

/* Loads one file.  Returns 1 when it was read to its end, else 0. */
static int
load_file(struct ingest *g, const char *path)
{
	const struct input_record *r, *h;
	struct input *in;
	size_t nheader;
	char hex[65];
	uint64_t rows0 = g->rows_in;
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
	while ((r = input_next(in)) != NULL)
		load_record(g, input_name(in), r, nheader);
	whole = !input_failed(in);
	input_sha256(in, hex);
	store_run_file(g->st, "input", input_name(in), hex, input_bytes(in),
	    g->rows_in - rows0);
	input_free(in);
	return whole;
}

/* In a snapshot, ends the live records of the source that were not seen. */
static int
end_absent(struct ingest *g)
{
	sqlite3_stmt *count, *sel, *upd;
	char sql[256];
	int64_t live, gone;

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
	if (gone * 100 > live * g->max_end) {
		error("snapshot would end %lld of %lld records of source '%s'"
		    " (more than %d%%); nothing ended (see --max-end)",
		    (long long)gone, (long long)live, g->source, g->max_end);
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

/* Tells, in one line, how many invalid optional values were kept. */
static void
tell_invalid(struct ingest *g)
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
}

static void
finalize_all(struct ingest *g)
{
	sqlite3_finalize(g->insert);
	sqlite3_finalize(g->update);
	sqlite3_finalize(g->probe);
	sqlite3_finalize(g->seen);
	sqlite3_finalize(g->reject);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 'S' },
		{ "source", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "mode", required_argument, NULL, 'm' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "max-end", required_argument, NULL, 'x' },
		{ "list-kinds", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const change_cols[] = { "source", "record_id",
		"change", NULL };
	static const char *const reject_cols[] = { "file", "line", "column",
		"value", "reason", NULL };
	struct ingest g;
	const char *store_path = NULL, *kind = NULL, *as_of = NULL;
	const char *status;
	char hex[65], *tmpl;
	uint64_t bytes, rows;
	int c, i, fd, nfiles, all_read = 1, failed_files = 0;
	int status_code;
	int64_t v;

	err_init(PROG);
	memset(&g, 0, sizeof g);
	g.mode = MODE_DELTA;
	g.max_end = 50;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 's': g.source = optarg; break;
		case 'k': kind = optarg; break;
		case 'a': as_of = optarg; break;
		case 'm':
			if (strcmp(optarg, "snapshot") == 0)
				g.mode = MODE_SNAPSHOT;
			else if (strcmp(optarg, "delta") == 0)
				g.mode = MODE_DELTA;
			else {
				error("--mode: not snapshot or delta '%s'", optarg);
				usage(2);
			}
			break;
		case 'r': g.rejects_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "auto") == 0)
				g.iopt.format = INPUT_AUTO;
			else if (strcmp(optarg, "csv") == 0)
				g.iopt.format = INPUT_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				g.iopt.format = INPUT_TSV;
			else {
				error("--format: not auto, csv or tsv '%s'", optarg);
				usage(2);
			}
			break;
		case 'e':
			if (strcmp(optarg, "utf8") == 0 || strcmp(optarg, "utf-8") == 0)
				g.iopt.encoding = INPUT_UTF8;
			else if (strcmp(optarg, "latin5") == 0 ||
			    strcmp(optarg, "iso-8859-9") == 0)
				g.iopt.encoding = INPUT_LATIN5;
			else {
				error("--encoding: not utf8 or latin5 '%s'", optarg);
				usage(2);
			}
			break;
		case 'x':
			if (int_parse(optarg, strlen(optarg), &v) != 0 ||
			    v < 0 || v > 100) {
				error("--max-end: not a percentage '%s'", optarg);
				usage(2);
			}
			g.max_end = (int)v;
			break;
		case 'L': list_kinds(); return 0;
		case 'h': usage(0); break;
		case 'V': printf("%s %s\n", PROG, ISAS_VERSION); return 0;
		default:
			error_option(c, argv);
			usage(2);
		}
	}
	if (!store_path) {
		error("no store given (-S STORE)");
		usage(2);
	}
	if (!g.source) {
		error("no source given (--source NAME)");
		usage(2);
	}
	if (!valid_source_name(g.source)) {
		error("--source: use lower-case letters, digits, '-', '_' or '.'"
		    " '%s'", g.source);
		usage(2);
	}
	if (!kind)
		kind = g.source;
	if ((g.kind = kind_find(kind)) == NULL) {
		error("unknown kind '%s'%s", kind, kind == g.source ?
		    "; give --kind" : "");
		usage(2);
	}
	if (store_as_of(as_of, g.as_of, NULL) != 0) {
		error("--as-of: not a date '%s'", as_of);
		usage(2);
	}

	tmpl = NULL;
	if (g.rejects_path) {
		size_t n = strlen(g.rejects_path) + 16;

		tmpl = xmalloc(n);
		snprintf(tmpl, n, "%s.tmpXXXXXX", g.rejects_path);
		if ((fd = mkstemp(tmpl)) < 0)
			die("%s: cannot create: %s", g.rejects_path,
			    strerror(errno));
		g.rejects = tsv_fdopen(fd, g.rejects_path);
		g.rejects_tmp = tmpl;
		pending_tmp = tmpl;
		atexit(remove_pending);
		tsv_header(g.rejects, reject_cols);
	}
	g.changes = tsv_fdopen(1, "-");
	tsv_header(g.changes, change_cols);

	g.st = store_open(store_path, STORE_WRITE);
	store_run_begin(g.st, PROG, argc, argv, g.as_of);
	register_source(&g);
	g.val = xcalloc(g.kind->ncol, sizeof *g.val);
	g.map = xcalloc(g.kind->ncol, sizeof *g.map);
	g.ninvalid = xcalloc(g.kind->ncol, sizeof *g.ninvalid);
	g.fresh = source_is_empty(&g);
	prepare(&g);

	nfiles = argc - optind;
	if (nfiles == 0) {
		if (!load_file(&g, "-"))
			all_read = 0, failed_files++;
	}
	for (i = optind; i < argc; i++)
		if (!load_file(&g, argv[i]))
			all_read = 0, failed_files++;

	if (g.mode == MODE_SNAPSHOT && !g.fresh) {
		if (!all_read)
			warning("not ending absent records of source '%s':"
			    " not every file was read", g.source);
		else if (end_absent(&g) != 0)
			failed_files++;
	}
	tell_invalid(&g);
	if (g.told > MAX_TOLD)
		error("%llu more rows refused%s",
		    (unsigned long long)(g.told - MAX_TOLD),
		    g.rejects ? "; see the rejects file" : "");

	/*
	 * The change list goes to standard output as the run goes; the
	 * commit comes only once all of it is written.  A change is thus
	 * never committed without being told, while one told and then not
	 * committed (the run failed) only makes isas-match look at a record
	 * again.
	 */
	if (tsv_close(g.changes, hex, &bytes, &rows) != 0 || close(1) != 0) {
		error("nothing loaded: the change list could not be written");
		store_close(g.st);
		status_code = 2;
		goto done;
	}
	store_run_file(g.st, "output", "-", hex, bytes, rows);
	if (g.rejects) {
		if (tsv_close(g.rejects, hex, &bytes, &rows) != 0) {
			store_close(g.st);
			status_code = 2;
			goto done;
		}
		store_run_file(g.st, "output", g.rejects_path, hex, bytes, rows);
	}
	status = (g.rows_rejected || failed_files) ? "rejects" : "ok";
	finalize_all(&g);
	store_run_end(g.st, status, g.rows_in, g.rows_changed, g.rows_rejected);
	store_commit(g.st);
	store_close(g.st);
	if (g.rejects_tmp && rename(g.rejects_tmp, g.rejects_path) != 0)
		die("%s: cannot rename: %s", g.rejects_path, strerror(errno));
	pending_tmp = NULL;
	status_code = (g.rows_rejected || failed_files) ? 1 : 0;
done:
	free(g.val);
	free(g.map);
	free(g.ninvalid);
	free(g.rejects_tmp);
	buf_release(&g.invalid);
	return status_code;
}
