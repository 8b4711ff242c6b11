/* SPDX-License-Identifier: ISC */
/*
 * roster_import.c - the jail's roster recorded in the database (see
 * roster_import.h): one write transaction, the model's own calls for
 * every booking, release and expected date, one audit row with the
 * counts (never a name).
 *
 * Releases: a time starts the clocks at that time; a date only at the
 * start of that local day (the earliest it can have been, so the 48-hour
 * contact is never late by our own guess); a person missing from a full
 * snapshot is released, unplanned, at the time they were last seen.  The
 * roster does not say whether a release was planned: a release it
 * records is unplanned, as most releases from a jail are.  A transfer to
 * another agency ends the stay and cancels the clocks it would start:
 * the person is still in custody, elsewhere.
 */
#include "roster_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "candidate.h"
#include "roster_dismissed.h"
#include "roster_match.h"
#include "roster_wait.h"
#include "search_index.h"
#include "sql.h"
#include "sql_keep.h"
#include "stay.h"
#include "task.h"
#include "task_clock.h"

struct run {
	const struct roster_profile *p;
	const char *profile_name;
	const struct roster_result *r;
	char sha[65];
	struct roster_summary *out;
	int64_t import_id, facility_id, now;
	int64_t seen_at; /* when the import that saw the rows ran */
	int64_t names;   /* person_names.changes as it runs (schema/0023) */
	int flags;       /* ROSTER_* */
	struct roster_dismissed dismissed; /* this profile's, while it runs */
};

static void
skip(struct run *x, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
skip(struct run *x, int line, const char *fmt, ...)
{
	struct roster_summary *o = x->out;
	va_list ap;

	o->skipped++;
	if (o->nskip >= ROSTER_SKIPS_MAX)
		return;
	o->skip[o->nskip].line = line;
	va_start(ap, fmt);
	vsnprintf(o->skip[o->nskip].why, sizeof o->skip[0].why, fmt, ap);
	va_end(ap);
	o->nskip++;
}

/* Runs sql with ?1 a, ?2 b and ?3 t (or c when t is NULL), as far as the
 * statement has parameters. */
static int
exec3(struct session *s, const char *sql, int64_t a, int64_t b, int64_t c, const char *t)
{
	sqlite3_stmt *st;
	int rc, n;

	if (sql_prep_kept(s, sql, &st) != 0)
		return -1;
	n = sqlite3_bind_parameter_count(st);
	rc = sql_bind_int(st, 1, a, SQLITE_OK);
	if (n >= 2)
		rc = sql_bind_int(st, 2, b, rc);
	if (n >= 3)
		rc = t ? sql_bind_str(st, 3, t, rc) : sql_bind_int(st, 3, c, rc);
	return sql_finish(s, st, rc);
}

/* The stay is one the roster knows, seen by this import.  Only a full
 * snapshot asks when a stay was last seen (who is missing from the next
 * one left then): from a roster of another kind the first sight is kept,
 * so that a booking a rolling window repeats writes nothing. */
static int
seen(struct session *s, struct run *x, int64_t stay_id)
{
	if (x->p && !x->p->snapshot)
		return exec3(s, "INSERT INTO roster_stay (stay_id, last_seen_at, last_seen_import) "
		             "VALUES (?1, ?2, ?3) ON CONFLICT (stay_id) DO NOTHING", stay_id,
		             x->seen_at, x->import_id, NULL);
	return exec3(s, "INSERT INTO roster_stay (stay_id, last_seen_at, last_seen_import) "
	             "VALUES (?1, ?2, ?3) ON CONFLICT (stay_id) DO UPDATE SET "
	             "last_seen_at = ?2, last_seen_import = ?3", stay_id, x->seen_at, x->import_id,
	             NULL);
}

static int
walk_add(struct session *s, struct run *x, const char *sql, const char *jail_id, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep_kept(s, sql, &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, x->profile_name, SQLITE_OK);
	rc = sql_bind_str(st, 2, jail_id, rc);
	rc = sql_bind_int(st, 3, id, rc);
	rc = sql_bind_int(st, 4, x->import_id, rc);
	return sql_finish(s, st, rc);
}

/* The jail's ids in rec, linked to our person and stay. */
static int
crosswalk(struct session *s, struct run *x, const struct roster_rec *rec, int64_t person_id,
          int64_t stay_id)
{
	if (rec->person_id[0] &&
	    walk_add(s, x, "INSERT INTO roster_person (profile, jail_id, person_id, import_id) "
	             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", rec->person_id,
	             person_id) != 0)
		return -1;
	if (stay_id && rec->booking[0] &&
	    walk_add(s, x, "INSERT INTO roster_booking (profile, booking, stay_id, import_id) "
	             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", rec->booking, stay_id) != 0)
		return -1;
	return 0;
}

/* The person's stay for rec: the one booked at its time, else the one
 * still open (a booking typed by hand before the roster brought it), else
 * a new booking.  *stay_id 0: skipped, with why. */
static int
find_stay(struct session *s, struct run *x, const struct roster_rec *rec, int64_t person_id,
          int64_t *stay_id)
{
	struct stay_booking b = {0};
	int64_t last;
	int found;

	*stay_id = 0;
	if (rec->booked.precision == ROSTER_NONE) {
		skip(x, rec->line, "no booking date");
		return 0;
	}
	if (sql_query_i64(s, "SELECT id FROM stay WHERE person_id = ?1 AND booked_at = ?2",
	                  person_id, rec->booked.at, stay_id, &found) != 0)
		return session_dbfail(s);
	if (found)
		return 0;
	if (sql_query_i64(s, "SELECT id FROM stay WHERE person_id = ?1 AND released_at IS NULL",
	                  person_id, 0, stay_id, &found) != 0)
		return session_dbfail(s);
	if (found) {
		if (sql_query_i64(s, "SELECT booked_at FROM stay WHERE id = ?1", *stay_id, 0, &last,
		                  NULL) != 0)
			return session_dbfail(s);
		if (last <= rec->booked.at + 86400 && rec->booked.at <= last + 86400)
			return 0;
		*stay_id = 0;
		skip(x, rec->line, "the person is in custody in another stay recorded here: check it "
		     "by hand");
		return 0;
	}
	if (sql_query_i64(s, "SELECT max(released_at) FROM stay WHERE person_id = ?1", person_id,
	                  0, &last, &found) != 0)
		return session_dbfail(s);
	if (found && rec->booked.at < last) {
		skip(x, rec->line, "booked before the person's last recorded release");
		return 0;
	}
	if (rec->booked.at > x->now) {
		skip(x, rec->line, "booked in the future");
		return 0;
	}
	b.person_id = person_id;
	b.facility_id = x->facility_id;
	b.booking_number = strlen(rec->booking) <= 40 ? rec->booking : NULL;
	b.booked_at = rec->booked.at;
	if (stay_book(s, &b, stay_id) != 0)
		return -1;
	x->out->new_bookings++;
	return 0;
}

/* since: when the roster last saw the stay in custody before this file
 * (0: never). */
static int
record_release(struct session *s, struct run *x, const struct roster_rec *rec,
               const struct stay *st, int64_t since)
{
	int transfer = rec->status == ROSTER_TRANSFERRED;
	int cancelled;
	int64_t at = rec->release.at;
	const char *precision = rec->release.precision == ROSTER_TIME ? "time" : "date";

	/* A release (or transfer) with no date: the earliest it can have
	 * been is when the roster last saw them in custody, or the booking,
	 * so that the 48-hour contact is never late by our own guess.  It is
	 * marked as last seen, as a snapshot's missing booking is. */
	if (rec->release.precision == ROSTER_NONE) {
		at = since > st->booked_at ? since : st->booked_at;
		precision = "inferred";
		x->out->undated++;
	} else if (rec->release.at < st->booked_at || rec->release.at > x->now) {
		skip(x, rec->line, "the release is %s", rec->release.at > x->now ? "in the future" :
		     "before the booking");
		return 0;
	}
	if (stay_record_release(s, st->id, at, transfer ? "transfer" : "other", 0) != 0)
		return -1;
	if (transfer) {
		x->out->transfers++;
		if (task_close_all(s, st->person_id, "cancelled", 0, 0, at,
		                   "transferred to another agency", &cancelled) != 0)
			return -1;
	} else {
		x->out->releases++;
		x->out->date_only += rec->release.precision == ROSTER_DATE_ONLY;
	}
	/* A transfer's time is as precise as a release's, and is shown so. */
	return exec3(s, "UPDATE roster_stay SET release_import = ?2, release_precision = ?3 "
	             "WHERE stay_id = ?1", st->id, x->import_id, 0, precision);
}

/* rec recorded for person_id (and stay_id, when its booking number was
 * seen before): its stay, the crosswalk, its expected date, its release.
 * *nostay (may be NULL): 1 when the row found no stay to record. */
static int
record(struct session *s, struct run *x, const struct roster_rec *rec, int64_t person_id,
       int64_t stay_id, int *nostay)
{
	struct stay st;
	int64_t since = 0;

	if (nostay)
		*nostay = 0;
	if (!stay_id && find_stay(s, x, rec, person_id, &stay_id) != 0)
		return -1;
	if (!stay_id) {
		if (nostay)
			*nostay = 1;
		return rec->person_id[0] ? crosswalk(s, x, rec, person_id, 0) : 0;
	}
	if (sql_query_i64(s, "SELECT last_seen_at FROM roster_stay WHERE stay_id = ?1", stay_id,
	                  0, &since, NULL) != 0)
		return session_dbfail(s);
	if (crosswalk(s, x, rec, person_id, stay_id) != 0 || seen(s, x, stay_id) != 0 ||
	    stay_get(s, stay_id, &st) != 0)
		return -1;
	/* Booked at the start of the jail's day: shown as that date.  Not a
	 * stay booked by hand at another time and found open. */
	if (rec->booked.precision == ROSTER_DATE_ONLY && st.booked_at == rec->booked.at &&
	    exec3(s, "UPDATE roster_stay SET booked_import = ?2 WHERE stay_id = ?1 AND "
	          "booked_import IS NULL", st.id, x->import_id, 0, NULL) != 0)
		return -1;
	if (st.released_at)
		return 0; /* recorded before: a rolling window repeats its rows */
	if (rec->expected.precision != ROSTER_NONE && rec->status == ROSTER_IN_CUSTODY &&
	    rec->expected.at != st.expected_release_at) {
		if (rec->expected.at < st.booked_at) {
			skip(x, rec->line, "the expected release is before the booking");
		} else {
			/* A date only: shown as that day in this import's zone. */
			if (stay_expected_from_roster(s, st.id, rec->expected.at,
			                              rec->expected.precision == ROSTER_DATE_ONLY ?
			                              x->import_id : 0) != 0 ||
			    exec3(s, "UPDATE roster_stay SET expected_from_roster = 1 "
			          "WHERE stay_id = ?1", st.id, 0, 0, NULL) != 0)
				return -1;
			x->out->expected_changes++;
		}
	}
	if (rec->status != ROSTER_IN_CUSTODY)
		return record_release(s, x, rec, &st, since);
	return 0;
}

/* A row waiting already, scored against the names as they are now, is
 * not scored again (roster_wait_find): a rolling window repeats its
 * waiting rows every day, each shared by hundreds on a large file. */
static int
one(struct session *s, struct run *x, const struct roster_rec *rec)
{
	struct roster_wait w = {x->profile_name, x->import_id, x->names, &x->dismissed};
	struct roster_match m;
	int64_t waiting = 0;
	int scored = 0, waits;

	if (roster_match_known(s, x->profile_name, rec, &m) != 0)
		return -1;
	if (m.how == ROSTER_WAIT && (roster_wait_find(s, &w, rec, &waiting, &scored) != 0 ||
	                             (!scored && roster_match_name(s, rec, &m) != 0)))
		return -1;
	if (m.how == ROSTER_WAIT) {
		if (roster_wait(s, &w, rec, scored ? NULL : &m, waiting, &waits) != 0)
			return -1;
		x->out->waiting += (size_t)waits;
		return 0;
	}
	if (m.how == ROSTER_BY_NAME)
		x->out->links++;
	return record(s, x, rec, m.person_id, m.stay_id, NULL);
}

/* A full snapshot: whoever this jail's roster (the same profile) saw
 * before and not now has left, at the time they were last seen. */
static int
missing(struct session *s, struct run *x)
{
	sqlite3_stmt *st;
	int64_t (*gone)[2] = NULL;
	size_t n = 0;
	int rc;

	if (sql_prep_kept(s, "SELECT rs.stay_id, max(rs.last_seen_at, s.booked_at) FROM roster_stay rs "
	             "JOIN stay s ON s.id = rs.stay_id WHERE s.released_at IS NULL AND "
	             "rs.last_seen_import IS NOT ?1 AND rs.last_seen_import IN "
	             "(SELECT id FROM roster_import WHERE profile = ?2) ORDER BY rs.stay_id",
	             &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, x->import_id, SQLITE_OK);
	rc = sql_bind_str(st, 2, x->profile_name, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		void *more = realloc(gone, (n + 1) * sizeof *gone);

		if (!more) {
			rc = SQLITE_NOMEM;
			break;
		}
		gone = more;
		gone[n][0] = sqlite3_column_int64(st, 0);
		gone[n][1] = sqlite3_column_int64(st, 1);
		n++;
		rc = SQLITE_OK;
	}
	sql_done(s, st);
	if (rc != SQLITE_DONE) {
		free(gone);
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	x->out->missing = n;
	if (n && (x->out->skipped || x->r->nskipped)) {
		/* A skipped row is someone the file does not show: their booking
		 * must not be taken for one that left, nor anyone's. */
		x->out->not_inferred = 1;
		free(gone);
		return 0;
	}
	if (n && !(x->flags & ROSTER_ACCEPT_MISSING)) {
		int64_t present;

		if (sql_query_i64(s, "SELECT count(*) FROM roster_stay rs JOIN stay s ON "
		                  "s.id = rs.stay_id WHERE rs.last_seen_import = ?1 AND "
		                  "s.released_at IS NULL", x->import_id, 0, &present, NULL) != 0) {
			free(gone);
			return session_dbfail(s);
		}
		if ((x->r->nrecs == 0 && n >= 2) ||
		    (n >= ROSTER_MISSING_MIN && (int64_t)n > present)) {
			free(gone);
			return session_fail(s, "the snapshot leaves out %zu of the %lld bookings this "
			                    "jail's files showed in custody: is the file whole? Nothing "
			                    "was imported (if they have all left, import it with "
			                    "--accept-missing)", n, (long long)(n + (size_t)present));
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (stay_record_release(s, gone[i][0], gone[i][1], "other", 0) != 0 ||
		    exec3(s, "UPDATE roster_stay SET release_import = ?2, "
		          "release_precision = 'inferred' WHERE stay_id = ?1", gone[i][0],
		          x->import_id, 0, NULL) != 0) {
			free(gone);
			return -1;
		}
		x->out->inferred++;
	}
	free(gone);
	return 0;
}

static int
counts(struct session *s, struct run *x)
{
	const struct roster_summary *o = x->out;
	sqlite3_stmt *st;
	char detail[600], lines[160] = "";
	size_t used = 0, k;
	int rc;

	if (sql_prep_kept(s, "UPDATE roster_import SET new_bookings = ?2, releases = ?3, "
	                  "inferred = ?4, transfers = ?5, expected_changes = ?6, links = ?7, "
	                  "waiting = ?8, skipped = ?9 WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, x->import_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, (int64_t)o->new_bookings, rc);
	rc = sql_bind_int(st, 3, (int64_t)o->releases, rc);
	rc = sql_bind_int(st, 4, (int64_t)o->inferred, rc);
	rc = sql_bind_int(st, 5, (int64_t)o->transfers, rc);
	rc = sql_bind_int(st, 6, (int64_t)o->expected_changes, rc);
	rc = sql_bind_int(st, 7, (int64_t)o->links, rc);
	rc = sql_bind_int(st, 8, (int64_t)o->waiting, rc);
	rc = sql_bind_int(st, 9, (int64_t)o->skipped, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	/* Counts, and the lines skipped, only: the roster is case data. */
	for (k = 0; k < o->nskip && used + 16 < sizeof lines; k++)
		used += (size_t)snprintf(lines + used, sizeof lines - used, "%s%d",
		                         k ? ", " : " (lines ", o->skip[k].line);
	if (used)
		snprintf(lines + used, sizeof lines - used, "%s)", k < o->skipped ? ", ..." : "");
	snprintf(detail, sizeof detail, "roster imported: %zu rows, %zu bookings; %zu new "
	         "bookings, %zu releases (%zu date only, %zu with no time), %zu inferred from a "
	         "full snapshot%s, "
	         "%zu transfers, %zu expected-date changes, %zu links, %zu waiting for a look, "
	         "%zu rows skipped%s", o->rows, o->bookings, o->new_bookings, o->releases,
	         o->date_only, o->undated, o->inferred,
	         o->not_inferred ? " (none: rows were skipped)" : "", o->transfers,
	         o->expected_changes, o->links, o->waiting, o->skipped, lines);
	return audit_log(s, "import", "roster_import", x->import_id, 0, detail);
}

/* The facility the roster is recorded at: the one the profile names, or
 * the site's only active one.  A row linked later (no profile at hand)
 * is recorded where the import that saw it recorded its bookings. */
static int
facility(struct session *s, struct run *x)
{
	int64_t n;
	int found;

	if (!x->p) {
		if (sql_query_i64(s, "SELECT facility_id FROM roster_import WHERE id = ?1",
		                  x->import_id, 0, &x->facility_id, &found) != 0)
			return session_dbfail(s);
		if (found && x->facility_id)
			return 0;
	} else if (x->p->facility[0]) {
		if (sql_query_text_i64(s, "SELECT id FROM facility WHERE name = ?1 AND active = 1",
		                       x->p->facility, &x->facility_id, &found) != 0)
			return session_dbfail(s);
		if (!found)
			return session_fail(s, "the profile names the facility '%.120s', which is not "
			                    "one of this site's active facilities ('passage facility "
			                    "list' shows them): nothing was imported", x->p->facility);
		return 0;
	}
	if (sql_query_i64(s, "SELECT count(*) FROM facility WHERE active = ?1", 1, 0, &n, NULL) != 0 ||
	    sql_query_i64(s, "SELECT min(id) FROM facility WHERE active = ?1", 1, 0,
	                  &x->facility_id, NULL) != 0)
		return session_dbfail(s);
	if (n == 0)
		return session_fail(s, "this site has no active facility to record the roster at "
		                    "('passage facility add'): nothing was recorded");
	if (n > 1)
		return session_fail(s, "this site has %lld active facilities: name the jail's in the "
		                    "profile (facility = NAME): nothing was recorded", (long long)n);
	return 0;
}

static int
do_import(struct session *s, void *arg)
{
	struct run *x = arg;
	sqlite3_stmt *st;
	int found, rc;

	if (sql_query_text_i64(s, "SELECT id FROM roster_import WHERE sha256 = ?1 ORDER BY id "
	                       "LIMIT 1", x->sha, &x->out->already, &found) != 0)
		return session_dbfail(s);
	if (found)
		return 0; /* the same file again: nothing to do */
	if (facility(s, x) != 0)
		return -1;
	/* An import adds no one and changes no name: the count holds for
	 * the whole of it. */
	if (sql_query_i64(s, "SELECT changes FROM person_names WHERE id = ?1", 1, 0, &x->names,
	                  NULL) != 0)
		return session_dbfail(s);
	if (sql_prep_kept(s, "INSERT INTO roster_import (at, user_id, profile, sha256, rows, bookings, "
	             "new_bookings, releases, inferred, transfers, expected_changes, links, "
	             "waiting, skipped, facility_id, time_zone, person_names) VALUES (?1, ?2, ?3, ?4, "
	             "?5, ?6, 0,0,0,0,0,0,0,0, ?7, ?8, ?9)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, x->now, SQLITE_OK);
	rc = sql_bind_int(st, 2, s->user_id, rc);
	rc = sql_bind_str(st, 3, x->profile_name, rc);
	rc = sql_bind_str(st, 4, x->sha, rc);
	rc = sql_bind_int(st, 5, (int64_t)x->r->rows, rc);
	rc = sql_bind_int(st, 6, (int64_t)x->r->nrecs, rc);
	rc = sql_bind_int(st, 7, x->facility_id, rc);
	/* A date-only release is shown by its date in this zone. */
	rc = sql_bind_str(st, 8, x->p->time_zone, rc);
	rc = sql_bind_int(st, 9, x->names, rc);
	if (sql_insert(s, st, rc, &x->import_id) != 0 ||
	    roster_dismissed_load(s, x->profile_name, &x->dismissed) != 0)
		return -1;
	for (size_t i = 0; i < x->r->nskipped; i++) {
		const struct roster_err *e = &x->r->skipped[i];

		if (e->column[0])
			skip(x, e->line, "column \"%s\": %s", e->column, e->why);
		else
			skip(x, e->line, "%s", e->why);
	}
	for (size_t i = 0; i < x->r->nrecs; i++)
		if (one(s, x, &x->r->recs[i]) != 0)
			return -1;
	if (x->p->snapshot && missing(s, x) != 0)
		return -1;
	/* The booking numbers in the search index, once each person. */
	if (search_index_apply(s) != 0)
		return -1;
	x->out->import_id = x->import_id;
	return counts(s, x);
}

int
roster_import(struct session *s, const struct roster_profile *p, const char *profile_name,
              const struct roster_result *r, int flags, struct roster_summary *out)
{
	struct run x = {p, profile_name, r, "", out, 0, 0, session_now(s), session_now(s), 0, flags,
	                {NULL, 0}};
	int mine, rc;

	memset(out, 0, sizeof *out);
	out->rows = r->rows;
	out->bookings = r->nrecs;
	for (int i = 0; i < 32; i++)
		snprintf(x.sha + 2 * i, 3, "%02x", r->sha256[i]);
	if (s->role != ROLE_SUPERVISOR && s->role != ROLE_IMPORT)
		return session_fail(s, "only a supervisor or the import account may import the "
		                    "jail's roster");
	/* The import account's one door: what the import records, it may
	 * write, for as long as the import runs. */
	if (sql_keep_begin(s, &mine) != 0)
		return -1;
	if (search_index_later(s) != 0 || candidate_remember(s) != 0 ||
	    task_clock_remember(s) != 0) {
		search_index_end(s);
		candidate_forget(s);
		sql_keep_end(s, mine);
		return -1;
	}
	s->importing = 1;
	s->whole = 1; /* any call that fails takes the import with it */
	rc = flags & ROSTER_DRY_RUN ? session_rehearse(s, do_import, &x)
	                            : session_write(s, do_import, &x);
	s->importing = 0;
	s->whole = 0;
	roster_dismissed_free(&x.dismissed);
	search_index_end(s);
	candidate_forget(s);
	task_clock_forget(s);
	sql_keep_end(s, mine);
	if (flags & ROSTER_DRY_RUN)
		out->import_id = 0;
	return rc;
}

int
roster_record_linked(struct session *s, const char *profile_name, int64_t import_id,
                     const struct roster_rec *rec, int64_t person_id, int64_t stay_id,
                     struct roster_summary *out)
{
	struct run x = {NULL, profile_name, NULL, "", out, import_id, 0, session_now(s), 0, 0, 0,
	                {NULL, 0}};
	int nostay;

	if (!s->writing)
		return session_fail(s, "a roster row is recorded inside a write");
	if (sql_query_i64(s, "SELECT at FROM roster_import WHERE id = ?1", import_id, 0, &x.seen_at,
	                  NULL) != 0)
		return session_dbfail(s);
	if (facility(s, &x) != 0 || record(s, &x, rec, person_id, stay_id, &nostay) != 0)
		return -1;
	/* A person decides here, not a schedule: what the import would skip
	 * (and record the rest), refuses the whole of it. */
	if (out->nskip)
		return session_fail(s, "%s: nothing was changed", out->skip[0].why);
	if (nostay && rec->booked.precision != ROSTER_NONE)
		return session_fail(s, "no stay to record: nothing was changed");
	return 0;
}
