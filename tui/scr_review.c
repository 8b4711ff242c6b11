/* SPDX-License-Identifier: ISC */
/*
 * scr_review.c - the supervisors' review of break-the-glass accesses
 * (core/glass.h), from B on the queues.
 *
 * A list for a period (the last 30 days at first; w chooses another),
 * the accesses not reviewed yet first and marked [!]; u shows only
 * those.  ENTER shows one access in full: the whole reason and what was
 * done while it was open, read from the audit log.  v marks it reviewed,
 * with an optional comment, through a small form; core refuses a
 * supervisor's own access and one reviewed already, and the form says
 * why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms_period.h"
#include "glass.h"
#include "period.h"
#include "scr.h"
#include "scr_form.h"

#define REVIEW_DAYS 30

struct review_st {
	struct period p;
	int only_unreviewed;
	struct glass_row *rows;
	int n, cur, top;
	int detail; /* showing rows[cur] in full */
};

static void
load(struct app *a, struct review_st *r)
{
	int64_t keep = r->n ? r->rows[r->cur].id : 0;

	glass_list_free(r->rows, r->n);
	r->rows = NULL;
	r->n = r->cur = r->top = 0;
	if (glass_list(&a->s, &r->p, r->only_unreviewed, &r->rows, &r->n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	/* Stay on the access just reviewed, wherever it moved to. */
	for (int i = 0; i < r->n; i++)
		if (r->rows[i].id == keep)
			r->cur = i;
	if (r->detail && (!keep || r->rows[r->cur].id != keep))
		r->detail = 0;
}

static int
review_open(struct app *a, void *st, const void *arg)
{
	struct review_st *r = st;

	(void)arg;
	if (a->s.role != ROLE_SUPERVISOR) {
		tui_message(a, 1, "Only supervisors review break-the-glass accesses.");
		return -1;
	}
	period_days(&a->s, tui_now(a), REVIEW_DAYS, &r->p);
	load(a, r);
	return 0;
}

static void
review_close(struct app *a, void *st)
{
	struct review_st *r = st;

	(void)a;
	glass_list_free(r->rows, r->n);
	r->rows = NULL;
	r->n = 0;
}

static void
review_resume(struct app *a, void *st)
{
	load(a, st);
}

/* ---------------------------------------------------------------- drawing */

static void
draw_list(struct app *a, struct review_st *r, WINDOW *w)
{
	char line[160], when[40], text[32];
	int h = getmaxy(w) - 3, open = 0;

	for (int i = 0; i < r->n; i++)
		open += r->rows[i].reviewed_at == 0;
	period_text(&r->p, text);
	if (r->only_unreviewed)
		snprintf(line, sizeof line, "Break-the-glass accesses, %s: %d not reviewed", text,
		         open);
	else
		snprintf(line, sizeof line, "Break-the-glass accesses, %s: %d, %d not reviewed", text,
		         r->n, open);
	tui_put_attr(a, w, 0, 1, a->cols - 2, line, A_BOLD);
	if (r->n == 0) {
		tui_put(a, w, 2, 2, a->cols - 4, r->only_unreviewed
		        ? "Every access in this period has been reviewed."
		        : "No one broke the glass in this period.");
		return;
	}
	tui_put_attr(a, w, 1, 2, a->cols - 2,
	             "Started          User           Person     Reason            Review",
	             A_UNDERLINE);
	if (r->cur < r->top)
		r->top = r->cur;
	if (r->cur >= r->top + h)
		r->top = r->cur - h + 1;
	for (int y = 0; y < h && r->top + y < r->n; y++) {
		const struct glass_row *g = &r->rows[r->top + y];
		int sel = r->top + y == r->cur;
		attr_t at = sel ? A_REVERSE : 0;

		tui_time(a, g->started_at, when, sizeof when);
		tui_put_attr(a, w, y + 2, 0, 2, sel ? ">" : "", at);
		tui_put_attr(a, w, y + 2, 2, 17, when, at);
		tui_put_attr(a, w, y + 2, 19, 15, g->user, at);
		tui_put_attr(a, w, y + 2, 34, 11, g->code, at);
		tui_put_attr(a, w, y + 2, 45, a->cols - 45 - 18, g->reason, at);
		tui_put_attr(a, w, y + 2, a->cols - 18, 1, "", at);
		tui_put_attr(a, w, y + 2, a->cols - 17, 17,
		             g->reviewed_at ? "reviewed" : "[!] not reviewed", at);
	}
}

/* A label and text over the lines it needs (up to max); returns the
 * next free row. */
static int
field(struct app *a, WINDOW *w, int y, const char *label, const char *text, int max)
{
	tui_put_attr(a, w, y, 2, 12, label, A_BOLD);
	return y + tui_put_wrap(a, w, y, 14, a->cols - 16, max, text && *text ? text : "(none)", 0);
}

static void
draw_detail(struct app *a, struct review_st *r, WINDOW *w)
{
	const struct glass_row *g = &r->rows[r->cur];
	char line[200], from[40], until[40], name[4 * 200 + 40];
	int y = 2;

	tui_time(a, g->started_at, from, sizeof from);
	tui_time(a, g->expires_at, until, sizeof until);
	snprintf(line, sizeof line, "Break-the-glass access no. %lld", (long long)g->id);
	tui_put_attr(a, w, 0, 1, a->cols - 2, line, A_BOLD);
	snprintf(line, sizeof line, "%s until %s", from, until);
	y = field(a, w, y, "Open", line, 1);
	y = field(a, w, y, "User", g->user, 1);
	snprintf(name, sizeof name, "%s%s%s", g->code, g->name ? "  " : "", g->name ? g->name : "");
	y = field(a, w, y, "Person", name, 1);
	y = field(a, w, y + 1, "Reason", g->reason, 6);
	y = field(a, w, y + 1, "While open", g->viewed, 3);
	if (g->reviewed_at) {
		tui_time(a, g->reviewed_at, from, sizeof from);
		snprintf(line, sizeof line, "by %s at %s", g->reviewer ? g->reviewer : "someone",
		         from);
		y = field(a, w, y + 1, "Reviewed", line, 1);
		field(a, w, y, "Comment", g->comment, 6);
	} else {
		field(a, w, y + 1, "Reviewed", "[!] not reviewed yet: v marks it reviewed", 1);
	}
}

static void
review_draw(struct app *a, void *st, WINDOW *w)
{
	struct review_st *r = st;

	if (r->detail && r->cur < r->n)
		draw_detail(a, r, w);
	else
		draw_list(a, r, w);
}

/* ---------------------------------------------------------------- forms */

static const struct form_field mark_fields[] = {
    {"Comment (optional)", FORM_TEXT, 50, GLASS_COMMENT_MAX, 0, NULL,
     "What you checked, if anything needs saying.  ^X marks it reviewed.", 0, 0, NULL},
};

static int
mark_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	int64_t id;

	memcpy(&id, ctx, sizeof id);
	if (glass_review(&a->s, id, form_text(f, 0)) != 0) {
		form_set_form_error(f, a->s.err);
		return -1;
	}
	snprintf(done, n, "Marked reviewed.");
	return 0;
}

static const struct form_spec mark_spec = {
    "Mark reviewed", "The access is marked reviewed by you, now; a review stands.",
    mark_fields, 1, NULL, mark_save, NULL};

/* The review screen stays under the form: it reads its list again when
 * the form closes. */
static void
period_chosen(void *owner, const struct period *p)
{
	struct review_st *r = owner;

	r->p = *p;
}

static const struct forms_period period_form = {
    "Period", "Accesses that started in these days, both included.", "Accesses that started",
    period_chosen};

/* ---------------------------------------------------------------- keys */

static void
review_key(struct app *a, void *st, enum action act, int k)
{
	struct review_st *r = st;

	(void)k;
	switch (act) {
	case ACT_RV_DOWN:
		if (r->cur + 1 < r->n)
			r->cur++;
		break;
	case ACT_RV_UP:
		if (r->cur > 0)
			r->cur--;
		break;
	case ACT_RV_DETAIL:
		r->detail = r->n > 0;
		break;
	case ACT_RV_MARK:
		if (r->n > 0 && r->rows[r->cur].reviewed_at)
			tui_message(a, 1, "This access was reviewed already: a review stands.");
		else if (r->n > 0)
			scr_form_push(a, &mark_spec, &r->rows[r->cur].id, sizeof r->rows[r->cur].id);
		break;
	case ACT_RV_FILTER:
		r->only_unreviewed = !r->only_unreviewed;
		r->detail = 0;
		load(a, r);
		break;
	case ACT_RV_PERIOD:
		forms_period_push(a, &period_form, &r->p, r);
		break;
	case ACT_RV_HELP:
		tui_push(a, &scr_help, &scr_review.ctx);
		break;
	case ACT_RV_BACK:
		if (r->detail)
			r->detail = 0;
		else
			tui_pop(a);
		break;
	default:
		break;
	}
}

const struct screen scr_review = {
    .title = "break-the-glass review",
    .ctx = CTX_REVIEW,
    .size = sizeof(struct review_st),
    .open = review_open,
    .close = review_close,
    .draw = review_draw,
    .key = review_key,
    .resume = review_resume,
};
