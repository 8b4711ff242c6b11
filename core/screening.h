/* SPDX-License-Identifier: ISC */
/*
 * screening.h - the screening at intake: the opioid use disorder (OUD)
 * screen, medication for OUD (MOUD) the person was on when they came in,
 * and the risk factors that shape their release plan.
 *
 * Every question may go unasked, and the person may decline the screen:
 * "declined" is a complete answer, its reason optional.  A result is
 * recorded only for a screen that was done; a dose and a prescriber only
 * with a medication.  Risk factors are yes, no or not asked (enum yn):
 * leaving one alone records "not asked", never "no".
 *
 * A screening is changed by naming the version it was read at; a change
 * over someone else's is refused with who made it and when (the row's
 * updated_by and updated_at).  Creates, changes and lists are audited
 * with field names, never answers.
 */
#ifndef PASSAGE_SCREENING_H
#define PASSAGE_SCREENING_H

#include <stdint.h>

#include "check.h"
#include "session.h"

/* Text fields are NULL (or "") when not given.  A row filled by the
 * caller points at the caller's strings; one read by screening_list
 * points into store. */
struct screening {
	int64_t id;
	int64_t person_id;
	int64_t stay_id;             /* 0: not tied to a custody stay */
	int64_t at;                  /* when it was done; 0 on record: now */
	int64_t by_user;             /* set by Passage */
	const char *oud_screen;      /* done declined not_done: required */
	const char *oud_result;      /* positive negative: only when done */
	const char *moud_at_entry;   /* none methadone buprenorphine naltrexone; NULL: not asked */
	const char *moud_dose;       /* up to 80 characters, with a medication only */
	const char *moud_prescriber; /* up to 200 characters, with a medication only */
	enum yn prior_overdose, injects, benzos_alcohol, stimulants, recent_abstinence,
	    unstable_housing;
	const char *decline_reason;  /* only when declined; never required */
	int64_t updated_at;          /* set by Passage: the last save, and who made it */
	int64_t updated_by;
	int64_t version;
	char *store;
};

/* A new screening, version 1: sets r->id, r->at (when 0), r->by_user,
 * r->updated_at, r->updated_by and r->version.  Needs write access to the
 * person (admins never). */
int screening_record(struct session *s, struct screening *r);

/* Saves every field of r over screening r->id if it is still at
 * r->version; it then is at r->version + 1.  The person cannot change;
 * r->at 0 keeps the time it was done. */
int screening_update(struct session *s, const struct screening *r);

/* The person's screenings, oldest first, into a new array (free it with
 * screening_list_free).  Needs view access; audited as a view. */
int screening_list(struct session *s, int64_t person_id, struct screening **rows, int *n);
void screening_list_free(struct screening *rows, int n);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const screening_screens; /* oud_screen */
extern const char *const *const screening_results; /* oud_result */
extern const char *const *const screening_medications; /* moud_at_entry */

#endif
