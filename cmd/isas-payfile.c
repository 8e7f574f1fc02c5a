/*
 * isas-payfile - turns entitlements into payments: applies the bank's
 * returns and confirmations, issues what is owed for a period (and the
 * arrears, corrections, reissues and recoveries of earlier ones) as one
 * message for the bank, books the journal, and lists what cannot be paid.
 * See isas-payfile(1) and lib/pay.h.
 *
 * Never twice: what has been paid of each entitlement is kept on it, and
 * only the difference is ever issued; a run that issues nothing prints the
 * period's last message again, byte for byte.  One transaction: the
 * commit comes after the bank file, the journal and the held list are
 * written and checked, so a run that dies issues nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bankfile.h"
#include "err.h"
#include "kinds.h"
#include "load.h"
#include "pay.h"
#include "store.h"
#include "tsv.h"
#include "value.h"

#define PROG "isas-payfile"
#define USAGE "usage: isas-payfile -S STORE [--period YYYY-MM] " \
	"[--as-of DATE] [--format pain001|pain001.03|csv] [--journal FILE] " \
	"[--held FILE] [--bank CODE] [--banks FILE] [--accounts FILE] " \
	"[--source NAME] [RETURNS...]"

#ifndef ISAS_ETCDIR
#define ISAS_ETCDIR "/usr/local/share/isas"
#endif

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Apply the bank's returns, issue what is owed for a period as one\n"
	    "payment file, and book the journal; never the same payment twice.\n"
	    "\n"
	    "  -S, --store STORE      the SQLite working store\n"
	    "      --period YYYY-MM   the month to pay (with its arrears and\n"
	    "                         corrections); without it only returns\n"
	    "      --as-of DATE       the day of the run, and of the file\n"
	    "                         (default: ISAS_AS_OF or today)\n"
	    "      --format FORMAT    pain001 (ISO 20022 pain.001.001.09, the\n"
	    "                         default), pain001.03, or csv\n"
	    "      --journal FILE     write the run's journal entries (ledger)\n"
	    "      --held FILE        write the lines owed but not paid, with why\n"
	    "      --bank CODE        the bank the file is for (default: the\n"
	    "                         first in the banks file)\n"
	    "      --banks FILE       default " ISAS_ETCDIR "/banks.tsv\n"
	    "      --accounts FILE    the chart of accounts, default\n"
	    "                         " ISAS_ETCDIR "/accounts.tsv\n"
	    "      --source NAME      the source RETURNS are loaded as\n"
	    "                         (default: bankreturn)\n"
	    "  -h, --help             show this help and exit\n"
	    "      --version          show the version and exit\n"
	    "\n"
	    "RETURNS are files of the bankreturn kind (CSV or TSV, gzip or\n"
	    "plain; - is standard input).  The payment file goes to standard\n"
	    "output.  Exit status: 0 done, 1 done but some rows or returns\n"
	    "refused, 2 trouble: nothing issued (a check of the file failed,\n"
	    "or an output could not be written).\n"
	    "See isas-payfile(1) and isas-formats(5).\n", USAGE);
	exit(0);
}

static void
tell(const char *period, const struct pay_issued *is, const char *printed,
	uint64_t count, int64_t sum, const struct pay_returns *rt)
{
	char a[32], h[32], rc[32];

	money_format(sum, a);
	money_format(is->held_sum, h);
	money_format(-is->sum[PK_RECOVERY], rc);
	if (!period)
		fprintf(stderr, "%s: no period: nothing issued;", PROG);
	else if (is->message_id[0])
		fprintf(stderr, "%s: %s: message %s: %llu payments, %s TRY"
		    " (%llu period, %llu arrears, %llu corrections,"
		    " %llu reissues);", PROG, period, is->message_id,
		    (unsigned long long)count, a,
		    (unsigned long long)is->n[PK_PERIOD],
		    (unsigned long long)is->n[PK_ARREARS],
		    (unsigned long long)is->n[PK_CORRECTION],
		    (unsigned long long)is->n[PK_REISSUE]);
	else if (printed)
		fprintf(stderr, "%s: %s: nothing new to pay; message %s"
		    " (%llu payments, %s TRY) printed again;", PROG, period,
		    printed, (unsigned long long)count, a);
	else
		fprintf(stderr, "%s: %s: nothing to pay;", PROG, period);
	if (period)
		fprintf(stderr, " %llu recoveries (%s TRY) booked; %llu held"
		    " (%s TRY);", (unsigned long long)is->n[PK_RECOVERY], rc,
		    (unsigned long long)is->held, h);
	fprintf(stderr, " returns: %llu confirmed, %llu rejected, %llu"
	    " returned, %llu refused\n", (unsigned long long)rt->confirmed,
	    (unsigned long long)rt->rejected, (unsigned long long)rt->returned,
	    (unsigned long long)rt->refused);
}

/* Closes t and records it as an output of the run; -1 on a write error. */
static int
close_output(struct store *st, struct tsv *t, const char *name)
{
	char hex[65];
	uint64_t bytes, rows;

	if (tsv_close(t, hex, &bytes, &rows) != 0)
		return -1;
	store_run_file(st, "output", name, hex, bytes, rows);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 'S' },
		{ "period", required_argument, NULL, 'P' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "journal", required_argument, NULL, 'j' },
		{ "held", required_argument, NULL, 'H' },
		{ "bank", required_argument, NULL, 'b' },
		{ "banks", required_argument, NULL, 'B' },
		{ "accounts", required_argument, NULL, 'A' },
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const held_cols[] = { "household_id", "programme",
		"person_id", "period", "kind", "amount_kurus", "reason", NULL };
	const char *store_path = NULL, *as_opt = NULL, *period = NULL;
	const char *format = "pain001", *journal_path = NULL, *held_path = NULL;
	const char *bank_code = NULL, *source = "bankreturn";
	const char *banks_path = ISAS_ETCDIR "/banks.tsv";
	const char *accounts_path = ISAS_ETCDIR "/accounts.tsv";
	const char *printed = NULL;
	struct pay_config *cfg;
	const struct pay_bank *bank;
	struct store *st;
	struct tsv *out, *jt = NULL, *ht = NULL;
	struct pay_issued is;
	struct pay_returns rt;
	enum bankfile_format bf;
	sqlite3_stmt *q;
	char as_of[11], again[36], hex[65];
	int32_t month;
	uint64_t rows_in = 0, changed = 0, rejected = 0, count = 0, bytes, rows;
	uint64_t issued = 0;
	int64_t sum = 0, booked;
	int c, i, refused_files = 0, failed = 0, status;

	err_init(PROG);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 'P': period = optarg; break;
		case 'a': as_opt = optarg; break;
		case 'f': format = optarg; break;
		case 'j': journal_path = optarg; break;
		case 'H': held_path = optarg; break;
		case 'b': bank_code = optarg; break;
		case 'B': banks_path = optarg; break;
		case 'A': accounts_path = optarg; break;
		case 's': source = optarg; break;
		case 'h': usage(0); break;
		case 'V': printf("%s %s\n", PROG, ISAS_VERSION); return 0;
		default:
			error_option(c, argv);
			usage(2);
		}
	}
	if (!store_path) {
		error("no store given (-S STORE)");
		usage(2);
	}
	if (period && (strlen(period) != 7 ||
	    month_parse(period, 7, &month) != 0)) {
		error("--period: not a month (YYYY-MM) '%s'", period);
		usage(2);
	}
	if (bankfile_format_parse(format, &bf) != 0) {
		error("--format: not pain001, pain001.03 or csv '%s'", format);
		usage(2);
	}
	if (store_as_of(as_opt, as_of, NULL) != 0) {
		error("--as-of: not a date '%s'", as_opt);
		usage(2);
	}
	if (!period && optind == argc) {
		error("nothing to do: give --period, or bank returns");
		usage(2);
	}
	if ((cfg = pay_config_load(banks_path, accounts_path)) == NULL)
		die("nothing issued: the banks or the chart of accounts cannot"
		    " be used");
	if ((bank = pay_bank_find(cfg, bank_code)) == NULL)
		die("--bank: no bank '%s' in %s", bank_code, banks_path);
	if (journal_path && (jt = tsv_open_pending(journal_path)) == NULL)
		exit(2);
	if (held_path) {
		if ((ht = tsv_open_pending(held_path)) == NULL)
			exit(2);
		tsv_header(ht, held_cols);
	}
	out = tsv_fdopen(1, "-");

	st = store_open(store_path, STORE_WRITE);
	store_run_begin(st, PROG, argc, argv, as_of);
	store_run_file(st, "input", banks_path, cfg->banks_sha256,
	    cfg->banks_bytes, cfg->nbank);
	store_run_file(st, "input", accounts_path, cfg->accounts_sha256,
	    cfg->accounts_bytes, cfg->nacct);
	store_exec(st, "PRAGMA cache_size = -262144;"
	    " PRAGMA temp.cache_size = -262144");

	if (optind < argc) {
		struct loader *l = loader_new(st, kind_find("bankreturn"),
		    source, as_of, NULL, NULL, NULL);

		for (i = optind; i < argc; i++)
			if (!loader_file(l, argv[i]))
				refused_files++;
		loader_tell(l);
		loader_counts(l, &rows_in, &changed, &rejected);
		loader_free(l);
	}
	pay_apply_returns(st, cfg, &rt);

	memset(&is, 0, sizeof is);
	if (period) {
		pay_issue(st, cfg, bank, period, as_of, ht, &is);
		if (is.message_id[0])
			printed = is.message_id;
		else if (pay_last_message(st, period, again) == 0) {
			printed = again;
			if (bank_code)
				warning("%s is printed again as issued, for its"
				    " own bank; --bank %s is not used", again,
				    bank_code);
		}
	}
	if (printed && bankfile_write(st, printed, bf, out, &count, &sum) != 0)
		failed = 1;
	if (jt)
		journal_write(st, cfg, jt);

	/* The journal's issue entries are the file's control sum. */
	q = store_prepare(st, "SELECT coalesce(sum(amount), 0) FROM journal"
	    " WHERE run_id = ?1 AND event = 'issue'");
	sqlite3_bind_int64(q, 1, st->run_id);
	store_step(st, q, "cannot read the journal");
	booked = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (!failed && booked != (is.message_id[0] ? sum : 0)) {
		error("the journal's issue entries (%lld kuruş) do not reconcile"
		    " with the file's control sum (%lld)", (long long)booked,
		    (long long)sum);
		failed = 1;
	}
	if (failed) {
		error("nothing issued: the payment file failed its checks");
		exit(2);
	}

	if ((jt && close_output(st, jt, journal_path) != 0) ||
	    (ht && close_output(st, ht, held_path) != 0)) {
		error("nothing issued: an output could not be written");
		exit(2);
	}
	if (tsv_close(out, hex, &bytes, &rows) != 0 || close(1) != 0) {
		error("nothing issued: the payment file could not be written");
		exit(2);
	}
	store_run_file(st, "output", "-", hex, bytes, count);
	tell(period, &is, printed, count, sum, &rt);
	status = rejected || refused_files || rt.refused ? 1 : 0;
	for (i = 0; i < PK_N; i++)
		issued += is.n[i];
	store_run_end(st, status ? "rejects" : "ok", rows_in, changed + issued +
	    rt.confirmed + rt.rejected + rt.returned, rejected + rt.refused);
	store_commit(st);
	store_close(st);
	tsv_publish();
	pay_config_free(cfg);
	return status;
}
