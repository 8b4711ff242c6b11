/* SPDX-License-Identifier: ISC */
/*
 * unit_powercut.c - power cuts, as opposed to kills: every acknowledged
 * commit must be on the disk when the power comes back.
 *
 * A writer (this program again, run with the power-cut model of
 * tests/powercut_shim.c preloaded) saves in a loop: each transaction
 * creates a person (with its audit row), adds a row of random size to a
 * table of its own, adds a row to a second table, and updates a spread of
 * older rows.  Only after the commit returns does it write the number to
 * a pipe: that is its acknowledgement.  Just before its n-th sync the
 * power goes off; the folder is rebuilt as only what was synced (contents
 * as of each file's last sync, names as of the folder's last sync), and
 * the real program opens it: `passage verify` and `passage audit verify`
 * must call it whole, and every acknowledged transaction must be there,
 * all of it.
 *
 * POWERCUT_RUNS runs (default 20), run i with seed POWERCUT_SEED + i
 * (default seed 1, so that `make check` always cuts at the same places);
 * a failing run prints its seed: POWERCUT_SEED=s POWERCUT_RUNS=1 replays
 * it.  The same program built with the weaker synchronous=FULL
 * (build/tests/powercut_full) must fail: tests/powercut_sees_full.sh.
 *
 * The writer keeps a write-ahead log, as Passage does (synchronous=FULL,
 * folded into the file once it is long).  POWERCUT_ROLLBACK=1: it keeps
 * a rollback journal instead (db_options.rollback, synchronous=EXTRA);
 * the real program, which keeps the log, then plays the journal back
 * into the file when it first opens it, and takes the file into the log.
 *
 * Then the keys (POWERCUT_KEY_RUNS runs, default 8): a writer commits,
 * removes a user with a key slot (db_remove_user, as `user disable` does:
 * the slot goes, then every page moves to a new key in short steps),
 * commits, rotates the key (db_rotate_key), and again for the next user,
 * cut just before a random sync.  It acknowledges each commit, each slot
 * once its removal's first step is under way, and each key epoch once the
 * call that retires it returns.  After the cut, before anything opens the
 * file: no retired epoch is in the header, no page is sealed under one,
 * and no removed user's passphrase opens it; then it verifies whole, the
 * admin and a remaining user open it, and every acknowledged commit is
 * there.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keyring.h"
#include "login.h"
#include "person.h"
#include "session.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

/* 2024-05-01 09:00 UTC */
#define T0 1714554000LL
/* Cut points are drawn from 1..MAX_SYNC: some forty commits. */
#define MAX_SYNC 240

static struct db_options log_opts; /* .rollback from POWERCUT_ROLLBACK */

/* ---------------------------------------------------------------- writer */

static int
one_commit(struct session *s, void *arg)
{
	int id = *(int *)arg;
	char code[32], sql[320];
	struct person p = {0};

	snprintf(code, sizeof code, "PC-%06d", id);
	p.participant_code = code;
	if (person_create(s, &p) != 0)
		return -1;
	snprintf(sql, sizeof sql,
	         "INSERT INTO c VALUES (%d, 0, hex(randomblob(%d)));"
	         "UPDATE c SET n = n + 1 WHERE id < %d AND id %% 13 = %d;"
	         "INSERT INTO e VALUES (%d, %lld);",
	         id, 50 + rand() % 3000, id, id % 13, id, (long long)p.id);
	return db_exec(s->db, sql) == 0 ? 0 : session_dbfail(s);
}

static int
writer(const char *path, unsigned seed, int ack)
{
	char err[DB_ERR_MAX];
	struct session s;
	db *d;

	srand(seed);
	log_opts.rollback = getenv("POWERCUT_ROLLBACK") && atoi(getenv("POWERCUT_ROLLBACK")) == 1;
	if (db_open(path, TU_ADMIN, TU_PASS, &log_opts, &d, err, sizeof err) != 0)
		return 3;
	memset(&s, 0, sizeof s);
	s.fixed_now = T0;
	if (login_as(&s, d, "cal") != 0)
		return 3;
	for (int id = 1; id < 100000; id++) {
		if (session_write(&s, one_commit, &id) != 0) {
			fprintf(stderr, "commit %d: %s\n", id, s.err);
			return 4;
		}
		if (write(ack, &id, sizeof id) != (ssize_t)sizeof id)
			return 5;
	}
	return 6; /* the power never went off */
}

/* ---------------------------------------------------------------- checker */

struct run {
	int acked, max_ack, rows, killed, opened, verified, audited, whole, present, beyond;
	char why[256];
};

static char shim[PATH_MAX], prog[PATH_MAX], self[PATH_MAX];
static char where[PATH_MAX];

/* The folder as the disk would have it after the cut. */
static void
rebuild(const char *dir, const char *shadow)
{
	char line[600], from[PATH_MAX], to[PATH_MAX];
	unsigned long long ino;
	FILE *names;
	char name[512];

	snprintf(from, sizeof from, "rm -f -- '%s'/*", dir);
	if (system(from) != 0)
		tap_bail("cannot empty %s", dir);
	snprintf(from, sizeof from, "%s/names", shadow);
	if (!(names = fopen(from, "r")))
		tap_bail("no synced names in %s", shadow);
	while (fgets(line, sizeof line, names)) {
		if (sscanf(line, "%llu %511[^\n]", &ino, name) != 2)
			tap_bail("bad line in %s", from);
		snprintf(from, sizeof from, "%s/i%llu", shadow, ino);
		snprintf(to, sizeof to, "%s/%s", dir, name);
		/* Named but never synced: there, and empty. */
		FILE *f = access(from, F_OK) == 0 ? NULL : fopen(to, "w");
		if (f ? fclose(f) != 0 : tu_copy_file(from, to) != 0)
			tap_bail("cannot rebuild %s", to);
		chmod(to, 0600);
		snprintf(from, sizeof from, "%s/names", shadow);
	}
	fclose(names);
}

/* `passage ARGS FILE` as the admin: 0 when it says the file is whole. */
static int
real_program(const char *args, const char *path, char *why, size_t n)
{
	char cmd[PATH_MAX * 2 + 128], out[200] = "";
	FILE *p;
	int rc;

	snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' | '%s' %s '%s' --user %s --passphrase-fd 0 2>&1",
	         TU_PASS, prog, args, path, TU_ADMIN);
	if (!(p = popen(cmd, "r")))
		tap_bail("popen");
	while (fgets(out, sizeof out, p))
		;
	rc = pclose(p);
	if (rc != 0)
		snprintf(why, n, "passage %s: %s", args, out);
	return rc == 0 ? 0 : -1;
}

static pid_t
spawn(void)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	return pid;
}

/* In a child: runs argv with the power-cut model watching dir; cut
 * before the at-th sync ("0": never). */
static void
under_model(const char *dir, const char *shadow, const char *at, char *const argv[])
{
	const char *asan = getenv("ASAN_OPTIONS");
	char opts[512];

	/* A sanitizer build runs with the shim loaded before its runtime. */
	snprintf(opts, sizeof opts, "%s%sverify_asan_link_order=0", asan ? asan : "",
	         asan && *asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	setenv("LD_PRELOAD", shim, 1);
	setenv("POWERCUT_DIR", dir, 1);
	setenv("POWERCUT_SHADOW", shadow, 1);
	setenv("POWERCUT_AT", at, 1);
	execv(argv[0], argv);
	_exit(127);
}

static struct run
one_run(const char *tpl, const char *top, int i, unsigned seed)
{
	char dir[480], shadow[480], path[512], at[32], fd[16], sd[16], sql[256];
	struct run r = {0};
	int fds[2], id, status;
	pid_t pid;
	db *d;

	snprintf(dir, sizeof dir, "%s/run%d", top, i);
	snprintf(shadow, sizeof shadow, "%s/synced%d", top, i);
	snprintf(path, sizeof path, "%s/site.db", dir);
	if (mkdir(dir, 0700) != 0 || mkdir(shadow, 0700) != 0 || tu_copy_file(tpl, path) != 0)
		tap_bail("cannot set up run %d", i);
	chmod(path, 0600);
	srand(seed);
	snprintf(at, sizeof at, "%d", 1 + rand() % MAX_SYNC);
	if (pipe(fds) != 0)
		tap_bail("pipe");
	if ((pid = spawn()) == 0) {
		close(fds[0]);
		snprintf(fd, sizeof fd, "%d", fds[1]);
		snprintf(sd, sizeof sd, "%u", seed);
		under_model(dir, shadow, at, (char *[]){self, "writer", path, sd, fd, NULL});
	}
	close(fds[1]);
	r.max_ack = 0;
	while (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id) {
		r.acked++;
		r.max_ack = id;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (!r.killed) {
		snprintf(r.why, sizeof r.why, "the writer stopped by itself (status %d)", status);
		return r;
	}

	rebuild(dir, shadow);
	/* The real program is the first to open it: it plays back any hot
	 * journal the cut left. */
	r.verified = real_program("verify", path, r.why, sizeof r.why) == 0;
	r.audited = real_program("audit verify", path, r.why, sizeof r.why) == 0;
	if (db_open(path, TU_ADMIN, TU_PASS, NULL, &d, r.why, sizeof r.why) != 0)
		return r;
	r.opened = 1;
	r.rows = (int)tu_int(d, "SELECT count(*) FROM c");
	snprintf(sql, sizeof sql,
	         "SELECT (SELECT count(*) FROM c WHERE id <= %d) = %d AND "
	         "(SELECT count(*) FROM e WHERE id <= %d) = %d",
	         r.max_ack, r.max_ack, r.max_ack, r.max_ack);
	r.present = tu_int(d, sql) == 1;
	/* Each transaction whole: its person, the person's audit row, both
	 * rows, and every update it made to older rows. */
	r.whole = tu_int(d,
	                 "SELECT (SELECT count(*) FROM person) = (SELECT count(*) FROM c) AND "
	                 "(SELECT count(*) FROM e) = (SELECT count(*) FROM c) AND "
	                 "(SELECT count(*) FROM c) = (SELECT coalesce(max(id), 0) FROM c) AND "
	                 "NOT EXISTS (SELECT 1 FROM e LEFT JOIN person p ON p.id = e.person "
	                 "  WHERE p.participant_code IS NOT printf('PC-%06d', e.id)) AND "
	                 "NOT EXISTS (SELECT 1 FROM person p WHERE (SELECT count(*) FROM audit a "
	                 "  WHERE a.action = 'create' AND a.person_id = p.id) != 1) AND "
	                 "NOT EXISTS (SELECT 1 FROM c a WHERE a.n != (SELECT count(*) FROM c b "
	                 "  WHERE b.id > a.id AND b.id % 13 = a.id % 13))") == 1;
	r.beyond = r.rows > r.max_ack + 1;
	db_close(d);
	return r;
}

/* Runs argv under the model, never cut, its stdin from text: 1 when it
 * exits 0. */
static int
acknowledged(const char *dir, const char *shadow, const char *text, char *const argv[])
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) != 0)
		tap_bail("pipe");
	if ((pid = spawn()) == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		under_model(dir, shadow, "0", argv);
	}
	close(fds[0]);
	if (write(fds[1], text, strlen(text)) != (ssize_t)strlen(text))
		tap_bail("pipe");
	close(fds[1]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * A backup and a key pair are files that take their names by a rename
 * once written; once the program says they are written, a power cut
 * must leave them under those names, whole.
 */
static void
test_named_files(const char *top, const char *tpl)
{
	char dir[480], shadow[480], copy[512], key[500], pub[512], sec[512], why[256] = "";

	snprintf(dir, sizeof dir, "%s/out", top);
	snprintf(shadow, sizeof shadow, "%s/out-synced", top);
	snprintf(copy, sizeof copy, "%s/night.db", dir);
	snprintf(key, sizeof key, "%s/clinic", dir);
	snprintf(pub, sizeof pub, "%s.pub", key);
	snprintf(sec, sizeof sec, "%s.key", key);
	if (mkdir(dir, 0700) != 0 || mkdir(shadow, 0700) != 0)
		tap_bail("cannot make %s", dir);
	ok(acknowledged(dir, shadow, "", (char *[]){prog, "backup", (char *)tpl, copy, NULL}),
	   "a backup is written under the model of the disk");
	ok(acknowledged(dir, shadow, TU_PASS "\n", (char *[]){prog, "export", "--keygen", "--out",
	   key, "--for", "County Clinic", "--passphrase-fd", "0", NULL}),
	   "and a key pair for exports");
	rebuild(dir, shadow);
	ok(real_program("verify", copy, why, sizeof why) == 0,
	   "after a power cut the backup is there under its name, and verifies");
	if (why[0])
		tap_diag("%s", why);
	ok(tu_file_size(pub) > 0 && tu_file_size(sec) > 0, "and so are both key files");
}

/* ---------------------------------------------------------------- keys */

#define KEY_USERS 3      /* dee1, dee2, dee3: removed in turn */
#define KEY_MAX_SYNC 100 /* cut points: the three rounds take some 110 syncs */
#define DEE_PASS "a passphrase that goes away"
#define CAL_PASS "cal keeps this passphrase"

/* What the key writer acknowledges: 'c' commit id, 's' user k's slot
 * gone, 'e' key epoch v retired; and says what it begins: 'D' a user's
 * removal, 'R' a rotation. */
struct ack {
	char kind;
	int v;
};

static int ack_fd, slot_user, slot_sent;

static void
send_ack(char kind, int v)
{
	struct ack a = {kind, v};

	if (write(ack_fd, &a, sizeof a) != (ssize_t)sizeof a)
		_exit(5);
}

/* The first page moved to the new key: the slot went before. */
static void
on_walk(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	(void)ctx, (void)done, (void)total;
	if (walk == DB_WALK_MOVE && slot_user && !slot_sent) {
		send_ack('s', slot_user);
		slot_sent = 1;
	}
}

/* The write epoch (and the one being left) in path's header, read
 * without a key; 0 when it cannot be read. */
static uint32_t
header_epoch(const char *path, uint32_t *prev)
{
	uint8_t buf[VAULT_HEADER_SIZE];
	struct kr_header h;

	if (keyring_read_file(path, buf) != KR_OK || keyring_parse(buf, &h) != KR_OK)
		return 0;
	if (prev)
		*prev = h.prev_epoch;
	return h.epoch;
}

static int
key_commit(db *d, int id)
{
	char sql[160];

	snprintf(sql, sizeof sql, "INSERT INTO c VALUES (%d, 0, hex(randomblob(%d)))", id,
	         50 + rand() % 3000);
	if (db_begin_write(d) != 0 || db_exec(d, sql) != 0 || db_commit(d) != 0)
		return -1;
	send_ack('c', id);
	return 0;
}

static int
key_writer(const char *path, unsigned seed, int ack)
{
	char err[DB_ERR_MAX], name[16];
	uint32_t e;
	int id = 0;
	db *d;

	srand(seed);
	ack_fd = ack;
	if (db_open(path, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0)
		return 3;
	db_set_progress(d, on_walk, NULL);
	for (int k = 1; k <= KEY_USERS; k++) {
		if (key_commit(d, ++id) != 0)
			return 4;
		snprintf(name, sizeof name, "dee%d", k);
		slot_user = k;
		slot_sent = 0;
		send_ack('D', k);
		if (!(e = header_epoch(path, NULL)) || db_remove_user(d, name) != 0)
			return 4;
		if (!slot_sent)
			send_ack('s', k);
		send_ack('e', (int)e);
		slot_user = 0;
		if (key_commit(d, ++id) != 0)
			return 4;
		send_ack('R', k);
		if (!(e = header_epoch(path, NULL)) || db_rotate_key(d) != 0)
			return 4;
		send_ack('e', (int)e);
	}
	return 6; /* the power never went off */
}

struct key_run {
	int killed, commits, max_ack, slots, epochs, in_removal, in_rotation;
	int leak, broken, lost;
	char why[256];
};

/* Pages of path (read raw) sealed under key epoch e. */
static int
pages_in_epoch(const char *path, uint32_t e)
{
	uint8_t page[VAULT_PAGE_SIZE], zero[VAULT_PAGE_SIZE] = {0};
	FILE *f = fopen(path, "rb");
	int n = 0;

	if (!f || fseek(f, VAULT_HEADER_SIZE, SEEK_SET) != 0)
		tap_bail("cannot read %s", path);
	while (fread(page, 1, sizeof page, f) == sizeof page)
		n += memcmp(page, zero, sizeof page) != 0 && page[VAULT_PAGE_SIZE - 40] == (uint8_t)e;
	fclose(f);
	return n;
}

/* What may not be there after the cut, looked at before anything opens
 * the file (an open finishes a rotation left half done). */
static void
key_leaks(const char *path, const int *slots, const uint32_t *retired, int nretired,
          struct key_run *r)
{
	char err[DB_ERR_MAX], name[16];
	uint32_t prev = 0, epoch = header_epoch(path, &prev);
	db *d;

	for (int i = 0; i < nretired && !r->leak; i++) {
		int left = pages_in_epoch(path, retired[i]);
		if (epoch == retired[i] || prev == retired[i] || left > 0) {
			r->leak = 1;
			snprintf(r->why, sizeof r->why, "key epoch %u was retired, but the header has "
			         "epoch %u (leaving %u) and %d pages are under it", retired[i], epoch,
			         prev, left);
		}
	}
	for (int k = 1; k <= KEY_USERS && !r->leak; k++) {
		snprintf(name, sizeof name, "dee%d", k);
		if (slots[k] && db_open(path, name, DEE_PASS, NULL, &d, err, sizeof err) == 0) {
			db_close(d);
			r->leak = 1;
			snprintf(r->why, sizeof r->why, "%s was removed, and their passphrase opens it",
			         name);
		}
	}
}

/* Run i of runs cuts at a random sync in the i-th of runs equal stretches
 * of the writer's work, so the cuts cover all of it. */
static struct key_run
key_run(const char *tpl, const char *top, int i, int runs, unsigned seed)
{
	char dir[480], shadow[480], path[512], at[32], fd[16], sd[16], sql[200];
	int fds[2], status, slots[KEY_USERS + 1] = {0}, last = 0;
	uint32_t retired[2 * KEY_USERS];
	struct key_run r = {0};
	struct ack a;
	pid_t pid;
	db *d;

	snprintf(dir, sizeof dir, "%s/keys%d", top, i);
	snprintf(shadow, sizeof shadow, "%s/keys-synced%d", top, i);
	snprintf(path, sizeof path, "%s/site.db", dir);
	if (mkdir(dir, 0700) != 0 || mkdir(shadow, 0700) != 0 || tu_copy_file(tpl, path) != 0)
		tap_bail("cannot set up key run %d", i);
	chmod(path, 0600);
	srand(seed);
	snprintf(at, sizeof at, "%d",
	         1 + i * KEY_MAX_SYNC / runs + rand() % (KEY_MAX_SYNC / runs + 1));
	if (pipe(fds) != 0)
		tap_bail("pipe");
	if ((pid = spawn()) == 0) {
		close(fds[0]);
		snprintf(fd, sizeof fd, "%d", fds[1]);
		snprintf(sd, sizeof sd, "%u", seed);
		under_model(dir, shadow, at, (char *[]){self, "keys", path, sd, fd, NULL});
	}
	close(fds[1]);
	while (read(fds[0], &a, sizeof a) == (ssize_t)sizeof a) {
		if (a.kind == 'c') {
			r.commits++;
			r.max_ack = a.v;
		} else if (a.kind == 's' && a.v >= 1 && a.v <= KEY_USERS) {
			slots[a.v] = 1;
			r.slots++;
		} else if (a.kind == 'e' && r.epochs < 2 * KEY_USERS)
			retired[r.epochs++] = (uint32_t)a.v;
		last = a.kind;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (!r.killed && !(WIFEXITED(status) && WEXITSTATUS(status) == 6)) {
		r.broken = 1;
		snprintf(r.why, sizeof r.why, "the key writer stopped (status %d)", status);
		return r;
	}
	r.in_removal = r.killed && (last == 'D' || last == 's');
	r.in_rotation = r.killed && last == 'R';

	rebuild(dir, shadow);
	key_leaks(path, slots, retired, r.epochs, &r);
	if (real_program("verify", path, r.why, sizeof r.why) != 0 ||
	    real_program("audit verify", path, r.why, sizeof r.why) != 0 ||
	    db_open(path, "cal", CAL_PASS, NULL, &d, r.why, sizeof r.why) != 0) {
		r.broken = 1;
		return r;
	}
	snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM c WHERE id <= %d) = %d AND "
	         "(SELECT count(*) FROM c) = (SELECT coalesce(max(id), 0) FROM c)", r.max_ack,
	         r.max_ack);
	r.lost = tu_int(d, sql) != 1;
	db_close(d);
	return r;
}

static void
key_template(const char *tpl)
{
	char name[16];
	db *d = tu_create(tpl);

	/* Some 1,500 pages: a rotation takes several steps. */
	tu_exec(d, "CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER NOT NULL, pad TEXT NOT NULL);"
	           "CREATE TABLE ballast(b BLOB NOT NULL);"
	           "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 1400) "
	           "INSERT INTO ballast SELECT randomblob(3000) FROM i;"
	           "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('admin', 'Ada Admin', 'admin', 1, 1)");
	if (db_add_user(d, "cal", CAL_PASS, DB_KDF_INTERACTIVE, 0) != 0)
		tap_bail("add cal: %s", db_errmsg(d));
	for (int k = 1; k <= KEY_USERS; k++) {
		snprintf(name, sizeof name, "dee%d", k);
		if (db_add_user(d, name, DEE_PASS, DB_KDF_INTERACTIVE, 0) != 0)
			tap_bail("add %s: %s", name, db_errmsg(d));
	}
	db_close(d);
}

static void
test_keys(const char *top, unsigned base)
{
	const char *env = getenv("POWERCUT_KEY_RUNS");
	int runs = env ? atoi(env) : 8, cuts = 0, commits = 0, slots = 0, epochs = 0;
	int removal = 0, rotation = 0, broken = 0, lost = 0, leaks = 0;
	char tpl[512];

	if (runs < 1)
		return;
	snprintf(tpl, sizeof tpl, "%s/keys.db", top);
	key_template(tpl);
	/* Where a cut lands depends on how the writer's commits and the key
	 * changes interleave, so a few runs may all miss a removal or a
	 * rotation: run on, up to four times over, until both have been cut. */
	int done = 0;
	for (int i = 0; i < runs || (i < 4 * runs && !(removal && rotation)); i++, done++) {
		struct key_run r = key_run(tpl, top, i % runs, runs, base + (unsigned)i);
		cuts += r.killed;
		commits += r.commits;
		slots += r.slots;
		epochs += r.epochs;
		removal += r.in_removal;
		rotation += r.in_rotation;
		broken += r.broken;
		lost += r.lost;
		leaks += r.leak;
		if (r.broken || r.lost || r.leak)
			tap_diag("keys, seed %u: %s", base + (unsigned)i,
			         r.lost ? "an acknowledged commit is missing" : r.why);
	}
	tap_diag("keys: %d runs, %d power cuts (%d in a user's removal, %d in a rotation), %d "
	         "commits, %d slots removed and %d keys retired acknowledged", done, cuts, removal,
	         rotation, commits, slots, epochs);
	ok(broken == 0, "after every cut in the keys' rotation the file verified whole and opened "
	   "with the remaining users' passphrases (%d of %d)", done - broken, done);
	ok(lost == 0, "every acknowledged commit was there (%d acknowledged)", commits);
	ok(leaks == 0, "no removed user's passphrase and no retired key opened anything once "
	   "acknowledged (%d slots, %d keys)", slots, epochs);
	ok(removal > 0 && rotation > 0, "the power went off during removals (%d) and rotations (%d)",
	   removal, rotation);
}

static void
template(const char *tpl)
{
	db *d = tu_create(tpl);

	tu_exec(d, "CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER NOT NULL, pad TEXT NOT NULL);"
	           "CREATE TABLE e(id INTEGER PRIMARY KEY, person INTEGER NOT NULL);"
	           "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('admin', 'Ada Admin', 'admin', 1, 1), ('cal', 'Cal Caseworker', 'caseworker', 1, 1)");
	db_close(d);
}

int
main(int argc, char **argv)
{
	const char *env_runs = getenv("POWERCUT_RUNS"), *env_seed = getenv("POWERCUT_SEED");
	int runs = env_runs ? atoi(env_runs) : 20, acked = 0, lost = 0, broken = 0, odd = 0;
	unsigned base = env_seed ? (unsigned)strtoul(env_seed, NULL, 10) : 1;
	char top[256], tpl[512];

	if (sodium_init() < 0 || db_init() != 0)
		return 2;
	if (argc == 5 && strcmp(argv[1], "writer") == 0)
		return writer(argv[2], (unsigned)strtoul(argv[3], NULL, 10), atoi(argv[4]));
	if (argc == 5 && strcmp(argv[1], "keys") == 0)
		return key_writer(argv[2], (unsigned)strtoul(argv[3], NULL, 10), atoi(argv[4]));
	if (runs < 1)
		runs = 20;
	snprintf(where, sizeof where, "%s/tests/powercut.so", tu_build());
	if (!realpath(where, shim))
		tap_bail("the power-cut shim is not built: make tests");
	snprintf(where, sizeof where, "%s/passage", tu_build());
	if (!realpath(where, prog) || !realpath("/proc/self/exe", self) ||
	    !realpath(tu_tmpdir(), where) || strlen(where) >= sizeof top)
		tap_bail("the power-cut shim or the program is not built: make tests");
	snprintf(top, sizeof top, "%s", where);
	snprintf(tpl, sizeof tpl, "%s/template.db", top);
	template(tpl);

	tap_diag("seeds %u to %u (POWERCUT_SEED=s POWERCUT_RUNS=1 replays one)", base,
	         base + (unsigned)runs - 1);
	for (int i = 0; i < runs; i++) {
		unsigned seed = base + (unsigned)i;
		struct run r = one_run(tpl, top, i, seed);
		acked += r.acked;
		if (!r.killed || !r.opened || !r.verified || !r.audited) {
			broken++;
			tap_diag("seed %u: %s", seed, r.why);
			continue;
		}
		if (!r.present || !r.whole) {
			lost++;
			tap_diag("seed %u: %s (last acknowledged %d, rows %d)", seed,
			         !r.present ? "an acknowledged commit is missing"
			                    : "a transaction is there only in part",
			         r.max_ack, r.rows);
		}
		odd += r.beyond;
	}
	tap_diag("%d power cuts, %d commits acknowledged, %d runs lost one (%s)", runs, acked, lost,
	         getenv("POWERCUT_ROLLBACK") && atoi(getenv("POWERCUT_ROLLBACK")) == 1
	             ? "rollback journal"
	             : "write-ahead log");
	ok(broken == 0, "the file opened, verified and its audit chain held after every cut (%d of %d)",
	   runs - broken, runs);
	ok(lost == 0, "every acknowledged transaction was there, whole, after every cut "
	   "(%d runs, %d acknowledged, %d lost)", runs, acked, lost);
	ok(odd == 0, "at most the one commit in flight landed unacknowledged");
	ok(acked >= runs * 5, "the writer committed between cuts (%d commits in %d runs)", acked,
	   runs);
	test_named_files(top, tpl);
	test_keys(top, base);
	return tap_done();
}
