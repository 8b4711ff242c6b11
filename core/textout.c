/* SPDX-License-Identifier: ISC */
/*
 * textout.c - CSV cells and JSON strings under one set of rules (see
 * textout.h).
 *
 * Both writers walk the text one character at a time with the same
 * step, which says whether the character is written as it is, and hand
 * the sink whole runs of such characters between the few that are
 * replaced, so an export of many thousand rows does not call it per
 * byte.  UTF-8 is decoded by libutf8proc, which refuses overlong forms,
 * surrogates and code points past U+10FFFF, and stops at the NUL.
 */
#include "textout.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#define BAD (-1) /* the code point of a byte that is not UTF-8 */

/* The character at s: its length in bytes (1 for a byte that is not
 * UTF-8), with *cp set to it or BAD.  s is not at its NUL. */
static size_t
step(const char *s, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, cp);

	if (n < 1) {
		*cp = BAD;
		return 1;
	}
	return (size_t)n;
}

/* 1 for C0 controls, DEL and C1 controls. */
static int
control(utf8proc_int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

static void
put(const struct textout *o, const char *s, size_t n)
{
	if (n)
		o->put(o->arg, s, n);
}

/* What the character cp is written as in CSV: NULL for itself. */
static const char *
csv_char(utf8proc_int32_t cp)
{
	if (cp == BAD || (control(cp) && cp != '\n' && cp != '\t'))
		return "?";
	return cp == '"' ? "\"\"" : NULL;
}

/* What the character cp is written as in JSON, in buf: NULL for
 * itself. */
static const char *
json_char(utf8proc_int32_t cp, char buf[16])
{
	switch (cp) {
	case BAD: return "?";
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	default: break;
	}
	if (!control(cp))
		return NULL;
	snprintf(buf, 16, "\\u%04x", (unsigned)cp);
	return buf;
}

/* Writes t with each character that rule replaces replaced, in runs. */
static void
write_text(const struct textout *o, const char *t, int json)
{
	const char *run = t, *p = t;
	char buf[16];

	while (*p) {
		utf8proc_int32_t cp;
		size_t n = step(p, &cp);
		const char *rep = json ? json_char(cp, buf) : csv_char(cp);

		if (rep) {
			put(o, run, (size_t)(p - run));
			put(o, rep, strlen(rep));
			run = p + n;
		}
		p += n;
	}
	put(o, run, (size_t)(p - run));
}

void
textout_csv(const struct textout *o, const char *t, unsigned flags)
{
	int quote;

	assert(o && o->put);
	if (!t)
		t = "";
	/* A carriage return is written as '?', so only these three keep
	 * a cell from being read as it is written. */
	quote = (flags & TEXTOUT_QUOTED) || strpbrk(t, ",\"\n") != NULL;
	if (quote)
		put(o, "\"", 1);
	if (*t && strchr("=+-@\t\r", *t))
		put(o, "'", 1);
	write_text(o, t, 0);
	if (quote)
		put(o, "\"", 1);
}

void
textout_json(const struct textout *o, const char *t)
{
	assert(o && o->put);
	if (!t) {
		put(o, "null", 4);
		return;
	}
	put(o, "\"", 1);
	write_text(o, t, 1);
	put(o, "\"", 1);
}
