/* SPDX-License-Identifier: ISC */
/*
 * roster_csv.c - a roster's bytes into rows of fields.
 *
 * The bytes are checked as text first (Latin-1 turned into UTF-8 when the
 * profile says so; anything else must be UTF-8, and the first line that is
 * not is named).  Then libcsv parses them in strict mode, fed one physical
 * line (ended by LF, CRLF or a CR alone) at a time: libcsv knows nothing of lines, and feeding it a line at
 * a time is how each row learns the line it starts on, so an error can
 * name it.  A quote out of place, or one never closed, means the file is
 * not CSV at all.  What was read is wiped before it is freed: it is case
 * data.
 */
#include "roster_csv.h"

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void
roster_rows_free(struct roster_rows *rd)
{
	for (size_t i = 0; i < rd->nrows; i++) {
		for (int k = 0; k < rd->rows[i].n; k++)
			wipe_free(rd->rows[i].f[k]);
		free(rd->rows[i].f);
	}
	for (int k = 0; k < rd->cur.n; k++)
		wipe_free(rd->cur.f[k]);
	free(rd->cur.f);
	free(rd->rows);
}

/* libcsv: a field ended. */
static void
on_field(void *s, size_t len, void *data)
{
	struct roster_rows *rd = data;
	char *v;

	if (rd->nomem)
		return;
	if (rd->cur.n == 0)
		rd->cur.line = rd->line;
	if (rd->cur.n == rd->curcap) {
		int cap = rd->curcap ? rd->curcap * 2 : 16;
		char **f = cap <= 4096 ? realloc(rd->cur.f, (size_t)cap * sizeof *f) : NULL;

		if (!f) {
			rd->nomem = 1;
			return;
		}
		rd->cur.f = f;
		rd->curcap = cap;
	}
	if (!(v = malloc(len + 1))) {
		rd->nomem = 1;
		return;
	}
	if (len)
		memcpy(v, s, len);
	v[len] = 0;
	rd->cur.f[rd->cur.n++] = v;
}

/* libcsv: a row ended. */
static void
on_row(int c, void *data)
{
	struct roster_rows *rd = data;

	(void)c;
	if (rd->nomem)
		return;
	if (rd->nrows == rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 256;
		struct roster_row *r = rd->nrows <= ROSTER_ROWS_MAX ? realloc(rd->rows, cap * sizeof *r) : NULL;

		if (!r) {
			rd->nomem = 1;
			return;
		}
		rd->rows = r;
		rd->cap = cap;
	}
	if (rd->cur.n == 0)
		rd->cur.line = rd->line;
	rd->rows[rd->nrows++] = rd->cur;
	rd->cur = (struct roster_row){0};
	rd->curcap = 0;
}

int
roster_fail(struct roster_err *e, int line, const char *column, const char *fmt, ...)
{
	va_list ap;

	e->line = line;
	snprintf(e->column, sizeof e->column, "%s", column ? column : "");
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof e->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* The text as UTF-8 in *out (malloc'd): Latin-1 turned into it, UTF-8
 * checked.  -1 with e set when it cannot be text. */
static int
as_utf8(const struct roster_profile *p, const char *in, size_t len, char **out, size_t *outlen,
        struct roster_err *e)
{
	const unsigned char *s = (const unsigned char *)in;
	unsigned char *o;
	size_t k = 0;
	int line = 1;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 && p->encoding == ROSTER_UTF8) {
		s += 3;
		len -= 3;
	}
	if (memchr(s, 0, len))
		return roster_fail(e, 0, NULL, "not a CSV file: it holds binary data");
	if (!(o = malloc(len * 2 + 1)))
		return roster_fail(e, 0, NULL, "out of memory");
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		unsigned cp;

		if (c == '\n' || (c == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			line++;
		if (p->encoding == ROSTER_LATIN1) {
			if (c < 0x80) {
				o[k++] = c;
			} else {
				o[k++] = (unsigned char)(0xc0 | c >> 6);
				o[k++] = (unsigned char)(0x80 | (c & 0x3f));
			}
			i++;
			continue;
		}
		if (n == 0 || i + n > len)
			goto bad;
		cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
		for (size_t j = 1; j < n; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		memcpy(o + k, s + i, n);
		k += n;
		i += n;
	}
	o[k] = 0;
	*out = (char *)o;
	*outlen = k;
	return 0;
bad:
	explicit_bzero(o, k);
	free(o);
	return roster_fail(e, line, NULL,
	            "not UTF-8 text (if the jail writes Latin-1, say encoding = latin-1 in the "
	            "profile)");
}

/* The length of the physical line at s, its end included.  A line ends
 * at LF, CRLF, or a CR alone (as old Mac files end them): libcsv ends a
 * row at each of the three, and a row must not share its line number
 * with the one before it. */
static size_t
line_len(const char *s, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		if (s[k] == '\n')
			return k + 1;
		if (s[k] == '\r' && (k + 1 == len || s[k + 1] != '\n'))
			return k + 1;
	}
	return len;
}

/* The file's rows, parsed. */
static int
parse_rows(const char *text, size_t len, struct roster_rows *rd, struct roster_err *e)
{
	struct csv_parser cp;
	int rc = 0;

	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return roster_fail(e, 0, NULL, "out of memory");
	rd->line = 1;
	for (size_t i = 0; i < len && rc == 0;) {
		size_t n = line_len(text + i, len - i);

		if (csv_parse(&cp, text + i, n, on_field, on_row, rd) != n)
			rc = csv_error(&cp) == CSV_EPARSE
			         ? roster_fail(e, rd->line, NULL, "not a CSV file: a quote is out of place")
			         : roster_fail(e, 0, NULL, "out of memory");
		i += n;
		if (rd->nomem)
			rc = roster_fail(e, rd->line, NULL, "the file is too big (1,000,000 rows at most)");
		rd->line++;
	}
	rd->line--;
	if (rc == 0 && csv_fini(&cp, on_field, on_row, rd) != 0)
		rc = roster_fail(e, rd->line, NULL, "not a CSV file: a quoted field is never closed");
	if (rc == 0 && rd->nomem)
		rc = roster_fail(e, 0, NULL, "out of memory");
	csv_free(&cp);
	return rc;
}


int
roster_csv_read(const struct roster_profile *p, const char *data, size_t len,
                struct roster_rows *rd, struct roster_err *e)
{
	char *text = NULL;
	size_t tlen = 0;
	int rc;

	memset(rd, 0, sizeof *rd);
	if (as_utf8(p, data, len, &text, &tlen, e) != 0)
		return -1;
	rc = parse_rows(text, tlen, rd, e);
	explicit_bzero(text, tlen);
	free(text);
	if (rc != 0) {
		roster_rows_free(rd);
		memset(rd, 0, sizeof *rd);
	}
	return rc;
}

void
roster_err_text(const char *file, const struct roster_err *e, char *out, size_t n)
{
	if (e->line && e->column[0])
		snprintf(out, n, "%s: line %d, column \"%s\": %s", file, e->line, e->column, e->why);
	else if (e->line)
		snprintf(out, n, "%s: line %d: %s", file, e->line, e->why);
	else
		snprintf(out, n, "%s: %s", file, e->why);
}
