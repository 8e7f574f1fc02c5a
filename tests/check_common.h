/*
 * check_common.h - what every Check test program shares: a scratch folder
 * removed at the end, and the running of the suite.  Each test program is
 * one .c file that includes this header once.
 */
#ifndef ISAS_CHECK_COMMON_H
#define ISAS_CHECK_COMMON_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <check.h>

#include "err.h"

/* The scratch folder of the program, made by check_main(). */
static char tmpdir[64];

/* A new path in tmpdir (the file not made); the caller frees it. */
static inline char *
tmp_path(const char *name)
{
	static unsigned seq;
	char *path = malloc(strlen(tmpdir) + strlen(name) + 32);

	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/%u-%ld-%s", tmpdir, seq++, (long)getpid(), name);
	return path;
}

static inline void
check_remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/*
 * Makes the scratch folder, runs the suite that make_suite returns (it is
 * told whether tests run in forked processes, which exit tests need), and
 * returns the program's exit status: 0 when every test passed.
 */
static inline int
check_main(const char *name, Suite *(*make_suite)(int forking))
{
	SRunner *sr;
	int failed;

	err_init(name);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/%s.XXXXXX", name);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	sr = srunner_create(NULL);
	srunner_add_suite(sr, make_suite(srunner_fork_status(sr) != CK_NOFORK));
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	check_remove_tmpdir();
	return failed == 0 ? 0 : 1;
}

#endif
