/* SPDX-License-Identifier: ISC */
/*
 * task.c - the follow-up clocks and the closing of tasks (see task.h).
 *
 * Everything that changes a task changes it here, so the rules about what
 * closes what live in one file: stay.c asks for clocks when a release is
 * recorded or corrected, contact.c hands over contacts, person closure and
 * the task screen call the rest.  Each changed task adds its own audit row,
 * so "who closed this, and why" is a question the log answers per task.
 *
 * Clock settings are read when the clocks start (task_clock.c).
 */
#include "task.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "record.h"
#include "sql_keep.h"
#include "vocab.h"
#include "zone.h"

#define DAY 86400
#define CLOCK_MAX TASK_FOLLOWUPS_MAX

/* ---------------------------------------------------------------- helpers */

static int64_t
round_days(int64_t seconds)
{
	return (seconds + (seconds >= 0 ? DAY / 2 : -DAY / 2)) / DAY;
}

static const char *
kind_words(const char *kind)
{
	if (strcmp(kind, "contact_48h") == 0)
		return "first contact";
	if (strcmp(kind, "followup") == 0)
		return "follow-up";
	return "task";
}

/* ---------------------------------------------------------------- creating */

static int
insert_task(struct session *s, int64_t person_id, int64_t stay_id, const char *kind,
            int checkpoint, int64_t due, int64_t start, int64_t end)
{
	sqlite3_stmt *st;
	char detail[120];
	int64_t id;
	int rc;

	/* With the person's caseworker already, as task_caseworker_insert
	 * (schema/0005) would set it: the trigger, which still owns the
	 * column, then has nothing to update and each index is written once. */
	if (sql_prep_kept(s, "INSERT INTO task (person_id, stay_id, kind, checkpoint, due_at, "
	             "window_start, window_end, caseworker_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	             "?7, (SELECT caseworker_id FROM person WHERE id = ?1))", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, stay_id, rc);
	rc = sql_bind_str(st, 3, kind, rc);
	rc = sql_bind_id(st, 4, checkpoint, rc); /* 0, the first contact: NULL */
	rc = sql_bind_int(st, 5, due, rc);
	rc = sql_bind_int(st, 6, start, rc);
	rc = sql_bind_int(st, 7, end, rc);
	if (sql_insert(s, st, rc, &id) != 0)
		return -1;
	if (checkpoint)
		snprintf(detail, sizeof detail, "clock started: day %d %s", checkpoint,
		         kind_words(kind));
	else
		snprintf(detail, sizeof detail, "clock started: %s", kind_words(kind));
	return audit_log(s, "create", "task", id, person_id, detail);
}

static int apply_contacts(struct session *s, int64_t person_id, int64_t since);

int
task_clocks_start(struct session *s, int64_t person_id, int64_t stay_id, int64_t released_at)
{
	struct task_clock_cfg c;
	struct task_clock t[TASK_CLOCKS_MAX];
	int n;

	assert(db_in_write(s->db));
	/* An unknown zone gives UTC: the clocks start all the same. */
	(void)task_clock_settings_kept(s, &c);
	n = task_clock_times(&c, released_at, t);
	for (int i = 0; i < n; i++)
		if (insert_task(s, person_id, stay_id, t[i].kind, t[i].checkpoint, t[i].due,
		                t[i].start, t[i].end) != 0)
			return -1;
	return apply_contacts(s, person_id, released_at);
}

/* ---------------------------------------------------------------- moving */

struct open_clock {
	int64_t id, due, start, end;
	int contact_48h, checkpoint;
};

static int
move_one(struct session *s, int64_t person_id, const char *zone, const struct open_clock *o,
         int64_t released_at)
{
	int64_t due, start, end, at[3];
	sqlite3_stmt *st;
	int rc;

	if (o->contact_48h) {
		/* Keeps the length it was made with, in real hours. */
		start = released_at;
		due = released_at + (o->due - o->start);
		end = due + (o->end - o->due);
	} else {
		int days = o->checkpoint, w = (int)round_days(o->end - o->due);
		task_followup_times(zone, released_at, &days, &w, 1, at);
		due = at[0], start = at[1], end = at[2];
	}
	if (sql_prep(s, "UPDATE task SET due_at = ?1, window_start = ?2, window_end = ?3, "
	             "version = version + 1 WHERE id = ?4 AND status = 'open'", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, due, SQLITE_OK);
	rc = sql_bind_int(st, 2, start, rc);
	rc = sql_bind_int(st, 3, end, rc);
	rc = sql_bind_int(st, 4, o->id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	return audit_log(s, "update", "task", o->id, person_id,
	                 "moved with the corrected release time");
}

int
task_clocks_move(struct session *s, int64_t person_id, int64_t stay_id, int64_t released_at,
                 int *moved)
{
	struct open_clock o[3 * CLOCK_MAX];
	char zone[ZONE_NAME_MAX];
	sqlite3_stmt *st;
	int n = 0, rc;

	assert(db_in_write(s->db));
	if (moved)
		*moved = 0;
	/* Through task_person: the table has no index on stay_id. */
	if (sql_prep(s, "SELECT id, due_at, window_start, window_end, kind = 'contact_48h', "
	             "coalesce(checkpoint, 0) FROM task WHERE person_id = ?1 AND stay_id = ?2 "
	             "AND status = 'open' AND kind IN ('contact_48h', 'followup') "
	             "ORDER BY due_at, id", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, stay_id, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW && n < 3 * CLOCK_MAX) {
		o[n].id = sqlite3_column_int64(st, 0);
		o[n].due = sqlite3_column_int64(st, 1);
		o[n].start = sqlite3_column_int64(st, 2);
		o[n].end = sqlite3_column_int64(st, 3);
		o[n].contact_48h = sqlite3_column_int(st, 4);
		o[n].checkpoint = sqlite3_column_int(st, 5);
		n++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(s->db, rc);
	zone_site(s->db, zone);
	for (int i = 0; i < n; i++) {
		/* A follow-up with no checkpoint was not made by a clock. */
		if (!o[i].contact_48h && o[i].checkpoint <= 0)
			continue;
		if (move_one(s, person_id, zone, &o[i], released_at) != 0)
			return -1;
		if (moved)
			++*moved;
	}
	return apply_contacts(s, person_id, released_at);
}

/* ---------------------------------------------------------------- closing */

static int close_one(struct session *s, int64_t person_id, int64_t id, const char *status,
                     int64_t contact_id, int64_t closed_at, const char *why);

int
task_close_by_contact(struct session *s, int64_t person_id, int64_t contact_id, int64_t at,
                      int64_t *task_id)
{
	struct task_clock open[3 * CLOCK_MAX];
	int64_t ids[3 * CLOCK_MAX];
	sqlite3_stmt *st;
	char why[120];
	int n = 0, i, rc;

	assert(db_in_write(s->db));
	*task_id = 0;
	/* A window never opens before its release, so a contact from before
	 * the release finds nothing here.  More open tasks than a release
	 * makes are left for the next contact. */
	if (sql_prep(s, "SELECT id, kind, coalesce(checkpoint, 0), due_at, window_start, "
	             "window_end FROM task WHERE person_id = ?1 AND status = 'open' AND "
	             "window_start <= ?2 ORDER BY due_at, id LIMIT ?3", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, at, rc);
	rc = sql_bind_int(st, 3, 3 * CLOCK_MAX, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		sql_col_copy(st, 1, open[n].kind, sizeof open[n].kind);
		open[n].checkpoint = sqlite3_column_int(st, 2);
		open[n].due = sqlite3_column_int64(st, 3);
		open[n].start = sqlite3_column_int64(st, 4);
		open[n].end = sqlite3_column_int64(st, 5);
		n++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK)
		return db_fail(s->db, rc);
	if ((i = task_answered(open, n, at)) < 0)
		return 0;
	snprintf(why, sizeof why, "%s reached%s (contact %lld)", kind_words(open[i].kind),
	         open[i].end < at ? " late" : "", (long long)contact_id);
	*task_id = ids[i];
	return close_one(s, person_id, ids[i], "done", contact_id, at, why);
}

/* The task a caseworker chose for a contact: the person's own, still open,
 * and for "done" already in its window (a contact before the window
 * opens answers nothing yet).  Declining needs no window: a person may
 * say no to the day 90 follow-up on day 5. */
int
task_close_chosen(struct session *s, int64_t person_id, int64_t task_id, int64_t contact_id,
                  int64_t at, const char *status, int *late)
{
	sqlite3_stmt *st;
	char kind[16] = "", now[12] = "", why[120];
	int64_t start = 0, end = 0;
	int rc;

	assert(db_in_write(s->db));
	*late = 0;
	if (sql_prep(s, "SELECT kind, status, window_start, window_end FROM task "
	             "WHERE id = ?1 AND person_id = ?2", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, task_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, person_id, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sql_col_copy(st, 0, kind, sizeof kind);
		sql_col_copy(st, 1, now, sizeof now);
		start = sqlite3_column_int64(st, 2);
		end = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "task: this person has no such task; nothing was saved");
	if (rc != SQLITE_ROW)
		return db_fail(s->db, rc);
	if (strcmp(now, "open") != 0)
		return session_fail(s, "task: the %s is already closed (%s); nothing was saved",
		                    vocab_label(VOCAB_TASK_KIND, kind),
		                    vocab_label(VOCAB_TASK_STATUS, now));
	if (strcmp(status, "done") == 0 && at < start)
		return session_fail(s, "contact time: it is before the %s's window opens; nothing "
		                    "was saved", vocab_label(VOCAB_TASK_KIND, kind));
	*late = strcmp(status, "done") == 0 && at > end;
	snprintf(why, sizeof why, "%s %s%s (contact %lld)", kind_words(kind),
	         strcmp(status, "done") == 0 ? "reached" : "declined", *late ? " late" : "",
	         (long long)contact_id);
	return close_one(s, person_id, task_id, status, contact_id, at, why);
}

static int
close_one(struct session *s, int64_t person_id, int64_t id, const char *status,
          int64_t contact_id, int64_t closed_at, const char *why)
{
	sqlite3_stmt *st;
	char detail[200];
	int rc;

	if (sql_prep(s, "UPDATE task SET status = ?1, closed_at = ?2, closed_by = ?3, "
	             "contact_id = ?4, version = version + 1 WHERE id = ?5 AND status = 'open'",
	             &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, status, SQLITE_OK);
	rc = sql_bind_int(st, 2, closed_at, rc);
	rc = sql_bind_id(st, 3, s->user_id, rc);
	rc = sql_bind_id(st, 4, contact_id, rc);
	rc = sql_bind_int(st, 5, id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	snprintf(detail, sizeof detail, "%s: %s", status, why);
	return audit_log(s, "update", "task", id, person_id, detail);
}

int
task_close_all(struct session *s, int64_t person_id, const char *status, int64_t except_stay,
               int64_t contact_id, int64_t closed_at, const char *why, int *closed)
{
	if (closed)
		*closed = 0;
	/* One at a time: the statement never reads the rows it is changing. */
	for (;;) {
		int64_t id;
		int found;
		if (sql_query_i64(s, "SELECT id FROM task WHERE person_id = ?1 AND "
		                  "status = 'open' AND (?2 = 0 OR (stay_id IS NOT NULL AND "
		                  "stay_id <> ?2)) ORDER BY due_at, id LIMIT 1", person_id,
		                  except_stay, &id, &found) != 0)
			return -1;
		if (!found)
			return 0;
		if (close_one(s, person_id, id, status, contact_id, closed_at, why) != 0)
			return -1;
		if (closed)
			++*closed;
	}
}

/* Contacts recorded since `since` that have not closed anything yet get
 * their say over the tasks now open: a release recorded (or corrected)
 * after the caseworker already reached the person must not leave the
 * first contact showing as overdue. */
static int
apply_contacts(struct session *s, int64_t person_id, int64_t since)
{
	int64_t last_at = since - 1, last_id = 0, id, at, task;
	sqlite3_stmt *st;
	int rc, declined;

	for (;;) {
		if (sql_prep_kept(s, "SELECT c.id, c.at, c.outcome = 'declined' FROM contact c "
		             "WHERE c.person_id = ?1 AND c.at >= ?2 AND (c.at, c.id) > (?3, ?4) "
		             "AND c.outcome IN ('reached', 'declined') AND NOT EXISTS (SELECT 1 "
		             "FROM task t WHERE t.person_id = ?1 AND t.contact_id = c.id) "
		             "ORDER BY c.at, c.id LIMIT 1", &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
		rc = sql_bind_int(st, 2, since, rc);
		rc = sql_bind_int(st, 3, last_at, rc);
		rc = sql_bind_int(st, 4, last_id, rc);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		at = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
		declined = rc == SQLITE_ROW ? sqlite3_column_int(st, 2) : 0;
		sql_done(s, st);
		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return db_fail(s->db, rc);
		if (declined ? task_close_all(s, person_id, "declined", 0, id, at,
		                              "the person declined further contact", NULL)
		             : task_close_by_contact(s, person_id, id, at, &task))
			return -1;
		last_at = at, last_id = id;
	}
}

/* ---------------------------------------------------------------- closure */

struct closure {
	int64_t person_id;
	const char *reason;
	int closed;
};

/* What each closure reason does to the open tasks.  DESIGN.md names
 * declined further contact (the person's choice: declined) and back in
 * custody, deceased or moved (the clock no longer applies: cancelled).
 * Goal met and other cancel them too: a closed case leaves every queue,
 * so a task left open on it would be seen by nobody and only turn into a
 * "missed" follow-up in the reports, a failure that never happened.  A
 * caseworker who still wants the 30- or 90-day check-in keeps the case
 * open until it is done. */
static const struct {
	const char *reason, *status, *why;
} closing[] = {
    {"declined_contact", "declined", "the person declined further contact"},
    {"reincarcerated", "cancelled", "case closed: back in custody"},
    {"deceased", "cancelled", "case closed: the person died"},
    {"moved", "cancelled", "case closed: moved away"},
    {"goal_met", "cancelled", "case closed: goal met"},
    {"other", "cancelled", "case closed"},
};

const char *
task_closure_status(const char *reason)
{
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (strcmp(reason, closing[i].reason) == 0)
			return closing[i].status;
	return NULL;
}

static int
do_closure(struct session *s, void *arg)
{
	struct closure *c = arg;
	const char *status = task_closure_status(c->reason), *why = NULL;

	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (strcmp(c->reason, closing[i].reason) == 0)
			why = closing[i].why;
	if (access_person(s, c->person_id, ACCESS_WRITE, NULL) != 0)
		return -1;
	if (!status)
		return 0;
	return task_close_all(s, c->person_id, status, 0, 0, session_now(s), why, &c->closed);
}

int
task_on_closure(struct session *s, int64_t person_id, const char *reason, int *closed)
{
	struct closure c = {person_id, reason, 0};
	int rc;

	if (closed)
		*closed = 0;
	if (check_enum(s, "closure reason", reason, VOCAB_CODES(VOCAB_CLOSURE), 1) != 0)
		return -1;
	/* Inside person.c's closure, this is part of that transaction. */
	if (!sqlite3_get_autocommit(db_sql(s->db)))
		rc = do_closure(s, &c);
	else
		rc = session_write(s, do_closure, &c);
	if (rc == 0 && closed)
		*closed = c.closed;
	return rc;
}

/* The latest closing's tasks: closed by whoever typed it, with no contact,
 * cancelled (the status its reason gave), in the moments around when it was
 * typed (its statements read the clock more than once; a minute covers
 * them, and nobody closes a task by hand in the same minute and then the
 * case). */
int
task_on_reopen(struct session *s, int64_t person_id, int *reopened)
{
	sqlite3_stmt *st;
	int64_t at = 0, by = 0;
	char reason[40] = "";
	const char *status;
	int rc;

	assert(db_in_write(s->db));
	if (reopened)
		*reopened = 0;
	if (sql_prep(s, "SELECT recorded_at, recorded_by, reason FROM case_event WHERE "
	             "person_id = ?1 AND kind = 'closed' ORDER BY id DESC LIMIT 1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		at = sqlite3_column_int64(st, 0);
		by = sqlite3_column_int64(st, 1);
		sql_col_copy(st, 2, reason, sizeof reason);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc), session_dbfail(s);
	/* Declined follow-ups were the person's own answer, which a reopening
	 * does not take back; cancelled ones were only the closing's. */
	if (!at || !(status = task_closure_status(reason)) || strcmp(status, "cancelled") != 0)
		return 0;
	for (;;) {
		int64_t id;

		if (sql_prep(s, "SELECT id FROM task WHERE person_id = ?1 AND status = ?2 AND "
		             "contact_id IS NULL AND closed_by = ?3 AND closed_at BETWEEN ?4 - 60 "
		             "AND ?4 + 60 ORDER BY due_at, id LIMIT 1", &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
		rc = sql_bind_str(st, 2, status, rc);
		rc = sql_bind_int(st, 3, by, rc);
		rc = sql_bind_int(st, 4, at, rc);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return db_fail(s->db, rc), session_dbfail(s);
		if (sql_prep(s, "UPDATE task SET status = 'open', closed_at = NULL, closed_by = NULL, "
		             "version = version + 1 WHERE id = ?1", &st) != 0)
			return -1;
		if (sql_finish(s, st, sql_bind_int(st, 1, id, SQLITE_OK)) != 0 ||
		    audit_log(s, "update", "task", id, person_id, "open: the case was reopened") != 0)
			return -1;
		if (reopened)
			++*reopened;
	}
}

/* ---------------------------------------------------------------- decline */

struct decline {
	int64_t task_id;
	const char *reason;
};

static int
do_decline(struct session *s, void *arg)
{
	struct decline *d = arg;
	sqlite3_stmt *st;
	char status[12] = "", why[440];
	int64_t person_id = 0;
	int rc;

	if (sql_prep(s, "SELECT person_id, status FROM task WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, d->task_id, SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		person_id = sqlite3_column_int64(st, 0);
		sql_col_copy(st, 1, status, sizeof status);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no such task");
	if (rc != SQLITE_ROW)
		return db_fail(s->db, rc);
	if (access_person(s, person_id, ACCESS_WRITE, NULL) != 0)
		return -1;
	if (strcmp(status, "open") != 0)
		return session_fail(s, "this task is already closed (%s): nothing was changed",
		                    status);
	if (d->reason && *d->reason)
		snprintf(why, sizeof why, "the person declined: %s", d->reason);
	else
		snprintf(why, sizeof why, "the person declined");
	return close_one(s, person_id, d->task_id, "declined", 0, session_now(s), why);
}

int
task_decline(struct session *s, int64_t task_id, const char *reason)
{
	struct decline d = {task_id, reason};

	if (check_text(s, "reason", reason, 400, 0, 0) != 0)
		return -1;
	return session_write(s, do_decline, &d);
}

/* ---------------------------------------------------------------- listing */

int
task_list_for_person(struct session *s, int64_t person_id, struct task_row *rows, int max,
                     int *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (!record_in_view(s, person_id) && access_person(s, person_id, ACCESS_VIEW, NULL) != 0)
		return -1;
	if (sql_prep(s, "SELECT id, person_id, coalesce(stay_id, 0), kind, "
	             "coalesce(checkpoint, 0), due_at, window_start, window_end, status, "
	             "coalesce(closed_at, 0), coalesce(closed_by, 0), coalesce(contact_id, 0), "
	             "version FROM task WHERE person_id = ?1 ORDER BY due_at, id LIMIT ?2",
	             &st) != 0)
		return session_dbfail(s);
	rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, max > 0 ? max : 0, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct task_row *r = &rows[(*n)++];
		r->id = sqlite3_column_int64(st, 0);
		r->person_id = sqlite3_column_int64(st, 1);
		r->stay_id = sqlite3_column_int64(st, 2);
		sql_col_copy(st, 3, r->kind, sizeof r->kind);
		r->checkpoint = sqlite3_column_int(st, 4);
		r->due_at = sqlite3_column_int64(st, 5);
		r->window_start = sqlite3_column_int64(st, 6);
		r->window_end = sqlite3_column_int64(st, 7);
		sql_col_copy(st, 8, r->status, sizeof r->status);
		r->closed_at = sqlite3_column_int64(st, 9);
		r->closed_by = sqlite3_column_int64(st, 10);
		r->contact_id = sqlite3_column_int64(st, 11);
		r->version = sqlite3_column_int64(st, 12);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}
