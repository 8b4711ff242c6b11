/* SPDX-License-Identifier: ISC */
/*
 * unit_wal_bad.c - a write-ahead log that is not what was written.
 *
 * A process commits three rows into the log, while another reads from
 * before them (so no fold copies them into the file), and both die
 * without closing.
 * Then, each on a copy: the log of another file put in its place, the log
 * cut inside its last commit, the log's salt changed (in its header, or
 * in one frame's header), and the -shm index deleted or filled with
 * garbage.  Each must open to a state SQLite itself would read (the log
 * ends where it stops being whole: the rows committed before the crash
 * are kept, the three commits are there as a prefix, never in part) with
 * a structure that checks out, or be refused with a sentence.
 */
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define FRAME (24 + 4096)
#define BASE 5

static struct db_options wal; /* the default: a write-ahead log */

/* tu_path's answer, kept to the end of the test. */
static const char *
keep(const char *path)
{
	static char kept[12][1024];
	static int n;

	if (n == 12)
		tap_bail("too many files");
	snprintf(kept[n], sizeof kept[n], "%s", path);
	return kept[n++];
}

/* A file with BASE rows in it, then three commits of one row each left
 * in its log by a process that dies without closing. */
static const char *
crashed(const char *name)
{
	const char *path = keep(tu_path(tu_tmpdir(), name));
	pid_t pid;
	struct tu_reader reader;
	int status;
	db *d;

	d = tu_create_opts(path, &wal);
	tu_exec(d, "CREATE TABLE t (n INTEGER, pad TEXT)");
	for (int i = 0; i < BASE; i++)
		tu_exec(d, "INSERT INTO t VALUES (0, hex(randomblob(1500)))");
	db_close(d); /* the last close folds the log in */
	/* A session reading since before the three commits keeps every
	 * session's fold from copying them into the file (db_log.c). */
	tu_reader_start(&reader, path);
	tu_reader_begin(&reader);
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		d = tu_open_opts(path, &wal);
		for (int i = 1; i <= 3; i++) {
			char sql[80];
			snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d, 'x')", i);
			if (db_begin_write(d) != 0 || db_exec(d, sql) != 0 || db_commit(d) != 0)
				_exit(1);
		}
		_exit(0);
	}
	waitpid(pid, &status, 0);
	tu_reader_kill(&reader);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tap_bail("the writer failed");
	return path;
}

/* A copy of src with its log and index, as the case will change them. */
static const char *
copy_of(const char *src, const char *name)
{
	const char *dst = keep(tu_path(tu_tmpdir(), name));

	if (tu_copy_file(src, dst) != 0 || tu_copy_file(tu_with(src, "-wal"), tu_with(dst, "-wal")) != 0 ||
	    tu_copy_file(tu_with(src, "-shm"), tu_with(dst, "-shm")) != 0)
		tap_bail("copy %s", name);
	return dst;
}

/* Opens path and says whether what it holds is a state SQLite would
 * read: the BASE rows, then commits 1..k for some k, nothing else, and a
 * structure that verifies; or a refusal with a sentence.  *k gets k, or
 * -1 for a refusal. */
static int
sane(const char *path, int *k)
{
	char err[DB_ERR_MAX];
	struct db_verify v = {0};
	sqlite3_stmt *st;
	int base = -1, n = -1, top = -1, good = 0;
	db *d;

	*k = -1;
	if (db_open(path, TU_ADMIN, TU_PASS, &wal, &d, err, sizeof err) != 0) {
		tap_diag("refused: %s", err);
		return err[0] != 0 && !strstr(err, "SQLITE");
	}
	if (sqlite3_prepare_v2(db_sql(d),
	                       "SELECT (SELECT count(*) FROM t WHERE n = 0), "
	                       "(SELECT count(*) FROM t WHERE n > 0), "
	                       "(SELECT coalesce(max(n), 0) FROM t)",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		base = sqlite3_column_int(st, 0);
		n = sqlite3_column_int(st, 1);
		top = sqlite3_column_int(st, 2);
	} else {
		tap_diag("read: %s", sqlite3_errmsg(db_sql(d)));
	}
	sqlite3_finalize(st);
	if (base == BASE && n >= 0 && n <= 3 && top == n) {
		*k = n;
		good = db_verify(d, &v) == 0 && v.integrity_ok;
		if (!good) /* the log may be named as damaged: a sentence, then */
			good = strstr(db_errmsg(d), "write-ahead log") != NULL;
		if (!good)
			tap_diag("verify: %s", db_errmsg(d));
	} else {
		tap_diag("base %d, commits %d, last %d", base, n, top);
	}
	db_close(d);
	return good;
}

int
main(void)
{
	const char *src, *other, *p;
	long frames;
	int k = -1, good;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("init");
	src = crashed("src.db");
	other = crashed("other.db");
	frames = (tu_file_size(tu_with(src, "-wal")) - 32) / FRAME;
	ok(frames >= 3, "the crash left three commits in the log (%ld frames)", frames);

	p = copy_of(src, "whole.db");
	good = sane(p, &k);
	ok(good && k == 3, "the log as it was: all three commits (%d)", k);

	p = copy_of(src, "shm-gone.db");
	unlink(tu_with(p, "-shm"));
	good = sane(p, &k);
	ok(good && k == 3, "-shm deleted: read again from the log, all three (%d)", k);

	p = copy_of(src, "shm-garbage.db");
	{
		uint8_t junk[32768];
		randombytes_buf(junk, sizeof junk);
		if (tu_write_at(tu_with(p, "-shm"), 0, junk, sizeof junk) != 0)
			tap_bail("garbage");
	}
	good = sane(p, &k);
	ok(good && k == 3, "-shm garbage: read again from the log, all three (%d)", k);

	p = copy_of(src, "foreign.db");
	if (tu_copy_file(tu_with(other, "-wal"), tu_with(p, "-wal")) != 0)
		tap_bail("copy");
	unlink(tu_with(p, "-shm"));
	good = sane(p, &k);
	ok(good && k <= 0, "another file's log: none of its frames (%d)", k);

	p = copy_of(src, "cut.db");
	if (truncate(tu_with(p, "-wal"), 32 + (frames - 1) * FRAME + 1000) != 0)
		tap_bail("truncate");
	unlink(tu_with(p, "-shm"));
	good = sane(p, &k);
	ok(good && k >= 0 && k < 3, "the log cut inside its last frame: the commits before (%d)",
	   k);

	p = copy_of(src, "salt.db");
	if (tu_flip_bit(tu_with(p, "-wal"), 16, 0) != 0)
		tap_bail("flip");
	unlink(tu_with(p, "-shm"));
	good = sane(p, &k);
	ok(good && k == 0, "the log header's salt changed: the state before the log (%d)", k);

	p = copy_of(src, "frame-salt.db");
	if (tu_flip_bit(tu_with(p, "-wal"), 32 + FRAME + 8, 0) != 0)
		tap_bail("flip");
	unlink(tu_with(p, "-shm"));
	good = sane(p, &k);
	ok(good && k >= 0 && k < 3, "a frame's salt changed: the commits before it (%d)", k);
	return tap_done();
}
