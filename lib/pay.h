/*
 * pay.h - payments: from entitlements to payments, bank returns, and the
 * double-entry journal of both (isas-payfile's engine).
 *
 * What is owed on an entitlement is its amount less what sanctions
 * withhold (nothing once it is withdrawn); what has been paid of it is
 * kept on it (entitlement.paid), net of returns and recoveries.  A run for
 * a period issues the difference of every unsettled entitlement of that
 * period or before as one payment, labelled by kind:
 *
 *	period      the period's own payment
 *	arrears     an earlier period never paid
 *	correction  more owed on a period already paid (recomputed)
 *	reissue     again after the bank returned or rejected the payment
 *	recovery    less owed than was paid: booked as a receivable, not sent
 *
 * A payment settles its key (household, programme, person, period, kind,
 * seq), which the store holds once; seq counts payments of the same kind
 * on the same entitlement.  Persons are in the key for the programmes
 * paid to a person (person_id not empty); household programmes are paid
 * to the household's representative.  The account is the IBAN of the
 * payee's latest application whose account the bank registry does not
 * have closed, else the latest-opened open account in the registry.  A line without a
 * payee, a valid account, or a name the bank's character set can carry
 * is held (listed, not paid), and so is a reissue to the very account
 * that returned it.
 *
 * All amounts are kuruş.  Everything happens in the caller's transaction.
 */
#ifndef ISAS_PAY_H
#define ISAS_PAY_H

#include <stdint.h>

#include "buf.h"
#include "store.h"
#include "tsv.h"

/* A bank the files are made for: a line of banks.tsv. */
struct pay_bank {
	char *code, *name, *bic, *debtor_name, *debtor_iban;
	int ascii;		/* names transliterated to ASCII */
};

/* A line of the chart of accounts (accounts.tsv). */
struct pay_account {
	char *role, *key, *account;
};

struct pay_config {
	char *banks_path, *accounts_path;
	char banks_sha256[65], accounts_sha256[65];
	uint64_t banks_bytes, accounts_bytes;
	struct pay_bank *bank;
	size_t nbank, bankcap;
	struct pay_account *acct;
	size_t nacct, acctcap;
};

/*
 * Reads the banks and the chart of accounts.  Every bad line is told
 * (file:line: what is wrong); returns NULL when there was any.
 */
struct pay_config *pay_config_load(const char *banks, const char *accounts);
void pay_config_free(struct pay_config *c);

/* The bank of code, the first one when code is NULL; NULL when none. */
const struct pay_bank *pay_bank_find(const struct pay_config *c,
	const char *code);

/* The account of role for key (a programme or bank code), else the
 * role's "*" line; NULL when neither. */
const char *pay_account(const struct pay_config *c, const char *role,
	const char *key);

/*
 * Appends s as the bank's character set carries it: as it is (UTF-8), or
 * with ascii the Turkish and Azerbaijani letters and common accented
 * Latin letters transliterated (ş s, ı i, İ I, ə e, â a...).  Returns 0,
 * or -1 (out unchanged) when s has a character that cannot be written:
 * a control character, or with ascii a letter it has no transliteration
 * for.  Never drops or replaces a character silently.
 */
int pay_text(const char *s, int ascii, struct buf *out);

/* What the bank returns applied. */
struct pay_returns {
	uint64_t confirmed, rejected, returned, refused;
};

/*
 * Applies every bank return record (src_bankreturn) not applied before,
 * in order of return date: a confirmation books payables against the
 * bank; a rejection or return reverses the payment's entries with new
 * ones dated the return, takes the amount off what was paid of the
 * entitlement (so the next run issues it again, as a reissue) and flags
 * the entitlement with the reason (the reason of its last return).  What
 * a recovery had already booked as owed back is settled by the returned
 * money (payables against the receivable), so it is not owed again.  A
 * record that does not fit (no such payment in that message, another
 * amount, a status the payment cannot take) is told and kept as refused,
 * and tried again when the record changes.
 */
void pay_apply_returns(struct store *st, const struct pay_config *c,
	struct pay_returns *r);

enum pay_kind { PK_PERIOD, PK_ARREARS, PK_CORRECTION, PK_REISSUE,
	PK_RECOVERY, PK_N };

/* The kind's word ("period", "arrears"...). */
const char *pay_kind_name(enum pay_kind k);

struct pay_issued {
	char message_id[36];	/* the message issued, or "" */
	uint64_t n[PK_N];	/* payments by kind */
	int64_t sum[PK_N];	/* and their amounts */
	uint64_t held;
	int64_t held_sum;
};

/*
 * Issues what is owed for period ("YYYY-MM") and before: one new message
 * to bank b dated as_of (when there is anything to send), recoveries
 * booked, journal entries for both.  Held lines replace the store's list
 * (pay_hold) and are written to held when not NULL (household_id,
 * programme, person_id, period, kind, amount_kurus, reason).  Dies (exit
 * 2) when a programme has no expense account.
 */
void pay_issue(struct store *st, const struct pay_config *c,
	const struct pay_bank *b, const char *period, const char *as_of,
	struct tsv *held, struct pay_issued *out);

/*
 * The message of period that a run which issued nothing prints again:
 * the latest one.  Writes its id to id[36]; returns 0, or -1 when the
 * period has none.
 */
int pay_last_message(struct store *st, const char *period, char id[36]);

#endif
