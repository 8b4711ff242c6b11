/* SPDX-License-Identifier: ISC */
/*
 * candidate.c - who may already be here (see candidate.h).
 *
 * Names are folded by the search index's own tokenizer (FTS5's unicode61
 * with remove_diacritics 2, as schema/0002_case.sql declares it), taken
 * from SQLite through the FTS5 API: the words sought and the legal name
 * they are checked against are folded exactly as the index folded the
 * names, so what the index finds the check agrees with (sqlite3.h
 * declares the FTS5 API).  A name's words go to FTS5 as quoted tokens (a
 * token never holds a double quote), bound as a parameter, never as SQL.
 */
#include "candidate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sql.h"
#include "sql_keep.h"

/* Folded words, each with a space before and after (" jose nunez "), so
 * that " word " finds a whole word. */
#define FOLD_MAX 2048
struct folded {
	char text[FOLD_MAX];
	size_t len;
	int n;
};

struct folder {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static int
add_token(void *ctx, int flags, const char *t, int n, int start, int end)
{
	struct folded *f = ctx;

	(void)flags;
	(void)start;
	(void)end;
	if (n <= 0)
		return SQLITE_OK;
	if (f->len + (size_t)n + 2 > sizeof f->text)
		return SQLITE_TOOBIG;
	memcpy(f->text + f->len, t, (size_t)n);
	f->len += (size_t)n;
	f->text[f->len++] = ' ';
	f->text[f->len] = 0;
	f->n++;
	return SQLITE_OK;
}

static int
fold(const struct folder *fo, const char *in, struct folded *f)
{
	f->text[0] = ' ';
	f->text[1] = 0;
	f->len = 1;
	f->n = 0;
	return fo->api.xTokenize(fo->tok, f, FTS5_TOKENIZE_DOCUMENT, in, (int)strlen(in),
	                         add_token);
}

static int
folder_open(struct session *s, struct folder *fo)
{
	static const char *args[] = {"remove_diacritics", "2"};
	fts5_api *api = NULL;
	void *user = NULL;
	sqlite3_stmt *st;
	int rc;

	fo->tok = NULL;
	if (sql_prep_kept(s, "SELECT fts5(?1)", &st) != 0)
		return -1;
	rc = sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sql_done(s, st);
	if (rc != SQLITE_ROW || !api || api->iVersion < 2)
		return session_fail(s, "the search index cannot be read (FTS5 is missing)");
	rc = api->xFindTokenizer(api, "unicode61", &user, &fo->api);
	if (rc == SQLITE_OK)
		rc = fo->api.xCreate(user, args, 2, &fo->tok);
	if (rc != SQLITE_OK) {
		fo->tok = NULL;
		return session_fail(s, "the search index cannot be read (no unicode61 tokenizer)");
	}
	return 0;
}

static void
folder_close(struct folder *fo)
{
	if (fo->tok)
		fo->api.xDelete(fo->tok);
	fo->tok = NULL;
}

/* Whether every word of want is a whole word of have. */
static int
words_in(const struct folded *want, const char *have)
{
	char w[FOLD_MAX];
	size_t i = 1;

	while (i < want->len) {
		size_t j = i;
		while (want->text[j] != ' ')
			j++;
		/* " word ": the space before it and the one after. */
		memcpy(w, want->text + i - 1, j - i + 2);
		w[j - i + 2] = 0;
		if (!strstr(have, w))
			return 0;
		i = j + 1;
	}
	return 1;
}

/* 2: the whole date is birth's; 1: it may be (a year only on one side, or
 * none); 0: it is not. */
static int
birth_fits(const struct candidate_birth *b, const char *date)
{
	int y = 0, m = 0, d = 0;

	if (!date || sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 || !b->year)
		return CANDIDATE_MAY;
	if (y != b->year)
		return 0;
	if (!b->month)
		return CANDIDATE_MAY;
	return m == b->month && d == b->day ? CANDIDATE_SAME : 0;
}

/* want's words as an FTS5 query on the names column: names : ("a" "b"). */
static void
query_of(const struct folded *want, char *q, size_t n)
{
	size_t at = (size_t)snprintf(q, n, "names : (");

	for (size_t i = 1; i < want->len && at + 4 < n; i++) {
		if (want->text[i] == ' ') {
			q[at++] = '"';
			q[at++] = ' ';
		} else {
			if (want->text[i - 1] == ' ')
				q[at++] = '"';
			q[at++] = want->text[i];
		}
	}
	snprintf(q + at, n - at, ")");
}

static int
found_already(const struct candidate *out, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (out[i].person_id == id)
			return 1;
	return 0;
}

/* The legal name and birth date of person id, through one; rc as
 * sqlite3_step's. */
static int
person_row(sqlite3_stmt *one, int64_t id)
{
	sqlite3_reset(one);
	return sqlite3_bind_int64(one, 1, id) == SQLITE_OK ? sqlite3_step(one) : SQLITE_MISUSE;
}

/* Whether person id (read through one) fits: not in out already, the
 * birth date may be theirs, and every word of want is a whole word of
 * their legal name (with any_name, of it and the name they go by); if so,
 * one more in out.  rc as sqlite3_step's, SQLITE_OK when read. */
static int
consider(const struct folder *fo, const struct folded *want, int any_name,
         const struct candidate_birth *birth, sqlite3_stmt *one, int64_t id,
         struct candidate *out, int *n, int *same)
{
	struct folded have;
	const char *name;
	int fit, rc;

	if (found_already(out, *n, id))
		return SQLITE_OK;
	if ((rc = person_row(one, id)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_OK : rc; /* not there: nobody */
	fit = birth_fits(birth, (const char *)sqlite3_column_text(one, 1));
	if (!fit)
		return SQLITE_OK;
	name = (const char *)sqlite3_column_text(one, 0);
	if (any_name && sqlite3_column_type(one, 2) == SQLITE_TEXT) {
		char both[2 * 4 * 200 + 4];
		snprintf(both, sizeof both, "%s %s", name ? name : "",
		         (const char *)sqlite3_column_text(one, 2));
		rc = fold(fo, both, &have);
	} else {
		rc = fold(fo, name ? name : "", &have);
	}
	if (rc != SQLITE_OK || !words_in(want, have.text))
		return rc;
	out[*n].person_id = id;
	out[*n].fit = fit;
	sql_col_copy(one, 1, out[*n].birth, sizeof out[*n].birth);
	(*n)++;
	*same += fit == CANDIDATE_SAME;
	return SQLITE_OK;
}

/* The words an import found more than FEW people with: an import adds
 * no one and changes no name, so a word common once stays so for the
 * whole of it, and is not read again. */
#define COMMON_MAX 512
#define COMMON_LEN 48
struct candidate_common {
	int n;
	char word[COMMON_MAX][COMMON_LEN];
};

int
candidate_remember(struct session *s)
{
	if (!s->common && !(s->common = calloc(1, sizeof *s->common)))
		return session_fail(s, "out of memory");
	return 0;
}

void
candidate_forget(struct session *s)
{
	free(s->common);
	s->common = NULL;
}

/* Whether the word w (len bytes) is known to be common; note it so when
 * common is 1. */
static int
common_word(struct session *s, const char *w, size_t len, int common)
{
	struct candidate_common *c = s->common;

	if (!c || len >= COMMON_LEN)
		return 0;
	for (int i = 0; i < c->n; i++)
		if (strncmp(c->word[i], w, len) == 0 && !c->word[i][len])
			return 1;
	if (common && c->n < COMMON_MAX) {
		memcpy(c->word[c->n], w, len);
		c->word[c->n++][len] = 0;
	}
	return 0;
}

/* The people with one word of want in their names, in the order of their
 * ids, into ids when there are no more than FEW of them: the rarest word
 * is read alone, far less than every word together, where FTS5 reads the
 * whole of a common word's list.  *few 0: each word is more common. */
#define FEW 64
static int
few_with_word(struct session *s, const struct folded *want, int64_t ids[FEW], int *few)
{
	char q[FOLD_MAX + 16];
	const char *w;
	size_t len;
	sqlite3_stmt *st;
	size_t i = 1;
	int rc = SQLITE_OK;

	*few = 0;
	if (sql_prep_kept(s, "SELECT rowid FROM person_search WHERE person_search MATCH ?1 "
	                  "ORDER BY rowid LIMIT ?2", &st) != 0)
		return -1;
	while (i < want->len && !*few && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
		size_t j = i;
		int k = 0;

		while (want->text[j] != ' ')
			j++;
		w = want->text + i;
		len = j - i;
		i = j + 1;
		if (common_word(s, w, len, 0))
			continue;
		snprintf(q, sizeof q, "names : \"%.*s\"", (int)len, w);
		sqlite3_reset(st);
		rc = sql_bind_str(st, 1, q, SQLITE_OK);
		rc = sql_bind_int(st, 2, FEW + 1, rc);
		while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (k < FEW)
				ids[k] = sqlite3_column_int64(st, 0);
			k++;
			rc = SQLITE_OK;
		}
		if (rc == SQLITE_DONE && k <= FEW)
			*few = k ? k : -1; /* -1: nobody has the word */
		else if (rc == SQLITE_DONE)
			common_word(s, w, len, 1);
	}
	sql_done(s, st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

/* The index gives the people with every word in their names in the order
 * of their ids (those with the rarest word, when few have it), and the
 * scan stops at the max-th who fits: a common name costs no more than its
 * first few fitting people.  The words are sought in the legal name, or
 * with any_name in the name they go by as well. */
static int
scan(struct session *s, const struct folder *fo, const struct folded *want, int any_name,
     const struct candidate_birth *birth, struct candidate *out, int max, int *n, int *same)
{
	char q[FOLD_MAX * 2];
	int64_t ids[FEW];
	sqlite3_stmt *st = NULL, *one;
	int few, rc;

	if (few_with_word(s, want, ids, &few) != 0)
		return -1;
	if (few < 0)
		return 0;
	if (sql_prep_kept(s, "SELECT legal_name, birth_date, preferred_name FROM person "
	                     "WHERE id = ?1", &one) != 0)
		return -1;
	if (few) {
		rc = SQLITE_OK;
		for (int i = 0; rc == SQLITE_OK && i < few && *n < max; i++)
			rc = consider(fo, want, any_name, birth, one, ids[i], out, n, same);
	} else if (sql_prep_kept(s, "SELECT rowid FROM person_search WHERE person_search "
	                         "MATCH ?1 ORDER BY rowid", &st) != 0) {
		sql_done(s, one);
		return -1;
	} else {
		query_of(want, q, sizeof q);
		rc = sql_bind_str(st, 1, q, SQLITE_OK);
		while (rc == SQLITE_OK && *n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
			rc = consider(fo, want, any_name, birth, one, sqlite3_column_int64(st, 0),
			              out, n, same);
	}
	sql_done(s, one);
	sql_done(s, st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

/* ------------------------------------------------ a close name, same birth */

/* A name's first and last words, folded: "Last, First Middle" or "First
 * Middle Last"; words counts them all. */
struct ends {
	char first[FOLD_MAX], last[FOLD_MAX];
	int words;
};

/* The k-th word of f (0 the first, -1 the last) into w. */
static void
word_of(const struct folded *f, int k, char *w)
{
	size_t i = 1, at = 0;

	if (k < 0)
		k = f->n - 1;
	for (int seen = 0; i < f->len && seen < k; i++)
		seen += f->text[i] == ' ';
	while (i < f->len && f->text[i] != ' ')
		w[at++] = f->text[i++];
	w[at] = 0;
}

static int
ends_of(const struct folder *fo, const char *raw, struct ends *e)
{
	const char *comma = strchr(raw, ',');
	struct folded a, b;
	char before[FOLD_MAX];

	e->words = 0;
	e->first[0] = e->last[0] = 0;
	if (comma && (size_t)(comma - raw) < sizeof before) {
		memcpy(before, raw, (size_t)(comma - raw));
		before[comma - raw] = 0;
		if (fold(fo, before, &a) != SQLITE_OK || fold(fo, comma + 1, &b) != SQLITE_OK)
			return -1;
		if (a.n > 0 && b.n > 0) {
			word_of(&a, 0, e->last);
			word_of(&b, 0, e->first);
			e->words = a.n + b.n;
			return 0;
		}
	}
	if (fold(fo, raw, &a) != SQLITE_OK)
		return -1;
	word_of(&a, 0, e->first);
	word_of(&a, -1, e->last);
	e->words = a.n;
	return 0;
}

/* Whether a and b differ by at most one letter: one changed, added or
 * dropped, or two neighbours swapped. */
static int
one_apart(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (la < lb)
		return one_apart(b, a);
	if (la - lb > 1)
		return 0;
	while (i < lb && a[i] == b[i])
		i++;
	if (i == lb)
		return 1; /* the same, or one letter added at the end */
	if (la > lb)
		return strcmp(a + i + 1, b + i) == 0;
	if (strcmp(a + i + 1, b + i + 1) == 0)
		return 1;
	return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

/* The rule for two people born the same day: the same last name (any
 * first name), first and last swapped, or the same first name with a
 * last name one letter apart.  A first name alone, however common, is
 * not enough, and neither is a single word. */
static int
close_to(const struct ends *t, const struct ends *o)
{
	if (t->words < 2 || o->words < 2)
		return 0;
	if (strcmp(t->last, o->last) == 0)
		return 1;
	if (strcmp(t->first, o->last) == 0 && strcmp(t->last, o->first) == 0)
		return 1;
	return strcmp(t->first, o->first) == 0 && one_apart(t->last, o->last);
}

/* The people born on birth (the whole date) whose legal name or name they
 * go by is close to name, appended to the *n in out up to max, skipping
 * those already there.  No more than 2,000 people born one day are read:
 * a day's births in a large file are a few dozen, and the index on
 * birth_date (schema/0019) finds them. */
static int
near(struct session *s, const struct folder *fo, const char *name,
     const struct candidate_birth *birth, struct candidate *out, int max, int *n)
{
	struct ends want, have;
	char date[11];
	sqlite3_stmt *st;
	int rc;

	if (birth->year < 1 || birth->year > 9999 || birth->month < 1 || birth->month > 12 ||
	    birth->day < 1 || birth->day > 31 || ends_of(fo, name, &want) != 0 || want.words < 2)
		return 0;
	snprintf(date, sizeof date, "%04d-%02d-%02d", birth->year, birth->month, birth->day);
	if (sql_prep_kept(s, "SELECT id, legal_name, preferred_name FROM person "
	                     "WHERE birth_date = ?1 ORDER BY id LIMIT 2000", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, date, SQLITE_OK);
	while (rc == SQLITE_OK && *n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int is = 0;

		rc = SQLITE_OK;
		for (int c = 1; c <= 2 && !is; c++) {
			const char *t = (const char *)sqlite3_column_text(st, c);
			is = t && ends_of(fo, t, &have) == 0 && close_to(&want, &have);
		}
		if (!is || found_already(out, *n, id))
			continue;
		out[*n].person_id = id;
		out[*n].fit = CANDIDATE_SAME;
		snprintf(out[*n].birth, sizeof out[*n].birth, "%s", date);
		(*n)++;
	}
	sql_done(s, st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	return 0;
}

/* ---------------------------------------------------------------- asked */

int
candidate_find(struct session *s, const char *name, const struct candidate_birth *birth,
               struct candidate *out, int max, int *n, int *same)
{
	struct folder fo;
	struct folded want;
	int rc;

	*n = 0;
	*same = 0;
	if (folder_open(s, &fo) != 0)
		return -1;
	if (fold(&fo, name ? name : "", &want) != SQLITE_OK) {
		folder_close(&fo);
		return session_fail(s, "the name is too long to look for");
	}
	rc = want.n > 0 ? scan(s, &fo, &want, 0, birth, out, max, n, same) : 0;
	folder_close(&fo);
	return rc;
}

int
candidate_near(struct session *s, const char *name, const struct candidate_birth *birth,
               struct candidate *out, int max, int *n)
{
	struct folder fo;
	int rc;

	if (folder_open(s, &fo) != 0)
		return -1;
	rc = near(s, &fo, name ? name : "", birth, out, max, n);
	folder_close(&fo);
	return rc;
}

/* Everyone the typed names may be, by every rule, each once, into c;
 * ends[] how many of them the first rule found, and the first two. */
static int
gather(struct session *s, const struct folder *fo, const char *legal, const char *goes_by,
       const struct candidate_birth *b, struct candidate *c, int *all, int ends[2])
{
	struct folded want;
	int same = 0;

	if (fold(fo, legal, &want) != SQLITE_OK)
		return session_fail(s, "the name is too long to look for");
	if (want.n > 0 && scan(s, fo, &want, 0, b, c, CANDIDATE_SHOWN, all, &same) != 0)
		return -1;
	ends[0] = *all;
	/* The name they go by: as either name of anyone, when it is more than
	 * a first name alone. */
	if (fold(fo, goes_by, &want) != SQLITE_OK)
		return session_fail(s, "the name is too long to look for");
	if (want.n > 1 && scan(s, fo, &want, 1, b, c, CANDIDATE_SHOWN, all, &same) != 0)
		return -1;
	ends[1] = *all;
	if (near(s, fo, legal, b, c, CANDIDATE_SHOWN, all) != 0)
		return -1;
	return near(s, fo, goes_by, b, c, CANDIDATE_SHOWN, all);
}

static int
people(struct session *s, const char *legal_name, const char *goes_by, const char *birth_date,
       struct candidate_person *out, int *n)
{
	struct candidate_birth b = {0, 0, 0};
	struct candidate c[CANDIDATE_SHOWN];
	struct folder fo;
	int all = 0, ends[2] = {0, 0}, rc;

	if (birth_date && *birth_date)
		sscanf(birth_date, "%d-%d-%d", &b.year, &b.month, &b.day);
	if (folder_open(s, &fo) != 0)
		return -1;
	rc = gather(s, &fo, legal_name ? legal_name : "", goes_by ? goes_by : "", &b, c, &all,
	            ends);
	folder_close(&fo);
	if (rc != 0)
		return -1;
	for (int i = 0; i < all && i < CANDIDATE_SHOWN; i++) {
		struct candidate_person *p = &out[*n];
		int64_t id = c[i].person_id;

		memset(p, 0, sizeof *p);
		if (search_hit_of(s, id, &p->hit) != 0)
			return -1;
		if (p->hit.may_open || c[i].fit == CANDIDATE_SAME)
			memcpy(p->birth, c[i].birth, sizeof p->birth);
		p->fit = c[i].fit;
		p->how = i < ends[0] ? CANDIDATE_BY_NAME : i < ends[1] ? CANDIDATE_BY_GOES_BY
		                                                        : CANDIDATE_BY_BIRTH;
		(*n)++;
	}
	return 0;
}

int
candidate_people(struct session *s, const char *legal_name, const char *goes_by,
                 const char *birth_date, struct candidate_person out[CANDIDATE_SHOWN], int *n)
{
	int own, rc;

	*n = 0;
	if (search_may(s) != 0 || check_text(s, "legal name", legal_name, 200, 0, 0) != 0 ||
	    check_text(s, "preferred name", goes_by, 200, 0, 0) != 0 ||
	    check_date(s, "date of birth", birth_date, 0) != 0)
		return -1;
	/* One snapshot for every statement, unless the caller holds one. */
	own = sqlite3_get_autocommit(db_sql(s->db));
	if (own && db_begin_read(s->db) != 0)
		return session_dbfail(s);
	rc = people(s, legal_name, goes_by, birth_date, out, n);
	if (own)
		db_rollback(s->db);
	if (rc != 0)
		*n = 0;
	return rc;
}
