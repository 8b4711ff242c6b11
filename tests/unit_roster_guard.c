/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_guard.c - what keeps an unattended import from recording
 * what did not happen, in a real vault file made by the real migrations:
 * a full snapshot cut short (or empty) is refused and changes nothing;
 * a snapshot read with rows skipped takes nobody missing from it for
 * released; a release with no date is recorded when the person was last
 * seen in custody (or at the booking), marked so; and a profile named
 * by its path, or by its name, keeps the same jail's ids.
 */
#include <stdlib.h>

#include "roster_fixture.h"

#define GHDR "Booking,Name,DOB,Booked,Expected\n"

/* A snapshot of people 1..n (Booking G<i>, "Gale, <letters>"), except
 * skip; bad: one more row with a booking date in no format. */
static char *
snapshot(int n, int skip, int bad)
{
	size_t cap = 64 + (size_t)(n + 1) * 80, used = 0;
	char *csv = malloc(cap);

	used += (size_t)snprintf(csv + used, cap - used, GHDR);
	for (int i = 1; i <= n; i++)
		if (i != skip)
			used += (size_t)snprintf(csv + used, cap - used,
			                         "G%d,\"Gale, %c%c\",1970-01-%02d,2024-05-01 02:00,\n", i,
			                         'a' + i % 26, 'a' + i / 26, i);
	if (bad)
		snprintf(csv + used, cap - used, "G99,\"Gale, Zz\",1970-02-01,yesterday,\n");
	return csv;
}

static int
import_as(int64_t now, const char *profile, const char *csv, int rflags, int flags,
          struct roster_summary *m, struct session *s)
{
	struct roster_result r;
	struct roster_err e;
	char err[300];
	int rc;

	if (roster_profile_parse(profile, &prof, err, sizeof err) != 0)
		tap_bail("profile: %s", err);
	if (roster_parse(&prof, csv, strlen(csv), rflags, &r, &e) != 0)
		tap_bail("roster: line %d: %s", e.line, e.why);
	if (!s->user_id || s->fixed_now != now)
		as(s, "sam", now);
	memset(m, 0, sizeof *m);
	rc = roster_import(s, &prof, pname, &r, flags, m);
	roster_result_free(&r);
	return rc;
}

/* What an import may change (taken after the login's audit row), as one string. */
static const char *
state(char *out, size_t n)
{
	snprintf(out, n, "%lld/%lld/%lld/%lld/%lld",
	         count("SELECT count(*) FROM audit"), count("SELECT count(*) FROM roster_import"),
	         count("SELECT count(*) || total(version) FROM stay"),
	         count("SELECT count(*) FROM task"), count("SELECT total(last_seen_at) FROM roster_stay"));
	return out;
}

static long long
released(void)
{
	return count("SELECT count(*) FROM stay s JOIN roster_booking b ON b.stay_id = s.id "
	             "WHERE b.profile = 'guard' AND s.released_at IS NOT NULL");
}

static void
test_snapshot(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;
	char before[300], after[300], *csv;
	int64_t h = T0 + HOUR;

	as(&s, "sam", T0);
	for (int i = 1; i <= 12; i++) {
		char code[16], name[32], birth[16];

		snprintf(code, sizeof code, "G-%d", i);
		snprintf(name, sizeof name, "Gale %c%c", 'a' + i % 26, 'a' + i / 26);
		snprintf(birth, sizeof birth, "1970-01-%02d", i);
		person(&s, code, name, birth);
	}
	pname = "guard";
	csv = snapshot(12, 0, 0);
	ok(import_as(h, hourly, csv, 0, 0, m, &s) == 0 && m->new_bookings == 12,
	   "12 people booked from a snapshot: %s", s.err);
	free(csv);

	csv = snapshot(1, 0, 0);
	as(&s, "sam", h + HOUR);
	state(before, sizeof before);
	ok(import_as(h + HOUR, hourly, csv, 0, 0, m, &s) != 0 &&
	   strstr(s.err, "leaves out 11 of the 12 bookings") && strstr(s.err, "--accept-missing"),
	   "a snapshot with one of them: refused as cut short (%s)", s.err);
	is_str(state(after, sizeof after), before, "  nothing changed");
	free(csv);

	csv = snapshot(0, 0, 0);
	ok(import_as(h + HOUR, hourly, csv, 0, 0, m, &s) != 0 &&
	   strstr(s.err, "leaves out 12 of the 12"), "an empty snapshot: refused");
	is_str(state(after, sizeof after), before, "  nothing changed");
	free(csv);

	csv = snapshot(12, 3, 1);
	ok(import_as(h + HOUR, hourly, csv, ROSTER_SKIP_BAD_ROWS, 0, m, &s) == 0 &&
	   m->not_inferred && m->missing == 1 && m->inferred == 0,
	   "a bad row skipped, one person missing: nobody released");
	is_int(released(), 0, "  all 12 still in custody");
	free(csv);

	csv = snapshot(12, 3, 0);
	ok(import_as(h + 2 * HOUR, hourly, csv, 0, 0, m, &s) == 0 && m->inferred == 1,
	   "the next whole snapshot without the third: released");
	is_int(released(), 1, "  one released");
	free(csv);

	csv = snapshot(2, 0, 0);
	ok(import_as(h + 3 * HOUR, hourly, csv, 0, ROSTER_ACCEPT_MISSING, m, &s) == 0 &&
	   m->inferred == 9, "with --accept-missing the rest leave: %s", s.err);
	is_int(released(), 10, "  ten released");
	free(csv);
	free(m);
}

static const char status_profile[] =
    "time_zone = UTC\n"
    "column.booking = Booking\n"
    "column.name = Name\n"
    "column.birth = DOB\n"
    "column.booked = Booked\n"
    "column.release = Released\n"
    "column.status = Status\n"
    "date_format = %Y-%m-%d %H:%M\n"
    "birth_format = %Y-%m-%d\n"
    "status.release = Bonded Out\n"
    "status.transfer = To Another Agency\n"
    "status.custody = Held\n";

#define SHDR "Booking,Name,DOB,Booked,Released,Status\n"

static void
test_no_date(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;
	int64_t una, ula, h = T0 + 10 * HOUR;

	as(&s, "sam", T0);
	una = person(&s, "N-1", "Una Nord", "1981-01-01");
	ula = person(&s, "N-2", "Ula Nord", "1982-02-02");
	pname = "status";
	ok(import_as(h, status_profile,
	             SHDR "N1,\"Nord, Una\",1981-01-01,2024-05-01 02:00,,Held\n", 0, 0, m, &s) == 0,
	   "Una held: %s", s.err);
	ok(import_as(h + 5 * HOUR, status_profile,
	             SHDR "N1,\"Nord, Una\",1981-01-01,2024-05-01 02:00,,Bonded Out\n"
	                  "N2,\"Nord, Ula\",1982-02-02,2024-05-01 03:00,,To Another Agency\n",
	             0, 0, m, &s) == 0 && m->releases == 1 && m->transfers == 1 && m->undated == 2 &&
	       m->skipped == 0,
	   "a release and a transfer with no date are recorded, not skipped");
	is_int(about(una, "SELECT released_at FROM stay WHERE person_id = ?1"), h,
	       "  Una released when the roster last saw her held");
	is_int(about(ula, "SELECT released_at FROM stay WHERE person_id = ?1"),
	       about(ula, "SELECT booked_at FROM stay WHERE person_id = ?1"),
	       "  Ula, never seen held, at her booking");
	is_int(about(una, "SELECT count(*) FROM roster_stay rs JOIN stay s ON s.id = rs.stay_id "
	                  "WHERE s.person_id = ?1 AND release_precision = 'inferred'"), 1,
	       "  marked as last seen");
	ok(about(una, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'") > 0,
	   "  her clocks run");
	free(m);
}

static void
test_jail_name(void)
{
	char out[64];

	roster_profile_jail("/etc/passage/roster/lakeside.profile", out, sizeof out);
	is_str(out, "lakeside", "a profile by its path is its jail's name");
	roster_profile_jail("./lakeside.profile", out, sizeof out);
	is_str(out, "lakeside", "  and so by a relative path");
	roster_profile_jail("lakeside", out, sizeof out);
	is_str(out, "lakeside", "  and by its name");
	roster_profile_jail("/srv/x/ridge.csv", out, sizeof out);
	is_str(out, "ridge.csv", "  a file not ending .profile keeps its whole name");
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("guard.db");
	test_snapshot();
	test_no_date();
	test_jail_name();
	db_close(d);
	return tap_done();
}
