/* SPDX-License-Identifier: ISC */
/*
 * form.c - forms as tables of field descriptors (see form.h).
 *
 * All of a form's changing state (each field's editor and buffer, choice
 * and message) lives in one block of memory, so that wiping it is one
 * loop over one block: a passphrase or a person's details cannot survive
 * in a buffer someone forgot.  The block is the caller's when the
 * caller wants it somewhere special (locked memory for a login form).
 *
 * Dates are checked here against the real calendar, because the message
 * a caseworker needs ("February 2026 has 28 days") is the form's to give;
 * the model checks them again, and its refusals come back through
 * form_set_error.
 */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "text.h"
#include "vocab.h"

static size_t
max_chars(const struct form_field *fld)
{
	static const int deflt[] = {
		[FORM_TEXT] = 200, [FORM_DATE] = 10, [FORM_DATETIME] = 16, [FORM_INT] = 9,
	};

	if (fld->type == FORM_CHOICE || fld->type == FORM_YN)
		return 0;
	return (size_t)(fld->max_chars > 0 ? fld->max_chars : deflt[fld->type]);
}

static int
is_edit(const struct form_field *fld)
{
	return fld->type != FORM_CHOICE && fld->type != FORM_YN;
}

/* Prose (a note, goals, an address: a text of PROSE_CHARS or more) is
 * edited where it stands, the cursor at its end: a value selected whole
 * would be replaced by the first key, losing a note to a stray letter. */
#define PROSE_CHARS 400

static int
prose(const struct form_field *fld)
{
	return fld->type == FORM_TEXT && fld->max_chars >= PROSE_CHARS;
}

static int
editable(const struct form *f, int i)
{
	return i >= 0 && i < f->n && !(f->fields[i].flags & FORM_READONLY);
}

size_t
form_mem_size(const struct form_field *fields, int n)
{
	size_t sz = (size_t)n * sizeof(struct form_slot);

	for (int i = 0; i < n; i++)
		if (is_edit(&fields[i]))
			sz += 4 * max_chars(&fields[i]) + 1;
	return sz;
}

int
form_init_mem(struct form *f, const struct form_field *fields, int n, void *user, void *mem,
              size_t memsz)
{
	char *buf;

	memset(f, 0, sizeof(*f));
	if (n < 1 || !mem || memsz < form_mem_size(fields, n))
		return -1;
	memset(mem, 0, memsz);
	f->fields = fields;
	f->n = n;
	f->user = user;
	f->mem = mem;
	f->memsz = memsz;
	f->slot = mem;
	buf = (char *)mem + (size_t)n * sizeof(struct form_slot);
	for (int i = 0; i < n; i++) {
		const struct form_field *fld = &fields[i];
		f->slot[i].choice = -1;
		if (is_edit(fld)) {
			size_t cap = 4 * max_chars(fld) + 1;
			le_init(&f->slot[i].edit, buf, cap, max_chars(fld),
			        (fld->flags & FORM_SECRET) ? LE_SECRET : 0);
			buf += cap;
		}
	}
	f->focus = 0;
	while (f->focus < n - 1 && !editable(f, f->focus))
		f->focus++;
	return 0;
}

int
form_init(struct form *f, const struct form_field *fields, int n, void *user)
{
	size_t sz = n > 0 ? form_mem_size(fields, n) : 0;
	void *mem = sz ? malloc(sz) : NULL;

	if (form_init_mem(f, fields, n, user, mem, sz) < 0) {
		free(mem);
		return -1;
	}
	f->owned = 1;
	return 0;
}

void
form_free(struct form *f)
{
	volatile char *p = f->mem;

	for (size_t i = 0; i < f->memsz; i++)
		p[i] = 0;
	if (f->owned)
		free(f->mem);
	memset(f, 0, sizeof(*f));
}

/* The label as it starts a sentence in a message: "Release time" gives
 * "release time", but "ID" stays "ID". */
static const char *
name(const struct form_field *fld, char *out, size_t n)
{
	const char *l = fld->label ? fld->label : "this field";

	snprintf(out, n, "%s", l);
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
		out[0] = (char)(out[0] - 'A' + 'a');
	return out;
}

/* The value between leading and trailing spaces, into out. */
static void
trimmed(const char *s, char *out, size_t n)
{
	size_t len;

	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = 0;
}

static int
days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
num(const char *s, int digits)
{
	int v = 0;

	while (digits--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Parses s (trimmed, not empty) as YYYY-MM-DD or YYYY-MM-DD HH:MM: 0, or
 * -1 with the reason in why. */
static int
parse_when(const char *s, int with_time, struct form_when *w, char *why, size_t whylen)
{
	static const char *const month[] = {
		"January", "February", "March",     "April",   "May",      "June",
		"July",    "August",   "September", "October", "November", "December",
	};
	const char *shape = with_time ? "NNNN-NN-NN NN:NN" : "NNNN-NN-NN";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'N' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			break;
	if (shape[i] || s[i]) {
		snprintf(why, whylen, "use %s", with_time ? "YYYY-MM-DD HH:MM, e.g. 2026-11-21 14:05"
		                                          : "YYYY-MM-DD, e.g. 2026-11-21");
		return -1;
	}
	w->year = num(s, 4);
	w->month = num(s + 5, 2);
	w->day = num(s + 8, 2);
	w->hour = with_time ? num(s + 11, 2) : 0;
	w->min = with_time ? num(s + 14, 2) : 0;
	if (w->year < 1900 || w->year > 2199)
		snprintf(why, whylen, "the year must be from 1900 to 2199");
	else if (w->month < 1 || w->month > 12)
		snprintf(why, whylen, "there is no month %02d (use 01 to 12)", w->month);
	else if (w->day < 1)
		snprintf(why, whylen, "there is no day 00 (use 01 to %d)", days_in(w->year, w->month));
	else if (w->day > days_in(w->year, w->month))
		snprintf(why, whylen, "%s %d has %d days", month[w->month - 1], w->year,
		         days_in(w->year, w->month));
	else if (w->hour > 23)
		snprintf(why, whylen, "there is no hour %02d (use 00 to 23)", w->hour);
	else if (w->min > 59)
		snprintf(why, whylen, "there is no minute %02d (use 00 to 59)", w->min);
	else
		return 0;
	return -1;
}

int
form_when(const struct form *f, int i, struct form_when *out)
{
	char v[32], why[FORM_MSG];
	const struct form_field *fld = &f->fields[i];

	memset(out, 0, sizeof(*out));
	if (fld->type != FORM_DATE && fld->type != FORM_DATETIME)
		return -1;
	trimmed(le_text(&f->slot[i].edit), v, sizeof(v));
	if (!v[0])
		return 1;
	return parse_when(v, fld->type == FORM_DATETIME, out, why, sizeof(why));
}

int
form_int(const struct form *f, int i, long *out)
{
	char v[32];
	long n = 0;

	*out = 0;
	if (f->fields[i].type != FORM_INT)
		return -1;
	trimmed(le_text(&f->slot[i].edit), v, sizeof(v));
	if (!v[0])
		return 1;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > (long)(2147483647 / 10))
			return -1;
		n = n * 10 + (*p - '0');
	}
	*out = n;
	return 0;
}

/* The field's own checks: 0, or -1 with msg set. */
static int
check_field(const struct form *f, int i, char *msg, size_t msglen)
{
	const struct form_field *fld = &f->fields[i];
	const struct form_slot *sl = &f->slot[i];
	char nm[48], v[32], why[96];
	struct form_when w;
	long n;

	name(fld, nm, sizeof(nm));
	if (is_edit(fld)) {
		trimmed(le_text(&sl->edit), v, sizeof(v));
		if (!v[0]) {
			if (!(fld->flags & FORM_REQUIRED))
				return 0;
			snprintf(msg, msglen, "%s: this is required", nm);
			return -1;
		}
	}
	switch (fld->type) {
	case FORM_DATE:
	case FORM_DATETIME:
		if ((fld->flags & FORM_MONTH) && fld->type == FORM_DATE && strlen(v) == 7) {
			char day[16];
			snprintf(day, sizeof(day), "%s-01", v);
			if (parse_when(day, 0, &w, why, sizeof(why)) == 0)
				return 0;
			if (!strstr(why, "month"))
				snprintf(why, sizeof(why), "use YYYY-MM-DD or YYYY-MM, e.g. 2028-03");
			snprintf(msg, msglen, "%s: %s", nm, why);
			return -1;
		}
		if (parse_when(v, fld->type == FORM_DATETIME, &w, why, sizeof(why)) == 0)
			return 0;
		snprintf(msg, msglen, "%s: %s", nm, why);
		return -1;
	case FORM_INT:
		if (form_int(f, i, &n) < 0) {
			snprintf(msg, msglen, "%s: use a whole number, e.g. 3", nm);
			return -1;
		}
		if (fld->max > 0 && (n < fld->min || n > fld->max)) {
			snprintf(msg, msglen, "%s: must be from %d to %d", nm, fld->min, fld->max);
			return -1;
		}
		return 0;
	case FORM_CHOICE:
	case FORM_YN:
		if (sl->choice >= 0 || !(fld->flags & FORM_REQUIRED))
			return 0;
		snprintf(msg, msglen, "%s: %s", nm, fld->type == FORM_YN ? "choose yes or no (y or n)"
		                                                         : "choose one (Space shows the next)");
		return -1;
	default:
		return 0;
	}
}

int
form_validate(struct form *f)
{
	int bad = 0, first = -1;

	f->error[0] = 0;
	for (int i = 0; i < f->n; i++) {
		struct form_slot *sl = &f->slot[i];
		const struct form_field *fld = &f->fields[i];
		char nm[48];
		int rc;
		sl->error[0] = 0;
		if (fld->flags & FORM_READONLY)
			continue;
		rc = check_field(f, i, sl->error, sizeof(sl->error));
		if (rc == 0 && fld->check) {
			rc = fld->check(f, i, sl->error, sizeof(sl->error));
			if (rc == 0)
				sl->error[0] = 0;
			else if (!sl->error[0])
				snprintf(sl->error, sizeof(sl->error), "%s: not accepted",
				         name(fld, nm, sizeof(nm)));
		}
		if (rc != 0) {
			bad++;
			if (first < 0)
				first = i;
		}
	}
	if (!bad)
		return 0;
	f->focus = first;
	snprintf(f->error, sizeof(f->error), "Not saved: %d field%s need%s fixing.", bad,
	         bad == 1 ? "" : "s", bad == 1 ? "s" : "");
	return -1;
}

static void
move(struct form *f, int dir)
{
	int i = f->focus;

	for (int step = 0; step < f->n; step++) {
		i = (i + dir + f->n) % f->n;
		if (editable(f, i)) {
			f->focus = i;
			if (is_edit(&f->fields[i]) && !prose(&f->fields[i]))
				le_select_all(&f->slot[i].edit);
			return;
		}
	}
}

static int
last_editable(const struct form *f)
{
	int i = f->n - 1;

	while (i > 0 && !editable(f, i))
		i--;
	return i;
}

static int
ascii_lower(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? (int)(c - 'A' + 'a') : (int)c;
}

static const char *const *
choices(const struct form_field *fld)
{
	static const char *const yes_no[] = {"yes", "no", NULL}; /* FORM_YES is index 0 */

	return fld->type == FORM_YN ? yes_no : fld->choices;
}

const char *
form_choice_label(const struct form_field *fld, int c)
{
	const char *const *ch = choices(fld);
	enum vocab_kind k = fld->type == FORM_CHOICE ? vocab_kind_of(ch) : VOCAB_NONE;

	if (!ch || c < 0)
		return "";
	return k != VOCAB_NONE ? vocab_label(k, ch[c]) : ch[c];
}

/* The next choice after the current one whose words start with key. */
static int
choice_letter(const struct form_field *fld, int cur, int nc, int key)
{
	for (int step = 1; step <= nc; step++) {
		int i = ((cur < 0 ? -1 : cur) + step) % nc;
		uint32_t cp;
		if (text_decode(form_choice_label(fld, i), &cp) &&
		    ascii_lower(cp) == ascii_lower((uint32_t)key))
			return i;
	}
	return -2;
}

/* Yes/no is a choice of "yes" and "no", with "-" for nothing chosen. */
static int
choice_key(const struct form_field *fld, struct form_slot *sl, int key)
{
	const char *const *ch = choices(fld);
	int nc = 0, c = sl->choice, req = fld->flags & FORM_REQUIRED;

	while (ch && ch[nc])
		nc++;
	if (nc == 0)
		return FORM_REFUSED;
	if (key == ' ' || key == LE_RIGHT) {
		c = c + 1 < nc ? c + 1 : (req ? 0 : -1);
	} else if (key == LE_LEFT) {
		c = c > 0 ? c - 1 : (c == 0 && !req ? -1 : nc - 1);
	} else if (key == '-' || key == LE_BACKSPACE || key == LE_DELETE || key == LE_KILL_LINE) {
		if (req)
			return FORM_REFUSED;
		c = -1;
	} else if (key > ' ' && key <= 0x10ffff) {
		c = choice_letter(fld, c, nc, key);
		if (c < -1)
			return FORM_REFUSED;
	} else {
		return FORM_REFUSED;
	}
	if (c != sl->choice)
		sl->error[0] = 0;
	sl->choice = c;
	return FORM_CONTINUE;
}

/* Characters a date, time or number field takes at all. */
static int
fits_type(enum form_type t, int key)
{
	if (key >= LE_LEFT || key < 0x20 || (key >= '0' && key <= '9'))
		return 1;
	if (t == FORM_DATE)
		return key == '-';
	if (t == FORM_DATETIME)
		return key == '-' || key == ' ' || key == ':';
	return t == FORM_TEXT;
}

static int
field_key(struct form *f, int key)
{
	const struct form_field *fld = &f->fields[f->focus];
	struct form_slot *sl = &f->slot[f->focus];

	if (!editable(f, f->focus))
		return FORM_REFUSED;
	if (TK_IS_PASTE(key)) {
		/* Text pasted where there is no text to type: ignored. */
		if (!is_edit(fld))
			return FORM_CONTINUE;
		key = TK_PASTED(key);
	}
	key = le_map(key);
	if (!is_edit(fld)) {
		int before = sl->choice, r = choice_key(fld, sl, key);
		if (sl->choice != before && f->changed)
			f->changed(f, f->focus);
		return r;
	}
	if (!fits_type(fld->type, key))
		return FORM_REFUSED;
	switch (le_key(&sl->edit, key)) {
	case LE_CHANGED:
		sl->error[0] = 0;
		return FORM_CONTINUE;
	case LE_UNCHANGED:
		return FORM_CONTINUE;
	default:
		return FORM_REFUSED;
	}
}

static int
save(struct form *f)
{
	return form_validate(f) == 0 ? FORM_SUBMIT : FORM_CONTINUE;
}

/* A key as keymap.def's FORM context has it, or key itself (a
 * form_action passed as it is, a key for the field). */
static int
form_code(int key)
{
	switch (keymap_find(CTX_FORM, key)) {
	case ACT_F_NEXT:
		/* Its help says so: ENTER on the last field saves. */
		return keymap_is(key, "ENTER") ? FORM_ENTER : FORM_NEXT;
	case ACT_F_NEXT_CTRL:
		return FORM_NEXT;
	case ACT_F_PREV:
	case ACT_F_PREV_CTRL:
		return FORM_PREV;
	case ACT_F_SAVE:
		return FORM_SAVE;
	case ACT_F_CANCEL:
		return FORM_CANCEL_KEY;
	default:
		return key;
	}
}

int
form_key(struct form *f, int key)
{
	switch (form_code(key)) {
	case FORM_NEXT:
		move(f, 1);
		return FORM_CONTINUE;
	case FORM_PREV:
		move(f, -1);
		return FORM_CONTINUE;
	case FORM_ENTER:
		/* A note keeps its lines: ENTER is one more, so text pasted
		 * on a terminal without bracketed paste stays in the note
		 * instead of saving it half-way and running the rest as keys. */
		if (editable(f, f->focus) && (f->fields[f->focus].flags & FORM_LINES)) {
			le_newline(&f->slot[f->focus].edit);
			return FORM_CONTINUE;
		}
		if (f->focus >= last_editable(f))
			return save(f);
		move(f, 1);
		return FORM_CONTINUE;
	case FORM_SAVE:
		return save(f);
	case FORM_CANCEL_KEY:
		return FORM_CANCEL;
	default:
		/* A function key bound to nothing here (F2, PgDn): not even a
		 * beep, as for any screen's unbound keys. */
		if (TK_IS_FN(key) && le_map(key) == key)
			return FORM_CONTINUE;
		return field_key(f, key);
	}
}

int
form_set_text(struct form *f, int i, const char *text)
{
	const struct form_field *fld = &f->fields[i];
	const char *const *ch = choices(fld);

	if (is_edit(fld)) {
		int rc = le_set(&f->slot[i].edit, text) == LE_CHANGED ? 0 : -1;
		if (prose(fld))
			f->slot[i].edit.selected = 0;
		return rc;
	}
	f->slot[i].choice = -1;
	for (int c = 0; text && ch && ch[c]; c++)
		if (strcmp(ch[c], text) == 0)
			f->slot[i].choice = c;
	if (f->slot[i].choice >= 0 || !text || !*text)
		return 0;
	return fld->type == FORM_YN && strcmp(text, "-") == 0 ? 0 : -1;
}

void
form_set_choice(struct form *f, int i, int index)
{
	f->slot[i].choice = index < 0 ? -1 : index;
}

void
form_set_yn(struct form *f, int i, int yn)
{
	f->slot[i].choice = yn == FORM_YES ? 0 : yn == FORM_NO ? 1 : -1;
}

void
form_focus(struct form *f, int i)
{
	if (editable(f, i))
		f->focus = i;
}

void
form_set_error(struct form *f, int i, const char *msg)
{
	snprintf(f->slot[i].error, sizeof(f->slot[i].error), "%s", msg ? msg : "");
	form_focus(f, i);
}

void
form_set_form_error(struct form *f, const char *msg)
{
	snprintf(f->error, sizeof(f->error), "%s", msg ? msg : "");
}

const char *
form_text(const struct form *f, int i)
{
	const struct form_field *fld = &f->fields[i];
	int c = f->slot[i].choice;

	if (is_edit(fld))
		return le_text(&f->slot[i].edit);
	if (c >= 0)
		return choices(fld)[c];
	return fld->type == FORM_YN ? "-" : "";
}

int
form_choice(const struct form *f, int i)
{
	return is_edit(&f->fields[i]) ? -1 : f->slot[i].choice;
}

int
form_yn(const struct form *f, int i)
{
	int c = f->slot[i].choice;

	if (f->fields[i].type != FORM_YN || c < 0)
		return FORM_YN_UNSET;
	return c == 0 ? FORM_YES : FORM_NO;
}

void
form_view(struct form *f, int i, char *out, size_t outsz, int *cursor_col)
{
	const struct form_field *fld = &f->fields[i];
	const char *shown;
	int w;

	if (is_edit(fld)) {
		le_view(&f->slot[i].edit, fld->width, out, outsz, cursor_col);
		return;
	}
	if (cursor_col)
		*cursor_col = 0;
	shown = f->slot[i].choice >= 0 ? form_choice_label(fld, f->slot[i].choice) : "-";
	w = text_width(shown);
	text_fit(shown, w < fld->width ? w : fld->width, TEXT_MARK, out, outsz);
}

int
form_selected(const struct form *f, int i)
{
	return is_edit(&f->fields[i]) && f->slot[i].edit.selected;
}
