/* SPDX-License-Identifier: ISC */
/*
 * period.c - periods of whole local days.
 *
 * The instants come from zone.c, so a period that crosses a change to or
 * from daylight-saving time is still whole days on the wall clock: a
 * quarter holding the spring change is an hour shorter in real time.
 */
#include "period.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "zone.h"

static void
ymd(const char *date, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	sscanf(date, "%4d-%2d-%2d", y, m, d);
}

/* The instant local midnight starts the given day. */
static int64_t
day_start(const char *zone, int y, int m, int d)
{
	return zone_make(zone, y, m, d, 0, 0);
}

/* y-m-d moved by days (a calendar, not a clock: no zone needed). */
static void
add_days(int *y, int *m, int *d, int days)
{
	struct tm tm = {.tm_year = *y - 1900, .tm_mon = *m - 1, .tm_mday = *d + days, .tm_hour = 12};
	time_t t = timegm(&tm);

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static void
fill(struct session *s, int y0, int m0, int d0, int y1, int m1, int d1, struct period *p)
{
	char zone[ZONE_NAME_MAX];

	zone_site(s->db, zone);
	snprintf(p->from, sizeof p->from, "%04d-%02d-%02d", y0, m0, d0);
	snprintf(p->to, sizeof p->to, "%04d-%02d-%02d", y1, m1, d1);
	p->start = day_start(zone, y0, m0, d0);
	add_days(&y1, &m1, &d1, 1);
	p->end = day_start(zone, y1, m1, d1);
}

int
period_parse(struct session *s, const char *from, const char *to, struct period *p)
{
	int y0, m0, d0, y1, m1, d1;

	memset(p, 0, sizeof *p);
	if (check_date(s, "from", from, 1) != 0 || check_date(s, "to", to, 1) != 0)
		return -1;
	/* YYYY-MM-DD compares as text. */
	if (strcmp(to, from) < 0)
		return session_fail(s, "the period ends (%s) before it starts (%s)", to, from);
	ymd(from, &y0, &m0, &d0);
	ymd(to, &y1, &m1, &d1);
	fill(s, y0, m0, d0, y1, m1, d1, p);
	return 0;
}

/* The local date holding t. */
static void
local_ymd(struct session *s, int64_t t, int *y, int *m, int *d)
{
	char zone[ZONE_NAME_MAX], buf[32];

	zone_site(s->db, zone);
	zone_format(zone, t, buf, sizeof buf);
	ymd(buf, y, m, d);
}

void
period_quarter(struct session *s, int64_t t, struct period *p)
{
	static const int last[] = {31, 30, 30, 31};
	int y, m, d, q;

	local_ymd(s, t, &y, &m, &d);
	q = (m - 1) / 3;
	fill(s, y, q * 3 + 1, 1, y, q * 3 + 3, last[q], p);
}

void
period_days(struct session *s, int64_t t, int days, struct period *p)
{
	int y, m, d, y0, m0, d0;

	local_ymd(s, t, &y, &m, &d);
	y0 = y, m0 = m, d0 = d;
	add_days(&y0, &m0, &d0, -(days < 1 ? 0 : days - 1));
	fill(s, y0, m0, d0, y, m, d, p);
}

/* The last day of month m (1 to 12) of year y. */
static int
month_days(int y, int m)
{
	int d = 1;

	if (++m > 12)
		m = 1, y++;
	add_days(&y, &m, &d, -1);
	return d;
}

/* Days from 1970-01-01 to y-m-d, on the calendar (midnight UTC is a
 * whole number of days, before 1970 too). */
static int64_t
day_number(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};

	return (int64_t)timegm(&tm) / 86400;
}

/* Stepping by days would move a typed quarter off the quarters (July to
 * September is 92 days; the 92 before it start on 31 March), so whole
 * months step by months. */
void
period_step(struct session *s, const struct period *p, int by, struct period *out)
{
	int y0, m0, d0, y1, m1, d1, days;

	ymd(p->from, &y0, &m0, &d0);
	ymd(p->to, &y1, &m1, &d1);
	if (d0 == 1 && d1 == month_days(y1, m1)) {
		/* Months counted from year 0, so a step crosses years plainly. */
		int first = y0 * 12 + m0 - 1, last = y1 * 12 + m1 - 1;
		int months = last - first + 1;

		first += by < 0 ? -months : months;
		last += by < 0 ? -months : months;
		fill(s, first / 12, first % 12 + 1, 1, last / 12, last % 12 + 1,
		     month_days(last / 12, last % 12 + 1), out);
		return;
	}
	days = (int)(day_number(y1, m1, d1) - day_number(y0, m0, d0)) + 1;
	/* From the day next to p, days - 1 more in the same direction. */
	if (by < 0) {
		y1 = y0, m1 = m0, d1 = d0;
		add_days(&y1, &m1, &d1, -1);
		y0 = y1, m0 = m1, d0 = d1;
		add_days(&y0, &m0, &d0, -(days - 1));
	} else {
		y0 = y1, m0 = m1, d0 = d1;
		add_days(&y0, &m0, &d0, 1);
		y1 = y0, m1 = m0, d1 = d0;
		add_days(&y1, &m1, &d1, days - 1);
	}
	fill(s, y0, m0, d0, y1, m1, d1, out);
}

void
period_text(const struct period *p, char out[32])
{
	snprintf(out, 32, "%s to %s", p->from, p->to);
}
