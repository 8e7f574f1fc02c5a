#ifndef ISAS_REPORT_H
#define ISAS_REPORT_H

/*
 * report - the reports of isas-report on the store: what each counts and
 * how, in one place; the program parses the options and picks one.
 * Every report writes through an rtab (TSV or text); caseload and
 * payments can also be drawn (SVG).  Nothing here reads the clock: the
 * as-of day and the period are given.
 */

#include <stdint.h>
#include <stdio.h>

#include "params.h"
#include "rtab.h"
#include "store.h"
#include "tsv.h"

enum report_by { REPORT_BY_PROVINCE, REPORT_BY_DISTRICT };

struct report {
	struct store *s;
	struct tsv *out;	/* TSV and text */
	FILE *svg;		/* with --format svg, else NULL */
	enum rtab_format format;
	char as_of[11];
	int32_t day;
	const char *period;	/* --period, or NULL */
	const char *programme;	/* --programme, or NULL */
	enum report_by by;
	int province;		/* --province, or 0 */
	int64_t min_count;	/* cells below this are withheld */
	const struct params *ps;	/* NULL when not loaded */
	const char *geodir;
	const char *status;	/* flags: --status */
	const char *arg;	/* the report's operand (decisions) */
	int failed;		/* a check failed: exit 1 */
};

void report_summary(struct report *r);
void report_caseload(struct report *r);
void report_payments(struct report *r);
void report_transitions(struct report *r);
void report_hss(struct report *r);
void report_flags(struct report *r);
void report_decisions(struct report *r);
void report_manifest(struct report *r);
void report_links(struct report *r);
void report_review(struct report *r);
void report_unattached(struct report *r);

/* summary of a TSV stream (changes, decisions, sanctions ...) at path. */
void report_stream_summary(struct report *r, const char *path);

/* A caseload (payments 0) or payments table printed as TSV, at path,
 * printed as text or drawn. */
void report_stream_table(struct report *r, const char *path, int payments);

#endif
