/* SPDX-License-Identifier: ISC */
/*
 * unit_queue.c - the work queues: who is on each, in what order, with
 * which marks, through which filters, and by which plan.
 *
 * One small program on a real vault file, built through the model calls
 * where there are some (stays, releases, contacts) and plain SQL where the
 * module belongs to someone else (people, education, naloxone, referrals).
 * The clock is pinned at NOW.  Every statement a queue runs is caught with
 * a profile trace and must neither scan a table nor step a full scan.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "contact.h"
#include "login.h"
#include "queue.h"
#include "session.h"
#include "stay.h"
#include "tap.h"
#include "util.h"

#define H 3600
#define D 86400
#define NOW 1781524800 /* 2026-06-15 12:00 UTC */
#define MAXROWS 50

static db *d;

/* ---------------------------------------------------------------- helpers */

static void
as(struct session *s, const char *user)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = NOW;
	if (login_as(s, d, user) != 0)
		tap_bail("session %s: %s", user, s->err);
}

static void
sql(const char *text, int64_t a, int64_t b, int64_t c)
{
	sqlite3_stmt *st;
	int n;

	if (sqlite3_prepare_v2(db_sql(d), text, -1, &st, NULL) != SQLITE_OK)
		tap_bail("prepare %s: %s", text, sqlite3_errmsg(db_sql(d)));
	n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (n >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (n >= 3)
		sqlite3_bind_int64(st, 3, c);
	if (sqlite3_step(st) != SQLITE_DONE)
		tap_bail("%s: %s", text, sqlite3_errmsg(db_sql(d)));
	sqlite3_finalize(st);
}

static int64_t
person(const char *code, const char *legal, const char *preferred, int64_t caseworker)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db_sql(d), "INSERT INTO person (participant_code, legal_name, "
	                       "preferred_name, caseworker_id, last_activity_at, created_at, "
	                       "updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 1)", -1,
	                       &st, NULL) != SQLITE_OK)
		tap_bail("prepare person");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, legal, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, preferred, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, caseworker);
	sqlite3_bind_int64(st, 5, NOW - D);
	if (sqlite3_step(st) != SQLITE_DONE)
		tap_bail("insert person: %s", sqlite3_errmsg(db_sql(d)));
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_sql(d));
}

static int64_t
in_custody(struct session *s, int64_t p, int64_t facility, int64_t expected)
{
	struct stay_booking b = {p, facility, NULL, NOW - 3 * D, expected, "court_date"};
	int64_t id;

	if (stay_book(s, &b, &id) != 0)
		tap_bail("book: %s", s->err);
	return id;
}

static int64_t
released(struct session *s, int64_t p, int64_t facility, int64_t at)
{
	struct stay_booking b = {p, facility, NULL, at - 10 * D, 0, NULL};
	int64_t id;

	if (stay_book(s, &b, &id) != 0 || stay_record_release(s, id, at, "court", 0) != 0)
		tap_bail("release: %s", s->err);
	return id;
}

static void
reached(struct session *s, int64_t p, int64_t at)
{
	if (contact_record(s, p, at, "phone", "reached", NULL, NULL) != 0)
		tap_bail("contact: %s", s->err);
}

/* The queue's people, in order, as "code code code". */
static const char *
order(const struct queue_row *r, int n)
{
	static char buf[400];
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < n && len < sizeof buf - 40; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "", r[i].code);
	return buf;
}

static const struct queue_row *
row_of(const struct queue_row *r, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(r[i].code, code) == 0)
			return &r[i];
	tap_bail("%s is not on the queue", code);
}

/* ---------------------------------------------------------------- plans */

#define MAXSQL 16
static struct {
	char *sql[MAXSQL];
	int steps[MAXSQL]; /* full-scan steps of each statement */
	int n, fullscan;
} seen;

static int
profile(unsigned type, void *ctx, void *p, void *x)
{
	sqlite3_stmt *st = p;

	(void)ctx;
	(void)x;
	if (type != SQLITE_TRACE_PROFILE)
		return 0;
	if (seen.n < MAXSQL) {
		seen.steps[seen.n] = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
		seen.sql[seen.n++] = sqlite3_mprintf("%s", sqlite3_sql(st));
	}
	return 0;
}

/* Each statement's plan, one line per step; scans of a table (not of an
 * index range, not of a subquery's own rows) are collected in bad.  The
 * run-time count of full-scan steps must be 0 too, except in a statement
 * that walks its own small intermediate result (SQLite counts those). */
static int
plans_clean(char *bad, size_t n)
{
	int clean = 1;

	bad[0] = 0;
	seen.fullscan = 0;
	for (int i = 0; i < seen.n; i++) {
		int intermediate = 0;
		sqlite3_stmt *st;
		char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", seen.sql[i]);
		if (sqlite3_prepare_v2(db_sql(d), q, -1, &st, NULL) != SQLITE_OK)
			tap_bail("explain: %s", sqlite3_errmsg(db_sql(d)));
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);
			if (getenv("PASSAGE_SHOW_PLANS"))
				tap_diag("  plan: %s", detail);
			/* A queue may scan its own small intermediate result,
			 * never a table. */
			if (strcmp(detail, "SCAN mine_open") == 0 || strcmp(detail, "SCAN mine_due") == 0 ||
			    strcmp(detail, "SCAN recent") == 0) {
				intermediate = 1;
			} else if (strncmp(detail, "SCAN ", 5) == 0 &&
			           strncmp(detail, "SCAN (subquery", 14) != 0) {
				clean = 0;
				snprintf(bad + strlen(bad), n - strlen(bad), "[%s] ", detail);
			}
		}
		if (!intermediate)
			seen.fullscan += seen.steps[i];
		sqlite3_finalize(st);
		sqlite3_free(q);
		sqlite3_free(seen.sql[i]);
	}
	seen.n = 0;
	return clean;
}

/* Whether the statements seen walked a caseload person by person (the
 * caseload plans of the releasing, pre-release and checkout queues),
 * rather than the program's range.  Before check_plans, which lets them go. */
static int
walked_caseload(void)
{
	static const char walk[] = "FROM person p INDEXED BY person_caseworker CROSS JOIN stay";

	for (int i = 0; i < seen.n; i++)
		if (strstr(seen.sql[i], walk))
			return 1;
	return 0;
}

static void
watch(void)
{
	seen.n = 0;
	seen.fullscan = 0;
	sqlite3_trace_v2(db_sql(d), SQLITE_TRACE_PROFILE, profile, NULL);
}

static void
check_plans(const char *name)
{
	char bad[600];
	int ran = seen.n, clean;

	sqlite3_trace_v2(db_sql(d), 0, NULL, NULL);
	clean = plans_clean(bad, sizeof bad);
	ok(ran > 0 && clean && seen.fullscan == 0,
	   "%s: no table is scanned in full", name);
	if (bad[0] || seen.fullscan)
		tap_diag("  %s full-scan steps %d", bad, seen.fullscan);
}

/* ---------------------------------------------------------------- fixture */

static int64_t stay_g, stay_j, stay_k, stay_m, stay_n, stay_l;

static void
fixture(void)
{
	struct session s;
	int64_t p;

	as(&s, "sam");
	/* The 48-hour contacts. */
	released(&s, person("A", "Ana Legal", "Ana", 3), 1, NOW - 50 * H);
	released(&s, person("B", "Ben Legal", NULL, 5), 2, NOW - 47 * H);
	released(&s, person("C", NULL, NULL, 3), 1, NOW - 10 * H);
	p = person("E", "Eve", NULL, 3);
	released(&s, p, 1, NOW - 30 * H);
	reached(&s, p, NOW - 5 * H);
	released(&s, person("F", "Fay", NULL, 4), 1, NOW - 20 * H);
	/* Follow-ups: G's day 7 is a day late, H's window opened a day ago,
	 * I's day 30 is ten days late. */
	p = person("G", "Gil", NULL, 3);
	stay_g = released(&s, p, 1, NOW - 8 * D);
	reached(&s, p, NOW - 8 * D + H);
	p = person("H", "Hal", NULL, 5);
	released(&s, p, 2, NOW - 5 * D);
	reached(&s, p, NOW - 5 * D + H);
	/* I's record is older: last touched when they were booked. */
	p = person("I", "Ida", NULL, 3);
	sql("UPDATE person SET last_activity_at = ?2 WHERE id = ?1", p, NOW - 60 * D, 0);
	released(&s, p, 1, NOW - 40 * D);
	reached(&s, p, NOW - 40 * D + H);
	reached(&s, p, NOW - 33 * D);
	reached(&s, p, NOW - 26 * D);

	/* In custody, with readiness. */
	stay_j = in_custody(&s, person("J", "Jo", NULL, 3), 1, NOW + 10 * H);
	stay_k = in_custody(&s, person("K", "Kai", NULL, 5), 2, NOW + 40 * H);
	stay_l = in_custody(&s, person("L", "Lou", NULL, 3), 1, NOW + 60 * H);
	stay_m = in_custody(&s, person("M", "Mo", NULL, 3), 1, NOW - 5 * H);
	stay_n = in_custody(&s, person("N", "Nia", NULL, 3), 1, NOW + 3 * D);
	in_custody(&s, person("O", "Oz", NULL, 3), 1, NOW + 8 * D);
	sql("INSERT INTO provider (id, name, updated_at, updated_by) "
	    "VALUES (1, 'Harbor Clinic', 0, 1)", 0, 0, 0);
	sql("INSERT INTO education (person_id, stay_id, at, by_user, setting, topics, "
	    "updated_at, updated_by) SELECT person_id, id, ?2, 2, 'individual', 63, ?2, 2 "
	    "FROM stay WHERE id IN (?1, ?3)",
	    stay_j, NOW - D, stay_n);
	sql("INSERT INTO education (person_id, stay_id, at, by_user, declined, updated_at, "
	    "updated_by) SELECT person_id, id, ?2, 2, 1, ?2, 2 FROM stay WHERE id = ?1",
	    stay_k, NOW - D, 0);
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, formulation, quantity, "
	    "handover, updated_at, updated_by) SELECT person_id, id, ?2, 2, 'given', 'nasal_4mg', "
	    "2, 'in_hand', ?2, 2 FROM stay WHERE id = ?1", stay_j, NOW - D, 0);
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, formulation, quantity, "
	    "handover, updated_at, updated_by) SELECT person_id, id, ?2, 2, 'placed_in_property', "
	    "'nasal_4mg', 2, 'property_bag', ?2, 2 FROM stay WHERE id = ?1", stay_n, NOW - D, 0);
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, updated_at, "
	    "updated_by) SELECT person_id, id, ?2, 2, 'declined', ?2, 2 FROM stay WHERE id = ?1",
	    stay_k, NOW - D, 0);
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, updated_at, "
	    "updated_by) SELECT person_id, id, ?2, 2, 'offered', ?2, 2 FROM stay WHERE id = ?1",
	    stay_m, NOW - D, 0);

	/* Appointments. */
	sql("INSERT INTO referral (person_id, stay_id, type, provider_id, referred_at, "
	    "appointment_at, status, created_by, updated_at, updated_by) SELECT person_id, id, "
	    "'moud_buprenorphine', 1, ?2, ?3, 'scheduled', 3, ?2, 3 FROM stay WHERE id = ?1",
	    stay_j, NOW - D, NOW + 2 * D);
	sql("INSERT INTO referral (person_id, stay_id, type, referred_at, appointment_at, status, "
	    "created_by, updated_at, updated_by) SELECT person_id, id, 'housing', ?2, ?3, "
	    "'scheduled', 3, ?2, 3 FROM stay WHERE id = ?1", stay_n, NOW - D, NOW + 5 * D);
	p = person("P", "Pat", NULL, 3);
	sql("INSERT INTO referral (person_id, type, provider_id, referred_at, appointment_at, "
	    "status, created_by, updated_at, updated_by) VALUES (?1, 'moud_methadone', 1, ?2, ?3, "
	    "'scheduled', 3, ?2, 3)", p, NOW - 9 * D, NOW - D);
	p = person("Q", "Quinn", NULL, 3);
	sql("INSERT INTO referral (person_id, type, referred_at, appointment_at, status, created_by, "
	    "updated_at, updated_by) VALUES (?1, 'food', ?2, ?3, 'scheduled', 3, ?2, 3)", p, NOW - D,
	    NOW + 9 * D);
	p = person("R", "Rae", NULL, 3);
	sql("INSERT INTO referral (person_id, type, referred_at, appointment_at, status, outcome_at, "
	    "created_by, updated_at, updated_by) VALUES (?1, 'food', ?2, ?3, 'attended', ?3, 3, ?2, "
	    "3)", p, NOW - 5 * D, NOW - 2 * D);

	/* Stale cases. */
	sql("UPDATE person SET last_activity_at = ?2 WHERE id = ?1",
	    person("S1", "Sol", NULL, 3), NOW - 20 * D, 0);
	sql("UPDATE person SET last_activity_at = ?2 WHERE id = ?1",
	    person("S2", "Sky", NULL, 5), NOW - 15 * D, 0);
	sql("UPDATE person SET last_activity_at = ?2 WHERE id = ?1",
	    person("S3", "Sid", NULL, 3), NOW - 3 * D, 0);
	sql("UPDATE person SET last_activity_at = ?2, status = 'closed', closure_reason = 'goal_met' "
	    "WHERE id = ?1", person("S4", "Sue", NULL, 3), NOW - 30 * D, 0);
}

/* ---------------------------------------------------------------- tests */

static void
test_contact_48h(void)
{
	struct queue_filter all = {0, 0}, mine = {1, 0}, fac2 = {0, 2};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "sam");
	watch();
	ok(queue_contact_48h(&s, &all, r, MAXROWS, &n) == 0, "48-hour queue for a supervisor");
	check_plans("48-hour contacts");
	is_str(order(r, n), "A B F C", "  everyone's, most overdue first; contacts made are gone");
	is_int(r[0].late, 2 * H, "  A is two hours late");
	is_int(r[1].late, -H, "  B is due in an hour");
	is_str(r[0].name, "Ana", "  a preferred name is shown");
	is_str(r[1].name, "Ben Legal", "  else the legal name");
	is_str(r[3].name, "C", "  else the participant code");
	is_str(r[0].what, "48-hour contact", "  and what is due");
	ok(queue_contact_48h(&s, &all, r, 2, &n) == 0 && n == 2 && strcmp(r[1].code, "B") == 0,
	   "  the limit keeps the most urgent");
	ok(queue_contact_48h(&s, &mine, r, MAXROWS, &n) == 0, "only mine, for the supervisor");
	is_str(order(r, n), "F", "  their own caseload");
	ok(queue_contact_48h(&s, &fac2, r, MAXROWS, &n) == 0, "one facility");
	is_str(order(r, n), "B", "  released from there");
	as(&s, "casey");
	watch();
	ok(queue_contact_48h(&s, &all, r, MAXROWS, &n) == 0, "48-hour queue for a caseworker");
	check_plans("48-hour contacts, a caseload");
	is_str(order(r, n), "A C", "  their caseload only, in order");
}

static void
test_followup(void)
{
	struct queue_filter all = {0, 0}, fac2 = {0, 2};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "sam");
	watch();
	ok(queue_followup(&s, &all, r, MAXROWS, &n) == 0, "follow-up queue");
	check_plans("follow-ups");
	is_str(order(r, n), "I G H", "  overdue first, then windows open; closed ones gone");
	is_str(r[0].what, "day 30 follow-up", "  I's day 30 follow-up");
	is_int(r[0].late, 10 * D, "  ten days late");
	is_int(r[1].late, D, "  G's day 7 a day late");
	is_int(r[2].late, -2 * D, "  H's due in two days, its window open");
	queue_followup(&s, &fac2, r, MAXROWS, &n);
	is_str(order(r, n), "H", "  one facility");
	as(&s, "casey");
	watch();
	queue_followup(&s, &all, r, MAXROWS, &n);
	check_plans("follow-ups, a caseload");
	is_str(order(r, n), "I G", "  a caseworker's own");
	as(&s, "hana");
	queue_followup(&s, &all, r, MAXROWS, &n);
	is_str(order(r, n), "G H", "  health staff see releases of the last 14 days");
}

static void
test_releasing(void)
{
	struct queue_filter all = {0, 0}, fac2 = {0, 2};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "hana");
	watch();
	ok(queue_releasing(&s, &all, r, MAXROWS, &n) == 0, "releasing queue for health staff");
	check_plans("releasing");
	is_str(order(r, n), "M J K", "  a passed date first, then the next 48 hours");
	has_str(r[0].what, "has passed", "  a passed date says so");
	is_int(r[0].late, 5 * H, "  five hours past");
	is_int(row_of(r, n, "M")->naloxone, QUEUE_MARK_OFFERED, "  M: naloxone offered");
	is_int(row_of(r, n, "M")->educated, QUEUE_MARK_NONE, "  M: not educated yet");
	const struct queue_row *j = row_of(r, n, "J"), *k = row_of(r, n, "K");
	ok(j->educated == QUEUE_MARK_YES && j->naloxone == QUEUE_MARK_YES &&
	   j->appointment == QUEUE_MARK_YES, "  J: educated, naloxone, appointment");
	has_str(j->what, "court date", "  with where the date comes from");
	ok(k->educated == QUEUE_MARK_DECLINED && k->naloxone == QUEUE_MARK_DECLINED &&
	   k->appointment == QUEUE_MARK_NONE, "  K: declined education and naloxone, no appointment");
	queue_releasing(&s, &fac2, r, MAXROWS, &n);
	is_str(order(r, n), "K", "  one facility");
	as(&s, "casey");
	queue_releasing(&s, &all, r, MAXROWS, &n);
	is_str(order(r, n), "M J", "  a caseworker's own");
}

static void
test_prerelease(void)
{
	struct queue_filter all = {0, 0};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "hana");
	watch();
	ok(queue_prerelease(&s, 0, &all, r, MAXROWS, &n) == 0, "pre-release queue (7 days)");
	check_plans("pre-release");
	is_str(order(r, n), "M K L", "  the ready (J, N) and the later (O) are not on it");
	is_int(row_of(r, n, "M")->missing, QUEUE_MISSING_EDUCATION | QUEUE_MISSING_APPOINTMENT,
	       "  M lacks education and an appointment (an offer is a naloxone plan)");
	is_str(row_of(r, n, "M")->what, "missing: education, appointment", "  in words");
	is_int(row_of(r, n, "K")->missing, QUEUE_MISSING_APPOINTMENT,
	       "  K lacks only an appointment: declined is an answer");
	is_str(row_of(r, n, "L")->what, "missing: education, naloxone plan, appointment",
	       "  L lacks everything");
	ok(queue_prerelease(&s, 10, &all, r, MAXROWS, &n) == 0 && strstr(order(r, n), "O"),
	   "  over 10 days, O is on it too");
}

static void
test_no_checkout(void)
{
	struct queue_filter all = {0, 0};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "hana");
	watch();
	ok(queue_no_checkout(&s, &all, r, MAXROWS, &n) == 0, "released-without-checkout queue");
	check_plans("released without checkout");
	is_str(order(r, n), "G H A B E F C", "  the last 14 days' releases, longest waiting first");
	has_str(r[0].what, "planned", "  and how they were released");
	as(&s, "casey");
	watch();
	queue_no_checkout(&s, &all, r, MAXROWS, &n);
	check_plans("released without checkout, a caseload");
	is_str(order(r, n), "G A E C", "  a caseworker's own");
	as(&s, "hana");
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, updated_at, "
	    "updated_by) SELECT person_id, id, ?2, 2, 'declined', ?2, 2 FROM stay WHERE id = ?1",
	    stay_g, NOW, 0);
	queue_no_checkout(&s, &all, r, MAXROWS, &n);
	is_str(order(r, n), "H A B E F C", "  a naloxone row for the stay takes G off, even declined");
}

static void
test_appointments(void)
{
	struct queue_filter all = {0, 0};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "sam");
	watch();
	ok(queue_appointments(&s, &all, r, MAXROWS, &n) == 0, "appointments queue");
	check_plans("appointments");
	is_str(order(r, n), "P J N", "  a past one with no outcome first, then the next 7 days");
	is_str(r[0].what, "appointment passed, outcome not recorded: MOUD: methadone at Harbor Clinic",
	       "  what to record");
	is_str(r[1].what, "appointment: MOUD: buprenorphine at Harbor Clinic", "  what is coming");
	as(&s, "dana");
	watch();
	queue_appointments(&s, &all, r, MAXROWS, &n);
	check_plans("appointments, a caseload");
	is_int(n, 0, "  none on another caseworker's list");
}

static void
test_stale(void)
{
	struct queue_filter all = {0, 0}, mine = {1, 0};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "sam");
	watch();
	ok(queue_stale(&s, &all, r, MAXROWS, &n) == 0, "stale queue for a supervisor");
	check_plans("stale");
	is_str(order(r, n), "I S1 S2", "  open cases quiet for 14 days, quietest first");
	is_int(row_of(r, n, "S1")->late, 6 * D, "  S1 six days past the 14");
	watch();
	queue_stale(&s, &mine, r, MAXROWS, &n);
	check_plans("stale, a caseload");
	is_int(n, 0, "  none of them the supervisor's own");
	as(&s, "casey");
	ok(queue_stale(&s, &all, r, MAXROWS, &n) != 0, "a caseworker cannot see the stale queue");
	has_str(s.err, "supervisors", "  and is told who can");

	char title[80];
	is_str(queue_title(&s, QUEUE_STALE, title, sizeof title), "Stale: no activity in 14 days",
	       "the stale queue's title says the days it counts");
	tu_exec(d, "INSERT OR REPLACE INTO setting (key, value) VALUES ('queue.stale_days', '30')");
	is_str(queue_title(&s, QUEUE_STALE, title, sizeof title), "Stale: no activity in 30 days",
	       "  the site's, when it sets queue.stale_days");
	tu_exec(d, "DELETE FROM setting WHERE key = 'queue.stale_days'");
	is_str(queue_title(&s, QUEUE_PRERELEASE, title, sizeof title),
	       "Releasing within 7 days, not ready", "the pre-release queue's title says its days");
	tu_exec(d, "INSERT OR REPLACE INTO setting (key, value) VALUES ('queue.prerelease_days', "
	           "'10')");
	is_str(queue_title(&s, QUEUE_PRERELEASE, title, sizeof title),
	       "Releasing within 10 days, not ready", "  the site's, when it sets them");
	tu_exec(d, "UPDATE setting SET value = '1' WHERE key = 'queue.prerelease_days'");
	is_str(queue_title(&s, QUEUE_PRERELEASE, title, sizeof title),
	       "Releasing within 1 day, not ready", "  one day is a day");
	tu_exec(d, "UPDATE setting SET value = '7' WHERE key = 'queue.prerelease_days'");
	is_str(queue_title(&s, QUEUE_CONTACT_48H, title, sizeof title), queue_defs[0].title,
	       "  another queue's is its own");
}

/* A caseload larger than QUEUE_CASELOAD_MAX is found on the way through
 * the program's range, a smaller one person by person: the same rows,
 * marks, order and limits either way. */

#define COLE 6

static int64_t
count_of(const char *text, int64_t a)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db_sql(d), text, -1, &st, NULL) != SQLITE_OK)
		tap_bail("prepare %s: %s", text, sqlite3_errmsg(db_sql(d)));
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every field of every row, to compare two runs. */
static void
rows_text(const struct queue_row *r, int n, char *out, size_t size)
{
	size_t len = 0;

	out[0] = 0;
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len,
		                        "%lld %lld %s|%s|%s %lld %lld %d %d %d %u\n",
		                        (long long)r[i].person_id, (long long)r[i].item_id,
		                        r[i].code, r[i].name, r[i].what, (long long)r[i].due_at,
		                        (long long)r[i].late, (int)r[i].educated,
		                        (int)r[i].naloxone, (int)r[i].appointment, r[i].missing);
}

static int
prerelease_7(struct session *s, const struct queue_filter *f, struct queue_row *rows, int limit,
             int *n)
{
	return queue_prerelease(s, 0, f, rows, limit, n);
}

static void
caseload_fixture(void)
{
	struct session s;
	int64_t p, t2, t3, t7, u3;

	as(&s, "sam");
	/* In custody: a passed date, a tie at NOW + 5h (T2 booked first),
	 * later ones, one too late for 7 days and one passed too long ago. */
	in_custody(&s, person("T1", "Tia", NULL, COLE), 1, NOW - 2 * D);
	t2 = in_custody(&s, person("T2", "Tom", NULL, COLE), 2, NOW + 5 * H);
	t3 = in_custody(&s, person("T3", "Tess", "Tee", COLE), 1, NOW + 5 * H);
	in_custody(&s, person("T4", "Tam", NULL, COLE), 1, NOW + 30 * H);
	in_custody(&s, person("T5", "Tod", NULL, COLE), 1, NOW + 4 * D);
	in_custody(&s, person("T6", "Ty", NULL, COLE), 1, NOW + 20 * D);
	t7 = in_custody(&s, person("T7", "Tu", NULL, COLE), 1, NOW + D);
	sql("UPDATE stay SET booked_at = ?2 - 10 * 86400, expected_release_at = ?2 WHERE id = ?1",
	    t7, NOW - 20 * D, 0);
	/* Released long ago and back in custody; and a closed case, still
	 * on the caseload but on no queue. */
	p = person("T8", "Tal", NULL, COLE);
	released(&s, p, 1, NOW - 100 * D);
	in_custody(&s, p, 2, NOW + 10 * H);
	p = person("T9", "Tui", NULL, COLE);
	in_custody(&s, p, 1, NOW + 8 * H);
	sql("UPDATE person SET status = 'closed', closure_reason = 'moved' WHERE id = ?1", p, 0, 0);
	/* T2 educated; T3 ready. */
	sql("INSERT INTO education (person_id, stay_id, at, by_user, setting, topics, "
	    "updated_at, updated_by) SELECT person_id, id, ?2, 2, 'individual', 63, ?2, 2 "
	    "FROM stay WHERE id IN (?1, ?3)",
	    t2, NOW - D, t3);
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, formulation, quantity, "
	    "handover, updated_at, updated_by) SELECT person_id, id, ?2, 2, 'given', 'nasal_4mg', "
	    "2, 'in_hand', ?2, 2 FROM stay WHERE id = ?1", t3, NOW - D, 0);
	sql("INSERT INTO referral (person_id, stay_id, type, referred_at, appointment_at, status, "
	    "created_by, updated_at, updated_by) SELECT person_id, id, 'housing', ?2, ?3, "
	    "'scheduled', 3, ?2, 3 FROM stay WHERE id = ?1", t3, NOW - D, NOW + 2 * D);
	/* Released: a tie three days ago (U1 first), one with naloxone
	 * declined, one too long ago, one this morning. */
	released(&s, person("U1", "Uma", NULL, COLE), 1, NOW - 3 * D);
	released(&s, person("U2", "Udo", NULL, COLE), 2, NOW - 3 * D);
	u3 = released(&s, person("U3", "Uli", NULL, COLE), 1, NOW - 2 * D);
	sql("INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, updated_at, "
	    "updated_by) SELECT person_id, id, ?2, 2, 'declined', ?2, 2 FROM stay WHERE id = ?1",
	    u3, NOW - 2 * D, 0);
	released(&s, person("U4", "Ulf", NULL, COLE), 1, NOW - 20 * D);
	released(&s, person("U5", "Una", NULL, COLE), 1, NOW - 10 * H);
	/* People with no stay make the caseload one past the cap. */
	sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
	    "INSERT INTO person (participant_code, caseworker_id, last_activity_at, created_at, "
	    "updated_at, updated_by) SELECT 'Z' || i, ?2, ?3, 0, 0, 1 FROM n",
	    QUEUE_CASELOAD_MAX + 1 -
	        count_of("SELECT count(*) FROM person WHERE caseworker_id = ?1", COLE),
	    COLE, NOW - D);
}

#define ROWTEXT 16384

static void
test_caseload_plans(void)
{
	static const struct {
		const char *name;
		queue_fill fill;
		struct queue_filter f;
		int limit;
		const char *want;
	} cases[] = {
		{"releasing", queue_releasing, {0, 0}, MAXROWS, "T1 T2 T3 T8 T4"},
		{"releasing, limit 3", queue_releasing, {0, 0}, 3, "T1 T2 T3"},
		{"releasing, one facility", queue_releasing, {0, 2}, MAXROWS, "T2 T8"},
		{"pre-release", prerelease_7, {0, 0}, MAXROWS, "T1 T2 T8 T4 T5"},
		{"pre-release, limit 3", prerelease_7, {1, 0}, 3, "T1 T2 T8"},
		{"pre-release, one facility", prerelease_7, {0, 2}, MAXROWS, "T2 T8"},
		{"no checkout", queue_no_checkout, {0, 0}, MAXROWS, "U1 U2 U5"},
		{"no checkout, limit 2", queue_no_checkout, {1, 0}, 2, "U1 U2"},
		{"no checkout, one facility", queue_no_checkout, {0, 2}, MAXROWS, "U2"},
	};
	enum { NCASES = sizeof cases / sizeof cases[0] };
	static char first[NCASES][ROWTEXT], text[ROWTEXT];
	struct queue_row r[MAXROWS];
	struct session s;
	char label[120];
	int n;

	caseload_fixture();
	for (int round = 0; round < 3; round++) {
		int64_t size;
		int walks;
		if (round == 1) /* exactly the cap: still walked */
			sql("DELETE FROM person WHERE participant_code = 'Z1'", 0, 0, 0);
		if (round == 2) /* a caseload of realistic size */
			sql("DELETE FROM person WHERE participant_code GLOB 'Z*'", 0, 0, 0);
		size = count_of("SELECT count(*) FROM person WHERE caseworker_id = ?1", COLE);
		walks = size <= QUEUE_CASELOAD_MAX;
		as(&s, "cole");
		for (int i = 0; i < NCASES; i++) {
			int walked;
			snprintf(label, sizeof label, "%s, a caseload of %lld", cases[i].name,
			         (long long)size);
			watch();
			ok(cases[i].fill(&s, &cases[i].f, r, cases[i].limit, &n) == 0, "%s", label);
			walked = walked_caseload();
			check_plans(label);
			ok(walked == walks, "  %s",
			   walks ? "walks the caseload" : "walks the program's range");
			rows_text(r, n, text, sizeof text);
			if (round == 0) {
				is_str(order(r, n), cases[i].want, "  the caseload's own, in order");
				memcpy(first[i], text, sizeof text);
			} else {
				is_str(text, first[i], "  the rows the program's range gave");
			}
		}
	}
}

static void
test_roles(void)
{
	struct queue_filter all = {0, 0};
	struct queue_row r[MAXROWS];
	struct session s;
	int n;

	as(&s, "admin");
	for (int i = 0; i < QUEUE_COUNT; i++)
		ok(queue_defs[i].fill(&s, &all, r, MAXROWS, &n) != 0 && n == 0,
		   "an admin sees no queue: %s", queue_defs[i].title);
	is_int(queue_defs[0].id, QUEUE_CONTACT_48H, "the 48-hour contacts come first on the screen");
	int inorder = 1;
	for (int i = 0; i < QUEUE_COUNT; i++)
		inorder &= queue_defs[i].id == (enum queue_id)i;
	ok(inorder, "the queues are listed in the order the screen shows them");
	ok(QUEUE_PRERELEASE > QUEUE_APPOINTMENTS && QUEUE_PRERELEASE < QUEUE_STALE &&
	   strstr(queue_defs[QUEUE_PRERELEASE].title, "not ready"),
	   "the pre-release queue follows what is due now, above the stale cases");
}

/* Last, as it adds to the fixture: a transfer to another agency's
 * custody, and a release the person was booked again after, are no
 * checkout anyone can still make. */
static void
test_no_checkout_gone(void)
{
	struct queue_filter all = {0, 0};
	struct queue_row r[MAXROWS];
	struct session s;
	int64_t tx, stay;
	int n;

	as(&s, "hana");
	tx = person("TX", "Tove Xu", NULL, 3);
	{
		struct stay_booking b = {tx, 1, NULL, NOW - 12 * D, 0, NULL};

		if (stay_book(&s, &b, &stay) != 0 ||
		    stay_record_release(&s, stay, NOW - 2 * D, "transfer", 0) != 0)
			tap_bail("transfer: %s", s.err);
	}
	queue_no_checkout(&s, &all, r, MAXROWS, &n);
	ok(!strstr(order(r, n), "TX"), "a transfer to another agency is not a checkout missed");
	ok(strstr(order(r, n), "H ") != NULL, "  H, released, is");
	{
		struct stay_booking b = {row_of(r, n, "H")->person_id, 1, NULL, NOW - D, 0, NULL};

		if (stay_book(&s, &b, &stay) != 0)
			tap_bail("book H again: %s", s.err);
	}
	queue_no_checkout(&s, &all, r, MAXROWS, &n);
	ok(!strstr(order(r, n), "H "), "  booked again, H is off it: back in custody");
}

int
main(void)
{
	const char *dir = tu_tmpdir();

	if (db_init() != 0)
		tap_bail("db_init");
	d = tu_create(tu_path(dir, "queue.db"));
	tu_exec(d, "INSERT INTO user (id, name, display_name, role, created_at) VALUES "
	           "(1, 'admin', 'Admin', 'admin', 0), (2, 'hana', 'Hana Ito', 'health', 0), "
	           "(3, 'casey', 'Casey Worker', 'caseworker', 0), "
	           "(4, 'sam', 'Sam Lee', 'supervisor', 0), (5, 'dana', 'Dana Reyes', 'caseworker', 0);"
	           "INSERT INTO user (id, name, display_name, role, created_at) VALUES "
	           "(6, 'cole', 'Cole Abara', 'caseworker', 0);"
	           "INSERT INTO facility (id, name) VALUES (1, 'County Jail'), (2, 'State Prison');");
	fixture();
	test_contact_48h();
	test_followup();
	test_releasing();
	test_prerelease();
	test_no_checkout();
	test_appointments();
	test_stale();
	test_caseload_plans();
	test_roles();
	test_no_checkout_gone();
	db_close(d);
	return tap_done();
}
