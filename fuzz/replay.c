/*
 * replay.c - a fuzz harness without libFuzzer: runs it once on each file
 * given, and on each file of each folder given (in name order, not
 * recursively), so that the inputs that once made it crash
 * (fuzz/regress/TARGET/) are run by every `make check`, with any
 * compiler and under its sanitizers when SANITIZE=1.
 *
 *	replay_TARGET FILE|FOLDER...
 *
 * Names each input on stderr before it runs, so that a crash names it.
 * Exit 0 when every input ran; 2 when one could not be read.  A harness
 * that finds a property broken aborts.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "common.h"
#include "err.h"

static unsigned long nrun;

/* Runs the harness on the bytes of path, in a buffer of their size. */
static int
run_file(const char *path)
{
	struct buf b = BUF_INIT;
	uint8_t *copy;
	size_t len;

	if (buf_read_file(&b, path) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		buf_release(&b);
		return -1;
	}
	fprintf(stderr, "replay: %s\n", path);
	/* Exactly its size, so that a read past the end is caught. */
	len = b.len;
	copy = malloc(len ? len : 1);
	if (!copy) {
		fprintf(stderr, "replay: out of memory\n");
		exit(2);
	}
	if (len)
		memcpy(copy, b.p, len);
	buf_release(&b);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	nrun++;
	return 0;
}

static int
is_input(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int
run_dir(const char *dir)
{
	struct dirent **names;
	struct stat sb;
	char path[4096];
	int n, i, bad = 0;

	if ((n = scandir(dir, &names, is_input, alphasort)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    run_file(path) != 0)
			bad = 1;
		free(names[i]);
	}
	free(names);
	return bad ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|FOLDER...\n", argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			bad = 1;
		} else if (S_ISDIR(sb.st_mode) ? run_dir(argv[i]) != 0 :
		    run_file(argv[i]) != 0) {
			bad = 1;
		}
	}
	fprintf(stderr, "replay: %lu inputs\n", nrun);
	return bad ? 2 : 0;
}
