/* SPDX-License-Identifier: ISC */
/*
 * unit_wal.c - the write-ahead log through the vault.
 *
 * - A checkpoint never runs without the writer lock: while another
 *   process holds a write transaction, a PASSIVE or FULL checkpoint is
 *   refused (busy), where plain SQLite runs the PASSIVE one beside the
 *   writer -- the opening of the WAL-reset race of SQLite 3.7.0-3.51.2.
 * - Frames are sealed: no plaintext in the -wal file.
 * - A changed -wal left by a crash gives a clean earlier state, and
 *   verify names the log when a changed frame comes before a whole
 *   commit; a torn last frame is what a crash leaves, and is not damage.
 * (A log changed after a fold has copied some of it: unit_wal_fold.c.)
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "turn.h"
#include "util.h"
#include "vault.h"

#define MARK "quiet-harbor-7731"
#define FRAME (24 + 4096)

static struct db_options wal; /* the default: a write-ahead log */

/* A process holding a write transaction until told to end it: through
 * the vault (plain 0) or plain SQLite (1). */
struct holder {
	pid_t pid;
	int to, from;
};

static void
holder_start(struct holder *h, const char *path, int plain)
{
	int in[2], out[2];
	char c;

	if (pipe(in) != 0 || pipe(out) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((h->pid = fork()) < 0)
		tap_bail("fork");
	if (h->pid == 0) {
		close(in[1]);
		close(out[0]);
		if (plain) {
			sqlite3 *s;
			if (sqlite3_open(path, &s) != SQLITE_OK ||
			    sqlite3_exec(s, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1)", 0, 0, 0))
				_exit(1);
			tu_pipe_write(out[1], "H", 1);
			tu_pipe_read(in[0], &c, 1);
			sqlite3_exec(s, "COMMIT", 0, 0, 0);
			sqlite3_close(s);
		} else {
			db *d = tu_open_opts(path, &wal);
			for (int i = 0; i < 20; i++) /* committed frames to copy */
				tu_exec(d, "INSERT INTO t VALUES (randomblob(3000))");
			if (db_begin_write(d) != 0 || db_exec(d, "INSERT INTO t VALUES (1)") != 0)
				_exit(1);
			tu_pipe_write(out[1], "H", 1);
			tu_pipe_read(in[0], &c, 1);
			db_commit(d);
			/* No close: it would fold the log, and the checkpoint
			 * below must find frames to copy. */
		}
		_exit(0);
	}
	close(in[0]);
	close(out[1]);
	h->to = in[1];
	h->from = out[0];
	if (tu_pipe_read(h->from, &c, 1) != 0)
		tap_bail("the writer did not begin");
}

static void
holder_end(struct holder *h)
{
	int status;

	tu_pipe_write(h->to, "E", 1);
	waitpid(h->pid, &status, 0);
	close(h->to);
	close(h->from);
}

static void
checkpoint_needs_writer(void)
{
	const char *path = tu_path(tu_tmpdir(), "ckpt.db");
	const char *plain = tu_path(tu_tmpdir(), "plain.db");
	struct holder h;
	int nlog = -1, nckpt = -1, rc;
	sqlite3 *s;
	db *d;

	d = tu_create_opts(path, &wal);
	tu_exec(d, "CREATE TABLE t (x)");
	db_close(d); /* nothing of the parent's stays open across fork */
	holder_start(&h, path, 0);
	d = tu_open_opts(path, &wal);
	rc = sqlite3_wal_checkpoint_v2(db_sql(d), "main", SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
	is_int(rc, SQLITE_BUSY, "a PASSIVE checkpoint while another process writes is refused");
	rc = sqlite3_wal_checkpoint_v2(db_sql(d), "main", SQLITE_CHECKPOINT_FULL, &nlog, &nckpt);
	is_int(rc, SQLITE_BUSY, "so is a FULL one (it would fall back to PASSIVE)");
	holder_end(&h);
	rc = sqlite3_wal_checkpoint_v2(db_sql(d), "main", SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
	ok(rc == SQLITE_OK && nlog > 0 && nckpt == nlog,
	   "once the writer is done, the checkpoint copies the whole log (%d of %d frames)", nckpt,
	   nlog);
	db_close(d);

	/* The same without the vault: SQLite checkpoints beside the writer. */
	if (sqlite3_open(plain, &s) != SQLITE_OK ||
	    sqlite3_exec(s, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; "
	                    "CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(3000))",
	                 0, 0, 0) != SQLITE_OK)
		tap_bail("plain: %s", sqlite3_errmsg(s));
	holder_start(&h, plain, 1);
	rc = sqlite3_wal_checkpoint_v2(s, "main", SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
	is_int(rc, SQLITE_OK, "plain SQLite runs that checkpoint beside the writer");
	holder_end(&h);
	sqlite3_close(s);
}

/* A process that commits three rows and dies without closing, while
 * another reads from before them and dies too: its -wal stays, with three
 * commits in it that no fold copied into the file. */
static void
crash_with_log(const char *path)
{
	pid_t pid;
	struct tu_reader reader;
	int status;

	/* A session reading since before the three commits keeps every
	 * session's fold from copying them into the file (db_log.c). */
	tu_reader_start(&reader, path);
	tu_reader_begin(&reader);
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		db *d = tu_open_opts(path, &wal);
		for (int i = 1; i <= 3; i++) {
			char sql[80];
			snprintf(sql, sizeof sql, "INSERT INTO t VALUES ('" MARK " %d')", i);
			if (db_begin_write(d) != 0 || db_exec(d, sql) != 0 || db_commit(d) != 0)
				_exit(1);
		}
		_exit(0);
	}
	waitpid(pid, &status, 0);
	tu_reader_kill(&reader);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tap_bail("the writer failed");
}

static void
sealed_and_changed(void)
{
	const char *path = tu_path(tu_tmpdir(), "log.db");
	struct db_verify v;
	long frames, last;
	db *d;

	d = tu_create_opts(path, &wal);
	tu_exec(d, "CREATE TABLE t (x)");
	db_close(d);
	crash_with_log(path);
	frames = (tu_file_size(tu_with(path, "-wal")) - 32) / FRAME;
	ok(frames >= 3, "a crash left the log with its frames (%ld)", frames);
	is_int(tu_count_in_file(tu_with(path, "-wal"), MARK, strlen(MARK)), 0,
	       "no record's text is in the log");
	last = 32 + (frames - 1) * FRAME;

	d = tu_open_opts(tu_log_copy(path, "whole.db", -1), &wal);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 3, "the log as it was: all three commits");
	ok(db_verify(d, &v) == 0, "and verify calls it whole");
	db_close(d);

	d = tu_open_opts(tu_log_copy(path, "tail.db", last + 24 + 100), &wal);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 2,
	       "the last frame changed: the two commits before it");
	ok(db_verify(d, &v) == 0, "and a torn last frame is not damage to verify");
	db_close(d);

	d = tu_open_opts(tu_log_copy(path, "first.db", 32 + 24 + 100), &wal);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 0,
	       "the first frame's page changed: the state before it, never part of it");
	ok(db_verify(d, &v) != 0, "verify says the file is not whole");
	has_str(db_errmsg(d), "write-ahead log", "and names the log");
	db_close(d);

	d = tu_open_opts(tu_log_copy(path, "header.db", 32 + 3), &wal);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 0,
	       "the first frame's page number changed: the state before it");
	ok(db_verify(d, &v) != 0, "and verify says so");
	db_close(d);
}

/* A change far larger than the page cache: SQLite spills frames of the
 * open change into the log, writes some of them again in place and, at
 * the commit, reads them back whole to rewrite their checksums.  The
 * file is whole after it, after a checkpoint, and opened again. */
static void
larger_than_cache(void)
{
	const char *path = tu_path(tu_tmpdir(), "big.db");
	struct db_verify v;
	int nlog = -1, nckpt = -1, rc;
	db *d;

	d = tu_create_opts(path, &wal);
	tu_exec(d, "CREATE TABLE t (k INTEGER PRIMARY KEY, x)");
	tu_exec(d, "CREATE INDEX t_x ON t (x)");
	db_close(d);
	d = tu_open_opts(path, &wal);
	tu_exec(d, "PRAGMA cache_size=50");
	/* A small commit first, so the change after it does not start the
	 * log afresh: SQLite then reads the checksums of the frame before
	 * the first one it rewrites. */
	tu_exec(d, "INSERT INTO t VALUES (0, randomblob(800))");
	tu_exec(d, "DELETE FROM t");
	if (db_begin_write(d) != 0)
		tap_bail("begin: %s", db_errmsg(d));
	tu_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
	           "INSERT INTO t SELECT i, randomblob(900) FROM n");
	tu_exec(d, "UPDATE t SET x = randomblob(800) WHERE k % 3 = 0");
	tu_exec(d, "DELETE FROM t WHERE k % 7 = 0");
	ok(db_commit(d) == 0, "a change of thousands of pages with a cache of 50 commits: %s",
	   db_errmsg(d));
	is_int(tu_int(d, "SELECT count(*) FROM t"), 4000 - 4000 / 7, "and reads back whole");
	ok(db_verify(d, &v) == 0, "verify calls it whole before a checkpoint: %s", db_errmsg(d));
	/* Again, over that change's frames. */
	if (db_begin_write(d) != 0)
		tap_bail("begin: %s", db_errmsg(d));
	tu_exec(d, "UPDATE t SET x = randomblob(900) WHERE k % 3 = 0");
	tu_exec(d, "UPDATE t SET x = randomblob(800) WHERE k % 3 = 0 AND k % 2 = 0");
	ok(db_commit(d) == 0, "a second such change over the first's frames commits: %s",
	   db_errmsg(d));
	is_int(tu_int(d, "SELECT count(*) FROM t WHERE length(x) = 800"), 4000 / 6 - 4000 / 42,
	       "and reads back whole");
	db_close(d);

	d = tu_open_opts(path, &wal);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 4000 - 4000 / 7, "opened again, every row");
	is_int(tu_int(d, "SELECT count(*) FROM t WHERE length(x) NOT IN (800, 900)"), 0,
	       "every row holds what was written");
	is_int(tu_int(d, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"),
	       0, "SQLite finds the structure whole");
	rc = sqlite3_wal_checkpoint_v2(db_sql(d), "main", SQLITE_CHECKPOINT_TRUNCATE, &nlog, &nckpt);
	is_int(rc, SQLITE_OK, "a checkpoint copies the log into the file");
	ok(db_verify(d, &v) == 0, "verify calls it whole after it: %s", db_errmsg(d));
	db_close(d);
	d = tu_open_opts(path, &wal);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 4000 - 4000 / 7, "and opened once more");
	db_close(d);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("init");
	checkpoint_needs_writer();
	sealed_and_changed();
	larger_than_cache();
	return tap_done();
}
