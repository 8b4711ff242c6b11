/* SPDX-License-Identifier: ISC */
/*
 * reseal.h - one step of a key rotation: a batch of pages sealed again
 * under the current write key, through a rollback journal, so that a kill
 * or a power cut at any moment leaves every page whole (see reseal.c).
 */
#ifndef PASSAGE_RESEAL_H
#define PASSAGE_RESEAL_H

#include <sqlite3.h>
#include <stdint.h>

/* Called as pages are written in place: done of those given. */
typedef void (*reseal_tick_fn)(void *ctx, uint32_t done);

/* A key rotation's step is given this long, in milliseconds, holding the
 * writers' turn: a save waits behind one step at most, so about this long
 * plus the step's syncs, however slow the disk. */
#define RESEAL_STEP_MS 120u

struct reseal {
	const uint32_t *list; /* in: page numbers, ascending */
	uint32_t n;           /* in: how many */
	uint32_t db_pages;    /* in: the database's size in pages */
	uint64_t until;       /* in: vault_now_ns() time to end by (0: none) */
	reseal_tick_fn tick;  /* in: or NULL */
	void *ctx;
	uint32_t done;        /* out: list[0..done) are sealed under the write key */
};

/* Seals pages list[0..n) of sql's main database again under the vault's
 * write key, each with the same plaintext, or as many of the first of
 * them as it can before until: one at least.  The caller holds SQLite's
 * EXCLUSIVE lock (BEGIN EXCLUSIVE) and has written nothing in it.
 * Returns an SQLite code; on an error, done is 0. */
int reseal_pages(sqlite3 *sql, struct reseal *r);

#endif
