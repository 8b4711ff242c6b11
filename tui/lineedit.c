/* SPDX-License-Identifier: ISC */
/*
 * lineedit.c - a single-line text editor with no curses in it (see
 * lineedit.h).
 *
 * The buffer is walked with text.h's text_next, the same step the screen
 * uses to draw, so a cursor step, a deletion and a drawn cell always agree
 * on where one character ends and the next begins, including for bytes
 * that are not UTF-8 in a loaded value.
 *
 * Positions are found by walking from the start of the buffer each time
 * rather than by walking backwards through UTF-8: a field holds a few
 * hundred bytes at most, and walking forwards is the only direction in
 * which a broken sequence reads the same way it draws.
 */
#include "lineedit.h"

#include <assert.h>
#include <string.h>

#include "keymap.h"
#include "text.h"

/* Not memset: the compiler may drop a store to memory it can prove is
 * never read again, and for a passphrase that store is the point. */
static void
zero(char *p, size_t n)
{
	volatile char *v = p;

	while (n--)
		*v++ = 0;
}

/* The end of the cluster (a character and the combining marks after it)
 * starting at at, with its width in columns; at itself at the end. */
static size_t
cluster_end(const char *buf, size_t at, int *width)
{
	struct text_piece p;
	int w = 0;

	text_next(buf + at, 0, &p);
	if (p.used) {
		w = p.width;
		at += p.used;
		for (text_next(buf + at, 0, &p); p.used && p.width == 0; text_next(buf + at, 0, &p))
			at += p.used;
	}
	if (width)
		*width = w;
	return at;
}

/* The start of the cluster holding byte off (off itself if it starts
 * one); the end of the text for off past it. */
static size_t
snap(const char *buf, size_t off)
{
	size_t at = 0, next;

	while ((next = cluster_end(buf, at, NULL)) > at && next <= off)
		at = next;
	return at;
}

static size_t
prev(const char *buf, size_t at)
{
	return at ? snap(buf, at - 1) : 0;
}

static int
cols(const char *buf, size_t from, size_t to)
{
	int w = 0, cw;

	while (from < to) {
		from = cluster_end(buf, from, &cw);
		w += cw;
	}
	return w;
}

static size_t
count_chars(const char *s)
{
	struct text_piece p;
	size_t n = 0;

	for (text_next(s, 0, &p); p.used; s += p.used, text_next(s, 0, &p))
		n++;
	return n;
}

/* Removes bytes [a, b) and zeroes the bytes the text no longer uses. */
static void
cut(struct le *e, size_t a, size_t b)
{
	size_t old = e->len;

	memmove(e->buf + a, e->buf + b, e->len - b + 1);
	e->len -= b - a;
	zero(e->buf + e->len + 1, old - e->len);
	e->chars = count_chars(e->buf);
	e->cur = a;
}

void
le_init(struct le *e, char *buf, size_t cap, size_t max_chars, unsigned flags)
{
	assert(buf && cap > 0);
	memset(e, 0, sizeof(*e));
	e->buf = buf;
	e->cap = cap;
	e->max_chars = max_chars;
	e->flags = flags;
	zero(buf, cap);
}

int
le_set(struct le *e, const char *text)
{
	struct text_piece p;
	int full = 0;

	if (text == e->buf) { /* its own text: nothing to copy, and wiping would lose it */
		e->cur = e->len;
		return LE_CHANGED;
	}
	zero(e->buf, e->cap);
	e->len = e->chars = e->cur = e->scroll = 0;
	e->selected = 0;
	if (!text)
		return LE_CHANGED;
	for (text_next(text, 0, &p); p.used; text += p.used, text_next(text, 0, &p)) {
		if (e->len + p.used > e->cap - 1 || (e->max_chars && e->chars >= e->max_chars)) {
			full = 1;
			break;
		}
		memcpy(e->buf + e->len, text, p.used);
		e->len += p.used;
		e->chars++;
	}
	e->cur = e->len;
	e->selected = e->len > 0;
	return full ? LE_FULL : LE_CHANGED;
}

void
le_select_all(struct le *e)
{
	e->selected = e->len > 0;
}

const char *
le_text(const struct le *e)
{
	return e->buf;
}

static int
insert(struct le *e, const char *enc, size_t n)
{
	size_t at;

	if (e->selected) {
		cut(e, 0, e->len);
		e->selected = 0;
	}
	if ((e->max_chars && e->chars >= e->max_chars) || e->len + n > e->cap - 1)
		return LE_FULL;
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, enc, n);
	e->len += n;
	e->chars++;
	e->cur += n;
	/* A combining mark typed before another one joins the cluster after
	 * it; step over the rest so the cursor stays between clusters. */
	at = snap(e->buf, e->cur);
	if (at != e->cur)
		e->cur = cluster_end(e->buf, at, NULL);
	return LE_CHANGED;
}

int
le_insert(struct le *e, uint32_t cp)
{
	char enc[4];
	size_t n;

	if (!text_printable(cp) || !(n = text_encode(cp, enc)))
		return LE_REFUSED;
	return insert(e, enc, n);
}

int
le_newline(struct le *e)
{
	return insert(e, "\n", 1);
}

static int
kill_word(struct le *e)
{
	size_t a = e->cur, p;

	if (a == 0)
		return LE_UNCHANGED;
	/* As readline's unix-word-rubout: the spaces before the cursor,
	 * then the word before them. */
	while (a > 0 && e->buf[p = prev(e->buf, a)] == ' ')
		a = p;
	while (a > 0 && e->buf[p = prev(e->buf, a)] != ' ')
		a = p;
	cut(e, a, e->cur);
	return LE_CHANGED;
}

static int
act(struct le *e, int action)
{
	switch (action) {
	case LE_LEFT:
		e->cur = prev(e->buf, e->cur);
		return LE_UNCHANGED;
	case LE_RIGHT:
		e->cur = cluster_end(e->buf, e->cur, NULL);
		return LE_UNCHANGED;
	case LE_HOME:
		e->cur = 0;
		return LE_UNCHANGED;
	case LE_END:
		e->cur = e->len;
		return LE_UNCHANGED;
	case LE_BACKSPACE:
		if (e->cur == 0)
			return LE_UNCHANGED;
		cut(e, prev(e->buf, e->cur), e->cur);
		return LE_CHANGED;
	case LE_DELETE:
		if (e->cur == e->len)
			return LE_UNCHANGED;
		cut(e, e->cur, cluster_end(e->buf, e->cur, NULL));
		return LE_CHANGED;
	case LE_KILL_END:
		if (e->cur == e->len)
			return LE_UNCHANGED;
		cut(e, e->cur, e->len);
		return LE_CHANGED;
	case LE_KILL_LINE:
		if (e->len == 0)
			return LE_UNCHANGED;
		cut(e, 0, e->len);
		return LE_CHANGED;
	case LE_KILL_WORD:
		return kill_word(e);
	default:
		return LE_IGNORED;
	}
}

int
le_action(struct le *e, int action)
{
	int r = act(e, action);

	/* Any move or edit first: the text is edited in place from then on. */
	if (r != LE_IGNORED)
		e->selected = 0;
	return r;
}

int
le_map(int key)
{
	static const struct {
		enum action act;
		int le;
	} acts[] = {
		{ACT_E_LEFT, LE_LEFT},         {ACT_E_RIGHT, LE_RIGHT},
		{ACT_E_HOME, LE_HOME},         {ACT_E_END, LE_END},
		{ACT_E_BACKSPACE, LE_BACKSPACE}, {ACT_E_DELETE, LE_DELETE},
		{ACT_E_KILL_END, LE_KILL_END}, {ACT_E_KILL_LINE, LE_KILL_LINE},
		{ACT_E_KILL_WORD, LE_KILL_WORD},
	};
	enum action act = keymap_find(CTX_EDIT, key);

	for (size_t i = 0; act != ACT_NONE && i < sizeof acts / sizeof acts[0]; i++)
		if (acts[i].act == act)
			return acts[i].le;
	return key;
}

int
le_key(struct le *e, int key)
{
	key = TK_IS_PASTE(key) ? TK_PASTED(key) : le_map(key);
	if (key >= LE_LEFT && key < LE_ACTION_END)
		return le_action(e, key);
	if (key < 0x20 || key > 0x10ffff)
		return LE_IGNORED;
	return le_insert(e, (uint32_t)key);
}

/* Moves the scroll so the cursor's cell (or the character under it, if
 * wider) is in view, then back while the rest of the text still fits. */
static void
scroll_to_cursor(struct le *e, int width)
{
	int need;

	if (e->scroll > e->cur)
		e->scroll = e->cur;
	e->scroll = snap(e->buf, e->scroll);
	cluster_end(e->buf, e->cur, &need);
	if (need < 1)
		need = 1;
	while (e->scroll < e->cur && cols(e->buf, e->scroll, e->cur) + need > width)
		e->scroll = cluster_end(e->buf, e->scroll, NULL);
	while (e->scroll > 0) {
		size_t p = prev(e->buf, e->scroll);
		if (cols(e->buf, p, e->len) + 1 > width)
			break;
		e->scroll = p;
	}
}

void
le_view(struct le *e, int width, char *out, size_t outsz, int *cursor_col)
{
	struct text_piece p;
	size_t at, len = 0;
	int w = 0;

	if (outsz)
		out[0] = 0;
	if (cursor_col)
		*cursor_col = 0;
	if ((e->flags & LE_SECRET) || width <= 0 || outsz == 0)
		return;
	scroll_to_cursor(e, width);
	if (cursor_col)
		*cursor_col = cols(e->buf, e->scroll, e->cur);
	for (at = e->scroll; at < e->len;) {
		int cw;
		size_t end = cluster_end(e->buf, at, &cw), bytes = 0;
		if (w + cw > width)
			break;
		for (size_t i = at; i < end; i += p.used) {
			text_next(e->buf + i, 0, &p);
			bytes += p.drawlen;
		}
		if (len + bytes >= outsz)
			break;
		for (; at < end; at += p.used) {
			text_next(e->buf + at, 0, &p);
			memcpy(out + len, p.draw, p.drawlen);
			len += p.drawlen;
		}
		w += cw;
	}
	out[len] = 0;
}

void
le_wipe(struct le *e)
{
	zero(e->buf, e->cap);
	e->len = e->chars = e->cur = e->scroll = 0;
}
