/*
 * bankfile.c - a message of payments for the bank (ISO 20022 pain.001 by
 * libxml2's text writer, or CSV) and the run's journal (see bankfile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bankfile.h"
#include "buf.h"
#include "err.h"
#include "value.h"
#include "xalloc.h"
#include "xmlout.h"

int
bankfile_format_parse(const char *s, enum bankfile_format *f)
{
	if (strcmp(s, "pain001") == 0 || strcmp(s, "pain001.09") == 0)
		*f = BF_PAIN001_09;
	else if (strcmp(s, "pain001.03") == 0)
		*f = BF_PAIN001_03;
	else if (strcmp(s, "csv") == 0)
		*f = BF_CSV;
	else
		return -1;
	return 0;
}

static const char *
text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

/* The message's header, as issued. */
struct batch {
	char *message_id, *period, *as_of, *bank, *bic, *debtor_name,
	    *debtor_iban;
	int ascii;
	int64_t payments, total, first, last;
};

static void
batch_release(struct batch *b)
{
	free(b->message_id);
	free(b->period);
	free(b->as_of);
	free(b->bank);
	free(b->bic);
	free(b->debtor_name);
	free(b->debtor_iban);
}

/* ---- the writer: libxml2's, or lines of CSV ---- */

struct out {
	enum bankfile_format f;
	struct tsv *t;
	struct xmlout x;
	struct buf tmp;
};

static int
xml_write(void *ctx, const char *p, int n)
{
	tsv_raw(ctx, p, (size_t)n);
	return n;
}

/* <a><b>value</b></a> */
static void
element2(struct xmlout *x, const char *a, const char *b, const char *value)
{
	xmlout_start(x, a);
	xmlout_element(x, b, value);
	xmlout_end(x);
}

/* One CSV field (RFC 4180: quoted when it holds a comma, quote or line
 * break), after a comma unless first. */
static void
csv_field(struct out *o, const char *s, int first)
{
	const char *p;

	if (!first)
		tsv_raw(o->t, ",", 1);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		tsv_raw(o->t, s, strlen(s));
		return;
	}
	tsv_raw(o->t, "\"", 1);
	for (p = s; *p; p++) {
		if (*p == '"')
			tsv_raw(o->t, "\"", 1);
		tsv_raw(o->t, p, 1);
	}
	tsv_raw(o->t, "\"", 1);
}

static void
csv_line(struct out *o, const char *const *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		csv_field(o, f[i], i == 0);
	tsv_raw(o->t, "\r\n", 2);
}

static const char *const csv_header[] = { "message_id",
	"payment_information_id", "end_to_end_id", "execution_date",
	"debtor_iban", "programme", "creditor_name", "creditor_iban", "amount",
	"currency", "purpose", "remittance" };
#define CSV_NCOL (int)(sizeof csv_header / sizeof csv_header[0])

/* The debtor's side of a payment information block. */
static void
debtor(struct out *o, const struct batch *b, const char *name)
{
	xmlout_start(&o->x, "Dbtr");
	xmlout_element(&o->x, "Nm", name);
	xmlout_end(&o->x);
	xmlout_start(&o->x, "DbtrAcct");
	element2(&o->x, "Id", "IBAN", b->debtor_iban);
	xmlout_element(&o->x, "Ccy", "TRY");
	xmlout_end(&o->x);
	xmlout_start(&o->x, "DbtrAgt");
	element2(&o->x, "FinInstnId", o->f == BF_PAIN001_09 ? "BICFI" : "BIC",
	    b->bic);
	xmlout_end(&o->x);
}

static int
read_batch(struct store *st, const char *id, struct batch *b)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT message_id, period, as_of,"
	    " bank, bank_bic, debtor_name, debtor_iban, charset, payments,"
	    " total, first_payment, last_payment FROM pay_batch"
	    " WHERE message_id = ?1");
	int found;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	found = store_step(st, s, "cannot read the message") == SQLITE_ROW;
	if (found) {
		b->message_id = xstrdup(text(s, 0));
		b->period = xstrdup(text(s, 1));
		b->as_of = xstrdup(text(s, 2));
		b->bank = xstrdup(text(s, 3));
		b->bic = xstrdup(text(s, 4));
		b->debtor_name = xstrdup(text(s, 5));
		b->debtor_iban = xstrdup(text(s, 6));
		b->ascii = strcmp(text(s, 7), "ascii") == 0;
		b->payments = sqlite3_column_int64(s, 8);
		b->total = sqlite3_column_int64(s, 9);
		b->first = sqlite3_column_int64(s, 10);
		b->last = sqlite3_column_int64(s, 11);
	}
	sqlite3_finalize(s);
	return found ? 0 : -1;
}

/* A name as the bank's character set carries it, in o->tmp; -1 when it
 * cannot be or is longer than 140 characters. */
static const char *
bank_text(struct out *o, const char *s, int ascii)
{
	buf_reset(&o->tmp);
	if (pay_text(s, ascii, &o->tmp) != 0 || o->tmp.len == 0)
		return NULL;
	buf_addc(&o->tmp, '\0');
	return o->tmp.p;
}

/* 1 when the UTF-8 text s has more than n characters. */
static int
longer_than(const char *s, size_t n)
{
	size_t c = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80 && ++c > n)
			return 1;
	return 0;
}

int
bankfile_write(struct store *st, const char *message_id,
	enum bankfile_format f, struct tsv *t, uint64_t *count, int64_t *sum)
{
	static const char *const ns[] = {
		"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09",
		"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
	};
	struct out o = { .f = f, .t = t, .tmp = BUF_INIT };
	struct batch b;
	sqlite3_stmt *blocks, *tx;
	struct block {
		char *programme;
		int64_t n, sum;
	} *blk = NULL;
	size_t nblk = 0, blkcap = 0, k;
	char amt[32], cre[32], pid[48], last[36] = "";
	const char *dname, *name;
	int64_t n_all = 0, s_all = 0, nb, sb, n, s, a;
	int more, rc = -1;

	if (read_batch(st, message_id, &b) != 0) {
		error("no message '%s' in the store", message_id);
		return -1;
	}
	*count = 0;
	*sum = 0;
	/* The blocks' counts and sums, summed, must be the header's. */
	blocks = store_prepare(st, "SELECT programme, count(*), sum(amount)"
	    " FROM payment WHERE payment_id BETWEEN ?2 AND ?3"
	    " AND message_id = ?1 GROUP BY programme ORDER BY programme");
	sqlite3_bind_text(blocks, 1, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(blocks, 2, b.first);
	sqlite3_bind_int64(blocks, 3, b.last);
	while (store_step(st, blocks, "cannot read the message") == SQLITE_ROW) {
		xgrow((void **)&blk, &blkcap, nblk + 1, sizeof *blk);
		blk[nblk].programme = xstrdup(text(blocks, 0));
		blk[nblk].n = sqlite3_column_int64(blocks, 1);
		blk[nblk].sum = sqlite3_column_int64(blocks, 2);
		n_all += blk[nblk].n;
		s_all += blk[nblk].sum;
		nblk++;
	}
	sqlite3_finalize(blocks);
	if (n_all != b.payments || s_all != b.total || n_all == 0) {
		error("%s: the message holds %lld payments of %lld kuruş, its"
		    " header says %lld of %lld", message_id, (long long)n_all,
		    (long long)s_all, (long long)b.payments,
		    (long long)b.total);
		goto done;
	}
	if ((dname = bank_text(&o, b.debtor_name, b.ascii)) == NULL ||
	    longer_than(dname, 140)) {
		error("%s: the debtor's name '%s' cannot be written", message_id,
		    b.debtor_name);
		goto done;
	}
	dname = xstrdup(dname);
	snprintf(cre, sizeof cre, "%sT00:00:00", b.as_of);
	/* The payments, one pass in their order: the blocks follow one
	 * another, by programme, as the payments were numbered. */
	tx = store_prepare(st, "SELECT end_to_end_id, amount, name, iban,"
	    " household_id, period, kind, programme FROM payment"
	    " WHERE payment_id BETWEEN ?2 AND ?3 AND message_id = ?1"
	    " ORDER BY payment_id");
	sqlite3_bind_text(tx, 1, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(tx, 2, b.first);
	sqlite3_bind_int64(tx, 3, b.last);
	more = store_step(st, tx, "cannot read a payment") == SQLITE_ROW;

	if (f == BF_CSV) {
		csv_line(&o, csv_header, CSV_NCOL);
	} else {
		xmlout_begin(&o.x, xml_write, t, "  ");
		xmlout_start(&o.x, "Document");
		xmlout_attr(&o.x, "xmlns", ns[f == BF_PAIN001_03]);
		xmlout_start(&o.x, "CstmrCdtTrfInitn");
		xmlout_start(&o.x, "GrpHdr");
		xmlout_element(&o.x, "MsgId", message_id);
		xmlout_element(&o.x, "CreDtTm", cre);
		snprintf(amt, sizeof amt, "%lld", (long long)n_all);
		xmlout_element(&o.x, "NbOfTxs", amt);
		money_format(s_all, amt);
		xmlout_element(&o.x, "CtrlSum", amt);
		element2(&o.x, "InitgPty", "Nm", dname);
		xmlout_end(&o.x);
	}

	for (k = 0; k < nblk; k++) {
		const char *prog = blk[k].programme;

		nb = blk[k].n;
		sb = blk[k].sum;
		snprintf(pid, sizeof pid, "%s-%02d", message_id, (int)k + 1);
		if (f != BF_CSV) {
			xmlout_start(&o.x, "PmtInf");
			xmlout_element(&o.x, "PmtInfId", pid);
			xmlout_element(&o.x, "PmtMtd", "TRF");
			snprintf(amt, sizeof amt, "%lld", (long long)nb);
			xmlout_element(&o.x, "NbOfTxs", amt);
			money_format(sb, amt);
			xmlout_element(&o.x, "CtrlSum", amt);
			xmlout_start(&o.x, "PmtTpInf");
			element2(&o.x, "CtgyPurp", "Cd", "SSBE");
			xmlout_end(&o.x);
			if (f == BF_PAIN001_09)
				element2(&o.x, "ReqdExctnDt", "Dt", b.as_of);
			else
				xmlout_element(&o.x, "ReqdExctnDt", b.as_of);
			debtor(&o, &b, dname);
		}
		n = 0;
		s = 0;
		for (; more && strcmp(text(tx, 7), prog) == 0;
		    more = store_step(st, tx, "cannot read a payment") ==
		    SQLITE_ROW) {
			const char *e2e = text(tx, 0), *iban = text(tx, 3);
			char rmt[160];

			a = sqlite3_column_int64(tx, 1);
			if (a <= 0 || a >= INT64_C(100000000000000000)) {
				error("%s: %s: amount %lld kuruş out of range",
				    message_id, e2e, (long long)a);
				goto stop;
			}
			if (strlen(e2e) > 35 || strcmp(e2e, last) <= 0) {
				error("%s: end-to-end id '%s' too long or not"
				    " unique", message_id, e2e);
				goto stop;
			}
			snprintf(last, sizeof last, "%s", e2e);
			if (strlen(iban) < 15 || strlen(iban) > 34 ||
			    !iban_valid(iban, strlen(iban))) {
				error("%s: %s: the payee's IBAN fails its check"
				    " digits", message_id, e2e);
				goto stop;
			}
			if ((name = bank_text(&o, text(tx, 2), b.ascii)) == NULL
			    || longer_than(name, 140)) {
				error("%s: %s: the name cannot be written in the"
				    " bank's character set", message_id, e2e);
				goto stop;
			}
			money_format(a, amt);
			snprintf(rmt, sizeof rmt, "ISAS %s %s %s %.80s", prog,
			    text(tx, 5), text(tx, 6), text(tx, 4));
			n++;
			s += a;
			if (f == BF_CSV) {
				const char *line[CSV_NCOL] = { message_id, pid,
					e2e, b.as_of, b.debtor_iban, prog, name,
					iban, amt, "TRY", "SSBE", rmt };

				csv_line(&o, line, CSV_NCOL);
				continue;
			}
			xmlout_start(&o.x, "CdtTrfTxInf");
			element2(&o.x, "PmtId", "EndToEndId", e2e);
			xmlout_start(&o.x, "Amt");
			xmlout_start(&o.x, "InstdAmt");
			xmlout_attr(&o.x, "Ccy", "TRY");
			xmlout_text(&o.x, amt);
			xmlout_end(&o.x);
			xmlout_end(&o.x);
			element2(&o.x, "Cdtr", "Nm", name);
			xmlout_start(&o.x, "CdtrAcct");
			element2(&o.x, "Id", "IBAN", iban);
			xmlout_end(&o.x);
			element2(&o.x, "Purp", "Cd", "SSBE");
			element2(&o.x, "RmtInf", "Ustrd", rmt);
			xmlout_end(&o.x);
		}
		if (n != nb || s != sb) {
			error("%s: block %s: %lld payments of %lld kuruş written,"
			    " %lld of %lld counted", message_id, pid,
			    (long long)n, (long long)s, (long long)nb,
			    (long long)sb);
			goto stop;
		}
		*count += (uint64_t)n;
		*sum += s;
		if (f != BF_CSV)
			xmlout_end(&o.x);
	}
	if (more || (int64_t)*count != b.payments || *sum != b.total) {
		error("%s: %llu payments written, the header says %lld",
		    message_id, (unsigned long long)*count,
		    (long long)b.payments);
		goto stop;
	}
	if (f != BF_CSV && xmlout_finish(&o.x) != 0)
		error("%s: the XML writer failed", message_id);
	else
		rc = 0;
stop:
	xmlout_abandon(&o.x);
	sqlite3_finalize(tx);
	free((char *)dname);
done:
	for (k = 0; k < nblk; k++)
		free(blk[k].programme);
	free(blk);
	buf_release(&o.tmp);
	batch_release(&b);
	return rc;
}

/* ---- the journal ---- */

/* One posting line: four spaces, the account, two spaces, the amount. */
static void
posting(struct tsv *t, const char *account, int64_t amount)
{
	char a[32];

	money_format(amount, a);
	tsv_raw(t, "    ", 4);
	tsv_raw(t, account, strlen(account));
	tsv_raw(t, "  ", 2);
	tsv_raw(t, a, strlen(a));
	tsv_raw(t, " TRY\n", 5);
}

void
journal_write(struct store *st, const struct pay_config *c, struct tsv *t)
{
	sqlite3_stmt *s;
	struct buf b = BUF_INIT;
	int64_t amount;
	size_t i, j;

	buf_adds(&b, "; ISAS payments journal: the entries of run ");
	buf_printf(&b, "%lld", (long long)st->run_id);
	buf_adds(&b, " (isas-payfile)\ncommodity TRY\n");
	for (i = 0; i < c->nacct; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(c->acct[j].account, c->acct[i].account) == 0)
				break;
		if (j == i) {
			buf_adds(&b, "account ");
			buf_adds(&b, c->acct[i].account);
			buf_addc(&b, '\n');
		}
	}
	tsv_raw(t, b.p, b.len);
	s = store_prepare(st, "SELECT j.date, j.event, p.end_to_end_id,"
	    " p.programme, p.period, p.kind, p.household_id, p.message_id,"
	    " j.debit, j.credit, j.amount, p.reason_code FROM journal j"
	    " JOIN payment p ON p.payment_id = j.payment_id"
	    " WHERE j.run_id = ?1 ORDER BY j.entry_id");
	sqlite3_bind_int64(s, 1, st->run_id);
	while (store_step(st, s, "cannot read the journal") == SQLITE_ROW) {
		amount = sqlite3_column_int64(s, 10);
		buf_reset(&b);
		buf_printf(&b, "\n%s (%s) %s %s %s %s %s\n", text(s, 0),
		    text(s, 2), text(s, 1), text(s, 3), text(s, 4), text(s, 5),
		    text(s, 6));
		if (*text(s, 7))
			buf_printf(&b, "    ; message %s\n", text(s, 7));
		if (*text(s, 11) && (strcmp(text(s, 1), "reject") == 0 ||
		    strcmp(text(s, 1), "return") == 0))
			buf_printf(&b, "    ; reason %s\n", text(s, 11));
		tsv_raw(t, b.p, b.len);
		posting(t, text(s, 8), amount);
		posting(t, text(s, 9), -amount);
	}
	sqlite3_finalize(s);
	buf_release(&b);
}
