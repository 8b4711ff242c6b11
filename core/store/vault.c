/* SPDX-License-Identifier: ISC */
/*
 * vault.c - the encrypting VFS shim under SQLite.
 *
 * Debian's SQLite cannot be rebuilt with a codec, so encryption happens one
 * level down: this VFS wraps another (normally "unix") and sees every read
 * and write SQLite makes.  SQLite keeps its own locking, journal and crash
 * recovery; the shim only turns page images into ciphertext and back.
 *
 * Stored page (4096 bytes, sealed and opened by vault_codec.c): 4056 bytes
 * of ciphertext of SQLite's bytes 0..4055, a 24-byte nonce (byte 0 = key
 * epoch, the rest random) and a 16-byte Poly1305 tag.  SQLite is told to
 * keep 40 bytes of every page in reserve, so nothing of its own lives
 * where nonce and tag go.
 *
 * THE INVARIANT.  SQLite must never see nonce or tag: after decrypting, the
 * reserved bytes are handed over as zeros, and a write is encrypted into
 * the shim's own buffer, never SQLite's.  SQLite checksums WAL frames over
 * the whole page it holds; leaking nonce and tag into its view would make
 * recovery drop committed transactions while integrity_check says ok.  In
 * rollback mode SQLite's journal checksum samples bytes at pageSize-200k,
 * which miss the reserve, so as a second line the shim also refuses any
 * page write whose reserve is not zero: a leak shows up as a failed write
 * instead of hiding.  tests/crash.c proves the crash test sees the leak.
 *
 * Which rule applies is decided by file type and offset, never by the order
 * of calls:
 *   main database   whole aligned pages only, after a 16 KiB header; small
 *                   reads inside page 1 come from a cached decrypted page 1
 *   rollback journal a 4096-byte write or read at offset = 4 (mod 8) is a
 *                   page image; its page number is the 4 bytes before it
 *                   headers sealed, and a hot journal checked whole
 *                   before SQLite plays it back (vault_journal.c)
 *   write-ahead log frames sealed with their offset and header (vault_wal.c)
 *   anything else   temporary files, super-journals: refused
 * Memory-mapped I/O is off (io methods version 2 has no xFetch); the
 * shared-memory methods pass to the VFS below, but for the checkpoint
 * lock, which the vault grants only with the writer lock (vault_wal.c).
 *
 * The VFS is four files: this one reads and writes the pages of each kind
 * of file and opens them; vault_bind.c keeps which paths are bound to
 * which keys; vault_fcntl.c answers the file controls (pragmas refused,
 * the verify walk, the search for pages under an old key); vault_vfs.c
 * passes the VFS's other methods to the one below and registers it.
 * What they share is in vault_private.h.
 */
#include "vault.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "turn.h"
#include "vault_journal.h"
#include "vault_private.h"
#include "vault_wal.h"

/* ---------------------------------------------------------------- refusals */

static _Thread_local char refusal[256];
static _Thread_local uint32_t failed_page;
static _Thread_local int failed_journal;

uint32_t
vault_last_failed_page(int *journal)
{
	if (journal)
		*journal = failed_journal;
	return failed_page;
}

void
vault_refuse(const char *msg)
{
	snprintf(refusal, sizeof refusal, "%s", msg);
}

const char *
vault_last_refusal(void)
{
	return refusal[0] ? refusal : NULL;
}

void
vault_clear_refusal(void)
{
	refusal[0] = 0;
	failed_page = 0;
	failed_journal = 0;
}

/* ---------------------------------------------------------------- files */

static int
io_close(sqlite3_file *f)
{
	struct vfile *p = (struct vfile *)f;
	int rc = p->real->pMethods ? p->real->pMethods->xClose(p->real) : SQLITE_OK;

	/* Only now that SQLite's descriptor is closed: closing this one
	 * while SQLite holds its POSIX locks would drop them. */
	if (p->turn_fd >= 0)
		close(p->turn_fd);
	p->turn_fd = -1;
	if (p->b) {
		if (p->b->main == p)
			p->b->main = NULL;
		if (p->b->wal == p)
			p->b->wal = NULL;
		vault_binding_release(p->b);
	}
	sodium_memzero(p->p1_plain, sizeof p->p1_plain);
	p->b = NULL;
	return rc;
}

int
vault_p_read_header(struct vfile *p, uint8_t *hdr)
{
	/* A journal finds the header through the database file SQLite has
	 * open: never a second descriptor, which would drop SQLite's locks
	 * when closed. */
	struct vfile *m = p->kind == F_MAIN ? p : p->b->main;
	int rc;

	if (!m)
		return SQLITE_NOTFOUND;
	rc = m->real->pMethods->xRead(m->real, hdr, VAULT_HEADER_SIZE, 0);
	return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_CORRUPT : rc;
}

int
vault_open_page(struct vfile *p, uint32_t pgno, enum vault_kind kind, const uint8_t *in,
          uint8_t *out)
{
	int r = vault_page_open(p->b->keys, pgno, kind, in, out);

	if (r == -2) {
		uint8_t *hdr = malloc(VAULT_HEADER_SIZE);
		if (hdr && vault_p_read_header(p, hdr) == SQLITE_OK &&
		    vault_keys_refresh(p->b->keys, hdr) == 0)
			r = vault_page_open(p->b->keys, pgno, kind, in, out);
		free(hdr);
	}
	if (r != 0) {
		p->failed_page = pgno;
		failed_page = pgno;
		failed_journal = kind == VAULT_KIND_JOURNAL;
		return SQLITE_IOERR_DATA;
	}
	return SQLITE_OK;
}

/*
 * SQLite never writes the page that holds its lock bytes (PENDING_BYTE,
 * 1 GiB into the database as SQLite sees it: page 262145 at 4096 bytes a
 * page), and never reads it, so in a database larger than that the page
 * stays as the file system left it, all zeros, and holds nothing to
 * authenticate.  The offset is SQLite's to set (tests move it), so it is
 * asked for: a zero argument reads it without changing it.
 */
uint32_t
vault_lock_page(void)
{
	int pending = sqlite3_test_control(SQLITE_TESTCTRL_PENDING_BYTE, 0);

	return (uint32_t)((pending > 0 ? (unsigned)pending : 0x40000000u) / VAULT_PAGE_SIZE) + 1;
}

int
vault_page_unsealed(uint32_t pgno, const uint8_t stored[VAULT_PAGE_SIZE])
{
	return pgno == vault_lock_page() && sodium_is_zero(stored, VAULT_PAGE_SIZE);
}

/* One more page read or written on the main file, for a watch. */
static void
watch_tick(struct vfile *p)
{
	p->watched++;
	if (p->watch.fn && p->watch.every && p->watched % p->watch.every == 0)
		p->watch.fn(p->watch.ctx, p->watched, p->watch.total);
}

/* Reads stored page pgno of the main file into p->buf.  Returns
 * SQLITE_IOERR_SHORT_READ (buffer zeroed) for a page past the end. */
int
vault_read_stored(struct vfile *p, uint32_t pgno)
{
	sqlite3_int64 off = VAULT_HEADER_SIZE + (sqlite3_int64)(pgno - 1) * VAULT_PAGE_SIZE;
	sqlite3_int64 size;
	int rc = p->real->pMethods->xRead(p->real, p->buf, VAULT_PAGE_SIZE, off);

	if (rc == SQLITE_IOERR_SHORT_READ) {
		/* A page wholly past the end reads as zeros, as in SQLite; a
		 * page cut short is damage, whatever its bytes are, and fails
		 * authentication.  Decided by the file size, not the content. */
		if (p->real->pMethods->xFileSize(p->real, &size) != SQLITE_OK || size > off) {
			p->failed_page = pgno;
			failed_page = pgno;
			failed_journal = 0;
			return SQLITE_IOERR_DATA;
		}
	}
	return rc;
}

/*
 * SQLite reads 16 bytes of page 1 at the start of every read transaction
 * to see whether another connection changed the file.  Every write seals a
 * page under a fresh random nonce, so an unchanged nonce and tag mean an
 * unchanged page: 40 bytes read answer from the cache, and warm reads
 * cost what they cost without encryption.
 */
static int
page1_cached(struct vfile *p, uint8_t *out)
{
	uint8_t tail[VAULT_RESERVE];

	if (!p->p1_valid ||
	    p->real->pMethods->xRead(p->real, tail, VAULT_RESERVE,
	                             VAULT_HEADER_SIZE + VAULT_BODY) != SQLITE_OK ||
	    memcmp(tail, p->p1_stored + VAULT_BODY, VAULT_RESERVE) != 0)
		return 0;
	memcpy(out, p->p1_plain, VAULT_PAGE_SIZE);
	return 1;
}

static int
main_read_page(struct vfile *p, uint32_t pgno, uint8_t *out)
{
	int rc;

	if (pgno == 1 && page1_cached(p, out))
		return SQLITE_OK;
	rc = vault_read_stored(p, pgno);

	if (rc == SQLITE_IOERR_SHORT_READ) {
		memset(out, 0, VAULT_PAGE_SIZE);
		return rc;
	}
	if (rc != SQLITE_OK)
		return rc;
	watch_tick(p);
	if (vault_page_unsealed(pgno, p->buf)) {
		/* Were SQLite ever to read the lock page, it gets what it
		 * left there: zeros, as without the vault. */
		memset(out, 0, VAULT_PAGE_SIZE);
		return SQLITE_OK;
	}
	rc = vault_open_page(p, pgno, VAULT_KIND_DB, p->buf, out);
	if (rc == SQLITE_OK && pgno == 1) {
		memcpy(p->p1_stored, p->buf, VAULT_PAGE_SIZE);
		memcpy(p->p1_plain, out, VAULT_PAGE_SIZE);
		p->p1_valid = 1;
	}
	return rc;
}

static int
journal_pgno(struct vfile *p, sqlite3_int64 off, uint32_t *pgno)
{
	uint8_t b[4];

	if (p->last4_valid && p->last4_off == off - 4) {
		memcpy(b, p->last4, 4);
	} else {
		int rc = p->real->pMethods->xRead(p->real, b, 4, off - 4);
		if (rc != SQLITE_OK)
			return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_READ : rc;
	}
	*pgno = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return SQLITE_OK;
}

/* What the WAL code said, with its refusal or failed page noted as for
 * the other files (failed_journal 2: a frame of the write-ahead log). */
static int
wal_result(struct vfile *p, int rc)
{
	if (rc == SQLITE_IOERR_DATA) {
		p->failed_page = failed_page = p->wal.failed_page;
		failed_journal = 2;
	} else if (p->wal.why) {
		vault_refuse(p->wal.why);
		p->wal.why = NULL;
	}
	return rc;
}

/* What the journal code said, noted the same way. */
static int
journal_result(struct vfile *p, int rc)
{
	if (rc == SQLITE_IOERR_DATA) {
		p->failed_page = failed_page = p->jr.failed_page;
		failed_journal = 1;
	} else if (p->jr.why) {
		vault_refuse(p->jr.why);
		p->jr.why = NULL;
	}
	return rc;
}

/* A writer holds RESERVED on the database: its journal is live, not one
 * a crash left.  Asked of the database file SQLite has open (never a
 * second descriptor, p_read_header). */
static int
writer_active(void *ctx)
{
	struct vfile *m = ((struct vfile *)ctx)->b->main;
	int reserved = 0;

	if (m && m->real->pMethods->xCheckReservedLock(m->real, &reserved) != SQLITE_OK)
		reserved = 0;
	return reserved;
}

static int
keys_refresh(void *ctx)
{
	struct vfile *p = ctx;
	uint8_t *hdr = malloc(VAULT_HEADER_SIZE);
	int r = hdr && vault_p_read_header(p, hdr) == SQLITE_OK &&
	        vault_keys_refresh(p->b->keys, hdr) == 0 ? 0 : -1;

	free(hdr);
	return r;
}

static int
io_read(sqlite3_file *f, void *out, int amt, sqlite3_int64 off)
{
	struct vfile *p = (struct vfile *)f;

	if (p->kind == F_WAL)
		return wal_result(p, vault_wal_read(&p->wal, out, amt, off));
	if (p->kind == F_JOURNAL) {
		uint32_t pgno;
		int rc;

		if (amt != (int)VAULT_PAGE_SIZE || off % 8 != 4)
			return journal_result(p, vault_journal_read(&p->jr, out, amt, off));
		if ((rc = journal_pgno(p, off, &pgno)) != SQLITE_OK)
			return rc;
		rc = p->real->pMethods->xRead(p->real, p->buf, VAULT_PAGE_SIZE, off);
		if (rc == SQLITE_IOERR_SHORT_READ) {
			/* A record cut off at the end of the journal: SQLite
			 * stops playback there, as it would without the vault. */
			memset(out, 0, VAULT_PAGE_SIZE);
			return rc;
		}
		if (rc != SQLITE_OK)
			return rc;
		return vault_open_page(p, pgno, VAULT_KIND_JOURNAL, p->buf, out);
	}

	if (amt == (int)VAULT_PAGE_SIZE && off % VAULT_PAGE_SIZE == 0)
		return main_read_page(p, (uint32_t)(off / VAULT_PAGE_SIZE) + 1, out);
	if (amt > 0 && off >= 0 && off + amt <= (sqlite3_int64)VAULT_PAGE_SIZE) {
		/* SQLite reads 100 bytes of page 1 at open and 16 bytes at
		 * offset 24 per read transaction: serve them from page 1. */
		uint8_t page[VAULT_PAGE_SIZE];
		int rc = main_read_page(p, 1, page);
		if (rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ)
			memcpy(out, page + off, (size_t)amt);
		sodium_memzero(page, sizeof page);
		return rc;
	}
	vault_refuse("the database was read in a way the vault does not expect; nothing was returned");
	return SQLITE_IOERR_READ;
}

/* Page 1 must say: page size 4096 and 40 reserved bytes. */
static int
page1_shape_ok(const uint8_t *page)
{
	return page[16] == 0x10 && page[17] == 0x00 && page[20] == VAULT_RESERVE;
}

static int
io_write(sqlite3_file *f, const void *in, int amt, sqlite3_int64 off)
{
	struct vfile *p = (struct vfile *)f;
	int rc;

	if (p->kind == F_WAL)
		return wal_result(p, vault_wal_write(&p->wal, in, amt, off));
	if (p->kind == F_JOURNAL) {
		uint32_t pgno;

		if (amt == 4) {
			memcpy(p->last4, in, 4);
			p->last4_off = off;
			p->last4_valid = 1;
		}
		p->jr.written = 1;
		if (amt != (int)VAULT_PAGE_SIZE || off % 8 != 4)
			return journal_result(p, vault_journal_write(&p->jr, in, amt, off));
		if (!vault_reserve_zero(in)) {
			vault_refuse("a page arrived with its reserved bytes in use; nothing was written");
			return SQLITE_IOERR_WRITE;
		}
		if ((rc = journal_pgno(p, off, &pgno)) != SQLITE_OK)
			return rc;
		if (vault_page_seal(p->b->keys, pgno, VAULT_KIND_JOURNAL, in, p->buf, NULL) != 0)
			return SQLITE_IOERR_WRITE;
		return p->real->pMethods->xWrite(p->real, p->buf, VAULT_PAGE_SIZE, off);
	}

	if (amt != (int)VAULT_PAGE_SIZE || off % VAULT_PAGE_SIZE != 0) {
		vault_refuse("the database page size must be 4096 bytes; nothing was written");
		return SQLITE_IOERR_WRITE;
	}
	uint32_t pgno = (uint32_t)(off / VAULT_PAGE_SIZE) + 1;
	if (pgno == 1 && !page1_shape_ok(in)) {
		vault_refuse("the database must keep 4096-byte pages with 40 reserved bytes; nothing was written");
		return SQLITE_IOERR_WRITE;
	}
	if (!vault_reserve_zero(in)) {
		vault_refuse("a page arrived with its reserved bytes in use; nothing was written");
		return SQLITE_IOERR_WRITE;
	}
	if (vault_page_seal(p->b->keys, pgno, VAULT_KIND_DB, in, p->buf, NULL) != 0)
		return SQLITE_IOERR_WRITE;
	rc = p->real->pMethods->xWrite(p->real, p->buf, VAULT_PAGE_SIZE, off + VAULT_HEADER_SIZE);
	watch_tick(p);
	if (pgno == 1) {
		if (rc == SQLITE_OK) {
			memcpy(p->p1_stored, p->buf, VAULT_PAGE_SIZE);
			memcpy(p->p1_plain, in, VAULT_PAGE_SIZE);
			p->p1_valid = 1;
		} else {
			p->p1_valid = 0;
		}
	}
	return rc;
}

static int
io_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct vfile *p = (struct vfile *)f;

	if (p->kind == F_MAIN) {
		if (size % VAULT_PAGE_SIZE != 0)
			return SQLITE_IOERR_TRUNCATE;
		if (size == 0)
			p->p1_valid = 0;
		size += VAULT_HEADER_SIZE;
	}
	return p->real->pMethods->xTruncate(p->real, size);
}

static int
io_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
io_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct vfile *p = (struct vfile *)f;
	int rc = p->real->pMethods->xFileSize(p->real, size);

	if (rc == SQLITE_OK && p->kind == F_MAIN)
		*size = *size >= VAULT_HEADER_SIZE ? *size - VAULT_HEADER_SIZE : 0;
	return rc;
}

static int
io_lock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int
io_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int
io_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
io_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
io_device_characteristics(sqlite3_file *f)
{
	/* Batch-atomic writes would bypass the journal we encrypt. */
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)) & ~SQLITE_IOCAP_BATCH_ATOMIC;
}

static void journal_follows(const char *dbname, const char *jname);

static int
io_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
	struct vfile *p = (struct vfile *)f;
	int rc = p->real->pMethods->xShmMap(p->real, region, size, extend, out);

	if (rc == SQLITE_OK && !p->shm_followed && p->b) {
		/* The -shm of a shared database is shared too (journal_follows) */
		char *shm = sqlite3_mprintf("%s-shm", p->b->path);
		if (shm)
			journal_follows(p->b->path, shm);
		sqlite3_free(shm);
		p->shm_followed = 1;
	}
	return rc;
}

static int
io_shm_lock(sqlite3_file *f, int ofst, int n, int flags)
{
	return vault_shm_lock(&((struct vfile *)f)->shm, REAL(f), ofst, n, flags);
}

static void
io_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
io_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods vault_io = {
    2, /* version 2: shared memory for the WAL, but no xFetch (mmap) */
    io_close,        io_read,         io_write,          io_truncate,
    io_sync,         io_file_size,    io_lock,           io_unlock,
    io_check_reserved, vault_io_file_control, io_sector_size, io_device_characteristics,
    io_shm_map, io_shm_lock, io_shm_barrier, io_shm_unmap, NULL, NULL,
};

/* Over a base VFS without shared memory (a test's, of version 1): SQLite
 * then knows the log cannot be kept, instead of calling a method the base
 * does not have. */
static const sqlite3_io_methods vault_io_noshm = {
    1,
    io_close,        io_read,         io_write,          io_truncate,
    io_sync,         io_file_size,    io_lock,           io_unlock,
    io_check_reserved, vault_io_file_control, io_sector_size, io_device_characteristics,
    NULL, NULL, NULL, NULL, NULL, NULL,
};

/* ---------------------------------------------------------------- the VFS */

/*
 * A database shared by a group (mode 660, owned by the group) needs its
 * journal shared too: a journal the others cannot read after a crash
 * keeps them all out.  SQLite gives a new journal the database's mode
 * itself, whatever the umask, but its group only when running as root;
 * anyone else's journal takes their own group unless the folder is
 * setgid.  So the journal's group is set here, by path and without
 * following a link (no second descriptor), when this process made it and
 * it differs.  A group the user is not in leaves it as it was.
 */
static void
journal_follows(const char *dbname, const char *jname)
{
	struct stat db, j;

	if (stat(dbname, &db) != 0 || lstat(jname, &j) != 0 || !S_ISREG(j.st_mode))
		return;
	if (j.st_uid == geteuid() && j.st_gid != db.st_gid && lchown(jname, (uid_t)-1, db.st_gid) != 0) {
		/* not a member of the database's group: nothing to do */
	}
}

int
vault_vfs_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
	struct vfile *p = (struct vfile *)f;
	sqlite3_vfs *base = BASEVFS(vfs);
	const char *dbname;
	int rc;

	memset(p, 0, sizeof *p);
	p->turn_fd = -1;
	p->real = (sqlite3_file *)(p + 1);
	if (flags & SQLITE_OPEN_MAIN_DB) {
		p->kind = F_MAIN;
		dbname = name;
	} else if (flags & SQLITE_OPEN_MAIN_JOURNAL) {
		p->kind = F_JOURNAL;
		dbname = name ? sqlite3_filename_database(name) : NULL;
	} else if (flags & SQLITE_OPEN_WAL) {
		p->kind = F_WAL;
		dbname = name ? sqlite3_filename_database(name) : NULL;
	} else {
		vault_refuse("temporary files are refused: the vault never writes case data "
		       "outside the encrypted database");
		return SQLITE_CANTOPEN;
	}
	if (!name || !dbname || !(p->b = vault_binding_acquire(dbname))) {
		vault_refuse("this file is not an unlocked Passage database (ATTACH and VACUUM "
		       "INTO are refused)");
		return SQLITE_CANTOPEN;
	}
	rc = base->xOpen(base, name, p->real, flags, out);
	if (rc != SQLITE_OK) {
		vault_binding_release(p->b);
		p->b = NULL;
		return rc;
	}
	p->base.pMethods = p->real->pMethods->iVersion >= 2 && p->real->pMethods->xShmMap
	                       ? &vault_io
	                       : &vault_io_noshm;
	if (p->kind == F_JOURNAL || p->kind == F_WAL)
		journal_follows(dbname, name);
	if (p->kind == F_JOURNAL) {
		p->jr.real = p->real;
		p->jr.keys = p->b->keys;
		p->jr.refresh = keys_refresh;
		p->jr.writer_active = writer_active;
		p->jr.lock_page = vault_lock_page();
		p->jr.ctx = p;
	}
	if (p->kind == F_WAL) {
		p->wal.real = p->real;
		p->wal.keys = p->b->keys;
		p->wal.refresh = keys_refresh;
		p->wal.ctx = p;
		if (!p->b->wal)
			p->b->wal = p;
	}
	if (p->kind == F_MAIN) {
		sqlite3_int64 size;
		if (p->real->pMethods->xFileSize(p->real, &size) != SQLITE_OK ||
		    size < VAULT_HEADER_SIZE) {
			vault_refuse("not a Passage database");
			io_close(f);
			p->base.pMethods = NULL;
			return SQLITE_CANTOPEN;
		}
		if (!p->b->main)
			p->b->main = p;
		p->turn_fd = turn_open(name);
	}
	return SQLITE_OK;
}
