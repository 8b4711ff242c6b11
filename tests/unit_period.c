/* SPDX-License-Identifier: ISC */
/*
 * unit_period.c - periods of whole local days, and files written whole
 * or not at all: the two things every report and export stands on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "outfile.h"
#include "period.h"
#include "setting.h"

static void
test_parse(void)
{
	struct session s;
	struct period p;
	char text[32];

	as(&s, "sam", T0);
	ok(period_parse(&s, "2024-04-01", "2024-06-30", &p) == 0, "a quarter: %s", s.err);
	is_int(p.start, 1711929600LL, "  starts at midnight UTC on the first day");
	is_int(p.end, 1719792000LL, "  ends at midnight after the last day");
	period_text(&p, text);
	is_str(text, "2024-04-01 to 2024-06-30", "  and says so");
	ok(period_parse(&s, "2024-05-01", "2024-05-01", &p) == 0 && p.end - p.start == DAY,
	   "one day is a period");

	ok(period_parse(&s, "2024-13-01", "2024-12-31", &p) != 0, "month 13");
	is_str(s.err, "from: '2024-13-01' is not a date (YYYY-MM-DD)", "  is not a date");
	ok(period_parse(&s, "2024-01-01", "2024-02-30", &p) != 0, "30 February");
	is_str(s.err, "to: '2024-02-30' is not a date (YYYY-MM-DD)", "  is not a date");
	ok(period_parse(&s, "yesterday", "2024-02-01", &p) != 0, "a word");
	has_str(s.err, "is not a date", "  is not a date");
	ok(period_parse(&s, NULL, "2024-02-01", &p) != 0, "no start");
	is_str(s.err, "from: this is required", "  is asked for");
	ok(period_parse(&s, "2024-03-01", "2024-02-29", &p) != 0, "an end before the start");
	is_str(s.err, "the period ends (2024-02-29) before it starts (2024-03-01)", "  says so");

	period_quarter(&s, T0, &p);
	is_str(p.from, "2024-04-01", "the quarter holding 1 May starts on 1 April");
	is_str(p.to, "2024-06-30", "  and ends on 30 June");
	period_quarter(&s, 1735689599LL, &p); /* 2024-12-31 23:59:59 */
	ok(strcmp(p.from, "2024-10-01") == 0 && strcmp(p.to, "2024-12-31") == 0,
	   "the last second of a year is in its fourth quarter");
	period_days(&s, T0, 7, &p);
	ok(strcmp(p.from, "2024-04-25") == 0 && strcmp(p.to, "2024-05-01") == 0,
	   "seven days ending today");
}

/* The period before and after one: as long, in days or in whole months. */
static void
test_step(void)
{
	static const struct {
		const char *from, *to;
		int by;
		const char *want, *what;
	} cases[] = {
	    {"2026-08-23", "2026-09-21", -1, "2026-07-24 to 2026-08-22", "30 days back: the 30 before"},
	    {"2026-08-23", "2026-09-21", 1, "2026-09-22 to 2026-10-21", "30 days on: the 30 after"},
	    {"2024-01-15", "2024-02-14", -1, "2023-12-15 to 2024-01-14", "31 days back cross a year"},
	    {"2024-05-01", "2024-05-01", -1, "2024-04-30 to 2024-04-30", "one day back: the day before"},
	    {"2024-07-01", "2024-09-30", -1, "2024-04-01 to 2024-06-30",
	     "a quarter back is the quarter before, not its 92 days"},
	    {"2024-04-01", "2024-06-30", 1, "2024-07-01 to 2024-09-30", "a quarter on is the next"},
	    {"2024-01-01", "2024-03-31", -1, "2023-10-01 to 2023-12-31",
	     "the first quarter back is last year's fourth"},
	    {"2024-02-01", "2024-02-29", -1, "2024-01-01 to 2024-01-31",
	     "a month back is the month before, whatever its length"},
	    {"2024-02-01", "2024-02-29", 1, "2024-03-01 to 2024-03-31", "a month on is the next"},
	    {"2024-12-01", "2024-12-31", 1, "2025-01-01 to 2025-01-31", "December on is January"},
	    {"2023-01-01", "2023-12-31", 1, "2024-01-01 to 2024-12-31", "a year on is the next"},
	    {"2024-02-01", "2024-03-15", -1, "2023-12-19 to 2024-01-31",
	     "a period not of whole months steps by its days"},
	};
	struct session s;
	struct period p, q;
	char text[32];

	as(&s, "sam", T0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (period_parse(&s, cases[i].from, cases[i].to, &p) != 0)
			tap_bail("period: %s", s.err);
		period_step(&s, &p, cases[i].by, &q);
		period_text(&q, text);
		is_str(text, cases[i].want, cases[i].what);
	}
}

/* New York: the spring change on 2024-03-10 makes that day 23 hours. */
static void
test_zone(void)
{
	struct session s;
	struct period p, q;

	if (db_begin_write(d) != 0 || setting_set(d, "site.time_zone", "America/New_York") != 0 ||
	    db_commit(d) != 0)
		tap_bail("setting: %s", db_errmsg(d));
	as(&s, "sam", T0);
	ok(period_parse(&s, "2024-03-10", "2024-03-10", &p) == 0, "a day in New York");
	is_int(p.start, 1710046800LL, "  starts at local midnight (05:00 UTC)");
	is_int(p.end - p.start, 23 * HOUR, "  and the spring-forward day is 23 hours");
	period_quarter(&s, 1719792000LL, &p); /* 2024-07-01 00:00 UTC: still June there */
	is_str(p.from, "2024-04-01", "a quarter is the site's, not UTC's");
	if (period_parse(&s, "2024-03-11", "2024-03-17", &p) != 0)
		tap_bail("period: %s", s.err);
	period_step(&s, &p, -1, &q);
	ok(strcmp(q.from, "2024-03-04") == 0 && q.end - q.start == 7 * DAY - HOUR,
	   "a week back over the spring change is seven days, an hour short");
	if (db_begin_write(d) != 0 || setting_set(d, "site.time_zone", "UTC") != 0 || db_commit(d) != 0)
		tap_bail("setting: %s", db_errmsg(d));
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

static void
test_outfile(void)
{
	const char *dir = tu_tmpdir();
	char path[512], missing[512], err[300];
	struct outfile o;
	struct stat st;
	int files = tu_count_files(dir);

	snprintf(path, sizeof path, "%s/report.csv", dir);
	ok(outfile_open(&o, path, err, sizeof err) == 0, "a file opens: %s", err);
	fputs("half", o.f);
	fflush(o.f);
	ok(access(path, F_OK) != 0, "  nothing has its name before it is committed");
	ok(outfile_commit(&o, err, sizeof err) == 0, "  committed: %s", err);
	is_str(slurp(path), "half", "  it holds what was written");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "  readable by its owner only");

	ok(outfile_open(&o, path, err, sizeof err) == 0, "writing it again");
	fputs("other", o.f);
	outfile_abort(&o);
	is_str(slurp(path), "half", "  an abandoned write leaves the old file as it was");
	is_int(tu_count_files(dir), files + 1, "  and no temporary file beside it");

	snprintf(missing, sizeof missing, "%s/no/such/folder/r.csv", dir);
	ok(outfile_open(&o, missing, err, sizeof err) != 0, "a folder that is not there");
	has_str(err, "the folder does not exist; nothing was written", "  says so");
	ok(outfile_open(&o, dir, err, sizeof err) != 0, "a folder as the file");
	has_str(err, "that is a folder", "  says so");
	outfile_abort(&o);
	is_int(tu_count_files(dir), files + 1, "nothing left behind by the refusals");
}

int
main(void)
{
	fx_setup("period.db");
	test_parse();
	test_step();
	test_zone();
	test_outfile();
	db_close(d);
	return tap_done();
}
