/* SPDX-License-Identifier: ISC */
/*
 * unit_view.c - a whole record read as one view (person_view): one
 * access check, one transaction and one "view" row in the audit log, for
 * every part of the record read inside it; nothing when access is
 * refused or a read fails; and the session's count of saves moves on a
 * change, never on a read or a login.
 */
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "fixture.h"
#include "note.h"
#include "task.h"

#define NOW (T0 + 3 * DAY)

static int64_t mine; /* on cal's caseload, released at T0 */

struct reads {
	int64_t person;
	int parts, fail;
	char code[40];
};

/* What the person screen reads: the person and each part of the record. */
static int
read_parts(struct session *s, void *arg)
{
	struct reads *r = arg;
	struct person x;
	struct stay *stays = NULL;
	struct contact_row *ct = NULL;
	struct note *nt = NULL;
	struct task_row tk[16];
	int ns = 0, nc = 0, nn = 0, nt_n = 0;

	r->parts = 0;
	if (person_get(s, r->person, &x) != 0)
		return -1;
	snprintf(r->code, sizeof r->code, "%s", x.participant_code);
	person_free(&x);
	r->parts++;
	r->parts += stay_list(s, r->person, &stays, &ns) == 0;
	r->parts += contact_list(s, r->person, &ct, &nc) == 0;
	r->parts += note_list(s, r->person, &nt, &nn) == 0;
	r->parts += task_list_for_person(s, r->person, tk, 16, &nt_n) == 0;
	free(stays);
	free(ct);
	note_list_free(nt, nn);
	return r->fail ? session_fail(s, "a part could not be read") : 0;
}

static long long
views_of(int64_t person)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = 'view' AND "
	         "person_id = %lld", (long long)person);
	return count(sql);
}

static void
test_one_row(void)
{
	struct session s;
	struct reads r = {mine, 0, 0, ""};
	long long before = views_of(mine), rows;

	as(&s, "cal", NOW);
	rows = count("SELECT count(*) FROM audit");
	ok(person_view(&s, mine, read_parts, &r) == 0, "a caseworker reads their person whole");
	is_int(r.parts, 5, "  every part was read");
	is_str(r.code, "V-1", "  the person's own record");
	is_int(views_of(mine) - before, 1, "  one view row for all of it");
	is_int(count("SELECT count(*) FROM audit") - rows, 1, "  and no other row");
	is_int(count("SELECT count(*) FROM audit WHERE seq = (SELECT max(seq) FROM audit) AND "
	             "action = 'view' AND entity = 'person'"),
	       1, "  a view of the person");
	ok(s.viewing == 0, "  the session is out of the view afterwards");
	ok(s.saved == 0, "  and reading saved nothing");
}

static void
test_parts_alone(void)
{
	struct session s;
	struct reads r = {mine, 0, 0, ""};
	long long before = views_of(mine);

	as(&s, "cal", NOW);
	if (read_parts(&s, &r) != 0)
		tap_bail("reads: %s", s.err);
	ok(views_of(mine) - before >= 4, "read part by part, each part is its own view");
}

static void
test_refused(void)
{
	struct session s;
	struct reads r = {mine, 0, 0, ""};
	long long rows;

	as(&s, "cora", NOW);
	rows = count("SELECT count(*) FROM audit");
	ok(person_view(&s, mine, read_parts, &r) != 0, "another caseworker's person is refused");
	is_int(r.parts, 0, "  before anything is read");
	is_int(count("SELECT count(*) FROM audit") - rows, 0, "  and no view row is written");
	ok(s.viewing == 0, "  the session is out of the view");
}

static void
test_failed_read(void)
{
	struct session s;
	struct reads r = {mine, 0, 1, ""};
	long long rows;

	as(&s, "cal", NOW);
	rows = count("SELECT count(*) FROM audit");
	ok(person_view(&s, mine, read_parts, &r) != 0, "a read that fails fails the view");
	is_str(s.err, "a part could not be read", "  with its own sentence");
	is_int(count("SELECT count(*) FROM audit") - rows, 0, "  and leaves no view row");
	ok(s.viewing == 0, "  the session is out of the view");
}

static void
test_saved(void)
{
	struct session s;
	struct person x;
	int64_t note;

	as(&s, "cal", NOW);
	ok(s.saved == 0, "logging in saves nothing");
	if (person_get(&s, mine, &x) != 0)
		tap_bail("get: %s", s.err);
	person_free(&x);
	ok(s.saved == 0, "  nor does reading");
	if (note_create(&s, mine, "Met at the clinic; next visit Tuesday.", &note) != 0)
		tap_bail("note: %s", s.err);
	ok(s.saved == 1, "a note saved moves the count");
	ok(note_create(&s, mine, "", &note) != 0 && s.saved == 1, "  a refused one does not");
}

int
main(void)
{
	struct session s;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("view.db");
	as(&s, "cal", NOW);
	mine = mk_person(&s, "V-1");
	mk_stay(&s, mine, T0 - 10 * DAY, T0);
	test_one_row();
	test_parts_alone();
	test_refused();
	test_failed_read();
	test_saved();
	db_close(d);
	return tap_done();
}
