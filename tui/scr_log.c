/* SPDX-License-Identifier: ISC */
/*
 * scr_log.c - the audit log, newest first, for supervisors and admins.
 *
 * The top line always carries the chain head (sequence:MAC prefix), so a
 * supervisor can copy it into a record kept outside the file: a later
 * check against that note tells whether rows were cut off the end, which
 * the chain alone cannot.  Rows are read a page at a time as the cursor
 * goes down (core/audit_list.c pages by sequence number, so a page costs
 * the same anywhere in a long log); a new filter or g starts again from
 * the newest, and that is one search in the log itself.
 *
 * v walks the whole chain, and asks first for a head noted earlier (from
 * the system log, a report, this screen): with one, the chain must still
 * pass through it, which catches a log rewritten or cut by someone who
 * holds the audit key.  Under the list, the row under the cursor shows
 * the head it left (sequence:MAC), so any row's can be noted.  At a
 * million people the walk takes seconds, so the screen says "Checking
 * the chain..." and draws before it starts; the result stays on the top
 * line until the next check.
 *
 * What a row shows follows core/audit_list.h: for an admin a row about a
 * person has its record number only.  The bottom line holds the row under
 * the cursor in full (what it is about, the person's name for
 * supervisors, the detail), which the columns cut short with '~'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_list.h"
#include "scr.h"
#include "scr_form.h"

#define KEEP_MAX 5000 /* rows held at once; past them, filter instead */

struct log_st {
	char user[65], person[40], action[48], from[11], to[11];
	struct audit_row *rows;
	int n, cap, cur, top;
	int more; /* older rows may follow */
	char head[40];
	char checked[120]; /* the last check's result, "" before one */
};

static struct audit_filter
filter_of(struct log_st *l)
{
	return (struct audit_filter){l->user, l->person, l->action, l->from, l->to};
}

static void
read_head(struct app *a, struct log_st *l)
{
	struct audit_head h;

	if (audit_head(a->db, &h) == 0)
		audit_head_text(&h, l->head);
	else
		snprintf(l->head, sizeof l->head, "?");
}

/* Rows read at a time: a screenful, so each page down is one short
 * read, however long the log. */
static int
page_rows(const struct app *a)
{
	int h = a->body ? getmaxy(a->body) - 5 : 20;

	return h < 10 ? 10 : h;
}

/* The next page: older than the last row held (the newest when none). */
static int
load_more(struct app *a, struct log_st *l)
{
	struct audit_filter f = filter_of(l);
	int got = 0, page = page_rows(a);

	if (l->n + page > l->cap) {
		/* Grown by hand rather than realloc, so the rows (names among
		 * them) are wiped before their old block goes back. */
		int cap = l->n + page > 2 * l->cap ? l->n + page : 2 * l->cap;
		struct audit_row *grown = calloc((size_t)cap, sizeof *grown);
		if (!grown)
			return session_fail(&a->s, "out of memory");
		if (l->rows) {
			memcpy(grown, l->rows, (size_t)l->n * sizeof *grown);
			explicit_bzero(l->rows, (size_t)l->cap * sizeof *l->rows);
			free(l->rows);
		}
		l->rows = grown;
		l->cap = cap;
	}
	if (audit_list(&a->s, &f, l->n ? l->rows[l->n - 1].seq : 0, l->rows + l->n, page, &got) !=
	    0)
		return -1;
	l->n += got;
	l->more = got == page && l->n < KEEP_MAX;
	return 0;
}

/* From the newest, with the filter as it now is: a new search. */
static int
reload(struct app *a, struct log_st *l)
{
	if (l->rows)
		explicit_bzero(l->rows, (size_t)l->cap * sizeof *l->rows);
	l->n = l->cur = l->top = 0;
	l->more = 0;
	if (load_more(a, l) != 0)
		return -1;
	read_head(a, l);
	return 0;
}

static int
log_open(struct app *a, void *st, const void *arg)
{
	struct log_st *l = st;

	if (arg)
		snprintf(l->person, sizeof l->person, "%s", (const char *)arg);
	if (reload(a, l) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		free(l->rows);
		return -1;
	}
	return 0;
}

static void
log_close(struct app *a, void *st)
{
	struct log_st *l = st;

	(void)a;
	if (l->rows)
		explicit_bzero(l->rows, (size_t)l->cap * sizeof *l->rows);
	free(l->rows);
}

static void
filter_text(const struct log_st *l, char *out, size_t n)
{
	size_t at = (size_t)snprintf(out, n, "Showing:");
	const char *names[] = {"user", "person", "action", "from", "to"};
	const char *vals[] = {l->user, l->person, l->action, l->from, l->to};

	for (int i = 0; i < 5 && at < n; i++)
		if (vals[i][0])
			at += (size_t)snprintf(out + at, n - at, " %s %s", names[i], vals[i]);
	if (at < n && !strchr(out, ' '))
		snprintf(out + at, n - at, " every entry (/ to filter)");
}

static void
person_text(const struct app *a, const struct audit_row *r, char *out, size_t n)
{
	if (!r->person_id)
		snprintf(out, n, "-");
	else if (a->s.role == ROLE_ADMIN || !r->code[0])
		snprintf(out, n, "#%lld", (long long)r->person_id);
	else
		snprintf(out, n, "%s", r->code);
}

static void
draw_row(struct app *a, WINDOW *w, int y, const struct audit_row *r, int sel)
{
	attr_t at = sel ? A_REVERSE : 0;
	char seq[24], when[40], who[40];

	snprintf(seq, sizeof seq, "%7lld", (long long)r->seq);
	tui_time(a, r->at, when, sizeof when);
	person_text(a, r, who, sizeof who);
	tui_put_attr(a, w, y, 0, 1, sel ? ">" : "", at);
	/* Columns of fixed widths with a space between, so a cut ('~')
	 * never runs into the next one. */
	tui_put_attr(a, w, y, 1, 8, seq, at);
	tui_put_attr(a, w, y, 9, 17, when, at);
	tui_put_attr(a, w, y, 26, 11, r->user[0] ? r->user : "-", at);
	tui_put_attr(a, w, y, 37, 13, r->action, at);
	tui_put_attr(a, w, y, 50, 10, who, at);
	tui_put_attr(a, w, y, 60, a->cols - 60, r->detail, at);
}

/* The row under the cursor in full, on the bottom line. */
static void
draw_current(struct app *a, WINDOW *w, int y, const struct audit_row *r)
{
	char line[1400], what[80], who[40], name[220];

	what[0] = who[0] = name[0] = 0;
	if (r->entity[0] && r->entity_id)
		snprintf(what, sizeof what, " %s #%lld", r->entity, (long long)r->entity_id);
	else if (r->entity[0])
		snprintf(what, sizeof what, " %s", r->entity);
	if (r->person_id)
		person_text(a, r, who, sizeof who);
	if (r->name[0])
		snprintf(name, sizeof name, " (%s)", r->name);
	snprintf(line, sizeof line, "%lld %s%s%s%s%s: %s", (long long)r->seq, r->action, what,
	         who[0] ? ", person " : "", who, name,
	         r->detail[0] ? r->detail
	         : a->s.role == ROLE_ADMIN && r->person_id ? "(case data: not shown to admins)"
	                                                   : "no detail");
	tui_put(a, w, y, 0, a->cols, line);
}

static void
log_draw(struct app *a, void *st, WINDOW *w)
{
	struct log_st *l = st;
	int h = getmaxy(w), list = h - 5;
	char line[200];

	snprintf(line, sizeof line, "Chain head %s%s%s", l->head, l->checked[0] ? "  " : "",
	         l->checked);
	tui_put_attr(a, w, 0, 0, a->cols, line, A_BOLD);
	filter_text(l, line, sizeof line);
	tui_put(a, w, 1, 0, a->cols, line);
	tui_put_attr(a, w, 2, 0, a->cols,
	             "    seq time             user       action       person    detail",
	             A_UNDERLINE);
	if (l->n == 0) {
		tui_put(a, w, 3, 2, a->cols - 4, "No entries match.");
		return;
	}
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + list)
		l->top = l->cur - list + 1;
	for (int y = 0; y < list && l->top + y < l->n; y++)
		draw_row(a, w, 3 + y, &l->rows[l->top + y], l->top + y == l->cur);
	if (l->top + list > l->n)
		tui_put(a, w, 3 + (l->n - l->top), 2, a->cols - 4,
		        l->n >= KEEP_MAX ? "(more: narrow the filter to see them)"
		                         : "(no older entries)");
	snprintf(line, sizeof line, "Entry %lld left the chain head %lld:%s", (long long)l->rows[l->cur].seq,
	         (long long)l->rows[l->cur].seq, l->rows[l->cur].mac);
	tui_put(a, w, h - 2, 0, a->cols, line);
	draw_current(a, w, h - 1, &l->rows[l->cur]);
}

static void
move_to(struct app *a, struct log_st *l, int to)
{
	/* Read older rows while the cursor would pass the last one held. */
	while (to >= l->n && l->more) {
		if (load_more(a, l) != 0) {
			tui_message(a, 1, "%s", a->s.err);
			break;
		}
	}
	if (to >= l->n)
		to = l->n - 1;
	l->cur = to < 0 ? 0 : to;
}

/* The chain, through the head typed in when there is one (n 0 or 1). */
static void
verify(struct app *a, struct log_st *l, const struct audit_mark *m, int n, char *done,
       size_t len)
{
	struct audit_head now;
	char err[DB_ERR_MAX];
	int64_t rows, bad;

	tui_message(a, 0, "Checking the chain...");
	tui_redraw(a);
	if (audit_verify_marks(a->db, m, n, &rows, &bad, err, sizeof err) == 0) {
		snprintf(l->checked, sizeof l->checked, "checked: OK, %lld rows%s", (long long)rows,
		         n ? ", through the head given" : "");
		snprintf(done, len, "The chain is intact: %lld rows checked%s.", (long long)rows,
		         n ? ", and it passes through the head given" : "");
	} else {
		snprintf(l->checked, sizeof l->checked, "checked: [!] BROKEN at row %lld",
		         (long long)bad);
		/* The core's sentence, unless the head given was missed: that
		 * one is said short enough for the line. */
		if (n && bad == m->seq && audit_head(a->db, &now) == 0 && bad > now.seq)
			snprintf(done, len, "[!] Row %lld, the head given, is missing: rows were cut off "
			         "the log.", (long long)bad);
		else if (n && bad == m->seq)
			snprintf(done, len, "[!] Row %lld is not the head given: the log was rewritten "
			         "at or before it.", (long long)bad);
		else
			snprintf(done, len, "[!] %s", err);
	}
	read_head(a, l);
}

static const struct form_field verify_fields[] = {
    {"Head noted", FORM_TEXT, 30, 80, 0, NULL,
     "SEQ:MAC from the system log, a report or this screen; empty: the chain alone.", 0, 0,
     NULL},
};

static int
verify_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	struct log_st *l = *(struct log_st **)ctx;
	const char *text = form_text(f, 0);
	struct audit_mark m;

	if (text[0] && audit_mark_parse(text, &m) != 0) {
		form_set_error(f, 0, "type SEQ:MAC, e.g. 120:3fa94c0e1b7d2a55");
		return -1;
	}
	verify(a, l, &m, text[0] ? 1 : 0, done, n);
	return 0;
}

static const struct form_spec verify_spec = {
    "check the audit chain",
    "Every row against the one before it, and through a head noted earlier.",
    verify_fields,
    1,
    NULL,
    verify_save,
    NULL,
};

/* ---------------------------------------------------------------- filter */

static const struct form_field filter_fields[] = {
    {"User", FORM_TEXT, 24, 64, 0, NULL, "A user's name, as they log in; empty: anyone.", 0, 0,
     NULL},
    {"Person", FORM_TEXT, 14, 33, 0, NULL,
     "A participant code, or #N for record number N; empty: anyone.", 0, 0, NULL},
    {"Action", FORM_TEXT, 16, 41, 0, NULL,
     "An action, or the start of one and * (login*); empty: any.", 0, 0, NULL},
    {"From", FORM_DATE, 11, 0, 0, NULL, "The first day, YYYY-MM-DD; empty: from the start.", 0,
     0, NULL},
    {"To", FORM_DATE, 11, 0, 0, NULL, "The last day, YYYY-MM-DD; empty: to now.", 0, 0, NULL},
};

static void
filter_fill(struct app *a, struct form *f, void *ctx)
{
	struct log_st *l = *(struct log_st **)ctx;

	(void)a;
	form_set_text(f, 0, l->user);
	form_set_text(f, 1, l->person);
	form_set_text(f, 2, l->action);
	form_set_text(f, 3, l->from);
	form_set_text(f, 4, l->to);
}

/* Core names the field first ("to: ..."): the message goes beside it. */
static int
refused(struct app *a, struct form *f)
{
	static const char *const names[] = {"user:", "person:", "action:", "from:", "to:"};

	for (int i = 0; i < 5; i++)
		if (strncmp(a->s.err, names[i], strlen(names[i])) == 0) {
			form_set_error(f, i, a->s.err + strlen(names[i]) + 1);
			return -1;
		}
	form_set_form_error(f, a->s.err);
	return -1;
}

static int
filter_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	struct log_st *l = *(struct log_st **)ctx, next = {0};

	snprintf(next.user, sizeof next.user, "%s", form_text(f, 0));
	snprintf(next.person, sizeof next.person, "%s", form_text(f, 1));
	snprintf(next.action, sizeof next.action, "%s", form_text(f, 2));
	snprintf(next.from, sizeof next.from, "%s", form_text(f, 3));
	snprintf(next.to, sizeof next.to, "%s", form_text(f, 4));
	/* Read into a screen of its own, so that a refused filter leaves
	 * the rows read with the old one where they were. */
	if (reload(a, &next) != 0) {
		free(next.rows);
		return refused(a, f);
	}
	memcpy(next.checked, l->checked, sizeof next.checked);
	log_close(a, l);
	*l = next;
	snprintf(done, n, "%d%s entr%s found.", l->n, l->more ? " or more" : "",
	         l->n == 1 ? "y" : "ies");
	return 0;
}

static const struct form_spec filter_spec = {
    "filter the audit log",
    "Only entries that match every field given.",
    filter_fields,
    5,
    filter_fill,
    filter_save,
    NULL,
};

static void
log_key(struct app *a, void *st, enum action act, int k)
{
	struct log_st *l = st;
	int page = getmaxy(a->body) - 5;

	(void)k;
	switch (act) {
	case ACT_L_DOWN: move_to(a, l, l->cur + 1); break;
	case ACT_L_UP: move_to(a, l, l->cur - 1); break;
	case ACT_L_PGDN: move_to(a, l, l->cur + page); break;
	case ACT_L_PGUP: move_to(a, l, l->cur - page); break;
	case ACT_L_VERIFY: scr_form_push(a, &verify_spec, &l, sizeof l); break;
	case ACT_L_HELP: tui_push(a, &scr_help, &scr_log.ctx); break;
	case ACT_L_BACK: tui_pop(a); break;
	case ACT_L_NEWEST:
		if (reload(a, l) != 0)
			tui_message(a, 1, "%s", a->s.err);
		break;
	case ACT_L_FILTER:
		scr_form_push(a, &filter_spec, &l, sizeof l);
		break;
	default:
		break;
	}
}

const struct screen scr_log = {
    .title = "audit log",
    .ctx = CTX_LOG,
    .size = sizeof(struct log_st),
    .open = log_open,
    .close = log_close,
    .draw = log_draw,
    .key = log_key,
};
