/* SPDX-License-Identifier: ISC */
/*
 * bench_report.h - the program report in `make bench` (bench_report.c).
 */
#ifndef PASSAGE_BENCH_REPORT_H
#define PASSAGE_BENCH_REPORT_H

#include "session.h"

/* Times the program report for the last 91 days before now (a quarter's
 * releases) for every facility, as the supervisor sup, and prints the
 * result, with the peak resident memory after it when peak is set (the
 * caller reset it before the section).  0, or -1 when the report failed
 * (never for time). */
int bench_report(struct session *sup, long people, int peak);

/* Times the naloxone distribution report (core/report_naloxone.h) for
 * the same 91 days, every facility, as sup, and prints it beside the
 * target (500 ms at 1,000,000 people).  0, or -1 when it failed. */
int bench_report_naloxone(struct session *sup, long people);

/* Times saves that keep the report's summary rows, then the same saves
 * with their triggers dropped, and prints both.  Writes, and drops
 * triggers: for a scratch database only. */
int bench_report_saves(struct session *sup);

#endif
