/* SPDX-License-Identifier: ISC */
/*
 * unit_wal_switch.c - every open keeps the write-ahead log, and a file
 * left in a rollback journal is switched to it once.
 *
 * - A file in a rollback journal (as an older Passage left it) is
 *   switched at its first open, holding the writers' turn: while another
 *   process holds the turn (a writer part way through a commit), an open
 *   waits for it and, when the wait runs out, is refused as busy with the
 *   file left as it was.  Two processes opening it at once both end up in
 *   the log, one having switched it and the other following, and both
 *   save.
 * - A rollback open (db_options.rollback, for the tests of the journal)
 *   is refused while another session has the file open in the log, and
 *   that session goes on reading; alone, it takes the file out of the
 *   log, and the next ordinary open takes it back in.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "turn.h"
#include "util.h"

static const struct db_options rollback = {.rollback = 1};

static const char *
mode_of(db *d)
{
	static char buf[16];
	sqlite3_stmt *st;

	buf[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* A child that opens path as Passage does (waiting up to busy_ms for the
 * turn) and saves one row: exit 0 if it opened in the log and saved, 2 if
 * the open was refused as busy, 1 otherwise. */
static pid_t
opener(const char *path, int busy_ms)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		char err[DB_ERR_MAX];
		db *d;
		if (db_open(path, TU_ADMIN, TU_PASS, &(struct db_options){.busy_ms = busy_ms}, &d,
		            err, sizeof err) != 0)
			_exit(strstr(err, "busy") ? 2 : 1);
		if (strcmp(mode_of(d), "wal") != 0 || db_begin_write(d) != 0 ||
		    db_exec(d, "INSERT INTO t VALUES (1)") != 0 || db_commit(d) != 0)
			_exit(1);
		db_close(d);
		_exit(0);
	}
	return pid;
}

static int
exit_of(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
switched_once(const char *path)
{
	int fd;
	pid_t a, b;
	db *d;

	d = tu_create_opts(path, &rollback);
	tu_exec(d, "CREATE TABLE t (x)");
	is_str(mode_of(d), "delete", "a file kept in a rollback journal, as an older Passage did");
	db_close(d);

	/* The turn held, as by a writer part way through a commit. */
	fd = turn_open(path);
	if (fd < 0 || turn_take(fd, 1000) != 0)
		tap_bail("the turn");
	a = opener(path, 300);
	is_int(exit_of(a), 2, "an open while another holds the writers' turn waits, then is busy");
	ok(access(tu_with(path, "-wal"), F_OK) != 0, "  and leaves the file out of the log");

	/* Two at once, while the turn is still held: both wait. */
	a = opener(path, 20000);
	b = opener(path, 20000);
	nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
	turn_give(fd);
	close(fd);
	is_int(exit_of(a), 0, "two opening at once: the first is in the log and saves");
	is_int(exit_of(b), 0, "  and so is the second, one having switched and the other followed");

	d = tu_open(path);
	is_str(mode_of(d), "wal", "the file keeps the log");
	is_int(tu_int(d, "SELECT count(*) FROM t"), 2, "  with both saves");
	db_close(d);
}

static void
rollback_only_alone(const char *path)
{
	struct tu_reader r;
	char err[DB_ERR_MAX];
	db *d;

	tu_reader_start(&r, path);
	tu_reader_begin(&r);
	tu_reader_end(&r);
	ok(db_open(path, TU_ADMIN, TU_PASS, &rollback, &d, err, sizeof err) != 0,
	   "a rollback open is refused while another session keeps the log");
	has_str(err, "write-ahead log", "  and says why");
	ok(access(tu_with(path, "-wal"), F_OK) == 0, "  the log is still there");
	tu_reader_begin(&r); /* bails out if that session cannot read */
	tu_reader_end(&r);
	ok(1, "  and the other session goes on reading");
	tu_reader_kill(&r);

	if (db_open(path, TU_ADMIN, TU_PASS, &rollback, &d, err, sizeof err) != 0) {
		ok(0, "alone, a rollback open takes the file out of the log");
		tap_diag("%s", err);
		return;
	}
	is_str(mode_of(d), "delete", "alone, a rollback open takes the file out of the log");
	is_int(tu_int(d, "SELECT count(*) FROM t"), 2, "  with every save in the file");
	db_close(d);
	ok(access(tu_with(path, "-wal"), F_OK) != 0, "  and no log is left beside it");
	d = tu_open(path);
	is_str(mode_of(d), "wal", "the next ordinary open takes it back into the log");
	db_close(d);
}

int
main(void)
{
	const char *path;

	if (db_init() != 0)
		tap_bail("db_init");
	path = strdup(tu_path(tu_tmpdir(), "older.db"));
	switched_once(path);
	rollback_only_alone(path);
	free((char *)path);
	return tap_done();
}
