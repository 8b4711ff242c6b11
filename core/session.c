/* SPDX-License-Identifier: ISC */
/*
 * session.c - who is acting, with which role, and what time it is.
 */
#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sqldb.h"
#include "witness.h"

static const char *const roles[ROLE_COUNT] = {"health", "caseworker", "supervisor", "admin",
                                                  "import"};

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

/* A write inside another (an import recording a booking) runs under a
 * savepoint: if it fails, nothing of it stays, and the outer one decides
 * whether to go on without it or give up whole. */
static int
joined(struct session *s, int (*fn)(struct session *, void *), void *arg)
{
	sqlite3 *sql = db_sql(s->db);
	struct session_witness due = s->witness;
	int rc;

	if (sqlite3_exec(sql, "SAVEPOINT joined", NULL, NULL, NULL) != SQLITE_OK)
		return session_dbfail(s);
	rc = fn(s, arg);
	if (rc != 0) {
		char err[sizeof s->err];

		/* Its rows are gone, and so is any head they made due. */
		s->witness = due;
		memcpy(err, s->err, sizeof err);
		sqlite3_exec(sql, "ROLLBACK TO joined", NULL, NULL, NULL);
		sqlite3_exec(sql, "RELEASE joined", NULL, NULL, NULL);
		memcpy(s->err, err, sizeof err);
		return -1;
	}
	if (sqlite3_exec(sql, "RELEASE joined", NULL, NULL, NULL) != SQLITE_OK)
		return session_dbfail(s);
	return 0;
}

int
session_write(struct session *s, int (*fn)(struct session *, void *), void *arg)
{
	int rc;

	if (s->viewing)
		return fn(s, arg);
	if (s->writing)
		return joined(s, fn, arg);
	if (db_begin_write(s->db) != 0)
		return session_dbfail(s);
	s->err[0] = 0;
	s->changing = 0;
	s->writing = 1;
	s->witness.seq = 0;
	rc = fn(s, arg);
	s->writing = 0;
	if (rc != 0) {
		if (!s->err[0])
			session_dbfail(s);
		db_rollback(s->db);
		s->witness.seq = 0;
		return -1;
	}
	if (db_commit(s->db) != 0) {
		s->witness.seq = 0;
		return session_dbfail(s);
	}
	if (s->changing)
		s->saved++;
	/* Committed: the head is in the file for good, and may go out. */
	if (s->witness.seq)
		witness_send(db_path(s->db), s->witness.seq, s->witness.mac, s->witness.login);
	s->witness.seq = 0;
	return 0;
}

int
session_rehearse(struct session *s, int (*fn)(struct session *, void *), void *arg)
{
	int rc;

	if (s->viewing || s->writing)
		return session_fail(s, "a dry run cannot be part of another change");
	if (db_begin_write(s->db) != 0)
		return session_dbfail(s);
	s->err[0] = 0;
	s->writing = 1;
	rc = fn(s, arg);
	s->writing = 0;
	if (rc != 0 && !s->err[0])
		session_dbfail(s);
	db_rollback(s->db);
	s->witness.seq = 0;
	return rc;
}

void
session_user_name(struct session *s, int64_t user_id, char *out, size_t n)
{
	sqlite3_stmt *st;

	if (n)
		out[0] = 0;
	/* sql.h sits above the session, so this one query is spelled out. */
	if (!user_id || sqlite3_prepare_v2(db_sql(s->db), "SELECT display_name FROM user WHERE id = ?1",
	                                   -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, user_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

void
session_display_name(struct session *s, char *out, size_t n)
{
	session_user_name(s, s->user_id, out, n);
	if (n && !out[0])
		snprintf(out, n, "%s", s->user);
}
