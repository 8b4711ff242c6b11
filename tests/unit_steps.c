/* SPDX-License-Identifier: ISC */
/*
 * unit_steps.c - removing a user moves the pages to a new key in short
 * steps: others keep saving meanwhile, and a kill at any step loses
 * nothing and is carried on by the next unlock.
 *
 * The kills land where the rotation reports progress: between steps, and
 * inside a step while its pages are being written in place (after its
 * journal is on the disk), so a kill there leaves a hot journal that the
 * next connection plays back.  After every kill the file is reopened as a
 * person would: the rotation must finish, every page must authenticate,
 * the data must be what it was, and no page on the disk may still name
 * the epoch of the key the removed person could hold.
 *
 * STEPS_MB (default 4) sets the size of the file the saving test uses;
 * the figures it prints are for the record, never asserted.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keyring.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define LEAVER "Robin Vale"

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A file of about mb MiB with a user to remove; its data's digest. */
static long long
make_file(const char *path, int mb)
{
	char sql[256];
	db *d = tu_create(path);
	long long sum;

	snprintf(sql, sizeof sql,
	         "CREATE TABLE mark (k INTEGER PRIMARY KEY, v BLOB);"
	         "CREATE TABLE saved (k INTEGER PRIMARY KEY, v TEXT);"
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
	         " INSERT INTO mark SELECT i, randomblob(1000) FROM n",
	         mb * 1000);
	tu_exec(d, sql);
	if (db_add_user(d, LEAVER, "a passphrase to forget", DB_KDF_INTERACTIVE, 0) != 0)
		tap_bail("add user: %s", db_errmsg(d));
	sum = tu_int(d, "SELECT sum(unicode(hex(v)) + k) FROM mark");
	db_close(d);
	return sum;
}

struct killer {
	int calls, at;
};

static void
kill_at(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	struct killer *k = ctx;

	(void)walk;
	(void)done;
	(void)total;
	if (++k->calls == k->at)
		raise(SIGKILL);
}

/* Removes the user (or, with rotate, gives the data key a new key as
 * recover does) in a child killed at its at-th progress report: 1 if the
 * kill came, 0 if the rotation ended first. */
static int
killed_at(const char *path, int at, int rotate)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		tap_bail("fork");
	if (pid == 0) {
		struct killer k = {0, at};
		db *d = tu_open(path);
		db_set_progress(d, kill_at, &k);
		_exit((rotate ? db_rotate_key(d) : db_remove_user(d, LEAVER)) == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		tap_bail("the removal failed without a kill");
	return WIFSIGNALED(status);
}

static void
test_kills(const char *dir)
{
	const char *tmpl = tu_path(dir, "kills-template.db");
	const char *path = tu_path(dir, "kills.db");
	char journal[1024];
	long long sum = make_file(tmpl, 2);
	uint32_t old, pages;
	int kills = 0, hot = 0, whole = 0, finished = 0, clean = 0, moved_before = 0;
	struct db_verify v;
	db *d;

	snprintf(journal, sizeof journal, "%s-journal", path);
	d = tu_open(tmpl);
	old = db_keyring(d)->h.epoch;
	db_close(d);
	pages = tu_pages_in_epoch(tmpl, old);
	for (int at = 1;; at++) {
		if (tu_copy_file(tmpl, path) != 0)
			tap_bail("copy");
		if (!killed_at(path, at, 0))
			break; /* past the last report: it ran to the end */
		kills++;
		if (access(journal, F_OK) == 0)
			hot++; /* the moves on the disk are to be played back */
		else if (tu_pages_in_epoch(path, old) > 0 && tu_pages_in_epoch(path, old) < pages)
			moved_before++; /* some steps were committed, not all */
		d = tu_open(path); /* plays a hot journal back, then finishes */
		finished += db_keyring(d)->h.prev_epoch == 0 && !db_has_user(d, LEAVER);
		whole += db_verify(d, &v) == 0 && v.failed == 0 && v.in_write_epoch == v.pages &&
		         tu_int(d, "SELECT sum(unicode(hex(v)) + k) FROM mark") == sum;
		db_close(d);
		clean += tu_pages_in_epoch(path, old) == 0 && access(journal, F_OK) != 0;
	}
	tap_diag("%d kills over %u pages: %d left a hot journal, %d came between steps",
	         kills, pages, hot, moved_before);
	ok(kills >= 10, "the removal was killed at each of its %d progress reports", kills);
	ok(hot > 0, "  some kills landed inside a step, with its journal on the disk (%d)", hot);
	ok(moved_before > 0, "  some between steps, with part of the pages moved for good: "
	   "the next unlock carries on from there (%d)", moved_before);
	is_int(finished, kills, "  after every kill, the next unlock finished the removal");
	is_int(whole, kills, "  every page authenticates and the data is what it was");
	is_int(clean, kills, "  no page on the disk is left under the removed person's key");
}

/* recover's new key moves the pages the same way: killed between its
 * steps, the next unlock carries on. */
static void
test_recover_killed(const char *dir)
{
	const char *path = tu_path(dir, "recover.db");
	long long sum = make_file(path, 2);
	uint32_t old;
	struct db_verify v;
	db *d = tu_open(path);

	old = db_keyring(d)->h.epoch;
	db_close(d);
	ok(killed_at(path, 3, 1), "a new data key (as recover makes) is killed while moving pages");
	ok(tu_pages_in_epoch(path, old) > 0, "  with pages still under the old key");
	d = tu_open(path);
	ok(db_keyring(d)->h.prev_epoch == 0 && db_keyring(d)->h.epoch != old &&
	   db_verify(d, &v) == 0 && v.failed == 0 && v.in_write_epoch == v.pages &&
	   tu_int(d, "SELECT sum(unicode(hex(v)) + k) FROM mark") == sum,
	   "  the next unlock finished it, and the data is what it was");
	db_close(d);
	is_int(tu_pages_in_epoch(path, old), 0, "  no page is left under the old key");
}

struct saves {
	int n, failed, within;
	double max_ms, sum_ms;
};

#define MAX_SAVES 100000

/* Saves one row after another until told to stop, each timed from the
 * wait for its turn to its commit; at the stop, hears when the removal
 * began and ended, and counts the saves made wholly inside it. */
static void
saver(const char *path, int go, int stop, int report)
{
	static double began[MAX_SAVES], ended[MAX_SAVES];
	struct saves s = {0};
	double span[2];
	char sql[96];
	db *d = tu_open(path);

	fcntl(stop, F_SETFL, O_NONBLOCK);
	tu_pipe_write(go, "g", 1);
	while (read(stop, span, sizeof span) != (ssize_t)sizeof span && s.n < MAX_SAVES) {
		double t = now_ms();
		snprintf(sql, sizeof sql, "INSERT INTO saved (v) VALUES ('save %d')", s.n);
		if (db_begin_write(d) != 0 || db_exec(d, sql) != 0 || db_commit(d) != 0) {
			s.failed++;
			fprintf(stderr, "# a save failed: %s\n", db_errmsg(d));
		}
		began[s.n] = t;
		ended[s.n] = now_ms();
		t = ended[s.n] - t;
		s.n++;
		s.sum_ms += t;
		if (t > s.max_ms)
			s.max_ms = t;
		usleep(2000);
	}
	fcntl(stop, F_SETFL, 0);
	if (s.n == MAX_SAVES && tu_pipe_read(stop, span, sizeof span) != 0)
		_exit(2);
	for (int i = 0; i < s.n; i++)
		s.within += began[i] >= span[0] && ended[i] <= span[1];
	db_close(d);
	tu_pipe_write(report, &s, sizeof s);
	_exit(0);
}

struct steps_seen {
	int moves;
	uint64_t done, total;
};

static void
count_moves(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	struct steps_seen *s = ctx;

	if (walk != DB_WALK_MOVE)
		return;
	s->moves++;
	s->done = done;
	s->total = total;
}

static void
test_saving(const char *dir)
{
	const char *path = tu_path(dir, "saving.db");
	const char *env = getenv("STEPS_MB");
	int mb = env && atoi(env) > 0 ? atoi(env) : 4;
	int go[2], stop[2], rep[2], status;
	long long sum = make_file(path, mb);
	struct steps_seen seen = {0};
	struct saves s;
	struct db_verify v;
	double t;
	double span[2];
	char c;
	pid_t pid;
	db *d;

	if (pipe(go) != 0 || pipe(stop) != 0 || pipe(rep) != 0)
		tap_bail("pipe");
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		close(stop[1]);
		saver(path, go[1], stop[0], rep[1]);
	}
	close(stop[0]);
	if (tu_pipe_read(go[0], &c, 1) != 0)
		tap_bail("the saver did not start");
	d = tu_open(path);
	db_set_progress(d, count_moves, &seen);
	span[0] = now_ms();
	ok(db_remove_user(d, LEAVER) == 0, "a user is removed while another process saves: %s",
	   db_errmsg(d));
	span[1] = now_ms();
	t = span[1] - span[0];
	tu_pipe_write(stop[1], span, sizeof span);
	if (tu_pipe_read(rep[0], &s, sizeof s) != 0)
		tap_bail("the saver did not report");
	waitpid(pid, &status, 0);
	tap_diag("removal on a %.1f MiB file: %.0f ms; %d saves meanwhile, "
	         "longest wait %.0f ms, mean %.1f ms",
	         (double)tu_file_size(path) / (1 << 20), t, s.n, s.max_ms,
	         s.n ? s.sum_ms / s.n : 0.0);
	is_int(s.failed, 0, "  no save failed");
	ok(seen.moves > 1 && seen.done == seen.total,
	   "  the pages moved were reported as they went, to all %llu",
	   (unsigned long long)seen.total);
	ok(s.within > 0, "  %d saves began and ended while the pages were moving", s.within);
	ok(db_verify(d, &v) == 0 && v.failed == 0 && v.in_write_epoch == v.pages &&
	   tu_int(d, "SELECT sum(unicode(hex(v)) + k) FROM mark") == sum,
	   "  every page is under the new key and the data is what it was");
	db_close(d);
}

int
main(void)
{
	const char *dir = tu_tmpdir();

	if (db_init() != 0)
		tap_bail("db_init");
	test_saving(dir);
	test_kills(dir);
	test_recover_killed(dir);
	return tap_done();
}
