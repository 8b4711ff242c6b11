/* SPDX-License-Identifier: ISC */
/*
 * tui.h - the terminal interface: one application, a stack of screens.
 *
 * A screen is a room with a name (scr_*.c), each filling one const
 * struct screen: open, draw, key and close.  Screens sit on a stack, so
 * "back" is a pop.  The loop in tui.c owns the terminal: it draws the
 * title line, the screen's body, the message line and the status line
 * (user, role, facility, clock, lock timer), reads one key at a time with
 * a one-second tick, locks the screen when idle, and blanks it on the way
 * out whatever the way out is.
 */
#ifndef PASSAGE_TUI_H
#define PASSAGE_TUI_H

#include <curses.h>
#include <stdint.h>

#include "keymap.h"
#include "lockout.h"
#include "login.h"
#include "queue.h"
#include "session.h"

struct app;

struct screen {
	const char *title;
	enum kctx ctx;
	size_t size; /* bytes of state, zeroed before open */
	/* 0, or -1 with a message set (the screen is then not pushed). */
	int (*open)(struct app *a, void *st, const void *arg);
	void (*close)(struct app *a, void *st);
	void (*draw)(struct app *a, void *st, WINDOW *w);
	/* act is the keymap's action for k in this screen (ACT_NONE when
	 * the key has none); k is the key itself, for typed text. */
	void (*key)(struct app *a, void *st, enum action act, int k);
	/* Back on top after the screen above it closed: read again. */
	void (*resume)(struct app *a, void *st);
	/* The status-line label of act here and now, when it is not the
	 * keymap's: "" for a key that does nothing in this state, NULL for
	 * the keymap's label.  Optional. */
	const char *(*hint)(const void *st, enum action act);
};

#define TUI_DEPTH 12

struct frame {
	const struct screen *scr;
	void *st;
};

struct tui_options; /* run.h */

/* The screens the frame opens by itself (the first, on idle, on ? and on the
 * passphrase key, and after the last screen closes): run.c names them, so
 * that tui.c knows no screen by name. */
struct tui_screens {
	const struct screen *login, *lock, *help, *passwd;
};

struct app {
	const struct tui_options *opt;
	const struct tui_screens *screens;
	db *db;               /* NULL until logged in */
	struct session s;
	char zone[64];
	char site[128];
	char display[121];    /* the user's display name */
	struct queue_filter filter;
	char facility[121];   /* the filter's facility name, "" for all */

	struct frame stack[TUI_DEPTH];
	int depth;
	WINDOW *body;
	int rows, cols, too_small;
	int cur_y, cur_x;     /* set by a screen's draw for a visible cursor */

	int64_t idle_limit;   /* seconds; 0: never */
	int64_t last_key;     /* monotonic seconds */
	int locked, quit, ask_quit;
	int forget;           /* clear the terminal's scrollback after the next draw */
	char msg[320];
	char msg_first[4 * 256 + 1]; /* the first of a message's two rows, as drawn; "": one */
	int msg_err;
	int utf8;             /* the terminal takes UTF-8 */

	/* Passphrases typed wrong since the last successful login. */
	struct login_failure fails[LOGIN_FAILED_MAX];
	int nfails, nfails_more;
	/* Wrong tries in a row, shared with other processes (lockout.h). */
	struct lockout lockout;
};

/* The frame, for run.c: takes the terminal (0, or -1 with the reason
 * printed), runs keys and screens until the user quits, then logs out and
 * gives the terminal back as it was. */
int tui_start(struct app *a);
/* 0 when the user quit; the signal's number when SIGTERM, SIGHUP, SIGINT or
 * SIGQUIT ended it (the clean way: logged out, terminal given back). */
int tui_loop(struct app *a);
void tui_stop(struct app *a);

int tui_push(struct app *a, const struct screen *scr, const void *arg);
void tui_pop(struct app *a);
/* Pops everything and pushes scr (after login, after a user change). */
void tui_reset(struct app *a, const struct screen *scr, const void *arg);
/* A line for the message row until the next key; err marks it [!]. */
void tui_message(struct app *a, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int64_t tui_now(const struct app *a);
/* An instant as the site's local "YYYY-MM-DD HH:MM". */
void tui_time(const struct app *a, int64_t t, char *out, size_t n);
/* "3d 4h late", "in 5h", "2h ago" style lengths of time. */
void tui_span(int64_t seconds, char *out, size_t n);
/* Logged in as the user, with the role, after a login or a switch. */
int tui_logged_in(struct app *a, db *d, const char *user, const struct login_seen *seen);
/* Ends the session (the audit log says why) and closes the database;
 * every screen is closed.  Nothing happens to a database not open. */
void tui_logout(struct app *a, const char *why);
/* Draws now, before something slow (an Argon2id unlock). */
void tui_redraw(struct app *a);
void tui_lock(struct app *a);

/* Drawing stored text: made safe (control characters as placeholders),
 * cut or padded to exactly cols columns at y, x. */
void tui_put(struct app *a, WINDOW *w, int y, int x, int cols, const char *text);
/* Text over up to lines rows, broken between words; returns the rows
 * used. */
int tui_put_wrap(struct app *a, WINDOW *w, int y, int x, int cols, int lines, const char *text,
                 attr_t attr);
/* The same, with attributes. */
void tui_put_attr(struct app *a, WINDOW *w, int y, int x, int cols, const char *text,
                  attr_t attr);

#endif
