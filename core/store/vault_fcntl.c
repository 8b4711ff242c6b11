/* SPDX-License-Identifier: ISC */
/*
 * vault_fcntl.c - the file controls of a vault file: the pragmas that
 * would change the storage under the shim's feet, refused; the verify
 * walk over every page; the search for pages still under an old key; the
 * header's copies, the writers' turn and the rest of VAULT_FCNTL_* (vault.h).
 * Apart from vault.c because none of it is on the path of a page SQLite
 * reads or writes.  The power-cut test's weak build compiles this file
 * with PASSAGE_TEST_SYNC_FULL, as it does vault.c (Makefile).
 */
#include "vault_private.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "turn.h"

#define HEADER_COPY (VAULT_HEADER_SIZE / 2)

/* The power-cut test's own build allows one step weaker in each mode:
 * FULL for the rollback journal, NORMAL for the write-ahead log. */
#ifdef PASSAGE_TEST_SYNC_FULL
#define SYNC_WEAK_ALLOWED(v, wal)                                                            \
	(strcasecmp((v), "full") == 0 || strcmp((v), "2") == 0 ||                            \
	 ((wal) && (strcasecmp((v), "normal") == 0 || strcmp((v), "1") == 0)))
#else
#define SYNC_WEAK_ALLOWED(v, wal) 0
#endif

/* Pragmas that would change the storage under the shim's feet: returns 1
 * and a sentence in msg for a refused one. */
static int
pragma_refusal(struct vfile *p, const char *name, const char *val, char *msg, size_t n)
{
	if (!name || !val)
		return 0;
	/* A connection keeps the journal it opened with (db_wal.c): one that
	 * left the log for a rollback journal beside other sessions would
	 * take the file out of it under them. */
	if (strcasecmp(name, "journal_mode") == 0 &&
	    (strcasecmp(val, "off") == 0 || strcasecmp(val, "memory") == 0 ||
	     (strcasecmp(val, "wal") == 0) != (p->wal_allowed != 0))) {
		snprintf(msg, n, "journal_mode=%s is refused: the vault keeps the encrypted "
		         "%s it opened with, so a crash never loses a committed record", val,
		         p->wal_allowed ? "write-ahead log" : "rollback journal");
		return 1;
	}
	if (strcasecmp(name, "journal_mode") == 0)
		p->wal_mode = strcasecmp(val, "wal") == 0;
	/* Only EXTRA syncs the folder after the journal's delete: with
	 * less, a power cut can bring the journal back and undo a commit
	 * (db_wal.c).  The power-cut test's own build allows less, to fail.  A
	 * write-ahead log is synced at every commit with FULL and never
	 * deleted while in use: FULL is enough there. */
	if (strcasecmp(name, "synchronous") == 0 && strcasecmp(val, "extra") != 0 &&
	    strcmp(val, "3") != 0 && !SYNC_WEAK_ALLOWED(val, p->wal_mode) &&
	    !(p->wal_mode && (strcasecmp(val, "full") == 0 || strcmp(val, "2") == 0))) {
		snprintf(msg, n, "synchronous=%s is refused: only %s keeps every committed "
		         "record through a power cut", val, p->wal_mode ? "FULL or EXTRA" : "EXTRA");
		return 1;
	}
	if (strcasecmp(name, "page_size") == 0 && strcmp(val, "4096") != 0) {
		snprintf(msg, n, "page_size=%s is refused: vault pages are 4096 bytes", val);
		return 1;
	}
	if (strcasecmp(name, "temp_store") == 0 && strcasecmp(val, "memory") != 0 &&
	    strcmp(val, "2") != 0) {
		snprintf(msg, n, "temp_store=%s is refused: temporary data stays in memory, "
		         "never in an unencrypted file", val);
		return 1;
	}
	if (strcasecmp(name, "mmap_size") == 0 && strcmp(val, "0") != 0) {
		snprintf(msg, n, "mmap_size=%s is refused: memory-mapped I/O would bypass "
		         "encryption", val);
		return 1;
	}
	if (strcasecmp(name, "temp_store_directory") == 0 ||
	    strcasecmp(name, "data_store_directory") == 0) {
		snprintf(msg, n, "%s is refused: the vault writes no temporary files", name);
		return 1;
	}
	return 0;
}

#define PROGRESS_EVERY 4096u /* pages: 16 MiB */

static int
verify_all(struct vfile *p, struct vault_verify *v)
{
	vault_progress_fn progress = v->progress;
	void *ctx = v->ctx;
	sqlite3_int64 size;
	uint8_t page[VAULT_PAGE_SIZE];
	int rc = p->real->pMethods->xFileSize(p->real, &size);

	memset(v, 0, sizeof *v);
	v->progress = progress;
	v->ctx = ctx;
	if (rc != SQLITE_OK)
		return rc;
	size -= VAULT_HEADER_SIZE;
	if (size < 0)
		size = 0;
	v->pages = (uint32_t)((size + VAULT_PAGE_SIZE - 1) / VAULT_PAGE_SIZE);
	for (uint32_t n = 1; n <= v->pages; n++) {
		if (progress && (n - 1) % PROGRESS_EVERY == 0)
			progress(ctx, n - 1, v->pages);
		rc = vault_read_stored(p, n);
		if (rc == SQLITE_OK && vault_page_unsealed(n, p->buf)) {
			v->in_write_epoch++; /* nothing in it to move to a new key */
			continue;
		}
		if (rc == SQLITE_OK)
			rc = vault_open_page(p, n, VAULT_KIND_DB, p->buf, page);
		if (rc == SQLITE_IOERR_DATA || rc == SQLITE_IOERR_SHORT_READ) {
			if (!v->failed)
				v->first_failed = n;
			v->failed++;
			continue;
		}
		if (rc != SQLITE_OK)
			return rc;
		if (p->buf[VAULT_BODY] == (uint8_t)vault_keys_write_epoch(p->b->keys))
			v->in_write_epoch++;
	}
	sodium_memzero(page, sizeof page);
	if (progress)
		progress(ctx, v->pages, v->pages);
	if (v->failed)
		p->failed_page = v->first_failed;
	if (p->b->wal) {
		struct vault_wal_verify wv;
		rc = vault_wal_verify(&p->b->wal->wal, &wv);
		if (rc != SQLITE_OK)
			return rc;
		v->wal_frames = wv.frames;
		v->wal_failed = wv.failed;
		v->wal_first_failed = wv.first_failed;
	}
	return SQLITE_OK;
}

static int
old_pages(struct vfile *p, struct vault_old_pages *o)
{
	uint8_t epoch = (uint8_t)vault_keys_write_epoch(p->b->keys), b;
	sqlite3_int64 size;
	uint32_t from = o->from ? o->from : 1, n;
	int rc = p->real->pMethods->xFileSize(p->real, &size);

	if (rc != SQLITE_OK)
		return rc;
	size = size > VAULT_HEADER_SIZE ? size - VAULT_HEADER_SIZE : 0;
	o->pages = (uint32_t)((size + VAULT_PAGE_SIZE - 1) / VAULT_PAGE_SIZE);
	o->found = 0;
	for (n = from; n <= o->pages && o->found < o->max && (!o->span || n - from < o->span); n++) {
		sqlite3_int64 off = VAULT_HEADER_SIZE + (sqlite3_int64)(n - 1) * VAULT_PAGE_SIZE;

		if (o->until && n > from && vault_now_ns() >= o->until)
			break; /* its time is spent: the next step looks on from n */
		rc = p->real->pMethods->xRead(p->real, &b, 1, off + VAULT_BODY);
		if (rc != SQLITE_OK)
			return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
		if (b == epoch)
			continue;
		if (n == vault_lock_page() && vault_read_stored(p, n) == SQLITE_OK &&
		    vault_page_unsealed(n, p->buf))
			continue;
		o->list[o->found++] = n;
	}
	o->next = n;
	return SQLITE_OK;
}

/* SQLite's wal-index header, in the machine's byte order: two copies of
 * 48 bytes (the version at 0, whether it was made at 12, the last
 * committed frame at 16, the salts at 32), then how many frames are in
 * the file, at 96. */
#define SHM_HDR 48
#define SHM_VERSION 3007000u
#define SHM_ISINIT 12
#define SHM_MXFRAME 16
#define SHM_SALT 32
#define SHM_BACKFILL 96

int
vault_shm_parse(const uint8_t h[VAULT_SHM_HEAD], struct vault_log_state *ls)
{
	uint32_t version;

	memcpy(&version, h, 4);
	if (memcmp(h, h + SHM_HDR, SHM_HDR) != 0 || !h[SHM_ISINIT] || version != SHM_VERSION)
		return -1;
	memcpy(&ls->frames, h + SHM_MXFRAME, 4);
	memcpy(ls->salt, h + SHM_SALT, 8);
	memcpy(&ls->backfilled, h + SHM_BACKFILL, 4);
	return 0;
}

static int
log_state(struct vfile *p, struct vault_log_state *ls)
{
	void volatile *map = NULL;
	uint8_t h[VAULT_SHM_HEAD];

	if (p->kind != F_MAIN || !p->shm_followed)
		return SQLITE_NOTFOUND;
	/* Region 0 is mapped already: this asks for it, it does not grow
	 * or open anything. */
	if (p->real->pMethods->xShmMap(p->real, 0, 32768, 0, &map) != SQLITE_OK || !map)
		return SQLITE_NOTFOUND;
	/* The copies agree unless a writer is changing them; the one who
	 * asks holds the writers' turn, or asks again.  The first copy is
	 * read before the second, as SQLite's readers do. */
	for (int tries = 0; tries < 100; tries++) {
		const uint8_t volatile *m = map;
		for (int i = 0; i < SHM_HDR; i++)
			h[i] = m[i];
		p->real->pMethods->xShmBarrier(p->real);
		for (int i = SHM_HDR; i < VAULT_SHM_HEAD; i++)
			h[i] = m[i];
		if (vault_shm_parse(h, ls) == 0)
			return SQLITE_OK;
	}
	return SQLITE_BUSY;
}

int
vault_io_file_control(sqlite3_file *f, int op, void *arg)
{
	struct vfile *p = (struct vfile *)f;

	switch (op) {
	case VAULT_FCNTL_FAILED_PAGE:
		*(uint32_t *)arg = p->failed_page;
		return SQLITE_OK;
	case VAULT_FCNTL_VERIFY:
		return p->kind == F_MAIN ? verify_all(p, arg) : SQLITE_NOTFOUND;
	case VAULT_FCNTL_HEADER_READ:
		return vault_p_read_header(p, arg);
	case VAULT_FCNTL_HEADER_WRITE: {
		const struct vault_header_write *hw = arg;
		int rc;
		if (p->kind != F_MAIN || hw->which < 0 || hw->which > 1)
			return SQLITE_NOTFOUND;
		rc = p->real->pMethods->xWrite(p->real, hw->copy, HEADER_COPY,
		                               (sqlite3_int64)hw->which * HEADER_COPY);
		if (rc == SQLITE_OK)
			rc = p->real->pMethods->xSync(p->real, SQLITE_SYNC_FULL);
		return rc;
	}
	case VAULT_FCNTL_TURN_TAKE:
		if (p->kind != F_MAIN)
			return SQLITE_NOTFOUND;
		switch (turn_take(p->turn_fd, *(int *)arg)) {
		case 0:
			return SQLITE_OK;
		case 1:
			return SQLITE_BUSY;
		default:
			return SQLITE_IOERR_LOCK;
		}
	case VAULT_FCNTL_TURN_GIVE:
		if (p->kind == F_MAIN)
			turn_give(p->turn_fd);
		return SQLITE_OK;
	case VAULT_FCNTL_WAL:
		if (p->kind != F_MAIN)
			return SQLITE_NOTFOUND;
		p->wal_allowed = 1;
		return SQLITE_OK;
	case VAULT_FCNTL_FOLD_WANTED:
		if (p->kind != F_MAIN)
			return SQLITE_NOTFOUND;
		*(int *)arg = turn_wanted(p->turn_fd);
		return SQLITE_OK;
	case VAULT_FCNTL_LOG_STATE:
		return log_state(p, arg);
	case VAULT_FCNTL_SYNC_LOG:
		if (p->kind != F_MAIN || !p->b || !p->b->wal)
			return SQLITE_NOTFOUND;
		return p->b->wal->real->pMethods->xSync(p->b->wal->real, SQLITE_SYNC_FULL);
	case VAULT_FCNTL_WATCH:
		if (p->kind != F_MAIN)
			return SQLITE_NOTFOUND;
		p->watch = *(const struct vault_watch *)arg;
		p->watched = 0;
		return SQLITE_OK;
	case VAULT_FCNTL_OLD_PAGES:
		return p->kind == F_MAIN ? old_pages(p, arg) : SQLITE_NOTFOUND;
	case VAULT_FCNTL_WRITE_EPOCH:
		if (!vault_keys_has(p->b->keys, *(uint32_t *)arg))
			return SQLITE_ERROR;
		vault_keys_set_write_epoch(p->b->keys, *(uint32_t *)arg);
		return SQLITE_OK;
	case SQLITE_FCNTL_MMAP_SIZE:
		*(sqlite3_int64 *)arg = 0;
		return SQLITE_OK;
	case SQLITE_FCNTL_SIZE_HINT: {
		sqlite3_int64 hint = *(sqlite3_int64 *)arg;
		if (p->kind == F_MAIN)
			hint += VAULT_HEADER_SIZE;
		return p->real->pMethods->xFileControl(p->real, op, &hint);
	}
	case SQLITE_FCNTL_PRAGMA: {
		char **a = arg;
		char msg[256];
		if (pragma_refusal(p, a[1], a[2], msg, sizeof msg)) {
			vault_refuse(msg);
			a[0] = sqlite3_mprintf("%s", msg);
			return SQLITE_ERROR;
		}
		break;
	}
	default:
		break;
	}
	return p->real->pMethods->xFileControl(p->real, op, arg);
}
