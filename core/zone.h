/* SPDX-License-Identifier: ISC */
/*
 * zone.h - the site's local time: calendar days and clock times in the
 * time zone of the setting site.time_zone (an IANA name such as
 * "America/New_York").
 *
 * Instants are stored in UTC; people think in local days.  A follow-up
 * "7 days after release" means the same clock time on the wall 7 calendar
 * days later, which across a daylight-saving change is 7 days plus or
 * minus an hour of real time.  The rules come from the system's TZ
 * database, read through localtime_r with TZ set for the duration of one
 * call and then put back (see zone.c for why that is safe here).
 */
#ifndef PASSAGE_ZONE_H
#define PASSAGE_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define ZONE_NAME_MAX 64

/* 1 if name is an IANA zone in the TZ database on this system. */
int zone_known(const char *name);

/* This machine's own zone into out: TZ when it names a zone, else the
 * name /etc/localtime links to under a zoneinfo folder, else the first line of /etc/timezone, else
 * "UTC" (also when the name found is not a zone zone_known knows). */
void zone_machine(char out[ZONE_NAME_MAX]);

/* The site's zone into out.  An unset setting or a name the TZ database
 * does not know gives "UTC" and returns -1, so a caller can say so;
 * otherwise 0. */
int zone_site(db *d, char out[ZONE_NAME_MAX]);
/* zone_site's check of a name already read: "UTC" or a zone the TZ
 * database knows is kept (0); anything else becomes "UTC" (-1). */
int zone_site_check(char name[ZONE_NAME_MAX]);

/* For each days[i], the instant showing the same local clock time as t,
 * days[i] calendar days later (negative: earlier), in zone.  A clock time
 * that does not exist that day (the spring-forward gap) moves forward by
 * the gap; one that happens twice (fall back) is the earlier of the two. */
void zone_add_days(const char *zone, int64_t t, const int *days, int n, int64_t *out);

/* The instant a local wall clock in zone reads year-month-day hour:min
 * (a valid date), by the rules of zone_add_days for gaps and overlaps. */
int64_t zone_make(const char *zone, int year, int month, int day, int hour, int min);
/* t as "YYYY-MM-DD HH:MM" local time in zone. */
void zone_format(const char *zone, int64_t t, char *out, size_t n);

/* t as YYYY-MM-DD HH:MM, and as YYYY-MM-DD, in the site's time zone. */
const char *zone_local_time(db *d, int64_t t, char *out, size_t n);
void zone_local_date(db *d, int64_t t, char out[11]);

#endif
