/* SPDX-License-Identifier: ISC */
/*
 * vault_wal.h - the vault's write-ahead log: WAL frames sealed like pages,
 * and the shared-memory lock that keeps a checkpoint from running without
 * the writer lock (see vault_wal.c and man/passage.5).  vault.c calls
 * these for the files it opens; nothing else does.
 */
#ifndef PASSAGE_VAULT_WAL_H
#define PASSAGE_VAULT_WAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "vault_codec.h"

#define VAULT_WAL_HEADER 32u   /* SQLite's WAL header */
#define VAULT_FRAME_HEADER 24u /* SQLite's frame header */
#define VAULT_FRAME (VAULT_FRAME_HEADER + VAULT_PAGE_SIZE)

/* One open -wal file. */
struct vault_wal {
	sqlite3_file *real;
	vault_keys *keys;
	/* Another process rotated the data key: read the header again and
	 * learn the new key; 0 if it did. */
	int (*refresh)(void *ctx);
	void *ctx;
	const char *why;      /* a refused read or write, in words */
	uint32_t failed_page; /* the page of the frame that last failed */
	int hdr_valid;        /* the frame header SQLite wrote last */
	sqlite3_int64 hdr_off;
	uint8_t hdr[VAULT_FRAME_HEADER];
	uint8_t buf[VAULT_FRAME]; /* ciphertext scratch, never SQLite's */
};

int vault_wal_read(struct vault_wal *w, void *out, int amt, sqlite3_int64 off);
int vault_wal_write(struct vault_wal *w, const void *in, int amt, sqlite3_int64 off);

/* verify's walk over the frames of the WAL's current generation: frames
 * is how many there are, failed how many of those before its last whole
 * commit failed authentication (frames after it are a change a crash cut
 * short, which SQLite ignores), first_failed the first one's page. */
struct vault_wal_verify {
	uint32_t frames, failed, first_failed;
};
int vault_wal_verify(struct vault_wal *w, struct vault_wal_verify *v);

/* SQLite's shared-memory locks of one connection, with the vault's rule:
 * the checkpoint lock is never held without the writer lock (vault_wal.c). */
struct vault_shm_guard {
	int write_sqlite; /* SQLite holds the writer lock */
	int write_ours;   /* the vault took it to go with the checkpoint lock */
	int ckpt;         /* the checkpoint lock is held */
	uint32_t ckpt_refused; /* checkpoint locks refused: the writer lock was busy */
};
int vault_shm_lock(struct vault_shm_guard *g, sqlite3_file *real, int ofst, int n, int flags);

#endif
