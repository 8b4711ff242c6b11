/* SPDX-License-Identifier: ISC */
/*
 * login.c - the login ceremony: who begins and ends acting on the file,
 * and the failed attempts before them (see login.h).
 */
#include "login.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "setting.h"
#include "sql.h"
#include "witness.h"

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

	if (sql_prep(s, "SELECT last_login_at, last_login_from, failed_logins FROM user "
	                "WHERE id = ?1", &st) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, s->user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (seen) {
			seen->prev_at = sqlite3_column_int64(st, 0);
			sql_col_copy(st, 1, seen->prev_from, sizeof seen->prev_from);
			seen->failed_since = sqlite3_column_int64(st, 2);
		}
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	if (sql_prep(s, "UPDATE user SET last_login_at = ?2, last_login_from = ?3, "
	                "failed_logins = 0 WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, s->user_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_text(st, 3, from, rc);
	return sql_finish(s, st, rc);
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

	if (sql_prep(s, "SELECT id FROM user WHERE name = ?1 COLLATE NOCASE", &st) != 0)
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
	if (uid && sql_query_i64(s, "UPDATE user SET failed_logins = failed_logins + 1 "
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

	rc = sqlite3_prepare_v2(db_sql(s->db),
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
	for (int i = 0; i < l->nfails && i < LOGIN_FAILED_MAX; i++)
		if (record_failure(s, l->from, &l->fails[i]) != 0)
			return -1;
	if (l->nfails > LOGIN_FAILED_MAX) {
		snprintf(detail, sizeof detail, "%d more failed attempts not recorded one by one",
		         l->nfails - LOGIN_FAILED_MAX);
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
login_begin(struct session *s, db *d, const char *user_name, const char *from,
            const struct login_failure *fails, int nfails, struct login_seen *seen)
{
	struct login l = {user_name, from, fails, nfails, seen};
	int64_t fixed = s->fixed_now;

	memset(s, 0, sizeof *s);
	if (seen)
		memset(seen, 0, sizeof *seen);
	s->db = d;
	s->fixed_now = fixed;
	if (session_write(s, do_login, &l) != 0)
		return -1;
	s->witness_every = setting_int(d, WITNESS_SETTING, WITNESS_EVERY);
	if (s->witness_every < 1 || s->witness_every > WITNESS_EVERY_MAX)
		s->witness_every = WITNESS_EVERY;
	return 0;
}

int
login_as(struct session *s, db *d, const char *user_name)
{
	return login_begin(s, d, user_name, NULL, NULL, 0, NULL);
}

static int
do_end(struct session *s, void *why)
{
	return audit_log(s, "logout", "user", s->user_id, 0, why);
}

int
login_end(struct session *s, const char *why)
{
	if (!s->db || !s->user_id)
		return 0;
	return session_write(s, do_end, (void *)why);
}

