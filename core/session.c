/* SPDX-License-Identifier: ISC */
/*
 * session.c - who is acting, with which role, and what time it is.
 */
#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "record.h"

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
	const char *from;
	const struct login_failure *fails;
	int nfails;
	struct login_seen *seen;
};

/* The user's previous login and the failures against their name since,
 * kept on the user row (the audit log holds each one too), then the row
 * set for this login. */
static int
previous_login(struct session *s, const char *from, struct login_seen *seen)
{
	sqlite3_stmt *st;
	int rc;

	if (record_prep(s, "SELECT last_login_at, last_login_from, failed_logins FROM user "
	                   "WHERE id = ?1", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, s->user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (seen) {
			seen->prev_at = sqlite3_column_int64(st, 0);
			record_col_copy(st, 1, seen->prev_from, sizeof seen->prev_from);
			seen->failed_since = sqlite3_column_int64(st, 2);
		}
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	if (record_prep(s, "UPDATE user SET last_login_at = ?2, last_login_from = ?3, "
	                   "failed_logins = 0 WHERE id = ?1", &st) != 0)
		return -1;
	rc = record_bind_int(st, 1, s->user_id, SQLITE_OK);
	rc = record_bind_int(st, 2, session_now(s), rc);
	rc = record_bind_text(st, 3, from, rc);
	return record_finish(s, st, rc);
}

static int
record_failure(struct session *s, const char *from, const struct login_failure *f)
{
	char detail[200], when[32];
	int64_t uid = 0;
	sqlite3_stmt *st;
	time_t t = (time_t)f->at;
	struct tm tm;
	int rc;

	if (record_prep(s, "SELECT id FROM user WHERE name = ?1 COLLATE NOCASE", &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, f->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		uid = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	if (uid && record_query_i64(s, "UPDATE user SET failed_logins = failed_logins + 1 "
	                               "WHERE id = ?1 RETURNING id", uid, 0, &uid, NULL) != 0)
		return -1;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", gmtime_r(&t, &tm));
	snprintf(detail, sizeof detail, "%s%s%.63s at %s",
	         uid ? "wrong passphrase" : "unknown user name", from && *from ? " from " : "",
	         from && *from ? from : "", when);
	return audit_log(s, "login_failed", "user", uid, 0, detail);
}

static int
do_login(struct session *s, void *arg)
{
	struct login *l = arg;
	sqlite3_stmt *st;
	int rc, active = 0;
	char detail[80];

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
	for (int i = 0; i < l->nfails && i < SESSION_FAILED_MAX; i++)
		if (record_failure(s, l->from, &l->fails[i]) != 0)
			return -1;
	if (l->nfails > SESSION_FAILED_MAX) {
		snprintf(detail, sizeof detail, "%d more failed attempts not recorded one by one",
		         l->nfails - SESSION_FAILED_MAX);
		if (audit_log(s, "login_failed_more", NULL, 0, 0, detail) != 0)
			return -1;
	}
	if (previous_login(s, l->from, l->seen) != 0)
		return -1;
	if (l->from && *l->from)
		snprintf(detail, sizeof detail, "from %.63s", l->from);
	else
		detail[0] = 0;
	return audit_log(s, "login", "user", s->user_id, 0, detail[0] ? detail : NULL);
}

int
session_login(struct session *s, db *d, const char *user_name, const char *from,
              const struct login_failure *fails, int nfails, struct login_seen *seen)
{
	struct login l = {user_name, from, fails, nfails, seen};
	int64_t fixed = s->fixed_now;

	memset(s, 0, sizeof *s);
	if (seen)
		memset(seen, 0, sizeof *seen);
	s->db = d;
	s->fixed_now = fixed;
	return session_write(s, do_login, &l);
}

int
session_begin(struct session *s, db *d, const char *user_name)
{
	return session_login(s, d, user_name, NULL, NULL, 0, NULL);
}

static int
do_end(struct session *s, void *why)
{
	return audit_log(s, "logout", "user", s->user_id, 0, why);
}

int
session_end(struct session *s, const char *why)
{
	if (!s->db || !s->user_id)
		return 0;
	return session_write(s, do_end, (void *)why);
}

void
session_user_name(struct session *s, int64_t user_id, char *out, size_t n)
{
	sqlite3_stmt *st;

	if (n)
		out[0] = 0;
	if (!user_id || record_prep(s, "SELECT display_name FROM user WHERE id = ?1", &st) != 0)
		return;
	sqlite3_bind_int64(st, 1, user_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		record_col_copy(st, 0, out, n);
	sqlite3_finalize(st);
}

void
session_display_name(struct session *s, char *out, size_t n)
{
	session_user_name(s, s->user_id, out, n);
	if (n && !out[0])
		snprintf(out, n, "%s", s->user);
}
