/* SPDX-License-Identifier: ISC */
/*
 * scr_form.c - the form screen: a table of fields, inline errors, and a
 * save that either lands whole or changes nothing.
 */
#include "scr_form.h"

#include <stdio.h>
#include <string.h>

#include "scr.h"
#include "text.h"
#include "zone.h"

#define LABEL_COLS 24

struct form_st {
	const struct form_spec *spec;
	const char *act; /* what ^X says it does; NULL: save */
	struct form f;
	unsigned char ctx[FORM_CTX_BYTES];
};

struct form_arg {
	const struct form_spec *spec;
	const void *ctx;
	size_t len;
	const char *act;
};

static struct {
	const char *const *choices, *const *details;
} shown;

void
scr_form_details(const char *const *choices, const char *const *details)
{
	shown.choices = choices;
	shown.details = details;
}

/* Under the fields, from row y: the details of the choices made. */
static void
draw_details(struct app *a, struct form_st *s, WINDOW *w, int y, int last)
{
	for (int i = 0; i < s->f.n && shown.choices && y < last; i++) {
		int c = form_choice(&s->f, i);
		if (s->spec->fields[i].type != FORM_CHOICE || s->spec->fields[i].choices !=
		    shown.choices || c < 0 || !shown.details[c] || !shown.details[c][0])
			continue;
		y += tui_put_wrap(a, w, y, LABEL_COLS + 1, a->cols - LABEL_COLS - 2, last - y,
		                  shown.details[c], 0);
	}
}

int64_t
scr_form_instant(struct app *a, const struct form *f, int i)
{
	struct form_when w;

	if (form_when(f, i, &w) != 0)
		return 0;
	return zone_make(a->zone[0] ? a->zone : "UTC", w.year, w.month, w.day, w.hour, w.min);
}

void
scr_form_set_instant(struct app *a, struct form *f, int i, int64_t t)
{
	char when[40];

	tui_time(a, t, when, sizeof when);
	form_set_text(f, i, when);
}

static int
form_open(struct app *a, void *st, const void *arg)
{
	struct form_st *s = st;
	const struct form_arg *fa = arg;

	s->spec = fa->spec;
	s->act = fa->act;
	if (fa->len > sizeof s->ctx)
		return -1;
	memcpy(s->ctx, fa->ctx, fa->len);
	if (form_init(&s->f, s->spec->fields, s->spec->n, s) != 0) {
		tui_message(a, 1, "out of memory");
		return -1;
	}
	if (s->spec->fill)
		s->spec->fill(a, &s->f, s->ctx);
	return 0;
}

static void
form_close(struct app *a, void *st)
{
	struct form_st *s = st;

	(void)a;
	form_free(&s->f);
}

static void
form_draw(struct app *a, void *st, WINDOW *w)
{
	struct form_st *s = st;
	const struct form_field *fl = s->spec->fields;
	char view[4 * 200 + 1], line[4 * 200 + 16];
	int y = 2, col, h = getmaxy(w), required = 0;

	tui_put_attr(a, w, 0, 1, a->cols - 2, s->spec->title, A_BOLD);
	tui_put(a, w, 1, 1, a->cols - 2, s->spec->intro);
	for (int i = 0; i < s->f.n && y < h - 3; i++, y++) {
		int wd = fl[i].width > 0 ? fl[i].width : 20, focus = i == s->f.focus, c;
		int room = a->cols - 2 - LABEL_COLS - 1;

		if (wd > room)
			wd = room;
		snprintf(line, sizeof line, "%s%s", fl[i].label, fl[i].flags & FORM_REQUIRED ? " *" : "");
		tui_put_attr(a, w, y, 1, LABEL_COLS - 1, line, focus ? A_BOLD : 0);
		form_view(&s->f, i, view, sizeof view, &col);
		if (fl[i].type == FORM_CHOICE || fl[i].type == FORM_YN) {
			for (c = 0; fl[i].choices && fl[i].choices[c]; c++)
				if (text_width(form_choice_label(&fl[i], c)) + 4 > wd)
					wd = text_width(form_choice_label(&fl[i], c)) + 4;
			if (wd > room)
				wd = room;
			/* The whole label: the field is as wide as the longest. */
			c = form_choice(&s->f, i);
			snprintf(line, sizeof line, "< %s >", c >= 0 ? form_choice_label(&fl[i], c) : "-");
			tui_put_attr(a, w, y, LABEL_COLS + 1, wd, line, focus ? A_REVERSE : 0);
			col = 2;
		} else {
			/* Selected whole, as typing will replace it: in reverse. */
			tui_put_attr(a, w, y, LABEL_COLS + 1, wd, view,
			             focus && form_selected(&s->f, i) ? A_UNDERLINE | A_REVERSE
			                                              : A_UNDERLINE);
		}
		if (focus) {
			a->cur_y = y;
			a->cur_x = LABEL_COLS + 1 + col;
		}
		if (s->f.slot[i].error[0]) {
			snprintf(line, sizeof line, "[!] %s", s->f.slot[i].error);
			y++;
			tui_put_attr(a, w, y, LABEL_COLS + 1, room, line, A_BOLD);
		}
	}
	draw_details(a, s, w, y + 1, h - 4);
	if (s->f.error[0]) {
		snprintf(line, sizeof line, "[!] %s", s->f.error);
		tui_put_wrap(a, w, h - 4, 1, a->cols - 2, 2, line, A_BOLD);
	}
	if (s->f.focus >= 0 && s->f.focus < s->f.n && fl[s->f.focus].help)
		tui_put(a, w, h - 2, 1, a->cols - 2, fl[s->f.focus].help);
	/* "* required" only where a field is: a form of optional fields
	 * (a dismissal's reason) must not say anything is required. */
	for (int i = 0; i < s->f.n && !required; i++)
		required = (fl[i].flags & FORM_REQUIRED) != 0;
	snprintf(line, sizeof line, "%sENTER next field  ^X %s  ESC cancel",
	         required ? "* required.  " : "", s->act ? s->act : "save");
	tui_put(a, w, h - 1, 1, a->cols - 2, line);
}

/* ^X says what it does on a form whose save is an act of its own. */
static const char *
form_hint(const void *st, enum action act)
{
	const struct form_st *s = st;

	return act == ACT_F_SAVE ? s->act : NULL;
}

static void
form_key_screen(struct app *a, void *st, enum action act, int k)
{
	struct form_st *s = st;
	char done[200] = "";

	(void)act; /* form_key looks the key up in keymap.def itself */
	switch (form_key(&s->f, k)) {
	case FORM_CANCEL:
		tui_pop(a);
		tui_message(a, 0, "Cancelled: nothing was saved.");
		break;
	case FORM_SUBMIT:
		if (s->spec->save(a, &s->f, s->ctx, done, sizeof done) == 0) {
			/* The pop frees s: keep what comes after it. */
			const struct form_spec *spec = s->spec;
			unsigned char ctx[FORM_CTX_BYTES];

			memcpy(ctx, s->ctx, sizeof ctx);
			tui_pop(a);
			tui_message(a, 0, "%s", done[0] ? done : "Saved.");
			if (spec->saved)
				spec->saved(a, ctx);
		}
		break;
	case FORM_REFUSED:
		beep();
		break;
	default:
		break;
	}
}

const struct screen scr_form = {
    .title = "form",
    .ctx = CTX_FORM,
    .size = sizeof(struct form_st),
    .open = form_open,
    .close = form_close,
    .draw = form_draw,
    .key = form_key_screen,
    .hint = form_hint,
};

int
scr_form_push(struct app *a, const struct form_spec *spec, const void *ctx, size_t ctxlen)
{
	return scr_form_push_act(a, spec, ctx, ctxlen, NULL);
}

int
scr_form_push_act(struct app *a, const struct form_spec *spec, const void *ctx, size_t ctxlen,
                  const char *act)
{
	struct form_arg fa = {spec, ctx, ctxlen, act};

	return tui_push(a, &scr_form, &fa);
}
