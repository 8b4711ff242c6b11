/* SPDX-License-Identifier: ISC */
/*
 * case_event.c - the history of a case (see case_event.h).
 */
#include "case_event.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "sql.h"
#include "vocab.h"

/* The reason's words, from the one vocabulary (vocab.c). */
const char *
case_event_reason_label(const char *code)
{
	return vocab_label(VOCAB_CLOSURE, code);
}

int
case_event_add(struct session *s, struct case_event *e)
{
	sqlite3_stmt *st;
	int rc;

	assert(db_in_write(s->db));
	e->recorded_at = session_now(s);
	e->recorded_by = s->user_id;
	if (sql_prep(s, "INSERT INTO case_event (person_id, kind, reason, note, stay_id, at, "
	             "recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, e->person_id, SQLITE_OK);
	rc = sql_bind_text(st, 2, e->kind, rc);
	rc = sql_bind_text(st, 3, e->reason[0] ? e->reason : NULL, rc);
	rc = sql_bind_text(st, 4, e->note[0] ? e->note : NULL, rc);
	rc = sql_bind_id(st, 5, e->stay_id, rc);
	rc = sql_bind_int(st, 6, e->at, rc);
	rc = sql_bind_int(st, 7, e->recorded_at, rc);
	rc = sql_bind_int(st, 8, e->recorded_by, rc);
	return sql_insert(s, st, rc, &e->id);
}

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct case_event *e = row;

	(void)s;
	e->id = sqlite3_column_int64(st, 0);
	e->person_id = sqlite3_column_int64(st, 1);
	sql_col_copy(st, 2, e->kind, sizeof e->kind);
	sql_col_copy(st, 3, e->reason, sizeof e->reason);
	sql_col_copy(st, 4, e->note, sizeof e->note);
	e->stay_id = sqlite3_column_int64(st, 5);
	e->at = sqlite3_column_int64(st, 6);
	e->recorded_at = sqlite3_column_int64(st, 7);
	e->recorded_by = sqlite3_column_int64(st, 8);
	return 0;
}

int
case_event_list(struct session *s, int64_t person_id, int max, struct case_event **rows, int *n)
{
	sqlite3_stmt *st;
	int rc;

	*rows = NULL;
	*n = 0;
	if (access_person(s, person_id, ACCESS_VIEW, NULL) != 0)
		return -1;
	if (sql_prep(s, "SELECT id, person_id, kind, coalesce(reason, ''), coalesce(note, ''), "
	             "coalesce(stay_id, 0), at, recorded_at, recorded_by FROM case_event "
	             "WHERE person_id = ?1 ORDER BY id DESC LIMIT ?2", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, max, rc);
	if (sql_list(s, st, rc, sizeof **rows, fill, (void **)rows, n) != 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
