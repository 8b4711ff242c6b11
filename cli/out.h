/*
 * out.h - what the command line's reports share in writing their answer:
 * the format --format names, a CSV cell and a JSON string.
 *
 * report metrics, report disclosures and audit list each lay out their
 * own table, rows and objects.  The cells and strings inside them are
 * written here, once, so that a rule about them (what is quoted, what is
 * escaped, what a spreadsheet must not run) is the same wherever it holds.
 *
 * A CSV cell is always quoted, with a quote inside it doubled (RFC 4180),
 * so a comma, a quote or a line break stays inside its cell.  Other bytes,
 * control characters too, are written as they are: a caller that must not
 * pass them on makes the text safe first (audit list does).  With
 * OUT_CSV_FORMULA, a cell that starts with = + - or @ starts with an
 * apostrophe instead, inside the quotes: a spreadsheet would run such a
 * cell as a formula, and a record's text must never run.  Separators and
 * line ends are the caller's: the reports end a line with CRLF, as RFC
 * 4180 says; audit list with LF.
 *
 * A JSON string is quoted, with " and \ escaped and every control
 * character (below 0x20, and DEL) written as \u00XX; with OUT_JSON_NEWLINE
 * a line break is written \n instead, which reads better in text that
 * spans lines.  A NULL string is null.  Other bytes are written as they
 * are: what the database holds is UTF-8.
 */
#ifndef PASSAGE_CLI_OUT_H
#define PASSAGE_CLI_OUT_H

#include <stdio.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON };

/* Flags for out_csv and out_json. */
#define OUT_CSV_FORMULA 1u  /* out_csv: keep a cell a spreadsheet would run as text */
#define OUT_JSON_NEWLINE 2u /* out_json: a line break as \n, not \u000a */

/* The format --format names: "table" (also when none was given: NULL),
 * "csv" or "json".  0, or -1 for any other name.  A command that does not
 * write every format refuses the rest itself. */
int out_format_parse(const char *name, enum out_format *fmt);

/* t as one quoted CSV cell, no separator; NULL is an empty cell. */
void out_csv(FILE *f, const char *t, unsigned flags);

/* t as a JSON string, or null when t is NULL. */
void out_json(FILE *f, const char *t, unsigned flags);

#endif
