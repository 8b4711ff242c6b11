/* SPDX-License-Identifier: ISC */
/*
 * scr_login.c - the first screen: Passage's name, the site, and a user
 * name and passphrase.  Nothing else: no case data before a login.
 */
#include <string.h>

#include "cred.h"
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
	if (tui_login(a, user, le_text(&l->c.pass)) != -1)
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
