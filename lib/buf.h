/*
 * buf.h - a growable byte buffer, always NUL-terminated (after git's strbuf).
 * Initialize with BUF_INIT; buf_release frees the bytes.
 */
#ifndef ISAS_BUF_H
#define ISAS_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* Appends printf-style formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s[0..n) as a JSON string, quotes included. */
void buf_add_json(struct buf *b, const char *s, size_t n);
void buf_reset(struct buf *b);
/* Appends the whole file at path; -1 (errno set) when it cannot be read. */
int buf_read_file(struct buf *b, const char *path);
void buf_release(struct buf *b);
/* The contents, "" when empty; valid until the next change. */
const char *buf_str(struct buf *b);

#endif
