/*
 * out.c - the format names, CSV cells and JSON strings of the command
 * line's reports (see out.h).
 */
#include "out.h"

#include <string.h>

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

void
out_csv(FILE *f, const char *t, unsigned flags)
{
	const char *p = t ? t : "";

	fputc('"', f);
	if ((flags & OUT_CSV_FORMULA) && (*p == '=' || *p == '+' || *p == '-' || *p == '@'))
		fputc('\'', f);
	for (; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

void
out_json(FILE *f, const char *t, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)t;

	if (!t) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n' && (flags & OUT_JSON_NEWLINE))
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}
