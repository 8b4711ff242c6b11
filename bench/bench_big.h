/* SPDX-License-Identifier: ISC */
/*
 * bench_big.h - the whole-file commands on the large database in
 * `make bench` (see bench_big.c).
 */
#ifndef PASSAGE_BENCH_BIG_H
#define PASSAGE_BENCH_BIG_H

/* Verifies, backs up with a key, removes a user while a caseworker
 * saves, and times the naloxone report and release plans, on a copy of
 * the kept database of people (or on BENCH_BIG_DB); scratch: the bench's
 * scratch folder.  0, or -1 when something broke. */
int bench_big(const char *scratch, long people);

#endif
