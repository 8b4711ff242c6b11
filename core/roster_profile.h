/* SPDX-License-Identifier: ISC */
/*
 * roster_profile.h - what a jail's roster export looks like: the profile
 * an admin writes for it (passage-roster(5)).  The profile names the
 * columns by their header, the date formats to try, the words that mean
 * "empty", how to find an id inside a packed field, which statuses mean
 * release, transfer or still in custody, and whether the file is a full
 * snapshot of who is in custody now.
 */
#ifndef PASSAGE_ROSTER_PROFILE_H
#define PASSAGE_ROSTER_PROFILE_H

#include <stddef.h>

#include "zone.h"

#define ROSTER_TEXT_MAX 128   /* a header, a format, a status, a pattern */
#define ROSTER_FORMATS_MAX 8  /* formats of one kind, tried in order */
#define ROSTER_STATUS_MAX 16  /* statuses of one kind */
#define ROSTER_EMPTY_MAX 8    /* words that mean "empty" */
#define ROSTER_PROFILE_MAX (64 * 1024)
#define ROSTER_FACILITY_MAX (4 * 120 + 1) /* a facility's name, 120 characters */

/* The columns a profile may name; ROSTER_COL_N counts them. */
enum roster_col {
	ROSTER_COL_PERSON_ID,    /* the jail's id for the person, across bookings */
	ROSTER_COL_BOOKING,      /* the booking number of one stay */
	ROSTER_COL_NAME,         /* LAST, FIRST MIDDLE in one column */
	ROSTER_COL_LAST,
	ROSTER_COL_FIRST,
	ROSTER_COL_MIDDLE,
	ROSTER_COL_BIRTH,        /* a birth date, or a year alone */
	ROSTER_COL_BOOKED,       /* booked at: date, or date and time */
	ROSTER_COL_BOOKED_TIME,  /* a separate HH:MM for it */
	ROSTER_COL_RELEASE,
	ROSTER_COL_RELEASE_TIME,
	ROSTER_COL_EXPECTED,     /* expected release */
	ROSTER_COL_STATUS,
	ROSTER_COL_N
};

/* Which kind of status a status string means. */
enum roster_status { ROSTER_IN_CUSTODY, ROSTER_RELEASED, ROSTER_TRANSFERRED, ROSTER_STATUS_N };

enum roster_encoding { ROSTER_UTF8, ROSTER_LATIN1 };

struct roster_profile {
	char column[ROSTER_COL_N][ROSTER_TEXT_MAX]; /* header names; "" not mapped */
	/* An extended regular expression with one group, applied to the id
	 * column's value: the group is the id ("" no pattern: the whole value). */
	char pattern[2][ROSTER_TEXT_MAX];           /* [0] person id, [1] booking */
	char date_format[ROSTER_FORMATS_MAX][ROSTER_TEXT_MAX];
	int n_date_format;
	char time_format[ROSTER_FORMATS_MAX][ROSTER_TEXT_MAX];
	int n_time_format;
	char birth_format[ROSTER_FORMATS_MAX][ROSTER_TEXT_MAX];
	int n_birth_format;
	char status[ROSTER_STATUS_N][ROSTER_STATUS_MAX][ROSTER_TEXT_MAX];
	int n_status[ROSTER_STATUS_N];
	char empty[ROSTER_EMPTY_MAX][ROSTER_TEXT_MAX];
	int n_empty;
	char time_zone[ZONE_NAME_MAX];
	/* The facility the jail is, by its name in Passage ("": the site's
	 * one active facility). */
	char facility[ROSTER_FACILITY_MAX];
	enum roster_encoding encoding;
	int midnight_unknown; /* 00:00 means "time unknown": the date only */
	int group_by_booking; /* rows with one booking number make one booking */
	int snapshot;         /* the file lists everyone in custody now */
};

/* The profile in text (NUL-terminated).  0, or -1 with a sentence naming
 * the line in err. */
int roster_profile_parse(const char *text, struct roster_profile *p, char *err, size_t errlen);
/* The same from a file; the sentence names the file. */
int roster_profile_read(const char *path, struct roster_profile *p, char *err, size_t errlen);
/* The jail a profile is for, by the name of its file: path without its
 * folder and its ".profile" ("/etc/passage/roster/lakeside.profile",
 * "./lakeside.profile" and "lakeside" are all "lakeside").  The jail's
 * ids are kept under this name, so the same profile named two ways
 * reads the same crosswalk.  out is "" when nothing is left. */
void roster_profile_jail(const char *path, char *out, size_t n);
/* The key of column c in a profile ("booking" for column.booking). */
const char *roster_col_key(enum roster_col c);

#endif
