/* SPDX-License-Identifier: ISC */
/*
 * textout.h - the one set of rules for the CSV cells and JSON strings
 * Passage writes: the command line's reports (cli/out.c) and the sealed
 * exports (export.c).
 *
 * Nothing here prints: the writer hands its bytes to a sink, which a
 * report points at its output file and an export at its wiped buffer,
 * so a rule (what is quoted, what is escaped, what a spreadsheet must not
 * run) is written once and holds wherever a cell or a string is written.
 * The text is read as UTF-8, one character at a time, and each rule is
 * about characters, never about a byte inside one:
 *
 *   a byte that is not UTF-8 (overlong, a surrogate, past U+10FFFF, cut
 *   short, a stray continuation byte) becomes '?', one for each byte,
 *   in CSV and in JSON alike: a file must stay valid UTF-8, and the
 *   next good character after a broken one is still written as itself;
 *
 *   a control character - C0 other than line break and tab, DEL, and
 *   the C1 controls U+0080 to U+009F that many terminals take as the
 *   start of an escape sequence - becomes '?' in CSV, so that a file read
 *   in a terminal cannot drive it, and \u00XX in JSON, which can say it
 *   without harm;
 *
 *   everything else is written as it is.
 *
 * A CSV cell (RFC 4180) is quoted when it holds a comma, a quote or a
 * line break, with each quote inside doubled, so it stays one cell;
 * TEXTOUT_QUOTED quotes it even when it holds none (the reports quote
 * every cell, the exports only those that need it: both are RFC 4180,
 * and a reader sees the same values).  A cell that starts with = + - @,
 * a tab or a carriage return gets an apostrophe in front of it, inside
 * the quotes: a spreadsheet would run it as a formula, and a record's
 * text must never run in a funder's spreadsheet.  A NULL cell is empty.
 * Separators and line ends are the caller's; every CSV Passage writes
 * ends its lines with CRLF, as RFC 4180 says.
 *
 * A JSON string is quoted, with " and \ escaped, a line break as \n and
 * a tab as \t; a NULL string is null.  There is no formula rule in JSON.
 */
#ifndef PASSAGE_TEXTOUT_H
#define PASSAGE_TEXTOUT_H

#include <stddef.h>

/* Where the bytes go: put(arg, bytes, n), called in order, several
 * times a cell. */
struct textout {
	void (*put)(void *arg, const char *s, size_t n);
	void *arg;
};

/* Flags for textout_csv. */
#define TEXTOUT_QUOTED 1u /* quote the cell even when it does not need it */

/* t as one CSV cell, with no separator after it; NULL is an empty cell. */
void textout_csv(const struct textout *o, const char *t, unsigned flags);

/* t as a JSON string, or null when t is NULL. */
void textout_json(const struct textout *o, const char *t);

#endif
