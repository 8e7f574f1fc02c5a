/*
 * check_common.h - what every Check test program shares: a scratch folder
 * removed at the end, reading and writing a file whole, one value from a
 * query, capturing stderr, and the running of the suite.  Each test program is
 * one .c file that includes this header once.
 */
#ifndef ISAS_CHECK_COMMON_H
#define ISAS_CHECK_COMMON_H

#include <dirent.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>

#include "err.h"

/* The scratch folder of the program, made by check_main(). */
static char tmpdir[64];

/* A new path in tmpdir (the file not made); the caller frees it. */
static inline char *
tmp_path(const char *name)
{
	static unsigned seq;
	char *path = malloc(strlen(tmpdir) + strlen(name) + 32);

	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/%u-%ld-%s", tmpdir, seq++, (long)getpid(), name);
	return path;
}

/*
 * Reads the whole file at path; the caller frees the bytes (NUL-terminated
 * after them).  *len, when len is not NULL, gets their number.
 */
static inline char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *p;
	FILE *f;

	ck_assert_int_eq(stat(path, &st), 0);
	p = malloc((size_t)st.st_size + 1);
	ck_assert_ptr_nonnull(p);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(p, 1, (size_t)st.st_size, f),
	    (size_t)st.st_size);
	fclose(f);
	p[st.st_size] = '\0';
	if (len)
		*len = (size_t)st.st_size;
	return p;
}

/* Writes len bytes of data to path, made or truncated. */
static inline void
write_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Writes the string text to path, made or truncated. */
static inline void
write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text));
}

/* Runs SQL made by sqlite3_vmprintf (%Q quotes) on db; aborts the test
 * with SQLite's message when it fails. */
static inline void
sql_exec_v(sqlite3 *db, const char *fmt, va_list ap)
{
	char *q = sqlite3_vmprintf(fmt, ap), *msg = NULL;

	ck_assert_ptr_nonnull(q);
	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
		ck_abort_msg("%s: %s", q, msg);
	sqlite3_free(q);
}

/* The integer in the first column of the first row of sql, which must
 * have one. */
static inline int64_t
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: no row", sql);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The text in the first column of the first row of sql, which must have
 * one; NULL is "<null>".  Valid until the next call. */
static inline const char *
q_text(sqlite3 *db, const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;
	const unsigned char *t;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: no row", sql);
	t = sqlite3_column_text(st, 0);
	snprintf(buf, sizeof buf, "%s", t ? (const char *)t : "<null>");
	sqlite3_finalize(st);
	return buf;
}

/* Stderr goes to a file between capture_begin and capture_end. */
static int saved_stderr = -1;
static char *capture_path;

static inline void
capture_begin(void)
{
	int fd;

	capture_path = tmp_path("stderr");
	fflush(stderr);
	saved_stderr = dup(2);
	ck_assert_int_ge(saved_stderr, 0);
	fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, 2), 2);
	close(fd);
}

/* Returns what was written to stderr; the caller frees it. */
static inline char *
capture_end(void)
{
	char *text;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	text = slurp(capture_path, NULL);
	unlink(capture_path);
	free(capture_path);
	capture_path = NULL;
	return text;
}

static inline void
check_remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/*
 * Makes the scratch folder, runs the suite that make_suite returns (it is
 * told whether tests run in forked processes, which exit tests need), and
 * returns the program's exit status: 0 when every test passed.
 */
static inline int
check_main(const char *name, Suite *(*make_suite)(int forking))
{
	SRunner *sr;
	int failed;

	err_init(name);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/%s.XXXXXX", name);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	sr = srunner_create(NULL);
	srunner_add_suite(sr, make_suite(srunner_fork_status(sr) != CK_NOFORK));
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	check_remove_tmpdir();
	return failed == 0 ? 0 : 1;
}

#endif
