/*
 * tui_fixture.c - adds the people the screen tests need to a demo file.
 *
 *   tui_fixture FILE USER    (USER's passphrase on standard input)
 *
 * Passage refuses control characters on the way in, so a name holding an
 * escape sequence can only come from outside (an old import, a file
 * edited by hand).  The screen must still draw it harmlessly: this writes
 * one with SQL through the real encrypted file, after creating the
 * person through the model as usual.  The person is USER's, in custody,
 * expected out tomorrow, with education and naloxone recorded (the
 * release takes a key and ^X).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "education.h"
#include "naloxone.h"
#include "person.h"
#include "session.h"
#include "stay.h"

static int
die(const char *what, const char *err)
{
	fprintf(stderr, "tui_fixture: %s: %s\n", what, err);
	return 1;
}

int
main(int argc, char **argv)
{
	char pass[256], err[DB_ERR_MAX];
	struct session s;
	struct person p;
	struct stay_booking b;
	struct education e;
	struct naloxone n;
	int64_t stay;
	db *d;

	if (argc != 3 || !fgets(pass, sizeof pass, stdin))
		return die("usage", "tui_fixture FILE USER < passphrase");
	pass[strcspn(pass, "\n")] = 0;
	if (sodium_init() < 0 || db_init() != 0 ||
	    db_open(argv[1], argv[2], pass, NULL, &d, err, sizeof err) != 0)
		return die("open", err);
	memset(&s, 0, sizeof s);
	if (getenv("PASSAGE_TEST_NOW"))
		s.fixed_now = strtoll(getenv("PASSAGE_TEST_NOW"), NULL, 10);
	if (session_begin(&s, d, argv[2]) != 0)
		return die("login", s.err);

	memset(&p, 0, sizeof p);
	p.participant_code = "T0000001";
	p.legal_name = "Eve Escape";
	p.preferred_name = "Eve";
	p.pronouns = "she/her";
	p.caseworker_id = s.user_id;
	if (person_create(&s, &p) != 0)
		return die("person", s.err);
	memset(&b, 0, sizeof b);
	b.person_id = p.id;
	b.facility_id = 1;
	b.booked_at = session_now(&s) - 30 * 86400;
	b.expected_release_at = session_now(&s) + 20 * 3600;
	b.expected_source = "sentence";
	if (stay_book(&s, &b, &stay) != 0)
		return die("stay", s.err);
	memset(&e, 0, sizeof e);
	e.person_id = p.id;
	e.stay_id = stay;
	e.setting = "individual";
	e.topics = EDU_ALL;
	e.teach_back = YN_YES;
	if (education_record(&s, &e) != 0)
		return die("education", s.err);
	memset(&n, 0, sizeof n);
	n.person_id = p.id;
	n.stay_id = stay;
	n.outcome = "placed_in_property";
	n.formulation = "nasal_4mg";
	n.quantity = 2;
	n.handover = "property_bag";
	n.kit = "first";
	if (naloxone_record(&s, &n) != 0)
		return die("naloxone", s.err);

	/* ESC [ 2 J (clear screen), BEL, a C1 CSI and a right-to-left
	 * override, where only an outside writer could put them. */
	if (db_exec(d, "UPDATE person SET preferred_name = 'Eve' || char(27) || '[2J' || "
	               "char(7) || 'X' || char(155) || '1m' || char(8238) || 'evil' "
	               "WHERE participant_code = 'T0000001'") != 0)
		return die("update", db_errmsg(d));
	if (db_begin_write(d) != 0 || person_index_search(&s, p.id) != 0 || db_commit(d) != 0)
		return die("index", s.err[0] ? s.err : db_errmsg(d));
	db_close(d);
	return 0;
}
