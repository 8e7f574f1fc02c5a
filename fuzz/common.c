/*
 * common.c - what the fuzz harnesses share; see common.h.
 *
 * An input reaches the library as a file, because that is the only way
 * in (input_open, rules_load and params_load take a path): a memfd,
 * opened again through /proc/self/fd, so that nothing is written to disk
 * and nothing is left behind by a crash.  Where memfd_create is missing,
 * a temporary file in $TMPDIR stands in, removed at exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "err.h"
#include "store.h"

#ifndef FUZZ_ETC
#define FUZZ_ETC "etc"
#endif

struct slot {
	int fd;
	char path[4096];
};

static struct slot slots[2] = { { -1, "" }, { -1, "" } };

static void
remove_temps(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (slots[i].fd >= 0 && strncmp(slots[i].path, "/proc/", 6) != 0)
			unlink(slots[i].path);
}

static void
slot_open(struct slot *s, int n)
{
	const char *tmp;
	char name[32];

	snprintf(name, sizeof name, "isas-fuzz-%d", n);
	s->fd = memfd_create(name, 0);
	if (s->fd >= 0) {
		snprintf(s->path, sizeof s->path, "/proc/self/fd/%d", s->fd);
		if (access(s->path, R_OK) == 0)
			return;
		close(s->fd);
	}
	tmp = getenv("TMPDIR");
	snprintf(s->path, sizeof s->path, "%s/isas-fuzz-%d.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp", n);
	if ((s->fd = mkstemp(s->path)) < 0)
		die("%s: cannot make a temporary file: %s", s->path,
		    strerror(errno));
	atexit(remove_temps);
}

const char *
fuzz_file(int slot, const void *data, size_t size)
{
	struct slot *s = &slots[slot];
	const char *p = data;
	ssize_t n;
	off_t off = 0;

	if (s->fd < 0)
		slot_open(s, slot);
	if (ftruncate(s->fd, 0) != 0)
		die("%s: cannot empty: %s", s->path, strerror(errno));
	while ((size_t)off < size) {
		n = pwrite(s->fd, p + off, size - (size_t)off, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: cannot write: %s", s->path, strerror(errno));
		off += n;
	}
	return s->path;
}

struct store *
fuzz_store(void)
{
	static struct store *st;
	const char *tmp = getenv("TMPDIR");
	char cwd[4096], dir[4096];

	if (st)
		return st;
	/* store_open creates the file it is given before SQLite opens it:
	 * ":memory:" is made, and removed, in a folder of its own. */
	if (!getcwd(cwd, sizeof cwd))
		die("cannot get the current folder: %s", strerror(errno));
	snprintf(dir, sizeof dir, "%s/isas-fuzz.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || chdir(dir) != 0)
		die("%s: cannot make a folder: %s", dir, strerror(errno));
	st = store_open(":memory:", STORE_WRITE);
	unlink(":memory:");
	if (chdir(cwd) != 0)
		die("%s: cannot go back: %s", cwd, strerror(errno));
	rmdir(dir);
	store_exec(st, "PRAGMA temp_store = MEMORY");
	store_run_begin(st, "fuzz", 0, NULL, "2026-11-23");
	store_commit(st);
	return st;
}

const char *
fuzz_etc(const char *name)
{
	static char path[4096];
	const char *dir = getenv("ISAS_FUZZ_ETC");

	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : FUZZ_ETC,
	    name);
	return path;
}

size_t
fuzz_first_line(const uint8_t *data, size_t size, char *word, size_t wsz,
	const uint8_t **rest)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t i, n = nl ? (size_t)(nl - data) : size;

	for (i = 0; i < n && i + 1 < wsz && data[i] != ' '; i++)
		word[i] = (char)data[i];
	if (wsz > 0)
		word[i] = '\0';
	*rest = nl ? nl + 1 : data + size;
	return nl ? size - n - 1 : 0;
}

int
fuzz_line_has(const uint8_t *data, size_t size, const char *w)
{
	const uint8_t *nl = memchr(data, '\n', size), *p, *e;
	size_t wl = strlen(w);

	e = nl ? nl : data + size;
	for (p = data; p < e; ) {
		const uint8_t *sp = memchr(p, ' ', (size_t)(e - p));
		const uint8_t *we = sp ? sp : e;

		if ((size_t)(we - p) == wl && memcmp(p, w, wl) == 0)
			return 1;
		p = we + 1;
	}
	return 0;
}

void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "fuzz: %s:%d: property does not hold: %s\n", file,
	    line, what);
	abort();
}
