/*
 * isas-report - the monitor phase: reports on the store, as TSV, text
 * tables or SVG charts and maps, and the audit list of flags.
 *
 * This file parses the options and picks the report; what each report
 * counts is in lib/report.c, the flags in lib/flags.c, the pictures in
 * lib/chart.c.  The store is opened read-only, except by the report flags,
 * which is a run: it records the flags it finds and the auditors'
 * closures, in one transaction.  summary, caseload and payments named with
 * a FILE operand read that TSV stream instead of a store.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "flags.h"
#include "params.h"
#include "report.h"
#include "store.h"
#include "tsv.h"
#include "value.h"
#include "xalloc.h"

#define PROG "isas-report"
#define USAGE "usage: isas-report [-S STORE] [--as-of DATE] " \
	"[--by province|district] [--province PLATE] [--period YYYY-MM] " \
	"[--programme NAME] [--format tsv|text|svg] [--min-count N] " \
	"[--params FILE] [--geo DIR] [--status open|closed|gone|all] " \
	"[--close FILE] REPORT [HOUSEHOLD | FILE]"

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
	    "Print a report on the store: TSV, a text table, or an SVG picture.\n"
	    "\n"
	    "  -S, --store STORE      the SQLite working store\n"
	    "      --as-of DATE       the day reported on (default $ISAS_AS_OF,"
	    " or today)\n"
	    "      --by AREA          province (default) or district\n"
	    "      --province PLATE   only this province (1-81)\n"
	    "      --period YYYY-MM   only this month (caseload, payments)\n"
	    "      --programme NAME   the programme to draw (svg)\n"
	    "      --format FORMAT    tsv (default), text or svg\n"
	    "      --min-count N      withhold cells of fewer than N"
	    " households (default 5)\n"
	    "      --params FILE      dated parameters (default\n"
	    "                         " ISAS_ETCDIR "/params.tsv)\n"
	    "      --geo DIR          the boundaries (default " ISAS_ETCDIR
	    "/geo)\n"
	    "      --status STATUS    flags to list: open (default), closed,"
	    " gone, all\n"
	    "      --close FILE       flags: apply an auditor's closures\n"
	    "  -h, --help             show this help and exit\n"
	    "      --version          show the version and exit\n"
	    "\n"
	    "Reports on the store:\n"
	    "  summary      the night's counts: records, linkage, decisions,"
	    " sanctions, payments\n"
	    "  caseload     households entitled, by area, programme and period\n"
	    "  payments     payments by area, programme and pay period,"
	    " reconciled\n"
	    "  transitions  beneficiaries moving into insured employment\n"
	    "  hss          the Household Support System's target households\n"
	    "  flags        the audit list (a run: it records what it finds)\n"
	    "  decisions HOUSEHOLD  everything decided about one household,"
	    " and why\n"
	    "  manifest     the runs recorded, with their files' hashes\n"
	    "  links, review, unattached  the linkage of isas-match\n"
	    "Reports on a TSV stream (FILE, - for stdin), without -S:\n"
	    "  summary FILE the rows of a stream counted by their kind\n"
	    "  caseload FILE, payments FILE  their TSV again, as text or svg\n"
	    "\n"
	    "Exit status: 0 printed, 1 a check failed or a line was refused,"
	    " 2 trouble.\n"
	    "See isas-report(1) and isas-formats(5).\n", USAGE);
	exit(0);
}

enum need { N_STORE = 1, N_LINKAGE = 2, N_PARAMS = 4, N_ARG = 8,
	N_WRITE = 16, N_STREAM = 32, N_SVG = 64 };

static const struct {
	const char *name;
	void (*run)(struct report *);
	int need;
} reports[] = {
	{ "summary", report_summary, N_STORE | N_STREAM },
	{ "caseload", report_caseload, N_STORE | N_SVG | N_STREAM },
	{ "payments", report_payments, N_STORE | N_SVG | N_STREAM },
	{ "transitions", report_transitions, N_STORE | N_LINKAGE | N_PARAMS },
	{ "hss", report_hss, N_STORE | N_LINKAGE | N_PARAMS },
	{ "flags", report_flags, N_STORE | N_LINKAGE | N_PARAMS | N_WRITE },
	{ "decisions", report_decisions, N_STORE | N_ARG },
	{ "manifest", report_manifest, N_STORE },
	{ "links", report_links, N_STORE | N_LINKAGE },
	{ "review", report_review, N_STORE | N_LINKAGE },
	{ "unattached", report_unattached, N_STORE | N_LINKAGE },
};
#define NREPORTS (sizeof reports / sizeof reports[0])

/*
 * Dies unless isas-match has run on the store (its tables are there: the
 * store is of this program's schema, see require_schema, or was brought
 * up to it by opening it for writing).
 */
static void
require_linkage(struct store *s)
{
	sqlite3_stmt *st;
	int ok;

	st = store_prepare(s, "SELECT EXISTS (SELECT 1 FROM run"
	    " WHERE program = 'isas-match')");
	store_step(s, st, "cannot read the runs");
	ok = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!ok)
		die("%s: no linkage in the store; run isas-match first", s->path);
}

/*
 * Dies unless the store is of the program's schema: a report reads the
 * tables of every program, and an older store lacks some (a program that
 * writes brings it up to date).
 */
static void
require_schema(struct store *s)
{
	sqlite3_stmt *st;
	int ver;

	st = store_prepare(s, "SELECT user_version FROM pragma_user_version");
	store_step(s, st, "cannot read the schema");
	ver = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (ver < STORE_SCHEMA_VERSION)
		die("%s: store schema version %d is older than this program's"
		    " %d; any program that writes the store (isas-ingest ...)"
		    " brings it up to date", s->path, ver,
		    STORE_SCHEMA_VERSION);
}

/* The latest month with a payment, for the flags; NULL when none. */
static char *
latest_period(struct store *s)
{
	sqlite3_stmt *st;
	char *p = NULL;

	st = store_prepare(s, "SELECT max(period) FROM pay_batch");
	if (store_step(s, st, "cannot read the messages") == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		p = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return p;
}

/*
 * Writes the rest of the report and closes standard output; r->out is
 * then NULL.  Returns 0, or -1 after saying what failed.
 */
static int
close_out(struct report *r)
{
	int rc = tsv_close(r->out, NULL, NULL, NULL);

	r->out = NULL;
	if (rc == 0 && close(1) != 0) {
		error("-: write error: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

/*
 * The report flags: a run that finds the flags of the day, applies the
 * auditors' closures and lists the flags.  Returns the exit status.
 */
static int
run_flags(struct report *r, const char *store_path, const char *close_path,
	int argc, char **argv)
{
	struct flags_count n = { 0 };
	uint64_t bad = 0;
	char *period;

	r->s = store_open(store_path, STORE_WRITE);
	require_linkage(r->s);
	store_run_begin(r->s, PROG, argc, argv, r->as_of);
	if (r->ps)
		store_run_file(r->s, "input", r->ps->path, r->ps->sha256,
		    r->ps->bytes, r->ps->n);
	period = r->period ? xstrdup(r->period) : latest_period(r->s);
	flags_refresh(r->s, r->as_of, r->day, period, r->ps, &n);
	if (close_path)
		bad = flags_close(r->s, close_path, &n);
	report_flags(r);
	fprintf(stderr, "%s: %" PRIu64 " flags found: %" PRIu64 " new, %" PRIu64
	    " open again, %" PRIu64 " gone, %" PRIu64 " closed or opened by"
	    " an auditor\n", PROG, n.found, n.opened, n.reopened, n.gone,
	    n.closed_by_note);
	/* The list is written whole before the commit: a run is never
	 * recorded without its flags told. */
	if (close_out(r) != 0) {
		error("nothing recorded: the flags could not be written");
		free(period);
		return 2;
	}
	store_run_end(r->s, bad ? "refused" : "ok", n.found, n.opened +
	    n.reopened + n.gone + n.closed_by_note, bad);
	store_commit(r->s);
	free(period);
	return bad ? 1 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 'S' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "province", required_argument, NULL, 'P' },
		{ "period", required_argument, NULL, 'p' },
		{ "programme", required_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "min-count", required_argument, NULL, 'm' },
		{ "params", required_argument, NULL, 'r' },
		{ "geo", required_argument, NULL, 'G' },
		{ "status", required_argument, NULL, 's' },
		{ "close", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *store_path = NULL, *as_of = NULL, *format = "tsv";
	const char *params_path = NULL, *close_path = NULL, *stream = NULL;
	struct report r;
	struct params *ps = NULL;
	size_t i;
	int c, status = 0;
	char *end;
	long v;
	int32_t month;

	err_init(PROG);
	memset(&r, 0, sizeof r);
	r.min_count = 5;
	r.geodir = ISAS_ETCDIR "/geo";
	r.status = "open";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 'a': as_of = optarg; break;
		case 'b':
			if (strcmp(optarg, "province") == 0)
				r.by = REPORT_BY_PROVINCE;
			else if (strcmp(optarg, "district") == 0)
				r.by = REPORT_BY_DISTRICT;
			else {
				error("--by: '%s' is not province or district",
				    optarg);
				usage(2);
			}
			break;
		case 'P':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 81) {
				error("--province: '%s' is not a plate code"
				    " (1-81)", optarg);
				usage(2);
			}
			r.province = (int)v;
			break;
		case 'p':
			if (month_parse(optarg, strlen(optarg), &month) != 0) {
				error("--period: '%s' is not a month (YYYY-MM)",
				    optarg);
				usage(2);
			}
			r.period = optarg;
			break;
		case 'g': r.programme = optarg; break;
		case 'f': format = optarg; break;
		case 'm':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 1000000) {
				error("--min-count: '%s' is not a count from 1",
				    optarg);
				usage(2);
			}
			r.min_count = v;
			break;
		case 'r': params_path = optarg; break;
		case 'G': r.geodir = optarg; break;
		case 's':
			if (strcmp(optarg, "open") && strcmp(optarg, "closed") &&
			    strcmp(optarg, "gone") && strcmp(optarg, "all")) {
				error("--status: '%s' is not open, closed, gone"
				    " or all", optarg);
				usage(2);
			}
			r.status = optarg;
			break;
		case 'c': close_path = optarg; break;
		case 'h': usage(0); break;
		case 'V': printf("%s %s\n", PROG, ISAS_VERSION); return 0;
		default:
			error_option(c, argv);
			usage(2);
		}
	}
	if (optind >= argc) {
		error("no report given");
		usage(2);
	}
	for (i = 0; i < NREPORTS; i++)
		if (strcmp(argv[optind], reports[i].name) == 0)
			break;
	if (i == NREPORTS) {
		error("unknown report '%s'", argv[optind]);
		usage(2);
	}
	if (reports[i].need & N_ARG) {
		if (argc - optind < 2) {
			error("%s: no household given", reports[i].name);
			usage(2);
		}
		r.arg = argv[optind + 1];
	} else if (argc - optind > 1 && (reports[i].need & N_STREAM)) {
		stream = argv[optind + 1];
	}
	if (argc - optind > 2 || (argc - optind > 1 && !r.arg && !stream)) {
		error("extra operand '%s'", argv[optind + (r.arg || stream ?
		    2 : 1)]);
		usage(2);
	}
	if (stream && store_path) {
		error("%s: a stream (%s) or a store (-S), not both",
		    reports[i].name, stream);
		usage(2);
	}
	if (!stream && !store_path) {
		error("no store given (-S STORE)");
		usage(2);
	}
	if (strcmp(format, "tsv") == 0)
		r.format = RTAB_TSV;
	else if (strcmp(format, "text") == 0)
		r.format = RTAB_TEXT;
	else if (strcmp(format, "svg") == 0 && (reports[i].need & N_SVG))
		r.svg = stdout;
	else {
		error("--format: '%s' is not tsv or text%s", format,
		    (reports[i].need & N_SVG) ? " or svg" :
		    " (only caseload and payments are drawn)");
		usage(2);
	}
	if (close_path && !(reports[i].need & N_WRITE)) {
		error("--close: only with the report flags");
		usage(2);
	}
	if (store_as_of(as_of, r.as_of, &r.day) != 0) {
		error("--as-of: '%s' is not a date (YYYY-MM-DD)", as_of);
		usage(2);
	}
	if ((reports[i].need & N_PARAMS) || params_path) {
		ps = params_load(params_path ? params_path :
		    ISAS_ETCDIR "/params.tsv");
		if (!ps)
			return 2;
		r.ps = ps;
	}

	r.out = tsv_fdopen(1, "-");
	if (stream && strcmp(reports[i].name, "summary") == 0) {
		report_stream_summary(&r, stream);
	} else if (stream) {
		report_stream_table(&r, stream,
		    strcmp(reports[i].name, "payments") == 0);
	} else if (reports[i].need & N_WRITE) {
		status = run_flags(&r, store_path, close_path, argc, argv);
	} else {
		r.s = store_open(store_path, STORE_READ);
		require_schema(r.s);
		if (reports[i].need & N_LINKAGE)
			require_linkage(r.s);
		reports[i].run(&r);
	}
	if (r.svg && fflush(stdout) != 0) {
		error("-: write error: %s", strerror(errno));
		status = 2;
	}
	/* The flags closed it already. */
	if (r.out && close_out(&r) != 0)
		status = 2;
	if (r.s)
		store_close(r.s);
	params_free(ps);
	if (r.failed > status)
		status = r.failed;
	return status;
}
