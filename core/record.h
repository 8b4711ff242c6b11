/* SPDX-License-Identifier: ISC */
/*
 * record.h - what the case-record modules (screening, education,
 * naloxone, provider, referral, note, consent) have in common, so each of
 * them says only what is its own.  The older modules (person, stay, task,
 * contact, access, queue, search) use its SQL helpers too.
 *
 *   binding    optional values: empty text, id 0 and "not asked" are NULL;
 *              required text as given
 *   reading    text columns copied into one block per row, or one column
 *              into a buffer of fixed size; lists that grow
 *   who        admins never write case records; everyone else as access.h
 *   checks     yes/no/not asked; instants not in the future; local dates
 *              and times in the site's zone
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

#include "session.h"

/* A yes/no question that may not have been asked.  Zero is "not asked",
 * so a field the caller left alone says nothing rather than "no".  Stored
 * as NULL, 0 and 1. */
enum yn { YN_NOT_ASKED = 0, YN_NO, YN_YES };

/* ---------------------------------------------------------------- SQL */

/* The bind helpers keep the first failure in rc (start with SQLITE_OK),
 * so a run of binds needs one check: record_finish does it. */
int record_bind_text(sqlite3_stmt *st, int i, const char *t, int rc); /* NULL, "": NULL */
/* t as given ("" stays ""): for text already checked to be there. */
int record_bind_str(sqlite3_stmt *st, int i, const char *t, int rc);
int record_bind_int(sqlite3_stmt *st, int i, int64_t v, int rc);
int record_bind_id(sqlite3_stmt *st, int i, int64_t v, int rc);       /* 0: NULL */
int record_bind_yn(sqlite3_stmt *st, int i, enum yn v, int rc);
enum yn record_col_yn(sqlite3_stmt *st, int col);
/* Column col as text into out (n bytes, cut as snprintf cuts); NULL: "". */
void record_col_copy(sqlite3_stmt *st, int col, char *out, size_t n);

int record_prep(struct session *s, const char *sql, sqlite3_stmt **st);
/* Steps a statement that returns no rows (if rc is SQLITE_OK) and
 * finalizes it: 0 or -1. */
int record_finish(struct session *s, sqlite3_stmt *st, int rc);
/* record_finish for an INSERT; *id is the new row's id. */
int record_insert(struct session *s, sqlite3_stmt *st, int rc, int64_t *id);
/* One integer from a query with up to two integer parameters; *found is
 * 0 when there is no row or the value is NULL (found may be NULL). */
int record_query_i64(struct session *s, const char *sql, int64_t a, int64_t b, int64_t *out,
                     int *found);
/* The same with one text parameter (a name, a participant code). */
int record_query_text_i64(struct session *s, const char *sql, const char *text, int64_t *out,
                          int *found);

/* Copies n text columns of the current row, starting at column first,
 * into one block *store and points *fields[i] at each (NULL stays NULL):
 * a record is freed with one free(*store). */
int record_copy_text(struct session *s, sqlite3_stmt *st, int first, const char **const *fields,
                     int n, char **store);

/* Steps st (if rc is SQLITE_OK: the result of its binds) to the end and
 * calls fill for each row, growing *rows (an array of elements of size
 * bytes, zeroed before fill) by one each time.  On failure the rows read
 * so far stay in *rows and *n for the caller's free function.  Finalizes
 * st. */
int record_list(struct session *s, sqlite3_stmt *st, int rc, size_t size,
                int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void **rows,
                int *n);
/* The same for one row, into out (zeroed first): -1 with "no such WHAT"
 * when there is none. */
int record_get(struct session *s, sqlite3_stmt *st, int rc,
               int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void *out,
               size_t size, const char *what);

/* A list of a person's rows, as a view: in one transaction, checks view
 * access to person_id, runs sql (?1 is param, ?2 param2) into an array as
 * record_list does, and adds one "view" audit row (entity, detail).  On
 * failure *rows is NULL and *n 0: what was read is released with
 * free_rows. */
struct record_view {
	int64_t person_id;
	const char *sql;
	int64_t param, param2;
	const char *entity, *detail;
	size_t size;
	int (*fill)(struct session *s, sqlite3_stmt *st, void *row);
	void (*free_rows)(void *rows, int n);
};

int record_view_list(struct session *s, const struct record_view *v, void **rows, int *n);

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

/* ---------------------------------------------------------------- checks, times */

/* v is one of the three answers; otherwise "FIELD: answer yes, no or not
 * asked". */
int record_check_yn(struct session *s, const char *field, enum yn v);
/* *t 0 means now; otherwise a possible instant, not in the future (the
 * terminals' clocks may drift by TASK_CLOCK_SKEW). */
int record_check_past(struct session *s, const char *field, int64_t *t);
/* t as YYYY-MM-DD, and as YYYY-MM-DD HH:MM, in the site's time zone. */
void record_local_date(struct session *s, int64_t t, char out[11]);
const char *record_local_time(struct session *s, int64_t t, char *out, size_t n);

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
