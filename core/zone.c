/* SPDX-License-Identifier: ISC */
/*
 * zone.c - the site's local time (see zone.h).
 *
 * The C library knows the zone rules but only for "the" local zone, named
 * by the TZ environment variable.  So a conversion sets TZ to the site's
 * zone, calls tzset() (glibc's localtime_r does not look at TZ again by
 * itself), converts, and puts TZ back as it was.  TZ is process-wide: a
 * mutex keeps two conversions of ours from interleaving, and nothing else
 * in Passage reads the environment or the local zone while a session is
 * working (the front ends format times through zone_format too).
 *
 * Only localtime_r is used, never mktime: the UTC offset at an instant
 * (tm_gmtoff) is all we need, and finding the instant for a local clock
 * time is done here with explicit rules for the gap and the overlap, not
 * left to mktime's tm_isdst guesswork.
 */
#include "zone.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "setting.h"
#include "sqldb.h"

#define DAY 86400

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

int
zone_known(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	struct stat st;
	size_t n = name ? strlen(name) : 0;

	/* A zone name becomes part of a file path: refuse anything that could
	 * climb out of the TZ database or name a POSIX rule string. */
	if (n == 0 || n >= ZONE_NAME_MAX || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return 0;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void
zone_machine(char out[ZONE_NAME_MAX])
{
	char link[512], line[ZONE_NAME_MAX + 2];
	const char *name = NULL, *at;
	ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
	const char *tz = getenv("TZ");
	FILE *f;

	snprintf(out, ZONE_NAME_MAX, "UTC");
	/* TZ, when it names a zone, is this process's zone already. */
	if (tz && *tz == ':')
		tz++;
	if (tz && (strcmp(tz, "UTC") == 0 || zone_known(tz))) {
		snprintf(out, ZONE_NAME_MAX, "%.*s", ZONE_NAME_MAX - 1, tz);
		return;
	}
	if (n > 0) {
		link[n] = 0;
		if ((at = strstr(link, "zoneinfo/")))
			name = at + strlen("zoneinfo/");
		/* Debian's tzdata also links through posix/ for the same zones. */
		if (name && strncmp(name, "posix/", 6) == 0)
			name += 6;
		if (name && zone_known(name)) {
			snprintf(out, ZONE_NAME_MAX, "%s", name);
			return;
		}
	}
	if (!(f = fopen("/etc/timezone", "re")))
		return;
	if (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n \t")] = 0;
		if (zone_known(line))
			snprintf(out, ZONE_NAME_MAX, "%.*s", ZONE_NAME_MAX - 1, line);
	}
	fclose(f);
}

int
zone_site(db *d, char out[ZONE_NAME_MAX])
{
	setting_text(d, "site.time_zone", "UTC", out, ZONE_NAME_MAX);
	return zone_site_check(out);
}

int
zone_site_check(char name[ZONE_NAME_MAX])
{
	if (strcmp(name, "UTC") == 0 || zone_known(name))
		return 0;
	snprintf(name, ZONE_NAME_MAX, "UTC");
	return -1;
}

/* Holds TZ while converting: enter sets the zone, leave restores what the
 * process had (unset stays unset). */
struct tz_saved {
	char *old;
	int had;
};

static void
tz_enter(const char *zone, struct tz_saved *sv)
{
	const char *cur;

	pthread_mutex_lock(&tz_lock);
	cur = getenv("TZ");
	sv->had = cur != NULL;
	sv->old = cur ? strdup(cur) : NULL;
	/* The leading colon asks for the named file, never a POSIX rule. */
	{
		char spec[ZONE_NAME_MAX + 1];
		snprintf(spec, sizeof spec, ":%s", zone_known(zone) ? zone : "UTC");
		setenv("TZ", spec, 1);
	}
	tzset();
}

static void
tz_leave(struct tz_saved *sv)
{
	if (sv->had && sv->old)
		setenv("TZ", sv->old, 1);
	else
		unsetenv("TZ");
	free(sv->old);
	tzset();
	pthread_mutex_unlock(&tz_lock);
}

/* Seconds east of UTC at instant t, under the TZ now set. */
static int64_t
offset_at(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return 0;
	return (int64_t)tm.tm_gmtoff;
}

/* The instant whose local clock reads wall (local seconds counted as if
 * the zone were UTC).  Offsets a day either side bracket any change, since
 * no zone changes twice within two days. */
static int64_t
from_wall(int64_t wall)
{
	int64_t before = offset_at(wall - DAY), after = offset_at(wall + DAY);
	int64_t a = wall - before, b = wall - after;
	int a_ok = a + offset_at(a) == wall, b_ok = b + offset_at(b) == wall;

	if (a_ok && b_ok)
		return a < b ? a : b; /* the overlap: the first time the clock reads it */
	if (a_ok)
		return a;
	if (b_ok)
		return b;
	/* The gap: read with the offset from before the change, which lands
	 * as far past the gap as the time was into it. */
	return a;
}

void
zone_add_days(const char *zone, int64_t t, const int *days, int n, int64_t *out)
{
	struct tz_saved sv;
	int64_t wall;

	tz_enter(zone, &sv);
	wall = t + offset_at(t);
	for (int i = 0; i < n; i++)
		out[i] = from_wall(wall + (int64_t)days[i] * DAY);
	tz_leave(&sv);
}

void
zone_format(const char *zone, int64_t t, char *out, size_t n)
{
	struct tz_saved sv;
	time_t tt = (time_t)t;
	struct tm tm;

	tz_enter(zone, &sv);
	if (localtime_r(&tt, &tm))
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		         tm.tm_mday, tm.tm_hour, tm.tm_min);
	else
		snprintf(out, n, "(time %lld)", (long long)t);
	tz_leave(&sv);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
zone_make(const char *zone, int year, int month, int day, int hour, int min)
{
	struct tz_saved sv;
	int64_t wall = days_from_civil(year, month, day) * DAY + hour * 3600 + min * 60, t;

	tz_enter(zone, &sv);
	t = from_wall(wall);
	tz_leave(&sv);
	return t;
}

const char *
zone_local_time(db *d, int64_t t, char *out, size_t n)
{
	char zone[ZONE_NAME_MAX];

	zone_site(d, zone);
	zone_format(zone, t, out, n);
	return out;
}

void
zone_local_date(db *d, int64_t t, char out[11])
{
	char when[40];

	zone_local_time(d, t, when, sizeof when);
	snprintf(out, 11, "%.10s", when);
}
