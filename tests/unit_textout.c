/* SPDX-License-Identifier: ISC */
/*
 * unit_textout.c - core's one CSV and JSON writer (core/textout.h):
 * quoting when a cell needs it or always, a formula kept as text,
 * control characters and bytes that are not UTF-8 never passed on, and
 * the sink fed in runs rather than byte by byte.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "textout.h"

struct sink {
	char buf[512];
	size_t len;
	int calls;
};

static void
put(void *arg, const char *s, size_t n)
{
	struct sink *k = arg;

	if (k->len + n >= sizeof k->buf)
		tap_bail("the sink overflowed");
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	k->buf[k->len] = 0;
	k->calls++;
}

static struct sink out;

/* What the writer hands its sink for t: a CSV cell with flags, or with
 * json set a JSON string. */
static const char *
written(const char *t, int json, unsigned flags)
{
	const struct textout o = {put, &out};

	memset(&out, 0, sizeof out);
	if (json)
		textout_json(&o, t);
	else
		textout_csv(&o, t, flags);
	return out.buf;
}

#define csv(t) written((t), 0, 0)
#define quoted(t) written((t), 0, TEXTOUT_QUOTED)
#define json(t) written((t), 1, 0)

static void
test_quoting(void)
{
	is_str(csv("plain"), "plain", "a plain cell is not quoted");
	is_str(quoted("plain"), "\"plain\"", "  unless every cell is asked to be");
	is_str(csv(NULL), "", "no text: an empty cell");
	is_str(quoted(NULL), "\"\"", "  quoted: two quotes");
	is_str(csv("a,b"), "\"a,b\"", "a comma is kept inside quotes");
	is_str(csv("say \"no\""), "\"say \"\"no\"\"\"", "a quote is doubled inside quotes");
	is_str(csv("two\nlines"), "\"two\nlines\"", "a line break is kept inside quotes");
	is_str(csv("a\tb"), "a\tb", "a tab inside needs no quotes");
	is_str(csv("a\rb"), "a?b", "a carriage return becomes ?, so needs no quotes");
}

static void
test_formula(void)
{
	is_str(csv("=1+1"), "'=1+1", "= starts a formula: an apostrophe first");
	is_str(csv("+1"), "'+1", "  and +");
	is_str(csv("-1"), "'-1", "  and -");
	is_str(csv("@SUM(A1)"), "'@SUM(A1)", "  and @");
	is_str(csv("\tx"), "'\tx", "  and a tab");
	is_str(csv("\rx"), "'?x", "  and a carriage return, which becomes ?");
	is_str(csv("=A1,B1"), "\"'=A1,B1\"", "the apostrophe goes inside the quotes");
	is_str(quoted("-2"), "\"'-2\"", "  also when every cell is quoted");
	is_str(csv("a=b-c"), "a=b-c", "the signs inside a cell are left alone");
	is_str(json("=1+1"), "\"=1+1\"", "no formula rule in JSON");
}

static void
test_controls(void)
{
	is_str(csv("\x1b[2Jgone"), "?[2Jgone", "ESC becomes ? in CSV");
	is_str(csv("del\x7f"), "del?", "  and DEL");
	is_str(csv("c1\xc2\x9b" "2J"), "c1?2J", "  and a C1 control (CSI), as one ?");
	is_str(csv("\x01\x1f"), "??", "  and the first and last C0 controls");
	is_str(json("\x1b[2J\x7f"), "\"\\u001b[2J\\u007f\"", "ESC and DEL as \\u00XX in JSON");
	is_str(json("c1\xc2\x9b" "x\xc2\x80"), "\"c1\\u009bx\\u0080\"",
	       "  C1 controls as the code points they are");
	is_str(json("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"", "quote and backslash escaped");
	is_str(json("two\nlines\there"), "\"two\\nlines\\there\"", "line break \\n, tab \\t");
	is_str(json(NULL), "null", "no text: null");
}

static void
test_utf8(void)
{
	const char *names = "D\xc3\xad" "az \xe7\x8e\x8b \xf0\x9f\xa9\xb0 Nguy\xe1\xbb\x85n";

	is_str(csv(names), names, "UTF-8 as it is in CSV");
	is_str(json(names), "\"D\xc3\xad" "az \xe7\x8e\x8b \xf0\x9f\xa9\xb0 Nguy\xe1\xbb\x85n\"",
	       "  and in JSON");
	is_str(csv("a\xff" "b"), "a?b", "a byte that is not UTF-8 becomes ?");
	is_str(json("a\xff" "b"), "\"a?b\"", "  in JSON too");
	is_str(csv("\x80x"), "?x", "a stray continuation byte");
	is_str(csv("\xc0\xaf"), "??", "an overlong '/': one ? a byte");
	is_str(csv("\xe0\x80\xaf"), "???", "an overlong three-byte form");
	is_str(csv("\xed\xa0\x80"), "???", "a surrogate");
	is_str(csv("\xf4\x90\x80\x80"), "????", "past U+10FFFF");
	is_str(csv("x\xe4\xb8y"), "x??y", "a sequence cut short, then text again");
	is_str(json("\xe4\xb8"), "\"??\"", "a sequence cut short by the end of the string");
	is_str(csv("\xc2\x9b\xc2"), "??", "a C1 control, then a lead byte at the end");
}

static void
test_runs(void)
{
	char big[300];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	csv(big);
	ok(out.calls == 1 && out.len == sizeof big - 1, "a plain cell reaches the sink in one piece");
	quoted("a \"quote\" in a cell");
	is_int(out.calls, 7, "  and a quoted one in a run between each replaced character");
}

int
main(void)
{
	test_quoting();
	test_formula();
	test_controls();
	test_utf8();
	test_runs();
	return tap_done();
}
