/* SPDX-License-Identifier: ISC */
/*
 * login.h - beginning and ending a session: the login ceremony, recorded
 * in the audit log.
 */
#ifndef PASSAGE_LOGIN_H
#define PASSAGE_LOGIN_H

#include <stdint.h>

#include "session.h"

/* Start acting as user_name on d: the user must exist and be active.
 * Records the login in the audit log. */
int login_as(struct session *s, db *d, const char *user_name);

/* Passphrases typed wrong before a login succeeds cannot be written down
 * when they happen: nothing can be written before the file is unlocked.
 * The login screen keeps them (the name as typed, and when) and hands
 * them to the next successful login, whoever that is, which records one
 * audit row per attempt against the user so named.  A name that is no
 * user's is recorded as "unknown user name" without the name: people do
 * type passphrases into the name field.  The user row keeps the last
 * login and the count since, for the greeting. */
#define LOGIN_FAILED_MAX 64
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

/* The same from a terminal: from says where ("pts/3", an SSH
 * client's address; up to 63 bytes, NULL: unknown), fails the attempts
 * that failed before this one (at most LOGIN_FAILED_MAX are recorded,
 * and a row says how many more there were), seen (may be NULL) is
 * filled for the greeting.  One transaction: the login and the failures
 * are recorded together or not at all. */
int login_begin(struct session *s, db *d, const char *user_name, const char *from,
                const struct login_failure *fails, int nfails, struct login_seen *seen);

/* Records the end of the session (why: "logout", "another user logged
 * in at the lock screen") when someone is logged in. */
int login_end(struct session *s, const char *why);

#endif
