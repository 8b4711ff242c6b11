/* SPDX-License-Identifier: ISC */
/*
 * keymap.h - the keys, from keymap.def.
 *
 * A key is an int: a Unicode code point as typed (control keys are 1-31
 * and 127), or TK_FN(code) for a curses function key, so the two ranges
 * never meet (curses' KEY_* codes overlap code points above 256), or
 * TK_PASTE(code point) for a character of a bracketed paste, which no
 * table binds, so only a line of text takes it.
 */
#ifndef PASSAGE_KEYMAP_H
#define PASSAGE_KEYMAP_H

#include <stddef.h>

#include "session.h"

#define TK_FN(k) (0x200000 | (k))
#define TK_IS_FN(k) (((k) & 0x200000) != 0)
/* A character of pasted text: text only, never a key (keyseq.h). */
#define TK_PASTE(c) (0x400000 | (c))
#define TK_IS_PASTE(k) (((k) & 0x400000) != 0)
#define TK_PASTED(k) ((k) & 0x1fffff)
#define TK_CTRL(c) ((c) & 0x1f)
#define TK_ESC 27
#define TK_TAB 9

/* CTX_EDIT and CTX_BOX are no screen's: the line editor's, wherever
 * text is typed (le_map), and the login box's and the other few-line
 * boxes' (cred.c). */
enum kctx { CTX_GLOBAL = 0, CTX_QUEUES, CTX_SEARCH, CTX_PERSON, CTX_FORM, CTX_EDIT, CTX_BOX,
            CTX_HELP, CTX_CONFIRM,
            /* The supervisors' screens. */
            CTX_FOLLOWUP, CTX_REPORT, CTX_REVIEW, CTX_LOG, CTX_ACCOUNTING,
            CTX_DIRECTORY, CTX_ADMIN, CTX_NOTES, CTX_ROSTER,
            /* A short list to choose one item from (scr_pick.c). */
            CTX_PICK,
            CTX_NONE, CTX_COUNT };

#define R_HEALTH (1u << ROLE_HEALTH)
#define R_CASEWORKER (1u << ROLE_CASEWORKER)
#define R_SUPERVISOR (1u << ROLE_SUPERVISOR)
#define R_ADMIN (1u << ROLE_ADMIN)
#define R_ALL (R_HEALTH | R_CASEWORKER | R_SUPERVISOR | R_ADMIN)
#define K_WRITES 1u
#define K_UNLISTED 2u

enum action {
	ACT_NONE = 0,
#define KEY(a, c, k, l, h, r, f) ACT_##a,
#include "keymap.def"
#undef KEY
	ACT_COUNT
};

struct keydef {
	enum action act;
	enum kctx ctx;
	const char *keys, *label, *help;
	unsigned roles, flags;
};

extern const struct keydef keymap[];
extern const int keymap_count;

const char *keymap_ctx_name(enum kctx c);
/* The action key k does in ctx for role r (a screen's own keys first,
 * then the global ones), or ACT_NONE. */
enum action keymap_action(enum kctx ctx, int k, enum role r);
/* The action key k does in ctx itself, for anyone (no global keys): for
 * the form and the line editor, which answer the same keys whoever types
 * them.  ACT_NONE when k does nothing there. */
enum action keymap_find(enum kctx ctx, int k);
/* The key code of a name as keymap.def spells it, or -1. */
int keymap_code(const char *name);
/* Whether k is the key keymap.def calls name (ENTER is CR, LF or the
 * keypad's Enter alike). */
int keymap_is(int k, const char *name);
/* Whether r is offered action a at all. */
int keymap_offered(enum action a, enum role r);
/* "ENTER open  / search  ..." for the status line: the labelled keys of
 * ctx (and the global ones) that r is offered, cut to fit width.  hint,
 * when not NULL, may give an action another label for the screen's state
 * st, or "" to leave it out (struct screen's hint). */
void keymap_hints(enum kctx ctx, enum role r, const char *(*hint)(const void *, enum action),
                  const void *st, char *out, size_t n, int width);
/* The keys of one entry as shown to people: "F1 ^G" */
void keymap_keys_text(const struct keydef *d, char *out, size_t n);

#endif
