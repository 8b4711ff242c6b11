/* SPDX-License-Identifier: ISC */
/*
 * out.c - the format names of the command line's reports, and their CSV
 * cells and JSON strings written to a file by core's writer (see out.h).
 */
#include "out.h"

#include <string.h>

#include "textout.h"

int
out_format_parse(const char *name, enum out_format *fmt)
{
	if (!name || strcmp(name, "table") == 0)
		*fmt = OUT_TABLE;
	else if (strcmp(name, "csv") == 0)
		*fmt = OUT_CSV;
	else if (strcmp(name, "json") == 0)
		*fmt = OUT_JSON;
	else
		return -1;
	return 0;
}

static void
put_file(void *arg, const char *s, size_t n)
{
	fwrite(s, 1, n, arg);
}

void
out_csv(FILE *f, const char *t)
{
	const struct textout o = {put_file, f};

	textout_csv(&o, t, TEXTOUT_QUOTED);
}

void
out_json(FILE *f, const char *t)
{
	const struct textout o = {put_file, f};

	textout_json(&o, t);
}

size_t
out_chars(const char *t)
{
	size_t n = 0;

	for (; *t; t++)
		n += ((unsigned char)*t & 0xc0) != 0x80;
	return n;
}
