/* SPDX-License-Identifier: ISC */
/*
 * migrate.c - brings an open database's schema up to date with the
 * migrations built into the program (schema/, embedded by tools/embed.c).
 */
#include "migrate.h"

#include <stdio.h>
#include <string.h>

#include "db_private.h"
#include "sqldb.h"

/* The line a migration starts with when it rebuilds a table: the only way
 * SQLite has to change a table's CHECK constraints is a new table, the
 * rows copied, the old one dropped and the new one renamed.  Dropping a
 * table others refer to breaks those references while foreign keys are
 * enforced (deferring them does not help: the drop's violations are never
 * taken back), so such a migration runs with foreign keys off, as
 * SQLite's ALTER TABLE documentation says, and PRAGMA foreign_key_check
 * must find nothing before it commits. */
#define REBUILDS "-- rebuilds tables\n"

static int
rebuilds(const struct migration *m)
{
	const char *nl = strchr(m->sql, '\n'); /* past the SPDX line */

	return nl && strncmp(nl + 1, REBUILDS, strlen(REBUILDS)) == 0;
}

/* 0 if every foreign key in the database points at a row. */
static int
keys_hold(db *d)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(d->sql, "PRAGMA foreign_key_check", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(d, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_seterr(d->err, sizeof d->err, "table %s would refer to a missing row of %s",
		          (const char *)sqlite3_column_text(st, 0),
		          (const char *)sqlite3_column_text(st, 2));
	else if (rc != SQLITE_DONE)
		db_fail(d, rc);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
db_migrate(db *d, int upto)
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

		if (m->version <= have)
			continue;
		if (upto && m->version > upto)
			break;
		/* Outside a transaction, where the pragma takes effect. */
		if (rebuilds(m) && db_exec(d, "PRAGMA foreign_keys=OFF") != 0)
			return -1;
		/* One transaction per migration: a crash or a full disk leaves
		 * the database at the version before, never half-way. */
		if (db_begin_write(d) != 0)
			goto keys_back;
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
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", m->version);
		if ((rebuilds(m) && keys_hold(d) != 0) || db_exec(d, pragma) != 0 ||
		    db_commit(d) != 0)
			goto fail;
		if (rebuilds(m) && db_exec(d, "PRAGMA foreign_keys=ON") != 0)
			return -1;
		continue;
	fail:
		db_rollback(d);
		{
			char why[DB_ERR_MAX];
			memcpy(why, d->err, sizeof why);
			db_seterr(d->err, sizeof d->err, "could not update the database to schema %d "
			          "(%s): nothing was changed", m->version, why);
		}
	keys_back:
		if (rebuilds(m))
			sqlite3_exec(d->sql, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

