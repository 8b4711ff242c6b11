/* SPDX-License-Identifier: ISC */
/*
 * vault.h - the encrypting SQLite VFS shim (see man/passage.5).
 *
 * The shim sits over another VFS (normally "unix") and turns every page
 * of the main database and every page image in its rollback journal into
 * XChaCha20-Poly1305 ciphertext.  Keys are bound to a database path in
 * this process with vault_bind(); they never travel through a URI.
 */
#ifndef PASSAGE_VAULT_H
#define PASSAGE_VAULT_H

#include <stdint.h>
#include <time.h>

#include "vault_codec.h"

/* File-control opcodes, well above SQLite's own. */
#define VAULT_FCNTL_VERIFY 0x56410001      /* struct vault_verify * */
#define VAULT_FCNTL_FAILED_PAGE 0x56410002 /* uint32_t *: last page that failed */
#define VAULT_FCNTL_HEADER_READ 0x56410003 /* uint8_t[VAULT_HEADER_SIZE] */
#define VAULT_FCNTL_HEADER_WRITE 0x56410004 /* struct vault_header_write * */
#define VAULT_FCNTL_WRITE_EPOCH 0x56410005 /* uint32_t *: change write epoch */
/* The writers' queue (turn.c): wait up to *(int *)arg ms for this
 * writer's turn (SQLITE_BUSY when the wait runs out); give it back. */
#define VAULT_FCNTL_TURN_TAKE 0x56410006
#define VAULT_FCNTL_TURN_GIVE 0x56410007
#define VAULT_FCNTL_WATCH 0x56410008 /* struct vault_watch *: count page I/O */
#define VAULT_FCNTL_OLD_PAGES 0x56410009 /* struct vault_old_pages * */
/* This connection keeps a write-ahead log: journal_mode=WAL, and with it
 * synchronous=FULL, are allowed, and every other journal mode refused;
 * without it, WAL is refused.  No argument. */
#define VAULT_FCNTL_WAL 0x5641000a
/* *(int *)arg becomes 1 if a keyless backup waits for the log to be
 * folded into the file (turn_wanted), else 0. */
#define VAULT_FCNTL_FOLD_WANTED 0x5641000b
/* The write-ahead log as SQLite's shared memory (FILE-shm) describes it
 * to this connection: struct vault_log_state *.  SQLITE_NOTFOUND before
 * the connection has read the log, SQLITE_BUSY if it is being changed. */
#define VAULT_FCNTL_LOG_STATE 0x5641000c
/* Syncs the write-ahead log to the disk.  No argument. */
#define VAULT_FCNTL_SYNC_LOG 0x5641000d

/* Pages done of pages, now and then during a long walk. */
typedef void (*vault_progress_fn)(void *ctx, uint32_t done, uint32_t total);

struct vault_verify {
	uint32_t pages;        /* pages in the file */
	uint32_t failed;       /* pages that failed authentication */
	uint32_t first_failed; /* page number of the first, or 0 */
	uint32_t in_write_epoch; /* pages sealed under the current write key */
	/* The write-ahead log, if the file has one open: frames of its
	 * current generation, and how many of those before its last whole
	 * commit failed authentication (the first one's page). */
	uint32_t wal_frames, wal_failed, wal_first_failed;
	vault_progress_fn progress; /* in: called as the walk goes, or NULL */
	void *ctx;
};

/* Every page the vault reads from or writes to the database file (not its
 * journal), counted from when the watch is set: fn is called with the
 * count (done) every `every` pages, and total as given.  fn NULL stops
 * watching. */
struct vault_watch {
	vault_progress_fn fn;
	void *ctx;
	uint32_t total, every;
};

/* A key rotation in steps looks for the pages not yet sealed under the
 * current write key (the unsealed lock page aside) by the epoch each
 * stored page names, without opening any: from page `from` on, up to max
 * of them into list, looking at span pages at most, and stopping once
 * the clock (vault_now_ns) reaches until, so that a slow disk shortens
 * the look instead of lengthening the step.  Reads one byte a page. */
struct vault_old_pages {
	uint32_t from, max; /* in */
	uint32_t span;      /* in: look at this many pages at most (0: to the end) */
	uint64_t until;     /* in: stop at this time, one page looked at (0: never) */
	uint32_t *list;     /* in: room for max page numbers */
	uint32_t found;     /* out: how many are in list */
	uint32_t next;      /* out: the page to look at next (pages + 1: done) */
	uint32_t pages;     /* out: pages in the file */
};

/* The clock a rotation's steps are timed by, in nanoseconds: monotonic,
 * so a changed wall clock neither ends a step early nor stretches it. */
static inline uint64_t
vault_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The page holding SQLite's lock bytes (1 GiB into the database as SQLite
 * numbers it: page 262145), which SQLite never reads or writes: in a file
 * past it, it stays as the file system left it, zeros. */
uint32_t vault_lock_page(void);
/* 1 if stored, page pgno as it is on the disk, is the lock page as SQLite
 * leaves it (all zeros): no key sealed it, so it holds nothing to
 * authenticate or to move to a new key.  Anything else in it is damage. */
int vault_page_unsealed(uint32_t pgno, const uint8_t stored[VAULT_PAGE_SIZE]);

struct vault_log_state {
	uint32_t frames;     /* its last committed frame (mxFrame) */
	uint32_t backfilled; /* how many of them are in the file (nBackfill) */
	uint8_t salt[8];     /* its generation: the salts of its header */
};

/* SQLite's wal-index header, the first VAULT_SHM_HEAD bytes of FILE-shm
 * (its two copies and the count of frames in the file), as read from
 * memory or from the file: 0 and the log's state in ls when the copies
 * agree and say they were made, else -1 (being changed, or never made). */
#define VAULT_SHM_HEAD 100
int vault_shm_parse(const uint8_t h[VAULT_SHM_HEAD], struct vault_log_state *ls);

struct vault_header_write {
	const uint8_t *copy; /* VAULT_HEADER_SIZE / 2 bytes */
	int which;           /* 0: copy A at offset 0, 1: copy B at 8192 */
};

/* Registers a vault VFS called name over the VFS base (NULL: the
 * default).  Safe to call more than once.  Returns an SQLite code. */
int vault_register(const char *name, const char *base);

/* Binds keys to a database path for the vault VFS: the binding takes
 * ownership of keys.  Unbind after the last connection has closed. */
int vault_bind(const char *vfs, const char *path, vault_keys *keys);
void vault_unbind(const char *vfs, const char *path);
int vault_is_bound(const char *vfs, const char *path);

/* The reason the shim last refused something in this thread, in words a
 * person can read, or NULL.  vault_clear_refusal() forgets it. */
const char *vault_last_refusal(void);
void vault_clear_refusal(void);

/* The page number that last failed authentication in this thread (0 if
 * none since the last clear), and whether it was a journal image. */
uint32_t vault_last_failed_page(int *journal);

#endif
