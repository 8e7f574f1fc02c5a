/*
 * check_pay.c - unit tests of payments (lib/pay.c), the bank file's
 * format word (lib/bankfile.c), buf_printf (lib/buf.c) and the pending
 * files of lib/tsv.c: names in the bank's character set, the banks and
 * the chart of accounts and their refusals, and, on a tiny store built
 * by hand, a month of issuing, correcting, recovering, a bank return and
 * the reissue that follows it.
 *
 * Every expected name, amount, id and line is worked out by hand from
 * pay.h and the store's schema (lib/store.c); the store is looked at with
 * SQLite directly.  Each test works in a directory that main() makes
 * under /tmp and removes at the end.
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
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bankfile.h"
#include "buf.h"
#include "err.h"
#include "pay.h"
#include "store.h"
#include "tsv.h"
#include "check_common.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

/* The number of entries of tmpdir whose name begins with prefix. */
static int
count_prefix(const char *prefix)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* ---- pay_text: names in the bank's character set ---- */

/*
 * pay_text(s, ascii) on a buffer holding "pre:" must succeed and leave
 * "pre:" followed by want.
 */
static void
text_ok(const char *s, int ascii, const char *want)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "pre:");
	ck_assert_msg(pay_text(s, ascii, &b) == 0, "'%s' (ascii %d) refused",
	    s, ascii);
	ck_assert_uint_eq(b.len, 4 + strlen(want));
	ck_assert_str_eq(buf_str(&b) + 4, want);
	ck_assert_int_eq(memcmp(b.p, "pre:", 4), 0);
	buf_release(&b);
}

/*
 * pay_text(s, ascii) on a buffer holding "pre:" must fail and leave the
 * buffer's length and bytes as they were.  (Its NUL terminator is looked
 * at by test_pay_text_refused_terminated alone, so that a fault there
 * fails that test only.)
 */
static void
text_refused(const char *s, int ascii)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "pre:");
	ck_assert_msg(pay_text(s, ascii, &b) == -1, "'%s' (ascii %d) taken",
	    s, ascii);
	ck_assert_msg(b.len == 4, "'%s' (ascii %d): length %zu, want 4", s,
	    ascii, b.len);
	ck_assert_int_eq(memcmp(b.p, "pre:", 4), 0);
	buf_release(&b);
}

/* UTF-8 mode keeps a Turkish name byte for byte. */
START_TEST(test_pay_text_utf8_kept)
{
	static const char name[] =
	    "\xc5\x9e\xc3\xbc" "kr\xc3\xbc "		/* Şükrü */
	    "\xc3\x87" "a\xc4\x9f" "layan "		/* Çağlayan */
	    "\xc4\xb0" "nce";				/* İnce */

	text_ok(name, 0, name);
	/* Plain ASCII and punctuation, as they are in both modes. */
	text_ok("O'Brien-Smith, Jr.", 0, "O'Brien-Smith, Jr.");
	text_ok("O'Brien-Smith, Jr.", 1, "O'Brien-Smith, Jr.");
}
END_TEST

/* ASCII mode transliterates the Turkish and Azerbaijani letters. */
START_TEST(test_pay_text_ascii_translit)
{
	text_ok("\xc5\x9e\xc3\xbc" "kr\xc3\xbc \xc3\x87" "a\xc4\x9f" "layan "
	    "\xc4\xb0" "nce", 1, "Sukru Caglayan Ince");
	/* ığüşöç İĞÜŞÖÇ: every dotted, dotless and cedilla letter. */
	text_ok("\xc4\xb1\xc4\x9f\xc3\xbc\xc5\x9f\xc3\xb6\xc3\xa7 "
	    "\xc4\xb0\xc4\x9e\xc3\x9c\xc5\x9e\xc3\x96\xc3\x87", 1,
	    "igusoc IGUSOC");
	/* Əliyev Rəşad: the Azerbaijani schwa, capital and small. */
	text_ok("\xc6\x8fliyev R\xc9\x99\xc5\x9f" "ad", 1, "Eliyev Resad");
	/* Âşık: a circumflex. */
	text_ok("\xc3\x82\xc5\x9f\xc4\xb1k", 1, "Asik");
}
END_TEST

/* A control character is refused in both modes, the buffer as it was. */
START_TEST(test_pay_text_control_refused)
{
	int ascii;

	for (ascii = 0; ascii <= 1; ascii++) {
		text_refused("\tAli", ascii);
		text_refused("Ali\x7f", ascii);
		text_refused("Ali\nVeli", ascii);
		/* U+0085, a C1 control, is refused too. */
		text_refused("Ali \xc2\x85", ascii);
	}
}
END_TEST

/*
 * After a refusal the buffer still reads as it did: buf.h promises a NUL
 * after the last byte, pay.h "out unchanged".  The cases refuse a
 * character after others were appended, the ones that must be taken
 * back.
 */
START_TEST(test_pay_text_refused_terminated)
{
	static const struct {
		const char *s;
		int ascii;
	} cases[] = {
		{ "Ali\tVeli", 0 },
		{ "Ali\x7f", 1 },
		{ "\xc5\x9e\xc3\xbc" "kr\xc3\xbc\x7f", 1 },	/* Şükrü DEL */
		{ "Ali \xce\xa9", 1 },				/* Ali Ω */
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		buf_reset(&b);
		buf_adds(&b, "pre:");
		ck_assert_int_eq(pay_text(cases[i].s, cases[i].ascii, &b), -1);
		ck_assert_uint_eq(b.len, 4);
		/* The NUL is back too: the buffer reads "pre:", not
		 * "pre:Ali" with the refused name's start after its end. */
		ck_assert_msg(b.p[b.len] == '\0' &&
		    strcmp(buf_str(&b), "pre:") == 0,
		    "case %zu: the buffer reads '%s', not 'pre:'", i,
		    buf_str(&b));
	}
	buf_release(&b);
}
END_TEST

/* A letter without a transliteration: refused in ASCII, kept in UTF-8. */
START_TEST(test_pay_text_no_translit)
{
	static const char *const letters[] = {
		"\xce\xa9",		/* Ω, Greek */
		"\xd0\x96",		/* Ж, Cyrillic */
		"\xe7\x8e\x8b",		/* 王, CJK */
		"\xf0\x9d\x94\xb8",	/* 𝔸, four bytes */
	};
	char s[32];
	size_t i;

	for (i = 0; i < NELEM(letters); i++) {
		text_refused(letters[i], 1);
		text_ok(letters[i], 0, letters[i]);
		/* In a name, after ASCII: the same. */
		snprintf(s, sizeof s, "Ali %s", letters[i]);
		text_refused(s, 1);
		text_ok(s, 0, s);
	}
}
END_TEST

/* Invalid UTF-8 is refused in both modes; the empty string appends nothing. */
START_TEST(test_pay_text_invalid_and_empty)
{
	static const char *const bad[] = {
		"\xc3",			/* cut short */
		"Ali \xc3",		/* cut short at the end */
		"\xc0\xaf",		/* overlong */
		"\xed\xa0\x80",		/* a surrogate */
		"\xff",			/* never in UTF-8 */
		"\x9f" "abc",		/* a lone continuation byte */
	};
	struct buf b = BUF_INIT;
	size_t i;
	int ascii;

	for (ascii = 0; ascii <= 1; ascii++)
		for (i = 0; i < NELEM(bad); i++)
			text_refused(bad[i], ascii);
	text_ok("", 0, "");
	text_ok("", 1, "");
	/* On an empty buffer too: still empty. */
	ck_assert_int_eq(pay_text("", 1, &b), 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(buf_str(&b), "");
	buf_release(&b);
}
END_TEST

/* ---- the banks and the chart of accounts ---- */

/* Two banks: the first UTF-8, the second ASCII; a comment line. */
static const char good_banks[] =
    "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
    "# the bank paid through unless --bank says otherwise\n"
    "ziraat\tT.C. Ziraat Bankas\xc4\xb1\tTCZBTR2AXXX\t"
    "Aile ve Sosyal Hizmetler Bakanl\xc4\xb1\xc4\x9f\xc4\xb1\t"
    "TR420001000000000000000001\tutf8\n"
    "halkbank\tT\xc3\xbcrkiye Halk Bankas\xc4\xb1\tTRHBTR2A\t"
    "Aile ve Sosyal Hizmetler Bakanl\xc4\xb1\xc4\x9f\xc4\xb1\t"
    "TR970001200000000000000002\tascii\n";

/*
 * The chart: comments, a blank line, a "*" bank line before the line of
 * one bank (the exact key wins whatever the order).
 */
static const char good_accounts[] =
    "role\tkey\taccount\n"
    "# expenses by programme\n"
    "expense\tregular\tExpenses:Assistance:Regular\n"
    "expense\t*\tExpenses:Assistance:Other\n"
    "\n"
    "# the rest\n"
    "payable\t*\tLiabilities:Payable\n"
    "bank\t*\tAssets:Bank\n"
    "bank\tziraat\tAssets:Bank:Ziraat\n"
    "receivable\t*\tAssets:Receivable\n";

/* Writes banks and accounts to new files and loads them (NULL allowed). */
static struct pay_config *
load_texts(const char *banks, const char *accounts, char **msg)
{
	char *bp = tmp_path("banks.tsv"), *ap = tmp_path("accounts.tsv");
	struct pay_config *c;

	write_text(bp, banks);
	write_text(ap, accounts);
	capture_begin();
	c = pay_config_load(bp, ap);
	*msg = capture_end();
	free(bp);
	free(ap);
	return c;
}

/* The good files: loaded without a word. */
static struct pay_config *
load_good(void)
{
	struct pay_config *c;
	char *msg;

	c = load_texts(good_banks, good_accounts, &msg);
	ck_assert_msg(c != NULL, "good config refused: %s", msg);
	ck_assert_str_eq(msg, "");
	free(msg);
	return c;
}

/* The banks as written, in order, with their character sets. */
START_TEST(test_pay_config_banks)
{
	struct pay_config *c = load_good();
	const struct pay_bank *b;

	ck_assert_uint_eq(c->nbank, 2);
	b = pay_bank_find(c, NULL);
	ck_assert_ptr_eq(b, &c->bank[0]);
	ck_assert_str_eq(b->code, "ziraat");
	ck_assert_str_eq(b->name, "T.C. Ziraat Bankas\xc4\xb1");
	ck_assert_str_eq(b->bic, "TCZBTR2AXXX");
	ck_assert_str_eq(b->debtor_iban, "TR420001000000000000000001");
	ck_assert_int_eq(b->ascii, 0);
	b = pay_bank_find(c, "halkbank");
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->code, "halkbank");
	ck_assert_str_eq(b->bic, "TRHBTR2A");
	ck_assert_str_eq(b->debtor_iban, "TR970001200000000000000002");
	ck_assert_int_eq(b->ascii, 1);
	ck_assert_ptr_null(pay_bank_find(c, "garanti"));
	ck_assert_ptr_null(pay_bank_find(c, "Halkbank"));
	ck_assert_ptr_null(pay_bank_find(c, ""));
	/* The files' hashes and sizes are kept for the run record. */
	ck_assert_uint_eq(c->banks_bytes, sizeof good_banks - 1);
	ck_assert_uint_eq(c->accounts_bytes, sizeof good_accounts - 1);
	ck_assert_uint_eq(strlen(c->banks_sha256), 64);
	pay_config_free(c);
}
END_TEST

/* The account of a key, else its role's "*" line, else nothing. */
START_TEST(test_pay_config_accounts)
{
	static const char no_bank[] =
	    "role\tkey\taccount\n"
	    "expense\tregular\tExpenses:Regular\n"
	    "payable\t*\tLiabilities:Payable\n"
	    "receivable\t*\tAssets:Receivable\n";
	struct pay_config *c = load_good();
	char *msg;

	ck_assert_uint_eq(c->nacct, 6);
	ck_assert_str_eq(pay_account(c, "expense", "regular"),
	    "Expenses:Assistance:Regular");
	ck_assert_str_eq(pay_account(c, "expense", "cct-health"),
	    "Expenses:Assistance:Other");
	ck_assert_str_eq(pay_account(c, "bank", "ziraat"),
	    "Assets:Bank:Ziraat");
	ck_assert_str_eq(pay_account(c, "bank", "zzz"), "Assets:Bank");
	ck_assert_str_eq(pay_account(c, "payable", ""), "Liabilities:Payable");
	ck_assert_str_eq(pay_account(c, "receivable", "regular"),
	    "Assets:Receivable");
	/* A role no line has. */
	ck_assert_ptr_null(pay_account(c, "income", "regular"));
	pay_config_free(c);

	/* Without a bank line or an expense "*": nothing to fall back on. */
	c = load_texts(good_banks, no_bank, &msg);
	ck_assert_msg(c != NULL, "config refused: %s", msg);
	free(msg);
	ck_assert_str_eq(pay_account(c, "expense", "regular"),
	    "Expenses:Regular");
	ck_assert_ptr_null(pay_account(c, "expense", "cct-health"));
	ck_assert_ptr_null(pay_account(c, "bank", "ziraat"));
	pay_config_free(c);
}
END_TEST

/* A bad file and the message that must name its line. */
static const struct {
	const char *what;
	const char *banks, *accounts;
	const char *where;	/* file:line in the message */
	const char *says;	/* and a word of what is wrong */
} bad_configs[] = {
	{ "IBAN check digits",
	  "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
	  "ziraat\tZ\tTCZBTR2AXXX\tD\tTR420001000000000000000001\tutf8\n"
	  "halkbank\tH\tTRHBTR2A\tD\tTR430001000000000000000001\tascii\n",
	  NULL, "banks.tsv:3: ", "debtor_iban" },
	{ "BIC of 10 characters",
	  "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
	  "ziraat\tZ\tTCZBTR2AXXX\tD\tTR420001000000000000000001\tutf8\n"
	  "halkbank\tH\tTRHBTR2AXX\tD\tTR970001200000000000000002\tascii\n",
	  NULL, "banks.tsv:3: ", "bic" },
	{ "BIC of 7 characters",
	  "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
	  "ziraat\tZ\tTCZBTR2AXXX\tD\tTR420001000000000000000001\tutf8\n"
	  "halkbank\tH\tTRHBTR2\tD\tTR970001200000000000000002\tascii\n",
	  NULL, "banks.tsv:3: ", "bic" },
	{ "charset latin1",
	  "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
	  "ziraat\tZ\tTCZBTR2AXXX\tD\tTR420001000000000000000001\tutf8\n"
	  "halkbank\tH\tTRHBTR2A\tD\tTR970001200000000000000002\tlatin1\n",
	  NULL, "banks.tsv:3: ", "charset" },
	{ "bank code twice",
	  "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
	  "ziraat\tZ\tTCZBTR2AXXX\tD\tTR420001000000000000000001\tutf8\n"
	  "ziraat\tH\tTRHBTR2A\tD\tTR970001200000000000000002\tascii\n",
	  NULL, "banks.tsv:3: ", "twice" },
	{ "banks: the header only",
	  "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n",
	  NULL, "banks.tsv: ", "no bank" },
	{ "unknown role",
	  NULL,
	  "role\tkey\taccount\n"
	  "# a comment, counted as a line\n"
	  "expense\t*\tExpenses\n"
	  "income\t*\tIncome\n"
	  "payable\t*\tLiabilities:Payable\n"
	  "receivable\t*\tAssets:Receivable\n",
	  "accounts.tsv:4: ", "role" },
	{ "two spaces in an account",
	  NULL,
	  "role\tkey\taccount\n"
	  "expense\t*\tExpenses:Social  Assistance\n"
	  "payable\t*\tLiabilities:Payable\n"
	  "receivable\t*\tAssets:Receivable\n",
	  "accounts.tsv:2: ", "two spaces" },
	{ "role and key twice",
	  NULL,
	  "role\tkey\taccount\n"
	  "expense\tregular\tExpenses:A\n"
	  "payable\t*\tLiabilities:Payable\n"
	  "expense\tregular\tExpenses:B\n"
	  "receivable\t*\tAssets:Receivable\n",
	  "accounts.tsv:4: ", "twice" },
	{ "no payable line",
	  NULL,
	  "role\tkey\taccount\n"
	  "expense\t*\tExpenses\n"
	  "receivable\t*\tAssets:Receivable\n",
	  "accounts.tsv: ", "payable" },
	{ "no receivable line",
	  NULL,
	  "role\tkey\taccount\n"
	  "expense\t*\tExpenses\n"
	  "payable\t*\tLiabilities:Payable\n",
	  "accounts.tsv: ", "receivable" },
};

/* Every bad file is refused, with its file and line named. */
START_TEST(test_pay_config_refused)
{
	struct pay_config *c;
	char *msg;

	c = load_texts(bad_configs[_i].banks ? bad_configs[_i].banks :
	    good_banks, bad_configs[_i].accounts ? bad_configs[_i].accounts :
	    good_accounts, &msg);
	ck_assert_msg(c == NULL, "%s: loaded", bad_configs[_i].what);
	ck_assert_msg(strstr(msg, bad_configs[_i].where) != NULL,
	    "%s: no '%s' in: %s", bad_configs[_i].what,
	    bad_configs[_i].where, msg);
	ck_assert_msg(strstr(msg, bad_configs[_i].says) != NULL,
	    "%s: no '%s' in: %s", bad_configs[_i].what,
	    bad_configs[_i].says, msg);
	ck_assert_msg(strncmp(msg, "check_pay: ", 11) == 0, "message: %s",
	    msg);
	free(msg);
}
END_TEST

/* Every bad line is told, not only the first; a missing file is refused. */
START_TEST(test_pay_config_every_line_told)
{
	static const char banks[] =
	    "code\tname\tbic\tdebtor_name\tdebtor_iban\tcharset\n"
	    "ziraat\tZ\tTCZBTR2AXXX\tD\tTR420001000000000000000001\tutf8\n"
	    "halkbank\tH\tTRHB\tD\tTR970001200000000000000002\tascii\n"
	    "vakif\tV\tTVBATR2A\tD\tTR970001200000000000000002\tebcdic\n";
	struct pay_config *c;
	char *msg;

	c = load_texts(banks, good_accounts, &msg);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(msg, "banks.tsv:3: bic") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "banks.tsv:4: charset") != NULL, "%s", msg);
	free(msg);

	capture_begin();
	c = pay_config_load("/nonexistent/banks.tsv",
	    "/nonexistent/accounts.tsv");
	msg = capture_end();
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(msg, "/nonexistent/banks.tsv") != NULL, "%s",
	    msg);
	free(msg);
}
END_TEST

/* ---- small words ---- */

/* The --format words, exactly. */
START_TEST(test_bankfile_format_parse)
{
	enum bankfile_format f;

	f = BF_CSV;
	ck_assert_int_eq(bankfile_format_parse("pain001", &f), 0);
	ck_assert_int_eq(f, BF_PAIN001_09);
	f = BF_CSV;
	ck_assert_int_eq(bankfile_format_parse("pain001.09", &f), 0);
	ck_assert_int_eq(f, BF_PAIN001_09);
	ck_assert_int_eq(bankfile_format_parse("pain001.03", &f), 0);
	ck_assert_int_eq(f, BF_PAIN001_03);
	ck_assert_int_eq(bankfile_format_parse("csv", &f), 0);
	ck_assert_int_eq(f, BF_CSV);
	ck_assert_int_eq(bankfile_format_parse("xml", &f), -1);
	ck_assert_int_eq(bankfile_format_parse("", &f), -1);
	ck_assert_int_eq(bankfile_format_parse("PAIN001", &f), -1);
	ck_assert_int_eq(bankfile_format_parse("CSV", &f), -1);
	ck_assert_int_eq(bankfile_format_parse("pain001.", &f), -1);
	ck_assert_int_eq(bankfile_format_parse("pain001.001.09", &f), -1);
}
END_TEST

/* The kinds' words, as the store's CHECK and the held list spell them. */
START_TEST(test_pay_kind_name)
{
	ck_assert_str_eq(pay_kind_name(PK_PERIOD), "period");
	ck_assert_str_eq(pay_kind_name(PK_ARREARS), "arrears");
	ck_assert_str_eq(pay_kind_name(PK_CORRECTION), "correction");
	ck_assert_str_eq(pay_kind_name(PK_REISSUE), "reissue");
	ck_assert_str_eq(pay_kind_name(PK_RECOVERY), "recovery");
	ck_assert_int_eq(PK_N, 5);
}
END_TEST

/* ---- buf_printf ---- */

/* Appends to what is there; a result longer than any first capacity. */
START_TEST(test_buf_printf)
{
	struct buf b = BUF_INIT;
	size_t n = 10000, i;
	char *big = malloc(n + 1);

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	big[n] = '\0';

	buf_printf(&b, "%s", "");
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(buf_str(&b), "");
	buf_adds(&b, "abc");
	buf_printf(&b, "-%d-%s-%05.1f", 42, "x", 2.3);
	ck_assert_str_eq(buf_str(&b), "abc-42-x-002.3");
	ck_assert_uint_eq(b.len, 14);

	buf_printf(&b, "[%s]", big);
	ck_assert_uint_eq(b.len, 14 + 1 + n + 1);
	ck_assert_uint_eq(strlen(b.p), b.len);
	ck_assert_int_eq(memcmp(b.p, "abc-42-x-002.3[", 15), 0);
	ck_assert_int_eq(memcmp(b.p + 15, big, n), 0);
	ck_assert_int_eq(b.p[b.len - 1], ']');
	ck_assert_uint_ge(b.cap, b.len + 1);

	buf_reset(&b);
	buf_printf(&b, "%lld", (long long)INT64_MIN);
	ck_assert_str_eq(buf_str(&b), "-9223372036854775808");
	ck_assert_uint_eq(b.len, 20);
	buf_printf(&b, "|%lld", (long long)INT64_MAX);
	ck_assert_str_eq(buf_str(&b),
	    "-9223372036854775808|9223372036854775807");
	buf_release(&b);
	free(big);
}
END_TEST

/* ---- pending files ---- */

/* A pending file is beside its path until published, then is the path. */
START_TEST(test_tsv_pending_publish)
{
	static const char *const cols[] = { "a", "b", NULL };
	char *path = tmp_path("pub.tsv"), *got, tmpname[256];
	const char *base = strrchr(path, '/') + 1;
	struct tsv *t;
	struct stat st;
	DIR *d;
	struct dirent *e;
	int found = 0;

	snprintf(tmpname, sizeof tmpname, "%s.tmp", base);
	t = tsv_open_pending(path);
	ck_assert_ptr_nonnull(t);
	/* Messages name the path, not the temporary file. */
	ck_assert_str_eq(t->name, path);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	/* path.tmpXXXXXX: the path, ".tmp" and six characters. */
	d = opendir(tmpdir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, tmpname, strlen(tmpname)) == 0) {
			ck_assert_uint_eq(strlen(e->d_name),
			    strlen(tmpname) + 6);
			found++;
		}
	closedir(d);
	ck_assert_int_eq(found, 1);

	tsv_header(t, cols);
	tsv_str(t, "x");
	tsv_int(t, 7);
	tsv_end(t);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	/* Closed is not published. */
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(count_prefix(tmpname), 1);

	tsv_publish();
	got = slurp(path, NULL);
	ck_assert_str_eq(got, "a\tb\nx\t7\n");
	ck_assert_int_eq(count_prefix(tmpname), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	free(got);
	free(path);
}
END_TEST

/*
 * A program that exits without publishing leaves neither the path nor
 * the temporary file.  The child says by its status whether the
 * temporary file was there before it exited (0: it was).
 */
START_TEST(test_tsv_pending_removed_at_exit)
{
	char *path = tmp_path("gone.tsv"), tmpname[256];
	const char *base = strrchr(path, '/') + 1;
	struct stat st;
	pid_t pid;
	int status;

	snprintf(tmpname, sizeof tmpname, "%s.tmp", base);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct tsv *t = tsv_open_pending(path);

		if (t == NULL)
			_exit(10);
		tsv_str(t, "never published");
		tsv_end(t);
		if (tsv_close(t, NULL, NULL, NULL) != 0)
			_exit(11);
		if (count_prefix(tmpname) != 1)
			_exit(12);
		free(path);
		exit(0);	/* exit(), not _exit(): the atexit handler runs */
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(count_prefix(tmpname), 0);
	ck_assert_int_eq(count_prefix(base), 0);
	free(path);
}
END_TEST

/* ---- issuing, returns and reissues on a tiny store ---- */

#define IBAN1	"TR330006100519786457841326"
#define IBAN2	"TR800006200006700006684477"

/* A new run of the "night", as isas-payfile makes one for each. */
static void
night(struct store *st, const char *as_of)
{
	ck_assert_int_gt(store_run_begin(st, "check_pay", 0, NULL, as_of), 0);
}

/* pay_issue for 2026-11 on halkbank; held lines to held when not NULL. */
static void
issue(struct store *st, const struct pay_config *c, const char *as_of,
	struct tsv *held, struct pay_issued *is)
{
	const struct pay_bank *b = pay_bank_find(c, "halkbank");

	ck_assert_ptr_nonnull(b);
	memset(is, 0x5a, sizeof *is);	/* pay_issue must set it all */
	pay_issue(st, c, b, "2026-11", as_of, held, is);
}

/* Asserts the counts of a pay_issue, kind by kind. */
static void
ck_issued(const struct pay_issued *is, const char *msg, const uint64_t n[PK_N],
	const int64_t sum[PK_N], uint64_t held, int64_t held_sum)
{
	int k;

	ck_assert_str_eq(is->message_id, msg);
	for (k = 0; k < PK_N; k++) {
		ck_assert_msg(is->n[k] == n[k], "%s: %llu payments, want %llu",
		    pay_kind_name(k), (unsigned long long)is->n[k],
		    (unsigned long long)n[k]);
		ck_assert_msg(is->sum[k] == sum[k], "%s: sum %lld, want %lld",
		    pay_kind_name(k), (long long)is->sum[k],
		    (long long)sum[k]);
	}
	ck_assert_uint_eq(is->held, held);
	ck_assert_int_eq(is->held_sum, held_sum);
}

/*
 * The household H1 of one person P1 (national id 10000000146), its name
 * in the civil registry, one bank account, and two open regular
 * assistance entitlements: 3,250.00 for November and 1,000.00 for
 * October, never paid.
 */
static void
tiny_store(struct store *st)
{
	store_exec(st,
	    "INSERT INTO household (household_id, origin, representative,"
	    " size, first_run, last_run) VALUES ('H1', 'civil', 'P1', 1,"
	    " (SELECT max(run_id) FROM run), (SELECT max(run_id) FROM run));"
	    "INSERT INTO person_nid (national_id, person_id)"
	    " VALUES ('10000000146', 'P1');"
	    "INSERT INTO src_civil (source, record_id, national_id,"
	    " first_name, last_name, first_run, last_run) VALUES ('civil',"
	    " 'C1', '10000000146', '\xc5\x9e\xc3\xbc" "kr\xc3\xbc',"
	    " '\xc3\x87" "a\xc4\x9f" "layan', (SELECT max(run_id) FROM run),"
	    " (SELECT max(run_id) FROM run));"
	    "INSERT INTO src_bank (source, record_id, national_id, iban,"
	    " holder_name, opened, first_run, last_run) VALUES ('bank', 'B1',"
	    " '10000000146', '" IBAN1 "', 'SUKRU CAGLAYAN', '2020-01-15',"
	    " (SELECT max(run_id) FROM run), (SELECT max(run_id) FROM run));"
	    "INSERT INTO entitlement (household_id, programme, person_id,"
	    " period, amount, status, run_id, withheld) VALUES"
	    " ('H1', 'regular', '', '2026-11', 325000, 'open',"
	    " (SELECT max(run_id) FROM run), 0),"
	    " ('H1', 'regular', '', '2026-10', 100000, 'open',"
	    " (SELECT max(run_id) FROM run), 0)");
}

/* A bank return record for the payment of end-to-end id e2e. */
static void
bank_return(struct store *st, const char *rid, const char *e2e)
{
	sqlite3_stmt *s = store_prepare(st, "INSERT INTO src_bankreturn"
	    " (source, record_id, message_id, end_to_end_id, status,"
	    " reason_code, return_date, amount, first_run, last_run)"
	    " VALUES ('bankreturn', ?1, 'ISAS202611-001', ?2, 'returned',"
	    " 'AC04', '2026-11-28', 100000, (SELECT max(run_id) FROM run),"
	    " (SELECT max(run_id) FROM run))");

	sqlite3_bind_text(s, 1, rid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, e2e, -1, SQLITE_STATIC);
	ck_assert_int_eq(store_step(st, s, "bank return"), SQLITE_DONE);
	sqlite3_finalize(s);
}

/*
 * A month of payments: the period and its arrears issued and written as
 * CSV; a night with nothing new; a correction up and a recovery down;
 * the arrears returned by the bank; their reissue held while the only
 * account is the one that returned them, and paid once there is another.
 */
START_TEST(test_pay_issue_return_reissue)
{
	static const char csv_want[] =
	    "message_id,payment_information_id,end_to_end_id,execution_date,"
	    "debtor_iban,programme,creditor_name,creditor_iban,amount,"
	    "currency,purpose,remittance\r\n"
	    "ISAS202611-001,ISAS202611-001-01,ISAS000000000001,2026-11-25,"
	    "TR970001200000000000000002,regular,Sukru Caglayan,"
	    IBAN1 ",1000.00,TRY,SSBE,ISAS regular 2026-10 arrears H1\r\n"
	    "ISAS202611-001,ISAS202611-001-01,ISAS000000000002,2026-11-25,"
	    "TR970001200000000000000002,regular,Sukru Caglayan,"
	    IBAN1 ",3250.00,TRY,SSBE,ISAS regular 2026-11 period H1\r\n";
	uint64_t n[PK_N], count;
	int64_t sum[PK_N], total;
	struct pay_config *c = load_good();
	char *path = tmp_path("store.db"), *csv = tmp_path("bank.csv");
	char *held = tmp_path("held.tsv"), *got, *msg, e2e[36], last[36];
	struct pay_returns rt;
	struct pay_issued is;
	struct store *st;
	struct tsv *t;
	sqlite3 *db;

	st = store_open(path, STORE_WRITE);
	ck_assert_ptr_nonnull(st);
	db = st->db;
	night(st, "2026-11-25");
	tiny_store(st);

	/* Night 1: the period and the arrears, one message. */
	issue(st, c, "2026-11-25", NULL, &is);
	memset(n, 0, sizeof n);
	memset(sum, 0, sizeof sum);
	n[PK_PERIOD] = 1;
	sum[PK_PERIOD] = 325000;
	n[PK_ARREARS] = 1;
	sum[PK_ARREARS] = 100000;
	ck_issued(&is, "ISAS202611-001", n, sum, 0, 0);
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-11'"), 325000);
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-10'"), 100000);
	ck_assert_int_eq(q_int(db, "SELECT payments FROM pay_batch"
	    " WHERE message_id = 'ISAS202611-001'"), 2);
	ck_assert_int_eq(q_int(db, "SELECT total FROM pay_batch"
	    " WHERE message_id = 'ISAS202611-001'"), 425000);
	ck_assert_str_eq(q_text(db, "SELECT charset FROM pay_batch"), "ascii");
	/* To the representative's only account, in the registry's name. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM payment WHERE"
	    " payee = 'P1' AND iban = '" IBAN1 "' AND status = 'issued' AND"
	    " name = '\xc5\x9e\xc3\xbc" "kr\xc3\xbc \xc3\x87" "a\xc4\x9f"
	    "layan'"), 2);
	/* Two issue entries: expense of the programme against payable. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal"), 2);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal WHERE"
	    " event = 'issue' AND date = '2026-11-25' AND"
	    " debit = 'Expenses:Assistance:Regular' AND"
	    " credit = 'Liabilities:Payable'"), 2);
	ck_assert_int_eq(q_int(db, "SELECT sum(amount) FROM journal"
	    " WHERE event = 'issue'"), 425000);

	/* The message as CSV, names in ASCII for halkbank. */
	t = tsv_open(csv);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(bankfile_write(st, "ISAS202611-001", BF_CSV, t,
	    &count, &total), 0);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	ck_assert_uint_eq(count, 2);
	ck_assert_int_eq(total, 425000);
	got = slurp(csv, NULL);
	ck_assert_str_eq(got, csv_want);
	free(got);

	/* Night 2: nothing owed, nothing issued; the last message stands. */
	night(st, "2026-11-26");
	issue(st, c, "2026-11-26", NULL, &is);
	memset(n, 0, sizeof n);
	memset(sum, 0, sizeof sum);
	ck_issued(&is, "", n, sum, 0, 0);
	ck_assert_int_eq(pay_last_message(st, "2026-11", last), 0);
	ck_assert_str_eq(last, "ISAS202611-001");
	ck_assert_int_eq(pay_last_message(st, "2026-12", last), -1);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal"), 2);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM payment"), 2);

	/* Night 3: November recomputed up: a correction of the difference. */
	night(st, "2026-11-26");
	store_exec(st, "UPDATE entitlement SET amount = 350000"
	    " WHERE period = '2026-11'");
	issue(st, c, "2026-11-26", NULL, &is);
	n[PK_CORRECTION] = 1;
	sum[PK_CORRECTION] = 25000;
	ck_issued(&is, "ISAS202611-002", n, sum, 0, 0);
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-11'"), 350000);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM payment WHERE"
	    " message_id = 'ISAS202611-002' AND kind = 'correction' AND"
	    " period = '2026-11' AND amount = 25000 AND seq = 1"), 1);
	t = tsv_open(csv);
	ck_assert_int_eq(bankfile_write(st, "ISAS202611-002", BF_CSV, t,
	    &count, &total), 0);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_int_eq(total, 25000);

	/* Night 4: down below what was paid: a recovery, booked, not sent. */
	night(st, "2026-11-27");
	store_exec(st, "UPDATE entitlement SET amount = 300000"
	    " WHERE period = '2026-11'");
	issue(st, c, "2026-11-27", NULL, &is);
	memset(n, 0, sizeof n);
	memset(sum, 0, sizeof sum);
	n[PK_RECOVERY] = 1;
	sum[PK_RECOVERY] = -50000;
	ck_issued(&is, "", n, sum, 0, 0);
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-11'"), 300000);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM payment WHERE"
	    " kind = 'recovery' AND amount = -50000 AND status = 'booked'"
	    " AND message_id IS NULL AND iban IS NULL"), 1);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM pay_batch"), 2);
	/* Receivable against the programme's expense, the amount positive. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal WHERE"
	    " event = 'recovery' AND date = '2026-11-27' AND"
	    " debit = 'Assets:Receivable' AND"
	    " credit = 'Expenses:Assistance:Regular' AND amount = 50000"), 1);
	ck_assert_int_eq(pay_last_message(st, "2026-11", last), 0);
	ck_assert_str_eq(last, "ISAS202611-002");

	/* Night 5: the bank returns the October arrears (AC04). */
	night(st, "2026-11-29");
	snprintf(e2e, sizeof e2e, "%.*s", (int)sizeof e2e - 1, q_text(db,
	    "SELECT end_to_end_id"
	    " FROM payment WHERE period = '2026-10' AND kind = 'arrears'"));
	ck_assert_str_eq(e2e, "ISAS000000000001");
	bank_return(st, "R1", e2e);
	pay_apply_returns(st, c, &rt);
	ck_assert_uint_eq(rt.returned, 1);
	ck_assert_uint_eq(rt.confirmed, 0);
	ck_assert_uint_eq(rt.rejected, 0);
	ck_assert_uint_eq(rt.refused, 0);
	ck_assert_str_eq(q_text(db, "SELECT status || ' ' || reason_code ||"
	    " ' ' || status_date FROM payment WHERE end_to_end_id ="
	    " 'ISAS000000000001'"), "returned AC04 2026-11-28");
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-10'"), 0);
	ck_assert_str_eq(q_text(db, "SELECT returned FROM entitlement"
	    " WHERE period = '2026-10'"), "AC04");
	/* November is untouched. */
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-11'"), 300000);
	/* Issued, not confirmed: one entry puts payable back to expense. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal"
	    " WHERE event = 'return'"), 1);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal j JOIN"
	    " payment p USING (payment_id) WHERE j.event = 'return' AND"
	    " p.end_to_end_id = 'ISAS000000000001' AND j.date = '2026-11-28'"
	    " AND j.debit = 'Liabilities:Payable' AND"
	    " j.credit = 'Expenses:Assistance:Regular' AND"
	    " j.amount = 100000"), 1);
	ck_assert_str_eq(q_text(db, "SELECT outcome FROM bank_return"
	    " WHERE record_id = 'R1'"), "returned");

	/* Night 6: owed again, but the only account is the one returned. */
	night(st, "2026-11-30");
	t = tsv_open(held);
	ck_assert_ptr_nonnull(t);
	issue(st, c, "2026-11-30", t, &is);
	ck_assert_int_eq(tsv_close(t, NULL, NULL, NULL), 0);
	memset(n, 0, sizeof n);
	memset(sum, 0, sizeof sum);
	ck_issued(&is, "", n, sum, 1, 100000);
	got = slurp(held, NULL);
	ck_assert_str_eq(got, "H1\tregular\t\t2026-10\treissue\t100000\t"
	    "ACCOUNT_RETURNED\n");
	free(got);
	ck_assert_str_eq(q_text(db, "SELECT reason FROM pay_hold WHERE"
	    " household_id = 'H1' AND period = '2026-10' AND"
	    " kind = 'reissue' AND amount = 100000"), "ACCOUNT_RETURNED");
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-10'"), 0);
	/* The record applied before is not applied again. */
	pay_apply_returns(st, c, &rt);
	ck_assert_uint_eq(rt.returned + rt.refused + rt.confirmed +
	    rt.rejected, 0);

	/* Night 7: a newer open account: the reissue goes to it. */
	night(st, "2026-12-01");
	store_exec(st, "INSERT INTO src_bank (source, record_id, national_id,"
	    " iban, opened, first_run, last_run) VALUES ('bank', 'B2',"
	    " '10000000146', '" IBAN2 "', '2026-11-20',"
	    " (SELECT max(run_id) FROM run), (SELECT max(run_id) FROM run))");
	issue(st, c, "2026-12-01", NULL, &is);
	n[PK_REISSUE] = 1;
	sum[PK_REISSUE] = 100000;
	ck_issued(&is, "ISAS202611-003", n, sum, 0, 0);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM payment WHERE"
	    " message_id = 'ISAS202611-003' AND kind = 'reissue' AND"
	    " period = '2026-10' AND amount = 100000 AND iban = '" IBAN2 "'"),
	    1);
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-10'"), 100000);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM pay_hold"), 0);

	/* Night 8: a return of a payment the message never had: refused. */
	night(st, "2026-12-02");
	bank_return(st, "R2", "ISAS999999999999");
	capture_begin();
	pay_apply_returns(st, c, &rt);
	msg = capture_end();
	ck_assert_uint_eq(rt.refused, 1);
	ck_assert_uint_eq(rt.returned, 0);
	ck_assert_msg(strstr(msg, "ISAS999999999999") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "R2") != NULL, "%s", msg);
	free(msg);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM bank_return WHERE"
	    " record_id = 'R2' AND outcome = 'refused' AND"
	    " payment_id IS NULL"), 1);
	/* Nothing changed by it: one return entry, October still paid. */
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM journal"
	    " WHERE event = 'return'"), 1);
	ck_assert_int_eq(q_int(db, "SELECT paid FROM entitlement"
	    " WHERE period = '2026-10'"), 100000);

	store_close(st);
	pay_config_free(c);
	free(path);
	free(csv);
	free(held);
}
END_TEST

static Suite *
pay_suite(int forking)
{
	Suite *s;
	TCase *tc;

	unsetenv("ISAS_LOCK_WAIT");
	s = suite_create("pay");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pay_text_utf8_kept);
	tcase_add_test(tc, test_pay_text_ascii_translit);
	tcase_add_test(tc, test_pay_text_control_refused);
	tcase_add_test(tc, test_pay_text_refused_terminated);
	tcase_add_test(tc, test_pay_text_no_translit);
	tcase_add_test(tc, test_pay_text_invalid_and_empty);
	tcase_add_test(tc, test_pay_config_banks);
	tcase_add_test(tc, test_pay_config_accounts);
	tcase_add_loop_test(tc, test_pay_config_refused, 0,
	    (int)NELEM(bad_configs));
	tcase_add_test(tc, test_pay_config_every_line_told);
	tcase_add_test(tc, test_bankfile_format_parse);
	tcase_add_test(tc, test_pay_kind_name);
	tcase_add_test(tc, test_buf_printf);
	tcase_add_test(tc, test_tsv_pending_publish);
	/*
	 * Its child exits in the test's process: without CK_FORK it would
	 * inherit whatever a failed test before it left (see check_store.c).
	 */
	if (forking)
		tcase_add_test(tc, test_tsv_pending_removed_at_exit);
	tcase_add_test(tc, test_pay_issue_return_reissue);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_pay", pay_suite);
}
