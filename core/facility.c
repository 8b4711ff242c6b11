/* SPDX-License-Identifier: ISC */
/*
 * facility.c - the facilities a program works with (see facility.h).
 *
 * The table has no version column: a facility has one field people edit,
 * its name, and a rename that crosses another admin's is harmless (the
 * last one wins, both are in the audit log).  Retiring twice, or bringing
 * back one that is active, is refused so the audit log says what happened.
 */
#include "facility.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "record.h"
#include "unaudited.h"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct facility_row *f = row;

	(void)s;
	f->id = sqlite3_column_int64(st, 0);
	f->active = sqlite3_column_int(st, 1);
	sql_col_copy(st, 2, f->name, sizeof f->name);
	return 0;
}

static int
list(struct session *s, int all, struct facility_row *rows, int max, int *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (sql_prep(s, "SELECT id, active, name FROM facility WHERE active = 1 OR ?1 "
	             "ORDER BY name", &st) != 0)
		return -1;
	if ((rc = sql_bind_int(st, 1, all, SQLITE_OK)) != SQLITE_OK) {
		sqlite3_finalize(st);
		return db_fail(s->db, rc);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		fill(s, st, &rows[*n]);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	return 0;
}

int
facility_list(struct session *s, struct facility_row *rows, int max, int *n)
{
	return list(s, 0, rows, max, n);
}

int
facility_list_all(struct session *s, struct facility_row *rows, int max, int *n)
{
	return list(s, 1, rows, max, n);
}

int
facility_find(struct session *s, const char *name, struct facility_row *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	s->err[0] = 0;
	if (sql_prep(s, "SELECT id, active, name FROM facility WHERE name = ?1", &st) != 0)
		return session_dbfail(s);
	rc = sql_bind_text(st, 1, name, SQLITE_OK);
	if (sql_get(s, st, rc, fill, out, sizeof *out, "facility") != 0) {
		if (s->err[0])
			return session_fail(s, "no facility named '%.120s'; 'passage facility list' "
			                    "shows them", name ? name : "");
		return session_dbfail(s);
	}
	return 0;
}

/* ---------------------------------------------------------------- changes */

static int
may_change(struct session *s)
{
	if (s->role != ROLE_ADMIN)
		return session_fail(s, "only an admin can change the facilities");
	return 0;
}

static int
check_name(struct session *s, const char *name)
{
	if (check_text(s, "name", name, 4 * FACILITY_NAME_MAX, 1, 0) != 0)
		return -1;
	if (name[strspn(name, " ")] == 0)
		return session_fail(s, "name: this is required");
	/* check_text counts bytes; the table counts characters. */
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars > FACILITY_NAME_MAX)
		return session_fail(s, "name: too long (at most %d characters)", FACILITY_NAME_MAX);
	return 0;
}

static int
name_free(struct session *s, const char *name, int64_t self)
{
	int64_t id;
	int found;

	if (sql_query_text_i64(s, "SELECT id FROM facility WHERE name = ?1", name, &id,
	                       &found) != 0)
		return -1;
	if (found && id != self)
		return session_fail(s, "name: there is already a facility called %s (names are "
		                    "the same whatever their case)", name);
	return 0;
}

/* The facility's active flag into *active; "no such facility" if none. */
static int
current(struct session *s, int64_t id, int64_t *active)
{
	int found;

	if (sql_query_i64(s, "SELECT active FROM facility WHERE id = ?1", id, 0, active,
	                  &found) != 0)
		return -1;
	return found ? 0 : session_fail(s, "no such facility");
}

struct change {
	int64_t id;
	const char *name;
	int active;
};

int
facility_create_unaudited(struct session *s, const char *name, int64_t *id)
{
	sqlite3_stmt *st;

	assert(db_in_write(s->db));
	if (may_change(s) != 0 || check_name(s, name) != 0 || name_free(s, name, 0) != 0 ||
	    sql_prep(s, "INSERT INTO facility (name, active) VALUES (?1, 1)", &st) != 0)
		return -1;
	return sql_insert(s, st, sql_bind_text(st, 1, name, SQLITE_OK), id);
}

static int
do_create(struct session *s, void *arg)
{
	struct change *c = arg;

	if (facility_create_unaudited(s, c->name, &c->id) != 0)
		return -1;
	return audit_log(s, "create", "facility", c->id, 0, "given: name");
}

int
facility_create(struct session *s, const char *name, int64_t *id)
{
	struct change c = {0, name, 1};

	if (session_write(s, do_create, &c) != 0)
		return -1;
	*id = c.id;
	return 0;
}

/* A rename (c->name set) or a retirement or return (c->active). */
static int
do_change(struct session *s, void *arg)
{
	struct change *c = arg;
	sqlite3_stmt *st;
	int64_t active;
	int rc;

	if (current(s, c->id, &active) != 0)
		return -1;
	if (c->name && name_free(s, c->name, c->id) != 0)
		return -1;
	if (!c->name && active == c->active)
		return session_fail(s, c->active ? "that facility is not retired"
		                                 : "that facility is already retired");
	if (sql_prep(s, c->name ? "UPDATE facility SET name = ?1 WHERE id = ?2"
	                        : "UPDATE facility SET active = ?1 WHERE id = ?2", &st) != 0)
		return -1;
	rc = c->name ? sql_bind_text(st, 1, c->name, SQLITE_OK)
	             : sql_bind_int(st, 1, c->active, SQLITE_OK);
	rc = sql_bind_int(st, 2, c->id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	return audit_log(s, c->name ? "update" : c->active ? "restore" : "retire", "facility",
	                 c->id, 0, c->name ? "changed: name" : NULL);
}

int
facility_rename(struct session *s, int64_t id, const char *name)
{
	struct change c = {id, name, 1};

	if (may_change(s) != 0 || check_name(s, name) != 0)
		return -1;
	return session_write(s, do_change, &c);
}

int
facility_roster_note(struct session *s, char *out, size_t n)
{
	struct facility_row rows[2];
	int k = 0;

	out[0] = 0;
	if (facility_list(s, rows, 2, &k) != 0 || k < 2)
		return 0;
	snprintf(out, n, "Roster profiles must now name their facility (facility = NAME).");
	return 1;
}

int
facility_set_active(struct session *s, int64_t id, int active)
{
	struct change c = {id, NULL, active != 0};

	if (may_change(s) != 0)
		return -1;
	return session_write(s, do_change, &c);
}
