/* SPDX-License-Identifier: ISC */
/*
 * namecase.h - a name a jail wrote in capitals, in a readable form to
 * propose ("NUNEZ, JOSE ANTONIO" -> "Nunez, Jose Antonio").
 *
 * Only a name in Latin letters with no small letter at all is changed:
 * a name with any small letter is as someone typed it, and a name with a
 * letter of another script (Cyrillic, Greek, Arabic, Han...) or with no
 * cased letter is left exactly as it is.  Accents stay as written
 * ("NÚÑEZ" -> "Núñez").  Each word gets a capital first letter and small
 * letters after it; a word starts after a space, a hyphen, an apostrophe
 * or a comma ("SMITH-JONES" -> "Smith-Jones", "O'BRIEN" -> "O'Brien");
 * "Mc" keeps a capital after it ("MCDONALD" -> "McDonald", "Mac" is left
 * alone, since Mack and Macy are names too); the particles da, das, de,
 * del, della, der, di, dos, du, la, von and y are small inside a name
 * (not van, do or le: Văn, Đỗ and Lê are Vietnamese names), before
 * another word, never as its first word or the first after a comma
 * ("DE LA CRUZ, MARIA DEL CARMEN" -> "De la Cruz, Maria del Carmen");
 * the suffixes II, III and IV stay capitals.  What it proposes a person
 * may still change: nothing here is stored by itself.
 */
#ifndef PASSAGE_NAMECASE_H
#define PASSAGE_NAMECASE_H

#include <stddef.h>

/* in, readable, into out (n bytes): out, cut at a character boundary
 * when it does not fit. */
const char *name_readable(const char *in, char *out, size_t n);

#endif
