/* SPDX-License-Identifier: ISC */
/*
 * stay.c - custody episodes (see stay.h).
 *
 * Each call checks what it can before taking the write lock, then reads,
 * decides and writes inside one transaction: the version a change names is
 * compared under the lock, so two sessions can never both "win".  A
 * refusal writes nothing; its sentence says why and what to do instead.
 */
#include "stay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "person.h"
#include "record.h"
#include "search_index.h"
#include "sql_keep.h"
#include "task.h"
#include "vocab.h"
#include "zone.h"

const char *const *const stay_sources = VOCAB_CODES(VOCAB_EXPECTED_SOURCE);
const char *const *const stay_release_types = VOCAB_CODES(VOCAB_RELEASE_TYPE);

/* ---------------------------------------------------------------- helpers */

#define STAY_COLS \
	"id, person_id, facility_id, booking_number, booked_at, expected_release_at, " \
	"expected_source, released_at, release_type, planned, updated_at, updated_by, version"

/* One stay row, columns as STAY_COLS lists them. */
static int
fill_stay(struct session *s, sqlite3_stmt *st, void *row)
{
	struct stay *out = row;

	(void)s;
	out->id = sqlite3_column_int64(st, 0);
	out->person_id = sqlite3_column_int64(st, 1);
	out->facility_id = sqlite3_column_int64(st, 2);
	sql_col_copy(st, 3, out->booking_number, sizeof out->booking_number);
	out->booked_at = sqlite3_column_int64(st, 4);
	out->expected_release_at = sqlite3_column_int64(st, 5);
	sql_col_copy(st, 6, out->expected_source, sizeof out->expected_source);
	out->released_at = sqlite3_column_int64(st, 7);
	sql_col_copy(st, 8, out->release_type, sizeof out->release_type);
	out->planned = -1;
	if (sqlite3_column_type(st, 9) != SQLITE_NULL)
		out->planned = sqlite3_column_int(st, 9);
	out->updated_at = sqlite3_column_int64(st, 10);
	out->updated_by = sqlite3_column_int64(st, 11);
	out->version = sqlite3_column_int64(st, 12);
	return 0;
}

/* 0 and *out filled; -1 with "no such stay" or the database's sentence. */
static int
load(struct session *s, int64_t id, struct stay *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (sql_prep_kept(s, "SELECT " STAY_COLS " FROM stay WHERE id = ?1", &st) != 0)
		return session_dbfail(s);
	rc = sql_bind_int(st, 1, id, SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_stay(s, st, out);
	sql_done(s, st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no such stay");
	if (rc != SQLITE_ROW) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

/* The refusal for a stale version: who saved in between, and when. */
static int
conflict(struct session *s, const struct stay *cur)
{
	return record_conflict(s, "stay", cur->updated_by, cur->updated_at);
}

/* Only the row at the version read may change; 1 row or a conflict. */
static int
changed_one(struct session *s, const struct stay *cur)
{
	if (sqlite3_changes(db_sql(s->db)) == 1)
		return 0;
	return conflict(s, cur);
}

/* ---------------------------------------------------------------- booking */

struct book_args {
	const struct stay_booking *b;
	int64_t id;
};

static int
book_allowed(struct session *s, const struct stay_booking *b)
{
	int64_t v;
	int found;

	/* Health staff record bookings of people they cannot see yet: a
	 * booking is how someone enters their view.  The audit row says who. */
	if (s->role == ROLE_HEALTH) {
		if (sql_query_i64(s, "SELECT id FROM person WHERE id = ?1", b->person_id, 0, &v,
		                  &found))
			return session_dbfail(s);
		if (!found)
			return session_fail(s, "no such person");
	} else if (access_person(s, b->person_id, ACCESS_WRITE, NULL) != 0) {
		return -1;
	}
	if (sql_query_i64(s, "SELECT active FROM facility WHERE id = ?1", b->facility_id, 0, &v,
	                  &found))
		return session_dbfail(s);
	if (!found || !v)
		return session_fail(s, "facility: not one of the active facilities");
	return 0;
}

static int
book_fits(struct session *s, const struct stay_booking *b)
{
	char when[40];
	int64_t v;
	int found;

	if (sql_query_i64(s, "SELECT booked_at FROM stay WHERE person_id = ?1 AND "
	                  "released_at IS NULL ORDER BY booked_at DESC LIMIT 1", b->person_id, 0,
	                  &v, &found))
		return session_dbfail(s);
	if (found)
		return session_fail(s, "this person is already in custody (booked %s) with no "
		                    "release recorded: record that release first (a move to "
		                    "another facility is a release of type transfer)",
		                    zone_local_time(s->db, v, when, sizeof when));
	if (sql_query_i64(s, "SELECT max(released_at) FROM stay WHERE person_id = ?1",
	                  b->person_id, 0, &v, &found))
		return session_dbfail(s);
	if (found && b->booked_at < v)
		return session_fail(s, "booked at: before this person's last release (%s): check "
		                    "the time", zone_local_time(s->db, v, when, sizeof when));
	return 0;
}

static int
insert_change(struct session *s, int64_t stay_id, int64_t old_at, int64_t new_at,
              const char *source, const char *why, int64_t date_import)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep_kept(s, "INSERT INTO stay_expected_change (stay_id, old_at, new_at, source, "
	             "changed_at, changed_by, why, date_import) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	             &st) != 0)
		return -1;
	/* A time of 0 is not known: NULL, as an id 0 is. */
	rc = sql_bind_int(st, 1, stay_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, old_at, rc);
	rc = sql_bind_id(st, 3, new_at, rc);
	rc = sql_bind_text(st, 4, source, rc);
	rc = sql_bind_int(st, 5, session_now(s), rc);
	rc = sql_bind_int(st, 6, s->user_id, rc);
	rc = sql_bind_text(st, 7, why, rc);
	rc = sql_bind_id(st, 8, date_import, rc);
	return sql_finish(s, st, rc);
}

static int
do_book(struct session *s, void *arg)
{
	struct book_args *a = arg;
	const struct stay_booking *b = a->b;
	int64_t now = session_now(s);
	sqlite3_stmt *st;
	char detail[120];
	int cancelled = 0, rc;

	if (book_allowed(s, b) != 0 || book_fits(s, b) != 0)
		return -1;
	if (sql_prep_kept(s, "INSERT INTO stay (person_id, facility_id, booking_number, booked_at, "
	             "expected_release_at, expected_source, created_at, updated_at, updated_by) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, b->person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, b->facility_id, rc);
	rc = sql_bind_text(st, 3, b->booking_number, rc);
	rc = sql_bind_int(st, 4, b->booked_at, rc);
	rc = sql_bind_id(st, 5, b->expected_release_at, rc);
	rc = sql_bind_text(st, 6, b->expected_source, rc);
	rc = sql_bind_int(st, 7, now, rc);
	rc = sql_bind_int(st, 8, s->user_id, rc);
	if (sql_insert(s, st, rc, &a->id) != 0)
		return -1;
	if (b->expected_release_at &&
	    insert_change(s, a->id, 0, b->expected_release_at, b->expected_source, NULL, 0) != 0)
		return -1;
	/* Back in custody: the clocks of an earlier release no longer apply. */
	if (task_close_all(s, b->person_id, "cancelled", a->id, 0, now,
	                   "back in custody (a new booking)", &cancelled) != 0)
		return -1;
	/* Back in custody: a closed case opens again (person.h). */
	if (person_reopen_booked(s, b->person_id, a->id, b->booked_at) != 0 ||
	    record_touch(s, b->person_id, b->booked_at) != 0)
		return -1;
	if (b->booking_number && *b->booking_number && search_index_person(s, b->person_id) != 0)
		return -1;
	snprintf(detail, sizeof detail, "booked at facility %lld; %d open tasks of an earlier "
	         "release cancelled", (long long)b->facility_id, cancelled);
	return audit_log(s, "create", "stay", a->id, b->person_id, detail);
}

static int
check_expected(struct session *s, int64_t booked_at, int64_t at, const char *source)
{
	if (check_enum(s, "expected release source", source, stay_sources, 0) != 0)
		return -1;
	if (!at)
		return 0;
	if (check_time(s, "expected release", at) != 0)
		return -1;
	if (at < booked_at) {
		char when[40];

		return session_fail(s, "expected release: before the booking (%s): check the date",
		                    zone_local_time(s->db, booked_at, when, sizeof when));
	}
	return 0;
}

int
stay_book(struct session *s, const struct stay_booking *b, int64_t *stay_id)
{
	struct book_args a = {b, 0};

	if (check_time(s, "booked at", b->booked_at) != 0 ||
	    check_text(s, "booking number", b->booking_number, 40, 0, 0) != 0 ||
	    check_expected(s, b->booked_at, b->expected_release_at, b->expected_source) != 0)
		return -1;
	if (b->booked_at > session_now(s) + CLOCK_SKEW)
		return session_fail(s, "booked at: it is in the future");
	if (session_write(s, do_book, &a) != 0)
		return -1;
	if (stay_id)
		*stay_id = a.id;
	return 0;
}


static void
free_stays(void *rows, int n)
{
	(void)n;
	free(rows);
}

int
stay_list(struct session *s, int64_t person_id, struct stay **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "stay", .detail = "list",
	    .sql = "SELECT " STAY_COLS " FROM stay WHERE person_id = ?1 ORDER BY booked_at DESC, id DESC",
	    .size = sizeof **rows, .fill = fill_stay, .free_rows = free_stays};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

int
stay_get(struct session *s, int64_t stay_id, struct stay *out)
{
	if (load(s, stay_id, out) != 0)
		return -1;
	return access_person(s, out->person_id, ACCESS_VIEW, NULL);
}

/* ---------------------------------------------------------------- expected */

struct expected_args {
	int64_t id, version, at;
	const char *source, *why;
	const char *history; /* the history's source, when not source */
	int64_t date_import; /* the roster import that gave a date only */
};

static int
do_expected(struct session *s, void *arg)
{
	struct expected_args *a = arg;
	struct stay cur;
	sqlite3_stmt *st;
	int rc;

	if (load(s, a->id, &cur) != 0 || access_person(s, cur.person_id, ACCESS_WRITE, NULL) != 0)
		return -1;
	if (cur.version != a->version)
		return conflict(s, &cur);
	if (cur.released_at)
		return session_fail(s, "the release from this stay is already recorded: an "
		                    "expected date no longer applies");
	if (check_expected(s, cur.booked_at, a->at, a->source) != 0)
		return -1;
	if (cur.expected_release_at == a->at &&
	    (a->history || strcmp(cur.expected_source, a->source ? a->source : "") == 0))
		return 0; /* nothing changed: nothing to keep */
	if (sql_prep_kept(s, "UPDATE stay SET expected_release_at = ?1, expected_source = ?2, "
	             "updated_at = ?3, updated_by = ?4, version = version + 1 "
	             "WHERE id = ?5 AND version = ?6", &st) != 0)
		return -1;
	rc = sql_bind_id(st, 1, a->at, SQLITE_OK);
	rc = sql_bind_text(st, 2, a->source, rc);
	rc = sql_bind_int(st, 3, session_now(s), rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	rc = sql_bind_int(st, 5, a->id, rc);
	rc = sql_bind_int(st, 6, a->version, rc);
	if (sql_finish(s, st, rc) != 0 || changed_one(s, &cur) != 0)
		return -1;
	if (insert_change(s, a->id, cur.expected_release_at, a->at,
	                  a->history ? a->history : a->source, a->why, a->date_import) != 0)
		return -1;
	return audit_log(s, "update", "stay", a->id, cur.person_id,
	                 a->at ? "expected release changed" : "expected release no longer known");
}

int
stay_set_expected(struct session *s, int64_t stay_id, int64_t version, int64_t expected_at,
                  const char *source)
{
	return stay_change_expected(s, stay_id, version, expected_at, source, NULL);
}

int
stay_change_expected(struct session *s, int64_t stay_id, int64_t version, int64_t expected_at,
                     const char *source, const char *why)
{
	struct expected_args a = {stay_id, version, expected_at, source && *source ? source : NULL,
	                          why && *why ? why : NULL, NULL, 0};

	if (check_text(s, "reason", why, 400, 0, 0) != 0)
		return -1;
	return session_write(s, do_expected, &a);
}

/* One stay_expected_change row, columns as stay_expected_history reads them. */
static int
do_roster_expected(struct session *s, void *arg)
{
	struct expected_args *a = arg;
	struct stay cur;

	if (load(s, a->id, &cur) != 0)
		return -1;
	a->version = cur.version;
	a->source = cur.expected_source[0] ? cur.expected_source : NULL;
	return do_expected(s, a);
}

int
stay_expected_from_roster(struct session *s, int64_t stay_id, int64_t expected_at,
                          int64_t date_import)
{
	struct expected_args a = {stay_id, 0, expected_at, NULL, NULL, "roster", date_import};

	return session_write(s, do_roster_expected, &a);
}

static int
fill_change(struct session *s, sqlite3_stmt *st, void *row)
{
	struct stay_change *out = row;

	(void)s;
	out->id = sqlite3_column_int64(st, 0);
	out->stay_id = sqlite3_column_int64(st, 1);
	out->old_at = sqlite3_column_int64(st, 2);
	out->new_at = sqlite3_column_int64(st, 3);
	sql_col_copy(st, 4, out->source, sizeof out->source);
	out->changed_at = sqlite3_column_int64(st, 5);
	out->changed_by = sqlite3_column_int64(st, 6);
	sql_col_copy(st, 7, out->why, sizeof out->why);
	sql_col_copy(st, 8, out->zone, sizeof out->zone);
	sql_col_copy(st, 9, out->old_zone, sizeof out->old_zone);
	return 0;
}

int
stay_expected_history(struct session *s, int64_t person_id, struct stay_change **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "stay",
	    .detail = "expected release history",
	    /* old_at is the change before's new_at: its zone too. */
	    .sql = "SELECT c.id, c.stay_id, c.old_at, c.new_at, c.source, c.changed_at, "
	           "c.changed_by, c.why, i.time_zone, (SELECT pi.time_zone FROM "
	           "stay_expected_change p LEFT JOIN roster_import pi ON pi.id = p.date_import "
	           "WHERE p.stay_id = c.stay_id AND p.id < c.id AND p.new_at = c.old_at "
	           "ORDER BY p.id DESC LIMIT 1) FROM stay_expected_change c "
	           "JOIN stay t ON t.id = c.stay_id LEFT JOIN roster_import i ON i.id = c.date_import "
	           "WHERE t.person_id = ?1 ORDER BY c.changed_at DESC, c.id DESC",
	    .size = sizeof **rows, .fill = fill_change, .free_rows = free_stays};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

/* ---------------------------------------------------------------- release */

struct release_args {
	int64_t id, at, version;
	const char *type;
	int planned;
};

static int
release_time_ok(struct session *s, const struct stay *cur, int64_t at)
{
	char when[40];

	if (at < cur->booked_at)
		return session_fail(s, "release time: before the booking (%s): nothing was "
		                    "recorded",
		                    zone_local_time(s->db, cur->booked_at, when, sizeof when));
	return 0;
}

static int
do_release(struct session *s, void *arg)
{
	struct release_args *a = arg;
	struct stay cur;
	sqlite3_stmt *st;
	char when[40], detail[120];
	int rc;

	if (load(s, a->id, &cur) != 0 || access_person(s, cur.person_id, ACCESS_WRITE, NULL) != 0)
		return -1;
	if (cur.released_at)
		return session_fail(s, "the release from this stay is already recorded (released "
		                    "%s): to change its time, correct the release",
		                    zone_local_time(s->db, cur.released_at, when, sizeof when));
	if (release_time_ok(s, &cur, a->at) != 0)
		return -1;
	snprintf(detail, sizeof detail, "release recorded: %s, %s", a->type,
	         a->planned ? "planned" : "unplanned");
	/* The clocks go in before the release itself, the audit rows in the
	 * same order as ever: a stay still in custody has no release summary
	 * (schema/0007), so each clock's row costs its triggers nothing, and
	 * the release's own update sums the stay once, every clock there. */
	if (audit_log(s, "update", "stay", a->id, cur.person_id, detail) != 0)
		return -1;
	/* A transfer to another agency is no release to the community: the
	 * person is still in custody, and no clock starts. */
	if (strcmp(a->type, "transfer") != 0 &&
	    task_clocks_start(s, cur.person_id, a->id, a->at) != 0)
		return -1;
	if (sql_prep_kept(s, "UPDATE stay SET released_at = ?1, release_type = ?2, planned = ?3, "
	             "updated_at = ?4, updated_by = ?5, version = version + 1 "
	             "WHERE id = ?6 AND released_at IS NULL", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a->at, SQLITE_OK);
	rc = sql_bind_str(st, 2, a->type, rc);
	rc = sql_bind_int(st, 3, a->planned, rc);
	rc = sql_bind_int(st, 4, session_now(s), rc);
	rc = sql_bind_int(st, 5, s->user_id, rc);
	rc = sql_bind_int(st, 6, a->id, rc);
	if (sql_finish(s, st, rc) != 0 || changed_one(s, &cur) != 0)
		return -1;
	return record_touch(s, cur.person_id, a->at);
}

int
stay_record_release(struct session *s, int64_t stay_id, int64_t released_at,
                    const char *release_type, int planned)
{
	struct release_args a = {stay_id, released_at, 0, release_type, planned};

	if (check_time(s, "release time", released_at) != 0 ||
	    check_enum(s, "release type", release_type, stay_release_types, 1) != 0)
		return -1;
	if (planned != 0 && planned != 1)
		return session_fail(s, "planned: say whether the release was planned (yes or no)");
	if (released_at > session_now(s) + CLOCK_SKEW)
		return session_fail(s, "release time: it is in the future; record a release when "
		                    "it happens, or set the expected release instead");
	return session_write(s, do_release, &a);
}

int
stay_expected_day(const char *zone, int64_t at, int64_t *end)
{
	char t[40];
	int one = 1;

	zone_format(zone, at, t, sizeof t);
	if (strlen(t) != 16 || strcmp(t + 11, "00:00") != 0)
		return 0;
	zone_add_days(zone, at, &one, 1, end);
	return 1;
}

int
stay_expected_when(const char *site_zone, const char *jail_zone, int64_t at, char *out,
                   size_t n, int64_t *end)
{
	const char *z = jail_zone && *jail_zone ? jail_zone : site_zone;
	int day = stay_expected_day(z, at, end);

	/* A time (never the roster's date, kept as midnight there) is the
	 * site's clock. */
	zone_format(day ? z : site_zone, at, out, n);
	if (day && n > 10)
		out[10] = 0;
	return day;
}

const char *
stay_expected_zone(const struct stay_change *ch, int n, const struct stay *st)
{
	for (int i = 0; st && i < n; i++)
		if (ch[i].stay_id == st->id)
			return ch[i].new_at == st->expected_release_at ? ch[i].zone : "";
	return "";
}

/* ---------------------------------------------------------------- correct */

static int
correct_fits(struct session *s, const struct stay *cur, int64_t at)
{
	char when[40];
	int64_t next;
	int found;

	if (!cur->released_at)
		return session_fail(s, "no release is recorded for this stay yet: record it first");
	if (release_time_ok(s, cur, at) != 0)
		return -1;
	/* Only a later booking bounds the release (book_fits keeps stays in
	 * order), so look at bookings after this one. */
	if (sql_query_i64(s, "SELECT min(b.booked_at) FROM stay a JOIN stay b ON b.person_id = "
	                  "a.person_id AND b.id <> a.id AND b.booked_at >= a.booked_at "
	                  "WHERE a.id = ?1", cur->id, 0, &next, &found))
		return session_dbfail(s);
	if (found && at > next)
		return session_fail(s, "release time: after this person's next booking (%s): "
		                    "nothing was changed",
		                    zone_local_time(s->db, next, when, sizeof when));
	return 0;
}

static int
do_correct(struct session *s, void *arg)
{
	struct release_args *a = arg;
	struct stay cur;
	sqlite3_stmt *st;
	char from[40], to[40], detail[160];
	int moved = 0, rc;

	if (load(s, a->id, &cur) != 0 || access_person(s, cur.person_id, ACCESS_WRITE, NULL) != 0)
		return -1;
	if (cur.version != a->version)
		return conflict(s, &cur);
	if (correct_fits(s, &cur, a->at) != 0)
		return -1;
	if (cur.released_at == a->at)
		return 0;
	if (sql_prep(s, "UPDATE stay SET released_at = ?1, updated_at = ?2, updated_by = ?3, "
	             "version = version + 1 WHERE id = ?4 AND version = ?5", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a->at, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	rc = sql_bind_int(st, 4, a->id, rc);
	rc = sql_bind_int(st, 5, a->version, rc);
	if (sql_finish(s, st, rc) != 0 || changed_one(s, &cur) != 0)
		return -1;
	if (task_clocks_move(s, cur.person_id, a->id, a->at, &moved) != 0 ||
	    record_touch(s, cur.person_id, a->at) != 0)
		return -1;
	/* A time a person gives is known as typed: the roster's mark (a date
	 * only, or last seen in a snapshot) no longer describes it. */
	if (sql_prep(s, "UPDATE roster_stay SET release_precision = NULL, release_import = NULL "
	             "WHERE stay_id = ?1", &st) != 0)
		return -1;
	if (sql_finish(s, st, sql_bind_int(st, 1, a->id, SQLITE_OK)) != 0)
		return -1;
	zone_local_time(s->db, cur.released_at, from, sizeof from);
	zone_local_time(s->db, a->at, to, sizeof to);
	snprintf(detail, sizeof detail, "release time corrected from %s to %s; %d open tasks moved",
	         from, to, moved);
	return audit_log(s, "update", "stay", a->id, cur.person_id, detail);
}

int
stay_correct_release(struct session *s, int64_t stay_id, int64_t version,
                     int64_t new_released_at)
{
	struct release_args a = {stay_id, new_released_at, version, NULL, 0};

	if (check_time(s, "release time", new_released_at) != 0)
		return -1;
	if (new_released_at > session_now(s) + CLOCK_SKEW)
		return session_fail(s, "release time: it is in the future");
	return session_write(s, do_correct, &a);
}
