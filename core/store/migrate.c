/* SPDX-License-Identifier: ISC */
/*
 * migrate.c - brings an open database's schema up to date with the
 * migrations built into the program (schema/, embedded by tools/embed.c).
 *
 * Numbers are given out ahead of time to changes made side by side, so
 * the files may leave a number out until the change that holds it comes
 * in.  A migration is therefore applied when schema_migration does not
 * list it, not when its number is above the file's: a file made while
 * 0010 existed and 0009 did not gets 0009 when a program that has it
 * opens the file.  user_version stays the highest number applied.
 */
#include "migrate.h"

#include <stdio.h>
#include <string.h>

#include "db_private.h"
#include "sqldb.h"

/* 1 if the file lists migration version as applied, 0 if not, -1 on an
 * error.  A file at version 0 has no list yet. */
static int
applied(db *d, int have, int version)
{
	sqlite3_stmt *st;
	int rc;

	if (have == 0)
		return 0;
	rc = sqlite3_prepare_v2(d->sql, "SELECT 1 FROM schema_migration WHERE version = ?1", -1,
	                        &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(d, rc), -1;
	sqlite3_bind_int(st, 1, version);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(d, rc), -1;
	return rc == SQLITE_ROW;
}

int
db_migrate(db *d)
{
	int have = db_schema_version(d);
	int newest = migrations_count ? migrations[migrations_count - 1].version : 0;

	if (have < 0)
		return -1;
	if (have > newest) {
		db_seterr(d->err, sizeof d->err,
		          "this database was made by a newer Passage (schema %d; this program "
		          "knows up to %d)", have, newest);
		return -1;
	}
	for (int i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		sqlite3_stmt *st;
		int rc;

		int done = applied(d, have, m->version);

		if (done < 0)
			return -1;
		if (done)
			continue;
		/* One transaction per migration: a crash or a full disk leaves
		 * the database at the version before, never half-way. */
		if (db_begin_write(d) != 0)
			return -1;
		if (db_exec(d, "CREATE TABLE IF NOT EXISTS schema_migration ("
		               " version INTEGER PRIMARY KEY,"
		               " name TEXT NOT NULL,"
		               " applied_at TEXT NOT NULL) STRICT") != 0 ||
		    db_exec(d, m->sql) != 0)
			goto fail;
		rc = sqlite3_prepare_v2(d->sql,
		                        "INSERT INTO schema_migration VALUES "
		                        "(?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
		                        -1, &st, NULL);
		if (rc != SQLITE_OK) {
			db_fail(d, rc);
			goto fail;
		}
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			db_fail(d, rc);
			goto fail;
		}
		char pragma[48];
		if (m->version > have)
			have = m->version;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", have);
		if (db_exec(d, pragma) != 0 || db_commit(d) != 0)
			goto fail;
		continue;
	fail:
		db_rollback(d);
		{
			char why[DB_ERR_MAX];
			memcpy(why, d->err, sizeof why);
			db_seterr(d->err, sizeof d->err, "could not update the database to schema %d "
			          "(%s): nothing was changed", m->version, why);
		}
		return -1;
	}
	return 0;
}

