/* SPDX-License-Identifier: ISC */
/*
 * out.h - what the command line's reports share in writing their answer:
 * the format --format names, a CSV cell, a JSON string and the width of
 * a table's cell.
 *
 * report metrics, report disclosures and audit list each lay out their
 * own table, rows and objects.  The cells and strings inside them are
 * written here, once, so that a rule about them (what is quoted, what is
 * escaped, what a spreadsheet must not run) is the same wherever it holds.
 *
 * The rules for both are core's (textout.h), the same as for an export:
 * here every CSV cell is quoted, even one that does not need it.
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

/* The characters of UTF-8 text t (its bytes that start one): how wide a
 * table's column must be for it, and what a length limit counts. */
size_t out_chars(const char *t);

#endif
