/*
 * check_tsv.c - unit tests of lib/tsv.c: the header and rows, escapes
 * that round-trip through input_open(), whole numbers and money, the row
 * count, the SHA-256 and byte count against the file written, the file
 * mode, stdout, and write errors (/dev/full, a closed descriptor).
 *
 * Each test writes into a directory that main() makes under /tmp and
 * removes at the end.
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
#include <unistd.h>

#include "err.h"
#include "input.h"
#include "sha256.h"
#include "tsv.h"
#include "check_common.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

/* Silent until it fails, for loops (see check_value.c). */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

/* tsv.c's buffer: writes beyond it go to the file before tsv_close. */
#define TSV_BUFSIZE (256 * 1024)

/* Closes t, checks its SHA-256 and byte count against the file. */
static uint64_t
close_and_verify(struct tsv *t, const char *path)
{
	char hex[65], want[65];
	uint64_t bytes = 0, rows = 0, fbytes = 0;

	memset(hex, 'x', sizeof hex);
	ck_assert_int_eq(tsv_close(t, hex, &bytes, &rows), 0);
	ck_assert_int_eq(sha256_file(path, want, &fbytes), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(bytes, fbytes);
	return rows;
}

START_TEST(test_tsv_header_and_rows)
{
	static const char *const cols[] = { "name", "count", "amount", NULL };
	static const char want[] =
	    "name\tcount\tamount\n"
	    "alpha\t1\t12.50\n"
	    "\t-7\t-0.05\n"
	    "g\xc3\xbc" "ne\xc5\x9f\t0\t0.00\n";
	char *path = tmp_path("rows.tsv"), *got;
	struct tsv *t = tsv_open(path);
	size_t len;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_str(t, "alpha");
	tsv_int(t, 1);
	tsv_money(t, 1250);
	tsv_end(t);
	tsv_str(t, NULL);
	tsv_int(t, -7);
	tsv_money(t, -5);
	tsv_end(t);
	tsv_str(t, "g\xc3\xbc" "ne\xc5\x9f");	/* güneş */
	tsv_int(t, 0);
	tsv_money(t, 0);
	tsv_end(t);
	ck_assert_uint_eq(close_and_verify(t, path), 3);
	got = slurp(path, &len);
	ck_assert_uint_eq(len, sizeof want - 1);
	ck_assert_str_eq(got, want);
	free(got);
	free(path);
}
END_TEST

START_TEST(test_tsv_header_only)
{
	static const char *const cols[] = { "a", "b", NULL };
	static const char *const none[] = { NULL };
	char *path = tmp_path("hdr.tsv"), *got;
	struct tsv *t = tsv_open(path);
	size_t len;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	ck_assert_uint_eq(close_and_verify(t, path), 0);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "a\tb\n");
	free(got);
	/* Nothing at all: an empty file, 0 bytes, the empty SHA-256. */
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(close_and_verify(t, path), 0);
	got = slurp(path, &len);
	ck_assert_uint_eq(len, 0);
	free(got);
	/* An empty header list is an empty line. */
	t = tsv_open(path);
	tsv_header(t, none);
	ck_assert_uint_eq(close_and_verify(t, path), 0);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "\n");
	free(got);
	free(path);
}
END_TEST

START_TEST(test_tsv_escapes_exact)
{
	static const char *const cols[] = { "v", NULL };
	char *path = tmp_path("esc.tsv"), *got;
	struct tsv *t = tsv_open(path);
	size_t len;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_str(t, "a\tb");
	tsv_end(t);
	tsv_str(t, "line1\nline2\r\n");
	tsv_end(t);
	tsv_str(t, "C:\\dir\\");
	tsv_end(t);
	tsv_str(t, "\\t is not a tab");
	tsv_end(t);
	/* tsv_field takes len bytes, not up to a NUL. */
	tsv_field(t, "abcdef", 3);
	tsv_end(t);
	tsv_field(t, "\t\t", 1);
	tsv_end(t);
	ck_assert_uint_eq(close_and_verify(t, path), 6);
	got = slurp(path, &len);
	ck_assert_str_eq(got,
	    "v\n"
	    "a\\tb\n"
	    "line1\\nline2\\r\\n\n"
	    "C:\\\\dir\\\\\n"
	    "\\\\t is not a tab\n"
	    "abc\n"
	    "\\t\n");
	free(got);
	free(path);
}
END_TEST

/* The rows written by test_tsv_escape_round_trip. */
#define NCOL 4

static char *
big_field(size_t n)
{
	static const char pat[] = "ab\tc\\d\ne\rf \xc3\xa7";	/* ç */
	char *s = malloc(n + 1);
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		s[i] = pat[i % (sizeof pat - 1)];
	/* Do not cut the two bytes of ç apart at the end. */
	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0xc0)
		s[--n] = 'z';
	s[n] = '\0';
	return s;
}

START_TEST(test_tsv_escape_round_trip)
{
	static const char *const cols[NCOL + 1] = {
		"id", "with\ttab", "back\\slash", "plain", NULL
	};
	char *big = big_field(100 * 1024);
	const char *rows[][NCOL] = {
		{ "1", "a\tb", "c\nd", "e\rf" },
		{ "2", "\\", "\\\\", "\\t\\n\\r" },
		{ "3", "", "", "" },
		{ "4", "\t", "\n", "\r" },
		{ "5", "\r\n", "\\\n", "trailing\\" },
		{ "6", "\t\t\t", " lead and trail ", "\xc4\xb0stanbul \xc5\x9f" },
		{ "7", big, "", big },
		{ "\"quoted\"", "\"", "a,b;c", "'single' \"double" },
		{ "", "", "", "last" },
	};
	size_t nrow = sizeof rows / sizeof rows[0], i, j;
	struct input_options o = { .format = INPUT_TSV };
	const struct input_record *r;
	char *path = tmp_path("round.tsv");
	struct tsv *t = tsv_open(path);
	struct input *in;
	char hex[65], ihex[65];
	uint64_t bytes, nrows;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	for (i = 0; i < nrow; i++) {
		for (j = 0; j < NCOL; j++)
			tsv_str(t, rows[i][j]);
		tsv_end(t);
	}
	ck_assert_int_eq(tsv_close(t, hex, &bytes, &nrows), 0);
	ck_assert_uint_eq(nrows, nrow);
	ck_assert_uint_gt(bytes, 200 * 1024);

	in = input_open(path, &o);
	ck_assert_ptr_nonnull(in);
	r = input_header(in);
	ck_assert_uint_eq(r->nfield, NCOL);
	for (j = 0; j < NCOL; j++)
		ck_assert_str_eq(r->field[j], cols[j]);
	for (i = 0; i < nrow; i++) {
		r = input_next(in);
		ck_assert_msg(r != NULL, "row %zu missing", i);
		ck_assert_int_eq(r->problem, INPUT_REC_OK);
		ck_assert_uint_eq(r->recno, i + 2);
		ck_assert_uint_eq(r->line, i + 2);
		ck_assert_uint_eq(r->nfield, NCOL);
		for (j = 0; j < NCOL; j++) {
			ck_assert_msg(r->len[j] == strlen(rows[i][j]),
			    "row %zu field %zu: %zu bytes, want %zu", i, j,
			    r->len[j], strlen(rows[i][j]));
			ck_assert_msg(memcmp(r->field[j], rows[i][j],
			    r->len[j]) == 0, "row %zu field %zu differs", i, j);
		}
	}
	ck_assert_ptr_null(input_next(in));
	ck_assert_int_eq(input_failed(in), 0);
	/* The reader saw the very bytes the writer counted. */
	ck_assert_uint_eq(input_bytes(in), bytes);
	input_sha256(in, ihex);
	ck_assert_str_eq(ihex, hex);
	input_free(in);
	free(big);
	free(path);
}
END_TEST

/* Every byte from 1 to 127 in one field, through the reader. */
START_TEST(test_tsv_escape_round_trip_ascii)
{
	static const char *const cols[] = { "all", "after", NULL };
	struct input_options o = { .format = INPUT_TSV };
	const struct input_record *r;
	char *path = tmp_path("ascii.tsv");
	struct tsv *t = tsv_open(path);
	struct input *in;
	char all[127];
	size_t i;

	for (i = 0; i < sizeof all; i++)
		all[i] = (char)(i + 1);
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_field(t, all, sizeof all);
	tsv_str(t, "x");
	tsv_end(t);
	ck_assert_uint_eq(close_and_verify(t, path), 1);
	in = input_open(path, &o);
	ck_assert_ptr_nonnull(in);
	r = input_next(in);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->problem, INPUT_REC_OK);
	ck_assert_uint_eq(r->nfield, 2);
	ck_assert_uint_eq(r->len[0], sizeof all);
	ck_assert_int_eq(memcmp(r->field[0], all, sizeof all), 0);
	ck_assert_str_eq(r->field[1], "x");
	ck_assert_ptr_null(input_next(in));
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);
	free(path);
}
END_TEST

START_TEST(test_tsv_int_limits)
{
	static const char *const cols[] = { "n", NULL };
	static const int64_t v[] = {
		0, 1, -1, 9, 10, -10, 1234567890, INT64_MAX, INT64_MIN,
		INT64_MIN + 1, INT64_MAX - 1
	};
	char *path = tmp_path("int.tsv"), *got;
	struct tsv *t = tsv_open(path);
	size_t i, len;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		tsv_int(t, v[i]);
		tsv_end(t);
	}
	/* Several numbers in a row are separated like any field. */
	tsv_int(t, 1);
	tsv_int(t, -2);
	tsv_str(t, "x");
	tsv_int(t, 3);
	tsv_end(t);
	ck_assert_uint_eq(close_and_verify(t, path), 12);
	got = slurp(path, &len);
	ck_assert_str_eq(got,
	    "n\n0\n1\n-1\n9\n10\n-10\n1234567890\n"
	    "9223372036854775807\n-9223372036854775808\n"
	    "-9223372036854775807\n9223372036854775806\n"
	    "1\t-2\tx\t3\n");
	free(got);
	free(path);
}
END_TEST

START_TEST(test_tsv_money)
{
	static const char *const cols[] = { "m", NULL };
	char *path = tmp_path("money.tsv"), *got;
	struct tsv *t = tsv_open(path);
	size_t len;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_money(t, 123450);
	tsv_end(t);
	tsv_money(t, -5);
	tsv_end(t);
	tsv_money(t, 0);
	tsv_end(t);
	tsv_money(t, 5);
	tsv_end(t);
	tsv_money(t, 100);
	tsv_end(t);
	tsv_money(t, -123456789);
	tsv_end(t);
	tsv_money(t, INT64_MAX);
	tsv_end(t);
	tsv_money(t, INT64_MIN);
	tsv_end(t);
	tsv_str(t, "a");
	tsv_money(t, 99);
	tsv_end(t);
	ck_assert_uint_eq(close_and_verify(t, path), 9);
	got = slurp(path, &len);
	ck_assert_str_eq(got,
	    "m\n1234.50\n-0.05\n0.00\n0.05\n1.00\n-1234567.89\n"
	    "92233720368547758.07\n-92233720368547758.08\na\t0.99\n");
	free(got);
	free(path);
}
END_TEST

START_TEST(test_tsv_row_count_and_hash_large)
{
	static const char *const cols[] = { "i", "text", NULL };
	char *path = tmp_path("large.tsv"), hex[65], want[65];
	struct tsv *t = tsv_open(path);
	uint64_t bytes, rows, fbytes;
	size_t i, n = 100000;
	struct stat st;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	for (i = 0; i < n; i++) {
		tsv_int(t, (int64_t)i);
		tsv_str(t, "some text\twith a tab and a \\");
		tsv_end(t);
	}
	ck_assert_int_eq(tsv_close(t, hex, &bytes, &rows), 0);
	ck_assert_uint_eq(rows, n);
	ck_assert_uint_gt(bytes, 4 * TSV_BUFSIZE);
	ck_assert_int_eq(sha256_file(path, want, &fbytes), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(bytes, fbytes);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq((uint64_t)st.st_size, bytes);
	free(path);
}
END_TEST

/* A field longer than the buffer is written past it, in order. */
START_TEST(test_tsv_field_larger_than_buffer)
{
	static const char *const cols[] = { "a", "b", NULL };
	size_t n = 3 * TSV_BUFSIZE + 11, len, i;
	char *path = tmp_path("huge.tsv"), *big = malloc(n), *got;
	struct tsv *t = tsv_open(path);

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_str(t, "before");
	tsv_field(t, big, n);
	tsv_end(t);
	tsv_raw(t, big, n);
	tsv_raw(t, "\n", 1);
	ck_assert_uint_eq(close_and_verify(t, path), 1);
	got = slurp(path, &len);
	ck_assert_uint_eq(len, 4 + 7 + n + 1 + n + 1);
	ck_assert_int_eq(memcmp(got, "a\tb\nbefore\t", 11), 0);
	ck_assert_int_eq(memcmp(got + 11, big, n), 0);
	ck_assert_int_eq(got[11 + n], '\n');
	ck_assert_int_eq(memcmp(got + 12 + n, big, n), 0);
	ck_assert_int_eq(got[len - 1], '\n');
	free(got);
	free(big);
	free(path);
}
END_TEST

START_TEST(test_tsv_raw_unescaped)
{
	static const char *const cols[] = { "a", NULL };
	char *path = tmp_path("raw.tsv"), *got;
	struct tsv *t = tsv_open(path);
	size_t len;

	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_raw(t, S("x\ty\\z\n"));
	ck_assert_uint_eq(close_and_verify(t, path), 0);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "a\nx\ty\\z\n");
	free(got);
	free(path);
}
END_TEST

START_TEST(test_tsv_mode_0600_and_truncate)
{
	static const char *const cols[] = { "a", NULL };
	char *path = tmp_path("mode.tsv"), *got;
	struct tsv *t;
	struct stat st;
	size_t len;
	int fd;

	umask(022);
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert(S_ISREG(st.st_mode));
	/* An existing, longer file is truncated. */
	ck_assert_int_eq(unlink(path), 0);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, S("old contents, longer than the new\n")),
	    34);
	close(fd);
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	ck_assert_uint_eq(close_and_verify(t, path), 0);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "a\n");
	free(got);
	free(path);
}
END_TEST

START_TEST(test_tsv_open_fails)
{
	char *path = tmp_path("nodir/x.tsv"), *msg;
	struct tsv *t;

	capture_begin();
	t = tsv_open(path);
	msg = capture_end();
	ck_assert_ptr_null(t);
	ck_assert_msg(strstr(msg, "check_tsv: ") == msg, "message: %s", msg);
	ck_assert_msg(strstr(msg, path) != NULL, "message: %s", msg);
	ck_assert_msg(strstr(msg, "cannot create") != NULL, "message: %s", msg);
	ck_assert_msg(strstr(msg, strerror(ENOENT)) != NULL, "message: %s",
	    msg);
	free(msg);
	free(path);
}
END_TEST

START_TEST(test_tsv_dev_full_large)
{
	static const char *const cols[] = { "a", NULL };
	char line[1024], *msg, hex[65];
	uint64_t bytes = 0, rows = 0, total = 0;
	struct tsv *t;
	int rc;

	memset(line, 'x', sizeof line);
	t = tsv_open("/dev/full");
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	while (total < TSV_BUFSIZE + 64 * 1024) {
		tsv_field(t, line, sizeof line);
		tsv_end(t);
		total += sizeof line + 1;
	}
	capture_begin();
	rc = tsv_close(t, hex, &bytes, &rows);
	msg = capture_end();
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(msg, "check_tsv: /dev/full: write error: ") == msg,
	    "message: %s", msg);
	ck_assert_msg(strstr(msg, strerror(ENOSPC)) != NULL, "message: %s", msg);
	/* One message, one line. */
	ck_assert_ptr_eq(strchr(msg, '\n'), msg + strlen(msg) - 1);
	ck_assert_uint_gt(rows, 256);
	free(msg);
}
END_TEST

/* A small output fails only when tsv_close flushes: it is still seen. */
START_TEST(test_tsv_dev_full_small)
{
	static const char *const cols[] = { "a", NULL };
	struct tsv *t;
	char *msg;
	int rc;

	t = tsv_open("/dev/full");
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_str(t, "one row");
	tsv_end(t);
	capture_begin();
	rc = tsv_close(t, NULL, NULL, NULL);
	msg = capture_end();
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(msg, "write error") != NULL, "message: %s", msg);
	free(msg);
}
END_TEST

/* A field larger than the buffer takes the direct path: same error. */
START_TEST(test_tsv_dev_full_big_field)
{
	static const char *const cols[] = { "a", NULL };
	size_t n = 2 * TSV_BUFSIZE;
	char *big = malloc(n), *msg;
	struct tsv *t;
	int rc;

	ck_assert_ptr_nonnull(big);
	memset(big, 'y', n);
	t = tsv_open("/dev/full");
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_field(t, big, n);
	tsv_end(t);
	capture_begin();
	rc = tsv_close(t, NULL, NULL, NULL);
	msg = capture_end();
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(msg, "write error") != NULL, "message: %s", msg);
	free(msg);
	free(big);
}
END_TEST

START_TEST(test_tsv_fdopen_closed_fd)
{
	static const char *const cols[] = { "a", NULL };
	char *path = tmp_path("closed"), *msg;
	struct tsv *t;
	int fd, rc;

	capture_begin();
	/* A descriptor that was open once and is closed now. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(close(fd), 0);
	t = tsv_fdopen(fd, "closed-out");
	ck_assert_ptr_nonnull(t);
	tsv_header(t, cols);
	tsv_str(t, "lost");
	tsv_end(t);
	rc = tsv_close(t, NULL, NULL, NULL);
	/* With nothing written, the failing close(2) alone is an error. */
	t = tsv_fdopen(fd, "closed-empty");
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), -1);
	msg = capture_end();
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(msg, "closed-out: write error: ") != NULL,
	    "message: %s", msg);
	ck_assert_msg(strstr(msg, strerror(EBADF)) != NULL, "message: %s", msg);
	ck_assert_msg(strstr(msg, "closed-empty: write error: ") != NULL,
	    "message: %s", msg);
	free(msg);
	free(path);
}
END_TEST

/* "-" is standard output, which tsv_close leaves open. */
START_TEST(test_tsv_stdout_left_open)
{
	static const char *const cols[] = { "out", NULL };
	char *path = tmp_path("stdout"), *got;
	struct tsv *t;
	int fd, saved;
	size_t len;

	fflush(stdout);
	saved = dup(1);
	ck_assert_int_ge(saved, 0);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, 1), 1);
	close(fd);
	t = tsv_open("-");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "-");
	tsv_header(t, cols);
	tsv_str(t, "first");
	tsv_end(t);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	/* Still open: a second writer on fd 1 appends. */
	ck_assert_int_ne(fcntl(1, F_GETFD), -1);
	t = tsv_fdopen(1, "-");
	tsv_str(t, "second");
	tsv_end(t);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	ck_assert_int_ne(fcntl(1, F_GETFD), -1);
	dup2(saved, 1);
	close(saved);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "out\nfirst\nsecond\n");
	free(got);
	free(path);
}
END_TEST

/* Any other descriptor is closed by tsv_close. */
START_TEST(test_tsv_fdopen_closes_fd)
{
	static const char *const cols[] = { "a", NULL };
	char *path = tmp_path("fd.tsv"), *got;
	struct tsv *t;
	size_t len;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 3);
	t = tsv_fdopen(fd, path);
	tsv_header(t, cols);
	tsv_str(t, "v");
	tsv_end(t);
	ck_assert_uint_eq(close_and_verify(t, path), 1);
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	ck_assert_int_eq(errno, EBADF);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "a\nv\n");
	free(got);
	free(path);
}
END_TEST

/* The out-parameters of tsv_close may each be NULL. */
START_TEST(test_tsv_close_null_outputs)
{
	static const char *const cols[] = { "a", NULL };
	char *path = tmp_path("null.tsv"), hex[65];
	uint64_t rows = 99;
	struct tsv *t;

	t = tsv_open(path);
	tsv_header(t, cols);
	tsv_str(t, "1");
	tsv_end(t);
	tsv_str(t, "2");
	tsv_end(t);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, &rows), 0);
	ck_assert_uint_eq(rows, 2);
	t = tsv_open(path);
	tsv_header(t, cols);
	ck_assert_int_eq(tsv_close(t, hex, NULL, NULL), 0);
	ck_assert_uint_eq(strlen(hex), 64);
	ck_assert_uint_eq(strspn(hex, "0123456789abcdef"), 64);
	free(path);
}
END_TEST

static Suite *
tsv_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("tsv");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tsv_header_and_rows);
	tcase_add_test(tc, test_tsv_header_only);
	tcase_add_test(tc, test_tsv_escapes_exact);
	tcase_add_test(tc, test_tsv_escape_round_trip);
	tcase_add_test(tc, test_tsv_escape_round_trip_ascii);
	tcase_add_test(tc, test_tsv_int_limits);
	tcase_add_test(tc, test_tsv_money);
	tcase_add_test(tc, test_tsv_row_count_and_hash_large);
	tcase_add_test(tc, test_tsv_field_larger_than_buffer);
	tcase_add_test(tc, test_tsv_raw_unescaped);
	tcase_add_test(tc, test_tsv_mode_0600_and_truncate);
	tcase_add_test(tc, test_tsv_open_fails);
	tcase_add_test(tc, test_tsv_dev_full_large);
	tcase_add_test(tc, test_tsv_dev_full_small);
	tcase_add_test(tc, test_tsv_dev_full_big_field);
	tcase_add_test(tc, test_tsv_fdopen_closed_fd);
	tcase_add_test(tc, test_tsv_stdout_left_open);
	tcase_add_test(tc, test_tsv_fdopen_closes_fd);
	tcase_add_test(tc, test_tsv_close_null_outputs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_tsv", tsv_suite);
}
