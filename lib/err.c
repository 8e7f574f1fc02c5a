#include <stdarg.h>
#include <stdio.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>

#include "err.h"

static const char *progname = "isas";

void
err_init(const char *name)
{
	progname = name;
	signal(SIGXFSZ, SIG_IGN);
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

void
error_option(int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (c == ':') {
		if (optopt && !(arg[0] == '-' && arg[1] == '-'))
			error("option requires an argument -- '%c'", optopt);
		else
			error("option '%s' requires an argument", arg);
	} else if (optopt) {
		error("invalid option -- '%c'", optopt);
	} else {
		error("unrecognized option '%s'", arg);
	}
}
