/* SPDX-License-Identifier: ISC */
/*
 * bench_plan.h - the release plan in `make bench` (see bench_plan.c).
 */
#ifndef PASSAGE_BENCH_PLAN_H
#define PASSAGE_BENCH_PLAN_H

struct session;

/* Measures making release plans as the supervisor sup, on the database
 * at db_path (a scratch copy: it installs the English template), writing
 * beside it.  people: its size, for the heading.  0, or -1 when something
 * broke. */
int bench_plan(struct session *sup, const char *db_path, long people);

#endif
