/*
 * xmlout - an XML document through libxml2's xmlTextWriter (see xmlout.h).
 */
#include "err.h"
#include "xmlout.h"

static int
no_close(void *ctx)
{
	(void)ctx;
	return 0;
}

void
xmlout_begin(struct xmlout *x, int (*put)(void *ctx, const char *p, int n),
	void *ctx, const char *indent)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(put, no_close, ctx,
	    NULL);

	x->bad = 0;
	if (!ob || (x->w = xmlNewTextWriter(ob)) == NULL)
		die("out of memory");
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, BAD_CAST indent);
	if (xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		x->bad = 1;
}

void
xmlout_start(struct xmlout *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->bad = 1;
}

void
xmlout_end(struct xmlout *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->bad = 1;
}

void
xmlout_attr(struct xmlout *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST value) < 0)
		x->bad = 1;
}

void
xmlout_text(struct xmlout *x, const char *text)
{
	if (xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
		x->bad = 1;
}

void
xmlout_element(struct xmlout *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteElement(x->w, BAD_CAST name,
	    BAD_CAST value) < 0)
		x->bad = 1;
}

int
xmlout_finish(struct xmlout *x)
{
	if (xmlTextWriterEndDocument(x->w) < 0 ||
	    xmlTextWriterFlush(x->w) < 0)
		x->bad = 1;
	xmlout_abandon(x);
	return x->bad ? -1 : 0;
}

void
xmlout_abandon(struct xmlout *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	x->w = NULL;
}
