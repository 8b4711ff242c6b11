/* SPDX-License-Identifier: ISC */
/*
 * bench_export.h - passage export in `make bench` (see bench_export.c).
 */
#ifndef PASSAGE_BENCH_EXPORT_H
#define PASSAGE_BENCH_EXPORT_H

struct session;

/* Measures exports as the supervisor sup, on the database at db_path (a
 * scratch copy: it adds consents and disclosures), writing beside it.
 * people: its size, for the heading.  0, or -1 when something broke. */
int bench_export(struct session *sup, const char *db_path, long people);

#endif
