/* SPDX-License-Identifier: ISC */
/*
 * unit_backup.c - a backup taken while people save records restores.
 *
 * Three writer processes, each with its own connection, commit in a loop:
 * one transaction puts a row in each of two tables and an audit row, as a
 * save does.  Each notes in memory shared with the parent when it began a
 * commit and when the commit was acknowledged.  In the middle of the run
 * the parent backs the file up, once without a key and once with one.
 * Each backup is then opened (the restore) and must hold every commit
 * acknowledged before the backup began, no commit begun after it ended,
 * each writer's commits as an unbroken run from its first (a snapshot,
 * not a mix of moments), both tables of every transaction or neither,
 * a whole structure and an audit chain that verifies.
 *
 * Then what a backup must catch or refuse: a copy with a changed byte or
 * cut short fails its check; a source whose page was altered is copied
 * without a key (that cannot see pages) but refused with one; a damaged
 * header, a file that is no Passage database and an unfinished change a
 * crash left (a hot journal) are refused without a key, and with a key
 * the change is rolled back first.  Every refusal leaves nothing at the
 * destination and the source as it was.
 */
#include "audit.h"
#include "backup.h"
#include "db.h"
#include "sqldb.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROCS 3
#define COMMITS 150
#define PAUSE_US 1000
#define PAD_MIB 16 /* so that a copy takes long enough to meet commits */

/* What the writers and the parent share (MAP_SHARED, made before fork). */
struct board {
	double began[PROCS][COMMITS]; /* 0: not begun */
	double acked[PROCS][COMMITS]; /* 0: not acknowledged */
	int done[PROCS];
	char err[PROCS][DB_ERR_MAX + 64];
};

static struct board *B;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct save {
	int proc, seq;
};

static int
save_one(struct session *s, void *arg)
{
	const struct save *v = arg;
	char sql[160];

	snprintf(sql, sizeof sql, "INSERT INTO t (proc, seq) VALUES (%d, %d);"
	         "INSERT INTO u (proc, seq) VALUES (%d, %d)", v->proc, v->seq, v->proc, v->seq);
	if (db_exec(s->db, sql) != 0)
		return -1;
	return audit_log(s, "test_save", "t", v->seq, 0, NULL);
}

static void
writer(const char *path, int proc)
{
	struct session s;
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0 ||
	    login_as(&s, d, TU_ADMIN) != 0) {
		snprintf(B->err[proc], sizeof B->err[proc], "open: %s", err);
		_exit(1);
	}
	for (int seq = 0; seq < COMMITS; seq++) {
		struct save v = {proc + 1, seq};
		int tries = 0;

		B->began[proc][seq] = now();
		while (session_write(&s, save_one, &v) != 0) {
			if (!strstr(s.err, "busy") || ++tries > 20) {
				snprintf(B->err[proc], sizeof B->err[proc], "commit %d: %s", seq, s.err);
				_exit(1);
			}
		}
		B->acked[proc][seq] = now();
		usleep(PAUSE_US);
	}
	B->done[proc] = 1;
	db_close(d);
	_exit(0);
}

static void
make_source(const char *path)
{
	db *d = tu_create(path);

	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('" TU_ADMIN "', 'Admin', 'admin', 1, 1)");
	tu_exec(d, "CREATE TABLE t (proc INTEGER NOT NULL, seq INTEGER NOT NULL) STRICT;"
	           "CREATE TABLE u (proc INTEGER NOT NULL, seq INTEGER NOT NULL) STRICT;"
	           "CREATE TABLE pad (b BLOB) STRICT");
	for (int i = 0; i < PAD_MIB; i++)
		tu_exec(d, "INSERT INTO pad VALUES (randomblob(1048576))");
	db_close(d);
}

/* How many commits of proc were acknowledged before t; and begun before. */
static int
acked_before(int proc, double t)
{
	int n = 0;

	while (n < COMMITS && B->acked[proc][n] != 0 && B->acked[proc][n] < t)
		n++;
	return n;
}

static int
begun_before(int proc, double t)
{
	int n = 0;

	while (n < COMMITS && B->began[proc][n] != 0 && B->began[proc][n] < t)
		n++;
	return n;
}

/* The restore: open the copy and hold it against the board. */
static void
check_restore(const char *copy, const char *what, double t0, double t1)
{
	char err[DB_ERR_MAX], sql[200], aerr[DB_ERR_MAX];
	struct db_verify v;
	int64_t rows, bad;
	int in_window = 0;
	db *c;

	if (!ok(db_open(copy, TU_ADMIN, TU_PASS, NULL, &c, err, sizeof err) == 0,
	        "%s: the copy opens with the same name and passphrase", what)) {
		tap_diag("  %s", err);
		return;
	}
	for (int p = 0; p < PROCS; p++) {
		int lo = acked_before(p, t0), hi = begun_before(p, t1);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE proc = %d", p + 1);
		long long n = tu_int(c, sql);
		snprintf(sql, sizeof sql, "SELECT coalesce(max(seq), -1) FROM t WHERE proc = %d", p + 1);
		long long top = tu_int(c, sql);
		if (!ok(n >= lo && n <= hi && top == n - 1,
		        "%s: writer %d's commits 0..%lld, every one acknowledged before the backup "
		        "and none begun after it", what, p + 1, n - 1))
			tap_diag("  %lld rows, highest %lld; acknowledged before %d, begun before end %d",
			         n, top, lo, hi);
		in_window += n > lo;
	}
	is_int(tu_int(c, "SELECT count(*) FROM (SELECT proc, seq FROM t EXCEPT "
	                 "SELECT proc, seq FROM u)") +
	           tu_int(c, "SELECT count(*) FROM (SELECT proc, seq FROM u EXCEPT "
	                     "SELECT proc, seq FROM t)"),
	       0, "both tables of every transaction, or neither");
	is_int(tu_int(c, "SELECT count(*) FROM audit WHERE action = 'test_save'"),
	       tu_int(c, "SELECT count(*) FROM t"), "an audit row for every save, no more");
	if (!ok(db_verify(c, &v) == 0, "%s: every page authentic, integrity_check ok", what))
		tap_diag("  %s", db_errmsg(c));
	if (!ok(audit_verify(c, &rows, &bad, aerr, sizeof aerr) == 0,
	        "%s: the audit chain verifies", what))
		tap_diag("  %s", aerr);
	tap_diag("%s: %lld audit rows; %d of %d writers had commits between acknowledged-before "
	         "and begun-after", what, (long long)rows, in_window, PROCS);
	db_close(c);
}

static void
backup_during_run(const char *src, const char *dir)
{
	pid_t pid[PROCS];
	char copy1[600], copy2[600];
	struct backup_options o = {0};
	struct backup_result r;
	struct session s;
	char err[DB_ERR_MAX + 256];
	double t0, t1, t2, t3;
	int status;
	db *d;

	snprintf(copy1, sizeof copy1, "%s/keyless.db", dir);
	snprintf(copy2, sizeof copy2, "%s/keyed.db", dir);
	B = mmap(NULL, sizeof *B, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (B == MAP_FAILED)
		tap_bail("mmap");
	memset(B, 0, sizeof *B);
	fflush(stdout);
	for (int i = 0; i < PROCS; i++) {
		if ((pid[i] = fork()) < 0)
			tap_bail("fork");
		if (pid[i] == 0)
			writer(src, i);
	}
	/* A quarter of the way in, with no connection of the parent's open
	 * across the fork. */
	for (;;) {
		int n = 0;
		for (int i = 0; i < PROCS; i++)
			n += acked_before(i, 1e18);
		if (n >= PROCS * COMMITS / 4 || B->err[0][0])
			break;
		usleep(1000);
	}
	t0 = now();
	if (!ok(backup_write(src, copy1, &o, &r, err, sizeof err) == 0,
	        "a backup without a key while three writers commit"))
		tap_diag("  %s", err);
	t1 = now();
	tap_diag("keyless: %.1f MiB, writers held off %.1f ms, %.1f ms in all, %u pages that "
	         "changed during the copy copied again", r.bytes / 1048576.0,
	         r.lock_seconds * 1e3, r.seconds * 1e3, r.recopied);
	d = tu_open(src);
	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("session: %s", s.err);
	o.s = &s;
	o.pass = TU_PASS;
	t2 = now();
	if (!ok(backup_write(src, copy2, &o, &r, err, sizeof err) == 0 && r.authenticated,
	        "a backup with a key while they go on"))
		tap_diag("  %s", err);
	t3 = now();
	tap_diag("with a key: writers held off %.1f ms, %.1f ms in all, %u pages copied again",
	         r.lock_seconds * 1e3, r.seconds * 1e3, r.recopied);
	db_close(d);
	for (int i = 0; i < PROCS; i++) {
		if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0 || !B->done[i])
			tap_diag("writer %d: %s", i + 1, B->err[i]);
		ok(B->done[i], "writer %d committed all %d", i + 1, COMMITS);
	}
	int during = 0, left = 0;
	for (int i = 0; i < PROCS; i++) {
		during += acked_before(i, t3) - acked_before(i, t0);
		left += COMMITS - acked_before(i, t0);
	}
	if (!ok(during > 0 && left > 0, "the backups ran while the writers were committing"))
		tap_diag("  %d commits during the backups, %d left after the first began", during,
		         left);
	check_restore(copy1, "keyless", t0, t1);
	check_restore(copy2, "with a key", t2, t3);
	d = tu_open(src);
	is_int(tu_int(d, "SELECT count(*) FROM audit WHERE action = 'backup'"), 1,
	       "the backup with a key is in the source's audit log");
	db_close(d);
	munmap(B, sizeof *B);
}

/* ---------------------------------------------------------------- refusals */

static void
digest(const char *path, uint8_t out[32])
{
	long n = tu_file_size(path);
	uint8_t *buf = malloc((size_t)(n > 0 ? n : 1));

	if (!buf || n < 0 || tu_read_at(path, 0, buf, (size_t)n) != 0)
		tap_bail("read %s", path);
	crypto_generichash(out, 32, buf, (size_t)n, NULL, 0);
	free(buf);
}

/* A new file holding n bytes of buf. */
static void
put_file(const char *path, const void *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		tap_bail("write %s", path);
}

static int
keyless(const char *src, const char *dest, char *err, size_t n)
{
	struct backup_options o = {0};
	struct backup_result r;

	return backup_write(src, dest, &o, &r, err, n);
}

static int
keyed(const char *src, const char *dest, char *err, size_t n)
{
	struct backup_options o = {0};
	struct backup_result r;
	struct session s;
	db *d = tu_open(src);
	int rc;

	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("session: %s", s.err);
	o.s = &s;
	o.pass = TU_PASS;
	rc = backup_write(src, dest, &o, &r, err, n);
	db_close(d);
	return rc;
}

/* A refusal: the sentence, nothing at dest and no stray file beside it,
 * the source byte for byte as it was. */
/* The source's backup rows before a refusal with a key (which records
 * the login, so the file changes, but never the backup). */
static long long backups_before;

static long long
backups_in(const char *src)
{
	db *d = tu_open(src);
	long long n = tu_int(d, "SELECT count(*) FROM audit WHERE action = 'backup'");

	db_close(d);
	return n;
}

static void
refused(int rc, const char *err, const char *want, const char *src, const uint8_t before[32],
        const char *dest, const char *dir, int files, const char *what)
{
	uint8_t after[32];

	if (!ok(rc != 0 && strstr(err, want) && strstr(err, "nothing was written"), "%s", what))
		tap_diag("  rc %d: '%s', want '%s'", rc, err, want);
	ok(access(dest, F_OK) != 0 && tu_count_files(dir) == files,
	   "  and nothing is left at the destination or beside it");
	if (!before) {
		is_int(backups_in(src), backups_before, "  and no backup is in its audit log");
		return;
	}
	digest(src, after);
	ok(memcmp(before, after, 32) == 0, "  and the source is as it was");
}

/* The file as if nobody had written it for a minute (its modification
 * time, which a backup's fast path wants older than its clock's tick). */
static void
age(const char *path)
{
	struct timespec t[2];

	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= 60;
	t[1] = t[0];
	if (utimensat(AT_FDCWD, path, t, 0) != 0)
		tap_bail("utimensat %s", path);
}

struct spill {
	const char *src;
	db *w;
	int calls;
};

/* After the first chunk, a transaction spills changed pages into the file
 * and stays open; a few chunks later it rolls back.  Page 1 and the size
 * never change, but the pages the copy read in between held a change that
 * never happened.  Only a rollback journal spills into the file (the
 * write-ahead log spills into the log), so the writer asks for one, as a
 * file left by an older Passage would have. */
static void
spill_mid_copy(void *ctx, uint64_t done, uint64_t total)
{
	struct spill *p = ctx;

	(void)done;
	(void)total;
	if (++p->calls == 1) {
		p->w = tu_open_opts(p->src, &(struct db_options){.rollback = 1});
		tu_exec(p->w, "PRAGMA cache_size = 5; BEGIN; UPDATE spill SET v = 1");
	} else if (p->calls == 4 && p->w) {
		tu_exec(p->w, "ROLLBACK");
		db_close(p->w);
		p->w = NULL;
	}
}

/* Saves one setting through a connection of its own: a commit. */
static void
commit_setting(const char *src, const char *value)
{
	char sql[200];
	db *w = tu_open(src);

	snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO setting (key, value) VALUES "
	         "('backup.test', '%s')", value);
	tu_exec(w, sql);
	db_close(w);
}

struct mid_copy {
	const char *src;
	int saved;
};

/* Called as the first pass copies: one save, the first time only. */
static void
save_mid_copy(void *ctx, uint64_t done, uint64_t total)
{
	struct mid_copy *m = ctx;

	(void)done;
	(void)total;
	if (!m->saved++)
		commit_setting(m->src, "saved mid-copy");
}

/*
 * On a quiet file the first pass is the copy: page 1 (where every commit
 * changes SQLite's counter, under a fresh nonce) is as it was, so nothing
 * is compared under the lock.  One save during the first pass, and every
 * byte is compared and the save is in the copy.
 */
static void
quiet_and_one_save(const char *src, const char *dir)
{
	struct backup_options o = {0};
	struct backup_result r;
	struct mid_copy m = {src, 0};
	char quiet[600], busy[600], err[DB_ERR_MAX + 256];
	db *c;

	snprintf(quiet, sizeof quiet, "%s/quiet.db", dir);
	snprintf(busy, sizeof busy, "%s/busy.db", dir);
	commit_setting(src, "before");
	memset(&r, 0, sizeof r);
	ok(backup_write(src, quiet, &o, &r, err, sizeof err) == 0 && r.compared == 1,
	   "a file saved a moment ago is compared under the lock all the same");
	remove(quiet);
	age(src);
	memset(&r, 0, sizeof r);
	if (!ok(backup_write(src, quiet, &o, &r, err, sizeof err) == 0, "a backup of a quiet file"))
		tap_diag("  %s", err);
	is_int(r.compared, 0, "  needs no comparing under the lock");
	c = tu_open(quiet);
	ok(tu_int(c, "SELECT value = 'before' FROM setting WHERE key = 'backup.test'") == 1,
	   "  and holds the last save");
	db_close(c);

	age(src);
	o.progress = save_mid_copy;
	o.ctx = &m;
	memset(&r, 0, sizeof r);
	if (!ok(backup_write(src, busy, &o, &r, err, sizeof err) == 0,
	        "a backup with a save in the middle of its first pass"))
		tap_diag("  %s", err);
	ok(m.saved > 0, "  the save was made while the file was being copied");
	is_int(r.compared, 1, "  is compared byte for byte under the lock");
	ok(r.recopied > 0, "  and what the save changed is copied again (%u pages)", r.recopied);
	c = tu_open(busy);
	ok(tu_int(c, "SELECT value = 'saved mid-copy' FROM setting WHERE key = 'backup.test'") ==
	   1, "  so the copy holds the save");
	db_close(c);
}

/* A transaction that spilled pages and rolled back during the first pass
 * leaves page 1 as it was; the copy must not keep what it spilled. */
static void
spill_rolled_back(const char *dir)
{
	struct backup_options o = {0};
	struct backup_result r;
	struct spill p;
	char src[600], copy[600], err[DB_ERR_MAX + 256];
	db *c;

	snprintf(src, sizeof src, "%s/spill.db", dir);
	snprintf(copy, sizeof copy, "%s/spill-copy.db", dir);
	c = tu_create(src);
	tu_exec(c, "CREATE TABLE spill (v INTEGER NOT NULL, b BLOB); WITH RECURSIVE n(i) AS "
	           "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO spill "
	           "SELECT 0, randomblob(1500) FROM n");
	db_close(c);
	age(src);
	memset(&p, 0, sizeof p);
	p.src = src;
	o.progress = spill_mid_copy;
	o.ctx = &p;
	memset(&r, 0, sizeof r);
	if (!ok(backup_write(src, copy, &o, &r, err, sizeof err) == 0,
	        "a backup while a transaction spills pages and then rolls back"))
		tap_diag("  %s", err);
	ok(p.calls >= 4 && !p.w, "  the transaction spilled and rolled back during the copy");
	is_int(r.compared, 1, "  the file's times show it: compared under the lock");
	c = tu_open(copy);
	is_int(tu_int(c, "SELECT count(*) FROM spill WHERE v = 1"), 0,
	       "  and the copy holds none of the change that never happened");
	db_close(c);
}

static void
copies_caught(const char *src, const char *dir)
{
	char copy[600], cut[600], err[DB_ERR_MAX + 256];
	struct db_verify v;
	db *c;
	long size;

	snprintf(copy, sizeof copy, "%s/good.db", dir);
	snprintf(cut, sizeof cut, "%s/cut.db", dir);
	if (keyless(src, copy, err, sizeof err) != 0)
		tap_bail("backup: %s", err);
	tu_flip_bit(copy, VAULT_HEADER_SIZE + 5L * VAULT_PAGE_SIZE + 300, 2);
	c = tu_open(copy);
	ok(db_verify(c, &v) != 0 && strstr(db_errmsg(c), "page 6 failed authentication"),
	   "a copy with one changed byte fails verify, which names the page");
	db_close(c);

	if (keyless(src, cut, err, sizeof err) != 0)
		tap_bail("backup: %s", err);
	size = tu_file_size(cut);
	if (truncate(cut, size - 3 * (long)VAULT_PAGE_SIZE) != 0)
		tap_bail("truncate");
	if (db_open(cut, TU_ADMIN, TU_PASS, NULL, &c, err, sizeof err) == 0) {
		ok(db_verify(c, &v) != 0, "a copy cut short by whole pages fails verify");
		tap_diag("  %s", db_errmsg(c));
		db_close(c);
	} else {
		ok(1, "a copy cut short by whole pages does not open (%s)", err);
	}
	if (truncate(cut, size - 3 * (long)VAULT_PAGE_SIZE - 100) != 0)
		tap_bail("truncate");
	ok(keyless(cut, tu_path(dir, "cut2.db"), err, sizeof err) != 0 &&
	   strstr(err, "is not a header and whole pages"),
	   "a copy cut inside a page is refused as a source, even without a key");
	unlink(copy);
	unlink(cut);
}

static void
sources_refused(const char *src, const char *dir)
{
	char dest[600], bad[600], journal[620], err[DB_ERR_MAX + 256];
	uint8_t before[32], junk[65536];
	int files;
	int rc;

	snprintf(dest, sizeof dest, "%s/dest.db", dir);
	snprintf(bad, sizeof bad, "%s/altered.db", dir);
	snprintf(journal, sizeof journal, "%s-journal", dest);

	/* A page altered in the source: keyless cannot see it, a key can. */
	if (tu_copy_file(src, bad) != 0)
		tap_bail("copy");
	tu_flip_bit(bad, VAULT_HEADER_SIZE + 3L * VAULT_PAGE_SIZE + 17, 0);
	ok(keyless(bad, tu_path(dir, "altered-copy.db"), err, sizeof err) == 0,
	   "an altered page is copied without a key, which cannot see pages");
	unlink(tu_path(dir, "altered-copy.db"));
	files = tu_count_files(dir);
	backups_before = backups_in(bad);
	rc = keyed(bad, dest, err, sizeof err);
	refused(rc, err, "page 4 failed authentication", bad, NULL, dest, dir, files,
	        "with a key the altered page is caught and the copy not kept");

	/* Both header copies damaged. */
	tu_flip_bit(bad, 40, 1);
	tu_flip_bit(bad, 8192 + 40, 1);
	digest(bad, before);
	rc = keyless(bad, dest, err, sizeof err);
	refused(rc, err, "header damaged", bad, before, dest, dir, files,
	        "a damaged header is refused without a key");
	unlink(bad);
	files = tu_count_files(dir);

	/* Not a Passage file: random bytes, and a short text file. */
	randombytes_buf(junk, sizeof junk);
	put_file(bad, junk, sizeof junk);
	files = tu_count_files(dir);
	digest(bad, before);
	rc = keyless(bad, dest, err, sizeof err);
	refused(rc, err, "is not a Passage database", bad, before, dest, dir, files,
	        "a file of random bytes is not a Passage database");
	unlink(bad);
	put_file(bad, "hello\n", 6);
	digest(bad, before);
	rc = keyless(bad, dest, err, sizeof err);
	refused(rc, err, "is not a Passage database", bad, before, dest, dir, files,
	        "nor is a short text file");
	unlink(bad);
	files = tu_count_files(dir);

	/* Where it would go. */
	digest(src, before);
	rc = keyless(src, tu_path(dir, "no/such/folder.db"), err, sizeof err);
	refused(rc, err, "the folder does not exist", src, before, tu_path(dir, "no"), dir, files,
	        "a folder that does not exist");
	rc = keyless(src, src, err, sizeof err);
	refused(rc, err, "is the database itself", src, before, tu_path(dir, "none.db"), dir,
	        files, "the source itself is never the destination");
	rc = keyless(src, dir, err, sizeof err);
	refused(rc, err, "that is a folder", src, before, tu_path(dir, "none.db"), dir, files,
	        "a folder is not a file name");
	put_file(dest, "keep me\n", 8);
	files = tu_count_files(dir);
	rc = keyless(src, dest, err, sizeof err);
	ok(rc != 0 && strstr(err, "give --force") && tu_file_size(dest) == 8,
	   "an existing destination is kept without --force");
	put_file(journal, "stale\n", 6);
	{
		struct backup_options o = {.force = 1};
		struct backup_result r;
		rc = backup_write(src, dest, &o, &r, err, sizeof err);
	}
	ok(rc != 0 && strstr(err, "dest.db-journal exists") && tu_file_size(dest) == 8,
	   "a journal beside the destination is refused, even with --force");
	unlink(journal);
	{
		struct backup_options o = {.force = 1};
		struct backup_result r;
		ok(backup_write(src, dest, &o, &r, err, sizeof err) == 0 &&
		   tu_file_size(dest) == tu_file_size(src), "--force replaces it");
	}
	unlink(dest);
}

/* A writer that spills a big change into the file and dies before
 * COMMIT leaves what a crash leaves: a hot journal.  It keeps a rollback
 * journal (db_options.rollback), as an older Passage did. */
static void
leave_hot_journal(const char *src)
{
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		db *d = tu_open_opts(src, &(struct db_options){.rollback = 1});
		tu_exec(d, "PRAGMA cache_size=10; BEGIN IMMEDIATE;"
		           "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c"
		           " WHERE i < 2000) INSERT INTO t SELECT 99, i FROM c;"
		           "DELETE FROM pad WHERE rowid = 1");
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tap_bail("the dying writer did not run");
}

static void
hot_journal(const char *src, const char *dir)
{
	char dest[600], err[DB_ERR_MAX + 256], journal[620];
	uint8_t before[32];
	int files, rc;
	db *d;

	snprintf(dest, sizeof dest, "%s/hot.db", dir);
	snprintf(journal, sizeof journal, "%s-journal", src);
	leave_hot_journal(src);
	if (!ok(access(journal, F_OK) == 0, "a writer died in the middle of a change"))
		return;
	files = tu_count_files(dir);
	digest(src, before);
	rc = keyless(src, dest, err, sizeof err);
	refused(rc, err, "unfinished change", src, before, dest, dir, files,
	        "without a key, a file with a hot journal is refused");
	ok(access(journal, F_OK) == 0, "  and its journal is left for the next unlock");
	ok(keyed(src, dest, err, sizeof err) == 0, "with a key it is rolled back and backed up");
	d = tu_open(dest);
	is_int(tu_int(d, "SELECT count(*) FROM t WHERE proc = 99"), 0,
	       "the copy holds nothing of the change that never committed");
	is_int(tu_int(d, "SELECT count(*) FROM pad"), PAD_MIB, "and all that was there before it");
	db_close(d);
	unlink(dest);
}

int
main(void)
{
	char *dir = strdup(tu_tmpdir());
	char *keep = strdup(tu_path(dir, "live.db"));

	if (db_init() != 0)
		tap_bail("db_init");
	make_source(keep);
	backup_during_run(keep, dir);
	copies_caught(keep, dir);
	quiet_and_one_save(keep, dir);
	spill_rolled_back(dir);
	sources_refused(keep, dir);
	hot_journal(keep, dir);
	free(keep);
	free(dir);
	return tap_done();
}
