#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"

static const char *progname = "isas";

void
err_init(const char *name)
{
	progname = name;
}

const char *
err_progname(void)
{
	return progname;
}

static void
vmsg(const char *file, uint64_t line, const char *tag, const char *fmt,
     va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	if (file) {
		if (line)
			fprintf(stderr, "%s:%llu: ", file,
				(unsigned long long)line);
		else
			fprintf(stderr, "%s: ", file);
	}
	if (tag)
		fputs(tag, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, NULL, fmt, ap);
	va_end(ap);
	exit(2);
}

void
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, NULL, fmt, ap);
	va_end(ap);
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, "warning: ", fmt, ap);
	va_end(ap);
}

void
error_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, NULL, fmt, ap);
	va_end(ap);
}

void
warning_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, "warning: ", fmt, ap);
	va_end(ap);
}

void
die_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, NULL, fmt, ap);
	va_end(ap);
	exit(2);
}
