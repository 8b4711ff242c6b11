/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_file.c - reading a jail's roster through its profile: the
 * three example jails of contrib/roster/ against their fixtures in
 * tests/roster/, every record checked, and every kind of bad input the
 * import must refuse (or, with ROSTER_SKIP_BAD_ROWS, leave out and list).
 * Expected instants were worked out apart from this code (Python's
 * zoneinfo), not read back from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_file.h"
#include "tap.h"
#include "util.h"

static struct roster_profile prof;
static char err[512];

static void
load(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "contrib/roster/%s.profile", name);
	if (roster_profile_read(path, &prof, err, sizeof err) != 0)
		tap_bail("%s", err);
}

static int
read_fixture(const char *name, int flags, struct roster_result *r, struct roster_err *e)
{
	char path[256];

	snprintf(path, sizeof path, "tests/roster/%s.csv", name);
	return roster_read(&prof, path, flags, r, e);
}

static void
when_is(const struct roster_when *w, long long at, enum roster_precision prec, const char *what)
{
	char name[128];

	snprintf(name, sizeof name, "  %s: precision", what);
	is_int(w->precision, prec, name);
	snprintf(name, sizeof name, "  %s: at", what);
	is_int(w->at, at, name);
}

static void
test_lakeside(void)
{
	struct roster_result r;
	struct roster_err e;
	const struct roster_rec *x;

	load("lakeside");
	if (read_fixture("lakeside", 0, &r, &e) != 0)
		tap_bail("%s", e.why);
	ok(1, "lakeside: read");
	is_int(r.rows, 5, "  5 data rows");
	is_int(r.nrecs, 4, "  4 bookings: two rows are charges of one");
	is_int(r.nskipped, 0, "  none skipped");
	x = &r.recs[0];
	is_str(x->booking, "17007382", "  1: the booking number");
	is_str(x->last, "DOE", "  1: last name");
	is_str(x->first, "JANE", "  1: first name");
	is_str(x->middle, "Q", "  1: middle name");
	ok(x->birth_year == 1988 && x->birth_month == 3 && x->birth_day == 14, "  1: birth date");
	when_is(&x->booked, 1510370100, ROSTER_TIME, "1: booked, EST");
	when_is(&x->release, 1510378920, ROSTER_TIME, "1: released, EST");
	is_int(x->status, ROSTER_RELEASED, "  1: released");
	ok(x->line == 2 && x->last_line == 3 && x->rows == 2, "  1: lines 2-3, two charges");
	x = &r.recs[1];
	is_str(x->booking, "I3958-12", "  2: a booking number with letters");
	is_str(x->middle, "", "  2: no middle name");
	is_int(x->status, ROSTER_IN_CUSTODY, "  2: in custody");
	is_int(x->release.precision, ROSTER_NONE, "  2: no release");
	when_is(&x->booked, 1510232400, ROSTER_TIME, "2: booked");
	x = &r.recs[2];
	is_str(x->middle, "MAE", "  3: the middle name");
	ok(x->birth_year == 1975 && x->birth_month == 0, "  3: a birth year alone");
	when_is(&x->release, 1510290000, ROSTER_DATE_ONLY, "3: midnight means the date only");
	is_int(x->status, ROSTER_RELEASED, "  3: bonded out is a release");
	x = &r.recs[3];
	when_is(&x->booked, 1510030800, ROSTER_DATE_ONLY, "4: a date alone, local midnight");
	when_is(&x->release, 1510290000, ROSTER_DATE_ONLY, "4: released on a date");
	is_int(x->status, ROSTER_TRANSFERRED, "  4: to another agency is a transfer");
	is_int(x->line, 6, "  4: line 6");
	roster_result_free(&r);
}

static void
test_ridge(void)
{
	struct roster_result r;
	struct roster_err e;
	const struct roster_rec *x;

	load("ridge");
	if (read_fixture("ridge", 0, &r, &e) != 0)
		tap_bail("%s", e.why);
	ok(1, "ridge: Latin-1, CRLF");
	is_int(r.nrecs, 5, "  5 bookings");
	x = &r.recs[0];
	is_str(x->person_id, "000704467", "  1: a zero-padded id kept as text");
	is_str(x->booking, "", "  1: no booking number");
	is_str(x->last, "N\xc3\xba\xc3\xb1" "ez", "  1: Latin-1 turned into UTF-8");
	is_str(x->first, "Jos\xc3\xa9", "  1: first name");
	is_int(x->birth_year, 1985, "  1: birth year");
	when_is(&x->booked, 1681966800, ROSTER_DATE_ONLY, "1: booked");
	when_is(&x->release, 1682395560, ROSTER_TIME, "1: date and a separate HH:MM, CDT");
	is_int(x->status, ROSTER_RELEASED, "  1: released");
	x = &r.recs[1];
	is_str(x->middle, "B", "  2: middle name");
	when_is(&x->release, 1682139600, ROSTER_DATE_ONLY, "2: a single space for the time");
	x = &r.recs[2];
	is_int(x->status, ROSTER_IN_CUSTODY, "  3: blank status and release: in custody");
	is_int(x->birth_year, 0, "  3: a single space for the birth year");
	is_int(x->release.precision, ROSTER_NONE, "  3: no release");
	x = &r.recs[3];
	is_int(x->status, ROSTER_TRANSFERRED, "  4: a transfer");
	is_int(x->birth_year, 0, "  4: N/A is empty");
	when_is(&x->release, 1682255700, ROSTER_TIME, "4: left at");
	x = &r.recs[4];
	is_int(x->status, ROSTER_RELEASED, "  5: a release reason with no date");
	is_int(x->release.precision, ROSTER_NONE, "  5: and no time");
	is_int(x->line, 6, "  5: line 6");
	roster_result_free(&r);
}

static void
test_harbor(void)
{
	struct roster_result r;
	struct roster_err e;
	const struct roster_rec *x;

	load("harbor");
	ok(prof.snapshot, "harbor: a snapshot");
	if (read_fixture("harbor", 0, &r, &e) != 0)
		tap_bail("%s", e.why);
	ok(1, "harbor: packed ids");
	is_int(r.nrecs, 2, "  2 bookings from 3 rows");
	x = &r.recs[0];
	is_str(x->person_id, "1345312", "  1: the jail id out of the packed field");
	is_str(x->booking, "17007382", "  1: the booking number out of it");
	is_str(x->last, "LANE", "  1: last name");
	when_is(&x->booked, 1510380900, ROSTER_TIME, "1: 10:15 PM, PST");
	when_is(&x->expected, 1512115200, ROSTER_DATE_ONLY, "1: expected release");
	is_int(x->status, ROSTER_IN_CUSTODY, "  1: in custody");
	is_int(x->rows, 2, "  1: two charges");
	x = &r.recs[1];
	is_str(x->person_id, "0045120", "  2: its leading zero kept");
	is_str(x->middle, "N", "  2: middle initial");
	when_is(&x->booked, 1510473900, ROSTER_TIME, "2: 12:05 AM is just after midnight");
	is_int(x->expected.precision, ROSTER_NONE, "  2: no expected release");
	roster_result_free(&r);
}

static const char base[] =
    "time_zone = UTC\n"
    "column.booking = Booking\n"
    "column.name = Name\n"
    "column.booked = Booked\n"
    "column.release = Released\n"
    "column.status = Status\n"
    "date_format = %Y-%m-%d %H:%M\n"
    "date_format = %Y-%m-%d\n"
    "status.release = Released\n"
    "status.custody = In Custody\n"
    "group = booking\n";

#define HEAD "Booking,Name,Booked,Released,Status\n"

/* Read csv through the base profile; 0 or -1, with err the sentence. */
static int
try_csv(const char *csv, size_t len, int flags, struct roster_result *r)
{
	struct roster_err e;
	int rc;

	if (roster_profile_parse(base, &prof, err, sizeof err) != 0)
		tap_bail("the base profile: %s", err);
	rc = roster_parse(&prof, csv, len, flags, r, &e);
	err[0] = 0;
	if (rc != 0)
		roster_err_text("r.csv", &e, err, sizeof err);
	return rc;
}

#define TRY(csv, flags, r) try_csv(csv, sizeof(csv) - 1, flags, r)

static void
test_bad_input(void)
{
	struct roster_result r;

	ok(TRY(HEAD "1,\"A, B\",2024-01-02 10:00,2024-01-03 09:00,Released\n", 0, &r) == 0,
	   "the base profile reads a good row: %s", err);
	is_int(r.nrecs, 1, "  one booking");
	roster_result_free(&r);

	ok(TRY("Booking,Name\0,x\n", 0, &r) != 0, "binary data");
	is_str(err, "r.csv: not a CSV file: it holds binary data", "  is not CSV");
	ok(TRY(HEAD "1,\"A, B\",2024-01-02,,Released\n2,A \"B\" C,2024-01-02,,\n", 0, &r) != 0,
	   "a quote inside a field");
	is_str(err, "r.csv: line 3: not a CSV file: a quote is out of place", "  names line 3");
	ok(TRY(HEAD "1,\"A, B,2024-01-02,,\n", 0, &r) != 0, "a quote never closed");
	has_str(err, "never closed", "  says so");
	ok(TRY("", 0, &r) != 0, "an empty file");
	has_str(err, "the file is empty", "  says so");

	ok(TRY("Booking,Name,Booked,Released\n1,A,2024-01-02,\n", 0, &r) != 0, "a column missing");
	is_str(err,
	       "r.csv: line 1, column \"Status\": the header has no such column, which the profile "
	       "names as column.status",
	       "  names the column");
	ok(TRY("Booking,Name,Booked,Released\n1,A,2024-01-02,\n", 0, &r) != 0 && !r.nrecs,
	   "  and nothing is read");
	ok(TRY("Booking,Name,Booked\n1,A,2024-01-02\n", 0, &r) != 0, "two columns missing");
	has_str(err, "line 1, column \"Released\": the header has no such column (column.release), "
	             "nor 1 more the profile names: is it the right profile", "  asks");
	ok(TRY("When,Who\n2024-01-02,A\n", 0, &r) != 0, "the wrong profile");
	has_str(err, "line 1: none of the 5 columns the profile names is in the header: is it the "
	             "right profile", "  says so");

	ok(TRY(HEAD "1,A,2024-01-02,,\n2,B,02/01/2024,,\n", 0, &r) != 0, "a date in no format");
	is_str(err, "r.csv: line 3, column \"Booked\": '02/01/2024' matches none of the date formats",
	       "  names the line, the column and the value");
	ok(TRY(HEAD "1,A,2024-02-30,,\n", 0, &r) != 0, "30 February");
	has_str(err, "matches none of the date formats", "  is no date");
	ok(TRY(HEAD "1,A,2024-01-02,,,extra\n", 0, &r) != 0, "too many fields");
	is_str(err, "r.csv: line 2: 6 fields, but the header has 5", "  names the line");
	ok(TRY(HEAD "1,A,2024-01-02\n", 0, &r) != 0, "too few fields");
	has_str(err, "line 2: only 3 fields", "  names the line");
	ok(TRY(HEAD "1,A,2024-01-05 10:00,2024-01-04 23:59,Released\n", 0, &r) != 0,
	   "a release before the booking");
	is_str(err, "r.csv: line 2, column \"Released\": the release is before the booking",
	       "  names the column");
	ok(TRY(HEAD "1,A,2024-01-05 10:00,2024-01-05,Released\n", 0, &r) == 0,
	   "a date-only release on the booking's own day is not before it: %s", err);
	roster_result_free(&r);
	ok(TRY(HEAD "2.1049825E8,A,2024-01-05,,\n", 0, &r) != 0, "a spreadsheet's number");
	has_str(err, "column \"Booking\": the id was turned into a number by a spreadsheet", "  refused");
	ok(TRY(HEAD "17007382.0,A,2024-01-05,,\n", 0, &r) != 0, "a spreadsheet's .0");
	has_str(err, "turned into a number", "  refused");
	ok(TRY(HEAD "1,A,2024-01-05,,Escaped\n", 0, &r) != 0, "a status the profile does not name");
	has_str(err, "'Escaped' is not a status the profile names", "  says so");
	ok(TRY(HEAD "1,A,2024-01-05,2024-01-06,In Custody\n", 0, &r) != 0,
	   "in custody with a release time");
	has_str(err, "in custody, but the row has a release time", "  says so");
	ok(TRY(HEAD "1,A,2024-01-05,,\n1,B,2024-01-05,,\n", 0, &r) != 0,
	   "one booking number, two people");
	has_str(err, "line 3, column \"Booking\": the booking number is on line 2 with another",
	        "  refused");
	ok(TRY(HEAD "1,\"A\xff\",2024-01-05,,\n", 0, &r) != 0, "not UTF-8");
	has_str(err, "r.csv: line 2: not UTF-8 text", "  names the line");
	ok(TRY(HEAD "1,\"A\xc0\xaf\",2024-01-05,,\n", 0, &r) != 0, "an overlong UTF-8 form");
	/* Lines ended by a CR alone (old Mac files): each row its own line. */
	ok(TRY("Booking,Name,Booked,Released,Status\r1,A,2024-01-05,,\r2,B,02/01/2024,,\r", 0,
	       &r) != 0, "CR line ends, a date in no format");
	is_str(err, "r.csv: line 3, column \"Booked\": '02/01/2024' matches none of the date formats",
	       "  names line 3");
	ok(TRY("Booking,Name,Booked,Released,Status\r1,A,2024-01-05,,\r2,\"B\xff\",2024-01-05,,\r",
	       0, &r) != 0, "CR line ends, not UTF-8");
	has_str(err, "r.csv: line 3: not UTF-8 text", "  names line 3");
	ok(TRY("Booking,Name,Booked,Released,Status\r1,A,2024-01-05,,\r\n2,B,2024-01-05,,\r", 0,
	       &r) == 0 && r.nrecs == 2 && r.recs[0].line == 2 && r.recs[1].line == 3,
	   "CR and CRLF line ends mixed: rows on lines 2 and 3");
	roster_result_free(&r);
	ok(TRY(HEAD ",A,2024-01-05,,\n", 0, &r) != 0, "grouped by booking, and none");
	has_str(err, "no booking number", "  refused");
	ok(TRY(HEAD "1,,2024-01-05,,\n", 0, &r) != 0, "no name");
	ok(TRY(HEAD "1,A,,,\n", 0, &r) != 0, "no booking date");
	has_str(err, "no booking date", "  refused");
}

static void
test_skip(void)
{
	struct roster_result r;
	static const char csv[] = HEAD "1,A,2024-01-02,,\n"
	                               "2,B,01/02/2024,,\n"
	                               "3,C,2024-01-02,,,x\n"
	                               "4,D,2024-01-03 08:00,2024-01-04 09:30,Released\n"
	                               "1,E,2024-01-02,,\n";

	ok(TRY(csv, 0, &r) != 0, "without the flag a bad row refuses the file");
	is_int(r.nrecs, 0, "  and gives no records");
	ok(TRY(csv, ROSTER_SKIP_BAD_ROWS, &r) == 0, "with it, the file is read: %s", err);
	is_int(r.rows, 5, "  5 rows");
	is_int(r.nrecs, 2, "  2 bookings");
	is_int(r.nskipped, 3, "  3 rows left out");
	ok(r.nskipped == 3 && r.skipped[0].line == 3 && r.skipped[1].line == 4 &&
	   r.skipped[2].line == 6, "  lines 3, 4 and 6");
	ok(r.nskipped == 3 && strstr(r.skipped[0].why, "date formats") &&
	   strstr(r.skipped[1].why, "6 fields") && strstr(r.skipped[2].why, "another person"),
	   "  each with why");
	ok(r.nrecs == 2 && strcmp(r.recs[0].booking, "1") == 0 && strcmp(r.recs[0].last, "A") == 0 &&
	   r.recs[0].rows == 1 && strcmp(r.recs[1].booking, "4") == 0,
	   "  the good rows kept whole");
	roster_result_free(&r);
	ok(TRY("When,Who\n2024-01-02,A\n", ROSTER_SKIP_BAD_ROWS, &r) != 0,
	   "the wrong profile is refused even so");
}

static void
profile_fails(const char *text, const char *want, const char *what)
{
	struct roster_profile p;

	err[0] = 0;
	ok(roster_profile_parse(text, &p, err, sizeof err) != 0, "profile: %s", what);
	has_str(err, want, "  says so");
}

static void
test_profile(void)
{
	char text[2048];

	profile_fails("time_zone = UTC\nfoo = bar\n", "line 2: foo: unknown setting", "unknown");
	profile_fails("column.nickname = X\n", "line 1: column.nickname: unknown column", "column");
	profile_fails("time_zone = Mars/Olympus\n", "not a time zone", "zone");
	profile_fails("date_format = %Y-%q\n", "a format may hold only", "a format");
	profile_fails("time_format = %Y\n", "a time format needs %H", "a time format");
	profile_fails("pattern.booking = Booking ([0-9]+\n", "not a regular expression", "a pattern");
	profile_fails("pattern.booking = Booking [0-9]+\n", "exactly one group", "a group");
	/* Each of these took the C library gigabytes to compile. */
	profile_fails("pattern.booking = Jail ID (0-++++++++++++++++++++++++++++++++++++++++++)\n",
	              "two repetition marks in a row", "a pattern of stacked +");
	profile_fails("pattern.booking = (o))++D?????????x?????????+++++++N*\n",
	              "two repetition marks in a row", "a pattern of stacked ?");
	profile_fails("pattern.booking = Booking ((a{99}){99})\n", "repeats too much",
	              "counts inside counts");
	profile_fails("pattern.booking = (((((((((x?)?)?)?)?)?)?)?)?)\n", "repeats too much",
	              "optional parts inside one another");
	profile_fails("pattern.booking = (x{99999999999999999999,})\n", "repeats too much",
	              "a count past what a number holds");
	profile_fails("pattern.booking = ((((((((((([0-9]+)+)+)+)+)+)+)+)+)+)+)\n",
	              "repeats too much", "groups repeated inside one another");
	ok(roster_profile_parse("time_zone = UTC\ncolumn.name = N\ncolumn.booked = B\n"
	                        "date_format = %Y\ncolumn.booking = B\ncolumn.person_id = B\nsnapshot = yes\n"
	                        "pattern.booking = SO# ([A-Z][0-9]{7}|[0-9]{8}(-[0-9]+)?)\n"
	                        "pattern.person_id = Jail ID ([[:digit:]]+)\n",
	                        &prof, err, sizeof err) != 0,
	   "two groups are still refused");
	ok(roster_profile_parse("time_zone = UTC\ncolumn.name = N\ncolumn.booked = B\n"
	                        "date_format = %Y\ncolumn.booking = B\ncolumn.person_id = B\nsnapshot = yes\n"
	                        "pattern.booking = SO# ([A-Z][0-9]{7}|[0-9]{8}[-A-Z]{0,4})\n"
	                        "pattern.person_id = Jail ID ([[:digit:]]+)\n",
	                        &prof, err, sizeof err) == 0,
	   "an id pattern with counts and classes is taken: %s", err);
	profile_fails("# a comment\n\njust words\n", "line 3: not a setting", "not key = value");
	profile_fails("encoding = ebcdic\n", "utf-8 or latin-1", "encoding");
	profile_fails("column.name = A\ncolumn.name = B\n", "line 2: column.name: this column is "
	              "named twice", "twice");
	profile_fails("empty =\n", "line 1: empty has no value", "no value");
	snprintf(text, sizeof text, "%s", base);
	profile_fails(strstr(text, "column.booking"), "time_zone is required", "no zone");
	snprintf(text, sizeof text, "%scolumn.last = Last\n", base);
	profile_fails(text, "cannot both be named", "name and last");
	snprintf(text, sizeof text, "%sstatus.transfer = Out\n", base);
	ok(roster_profile_parse(text, &prof, err, sizeof err) == 0, "the base with a transfer: %s",
	   err);
	is_int(prof.n_status[ROSTER_TRANSFERRED], 1, "  one transfer status");
	ok(roster_profile_parse("time_zone = UTC\ncolumn.name = N\ncolumn.booked = B\n"
	                        "date_format = %Y\nempty = \" \"\nsnapshot = yes\n",
	                        &prof, err, sizeof err) == 0 &&
	       strcmp(prof.empty[0], " ") == 0,
	   "a quoted single space is kept: %s", err);
}

int
main(void)
{
	test_lakeside();
	test_ridge();
	test_harbor();
	test_bad_input();
	test_skip();
	test_profile();
	return tap_done();
}
