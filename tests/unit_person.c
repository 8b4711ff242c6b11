/* SPDX-License-Identifier: ISC */
/*
 * unit_person.c - the person record and search, on a real vault file.
 *
 * Users are put in the user table directly (the user module is not what
 * is tested here); everything else goes through person.c, search.c and
 * access.c as the program would.  Each refusal must say why in words and
 * leave the records and the audit log exactly as they were.
 */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "glass.h"
#include "login.h"
#include "person.h"
#include "search.h"
#include "search_index.h"
#include "stay.h"
#include "tap.h"
#include "util.h"

/* 2024-05-01 09:00 UTC */
#define T0 1714554000LL

static db *d;
static int64_t hana, cal, cora, sam, adam, ina;

static int64_t
user_id(const char *name)
{
	sqlite3_stmt *st;
	int64_t id = -1;

	if (sqlite3_prepare_v2(db_sql(d), "SELECT id FROM user WHERE name = ?1", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static void
setup_users(void)
{
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('hana', 'Hana Health', 'health', 1, 1),"
	           "('cal', 'Cal Caseworker', 'caseworker', 1, 1),"
	           "('cora', 'Cora Caseworker', 'caseworker', 1, 1),"
	           "('sam', 'Sam Supervisor', 'supervisor', 1, 1),"
	           "('adam', 'Adam Admin', 'admin', 1, 1),"
	           "('ina', 'Ina Inactive', 'caseworker', 0, 1)");
	hana = user_id("hana"), cal = user_id("cal"), cora = user_id("cora");
	sam = user_id("sam"), adam = user_id("adam"), ina = user_id("ina");
}

static void
as(struct session *s, const char *name, int64_t now)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = now;
	if (login_as(s, d, name) != 0)
		tap_bail("session for %s: %s", name, s->err);
}

static long long
count(const char *sql)
{
	return tu_int(d, sql);
}

/* Audit rows with this action on this person. */
static long long
audits(const char *action, int64_t person)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db_sql(d), "SELECT count(*) FROM audit WHERE action = ?1 AND "
	                       "person_id = ?2", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 2, person) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t
mk(struct session *s, const char *code, const char *legal, const char *preferred)
{
	struct person p = {0};

	p.participant_code = code;
	p.legal_name = legal;
	p.preferred_name = preferred;
	if (person_create(s, &p) != 0)
		tap_bail("create %s: %s", code, s->err);
	return p.id;
}

/* ---------------------------------------------------------------- create */

static int64_t
test_create(void)
{
	struct session s;
	struct person p = {0};
	long long audit_rows;

	as(&s, "cal", T0);
	p.participant_code = "PX-0042";
	p.legal_name = "José Nguyễn";
	p.preferred_name = "Joe";
	p.pronouns = "he/him";
	p.birth_date = "1988-02-29";
	p.contact_way = "text";
	p.goals = "Stay at my sister's place.\nGet my ID back.";
	ok(person_create(&s, &p) == 0, "a caseworker creates a person");
	ok(p.id > 0, "  the record has an id");
	is_int(p.version, 1, "  at version 1");
	is_int(p.caseworker_id, cal, "  and the caseworker who made it is theirs");
	is_str(p.status, "open", "  open");
	is_int(p.created_at, T0, "  created now");
	is_int(audits("create", p.id), 1, "  the creation is audited");
	is_int(count("SELECT count(*) FROM person_search"), 1, "  and indexed for search");

	struct person q = {0};
	as(&s, "hana", T0);
	q.participant_code = "PX-0043";
	ok(person_create(&s, &q) == 0, "health staff create a person with only a code");
	is_int(q.caseworker_id, 0, "  who has no caseworker yet");
	is_int(count("SELECT count(*) FROM person WHERE caseworker_id IS NULL"), 1,
	       "  stored as nobody");

	as(&s, "sam", T0);
	q = (struct person){.participant_code = "PX-0044", .caseworker_id = cora};
	ok(person_create(&s, &q) == 0, "a supervisor creates a person for another caseworker");
	is_int(count("SELECT caseworker_id FROM person WHERE participant_code = 'PX-0044'"), cora,
	       "  who is theirs");

	audit_rows = count("SELECT count(*) FROM audit");
	as(&s, "adam", T0);
	q = (struct person){.participant_code = "PX-0045"};
	ok(person_create(&s, &q) != 0, "an admin cannot create a person");
	is_str(s.err, "admins do not see case records", "  and is told why");
	is_int(q.id, 0, "  no id is handed back");

	as(&s, "sam", T0);
	q = (struct person){.participant_code = "px-0042"};
	ok(person_create(&s, &q) != 0, "a participant code in use is refused, whatever its case");
	is_str(s.err, "participant code px-0042 is already in use", "  and says so");
	q = (struct person){.participant_code = "PX-0046", .caseworker_id = hana};
	ok(person_create(&s, &q) != 0, "the caseworker must carry a caseload");
	has_str(s.err, "Hana Health is not a caseworker or supervisor", "  and says who is not");
	q.caseworker_id = ina;
	ok(person_create(&s, &q) != 0, "the caseworker must be active");
	has_str(s.err, "Ina Inactive is not active", "  and says so");
	q.caseworker_id = 9999;
	ok(person_create(&s, &q) != 0, "the caseworker must exist");
	has_str(s.err, "no such user", "  and says so");
	is_int(count("SELECT count(*) FROM audit") - audit_rows, 2,
	       "refused creations write nothing to the audit log but the two logins");
	is_int(count("SELECT count(*) FROM person"), 3, "and add no person");
	return p.id;
}

/* ---------------------------------------------------------------- input */

static void
refused(struct session *s, struct person *p, const char *says, const char *what)
{
	long long people = count("SELECT count(*) FROM person");
	long long rows = count("SELECT count(*) FROM audit");

	ok(person_create(s, p) != 0, "%s is refused", what);
	has_str(s->err, says, "  with a clear message");
	ok(count("SELECT count(*) FROM person") == people &&
	   count("SELECT count(*) FROM audit") == rows, "  and nothing is written");
}

static void
test_bad_input(void)
{
	struct session s;
	struct person p;
	size_t big = 10u << 20;
	char *huge = malloc(big + 1);
	char code33[34];

	if (!huge)
		tap_bail("out of memory");
	memset(huge, 'a', big);
	huge[big] = 0;
	memset(code33, 'C', 33);
	code33[33] = 0;
	as(&s, "cal", T0);
#define TRY(field, value, says, what)                                                     \
	do {                                                                               \
		p = (struct person){.participant_code = "PX-0100"};                        \
		p.field = value;                                                           \
		refused(&s, &p, says, what);                                              \
	} while (0)
	TRY(contact_way, "carrier pigeon", "best way to reach them: 'carrier pigeon' is not "
	    "one of the choices", "an unknown way to reach someone");
	TRY(legal_name, huge, "legal name: too long (at most 200", "a 10 MB name");
	TRY(legal_name, "Jos\xc3", "legal name: contains bytes that are not text",
	    "a name that is not valid UTF-8");
	TRY(preferred_name, "Ann\x07", "preferred name: contains a control character",
	    "a control character in a name");
	TRY(preferred_name, "Ann\x1b[2J", "preferred name: contains a control character",
	    "ESC [ 2 J in a name");
	TRY(preferred_name, "Ann\xc2\x9b" "2J", "preferred name: contains a control character",
	    "a C1 escape in a name");
	TRY(legal_name, "Ann\nLee", "legal name: contains a control character",
	    "a line break in a name");
	TRY(birth_date, "1990-02-30", "birth date: '1990-02-30' is not a date", "a bad date");
	TRY(birth_date, "30/01/1990", "is not a date", "a date in another format");
	TRY(birth_date, "2031-01-01", "birth date: 2031-01-01 is after today",
	    "a birth date after today");
	TRY(participant_code, NULL, "participant code: this is required", "a missing code");
	TRY(participant_code, "", "participant code: this is required", "an empty code");
	TRY(participant_code, code33, "participant code: too long (at most 32",
	    "a 33-character code");
	TRY(participant_code, " PX-7", "no spaces at the start or the end",
	    "a code starting with a space");
	TRY(goals, huge + big - 4001, "goals: too long (at most 4000", "goals of 4001 characters");
	TRY(phone, "555\t0100", "phone: contains a control character", "a tab in a phone");
#undef TRY
	p = (struct person){.participant_code = "PX-0100", .goals = "One: housing.\n\tTwo: work."};
	ok(person_create(&s, &p) == 0, "goals may span lines and use tabs");
	free(huge);
}

/* ---------------------------------------------------------------- view */

struct glass_args {
	int64_t id;
	const char *reason;
};

static int
do_glass(struct session *s, void *arg)
{
	struct glass_args *g = arg;

	return glass_break(s, g->id, g->reason, NULL);
}

/* Break-the-glass, in its own write transaction as the screen would. */
static int
glass(struct session *s, int64_t id, const char *reason)
{
	struct glass_args g = {id, reason};

	return session_write(s, do_glass, &g);
}

/* Whoever adds a person goes on with them without break-the-glass, for
 * ACCESS_CREATOR_DAYS and until someone is their caseworker: health staff
 * at intake, before a stay is booked. */
static void
test_creator(void)
{
	struct session s;
	struct person p = {0}, got;
	const int64_t days = (int64_t)ACCESS_CREATOR_DAYS * 86400;

	as(&s, "hana", T0);
	p.participant_code = "NEW-1";
	ok(person_create(&s, &p) == 0, "health staff add a person with no stay: %s", s.err);
	is_int(count("SELECT created_by FROM person WHERE participant_code = 'NEW-1'"), hana,
	       "  the record says who added them");
	ok(person_get(&s, p.id, &got) == 0, "  and open them at once: %s", s.err);
	person_free(&got);
	s.fixed_now = T0 + days - 1;
	ok(person_get(&s, p.id, &got) == 0, "  still, just before %d days pass",
	   ACCESS_CREATOR_DAYS);
	person_free(&got);
	s.fixed_now = T0 + days;
	ok(person_get(&s, p.id, &got) != 0, "  but not once they pass, with no stay booked");
	has_str(s.err, "needs break-the-glass", "  when break-the-glass is the way in");
	as(&s, "cora", T0);
	ok(person_get(&s, p.id, &got) != 0, "someone who did not add them cannot open them");
	tu_exec(d, "UPDATE person SET caseworker_id = (SELECT id FROM user WHERE name = 'cora') "
	           "WHERE participant_code = 'NEW-1'");
	as(&s, "hana", T0);
	ok(person_get(&s, p.id, &got) != 0, "once a caseworker takes them on, the adder's way in "
	   "ends");

	as(&s, "cal", T0);
	struct person q = {.participant_code = "NEW-2", .caseworker_id = cora};
	ok(person_create(&s, &q) == 0, "a caseworker adds a person for a colleague: %s", s.err);
	ok(person_get(&s, q.id, &got) != 0, "  who is the colleague's, not theirs");
}

static void
test_view(int64_t joe)
{
	struct session s;
	struct person p;
	long long rows;

	as(&s, "cal", T0);
	ok(person_get(&s, joe, &p) == 0, "a caseworker opens a person on their caseload");
	is_str(p.participant_code, "PX-0042", "  code");
	is_str(p.legal_name, "José Nguyễn", "  legal name, accents intact");
	is_str(p.goals, "Stay at my sister's place.\nGet my ID back.", "  goals in their words");
	ok(p.phone == NULL, "  a field not given is NULL");
	is_int(p.version, 1, "  version");
	is_int(audits("view", joe), 1, "  the view is audited");
	person_free(&p);

	rows = count("SELECT count(*) FROM audit");
	as(&s, "cora", T0);
	ok(person_get(&s, joe, &p) != 0, "another caseworker cannot open them");
	has_str(s.err, "needs break-the-glass", "  and is told break-the-glass would");
	ok(p.participant_code == NULL && p.store == NULL, "  and gets nothing");
	ok(glass(&s, joe, "") != 0, "break-the-glass without a reason is refused");
	has_str(s.err, "needs a reason", "  and says so");
	ok(glass(&s, joe, "Covering for Cal: Joe called about a missed dose") == 0,
	   "break-the-glass with a reason");
	is_int(audits("break_glass", joe), 1, "  is audited");
	ok(person_get(&s, joe, &p) == 0, "  and then the record opens");
	person_free(&p);
	s.fixed_now = T0 + 3 * 3600 - 1;
	ok(person_get(&s, joe, &p) == 0, "  still open just before the set hours pass");
	person_free(&p);
	s.fixed_now = T0 + 3 * 3600;
	ok(person_get(&s, joe, &p) != 0, "  and closed again once they pass");
	has_str(s.err, "needs break-the-glass", "  with the same message");
	is_int(count("SELECT count(*) FROM audit") - rows, 4,
	       "audit: login, break-the-glass and two views; refusals add nothing");

	as(&s, "adam", T0);
	ok(person_get(&s, joe, &p) != 0, "an admin cannot open a person");
	as(&s, "hana", T0);
	ok(person_get(&s, joe, &p) != 0, "health staff cannot open someone not in custody");
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (1, 'County Jail')");
	tu_exec(d, "INSERT INTO stay (id, person_id, facility_id, booking_number, booked_at, "
	           "created_at, updated_at, updated_by) SELECT 1, p.id, 1, 'BK-2024-1234', "
	           "1714000000, 1714000000, 1714000000, u.id FROM person p, user u "
	           "WHERE p.participant_code = 'PX-0042' AND u.name = 'hana'");
	ok(person_get(&s, joe, &p) == 0, "health staff open someone with an open stay");
	person_free(&p);
	as(&s, "sam", T0);
	ok(person_get(&s, joe, &p) == 0, "a supervisor opens anyone");
	person_free(&p);
	ok(person_get(&s, 424242, &p) != 0, "a person who does not exist");
	is_str(s.err, "no such person", "  is named as such");
}

/* ---------------------------------------------------------------- update */

static void
test_update(int64_t joe)
{
	struct session cs, ss;
	struct person mine, theirs;
	long long rows;

	as(&cs, "cal", T0 + 600);
	as(&ss, "sam", T0 + 1800);
	if (person_get(&cs, joe, &mine) != 0 || person_get(&ss, joe, &theirs) != 0)
		tap_bail("open for update: %s %s", cs.err, ss.err);
	theirs.phone = "555-0100";
	ok(person_update(&ss, &theirs) == 0, "a supervisor saves a new phone number");
	is_int(count("SELECT version FROM person WHERE participant_code = 'PX-0042'"), 2,
	       "  the version goes up");
	is_int(count("SELECT updated_at FROM person WHERE participant_code = 'PX-0042'"),
	       T0 + 1800, "  updated now");
	is_int(count("SELECT last_activity_at FROM person WHERE participant_code = 'PX-0042'"),
	       T0 + 1800, "  which counts as activity");
	is_int(count("SELECT count(*) FROM audit WHERE action = 'update' AND "
	             "detail = 'changed: phone'"), 1, "  audited with the field's name only");

	rows = count("SELECT count(*) FROM audit");
	mine.phone = "555-0199";
	mine.goals = "Find work.";
	ok(person_update(&cs, &mine) != 0, "a save over a version someone else changed is refused");
	has_str(cs.err, "changed by Sam Supervisor at 2024-05-01 09:30 since you opened it",
	        "  naming who changed it and when");
	is_int(count("SELECT count(*) FROM person WHERE participant_code = 'PX-0042' AND "
	             "phone = '555-0100' AND version = 2 AND goals LIKE 'Stay%'"), 1,
	       "  and the record is as the supervisor left it");
	is_int(count("SELECT count(*) FROM audit"), rows, "  with nothing audited");
	person_free(&mine);

	if (person_get(&cs, joe, &mine) != 0)
		tap_bail("reopen: %s", cs.err);
	mine.goals = "Find work.";
	mine.preferred_name = "Pepe";
	ok(person_update(&cs, &mine) == 0, "reopened, the caseworker's change saves");
	is_int(count("SELECT count(*) FROM person WHERE goals = 'Find work.' AND phone = "
	             "'555-0100' AND version = 3"), 1, "  keeping the supervisor's phone");
	is_int(count("SELECT count(*) FROM person_search WHERE person_search MATCH 'pepe'"), 1,
	       "  and the new name is searchable");
	is_int(count("SELECT count(*) FROM person_search WHERE person_search MATCH 'joe'"), 0,
	       "  the old one no longer");
	ok(person_update(&cs, &mine) != 0, "the same version cannot be saved twice");
	has_str(cs.err, "changed by Cal Caseworker at 2024-05-01 09:10", "  it was changed since");

	mine.version = 3;
	mine.email = "joe\x1b]0;owned\x07@example.org";
	ok(person_update(&cs, &mine) != 0, "an update with a control character is refused");
	has_str(cs.err, "email: contains a control character", "  and says which field");
	mine.email = NULL;
	mine.caseworker_id = cora;
	ok(person_update(&cs, &mine) != 0, "an update cannot move the person to someone else");
	has_str(cs.err, "a supervisor changes it with reassign", "  and says how it is done");
	mine.caseworker_id = cal;
	mine.status = "closed";
	ok(person_update(&cs, &mine) != 0, "an update cannot close the record");
	mine.status = "open";
	mine.participant_code = "PX-0043";
	ok(person_update(&cs, &mine) != 0, "an update cannot take another person's code");
	is_str(cs.err, "participant code PX-0043 is already in use", "  and says so");
	is_int(count("SELECT version FROM person WHERE participant_code = 'PX-0042'"), 3,
	       "refused updates leave the version alone");
	person_free(&mine);
	person_free(&theirs);

	as(&cs, "cora", T0 + 4 * 3600);
	theirs = (struct person){.id = joe, .participant_code = "PX-0042", .version = 3,
	                         .caseworker_id = cal};
	ok(person_update(&cs, &theirs) != 0, "another caseworker cannot change the record");
	has_str(cs.err, "needs break-the-glass", "  without break-the-glass");
}

/* ---------------------------------------------------------------- close */

static void
test_close_reassign(int64_t joe)
{
	struct session s;
	int64_t id;

	as(&s, "cal", T0 + 7200);
	id = mk(&s, "PX-0200", "Dee Moved", NULL);
	ok(person_close(&s, id, 1, "lost_touch", NULL) != 0, "an unknown closure reason");
	has_str(s.err, "closure reason: 'lost_touch' is not one of the choices", "  is refused");
	ok(person_close(&s, id, 1, NULL, NULL) != 0, "a closure needs a reason");
	ok(person_close(&s, id, 2, "moved", NULL) != 0, "a closure at the wrong version");
	has_str(s.err, "since you opened it", "  is a conflict");
	ok(person_close(&s, id, 1, "declined_contact", "Said no thank you; knows how to reach us.")
	   == 0, "declined further contact closes the record");
	is_int(count("SELECT count(*) FROM person WHERE participant_code = 'PX-0200' AND status = "
	             "'closed' AND closure_reason = 'declined_contact' AND version = 2"), 1,
	       "  closed, with the reason, at version 2");
	is_int(audits("close", id), 1, "  audited");
	ok(person_close(&s, id, 2, "moved", NULL) != 0, "a closed record cannot be closed again");
	has_str(s.err, "this case is already closed", "  and says so");

	ok(person_reassign(&s, joe, 3, cora) != 0, "a caseworker cannot reassign");
	is_str(s.err, "only a supervisor can reassign a person", "  and is told who can");
	as(&s, "sam", T0 + 7200);
	ok(person_reassign(&s, joe, 3, hana) != 0, "reassigning to health staff is refused");
	ok(person_reassign(&s, joe, 2, cora) != 0, "reassigning an old version is refused");
	has_str(s.err, "changed by Cal Caseworker", "  as a conflict");
	ok(person_reassign(&s, joe, 3, cora) == 0, "a supervisor reassigns");
	is_int(count("SELECT caseworker_id FROM person WHERE participant_code = 'PX-0042'"), cora,
	       "  to the new caseworker");
	is_int(audits("reassign", joe), 1, "  audited");
}

/* ---------------------------------------------------------------- search */

static struct search_hit hits[64];
static int nhits;

/* The participant codes found, in order, space-separated. */
static const char *
found(struct session *s, const char *typed, int offset, int limit)
{
	static char out[1024];
	size_t at = 0;

	out[0] = 0;
	if (search_people(s, typed, offset, limit, hits, &nhits) != 0) {
		snprintf(out, sizeof out, "error: %s", s->err);
		return out;
	}
	for (int i = 0; i < nhits && at < sizeof out; i++)
		at += (size_t)snprintf(out + at, sizeof out - at, "%s%s", i ? " " : "",
		                       hits[i].participant_code);
	return out;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The same codes in alphabetical order, where the ranking is not what is
 * being tested. */
static const char *
sorted(const char *codes)
{
	static char out[1024];
	char copy[1024], *words[64], *save = NULL;
	int n = 0;
	size_t at = 0;

	snprintf(copy, sizeof copy, "%s", codes);
	for (char *w = strtok_r(copy, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	qsort(words, (size_t)n, sizeof words[0], cmp_str);
	out[0] = 0;
	for (int i = 0; i < n; i++)
		at += (size_t)snprintf(out + at, sizeof out - at, "%s%s", i ? " " : "", words[i]);
	return out;
}

/* Pages of two, and pages starting mid-list, put together are the whole
 * list in the same order. */
static void
test_paging(struct session *s, const char *typed)
{
	char all[1024], pages[1024] = "", odd[1024] = "";
	size_t at = 0;

	snprintf(all, sizeof all, "%s", found(s, typed, 0, 20));
	for (int off = 0; off < 20; off += 2) {
		const char *page = found(s, typed, off, 2);
		if (!*page)
			break;
		at += (size_t)snprintf(pages + at, sizeof pages - at, "%s%s", at ? " " : "", page);
	}
	if (!ok(strcmp(pages, all) == 0, "\"%s\" in pages of two is the whole list", typed))
		tap_diag("  got '%s', want '%s'", pages, all);
	snprintf(odd, sizeof odd, "%s", found(s, typed, 1, 3));
	ok(strlen(all) > strlen(odd) && strstr(all, odd) == strchr(all, ' ') + 1,
	   "  a page from the second hit on continues it (\"%s\")", odd);
	is_str(found(s, typed, 20, 2), "", "  and past the end there is nothing");
}

static int
do_index(struct session *s, void *arg)
{
	return search_index_person(s, *(int64_t *)arg);
}

static void
search_people_in(struct session *s)
{
	int64_t joe_id = count("SELECT id FROM person WHERE participant_code = 'PX-0042'");

	mk(s, "MX-1", "Maria Lopez", NULL);
	mk(s, "MX-2", "Mariana Cruz", "Ana");
	mk(s, "MX-3", "Marisol Díaz", NULL);
	mk(s, "MX-4", "Mark Young", NULL);
	mk(s, "MX-5", "Zoë Müller", "Zoe");
	mk(s, "MX-6", "Jose Ramirez", NULL);
	mk(s, "MAR", "Zed Quiet", NULL);
	mk(s, "MX-7", "Maria Lopez de la Cruz Fernández", NULL);
	/* A booking number arrives through stay.c, which re-indexes. */
	if (session_write(s, do_index, &joe_id) != 0)
		tap_bail("index: %s", s->err);
}

static void
test_search(void)
{
	struct session s;

	as(&s, "sam", T0 + 9000);
	search_people_in(&s);
	is_str(sorted(found(&s, "ma", 0, 20)), "MAR MX-1 MX-2 MX-3 MX-4 MX-7",
	       "\"ma\" finds every name and code with a word starting ma");
	is_str(found(&s, "mar", 0, 1), "MAR", "\"mar\": the exact code MAR comes first");
	ok(hits[0].exact, "  marked as the exact match");
	is_str(sorted(found(&s, "mar", 1, 20)), "MX-1 MX-2 MX-3 MX-4 MX-7", "  then the names");
	is_str(sorted(found(&s, "mari", 0, 20)), "MX-1 MX-2 MX-3 MX-7", "\"mari\" leaves Mark out");
	is_str(sorted(found(&s, "maria", 0, 20)), "MX-1 MX-2 MX-7", "\"maria\" finds Mariana too");
	is_str(found(&s, "maria lo", 0, 20), "MX-1 MX-7", "\"maria lo\": every word must match, "
	       "the shorter name ranks first");
	is_str(found(&s, "lopez", 0, 20), "MX-1 MX-7", "bm25 ranks above the newer record");
	is_str(found(&s, "  MARIA   LOPEZ ", 0, 20), "MX-1 MX-7", "case and spaces do not matter");

	is_str(found(&s, "jose", 0, 20), "MX-6 PX-0042", "\"jose\" finds José and Jose");
	is_str(found(&s, "JOSÉ", 0, 20), "MX-6 PX-0042", "\"JOSÉ\" finds both too");
	is_str(found(&s, "nguyen", 0, 20), "PX-0042", "\"nguyen\" finds Nguyễn");
	is_str(found(&s, "Nguyễn", 0, 20), "PX-0042", "\"Nguyễn\" finds Nguyễn");
	is_str(found(&s, "zoe mull", 0, 20), "MX-5", "\"zoe mull\" finds Zoë Müller");
	is_str(found(&s, "díaz", 0, 20), "MX-3", "\"díaz\" finds Díaz");
	is_str(found(&s, "pepe", 0, 20), "PX-0042", "the preferred name is searched");

	is_str(found(&s, "PX-0042", 0, 20), "PX-0042", "a participant code typed in full");
	ok(nhits == 1 && hits[0].exact, "  is the exact match");
	is_str(found(&s, "px-004", 0, 20), "PX-0044 PX-0043 PX-0042", "part of a code");
	is_str(found(&s, "bk-2024-12", 0, 20), "PX-0042", "part of a booking number");
	is_str(found(&s, "BK-2024-1234", 0, 20), "PX-0042", "a whole booking number");
	ok(nhits == 1 && !hits[0].exact, "  is not a participant code");
	is_str(hits[0].legal_name, "José Nguyễn", "a hit carries the legal name");
	is_str(hits[0].preferred_name, "Pepe", "  the preferred name");
	is_str(hits[0].caseworker, "Cora Caseworker", "  the caseworker");
	is_str(hits[0].status, "open", "  and the status");

	test_paging(&s, "mar");
	test_paging(&s, "m");
	is_str(found(&s, "", 0, 20), "", "nothing typed finds nobody");
	is_str(found(&s, " -- ", 0, 20), "", "punctuation alone finds nobody");
	is_str(found(&s, "maria\" OR \"zed", 0, 20), "", "a quote cannot end the word early");
	is_str(found(&s, "maria OR zed", 0, 20), "", "FTS5 syntax is only text: OR is a word");
	is_str(found(&s, "NEAR(maria lopez)", 0, 20), "", "  NEAR( is not a function");
	is_str(found(&s, "* ^maria :lopez", 0, 20), "MX-1 MX-7", "  so are * ^ and :");
	is_str(found(&s, "maria AND", 0, 20), "", "  and AND is a word like any other");
	has_str(found(&s, "jos\xc3", 0, 20), "search: contains bytes that are not text",
	        "a search that is not text is refused");
}

static void
test_search_roles(void)
{
	struct session s;
	int mine = 0, others = 0, wrong = 0;

	as(&s, "cal", T0 + 9000);
	found(&s, "m", 0, 20);
	for (int i = 0; i < nhits; i++) {
		mine += hits[i].may_open;
		others += !hits[i].may_open;
		wrong += hits[i].may_open != !strcmp(hits[i].caseworker, "Cal Caseworker");
	}
	ok(nhits == 9 && mine > 0 && others > 0 && wrong == 0,
	   "a caseworker finds everyone, and may open only their own (%d, %d)", mine, others);
	/* Joe is Cora's now. */
	found(&s, "nguyen", 0, 20);
	ok(nhits == 1 && !hits[0].may_open, "Cal finds Joe, who is no longer theirs, closed to them");
	ok(glass(&s, hits[0].person_id, "Joe asked for Cal by name") == 0 &&
	   found(&s, "nguyen", 0, 20) && nhits == 1 && hits[0].may_open,
	   "  after break-the-glass the hit opens");
	s.fixed_now = T0 + 9000 + 3 * 3600;
	found(&s, "nguyen", 0, 20);
	ok(nhits == 1 && !hits[0].may_open, "  and once the set hours pass, no longer");
	as(&s, "sam", T0 + 9000);
	found(&s, "m", 0, 20);
	mine = 0;
	for (int i = 0; i < nhits; i++)
		mine += hits[i].may_open;
	is_int(mine, nhits, "a supervisor may open every hit");
	as(&s, "adam", T0 + 9000);
	is_str(found(&s, "m", 0, 20), "error: admins do not see case records",
	       "an admin finds nobody, and is told why");
	is_int(nhits, 0, "  with no hits at all");
}

/* Past SEARCH_RANK_MAX matches the list is newest first. */
static void
test_search_many(void)
{
	struct session s;
	char want[64];

	tu_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100) "
	           "INSERT INTO person (id, participant_code, legal_name, last_activity_at, "
	           "created_at, updated_at, updated_by) SELECT 100000 + i, printf('Q%04d', i), "
	           "'Quinn Many', 1, 1, 1, (SELECT id FROM user WHERE name = 'sam') FROM n");
	tu_exec(d, "INSERT INTO person_search (rowid, names, codes) SELECT id, legal_name, "
	           "participant_code FROM person WHERE id > 100000");
	as(&s, "sam", T0 + 9000);
	is_str(found(&s, "quinn", 0, 3), "Q2100 Q2099 Q2098",
	       "more matches than can be ranked: newest first");
	is_str(found(&s, "quinn", 3, 2), "Q2097 Q2096", "  and paged");
	snprintf(want, sizeof want, "Q%04d", 2100 - 9);
	is_str(found(&s, "q", 9, 1), want, "  even by one letter");
	is_str(found(&s, "Q0007", 0, 2), "Q0007", "an exact code among them comes first");
}

/* ---------------------------------------------------------------- audit */

static void
test_audit_chain(void)
{
	char err[200];
	int64_t rows, bad;
	long long seq;

	int rc = audit_verify(d, &rows, &bad, err, sizeof err);
	ok(rc == 0 && rows == count("SELECT count(*) FROM audit"), "the audit chain verifies "
	   "(%lld rows)", (long long)rows);
	ok(db_exec(d, "UPDATE audit SET detail = 'x' WHERE seq = 3") != 0,
	   "the audit log refuses an UPDATE");
	seq = count("SELECT min(seq) FROM audit WHERE action = 'view'");
	tu_exec(d, "DROP TRIGGER audit_no_update");
	tu_exec(d, "UPDATE audit SET detail = 'nothing to see' WHERE seq = (SELECT min(seq) FROM "
	           "audit WHERE action = 'view')");
	ok(audit_verify(d, &rows, &bad, err, sizeof err) != 0, "with the trigger dropped, a "
	   "changed row breaks the chain");
	is_int(bad, seq, "  at the row that was changed");
	char want[80];
	snprintf(want, sizeof want, "audit row %lld does not match its chain", seq);
	has_str(err, want, "  and names it");
}

/* Lengths count characters, as the schema does, not bytes: 200 accented
 * letters fit a 200-character name. */
static void
test_length_in_characters(void)
{
	struct session s;
	char name[2 * 201 + 1] = "";
	struct person p = {0};

	for (int i = 0; i < 200; i++)
		strcat(name, "\xc3\xa9");
	as(&s, "sam", T0 + 200000);
	p.participant_code = "LEN-1";
	p.legal_name = name;
	ok(person_create(&s, &p) == 0, "a name of 200 accented letters is accepted: %s", s.err);
	strcat(name, "\xc3\xa9");
	memset(&p, 0, sizeof p);
	p.participant_code = "LEN-2";
	p.legal_name = name;
	ok(person_create(&s, &p) != 0, "201 are refused");
	has_str(s.err, "at most 200 characters", "  in characters");
}

/* Closing a record reaches the follow-up clocks: declined further contact
 * closes them as declined, a return to custody cancels them. */
static void
test_close_reaches_tasks(void)
{
	static const struct {
		const char *reason, *status;
	} cases[] = {{"declined_contact", "declined"}, {"reincarcerated", "cancelled"}};
	struct session s;

	for (int i = 0; i < 2; i++) {
		char code[16], sql[160];
		struct stay_booking b = {0};
		int64_t stay, id;
		snprintf(code, sizeof code, "CLOSE-%d", i);
		as(&s, "sam", T0 + 100000);
		id = mk(&s, code, "Ana Close", NULL);
		b.person_id = id;
		b.facility_id = 1;
		b.booked_at = T0;
		if (stay_book(&s, &b, &stay) != 0 ||
		    stay_record_release(&s, stay, T0 + 50000, "court", 0) != 0)
			tap_bail("%s", s.err);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE person_id = %lld AND "
		         "status = 'open'", (long long)id);
		ok(count(sql) == 5, "a release makes five open tasks");
		ok(person_close(&s, id, 1, cases[i].reason, NULL) == 0, "close as %s: %s",
		   cases[i].reason, s.err);
		ok(count(sql) == 0, "  no task stays open");
		snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE person_id = %lld AND "
		         "status = '%s'", (long long)id, cases[i].status);
		is_int(count(sql), 5, cases[i].status);
	}
}

int
main(void)
{
	const char *dir = tu_tmpdir();
	int64_t joe;

	d = tu_create(tu_path(dir, "person.db"));
	setup_users();
	joe = test_create();
	test_bad_input();
	test_view(joe);
	test_creator();
	test_update(joe);
	test_close_reassign(joe);
	test_search();
	test_search_roles();
	test_search_many();
	test_audit_chain();
	test_close_reaches_tasks();
	test_length_in_characters();
	db_close(d);
	return tap_done();
}
