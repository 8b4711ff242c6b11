/* SPDX-License-Identifier: ISC */
/*
 * unit_step_clock.c - a step of a user's removal ends when its time is
 * spent, however few pages it has done, and a save gets its turn between
 * two such steps.
 *
 * A step used to be sized by a count of pages, planned from how long the
 * last one took: when the disk stalled, the step lasted as long as the
 * stall, and every save waited behind it.  Here the disk is made slow on
 * purpose by "slow", a VFS over "unix" written below, which sleeps before
 * each page written to the main database while the pages move, then
 * before each one-byte read of the look for pages left under the old key.
 * A sleep lasts at least as long as asked, so the step's clock can only
 * run out sooner than the count of sleeps says, never later: the test
 * counts writes and reads per step against that bound, never
 * milliseconds, and a loaded machine only makes the steps smaller.
 *
 * Between steps a save is asked of another process, through a pipe, and
 * waited on, as in unit_rotation_turns.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keyring.h"
#include "reseal.h"
#include "sqldb.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define LEAVER "Robin Vale"
#define ROWS 300     /* about 200 pages of 1000-byte rows */
#define WRITE_MS 10u /* each page written in place while moving */
#define LOOK_MS 5u   /* each page looked at while checking */

/* ---------------------------------------------------------------- the VFS */

static sqlite3_vfs *unix_vfs;
static sqlite3_vfs slow_vfs;
static const sqlite3_io_methods *unix_io;
static sqlite3_io_methods slow_io;

static struct {
	unsigned write_ms, look_ms; /* 0: not slowed */
	unsigned writes, looks;     /* slowed calls so far */
} slow;

/* The look reads one byte a page (vault.h); SQLite and the vault read
 * whole pages. */
static int
slow_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (n == 1 && slow.look_ms) {
		slow.looks++;
		usleep(slow.look_ms * 1000u);
	}
	return unix_io->xRead(f, buf, n, off);
}

/* Pages, not the header's copies, which the removal writes first. */
static int
slow_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (n == VAULT_PAGE_SIZE && slow.write_ms) {
		slow.writes++;
		usleep(slow.write_ms * 1000u);
	}
	return unix_io->xWrite(f, buf, n, off);
}

/* The main database is unix's own file with two of its methods wrapped;
 * journals and everything else are unix's, untouched. */
static int
slow_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
	int rc = unix_vfs->xOpen(unix_vfs, name, f, flags, out);

	(void)vfs;
	if (rc != SQLITE_OK || !f->pMethods || !(flags & SQLITE_OPEN_MAIN_DB))
		return rc;
	if (!unix_io) {
		unix_io = f->pMethods;
		slow_io = *unix_io;
		slow_io.xRead = slow_read;
		slow_io.xWrite = slow_write;
	} else if (f->pMethods != unix_io) {
		tap_bail("unix opened a database with other methods");
	}
	f->pMethods = &slow_io;
	return rc;
}

static void
slow_register(void)
{
	unix_vfs = sqlite3_vfs_find("unix");
	if (!unix_vfs)
		tap_bail("no unix VFS");
	slow_vfs = *unix_vfs;
	slow_vfs.pNext = NULL;
	slow_vfs.zName = "slow";
	slow_vfs.xOpen = slow_open;
	if (sqlite3_vfs_register(&slow_vfs, 0) != SQLITE_OK)
		tap_bail("cannot register the slow VFS");
}

/* ---------------------------------------------------------------- the test */

struct watch {
	db *d;
	int ask, answer;
	int moves, checks;              /* steps ended, by walk */
	int saved, failed;              /* saves asked between steps */
	unsigned max_writes, max_looks; /* the most in one step */
	unsigned writes, looks;         /* the counts at the last step's end */
};

static void
ask_save(struct watch *w)
{
	char c = 's';

	tu_pipe_write(w->ask, &c, 1);
	if (tu_pipe_read(w->answer, &c, 1) != 0)
		tap_bail("the saving process did not answer");
	if (c)
		w->saved++;
	else
		w->failed++;
}

/* Reports come from inside a step too (as pages are written in place);
 * a step has ended, and given the turn back, when no transaction is
 * open. */
static void
on_report(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	struct watch *w = ctx;

	if (!sqlite3_get_autocommit(db_sql(w->d)))
		return;
	if (walk == DB_WALK_MOVE) {
		w->moves++;
		if (slow.writes - w->writes > w->max_writes)
			w->max_writes = slow.writes - w->writes;
	} else if (walk == DB_WALK_CHECK && slow.look_ms) {
		w->checks++;
		if (slow.looks - w->looks > w->max_looks)
			w->max_looks = slow.looks - w->looks;
	}
	if (walk == DB_WALK_MOVE && done >= total) { /* now the looks are slow */
		slow.write_ms = 0;
		slow.look_ms = LOOK_MS;
	}
	w->writes = slow.writes;
	w->looks = slow.looks;
	ask_save(w);
}

static void
test_slow_disk(const char *dir)
{
	static const struct db_options slow_opts = {.vfs_base = "slow"};
	const char *path = tu_path(dir, "slow.db");
	int ask[2], answer[2], status;
	struct watch w = {0};
	struct db_verify v;
	uint32_t old, moving;
	unsigned write_bound = RESEAL_STEP_MS / WRITE_MS + 1;
	unsigned look_bound = RESEAL_STEP_MS / LOOK_MS + 1;
	long long sum;
	char sql[256], c;
	pid_t pid;
	db *d = tu_create(path);

	snprintf(sql, sizeof sql,
	         "CREATE TABLE mark (k INTEGER PRIMARY KEY, v BLOB);"
	         "CREATE TABLE saved (k INTEGER PRIMARY KEY, v TEXT);"
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
	         " INSERT INTO mark SELECT i, randomblob(1000) FROM n",
	         ROWS);
	tu_exec(d, sql);
	if (db_add_user(d, LEAVER, "a passphrase to forget", DB_KDF_INTERACTIVE, 0) != 0)
		tap_bail("add user: %s", db_errmsg(d));
	sum = tu_int(d, "SELECT sum(unicode(hex(v)) + k) FROM mark");
	old = db_keyring(d)->h.epoch;
	db_close(d);
	moving = tu_pages_in_epoch(path, old);
	if (pipe(ask) != 0 || pipe(answer) != 0)
		tap_bail("pipe");
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		close(ask[1]);
		close(answer[0]);
		tu_saver(path, ask[0], answer[1]);
	}
	close(ask[0]);
	close(answer[1]);
	w.ask = ask[1];
	w.answer = answer[0];
	if (tu_pipe_read(w.answer, &c, 1) != 0)
		tap_bail("the saving process did not open the file");
	w.d = d = tu_open_opts(path, &slow_opts);
	db_set_progress(d, on_report, &w);
	slow.write_ms = WRITE_MS;
	ok(db_remove_user(d, LEAVER) == 0, "a user is removed from a file of %u pages, "
	   "on a disk that takes %u ms a page written: %s", moving, WRITE_MS, db_errmsg(d));
	slow.write_ms = slow.look_ms = 0;
	db_set_progress(d, NULL, NULL);
	close(w.ask);
	waitpid(pid, &status, 0);
	tap_diag("%d steps moved %u pages, %u at most in one; %d steps checked, %u looked at "
	         "at most in one", w.moves, slow.writes, w.max_writes, w.checks, w.max_looks);
	ok(w.max_writes >= 1 && w.max_writes <= write_bound,
	   "  each step wrote at most %u pages in place, as many as fit in its %u ms (%u)",
	   w.max_writes, RESEAL_STEP_MS, write_bound);
	ok(w.moves >= 2, "  so moving them took %d steps, not one", w.moves);
	ok(w.max_looks >= 1 && w.max_looks <= look_bound,
	   "  with slow reads, each step of the check looked at %u pages at most (%u)",
	   w.max_looks, look_bound);
	ok(w.checks >= 2, "  so the check took %d steps, not one", w.checks);
	is_int(w.failed, 0, "  no save between the steps failed");
	is_int(w.saved, w.moves + w.checks, "  another process saved after each step");
	ok(db_verify(d, &v) == 0 && v.failed == 0 && v.in_write_epoch == v.pages &&
	   tu_int(d, "SELECT sum(unicode(hex(v)) + k) FROM mark") == sum,
	   "  every page is under the new key and the data is what it was");
	is_int(tu_pages_in_epoch(path, old), 0, "  none on the disk names the old key");
	is_int(tu_int(d, "SELECT count(*) FROM saved"), w.saved, "  every save is in the file");
	db_close(d);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	slow_register();
	test_slow_disk(tu_tmpdir());
	return tap_done();
}
