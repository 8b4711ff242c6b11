/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_seen.c - what the jail's roster says shows where people
 * look: the example jails of tests/roster/ imported into a real vault
 * file made by the real migrations, then each person's jail ids, booking
 * numbers and release precision read as their record is (person_view:
 * one transaction, one audit row), the queues' rows whose clocks start
 * at those releases, the program report's count of releases by
 * precision, checked exactly, and a date-only release or booking shown
 * by its own date at a site whose zone is not the jail's.
 */
#include <stdlib.h>

#include "roster_fixture.h"
#include "period.h"
#include "queue.h"
#include "report.h"
#include "roster_import.h"
#include "roster_seen.h"

static int64_t sam_id;

static void
import_file(struct session *s, const char *name, int again)
{
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);

	if (!m)
		tap_bail("out of memory");
	read_fixture(name, &r);
	r.sha256[0] ^= (char)again; /* the same rows, read as a new file */
	if (roster_import(s, &prof, pname, &r, 0, m) != 0)
		tap_bail("import %s: %s", name, s->err);
	roster_result_free(&r);
	free(m);
}

static const char seen_hourly[] = "time_zone = UTC\n"
                             "column.booking = Booking\n"
                             "column.name = Name\n"
                             "column.birth = DOB\n"
                             "column.booked = Booked\n"
                             "date_format = %Y-%m-%d %H:%M\n"
                             "birth_format = %Y-%m-%d\n"
                             "snapshot = yes\n";

static void
snapshot(int64_t now, const char *csv)
{
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;

	if (!m)
		tap_bail("out of memory");
	as(&s, "sam", now);
	parse(seen_hourly, csv, &r);
	if (roster_import(&s, &prof, pname, &r, 0, m) != 0)
		tap_bail("hourly: %s", s.err);
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- view */

struct seen {
	int64_t person;
	struct roster_seen *rows;
	int n;
	struct stay *stays;
	int ns;
};

static int
read_seen(struct session *s, void *arg)
{
	struct seen *v = arg;

	if (stay_list(s, v->person, &v->stays, &v->ns) != 0)
		return -1;
	return roster_seen_list(s, v->person, &v->rows, &v->n);
}

/* The person's roster rows, read as their record is, as one string:
 * "kind:profile:value[:import time:importer]" for each, ';' between, a
 * stay shown by its place in the person's stays (0: the latest). */
static const char *
seen_of(int64_t id, char *out, size_t size)
{
	struct session s;
	struct seen v = {.person = id};
	long long before;
	size_t used = 0;

	as(&s, "sam", T0 + 10 * HOUR);
	before = count("SELECT count(*) FROM audit");
	if (person_view(&s, id, read_seen, &v) != 0)
		tap_bail("view: %s", s.err);
	is_int(count("SELECT count(*) FROM audit") - before, 1, "  one audit row for the view");
	out[0] = 0;
	for (int i = 0; i < v.n && used < size; i++) {
		const struct roster_seen *x = &v.rows[i];
		int nth = -1;
		for (int k = 0; k < v.ns; k++)
			if (v.stays[k].id == x->stay_id)
				nth = k;
		used += (size_t)snprintf(out + used, size - used, "%s%d:%d:%s:%s", i ? ";" : "",
		                         (int)x->kind, nth, x->profile, x->value);
		if (x->kind == ROSTER_SEEN_RELEASE && used < size)
			used += (size_t)snprintf(out + used, size - used, ":%lld:%s",
			                         (long long)x->import_at,
			                         x->import_by == sam_id ? "sam" : "?");
	}
	free(v.rows);
	free(v.stays);
	return out;
}

/* The latest release (kind ROSTER_SEEN_RELEASE) or booking
 * (ROSTER_SEEN_BOOKED) of person id as the record shows it, at a site
 * whose clock is in site_zone (roster_seen_when). */
static const char *
time_of(int64_t id, enum roster_seen_kind kind, const char *site_zone, char *out, size_t size)
{
	struct session s;
	struct seen v = {.person = id};

	as(&s, "sam", T0 + 10 * HOUR);
	if (person_view(&s, id, read_seen, &v) != 0 || v.ns < 1)
		tap_bail("view: %s", s.err);
	roster_seen_when(roster_seen_find(v.rows, v.n, kind, v.stays[0].id), site_zone,
	                 kind == ROSTER_SEEN_BOOKED ? v.stays[0].booked_at : v.stays[0].released_at,
	                 out, size);
	free(v.rows);
	free(v.stays);
	return out;
}

static const char *
when_of(int64_t id, const char *site_zone, char *out, size_t size)
{
	return time_of(id, ROSTER_SEEN_RELEASE, site_zone, out, size);
}

static const char *
booked_of(int64_t id, const char *site_zone, char *out, size_t size)
{
	return time_of(id, ROSTER_SEEN_BOOKED, site_zone, out, size);
}

/* ---------------------------------------------------------------- queues */

/* The "what" of the queue's first row for person id, or "(none)". */
static const char *
queue_what(queue_fill fill, int64_t id, char *out, size_t size)
{
	struct queue_filter f = {0};
	struct queue_row *rows = calloc(200, sizeof *rows);
	struct session s;
	int n = 0;

	as(&s, "sam", T0 + 10 * HOUR);
	if (!rows || fill(&s, &f, rows, 200, &n) != 0)
		tap_bail("queue: %s", s.err);
	snprintf(out, size, "(none)");
	for (int i = n - 1; i >= 0; i--) /* the first due */
		if (rows[i].person_id == id)
			snprintf(out, size, "%s", rows[i].what);
	free(rows);
	return out;
}

/* The mark by the time of the released-without-checkout row for person
 * id, and the legend the queue's heading gives for its rows. */
static const char *
checkout_mark(int64_t id, char *legend, size_t size)
{
	struct queue_filter f = {0};
	struct queue_row *rows = calloc(200, sizeof *rows);
	const char *mark = "(none)";
	struct session s;
	int n = 0;

	as(&s, "sam", T0 + 10 * HOUR);
	if (!rows || queue_no_checkout(&s, &f, rows, 200, &n) != 0)
		tap_bail("queue: %s", s.err);
	for (int i = 0; i < n; i++)
		if (rows[i].person_id == id)
			mark = queue_rough_mark(rows[i].rough);
	queue_rough_legend(rows, n, legend, size);
	free(rows);
	return mark;
}

/* ---------------------------------------------------------------- report */

/* The program report from..to, its releases by precision as one string. */
static const char *
report_counts(const char *from, const char *to, char *out, size_t n)
{
	struct session s;
	struct period p;
	struct report r;

	as(&s, "sam", T0 + 10 * HOUR);
	if (period_parse(&s, from, to, &p) != 0 || report_metrics(&s, &p, 0, &r) != 0)
		tap_bail("report %s to %s: %s", from, to, s.err);
	snprintf(out, n, "%lld releases: %lld time, %lld date, %lld inferred, %lld by hand; "
	         "%lld transfers", (long long)r.groups[0].fig[REPORT_ALL].releases,
	         (long long)r.precision[REPORT_PREC_TIME], (long long)r.precision[REPORT_PREC_DATE],
	         (long long)r.precision[REPORT_PREC_INFERRED],
	         (long long)r.precision[REPORT_PREC_HAND], (long long)r.transfers);
	report_free(&r);
	return out;
}

int
main(void)
{
	struct session s;
	int64_t doe, roe, stone, zoe, ann, ben, hand;
	char buf[2000];

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("seen.db");
	sam_id = sam;
	as(&s, "sam", T0);
	doe = person(&s, "L-1", "Jane Q Doe", "1988-03-14");
	roe = person(&s, "L-2", "Richard Roe", "1990-07-04");
	stone = person(&s, "L-4", "Marcus Stone", "1969-12-01");
	zoe = person(&s, "R-1", "Zoé B Okafor", "1979-06-01");
	ann = person(&s, "S-1", "Ann Ash", "1980-01-01");
	ben = person(&s, "S-2", "Ben Birch", "1981-02-02");
	hand = person(&s, "H-1", "Pat Hand", "1970-01-01");
	import_file(&s, "lakeside", 0);
	/* Ridge gives birth years only: a person links her jail id. */
	import_file(&s, "ridge", 0);
	tu_exec(d, "INSERT INTO roster_person (profile, jail_id, person_id, import_id) SELECT "
	           "'ridge', '000704468', id, (SELECT max(id) FROM roster_import) FROM person "
	           "WHERE participant_code = 'R-1'");
	import_file(&s, "ridge", 1);
	/* Ben is gone from the 11:00 snapshot: released when last seen. */
	snapshot(T0 + HOUR, "Booking,Name,DOB,Booked\n"
	                    "B1,\"Ash, Ann\",1980-01-01,2024-05-01 02:00\n"
	                    "B2,\"Birch, Ben\",1981-02-02,2024-05-01 03:00\n");
	snapshot(T0 + 2 * HOUR, "Booking,Name,DOB,Booked\n"
	                        "B1,\"Ash, Ann\",1980-01-01,2024-05-01 02:00\n");
	/* A release typed by hand, in the same month as lakeside's. */
	mk_stay(&s, hand, 1509700000 /* 2017-11-03 */, 1509800000);

	tap_diag("the person's record");
	is_str(seen_of(doe, buf, sizeof buf), "1:0:lakeside:17007382;2:0:lakeside:time:1714554000:sam",
	       "Doe: her booking number, and a release time given by the import at 09:00");
	is_str(seen_of(roe, buf, sizeof buf), "1:0:lakeside:I3958-12",
	       "Roe: the booking number only, still in custody");
	is_str(seen_of(stone, buf, sizeof buf),
	       "1:0:lakeside:17007391;2:0:lakeside:date:1714554000:sam;3:0:lakeside:date",
	       "Stone: the transfer's date only, and its import; booked on a date only");
	is_str(seen_of(zoe, buf, sizeof buf),
	       "0:-1:ridge:000704468;2:0:ridge:date:1714554000:sam;3:0:ridge:date",
	       "Okafor: her jail person id, a release and a booking by date only");
	is_str(seen_of(ben, buf, sizeof buf),
	       "1:0:hourly:B2;2:0:hourly:inferred:1714561200:sam",
	       "Birch: inferred at the 11:00 import, when he was missing");
	is_str(seen_of(ann, buf, sizeof buf), "1:0:hourly:B1", "Ash: seen, in custody");
	is_str(seen_of(hand, buf, sizeof buf), "", "a release typed by hand: nothing of the roster");

	tap_diag("a site west of the jail");
	is_str(when_of(zoe, "America/Los_Angeles", buf, sizeof buf), "2023-04-22",
	       "Okafor's date only (Chicago) shows its own date in Los Angeles");
	is_str(when_of(zoe, "America/Chicago", buf, sizeof buf), "2023-04-22",
	       "  and in the jail's own zone");
	is_str(when_of(zoe, "Asia/Tokyo", buf, sizeof buf), "2023-04-22",
	       "  and east of it");
	is_str(when_of(doe, "America/Los_Angeles", buf, sizeof buf), "2017-11-10 21:42",
	       "Doe's 00:42 EST: the site's own clock time for it");
	is_str(when_of(hand, "America/Los_Angeles", buf, sizeof buf), "2017-11-04 05:53",
	       "a release typed by hand: the site's clock");
	is_str(booked_of(zoe, "America/Los_Angeles", buf, sizeof buf), "2023-04-21",
	       "Okafor's booking, a date only, shows its own date in Los Angeles");
	is_str(booked_of(zoe, "Asia/Tokyo", buf, sizeof buf), "2023-04-21", "  and east of it");
	is_str(booked_of(doe, "America/Los_Angeles", buf, sizeof buf), "2017-11-10 19:15",
	       "Doe's booking at 22:15 EST: the site's own clock time for it");
	tu_exec(d, "UPDATE roster_import SET time_zone = NULL");
	is_str(when_of(zoe, "America/Los_Angeles", buf, sizeof buf), "2023-04-21",
	       "an import that did not keep its zone: the site's clock, as before");

	tap_diag("the queues");
	is_str(queue_what(queue_contact_48h, doe, buf, sizeof buf), "48-hour contact",
	       "Doe's 48-hour contact: the roster gave a time, no mark");
	is_str(queue_what(queue_contact_48h, zoe, buf, sizeof buf), "48-hour contact, date only",
	       "Okafor's: counted from the start of a day");
	is_str(queue_what(queue_contact_48h, ben, buf, sizeof buf), "48-hour contact, last seen",
	       "Birch's: from when the roster last saw him");
	is_str(queue_what(queue_contact_48h, hand, buf, sizeof buf), "48-hour contact",
	       "a release typed by hand: no mark");
	is_str(queue_what(queue_followup, zoe, buf, sizeof buf), "day 7 follow-up, date only",
	       "Okafor's follow-up says it too");
	is_str(queue_what(queue_no_checkout, ben, buf, sizeof buf), "other, unplanned",
	       "released without checkout: Birch, how he was released, in full");
	is_str(checkout_mark(ben, buf, sizeof buf), "+", "  and a mark by its time: last seen");
	is_str(buf, "+ last seen", "  which the heading explains");
	{
		struct queue_row two[3] = {{.rough = QUEUE_ROUGH_SEEN}, {.rough = QUEUE_ROUGH_NONE},
		                           {.rough = QUEUE_ROUGH_DATE}};
		is_str(queue_rough_mark(two[2].rough), "*", "a date only is marked too");
		is_str(queue_rough_legend(two, 3, buf, sizeof buf), "* date only  + last seen",
		       "  and the legend gives both marks when both show");
		is_str(queue_rough_legend(two + 1, 1, buf, sizeof buf), "", "  none when none show");
	}

	tap_diag("the program report");
	is_str(report_counts("2017-11-01", "2017-11-30", buf, sizeof buf),
	       "2 releases: 1 time, 0 date, 0 inferred, 1 by hand; 1 transfers",
	       "November 2017: Doe's time and one typed; Stone's transfer on its own");
	is_str(report_counts("2023-04-01", "2023-04-30", buf, sizeof buf),
	       "1 releases: 0 time, 1 date, 0 inferred, 0 by hand; 0 transfers",
	       "April 2023: Okafor's date only");
	is_str(report_counts("2024-05-01", "2024-05-01", buf, sizeof buf),
	       "1 releases: 0 time, 0 date, 1 inferred, 0 by hand; 0 transfers",
	       "1 May 2024: Birch's, inferred from the snapshot");
	is_str(report_counts("2017-12-01", "2017-12-31", buf, sizeof buf),
	       "0 releases: 0 time, 0 date, 0 inferred, 0 by hand; 0 transfers",
	       "a month with none: all zero");

	tap_diag("a release corrected by hand");
	{
		char q[200];
		long long stay, at, version;

		snprintf(q, sizeof q, "SELECT max(id) FROM stay WHERE person_id = %lld", (long long)zoe);
		stay = count(q);
		snprintf(q, sizeof q, "SELECT released_at FROM stay WHERE id = %lld", stay);
		at = count(q);
		snprintf(q, sizeof q, "SELECT version FROM stay WHERE id = %lld", stay);
		version = count(q);
		as(&s, "sam", T0 + 10 * HOUR);
		ok(stay_correct_release(&s, stay, version, at + 14 * HOUR) == 0,
		   "Okafor's date-only release corrected to 14:00 by hand: %s", s.err);
		is_str(seen_of(zoe, buf, sizeof buf), "0:-1:ridge:000704468;3:0:ridge:date",
		       "  the release's mark is gone: the time is a person's now; the "
		       "booking's stays");
		is_str(report_counts("2023-04-01", "2023-04-30", buf, sizeof buf),
		       "1 releases: 0 time, 0 date, 0 inferred, 1 by hand; 0 transfers",
		       "  and the report counts it as typed by hand");
	}
	db_close(d);
	return tap_done();
}
