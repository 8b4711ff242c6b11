/* SPDX-License-Identifier: ISC */
/*
 * unit_late.c - a contact made after a task's window closes it as done
 * late, at the contact's own time, and the follow-up audit, the program
 * report and the queues count it so.
 *
 * The world (fixture.h: UTC, default clocks), all cal's, each released at
 * T0 = 2024-05-01 09:00, everything typed in at NOW = T0 + 20 days:
 *   P1  reached at 30 h: the 48-hour contact on time
 *   P2  reached on day 9, typed in 11 days later: the 48-hour contact
 *       late (the day 7 window holds day 9, but the overdue one comes
 *       first)
 *   P3  reached an hour before the release: nothing closes
 *   P4  reached on day 12 three times: the 48-hour contact late, then
 *       the day 7 follow-up late, then the day 14 follow-up on time
 */
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "fixture.h"
#include "followup.h"
#include "queue.h"
#include "report.h"
#include "task.h"

#define NOW (T0 + 20 * DAY)

static int64_t p1, p2, p3, p4;

static int64_t
reached(int64_t person, int64_t at)
{
	struct session s;
	struct contact_result cr;

	as(&s, "cal", NOW);
	if (contact_record(&s, person, at, "phone", "reached", NULL, &cr) != 0)
		tap_bail("contact: %s", s.err);
	return cr.task_id;
}

/* The person's task of kind and checkpoint, as cal's list gives it. */
#define task_of(person, kind, checkpoint) fx_task_of("cal", NOW, person, kind, checkpoint)

/* The detail of the latest audit row about task id. */
static const char *
task_detail(int64_t id)
{
	static char out[200];
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT detail FROM audit WHERE entity = 'task' AND "
	                       "entity_id = ?1 ORDER BY seq DESC LIMIT 1", -1, &st,
	                       NULL) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void
test_on_time(void)
{
	int64_t id = reached(p1, T0 + 30 * HOUR);
	struct task_row t = task_of(p1, "contact_48h", 0);

	ok(id == t.id && strcmp(t.status, "done") == 0, "reached at 30 h: the 48-hour contact done");
	ok(t.closed_at == T0 + 30 * HOUR && t.closed_at <= t.window_end,
	   "  at the contact's time, inside its window: on time");
	is_str(task_detail(t.id), "done: first contact reached (contact 1)", "  audited as done");
}

static void
test_late(void)
{
	struct session s;
	struct queue_filter f = {1, 0};
	struct queue_row rows[16];
	int64_t id;
	int n, shown = 0;

	as(&s, "cal", NOW);
	if (queue_contact_48h(&s, &f, rows, 16, &n) != 0)
		tap_bail("queue: %s", s.err);
	for (int i = 0; i < n; i++)
		shown += rows[i].person_id == p2;
	is_int(shown, 1, "P2's overdue 48-hour contact is on the queue");

	id = reached(p2, T0 + 9 * DAY);
	struct task_row t = task_of(p2, "contact_48h", 0);
	ok(id == t.id && strcmp(t.status, "done") == 0,
	   "reached on day 9: the overdue 48-hour contact is done");
	ok(t.closed_at == T0 + 9 * DAY && t.closed_at > t.window_end,
	   "  at the contact's own time, after its window: late");
	is_str(task_detail(t.id), "done: first contact reached late (contact 2)", "  audited as late");
	is_int(count("SELECT at FROM audit WHERE entity = 'contact' ORDER BY seq DESC LIMIT 1"),
	       NOW, "  the contact's audit row keeps when it was typed");
	is_str(task_of(p2, "followup", 7).status, "open", "  the day 7 follow-up is still open");

	if (queue_contact_48h(&s, &f, rows, 16, &n) != 0)
		tap_bail("queue: %s", s.err);
	shown = 0;
	for (int i = 0; i < n; i++)
		shown += rows[i].person_id == p2;
	is_int(shown, 0, "  and the 48-hour queue no longer shows it");
}

static void
test_before_release(void)
{
	ok(reached(p3, T0 - HOUR) == 0, "a contact an hour before the release closes nothing");
	is_int(fx_open_tasks(p3), 5, "  all five clocks still open");
}

static void
test_two_overdue(void)
{
	struct task_row c48, d7, d14;

	ok(reached(p4, T0 + 12 * DAY) == task_of(p4, "contact_48h", 0).id,
	   "day 12, two overdue: the earlier (48 hours) closes first");
	ok(reached(p4, T0 + 12 * DAY + HOUR) == task_of(p4, "followup", 7).id,
	   "  a second contact closes the day 7 follow-up");
	ok(reached(p4, T0 + 12 * DAY + 2 * HOUR) == task_of(p4, "followup", 14).id,
	   "  a third, nothing overdue left, the day 14 one whose window holds it");
	c48 = task_of(p4, "contact_48h", 0);
	d7 = task_of(p4, "followup", 7);
	d14 = task_of(p4, "followup", 14);
	ok(c48.closed_at > c48.window_end && d7.closed_at > d7.window_end &&
	   d14.closed_at <= d14.window_end, "  late, late, on time");
	ok(reached(p4, T0 + 12 * DAY + 3 * HOUR) == 0,
	   "  a fourth closes nothing: day 30's window has not opened");
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
		/* open: four day 30s; overdue: P1 7 14, P2 7 14, P3 48 h 7 14;
		 * on time: P1 48 h, P4 14; late: P2 48 h, P4 48 h and 7. */
		ok(r[i].open == 4 && r[i].due_today == 0 && r[i].overdue == 7,
		   "  cal: 4 open, 7 overdue");
		is_int(r[i].on_time, 2, "  2 on time");
		is_int(r[i].late, 3, "  3 done late");
		is_int(r[i].declined, 0, "  none declined");
	}
	ok(found, "  cal has a row");
	free(r);
}

static void
test_report(void)
{
	struct session s;
	struct report r;
	struct period p;
	const struct report_figures *f;
	int c7 = -1, c14 = -1;

	as(&s, "sam", NOW);
	if (period_parse(&s, "2024-05-01", "2024-05-31", &p) != 0 ||
	    report_metrics(&s, &p, 0, &r) != 0)
		tap_bail("report: %s", s.err);
	f = &r.groups[0].fig[REPORT_ALL];
	is_int(f->releases, 4, "the report: four releases");
	ok(f->c48[REPORT_ON_TIME] == 1 && f->c48[REPORT_LATE] == 2 && f->c48[REPORT_MISSED] == 1,
	   "  48-hour contacts: 1 on time (P1), 2 late (P2, P4), 1 missed (P3)");
	for (int i = 0; i < r.ncheckpoints; i++) {
		c7 = r.checkpoints[i] == 7 ? i : c7;
		c14 = r.checkpoints[i] == 14 ? i : c14;
	}
	ok(c7 >= 0 && f->followup[c7][REPORT_LATE] == 1 && f->followup[c7][REPORT_MISSED] == 3,
	   "  day 7: 1 late (P4), 3 missed");
	ok(c14 >= 0 && f->followup[c14][REPORT_ON_TIME] == 1 &&
	   f->followup[c14][REPORT_MISSED] == 3, "  day 14: 1 on time (P4), 3 missed");
	report_free(&r);
}

int
main(void)
{
	struct session s;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("late.db");
	as(&s, "cal", NOW);
	p1 = mk_person(&s, "L-1"), p2 = mk_person(&s, "L-2");
	p3 = mk_person(&s, "L-3"), p4 = mk_person(&s, "L-4");
	mk_stay(&s, p1, T0 - 10 * DAY, T0);
	mk_stay(&s, p2, T0 - 10 * DAY, T0);
	mk_stay(&s, p3, T0 - 10 * DAY, T0);
	mk_stay(&s, p4, T0 - 10 * DAY, T0);
	test_on_time();
	test_late();
	test_before_release();
	test_two_overdue();
	test_audit();
	test_report();
	db_close(d);
	return tap_done();
}
