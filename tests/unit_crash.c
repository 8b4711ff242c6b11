/* SPDX-License-Identifier: ISC */
/*
 * unit_crash.c - kill -9 at random moments; every acknowledged commit must
 * survive, and the structure must stay whole.
 *
 * A child commits in a loop: each transaction inserts one row (of a random
 * size, so it spans pages) and updates a spread of older rows (so the
 * journal holds images of existing pages).  Only after COMMIT returns does
 * it write the row's number to a pipe: that is its acknowledgement.  The
 * parent kills it with SIGKILL at a random moment, reopens the database
 * (rolling back any hot journal through the vault) and checks.
 *
 * CRASH_RUNS sets the number of kills (default 20; `make crash N=500`).
 * CRASH_WAL=1 keeps a write-ahead log instead of a rollback journal
 * (db_options.wal): the kill then leaves a -wal file whose frames the
 * vault must hand back to SQLite's recovery with zeroed reserved bytes.
 *
 * The same program is linked against a vault that skips the reserve
 * zeroing (build/tests/crash_leaky); tests/crash_sees_leak.sh checks that
 * this run FAILS, which proves the test can see the bug it exists for.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "vault.h"

static struct db_options opts; /* .wal from CRASH_WAL */

static void
child(const char *path, int ack, int start)
{
	char err[DB_ERR_MAX], sql[256];
	db *d;

	if (db_open(path, TU_ADMIN, TU_PASS, &opts, &d, err, sizeof err) != 0)
		_exit(3);
	int ready = -1; /* unlocked: the kill clock starts now */
	if (write(ack, &ready, sizeof ready) != (ssize_t)sizeof ready)
		_exit(5);
	srand((unsigned)getpid());
	for (int id = start;; id++) {
		snprintf(sql, sizeof sql,
		         "BEGIN IMMEDIATE;"
		         "INSERT INTO c VALUES (%d, 0, hex(randomblob(%d)));"
		         "UPDATE c SET n = n + 1 WHERE id %% 13 = %d;"
		         "COMMIT;",
		         id, 50 + rand() % 3000, id % 13);
		if (db_exec(d, sql) != 0)
			_exit(4);
		if (write(ack, &id, sizeof id) != (ssize_t)sizeof id)
			_exit(5);
	}
}

/* SQLite's view of every page must have its 40 reserved bytes zero: read
 * each page through the same file handle SQLite uses. */
/* The same for every frame of the write-ahead log that opens, if there
 * is one (a frame torn by the kill does not open, and SQLite ignores it). */
static int
wal_clean(db *d)
{
	sqlite3_file *w = NULL;
	sqlite3_int64 size = 0;
	uint8_t page[VAULT_PAGE_SIZE];
	int bad = 0;

	if (!opts.wal)
		return 1;
	if (db_begin_read(d) != 0)
		return 0;
	sqlite3_file_control(db_sql(d), "main", SQLITE_FCNTL_JOURNAL_POINTER, &w);
	if (w && w->pMethods && w->pMethods->xFileSize(w, &size) == SQLITE_OK)
		for (sqlite3_int64 off = 32 + 24; off + VAULT_PAGE_SIZE <= size; off += 24 + VAULT_PAGE_SIZE)
			if (w->pMethods->xRead(w, page, VAULT_PAGE_SIZE, off) == SQLITE_OK)
				for (unsigned i = VAULT_BODY; i < VAULT_PAGE_SIZE; i++)
					if (page[i]) {
						bad++;
						break;
					}
	db_rollback(d);
	return bad == 0;
}

static int
reserve_clean(db *d)
{
	sqlite3_file *f = NULL;
	uint8_t page[VAULT_PAGE_SIZE];
	long long pages = tu_int(d, "PRAGMA page_count");
	int bad = 0;

	if (db_begin_read(d) != 0)
		return 0;
	sqlite3_file_control(db_sql(d), "main", SQLITE_FCNTL_FILE_POINTER, &f);
	for (long long n = 1; f && n <= pages; n++) {
		int rc = f->pMethods->xRead(f, page, VAULT_PAGE_SIZE, (n - 1) * VAULT_PAGE_SIZE);
		if (rc == SQLITE_IOERR_SHORT_READ && opts.wal)
			continue; /* a page still only in the write-ahead log */
		if (rc != SQLITE_OK) {
			bad++;
			continue;
		}
		for (unsigned i = VAULT_BODY; i < VAULT_PAGE_SIZE; i++)
			if (page[i]) {
				bad++;
				break;
			}
	}
	db_rollback(d);
	return f && bad == 0 && wal_clean(d);
}

struct run {
	int acked, max_ack, present_all, rows, integrity_ok, verify_ok, reserve_ok, opened;
	char err[DB_ERR_MAX];
};

static struct run
one_run(const char *path, int start, long delay_us)
{
	struct run r = {0};
	int fds[2], id;
	pid_t pid;
	db *d;

	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		tap_bail("fork");
	if (pid == 0) {
		close(fds[0]);
		child(path, fds[1], start);
	}
	close(fds[1]);
	if (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id && id == -1)
		usleep((useconds_t)delay_us);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	r.max_ack = start - 1;
	while (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id) {
		r.acked++;
		r.max_ack = id;
	}
	close(fds[0]);

	if (db_open(path, TU_ADMIN, TU_PASS, &opts, &d, r.err, sizeof r.err) != 0)
		return r;
	r.opened = 1;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM c WHERE id <= %d", r.max_ack);
	r.present_all = tu_int(d, sql) == r.max_ack;
	r.rows = (int)tu_int(d, "SELECT count(*) FROM c");
	struct db_verify v;
	r.verify_ok = db_verify(d, &v) == 0;
	if (!r.verify_ok)
		snprintf(r.err, sizeof r.err, "%s", db_errmsg(d));
	r.integrity_ok = v.integrity_ok;
	r.reserve_ok = reserve_clean(d);
	db_close(d);
	return r;
}

int
main(void)
{
	const char *dir, *path, *env = getenv("CRASH_RUNS");
	int runs = env ? atoi(env) : 20, next = 1, total_acked = 0, with_progress = 0;
	int all_present = 1, all_whole = 1, all_clean = 1, all_opened = 1, beyond = 0;
	db *d;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	if (runs < 1)
		runs = 20;
	dir = tu_tmpdir();
	path = tu_path(dir, "crash.db");
	opts.wal = getenv("CRASH_WAL") && atoi(getenv("CRASH_WAL")) == 1;
	d = tu_create_opts(path, &opts);
	tu_exec(d, "CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER NOT NULL, pad TEXT NOT NULL)");
	db_close(d);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());

	for (int i = 0; i < runs; i++) {
		/* From the first commit to well into the loop. */
		long delay = rand() % 120000;
		struct run r = one_run(path, next, delay);
		if (!r.opened) {
			all_opened = 0;
			tap_diag("run %d: reopen failed: %s", i + 1, r.err);
			break;
		}
		total_acked += r.acked;
		with_progress += r.acked > 0;
		if (!r.present_all) {
			all_present = 0;
			tap_diag("run %d: an acknowledged commit is missing (last ack %d, rows %d)",
			         i + 1, r.max_ack, r.rows);
		}
		if (!r.integrity_ok || !r.verify_ok) {
			all_whole = 0;
			tap_diag("run %d: %s", i + 1, r.err[0] ? r.err : "integrity_check failed");
		}
		if (!r.reserve_ok)
			all_clean = 0;
		/* The commit in flight at the kill may have landed unacknowledged:
		 * never more than that one. */
		if (r.rows > r.max_ack + 1)
			beyond++;
		next = r.rows + 1;
	}
	tap_diag("%d kills, %d commits acknowledged (%s)", runs, total_acked,
	         opts.wal ? "write-ahead log" : "rollback journal");
	ok(all_opened, "the database reopened after every kill");
	ok(all_present, "every acknowledged commit survived every kill");
	ok(beyond == 0, "at most the one commit in flight landed unacknowledged");
	ok(all_whole, "integrity_check and page authentication pass after every kill");
	ok(all_clean, "SQLite never sees nonce or tag: reserved bytes read as zeros");
	ok(with_progress >= runs / 2, "the child made progress in most runs (%d of %d)",
	   with_progress, runs);
	return tap_done();
}
