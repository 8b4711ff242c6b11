/* SPDX-License-Identifier: ISC */
/*
 * search.c - finding a person as you type (see search.h).
 *
 * The work is done by person_search, an FTS5 table kept by search_index.c
 * (for person.c, and stay.c for booking numbers): column names holds the legal and preferred
 * name, column codes the participant code and booking numbers.  Its
 * tokenizer folds case and removes diacritics, and the same tokenizer
 * reads the query, so "José" and "jose" meet as "jose".
 *
 * Typed text never becomes FTS5 syntax.  Each word is put in double
 * quotes, where FTS5 reads nothing but text for the tokenizer, and given
 * a trailing * so it matches as a prefix.  Only a double quote could end
 * the string early; it and every other ASCII character that is not a
 * letter or digit become a space, which the tokenizer would treat as a
 * separator anyway, so "PX-00" is still the phrase px 00* and finds the
 * code PX-0042 as it was indexed.  The query reaches SQLite as a bound
 * parameter, never as SQL.
 *
 * Speed at a million people comes from never touching more matches than a
 * page needs: the prefix indexes answer a word of 1 to 3 characters
 * directly, LIMIT stops the reading early, and bm25 (which reads every
 * match of every word) runs only when no word is common (SEARCH_RANK_MAX).
 * A prefix of 4 or more characters has no prefix index: FTS5 merges the
 * matches of every word starting with it, which is slow only when one
 * such prefix is shared by a great many people (a year at the start of
 * every booking number).
 */
#include "search.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "check.h"
#include "record.h"

/* A typed word is at most 200 bytes (the search is); quoted, with its *
 * and a NUL, 4 more. */
#define WORD_MAX 204

/* What was typed, as FTS5 query text: all, every word at once (FTS5 ANDs
 * them); word, each one alone, to learn how many people each matches. */
struct query {
	char all[SEARCH_MAX_WORDS * (WORD_MAX + 1)];
	char word[SEARCH_MAX_WORDS][WORD_MAX];
	int n;
};

static int
is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
token_byte(char c)
{
	return (c & 0x80) || is_ascii_alnum((unsigned char)c);
}

/* Writes the word [w, end) as "word"* into out; 0 when no character in it
 * could be part of a token, so it would match nothing. */
static int
quote_word(const char *w, const char *end, char out[WORD_MAX])
{
	size_t at = 0;
	int keep = 0;

	for (const char *q = w; q < end; q++)
		keep |= token_byte(*q);
	if (!keep || end - w > WORD_MAX - 4)
		return 0;
	out[at++] = '"';
	for (const char *q = w; q < end; q++)
		out[at++] = token_byte(*q) ? *q : ' ';
	out[at++] = '"';
	out[at++] = '*';
	out[at] = 0;
	return 1;
}

/* The query for typed (already checked: at most 200 bytes of text with no
 * control characters); q->n is 0 when nothing in it can match. */
static void
fts_query(const char *typed, struct query *q)
{
	const char *p = typed;
	size_t at = 0, len;

	q->n = 0;
	q->all[0] = 0;
	while (*p && q->n < SEARCH_MAX_WORDS) {
		const char *w;
		while (*p == ' ')
			p++;
		w = p;
		while (*p && *p != ' ')
			p++;
		if (!quote_word(w, p, q->word[q->n]))
			continue;
		/* Fits: all has room for every word and a space each. */
		len = strlen(q->word[q->n]);
		if (at)
			q->all[at++] = ' ';
		memcpy(q->all + at, q->word[q->n], len + 1);
		at += len;
		q->n++;
	}
}

/* The participant code, if what was typed is one word that could be one. */
static void
code_typed(const char *typed, char out[33])
{
	size_t n;

	out[0] = 0;
	while (*typed == ' ')
		typed++;
	n = strcspn(typed, " ");
	if (n == 0 || n > 32 || typed[n + strspn(typed + n, " ")] != 0)
		return;
	memcpy(out, typed, n);
	out[n] = 0;
}

/* ---------------------------------------------------------------- rows */

#define HIT_COLS                                                                     \
	"p.id, p.participant_code, p.preferred_name, p.legal_name, p.status, "       \
	"u.display_name"
#define HIT_JOIN "JOIN person p ON p.id = m.id LEFT JOIN user u ON u.id = p.caseworker_id"

static void
fill_hit(sqlite3_stmt *st, struct search_hit *h)
{
	memset(h, 0, sizeof *h);
	h->person_id = sqlite3_column_int64(st, 0);
	sql_col_copy(st, 1, h->participant_code, sizeof h->participant_code);
	sql_col_copy(st, 2, h->preferred_name, sizeof h->preferred_name);
	sql_col_copy(st, 3, h->legal_name, sizeof h->legal_name);
	sql_col_copy(st, 4, h->status, sizeof h->status);
	sql_col_copy(st, 5, h->caseworker, sizeof h->caseworker);
}

/* Steps st to the end, filling hits from *n on, up to max in all. */
static int
collect(struct session *s, sqlite3_stmt *st, int rc, struct search_hit *hits, int max, int *n)
{
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && *n < max)
			fill_hit(st, &hits[(*n)++]);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

/* The person whose participant code is exactly what was typed (the
 * column compares without case), as the first hit. */
static int
exact_hit(struct session *s, const char *code, struct search_hit *hits, int max, int *n,
          int64_t *id)
{
	sqlite3_stmt *st;
	int before = *n;

	if (sql_prep(s, "SELECT " HIT_COLS " FROM (SELECT id FROM person "
	             "WHERE participant_code = ?1) AS m " HIT_JOIN, &st) != 0)
		return -1;
	if (collect(s, st, sql_bind_str(st, 1, code, SQLITE_OK), hits, max, n) != 0)
		return -1;
	if (*n > before) {
		hits[before].exact = 1;
		*id = hits[before].person_id;
	}
	return 0;
}

/* How many people one word matches, reading no further than max + 1. */
static int
count_upto(struct session *s, const char *word, int max, int *count)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT count(*) FROM (SELECT 1 FROM person_search "
	             "WHERE person_search MATCH ?1 LIMIT ?2)", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, word, SQLITE_OK);
	rc = sql_bind_int(st, 2, max + 1, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(s->db, rc);
}

/* bm25 first counts every person each word matches (to weigh rare words
 * above common ones), so its cost follows the commonest word, not the
 * people who match them all.  Rank only when no word matches more than
 * SEARCH_RANK_MAX. */
static int
too_many(struct session *s, const struct query *q, int *many)
{
	int count = 0;

	*many = 0;
	for (int i = 0; i < q->n && !*many; i++) {
		if (count_upto(s, q->word[i], SEARCH_RANK_MAX, &count) != 0)
			return -1;
		*many = count > SEARCH_RANK_MAX;
	}
	return 0;
}

/* Everyone else who matches: ranked by bm25 over both columns (newer
 * records first among equals), or newest first when too many match to
 * rank within a keystroke (see search.h). */
static int
ranked_hits(struct session *s, const struct query *q, int64_t skip, int offset, int limit,
            struct search_hit *hits, int max, int *n)
{
	static const char *const by_rank =
	    "SELECT " HIT_COLS " FROM (SELECT rowid AS id, rank AS r FROM person_search "
	    "WHERE person_search MATCH ?1 AND rowid <> ?2 ORDER BY r, rowid DESC "
	    "LIMIT ?3 OFFSET ?4) AS m " HIT_JOIN " ORDER BY m.r, m.id DESC";
	static const char *const by_newest =
	    "SELECT " HIT_COLS " FROM (SELECT rowid AS id FROM person_search "
	    "WHERE person_search MATCH ?1 AND rowid <> ?2 ORDER BY rowid DESC "
	    "LIMIT ?3 OFFSET ?4) AS m " HIT_JOIN " ORDER BY m.id DESC";
	sqlite3_stmt *st;
	int many = 0, rc;

	if (too_many(s, q, &many) != 0)
		return -1;
	if (sql_prep(s, many ? by_newest : by_rank, &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, q->all, SQLITE_OK);
	rc = sql_bind_int(st, 2, skip, rc);
	rc = sql_bind_int(st, 3, limit, rc);
	rc = sql_bind_int(st, 4, offset, rc);
	return collect(s, st, rc, hits, max, n);
}

/* Whether each hit opens as things stand.  access_person leaves its
 * refusal in s->err; here a refusal is an answer, not an error. */
static void
mark_access(struct session *s, struct search_hit *hits, int n)
{
	for (int i = 0; i < n; i++)
		hits[i].may_open = access_person(s, hits[i].person_id, ACCESS_VIEW, NULL) == 0;
	s->err[0] = 0;
}

int
search_may(struct session *s)
{
	s->err[0] = 0;
	if (access_refuse_import(s) != 0)
		return -1;
	if (!access_role_can_see_cases(s->role))
		return session_fail(s, "admins do not see case records");
	return 0;
}

int
search_hit_of(struct session *s, int64_t person_id, struct search_hit *hit)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sql_prep(s, "SELECT " HIT_COLS " FROM (SELECT ?1 AS id) AS m " HIT_JOIN, &st) != 0)
		return -1;
	if (collect(s, st, sql_bind_int(st, 1, person_id, SQLITE_OK), hit, 1, &n) != 0)
		return session_dbfail(s);
	if (n == 0)
		return session_fail(s, "that person is not in the file");
	mark_access(s, hit, 1);
	return 0;
}

/* ---------------------------------------------------------------- search */

static int
run(struct session *s, const char *typed, const struct query *q, int offset, int limit,
    struct search_hit *hits, int *n)
{
	char code[33];
	int64_t exact = 0;

	code_typed(typed, code);
	if (code[0] && offset == 0 && exact_hit(s, code, hits, limit, n, &exact) != 0)
		return -1;
	if (code[0] && offset > 0) {
		/* The exact hit was on an earlier page: skip it here too, and
		 * count it among the rows already shown. */
		struct search_hit one;
		int got = 0;
		if (exact_hit(s, code, &one, 1, &got, &exact) != 0)
			return -1;
		offset -= got;
	}
	if (*n < limit && ranked_hits(s, q, exact, offset, limit - *n, hits, limit, n) != 0)
		return -1;
	mark_access(s, hits, *n);
	return 0;
}

int
search_people(struct session *s, const char *typed, int offset, int limit,
              struct search_hit *hits, int *n)
{
	struct query q;
	int own, rc;

	*n = 0;
	if (search_may(s) != 0 || check_text(s, "search", typed, 200, 0, 0) != 0)
		return -1;
	fts_query(typed ? typed : "", &q);
	if (q.n == 0 || limit <= 0)
		return 0;
	/* One snapshot for every statement, unless the caller holds one. */
	own = sqlite3_get_autocommit(db_sql(s->db));
	if (own && db_begin_read(s->db) != 0)
		return session_dbfail(s);
	rc = run(s, typed, &q, offset > 0 ? offset : 0, limit, hits, n);
	if (own)
		db_rollback(s->db);
	if (rc != 0) {
		*n = 0;
		return s->err[0] ? -1 : session_dbfail(s);
	}
	return 0;
}
