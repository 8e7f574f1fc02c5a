/*
 * check_protect.c - unit tests of lib/protect.c: the keyed hash against
 * RFC 4231's HMAC-SHA256 vectors, and the key files it refuses.
 */
#include "check_common.h"
#include "protect.h"

/* RFC 4231, test cases 1 and 2: the hash itself, whatever the key's
 * length (the file's minimum is checked apart, below). */
START_TEST(test_protect_rfc4231)
{
	struct protect p;
	char out[PROTECT_HEX + 1];

	memset(&p, 0, sizeof p);
	memset(p.key, 0x0b, 20);
	p.len = 20;
	protect_id(&p, "Hi There", 8, out);
	ck_assert_str_eq(out, "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7");
	memcpy(p.key, "Jefe", 4);
	p.len = 4;
	protect_id(&p, "what do ya want for nothing?", 28, out);
	ck_assert_str_eq(out, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	protect_release(&p);
	ck_assert_uint_eq(p.len, 0);
	ck_assert_uint_eq(p.key[0], 0);
}
END_TEST

static char *
key_file(const char *text, mode_t mode)
{
	char *path = tmp_path("key");

	write_text(path, text);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

#define KEY64 "000102030405060708090a0b0c0d0e0f" \
	"101112131415161718191A1B1C1D1E1F"

START_TEST(test_protect_key_file)
{
	struct protect p, q;
	char a[PROTECT_HEX + 1], b[PROTECT_HEX + 1];
	char *path = key_file("  " KEY64 "\r\n", 0600);

	ck_assert_int_eq(protect_load(&p, path), 0);
	ck_assert_uint_eq(p.len, 32);
	ck_assert_uint_eq(p.key[0], 0x00);
	ck_assert_uint_eq(p.key[31], 0x1f);
	protect_id(&p, "10000001372", 11, a);
	/* the same as openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY64 */
	ck_assert_str_eq(a, "bc8bc46e740b4f23296c4ca65846ca74"
	    "a058f6d40664e1fbfad6947c0c4b850c");
	free(path);
	path = key_file(KEY64 "01", 0400);
	ck_assert_int_eq(protect_load(&q, path), 0);
	protect_id(&q, "10000001372", 11, b);
	ck_assert_str_ne(a, b);
	free(path);
}
END_TEST

static void
refused(const char *text, mode_t mode, const char *why)
{
	struct protect p;
	char *path = key_file(text, mode), *msg;

	capture_begin();
	ck_assert_int_eq(protect_load(&p, path), -1);
	msg = capture_end();
	ck_assert_msg(strstr(msg, path) && strstr(msg, why), "%s", msg);
	/* the key's text is never in a message */
	ck_assert_ptr_null(strstr(msg, "0a0b0c"));
	ck_assert_uint_eq(p.len, 0);
	free(msg);
	free(path);
}

START_TEST(test_protect_key_refused)
{
	struct protect p;
	char big[600];

	refused(KEY64, 0640, "by others than its owner");
	refused(KEY64, 0604, "by others than its owner");
	refused(KEY64, 0620, "by others than its owner");
	refused("000102030405060708090a0b0c0d0e0f", 0600, "fewer than 64");
	refused("", 0600, "fewer than 64");
	refused(KEY64 "0", 0600, "not hex digits");
	refused(KEY64 " 00", 0600, "not hex digits");
	refused("0a0b0c" KEY64 "xy", 0600, "not hex digits");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	refused(big, 0600, "longer than 256");
	capture_begin();
	ck_assert_int_eq(protect_load(&p, tmpdir), -1);
	ck_assert_int_eq(protect_load(&p, "/nonexistent/key"), -1);
	free(capture_end());
}
END_TEST

static Suite *
protect_suite(int forking)
{
	Suite *s = suite_create("protect");
	TCase *tc = tcase_create("core");

	(void)forking;
	tcase_add_test(tc, test_protect_rfc4231);
	tcase_add_test(tc, test_protect_key_file);
	tcase_add_test(tc, test_protect_key_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_protect", protect_suite);
}
