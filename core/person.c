/* SPDX-License-Identifier: ISC */
/*
 * person.c - the person record (see person.h).
 *
 * Each public call is one write transaction (session_write): the check of
 * who may act, the change, the search index and the audit row commit
 * together or not at all.  Even a view writes, because a view is audited.
 *
 * Conflicts are caught twice on purpose.  The record is read first, so the
 * refusal can say who changed it and when; the UPDATE then names the
 * version again (WHERE id = ? AND version = ?), so a change can never land
 * on a version its author did not see, whatever happens above it.
 */
#include "person.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "audit.h"
#include "case_event.h"
#include "check.h"
#include "record.h"
#include "search_index.h"
#include "sql_keep.h"
#include "task.h"
#include "vocab.h"
#include "zone.h"

const char *const *const person_contact_ways = VOCAB_CODES(VOCAB_CONTACT_WAY);
const char *const *const person_closure_reasons = VOCAB_CODES(VOCAB_CLOSURE);

/* ---------------------------------------------------------------- sql */

static const char *
nz(const char *t)
{
	return t && *t ? t : NULL;
}

/* YYYY-MM-DD, or YYYY-MM-DD HH:MM with minutes, in UTC.  The site's time
 * zone belongs to display, which is not written yet. */
static void
utc_text(int64_t t, int minutes, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(out, n, minutes ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm) == 0)
		snprintf(out, n, "an unknown time");
}

/* ---------------------------------------------------------------- reading */

#define PERSON_COLS                                                                          \
	"id, participant_code, legal_name, preferred_name, pronouns, birth_date, phone, "    \
	"email, address, contact_way, contact_time, goals, status, closure_reason, "         \
	"closure_note, caseworker_id, last_activity_at, created_at, updated_at, updated_by, " \
	"version"
#define TEXT_COLS 14 /* columns 1 .. 14 above */

void
person_free(struct person *p)
{
	free(p->store);
	p->store = NULL;
}

/* The current row; its text columns go into one block, so a record is
 * freed with one call. */
static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct person *out = row;
	const char **const field[TEXT_COLS] = {
	    &out->participant_code, &out->legal_name, &out->preferred_name, &out->pronouns,
	    &out->birth_date, &out->phone, &out->email, &out->address, &out->contact_way,
	    &out->contact_time, &out->goals, &out->status, &out->closure_reason,
	    &out->closure_note};

	out->id = sqlite3_column_int64(st, 0);
	out->caseworker_id = sqlite3_column_int64(st, 15);
	out->last_activity_at = sqlite3_column_int64(st, 16);
	out->created_at = sqlite3_column_int64(st, 17);
	out->updated_at = sqlite3_column_int64(st, 18);
	out->updated_by = sqlite3_column_int64(st, 19);
	out->version = sqlite3_column_int64(st, 20);
	return sql_copy_text(s, st, 1, field, TEXT_COLS, &out->store);
}

/* The record as stored, without access checks or audit. */
static int
load(struct session *s, int64_t id, struct person *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if (sql_prep_kept(s, "SELECT " PERSON_COLS " FROM person WHERE id = ?1", &st) != 0)
		return -1;
	return sql_get(s, st, sql_bind_int(st, 1, id, SQLITE_OK), fill, out, sizeof *out,
	               "person");
}

/* "changed by NAME at TIME since you opened it", from the stored row.
 * Not record_conflict: the time is in UTC (utc_text) and the record is
 * "this record", as this module has always said. */
static int
conflict(struct session *s, int64_t id)
{
	sqlite3_stmt *st;
	char who[4 * 120 + 1] = "someone", when[32] = "an unknown time";
	int rc;

	if (sql_prep(s, "SELECT u.display_name, p.updated_at FROM person p "
	             "LEFT JOIN user u ON u.id = p.updated_by WHERE p.id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, id, SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			snprintf(who, sizeof who, "%s", (const char *)sqlite3_column_text(st, 0));
		utc_text(sqlite3_column_int64(st, 1), 1, when, sizeof when);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no such person");
	if (rc != SQLITE_ROW)
		return db_fail(s->db, rc);
	return session_fail(s, "this record was changed by %s at %s since you opened it: nothing "
	                    "was saved; open it again to see the change", who, when);
}

/* ---------------------------------------------------------------- checks */

static int
validate(struct session *s, const struct person *p)
{
	const char *code = p->participant_code;
	char today[16];

	if (check_text(s, "participant code", code, 32, 1, 0) != 0 ||
	    check_text(s, "legal name", p->legal_name, 200, 0, 0) != 0 ||
	    check_text(s, "preferred name", p->preferred_name, 200, 0, 0) != 0 ||
	    check_text(s, "pronouns", p->pronouns, 40, 0, 0) != 0 ||
	    check_date(s, "birth date", p->birth_date, 0) != 0 ||
	    check_text(s, "phone", p->phone, 40, 0, 0) != 0 ||
	    check_text(s, "email", p->email, 200, 0, 0) != 0 ||
	    check_text(s, "address", p->address, 400, 0, 1) != 0 ||
	    check_enum(s, "best way to reach them", nz(p->contact_way), person_contact_ways, 0) != 0 ||
	    check_text(s, "best time to reach them", p->contact_time, 200, 0, 0) != 0 ||
	    check_text(s, "goals", p->goals, 4000, 0, 1) != 0)
		return -1;
	/* A code is typed to find someone: spaces at the ends would make
	 * two codes that look the same. */
	if (code[0] == ' ' || code[strlen(code) - 1] == ' ')
		return session_fail(s, "participant code: no spaces at the start or the end");
	utc_text(session_now(s), 0, today, sizeof today);
	if (nz(p->birth_date) && strcmp(p->birth_date, today) > 0)
		return session_fail(s, "birth date: %s is after today", p->birth_date);
	return 0;
}

int
person_check_caseworker(struct session *s, int64_t user_id)
{
	sqlite3_stmt *st;
	char name[4 * 120 + 1] = "";
	int rc, active = 0, fits = 0;

	if (sql_prep(s, "SELECT display_name, active, role IN ('caseworker', 'supervisor') "
	             "FROM user WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, user_id, SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(st, 0));
		active = sqlite3_column_int(st, 1);
		fits = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "caseworker: there is no such user");
	if (rc != SQLITE_ROW)
		return db_fail(s->db, rc);
	if (!active)
		return session_fail(s, "caseworker: %s is not active in Passage", name);
	if (!fits)
		return session_fail(s, "caseworker: %s is not a caseworker or supervisor", name);
	return 0;
}

/* Codes are unique regardless of case (the column is COLLATE NOCASE). */
static int
check_code_free(struct session *s, const char *code, int64_t self)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT 1 FROM person WHERE participant_code = ?1 AND id <> ?2",
	             &st) != 0)
		return -1;
	rc = sql_bind_text(st, 1, code, SQLITE_OK);
	rc = sql_bind_int(st, 2, self, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return session_fail(s, "participant code %s is already in use", code);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

/* ---------------------------------------------------------------- create */

/* Parameters 1 .. 11: the fields a person's record is edited through. */
static int
bind_fields(sqlite3_stmt *st, const struct person *p)
{
	int rc = SQLITE_OK;

	rc = sql_bind_text(st, 1, p->participant_code, rc);
	rc = sql_bind_text(st, 2, p->legal_name, rc);
	rc = sql_bind_text(st, 3, p->preferred_name, rc);
	rc = sql_bind_text(st, 4, p->pronouns, rc);
	rc = sql_bind_text(st, 5, p->birth_date, rc);
	rc = sql_bind_text(st, 6, p->phone, rc);
	rc = sql_bind_text(st, 7, p->email, rc);
	rc = sql_bind_text(st, 8, p->address, rc);
	rc = sql_bind_text(st, 9, p->contact_way, rc);
	rc = sql_bind_text(st, 10, p->contact_time, rc);
	return sql_bind_text(st, 11, p->goals, rc);
}

static int
insert(struct session *s, struct person *p)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "INSERT INTO person (participant_code, legal_name, preferred_name, "
	             "pronouns, birth_date, phone, email, address, contact_way, contact_time, "
	             "goals, caseworker_id, status, last_activity_at, created_at, updated_at, "
	             "updated_by, created_by, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	             "?9, ?10, ?11, ?12, 'open', ?13, ?13, ?13, ?14, ?14, 1)", &st) != 0)
		return -1;
	rc = bind_fields(st, p);
	rc = sql_bind_id(st, 12, p->caseworker_id, rc);
	rc = sql_bind_int(st, 13, p->created_at, rc);
	rc = sql_bind_int(st, 14, s->user_id, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return session_fail(s, "participant code %s is already in use", p->participant_code);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	p->id = sqlite3_last_insert_rowid(db_sql(s->db));
	return 0;
}

static int
do_create(struct session *s, void *arg)
{
	struct person *p = arg;

	if (access_refuse_import(s) != 0)
		return -1;
	if (!access_role_can_see_cases(s->role))
		return session_fail(s, "admins do not see case records");
	if (validate(s, p) != 0)
		return -1;
	/* Whoever opens a record for someone on their own caseload should
	 * not have to name themselves. */
	if (!p->caseworker_id && s->role == ROLE_CASEWORKER)
		p->caseworker_id = s->user_id;
	if ((p->caseworker_id && person_check_caseworker(s, p->caseworker_id) != 0) ||
	    check_code_free(s, p->participant_code, 0) != 0)
		return -1;
	p->created_at = p->updated_at = p->last_activity_at = session_now(s);
	p->updated_by = s->user_id;
	if (insert(s, p) != 0 || search_index_person(s, p->id) != 0)
		return -1;
	return audit_log(s, "create", "person", p->id, p->id, NULL);
}

int
person_create(struct session *s, struct person *p)
{
	/* Work on a copy: the caller's record changes only if the whole
	 * transaction commits. */
	struct person w = *p;

	w.id = 0;
	w.store = NULL;
	if (session_write(s, do_create, &w) != 0)
		return -1;
	w.store = p->store;
	w.status = "open";
	w.closure_reason = w.closure_note = NULL;
	w.version = 1;
	*p = w;
	return 0;
}

/* ---------------------------------------------------------------- view */

struct get_args {
	int64_t id;
	struct person *out;
};

static int
do_get(struct session *s, void *arg)
{
	struct get_args *a = arg;

	if (record_in_view(s, a->id))
		return load(s, a->id, a->out);
	if (access_person(s, a->id, ACCESS_VIEW, NULL) != 0 || load(s, a->id, a->out) != 0)
		return -1;
	return audit_log(s, "view", "person", a->id, a->id, NULL);
}

int
person_get(struct session *s, int64_t id, struct person *out)
{
	struct get_args a = {id, out};

	memset(out, 0, sizeof *out);
	if (session_write(s, do_get, &a) != 0) {
		person_free(out);
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

int
person_view(struct session *s, int64_t id, int (*fn)(struct session *, void *), void *arg)
{
	return record_view_person(s, id, NULL, fn, arg);
}

/* ---------------------------------------------------------------- change */

/* The names of the fields that differ, for the audit row: who changed
 * what, without copying what it says ("changed: phone, goals", or
 * "nothing changed"). */
static const char *
changed_fields(struct record_diff *d, const struct person *old, const struct person *p)
{
	record_diff_start(d, "changed");
	record_diff_text(d, "participant code", old->participant_code, p->participant_code);
	record_diff_text(d, "legal name", old->legal_name, p->legal_name);
	record_diff_text(d, "preferred name", old->preferred_name, p->preferred_name);
	record_diff_text(d, "pronouns", old->pronouns, p->pronouns);
	record_diff_text(d, "birth date", old->birth_date, p->birth_date);
	record_diff_text(d, "phone", old->phone, p->phone);
	record_diff_text(d, "email", old->email, p->email);
	record_diff_text(d, "address", old->address, p->address);
	record_diff_text(d, "best way to reach them", old->contact_way, p->contact_way);
	record_diff_text(d, "best time to reach them", old->contact_time, p->contact_time);
	record_diff_text(d, "goals", old->goals, p->goals);
	return record_diff_end(d);
}

/* Reads the record for a change: it must exist, the session must be
 * allowed to write it, and it must still be at the version the caller
 * read. */
static int
open_for_change(struct session *s, int64_t id, int64_t version, struct person *cur)
{
	memset(cur, 0, sizeof *cur);
	if (access_person(s, id, ACCESS_WRITE, NULL) != 0 || load(s, id, cur) != 0)
		return -1;
	if (cur->version != version)
		return conflict(s, id);
	return 0;
}

/* Runs an UPDATE whose last two parameters are id and version; a change
 * that finds no row at that version is a conflict. */
static int
finish_change(struct session *s, sqlite3_stmt *st, int rc, int64_t id)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return session_fail(s, "that participant code is already in use");
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	return sqlite3_changes(db_sql(s->db)) == 1 ? 0 : conflict(s, id);
}

static int
write_fields(struct session *s, const struct person *p)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "UPDATE person SET participant_code = ?1, legal_name = ?2, "
	             "preferred_name = ?3, pronouns = ?4, birth_date = ?5, phone = ?6, "
	             "email = ?7, address = ?8, contact_way = ?9, contact_time = ?10, "
	             "goals = ?11, last_activity_at = ?12, updated_at = ?12, updated_by = ?13, "
	             "version = version + 1 WHERE id = ?14 AND version = ?15", &st) != 0)
		return -1;
	rc = bind_fields(st, p);
	rc = sql_bind_int(st, 12, session_now(s), rc);
	rc = sql_bind_int(st, 13, s->user_id, rc);
	rc = sql_bind_int(st, 14, p->id, rc);
	rc = sql_bind_int(st, 15, p->version, rc);
	return finish_change(s, st, rc, p->id);
}

static int
do_update(struct session *s, void *arg)
{
	const struct person *p = arg;
	struct person cur = {0};
	struct record_diff d;
	int rc = -1;

	if (validate(s, p) != 0 || open_for_change(s, p->id, p->version, &cur) != 0)
		goto out;
	if (p->caseworker_id != cur.caseworker_id) {
		session_fail(s, "caseworker: a supervisor changes it with reassign (nothing was saved)");
		goto out;
	}
	if (nz(p->status) && strcmp(p->status, cur.status) != 0) {
		session_fail(s, "status: a record is closed with close, not by editing it "
		             "(nothing was saved)");
		goto out;
	}
	if (check_code_free(s, p->participant_code, p->id) != 0 || write_fields(s, p) != 0 ||
	    search_index_person(s, p->id) != 0)
		goto out;
	rc = audit_log(s, "update", "person", p->id, p->id, changed_fields(&d, &cur, p));
out:
	person_free(&cur);
	return rc;
}

int
person_update(struct session *s, const struct person *p)
{
	return session_write(s, do_update, (void *)p);
}

/* ---------------------------------------------------------------- close */

/* Closes the case (reason and note) or, with reason NULL, opens it again,
 * at the version read; the history row is the caller's. */
static int
set_status(struct session *s, int64_t id, int64_t version, const char *reason, const char *note)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "UPDATE person SET status = iif(?1 IS NULL, 'open', 'closed'), "
	             "closure_reason = ?1, closure_note = ?2, last_activity_at = ?3, "
	             "updated_at = ?3, updated_by = ?4, version = version + 1 "
	             "WHERE id = ?5 AND version = ?6", &st) != 0)
		return -1;
	rc = sql_bind_text(st, 1, reason, SQLITE_OK);
	rc = sql_bind_text(st, 2, note, rc);
	rc = sql_bind_int(st, 3, session_now(s), rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	rc = sql_bind_int(st, 5, id, rc);
	rc = sql_bind_int(st, 6, version, rc);
	return finish_change(s, st, rc, id);
}

/* The history row of a closing (reason) or reopening (reason NULL). */
static int
add_event(struct session *s, int64_t id, const char *reason, const char *note, int64_t stay_id,
          int64_t at)
{
	struct case_event e;

	memset(&e, 0, sizeof e);
	e.person_id = id;
	snprintf(e.kind, sizeof e.kind, "%s", reason ? "closed" : "reopened");
	snprintf(e.reason, sizeof e.reason, "%s", reason ? reason : "");
	snprintf(e.note, sizeof e.note, "%s", note ? note : "");
	e.stay_id = stay_id;
	e.at = at;
	return case_event_add(s, &e);
}

struct close_args {
	int64_t id, version, at;
	const char *reason, *note;
};

static int
do_close(struct session *s, void *arg)
{
	struct close_args *a = arg;
	struct person cur = {0};
	char when[40];
	int64_t opened = 0;
	int found, rc = -1;

	if (check_enum(s, "closure reason", a->reason, person_closure_reasons, 1) != 0 ||
	    check_text(s, "closure note", a->note, CASE_NOTE_MAX, 0, 1) != 0 ||
	    check_past(s, "closed on", &a->at) != 0 ||
	    open_for_change(s, a->id, a->version, &cur) != 0)
		goto out;
	if (strcmp(cur.status, "closed") == 0) {
		session_fail(s, "this case is already closed (%s): nothing was saved",
		             case_event_reason_label(cur.closure_reason));
		goto out;
	}
	/* Not before the case began: its latest reopening, or else its first
	 * booking or its creation, whichever came first (a person typed in
	 * today may have been booked, released and gone last month). */
	if (sql_query_i64(s, "SELECT max(at) FROM case_event WHERE person_id = ?1 AND "
	                  "kind = 'reopened'", a->id, 0, &opened, &found) != 0 ||
	    (!found && sql_query_i64(s, "SELECT min(min(booked_at), ?2) FROM stay WHERE "
	                             "person_id = ?1", a->id, cur.created_at, &opened,
	                             &found) != 0)) {
		session_dbfail(s);
		goto out;
	}
	if (!found)
		opened = cur.created_at;
	/* By the minute: a form gives no seconds, and a case may close in
	 * the minute it was opened. */
	if (a->at / 60 < opened / 60) {
		session_fail(s, "closed on: before the case was opened (%s): nothing was saved",
		             zone_local_time(s->db, opened, when, sizeof when));
		goto out;
	}
	/* What the reason does to open tasks is task.c's rule (task.h). */
	if (set_status(s, a->id, a->version, a->reason, a->note) != 0 ||
	    task_on_closure(s, a->id, a->reason, NULL) != 0 ||
	    add_event(s, a->id, a->reason, a->note, 0, a->at) != 0)
		goto out;
	rc = audit_log(s, "close", "person", a->id, a->id, a->reason);
out:
	person_free(&cur);
	return rc;
}

int
person_close_at(struct session *s, int64_t id, int64_t version, const char *reason,
                const char *note, int64_t at)
{
	struct close_args a = {id, version, at, reason, note};

	return session_write(s, do_close, &a);
}

int
person_close(struct session *s, int64_t id, int64_t version, const char *reason,
             const char *note)
{
	return person_close_at(s, id, version, reason, note, 0);
}

/* ---------------------------------------------------------------- reopen */

struct reopen_args {
	int64_t id, version;
	const char *reason;
};

static int
do_reopen(struct session *s, void *arg)
{
	struct reopen_args *a = arg;
	struct person cur = {0};
	int rc = -1;

	if (open_for_change(s, a->id, a->version, &cur) != 0)
		goto out;
	if (strcmp(cur.status, "open") == 0) {
		session_fail(s, "this case is open already: nothing was saved");
		goto out;
	}
	/* The follow-ups the closing cancelled come back (task.h) before the
	 * reopening's own history row: they belong to the closing before it. */
	if (set_status(s, a->id, a->version, NULL, NULL) != 0 ||
	    task_on_reopen(s, a->id, NULL) != 0 ||
	    add_event(s, a->id, NULL, a->reason, 0, session_now(s)) != 0)
		goto out;
	rc = audit_log(s, "reopen", "person", a->id, a->id, NULL);
out:
	person_free(&cur);
	return rc;
}

int
person_reopen(struct session *s, int64_t id, int64_t version, const char *reason)
{
	struct reopen_args a = {id, version, reason};

	if (check_text(s, "reason", reason, CASE_NOTE_MAX, 1, 1) != 0)
		return -1;
	if (!check_is_sentence(reason, PERSON_REOPEN_MIN))
		return session_fail(s, "reason: say in a short sentence why the case opens again "
		                    "(at least %d characters and two words): nothing was saved",
		                    PERSON_REOPEN_MIN);
	return session_write(s, do_reopen, &a);
}

int
person_reopen_booked(struct session *s, int64_t id, int64_t stay_id, int64_t booked_at)
{
	struct person cur = {0};
	int rc = 0;

	assert(db_in_write(s->db));
	if (load(s, id, &cur) != 0)
		return -1;
	if (strcmp(cur.status, "closed") == 0)
		rc = set_status(s, id, cur.version, NULL, NULL) != 0 ||
		     add_event(s, id, NULL, "a new booking: back in custody", stay_id,
		               booked_at) != 0 ||
		     audit_log(s, "reopen", "person", id, id, "a new booking") != 0 ? -1 : 0;
	person_free(&cur);
	return rc;
}

/* ---------------------------------------------------------------- reassign */

struct reassign_args {
	int64_t id, version, caseworker_id;
};

static int
do_reassign(struct session *s, void *arg)
{
	struct reassign_args *a = arg;
	struct person cur = {0};
	sqlite3_stmt *st;
	char detail[80];
	int rc = -1;

	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only a supervisor can reassign a person");
	if (person_check_caseworker(s, a->caseworker_id) != 0 ||
	    open_for_change(s, a->id, a->version, &cur) != 0)
		goto out;
	if (sql_prep(s, "UPDATE person SET caseworker_id = ?1, last_activity_at = ?2, "
	             "updated_at = ?2, updated_by = ?3, version = version + 1 "
	             "WHERE id = ?4 AND version = ?5", &st) != 0)
		goto out;
	rc = sql_bind_int(st, 1, a->caseworker_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	rc = sql_bind_int(st, 4, a->id, rc);
	rc = sql_bind_int(st, 5, a->version, rc);
	rc = finish_change(s, st, rc, a->id);
	if (cur.caseworker_id)
		snprintf(detail, sizeof detail, "from user %lld to user %lld",
		         (long long)cur.caseworker_id, (long long)a->caseworker_id);
	else
		snprintf(detail, sizeof detail, "to user %lld", (long long)a->caseworker_id);
	if (rc == 0)
		rc = audit_log(s, "reassign", "person", a->id, a->id, detail);
out:
	person_free(&cur);
	return rc;
}

int
person_reassign(struct session *s, int64_t id, int64_t version, int64_t caseworker_id)
{
	struct reassign_args a = {id, version, caseworker_id};

	return session_write(s, do_reassign, &a);
}
