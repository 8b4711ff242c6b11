/* SPDX-License-Identifier: ISC */
/*
 * scr_pick.c - pick the caseworker a person or a caseload goes to.
 *
 * Only active caseworkers and supervisors are offered (followup.h), so the
 * list cannot offer someone the model would refuse; the current
 * caseworker is left out.  The choice is handed back through the
 * argument and acted on by the screen below when it resumes: this screen
 * changes nothing itself, and ESC leaves without a choice.
 */
#include <stdio.h>
#include <stdlib.h>

#include "followup.h"
#include "scr.h"

struct pick_st {
	struct pick_arg arg;
	char question[420]; /* the caller's question was on its stack */
	struct followup_user *users;
	int n, cur, top;
};

static int
pick_open(struct app *a, void *st, const void *arg)
{
	struct pick_st *p = st;
	struct followup_user *all;
	int n;

	p->arg = *(const struct pick_arg *)arg;
	snprintf(p->question, sizeof p->question, "%s", p->arg.question);
	p->arg.question = p->question;
	*p->arg.chosen = 0;
	if (followup_caseworkers(&a->s, &all, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (all[i].id != p->arg.exclude)
			all[p->n++] = all[i];
	p->users = all;
	if (!p->n) {
		free(all);
		tui_message(a, 1, "there is no other active caseworker or supervisor");
		return -1;
	}
	return 0;
}

static void
pick_close(struct app *a, void *st)
{
	struct pick_st *p = st;

	(void)a;
	free(p->users);
}

static void
pick_draw(struct app *a, void *st, WINDOW *w)
{
	struct pick_st *p = st;
	int h = getmaxy(w) - 3;

	tui_put_attr(a, w, 0, 2, a->cols - 4, p->arg.question, A_BOLD);
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + h)
		p->top = p->cur - h + 1;
	for (int y = 0; y < h && p->top + y < p->n; y++) {
		const struct followup_user *u = &p->users[p->top + y];
		attr_t at = p->top + y == p->cur ? A_REVERSE : 0;

		tui_put_attr(a, w, 2 + y, 0, 2, at ? ">" : "", at);
		tui_put_attr(a, w, 2 + y, 2, 40, u->name, at);
		tui_put_attr(a, w, 2 + y, 43, 12, role_name(u->role), at);
	}
}

static void
pick_key(struct app *a, void *st, enum action act, int k)
{
	struct pick_st *p = st;
	int page = getmaxy(a->body) - 3;

	(void)k;
	switch (act) {
	case ACT_FU_DOWN: p->cur += p->cur + 1 < p->n; break;
	case ACT_FU_UP: p->cur -= p->cur > 0; break;
	case ACT_FU_PGDN: p->cur = p->cur + page < p->n ? p->cur + page : p->n - 1; break;
	case ACT_FU_PGUP: p->cur = p->cur > page ? p->cur - page : 0; break;
	case ACT_FU_HELP: tui_push(a, &scr_help, &scr_pick.ctx); break;
	case ACT_FU_BACK:
		tui_message(a, 0, "Nothing was changed.");
		tui_pop(a);
		break;
	case ACT_FU_OPEN:
		*p->arg.chosen = p->users[p->cur].id;
		snprintf(p->arg.name, p->arg.name_size, "%s", p->users[p->cur].name);
		tui_pop(a);
		break;
	default:
		break;
	}
}

const struct screen scr_pick = {
    .title = "reassign to",
    .ctx = CTX_FOLLOWUP,
    .size = sizeof(struct pick_st),
    .open = pick_open,
    .close = pick_close,
    .draw = pick_draw,
    .key = pick_key,
};
