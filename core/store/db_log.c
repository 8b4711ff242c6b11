/* SPDX-License-Identifier: ISC */
/*
 * db_log.c - holding an open database still, its write-ahead log folded in.
 *
 * With a write-ahead log, a commit lands in FILE-wal, and reaches the file
 * itself only at a checkpoint.  What copies or rewrites the whole file (a
 * backup, a key rotation) must therefore fold the log in first and keep
 * any new commit out until it is done: it takes the writers' turn
 * (turn.c), which every commit and every checkpoint needs (a commit that
 * folds does so before it gives the turn back), then checkpoints with
 * TRUNCATE, which waits for readers of older frames and leaves the log
 * empty.  The vault grants the checkpoint lock only with the writer lock
 * (vault_wal.c); TRUNCATE takes that lock itself, so it never runs beside
 * another writer's commit.
 *
 * Every session also folds the log in as it goes (db_fold_log), with a
 * TRUNCATE checkpoint that never waits for a reader: it copies what no
 * reader still needs, and empties the log when no reader needs any of it:
 *
 *   after a commit, still holding its turn, once the log holds
 *   DB_FOLD_FRAMES frames, so that it stays a few megabytes long;
 *
 *   whenever a backup without a key waits for it: such a backup can only
 *   copy the file (backup_log.c), so while it waits it holds a lock byte
 *   that says so (turn_want), and a session that sees it folds after its
 *   next commit, at the end of its next read, or within a second when
 *   it is a screen waiting for a key (db_idle).
 *
 * A fold after every commit would keep the file whole at every moment,
 * but it costs each save a second round of syncs inside the writers'
 * turn, and with twenty people saving at once their saves queue behind
 * each other's syncs.
 */
#include "db_log.h"

#include <string.h>

#include "db_private.h"
#include "sqldb.h"
#include "vault.h"

/* The log's length, in frames of a page each, at which a commit folds it
 * in: SQLite's own default for its automatic checkpoints, about 4 MiB. */
#define DB_FOLD_FRAMES 1000

/* The longest a read's end waits for the writers' turn to fold. */
#define DB_FOLD_WAIT_MS 20

void
db_idle(db *d)
{
	if (d)
		db_fold_log(d);
}

void
db_fold_log(db *d)
{
	char keep[DB_ERR_MAX];
	int took = 0, wanted = 0;

	if (!d->wal || !sqlite3_get_autocommit(d->sql))
		return;
	if (!(d->turn && d->wal_frames >= DB_FOLD_FRAMES) &&
	    (sqlite3_file_control(d->sql, "main", VAULT_FCNTL_FOLD_WANTED, &wanted) != SQLITE_OK ||
	     !wanted))
		return;
	memcpy(keep, d->err, sizeof keep);
	/* Without the turn, a session waits a moment at most for it: a
	 * writer that has it folds after its own commit, and a keyless
	 * backup that looks at the log holds it only for that look. */
	if (!d->turn) {
		if (db_take_turn_within(d, DB_FOLD_WAIT_MS) != 0) {
			memcpy(d->err, keep, sizeof keep);
			return;
		}
		took = 1;
	}
	/* TRUNCATE, without waiting for readers: it copies what no reader
	 * still needs, as PASSIVE does, and when no reader needs any of the
	 * log any more, empties it.  A log left whole after its frames were
	 * copied would be played back after a crash; were one of its frames
	 * changed then, SQLite would stop there and play the commits before
	 * it over a file that holds the ones after it.  Nothing is lost when
	 * it cannot copy or empty everything now: the next commit past the
	 * mark, or the next look of a waiting backup, tries again. */
	sqlite3_busy_timeout(d->sql, 0);
	sqlite3_wal_checkpoint_v2(d->sql, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(d->sql, d->busy_ms);
	d->wal_frames = 0;
	if (took)
		db_give_turn(d);
	memcpy(d->err, keep, sizeof keep);
}

int
db_hold_log(db *d)
{
	int rc;

	if (db_take_turn(d) != 0)
		return -1;
	if (!d->wal)
		return 0;
	rc = sqlite3_wal_checkpoint_v2(d->sql, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc == SQLITE_OK) {
		d->wal_frames = 0;
		return 0;
	}
	db_give_turn(d);
	if ((rc & 0xff) == SQLITE_BUSY)
		return db_say(d, "a long read in another session still needs the write-ahead log "
		                 "(the file's -wal), so it could not be folded into the file: try "
		                 "again when it ends");
	return db_fail(d, rc);
}

void
db_release_log(db *d)
{
	db_give_turn(d);
}
