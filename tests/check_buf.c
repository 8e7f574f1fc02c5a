/*
 * check_buf.c - unit tests of lib/buf.c: appending bytes, strings and
 * characters with growth, NUL termination, JSON strings, reset and
 * release.  JSON output is also read back by SQLite's json_extract(), so
 * that "valid JSON" is judged by a parser that is not ours.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "check_common.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

/* Silent until it fails, for loops (see check_value.c). */
#define REQUIRE(cond, ...) do {						\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

/* The invariants every buffer keeps after any change. */
static void
assert_sane(struct buf *b)
{
	ck_assert_ptr_nonnull(b->p);
	ck_assert_uint_lt(b->len, b->cap);
	ck_assert_int_eq(b->p[b->len], '\0');
	ck_assert_ptr_eq(buf_str(b), b->p);
}

/*
 * Decodes the JSON string json[0..n) with SQLite and returns it in a new
 * buffer (the caller releases it), or fails the test when SQLite does not
 * take it as valid JSON.
 */
static void
json_decode(const char *json, size_t n, struct buf *out)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
	    "SELECT json_valid(?1), json_type(?1), json_extract(?1, '$')",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, json, (int)n, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_msg(sqlite3_column_int(st, 0) == 1, "not valid JSON: %.*s",
	    (int)n, json);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "text");
	buf_add(out, sqlite3_column_blob(st, 2),
	    (size_t)sqlite3_column_bytes(st, 2));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

START_TEST(test_buf_init_empty)
{
	struct buf b = BUF_INIT;

	ck_assert_ptr_null(b.p);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
	ck_assert_str_eq(buf_str(&b), "");
	/* Reset and release of a buffer that never held anything. */
	buf_reset(&b);
	ck_assert_str_eq(buf_str(&b), "");
	buf_release(&b);
	ck_assert_ptr_null(b.p);
	ck_assert_str_eq(buf_str(&b), "");
}
END_TEST

START_TEST(test_buf_add_bytes)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "abc", 3);
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_str_eq(buf_str(&b), "abc");
	/* Only n bytes are taken, and embedded NULs are kept. */
	buf_add(&b, "de\0fXYZ", 4);
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 7);
	ck_assert_int_eq(memcmp(b.p, "abcde\0f", 8), 0);
	/* Zero bytes change nothing but keep the NUL. */
	buf_add(&b, "zzz", 0);
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 7);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_adds_addc)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "hello");
	assert_sane(&b);
	buf_addc(&b, ',');
	assert_sane(&b);
	buf_addc(&b, ' ');
	buf_adds(&b, "");
	assert_sane(&b);
	buf_adds(&b, "d\xc3\xbcnya");	/* "dünya" */
	assert_sane(&b);
	ck_assert_str_eq(buf_str(&b), "hello, d\xc3\xbcnya");
	ck_assert_uint_eq(b.len, strlen("hello, d\xc3\xbcnya"));
	/* A NUL character is a byte like any other. */
	buf_addc(&b, '\0');
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 14);
	ck_assert_int_eq(b.p[13], '\0');
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_growth_many_appends)
{
	struct buf b = BUF_INIT;
	size_t i, n = 200000, reallocs = 0, cap = 0;

	for (i = 0; i < n; i++) {
		switch (i % 3) {
		case 0:
			buf_addc(&b, (char)('a' + i % 26));
			break;
		case 1:
			buf_adds(&b, "0123456789");
			break;
		default:
			buf_add(&b, "XY", 2);
			break;
		}
		REQUIRE(b.p != NULL && b.len < b.cap && b.p[b.len] == '\0',
		    "after append %zu: len %zu cap %zu", i, b.len, b.cap);
		if (b.cap != cap) {
			reallocs++;
			cap = b.cap;
		}
	}
	ck_assert_uint_eq(b.len, (n + 2) / 3 * 1 + (n + 1) / 3 * 10 + n / 3 * 2);
	ck_assert_uint_eq(strlen(b.p), b.len);
	/* Growth is geometric: a few dozen reallocations, not one per call. */
	ck_assert_uint_lt(reallocs, 40);
	/* The bytes are all there, in order. */
	for (i = 0; i < n; i++) {
		size_t off = i / 3 * 13;

		switch (i % 3) {
		case 0:
			REQUIRE(b.p[off] == (char)('a' + i % 26), "at %zu", i);
			break;
		case 1:
			REQUIRE(memcmp(b.p + off + 1, "0123456789", 10) == 0,
			    "at %zu", i);
			break;
		default:
			REQUIRE(memcmp(b.p + off + 11, "XY", 2) == 0, "at %zu", i);
			break;
		}
	}
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_large_single_add)
{
	struct buf b = BUF_INIT;
	size_t n = 3 * 1024 * 1024 + 7, i;
	char *big = malloc(n);

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('A' + i % 23);
	buf_addc(&b, '<');
	buf_add(&b, big, n);
	buf_addc(&b, '>');
	assert_sane(&b);
	ck_assert_uint_eq(b.len, n + 2);
	ck_assert_int_eq(b.p[0], '<');
	ck_assert_int_eq(memcmp(b.p + 1, big, n), 0);
	ck_assert_int_eq(b.p[n + 1], '>');
	free(big);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_reset_keeps_memory)
{
	struct buf b = BUF_INIT;
	size_t cap;
	char *p;

	buf_adds(&b, "some text that needs more than sixteen bytes");
	cap = b.cap;
	p = b.p;
	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, cap);
	ck_assert_ptr_eq(b.p, p);
	ck_assert_str_eq(buf_str(&b), "");
	buf_adds(&b, "again");
	assert_sane(&b);
	ck_assert_str_eq(buf_str(&b), "again");
	ck_assert_ptr_eq(b.p, p);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_release_and_reuse)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "first life");
	buf_release(&b);
	ck_assert_ptr_null(b.p);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
	ck_assert_str_eq(buf_str(&b), "");
	/* Released is the same as BUF_INIT: it can be used again. */
	buf_adds(&b, "second");
	assert_sane(&b);
	ck_assert_str_eq(buf_str(&b), "second");
	buf_release(&b);
	buf_release(&b);	/* twice is harmless */
	ck_assert_ptr_null(b.p);
}
END_TEST

START_TEST(test_buf_json_plain)
{
	struct buf b = BUF_INIT;

	buf_add_json(&b, S("isas-ingest"));
	assert_sane(&b);
	ck_assert_str_eq(buf_str(&b), "\"isas-ingest\"");
	buf_reset(&b);
	buf_add_json(&b, "", 0);
	ck_assert_str_eq(buf_str(&b), "\"\"");
	/* Appends: it does not replace what is there, and reads only n. */
	buf_reset(&b);
	buf_addc(&b, '[');
	buf_add_json(&b, "abcdef", 3);
	buf_addc(&b, ']');
	ck_assert_str_eq(buf_str(&b), "[\"abc\"]");
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_json_escapes)
{
	struct buf b = BUF_INIT;

	buf_add_json(&b, S("say \"hi\""));
	ck_assert_str_eq(buf_str(&b), "\"say \\\"hi\\\"\"");
	buf_reset(&b);
	buf_add_json(&b, S("C:\\dir\\"));
	ck_assert_str_eq(buf_str(&b), "\"C:\\\\dir\\\\\"");
	buf_reset(&b);
	buf_add_json(&b, S("\x01"));
	ck_assert_str_eq(buf_str(&b), "\"\\u0001\"");
	buf_reset(&b);
	buf_add_json(&b, S("a\tb\nc\rd\x1f" "e"));
	ck_assert_str_eq(buf_str(&b),
	    "\"a\\u0009b\\u000ac\\u000dd\\u001fe\"");
	buf_reset(&b);
	/* A NUL inside the n bytes is a character to escape, not the end. */
	buf_add_json(&b, S("x\0y"));
	ck_assert_str_eq(buf_str(&b), "\"x\\u0000y\"");
	buf_reset(&b);
	/* Space, DEL and '/' need no escape. */
	buf_add_json(&b, S(" /\x7f"));
	ck_assert_str_eq(buf_str(&b), "\" /\x7f\"");
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_json_utf8_kept)
{
	struct buf b = BUF_INIT;
	/* "Şükrü Öğüt", "İstanbul", an emoji: bytes >= 0x80 as they are. */
	static const char s[] = "\xc5\x9e\xc3\xbckr\xc3\xbc \xc3\x96\xc4\x9f"
	    "\xc3\xbct \xc4\xb0stanbul \xf0\x9f\x98\x80";

	buf_add_json(&b, S(s));
	ck_assert_uint_eq(b.len, strlen(s) + 2);
	ck_assert_int_eq(b.p[0], '"');
	ck_assert_int_eq(memcmp(b.p + 1, s, strlen(s)), 0);
	ck_assert_int_eq(b.p[b.len - 1], '"');
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_json_round_trip_sqlite)
{
	struct buf b = BUF_INIT, back = BUF_INIT;
	char all[160];
	size_t i, n = 0;

	/* Every ASCII byte but NUL (SQLite text stops there), then UTF-8. */
	for (i = 1; i < 128; i++)
		all[n++] = (char)i;
	memcpy(all + n, "\xc4\x9f\xc4\xb1\xe2\x82\xac", 7);	/* ğ ı € */
	n += 7;
	buf_add_json(&b, all, n);
	assert_sane(&b);
	json_decode(b.p, b.len, &back);
	ck_assert_uint_eq(back.len, n);
	ck_assert_int_eq(memcmp(back.p, all, n), 0);
	buf_release(&back);
	buf_release(&b);

	buf_add_json(&b, S("tab\there \"q\" back\\slash"));
	json_decode(b.p, b.len, &back);
	ck_assert_str_eq(buf_str(&back), "tab\there \"q\" back\\slash");
	buf_release(&back);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_json_long)
{
	struct buf b = BUF_INIT, back = BUF_INIT;
	size_t n = 100000, i;
	char *s = malloc(n);

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		s[i] = "ab\"\\\x02 c"[i % 7];
	buf_add_json(&b, s, n);
	assert_sane(&b);
	/* 2 quotes; '"' and '\' take 2 bytes, \x02 takes 6. */
	ck_assert_uint_eq(b.len, 2 + n + (n / 7 + (n % 7 > 2)) +
	    (n / 7 + (n % 7 > 3)) + 5 * (n / 7 + (n % 7 > 4)));
	json_decode(b.p, b.len, &back);
	ck_assert_uint_eq(back.len, n);
	ck_assert_int_eq(memcmp(back.p, s, n), 0);
	free(s);
	buf_release(&back);
	buf_release(&b);
}
END_TEST

static Suite *
buf_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("buf");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_buf_init_empty);
	tcase_add_test(tc, test_buf_add_bytes);
	tcase_add_test(tc, test_buf_adds_addc);
	tcase_add_test(tc, test_buf_growth_many_appends);
	tcase_add_test(tc, test_buf_large_single_add);
	tcase_add_test(tc, test_buf_reset_keeps_memory);
	tcase_add_test(tc, test_buf_release_and_reuse);
	tcase_add_test(tc, test_buf_json_plain);
	tcase_add_test(tc, test_buf_json_escapes);
	tcase_add_test(tc, test_buf_json_utf8_kept);
	tcase_add_test(tc, test_buf_json_round_trip_sqlite);
	tcase_add_test(tc, test_buf_json_long);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_buf", buf_suite);
}
