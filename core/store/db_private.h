/* SPDX-License-Identifier: ISC */
/*
 * db_private.h - what the storage's own files share about an open
 * database: db_open.c opens and guards it, db.c runs its transactions
 * and says what went wrong, db_wal.c sets the journal it keeps,
 * db_log.c folds its write-ahead log into the file, db_keys.c changes its
 * key slots and rotates its data key, migrate.c brings its schema up to
 * date.  Nothing
 * outside core/store/ includes this.
 */
#ifndef PASSAGE_DB_PRIVATE_H
#define PASSAGE_DB_PRIVATE_H

#include <limits.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "keyring.h"
#include "vault.h"

struct db {
	sqlite3 *sql;
	keyring *kr;
	vault_keys *vk; /* owned by the vault binding while open */
	char *path;     /* absolute */
	char vfs[64];
	char err[DB_ERR_MAX];
	char denied[160]; /* why the authorizer last said no */
	int busy_ms;      /* the longest a writer waits for its turn */
	int turn;         /* 1 while this writer's turn (turn.c) is held */
	int wal;          /* a write-ahead log (all but db_options.rollback) */
	int wal_frames;   /* frames in it after the last commit */
	db_progress_fn progress; /* db_set_progress */
	void *progress_ctx;
};

/* The vault's progress, handed on to d's as the given walk. */
struct db_walk_arg {
	db *d;
	enum db_walk walk;
	uint32_t per_page; /* page images the walk reads or writes per page */
};
void db_walk_progress(void *ctx, uint32_t done, uint32_t total);

/* snprintf into err (n bytes), when there is an err to fill. */
void db_seterr(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* db.c: a sentence in out (n bytes) for SQLite's result rc, naming a
 * page that failed authentication or what the vault refused; db_open.c
 * says it of a file that could not be opened. */
void db_describe(db *d, int rc, char *out, size_t n);
/* The folder that holds the absolute path abs ("/" for "/x.db"), in out;
 * -1 if abs is too long or names no folder. */
int db_folder_of(const char *abs, char out[PATH_MAX]);

/* A writer's turn (turn.c), for a write SQLite begins by itself (VACUUM);
 * db_begin_write takes it and db_commit or db_rollback gives it back. */
int db_take_turn(db *d);
void db_give_turn(db *d);
/* The same, waiting at most ms (0: only if it is free now). */
int db_take_turn_within(db *d, int ms);

/* db_keys.c: hands the keyring's page keys (the current and, during a
 * rotation, the previous) to the vault's bound keys. */
int db_sync_vault_keys(db *d);
/* The vault's refresh function (vault_codec.h): another process rotated
 * the data key; read its new header with this person's slot key. */
int db_refresh_keys(void *ctx, vault_keys *k, const uint8_t header[VAULT_HEADER_SIZE]);
/* Inside a write transaction: writes both header copies again from the
 * good one when the other failed its checks at the last read. */
int db_header_repair_locked(db *d);
/* Holding the writers' turn: takes the header's keys if another session
 * changed it since this one last read it. */
int db_follow_header(db *d);
/* Finishes a rotation an earlier process left half done. */
int db_finish_rotation(db *d);

/* db_wal.c: at open, before anything else reads the file, takes the
 * write-ahead log (d->wal), switching a file left in a rollback journal
 * over to it, or a rollback journal, with the synchronous setting that
 * goes with each.  0, or -1 with a sentence in d. */
int db_wal_journal(db *d);
/* db_log.c: outside a transaction, when the log has grown long (after a
 * commit) or a keyless backup waits for it, copies into the file what no
 * reader still needs of the log, and empties it when no reader needs any
 * of it (a TRUNCATE checkpoint that does not wait), under the writers'
 * turn: the one d holds after its commit, or else one taken if
 * it comes free within a moment.  Never fails: what it leaves, a later
 * fold copies. */
void db_fold_log(db *d);
/* db_log.c, the fold mark (see there).  Holding the turn: a COPYING mark
 * left by a fold that died after its copy becomes RESTING, before a
 * commit can start the log afresh.  0, or -1 with a sentence when the
 * mark had to be written and could not be. */
int db_log_settle(db *d);
/* After SQLite has read the log at open: 0 if it agrees with the mark,
 * or -1 with a sentence naming the log. */
int db_log_check(db *d);
/* After SQLite failed to read a file it found in the log: the sentence
 * names the log instead when the log disagrees with the mark (a file
 * read half from it is what such a log gives). */
void db_log_blame(db *d);
/* Holding the turn: every frame copied into the file, marked, and the
 * log emptied, waiting for readers as a writer waits.  0 or -1. */
int db_log_empty(db *d);
/* At close, in place of SQLite's own checkpoint: a fold, if the turn
 * comes free within a moment; when it empties the log, SQLite's close
 * may remove it, and the turn is held until then. */
void db_log_close(db *d);
/* db_keys.c: holding the turn, outside a transaction, writes the fold
 * mark m into the header, synced (see there for which copies).  0, or
 * -1 with a sentence. */
int db_header_mark(db *d, const struct kr_fold *m);

/* migrate.c: applies the migrations the file does not have yet, one
 * transaction each; refuses a file made by a newer Passage. */
int db_migrate(db *d, int upto);

#endif
