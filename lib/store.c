#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "kinds.h"
#include "store.h"
#include "value.h"
#include "xalloc.h"

/*
 * How long a writer waits for another program's lock before giving up, in
 * seconds; ISAS_LOCK_WAIT overrides it.
 */
#define STORE_LOCK_WAIT 10

static int
lock_wait_ms(void)
{
	const char *e = getenv("ISAS_LOCK_WAIT");
	long v;
	char *end;

	if (e && *e) {
		v = strtol(e, &end, 10);
		if (*end == '\0' && v >= 0 && v <= 86400)
			return (int)v * 1000;
	}
	return STORE_LOCK_WAIT * 1000;
}

static const char schema_v1[] =
	"CREATE TABLE run ("
	" run_id INTEGER PRIMARY KEY,"
	" program TEXT NOT NULL,"
	" version TEXT NOT NULL,"
	" argv TEXT NOT NULL,"
	" as_of TEXT,"
	" status TEXT NOT NULL DEFAULT 'running',"
	" rows_in INTEGER, rows_changed INTEGER, rows_rejected INTEGER);"
	"CREATE TABLE run_file ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" seq INTEGER NOT NULL,"
	" role TEXT NOT NULL CHECK (role IN ('input', 'output')),"
	" name TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" bytes INTEGER NOT NULL,"
	" rows INTEGER,"
	" PRIMARY KEY (run_id, seq));"
	"CREATE TABLE source ("
	" name TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" first_run INTEGER NOT NULL REFERENCES run(run_id));"
	"CREATE TABLE reject ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" source TEXT NOT NULL,"
	" file TEXT NOT NULL,"
	" line INTEGER NOT NULL,"
	" column_name TEXT,"
	" value TEXT,"
	" reason TEXT NOT NULL);"
	"CREATE INDEX reject_run ON reject(run_id);"
	;

/*
 * Version 2: the matcher's state.  Persons and their ids (never reused;
 * a merged person keeps its row with merged_into set), the person of each
 * valid national id, the link of each name-bearing record without a valid
 * national id, merges and splits, the clerical-review list of the last
 * run, the model and counts of each run, households and their members,
 * and the persons left outside any household.
 */
static const char schema_v2[] =
	"CREATE TABLE person ("
	" person_id TEXT PRIMARY KEY,"
	" first_run INTEGER NOT NULL REFERENCES run(run_id),"
	" merged_into TEXT,"
	" merged_run INTEGER) WITHOUT ROWID;"
	"CREATE TABLE person_nid ("
	" national_id TEXT PRIMARY KEY,"
	" person_id TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX person_nid_person ON person_nid(person_id);"
	"CREATE TABLE link ("
	" source TEXT NOT NULL,"
	" record_id TEXT NOT NULL,"
	" person_id TEXT NOT NULL,"
	" weight REAL,"
	" PRIMARY KEY (source, record_id)) WITHOUT ROWID;"
	"CREATE INDEX link_person ON link(person_id);"
	"CREATE TABLE person_event ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" event TEXT NOT NULL CHECK (event IN ('merge', 'split')),"
	" person_id TEXT NOT NULL,"
	" other_id TEXT NOT NULL,"
	" records INTEGER NOT NULL);"
	"CREATE TABLE match_review ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" source_a TEXT NOT NULL, record_a TEXT NOT NULL,"
	" source_b TEXT NOT NULL, record_b TEXT NOT NULL,"
	" weight REAL NOT NULL,"
	" reason TEXT NOT NULL,"
	" breakdown TEXT NOT NULL);"
	"CREATE TABLE match_stat ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" name TEXT NOT NULL,"
	" value INTEGER NOT NULL,"
	" PRIMARY KEY (run_id, name));"
	"CREATE TABLE match_param ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" field TEXT NOT NULL,"
	" level TEXT NOT NULL,"
	" m REAL NOT NULL,"
	" u REAL NOT NULL,"
	" PRIMARY KEY (run_id, field, level));"
	"CREATE TABLE household ("
	" household_id TEXT PRIMARY KEY,"
	" origin TEXT NOT NULL CHECK (origin IN ('civil', 'address')),"
	" head TEXT,"
	" representative TEXT,"
	" size INTEGER NOT NULL,"
	" province INTEGER,"
	" district TEXT,"
	" address TEXT,"
	" postcode TEXT,"
	" first_run INTEGER NOT NULL,"
	" last_run INTEGER NOT NULL,"
	" ended_run INTEGER) WITHOUT ROWID;"
	"CREATE TABLE member ("
	" person_id TEXT PRIMARY KEY,"
	" household_id TEXT NOT NULL,"
	" relationship TEXT,"
	" attached TEXT NOT NULL CHECK (attached IN ('civil', 'address')))"
	" WITHOUT ROWID;"
	"CREATE INDEX member_household ON member(household_id);"
	"CREATE TABLE unattached ("
	" person_id TEXT PRIMARY KEY,"
	" reason TEXT NOT NULL) WITHOUT ROWID;"
	;

/*
 * Version 3: the scorer's state.  The rule and parameter files each run
 * used (by content), the current assessment of every household (or
 * claimant) and programme with its explanation, the log of changed
 * decisions, the entitlements for isas-payfile, the columns that an
 * assessment's explanation lists, and indexes that let a night read only
 * the records of the households it re-scores.
 */
static const char schema_v3[] =
	"CREATE TABLE rule_file ("
	" sha256 TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" text TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE explain_column ("
	" rules_sha256 TEXT NOT NULL,"
	" programme TEXT NOT NULL,"
	" seq INTEGER NOT NULL,"
	" what TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" weight TEXT,"
	" line INTEGER,"
	" PRIMARY KEY (rules_sha256, programme, seq)) WITHOUT ROWID;"
	"CREATE TABLE assessment ("
	" household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL,"
	" person_id TEXT NOT NULL,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" as_of TEXT NOT NULL,"
	" score REAL,"
	" computed TEXT NOT NULL,"
	" decision TEXT NOT NULL CHECK (decision IN"
	" ('eligible', 'not_eligible', 'review', 'error')),"
	" amount INTEGER,"
	" valid_until TEXT,"
	" applied INTEGER NOT NULL,"
	" entitled INTEGER NOT NULL,"
	" reasons TEXT NOT NULL,"
	" board_ref TEXT,"
	" rules_version TEXT NOT NULL,"
	" rules_sha256 TEXT NOT NULL,"
	" params_sha256 TEXT NOT NULL,"
	" explain TEXT NOT NULL,"
	" PRIMARY KEY (household_id, programme, person_id)) WITHOUT ROWID;"
	"CREATE TABLE assessment_log ("
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL,"
	" person_id TEXT NOT NULL,"
	" decision TEXT NOT NULL,"
	" amount INTEGER,"
	" reasons TEXT NOT NULL);"
	"CREATE INDEX assessment_log_household ON assessment_log(household_id);"
	"CREATE TABLE entitlement ("
	" household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL,"
	" person_id TEXT NOT NULL,"
	" period TEXT NOT NULL,"
	" amount INTEGER NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('open', 'withdrawn')),"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" PRIMARY KEY (household_id, programme, person_id, period))"
	" WITHOUT ROWID;"
	"CREATE INDEX entitlement_period ON entitlement(period);"
	"CREATE INDEX IF NOT EXISTS src_civil_nid ON src_civil(national_id);"
	"CREATE INDEX IF NOT EXISTS src_sgk_nid ON src_sgk(national_id);"
	"CREATE INDEX IF NOT EXISTS src_tax_nid ON src_tax(national_id);"
	"CREATE INDEX IF NOT EXISTS src_assets_nid ON src_assets(national_id);"
	"CREATE INDEX IF NOT EXISTS src_bank_nid ON src_bank(national_id);"
	"CREATE INDEX IF NOT EXISTS src_health_nid ON src_health(national_id);"
	"CREATE INDEX IF NOT EXISTS src_education_nid ON src_education(national_id);"
	"CREATE INDEX IF NOT EXISTS src_application_nid ON src_application(national_id);"
	"CREATE INDEX IF NOT EXISTS src_visit_nid ON src_visit(national_id);"
	"CREATE INDEX IF NOT EXISTS src_visit_household ON src_visit(household_id);"
	"CREATE INDEX IF NOT EXISTS src_board_household ON src_board(household_id);"
	"CREATE INDEX IF NOT EXISTS src_person_nid ON src_person(national_id);"
	"CREATE INDEX IF NOT EXISTS src_iskur_nid ON src_iskur(national_id);"
	;

/*
 * Version 4: the employment link's state (isas-sanction).  Every decision
 * with the rule and the events that caused it, kept when revoked (a late
 * event rewrote the history) with the run that revoked it; the last
 * referral list; and, on each entitlement, the part a sanction withholds
 * and the decision that withholds it.
 */
static const char schema_v4[] =
	"CREATE TABLE sanction_decision ("
	" decision_id INTEGER PRIMARY KEY,"
	" person_id TEXT NOT NULL,"
	" household_id TEXT,"
	" kind TEXT NOT NULL CHECK (kind IN ('suspension', 'lift', 'stop',"
	" 'resume', 'incentive', 'window', 'flag')),"
	" programme TEXT NOT NULL,"
	" rule TEXT NOT NULL,"
	" from_date TEXT NOT NULL,"
	" until_date TEXT,"
	" amount INTEGER,"
	" scope TEXT CHECK (scope IN ('household', 'person')),"
	" employer_id TEXT,"
	" events TEXT NOT NULL,"
	" params_sha256 TEXT NOT NULL,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" revoked_run INTEGER REFERENCES run(run_id));"
	"CREATE INDEX sanction_decision_person ON sanction_decision(person_id);"
	"CREATE INDEX sanction_decision_household"
	" ON sanction_decision(household_id);"
	"CREATE TABLE referral ("
	" person_id TEXT PRIMARY KEY,"
	" household_id TEXT NOT NULL,"
	" reason TEXT NOT NULL,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id)) WITHOUT ROWID;"
	"ALTER TABLE entitlement ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE entitlement ADD COLUMN withheld_by INTEGER;"
	;

/*
 * Version 5: payments (isas-payfile).  The bank files issued (one message
 * each), every payment with the key it settles, the account and name it
 * went to and what the bank said of it, the journal of double entries,
 * the bank return records applied, and the lines the last run could not
 * pay.  A message's payments are numbered one after the other
 * (first_payment .. last_payment), and a payment's end-to-end id is its
 * number ("ISAS" and 12 digits): both are found by payment_id, with no
 * index of their own.  On each entitlement: what has been paid of it (net of returns
 * and recoveries) and the reason of its last return; the partial index
 * holds only the entitlements whose payment is not settled.
 */
static const char schema_v5[] =
	"CREATE TABLE pay_batch ("
	" message_id TEXT PRIMARY KEY,"
	" period TEXT NOT NULL,"
	" seq INTEGER NOT NULL,"
	" as_of TEXT NOT NULL,"
	" bank TEXT NOT NULL,"
	" bank_bic TEXT NOT NULL,"
	" debtor_name TEXT NOT NULL,"
	" debtor_iban TEXT NOT NULL,"
	" charset TEXT NOT NULL CHECK (charset IN ('utf8', 'ascii')),"
	" payments INTEGER NOT NULL,"
	" total INTEGER NOT NULL,"
	" first_payment INTEGER,"
	" last_payment INTEGER,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" UNIQUE (period, seq)) WITHOUT ROWID;"
	"CREATE TABLE payment ("
	" payment_id INTEGER PRIMARY KEY,"
	" end_to_end_id TEXT NOT NULL,"
	" message_id TEXT REFERENCES pay_batch(message_id),"
	" household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL,"
	" person_id TEXT NOT NULL,"
	" period TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('period', 'arrears',"
	" 'correction', 'reissue', 'recovery')),"
	" seq INTEGER NOT NULL,"
	" amount INTEGER NOT NULL CHECK (amount <> 0),"
	" payee TEXT,"
	" name TEXT,"
	" iban TEXT,"
	" status TEXT NOT NULL CHECK (status IN ('issued', 'confirmed',"
	" 'rejected', 'returned', 'booked')),"
	" reason_code TEXT,"
	" status_date TEXT,"
	" status_run INTEGER REFERENCES run(run_id),"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" UNIQUE (household_id, programme, person_id, period, kind, seq));"
	"CREATE TABLE journal ("
	" entry_id INTEGER PRIMARY KEY,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" date TEXT NOT NULL,"
	" event TEXT NOT NULL CHECK (event IN ('issue', 'confirm', 'reject',"
	" 'return', 'recovery')),"
	" payment_id INTEGER NOT NULL REFERENCES payment(payment_id),"
	" debit TEXT NOT NULL,"
	" credit TEXT NOT NULL,"
	" amount INTEGER NOT NULL CHECK (amount > 0));"
	"CREATE INDEX journal_run ON journal(run_id);"
	"CREATE TABLE bank_return ("
	" source TEXT NOT NULL,"
	" record_id TEXT NOT NULL,"
	" payment_id INTEGER REFERENCES payment(payment_id),"
	" outcome TEXT NOT NULL,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" PRIMARY KEY (source, record_id)) WITHOUT ROWID;"
	"CREATE TABLE pay_hold ("
	" household_id TEXT NOT NULL,"
	" programme TEXT NOT NULL,"
	" person_id TEXT NOT NULL,"
	" period TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" amount INTEGER NOT NULL,"
	" reason TEXT NOT NULL,"
	" run_id INTEGER NOT NULL REFERENCES run(run_id),"
	" PRIMARY KEY (household_id, programme, person_id, period))"
	" WITHOUT ROWID;"
	"ALTER TABLE entitlement ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE entitlement ADD COLUMN returned TEXT;"
	"CREATE INDEX entitlement_unsettled ON entitlement(period) WHERE"
	" paid <> CASE WHEN status = 'open' THEN amount - withheld ELSE 0 END;"
	"CREATE INDEX IF NOT EXISTS src_bank_iban ON src_bank(iban);"
	;

/*
 * Version 6: the audit list that isas-report flags keeps.  One row per
 * flag, keyed by its kind and entity; its status is open, closed (by an
 * auditor, with a note) or gone (the condition no longer holds).
 */
static const char schema_v6[] =
	"CREATE TABLE flag ("
	" flag_id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" entity TEXT NOT NULL,"
	" household_id TEXT,"
	" person_id TEXT,"
	" evidence TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'gone')),"
	" first_run INTEGER NOT NULL REFERENCES run(run_id),"
	" last_run INTEGER NOT NULL REFERENCES run(run_id),"
	" status_run INTEGER NOT NULL REFERENCES run(run_id),"
	" note TEXT,"
	" UNIQUE (kind, entity));"
	"CREATE INDEX flag_household ON flag(household_id);";

void
store_die(struct store *s, const char *what)
{
	int code = sqlite3_extended_errcode(s->db);
	int sys = sqlite3_system_errno(s->db);

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		die("%s: store is locked by another program", s->path);
	if ((code & 0xff) == SQLITE_FULL)
		die("%s: %s: disk full", s->path, what);
	if (code == SQLITE_READONLY_DIRECTORY)
		die("%s: store's folder is read-only: its journal cannot be"
		    " created", s->path);
	if ((code & 0xff) == SQLITE_READONLY)
		die("%s: store is read-only", s->path);
	if ((code & 0xff) == SQLITE_NOTADB)
		die("%s: not an ISAS store (not an SQLite database)", s->path);
	/*
	 * A failed write or open: what the system said (EFBIG past ulimit -f,
	 * EIO...), else what the store's file last failed with (the rollback
	 * after a failed commit may have changed errno).
	 */
	if ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_CANTOPEN) {
		if (sys == 0)
			sqlite3_file_control(s->db, "main",
			    SQLITE_FCNTL_LAST_ERRNO, &sys);
		if (sys != 0)
			die("%s: %s: %s", s->path, what, strerror(sys));
	}
	die("%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *
store_prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		store_die(s, "cannot prepare statement");
	return st;
}

void
store_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

void
store_bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/*
 * Dies when the run's transaction is gone: after some errors (a full disk,
 * an I/O error) SQLite rolls it back by itself, and a statement run then
 * would be committed on its own.
 */
static void
check_txn(struct store *s)
{
	if (s->in_txn && sqlite3_get_autocommit(s->db))
		die("%s: the run was rolled back after an error; nothing is"
		    " stored", s->path);
}

void
store_exec(struct store *s, const char *sql)
{
	check_txn(s);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		store_die(s, "cannot execute");
}

int
store_step(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc;

	check_txn(s);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_die(s, what);
	return rc;
}

static int64_t
pragma_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql);
	int64_t v = 0;

	if (store_step(s, st, "cannot read the store's header") == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Appends the CREATE TABLE of one kind to buf (of size n). */
static void
kind_ddl(const struct kind_def *k, char *buf, size_t n)
{
	size_t i, off;

	off = (size_t)snprintf(buf, n, "CREATE TABLE src_%s (source TEXT NOT NULL",
	    k->name);
	for (i = 0; i < k->ncol && off < n; i++)
		off += (size_t)snprintf(buf + off, n - off, ", %s %s%s",
		    k->col[i].name, col_sqltype(k->col[i].type),
		    (k->col[i].flags & COL_KEY) ? " NOT NULL" : "");
	if (off < n)
		snprintf(buf + off, n - off,
		    ", first_run INTEGER NOT NULL, last_run INTEGER NOT NULL,"
		    " ended TEXT, invalid TEXT, PRIMARY KEY (source, record_id)) WITHOUT ROWID;");
	if (off >= n)
		die("internal error: schema of kind %s too long", k->name);
}

static void
migrate_v1(struct store *s)
{
	char ddl[4096];
	size_t i;

	store_exec(s, schema_v1);
	for (i = 0; i < nkinds; i++) {
		kind_ddl(&kinds[i], ddl, sizeof ddl);
		store_exec(s, ddl);
	}
}

/*
 * Makes the tables of kinds added since the store was made, and adds the
 * columns a kind has gained since its table was made.
 */
static void
sync_columns(struct store *s)
{
	sqlite3_stmt *st, *has;
	char sql[512], ddl[4096];
	size_t i, j;

	has = store_prepare(s, "SELECT 1 FROM sqlite_schema WHERE type = 'table'"
	    " AND name = ?1");
	for (i = 0; i < nkinds; i++) {
		snprintf(sql, sizeof sql, "src_%s", kinds[i].name);
		sqlite3_bind_text(has, 1, sql, -1, SQLITE_TRANSIENT);
		if (store_step(s, has, "cannot read the schema") == SQLITE_DONE) {
			kind_ddl(&kinds[i], ddl, sizeof ddl);
			store_exec(s, ddl);
		}
		sqlite3_reset(has);
	}
	sqlite3_finalize(has);
	st = store_prepare(s, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
	for (i = 0; i < nkinds; i++) {
		for (j = 0; j < kinds[i].ncol; j++) {
			snprintf(sql, sizeof sql, "src_%s", kinds[i].name);
			sqlite3_bind_text(st, 1, sql, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, kinds[i].col[j].name, -1,
			    SQLITE_STATIC);
			if (store_step(s, st, "cannot read the schema") == SQLITE_DONE) {
				snprintf(sql, sizeof sql,
				    "ALTER TABLE src_%s ADD COLUMN %s %s",
				    kinds[i].name, kinds[i].col[j].name,
				    col_sqltype(kinds[i].col[j].type));
				store_exec(s, sql);
			}
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
}

/*
 * Reads the store's application id and schema version into *app and *ver,
 * and dies when the file is not an ISAS store (an empty database is one
 * only when may_be_new) or is of a newer schema than this program's.
 */
static void
check_header(struct store *s, int may_be_new, int64_t *app, int64_t *ver)
{
	*app = pragma_int(s, "PRAGMA application_id");
	*ver = pragma_int(s, "PRAGMA user_version");
	if (*app != STORE_APPLICATION_ID && !(may_be_new && *app == 0 &&
	    *ver == 0 && pragma_int(s, "SELECT count(*) FROM sqlite_schema") == 0))
		die("%s: not an ISAS store (application id %lld)", s->path,
		    (long long)*app);
	if (*ver > STORE_SCHEMA_VERSION)
		die("%s: store schema version %lld is newer than this program's %d;"
		    " use a newer isas", s->path, (long long)*ver,
		    STORE_SCHEMA_VERSION);
}

static void
migrate(struct store *s)
{
	int64_t app, ver;
	char sql[64];

	check_header(s, 1, &app, &ver);
	if (ver < 1)
		migrate_v1(s);
	if (ver < 2)
		store_exec(s, schema_v2);
	sync_columns(s);
	if (ver < 3)
		store_exec(s, schema_v3);
	if (ver < 4)
		store_exec(s, schema_v4);
	if (ver < 5)
		store_exec(s, schema_v5);
	if (ver < 6)
		store_exec(s, schema_v6);
	if (ver != STORE_SCHEMA_VERSION || app != STORE_APPLICATION_ID) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
		    STORE_APPLICATION_ID);
		store_exec(s, sql);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		    STORE_SCHEMA_VERSION);
		store_exec(s, sql);
	}
}

/*
 * The stores now open: kept reachable so that a program that dies with a
 * store open (die() exits) leaves nothing a leak checker calls lost.
 */
static struct store *open_stores;

/* The process that opened them: a forked child leaves them alone. */
static pid_t opener;

/*
 * At exit, rolls back the run of every store still open: a program that
 * dies leaves each store whole and without a journal beside it, not for
 * the next program that opens it to put right (which a reader without
 * write access could not).
 */
static void
rollback_at_exit(void)
{
	struct store *s;

	if (getpid() != opener)
		return;
	for (s = open_stores; s; s = s->next)
		if (s->in_txn)
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

struct store *
store_open(const char *path, enum store_mode mode)
{
	struct store *s = xcalloc(1, sizeof *s);
	int flags, fd;

	if (!opener) {
		opener = getpid();
		atexit(rollback_at_exit);
	}
	s->next = open_stores;
	open_stores = s;
	s->path = xstrdup(path);
	if (mode == STORE_WRITE) {
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST) {
			die("%s: cannot create store: %s", path, strerror(errno));
		}
		flags = SQLITE_OPEN_READWRITE;
	} else {
		if (access(path, F_OK) != 0)
			die("%s: cannot open store: %s", path, strerror(errno));
		flags = SQLITE_OPEN_READONLY;
	}
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL)
	    != SQLITE_OK)
		die("%s: cannot open store: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, lock_wait_ms());
	if (mode == STORE_WRITE && sqlite3_db_readonly(s->db, "main") == 1)
		die("%s: store is read-only", path);
	/* Takes effect only on a store without tables yet. */
	store_exec(s, "PRAGMA page_size = 8192");
	store_exec(s, "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -16384;"
	    "PRAGMA temp_store = FILE;");
	if (mode == STORE_WRITE) {
		store_exec(s, "PRAGMA journal_mode = DELETE;"
		    "PRAGMA synchronous = FULL");
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)
		    != SQLITE_OK)
			store_die(s, "cannot begin the run");
		s->in_txn = 1;
		migrate(s);
	} else {
		int64_t app, ver;

		check_header(s, 0, &app, &ver);
	}
	return s;
}

int64_t
store_run_begin(struct store *s, const char *program, int argc, char **argv,
		const char *as_of)
{
	sqlite3_stmt *st;
	struct buf b = BUF_INIT;
	int i;

	buf_addc(&b, '[');
	for (i = 0; i < argc; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_add_json(&b, argv[i], strlen(argv[i]));
	}
	buf_addc(&b, ']');
	st = store_prepare(s, "INSERT INTO run (program, version, argv, as_of)"
	    " VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_text(st, 1, program, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ISAS_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b.p, (int)b.len, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, as_of, -1, SQLITE_STATIC);
	store_step(s, st, "cannot record the run");
	sqlite3_finalize(st);
	buf_release(&b);
	s->run_id = sqlite3_last_insert_rowid(s->db);
	return s->run_id;
}

void
store_run_file(struct store *s, const char *role, const char *name,
	       const char *sha256, uint64_t bytes, uint64_t rows)
{
	sqlite3_stmt *st;

	st = store_prepare(s, "INSERT INTO run_file (run_id, seq, role, name,"
	    " sha256, bytes, rows) VALUES (?1, (SELECT count(*) FROM run_file"
	    " WHERE run_id = ?1) + 1, ?2, ?3, ?4, ?5, ?6)");
	sqlite3_bind_int64(st, 1, s->run_id);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)bytes);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)rows);
	store_step(s, st, "cannot record a file of the run");
	sqlite3_finalize(st);
}

void
store_run_end(struct store *s, const char *status, uint64_t rows_in,
	      uint64_t rows_changed, uint64_t rows_rejected)
{
	sqlite3_stmt *st;

	st = store_prepare(s, "UPDATE run SET status = ?2, rows_in = ?3,"
	    " rows_changed = ?4, rows_rejected = ?5 WHERE run_id = ?1");
	sqlite3_bind_int64(st, 1, s->run_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)rows_in);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)rows_changed);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)rows_rejected);
	store_step(s, st, "cannot record the run");
	sqlite3_finalize(st);
}

void
store_commit(struct store *s)
{
	check_txn(s);
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		store_die(s, "cannot commit the run");
	s->in_txn = 0;
}

void
store_close(struct store *s)
{
	struct store **pp;
	sqlite3_stmt *st;

	if (!s)
		return;
	for (pp = &open_stores; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	while ((st = sqlite3_next_stmt(s->db, NULL)) != NULL)
		sqlite3_finalize(st);
	if (s->in_txn)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

int
store_as_of(const char *opt, char out[11], int32_t *day)
{
	const char *env = getenv("ISAS_AS_OF");
	int32_t d;

	if (opt) {
		if (date_parse(opt, strlen(opt), &d) != 0)
			return -1;
	} else if (env && *env) {
		if (date_parse(env, strlen(env), &d) != 0)
			die("ISAS_AS_OF: not a date '%s'", env);
	} else {
		d = (int32_t)(time(NULL) / 86400);
	}
	date_format(d, out);
	if (day)
		*day = d;
	return 0;
}
