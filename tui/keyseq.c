/* SPDX-License-Identifier: ISC */
/*
 * keyseq.c - escape sequences read whole, and bracketed paste.
 *
 * The forms follow ECMA-48: CSI (ESC [) takes parameter bytes 0x30-0x3f,
 * intermediate bytes 0x20-0x2f and ends on a final byte 0x40-0x7e; SS3
 * (ESC O) takes one final byte; OSC, DCS, SOS, PM and APC (ESC ] P X ^ _)
 * run to ST (ESC \) or, as xterm allows, BEL; ESC and intermediates then
 * a final byte are the short escape sequences (and Alt with a letter).
 * A byte that breaks a sequence drops it; an ESC inside one starts a new
 * one.  Inside a paste every sequence but the paste's end is dropped and
 * so is every control character but TAB, CR and LF, which paste as a
 * space: nothing pasted acts as a key.
 */
#include "keyseq.h"

#include <string.h>

enum { ST_GROUND, ST_ESC, ST_CSI, ST_SS3, ST_STR, ST_STR_ESC, ST_NF };

#define ESC 27
#define BEL 7

void
ks_init(struct keyseq *s)
{
	memset(s, 0, sizeof *s);
}

int
ks_pending(const struct keyseq *s)
{
	return s->state != ST_GROUND;
}

int
ks_busy(const struct keyseq *s)
{
	return s->state != ST_GROUND || s->paste;
}

int
ks_lone_esc(const struct keyseq *s)
{
	return s->state == ST_ESC;
}

/* The keys the vt100, vt220, xterm and rxvt families send as CSI. */
static const char *
csi_key(const char *par, int final)
{
	static const struct {
		const char *par;
		int final;
		const char *name;
	} keys[] = {
	    {"", 'Z', "BTAB"},  {"", 'A', "UP"},     {"", 'B', "DOWN"},
	    {"", 'C', "RIGHT"}, {"", 'D', "LEFT"},   {"", 'H', "HOME"},
	    {"1", 'H', "HOME"}, {"", 'F', "END"},    {"1", 'F', "END"},
	    {"1", '~', "HOME"}, {"7", '~', "HOME"},  {"4", '~', "END"},
	    {"8", '~', "END"},  {"3", '~', "DELETE"}, {"5", '~', "PGUP"},
	    {"6", '~', "PGDN"}, {"11", '~', "F1"},   {"12", '~', "F2"},
	    {"13", '~', "F3"},  {"14", '~', "F4"},
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].final == final && strcmp(keys[i].par, par) == 0)
			return keys[i].name;
	return NULL;
}

/* The keys sent as SS3: a vt100's cursor keys in application mode, its
 * PF1-PF4, and xterm's Home and End. */
static const char *
ss3_key(int final)
{
	static const char fin[] = "ABCDHFPQRS";
	static const char *const names[] = {"UP", "DOWN", "RIGHT", "LEFT", "HOME",
	                                    "END", "F1",  "F2",   "F3",    "F4"};
	const char *p = final ? strchr(fin, final) : NULL;

	return p ? names[p - fin] : NULL;
}

static void
start_esc(struct keyseq *s)
{
	s->state = ST_ESC;
	s->npar = 0;
	s->over = s->inter = 0;
	s->par[0] = 0;
}

/* A CSI's final byte: the paste's bounds, a key, or nothing. */
static enum ks_out
csi_end(struct keyseq *s, int final, const char **name)
{
	const char *key;
	int plain = !s->over && !s->inter;

	s->state = ST_GROUND;
	if (plain && final == '~' && strcmp(s->par, "201") == 0) {
		s->paste = 0;
		return KS_MORE;
	}
	if (s->paste)
		return KS_MORE;
	if (plain && final == '~' && strcmp(s->par, "200") == 0) {
		s->paste = 1;
		return KS_MORE;
	}
	if (plain && (key = csi_key(s->par, final))) {
		*name = key;
		return KS_KEY;
	}
	return KS_MORE;
}

static enum ks_out
ground(struct keyseq *s, int c, int *text)
{
	if (c == ESC) {
		start_esc(s);
		return KS_MORE;
	}
	if (!s->paste)
		return KS_PASS;
	if (c == '\t' || c == '\r' || c == '\n') {
		*text = ' ';
		return KS_TEXT;
	}
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return KS_MORE;
	*text = c;
	return KS_TEXT;
}

enum ks_out
ks_feed(struct keyseq *s, int c, const char **name, int *text)
{
	switch (s->state) {
	case ST_GROUND:
		return ground(s, c, text);
	case ST_ESC:
		if (c == '[')
			s->state = ST_CSI;
		else if (c == 'O')
			s->state = ST_SS3;
		else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
			s->state = ST_STR;
		else if (c >= 0x20 && c <= 0x2f)
			s->state = ST_NF;
		else if (c == ESC)
			start_esc(s);
		else
			s->state = ST_GROUND; /* ESC and a final byte, or a broken one */
		return KS_MORE;
	case ST_CSI:
		if (c >= 0x30 && c <= 0x3f) {
			if (s->inter || s->npar + 1 >= sizeof s->par)
				s->over = 1;
			else
				s->par[s->npar++] = (char)c, s->par[s->npar] = 0;
		} else if (c >= 0x20 && c <= 0x2f) {
			s->inter = 1;
		} else if (c >= 0x40 && c <= 0x7e) {
			return csi_end(s, c, name);
		} else if (c == ESC) {
			start_esc(s);
		} else {
			s->state = ST_GROUND;
		}
		return KS_MORE;
	case ST_SS3:
		s->state = ST_GROUND;
		if (c == ESC)
			start_esc(s);
		else if (!s->paste && c > 0 && (*name = ss3_key(c)))
			return KS_KEY;
		return KS_MORE;
	case ST_STR:
		if (c == ESC)
			s->state = ST_STR_ESC;
		else if (c == BEL || c == 0x9c)
			s->state = ST_GROUND;
		return KS_MORE;
	case ST_STR_ESC:
		if (c == '\\') {
			s->state = ST_GROUND;
			return KS_MORE;
		}
		/* Not ST: the string was cut short by a new sequence. */
		start_esc(s);
		return ks_feed(s, c, name, text);
	case ST_NF:
		if (c < 0x20 || c > 0x2f)
			s->state = ST_GROUND;
		return KS_MORE;
	default:
		s->state = ST_GROUND;
		return KS_MORE;
	}
}

enum ks_out
ks_timeout(struct keyseq *s, const char **name)
{
	int lone = s->state == ST_ESC && !s->paste;

	if (s->state == ST_GROUND)
		s->paste = 0;
	s->state = ST_GROUND;
	if (lone) {
		*name = "ESC";
		return KS_KEY;
	}
	return KS_MORE;
}
