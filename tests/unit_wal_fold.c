/* SPDX-License-Identifier: ISC */
/*
 * unit_wal_fold.c - a write-ahead log changed after a fold had copied
 * some of it into the file.
 *
 * Once a fold has copied frames into the file, the file holds pages of
 * those commits; were one of those frames changed after a crash, SQLite
 * would play back the commits before it over a file holding the ones
 * after it.  Every case here must give the whole committed state, a clean
 * earlier one, or a refusal that names the log -- never a mix:
 * - a fold that no reader holds back empties the log, leaving nothing
 *   to change;
 * - a fold that a long read keeps from emptying it is marked in the
 *   header, so a change to a copied frame is refused at the next open,
 *   and a log taken away whole leaves the state the fold copied;
 * - a fold killed part way through its copy can be finished only by the
 *   log it was copying: without it, or with it changed, the file is
 *   refused; with it, whole;
 * - a fold killed after its copy, before its mark said so, is settled
 *   by the next writer before that writer's commit starts a new log,
 *   and a keyless backup does not copy the file alone until then.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup_log.h"
#include "keyring.h"
#include "tap.h"
#include "turn.h"
#include "util.h"
#include "vault.h"

#define FRAME (24 + 4096)
#define COPY 8192 /* one header copy */
#define DIED 9     /* the exit of a process its watch ended */

static struct db_options wal; /* the default: a write-ahead log */

/* A new file with two empty tables, a and b. */
static void
two_tables(const char *path)
{
	db *d = tu_create_opts(path, &wal);

	tu_exec(d, "CREATE TABLE a (x)");
	tu_exec(d, "CREATE TABLE b (y)");
	db_close(d);
}

/* The rows of a and b in the file at path, and a word from verify when
 * it is not whole; -1 each when the open is refused, its sentence in err. */
static void
count_ab(const char *path, long long *na, long long *nb, char *err, size_t n)
{
	struct db_verify v;
	db *d;

	*na = *nb = -1;
	if (db_open(path, TU_ADMIN, TU_PASS, &wal, &d, err, n) != 0) {
		tap_diag("refused: %s", err);
		return;
	}
	*na = tu_int(d, "SELECT count(*) FROM a");
	*nb = tu_int(d, "SELECT count(*) FROM b");
	if (db_verify(d, &v) != 0)
		tap_diag("verify: %s", db_errmsg(d));
	db_close(d);
}

/* A process that saves each change of sql (up to NULL), then, when fold
 * is 1, folds the log as a keyless backup asks it to, with the watch w on
 * its page writes (NULL: none), and dies without closing.  r, if not NULL, begins
 * its read after the saves and before the fold.  The process's exit code
 * (0 after the fold; a watch may end it early with its own), or -1. */
static int
saves_and_dies(const char *path, const char *const sql[], int fold, struct vault_watch *w,
               struct tu_reader *r)
{
	int to[2], from[2], status, want;
	pid_t pid;
	char c;

	if (pipe(to) != 0 || pipe(from) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		db *d = tu_open_opts(path, &wal);
		for (int i = 0; sql[i]; i++)
			if (tu_save(d, sql[i]) != 0)
				_exit(1);
		tu_pipe_write(from[1], "C", 1);
		tu_pipe_read(to[0], &c, 1);
		if (w)
			sqlite3_file_control(db_sql(d), "main", VAULT_FCNTL_WATCH, w);
		if (fold)
			db_idle(d); /* a keyless backup waits: fold */
		_exit(0);   /* and the machine stops */
	}
	tu_pipe_read(from[0], &c, 1);
	if (r)
		tu_reader_begin(r);
	want = turn_open(path);
	turn_want(want);
	tu_pipe_write(to[1], "F", 1);
	waitpid(pid, &status, 0);
	turn_unwant(want);
	close(want);
	close(to[0]);
	close(to[1]);
	close(from[0]);
	close(from[1]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A process that commits a small change and then one long enough to be
 * folded into the file, and dies without closing. */
static void
crash_after_fold(const char *path)
{
	const char *const sql[] = {
	    "INSERT INTO a VALUES ('one')",
	    "INSERT INTO a VALUES ('two'); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 1100) INSERT INTO b SELECT randomblob(3900) FROM n",
	    NULL};

	if (saves_and_dies(path, sql, 0, NULL, NULL) != 0)
		tap_bail("the writer failed");
}

/* Frames already folded into the file must not come back from the log:
 * a fold that no reader holds back empties it, so that after a crash
 * nothing of it is left to change, and the file alone is whole. */
static void
folded_then_crashed(void)
{
	const char *path = tu_path(tu_tmpdir(), "folded.db");
	char err[DB_ERR_MAX];
	long long na, nb;

	two_tables(path);
	crash_after_fold(path);
	is_int(tu_file_size(tu_with(path, "-wal")), 0,
	       "a fold no reader held back emptied the log before the crash");
	count_ab(tu_log_copy(path, "folded-copy.db", -1), &na, &nb, err, sizeof err);
	ok(na == 2 && nb == 1100, "  and the file holds both commits (%lld and %lld rows)", na, nb);
}

/* Frames in the log at path, from its length. */
static long
log_frames(const char *path)
{
	long n = (tu_file_size(tu_with(path, "-wal")) - 32) / FRAME;

	return n > 0 ? n : 0;
}

/* A fold that a long read keeps from emptying the log: then a crash, and
 * a hand changes the last frame, which the fold had already copied into
 * the file.  Left to itself, SQLite would play back the commit before it
 * over a file that holds the one after it ("1 and 1 rows"); the fold's
 * mark has the open refused instead. */
static void
folded_under_a_read_then_changed(void)
{
	const char *path = tu_path(tu_tmpdir(), "held.db");
	const char *const sql[] = {"INSERT INTO a VALUES ('one')",
	                           "INSERT INTO a VALUES ('two'); INSERT INTO b VALUES ('two')", NULL};
	struct tu_reader r;
	int status;
	long frames;

	two_tables(path);
	tu_reader_start(&r, path);
	/* the reader reads both commits: the fold cannot empty the log */
	status = saves_and_dies(path, sql, 1, NULL, &r);
	tu_reader_kill(&r);
	frames = log_frames(path);
	ok(status == 0 && frames >= 2,
	   "a fold under a long read left the log whole (%ld frames)", frames);
	{
		char err[DB_ERR_MAX] = "";
		long long na, nb;
		count_ab(tu_log_copy(path, "held-changed.db", 32 + (frames - 1) * FRAME + 16), &na,
		         &nb, err, sizeof err);
		ok((na == 2 && nb == 1) || (na == 1 && nb == 0) || (na == 0 && nb == 0) ||
		   (na < 0 && strstr(err, "write-ahead log")),
		   "its last frame changed after the crash: whole, earlier, or refused naming "
		   "the log (%lld and %lld rows)", na, nb);
	}
}


/* The same file without its log, as if someone had deleted it. */
static const char *
without_log(const char *src, const char *name)
{
	const char *dst = tu_path(tu_tmpdir(), name);

	if (tu_copy_file(src, dst) != 0)
		tap_bail("copy");
	unlink(tu_with(dst, "-wal"));
	unlink(tu_with(dst, "-shm"));
	return dst;
}

static void
die_at(void *ctx, uint32_t done, uint32_t total)
{
	(void)ctx;
	(void)total;
	if (done >= 40)
		_exit(DIED);
}

/* A fold killed part way through its copy: one process commits 300
 * pages, and then, as a keyless backup asks it to, folds them, and dies
 * after 40 of them are in the file. */
static void
killed_mid_copy(const char *path)
{
	const char *const sql[] = {"INSERT INTO a VALUES ('one'); WITH RECURSIVE n(i) AS (SELECT 1 "
	                           "UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
	                           "INSERT INTO b SELECT randomblob(3900) FROM n",
	                           NULL};
	struct vault_watch w = {.fn = die_at, .every = 1};
	int status = saves_and_dies(path, sql, 1, &w, NULL);

	if (status != DIED)
		tap_bail("the folding process did not die part way (%d)", status);
}

static void
fold_killed_part_way(void)
{
	const char *path = tu_path(tu_tmpdir(), "part.db");
	char err[DB_ERR_MAX];
	long long na, nb;
	long frames;

	two_tables(path);
	killed_mid_copy(path);
	frames = log_frames(path);
	ok(frames >= 300, "a fold killed part way left its log whole (%ld frames)", frames);

	count_ab(tu_log_copy(path, "part-whole.db", -1), &na, &nb, err, sizeof err);
	ok(na == 1 && nb == 300, "with its log as it was, the next open finishes it: every row "
	   "(%lld and %lld)", na, nb);

	err[0] = 0;
	count_ab(without_log(path, "part-nolog.db"), &na, &nb, err, sizeof err);
	ok(na < 0 && strstr(err, "part-nolog.db-wal") && strstr(err, "backup"),
	   "without its log, the file is refused, naming the log (%lld and %lld rows)", na, nb);

	err[0] = 0;
	count_ab(tu_log_copy(path, "part-last.db", 32 + (frames - 1) * FRAME + 16), &na, &nb, err,
	         sizeof err);
	ok(na < 0 && strstr(err, "write-ahead log"),
	   "with its last frame changed, refused (%lld and %lld rows)", na, nb);

	err[0] = 0;
	count_ab(tu_log_copy(path, "part-salt.db", 16), &na, &nb, err, sizeof err);
	ok(na < 0 && strstr(err, "write-ahead log"),
	   "with its header's salt changed, refused (%lld and %lld rows)", na, nb);
}

/* The header as it is on the disk, saved to the file at ctx: called as
 * a fold writes its first page into the file, after its COPYING mark. */
static void
save_header(void *ctx, uint32_t done, uint32_t total)
{
	const char *to = ctx;
	uint8_t h[2 * COPY];
	FILE *f;

	(void)total;
	if (done != 1 || tu_read_at(to, 0, h, sizeof h) != 0)
		return;
	if ((f = fopen(tu_with(to, ".hdr"), "wb"))) {
		fwrite(h, 1, sizeof h, f);
		fclose(f);
	}
}

/* The fold mark of the header at path, as Passage reads it (the newest
 * copy that passes its checks). */
static int
mark_of(const char *path)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	struct kr_header *h = malloc(sizeof *h);
	int state;

	if (!buf || !h || keyring_read_file(path, buf) != KR_OK || keyring_parse(buf, h) != KR_OK)
		tap_bail("read the header");
	state = h->fold.state;
	free(buf);
	free(h);
	return state;
}

/* A fold that copied everything under a long read, and was killed before
 * its RESTING mark: made here by putting back, after a whole fold, the
 * header as it was while the fold copied.  The next writer's commit
 * starts a new log; unless the mark is settled first, the file is then
 * refused at the next open as if the log had been taken away. */
static void
fold_killed_after_copy(void)
{
	const char *path = tu_path(tu_tmpdir(), "settle.db");
	struct vault_watch w = {.fn = save_header, .ctx = (void *)path, .every = 1};
	uint8_t saved[2 * COPY];
	struct tu_reader r;
	char err[DB_ERR_MAX];
	long long na, nb;
	int status;

	two_tables(path);
	tu_reader_start(&r, path);
	/* the reader at the newest commit: the fold copies all, cannot empty */
	status = saves_and_dies(path, (const char *const[]){"INSERT INTO a VALUES ('one')", NULL}, 1,
	                        &w, &r);
	ok(status == 0 && mark_of(path) == 1 && log_frames(path) > 0,
	   "a fold under a long read copied the log, marked it so, and left it");
	if (tu_read_at(tu_with(path, ".hdr"), 0, saved, sizeof saved) != 0)
		tap_bail("the header was not saved during the fold");
	tu_write_at(path, 0, saved, sizeof saved);
	ok(mark_of(path) == 2, "  made to look killed before its last mark");
	{
		/* Every frame is in the file, but the file alone would be
		 * refused until a session marks the fold done. */
		struct backup_log bl;
		char berr[DB_ERR_MAX + 256] = "";
		int brc = backup_log_hold(&bl, NULL, path, "settle.db", 300, berr, sizeof berr);
		backup_log_close(&bl);
		ok(brc != 0 && strstr(berr, "nothing was written"),
		   "  a keyless backup does not copy the file alone then");
	}
	tu_reader_end(&r);

	/* The next writer, while the reader's session keeps the log's index
	 * alive: its commit starts a new log.  Then everyone dies. */
	status = saves_and_dies(path, (const char *const[]){"INSERT INTO a VALUES ('two')", NULL}, 0,
	                        NULL, NULL);
	tu_reader_kill(&r);
	ok(status == 0, "the next writer saved");
	count_ab(path, &na, &nb, err, sizeof err);
	ok(na == 2 && nb == 0, "and the file opens after the crash with both saves "
	   "(%lld and %lld rows)", na, nb);
}

/* After a fold under a long read, the log taken away whole: the file
 * holds the state the fold copied, a whole commit's. */
static void
resting_log_removed(void)
{
	const char *path = tu_path(tu_tmpdir(), "held.db");
	char err[DB_ERR_MAX];
	long long na, nb;

	count_ab(without_log(path, "held-nolog.db"), &na, &nb, err, sizeof err);
	ok(na == 2 && nb == 1, "the log taken away after that fold: the state it copied "
	   "(%lld and %lld rows)", na, nb);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("init");
	folded_then_crashed();
	folded_under_a_read_then_changed();
	resting_log_removed();
	fold_killed_part_way();
	fold_killed_after_copy();
	return tap_done();
}
