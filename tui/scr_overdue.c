/* SPDX-License-Identifier: ISC */
/*
 * scr_overdue.c - the lists behind the follow-up audit: one caseworker's
 * (or everyone's, or the unassigned people's) overdue items among the
 * follow-ups due in the audit's period, most overdue first, each with how long it has been overdue and the last contact
 * attempt; the stale cases; the people released without checkout.  The
 * last two are the queues' own lists (queue.h), for the whole program.
 *
 * ENTER opens the person.  R on an overdue item gives that person to
 * another caseworker, picked from a list (scr_pick.c), at the version
 * the list was read at, so a person someone else changed meanwhile is
 * refused rather than overwritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "person.h"
#include "queue.h"
#include "followup.h"
#include "nav.h"
#include "scr.h"
#include "vocab.h"

#define ROWS_MAX 1000
#define TOP 2 /* the title and a line under it (the period, for the overdue items) */

struct overdue_st {
	enum overdue_list list;
	int64_t caseworker_id;
	char name[121];
	struct period p; /* the overdue items': the audit's period */
	struct followup_item *items;
	struct queue_row *rows;
	int n, cur, top;
	uint64_t saves; /* a->s.saved when read */
	int64_t chosen;
	char to_name[121];
	int picking;
	char stale_title[80]; /* the stale list's, read with its rows */
};

static int
lines_per_row(const struct overdue_st *o)
{
	return o->list == OVERDUE_ITEMS ? 2 : 1;
}

static int
load(struct app *a, struct overdue_st *o)
{
	struct queue_filter qf = {0, a->filter.facility_id};
	int rc;

	free(o->items);
	o->items = NULL;
	o->n = 0;
	o->saves = a->s.saved;
	if (o->list != OVERDUE_ITEMS && !o->rows &&
	    !(o->rows = calloc(ROWS_MAX, sizeof *o->rows))) {
		tui_message(a, 1, "out of memory");
		return -1;
	}
	if (o->list == OVERDUE_ITEMS)
		rc = followup_overdue(&a->s, &o->p, o->caseworker_id, a->filter.facility_id, ROWS_MAX,
		                      &o->items, &o->n);
	else if (o->list == OVERDUE_STALE) {
		queue_title(&a->s, QUEUE_STALE, o->stale_title, sizeof o->stale_title);
		rc = queue_stale(&a->s, &qf, o->rows, ROWS_MAX, &o->n);
	} else
		rc = queue_no_checkout(&a->s, &qf, o->rows, ROWS_MAX, &o->n);
	if (rc != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return -1;
	}
	if (o->cur >= o->n)
		o->cur = o->n ? o->n - 1 : 0;
	return 0;
}

static int
overdue_open(struct app *a, void *st, const void *arg)
{
	const struct overdue_arg *oa = arg;
	struct overdue_st *o = st;

	o->list = oa->list;
	o->caseworker_id = oa->caseworker_id;
	snprintf(o->name, sizeof o->name, "%s", oa->name);
	if (oa->p)
		o->p = *oa->p;
	if (load(a, o) != 0) {
		free(o->items);
		free(o->rows);
		return -1;
	}
	return 0;
}

static void
overdue_close(struct app *a, void *st)
{
	struct overdue_st *o = st;

	(void)a;
	free(o->items);
	free(o->rows);
}

/* Back from the pick list with a choice: the reassignment happens now. */
static void
reassign_now(struct app *a, struct overdue_st *o)
{
	const struct followup_item *r = &o->items[o->cur];

	if (person_reassign(&a->s, r->person_id, r->person_version, o->chosen) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	tui_message(a, 0, "%s is now on the caseload of %s.", r->code, o->to_name);
}

static void
overdue_resume(struct app *a, void *st)
{
	struct overdue_st *o = st;

	if (o->picking) {
		o->picking = 0;
		if (o->chosen && o->cur < o->n)
			reassign_now(a, o);
	}
	if (o->saves != a->s.saved)
		load(a, o);
}

static void
draw_item(struct app *a, WINDOW *w, int y, const struct followup_item *r, int sel)
{
	attr_t at = sel ? A_REVERSE : 0;
	char span[32], when[40], line[400];

	tui_span(r->age, span, sizeof span);
	snprintf(line, sizeof line, "OVERDUE %s", span);
	tui_put_attr(a, w, y, 0, 2, sel ? ">" : "", at);
	tui_put_attr(a, w, y, 2, 4, "[!]", at);
	tui_put_attr(a, w, y, 6, 23, r->name, at);
	tui_put_attr(a, w, y, 29, 11, r->code, at);
	tui_put_attr(a, w, y, 40, 18, r->what, at);
	tui_put_attr(a, w, y, 58, a->cols - 58, line, at);
	if (r->attempt_at) {
		tui_time(a, r->attempt_at, when, sizeof when);
		snprintf(line, sizeof line, "last attempt: %s, %s, %s, by %s", when,
		         vocab_label(VOCAB_CHANNEL, r->channel),
		         vocab_label(VOCAB_CONTACT_OUTCOME, r->outcome),
		         r->attempt_by[0] ? r->attempt_by : "someone no longer listed");
	} else {
		snprintf(line, sizeof line, "last attempt: none yet");
	}
	tui_put(a, w, y + 1, 6, a->cols - 6, line);
}

static void
draw_row(struct app *a, WINDOW *w, int y, const struct queue_row *r, int sel, int stale)
{
	attr_t at = sel ? A_REVERSE : 0;
	char span[32], when[40];

	/* A stale case's time is past the quiet days allowed, as on the
	 * queues; a release's is since the release. */
	tui_span(r->late, span, sizeof span);
	if (stale)
		snprintf(when, sizeof when, r->late > 0 ? "OVERDUE %s" : "due in %s", span);
	else
		snprintf(when, sizeof when, "%s ago%s%s", span, r->rough ? " " : "",
		         queue_rough_mark(r->rough));
	tui_put_attr(a, w, y, 0, 2, sel ? ">" : "", at);
	tui_put_attr(a, w, y, 2, 23, r->name, at);
	tui_put_attr(a, w, y, 26, 11, r->code, at);
	tui_put_attr(a, w, y, 37, a->cols - 37 - 13, r->what, at);
	tui_put_attr(a, w, y, a->cols - 12, 12, when, at);
}

static void
overdue_draw(struct app *a, void *st, WINDOW *w)
{
	struct overdue_st *o = st;
	int per = lines_per_row(o), h = (getmaxy(w) - TOP) / per;
	char title[240], span[32], sub[80] = "";

	if (o->list == OVERDUE_ITEMS) {
		period_text(&o->p, span);
		snprintf(title, sizeof title, "Overdue follow-ups: %s (%d%s), most overdue first",
		         o->name, o->n, o->n >= ROWS_MAX ? " or more" : "");
		snprintf(sub, sizeof sub, "among the follow-ups due %s", span);
	}
	else if (o->list == OVERDUE_STALE)
		snprintf(title, sizeof title, "%s (%d%s)", o->stale_title, o->n,
		         o->n >= ROWS_MAX ? " or more" : "");
	else {
		snprintf(title, sizeof title, "Released without checkout, last 14 days (%d%s)", o->n,
		         o->n >= ROWS_MAX ? " or more" : "");
		queue_rough_legend(o->rows, o->n, sub, sizeof sub);
	}
	tui_put_attr(a, w, 0, 0, a->cols, title, A_BOLD);
	tui_put(a, w, 1, 0, a->cols, sub);
	if (!o->n) {
		tui_put(a, w, TOP, 4, a->cols - 4, "nobody");
		return;
	}
	if (o->cur < o->top)
		o->top = o->cur;
	if (o->cur >= o->top + h)
		o->top = o->cur - h + 1;
	for (int i = 0; i < h && o->top + i < o->n; i++) {
		int sel = o->top + i == o->cur;
		if (o->list == OVERDUE_ITEMS)
			draw_item(a, w, TOP + i * per, &o->items[o->top + i], sel);
		else
			draw_row(a, w, TOP + i, &o->rows[o->top + i], sel, o->list == OVERDUE_STALE);
	}
}

static void
overdue_key(struct app *a, void *st, enum action act, int k)
{
	struct overdue_st *o = st;
	int page = (getmaxy(a->body) - TOP) / lines_per_row(o);
	int64_t person = 0, current;
	char q[420];

	(void)k;
	if (o->cur < o->n)
		person = o->list == OVERDUE_ITEMS ? o->items[o->cur].person_id : o->rows[o->cur].person_id;
	switch (act) {
	case ACT_FU_DOWN: o->cur += o->cur + 1 < o->n; break;
	case ACT_FU_UP: o->cur -= o->cur > 0; break;
	case ACT_FU_PGDN: o->cur = o->cur + page < o->n ? o->cur + page : (o->n ? o->n - 1 : 0); break;
	case ACT_FU_PGUP: o->cur = o->cur > page ? o->cur - page : 0; break;
	case ACT_FU_REFRESH: load(a, o); break;
	case ACT_FU_HELP: tui_push(a, &scr_help, &scr_overdue.ctx); break;
	case ACT_FU_BACK: tui_pop(a); break;
	case ACT_FU_OPEN:
		if (person)
			nav_open_person(a, person);
		break;
	case ACT_FU_REASSIGN:
		if (o->list != OVERDUE_ITEMS) {
			tui_message(a, 1, "open the person to reassign them, or use the overdue list");
			break;
		}
		if (!person)
			break;
		current = o->items[o->cur].caseworker_id;
		snprintf(q, sizeof q, "Give %s (%s) to:", o->items[o->cur].name,
		         o->items[o->cur].code);
		o->picking = scr_pick_caseworker(a, q, current > 0 ? current : 0, &o->chosen,
		                                 o->to_name, sizeof o->to_name) == 0;
		break;
	default:
		break;
	}
}

const struct screen scr_overdue = {
    .title = "follow-up audit",
    .ctx = CTX_FOLLOWUP,
    .size = sizeof(struct overdue_st),
    .open = overdue_open,
    .close = overdue_close,
    .draw = overdue_draw,
    .key = overdue_key,
    .resume = overdue_resume,
};
