/* SPDX-License-Identifier: ISC */
/*
 * search_index.c - a person's row in person_search (see search_index.h).
 *
 * A plain FTS5 table: rows are deleted by rowid, then inserted afresh.  A
 * name given twice (legal = preferred) is indexed once, so that it does
 * not outrank a name given once.  The people are a JSON array of ids
 * bound as one parameter: one person, or every person an import noted.
 */
#include "search_index.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_keep.h"

struct search_later {
	int64_t *id;
	size_t n, cap;
};

/* The rows of the people in ids (a JSON array), rebuilt. */
static int
rebuild(struct session *s, const char *ids)
{
	sqlite3_stmt *st;

	assert(db_in_write(s->db));
	if (sql_prep_kept(s, "DELETE FROM person_search WHERE rowid IN "
	                  "(SELECT value FROM json_each(?1))", &st) != 0 ||
	    sql_finish(s, st, sql_bind_str(st, 1, ids, SQLITE_OK)) != 0)
		return -1;
	if (sql_prep_kept(s, "INSERT INTO person_search (rowid, names, codes) "
	             "SELECT p.id, CASE WHEN p.preferred_name IS NULL "
	             "  OR p.preferred_name = p.legal_name COLLATE NOCASE "
	             "THEN coalesce(p.legal_name, '') "
	             "  ELSE trim(coalesce(p.legal_name, '') || ' ' || p.preferred_name) END, "
	             "p.participant_code || coalesce(' ' || "
	             "(SELECT group_concat(booking_number, ' ') "
	             "  FROM stay WHERE person_id = p.id AND booking_number <> ''), '') "
	             "FROM person p WHERE p.id IN (SELECT value FROM json_each(?1)) "
	             "ORDER BY p.id", &st) != 0)
		return -1;
	return sql_finish(s, st, sql_bind_str(st, 1, ids, SQLITE_OK));
}

int
search_index_person(struct session *s, int64_t person_id)
{
	struct search_later *l = s->later;
	char one[32];

	if (!l) {
		snprintf(one, sizeof one, "[%" PRId64 "]", person_id);
		return rebuild(s, one);
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		int64_t *more = realloc(l->id, cap * sizeof *more);

		if (!more)
			return session_fail(s, "out of memory");
		l->id = more;
		l->cap = cap;
	}
	l->id[l->n++] = person_id;
	return 0;
}

int
search_index_later(struct session *s)
{
	if (s->later)
		return 0;
	s->later = calloc(1, sizeof *s->later);
	return s->later ? 0 : session_fail(s, "out of memory");
}

int
search_index_apply(struct session *s)
{
	struct search_later *l = s->later;
	char *ids;
	size_t at = 0;
	int rc;

	if (!l || !l->n)
		return 0;
	/* "[1,2,...]": at most 20 digits and a comma an id. */
	ids = malloc(l->n * 21 + 3);
	if (!ids)
		return session_fail(s, "out of memory");
	ids[at++] = '[';
	for (size_t i = 0; i < l->n; i++)
		at += (size_t)sprintf(ids + at, "%s%" PRId64, i ? "," : "", l->id[i]);
	memcpy(ids + at, "]", 2);
	rc = rebuild(s, ids);
	free(ids);
	l->n = 0;
	return rc;
}

void
search_index_end(struct session *s)
{
	if (!s->later)
		return;
	free(s->later->id);
	free(s->later);
	s->later = NULL;
}
