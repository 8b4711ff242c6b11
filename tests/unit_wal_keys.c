/* SPDX-License-Identifier: ISC */
/*
 * unit_wal_keys.c - a key rotation with a write-ahead log.
 *
 * A commit sits in FILE-wal, its page sealed under the key of the day.
 * Removing a user moves every page to a new key and then forgets the old
 * one: it must fold the log into the file first, or the commit would be
 * left in frames nobody can open.  Then the commit reads back in a new
 * connection, verify passes, and the log is empty.  And when a long read
 * in another process still needs the log, the removal refuses with a
 * sentence and changes nothing; once the read ends, it goes through.
 */
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define MARK "cedar-lantern-2208"

static struct db_options wal; /* the default: a write-ahead log */

/* Another process that commits a row with MARK and stays open, inside a
 * read transaction when reading is 1, until told to end. */
struct other {
	pid_t pid;
	int to, from;
};

static void
other_start(struct other *h, const char *path, int reading)
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
		db *d = tu_open_opts(path, &wal);
		tu_exec(d, "INSERT INTO t VALUES ('" MARK "')");
		if (reading && (db_begin_read(d) != 0 || tu_int(d, "SELECT count(*) FROM t") < 1))
			_exit(1);
		tu_pipe_write(out[1], "H", 1);
		tu_pipe_read(in[0], &c, 1);
		if (reading)
			db_rollback(d);
		db_close(d);
		_exit(0);
	}
	close(in[0]);
	close(out[1]);
	h->to = in[1];
	h->from = out[0];
	if (tu_pipe_read(h->from, &c, 1) != 0)
		tap_bail("the other process did not commit");
}

static void
other_end(struct other *h)
{
	int status;

	tu_pipe_write(h->to, "E", 1);
	waitpid(h->pid, &status, 0);
	close(h->to);
	close(h->from);
}

/* Rows with MARK as a new connection reads them, or -1 if it cannot. */
static long long
marks(const char *path)
{
	char err[DB_ERR_MAX];
	sqlite3_stmt *st;
	long long n = -1;
	db *c;

	if (db_open(path, TU_ADMIN, TU_PASS, &wal, &c, err, sizeof err) != 0) {
		tap_diag("open: %s", err);
		return -1;
	}
	if (sqlite3_prepare_v2(db_sql(c), "SELECT count(*) FROM t WHERE x = '" MARK "'", -1, &st,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		tap_diag("read: %s", sqlite3_errmsg(db_sql(c)));
	sqlite3_finalize(st);
	db_close(c);
	return n;
}

static void
setup(const char *path)
{
	db *d = tu_create_opts(path, &wal);

	tu_exec(d, "CREATE TABLE t (x TEXT)");
	for (int i = 0; i < 30; i++)
		tu_exec(d, "INSERT INTO t VALUES (hex(randomblob(2000)))");
	if (db_add_user(d, "kim", "a passphrase for kim", DB_KDF_INTERACTIVE, 0) != 0)
		tap_bail("add kim: %s", db_errmsg(d));
	db_close(d);
}

int
main(void)
{
	const char *path, *busy;
	char walpath[4096];
	struct db_verify v = {0};
	struct other o;
	db *d;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	path = tu_path(tu_tmpdir(), "keys.db");
	snprintf(walpath, sizeof walpath, "%s-wal", path);
	setup(path);

	other_start(&o, path, 0); /* first: a fork keeps no connection of ours */
	d = tu_open_opts(path, &wal);
	ok(tu_file_size(walpath) > 0, "the other process's commit sits in the log");
	int rc = db_remove_user(d, "kim");
	if (!ok(rc == 0, "a user is removed while the commit sits in the log"))
		tap_diag("%s", db_errmsg(d));
	other_end(&o);
	if (!ok(db_verify(d, &v) == 0 && v.integrity_ok,
	        "verify passes: every page and frame under the new key"))
		tap_diag("%s", db_errmsg(d));
	db_close(d);
	ok(marks(path) == 1, "the commit reads back in a new connection after the old key is gone");

	busy = tu_path(tu_tmpdir(), "busy.db");
	setup(busy);
	d = NULL;
	char err[DB_ERR_MAX];
	other_start(&o, busy, 1);
	if (db_open(busy, TU_ADMIN, TU_PASS, &(struct db_options){.busy_ms = 300}, &d, err,
	            sizeof err) != 0)
		tap_bail("open: %s", err);
	rc = db_remove_user(d, "kim");
	ok(rc != 0 && strstr(db_errmsg(d), "write-ahead log"),
	   "while a long read needs the log, the removal refuses: %s", db_errmsg(d));
	ok(db_has_user(d, "kim"), "and changes nothing: the user still has a key slot");
	other_end(&o);
	rc = db_remove_user(d, "kim");
	if (!ok(rc == 0 && !db_has_user(d, "kim"), "once the read ends, the removal goes through"))
		tap_diag("%s", db_errmsg(d));
	db_close(d);
	ok(marks(busy) == 1, "and the commit reads back");
	return tap_done();
}
