/* SPDX-License-Identifier: ISC */
/*
 * scr_glass.c - break-the-glass: opening a record outside one's caseload.
 *
 * The user says why (required: it is what a supervisor reviews), sees how
 * long the record will stay open to them, and only then sees the record.
 * ESC leaves without opening anything, and nothing is recorded.
 */
#include <stdio.h>

#include "access.h"
#include "cred.h"
#include "glass.h"
#include "scr.h"
#include "setting.h"

struct glass_st {
	int64_t person_id;
	struct le e;
	char buf[4 * 400 + 1];
};

struct glass_args {
	int64_t person_id;
	const char *reason;
	int64_t expires;
};

static int
do_glass(struct session *s, void *arg)
{
	struct glass_args *g = arg;

	return glass_break(s, g->person_id, g->reason, &g->expires);
}

static int
glass_open(struct app *a, void *st, const void *arg)
{
	struct glass_st *g = st;

	(void)a;
	g->person_id = *(const int64_t *)arg;
	le_init(&g->e, g->buf, sizeof g->buf, 400, 0);
	return 0;
}

static void
glass_draw(struct app *a, void *st, WINDOW *w)
{
	struct glass_st *g = st;
	char view[4 * 80 + 1], line[160];
	int col;
	int64_t hours = setting_int(a->db, "break_glass.hours", 3);

	tui_put_attr(a, w, 1, 2, a->cols - 4, "This person is not on your caseload.", A_BOLD);
	tui_put(a, w, 3, 2, a->cols - 4,
	        "Opening the record is break-the-glass: your reason is recorded and a");
	tui_put(a, w, 4, 2, a->cols - 4, "supervisor reviews it.");
	snprintf(line, sizeof line, "The record stays open to you for %lld hour%s.",
	         (long long)hours, hours == 1 ? "" : "s");
	tui_put(a, w, 5, 2, a->cols - 4, line);
	mvwaddstr(w, 7, 2, "Reason: ");
	le_view(&g->e, a->cols - 14, view, sizeof view, &col);
	tui_put_attr(a, w, 7, 10, a->cols - 14, view, A_UNDERLINE);
	a->cur_y = 7;
	a->cur_x = 10 + col;
	tui_put(a, w, 9, 2, a->cols - 4, "ENTER opens the record; ESC goes back with nothing opened.");
}

static void
glass_key(struct app *a, void *st, enum action act, int k)
{
	struct glass_st *g = st;
	struct glass_args args;
	int64_t id = g->person_id;
	char until[40];

	(void)act;
	switch (keymap_find(CTX_BOX, k)) {
	case ACT_B_BACK:
		tui_pop(a);
		return;
	case ACT_B_DONE:
		break;
	default:
		le_key(&g->e, k);
		return;
	}
	if (!le_text(&g->e)[0]) {
		tui_message(a, 1, "A reason is needed to open a record outside your caseload.");
		return;
	}
	args = (struct glass_args){id, le_text(&g->e), 0};
	if (session_write(&a->s, do_glass, &args) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	tui_time(a, args.expires, until, sizeof until);
	tui_pop(a); /* g is gone */
	if (tui_push(a, &scr_person, &id) == 0)
		tui_message(a, 0, "Break-the-glass: open to you until %s.", until);
}

const struct screen scr_glass = {
    .title = "break the glass",
    .ctx = CTX_NONE,
    .size = sizeof(struct glass_st),
    .open = glass_open,
    .draw = glass_draw,
    .key = glass_key,
};
