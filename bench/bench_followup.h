/* SPDX-License-Identifier: ISC */
/*
 * bench_followup.h - the follow-up audit screen's reads in `make bench`
 * (see bench_followup.c).
 */
#ifndef PASSAGE_BENCH_FOLLOWUP_H
#define PASSAGE_BENCH_FOLLOWUP_H

#include "session.h"

/* Times the reads as sup (a supervisor) and prints a table.  0, or -1
 * when a call failed (never for time). */
int bench_followup(struct session *sup, long people);

#endif
