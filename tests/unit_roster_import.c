/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_import.c - the jail's roster recorded in a real vault file
 * made by the real migrations: each example jail of tests/roster/
 * imported and its outcome checked person by person; the same file twice;
 * hourly snapshots in which people come and go; weak matches waiting for
 * a look; a failure part-way changing nothing; a dry run leaving the
 * file as it was, byte for byte.
 */
#include <stdlib.h>

#include "roster_fixture.h"
#include "zone.h"

/* What an import may change, as one string. */
static const char *
state(char *out, size_t n)
{
	snprintf(out, n, "%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld",
	         count("SELECT count(*) FROM audit"), count("SELECT count(*) FROM roster_import"),
	         count("SELECT count(*) || total(version) FROM stay"),
	         count("SELECT count(*) FROM task"), count("SELECT count(*) FROM task WHERE "
	                                                   "status = 'open'"),
	         count("SELECT count(*) FROM roster_review"),
	         count("SELECT count(*) FROM roster_person"),
	         count("SELECT count(*) FROM roster_booking"),
	         count("SELECT count(*) FROM stay_expected_change"),
	         count("SELECT total(last_seen_at) FROM roster_stay"));
	return out;
}

static int
import(struct session *s, const struct roster_result *r, int flags, struct roster_summary *m)
{
	int rc = roster_import(s, &prof, pname, r, flags, m);

	if (rc != 0)
		tap_diag("import: %s", s->err);
	for (size_t i = 0; i < m->nskip; i++)
		tap_diag("skipped line %d: %s", m->skip[i].line, m->skip[i].why);
	return rc;
}

/* ---------------------------------------------------------------- lakeside */

static void
test_lakeside(void)
{
	struct roster_result r;
	struct roster_summary *m = calloc(2, sizeof *m);
	struct session s;
	int64_t doe, roe, quill, stone, changes;
	char before[400], after[400];
	long long seen;

	as(&s, "sam", T0);
	doe = person(&s, "L-1", "Jane Q Doe", "1988-03-14");
	roe = person(&s, "L-2", "Richard Roe", "1990-07-04");
	quill = person(&s, "L-3", "Avery Quill", "1975-02-02");
	stone = person(&s, "L-4", "Marcus Stone", "1969-12-01");
	read_fixture("lakeside", &r);
	ok(import(&s, &r, 0, &m[0]) == 0, "lakeside: imported");
	is_int(m[0].new_bookings, 3, "  three new bookings");
	is_int(m[0].links, 3, "  three linked by name and whole birth date");
	is_int(m[0].waiting, 1, "  one (a birth year only) waits for a look");
	is_int(m[0].releases, 1, "  one release");
	is_int(m[0].transfers, 1, "  one transfer");
	/* Jane Doe: released at 00:42 EST (05:42 UTC), the clocks from then. */
	is_int(about(doe, "SELECT released_at FROM stay WHERE person_id = ?1"), 1510378920,
	       "  Doe released at the file's time");
	is_int(about(doe, "SELECT count(*) FROM roster_stay rs JOIN stay s ON s.id = rs.stay_id "
	                  "WHERE s.person_id = ?1 AND release_precision = 'time'"), 1,
	       "  marked as a release with a time");
	ok(about(doe, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open' AND "
	              "due_at >= 1510378920") > 0, "  her clocks started at the release");
	is_int(about(doe, "SELECT count(*) FROM roster_booking b JOIN stay s ON s.id = b.stay_id "
	                  "WHERE s.person_id = ?1 AND b.booking = '17007382'"), 1,
	       "  her booking number is in the crosswalk");
	is_int(about(roe, "SELECT count(*) FROM stay WHERE person_id = ?1 AND released_at IS NULL"),
	       1, "Roe: in custody");
	is_int(about(quill, "SELECT count(*) FROM stay WHERE person_id = ?1"), 0,
	       "Quill: not linked on a birth year alone");
	is_int(about(quill, "SELECT count(*) FROM roster_review WHERE resolution IS NULL AND "
	                    "candidates = ?1"), 1, "  waits, with the likely person named");
	is_int(about(stone, "SELECT count(*) FROM stay WHERE person_id = ?1 AND "
	                    "release_type = 'transfer'"), 1, "Stone: the transfer ends the stay");
	is_int(about(stone, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'"),
	       0, "  with no community clocks");
	has_str(last_detail(), "3 new bookings", "the import's audit row has the counts");
	ok(!strstr(last_detail(), "DOE") && !strstr(last_detail(), "Doe"), "  and no name");

	state(before, sizeof before);
	ok(import(&s, &r, 0, &m[1]) == 0 && m[1].already == m[0].import_id,
	   "the same file again is seen");
	ok(strcmp(before, state(after, sizeof after)) == 0, "  and changes nothing");

	/* The same rows in another file (its hash differs): nothing new. */
	r.sha256[0] ^= 1;
	state(before, sizeof before);
	seen = count("SELECT total(last_seen_import) FROM roster_stay");
	changes = sqlite3_total_changes64(db_sql(d));
	ok(import(&s, &r, 0, &m[1]) == 0, "the same rows in another file: imported");
	/* The import's own row, its counts and its audit row; the waiting
	 * row noted as seen again; no booking rewritten. */
	is_int(sqlite3_total_changes64(db_sql(d)) - changes, 4, "  four rows written, no more");
	is_int(count("SELECT total(last_seen_import) FROM roster_stay"), seen,
	       "  the bookings it knew by number are not written again");
	ok(m[1].new_bookings + m[1].releases + m[1].transfers + m[1].links +
	   m[1].expected_changes == 0, "  nothing new recorded");
	is_int(count("SELECT count(*) FROM roster_review"), 1, "  the waiting row is not repeated");
	is_int(count("SELECT count(*) FROM stay"), 3, "  no stay added");
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- ridge */

/* Birth years only: everyone waits, until a person links one of them;
 * then that person's date-only release starts at the start of the day. */
static void
test_ridge(void)
{
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;
	int64_t zoe;

	as(&s, "sam", T0);
	zoe = person(&s, "R-1", "Zoé B Okafor", "1979-06-01");
	person(&s, "R-2", "Ola Brandt", "1960-01-01");
	read_fixture("ridge", &r);
	ok(import(&s, &r, 0, m) == 0, "ridge: imported");
	is_int(m->links, 0, "  nobody linked on a birth year or nothing");
	is_int(m->waiting, 5, "  all five wait for a look");
	is_int(about(zoe, "SELECT count(*) FROM stay WHERE person_id = ?1"), 0,
	       "  Okafor has no stay yet");
	/* Someone looks and links the jail's person id to her. */
	tu_exec(d, "INSERT INTO roster_person (profile, jail_id, person_id, import_id) SELECT "
	           "'ridge', '000704468', id, (SELECT max(id) FROM roster_import) FROM person "
	           "WHERE participant_code = 'R-1'");
	r.sha256[0] ^= 1;
	ok(import(&s, &r, 0, m) == 0, "imported again once linked");
	is_int(m->waiting, 4, "  four still wait");
	is_int(m->date_only, 1, "  one release with a date only");
	/* 04/22/2023 in Chicago starts at 05:00 UTC. */
	is_int(about(zoe, "SELECT released_at FROM stay WHERE person_id = ?1"), 1682139600,
	       "  Okafor released at the start of that day");
	is_int(about(zoe, "SELECT count(*) FROM roster_stay rs JOIN stay s ON s.id = rs.stay_id "
	                  "WHERE s.person_id = ?1 AND release_precision = 'date'"), 1,
	       "  marked as date only");
	is_int(count("SELECT count(*) FROM roster_review WHERE profile = 'ridge'"), 5,
	       "  no waiting row repeated");
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- harbor */

/* Lane's expected release, 12/01/2017 with no time, kept as midnight in
 * Los Angeles: a site east of the jail shows that date, not the 03:00
 * its own clock reads then. */
static void
harbor_expected_day(struct session *s, int64_t lois)
{
	struct stay_change *ch = NULL;
	char t[40];
	int64_t end = 0;
	int n = 0;

	if (stay_expected_history(s, lois, &ch, &n) != 0 || n != 1)
		tap_bail("Lane's expected release history: %s", s->err);
	is_str(ch[0].zone, "America/Los_Angeles", "  kept as a date only, in the jail's zone");
	ok(stay_expected_when("America/New_York", ch[0].zone, ch[0].new_at, t, sizeof t, &end),
	   "  due all that day");
	is_str(t, "2017-12-01", "  shown as the jail's date at a site east of it");
	is_int(end - ch[0].new_at, 86400, "  until midnight at the jail");
	free(ch);
}

/* Ids packed in one field, expected dates, a full snapshot. */
static void
test_harbor(void)
{
	struct roster_result r;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;
	int64_t lois;

	as(&s, "sam", T0);
	lois = person(&s, "H-1", "Lois Lane", "1982-05-05");
	/* Two people named Chidi Abara born in 1990: a look, never a guess. */
	person(&s, "H-2", "Chidi N Abara", "1990-01-01");
	person(&s, "H-3", "Chidi Abara", "1990-09-09");
	tu_exec(d, "INSERT INTO roster_person (profile, jail_id, person_id, import_id) SELECT "
	           "'harbor', '1345312', id, (SELECT max(id) FROM roster_import) FROM person "
	           "WHERE participant_code = 'H-1'");
	read_fixture("harbor", &r);
	ok(import(&s, &r, 0, m) == 0, "harbor: imported");
	is_int(m->new_bookings, 1, "  Lane booked through her jail id");
	is_int(m->waiting, 1, "  Abara waits: two candidates");
	is_int(about(lois, "SELECT count(*) FROM stay WHERE person_id = ?1 AND "
	                   "released_at IS NULL AND expected_release_at IS NOT NULL"), 1,
	       "  Lane's expected release is the roster's");
	is_int(about(lois, "SELECT count(*) FROM stay_expected_change c JOIN stay s ON "
	                   "s.id = c.stay_id WHERE s.person_id = ?1 AND c.source = 'roster'"), 1,
	       "  kept in the history with the source roster");
	is_int(count("SELECT count(*) FROM roster_review WHERE candidates LIKE '%,%'"), 1,
	       "  Abara's row names both candidates");
	harbor_expected_day(&s, lois);
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- hourly */

#define ANN "B1,\"Ash, Ann\",1980-01-01,2024-05-01 02:00,\n"
#define BEN "B2,\"Birch, Ben\",1981-02-02,2024-05-01 03:00,\n"
#define BEN_EXP "B2,\"Birch, Ben\",1981-02-02,2024-05-01 03:00,2024-05-20\n"
#define CY "B3,\"Cole, Cy\",1982-03-03,2024-05-01 09:30,\n"
#define BEN_AGAIN "B4,\"Birch, Ben\",1981-02-02,2024-05-01 12:10,\n"

static int64_t
released(int64_t p, int nth)
{
	char q[300];

	snprintf(q, sizeof q, "SELECT coalesce(released_at, 0) FROM stay WHERE person_id = %lld "
	         "ORDER BY booked_at LIMIT 1 OFFSET %d", (long long)p, nth);
	return count(q);
}

static void
hour(struct session *s, int64_t now, const char *csv, struct roster_summary *m)
{
	struct roster_result r;

	as(s, "sam", now);
	parse(hourly, csv, &r);
	if (import(s, &r, 0, m) != 0)
		tap_bail("hourly import failed");
	roster_result_free(&r);
}

static void
test_hourly(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;
	int64_t ann, ben, cy, h = T0 + 1 * HOUR; /* 10:00 */

	as(&s, "sam", T0);
	ann = person(&s, "S-1", "Ann Ash", "1980-01-01");
	ben = person(&s, "S-2", "Ben Birch", "1981-02-02");
	cy = person(&s, "S-3", "Cy Cole", "1982-03-03");

	hour(&s, h, HDR ANN BEN, m);
	is_int(m->new_bookings, 2, "10:00: Ann and Ben booked");
	hour(&s, h + HOUR, HDR ANN BEN_EXP CY, m);
	is_int(m->new_bookings, 1, "11:00: Cy booked");
	is_int(m->expected_changes, 1, "  Ben's expected release set");
	is_int(m->inferred, 0, "  nobody missing");
	hour(&s, h + 2 * HOUR, HDR ANN CY, m);
	is_int(m->inferred, 1, "12:00: Ben missing");
	is_int(released(ben, 0), h + HOUR, "  released at 11:00, when last seen");
	is_int(about(ben, "SELECT count(*) FROM roster_stay rs JOIN stay s ON s.id = rs.stay_id "
	                  "WHERE s.person_id = ?1 AND release_precision = 'inferred'"), 1,
	       "  marked as inferred");
	is_int(about(ben, "SELECT count(*) FROM stay WHERE person_id = ?1 AND planned = 0"), 1,
	       "  and unplanned");
	ok(about(ben, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'") > 0,
	   "  his clocks run");
	hour(&s, h + 3 * HOUR, HDR ANN CY BEN_AGAIN, m);
	is_int(m->new_bookings, 1, "13:00: Ben booked again");
	is_int(m->inferred, 0, "  nobody missing");
	is_int(about(ben, "SELECT count(*) FROM stay WHERE person_id = ?1"), 2,
	       "  a new stay");
	is_int(about(ben, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'"),
	       0, "  the clocks of his release cancelled");
	hour(&s, h + 4 * HOUR, HDR CY BEN_AGAIN, m);
	is_int(m->inferred, 1, "14:00: Ann missing");
	is_int(released(ann, 0), h + 3 * HOUR, "  released at 13:00, when last seen");
	is_int(released(cy, 0), 0, "Cy still in custody");
	is_int(released(ben, 1), 0, "Ben still in custody");
	hour(&s, h + 5 * HOUR, HDR CY BEN_AGAIN, m);
	ok(m->inferred + m->new_bookings + m->expected_changes == 0, "15:00: nothing changed");
	free(m);
}

/* ---------------------------------------------------------------- whole */

/* A failure at the last row takes the whole import back. */
static void
test_whole(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;
	char before[400], after[400];
	long long stays = count("SELECT count(*) FROM stay");

	as(&s, "sam", T0 + 8 * HOUR);
	person(&s, "W-1", "Dee Dunn", "1970-01-01");
	parse(hourly, HDR "W1,\"Dunn, Dee\",1970-01-01,2024-05-01 10:00,\n"
	              "W2,\"Nobody, Known\",1971-01-01,2024-05-01 10:00,\n", &r);
	pname = "whole";
	tu_exec(d, "CREATE TRIGGER no_room BEFORE INSERT ON roster_review "
	           "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
	state(before, sizeof before);
	ok(roster_import(&s, &prof, pname, &r, 0, m) != 0, "a failure at the last row fails");
	has_str(s.err, "full", "  saying why");
	ok(strcmp(before, state(after, sizeof after)) == 0, "  and changes nothing");
	is_int(count("SELECT count(*) FROM stay"), stays, "  not even the first row's booking");
	is_int(count("SELECT count(*) FROM roster_import WHERE profile = 'whole'"), 0,
	       "  nor the import's own row");
	tu_exec(d, "DROP TRIGGER no_room");
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- dry run */

static char *
slurp(const char *path, long *n)
{
	FILE *f = fopen(path, "rb");
	char *b;

	*n = tu_file_size(path);
	b = malloc((size_t)*n + 1);
	if (!f || !b || fread(b, 1, (size_t)*n, f) != (size_t)*n)
		tap_bail("read %s", path);
	fclose(f);
	return b;
}

static void
test_dry_run(const char *file)
{
	struct roster_summary *m = calloc(2, sizeof *m);
	struct roster_result r;
	struct session s;
	long n0, n1;
	char *b0, *b1;
	long long audit0;

	as(&s, "sam", T0 + 9 * HOUR);
	person(&s, "D-1", "Eve Elm", "1975-05-05");
	parse(hourly, HDR "D1,\"Elm, Eve\",1975-05-05,2024-05-01 11:00,\n"
	              "D2,\"Elm, Eva\",1975,2024-05-01 11:00,\n", &r);
	pname = "dry";
	audit0 = count("SELECT count(*) FROM audit");
	b0 = slurp(file, &n0);
	ok(import(&s, &r, ROSTER_DRY_RUN, &m[0]) == 0, "a dry run");
	b1 = slurp(file, &n1);
	ok(n0 == n1 && memcmp(b0, b1, (size_t)n0) == 0, "  leaves the file byte for byte");
	is_int(count("SELECT count(*) FROM audit"), audit0, "  its audit log too");
	is_int(m[0].import_id, 0, "  and records no import");
	ok(import(&s, &r, 0, &m[1]) == 0, "the real import after it");
	ok(m[0].new_bookings == m[1].new_bookings && m[0].links == m[1].links &&
	   m[0].waiting == m[1].waiting && m[0].skipped == m[1].skipped && m[1].new_bookings == 1,
	   "  does what the dry run said");
	free(b0);
	free(b1);
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- who */

static void
test_who(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;

	parse(hourly, HDR ANN, &r);
	as(&s, "cal", T0);
	REFUSED(s, roster_import(&s, &prof, pname, &r, 0, m), "supervisor",
	        "a caseworker may not import the roster");
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- facility */

#define FAY "B9,\"Fern, Fay\",1983-04-04,2024-05-02 02:00,\n"

/* The import refused, sentence says, and nothing changed. */
static void
refused(const char *profile, const char *says, const char *name)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;
	char before[400], after[400];

	parse(profile, HDR FAY, &r);
	as(&s, "sam", T0 + 30 * HOUR);
	state(before, sizeof before);
	ok(roster_import(&s, &prof, pname, &r, 0, m) != 0 && strstr(s.err, says), "%s", name);
	if (!strstr(s.err, says))
		tap_diag("said: %s", s.err);
	is_str(state(after, sizeof after), before, "  nothing changed");
	roster_result_free(&r);
	free(m);
}

/* With two facilities the profile names the jail's; the site's only one
 * is used when it does not. */
static void
test_facility(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;
	char named[sizeof hourly + 64], longer[27 + ROSTER_FACILITY_MAX + 2], err[300];
	int64_t fay;

	as(&s, "sam", T0);
	fay = person(&s, "F-1", "Fay Fern", "1983-04-04");
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'North Annex')");
	refused(hourly, "2 active facilities: name the jail's in the profile",
	        "two facilities and a profile naming neither: refused");
	snprintf(named, sizeof named, "%sfacility = Nowhere\n", hourly);
	refused(named, "the facility 'Nowhere', which is not one of this site's active",
	        "a facility the site does not have: refused");
	tu_exec(d, "UPDATE facility SET active = 0 WHERE id = 2");
	snprintf(named, sizeof named, "%sfacility = north annex\n", hourly);
	refused(named, "the facility 'north annex', which is not one of this site's active",
	        "a retired facility: refused");
	tu_exec(d, "UPDATE facility SET active = 1 WHERE id = 2");
	parse(named, HDR FAY, &r);
	as(&s, "sam", T0 + 30 * HOUR);
	ok(import(&s, &r, 0, m) == 0 && m->new_bookings == 1, "the named facility, in any case");
	is_int(about(fay, "SELECT facility_id FROM stay WHERE person_id = ?1"), 2,
	       "  the booking is recorded there");
	roster_result_free(&r);
	memset(longer, 'x', sizeof longer - 1);
	memcpy(longer, "time_zone = UTC\nfacility = ", 27);
	longer[sizeof longer - 2] = '\n';
	longer[sizeof longer - 1] = 0;
	ok(roster_profile_parse(longer, &prof, err, sizeof err) != 0 &&
	   strstr(err, "120 characters at most"), "a facility name too long for one: refused");
	free(m);
}

int
main(void)
{
	char file[400];

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("import.db");
	snprintf(file, sizeof file, "%s", tu_path(tu_tmpdir(), "import.db"));
	test_lakeside();
	test_ridge();
	test_harbor();
	test_hourly();
	test_whole();
	test_dry_run(file);
	test_who();
	test_facility();
	db_close(d);
	return tap_done();
}
