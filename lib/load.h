/*
 * load.h - loading extracts of one kind into the store's typed table of
 * a source: the engine of isas-ingest, used also by isas-sanction for the
 * employment-service events it is given.
 *
 * Each row is checked and typed by the description of its kind
 * (lib/kinds.c); a row that cannot be used is refused (a message for the
 * first few, a line in the rejects stream when there is one, a row in the
 * store's reject table) and the rest loads.  A record whose key the
 * source holds already is updated only when something differs, so loading
 * the same file twice changes nothing.  The caller owns the transaction.
 *
 *	struct loader *l = loader_new(st, kind, "iskur", "2026-11-23",
 *	    NULL, changes, NULL);
 *	loader_file(l, "events.tsv.gz");
 *	loader_tell(l);
 *	loader_free(l);
 */
#ifndef ISAS_LOAD_H
#define ISAS_LOAD_H

#include <stdint.h>

#include "input.h"
#include "kinds.h"
#include "store.h"
#include "tsv.h"

struct loader;

/*
 * Starts loading into source (registered with kind k in this run when
 * new; dies when the source holds another kind).  as_of is the run's day
 * ("YYYY-MM-DD").  changes, when not NULL, gets one line (source,
 * record_id, change) per added, changed or ended record; rejects, when
 * not NULL, one line (file, line, column, value, reason) per refused row.
 * iopt may be NULL.
 */
struct loader *loader_new(struct store *st, const struct kind_def *k,
	const char *source, const char *as_of, const struct input_options *iopt,
	struct tsv *changes, struct tsv *rejects);

/* Loads one file ("-" for stdin).  Returns 1 when it was read to its end,
 * 0 when it was refused whole or reading stopped on an error (told). */
int loader_file(struct loader *l, const char *path);

/*
 * Snapshot: ends the records of the source that no file of this run held,
 * unless that would end more than max_end percent of them (then nothing is
 * ended and -1 is returned after a message).  Returns 0.
 */
int loader_end_absent(struct loader *l, int max_end);

/* Tells the invalid optional values kept and the refusals not told. */
void loader_tell(struct loader *l);

/* What was done: rows read, records changed (added, changed, ended) and
 * rows refused. */
void loader_counts(const struct loader *l, uint64_t *rows_in,
	uint64_t *changed, uint64_t *rejected);

void loader_free(struct loader *l);

#endif
