/* SPDX-License-Identifier: ISC */
/*
 * unit_wal_backup.c - a backup of a file that keeps a write-ahead log.
 *
 * A commit lands in FILE-wal.  A keyless backup, which can only copy the
 * file, says that it waits for the log to be folded in, and every session
 * that sees it folds at its next save or end of a read, or within a
 * second when it is a screen waiting for a key (db_idle, db_log.c).  So a
 * keyless backup taken while a caseworker's screen is open and has just
 * saved holds that save; a session that never looks leaves the backup
 * refusing at the end of its wait.  A long read in another session keeps
 * the fold from copying the saves after it: a keyless backup then waits,
 * and goes ahead once the read ends and folds them; if none comes within
 * its wait, it refuses, naming the log, and writes nothing.  A backup with a key folds the log in itself and
 * holds the save.  Each copy is restored (put in a folder of its own,
 * nothing beside it) and opened to count the saves it holds.
 *
 * The keyless backups run in a child process with no connection of its
 * own, as `passage backup` does.
 */
#include <poll.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "turn.h"
#include "util.h"

#define MARK "amber-ferry-4410"

static struct db_options wal; /* the default: a write-ahead log */

/* A keyless backup begun in a child process, waiting up to lock_ms (0:
 * the default) for the writers and the fold. */
struct keyless {
	pid_t pid;
	int from;
};

static void
keyless_start(struct keyless *k, const char *src, const char *dest, int lock_ms)
{
	int fds[2];

	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((k->pid = fork()) < 0)
		tap_bail("fork");
	if (k->pid == 0) {
		struct backup_options o = {0};
		struct backup_result r;
		char why[512] = "";
		close(fds[0]);
		o.lock_ms = lock_ms;
		int rc = backup_write(src, dest, &o, &r, why, sizeof why);
		tu_pipe_write(fds[1], why, sizeof why);
		_exit(rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	k->from = fds[0];
}

/* Its rc, its sentence in err. */
static int
keyless_end(struct keyless *k, char *err, size_t n)
{
	int status;

	memset(err, 0, n);
	if (tu_pipe_read(k->from, err, n < 512 ? n : 512) != 0)
		err[0] = 0;
	err[n - 1] = 0;
	close(k->from);
	waitpid(k->pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Its end, while d waits as a screen does for a key: db_idle every 100 ms. */
static int
keyless_end_idle(struct keyless *k, db *d, char *err, size_t n)
{
	struct pollfd p = {.fd = k->from, .events = POLLIN};

	while (poll(&p, 1, 100) == 0)
		db_idle(d);
	return keyless_end(k, err, n);
}

static int
keyless(const char *src, const char *dest, int lock_ms, char *err, size_t n)
{
	struct keyless k;

	keyless_start(&k, src, dest, lock_ms);
	return keyless_end(&k, err, n);
}

static int
insert_mark(struct session *s, void *arg)
{
	char sql[120];

	snprintf(sql, sizeof sql, "INSERT INTO t VALUES ('" MARK "-%d')", *(int *)arg);
	return db_exec(s->db, sql) == 0 ? 0 : session_dbfail(s);
}

/* A process that saves row n and dies without closing. */
static void
crashed_save(const char *src, int n)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		char sql[120];
		db *d = tu_open_opts(src, &wal);
		snprintf(sql, sizeof sql, "INSERT INTO t VALUES ('" MARK "-%d')", n);
		if (db_begin_write(d) != 0 || db_exec(d, sql) != 0 || db_commit(d) != 0)
			_exit(1);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tap_bail("the writer failed");
}

/* A save through the session, as every screen makes one. */
static void
save(struct session *s, int n)
{
	if (session_write(s, insert_mark, &n) != 0)
		tap_bail("save %d: %s", n, s->err);
}

/* The copy at dest restored into a folder of its own: how many rows of
 * t it holds with MARK, or -1 if it does not open. */
static long long
restored_marks(const char *dest)
{
	const char *path = tu_path(tu_tmpdir(), "restored.db");
	char err[DB_ERR_MAX];
	long long n;
	db *r;

	if (tu_copy_file(dest, path) != 0)
		tap_bail("copy %s", dest);
	if (db_open(path, TU_ADMIN, TU_PASS, &wal, &r, err, sizeof err) != 0) {
		tap_diag("restored copy: %s", err);
		return -1;
	}
	n = tu_int(r, "SELECT count(*) FROM t WHERE x LIKE '" MARK "%'");
	db_close(r);
	return n;
}

int
main(void)
{
	const char *dir, *src, *dest1, *dest2, *dest3, *dest4, *dest5, *dest6;
	char err[512], walpath[4096];
	struct backup_options o = {0};
	struct backup_result r;
	struct keyless k;
	struct session s;
	struct tu_reader reader;
	int rc;
	db *d;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	src = strdup(tu_path(dir, "live.db"));
	dest1 = strdup(tu_path(dir, "keyless.db"));
	dest2 = strdup(tu_path(dir, "keyless-refused.db"));
	dest3 = strdup(tu_path(dir, "keyless-waited.db"));
	dest4 = strdup(tu_path(dir, "keyed.db"));
	dest5 = strdup(tu_path(dir, "keyless-after.db"));
	dest6 = strdup(tu_path(dir, "keyless-crashed.db"));
	snprintf(walpath, sizeof walpath, "%s-wal", src);
	d = tu_create_opts(src, &wal);
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('" TU_ADMIN "', 'Admin', 'admin', 1, 1)");
	tu_exec(d, "CREATE TABLE t(x TEXT)");
	db_close(d);
	tu_reader_start(&reader, src);
	d = tu_open_opts(src, &wal);
	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("session: %s", s.err);

	/* The nightly backup while a caseworker is logged in, their screen
	 * waiting for a key. */
	save(&s, 1);
	ok(tu_file_size(walpath) > 0, "the save went through the write-ahead log");
	rc = keyless(src, dest1, 1500, err, sizeof err);
	ok(rc != 0 && strstr(err, "write-ahead log") && access(dest1, F_OK) != 0,
	   "a session that does nothing while a keyless backup waits: it refuses, writing nothing");
	keyless_start(&k, src, dest1, 0);
	rc = keyless_end_idle(&k, d, err, sizeof err);
	if (!ok(rc == 0, "a keyless backup with a screen open that has just saved"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest1) == 1, "restored, the copy holds that save");

	/* A long read holds the fold back: the save stays only in the log. */
	tu_reader_begin(&reader);
	save(&s, 2);
	rc = keyless(src, dest2, 1500, err, sizeof err);
	if (!ok(rc != 0 && strstr(err, "write-ahead log") && strstr(err, "--user"),
	        "while a read keeps a save out of the file, a keyless backup waits, then refuses"))
		tap_diag("rc %d: %s (copy holds %lld marks)", rc, err,
		         rc == 0 ? restored_marks(dest2) : -1LL);
	ok(access(dest2, F_OK) != 0, "and writes nothing");

	/* The same, but the read ends while the backup waits: its fold
	 * lets the backup go ahead. */
	keyless_start(&k, src, dest3, 0);
	nanosleep(&(struct timespec){0, 300 * 1000 * 1000}, NULL);
	tu_reader_end(&reader);
	rc = keyless_end(&k, err, sizeof err);
	if (!ok(rc == 0, "a keyless backup waits for a session to fold the log, then goes ahead"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest3) == 2, "restored, the copy holds both saves");

	/* A save the fold could not copy (its reader died holding it back):
	 * a backup with a key folds it in itself. */
	tu_reader_begin(&reader);
	save(&s, 3);
	tu_reader_kill(&reader);
	o.s = &s;
	o.pass = TU_PASS;
	rc = backup_write(src, dest4, &o, &r, err, sizeof err);
	if (!ok(rc == 0, "a backup with a key while a save sits in the log"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest4) == 3, "restored, the copy holds it");
	ok(tu_int(d, "SELECT count(*) FROM t WHERE x LIKE '" MARK "%'") == 3,
	   "the live file still holds every save");

	/* Everyone logs out: the last to close folds the log in. */
	db_close(d);
	tap_diag("after the last close: %s %ld bytes", walpath, tu_file_size(walpath));
	rc = keyless(src, dest5, 0, err, sizeof err);
	if (!ok(rc == 0, "once everyone has logged out, a keyless backup goes ahead"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest5) == 3, "and its copy, restored, holds every save");

	/* A save a crash left in the log, held back from the file by a read
	 * that died too: no session is left to fold it. */
	tu_reader_start(&reader, src);
	tu_reader_begin(&reader);
	crashed_save(src, 4);
	tu_reader_kill(&reader);
	rc = keyless(src, dest6, 0, err, sizeof err);
	if (!ok(rc != 0 && strstr(err, "crash") && strstr(err, "passage verify"),
	        "a save a crash left in the log: a keyless backup says to unlock the file once"))
		tap_diag("rc %d: %s", rc, err);
	ok(access(dest6, F_OK) != 0, "and writes nothing");
	db_close(tu_open(src)); /* the unlock: it reads the log and folds it in */
	rc = keyless(src, dest6, 0, err, sizeof err);
	if (!ok(rc == 0, "after one unlock, a keyless backup goes ahead"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest6) == 4, "and its copy, restored, holds that save");

	/* A backup by an account that may only read the file: its turn,
	 * taken on a descriptor open for reading, still keeps writers out,
	 * and it can still ask for the log to be folded. */
	{
		int ro = open(src, O_RDONLY | O_CLOEXEC), rw = turn_open(src);
		ok(ro >= 0 && rw >= 0 && turn_take(ro, 1000) == 0,
		   "a turn taken on a descriptor open for reading only");
		is_int(turn_take(rw, 200), 1, "keeps a writer waiting until it is given back");
		turn_give(ro);
		ok(turn_take(rw, 1000) == 0, "then the writer has it");
		turn_give(rw);
		ok(turn_want(ro) == 0 && turn_wanted(rw) == 1,
		   "and such a descriptor can say a fold is wanted");
		turn_unwant(ro);
		is_int(turn_wanted(rw), 0, "until it stops asking");
		close(ro);
		close(rw);
	}
	free((char *)src);
	free((char *)dest1);
	free((char *)dest2);
	free((char *)dest3);
	free((char *)dest4);
	free((char *)dest5);
	free((char *)dest6);
	return tap_done();
}
