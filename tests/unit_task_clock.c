/* SPDX-License-Identifier: ISC */
/*
 * unit_task_clock.c - the site's clock settings as the clocks of a
 * release are started, in a real vault file made by the real migrations:
 * read inside an import (one statement kept prepared for all its
 * releases) and outside it (a release typed by hand), each setting that
 * does not parse replaced by its default, and the zone's own clock
 * across the end of daylight saving time.
 */
#include "roster_fixture.h"
#include "task_clock.h"

/* 2024-10-28 14:00 UTC (09:00 in Chicago): days 8 to 22 after it fall
 * after 2024-11-03, when Chicago's clocks went back an hour. */
#define R 1730124000LL

/* One number about the person's task of kind and checkpoint (0: the
 * first contact), sql's columns of task t. */
static long long
task_num(int64_t person, const char *kind, int checkpoint, const char *what)
{
	char sql[300];

	snprintf(sql, sizeof sql, "SELECT %s FROM task t WHERE person_id = ?1 AND kind = '%s' AND "
	         "coalesce(checkpoint, 0) = %d", what, kind, checkpoint);
	return about(person, sql);
}

static void
settings(const char *hours, const char *window, const char *days, const char *zone)
{
	char sql[400];

	snprintf(sql, sizeof sql, "INSERT INTO setting (key, value) VALUES "
	         "('clock.contact_hours', '%s'), ('clock.window_days', '%s'), "
	         "('clock.followup_days', '%s'), ('site.time_zone', '%s') "
	         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", hours, window, days, zone);
	tu_exec(d, sql);
}

/* The clocks of person's release at R: a first contact of hours, and a
 * follow-up on each of days[n] with window days either side, each at the
 * local time of the release (shift: seconds the zone's clock went back
 * by then). */
static void
clocks(int64_t person, const char *who, int hours, const int *days, int n, int window,
       long long shift)
{
	char what[120];
	int right = 0;

	snprintf(what, sizeof what, "  %s: %d clocks", who, 1 + n);
	is_int(about(person, "SELECT count(*) FROM task WHERE person_id = ?1"), 1 + n, what);
	snprintf(what, sizeof what, "  %s: the first contact due %d hours after the release", who,
	         hours);
	is_int(task_num(person, "contact_48h", 0, "due_at - window_start"), hours * HOUR, what);
	for (int i = 0; i < n; i++) {
		long long due = R + days[i] * DAY + shift;

		right += task_num(person, "followup", days[i], "due_at") == due &&
		         task_num(person, "followup", days[i], "window_start") == due - window * DAY &&
		         task_num(person, "followup", days[i], "window_end") == due + window * DAY;
	}
	snprintf(what, sizeof what, "  %s: each follow-up on its day, %d days either side", who,
	         window);
	is_int(right, n, what);
}

/* Inside an import: two people left a full snapshot at R, each given the
 * clocks the site's settings say. */
static void
test_import(void)
{
	static const int days[] = {10, 20};
	struct roster_summary m;
	struct roster_result r;
	struct task_clock_cfg c;
	struct session s;
	int64_t ada, ben;

	settings("24", "2", "10,20", "America/Chicago");
	ok(task_clock_settings(d, &c) == 0 && c.hours == 24 && c.window == 2 && c.ndays == 2 &&
	   c.days[0] == 10 && c.days[1] == 20 && strcmp(c.zone, "America/Chicago") == 0,
	   "the settings read as they are set");
	as(&s, "sam", R);
	ada = person(&s, "C-1", "Ada Wren", "1980-01-01");
	ben = person(&s, "C-2", "Ben Wren", "1981-02-02");
	parse(hourly, HDR "CB1,\"Wren, Ada\",1980-01-01,2024-10-27 10:00,\n"
	              "CB2,\"Wren, Ben\",1981-02-02,2024-10-27 11:00,\n"
	              "CB3,\"Wren, Cy\",1982-03-03,2024-10-27 12:00,\n", &r);
	if (roster_import(&s, &prof, pname, &r, 0, &m) != 0)
		tap_bail("import: %s", s.err);
	roster_result_free(&r);
	as(&s, "sam", R + HOUR);
	parse(hourly, HDR "CB3,\"Wren, Cy\",1982-03-03,2024-10-27 12:00,\n", &r);
	ok(roster_import(&s, &prof, pname, &r, ROSTER_ACCEPT_MISSING, &m) == 0 && m.inferred == 2,
	   "two left the snapshot: released at the hour they were last seen");
	roster_result_free(&r);
	clocks(ada, "Ada", 24, days, 2, 2, HOUR);
	clocks(ben, "Ben", 24, days, 2, 2, HOUR);
}

/* Outside an import, settings that do not parse: the defaults, in UTC. */
static void
test_typed(void)
{
	static const int days[] = {7, 14, 30, 90};
	struct session s;
	int64_t dot;

	settings("a day", "99", "30,7", "Mars/Olympus_Mons");
	as(&s, "cal", R);
	dot = mk_person(&s, "C-4");
	mk_stay(&s, dot, R - DAY, R);
	clocks(dot, "settings that do not parse", 48, days, 4, 3, 0);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("clock.db");
	test_import();
	test_typed();
	db_close(d);
	return tap_done();
}
