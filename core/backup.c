/* SPDX-License-Identifier: ISC */
/*
 * backup.c - copying a live database, whole or not at all, checked first.
 *
 * Every page on the disk is already sealed (store/vault.c), so a backup has
 * nothing to decrypt: it copies the file's bytes, header and key slots
 * included, and the copy opens with the same users and passphrases.  What
 * makes the copy one moment of the database and not a mix of two is
 * locking.  In a rollback journal a writer changes the database file
 * only while it holds SQLite's EXCLUSIVE lock, which it cannot take while
 * any reader holds SHARED; with the write-ahead log every open keeps
 * (db_wal.c), the backup also holds the writers' turn, which every commit
 * and every fold of the log into the file needs (backup_log.c).
 *
 * Holding SHARED for a whole copy would make every save wait for it (and
 * a save gives up after its 5 s busy timeout: a 500 MiB file took 9 s on
 * a slow disk).  So the copy is made in two passes:
 *   1. without a lock, every byte to the temporary file: writers go on,
 *      and what arrives may mix moments, or hold a page read half old and
 *      half new while it was being written;
 *   2. holding SHARED, as every reader does, every byte of the source is
 *      compared with the copy, both read from the page cache, and what
 *      differs is written again; the copy takes the source's size.
 * After the second pass the copy is the source at one moment, byte for
 * byte, and the lock was held for two reads from memory, not a write to
 * the disk: readers are never held up, and a save waits that long.
 * When nobody saved during the first pass -- the usual case at night --
 * the second pass is skipped: page 1 shows it in microseconds (see
 * note_first()), so the lock is held for that alone, whatever the size.
 *
 * The lock is taken through SQLite's unix VFS, on a file opened here
 * without the vault: no key is needed to copy ciphertext, so the nightly
 * backup needs no one's passphrase.  Going through the unix VFS and not
 * open(2) matters twice: its locks are SQLite's, byte for byte, and it
 * knows every descriptor this process has on the file, so closing ours
 * never drops the locks of a connection open here (a plain close(2)
 * would: POSIX locks belong to the process, not the descriptor).
 *
 * With a write-ahead log, the shared lock does not keep commits and
 * checkpoints out, and commits may sit in FILE-wal: backup_log.c also
 * holds the writers' turn for the locked part and folds the log into the
 * file (with a key) or makes sure it holds nothing the file lacks.
 *
 * Two states of the file are not a snapshot:
 *   a hot journal   a crash left FILE-journal behind and the file holds a
 *                   half-written change, which the next open rolls back.
 *                   Rolling back needs the key, so without one the backup
 *                   refuses; with one, SQLite rolls it back first.
 *   a header write  key slots are rewritten under a writer's RESERVED
 *                   lock, not EXCLUSIVE, so the header may change under a
 *                   reader.  It is written one 8 KiB copy at a time, each
 *                   with its checksum, newest generation wins: a header
 *                   read at any moment has a whole copy, old or new, and
 *                   either opens the pages (a key rotation keeps the
 *                   previous key until every page has moved, which takes
 *                   EXCLUSIVE).
 *
 * The copy is checked before it takes its name.  Without a key: its
 * size (the header and whole pages), its header's checksums, and its
 * bytes read back from the disk against a BLAKE2b digest of what the
 * second pass left in the page cache.  With a key, also what passage verify checks: the copy
 * is unlocked with the same name and passphrase, every page authenticated,
 * and SQLite's integrity_check run.
 */
#include "backup.h"
#include "backup_raw.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "backup_log.h"
#include "keyring.h"
#include "outfile.h"
#include "session.h"
#include "sqldb.h"
#include "vault.h"

#define CHUNK (1u << 20)
#define WRITEBACK (32u * CHUNK) /* see write_behind() */
#define FIRST (VAULT_HEADER_SIZE + VAULT_PAGE_SIZE) /* the header and page 1 */
#define LOCK_WAIT_MS 10000

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- checks */

static int
header_check(const char *src, const uint8_t *hdr, size_t got, char *err, size_t errlen)
{
	struct kr_header *h;
	int krc;

	if (got < VAULT_HEADER_SIZE) {
		snprintf(err, errlen, "%s is not a Passage database; nothing was written", src);
		return -1;
	}
	if (!(h = malloc(sizeof *h))) {
		snprintf(err, errlen, "out of memory; nothing was written");
		return -1;
	}
	krc = keyring_parse(hdr, h);
	free(h);
	if (krc == KR_OK)
		return 0;
	if (krc == KR_ENOTPASSAGE)
		snprintf(err, errlen, "%s is not a Passage database; nothing was written", src);
	else
		snprintf(err, errlen, "%s: %s; nothing was written", src, keyring_strerror(krc));
	return -1;
}

/* What a Passage file's size must be: the header, then whole pages. */
static int
size_check(const char *src, sqlite3_int64 size, char *err, size_t errlen)
{
	if (size >= (sqlite3_int64)(VAULT_HEADER_SIZE + VAULT_PAGE_SIZE) &&
	    (size - VAULT_HEADER_SIZE) % VAULT_PAGE_SIZE == 0)
		return 0;
	snprintf(err, errlen, "%s is damaged: its size (%lld bytes) is not a header and whole "
	         "pages; nothing was written", src, (long long)size);
	return -1;
}

/* The folder exists (outfile_open says so otherwise); what is at dest
 * and beside it must not be lost or played into the copy. */
static int
dest_check(const char *src, const char *dest, int force, char *err, size_t errlen)
{
	struct stat s, d;
	char journal[PATH_MAX + 16];

	if (stat(dest, &d) == 0) {
		if (S_ISDIR(d.st_mode)) {
			snprintf(err, errlen, "cannot write %s: that is a folder; give the backup a "
			         "file name; nothing was written", dest);
			return -1;
		}
		if (stat(src, &s) == 0 && s.st_dev == d.st_dev && s.st_ino == d.st_ino) {
			snprintf(err, errlen, "%s is the database itself: choose another name; "
			         "nothing was written", dest);
			return -1;
		}
		if (!force) {
			snprintf(err, errlen, "%s already exists: give --force to replace it; "
			         "nothing was written", dest);
			return -1;
		}
	}
	/* A journal left beside dest by a crash would be played back into
	 * the new copy the first time it is opened. */
	if (snprintf(journal, sizeof journal, "%s-journal", dest) < (int)sizeof journal &&
	    lstat(journal, &d) == 0) {
		snprintf(err, errlen, "%s exists: a session had %s open when it stopped, and its "
		         "unfinished change would be played into the copy; move it away first; "
		         "nothing was written", journal, dest);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- audit */

struct audit_arg {
	const char *dest;
	uint32_t pages;
};

static int
audit_backup(struct session *s, void *arg)
{
	const struct audit_arg *a = arg;
	char detail[1001];

	snprintf(detail, sizeof detail, "to %s, %u pages, every page authenticated", a->dest,
	         a->pages);
	return audit_log(s, "backup", "database", 0, 0, detail);
}

/* ---------------------------------------------------------------- copying */

struct job {
	const char *src, *dest;
	const struct backup_options *o;
	struct raw raw;
	struct backup_log log; /* the writers held out, the log folded in */
	struct outfile out;
	uint8_t *buf, *old; /* CHUNK bytes each */
	uint64_t size;
	uint32_t recopied;
	/* The header and page 1 as they were, under SHARED, just before the
	 * first pass, and the file's size then (first_ok: they were read). */
	uint8_t first[FIRST];
	sqlite3_int64 first_size;
	struct stat first_st;
	int first_ok;
	uint8_t digest[crypto_generichash_BYTES];
	char *err;
	size_t errlen;
};

static int
pwrite_all(int fd, const uint8_t *p, size_t n, uint64_t off)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : ENOSPC;
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

/* n bytes of the source at off into j->buf; 0, or -1 with a sentence.
 * Past the end (the file shrank while no lock was held) reads zeros. */
static int
read_source(struct job *j, size_t n, uint64_t off)
{
	int rc = j->raw.f->pMethods->xRead(j->raw.f, j->buf, (int)n, (sqlite3_int64)off);

	if (rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ)
		return 0;
	snprintf(j->err, j->errlen, "%s could not be read; nothing was written", j->src);
	return -1;
}

static int
write_copy(struct job *j, const uint8_t *p, size_t n, uint64_t off)
{
	int e = pwrite_all(fileno(j->out.f), p, n, off);

	if (e)
		outfile_error(j->dest, e, j->err, j->errlen);
	return e ? -1 : 0;
}

/*
 * The first pass's write of n bytes of the source at off, from j->buf:
 * all of them but the lock page while it is zeros (vault_page_unsealed),
 * which stays a hole in the copy as in the source, and reads as the zeros
 * it is.  Chunks are whole pages after the header, so the page is wholly
 * inside one or not in it.
 */
static int
write_chunk(struct job *j, size_t n, uint64_t off)
{
	uint64_t lock = VAULT_HEADER_SIZE + (uint64_t)(vault_lock_page() - 1) * VAULT_PAGE_SIZE;
	size_t head, tail;

	if (lock < off || lock + VAULT_PAGE_SIZE > off + n ||
	    !vault_page_unsealed(vault_lock_page(), j->buf + (lock - off)))
		return write_copy(j, j->buf, n, off);
	head = (size_t)(lock - off);
	tail = head + VAULT_PAGE_SIZE;
	if (write_copy(j, j->buf, head, off) != 0)
		return -1;
	return n > tail ? write_copy(j, j->buf + tail, n - tail, off + tail) : 0;
}

/*
 * A copy of gigabytes written at once leaves gigabytes of dirty pages for
 * the kernel to write, and a save's fsync on the same disk then waits
 * behind them (seconds, measured at a million people).  So the copy is
 * sent to the disk as it goes: each WRITEBACK bytes are started, and the
 * ones before them waited for, which keeps what is dirty to two windows.
 * Errors are left to the fsync at the end, which reports them.
 */
static void
write_behind(int fd, uint64_t end)
{
	(void)sync_file_range(fd, (off64_t)(end - WRITEBACK), WRITEBACK, SYNC_FILE_RANGE_WRITE);
	if (end >= 2 * (uint64_t)WRITEBACK)
		(void)sync_file_range(fd, (off64_t)(end - 2 * WRITEBACK), WRITEBACK,
		                      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
		                      SYNC_FILE_RANGE_WAIT_AFTER);
}

/*
 * The bulk of the copy, with no lock: writers go on committing, so what
 * arrives may mix moments, and a page being written may even be read
 * half old and half new.  settle_locked() puts that right.
 */
static int
copy_unlocked(struct job *j)
{
	sqlite3_int64 size;

	if (j->raw.f->pMethods->xFileSize(j->raw.f, &size) != SQLITE_OK) {
		snprintf(j->err, j->errlen, "%s could not be read; nothing was written", j->src);
		return -1;
	}
	for (uint64_t off = 0; off < (uint64_t)size;) {
		size_t n = (uint64_t)size - off < CHUNK ? (size_t)((uint64_t)size - off) : CHUNK;
		if (read_source(j, n, off) != 0 || write_chunk(j, n, off) != 0)
			return -1;
		off += n;
		if (off % WRITEBACK == 0)
			write_behind(fileno(j->out.f), off);
		if (j->o->progress)
			j->o->progress(j->o->ctx, off, (uint64_t)size);
	}
	return 0;
}

/*
 * Holding SHARED, no writer can commit: the source is one moment now.
 * Every byte of it is compared with the copy, both read from the page
 * cache, and what differs -- pages committed since the first pass, or
 * read torn by it -- is written again; the copy takes the source's size.
 * This costs a read of both files, not a write of one: the lock is held
 * for far less than a whole copy would take.
 */
static int
settle_locked(struct job *j)
{
	int fd = fileno(j->out.f);
	sqlite3_int64 size;

	if (j->raw.f->pMethods->xFileSize(j->raw.f, &size) != SQLITE_OK) {
		snprintf(j->err, j->errlen, "%s could not be read; nothing was written", j->src);
		return -1;
	}
	if (size_check(j->src, size, j->err, j->errlen) != 0)
		return -1;
	j->size = (uint64_t)size;
	if (ftruncate(fd, (off_t)size) != 0) {
		outfile_error(j->dest, errno, j->err, j->errlen);
		return -1;
	}
	for (uint64_t off = 0; off < j->size;) {
		size_t n = j->size - off < CHUNK ? (size_t)(j->size - off) : CHUNK;
		ssize_t got;
		if (read_source(j, n, off) != 0)
			return -1;
		if (off == 0 && header_check(j->src, j->buf, n, j->err, j->errlen) != 0)
			return -1;
		got = pread(fd, j->old, n, (off_t)off);
		for (size_t p = 0; p < n; p += VAULT_PAGE_SIZE) {
			size_t len = n - p < VAULT_PAGE_SIZE ? n - p : VAULT_PAGE_SIZE;
			if (got >= (ssize_t)(p + len) && memcmp(j->buf + p, j->old + p, len) == 0)
				continue;
			if (write_copy(j, j->buf + p, len, off + p) != 0)
				return -1;
			j->recopied++;
		}
		off += n;
	}
	return 0;
}

/*
 * The header, page 1 and the size of the source into first and *size:
 * 0, or -1 if they cannot be read.
 */
static int
read_first(struct job *j, uint8_t first[FIRST], sqlite3_int64 *size)
{
	if (j->raw.f->pMethods->xFileSize(j->raw.f, size) != SQLITE_OK || *size < (int64_t)FIRST)
		return -1;
	return j->raw.f->pMethods->xRead(j->raw.f, first, (int)FIRST, 0) == SQLITE_OK ? 0 : -1;
}

/*
 * Every commit in rollback mode rewrites page 1 (SQLite's change counter
 * is there), and the vault seals every page it writes with a fresh random
 * nonce, so page 1's bytes on the disk change with every commit.  But a
 * transaction that spills pages from a full cache writes them before it
 * commits, and if it then rolls back, the pages are put back and page 1
 * never changed: a copy that read them in between holds a change that
 * never happened.  Any write moves the file's modification and change
 * times, though, so those are compared too.  The kernel stamps them with
 * a clock that ticks coarsely, so a write in the same tick as the last one
 * before the snapshot could leave them as they were: the fast path is
 * only taken when the snapshot's modification time is QUIET_S older than
 * the clock, so that any later write must stamp a different one.
 *
 * So if the header, page 1, the size and the times are what they were
 * under SHARED just before the first pass, nothing was written since, and
 * nothing was under way then (SHARED keeps writers out): the first pass
 * copied one moment, with no page read torn, and there is nothing to
 * settle.  This is what makes the lock a matter of microseconds on a quiet
 * night, whatever the file's size; when someone saved meanwhile, or lately,
 * settle_locked() compares it all.
 */
#define QUIET_S 2

static int
quiet_since(const struct stat *st)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return now.tv_sec - st->st_mtim.tv_sec > QUIET_S;
}

static int
same_times(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static void
note_first(struct job *j, const char *journal, int wait)
{
	j->first_ok = 0;
	if (raw_lock(&j->raw, wait) != SQLITE_OK)
		return;
	j->first_ok = !journal_is_hot(&j->raw, journal) &&
	              read_first(j, j->first, &j->first_size) == 0 &&
	              stat(j->raw.name, &j->first_st) == 0 && quiet_since(&j->first_st);
	raw_unlock(&j->raw);
}

/* Under SHARED: 1 if nothing was committed since note_first(). */
static int
unchanged_since_first(struct job *j)
{
	uint8_t now[FIRST];
	sqlite3_int64 size;

	struct stat st;

	if (!j->first_ok || read_first(j, now, &size) != 0 || size != j->first_size ||
	    memcmp(now, j->first, FIRST) != 0 || stat(j->raw.name, &st) != 0 ||
	    !same_times(&st, &j->first_st))
		return 0;
	if (size_check(j->src, size, j->err, j->errlen) != 0 ||
	    header_check(j->src, now, FIRST, j->err, j->errlen) != 0) {
		j->err[0] = 0; /* settle_locked() says it again, the same way */
		return 0;
	}
	j->size = (uint64_t)size;
	/* The copy has that size already; this only makes sure of it. */
	return ftruncate(fileno(j->out.f), (off_t)size) == 0;
}

/* Copies, then takes SHARED and settles the copy.  With a key, a hot
 * journal is rolled back by SQLite (a read transaction on the source does
 * it) and the copy settled once more. */
static int
copy(struct job *j, struct backup_result *r)
{
	char journal[PATH_MAX + 16];
	int wait = j->o->lock_ms > 0 ? j->o->lock_ms : LOCK_WAIT_MS;
	double t0;
	int rc;

	snprintf(journal, sizeof journal, "%s-journal", j->raw.name);
	t0 = now_s();
	note_first(j, journal, wait);
	r->lock_seconds += now_s() - t0;
	if (copy_unlocked(j) != 0)
		return -1;
	for (int attempt = 0;; attempt++) {
		t0 = now_s();
		if (backup_log_hold(&j->log, j->o->s ? j->o->s->db : NULL, j->raw.name, j->src, wait,
		                    j->err, j->errlen) != 0)
			return -1;
		if ((rc = raw_lock(&j->raw, wait)) != SQLITE_OK) {
			backup_log_release(&j->log);
			if ((rc & 0xff) == SQLITE_BUSY)
				snprintf(j->err, j->errlen, "%s: a change kept the database busy for "
				         "%d seconds; nothing was written: try again", j->src,
				         wait / 1000);
			else
				snprintf(j->err, j->errlen, "%s could not be locked for reading (%s); "
				         "nothing was written", j->src, sqlite3_errstr(rc));
			return -1;
		}
		if (!journal_is_hot(&j->raw, journal))
			break;
		raw_unlock(&j->raw);
		backup_log_release(&j->log);
		r->lock_seconds += now_s() - t0;
		if (attempt > 0 || !j->o->s) {
			snprintf(j->err, j->errlen, "%s has an unfinished change that a crash left "
			         "in %s: unlock it once (passage verify) so that the change is rolled "
			         "back, then back up again; nothing was written", j->src, journal);
			return -1;
		}
		j->first_ok = 0; /* the rollback rewrites pages: compare them all */
		if (db_begin_read(j->o->s->db) != 0) {
			snprintf(j->err, j->errlen, "%s: %s; nothing was written", j->src,
			         db_errmsg(j->o->s->db));
			return -1;
		}
		db_commit(j->o->s->db);
	}
	r->compared = !unchanged_since_first(j);
	rc = r->compared ? settle_locked(j) : 0;
	raw_unlock(&j->raw);
	backup_log_release(&j->log);
	r->lock_seconds += now_s() - t0;
	return rc;
}

/* Reads the whole copy into a digest: 0, or -1 when it cannot be read
 * or has not the size it must. */
static int
digest_copy(struct job *j, int fd, uint8_t out[crypto_generichash_BYTES])
{
	crypto_generichash_state h;
	uint64_t off = 0;

	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
	while (off < j->size) {
		ssize_t n = pread(fd, j->buf, CHUNK, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		crypto_generichash_update(&h, j->buf, (size_t)n);
		off += (uint64_t)n;
	}
	crypto_generichash_final(&h, out, crypto_generichash_BYTES);
	return 0;
}

/*
 * The copy as the disk has it.  Its digest is taken as written (the page
 * cache holds what settle_locked compared with the source), then it is
 * synced, dropped from the page cache so that it is read from the disk,
 * and read again: the two digests must agree, and its header must parse.
 */
static int
read_back(struct job *j)
{
	uint8_t got[crypto_generichash_BYTES];
	int fd, rc = -1, said = 0;

	if (fflush(j->out.f) != 0 || digest_copy(j, fileno(j->out.f), j->digest) != 0 ||
	    fsync(fileno(j->out.f)) != 0) {
		outfile_error(j->dest, errno ? errno : EIO, j->err, j->errlen);
		return -1;
	}
	if ((fd = open(j->out.tmp, O_RDONLY | O_CLOEXEC)) < 0) {
		outfile_error(j->dest, errno, j->err, j->errlen);
		return -1;
	}
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (pread(fd, j->buf, VAULT_HEADER_SIZE, 0) == (ssize_t)VAULT_HEADER_SIZE &&
	    header_check(j->dest, j->buf, VAULT_HEADER_SIZE, j->err, j->errlen) != 0)
		said = 1;
	else if (digest_copy(j, fd, got) == 0 && sodium_memcmp(got, j->digest, sizeof got) == 0)
		rc = 0;
	close(fd);
	if (rc != 0 && !said)
		snprintf(j->err, j->errlen, "the copy read back from %s's disk differs from what "
		         "was written: the disk may be failing; nothing was written", j->dest);
	return rc;
}

/* Unlocks the copy as the user, authenticates every page and checks the
 * structure, as passage verify does. */
static int
verify_with_key(struct job *j, struct backup_result *r)
{
	struct db_verify v;
	char why[DB_ERR_MAX];
	db *c;
	int rc;

	if (db_open(j->out.tmp, j->o->s->user, j->o->pass, NULL, &c, why, sizeof why) != 0) {
		snprintf(j->err, j->errlen, "the copy does not open (%s); nothing was written", why);
		return -1;
	}
	if (j->o->check)
		db_set_progress(c, j->o->check, j->o->check_ctx);
	rc = db_verify(c, &v);
	if (rc != 0)
		snprintf(j->err, j->errlen, "the copy failed its check (%s); nothing was written",
		         db_errmsg(c));
	db_close(c);
	if (rc != 0)
		return -1;
	r->pages = v.pages;
	/* Recorded before the copy takes its name: a backup that cannot
	 * be recorded is not kept. */
	struct audit_arg a = {j->dest, v.pages};
	if (session_write(j->o->s, audit_backup, &a) != 0) {
		snprintf(j->err, j->errlen, "the backup could not be recorded in the audit log "
		         "(%s); nothing was written", j->o->s->err);
		return -1;
	}
	r->authenticated = 1;
	return 0;
}

static void
discard(struct job *j)
{
	char journal[OUTFILE_PATH_MAX + 16];

	if (j->out.tmp[0] &&
	    snprintf(journal, sizeof journal, "%s-journal", j->out.tmp) < (int)sizeof journal)
		unlink(journal);
	outfile_abort(&j->out);
}

int
backup_write(const char *src, const char *dest, const struct backup_options *o,
             struct backup_result *r, char *err, size_t errlen)
{
	struct job j = {0};
	char *abs;
	int rc = -1;

	memset(r, 0, sizeof *r);
	r->seconds = now_s();
	if ((o->s != NULL) != (o->pass != NULL)) {
		snprintf(err, errlen, "a backup with a key needs a session and its passphrase");
		return -1;
	}
	if (db_init() != 0) {
		snprintf(err, errlen, "the encryption library could not start");
		return -1;
	}
	if (!(abs = realpath(src, NULL))) {
		snprintf(err, errlen, "%s: %s; nothing was written", src,
		         errno == ENOENT ? "no such file" : "the file could not be opened");
		return -1;
	}
	j.log.turn_fd = -1;
	j.src = src;
	j.dest = dest;
	j.o = o;
	j.err = err;
	j.errlen = errlen;
	if (dest_check(abs, dest, o->force, err, errlen) != 0)
		goto out;
	if (raw_open(&j.raw, abs) != SQLITE_OK) {
		snprintf(err, errlen, "%s: the file could not be opened; nothing was written", src);
		goto out;
	}
	if (!(j.buf = malloc(CHUNK)) || !(j.old = malloc(CHUNK))) {
		snprintf(err, errlen, "out of memory; nothing was written");
		goto out;
	}
	/* Refuse what is no Passage database before making any file. */
	if (j.raw.f->pMethods->xRead(j.raw.f, j.buf, VAULT_HEADER_SIZE, 0) != SQLITE_OK) {
		snprintf(err, errlen, "%s is not a Passage database; nothing was written", src);
		goto out;
	}
	if (header_check(src, j.buf, VAULT_HEADER_SIZE, err, errlen) != 0 ||
	    outfile_open(&j.out, dest, err, errlen) != 0)
		goto out;
	if (copy(&j, r) != 0 || read_back(&j) != 0 || (o->s && verify_with_key(&j, r) != 0)) {
		discard(&j);
		goto out;
	}
	r->bytes = j.size;
	r->recopied = j.recopied;
	r->pages = (uint32_t)((j.size - VAULT_HEADER_SIZE) / VAULT_PAGE_SIZE);
	if ((o->force ? outfile_commit : outfile_commit_new)(&j.out, err, errlen) != 0) {
		if (!o->force && strstr(err, "exists already"))
			snprintf(err, errlen, "%s already exists: give --force to replace it; "
			         "nothing was written", dest);
		goto out;
	}
	rc = 0;
out:
	raw_close(&j.raw);
	backup_log_close(&j.log);
	free(j.buf);
	free(j.old);
	free(abs);
	r->seconds = now_s() - r->seconds;
	return rc;
}

