/*
 * err.h - messages and fatal errors, in the form "isas-x: file:line: text".
 *
 * Every program calls err_init() first with its name.  Messages are lower
 * case, without a full stop; the subject of a message is quoted by the
 * caller.  die() exits with status 2 ("could not do the job").
 */
#ifndef ISAS_ERR_H
#define ISAS_ERR_H

#include <stdint.h>

#if defined(__GNUC__)
#define ISAS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ISAS_NORETURN __attribute__((noreturn))
#else
#define ISAS_PRINTF(f, a)
#define ISAS_NORETURN
/*
 * Tells what getopt_long found wrong with the option just read, as
 * "prog: unrecognized option '--x'" or "prog: option '--x' requires an
 * argument", instead of getopt's own message (which names argv[0]).  For
 * programs that set opterr = 0 and begin their option string with ':';
 * c is what getopt_long returned ('?' or ':').
 */
void error_option(int c, char **argv);

#endif

/*
 * Sets the program name used as the prefix of every message, and ignores
 * SIGXFSZ: a write past the file size limit (ulimit -f) then fails with
 * EFBIG and is reported, and the run rolled back, as any failed write is,
 * instead of killing the program.
 */
void err_init(const char *progname);

/* The program name given to err_init() ("isas" before it is called). */
const char *err_progname(void);

/* Prints "prog: message" to stderr and exits with status 2. */
ISAS_NORETURN void die(const char *fmt, ...) ISAS_PRINTF(1, 2);

/* Prints "prog: message" to stderr. */
void error(const char *fmt, ...) ISAS_PRINTF(1, 2);

/* Prints "prog: warning: message" to stderr. */
void warning(const char *fmt, ...) ISAS_PRINTF(1, 2);

/*
 * Prints "prog: file:line: message" to stderr; line 0 leaves out the line.
 * A NULL file leaves out "file:line: " altogether.
 */
void error_at(const char *file, uint64_t line, const char *fmt, ...)
	ISAS_PRINTF(3, 4);
void warning_at(const char *file, uint64_t line, const char *fmt, ...)
	ISAS_PRINTF(3, 4);
ISAS_NORETURN void die_at(const char *file, uint64_t line, const char *fmt, ...)
	ISAS_PRINTF(3, 4);

/*
 * Tells what getopt_long found wrong with the option just read, as
 * "prog: unrecognized option '--x'" or "prog: option '--x' requires an
 * argument", instead of getopt's own message (which names argv[0]).  For
 * programs that set opterr = 0 and begin their option string with ':';
 * c is what getopt_long returned ('?' or ':').
 */
void error_option(int c, char **argv);

#endif
