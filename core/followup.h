/* SPDX-License-Identifier: ISC */
/*
 * followup.h - the follow-up audit: are follow-ups happening on time, who
 * is falling behind, and which people slipped through.  Supervisors only;
 * anyone else is refused with a sentence.
 *
 * It counts a cohort: the follow-up tasks (task.h: the kinds contact_48h
 * and followup, never 'other') whose due_at falls in the period, whole
 * local days [start, end) (period.h).  The numbers answer "of the
 * follow-ups due in these days, how many were done on time, done late,
 * declined, are overdue, or still have time".  A task belongs to the
 * caseworker the person has *now* (a copy of person.caseworker_id kept on
 * each task, schema/0005), so a reassigned caseload moves its history
 * with it; people with no caseworker have a row of their own.  "now" is
 * session_now.
 *
 *   open        status open and window_end >= now: there is still time
 *   due today   open (as above) and due_at on the local day that holds
 *               now: a part of open, never of overdue (a 48-hour contact
 *               due at 08:00 is overdue at 09:00, not due today)
 *   overdue     status open and window_end < now: the window in which a
 *               contact closes the task has passed
 *   on time     status done and closed_at <= window_end
 *   late        status done and closed_at > window_end
 *   declined    status declined: the person's choice, a complete outcome,
 *               counted apart and never as a failure
 *   cancelled   (back in custody, deceased, moved) counted nowhere: the
 *               clock no longer applied, so it is neither done nor missed
 *
 * open + overdue + on time + late + declined + cancelled is every such
 * task due in the period, each in exactly one; due today is a part of
 * open.  open and overdue are as things stand now, so an earlier period's
 * numbers still change while its tasks are open.
 *
 * facility_id (0: all) is the facility of the stay whose release started
 * the task's clock.  Filtering by it reads that stay for each task, so it
 * is slower than the whole program's counts.
 */
#ifndef PASSAGE_FOLLOWUP_H
#define PASSAGE_FOLLOWUP_H

#include <stdint.h>

#include "period.h"
#include "session.h"

/* Who a row or a drill-down is about, besides a user id: everyone (the
 * total row), or the people with no caseworker.  A row's caseworker_id
 * is what followup_overdue takes. */
#define FOLLOWUP_EVERYONE 0
#define FOLLOWUP_NOBODY (-1)

struct followup_row {
	int64_t caseworker_id;  /* a user; FOLLOWUP_NOBODY; FOLLOWUP_EVERYONE: the total */
	char name[121];         /* display name; "(no caseworker)"; "Total" */
	int active;             /* the user may log in and hold a caseload */
	int64_t open, due_today, overdue, on_time, late, declined;
};

/* One row per active caseworker and supervisor (with or without work),
 * one per other user who still has counts (a caseworker disabled with
 * a caseload is exactly what the audit is for), the people with no
 * caseworker when they have any counts, then the total:
 * by name, the total last.  free(*rows). */
int followup_audit(struct session *s, const struct period *p, int64_t facility_id,
                     struct followup_row **rows, int *n);

/* An overdue item, for the drill-down. */
struct followup_item {
	int64_t task_id, person_id, person_version, caseworker_id;
	char code[132];          /* participant code */
	char name[256];          /* preferred name, else legal name, else the code */
	char what[40];           /* "48-hour contact", "day 7 follow-up" */
	int64_t due_at, window_end;
	int64_t age;             /* seconds since the window ended (now - window_end) */
	/* The latest contact attempt since the release that started the
	 * clock (any outcome); attempt_at 0: none yet. */
	int64_t attempt_at;
	char channel[16], outcome[16];
	char attempt_by[121];    /* display name */
};

/* The overdue items (as above: due in the period p, still open, the
 * window ended before now) of caseworker_id's people (or
 * FOLLOWUP_EVERYONE's, FOLLOWUP_NOBODY's), most overdue first (the window
 * that ended longest ago), at most limit.  facility_id as
 * followup_audit.  A list of people is a view of their names: one audit
 * row says which list was read (never the people in it).  free(*rows). */
int followup_overdue(struct session *s, const struct period *p, int64_t caseworker_id,
                     int64_t facility_id, int limit, struct followup_item **rows, int *n);

/* The users a person or a caseload may be given to: active caseworkers
 * and supervisors, by display name.  free(*rows). */
struct followup_user {
	int64_t id;
	char name[121];
	enum role role;
};
int followup_caseworkers(struct session *s, struct followup_user **rows, int *n);

/* How many open cases (people) caseworker_id has (FOLLOWUP_NOBODY: open
 * cases with no caseworker): what a reassignment of the caseload moves. */
int followup_caseload(struct session *s, int64_t caseworker_id, int64_t *n);

/* Gives every open case of from (FOLLOWUP_NOBODY: the people with no
 * caseworker) to to, an active caseworker or supervisor, in one
 * transaction: each person's version goes up by one and each gets a
 * "reassign" audit row (so their own trail shows it), and one
 * "reassign_all" row sums it up.  Refused, with nothing written, when
 * from is to, to is not an active caseworker or supervisor, or from has
 * no open case.  *moved (may be NULL): how many people moved. */
int followup_reassign_all(struct session *s, int64_t from, int64_t to, int *moved);

#endif
