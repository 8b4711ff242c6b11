/* SPDX-License-Identifier: ISC */
/*
 * vault_journal.h - the rollback journal's headers through the vault:
 * sealed when SQLite writes them, and a journal left by a crash checked
 * whole before SQLite plays any of it back (see vault_journal.c and
 * man/passage.5).  vault.c calls these for the journals it opens; page
 * images stay vault.c's.
 */
#ifndef PASSAGE_VAULT_JOURNAL_H
#define PASSAGE_VAULT_JOURNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "vault_codec.h"

/* One open -journal file. */
struct vault_journal {
	sqlite3_file *real;
	vault_keys *keys;
	/* Another process rotated the data key: read the header again and
	 * learn the new key; 0 if it did. */
	int (*refresh)(void *ctx);
	/* 1 if a writer holds the database's RESERVED lock: its journal is
	 * live, not left by a crash, and may be mid-write. */
	int (*writer_active)(void *ctx);
	void *ctx;
	uint32_t lock_page;   /* SQLite's lock page (vault_lock_page) */
	const char *why;      /* a refused read or write, in words */
	uint32_t failed_page; /* the page of the record that last failed */
	int written;          /* this handle wrote: the journal is its own */
	int checked;          /* the whole journal passed its check */
};

/* A read or write of the journal that is not a page image (vault.c
 * handles those): headers and the checks, or passed through as is. */
int vault_journal_read(struct vault_journal *j, void *out, int amt, sqlite3_int64 off);
int vault_journal_write(struct vault_journal *j, const void *in, int amt, sqlite3_int64 off);

#endif
