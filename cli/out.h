/* SPDX-License-Identifier: ISC */
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
 * so a comma, a quote or a line break stays inside its cell.  A cell that
 * starts with = + - @, a tab or a carriage return starts with an
 * apostrophe instead, inside the quotes: a spreadsheet would run such a
 * cell as a formula, and a record's text must never run in a funder's
 * spreadsheet.  Control characters other than line break and tab (C0,
 * DEL and C1) become '?', so that a file read in a terminal cannot drive
 * it.  Separators and line ends are the caller's; every CSV Passage
 * writes ends its lines with CRLF, as RFC 4180 says.
 *
 * A JSON string is quoted, with " and \ escaped, a line break as \n, a
 * tab as \t and every other control character (C0, DEL and C1) as
 * \u00XX.  A NULL string is null.  Other bytes are written as they are:
 * what the database holds is UTF-8.
 */
#ifndef PASSAGE_CLI_OUT_H
#define PASSAGE_CLI_OUT_H

#include <stdio.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON };

/* The format --format names: "table" (also when none was given: NULL),
 * "csv" or "json".  0, or -1 for any other name.  A command that does not
 * write every format refuses the rest itself. */
int out_format_parse(const char *name, enum out_format *fmt);

/* t as one quoted CSV cell, no separator; NULL is an empty cell. */
void out_csv(FILE *f, const char *t);

/* t as a JSON string, or null when t is NULL. */
void out_json(FILE *f, const char *t);

#endif
