/* SPDX-License-Identifier: ISC */
/*
 * unit_answer.c - a contact answers the task the caseworker chose:
 * reached closes it as done (late after its window), declined closes it
 * as declined, "none" closes nothing, and a task that cannot be answered
 * refuses the whole contact.
 *
 * The world (fixture.h: UTC, default clocks), all cal's, each released at
 * T0 = 2024-05-01 09:00, everything typed in at NOW = T0 + 20 days, when
 * the 48-hour contact and the day 7 follow-up are overdue and day 14's
 * window (days 11 to 17) is open.
 */
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "fixture.h"
#include "followup.h"
#include "task.h"

#define NOW (T0 + 20 * DAY)

static int64_t p1, p2, p3, p4;

/* The person's task of kind and checkpoint, as cal's list gives it. */
#define task_of(person, kind, checkpoint) fx_task_of("cal", NOW, person, kind, checkpoint)

/* As cal, logged in (login writes an audit row) before the contact. */
static int
answer(struct session *s, int64_t person, int64_t task, int64_t at, const char *outcome,
       struct contact_result *r)
{
	as(s, "cal", NOW);
	return contact_record_task(s, person, task, at, "phone", outcome, NULL, r);
}

/* The same in a session already logged in: what a refusal must leave
 * as it was is then the contact's alone. */
static int
answer_in(struct session *s, int64_t person, int64_t task, int64_t at, const char *outcome,
          struct contact_result *r)
{
	return contact_record_task(s, person, task, at, "phone", outcome, NULL, r);
}

static void
test_chosen(void)
{
	struct session s;
	struct contact_result r;
	int64_t d14 = task_of(p1, "followup", 14).id;
	struct task_row t;

	ok(answer(&s, p1, d14, T0 + 12 * DAY, "reached", &r) == 0 && r.task_id == d14 && !r.late,
	   "reached on day 12, day 14 chosen: it closes, though the 48-hour one is overdue");
	t = task_of(p1, "followup", 14);
	ok(strcmp(t.status, "done") == 0 && t.closed_at == T0 + 12 * DAY &&
	   t.contact_id == r.contact_id, "  done at the contact's time, by that contact");
	is_str(task_of(p1, "contact_48h", 0).status, "open", "  the 48-hour contact stays open");

	t = task_of(p1, "contact_48h", 0);
	ok(answer(&s, p1, t.id, T0 + 12 * DAY + HOUR, "reached", &r) == 0 && r.task_id == t.id &&
	   r.late, "the overdue 48-hour contact chosen on day 12: done late");
	t = task_of(p1, "contact_48h", 0);
	ok(strcmp(t.status, "done") == 0 && t.closed_at == T0 + 12 * DAY + HOUR &&
	   t.closed_at > t.window_end, "  closed after its window, at the contact's own time");
	is_int(fx_open_tasks(p1), 3, "  day 7, 30 and 90 still open");
}

static void
test_declined(void)
{
	struct session s;
	struct contact_result r;
	int64_t d7 = task_of(p2, "followup", 7).id;

	ok(answer(&s, p2, d7, T0 + 9 * DAY, "declined", &r) == 0 && r.declined == 1 &&
	   r.task_id == 0, "declined on day 9, day 7 chosen: one task closes as declined");
	struct task_row t = task_of(p2, "followup", 7);
	ok(strcmp(t.status, "declined") == 0 && t.closed_at == T0 + 9 * DAY &&
	   t.contact_id == r.contact_id, "  declined at the contact's time, by that contact");
	is_int(fx_open_tasks(p2), 4, "  the other four stay open");

	d7 = task_of(p4, "followup", 90).id;
	ok(answer(&s, p4, d7, T0 + 5 * DAY, "declined", &r) == 0 && r.declined == 1,
	   "the day 90 follow-up declined on day 5, before its window: the person's choice");
}

static void
test_none(void)
{
	struct session s;
	struct contact_result r;
	int64_t d14 = task_of(p3, "followup", 14).id;

	ok(answer(&s, p3, 0, T0 + 12 * DAY, "reached", &r) == 0 && r.task_id == 0 &&
	   r.contact_id > 0, "reached on day 12, none chosen: the contact is saved");
	is_int(fx_open_tasks(p3), 5, "  and closes nothing");
	ok(answer(&s, p3, 0, T0 + 12 * DAY, "declined", &r) == 0 && r.declined == 0,
	   "declined with none chosen closes nothing either");
	ok(answer(&s, p3, d14, T0 + 12 * DAY, "no_answer", &r) == 0 && r.task_id == 0,
	   "no answer with day 14 chosen: saved");
	is_int(fx_open_tasks(p3), 5, "  and closes nothing");
}

static void
test_refused(void)
{
	struct session s;
	struct contact_result r;
	int64_t done = task_of(p1, "followup", 14).id, d30 = task_of(p3, "followup", 30).id;
	int64_t theirs = task_of(p3, "followup", 14).id;
	long long contacts = count("SELECT count(*) FROM contact");

	as(&s, "cal", NOW);
	REFUSED(s, answer_in(&s, p1, done, T0 + 13 * DAY, "reached", &r), "already closed (done)",
	        "a task already done cannot be answered again");
	REFUSED(s, answer_in(&s, p1, theirs, T0 + 13 * DAY, "reached", &r), "no such task",
	        "another person's task cannot be answered");
	REFUSED(s, answer_in(&s, p3, d30, T0 + 12 * DAY, "reached", &r), "window opens",
	        "day 30 chosen on day 12: its window has not opened");
	REFUSED(s, answer_in(&s, p3, theirs, T0 - HOUR, "reached", &r), "window opens",
	        "a contact before the release answers nothing");
	is_int(count("SELECT count(*) FROM contact"), contacts, "  no contact row was left");
	is_str(task_of(p3, "followup", 30).status, "open", "  day 30 still open");
}

static void
test_default(void)
{
	struct session s;
	struct contact_result r;

	ok(answer(&s, p4, CONTACT_TASK_DEFAULT, T0 + 12 * DAY, "reached", &r) == 0 &&
	   r.task_id == task_of(p4, "contact_48h", 0).id,
	   "no choice: the most urgent, the overdue 48-hour contact, as before");
}

static void
test_audit(void)
{
	struct session s;
	struct followup_row *r;
	struct period p;
	int n, found = 0;

	as(&s, "sam", NOW);
	ok(period_parse(&s, "2024-05-01", "2024-05-31", &p) == 0 &&
	   followup_audit(&s, &p, 0, &r, &n) == 0, "the follow-up audit for May");
	for (int i = 0; i < n; i++) {
		if (r[i].caseworker_id != cal)
			continue;
		found = 1;
		/* Declined in May: P2's day 7 (P4's day 90 is due in July). */
		is_int(r[i].declined, 1, "  cal: one declined, counted apart");
		/* Late: P1's and P4's 48-hour contacts. */
		is_int(r[i].late, 2, "  two done late");
		is_int(r[i].on_time, 1, "  one on time (P1's day 14)");
	}
	ok(found, "  cal has a row");
	free(r);
}

int
main(void)
{
	struct session s;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("answer.db");
	as(&s, "cal", NOW);
	p1 = mk_person(&s, "A-1"), p2 = mk_person(&s, "A-2");
	p3 = mk_person(&s, "A-3"), p4 = mk_person(&s, "A-4");
	mk_stay(&s, p1, T0 - 10 * DAY, T0);
	mk_stay(&s, p2, T0 - 10 * DAY, T0);
	mk_stay(&s, p3, T0 - 10 * DAY, T0);
	mk_stay(&s, p4, T0 - 10 * DAY, T0);
	test_chosen();
	test_declined();
	test_none();
	test_refused();
	test_default();
	test_audit();
	db_close(d);
	return tap_done();
}
