/* SPDX-License-Identifier: ISC */
/*
 * scr_help.c - the keys of the screen below, for the user's role, made
 * from keymap.def: what is not offered to a role is not listed either.
 */
#include <stdio.h>

#include "scr.h"

struct help_st {
	enum kctx ctx;
	int top;
};

static int
help_open(struct app *a, void *st, const void *arg)
{
	struct help_st *h = st;

	(void)a;
	h->ctx = arg ? *(const enum kctx *)arg : CTX_NONE;
	return 0;
}

static int
line_of(struct app *a, const struct help_st *h, int n, const struct keydef **out)
{
	unsigned bit = 1u << a->s.role;

	for (int pass = 0; pass < 2; pass++) {
		enum kctx want = pass == 0 ? h->ctx : CTX_GLOBAL;
		if (pass == 1 && h->ctx == CTX_GLOBAL)
			break;
		for (int i = 0; i < keymap_count; i++)
			if (keymap[i].ctx == want && (keymap[i].roles & bit) &&
			    !(keymap[i].flags & K_UNLISTED) && n-- == 0) {
				*out = &keymap[i];
				return 1;
			}
	}
	return 0;
}

static void
help_draw(struct app *a, void *st, WINDOW *w)
{
	struct help_st *h = st;
	const struct keydef *d;
	char keys[64], line[80];
	int rows = getmaxy(w), y = 2;

	snprintf(line, sizeof line, "Keys: %s (for %s)", keymap_ctx_name(h->ctx),
	         role_name(a->s.role));
	tui_put_attr(a, w, 0, 2, a->cols - 4, line, A_BOLD);
	int n = h->top;
	for (; y < rows && line_of(a, h, n, &d); n++, y++) {
		keymap_keys_text(d, keys, sizeof keys);
		tui_put_attr(a, w, y, 2, 16, keys, A_BOLD);
		tui_put(a, w, y, 19, a->cols - 21, d->help);
	}
	/* A supervisor's list is longer than a VT100 is tall: say so, in
	 * words, where the eye starts. */
	if (h->top > 0 || line_of(a, h, n, &d)) {
		snprintf(line, sizeof line, "%s%s%s", h->top > 0 ? "k: more above" : "",
		         h->top > 0 && line_of(a, h, n, &d) ? ", " : "",
		         line_of(a, h, n, &d) ? "j: more below" : "");
		tui_put(a, w, 1, 2, a->cols - 4, line);
	}
}

static void
help_key(struct app *a, void *st, enum action act, int k)
{
	struct help_st *h = st;
	const struct keydef *d;

	(void)k;
	switch (act) {
	case ACT_H_BACK:
	case ACT_H_CLOSE:
		tui_pop(a);
		break;
	case ACT_H_DOWN:
		if (line_of(a, h, h->top + getmaxy(a->body) - 2, &d))
			h->top++;
		break;
	case ACT_H_UP:
		if (h->top > 0)
			h->top--;
		break;
	default:
		break;
	}
}

const struct screen scr_help = {
    .title = "help",
    .ctx = CTX_HELP,
    .size = sizeof(struct help_st),
    .open = help_open,
    .draw = help_draw,
    .key = help_key,
};
