/*
 * fuzz_row.c - rows of every kind through the loader isas-ingest uses
 * (lib/load.c): the header mapped onto the kind's columns, each value
 * checked and typed by its column's validator (lib/kinds.c, lib/value.c),
 * the row refused or stored, duplicates caught, into a store in memory.
 *
 * Input: a first line naming the kind ("civil", "sgk", ... as in
 * kinds.c), optionally followed by "csv" or "tsv" (the format, else found
 * by content) and "latin5" (the encoding); then the file as isas-ingest
 * would read it, header first.  A first line that names no kind picks one
 * by its first byte.
 *
 * The file is loaded twice into one source in one transaction, rolled
 * back at the end: the first load adds or refuses every row; the second,
 * of the same bytes, must change nothing and refuse the same rows, and a
 * snapshot must end nothing (load.h: "loading the same file twice changes
 * nothing").  The changes and rejects streams count what they say.
 */
#include <string.h>

#include "common.h"
#include "err.h"
#include "kinds.h"
#include "load.h"
#include "store.h"
#include "tsv.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	err_init("fuzz_row");
	fuzz_store();
	return 0;
}

struct pass {
	uint64_t rows_in, changed, rejected;
	uint64_t change_rows, reject_rows;
	int whole;
};

static void
load(struct store *st, const struct kind_def *k,
	const struct input_options *io, const char *path, int snapshot,
	struct pass *p)
{
	static const char *const change_cols[] = {
		"source", "record_id", "change", NULL
	};
	static const char *const reject_cols[] = {
		"file", "line", "column", "value", "reason", NULL
	};
	struct tsv *changes = tsv_open("/dev/null");
	struct tsv *rejects = tsv_open("/dev/null");
	struct loader *l;
	uint64_t bytes;

	FUZZ_ASSERT(changes && rejects);
	tsv_header(changes, change_cols);
	tsv_header(rejects, reject_cols);
	l = loader_new(st, k, "fuzz", "2026-11-23", io, changes, rejects);
	p->whole = loader_file(l, path);
	if (snapshot)
		FUZZ_ASSERT(loader_end_absent(l, 100) == 0);
	loader_tell(l);
	loader_counts(l, &p->rows_in, &p->changed, &p->rejected);
	loader_free(l);
	FUZZ_ASSERT(tsv_close(changes, NULL, &bytes, &p->change_rows) == 0);
	FUZZ_ASSERT(tsv_close(rejects, NULL, &bytes, &p->reject_rows) == 0);
	FUZZ_ASSERT(p->change_rows == p->changed);
	FUZZ_ASSERT(p->reject_rows == p->rejected);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = fuzz_store();
	struct input_options io;
	const struct kind_def *k;
	const uint8_t *rest;
	struct pass a, b;
	char word[32];
	const char *path;
	size_t n;

	if (size == 0)
		return 0;
	n = fuzz_first_line(data, size, word, sizeof word, &rest);
	if ((k = kind_find(word)) == NULL)
		k = &kinds[data[0] % nkinds];
	memset(&io, 0, sizeof io);
	if (fuzz_line_has(data, size, "csv"))
		io.format = INPUT_CSV;
	else if (fuzz_line_has(data, size, "tsv"))
		io.format = INPUT_TSV;
	if (fuzz_line_has(data, size, "latin5"))
		io.encoding = INPUT_LATIN5;
	path = fuzz_file(0, rest, n);

	store_exec(st, "BEGIN");
	load(st, k, &io, path, 0, &a);
	FUZZ_ASSERT(a.changed + a.rejected == a.rows_in);
	load(st, k, &io, path, 1, &b);
	FUZZ_ASSERT(b.whole == a.whole);
	FUZZ_ASSERT(b.rows_in == a.rows_in);
	FUZZ_ASSERT(b.changed == 0);
	FUZZ_ASSERT(b.rejected == a.rejected);
	store_exec(st, "ROLLBACK");
	return 0;
}
