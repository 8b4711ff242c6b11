/* SPDX-License-Identifier: ISC */
/*
 * unit_out.c - the command line's CSV cells and JSON strings (cli/out.h):
 * quoting and escaping, a spreadsheet formula kept as text, control
 * characters that must not reach a terminal, and the format names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tap.h"

static char *buf;

/* What out_csv (json 0) or out_json (json 1) writes for t. */
static const char *
written(const char *t, int json)
{
	size_t n;
	FILE *f;

	free(buf);
	buf = NULL;
	if (!(f = open_memstream(&buf, &n)))
		tap_bail("open_memstream");
	if (json)
		out_json(f, t);
	else
		out_csv(f, t);
	fclose(f);
	return buf;
}

static void
test_csv(void)
{
	is_str(written("plain", 0), "\"plain\"", "a cell is always quoted");
	is_str(written(NULL, 0), "\"\"", "no text: an empty cell");
	is_str(written("say \"no\", thanks", 0), "\"say \"\"no\"\", thanks\"",
	       "a quote is doubled, a comma stays inside");
	is_str(written("two\nlines\tand a tab", 0), "\"two\nlines\tand a tab\"",
	       "a line break and a tab stay inside the cell");
	is_str(written("=1+1", 0), "\"'=1+1\"", "= starts a formula: an apostrophe first");
	is_str(written("+1", 0), "\"'+1\"", "  and +");
	is_str(written("-1", 0), "\"'-1\"", "  and -");
	is_str(written("@SUM(A1)", 0), "\"'@SUM(A1)\"", "  and @");
	is_str(written("\tx", 0), "\"'\tx\"", "  and a tab");
	is_str(written("\rx", 0), "\"'?x\"", "  and a carriage return, which becomes ?");
	is_str(written("a=b-c", 0), "\"a=b-c\"", "the signs inside a cell are left alone");
	is_str(written("\x1b[2Jgone", 0), "\"?[2Jgone\"", "ESC becomes ?");
	is_str(written("del\x7f", 0), "\"del?\"", "DEL becomes ?");
	is_str(written("c1\xc2\x9b" "2J", 0), "\"c1?2J\"", "a C1 control (CSI) becomes one ?");
	is_str(written("Díaz ñ", 0), "\"Díaz ñ\"", "other UTF-8 as it is");
}

static void
test_json(void)
{
	is_str(written(NULL, 1), "null", "no text: null");
	is_str(written("a \"b\" \\ c", 1), "\"a \\\"b\\\" \\\\ c\"", "quote and backslash escaped");
	is_str(written("two\nlines\there", 1), "\"two\\nlines\\there\"", "line break \\n, tab \\t");
	is_str(written("\x1b[2J\x7f", 1), "\"\\u001b[2J\\u007f\"", "ESC and DEL as \\u00XX");
	is_str(written("c1\xc2\x9b" "x\xc2\x80", 1), "\"c1\\u009bx\\u0080\"",
	       "C1 controls as the code points they are");
	is_str(written("=1+1 Díaz", 1), "\"=1+1 Díaz\"", "no formula rule in JSON; UTF-8 as it is");
}

static void
test_format(void)
{
	enum out_format f = OUT_JSON;

	ok(out_format_parse(NULL, &f) == 0 && f == OUT_TABLE, "no --format: a table");
	ok(out_format_parse("csv", &f) == 0 && f == OUT_CSV, "csv");
	ok(out_format_parse("json", &f) == 0 && f == OUT_JSON, "json");
	ok(out_format_parse("table", &f) == 0 && f == OUT_TABLE, "table");
	ok(out_format_parse("xml", &f) == -1, "anything else is refused");
}

int
main(void)
{
	test_csv();
	test_json();
	test_format();
	free(buf);
	return tap_done();
}
