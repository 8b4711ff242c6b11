/* SPDX-License-Identifier: ISC */
/*
 * text.h - making stored text safe to draw, and measuring it in columns.
 *
 * Whatever reaches the screen passes through here.  The database holds
 * UTF-8 that was checked on the way in, but a drawing routine must not
 * trust that: a name holding ESC [ 2 J would clear a caseworker's screen,
 * a right-to-left override would make "Smith" read backwards, and a stray
 * byte would throw every column after it out of line.  So each character
 * is either drawn as itself or as a visible ASCII placeholder (a VT100 has
 * no other characters):
 *
 *	C0 controls and DEL	caret notation: ^[ ^I ^J ^M ^G ^?
 *	C1 controls, bidi and	<U+009B> <U+202E> <U+200B> <U+FEFF>
 *	  invisible format marks
 *	bytes that are not UTF-8	\xFF \xC0 \xAF
 *
 * A placeholder is always drawn whole or not at all, and a cut never
 * falls inside a UTF-8 sequence.  Widths and the ASCII spellings come
 * from libutf8proc's Unicode tables rather than wcwidth(3) and iconv(3),
 * so that they do not depend on the locale or the C library, and the
 * headless screen tests see the same columns as a caseworker's terminal.
 * They follow the Unicode version of the libutf8proc the program runs
 * with (utf8proc_unicode_version()): a newer one may widen a character
 * that an older one did not know (an emoji added since), which costs a
 * ragged line at worst, never a control sequence reaching the terminal.
 *
 * Every function here takes any NUL-terminated bytes and applies the same
 * rules, so a string already made safe comes out unchanged.
 */
#ifndef PASSAGE_TEXT_H
#define PASSAGE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Flags for text_next and text_fit. */
#define TEXT_ASCII 1u /* transliterate to ASCII for a terminal without UTF-8 */
#define TEXT_MARK 2u  /* text_fit: end cut text with '~' */

/* The code point of a byte that is not part of valid UTF-8. */
#define TEXT_BAD 0xFFFFFFFFu

/* One character of input and how it is drawn.  draw points either into
 * the input or into buf, so a piece must not be copied by value. */
struct text_piece {
	const char *draw; /* the bytes to send to the terminal */
	size_t drawlen;   /* their length; 0 for a mark dropped in ASCII */
	size_t used;      /* input bytes this piece covers; 0 at the end */
	int width;        /* columns drawn */
	uint32_t cp;      /* the code point, or TEXT_BAD */
	char buf[16];     /* a placeholder or transliteration */
};

/* Decodes the UTF-8 sequence at s: its length (1 to 4) with *cp set, or 0
 * if the bytes are not valid UTF-8 (overlong, surrogate, past U+10FFFF,
 * cut short) or s is at its NUL.  Never reads past a NUL. */
size_t text_decode(const char *s, uint32_t *cp);

/* Encodes cp as UTF-8 into out: its length, or 0 for a surrogate or a
 * value past U+10FFFF. */
size_t text_encode(uint32_t cp, char out[4]);

/* 1 if cp is drawn as itself: not a control, not DEL or C1, not a bidi
 * or invisible format mark, not a surrogate or non-character. */
int text_printable(uint32_t cp);

/* Columns a printable code point takes (utf8proc_charwidth): 0 for
 * combining marks, 2 for East Asian wide characters and emoji, else 1,
 * also for a code point not yet assigned. */
int text_cp_width(uint32_t cp);

/* The piece starting at s (flags: TEXT_ASCII or 0); p->used is 0 at the
 * end of the string. */
void text_next(const char *s, unsigned flags, struct text_piece *p);

/* Copies in to out with every unsafe character replaced by its
 * placeholder; out is always NUL-terminated, cut at a whole character or
 * placeholder.  Returns the length the whole result needs, as snprintf
 * does: a result of outsz or more means out was cut. */
size_t text_safe(const char *in, char *out, size_t outsz);

/* As text_safe, but ASCII only: letters lose their accents (é e, ñ n,
 * ễ e), ligatures and letters with a stroke are spelled out (ß ss, æ ae,
 * ł l, ﬁ fi), common punctuation becomes its plain form (“ " — - … ...),
 * combining marks are dropped and anything else is '?'.  The result's
 * width is its length in bytes. */
size_t text_ascii(const char *in, char *out, size_t outsz);

/* Columns s takes on the screen once made safe (placeholders included). */
int text_width(const char *s);

/* The safe form of s fitted to exactly cols columns, so table columns
 * line up: the longest prefix that fits, padded with spaces.  A wide
 * character or a placeholder that would straddle the edge is left out
 * and padded over.  With TEXT_MARK, text that was cut ends in '~'; with
 * TEXT_ASCII it is transliterated as text_ascii does.  out needs up to
 * 4 * cols + 1 bytes for multibyte text; when it is smaller the text is
 * cut where the bytes run out (and cols is at most outsz - 1).  Returns 1
 * if the text was cut, else 0. */
int text_fit(const char *s, int cols, unsigned flags, char *out, size_t outsz);

/* The first line of s when it is wrapped at cols columns, as it will be
 * drawn (flags: TEXT_ASCII or 0): its length in bytes, with *next set to
 * where the line after it starts (at the NUL when none does).  A line
 * ends at a newline (not part of it); else, when the text is wider than
 * cols, at the last space that keeps it within them (the spaces there
 * belong to no line); else, for a word longer than a line, at cols, and
 * never inside a character or a placeholder.  A line holds at least one
 * character, so a character wider than cols still moves on. */
size_t text_wrap(const char *s, int cols, unsigned flags, const char **next);

#endif
