/*
 * fuzz_payconf.c - what isas-payfile reads before it pays (lib/pay.c):
 * the banks (etc/banks.tsv) and the chart of accounts (etc/accounts.tsv),
 * and pay_text(), which writes a name in the bank's character set.
 *
 * Input: a first line "banks" or "accounts" saying which file the rest
 * is (a first line that says neither picks one by the first byte); the
 * other file is the one of etc/.  The rest is also given to pay_text()
 * as one name, in UTF-8 and in ASCII.
 *
 * When the files are taken: every bank has a BIC of 8 or 11 characters
 * and a valid IBAN and is found by its code, the first being the
 * default; every account line is what pay_account() gives for its role
 * and key.  pay_text() gives valid UTF-8 (only ASCII when asked), or
 * refuses and leaves its buffer as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "err.h"
#include "pay.h"
#include "value.h"
#include "xalloc.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	err_init("fuzz_payconf");
	return 0;
}

static void
check_config(const struct pay_config *c)
{
	size_t i, n;

	FUZZ_ASSERT(c->nbank > 0);
	FUZZ_ASSERT(pay_bank_find(c, NULL) == &c->bank[0]);
	for (i = 0; i < c->nbank; i++) {
		const struct pay_bank *b = &c->bank[i];

		n = strlen(b->bic);
		FUZZ_ASSERT(n == 8 || n == 11);
		FUZZ_ASSERT(iban_valid(b->debtor_iban, strlen(b->debtor_iban)));
		FUZZ_ASSERT(pay_bank_find(c, b->code) == b);
	}
	FUZZ_ASSERT(pay_account(c, "payable", "") != NULL);
	FUZZ_ASSERT(pay_account(c, "receivable", "") != NULL);
	for (i = 0; i < c->nacct; i++) {
		const struct pay_account *a = &c->acct[i];

		FUZZ_ASSERT(pay_account(c, a->role, a->key) == a->account);
		FUZZ_ASSERT(*a->account && a->account[0] != ' ' &&
		    strstr(a->account, "  ") == NULL);
	}
}

static void
check_text(const char *s, int ascii)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "x");
	if (pay_text(s, ascii, &b) != 0) {
		FUZZ_ASSERT(b.len == 1 && b.p[1] == '\0');
	} else {
		FUZZ_ASSERT(utf8_valid(b.p, b.len));
		FUZZ_ASSERT(memchr(b.p, '\0', b.len) == NULL);
		for (i = 0; ascii && i < b.len; i++)
			FUZZ_ASSERT((unsigned char)b.p[i] >= 0x20 &&
			    (unsigned char)b.p[i] < 0x7F);
	}
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pay_config *c;
	const uint8_t *rest;
	char word[16], *etc_other, *s;
	const char *path;
	size_t n;
	int banks;

	if (size == 0)
		return 0;
	n = fuzz_first_line(data, size, word, sizeof word, &rest);
	if (strcmp(word, "banks") == 0)
		banks = 1;
	else if (strcmp(word, "accounts") == 0)
		banks = 0;
	else
		banks = data[0] & 1;
	path = fuzz_file(0, rest, n);
	etc_other = xstrdup(fuzz_etc(banks ? "accounts.tsv" : "banks.tsv"));
	c = banks ? pay_config_load(path, etc_other) :
	    pay_config_load(etc_other, path);
	if (c) {
		check_config(c);
		pay_config_free(c);
	}
	free(etc_other);

	s = xstrndup((const char *)rest, n);
	check_text(s, 0);
	check_text(s, 1);
	free(s);
	return 0;
}
