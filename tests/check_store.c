/*
 * check_store.c - unit tests of lib/store.c: creating a store (mode,
 * header, tables of every kind), the run record (argv as JSON, files,
 * status), commit and rollback, read-only stores, refusals that die with
 * status 2 (not SQLite, newer schema, another application, missing,
 * locked), and the migration that adds a kind's new columns.
 *
 * The store is looked at from outside with SQLite directly, so that the
 * tests do not trust the code they test.  Each test works in a directory
 * that main() makes under /tmp and removes at the end.  Tests that expect
 * store_open() to die are exit tests, or fork a child of their own to read
 * its message; die() leaves memory behind by design, so these are left
 * out when CK_FORK is off (as under valgrind with CK_FORK=no).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "err.h"
#include "kinds.h"
#include "store.h"
#include "check_common.h"

/* Silent until it fails, for loops (see check_value.c). */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)


/* Opens path with SQLite itself, read-write, never creating it. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, msg ? msg : "?");
}

/* Makes a new, empty, committed store at path. */
static void
make_store(const char *path)
{
	struct store *s = store_open(path, STORE_WRITE);

	ck_assert_ptr_nonnull(s);
	store_commit(s);
	store_close(s);
}

static int
table_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int found;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema"
	    " WHERE type = 'table' AND name = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/*
 * The declared type of column col of table tab, and its place in the
 * primary key (0: not in it), or NULL when there is no such column.
 */
static const char *
column_type(sqlite3 *db, const char *tab, const char *col, int *pk)
{
	static char type[64];
	sqlite3_stmt *st;
	const char *r = NULL;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT type, pk FROM"
	    " pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, tab, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(type, sizeof type, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		if (pk)
			*pk = sqlite3_column_int(st, 1);
		r = type;
	}
	sqlite3_finalize(st);
	return r;
}

/* Asserts that every table of every kind has all its columns. */
static void
assert_kind_tables(sqlite3 *db)
{
	static const char *const extra[] = {
		"source", "first_run", "last_run", "ended", "invalid", NULL
	};
	char tab[64];
	const char *type;
	size_t i, j;
	int pk;

	for (i = 0; i < nkinds; i++) {
		snprintf(tab, sizeof tab, "src_%s", kinds[i].name);
		REQUIRE(table_exists(db, tab), "no table %s", tab);
		for (j = 0; j < kinds[i].ncol; j++) {
			const struct col_def *c = &kinds[i].col[j];

			type = column_type(db, tab, c->name, NULL);
			REQUIRE(type != NULL, "no column %s.%s", tab, c->name);
			REQUIRE(strcmp(type, col_sqltype(c->type)) == 0,
			    "%s.%s is %s, want %s", tab, c->name, type,
			    col_sqltype(c->type));
		}
		for (j = 0; extra[j]; j++)
			REQUIRE(column_type(db, tab, extra[j], NULL) != NULL,
			    "no column %s.%s", tab, extra[j]);
		ck_assert_ptr_nonnull(column_type(db, tab, "source", &pk));
		REQUIRE(pk == 1, "%s: source is key part %d", tab, pk);
		ck_assert_ptr_nonnull(column_type(db, tab, "record_id", &pk));
		REQUIRE(pk == 2, "%s: record_id is key part %d", tab, pk);
	}
}

/*
 * Runs fn(path) in a child with stderr going to a file.  Returns the
 * child's exit status (128 + the signal when killed) and, in *msg, what
 * it wrote to stderr (the caller frees it).  For checking the message of
 * a refusal; the exit tests check the status the Check way.
 */
static int
run_child(void (*fn)(const char *), const char *path, char **msg)
{
	char *out = tmp_path("stderr");
	struct stat st;
	pid_t pid;
	FILE *f;
	int status, fd;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 2) != 2)
			_exit(99);
		fn(path);
		exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(stat(out, &st), 0);
	*msg = calloc(1, (size_t)st.st_size + 1);
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(*msg, 1, (size_t)st.st_size, f),
	    (size_t)st.st_size);
	fclose(f);
	unlink(out);
	free(out);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Scenarios for run_child. */
static void
open_write(const char *path)
{
	store_open(path, STORE_WRITE);
}

static void
open_read(const char *path)
{
	store_open(path, STORE_READ);
}

static void
open_write_twice(const char *path)
{
	struct store *a = store_open(path, STORE_WRITE);

	(void)a;
	store_open(path, STORE_WRITE);
}

START_TEST(test_store_create_mode_0600)
{
	char *path = tmp_path("mode.db"), journal[600];
	struct store *s;
	struct stat st;

	umask(022);
	s = store_open(path, STORE_WRITE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->in_txn, 1);
	ck_assert_str_eq(s->path, path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	store_commit(s);
	ck_assert_int_eq(s->in_txn, 0);
	store_close(s);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_gt(st.st_size, 0);
	/* A committed run leaves no journal behind. */
	snprintf(journal, sizeof journal, "%s-journal", path);
	ck_assert_int_eq(access(journal, F_OK), -1);
	free(path);
}
END_TEST

START_TEST(test_store_header_pragmas)
{
	char *path = tmp_path("hdr.db");
	struct store *s;
	sqlite3 *db;

	s = store_open(path, STORE_WRITE);
	/* Inside the run's transaction already. */
	ck_assert_int_eq(sqlite3_get_autocommit(s->db), 0);
	ck_assert_int_eq(q_int(s->db, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	ck_assert_int_eq(q_int(s->db, "PRAGMA application_id"),
	    STORE_APPLICATION_ID);
	store_commit(s);
	ck_assert_int_eq(sqlite3_get_autocommit(s->db), 1);
	store_close(s);
	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(q_int(db, "PRAGMA application_id"),
	    STORE_APPLICATION_ID);
	ck_assert_int_eq(q_int(db, "PRAGMA application_id"), 0x49534153);
	ck_assert_str_eq(q_text(db, "PRAGMA journal_mode"), "delete");
	ck_assert_int_eq(q_int(db, "PRAGMA page_size"), 8192);
	ck_assert_str_eq(q_text(db, "PRAGMA integrity_check"), "ok");
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_tables_and_columns)
{
	static const char *const v2[] = { "person", "person_nid", "link",
		"person_event", "match_review", "match_stat", "match_param",
		"household", "member", "unattached", "rule_file",
		"explain_column", "assessment", "assessment_log",
		"entitlement", "sanction_decision", "referral", "pay_batch",
		"payment", "journal", "bank_return", "pay_hold", "flag" };
	char *path = tmp_path("tables.db");
	sqlite3 *db;
	size_t i;

	make_store(path);
	db = raw_open(path);
	ck_assert(table_exists(db, "run"));
	ck_assert(table_exists(db, "run_file"));
	ck_assert(table_exists(db, "source"));
	ck_assert(table_exists(db, "reject"));
	ck_assert(!table_exists(db, "src_nosuch"));
	assert_kind_tables(db);
	for (i = 0; i < sizeof v2 / sizeof v2[0]; i++)
		ck_assert_msg(table_exists(db, v2[i]), "%s", v2[i]);
	/* No table but these. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE"
	    " type = 'table'"), 4 + (int64_t)(sizeof v2 / sizeof v2[0]) +
	    (int64_t)nkinds);
	ck_assert_ptr_nonnull(column_type(db, "run", "argv", NULL));
	ck_assert_ptr_nonnull(column_type(db, "run", "as_of", NULL));
	ck_assert_ptr_nonnull(column_type(db, "run_file", "sha256", NULL));
	ck_assert_ptr_nonnull(column_type(db, "reject", "reason", NULL));
	ck_assert_ptr_null(column_type(db, "run", "nosuch", NULL));
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_run_begin_argv_json)
{
	char a0[] = "isas-ingest", a1[] = "--source",
	    a2[] = "say \"hi\" C:\\dir\\\tend", a3[] = "\xc3\xbc\xc5\x9f",
	    a4[] = "", a5[] = "line\nnext\x01";
	char *argv[] = { a0, a1, a2, a3, a4, a5, NULL };
	char *path = tmp_path("argv.db");
	struct store *s;
	int64_t id;
	sqlite3 *db;

	s = store_open(path, STORE_WRITE);
	ck_assert_int_eq(s->run_id, 0);
	id = store_run_begin(s, "isas-ingest", 6, argv, "2024-05-31");
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(s->run_id, id);
	/* Visible inside the transaction, through the store's handle. */
	ck_assert_int_eq(q_int(s->db, "SELECT count(*) FROM run"), 1);
	store_commit(s);
	store_close(s);

	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT run_id FROM run"), id);
	ck_assert_str_eq(q_text(db, "SELECT program FROM run"), "isas-ingest");
	ck_assert_str_eq(q_text(db, "SELECT version FROM run"), ISAS_VERSION);
	ck_assert_str_eq(q_text(db, "SELECT as_of FROM run"), "2024-05-31");
	ck_assert_str_eq(q_text(db, "SELECT status FROM run"), "running");
	ck_assert_int_eq(q_int(db, "SELECT json_valid(argv) FROM run"), 1);
	ck_assert_str_eq(q_text(db, "SELECT json_type(argv) FROM run"),
	    "array");
	ck_assert_int_eq(q_int(db, "SELECT json_array_length(argv) FROM run"),
	    6);
	ck_assert_str_eq(q_text(db, "SELECT json_extract(argv, '$[0]') FROM"
	    " run"), a0);
	ck_assert_str_eq(q_text(db, "SELECT json_extract(argv, '$[1]') FROM"
	    " run"), a1);
	ck_assert_str_eq(q_text(db, "SELECT json_extract(argv, '$[2]') FROM"
	    " run"), a2);
	ck_assert_str_eq(q_text(db, "SELECT json_extract(argv, '$[3]') FROM"
	    " run"), a3);
	ck_assert_str_eq(q_text(db, "SELECT json_extract(argv, '$[4]') FROM"
	    " run"), "");
	ck_assert_str_eq(q_text(db, "SELECT json_extract(argv, '$[5]') FROM"
	    " run"), a5);
	ck_assert_str_eq(q_text(db, "SELECT json_type(argv, '$[4]') FROM run"),
	    "text");
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_run_begin_no_argv_no_as_of)
{
	char *path = tmp_path("noargv.db");
	struct store *s;
	sqlite3 *db;

	s = store_open(path, STORE_WRITE);
	store_run_begin(s, "isas-x", 0, NULL, NULL);
	store_commit(s);
	store_close(s);
	db = raw_open(path);
	ck_assert_str_eq(q_text(db, "SELECT argv FROM run"), "[]");
	ck_assert_int_eq(q_int(db, "SELECT json_valid(argv) FROM run"), 1);
	ck_assert_int_eq(q_int(db, "SELECT as_of IS NULL FROM run"), 1);
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_run_file_end_commit)
{
	static const char h1[] =
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	static const char h2[] =
	    "0000000000000000000000000000000000000000000000000000000000000001";
	char a0[] = "isas-ingest";
	char *argv[] = { a0, NULL };
	char *path = tmp_path("files.db");
	struct store *s;
	int64_t id;
	sqlite3 *db;

	s = store_open(path, STORE_WRITE);
	id = store_run_begin(s, "isas-ingest", 1, argv, "2024-01-01");
	store_run_file(s, "input", "civil.csv.gz", h1, UINT64_C(5000000000),
	    UINT64_C(123456));
	store_run_file(s, "output", "-", h2, 0, 0);
	store_run_file(s, "output", "rejects/civil.tsv", h1, 17, 2);
	store_run_end(s, "rejects", 123456, 1000, 2);
	store_commit(s);
	store_close(s);

	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run"), 1);
	ck_assert_str_eq(q_text(db, "SELECT status FROM run"), "rejects");
	ck_assert_int_eq(q_int(db, "SELECT rows_in FROM run"), 123456);
	ck_assert_int_eq(q_int(db, "SELECT rows_changed FROM run"), 1000);
	ck_assert_int_eq(q_int(db, "SELECT rows_rejected FROM run"), 2);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run_file"), 3);
	ck_assert_int_eq(q_int(db, "SELECT count(DISTINCT run_id) FROM"
	    " run_file"), 1);
	ck_assert_int_eq(q_int(db, "SELECT run_id FROM run_file"), id);
	/* Numbered in the order recorded. */
	ck_assert_str_eq(q_text(db, "SELECT group_concat(seq || ':' || role ||"
	    " ':' || name, ' ') FROM (SELECT * FROM run_file ORDER BY seq)"),
	    "1:input:civil.csv.gz 2:output:- 3:output:rejects/civil.tsv");
	ck_assert_str_eq(q_text(db, "SELECT sha256 FROM run_file WHERE seq = 1"),
	    h1);
	ck_assert_str_eq(q_text(db, "SELECT sha256 FROM run_file WHERE seq = 2"),
	    h2);
	ck_assert_int_eq(q_int(db, "SELECT bytes FROM run_file WHERE seq = 1"),
	    INT64_C(5000000000));
	ck_assert_int_eq(q_int(db, "SELECT rows FROM run_file WHERE seq = 1"),
	    123456);
	ck_assert_int_eq(q_int(db, "SELECT bytes FROM run_file WHERE seq = 3"),
	    17);
	ck_assert_int_eq(q_int(db, "SELECT rows FROM run_file WHERE seq = 3"), 2);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM"
	    " pragma_foreign_key_check"), 0);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A second run numbers its files from 1 again. */
START_TEST(test_store_run_file_seq_per_run)
{
	char *path = tmp_path("seq.db");
	struct store *s;
	sqlite3 *db;
	int k;

	for (k = 0; k < 2; k++) {
		s = store_open(path, STORE_WRITE);
		store_run_begin(s, "isas-x", 0, NULL, NULL);
		store_run_file(s, "input", "a", "x", 1, 1);
		store_run_file(s, "input", "b", "y", 2, 2);
		store_run_end(s, "ok", 0, 0, 0);
		store_commit(s);
		store_close(s);
	}
	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run_file"), 4);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run_file WHERE"
	    " seq = 1"), 2);
	ck_assert_int_eq(q_int(db, "SELECT max(seq) FROM run_file"), 2);
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_close_without_commit_leaves_nothing)
{
	char a0[] = "isas-ingest";
	char *argv[] = { a0, NULL };
	char *path = tmp_path("rollback.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	s = store_open(path, STORE_WRITE);
	store_run_begin(s, "isas-ingest", 1, argv, "2024-01-01");
	store_run_file(s, "input", "x", "y", 1, 1);
	store_run_end(s, "ok", 1, 1, 0);
	store_close(s);		/* no commit */

	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run"), 0);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run_file"), 0);
	sqlite3_close(db);
	/* Reopened for writing, the store is whole and still empty. */
	s = store_open(path, STORE_WRITE);
	ck_assert_int_eq(q_int(s->db, "SELECT count(*) FROM run"), 0);
	store_close(s);
	store_close(NULL);	/* harmless */
	free(path);
}
END_TEST

/* A new store closed before its first commit holds no schema at all. */
START_TEST(test_store_new_store_rolled_back)
{
	char *path = tmp_path("new-rollback.db");
	struct store *s;
	sqlite3 *db;

	s = store_open(path, STORE_WRITE);
	store_run_begin(s, "isas-x", 0, NULL, NULL);
	store_close(s);
	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM sqlite_schema"), 0);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), 0);
	ck_assert_int_eq(q_int(db, "PRAGMA application_id"), 0);
	sqlite3_close(db);
	/* And the next writer makes it properly. */
	make_store(path);
	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(q_int(db, "PRAGMA application_id"),
	    STORE_APPLICATION_ID);
	assert_kind_tables(db);
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_run_ids_increase)
{
	char *path = tmp_path("ids.db");
	int64_t id, prev = 0;
	struct store *s;
	sqlite3 *db;
	int k;

	for (k = 0; k < 5; k++) {
		s = store_open(path, STORE_WRITE);
		id = store_run_begin(s, "isas-x", 0, NULL, "2024-01-01");
		ck_assert_int_gt(id, prev);
		store_run_end(s, "ok", 0, 0, 0);
		store_commit(s);
		store_close(s);
		prev = id;
	}
	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run"), 5);
	ck_assert_int_eq(q_int(db, "SELECT max(run_id) FROM run"), prev);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run WHERE status ="
	    " 'ok'"), 5);
	/* Reopening did not disturb the header. */
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_read_mode_reads)
{
	char a0[] = "isas-ingest";
	char *argv[] = { a0, NULL };
	char *path = tmp_path("read.db");
	struct store *s;
	sqlite3_stmt *st;
	int64_t id;

	s = store_open(path, STORE_WRITE);
	id = store_run_begin(s, "isas-ingest", 1, argv, "2024-02-29");
	store_run_end(s, "ok", 7, 6, 1);
	store_commit(s);
	store_close(s);

	s = store_open(path, STORE_READ);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->in_txn, 0);
	ck_assert_int_eq(sqlite3_db_readonly(s->db, "main"), 1);
	st = store_prepare(s, "SELECT run_id, program, as_of, rows_in FROM run");
	ck_assert_int_eq(store_step(s, st, "read"), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(st, 0), id);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1),
	    "isas-ingest");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 2),
	    "2024-02-29");
	ck_assert_int_eq(sqlite3_column_int64(st, 3), 7);
	ck_assert_int_eq(store_step(s, st, "read"), SQLITE_DONE);
	sqlite3_finalize(st);
	store_close(s);
	free(path);
}
END_TEST

START_TEST(test_store_read_mode_refuses_writes)
{
	char *path = tmp_path("ro.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	s = store_open(path, STORE_READ);
	ck_assert_int_ne(sqlite3_exec(s->db, "INSERT INTO run (program,"
	    " version, argv) VALUES ('x', 'y', '[]')", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_errcode(s->db) & 0xff, SQLITE_READONLY);
	ck_assert_int_ne(sqlite3_exec(s->db, "CREATE TABLE t (x)", NULL, NULL,
	    NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(s->db, "PRAGMA user_version = 7", NULL,
	    NULL, NULL), SQLITE_OK);
	store_close(s);
	db = raw_open(path);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM run"), 0);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert(!table_exists(db, "t"));
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A reader does not see a writer's run until it is committed. */
START_TEST(test_store_read_while_writing)
{
	char *path = tmp_path("iso.db");
	struct store *w, *r;

	make_store(path);
	w = store_open(path, STORE_WRITE);
	store_run_begin(w, "isas-x", 0, NULL, NULL);
	r = store_open(path, STORE_READ);
	ck_assert_int_eq(q_int(r->db, "SELECT count(*) FROM run"), 0);
	store_close(r);
	store_commit(w);
	store_close(w);
	r = store_open(path, STORE_READ);
	ck_assert_int_eq(q_int(r->db, "SELECT count(*) FROM run"), 1);
	store_close(r);
	free(path);
}
END_TEST

/* Once the first writer has committed, a second can begin. */
START_TEST(test_store_lock_released_by_commit)
{
	char *path = tmp_path("lock-ok.db");
	struct store *a, *b;

	setenv("ISAS_LOCK_WAIT", "0", 1);
	a = store_open(path, STORE_WRITE);
	store_commit(a);
	b = store_open(path, STORE_WRITE);
	ck_assert_int_eq(b->in_txn, 1);
	store_run_begin(b, "isas-x", 0, NULL, NULL);
	store_commit(b);
	store_close(b);
	store_close(a);
	/* And closing without commit releases it too. */
	a = store_open(path, STORE_WRITE);
	store_close(a);
	b = store_open(path, STORE_WRITE);
	store_close(b);
	unsetenv("ISAS_LOCK_WAIT");
	free(path);
}
END_TEST

START_TEST(test_store_migration_adds_column)
{
	char *path = tmp_path("migrate.db");
	const struct kind_def *k = kind_find("person");
	struct store *s;
	sqlite3 *db;
	size_t j;

	ck_assert_ptr_nonnull(k);
	make_store(path);
	db = raw_open(path);
	raw_exec(db, "BEGIN;"
	    "ALTER TABLE src_person RENAME TO x;"
	    "CREATE TABLE src_person (source TEXT, record_id TEXT,"
	    " first_run INT, last_run INT, ended TEXT, invalid TEXT,"
	    " PRIMARY KEY(source, record_id)) WITHOUT ROWID;"
	    "INSERT INTO src_person VALUES ('muni', 'P1', 1, 1, NULL, NULL);"
	    "COMMIT");
	ck_assert_ptr_null(column_type(db, "src_person", "first_name", NULL));
	sqlite3_close(db);

	s = store_open(path, STORE_WRITE);
	store_commit(s);
	store_close(s);

	db = raw_open(path);
	for (j = 0; j < k->ncol; j++) {
		const char *type = column_type(db, "src_person", k->col[j].name,
		    NULL);

		REQUIRE(type != NULL, "src_person.%s not added",
		    k->col[j].name);
		REQUIRE(strcmp(type, col_sqltype(k->col[j].type)) == 0,
		    "src_person.%s is %s", k->col[j].name, type);
	}
	assert_kind_tables(db);
	/* The row survives, its new columns NULL. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM src_person"), 1);
	ck_assert_int_eq(q_int(db, "SELECT first_name IS NULL AND national_id"
	    " IS NULL FROM src_person WHERE record_id = 'P1'"), 1);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(q_int(db, "PRAGMA application_id"),
	    STORE_APPLICATION_ID);
	/* The other tables were left as they were. */
	ck_assert(table_exists(db, "x"));
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A migration rolled back with the run leaves the old schema. */
START_TEST(test_store_migration_rolled_back)
{
	char *path = tmp_path("migrate-rb.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	raw_exec(db, "ALTER TABLE src_bank DROP COLUMN holder_name");
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE);
	ck_assert_ptr_nonnull(column_type(s->db, "src_bank", "holder_name",
	    NULL));
	store_close(s);
	db = raw_open(path);
	ck_assert_ptr_null(column_type(db, "src_bank", "holder_name", NULL));
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_store_migration_adds_kind_table)
{
	char *path = tmp_path("newkind.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	raw_exec(db, "DROP TABLE src_bankreturn");
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE);
	store_commit(s);
	store_close(s);
	db = raw_open(path);
	ck_assert(table_exists(db, "src_bankreturn"));
	assert_kind_tables(db);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A store of schema 1 gains the matcher's tables and keeps its rows. */
START_TEST(test_store_migration_v1_to_v2)
{
	char *path = tmp_path("v1.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	raw_exec(db, "BEGIN; DROP TABLE person; DROP TABLE person_nid;"
	    " DROP TABLE link; DROP TABLE person_event; DROP TABLE match_review;"
	    " DROP TABLE match_stat; DROP TABLE match_param;"
	    " DROP TABLE household; DROP TABLE member; DROP TABLE unattached;"
	    " DROP TABLE rule_file; DROP TABLE explain_column;"
	    " DROP TABLE assessment; DROP TABLE assessment_log;"
	    " DROP TABLE entitlement; DROP TABLE sanction_decision;"
	    " DROP TABLE referral;"
	    " DROP TABLE pay_batch; DROP TABLE payment; DROP TABLE journal;"
	    " DROP TABLE bank_return; DROP TABLE pay_hold; DROP TABLE flag;"
	    " INSERT INTO src_person (source, record_id, first_run, last_run)"
	    " VALUES ('muni', 'P1', 1, 1);"
	    " PRAGMA user_version = 1; COMMIT");
	ck_assert(!table_exists(db, "person"));
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE);
	store_commit(s);
	store_close(s);
	db = raw_open(path);
	ck_assert(table_exists(db, "person"));
	ck_assert(table_exists(db, "household"));
	ck_assert(table_exists(db, "unattached"));
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM src_person"), 1);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A store of schema 3 gains the employment link's tables and the withheld
 * part of each entitlement, and keeps its entitlements. */
START_TEST(test_store_migration_v3_to_v4)
{
	char *path = tmp_path("v3.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	raw_exec(db, "BEGIN; DROP TABLE sanction_decision; DROP TABLE referral;"
	    " DROP TABLE pay_batch; DROP TABLE payment; DROP TABLE journal;"
	    " DROP TABLE bank_return; DROP TABLE pay_hold; DROP TABLE flag;"
	    " DROP INDEX entitlement_unsettled;"
	    " ALTER TABLE entitlement DROP COLUMN paid;"
	    " ALTER TABLE entitlement DROP COLUMN returned;"
	    " ALTER TABLE entitlement DROP COLUMN withheld;"
	    " ALTER TABLE entitlement DROP COLUMN withheld_by;"
	    " INSERT INTO run (run_id, program, version, argv, as_of)"
	    " VALUES (1, 'isas-score', '0', '[]', '2026-11-23');"
	    " INSERT INTO entitlement VALUES ('H1', 'regular', '', '2026-11',"
	    " 175000, 'open', 1);"
	    " PRAGMA user_version = 3; COMMIT");
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE);
	store_commit(s);
	store_close(s);
	db = raw_open(path);
	ck_assert(table_exists(db, "sanction_decision"));
	ck_assert(table_exists(db, "referral"));
	ck_assert_int_eq(q_int(db, "SELECT amount - withheld FROM entitlement"
	    " WHERE household_id = 'H1' AND withheld_by IS NULL"), 175000);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A store of schema 4 gains the payment tables and, on each entitlement,
 * what has been paid of it; its entitlements are all unsettled. */
START_TEST(test_store_migration_v4_to_v5)
{
	char *path = tmp_path("v4.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	raw_exec(db, "BEGIN;"
	    " DROP TABLE pay_batch; DROP TABLE payment; DROP TABLE journal;"
	    " DROP TABLE bank_return; DROP TABLE pay_hold; DROP TABLE flag;"
	    " DROP INDEX entitlement_unsettled;"
	    " ALTER TABLE entitlement DROP COLUMN paid;"
	    " ALTER TABLE entitlement DROP COLUMN returned;"
	    " INSERT INTO run (run_id, program, version, argv, as_of)"
	    " VALUES (1, 'isas-score', '0', '[]', '2026-11-23');"
	    " INSERT INTO entitlement VALUES ('H1', 'regular', '', '2026-11',"
	    " 175000, 'open', 1, 25000, NULL);"
	    " PRAGMA user_version = 4; COMMIT");
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE);
	store_commit(s);
	store_close(s);
	db = raw_open(path);
	ck_assert(table_exists(db, "payment"));
	ck_assert(table_exists(db, "journal"));
	ck_assert_int_eq(q_int(db, "SELECT amount - withheld - paid FROM"
	    " entitlement INDEXED BY entitlement_unsettled WHERE paid <> CASE"
	    " WHEN status = 'open' THEN amount - withheld ELSE 0 END"), 150000);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A store of schema 5 gains the audit list of isas-report, empty. */
START_TEST(test_store_migration_v5_to_v6)
{
	char *path = tmp_path("v5.db");
	struct store *s;
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	raw_exec(db, "BEGIN; DROP TABLE flag; PRAGMA user_version = 5; COMMIT");
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE);
	store_commit(s);
	store_close(s);
	db = raw_open(path);
	ck_assert(table_exists(db, "flag"));
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM flag"), 0);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* The refusals print a message that says what is wrong. */
START_TEST(test_store_refusal_messages)
{
	char *path, *msg;
	sqlite3 *db;

	path = tmp_path("text.db");
	write_bytes(path, "name,age\nAyse,34\nthis is not a database at all\n",
	    48);
	ck_assert_int_eq(run_child(open_write, path, &msg), 2);
	ck_assert_msg(strstr(msg, "check_store: ") == msg, "%s", msg);
	ck_assert_msg(strstr(msg, path) != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "not an ISAS store") != NULL, "%s", msg);
	free(msg);
	ck_assert_int_eq(run_child(open_read, path, &msg), 2);
	ck_assert_msg(strstr(msg, path) != NULL, "%s", msg);
	free(msg);
	free(path);

	path = tmp_path("newer.db");
	make_store(path);
	db = raw_open(path);
	{
		char sql[64];

		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		    STORE_SCHEMA_VERSION + 1);
		raw_exec(db, sql);
	}
	sqlite3_close(db);
	ck_assert_int_eq(run_child(open_write, path, &msg), 2);
	ck_assert_msg(strstr(msg, "newer") != NULL, "%s", msg);
	free(msg);
	ck_assert_int_eq(run_child(open_read, path, &msg), 2);
	ck_assert_msg(strstr(msg, "newer") != NULL, "%s", msg);
	free(msg);
	free(path);

	path = tmp_path("foreign.db");
	db = NULL;
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	raw_exec(db, "CREATE TABLE t (x); PRAGMA application_id = 305419896");
	sqlite3_close(db);
	ck_assert_int_eq(run_child(open_write, path, &msg), 2);
	ck_assert_msg(strstr(msg, "not an ISAS store") != NULL, "%s", msg);
	free(msg);
	free(path);

	path = tmp_path("missing.db");
	ck_assert_int_eq(run_child(open_read, path, &msg), 2);
	ck_assert_msg(strstr(msg, "cannot open store") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, strerror(ENOENT)) != NULL, "%s", msg);
	free(msg);
	/* Reading never creates. */
	ck_assert_int_eq(access(path, F_OK), -1);
	free(path);

	path = tmp_path("nodir/x.db");
	ck_assert_int_eq(run_child(open_write, path, &msg), 2);
	ck_assert_msg(strstr(msg, "cannot create store") != NULL, "%s", msg);
	free(msg);
	free(path);

	path = tmp_path("locked.db");
	make_store(path);
	setenv("ISAS_LOCK_WAIT", "0", 1);
	ck_assert_int_eq(run_child(open_write_twice, path, &msg), 2);
	ck_assert_msg(strstr(msg, "locked by another program") != NULL, "%s",
	    msg);
	free(msg);
	unsetenv("ISAS_LOCK_WAIT");
	free(path);
}
END_TEST

/* ISAS_LOCK_WAIT is how long, in seconds, a writer waits for the lock. */
START_TEST(test_store_lock_wait_seconds)
{
	char *path = tmp_path("wait.db"), *msg;
	struct timeval t0, t1;
	double secs;

	make_store(path);
	setenv("ISAS_LOCK_WAIT", "1", 1);
	gettimeofday(&t0, NULL);
	ck_assert_int_eq(run_child(open_write_twice, path, &msg), 2);
	gettimeofday(&t1, NULL);
	unsetenv("ISAS_LOCK_WAIT");
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_usec - t0.tv_usec) / 1e6;
	ck_assert_msg(secs >= 0.9 && secs < 8, "waited %.2f s", secs);
	ck_assert_msg(strstr(msg, "locked") != NULL, "%s", msg);
	free(msg);
	free(path);
}
END_TEST

/*
 * Exit tests: each dies with status 2 in store_open or a later call.
 * Their messages are checked by test_store_refusal_messages; here they
 * would only clutter the output, so stderr goes to /dev/null.
 */
static void
quiet(void)
{
	int fd = open("/dev/null", O_WRONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, 2), 2);
	close(fd);
}

START_TEST(test_store_not_sqlite_dies)
{
	char *path = tmp_path("text.db");

	write_bytes(path, "SQLite format 2\0 but not really a database, just"
	    " some text that goes on for a while", 84);
	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

START_TEST(test_store_not_sqlite_read_dies)
{
	char *path = tmp_path("text-ro.db");
	char junk[4096];

	memset(junk, 'x', sizeof junk);
	write_bytes(path, junk, sizeof junk);
	quiet();
	store_open(path, STORE_READ);
}
END_TEST

START_TEST(test_store_newer_schema_dies)
{
	char *path = tmp_path("newer.db");
	char sql[64];
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    STORE_SCHEMA_VERSION + 1);
	raw_exec(db, sql);
	sqlite3_close(db);
	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

START_TEST(test_store_newer_schema_read_dies)
{
	char *path = tmp_path("newer-ro.db");
	char sql[64];
	sqlite3 *db;

	make_store(path);
	db = raw_open(path);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    STORE_SCHEMA_VERSION + 1);
	raw_exec(db, sql);
	sqlite3_close(db);
	quiet();
	store_open(path, STORE_READ);
}
END_TEST

START_TEST(test_store_foreign_app_dies)
{
	char *path = tmp_path("foreign.db");
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	raw_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
	    "PRAGMA application_id = 305419896");
	sqlite3_close(db);
	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

/* Another program's database without an application id at all. */
START_TEST(test_store_plain_sqlite_dies)
{
	char *path = tmp_path("plain.db");
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	raw_exec(db, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name)");
	sqlite3_close(db);
	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

START_TEST(test_store_read_missing_dies)
{
	char *path = tmp_path("missing.db");

	quiet();
	store_open(path, STORE_READ);
}
END_TEST

/* An SQLite file that was never made a store cannot be read as one. */
START_TEST(test_store_read_not_isas_dies)
{
	char *path = tmp_path("empty-sqlite.db");
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	raw_exec(db, "CREATE TABLE t (x)");
	sqlite3_close(db);
	quiet();
	store_open(path, STORE_READ);
}
END_TEST

START_TEST(test_store_missing_dir_dies)
{
	char *path = tmp_path("nodir/store.db");

	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

START_TEST(test_store_locked_dies)
{
	char *path = tmp_path("locked.db");
	struct store *a;

	make_store(path);
	setenv("ISAS_LOCK_WAIT", "0", 1);
	a = store_open(path, STORE_WRITE);
	ck_assert_int_eq(a->in_txn, 1);
	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

/* The same while the first writer is still creating the store. */
START_TEST(test_store_locked_new_dies)
{
	char *path = tmp_path("locked-new.db");

	setenv("ISAS_LOCK_WAIT", "0", 1);
	store_open(path, STORE_WRITE);
	quiet();
	store_open(path, STORE_WRITE);
}
END_TEST

START_TEST(test_store_read_write_statement_dies)
{
	/* static: still reachable when the store code exits */
	static char *volatile path;
	struct store *s;

	path = tmp_path("ro-exec.db");
	make_store(path);
	s = store_open(path, STORE_READ);
	quiet();
	store_exec(s, "INSERT INTO run (program, version, argv)"
	    " VALUES ('x', 'y', '[]')");
}
END_TEST

START_TEST(test_store_bad_role_dies)
{
	/* static: still reachable when the store code exits */
	static char *volatile path;
	struct store *s;

	path = tmp_path("role.db");
	s = store_open(path, STORE_WRITE);
	store_run_begin(s, "isas-x", 0, NULL, NULL);
	quiet();
	store_run_file(s, "sideways", "f", "h", 1, 1);
}
END_TEST

START_TEST(test_store_prepare_bad_sql_dies)
{
	/* static: still reachable when the store code exits */
	static char *volatile path;
	struct store *s;

	path = tmp_path("badsql.db");
	s = store_open(path, STORE_WRITE);
	quiet();
	store_prepare(s, "SELECT nosuch FROM nowhere");
}
END_TEST

static Suite *
store_suite(int forking)
{
	Suite *s;
	TCase *tc;

	unsetenv("ISAS_LOCK_WAIT");
	s = suite_create("store");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_store_create_mode_0600);
	tcase_add_test(tc, test_store_header_pragmas);
	tcase_add_test(tc, test_store_tables_and_columns);
	tcase_add_test(tc, test_store_run_begin_argv_json);
	tcase_add_test(tc, test_store_run_begin_no_argv_no_as_of);
	tcase_add_test(tc, test_store_run_file_end_commit);
	tcase_add_test(tc, test_store_run_file_seq_per_run);
	tcase_add_test(tc, test_store_close_without_commit_leaves_nothing);
	tcase_add_test(tc, test_store_new_store_rolled_back);
	tcase_add_test(tc, test_store_run_ids_increase);
	tcase_add_test(tc, test_store_read_mode_reads);
	tcase_add_test(tc, test_store_read_mode_refuses_writes);
	tcase_add_test(tc, test_store_read_while_writing);
	tcase_add_test(tc, test_store_lock_released_by_commit);
	tcase_add_test(tc, test_store_migration_adds_column);
	tcase_add_test(tc, test_store_migration_rolled_back);
	tcase_add_test(tc, test_store_migration_adds_kind_table);
	tcase_add_test(tc, test_store_migration_v1_to_v2);
	tcase_add_test(tc, test_store_migration_v3_to_v4);
	tcase_add_test(tc, test_store_migration_v4_to_v5);
	tcase_add_test(tc, test_store_migration_v5_to_v6);
	if (forking) {
		tcase_add_test(tc, test_store_refusal_messages);
		tcase_add_test(tc, test_store_lock_wait_seconds);
		tcase_add_exit_test(tc, test_store_not_sqlite_dies, 2);
		tcase_add_exit_test(tc, test_store_not_sqlite_read_dies, 2);
		tcase_add_exit_test(tc, test_store_newer_schema_dies, 2);
		tcase_add_exit_test(tc, test_store_newer_schema_read_dies, 2);
		tcase_add_exit_test(tc, test_store_foreign_app_dies, 2);
		tcase_add_exit_test(tc, test_store_plain_sqlite_dies, 2);
		tcase_add_exit_test(tc, test_store_read_missing_dies, 2);
		tcase_add_exit_test(tc, test_store_read_not_isas_dies, 2);
		tcase_add_exit_test(tc, test_store_missing_dir_dies, 2);
		tcase_add_exit_test(tc, test_store_locked_dies, 2);
		tcase_add_exit_test(tc, test_store_locked_new_dies, 2);
		tcase_add_exit_test(tc, test_store_read_write_statement_dies, 2);
		tcase_add_exit_test(tc, test_store_bad_role_dies, 2);
		tcase_add_exit_test(tc, test_store_prepare_bad_sql_dies, 2);
	}
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_store", store_suite);
}
