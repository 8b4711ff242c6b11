/* SPDX-License-Identifier: ISC */
/*
 * scr_followup.c - the follow-up audit, for supervisors: one row per
 * caseworker with the six counts of followup.h, the people with no
 * caseworker, and the total, about the follow-ups due in a period: the
 * last 30 days at first, or any period typed with d (a month, a quarter).
 * b and n step back and forward a period at a time, as long as the one
 * shown (core's period_step: a quarter steps by quarters).  The title
 * says which: "due 2026-08-23 to 2026-09-21".
 *
 * ENTER on a row drills down to the overdue items among those follow-ups
 * (scr_overdue.c); s and
 * x list the stale cases and the people released without checkout.  R on
 * a caseworker's row gives their whole caseload to someone else: the new
 * caseworker is picked from a list (scr_pick.c), then a y/n question
 * names both people and the count, because the move is large and is not
 * undone with one key.  An overdue count is marked [!] so nothing
 * depends on colour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms_period.h"
#include "period.h"
#include "followup.h"
#include "scr.h"

#define PERIOD_DAYS 30
#define TOP 3 /* lines above the rows: title, keys, column headings */

struct followup_st {
	struct period p;
	struct followup_row *rows;
	int n, cur, top;
	uint64_t saves; /* a->s.saved when read */
	int reload;     /* a new period was chosen */
	/* A caseload move: picked (chosen set by scr_pick), then asked. */
	int64_t from, chosen, count;
	char from_name[121], to_name[121];
	int picking, asking;
};

static void
load(struct app *a, struct followup_st *f)
{
	int64_t keep = f->rows && f->cur < f->n ? f->rows[f->cur].caseworker_id : -2;

	free(f->rows);
	f->rows = NULL;
	f->n = 0;
	f->saves = a->s.saved;
	f->reload = 0;
	if (followup_audit(&a->s, &f->p, a->filter.facility_id, &f->rows, &f->n) != 0)
		tui_message(a, 1, "%s", a->s.err);
	f->cur = 0;
	for (int i = 0; i < f->n; i++)
		if (f->rows[i].caseworker_id == keep)
			f->cur = i;
}

static int
followup_open(struct app *a, void *st, const void *arg)
{
	struct followup_st *f = st;

	(void)arg;
	if (a->s.role != ROLE_SUPERVISOR) {
		tui_message(a, 1, "the follow-up audit is for supervisors");
		return -1;
	}
	period_days(&a->s, tui_now(a), PERIOD_DAYS, &f->p);
	load(a, f);
	return 0;
}

static void
followup_close(struct app *a, void *st)
{
	struct followup_st *f = st;

	(void)a;
	free(f->rows);
}

static void
followup_resume(struct app *a, void *st)
{
	struct followup_st *f = st;

	if (f->picking) {
		f->picking = 0;
		f->asking = f->chosen != 0;
		return;
	}
	if (f->reload || f->saves != a->s.saved)
		load(a, f);
}

static void
draw_row(struct app *a, WINDOW *w, int y, const struct followup_row *r, int sel)
{
	attr_t at = (sel ? A_REVERSE : 0) | (r->caseworker_id == FOLLOWUP_EVERYONE ? A_BOLD : 0);
	char name[140], nums[80];

	snprintf(name, sizeof name, "%s%s", r->name,
	         r->caseworker_id > 0 && !r->active ? " (inactive)" : "");
	snprintf(nums, sizeof nums, "%5lld %6lld %8lld %8lld %5lld %8lld", (long long)r->open,
	         (long long)r->due_today, (long long)r->overdue, (long long)r->on_time,
	         (long long)r->late, (long long)r->declined);
	tui_put_attr(a, w, y, 0, 2, sel ? ">" : "", at);
	tui_put_attr(a, w, y, 2, 27, name, at);
	tui_put_attr(a, w, y, 29, 46, nums, at);
	tui_put_attr(a, w, y, 75, a->cols - 75, r->overdue ? " [!]" : "", at);
}

static void
followup_draw(struct app *a, void *st, WINDOW *w)
{
	struct followup_st *f = st;
	int h = getmaxy(w) - TOP - 1;
	char line[400], span[32];

	period_text(&f->p, span);
	snprintf(line, sizeof line, "Follow-up audit: follow-ups due %s", span);
	tui_put_attr(a, w, 0, 0, a->cols, line, A_BOLD);
	tui_put(a, w, 1, 0, a->cols,
	        "b earlier  n later  d dates  s stale cases  x released without checkout");
	snprintf(line, sizeof line, "%5s %6s %8s %8s %5s %8s", "Open", "Today", "Overdue",
	         "On time", "Late", "Declined");
	tui_put_attr(a, w, 2, 2, 27, "Caseworker", A_UNDERLINE);
	tui_put_attr(a, w, 2, 29, 46, line, A_UNDERLINE);
	if (f->cur < f->top)
		f->top = f->cur;
	if (f->cur >= f->top + h)
		f->top = f->cur - h + 1;
	for (int y = 0; y < h && f->top + y < f->n; y++)
		draw_row(a, w, TOP + y, &f->rows[f->top + y], f->top + y == f->cur);
	if (f->asking) {
		snprintf(line, sizeof line, "Give all %lld open cases of %s to %s?  y yes  n no",
		         (long long)f->count, f->from_name, f->to_name);
		tui_put_attr(a, w, getmaxy(w) - 1, 0, a->cols, line, A_BOLD);
	}
}

/* The period before or after this one, as long (period_step). */
static void
step(struct app *a, struct followup_st *f, int by)
{
	struct period p;

	period_step(&a->s, &f->p, by, &p);
	if (p.start > tui_now(a)) {
		tui_message(a, 1, "that period has not begun yet");
		return;
	}
	f->p = p;
	load(a, f);
}

/* The audit stays under the form, and reads its counts again for the
 * new period when it resumes. */
static void
period_chosen(void *owner, const struct period *p)
{
	struct followup_st *f = owner;

	f->p = *p;
	f->reload = 1;
}

static const struct forms_period period_form = {
    "Follow-up audit period", "Follow-ups due in these days, both included: a month, a quarter.",
    "Follow-ups due", period_chosen};

static void
reassign_caseload(struct app *a, struct followup_st *f)
{
	const struct followup_row *r = f->cur < f->n ? &f->rows[f->cur] : NULL;
	char q[200];

	if (!r || r->caseworker_id == FOLLOWUP_EVERYONE) {
		tui_message(a, 1, "pick a caseworker's row: the total is everyone's");
		return;
	}
	if (followup_caseload(&a->s, r->caseworker_id, &f->count) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	if (f->count == 0) {
		tui_message(a, 0, "%s has no open cases to reassign.", r->name);
		return;
	}
	f->from = r->caseworker_id;
	snprintf(f->from_name, sizeof f->from_name, "%s", r->name);
	snprintf(q, sizeof q, "Give all %lld open cases of %s to:", (long long)f->count, r->name);
	f->picking =
	    scr_pick_caseworker(a, q, f->from, &f->chosen, f->to_name, sizeof f->to_name) == 0;
}

static void
answer(struct app *a, struct followup_st *f, enum action act)
{
	int moved;

	if (act == ACT_C_YES) {
		f->asking = 0;
		if (followup_reassign_all(&a->s, f->from, f->chosen, &moved) != 0) {
			tui_message(a, 1, "%s", a->s.err);
			return;
		}
		tui_message(a, 0, "%d open case%s moved from %s to %s.", moved, moved == 1 ? "" : "s",
		            f->from_name, f->to_name);
		load(a, f);
	} else if (act == ACT_C_NO) {
		f->asking = 0;
		tui_message(a, 0, "Nothing was changed.");
	}
}

static void
followup_key(struct app *a, void *st, enum action act, int k)
{
	struct followup_st *f = st;
	int page = getmaxy(a->body) - TOP - 1;
	struct overdue_arg oa;

	if (f->asking) {
		answer(a, f, keymap_action(CTX_CONFIRM, k, a->s.role));
		return;
	}
	switch (act) {
	case ACT_FU_DOWN: f->cur += f->cur + 1 < f->n; break;
	case ACT_FU_UP: f->cur -= f->cur > 0; break;
	case ACT_FU_PGDN: f->cur = f->cur + page < f->n ? f->cur + page : f->n - 1; break;
	case ACT_FU_PGUP: f->cur = f->cur > page ? f->cur - page : 0; break;
	case ACT_FU_PREV: step(a, f, -1); break;
	case ACT_FU_NEXT: step(a, f, 1); break;
	case ACT_FU_PERIOD: forms_period_push(a, &period_form, &f->p, f); break;
	case ACT_FU_REFRESH: load(a, f); break;
	case ACT_FU_HELP: tui_push(a, &scr_help, &scr_followup.ctx); break;
	case ACT_FU_BACK: tui_pop(a); break;
	case ACT_FU_REASSIGN: reassign_caseload(a, f); break;
	case ACT_FU_OPEN:
		if (f->cur < f->n) {
			oa = (struct overdue_arg){OVERDUE_ITEMS, f->rows[f->cur].caseworker_id,
			                         f->rows[f->cur].caseworker_id == FOLLOWUP_EVERYONE ?
			                             "everyone" : f->rows[f->cur].name, &f->p};
			tui_push(a, &scr_overdue, &oa);
		}
		break;
	case ACT_FU_STALE:
		oa = (struct overdue_arg){OVERDUE_STALE, FOLLOWUP_EVERYONE, "everyone", NULL};
		tui_push(a, &scr_overdue, &oa);
		break;
	case ACT_FU_NOCHECKOUT:
		oa = (struct overdue_arg){OVERDUE_NO_CHECKOUT, FOLLOWUP_EVERYONE, "everyone", NULL};
		tui_push(a, &scr_overdue, &oa);
		break;
	default:
		break;
	}
}

const struct screen scr_followup = {
    .title = "follow-up audit",
    .ctx = CTX_FOLLOWUP,
    .size = sizeof(struct followup_st),
    .open = followup_open,
    .close = followup_close,
    .draw = followup_draw,
    .key = followup_key,
    .resume = followup_resume,
};
