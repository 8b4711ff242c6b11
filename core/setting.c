/* SPDX-License-Identifier: ISC */
/*
 * setting.c - site settings, read with defaults.
 */
#include "setting.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "sqldb.h"

const char *
setting_text(db *d, const char *key, const char *def, char *out, size_t n)
{
	sqlite3_stmt *st;

	snprintf(out, n, "%s", def ? def : "");
	if (sqlite3_prepare_v2(db_sql(d), "SELECT value FROM setting WHERE key = ?1", -1, &st,
	                       NULL) != SQLITE_OK)
		return out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

int64_t
setting_int_of(const char *text, int64_t def)
{
	char buf[32], *end;
	long long v;

	/* As setting_int has always read it: the first 31 bytes. */
	snprintf(buf, sizeof buf, "%s", text ? text : "");
	if (!buf[0])
		return def;
	v = strtoll(buf, &end, 10);
	return *end ? def : (int64_t)v;
}

int64_t
setting_int(db *d, const char *key, int64_t def)
{
	char buf[32];

	return setting_int_of(setting_text(d, key, "", buf, sizeof buf), def);
}

int
setting_set(db *d, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db_sql(d),
	                            "INSERT INTO setting (key, value) VALUES (?1, ?2) "
	                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                            -1, &st, NULL);

	assert(db_in_write(d));
	if (rc != SQLITE_OK)
		return db_fail(d, rc);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, rc);
}
