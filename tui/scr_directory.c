/* SPDX-License-Identifier: ISC */
/*
 * scr_directory.c - the provider directory as a caseworker reads it, from
 * P on the queues (and on the admin page).
 *
 * People ask for a service ("where can he get methadone?"), not for a
 * clinic's name, so the directory is listed by service: each service
 * named in an entry's services (split at commas and semicolons, the same
 * in any case) is a heading, with every active provider offering it
 * under it, and one provider may appear under several.  Each entry shows
 * its phone, hours, address, Medicaid and walk-in in words.  The directory
 * holds no case data: reading it is not audited.  The screen scrolls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "provider.h"
#include "scr.h"

#define DIR_LINE_BYTES 420
#define SERVICE_BYTES 81

struct dir_line {
	char text[DIR_LINE_BYTES];
	attr_t attr;
};

struct dir_st {
	struct dir_line *lines;
	int n, max, top;
	char head[120];
};

/* One provider under one service: what is sorted. */
struct offer {
	char service[SERVICE_BYTES];
	const struct provider *p;
};

static void add(struct dir_st *d, attr_t attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(struct dir_st *d, attr_t attr, const char *fmt, ...)
{
	va_list ap;

	if (d->n >= d->max)
		return;
	va_start(ap, fmt);
	vsnprintf(d->lines[d->n].text, DIR_LINE_BYTES, fmt, ap);
	va_end(ap);
	d->lines[d->n++].attr = attr;
}

static int
by_service(const void *x, const void *y)
{
	const struct offer *a = x, *b = y;
	int c = strcasecmp(a->service, b->service);

	return c ? c : strcasecmp(a->p->name, b->p->name);
}

static const char *
yn_word(enum yn v)
{
	return v == YN_YES ? "yes" : v == YN_NO ? "no" : "not known";
}

static void
add_entry(struct dir_st *d, const struct provider *p)
{
	const char *at = p->address;

	add(d, A_BOLD, "  %s", p->name);
	add(d, 0, "    phone %s   hours %s", p->phone && *p->phone ? p->phone : "(none given)",
	    p->hours && *p->hours ? p->hours : "(none given)");
	for (; at && *at;) {
		size_t len = strcspn(at, "\n");
		add(d, 0, "    %.*s", (int)len, at);
		at += len + (at[len] == '\n');
	}
	add(d, 0, "    Medicaid: %s   walk-in: %s", yn_word(p->medicaid), yn_word(p->walk_in));
}

/* Every (service, provider) pair, services cut at commas and semicolons
 * and trimmed; an entry with none is under "Other". */
static int
offers(const struct provider *rows, int n, struct offer **out)
{
	struct offer *o = NULL;
	int count = 0, cap = 0;

	for (int i = 0; i < n; i++) {
		const char *s = rows[i].services && *rows[i].services ? rows[i].services : "Other";
		while (*s) {
			size_t len = strcspn(s, ",;");
			const char *word = s;
			s += len + (s[len] != 0);
			while (len && *word == ' ')
				word++, len--;
			while (len && word[len - 1] == ' ')
				len--;
			if (!len)
				continue;
			if (count == cap) {
				struct offer *grown = realloc(o, (size_t)(cap = cap * 2 + 16) * sizeof *o);
				if (!grown) {
					free(o);
					return -1;
				}
				o = grown;
			}
			snprintf(o[count].service, SERVICE_BYTES, "%.*s", (int)len, word);
			o[count++].p = &rows[i];
		}
	}
	qsort(o, (size_t)count, sizeof *o, by_service);
	*out = o;
	return count;
}

static int
dir_open(struct app *a, void *st, const void *arg)
{
	struct dir_st *d = st;
	struct provider *rows;
	struct offer *o = NULL;
	int n, no;

	(void)arg;
	if (provider_list(&a->s, 0, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return -1;
	}
	no = offers(rows, n, &o);
	d->max = no > 0 ? no * 8 + 1 : 1;
	d->lines = calloc((size_t)d->max, sizeof *d->lines);
	if (no < 0 || !d->lines) {
		free(o);
		provider_list_free(rows, n);
		tui_message(a, 1, "out of memory");
		return -1;
	}
	snprintf(d->head, sizeof d->head, "Provider directory: %d provider%s, by service", n,
	         n == 1 ? "" : "s");
	if (n == 0)
		add(d, 0, "The directory is empty: an admin or a supervisor adds providers.");
	for (int i = 0; i < no; i++) {
		if (i == 0 || strcasecmp(o[i].service, o[i - 1].service) != 0)
			add(d, A_UNDERLINE, "%s", o[i].service);
		add_entry(d, o[i].p);
	}
	free(o);
	provider_list_free(rows, n);
	return 0;
}

static void
dir_close(struct app *a, void *st)
{
	struct dir_st *d = st;

	(void)a;
	free(d->lines);
	d->lines = NULL;
}

static void
dir_draw(struct app *a, void *st, WINDOW *w)
{
	struct dir_st *d = st;
	int h = getmaxy(w) - 2;

	if (d->top > d->n - h)
		d->top = d->n - h;
	if (d->top < 0)
		d->top = 0;
	tui_put_attr(a, w, 0, 1, a->cols - 2, d->head, A_BOLD);
	for (int y = 0; y < h && d->top + y < d->n; y++)
		tui_put_attr(a, w, y + 2, 1, a->cols - 2, d->lines[d->top + y].text,
		             d->lines[d->top + y].attr);
}

static void
dir_key(struct app *a, void *st, enum action act, int k)
{
	struct dir_st *d = st;
	int page = a->rows - 6;

	(void)k;
	switch (act) {
	case ACT_DR_DOWN: d->top++; break;
	case ACT_DR_UP: if (d->top > 0) d->top--; break;
	case ACT_DR_PGDN: d->top += page; break;
	case ACT_DR_PGUP: d->top = d->top > page ? d->top - page : 0; break;
	case ACT_DR_HELP: tui_push(a, &scr_help, &scr_directory.ctx); break;
	case ACT_DR_BACK: tui_pop(a); break;
	default: break;
	}
}

const struct screen scr_directory = {
    .title = "provider directory",
    .ctx = CTX_DIRECTORY,
    .size = sizeof(struct dir_st),
    .open = dir_open,
    .close = dir_close,
    .draw = dir_draw,
    .key = dir_key,
};
