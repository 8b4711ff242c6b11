/* SPDX-License-Identifier: ISC */
/*
 * unit_faults.c - faults below the vault.
 *
 * A disk that fills up, or reports an error, in the middle of a commit
 * must cost the person the change they were making and nothing else: the
 * call fails with a sentence they can read, and the next open finds every
 * earlier record intact and no trace of the failed one.  SQLite promises
 * this for its own I/O; these tests check that the vault, which sits
 * between SQLite and the disk and rewrites every page on the way, keeps
 * the promise too.
 *
 * The faults come from "faulty", a small VFS over "unix" written here.  It
 * counts xWrite and xSync calls on the main database and its journal and,
 * when armed, fails the Nth one.  db_open.c stacks the vault over it as
 * "vault-faulty", so each fault reaches the vault from below exactly as a
 * real disk error would.
 */
#include "db.h"
#include "sqldb.h"
#include "tap.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- the VFS */

enum fault_op { OP_WRITE, OP_SYNC };

struct fault {
	int armed;
	enum fault_op op;
	int nth;        /* 1-based position among the counted calls of op */
	int err;        /* ENOSPC or EIO */
	int sticky;     /* keep failing after the first: a disk that stays full */
	int writes;     /* counted calls since arming */
	int syncs;
	int fired;      /* calls that returned the error */
	char trace[4096]; /* one letter per counted call: W/w write main/journal, S/s sync */
	int ntrace;
};

static struct fault F;

struct ffile {
	sqlite3_file base;
	sqlite3_file *real; /* unix's file, allocated right after this one */
	int counted;        /* the main database or its journal */
	int journal;
};

static sqlite3_vfs *unix_vfs;

#define FREAL(f) (((struct ffile *)(f))->real)

static void
fault_arm(enum fault_op op, int nth, int err, int sticky)
{
	memset(&F, 0, sizeof F);
	F.armed = 1;
	F.op = op;
	F.nth = nth;
	F.err = err;
	F.sticky = sticky;
}

static void
fault_disarm(void)
{
	F.armed = 0;
}

/* Counts a call and says whether it must fail. */
static int
fault_hit(struct ffile *p, enum fault_op op)
{
	int n = op == OP_WRITE ? ++F.writes : ++F.syncs;

	if (F.ntrace < (int)sizeof F.trace - 1) {
		char c = op == OP_WRITE ? 'W' : 'S';
		F.trace[F.ntrace++] = p->journal ? (char)(c + 32) : c;
	}
	if (!F.armed || op != F.op || n < F.nth || (n > F.nth && !F.sticky))
		return 0;
	F.fired++;
	return 1;
}

/* What unix returns for the errno a real disk would give. */
static int
fault_code(enum fault_op op)
{
	if (F.err == ENOSPC)
		return SQLITE_FULL;
	return op == OP_WRITE ? SQLITE_IOERR_WRITE : SQLITE_IOERR_FSYNC;
}

static int
ff_close(sqlite3_file *f)
{
	return FREAL(f)->pMethods ? FREAL(f)->pMethods->xClose(FREAL(f)) : SQLITE_OK;
}

static int
ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return FREAL(f)->pMethods->xRead(FREAL(f), buf, n, off);
}

static int
ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	struct ffile *p = (struct ffile *)f;

	if (p->counted && fault_hit(p, OP_WRITE))
		return fault_code(OP_WRITE);
	return p->real->pMethods->xWrite(p->real, buf, n, off);
}

static int
ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return FREAL(f)->pMethods->xTruncate(FREAL(f), size);
}

static int
ff_sync(sqlite3_file *f, int flags)
{
	struct ffile *p = (struct ffile *)f;

	if (p->counted && fault_hit(p, OP_SYNC))
		return fault_code(OP_SYNC);
	return p->real->pMethods->xSync(p->real, flags);
}

static int
ff_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return FREAL(f)->pMethods->xFileSize(FREAL(f), size);
}

static int
ff_lock(sqlite3_file *f, int level)
{
	return FREAL(f)->pMethods->xLock(FREAL(f), level);
}

static int
ff_unlock(sqlite3_file *f, int level)
{
	return FREAL(f)->pMethods->xUnlock(FREAL(f), level);
}

static int
ff_check_reserved(sqlite3_file *f, int *out)
{
	return FREAL(f)->pMethods->xCheckReservedLock(FREAL(f), out);
}

static int
ff_file_control(sqlite3_file *f, int op, void *arg)
{
	return FREAL(f)->pMethods->xFileControl(FREAL(f), op, arg);
}

static int
ff_sector_size(sqlite3_file *f)
{
	return FREAL(f)->pMethods->xSectorSize(FREAL(f));
}

static int
ff_device_characteristics(sqlite3_file *f)
{
	return FREAL(f)->pMethods->xDeviceCharacteristics(FREAL(f));
}

/* Version 1 is all the vault above uses: it has no WAL and no mmap. */
static const sqlite3_io_methods ff_io = {
    1,           ff_close,     ff_read,           ff_write,
    ff_truncate, ff_sync,      ff_file_size,      ff_lock,
    ff_unlock,   ff_check_reserved, ff_file_control, ff_sector_size,
    ff_device_characteristics, NULL, NULL, NULL, NULL, NULL, NULL,
};

static int
ff_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
	struct ffile *p = (struct ffile *)f;
	int rc;

	(void)vfs;
	memset(p, 0, sizeof *p);
	p->real = (sqlite3_file *)(p + 1);
	p->counted = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
	p->journal = (flags & SQLITE_OPEN_MAIN_JOURNAL) != 0;
	rc = unix_vfs->xOpen(unix_vfs, name, p->real, flags, out);
	/* SQLite calls xClose whenever pMethods is set, even after a failed
	 * open, so set it exactly when unix left something to close. */
	p->base.pMethods = p->real->pMethods ? &ff_io : NULL;
	return rc;
}

static int
ff_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return unix_vfs->xDelete(unix_vfs, name, sync);
}

static int
ff_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return unix_vfs->xAccess(unix_vfs, name, flags, out);
}

static int
ff_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xFullPathname(unix_vfs, name, n, out);
}

static void *
ff_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return unix_vfs->xDlOpen(unix_vfs, name);
}

static void
ff_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	unix_vfs->xDlError(unix_vfs, n, out);
}

static void (*ff_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return unix_vfs->xDlSym(unix_vfs, h, sym);
}

static void
ff_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	unix_vfs->xDlClose(unix_vfs, h);
}

static int
ff_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xRandomness(unix_vfs, n, out);
}

static int
ff_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return unix_vfs->xSleep(unix_vfs, us);
}

static int
ff_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return unix_vfs->xCurrentTime(unix_vfs, out);
}

static int
ff_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xGetLastError(unix_vfs, n, out);
}

static int
ff_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return unix_vfs->xCurrentTimeInt64(unix_vfs, out);
}

static sqlite3_vfs faulty_vfs = {
    .iVersion = 2,
    .zName = "faulty",
    .xOpen = ff_open,
    .xDelete = ff_delete,
    .xAccess = ff_access,
    .xFullPathname = ff_full_pathname,
    .xDlOpen = ff_dlopen,
    .xDlError = ff_dlerror,
    .xDlSym = ff_dlsym,
    .xDlClose = ff_dlclose,
    .xRandomness = ff_randomness,
    .xSleep = ff_sleep,
    .xCurrentTime = ff_current_time,
    .xGetLastError = ff_last_error,
    .xCurrentTimeInt64 = ff_current_time64,
};

static void
faulty_register(void)
{
	if (db_init() != 0)
		tap_bail("db_init failed");
	unix_vfs = sqlite3_vfs_find("unix");
	if (!unix_vfs || unix_vfs->iVersion < 2)
		tap_bail("no unix VFS");
	faulty_vfs.szOsFile = (int)sizeof(struct ffile) + unix_vfs->szOsFile;
	faulty_vfs.mxPathname = unix_vfs->mxPathname;
	if (sqlite3_vfs_register(&faulty_vfs, 0) != SQLITE_OK)
		tap_bail("cannot register the faulty VFS");
}

/* ---------------------------------------------------------------- workload */

/* The faults are those of a rollback journal, which this test is about
 * (the base VFS has no shared memory, so it could not keep the log). */
static const struct db_options faulty_opts = {.vfs_base = "faulty", .rollback = 1};

#define BASE_ROWS 300 /* committed before the fault */
#define TXN_STMTS 8   /* the transaction the fault hits: 8 x 50 rows */
#define TXN_ROWS 50

static char template_path[512]; /* a database holding the earlier rows */
static uint64_t base_digest;    /* and a digest of them */
static int case_no;

/* Rows of 200 bytes whose index keys spread over the whole index, so the
 * transaction changes many existing pages (which go to the journal) as
 * well as appending new ones (which do not).  Deterministic, so every run
 * makes the same sequence of writes as the dry run that chose the fault
 * positions. */
static void
rows_sql(char *sql, size_t n, int batch, int first, int count)
{
	snprintf(sql, n,
	         "WITH RECURSIVE c(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM c WHERE i < %d) "
	         "INSERT INTO t (batch, seq, body) "
	         "SELECT %d, i, printf('%%05d-%%0194d', (i * 7919 + %d) %% 10007, i) FROM c",
	         first, first + count - 1, batch, batch);
}

/* The transaction under test.  Returns 0 if it committed; otherwise -1,
 * with the first failing call's message in why, and rolled back. */
static int
txn(db *d, char *why, size_t n)
{
	char sql[400];
	int rc = db_begin_write(d);

	for (int k = 0; rc == 0 && k < TXN_STMTS; k++) {
		rows_sql(sql, sizeof sql, 2, k * TXN_ROWS, TXN_ROWS);
		rc = db_exec(d, sql);
	}
	if (rc == 0 && db_commit(d) == 0)
		return 0;
	snprintf(why, n, "%s", db_errmsg(d));
	db_rollback(d);
	return -1;
}

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h;
}

/* A digest of one batch's rows, so "all there" means every byte. */
static uint64_t
digest(db *d, int batch, long *rows)
{
	sqlite3_stmt *st;
	uint64_t h = 1469598103934665603u;
	int rc;

	*rows = -1;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT seq, body FROM t WHERE batch = ?1 ORDER BY seq",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int(st, 1, batch);
	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		h = fnv(h, &seq, sizeof seq);
		h = fnv(h, sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
		(*rows)++;
	}
	if (rc != SQLITE_DONE)
		*rows = -1;
	sqlite3_finalize(st);
	return h;
}

static int
integrity_ok(db *d)
{
	sqlite3_stmt *st;
	int good = 0;

	if (sqlite3_prepare_v2(db_sql(d), "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		good = r && strcmp(r, "ok") == 0;
		if (!good)
			tap_diag("  integrity_check: %s", r ? r : "(null)");
	}
	sqlite3_finalize(st);
	return good;
}

/* Files in the test folder whose names start with prefix. */
static int
stray_files(const char *prefix)
{
	DIR *dir = opendir(tu_tmpdir());
	struct dirent *e;
	int n = 0;

	if (!dir)
		return -1;
	while ((e = readdir(dir)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(dir);
	return n;
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static const char *
journal_of(const char *path)
{
	static char buf[600];

	snprintf(buf, sizeof buf, "%s-journal", path);
	return buf;
}

/* SQLite's own test: a journal is hot only if its first byte is not zero.
 * After a failed spill SQLite may leave one with a zeroed header, which it
 * reuses or deletes at the next write. */
static int
hot_journal(const char *path)
{
	unsigned char first = 0;

	return exists(journal_of(path)) && tu_file_size(journal_of(path)) > 0 &&
	       tu_read_at(journal_of(path), 0, &first, 1) == 0 && first != 0;
}

static const char *
expected_sentence(int err)
{
	return err == ENOSPC ? "the disk holding " : "the disk reported an error: ";
}

static void
starts_with(const char *got, const char *prefix, const char *name)
{
	if (!ok(strncmp(got, prefix, strlen(prefix)) == 0, "%s", name))
		tap_diag("  got '%s', want it to start with '%s'", got, prefix);
}

/* One database made with db_create over "faulty", holding the earlier
 * rows; each case works on its own copy of it. */
static void
make_template(void)
{
	char sql[400];
	long rows;
	db *d;

	snprintf(template_path, sizeof template_path, "%s", tu_path(tu_tmpdir(), "template.db"));
	d = tu_create_opts(template_path, &faulty_opts);
	tu_exec(d, "BEGIN IMMEDIATE");
	tu_exec(d, "CREATE TABLE t (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL,"
	           " seq INTEGER NOT NULL, body TEXT NOT NULL) STRICT");
	tu_exec(d, "CREATE INDEX t_seq ON t (batch, seq)");
	tu_exec(d, "CREATE INDEX t_body ON t (body)");
	rows_sql(sql, sizeof sql, 1, 0, BASE_ROWS);
	tu_exec(d, sql);
	tu_exec(d, "COMMIT");
	base_digest = digest(d, 1, &rows);
	if (rows != BASE_ROWS)
		tap_bail("the template holds %ld rows", rows);
	db_close(d);
}

/* A fresh copy of the template, open over "faulty".  A ten-page cache
 * makes SQLite spill dirty pages into the database before COMMIT, with
 * journal syncs and new journal segments in between. */
static db *
open_copy(const char *path, int small_cache)
{
	char err[DB_ERR_MAX];
	db *d;

	if (tu_copy_file(template_path, path) != 0)
		tap_bail("cannot copy the template to %s", path);
	if (db_open(path, TU_ADMIN, TU_PASS, &faulty_opts, &d, err, sizeof err) != 0)
		tap_bail("open %s over faulty: %s", path, err);
	if (small_cache)
		tu_exec(d, "PRAGMA cache_size=10");
	return d;
}

/* ---------------------------------------------------------------- choosing positions */

/* Where a dry run wrote and synced: W/w a write to the database/journal,
 * S/s a sync of the database/journal. */
struct plan {
	char trace[sizeof F.trace];
};

/* Runs the transaction with nothing armed, counting calls; it is also the
 * control that without a fault it commits and every row arrives. */
static void
dry_run(int small_cache, struct plan *pl)
{
	const char *label = small_cache ? " (small cache)" : "";
	const char *path = tu_path(tu_tmpdir(), small_cache ? "dry-small.db" : "dry.db");
	char why[DB_ERR_MAX] = "";
	long base, added;
	uint64_t got;
	db *d = open_copy(path, small_cache);

	memset(&F, 0, sizeof F);
	if (!ok(txn(d, why, sizeof why) == 0, "dry run%s: the transaction commits", label))
		tap_diag("  %s", why);
	snprintf(pl->trace, sizeof pl->trace, "%s", F.trace);
	tap_diag("dry run%s: %d writes, %d syncs: %s", label, F.writes, F.syncs, pl->trace);
	got = digest(d, 1, &base);
	digest(d, 2, &added);
	ok(got == base_digest && base == BASE_ROWS && added == TXN_STMTS * TXN_ROWS,
	   "dry run%s: every row is there", label);
	db_close(d);
}

/* The ordinal, among calls of the same kind (write or sync), of the kth
 * call in the trace marked c; k < 0 counts from the end.  0: none. */
static int
nth_of(const struct plan *pl, char c, int k)
{
	int idx[sizeof F.trace], n = 0, w = 0, s = 0;

	for (const char *t = pl->trace; *t; t++) {
		int ord = (*t == 'W' || *t == 'w') ? ++w : ++s;
		if (*t == c)
			idx[n++] = ord;
	}
	if (k < 0)
		k += n;
	return k >= 0 && k < n ? idx[k] : 0;
}

/* The ordinal of the first call marked c after the first marked after. */
static int
first_after(const struct plan *pl, char after, char c)
{
	int w = 0, s = 0, seen = 0;

	for (const char *t = pl->trace; *t; t++) {
		int ord = (*t == 'W' || *t == 'w') ? ++w : ++s;
		if (seen && *t == c)
			return ord;
		seen |= *t == after;
	}
	return 0;
}

static int
letters(const struct plan *pl, char c)
{
	int n = 0;

	for (const char *t = pl->trace; *t; t++)
		n += *t == c;
	return n;
}

/* ---------------------------------------------------------------- cases */

/* How the disk fails: a full disk stays full (every later call fails
 * too, so SQLite cannot even finish its rollback and the next open must);
 * an I/O error may pass (SQLite rolls back at once). */
enum {
	FULL_STICKY = 1, /* ENOSPC from the Nth call on */
	EIO_ONCE = 2,    /* EIO on the Nth call only */
	EIO_STICKY = 4,
	FULL_ONCE = 8,
	ALL = 15,
	USUAL = FULL_STICKY | EIO_ONCE,
};

struct fcase {
	enum fault_op op;
	int nth;
	const char *where; /* what the dry run did at that call */
	int how;
};

/* After the fault: the plain vault opens the file, rolls back whatever
 * SQLite left, and finds the earlier rows intact and no later ones. */
static void
check_reopened(const char *path, const char *name)
{
	char err[DB_ERR_MAX];
	struct db_verify v;
	long base, added;
	uint64_t got;
	db *d;

	if (!ok(db_open(path, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) == 0,
	        "%s: reopens through the plain vault", name)) {
		tap_diag("  %s", err);
		return;
	}
	ok(integrity_ok(d), "%s: integrity_check is ok", name);
	if (!ok(db_verify(d, &v) == 0, "%s: db_verify passes", name))
		tap_diag("  %s", db_errmsg(d));
	got = digest(d, 1, &base);
	ok(got == base_digest && base == BASE_ROWS,
	   "%s: all %d earlier rows are there, byte for byte (%ld)", name, BASE_ROWS, base);
	digest(d, 2, &added);
	if (!ok(added == 0, "%s: no row of the failed transaction is there", name))
		tap_diag("  found %ld", added);
	ok(!hot_journal(path), "%s: no hot journal is left after recovery", name);
	ok(db_exec(d, "INSERT INTO t (batch, seq, body) VALUES (3, 0, 'after')") == 0 &&
	   tu_int(d, "SELECT count(*) FROM t WHERE batch = 3") == 1 && !exists(journal_of(path)),
	   "%s: the database takes a new change, and its journal is gone after it", name);
	db_close(d);
}

static void
run_case(const struct fcase *c, int how, int small_cache)
{
	int err = how & (FULL_STICKY | FULL_ONCE) ? ENOSPC : EIO;
	int sticky = (how & (FULL_STICKY | EIO_STICKY)) != 0;
	char name[200], label[260], file[32], why[DB_ERR_MAX] = "";
	const char *path;
	int failed;
	db *d;

	snprintf(file, sizeof file, "case%d.db", ++case_no);
	path = tu_path(tu_tmpdir(), file);
	snprintf(name, sizeof name, "%s on %s %d (%s)%s%s", err == ENOSPC ? "ENOSPC" : "EIO",
	         c->op == OP_WRITE ? "write" : "sync", c->nth, c->where,
	         sticky ? " and every call after" : " once", small_cache ? ", small cache" : "");
	d = open_copy(path, small_cache);
	fault_arm(c->op, c->nth, err, sticky);
	failed = txn(d, why, sizeof why) != 0;
	fault_disarm();
	db_close(d);
	if (!ok(failed && F.fired > 0, "%s: the transaction fails", name))
		tap_diag("  failed %d, fault fired %d times", failed, F.fired);
	snprintf(label, sizeof label, "%s: the message is a plain sentence", name);
	starts_with(why, expected_sentence(err), label);
	check_reopened(path, name);
}

static void
run_cases(const struct fcase *cases, size_t n, int small_cache)
{
	for (size_t i = 0; i < n; i++) {
		if (!ok(cases[i].nth > 0, "the dry run has a call for: %s", cases[i].where))
			continue;
		for (int how = 1; how <= ALL; how <<= 1)
			if (cases[i].how & how)
				run_case(&cases[i], how, small_cache);
	}
}

/* Everything SQLite writes for a transaction that fits in its cache:
 * the journal (header, then page number, page image and checksum per
 * page), two journal syncs around the header's record count, the
 * database pages, and the database sync. */
static void
run_in_cache(void)
{
	struct plan pl;
	int nw;

	dry_run(0, &pl);
	nw = letters(&pl, 'w');
	const struct fcase cases[] = {
	    {OP_WRITE, nth_of(&pl, 'w', 0), "journal header", USUAL},
	    {OP_WRITE, nth_of(&pl, 'w', 1), "first journal record: page number", USUAL},
	    {OP_WRITE, nth_of(&pl, 'w', 2), "first journal record: page image", USUAL},
	    {OP_WRITE, nth_of(&pl, 'w', 3), "first journal record: checksum", USUAL},
	    {OP_WRITE, nth_of(&pl, 'w', nw / 2), "journal, middle", USUAL},
	    {OP_WRITE, nth_of(&pl, 'w', -2), "last journal record", USUAL},
	    {OP_WRITE, first_after(&pl, 's', 'w'), "journal header update at commit", ALL},
	    {OP_WRITE, nth_of(&pl, 'W', 0), "first database page at commit", ALL},
	    {OP_WRITE, nth_of(&pl, 'W', 1), "second database page at commit", USUAL},
	    {OP_WRITE, nth_of(&pl, 'W', letters(&pl, 'W') / 2), "database page, middle", USUAL},
	    {OP_WRITE, nth_of(&pl, 'W', -1), "last database page at commit", USUAL},
	    {OP_SYNC, nth_of(&pl, 's', 0), "first journal sync", ALL},
	    {OP_SYNC, nth_of(&pl, 's', -1), "last journal sync", ALL},
	    {OP_SYNC, nth_of(&pl, 'S', -1), "database sync at commit", ALL},
	};

	run_cases(cases, sizeof cases / sizeof cases[0], 0);
}

/* Pages spilled into the database before COMMIT: the journal must be
 * synced first, and a fault anywhere here still has to roll back. */
static void
run_small_cache(void)
{
	struct plan pl;

	dry_run(1, &pl);
	const struct fcase cases[] = {
	    {OP_SYNC, nth_of(&pl, 's', 0), "journal sync before the first spill", USUAL},
	    {OP_WRITE, nth_of(&pl, 'W', 0), "first page spilled before commit", USUAL},
	    {OP_WRITE, first_after(&pl, 'W', 'w'), "new journal segment after a spill", USUAL},
	    {OP_WRITE, nth_of(&pl, 'W', letters(&pl, 'W') / 2), "database page, middle", USUAL},
	    {OP_SYNC, nth_of(&pl, 's', -1), "last journal sync", USUAL},
	    {OP_SYNC, nth_of(&pl, 'S', -1), "database sync at commit", USUAL},
	};

	run_cases(cases, sizeof cases / sizeof cases[0], 1);
}

/* ---------------------------------------------------------------- at create time */

static int
create_faulty(const char *path, char *err, size_t n)
{
	char code[DB_RECOVERY_CODE_LEN];
	db *d = NULL;
	int rc = db_create(path, TU_ADMIN, TU_PASS, DB_KDF_INTERACTIVE, code, &faulty_opts, &d,
	                   err, n);

	if (d)
		db_close(d);
	return rc;
}

/* db_create removes a database whose first migration failed, and the
 * path is then free for a new one. */
static void
create_case(const struct fcase *c, int how)
{
	int err = how & (FULL_STICKY | FULL_ONCE) ? ENOSPC : EIO;
	int sticky = (how & (FULL_STICKY | EIO_STICKY)) != 0;
	char name[200], file[32], why[DB_ERR_MAX] = "";
	const char *path;
	struct db_verify v;
	int rc;
	db *d;

	snprintf(file, sizeof file, "create%d.db", ++case_no);
	path = tu_path(tu_tmpdir(), file);
	snprintf(name, sizeof name, "create, %s on %s %d (%s)%s", err == ENOSPC ? "ENOSPC" : "EIO",
	         c->op == OP_WRITE ? "write" : "sync", c->nth, c->where,
	         sticky ? " and every call after" : " once");
	fault_arm(c->op, c->nth, err, sticky);
	rc = create_faulty(path, why, sizeof why);
	fault_disarm();
	if (!ok(rc != 0 && F.fired > 0, "%s: db_create fails", name))
		tap_diag("  rc %d, fault fired %d times", rc, F.fired);
	has_str(why, expected_sentence(err), "the message says what happened to the disk");
	ok(!exists(path), "%s: no database file is left", name);
	ok(!exists(journal_of(path)), "%s: no journal is left", name);
	{
		const char *base = strrchr(path, '/');
		ok(stray_files(base ? base + 1 : path) == 0, "%s: no scratch file is left", name);
	}
	d = tu_create(path);
	ok(db_verify(d, &v) == 0 && v.schema_version >= 1,
	   "%s: a new database can be made at the same path", name);
	db_close(d);
}

/* A first migration whose rollback cannot finish (the disk keeps failing
 * from the database sync on) leaves SQLite's journal behind, and db_create
 * removes only the database.  The journal is hot for whatever file is put
 * at that path next: restore a backup there and the next open plays the
 * journal back, truncating the backup to the journal's original size of
 * zero pages; the migration then builds an empty schema on top.  Every
 * record is gone while integrity_check and db_verify both say ok. */
static void
create_stray_journal(int db_sync)
{
	const char *path = tu_path(tu_tmpdir(), "stray.db");
	char why[DB_ERR_MAX] = "", err[DB_ERR_MAX];
	uint64_t got = 0;
	long rows = -1;
	db *d;

	fault_arm(OP_SYNC, db_sync, ENOSPC, 1);
	ok(create_faulty(path, why, sizeof why) != 0 && F.fired > 0,
	   "create, ENOSPC on sync %d (database sync) and every call after: db_create fails",
	   db_sync);
	fault_disarm();
	has_str(why, expected_sentence(ENOSPC), "the message says the disk is full");
	ok(!exists(path), "create, failing database sync: no database file is left");
	ok(!exists(journal_of(path)) && stray_files("stray.db") == 0,
	   "create, failing database sync: no journal or scratch file is left");
	/* Someone restores a backup to the path the failed init used. */
	if (tu_copy_file(template_path, path) != 0)
		tap_bail("cannot copy the template");
	if (db_open(path, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) == 0) {
		got = digest(d, 1, &rows);
		db_close(d);
	} else {
		tap_diag("  %s", err);
	}
	ok(got == base_digest && rows == BASE_ROWS, "a backup restored to that path keeps its rows");
	if (rows != BASE_ROWS)
		tap_diag("  the restored backup has %ld of its %d rows", rows < 0 ? 0 : rows,
		         BASE_ROWS);
}

static void
run_create(void)
{
	struct plan pl;
	char why[DB_ERR_MAX] = "";

	memset(&F, 0, sizeof F);
	if (!ok(create_faulty(tu_path(tu_tmpdir(), "create-dry.db"), why, sizeof why) == 0,
	        "dry run: db_create over faulty works"))
		tap_diag("  %s", why);
	snprintf(pl.trace, sizeof pl.trace, "%s", F.trace);
	tap_diag("create: %d writes, %d syncs: %s", F.writes, F.syncs, pl.trace);
	/* The database sync failing for good is create_stray_journal's. */
	const struct fcase cases[] = {
	    {OP_WRITE, nth_of(&pl, 'w', 0), "journal header, at BEGIN IMMEDIATE", USUAL},
	    {OP_WRITE, nth_of(&pl, 'W', 0), "first database page", USUAL},
	    {OP_WRITE, nth_of(&pl, 'W', -1), "last database page", USUAL},
	    {OP_SYNC, nth_of(&pl, 's', 0), "first journal sync", USUAL},
	    {OP_SYNC, nth_of(&pl, 'S', -1), "database sync", EIO_ONCE | FULL_ONCE},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!ok(cases[i].nth > 0, "the create dry run has a call for: %s", cases[i].where))
			continue;
		for (int how = 1; how <= ALL; how <<= 1)
			if (cases[i].how & how)
				create_case(&cases[i], how);
	}
	create_stray_journal(nth_of(&pl, 'S', -1));
}

/* ---------------------------------------------------------------- the container header */

#define NEW_PASS "a brand new passphrase"

static int
opens_with(const char *path, const char *pass)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, TU_ADMIN, pass, NULL, &d, err, sizeof err) != 0)
		return 0;
	db_close(d);
	return 1;
}

/* A passphrase change rewrites the header copies in place, outside
 * SQLite's journal.  Whatever the disk does, the caller must be told the
 * truth: if the call says the change was not saved, the old passphrase
 * must still open the file.  Today, once the first copy has reached the
 * file the new passphrase is in effect, yet the call reports "the change
 * was not saved": a person who believes it types the old passphrase at
 * the next login and is locked out. */
static void
header_case(int nth_write, int nth_sync, const char *where)
{
	char name[160], file[32];
	const char *path;
	int rc, old_ok, new_ok, truthful;
	db *d;

	snprintf(file, sizeof file, "header%d.db", ++case_no);
	path = tu_path(tu_tmpdir(), file);
	snprintf(name, sizeof name, "passphrase change, EIO on %s %d (%s)",
	         nth_write ? "write" : "sync", nth_write ? nth_write : nth_sync, where);
	d = open_copy(path, 0);
	fault_arm(nth_write ? OP_WRITE : OP_SYNC, nth_write ? nth_write : nth_sync, EIO, 0);
	rc = db_set_passphrase(d, TU_ADMIN, NEW_PASS, DB_KDF_INTERACTIVE, 0);
	fault_disarm();
	ok(F.fired > 0, "%s: the fault hit the header", name);
	if (rc != 0)
		has_str(db_errmsg(d), expected_sentence(EIO), "the failure names the disk error");
	else
		ok(1, "the failure names the disk error # skip the call succeeded");
	db_close(d);
	old_ok = opens_with(path, TU_PASS);
	new_ok = opens_with(path, NEW_PASS);
	ok(old_ok || new_ok, "%s: one of the two passphrases opens the file", name);
	truthful = rc != 0 ? old_ok && !new_ok : new_ok && !old_ok;
	snprintf(name + strlen(name), sizeof name - strlen(name), ": the passphrase that opens "
	         "the file is the one the call reported");
	ok(truthful, "%s", name);
	if (!truthful)
		tap_diag("  call %s; old passphrase opens: %s, new: %s", rc ? "failed" : "succeeded",
		         old_ok ? "yes" : "no", new_ok ? "yes" : "no");
}

static void
run_header(void)
{
	const char *path = tu_path(tu_tmpdir(), "header-dry.db");
	struct plan pl;
	int rc;
	db *d = open_copy(path, 0);

	memset(&F, 0, sizeof F);
	rc = db_set_passphrase(d, TU_ADMIN, NEW_PASS, DB_KDF_INTERACTIVE, 0);
	snprintf(pl.trace, sizeof pl.trace, "%s", F.trace);
	db_close(d);
	ok(rc == 0 && opens_with(path, NEW_PASS) && !opens_with(path, TU_PASS),
	   "dry run: a passphrase change over faulty works");
	tap_diag("passphrase change: %s", pl.trace);
	/* The first header copy, then (so an old passphrase survives in
	 * neither) the second: each a write and a sync of the database file. */
	header_case(nth_of(&pl, 'W', 0), 0, "first header copy");
	header_case(0, nth_of(&pl, 'S', 0), "first header copy");
	if (letters(&pl, 'W') > 1) {
		header_case(nth_of(&pl, 'W', 1), 0, "second header copy");
		header_case(0, nth_of(&pl, 'S', 1), "second header copy");
	}
}

int
main(void)
{
	faulty_register();
	make_template();
	run_in_cache();
	run_small_cache();
	run_create();
	run_header();
	return tap_done();
}
