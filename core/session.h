/* SPDX-License-Identifier: ISC */
/*
 * session.h - who is acting, with which role, and what time it is.
 *
 * Every model call takes a session: the rules about who may do what, the
 * audit chain and the clocks all need the acting user and "now".  Tests pin
 * the clock with fixed_now.  Errors are sentences a caseworker understands,
 * left in err; functions return 0 or -1.
 */
#ifndef PASSAGE_SESSION_H
#define PASSAGE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

enum role { ROLE_HEALTH = 0, ROLE_CASEWORKER, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_COUNT };

struct session {
	db *db;
	int64_t user_id;
	enum role role;
	char user[65];
	int64_t fixed_now; /* nonzero: the clock is pinned here (tests, demo) */
	char err[DB_ERR_MAX];
};

const char *role_name(enum role r);
int role_parse(const char *s, enum role *out);

/* Start acting as user_name on d: the user must exist and be active.
 * Records the login in the audit log. */
int session_begin(struct session *s, db *d, const char *user_name);

/* Passphrases typed wrong before a login succeeds cannot be written down
 * when they happen: nothing can be written before the file is unlocked.
 * The login screen keeps them (the name as typed, and when) and hands
 * them to the next successful login, whoever that is, which records one
 * audit row per attempt against the user so named.  A name that is no
 * user's is recorded as "unknown user name" without the name: people do
 * type passphrases into the name field.  The user row keeps the last
 * login and the count since, for the greeting. */
#define SESSION_FAILED_MAX 64
struct login_failure {
	char user[65];
	int64_t at;
};

/* What the user is told after logging in: their previous login (0: this
 * is the first), where it came from, and the failed attempts recorded
 * against their name since then (including any handed in now). */
struct login_seen {
	int64_t prev_at;
	char prev_from[64];
	int64_t failed_since;
};

/* session_begin from a terminal: from says where ("pts/3", an SSH
 * client's address; up to 63 bytes, NULL: unknown), fails the attempts
 * that failed before this one (at most SESSION_FAILED_MAX are recorded,
 * and a row says how many more there were), seen (may be NULL) is
 * filled for the greeting.  One transaction: the login and the failures
 * are recorded together or not at all. */
int session_login(struct session *s, db *d, const char *user_name, const char *from,
                  const struct login_failure *fails, int nfails, struct login_seen *seen);
/* A session for the database's own bootstrap (no user yet). */
void session_system(struct session *s, db *d);

int64_t session_now(const struct session *s);
int session_fail(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The database's own error, as a sentence, into s->err; returns -1. */
int session_dbfail(struct session *s);

/* Records the end of the session (why: "logout", "another user logged
 * in at the lock screen") when someone is logged in. */
int session_end(struct session *s, const char *why);
/* The acting user's display name into out (their user name if none). */
void session_display_name(struct session *s, char *out, size_t n);
/* Any user's display name ("" for id 0 or no such user): names on
 * records ("caseworker: ...", "by ..."), which any role may see. */
void session_user_name(struct session *s, int64_t user_id, char *out, size_t n);

/* Run fn inside one write transaction: all of it or none of it. */
int session_write(struct session *s, int (*fn)(struct session *, void *), void *arg);

#endif
