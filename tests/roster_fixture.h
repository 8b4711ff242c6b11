/* SPDX-License-Identifier: ISC */
/*
 * roster_fixture.h - what the roster tests share, on top of fixture.h:
 * the example jails of tests/roster/ read through their profiles in
 * contrib/roster/, people made through person_create, one number about a
 * person read back with SQL, and an hourly full-snapshot profile.
 * Header-only, like fixture.h: each test program includes it once.
 */
#ifndef PASSAGE_TEST_ROSTER_FIXTURE_H
#define PASSAGE_TEST_ROSTER_FIXTURE_H

#include "fixture.h"
#include "roster_import.h"

static struct roster_profile prof;
static const char *pname; /* the profile's name, as the import records it */

static FX_UNUSED void
read_fixture(const char *name, struct roster_result *r)
{
	struct roster_err e;
	char path[200], err[300];

	snprintf(path, sizeof path, "contrib/roster/%s.profile", name);
	if (roster_profile_read(path, &prof, err, sizeof err) != 0)
		tap_bail("%s", err);
	pname = name;
	snprintf(path, sizeof path, "tests/roster/%s.csv", name);
	if (roster_read(&prof, path, 0, r, &e) != 0)
		tap_bail("%s: line %d: %s", path, e.line, e.why);
}

/* profile and csv given as text; the profile named "hourly". */
static FX_UNUSED void
parse(const char *profile, const char *csv, struct roster_result *r)
{
	struct roster_err e;
	char err[300];

	if (roster_profile_parse(profile, &prof, err, sizeof err) != 0)
		tap_bail("profile: %s", err);
	pname = "hourly";
	if (roster_parse(&prof, csv, strlen(csv), 0, r, &e) != 0)
		tap_bail("roster: line %d: %s", e.line, e.why);
}

static FX_UNUSED int64_t
person(struct session *s, const char *code, const char *name, const char *birth)
{
	struct person p = {0};

	p.participant_code = code;
	p.legal_name = name;
	p.birth_date = birth;
	if (person_create(s, &p) != 0)
		tap_bail("create %s: %s", code, s->err);
	return p.id;
}

/* One number about person id, from sql with ?1 the person. */
static FX_UNUSED long long
about(int64_t id, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		tap_bail("%s: %s", sql, sqlite3_errmsg(db_sql(d)));
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static FX_UNUSED const char hourly[] =
    "time_zone = UTC\n"
    "column.booking = Booking\n"
    "column.name = Name\n"
    "column.birth = DOB\n"
    "column.booked = Booked\n"
    "column.expected = Expected\n"
    "date_format = %Y-%m-%d %H:%M\n"
    "date_format = %Y-%m-%d\n"
    "birth_format = %Y-%m-%d\n"
    "birth_format = %Y\n"
    "snapshot = yes\n";

#define HDR "Booking,Name,DOB,Booked,Expected\n"

#endif
