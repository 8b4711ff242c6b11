/* SPDX-License-Identifier: ISC */
/*
 * roster_file.c - libFuzzer target: any bytes as a roster, read through
 * each example profile of contrib/roster/ (built in here, so the target
 * needs no files), with and without --skip-bad-rows.  A refusal must say
 * why; a reading must account for every row.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "roster_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const profiles[] = {
    "time_zone = America/New_York\n"
    "column.booking = Booking Number\ncolumn.name = Inmate Name\ncolumn.birth = DOB\n"
    "column.booked = Booking Date\ncolumn.release = Release Date\ncolumn.status = Status\n"
    "group = booking\ndate_format = %Y-%m-%d %H:%M:%S %Z\ndate_format = %Y-%m-%d\n"
    "midnight = unknown\nbirth_format = %m/%d/%Y\nbirth_format = %Y\n"
    "status.release = Released\nstatus.transfer = Released to Another Agency\n"
    "status.custody = In Custody\n",
    "encoding = latin-1\ntime_zone = America/Chicago\n"
    "column.person_id = Person ID\ncolumn.last = Last\ncolumn.first = First\n"
    "column.middle = Middle\ncolumn.birth = Birth Year\ncolumn.booked = Booked\n"
    "column.release = Release Date\ncolumn.release_time = Release Time\n"
    "column.status = Release Reason\ndate_format = %m/%d/%Y\ntime_format = %H:%M\n"
    "birth_format = %Y\nempty = \" \"\nempty = N/A\nstatus.release = Bonded Out\n"
    "status.transfer = Released to Another Agency\nstatus.custody = Held\n",
    "time_zone = America/Los_Angeles\n"
    "column.person_id = Identifiers\npattern.person_id = Jail ID ([0-9]+)\n"
    "column.booking = Identifiers\npattern.booking = Booking Number ([0-9A-Z-]+)\n"
    "column.name = Name\ncolumn.birth = Year of Birth\ncolumn.booked = Booking Date\n"
    "column.expected = Projected Release\ndate_format = %m/%d/%Y %I:%M %p\n"
    "date_format = %m/%d/%Y\nbirth_format = %Y\ngroup = booking\nsnapshot = yes\n",
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct roster_profile prof[NPROFILES];
	static int loaded;
	struct roster_result r;
	struct roster_err e;
	char err[256];

	if (!loaded) {
		for (size_t i = 0; i < NPROFILES; i++)
			if (roster_profile_parse(profiles[i], &prof[i], err, sizeof err) != 0)
				abort();
		loaded = 1;
	}
	for (size_t i = 0; i < NPROFILES; i++)
		for (int flags = 0; flags <= ROSTER_SKIP_BAD_ROWS; flags += ROSTER_SKIP_BAD_ROWS) {
			if (roster_parse(&prof[i], (const char *)data, size, flags, &r, &e) == 0) {
				size_t rows = r.nskipped;

				for (size_t k = 0; k < r.nrecs; k++) {
					assert(r.recs[k].rows >= 1 && r.recs[k].line >= 2);
					rows += (size_t)r.recs[k].rows;
				}
				assert(rows == r.rows);
			} else {
				assert(e.why[0] && r.nrecs == 0);
			}
			roster_result_free(&r);
		}
	return 0;
}
