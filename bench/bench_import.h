/* SPDX-License-Identifier: ISC */
/*
 * bench_import.h - the "import" part of `make bench`: a synthetic roster
 * imported into a copy of the large database, then again (see
 * bench_import.c).
 */
#ifndef PASSAGE_BENCH_IMPORT_H
#define PASSAGE_BENCH_IMPORT_H

/* Runs the section on the copy BENCH_IMPORT_DB names (skipped, said on
 * stdout, without one); people: how many the large database was made
 * with.  0, or -1 when something broke (never for time). */
int bench_import(long people);

#endif
