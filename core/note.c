/* SPDX-License-Identifier: ISC */
/*
 * note.c - case notes with every version kept (see note.h).
 *
 * note holds who started the note and its latest version number;
 * note_version holds each text.  An edit bumps note.version with the
 * version it was read at in the WHERE clause and adds the new text under
 * that number in the same transaction, so two edits from the same version
 * cannot both land, and no text is ever updated in place.  The audit log
 * names the note and its version, never its words.
 */
#include "note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "record.h"

#define NOTE_MAX 20000

static int
check_body(struct session *s, const char *body)
{
	const char *p = body;

	if (check_text(s, "note", body, NOTE_MAX, 1, 1) != 0)
		return -1;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (!*p)
		return session_fail(s, "note: this is required (it is only spaces)");
	return 0;
}

static int
add_version(struct session *s, int64_t note_id, int64_t version, const char *body)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "INSERT INTO note_version (note_id, version, body, at, by_user) "
	             "VALUES (?1, ?2, ?3, ?4, ?5)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, note_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, version, rc);
	rc = sql_bind_text(st, 3, body, rc);
	rc = sql_bind_int(st, 4, session_now(s), rc);
	rc = sql_bind_int(st, 5, s->user_id, rc);
	return sql_finish(s, st, rc);
}

/* ---------------------------------------------------------------- create */

struct create_args {
	int64_t person_id;
	const char *body;
	int64_t id;
};

static int
do_create(struct session *s, void *arg)
{
	struct create_args *a = arg;
	sqlite3_stmt *st;
	int rc;

	if (record_may_write(s, a->person_id) != 0 ||
	    sql_prep(s, "INSERT INTO note (person_id, created_at, created_by, version) "
	             "VALUES (?1, ?2, ?3, 1)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a->person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	if (sql_insert(s, st, rc, &a->id) != 0 || add_version(s, a->id, 1, a->body) != 0 ||
	    record_touch(s, a->person_id, session_now(s)) != 0)
		return -1;
	return audit_log(s, "create", "note", a->id, a->person_id, "version 1");
}

int
note_create(struct session *s, int64_t person_id, const char *body, int64_t *note_id)
{
	struct create_args a = {person_id, body, 0};

	if (check_body(s, body) != 0 || session_write(s, do_create, &a) != 0)
		return -1;
	if (note_id)
		*note_id = a.id;
	return 0;
}

/* ---------------------------------------------------------------- reading */

#define NOTE_COLS                                                                    \
	"n.id, n.person_id, n.created_at, n.created_by, n.version, v.at, v.by_user, v.body"

static int
fill_note(struct session *s, sqlite3_stmt *st, void *row)
{
	struct note *n = row;
	const char **const text[] = {&n->body};

	n->id = sqlite3_column_int64(st, 0);
	n->person_id = sqlite3_column_int64(st, 1);
	n->created_at = sqlite3_column_int64(st, 2);
	n->created_by = sqlite3_column_int64(st, 3);
	n->version = sqlite3_column_int64(st, 4);
	n->updated_at = sqlite3_column_int64(st, 5);
	n->updated_by = sqlite3_column_int64(st, 6);
	return sql_copy_text(s, st, 7, text, 1, &n->store);
}

static int
fill_version(struct session *s, sqlite3_stmt *st, void *row)
{
	struct note_version *v = row;
	const char **const text[] = {&v->body};

	v->note_id = sqlite3_column_int64(st, 0);
	v->version = sqlite3_column_int64(st, 1);
	v->at = sqlite3_column_int64(st, 2);
	v->by_user = sqlite3_column_int64(st, 3);
	return sql_copy_text(s, st, 4, text, 1, &v->store);
}

void
note_list_free(struct note *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

void
note_versions_free(struct note_version *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

static void
free_notes(void *rows, int n)
{
	note_list_free(rows, n);
}

static void
free_versions(void *rows, int n)
{
	note_versions_free(rows, n);
}

int
note_list(struct session *s, int64_t person_id, struct note **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "note", .detail = "list",
	    .sql = "SELECT " NOTE_COLS " FROM note n JOIN note_version v ON v.note_id = n.id AND "
	           "v.version = n.version WHERE n.person_id = ?1 ORDER BY n.created_at DESC, "
	           "n.id DESC",
	    .size = sizeof **rows, .fill = fill_note, .free_rows = free_notes};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

int
note_versions(struct session *s, int64_t note_id, struct note_version **rows, int *n)
{
	struct record_view v = {
	    .param = note_id, .entity = "note", .entity_id = note_id, .detail = "versions",
	    .size = sizeof **rows,
	    .fill = fill_version, .free_rows = free_versions,
	    .sql = "SELECT note_id, version, at, by_user, body FROM note_version "
	           "WHERE note_id = ?1 ORDER BY version"};
	void *got;
	int found, rc;

	*rows = NULL;
	*n = 0;
	/* A note never changes person, so it can be looked up first. */
	if (sql_query_i64(s, "SELECT person_id FROM note WHERE id = ?1", note_id, 0,
	                  &v.person_id, &found) != 0)
		return session_dbfail(s);
	if (!found)
		return session_fail(s, "no such note");
	rc = record_view_list(s, &v, &got, n);
	*rows = got;
	return rc;
}

/* ---------------------------------------------------------------- edit */

struct edit_args {
	int64_t id, version;
	const char *body;
};

static int
do_edit(struct session *s, void *arg)
{
	struct edit_args *a = arg;
	struct note cur;
	sqlite3_stmt *st;
	char detail[80];
	int rc = -1;

	memset(&cur, 0, sizeof cur);
	if (sql_prep(s, "SELECT " NOTE_COLS " FROM note n JOIN note_version v ON "
	             "v.note_id = n.id AND v.version = n.version WHERE n.id = ?1", &st) != 0 ||
	    sql_get(s, st, sql_bind_int(st, 1, a->id, SQLITE_OK), fill_note, &cur,
	            sizeof cur, "note") != 0)
		return -1;
	if (record_may_write(s, cur.person_id) != 0)
		goto out;
	if (cur.created_by != s->user_id) {
		session_fail(s, "only the person who wrote a note edits it: add a note of your own "
		             "(nothing was saved)");
		goto out;
	}
	if (cur.version != a->version) {
		record_conflict(s, "note", cur.updated_by, cur.updated_at);
		goto out;
	}
	if (strcmp(cur.body, a->body) == 0) {
		session_fail(s, "note: the text is the same as before: nothing was saved");
		goto out;
	}
	if (sql_prep(s, "UPDATE note SET version = version + 1 WHERE id = ?1 AND version = ?2",
	             &st) != 0)
		goto out;
	rc = sql_bind_int(st, 1, a->id, SQLITE_OK);
	rc = sql_bind_int(st, 2, a->version, rc);
	if (sql_finish(s, st, rc) != 0) {
		rc = -1;
		goto out;
	}
	if (sqlite3_changes(db_sql(s->db)) != 1) {
		rc = record_conflict(s, "note", cur.updated_by, cur.updated_at);
		goto out;
	}
	rc = add_version(s, a->id, a->version + 1, a->body);
	if (rc == 0)
		rc = record_touch(s, cur.person_id, session_now(s));
	snprintf(detail, sizeof detail, "changed: text, now version %lld",
	         (long long)a->version + 1);
	if (rc == 0)
		rc = audit_log(s, "update", "note", a->id, cur.person_id, detail);
out:
	free(cur.store);
	return rc;
}

int
note_edit(struct session *s, int64_t note_id, int64_t version, const char *body)
{
	struct edit_args a = {note_id, version, body};

	if (check_body(s, body) != 0)
		return -1;
	return session_write(s, do_edit, &a);
}
