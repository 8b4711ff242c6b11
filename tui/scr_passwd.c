/* SPDX-License-Identifier: ISC */
/*
 * scr_passwd.c - changing one's own passphrase.
 *
 * Also the screen a new user meets first: their temporary passphrase was
 * chosen by an admin, so until they choose their own they can do nothing
 * else (ESC logs them out).
 */
#include <stdio.h>
#include <string.h>

#include "cred.h"
#include "nav.h"
#include "passphrase.h"
#include "scr.h"

#define NEW_MIN 8

struct passwd_st {
	int forced, focus, nfields;
	struct le f[3];
	char buf[3][CRED_PASS_MAX + 1];
};

static const char *const labels[3] = {"Current passphrase:", "New passphrase:    ",
                                      "New, once more:     "};

static int
passwd_open(struct app *a, void *st, const void *arg)
{
	struct passwd_st *p = st;

	(void)a;
	p->forced = arg != NULL;
	for (int i = 0; i < 3; i++)
		le_init(&p->f[i], p->buf[i], sizeof p->buf[i], CRED_PASS_MAX, LE_SECRET);
	/* A first login typed the temporary passphrase a moment ago. */
	p->focus = p->forced ? 1 : 0;
	return 0;
}

static void
passwd_close(struct app *a, void *st)
{
	struct passwd_st *p = st;

	(void)a;
	for (int i = 0; i < 3; i++)
		le_wipe(&p->f[i]);
	explicit_bzero(p->buf, sizeof p->buf);
}

static void
passwd_draw(struct app *a, void *st, WINDOW *w)
{
	struct passwd_st *p = st;
	int y = 2, x = 4;

	if (p->forced) {
		tui_put_attr(a, w, y, x, a->cols - 8, "Choose your own passphrase.", A_BOLD);
		tui_put(a, w, y + 1, x, a->cols - 8,
		        "The one you were given is temporary. ESC logs you out instead.");
	} else {
		tui_put_attr(a, w, y, x, a->cols - 8, "Change your passphrase.", A_BOLD);
		tui_put(a, w, y + 1, x, a->cols - 8, "ESC goes back with nothing changed.");
	}
	tui_put(a, w, y + 2, x, a->cols - 8,
	        "At least 8 characters. Unrelated words are easy to type, hard to guess.");
	for (int i = p->forced ? 1 : 0; i < 3; i++) {
		mvwaddstr(w, y + 4 + 2 * i, x, labels[i]);
		tui_put_attr(a, w, y + 4 + 2 * i, x + 21, 32, "", A_UNDERLINE);
		if (p->focus == i) {
			a->cur_y = y + 4 + 2 * i;
			a->cur_x = x + 21;
		}
	}
	tui_put(a, w, y + 11, x, a->cols - 8,
	        "Nothing you type is shown. ENTER moves on, and saves on the last line.");
}

static int
change(struct app *a, struct passwd_st *p)
{
	const char *cur = le_text(&p->f[0]), *n1 = le_text(&p->f[1]), *n2 = le_text(&p->f[2]);

	/* Guessing the current passphrase at an unattended session waits as
	 * a login does. */
	if (!p->forced && cred_must_wait(a))
		return -1;
	if (!p->forced && db_check_passphrase(a->db, a->s.user, cur) != 0) {
		cred_failed(a, a->s.user);
		return tui_message(a, 1, "The current passphrase is not right."), -1;
	}
	if (p->f[1].chars < NEW_MIN) {
		return tui_message(a, 1, "The new passphrase needs at least %d characters.", NEW_MIN),
		       -1;
	}
	if (strcmp(n1, n2) != 0) {
		return tui_message(a, 1, "The two new passphrases differ: type them again."), -1;
	}
	if (!p->forced && strcmp(cur, n1) == 0) {
		return tui_message(a, 1, "The new passphrase is the same as the current one."), -1;
	}
	tui_message(a, 0, "Saving the new passphrase...");
	tui_redraw(a);
	if (passphrase_change(&a->s, a->s.user, n1) != 0)
		return tui_message(a, 1, "%s", a->s.err), -1;
	return 0;
}

static void
passwd_key(struct app *a, void *st, enum action act, int k)
{
	struct passwd_st *p = st;
	int first = p->forced ? 1 : 0;

	(void)act;
	switch (keymap_find(CTX_BOX, k)) {
	case ACT_B_BACK:
		if (p->forced) {
			tui_logout(a, "logout");
			tui_reset(a, &scr_login, NULL);
		} else {
			tui_pop(a);
		}
		return;
	case ACT_B_PREV:
		if (p->focus > first)
			p->focus--;
		return;
	case ACT_B_NEXT:
		if (p->focus < 2)
			p->focus++;
		return;
	case ACT_B_DONE:
		if (p->focus < 2) {
			p->focus++;
			return;
		}
		if (change(a, p) != 0) {
			/* Everything typed is wiped, so it is all typed again. */
			for (int i = 0; i < 3; i++)
				le_wipe(&p->f[i]);
			p->focus = first;
			return;
		}
		if (p->forced) {
			tui_reset(a, nav_home(a), NULL);
		} else {
			tui_pop(a);
		}
		tui_message(a, 0, "Your passphrase is changed. Use the new one from now on.");
		return;
	default:
		le_key(&p->f[p->focus], k);
		return;
	}
}

const struct screen scr_passwd = {
    .title = "change passphrase",
    .ctx = CTX_NONE,
    .size = sizeof(struct passwd_st),
    .open = passwd_open,
    .close = passwd_close,
    .draw = passwd_draw,
    .key = passwd_key,
};
