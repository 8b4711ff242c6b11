/* SPDX-License-Identifier: ISC */
/*
 * keyseq.h - the escape sequences a terminal sends, read whole.
 *
 * Curses decodes the keys terminfo knows; everything else arrives as ESC
 * and then bytes.  This reads those bytes as one sequence: a key the
 * vt100, vt220 and xterm families send (Shift-Tab, Home, End, ...) by its
 * keymap.def name, any other sequence dropped whole, never ESC and then
 * letters.  It also reads a bracketed paste (ESC [ 200 ~ ... ESC [ 201 ~)
 * as text only.  No curses: fed one input at a time, it says what that
 * input made.
 */
#ifndef PASSAGE_KEYSEQ_H
#define PASSAGE_KEYSEQ_H

/* What ks_feed and ks_timeout made of the input. */
enum ks_out {
	KS_MORE,  /* nothing yet (or the input was dropped) */
	KS_PASS,  /* an ordinary key: use it as it came */
	KS_KEY,   /* a key, by its keymap.def name */
	KS_TEXT   /* a character of pasted text */
};

/* An input that is not a character: a key curses decoded itself. */
#define KS_FNKEY (-1)

struct keyseq {
	int state;   /* where in a sequence (keyseq.c's ST_*) */
	int paste;   /* inside a bracketed paste */
	int over;    /* the CSI's parameters did not fit par */
	int inter;   /* the CSI has intermediate bytes */
	unsigned npar;
	char par[12];
};

void ks_init(struct keyseq *s);
/* Feeds one input: a code point as read, or KS_FNKEY.  On KS_KEY *name
 * is the key's name ("BTAB", "HOME", "ESC"...); on KS_TEXT *text is the
 * character pasted. */
enum ks_out ks_feed(struct keyseq *s, int c, const char **name, int *text);
/* Whether a sequence has begun and not ended. */
int ks_pending(const struct keyseq *s);
/* Whether a wait running out means something: within a sequence, or a
 * paste (a paste that goes quiet is over). */
int ks_busy(const struct keyseq *s);
/* Within a sequence: whether only ESC has come so far, so that a wait
 * running out makes it the ESC key (the caller waits the escape delay). */
int ks_lone_esc(const struct keyseq *s);
/* The wait for the next input ran out: a lone ESC is the ESC key, a
 * sequence cut short is dropped, and a paste that went quiet is over. */
enum ks_out ks_timeout(struct keyseq *s, const char **name);

#endif
