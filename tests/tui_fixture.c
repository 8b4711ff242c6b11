/* SPDX-License-Identifier: ISC */
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
 *
 * For the supervisors' review it also leaves one break-the-glass access
 * by USER two days before now (long closed, so no screen of USER's
 * changes), used to view a record and its notes.
 *
 *   tui_fixture FILE USER disclosures
 *
 * adds instead two people of USER's for the accounting of disclosures:
 * D0000001 with one consent and three disclosures under it (yesterday,
 * 1095 days ago: inside the three years, and 1097 days ago: outside),
 * and D0000002 with none.
 *
 *   tui_fixture FILE USER overdue
 *
 * adds instead T0000002, USER's, released three days ago with no contact
 * since: an overdue 48-hour contact (the follow-up audit's tests).
 *
 *   tui_fixture FILE USER notes
 *
 * adds instead N0000001, USER's, with two notes: USER's, of many lines
 * (names in other scripts, a paragraph longer than a line, more lines
 * than a screen), written two days ago and edited a day later, and a
 * newer one by the user "supervisor" (when there is one), which USER may
 * read and not edit.  Only the model can write a line break in a note.
 *
 *   tui_fixture FILE USER roster
 *
 * adds instead J0000001, USER's, whom the jail's roster knows: imported
 * by the user "supervisor" through a profile of the jail's person id and
 * booking numbers, with one stay released at a time the roster gave (in
 * August) and one booked and released on dates only, two days ago; and
 * three rows that wait for a look: two bookings of Tobias Fenn (the
 * first booked on a date only), released and then transferred on dates
 * only, and one of a long name in custody, expected out on a date only.
 *
 *   tui_fixture FILE USER roster-zone
 *
 * the same, through a profile of a jail that keeps its clock in
 * America/New_York, at a site in America/Los_Angeles.
 *
 *   tui_fixture FILE USER review
 *
 * adds instead three rows of the jail's roster waiting for a look, as an
 * import leaves them (the import itself is tested on real files in
 * unit_roster_import.c and unit_roster_review.c; a demo file has three
 * facilities, where an import is refused): Mara Quinn, born 1979, who
 * might be P0000003 or P0000007; Tobias Fenn, released on a date only,
 * whom nobody resembles; and Rae Lund, transferred.  The roster is
 * recorded at a site's one active facility: the others are retired.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "consent.h"
#include "db.h"
#include "glass.h"
#include "sqldb.h"
#include "education.h"
#include "login.h"
#include "naloxone.h"
#include "note.h"
#include "person.h"
#include "roster_import.h"
#include "search_index.h"
#include "session.h"
#include "sql.h"
#include "stay.h"
#include "stock.h"
#include "zone.h"

static int
die(const char *what, const char *err)
{
	fprintf(stderr, "tui_fixture: %s: %s\n", what, err);
	return 1;
}

static int
review_rows(struct session *s, db *d)
{
	char sql[2000];
	int64_t now = session_now(s);

	snprintf(sql, sizeof sql,
	         "INSERT INTO roster_import (at, user_id, profile, sha256, rows, bookings, "
	         "new_bookings, releases, inferred, transfers, expected_changes, links, waiting, "
	         "skipped) VALUES (%lld, %lld, 'county', printf('%%064d', 7), 3, 3, 0, 0, 0, 0, 0, "
	         "0, 3, 0);"
	         "INSERT INTO roster_review (import_id, profile, line, jail_person_id, booking, "
	         "last_name, first_name, middle_name, birth, booked_at, released_at, candidates, "
	         "transfer, release_date_only, in_custody) VALUES "
	         "(last_insert_rowid(), 'county', 2, '000900001', '26001234', 'QUINN', 'MARA', "
	         "'', '1979', %lld, NULL, (SELECT group_concat(id) FROM (SELECT id FROM person "
	         "WHERE participant_code IN ('P0000003', 'P0000007') ORDER BY id)), 0, 0, 1),"
	         "((SELECT max(id) FROM roster_import), 'county', 3, '000900002', '26001240', "
	         "'FENN', 'TOBIAS', 'J', '1990-02-03', %lld, %lld, NULL, 0, 1, 0),"
	         "((SELECT max(id) FROM roster_import), 'county', 4, '000900003', '26001251', "
	         "'LUND', 'RAE', '', NULL, %lld, %lld, NULL, 1, 0, 0)",
	         (long long)now - 3600, (long long)s->user_id, (long long)now - 2 * 86400,
	         (long long)now - 5 * 86400, (long long)now - 86400 - (now % 86400),
	         (long long)now - 4 * 86400, (long long)now - 7200);
	if (db_exec(d, sql) != 0 ||
	    db_exec(d, "UPDATE facility SET active = 0 WHERE id > (SELECT min(id) FROM "
	               "facility)") != 0)
		return session_fail(s, "%s", db_errmsg(d));
	return 0;
}

static int
do_glass(struct session *s, void *arg)
{
	return glass_break(s, *(int64_t *)arg, "Called by the clinic about a missed dose",
	                   NULL);
}

/* A closed access by s's user to P0000048 (not theirs), two days ago;
 * none in a demo file too small to hold P0000048 (the end-to-end test's). */
static int
old_glass(struct session *s)
{
	int64_t now = session_now(s), fixed = s->fixed_now, id;
	struct person p;
	struct note *notes;
	int n, rc, found = 0;

	/* Looked up under the file, not as s: P0000048 is not s's to find. */
	if (sql_query_text_i64(s, "SELECT id FROM person WHERE participant_code = ?1", "P0000048",
	                       &id, &found) != 0 || !found)
		return 0;
	s->fixed_now = now - 2 * 86400;
	rc = session_write(s, do_glass, &id);
	if (rc == 0 && (rc = person_get(s, id, &p)) == 0)
		person_free(&p);
	if (rc == 0 && (rc = note_list(s, id, &notes, &n)) == 0)
		note_list_free(notes, n);
	s->fixed_now = fixed;
	return rc;
}

static int
disclose(struct session *s, int64_t person, int64_t consent, int64_t at, const char *purpose,
         const char *description)
{
	struct disclosure x = {0};

	x.person_id = person;
	x.consent_id = consent;
	x.recipient = "Eastside Bridge Clinic";
	x.purpose = purpose;
	x.description = description;
	x.disclosed_at = at;
	return disclosure_record(s, &x);
}

static int
disclosures(struct session *s)
{
	int64_t now = session_now(s);
	struct person p = {0}, q = {0};
	struct consent c = {0};

	p.participant_code = "D0000001";
	q.participant_code = "D0000002";
	if (person_create(s, &p) != 0 || person_create(s, &q) != 0)
		return -1;
	c.person_id = p.id;
	c.scope = "Appointment times and attendance;\nMOUD dose at release";
	c.recipient = "Eastside Bridge Clinic";
	c.purpose = "Coordinate buprenorphine care after release";
	c.signed_at = now - 1200 * 86400LL;
	c.expiry_event = "End of treatment at Eastside";
	if (consent_record(s, &c) != 0 ||
	    disclose(s, p.id, c.id, now - 1097 * 86400LL, "Old request", NULL) != 0 ||
	    disclose(s, p.id, c.id, now - 1095 * 86400LL, "Intake appointment",
	             "Release date") != 0 ||
	    disclose(s, p.id, c.id, now - 86400, "Dose check",
	             "Buprenorphine dose at release;\nnaloxone kit given") != 0)
		return -1;
	return 0;
}

/* A new person on s's user's caseload. */
static int
person_of(struct session *s, const char *code, const char *name, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->participant_code = code;
	p->preferred_name = name;
	p->caseworker_id = s->user_id;
	return person_create(s, p);
}

/* "overdue": T0000002, on USER's caseload, released three days ago with
 * nobody in touch since: a 48-hour contact a day past its window, for a
 * supervisor to find and move whatever day the test runs. */
static int
overdue(struct session *s)
{
	int64_t now = session_now(s), stay;
	struct stay_booking b;
	struct person p;

	if (person_of(s, "T0000002", "Omar", &p) != 0)
		return -1;
	memset(&b, 0, sizeof b);
	b.person_id = p.id;
	b.facility_id = 1;
	b.booked_at = now - 40 * 86400;
	b.expected_release_at = now - 3 * 86400;
	b.expected_source = "sentence";
	if (stay_book(s, &b, &stay) != 0)
		return -1;
	return stay_record_release(s, stay, now - 3 * 86400, "scheduled", 1);
}

#define NOTE_V1                                                                          \
	"Met Nadia at intake with her sister Zo\xc3\xab Nguy\xe1\xbb\x85n and her cousin "     \
	"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e, who will pick her up.\n\n"                            \
	"Plan for the first week out:\n"                                                   \
	"  - buprenorphine at Eastside Bridge Clinic on Tuesday at 10:00\n"                 \
	"  - a naloxone kit in her bag; her sister knows how to use it\n\n"               \
	"She has been in custody for nine weeks and has not used in that time, so her "    \
	"tolerance is much lower than before: we talked through never using alone, "       \
	"starting with a small test amount, fentanyl test strips and the Good Samaritan "  \
	"law, and she repeated the signs of an overdose back in her own words.\n"
#define NOTE_V2 NOTE_V1                                                                  \
	"\nShe asked for the clinic's number again.\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\nLast line."

/* "notes": N0000001 and the notes above. */
static int
notes(struct session *s, db *d)
{
	int64_t now = session_now(s), fixed = s->fixed_now, id;
	struct session sup;
	struct person p;
	int rc;

	if (person_of(s, "N0000001", "Nadia", &p) != 0)
		return -1;
	s->fixed_now = now - 2 * 86400;
	rc = note_create(s, p.id, NOTE_V1, &id);
	s->fixed_now = now - 86400;
	if (rc == 0)
		rc = note_edit(s, id, 1, NOTE_V2);
	s->fixed_now = fixed;
	if (rc != 0)
		return -1;
	memset(&sup, 0, sizeof sup);
	sup.fixed_now = now - 3600;
	if (login_as(&sup, d, "supervisor") != 0)
		return 0;
	if (note_create(&sup, p.id, "Covering for the caseworker: Nadia called, all is well.",
	                NULL) != 0)
		return snprintf(s->err, sizeof s->err, "%s", sup.err), -1;
	return 0;
}

/* The profile but for its time_zone line, the jail's clock. */
static const char roster_profile[] = "column.person_id = Person ID\n"
                                     "column.booking = Booking\n"
                                     "column.name = Name\n"
                                     "column.birth = DOB\n"
                                     "column.booked = Booked\n"
                                     "column.release = Released\n"
                                     "column.status = Status\n"
                                     "column.expected = Expected\n"
                                     "date_format = %Y-%m-%d %H:%M\n"
                                     "date_format = %Y-%m-%d\n"
                                     "birth_format = %Y-%m-%d\n"
                                     "status.release = Released\n"
                                     "status.transfer = Released to Another Agency\n"
                                     "status.custody = In Custody\n"
                                     "snapshot = no\n";

static const char roster_rows[] =
    "Person ID,Booking,Name,DOB,Booked,Released,Status,Expected\n"
    "000704467,J16000001,\"ROSTER, JUNE\",1985-04-20,2026-08-01 10:00,2026-08-03 14:30,Released,\n"
    /* Booked on a date only, as many jails give it. */
    "000704467,J17007382,\"ROSTER, JUNE\",1985-04-20,2026-09-10,2026-09-19,Released,\n"
    /* Nobody resembles them: their rows wait for a look.  Two of one
     * man's bookings, told apart by their numbers and dates; a name
     * longer than its column. */
    "000900002,26001240,\"FENN, TOBIAS J\",1990-02-03,2026-09-08,2026-09-12,Released,\n"
    "000900002,26001377,\"FENN, TOBIAS J\",1990-02-03,2026-09-16 23:10,2026-09-20,"
    "Released to Another Agency,\n"
    "000900004,26001502,\"DELACROIX-WHITFIELD, MARGARETHE ALEXANDRA\",1979-11-30,"
    "2026-09-19 08:00,,In Custody,2026-10-02\n";

/* "roster": J0000001 and the roster above, imported by "supervisor",
 * through a profile whose jail keeps its clock in zone. */
static int
roster(struct session *s, db *d, const char *zone)
{
	char text[sizeof roster_profile + ZONE_NAME_MAX + 16];
	struct roster_profile prof;
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_err e;
	struct session sup;
	struct person p = {0};
	int rc = -1;

	p.participant_code = "J0000001";
	p.legal_name = "June Roster";
	p.birth_date = "1985-04-20";
	p.caseworker_id = s->user_id;
	memset(&sup, 0, sizeof sup);
	sup.fixed_now = s->fixed_now;
	if (!m || person_create(s, &p) != 0)
		goto out;
	if (login_as(&sup, d, "supervisor") != 0 ||
	    snprintf(text, sizeof text, "time_zone = %s\n%s", zone, roster_profile) >=
	        (int)sizeof text ||
	    roster_profile_parse(text, &prof, s->err, sizeof s->err) != 0)
		goto out;
	if (roster_parse(&prof, roster_rows, strlen(roster_rows), 0, &r, &e) != 0) {
		snprintf(s->err, sizeof s->err, "line %d: %s", e.line, e.why);
		goto out;
	}
	/* The roster is recorded at the site's one active facility: the
	 * demo's others are set aside for the import, marked by a '~'
	 * before their name, and put back after it. */
	if (db_exec(d, "UPDATE facility SET name = '~' || name, active = 0 WHERE active = 1 AND "
	               "id <> (SELECT min(id) FROM facility WHERE active = 1)") != 0)
		goto parsed;
	rc = roster_import(&sup, &prof, "county", &r, 0, m);
	if (rc != 0)
		snprintf(s->err, sizeof s->err, "%s", sup.err);
	if (db_exec(d, "UPDATE facility SET name = substr(name, 2), active = 1 "
	               "WHERE name LIKE '~%'") != 0)
		rc = -1;
	if (rc == 0 && (m->new_bookings != 2 || m->releases != 2 || m->waiting != 3)) {
		snprintf(s->err, sizeof s->err, "%zu bookings, %zu releases", m->new_bookings,
		         m->releases);
		rc = -1;
	}
parsed:
	roster_result_free(&r);
out:
	free(m);
	return rc;
}

/* Naloxone stock at the first facility: 4 kits expiring within 60 days
 * of the pinned clock and 3 that are not, 7 in all, below the default
 * low-stock mark of 10. */
static int
stock(struct session *s)
{
	struct stock_receipt r = {.facility_id = 1, .formulation = "nasal_4mg", .quantity = 4,
	                          .lot = "NX-0930", .expiry = "2026-10",
	                          .source = "State naloxone program"};

	if (stock_receive(s, &r, NULL) != 0)
		return -1;
	r = (struct stock_receipt){.facility_id = 1, .formulation = "nasal_8mg", .quantity = 3,
	                           .lot = "NX-1188", .expiry = "2027-06",
	                           .source = "State naloxone program"};
	return stock_receive(s, &r, NULL);
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

	if (argc < 3 || argc > 4 ||
	    (argc == 4 && strcmp(argv[3], "disclosures") != 0 && strcmp(argv[3], "overdue") != 0 &&
	     strcmp(argv[3], "notes") != 0 && strcmp(argv[3], "roster") != 0 &&
	     strcmp(argv[3], "roster-zone") != 0 && strcmp(argv[3], "review") != 0 && strcmp(argv[3], "stock") != 0) ||
	    !fgets(pass, sizeof pass, stdin))
		return die("usage", "tui_fixture FILE USER [disclosures|overdue|notes|roster|"
		           "roster-zone|review|stock] < passphrase");
	pass[strcspn(pass, "\n")] = 0;
	if (sodium_init() < 0 || db_init() != 0 ||
	    db_open(argv[1], argv[2], pass, NULL, &d, err, sizeof err) != 0)
		return die("open", err);
	memset(&s, 0, sizeof s);
	if (getenv("PASSAGE_TEST_NOW"))
		s.fixed_now = strtoll(getenv("PASSAGE_TEST_NOW"), NULL, 10);
	if (login_as(&s, d, argv[2]) != 0)
		return die("login", s.err);
	if (argc == 4) {
		if ((strcmp(argv[3], "overdue") == 0 ? overdue(&s) :
		     strcmp(argv[3], "notes") == 0 ? notes(&s, d) :
		     strcmp(argv[3], "roster") == 0 ? roster(&s, d, "UTC") :
		     strcmp(argv[3], "roster-zone") == 0 ?
		         (db_exec(d, "INSERT OR REPLACE INTO setting (key, value) VALUES "
		                     "('site.time_zone', 'America/Los_Angeles')") != 0 ?
		              session_fail(&s, "%s", db_errmsg(d)) :
		              roster(&s, d, "America/New_York")) :
		     strcmp(argv[3], "review") == 0 ? review_rows(&s, d) :
		     strcmp(argv[3], "stock") == 0 ? stock(&s) : disclosures(&s)) != 0)
			return die(argv[3], s.err);
		db_close(d);
		return 0;
	}

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
	if (db_begin_write(d) != 0 || search_index_person(&s, p.id) != 0 || db_commit(d) != 0)
		return die("index", s.err[0] ? s.err : db_errmsg(d));
	if (old_glass(&s) != 0)
		return die("break-the-glass", s.err);
	db_close(d);
	return 0;
}
