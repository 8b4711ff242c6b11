/* SPDX-License-Identifier: ISC */
/*
 * unit_close.c - closing and reopening a case, on a real vault file.
 *
 * What each closure reason does to the open tasks, in the same
 * transaction as the closing; reopening with a reason; a new booking
 * reopening a closed case; closed cases on no queue and in no overdue
 * list; and the refusals, each of which must leave the person, the
 * tasks, the history and the audit log exactly as they were.
 */
#include <stdlib.h>

#include "case_event.h"
#include "fixture.h"
#include "followup.h"
#include "period.h"
#include "queue.h"

#define H HOUR
#define D DAY

/* One integer from sql, with ?1 bound to id; -1 on an error. */
static long long
q1(const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t
version(int64_t id)
{
	return q1("SELECT version FROM person WHERE id = ?1", id);
}

static int64_t
book(struct session *s, int64_t person, int64_t at)
{
	return mk_stay(s, person, at, 0);
}

/* Booked ten days before, released at `at`: five open tasks. */
static int64_t
released(struct session *s, int64_t person, int64_t at)
{
	return mk_stay(s, person, at - 10 * D, at);
}

#define OPEN_TASKS "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'"
#define EVENTS "SELECT count(*) FROM case_event WHERE person_id = ?1"

/* Audit rows with this action on this person. */
static long long
person_audits(const char *action, int64_t id)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s' AND "
	         "person_id = ?1", action);
	return q1(sql, id);
}

/* ---------------------------------------------------------------- reasons */

static void
test_reasons(void)
{
	static const struct {
		const char *reason, *status;
	} cases[] = {
	    {"declined_contact", "declined"}, {"reincarcerated", "cancelled"},
	    {"moved", "cancelled"},           {"deceased", "cancelled"},
	    {"goal_met", "cancelled"},        {"other", "cancelled"},
	};
	struct session s;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char code[24], sql[200];
		int64_t p;

		as(&s, "cal", T0 - 20 * D);
		snprintf(code, sizeof code, "R-%zu", i);
		p = mk_person(&s, code);
		as(&s, "cal", T0);
		released(&s, p, T0 - 2 * D);
		ok(q1(OPEN_TASKS, p) == 5, "%s: a release left five open tasks", cases[i].reason);
		ok(person_close(&s, p, version(p), cases[i].reason, "Said so on the phone.") == 0,
		   "  closed: %s", s.err);
		is_int(q1(OPEN_TASKS, p), 0, "  no task stays open");
		snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE person_id = ?1 AND "
		         "status = '%s' AND closed_at = %lld", cases[i].status, (long long)T0);
		is_int(q1(sql, p), 5, cases[i].status);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM case_event WHERE person_id = ?1 "
		         "AND kind = 'closed' AND reason = '%s' AND at = %lld AND "
		         "note = 'Said so on the phone.'", cases[i].reason, (long long)T0);
		is_int(q1(sql, p), 1, "  the history holds the closing, its reason and note");
		is_int(person_audits("close", p), 1, "  one audit row for the closing");
	}
}

/* ---------------------------------------------------------------- when */

static void
test_when(void)
{
	struct session s;
	int64_t p;

	as(&s, "cal", T0 - 30 * D);
	p = mk_person(&s, "W-1");
	as(&s, "cal", T0);
	ok(person_close_at(&s, p, version(p), "moved", NULL, T0 + 2 * H) != 0,
	   "a closing in the future is refused");
	has_str(s.err, "future", "  it says so");
	ok(person_close_at(&s, p, version(p), "moved", NULL, T0 - 31 * D) != 0,
	   "a closing before the case was opened is refused");
	has_str(s.err, "before the case was opened", "  it says so");
	is_int(q1(EVENTS, p), 0, "  nothing was kept");
	/* A form gives minutes: a case closed in the minute it was opened. */
	as(&s, "cal", T0 + 40);
	int64_t q = mk_person(&s, "W-2");
	ok(person_close_at(&s, q, version(q), "other", NULL, T0) == 0,
	   "a closing in the minute the case was opened is taken: %s", s.err);
	as(&s, "cal", T0);
	ok(person_close_at(&s, p, version(p), "deceased", NULL, T0 - 7 * D) == 0,
	   "a closing learned of a week later keeps its day: %s", s.err);
	is_int(q1("SELECT at FROM case_event WHERE person_id = ?1", p), T0 - 7 * D,
	       "  the history has the day it happened");
	is_int(q1("SELECT recorded_at FROM case_event WHERE person_id = ?1", p), T0,
	       "  and the time it was typed in");
	/* Typed in today from last month's paper file: booked 40 days ago,
	 * released 30 days ago, moved away 20 days ago. */
	as(&s, "cal", T0);
	int64_t r = mk_person(&s, "W-3");
	mk_stay(&s, r, T0 - 40 * D, T0 - 30 * D);
	ok(person_close_at(&s, r, version(r), "moved", NULL, T0 - 20 * D) == 0,
	   "a person added today closes at a day after their first booking: %s", s.err);
	int64_t u = mk_person(&s, "W-4");
	mk_stay(&s, u, T0 - 40 * D, T0 - 30 * D);
	ok(person_close_at(&s, u, version(u), "moved", NULL, T0 - 41 * D) != 0 &&
	   strstr(s.err, "before the case was opened"),
	   "  but not before it");
}

/* ---------------------------------------------------------------- refusals */

static void
test_refusals(void)
{
	struct session s;
	int64_t p, v;
	long long audit_rows;

	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "B-1");
	as(&s, "cal", T0);
	released(&s, p, T0 - 2 * D);
	v = version(p);
	audit_rows = tu_int(d, "SELECT count(*) FROM audit");

	ok(person_reopen(&s, p, v, "They called and want to work with us again.") != 0,
	   "reopening an open case is refused");
	has_str(s.err, "open already", "  it says the case is open");
	ok(person_close(&s, p, v - 1, "moved", NULL) != 0, "a closing at a stale version is refused");
	has_str(s.err, "since you opened it", "  it says someone else changed it");
	ok(person_close(&s, p, v, "lost_touch", NULL) != 0, "an unknown reason is refused");
	ok(person_close(&s, p, v, NULL, NULL) != 0, "a closing needs a reason");
	is_int(q1(OPEN_TASKS, p), 5, "  the tasks are still open");
	is_int(version(p), v, "  the person is as it was");
	is_int(q1(EVENTS, p), 0, "  no history was written");
	is_int(tu_int(d, "SELECT count(*) FROM audit"), audit_rows, "  nor any audit row");

	ok(person_close(&s, p, v, "goal_met", NULL) == 0, "closed as goal met: %s", s.err);
	v = version(p);
	audit_rows = tu_int(d, "SELECT count(*) FROM audit");
	ok(person_close(&s, p, v, "moved", NULL) != 0, "closing a closed case is refused");
	has_str(s.err, "already closed (goal met)", "  it says so, with the reason in words");
	ok(person_reopen(&s, p, v, "x") != 0, "a reopening with no real reason is refused");
	has_str(s.err, "short sentence", "  it asks for a sentence");
	ok(person_reopen(&s, p, v, NULL) != 0, "a reopening needs a reason");
	ok(person_reopen(&s, p, v - 1, "They called and want to work with us again.") != 0,
	   "a reopening at a stale version is refused");
	is_int(version(p), v, "  the person is as it was");
	is_int(q1("SELECT count(*) FROM person WHERE id = ?1 AND status = 'closed' AND "
	             "closure_reason = 'goal_met'", p), 1, "  still closed as goal met");
	is_int(q1(EVENTS, p), 1, "  only the closing in the history");
	is_int(tu_int(d, "SELECT count(*) FROM audit"), audit_rows, "  and no audit row");
}

/* ---------------------------------------------------------------- reopen */

static void
test_reopen(void)
{
	struct session s;
	struct case_event *ev = NULL;
	int64_t p, v;
	int n = 0;

	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "O-1");
	as(&s, "cal", T0);
	released(&s, p, T0 - 2 * D);
	if (person_close(&s, p, version(p), "declined_contact", "No more calls, please.") != 0)
		tap_bail("close: %s", s.err);
	as(&s, "cal", T0 + D);
	v = version(p);
	ok(person_reopen(&s, p, v, "They called and asked for help with housing.") == 0,
	   "a closed case reopens with a reason: %s", s.err);
	is_int(q1("SELECT count(*) FROM person WHERE id = ?1 AND status = 'open' AND "
	             "closure_reason IS NULL AND closure_note IS NULL", p), 1,
	       "  the case is open, with no closure on it");
	is_int(version(p), v + 1, "  at the next version");
	is_int(person_audits("reopen", p), 1, "  one audit row for the reopening");
	is_int(q1("SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'declined'", p),
	       5, "  the follow-ups the person declined stay declined");
	ok(case_event_list(&s, p, 4, &ev, &n) == 0 && n == 2, "the history has both events: %s",
	   s.err);
	if (n < 2)
		tap_bail("no history to read");
	is_str(ev[0].kind, "reopened", "  the reopening first");
	is_str(ev[0].note, "They called and asked for help with housing.", "  with its reason");
	is_int(ev[0].at, T0 + D, "  and its time");
	is_str(ev[1].reason, "declined_contact", "  then the closing, with its reason");
	is_str(ev[1].note, "No more calls, please.", "  and its note");
	free(ev);
	is_str(case_event_reason_label("reincarcerated"), "back in custody",
	       "a reason reads as words");
	ok(person_close(&s, p, version(p), "goal_met", NULL) == 0,
	   "a reopened case can be closed again: %s", s.err);
}

/* A death reported for someone else: the reopening gives back the
 * follow-ups the closing cancelled, overdue ones overdue; a task that
 * was done before the closing stays done. */
static void
test_reopen_restores(void)
{
	struct session s;
	char sql[200];
	int64_t p;

	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "O-2");
	as(&s, "cal", T0);
	released(&s, p, T0 - 10 * D);
	tu_exec(d, "UPDATE task SET status = 'done', closed_at = 1, closed_by = 1 WHERE "
	           "kind = 'contact_48h' AND person_id = (SELECT id FROM person WHERE "
	           "participant_code = 'O-2')");
	if (person_close(&s, p, version(p), "deceased", "Reported by the hospital.") != 0)
		tap_bail("close: %s", s.err);
	is_int(q1(OPEN_TASKS, p), 0, "closed as deceased: no follow-up open");
	as(&s, "sam", T0 + 2 * D);
	ok(person_reopen(&s, p, version(p), "The death was reported for a different person.") == 0,
	   "reopened by a supervisor two days later: %s", s.err);
	is_int(q1(OPEN_TASKS, p), 4, "  the four follow-ups the closing cancelled are open again");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE person_id = ?1 AND "
	         "status = 'open' AND due_at < %lld", T0 + 2 * D);
	is_int(q1(sql, p), 1, "  the day 7 one overdue, as it would have been");
	is_int(q1("SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'done'", p), 1,
	       "  the 48-hour contact done before stays done");
	is_int(q1("SELECT count(*) FROM audit WHERE person_id = ?1 AND entity = 'task' AND "
	          "detail = 'open: the case was reopened'", p), 4, "  each audited");
}

/* ---------------------------------------------------------------- booking */

static void
test_booking(void)
{
	struct session s;
	int64_t p, stay;

	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "K-1");
	as(&s, "cal", T0 - D);
	released(&s, p, T0 - 5 * D);
	if (person_close(&s, p, version(p), "moved", NULL) != 0)
		tap_bail("close: %s", s.err);
	as(&s, "hana", T0);
	stay = book(&s, p, T0 - H);
	is_int(q1("SELECT count(*) FROM person WHERE id = ?1 AND status = 'open'", p), 1,
	       "a new booking reopens a closed case");
	is_int(q1("SELECT stay_id FROM case_event WHERE person_id = ?1 AND kind = 'reopened'",
	             p), stay, "  the history names the booking");
	is_int(q1("SELECT at FROM case_event WHERE person_id = ?1 AND kind = 'reopened'", p),
	       T0 - H, "  at the time of the booking");
	is_int(person_audits("reopen", p), 1, "  audited");
	if (stay_record_release(&s, stay, T0, "bail_bond", 0) != 0)
		tap_bail("release: %s", s.err);
	as(&s, "hana", T0 + D);
	book(&s, p, T0 + D - H);
	is_int(q1(EVENTS, p), 2, "a booking of an open case adds nothing to the history");
	is_int(person_audits("reopen", p), 1, "  nor to the audit log");
}

/* ---------------------------------------------------------------- queues */

/* 1 if person is on the queue for this session and filter. */
static int
on_queue(struct session *s, queue_fill fill, int mine, int64_t person)
{
	struct queue_filter f = {mine, 0};
	struct queue_row rows[200];
	int n = 0;

	if (fill(s, &f, rows, 200, &n) != 0)
		tap_bail("queue: %s", s->err);
	for (int i = 0; i < n; i++)
		if (rows[i].person_id == person)
			return 1;
	return 0;
}

static int
prerelease(struct session *s, const struct queue_filter *f, struct queue_row *rows, int limit,
           int *n)
{
	return queue_prerelease(s, 0, f, rows, limit, n);
}

/* On the queue while open, on none while closed (both plans: everyone's,
 * and a caseload's), and back when reopened unless reopen is 0. */
static void
leaves(const char *name, queue_fill fill, int64_t p, const char *reason, int reopen,
       const char *mine)
{
	struct session s, cw;

	as(&s, "sam", T0);
	as(&cw, mine, T0);
	ok(on_queue(&s, fill, 0, p) && on_queue(&cw, fill, 1, p), "%s: on the queue while open",
	   name);
	if (person_close(&cw, p, version(p), reason, NULL) != 0)
		tap_bail("close: %s", cw.err);
	ok(!on_queue(&s, fill, 0, p), "  closed: not on everyone's queue");
	ok(!on_queue(&cw, fill, 1, p), "  nor on the caseworker's own");
	if (reopen) {
		if (person_reopen(&cw, p, version(p), "Back in touch after all this time.") != 0)
			tap_bail("reopen: %s", cw.err);
		ok(on_queue(&s, fill, 0, p), "  reopened: back on it");
	}
}

static void
test_queues(void)
{
	struct session s;
	int64_t p;
	char sql[300];

	/* In custody, leaving tomorrow, nothing ready. */
	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "Q-custody");
	as(&s, "cal", T0 - 10 * D);
	book(&s, p, T0 - 10 * D);
	snprintf(sql, sizeof sql, "UPDATE stay SET expected_release_at = %lld WHERE person_id = "
	         "%lld", (long long)(T0 + 20 * H), (long long)p);
	tu_exec(d, sql);
	leaves("releasing in 48 hours", queue_releasing, p, "other", 1, "cal");
	leaves("pre-release", prerelease, p, "other", 1, "cal");

	/* Released two days ago, no naloxone record. */
	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "Q-checkout");
	as(&s, "cal", T0 - D);
	released(&s, p, T0 - 2 * D);
	leaves("released without checkout", queue_no_checkout, p, "goal_met", 1, "cal");

	/* A release recorded while the case was closed starts clocks that
	 * only a reopening brings to the queues. */
	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "Q-tasks");
	as(&s, "cal", T0 - 12 * D);
	int64_t stay = book(&s, p, T0 - 12 * D);
	if (person_close(&s, p, version(p), "moved", NULL) != 0)
		tap_bail("%s", s.err);
	as(&s, "cal", T0 - 6 * D);
	if (stay_record_release(&s, stay, T0 - 6 * D, "court", 0) != 0)
		tap_bail("%s", s.err);
	as(&s, "sam", T0);
	ok(q1(OPEN_TASKS, p) == 5, "a release while closed made five open tasks");
	struct session cw;
	as(&cw, "cal", T0);
	ok(!on_queue(&s, queue_contact_48h, 0, p) && !on_queue(&cw, queue_contact_48h, 1, p),
	   "  closed: its 48-hour contact is on no queue");
	ok(!on_queue(&s, queue_followup, 0, p) && !on_queue(&cw, queue_followup, 1, p),
	   "  nor its follow-ups, once due");
	struct period per;
	struct followup_item *items = NULL;
	int n = 0, listed = 0;
	if (period_parse(&s, "2024-04-01", "2024-05-31", &per) != 0)
		tap_bail("%s", s.err);
	ok(followup_overdue(&s, &per, FOLLOWUP_EVERYONE, 0, 200, &items, &n) == 0,
	   "  the follow-up audit lists overdue work: %s", s.err);
	for (int i = 0; i < n; i++)
		listed += items[i].person_id == p;
	free(items);
	ok(!listed, "  and not this closed case's");
	if (person_reopen(&cw, p, version(p), "They came back to the program office.") != 0)
		tap_bail("%s", cw.err);
	ok(on_queue(&s, queue_contact_48h, 0, p) && on_queue(&cw, queue_contact_48h, 1, p),
	   "  reopened: its 48-hour contact is on the queues");
	ok(on_queue(&s, queue_followup, 0, p) && on_queue(&cw, queue_followup, 1, p),
	   "  and its follow-ups");
	items = NULL, listed = 0;
	ok(followup_overdue(&s, &per, FOLLOWUP_EVERYONE, 0, 200, &items, &n) == 0, "%s", s.err);
	for (int i = 0; i < n; i++)
		listed += items[i].person_id == p;
	free(items);
	ok(listed, "  and in the overdue list");

	/* An appointment in two days. */
	as(&s, "cal", T0 - 20 * D);
	p = mk_person(&s, "Q-appt");
	snprintf(sql, sizeof sql, "INSERT INTO referral (person_id, type, referred_at, "
	         "appointment_at, status, created_by, updated_at, updated_by) SELECT %lld, "
	         "'housing', %lld, %lld, 'scheduled', id, %lld, id FROM user WHERE name = 'cal'",
	         (long long)p, (long long)(T0 - D), (long long)(T0 + 2 * D), (long long)(T0 - D));
	tu_exec(d, sql);
	leaves("appointments", queue_appointments, p, "deceased", 1, "cal");

	/* Quiet for a month, on a supervisor's own caseload (the stale
	 * queue is theirs). */
	as(&s, "sam", T0 - 40 * D);
	p = mk_person(&s, "Q-stale");
	if (person_reassign(&s, p, version(p), sam) != 0)
		tap_bail("%s", s.err);
	snprintf(sql, sizeof sql, "UPDATE person SET last_activity_at = %lld WHERE id = %lld",
	         (long long)(T0 - 40 * D), (long long)p);
	tu_exec(d, sql);
	leaves("stale", queue_stale, p, "other", 0, "sam");
	snprintf(sql, sizeof sql, "UPDATE person SET last_activity_at = %lld WHERE id = %lld",
	         (long long)(T0 - 40 * D), (long long)p);
	tu_exec(d, sql);
	as(&s, "sam", T0);
	ok(!on_queue(&s, queue_stale, 0, p), "  quiet and closed: still not stale");
}

int
main(void)
{
	fx_setup("close.db");
	test_reasons();
	test_when();
	test_refusals();
	test_reopen();
	test_reopen_restores();
	test_booking();
	test_queues();
	db_close(d);
	return tap_done();
}
