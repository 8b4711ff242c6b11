/* SPDX-License-Identifier: ISC */
/*
 * lineedit.h - a single-line text editor with no curses in it.
 *
 * Every text box in the program (form fields, the search line, the
 * passphrase prompt) is one of these.  It holds UTF-8 in a buffer the
 * caller provides, with limits in bytes and in characters (code points,
 * as the schema's length() counts them), a cursor and a horizontal
 * scroll.  Keys arrive as a Unicode code point to insert or as an editing
 * action; the screen asks le_view for what to draw in a field so many
 * columns wide and where the cursor goes.
 *
 * Nothing that could reach the terminal as a control is ever inserted:
 * controls, C1, bidi overrides and invisible format marks are refused.
 * A value loaded with le_set is kept exactly (a stored name must not be
 * changed by opening it), and anything unsafe in it is shown as the
 * placeholder text.h gives it, one cursor step wide, so it can be seen and
 * deleted.
 *
 * The cursor moves over a character together with the combining marks
 * after it, so it never rests between an "e" and its accent.
 *
 * A value loaded with le_set is selected whole, as in most form UIs: the
 * first character typed replaces it (a quantity of 2 and a typed 3 is 3,
 * not 23), while moving the cursor or editing first keeps it and edits in
 * place.
 *
 * Passphrases: an editor made with LE_SECRET shows nothing at all, not
 * even a star per character, so the length is not shown either.  Its
 * buffer should be memory that is wiped before it is freed (le_wipe, or
 * the form that owns it); the editor zeroes every byte it stops using as
 * it edits, so no copy of a deleted character is left behind in it.
 */
#ifndef PASSAGE_LINEEDIT_H
#define PASSAGE_LINEEDIT_H

#include <stddef.h>
#include <stdint.h>

#define LE_SECRET 1u

/* Editing actions, numbered past the last code point so that one int
 * carries either.  The keys for each are keymap.def's (its EDIT context:
 * readline's and mutt's control keys, and the arrows, Home, End and
 * Delete); le_key takes them as the terminal gives them (keymap.h). */
enum le_action {
	LE_LEFT = 0x110000,
	LE_RIGHT,
	LE_HOME,
	LE_END,
	LE_BACKSPACE,       /* the character before the cursor */
	LE_DELETE,          /* the character under the cursor */
	LE_KILL_END,        /* from the cursor to the end */
	LE_KILL_LINE,       /* the whole line */
	LE_KILL_WORD,       /* the word before the cursor */
	LE_ACTION_END
};

enum le_result {
	LE_CHANGED,   /* the text changed */
	LE_UNCHANGED, /* the key was handled: the cursor moved, or nothing to do */
	LE_IGNORED,   /* not an editing key: the caller's to handle */
	LE_REFUSED,   /* a character that may not be typed; nothing changed */
	LE_FULL       /* at the limit in characters or bytes; nothing changed */
};

struct le {
	char *buf;        /* the text, always NUL-terminated */
	size_t cap;       /* bytes in buf, the NUL included */
	size_t len;       /* bytes of text */
	size_t chars;     /* code points of text */
	size_t max_chars; /* at most this many code points */
	size_t cur;       /* cursor, a byte offset at the start of a character */
	size_t scroll;    /* first byte shown, kept by le_view */
	unsigned flags;
	int selected;     /* the whole text is selected: typing replaces it */
};

/* Starts e empty over buf (cap bytes, at least 1: the text holds at most
 * cap - 1 bytes) with at most max_chars characters (0: only the bytes
 * limit).  flags: LE_SECRET or 0. */
void le_init(struct le *e, char *buf, size_t cap, size_t max_chars, unsigned flags);

/* Replaces the text with text (NULL is empty), cursor at the end, the
 * whole of it selected.  Text past the limits is cut at a whole character
 * and LE_FULL returned; else LE_CHANGED.  Unsafe characters are kept, and
 * shown as placeholders. */
int le_set(struct le *e, const char *text);

/* Selects the whole text (if there is any) as le_set does: a form does
 * this for the field the focus moves to. */
void le_select_all(struct le *e);

/* The text (never NULL). */
const char *le_text(const struct le *e);

/* Inserts code point cp at the cursor, or in place of the whole text
 * while it is selected: LE_CHANGED, LE_REFUSED or LE_FULL. */
int le_insert(struct le *e, uint32_t cp);
/* A line break at the cursor, for text that keeps them (a note): shown
 * as ^J, like one the text came with. */
int le_newline(struct le *e);

/* An action from enum le_action: LE_CHANGED, LE_UNCHANGED or LE_IGNORED. */
int le_action(struct le *e, int action);

/* The action a key stands for in keymap.def's EDIT context, or key
 * itself: for callers such as a choice field that take the same keys
 * without editing text. */
int le_map(int key);

/* A key as the screen read it: an le_action, a key keymap.def binds to
 * one, or a code point to insert.  Any other control (Tab, Enter, ESC,
 * ^X, ...) and any other function key is LE_IGNORED, so the caller (a
 * form, a screen) gets it. */
int le_key(struct le *e, int key);

/* What to draw in a field width columns wide: out gets the visible part
 * (UTF-8 with placeholders, at most width columns, not padded) and
 * *cursor_col the cursor's column in it.  Scrolls so the cursor and the
 * character under it are always in view, and so no room is wasted after
 * the end of the text.  A secret editor gives "" and column 0. */
void le_view(struct le *e, int width, char *out, size_t outsz, int *cursor_col);

/* Zeroes every byte of the buffer and empties the editor. */
void le_wipe(struct le *e);

#endif
