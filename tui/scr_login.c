/* SPDX-License-Identifier: ISC */
/*
 * scr_login.c - the first screen: Passage's name, the site, and a user
 * name and passphrase.  Nothing else: no case data before a login.
 *
 * The login itself is here too (scr_login_as), and the lock screen uses
 * it when another user logs in there: the file is opened, the session
 * started, and every screen replaced by the first one for that user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cred.h"
#include "nav.h"
#include "run.h"
#include "scr.h"

struct login_st {
	struct cred c; /* first: cred_screen_close wipes it */
};

static int
login_open(struct app *a, void *st, const void *arg)
{
	struct login_st *l = st;

	(void)a;
	cred_init(&l->c, arg);
	return 0;
}

static void
login_draw(struct app *a, void *st, WINDOW *w)
{
	struct login_st *l = st;
	int h = getmaxy(w);
	int y = h / 2 - 5;

	tui_put_attr(a, w, y, (a->cols - 7) / 2, 7, "Passage", A_BOLD);
	tui_put(a, w, y + 1, (a->cols - 40) / 2, 40, "");
	{
		int wd = (int)strlen(a->site);
		if (wd > a->cols - 4)
			wd = a->cols - 4;
		tui_put(a, w, y + 2, (a->cols - wd) / 2, wd, a->site);
	}
	cred_draw(a, &l->c, w, y + 5);
	tui_put(a, w, y + 10, (a->cols - 48) / 2, 48,
	        "Type your user name and passphrase, then ENTER.");
}

static void
login_key(struct app *a, void *st, enum action act, int k)
{
	struct login_st *l = st;
	char user[sizeof l->c.ubuf];

	(void)act;
	if (!cred_key(a, &l->c, k) || cred_must_wait(a))
		return;
	snprintf(user, sizeof user, "%s", le_text(&l->c.user));
	tui_message(a, 0, "Checking the passphrase...");
	tui_redraw(a);
	/* On success every screen is replaced, this one too: l is gone. */
	if (scr_login_as(a, user, le_text(&l->c.pass)) != -1)
		return; /* every screen was replaced, this one too */
	le_wipe(&l->c.pass);
	l->c.focus = 1;
}

const struct screen scr_login = {
    .title = "log in",
    .ctx = CTX_NONE,
    .size = sizeof(struct login_st),
    .open = login_open,
    .close = cred_screen_close,
    .draw = login_draw,
    .key = login_key,
};

/* Where this login comes from, for "last login ... from ...": the SSH
 * client's address, else the terminal's name. */
static void
login_from(char *out, size_t n)
{
	const char *ssh = getenv("SSH_CONNECTION");
	const char *tty;

	if (ssh && *ssh) {
		snprintf(out, n, "%.*s", (int)strcspn(ssh, " "), ssh);
		return;
	}
	tty = ttyname(STDIN_FILENO);
	if (tty && strncmp(tty, "/dev/", 5) == 0)
		tty += 5;
	snprintf(out, n, "%s", tty ? tty : "");
}

/* scr_login_as's work, with the passphrase in the caller's own copy: the
 * screen it was typed into may be freed on the way. */
static int
login_with(struct app *a, const char *name, const char *pass)
{
	char err[DB_ERR_MAX], from[64];
	struct login_seen seen;
	db *d;
	int64_t fixed = a->s.fixed_now;

	/* A file is open once per process: at the lock screen, check the
	 * new user's passphrase against the header first, so a wrong one
	 * leaves the locked session as it was, and only then end it. */
	if (a->db && db_check_passphrase(a->db, name, pass) != 0) {
		cred_failed_message(a, 0, cred_failed(a, name));
		return -1;
	}
	if (a->db)
		tui_logout(a, "another user logged in at the lock screen");
	if (db_open(a->opt->path, name, pass, NULL, &d, err, sizeof err) != 0) {
		if (strstr(err, "user name or passphrase") || strstr(err, "no such user"))
			cred_failed_message(a, 0, cred_failed(a, name));
		else
			tui_message(a, 1, "%s", err);
		if (!a->depth) {
			tui_reset(a, &scr_login, NULL);
			return -2;
		}
		return -1;
	}
	cred_succeeded(a);
	login_from(from, sizeof from);
	a->s.fixed_now = fixed;
	if (login_begin(&a->s, d, name, from, a->fails, a->nfails + a->nfails_more, &seen) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		db_close(d);
		tui_reset(a, &scr_login, NULL);
		return -2;
	}
	if (a->s.role == ROLE_IMPORT) {
		/* The unattended import's account: logged in and out at once,
		 * so the audit log shows the attempt and its refusal. */
		login_end(&a->s, "refused: an import account has no screens");
		db_close(d);
		explicit_bzero(&a->s, sizeof a->s);
		a->s.fixed_now = fixed;
		tui_message(a, 1, "this account only imports the jail's roster; it has no screens");
		tui_reset(a, &scr_login, NULL);
		return -2;
	}
	tui_logged_in(a, d, name, &seen);
	nav_logged_in(a, db_must_change(d));
	return 0;
}

int
scr_login_as(struct app *a, const char *user, const char *pass)
{
	char name[65], *copy = malloc(CRED_PASS_MAX + 1);
	int rc;

	if (!copy) {
		tui_message(a, 1, "out of memory");
		return -1;
	}
	snprintf(name, sizeof name, "%s", user);
	snprintf(copy, CRED_PASS_MAX + 1, "%s", pass);
	rc = login_with(a, name, copy);
	explicit_bzero(copy, CRED_PASS_MAX + 1);
	free(copy);
	return rc;
}
