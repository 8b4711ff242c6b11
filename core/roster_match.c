/* SPDX-License-Identifier: ISC */
/*
 * roster_match.c - which of our people a roster booking is (see
 * roster_match.h and roster_import.h).
 */
#include "roster_match.h"

#include <stdio.h>
#include <string.h>

#include "candidate.h"
#include "sql.h"
#include "sql_keep.h"

/* Whether s holds a letter or digit (any byte of a multibyte character
 * counts as one). */
static int
has_word(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
		    *p >= 0x80)
			return 1;
	return 0;
}

/* Every word of the last and the first name in the legal name, and a
 * birth date that may be the file's: one such person with the whole birth
 * date links; anyone else waits, and the people born that day with a
 * close name (candidate_near) wait with them as candidates, never
 * linked. */
static int
by_name(struct session *s, const struct roster_rec *rec, struct roster_match *m)
{
	char name[ROSTER_NAME_MAX * 2 + 3];
	struct candidate_birth birth = {rec->birth_year, rec->birth_month, rec->birth_day};
	struct candidate cand[ROSTER_CANDIDATES_MAX];
	int same = 0;

	m->how = ROSTER_WAIT;
	if (!has_word(rec->last) || !has_word(rec->first))
		return 0;
	snprintf(name, sizeof name, "%s %s", rec->last, rec->first);
	if (candidate_find(s, name, &birth, cand, ROSTER_CANDIDATES_MAX, &m->ncand, &same) != 0)
		return -1;
	if (m->ncand == 1 && same == 1) {
		m->how = ROSTER_BY_NAME;
		m->person_id = cand[0].person_id;
	} else {
		snprintf(name, sizeof name, "%s, %s", rec->last, rec->first);
		if (candidate_near(s, name, &birth, cand, ROSTER_CANDIDATES_MAX, &m->ncand) != 0)
			return -1;
	}
	for (int i = 0; i < m->ncand; i++)
		m->cand[i] = cand[i].person_id;
	return 0;
}

/* The id the profile's crosswalk table gives jail_id, if any. */
static int
walk(struct session *s, const char *sql, const char *profile, const char *jail_id, int64_t *out,
     int *found)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (sql_prep_kept(s, sql, &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, profile, SQLITE_OK);
	rc = sql_bind_str(st, 2, jail_id, rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		*found = 1;
	}
	sql_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

int
roster_match_known(struct session *s, const char *profile, const struct roster_rec *rec,
                   struct roster_match *m)
{
	int found;

	memset(m, 0, sizeof *m);
	m->how = ROSTER_WAIT;
	if (rec->booking[0]) {
		if (walk(s, "SELECT stay_id FROM roster_booking WHERE profile = ?1 AND booking = ?2",
		         profile, rec->booking, &m->stay_id, &found) != 0)
			return -1;
		if (found) {
			m->how = ROSTER_BY_BOOKING;
			if (sql_query_i64(s, "SELECT person_id FROM stay WHERE id = ?1", m->stay_id, 0,
			                  &m->person_id, NULL) != 0)
				return session_dbfail(s);
			return 0;
		}
	}
	if (rec->person_id[0]) {
		if (walk(s, "SELECT person_id FROM roster_person WHERE profile = ?1 AND jail_id = ?2",
		         profile, rec->person_id, &m->person_id, &found) != 0)
			return -1;
		if (found) {
			m->how = ROSTER_BY_ID;
			return 0;
		}
	}
	return 0;
}

int
roster_match_name(struct session *s, const struct roster_rec *rec, struct roster_match *m)
{
	memset(m, 0, sizeof *m);
	return by_name(s, rec, m);
}

int
roster_match(struct session *s, const char *profile, const struct roster_rec *rec,
             struct roster_match *m)
{
	if (roster_match_known(s, profile, rec, m) != 0)
		return -1;
	return m->how == ROSTER_WAIT ? roster_match_name(s, rec, m) : 0;
}
