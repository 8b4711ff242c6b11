/* SPDX-License-Identifier: ISC */
/*
 * bigfile.c - a database past 1 GiB, made for real (make bigfile).
 *
 * SQLite never writes the page that holds its lock bytes (1 GiB into the
 * database as SQLite numbers it: page 262145), so every file past 1 GiB
 * has one page of zeros that no key sealed.  unit_lockpage.c moves the
 * lock bytes down to test the rules in a small file; this one leaves
 * them where every site has them and writes a file past them through the
 * real library, then runs what walks the whole file: verify, a user's
 * removal (which moves every page to a new key), and a backup with a key,
 * restored and checked.  Only the lock page is left sparse: every other
 * page is sealed, so the file takes 1 GiB of disk (2 GiB during the
 * removal, with its journal; 3 GiB at the end, with the backup and its
 * restored copy) and two to five minutes: too long for make check, so
 * make bigfile runs it, and CI with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backup.h"
#include "keyring.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define LOCK_PAGE (0x40000000u / VAULT_PAGE_SIZE + 1) /* 262145 */
#define ROWS 1040 /* of 1 MiB each: about 1.03 GiB of pages */
#define LEAVER "Robin Vale"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
page_off(uint32_t pgno)
{
	return (long)VAULT_HEADER_SIZE + (long)(pgno - 1) * VAULT_PAGE_SIZE;
}

/* Pages of the file on the disk whose nonce names epoch (its low byte,
 * as stored), all-zero pages aside; and how many pages are all zeros. */
static uint32_t
pages_in_epoch(const char *path, uint32_t epoch, uint32_t *zeros)
{
	enum { BATCH = 256 };
	uint8_t *buf = malloc((size_t)BATCH * VAULT_PAGE_SIZE);
	long size = tu_file_size(path);
	uint32_t n = 0, pages = (uint32_t)((size - (long)VAULT_HEADER_SIZE) / VAULT_PAGE_SIZE);
	FILE *f = fopen(path, "rb");

	*zeros = 0;
	if (!buf || !f || fseek(f, (long)VAULT_HEADER_SIZE, SEEK_SET) != 0)
		tap_bail("read %s", path);
	for (uint32_t p = 0; p < pages;) {
		size_t got = fread(buf, VAULT_PAGE_SIZE, BATCH, f);
		if (got == 0)
			tap_bail("short read of %s", path);
		for (size_t i = 0; i < got; i++, p++) {
			const uint8_t *pg = buf + i * VAULT_PAGE_SIZE;
			uint8_t acc = 0;
			for (unsigned b = 0; b < VAULT_PAGE_SIZE; b++)
				acc |= pg[b];
			if (!acc)
				(*zeros)++;
			else if (pg[VAULT_BODY] == (uint8_t)epoch)
				n++;
		}
	}
	fclose(f);
	free(buf);
	return n;
}

static void
fill(db *d)
{
	char sql[160];

	tu_exec(d, "CREATE TABLE mark (k INTEGER PRIMARY KEY, v TEXT);"
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
	           " INSERT INTO mark SELECT i, hex(randomblob(40)) FROM n;"
	           "CREATE TABLE big (k INTEGER PRIMARY KEY, b BLOB)");
	for (int i = 0; i < ROWS; i += 80) {
		snprintf(sql, sizeof sql, "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 "
		         "FROM n WHERE i < %d) INSERT INTO big SELECT i, zeroblob(1048576) FROM n",
		         i + 1, i + 80 < ROWS ? i + 80 : ROWS);
		/* Each batch its own save, as the program makes them: its
		 * commit folds the write-ahead log into the file once the log
		 * is long, so the file itself grows past 1 GiB. */
		if (db_begin_write(d) != 0 || db_exec(d, sql) != 0 || db_commit(d) != 0)
			tap_bail("fill: %s", db_errmsg(d));
	}
}

int
main(void)
{
	const char *dir = tu_tmpdir();
	const char *path = tu_path(dir, "big.db");
	const char *copy = tu_path(dir, "big-backup.db");
	const char *restored = tu_path(dir, "restored.db");
	uint8_t page[VAULT_PAGE_SIZE], zero[VAULT_PAGE_SIZE] = {0};
	struct backup_options bo = {0};
	struct backup_result br;
	struct db_verify v;
	struct session s;
	struct stat st;
	char err[DB_ERR_MAX + 256];
	uint32_t old, zeros, left;
	long long marks;
	double t;
	db *d;

	if (db_init() != 0)
		tap_bail("db_init");
	d = tu_create(path);
	t = now_s();
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('" TU_ADMIN "', 'Admin', 'admin', 1, 1)");
	fill(d);
	marks = tu_int(d, "SELECT sum(length(v)) + count(*) FROM mark");
	stat(path, &st);
	tap_diag("made a %.2f GiB file in %.1f s (%.2f GiB on the disk)",
	         (double)st.st_size / (1 << 30), now_s() - t,
	         (double)st.st_blocks * 512 / (1 << 30));
	ok(tu_file_size(path) > page_off(LOCK_PAGE + 1), "the database reaches past 1 GiB");
	ok(tu_read_at(path, page_off(LOCK_PAGE), page, sizeof page) == 0 &&
	   memcmp(page, zero, sizeof page) == 0, "  its lock page is zeros: SQLite never wrote it");

	t = now_s();
	if (!ok(db_verify(d, &v) == 0 && v.failed == 0, "verify passes"))
		tap_diag("  %s", db_errmsg(d));
	tap_diag("verify: %u pages in %.1f s", v.pages, now_s() - t);

	old = db_keyring(d)->h.epoch;
	ok(db_add_user(d, LEAVER, "a passphrase to forget", DB_KDF_INTERACTIVE, 1) == 0,
	   "a user is added");
	t = now_s();
	if (!ok(db_remove_user(d, LEAVER) == 0, "and removed, which moves every page to a new key"))
		tap_diag("  %s", db_errmsg(d));
	tap_diag("removal: %.1f s", now_s() - t);
	ok(db_keyring(d)->h.epoch != old && db_keyring(d)->h.prev_epoch == 0,
	   "  the rotation finished: the header keeps no previous key");
	left = pages_in_epoch(path, old, &zeros);
	is_int(left, 0, "  no page on the disk is still under the key the removed user held");
	is_int(zeros, 1, "  the only page left unsealed is the lock page");
	ok(db_verify(d, &v) == 0 && v.in_write_epoch == v.pages, "  verify passes after it");

	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("session: %s", s.err);
	bo.s = &s;
	bo.pass = TU_PASS;
	t = now_s();
	if (!ok(backup_write(path, copy, &bo, &br, err, sizeof err) == 0 && br.authenticated,
	        "a backup with a key authenticates every page of the copy"))
		tap_diag("  %s", err);
	tap_diag("backup: %.2f GiB in %.1f s", (double)br.bytes / (1 << 30), now_s() - t);
	db_close(d);

	if (tu_copy_file(copy, restored) != 0)
		tap_bail("copy %s", copy);
	d = tu_open(restored);
	if (!ok(db_verify(d, &v) == 0, "the backup, restored, verifies"))
		tap_diag("  %s", db_errmsg(d));
	is_int(tu_int(d, "SELECT sum(length(v)) + count(*) FROM mark"), marks,
	       "  and holds every record");
	is_int(tu_int(d, "SELECT count(*) FROM big"), ROWS, "  and every large one");
	db_close(d);
	return tap_done();
}
