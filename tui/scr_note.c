/* SPDX-License-Identifier: ISC */
/*
 * scr_note.c - a person's notes, each read whole, with its versions.
 *
 * The person's record shows a note as one line; here the notes are listed
 * newest first (when written, by whom, the first line) and ENTER reads one
 * whole: wrapped between words at the terminal's width in columns (names
 * and words in any script), its own line breaks kept, scrolled, and its
 * versions listed under it (when, by whom).  p and n show the version
 * before or after the one shown; e edits the note, starting from its
 * latest text.
 *
 * Reading is audited as a view of the record: the list once when the
 * screen opens, a note once each time it is opened (core reads its
 * versions, which hold its text); moving through the versions reads
 * nothing more.  Both are read again only after a save.
 *
 * The edit is a form of one line of text (tui/form.h has no other kind):
 * it holds the whole note, up to core's 20000 characters, scrolled
 * sideways.  The note's line breaks are kept and shown as ^J, one
 * cursor step each, so one can be deleted; ENTER types a new one
 * (FORM_LINES), and ^X saves.
 * The save names the version read here, so an edit saved by someone
 * else in between is refused with who and when, and the form keeps what
 * was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "note.h"
#include "scr.h"
#include "scr_form.h"
#include "text.h"

#define NAME_BYTES 121

/* One row of an open note: a piece of the text shown, or a line of its
 * own (the versions). */
struct nline {
	size_t off, len; /* into the version's body, when own is empty */
	char own[160];
	attr_t attr;
};

struct note_st {
	int64_t person_id;
	uint64_t saves;           /* a->s.saved when last read */
	struct note *notes;
	char (*author)[NAME_BYTES];
	int n, cur, top;
	/* The note open, or none (the list). */
	int open;
	int64_t open_id;
	struct note_version *v;
	char (*vby)[NAME_BYTES];
	int nv, shown;
	struct nline *lines;
	int nlines, cap, wrapped_at, scroll;
	char *body_view;          /* one row of the text, to draw */
};

static void
close_note(struct note_st *p)
{
	note_versions_free(p->v, p->nv);
	free(p->vby);
	free(p->lines);
	p->v = NULL;
	p->vby = NULL;
	p->lines = NULL;
	p->nv = p->nlines = p->cap = p->shown = p->scroll = 0;
	p->open = 0;
}

static int
read_list(struct app *a, struct note_st *p)
{
	note_list_free(p->notes, p->n);
	free(p->author);
	p->notes = NULL;
	p->author = NULL;
	p->n = 0;
	if (note_list(&a->s, p->person_id, &p->notes, &p->n) != 0)
		return tui_message(a, 1, "The notes could not be read: %s", a->s.err), -1;
	if (p->n && !(p->author = calloc((size_t)p->n, sizeof *p->author)))
		return tui_message(a, 1, "out of memory"), -1;
	for (int i = 0; i < p->n; i++)
		session_user_name(&a->s, p->notes[i].created_by, p->author[i], NAME_BYTES);
	if (p->cur >= p->n)
		p->cur = p->n ? p->n - 1 : 0;
	p->saves = a->s.saved;
	return 0;
}

static int
add_line(struct note_st *p, size_t off, size_t len, const char *own, attr_t attr)
{
	if (p->nlines == p->cap) {
		int cap = p->cap ? 2 * p->cap : 64;
		struct nline *l = realloc(p->lines, (size_t)cap * sizeof *l);

		if (!l)
			return -1;
		p->lines = l;
		p->cap = cap;
	}
	p->lines[p->nlines].off = off;
	p->lines[p->nlines].len = len;
	snprintf(p->lines[p->nlines].own, sizeof p->lines[0].own, "%s", own ? own : "");
	p->lines[p->nlines++].attr = attr;
	return 0;
}

/* The rows of the version shown, at cols columns: the text, then the
 * versions with the one shown marked. */
static int
lay_out(struct app *a, struct note_st *p, int cols)
{
	const char *body = p->v[p->shown].body, *s = body, *next;
	char row[160], t[40];

	p->nlines = 0;
	p->wrapped_at = cols;
	while (*s) {
		size_t len = text_wrap(s, cols, a->utf8 ? 0 : TEXT_ASCII, &next);

		if (add_line(p, (size_t)(s - body), len, NULL, 0) != 0)
			return -1;
		s = next;
	}
	if (add_line(p, 0, 0, " ", 0) != 0)
		return -1;
	snprintf(row, sizeof row, "Versions (%d)", p->nv);
	if (add_line(p, 0, 0, row, A_BOLD | A_UNDERLINE) != 0)
		return -1;
	for (int i = p->nv - 1; i >= 0; i--) {
		tui_time(a, p->v[i].at, t, sizeof t);
		snprintf(row, sizeof row, "%s version %-3lld %s  by %s%s", i == p->shown ? ">" : " ",
		         (long long)p->v[i].version, t, p->vby[i],
		         i == p->nv - 1 ? "  (as it reads now)" : "");
		if (add_line(p, 0, 0, row, i == p->shown ? A_BOLD : 0) != 0)
			return -1;
	}
	return 0;
}

/* Opens the note with this id (audited): its versions, the latest shown. */
static int
open_note(struct app *a, struct note_st *p, int64_t id)
{
	close_note(p);
	if (note_versions(&a->s, id, &p->v, &p->nv) != 0)
		return tui_message(a, 1, "The note could not be read: %s", a->s.err), -1;
	if (!p->nv || !(p->vby = calloc((size_t)p->nv, sizeof *p->vby))) {
		close_note(p);
		return tui_message(a, 1, "The note could not be read: it has no text"), -1;
	}
	for (int i = 0; i < p->nv; i++)
		session_user_name(&a->s, p->v[i].by_user, p->vby[i], NAME_BYTES);
	p->open = 1;
	p->open_id = id;
	p->shown = p->nv - 1;
	p->wrapped_at = 0;
	return 0;
}

static int
nt_open(struct app *a, void *st, const void *arg)
{
	struct note_st *p = st;

	p->person_id = *(const int64_t *)arg;
	return read_list(a, p);
}

static void
nt_close(struct app *a, void *st)
{
	struct note_st *p = st;

	(void)a;
	close_note(p);
	note_list_free(p->notes, p->n);
	free(p->author);
	if (p->body_view)
		explicit_bzero(p->body_view, 4 * 256 + 1);
	free(p->body_view);
}

/* Back from the edit: read again only when something was saved. */
static void
nt_resume(struct app *a, void *st)
{
	struct note_st *p = st;
	int64_t id = p->open_id;
	int was_open = p->open;

	if (p->saves == a->s.saved)
		return;
	if (read_list(a, p) != 0 || !was_open)
		return;
	if (open_note(a, p, id) != 0)
		close_note(p);
}

static void
draw_list(struct app *a, struct note_st *p, WINDOW *w, int h)
{
	char t[40], first[4 * 80 + 1], by[4 * 20 + 1], row[4 * 256 + 1];
	int body = h - 2;

	tui_put_attr(a, w, 0, 0, a->cols, p->n ? "Notes, newest first: ENTER reads one whole" :
	             "No notes yet: t on the person's record adds one.", A_BOLD);
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + body)
		p->top = p->cur - body + 1;
	for (int y = 0; y < body && p->top + y < p->n; y++) {
		const struct note *n = &p->notes[p->top + y];
		size_t len = strcspn(n->body, "\n");

		tui_time(a, n->created_at, t, sizeof t);
		snprintf(first, sizeof first, "%.*s", len < 320 ? (int)len : 320, n->body);
		/* A column of 20, in columns: names are in any script. */
		text_fit(p->author[p->top + y], 20, TEXT_MARK | (a->utf8 ? 0 : TEXT_ASCII), by,
		         sizeof by);
		snprintf(row, sizeof row, "%s  %s %s%s", t, by, n->version > 1 ? "(edited) " : "",
		         first);
		tui_put_attr(a, w, 2 + y, 0, a->cols, row, p->top + y == p->cur ? A_REVERSE : 0);
	}
}

static void
draw_note(struct app *a, struct note_st *p, WINDOW *w, int h)
{
	const struct note_version *v = &p->v[p->shown];
	char t[40], t2[40], row[4 * 256 + 1];
	int body = h - 3;

	if (!p->body_view && !(p->body_view = malloc(4 * 256 + 1)))
		return;
	if (p->wrapped_at != a->cols && lay_out(a, p, a->cols) != 0) {
		tui_put(a, w, 0, 0, a->cols, "out of memory");
		return;
	}
	tui_time(a, p->v[0].at, t, sizeof t);
	/* Only its author edits a note: the first version's is the note's. */
	snprintf(row, sizeof row, "Note by %s, written %s", p->vby[0], t);
	tui_put_attr(a, w, 0, 0, a->cols, row, A_BOLD);
	tui_time(a, v->at, t2, sizeof t2);
	snprintf(row, sizeof row, "Version %lld of %d%s, saved %s by %s", (long long)v->version,
	         p->nv, p->shown == p->nv - 1 ? "" : " (an earlier text)", t2, p->vby[p->shown]);
	tui_put_attr(a, w, 1, 0, a->cols, row, p->shown == p->nv - 1 ? 0 : A_REVERSE);
	if (p->scroll > p->nlines - body)
		p->scroll = p->nlines - body;
	if (p->scroll < 0)
		p->scroll = 0;
	for (int y = 0; y < body && p->scroll + y < p->nlines; y++) {
		const struct nline *l = &p->lines[p->scroll + y];
		size_t len = l->len < 4 * 256 ? l->len : 4 * 256;

		if (l->own[0]) {
			tui_put_attr(a, w, 3 + y, 0, a->cols, l->own, l->attr);
			continue;
		}
		memcpy(p->body_view, v->body + l->off, len);
		p->body_view[len] = 0;
		tui_put(a, w, 3 + y, 0, a->cols, p->body_view);
	}
}

static void
nt_draw(struct app *a, void *st, WINDOW *w)
{
	struct note_st *p = st;

	if (p->open)
		draw_note(a, p, w, getmaxy(w));
	else
		draw_list(a, p, w, getmaxy(w));
}

/* ---------------------------------------------------------------- edit */

/* The form's context: the note and the version it was read at.  text is
 * the note screen's copy, read once by the fill while that screen, under
 * the form, still holds it. */
struct edit_ctx {
	int64_t note_id, version;
	const char *text;
};

static const struct form_field edit_fields[] = {
    {"Note", FORM_TEXT, 54, 20000, FORM_REQUIRED | FORM_LINES, NULL,
     "ENTER starts a new line (shown as ^J); ^X saves it as a new version.", 0, 0, NULL},
};

static void
edit_fill(struct app *a, struct form *f, void *ctx)
{
	struct edit_ctx *e = ctx;

	(void)a;
	form_set_text(f, 0, e->text);
	e->text = NULL;
}

static int
edit_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct edit_ctx *e = ctx;

	if (note_edit(&a->s, e->note_id, e->version, form_text(f, 0)) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Note saved as version %lld; the earlier text is kept.",
	         (long long)e->version + 1);
	return 0;
}

static const struct form_spec edit_spec = {
    "Edit a note", "The note as it reads now; every earlier version stays.", edit_fields, 1,
    edit_fill, edit_save, NULL};

static void
edit(struct app *a, struct note_st *p)
{
	const struct note_version *latest = &p->v[p->nv - 1];
	struct edit_ctx e = {p->open_id, latest->version, latest->body};

	if (p->cur < p->n && p->notes[p->cur].created_by != a->s.user_id) {
		tui_message(a, 1, "Only its author edits a note: add one of your own with t on the "
		            "record.");
		return;
	}
	scr_form_push(a, &edit_spec, &e, sizeof e);
}

/* ---------------------------------------------------------------- keys */

static void
list_key(struct app *a, struct note_st *p, enum action act)
{
	int page = a->rows - 6;

	switch (act) {
	case ACT_NT_DOWN: if (p->cur + 1 < p->n) p->cur++; break;
	case ACT_NT_UP: if (p->cur > 0) p->cur--; break;
	case ACT_NT_PGDN: p->cur = p->cur + page < p->n ? p->cur + page : p->n ? p->n - 1 : 0; break;
	case ACT_NT_PGUP: p->cur = p->cur > page ? p->cur - page : 0; break;
	case ACT_NT_OPEN:
		if (p->cur < p->n)
			open_note(a, p, p->notes[p->cur].id);
		break;
	case ACT_NT_BACK: tui_pop(a); break;
	case ACT_NT_EDIT:
	case ACT_NT_OLDER:
	case ACT_NT_NEWER: tui_message(a, 1, "Open a note first: ENTER reads the one on this row."); break;
	default: break;
	}
}

static void
note_key(struct app *a, struct note_st *p, enum action act)
{
	int page = a->rows - 7;

	switch (act) {
	case ACT_NT_DOWN: p->scroll++; break;
	case ACT_NT_UP: if (p->scroll > 0) p->scroll--; break;
	case ACT_NT_PGDN: p->scroll += page; break;
	case ACT_NT_PGUP: p->scroll = p->scroll > page ? p->scroll - page : 0; break;
	case ACT_NT_OLDER:
	case ACT_NT_NEWER: {
		int to = p->shown + (act == ACT_NT_OLDER ? -1 : 1);

		if (to < 0 || to >= p->nv) {
			tui_message(a, 0, "%s", to < 0 ? "This is the first version." :
			            "This is the latest version.");
			break;
		}
		p->shown = to;
		p->scroll = 0;
		p->wrapped_at = 0;
		break;
	}
	case ACT_NT_EDIT: edit(a, p); break;
	case ACT_NT_BACK: close_note(p); break;
	default: break;
	}
}

static void
nt_key(struct app *a, void *st, enum action act, int k)
{
	struct note_st *p = st;

	(void)k;
	if (act == ACT_NT_HELP)
		tui_push(a, &scr_help, &scr_note.ctx);
	else if (p->open)
		note_key(a, p, act);
	else
		list_key(a, p, act);
}

const struct screen scr_note = {
    .title = "notes",
    .ctx = CTX_NOTES,
    .size = sizeof(struct note_st),
    .open = nt_open,
    .close = nt_close,
    .draw = nt_draw,
    .key = nt_key,
    .resume = nt_resume,
};
