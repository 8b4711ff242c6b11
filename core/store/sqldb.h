/* SPDX-License-Identifier: ISC */
/*
 * sqldb.h - the open case file as the model sees it: its SQLite handle,
 * transactions and errors, and the keys the audit chain needs.  Only
 * core/ includes this; tui/ and cli/ see db.h alone.
 *
 * It names the database type without including db.h, so that db.c, which
 * implements both, and the model, which includes both, make no circle.
 */
#ifndef PASSAGE_SQLDB_H
#define PASSAGE_SQLDB_H

#include <sqlite3.h>

typedef struct db db;
typedef struct keyring keyring;

/* SQLite's page cache per connection, in KiB.  Every cache miss costs a
 * page decryption and every spill an encryption, so Passage keeps more
 * than SQLite's default 2 MiB.  The cache is plaintext in memory: see the
 * deployment notes on swap. */
#define DB_CACHE_KIB 32768

/* The connection.  Valid while d is open. */
sqlite3 *db_sql(db *d);
/* The header's keys as unlocked for d (the audit key; tests look at
 * slots). */
keyring *db_keyring(db *d);

/* Turn an SQLite result code into a sentence (stored in d, returned by
 * db_errmsg); returns -1. */
int db_fail(db *d, int rc);
/* Leaves msg as d's last error (db_errmsg), as a callback that fails
 * inside db_create does; returns -1. */
int db_say(db *d, const char *msg);

/* Write transactions first wait their turn behind other writers, in the
 * order they came (turn.c), then take SQLite's write lock at once (BEGIN
 * IMMEDIATE); either wait gives up after the busy timeout with "busy".
 * db_commit and db_rollback end the turn. */
int db_begin_write(db *d);
int db_begin_read(db *d);
int db_commit(db *d);
void db_rollback(db *d);
int db_exec(db *d, const char *sql);

int db_schema_version(db *d);
/* 1 while d holds the write lock (inside db_begin_write .. db_commit): for
 * the asserts of functions that must run inside the caller's write
 * transaction. */
int db_in_write(db *d);

#endif
