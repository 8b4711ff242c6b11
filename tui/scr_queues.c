/* SPDX-License-Identifier: ISC */
/*
 * scr_queues.c - home: the work queues, most urgent first.
 *
 * The queues are sections of one list, in DESIGN's order with the
 * 48-hour contacts always on top; each section heading carries its
 * count.  A row says who, what is due and how late, in words: OVERDUE
 * and [!] mark what is late, so nothing depends on colour.  The cursor
 * moves over people's rows only; ENTER opens the person, r records a
 * release, c a contact.  Health staff and supervisors see, on top, how
 * many of the jail's roster rows need a look (J lists them), when any do,
 * and, when the naloxone stock needs someone, a line saying so: kits
 * expiring within 60 days, facilities below the low-stock mark, handovers
 * to reconcile, at the facility shown (f) or at all of them (`passage
 * stock list` gives the lots).  The pre-release queue, the days ahead, comes
 * after what is due now (follow-ups, appointments): a week of releases
 * would otherwise push the overdue follow-ups off a 24-line screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facility.h"
#include "nav.h"
#include "roster_review.h"
#include "scr.h"
#include "stock.h"

#define ROWS_MAX 1000 /* per queue: the rest are counted as "more" */
#define WHAT_X 39     /* where a row says what is due */
#define WHEN_COLS 14  /* and how soon, at the right edge */

struct qline {
	int queue;  /* -1 a heading, -2 "nobody", -3 the roster line, -4 the stock line */
	int row;    /* index into that queue's rows */
};

struct queues_st {
	struct queue_row *rows[QUEUE_COUNT];
	int n[QUEUE_COUNT];
	char title[QUEUE_COUNT][80]; /* read with the rows: a redraw reads nothing */
	int shown[QUEUE_COUNT]; /* queues this role sees */
	struct qline *lines;
	int nlines, cur, top;
	struct facility_row fac[32];
	int nfac, facpos; /* facpos 0: all; else fac[facpos - 1] */
	int64_t roster;   /* roster rows that need a look (health, supervisors) */
	int64_t roster_out; /* of them, releases: the person is out */
	struct stock_totals stock; /* naloxone stock (health, supervisors) */
	uint64_t saves;   /* a->s.saved when the queues were read */
	int64_t read_at;
	int64_t version;  /* queue_changed's, as of the last read */
	int64_t asked_at; /* when queue_changed was last asked */
};

/* How old the queues may be when the user comes back to them before they
 * are read again (other people's work shows up; g reads them at once). */
#define STALE_SECONDS 60
/* While they are on screen, how often to ask whether someone else (a
 * colleague, the hourly roster import) changed the file, and read them
 * again if so: a release the import recorded shows up by itself. */
#define WATCH_SECONDS 10

static void
free_rows(struct queues_st *q)
{
	for (int i = 0; i < QUEUE_COUNT; i++) {
		free(q->rows[i]);
		q->rows[i] = NULL;
		q->n[i] = 0;
	}
	free(q->lines);
	q->lines = NULL;
	q->nlines = 0;
}

static int
is_row(const struct queues_st *q, int i)
{
	return i >= 0 && i < q->nlines && q->lines[i].queue >= 0;
}

static void qmove(struct queues_st *q, int by);

static void
load(struct app *a, struct queues_st *q)
{
	int64_t keep = is_row(q, q->cur) ? q->rows[q->lines[q->cur].queue][q->lines[q->cur].row].person_id : 0;
	int total = 0, li = 0;

	free_rows(q);
	q->saves = a->s.saved;
	q->read_at = q->asked_at = tui_now(a);
	if (queue_changed(&a->s, &q->version) < 0)
		q->version = 0;
	if (roster_review_count(&a->s, &q->roster, &q->roster_out) != 0)
		q->roster = q->roster_out = 0;
	total += q->roster > 0;
	memset(&q->stock, 0, sizeof q->stock);
	if ((a->s.role == ROLE_HEALTH || a->s.role == ROLE_SUPERVISOR) &&
	    stock_totals(&a->s, a->filter.facility_id, &q->stock) != 0)
		memset(&q->stock, 0, sizeof q->stock);
	total += stock_needs_look(&q->stock);
	for (int i = 0; i < QUEUE_COUNT; i++) {
		q->shown[i] = i != QUEUE_STALE || a->s.role == ROLE_SUPERVISOR;
		if (!q->shown[i])
			continue;
		if (!(q->rows[i] = calloc(ROWS_MAX, sizeof *q->rows[i]))) {
			tui_message(a, 1, "out of memory");
			return;
		}
		queue_title(&a->s, queue_defs[i].id, q->title[i], sizeof q->title[i]);
		if (queue_defs[i].fill(&a->s, &a->filter, q->rows[i], ROWS_MAX, &q->n[i]) != 0) {
			tui_message(a, 1, "%s", a->s.err);
			q->n[i] = 0;
		}
		total += 1 + (q->n[i] ? q->n[i] : 1);
	}
	if (!(q->lines = calloc((size_t)total, sizeof *q->lines)))
		return;
	if (q->roster > 0)
		q->lines[li++] = (struct qline){-3, 0};
	if (stock_needs_look(&q->stock))
		q->lines[li++] = (struct qline){-4, 0};
	for (int i = 0; i < QUEUE_COUNT; i++) {
		if (!q->shown[i])
			continue;
		q->lines[li++] = (struct qline){-1, i};
		if (!q->n[i])
			q->lines[li++] = (struct qline){-2, i};
		for (int r = 0; r < q->n[i]; r++)
			q->lines[li++] = (struct qline){i, r};
	}
	q->nlines = li;
	/* The cursor stays with the person it was on, else the first row. */
	q->cur = 0;
	for (int i = 0; i < q->nlines; i++)
		if (is_row(q, i) && (!keep || q->rows[q->lines[i].queue][q->lines[i].row].person_id ==
		                                  keep)) {
			q->cur = i;
			break;
		}
	if (keep && !is_row(q, q->cur))
		qmove(q, 1);
}

static int
queues_open(struct app *a, void *st, const void *arg)
{
	struct queues_st *q = st;

	(void)arg;
	if (facility_list(&a->s, q->fac, 32, &q->nfac) != 0)
		q->nfac = 0;
	load(a, q);
	return 0;
}

static void
queues_close(struct app *a, void *st)
{
	(void)a;
	free_rows(st);
}

/* Back from a search or a person: read the queues again only when
 * something was saved since, or they are a minute old.  At a million
 * people a read of every queue takes a fifth of a second, too long for
 * ESC. */
static void
queues_resume(struct app *a, void *st)
{
	struct queues_st *q = st;

	if (q->saves != a->s.saved || tui_now(a) - q->read_at >= STALE_SECONDS)
		load(a, q);
}

/* "edu yes  nal declined  appt -" */
static const char *
mark(enum queue_mark m)
{
	switch (m) {
	case QUEUE_MARK_YES:
		return "yes";
	case QUEUE_MARK_DECLINED:
		return "decl"; /* the person's choice: a complete answer */
	case QUEUE_MARK_OFFERED:
		return "offer";
	default:
		return "NO";
	}
}

/* "needs education, naloxone": in full words where they fit in cols,
 * else the shorter ones the releasing queue's marks use. */
static void
missing_text(unsigned missing, int cols, char *out, size_t n)
{
	static const char *const full[] = {"education", "naloxone", "appointment"};
	static const char *const brief[] = {"edu", "naloxone", "appt"};
	static const unsigned bit[] = {QUEUE_MISSING_EDUCATION, QUEUE_MISSING_NALOXONE,
	                               QUEUE_MISSING_APPOINTMENT};

	for (int pass = 0; pass < 2; pass++) {
		size_t used = (size_t)snprintf(out, n, "needs");
		const char *sep = " ";

		for (int i = 0; i < 3 && used < n; i++)
			if (missing & bit[i]) {
				used += (size_t)snprintf(out + used, n - used, "%s%s", sep,
				                         pass ? brief[i] : full[i]);
				sep = ", ";
			}
		if ((int)used <= cols)
			return;
	}
}

static void
row_text(struct app *a, int queue, const struct queue_row *r, char *what, size_t wn, char *when,
         size_t hn)
{
	char span[32];

	if (queue == QUEUE_RELEASING)
		snprintf(what, wn, "edu %s nal %s apt %s", mark(r->educated), mark(r->naloxone),
		         mark(r->appointment));
	else if (queue == QUEUE_PRERELEASE)
		missing_text(r->missing, a->cols - WHAT_X - WHEN_COLS - 1, what, wn);
	else
		snprintf(what, wn, "%s", r->what);
	tui_span(r->late, span, sizeof span);
	if (r->today)
		snprintf(when, hn, "today");
	else if (r->late > 0)
		snprintf(when, hn, "OVERDUE %s", span);
	else if (r->due_at)
		snprintf(when, hn, "due in %s", span);
	else
		snprintf(when, hn, "-");
	/* How the roster gave the release the time counts from: the heading
	 * says what the mark means. */
	if (r->rough) {
		size_t used = strlen(when);
		snprintf(when + used, hn - used, " %s", queue_rough_mark(r->rough));
	}
}

/* "Naloxone: 12 kits expiring in 60 days, LOW at 1 facility, 2 to
 * reconcile" */
static void
stock_line(const struct stock_totals *t, char *out, size_t n)
{
	size_t used = (size_t)snprintf(out, n, "Naloxone:");
	const char *sep = " ";

	if (t->expiring && used < n) {
		used += (size_t)snprintf(out + used, n - used, "%s%lld %s expiring in %d days", sep,
		                         (long long)t->expiring, t->expiring == 1 ? "kit" : "kits",
		                         STOCK_EXPIRING_DAYS);
		sep = ", ";
	}
	if (t->low_facilities && used < n) {
		used += (size_t)snprintf(out + used, n - used, "%sLOW at %lld %s", sep,
		                         (long long)t->low_facilities,
		                         t->low_facilities == 1 ? "facility" : "facilities");
		sep = ", ";
	}
	if (t->to_reconcile && used < n)
		snprintf(out + used, n - used, "%s%lld to reconcile", sep, (long long)t->to_reconcile);
}

static void
queues_draw(struct app *a, void *st, WINDOW *w)
{
	struct queues_st *q = st;
	int h = getmaxy(w), y;
	char line[200], what[200], when[40];

	if (tui_now(a) - q->asked_at >= WATCH_SECONDS) {
		q->asked_at = tui_now(a);
		if (queue_changed(&a->s, &q->version) == 1)
			load(a, q);
	}

	if (q->cur < q->top)
		q->top = q->cur;
	if (q->cur >= q->top + h)
		q->top = q->cur - h + 1;
	/* Keep a section's heading in view with its first row. */
	if (q->top > 0 && q->cur == q->top && q->lines[q->top - 1].queue == -1)
		q->top--;
	for (y = 0; y < h && q->top + y < q->nlines; y++) {
		const struct qline *l = &q->lines[q->top + y];
		if (l->queue == -1) {
			int i = l->row;
			char legend[40];
			queue_rough_legend(q->rows[i], q->n[i], legend, sizeof legend);
			snprintf(line, sizeof line, "%s (%d%s)%s%s", q->title[i], q->n[i],
			         q->n[i] >= ROWS_MAX ? " or more" : "", *legend ? "   " : "", legend);
			tui_put_attr(a, w, y, 0, a->cols, line, A_BOLD | A_UNDERLINE);
		} else if (l->queue == -3) {
			char out[40] = "";
			if (q->roster_out)
				snprintf(out, sizeof out, ", %lld released", (long long)q->roster_out);
			snprintf(line, sizeof line, "Roster: needs a look (%lld%s): J lists them",
			         (long long)q->roster, out);
			tui_put_attr(a, w, y, 0, a->cols, line, A_BOLD | A_UNDERLINE);
		} else if (l->queue == -4) {
			stock_line(&q->stock, line, sizeof line);
			tui_put_attr(a, w, y, 0, a->cols, line, A_BOLD);
		} else if (l->queue == -2) {
			tui_put(a, w, y, 0, a->cols, "    nobody");
		} else {
			const struct queue_row *r = &q->rows[l->queue][l->row];
			int sel = q->top + y == q->cur;
			attr_t at = sel ? A_REVERSE : 0;

			row_text(a, l->queue, r, what, sizeof what, when, sizeof when);
			tui_put_attr(a, w, y, 0, 4, sel ? ">" : "", at);
			tui_put_attr(a, w, y, 1, 4, r->late > 0 ? "[!]" : "", at);
			tui_put_attr(a, w, y, 5, 23, r->name, at);
			tui_put_attr(a, w, y, 29, 9, r->code, at);
			tui_put_attr(a, w, y, WHAT_X, a->cols - WHAT_X - WHEN_COLS - 1, what, at);
			tui_put_attr(a, w, y, a->cols - WHEN_COLS, WHEN_COLS, when, at);
		}
	}
}

static void
qmove(struct queues_st *q, int by)
{
	int i = q->cur;

	while (by != 0) {
		int step = by > 0 ? 1 : -1, j = i + step;
		while (j >= 0 && j < q->nlines && !is_row(q, j))
			j += step;
		if (!is_row(q, j))
			break;
		i = j;
		by -= step;
	}
	q->cur = i;
}

static void
next_queue(struct queues_st *q)
{
	int start = is_row(q, q->cur) ? q->lines[q->cur].queue : -1;

	for (int i = q->cur + 1; i < q->nlines; i++)
		if (is_row(q, i) && q->lines[i].queue != start) {
			q->cur = i;
			return;
		}
	for (int i = 0; i < q->nlines; i++)
		if (is_row(q, i)) {
			q->cur = i;
			return;
		}
}

static void
next_facility(struct app *a, struct queues_st *q)
{
	q->facpos = q->nfac ? (q->facpos + 1) % (q->nfac + 1) : 0;
	a->filter.facility_id = q->facpos ? q->fac[q->facpos - 1].id : 0;
	snprintf(a->facility, sizeof a->facility, "%s", q->facpos ? q->fac[q->facpos - 1].name : "");
	load(a, q);
}

static void
queues_key(struct app *a, void *st, enum action act, int k)
{
	struct queues_st *q = st;
	const struct queue_row *r = NULL;
	int page = a->rows - 4;

	(void)k;
	if (is_row(q, q->cur))
		r = &q->rows[q->lines[q->cur].queue][q->lines[q->cur].row];
	switch (act) {
	case ACT_DOWN: qmove(q, 1); break;
	case ACT_UP: qmove(q, -1); break;
	case ACT_PGDN: qmove(q, page); break;
	case ACT_PGUP: qmove(q, -page); break;
	case ACT_NEXTQ: next_queue(q); break;
	case ACT_REFRESH: load(a, q); break;
	case ACT_QHELP: tui_push(a, &scr_help, &scr_queues.ctx); break;
	case ACT_QQUIT: a->ask_quit = 1; break;
	case ACT_SEARCH: tui_push(a, &scr_search, NULL); break;
	case ACT_FACILITY: next_facility(a, q); break;
	case ACT_MINE:
		a->filter.only_mine = !a->filter.only_mine;
		tui_message(a, 0, a->filter.only_mine ? "Showing your caseload." :
		                                         "Showing everyone you may see.");
		load(a, q);
		break;
	case ACT_OPEN:
		if (r)
			nav_open_person(a, r->person_id);
		break;
	case ACT_RELEASE:
		if (r)
			scr_form_release(a, r->person_id);
		break;
	case ACT_CONTACT:
		if (r)
			scr_form_contact(a, r->person_id);
		break;
	case ACT_NEWPERSON:
		scr_form_person_new(a);
		break;
	case ACT_REVIEW: tui_push(a, &scr_review, NULL); break;
	case ACT_ROSTER: tui_push(a, &scr_roster, NULL); break;
	case ACT_DIRECTORY: tui_push(a, &scr_directory, NULL); break;
	case ACT_FOLLOWUP:
		tui_push(a, &scr_followup, NULL);
		break;
	case ACT_AUDITLOG:
		tui_push(a, &scr_log, NULL);
		break;
	case ACT_REPORT:
		tui_push(a, &scr_report, NULL);
		break;
	default:
		break;
	}
}

const struct screen scr_queues = {
    .title = "queues",
    .ctx = CTX_QUEUES,
    .size = sizeof(struct queues_st),
    .open = queues_open,
    .close = queues_close,
    .draw = queues_draw,
    .key = queues_key,
    .resume = queues_resume,
};
