/* SPDX-License-Identifier: ISC */
/*
 * unit_guards.c - what the vault refuses, and that refusing changes nothing.
 *
 * Each refused pragma or operation must say why in words, and the database
 * must be exactly as before: same rows, same journal mode, same page size.
 */
#include <string.h>

#include "tap.h"
#include "util.h"

static void
refused(db *d, const char *sql, const char *says, const char *name)
{
	int rc = db_exec(d, sql);

	ok(rc != 0, "%s is refused", name);
	has_str(db_errmsg(d), says, "  and says why");
}

static const char *
text(db *d, const char *sql)
{
	static char buf[64];
	sqlite3_stmt *st;

	buf[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* What every connection refuses, whatever its journal. */
static void
test_common(db *d)
{
	refused(d, "PRAGMA journal_mode=OFF", "journal_mode=OFF is refused", "journal_mode=OFF");
	refused(d, "PRAGMA journal_mode=memory", "is refused", "journal_mode=MEMORY");
	refused(d, "PRAGMA page_size=8192", "vault pages are 4096 bytes", "page_size=8192");
	refused(d, "PRAGMA page_size=1024", "vault pages are 4096 bytes", "page_size=1024");
	is_int(tu_int(d, "PRAGMA page_size"), 4096, "page size is still 4096");
	refused(d, "PRAGMA temp_store=FILE", "temp_store=FILE is refused", "temp_store=FILE");
	refused(d, "PRAGMA temp_store=0", "is refused", "temp_store=DEFAULT");
	is_int(tu_int(d, "PRAGMA temp_store"), 2, "temp_store is still MEMORY");
	refused(d, "PRAGMA mmap_size=268435456", "memory-mapped", "mmap_size");
	refused(d, "PRAGMA synchronous=OFF", "synchronous=OFF is refused", "synchronous=OFF");
	refused(d, "PRAGMA synchronous=NORMAL", "is refused", "synchronous=NORMAL");
	refused(d, "PRAGMA synchronous=1", "is refused", "synchronous=1");
	refused(d, "PRAGMA temp_store_directory='/tmp'", "is refused", "temp_store_directory");
	ok(db_exec(d, "PRAGMA page_size=4096") == 0, "page_size=4096 is allowed");
}

/* The write-ahead log, which every connection keeps by default: it is
 * never left for a rollback journal under the other sessions. */
static void
test_pragmas(db *d)
{
	test_common(d);
	refused(d, "PRAGMA journal_mode=DELETE", "journal_mode=DELETE is refused",
	        "journal_mode=DELETE");
	has_str(db_errmsg(d), "write-ahead log", "  and names the log it keeps");
	refused(d, "PRAGMA journal_mode=TRUNCATE", "is refused", "journal_mode=TRUNCATE");
	refused(d, "PRAGMA journal_mode=PERSIST", "is refused", "journal_mode=PERSIST");
	is_str(text(d, "PRAGMA journal_mode"), "wal", "journal mode is still WAL");
	is_int(tu_int(d, "PRAGMA synchronous"), 2, "synchronous is still FULL");
	ok(db_exec(d, "PRAGMA synchronous=FULL") == 0, "synchronous=FULL is allowed");
	ok(db_exec(d, "PRAGMA journal_mode=WAL") == 0, "journal_mode=WAL is allowed");
}

/* A rollback journal (db_options.rollback, for the tests of the journal):
 * synchronous=EXTRA, and never the log. */
static void
test_rollback_pragmas(db *d)
{
	test_common(d);
	refused(d, "PRAGMA journal_mode=WAL", "journal_mode=WAL is refused", "journal_mode=WAL");
	is_str(text(d, "PRAGMA journal_mode"), "delete", "journal mode is still DELETE");
	refused(d, "PRAGMA synchronous=FULL", "only EXTRA keeps every committed record through a "
	        "power cut", "synchronous=FULL");
	refused(d, "PRAGMA synchronous=2", "is refused", "synchronous=2");
	is_int(tu_int(d, "PRAGMA synchronous"), 3, "synchronous is still EXTRA");
	ok(db_exec(d, "PRAGMA synchronous=EXTRA") == 0, "synchronous=EXTRA is allowed");
	ok(db_exec(d, "PRAGMA journal_mode=DELETE") == 0, "journal_mode=DELETE is allowed");
}

static void
test_operations(db *d, const char *dir)
{
	int files = tu_count_files(dir);

	refused(d, "ATTACH 'other.db' AS other", "VACUUM INTO are refused", "ATTACH");
	refused(d, "ATTACH ':memory:' AS m", "VACUUM INTO are refused", "ATTACH of memory");
	char sql[600];
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", tu_path(dir, "copy.db"));
	refused(d, sql, "VACUUM INTO are refused", "VACUUM INTO a plain file");
	ok(tu_file_size(tu_path(dir, "copy.db")) < 0, "  and no copy was written");
	refused(d, "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0')",
	        "extensions", "load_extension()");
	is_int(tu_count_files(dir), files, "no file appeared beside the database");
	ok(db_exec(d, "VACUUM") == 0, "plain VACUUM works (its scratch copy is in memory)");
	is_int(tu_int(d, "SELECT count(*) FROM g"), 3000, "every row is still there");
}

/* A sort far larger than the page cache spills to temporary files in an
 * ordinary SQLite; here it must stay in memory and succeed. */
static void
test_big_sort(db *d, const char *dir)
{
	int files = tu_count_files(dir);
	long long n;

	tu_exec(d, "PRAGMA cache_size=10");
	n = tu_int(d, "SELECT count(*) FROM (SELECT v FROM g ORDER BY v DESC, id)");
	is_int(n, 3000, "a sort bigger than the cache completes");
	n = tu_int(d, "SELECT count(*) FROM (SELECT DISTINCT v || id FROM g)");
	is_int(n, 3000, "a DISTINCT bigger than the cache completes");
	tu_exec(d, "CREATE INDEX g_v ON g(v)");
	is_int(tu_count_files(dir), files, "no temporary file was written");
}

int
main(void)
{
	const char *dir = tu_tmpdir();
	const char *path = tu_path(dir, "guards.db");
	db *d = tu_create(path);

	tu_exec(d, "CREATE TABLE g(id INTEGER PRIMARY KEY, v TEXT);"
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<3000)"
	           "INSERT INTO g SELECT i, hex(randomblob(200)) FROM n;");
	test_pragmas(d);
	test_operations(d, dir);
	test_big_sort(d, dir);
	db_close(d);
	d = tu_open_opts(path, &(struct db_options){.rollback = 1});
	test_rollback_pragmas(d);
	db_close(d);
	d = tu_open(path);
	is_int(tu_int(d, "SELECT count(*) FROM g"), 3000, "the database reopens whole");
	db_close(d);
	return tap_done();
}
