/*
 * input.c - opening and reading every input: see input.h for the contract.
 *
 * The pipeline, each stage a fixed buffer reused for the whole file:
 *
 *   read(2), 128 KiB at a time -> SHA-256 and byte count of the raw bytes
 *   -> zlib inflate when the bytes start with 1f 8b (concatenated members
 *      followed) -> UTF-8 byte order mark skipped -> ISO-8859-9 to UTF-8
 *      when asked -> the text buffer -> one physical line at a time to
 *      libcsv (or the TSV splitter) -> completed records queued in an
 *      arena that is emptied when the queue is.
 *
 * Memory is the fixed buffers plus the longest record (bounded by
 * max_record: the bytes of a record found too long are dropped as they
 * come, libcsv's own field buffer included: csv_bound() trims it through
 * entry_buf and entry_pos, members of struct csv_parser in csv.h, keeping
 * the last byte, the only one libcsv looks back at).  No allocation per
 * record once the buffers have grown.
 *
 * Decisions worth knowing:
 *
 * - CSV is RFC 4180: spaces around fields are data and kept; a quote must
 *   open a field and close it right before a delimiter or the end of the
 *   line.  libcsv runs in strict mode.  A stray quote in an unquoted field,
 *   or text after a closing quote, is malformed quoting: the record is
 *   returned with problem INPUT_REC_BADQUOTE and no fields, the rest of
 *   that physical line is skipped, and reading goes on with the next line.
 *   An unbalanced quote that opens a field swallows the lines after it
 *   until the next quote; the error then shows there, and the record
 *   reported is the one that started at the opening quote.  A quoted
 *   field still open at the end of the file stops reading with
 *   "unterminated quoted field" at the line where its record starts.
 * - A bare CR ends a CSV record (libcsv); CR LF is one line end.  Blank
 *   lines are skipped in both formats.
 * - A record's size is its field bytes plus separators (CSV) or its line
 *   (TSV, escapes included).
 * - Errors that stop reading (a read error, truncated or corrupt gzip) are
 *   noted when the bytes run out and reported only when the parser gets
 *   there, so that every record completed before is returned first; the
 *   line is the physical line reached.
 * - The UTF-8 byte order mark is skipped under both encodings.
 * - Zero bytes after the last gzip member are padding and ignored; other
 *   bytes that do not start a member are corrupt gzip data.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <zlib.h>

#include "err.h"
#include "input.h"
#include "sha256.h"
#include "value.h"
#include "xalloc.h"

#define RAW_CAP (128 * 1024)
#define TEXT_CAP (256 * 1024)
#define SNIFF_LEN (64 * 1024)
#define DEFAULT_MAX_RECORD (1024 * 1024)
#define DEFAULT_MAX_FIELDS 4096
#define CSV_BLOCK (64 * 1024)

/* Why the decoded bytes ended. */
enum input_stop {
	STOP_NONE = 0,
	STOP_EOF,
	STOP_READ,
	STOP_TRUNCATED,
	STOP_CORRUPT
};

struct qfield {
	size_t off, len;
};

struct qrec {
	size_t first, nfield;
	uint64_t line;
	enum input_record_problem problem;
	size_t problem_field;
};

struct input {
	char *name;
	int fd, close_fd;
	enum input_format format;
	int latin5, gzip;
	int cr_only;		/* line ends are CR alone: read as LF */
	size_t max_record, max_fields;
	struct sha256 sha;

	/* raw bytes (gzip input, and the first read before detection) */
	unsigned char *raw;
	size_t raw_pos, raw_len;
	int raw_eof;
	z_stream z;
	int z_live, z_member_end, z_padding;
	int at_start;
	enum input_stop stop;
	int stop_errno;
	unsigned char *l5;

	/* decoded UTF-8 text */
	char *text;
	size_t tpos, tlen;
	int text_end;
	uint64_t line;

	/* CSV */
	struct csv_parser csv;
	int csv_live, skip_line;
	int line_clean;		/* the line being split was checked whole */
	unsigned char delim;

	/* TSV: a line that spans buffer refills */
	char *lbuf;
	size_t lcap, llen;
	int ltoolong;

	/* the arena: queued records and the record in progress */
	char *abuf;
	size_t acap, alen;
	struct qfield *fld;
	size_t fcap, nfld;
	struct qrec *q;
	size_t qcap, nq, qnext;
	size_t cur_first, cur_astart, cur_nfield, cur_bytes;
	uint64_t cur_nl;
	enum input_record_problem cur_problem;
	size_t cur_pfield;

	/* what input_next hands out */
	struct input_record rec;
	size_t rcap;
	uint64_t recno;
	int done, failed;

	struct input_record hdr;
	char *hbuf;
};

/* ISO-8859-9 bytes 0x80..0xFF in UTF-8: Latin-1 but for six letters. */
static const unsigned char latin5_utf8[128][2] = {
	/* 80 */ {0xC2, 0x80}, {0xC2, 0x81}, {0xC2, 0x82}, {0xC2, 0x83},
	/* 84 */ {0xC2, 0x84}, {0xC2, 0x85}, {0xC2, 0x86}, {0xC2, 0x87},
	/* 88 */ {0xC2, 0x88}, {0xC2, 0x89}, {0xC2, 0x8A}, {0xC2, 0x8B},
	/* 8C */ {0xC2, 0x8C}, {0xC2, 0x8D}, {0xC2, 0x8E}, {0xC2, 0x8F},
	/* 90 */ {0xC2, 0x90}, {0xC2, 0x91}, {0xC2, 0x92}, {0xC2, 0x93},
	/* 94 */ {0xC2, 0x94}, {0xC2, 0x95}, {0xC2, 0x96}, {0xC2, 0x97},
	/* 98 */ {0xC2, 0x98}, {0xC2, 0x99}, {0xC2, 0x9A}, {0xC2, 0x9B},
	/* 9C */ {0xC2, 0x9C}, {0xC2, 0x9D}, {0xC2, 0x9E}, {0xC2, 0x9F},
	/* A0 */ {0xC2, 0xA0}, {0xC2, 0xA1}, {0xC2, 0xA2}, {0xC2, 0xA3},
	/* A4 */ {0xC2, 0xA4}, {0xC2, 0xA5}, {0xC2, 0xA6}, {0xC2, 0xA7},
	/* A8 */ {0xC2, 0xA8}, {0xC2, 0xA9}, {0xC2, 0xAA}, {0xC2, 0xAB},
	/* AC */ {0xC2, 0xAC}, {0xC2, 0xAD}, {0xC2, 0xAE}, {0xC2, 0xAF},
	/* B0 */ {0xC2, 0xB0}, {0xC2, 0xB1}, {0xC2, 0xB2}, {0xC2, 0xB3},
	/* B4 */ {0xC2, 0xB4}, {0xC2, 0xB5}, {0xC2, 0xB6}, {0xC2, 0xB7},
	/* B8 */ {0xC2, 0xB8}, {0xC2, 0xB9}, {0xC2, 0xBA}, {0xC2, 0xBB},
	/* BC */ {0xC2, 0xBC}, {0xC2, 0xBD}, {0xC2, 0xBE}, {0xC2, 0xBF},
	/* C0 */ {0xC3, 0x80}, {0xC3, 0x81}, {0xC3, 0x82}, {0xC3, 0x83},
	/* C4 */ {0xC3, 0x84}, {0xC3, 0x85}, {0xC3, 0x86}, {0xC3, 0x87},
	/* C8 */ {0xC3, 0x88}, {0xC3, 0x89}, {0xC3, 0x8A}, {0xC3, 0x8B},
	/* CC */ {0xC3, 0x8C}, {0xC3, 0x8D}, {0xC3, 0x8E}, {0xC3, 0x8F},
	/* D0 */ {0xC4, 0x9E}, {0xC3, 0x91}, {0xC3, 0x92}, {0xC3, 0x93},
	/* D4 */ {0xC3, 0x94}, {0xC3, 0x95}, {0xC3, 0x96}, {0xC3, 0x97},
	/* D8 */ {0xC3, 0x98}, {0xC3, 0x99}, {0xC3, 0x9A}, {0xC3, 0x9B},
	/* DC */ {0xC3, 0x9C}, {0xC4, 0xB0}, {0xC5, 0x9E}, {0xC3, 0x9F},
	/* E0 */ {0xC3, 0xA0}, {0xC3, 0xA1}, {0xC3, 0xA2}, {0xC3, 0xA3},
	/* E4 */ {0xC3, 0xA4}, {0xC3, 0xA5}, {0xC3, 0xA6}, {0xC3, 0xA7},
	/* E8 */ {0xC3, 0xA8}, {0xC3, 0xA9}, {0xC3, 0xAA}, {0xC3, 0xAB},
	/* EC */ {0xC3, 0xAC}, {0xC3, 0xAD}, {0xC3, 0xAE}, {0xC3, 0xAF},
	/* F0 */ {0xC4, 0x9F}, {0xC3, 0xB1}, {0xC3, 0xB2}, {0xC3, 0xB3},
	/* F4 */ {0xC3, 0xB4}, {0xC3, 0xB5}, {0xC3, 0xB6}, {0xC3, 0xB7},
	/* F8 */ {0xC3, 0xB8}, {0xC3, 0xB9}, {0xC3, 0xBA}, {0xC3, 0xBB},
	/* FC */ {0xC3, 0xBC}, {0xC4, 0xB1}, {0xC5, 0x9F}, {0xC3, 0xBF},
};

const char *
input_problem_text(enum input_record_problem p)
{
	switch (p) {
	case INPUT_REC_OK:
		return "ok";
	case INPUT_REC_TOOLONG:
		return "record too long";
	case INPUT_REC_TOOMANY:
		return "too many fields";
	case INPUT_REC_BADUTF8:
		return "not valid UTF-8";
	case INPUT_REC_NUL:
		return "NUL byte in field";
	case INPUT_REC_BADQUOTE:
		return "malformed quoting";
	}
	return "unknown problem";
}

/* 1 when s[0..n) has no byte >= 0x80. */
static int
is_ascii(const char *s, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return (acc & 0x8080808080808080ULL) == 0;
}

static uint64_t
count_nl(const char *s, size_t n)
{
	const char *end = s + n;
	uint64_t k = 0;

	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

/*
 * Raw bytes.  Every byte read is hashed and counted.  Returns the count,
 * 0 at the end, -1 on a read error (errno kept in stop_errno).
 */
static ssize_t
read_raw(struct input *in, void *buf, size_t cap)
{
	ssize_t n;

	if (in->raw_eof)
		return 0;
	for (;;) {
		n = read(in->fd, buf, cap);
		if (n >= 0)
			break;
		if (errno != EINTR) {
			in->stop_errno = errno;
			in->raw_eof = 1;
			return -1;
		}
	}
	if (n == 0)
		in->raw_eof = 1;
	else
		sha256_add(&in->sha, buf, (size_t)n);
	return n;
}

/* Plain bytes: first what detection read, then straight into dst. */
static size_t
decode_plain(struct input *in, unsigned char *dst, size_t cap)
{
	ssize_t n;

	if (in->raw_pos < in->raw_len) {
		size_t k = in->raw_len - in->raw_pos;

		if (k > cap)
			k = cap;
		memcpy(dst, in->raw + in->raw_pos, k);
		in->raw_pos += k;
		return k;
	}
	if (in->stop)
		return 0;
	n = read_raw(in, dst, cap);
	if (n > 0)
		return (size_t)n;
	in->stop = n < 0 ? STOP_READ : STOP_EOF;
	return 0;
}

/*
 * Gunzipped bytes; members one after another are one stream.  Zero bytes
 * after the last member (block padding) are let be, as gzip(1) does;
 * anything else there is corrupt data.
 */
static size_t
decode_gzip(struct input *in, unsigned char *dst, size_t cap)
{
	z_stream *z = &in->z;
	ssize_t n;
	int r;

	if (in->stop)
		return 0;
	z->next_out = dst;
	z->avail_out = (uInt)cap;
	while (z->avail_out == cap) {
		if (z->avail_in == 0) {
			if (in->raw_eof) {
				in->stop = in->z_member_end ? STOP_EOF :
					STOP_TRUNCATED;
				break;
			}
			n = read_raw(in, in->raw, RAW_CAP);
			if (n < 0) {
				in->stop = STOP_READ;
				break;
			}
			z->next_in = in->raw;
			z->avail_in = (uInt)n;
			continue;
		}
		if (in->z_member_end) {
			while (z->avail_in > 0 && *z->next_in == 0) {
				z->next_in++;
				z->avail_in--;
				in->z_padding = 1;
			}
			if (z->avail_in == 0)
				continue;
			if (in->z_padding) {
				in->stop = STOP_CORRUPT;
				break;
			}
			inflateReset(z);
			in->z_member_end = 0;
		}
		r = inflate(z, Z_NO_FLUSH);
		if (r == Z_STREAM_END)
			in->z_member_end = 1;
		else if (r == Z_MEM_ERROR)
			die("%s: out of memory", in->name);
		else if (r != Z_OK && r != Z_BUF_ERROR) {
			in->stop = STOP_CORRUPT;
			break;
		}
	}
	return cap - z->avail_out;
}

static size_t
decode_raw(struct input *in, unsigned char *dst, size_t cap)
{
	return in->gzip ? decode_gzip(in, dst, cap) :
		decode_plain(in, dst, cap);
}

/* Decoded bytes with a leading byte order mark taken off; 0 at the end. */
static size_t
decode(struct input *in, unsigned char *dst, size_t cap)
{
	size_t n, m;

	n = decode_raw(in, dst, cap);
	if (!in->at_start)
		return n;
	in->at_start = 0;
	while (n > 0 && n < 3 && (m = decode_raw(in, dst + n, cap - n)) > 0)
		n += m;
	if (n >= 3 && memcmp(dst, "\xEF\xBB\xBF", 3) == 0) {
		memmove(dst, dst + 3, n - 3);
		n -= 3;
		if (n == 0)
			n = decode_raw(in, dst, cap);
	}
	return n;
}

/* Turns every CR of s[0..n) into LF. */
static void
cr_to_lf(char *s, size_t n)
{
	char *e = s + n;

	while ((s = memchr(s, '\r', (size_t)(e - s))) != NULL)
		*s++ = '\n';
}

/*
 * Appends decoded text to the text buffer (emptied first when it was all
 * consumed).  Returns the number of bytes added, 0 at the end of the text.
 */
static size_t
fill_text(struct input *in)
{
	size_t room, n, i;
	unsigned char *o;

	if (in->text_end)
		return 0;
	if (in->tpos == in->tlen)
		in->tpos = in->tlen = 0;
	room = TEXT_CAP - in->tlen;
	if (!in->latin5) {
		n = decode(in, (unsigned char *)in->text + in->tlen, room);
	} else {
		n = decode(in, in->l5, room / 2);
		o = (unsigned char *)in->text + in->tlen;
		for (i = 0; i < n; i++) {
			unsigned char c = in->l5[i];

			if (c < 0x80) {
				*o++ = c;
			} else {
				*o++ = latin5_utf8[c - 0x80][0];
				*o++ = latin5_utf8[c - 0x80][1];
			}
		}
		n = (size_t)(o - ((unsigned char *)in->text + in->tlen));
	}
	if (n == 0)
		in->text_end = 1;
	if (in->cr_only)
		cr_to_lf(in->text + in->tlen, n);
	in->tlen += n;
	return n;
}

/* Reports why the text ended early, if it did; 1 when it did. */
static int
report_stop(struct input *in)
{
	switch (in->stop) {
	case STOP_NONE:
	case STOP_EOF:
		return 0;
	case STOP_READ:
		error_at(in->name, 0, "read error: %s",
			strerror(in->stop_errno));
		break;
	case STOP_TRUNCATED:
		error_at(in->name, in->line, "truncated gzip data");
		break;
	case STOP_CORRUPT:
		error_at(in->name, in->line, "corrupt gzip data");
		break;
	}
	in->failed = 1;
	return 1;
}

/* The arena. */

static void
rec_begin(struct input *in)
{
	in->cur_first = in->nfld;
	in->cur_astart = in->alen;
	in->cur_nfield = 0;
	in->cur_bytes = 0;
	in->cur_nl = 0;
	in->cur_problem = INPUT_REC_OK;
	in->cur_pfield = 0;
}

static int
rec_dropped(const struct input *in)
{
	return in->cur_problem == INPUT_REC_TOOLONG ||
		in->cur_problem == INPUT_REC_TOOMANY ||
		in->cur_problem == INPUT_REC_BADQUOTE;
}

/* Flags the record in progress and lets go of its fields. */
static void
rec_drop(struct input *in, enum input_record_problem p)
{
	if (rec_dropped(in))
		return;
	in->cur_problem = p;
	in->cur_pfield = 0;
	in->alen = in->cur_astart;
	in->nfld = in->cur_first;
}

/* Queues the record in progress as starting on line and begins the next. */
static void
rec_end(struct input *in, uint64_t line)
{
	struct qrec *r;

	xgrow((void **)&in->q, &in->qcap, in->nq + 1, sizeof *in->q);
	r = &in->q[in->nq++];
	r->first = in->cur_first;
	r->nfield = rec_dropped(in) ? 0 : in->cur_nfield;
	r->line = line;
	r->problem = in->cur_problem;
	r->problem_field = in->cur_pfield;
	rec_begin(in);
}

/*
 * Makes room for a field of up to len bytes in the record in progress
 * and returns where to write it, or NULL when the record is being
 * dropped (too many fields, too long, or flagged before).
 */
static char *
field_room(struct input *in, size_t len)
{
	in->cur_nfield++;
	in->cur_bytes += len + 1;
	if (rec_dropped(in))
		return NULL;
	if (in->cur_nfield > in->max_fields) {
		rec_drop(in, INPUT_REC_TOOMANY);
		return NULL;
	}
	if (in->cur_bytes - 1 > in->max_record) {
		rec_drop(in, INPUT_REC_TOOLONG);
		return NULL;
	}
	xgrow((void **)&in->abuf, &in->acap, in->alen + len + 1, 1);
	return in->abuf + in->alen;
}

/* Records the field written at dst (len bytes) and checks its bytes. */
static void
field_done(struct input *in, char *dst, size_t len)
{
	struct qfield *f;

	dst[len] = '\0';
	xgrow((void **)&in->fld, &in->fcap, in->nfld + 1, sizeof *in->fld);
	f = &in->fld[in->nfld++];
	f->off = in->alen;
	f->len = len;
	in->alen += len + 1;
	if (in->cur_problem != INPUT_REC_OK || in->line_clean)
		return;
	if (memchr(dst, '\0', len) != NULL) {
		in->cur_problem = INPUT_REC_NUL;
		in->cur_pfield = in->cur_nfield - 1;
	} else if (!in->latin5 && !is_ascii(dst, len) &&
		   !utf8_valid(dst, len)) {
		in->cur_problem = INPUT_REC_BADUTF8;
		in->cur_pfield = in->cur_nfield - 1;
	}
}

/* Moves the record in progress to the front of the emptied arena. */
static void
arena_reset(struct input *in)
{
	size_t a0 = in->cur_astart, f0 = in->cur_first, i;

	if (a0 > 0 && in->alen > a0)
		memmove(in->abuf, in->abuf + a0, in->alen - a0);
	in->alen -= a0;
	for (i = f0; i < in->nfld; i++) {
		in->fld[i - f0] = in->fld[i];
		in->fld[i - f0].off -= a0;
	}
	in->nfld -= f0;
	in->cur_astart = 0;
	in->cur_first = 0;
	in->nq = in->qnext = 0;
}

/* CSV by libcsv. */

static int
csv_never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
csv_setup(struct input *in)
{
	if (csv_init(&in->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		die("%s: cannot set up the CSV parser", in->name);
	csv_set_delim(&in->csv, in->delim);
	csv_set_space_func(&in->csv, csv_never_space);
	csv_set_blk_size(&in->csv, CSV_BLOCK);
	in->csv_live = 1;
}

static void
csv_field_cb(void *s, size_t len, void *data)
{
	struct input *in = data;
	char *dst;

	in->cur_nl += count_nl(s, len);
	if ((dst = field_room(in, len)) == NULL)
		return;
	memcpy(dst, s, len);
	field_done(in, dst, len);
}

static void
csv_row_cb(int c, void *data)
{
	struct input *in = data;

	(void)c;
	rec_end(in, in->line - in->cur_nl);
}

/*
 * Keeps libcsv's buffer for the field in progress within max_record: once
 * the record is too long, the field's bytes so far are dropped (their
 * newlines counted), all but the last, which may be the quote that
 * libcsv is still deciding about.
 */
static void
csv_bound(struct input *in)
{
	size_t part = in->csv.entry_pos;

	if (part <= 1 || in->cur_bytes + part <= in->max_record)
		return;
	in->cur_nl += count_nl((char *)in->csv.entry_buf, part - 1);
	in->csv.entry_buf[0] = in->csv.entry_buf[part - 1];
	in->csv.entry_pos = 1;
	rec_drop(in, INPUT_REC_TOOLONG);
}

/* Malformed quoting: flags the record, restarts the parser. */
static void
csv_malformed(struct input *in)
{
	int e = csv_error(&in->csv);

	if (e != CSV_EPARSE)
		die("%s: %s", in->name, csv_strerror(e));
	in->cur_nl += count_nl((char *)in->csv.entry_buf, in->csv.entry_pos);
	rec_drop(in, INPUT_REC_BADQUOTE);
	rec_end(in, in->line - in->cur_nl);
	csv_free(&in->csv);
	csv_setup(in);
}

static void
csv_end(struct input *in)
{
	in->done = 1;
	if (report_stop(in))
		return;
	if (csv_fini(&in->csv, csv_field_cb, csv_row_cb, in) != 0) {
		in->cur_nl += count_nl((char *)in->csv.entry_buf,
			in->csv.entry_pos);
		error_at(in->name, in->line - in->cur_nl,
			"unterminated quoted field");
		in->failed = 1;
	}
}

/*
 * A whole line with no quote and no stray CR, met between records, means
 * the same to libcsv as a split on the delimiter: split it here, which is
 * several times faster; every other line goes to libcsv.
 */
static int
csv_fast_line(struct input *in, const char *p, size_t len)
{
	const char *t;
	size_t body = len - 1, flen;
	char *dst;

	if (in->csv.pstate != 0 || in->csv.entry_pos != 0 || in->skip_line)
		return 0;
	if (body > 0 && p[body - 1] == '\r')
		body--;
	if (memchr(p, '"', body) != NULL || memchr(p, '\r', body) != NULL)
		return 0;
	if (body == 0)
		return 1;
	if (body > in->max_record) {
		rec_drop(in, INPUT_REC_TOOLONG);
	} else {
		/* One check of the whole line spares one per field. */
		in->line_clean = memchr(p, '\0', body) == NULL &&
		    (in->latin5 || is_ascii(p, body) || utf8_valid(p, body));
		for (;;) {
			t = memchr(p, in->delim, body);
			flen = t ? (size_t)(t - p) : body;
			if ((dst = field_room(in, flen)) != NULL) {
				memcpy(dst, p, flen);
				field_done(in, dst, flen);
			}
			if (t == NULL)
				break;
			p = t + 1;
			body -= flen + 1;
		}
		in->line_clean = 0;
	}
	rec_end(in, in->line);
	return 1;
}

/* Feeds libcsv one physical line, or what the buffer holds of it. */
static void
csv_step(struct input *in)
{
	char *p, *nl;
	size_t n, len, used;

	if (in->tpos == in->tlen && fill_text(in) == 0) {
		csv_end(in);
		return;
	}
	p = in->text + in->tpos;
	n = in->tlen - in->tpos;
	nl = memchr(p, '\n', n);
	len = nl ? (size_t)(nl - p) + 1 : n;
	in->tpos += len;
	if (nl && csv_fast_line(in, p, len)) {
		in->line++;
		return;
	}
	if (in->skip_line) {
		if (nl) {
			in->skip_line = 0;
			in->line++;
		}
		return;
	}
	used = csv_parse(&in->csv, p, len, csv_field_cb, csv_row_cb, in);
	if (used < len) {
		csv_malformed(in);
		in->skip_line = nl == NULL;
	} else {
		csv_bound(in);
	}
	if (nl)
		in->line++;
}

/* TSV. */

/* Copies one field, undoing \t \n \r \\; other backslashes stay. */
static void
tsv_field(struct input *in, const char *s, size_t len)
{
	const char *end = s + len, *b;
	char *dst, *o;

	if ((dst = field_room(in, len)) == NULL)
		return;
	if ((b = memchr(s, '\\', len)) == NULL) {
		memcpy(dst, s, len);
		field_done(in, dst, len);
		return;
	}
	o = dst;
	memcpy(o, s, (size_t)(b - s));
	o += b - s;
	for (s = b; s < end; s++) {
		if (*s != '\\' || s + 1 == end) {
			*o++ = *s;
			continue;
		}
		switch (s[1]) {
		case 't':
			*o++ = '\t';
			s++;
			break;
		case 'n':
			*o++ = '\n';
			s++;
			break;
		case 'r':
			*o++ = '\r';
			s++;
			break;
		case '\\':
			*o++ = '\\';
			s++;
			break;
		default:
			*o++ = '\\';
			break;
		}
	}
	field_done(in, dst, (size_t)(o - dst));
}

static void
tsv_line(struct input *in, const char *s, size_t len, int toolong)
{
	const char *t;
	size_t flen;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len == 0 && !toolong)
		return;
	if (toolong || len > in->max_record) {
		rec_drop(in, INPUT_REC_TOOLONG);
	} else {
		for (;;) {
			t = memchr(s, '\t', len);
			flen = t ? (size_t)(t - s) : len;
			tsv_field(in, s, flen);
			if (t == NULL)
				break;
			s = t + 1;
			len -= flen + 1;
		}
	}
	rec_end(in, in->line);
}

/* Keeps part of a long line for later, or notes it is too long. */
static void
tsv_keep(struct input *in, const char *p, size_t len)
{
	if (in->ltoolong)
		return;
	if (in->llen + len > in->max_record + 1) {
		in->ltoolong = 1;
		in->llen = 0;
		return;
	}
	xgrow((void **)&in->lbuf, &in->lcap, in->llen + len, 1);
	memcpy(in->lbuf + in->llen, p, len);
	in->llen += len;
}

static void
tsv_step(struct input *in)
{
	char *p, *nl;
	size_t n, len;

	if (in->tpos == in->tlen && fill_text(in) == 0) {
		in->done = 1;
		if (report_stop(in))
			return;
		if (in->llen > 0 || in->ltoolong)
			tsv_line(in, in->lbuf, in->llen, in->ltoolong);
		in->llen = 0;
		in->ltoolong = 0;
		return;
	}
	p = in->text + in->tpos;
	n = in->tlen - in->tpos;
	nl = memchr(p, '\n', n);
	len = nl ? (size_t)(nl - p) : n;
	in->tpos += len + (nl != NULL);
	if (nl == NULL) {
		tsv_keep(in, p, len);
		return;
	}
	if (in->llen == 0 && !in->ltoolong) {
		tsv_line(in, p, len, 0);
	} else {
		tsv_keep(in, p, len);
		tsv_line(in, in->lbuf, in->llen, in->ltoolong);
		in->llen = 0;
		in->ltoolong = 0;
	}
	in->line++;
}

/* Opening. */

/* The length of the UTF-8 sequence that byte c starts, 0 if none. */
static size_t
utf8_seqlen(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/*
 * Checks that the first SNIFF_LEN bytes of text are UTF-8; a sequence cut
 * by the end of that window is let be unless the file ends there.  Prints the message and
 * returns -1 when it is not.
 */
/*
 * A UTF-8 file read as Latin-5 turns each Turkish letter into "Ã", "Ä" or
 * "Å" followed by a C1 or Latin-1 sign (ç, C3 A7, becomes C3 83 C2 A7):
 * a pair real Latin-5 text does not hold.  Refuses such a file.
 */
static int
sniff_mojibake(struct input *in)
{
	const unsigned char *s = (const unsigned char *)in->text + in->tpos;
	const unsigned char *end = (const unsigned char *)in->text + in->tlen;
	uint64_t line = 1;

	if (end - s > SNIFF_LEN)
		end = s + SNIFF_LEN;
	for (; s + 3 < end; s++) {
		line += *s == '\n';
		if (s[0] == 0xC3 && s[1] >= 0x83 && s[1] <= 0x85 &&
		    s[2] == 0xC2 && s[3] >= 0x80 && s[3] <= 0xBF) {
			error_at(in->name, line, "looks like UTF-8, not"
				" ISO-8859-9 (Latin-5); leave out --encoding latin5");
			return -1;
		}
	}
	return 0;
}

static int
sniff_utf8(struct input *in)
{
	const char *s = in->text + in->tpos, *end = in->text + in->tlen;
	int cut_ok = !(in->text_end && in->stop == STOP_EOF);
	uint64_t line = 1;
	size_t k;

	if (end - s > SNIFF_LEN) {
		end = s + SNIFF_LEN;
		cut_ok = 1;
	}
	while (s < end) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80) {
			line += c == '\n';
			s++;
			continue;
		}
		k = utf8_seqlen(c);
		if (k > 0 && k > (size_t)(end - s) && cut_ok)
			return 0;
		if (k == 0 || k > (size_t)(end - s) || !utf8_valid(s, k)) {
			error_at(in->name, line, "not UTF-8 (byte 0x%02X); if it "
				"is ISO-8859-9 (Latin-5), give --encoding latin5",
				c);
			return -1;
		}
		s += k;
	}
	return 0;
}

/*
 * TSV when the header's line has a tab; the CSV delimiter from that line
 * too.  Blank lines before it are skipped, as the parsers skip them.
 */
static void
detect_format(struct input *in, enum input_format want)
{
	const char *s = in->text + in->tpos, *end = in->text + in->tlen;
	const char *nl;
	size_t semi = 0, comma = 0;
	int quoted = 0;

	while (s < end && (*s == '\n' || *s == '\r'))
		s++;
	nl = memchr(s, '\n', (size_t)(end - s));

	if (want == INPUT_AUTO)
		want = memchr(s, '\t', (size_t)((nl ? nl : end) - s)) ?
			INPUT_TSV : INPUT_CSV;
	in->format = want;
	if (want == INPUT_TSV)
		return;
	for (; s < end; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*s == ';')
			semi++;
		else if (*s == ',')
			comma++;
		else if (*s == '\n')
			break;
	}
	in->delim = semi > comma ? ';' : ',';
	csv_setup(in);
}

/* Keeps a copy of the header: the arena is reused. */
static void
keep_header(struct input *in, const struct input_record *r)
{
	size_t i, total = 0;
	char *o;

	for (i = 0; i < r->nfield; i++)
		total += r->len[i] + 1;
	in->hbuf = xmalloc(total + 1);
	in->hdr = *r;
	in->hdr.field = xcalloc(r->nfield + 1, sizeof *in->hdr.field);
	in->hdr.len = xcalloc(r->nfield + 1, sizeof *in->hdr.len);
	o = in->hbuf;
	for (i = 0; i < r->nfield; i++) {
		memcpy(o, r->field[i], r->len[i] + 1);
		in->hdr.field[i] = o;
		in->hdr.len[i] = r->len[i];
		o += r->len[i] + 1;
	}
}

struct input *
input_open(const char *path, const struct input_options *o)
{
	static const struct input_options defaults;
	const struct input_record *r;
	struct input *in;
	ssize_t n;

	if (o == NULL)
		o = &defaults;
	in = xcalloc(1, sizeof *in);
	in->name = xstrdup(path);
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
	} else {
		if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			error_at(path, 0, "cannot open: %s", strerror(errno));
			free(in->name);
			free(in);
			return NULL;
		}
		in->close_fd = 1;
	}
	in->latin5 = o->encoding == INPUT_LATIN5;
	in->max_record = o->max_record ? o->max_record : DEFAULT_MAX_RECORD;
	in->max_fields = o->max_fields ? o->max_fields : DEFAULT_MAX_FIELDS;
	in->line = 1;
	in->at_start = 1;
	sha256_begin(&in->sha);
	in->raw = xmalloc(RAW_CAP);
	in->text = xmalloc(TEXT_CAP);
	if (in->latin5)
		in->l5 = xmalloc(TEXT_CAP / 2);
	in->rcap = 16;
	in->rec.field = xcalloc(in->rcap, sizeof *in->rec.field);
	in->rec.len = xcalloc(in->rcap, sizeof *in->rec.len);

	while (in->raw_len < 2) {
		n = read_raw(in, in->raw + in->raw_len, RAW_CAP - in->raw_len);
		if (n <= 0) {
			if (n < 0)
				in->stop = STOP_READ;
			break;
		}
		in->raw_len += (size_t)n;
	}
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->gzip = 1;
		if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK)
			die("%s: cannot set up zlib", in->name);
		in->z_live = 1;
		in->z.next_in = in->raw;
		in->z.avail_in = (uInt)in->raw_len;
		in->raw_pos = in->raw_len;
	}

	while (in->tlen < SNIFF_LEN && fill_text(in) > 0)
		;
	/* Old Mac line ends (CR alone, no LF in the first SNIFF_LEN bytes):
	 * read as LF, so that lines are counted and split as everywhere. */
	if (memchr(in->text, '\r', in->tlen) &&
	    !memchr(in->text, '\n', in->tlen)) {
		in->cr_only = 1;
		cr_to_lf(in->text, in->tlen);
	}
	if (!in->latin5 && sniff_utf8(in) < 0)
		goto fail;
	if (in->latin5 && sniff_mojibake(in) < 0)
		goto fail;
	detect_format(in, o->format);
	rec_begin(in);

	if ((r = input_next(in)) == NULL) {
		if (!in->failed && o->allow_empty) {
			in->hdr.nfield = 0;
			return in;
		}
		if (!in->failed)
			error_at(in->name, 0, "empty file, no header");
		goto fail;
	}
	if (r->problem != INPUT_REC_OK) {
		error_at(in->name, r->line, "bad header: %s",
			input_problem_text(r->problem));
		goto fail;
	}
	keep_header(in, r);
	return in;
fail:
	input_free(in);
	return NULL;
}

const struct input_record *
input_header(const struct input *in)
{
	return &in->hdr;
}

static int
name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	while (alen > 0 && (*a == ' ' || *a == '\t'))
		a++, alen--;
	while (alen > 0 && (a[alen - 1] == ' ' || a[alen - 1] == '\t'))
		alen--;
	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

int
input_column(const struct input *in, const char *name)
{
	size_t blen = strlen(name), i;
	int found = -1;

	while (blen > 0 && (*name == ' ' || *name == '\t'))
		name++, blen--;
	while (blen > 0 && (name[blen - 1] == ' ' || name[blen - 1] == '\t'))
		blen--;
	for (i = 0; i < in->hdr.nfield; i++) {
		if (!name_eq(in->hdr.field[i], in->hdr.len[i], name, blen))
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

static const struct input_record *
emit(struct input *in)
{
	struct qrec *q = &in->q[in->qnext++];
	size_t i;

	if (q->nfield > in->rcap) {
		size_t cap = in->rcap;

		xgrow((void **)&in->rec.field, &cap, q->nfield,
			sizeof *in->rec.field);
		xgrow((void **)&in->rec.len, &in->rcap, q->nfield,
			sizeof *in->rec.len);
	}
	for (i = 0; i < q->nfield; i++) {
		in->rec.field[i] = in->abuf + in->fld[q->first + i].off;
		in->rec.len[i] = in->fld[q->first + i].len;
	}
	in->rec.nfield = q->nfield;
	in->rec.recno = ++in->recno;
	in->rec.line = q->line;
	in->rec.problem = q->problem;
	in->rec.problem_field = q->problem_field;
	return &in->rec;
}

const struct input_record *
input_next(struct input *in)
{
	if (in->qnext < in->nq)
		return emit(in);
	arena_reset(in);
	while (in->nq == 0 && !in->done) {
		if (in->format == INPUT_TSV)
			tsv_step(in);
		else
			csv_step(in);
	}
	return in->nq > 0 ? emit(in) : NULL;
}

int
input_failed(const struct input *in)
{
	return in->failed;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

uint64_t
input_bytes(const struct input *in)
{
	return in->sha.bytes;
}

void
input_sha256(const struct input *in, char hex[65])
{
	struct sha256 copy = in->sha;

	sha256_hex(&copy, hex);
}

enum input_format
input_format_of(const struct input *in)
{
	return in->format;
}

int
input_was_gzip(const struct input *in)
{
	return in->gzip;
}

void
input_free(struct input *in)
{
	if (in == NULL)
		return;
	if (in->close_fd)
		close(in->fd);
	if (in->z_live)
		inflateEnd(&in->z);
	if (in->csv_live)
		csv_free(&in->csv);
	free(in->name);
	free(in->raw);
	free(in->l5);
	free(in->text);
	free(in->lbuf);
	free(in->abuf);
	free(in->fld);
	free(in->q);
	free(in->rec.field);
	free(in->rec.len);
	free(in->hdr.field);
	free(in->hdr.len);
	free(in->hbuf);
	free(in);
}
