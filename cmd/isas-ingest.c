/*
 * isas-ingest - load registry extracts into the typed tables of the store.
 *
 * Each row is checked and typed by the description of its kind (lib/kinds.c);
 * a row that cannot be used goes to the rejects stream and the rest loads.
 * The whole run is one transaction; what changed is printed, as one TSV line
 * per record key, as the run goes, and the commit comes only once all of it
 * is written (see main): a change is never committed without being told.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "input.h"
#include "kinds.h"
#include "load.h"
#include "store.h"
#include "tsv.h"
#include "value.h"
#include "xalloc.h"

#define PROG "isas-ingest"
#define USAGE "usage: isas-ingest -S STORE --source NAME [--kind KIND] " \
	"[--as-of DATE] [--mode snapshot|delta] [--rejects FILE] " \
	"[--format auto|csv|tsv] [--encoding utf8|latin5] " \
	"[--max-end PERCENT] [FILE...]\n" \
	"       isas-ingest --list-kinds"

enum mode { MODE_DELTA, MODE_SNAPSHOT };

struct ingest {
	const char *source;
	enum mode mode;
	int max_end;		/* percent of live records a snapshot may end */
	struct input_options iopt;
	struct tsv *changes;	/* standard output */
	struct tsv *rejects;	/* --rejects FILE, written to a temporary */
	char *rejects_path;
};

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Load registry extracts (CSV or TSV, gzip or plain) into the store.\n"
	    "\n"
	    "  -S, --store STORE      the SQLite working store (created if absent)\n"
	    "      --source NAME      the registry the extract comes from\n"
	    "      --kind KIND        the kind of extract (default: the source name)\n"
	    "      --as-of DATE       the day of the run (default: ISAS_AS_OF or today)\n"
	    "      --mode MODE        snapshot (absent records are ended) or delta\n"
	    "                         (default)\n"
	    "      --rejects FILE     write refused rows as TSV to FILE\n"
	    "      --format FORMAT    auto (default), csv or tsv\n"
	    "      --encoding ENC     utf8 (default) or latin5 (ISO-8859-9, converted)\n"
	    "      --max-end PERCENT  refuse a snapshot that would end more than\n"
	    "                         PERCENT of the source's records (default 50)\n"
	    "      --list-kinds       print every kind's columns as TSV and exit\n"
	    "  -h, --help             show this help and exit\n"
	    "      --version          show the version and exit\n"
	    "\n"
	    "Kinds: ", USAGE);
	for (size_t i = 0; i < nkinds; i++)
		printf("%s%s", i ? ", " : "", kinds[i].name);
	printf(".\nWith no FILE, or when FILE is -, read standard input.\n"
	    "Prints one TSV line (source, record_id, change) per changed record.\n"
	    "Exit status: 0 loaded, 1 some rows or files refused, 2 trouble.\n"
	    "See isas-ingest(1) and isas-formats(5).\n");
	exit(0);
}

/* Prints the kinds and their columns as TSV: the formats, as data. */
static void
list_kinds(void)
{
	static const char *const cols[] = { "kind", "column", "type",
		"required", "description", NULL };
	struct tsv *t = tsv_fdopen(1, "-");
	size_t i, j;

	tsv_header(t, cols);
	for (i = 0; i < nkinds; i++) {
		for (j = 0; j < kinds[i].ncol; j++) {
			const struct col_def *c = &kinds[i].col[j];

			tsv_str(t, kinds[i].name);
			tsv_str(t, c->name);
			tsv_str(t, col_typename(c->type));
			tsv_str(t, (c->flags & COL_REQUIRED) ? "yes" : "no");
			tsv_str(t, c->doc);
			tsv_end(t);
		}
	}
	if (tsv_close(t, NULL, NULL, NULL) != 0)
		exit(2);
}

static int
valid_source_name(const char *s)
{
	const char *p;

	if (!*s || strlen(s) > 64)
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 'S' },
		{ "source", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "mode", required_argument, NULL, 'm' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "max-end", required_argument, NULL, 'x' },
		{ "list-kinds", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const change_cols[] = { "source", "record_id",
		"change", NULL };
	static const char *const reject_cols[] = { "file", "line", "column",
		"value", "reason", NULL };
	struct ingest g;
	const char *store_path = NULL, *kind = NULL, *as_of = NULL;
	const struct kind_def *kd;
	struct store *st;
	struct loader *l;
	const char *status;
	char day[11], hex[65];
	uint64_t bytes, rows, rows_in, changed, rejected;
	int c, i, nfiles, all_read = 1, failed_files = 0;
	int status_code;
	int64_t v;

	err_init(PROG);
	memset(&g, 0, sizeof g);
	g.mode = MODE_DELTA;
	g.max_end = 50;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 's': g.source = optarg; break;
		case 'k': kind = optarg; break;
		case 'a': as_of = optarg; break;
		case 'm':
			if (strcmp(optarg, "snapshot") == 0)
				g.mode = MODE_SNAPSHOT;
			else if (strcmp(optarg, "delta") == 0)
				g.mode = MODE_DELTA;
			else {
				error("--mode: not snapshot or delta '%s'", optarg);
				usage(2);
			}
			break;
		case 'r': g.rejects_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "auto") == 0)
				g.iopt.format = INPUT_AUTO;
			else if (strcmp(optarg, "csv") == 0)
				g.iopt.format = INPUT_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				g.iopt.format = INPUT_TSV;
			else {
				error("--format: not auto, csv or tsv '%s'", optarg);
				usage(2);
			}
			break;
		case 'e':
			if (strcmp(optarg, "utf8") == 0 || strcmp(optarg, "utf-8") == 0)
				g.iopt.encoding = INPUT_UTF8;
			else if (strcmp(optarg, "latin5") == 0 ||
			    strcmp(optarg, "iso-8859-9") == 0)
				g.iopt.encoding = INPUT_LATIN5;
			else {
				error("--encoding: not utf8 or latin5 '%s'", optarg);
				usage(2);
			}
			break;
		case 'x':
			if (int_parse(optarg, strlen(optarg), &v) != 0 ||
			    v < 0 || v > 100) {
				error("--max-end: not a percentage '%s'", optarg);
				usage(2);
			}
			g.max_end = (int)v;
			break;
		case 'L': list_kinds(); return 0;
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
	if (!g.source) {
		error("no source given (--source NAME)");
		usage(2);
	}
	if (!valid_source_name(g.source)) {
		error("--source: use lower-case letters, digits, '-', '_' or '.'"
		    " '%s'", g.source);
		usage(2);
	}
	if (!kind)
		kind = g.source;
	if ((kd = kind_find(kind)) == NULL) {
		error("unknown kind '%s'%s", kind, kind == g.source ?
		    "; give --kind" : "");
		usage(2);
	}
	if (store_as_of(as_of, day, NULL) != 0) {
		error("--as-of: not a date '%s'", as_of);
		usage(2);
	}

	if (g.rejects_path) {
		/* Written whole, then renamed once the store has committed. */
		if ((g.rejects = tsv_open_pending(g.rejects_path)) == NULL)
			exit(2);
		tsv_header(g.rejects, reject_cols);
	}
	g.changes = tsv_fdopen(1, "-");
	tsv_header(g.changes, change_cols);

	st = store_open(store_path, STORE_WRITE);
	store_run_begin(st, PROG, argc, argv, day);
	l = loader_new(st, kd, g.source, day, &g.iopt, g.changes, g.rejects);

	nfiles = argc - optind;
	if (nfiles == 0) {
		if (!loader_file(l, "-"))
			all_read = 0, failed_files++;
	}
	for (i = optind; i < argc; i++)
		if (!loader_file(l, argv[i]))
			all_read = 0, failed_files++;

	if (g.mode == MODE_SNAPSHOT) {
		if (!all_read)
			warning("not ending absent records of source '%s':"
			    " not every file was read", g.source);
		else if (loader_end_absent(l, g.max_end) != 0)
			failed_files++;
	}
	loader_tell(l);
	loader_counts(l, &rows_in, &changed, &rejected);

	/*
	 * The change list goes to standard output as the run goes; the
	 * commit comes only once all of it is written.  A change is thus
	 * never committed without being told, while one told and then not
	 * committed (the run failed) only makes isas-match look at a record
	 * again.
	 */
	if (tsv_close(g.changes, hex, &bytes, &rows) != 0 || close(1) != 0) {
		error("nothing loaded: the change list could not be written");
		tsv_abandon(g.rejects);
		loader_free(l);
		store_close(st);
		status_code = 2;
		goto done;
	}
	store_run_file(st, "output", "-", hex, bytes, rows);
	if (g.rejects) {
		if (tsv_close(g.rejects, hex, &bytes, &rows) != 0) {
			error("nothing loaded: the rejects could not be written");
			loader_free(l);
			store_close(st);
			status_code = 2;
			goto done;
		}
		store_run_file(st, "output", g.rejects_path, hex, bytes, rows);
	}
	status = (rejected || failed_files) ? "rejects" : "ok";
	loader_free(l);
	store_run_end(st, status, rows_in, changed, rejected);
	store_commit(st);
	store_close(st);
	tsv_publish();
	status_code = (rejected || failed_files) ? 1 : 0;
done:
	return status_code;
}
