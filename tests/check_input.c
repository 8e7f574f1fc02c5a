/*
 * check_input.c - unit tests of lib/input.c: CSV and TSV, gzip, byte order
 * mark, encodings, record limits, errors that stop reading, the header,
 * checksums, stdin and bounded memory.
 *
 * Each test writes its input to a file made by mkstemp in a directory
 * that main() makes under /tmp and removes at the end.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "err.h"
#include "input.h"
#include "sha256.h"
#include "check_common.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

/* Writes data to a new file in tmpdir; the caller frees the path. */
static char *
tmp_file(const void *data, size_t len)
{
	char *path = malloc(strlen(tmpdir) + 16);
	const char *p = data;
	ssize_t n;
	int fd;

	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/inXXXXXX", tmpdir);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	while (len > 0) {
		n = write(fd, p, len);
		ck_assert_int_gt(n, 0);
		p += n;
		len -= (size_t)n;
	}
	ck_assert_int_eq(close(fd), 0);
	return path;
}

/* Writes the gzip members to a new file, one member per string. */
static char *
tmp_gzip(const char *const *member, size_t nmember)
{
	char *path = tmp_file("", 0);
	size_t i;
	gzFile g;

	for (i = 0; i < nmember; i++) {
		g = gzopen(path, i == 0 ? "wb" : "ab");
		ck_assert_ptr_nonnull(g);
		ck_assert_int_eq(gzwrite(g, member[i], (unsigned)strlen(member[i])),
			(int)strlen(member[i]));
		ck_assert_int_eq(gzclose(g), Z_OK);
	}
	return path;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_size;
}

/*
 * Reads every record left and describes them one to a line:
 * "LINE:field|field" for a clean record, "LINE!problem" or
 * "LINE!problem@FIELD" for a flagged one.  The caller frees the text.
 */
static char *
read_all(struct input *in)
{
	const struct input_record *r;
	size_t cap = 256, len = 0, need, i;
	char *out = malloc(cap), num[64];
	uint64_t recno = 0;

	out[0] = '\0';
	while ((r = input_next(in)) != NULL) {
		if (recno == 0)
			recno = r->recno;
		else
			ck_assert_uint_eq(r->recno, ++recno);
		ck_assert_uint_gt(r->recno, 1);
		if (r->problem == INPUT_REC_OK) {
			snprintf(num, sizeof num, "%llu:",
				(unsigned long long)r->line);
		} else if (r->problem == INPUT_REC_NUL ||
			   r->problem == INPUT_REC_BADUTF8) {
			snprintf(num, sizeof num, "%llu!%s@%zu",
				(unsigned long long)r->line,
				input_problem_text(r->problem), r->problem_field);
		} else {
			ck_assert_uint_eq(r->nfield, 0);
			snprintf(num, sizeof num, "%llu!%s",
				(unsigned long long)r->line,
				input_problem_text(r->problem));
		}
		need = len + strlen(num) + 2;
		for (i = 0; r->problem == INPUT_REC_OK && i < r->nfield; i++) {
			ck_assert_uint_eq(strlen(r->field[i]), r->len[i]);
			need += r->len[i] + 1;
		}
		if (need > cap) {
			while (cap < need)
				cap *= 2;
			out = realloc(out, cap);
		}
		len += (size_t)sprintf(out + len, "%s", num);
		for (i = 0; r->problem == INPUT_REC_OK && i < r->nfield; i++) {
			if (i > 0)
				out[len++] = '|';
			memcpy(out + len, r->field[i], r->len[i]);
			len += r->len[i];
		}
		out[len++] = '\n';
		out[len] = '\0';
	}
	return out;
}

/* Opens a file holding data with options o; the path is freed here. */
static struct input *
open_data(const char *data, size_t len, const struct input_options *o)
{
	char *path = tmp_file(data, len);
	struct input *in = input_open(path, o);

	free(path);
	return in;
}

#define CHECK_ALL(in, want) do {					\
	char *got_ = read_all(in);					\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

START_TEST(test_input_plain_csv)
{
	struct input *in = open_data(S("id,name\n1,Ali\n2,Ay\xC5\x9F" "e\n"),
		NULL);
	const struct input_record *h;

	ck_assert_ptr_nonnull(in);
	h = input_header(in);
	ck_assert_uint_eq(h->nfield, 2);
	ck_assert_str_eq(h->field[0], "id");
	ck_assert_str_eq(h->field[1], "name");
	ck_assert_uint_eq(h->recno, 1);
	ck_assert_uint_eq(h->line, 1);
	ck_assert_int_eq(input_format_of(in), INPUT_CSV);
	ck_assert_int_eq(input_was_gzip(in), 0);
	CHECK_ALL(in, "2:1|Ali\n3:2|Ay\xC5\x9F" "e\n");
	ck_assert_ptr_null(input_next(in));
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);
}
END_TEST

START_TEST(test_input_csv_quoting_and_lines)
{
	struct input *in = open_data(S(
		"a,b,c\r\n"
		"1,\"x,y\",\"he said \"\"hi\"\"\"\r\n"
		"\r\n"
		"2,\"l1\r\nl2\r\nl3\",z\r\n"
		"3, p ,\"\"\r\n"
		"4,,\"\"\"\"\r\n"
		"5,\"\n\n\",last"), NULL);

	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in,
		"2:1|x,y|he said \"hi\"\n"
		"4:2|l1\r\nl2\r\nl3|z\n"
		"7:3| p |\n"
		"8:4||\"\n"
		"9:5|\n\n|last\n");
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);
}
END_TEST

/* Old Mac line ends: CR alone is a line end, and lines are counted. */
START_TEST(test_input_csv_bare_cr)
{
	struct input *in = open_data(S("a,b\r1,2\r3,4\r"), NULL);

	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2:1|2\n3:3|4\n");
	input_free(in);
	in = open_data(S("a,b\r1,\"x\ry\"\r\r3,4"), NULL);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2:1|x\ny\n5:3|4\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_semicolon_csv)
{
	struct input *in = open_data(S(
		"ad;soyad;\"tutar, TL\"\n"
		"Ali;Veli;\"1,5\"\n"
		"Can;\"a;b\";2,25\n"), NULL);

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_format_of(in), INPUT_CSV);
	ck_assert_uint_eq(input_header(in)->nfield, 3);
	ck_assert_str_eq(input_header(in)->field[2], "tutar, TL");
	CHECK_ALL(in, "2:Ali|Veli|1,5\n3:Can|a;b|2,25\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_tsv_escapes)
{
	struct input *in = open_data(S(
		"a\tb\tc\r\n"
		"x\\ty\tl1\\nl2\\r\tback\\\\slash \\q \\\n"
		"\n"
		"\r\n"
		"\"q\"\t\t\n"
		"last\tline"), NULL);

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_format_of(in), INPUT_TSV);
	ck_assert_str_eq(input_header(in)->field[2], "c");
	CHECK_ALL(in,
		"2:x\ty|l1\nl2\r|back\\slash \\q \\\n"
		"5:\"q\"||\n"
		"6:last|line\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_format_forced)
{
	struct input_options o = { .format = INPUT_TSV };
	struct input *in = open_data(S("a,b\n1,2\n"), &o);

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_format_of(in), INPUT_TSV);
	CHECK_ALL(in, "2:1,2\n");
	input_free(in);
	o.format = INPUT_CSV;
	in = open_data(S("a\tb\n1\t2\n"), &o);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_format_of(in), INPUT_CSV);
	CHECK_ALL(in, "2:1\t2\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_bom)
{
	struct input *in = open_data(S("\xEF\xBB\xBFid,ad\n7,\xC3\xA7\n"), NULL);

	ck_assert_ptr_nonnull(in);
	ck_assert_str_eq(input_header(in)->field[0], "id");
	ck_assert_int_eq(input_column(in, "id"), 0);
	CHECK_ALL(in, "2:7|\xC3\xA7\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_gzip_members)
{
	static const char *const m[] = {
		"\xEF\xBB\xBFid\tname\n1\tAli\n2\tVe",
		"li\n3\tCan\n"
	};
	char *path = tmp_gzip(m, 2);
	struct input *in = input_open(path, NULL);

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_was_gzip(in), 1);
	ck_assert_int_eq(input_format_of(in), INPUT_TSV);
	ck_assert_str_eq(input_header(in)->field[0], "id");
	CHECK_ALL(in, "2:1|Ali\n3:2|Veli\n4:3|Can\n");
	ck_assert_int_eq(input_failed(in), 0);
	ck_assert_uint_eq(input_bytes(in), (uint64_t)file_size(path));
	input_free(in);
	unlink(path);
	free(path);
}
END_TEST

/* Lines that compress badly, so that cutting the file loses few of them. */
static char *
noisy_lines(size_t nline)
{
	char *s = malloc(nline * 40 + 32), *o = s;
	uint64_t x = 88172645463325252ULL;
	size_t i;

	o += sprintf(o, "n,noise\n");
	for (i = 0; i < nline; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		o += sprintf(o, "%zu,%016llx%08llx\n", i,
			(unsigned long long)x, (unsigned long long)(x >> 32));
	}
	return s;
}

START_TEST(test_input_gzip_truncated)
{
	char *text = noisy_lines(20000), *path, *msg, want[32];
	const char *m[1] = { text };
	const struct input_record *r;
	struct input *in;
	uint64_t n = 0;

	path = tmp_gzip(m, 1);
	ck_assert_int_eq(truncate(path, file_size(path) / 2), 0);
	in = input_open(path, NULL);
	ck_assert_ptr_nonnull(in);
	capture_begin();
	while ((r = input_next(in)) != NULL) {
		ck_assert_uint_eq(r->nfield, 2);
		snprintf(want, sizeof want, "%llu", (unsigned long long)n);
		ck_assert_str_eq(r->field[0], want);
		ck_assert_uint_eq(r->line, n + 2);
		ck_assert_uint_eq(r->len[1], 24);
		n++;
	}
	msg = capture_end();
	ck_assert_int_eq(input_failed(in), 1);
	ck_assert_uint_gt(n, 5000);
	ck_assert_uint_lt(n, 20000);
	snprintf(want, sizeof want, ":%llu: truncated gzip data",
		(unsigned long long)n + 2);
	ck_assert_msg(strstr(msg, want) != NULL, "message '%s'", msg);
	ck_assert_ptr_null(input_next(in));
	input_free(in);
	unlink(path);
	free(path);
	free(msg);
	free(text);
}
END_TEST

START_TEST(test_input_gzip_corrupt)
{
	char *text = noisy_lines(20000), *path, *msg;
	const char *m[1] = { text };
	struct input *in;
	off_t size;
	char junk[512];
	int fd;

	path = tmp_gzip(m, 1);
	size = file_size(path);
	memset(junk, 0xA5, sizeof junk);
	fd = open(path, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, junk, sizeof junk, size / 2), sizeof junk);
	close(fd);
	in = input_open(path, NULL);
	ck_assert_ptr_nonnull(in);
	capture_begin();
	while (input_next(in) != NULL)
		;
	msg = capture_end();
	ck_assert_int_eq(input_failed(in), 1);
	ck_assert_msg(strstr(msg, ": corrupt gzip data") != NULL,
		"message '%s'", msg);
	input_free(in);
	unlink(path);
	free(path);
	free(msg);
	free(text);
}
END_TEST

/* Zero padding after the last member is ignored; other bytes are not. */
START_TEST(test_input_gzip_trailing_bytes)
{
	static const char *const m[] = { "a,b\n1,2\n" };
	static const char zeros[512];
	char *path = tmp_gzip(m, 1), *msg;
	struct input *in;
	int fd;

	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(fd, zeros, sizeof zeros), sizeof zeros);
	close(fd);
	in = input_open(path, NULL);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2:1|2\n");
	ck_assert_int_eq(input_failed(in), 0);
	ck_assert_uint_eq(input_bytes(in), (uint64_t)file_size(path));
	input_free(in);

	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	in = input_open(path, NULL);
	ck_assert_ptr_nonnull(in);
	capture_begin();
	msg = read_all(in);
	free(msg);
	msg = capture_end();
	ck_assert_int_eq(input_failed(in), 1);
	ck_assert_msg(strstr(msg, ":3: corrupt gzip data\n") != NULL,
		"message '%s'", msg);
	input_free(in);
	unlink(path);
	free(path);
	free(msg);
}
END_TEST

START_TEST(test_input_latin5_refused)
{
	char *path = tmp_file(S("ad,soyad\nAl\xFD,Y\xFDlmaz\n"));
	struct input *in;
	char *msg, want[256];

	capture_begin();
	in = input_open(path, NULL);
	msg = capture_end();
	ck_assert_ptr_null(in);
	snprintf(want, sizeof want, "%s:2: not UTF-8 (byte 0xFD); if it is "
		"ISO-8859-9 (Latin-5), give --encoding latin5\n", path);
	ck_assert_msg(strstr(msg, want) != NULL, "message '%s'", msg);
	unlink(path);
	free(path);
	free(msg);
}
END_TEST

START_TEST(test_input_utf8_cut_at_end_refused)
{
	char *msg;
	struct input *in;

	capture_begin();
	in = open_data(S("a\n\xC3"), NULL);
	msg = capture_end();
	ck_assert_ptr_null(in);
	ck_assert_msg(strstr(msg, ":2: not UTF-8 (byte 0xC3)") != NULL,
		"message '%s'", msg);
	free(msg);
}
END_TEST

START_TEST(test_input_latin5_converted)
{
	struct input_options o = { .encoding = INPUT_LATIN5 };
	struct input *in = open_data(S(
		"ad\xFD,soyad\n\xDDsmail,\xFE\x65n\n\xF0\xFC\xE7,\xD0\xDE\xE9\n"),
		&o);

	ck_assert_ptr_nonnull(in);
	ck_assert_str_eq(input_header(in)->field[0], "ad\xC4\xB1");
	CHECK_ALL(in,
		"2:\xC4\xB0smail|\xC5\x9f" "en\n"
		"3:\xC4\x9F\xC3\xBC\xC3\xA7|\xC4\x9E\xC5\x9E\xC3\xA9\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_badutf8_late)
{
	size_t n = 0, cap = 200000;
	char *s = malloc(cap), want[64];
	struct input *in;
	const struct input_record *r;
	uint64_t line = 1;

	n += (size_t)sprintf(s + n, "a,b,c\n");
	while (n < 100000) {
		n += (size_t)sprintf(s + n, "x,\xC3\xA7,z\n");
		line++;
	}
	n += (size_t)sprintf(s + n, "1,2,bad\xFF\n\xC5\x9F,ok,\xC4\xB1\n");
	in = open_data(s, n, NULL);
	ck_assert_ptr_nonnull(in);
	while ((r = input_next(in)) != NULL && r->problem == INPUT_REC_OK)
		;
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->problem, INPUT_REC_BADUTF8);
	ck_assert_uint_eq(r->problem_field, 2);
	ck_assert_uint_eq(r->line, line + 1);
	ck_assert_uint_eq(r->recno, line + 1);
	snprintf(want, sizeof want, "%llu:\xC5\x9F|ok|\xC4\xB1\n",
		(unsigned long long)line + 2);
	CHECK_ALL(in, want);
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);
	free(s);
}
END_TEST

START_TEST(test_input_nul_byte)
{
	struct input *in = open_data(S("a,b\n1,x\0y\n2,z\n"), NULL);
	const struct input_record *r;

	ck_assert_ptr_nonnull(in);
	r = input_next(in);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->problem, INPUT_REC_NUL);
	ck_assert_uint_eq(r->problem_field, 1);
	ck_assert_uint_eq(r->nfield, 2);
	ck_assert_uint_eq(r->len[1], 3);
	ck_assert_mem_eq(r->field[1], "x\0y", 4);
	CHECK_ALL(in, "3:2|z\n");
	input_free(in);

	in = open_data(S("a\tb\n\0\tq\n"), NULL);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2!NUL byte in field@0\n");
	input_free(in);
}
END_TEST

START_TEST(test_input_unterminated_quote)
{
	struct input *in = open_data(S("a,b\n1,2\n3,\"abc\n4,5\n"), NULL);
	char *msg, *got;

	ck_assert_ptr_nonnull(in);
	capture_begin();
	got = read_all(in);
	msg = capture_end();
	ck_assert_str_eq(got, "2:1|2\n");
	ck_assert_int_eq(input_failed(in), 1);
	ck_assert_msg(strstr(msg, ":3: unterminated quoted field\n") != NULL,
		"message '%s'", msg);
	input_free(in);
	free(got);
	free(msg);
}
END_TEST

START_TEST(test_input_malformed_quote)
{
	size_t big, n;
	char *s;
	struct input *in = open_data(S(
		"a,b\n"
		"1,x\"y\n"
		"2,ok\n"
		"\"3\"x,no\n"
		"4,\"multi\nline\"oops,z\n"
		"5,fine\n"), NULL);

	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in,
		"2!malformed quoting\n"
		"3:2|ok\n"
		"4!malformed quoting\n"
		"5!malformed quoting\n"
		"7:5|fine\n");
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);

	/* the rest of the bad line runs on past the read buffer */
	big = 600 * 1024;
	s = malloc(big + 64);
	n = (size_t)sprintf(s, "a,b\n1,x\"y");
	memset(s + n, 'z', big);
	n += big;
	n += (size_t)sprintf(s + n, ",\"q\n2,ok\n");
	in = open_data(s, n, NULL);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2!malformed quoting\n3:2|ok\n");
	input_free(in);
	free(s);
}
END_TEST

START_TEST(test_input_record_too_long)
{
	struct input_options o = { .max_record = 100 };
	char s[4096];
	size_t n;
	struct input *in;

	n = (size_t)sprintf(s, "a,b\nshort,1\n");
	memset(s + n, 'x', 1000);
	n += 1000;
	n += (size_t)sprintf(s + n, ",2\nnext,3\n");
	in = open_data(s, n, &o);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2:short|1\n3!record too long\n4:next|3\n");
	input_free(in);

	for (n = 0; s[n] != '\0'; n++)
		if (s[n] == ',')
			s[n] = '\t';
	in = open_data(s, strlen(s), &o);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_format_of(in), INPUT_TSV);
	CHECK_ALL(in, "2:short|1\n3!record too long\n4:next|3\n");
	input_free(in);
}
END_TEST

/*
 * A quoted field of many megabytes and lines, and a TSV line longer than
 * the read buffer: dropped, with the lines after still numbered right.
 */
START_TEST(test_input_long_field_across_buffers)
{
	struct input_options o = { .max_record = 1000 };
	size_t big = 3 * 1024 * 1024, n, i;
	char *s = malloc(big + 256);
	struct input *in;

	n = (size_t)sprintf(s, "a,b\n1,\"");
	for (i = 0; i < big; i++)
		s[n + i] = i % 100 == 99 ? '\n' : 'q';
	n += big;
	n += (size_t)sprintf(s + n, "\",end\n2,\"two\"\n");
	in = open_data(s, n, &o);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2!record too long\n31460:2|two\n");
	input_free(in);

	n = (size_t)sprintf(s, "a\tb\n1\t");
	memset(s + n, 'w', big);
	n += big;
	n += (size_t)sprintf(s + n, "\n2\ttwo\n");
	in = open_data(s, n, &o);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2!record too long\n3:2|two\n");
	input_free(in);
	free(s);
}
END_TEST

START_TEST(test_input_too_many_fields)
{
	struct input_options o = { .max_fields = 3 };
	struct input *in = open_data(S("a,b,c\n1,2,3\n1,2,3,4,5\n7,8\n"), &o);

	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2:1|2|3\n3!too many fields\n4:7|8\n");
	input_free(in);
	in = open_data(S("a\tb\n1\t2\t3\t4\n"), &o);
	ck_assert_ptr_nonnull(in);
	CHECK_ALL(in, "2!too many fields\n");
	input_free(in);
}
END_TEST

static void
check_empty(const char *data, size_t len)
{
	struct input *in;
	char *msg;

	capture_begin();
	in = open_data(data, len, NULL);
	msg = capture_end();
	ck_assert_ptr_null(in);
	ck_assert_msg(strstr(msg, ": empty file, no header\n") != NULL,
		"message '%s'", msg);
	free(msg);
}

START_TEST(test_input_empty_file)
{
	check_empty("", 0);
	check_empty(S("\xEF\xBB\xBF"));
	check_empty(S("\n\r\n\n"));
	check_empty(S("\xEF\xBB\xBF\n\n"));
}
END_TEST

START_TEST(test_input_header_only)
{
	struct input *in = open_data(S("a,b,c"), NULL);

	ck_assert_ptr_nonnull(in);
	ck_assert_uint_eq(input_header(in)->nfield, 3);
	ck_assert_ptr_null(input_next(in));
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);
}
END_TEST

START_TEST(test_input_column)
{
	struct input *in = open_data(S(" National_ID ,Name,first name,NAME\n"),
		NULL);

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(input_column(in, "national_id"), 0);
	ck_assert_int_eq(input_column(in, "NATIONAL_ID"), 0);
	ck_assert_int_eq(input_column(in, "First Name"), 2);
	ck_assert_int_eq(input_column(in, "name"), -2);
	ck_assert_int_eq(input_column(in, "surname"), -1);
	ck_assert_int_eq(input_column(in, "national"), -1);
	ck_assert_str_eq(input_header(in)->field[0], " National_ID ");
	ck_assert_int_eq(strncmp(input_name(in), tmpdir, strlen(tmpdir)), 0);
	input_free(in);
}
END_TEST

static void
check_sha(const char *path)
{
	struct input *in = input_open(path, NULL);
	char got[65], want[65];
	uint64_t bytes;

	ck_assert_ptr_nonnull(in);
	while (input_next(in) != NULL)
		;
	ck_assert_int_eq(input_failed(in), 0);
	ck_assert_int_eq(sha256_file(path, want, &bytes), 0);
	input_sha256(in, got);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(input_bytes(in), bytes);
	ck_assert_uint_eq(input_bytes(in), (uint64_t)file_size(path));
	input_free(in);
}

START_TEST(test_input_sha256_and_bytes)
{
	char *text = noisy_lines(30000), *path;
	const char *m[2];

	path = tmp_file(text, strlen(text));
	check_sha(path);
	unlink(path);
	free(path);
	m[0] = text;
	m[1] = "99999,tail\n";
	path = tmp_gzip(m, 2);
	check_sha(path);
	unlink(path);
	free(path);
	free(text);
}
END_TEST

START_TEST(test_input_stdin)
{
	char *text = noisy_lines(10000), *path, got[65], want[65];
	struct input *in;
	uint64_t bytes, n = 0;
	int fd, saved;

	path = tmp_file(text, strlen(text));
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	saved = dup(0);
	dup2(fd, 0);
	close(fd);
	in = input_open("-", NULL);
	ck_assert_ptr_nonnull(in);
	ck_assert_str_eq(input_name(in), "-");
	while (input_next(in) != NULL)
		n++;
	ck_assert_uint_eq(n, 10000);
	ck_assert_int_eq(sha256_file(path, want, &bytes), 0);
	input_sha256(in, got);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(input_bytes(in), bytes);
	input_free(in);
	ck_assert_int_eq(fcntl(0, F_GETFD), 0);	/* stdin left open */
	dup2(saved, 0);
	close(saved);
	unlink(path);
	free(path);
	free(text);
}
END_TEST

START_TEST(test_input_open_errors)
{
	struct input *in;
	char *msg, want[128];

	snprintf(want, sizeof want, "%s/no-such-file.csv", tmpdir);
	capture_begin();
	in = input_open(want, NULL);
	msg = capture_end();
	ck_assert_ptr_null(in);
	strcat(want, ": cannot open: No such file or directory\n");
	ck_assert_msg(strstr(msg, want) != NULL, "message '%s'", msg);
	free(msg);

	capture_begin();
	in = input_open(tmpdir, NULL);
	msg = capture_end();
	ck_assert_ptr_null(in);
	snprintf(want, sizeof want, "%s: read error: Is a directory\n",
		tmpdir);
	ck_assert_msg(strstr(msg, want) != NULL, "message '%s'", msg);
	free(msg);
}
END_TEST

START_TEST(test_input_problem_text)
{
	ck_assert_str_eq(input_problem_text(INPUT_REC_OK), "ok");
	ck_assert_str_eq(input_problem_text(INPUT_REC_TOOLONG),
		"record too long");
	ck_assert_str_eq(input_problem_text(INPUT_REC_BADQUOTE),
		"malformed quoting");
}
END_TEST

/*
 * 1 under valgrind or AddressSanitizer, whose quarantine of freed blocks
 * makes the resident set say nothing about the program.
 */
static int
rss_meaningless(void)
{
	const char *p = getenv("LD_PRELOAD");

#if defined(__SANITIZE_ADDRESS__)
	return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return 1;
#endif
#endif
	return p != NULL && strstr(p, "vgpreload") != NULL;
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

/*
 * About 25 MB: 100,000 rows, then one quoted field of 16 MB and 200,000
 * lines, then 100,000 rows more.  Read with the default limits (1 MiB a
 * record), the resident set grows by less than 8 MiB: the long field is
 * not kept, not even by libcsv.
 */
START_TEST(test_input_bounded_memory)
{
	char path[96];
	struct input *in;
	const struct input_record *r;
	long before, after;
	uint64_t n = 0, toolong = 0;
	FILE *f;
	int i, j;

	snprintf(path, sizeof path, "%s/bigXXXXXX", tmpdir);
	i = mkstemp(path);
	ck_assert_int_ge(i, 0);
	f = fdopen(i, "w");
	ck_assert_ptr_nonnull(f);
	fputs("id,name,amount,note\n", f);
	for (i = 0; i < 100000; i++)
		fprintf(f, "%d,\"Name %d, Jr.\",%d.50,plain text here\n",
			i, i, i % 997);
	fputs("x,\"", f);
	for (i = 0; i < 200000; i++) {
		for (j = 0; j < 8; j++)
			fputs("ten bytes.", f);
		fputc('\n', f);
	}
	fputs("\",y,z\n", f);
	for (i = 0; i < 100000; i++)
		fprintf(f, "%d,\"Name %d\",%d,more\n", i, i, i % 13);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_gt(file_size(path), 20 * 1000 * 1000);

	before = maxrss_kb();
	in = input_open(path, NULL);
	ck_assert_ptr_nonnull(in);
	while ((r = input_next(in)) != NULL) {
		if (r->problem == INPUT_REC_TOOLONG) {
			toolong++;
			ck_assert_uint_eq(r->line, 100002);
		} else {
			ck_assert_int_eq(r->problem, INPUT_REC_OK);
			ck_assert_uint_eq(r->nfield, 4);
		}
		n++;
	}
	ck_assert_int_eq(input_failed(in), 0);
	input_free(in);
	after = maxrss_kb();
	unlink(path);
	ck_assert_uint_eq(n, 200001);
	ck_assert_uint_eq(toolong, 1);
	if (!rss_meaningless())
		ck_assert_msg(after - before < 8 * 1024,
			"resident set grew by %ld KiB", after - before);
}
END_TEST

static Suite *
input_suite(int forking)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("core");

	(void)forking;
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_input_plain_csv);
	tcase_add_test(tc, test_input_csv_quoting_and_lines);
	tcase_add_test(tc, test_input_csv_bare_cr);
	tcase_add_test(tc, test_input_semicolon_csv);
	tcase_add_test(tc, test_input_tsv_escapes);
	tcase_add_test(tc, test_input_format_forced);
	tcase_add_test(tc, test_input_bom);
	tcase_add_test(tc, test_input_gzip_members);
	tcase_add_test(tc, test_input_gzip_truncated);
	tcase_add_test(tc, test_input_gzip_corrupt);
	tcase_add_test(tc, test_input_gzip_trailing_bytes);
	tcase_add_test(tc, test_input_latin5_refused);
	tcase_add_test(tc, test_input_utf8_cut_at_end_refused);
	tcase_add_test(tc, test_input_latin5_converted);
	tcase_add_test(tc, test_input_badutf8_late);
	tcase_add_test(tc, test_input_nul_byte);
	tcase_add_test(tc, test_input_unterminated_quote);
	tcase_add_test(tc, test_input_malformed_quote);
	tcase_add_test(tc, test_input_record_too_long);
	tcase_add_test(tc, test_input_long_field_across_buffers);
	tcase_add_test(tc, test_input_too_many_fields);
	tcase_add_test(tc, test_input_empty_file);
	tcase_add_test(tc, test_input_header_only);
	tcase_add_test(tc, test_input_column);
	tcase_add_test(tc, test_input_sha256_and_bytes);
	tcase_add_test(tc, test_input_stdin);
	tcase_add_test(tc, test_input_open_errors);
	tcase_add_test(tc, test_input_problem_text);
	tcase_add_test(tc, test_input_bounded_memory);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_input", input_suite);
}
