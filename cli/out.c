/* SPDX-License-Identifier: ISC */
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

/* 1 for the two bytes of a C1 control (U+0080 to U+009F), which many
 * terminals take as the start of an escape sequence. */
static int
c1_at(const unsigned char *p)
{
	return p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0;
}

void
out_csv(FILE *f, const char *t)
{
	const unsigned char *p = (const unsigned char *)(t ? t : "");

	fputc('"', f);
	if (*p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r')
		fputc('\'', f);
	for (; *p; p++) {
		if (*p == '"') {
			fputs("\"\"", f);
		} else if (c1_at(p)) {
			fputc('?', f);
			p++;
		} else if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
			fputc('?', f);
		} else {
			fputc(*p, f);
		}
	}
	fputc('"', f);
}

void
out_json(FILE *f, const char *t)
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
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (c1_at(p))
			fprintf(f, "\\u%04x", *++p); /* C2 80 is U+0080, ... C2 9F U+009F */
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}
