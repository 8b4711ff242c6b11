/* SPDX-License-Identifier: ISC */
/*
 * roster_review.c - "roster: needs a look" (see roster_review.h): the
 * rows waiting, and linking, adding or dismissing them in one write
 * transaction each.
 */
#include "roster_review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "roster_import.h"
#include "sql.h"
#include "vocab.h"
#include "zone.h"

static int
may_look(struct session *s)
{
	if (s->role == ROLE_HEALTH || s->role == ROLE_SUPERVISOR)
		return 0;
	return session_fail(s, "the roster's rows that need a look are for health staff and "
	                    "supervisors");
}

/* A row the jail says was released (not transferred): the person is out,
 * and the 48-hour contact's clock has started. */
#define RELEASED "(r.in_custody = 0 AND r.transfer = 0)"

int
roster_review_count(struct session *s, int64_t *n, int64_t *released)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (released)
		*released = 0;
	if (s->role != ROLE_HEALTH && s->role != ROLE_SUPERVISOR)
		return 0;
	if (sql_prep(s, "SELECT count(*), total(" RELEASED ") FROM roster_review r "
	             "WHERE r.resolution IS NULL AND r.id > 0", &st) != 0)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		if (released)
			*released = sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

#define LOOK_COLS                                                                          \
	"r.id, r.profile, r.line, r.jail_person_id, r.booking, r.last_name, r.first_name, "  \
	"r.middle_name, r.birth, r.booked_at, r.released_at, r.in_custody, r.transfer, "     \
	"r.release_date_only, i.at, r.candidates, coalesce(r.seen_import, r.import_id), "    \
	"r.expected_at, i.time_zone, r.booked_date_only, r.expected_date_only"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct roster_look *r = row;

	(void)s;
	r->id = sqlite3_column_int64(st, 0);
	sql_col_copy(st, 1, r->profile, sizeof r->profile);
	r->line = sqlite3_column_int(st, 2);
	sql_col_copy(st, 3, r->jail_id, sizeof r->jail_id);
	sql_col_copy(st, 4, r->booking, sizeof r->booking);
	sql_col_copy(st, 5, r->last, sizeof r->last);
	sql_col_copy(st, 6, r->first, sizeof r->first);
	sql_col_copy(st, 7, r->middle, sizeof r->middle);
	sql_col_copy(st, 8, r->birth, sizeof r->birth);
	r->booked_at = sqlite3_column_int64(st, 9);
	r->released_at = sqlite3_column_int64(st, 10);
	r->in_custody = sqlite3_column_int(st, 11);
	r->transfer = sqlite3_column_int(st, 12);
	r->date_only = sqlite3_column_int(st, 13);
	r->imported_at = sqlite3_column_int64(st, 14);
	r->seen_import = sqlite3_column_int64(st, 16);
	r->expected_at = sqlite3_column_int64(st, 17);
	sql_col_copy(st, 18, r->zone, sizeof r->zone);
	r->booked_date_only = sqlite3_column_int(st, 19);
	r->expected_date_only = sqlite3_column_int(st, 20);
	/* The candidates' ids, for now in cand[].person_id. */
	if (sqlite3_column_text(st, 15)) {
		const char *p = (const char *)sqlite3_column_text(st, 15);
		while (*p && r->ncand < ROSTER_CANDIDATES_MAX) {
			char *end;
			long long v = strtoll(p, &end, 10);
			if (end == p)
				break;
			r->cand[r->ncand++].person_id = v;
			p = *end == ',' ? end + 1 : end;
		}
	}
	return 0;
}

static int
candidates(struct session *s, struct roster_look *r)
{
	for (int i = 0; i < r->ncand; i++) {
		struct roster_look_cand *c = &r->cand[i];
		sqlite3_stmt *st;
		int rc;

		if (sql_prep(s, "SELECT participant_code, coalesce(legal_name, preferred_name), "
		             "birth_date FROM person WHERE id = ?1", &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, c->person_id, SQLITE_OK);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			sql_col_copy(st, 0, c->code, sizeof c->code);
			sql_col_copy(st, 1, c->name, sizeof c->name);
			sql_col_copy(st, 2, c->birth, sizeof c->birth);
			rc = SQLITE_DONE;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			db_fail(s->db, rc);
			return session_dbfail(s);
		}
	}
	return 0;
}

int
roster_review_list(struct session *s, struct roster_look **rows, int *n)
{
	sqlite3_stmt *st;

	*rows = NULL;
	*n = 0;
	if (may_look(s) != 0)
		return -1;
	if (sql_prep(s, "SELECT " LOOK_COLS " FROM roster_review r JOIN roster_import i ON "
	             "i.id = r.import_id WHERE r.resolution IS NULL ORDER BY "
	             RELEASED " DESC, CASE WHEN " RELEASED " THEN coalesce(r.released_at, 0) END, "
	             "coalesce(r.booked_at, 0), r.id", &st) != 0)
		return -1;
	if (sql_list(s, st, SQLITE_OK, sizeof **rows, fill, (void **)rows, n) != 0)
		return -1;
	for (int i = 0; i < *n; i++)
		if (candidates(s, &(*rows)[i]) != 0)
			return -1;
	return 0;
}

const char *
roster_look_name(const struct roster_look *r, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", r->first, *r->first && (*r->middle || *r->last) ? " " : "",
	         r->middle, *r->middle && *r->last ? " " : "", r->last);
	return out;
}

/* ---------------------------------------------------------------- resolving */

enum how { LINK, ADD, DISMISS };

struct resolve {
	int64_t id, person_id;
	enum how how;
	struct person *p;  /* ADD */
	const char *why;   /* DISMISS */
};

/* A waiting row read back as the roster record the import read. */
static void
as_rec(const struct roster_look *r, struct roster_rec *rec)
{
	memset(rec, 0, sizeof *rec);
	snprintf(rec->person_id, sizeof rec->person_id, "%s", r->jail_id);
	snprintf(rec->booking, sizeof rec->booking, "%s", r->booking);
	snprintf(rec->last, sizeof rec->last, "%s", r->last);
	snprintf(rec->first, sizeof rec->first, "%s", r->first);
	snprintf(rec->middle, sizeof rec->middle, "%s", r->middle);
	sscanf(r->birth, "%d-%d-%d", &rec->birth_year, &rec->birth_month, &rec->birth_day);
	rec->booked.at = r->booked_at;
	rec->booked.precision = !r->booked_at ? ROSTER_NONE :
	                        r->booked_date_only ? ROSTER_DATE_ONLY : ROSTER_TIME;
	rec->release.at = r->released_at;
	rec->release.precision = !r->released_at ? ROSTER_NONE :
	                         r->date_only ? ROSTER_DATE_ONLY : ROSTER_TIME;
	rec->expected.at = r->expected_at;
	rec->expected.precision = !r->expected_at ? ROSTER_NONE :
	                          r->expected_date_only ? ROSTER_DATE_ONLY : ROSTER_TIME;
	rec->status = r->in_custody ? ROSTER_IN_CUSTODY :
	              r->transfer ? ROSTER_TRANSFERRED : ROSTER_RELEASED;
	rec->line = rec->last_line = r->line;
	rec->rows = 1;
}

/* Refused when the row is resolved already: who did what, and when. */
static int
still_open(struct session *s, int64_t id)
{
	sqlite3_stmt *st;
	char who[200] = "", when[40] = "", res[16] = "";
	int64_t by = 0, at = 0;
	int rc, found;

	if (sql_prep(s, "SELECT resolution, resolved_by, resolved_at FROM roster_review "
	             "WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, id, SQLITE_OK);
	found = rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW;
	if (found) {
		sql_col_copy(st, 0, res, sizeof res);
		by = sqlite3_column_int64(st, 1);
		at = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (!found && rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	if (!found)
		return session_fail(s, "no such roster row");
	if (!*res)
		return 0;
	session_user_name(s, by, who, sizeof who);
	return session_fail(s, "%s already looked at this row (%s) at %s: nothing was changed",
	                    *who ? who : "someone", vocab_label(VOCAB_REVIEW_RESOLUTION, res),
	                    zone_local_time(s->db, at, when, sizeof when));
}

/* The open rows of the same person: the row itself, and those of its
 * jail with its booking number or its jail person id, the oldest booking
 * first (each booking is recorded in its turn). */
static int
group(struct session *s, int64_t id, struct roster_look **rows, int *n)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT " LOOK_COLS " FROM roster_review r JOIN roster_import i ON "
	             "i.id = r.import_id JOIN roster_review o ON o.id = ?1 WHERE "
	             "(r.id = o.id OR (r.resolution IS NULL AND r.profile = o.profile AND "
	             "(r.booking = o.booking OR r.jail_person_id = o.jail_person_id))) "
	             "ORDER BY coalesce(r.booked_at, 0), r.id", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, id, SQLITE_OK);
	return sql_list(s, st, rc, sizeof **rows, fill, (void **)rows, n);
}

/* The jail's ids of r linked to someone else already: refused. */
static int
ids_free(struct session *s, const struct roster_look *r, int64_t person_id)
{
	sqlite3_stmt *st;
	int rc, other = 0;

	if (sql_prep(s, "SELECT (SELECT count(*) FROM roster_person WHERE profile = ?1 AND "
	             "jail_id = ?2 AND person_id <> ?4) + (SELECT count(*) FROM roster_booking b "
	             "JOIN stay t ON t.id = b.stay_id WHERE b.profile = ?1 AND b.booking = ?3 AND "
	             "t.person_id <> ?4)", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, r->profile, SQLITE_OK);
	rc = sql_bind_str(st, 2, r->jail_id, rc);
	rc = sql_bind_str(st, 3, r->booking, rc);
	rc = sql_bind_int(st, 4, person_id, rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		other = sqlite3_column_int(st, 0) > 0;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return other ? session_fail(s, "the jail's ids on this row are linked to another person "
	                            "already: nothing was changed") : 0;
}

static int
mark(struct session *s, const struct resolve *x, int64_t id)
{
	static const char *const res[] = {"linked", "added", "dismissed"};
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "UPDATE roster_review SET resolution = ?2, person_id = ?3, "
	             "resolved_by = ?4, resolved_at = ?5, why = ?6 WHERE id = ?1 AND "
	             "resolution IS NULL", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, id, SQLITE_OK);
	rc = sql_bind_str(st, 2, res[x->how], rc);
	rc = sql_bind_id(st, 3, x->how == DISMISS ? 0 : x->person_id, rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	rc = sql_bind_int(st, 5, session_now(s), rc);
	rc = sql_bind_text(st, 6, x->how == DISMISS ? x->why : NULL, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	/* Ids and the way it was resolved: no name. */
	return audit_log(s, x->how == DISMISS ? "roster_dismiss" : "roster_link", "roster_review",
	                 id, x->how == DISMISS ? 0 : x->person_id,
	                 vocab_label(VOCAB_REVIEW_RESOLUTION, res[x->how]));
}

static int
do_resolve(struct session *s, void *arg)
{
	struct resolve *x = arg;
	struct roster_look *g = NULL;
	int n = 0, rc = -1;

	if (still_open(s, x->id) != 0)
		return -1;
	if (x->how == ADD) {
		if (person_create(s, x->p) != 0)
			return -1;
		x->person_id = x->p->id;
	} else if (x->how == LINK && access_person_exists(s, x->person_id) != 0) {
		return -1;
	}
	if (group(s, x->id, &g, &n) != 0)
		goto out;
	for (int i = 0; i < n; i++) {
		struct roster_summary *sum;
		struct roster_rec rec;

		if (x->how != DISMISS) {
			if (ids_free(s, &g[i], x->person_id) != 0)
				goto out;
			if (!(sum = calloc(1, sizeof *sum))) {
				session_fail(s, "out of memory: nothing was changed");
				goto out;
			}
			as_rec(&g[i], &rec);
			rc = roster_record_linked(s, g[i].profile, g[i].seen_import, &rec, x->person_id, 0, sum);
			free(sum);
			if (rc != 0) {
				rc = -1;
				goto out;
			}
			rc = -1;
		}
		if (mark(s, x, g[i].id) != 0)
			goto out;
	}
	rc = 0;
out:
	free(g);
	return rc;
}

static int
resolve(struct session *s, struct resolve *x)
{
	if (may_look(s) != 0)
		return -1;
	if (x->why && strlen(x->why) > 400)
		return session_fail(s, "why: at most 400 characters");
	return session_write(s, do_resolve, x);
}

int
roster_review_link(struct session *s, int64_t id, int64_t person_id)
{
	struct resolve x = {id, person_id, LINK, NULL, NULL};

	return resolve(s, &x);
}

int
roster_review_link_code(struct session *s, int64_t id, const char *code)
{
	int64_t person_id;
	int found;

	if (may_look(s) != 0)
		return -1;
	if (sql_query_text_i64(s, "SELECT id FROM person WHERE participant_code = ?1", code ? code :
	                       "", &person_id, &found) != 0)
		return session_dbfail(s);
	if (!found)
		return session_fail(s, "participant code: nobody has this code");
	return roster_review_link(s, id, person_id);
}

int
roster_review_add(struct session *s, int64_t id, struct person *p)
{
	struct resolve x = {id, 0, ADD, p, NULL};

	return resolve(s, &x);
}

int
roster_review_dismiss(struct session *s, int64_t id, const char *why)
{
	struct resolve x = {id, 0, DISMISS, NULL, why};

	return resolve(s, &x);
}
