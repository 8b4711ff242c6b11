/* SPDX-License-Identifier: ISC */
/*
 * namecase.c - a name written in capitals, made readable (see
 * namecase.h).  Characters are read and written through libutf8proc.
 */
#include "namecase.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define CPS 512

static int
is_letter(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Part of a word: a letter, a combining mark or a digit. */
static int
in_word(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ND;
}

/* Latin letters: Basic Latin, Latin-1, Latin Extended-A and -B, IPA, and
 * Latin Extended Additional (the Vietnamese letters). */
static int
latin(utf8proc_int32_t cp)
{
	return cp < 0x2b0 || (cp >= 0x1e00 && cp <= 0x1eff);
}

/* Whether the name should be changed: Latin letters only, some of them
 * capitals, none small. */
static int
all_capitals(const utf8proc_int32_t *cp, int n)
{
	int upper = 0;

	for (int i = 0; i < n; i++) {
		if (!is_letter(cp[i]))
			continue;
		if (!latin(cp[i]) || utf8proc_islower(cp[i]))
			return 0;
		upper |= utf8proc_isupper(cp[i]);
	}
	return upper;
}

/* Whether the word w (small letters, ASCII) is one of words. */
static int
one_of(const utf8proc_int32_t *w, int len, const char *const *words)
{
	for (; *words; words++) {
		int i = 0;

		while (i < len && (*words)[i] && w[i] == (unsigned char)(*words)[i])
			i++;
		if (i == len && !(*words)[i])
			return 1;
	}
	return 0;
}

/* Not "van", "do" or "le": Văn, Đỗ and Lê are Vietnamese names. */
static const char *const particles[] = {"da",  "das", "de", "del", "della", "der",
                                        "di",  "dos", "du", "la", "von",   "y", NULL};
static const char *const numerals[] = {"ii", "iii", "iv", NULL};

/* The word cp[at..at+len), first of its part of the name or not, with
 * what follows it (the next character, 0 at the end). */
static void
word_case(utf8proc_int32_t *w, int len, int first, utf8proc_int32_t next)
{
	for (int i = 0; i < len; i++)
		w[i] = utf8proc_tolower(w[i]);
	if (!first && one_of(w, len, numerals)) {
		for (int i = 0; i < len; i++)
			w[i] = utf8proc_toupper(w[i]);
		return;
	}
	if (!first && next == ' ' && one_of(w, len, particles))
		return;
	w[0] = utf8proc_toupper(w[0]);
	if (len > 2 && w[0] == 'M' && w[1] == 'c')
		w[2] = utf8proc_toupper(w[2]);
}

static void
encode(const utf8proc_int32_t *cp, int n, char *out, size_t size)
{
	size_t at = 0;

	for (int i = 0; i < n; i++) {
		utf8proc_uint8_t b[4];
		utf8proc_ssize_t k = utf8proc_encode_char(cp[i], b);

		if (k < 1 || at + (size_t)k >= size)
			break;
		memcpy(out + at, b, (size_t)k);
		at += (size_t)k;
	}
	out[at] = 0;
}

const char *
name_readable(const char *in, char *out, size_t size)
{
	utf8proc_int32_t cp[CPS];
	const char *s = in ? in : "";
	int n = 0, first = 1;

	if (!size)
		return out;
	while (*s && n < CPS) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp[n]);

		if (k < 1)
			break;
		s += k;
		n++;
	}
	if (*s || !all_capitals(cp, n)) {
		/* Not UTF-8, too long, or not all capitals: as it was written. */
		snprintf(out, size, "%s", in ? in : "");
		return out;
	}
	for (int i = 0; i < n;) {
		int j = i;

		if (!in_word(cp[i])) {
			/* A comma starts the name's next part: "LAST, FIRST". */
			first |= cp[i] == ',';
			i++;
			continue;
		}
		while (j < n && in_word(cp[j]))
			j++;
		word_case(cp + i, j - i, first, j < n ? cp[j] : 0);
		/* Inside a word joined by a hyphen or an apostrophe, what follows
		 * is not a first word, but it is capitalized all the same. */
		first = 0;
		i = j;
	}
	encode(cp, n, out, size);
	return out;
}
