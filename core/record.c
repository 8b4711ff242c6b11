/* SPDX-License-Identifier: ISC */
/*
 * record.c - what the case-record modules share (see record.h).
 *
 * Kept to mechanics on purpose: the rules of each record (which field
 * goes with which outcome, who may do what to it) stay in its own file,
 * where the next reader looks for them.
 */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "task.h"
#include "zone.h"

/* ---------------------------------------------------------------- SQL */

int
record_bind_text(sqlite3_stmt *st, int i, const char *t, int rc)
{
	if (rc != SQLITE_OK)
		return rc;
	return t && *t ? sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int
record_bind_str(sqlite3_stmt *st, int i, const char *t, int rc)
{
	return rc != SQLITE_OK ? rc : sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC);
}

int
record_bind_int(sqlite3_stmt *st, int i, int64_t v, int rc)
{
	return rc != SQLITE_OK ? rc : sqlite3_bind_int64(st, i, v);
}

int
record_bind_id(sqlite3_stmt *st, int i, int64_t v, int rc)
{
	if (rc != SQLITE_OK)
		return rc;
	return v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int
record_bind_yn(sqlite3_stmt *st, int i, enum yn v, int rc)
{
	if (rc != SQLITE_OK)
		return rc;
	if (v == YN_NOT_ASKED)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int(st, i, v == YN_YES);
}

enum yn
record_col_yn(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return YN_NOT_ASKED;
	return sqlite3_column_int(st, col) ? YN_YES : YN_NO;
}

void
record_col_copy(sqlite3_stmt *st, int col, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(out, n, "%s", t ? (const char *)t : "");
}

int
record_prep(struct session *s, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(s->db->sql, sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(s->db, rc);
}

int
record_finish(struct session *s, sqlite3_stmt *st, int rc)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
record_insert(struct session *s, sqlite3_stmt *st, int rc, int64_t *id)
{
	if (record_finish(s, st, rc) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db->sql);
	return 0;
}

int
record_query_i64(struct session *s, const char *sql, int64_t a, int64_t b, int64_t *out,
                 int *found)
{
	sqlite3_stmt *st;
	int rc, got;

	if (record_prep(s, sql, &st) != 0)
		return -1;
	rc = record_bind_int(st, 1, a, SQLITE_OK);
	if (sqlite3_bind_parameter_count(st) >= 2)
		rc = record_bind_int(st, 2, b, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	got = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	*out = got ? sqlite3_column_int64(st, 0) : 0;
	if (found)
		*found = got;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
record_query_text_i64(struct session *s, const char *sql, const char *text, int64_t *out,
                      int *found)
{
	sqlite3_stmt *st;
	int rc, got;

	if (record_prep(s, sql, &st) != 0)
		return -1;
	rc = record_bind_str(st, 1, text ? text : "", SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	got = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	*out = got ? sqlite3_column_int64(st, 0) : 0;
	if (found)
		*found = got;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
record_copy_text(struct session *s, sqlite3_stmt *st, int first, const char **const *fields,
                 int n, char **store)
{
	size_t total = 0, at = 0;

	for (int i = 0; i < n; i++) {
		*fields[i] = NULL;
		if (sqlite3_column_type(st, first + i) != SQLITE_NULL)
			total += (size_t)sqlite3_column_bytes(st, first + i) + 1;
	}
	*store = malloc(total ? total : 1);
	if (!*store)
		return session_fail(s, "out of memory");
	for (int i = 0; i < n; i++) {
		const unsigned char *t = sqlite3_column_text(st, first + i);
		size_t len = (size_t)sqlite3_column_bytes(st, first + i);
		if (!t || sqlite3_column_type(st, first + i) == SQLITE_NULL)
			continue;
		memcpy(*store + at, t, len + 1);
		*fields[i] = *store + at;
		at += len + 1;
	}
	return 0;
}

int
record_list(struct session *s, sqlite3_stmt *st, int rc, size_t size,
            int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void **rows, int *n)
{
	size_t cap = 0;

	*rows = NULL;
	*n = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)*n == cap) {
			size_t more = cap ? cap * 2 : 8;
			void *grown = realloc(*rows, more * size);
			if (!grown)
				break;
			*rows = grown;
			cap = more;
		}
		memset((char *)*rows + (size_t)*n * size, 0, size);
		if (fill(s, st, (char *)*rows + (size_t)*n * size) != 0)
			break;
		(*n)++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return s->err[0] ? -1 : session_fail(s, "out of memory");
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
record_get(struct session *s, sqlite3_stmt *st, int rc,
           int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void *out, size_t size,
           const char *what)
{
	memset(out, 0, size);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && fill(s, st, out) != 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no such %s", what);
	return rc == SQLITE_ROW ? 0 : db_fail(s->db, rc);
}

struct view_args {
	const struct record_view *v;
	void *rows;
	int n;
};

static int
do_view(struct session *s, void *arg)
{
	struct view_args *a = arg;
	const struct record_view *v = a->v;
	sqlite3_stmt *st;
	int rc;

	if (access_person(s, v->person_id, ACCESS_VIEW, NULL) != 0 ||
	    record_prep(s, v->sql, &st) != 0)
		return -1;
	rc = record_bind_int(st, 1, v->param, SQLITE_OK);
	if (sqlite3_bind_parameter_count(st) >= 2)
		rc = record_bind_int(st, 2, v->param2, rc);
	if (record_list(s, st, rc, v->size, v->fill, &a->rows, &a->n) != 0)
		return -1;
	return audit_log(s, "view", v->entity, 0, v->person_id, v->detail);
}

int
record_view_list(struct session *s, const struct record_view *v, void **rows, int *n)
{
	struct view_args a = {v, NULL, 0};

	*rows = NULL;
	*n = 0;
	if (session_write(s, do_view, &a) != 0) {
		v->free_rows(a.rows, a.n);
		return -1;
	}
	*rows = a.rows;
	*n = a.n;
	return 0;
}

/* ---------------------------------------------------------------- who */

int
record_may_write(struct session *s, int64_t person_id)
{
	if (!access_role_can_see_cases(s->role))
		return session_fail(s, "admins do not see case records");
	return access_person(s, person_id, ACCESS_WRITE, NULL);
}

int
record_check_stay(struct session *s, int64_t person_id, int64_t stay_id, int64_t *released_at)
{
	int64_t owner = 0, released = 0;
	int found;

	if (released_at)
		*released_at = 0;
	if (!stay_id)
		return 0;
	if (record_query_i64(s, "SELECT person_id FROM stay WHERE id = ?1", stay_id, 0, &owner,
	                     &found) != 0 ||
	    record_query_i64(s, "SELECT released_at FROM stay WHERE id = ?1", stay_id, 0,
	                     &released, NULL) != 0)
		return -1;
	if (!found || owner != person_id)
		return session_fail(s, "stay: not one of this person's stays");
	if (released_at)
		*released_at = released;
	return 0;
}

int
record_touch(struct session *s, int64_t person_id, int64_t at)
{
	sqlite3_stmt *st;
	int rc;

	if (record_prep(s, "UPDATE person SET last_activity_at = max(last_activity_at, ?1) "
	                "WHERE id = ?2", &st) != 0)
		return -1;
	rc = record_bind_int(st, 1, at, SQLITE_OK);
	rc = record_bind_int(st, 2, person_id, rc);
	return record_finish(s, st, rc);
}

/* ---------------------------------------------------------------- checks, times */

int
record_check_yn(struct session *s, const char *field, enum yn v)
{
	if (v != YN_NOT_ASKED && v != YN_NO && v != YN_YES)
		return session_fail(s, "%s: answer yes, no or not asked", field);
	return 0;
}

int
record_check_past(struct session *s, const char *field, int64_t *t)
{
	if (!*t) {
		*t = session_now(s);
		return 0;
	}
	if (check_time(s, field, *t) != 0)
		return -1;
	if (*t > session_now(s) + TASK_CLOCK_SKEW)
		return session_fail(s, "%s: it is in the future", field);
	return 0;
}

const char *
record_local_time(struct session *s, int64_t t, char *out, size_t n)
{
	char zone[ZONE_NAME_MAX];

	zone_site(s->db, zone);
	zone_format(zone, t, out, n);
	return out;
}

void
record_local_date(struct session *s, int64_t t, char out[11])
{
	char when[40];

	record_local_time(s, t, when, sizeof when);
	snprintf(out, 11, "%.10s", when);
}

/* ---------------------------------------------------------------- change */

int
record_conflict(struct session *s, const char *what, int64_t by, int64_t at)
{
	char who[4 * 120 + 1] = "someone", when[40] = "an unknown time";
	sqlite3_stmt *st;

	if (by && record_prep(s, "SELECT display_name FROM user WHERE id = ?1", &st) == 0) {
		if (record_bind_int(st, 1, by, SQLITE_OK) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(who, sizeof who, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (at)
		record_local_time(s, at, when, sizeof when);
	return session_fail(s, "this %s was changed by %s at %s since you opened it: nothing was "
	                    "saved; open it again to see the change", what, who, when);
}

int
record_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

void
record_diff_start(struct record_diff *d, const char *lead)
{
	d->lead = lead;
	d->n = 0;
	d->at = (size_t)snprintf(d->text, sizeof d->text, "%s:", lead);
}

static void
diff_add(struct record_diff *d, const char *name)
{
	if (d->at < sizeof d->text)
		d->at += (size_t)snprintf(d->text + d->at, sizeof d->text - d->at, "%s %s",
		                          d->n ? "," : "", name);
	d->n++;
}

void
record_diff_text(struct record_diff *d, const char *name, const char *was, const char *now)
{
	if (!record_same(was, now))
		diff_add(d, name);
}

void
record_diff_int(struct record_diff *d, const char *name, int64_t was, int64_t now)
{
	if (was != now)
		diff_add(d, name);
}

const char *
record_diff_end(struct record_diff *d)
{
	if (!d->n)
		snprintf(d->text, sizeof d->text, "nothing %s", d->lead);
	return d->text;
}
