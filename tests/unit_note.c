/* SPDX-License-Identifier: ISC */
/*
 * unit_note.c - case notes on a real vault file: the text a note may
 * hold, edits as new versions with the old text kept, no silent overwrite
 * between two terminals, and who may write and edit.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "note.h"

#define FIRST "Met Joe at intake.\n\tWants buprenorphine; has a sister in town."
#define SECOND "Met Joe at intake.\n\tWants buprenorphine; staying with his sister."

static int64_t joe;

static void
test_create(int64_t *id)
{
	struct session s;
	size_t big = 20000;
	char *text = malloc(big + 2);

	if (!text)
		tap_bail("out of memory");
	as(&s, "cal", T0);
	ok(note_create(&s, joe, FIRST, id) == 0, "a caseworker writes a note: %s", s.err);
	ok(*id > 0, "  it has an id");
	is_int(count("SELECT version FROM note WHERE id = 1"), 1, "  at version 1");
	is_int(count("SELECT count(*) FROM note_version WHERE note_id = 1 AND version = 1 AND "
	             "body = '" FIRST "'"), 1, "  its text kept with lines and tabs");
	is_str(last_detail(), "version 1", "  audited without its words");

	memset(text, 'n', big + 1);
	text[big] = 0;
	ok(note_create(&s, joe, text, NULL) == 0, "a note of 20000 characters");
	text[big] = 'n';
	text[big + 1] = 0;
	REFUSED(s, note_create(&s, joe, text, NULL), "note: too long (at most 20000",
	        "a note of 20001 characters");
	REFUSED(s, note_create(&s, joe, "", NULL), "note: this is required", "an empty note");
	REFUSED(s, note_create(&s, joe, NULL, NULL), "note: this is required", "no note at all");
	REFUSED(s, note_create(&s, joe, " \n\t ", NULL), "note: this is required (it is only "
	        "spaces)", "a note of only spaces");
	REFUSED(s, note_create(&s, joe, "Joe \xe9t\xe9", NULL), "note: contains bytes that are "
	        "not text", "a note in Latin-1, not UTF-8");
	REFUSED(s, note_create(&s, joe, "ok\x1b[2J\x1b[H", NULL), "note: contains a control "
	        "character", "a note that would clear the screen");
	REFUSED(s, note_create(&s, joe, "line\r\nline", NULL), "note: contains a control "
	        "character", "a carriage return");
	REFUSED(s, note_create(&s, 424242, "Hello", NULL), "no such person",
	        "a note on a person who does not exist");
	free(text);

	as(&s, "adam", T0);
	REFUSED(s, note_create(&s, joe, "Admin note", NULL), "admins do not see case records",
	        "an admin cannot write a note");
	as(&s, "cora", T0);
	REFUSED(s, note_create(&s, joe, "Covering", NULL), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
	ok(glass(&s, joe, "Covering Cal's caseload today") == 0 &&
	   note_create(&s, joe, "Joe called; left a message for Cal.", NULL) == 0,
	   "  with break-the-glass, a note of their own");
}

static void
test_edit(int64_t id)
{
	struct session one, two, s;
	struct note_version *v;
	struct note *notes;
	int n;

	as(&one, "cal", T0 + HOUR);
	ok(note_edit(&one, id, 1, SECOND) == 0, "the author edits the note: %s", one.err);
	is_int(count("SELECT version FROM note WHERE id = 1"), 2, "  it is at version 2");
	is_int(count("SELECT count(*) FROM note_version WHERE note_id = 1 AND version = 1 AND "
	             "body = '" FIRST "'"), 1, "  and version 1 is unchanged");
	is_str(last_detail(), "changed: text, now version 2", "  audited without its words");

	/* Two terminals, both open at version 2. */
	as(&one, "cal", T0 + 2 * HOUR);
	as(&two, "cal", T0 + 3 * HOUR);
	ok(note_edit(&two, id, 2, SECOND "\nBooked for Tuesday.") == 0, "one terminal saves");
	REFUSED(one, note_edit(&one, id, 2, SECOND "\nCalled the clinic."),
	        "this note was changed by Cal Caseworker at 2024-05-01 12:00 since you opened it",
	        "the other, still at version 2, is refused: no silent overwrite");
	REFUSED(one, note_edit(&one, id, 3, SECOND "\nBooked for Tuesday."), "the text is the same",
	        "saving the same text");
	REFUSED(one, note_edit(&one, id, 3, "\x7f"), "note: contains a control character",
	        "an edit with a control character");
	REFUSED(one, note_edit(&one, 424242, 1, "Hello"), "no such note", "a note not there");
	as(&s, "sam", T0 + 3 * HOUR);
	REFUSED(s, note_edit(&s, id, 3, "Supervisor's words"), "only the person who wrote a note "
	        "edits it: add a note of your own", "a supervisor cannot edit someone's note");
	as(&s, "cora", T0 + 5 * HOUR);
	REFUSED(s, note_edit(&s, id, 3, "Cora's words"), "needs break-the-glass",
	        "another caseworker cannot edit it");
	as(&s, "adam", T0 + 5 * HOUR);
	REFUSED(s, note_edit(&s, id, 3, "Admin's words"), "admins do not see case records",
	        "nor can an admin");

	as(&s, "sam", T0 + 5 * HOUR);
	ok(note_versions(&s, id, &v, &n) == 0, "a supervisor reads every version");
	is_int(n, 3, "  three of them");
	if (n < 3)
		tap_bail("too few versions");
	is_str(v[0].body, FIRST, "  the first text, as written");
	is_str(v[1].body, SECOND, "  the second");
	is_str(v[2].body, SECOND "\nBooked for Tuesday.", "  the latest");
	ok(v[0].at == T0 && v[1].at == T0 + HOUR && v[2].at == T0 + 3 * HOUR,
	   "  each with its time");
	ok(v[0].by_user == cal && v[2].by_user == cal, "  and author");
	note_versions_free(v, n);

	ok(note_list(&s, joe, &notes, &n) == 0, "the person's notes");
	is_int(n, 3, "  three notes");
	if (n < 3)
		tap_bail("too few notes");
	is_int(notes[2].id, id, "  newest first");
	is_int(notes[2].version, 3, "  at their latest version");
	is_str(notes[2].body, SECOND "\nBooked for Tuesday.", "  with the latest text");
	ok(notes[2].created_at == T0 && notes[2].updated_at == T0 + 3 * HOUR,
	   "  when it was started and last edited");
	is_int(notes[0].created_by, cora, "  the note by break-the-glass shows its author");
	note_list_free(notes, n);
	is_int(audits("view", "note"), 2, "  both reads are audited");
	is_int(count("SELECT count(*) FROM audit WHERE action = 'view' AND entity = 'note' AND "
	             "entity_id = 1 AND detail = 'versions'"), 1,
	       "  reading a note whole names the note");

	as(&s, "cora", T0 + 5 * HOUR);
	ok(note_versions(&s, id, &v, &n) != 0 && v == NULL && n == 0,
	   "another caseworker cannot read the versions");
	has_str(s.err, "needs break-the-glass", "  without break-the-glass");
	ok(note_list(&s, joe, &notes, &n) != 0 && notes == NULL, "  nor the notes");
	ok(note_versions(&s, 424242, &v, &n) != 0, "versions of a note not there");
	is_str(s.err, "no such note", "  say so");
}

int
main(void)
{
	struct session s;
	int64_t id;

	fx_setup("note.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "NT-1");
	test_create(&id);
	test_edit(id);
	db_close(d);
	return tap_done();
}
