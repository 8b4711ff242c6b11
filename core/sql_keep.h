/* SPDX-License-Identifier: ISC */
/*
 * sql_keep.h - statements kept prepared for the length of one long job.
 *
 * A roster import runs the same few dozen statements for each of
 * thousands of rows; preparing each one again for every row cost more
 * than the rows themselves.  Between sql_keep_begin and sql_keep_end a
 * session keeps what sql_prep_kept prepares (SQLITE_PREPARE_PERSISTENT),
 * keyed by its text, and hands the same statement out again once it is
 * given back with sql_done (reset, its bindings cleared).  Outside that
 * span, and for a statement still in use when it is asked for again (a
 * call within a call), sql_prep_kept prepares a new one, which sql_done
 * finalizes: the caller's code is the same either way.
 *
 * Only statements given back through sql_done (or the sql.h helpers that
 * end a statement, which all call it) may come from sql_prep_kept: a
 * kept statement finalized by hand would be used again after it is gone.
 */
#ifndef PASSAGE_SQL_KEEP_H
#define PASSAGE_SQL_KEEP_H

#include <sqlite3.h>

#include "session.h"

/* Starts keeping statements in s (nothing when s keeps them already: the
 * outer span ends it).  0, or -1 with s->err (out of memory).  *mine is
 * 1 when this call started it, for sql_keep_end. */
int sql_keep_begin(struct session *s, int *mine);
/* Finalizes every kept statement, if mine. */
void sql_keep_end(struct session *s, int mine);

/* Prepares sql, or hands out the statement kept for it. */
int sql_prep_kept(struct session *s, const char *sql, sqlite3_stmt **st);
/* Gives st back (NULL is nothing): reset and its bindings cleared when
 * kept, else finalized. */
void sql_done(struct session *s, sqlite3_stmt *st);

#endif
