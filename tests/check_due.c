/*
 * check_due.c - unit tests of lib/due.c: which households the days alone
 * make due between two nights (birthdays, 29 February, a job ending, a
 * medical report running out, the 400 days of unemployment insurance, a
 * board decision, a decision's last day), and every household when the
 * month changes or a parameter takes effect.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "due.h"
#include "params.h"
#include "store.h"
#include "value.h"
#include "check_common.h"

static struct store *st;
static struct params *ps;

static void
sql(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sql_exec_v(st->db, fmt, ap);
	va_end(ap);
}

static int32_t
day_of(const char *s)
{
	int32_t d;

	ck_assert_int_eq(date_parse(s, strlen(s), &d), 0);
	return d;
}

/* Person P<n> of household H<n>, national id nid, born on birth. */
static void
person(int n, const char *nid, const char *birth)
{
	sql("INSERT INTO person (person_id, first_run) VALUES ('P%d', 1);"
	    "INSERT INTO person_nid (national_id, person_id) VALUES (%Q, 'P%d');"
	    "INSERT INTO src_civil (source, record_id, national_id, birth_date,"
	    " household_id, first_run, last_run) VALUES ('civil', 'C%d', %Q, %Q,"
	    " 'H%d', 1, 1);"
	    "INSERT INTO household (household_id, origin, size, first_run,"
	    " last_run) VALUES ('H%d', 'civil', 1, 1, 1);"
	    "INSERT INTO member (person_id, household_id, attached)"
	    " VALUES ('P%d', 'H%d', 'civil')", n, nid, n, n, nid, birth, n, n,
	    n, n);
}

/* The households due between since and day, as "H1 H3" ("*": all). */
static const char *
due(const char *since, const char *day)
{
	static char out[256];
	sqlite3_stmt *q;

	out[0] = '\0';
	sql("DROP TABLE IF EXISTS temp.due");
	if (due_households(st, ps, day_of(since), day_of(day)))
		return "*";
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, "SELECT household_id"
	    " FROM temp.due ORDER BY 1", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (out[0])
			strcat(out, " ");
		strcat(out, (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	return out;
}

static void
setup(void)
{
	char *ppath = tmp_path("params.tsv"), *spath = tmp_path("store.db");

	write_text(ppath, "name\tvalue\tvalid_from\n"
	    "min_wage_gross\t100.00\t2026-01-01\n"
	    "min_wage_gross\t200.00\t2026-11-26\n");
	ps = params_load(ppath);
	ck_assert_ptr_nonnull(ps);
	st = store_open(spath, STORE_WRITE);
	ck_assert_ptr_nonnull(st);
	store_run_begin(st, "check_due", 0, NULL, "2026-11-24");
	person(1, "10000000146", "1990-11-24");	/* birthday on the 24th */
	person(2, "10000000220", "2020-11-23");	/* on the 23rd */
	person(3, "10000000384", "2000-02-29");	/* leap day */
	person(4, "10000000458", "1980-06-15");
	free(ppath);
	free(spath);
}

static void
teardown(void)
{
	store_close(st);
	params_free(ps);
}

START_TEST(test_due_birthdays)
{
	/* (since, day]: the 24th, not the 23rd; nothing on the same day */
	ck_assert_str_eq(due("2026-11-23", "2026-11-24"), "H1");
	ck_assert_str_eq(due("2026-11-22", "2026-11-24"), "H1 H2");
	ck_assert_str_eq(due("2026-11-24", "2026-11-24"), "");
	ck_assert_str_eq(due("2026-11-25", "2026-11-24"), "");
	/* 29 February: on 1 March in a common year, on the day in a leap */
	ck_assert_str_eq(due("2027-02-28", "2027-03-01") , "*"); /* new month */
	ck_assert_str_eq(due("2027-03-01", "2027-03-02"), "");
	ck_assert_str_eq(due("2028-02-28", "2028-02-29"), "H3");
	/* not before being born */
	ck_assert_str_eq(due("1980-06-14", "1980-06-15"), "");
}
END_TEST

START_TEST(test_due_month_and_parameters)
{
	ck_assert_str_eq(due("2026-10-31", "2026-11-01"), "*");
	/* min_wage_gross takes effect on the 26th */
	ck_assert_str_eq(due("2026-11-25", "2026-11-26"), "*");
	ck_assert_str_eq(due("2026-11-26", "2026-11-27"), "");
}
END_TEST

START_TEST(test_due_dated_records)
{
	/* H4: a job ending on the 24th (employed until then), a report
	 * valid until the 25th, an account opened on the 27th */
	sql("INSERT INTO src_sgk (source, record_id, national_id, status,"
	    " start_date, end_date, first_run, last_run) VALUES ('sgk', 'S1',"
	    " '10000000458', 'employed', '2020-01-01', '2026-11-24', 1, 1);"
	    "INSERT INTO src_health (source, record_id, national_id,"
	    " report_date, valid_until, first_run, last_run) VALUES ('health',"
	    " 'M1', '10000000458', '2020-01-01', '2026-11-25', 1, 1);"
	    "INSERT INTO src_bank (source, record_id, national_id, iban, opened,"
	    " first_run, last_run) VALUES ('bank', 'B1', '10000000458',"
	    " 'TR000000000000000000000000', '2026-11-27', 1, 1)");
	/* the job ends on the 24th: a_job on the 24th, employed no longer
	 * on the 25th */
	ck_assert_str_eq(due("2026-11-23", "2026-11-24"), "H1 H4");
	ck_assert_str_eq(due("2026-11-24", "2026-11-25"), "H4");
	/* the report: in force on the 25th, not on the 26th */
	ck_assert_str_eq(due("2026-11-26", "2026-11-27"), "H4");
	ck_assert_str_eq(due("2026-11-27", "2026-11-28"), "");
	/* the 400 days after the job: on 2027-12-30 (end + 401) */
	ck_assert_str_eq(due("2027-12-29", "2027-12-30"), "H4");
	ck_assert_str_eq(due("2027-12-28", "2027-12-29"), "");
	/* ended records count for nothing */
	sql("UPDATE src_sgk SET ended = '2026-11-01'; UPDATE src_health SET"
	    " ended = '2026-11-01'; UPDATE src_bank SET ended = '2026-11-01'");
	ck_assert_str_eq(due("2026-11-24", "2026-11-25"), "");
}
END_TEST

START_TEST(test_due_board_and_decisions)
{
	sql("INSERT INTO src_board (source, record_id, household_id, programme,"
	    " decision, meeting_ref, meeting_date, valid_until, first_run,"
	    " last_run) VALUES ('board', 'K1', 'H2', 'regular', 'eligible',"
	    " 'M1', '2026-11-10', '2026-11-20', 1, 1)");
	ck_assert_str_eq(due("2026-11-09", "2026-11-10"), "H2");
	ck_assert_str_eq(due("2026-11-20", "2026-11-21"), "H2");
	ck_assert_str_eq(due("2026-11-19", "2026-11-20"), "");
	sql("INSERT INTO assessment (household_id, programme, person_id, run_id,"
	    " as_of, computed, decision, valid_until, applied, entitled,"
	    " reasons, rules_version, rules_sha256, params_sha256, explain)"
	    " VALUES ('H4', 'ui', 'P4', 1, '2026-11-01', 'eligible', 'eligible',"
	    " '2026-11-12', 1, 1, '', 'v', 'x', 'y', '{}')");
	ck_assert_str_eq(due("2026-11-12", "2026-11-13"), "H4");
	ck_assert_str_eq(due("2026-11-11", "2026-11-12"), "");
}
END_TEST

static Suite *
due_suite(int forking)
{
	Suite *s = suite_create("due");
	TCase *tc = tcase_create("core");

	(void)forking;
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_due_birthdays);
	tcase_add_test(tc, test_due_month_and_parameters);
	tcase_add_test(tc, test_due_dated_records);
	tcase_add_test(tc, test_due_board_and_decisions);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_due", due_suite);
}
