/*
 * isas-report - print reports on the store, as TSV.
 *
 * The reports of this file are those of the linkage that isas-match keeps:
 * the person of every record (links), the clerical-review list (review) and
 * the persons left outside any household (unattached).  The store is opened
 * read-only; each report is one or a few prepared queries whose rows are
 * streamed to the standard output, so memory does not grow with the store.
 * SQL text is built only from the names of known kinds and their columns
 * (lib/kinds.c), never from data.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "kinds.h"
#include "store.h"
#include "tsv.h"
#include "xalloc.h"

#define PROG "isas-report"
#define USAGE "usage: isas-report -S STORE links | review | unattached"

/* The identity columns of a record in the review list, in their order. */
static const char *const identity_cols[] = { "national_id", "first_name",
	"last_name", "sex", "birth_date", "address" };
#define NIDENTITY (sizeof identity_cols / sizeof identity_cols[0])

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Print a report on the linkage in the store, as TSV.\n"
	    "\n"
	    "  -S, --store STORE  the SQLite working store (opened read-only)\n"
	    "  -h, --help         show this help and exit\n"
	    "      --version      show the version and exit\n"
	    "\n"
	    "Reports:\n"
	    "  links       the person of every record of a kind with a national id\n"
	    "  review      the pairs of records left for clerical review\n"
	    "  unattached  the records of the persons in no household\n"
	    "\n"
	    "Exit status: 0 printed, 2 trouble.\n"
	    "See isas-report(1) and isas-formats(5).\n", USAGE);
	exit(0);
}

/* Writes column i of the current row of st as one field (NULL: empty). */
static void
put_column(struct tsv *t, sqlite3_stmt *st, int i)
{
	const char *p = (const char *)sqlite3_column_text(st, i);

	if (p)
		tsv_field(t, p, (size_t)sqlite3_column_bytes(st, i));
	else
		tsv_field(t, "", 0);
}

/*
 * Dies unless isas-match has run on the store: its schema must be of
 * version 2 or later, with the matcher's tables, and a run of isas-match
 * must be recorded.
 */
static void
require_linkage(struct store *s)
{
	sqlite3_stmt *st;
	int ok;

	st = store_prepare(s, "SELECT (SELECT user_version FROM"
	    " pragma_user_version) >= 2 AND EXISTS (SELECT 1 FROM sqlite_schema"
	    " WHERE type = 'table' AND name = 'person')");
	store_step(s, st, "cannot read the schema");
	ok = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (ok) {
		st = store_prepare(s, "SELECT EXISTS (SELECT 1 FROM run"
		    " WHERE program = 'isas-match')");
		store_step(s, st, "cannot read the runs");
		ok = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (!ok)
		die("%s: no linkage in the store; run isas-match first", s->path);
}

/*
 * links: one line per record of every source whose kind has a national id,
 * by source then record_id.  The person is that of the record's valid
 * national id, else that of its link, else empty.
 */
static void
report_links(struct store *s, struct tsv *t)
{
	static const char *const cols[] = { "source", "record_id",
		"person_id", NULL };
	sqlite3_stmt *src, *st;
	const struct kind_def *k;
	const char *kind;
	char sql[512];

	tsv_header(t, cols);
	src = store_prepare(s, "SELECT name, kind FROM source ORDER BY name");
	while (store_step(s, src, "cannot read the sources") == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(src, 1);
		if ((k = kind_find(kind)) == NULL) {
			warning("source '%s' is of kind '%s', unknown to this"
			    " program; left out",
			    (const char *)sqlite3_column_text(src, 0), kind);
			continue;
		}
		if (kind_column(k, "national_id") < 0)
			continue;
		snprintf(sql, sizeof sql, "SELECT r.record_id,"
		    " coalesce(n.person_id, l.person_id) FROM src_%s r"
		    " LEFT JOIN person_nid n ON n.national_id = r.national_id"
		    " LEFT JOIN link l ON r.national_id IS NULL"
		    " AND l.source = r.source AND l.record_id = r.record_id"
		    " WHERE r.source = ?1 ORDER BY r.record_id", k->name);
		st = store_prepare(s, sql);
		sqlite3_bind_value(st, 1, sqlite3_column_value(src, 0));
		while (store_step(s, st, "cannot read records") == SQLITE_ROW) {
			put_column(t, src, 0);
			put_column(t, st, 0);
			put_column(t, st, 1);
			tsv_end(t);
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(src);
}

/*
 * Prepares the identity query of kind k: the identity columns of one
 * record, given its source (?1) and record_id (?2); NULL for a column the
 * kind lacks.  A national id that failed its check is taken as read, from
 * the record's invalid values.  The caller finalizes the statement.
 */
static sqlite3_stmt *
prepare_identity(struct store *s, const struct kind_def *k)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int c;

	buf_adds(&sql, "SELECT ");
	for (i = 0; i < NIDENTITY; i++) {
		if (i)
			buf_adds(&sql, ", ");
		c = kind_column(k, identity_cols[i]);
		if (c < 0) {
			buf_adds(&sql, "NULL");
		} else if (strcmp(identity_cols[i], "national_id") == 0) {
			buf_adds(&sql, "coalesce(");
			buf_adds(&sql, k->col[c].name);
			buf_adds(&sql, ", json_extract(invalid, '$.national_id.raw'))");
		} else {
			buf_adds(&sql, k->col[c].name);
		}
	}
	buf_adds(&sql, " FROM src_");
	buf_adds(&sql, k->name);
	buf_adds(&sql, " WHERE source = ?1 AND record_id = ?2");
	st = store_prepare(s, buf_str(&sql));
	buf_release(&sql);
	return st;
}

/*
 * Writes the identity of one record: the columns of the review row from
 * col (source, record, kind) on.  The statements of the kinds are prepared
 * when first needed and kept in ident[], one per kind.
 */
static void
put_identity(struct store *s, struct tsv *t, sqlite3_stmt *row, int col,
	     sqlite3_stmt **ident)
{
	const char *kind = (const char *)sqlite3_column_text(row, col + 2);
	const struct kind_def *k = kind ? kind_find(kind) : NULL;
	sqlite3_stmt *st = NULL;
	size_t i, n = 0;

	if (k) {
		i = (size_t)(k - kinds);
		if (!ident[i])
			ident[i] = prepare_identity(s, k);
		st = ident[i];
		sqlite3_bind_value(st, 1, sqlite3_column_value(row, col));
		sqlite3_bind_value(st, 2, sqlite3_column_value(row, col + 1));
	}
	put_column(t, row, col);
	put_column(t, row, col + 1);
	if (st && store_step(s, st, "cannot read a record") == SQLITE_ROW)
		for (; n < NIDENTITY; n++)
			put_column(t, st, (int)n);
	for (; n < NIDENTITY; n++)
		tsv_field(t, "", 0);
	if (st)
		sqlite3_reset(st);
}

/*
 * review: the clerical-review list of the last isas-match run, by weight
 * (highest first), then by the two records.
 */
static void
report_review(struct store *s, struct tsv *t)
{
	static const char *const cols[] = { "weight", "reason",
		"source_a", "record_a", "national_id_a", "first_name_a",
		"last_name_a", "sex_a", "birth_date_a", "address_a",
		"source_b", "record_b", "national_id_b", "first_name_b",
		"last_name_b", "sex_b", "birth_date_b", "address_b",
		"breakdown", NULL };
	sqlite3_stmt *st, **ident;
	char w[64];
	size_t i;

	tsv_header(t, cols);
	ident = xcalloc(nkinds, sizeof *ident);
	st = store_prepare(s, "SELECT r.weight, r.reason,"
	    " r.source_a, r.record_a, sa.kind,"
	    " r.source_b, r.record_b, sb.kind, r.breakdown"
	    " FROM match_review r"
	    " LEFT JOIN source sa ON sa.name = r.source_a"
	    " LEFT JOIN source sb ON sb.name = r.source_b"
	    " ORDER BY r.weight DESC, r.source_a, r.record_a,"
	    " r.source_b, r.record_b");
	while (store_step(s, st, "cannot read the review list") == SQLITE_ROW) {
		snprintf(w, sizeof w, "%.2f", sqlite3_column_double(st, 0));
		tsv_str(t, strcmp(w, "-0.00") == 0 ? "0.00" : w);
		put_column(t, st, 1);
		put_identity(s, t, st, 2, ident);
		put_identity(s, t, st, 5, ident);
		put_column(t, st, 8);
		tsv_end(t);
	}
	sqlite3_finalize(st);
	for (i = 0; i < nkinds; i++)
		sqlite3_finalize(ident[i]);
	free(ident);
}

/*
 * unattached: the records of each person in no household, by person, then
 * source and record_id.  A person's records are those linked to it and
 * those of name-bearing kinds whose valid national id is its own.  A person
 * left with no record still gets one line, with the record empty.
 */
static void
report_unattached(struct store *s, struct tsv *t)
{
	static const char *const cols[] = { "person_id", "reason", "source",
		"record_id", NULL };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	size_t i;

	tsv_header(t, cols);
	buf_adds(&sql, "WITH r (person_id, source, record_id) AS ("
	    "SELECT l.person_id, l.source, l.record_id FROM unattached u"
	    " JOIN link l ON l.person_id = u.person_id");
	for (i = 0; i < nkinds; i++) {
		if (!kinds[i].person || kind_column(&kinds[i], "national_id") < 0)
			continue;
		buf_adds(&sql, " UNION SELECT n.person_id, x.source, x.record_id"
		    " FROM src_");
		buf_adds(&sql, kinds[i].name);
		buf_adds(&sql, " x JOIN person_nid n ON n.national_id ="
		    " x.national_id JOIN unattached u ON u.person_id = n.person_id");
	}
	buf_adds(&sql, ") SELECT u.person_id, u.reason, r.source, r.record_id"
	    " FROM unattached u LEFT JOIN r ON r.person_id = u.person_id"
	    " ORDER BY u.person_id, r.source, r.record_id");
	st = store_prepare(s, buf_str(&sql));
	buf_release(&sql);
	while (store_step(s, st, "cannot read the unattached persons")
	    == SQLITE_ROW) {
		for (i = 0; i < 4; i++)
			put_column(t, st, (int)i);
		tsv_end(t);
	}
	sqlite3_finalize(st);
}

static const struct {
	const char *name;
	void (*run)(struct store *, struct tsv *);
} reports[] = {
	{ "links", report_links },
	{ "review", report_review },
	{ "unattached", report_unattached },
};

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *store_path = NULL;
	struct store *st;
	struct tsv *out;
	size_t r;
	int c, status = 0;

	err_init(PROG);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
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
	if (optind >= argc) {
		error("no report given");
		usage(2);
	}
	if (argc - optind > 1) {
		error("extra operand '%s'", argv[optind + 1]);
		usage(2);
	}
	for (r = 0; r < sizeof reports / sizeof reports[0]; r++)
		if (strcmp(argv[optind], reports[r].name) == 0)
			break;
	if (r == sizeof reports / sizeof reports[0]) {
		error("unknown report '%s'", argv[optind]);
		usage(2);
	}

	st = store_open(store_path, STORE_READ);
	require_linkage(st);
	out = tsv_fdopen(1, "-");
	reports[r].run(st, out);
	if (tsv_close(out, NULL, NULL, NULL) != 0)
		status = 2;
	else if (close(1) != 0) {
		error("-: write error: %s", strerror(errno));
		status = 2;
	}
	store_close(st);
	return status;
}
