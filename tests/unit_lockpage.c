/* SPDX-License-Identifier: ISC */
/*
 * unit_lockpage.c - the page SQLite never writes.
 *
 * SQLite keeps its lock bytes at PENDING_BYTE (1 GiB into the database as
 * it sees it) and never writes the page that holds them, so a database
 * past 1 GiB has one page of zeros that no key sealed.  passage verify,
 * a backup with a key and a key rotation read every page: they must pass
 * over that one and still catch it when it holds anything.  A 1 GiB file
 * is too big for a test, so this program moves PENDING_BYTE down to
 * 64 KiB, as SQLite's own tests do, before it opens any database: the
 * lock page is then page 17.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "sqldb.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define PENDING 0x10000
#define LOCK_PAGE (PENDING / VAULT_PAGE_SIZE + 1)

int
main(void)
{
	const char *dir = tu_tmpdir();
	const char *path = tu_path(dir, "lockpage.db");
	uint8_t page[VAULT_PAGE_SIZE], zero[VAULT_PAGE_SIZE] = {0};
	long off = (long)VAULT_HEADER_SIZE + (long)(LOCK_PAGE - 1) * VAULT_PAGE_SIZE;
	struct db_verify v;
	db *d;

	if (sqlite3_test_control(SQLITE_TESTCTRL_PENDING_BYTE, PENDING) <= 0) {
		/* prove reads "1..0 # SKIP" as a skipped program. */
		printf("1..0 # SKIP this SQLite cannot move its lock bytes\n");
		return 0;
	}
	if (db_init() != 0)
		tap_bail("db_init");
	d = tu_create(path);
	tu_exec(d, "CREATE TABLE t (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	           "SELECT i + 1 FROM n WHERE i < 120) INSERT INTO t SELECT randomblob(1000) "
	           "FROM n");
	ok(tu_file_size(path) > off + VAULT_PAGE_SIZE, "the database reaches past the lock page");
	ok(tu_read_at(path, off, page, sizeof page) == 0 && memcmp(page, zero, sizeof page) == 0,
	   "  which SQLite never wrote: zeros");
	ok(db_verify(d, &v) == 0, "verify passes over it");
	is_int(v.failed, 0, "  no page failed");
	is_int(v.in_write_epoch, v.pages, "  and every page counts as under the current key, "
	       "so a key rotation can finish");
	db_close(d);

	tu_flip_bit(path, off + 100, 0);
	d = tu_open(path);
	ok(db_verify(d, &v) != 0 && v.first_failed == LOCK_PAGE,
	   "a lock page that holds anything fails verify");
	db_close(d);
	return tap_done();
}
