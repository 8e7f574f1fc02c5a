/*
 * input.h - the one way every program opens an input: "-" is stdin, gzip or
 * plain by content, CSV (RFC 4180, by libcsv) or TSV by content or by
 * choice, a UTF-8 byte order mark skipped, ISO-8859-9 (Latin-5) converted
 * on request and otherwise refused with a message, never mangled.
 *
 * Records come one at a time; the first record is the header.  Each record
 * carries its record number and the physical line it starts on, for
 * messages.  Memory is bounded by the longest record, not by the file.
 *
 *	struct input *in = input_open("civil.csv.gz", NULL);
 *	const struct input_record *r;
 *	int col = input_column(in, "national_id");
 *	while ((r = input_next(in)) != NULL)
 *		use(r->field[col], r->len[col]);
 *	if (input_failed(in)) ...;
 *	input_free(in);
 */
#ifndef ISAS_INPUT_H
#define ISAS_INPUT_H

#include <stddef.h>
#include <stdint.h>

enum input_format {
	INPUT_AUTO = 0,	/* TSV when the first line has a tab, else CSV */
	INPUT_CSV,	/* RFC 4180; delimiter ',' or ';' guessed from line 1 */
	INPUT_TSV	/* tab separated, backslash escapes \t \n \r \\ */
};

enum input_encoding {
	INPUT_UTF8 = 0,	/* refuse a file that is not UTF-8 */
	INPUT_LATIN5	/* convert from ISO-8859-9 to UTF-8 */
};

struct input_options {
	enum input_format format;
	enum input_encoding encoding;
	/* A record longer than this many bytes is skipped and reported
	 * (INPUT_REC_TOOLONG); 0 means the default of 1 MiB. */
	size_t max_record;
	/* A record with more fields than this is skipped and reported
	 * (INPUT_REC_TOOMANY); 0 means the default of 4096. */
	size_t max_fields;
	/* An empty input (no header) opens as one of no columns and no
	 * records, rather than being refused: a stream that told nothing. */
	int allow_empty;
};

/* Why a record came back flagged rather than clean. */
enum input_record_problem {
	INPUT_REC_OK = 0,
	INPUT_REC_TOOLONG,	/* longer than max_record; fields empty */
	INPUT_REC_TOOMANY,	/* more than max_fields; fields empty */
	INPUT_REC_BADUTF8,	/* a field is not valid UTF-8 */
	INPUT_REC_NUL,		/* a field holds a NUL byte */
	INPUT_REC_BADQUOTE	/* CSV: a stray or unbalanced quote; fields
				 * empty, reading resumes on the next line */
};

/* A short lower-case phrase for a problem, for messages ("malformed
 * quoting"); "ok" for INPUT_REC_OK. */
const char *input_problem_text(enum input_record_problem p);

struct input_record {
	size_t nfield;
	char **field;		/* NUL-terminated; valid until input_next */
	size_t *len;		/* byte length of each field */
	uint64_t recno;		/* 1 for the header, 2 for the first row */
	uint64_t line;		/* physical line the record starts on */
	enum input_record_problem problem;
	size_t problem_field;	/* for BADUTF8 and NUL: which field */
};

struct input;

/*
 * Opens path ("-" for stdin) with options o (NULL for defaults).  On
 * failure prints "prog: path: reason" and returns NULL.  The name used in
 * messages is path, "-" for stdin.  Reads and checks the header record:
 * an empty file or one with a bad first line is an error here.
 */
struct input *input_open(const char *path, const struct input_options *o);

/* The header: field names as they stand in the file. */
const struct input_record *input_header(const struct input *in);

/*
 * The index of the header field named name, compared case-insensitively
 * (ASCII) after trimming spaces, or -1.  When the header holds the name
 * more than once, returns -2.
 */
int input_column(const struct input *in, const char *name);

/*
 * The next data record, or NULL at the end of input or on an error that
 * stops reading (a truncated or corrupt gzip stream, a read error, an
 * unterminated quoted field at the end); input_failed() tells which, after
 * the message was printed as "prog: file:line: reason".  A record whose
 * problem is not INPUT_REC_OK is returned so that the caller can reject it
 * with its line; reading goes on after it.  Records with fewer fields than
 * the header are returned as they are; the caller decides.
 */
const struct input_record *input_next(struct input *in);

/* 1 when reading stopped on an error rather than at the end. */
int input_failed(const struct input *in);

/* The name used in messages: the path, or "-". */
const char *input_name(const struct input *in);

/* What was read: raw bytes (as stored, before gunzip) and their SHA-256 as
 * 64 lower-case hex digits plus NUL.  Complete once input_next returned
 * NULL. */
uint64_t input_bytes(const struct input *in);
void input_sha256(const struct input *in, char hex[65]);

/* The format in use (CSV or TSV after detection) and whether the bytes
 * were gzip. */
enum input_format input_format_of(const struct input *in);
int input_was_gzip(const struct input *in);

/* Closes the file and frees everything, records included. */
void input_free(struct input *in);

#endif
