/* SPDX-License-Identifier: ISC */
/*
 * bench_mixed.h - many caseworkers saving while supervisors read, in
 * `make bench` (see bench_mixed.c).
 */
#ifndef PASSAGE_BENCH_MIXED_H
#define PASSAGE_BENCH_MIXED_H

/* Runs the section on a copy of the kept large database of people
 * (bench_cases.c; never written itself), made beside it and deleted
 * after, or on the copy BENCH_MIXED_DB names.  scratch: a private folder.
 * 0, or -1 when something broke (never for time). */
int bench_mixed(const char *scratch, long people);

#endif
