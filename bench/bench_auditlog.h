/* SPDX-License-Identifier: ISC */
/*
 * bench_auditlog.h - the audit log part of `make bench`: reading a long
 * log a screenful at a time, and checking its chain (bench_auditlog.c).
 */
#ifndef PASSAGE_BENCH_AUDITLOG_H
#define PASSAGE_BENCH_AUDITLOG_H

/* Runs the section in scratch (a private folder the caller removes): 0,
 * or -1 when something broke (never for time). */
int bench_auditlog(const char *scratch);

#endif
