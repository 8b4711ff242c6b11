/* SPDX-License-Identifier: ISC */
/*
 * facility.h - the facilities a program works with: the jails and prisons
 * people are booked into, and the queue and report filter.
 *
 * Admins keep the list; everyone reads the names.  A facility is never
 * deleted (old stays name it): one the program stops working with is
 * retired, which takes it out of the pick lists (new stays refuse it)
 * while old records keep showing its name, and can be brought back.
 * Names are unique regardless of case.  Every change is audited, about
 * no person; the audit detail names what changed, never the name itself.
 */
#ifndef PASSAGE_FACILITY_H
#define PASSAGE_FACILITY_H

#include <stdint.h>

#include "session.h"

#define FACILITY_NAME_MAX 120 /* characters */

struct facility_row {
	int64_t id;
	int active; /* 0: retired */
	char name[4 * FACILITY_NAME_MAX + 1];
};

/* Active facilities by name, at most max.  Names only: any role. */
int facility_list(struct session *s, struct facility_row *rows, int max, int *n);
/* Every facility, retired ones too, by name: for showing old records and
 * for the admins' list. */
int facility_list_all(struct session *s, struct facility_row *rows, int max, int *n);
/* The facility called name (any case), retired or not; -1 with "no
 * facility named ..." when there is none. */
int facility_find(struct session *s, const char *name, struct facility_row *out);

/* Admins only.  A new active facility; sets *id. */
int facility_create(struct session *s, const char *name, int64_t *id);
/* Gives facility id a new name (any case of another's name is refused). */
int facility_rename(struct session *s, int64_t id, const char *name);
/* Takes it out of the pick lists, or (active 1) brings it back. */
int facility_set_active(struct session *s, int64_t id, int active);

/* After a facility was added or brought back: with more than one active
 * facility, a roster profile must name its jail's (facility = NAME), or
 * its imports are refused.  Whether that is so now: 1 with a short
 * sentence that says it in out (it fits a screen's message line with
 * "Saved. " before it), 0 with out "" (or when it cannot be read). */
int facility_roster_note(struct session *s, char *out, size_t n);

#endif
