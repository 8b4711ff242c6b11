/* SPDX-License-Identifier: ISC */
/*
 * sql_keep.c - statements kept prepared for the length of one long job
 * (see sql_keep.h).  A few dozen statements at most, found by a hash of
 * their text and then the text itself; past SQL_KEEP_MAX the rest are
 * prepared and finalized as usual.
 */
#include "sql_keep.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sqldb.h"

#define SQL_KEEP_MAX 64

struct kept {
	uint32_t hash;
	int busy; /* handed out and not given back yet */
	sqlite3_stmt *st;
};

struct sql_keep {
	int n;
	struct kept k[SQL_KEEP_MAX];
};

static uint32_t
hash_of(const char *t)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 16777619u;
	return h;
}

static int
prepare(struct session *s, const char *sql, unsigned flags, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v3(db_sql(s->db), sql, -1, flags, st, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(s->db, rc);
}

int
sql_keep_begin(struct session *s, int *mine)
{
	*mine = 0;
	if (s->keep)
		return 0;
	s->keep = calloc(1, sizeof *s->keep);
	if (!s->keep)
		return session_fail(s, "out of memory");
	*mine = 1;
	return 0;
}

void
sql_keep_end(struct session *s, int mine)
{
	if (!mine || !s->keep)
		return;
	for (int i = 0; i < s->keep->n; i++)
		sqlite3_finalize(s->keep->k[i].st);
	free(s->keep);
	s->keep = NULL;
}

int
sql_prep_kept(struct session *s, const char *sql, sqlite3_stmt **st)
{
	struct sql_keep *c = s->keep;
	uint32_t h;

	if (!c)
		return prepare(s, sql, 0, st);
	h = hash_of(sql);
	for (int i = 0; i < c->n; i++) {
		struct kept *k = &c->k[i];

		if (k->hash == h && !k->busy && strcmp(sqlite3_sql(k->st), sql) == 0) {
			k->busy = 1;
			*st = k->st;
			return 0;
		}
	}
	if (c->n == SQL_KEEP_MAX)
		return prepare(s, sql, 0, st);
	if (prepare(s, sql, SQLITE_PREPARE_PERSISTENT, st) != 0)
		return -1;
	c->k[c->n].hash = h;
	c->k[c->n].busy = 1;
	c->k[c->n].st = *st;
	c->n++;
	return 0;
}

void
sql_done(struct session *s, sqlite3_stmt *st)
{
	struct sql_keep *c = s->keep;

	if (!st)
		return;
	for (int i = 0; c && i < c->n; i++)
		if (c->k[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			c->k[i].busy = 0;
			return;
		}
	sqlite3_finalize(st);
}
