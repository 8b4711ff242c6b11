/* SPDX-License-Identifier: ISC */
/*
 * form.h - forms as tables of field descriptors, with no curses in them.
 *
 * A screen that asks for several values (a release, a new person, a
 * login) describes its fields in a const table and lets this module keep
 * the values, the focus, the keys and the checks; the screen only draws
 * (form_view gives each field's text and cursor) and, after FORM_SUBMIT,
 * hands the values to the model.  The ncurses form library is not used:
 * it cannot be tested without a terminal, and its field buffers know
 * nothing of UTF-8 widths or of wiping a passphrase.
 *
 * Keys.  form_key takes keys as the terminal gives them (keymap.h), LE_*
 * actions and the form_action values.  What a key does is keymap.def's to
 * say: its FORM context moves between fields, saves and cancels, and its
 * EDIT context edits the field's text or choice (lineedit.h).
 *
 * Next and previous wrap around at the ends, skipping read-only fields;
 * Enter on the last field saves rather than wrapping, so pressing Enter
 * through a form ends in a save, and a form of one field saves on Enter.
 * A save that fails the checks moves the focus to the first field with an
 * error; every bad field holds its own message.
 *
 * Choices and yes/no: Space or Right show the next choice, Left the one
 * before; typing a letter jumps to the next choice whose words start with
 * it (so y and n answer yes/no).
 *
 * Text: a field's loaded value, and the value of a field the focus moves
 * to, is selected whole: typing replaces it, while moving the cursor or
 * editing first keeps it (lineedit.h).  Prose (a text field of 400
 * characters or more: a note, goals, an address) is not: it is edited
 * where it stands, the cursor at its end.  A field that is not required also cycles through
 * nothing chosen ("-", not asked), and -, Backspace or Delete return to it.
 *
 * Dates and times are local wall-clock values; form_when gives them broken
 * down, and the caller turns them into instants with the site's zone.
 */
#ifndef PASSAGE_FORM_H
#define PASSAGE_FORM_H

#include <stddef.h>

#include "lineedit.h"

#define FORM_MSG 160 /* bytes in an error message */

enum form_type {
	FORM_TEXT,
	FORM_DATE,     /* YYYY-MM-DD */
	FORM_DATETIME, /* YYYY-MM-DD HH:MM, local */
	FORM_INT,      /* a whole number, 0 or more */
	FORM_CHOICE,   /* one of choices[] */
	FORM_YN        /* yes, no or not asked: "yes", "no", "-" */
};

/* Field flags. */
#define FORM_REQUIRED 1u
#define FORM_SECRET 2u   /* FORM_TEXT: shown as nothing, wiped */
#define FORM_READONLY 4u /* shown, never focused, not checked */
#define FORM_MONTH 8u    /* FORM_DATE: a month YYYY-MM is a date too */
#define FORM_LINES 16u   /* FORM_TEXT: ENTER starts a new line (a note), never saves */

struct form;

struct form_field {
	const char *label;
	enum form_type type;
	int width;     /* columns for the value on screen */
	int max_chars; /* text limit; 0: 10 for dates, 16 for times, 9 for numbers, 200 */
	unsigned flags;
	const char *const *choices; /* FORM_CHOICE: NULL-terminated, shown as given */
	const char *help;           /* one line for the bottom of the screen */
	int min, max;               /* FORM_INT: the range, when max > 0 */
	/* Cross-field rules, run on save once the field's own checks pass:
	 * nonzero with a message in msg refuses the save. */
	int (*check)(const struct form *f, int field, char *msg, size_t msglen);
};

/* A choice field whose choices are a vocabulary's codes (VOCAB_CODES, or
 * some of them) shows their labels, and a letter jumps by a label's first
 * letter; form_text still gives the code. */

/* What form_key returns. */
enum form_result {
	FORM_CONTINUE, /* keep going (a failed save is this too) */
	FORM_SUBMIT,   /* every check passed: read the values and save */
	FORM_CANCEL,   /* ESC: close without saving */
	FORM_REFUSED   /* the key did nothing (a limit, a control): beep */
};

/* Keys for the form itself, numbered past lineedit's actions. */
enum form_action {
	FORM_NEXT = 0x110100,
	FORM_PREV,
	FORM_ENTER,
	FORM_SAVE,
	FORM_CANCEL_KEY
};

/* FORM_YN values. */
#define FORM_YN_UNSET (-1)
#define FORM_NO 0
#define FORM_YES 1

struct form_slot {
	struct le edit;        /* text, date, time and number fields */
	int choice;            /* FORM_CHOICE, FORM_YN: the index chosen, or -1 (for yes/no,
	                        * 0 is yes and 1 is no: read it with form_yn) */
	char error[FORM_MSG];  /* "" when the field is fine */
};

struct form {
	const struct form_field *fields;
	int n;
	int focus;
	struct form_slot *slot;
	char error[FORM_MSG]; /* about the whole form */
	void *user;           /* the caller's, for check callbacks */
	/* The caller's, called after a key changes field's choice: to fill
	 * in what follows from it (placed in property: the property bag). */
	void (*changed)(struct form *f, int field);
	void *mem;
	size_t memsz;
	int owned;
};

/* Broken-down local date and time from a date or datetime field. */
struct form_when {
	int year, month, day, hour, min;
};

/* Bytes form_init_mem needs for these fields. */
size_t form_mem_size(const struct form_field *fields, int n);

/* Starts a form over n fields, all empty, focus on the first editable
 * one.  form_init allocates; form_init_mem uses the caller's memory (at
 * least form_mem_size bytes, aligned as malloc's), so a login form can
 * live in locked memory.  Return 0, or -1 if out of memory or too small. */
int form_init(struct form *f, const struct form_field *fields, int n, void *user);
int form_init_mem(struct form *f, const struct form_field *fields, int n, void *user, void *mem,
                  size_t memsz);

/* Zeroes every value (passphrases and case data alike) and frees what
 * form_init allocated; the caller frees form_init_mem's memory. */
void form_free(struct form *f);

/* One key (see the top of this file). */
int form_key(struct form *f, int key);

/* Runs every check as a save would, setting messages and the focus: 0 if
 * all passed. */
int form_validate(struct form *f);

/* Loading values.  form_set_text takes text for any type: for a choice the
 * value to select (-1 if it is not one), for yes/no "yes", "no" or "-".
 * These do not clear errors. */
int form_set_text(struct form *f, int i, const char *text);
void form_set_choice(struct form *f, int i, int index);
void form_set_yn(struct form *f, int i, int yn);
void form_focus(struct form *f, int i);

/* After the model refuses a save: a message on field i, which takes the
 * focus, or on the whole form. */
void form_set_error(struct form *f, int i, const char *msg);
void form_set_form_error(struct form *f, const char *msg);

/* Reading values.  form_text gives the typed text, or for a choice the
 * chosen value and for yes/no "yes", "no" or "-" (never NULL: "" when
 * nothing is chosen). */
const char *form_text(const struct form *f, int i);
int form_choice(const struct form *f, int i); /* index, or -1 */
int form_yn(const struct form *f, int i);     /* FORM_YES, FORM_NO, FORM_YN_UNSET */
/* 0 with *out set, 1 if the field is empty, -1 if it does not parse. */
int form_int(const struct form *f, int i, long *out);
int form_when(const struct form *f, int i, struct form_when *out);

/* What to draw for field i in its width: the safe visible text (not
 * padded; for a choice, its label) and the cursor column. */
void form_view(struct form *f, int i, char *out, size_t outsz, int *cursor_col);

/* The words a choice field shows for its choice c: the label of a
 * vocabulary code, else the choice as given. */
const char *form_choice_label(const struct form_field *fld, int c);

/* 1 if field i holds text selected whole, which typing replaces. */
int form_selected(const struct form *f, int i);

#endif
