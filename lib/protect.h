/*
 * protect.h - field-level protection of national ids in outputs meant for
 * other agencies: each id is replaced by its keyed hash, HMAC-SHA256 under
 * a secret key, as 64 lower-case hex digits.  The same id under the same
 * key always gives the same text, so an agency holding the key can match
 * its own records (HMAC-SHA256 of the id's text, as with `openssl dgst
 * -sha256 -mac HMAC -macopt hexkey:KEY`), and one without it can neither
 * reverse the hash nor try every possible id.
 *
 * The key comes from a file of hex digits (at least 64, that is 256 bits;
 * surrounding white space allowed), which must be a regular file that
 * neither its group nor others may read or write.  The key is never
 * stored, printed or passed on: only the file's path reaches the run
 * record.
 */
#ifndef ISAS_PROTECT_H
#define ISAS_PROTECT_H

#include <stddef.h>
#include <stdint.h>

#define PROTECT_KEY_MIN 32	/* bytes */
#define PROTECT_KEY_MAX 128	/* bytes */
#define PROTECT_HEX 64		/* digits of a protected id */

struct protect {
	uint8_t key[PROTECT_KEY_MAX];
	size_t len;
};

/*
 * Reads the key from path into p.  Returns 0, or -1 after printing
 * "prog: path: what is wrong" (unreadable, not a regular file, open to
 * the group or others, not hex, too short or too long).
 */
int protect_load(struct protect *p, const char *path);

/* Writes the keyed hash of id[0..n) to out, 64 hex digits and a NUL. */
void protect_id(const struct protect *p, const char *id, size_t n,
	char out[PROTECT_HEX + 1]);

/* Forgets the key (overwrites it). */
void protect_release(struct protect *p);

#endif
