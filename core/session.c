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

/* The user's previous login, found through the audit log's entity index
 * (a login row names the user as its entity). */
static int
previous_login(struct session *s, struct login_seen *seen)
{
	sqlite3_stmt *st;
	int64_t seq = 0;
	int rc;

	if (record_prep(s, "SELECT seq, at, detail FROM audit WHERE entity = 'user' AND "
	                   "entity_id = ?1 AND action = 'login' ORDER BY seq DESC LIMIT 1",
	                &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, s->user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 2);

		seq = sqlite3_column_int64(st, 0);
		seen->prev_at = sqlite3_column_int64(st, 1);
		if (d && strncmp(d, "from ", 5) == 0)
			snprintf(seen->prev_from, sizeof seen->prev_from, "%s", d + 5);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	return record_query_i64(s,
	                        "SELECT count(*) FROM audit WHERE entity = 'user' AND "
	                        "entity_id = ?1 AND action = 'login_failed' AND seq > ?2",
	                        s->user_id, seq, &seen->failed_since, NULL);
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
	if (l->seen && previous_login(s, l->seen) != 0)
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
