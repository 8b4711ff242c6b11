/* SPDX-License-Identifier: ISC */
/*
 * bench_cases.h - the "case records" part of `make bench`: search as you
 * type, the work queues, demo_fill and resident memory at 10,000 and at
 * 1,000,000 people (see bench_cases.c).
 */
#ifndef PASSAGE_BENCH_CASES_H
#define PASSAGE_BENCH_CASES_H

#include <stddef.h>

/* Reads BENCH_CASES and BENCH_PEOPLE: 0 when the section is skipped, the
 * number of people of the large database, or -1 (said on stderr) when a
 * value is not understood.  Called first, so a typo fails at once and not
 * after the storage benchmark. */
long bench_cases_people(void);

/* Runs the section.  scratch: a private folder for the small database,
 * removed by the caller.  0, or -1 when something broke (never for time). */
int bench_cases(const char *scratch, long people);

/* The kept large database's path in path (n bytes), made first when it
 * is missing or stale.  0, or -1 when something broke. */
int bench_cases_kept(const char *scratch, long people, char *path, size_t n);

#endif
