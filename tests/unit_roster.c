/*
 * unit_roster.c - the follow-up audit on a real vault file: the six
 * counts per caseworker and in total, the overdue drill-down's order,
 * ages and last attempts, and reassigning one person and a caseload.
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
 *   2024-05-21 00:00 to 2024-05-22 00:00.
 *
 * cal's people
 *   A  released 05-01 09:00.  reached 05-02 09:00: the 48-hour contact
 *      closes on time (05-02, in the period).  No answer on 05-10 09:00
 *      (by phone, by cal) closes nothing.
 *        day 7  due 05-08 09:00, window ends 05-11 09:00: open, overdue
 *        day 14 due 05-15 09:00, window ends 05-18 09:00: open, overdue
 *        day 30 due 05-31: after the period, not counted
 *      An 'other' task due 05-10 (written with SQL): not a follow-up,
 *      counted nowhere.
 *   B  released 05-14 09:00, no contact at all.
 *        48 h   due 05-16 09:00 = window end: open, overdue
 *        day 7  due 05-21 09:00: open, due today, window ends 05-24
 *   C  released 05-06 11:00.  Declines the 48-hour contact on 05-07 11:00
 *      (task_decline): declined, in the period.  sam leaves a text
 *      message on 05-13 09:00.
 *        day 7  due 05-13 11:00, window ends 05-16 11:00: open, overdue
 *        day 14 due 05-20 11:00, window ends 05-23 11:00: open
 *   H  no stay; case closed (goal met): has no task, and stays cal's when
 *      cal's caseload moves (only open cases move).
 *   cal: open 2+2+2 = 6, due today 1, overdue 2+1+1 = 4, on time 1,
 *        late 0, declined 1
 *
 * cora's people
 *   D  released 03-22 09:00.  reached 03-23 and 03-30 (48 h and day 7
 *      done, but closed before the period: not counted); reached 04-23
 *      09:00, in the day-30 window (04-18 to 04-24 09:00): on time.
 *        day 14 due 04-05 09:00, window ends 04-08 09:00: open, overdue
 *   E  released 05-01 09:00, reached 05-02 09:00 (48 h done), then the
 *      task's closing time is corrected by hand to 05-04 09:00, after its
 *      window (05-03 09:00): closed late.  Booked again on 05-05: the
 *      other four clocks are cancelled, counted nowhere.
 *   cora: open 1, due today 0, overdue 1, on time 1, late 1, declined 0
 *
 * nobody's (made by sam, who names no caseworker)
 *   F  released 05-19 09:00: 48 h due 05-21 09:00 = NOW: open, due
 *      today, not overdue (its window ends at NOW, not before)
 *   G  released 05-16 10:00: 48 h due 05-18 10:00: open, overdue
 *   nobody: open 2, due today 1, overdue 1
 *
 * Total: open 9, due today 2, overdue 6, on time 2, late 1, declined 1.
 */
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "fixture.h"
#include "roster.h"
#include "task.h"

#define NOW (T0 + 20 * DAY)

static int64_t pa, pb, pc, pd, pe, pf, pg, ph;

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
	mk_stay(&s, pd, T0 - 45 * DAY, T0 - 40 * DAY);
	contact("cora", pd, T0 - 39 * DAY, "phone", "reached");
	contact("cora", pd, T0 - 32 * DAY, "phone", "reached");
	contact("cora", pd, T0 - 8 * DAY, "in_person", "reached");
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

static const struct roster_row *
find(const struct roster_row *r, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (r[i].caseworker_id == id)
			return &r[i];
	return NULL;
}

/* "open/today/overdue/on time/late/declined" */
static const char *
counts(const struct roster_row *r)
{
	static char out[80];

	if (!r)
		return "no row";
	snprintf(out, sizeof out, "%lld/%lld/%lld/%lld/%lld/%lld", (long long)r->open,
	         (long long)r->due_today, (long long)r->overdue, (long long)r->on_time,
	         (long long)r->late, (long long)r->declined);
	return out;
}

static void
test_counts(void)
{
	struct session s;
	struct period p;
	struct roster_row *r;
	int n;

	as(&s, "sam", NOW);
	period_days(&s, NOW, 30, &p);
	is_str(p.from, "2024-04-22", "the period starts 30 days back");
	ok(roster_followup(&s, &p, 0, &r, &n) == 0, "a supervisor reads the follow-up audit: %s",
	   s.err);
	is_int(n, 5, "  a row each for cal, cora and sam, one for nobody, and the total");
	if (n != 5)
		tap_bail("cannot go on without the five rows");
	is_str(r[0].name, "Cal Caseworker", "  by name: Cal first");
	is_str(r[1].name, "Cora Caseworker", "  then Cora");
	is_str(r[2].name, "Sam Supervisor", "  then Sam, a supervisor with no caseload");
	is_str(r[3].name, "(no caseworker)", "  then the people with no caseworker");
	is_int(r[3].caseworker_id, ROSTER_NOBODY, "  whose row is ROSTER_NOBODY");
	is_str(r[4].name, "Total", "  and the total last");
	is_int(r[4].caseworker_id, ROSTER_EVERYONE, "  whose row is ROSTER_EVERYONE");
	is_str(counts(&r[0]), "6/1/4/1/0/1", "  cal: open 6, due today 1, overdue 4, on time 1, "
	       "declined 1");
	is_str(counts(&r[1]), "1/0/1/1/1/0", "  cora: open 1, overdue 1, on time 1, late 1");
	is_str(counts(&r[2]), "0/0/0/0/0/0", "  sam: nothing");
	is_str(counts(&r[3]), "2/1/1/0/0/0", "  nobody: open 2, due today 1, overdue 1");
	is_str(counts(&r[4]), "9/2/6/2/1/1", "  total: 9, 2, 6, 2, 1, 1");
	ok(r[0].active && r[1].active && !r[3].active, "  the staff are active, nobody is not");
	free(r);

	ok(roster_followup(&s, &p, 1, &r, &n) == 0, "the one facility");
	is_str(counts(find(r, n, ROSTER_EVERYONE)), "9/2/6/2/1/1", "  holds every task");
	free(r);
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'Work Release Center')");
	ok(roster_followup(&s, &p, 2, &r, &n) == 0, "another facility");
	is_int(n, 4, "  the staff and the total, no row for nobody");
	is_str(counts(find(r, n, ROSTER_EVERYONE)), "0/0/0/0/0/0", "  with nothing counted");
	free(r);

	/* 2024-03-01 to 2024-03-31: D's first two contacts (03-23, 03-30) are
	 * on time; open counts what was due by 04-01 00:00: D's 48 h and day 7
	 * were done by then, so nothing is; overdue and due today are now. */
	ok(period_parse(&s, "2024-03-01", "2024-03-31", &p) == 0 &&
	   roster_followup(&s, &p, 0, &r, &n) == 0, "an earlier period");
	is_str(counts(find(r, n, cora)), "0/0/1/2/0/0", "  cora: 2 on time then, 1 overdue now");
	is_str(counts(find(r, n, cal)), "0/1/4/0/0/0", "  cal: only what is due today and "
	       "overdue now");
	free(r);

	as(&s, "cal", NOW);
	period_days(&s, NOW, 30, &p);
	REFUSED(s, roster_followup(&s, &p, 0, &r, &n), "for supervisors",
	        "a caseworker cannot read the follow-up audit");
	ok(r == NULL && n == 0, "  and gets no rows");
	as(&s, "hana", NOW);
	REFUSED(s, roster_followup(&s, &p, 0, &r, &n), "for supervisors", "nor health staff");
	as(&s, "adam", NOW);
	REFUSED(s, roster_followup(&s, &p, 0, &r, &n), "for supervisors", "nor an admin");
}

static void
test_overdue(void)
{
	struct session s;
	struct roster_item *r;
	long long before;
	char want[80];
	int n;

	as(&s, "sam", NOW);
	before = count("SELECT count(*) FROM audit");
	ok(roster_overdue(&s, cal, 0, 50, &r, &n) == 0, "cal's overdue items: %s", s.err);
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
	snprintf(want, sizeof want, "overdue follow-ups of user %lld: 4", (long long)cal);
	is_str(last_detail(), want, "  naming the list, not the people");
	is_int(count("SELECT count(*) FROM audit WHERE action = 'view' AND "
	             "entity = 'followup_audit' AND person_id IS NULL"), 1,
	       "  a view of the follow-up audit");
	free(r);

	ok(roster_overdue(&s, ROSTER_EVERYONE, 0, 50, &r, &n) == 0, "everyone's overdue items");
	is_int(n, 6, "  six, as the total says");
	ok(n == 6 && r[0].person_id == pd && strcmp(r[0].what, "day 14 follow-up") == 0 &&
	   r[5].person_id == pg, "  D's day 14 (04-08) first, G's 48 hours (05-18 10:00) last");
	ok(n == 6 && r[0].attempt_at == T0 - 8 * DAY && strcmp(r[0].outcome, "reached") == 0 &&
	   strcmp(r[0].attempt_by, "Cora Caseworker") == 0,
	   "  D's last attempt: reached in person on 04-23, by Cora");
	ok(n == 6 && r[4].person_id == pa && r[3].person_id == pc, "  the others in between");
	free(r);

	ok(roster_overdue(&s, ROSTER_EVERYONE, 0, 2, &r, &n) == 0 && n == 2 &&
	   r[0].person_id == pd && r[1].person_id == pa, "at most limit items, most overdue first");
	free(r);
	ok(roster_overdue(&s, ROSTER_NOBODY, 0, 50, &r, &n) == 0 && n == 1 && r[0].person_id == pg,
	   "the people with no caseworker: G alone (F is due, not overdue)");
	is_str(last_detail(), "overdue follow-ups of no caseworker: 1", "  audited as such");
	free(r);
	ok(roster_overdue(&s, cora, 2, 50, &r, &n) == 0 && n == 0, "another facility: none");
	free(r);
	ok(roster_overdue(&s, sam, 0, 50, &r, &n) == 0 && n == 0 && r == NULL,
	   "a supervisor with no caseload: none");

	as(&s, "cal", NOW);
	REFUSED(s, roster_overdue(&s, cal, 0, 50, &r, &n), "for supervisors",
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
	if (sqlite3_prepare_v2(d->sql, "SELECT group_concat(participant_code || ':' || "
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
	struct roster_user *u;
	struct roster_item *r;
	struct roster_row *rows;
	struct period p;
	char before[200], want[300], moved_detail[80];
	int64_t load;
	int n, moved = -1;

	as(&s, "sam", NOW + HOUR);
	ok(roster_caseworkers(&s, &u, &n) == 0, "the people a case may go to: %s", s.err);
	is_int(n, 3, "  three: two caseworkers and the supervisor");
	ok(n == 3 && u[0].id == cal && u[1].id == cora && u[2].id == sam &&
	   u[2].role == ROLE_SUPERVISOR, "  by name, with their roles");
	free(u);
	ok(roster_caseload(&s, cal, &load) == 0 && load == 3, "cal has three open cases (A, B, C)");
	ok(roster_caseload(&s, ROSTER_NOBODY, &load) == 0 && load == 2,
	   "two open cases have no caseworker (F, G)");

	/* One person: B, from the drill-down's row, to cora. */
	ok(roster_overdue(&s, cal, 0, 50, &r, &n) == 0 && n == 4, "cal's overdue items again");
	ok(n == 4 && person_reassign(&s, r[1].person_id, r[1].person_version, cora) == 0,
	   "B is given to cora from the drill-down: %s", s.err);
	free(r);
	is_int(count("SELECT caseworker_id FROM person WHERE participant_code = 'RB-1'"), cora,
	       "  B is cora's");
	is_int(count("SELECT version FROM person WHERE participant_code = 'RB-1'"), 2,
	       "  at version 2");
	snprintf(moved_detail, sizeof moved_detail, "from user %lld to user %lld", (long long)cal,
	         (long long)cora);
	is_str(last_detail(), moved_detail, "  audited on B's trail");
	period_days(&s, NOW, 30, &p);
	ok(roster_followup(&s, &p, 0, &rows, &n) == 0, "the counts follow the person");
	is_str(counts(find(rows, n, cal)), "4/0/3/1/0/1", "  cal: B's 2 open, 1 due today, "
	       "1 overdue gone");
	is_str(counts(find(rows, n, cora)), "3/1/2/1/1/0", "  cora: and they are cora's");
	free(rows);

	/* Refusals write nothing: not the audit log (fx_state), not a person. */
	snprintf(before, sizeof before, "%s", owners());
	REFUSED(s, roster_reassign_all(&s, cal, cal, &moved), "already belongs to that caseworker",
	        "a caseload to the caseworker who has it");
	REFUSED(s, roster_reassign_all(&s, cal, hana, &moved), "is not a caseworker or supervisor",
	        "a caseload to health staff");
	REFUSED(s, roster_reassign_all(&s, cal, adam, &moved), "is not a caseworker or supervisor",
	        "a caseload to an admin");
	REFUSED(s, roster_reassign_all(&s, cal, 4242, &moved), "no such user",
	        "a caseload to nobody who exists");
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('cleo', 'Cleo Caseworker', 'caseworker', 0, 1)");
	REFUSED(s, roster_reassign_all(&s, cal, fx_user("cleo"), &moved), "is not active",
	        "a caseload to a caseworker no longer active");
	REFUSED(s, roster_reassign_all(&s, sam, cora, &moved), "no open cases",
	        "a caseload with no open case");
	as(&s, "cal", NOW + HOUR);
	REFUSED(s, roster_reassign_all(&s, cal, cora, &moved), "only a supervisor",
	        "a caseworker cannot move a caseload");
	ok(roster_caseworkers(&s, &u, &n) != 0 && u == NULL, "  nor list whom to give it to");
	is_str(owners(), before, "  every person as they were");
	is_int(moved, 0, "  and nothing moved");

	/* The whole caseload: A and C, open; H is closed and stays. */
	as(&s, "sam", NOW + HOUR);
	ok(roster_reassign_all(&s, cal, cora, &moved) == 0, "cal's caseload goes to cora: %s",
	   s.err);
	is_int(moved, 2, "  two people moved");
	snprintf(want, sizeof want, "RA-1:%lld:2 RB-1:%lld:2 RC-1:%lld:2 RH-1:%lld:2 RD-1:%lld:1 "
	         "RE-1:%lld:1 RF-1:0:1 RG-1:0:1", (long long)cora, (long long)cora,
	         (long long)cora, (long long)cal, (long long)cora, (long long)cora);
	is_str(owners(), want, "  A and C are cora's, a version on; closed H stays cal's");
	snprintf(want, sizeof want, "SELECT count(*) FROM audit WHERE action = 'reassign' AND "
	         "entity = 'person' AND entity_id = person_id AND person_id IN (%lld, %lld) AND "
	         "detail = '%s'", (long long)pa, (long long)pc, moved_detail);
	is_int(count(want), 2, "  a reassign row on each person's own trail");
	snprintf(want, sizeof want, "2 open cases from user %lld to user %lld", (long long)cal,
	         (long long)cora);
	is_str(last_detail(), want, "  and one row sums it up");
	is_int(audits("reassign_all", "user"), 1, "  just one");
	ok(roster_followup(&s, &p, 0, &rows, &n) == 0, "the audit after the move");
	is_str(counts(find(rows, n, cal)), "0/0/0/0/0/0", "  cal has nothing left");
	is_str(counts(find(rows, n, cora)), "7/1/5/2/1/1", "  cora has it all");
	free(rows);

	ok(roster_reassign_all(&s, ROSTER_NOBODY, cal, &moved) == 0 && moved == 2,
	   "the people with no caseworker go to cal: %s", s.err);
	is_int(count("SELECT count(*) FROM person WHERE caseworker_id IS NULL"), 0,
	       "  nobody is left without one");
	snprintf(want, sizeof want, "2 open cases with no caseworker to user %lld", (long long)cal);
	is_str(last_detail(), want, "  summed up");
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
