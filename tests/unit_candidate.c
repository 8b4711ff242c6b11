/* SPDX-License-Identifier: ISC */
/*
 * unit_candidate.c - who may already be here, in a real vault file: the
 * words of a name found whole, in any order, whatever their case and
 * accents, in the legal name only; the birth date that fits; and the
 * roster import linking through the same search; the list a new person's
 * form shows, no more than a search would; the name they go by; and a
 * close name with the same birth date, never a shared first name alone.
 */
#include <stdlib.h>

#include "candidate.h"
#include "fixture.h"
#include "roster_import.h"

static int64_t
person(struct session *s, const char *code, const char *legal, const char *preferred,
       const char *birth)
{
	struct person p = {0};

	p.participant_code = code;
	p.legal_name = legal;
	p.preferred_name = preferred;
	p.birth_date = birth;
	if (person_create(s, &p) != 0)
		tap_bail("create %s: %s", code, s->err);
	return p.id;
}

/* What a search gave: "id:fit id:fit", "+N" for more than shown, or
 * "none"; "error: ..." when rc says it failed. */
static const char *
listed(struct session *s, int rc, const struct candidate *c, int n, int shown)
{
	static char out[400];
	size_t at = 0;

	if (rc != 0) {
		snprintf(out, sizeof out, "error: %s", s->err);
		return out;
	}
	out[0] = 0;
	for (int i = 0; i < n && i < shown; i++)
		at += (size_t)snprintf(out + at, sizeof out - at, "%s%lld:%d", i ? " " : "",
		                       (long long)c[i].person_id, (int)c[i].fit);
	if (n > shown)
		snprintf(out + at, sizeof out - at, " +%d", n - shown);
	return n ? out : "none";
}

/* Who name born y-m-d may be. */
static const char *
find(struct session *s, const char *name, int y, int m, int dd)
{
	struct candidate_birth b = {y, m, dd};
	struct candidate c[3];
	int n = 0, same = 0, rc;

	rc = candidate_find(s, name, &b, c, 3, &n, &same);
	return listed(s, rc, c, n, 3);
}

static const char *
want(int64_t id, int fit)
{
	static char out[4][40];
	static int k;

	k = (k + 1) % 4;
	snprintf(out[k], sizeof out[k], "%lld:%d", (long long)id, fit);
	return out[k];
}

static void
test_find(struct session *s)
{
	int64_t jose, jane, roe, nguyen;

	jose = person(s, "C-1", "José Antonio Núñez", NULL, "1988-03-14");
	jane = person(s, "C-2", "Jane Q Doe", NULL, "1990-07-04");
	roe = person(s, "C-3", "Robert Roe", "Bobby", NULL);
	nguyen = person(s, "C-4", "Nguyễn Văn An", NULL, "1975-06-01");

	is_str(find(s, "NUNEZ, JOSE", 1988, 3, 14), want(jose, 2),
	       "accents and case: NUNEZ, JOSE is José Antonio Núñez");
	is_str(find(s, "núñez josé", 1988, 0, 0), want(jose, 1),
	       "  and a birth year alone fits, not strongly");
	is_str(find(s, "jose nunez", 1987, 3, 14), "none", "  another birth year does not fit");
	is_str(find(s, "doe jane", 1990, 7, 4), want(jane, 2), "word order: Doe Jane is Jane Q Doe");
	is_str(find(s, "DOE, JANE Q", 1990, 7, 4), want(jane, 2), "  with the middle initial too");
	is_str(find(s, "Doe, Janet", 1990, 7, 4), "none", "a longer word is another name");
	is_str(find(s, "Do Jane", 1990, 7, 4), "none", "  and so is a shorter one");
	is_str(find(s, "Doe Jane X", 1990, 7, 4), "none", "every word sought must be there");
	is_str(find(s, "Doe Jane", 1990, 7, 5), "none", "another birth day does not fit");
	is_str(find(s, "Roe Robert", 2001, 1, 1), want(roe, 1), "no birth date on file: it may fit");
	is_str(find(s, "Roe Bobby", 0, 0, 0), "none",
	       "a preferred name is not the legal name the roster gives");
	is_str(find(s, "NGUYEN AN", 1975, 6, 1), want(nguyen, 2),
	       "Vietnamese diacritics fold as the search index folds them");
	is_str(find(s, "  ,; ", 0, 0, 0), "none", "no word finds nobody");
	is_str(find(s, "", 0, 0, 0), "none", "  nor does nothing");

	for (int i = 0; i < 4; i++) {
		char code[10];
		snprintf(code, sizeof code, "D-%d", i);
		person(s, code, "Jane Doe", NULL, NULL);
	}
	is_int(count("SELECT count(*) FROM person WHERE legal_name LIKE '%doe%'"), 5,
	       "five Jane Does");
	ok(strstr(find(s, "Jane Doe", 0, 0, 0), " ") && !strstr(find(s, "Jane Doe", 0, 0, 0), "+"),
	   "  the search stops at as many as were asked for");
	ok(strncmp(find(s, "Jane Doe", 1990, 7, 4), want(jane, 2), strlen(want(jane, 2))) == 0,
	   "  the oldest record first");
}

static const char profile[] = "time_zone = UTC\n"
                              "column.booking = Booking\n"
                              "column.name = Name\n"
                              "column.birth = DOB\n"
                              "column.booked = Booked\n"
                              "column.release = Released\n"
                              "date_format = %Y-%m-%d %H:%M\n"
                              "birth_format = %Y-%m-%d\n";

static void
test_roster(struct session *s)
{
	static const char csv[] = "Booking,Name,DOB,Booked,Released\n"
	                          "R1,\"NUNEZ, JOSE ANTONIO\",1988-03-14,2024-05-01 02:00,\n"
	                          "R2,\"quill, avery\",1975-02-02,2024-05-01 03:00,\n";
	struct roster_profile prof;
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_err e;
	char err[300];
	int64_t quill;

	quill = person(s, "C-5", "Avery Quill", NULL, "1975-02-02");
	if (roster_profile_parse(profile, &prof, err, sizeof err) != 0)
		tap_bail("profile: %s", err);
	if (roster_parse(&prof, csv, strlen(csv), 0, &r, &e) != 0)
		tap_bail("roster: line %d: %s", e.line, e.why);
	ok(roster_import(s, &prof, "plain", &r, 0, m) == 0, "a roster with other case and accents");
	is_int(m->links, 2, "  both rows link by name and whole birth date");
	is_int(count("SELECT count(*) FROM stay s JOIN person p ON p.id = s.person_id "
	             "WHERE p.participant_code = 'C-1' AND s.booking_number = 'R1'"), 1,
	       "  NUNEZ, JOSE ANTONIO is José Antonio Núñez");
	is_int(count("SELECT count(*) FROM stay WHERE booking_number = 'R2' AND person_id = "
	             "(SELECT id FROM person WHERE participant_code = 'C-5')"), 1,
	       "  quill, avery is Avery Quill");
	(void)quill;
	roster_result_free(&r);
	free(m);
}

/* The list a new person's form shows: as the search shows people. */
static void
test_people(void)
{
	struct candidate_person c[CANDIDATE_SHOWN];
	struct session s;
	int n = 0;

	as(&s, "cal", T0);
	ok(candidate_people(&s, "doe jane", NULL, "", c, &n) == 0 && n == 5,
	   "a caseworker sees who may be here, as a search would");
	is_str(c[0].hit.participant_code, "C-2", "  the oldest record first");
	is_int(c[0].hit.may_open, 0, "  outside the caseload: break-the-glass to open");
	is_str(c[0].birth, "", "  so their birth date is not shown");
	ok(candidate_people(&s, "doe jane", NULL, "1990-07-04", c, &n) == 0 && n == 5 &&
	   c[0].fit == CANDIDATE_SAME && c[1].fit == CANDIDATE_MAY,
	   "with a birth date typed: the same date, and those with none on file");
	is_str(c[0].birth, "1990-07-04", "  and the date typed is shown where it is theirs");
	ok(candidate_people(&s, "doe jane", NULL, "1990-07-05", c, &n) == 0 && n == 4,
	   "  another date is not the same person");
	ok(candidate_people(&s, "doe jane", NULL, "1990-13-04", c, &n) != 0 && n == 0,
	   "a birth date that is no date is refused");
	as(&s, "sam", T0);
	ok(candidate_people(&s, "jane doe", NULL, "", c, &n) == 0 && c[0].hit.may_open,
	   "a supervisor may open them");
	is_str(c[0].birth, "1990-07-04", "  and sees the birth date");
	as(&s, "adam", T0);
	ok(candidate_people(&s, "jane doe", NULL, "", c, &n) != 0 && n == 0,
	   "an admin sees no case records");
	has_str(s.err, "admins do not see case records", "  and is told so");
}

/* Who name born y-m-d is close to. */
static const char *
near(struct session *s, const char *name, int y, int m, int dd)
{
	struct candidate_birth b = {y, m, dd};
	struct candidate c[4];
	int n = 0, rc;

	rc = candidate_near(s, name, &b, c, 4, &n);
	return listed(s, rc, c, n, 4);
}

static void
test_near(struct session *s)
{
	int64_t smith, marisol, tran, one;

	smith = person(s, "N-1", "John Smith", NULL, "1982-11-09");
	marisol = person(s, "N-2", "Marisol Quintero", "Mari Quintero", "1995-01-30");
	tran = person(s, "N-3", "Tran Minh", NULL, "1979-04-12");
	one = person(s, "N-4", "Prince", NULL, "1982-11-09");
	(void)one;

	is_str(near(s, "Jon Smith", 1982, 11, 9), want(smith, 2),
	       "the same birth date and last name, another first name");
	is_str(near(s, "SMITH, JAMES", 1982, 11, 9), want(smith, 2),
	       "  written last name first, with a comma");
	is_str(near(s, "John Smiht", 1982, 11, 9), want(smith, 2),
	       "  the same first name, two letters swapped in the last");
	is_str(near(s, "John Smyth", 1982, 11, 9), want(smith, 2), "  one letter changed");
	is_str(near(s, "John Smit", 1982, 11, 9), want(smith, 2), "  one letter dropped");
	is_str(near(s, "John Smithe", 1982, 11, 9), want(smith, 2), "  one letter added");
	is_str(near(s, "John Smythe", 1982, 11, 9), "none", "  two letters apart is another name");
	is_str(near(s, "Minh Tran", 1979, 4, 12), want(tran, 2), "first and last swapped");
	is_str(near(s, "John Baker", 1982, 11, 9), "none",
	       "a shared first name alone is not enough, however common");
	is_str(near(s, "Jon Smith", 1982, 11, 10), "none", "another birth day: nobody");
	is_str(near(s, "Jon Smith", 1982, 0, 0), "none", "  nor a birth year alone");
	is_str(near(s, "Smith", 1982, 11, 9), "none", "a single word is not enough");
	is_str(near(s, "Prince Smith", 1982, 11, 9), want(smith, 2),
	       "  nor a single-word name on file");
	is_str(near(s, "Marisol Quinteros", 1995, 1, 30), want(marisol, 2),
	       "the legal name on file one letter away");
	is_str(near(s, "Ana Quintero", 1995, 1, 30), want(marisol, 2),
	       "  and the same last name of the name they go by");
}

/* The form's list: the name they go by, and a close name born that day. */
static void
test_people_more(void)
{
	struct candidate_person c[CANDIDATE_SHOWN];
	struct session s;
	int n = 0;

	as(&s, "sam", T0);
	ok(candidate_people(&s, "Robbie Stone", "Bobby Roe", "", c, &n) == 0 && n == 1 &&
	   strcmp(c[0].hit.participant_code, "C-3") == 0,
	   "the name they go by is someone's names (Robert Roe, who goes by Bobby)");
	ok(candidate_people(&s, "Mari Q", "Jane Doe", "1990-07-04", c, &n) == 0 && n >= 1 &&
	   strcmp(c[0].hit.participant_code, "C-2") == 0,
	   "  or someone's legal name (Jane Q Doe)");
	ok(candidate_people(&s, "Robbie Stone", "Bobby", "", c, &n) == 0 && n == 0,
	   "a first name alone as the name they go by is not looked for");
	ok(candidate_people(&s, "John Smiht", "", "1982-11-09", c, &n) == 0 && n == 1 &&
	   strcmp(c[0].hit.participant_code, "N-1") == 0 && c[0].fit == CANDIDATE_SAME,
	   "a close name with the same birth date: John Smith");
	is_str(c[0].birth, "1982-11-09", "  with the birth date that was typed");
	ok(candidate_people(&s, "John Baker", "", "1982-11-09", c, &n) == 0 && n == 0,
	   "  a shared first name and birth date are not enough");
	ok(candidate_people(&s, "John Smiht", "", "", c, &n) == 0 && n == 0,
	   "  and without a birth date a close name is nobody");
	ok(candidate_people(&s, "Minh Tran", "Tran Minh", "1979-04-12", c, &n) == 0 && n == 1,
	   "someone found by two rules is listed once");
}

/* A roster row with a close name and the same birth date waits with them
 * as a candidate: shown, never linked. */
static void
test_roster_near(struct session *s)
{
	static const char csv[] = "Booking,Name,DOB,Booked,Released\n"
	                          "R9,\"SMIHT, JOHN\",1982-11-09,2024-05-02 02:00,\n";
	struct roster_profile prof;
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_err e;
	char err[300];

	if (roster_profile_parse(profile, &prof, err, sizeof err) != 0)
		tap_bail("profile: %s", err);
	if (roster_parse(&prof, csv, strlen(csv), 0, &r, &e) != 0)
		tap_bail("roster: line %d: %s", e.line, e.why);
	ok(roster_import(s, &prof, "plain", &r, 0, m) == 0, "a roster row one letter away");
	is_int(m->links, 0, "  is not linked");
	is_int(m->waiting, 1, "  but waits for a look");
	is_int(count("SELECT count(*) FROM roster_review WHERE booking = 'R9'"), 1,
	       "  in the needs-a-look list");
	is_int(count("SELECT candidates = (SELECT CAST(id AS TEXT) FROM person "
	             "WHERE participant_code = 'N-1') FROM roster_review WHERE booking = 'R9'"), 1,
	       "  with John Smith, born that day, as its candidate");
	roster_result_free(&r);
	free(m);
}

int
main(void)
{
	struct session s;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("candidate.db");
	as(&s, "sam", T0);
	test_find(&s);
	test_roster(&s);
	test_people();
	as(&s, "sam", T0);
	test_near(&s);
	test_people_more();
	as(&s, "sam", T0);
	test_roster_near(&s);
	db_close(d);
	return tap_done();
}
