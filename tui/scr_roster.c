/* SPDX-License-Identifier: ISC */
/*
 * scr_roster.c - "roster: needs a look" (core/roster_review.h), from J
 * on the queues of health staff and supervisors.
 *
 * The jail's roster rows that no one could be linked to on strong
 * evidence, the oldest booking first.  ENTER shows one in full: the
 * jail's ids, the booking and release, and the people who might be them.
 * l links it to one of them, or to anyone by participant code (found with
 * / on the queues first); a adds a new person, the form filled from the
 * row; d dismisses it, with an optional reason.  Each goes through core
 * in one transaction; a row someone else resolved meanwhile is refused
 * with who and when, and the list is read again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "namecase.h"
#include "roster_review.h"
#include "scr.h"
#include "scr_form.h"
#include "text.h"

struct roster_st {
	struct roster_look *rows;
	int n, cur, top;
	int detail;
	uint64_t saves;
};

static void
load(struct app *a, struct roster_st *r)
{
	int64_t keep = r->n ? r->rows[r->cur].id : 0;

	free(r->rows);
	r->rows = NULL;
	r->n = r->cur = r->top = 0;
	r->saves = a->s.saved;
	if (roster_review_list(&a->s, &r->rows, &r->n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	for (int i = 0; i < r->n; i++)
		if (r->rows[i].id == keep)
			r->cur = i;
	if (r->detail && (!keep || !r->n || r->rows[r->cur].id != keep))
		r->detail = 0;
}

static int
roster_open(struct app *a, void *st, const void *arg)
{
	struct roster_st *r = st;

	(void)arg;
	if (a->s.role != ROLE_HEALTH && a->s.role != ROLE_SUPERVISOR) {
		tui_message(a, 1, "The roster's rows that need a look are for health staff and "
		              "supervisors.");
		return -1;
	}
	load(a, r);
	return 0;
}

static void
roster_close(struct app *a, void *st)
{
	struct roster_st *r = st;

	(void)a;
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

static void
roster_resume(struct app *a, void *st)
{
	struct roster_st *r = st;

	if (r->saves != a->s.saved)
		load(a, r);
}

/* ---------------------------------------------------------------- drawing */

/* "released 2023-04-24 23:06 (13h ago)", "released 2023-04-22, date
 * only", "transferred ...", "in custody"; brief (the list): a release
 * with a time as "released 13h ago", the person being out, and dates
 * without the year. */
static void
status_text(struct app *a, const struct roster_look *l, int brief, char *out, size_t n)
{
	char when[40], ago[40];
	const char *w = when;
	int timed = !l->transfer && l->released_at && !l->date_only;

	if (l->in_custody) {
		snprintf(out, n, "in custody");
		return;
	}
	if (!l->released_at) {
		snprintf(out, n, "%s, no date", l->transfer ? "transferred" : "released");
		return;
	}
	tui_span(tui_now(a) - l->released_at, ago, sizeof ago);
	if (brief && timed) {
		snprintf(out, n, "released %s ago", ago);
		return;
	}
	/* A date only is the start of that day in the jail's zone: the
	 * site's clock, west of the jail, would show the day before. */
	if (l->date_only && l->zone[0])
		zone_format(l->zone, l->released_at, when, sizeof when);
	else
		tui_time(a, l->released_at, when, sizeof when);
	if (l->date_only)
		when[strcspn(when, " ")] = 0;
	if (brief && strlen(when) > 5)
		w += 5;
	snprintf(out, n, "%s %s%s%s%s%s", l->transfer ? "transferred" : "released", w,
	         l->date_only ? ", date only" : "", timed ? " (" : "", timed ? ago : "",
	         timed ? " ago)" : "");
}

/* When the row's booking began: a date only (the start of that day in
 * the jail's zone) as that date, which the site's clock, west of the
 * jail, would show as the evening before; else the site's clock. */
static void
booked_text(struct app *a, const struct roster_look *l, char *out, size_t n)
{
	if (!l->booked_at) {
		snprintf(out, n, "no date");
		return;
	}
	if (l->booked_date_only && l->zone[0])
		zone_format(l->zone, l->booked_at, out, n);
	else
		tui_time(a, l->booked_at, out, n);
	if (l->booked_date_only)
		out[strcspn(out, " ")] = 0;
}

/* The release the jail expects: a date only, which a profile keeps as
 * 00:00 at the jail (due that whole day), as that date, which the site's
 * clock, west of the jail, would show as the evening before; else the
 * site's clock. */
static void
expected_text(struct app *a, const struct roster_look *l, char *out, size_t n)
{
	if (l->zone[0]) {
		zone_format(l->zone, l->expected_at, out, n);
		if (strlen(out) > 11 && strcmp(out + 11, "00:00") == 0) {
			out[10] = 0;
			return;
		}
	}
	tui_time(a, l->expected_at, out, n);
}

/* The jail's id a list row shows: its booking number, which tells two
 * bookings of one person apart, else the jail's person id. */
static const char *
row_id(const struct roster_look *l)
{
	return *l->booking ? l->booking : *l->jail_id ? l->jail_id : "-";
}

/* The list's columns: when booked, the jail's id, the name, born and
 * now.  The dates, ids and statuses are what tell rows apart, so they
 * keep their whole width (as wide as the longest shown, up to a cap) and
 * the name takes what is left, cut if it must be. */
#define COL_BOOKED 16
#define COL_ID_MAX 20
#define COL_NOW_MAX 30
#define COL_NAME_MIN 8

/* The row's name in cols columns: whole if it fits, else without the
 * middle name, else as "LAST, FIRST" so that what is cut is the end of
 * the first name and never the last. */
static const char *
list_name(const struct roster_look *l, int cols, char *out, size_t n)
{
	roster_look_name(l, out, n);
	if (text_width(out) <= cols)
		return out;
	snprintf(out, n, "%s%s%s", l->first, *l->first && *l->last ? " " : "", l->last);
	if (text_width(out) <= cols)
		return out;
	snprintf(out, n, "%s%s%s", l->last, *l->first && *l->last ? ", " : "", l->first);
	return out;
}

struct cols {
	int id, name, born, now; /* where each starts; booked starts at 2 */
	int id_w, name_w, born_w, now_w;
};

static void
list_cols(struct app *a, const struct roster_st *r, struct cols *c)
{
	char status[80];
	int id_w = (int)strlen("Jail id"), now_w = (int)strlen("Now");

	/* A birth year alone, or a date: as wide as the widest shown. */
	c->born_w = (int)strlen("Born");

	for (int i = 0; i < r->n; i++) {
		int w = text_width(row_id(&r->rows[i]));

		status_text(a, &r->rows[i], 1, status, sizeof status);
		if (w > id_w)
			id_w = w;
		if ((w = text_width(status)) > now_w)
			now_w = w;
		if ((w = text_width(r->rows[i].birth)) > c->born_w)
			c->born_w = w;
	}
	c->id_w = id_w < COL_ID_MAX ? id_w : COL_ID_MAX;
	c->now_w = now_w < COL_NOW_MAX ? now_w : COL_NOW_MAX;
	c->id = 2 + COL_BOOKED + 1;
	c->name = c->id + c->id_w + 1;
	c->name_w = a->cols - c->name - 1 - c->born_w - 1 - c->now_w;
	if (c->name_w < COL_NAME_MIN)
		c->name_w = COL_NAME_MIN;
	c->born = c->name + c->name_w + 1;
	c->now = c->born + c->born_w + 1;
	if (c->now + c->now_w > a->cols)
		c->now_w = a->cols - c->now;
}

static void
draw_list(struct app *a, struct roster_st *r, WINDOW *w)
{
	char line[160], when[40], name[300], status[80], out[40] = "";
	int h = getmaxy(w) - 3, released = 0;
	struct cols c;

	/* The releases come first (roster_review_list): the people are out. */
	for (int i = 0; i < r->n; i++)
		released += !r->rows[i].in_custody && !r->rows[i].transfer;
	if (released)
		snprintf(out, sizeof out, "; %d released, first", released);
	snprintf(line, sizeof line, "Roster: needs a look: %d row%s not linked on strong "
	         "evidence%s", r->n, r->n == 1 ? "" : "s", out);
	tui_put_attr(a, w, 0, 1, a->cols - 2, line, A_BOLD);
	if (r->n == 0) {
		tui_put(a, w, 2, 2, a->cols - 4, "Nothing waits: every roster row is linked, added "
		        "or dismissed.");
		return;
	}
	list_cols(a, r, &c);
	snprintf(line, sizeof line, "%-*s %-*s %-*s %-*s %s", COL_BOOKED, "Booked", c.id_w,
	         "Jail id", c.name_w, "Name", c.born_w, "Born", "Now");
	tui_put_attr(a, w, 1, 2, a->cols - 2, line, A_UNDERLINE);
	if (r->cur < r->top)
		r->top = r->cur;
	if (r->cur >= r->top + h)
		r->top = r->cur - h + 1;
	for (int y = 0; y < h && r->top + y < r->n; y++) {
		const struct roster_look *l = &r->rows[r->top + y];
		int sel = r->top + y == r->cur;
		attr_t at = sel ? A_REVERSE : 0;

		booked_text(a, l, when, sizeof when);
		status_text(a, l, 1, status, sizeof status);
		/* The whole row first, so the spaces between the columns of a
		 * selected row are in reverse too. */
		tui_put_attr(a, w, y + 2, 0, a->cols, sel ? ">" : "", at);
		tui_put_attr(a, w, y + 2, 2, COL_BOOKED, when, at);
		tui_put_attr(a, w, y + 2, c.id, c.id_w, row_id(l), at);
		tui_put_attr(a, w, y + 2, c.name, c.name_w,
		             list_name(l, c.name_w, name, sizeof name), at);
		tui_put_attr(a, w, y + 2, c.born, c.born_w, *l->birth ? l->birth : "-", at);
		tui_put_attr(a, w, y + 2, c.now, a->cols - c.now, status, at);
	}
}

static int
field(struct app *a, WINDOW *w, int y, const char *label, const char *text)
{
	tui_put_attr(a, w, y, 2, 14, label, A_BOLD);
	return y + tui_put_wrap(a, w, y, 16, a->cols - 18, 2, text && *text ? text : "(none)", 0);
}

static void
draw_detail(struct app *a, struct roster_st *r, WINDOW *w)
{
	const struct roster_look *l = &r->rows[r->cur];
	char line[400], when[40], name[300];
	int y = 2;

	snprintf(line, sizeof line, "Roster row: %s", roster_look_name(l, name, sizeof name));
	tui_put_attr(a, w, 0, 1, a->cols - 2, line, A_BOLD);
	y = field(a, w, y, "Born", l->birth);
	snprintf(line, sizeof line, "booking %s, person id %s", *l->booking ? l->booking : "(none)",
	         *l->jail_id ? l->jail_id : "(none)");
	y = field(a, w, y, "Jail's ids", line);
	booked_text(a, l, when, sizeof when);
	y = field(a, w, y, "Booked", l->booked_at ? when : "");
	status_text(a, l, 0, line, sizeof line);
	y = field(a, w, y, "Now", line);
	/* Kept on the row until someone looks, and recorded when they link
	 * or add it: they should see what they record. */
	if (l->expected_at) {
		expected_text(a, l, when, sizeof when);
		y = field(a, w, y, "Expected", when);
	}
	tui_time(a, l->imported_at, when, sizeof when);
	snprintf(line, sizeof line, "profile %s, line %d, imported %s", l->profile, l->line, when);
	y = field(a, w, y, "From", line);
	y++;
	/* The candidates are those the import found: someone added since
	 * is not among them, so this says when nobody was found. */
	if (!l->ncand) {
		field(a, w, y, "Might be", "nobody found when imported: a adds them, l links by code");
		return;
	}
	for (int i = 0; i < l->ncand && y < getmaxy(w); i++) {
		snprintf(line, sizeof line, "%-10s %s%s%s", l->cand[i].code, l->cand[i].name,
		         *l->cand[i].birth ? ", born " : "", l->cand[i].birth);
		y = field(a, w, y, i ? "" : "Might be", line);
	}
}

static void
roster_draw(struct app *a, void *st, WINDOW *w)
{
	struct roster_st *r = st;

	/* A link chosen from the list of candidates is saved after this
	 * screen resumed: read again what it changed. */
	if (r->saves != a->s.saved)
		load(a, r);
	if (r->detail && r->cur < r->n)
		draw_detail(a, r, w);
	else
		draw_list(a, r, w);
}

/* ---------------------------------------------------------------- link */

static const struct form_field code_fields[] = {
    {"Participant code", FORM_TEXT, 20, 32, FORM_REQUIRED, NULL,
     "Theirs exactly: / on the queues finds it by name.  ^X links.", 0, 0, NULL},
};

/* The link-by-code and dismiss forms: one field each, the row in ctx. */
struct row_ctx {
	int64_t id;
	int dismiss;
};

static int
row_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct row_ctx *c = ctx;
	const char *t = form_text(f, 0);

	if ((c->dismiss ? roster_review_dismiss(&a->s, c->id, t)
	                : roster_review_link_code(&a->s, c->id, t)) != 0)
		return forms_refused(a, f);
	if (c->dismiss)
		snprintf(done, n, "Dismissed: not one of our people.");
	else
		snprintf(done, n, "Linked to %s: the booking is recorded.", t);
	return 0;
}

static const struct form_spec code_spec = {
    "Link to someone else", "The roster row is linked to the person with this code.",
    code_fields, 1, NULL, row_save, NULL};

static void
link_chosen(struct app *a, int64_t row, int64_t person_id)
{
	struct row_ctx c = {row, 0};

	if (person_id < 0)
		scr_form_push_act(a, &code_spec, &c, sizeof c, "link");
	else if (roster_review_link(&a->s, row, person_id) != 0)
		tui_message(a, 1, "%s", a->s.err);
	else
		tui_message(a, 0, "Linked: the booking is recorded.");
}

static void
link_push(struct app *a, const struct roster_look *l)
{
	struct pick_item items[ROSTER_CANDIDATES_MAX + 1];
	int m = 0;

	memset(items, 0, sizeof items);
	for (int i = 0; i < l->ncand; i++, m++) {
		items[m].id = l->cand[i].person_id;
		snprintf(items[m].name, sizeof items[m].name, "%s", l->cand[i].code);
		scr_pick_row(a, items[m].label, sizeof items[m].label,
		             (const char *const[]){l->cand[i].code, l->cand[i].name,
		                                   *l->cand[i].birth ? l->cand[i].birth : "-", NULL},
		             (const int[]){10, 40, 0});
	}
	items[m].id = -1;
	snprintf(items[m].name, sizeof items[m].name, "someone else");
	snprintf(items[m].label, sizeof items[m].label, "someone else: type their participant code");
	m++;
	tui_push(a, &scr_pick,
	         &(struct pick_arg){.question = "Link this roster row to whom?",
	                            .heading = "Code       Name                                     "
	                                       "Born",
	                            .items = items, .n = m, .then = link_chosen, .owner = l->id,
	                            .enter = "link"});
	explicit_bzero(items, sizeof items);
}

/* ---------------------------------------------------------------- add */

/* The row being added, for add_fill (which runs inside the push). */
static const struct roster_look *add_src;

static void
add_fill(struct app *a, struct form *f, void *ctx)
{
	char jail[300], name[300];

	(void)a;
	(void)ctx;
	if (!add_src)
		return;
	/* The name as the jail wrote it stays on the row; the form proposes a
	 * readable one when the jail wrote it in capitals. */
	form_set_text(f, 2, name_readable(roster_look_name(add_src, jail, sizeof jail), name,
	                                  sizeof name));
	if (strlen(add_src->birth) == 10)
		form_set_text(f, 4, add_src->birth);
}

static int
add_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	struct person p;
	int64_t id;

	memcpy(&id, ctx, sizeof id);
	memset(&p, 0, sizeof p);
	person_from_form(f, &p);
	if (roster_review_add(&a->s, id, &p) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Added %s: the booking is recorded.", p.participant_code);
	return 0;
}

static const struct form_spec add_spec = {
    "Add a person from the roster", "Filled from the roster row; ^X adds the person and records the booking.",
    person_fields, FORMS_PERSON_FIELDS, add_fill, add_save, NULL};

/* ---------------------------------------------------------------- dismiss */

static const struct form_field dismiss_fields[] = {
    {"Why (optional)", FORM_TEXT, 50, 400, 0, NULL,
     "Not one of our people: why, if it needs saying.  ^X dismisses.", 0, 0, NULL},
};

static const struct form_spec dismiss_spec = {
    "Dismiss the roster row", "Nothing of it is recorded, and the same row will not come back.",
    dismiss_fields, 1, NULL, row_save, NULL};

/* ---------------------------------------------------------------- keys */

static void
roster_key(struct app *a, void *st, enum action act, int k)
{
	struct roster_st *r = st;
	const struct roster_look *l = r->n ? &r->rows[r->cur] : NULL;

	(void)k;
	switch (act) {
	case ACT_RS_DOWN:
		if (r->cur + 1 < r->n)
			r->cur++;
		break;
	case ACT_RS_UP:
		if (r->cur > 0)
			r->cur--;
		break;
	case ACT_RS_DETAIL:
		r->detail = r->n > 0;
		break;
	case ACT_RS_LINK:
		if (l)
			link_push(a, l);
		break;
	case ACT_RS_ADD:
		if (l) {
			add_src = l;
			scr_form_push_act(a, &add_spec, &l->id, sizeof l->id, "add");
			add_src = NULL;
		}
		break;
	case ACT_RS_DISMISS:
		if (l)
			scr_form_push_act(a, &dismiss_spec, &(struct row_ctx){l->id, 1},
			                  sizeof(struct row_ctx), "dismiss");
		break;
	case ACT_RS_HELP:
		tui_push(a, &scr_help, &scr_roster.ctx);
		break;
	case ACT_RS_BACK:
		if (r->detail)
			r->detail = 0;
		else
			tui_pop(a);
		break;
	default:
		break;
	}
}

/* The status line offers what a key does here: nothing to act on in an
 * empty list, and no "detail" on the detail itself. */
static const char *
roster_hint(const void *st, enum action act)
{
	const struct roster_st *r = st;

	switch (act) {
	case ACT_RS_DETAIL: return !r->n || r->detail ? "" : NULL;
	case ACT_RS_LINK:
	case ACT_RS_ADD:
	case ACT_RS_DISMISS: return r->n ? NULL : "";
	default: return NULL;
	}
}

const struct screen scr_roster = {
    .title = "roster: needs a look",
    .ctx = CTX_ROSTER,
    .size = sizeof(struct roster_st),
    .open = roster_open,
    .close = roster_close,
    .draw = roster_draw,
    .key = roster_key,
    .resume = roster_resume,
    .hint = roster_hint,
};
