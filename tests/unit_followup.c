/* SPDX-License-Identifier: ISC */
/*
 * unit_followup.c - the follow-up audit on a real vault file: the six
 * counts of the follow-ups due in a period, per caseworker and in total,
 * the overdue drill-down's order, ages and last attempts, and reassigning
 * one person and a caseload (the tasks' copy of the caseworker follows).
 *
 * The world, built through the model (releases through stay.c so the
 * clocks make the tasks, contacts through contact.c, a decline through
 * task_decline).  The site's zone is UTC; the clock settings are the
 * defaults: a 48-hour contact due 48 h after release (window: release to
 * due), follow-ups on days 7, 14, 30 and 90, each with a window of 3 days
 * either side of its due time.
 *
 *   NOW = T0 + 20 days = 2024-05-21 09:00.  The period is the 30 days
 *   ending today: 2024-04-22 00:00 to 2024-05-22 00:00; today is
 *   2024-05-21 00:00 to 2024-05-22 00:00.  A task counts when its due
 *   time is in the period, whenever it closed.
 *
 * cal's people
 *   A  released 05-01 09:00.  reached 05-02 09:00: the 48-hour contact
 *      (due 05-03 09:00) closes on time.  No answer on 05-10 09:00 (by
 *      phone, by cal) closes nothing.
 *        day 7  due 05-08 09:00, window ends 05-11 09:00: overdue
 *        day 14 due 05-15 09:00, window ends 05-18 09:00: overdue
 *        day 30 due 05-31, day 90: after the period, not counted
 *      An 'other' task due 05-10 (written with SQL): not a follow-up,
 *      counted nowhere.
 *   B  released 05-14 09:00, no contact at all.
 *        48 h   due 05-16 09:00 = window end: overdue
 *        day 7  due 05-21 09:00, window ends 05-24: open, due today
 *   C  released 05-06 11:00.  Declines the 48-hour contact (due 05-08
 *      11:00) on 05-07 11:00 (task_decline): declined.  sam leaves a text
 *      message on 05-13 09:00.
 *        day 7  due 05-13 11:00, window ends 05-16 11:00: overdue
 *        day 14 due 05-20 11:00, window ends 05-23 11:00: open
 *   H  no stay; case closed (goal met): has no task, and stays cal's when
 *      cal's caseload moves (only open cases move).
 *   cal: open 2 (B day 7, C day 14), due today 1 (B day 7), overdue 4
 *        (A day 7, A day 14, B 48 h, C day 7), on time 1 (A 48 h),
 *        late 0, declined 1 (C 48 h)
 *
 * cora's people
 *   D  released 03-24 09:00.  reached 03-25 and 04-01: the 48 h (due
 *      03-26) and day 7 (due 03-31) are done on time, but due before the
 *      period.  day 14 due 04-07 09:00, window ends 04-10 09:00.  reached
 *      in person 04-23 09:00, in the day-30 window (04-20 to 04-26 09:00;
 *      due 04-23 09:00): the overdue day 14 is the one it closes, late,
 *      but due before the period: not counted.  day 30 is left open and
 *      overdue.
 *   E  released 05-01 09:00, reached 05-02 09:00 (48 h done), then the
 *      task's closing time is corrected by hand to 05-04 09:00, after its
 *      window (05-03 09:00): closed late.  Booked again on 05-05: the
 *      other four clocks are cancelled (day 7 and day 14 are due in the
 *      period), counted nowhere.
 *   I  released 05-20 00:00: the 48 h is due 05-22 00:00, exactly the
 *      period's end: outside (it would be open).
 *   J  released 04-19 23:59:59: the 48 h is due 04-21 23:59:59, a second
 *      before the period starts: outside (it would be on time: reached
 *      04-21 09:00).  Booked again 04-22 09:00: day 7, 14 and 30 (due in
 *      the period) and day 90 are cancelled.
 *   cora: open 0, due today 0, overdue 1 (D day 30), on time 0, late 1
 *         (E 48 h), declined 0
 *
 * nobody's (made by sam, who names no caseworker)
 *   F  released 05-19 09:00: 48 h due 05-21 09:00 = NOW: open, due
 *      today, not overdue (its window ends at NOW, not before)
 *   G  released 05-16 10:00: 48 h due 05-18 10:00: overdue
 *   nobody: open 1, due today 1, overdue 1
 *
 * Total: open 3, due today 2, overdue 6, on time 1, late 1, declined 1;
 * with the 5 cancelled (E day 7 and 14, J day 7, 14 and 30) that is all
 * 17 follow-ups due in the period (A 3, B 2, C 3, D 1, E 3, F 1, G 1,
 * J 3).
 */
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "fixture.h"
#include "followup.h"
#include "task.h"

#define NOW (T0 + 20 * DAY)

static int64_t pa, pb, pc, pd, pe, pf, pg, ph, pi, pj, pk;

static void
contact(const char *user, int64_t person, int64_t at, const char *channel, const char *outcome)
{
	struct session s;

	as(&s, user, NOW);
	if (contact_record(&s, person, at, channel, outcome, NULL, NULL) != 0)
		tap_bail("contact: %s", s.err);
}

static void
build(void)
{
	struct session s;
	char sql[200];
	int64_t task;

	as(&s, "cal", NOW);
	pa = mk_person(&s, "RA-1"), pb = mk_person(&s, "RB-1"), pc = mk_person(&s, "RC-1");
	ph = mk_person(&s, "RH-1");
	mk_stay(&s, pa, T0 - 10 * DAY, T0);
	mk_stay(&s, pb, T0 - 10 * DAY, T0 + 13 * DAY);
	mk_stay(&s, pc, T0 - 10 * DAY, T0 + 5 * DAY + 2 * HOUR);
	if (person_close(&s, ph, 1, "goal_met", NULL) != 0)
		tap_bail("close: %s", s.err);
	contact("cal", pa, T0 + DAY, "phone", "reached");
	contact("cal", pa, T0 + 9 * DAY, "phone", "no_answer");
	contact("sam", pc, T0 + 12 * DAY, "text", "message");
	snprintf(sql, sizeof sql, "INSERT INTO task (person_id, kind, due_at, window_start, "
	         "window_end) VALUES (%lld, 'other', %lld, %lld, %lld)", (long long)pa,
	         (long long)(T0 + 9 * DAY), (long long)(T0 + 9 * DAY), (long long)(T0 + 9 * DAY));
	tu_exec(d, sql);
	snprintf(sql, sizeof sql, "SELECT id FROM task WHERE person_id = %lld AND "
	         "kind = 'contact_48h'", (long long)pc);
	task = count(sql);
	as(&s, "cal", T0 + 6 * DAY + 2 * HOUR);
	if (task_decline(&s, task, NULL) != 0)
		tap_bail("decline: %s", s.err);

	as(&s, "cora", NOW);
	pd = mk_person(&s, "RD-1"), pe = mk_person(&s, "RE-1");
	pi = mk_person(&s, "RI-1"), pj = mk_person(&s, "RJ-1");
	mk_stay(&s, pd, T0 - 45 * DAY, T0 - 38 * DAY);
	contact("cora", pd, T0 - 37 * DAY, "phone", "reached");
	contact("cora", pd, T0 - 30 * DAY, "phone", "reached");
	contact("cora", pd, T0 - 8 * DAY, "in_person", "reached");
	/* 05-20 00:00 and 04-19 23:59:59 (T0 is 05-01 09:00). */
	mk_stay(&s, pi, T0 + 10 * DAY, T0 + 19 * DAY - 9 * HOUR);
	mk_stay(&s, pj, T0 - 20 * DAY, T0 - 11 * DAY - 9 * HOUR - 1);
	contact("cora", pj, T0 - 10 * DAY, "phone", "reached");
	mk_stay(&s, pj, T0 - 9 * DAY, 0);
	mk_stay(&s, pe, T0 - 10 * DAY, T0);
	contact("cora", pe, T0 + DAY, "phone", "reached");
	snprintf(sql, sizeof sql, "UPDATE task SET closed_at = %lld WHERE person_id = %lld AND "
	         "kind = 'contact_48h'", (long long)(T0 + 3 * DAY), (long long)pe);
	tu_exec(d, sql);
	mk_stay(&s, pe, T0 + 4 * DAY, 0);

	as(&s, "sam", NOW);
	pf = mk_person(&s, "RF-1"), pg = mk_person(&s, "RG-1");
	mk_stay(&s, pf, T0, T0 + 18 * DAY);
	mk_stay(&s, pg, T0, T0 + 15 * DAY + HOUR);
}

static const struct followup_row *
find(const struct followup_row *r, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (r[i].caseworker_id == id)
			return &r[i];
	return NULL;
}

/* "open/today/overdue/on time/late/declined" */
static const char *
counts(const struct followup_row *r)
{
	static char out[80];

	if (!r)
		return "no row";
	snprintf(out, sizeof out, "%lld/%lld/%lld/%lld/%lld/%lld", (long long)r->open,
	         (long long)r->due_today, (long long)r->overdue, (long long)r->on_time,
	         (long long)r->late, (long long)r->declined);
	return out;
}

/* How many follow-ups are due in p, and how many of them are cancelled,
 * straight from the table: what the counts must add up to. */
static void
due_in(const struct period *p, long long *all, long long *cancelled)
{
	char sql[300];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE kind IN ('contact_48h', "
	         "'followup') AND due_at >= %lld AND due_at < %lld", (long long)p->start,
	         (long long)p->end);
	*all = count(sql);
	snprintf(sql + strlen(sql), sizeof sql - strlen(sql), " AND status = 'cancelled'");
	*cancelled = count(sql);
}

static void
test_counts(void)
{
	struct session s;
	struct period p;
	struct followup_row *r;
	const struct followup_row *t;
	long long all, cancelled;
	int n;

	as(&s, "sam", NOW);
	period_days(&s, NOW, 30, &p);
	is_str(p.from, "2024-04-22", "the period starts 30 days back");
	ok(followup_audit(&s, &p, 0, &r, &n) == 0, "a supervisor reads the follow-up audit: %s",
	   s.err);
	is_int(n, 5, "  a row each for cal, cora and sam, one for nobody, and the total");
	if (n != 5)
		tap_bail("cannot go on without the five rows");
	is_str(r[0].name, "Cal Caseworker", "  by name: Cal first");
	is_str(r[1].name, "Cora Caseworker", "  then Cora");
	is_str(r[2].name, "Sam Supervisor", "  then Sam, a supervisor with no caseload");
	is_str(r[3].name, "(no caseworker)", "  then the people with no caseworker");
	is_int(r[3].caseworker_id, FOLLOWUP_NOBODY, "  whose row is FOLLOWUP_NOBODY");
	is_str(r[4].name, "Total", "  and the total last");
	is_int(r[4].caseworker_id, FOLLOWUP_EVERYONE, "  whose row is FOLLOWUP_EVERYONE");
	is_str(counts(&r[0]), "2/1/4/1/0/1", "  cal: open 2, due today 1, overdue 4, on time 1, "
	       "declined 1");
	is_str(counts(&r[1]), "0/0/1/0/1/0", "  cora: overdue 1, late 1 (D's day 14 done late, I "
	       "due at the end and J due before the start are outside)");
	is_str(counts(&r[2]), "0/0/0/0/0/0", "  sam: nothing");
	is_str(counts(&r[3]), "1/1/1/0/0/0", "  nobody: open 1, due today 1, overdue 1");
	is_str(counts(&r[4]), "3/2/6/1/1/1", "  total: 3, 2, 6, 1, 1, 1");
	ok(r[0].active && r[1].active && !r[3].active, "  the staff are active, nobody is not");
	/* The partition: each follow-up due in the period is in exactly one
	 * count, or cancelled. */
	due_in(&p, &all, &cancelled);
	is_int(all, 17, "  17 follow-ups are due in the period");
	is_int(cancelled, 5, "  5 of them cancelled");
	t = &r[4];
	is_int(t->open + t->overdue + t->on_time + t->late + t->declined + cancelled, all,
	       "  open + overdue + on time + late + declined + cancelled: every one");
	free(r);

	ok(followup_audit(&s, &p, 1, &r, &n) == 0, "the one facility");
	is_str(counts(find(r, n, FOLLOWUP_EVERYONE)), "3/2/6/1/1/1", "  holds every task");
	free(r);
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'Work Release Center')");
	ok(followup_audit(&s, &p, 2, &r, &n) == 0, "another facility");
	is_int(n, 4, "  the staff and the total, no row for nobody");
	is_str(counts(find(r, n, FOLLOWUP_EVERYONE)), "0/0/0/0/0/0", "  with nothing counted");
	free(r);

	/* 2024-03-01 to 2024-03-31: D's 48 h (due 03-26) and day 7 (due
	 * 03-31 09:00, done 04-01: after the period, still on time); nothing
	 * else is due then. */
	ok(period_parse(&s, "2024-03-01", "2024-03-31", &p) == 0 &&
	   followup_audit(&s, &p, 0, &r, &n) == 0, "an earlier period");
	is_str(counts(find(r, n, cora)), "0/0/0/2/0/0", "  cora: D's two, on time");
	is_str(counts(find(r, n, cal)), "0/0/0/0/0/0", "  cal: nothing was due");
	ok(find(r, n, FOLLOWUP_NOBODY) == NULL, "  and no row for nobody");
	free(r);
	/* April: D's day 14 (due 04-07, reached 04-23: late), D's day 30
	 * (due 04-23, overdue now), J's 48 h (due 04-21 23:59:59, on time);
	 * J's day 7 (due 04-26 23:59:59) cancelled. */
	ok(period_parse(&s, "2024-04-01", "2024-04-30", &p) == 0 &&
	   followup_audit(&s, &p, 0, &r, &n) == 0, "April");
	is_str(counts(find(r, n, cora)), "0/0/1/1/1/0", "  cora: D's day 30 overdue now, "
	       "J's 48 h on time, D's day 14 late");
	due_in(&p, &all, &cancelled);
	ok(all == 4 && cancelled == 1, "  four due, one of them cancelled");
	free(r);

	as(&s, "cal", NOW);
	period_days(&s, NOW, 30, &p);
	REFUSED(s, followup_audit(&s, &p, 0, &r, &n), "for supervisors",
	        "a caseworker cannot read the follow-up audit");
	ok(r == NULL && n == 0, "  and gets no rows");
	as(&s, "hana", NOW);
	REFUSED(s, followup_audit(&s, &p, 0, &r, &n), "for supervisors", "nor health staff");
	as(&s, "adam", NOW);
	REFUSED(s, followup_audit(&s, &p, 0, &r, &n), "for supervisors", "nor an admin");
}

static void
test_overdue(void)
{
	struct session s;
	struct period p, april;
	struct followup_item *r;
	long long before;
	char want[120];
	int n;

	as(&s, "sam", NOW);
	period_days(&s, NOW, 30, &p);
	before = count("SELECT count(*) FROM audit");
	ok(followup_overdue(&s, &p, cal, 0, 50, &r, &n) == 0, "cal's overdue items: %s", s.err);
	is_int(n, 4, "  four of them");
	if (n != 4)
		tap_bail("cannot go on without the four items");
	/* Most overdue first: the window that ended longest ago. */
	ok(r[0].person_id == pa && strcmp(r[0].what, "day 7 follow-up") == 0,
	   "  A's day 7 follow-up first (window ended 05-11 09:00)");
	is_int(r[0].age, 10 * DAY, "  ten days overdue");
	ok(r[1].person_id == pb && strcmp(r[1].what, "48-hour contact") == 0,
	   "  then B's 48-hour contact (05-16 09:00)");
	is_int(r[1].age, 5 * DAY, "  five days overdue");
	ok(r[2].person_id == pc && strcmp(r[2].what, "day 7 follow-up") == 0,
	   "  then C's day 7 follow-up (05-16 11:00)");
	is_int(r[2].age, 5 * DAY - 2 * HOUR, "  4 days 22 hours overdue");
	ok(r[3].person_id == pa && strcmp(r[3].what, "day 14 follow-up") == 0,
	   "  then A's day 14 follow-up (05-18 09:00)");
	is_int(r[3].age, 3 * DAY, "  three days overdue");
	is_str(r[0].code, "RA-1", "  with the participant code");
	is_str(r[0].name, "RA-1", "  and the code for a name when none is given");
	is_int(r[0].due_at, T0 + 7 * DAY, "  the due time");
	is_int(r[0].attempt_at, T0 + 9 * DAY, "  A's last attempt: the no answer of 05-10");
	ok(strcmp(r[0].channel, "phone") == 0 && strcmp(r[0].outcome, "no_answer") == 0 &&
	   strcmp(r[0].attempt_by, "Cal Caseworker") == 0, "  by phone, no answer, by Cal");
	is_int(r[1].attempt_at, 0, "  B: none yet");
	ok(r[1].channel[0] == 0 && r[1].attempt_by[0] == 0, "  with nothing else said");
	is_int(r[2].attempt_at, T0 + 12 * DAY, "  C: the message of 05-13");
	ok(strcmp(r[2].channel, "text") == 0 && strcmp(r[2].outcome, "message") == 0 &&
	   strcmp(r[2].attempt_by, "Sam Supervisor") == 0, "  by text, a message, by Sam");
	is_int(r[1].person_version, 1, "  the person's version, for a reassignment");
	is_int(count("SELECT count(*) FROM audit"), before + 1, "  one audit row for the list");
	snprintf(want, sizeof want, "overdue follow-ups of user %lld, due 2024-04-22 to "
	         "2024-05-21: 4", (long long)cal);
	is_str(last_detail(), want, "  naming the list and its period, not the people");
	is_int(count("SELECT count(*) FROM audit WHERE action = 'view' AND "
	             "entity = 'followup_audit' AND person_id IS NULL"), 1,
	       "  a view of the follow-up audit");
	free(r);

	ok(followup_overdue(&s, &p, FOLLOWUP_EVERYONE, 0, 50, &r, &n) == 0, "everyone's overdue items");
	is_int(n, 6, "  six, as the total says");
	ok(n == 6 && r[0].person_id == pd && r[1].person_id == pa && r[2].person_id == pb &&
	   r[3].person_id == pc && r[4].person_id == pa && r[5].person_id == pg,
	   "  D's day 30 (04-26) first, then A's day 7, B, C, A's day 14, G's 48 hours "
	   "(05-18 10:00) last");
	free(r);

	ok(followup_overdue(&s, &p, FOLLOWUP_EVERYONE, 0, 2, &r, &n) == 0 && n == 2 &&
	   r[0].person_id == pd && r[1].person_id == pa, "at most limit items, most overdue first");
	free(r);
	ok(followup_overdue(&s, &p, FOLLOWUP_NOBODY, 0, 50, &r, &n) == 0 && n == 1 &&
	   r[0].person_id == pg, "the people with no caseworker: G alone (F is due, not overdue)");
	is_str(last_detail(), "overdue follow-ups of no caseworker, due 2024-04-22 to "
	       "2024-05-21: 1", "  audited as such");
	free(r);
	ok(followup_overdue(&s, &p, cal, 2, 50, &r, &n) == 0 && n == 0, "another facility: none");
	free(r);
	ok(followup_overdue(&s, &p, sam, 0, 50, &r, &n) == 0 && n == 0 && r == NULL,
	   "a supervisor with no caseload: none");
	ok(followup_overdue(&s, &p, cora, 0, 50, &r, &n) == 0 && n == 1 && r[0].person_id == pd,
	   "cora: D's day 30 (D's day 14 is done, late)");
	free(r);

	ok(period_parse(&s, "2024-04-01", "2024-04-30", &april) == 0 &&
	   followup_overdue(&s, &april, FOLLOWUP_EVERYONE, 0, 50, &r, &n) == 0 && n == 1,
	   "April's overdue items: one");
	ok(n == 1 && r[0].person_id == pd && strcmp(r[0].what, "day 30 follow-up") == 0,
	   "  D's day 30 follow-up");
	is_int(n == 1 ? r[0].age : 0, 25 * DAY, "  25 days overdue (its window ended 04-26)");
	ok(n == 1 && r[0].attempt_at == T0 - 8 * DAY && strcmp(r[0].outcome, "reached") == 0 &&
	   strcmp(r[0].attempt_by, "Cora Caseworker") == 0,
	   "  D's last attempt: reached in person on 04-23, by Cora");
	free(r);
	ok(followup_overdue(&s, &april, cora, 0, 50, &r, &n) == 0 && n == 1 && r[0].person_id == pd,
	   "  and it is cora's");
	free(r);

	as(&s, "cal", NOW);
	REFUSED(s, followup_overdue(&s, &p, cal, 0, 50, &r, &n), "for supervisors",
	        "a caseworker cannot read the drill-down, even their own");
	ok(r == NULL && n == 0, "  and gets no rows");
}

/* caseworker, version for each person, as one string */
static const char *
owners(void)
{
	static char out[200];
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT group_concat(participant_code || ':' || "
	                       "coalesce(caseworker_id, 0) || ':' || version, ' ') FROM "
	                       "(SELECT * FROM person ORDER BY id)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void
test_reassign(void)
{
	struct session s;
	struct followup_user *u;
	struct followup_item *r;
	struct followup_row *rows;
	const struct followup_row *t;
	struct period p;
	char before[200], want[300], moved_detail[80];
	int64_t load;
	int n, moved = -1;

	as(&s, "sam", NOW + HOUR);
	ok(followup_caseworkers(&s, &u, &n) == 0, "the people a case may go to: %s", s.err);
	is_int(n, 3, "  three: two caseworkers and the supervisor");
	ok(n == 3 && u[0].id == cal && u[1].id == cora && u[2].id == sam &&
	   u[2].role == ROLE_SUPERVISOR, "  by name, with their roles");
	free(u);
	ok(followup_caseload(&s, cal, &load) == 0 && load == 3, "cal has three open cases (A, B, C)");
	ok(followup_caseload(&s, FOLLOWUP_NOBODY, &load) == 0 && load == 2,
	   "two open cases have no caseworker (F, G)");

	/* One person: B, from the drill-down's row, to cora. */
	period_days(&s, NOW, 30, &p);
	ok(followup_overdue(&s, &p, cal, 0, 50, &r, &n) == 0 && n == 4, "cal's overdue items again");
	ok(n == 4 && person_reassign(&s, r[1].person_id, r[1].person_version, cora) == 0,
	   "B is given to cora from the drill-down: %s", s.err);
	free(r);
	is_int(count("SELECT caseworker_id FROM person WHERE participant_code = 'RB-1'"), cora,
	       "  B is cora's");
	is_int(count("SELECT version FROM person WHERE participant_code = 'RB-1'"), 2,
	       "  at version 2");
	snprintf(want, sizeof want, "SELECT count(*) FROM task WHERE person_id = %lld AND "
	         "caseworker_id = %lld", (long long)pb, (long long)cora);
	is_int(count(want), 5, "  and so are B's five tasks (the trigger)");
	snprintf(moved_detail, sizeof moved_detail, "from user %lld to user %lld", (long long)cal,
	         (long long)cora);
	is_str(last_detail(), moved_detail, "  audited on B's trail");
	/* An hour later (NOW + HOUR): F's window ended at 09:00, so nobody's
	 * row is 0/0/2 now; cal's and cora's tasks do not change. */
	ok(followup_audit(&s, &p, 0, &rows, &n) == 0, "the counts follow the person");
	is_str(counts(find(rows, n, cal)), "1/0/3/1/0/1", "  cal: B's day 7 (open, due today) "
	       "and 48 h (overdue) gone");
	is_str(counts(find(rows, n, cora)), "1/1/2/0/1/0", "  cora: and they are cora's");
	is_str(counts(find(rows, n, FOLLOWUP_NOBODY)), "0/0/2/0/0/0",
	       "  nobody: F's 48 h is overdue an hour on");
	free(rows);

	/* Refusals write nothing: not the audit log (fx_state), not a person. */
	snprintf(before, sizeof before, "%s", owners());
	REFUSED(s, followup_reassign_all(&s, cal, cal, &moved), "already belongs to that caseworker",
	        "a caseload to the caseworker who has it");
	REFUSED(s, followup_reassign_all(&s, cal, hana, &moved), "is not a caseworker or supervisor",
	        "a caseload to health staff");
	REFUSED(s, followup_reassign_all(&s, cal, adam, &moved), "is not a caseworker or supervisor",
	        "a caseload to an admin");
	REFUSED(s, followup_reassign_all(&s, cal, 4242, &moved), "no such user",
	        "a caseload to nobody who exists");
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('cleo', 'Cleo Caseworker', 'caseworker', 0, 1)");
	REFUSED(s, followup_reassign_all(&s, cal, fx_user("cleo"), &moved), "is not active",
	        "a caseload to a caseworker no longer active");
	REFUSED(s, followup_reassign_all(&s, sam, cora, &moved), "no open cases",
	        "a caseload with no open case");
	as(&s, "cal", NOW + HOUR);
	REFUSED(s, followup_reassign_all(&s, cal, cora, &moved), "only a supervisor",
	        "a caseworker cannot move a caseload");
	ok(followup_caseworkers(&s, &u, &n) != 0 && u == NULL, "  nor list whom to give it to");
	is_str(owners(), before, "  every person as they were");
	is_int(moved, 0, "  and nothing moved");

	/* The whole caseload: A and C, open; H is closed and stays. */
	as(&s, "sam", NOW + HOUR);
	ok(followup_reassign_all(&s, cal, cora, &moved) == 0, "cal's caseload goes to cora: %s",
	   s.err);
	is_int(moved, 2, "  two people moved");
	snprintf(want, sizeof want, "RA-1:%lld:2 RB-1:%lld:2 RC-1:%lld:2 RH-1:%lld:2 RD-1:%lld:1 "
	         "RE-1:%lld:1 RI-1:%lld:1 RJ-1:%lld:1 RF-1:0:1 RG-1:0:1", (long long)cora,
	         (long long)cora, (long long)cora, (long long)cal, (long long)cora,
	         (long long)cora, (long long)cora, (long long)cora);
	is_str(owners(), want, "  A and C are cora's, a version on; closed H stays cal's");
	snprintf(want, sizeof want, "SELECT count(*) FROM audit WHERE action = 'reassign' AND "
	         "entity = 'person' AND entity_id = person_id AND person_id IN (%lld, %lld) AND "
	         "detail = '%s'", (long long)pa, (long long)pc, moved_detail);
	is_int(count(want), 2, "  a reassign row on each person's own trail");
	snprintf(want, sizeof want, "2 open cases from user %lld to user %lld", (long long)cal,
	         (long long)cora);
	is_str(last_detail(), want, "  and one row sums it up");
	is_int(audits("reassign_all", "user"), 1, "  just one");
	ok(followup_audit(&s, &p, 0, &rows, &n) == 0, "the audit after the move");
	is_str(counts(find(rows, n, cal)), "0/0/0/0/0/0", "  cal has nothing left");
	is_str(counts(find(rows, n, cora)), "2/1/5/1/1/1", "  cora has it all");
	free(rows);

	ok(followup_reassign_all(&s, FOLLOWUP_NOBODY, cal, &moved) == 0 && moved == 2,
	   "the people with no caseworker go to cal: %s", s.err);
	is_int(count("SELECT count(*) FROM person WHERE caseworker_id IS NULL"), 0,
	       "  nobody is left without one");
	snprintf(want, sizeof want, "2 open cases with no caseworker to user %lld", (long long)cal);
	is_str(last_detail(), want, "  summed up");
	ok(followup_audit(&s, &p, 0, &rows, &n) == 0, "the audit after that");
	is_str(counts(find(rows, n, cal)), "0/0/2/0/0/0", "  cal: F's and G's overdue 48 hours");
	ok(find(rows, n, FOLLOWUP_NOBODY) == NULL, "  and no row for nobody");
	free(rows);
	is_int(count("SELECT count(*) FROM task t JOIN person p ON p.id = t.person_id WHERE "
	             "t.caseworker_id IS NOT p.caseworker_id"), 0,
	       "every task's caseworker is its person's");

	/* A task made after a reassignment takes the new caseworker. */
	as(&s, "cal", NOW + HOUR);
	pk = mk_person(&s, "RK-1");
	as(&s, "sam", NOW + HOUR);
	ok(person_reassign(&s, pk, 1, cora) == 0, "K, cal's, is given to cora: %s", s.err);
	as(&s, "cora", NOW + HOUR);
	mk_stay(&s, pk, NOW - DAY, NOW);
	snprintf(want, sizeof want, "SELECT count(*) FROM task WHERE person_id = %lld AND "
	         "caseworker_id = %lld", (long long)pk, (long long)cora);
	is_int(count(want), 5, "  K's release makes five tasks, all cora's");
	as(&s, "sam", NOW + HOUR);
	ok(followup_audit(&s, &p, 0, &rows, &n) == 0, "the audit with K");
	is_str(counts(find(rows, n, cora)), "2/1/5/1/1/1", "  K's 48 h is due after the period: "
	       "cora's counts as they were");
	free(rows);

	/* A caseworker no longer active keeps a row while they have counts:
	 * their caseload is what the audit is for. */
	tu_exec(d, "UPDATE user SET active = 0 WHERE name = 'cora'");
	ok(followup_audit(&s, &p, 0, &rows, &n) == 0, "cora is no longer active");
	t = find(rows, n, cora);
	ok(t && strcmp(t->name, "Cora Caseworker") == 0 && !t->active,
	   "  her row is still there, named, marked inactive");
	is_str(counts(t), "2/1/5/1/1/1", "  with her counts");
	is_int(n, 4, "  four rows: cal, cora, sam and the total");
	free(rows);
	tu_exec(d, "UPDATE user SET active = 1 WHERE name = 'cora'");
}

int
main(void)
{
	fx_setup("roster.db");
	build();
	test_counts();
	test_overdue();
	test_reassign();
	db_close(d);
	return tap_done();
}
