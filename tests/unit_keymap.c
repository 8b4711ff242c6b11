/* SPDX-License-Identifier: ISC */
/*
 * unit_keymap.c - the one key table: every name in keymap.def is a key
 * the program knows, no key does two things on one screen, and the form
 * and the line editor answer every key the table gives them, as the
 * terminal sends it (arrows and other function keys included).
 */
#include <curses.h>
#include <string.h>

#include "form.h"
#include "keymap.h"
#include "lineedit.h"
#include "tap.h"

/* Calls fn with each key name of d ("F1,^G" gives "F1", then "^G"). */
static void
each_key(const struct keydef *d, void (*fn)(const struct keydef *d, const char *name, void *arg),
         void *arg)
{
	char name[16];

	for (const char *p = d->keys; *p;) {
		size_t len = strcspn(p, ",");
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		fn(d, name, arg);
		p += len;
		if (*p == ',')
			p++;
	}
}

/* How many keys of ctx's entries (-1: of every entry) fn finds wrong: fn
 * adds one to its int for each. */
static int
count_in(int ctx, void (*fn)(const struct keydef *d, const char *name, void *arg))
{
	int wrong = 0;

	for (int i = 0; i < keymap_count; i++)
		if (ctx < 0 || keymap[i].ctx == (enum kctx)ctx)
			each_key(&keymap[i], fn, &wrong);
	return wrong;
}

static void
count_unknown(const struct keydef *d, const char *name, void *arg)
{
	if (keymap_code(name) < 0) {
		printf("# %s: unknown key name \"%s\"\n", d->keys, name);
		(*(int *)arg)++;
	}
}

struct twice {
	const struct keydef *other;
	int code; /* a key of one entry */
	int n;    /* how many times the other entry has it too */
};

static void
same_key(const struct keydef *d, const char *name, void *arg)
{
	struct twice *t = arg;

	if (keymap_is(t->code, name)) {
		printf("# %s: bound twice in %s\n", name, keymap_ctx_name(d->ctx));
		t->n++;
	}
}

static void
in_other(const struct keydef *d, const char *name, void *arg)
{
	struct twice *t = arg;

	(void)d;
	t->code = keymap_code(name);
	each_key(t->other, same_key, t);
}

static void
test_table(void)
{
	int open_to_some = 0;
	struct twice t = {NULL, 0, 0};

	is_int(count_in(-1, count_unknown), 0, "every key name in keymap.def is one the program knows");
	for (int i = 0; i < keymap_count; i++)
		for (int j = i + 1; j < keymap_count; j++)
			if (keymap[i].ctx == keymap[j].ctx && (keymap[i].roles & keymap[j].roles)) {
				t.other = &keymap[j];
				each_key(&keymap[i], in_other, &t);
			}
	is_int(t.n, 0, "no key does two things in one place for one role");
	for (int i = 0; i < keymap_count; i++)
		if ((keymap[i].ctx == CTX_FORM || keymap[i].ctx == CTX_EDIT ||
		     keymap[i].ctx == CTX_BOX) && (keymap[i].roles & R_ALL) != R_ALL)
			open_to_some++;
	is_int(open_to_some, 0, "the form's, the boxes' and the editor's keys are everyone's");
	is_int(keymap_find(CTX_EDIT, TK_FN(KEY_DC)), ACT_E_DELETE, "DELETE is the Delete key");
	ok(keymap_is('\n', "ENTER") && keymap_is(TK_FN(KEY_ENTER), "ENTER") &&
	   keymap_is('\r', "ENTER") && !keymap_is('\t', "ENTER"),
	   "ENTER is CR, LF and the keypad's Enter, and not TAB");
	is_int(keymap_find(CTX_FORM, TK_CTRL('L')), ACT_NONE,
	       "keymap_find keeps to its context: ^L (lock) is not the form's");
}

/* Every key of the editor's context edits. */
static void
count_unmapped(const struct keydef *d, const char *name, void *arg)
{
	int m = le_map(keymap_code(name));

	if (m < LE_LEFT || m >= LE_ACTION_END) {
		printf("# %s (%s): not an editing action\n", name, d->keys);
		(*(int *)arg)++;
	}
}

static void
test_edit(void)
{
	char buf[64];
	struct le e;

	is_int(count_in(CTX_EDIT, count_unmapped), 0, "every key of the EDIT context is an editing action");

	le_init(&e, buf, sizeof buf, 0, 0);
	le_set(&e, "abcd");
	is_int(le_key(&e, TK_FN(KEY_LEFT)), LE_UNCHANGED, "the Left arrow moves the cursor");
	is_int((int)e.cur, 3, "  one character back");
	is_int(le_key(&e, TK_FN(KEY_BACKSPACE)), LE_CHANGED, "the terminal's Backspace key");
	is_str(le_text(&e), "abd", "  deletes the character before the cursor");
	le_key(&e, TK_FN(KEY_HOME));
	is_int((int)e.cur, 0, "Home goes to the start");
	is_int(le_key(&e, TK_FN(KEY_DC)), LE_CHANGED, "the Delete key");
	is_str(le_text(&e), "bd", "  deletes the character under the cursor");
	le_key(&e, TK_FN(KEY_RIGHT));
	is_int((int)e.cur, 1, "the Right arrow moves forward");
	le_key(&e, TK_FN(KEY_END));
	is_int((int)e.cur, 2, "End goes to the end");
	is_int(le_key(&e, TK_FN(KEY_F(2))), LE_IGNORED, "F2 is not the editor's");
	is_int(le_key(&e, TK_FN(KEY_NPAGE)), LE_IGNORED, "  nor PgDn");
	is_int(le_key(&e, TK_FN(KEY_DOWN)), LE_IGNORED, "  nor Down (the form's)");
	is_str(le_text(&e), "bd", "  and none of them changed the text");
}

enum { NOTE, HOW, YN, NFIELDS };

static const char *const how[] = {"scheduled", "court", "bail", NULL};

static const struct form_field fields[NFIELDS] = {
	[NOTE] = {.label = "Note", .type = FORM_TEXT, .width = 20},
	[HOW] = {.label = "How", .type = FORM_CHOICE, .width = 10, .choices = how},
	[YN] = {.label = "Planned", .type = FORM_YN, .width = 3},
};

struct form_case {
	int focus, want_focus, want_result;
};

/* What each of the FORM context's actions does from the first field. */
static int
expect(enum action act, const char *name, struct form_case *c)
{
	switch (act) {
	case ACT_F_NEXT:
		/* ENTER too: the first field is not the last. */
		*c = (struct form_case){NOTE, HOW, FORM_CONTINUE};
		return 0;
	case ACT_F_NEXT_CTRL:
		*c = (struct form_case){NOTE, HOW, FORM_CONTINUE};
		return 0;
	case ACT_F_PREV:
	case ACT_F_PREV_CTRL:
		*c = (struct form_case){NOTE, YN, FORM_CONTINUE};
		return 0;
	case ACT_F_SAVE:
		*c = (struct form_case){NOTE, NOTE, FORM_SUBMIT};
		return 0;
	case ACT_F_CANCEL:
		*c = (struct form_case){NOTE, NOTE, FORM_CANCEL};
		return 0;
	default:
		printf("# %s: an action of the form's context form.c does not know\n", name);
		return -1;
	}
}

static void
check_form_key(const struct keydef *d, const char *name, void *arg)
{
	struct form f;
	struct form_case c;
	int got;

	if (expect(d->act, name, &c) != 0) {
		(*(int *)arg)++;
		return;
	}
	form_init(&f, fields, NFIELDS, NULL);
	form_focus(&f, c.focus);
	got = form_key(&f, keymap_code(name));
	if (got != c.want_result || f.focus != c.want_focus) {
		printf("# %s: result %d focus %d, want %d and %d\n", name, got, f.focus,
		       c.want_result, c.want_focus);
		(*(int *)arg)++;
	}
	form_free(&f);
}

static void
test_form(void)
{
	struct form f;

	is_int(count_in(CTX_FORM, check_form_key), 0,
	       "every key of the FORM context does its action in a form");

	form_init(&f, fields, NFIELDS, NULL);
	form_key(&f, TK_FN(KEY_DOWN));
	is_int(f.focus, HOW, "Down: the next field");
	form_key(&f, TK_FN(KEY_RIGHT));
	is_str(form_text(&f, HOW), "scheduled", "Right on a choice: the next choice");
	form_key(&f, TK_FN(KEY_RIGHT));
	form_key(&f, TK_FN(KEY_LEFT));
	is_str(form_text(&f, HOW), "scheduled", "Left: the one before");
	form_key(&f, TK_FN(KEY_DC));
	is_str(form_text(&f, HOW), "", "Delete: nothing chosen (the field is not required)");
	form_key(&f, TK_FN(KEY_UP));
	is_int(f.focus, NOTE, "Up: the field before");
	form_key(&f, 'h');
	form_key(&f, 'i');
	is_int(form_key(&f, TK_FN(KEY_F(2))), FORM_CONTINUE, "F2 in a form: nothing, not refused");
	is_int(form_key(&f, TK_FN(KEY_NPAGE)), FORM_CONTINUE, "  nor PgDn");
	is_str(form_text(&f, NOTE), "hi", "  and the text is as it was");
	form_key(&f, TK_FN(KEY_BTAB));
	is_int(f.focus, YN, "Back-tab on the first field: the last");
	is_int(form_key(&f, TK_FN(KEY_ENTER)), FORM_SUBMIT, "the keypad's Enter on the last field saves");
	form_free(&f);
}

int
main(void)
{
	test_table();
	test_edit();
	test_form();
	return tap_done();
}
