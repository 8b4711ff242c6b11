/* SPDX-License-Identifier: ISC */
/*
 * unlock.c - unlocking a database from the command line, shared by the
 * subcommands that open an existing file.
 *
 * Each run is a new process, so the wait after wrong passphrases is
 * counted in the file beside the database (lockout.c): a run that comes
 * too soon after them is refused before a passphrase is asked, with the
 * seconds left, and never sleeps.
 */
#include "unlock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "cli.h"
#include "db.h"
#include "lockout.h"
#include "login.h"
#include "prompt.h"
#include "session.h"

/* "; wait N seconds before trying again", or "" with no wait. */
static const char *
wait_words(int secs, char *buf, size_t n)
{
	if (secs <= 0)
		return "";
	snprintf(buf, n, "; wait %d second%s before trying again", secs, secs == 1 ? "" : "s");
	return buf;
}

/* keep: NULL, or where to hand the passphrase back (prompt_free it). */
static int
unlock_as(const struct common_opts *o, db **out, char *name, size_t n, char **keep)
{
	char err[DB_ERR_MAX], words[64], tty[64];
	char *user = NULL, *pass;
	struct lockout lk = {0, 0};
	int rc, left;

	lockout_load(o->file, &lk);
	left = lockout_left(&lk, (int64_t)time(NULL));
	if (left > 0)
		return cli_error("%s: too many wrong passphrases in a row%s", o->file,
		                 wait_words(left, words, sizeof words));
	if (!o->user) {
		user = prompt_line("User name: ", o->pass_fd, err, sizeof err);
		if (!user)
			return cli_error("%s", err);
	}
	snprintf(name, n, "%s", o->user ? o->user : user);
	pass = prompt_secret("Passphrase: ", o->pass_fd, err, sizeof err);
	if (!pass) {
		prompt_free(user);
		return cli_error("%s", err);
	}
	rc = db_open(o->file, name, pass, NULL, out, err, sizeof err);
	if (rc == 0 && keep)
		*keep = pass;
	else
		prompt_free(pass);
	prompt_free(user);
	if (rc != 0 && db_wrong_passphrase(err)) {
		lockout_tty(tty, sizeof tty);
		lockout_syslog(name, tty);
		left = lockout_fail(o->file, &lk, (int64_t)time(NULL));
		return cli_error("%s: %s%s", o->file, err, wait_words(left, words, sizeof words));
	}
	if (rc != 0)
		return cli_error("%s: %s", o->file, err);
	lockout_clear(o->file, &lk);
	return EXIT_OK;
}

/* An import account runs only the commands made for it; any other is
 * refused once it has logged in, and the refusal ends its session in the
 * audit log as a logout would. */
static int
refuse_import(const struct common_opts *o, struct session *s)
{
	if (s->role != ROLE_IMPORT || o->import_ok)
		return 0;
	login_end(s, "refused: an import account only imports the jail's roster");
	return access_refuse_import(s);
}

void
cli_session_clock(struct session *s)
{
#ifdef PASSAGE_TUI_TEST
	/* The screen tests' build: demo data made at the tests' pinned clock,
	 * so golden screens do not change with the day they run. */
	if (getenv("PASSAGE_TEST_NOW"))
		s->fixed_now = strtoll(getenv("PASSAGE_TEST_NOW"), NULL, 10);
#else
	(void)s;
#endif
}

int
cli_unlock(const struct common_opts *o, db **out)
{
	char name[65];

	return unlock_as(o, out, name, sizeof name, NULL);
}

int
cli_session(const struct common_opts *o, db **out, struct session *s)
{
	return cli_session_pass(o, out, s, NULL);
}

int
cli_session_pass(const struct common_opts *o, db **out, struct session *s, char **pass)
{
	char name[65];
	int rc = unlock_as(o, out, name, sizeof name, pass);

	if (rc != EXIT_OK)
		return rc;
	if (db_must_change(*out)) {
		if (pass) {
			prompt_free(*pass);
			*pass = NULL;
		}
		db_close(*out);
		return cli_error("change your temporary passphrase first: passage passwd %s --user %s",
		                 o->file, name);
	}
	memset(s, 0, sizeof *s);
	cli_session_clock(s);
	if (login_as(s, *out, name) != 0 || refuse_import(o, s) != 0) {
		cli_error("%s: %s", o->file, s->err);
		if (pass) {
			prompt_free(*pass);
			*pass = NULL;
		}
		db_close(*out);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
