/* SPDX-License-Identifier: ISC */
/*
 * sql.c - the SQL helpers every model module uses (see sql.h).
 */
#include "sql.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_keep.h"


int
sql_bind_text(sqlite3_stmt *st, int i, const char *t, int rc)
{
	if (rc != SQLITE_OK)
		return rc;
	return t && *t ? sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int
sql_bind_str(sqlite3_stmt *st, int i, const char *t, int rc)
{
	return rc != SQLITE_OK ? rc : sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC);
}

int
sql_bind_int(sqlite3_stmt *st, int i, int64_t v, int rc)
{
	return rc != SQLITE_OK ? rc : sqlite3_bind_int64(st, i, v);
}

int
sql_bind_id(sqlite3_stmt *st, int i, int64_t v, int rc)
{
	if (rc != SQLITE_OK)
		return rc;
	return v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int
sql_bind_yn(sqlite3_stmt *st, int i, enum yn v, int rc)
{
	if (rc != SQLITE_OK)
		return rc;
	if (v == YN_NOT_ASKED)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int(st, i, v == YN_YES);
}

enum yn
sql_col_yn(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return YN_NOT_ASKED;
	return sqlite3_column_int(st, col) ? YN_YES : YN_NO;
}

void
sql_col_copy(sqlite3_stmt *st, int col, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(out, n, "%s", t ? (const char *)t : "");
}

int
sql_prep(struct session *s, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(db_sql(s->db), sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(s->db, rc);
}

int
sql_finish(struct session *s, sqlite3_stmt *st, int rc)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sql_done(s, st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
sql_insert(struct session *s, sqlite3_stmt *st, int rc, int64_t *id)
{
	if (sql_finish(s, st, rc) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db_sql(s->db));
	return 0;
}

int
sql_query_i64(struct session *s, const char *sql, int64_t a, int64_t b, int64_t *out,
              int *found)
{
	sqlite3_stmt *st;
	int rc, got;

	if (sql_prep_kept(s, sql, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a, SQLITE_OK);
	if (sqlite3_bind_parameter_count(st) >= 2)
		rc = sql_bind_int(st, 2, b, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	got = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	*out = got ? sqlite3_column_int64(st, 0) : 0;
	if (found)
		*found = got;
	sql_done(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
sql_query_text_i64(struct session *s, const char *sql, const char *text, int64_t *out,
                   int *found)
{
	sqlite3_stmt *st;
	int rc, got;

	if (sql_prep_kept(s, sql, &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, text ? text : "", SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	got = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	*out = got ? sqlite3_column_int64(st, 0) : 0;
	if (found)
		*found = got;
	sql_done(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
sql_copy_text(struct session *s, sqlite3_stmt *st, int first, const char **const *fields,
              int n, char **store)
{
	size_t total = 0, at = 0;

	assert(n > 0 && fields && store);
	for (int i = 0; i < n; i++) {
		*fields[i] = NULL;
		if (sqlite3_column_type(st, first + i) != SQLITE_NULL)
			total += (size_t)sqlite3_column_bytes(st, first + i) + 1;
	}
	*store = malloc(total ? total : 1);
	if (!*store)
		return session_fail(s, "out of memory");
	for (int i = 0; i < n; i++) {
		const unsigned char *t = sqlite3_column_text(st, first + i);
		size_t len = (size_t)sqlite3_column_bytes(st, first + i);
		if (!t || sqlite3_column_type(st, first + i) == SQLITE_NULL)
			continue;
		memcpy(*store + at, t, len + 1);
		*fields[i] = *store + at;
		at += len + 1;
	}
	return 0;
}

int
sql_list(struct session *s, sqlite3_stmt *st, int rc, size_t size,
         int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void **rows, int *n)
{
	size_t cap = 0;

	assert(st && size > 0 && fill);
	*rows = NULL;
	*n = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)*n == cap) {
			size_t more = cap ? cap * 2 : 8;
			void *grown = realloc(*rows, more * size);
			if (!grown)
				break;
			*rows = grown;
			cap = more;
		}
		memset((char *)*rows + (size_t)*n * size, 0, size);
		if (fill(s, st, (char *)*rows + (size_t)*n * size) != 0)
			break;
		(*n)++;
		rc = SQLITE_OK;
	}
	sql_done(s, st);
	if (rc == SQLITE_ROW)
		return s->err[0] ? -1 : session_fail(s, "out of memory");
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
sql_get(struct session *s, sqlite3_stmt *st, int rc,
        int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void *out, size_t size,
        const char *what)
{
	assert(st && fill && out && size > 0);
	memset(out, 0, size);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && fill(s, st, out) != 0) {
		sql_done(s, st);
		return -1;
	}
	sql_done(s, st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no such %s", what);
	return rc == SQLITE_ROW ? 0 : db_fail(s->db, rc);
}
