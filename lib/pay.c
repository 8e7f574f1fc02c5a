/*
 * pay.c - payments, bank returns and their journal (see pay.h).
 *
 * Issuing is set-based: one statement finds what is owed on every
 * unsettled entitlement with its payee, account, name, kind and the reason
 * to hold it (temp.plan), and a few more turn the plan into payments,
 * journal entries and the held list.  Returns are few and applied one by
 * one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "input.h"
#include "pay.h"
#include "value.h"
#include "xalloc.h"

/* The key of a payment's entitlement, matched against p. */
#define KEY_OF(p, x) \
	p ".household_id = " x ".household_id AND " p ".programme = " x \
	".programme AND " p ".person_id = " x ".person_id AND " p \
	".period = " x ".period"

static const char *const kind_names[PK_N] = {
	"period", "arrears", "correction", "reissue", "recovery"
};

const char *
pay_kind_name(enum pay_kind k)
{
	return kind_names[k];
}

/* ---- configuration ---- */

/*
 * Reads a TSV file of the named columns (comments: a first field starting
 * with '#'), calling row() for each line with its fields in the order of
 * names.  Returns the number of bad lines (told), or -1 when the file
 * cannot be read.
 */
static int
read_table(const char *path, const char *const *names, size_t n,
	int (*row)(void *ctx, char **f, const char *path, uint64_t line),
	void *ctx, char sha[65], uint64_t *bytes)
{
	struct input_options o = { .format = INPUT_TSV };
	const struct input_record *r;
	struct input *in;
	int col[8], bad = 0;
	char *f[8];
	size_t i;

	if ((in = input_open(path, &o)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if ((col[i] = input_column(in, names[i])) < 0) {
			error_at(path, 1, "no column '%s'", names[i]);
			input_free(in);
			return -1;
		}
	while ((r = input_next(in)) != NULL) {
		if (r->nfield > 0 && r->len[0] > 0 && r->field[0][0] == '#')
			continue;
		if (r->nfield == 1 && r->len[0] == 0)
			continue;
		if (r->problem != INPUT_REC_OK) {
			error_at(path, r->line, "%s",
			    input_problem_text(r->problem));
			bad++;
			continue;
		}
		for (i = 0; i < n; i++) {
			if ((size_t)col[i] >= r->nfield || r->len[col[i]] == 0) {
				error_at(path, r->line, "%s: empty", names[i]);
				break;
			}
			f[i] = r->field[col[i]];
		}
		if (i < n || row(ctx, f, path, r->line) != 0)
			bad++;
	}
	if (input_failed(in))
		bad++;
	input_sha256(in, sha);
	*bytes = input_bytes(in);
	input_free(in);
	return bad;
}

static int
bank_row(void *ctx, char **f, const char *path, uint64_t line)
{
	struct pay_config *c = ctx;
	struct pay_bank *b;
	size_t i, n = strlen(f[2]);

	if (n != 8 && n != 11) {
		error_at(path, line, "bic: not 8 or 11 characters '%s'", f[2]);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!((f[2][i] >= 'A' && f[2][i] <= 'Z') ||
		    (i >= 6 && f[2][i] >= '0' && f[2][i] <= '9'))) {
			error_at(path, line, "bic: not a BIC '%s'", f[2]);
			return -1;
		}
	if (strlen(f[4]) < 15 || strlen(f[4]) > 34 ||
	    !iban_valid(f[4], strlen(f[4]))) {
		error_at(path, line, "debtor_iban: not a valid IBAN '%s'", f[4]);
		return -1;
	}
	if (strcmp(f[5], "utf8") != 0 && strcmp(f[5], "ascii") != 0) {
		error_at(path, line, "charset: not utf8 or ascii '%s'", f[5]);
		return -1;
	}
	for (i = 0; i < c->nbank; i++)
		if (strcmp(c->bank[i].code, f[0]) == 0) {
			error_at(path, line, "code: '%s' twice", f[0]);
			return -1;
		}
	xgrow((void **)&c->bank, &c->bankcap, c->nbank + 1, sizeof *c->bank);
	b = &c->bank[c->nbank++];
	b->code = xstrdup(f[0]);
	b->name = xstrdup(f[1]);
	b->bic = xstrdup(f[2]);
	b->debtor_name = xstrdup(f[3]);
	b->debtor_iban = xstrdup(f[4]);
	b->ascii = strcmp(f[5], "ascii") == 0;
	return 0;
}

static int
account_row(void *ctx, char **f, const char *path, uint64_t line)
{
	static const char *const roles[] = { "expense", "payable", "bank",
		"receivable" };
	struct pay_config *c = ctx;
	struct pay_account *a;
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(f[0], roles[i]) == 0)
			break;
	if (i == 4) {
		error_at(path, line, "role: not expense, payable, bank or"
		    " receivable '%s'", f[0]);
		return -1;
	}
	if (strstr(f[2], "  ") || strchr(f[2], ';') || f[2][0] == ' ' ||
	    f[2][strlen(f[2]) - 1] == ' ') {
		error_at(path, line, "account: two spaces, a ';' or an outer"
		    " space would break the journal '%s'", f[2]);
		return -1;
	}
	for (i = 0; i < c->nacct; i++)
		if (strcmp(c->acct[i].role, f[0]) == 0 &&
		    strcmp(c->acct[i].key, f[1]) == 0) {
			error_at(path, line, "%s %s: twice", f[0], f[1]);
			return -1;
		}
	xgrow((void **)&c->acct, &c->acctcap, c->nacct + 1, sizeof *c->acct);
	a = &c->acct[c->nacct++];
	a->role = xstrdup(f[0]);
	a->key = xstrdup(f[1]);
	a->account = xstrdup(f[2]);
	return 0;
}

struct pay_config *
pay_config_load(const char *banks, const char *accounts)
{
	static const char *const bcols[] = { "code", "name", "bic",
		"debtor_name", "debtor_iban", "charset" };
	static const char *const acols[] = { "role", "key", "account" };
	struct pay_config *c = xcalloc(1, sizeof *c);
	int bad = 0, n;

	c->banks_path = xstrdup(banks);
	c->accounts_path = xstrdup(accounts);
	n = read_table(banks, bcols, 6, bank_row, c, c->banks_sha256,
	    &c->banks_bytes);
	bad += n != 0;
	if (n == 0 && c->nbank == 0) {
		error("%s: no bank", banks);
		bad++;
	}
	n = read_table(accounts, acols, 3, account_row, c,
	    c->accounts_sha256, &c->accounts_bytes);
	bad += n != 0;
	if (n == 0 && (!pay_account(c, "payable", "") ||
	    !pay_account(c, "receivable", ""))) {
		error("%s: needs a payable and a receivable account (key *)",
		    accounts);
		bad++;
	}
	if (bad) {
		pay_config_free(c);
		return NULL;
	}
	return c;
}

void
pay_config_free(struct pay_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nbank; i++) {
		free(c->bank[i].code);
		free(c->bank[i].name);
		free(c->bank[i].bic);
		free(c->bank[i].debtor_name);
		free(c->bank[i].debtor_iban);
	}
	for (i = 0; i < c->nacct; i++) {
		free(c->acct[i].role);
		free(c->acct[i].key);
		free(c->acct[i].account);
	}
	free(c->bank);
	free(c->acct);
	free(c->banks_path);
	free(c->accounts_path);
	free(c);
}

const struct pay_bank *
pay_bank_find(const struct pay_config *c, const char *code)
{
	size_t i;

	if (!code)
		return c->nbank ? &c->bank[0] : NULL;
	for (i = 0; i < c->nbank; i++)
		if (strcmp(c->bank[i].code, code) == 0)
			return &c->bank[i];
	return NULL;
}

const char *
pay_account(const struct pay_config *c, const char *role, const char *key)
{
	const char *any = NULL;
	size_t i;

	for (i = 0; i < c->nacct; i++) {
		if (strcmp(c->acct[i].role, role) != 0)
			continue;
		if (strcmp(c->acct[i].key, key) == 0)
			return c->acct[i].account;
		if (strcmp(c->acct[i].key, "*") == 0)
			any = c->acct[i].account;
	}
	return any;
}

/* ---- names in the bank's character set ---- */

/* Transliterations to ASCII: the code point and what it becomes. */
static const struct {
	uint32_t cp;
	const char *to;
} translit[] = {
	{ 0xC0, "A" }, { 0xC1, "A" }, { 0xC2, "A" }, { 0xC3, "A" },
	{ 0xC4, "A" }, { 0xC5, "A" }, { 0xC7, "C" }, { 0xC8, "E" },
	{ 0xC9, "E" }, { 0xCA, "E" }, { 0xCB, "E" }, { 0xCC, "I" },
	{ 0xCD, "I" }, { 0xCE, "I" }, { 0xCF, "I" }, { 0xD1, "N" },
	{ 0xD2, "O" }, { 0xD3, "O" }, { 0xD4, "O" }, { 0xD5, "O" },
	{ 0xD6, "O" }, { 0xD9, "U" }, { 0xDA, "U" }, { 0xDB, "U" },
	{ 0xDC, "U" }, { 0xDD, "Y" }, { 0xE0, "a" }, { 0xE1, "a" },
	{ 0xE2, "a" }, { 0xE3, "a" }, { 0xE4, "a" }, { 0xE5, "a" },
	{ 0xE7, "c" }, { 0xE8, "e" }, { 0xE9, "e" }, { 0xEA, "e" },
	{ 0xEB, "e" }, { 0xEC, "i" }, { 0xED, "i" }, { 0xEE, "i" },
	{ 0xEF, "i" }, { 0xF1, "n" }, { 0xF2, "o" }, { 0xF3, "o" },
	{ 0xF4, "o" }, { 0xF5, "o" }, { 0xF6, "o" }, { 0xF9, "u" },
	{ 0xFA, "u" }, { 0xFB, "u" }, { 0xFC, "u" }, { 0xFD, "y" },
	{ 0xFF, "y" }, { 0x11E, "G" }, { 0x11F, "g" }, { 0x130, "I" },
	{ 0x131, "i" }, { 0x15E, "S" }, { 0x15F, "s" }, { 0x18F, "E" },
	{ 0x259, "e" },
};

/* Decodes one UTF-8 character of s (valid UTF-8); returns its length. */
static int
utf8_next(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		*cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0) {
		*cp = (uint32_t)(s[0] & 0x0F) << 12 |
		    (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	    (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	return 4;
}

int
pay_text(const char *s, int ascii, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len, i;
	uint32_t cp;
	int n;

	if (!utf8_valid(s, strlen(s)))
		return -1;
	while (*p) {
		n = utf8_next(p, &cp);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			goto bad;
		if (!ascii || cp < 0x80) {
			buf_add(out, p, (size_t)n);
		} else {
			for (i = 0; i < sizeof translit / sizeof translit[0];
			    i++)
				if (translit[i].cp == cp)
					break;
			if (i == sizeof translit / sizeof translit[0])
				goto bad;
			buf_adds(out, translit[i].to);
		}
		p += n;
	}
	return 0;
bad:
	out->len = start;
	if (out->p)
		out->p[start] = '\0';
	return -1;
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* SQL pay_name_ok(name, ascii): 1 when pay_text can write it in at most
 * 140 characters. */
static void
sql_name_ok(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	const char *s = (const char *)sqlite3_value_text(v[0]);
	struct buf b = BUF_INIT;
	int ok;

	ok = s && pay_text(s, sqlite3_value_int(v[1]), &b) == 0 &&
	    b.len > 0 && utf8_chars(b.p, b.len) <= 140;
	buf_release(&b);
	sqlite3_result_int(cx, ok);
}

/* SQL pay_iban_ok(iban): 1 when its check digits hold. */
static void
sql_iban_ok(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	const char *s = (const char *)sqlite3_value_text(v[0]);
	size_t n = s ? strlen(s) : 0;

	sqlite3_result_int(cx, n >= 15 && n <= 34 && iban_valid(s, n));
}

/* ---- the journal ---- */

/* Books one entry: debit and credit accounts, a positive amount. */
static void
book(struct store *st, sqlite3_stmt *ins, const char *date,
	const char *event, int64_t payment, const char *debit,
	const char *credit, int64_t amount)
{
	sqlite3_bind_int64(ins, 1, st->run_id);
	sqlite3_bind_text(ins, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, event, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, payment);
	sqlite3_bind_text(ins, 5, debit, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, credit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 7, amount);
	store_step(st, ins, "cannot book a journal entry");
	sqlite3_reset(ins);
}

/*
 * Reverses an issue entry for a rejected or returned payment: payables
 * against the expense, except the part a recovery had already booked as
 * owed back, which the returned money settles: payables against the
 * receivable.
 */
static void
reverse(struct store *st, sqlite3_stmt *ins, const char *date,
	const char *event, int64_t payment, const char *payable,
	const char *expense, const char *receivable, int64_t amount,
	int64_t recovered)
{
	if (amount > recovered)
		book(st, ins, date, event, payment, payable, expense,
		    amount - recovered);
	if (recovered > 0)
		book(st, ins, date, event, payment, payable, receivable,
		    recovered);
}

static const char journal_insert[] = "INSERT INTO journal (run_id, date,"
	" event, payment_id, debit, credit, amount) VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7)";

/* ---- bank returns ---- */

static const char *
text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* The payment number of an end-to-end id ("ISAS" and 12 digits), or 0. */
static int64_t
e2e_number(const char *e2e)
{
	int64_t v = 0;
	int i;

	if (strncmp(e2e, "ISAS", 4) != 0 || strlen(e2e) != 16)
		return 0;
	for (i = 4; i < 16; i++) {
		if (e2e[i] < '0' || e2e[i] > '9')
			return 0;
		v = v * 10 + (e2e[i] - '0');
	}
	return v;
}

/* Keeps a return record as applied, with its outcome. */
static void
applied(struct store *st, sqlite3_stmt *mark, sqlite3_stmt *rec,
	int64_t payment, const char *outcome)
{
	sqlite3_bind_text(mark, 1, text(rec, 0), -1, SQLITE_STATIC);
	sqlite3_bind_text(mark, 2, text(rec, 1), -1, SQLITE_STATIC);
	if (payment)
		sqlite3_bind_int64(mark, 3, payment);
	else
		sqlite3_bind_null(mark, 3);
	sqlite3_bind_text(mark, 4, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(mark, 5, st->run_id);
	store_step(st, mark, "cannot keep a bank return");
	sqlite3_reset(mark);
}

void
pay_apply_returns(struct store *st, const struct pay_config *c,
	struct pay_returns *r)
{
	sqlite3_stmt *recs, *pay, *mark, *ins, *setst, *unpay;
	const char *payable = pay_account(c, "payable", "");

	memset(r, 0, sizeof *r);
	recs = store_prepare(st, "SELECT r.source, r.record_id, r.message_id,"
	    " r.end_to_end_id, r.status, r.reason_code, r.return_date,"
	    " r.amount, json_extract(r.invalid, '$.amount.reason')"
	    " FROM src_bankreturn r WHERE r.ended IS NULL AND"
	    " r.status IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bank_return b"
	    " WHERE b.source = r.source AND b.record_id = r.record_id AND"
	    " (b.outcome <> 'refused' OR r.last_run <= b.run_id))"
	    " ORDER BY r.return_date, r.source, r.record_id");
	pay = store_prepare(st, "SELECT p.payment_id, p.message_id, p.status,"
	    " p.amount, p.programme, b.bank, (SELECT e.paid FROM entitlement e"
	    " WHERE " KEY_OF("e", "p") ") FROM payment p JOIN pay_batch b"
	    " ON b.message_id = p.message_id WHERE p.payment_id = ?1"
	    " AND p.end_to_end_id = ?2");
	mark = store_prepare(st, "INSERT OR REPLACE INTO bank_return (source,"
	    " record_id,"
	    " payment_id, outcome, run_id) VALUES (?1, ?2, ?3, ?4, ?5)");
	ins = store_prepare(st, journal_insert);
	setst = store_prepare(st, "UPDATE payment SET status = ?2,"
	    " reason_code = ?3, status_date = ?4, status_run = ?5"
	    " WHERE payment_id = ?1");
	unpay = store_prepare(st, "UPDATE entitlement SET paid = paid - ?3,"
	    " returned = ?2 FROM payment p WHERE p.payment_id = ?1 AND"
	    " entitlement.household_id = p.household_id AND"
	    " entitlement.programme = p.programme AND"
	    " entitlement.person_id = p.person_id AND"
	    " entitlement.period = p.period");
	while (store_step(st, recs, "cannot read bank returns") == SQLITE_ROW) {
		const char *src = text(recs, 0), *rid = text(recs, 1);
		const char *msg = text(recs, 2), *e2e = text(recs, 3);
		const char *status = text(recs, 4), *reason = text(recs, 5);
		const char *date = text(recs, 6), *was, *expense, *bank;
		const char *receivable = pay_account(c, "receivable", "");
		int64_t id, amount, recovered = 0;
		char a[32], b[32];

		sqlite3_bind_int64(pay, 1, e2e_number(e2e));
		sqlite3_bind_text(pay, 2, e2e, -1, SQLITE_STATIC);
		if (store_step(st, pay, "cannot read a payment") != SQLITE_ROW ||
		    strcmp(text(pay, 1), msg) != 0) {
			error("%s:%s: end-to-end id '%s' is not a payment of"
			    " message '%s'", src, rid, e2e, msg);
			applied(st, mark, recs, 0, "refused");
			r->refused++;
			sqlite3_reset(pay);
			continue;
		}
		id = sqlite3_column_int64(pay, 0);
		was = text(pay, 2);
		amount = sqlite3_column_int64(pay, 3);
		expense = pay_account(c, "expense", text(pay, 4));
		bank = pay_account(c, "bank", text(pay, 5));
		/* What a recovery booked since has already taken back: the
		 * money returned settles that receivable, not the expense. */
		if (sqlite3_column_int64(pay, 6) < amount)
			recovered = amount - (sqlite3_column_int64(pay, 6) > 0 ?
			    sqlite3_column_int64(pay, 6) : 0);
		if (sqlite3_column_type(recs, 8) != SQLITE_NULL) {
			/* An amount given but unreadable is not an absent one. */
			error("%s:%s: %s: the amount cannot be read (%s); the"
			    " return is not taken", src, rid, e2e, text(recs, 8));
		} else if (sqlite3_column_type(recs, 7) != SQLITE_NULL &&
		    sqlite3_column_int64(recs, 7) != amount) {
			money_format(sqlite3_column_int64(recs, 7), a);
			money_format(amount, b);
			error("%s:%s: %s is %s of a payment of %s; partial"
			    " returns are not taken", src, rid, e2e, a, b);
		} else if (!expense || !bank) {
			error("%s:%s: no %s account for '%s' in %s", src, rid,
			    expense ? "bank" : "expense",
			    expense ? text(pay, 5) : text(pay, 4),
			    c->accounts_path);
		} else if (strcmp(status, "confirmed") == 0 &&
		    strcmp(was, "issued") == 0) {
			book(st, ins, date, "confirm", id, payable, bank, amount);
			r->confirmed++;
			goto apply;
		} else if (strcmp(status, "rejected") == 0 &&
		    strcmp(was, "issued") == 0) {
			reverse(st, ins, date, "reject", id, payable, expense,
			    receivable, amount, recovered);
			r->rejected++;
			goto apply;
		} else if (strcmp(status, "returned") == 0 &&
		    (strcmp(was, "issued") == 0 ||
		    strcmp(was, "confirmed") == 0)) {
			if (strcmp(was, "confirmed") == 0)
				book(st, ins, date, "return", id, bank,
				    payable, amount);
			reverse(st, ins, date, "return", id, payable, expense,
			    receivable, amount, recovered);
			r->returned++;
			goto apply;
		} else {
			error("%s:%s: payment %s is %s; it cannot be %s", src,
			    rid, e2e, was, status);
		}
		applied(st, mark, recs, id, "refused");
		r->refused++;
		sqlite3_reset(pay);
		continue;
apply:
		sqlite3_bind_int64(setst, 1, id);
		sqlite3_bind_text(setst, 2, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(setst, 3, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(setst, 4, date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(setst, 5, st->run_id);
		store_step(st, setst, "cannot keep a payment's status");
		sqlite3_reset(setst);
		if (strcmp(status, "confirmed") != 0) {
			sqlite3_bind_int64(unpay, 1, id);
			sqlite3_bind_text(unpay, 2, reason ? reason : status,
			    -1, SQLITE_STATIC);
			sqlite3_bind_int64(unpay, 3, amount - recovered);
			store_step(st, unpay, "cannot put an entitlement back");
			sqlite3_reset(unpay);
		}
		applied(st, mark, recs, id, status);
		sqlite3_reset(pay);
	}
	sqlite3_finalize(recs);
	sqlite3_finalize(pay);
	sqlite3_finalize(mark);
	sqlite3_finalize(ins);
	sqlite3_finalize(setst);
	sqlite3_finalize(unpay);
}

/* ---- issuing ---- */


/*
 * What is owed on every unsettled entitlement of the period or before,
 * with everything needed to pay it or to say why not.
 */
static const char plan_sql[] =
	"CREATE TEMP TABLE plan AS"
	" WITH c AS (SELECT e.household_id AS household_id,"
	"  e.programme AS programme, e.person_id AS person_id,"
	"  e.period AS period,"
	"  (CASE WHEN e.status = 'open' THEN e.amount - e.withheld ELSE 0 END)"
	"  - e.paid AS amount,"
	"  CASE WHEN e.person_id <> '' THEN e.person_id"
	"  ELSE h.representative END AS payee"
	"  FROM entitlement e LEFT JOIN household h"
	"  ON h.household_id = e.household_id"
	"  WHERE e.period <= :period AND e.paid <> CASE WHEN e.status = 'open'"
	"  THEN e.amount - e.withheld ELSE 0 END),"
	" a AS MATERIALIZED (SELECT c.*,"
	"  (SELECT count(*) FROM payment p WHERE " KEY_OF("p", "c")
	"  AND p.status IN ('issued', 'confirmed', 'booked')) AS live,"
	"  (SELECT count(*) FROM payment p WHERE " KEY_OF("p", "c") ") AS ever,"
	"  (SELECT p.iban FROM payment p WHERE " KEY_OF("p", "c")
	"  AND p.status IN ('rejected', 'returned')"
	"  ORDER BY p.payment_id DESC LIMIT 1) AS returned_iban,"
	"  coalesce((SELECT ap.iban FROM person_nid n JOIN src_application ap"
	"  ON ap.national_id = n.national_id WHERE n.person_id = c.payee"
	"  AND ap.ended IS NULL AND ap.iban IS NOT NULL AND NOT EXISTS"
	"  (SELECT 1 FROM src_bank b WHERE b.iban = ap.iban AND b.ended IS NULL"
	"  AND b.closed IS NOT NULL AND b.closed <= :as_of)"
	"  ORDER BY ap.application_date DESC, ap.record_id DESC LIMIT 1),"
	"  (SELECT b.iban FROM person_nid n JOIN src_bank b"
	"  ON b.national_id = n.national_id WHERE n.person_id = c.payee"
	"  AND b.ended IS NULL AND (b.closed IS NULL OR b.closed > :as_of)"
	"  ORDER BY b.opened DESC, b.record_id DESC LIMIT 1)) AS iban,"
	"  coalesce((SELECT nullif(trim(coalesce(v.first_name, '') || ' ' ||"
	"  coalesce(v.last_name, '')), '') FROM person_nid n JOIN src_civil v"
	"  ON v.national_id = n.national_id WHERE n.person_id = c.payee"
	"  AND v.ended IS NULL ORDER BY v.record_id LIMIT 1),"
	"  (SELECT nullif(trim(coalesce(v.first_name, '') || ' ' ||"
	"  coalesce(v.last_name, '')), '') FROM link l JOIN src_civil v"
	"  ON v.source = l.source AND v.record_id = l.record_id"
	"  WHERE l.person_id = c.payee AND v.ended IS NULL"
	"  ORDER BY v.record_id LIMIT 1),"
	"  (SELECT nullif(trim(coalesce(v.first_name, '') || ' ' ||"
	"  coalesce(v.last_name, '')), '') FROM person_nid n"
	"  JOIN src_application v ON v.national_id = n.national_id"
	"  WHERE n.person_id = c.payee AND v.ended IS NULL"
	"  ORDER BY v.application_date DESC, v.record_id LIMIT 1),"
	"  (SELECT nullif(trim(coalesce(v.first_name, '') || ' ' ||"
	"  coalesce(v.last_name, '')), '') FROM link l JOIN src_person v"
	"  ON v.source = l.source AND v.record_id = l.record_id"
	"  WHERE l.person_id = c.payee AND v.ended IS NULL"
	"  ORDER BY v.record_id LIMIT 1),"
	"  (SELECT b.holder_name FROM person_nid n JOIN src_bank b"
	"  ON b.national_id = n.national_id WHERE n.person_id = c.payee"
	"  AND b.ended IS NULL ORDER BY b.opened DESC, b.record_id DESC"
	"  LIMIT 1)) AS name"
	"  FROM c)"
	" SELECT a.*,"
	"  CASE WHEN amount < 0 THEN 'recovery' WHEN live > 0 THEN 'correction'"
	"  WHEN ever > 0 THEN 'reissue' WHEN period = :period THEN 'period'"
	"  ELSE 'arrears' END AS kind,"
	"  CASE WHEN amount < 0 THEN NULL"
	"  WHEN payee IS NULL THEN 'NO_PAYEE'"
	"  WHEN iban IS NULL THEN 'NO_ACCOUNT'"
	"  WHEN NOT pay_iban_ok(iban) THEN 'INVALID_IBAN'"
	"  WHEN iban = returned_iban THEN 'ACCOUNT_RETURNED'"
	"  WHEN name IS NULL THEN 'NO_NAME'"
	"  WHEN NOT pay_name_ok(name, :ascii) THEN 'NAME_NOT_WRITABLE'"
	"  END AS hold"
	" FROM a";

int
pay_last_message(struct store *st, const char *period, char id[36])
{
	sqlite3_stmt *s = store_prepare(st, "SELECT message_id FROM pay_batch"
	    " WHERE period = ?1 ORDER BY seq DESC LIMIT 1");
	int found = 0;

	sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	if (store_step(st, s, "cannot read the messages") == SQLITE_ROW) {
		snprintf(id, 36, "%s", text(s, 0));
		found = 1;
	}
	sqlite3_finalize(s);
	return found ? 0 : -1;
}

/* Fills temp.chart with the chart's lines, for the statements to join. */
static void
chart_table(struct store *st, const struct pay_config *c)
{
	sqlite3_stmt *s;
	size_t i;

	store_exec(st, "DROP TABLE IF EXISTS temp.chart;"
	    " CREATE TEMP TABLE chart (role TEXT, key TEXT, account TEXT,"
	    " PRIMARY KEY (role, key))");
	s = store_prepare(st, "INSERT INTO temp.chart VALUES (?1, ?2, ?3)");
	for (i = 0; i < c->nacct; i++) {
		sqlite3_bind_text(s, 1, c->acct[i].role, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, c->acct[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, c->acct[i].account, -1, SQLITE_STATIC);
		store_step(st, s, "cannot keep the chart of accounts");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
}

#define EXPENSE_OF(prog) \
	"coalesce((SELECT account FROM temp.chart WHERE role = 'expense'" \
	" AND key = " prog "), (SELECT account FROM temp.chart" \
	" WHERE role = 'expense' AND key = '*'))"

void
pay_issue(struct store *st, const struct pay_config *c,
	const struct pay_bank *b, const char *period, const char *as_of,
	struct tsv *held, struct pay_issued *out)
{
	sqlite3_stmt *s;
	int64_t base, seq;
	int k;

	memset(out, 0, sizeof *out);
	sqlite3_create_function(st->db, "pay_name_ok", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_name_ok, NULL, NULL);
	sqlite3_create_function(st->db, "pay_iban_ok", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_iban_ok, NULL, NULL);
	chart_table(st, c);
	store_exec(st, "DROP TABLE IF EXISTS temp.plan");
	s = store_prepare(st, plan_sql);
	store_bind_text(s, ":period", period);
	store_bind_text(s, ":as_of", as_of);
	store_bind_int(s, ":ascii", b->ascii);
	store_step(st, s, "cannot find what is owed");
	sqlite3_finalize(s);

	s = store_prepare(st, "SELECT DISTINCT programme FROM temp.plan"
	    " WHERE hold IS NULL AND " EXPENSE_OF("programme") " IS NULL"
	    " ORDER BY 1");
	if (store_step(st, s, "cannot read the plan") == SQLITE_ROW)
		die("%s: no expense account for programme '%s' (and no '*')",
		    c->accounts_path, text(s, 0));
	sqlite3_finalize(s);

	/* The held lines: the store's list, and the file. */
	store_exec(st, "DELETE FROM pay_hold");
	s = store_prepare(st, "INSERT INTO pay_hold (household_id, programme,"
	    " person_id, period, kind, amount, reason, run_id)"
	    " SELECT household_id, programme, person_id, period, kind, amount,"
	    " hold, ?1 FROM temp.plan WHERE hold IS NOT NULL"
	    " RETURNING household_id, programme, person_id, period, kind,"
	    " amount, reason");
	sqlite3_bind_int64(s, 1, st->run_id);
	while (store_step(st, s, "cannot keep the held lines") == SQLITE_ROW) {
		out->held++;
		out->held_sum += sqlite3_column_int64(s, 5);
		if (held) {
			for (k = 0; k < 7; k++)
				if (k == 5)
					tsv_int(held, sqlite3_column_int64(s, k));
				else
					tsv_str(held, text(s, k));
			tsv_end(held);
		}
	}
	sqlite3_finalize(s);

	/* The message, when anything is to be sent. */
	s = store_prepare(st, "SELECT (SELECT count(*) FROM temp.plan WHERE"
	    " hold IS NULL AND amount > 0), coalesce((SELECT max(seq) FROM"
	    " pay_batch WHERE period = ?1), 0) + 1, coalesce((SELECT"
	    " max(payment_id) FROM payment), 0)");
	sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	store_step(st, s, "cannot read the plan");
	seq = sqlite3_column_int64(s, 1);
	base = sqlite3_column_int64(s, 2);
	if (sqlite3_column_int64(s, 0) > 0)
		snprintf(out->message_id, sizeof out->message_id,
		    "ISAS%.4s%.2s-%03lld", period, period + 5, (long long)seq);
	sqlite3_finalize(s);
	if (out->message_id[0]) {
		s = store_prepare(st, "INSERT INTO pay_batch (message_id, period,"
		    " seq, as_of, bank, bank_bic, debtor_name, debtor_iban,"
		    " charset, payments, total, run_id) VALUES (?1, ?2, ?3, ?4,"
		    " ?5, ?6, ?7, ?8, ?9, 0, 0, ?10)");
		sqlite3_bind_text(s, 1, out->message_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, period, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, seq);
		sqlite3_bind_text(s, 4, as_of, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, b->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, b->bic, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, b->debtor_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 8, b->debtor_iban, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 9, b->ascii ? "ascii" : "utf8", -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(s, 10, st->run_id);
		store_step(st, s, "cannot keep the message");
		sqlite3_finalize(s);
	}

	/* The payments, numbered in the order the file lists them. */
	s = store_prepare(st, "INSERT INTO payment (payment_id, end_to_end_id,"
	    " message_id, household_id, programme, person_id, period, kind,"
	    " seq, amount, payee, name, iban, status, run_id)"
	    " SELECT ?1 + row_number() OVER w,"
	    " printf('ISAS%012d', ?1 + row_number() OVER w),"
	    " CASE WHEN amount > 0 THEN ?2 END, household_id, programme,"
	    " person_id, period, kind, 1 + coalesce((SELECT max(p.seq)"
	    " FROM payment p WHERE " KEY_OF("p", "x") " AND p.kind = x.kind),"
	    " 0), amount, payee, CASE WHEN amount > 0 THEN name END,"
	    " CASE WHEN amount > 0 THEN iban END,"
	    " CASE WHEN amount > 0 THEN 'issued' ELSE 'booked' END, ?3"
	    " FROM temp.plan x WHERE hold IS NULL"
	    " WINDOW w AS (ORDER BY amount < 0, programme, household_id,"
	    " person_id, period, kind)");
	sqlite3_bind_int64(s, 1, base);
	if (out->message_id[0])
		sqlite3_bind_text(s, 2, out->message_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, st->run_id);
	store_step(st, s, "cannot issue the payments");
	sqlite3_finalize(s);

	store_exec(st, "UPDATE entitlement SET paid = paid + x.amount"
	    " FROM temp.plan x WHERE x.hold IS NULL AND "
	    KEY_OF("entitlement", "x"));

	s = store_prepare(st, "INSERT INTO journal (run_id, date, event,"
	    " payment_id, debit, credit, amount) SELECT ?1, ?2,"
	    " CASE WHEN amount > 0 THEN 'issue' ELSE 'recovery' END,"
	    " payment_id, CASE WHEN amount > 0 THEN " EXPENSE_OF("programme")
	    " ELSE (SELECT account FROM temp.chart WHERE role = 'receivable'"
	    " AND key = '*') END, CASE WHEN amount > 0 THEN (SELECT account"
	    " FROM temp.chart WHERE role = 'payable' AND key = '*') ELSE "
	    EXPENSE_OF("programme") " END, abs(amount) FROM payment"
	    " WHERE payment_id > ?3 ORDER BY payment_id");
	sqlite3_bind_int64(s, 1, st->run_id);
	sqlite3_bind_text(s, 2, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, base);
	store_step(st, s, "cannot book the payments");
	sqlite3_finalize(s);

	s = store_prepare(st, "SELECT kind, count(*), sum(amount) FROM payment"
	    " WHERE payment_id > ?1 GROUP BY kind");
	sqlite3_bind_int64(s, 1, base);
	while (store_step(st, s, "cannot count the payments") == SQLITE_ROW)
		for (k = 0; k < PK_N; k++)
			if (strcmp(text(s, 0), kind_names[k]) == 0) {
				out->n[k] = (uint64_t)sqlite3_column_int64(s, 1);
				out->sum[k] = sqlite3_column_int64(s, 2);
			}
	sqlite3_finalize(s);
	if (out->message_id[0]) {
		s = store_prepare(st, "UPDATE pay_batch SET (payments, total,"
		    " first_payment, last_payment) = (SELECT count(*),"
		    " sum(amount), min(payment_id), max(payment_id) FROM payment"
		    " WHERE payment_id > ?2 AND message_id = ?1)"
		    " WHERE message_id = ?1");
		sqlite3_bind_text(s, 1, out->message_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, base);
		store_step(st, s, "cannot count the message");
		sqlite3_finalize(s);
	}
	store_exec(st, "DROP TABLE temp.plan; DROP TABLE temp.chart");
}
