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
 *
 * Every session also folds the log in as it goes (db_fold_log): after
 * each commit, still holding its turn, and when a read ends, taking the
 * turn if it is free.  The checkpoint is PASSIVE: it copies what no
 * reader still needs and never waits for one.  A frame a long read still
 * needed is copied when that read ends, or at the next commit.  So the
 * file itself holds every save within moments of the last one, and the
 * nightly backup, which has no key and can only copy the file
 * (backup_log.c), finds it whole.
 */
#include "db_log.h"

#include <string.h>

#include "db_private.h"
#include "sqldb.h"

#ifdef PASSAGE_TEST_SYNC_FULL
/* The power-cut test's weaker build keeps the log at synchronous=NORMAL
 * (db_wal.c), which syncs it only at a checkpoint: a fold after every
 * commit would sync each one, and the test could not show what NORMAL
 * loses.  So that build folds only once the log has grown this long, as
 * Passage once did. */
#define DB_FOLD_FRAMES 1000
#endif

/* The longest a read's end waits for the writers' turn to fold. */
#define DB_FOLD_WAIT_MS 20

void
db_fold_log(db *d)
{
	char keep[DB_ERR_MAX];
	int took = 0;

	if (!d->wal || !sqlite3_get_autocommit(d->sql))
		return;
#ifdef DB_FOLD_FRAMES
	if (!d->turn || d->wal_frames < DB_FOLD_FRAMES)
		return;
#endif
	memcpy(keep, d->err, sizeof keep);
	/* A read that ends waits a moment at most for the turn: a writer
	 * that has it folds after its own commit, and a keyless backup that
	 * looks at the log holds it only for that look. */
	if (!d->turn) {
		if (db_take_turn_within(d, DB_FOLD_WAIT_MS) != 0) {
			memcpy(d->err, keep, sizeof keep);
			return;
		}
		took = 1;
	}
	/* Nothing is lost when it cannot copy everything now: the next
	 * commit, or the end of the read that held it back, tries again. */
	sqlite3_wal_checkpoint_v2(d->sql, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
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
