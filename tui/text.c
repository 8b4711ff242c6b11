/* SPDX-License-Identifier: ISC */
/*
 * text.c - making stored text safe to draw, and measuring it (see text.h).
 *
 * Everything is built on one step, text_next, which looks at the character
 * at a position and says how it is drawn: as itself, as a placeholder, or
 * (for a terminal without UTF-8) as its nearest ASCII.  text_safe,
 * text_ascii, text_width and text_fit are loops over it, so the rules
 * cannot drift apart between copying, measuring and fitting, and the line
 * editor walks its buffer with the same step.
 *
 * Widths and transliteration are libutf8proc's (its Unicode tables, the
 * same in every locale); what stays here is the rule of what is unsafe
 * to draw, which is ours.  A terminal's own idea of an obscure
 * character's width may differ by a column; the cost is a ragged line,
 * never a control sequence reaching the terminal.
 */
#include "text.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

struct range {
	uint32_t lo, hi;
};

/* Valid characters that draw nothing, or reorder what is around them:
 * bidi embeddings, overrides and isolates, zero-width spaces and joiners,
 * line and paragraph separators, the byte order mark, interlinear
 * annotations and the invisible tag letters that can smuggle text. */
static const struct range spoof[] = {
	{0x061c, 0x061c}, {0x200b, 0x200f}, {0x2028, 0x202e}, {0x2060, 0x206f},
	{0xfeff, 0xfeff}, {0xfff9, 0xfffb}, {0xe0000, 0xe007f},
};

static int
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return 1;
	return 0;
}

#define IN(cp, table) in_ranges((cp), (table), sizeof(table) / sizeof((table)[0]))

static int
cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t
text_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	*cp = TEXT_BAD;
	if (p[0] == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	/* Each check stops at the first byte that is not a continuation, so
	 * a NUL ends the look before anything past it is read. */
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		if (!cont(p[1]))
			return 0;
		*cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if (!cont(p[1]) || !cont(p[2]))
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0))
			return 0; /* overlong, or a surrogate */
		*cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if (!cont(p[1]) || !cont(p[2]) || !cont(p[3]))
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
			return 0; /* overlong, or past U+10FFFF */
		*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
		      (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		return 4;
	}
	return 0;
}

size_t
text_encode(uint32_t cp, char out[4])
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
text_printable(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	/* Non-characters: never meant to be exchanged, so never typed. */
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return 0;
	return !IN(cp, spoof);
}

int
text_cp_width(uint32_t cp)
{
	/* utf8proc answers 0 for what is not a character at all; such a
	 * code point is never drawn as itself, and its placeholder is
	 * measured by its length. */
	return cp > 0x10ffff ? 1 : utf8proc_charwidth((utf8proc_int32_t)cp);
}

/* The few characters a reader of English spells in ASCII although
 * Unicode gives them no decomposition to it: letters written with a
 * stroke or as a ligature, and punctuation that LUMP leaves alone. */
static const struct {
	uint32_t cp;
	const char *s;
} spelled[] = {
	{0xab, "\""},   {0xb4, "'"},    {0xb7, "."},    {0xbb, "\""},   {0xc6, "AE"},
	{0xd0, "D"},    {0xd7, "x"},    {0xd8, "O"},    {0xde, "Th"},   {0xdf, "ss"},
	{0xe6, "ae"},   {0xf0, "d"},    {0xf7, "/"},    {0xf8, "o"},    {0xfe, "th"},
	{0x110, "D"},   {0x111, "d"},   {0x126, "H"},   {0x127, "h"},   {0x131, "i"},
	{0x138, "k"},   {0x13f, "L"},   {0x140, "l"},   {0x141, "L"},   {0x142, "l"},
	{0x149, "n"},   {0x14a, "N"},   {0x14b, "n"},   {0x152, "OE"},  {0x153, "oe"},
	{0x166, "T"},   {0x167, "t"},   {0x201a, "'"},  {0x201b, "'"},  {0x201c, "\""},
	{0x201d, "\""}, {0x201e, "\""}, {0x201f, "\""}, {0x2022, "*"},
};

/* The nearest ASCII for a printable code point past U+007F: its
 * compatibility decomposition (ﬁ fi, … ...) with the marks stripped (é e,
 * ễ e) and look-alike punctuation lumped (‘ ' — -), when all of that is
 * printable ASCII; else '?', or nothing for a mark on its own. */
static const char *
translit(uint32_t cp, char *buf, size_t bufsz)
{
	utf8proc_int32_t d[16];
	utf8proc_ssize_t n;
	int bound = 0;

	for (size_t i = 0; i < sizeof(spelled) / sizeof(spelled[0]); i++)
		if (spelled[i].cp == cp)
			return spelled[i].s;
	n = utf8proc_decompose_char((utf8proc_int32_t)cp, d, (utf8proc_ssize_t)(sizeof(d) / sizeof(d[0])),
	                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_LUMP |
	                                UTF8PROC_STRIPMARK, &bound);
	if (n == 0)
		return text_cp_width(cp) == 0 ? "" : "?";
	if (n < 0 || (size_t)n >= bufsz || (size_t)n > sizeof(d) / sizeof(d[0]))
		return "?";
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (d[i] < 0x20 || d[i] > 0x7e)
			return "?";
		buf[i] = (char)d[i];
	}
	buf[n] = 0;
	return buf;
}

void
text_next(const char *s, unsigned flags, struct text_piece *p)
{
	uint32_t cp;
	size_t n = text_decode(s, &cp);

	p->cp = cp;
	p->buf[0] = 0;
	p->draw = p->buf;
	if (*s == 0) {
		p->used = p->drawlen = 0;
		p->width = 0;
		return;
	}
	if (n == 0) {
		/* One byte at a time, so the next valid character after a
		 * broken sequence is still shown as itself. */
		snprintf(p->buf, sizeof(p->buf), "\\x%02X", (unsigned)(unsigned char)*s);
		p->used = 1;
	} else if (cp < 0x20 || cp == 0x7f) {
		p->buf[0] = '^';
		p->buf[1] = (char)(cp ^ 0x40); /* ESC is ^[, DEL is ^? */
		p->buf[2] = 0;
		p->used = 1;
	} else if (!text_printable(cp)) {
		snprintf(p->buf, sizeof(p->buf), "<U+%04lX>", (unsigned long)cp);
		p->used = n;
	} else if ((flags & TEXT_ASCII) && cp >= 0x80) {
		p->draw = translit(cp, p->buf, sizeof(p->buf));
		p->used = n;
	} else {
		p->draw = s;
		p->drawlen = p->used = n;
		p->width = text_cp_width(cp);
		return;
	}
	p->drawlen = strlen(p->draw);
	p->width = (int)p->drawlen;
}

static size_t
render(const char *in, unsigned flags, char *out, size_t outsz)
{
	struct text_piece p;
	size_t need = 0, len = 0;
	int full = 0;

	if (!in)
		in = "";
	for (text_next(in, flags, &p); p.used; in += p.used, text_next(in, flags, &p)) {
		/* Once one piece does not fit, none after it is copied: a
		 * shorter later piece would silently drop the one before. */
		if (!full && len + p.drawlen < outsz) {
			memcpy(out + len, p.draw, p.drawlen);
			len += p.drawlen;
		} else {
			full = 1;
		}
		need += p.drawlen;
	}
	if (outsz)
		out[len] = 0;
	return need;
}

size_t
text_safe(const char *in, char *out, size_t outsz)
{
	return render(in, 0, out, outsz);
}

size_t
text_ascii(const char *in, char *out, size_t outsz)
{
	return render(in, TEXT_ASCII, out, outsz);
}

static long
width_of(const char *s, unsigned flags)
{
	struct text_piece p;
	long w = 0;

	if (!s)
		return 0;
	for (text_next(s, flags, &p); p.used; s += p.used, text_next(s, flags, &p))
		if (w < INT_MAX)
			w += p.width;
	return w;
}

int
text_width(const char *s)
{
	long w = width_of(s, 0);

	return w > INT_MAX ? INT_MAX : (int)w;
}

/* Copies whole pieces of s while they fit in room columns and leave
 * bytes in out for the padding up to room, tail more bytes and the NUL.
 * Returns 1 if it stopped before the end of s. */
static int
fit_pass(const char *s, unsigned flags, int room, size_t tail, char *out, size_t outsz,
         size_t *len, int *w)
{
	struct text_piece p;

	*len = 0;
	*w = 0;
	for (text_next(s, flags, &p); p.used; s += p.used, text_next(s, flags, &p)) {
		int after = *w + p.width;
		if (after > room || *len + p.drawlen + (size_t)(room - after) + tail + 1 > outsz)
			return 1;
		memcpy(out + *len, p.draw, p.drawlen);
		*len += p.drawlen;
		*w = after;
	}
	return 0;
}

int
text_fit(const char *s, int cols, unsigned flags, char *out, size_t outsz)
{
	size_t len;
	int w, cut;

	if (!outsz)
		return 1;
	if (!s)
		s = "";
	if (cols < 0)
		cols = 0;
	if ((size_t)cols >= outsz)
		cols = (int)(outsz - 1);
	flags &= TEXT_ASCII | TEXT_MARK;
	cut = fit_pass(s, flags & TEXT_ASCII, cols, 0, out, outsz, &len, &w);
	if (cut && (flags & TEXT_MARK) && cols > 0) {
		fit_pass(s, flags & TEXT_ASCII, cols - 1, 1, out, outsz, &len, &w);
		out[len++] = '~';
		w++;
	}
	memset(out + len, ' ', (size_t)(cols - w));
	out[len + (size_t)(cols - w)] = 0;
	return cut;
}

size_t
text_wrap(const char *s, int cols, unsigned flags, const char **next)
{
	struct text_piece p;
	size_t at = 0, brk = 0;
	int w = 0;

	flags &= TEXT_ASCII;
	for (;;) {
		if (!s[at] || s[at] == '\n') {
			*next = s + at + (s[at] == '\n');
			return at;
		}
		/* A break goes before a space, so a space that overflows the
		 * line is a break as good as any. */
		if (s[at] == ' ')
			brk = at;
		text_next(s + at, flags, &p);
		if (at > 0 && w + p.width > cols)
			break;
		w += p.width;
		at += p.used;
	}
	if (brk == 0) {
		*next = s + at;
		return at;
	}
	*next = s + brk;
	while (**next == ' ')
		(*next)++;
	while (brk > 0 && s[brk - 1] == ' ')
		brk--;
	return brk;
}
