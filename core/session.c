/*
 * session.c - who is acting, with which role, and what time it is.
 */
#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"

static const char *const roles[ROLE_COUNT] = {"health", "caseworker", "supervisor", "admin"};

const char *
role_name(enum role r)
{
	return r < ROLE_COUNT ? roles[r] : "unknown";
}

int
role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (s && strcmp(s, roles[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

int64_t
session_now(const struct session *s)
{
	return s->fixed_now ? s->fixed_now : (int64_t)time(NULL);
}

int
session_fail(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

int
session_dbfail(struct session *s)
{
	snprintf(s->err, sizeof s->err, "%s", db_errmsg(s->db));
	return -1;
}

void
session_system(struct session *s, db *d)
{
	memset(s, 0, sizeof *s);
	s->db = d;
	s->role = ROLE_ADMIN;
	snprintf(s->user, sizeof s->user, "(system)");
}

int
session_write(struct session *s, int (*fn)(struct session *, void *), void *arg)
{
	if (db_begin_write(s->db) != 0)
		return session_dbfail(s);
	s->err[0] = 0;
	if (fn(s, arg) != 0) {
		if (!s->err[0])
			session_dbfail(s);
		db_rollback(s->db);
		return -1;
	}
	if (db_commit(s->db) != 0)
		return session_dbfail(s);
	return 0;
}

struct login {
	const char *name;
};

static int
do_login(struct session *s, void *arg)
{
	struct login *l = arg;
	sqlite3_stmt *st;
	int rc, active = 0;

	rc = sqlite3_prepare_v2(s->db->sql,
	                        "SELECT id, role, active, name FROM user WHERE name = ?1 "
	                        "COLLATE NOCASE", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(s->db, rc);
	sqlite3_bind_text(st, 1, l->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->user_id = sqlite3_column_int64(st, 0);
		role_parse((const char *)sqlite3_column_text(st, 1), &s->role);
		active = sqlite3_column_int(st, 2);
		snprintf(s->user, sizeof s->user, "%s", (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	/* The key slot let this person in; without an active user row they
	 * still may not act. */
	if (rc == SQLITE_DONE || !active)
		return session_fail(s, "this user is not active in Passage: ask an admin");
	return audit_log(s, "login", "user", s->user_id, 0, NULL);
}

int
session_begin(struct session *s, db *d, const char *user_name)
{
	struct login l = {user_name};
	int64_t fixed = s->fixed_now;

	memset(s, 0, sizeof *s);
	s->db = d;
	s->fixed_now = fixed;
	return session_write(s, do_login, &l);
}
