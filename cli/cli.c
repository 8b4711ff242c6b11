/* SPDX-License-Identifier: ISC */
/*
 * cli.c - how every subcommand speaks: an error, a usage mistake, a
 * recovery code.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("passage: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int
cli_print_code(const char *heading, const char *code)
{
	printf("%s\n\n    %s\n\n", heading, code);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	/* Standard output is gone (a full disk, a closed pipe): the code must
	 * not be lost silently. */
	fprintf(stderr, "passage: standard output could not be written; the code is here "
	        "instead:\n\n    %s\n\n", code);
	return fflush(stderr) == 0 && !ferror(stderr) ? 1 : -1;
}

int
cli_usage(const struct cmd *c, const char *why)
{
	/* One line, and where to read more: the whole usage would push the
	 * line that matters off a small screen. */
	if (why)
		fprintf(stderr, "passage %s: %s\n", c->name, why);
	fprintf(stderr, "try 'passage %s --help'\n", c->name);
	return EXIT_USAGE;
}
