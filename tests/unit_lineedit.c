/* SPDX-License-Identifier: ISC */
/*
 * unit_lineedit.c - the single-line editor: typing ASCII and UTF-8,
 * moving over wide characters and accents, deleting and killing, the
 * limits in characters and in bytes, refusing controls and bidi tricks,
 * scrolling a long text through a 10-column field, and passphrases that
 * show nothing and leave nothing behind.
 */
#include <string.h>

#include "lineedit.h"
#include "tap.h"

#define WANG "\xe7\x8e\x8b"  /* 王, 2 columns */
#define XIAO "\xe5\xb0\x8f"  /* 小 */
#define MING "\xe6\x98\x8e"  /* 明 */
#define EACUTE "\xc3\xa9"    /* é precomposed */
#define ACUTE "\xcc\x81"     /* a combining acute accent */

static char mem[64];
static struct le e;

static void
fresh(size_t cap, size_t max_chars, unsigned flags)
{
	memset(mem, 'x', sizeof(mem));
	le_init(&e, mem, cap, max_chars, flags);
}

static void
type(const char *ascii)
{
	while (*ascii)
		le_key(&e, (unsigned char)*ascii++);
}

static int
all_zero(const char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static const char *
view(int width, int *col)
{
	static char out[128];

	le_view(&e, width, out, sizeof(out), col);
	return out;
}

static void
test_insert(void)
{
	fresh(sizeof(mem), 0, 0);
	is_int(le_key(&e, 'J'), LE_CHANGED, "typing a letter changes the text");
	type("oe");
	is_str(le_text(&e), "Joe", "ASCII typed");
	ok(e.cur == 3 && e.chars == 3 && e.len == 3, "cursor, characters and bytes at 3");
	le_key(&e, 0xe9);
	le_key(&e, 0x738b);
	le_key(&e, 0x1f600);
	is_str(le_text(&e), "Joe" EACUTE WANG "\xf0\x9f\x98\x80", "é, 王 and an emoji typed as UTF-8");
	ok(e.chars == 6 && e.len == 12 && e.cur == 12, "6 characters in 12 bytes");
	le_action(&e, LE_HOME);
	le_key(&e, 'X');
	is_str(le_text(&e), "XJoe" EACUTE WANG "\xf0\x9f\x98\x80", "typing at the start inserts");
	is_int(e.cur, 1, "  the cursor after what was typed");
}

static void
test_move(void)
{
	fresh(sizeof(mem), 0, 0);
	le_set(&e, "a" EACUTE WANG "b");
	is_int(e.cur, 7, "le_set leaves the cursor at the end");
	le_action(&e, LE_LEFT);
	is_int(e.cur, 6, "left over b");
	le_action(&e, LE_LEFT);
	is_int(e.cur, 3, "left over 王 (3 bytes)");
	le_action(&e, LE_LEFT);
	is_int(e.cur, 1, "left over é (2 bytes)");
	le_action(&e, LE_LEFT);
	is_int(le_action(&e, LE_LEFT), LE_UNCHANGED, "left at the start does nothing");
	is_int(e.cur, 0, "  and stays at 0");
	le_key(&e, 'F' - 64);
	le_key(&e, 'F' - 64);
	is_int(e.cur, 3, "^F twice: over a and é");
	le_key(&e, 'E' - 64);
	is_int(le_action(&e, LE_RIGHT), LE_UNCHANGED, "right at the end does nothing");
	is_int(e.cur, 7, "  and stays at the end");
	le_key(&e, 'A' - 64);
	is_int(e.cur, 0, "^A goes home");

	le_set(&e, "e" ACUTE "x");
	le_action(&e, LE_LEFT);
	is_int(e.cur, 3, "left over x");
	le_action(&e, LE_LEFT);
	is_int(e.cur, 0, "left over e and its combining accent together");
	le_action(&e, LE_RIGHT);
	is_int(e.cur, 3, "right over both too");
	le_set(&e, "ab");
	le_action(&e, LE_LEFT);
	le_insert(&e, 0x301);
	ok(strcmp(le_text(&e), "a" ACUTE "b") == 0 && e.cur == 3,
	   "a combining mark typed joins the letter before it");
}

static void
test_delete(void)
{
	fresh(sizeof(mem), 0, 0);
	le_set(&e, "ab");
	le_action(&e, LE_HOME);
	is_int(le_action(&e, LE_BACKSPACE), LE_UNCHANGED, "backspace at the start does nothing");
	is_str(le_text(&e), "ab", "  the text is unchanged");
	is_int(le_key(&e, 'D' - 64), LE_CHANGED, "^D deletes under the cursor");
	is_str(le_text(&e), "b", "  the a is gone");
	le_action(&e, LE_END);
	is_int(le_action(&e, LE_DELETE), LE_UNCHANGED, "delete at the end does nothing");

	le_set(&e, "a" WANG "e" ACUTE);
	le_key(&e, 0x7f);
	is_str(le_text(&e), "a" WANG, "DEL backspaces over e and its accent");
	le_key(&e, 'H' - 64);
	is_str(le_text(&e), "a", "^H backspaces over 王 whole");
	is_int(e.chars, 1, "  the count of characters follows");

	le_set(&e, "Joe  Smith   ");
	le_key(&e, 'W' - 64);
	is_str(le_text(&e), "Joe  ", "^W kills the spaces and the word before them");
	le_key(&e, 'W' - 64);
	is_str(le_text(&e), "", "^W again kills the first word and its spaces");
	is_int(le_key(&e, 'W' - 64), LE_UNCHANGED, "^W on nothing does nothing");
	le_set(&e, "one two three");
	le_action(&e, LE_HOME);
	for (int i = 0; i < 7; i++)
		le_action(&e, LE_RIGHT);
	le_action(&e, LE_KILL_WORD);
	ok(strcmp(le_text(&e), "one  three") == 0 && e.cur == 4, "^W in the middle: '%s'",
	   le_text(&e));
	le_set(&e, "\xe6\x9d\x8e " WANG XIAO);
	le_action(&e, LE_KILL_WORD);
	is_str(le_text(&e), "\xe6\x9d\x8e ", "^W over multibyte words");

	le_set(&e, "keep|drop");
	le_action(&e, LE_HOME);
	for (int i = 0; i < 4; i++)
		le_action(&e, LE_RIGHT);
	le_key(&e, 'K' - 64);
	is_str(le_text(&e), "keep", "^K kills to the end");
	le_key(&e, 'U' - 64);
	ok(strcmp(le_text(&e), "") == 0 && e.cur == 0 && e.chars == 0, "^U kills the line");
}

static void
test_limits(void)
{
	fresh(sizeof(mem), 5, 0);
	type("abcde");
	is_int(le_key(&e, 'f'), LE_FULL, "a sixth character over a limit of 5 is refused");
	is_str(le_text(&e), "abcde", "  the text is unchanged");
	le_action(&e, LE_HOME);
	is_int(le_key(&e, 0xe9), LE_FULL, "  anywhere in it");
	le_action(&e, LE_END);
	le_key(&e, LE_BACKSPACE);
	is_int(le_key(&e, 0x738b), LE_CHANGED, "after a backspace there is room again");

	fresh(6, 0, 0); /* 5 bytes of text */
	le_key(&e, 0x738b);
	le_key(&e, 0xe9);
	is_int(le_key(&e, 'a'), LE_FULL, "the byte limit: 王é fill 5 bytes");
	le_action(&e, LE_BACKSPACE);
	is_int(le_key(&e, 0x5c0f), LE_FULL, "  a second 3-byte character does not fit in 2");
	is_str(le_text(&e), WANG, "  the text is unchanged");
	is_int(le_key(&e, 'a'), LE_CHANGED, "  but one ASCII letter does");

	fresh(5, 0, 0);
	is_int(le_set(&e, "ab" WANG), LE_FULL, "le_set past the byte limit says so");
	is_str(le_text(&e), "ab", "  and keeps only whole characters");
	fresh(sizeof(mem), 3, 0);
	is_int(le_set(&e, "abcdef"), LE_FULL, "le_set past the character limit");
	is_str(le_text(&e), "abc", "  keeps 3 characters");
	is_int(le_set(&e, "ab" WANG), LE_CHANGED, "le_set within the limits");
	le_action(&e, LE_HOME);
	le_set(&e, le_text(&e));
	ok(strcmp(le_text(&e), "ab" WANG) == 0 && e.cur == e.len, "le_set with its own text keeps it");
}

static void
test_refuse(void)
{
	static const uint32_t bad[] = {
		0x1b, 0x0a, 0x0d, 0x09, 0x00, 0x7f, 0x85, 0x9b, 0x202e, 0x202a, 0x2066,
		0x2069, 0x200b, 0x200f, 0xfeff, 0xd800, 0xffff, 0x110000,
	};
	int refused = 0;

	fresh(sizeof(mem), 0, 0);
	le_set(&e, "ok");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = le_insert(&e, bad[i]);
		if (r == LE_REFUSED)
			refused++;
		else
			tap_diag("U+%04X gave %d", (unsigned)bad[i], r);
	}
	is_int(refused, (int)(sizeof(bad) / sizeof(bad[0])),
	       "controls, DEL, C1, bidi, zero-width, surrogates and non-characters refused");
	ok(strcmp(le_text(&e), "ok") == 0 && e.chars == 2, "  the text is unchanged");
	is_int(le_key(&e, 0x9b), LE_REFUSED, "C1 CSI as a key is refused");
	is_int(le_key(&e, 0x1b), LE_IGNORED, "ESC is left to the caller");
	is_int(le_key(&e, '\t'), LE_IGNORED, "Tab is left to the caller");
	is_int(le_key(&e, '\r'), LE_IGNORED, "Enter is left to the caller");
	is_int(le_key(&e, 'X' - 64), LE_IGNORED, "^X is left to the caller");
	is_int(le_key(&e, -1), LE_IGNORED, "a negative key is ignored");
	is_int(le_key(&e, LE_ACTION_END + 5), LE_IGNORED, "an unknown action is ignored");
	is_str(le_text(&e), "ok", "none of them changed the text");

	le_set(&e, "a\x1b[2J\xe2\x80\xae\xff");
	is_str(le_text(&e), "a\x1b[2J\xe2\x80\xae\xff", "le_set keeps a stored value exactly");
	{
		int col;
		is_str(view(40, &col), "a^[[2J<U+202E>\\xFF", "  and shows what is unsafe as placeholders");
		is_int(col, 18, "  the cursor after them all");
	}
	le_action(&e, LE_BACKSPACE);
	le_action(&e, LE_BACKSPACE);
	is_str(le_text(&e), "a\x1b[2J", "backspace deletes a placeholder whole");
	le_action(&e, LE_HOME);
	le_action(&e, LE_RIGHT);
	le_action(&e, LE_RIGHT);
	is_int(e.cur, 2, "the cursor steps over ESC in one");
}

static void
test_view(void)
{
	int col;

	fresh(sizeof(mem), 0, 0);
	type("abcdefghijklmnopqrstuvwxyz");
	is_str(view(10, &col), "rstuvwxyz", "a long text shows its end in 10 columns");
	is_int(col, 9, "  the cursor in the last column");
	le_action(&e, LE_HOME);
	is_str(view(10, &col), "abcdefghij", "home shows the start");
	is_int(col, 0, "  cursor at column 0");
	le_action(&e, LE_END);
	view(10, &col);
	for (int i = 0; i < 3; i++)
		le_action(&e, LE_LEFT);
	is_str(view(10, &col), "rstuvwxyz", "moving left within the view does not scroll");
	is_int(col, 6, "  the cursor moves instead");
	for (int i = 0; i < 10; i++)
		le_action(&e, LE_LEFT);
	is_str(view(10, &col), "nopqrstuvw", "moving left past the view scrolls to the cursor");
	is_int(col, 0, "  cursor at the left edge");
	le_action(&e, LE_END);
	view(10, &col);
	for (int i = 0; i < 5; i++)
		le_action(&e, LE_BACKSPACE);
	is_str(view(10, &col), "mnopqrstu", "after deleting, the view fills back from the left");
	is_int(col, 9, "  cursor still at the end");
	le_set(&e, "short");
	is_str(view(10, &col), "short", "short text is not scrolled");
	is_int(col, 5, "  cursor after it");

	le_set(&e, WANG XIAO MING WANG XIAO MING);
	is_str(view(10, &col), MING WANG XIAO MING, "wide text: 4 characters in 10 columns, end in view");
	is_int(col, 8, "  cursor at column 8");
	le_action(&e, LE_HOME);
	view(10, &col);
	le_action(&e, LE_RIGHT);
	is_str(view(10, &col), WANG XIAO MING WANG XIAO, "home then right: the start, 5 wide");
	is_int(col, 2, "  the cursor counts 2 columns for 王");
	le_set(&e, "abcdefgh" WANG);
	le_action(&e, LE_LEFT);
	is_str(view(10, &col), "abcdefgh" WANG, "a wide char under the cursor at the edge fits");
	le_set(&e, "abcdefghi" WANG);
	le_action(&e, LE_LEFT);
	is_str(view(10, &col), "bcdefghi" WANG, "  or the view scrolls so it is whole");
	is_int(col, 8, "  cursor on it at column 8");
	le_set(&e, "abc" WANG "defghijkl");
	le_action(&e, LE_HOME);
	is_str(view(4, &col), "abc", "a wide char that would straddle the edge is not drawn");
	le_set(&e, "abcdef");
	{
		char small[4];
		le_action(&e, LE_HOME);
		le_view(&e, 10, small, sizeof(small), &col);
		is_str(small, "abc", "the view is cut to its buffer");
	}
}

static void
test_secret(void)
{
	char a[64], b[64];
	int col = 7;

	fresh(sizeof(mem), 0, LE_SECRET);
	type("correct horse");
	le_view(&e, 20, a, sizeof(a), &col);
	ok(a[0] == 0 && col == 0, "a secret shows nothing, cursor at 0");
	type(" battery staple");
	le_view(&e, 20, b, sizeof(b), &col);
	ok(b[0] == 0 && col == 0, "  whatever its length");
	is_str(le_text(&e), "correct horse battery staple", "  the text is there to read");
	for (int i = 0; i < 7; i++)
		le_action(&e, LE_BACKSPACE);
	ok(all_zero(mem + e.len, sizeof(mem) - e.len), "backspacing zeroes what is deleted");
	le_action(&e, LE_HOME);
	le_action(&e, LE_KILL_WORD);
	le_action(&e, LE_DELETE);
	ok(all_zero(mem + e.len, sizeof(mem) - e.len), "  as does every other deletion");
	le_wipe(&e);
	ok(all_zero(mem, sizeof(mem)), "le_wipe zeroes the whole buffer");
	ok(e.len == 0 && e.cur == 0 && e.chars == 0 && le_text(&e)[0] == 0, "  and empties the editor");
	le_set(&e, "longer than the next one");
	le_set(&e, "short");
	ok(all_zero(mem + 6, sizeof(mem) - 6), "le_set leaves nothing of the text it replaced");
}

int
main(void)
{
	test_insert();
	test_move();
	test_delete();
	test_limits();
	test_refuse();
	test_view();
	test_secret();
	return tap_done();
}
