#ifndef ISAS_XMLOUT_H
#define ISAS_XMLOUT_H

/*
 * xmlout - writing an XML document with libxml2's xmlTextWriter, which
 * escapes and keeps it well-formed, for the bank files (bankfile.c) and
 * the charts (chart.c).  A failed write of libxml2 is remembered in bad,
 * so that a writer can go on and check once at the end.
 */

#include <libxml/xmlwriter.h>

struct xmlout {
	xmlTextWriterPtr w;
	int bad;		/* a write of libxml2 failed */
};

/*
 * Begins a UTF-8 document, written through put(ctx, bytes, n), which
 * returns n, or -1 when it failed; each level is indented by indent.
 * Dies when out of memory.
 */
void xmlout_begin(struct xmlout *x, int (*put)(void *ctx, const char *p,
	int n), void *ctx, const char *indent);

void xmlout_start(struct xmlout *x, const char *name);
void xmlout_end(struct xmlout *x);
void xmlout_attr(struct xmlout *x, const char *name, const char *value);
void xmlout_text(struct xmlout *x, const char *text);
/* <name>value</name> */
void xmlout_element(struct xmlout *x, const char *name, const char *value);

/* Ends the document, flushes and frees the writer: 0, or -1 when any
 * write failed. */
int xmlout_finish(struct xmlout *x);

/* Frees a writer left part-way (none: nothing). */
void xmlout_abandon(struct xmlout *x);

#endif
