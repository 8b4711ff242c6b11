/* SPDX-License-Identifier: ISC */
/*
 * roster_dismissed.c - the roster rows someone dismissed, in memory for
 * one import (see roster_dismissed.h): a 64-bit hash of each row's key
 * with its id, sorted, read in one pass over roster_review.
 */
#include "roster_dismissed.h"

#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_keep.h"

struct roster_dismissed_key {
	uint64_t hash;
	int64_t id;
};

static uint64_t
mix(uint64_t h, const char *t)
{
	for (t = t ? t : ""; *t; t++)
		h = (h ^ (unsigned char)*t) * UINT64_C(1099511628211); /* FNV-1a */
	return (h ^ 0xff) * UINT64_C(1099511628211); /* a byte no UTF-8 text holds */
}

static uint64_t
hash_of(const struct roster_row_key *k)
{
	uint64_t h = UINT64_C(14695981039346656037);

	h = mix(h, k->jail_person_id);
	h = mix(h, k->booking);
	h = mix(h, k->last);
	h = mix(h, k->first);
	h = mix(h, k->birth);
	for (int i = 0; i < 8; i++)
		h = (h ^ (((uint64_t)k->booked_at >> (8 * i)) & 0xff)) * UINT64_C(1099511628211);
	return h;
}

static int
by_hash(const void *a, const void *b)
{
	const struct roster_dismissed_key *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

int
roster_dismissed_load(struct session *s, const char *profile, struct roster_dismissed *d)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	d->k = NULL;
	d->n = 0;
	if (sql_prep_kept(s, "SELECT id, jail_person_id, booking, last_name, first_name, birth, "
	                  "coalesce(booked_at, 0) FROM roster_review WHERE resolution = "
	                  "'dismissed' AND profile = ?1", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, profile, SQLITE_OK);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct roster_row_key k = {col(st, 1), col(st, 2), col(st, 3), col(st, 4),
		                           col(st, 5), sqlite3_column_int64(st, 6)};

		if (d->n == cap) {
			size_t more = cap ? cap * 2 : 64;
			void *p = realloc(d->k, more * sizeof *d->k);

			if (!p) {
				rc = SQLITE_NOMEM;
				break;
			}
			d->k = p;
			cap = more;
		}
		d->k[d->n].hash = hash_of(&k);
		d->k[d->n].id = sqlite3_column_int64(st, 0);
		d->n++;
		rc = SQLITE_OK;
	}
	sql_done(s, st);
	if (rc != SQLITE_DONE) {
		roster_dismissed_free(d);
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	if (d->n)
		qsort(d->k, d->n, sizeof *d->k, by_hash);
	return 0;
}

void
roster_dismissed_free(struct roster_dismissed *d)
{
	free(d->k);
	d->k = NULL;
	d->n = 0;
}

int64_t
roster_dismissed_next(const struct roster_dismissed *d, const struct roster_row_key *key,
                      size_t *from)
{
	uint64_t h;
	size_t lo = 0, hi = d->n;

	if (!d->n)
		return 0;
	h = hash_of(key);
	if (*from == 0) {
		while (lo < hi) { /* the first with this hash */
			size_t mid = lo + (hi - lo) / 2;

			if (d->k[mid].hash < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		*from = lo;
	}
	if (*from >= d->n || d->k[*from].hash != h)
		return 0;
	return d->k[(*from)++].id;
}
