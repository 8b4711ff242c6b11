/* SPDX-License-Identifier: ISC */
/*
 * roster_csv.h - a roster's bytes into rows of fields, each with the line
 * of the file it starts on (roster_file.c gives them meaning), and the
 * errors of both, which name that line.
 */
#ifndef PASSAGE_ROSTER_CSV_H
#define PASSAGE_ROSTER_CSV_H

#include <stddef.h>

#include "roster_profile.h"

#define ROSTER_FILE_MAX (256 * 1024 * 1024) /* bytes */
#define ROSTER_ROWS_MAX 1000000

/* A row left out, or the reason the whole file was refused. */
struct roster_err {
	int line;                     /* 0: the file as a whole */
	int in_row;                   /* 1: a mistake inside one data row */
	char column[ROSTER_TEXT_MAX]; /* the header of the column, "" none */
	char why[192];
};

struct roster_row {
	int line; /* the physical line the row starts on, from 1 */
	int n;
	char **f;
};

struct roster_rows {
	struct roster_row *rows;
	size_t nrows, cap;
	struct roster_row cur; /* the row being read */
	int curcap;
	int line;  /* the physical line being fed to the parser */
	int nomem; /* out of memory, or too many rows */
};

/* The bytes of a roster as rows, the header first.  0, or -1 with e set
 * (rd then holds nothing). */
int roster_csv_read(const struct roster_profile *p, const char *data, size_t len,
                    struct roster_rows *rd, struct roster_err *e);
/* Wipes and frees what rd holds. */
void roster_rows_free(struct roster_rows *rd);

/* Sets e to the line, the column and the formatted reason; returns -1. */
int roster_fail(struct roster_err *e, int line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* e as one sentence naming the file, the line and the column. */
void roster_err_text(const char *file, const struct roster_err *e, char *out, size_t n);

#endif
