/* SPDX-License-Identifier: ISC */
/*
 * roster_wait.c - the roster rows waiting for a look (see roster_wait.h):
 * the row an earlier file left waiting is found by its words (the index
 * holds open rows), a row someone dismissed by the keys held in memory
 * (roster_dismissed.h), each then checked here.
 */
#include "roster_wait.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "sql.h"
#include "sql_keep.h"

/* A waiting row's ?1 to ?16 and ?19 from rec (?1 the import), and ?17
 * last, as far as the statement has parameters (the look-up has twelve). */
static int
review_binds(sqlite3_stmt *st, const struct roster_wait *w, const struct roster_rec *rec,
             const char *birth, const char *cands, int64_t last)
{
	int rc = sql_bind_int(st, 1, w->import_id, SQLITE_OK);

	rc = sql_bind_int(st, 2, rec->line, rc);
	rc = sql_bind_text(st, 3, rec->person_id, rc);
	rc = sql_bind_text(st, 4, rec->booking, rc);
	rc = sql_bind_text(st, 5, rec->last, rc);
	rc = sql_bind_text(st, 6, rec->first, rc);
	rc = sql_bind_text(st, 7, rec->middle, rc);
	rc = sql_bind_text(st, 8, birth, rc);
	rc = sql_bind_id(st, 9, rec->booked.precision ? rec->booked.at : 0, rc);
	rc = sql_bind_id(st, 10, rec->release.precision ? rec->release.at : 0, rc);
	rc = sql_bind_text(st, 11, cands, rc);
	rc = sql_bind_str(st, 12, w->profile, rc);
	if (sqlite3_bind_parameter_count(st) <= 12)
		return rc;
	rc = sql_bind_int(st, 13, rec->status == ROSTER_TRANSFERRED, rc);
	rc = sql_bind_int(st, 14, rec->release.precision == ROSTER_DATE_ONLY, rc);
	rc = sql_bind_int(st, 15, rec->status == ROSTER_IN_CUSTODY, rc);
	rc = sql_bind_id(st, 16, rec->expected.precision ? rec->expected.at : 0, rc);
	rc = sql_bind_int(st, 17, last, rc);
	if (sqlite3_bind_parameter_count(st) < 19)
		return rc;
	rc = sql_bind_int(st, 19, rec->booked.precision == ROSTER_DATE_ONLY, rc);
	return sql_bind_int(st, 20, rec->expected.precision == ROSTER_DATE_ONLY, rc);
}

/* The id of the row sql finds (rec's look-up binds, ?17 id), if any. */
static int
review_row(struct session *s, const struct roster_wait *w, const struct roster_rec *rec,
           const char *birth, const char *sql, int64_t id, int64_t *out, int *found)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep_kept(s, sql, &st) != 0)
		return -1;
	rc = review_binds(st, w, rec, birth, NULL, id);
	*found = rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW;
	*out = *found ? sqlite3_column_int64(st, 0) : 0;
	sql_done(s, st);
	if (!*found && rc != SQLITE_DONE && rc != SQLITE_OK) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

/* Whether someone dismissed this row of an earlier file: the rows held in
 * memory give the ids it may be, each checked here. */
static int
dismissed(struct session *s, const struct roster_wait *w, const struct roster_rec *rec,
          const char *birth, int *found)
{
	struct roster_row_key k = {rec->person_id, rec->booking, rec->last, rec->first, birth,
	                           rec->booked.precision ? rec->booked.at : 0};
	size_t from = 0;
	int64_t id, got;

	*found = 0;
	while (!*found && (id = roster_dismissed_next(w->dismissed, &k, &from)) != 0)
		if (review_row(s, w, rec, birth, "SELECT id FROM roster_review WHERE id = ?17 AND "
		               "resolution = 'dismissed' AND booking IS ?4 AND jail_person_id IS ?3 "
		               "AND last_name IS ?5 AND first_name IS ?6 AND birth IS ?8 AND "
		               "booked_at IS ?9 AND profile = ?12", id, &got, found) != 0)
			return -1;
	return 0;
}

/* rec's birth date as a waiting row keeps it: "", a year, or the date. */
static void
birth_of(const struct roster_rec *rec, char birth[16])
{
	birth[0] = 0;
	if (rec->birth_year && rec->birth_month)
		snprintf(birth, 16, "%04d-%02d-%02d", rec->birth_year % 10000,
		         rec->birth_month % 100, rec->birth_day % 100);
	else if (rec->birth_year)
		snprintf(birth, 16, "%04d", rec->birth_year % 10000);
}

/* A row seen before the count was kept (an import with no count) is
 * scored again. */
int
roster_wait_find(struct session *s, const struct roster_wait *w, const struct roster_rec *rec,
                 int64_t *id, int *scored)
{
	char birth[16];
	sqlite3_stmt *st;
	int rc;

	birth_of(rec, birth);
	if (sql_prep_kept(s, "SELECT r.id, coalesce(i.person_names = ?17, 0) FROM roster_review r "
	                  "LEFT JOIN roster_import i ON i.id = r.seen_import WHERE r.resolution IS "
	                  "NULL AND r.booking IS ?4 AND r.jail_person_id IS ?3 AND r.last_name IS ?5 "
	                  "AND r.first_name IS ?6 AND r.birth IS ?8 AND r.booked_at IS ?9 AND "
	                  "r.profile = ?12", &st) != 0)
		return -1;
	rc = review_binds(st, w, rec, birth, NULL, w->names);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*scored = sqlite3_column_int(st, 1);
	} else {
		*id = 0;
		*scored = 0;
	}
	sql_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

/* The same row of a later file adds nothing but what it says now (a
 * release, an expected date, who might be them); a row someone dismissed
 * stays dismissed. */
int
roster_wait(struct session *s, const struct roster_wait *w, const struct roster_rec *rec,
            const struct roster_match *m, int64_t id, int *waits)
{
	char birth[16], cands[400] = "";
	sqlite3_stmt *st;
	int found;

	*waits = 0;
	birth_of(rec, birth);
	for (int i = 0; m && i < m->ncand; i++) {
		size_t l = strlen(cands);
		snprintf(cands + l, sizeof cands - l, "%s%lld", i ? "," : "", (long long)m->cand[i]);
	}
	if (dismissed(s, w, rec, birth, &found) != 0)
		return -1;
	if (found)
		return 0; /* someone looked: not one of our people */
	*waits = 1;
	if (id)
		return sql_prep_kept(s, "UPDATE roster_review SET seen_import = ?1, released_at = ?10, "
		                "candidates = iif(?17, ?11, candidates), transfer = ?13, "
		                "release_date_only = ?14, in_custody = ?15, expected_at = ?16, "
		                "line = ?2, booked_date_only = ?19, expected_date_only = ?20 "
		                "WHERE id = ?18",
		                &st) != 0 ? -1 :
		       sql_finish(s, st, sql_bind_int(st, 18, id,
		                         review_binds(st, w, rec, birth, cands, m ? 1 : 0)));
	assert(m); /* a row scored already waits: id */
	if (sql_prep_kept(s, "INSERT INTO roster_review (import_id, line, jail_person_id, booking, "
	             "last_name, first_name, middle_name, birth, booked_at, released_at, "
	             "candidates, profile, transfer, release_date_only, in_custody, expected_at, "
	             "seen_import, booked_date_only, expected_date_only) VALUES (?1, ?2, ?3, ?4, ?5, "
	             "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?19, ?20)", &st) != 0)
		return -1;
	return sql_insert(s, st, review_binds(st, w, rec, birth, cands, w->import_id), &id);
}

