/* SPDX-License-Identifier: ISC */
/*
 * roster_review.h - "roster: needs a look": the jail's roster rows the
 * import could not link to anyone on strong evidence (roster_import.h),
 * and what a person decides about each: link it to one of our people,
 * add a new person from it, or dismiss it.
 *
 * Who: health staff and supervisors, who see everyone in custody.  Not
 * caseworkers: the list names people booked into the jail who are on
 * nobody's caseload yet, and the people who might be them, names a
 * caseworker could not search for.
 *
 * Linking (and adding) records what the import records for a strong
 * match: the booking, its release with how precisely its time is known,
 * the expected date, and the jail's ids in the crosswalk, so that the
 * next import finds the person by id.  Other rows still waiting with the
 * same booking number or the same jail person id are the same person:
 * they are linked (or dismissed) with it.  One write transaction, the
 * model's own rules, audit rows; a row someone else resolved in between
 * is refused with who and when, and nothing changes.
 */
#ifndef PASSAGE_ROSTER_REVIEW_H
#define PASSAGE_ROSTER_REVIEW_H

#include <stdint.h>

#include "person.h"
#include "roster_match.h"
#include "session.h"
#include "zone.h"

struct roster_look_cand {
	int64_t person_id;
	char code[40];   /* participant code */
	char name[200];  /* legal name, or preferred name */
	char birth[16];  /* "" not known */
};

/* One row waiting for a look. */
struct roster_look {
	int64_t id;
	char profile[208];
	int line;
	char jail_id[64], booking[64];
	char last[96], first[96], middle[96];
	char birth[16];          /* YYYY-MM-DD, YYYY or "" */
	int64_t booked_at;       /* 0: no booking date */
	int booked_date_only;    /* booked_at is the start of a day in zone */
	int64_t released_at;     /* 0: none given */
	int in_custody, transfer, date_only;
	int64_t expected_at;     /* 0: none given */
	int expected_date_only;  /* expected_at is the start of a day in zone */
	int64_t imported_at;     /* when the import that read it ran */
	int64_t seen_import;     /* the last import that saw it */
	char zone[ZONE_NAME_MAX]; /* the jail's clock its dates were read in,
	                           * "" for an import that did not keep it */
	struct roster_look_cand cand[ROSTER_CANDIDATES_MAX];
	int ncand;
};

/* How many rows wait, and (released, may be NULL) how many of them the
 * jail says were released (not transferred): those people are out and
 * their 48-hour clock runs.  0 for a role that does not see them. */
int roster_review_count(struct session *s, int64_t *n, int64_t *released);

/* The rows waiting (free(*rows)): first those the jail says were
 * released, the earliest release first (a release with no date first of
 * all), then the rest, the oldest booking first.  Health staff and
 * supervisors only. */
int roster_review_list(struct session *s, struct roster_look **rows, int *n);

/* Links row id to person_id (a candidate, or anyone found by search). */
int roster_review_link(struct session *s, int64_t id, int64_t person_id);

/* The same for the person with this participant code. */
int roster_review_link_code(struct session *s, int64_t id, const char *code);

/* Adds p (person_create's rules; p->id set) and links row id to them. */
int roster_review_add(struct session *s, int64_t id, struct person *p);

/* Not one of our people (why: optional, up to 400 characters): the row
 * leaves the list, and the roster's bookings of it are not recorded. */
int roster_review_dismiss(struct session *s, int64_t id, const char *why);

/* The row's name as people write it, "First Middle Last", into out. */
const char *roster_look_name(const struct roster_look *r, char *out, size_t n);

#endif
