/* SPDX-License-Identifier: ISC */
/*
 * scr_lock.c - the locked screen.
 *
 * Pushed over whatever was open when the idle time ran out (or ^L): it
 * draws no case data, and every key goes to its own two fields.  The same
 * user's passphrase pops it and the work below is as it was; another
 * user's name and passphrase end the first session and start theirs.
 */
#include <stdio.h>
#include <strings.h>

#include "cred.h"
#include "scr.h"

struct lock_st {
	struct cred c; /* first: cred_screen_close wipes it */
};

static int
lock_open(struct app *a, void *st, const void *arg)
{
	struct lock_st *l = st;

	(void)arg;
	cred_init(&l->c, a->s.user);
	return 0;
}

static void
lock_draw(struct app *a, void *st, WINDOW *w)
{
	struct lock_st *l = st;
	char line[200];
	int y = getmaxy(w) / 2 - 5;

	tui_put_attr(a, w, y, (a->cols - 18) / 2, 18, "Passage is locked.", A_BOLD);
	snprintf(line, sizeof line, "%s is logged in.", a->display[0] ? a->display : a->s.user);
	tui_put(a, w, y + 2, 4, a->cols - 8, line);
	tui_put(a, w, y + 3, 4, a->cols - 8,
	        "Their passphrase unlocks it; another user may log in instead,");
	tui_put(a, w, y + 4, 4, a->cols - 8, "which ends their session (anything not saved is lost).");
	cred_draw(a, &l->c, w, y + 6);
}

static void
lock_key(struct app *a, void *st, enum action act, int k)
{
	struct lock_st *l = st;
	char user[sizeof l->c.ubuf];

	(void)act;
	if (!cred_key(a, &l->c, k) || cred_must_wait(a))
		return;
	snprintf(user, sizeof user, "%s", le_text(&l->c.user));
	tui_message(a, 0, "Checking the passphrase...");
	tui_redraw(a);
	if (strcasecmp(user, a->s.user) == 0) {
		if (db_check_passphrase(a->db, a->s.user, le_text(&l->c.pass)) == 0) {
			cred_succeeded(a);
			a->locked = 0;
			tui_message(a, 0, "Unlocked.");
			tui_pop(a);
			return;
		}
		cred_failed_message(a, 1, cred_failed(a, user));
	} else if (scr_login_as(a, user, le_text(&l->c.pass)) != -1) {
		return; /* every screen was replaced, this one too */
	}
	le_wipe(&l->c.pass);
	l->c.focus = 1;
}

const struct screen scr_lock = {
    .title = "locked",
    .ctx = CTX_NONE,
    .size = sizeof(struct lock_st),
    .open = lock_open,
    .close = cred_screen_close,
    .draw = lock_draw,
    .key = lock_key,
};
