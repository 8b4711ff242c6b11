/* SPDX-License-Identifier: ISC */
/*
 * scr_search.c - find a person as you type.
 *
 * Every change to the text runs the search again (core/search.c answers
 * a keystroke in about a millisecond at a million people), so the list
 * below the line is always what is typed now.  A person the user may
 * only open through break-the-glass is marked so before they choose.
 */
#include <stdio.h>
#include <string.h>

#include "cred.h"
#include "nav.h"
#include "scr.h"
#include "search.h"

#define HITS 60

struct search_st {
	struct le e;
	char buf[4 * 200 + 1];
	struct search_hit hits[HITS];
	int n, cur, top;
};

static int
search_open(struct app *a, void *st, const void *arg)
{
	struct search_st *s = st;

	(void)a;
	(void)arg;
	le_init(&s->e, s->buf, sizeof s->buf, 200, 0);
	return 0;
}

static void
run(struct app *a, struct search_st *s)
{
	s->n = s->cur = s->top = 0;
	if (!le_text(&s->e)[0])
		return;
	if (search_people(&a->s, le_text(&s->e), 0, HITS, s->hits, &s->n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		s->n = 0;
	}
}

static void
search_draw(struct app *a, void *st, WINDOW *w)
{
	struct search_st *s = st;
	char view[4 * 80 + 1], line[64];
	int col, h = getmaxy(w) - 3;

	mvwaddstr(w, 0, 1, "Find: ");
	le_view(&s->e, a->cols - 9, view, sizeof view, &col);
	tui_put_attr(a, w, 0, 7, a->cols - 9, view, A_UNDERLINE);
	a->cur_y = 0;
	a->cur_x = 7 + col;
	if (!le_text(&s->e)[0]) {
		tui_put(a, w, 2, 1, a->cols - 2,
		        "Type any part of a name, a preferred name, a participant code or a booking");
		tui_put(a, w, 3, 1, a->cols - 2, "number. Accents and case do not matter.");
		return;
	}
	snprintf(line, sizeof line, "%d%s found", s->n, s->n == HITS ? " or more" : "");
	tui_put_attr(a, w, 1, 1, a->cols - 2, s->n ? line : "Nobody found.", A_BOLD);
	if (s->cur < s->top)
		s->top = s->cur;
	if (s->cur >= s->top + h)
		s->top = s->cur - h + 1;
	for (int y = 0; y < h && s->top + y < s->n; y++) {
		const struct search_hit *x = &s->hits[s->top + y];
		int sel = s->top + y == s->cur;
		attr_t at = sel ? A_REVERSE : 0;
		char name[4 * 410 + 8];

		/* "Preferred (Legal)" only when there are two names to show. */
		if (x->preferred_name[0] && x->legal_name[0] &&
		    strcmp(x->preferred_name, x->legal_name) != 0)
			snprintf(name, sizeof name, "%s (%s)", x->preferred_name, x->legal_name);
		else
			snprintf(name, sizeof name, "%s", x->legal_name[0] ? x->legal_name :
			                                                     x->preferred_name);
		tui_put_attr(a, w, y + 2, 0, 2, sel ? ">" : "", at);
		tui_put_attr(a, w, y + 2, 2, 10, x->participant_code, at);
		tui_put_attr(a, w, y + 2, 13, 34, name, at);
		tui_put_attr(a, w, y + 2, 48, 7, x->status, at);
		tui_put_attr(a, w, y + 2, 56, a->cols - 56,
		             x->may_open ? x->caseworker : "needs break-the-glass", at);
	}
}

static void
search_key(struct app *a, void *st, enum action act, int k)
{
	struct search_st *s = st;

	switch (act) {
	case ACT_S_BACK:
		tui_pop(a);
		return;
	case ACT_S_DOWN:
		if (s->cur + 1 < s->n)
			s->cur++;
		return;
	case ACT_S_UP:
		if (s->cur > 0)
			s->cur--;
		return;
	case ACT_S_OPEN:
		if (s->n > 0)
			nav_open_person(a, s->hits[s->cur].person_id);
		return;
	default:
		break;
	}
	if (le_key(&s->e, k) == LE_CHANGED)
		run(a, s);
}

const struct screen scr_search = {
    .title = "find a person",
    .ctx = CTX_SEARCH,
    .size = sizeof(struct search_st),
    .open = search_open,
    .draw = search_draw,
    .key = search_key,
};
