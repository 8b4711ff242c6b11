/* SPDX-License-Identifier: ISC */
/*
 * scr_accounting.c - a person's accounting of disclosures
 * (core/accounting.h), from A on the person screen.
 *
 * What the person would be handed on paper (passage report
 * disclosures): every disclosure under their consent in the three years
 * before today, newest first, each with the recipient, the purpose, what
 * was shared, the consent it rests on and who made it.  Read once when
 * the screen opens, which is one audited view; the screen scrolls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounting.h"
#include "scr.h"
#include "zone.h"

#define ACC_LINES_MAX 2000
#define ACC_LINE_BYTES 400

struct acc_line {
	char text[ACC_LINE_BYTES];
	attr_t attr;
};

struct acc_st {
	struct acc_line *lines;
	int n, top;
	char head[120];
};

static void add(struct acc_st *c, attr_t attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(struct acc_st *c, attr_t attr, const char *fmt, ...)
{
	va_list ap;

	if (c->n >= ACC_LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(c->lines[c->n].text, ACC_LINE_BYTES, fmt, ap);
	va_end(ap);
	c->lines[c->n++].attr = attr;
}

/* Text that may span lines, one screen line each, under a label. */
static void
add_text(struct acc_st *c, const char *label, const char *text)
{
	const char *p = text && *text ? text : "(none)";

	for (int first = 1; first || *p; first = 0) {
		size_t len = strcspn(p, "\n");
		add(c, 0, "    %-10s%.*s", first ? label : "", (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void
add_row(struct app *a, struct acc_st *c, const struct accounting_row *r)
{
	char at[40], day[11], when[11], state[80];

	tui_time(a, r->disclosed_at, at, sizeof at);
	add(c, A_BOLD, "%s  to %s", at, r->recipient);
	add_text(c, "purpose", r->purpose);
	add_text(c, "shared", r->description && *r->description ? r->description
	                                                        : "(not described)");
	zone_local_date(a->s.db, r->signed_at, day);
	if (r->revoked_at) {
		zone_local_date(a->s.db, r->revoked_at, when);
		snprintf(state, sizeof state, "revoked on %s", when);
	} else if (r->event_ended_at) {
		zone_local_date(a->s.db, r->event_ended_at, when);
		snprintf(state, sizeof state, "ended on %s by its event", when);
	} else {
		snprintf(state, sizeof state, "not revoked");
	}
	add(c, 0, "    %-10sno. %lld, signed %s, %s", "consent", (long long)r->consent_id, day,
	    state);
	add_text(c, "  scope", r->scope);
	if (r->expires_on && *r->expires_on)
		add(c, 0, "    %-10s%s", "  until", r->expires_on);
	if (r->expiry_event && *r->expiry_event)
		add_text(c, "  ends", r->expiry_event);
	add_text(c, "by", r->by);
	add(c, 0, "%s", "");
}

static int
acc_open(struct app *a, void *st, const void *arg)
{
	struct acc_st *c = st;
	struct accounting_row *rows;
	struct period p;
	char text[32];
	int n;

	if (disclosure_accounting(&a->s, *(const int64_t *)arg, 0, &rows, &n, &p) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return -1;
	}
	c->lines = calloc(ACC_LINES_MAX, sizeof *c->lines);
	if (!c->lines) {
		accounting_free(rows, n);
		tui_message(a, 1, "out of memory");
		return -1;
	}
	period_text(&p, text);
	snprintf(c->head, sizeof c->head, "Disclosures under consent, %s: %d", text, n);
	if (n == 0)
		add(c, 0, "No disclosures under this person's consent in these three years.");
	for (int i = 0; i < n; i++)
		add_row(a, c, &rows[i]);
	accounting_free(rows, n);
	return 0;
}

static void
acc_close(struct app *a, void *st)
{
	struct acc_st *c = st;

	(void)a;
	free(c->lines);
	c->lines = NULL;
}

static void
acc_draw(struct app *a, void *st, WINDOW *w)
{
	struct acc_st *c = st;
	int h = getmaxy(w) - 2;

	if (c->top > c->n - h)
		c->top = c->n - h;
	if (c->top < 0)
		c->top = 0;
	tui_put_attr(a, w, 0, 1, a->cols - 2, c->head, A_BOLD);
	for (int y = 0; y < h && c->top + y < c->n; y++)
		tui_put_attr(a, w, y + 2, 1, a->cols - 2, c->lines[c->top + y].text,
		             c->lines[c->top + y].attr);
}

static void
acc_key(struct app *a, void *st, enum action act, int k)
{
	struct acc_st *c = st;
	int page = a->rows - 6;

	(void)k;
	switch (act) {
	case ACT_AC_DOWN: c->top++; break;
	case ACT_AC_UP: if (c->top > 0) c->top--; break;
	case ACT_AC_PGDN: c->top += page; break;
	case ACT_AC_PGUP: c->top = c->top > page ? c->top - page : 0; break;
	case ACT_AC_HELP: tui_push(a, &scr_help, &scr_accounting.ctx); break;
	case ACT_AC_BACK: tui_pop(a); break;
	default: break;
	}
}

const struct screen scr_accounting = {
    .title = "accounting of disclosures",
    .ctx = CTX_ACCOUNTING,
    .size = sizeof(struct acc_st),
    .open = acc_open,
    .close = acc_close,
    .draw = acc_draw,
    .key = acc_key,
};
