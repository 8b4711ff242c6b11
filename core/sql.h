/* SPDX-License-Identifier: ISC */
/*
 * sql.h - the SQL helpers every model module uses, so each says only
 * what is its own.
 *
 *   binding    optional values: empty text, id 0 and "not asked" are NULL;
 *              required text as given
 *   reading    text columns copied into one block per row, or one column
 *              into a buffer of fixed size; lists that grow
 *
 * Errors become sentences in the session (session_dbfail).  Nothing here
 * checks who may read or write: that is access.h and record.h, above.
 */
#ifndef PASSAGE_SQL_H
#define PASSAGE_SQL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "session.h"
#include "sqldb.h"

/* The bind helpers keep the first failure in rc (start with SQLITE_OK),
 * so a run of binds needs one check: sql_finish does it. */
int sql_bind_text(sqlite3_stmt *st, int i, const char *t, int rc); /* NULL, "": NULL */
/* t as given ("" stays ""): for text already checked to be there. */
int sql_bind_str(sqlite3_stmt *st, int i, const char *t, int rc);
int sql_bind_int(sqlite3_stmt *st, int i, int64_t v, int rc);
int sql_bind_id(sqlite3_stmt *st, int i, int64_t v, int rc);       /* 0: NULL */
int sql_bind_yn(sqlite3_stmt *st, int i, enum yn v, int rc);
enum yn sql_col_yn(sqlite3_stmt *st, int col);
/* Column col as text into out (n bytes, cut as snprintf cuts); NULL: "". */
void sql_col_copy(sqlite3_stmt *st, int col, char *out, size_t n);

int sql_prep(struct session *s, const char *sql, sqlite3_stmt **st);
/* Steps a statement that returns no rows (if rc is SQLITE_OK) and
 * finalizes it: 0 or -1. */
int sql_finish(struct session *s, sqlite3_stmt *st, int rc);
/* sql_finish for an INSERT; *id is the new row's id. */
int sql_insert(struct session *s, sqlite3_stmt *st, int rc, int64_t *id);
/* One integer from a query with up to two integer parameters; *found is
 * 0 when there is no row or the value is NULL (found may be NULL). */
int sql_query_i64(struct session *s, const char *sql, int64_t a, int64_t b, int64_t *out,
                  int *found);
/* The same with one text parameter (a name, a participant code). */
int sql_query_text_i64(struct session *s, const char *sql, const char *text, int64_t *out,
                       int *found);

/* Copies n text columns of the current row, starting at column first,
 * into one block *store and points *fields[i] at each (NULL stays NULL):
 * a record is freed with one free(*store). */
int sql_copy_text(struct session *s, sqlite3_stmt *st, int first, const char **const *fields,
                  int n, char **store);

/* Steps st (if rc is SQLITE_OK: the result of its binds) to the end and
 * calls fill for each row, growing *rows (an array of elements of size
 * bytes, zeroed before fill) by one each time.  On failure the rows read
 * so far stay in *rows and *n for the caller's free function.  Finalizes
 * st. */
int sql_list(struct session *s, sqlite3_stmt *st, int rc, size_t size,
             int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void **rows,
             int *n);
/* The same for one row, into out (zeroed first): -1 with "no such WHAT"
 * when there is none. */
int sql_get(struct session *s, sqlite3_stmt *st, int rc,
            int (*fill)(struct session *s, sqlite3_stmt *st, void *row), void *out,
            size_t size, const char *what);

#endif
