/*
 * sha256.h - SHA-256 of streams, by nettle (a well-kept library, so the
 * digest is not written again here).  Hex digests are 64 lower-case digits.
 */
#ifndef ISAS_SHA256_H
#define ISAS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

struct sha256 {
	struct sha256_ctx ctx;
	uint64_t bytes;
};

void sha256_begin(struct sha256 *h);
void sha256_add(struct sha256 *h, const void *p, size_t n);
/* Writes the digest d as 64 lower-case hex digits and a NUL. */
void sha256_hex_digest(const uint8_t d[SHA256_DIGEST_SIZE], char hex[65]);
/* Writes 64 hex digits and a NUL to hex; the state is reset after. */
void sha256_hex(struct sha256 *h, char hex[65]);
/* The SHA-256 of a whole file, or -1 (errno set) when it cannot be read. */
int sha256_file(const char *path, char hex[65], uint64_t *bytes);

#endif
