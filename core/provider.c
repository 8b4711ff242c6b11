/* SPDX-License-Identifier: ISC */
/*
 * provider.c - the provider directory (see provider.h).
 *
 * The directory is shared by everyone and belongs to no person: its audit
 * rows carry no person, and reads go without a write transaction.
 */
#include "provider.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "record.h"
#include "unaudited.h"

#define COLS                                                                           \
	"id, medicaid, walk_in, active, version, updated_at, updated_by, name, services, " \
	"address, phone, hours"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct provider *p = row;
	const char **const text[] = {&p->name, &p->services, &p->address, &p->phone, &p->hours};

	p->id = sqlite3_column_int64(st, 0);
	p->medicaid = sql_col_yn(st, 1);
	p->walk_in = sql_col_yn(st, 2);
	p->active = sqlite3_column_int(st, 3);
	p->version = sqlite3_column_int64(st, 4);
	p->updated_at = sqlite3_column_int64(st, 5);
	p->updated_by = sqlite3_column_int64(st, 6);
	return sql_copy_text(s, st, 7, text, 5, &p->store);
}

void
provider_free(struct provider *p)
{
	free(p->store);
	p->store = NULL;
}

void
provider_list_free(struct provider *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

int
provider_get(struct session *s, int64_t id, struct provider *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	s->err[0] = 0;
	if (sql_prep(s, "SELECT " COLS " FROM provider WHERE id = ?1", &st) != 0)
		return session_dbfail(s);
	if (sql_get(s, st, sql_bind_int(st, 1, id, SQLITE_OK), fill, out, sizeof *out,
	            "provider") != 0)
		return s->err[0] ? -1 : session_dbfail(s);
	return 0;
}

int
provider_list(struct session *s, int include_inactive, struct provider **rows, int *n)
{
	sqlite3_stmt *st;
	void *got = NULL;
	int rc;

	*rows = NULL;
	*n = 0;
	s->err[0] = 0;
	if (sql_prep(s, "SELECT " COLS " FROM provider WHERE active = 1 OR ?1 "
	             "ORDER BY name COLLATE NOCASE, id", &st) != 0)
		return session_dbfail(s);
	rc = sql_list(s, st, sql_bind_int(st, 1, include_inactive != 0, SQLITE_OK),
	              sizeof **rows, fill, &got, n);
	if (rc != 0) {
		provider_list_free(got, *n);
		*n = 0;
		return s->err[0] ? -1 : session_dbfail(s);
	}
	*rows = got;
	return 0;
}

/* ---------------------------------------------------------------- changes */

static int
validate(struct session *s, const struct provider *p)
{
	if (s->role != ROLE_ADMIN && s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only an admin or a supervisor can change the provider "
		                    "directory");
	if (check_text(s, "name", p->name, 200, 1, 0) != 0 ||
	    check_text(s, "services", p->services, 400, 0, 0) != 0 ||
	    check_text(s, "address", p->address, 400, 0, 1) != 0 ||
	    check_text(s, "phone", p->phone, 40, 0, 0) != 0 ||
	    check_text(s, "hours", p->hours, 200, 0, 0) != 0 ||
	    check_yn(s, "Medicaid", p->medicaid) != 0 ||
	    check_yn(s, "walk-in", p->walk_in) != 0)
		return -1;
	if (p->active != 0 && p->active != 1)
		return session_fail(s, "active: say whether it takes new referrals (yes or no)");
	return 0;
}

static int
name_free(struct session *s, const char *name, int64_t self)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT 1 FROM provider WHERE name = ?1 COLLATE NOCASE AND id <> ?2",
	             &st) != 0)
		return -1;
	rc = sql_bind_text(st, 1, name, SQLITE_OK);
	rc = sql_bind_int(st, 2, self, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return session_fail(s, "name: %s is already in the directory", name);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

/* Parameters 1 .. 8: the fields an entry is edited through. */
static int
bind_fields(sqlite3_stmt *st, const struct provider *p)
{
	int rc = SQLITE_OK;

	rc = sql_bind_text(st, 1, p->name, rc);
	rc = sql_bind_text(st, 2, p->services, rc);
	rc = sql_bind_text(st, 3, p->address, rc);
	rc = sql_bind_text(st, 4, p->phone, rc);
	rc = sql_bind_text(st, 5, p->hours, rc);
	rc = sql_bind_yn(st, 6, p->medicaid, rc);
	rc = sql_bind_yn(st, 7, p->walk_in, rc);
	return sql_bind_int(st, 8, p->active, rc);
}

static const char *
diff(struct record_diff *d, const char *lead, const struct provider *was,
     const struct provider *now)
{
	record_diff_start(d, lead);
	record_diff_text(d, "name", was->name, now->name);
	record_diff_text(d, "services", was->services, now->services);
	record_diff_text(d, "address", was->address, now->address);
	record_diff_text(d, "phone", was->phone, now->phone);
	record_diff_text(d, "hours", was->hours, now->hours);
	record_diff_int(d, "Medicaid", was->medicaid, now->medicaid);
	record_diff_int(d, "walk-in", was->walk_in, now->walk_in);
	record_diff_int(d, "active", was->active, now->active);
	return record_diff_end(d);
}

int
provider_create_unaudited(struct session *s, struct provider *p)
{
	sqlite3_stmt *st;
	int rc;

	assert(db_in_write(s->db));
	p->id = 0;
	p->active = 1;
	if (validate(s, p) != 0 || name_free(s, p->name, 0) != 0 ||
	    sql_prep(s, "INSERT INTO provider (name, services, address, phone, hours, "
	             "medicaid, walk_in, active, updated_at, updated_by, version) VALUES (?1, "
	             "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)", &st) != 0)
		return -1;
	rc = bind_fields(st, p);
	rc = sql_bind_int(st, 9, session_now(s), rc);
	rc = sql_bind_int(st, 10, s->user_id, rc);
	if (sql_insert(s, st, rc, &p->id) != 0)
		return -1;
	p->updated_at = session_now(s);
	p->updated_by = s->user_id;
	p->version = 1;
	return 0;
}

static int
do_create(struct session *s, void *arg)
{
	struct provider *p = arg;
	const struct provider none = {.active = 1};
	struct record_diff d;

	if (provider_create_unaudited(s, p) != 0)
		return -1;
	return audit_log(s, "create", "provider", p->id, 0, diff(&d, "given", &none, p));
}

int
provider_create(struct session *s, struct provider *p)
{
	struct provider w = *p;

	if (session_write(s, do_create, &w) != 0)
		return -1;
	p->id = w.id;
	p->active = 1;
	p->updated_at = w.updated_at;
	p->updated_by = w.updated_by;
	p->version = 1;
	return 0;
}

static int
do_update(struct session *s, void *arg)
{
	const struct provider *p = arg;
	struct provider cur;
	struct record_diff d;
	sqlite3_stmt *st;
	int rc = -1;

	memset(&cur, 0, sizeof cur);
	if (sql_prep(s, "SELECT " COLS " FROM provider WHERE id = ?1", &st) != 0 ||
	    sql_get(s, st, sql_bind_int(st, 1, p->id, SQLITE_OK), fill, &cur, sizeof cur,
	            "provider") != 0)
		return -1;
	if (cur.version != p->version) {
		record_conflict(s, "provider", cur.updated_by, cur.updated_at);
		goto out;
	}
	if (name_free(s, p->name, p->id) != 0 ||
	    sql_prep(s, "UPDATE provider SET name = ?1, services = ?2, address = ?3, "
	             "phone = ?4, hours = ?5, medicaid = ?6, walk_in = ?7, active = ?8, "
	             "updated_at = ?11, updated_by = ?12, version = version + 1 "
	             "WHERE id = ?9 AND version = ?10", &st) != 0)
		goto out;
	rc = bind_fields(st, p);
	rc = sql_bind_int(st, 9, p->id, rc);
	rc = sql_bind_int(st, 10, p->version, rc);
	rc = sql_bind_int(st, 11, session_now(s), rc);
	rc = sql_bind_int(st, 12, s->user_id, rc);
	if (sql_finish(s, st, rc) != 0) {
		rc = -1;
		goto out;
	}
	if (sqlite3_changes(db_sql(s->db)) != 1) {
		rc = record_conflict(s, "provider", cur.updated_by, cur.updated_at);
		goto out;
	}
	rc = audit_log(s, "update", "provider", p->id, 0, diff(&d, "changed", &cur, p));
out:
	free(cur.store);
	return rc;
}

int
provider_update(struct session *s, const struct provider *p)
{
	if (validate(s, p) != 0)
		return -1;
	return session_write(s, do_update, (void *)p);
}
