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
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "db.h"
#include "keyring.h"
#include "sqldb.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define PENDING 0x10000
#define LOCK_PAGE (PENDING / VAULT_PAGE_SIZE + 1)
#define FILL "CREATE TABLE t (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL " \
             "SELECT i + 1 FROM n WHERE i < 120) INSERT INTO t SELECT randomblob(1000) FROM n"

/* What SQLite would get if it read the lock page: the vault's answer. */
static int
read_lock_page(db *d, uint8_t out[VAULT_PAGE_SIZE])
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(db_sql(d), "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    !f)
		return SQLITE_ERROR;
	memset(out, 0xa5, VAULT_PAGE_SIZE);
	return f->pMethods->xRead(f, out, VAULT_PAGE_SIZE, (sqlite3_int64)(LOCK_PAGE - 1) *
	                                                    VAULT_PAGE_SIZE);
}

/* 1 if the file holds a hole at off (the file system keeps holes). */
static int
is_hole(const char *path, long off)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t data = fd >= 0 ? lseek(fd, off, SEEK_DATA) : -1;
	int e = errno;

	if (fd >= 0)
		close(fd);
	return data > off || (data < 0 && e == ENXIO);
}

/* A backup without a key keeps the lock page a hole, and opens. */
static void
backup_keeps_hole(const char *path, long off)
{
	const char *copy = tu_path(tu_tmpdir(), "lockpage-backup.db");
	struct backup_options bo = {0};
	struct backup_result br;
	struct db_verify v;
	char err[DB_ERR_MAX + 256];
	db *c;

	if (!ok(backup_write(path, copy, &bo, &br, err, sizeof err) == 0, "a backup without a key"))
		tap_diag("  %s", err);
	if (!is_hole(path, off))
		ok(1, "  the copy's lock page # SKIP this file system keeps no holes");
	else
		ok(is_hole(copy, off), "  keeps the lock page a hole, as in the source");
	c = tu_open(copy);
	ok(db_verify(c, &v) == 0, "  and the copy verifies");
	db_close(c);
}

struct seen {
	int calls, walks[3];
	uint64_t last_done[3], total[3];
	int backwards;
};

static void
seen(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	struct seen *s = ctx;

	s->calls++;
	s->walks[walk]++;
	if (done < s->last_done[walk] || done > total)
		s->backwards++;
	s->last_done[walk] = done;
	s->total[walk] = total;
}

/*
 * A key rotation that an older Passage could not finish past the lock
 * page: the header names a new key and keeps the previous one.  As a crash
 * part way would leave it, with no page moved yet.
 */
static void
leave_rotation_unfinished(const char *p)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE), *copy = malloc(KR_COPY_SIZE);
	keyring *kr;

	if (!buf || !copy || keyring_read_file(p, buf) != 0 ||
	    keyring_unlock(buf, TU_ADMIN, TU_PASS, &kr) != KR_OK)
		tap_bail("unlock %s", p);
	keyring_rotate(kr);
	for (int i = 0; i < 2; i++) {
		kr->h.generation++;
		kr->h.which = 1 - kr->h.which;
		keyring_serialize(kr, &kr->h, copy);
		tu_write_at(p, kr->h.which * (long)KR_COPY_SIZE, copy, KR_COPY_SIZE);
	}
	keyring_free(kr);
	free(buf);
	free(copy);
}

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
	tu_exec(d, FILL);
	ok(tu_file_size(path) > off + VAULT_PAGE_SIZE, "the database reaches past the lock page");
	ok(tu_read_at(path, off, page, sizeof page) == 0 && memcmp(page, zero, sizeof page) == 0,
	   "  which SQLite never wrote: zeros");
	ok(db_verify(d, &v) == 0, "verify passes over it");
	is_int(v.failed, 0, "  no page failed");
	is_int(v.in_write_epoch, v.pages, "  and every page counts as under the current key, "
	       "so a key rotation can finish");
	ok(read_lock_page(d, page) == SQLITE_OK && memcmp(page, zero, sizeof page) == 0,
	   "were SQLite to read the lock page, the vault hands it zeros, as SQLite left it");
	/* As `passage backup` runs: no connection of its own open on the
	 * file, which the last close leaves with the log folded in. */
	db_close(d);
	backup_keeps_hole(path, off);
	d = tu_open(path);

	struct seen s = {0};
	db_set_progress(d, seen, &s);
	ok(db_verify(d, &v) == 0 && s.walks[DB_WALK_VERIFY] > 0 &&
	   s.last_done[DB_WALK_VERIFY] == v.pages && s.total[DB_WALK_VERIFY] == v.pages,
	   "verify reports its progress, ending at all %u pages", v.pages);
	ok(db_add_user(d, "Robin Vale", "a passphrase to forget", DB_KDF_INTERACTIVE, 1) == 0 &&
	   db_remove_user(d, "Robin Vale") == 0, "a user is removed: %s", db_errmsg(d));
	ok(s.walks[DB_WALK_MOVE] > 0 && s.last_done[DB_WALK_MOVE] == s.total[DB_WALK_MOVE] &&
	   s.total[DB_WALK_MOVE] >= LOCK_PAGE,
	   "  the removal reports the pages moved to the new key, ending at all of them");
	ok(s.walks[DB_WALK_CHECK] > 0 && s.last_done[DB_WALK_CHECK] == s.total[DB_WALK_CHECK],
	   "  then the pages checked, ending at all of them");
	is_int(s.backwards, 0, "  and no count goes backwards or past its total");
	ok(read_lock_page(d, page) == SQLITE_OK && memcmp(page, zero, sizeof page) == 0,
	   "  the lock page is still zeros: a rotation leaves it alone");
	db_set_progress(d, NULL, NULL);
	db_close(d);

	leave_rotation_unfinished(path);
	d = tu_open(path);
	ok(db_keyring(d)->h.prev_epoch == 0 && db_verify(d, &v) == 0 &&
	   v.in_write_epoch == v.pages, "a rotation left unfinished past the lock page is "
	   "finished by the next unlock");
	db_close(d);

	tu_flip_bit(path, off + 100, 0);
	d = tu_open(path);
	ok(db_verify(d, &v) != 0 && v.first_failed == LOCK_PAGE,
	   "a lock page that holds anything fails verify");
	db_close(d);
	return tap_done();
}
