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

/* Called as pages are written in place: done of the n given. */
typedef void (*reseal_tick_fn)(void *ctx, uint32_t done);

/* Seals pages list[0..n) of sql's main database again under the vault's
 * write key, each with the same plaintext.  The caller holds SQLite's
 * EXCLUSIVE lock (BEGIN EXCLUSIVE) and has written nothing in it; db_pages
 * is the database's size in pages.  Returns an SQLite code. */
int reseal_pages(sqlite3 *sql, const uint32_t *list, uint32_t n, uint32_t db_pages,
                 reseal_tick_fn tick, void *ctx);

#endif
