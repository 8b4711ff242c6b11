/* SPDX-License-Identifier: ISC */
/*
 * roster_file.h - a jail's roster export read through its profile into
 * bookings: one record per booking, in the program's own terms, with the
 * lines of the file it came from.  Nothing here touches the database:
 * matching the records to people and recording their releases works on
 * what this returns.
 */
#ifndef PASSAGE_ROSTER_FILE_H
#define PASSAGE_ROSTER_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "roster_csv.h"
#include "roster_profile.h"

#define ROSTER_ID_MAX 64
#define ROSTER_NAME_MAX 96

/* How much of a time the file gave. */
enum roster_precision {
	ROSTER_NONE,      /* no time at all */
	ROSTER_DATE_ONLY, /* a date (or midnight meaning "unknown"): at the start of that day */
	ROSTER_TIME,      /* a date and a clock time */
};

struct roster_when {
	int64_t at;  /* the instant (UTC seconds); at the start of the local day for a date */
	enum roster_precision precision;
};

struct roster_rec {
	char person_id[ROSTER_ID_MAX]; /* "" none; zero-padded ids kept as written */
	char booking[ROSTER_ID_MAX];   /* "" none */
	char last[ROSTER_NAME_MAX], first[ROSTER_NAME_MAX], middle[ROSTER_NAME_MAX];
	int birth_year, birth_month, birth_day; /* 0 unknown; month 0: the year only */
	struct roster_when booked, release, expected;
	enum roster_status status;
	int line, last_line; /* the file's lines: the first and last row of the booking */
	int rows;            /* rows (charges) that made it */
};

struct roster_result {
	struct roster_rec *recs;
	size_t nrecs;
	struct roster_err *skipped; /* with ROSTER_SKIP_BAD_ROWS: the rows left out */
	size_t nskipped;
	size_t rows; /* data rows in the file */
	unsigned char sha256[32]; /* of the file's bytes: the same file twice is seen */
};

enum {
	/* Leave out the rows with a mistake in them, and list them, rather than
	 * refuse the file.  A mistake in the file as a whole (not CSV, a column
	 * missing, the wrong profile) refuses it still. */
	ROSTER_SKIP_BAD_ROWS = 1 << 0,
};

/* The file's bytes read through profile p into r (freed with
 * roster_result_free, also after an error).  0, or -1 with err saying
 * where and why; r then holds no records. */
int roster_parse(const struct roster_profile *p, const char *data, size_t len, int flags,
                 struct roster_result *r, struct roster_err *err);
/* The same from the file at path. */
int roster_read(const struct roster_profile *p, const char *path, int flags,
                struct roster_result *r, struct roster_err *err);
void roster_result_free(struct roster_result *r);

#endif
