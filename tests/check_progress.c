/*
 * check_progress.c - unit tests of lib/progress.c: the line drawn on a
 * terminal (a pseudo-terminal here), with the count, the rate and the
 * percentage of the position, and the final line with the elapsed time.
 */
#include <check.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "progress.h"
#include "check_common.h"

/* Everything the terminal received so far, as one string. */
static void
drain(int master, char *out, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size && (r = read(master, out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
}

START_TEST(test_progress_on_a_terminal)
{
	int master, slave;
	char env[16], got[4096];
	struct progress p;
	struct timespec pause = { 0, 300 * 1000 * 1000 };

	err_init("isas-test");
	ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	snprintf(env, sizeof env, "%d", slave);
	setenv("ISAS_PROGRESS_FD", env, 1);
	ck_assert_int_eq(progress_fd(), slave);

	progress_begin(&p, "civil.csv", "records", 10000);
	/* Fewer than the units between looks at the clock: nothing yet. */
	progress_step(&p, 100, 1000);
	nanosleep(&pause, NULL);
	drain(master, got, sizeof got);
	ck_assert_str_eq(got, "");
	/* Past them and a quarter of a second later: one line, with the
	 * percentage of the position, not of the count. */
	progress_step(&p, 2000, 4500);
	drain(master, got, sizeof got);
	ck_assert_msg(strstr(got, "isas-test: civil.csv: 2,100 records, ") != NULL,
	    "got '%s'", got);
	ck_assert_msg(strstr(got, "/s, 45 %") != NULL, "got '%s'", got);
	/* Drawn again only after another quarter of a second. */
	progress_step(&p, 2000, 5000);
	drain(master, got, sizeof got);
	ck_assert_str_eq(got, "");
	progress_end(&p);
	drain(master, got, sizeof got);
	ck_assert_msg(strstr(got, "civil.csv: 4,100 records in ") != NULL,
	    "got '%s'", got);
	ck_assert_msg(strchr(got, '\n') != NULL, "no final newline: '%s'", got);
	/* Ended: nothing more. */
	progress_step(&p, 5000, 9000);
	drain(master, got, sizeof got);
	ck_assert_str_eq(got, "");
	close(slave);
	close(master);
}
END_TEST

static Suite *
progress_suite(int forking)
{
	Suite *s;
	TCase *tc;

	(void)forking;
	s = suite_create("progress");
	tc = tcase_create("core");
	tcase_add_test(tc, test_progress_on_a_terminal);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_main("check_progress", progress_suite);
}
