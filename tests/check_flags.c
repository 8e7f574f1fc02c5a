/*
 * check_flags.c - unit tests of the audit list (lib/flags.c): each kind
 * of flag found, and not found on the other side of its boundary; the
 * life of a flag from night to night (open, closed, opened again, gone);
 * an auditor's closures and their bad lines; the same store giving the
 * same rows.
 *
 * Every store is built by hand with SQL on a scratch store (lib/store.c
 * makes the schema); the as-of day is 2026-11-23 and the period 2026-11.
 * Every expected evidence is worked out by hand from flags.h.  Each test
 * works in a directory that check_main() makes under /tmp and removes at
 * the end.
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "err.h"
#include "flags.h"
#include "params.h"
#include "store.h"
#include "value.h"
#include "check_common.h"

#define AS_OF	"2026-11-23"

static const char params_text[] =
    "name\tvalue\tvalid_from\tunit\tnote\n"
    "flag_earnings_threshold\t20000.00\t2025-01-01\tmoney\t2025\n"
    "flag_earnings_threshold\t30000.00\t2026-01-01\tmoney\t2026\n"
    "flag_change_pct\t50\t2000-01-01\tpercent\t\n"
    "flag_change_min\t100.00\t2000-01-01\tmoney\t\n";

static struct store *st;
static sqlite3 *db;
static struct params *ps;
static int32_t day;

/* ---- helpers ---- */

/* Runs SQL made by sqlite3_vmprintf (%Q quotes), on the test's store. */
static void
sql(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sql_exec_v(db, fmt, ap);
	va_end(ap);
}

/* q_int (check_common.h) of SQL made by sqlite3_vmprintf, on the store. */
static int64_t
qf_int(const char *fmt, ...)
{
	va_list ap;
	char *q;
	int64_t v;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	ck_assert_ptr_nonnull(q);
	v = q_int(db, q);
	sqlite3_free(q);
	return v;
}

/* The text of the first column of the first row of SQL made by
 * sqlite3_vmprintf; unlike q_text, "<none>" when there is no row (a flag
 * that is not there), and "<null>" for NULL.  Valid until the next call. */
static const char *
qf_text(const char *fmt, ...)
{
	static char buf[4096];
	sqlite3_stmt *s;
	va_list ap;
	char *q;
	const unsigned char *t;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, q, -1, &s, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", q, sqlite3_errmsg(db));
	if (sqlite3_step(s) != SQLITE_ROW) {
		snprintf(buf, sizeof buf, "<none>");
	} else {
		t = sqlite3_column_text(s, 0);
		snprintf(buf, sizeof buf, "%s", t ? (const char *)t : "<null>");
	}
	sqlite3_finalize(s);
	sqlite3_free(q);
	return buf;
}

/* The evidence of the flag of kind and entity, or "<none>". */
static const char *
evidence(const char *kind, const char *entity)
{
	return qf_text("SELECT evidence FROM flag WHERE kind = %Q AND"
	    " entity = %Q", kind, entity);
}

static const char *
status(const char *kind, const char *entity)
{
	return qf_text("SELECT status FROM flag WHERE kind = %Q AND"
	    " entity = %Q", kind, entity);
}

static int64_t
count_kind(const char *kind)
{
	return qf_int("SELECT count(*) FROM flag WHERE kind = %Q AND"
	    " status <> 'gone'", kind);
}

/* A new night: a run begun on the store. */
static int64_t
night(void)
{
	return store_run_begin(st, "check_flags", 0, NULL, AS_OF);
}

/* A night's refresh for period (NULL: none); returns its counts. */
static struct flags_count
refresh(const char *period)
{
	struct flags_count n;

	memset(&n, 0, sizeof n);
	night();
	flags_refresh(st, AS_OF, day, period, ps, &n);
	return n;
}

static void
ck_counts(struct flags_count n, uint64_t found, uint64_t opened,
	uint64_t reopened, uint64_t gone)
{
	ck_assert_uint_eq(n.found, found);
	ck_assert_uint_eq(n.opened, opened);
	ck_assert_uint_eq(n.reopened, reopened);
	ck_assert_uint_eq(n.gone, gone);
}

/*
 * A person: person pid with national id nid, member of household hh
 * (made when new, NULL for none), with a live civil record "C<pid>"
 * naming hh, dead on death (NULL: alive).
 */
static void
person(const char *pid, const char *nid, const char *hh, const char *death)
{
	sql("INSERT INTO person (person_id, first_run) VALUES (%Q, 1);"
	    "INSERT INTO person_nid (national_id, person_id) VALUES (%Q, %Q);"
	    "INSERT INTO src_civil (source, record_id, national_id,"
	    " household_id, death_date, first_run, last_run) VALUES"
	    " ('civil', 'C' || %Q, %Q, %Q, %Q, 1, 1)",
	    pid, nid, pid, pid, nid, hh, death);
	if (hh)
		sql("INSERT OR IGNORE INTO household (household_id, origin,"
		    " size, first_run, last_run) VALUES (%Q, 'civil', 1, 1, 1);"
		    "INSERT INTO member (person_id, household_id, attached)"
		    " VALUES (%Q, %Q, 'civil')", hh, pid, hh);
}

/*
 * A payment of amount (kuruş) of household hh, programme prog, person
 * (""), period, kind and status, to payee with iban.
 */
static void
pay(const char *hh, const char *prog, const char *pid, const char *period,
	const char *kind, int64_t amount, const char *payee, const char *iban,
	const char *stat)
{
	sql("INSERT INTO payment (end_to_end_id, household_id, programme,"
	    " person_id, period, kind, seq, amount, payee, iban, status,"
	    " run_id) VALUES ('E', %Q, %Q, %Q, %Q, %Q, 1 + (SELECT count(*)"
	    " FROM payment WHERE household_id = %Q AND programme = %Q AND"
	    " person_id = %Q AND period = %Q AND kind = %Q), %lld, %Q, %Q, %Q,"
	    " 1)", hh, prog, pid, period, kind, hh, prog, pid, period, kind,
	    (long long)amount, payee, iban, stat);
}

/* The period payment of regular assistance of hh, issued to payee. */
static void
pay_regular(const char *hh, const char *period, int64_t amount,
	const char *payee)
{
	pay(hh, "regular", "", period, "period", amount, payee, NULL, "issued");
}

static void
application(const char *rid, const char *nid, const char *phone,
	const char *iban, const char *ended)
{
	sql("INSERT INTO src_application (source, record_id, national_id,"
	    " programme, application_date, phone, iban, first_run, last_run,"
	    " ended) VALUES ('application', %Q, %Q, 'regular', '2026-01-05',"
	    " %Q, %Q, 1, 1, %Q)", rid, nid, phone, iban, ended);
}

/* An insured spell (period NULL) or a month's premiums of nid. */
static void
sgk(const char *rid, const char *nid, const char *start, const char *end,
	const char *period, int64_t earnings, const char *employer)
{
	sql("INSERT INTO src_sgk (source, record_id, national_id, status,"
	    " employer_id, start_date, end_date, period, premium_days,"
	    " earnings, first_run, last_run) VALUES ('sgk', %Q, %Q,"
	    " 'employed', %Q, %Q, %Q, %Q, CASE WHEN %Q IS NULL THEN NULL"
	    " ELSE 30 END, CASE WHEN %Q IS NULL THEN NULL ELSE %lld END, 1, 1)",
	    rid, nid, employer, start, end, period, period, period,
	    (long long)earnings);
}

static int64_t
decision(const char *pid, const char *hh, const char *kind,
	const char *prog, const char *from, const char *until,
	const char *scope, int revoked)
{
	sql("INSERT INTO sanction_decision (person_id, household_id, kind,"
	    " programme, rule, from_date, until_date, scope, events,"
	    " params_sha256, run_id, revoked_run) VALUES (%Q, %Q, %Q, %Q, 'R',"
	    " %Q, %Q, %Q, '[]', '', 1, %s)", pid, hh, kind, prog, from, until,
	    scope, revoked ? "1" : "NULL");
	return sqlite3_last_insert_rowid(db);
}

static void
setup(void)
{
	char *ppath = tmp_path("params.tsv"), *spath = tmp_path("store.db");
	char d[11];

	write_text(ppath, params_text);
	ps = params_load(ppath);
	ck_assert_ptr_nonnull(ps);
	ck_assert_int_eq(store_as_of(AS_OF, d, &day), 0);
	st = store_open(spath, STORE_WRITE);
	ck_assert_ptr_nonnull(st);
	db = st->db;
	night();
	free(ppath);
	free(spath);
}

static void
teardown(void)
{
	store_close(st);
	params_free(ps);
	st = NULL;
	ps = NULL;
}

/* ---- the kinds ---- */

/*
 * P1 died on 2026-09-14: paid (as payee) for October and November, not
 * for September (the month of the death), nor by a rejected payment or a
 * recovery.  P4, dead in August, is the person of a September payment of
 * job-seeking aid (payee too: counted once).  P3 died on 2026-11-02 and
 * is paid for November only; P2's death is on an ended record.
 */
START_TEST(test_flags_deceased_paid)
{
	struct flags_count n;

	person("P1", "N1", "H1", "2026-09-14");
	person("P2", "N2", "H1", NULL);
	person("P3", "N3", "H2", "2026-11-02");
	person("P4", "N4", "H3", "2026-08-31");
	sql("INSERT INTO src_civil (source, record_id, national_id,"
	    " household_id, death_date, first_run, last_run, ended) VALUES"
	    " ('civil', 'OLD2', 'N2', 'H1', '2026-01-01', 1, 1, '2026-02-01')");
	pay_regular("H1", "2026-09", 100000, "P1");
	pay_regular("H1", "2026-10", 150000, "P1");
	pay("H1", "regular", "", "2026-11", "period", 200000, "P1", NULL,
	    "confirmed");
	pay("H1", "cct-health", "", "2026-11", "period", 12000, "P1", NULL,
	    "rejected");
	pay("H1", "regular", "", "2026-10", "recovery", -50000, "P1", NULL,
	    "booked");
	pay("H3", "job-seeking-aid", "P4", "2026-09", "arrears", 50000, "P4",
	    NULL, "issued");
	pay_regular("H2", "2026-11", 100000, "P3");
	pay_regular("H1", "2026-12", 100000, "P2");

	n = refresh("2026-11");
	ck_assert_str_eq(evidence("deceased_paid", "person:P1"),
	    "death_date=2026-09-14 payments=2 amount=3500.00"
	    " last_period=2026-11");
	ck_assert_str_eq(qf_text("SELECT household_id || ' ' || person_id FROM"
	    " flag WHERE entity = 'person:P1'"), "H1 P1");
	ck_assert_str_eq(evidence("deceased_paid", "person:P4"),
	    "death_date=2026-08-31 payments=1 amount=500.00"
	    " last_period=2026-09");
	ck_assert_int_eq(count_kind("deceased_paid"), 2);
	ck_assert_uint_eq(n.opened, n.found);
}
END_TEST

/*
 * The threshold is 30,000.00 in 2026 and 20,000.00 in 2025.  Household H1
 * is paid regular assistance for November: P1 earned 20,000.00 + 10,000.00
 * from two employers in October (its latest month; September's 50,000.00
 * is older), P2 29,999.99, P5 25,000.00 in December 2025 (its latest).
 * P3 (H2, paid) earned 40,000.00 but its spell ended in October; P4 (H3,
 * paid only for October) earns 40,000.00.  P6 gets unemployment insurance
 * for November and earns 30,000.00, as does P9 of its household, for whom
 * the insurance is not paid; P7 gets the start-up payment and earns as
 * much.  P8's November premiums (after the period 2026-10 asked) do not
 * count.
 */
START_TEST(test_flags_earnings_above)
{
	person("P1", "N1", "H1", NULL);
	person("P2", "N2", "H1", NULL);
	person("P5", "N5", "H1", NULL);
	person("P3", "N3", "H2", NULL);
	person("P4", "N4", "H3", NULL);
	person("P6", "N6", "H4", NULL);
	person("P7", "N7", "H5", NULL);
	person("P9", "N9", "H4", NULL);
	pay_regular("H1", "2026-11", 150000, "P1");
	pay("H2", "cct-health", "", "2026-11", "period", 12000, "P3", NULL,
	    "issued");
	pay_regular("H3", "2026-10", 150000, "P4");
	pay("H4", "unemployment", "P6", "2026-11", "period", 900000, "P6",
	    NULL, "confirmed");
	pay("H5", "start-up-payment", "P7", "2026-11", "arrears", 1100000,
	    "P7", NULL, "issued");
	sgk("S1", "N1", "2024-03-01", NULL, NULL, 0, "E1");
	sgk("S1a", "N1", "2024-03-01", NULL, "2026-10", 2000000, "E1");
	sgk("S1b", "N1", "2024-03-01", NULL, "2026-10", 1000000, "E2");
	sgk("S1c", "N1", "2024-03-01", NULL, "2026-09", 5000000, "E1");
	sgk("S2", "N2", "2024-03-01", NULL, NULL, 0, "E3");
	sgk("S2a", "N2", "2024-03-01", NULL, "2026-10", 2999999, "E3");
	sgk("S5", "N5", "2025-06-01", NULL, NULL, 0, "E5");
	sgk("S5a", "N5", "2025-06-01", NULL, "2025-12", 2500000, "E5");
	sgk("S3", "N3", "2024-03-01", "2026-10-31", NULL, 0, "E4");
	sgk("S3a", "N3", "2024-03-01", "2026-10-31", "2026-10", 4000000, "E4");
	sgk("S4", "N4", "2024-03-01", NULL, NULL, 0, "E4");
	sgk("S4a", "N4", "2024-03-01", NULL, "2026-10", 4000000, "E4");
	sgk("S6", "N6", "2026-10-01", NULL, NULL, 0, NULL);
	sgk("S6a", "N6", "2026-10-01", NULL, "2026-10", 3000000, NULL);
	sgk("S9", "N9", "2026-10-01", NULL, NULL, 0, "E9");
	sgk("S9a", "N9", "2026-10-01", NULL, "2026-10", 3000000, "E9");
	sgk("S7", "N7", "2026-09-01", NULL, NULL, 0, "E7");
	sgk("S7a", "N7", "2026-09-01", NULL, "2026-10", 3000000, "E7");

	refresh("2026-11");
	ck_assert_str_eq(evidence("earnings_above", "person:P1"),
	    "programmes=regular earnings=30000.00 sgk_period=2026-10"
	    " employer=E1,E2");
	ck_assert_str_eq(evidence("earnings_above", "person:P5"),
	    "programmes=regular earnings=25000.00 sgk_period=2025-12"
	    " employer=E5");
	ck_assert_str_eq(evidence("earnings_above", "person:P6"),
	    "programmes=unemployment earnings=30000.00 sgk_period=2026-10"
	    " employer=-");
	ck_assert_str_eq(qf_text("SELECT household_id FROM flag WHERE"
	    " entity = 'person:P6'"), "H4");
	ck_assert_int_eq(count_kind("earnings_above"), 3);

	/* Asked for October: P4's household is paid; P1's latest month up
	 * to October is still October. */
	person("P8", "N8", "H3", NULL);
	sgk("S8", "N8", "2024-03-01", NULL, NULL, 0, "E8");
	sgk("S8a", "N8", "2024-03-01", NULL, "2026-11", 9000000, "E8");
	refresh("2026-10");
	ck_assert_str_eq(evidence("earnings_above", "person:P4"),
	    "programmes=regular earnings=40000.00 sgk_period=2026-10"
	    " employer=E4");
	ck_assert_str_eq(status("earnings_above", "person:P1"), "gone");
	ck_assert_str_eq(status("earnings_above", "person:P8"), "<none>");
	ck_assert_int_eq(count_kind("earnings_above"), 1);
}
END_TEST

/*
 * IBAN A: a payment of H1 and an application of a member of H2.  B: a
 * rejected payment of H1 and a payment of H2 (only H2 counts).  C: two
 * applications from H1.  D: the bank registry's open accounts of a member
 * of H1 and of H3.  E: an open account in H1 and one in H2 closed before
 * the as-of day.  F: an application of H3 that has ended, and a payment
 * of H1.  G: applications of twelve households (the list stops at ten).
 */
START_TEST(test_flags_shared_iban)
{
	char hh[16], pid[16], nid[16], rid[16];
	int i;

	person("P1", "N1", "H1", NULL);
	person("P2", "N2", "H2", NULL);
	person("P3", "N3", "H3", NULL);
	pay("H1", "regular", "", "2026-11", "period", 100000, "P1", "IBANA",
	    "issued");
	application("A1", "N2", NULL, "IBANA", NULL);
	pay("H1", "regular", "", "2026-10", "period", 100000, "P1", "IBANB",
	    "rejected");
	pay("H2", "regular", "", "2026-10", "period", 100000, "P2", "IBANB",
	    "confirmed");
	application("A2", "N1", NULL, "IBANC", NULL);
	application("A3", "N1", NULL, "IBANC", NULL);
	sql("INSERT INTO src_bank (source, record_id, national_id, iban,"
	    " opened, closed, first_run, last_run) VALUES"
	    " ('bank', 'B1', 'N1', 'IBAND', '2020-01-01', NULL, 1, 1),"
	    " ('bank', 'B2', 'N3', 'IBAND', NULL, NULL, 1, 1),"
	    " ('bank', 'B3', 'N1', 'IBANE', NULL, NULL, 1, 1),"
	    " ('bank', 'B4', 'N2', 'IBANE', NULL, '2026-11-23', 1, 1)");
	application("A4", "N3", NULL, "IBANF", "2026-06-01");
	pay("H1", "regular", "", "2026-09", "period", 100000, "P1", "IBANF",
	    "issued");
	for (i = 1; i <= 12; i++) {
		snprintf(hh, sizeof hh, "G%02d", i);
		snprintf(pid, sizeof pid, "Q%02d", i);
		snprintf(nid, sizeof nid, "M%02d", i);
		snprintf(rid, sizeof rid, "AG%02d", i);
		person(pid, nid, hh, NULL);
		application(rid, nid, NULL, "IBANG", NULL);
	}

	refresh("2026-11");
	ck_assert_str_eq(evidence("shared_iban", "iban:IBANA"),
	    "households=2: H1 H2");
	ck_assert_str_eq(evidence("shared_iban", "iban:IBAND"),
	    "households=2: H1 H3");
	ck_assert_str_eq(evidence("shared_iban", "iban:IBANG"),
	    "households=12: G01 G02 G03 G04 G05 G06 G07 G08 G09 G10 \xe2\x80\xa6");
	ck_assert_str_eq(qf_text("SELECT coalesce(household_id, 'null') || ' '"
	    " || coalesce(person_id, 'null') FROM flag WHERE"
	    " entity = 'iban:IBANA'"), "null null");
	ck_assert_int_eq(count_kind("shared_iban"), 3);
}
END_TEST

/*
 * One number written three ways by H1, H2 and H3; the same number on an
 * ended application of H4; another on two applications of H1; empty
 * numbers from H2 and H3.
 */
START_TEST(test_flags_shared_phone)
{
	person("P1", "N1", "H1", NULL);
	person("P2", "N2", "H2", NULL);
	person("P3", "N3", "H3", NULL);
	person("P4", "N4", "H4", NULL);
	application("A1", "N1", "0532 123 45 67", NULL, NULL);
	application("A2", "N2", "+90 532 123 45 67", NULL, NULL);
	application("A3", "N3", "5321234567", NULL, NULL);
	application("A4", "N4", "0532 123 45 67", NULL, "2026-03-01");
	application("A5", "N1", "0555 000 00 00", NULL, NULL);
	application("A6", "N1", "05550000000", NULL, NULL);
	application("A7", "N2", "", NULL, NULL);
	application("A8", "N3", "", NULL, NULL);

	refresh(NULL);
	ck_assert_str_eq(evidence("shared_phone", "phone:5321234567"),
	    "households=3: H1 H2 H3");
	ck_assert_int_eq(count_kind("shared_phone"), 1);
}
END_TEST

/*
 * P1's live civil records name H1 and H9 (a third record naming H8 has
 * ended).  P3, of H2, is the payee of H1's November payment; P2 is the
 * payee of its own household's; P4 has two records, both naming H3.
 */
START_TEST(test_flags_two_households)
{
	person("P1", "N1", "H1", NULL);
	person("P2", "N2", "H1", NULL);
	person("P3", "N3", "H2", NULL);
	person("P4", "N4", "H3", NULL);
	sql("INSERT INTO src_civil (source, record_id, national_id,"
	    " household_id, first_run, last_run, ended) VALUES"
	    " ('civil', 'X1', 'N1', 'H9', 1, 1, NULL),"
	    " ('civil', 'X2', 'N1', 'H8', 1, 1, '2026-01-01'),"
	    " ('civil', 'X4', 'N4', 'H3', 1, 1, NULL)");
	pay_regular("H1", "2026-11", 100000, "P3");
	pay_regular("H1", "2026-10", 100000, "P2");
	pay_regular("H3", "2026-11", 100000, "P4");

	refresh("2026-11");
	ck_assert_str_eq(evidence("two_households", "person:P1"),
	    "member=H1 civil=H1,H9 paid_for=-");
	ck_assert_str_eq(evidence("two_households", "person:P3"),
	    "member=H2 civil=H2 paid_for=H1");
	ck_assert_str_eq(qf_text("SELECT household_id FROM flag WHERE"
	    " entity = 'person:P3'"), "H2");
	ck_assert_int_eq(count_kind("two_households"), 2);

	/* Without a period only the civil registry's part is found. */
	refresh(NULL);
	ck_assert_str_eq(status("two_households", "person:P1"), "open");
	ck_assert_str_eq(status("two_households", "person:P3"), "gone");
}
END_TEST

/*
 * H1's regular assistance is suspended (household scope) from 2026-10-01
 * to 2026-11-01: October and November are in force (their first days are
 * within, both ends included), September and December not.  October has
 * a period payment, a correction and a recovery (not counted).  P6's
 * unemployment insurance is stopped from 2026-08-15, open-ended: August
 * is not in force, September and November are.  A revoked suspension of
 * H2 and a lift of H3 flag nothing.
 */
START_TEST(test_flags_paid_after_sanction)
{
	int64_t d1, d2;
	char want[256];

	person("P1", "N1", "H1", NULL);
	person("P2", "N2", "H2", NULL);
	person("P3", "N3", "H3", NULL);
	person("P6", "N6", "H6", NULL);
	d1 = decision("P1", "H1", "suspension", "regular", "2026-10-01",
	    "2026-11-01", "household", 0);
	d2 = decision("P6", "H6", "stop", "unemployment", "2026-08-15", NULL,
	    NULL, 0);
	decision("P2", "H2", "suspension", "regular", "2026-01-01", NULL,
	    "household", 1);
	decision("P3", "H3", "lift", "regular", "2026-01-01", NULL,
	    "household", 0);
	pay_regular("H1", "2026-09", 100000, "P1");
	pay_regular("H1", "2026-10", 100000, "P1");
	pay("H1", "regular", "", "2026-10", "correction", 25000, "P1", NULL,
	    "confirmed");
	pay("H1", "regular", "", "2026-10", "recovery", -125000, "P1", NULL,
	    "booked");
	pay_regular("H1", "2026-11", 100000, "P1");
	pay_regular("H1", "2026-12", 100000, "P1");
	pay("H1", "cct-health", "", "2026-11", "period", 12000, "P1", NULL,
	    "issued");
	pay("H6", "unemployment", "P6", "2026-08", "period", 90000, "P6",
	    NULL, "issued");
	pay("H6", "unemployment", "P6", "2026-09", "period", 90000, "P6",
	    NULL, "issued");
	pay("H6", "unemployment", "P6", "2026-11", "period", 90000, "P6",
	    NULL, "issued");
	pay("H6", "unemployment", "P6", "2026-10", "period", 90000, "P6",
	    NULL, "rejected");
	pay_regular("H2", "2026-11", 100000, "P2");
	pay_regular("H3", "2026-11", 100000, "P3");

	refresh("2026-11");
	snprintf(want, sizeof want, "decision=%lld from=2026-10-01"
	    " until=2026-11-01 periods=2026-10,2026-11 payments=3"
	    " amount=2250.00", (long long)d1);
	ck_assert_str_eq(evidence("paid_after_sanction",
	    "household:H1:regular"), want);
	snprintf(want, sizeof want, "decision=%lld from=2026-08-15"
	    " until=open periods=2026-09,2026-11 payments=2 amount=1800.00",
	    (long long)d2);
	ck_assert_str_eq(evidence("paid_after_sanction",
	    "person:P6:unemployment"), want);
	ck_assert_str_eq(qf_text("SELECT household_id || ' ' || person_id FROM"
	    " flag WHERE entity = 'person:P6:unemployment'"), "H6 P6");
	ck_assert_int_eq(count_kind("paid_after_sanction"), 2);
}
END_TEST

/*
 * H1 (paid for November) has a review pair of the last matching run that
 * holds its member P2's civil record, a civil record naming it without a
 * person, one without a valid id but linked, a visit naming a person by a
 * national id that failed its check, and a visit to the household (no
 * person named).  A pair of an older run holds P1's record.  H2 has an
 * unlinked record but is paid only for October; H3 is paid and clean.
 */
START_TEST(test_flags_unlinked_in_paid)
{
	person("P1", "N1", "H1", NULL);
	person("P2", "N2", "H1", NULL);
	person("P3", "N3", "H2", NULL);
	person("P4", "N4", "H3", NULL);
	person("P9", "N9", NULL, NULL);
	sql("INSERT INTO source (name, kind, first_run) VALUES"
	    " ('civil', 'civil', 1), ('apps', 'application', 1)");
	sql("INSERT INTO src_application (source, record_id, national_id,"
	    " programme, first_run, last_run) VALUES"
	    " ('apps', 'A9', 'N9', 'regular', 1, 1)");
	sql("INSERT INTO run (program, version, argv, as_of, status) VALUES"
	    " ('isas-match', '0', '[]', '2026-11-20', 'ok')");
	sql("INSERT INTO match_review (run_id, source_a, record_a, source_b,"
	    " record_b, weight, reason, breakdown) VALUES"
	    " ((SELECT max(run_id) FROM run), 'apps', 'A9', 'civil', 'CP2',"
	    " 9.5, 'review band', '{}'),"
	    " (1, 'civil', 'CP1', 'apps', 'A9', 9.5, 'review band', '{}')");
	sql("INSERT INTO src_civil (source, record_id, national_id,"
	    " household_id, first_run, last_run, ended, invalid) VALUES"
	    " ('civil', 'U1', NULL, 'H1', 1, 1, NULL, NULL),"
	    " ('civil', 'U2', NULL, 'H1', 1, 1, NULL, NULL),"
	    " ('civil', 'U3', NULL, 'H1', 1, 1, '2026-05-01', NULL),"
	    " ('civil', 'U4', NULL, 'H2', 1, 1, NULL, NULL)");
	sql("INSERT INTO link (source, record_id, person_id) VALUES"
	    " ('civil', 'U2', 'P1')");
	sql("INSERT INTO src_visit (source, record_id, national_id,"
	    " household_id, visit_date, first_run, last_run, invalid) VALUES"
	    " ('visit', 'V1', NULL, 'H1', '2026-10-01', 1, 1,"
	    " '{\"national_id\":{\"raw\":\"123\",\"reason\":\"bad\"}}'),"
	    " ('visit', 'V2', NULL, 'H1', '2026-10-02', 1, 1, NULL),"
	    " ('visit', 'V3', 'N1', 'H1', '2026-10-03', 1, 1, NULL)");
	pay_regular("H1", "2026-11", 100000, "P1");
	pay_regular("H2", "2026-10", 100000, "P3");
	pay_regular("H3", "2026-11", 100000, "P4");

	refresh("2026-11");
	ck_assert_str_eq(evidence("unlinked_in_paid", "household:H1"),
	    "review_pairs=1 unlinked_records=2");
	ck_assert_int_eq(count_kind("unlinked_in_paid"), 1);

	/* Only the review pair left. */
	sql("UPDATE src_civil SET ended = '2026-11-23' WHERE record_id = 'U1'");
	sql("UPDATE src_visit SET ended = '2026-11-23' WHERE record_id = 'V1'");
	refresh("2026-11");
	ck_assert_str_eq(evidence("unlinked_in_paid", "household:H1"),
	    "review_pairs=1 unlinked_records=0");
	sql("DELETE FROM match_review");
	refresh("2026-11");
	ck_assert_str_eq(status("unlinked_in_paid", "household:H1"), "gone");
}
END_TEST

/*
 * Change pct 50, min 100.00.  H1 1,000.00 -> 1,500.00 (+50 %, flagged);
 * H2 1,000.00 -> 1,499.99 (under 50 %); H3 nothing -> 5,000.00; H4 300.00
 * -> 100.00 (-66.7 %, -67); H5 100.00 -> 160.00 (+60 % but 60.00); H6
 * 2,000.00 -> 2,000.00 less a recovery of 1,000.00 (-50 %); H7 800.00
 * -> 1,204.00 (+50.5 %, 51); H8 paid in October only; H9 1,000.00 then a
 * returned 2,000.00 (unchanged).
 */
START_TEST(test_flags_large_change)
{
	static const struct { const char *hh; int64_t prev, cur; } c[] = {
		{ "H1", 100000, 150000 }, { "H2", 100000, 149999 },
		{ "H3", 0, 500000 }, { "H4", 30000, 10000 },
		{ "H5", 10000, 16000 }, { "H6", 200000, 200000 },
		{ "H7", 80000, 120400 }, { "H8", 100000, 0 },
		{ "H9", 100000, 100000 }
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		if (c[i].prev)
			pay_regular(c[i].hh, "2026-10", c[i].prev, "P1");
		if (c[i].cur)
			pay_regular(c[i].hh, "2026-11", c[i].cur, "P1");
	}
	pay("H6", "regular", "", "2026-11", "recovery", -100000, "P1", NULL,
	    "booked");
	pay("H9", "regular", "", "2026-11", "arrears", 200000, "P1", NULL,
	    "returned");

	refresh("2026-11");
	ck_assert_str_eq(evidence("large_change", "household:H1"),
	    "previous=1000.00 current=1500.00 change_pct=50");
	ck_assert_str_eq(evidence("large_change", "household:H4"),
	    "previous=300.00 current=100.00 change_pct=-67");
	ck_assert_str_eq(evidence("large_change", "household:H6"),
	    "previous=2000.00 current=1000.00 change_pct=-50");
	ck_assert_str_eq(evidence("large_change", "household:H7"),
	    "previous=800.00 current=1204.00 change_pct=51");
	ck_assert_int_eq(count_kind("large_change"), 4);
	ck_assert_str_eq(qf_text("SELECT household_id FROM flag WHERE"
	    " entity = 'household:H7'"), "H7");
}
END_TEST

/* ---- the life of a flag ---- */

START_TEST(test_flags_lifecycle)
{
	struct flags_count n;
	int64_t r1, r2, r3, r4, r5;
	char *path = tmp_path("close.tsv");
	uint64_t bad;

	person("P1", "N1", "H1", "2026-09-14");
	person("P2", "N2", "H2", NULL);
	person("P3", "N3", "H3", NULL);
	pay_regular("H1", "2026-10", 100000, "P1");
	application("A2", "N2", "0532 000 00 01", NULL, NULL);
	application("A3", "N3", "0532 000 00 01", NULL, NULL);

	/* Night 1: two new flags, numbered by kind and entity. */
	n = refresh(NULL);
	r1 = st->run_id;
	ck_counts(n, 2, 2, 0, 0);
	ck_assert_int_eq(qf_int("SELECT flag_id FROM flag WHERE"
	    " kind = 'deceased_paid'"), 1);
	ck_assert_int_eq(qf_int("SELECT flag_id FROM flag WHERE"
	    " kind = 'shared_phone'"), 2);
	ck_assert_int_eq(qf_int("SELECT count(*) FROM flag WHERE"
	    " status = 'open' AND first_run = %lld AND last_run = %lld AND"
	    " status_run = %lld AND note IS NULL", (long long)r1,
	    (long long)r1, (long long)r1), 2);

	/* The auditor closes both. */
	write_text(path, "flag_id\tstatus\tnote\n"
	    "1\tclosed\tdeath registered late; money recovered\n"
	    "2\tclosed\tone family, two flats\n");
	memset(&n, 0, sizeof n);
	night();
	bad = flags_close(st, path, &n);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(n.closed_by_note, 2);

	/* Night 2: the same evidence, both stay closed. */
	n = refresh(NULL);
	r2 = st->run_id;
	ck_counts(n, 2, 0, 0, 0);
	ck_assert_int_eq(qf_int("SELECT count(*) FROM flag WHERE"
	    " status = 'closed' AND last_run = %lld AND first_run = %lld",
	    (long long)r2, (long long)r1), 2);

	/* Night 3: another payment to the dead changes the evidence: opened
	 * again, the note kept; the phone, ended, is gone. */
	pay_regular("H1", "2026-11", 100000, "P1");
	sql("UPDATE src_application SET ended = '2026-11-23'"
	    " WHERE record_id = 'A3'");
	n = refresh(NULL);
	r3 = st->run_id;
	ck_counts(n, 1, 0, 1, 1);
	ck_assert_str_eq(qf_text("SELECT status || '|' || evidence || '|' ||"
	    " note FROM flag WHERE flag_id = 1"), "open|death_date=2026-09-14"
	    " payments=2 amount=2000.00 last_period=2026-11|death registered"
	    " late; money recovered");
	ck_assert_int_eq(qf_int("SELECT status_run FROM flag WHERE"
	    " flag_id = 1"), r3);
	ck_assert_str_eq(status("shared_phone", "phone:5320000001"), "gone");
	ck_assert_int_eq(qf_int("SELECT status_run FROM flag WHERE"
	    " flag_id = 2"), r3);
	ck_assert_int_eq(qf_int("SELECT last_run FROM flag WHERE"
	    " flag_id = 2"), r2);

	/* Night 4: still gone, nothing counted. */
	n = refresh(NULL);
	r4 = st->run_id;
	ck_counts(n, 1, 0, 0, 0);
	ck_assert_int_eq(qf_int("SELECT status_run FROM flag WHERE"
	    " flag_id = 2"), r3);

	/* Night 5: found again: opened again, same id, note kept. */
	sql("UPDATE src_application SET ended = NULL WHERE record_id = 'A3'");
	n = refresh(NULL);
	r5 = st->run_id;
	ck_counts(n, 2, 0, 1, 0);
	ck_assert_str_eq(qf_text("SELECT status || '|' || note FROM flag"
	    " WHERE flag_id = 2"), "open|one family, two flats");
	ck_assert_int_eq(qf_int("SELECT status_run FROM flag WHERE"
	    " flag_id = 2"), r5);
	ck_assert_int_eq(qf_int("SELECT first_run FROM flag WHERE"
	    " flag_id = 2"), r1);
	ck_assert_int_eq(qf_int("SELECT count(*) FROM flag"), 2);
	ck_assert_int_gt(r4, r3);
	free(path);
}
END_TEST

/* A closed flag found again with its evidence unchanged keeps its
 * status_run; a gone flag is gone whatever its status was. */
START_TEST(test_flags_closed_then_gone)
{
	struct flags_count n;
	char *path = tmp_path("close.tsv");
	int64_t rc;

	person("P1", "N1", "H1", "2026-09-14");
	pay_regular("H1", "2026-10", 100000, "P1");
	refresh(NULL);
	write_text(path, "flag_id\tstatus\tnote\n1\tclosed\tchecked\n");
	memset(&n, 0, sizeof n);
	rc = night();
	ck_assert_uint_eq(flags_close(st, path, &n), 0);
	refresh(NULL);
	ck_assert_int_eq(qf_int("SELECT status_run FROM flag"), rc);
	sql("DELETE FROM payment");
	n = refresh(NULL);
	ck_counts(n, 0, 0, 0, 1);
	ck_assert_str_eq(qf_text("SELECT status || '|' || note FROM flag"),
	    "gone|checked");
	free(path);
}
END_TEST

/* ---- closures ---- */

START_TEST(test_flags_close_lines)
{
	struct flags_count n;
	char *path = tmp_path("close.tsv"), *msg, want[512];
	int64_t run;
	uint64_t bad;

	person("P1", "N1", "H1", "2026-01-10");
	person("P2", "N2", "H2", "2026-01-10");
	person("P3", "N3", "H3", "2026-01-10");
	pay_regular("H1", "2026-10", 100000, "P1");
	pay_regular("H2", "2026-10", 100000, "P2");
	pay_regular("H3", "2026-10", 100000, "P3");
	refresh(NULL);
	ck_assert_int_eq(qf_int("SELECT count(*) FROM flag"), 3);

	write_text(path, "flag_id\tstatus\tnote\n"
	    "1\tclosed\tpaid to the estate by mistake \n"
	    "2\tclosed\t\n"
	    "999\tclosed\tno such flag\n"
	    "x1\tclosed\tnot a number\n"
	    "3\tdone\tnot a status\n"
	    "3\topen\t\n"
	    "\n"
	    "2\tclosed\t  \n");
	memset(&n, 0, sizeof n);
	run = night();
	capture_begin();
	bad = flags_close(st, path, &n);
	msg = capture_end();
	ck_assert_uint_eq(bad, 5);
	snprintf(want, sizeof want,
	    "check_flags: %s:3: note: a note is required to close flag 2\n"
	    "check_flags: %s:4: flag_id: no flag 999\n"
	    "check_flags: %s:5: flag_id: not a flag number 'x1'\n"
	    "check_flags: %s:6: status: not closed or open 'done'\n"
	    "check_flags: %s:9: note: a note is required to close flag 2\n",
	    path, path, path, path, path);
	ck_assert_str_eq(msg, want);
	free(msg);
	ck_assert_uint_eq(n.closed_by_note, 1);
	ck_assert_uint_eq(n.reopened, 0);
	ck_assert_str_eq(qf_text("SELECT status || '|' || note || '|' ||"
	    " status_run FROM flag WHERE flag_id = 1"), qf_text("SELECT"
	    " 'closed|paid to the estate by mistake|' || %lld",
	    (long long)run));
	ck_assert_str_eq(qf_text("SELECT status || '|' || coalesce(note,"
	    " 'null') FROM flag WHERE flag_id = 2"), "open|null");
	/* 3 was open already: nothing changed. */
	ck_assert_int_lt(qf_int("SELECT status_run FROM flag WHERE"
	    " flag_id = 3"), run);
	/* The file is an input of the run. */
	ck_assert_int_eq(qf_int("SELECT rows FROM run_file WHERE run_id = %lld"
	    " AND role = 'input' AND name = %Q", (long long)run, path), 7);

	/* Opened again by the auditor: the note kept when none is given;
	 * the same closure twice changes nothing the second time. */
	write_text(path, "status,note,flag_id\n"
	    "open,,1\n"
	    "closed,\"second look, fine\",3\n"
	    "closed,\"second look, fine\",3\n");
	memset(&n, 0, sizeof n);
	run = night();
	ck_assert_uint_eq(flags_close(st, path, &n), 0);
	ck_assert_uint_eq(n.reopened, 1);
	ck_assert_uint_eq(n.closed_by_note, 1);
	ck_assert_str_eq(qf_text("SELECT status || '|' || note FROM flag"
	    " WHERE flag_id = 1"), "open|paid to the estate by mistake");
	ck_assert_str_eq(qf_text("SELECT status || '|' || note FROM flag"
	    " WHERE flag_id = 3"), "closed|second look, fine");
	ck_assert_int_eq(qf_int("SELECT status_run FROM flag WHERE"
	    " flag_id = 1"), run);
	free(path);
}
END_TEST

START_TEST(test_flags_close_no_header)
{
	struct flags_count n;
	char *path = tmp_path("close.tsv"), *msg, want[256];
	uint64_t bad;

	person("P1", "N1", "H1", "2026-01-10");
	pay_regular("H1", "2026-10", 100000, "P1");
	refresh(NULL);
	write_text(path, "1\tclosed\tchecked\n");
	memset(&n, 0, sizeof n);
	night();
	capture_begin();
	bad = flags_close(st, path, &n);
	msg = capture_end();
	ck_assert_uint_eq(bad, 1);
	snprintf(want, sizeof want, "check_flags: %s:1: a closure file needs"
	    " a header with the columns flag_id, status and note, once each\n",
	    path);
	ck_assert_str_eq(msg, want);
	free(msg);
	ck_assert_str_eq(qf_text("SELECT status FROM flag"), "open");
	ck_assert_uint_eq(n.closed_by_note, 0);
	free(path);
}
END_TEST

/* ---- determinism ---- */

/* Every row of flag but last_run, in order of flag_id. */
static char *
dump(void)
{
	const char *t = qf_text("SELECT group_concat(r, char(10)) FROM (SELECT"
	    " flag_id || '|' || kind || '|' || entity || '|' ||"
	    " coalesce(household_id, '') || '|' || coalesce(person_id, '')"
	    " || '|' || evidence || '|' || status AS r FROM flag"
	    " ORDER BY flag_id)");

	return strdup(t);
}

/* A world with a flag of most kinds, its rows inserted in order or in
 * reverse. */
static void
world(int reverse)
{
	static const char *const hh[] = { "H1", "H2", "H3", "H4" };
	char pid[16], nid[16], rid[16];
	int i, k;

	for (k = 0; k < 4; k++) {
		i = reverse ? 3 - k : k;
		snprintf(pid, sizeof pid, "P%d", i + 1);
		snprintf(nid, sizeof nid, "N%d", i + 1);
		snprintf(rid, sizeof rid, "A%d", i + 1);
		person(pid, nid, hh[i], i == 2 ? "2026-05-01" : NULL);
		application(rid, nid, "0532 111 22 33", "IBANX", NULL);
		pay_regular(hh[i], "2026-10", 100000 + 1000 * i, pid);
		pay_regular(hh[i], "2026-11", 300000 + 1000 * i,
		    i == 3 ? "P1" : pid);
		sgk(rid, nid, "2020-01-01", NULL, NULL, 0, "E");
		sgk(pid, nid, "2020-01-01", NULL, "2026-10", 3000000 + i, "E");
	}
}

START_TEST(test_flags_deterministic)
{
	char *a, *b, *c;
	char *other = tmp_path("other.db");
	struct store *keep = st;

	world(0);
	refresh("2026-11");
	a = dump();
	ck_assert_int_ge(qf_int("SELECT count(DISTINCT kind) FROM flag"), 6);
	refresh("2026-11");
	b = dump();
	ck_assert_str_eq(a, b);

	st = store_open(other, STORE_WRITE);
	db = st->db;
	night();
	world(1);
	refresh("2026-11");
	c = dump();
	ck_assert_str_eq(a, c);
	store_close(st);
	st = keep;
	db = st->db;
	free(a);
	free(b);
	free(c);
	free(other);
}
END_TEST

/* ---- parameters ---- */

START_TEST(test_flags_params_missing)
{
	char *p = tmp_path("p.tsv"), *msg;
	struct params *q;

	write_text(p, "name\tvalue\tvalid_from\tunit\n"
	    "flag_earnings_threshold\t30000.00\t2027-01-01\tmoney\n"
	    "flag_change_pct\t12.5\t2000-01-01\tpercent\n"
	    "flag_change_min\t100\t2000-01-01\tcount\n");
	q = params_load(p);
	ck_assert_ptr_nonnull(q);
	capture_begin();
	ck_assert_int_eq(flags_check_params(q, day), 3);
	msg = capture_end();
	ck_assert_msg(strstr(msg, "no parameter flag_earnings_threshold in"
	    " force on 2026-11-23") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, ":3: flag_change_pct: not a whole number")
	    != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, ":4: flag_change_min: not an amount")
	    != NULL, "%s", msg);
	free(msg);
	ck_assert_int_eq(flags_check_params(ps, day), 0);
	params_free(q);
	free(p);
}
END_TEST

/* A refresh without its parameters dies with status 2. */
START_TEST(test_flags_refresh_dies_without_params)
{
	char *p = tmp_path("p.tsv");
	struct params *q;
	struct flags_count n;

	write_text(p, "name\tvalue\tvalid_from\nx\t1\t2000-01-01\n");
	q = params_load(p);
	ck_assert_ptr_nonnull(q);
	free(p);
	memset(&n, 0, sizeof n);
	capture_begin();	/* the messages are test_flags_params_missing's */
	flags_refresh(st, AS_OF, day, "2026-11", q, &n);
}
END_TEST

static Suite *
flags_suite(int forking)
{
	Suite *s;
	TCase *tc;

	unsetenv("ISAS_LOCK_WAIT");
	s = suite_create("flags");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_flags_deceased_paid);
	tcase_add_test(tc, test_flags_earnings_above);
	tcase_add_test(tc, test_flags_shared_iban);
	tcase_add_test(tc, test_flags_shared_phone);
	tcase_add_test(tc, test_flags_two_households);
	tcase_add_test(tc, test_flags_paid_after_sanction);
	tcase_add_test(tc, test_flags_unlinked_in_paid);
	tcase_add_test(tc, test_flags_large_change);
	tcase_add_test(tc, test_flags_lifecycle);
	tcase_add_test(tc, test_flags_closed_then_gone);
	tcase_add_test(tc, test_flags_close_lines);
	tcase_add_test(tc, test_flags_close_no_header);
	tcase_add_test(tc, test_flags_deterministic);
	tcase_add_test(tc, test_flags_params_missing);
	/* It exits: only in a child of its own (see check_store.c). */
	if (forking)
		tcase_add_exit_test(tc, test_flags_refresh_dies_without_params,
		    2);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_flags", flags_suite);
}
