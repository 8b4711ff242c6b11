/* SPDX-License-Identifier: ISC */
/*
 * unit_keyseq.c - the escape sequences a terminal sends, read whole: the
 * keys the vt100, vt220 and xterm families send, every other sequence
 * dropped whole, a lone ESC still ESC, and a bracketed paste as text only.
 */
#include <stdio.h>
#include <string.h>

#include "keyseq.h"
#include "tap.h"

static struct keyseq ks;
static char got[256];

static void
put(const char *s)
{
	size_t n = strlen(got);

	if (n + strlen(s) < sizeof got)
		strcpy(got + n, s);
}

static void
take(enum ks_out out, int c, const char *name, int text)
{
	char one[32];

	if (out == KS_PASS)
		one[0] = (char)(c == KS_FNKEY ? '#' : c), one[1] = 0;
	else if (out == KS_KEY)
		snprintf(one, sizeof one, "<%s>", name);
	else if (out == KS_TEXT)
		one[0] = '+', one[1] = (char)text, one[2] = 0;
	else
		one[0] = 0;
	put(one);
}

/* Feeds bytes as they came in one go ('#' stands for a key curses
 * decoded itself), then lets the wait run out once if pause is set:
 * "<NAME>" for a key, "+c" for a pasted character, c for a key as is. */
static const char *
feed(const char *bytes, int pause)
{
	const char *name = "";
	enum ks_out out;
	int text = 0;

	got[0] = 0;
	for (const char *p = bytes; *p; p++) {
		int c = *p == '#' ? KS_FNKEY : (unsigned char)*p;
		out = ks_feed(&ks, c, &name, &text);
		take(out, c, name, text);
	}
	if (pause && ks_busy(&ks)) {
		out = ks_timeout(&ks, &name);
		take(out, 0, name, 0);
	}
	return got;
}

static void
test_keys(void)
{
	ks_init(&ks);
	is_str(feed("a\033[Zb", 1), "a<BTAB>b", "ESC [ Z is Shift-Tab");
	is_str(feed("\033[1~\033[H\033OH\033[7~", 1), "<HOME><HOME><HOME><HOME>",
	       "ESC [ 1 ~, ESC [ H, ESC O H and rxvt's ESC [ 7 ~ are Home");
	is_str(feed("\033[4~\033[F\033OF\033[8~", 1), "<END><END><END><END>",
	       "ESC [ 4 ~, ESC [ F, ESC O F and rxvt's ESC [ 8 ~ are End");
	is_str(feed("\033[A\033OB\033[3~\033[5~\033[6~\033OP", 1),
	       "<UP><DOWN><DELETE><PGUP><PGDN><F1>", "the arrows, Delete, the page keys, PF1");
	is_str(feed("x#y", 1), "x#y", "keys outside a sequence pass as they are");
}

static void
test_dropped(void)
{
	ks_init(&ks);
	is_str(feed("a\033[2Jb", 1), "ab", "an unknown CSI is dropped whole, not ESC then [2J");
	is_str(feed("a\033]0;title\007b", 1), "ab", "an OSC ends at BEL, dropped whole");
	is_str(feed("a\033]0;x\033\\b", 1), "ab", "an OSC ends at ST, dropped whole");
	is_str(feed("a\033Pq#0;2\033\\b", 1), "ab", "a DCS is dropped whole");
	is_str(feed("a\033[1;5Hb", 1), "ab", "a Home with a modifier is dropped, not read as Home");
	is_str(feed("a\033[?1;2cb", 1), "ab", "a terminal's answer is dropped whole");
	is_str(feed("a\033(Bb", 1), "ab", "ESC ( B is dropped whole");
	is_str(feed("a\033qb", 1), "ab", "ESC and a letter (Alt-q) is not ESC then q");
	is_str(feed("a\033[12", 1), "a", "a sequence cut short is dropped when the wait runs out");
	is_str(feed("\033]0;no end\033[Z", 1), "<BTAB>", "an ESC inside a string starts a new sequence");
	is_str(feed("\033[99999999999999999999~x", 1), "x", "overlong parameters are dropped");
}

static void
test_lone_esc(void)
{
	ks_init(&ks);
	is_str(feed("\033", 0), "", "ESC alone waits for what may follow");
	ok(ks_lone_esc(&ks), "  and says a lone ESC is pending");
	is_str(feed("", 1), "<ESC>", "  and is ESC when the escape delay runs out");
	is_str(feed("\033\033", 1), "<ESC>", "ESC ESC is one ESC");
	is_str(feed("\033[", 1), "", "ESC [ then nothing is dropped, not ESC");
	ok(!ks_busy(&ks), "nothing is pending after a wait runs out");
}

static void
test_paste(void)
{
	ks_init(&ks);
	is_str(feed("\033[200~ab c\033[201~", 1), "+a+b+ +c", "a bracketed paste is text");
	is_str(feed("q\033[200~r\033[201~q", 1), "q+rq", "  and only what is inside it");
	is_str(feed("\033[200~a\033[2Jb\033]0;x\007c\033[201~", 1), "+a+b+c",
	       "escape sequences inside a paste are dropped whole");
	is_str(feed("\033[200~\030\003\021\033[Z\033OH#d\033[201~", 1), "+d",
	       "control keys, keys as sequences and decoded keys inside a paste are dropped");
	is_str(feed("\033[200~a\rb\tc\nd\033[201~", 1), "+a+ +b+ +c+ +d",
	       "CR, TAB and LF inside a paste are spaces");
	is_str(feed("\033[200~a\033\033[201~", 1), "+a", "an ESC inside a paste is no ESC key");
	is_str(feed("\033[200~a\033[200~b\033[201~x", 1), "+a+bx", "a paste inside a paste ends once");
	is_str(feed("\033[200~ab", 0), "+a+b", "a paste without its end");
	is_str(feed("", 1), "", "  is over when it goes quiet");
	is_str(feed("\033", 1), "<ESC>", "  and ESC is ESC again after it");
}

int
main(void)
{
	test_keys();
	test_dropped();
	test_lone_esc();
	test_paste();
	return tap_done();
}
