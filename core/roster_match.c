/* SPDX-License-Identifier: ISC */
/*
 * roster_match.c - which of our people a roster booking is (see
 * roster_match.h and roster_import.h).
 */
#include "roster_match.h"

#include <stdio.h>
#include <string.h>

#include "sql.h"

char *
roster_fold(const char *in, char *out, size_t n)
{
	size_t o = 0;
	int space = 1;

	for (const unsigned char *p = (const unsigned char *)in; *p && o + 2 < n; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			out[o++] = (char)c;
			space = 0;
		} else if (!space) {
			out[o++] = ' ';
			space = 1;
		}
	}
	if (o && out[o - 1] == ' ')
		o--;
	out[o] = 0;
	return out;
}

/* Whether every word of want is a word of have (both folded). */
static int
words_in(const char *want, const char *have)
{
	char w[ROSTER_NAME_MAX * 2];
	size_t hl = strlen(have);

	if (!*want)
		return 0;
	snprintf(w, sizeof w, "%s", want);
	for (char *save = NULL, *t = strtok_r(w, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		size_t tl = strlen(t);
		const char *h = have;
		int found = 0;

		while ((h = strstr(h, t)) != NULL) {
			if ((h == have || h[-1] == ' ') && (h[tl] == ' ' || h[tl] == 0)) {
				found = 1;
				break;
			}
			h++;
		}
		if (!found || tl > hl)
			return 0;
	}
	return 1;
}

/* 2: the whole birth date is the file's; 1: it may be (a year only on
 * one side, or none); 0: it is not. */
static int
birth_fits(const struct roster_rec *rec, const char *birth)
{
	int y = 0, m = 0, d = 0;

	if (!birth || sscanf(birth, "%d-%d-%d", &y, &m, &d) != 3 || !rec->birth_year)
		return 1;
	if (y != rec->birth_year)
		return 0;
	if (!rec->birth_month)
		return 1;
	return m == rec->birth_month && d == rec->birth_day ? 2 : 0;
}

static int
by_name(struct session *s, const struct roster_rec *rec, struct roster_match *m)
{
	char last[ROSTER_NAME_MAX * 2], first[ROSTER_NAME_MAX * 2], like[ROSTER_NAME_MAX * 2 + 2];
	char have[512];
	sqlite3_stmt *st;
	int strong = 0, rc;

	roster_fold(rec->last, last, sizeof last);
	roster_fold(rec->first, first, sizeof first);
	m->how = ROSTER_WAIT;
	if (!*last || !*first)
		return 0;
	/* The longest word of the last name narrows the search; the words
	 * themselves are compared below. */
	snprintf(like, sizeof like, "%%%s%%", strtok(strcpy(have, last), " "));
	if (sql_prep(s, "SELECT id, legal_name, birth_date FROM person WHERE legal_name LIKE ?1 "
	             "ORDER BY id", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, like, SQLITE_OK);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		int fit;

		rc = SQLITE_OK;
		roster_fold(name ? name : "", have, sizeof have);
		if (!words_in(last, have) || !words_in(first, have))
			continue;
		fit = birth_fits(rec, (const char *)sqlite3_column_text(st, 2));
		if (!fit)
			continue;
		if (m->ncand < ROSTER_CANDIDATES_MAX)
			m->cand[m->ncand] = sqlite3_column_int64(st, 0);
		m->ncand++;
		strong += fit == 2;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	if (m->ncand == 1 && strong == 1) {
		m->how = ROSTER_BY_NAME;
		m->person_id = m->cand[0];
	}
	if (m->ncand > ROSTER_CANDIDATES_MAX)
		m->ncand = ROSTER_CANDIDATES_MAX;
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
	if (sql_prep(s, sql, &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, profile, SQLITE_OK);
	rc = sql_bind_str(st, 2, jail_id, rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		*found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

int
roster_match(struct session *s, const char *profile, const struct roster_rec *rec,
             struct roster_match *m)
{
	int found;

	memset(m, 0, sizeof *m);
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
	return by_name(s, rec, m);
}
