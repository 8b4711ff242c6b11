/* SPDX-License-Identifier: ISC */
/*
 * roster_time.c - dates and clock times as a roster writes them.
 *
 * strptime(3) is not used: it depends on the locale, reads %Z and then
 * ignores it, and accepts a value with text left over.  A roster's dates
 * are few in shape, so the profile spells each shape with a few fields of
 * our own, and a value matches only if the whole of it does.  A zone
 * suffix is a fixed offset: a JMS that writes "EST" in July means EST
 * (seen in real exports: the suffix does not follow daylight saving).
 */
#include "roster_time.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zone.h"

static const struct {
	const char *name;
	int offset_min;
} zones[] = {
    {"UTC", 0},     {"GMT", 0},     {"Z", 0},       {"EST", -300},  {"EDT", -240},
    {"CST", -360},  {"CDT", -300},  {"MST", -420},  {"MDT", -360},  {"PST", -480},
    {"PDT", -420},  {"AKST", -540}, {"AKDT", -480}, {"HST", -600},
};

/* Up to max digits (at least min) at *s into *out; advances *s. */
static int
digits(const char **s, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)(*s)[n])) {
		v = v * 10 + ((*s)[n] - '0');
		n++;
	}
	if (n < min)
		return -1;
	*s += n;
	*out = v;
	return 0;
}

static int
days_in(int year, int month)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : d[month - 1];
}

/* One %-field at *s; -1 if it is not there. */
static int
field(char f, const char **s, struct roster_tm *tm, int *pm, int *twelve)
{
	size_t n;

	switch (f) {
	case 'Y':
		return digits(s, 4, 4, &tm->year);
	case 'm':
		return digits(s, 1, 2, &tm->month);
	case 'd':
		tm->has_date = 1;
		return digits(s, 1, 2, &tm->day);
	case 'H':
		tm->has_time = 1;
		return digits(s, 1, 2, &tm->hour);
	case 'I':
		tm->has_time = 1;
		*twelve = 1;
		return digits(s, 1, 2, &tm->hour);
	case 'M':
		return digits(s, 2, 2, &tm->min);
	case 'S':
		return digits(s, 2, 2, &tm->sec);
	case 'p':
		if (strncasecmp(*s, "AM", 2) != 0 && strncasecmp(*s, "PM", 2) != 0)
			return -1;
		*pm = toupper((unsigned char)**s) == 'P';
		*s += 2;
		return 0;
	case 'Z':
		for (n = 0; isalpha((unsigned char)(*s)[n]); n++)
			;
		for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
			if (strlen(zones[i].name) == n && strncasecmp(*s, zones[i].name, n) == 0) {
				tm->has_offset = 1;
				tm->offset_min = zones[i].offset_min;
				*s += n;
				return 0;
			}
		return -1;
	case '%':
		if (**s != '%')
			return -1;
		(*s)++;
		return 0;
	}
	return -1;
}

int
roster_tm_match(const char *fmt, const char *s, struct roster_tm *tm)
{
	int pm = -1, twelve = 0;

	memset(tm, 0, sizeof *tm);
	for (; *fmt; fmt++) {
		if (*fmt == '%') {
			if (field(*++fmt, &s, tm, &pm, &twelve) != 0)
				return -1;
		} else if (*fmt == ' ') {
			if (*s != ' ')
				return -1;
			while (*s == ' ')
				s++;
		} else if (*s++ != *fmt) {
			return -1;
		}
	}
	if (*s)
		return -1;
	if (twelve) {
		if (tm->hour < 1 || tm->hour > 12 || pm < 0)
			return -1;
		tm->hour = tm->hour % 12 + (pm ? 12 : 0);
	}
	if (tm->hour > 23 || tm->min > 59 || tm->sec > 59)
		return -1;
	if (tm->year && tm->year < 1900)
		return -1;
	if (tm->has_date && (tm->month < 1 || tm->month > 12 || tm->day < 1 ||
	                     tm->day > days_in(tm->year, tm->month) || !tm->year))
		return -1;
	return 0;
}

int64_t
roster_tm_instant(const struct roster_tm *tm, const char *zone, int date_only)
{
	int h = date_only ? 0 : tm->hour, m = date_only ? 0 : tm->min, sec = date_only ? 0 : tm->sec;

	if (tm->has_offset) {
		struct tm t = {.tm_year = tm->year - 1900, .tm_mon = tm->month - 1, .tm_mday = tm->day,
		               .tm_hour = h, .tm_min = m, .tm_sec = sec};

		return (int64_t)timegm(&t) - (int64_t)tm->offset_min * 60;
	}
	return zone_make(zone, tm->year, tm->month, tm->day, h, m) + sec;
}
