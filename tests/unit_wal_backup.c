/* SPDX-License-Identifier: ISC */
/*
 * unit_wal_backup.c - a backup of a file that keeps a write-ahead log.
 *
 * A commit sits in FILE-wal until a checkpoint copies it into the file.
 * A backup taken then, with a key, must fold the log in and hold the
 * commit: restored (the copy put in a folder of its own, nothing beside
 * it), it opens with the commit there.  Without a key the log cannot be
 * folded: the backup refuses, naming the log, and writes nothing; once
 * the log is folded, a keyless backup holds the commit too.
 *
 * The keyless backups run in a child process with no connection of its
 * own, as `passage backup` does.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "util.h"

#define MARK "amber-ferry-4410"

static struct db_options wal = {.wal = 1};

/* A keyless backup in a child process: its rc, its sentence in err. */
static int
keyless(const char *src, const char *dest, char *err, size_t n)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		struct backup_options o = {0};
		struct backup_result r;
		char why[512] = "";
		close(fds[0]);
		int rc = backup_write(src, dest, &o, &r, why, sizeof why);
		tu_pipe_write(fds[1], why, sizeof why);
		_exit(rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	memset(err, 0, n);
	if (tu_pipe_read(fds[0], err, n < 512 ? n : 512) != 0)
		err[0] = 0;
	err[n - 1] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
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
	n = tu_int(r, "SELECT count(*) FROM t WHERE x = '" MARK "'");
	db_close(r);
	return n;
}

int
main(void)
{
	const char *dir, *src, *dest1, *dest2, *dest3;
	char err[512], walpath[4096];
	struct backup_options o = {0};
	struct backup_result r;
	struct session s;
	db *d;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	src = tu_path(dir, "live.db");
	dest1 = tu_path(dir, "keyless.db");
	dest2 = tu_path(dir, "keyed.db");
	dest3 = tu_path(dir, "keyless-after.db");
	snprintf(walpath, sizeof walpath, "%s-wal", src);
	d = tu_create_opts(src, &wal);
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('" TU_ADMIN "', 'Admin', 'admin', 1, 1)");
	db_close(d);
	d = tu_open_opts(src, &wal);
	tu_exec(d, "CREATE TABLE t(x TEXT)");
	tu_exec(d, "INSERT INTO t VALUES ('" MARK "')");
	if (!ok(tu_file_size(walpath) > 0, "the commit sits in the write-ahead log"))
		tap_diag("%s: %ld bytes", walpath, tu_file_size(walpath));

	int rc = keyless(src, dest1, err, sizeof err);
	if (!ok(rc != 0 && strstr(err, "write-ahead log") && strstr(err, "--user"),
	        "a keyless backup refuses while the log holds a commit the file lacks"))
		tap_diag("rc %d: %s (copy holds %lld marks)", rc, err,
		         rc == 0 ? restored_marks(dest1) : -1LL);
	ok(access(dest1, F_OK) != 0, "and writes nothing");

	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("session: %s", s.err);
	o.s = &s;
	o.pass = TU_PASS;
	rc = backup_write(src, dest2, &o, &r, err, sizeof err);
	if (!ok(rc == 0, "a backup with a key while the commit sits in the log"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest2) == 1, "restored, the copy holds the commit");
	ok(tu_int(d, "SELECT count(*) FROM t WHERE x = '" MARK "'") == 1,
	   "the live file still holds it");

	/* Everyone logs out: the last to close folds the log in. */
	db_close(d);
	tap_diag("after the last close: %s-wal %ld bytes", src, tu_file_size(walpath));
	rc = keyless(src, dest3, err, sizeof err);
	if (!ok(rc == 0, "once everyone has logged out, a keyless backup goes ahead"))
		tap_diag("%s", err);
	ok(rc == 0 && restored_marks(dest3) == 1, "and its copy, restored, holds the commit");
	return tap_done();
}
