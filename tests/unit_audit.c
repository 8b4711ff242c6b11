/* SPDX-License-Identifier: ISC */
/*
 * unit_audit.c - users, sessions and the audit chain.
 *
 * The chain must verify after every kind of write, survive a key rotation
 * (removing a user), refuse UPDATE and DELETE, and name the first row that
 * was changed behind the triggers' back.
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "user.h"
#include "util.h"

#define NOW 1790000000 /* 2026-09-21, a fixed clock */

static db *
create_with_admin(const char *path)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)TU_ADMIN};

	return tu_create_opts(path, &o);
}

static int
begin(struct session *s, db *d, const char *name)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = NOW;
	return login_as(s, d, name);
}

static int
verifies(db *d, int64_t *rows, int64_t *bad, char *err)
{
	return audit_verify(d, rows, bad, err, DB_ERR_MAX);
}

static void
test_users(const char *dir)
{
	const char *p = tu_path(dir, "users.db");
	struct session s, c;
	struct user_info u[8];
	char err[DB_ERR_MAX];
	int n;
	db *d = create_with_admin(p), *d2;

	ok(begin(&s, d, "ADMIN") == 0, "the first admin exists from init (name case aside)");
	ok(s.role == ROLE_ADMIN, "  as an admin");
	ok(user_add(&s, "mrivera", "Maria Rivera", ROLE_CASEWORKER, "temporary one",
	            DB_KDF_INTERACTIVE) == 0, "an admin adds a caseworker");
	ok(user_add(&s, "MRivera", "Other", ROLE_HEALTH, "temporary two", DB_KDF_INTERACTIVE) != 0,
	   "the same name again is refused");
	has_str(s.err, "already", "  and says so");
	ok(user_add(&s, "bad\033[2Jname", "x", ROLE_HEALTH, "temporary two", DB_KDF_INTERACTIVE) != 0,
	   "a name with an escape sequence is refused");
	ok(user_add(&s, "", "x", ROLE_HEALTH, "temporary two", DB_KDF_INTERACTIVE) != 0,
	   "an empty name is refused");
	ok(user_list(&s, u, 8, &n) == 0 && n == 2, "two users listed");
	ok(user_set_role(&s, TU_ADMIN, ROLE_CASEWORKER) != 0, "an admin cannot demote themself");
	db_close(d);

	if (db_open(p, "mrivera", "temporary one", NULL, &d2, err, sizeof err) != 0)
		tap_bail("%s", err);
	ok(db_must_change(d2), "the new user must change the temporary passphrase");
	ok(begin(&c, d2, "mrivera") == 0 && c.role == ROLE_CASEWORKER, "they act as a caseworker");
	ok(user_add(&c, "x", "x", ROLE_ADMIN, "temporary three", DB_KDF_INTERACTIVE) != 0,
	   "a caseworker cannot add users");
	has_str(c.err, "only an admin", "  and is told why");
	ok(user_list(&c, u, 8, &n) != 0, "nor list them");
	db_close(d2);

	d = tu_open(p);
	begin(&s, d, TU_ADMIN);
	ok(user_disable(&s, TU_ADMIN) != 0, "an admin cannot disable themself");
	ok(user_disable(&s, "mrivera") == 0, "disable the caseworker: %s", s.err);
	db_close(d);
	ok(db_open(p, "mrivera", "temporary one", NULL, &d2, err, sizeof err) != 0,
	   "their passphrase no longer opens the file");
	d = tu_open(p);
	begin(&s, d, TU_ADMIN);
	user_list(&s, u, 8, &n);
	ok(n == 2 && !u[1].active, "they stay in the list, inactive");
	db_close(d);
}

static void
test_chain(const char *dir)
{
	const char *p = tu_path(dir, "chain.db");
	struct session s;
	struct audit_head h1, h2;
	char err[DB_ERR_MAX], head[40];
	int64_t rows, bad;
	db *d = create_with_admin(p);

	begin(&s, d, TU_ADMIN);
	user_add(&s, "sam", "Sam", ROLE_HEALTH, "temporary one", DB_KDF_INTERACTIVE);
	user_add(&s, "kim", "Kim", ROLE_SUPERVISOR, "temporary two", DB_KDF_INTERACTIVE);
	ok(verifies(d, &rows, &bad, err) == 0, "the chain verifies: %lld rows", (long long)rows);
	ok(rows >= 4, "  init, login and two additions are logged");
	audit_head(d, &h1);
	audit_head_text(&h1, head);
	const char *colon = strchr(head, ':');
	ok(h1.seq == rows && colon && strlen(colon + 1) == 16 && atoll(head) == h1.seq,
	   "the head reads as SEQ:16 hex digits (%s)", head);

	/* Removing a user moves every page to a new key; the chain must
	 * still verify, since the audit key does not change. */
	ok(user_disable(&s, "sam") == 0, "disable a user (key rotation)");
	ok(verifies(d, &rows, &bad, err) == 0, "the chain still verifies after the rotation");

	ok(db_exec(d, "UPDATE audit SET detail = 'x' WHERE seq = 2") != 0,
	   "UPDATE on the audit log is refused");
	has_str(db_errmsg(d), "cannot be changed", "  with the trigger's words");
	ok(db_exec(d, "DELETE FROM audit WHERE seq = 2") != 0, "DELETE is refused");

	/* Around the triggers, as someone with the key and SQL could. */
	tu_exec(d, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
	tu_exec(d, "UPDATE audit SET detail = 'changed' WHERE seq = 3");
	ok(verifies(d, &rows, &bad, err) != 0 && bad == 3, "a changed row is named: row %lld",
	   (long long)bad);
	has_str(err, "row 3", "  in the message");
	db_close(d);

	p = tu_path(dir, "cut.db");
	d = create_with_admin(p);
	begin(&s, d, TU_ADMIN);
	begin(&s, d, TU_ADMIN);
	begin(&s, d, TU_ADMIN);
	audit_head(d, &h1);
	tu_exec(d, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;");
	ok(verifies(d, &rows, &bad, err) != 0 && bad == 2, "a removed row is named");
	has_str(err, "missing", "  as missing");
	tu_exec(d, "DELETE FROM audit WHERE seq > 1");
	ok(verifies(d, &rows, &bad, err) == 0 && rows == 1,
	   "rows cut from the end leave a valid chain...");
	audit_head(d, &h2);
	ok(h2.seq < h1.seq, "  ...which only a head noted outside the file reveals");
	db_close(d);
}

/* Failed attempts are handed to the next successful login, whoever makes
 * it, and shown to the user they were against at that user's next login. */
static void
test_logins(const char *dir)
{
	const char *p = tu_path(dir, "logins.db");
	struct session s;
	struct login_seen seen;
	struct login_failure f[LOGIN_FAILED_MAX + 3];
	int64_t n = 0, bad;
	db *d = create_with_admin(p);

	begin(&s, d, TU_ADMIN);
	ok(user_add(&s, "jdoe", "J Doe", ROLE_CASEWORKER, "temporary one", DB_KDF_INTERACTIVE) == 0,
	   "a second user");
	memset(&s, 0, sizeof s);
	s.fixed_now = NOW + 60;
	ok(login_begin(&s, d, TU_ADMIN, "pts/3", NULL, 0, &seen) == 0, "a login from a terminal");
	ok(seen.prev_at == NOW && seen.prev_from[0] == 0,
	   "  shows the previous login's time (it named no terminal)");
	ok(seen.failed_since == 0, "  and no failed attempts");

	memset(f, 0, sizeof f);
	snprintf(f[0].user, sizeof f[0].user, "JDOE");
	f[0].at = NOW + 100;
	snprintf(f[1].user, sizeof f[1].user, "jdoe");
	f[1].at = NOW + 110;
	snprintf(f[2].user, sizeof f[2].user, "my secret passphrase");
	f[2].at = NOW + 120;
	memset(&s, 0, sizeof s);
	s.fixed_now = NOW + 200;
	ok(login_begin(&s, d, TU_ADMIN, "10.0.0.7", f, 3, &seen) == 0,
	   "a login hands in three failed attempts");
	ok(seen.prev_at == NOW + 60 && strcmp(seen.prev_from, "pts/3") == 0,
	   "  the previous login and where it came from");
	ok(seen.failed_since == 0, "  none of them were against this user");
	n = tu_int(d, "SELECT count(*) FROM audit WHERE action = 'login_failed'");
	ok(n == 3, "  each attempt is an audit row");
	n = tu_int(d, "SELECT count(*) FROM audit WHERE action = 'login_failed' AND "
	                "detail LIKE '%secret%'");
	ok(n == 0, "  a name that is no user's is not written down");
	n = tu_int(d, "SELECT count(*) FROM audit WHERE action = 'login_failed' AND "
	                "detail LIKE 'unknown user name from 10.0.0.7 at %'");
	ok(n == 1, "  it is recorded as an unknown user name");

	memset(&s, 0, sizeof s);
	s.fixed_now = NOW + 300;
	ok(login_begin(&s, d, "jdoe", "pts/4", NULL, 0, &seen) == 0, "the user tried logs in");
	ok(seen.prev_at == 0, "  for the first time");
	ok(seen.failed_since == 2, "  and is told of the two failed attempts against their name");
	memset(&s, 0, sizeof s);
	s.fixed_now = NOW + 400;
	login_begin(&s, d, "jdoe", "pts/4", NULL, 0, &seen);
	ok(seen.failed_since == 0 && seen.prev_at == NOW + 300, "  once, not again");

	for (int i = 0; i < LOGIN_FAILED_MAX + 3; i++) {
		snprintf(f[i].user, sizeof f[i].user, "jdoe");
		f[i].at = NOW + 500 + i;
	}
	memset(&s, 0, sizeof s);
	s.fixed_now = NOW + 600;
	ok(login_begin(&s, d, TU_ADMIN, NULL, f, LOGIN_FAILED_MAX + 3, NULL) == 0,
	   "a flood of failed attempts");
	n = tu_int(d, "SELECT count(*) FROM audit WHERE action = 'login_failed_more' AND "
	                "detail LIKE '3 more%'");
	ok(n == 1, "  is recorded up to a limit, with how many more there were");
	ok(verifies(d, &n, &bad, s.err) == 0, "the chain verifies with all of them");
	db_close(d);
}

/* A row written outside a write transaction could land between another
 * writer's head and its row, forking the chain: audit_log asserts the
 * lock.  The check is on in every build; here it must stop the program
 * before anything is written. */
static void
test_needs_write_lock(const char *dir)
{
	const char *p = tu_path(dir, "lock.db");
	struct session s;
	struct audit_head h1, h2;
	int status = 0;
	db *d = create_with_admin(p);
	pid_t pid;

	begin(&s, d, TU_ADMIN);
	audit_head(d, &h1);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* The abort's message is the test's to see, not the harness's. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		audit_log(&s, "test", NULL, 0, 0, NULL);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok(pid > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	   "a row outside a write transaction stops the program (assert)");
	audit_head(d, &h2);
	ok(h1.seq == h2.seq, "  and nothing was added to the chain");
	db_close(d);
}

int
main(void)
{
	const char *dir;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	test_users(dir);
	test_chain(dir);
	test_logins(dir);
	test_needs_write_lock(dir);
	return tap_done();
}
