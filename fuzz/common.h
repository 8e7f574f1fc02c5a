/*
 * common.h - what the fuzz harnesses (fuzz/fuzz_*.c) share: the bytes of
 * one run as a file the library opens by name, a store in memory, the
 * rule and parameter files of etc/, and the assertion of a property.
 *
 * Every harness is a libFuzzer target: LLVMFuzzerInitialize() once, then
 * LLVMFuzzerTestOneInput() for each input, which must leave no state
 * behind that changes what the next input does.  The same sources are
 * linked with fuzz/replay.c (no libFuzzer) to run the regression inputs
 * in `make check`.
 */
#ifndef ISAS_FUZZ_COMMON_H
#define ISAS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The entry points every harness defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Makes data[0..size) the whole content of in-memory file slot (0 or 1)
 * and returns a path that opens it from its first byte.  The file is the
 * same one on every call, emptied and written again; the path is valid
 * until the program exits.  Dies when the file cannot be made.
 */
const char *fuzz_file(int slot, const void *data, size_t size);

/*
 * The store of the harness, made on the first call: SQLite in memory
 * (":memory:"), the current schema, one run begun and committed, temp
 * tables in memory.  No transaction is open; a harness that writes opens
 * one and rolls it back before it returns.
 */
struct store *fuzz_store(void);

/*
 * The path of etc/name in the source tree the harness was built from,
 * or in $ISAS_FUZZ_ETC when set.  Points to a static buffer, overwritten
 * by the next call.
 */
const char *fuzz_etc(const char *name);

/*
 * Splits the first line off data[0..size): *word gets its first word
 * (NUL-terminated, at most wsz - 1 bytes, the rest cut), *rest the bytes
 * after the first newline (none when there is no newline).  Returns the
 * number of bytes in *rest.  For harnesses whose input says what it is
 * on its first line ("civil", "banks").
 */
size_t fuzz_first_line(const uint8_t *data, size_t size, char *word,
	size_t wsz, const uint8_t **rest);

/* 1 when the first line of data[0..size) holds the word w. */
int fuzz_line_has(const uint8_t *data, size_t size, const char *w);

/* Aborts, naming the property and where it is, when c does not hold: a
 * crash the fuzzer records like any other. */
#define FUZZ_ASSERT(c) ((c) ? (void)0 : fuzz_fail(#c, __FILE__, __LINE__))

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void fuzz_fail(const char *what, const char *file, int line);

#endif
