/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_kept.c - what a roster import keeps however it is made to
 * go fast, in a real vault file made by the real migrations: the release
 * summary the same as the facts it sums, each clock with its person's
 * caseworker, the audit rows of a release in their order and the chain
 * whole, the booking numbers in the search index, and a failure part-way
 * through taking back everything, the search index included (the calls
 * of an import join it with no savepoint of their own).
 */
#include <stdlib.h>

#include "audit.h"
#include "roster_fixture.h"

static int
import(struct session *s, const struct roster_result *r, int flags, struct roster_summary *m)
{
	int rc = roster_import(s, &prof, pname, r, flags, m);

	if (rc != 0)
		tap_diag("import: %s", s->err);
	return rc;
}

/* People the search index finds by the booking number (a code). */
static long long
found_by_code(const char *code)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM person_search WHERE person_search "
	         "MATCH 'codes : \"%s\"'", code);
	return count(sql);
}

/* Whether FTS5 finds its index and its rows in agreement. */
static int
index_whole(void)
{
	return sqlite3_exec(db_sql(d), "INSERT INTO person_search (person_search) "
	                    "VALUES ('integrity-check')", NULL, NULL, NULL) == SQLITE_OK;
}

static void
test_releases(void)
{
	struct roster_summary *m = calloc(2, sizeof *m);
	struct roster_result r;
	struct session s;
	int64_t ada, ben, cy;
	int64_t rows = 0, bad = -1;
	char err[200] = "";
	int verified;

	as(&s, "sam", T0);
	ada = person(&s, "K-1", "Ada Kestrel", "1980-01-01");
	ben = person(&s, "K-2", "Ben Kestrel", "1981-02-02");
	cy = person(&s, "K-3", "Cy Kestrel", "1982-03-03");
	tu_exec(d, "UPDATE person SET caseworker_id = (SELECT id FROM user WHERE name = 'cal') "
	           "WHERE participant_code = 'K-1'");
	parse(hourly, HDR "KB1001,\"Kestrel, Ada\",1980-01-01,2024-04-30 10:00,\n"
	              "KB1002,\"Kestrel, Ben\",1981-02-02,2024-04-30 11:00,\n"
	              "KB1003,\"Kestrel, Cy\",1982-03-03,2024-04-30 12:00,\n", &r);
	ok(import(&s, &r, 0, &m[0]) == 0 && m[0].new_bookings == 3, "three booked");
	roster_result_free(&r);
	is_int(found_by_code("kb1001") + found_by_code("kb1002") + found_by_code("kb1003"), 3,
	       "  each found in the search index by booking number");

	/* The next hour's snapshot leaves out Ada and Ben: released. */
	as(&s, "sam", T0 + HOUR);
	parse(hourly, HDR "KB1003,\"Kestrel, Cy\",1982-03-03,2024-04-30 12:00,\n", &r);
	ok(import(&s, &r, ROSTER_ACCEPT_MISSING, &m[1]) == 0 && m[1].inferred == 2,
	   "two left: released");
	roster_result_free(&r);
	is_int(count("SELECT count(*) FROM release_summary"), 2, "  each release summed");
	is_int(count("SELECT count(*) FROM (SELECT * FROM release_facts EXCEPT "
	             "SELECT * FROM release_summary)") +
	       count("SELECT count(*) FROM (SELECT * FROM release_summary EXCEPT "
	             "SELECT * FROM release_facts)"), 0, "  the summary is what the facts say");
	is_int(count("SELECT count(*) FROM release_summary WHERE c48 = 4 AND followups "
	             "LIKE '%4@%'"), 2, "  with the open clocks in it");
	ok(about(ada, "SELECT count(*) FROM task WHERE person_id = ?1") >= 2 &&
	   about(ben, "SELECT count(*) FROM task WHERE person_id = ?1") >= 2 &&
	   about(cy, "SELECT count(*) FROM task WHERE person_id = ?1") == 0,
	   "  clocks for those released, none for the one in custody");
	is_int(count("SELECT count(*) FROM task t WHERE t.caseworker_id IS NOT "
	             "(SELECT caseworker_id FROM person p WHERE p.id = t.person_id)"), 0,
	       "  each clock with its person's caseworker");
	is_int(about(ada, "SELECT count(*) FROM task WHERE person_id = ?1 AND caseworker_id = "
	                  "(SELECT id FROM user WHERE name = 'cal')"),
	       about(ada, "SELECT count(*) FROM task WHERE person_id = ?1"),
	       "  Ada's with Cal");
	/* Each release's audit row, then its clocks' rows, one after the
	 * other. */
	is_int(count("SELECT count(*) FROM audit a WHERE a.entity = 'stay' AND a.detail LIKE "
	             "'release recorded%' AND EXISTS (SELECT 1 FROM audit t WHERE t.seq = "
	             "a.seq + 1 AND t.entity = 'task' AND t.person_id = a.person_id AND "
	             "t.detail = 'clock started: first contact')"), 2,
	       "  the release's audit row comes before its clocks'");
	verified = audit_verify(d, &rows, &bad, err, sizeof err) == 0;
	ok(verified && bad == 0 && rows > 10, "  the audit chain verifies (%lld rows)",
	   (long long)rows);
	ok(index_whole(), "  the search index is whole");
	free(m);
}

/* A failure after a booking went into the search index takes the
 * booking, its index entry and everything else back. */
static void
test_failure(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;
	long long stays = count("SELECT count(*) FROM stay");
	long long audits = count("SELECT count(*) FROM audit");
	long long tasks = count("SELECT count(*) FROM task");

	as(&s, "sam", T0 + 2 * HOUR);
	person(&s, "K-4", "Dot Plover", "1983-04-04");
	person(&s, "K-5", "Eli Plover", "1984-05-05");
	audits = count("SELECT count(*) FROM audit");
	parse(hourly, HDR "KB2001,\"Plover, Dot\",1983-04-04,2024-05-01 08:00,\n"
	              "KB2002,\"Plover, Eli\",1984-05-05,2024-05-01 08:30,\n", &r);
	pname = "failing";
	/* The second booking's roster row: after the first was indexed. */
	tu_exec(d, "CREATE TRIGGER no_room BEFORE INSERT ON roster_stay WHEN "
	           "(SELECT count(*) FROM roster_stay rs JOIN roster_booking b ON b.stay_id = "
	           "rs.stay_id WHERE b.profile = 'failing') >= 1 "
	           "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
	ok(roster_import(&s, &prof, pname, &r, 0, m) != 0, "a failure at the second row fails");
	has_str(s.err, "full", "  saying why");
	is_int(count("SELECT count(*) FROM stay"), stays, "  no booking kept");
	is_int(count("SELECT count(*) FROM audit"), audits, "  no audit row");
	is_int(count("SELECT count(*) FROM task"), tasks, "  no clock");
	is_int(found_by_code("kb2001"), 0, "  the first booking is not in the search index");
	ok(index_whole(), "  which is whole");
	tu_exec(d, "DROP TRIGGER no_room");
	ok(import(&s, &r, 0, m) == 0 && m->new_bookings == 2, "the same file, with room: imported");
	is_int(found_by_code("kb2001") + found_by_code("kb2002"), 2, "  both in the search index");
	roster_result_free(&r);
	free(m);
}

/* Statements that read the clock settings. */
static int settings_reads;

static int
traced(unsigned type, void *arg, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);

	(void)arg;
	(void)x;
	if (type == SQLITE_TRACE_STMT && sql && strstr(sql, "FROM setting WHERE key IN"))
		settings_reads++;
	return 0;
}

/* The clocks of every release an import records follow the site's
 * settings, read once for all of them. */
static void
test_settings(void)
{
	struct roster_summary *m = calloc(2, sizeof *m);
	struct roster_result r;
	struct session s;

	as(&s, "sam", T0 + 3 * HOUR);
	person(&s, "K-6", "Fay Snipe", "1985-06-06");
	person(&s, "K-7", "Gus Snipe", "1986-07-07");
	person(&s, "K-8", "Hal Snipe", "1987-08-08");
	parse(hourly, HDR "KB3001,\"Snipe, Fay\",1985-06-06,2024-05-01 09:00,\n"
	              "KB3002,\"Snipe, Gus\",1986-07-07,2024-05-01 09:10,\n"
	              "KB3003,\"Snipe, Hal\",1987-08-08,2024-05-01 09:20,\n", &r);
	pname = "snipes";
	ok(import(&s, &r, 0, &m[0]) == 0 && m[0].new_bookings == 3, "three booked");
	roster_result_free(&r);
	tu_exec(d, "INSERT OR REPLACE INTO setting (key, value) VALUES "
	           "('clock.followup_days', '7,30')");
	as(&s, "sam", T0 + 4 * HOUR);
	parse(hourly, HDR, &r);
	pname = "snipes";
	sqlite3_trace_v2(db_sql(d), SQLITE_TRACE_STMT, traced, NULL);
	ok(import(&s, &r, ROSTER_ACCEPT_MISSING, &m[1]) == 0 && m[1].inferred == 3,
	   "all three left: released");
	sqlite3_trace_v2(db_sql(d), 0, NULL, NULL);
	roster_result_free(&r);
	is_int(count("SELECT count(*) FROM task t JOIN stay st ON st.id = t.stay_id WHERE "
	              "st.booking_number LIKE 'KB300_' AND t.kind = 'followup'"), 6,
	       "  each with the two follow-ups the settings ask for");
	is_int(settings_reads, 1, "  the settings read once for the three");
	tu_exec(d, "DELETE FROM setting WHERE key = 'clock.followup_days'");
	free(m);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("kept.db");
	test_releases();
	test_failure();
	test_settings();
	db_close(d);
	return tap_done();
}
