/*
 * bankfile.h - writing a message of payments for the bank, and the
 * journal of a run.
 *
 * A message is written from the store alone (pay_batch and its payments:
 * the names and accounts as they were issued, the creation time of its
 * as-of day), so writing it again gives the same bytes.  Formats:
 *
 *	pain.001.001.09  ISO 20022 customer credit transfer initiation
 *	pain.001.001.03  the same in the older version many banks still take
 *	csv              one line a payment (RFC 4180), with a header
 *
 * Before a byte is written, and again while writing, the checks that the
 * schema cannot make: the number of payments and the control sum of the
 * group header and of each payment information block against the sums
 * of the lines, amounts positive with two decimals, every IBAN's check
 * digits, every end-to-end id unique and at most 35 characters, every name
 * writable in the bank's character set and at most 140 characters.
 */
#ifndef ISAS_BANKFILE_H
#define ISAS_BANKFILE_H

#include <stdint.h>

#include "pay.h"
#include "store.h"
#include "tsv.h"

enum bankfile_format { BF_PAIN001_09, BF_PAIN001_03, BF_CSV };

/* Parses a --format word ("pain001", "pain001.09", "pain001.03", "csv");
 * returns 0, or -1 when it is none of them. */
int bankfile_format_parse(const char *s, enum bankfile_format *f);

/*
 * Writes message message_id in format f to out.  Returns 0; -1 after a
 * message when a check fails (the output is then not to be used).
 * *count and *sum get the number of payments and their total.
 */
int bankfile_write(struct store *st, const char *message_id,
	enum bankfile_format f, struct tsv *out, uint64_t *count,
	int64_t *sum);

/*
 * Writes the journal entries the current run booked (st->run_id) as a
 * plain-text accounting journal that ledger(1) and hledger(1) read: the
 * accounts and commodity declared, one transaction per entry, dated, with
 * the payment's end-to-end id as its code, its two postings of one amount
 * (debit positive, credit negative), so every transaction balances.
 */
void journal_write(struct store *st, const struct pay_config *c,
	struct tsv *out);

#endif
