/* SPDX-License-Identifier: ISC */
/*
 * bench_storage.c - the storage bench's workload (see bench.c): the rows
 * made once before any timing, the timed steps run on each engine, the
 * scratch files, the rounds with the engine that goes first rotating,
 * and the unlock timings.
 */
#include "bench_storage.h"
#include "common.h"
#include "keyring.h"

#include <errno.h>
#include <ftw.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#define UNLOCK_REPS 3

/* What every engine must agree on at the end of a round. */
enum check { C_READ, C_READ_CACHED, C_SCAN_LEN, C_SCAN_N, NCHECKS };

/* ---------------------------------------------------------------- data */

static void
make_row(struct row *r, long i, uint64_t *rng)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz ";
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	int at = snprintf(r->name, sizeof r->name, "person %08ld ", i);

	for (; at < NAME_LEN; at++)
		r->name[at] = letters[bench_mix(rng) % (sizeof letters - 1)];
	r->name[NAME_LEN] = 0;
	for (int k = 0; k < CODE_LEN; k++)
		r->code[k] = alnum[bench_mix(rng) % (sizeof alnum - 1)];
	r->code[CODE_LEN] = 0;
	r->n = (sqlite3_int64)(bench_mix(rng) % 1000);
}

int
make_data(struct data *w, long rows)
{
	uint64_t rng = 42;

	w->rows = rows;
	w->reads = rows / 5;
	w->updates = rows / 10;
	w->commits = rows / 5000 > 0 ? rows / 5000 : 1;
	w->row = calloc((size_t)(rows + w->commits), sizeof *w->row);
	w->read_id = calloc((size_t)w->reads, sizeof *w->read_id);
	w->upd_id = calloc((size_t)w->updates, sizeof *w->upd_id);
	if (!w->row || !w->read_id || !w->upd_id) {
		fprintf(stderr, "bench: out of memory for %ld rows\n", rows);
		return -1;
	}
	for (long i = 0; i < rows + w->commits; i++)
		make_row(&w->row[i], i + 1, &rng);
	for (long i = 0; i < w->reads; i++)
		w->read_id[i] = 1 + (sqlite3_int64)(bench_mix(&rng) % (uint64_t)rows);
	for (long i = 0; i < w->updates; i++)
		w->upd_id[i] = 1 + (sqlite3_int64)(bench_mix(&rng) % (uint64_t)rows);
	return 0;
}

void
free_data(struct data *w)
{
	free(w->row);
	free(w->read_id);
	free(w->upd_id);
}

/* ---------------------------------------------------------------- workload */

/* Steps a bound change to its end and resets it: 0, or -1 said as what. */
static int
step_done(struct conn *c, sqlite3_stmt *st, const char *what)
{
	const struct api *a = c->api;
	int rc;

	if ((rc = a->step(st)) != SQLITE_DONE) {
		eng_fail(c, what, rc);
		a->reset(st);
		return -1;
	}
	rc = a->reset(st);
	return rc == SQLITE_OK ? 0 : eng_fail(c, "reset", rc);
}

static int
insert_one(struct conn *c, sqlite3_stmt *st, sqlite3_int64 id, const struct row *r)
{
	const struct api *a = c->api;
	int rc;

	if ((rc = a->bind_int64(st, 1, id)) != SQLITE_OK ||
	    (rc = a->bind_text(st, 2, r->name, NAME_LEN, SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = a->bind_text(st, 3, r->code, CODE_LEN, SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = a->bind_int64(st, 4, r->n)) != SQLITE_OK)
		return eng_fail(c, "bind", rc);
	return step_done(c, st, "insert");
}

static int
update_one(struct conn *c, sqlite3_stmt *st, sqlite3_int64 id, const char *name)
{
	const struct api *a = c->api;
	int rc;

	if ((rc = a->bind_text(st, 1, name, NAME_LEN, SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = a->bind_int64(st, 2, id)) != SQLITE_OK)
		return eng_fail(c, "bind", rc);
	return step_done(c, st, "update");
}

/* Each read steps to its row and resets, which ends the autocommit read
 * transaction: SQLite then checks the file change counter on the next. */
static int
read_one(struct conn *c, sqlite3_stmt *st, sqlite3_int64 id, sqlite3_int64 *sum)
{
	const struct api *a = c->api;
	int rc;

	if ((rc = a->bind_int64(st, 1, id)) != SQLITE_OK)
		return eng_fail(c, "bind", rc);
	if (eng_step_row(c, st, "point read") != 0) {
		a->reset(st);
		return -1;
	}
	*sum += a->column_int64(st, 0);
	rc = a->reset(st);
	return rc == SQLITE_OK ? 0 : eng_fail(c, "reset", rc);
}

/* Every step that commits waits on fsync, and an fsync on ext4 can end
 * up writing back whatever else is dirty: the files of the engine that
 * ran before, the journal just deleted.  Flushing before each write step
 * makes it pay for its own data only (it made the spread of the commit
 * step fall from 20-240 ms to 15-30 ms on the machine this was written on). */
static void
settle(void)
{
	sync();
}

static int
step_create(struct conn *c, double *t)
{
	double t0;

	settle();
	t0 = bench_now();

	if (eng_begin(c) != 0 ||
	    eng_run(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, code TEXT, n INTEGER);"
	           "CREATE INDEX t_code ON t(code)") != 0 ||
	    eng_commit(c) != 0)
		return -1;
	*t = bench_now() - t0;
	return 0;
}

/* A page-size mismatch would make every comparison below meaningless. */
static int
check_page_size(struct conn *c)
{
	sqlite3_int64 size;

	if (eng_query_int(c, "PRAGMA page_size", &size, NULL) != 0)
		return -1;
	if (size == 4096)
		return 0;
	fprintf(stderr, "bench: %s: page size is %lld, not 4096\n", engine_name[c->e],
	        (long long)size);
	return -1;
}

static int
step_insert(struct conn *c, const struct data *w, double *t)
{
	sqlite3_stmt *st;
	double t0;
	int bad = 0;

	if (eng_prep(c, "INSERT INTO t(id, name, code, n) VALUES (?1, ?2, ?3, ?4)", &st) != 0)
		return -1;
	settle();
	t0 = bench_now();
	bad = eng_begin(c);
	for (long i = 0; i < w->rows && !bad; i++)
		bad = insert_one(c, st, i + 1, &w->row[i]);
	if (!bad)
		bad = eng_commit(c);
	*t = bench_now() - t0;
	c->api->finalize(st);
	return bad;
}

static int
scan(struct conn *c, sqlite3_int64 out[2])
{
	return eng_query_int(c, "SELECT sum(length(name)), sum(n) FROM t", &out[0], &out[1]);
}

/* SQLite's default 2000 KiB: most reads of this table miss the cache, so
 * the line shows what a page decryption costs on every miss. */
static int
shrink_cache(struct conn *c)
{
	return eng_run(c, "PRAGMA cache_size=-2000");
}

static int
step_reads(struct conn *c, const struct data *w, int small_cache, double *t, sqlite3_int64 *sum)
{
	sqlite3_int64 warm[2];
	sqlite3_stmt *st;
	double t0;
	int bad = 0;

	if ((small_cache && shrink_cache(c) != 0) || scan(c, warm) != 0)
		return -1;
	if (eng_prep(c, "SELECT n FROM t WHERE id = ?1", &st) != 0)
		return -1;
	*sum = 0;
	t0 = bench_now();
	for (long i = 0; i < w->reads && !bad; i++)
		bad = read_one(c, st, w->read_id[i], sum);
	*t = bench_now() - t0;
	c->api->finalize(st);
	return bad;
}

static int
step_update(struct conn *c, const struct data *w, double *t)
{
	sqlite3_stmt *st;
	double t0;
	int bad;

	if (eng_prep(c, "UPDATE t SET name = ?1, n = n + 1 WHERE id = ?2", &st) != 0)
		return -1;
	settle();
	t0 = bench_now();
	bad = eng_begin(c);
	for (long i = 0; i < w->updates && !bad; i++)
		bad = update_one(c, st, w->upd_id[i], w->row[i % w->rows].name);
	if (!bad)
		bad = eng_commit(c);
	*t = bench_now() - t0;
	c->api->finalize(st);
	return bad;
}

/* Reading the schema first keeps two things out of the scan's time: the
 * schema parse, and SQLCipher's key derivation, which waits for the first
 * page it reads.  db_open() has already read it for the vault. */
static int
step_scan(struct conn *c, const char *path, double *t, sqlite3_int64 out[2])
{
	enum engine e = c->e;
	sqlite3_int64 tables;
	double t0;

	if (conn_close(c) != 0 || conn_open(c, e, path, 0) != 0 || check_mode(c) != 0)
		return -1;
	if (eng_query_int(c, "SELECT count(*) FROM sqlite_master", &tables, NULL) != 0)
		return -1;
	t0 = bench_now();
	if (scan(c, out) != 0)
		return -1;
	*t = bench_now() - t0;
	return 0;
}

static int
step_commits(struct conn *c, const struct data *w, double *t)
{
	sqlite3_stmt *st;
	double t0;
	int bad = 0;

	if (eng_prep(c, "INSERT INTO t(id, name, code, n) VALUES (?1, ?2, ?3, ?4)", &st) != 0)
		return -1;
	settle();
	t0 = bench_now();
	for (long i = w->rows; i < w->rows + w->commits && !bad; i++)
		bad = eng_begin(c) || insert_one(c, st, i + 1, &w->row[i]) || eng_commit(c);
	*t = bench_now() - t0;
	c->api->finalize(st);
	return bad;
}

static int
workload(struct conn *c, const char *path, const struct data *w, double t[NSTEPS],
         sqlite3_int64 chk[NCHECKS])
{
	if (step_create(c, &t[S_CREATE]) != 0 || check_page_size(c) != 0 ||
	    step_insert(c, w, &t[S_INSERT]) != 0 ||
	    step_reads(c, w, 0, &t[S_READ], &chk[C_READ]) != 0 ||
	    step_update(c, w, &t[S_UPDATE]) != 0 ||
	    step_reads(c, w, 1, &t[S_READ_CACHED], &chk[C_READ_CACHED]) != 0 ||
	    step_scan(c, path, &t[S_SCAN], &chk[C_SCAN_LEN]) != 0 ||
	    step_commits(c, w, &t[S_COMMITS]) != 0)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- files */

int
path_in(const char *dir, const char *name, char out[PATH_MAX])
{
	if (snprintf(out, PATH_MAX, "%s/%s", dir, name) < PATH_MAX)
		return 0;
	fprintf(stderr, "bench: the path of %s in %s is too long\n", name, dir);
	return -1;
}

static int
file_path(const char *dir, enum engine e, int round, char out[PATH_MAX])
{
	char name[32];

	snprintf(name, sizeof name, "%s-%d.db", engine_name[e], round);
	return path_in(dir, name, out);
}

/* Encrypted means the SQLite magic is nowhere at the start of the file:
 * this catches an SQLCipher key that was silently not applied. */
static int
check_file(enum engine e, const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16] = {0};
	FILE *f = fopen(path, "rb");
	int plain;

	if (!f || fread(head, 1, sizeof head, f) != sizeof head) {
		fprintf(stderr, "bench: %s: cannot read %s\n", engine_name[e], path);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	plain = memcmp(head, magic, sizeof magic) == 0;
	if (plain == (e == E_PLAIN || e == E_WAL))
		return 0;
	fprintf(stderr, "bench: %s: %s is %s\n", engine_name[e], path,
	        plain ? "NOT encrypted" : "not an SQLite file");
	return -1;
}

void
drop_files(const char *dir, int round)
{
	static const char *const tail[] = {"-journal", "-wal", "-shm"};
	char path[PATH_MAX], side[PATH_MAX + 8];

	for (int e = 0; e < NENG; e++) {
		if (file_path(dir, (enum engine)e, round, path) != 0)
			continue;
		for (size_t k = 0; k < sizeof tail / sizeof tail[0]; k++) {
			snprintf(side, sizeof side, "%s%s", path, tail[k]);
			unlink(side);
		}
		unlink(path);
	}
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "bench: cannot remove %s: %s\n", path, strerror(errno));
	return 0;
}

int
remove_dir(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (access(dir, F_OK) == 0) {
		fprintf(stderr, "bench: %s was not removed\n", dir);
		return -1;
	}
	return 0;
}

int
make_dir(char out[PATH_MAX])
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (snprintf(out, PATH_MAX, "%s/passage-bench.XXXXXX", tmp) >= PATH_MAX) {
		fprintf(stderr, "bench: TMPDIR is too long\n");
		return -1;
	}
	if (!mkdtemp(out)) {
		fprintf(stderr, "bench: cannot make a folder in %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/* fsync is free on tmpfs, which would flatter every commit figure. */
const char *
fs_name(const char *dir)
{
	struct statfs s;

	if (statfs(dir, &s) != 0)
		return "unknown";
	switch ((unsigned long)s.f_type) {
	case TMPFS_MAGIC: return "tmpfs: fsync costs nothing, commit figures are flattered";
	case EXT4_SUPER_MAGIC: return "ext2/3/4";
	case XFS_SUPER_MAGIC: return "xfs";
	case BTRFS_SUPER_MAGIC: return "btrfs";
	case OVERLAYFS_SUPER_MAGIC: return "overlayfs";
	default: return "another file system";
	}
}

/* ---------------------------------------------------------------- rounds */

double *
sample(struct results *res, int s, int e, int r)
{
	return &res->t[((size_t)s * NENG + (size_t)e) * (size_t)res->rounds + (size_t)r];
}

static int
one_engine(enum engine e, const char *dir, int round, const struct data *w, double t[NSTEPS],
           sqlite3_int64 chk[NCHECKS])
{
	char path[PATH_MAX];
	struct conn c;
	int rc;

	if (file_path(dir, e, round, path) != 0 || conn_open(&c, e, path, 1) != 0)
		return -1;
	rc = check_mode(&c) == 0 ? workload(&c, path, w, t, chk) : -1;
	if (conn_close(&c) != 0)
		rc = -1;
	return rc == 0 ? check_file(e, path) : -1;
}

/* Same rows, same updates: any difference is a bug in an engine. */
static int
agree(sqlite3_int64 chk[NENG][NCHECKS])
{
	int bad = 0;

	for (int e = 1; e < NENG; e++)
		if (engine_api[e] && memcmp(chk[e], chk[E_PLAIN], sizeof chk[e]) != 0)
			bad = 1;
	if (!bad)
		return 0;
	fprintf(stderr, "bench: the engines disagree about the data they hold:\n");
	for (int e = 0; e < NENG; e++)
		if (engine_api[e])
			fprintf(stderr, "  %-9s reads %lld, cached reads %lld, scan %lld / %lld\n",
			        engine_name[e], (long long)chk[e][C_READ],
			        (long long)chk[e][C_READ_CACHED], (long long)chk[e][C_SCAN_LEN],
			        (long long)chk[e][C_SCAN_N]);
	return -1;
}

/* The engine that goes first moves each round. */
int
one_round(const char *dir, int r, const struct data *w, struct results *res)
{
	sqlite3_int64 chk[NENG][NCHECKS];
	double t[NSTEPS];

	memset(chk, 0, sizeof chk);
	fprintf(stderr, "round %d/%d:", r + 1, res->rounds);
	for (int k = 0; k < NENG; k++) {
		enum engine e = (enum engine)((r + k) % NENG);
		if (!engine_api[e])
			continue;
		if (one_engine(e, dir, r, w, t, chk[e]) != 0)
			return -1;
		for (int s = 0; s < NSTEPS; s++)
			*sample(res, s, e, r) = t[s];
		fprintf(stderr, " %s", engine_name[e]);
	}
	fprintf(stderr, "\n");
	return agree(chk);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v. */
double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* From open until the first query answers: that includes the key
 * derivation for the vault (Argon2id) and for SQLCipher (PBKDF2). */
static int
time_open(enum engine e, const char *path, double *out)
{
	double t[UNLOCK_REPS];

	for (int i = 0; i < UNLOCK_REPS; i++) {
		struct conn c;
		sqlite3_int64 n;
		double t0 = bench_now();
		if (conn_open(&c, e, path, 0) != 0)
			return -1;
		if (eng_query_int(&c, "SELECT count(*) FROM sqlite_master", &n, NULL) != 0) {
			conn_close(&c);
			return -1;
		}
		t[i] = bench_now() - t0;
		if (check_mode(&c) != 0) {
			conn_close(&c);
			return -1;
		}
		if (conn_close(&c) != 0)
			return -1;
	}
	*out = median(t, UNLOCK_REPS);
	return 0;
}

/* The level `passage init` would pick, and an unlock at the level a new
 * database really gets (db_create calibrates again for DB_KDF_AUTO). */
static int
auto_unlock(const char *dir, struct results *res)
{
	char path[PATH_MAX];
	const struct kr_slot *slot;
	struct conn c;

	keyring_calibrate(&res->cal_ops, &res->cal_kib, &res->cal_s);
	if (path_in(dir, "auto.db", path) != 0 ||
	    conn_open_kdf(&c, E_VAULT, path, 1, DB_KDF_AUTO) != 0)
		return -1;
	slot = &db_keyring(c.d)->h.slot[db_keyring(c.d)->slot];
	res->file_ops = slot->opslimit;
	res->file_kib = slot->mem_kib;
	if (conn_close(&c) != 0)
		return -1;
	return time_open(E_VAULT, path, &res->unlock_auto);
}

int
unlocks(const char *dir, int last, struct results *res)
{
	char path[PATH_MAX];

	for (int e = 0; e < NENG; e++) {
		if (!engine_api[e])
			continue;
		if (file_path(dir, (enum engine)e, last, path) != 0 ||
		    time_open((enum engine)e, path, &res->open[e]) != 0)
			return -1;
	}
	fprintf(stderr, "calibrating Argon2id as `passage init` does...\n");
	return auto_unlock(dir, res);
}
