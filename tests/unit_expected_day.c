/* SPDX-License-Identifier: ISC */
/*
 * unit_expected_day.c - an expected release of a date only (midnight,
 * the site's local time) is due that whole day: on the queues it is
 * "today" until the day is over, never hours past, and late only from
 * the day's end.  An expected release with a time is late from that time.
 * Checked in UTC and in a zone with daylight saving.
 */
#include <stdlib.h>

#include "fixture.h"
#include "queue.h"
#include "setting.h"

/* The row of queue fill about person id for sam at now; bails if none. */
static struct queue_row
row_of(queue_fill fill, int64_t id, int64_t now)
{
	struct queue_filter f = {0};
	struct queue_row *rows = calloc(200, sizeof *rows), out;
	struct session s;
	int n = 0, found = 0;

	as(&s, "sam", now);
	if (!rows || fill(&s, &f, rows, 200, &n) != 0)
		tap_bail("queue: %s", s.err);
	for (int i = 0; i < n; i++)
		if (rows[i].person_id == id)
			out = rows[i], found = 1;
	free(rows);
	if (!found)
		tap_bail("no row for person %lld", (long long)id);
	return out;
}

static int
prerelease(struct session *s, const struct queue_filter *f, struct queue_row *rows, int limit,
           int *n)
{
	return queue_prerelease(s, 0, f, rows, limit, n);
}

/* A person in custody whose release is expected at `at`. */
static int64_t
expected_at(const char *code, int64_t at)
{
	struct session s;
	struct stay st;
	int64_t p, stay;

	as(&s, "cal", T0 - 3 * DAY);
	p = mk_person(&s, code);
	stay = mk_stay(&s, p, T0 - 3 * DAY, 0);
	if (stay_get(&s, stay, &st) != 0 ||
	    stay_change_expected(&s, stay, st.version, at, "sentence", NULL) != 0)
		tap_bail("expected: %s", s.err);
	return p;
}

int
main(void)
{
	/* T0 is 2024-05-01 09:00 UTC; the day began at 00:00 UTC. */
	const int64_t day = T0 - 9 * HOUR;
	struct queue_row r;
	int64_t today, timed, yesterday, chicago, end;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("expected-day.db");
	today = expected_at("D-1", day);
	timed = expected_at("D-2", day + HOUR);
	yesterday = expected_at("D-3", day - DAY);

	tap_diag("stay_expected_day");
	ok(stay_expected_day("UTC", day, &end) == 1 && end == day + DAY,
	   "midnight is a date: due until the next midnight");
	is_int(stay_expected_day("UTC", day + HOUR, &end), 0, "01:00 is a time");
	ok(stay_expected_day("America/Chicago", day + 5 * HOUR, &end) == 1 &&
	   end == day + 29 * HOUR, "midnight in Chicago (05:00 UTC in May) is a date there");
	is_int(stay_expected_day("America/Chicago", day, &end), 0, "  and UTC midnight is not");

	tap_diag("releasing queue at 14:00");
	r = row_of(queue_releasing, today, T0 + 5 * HOUR);
	ok(r.day_only && r.today, "a date only, expected today: today");
	ok(r.late < 0, "  not late (late %lld s)", (long long)r.late);
	is_str(r.what, "release expected (sentence calculation)", "  not \"has passed\"");
	r = row_of(queue_releasing, timed, T0 + 5 * HOUR);
	ok(!r.day_only && !r.today && r.late == 13 * HOUR, "expected at 01:00: 13 hours late");
	is_str(r.what, "expected release has passed: record the release or a new date",
	       "  and says it has passed");
	r = row_of(queue_releasing, yesterday, T0 + 5 * HOUR);
	ok(r.day_only && !r.today && r.late == 14 * HOUR,
	   "a date only, yesterday: late from the day's end, 14 hours (%lld s)", (long long)r.late);
	r = row_of(queue_releasing, today, day + DAY - 60);
	ok(r.today && r.late == -60, "23:59: still today");
	r = row_of(queue_releasing, today, day + DAY + 60);
	ok(!r.today && r.late == 60, "00:01 the next day: a minute late");

	tap_diag("pre-release queue at 14:00");
	r = row_of(prerelease, today, T0 + 5 * HOUR);
	ok(r.day_only && r.today && r.late < 0, "today there too");

	tap_diag("in the site's zone");
	tu_exec(d, "INSERT OR REPLACE INTO setting (key, value) VALUES "
	           "('site.time_zone', 'America/Chicago')");
	chicago = expected_at("D-4", day + 5 * HOUR);
	r = row_of(queue_releasing, chicago, day + 28 * HOUR); /* 23:00 in Chicago */
	ok(r.day_only && r.today && r.late == -HOUR, "Chicago's midnight: today until 23:59 there");
	r = row_of(queue_releasing, today, T0 + 5 * HOUR);
	ok(!r.day_only && r.late == 14 * HOUR, "UTC midnight is 19:00 in Chicago: a time, late");

	db_close(d);
	return tap_done();
}
