/* SPDX-License-Identifier: ISC */
/*
 * unit_text.c - text from the database made safe to draw: control
 * characters, escape sequences, broken UTF-8 and bidi tricks shown as
 * visible placeholders; widths in columns; fitting to a table column;
 * the ASCII fallback for a terminal without UTF-8.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "text.h"

static char buf[256];

static const char *
safe(const char *in)
{
	text_safe(in, buf, sizeof(buf));
	return buf;
}

static const char *
fit(const char *in, int cols, unsigned flags)
{
	text_fit(in, cols, flags, buf, sizeof(buf));
	return buf;
}

static void
test_controls(void)
{
	is_str(safe("Joe \x1b[2J Smith"), "Joe ^[[2J Smith", "ESC [ 2 J shows as ^[[2J");
	is_str(safe("a\tb\nc\rd\ae"), "a^Ib^Jc^Md^Ge", "tab, newline, CR and BEL as ^I ^J ^M ^G");
	is_str(safe("\x01\x1f"), "^A^_", "the first and last C0 controls");
	is_str(safe("x\x7fy"), "x^?y", "DEL as ^?");
	is_str(safe("a\xc2\x9b" "31m"), "a<U+009B>31m", "C1 CSI (U+009B) as <U+009B>");
	is_str(safe("\xc2\x85"), "<U+0085>", "C1 NEL as <U+0085>");
	is_str(safe("plain ASCII ~!@#"), "plain ASCII ~!@#", "printable ASCII unchanged");
	is_str(safe("Jos\xc3\xa9 \xe7\x8e\x8b"), "Jos\xc3\xa9 \xe7\x8e\x8b", "UTF-8 letters unchanged");
	is_str(safe(""), "", "empty stays empty");
	is_str(safe(NULL), "", "NULL is empty");
}

static void
test_invalid(void)
{
	is_str(safe("a\x9b" "b"), "a\\x9Bb", "a lone 0x9B byte (8-bit CSI) as \\x9B");
	is_str(safe("\xff\xfe"), "\\xFF\\xFE", "0xFF and 0xFE");
	is_str(safe("x\xe4\xb8y"), "x\\xE4\\xB8y", "a sequence cut short, then text again");
	is_str(safe("\xe4\xb8"), "\\xE4\\xB8", "a sequence cut short by the end of the string");
	is_str(safe("\xc0\xaf"), "\\xC0\\xAF", "an overlong '/' (C0 AF)");
	is_str(safe("\xe0\x80\xaf"), "\\xE0\\x80\\xAF", "an overlong three-byte form");
	is_str(safe("\xed\xa0\x80"), "\\xED\\xA0\\x80", "a surrogate (ED A0 80)");
	is_str(safe("\xf4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80", "past U+10FFFF");
	is_str(safe("\xef\xbf\xbf"), "<U+FFFF>", "a non-character");
	is_str(safe("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80", "a four-byte emoji unchanged");
}

static void
test_spoof(void)
{
	is_str(safe("Smith\xe2\x80\xae" "evil"), "Smith<U+202E>evil", "right-to-left override shown");
	is_str(safe("\xe2\x80\xaa\xe2\x80\xac"), "<U+202A><U+202C>", "embedding and pop");
	is_str(safe("\xe2\x81\xa6x\xe2\x81\xa9"), "<U+2066>x<U+2069>", "isolates");
	is_str(safe("a\xe2\x80\x8b" "b"), "a<U+200B>b", "zero-width space");
	is_str(safe("\xe2\x80\x8f"), "<U+200F>", "right-to-left mark");
	is_str(safe("\xef\xbb\xbfJoe"), "<U+FEFF>Joe", "byte order mark");
	is_str(safe("\xf3\xa0\x81\x81"), "<U+E0041>", "an invisible tag letter");
	ok(!text_printable(0x202e) && !text_printable(0x1b) && !text_printable(0x9b) &&
	   !text_printable(0xd800) && !text_printable(0x110000),
	   "text_printable refuses override, ESC, C1, surrogate, too large");
	ok(text_printable('a') && text_printable(0xe9) && text_printable(0x738b) &&
	   text_printable(0x1f600), "text_printable accepts letters, CJK, emoji");
	is_str(safe(safe("\x1b\xe2\x80\xae\xff")), "^[<U+202E>\\xFF", "safe text stays as it is");
}

static void
test_truncate(void)
{
	char small[8];
	size_t need;

	need = text_safe("ab\x1b[2J", small, 4);
	is_str(small, "ab", "a cut never splits ^[ (4 bytes: 'ab' + NUL)");
	is_int(need, 7, "  the return says how much was needed");
	text_safe("abc\xe2\x80\xae", small, 8);
	is_str(small, "abc", "a cut never splits <U+202E>");
	text_safe("ab\xe7\x8e\x8b", small, 5);
	is_str(small, "ab", "a cut never splits a UTF-8 sequence");
	text_safe("ab\xe7\x8e\x8b" "c", small, 5);
	is_str(small, "ab", "  and text after the cut is not copied either");
	text_safe("\xff", small, 4);
	is_str(small, "", "a cut never splits \\xFF");
	need = text_safe("abc", small, 4);
	ok(need == 3 && strcmp(small, "abc") == 0, "an exact fit is not a cut");
	memset(small, 'x', sizeof(small));
	text_safe("abc", small, 1);
	is_int(small[0], 0, "one byte holds the NUL");
}

static void
test_width(void)
{
	is_int(text_width("Jos\xc3\xa9"), 4, "Jos\xc3\xa9 is 4 columns");
	is_int(text_width("Nguy\xe1\xbb\x85n"), 6, "Nguy\xe1\xbb\x85n precomposed is 6 columns");
	is_int(text_width("Nguye\xcc\x82\xcc\x83n"), 6, "Nguyễn with combining marks is 6 columns");
	is_int(text_width("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"), 6, "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e is 6 columns");
	is_int(text_width("\xea\xb9\x80"), 2, "Hangul syllable is 2 columns");
	is_int(text_width("\xef\xbc\xa1"), 2, "fullwidth A is 2 columns");
	is_int(text_width("\xe3\x80\xbf"), 1, "U+303F is the one narrow one in its block");
	is_int(text_width("\xf0\x9f\x98\x80"), 2, "an emoji is 2 columns");
	is_int(text_width("\xf0\xa0\x80\x80"), 2, "CJK extension B is 2 columns");
	is_int(text_width("\x1b[2J"), 5, "^[[2J is 5 columns as drawn");
	is_int(text_width("\xe2\x80\xae"), 8, "an override counts as its placeholder");
	is_int(text_width("\xff"), 4, "a bad byte counts as its placeholder");
	is_int(text_width(""), 0, "empty is 0");
	is_int(text_cp_width(0x0301), 0, "a combining acute is 0");
	is_int(text_cp_width(0xfe0f), 0, "a variation selector is 0");
}

/* Widths the Unicode tables know and a short list of ranges would not:
 * the characters added to a block after the list was made, and the
 * marks of scripts other than Latin. */
static void
test_width_unicode(void)
{
	is_int(text_width("\xf0\x9f\xa9\xb0"), 2, "U+1FA70 (ballet shoes) is 2 columns");
	is_int(text_width("\xf0\x9f\xaa\x80"), 2, "U+1FA80 (yo-yo) is 2 columns");
	is_int(text_width("\xe2\x9c\x85"), 2, "U+2705 (check mark button) is 2 columns");
	is_int(text_width("\xe2\x8c\x9a"), 2, "U+231A (watch) is 2 columns");
	is_int(text_width("\xf0\x9f\x8c\xa1"), 1, "U+1F321 (thermometer) is 1 column: text style");
	is_int(text_width("\xd7\xa9\xd6\xb8"), 1, "a Hebrew letter with its vowel point is 1 column");
	is_int(text_width("\xe0\xa4\x95\xe0\xa5\x8d"), 1, "a Devanagari letter with virama is 1 column");
	is_int(text_cp_width(0x0483), 0, "a Cyrillic combining mark is 0");
	is_int(text_cp_width(0x3099), 0, "a kana voicing mark is 0");
	is_int(text_cp_width(0x0378), 1, "a code point not yet assigned is 1");
	is_str(fit("\xf0\x9f\xa9\xb0x", 2, 0), "\xf0\x9f\xa9\xb0", "U+1FA70 fills both of two columns");
	is_str(fit("\xf0\x9f\xa9\xb0x", 2, TEXT_MARK), "~ ", "  so beside the mark it has no room");
}

static void
test_fit(void)
{
	const char *wang = "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e";
	char small[8];
	int cut;

	is_str(fit("Joe", 6, 0), "Joe   ", "short text is padded to the column");
	is_str(fit("Jos\xc3\xa9", 6, 0), "Jos\xc3\xa9  ", "padded by columns, not bytes");
	is_str(fit("Johnson", 4, 0), "John", "long text cut to the column");
	is_str(fit("Johnson", 4, TEXT_MARK), "Joh~", "  and marked with ~");
	is_str(fit("John", 4, TEXT_MARK), "John", "an exact fit is not marked");
	is_str(fit(wang, 5, 0), "\xe7\x8e\x8b\xe5\xb0\x8f ", "a wide char is not split: padded");
	is_str(fit(wang, 5, TEXT_MARK), "\xe7\x8e\x8b\xe5\xb0\x8f~", "  or marked");
	is_str(fit(wang, 4, TEXT_MARK), "\xe7\x8e\x8b~ ", "  marked then padded");
	is_str(fit(wang, 1, 0), " ", "one column holds none of it");
	is_str(fit("Joe\x1b[2J", 4, TEXT_MARK), "Joe~", "a placeholder is never half drawn");
	is_str(fit("Joe\x1b[2J", 4, 0), "Joe ", "  nor its caret alone");
	is_str(fit("e\xcc\x81x", 1, TEXT_MARK), "~", "a combining mark with no room goes too");
	is_str(fit("e\xcc\x81xy", 2, TEXT_MARK), "e\xcc\x81~", "a combining mark stays on its letter");
	is_str(fit("Ana", 0, TEXT_MARK), "", "zero columns is empty");
	is_str(fit("Jos\xc3\xa9", 4, TEXT_ASCII), "Jose", "ASCII fit");
	cut = text_fit("Johnson Smith", 10, 0, small, sizeof(small));
	ok(cut && strcmp(small, "Johnson") == 0, "a small buffer caps the columns: '%s'", small);
	cut = text_fit(wang, 6, 0, small, sizeof(small));
	ok(cut && strcmp(small, "\xe7\x8e\x8b    ") == 0, "  and multibyte text is cut in the bytes");
	cut = text_fit(wang, 6, TEXT_MARK, small, sizeof(small));
	ok(cut && strcmp(small, "\xe7\x8e\x8b~   ") == 0, "  still marked and padded");
	ok(text_fit("Joe", 3, 0, small, sizeof(small)) == 0, "text that fits is not cut");
}

/* s wrapped at cols, its lines joined by '|'. */
static const char *
wrap(const char *s, int cols, unsigned flags)
{
	static char out[512];
	size_t at = 0;
	const char *next;

	out[0] = 0;
	while (*s && at + 2 < sizeof out) {
		size_t n = text_wrap(s, cols, flags, &next);
		at += (size_t)snprintf(out + at, sizeof out - at, "%s%.*s", at ? "|" : "", (int)n, s);
		s = next;
	}
	return out;
}

static void
test_wrap(void)
{
	const char *wang = "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e";
	const char *next;

	is_str(wrap("Met Joe at intake today", 10, 0), "Met Joe at|intake|today",
	       "broken between words, within the columns");
	is_str(wrap("Met Joe at    intake", 10, 0), "Met Joe at|intake",
	       "  the spaces at a break belong to no line");
	is_str(wrap("First line.\n\n  Indented after a blank.", 40, 0),
	       "First line.||  Indented after a blank.", "a newline ends a line; its indent stays");
	is_str(wrap("Buprenorphine", 5, 0), "Bupre|norph|ine", "a word longer than a line is cut");
	is_str(wrap("Jos\xc3\xa9 Mar\xc3\xad" "a Pe\xc3\xb1" "a", 10, 0),
	       "Jos\xc3\xa9 Mar\xc3\xad" "a|Pe\xc3\xb1" "a", "columns, not bytes: accented names fit");
	is_str(wrap(wang, 5, 0), "\xe7\x8e\x8b\xe5\xb0\x8f|\xe6\x98\x8e",
	       "a wide character that would straddle the edge starts the next line");
	is_str(wrap("ab\x1b[2J", 3, 0), "ab|\x1b[|2J", "a placeholder is never split");
	is_str(wrap("e\xcc\x81tude", 1, 0), "e\xcc\x81|t|u|d|e",
	       "a combining mark stays on its letter");
	is_str(wrap("\xc3\x9f\xc3\x9f\xc3\x9f", 4, TEXT_ASCII), "\xc3\x9f\xc3\x9f|\xc3\x9f",
	       "in ASCII, as transliterated (ss is two columns)");
	is_str(wrap(wang, 1, 0), "\xe7\x8e\x8b|\xe5\xb0\x8f|\xe6\x98\x8e",
	       "a character wider than the line still moves on");
	ok(text_wrap("", 10, 0, &next) == 0 && *next == 0, "nothing wraps to nothing");
	ok(text_wrap("one\n", 10, 0, &next) == 3 && *next == 0, "  and a last newline ends it");
}

static void
test_ascii(void)
{
	char out[64];
	size_t n;

	text_ascii("Jos\xc3\xa9 Mu\xc3\xb1oz", out, sizeof(out));
	is_str(out, "Jose Munoz", "é and ñ lose their accents");
	text_ascii("M\xc3\xbcller \xc3\x98stergaard Stra\xc3\x9f" "e", out, sizeof(out));
	is_str(out, "Muller Ostergaard Strasse", "ü ø ß");
	text_ascii("\xc3\x86sa \xc3\xa6on \xc5\x92uvre \xc5\x81\xc3\xb3" "d\xc5\xba", out, sizeof(out));
	is_str(out, "AEsa aeon OEuvre Lodz", "æ œ and Latin Extended-A");
	text_ascii("\xc5\xbdi\xc5\xbe" "ek \xc4\x8c\xc4\x87 \xc5\xbf", out, sizeof(out));
	is_str(out, "Zizek Cc s", "ž č ć ſ");
	text_ascii("Nguy\xe1\xbb\x85n Nguye\xcc\x82\xcc\x83n \xe1\xbb\xb2", out, sizeof(out));
	is_str(out, "Nguyen Nguyen Y", "Vietnamese, precomposed or combining");
	text_ascii("\xc6\xaf\xc6\xa1ng \xc8\x98tef", out, sizeof(out));
	is_str(out, "Uong Stef", "ư ơ and Romanian ș");
	text_ascii("\xe2\x80\x9cHi\xe2\x80\x9d \xe2\x80\x94 it\xe2\x80\x99s\xe2\x80\xa6", out, sizeof(out));
	is_str(out, "\"Hi\" - it's...", "curly quotes, dash and ellipsis");
	n = text_ascii("\xe7\x8e\x8b \xf0\x9f\x98\x80", out, sizeof(out));
	ok(n == 3 && strcmp(out, "? ?") == 0, "other characters become ?");
	text_ascii("a\x1b[2J\xe2\x80\xae\xff", out, sizeof(out));
	is_str(out, "a^[[2J<U+202E>\\xFF", "placeholders are the same in ASCII");
	text_ascii("\xc3\x9f\xc3\x9f", out, 4);
	is_str(out, "ss", "a cut never splits ss");
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		if (*p >= 0x80)
			tap_bail("non-ASCII in text_ascii output");
	n = text_ascii("Jos\xc3\xa9 \xe7\x8e\x8b\xcc\x81", out, sizeof(out));
	ok(n == strlen(out) && text_width(out) == (int)n, "ASCII width is the byte length of the result");
}

/* The ASCII spelling of names as a caseworker types them on a terminal
 * without UTF-8, from the Unicode decompositions. */
static void
test_ascii_unicode(void)
{
	char out[64];

	text_ascii("Nguy\xe1\xbb\x85n M\xc3\xbcller Bj\xc3\xb6rn", out, sizeof(out));
	is_str(out, "Nguyen Muller Bjorn", "Nguyễn Müller Björn");
	text_ascii("\xc7\x95 \xe1\xb8\x80 \xc8\xa8 \xe1\xb9\xa8", out, sizeof(out));
	is_str(out, "U A E S", "accented letters past Latin Extended-A: Ǖ Ḁ Ȩ Ṩ");
	text_ascii("\xef\xac\x81le \xc2\xbd \xe2\x82\x83 \xef\xbc\xa1", out, sizeof(out));
	is_str(out, "file 1/2 3 A", "compatibility forms: ﬁ ½ ₃ and fullwidth A");
	text_ascii("\xe2\x88\x92\xe2\x80\x91", out, sizeof(out));
	is_str(out, "--", "a minus sign and a non-breaking hyphen are dashes");
	text_ascii("\xd7\xa9\xd6\xb8 \xd0\x99", out, sizeof(out));
	is_str(out, "? ?", "a Hebrew vowel point goes with its letter; Cyrillic is ?");
}

static void
test_codec(void)
{
	char b[4];
	uint32_t cp;
	int good = 1;

	for (uint32_t c = 1; c <= 0x10ffff; c += (c < 0x3000 ? 1 : 97)) {
		char z[5] = {0};
		size_t n = text_encode(c, z);
		if (c >= 0xd800 && c <= 0xdfff) {
			good &= n == 0;
			continue;
		}
		good &= n > 0 && text_decode(z, &cp) == n && cp == c;
	}
	ok(good, "encode then decode gives the code point back");
	is_int(text_encode(0xd800, b), 0, "a surrogate does not encode");
	is_int(text_encode(0x110000, b), 0, "past U+10FFFF does not encode");
	is_int(text_decode("", &cp), 0, "the NUL is not a character");
}

int
main(void)
{
	test_controls();
	test_invalid();
	test_spoof();
	test_truncate();
	test_width();
	test_width_unicode();
	test_fit();
	test_wrap();
	test_ascii();
	test_ascii_unicode();
	test_codec();
	return tap_done();
}
