/* SPDX-License-Identifier: ISC */
/*
 * roster_time.h - dates and clock times as a roster writes them, read
 * against the profile's formats (passage-roster(5)).
 */
#ifndef PASSAGE_ROSTER_TIME_H
#define PASSAGE_ROSTER_TIME_H

#include <stdint.h>

/* What one format read from one value; fields it does not hold stay 0. */
struct roster_tm {
	int year, month, day, hour, min, sec;
	int has_date, has_time; /* a whole date (%Y %m %d); a clock time */
	int has_offset, offset_min; /* a zone suffix such as EST: minutes east of UTC */
};

/* Whether s, whole, matches fmt (%Y %m %d %H %I %M %S %p %Z %%; a space
 * matches one or more spaces).  0 with tm filled, -1 if not, or if the
 * date or time it spells does not exist. */
int roster_tm_match(const char *fmt, const char *s, struct roster_tm *tm);

/* The instant tm names: at its clock time, or at the start of its day when
 * date_only, in zone (an IANA name) or at its own zone suffix. */
int64_t roster_tm_instant(const struct roster_tm *tm, const char *zone, int date_only);

#endif
