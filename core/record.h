/* SPDX-License-Identifier: ISC */
/*
 * record.h - what the case-record modules (screening, education,
 * naloxone, provider, referral, note, consent) have in common, so each of
 * them says only what is its own.  The older modules (person, stay, task,
 * contact, queue, search) use it too.  The SQL mechanics are sql.h's.
 *
 *   views      a person's rows read with the view check and one audit row
 *   who        admins never write case records; everyone else as access.h
 *   conflicts  "changed by NAME at TIME since you opened it", from the
 *              row's updated_by and updated_at
 *   audit      the names of the fields given or changed (and, where the
 *              queues count it, a status), never what the fields say
 *
 * Input is checked with check.h; nothing here accepts or refuses text.
 */
#ifndef PASSAGE_RECORD_H
#define PASSAGE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "sql.h"

/* A list of a person's rows, as a view: in one transaction, checks view
 * access to person_id, runs sql (?1 is param, ?2 param2) into an array as
 * sql_list does, and adds one "view" audit row (entity, entity_id: 0 for
 * a list, the row's id for one record read whole, and detail).  On
 * failure *rows is NULL and *n 0: what was read is released with
 * free_rows. */
struct record_view {
	int64_t person_id;
	const char *sql;
	int64_t param, param2;
	const char *entity, *detail;
	int64_t entity_id;
	size_t size;
	int (*fill)(struct session *s, sqlite3_stmt *st, void *row);
	void (*free_rows)(void *rows, int n);
};

int record_view_list(struct session *s, const struct record_view *v, void **rows, int *n);

/* A whole record read as one view: one transaction, one access check,
 * one "view" audit row (entity "person", detail) once fn has returned 0.
 * The reads fn makes of this person's record (record_view_list,
 * person_get, task_list_for_person) join in, adding no check and no
 * row of their own; fn must not change anything.  A screen opening a
 * person calls this once, and again only after a save. */
int record_view_person(struct session *s, int64_t person_id, const char *detail,
                       int (*fn)(struct session *, void *), void *arg);
/* Nonzero inside record_view_person for person_id. */
int record_in_view(const struct session *s, int64_t person_id);

/* ---------------------------------------------------------------- who */

/* 0 if the acting user may add to or change person_id's records: admins
 * never (they see no case records, break-the-glass opens them to view
 * only), everyone else as access_person allows. */
int record_may_write(struct session *s, int64_t person_id);
/* stay_id 0, or one of person_id's stays; *released_at (may be NULL) is
 * that stay's release, 0 while in custody or with no stay. */
int record_check_stay(struct session *s, int64_t person_id, int64_t stay_id,
                      int64_t *released_at);
/* The person's last activity moves forward to at.  Their version is left
 * alone: nobody editing their details is told someone else changed them. */
int record_touch(struct session *s, int64_t person_id, int64_t at);

/* ---------------------------------------------------------------- change */

/* The refusal for a stale version: "this WHAT was changed by NAME at TIME
 * since you opened it: nothing was saved; open it again to see the
 * change".  Returns -1.  by is the user who saved last, at when: the
 * row's own updated_by and updated_at (a note's latest version's). */
int record_conflict(struct session *s, const char *what, int64_t by, int64_t at);

/* The audit detail of a create or an update: "LEAD: name, name" for the
 * fields that were given or that differ, or "nothing LEAD" (n says how
 * many were named, for callers that want the lead alone instead). */
struct record_diff {
	char text[400];
	size_t at;
	const char *lead;
	int n;
};

void record_diff_start(struct record_diff *d, const char *lead);
void record_diff_text(struct record_diff *d, const char *name, const char *was, const char *now);
void record_diff_int(struct record_diff *d, const char *name, int64_t was, int64_t now);
const char *record_diff_end(struct record_diff *d);
/* a and b say the same (NULL and "" are the same: nothing). */
int record_same(const char *a, const char *b);

#endif
