/* SPDX-License-Identifier: ISC */
/*
 * scr_admin.c - the admins' page, their first screen after login.
 *
 * Admins see no case records.  What they keep here is what a site needs
 * before anyone can record a release: the facilities people are booked
 * into and the provider directory they are referred to.  One list of
 * both, facilities first; f and v add one, ENTER renames or edits the
 * row's, x retires it or brings it back (every change audited by core).
 * Users, settings and backups stay with the passage command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facility.h"
#include "provider.h"
#include "scr.h"

#define SITE_FAC_MAX 256
#define HEAD_ROWS 4 /* the lines above the list */

enum { ROW_HEADING = -1, ROW_NONE = -2, ROW_FACILITY = 0, ROW_PROVIDER = 1 };

struct site_line {
	int kind;
	int i; /* into fac or prov */
};

struct site_st {
	struct facility_row fac[SITE_FAC_MAX];
	int nfac;
	struct provider *prov;
	int nprov;
	struct site_line *lines;
	int nlines, cur, top;
	uint64_t saves; /* a->s.saved when read */
};

static void
site_free(struct site_st *s)
{
	provider_list_free(s->prov, s->nprov);
	s->prov = NULL;
	s->nprov = 0;
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

static int
is_item(const struct site_st *s, int i)
{
	return i >= 0 && i < s->nlines && s->lines[i].kind >= 0;
}

static void
site_move(struct site_st *s, int by)
{
	int step = by < 0 ? -1 : 1, left = by < 0 ? -by : by, at = s->cur;

	for (int i = s->cur + step; i >= 0 && i < s->nlines && left; i += step)
		if (is_item(s, i)) {
			at = i;
			left--;
		}
	s->cur = at;
}

static void
load(struct app *a, struct site_st *s)
{
	int li = 0, keep_kind = -1;
	int64_t keep_id = 0;

	if (is_item(s, s->cur)) {
		keep_kind = s->lines[s->cur].kind;
		keep_id = keep_kind == ROW_FACILITY ? s->fac[s->lines[s->cur].i].id
		                                    : s->prov[s->lines[s->cur].i].id;
	}
	site_free(s);
	s->saves = a->s.saved;
	if (facility_list_all(&a->s, s->fac, SITE_FAC_MAX, &s->nfac) != 0 ||
	    provider_list(&a->s, 1, &s->prov, &s->nprov) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		s->nfac = 0;
	}
	s->lines = calloc((size_t)(s->nfac + s->nprov + 4), sizeof *s->lines);
	if (!s->lines) {
		tui_message(a, 1, "out of memory");
		return;
	}
	s->lines[li++] = (struct site_line){ROW_HEADING, ROW_FACILITY};
	if (!s->nfac)
		s->lines[li++] = (struct site_line){ROW_NONE, ROW_FACILITY};
	for (int i = 0; i < s->nfac; i++)
		s->lines[li++] = (struct site_line){ROW_FACILITY, i};
	s->lines[li++] = (struct site_line){ROW_HEADING, ROW_PROVIDER};
	if (!s->nprov)
		s->lines[li++] = (struct site_line){ROW_NONE, ROW_PROVIDER};
	for (int i = 0; i < s->nprov; i++)
		s->lines[li++] = (struct site_line){ROW_PROVIDER, i};
	s->nlines = li;
	/* The cursor stays on the row it was on, else the first one. */
	s->cur = 0;
	for (int i = 0; i < s->nlines; i++) {
		const struct site_line *l = &s->lines[i];
		if (l->kind < 0)
			continue;
		int64_t id = l->kind == ROW_FACILITY ? s->fac[l->i].id : s->prov[l->i].id;
		if (!is_item(s, s->cur) || (l->kind == keep_kind && id == keep_id))
			s->cur = i;
		if (l->kind == keep_kind && id == keep_id)
			break;
	}
}

static int
site_open(struct app *a, void *st, const void *arg)
{
	(void)arg;
	load(a, st);
	return 0;
}

static void
site_close(struct app *a, void *st)
{
	(void)a;
	site_free(st);
}

static void
site_resume(struct app *a, void *st)
{
	struct site_st *s = st;

	if (s->saves != a->s.saved)
		load(a, s);
}

static void
draw_line(struct app *a, struct site_st *s, WINDOW *w, int y, int i)
{
	const struct site_line *l = &s->lines[i];
	char text[600];
	attr_t attr = i == s->cur ? A_REVERSE : 0;

	if (l->kind == ROW_HEADING) {
		snprintf(text, sizeof text, l->i == ROW_FACILITY ? "Facilities (%d)"
		                                                : "Provider directory (%d)",
		         l->i == ROW_FACILITY ? s->nfac : s->nprov);
		tui_put_attr(a, w, y, 1, a->cols - 2, text, A_BOLD);
		return;
	}
	if (l->kind == ROW_NONE) {
		tui_put(a, w, y, 3, a->cols - 4, l->i == ROW_FACILITY
		                                     ? "None yet: f adds one.  Nobody can be booked "
		                                       "until there is one."
		                                     : "None yet: v adds one.");
		return;
	}
	/* The cursor is a '>' as well as reverse video: a VT100 may show
	 * neither colour nor, on some screens, reverse. */
	if (l->kind == ROW_FACILITY) {
		const struct facility_row *f = &s->fac[l->i];
		snprintf(text, sizeof text, "%c %-8s %s", attr ? '>' : ' ', f->active ? "" : "retired",
		         f->name);
	} else {
		const struct provider *p = &s->prov[l->i];
		snprintf(text, sizeof text, "%c %-8s %-40.160s %s", attr ? '>' : ' ',
		         p->active ? "" : "retired", p->name, p->phone ? p->phone : "");
	}
	tui_put_attr(a, w, y, 1, a->cols - 2, text, attr);
}

static void
site_draw(struct app *a, void *st, WINDOW *w)
{
	struct site_st *s = st;
	int h = getmaxy(w) - HEAD_ROWS;

	tui_put_attr(a, w, 0, 1, a->cols - 2, "Admins see no case records.", A_BOLD);
	tui_put(a, w, 1, 1, a->cols - 2,
	        "Users, settings and backups: the passage command; see passage(1).");
	if (s->cur < s->top)
		s->top = s->cur;
	if (s->cur >= s->top + h)
		s->top = s->cur - h + 1;
	for (int y = 0; y < h && s->top + y < s->nlines; y++)
		draw_line(a, s, w, y + HEAD_ROWS - 1, s->top + y);
}

/* x: retire the row's facility or provider, or bring it back. */
static void
retire(struct app *a, struct site_st *s)
{
	const struct site_line *l = &s->lines[s->cur];
	const char *name;
	int active, rc;

	if (l->kind == ROW_FACILITY) {
		name = s->fac[l->i].name;
		active = !s->fac[l->i].active;
		rc = facility_set_active(&a->s, s->fac[l->i].id, active);
	} else {
		struct provider p = s->prov[l->i];
		name = p.name;
		active = p.active = !p.active;
		rc = provider_update(&a->s, &p);
	}
	if (rc != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	if (active)
		tui_message(a, 0, "'%.60s' is offered again.", name);
	else
		tui_message(a, 0, "Retired '%.60s': old records keep it; x brings it back.", name);
	load(a, s);
}

static void
site_key(struct app *a, void *st, enum action act, int k)
{
	struct site_st *s = st;
	const struct site_line *l = is_item(s, s->cur) ? &s->lines[s->cur] : NULL;
	int page = a->rows - 6;

	(void)k;
	switch (act) {
	case ACT_AD_DOWN: site_move(s, 1); break;
	case ACT_AD_UP: site_move(s, -1); break;
	case ACT_AD_PGDN: site_move(s, page); break;
	case ACT_AD_PGUP: site_move(s, -page); break;
	case ACT_AD_FACILITY: scr_form_facility(a, 0); break;
	case ACT_AD_PROVIDER: scr_form_provider(a, 0); break;
	case ACT_AD_EDIT:
		if (l && l->kind == ROW_FACILITY)
			scr_form_facility(a, s->fac[l->i].id);
		else if (l)
			scr_form_provider(a, s->prov[l->i].id);
		break;
	case ACT_AD_RETIRE:
		if (l)
			retire(a, s);
		break;
	case ACT_AD_DIRECTORY: tui_push(a, &scr_directory, NULL); break;
	case ACT_AD_LOG: tui_push(a, &scr_log, NULL); break;
	case ACT_AD_PASSWD: tui_push(a, &scr_passwd, NULL); break;
	case ACT_AD_HELP: tui_push(a, &scr_help, &scr_admin.ctx); break;
	case ACT_AD_QUIT: a->ask_quit = 1; break;
	default: break;
	}
}

const struct screen scr_admin = {
    .title = "admin",
    .ctx = CTX_ADMIN,
    .size = sizeof(struct site_st),
    .open = site_open,
    .close = site_close,
    .draw = site_draw,
    .key = site_key,
    .resume = site_resume,
};
