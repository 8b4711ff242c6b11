/* SPDX-License-Identifier: ISC */
/*
 * user.c - users: a row for who they are and a key slot for their
 * passphrase.  The row is written first and the slot second: a slot can
 * only be removed by moving every page to a new key, a row by one DELETE.
 */
#include "user.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "check.h"
#include "record.h"
#include "unaudited.h"

static int
admin_only(struct session *s)
{
	return s->role == ROLE_ADMIN ? 0 : session_fail(s, "only an admin can manage users");
}

int
user_bootstrap(db *d, void *admin_name)
{
	struct session s;
	sqlite3_stmt *st;
	const char *name = admin_name;
	int rc;

	session_system(&s, d);
	if (db_begin_write(d) != 0)
		return -1;
	rc = sqlite3_prepare_v2(db_sql(d),
	                        "INSERT INTO user (name, display_name, role, created_at) "
	                        "VALUES (?1, ?1, 'admin', ?2)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(d, rc);
		db_rollback(d);
		return -1;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, session_now(&s));
	if (sql_finish(&s, st, SQLITE_OK) != 0) {
		db_rollback(d);
		return -1;
	}
	s.user_id = sqlite3_last_insert_rowid(db_sql(d));
	if (audit_log(&s, "init", "user", s.user_id, 0, NULL) != 0) {
		db_rollback(d);
		return -1;
	}
	return db_commit(d);
}

struct add_args {
	const char *name, *display;
	enum role role;
	int64_t id;
};

int
user_add_unaudited(struct session *s, const char *name, const char *display, enum role role,
                   int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	assert(db_in_write(s->db));
	if (!display || !*display)
		display = name;
	if (admin_only(s) != 0 || check_text(s, "user name", name, 64, 1, 0) != 0 ||
	    check_text(s, "full name", display, 120, 1, 0) != 0)
		return -1;
	if (name[0] == ' ' || name[strlen(name) - 1] == ' ')
		return session_fail(s, "user name: no spaces at the start or the end");
	if (role >= ROLE_COUNT)
		return session_fail(s, "role: not one of health, caseworker, supervisor, admin");
	if (db_has_user(s->db, name))
		return session_fail(s, "there is already a key for '%s'", name);
	rc = sqlite3_prepare_v2(db_sql(s->db),
	                        "INSERT INTO user (name, display_name, role, created_at) "
	                        "VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(s->db, rc);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, display, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, session_now(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return session_fail(s, "there is already a user called '%s'", name);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	*id = sqlite3_last_insert_rowid(db_sql(s->db));
	return 0;
}

static int
do_add(struct session *s, void *arg)
{
	struct add_args *a = arg;

	if (user_add_unaudited(s, a->name, a->display, a->role, &a->id) != 0)
		return -1;
	return audit_log(s, "user_add", "user", a->id, 0, role_name(a->role));
}

static int
do_forget(struct session *s, void *arg)
{
	struct add_args *a = arg;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db_sql(s->db), "DELETE FROM user WHERE id = ?1", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(s->db, rc);
	sqlite3_bind_int64(st, 1, a->id);
	if (sql_finish(s, st, SQLITE_OK) != 0)
		return -1;
	return audit_log(s, "user_add_undone", "user", a->id, 0, NULL);
}

int
user_add(struct session *s, const char *name, const char *display, enum role role,
         const char *temp_pass, enum db_kdf kdf)
{
	struct add_args a = {name, display, role, 0};

	if (session_write(s, do_add, &a) != 0)
		return -1;
	if (db_add_user(s->db, name, temp_pass, kdf, 1) != 0) {
		char why[DB_ERR_MAX];
		snprintf(why, sizeof why, "%s", db_errmsg(s->db));
		session_write(s, do_forget, &a);
		return session_fail(s, "%s; the user was not added", why);
	}
	return 0;
}

struct name_args {
	const char *name;
	enum role role;
};

static int
run_update(struct session *s, const char *sql, const struct name_args *a, int with_role,
           const char *action)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc = sqlite3_prepare_v2(db_sql(s->db), "SELECT id FROM user WHERE name = ?1", -1, &st,
	                            NULL);

	if (rc != SQLITE_OK)
		return db_fail(s->db, rc);
	sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!id)
		return session_fail(s, "there is no user called '%s'", a->name);
	rc = sqlite3_prepare_v2(db_sql(s->db), sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(s->db, rc);
	sqlite3_bind_int64(st, 1, id);
	if (with_role)
		sqlite3_bind_text(st, 2, role_name(a->role), -1, SQLITE_STATIC);
	if (sql_finish(s, st, SQLITE_OK) != 0)
		return -1;
	return audit_log(s, action, "user", id, 0, with_role ? role_name(a->role) : NULL);
}

static int
do_disable(struct session *s, void *arg)
{
	return run_update(s, "UPDATE user SET active = 0, version = version + 1 WHERE id = ?1",
	                  arg, 0, "user_disable");
}

static int
do_role(struct session *s, void *arg)
{
	return run_update(s, "UPDATE user SET role = ?2, version = version + 1 WHERE id = ?1",
	                  arg, 1, "user_role");
}

int
user_disable(struct session *s, const char *name)
{
	struct name_args a = {name, ROLE_HEALTH};

	if (admin_only(s) != 0)
		return -1;
	if (strcasecmp(name, s->user) == 0)
		return session_fail(s, "you cannot disable yourself");
	if (session_write(s, do_disable, &a) != 0)
		return -1;
	if (db_has_user(s->db, name) && db_remove_user(s->db, name) != 0)
		return session_fail(s, "%s is disabled and can no longer act, but their key was "
		                    "not removed (%s): run the command again", name,
		                    db_errmsg(s->db));
	return 0;
}

int
user_set_role(struct session *s, const char *name, enum role role)
{
	struct name_args a = {name, role};

	if (admin_only(s) != 0)
		return -1;
	if (role >= ROLE_COUNT)
		return session_fail(s, "role: not one of health, caseworker, supervisor, admin");
	if (strcasecmp(name, s->user) == 0 && role != ROLE_ADMIN)
		return session_fail(s, "you cannot take away your own admin role");
	return session_write(s, do_role, &a);
}

int
user_list(struct session *s, struct user_info *out, int max, int *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (admin_only(s) != 0)
		return -1;
	rc = sqlite3_prepare_v2(db_sql(s->db),
	                        "SELECT id, name, display_name, role, active, last_login_at "
	                        "FROM user ORDER BY name", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(s->db, rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct user_info *u = &out[(*n)++];
		memset(u, 0, sizeof *u);
		u->id = sqlite3_column_int64(st, 0);
		snprintf(u->name, sizeof u->name, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(u->display, sizeof u->display, "%s",
		         (const char *)sqlite3_column_text(st, 2));
		role_parse((const char *)sqlite3_column_text(st, 3), &u->role);
		u->active = sqlite3_column_int(st, 4);
		u->last_login_at = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}
