/* SPDX-License-Identifier: ISC */
/*
 * scr_pick.c - a short list to choose one item from: the caseworker a
 * person or a caseload goes to, the follow-up a person declines, the
 * referral whose outcome is written, the consent revoked, ...
 *
 * The caller gives the items already labelled (one line each, under an
 * optional heading of column titles), so the list cannot offer something
 * the caller would not act on.  The choice goes back either through the
 * argument, for the screen below to act on when it resumes, or to a
 * function called once the list has closed (which may open a form): this
 * screen changes nothing itself, and ESC leaves without a choice.  Its
 * keys are its own (CTX_PICK), so F1 shows only what a list answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup.h"
#include "scr.h"
#include "text.h"

struct pick_st {
	struct pick_arg arg;
	char question[420]; /* the caller's question and heading were on its stack */
	char heading[PICK_LABEL];
	struct pick_item *items;
	int n, cur, top;
};

static int
pick_open(struct app *a, void *st, const void *arg)
{
	struct pick_st *p = st;

	p->arg = *(const struct pick_arg *)arg;
	snprintf(p->question, sizeof p->question, "%s", p->arg.question);
	snprintf(p->heading, sizeof p->heading, "%s", p->arg.heading ? p->arg.heading : "");
	p->arg.question = p->question;
	p->arg.heading = p->heading;
	if (p->arg.chosen)
		*p->arg.chosen = 0;
	if (p->arg.n <= 0) {
		tui_message(a, 1, "there is nothing to choose from");
		return -1;
	}
	if (!(p->items = calloc((size_t)p->arg.n, sizeof *p->items)))
		return tui_message(a, 1, "out of memory"), -1;
	memcpy(p->items, p->arg.items, (size_t)p->arg.n * sizeof *p->items);
	p->arg.items = p->items;
	p->n = p->arg.n;
	return 0;
}

static void
pick_close(struct app *a, void *st)
{
	struct pick_st *p = st;

	(void)a;
	if (p->items)
		explicit_bzero(p->items, (size_t)p->n * sizeof *p->items);
	free(p->items);
}

static void
pick_draw(struct app *a, void *st, WINDOW *w)
{
	struct pick_st *p = st;
	int first = p->heading[0] ? 3 : 2, h = getmaxy(w) - first - 1;

	tui_put_attr(a, w, 0, 2, a->cols - 4, p->question, A_BOLD);
	if (p->heading[0])
		tui_put_attr(a, w, 2, 2, a->cols - 2, p->heading, A_UNDERLINE);
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + h)
		p->top = p->cur - h + 1;
	for (int y = 0; y < h && p->top + y < p->n; y++) {
		attr_t at = p->top + y == p->cur ? A_REVERSE : 0;

		tui_put_attr(a, w, first + y, 0, 2, at ? ">" : "", at);
		tui_put_attr(a, w, first + y, 2, a->cols - 2, p->items[p->top + y].label, at);
	}
}

static void
pick_key(struct app *a, void *st, enum action act, int k)
{
	struct pick_st *p = st;
	int page = getmaxy(a->body) - 4;
	void (*then)(struct app *, int64_t, int64_t) = p->arg.then;
	int64_t owner = p->arg.owner, id;

	(void)k;
	switch (act) {
	case ACT_PK_DOWN: p->cur += p->cur + 1 < p->n; break;
	case ACT_PK_UP: p->cur -= p->cur > 0; break;
	case ACT_PK_PGDN: p->cur = p->cur + page < p->n ? p->cur + page : p->n - 1; break;
	case ACT_PK_PGUP: p->cur = p->cur > page ? p->cur - page : 0; break;
	case ACT_PK_HELP: tui_push(a, &scr_help, &scr_pick.ctx); break;
	case ACT_PK_BACK:
		tui_message(a, 0, "Nothing was changed.");
		tui_pop(a);
		break;
	case ACT_PK_CHOOSE:
		id = p->items[p->cur].id;
		if (p->arg.chosen)
			*p->arg.chosen = id;
		if (p->arg.name)
			snprintf(p->arg.name, p->arg.name_size, "%s", p->items[p->cur].name);
		/* The state is gone once popped: what then needs was copied. */
		tui_pop(a);
		if (then)
			then(a, owner, id);
		break;
	default:
		break;
	}
}

/* The status line names what ENTER does here. */
static const char *
pick_hint(const void *st, enum action act)
{
	const struct pick_st *p = st;

	return act == ACT_PK_CHOOSE && p->arg.enter ? p->arg.enter : NULL;
}

const struct screen scr_pick = {
    .title = "choose one",
    .ctx = CTX_PICK,
    .size = sizeof(struct pick_st),
    .open = pick_open,
    .close = pick_close,
    .draw = pick_draw,
    .key = pick_key,
    .hint = pick_hint,
};

void
scr_pick_row(struct app *a, char *out, size_t n, const char *const *cells, const int *widths)
{
	size_t used = 0;
	char cell[4 * 80 + 1];

	out[0] = 0;
	for (int i = 0; cells[i] && used + 1 < n; i++) {
		if (widths[i]) {
			text_fit(cells[i], widths[i] < 80 ? widths[i] : 80,
			         TEXT_MARK | (a->utf8 ? 0 : TEXT_ASCII), cell, sizeof cell);
		} else {
			snprintf(cell, sizeof cell, "%s", cells[i]);
		}
		used += (size_t)snprintf(out + used, n - used, "%s%s", i ? " " : "", cell);
	}
}

int
scr_pick_caseworker(struct app *a, const char *question, int64_t exclude, int64_t *chosen,
                    char *name, size_t name_size)
{
	struct followup_user *all;
	struct pick_item *items;
	int n, m = 0, rc;

	*chosen = 0;
	if (followup_caseworkers(&a->s, &all, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return -1;
	}
	if (!(items = calloc((size_t)n + 1, sizeof *items))) {
		free(all);
		return tui_message(a, 1, "out of memory"), -1;
	}
	for (int i = 0; i < n; i++) {
		if (all[i].id == exclude)
			continue;
		items[m].id = all[i].id;
		snprintf(items[m].name, sizeof items[m].name, "%s", all[i].name);
		scr_pick_row(a, items[m].label, sizeof items[m].label,
		             (const char *const[]){all[i].name, role_name(all[i].role), NULL},
		             (const int[]){40, 0});
		m++;
	}
	free(all);
	if (!m) {
		free(items);
		tui_message(a, 1, "there is no other active caseworker or supervisor");
		return -1;
	}
	rc = tui_push(a, &scr_pick,
	              &(struct pick_arg){.question = question, .items = items, .n = m,
	                                 .chosen = chosen, .name = name, .name_size = name_size});
	free(items);
	return rc;
}
