/* SPDX-License-Identifier: ISC */
/*
 * scr_report.c - the program report for supervisors (core/report.h).
 *
 * Opens on the current quarter for every facility.  p and n step to the
 * quarter before and after, d asks for any period as two dates, f steps
 * through the facilities.  The report is read once per period and
 * facility (each read is audited, as the CLI's is) and drawn as lines
 * that scroll under a header that stays: what period, which facility,
 * made when, by whom, at which audit chain head.
 *
 * x switches to the naloxone distribution report (core/report_naloxone.h)
 * for the same period and facility, and back: kits given, uses
 * reported, kits lost, the stock, section by section.
 *
 * First come the weekly bars, the figures people watch: releases, and
 * the share with naloxone in hand and with a 48-hour contact on time,
 * each as a number and a bar of '#' (plain ASCII, so a VT100 shows it);
 * then every group's figures in three columns (all, planned, unplanned),
 * a percentage as "count/denominator pct", "-" where there is no
 * denominator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facility.h"
#include "forms_period.h"
#include "period.h"
#include "report.h"
#include "report_naloxone.h"
#include "scr.h"
#include "zone.h"

#define LINES_MAX 2000
#define LINE_BYTES 200
#define HEADER 3
#define BAR 12

struct rline {
	char text[LINE_BYTES];
	attr_t attr;
};

struct report_st {
	struct period period;
	struct facility_row fac[32];
	int nfac, facpos; /* facpos 0: all; else fac[facpos - 1] */
	struct rline *lines;
	int n, top;
	int reload;       /* a new period was typed: read again on resume */
	int naloxone;     /* 1: the naloxone distribution report */
};

static void
add(struct report_st *r, attr_t attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
add(struct report_st *r, attr_t attr, const char *fmt, ...)
{
	va_list ap;

	if (r->n >= LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(r->lines[r->n].text, LINE_BYTES, fmt, ap);
	va_end(ap);
	r->lines[r->n++].attr = attr;
}

/* ---------------------------------------------------------------- lines */

/* "###.........": share of full (0 to 1) of BAR columns. */
static void
bar(double share, char out[BAR + 1])
{
	int n = (int)(share * BAR + 0.5);

	n = n < 0 ? 0 : n > BAR ? BAR : n;
	memset(out, '#', (size_t)n);
	memset(out + n, '.', (size_t)(BAR - n));
	out[BAR] = 0;
}

static void
pct_bar(int64_t num, int64_t den, char *out, size_t n)
{
	char b[BAR + 1];
	double p;

	if (report_pct(num, den, &p) != 0) {
		snprintf(out, n, "   - %*s", BAR, "");
		return;
	}
	bar(p / 100.0, b);
	snprintf(out, n, "%3.0f%% %s", p, b);
}

static void
weeks(struct app *a, struct report_st *r, const struct report *x)
{
	int64_t most = 1;

	add(r, A_BOLD | A_UNDERLINE, "Weekly: releases, naloxone in hand, 48-hour contact on time");
	add(r, 0, "week of     releases           in hand            48 h on time");
	for (int i = 0; i < x->nweeks; i++)
		if (x->weeks[i].releases > most)
			most = x->weeks[i].releases;
	for (int i = 0; i < x->nweeks; i++) {
		const struct report_week *w = &x->weeks[i];
		char day[11], b[BAR + 1], hand[40], c48[40];
		zone_local_date(a->s.db, w->start, day);
		bar((double)w->releases / (double)most, b);
		pct_bar(w->in_hand, w->releases, hand, sizeof hand);
		pct_bar(w->c48_on_time, w->c48_due, c48, sizeof c48);
		add(r, 0, "%s %5lld %s  %s  %s", day, (long long)w->releases, b, hand, c48);
	}
	add(r, 0, "(in hand: of the week's releases; on time: of the contacts due)");
}

static void
row3(struct report_st *r, const char *label, const char c[REPORT_SPLITS][32])
{
	add(r, 0, "%-30.30s%-16s%-16s%s", label, c[0], c[1], c[2]);
}

static void
pcts(struct report_st *r, const char *label, const struct report_group *g, size_t off,
     int states)
{
	char c[REPORT_SPLITS][32];

	for (int k = 0; k < REPORT_SPLITS; k++) {
		const struct report_figures *f = &g->fig[k];
		const int64_t *v = (const int64_t *)((const char *)f + off);
		if (states)
			report_pct_text(v[REPORT_ON_TIME], report_due(v), c[k], sizeof c[k]);
		else
			report_pct_text(*v, f->releases, c[k], sizeof c[k]);
	}
	row3(r, label, c);
}

static void
rest(struct report_st *r, const char *label, const struct report_group *g, size_t off)
{
	char c[REPORT_SPLITS][32];

	for (int k = 0; k < REPORT_SPLITS; k++) {
		const int64_t *v = (const int64_t *)((const char *)&g->fig[k] + off);
		snprintf(c[k], sizeof c[k], "%lld/%lld/%lld", (long long)v[REPORT_DECLINED],
		         (long long)v[REPORT_MISSED], (long long)v[REPORT_OPEN]);
	}
	row3(r, label, c);
}

static void
group(struct report_st *r, const struct report *x, const struct report_group *g)
{
	static const char *const kind[] = {"", "Facility: ", "Caseworker: "};
	static const char *const nal[REPORT_NAL_KINDS] = {
	    "Naloxone in hand", "  in property", "  given another way", "  declined", "  none"};
	const struct report_figures *all = &g->fig[REPORT_ALL];
	char c[REPORT_SPLITS][32], label[40];

	add(r, 0, "%s", "");
	add(r, A_BOLD | A_UNDERLINE, "%s%.60s", kind[g->kind], g->name);
	add(r, 0, "%-30s%-16s%-16s%s", "", "all", "planned", "unplanned");
	for (int k = 0; k < REPORT_SPLITS; k++)
		snprintf(c[k], sizeof c[k], "%lld", (long long)g->fig[k].releases);
	row3(r, "Releases", c);
	/* How precisely their times are known, and the transfers, which are
	 * no releases: the program's only. */
	if (g->kind == REPORT_PROGRAM) {
		add(r, 0, "%-30s%lld/%lld/%lld/%lld", "  time/date/inferred/by hand",
		    (long long)x->precision[REPORT_PREC_TIME],
		    (long long)x->precision[REPORT_PREC_DATE],
		    (long long)x->precision[REPORT_PREC_INFERRED],
		    (long long)x->precision[REPORT_PREC_HAND]);
		add(r, 0, "%-30s%lld", "Transfers to another agency", (long long)x->transfers);
	}
	pcts(r, "Educated before release", g, offsetof(struct report_figures, educated), 0);
	for (int i = 0; i < REPORT_NAL_KINDS; i++)
		pcts(r, nal[i], g, offsetof(struct report_figures, naloxone) + (size_t)i * sizeof(int64_t), 0);
	pcts(r, "Appointment before release", g, offsetof(struct report_figures, appointment), 0);
	for (int i = 0; i < REPORT_MOUD_DAYS; i++) {
		snprintf(label, sizeof label, "MOUD attended in %d days", report_moud_days[i]);
		pcts(r, label, g, offsetof(struct report_figures, moud) + (size_t)i * sizeof(int64_t), 0);
	}
	for (int k = 0; k < REPORT_SPLITS; k++) {
		if (g->fig[k].median_hours < 0)
			snprintf(c[k], sizeof c[k], "-");
		else
			snprintf(c[k], sizeof c[k], "%.1f h (%lld)", g->fig[k].median_hours,
			         (long long)g->fig[k].contacted);
	}
	row3(r, "First contact, median hours", c);
	pcts(r, "48-hour contact on time", g, offsetof(struct report_figures, c48), 1);
	rest(r, "  declined/missed/open", g, offsetof(struct report_figures, c48));
	for (int i = 0; i < x->ncheckpoints; i++) {
		size_t off = offsetof(struct report_figures, followup) +
		             (size_t)i * sizeof all->followup[0];
		snprintf(label, sizeof label, "%d-day follow-up on time", x->checkpoints[i]);
		pcts(r, label, g, off, 1);
		rest(r, "  declined/missed/open", g, off);
	}
	add(r, 0, "%-30s%lld overdoses, %lld survived, %lld refills", "Naloxone reports",
	    (long long)all->overdoses, (long long)all->reversals, (long long)all->refills);
}

/* ---------------------------------------------------------------- reading */

static void
load_naloxone(struct app *a, struct report_st *r, int64_t fac)
{
	struct nal_report x;
	char p[32], when[40];
	int section = -1;

	period_text(&r->period, p);
	if (report_naloxone(&a->s, &r->period, fac, &x) != 0) {
		add(r, A_BOLD, "Naloxone distribution %s", p);
		add(r, 0, "%s", "");
		add(r, A_BOLD, "The report could not be made: %s", a->s.err);
		return;
	}
	tui_time(a, x.made_at, when, sizeof when);
	add(r, A_BOLD, "Naloxone distribution %s, %.60s", p, fac ? x.facility : "all facilities");
	add(r, 0, "Made %s by %.40s, audit chain head %s", when, x.made_by, x.head_text);
	add(r, 0, "%s", "");
	for (int i = 0; i < x.nlines; i++) {
		const struct nal_line *l = &x.lines[i];
		if ((int)l->section != section) {
			section = (int)l->section;
			if (i)
				add(r, 0, "%s", "");
			add(r, A_BOLD | A_UNDERLINE, "%s", nal_section_heading(l->section));
		}
		add(r, 0, "  %-40.60s %8lld", l->label, (long long)l->count);
	}
	nal_report_free(&x);
}

static void
load(struct app *a, struct report_st *r)
{
	struct report x;
	char p[32], when[40];
	int64_t fac = r->facpos ? r->fac[r->facpos - 1].id : 0;

	r->n = 0;
	r->top = 0;
	if (r->naloxone) {
		load_naloxone(a, r, fac);
		return;
	}
	period_text(&r->period, p);
	if (report_metrics(&a->s, &r->period, fac, &x) != 0) {
		add(r, A_BOLD, "Program report %s", p);
		add(r, 0, "%s", "");
		add(r, A_BOLD, "The report could not be made: %s", a->s.err);
		return;
	}
	tui_time(a, x.made_at, when, sizeof when);
	add(r, A_BOLD, "Program report %s, %.60s", p, fac ? x.facility : "all facilities");
	add(r, 0, "Made %s by %.40s, audit chain head %s", when, x.made_by, x.head_text);
	add(r, 0, "%s", "");
	weeks(a, r, &x);
	add(r, 0, "%s", "");
	add(r, 0, "Percentages: count/denominator; \"-\": none to count.  On time: of those");
	add(r, 0, "due (on time, late, missed); declined is the person's choice, apart.");
	for (int i = 0; i < x.ngroups; i++)
		group(r, &x, &x.groups[i]);
	if (r->n == LINES_MAX)
		snprintf(r->lines[LINES_MAX - 1].text, LINE_BYTES,
		         "... more groups than this screen holds: passage report metrics lists all");
	report_free(&x);
}

static int
rep_open(struct app *a, void *st, const void *arg)
{
	struct report_st *r = st;

	(void)arg;
	if (!(r->lines = calloc(LINES_MAX, sizeof *r->lines)))
		return tui_message(a, 1, "out of memory"), -1;
	if (facility_list(&a->s, r->fac, 32, &r->nfac) != 0)
		r->nfac = 0;
	period_quarter(&a->s, tui_now(a), &r->period);
	load(a, r);
	return 0;
}

static void
rep_close(struct app *a, void *st)
{
	struct report_st *r = st;

	(void)a;
	if (r->lines)
		explicit_bzero(r->lines, LINES_MAX * sizeof *r->lines);
	free(r->lines);
}

static void
rep_resume(struct app *a, void *st)
{
	struct report_st *r = st;

	if (r->reload) {
		r->reload = 0;
		load(a, r);
	}
}

static void
rep_draw(struct app *a, void *st, WINDOW *w)
{
	struct report_st *r = st;
	int h = getmaxy(w), body = h - HEADER;

	for (int i = 0; i < HEADER && i < r->n && i < h; i++)
		tui_put_attr(a, w, i, 0, a->cols, r->lines[i].text, r->lines[i].attr);
	if (r->top > r->n - HEADER - body)
		r->top = r->n - HEADER - body;
	if (r->top < 0)
		r->top = 0;
	for (int y = 0; y < body && HEADER + r->top + y < r->n; y++) {
		const struct rline *l = &r->lines[HEADER + r->top + y];
		tui_put_attr(a, w, HEADER + y, 0, a->cols, l->text, l->attr);
	}
}

/* ---------------------------------------------------------------- a period */

/* The report stays under the form and reads the new period when the
 * form closes (each read is audited, so not on every resume). */
static void
period_chosen(void *owner, const struct period *p)
{
	struct report_st *r = owner;

	r->period = *p;
	r->reload = 1;
}

static const struct forms_period period_form = {
    "Report period", "Both days are included, in the site's time zone.", "The report for",
    period_chosen};

/* ---------------------------------------------------------------- keys */

static void
quarter(struct app *a, struct report_st *r, int step)
{
	struct period now, p;

	period_quarter(&a->s, step < 0 ? r->period.start - 1 : r->period.end, &p);
	period_quarter(&a->s, tui_now(a), &now);
	if (step > 0 && p.start > now.start) {
		tui_message(a, 0, "That quarter has not begun.");
		return;
	}
	r->period = p;
	load(a, r);
}

static void
rep_key(struct app *a, void *st, enum action act, int k)
{
	struct report_st *r = st;
	int page = a->rows - 8;

	(void)k;
	switch (act) {
	case ACT_RP_DOWN: r->top++; break;
	case ACT_RP_UP: if (r->top > 0) r->top--; break;
	case ACT_RP_PGDN: r->top += page; break;
	case ACT_RP_PGUP: r->top = r->top > page ? r->top - page : 0; break;
	case ACT_RP_PREV: quarter(a, r, -1); break;
	case ACT_RP_NEXT: quarter(a, r, 1); break;
	case ACT_RP_PERIOD: forms_period_push(a, &period_form, &r->period, r); break;
	case ACT_RP_FACILITY:
		r->facpos = r->nfac ? (r->facpos + 1) % (r->nfac + 1) : 0;
		load(a, r);
		break;
	case ACT_RP_NALOXONE:
		r->naloxone = !r->naloxone;
		load(a, r);
		break;
	case ACT_RP_HELP: tui_push(a, &scr_help, &scr_report.ctx); break;
	case ACT_RP_BACK: tui_pop(a); break;
	default: break;
	}
}

const struct screen scr_report = {
    .title = "program report",
    .ctx = CTX_REPORT,
    .size = sizeof(struct report_st),
    .open = rep_open,
    .close = rep_close,
    .draw = rep_draw,
    .key = rep_key,
    .resume = rep_resume,
};
