/* SPDX-License-Identifier: ISC */
/*
 * db_log.c - holding an open database still, its write-ahead log folded in.
 *
 * With a write-ahead log, a commit lands in FILE-wal, and reaches the file
 * itself only at a checkpoint.  What copies or rewrites the whole file (a
 * backup, a key rotation) must therefore fold the log in first and keep
 * any new commit out until it is done: it takes the writers' turn
 * (turn.c), which every commit and every checkpoint needs (db_commit
 * checkpoints before it gives the turn back), then checkpoints with
 * TRUNCATE, which waits for readers of older frames and leaves the log
 * empty.  The vault grants the checkpoint lock only with the writer lock
 * (vault_wal.c); TRUNCATE takes that lock itself, so it never runs beside
 * another writer's commit.
 */
#include "db_log.h"

#include "db_private.h"
#include "sqldb.h"

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
