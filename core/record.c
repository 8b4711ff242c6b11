/* SPDX-License-Identifier: ISC */
/*
 * record.c - what the case-record modules share (see record.h).
 *
 * Kept to mechanics on purpose: the rules of each record (which field
 * goes with which outcome, who may do what to it) stay in its own file,
 * where the next reader looks for them.
 */
#include "record.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "sql_keep.h"
#include "zone.h"


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

	if ((!record_in_view(s, v->person_id) &&
	     access_person(s, v->person_id, ACCESS_VIEW, NULL) != 0) ||
	    sql_prep(s, v->sql, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, v->param, SQLITE_OK);
	if (sqlite3_bind_parameter_count(st) >= 2)
		rc = sql_bind_int(st, 2, v->param2, rc);
	if (sql_list(s, st, rc, v->size, v->fill, &a->rows, &a->n) != 0)
		return -1;
	if (record_in_view(s, v->person_id))
		return 0;
	return audit_log(s, "view", v->entity, v->entity_id, v->person_id, v->detail);
}

int
record_view_list(struct session *s, const struct record_view *v, void **rows, int *n)
{
	struct view_args a = {v, NULL, 0};

	assert(v->sql && v->fill && v->free_rows && v->entity);
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

int
record_in_view(const struct session *s, int64_t person_id)
{
	return s->viewing && s->viewing == person_id;
}

struct whole_args {
	int64_t person_id;
	const char *detail;
	int (*fn)(struct session *, void *);
	void *arg;
};

static int
do_whole(struct session *s, void *arg)
{
	struct whole_args *w = arg;
	int rc;

	if (access_person(s, w->person_id, ACCESS_VIEW, NULL) != 0)
		return -1;
	s->viewing = w->person_id;
	rc = w->fn(s, w->arg);
	s->viewing = 0;
	if (rc != 0)
		return -1;
	return audit_log(s, "view", "person", w->person_id, w->person_id, w->detail);
}

int
record_view_person(struct session *s, int64_t person_id, const char *detail,
                   int (*fn)(struct session *, void *), void *arg)
{
	struct whole_args w = {person_id, detail, fn, arg};

	assert(!s->viewing && fn);
	return session_write(s, do_whole, &w);
}

/* ---------------------------------------------------------------- who */

int
record_may_write(struct session *s, int64_t person_id)
{
	if (access_refuse_import(s) != 0)
		return -1;
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
	if (sql_query_i64(s, "SELECT person_id FROM stay WHERE id = ?1", stay_id, 0, &owner,
	                  &found) != 0 ||
	    sql_query_i64(s, "SELECT released_at FROM stay WHERE id = ?1", stay_id, 0,
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

	if (sql_prep_kept(s, "UPDATE person SET last_activity_at = max(last_activity_at, ?1) "
	             "WHERE id = ?2", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, at, SQLITE_OK);
	rc = sql_bind_int(st, 2, person_id, rc);
	return sql_finish(s, st, rc);
}


/* ---------------------------------------------------------------- change */

int
record_conflict(struct session *s, const char *what, int64_t by, int64_t at)
{
	char who[4 * 120 + 1] = "someone", when[40] = "an unknown time";
	sqlite3_stmt *st;

	if (by && sql_prep(s, "SELECT display_name FROM user WHERE id = ?1", &st) == 0) {
		if (sql_bind_int(st, 1, by, SQLITE_OK) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(who, sizeof who, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (at)
		zone_local_time(s->db, at, when, sizeof when);
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
