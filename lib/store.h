/*
 * store.h - the SQLite working store.
 *
 * A store is one SQLite file, created with mode 0600, whose schema is
 * versioned (PRAGMA user_version) and migrated forward by the program that
 * opens it; a store of a newer version than the program knows is refused.
 * A writing program works inside one transaction for its whole run: a run
 * that fails or is killed leaves the store exactly as it was.  Every run
 * is recorded in the `run` table with its program, version, argv, as-of
 * date, status, and the SHA-256, bytes and rows of each input and output
 * (table `run_file`), written in the same transaction as its effects.
 *
 * Every statement is prepared, with values bound; no SQL text is built
 * from data.
 */
#ifndef ISAS_STORE_H
#define ISAS_STORE_H

#include <stdint.h>

#include <sqlite3.h>

#include "err.h"

/* The schema version this build creates and understands. */
#define STORE_SCHEMA_VERSION 6

/* The application_id of an ISAS store: "ISAS" in ASCII. */
#define STORE_APPLICATION_ID 0x49534153

struct store {
	sqlite3 *db;
	char *path;
	int64_t run_id;		/* the run in progress, or 0 */
	int in_txn;
	struct store *next;	/* the list of open stores */
};

enum store_mode {
	STORE_READ,		/* open an existing store read-only */
	STORE_WRITE		/* create or migrate, and begin the run's transaction */
};

/*
 * Opens the store at path.  STORE_WRITE creates it (mode 0600) when absent,
 * migrates it to STORE_SCHEMA_VERSION, and begins an IMMEDIATE transaction
 * that lasts until store_commit() or store_close(); a program that exits
 * before either (die()) has it rolled back at exit.  Dies with status 2 and a
 * clear message when the file is not a store, is of a newer schema, is locked
 * by another program, or cannot be written.  Free with store_close().
 */
struct store *store_open(const char *path, enum store_mode mode);

/*
 * Prepares sql (a constant of the program), dying with the SQLite message
 * when it does not compile.  The caller finalizes the statement.
 */
sqlite3_stmt *store_prepare(struct store *s, const char *sql);

/*
 * Binds a value to the named parameter (":name") of st, a copy of it;
 * nothing when st has no such parameter.
 */
void store_bind_text(sqlite3_stmt *st, const char *name, const char *v);
void store_bind_int(sqlite3_stmt *st, const char *name, int64_t v);

/*
 * Dies with the message of the store's last error, as store_step() does:
 * "path: what: reason", or what the error means (locked, disk full,
 * read-only...).  For a statement stepped by the caller itself.
 */
ISAS_NORETURN void store_die(struct store *s, const char *what);

/* Executes constant SQL with no results, dying on error. */
void store_exec(struct store *s, const char *sql);

/*
 * Steps st once, dying with the SQLite message (and what) on an error.
 * Returns SQLITE_ROW or SQLITE_DONE.
 */
int store_step(struct store *s, sqlite3_stmt *st, const char *what);

/*
 * Starts the run record of this program: program name, version, argv (all
 * of it, as a JSON array) and the as-of date ("YYYY-MM-DD").  Returns the
 * run id, also kept in s->run_id.
 */
int64_t store_run_begin(struct store *s, const char *program, int argc,
	char **argv, const char *as_of);

/* Records an input or output file of the current run. */
void store_run_file(struct store *s, const char *role, const char *name,
	const char *sha256, uint64_t bytes, uint64_t rows);

/*
 * Ends the run record with its status ("ok"; "rejects" when rows were
 * refused; "errors" when rules could not be evaluated) and counts.  The run's transaction is still open: a program
 * writes its standard output after this and commits only once that output
 * is safely written, so that a change is never committed without being
 * told downstream.
 */
void store_run_end(struct store *s, const char *status, uint64_t rows_in,
	uint64_t rows_changed, uint64_t rows_rejected);

/*
 * Commits the run's transaction.  Dies when the commit fails; the store is
 * then as it was before the run.
 */
void store_commit(struct store *s);

/*
 * Rolls back any open transaction, finalizes any statement still prepared
 * on the store, and closes it.
 */
void store_close(struct store *s);

/*
 * The as-of day of a run: opt (the --as-of given, ISO or DD.MM.YYYY), or
 * when opt is NULL $ISAS_AS_OF when set (dies when it is not a date), else
 * today in UTC.  Writes "YYYY-MM-DD" and a NUL to out[11] and the day to
 * *day (when day is not NULL).  Returns 0, or -1 when opt is not a date.
 * The only place the toolchain reads the clock.
 */
int store_as_of(const char *opt, char out[11], int32_t *day);

#endif
