/* SPDX-License-Identifier: ISC */
/*
 * cred.c - the login box and the count of wrong tries, which the login
 * and lock screens share (the login itself is scr_login.c's).
 *
 * Nothing can be written to the file before it is unlocked, so a wrong
 * passphrase is kept in memory (the name as typed and when) and handed to
 * the next login that succeeds, which records it in the audit log.  The
 * message never says which of the two was wrong.  Each wrong try also goes
 * to the system's authentication log and to the count of wrong tries kept
 * beside the database (lockout.c), which other processes share: after a
 * few, the next try must wait, and the message says how long.
 */
#include "cred.h"

#include <stdio.h>
#include <string.h>

#include "run.h"

void
cred_init(struct cred *c, const char *user)
{
	le_init(&c->user, c->ubuf, sizeof c->ubuf, 64, 0);
	le_init(&c->pass, c->pbuf, sizeof c->pbuf, CRED_PASS_MAX, LE_SECRET);
	if (user && *user) {
		le_set(&c->user, user);
		c->focus = 1;
	}
}

void
cred_wipe(struct cred *c)
{
	le_wipe(&c->pass);
	explicit_bzero(c->pbuf, sizeof c->pbuf);
}

void
cred_screen_close(struct app *a, void *st)
{
	(void)a;
	cred_wipe(st);
}

void
cred_draw(struct app *a, struct cred *c, WINDOW *w, int y)
{
	int x = (a->cols - 48) / 2, col;
	char view[4 * 80 + 1];

	mvwaddstr(w, y, x, "User name:  ");
	le_view(&c->user, 32, view, sizeof view, &col);
	tui_put_attr(a, w, y, x + 12, 32, view, A_UNDERLINE);
	if (c->focus == 0) {
		a->cur_y = y;
		a->cur_x = x + 12 + col;
	}
	mvwaddstr(w, y + 2, x, "Passphrase: ");
	/* Nothing of the passphrase is drawn, not even its length. */
	tui_put_attr(a, w, y + 2, x + 12, 32, "", A_UNDERLINE);
	if (c->focus == 1) {
		a->cur_y = y + 2;
		a->cur_x = x + 12;
	}
}

int
cred_key(struct app *a, struct cred *c, int k)
{
	(void)a;
	switch (keymap_find(CTX_BOX, k)) {
	case ACT_B_DONE:
		if (c->focus == 0) {
			if (le_text(&c->user)[0])
				c->focus = 1;
			return 0;
		}
		if (!le_text(&c->user)[0]) {
			c->focus = 0;
			return 0;
		}
		return 1;
	case ACT_B_NEXT:
	case ACT_B_PREV: /* two lines: either way is the other one */
		c->focus = !c->focus;
		return 0;
	default:
		le_key(c->focus ? &c->pass : &c->user, k);
		return 0;
	}
}

int
cred_failed(struct app *a, const char *user)
{
	char tty[64];

	if (a->nfails >= LOGIN_FAILED_MAX) {
		a->nfails_more++;
	} else {
		struct login_failure *f = &a->fails[a->nfails++];
		snprintf(f->user, sizeof f->user, "%s", user);
		f->at = tui_now(a);
	}
	lockout_tty(tty, sizeof tty);
	lockout_syslog(user, tty);
	return lockout_fail(a->opt->path, &a->lockout, tui_now(a));
}

static void
wait_message(struct app *a, const char *first, int secs, const char *more)
{
	tui_message(a, 1, "%s%sWait %d %ssecond%s before trying again.", first, *first ? " " : "",
	            secs, more, secs == 1 ? "" : "s");
}

void
cred_failed_message(struct app *a, int same_user, int wait)
{
	/* Never which of the two was wrong.  The sentences with a wait are
	 * shorter: the whole line fits in 80 columns. */
	if (wait > 0)
		wait_message(a, same_user ? "Wrong passphrase for this session."
		                          : "Wrong user name or passphrase.", wait, "");
	else
		tui_message(a, 1, "%s", same_user
		                            ? "That passphrase does not unlock this session. Try again."
		                            : "That user name and passphrase do not match. Try again.");
}

int
cred_must_wait(struct app *a)
{
	int left;

	lockout_load(a->opt->path, &a->lockout);
	left = lockout_left(&a->lockout, tui_now(a));
	if (left <= 0)
		return 0;
	wait_message(a, "", left, "more ");
	return 1;
}

void
cred_succeeded(struct app *a)
{
	lockout_clear(a->opt->path, &a->lockout);
}
