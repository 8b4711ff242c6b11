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

		if (m->version <= have)
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
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", m->version);
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

