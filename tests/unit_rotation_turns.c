/* SPDX-License-Identifier: ISC */
/*
 * unit_rotation_turns.c - a user's removal gives the writers' turn back
 * between short steps to the end, and a writer takes the newest header's
 * keys as it takes its turn.
 *
 * The last look for pages left under the old key used to be one look at
 * the whole file under the lock: 3 s on the 1,000,000-person file, with
 * every save waiting behind it, and past 5 s a save failed as busy.  Here
 * a file of more pages than one step looks at is removed from while
 * another process saves between the steps of that look, each save asked
 * for and waited on through a pipe: the test counts steps and saves,
 * never milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keyring.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define LEAVER "Robin Vale"
#define NEWCOMER "Sam Ortiz"
#define MB 40 /* more pages than one step looks at (db_keys.c: 32 MiB) */

struct between {
	int ask, answer;
	int checks;         /* check reports short of the end: steps of the look */
	int saved, failed;  /* saves made between them */
	uint64_t last, total;
};

/* Called by the removal after each step's commit, the turn given back:
 * during the look, a save in the other process must get through now. */
static void
on_step(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	struct between *b = ctx;
	char c = 's';

	if (walk != DB_WALK_CHECK)
		return;
	b->last = done;
	b->total = total;
	if (done >= total)
		return;
	b->checks++;
	tu_pipe_write(b->ask, &c, 1);
	if (tu_pipe_read(b->answer, &c, 1) != 0)
		tap_bail("the saving process did not answer");
	if (c)
		b->saved++;
	else
		b->failed++;
}

static void
test_look_in_steps(const char *dir)
{
	const char *path = tu_path(dir, "look.db");
	int ask[2], answer[2], status;
	struct between b = {0};
	struct db_verify v;
	uint32_t old;
	char sql[256], c;
	pid_t pid;
	db *d = tu_create(path);

	snprintf(sql, sizeof sql,
	         "CREATE TABLE mark (k INTEGER PRIMARY KEY, v BLOB);"
	         "CREATE TABLE saved (k INTEGER PRIMARY KEY, v TEXT);"
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
	         " INSERT INTO mark SELECT i, randomblob(1000) FROM n",
	         MB * 1000);
	tu_exec(d, sql);
	if (db_add_user(d, LEAVER, "a passphrase to forget", DB_KDF_INTERACTIVE, 0) != 0)
		tap_bail("add user: %s", db_errmsg(d));
	old = db_keyring(d)->h.epoch;
	db_close(d);
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
	b.ask = ask[1];
	b.answer = answer[0];
	if (tu_pipe_read(b.answer, &c, 1) != 0)
		tap_bail("the saving process did not open the file");
	d = tu_open(path);
	db_set_progress(d, on_step, &b);
	ok(db_remove_user(d, LEAVER) == 0, "a user is removed from a %ld MiB file: %s",
	   tu_file_size(path) >> 20, db_errmsg(d));
	db_set_progress(d, NULL, NULL);
	close(b.ask);
	waitpid(pid, &status, 0);
	ok(b.checks >= 1, "  the look for pages left under the old key took %d steps, "
	   "not one look at the whole file", b.checks + 1);
	if (!ok(b.last == b.total && b.total > 0, "  and reached every page"))
		tap_diag("  the last step reported %llu of %llu pages", (unsigned long long)b.last,
		         (unsigned long long)b.total);
	is_int(b.failed, 0, "  no save between those steps failed");
	is_int(b.saved, b.checks, "  another process saved between each two of them");
	ok(db_verify(d, &v) == 0 && v.failed == 0 && v.in_write_epoch == v.pages,
	   "  every page is under the new key, those saves' included");
	is_int(tu_pages_in_epoch(path, old), 0, "  and none on the disk names the old key");
	is_int(tu_int(d, "SELECT count(*) FROM saved"), b.saved, "  every save is in the file");
	db_close(d);
}

/* A session open before another changed the header learns of it when it
 * next takes its turn to write, not only when a page tells it. */
static void
test_writer_follows(const char *dir)
{
	const char *path = tu_path(dir, "follow.db");
	int ready[2], go[2], status;
	char c;
	pid_t pid;
	db *d = tu_create(path);

	tu_exec(d, "CREATE TABLE saved (k INTEGER PRIMARY KEY, v TEXT)");
	db_close(d); /* a process holds one connection to a file */
	if (pipe(ready) != 0 || pipe(go) != 0)
		tap_bail("pipe");
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		db *other = tu_open(path);
		int knew = db_has_user(other, NEWCOMER), began, knows, saved;

		tu_pipe_write(ready[1], "r", 1);
		if (tu_pipe_read(go[0], &c, 1) != 0)
			_exit(9);
		began = db_begin_write(other) == 0;
		knows = began && db_has_user(other, NEWCOMER);
		saved = began && db_exec(other, "INSERT INTO saved (v) VALUES ('after')") == 0 &&
		        db_commit(other) == 0;
		db_close(other);
		_exit(knew | !began << 1 | !knows << 2 | !saved << 3);
	}
	close(ready[1]);
	if (tu_pipe_read(ready[0], &c, 1) != 0)
		tap_bail("the second session did not open");
	d = tu_open(path);
	if (db_add_user(d, NEWCOMER, "a passphrase for the newcomer", DB_KDF_INTERACTIVE, 1) != 0)
		tap_bail("add user: %s", db_errmsg(d));
	tu_pipe_write(go[1], "g", 1);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 15)
		tap_bail("the second session ended badly");
	status = WEXITSTATUS(status);
	ok(!(status & 1), "a second session is opened, before a user is added in the first");
	ok(!(status & 2), "  it begins a write after the change");
	ok(!(status & 4), "  holding the new header: it knows the new user");
	ok(!(status & 8), "  and its save goes through");
	is_int(tu_int(d, "SELECT count(*) FROM saved"), 1, "  which the first session reads");
	db_close(d);
}

int
main(void)
{
	const char *dir = tu_tmpdir();

	if (db_init() != 0)
		tap_bail("db_init");
	test_writer_follows(dir);
	test_look_in_steps(dir);
	return tap_done();
}
