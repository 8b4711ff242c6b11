/* SPDX-License-Identifier: ISC */
/*
 * unit_namecase.c - a name a jail wrote in capitals, proposed in a
 * readable form: real-world shapes (hyphens, apostrophes, Mc, particles,
 * suffixes, accents), and what is left exactly as written (any small
 * letter, other scripts, no letters).
 */
#include <string.h>

#include "namecase.h"
#include "tap.h"

static const char *
nr(const char *in)
{
	static char out[300];

	return name_readable(in, out, sizeof out);
}

int
main(void)
{
	char small[8];

	is_str(nr("NUNEZ, JOSE ANTONIO"), "Nunez, Jose Antonio", "last name first, with a comma");
	is_str(nr("TOBIAS J FENN"), "Tobias J Fenn", "an initial stays a capital");
	is_str(nr("NÚÑEZ, JOSÉ"), "Núñez, José", "accents kept as the jail wrote them");
	is_str(nr("NUÑEZ, JOSE"), "Nuñez, Jose", "  and no accent added");
	is_str(nr("MARY SMITH-JONES"), "Mary Smith-Jones", "a hyphenated last name");
	is_str(nr("DARNELL O'BRIEN"), "Darnell O'Brien", "O' with an apostrophe");
	is_str(nr("ANGELA D’ANGELO"), "Angela D’Angelo", "  a typographic apostrophe too");
	is_str(nr("RYAN MCDONALD"), "Ryan McDonald", "Mc keeps a capital after it");
	is_str(nr("ANGUS MACDONALD"), "Angus Macdonald", "  Mac does not (Mack, Macy)");
	is_str(nr("MARIA DEL CARMEN DE LA CRUZ"), "Maria del Carmen de la Cruz",
	       "particles inside a name are small");
	is_str(nr("DE LA CRUZ, MARIA"), "De la Cruz, Maria", "  but not as its first word");
	is_str(nr("LUDWIG VON DER HEIDE"), "Ludwig von der Heide", "  von and der");
	is_str(nr("JOSE Y"), "Jose Y", "  nor as the last word");
	is_str(nr("NGUYEN VAN AN"), "Nguyen Van An", "Văn is a name, not a particle");
	is_str(nr("AN LE"), "An Le", "  and so is Lê");
	is_str(nr("ROBERT SMITH III"), "Robert Smith III", "a suffix stays in capitals");
	is_str(nr("ROBERT SMITH JR"), "Robert Smith Jr", "  Jr does not");
	is_str(nr("NGUYỄN VĂN AN"), "Nguyễn Văn An", "Vietnamese letters change case");
	is_str(nr("Nunez, JOSE"), "Nunez, JOSE", "a name with any small letter is left as typed");
	is_str(nr("McDONALD"), "McDONALD", "  such as McDONALD");
	is_str(nr("ИВАНОВ, ИВАН"), "ИВАНОВ, ИВАН", "Cyrillic is left alone");
	is_str(nr("ΠΑΠΑΔΟΠΟΥΛΟΣ"), "ΠΑΠΑΔΟΠΟΥΛΟΣ", "  and Greek");
	is_str(nr("李 小龙"), "李 小龙", "  and Han, which has no capitals");
	is_str(nr("SMITH, 李"), "SMITH, 李", "  and a name that mixes scripts");
	is_str(nr("12345"), "12345", "no letters: as written");
	is_str(nr(""), "", "nothing is nothing");
	is_str(nr("AB\xff" "CD"), "AB\xff" "CD", "bytes that are not UTF-8: as written");
	name_readable("JOSÉ NÚÑEZ", small, sizeof small);
	is_str(small, "José N", "cut short at a character, never inside one");
	ok(strlen(small) < sizeof small, "  and inside the buffer");
	return tap_done();
}
