/* SPDX-License-Identifier: ISC */
/*
 * task.h - follow-up work with a due time and a window: the clocks.
 *
 * Recording a release (stay.c) starts the clocks of that stay:
 *
 *   contact_48h  due clock.contact_hours (48) real hours after release,
 *                window [release, due]
 *   followup     one per day N of clock.followup_days (7,14,30,90): due the
 *                same local clock time N calendar days after release in the
 *                site's zone (zone.h), window N +/- clock.window_days (3)
 *                calendar days, never before the release; checkpoint = N
 *
 * A task closes as
 *   done       a contact whose outcome is 'reached' (contact.c): the
 *              earliest overdue open task (its window ended before the
 *              contact), done late (closed_at > window_end); with none
 *              overdue, the earliest whose window holds the contact, done
 *              on time.  closed_at is the contact's own time
 *   declined   the person's own choice: a 'declined' contact, closure as
 *              declined_contact, or task_decline.  A complete outcome that
 *              stops reminders, counted apart from work that was missed
 *   cancelled  the clock no longer applies: back in custody (a new booking,
 *              or closure as reincarcerated), deceased, moved, and any
 *              other closure of the case
 * An open task past its window is "missed" in reports; it stays open (and
 * on the queues) until someone records what happened.
 */
#ifndef PASSAGE_TASK_H
#define PASSAGE_TASK_H

#include <stdint.h>

#include "session.h"
#include "task_clock.h"
#include "zone.h"

struct task_row {
	int64_t id, person_id, stay_id; /* stay_id 0: none */
	char kind[16];                  /* contact_48h followup other */
	int checkpoint;                 /* followup: the day; otherwise 0 */
	int64_t due_at, window_start, window_end;
	char status[12];                /* open done declined cancelled */
	int64_t closed_at, closed_by, contact_id; /* 0 while open */
	int64_t version;
};

/* What a person's case closure does to their open tasks: declined_contact
 * closes them as declined; every other reason (reincarcerated, deceased,
 * moved, goal_met, other) cancels them, since a closed case is on no
 * queue (task.c says why).
 * Runs inside the caller's write transaction when there is one (person.c's
 * closure), or in its own.  *closed (may be NULL): how many tasks closed. */
int task_on_closure(struct session *s, int64_t person_id, const char *reason, int *closed);
/* Reopening a case by hand gives back what its latest closing cancelled
 * (a death reported for someone else, a move that did not happen): those
 * tasks open again, overdue ones overdue, each audited.  Follow-ups a
 * "declined further contact" closing declined stay declined: that was the
 * person's answer.  Inside the caller's write transaction (person.c's
 * reopening).  *reopened (may be NULL): how many. */
int task_on_reopen(struct session *s, int64_t person_id, int *reopened);
/* The status task_on_closure gives open tasks for reason: "declined",
 * "cancelled", or NULL for a reason it does not know. */
const char *task_closure_status(const char *reason);

/* The person says no to this one task: it closes as declined.  The reason
 * is optional and never required; it is kept in the audit log (the task
 * table has no column for it).  One transaction. */
int task_decline(struct session *s, int64_t task_id, const char *reason);

/* The person's tasks, earliest due first, up to max.  Needs view access. */
int task_list_for_person(struct session *s, int64_t person_id, struct task_row *rows, int max,
                         int *n);

/* ---- for stay.c and contact.c, inside the caller's write transaction ---- */

/* Creates the clocks of a stay released at released_at, then lets
 * contacts already recorded since the release close them. */
int task_clocks_start(struct session *s, int64_t person_id, int64_t stay_id, int64_t released_at);

/* The release time of a stay was corrected: moves its open clock tasks to
 * the new time (each keeps its length and checkpoint); tasks already
 * done, declined or cancelled stay as they were.  *moved may be NULL. */
int task_clocks_move(struct session *s, int64_t person_id, int64_t stay_id, int64_t released_at,
                     int *moved);

/* A contact at `at` with outcome 'reached': closes as done the open task
 * task_answered picks; closed_at = at, so a contact typed in later counts
 * when it happened.  *task_id: the task, or 0 for none (nothing open, or
 * at is before every open window). */
int task_close_by_contact(struct session *s, int64_t person_id, int64_t contact_id, int64_t at,
                          int64_t *task_id);

/* A contact at `at` answers the task the caseworker chose (contact.c):
 * closes it as status, "done" (reached: done late, *late set, if at is
 * after its window) or "declined", at the contact's own time.  Refused
 * with a sentence when the task is not the person's, is no longer open,
 * or (done) its window has not opened by at. */
int task_close_chosen(struct session *s, int64_t person_id, int64_t task_id, int64_t contact_id,
                      int64_t at, const char *status, int *late);

/* Closes every open task of the person as status ("declined" or
 * "cancelled").  except_stay > 0: only tasks of other stays (a new booking
 * cancels the clocks of the earlier ones and keeps tasks not tied to a
 * stay).  contact_id 0: none.  closed_at: when it happened. */
int task_close_all(struct session *s, int64_t person_id, const char *status, int64_t except_stay,
                   int64_t contact_id, int64_t closed_at, const char *why, int *closed);

#endif
