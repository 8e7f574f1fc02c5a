/*
 * fuzz_input.c - the input reader (lib/input.c) on any bytes: gzip or
 * plain by content, the byte order mark, UTF-8 or ISO-8859-9, CSV or TSV,
 * record and line numbers, the limits on records and fields.
 *
 * Input: two option bytes, then the file.
 *
 *	byte 0	bits 0-1  format: 0 auto, 1 CSV, 2 TSV, 3 auto
 *		bit 2     encoding Latin-5 (else UTF-8)
 *		bit 3     allow_empty
 *		bits 4-5  max_record: default, 8, 64 or 1000 bytes
 *		bits 6-7  max_fields: default, 1, 3 or 16
 *	byte 1	bit 7     repeat the file until it is about as long as
 *		          bits 4-6 say: 60, 66, 124, 132, 250, 262, 300 or
 *		          20 KiB, plus bits 0-3 KiB; so that records straddle
 *		          the reader's 64 KiB sniffing window and its 128 and
 *		          256 KiB buffers
 *
 * Every record is read, and input.h's contract checked: record numbers
 * count from 1 without a gap, lines never go back, a flagged record has
 * no fields (or names the field at fault), a clean one is valid UTF-8
 * without NUL within the limits, and at the end, unless reading failed,
 * every byte was read and hashed.  Every name of the header is found by
 * input_column().
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "err.h"
#include "input.h"
#include "sha256.h"
#include "value.h"
#include "xalloc.h"

/* Around the reader's buffer sizes, in KiB. */
static const size_t repeat_kib[8] = { 60, 66, 124, 132, 250, 262, 300, 20 };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	err_init("fuzz_input");
	return 0;
}

static void
check_record(const struct input_record *r, const struct input_options *o,
	size_t max_record, size_t max_fields)
{
	size_t i, bytes = 0;

	FUZZ_ASSERT(r->line >= 1);
	FUZZ_ASSERT(input_problem_text(r->problem) != NULL);
	switch (r->problem) {
	case INPUT_REC_TOOLONG:
	case INPUT_REC_TOOMANY:
	case INPUT_REC_BADQUOTE:
		FUZZ_ASSERT(r->nfield == 0);
		return;
	case INPUT_REC_BADUTF8:
	case INPUT_REC_NUL:
		FUZZ_ASSERT(r->problem_field < r->nfield);
		if (r->problem == INPUT_REC_NUL)
			FUZZ_ASSERT(memchr(r->field[r->problem_field], '\0',
			    r->len[r->problem_field]) != NULL);
		else
			FUZZ_ASSERT(!utf8_valid(r->field[r->problem_field],
			    r->len[r->problem_field]));
		return;
	case INPUT_REC_OK:
		break;
	}
	FUZZ_ASSERT(r->nfield <= max_fields);
	for (i = 0; i < r->nfield; i++) {
		FUZZ_ASSERT(r->field[i][r->len[i]] == '\0');
		FUZZ_ASSERT(memchr(r->field[i], '\0', r->len[i]) == NULL);
		FUZZ_ASSERT(utf8_valid(r->field[i], r->len[i]));
		bytes += r->len[i] + (i > 0);
	}
	FUZZ_ASSERT(bytes <= max_record);
	(void)o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t recs[4] = { 1024 * 1024, 8, 64, 1000 };
	static const size_t flds[4] = { 4096, 1, 3, 16 };
	struct input_options o;
	const struct input_record *r;
	struct input *in;
	const uint8_t *body;
	uint8_t *file = NULL;
	size_t n, len, want, i;
	uint64_t recno, line;
	char hex[65], want_hex[65];
	struct sha256 h;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof o);
	o.format = (data[0] & 3) == 1 ? INPUT_CSV : (data[0] & 3) == 2 ?
	    INPUT_TSV : INPUT_AUTO;
	o.encoding = data[0] & 4 ? INPUT_LATIN5 : INPUT_UTF8;
	o.allow_empty = (data[0] & 8) != 0;
	o.max_record = (data[0] >> 4 & 3) ? recs[data[0] >> 4 & 3] : 0;
	o.max_fields = (data[0] >> 6 & 3) ? flds[data[0] >> 6 & 3] : 0;
	body = data + 2;
	len = size - 2;
	want = data[1] & 0x80 ? (repeat_kib[data[1] >> 4 & 7] +
	    (data[1] & 15)) * 1024 : 0;
	if (want > len && len > 0) {
		file = xmalloc(want + len);
		for (n = 0; n < want; n += len)
			memcpy(file + n, body, len);
		body = file;
		len = n;
	}

	in = input_open(fuzz_file(0, body, len), &o);
	if (in == NULL) {
		free(file);
		return 0;
	}
	r = input_header(in);
	FUZZ_ASSERT(r->nfield == 0 || r->recno == 1);
	for (i = 0; i < r->nfield; i++)
		FUZZ_ASSERT(input_column(in, r->field[i]) != -1);
	if (o.format != INPUT_AUTO)
		FUZZ_ASSERT(input_format_of(in) == o.format);
	FUZZ_ASSERT(input_was_gzip(in) == (len >= 2 && body[0] == 0x1f &&
	    body[1] == 0x8b));
	recno = r->nfield ? 1 : 0;
	line = r->line;
	while ((r = input_next(in)) != NULL) {
		FUZZ_ASSERT(r->recno == ++recno);
		FUZZ_ASSERT(r->line >= line);
		line = r->line;
		check_record(r, &o, recs[data[0] >> 4 & 3],
		    flds[data[0] >> 6 & 3]);
	}
	FUZZ_ASSERT(input_next(in) == NULL);
	if (!input_failed(in)) {
		FUZZ_ASSERT(input_bytes(in) == len);
		sha256_begin(&h);
		sha256_add(&h, body, len);
		sha256_hex(&h, want_hex);
		input_sha256(in, hex);
		FUZZ_ASSERT(strcmp(hex, want_hex) == 0);
	}
	input_free(in);
	free(file);
	return 0;
}
