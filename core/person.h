/* SPDX-License-Identifier: ISC */
/*
 * person.h - the person record: who someone is, how to reach them, who
 * works with them and what they want for themselves.
 *
 * A person is known by a participant code, which is enough to work with:
 * every other field is optional, because we collect the minimum.  Their
 * goals are kept in their own words.
 *
 * No silent overwrite: a change names the version it was read at, and is
 * refused with who changed the record, and when, if anyone else saved it
 * in between.  Every create, view, change, closure and reassignment is in
 * the audit log, inside the same transaction as the change itself.
 */
#ifndef PASSAGE_PERSON_H
#define PASSAGE_PERSON_H

#include <stdint.h>

#include "session.h"

/* One row of the person table.  Text fields are NULL (or "") when not
 * given.  A record filled by the caller points at the caller's strings;
 * one filled by person_get points into store, which person_free releases. */
struct person {
	int64_t id;
	const char *participant_code; /* required, 1 to 32 characters */
	const char *legal_name;
	const char *preferred_name;
	const char *pronouns;
	const char *birth_date;       /* YYYY-MM-DD */
	const char *phone;
	const char *email;
	const char *address;          /* may span lines */
	const char *contact_way;      /* phone text email in_person through_someone other */
	const char *contact_time;     /* the best time to reach them, in words */
	int64_t caseworker_id;        /* 0: nobody yet */
	const char *goals;            /* their own words; may span lines */
	const char *status;           /* "open" or "closed": set by Passage */
	const char *closure_reason;   /* set by person_close only */
	const char *closure_note;
	int64_t last_activity_at;
	int64_t created_at;
	int64_t updated_at;
	int64_t updated_by;
	int64_t version;
	char *store;                  /* person_get's copy of the text */
};

/* Releases what person_get allocated; safe on a record the caller built. */
void person_free(struct person *p);

/* A new record, open, version 1.  Health staff, caseworkers and
 * supervisors may create one; a caseworker who names no caseworker
 * becomes the person's caseworker.  Sets p->id, p->version, the times,
 * updated_by, status and caseworker_id. */
int person_create(struct session *s, struct person *p);

/* Reads the record into out (free it with person_free) and records the
 * view in the audit log.  Needs view access (see access.h). */
int person_get(struct session *s, int64_t id, struct person *out);

/* The whole record read as one view: fn reads it through person_get and
 * the list calls of each part (stays, tasks, notes, ...), all in one
 * transaction after one access check, and the audit log gets one "view"
 * row for the lot.  fn must not change anything.  See
 * record_view_person. */
int person_view(struct session *s, int64_t id, int (*fn)(struct session *, void *), void *arg);

/* Saves the descriptive fields of p (code, names, pronouns, birth date,
 * contact details, goals) if the record is still at p->version; on success
 * its version is p->version + 1.  The caseworker changes only through
 * person_reassign and the status only through person_close and
 * person_reopen: a p that differs from the record in either is refused. */
int person_update(struct session *s, const struct person *p);

/* Closes the case at the version read (reason: goal_met, declined_contact,
 * moved, reincarcerated, deceased, other; note optional) as of at, when it
 * happened (0: now; not in the future, not before the case was opened).
 * In the same transaction the open tasks close as task_on_closure says
 * and the closing goes into the case's history (case_event.h).  A closed
 * case is refused. */
int person_close_at(struct session *s, int64_t id, int64_t version, const char *reason,
                    const char *note, int64_t at);
/* person_close_at as of now. */
int person_close(struct session *s, int64_t id, int64_t version, const char *reason,
                 const char *note);

/* Opens a closed case again at the version read, with the reason in a
 * short sentence (PERSON_REOPEN_MIN characters, two words): audited and
 * kept in the case's history.  Tasks closed by the closure stay closed.
 * An open case is refused. */
#define PERSON_REOPEN_MIN 10
int person_reopen(struct session *s, int64_t id, int64_t version, const char *reason);
/* For stay.c, inside its write transaction: a new booking of a person
 * whose case is closed opens it again (history and audit say so); an open
 * case is left alone. */
int person_reopen_booked(struct session *s, int64_t id, int64_t stay_id, int64_t booked_at);

/* Supervisors only: gives the person to another caseworker (an active
 * caseworker or supervisor). */
int person_reassign(struct session *s, int64_t id, int64_t version, int64_t caseworker_id);
/* 0 if user_id may hold a caseload (an active caseworker or supervisor);
 * otherwise -1 with "caseworker: ..." in s->err. */
int person_check_caseworker(struct session *s, int64_t user_id);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const person_contact_ways; /* contact_way */
extern const char *const *const person_closure_reasons; /* closure_reason */

#endif
