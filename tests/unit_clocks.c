/* SPDX-License-Identifier: ISC */
/*
 * unit_clocks.c - the follow-up clocks: what a release starts, what a
 * contact, a correction, a new booking or a closure does to them.
 *
 * Runs on a real vault file with the site in America/New_York, so the
 * calendar-day rules meet both daylight-saving changes: a follow-up keeps
 * its local clock time (7 days is 7 days minus an hour across the March
 * change), while the first contact counts 48 real hours.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "contact.h"
#include "login.h"
#include "session.h"
#include "stay.h"
#include "tap.h"
#include "task.h"
#include "util.h"
#include "zone.h"

#define NY "America/New_York"
#define H 3600
#define D 86400

static db *d;

/* ---------------------------------------------------------------- helpers */

static int64_t
utc(int y, int mo, int day, int h, int mi)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = day;
	tm.tm_hour = h, tm.tm_min = mi;
	return (int64_t)timegm(&tm);
}

/* A New York wall time with its offset from UTC (-5 EST, -4 EDT). */
static int64_t
ny(int y, int mo, int day, int h, int mi, int off)
{
	return utc(y, mo, day, h, mi) - (int64_t)off * H;
}

static const char *
local(int64_t t)
{
	static char buf[4][40];
	static int i;

	i = (i + 1) % 4;
	zone_format(NY, t, buf[i], sizeof buf[i]);
	return buf[i];
}

/* One integer from SQL with up to two bound integers; -1 if no row. */
static long long
q64(const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		tap_bail("prepare %s: %s", sql, sqlite3_errmsg(db_sql(d)));
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t
add_person(const char *code, int64_t caseworker)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db_sql(d), "INSERT INTO person (participant_code, legal_name, "
	                       "caseworker_id, last_activity_at, created_at, updated_at, "
	                       "updated_by) VALUES (?1, ?1, ?2, 0, 0, 0, 1)", -1, &st,
	                       NULL) != SQLITE_OK)
		tap_bail("prepare person: %s", sqlite3_errmsg(db_sql(d)));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, caseworker);
	if (sqlite3_step(st) != SQLITE_DONE)
		tap_bail("insert person: %s", sqlite3_errmsg(db_sql(d)));
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_sql(d));
}

static void
as(struct session *s, const char *user, int64_t now)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = now;
	if (login_as(s, d, user) != 0)
		tap_bail("session %s: %s", user, s->err);
}

static int64_t
book(struct session *s, int64_t person, int64_t booked_at)
{
	struct stay_booking b = {person, 1, "B-1", booked_at, 0, NULL};
	int64_t id;

	if (stay_book(s, &b, &id) != 0)
		tap_bail("book: %s", s->err);
	return id;
}

static int64_t
booked_and_released(struct session *s, int64_t person, int64_t released_at)
{
	int64_t id = book(s, person, released_at - 30 * D);

	if (stay_record_release(s, id, released_at, "court", 0) != 0)
		tap_bail("release: %s", s->err);
	return id;
}

static struct task_row *
find(struct task_row *t, int n, const char *kind, int checkpoint)
{
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].kind, kind) == 0 && t[i].checkpoint == checkpoint)
			return &t[i];
	tap_bail("no %s task %d", kind, checkpoint);
}

static int
tasks(struct session *s, int64_t person, struct task_row *t)
{
	int n;

	if (task_list_for_person(s, person, t, 64, &n) != 0)
		tap_bail("list: %s", s->err);
	return n;
}

static long long
open_tasks(int64_t person)
{
	return q64("SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'", person, 0);
}

static long long
audit_rows(void)
{
	return q64("SELECT count(*) FROM audit", 0, 0);
}

/* ---------------------------------------------------------------- tests */

static void
test_release_starts_clocks(void)
{
	struct session s;
	struct task_row t[64];
	int64_t p = add_person("C-1", 3);
	/* June: no daylight-saving change within 93 days. */
	int64_t r = ny(2026, 6, 1, 10, 0, -4), stay;
	long long before;
	int n;

	as(&s, "casey", r + H);
	stay = book(&s, p, r - 10 * D);
	before = audit_rows();
	ok(stay_record_release(&s, stay, r, "scheduled", 1) == 0, "a release is recorded");
	n = tasks(&s, p, t);
	is_int(n, 5, "  and starts five clocks");
	struct task_row *c = find(t, n, "contact_48h", 0);
	is_int(c->due_at - r, 48 * H, "  the first contact is due 48 hours after release");
	is_int(c->window_start, r, "  its window opens at the release");
	is_int(c->window_end, c->due_at, "  and closes when it is due");
	static const int days[] = {7, 14, 30, 90};
	for (int i = 0; i < 4; i++) {
		struct task_row *f = find(t, n, "followup", days[i]);
		char name[80];
		snprintf(name, sizeof name, "  day %d follow-up due %d days later, window +/- 3 days",
		         days[i], days[i]);
		ok(f->due_at - r == (int64_t)days[i] * D && f->due_at - f->window_start == 3 * D &&
		   f->window_end - f->due_at == 3 * D && strcmp(f->status, "open") == 0 &&
		   f->stay_id == stay, "%s", name);
	}
	is_int(q64("SELECT version FROM stay WHERE id = ?1", stay, 0), 2, "  the stay's version moved");
	is_int(q64("SELECT last_activity_at FROM person WHERE id = ?1", p, 0), r,
	       "  the person's last activity is the release");
	is_int(audit_rows() - before, 6, "  the release and each clock are in the audit log");
}

static void
test_release_refusals(void)
{
	struct session s;
	int64_t p = add_person("C-2", 3), now = utc(2026, 6, 10, 12, 0), stay;
	long long before;

	as(&s, "casey", now);
	stay = book(&s, p, now - 5 * D);
	before = audit_rows();
	ok(stay_record_release(&s, stay, now - 6 * D, "court", 0) != 0,
	   "a release before the booking is refused");
	has_str(s.err, "before the booking", "  and says why");
	is_int(q64("SELECT count(*) FROM stay WHERE id = ?1 AND released_at IS NULL", stay, 0), 1,
	       "  the stay is still open");
	is_int(open_tasks(p), 0, "  no clock started");
	is_int(audit_rows(), before, "  nothing was logged");
	ok(stay_record_release(&s, stay, now + 2 * H, "court", 0) != 0,
	   "a release in the future is refused");
	ok(stay_record_release(&s, stay, now - H, "sideways", 0) != 0,
	   "an unknown release type is refused");
	ok(stay_record_release(&s, stay, now - H, "bail_bond", 0) == 0, "the real release is recorded");
	ok(stay_record_release(&s, stay, now - 30 * 60, "bail_bond", 0) != 0,
	   "recording it twice is refused");
	has_str(s.err, "already recorded", "  and says it is already recorded");
	is_int(open_tasks(p), 5, "  no second set of clocks");
}

/* Each follow-up's due time, as the site's wall clock shows it. */
static void
test_local_days(void)
{
	struct session s;
	struct task_row t[64];
	int64_t p1 = add_person("C-3", 3), p2 = add_person("C-4", 3), p3 = add_person("C-5", 3);
	int64_t p4 = add_person("C-6", 3), r;
	int n;

	as(&s, "casey", utc(2027, 1, 1, 0, 0));

	/* 23:59 local is already the next day in UTC. */
	r = ny(2026, 6, 10, 23, 59, -4);
	booked_and_released(&s, p1, r);
	n = tasks(&s, p1, t);
	is_str(local(find(t, n, "followup", 7)->due_at), "2026-06-17 23:59",
	       "released 23:59 local: day 7 is 23:59 seven local days later");
	is_str(local(find(t, n, "followup", 7)->window_start), "2026-06-14 23:59",
	       "  its window opens 23:59 four days later");
	is_str(local(find(t, n, "followup", 90)->window_end), "2026-09-11 23:59",
	       "  day 90's window closes 23:59 on day 93");

	/* March: clocks spring forward on 2026-03-08. */
	r = ny(2026, 3, 5, 10, 0, -5);
	booked_and_released(&s, p2, r);
	n = tasks(&s, p2, t);
	is_str(local(find(t, n, "followup", 7)->due_at), "2026-03-12 10:00",
	       "March: released 10:00 EST, day 7 is 10:00 EDT");
	is_int(find(t, n, "followup", 7)->due_at - r, 7 * D - H, "  which is an hour short of 7x24");
	is_int(find(t, n, "contact_48h", 0)->due_at - r, 48 * H,
	       "  the first contact is still 48 real hours");
	is_str(local(find(t, n, "followup", 7)->window_start), "2026-03-09 10:00",
	       "  its window opens at 10:00 on day 4, after the change");

	r = ny(2026, 3, 7, 23, 59, -5);
	booked_and_released(&s, p3, r);
	n = tasks(&s, p3, t);
	is_str(local(find(t, n, "contact_48h", 0)->due_at), "2026-03-10 00:59",
	       "23:59 the night before the change: the 48-hour contact reads 00:59");
	is_str(local(find(t, n, "followup", 7)->due_at), "2026-03-14 23:59",
	       "  and day 7 keeps 23:59");

	/* November: clocks fall back on 2026-11-01. */
	r = ny(2026, 10, 30, 10, 0, -4);
	booked_and_released(&s, p4, r);
	n = tasks(&s, p4, t);
	is_str(local(find(t, n, "followup", 7)->due_at), "2026-11-06 10:00",
	       "November: released 10:00 EDT, day 7 is 10:00 EST");
	is_int(find(t, n, "followup", 7)->due_at - r, 7 * D + H, "  an hour more than 7x24");
	is_str(local(find(t, n, "contact_48h", 0)->due_at), "2026-11-01 09:00",
	       "  the 48-hour contact, across the change, reads 09:00");
}

static void
test_zone_edges(void)
{
	int64_t out[2];
	int days[] = {7, 0};

	/* 02:30 does not exist on 2026-03-08 in New York. */
	zone_add_days(NY, ny(2026, 3, 1, 2, 30, -5), days, 1, out);
	is_str(local(out[0]), "2026-03-08 03:30", "a time in the spring gap moves past the gap");
	/* 01:30 happens twice on 2026-11-01: the first, EDT. */
	zone_add_days(NY, ny(2026, 10, 25, 1, 30, -4), days, 1, out);
	is_int(out[0], ny(2026, 11, 1, 1, 30, -4), "a time in the autumn overlap is the earlier one");
	ok(!zone_known("../etc/passwd") && !zone_known("EST5EDT,M3.2.0") && zone_known(NY),
	   "only names in the TZ database count as zones");
	ok(getenv("TZ") == NULL || strcmp(getenv("TZ"), ":" NY) != 0,
	   "the process's TZ is put back after each conversion");
}

static void
test_contacts(void)
{
	struct session s;
	struct task_row t[64];
	struct contact_result cr;
	int64_t p = add_person("C-7", 3), r = utc(2026, 7, 1, 16, 0);
	int n;

	as(&s, "casey", r + 20 * D);
	booked_and_released(&s, p, r);
	ok(contact_record(&s, p, r - H, "phone", "reached", NULL, &cr) == 0 && cr.task_id == 0,
	   "a contact before the release closes nothing");
	ok(contact_record(&s, p, r + 10 * H, "phone", "message", "left a voicemail", &cr) == 0 &&
	   cr.task_id == 0, "a message left inside the 48-hour window closes nothing");
	ok(contact_record(&s, p, r + 30 * H, "phone", "reached", "doing ok", &cr) == 0 &&
	   cr.task_id > 0, "reaching the person 30 hours after release closes a task");
	n = tasks(&s, p, t);
	struct task_row *c = find(t, n, "contact_48h", 0);
	ok(c->id == cr.task_id && strcmp(c->status, "done") == 0, "  the 48-hour contact, as done");
	ok(c->contact_id == cr.contact_id && c->closed_by == 3 && c->closed_at == r + 30 * H,
	   "  naming the contact, who closed it, and when");
	ok(contact_record(&s, p, r + 60 * H, "in_person", "reached", NULL, &cr) == 0 &&
	   cr.task_id == 0, "a contact between windows (day 2.5) closes nothing");
	is_int(open_tasks(p), 4, "  the four follow-ups are still open");
	ok(contact_record(&s, p, r + 8 * D, "text", "reached", NULL, &cr) == 0 && cr.task_id > 0,
	   "a contact on day 8 closes the day 7 follow-up");
	n = tasks(&s, p, t);
	is_str(find(t, n, "followup", 7)->status, "done", "  which is done");
	is_int(q64("SELECT last_activity_at FROM person WHERE id = ?1", p, 0), r + 8 * D,
	       "the last contact is the person's last activity");
	ok(contact_record(&s, p, r + 25 * D, "phone", "reached", NULL, &cr) != 0,
	   "a contact in the future is refused");
	ok(contact_record(&s, p, r + D, "pigeon", "reached", NULL, &cr) != 0,
	   "an unknown channel is refused");
}

static void
test_declined(void)
{
	struct session s;
	struct task_row t[64];
	struct contact_result cr;
	int64_t p = add_person("C-8", 3), r = utc(2026, 7, 1, 16, 0);
	int n, declined = 0;

	as(&s, "casey", r + 20 * D);
	booked_and_released(&s, p, r);
	contact_record(&s, p, r + 5 * H, "phone", "reached", NULL, &cr);
	ok(contact_record(&s, p, r + 9 * D, "phone", "declined", NULL, &cr) == 0 && cr.declined == 4,
	   "a 'declined' contact closes the four open follow-ups");
	n = tasks(&s, p, t);
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].kind, "followup") == 0 && strcmp(t[i].status, "declined") == 0 &&
		    t[i].contact_id == cr.contact_id)
			declined++;
	is_int(declined, 4, "  as declined, naming the contact");
	is_str(find(t, n, "contact_48h", 0)->status, "done", "  the contact already made stays done");
	is_int(open_tasks(p), 0, "  no reminders are left");
	is_int(q64("SELECT count(*) FROM person WHERE id = ?1 AND status = 'open'", p, 0), 1,
	       "  the case stays open until a caseworker closes it");
}

static void
test_closure(void)
{
	static const char *const reasons[] = {"reincarcerated", "deceased", "moved"};
	struct session s;
	int64_t r = utc(2026, 7, 1, 16, 0);
	int closed;

	as(&s, "casey", r + D);
	for (int i = 0; i < 3; i++) {
		char code[16];
		snprintf(code, sizeof code, "CL-%d", i);
		int64_t p = add_person(code, 3);
		booked_and_released(&s, p, r);
		ok(task_on_closure(&s, p, reasons[i], &closed) == 0 && closed == 5,
		   "closure as %s closes the five open tasks", reasons[i]);
		is_int(q64("SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'cancelled'", p,
		           0), 5, "  as cancelled");
	}
	int64_t p = add_person("CL-d", 3);
	booked_and_released(&s, p, r);
	ok(task_on_closure(&s, p, "declined_contact", &closed) == 0 && closed == 5,
	   "closure as declined further contact closes them");
	is_int(q64("SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'declined'", p, 0), 5,
	       "  as declined, the person's choice");
	p = add_person("CL-g", 3);
	booked_and_released(&s, p, r);
	ok(task_on_closure(&s, p, "goal_met", &closed) == 0 && closed == 5,
	   "closure as goal met cancels them: a closed case is on no queue");
	ok(task_on_closure(&s, p, "bored", &closed) != 0, "an unknown reason is refused");
	/* Inside a transaction someone else opened (person.c's closure). */
	p = add_person("CL-t", 3);
	booked_and_released(&s, p, r);
	ok(db_begin_write(d) == 0 && task_on_closure(&s, p, "moved", &closed) == 0 && closed == 5 &&
	   db_commit(d) == 0, "it joins the caller's transaction when there is one");
}

static void
test_decline_one(void)
{
	struct session s;
	struct task_row t[64];
	int64_t p = add_person("C-9", 3), r = utc(2026, 7, 1, 16, 0);
	int n;

	as(&s, "casey", r + D);
	booked_and_released(&s, p, r);
	n = tasks(&s, p, t);
	ok(task_decline(&s, find(t, n, "followup", 90)->id, NULL) == 0,
	   "a task is declined with no reason given");
	ok(task_decline(&s, find(t, n, "followup", 30)->id, "wants a break until autumn") == 0,
	   "  or with one");
	ok(task_decline(&s, find(t, n, "followup", 30)->id, NULL) != 0,
	   "a closed task cannot be declined again");
	has_str(s.err, "already closed", "  and says so");
	is_int(q64("SELECT count(*) FROM audit WHERE entity = 'task' AND entity_id = ?1 AND "
	           "detail LIKE '%autumn%'", find(t, n, "followup", 30)->id, 0), 1,
	       "  the reason is kept in the audit log");
}

static void
test_correction(void)
{
	struct session s, other;
	struct task_row t[64], after[64];
	struct contact_result cr;
	struct stay st;
	int64_t p = add_person("C-10", 3), r = utc(2026, 8, 3, 20, 0), stay, fix = r - 5 * H;
	long long before;
	int n;

	as(&s, "casey", r + 2 * D);
	stay = booked_and_released(&s, p, r);
	contact_record(&s, p, r + H, "phone", "reached", NULL, &cr);
	n = tasks(&s, p, t);
	task_decline(&s, find(t, n, "followup", 90)->id, NULL);
	stay_get(&s, stay, &st);
	ok(stay_correct_release(&s, stay, st.version, fix) == 0,
	   "a release time is corrected five hours earlier");
	tasks(&s, p, after);
	struct task_row *c = find(t, n, "contact_48h", 0), *c2 = find(after, n, "contact_48h", 0);
	ok(c2->due_at == c->due_at && strcmp(c2->status, "done") == 0,
	   "  the 48-hour contact already done stays as it was");
	ok(find(after, n, "followup", 90)->due_at == find(t, n, "followup", 90)->due_at,
	   "  a declined follow-up stays as it was");
	for (int k = 0; k < 3; k++) {
		static const int days[] = {7, 14, 30};
		struct task_row *a = find(after, n, "followup", days[k]);
		ok(a->due_at == fix + days[k] * D && a->window_start == fix + (days[k] - 3) * D &&
		   a->version == find(t, n, "followup", days[k])->version + 1,
		   "  the open day %d follow-up moved with it", days[k]);
	}
	is_int(q64("SELECT released_at FROM stay WHERE id = ?1", stay, 0), fix, "  the stay shows it");

	before = audit_rows();
	ok(stay_correct_release(&s, stay, st.version, r) != 0,
	   "a correction from a stale version is refused");
	has_str(s.err, "changed by Casey Worker at ", "  naming who changed it");
	has_str(s.err, "since you opened it", "  and that it was since they opened it");
	is_int(q64("SELECT released_at FROM stay WHERE id = ?1", stay, 0), fix, "  nothing changed");
	is_int(audit_rows(), before, "  nothing was logged");
	ok(stay_correct_release(&s, stay, st.version + 1, st.booked_at - H) != 0,
	   "a correction to before the booking is refused");

	/* Someone else moves an expected date while this session has the
	 * stay open. */
	int64_t p2 = add_person("C-11", 3), stay2 = book(&s, p2, r - D);
	stay_get(&s, stay2, &st);
	as(&other, "sam", r + 2 * D + 60);
	ok(stay_set_expected(&other, stay2, st.version, r + 20 * D, "court_date") == 0,
	   "a supervisor sets an expected release");
	s.fixed_now = r + 2 * D + 120;
	ok(stay_set_expected(&s, stay2, st.version, r + 9 * D, "sentence") != 0,
	   "the caseworker's change from the older version is refused");
	char want[120];
	snprintf(want, sizeof want, "changed by Sam Lee at %s since you opened it",
	         local(r + 2 * D + 60));
	has_str(s.err, want, "  with the supervisor's name and the time, in the site's zone");
	is_int(q64("SELECT expected_release_at FROM stay WHERE id = ?1", stay2, 0), r + 20 * D,
	       "  the supervisor's date stands");
	is_int(q64("SELECT count(*) FROM stay_expected_change WHERE stay_id = ?1", stay2, 0), 1,
	       "  and only that change is in the history");
	ok(stay_set_expected(&s, stay2, st.version + 1, r + 9 * D, "sentence") == 0,
	   "from the current version it is saved");
	is_int(q64("SELECT count(*) FROM stay_expected_change WHERE stay_id = ?1 AND changed_by = 3 "
	           "AND old_at = ?2", stay2, r + 20 * D), 1, "  with the old date in the history");
}

static void
test_rebooking(void)
{
	struct session s;
	struct contact_result cr;
	int64_t p = add_person("C-12", 3), r = utc(2026, 9, 1, 14, 0), first, second;

	as(&s, "casey", r + 40 * D);
	first = booked_and_released(&s, p, r);
	contact_record(&s, p, r + 2 * H, "phone", "reached", NULL, &cr);
	contact_record(&s, p, r + 14 * D, "phone", "reached", NULL, &cr);
	struct stay_booking b = {p, 1, "B-2", r + 20 * D, 0, NULL};
	ok(stay_book(&s, &b, &second) == 0, "the person is booked again 20 days after release");
	is_int(q64("SELECT count(*) FROM task WHERE stay_id = ?1 AND status = 'cancelled'", first, 0),
	       3, "  the open clocks of the first release are cancelled");
	is_int(q64("SELECT count(*) FROM task WHERE stay_id = ?1 AND status = 'done'", first, 0), 2,
	       "  the ones done stay done");
	b.booked_at = r + 21 * D;
	ok(stay_book(&s, &b, NULL) != 0, "a booking while in custody is refused");
	has_str(s.err, "already in custody", "  and says why");
	ok(stay_record_release(&s, second, r + 30 * D, "bail_bond", 0) == 0,
	   "the second release is recorded");
	is_int(q64("SELECT count(*) FROM task WHERE stay_id = ?1 AND status = 'open'", second, 0), 5,
	       "  five new clocks start from it");
	is_int(q64("SELECT min(due_at) FROM task WHERE stay_id = ?1", second, 0), r + 30 * D + 48 * H,
	       "  the first due 48 hours after the second release");
	b.booked_at = r + 29 * D;
	ok(stay_book(&s, &b, NULL) != 0, "a booking before the last release is refused");
	is_int(q64("SELECT count(*) FROM person_search WHERE person_search MATCH 'codes:B*' AND "
	           "rowid = ?1", p, 0), 1, "the booking numbers are searchable");
}

static void
test_late_entry(void)
{
	struct session s;
	struct contact_result cr;
	int64_t p = add_person("C-13", 3), r = utc(2026, 9, 1, 2, 0), stay;

	as(&s, "casey", r + 10 * H);
	stay = book(&s, p, r - 3 * D);
	/* The caseworker reached the person at 08:00; the release is typed in
	 * at 10:00, backdated to 02:00. */
	contact_record(&s, p, r + 6 * H, "phone", "reached", NULL, &cr);
	ok(stay_record_release(&s, stay, r, "court", 0) == 0, "a release is recorded late");
	is_int(q64("SELECT contact_id FROM task WHERE stay_id = ?1 AND kind = 'contact_48h'", stay, 0),
	       cr.contact_id, "  the contact already made closes its 48-hour clock");
}

static void
test_access(void)
{
	struct session s;
	struct contact_result cr;
	int64_t p = add_person("C-14", 5), r = utc(2026, 9, 1, 14, 0), stay;

	as(&s, "hana", r + H);
	struct stay_booking b = {p, 1, NULL, r - 2 * D, r + 5 * D, "court_date"};
	ok(stay_book(&s, &b, &stay) == 0, "health staff book a person they could not see before");
	ok(stay_record_release(&s, stay, r, "court", 0) == 0, "  and record the release");
	as(&s, "casey", r + 2 * H);
	ok(contact_record(&s, p, r + H, "phone", "reached", NULL, &cr) != 0,
	   "a caseworker cannot record a contact for someone else's caseload");
	has_str(s.err, "break-the-glass", "  and is told about break-the-glass");
	as(&s, "admin", r + 2 * H);
	ok(stay_book(&s, &b, NULL) != 0, "an admin cannot book anyone");
}

int
main(void)
{
	const char *dir = tu_tmpdir();

	if (db_init() != 0)
		tap_bail("db_init");
	if (!zone_known(NY))
		tap_bail("the TZ database has no %s (install tzdata)", NY);
	d = tu_create(tu_path(dir, "clocks.db"));
	tu_exec(d, "INSERT INTO user (id, name, display_name, role, created_at) VALUES "
	           "(1, 'admin', 'Admin', 'admin', 0), (2, 'hana', 'Hana Ito', 'health', 0), "
	           "(3, 'casey', 'Casey Worker', 'caseworker', 0), "
	           "(4, 'sam', 'Sam Lee', 'supervisor', 0), (5, 'dana', 'Dana Reyes', 'caseworker', 0);"
	           "INSERT INTO facility (id, name) VALUES (1, 'County Jail'), (2, 'State Prison');"
	           "UPDATE setting SET value = 'America/New_York' WHERE key = 'site.time_zone';");
	test_release_starts_clocks();
	test_release_refusals();
	test_local_days();
	test_zone_edges();
	test_contacts();
	test_declined();
	test_closure();
	test_decline_one();
	test_correction();
	test_rebooking();
	test_late_entry();
	test_access();
	db_close(d);
	return tap_done();
}
