/* SPDX-License-Identifier: ISC */
/*
 * check.c - validating what people type (see check.h).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* Length of the UTF-8 sequence at p, or 0 if it is not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
static size_t
utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (p[0] == 0xe0 && p[1] < 0xa0)
			return 0;
		if (p[0] == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (p[0] == 0xf0 && p[1] < 0x90)
			return 0;
		if (p[0] == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

int
check_text(struct session *s, const char *field, const char *value, size_t max, int required,
           int multiline)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t chars = 0;

	if (!value || !*value)
		return required ? session_fail(s, "%s: this is required", field) : 0;
	/* A character is at most 4 bytes: anything longer than that is too
	 * long without reading it all (a 10 MB name stops here). */
	if (strnlen(value, 4 * max + 1) > 4 * max)
		return session_fail(s, "%s: too long (at most %zu characters)", field, max);
	while (*p) {
		size_t l = utf8_len(p);
		if (!l)
			return session_fail(s, "%s: contains bytes that are not text", field);
		if (l == 1 && (*p < 0x20 || *p == 0x7f) && !(multiline && (*p == '\n' || *p == '\t')))
			return session_fail(s, "%s: contains a control character", field);
		/* C1 controls (U+0080..U+009F) are escape sequences too. */
		if (l == 2 && p[0] == 0xc2 && p[1] < 0xa0)
			return session_fail(s, "%s: contains a control character", field);
		p += l;
		chars++;
	}
	/* Counted as SQLite's length() counts, so the schema's limits agree. */
	if (chars > max)
		return session_fail(s, "%s: too long (at most %zu characters)", field, max);
	return 0;
}

int
check_enum(struct session *s, const char *field, const char *value, const char *const *allowed,
           int required)
{
	if (!value)
		return required ? session_fail(s, "%s: this is required", field) : 0;
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(value, *a) == 0)
			return 0;
	return session_fail(s, "%s: '%.40s' is not one of the choices", field, value);
}

static int
days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int
check_date(struct session *s, const char *field, const char *value, int required)
{
	int y, m, d;
	char tail;

	if (!value || !*value)
		return required ? session_fail(s, "%s: this is required", field) : 0;
	if (strlen(value) != 10 || sscanf(value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    value[4] != '-' || value[7] != '-' || y < 1900 || y > 2199 || m < 1 || m > 12 ||
	    d < 1 || d > days_in(y, m))
		return session_fail(s, "%s: '%.20s' is not a date (YYYY-MM-DD)", field, value);
	return 0;
}

const char *
check_month_end(const char *value, char out[11])
{
	int y, m;
	char tail;

	if (!value || strlen(value) != 7 || value[4] != '-' ||
	    sscanf(value, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 1900 || y > 2199 || m < 1 ||
	    m > 12 || value[5] < '0' || value[5] > '9')
		return value;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, days_in(y, m));
	return out;
}

int
check_time(struct session *s, const char *field, int64_t t)
{
	if (t <= 0 || t > 7258118400LL) /* 2200-01-01 */
		return session_fail(s, "%s: not a possible time", field);
	return 0;
}

int
check_yn(struct session *s, const char *field, enum yn v)
{
	if (v != YN_NOT_ASKED && v != YN_NO && v != YN_YES)
		return session_fail(s, "%s: answer yes, no or not asked", field);
	return 0;
}

int
check_past(struct session *s, const char *field, int64_t *t)
{
	if (!*t) {
		*t = session_now(s);
		return 0;
	}
	if (check_time(s, field, *t) != 0)
		return -1;
	if (*t > session_now(s) + CLOCK_SKEW)
		return session_fail(s, "%s: it is in the future", field);
	return 0;
}

int
check_is_sentence(const char *text, size_t min_chars)
{
	size_t chars = 0, words = 0, trail = 0;
	int in_word = 0;

	if (!text)
		return 0;
	while (*text == ' ' || *text == '\t')
		text++;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		int space = *p == ' ' || *p == '\t';
		if ((*p & 0xC0) == 0x80)
			continue; /* the rest of a UTF-8 character */
		chars++;
		trail = space ? trail + 1 : 0;
		words += !space && !in_word;
		in_word = !space;
	}
	return chars - trail >= min_chars && words >= 2;
}
