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
 *   DB_FOLD_FRAMES frames, so that it stays a few megabytes long (and
 *   when a long read kept the last fold from emptying it, once it has
 *   grown by as much again since, fold_due);
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
 *
 * THE FOLD MARK.  Once a fold has copied frames into the file, the file
 * holds pages of those commits, and the log must still hold every one of
 * them: were one changed after a crash, SQLite would stop reading the log
 * there and play the commits before it over a file holding the ones after
 * it -- a state that never was.  A fold that empties the log leaves
 * nothing to change, but one that a long read keeps from doing so leaves
 * its frames there until the next fold.  So each fold is marked in the
 * header, which is authenticated (keyring.h, struct kr_fold):
 *
 *   before it copies: COPYING, the log's generation (the salts of its
 *   header) and its length;
 *   after: RESTING, and how many frames the file now holds;
 *   then, with every frame copied, it empties the log.
 *
 * At open, after SQLite has read the log again (db_log_check): a log of
 * the marked generation must reach at least the marked frame; a log of
 * another generation, or none, is fine after a RESTING mark (the file
 * holds a whole commit's state, and the log was started afresh or taken
 * away whole), and refused after a COPYING one (a fold was part way, and
 * the log that held the rest is gone).  Only a fold, under the writers'
 * turn, copies frames: automatic checkpoints are off, and so is SQLite's
 * own at the close of the last connection, unless a fold has just emptied
 * the log (db_log_close).
 * A fold killed between its copy and its RESTING mark leaves COPYING on a
 * log whose every frame is in the file, which the next commit would start
 * afresh: the writer who next takes the turn marks it RESTING first
 * (db_log_settle), and does not write when it cannot.  A keyless backup,
 * which copies the file alone, waits while the mark says COPYING
 * (backup_log.c).
 *
 * The frames a COPYING mark names must stay in the log whatever happens
 * to the machine: a commit syncs the log (synchronous=FULL, db_wal.c),
 * and the fold syncs it again before it marks, for the power-cut test's
 * build at a weaker setting.
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

static int
log_state(db *d, struct vault_log_state *ls)
{
	int rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_LOG_STATE, ls);

	return rc == SQLITE_OK ? 0 : -1;
}

/* The same, after a read when it cannot be read at once: a writer killed
 * while it changed the index leaves its two copies apart, and the next
 * read puts them right (or builds the index again). */
static int
log_state_read(db *d, struct vault_log_state *ls)
{
	if (log_state(d, ls) == 0)
		return 0;
	if (!sqlite3_get_autocommit(d->sql) ||
	    sqlite3_exec(d->sql, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return log_state(d, ls);
}

static int
mark(db *d, enum kr_fold_state state, uint32_t frames, const struct vault_log_state *ls)
{
	struct kr_fold m = {.state = (uint8_t)state, .frames = frames, .length = ls->frames};
	const uint8_t *salt = ls->salt;

	memcpy(m.salt, salt, sizeof m.salt);
	return db_header_mark(d, &m);
}

/* Holding the turn, outside a transaction: copies the log into the file,
 * marked, and then empties it when every frame is copied.  wait: wait
 * for readers as long as a writer waits for its turn (a backup or a key
 * rotation, which need the log empty); else take only what no reader
 * needs now.  SQLITE_OK when the log is empty, SQLITE_BUSY when a reader
 * still needs it, or -1 with a sentence in d. */
static int
fold(db *d, int wait)
{
	struct vault_log_state ls, after;
	int rc;

	if (log_state_read(d, &ls) != 0)
		return db_say(d, "the write-ahead log's index (the file's -shm) could not be read");
	if (db_log_settle(d) != 0)
		return -1;
	sqlite3_busy_timeout(d->sql, wait ? d->busy_ms : 0);
	if (ls.backfilled < ls.frames) {
		/* The mark names frames the log must keep: they are on the
		 * disk before it is (a commit syncs the log already; this is
		 * for a log kept at a weaker setting). */
		rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_SYNC_LOG, NULL);
		if ((rc != SQLITE_OK && rc != SQLITE_NOTFOUND) ||
		    mark(d, KR_FOLD_COPYING, ls.frames, &ls) != 0) {
			sqlite3_busy_timeout(d->sql, d->busy_ms);
			return rc != SQLITE_OK && rc != SQLITE_NOTFOUND ? db_fail(d, rc) : -1;
		}
		/* FULL waits for readers of older frames; PASSIVE copies what
		 * none of them needs.  Neither starts the log afresh.  Any
		 * other failure may have left part of a frame's pages in the
		 * file, beyond what the index says was copied: COPYING stays,
		 * and so does the log, until a fold finishes. */
		rc = sqlite3_wal_checkpoint_v2(d->sql, "main",
		                               wait ? SQLITE_CHECKPOINT_FULL : SQLITE_CHECKPOINT_PASSIVE,
		                               NULL, NULL);
		if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
			sqlite3_busy_timeout(d->sql, d->busy_ms);
			return db_fail(d, rc);
		}
		if (log_state(d, &after) != 0 || mark(d, KR_FOLD_RESTING, after.backfilled, &ls) != 0) {
			sqlite3_busy_timeout(d->sql, d->busy_ms);
			return -1; /* COPYING stays: the log is kept whole */
		}
		ls = after;
	}
	rc = SQLITE_BUSY;
	if (ls.backfilled >= ls.frames) {
		/* Nothing left to copy: TRUNCATE only empties the log, once
		 * no reader needs any of it. */
		rc = sqlite3_wal_checkpoint_v2(d->sql, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
			rc = db_fail(d, rc);
	}
	sqlite3_busy_timeout(d->sql, d->busy_ms);
	if (rc == SQLITE_OK)
		d->wal_frames = 0;
	return rc;
}

/* Holding the turn after a commit: whether the log is long enough to
 * fold.  At DB_FOLD_FRAMES; or, when the last fold (in any session: the
 * header holds its mark, read as the turn was taken) could not empty this
 * same log, once the log has grown by as much again since that fold
 * began.  Folding after every commit while a long read lasts would cost
 * each save the mark's syncs, and copy little more than the last. */
static int
fold_due(db *d)
{
	const struct kr_fold *m = &d->kr->h.fold;
	struct vault_log_state ls;

	if (d->wal_frames < DB_FOLD_FRAMES)
		return 0;
	if (m->state != KR_FOLD_RESTING || log_state(d, &ls) != 0 ||
	    memcmp(ls.salt, m->salt, sizeof ls.salt) != 0)
		return 1;
	return ls.frames >= m->length + DB_FOLD_FRAMES;
}

void
db_fold_log(db *d)
{
	char keep[DB_ERR_MAX];
	int took = 0, wanted = 0;

	if (!d->wal || !sqlite3_get_autocommit(d->sql))
		return;
	if (!(d->turn && fold_due(d)) &&
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
	/* Without waiting for readers: nothing is lost when it cannot copy
	 * or empty everything now, since the next commit past the mark, or
	 * the next look of a waiting backup, tries again. */
	fold(d, 0);
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
	rc = fold(d, 1);
	if (rc == SQLITE_OK)
		return 0;
	db_give_turn(d);
	if (rc == SQLITE_BUSY)
		return db_say(d, "a long read in another session still needs the write-ahead log "
		                 "(the file's -wal), so it could not be folded into the file: try "
		                 "again when it ends");
	return -1;
}

void
db_release_log(db *d)
{
	db_give_turn(d);
}

int
db_log_empty(db *d)
{
	return fold(d, 1) == SQLITE_OK ? 0 : -1;
}

void
db_log_close(db *d)
{
	char keep[DB_ERR_MAX];

	if (!d->sql || !d->wal || !d->kr || !sqlite3_get_autocommit(d->sql))
		return;
	memcpy(keep, d->err, sizeof keep);
	if (db_take_turn_within(d, DB_FOLD_WAIT_MS) != 0) {
		memcpy(d->err, keep, sizeof keep);
		return;
	}
	/* An empty log: SQLite's own close may then remove it and its index
	 * when this is the last connection, with nothing left to copy.  The
	 * turn is kept through the close (the vault gives it back as it
	 * closes the file, or db_close does, when a statement left open
	 * keeps the connection), so that no commit lands in between. */
	if (fold(d, 0) == SQLITE_OK)
		sqlite3_db_config(d->sql, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	else
		db_give_turn(d);
	memcpy(d->err, keep, sizeof keep);
}

int
db_log_settle(db *d)
{
	const struct kr_fold *m = &d->kr->h.fold;
	struct vault_log_state ls;

	if (m->state != KR_FOLD_COPYING || log_state(d, &ls) != 0)
		return 0;
	/* Every frame in the file, and the log the one marked: the fold
	 * that marked it ended before its RESTING mark. */
	if (ls.frames == 0 || ls.backfilled != ls.frames || ls.frames < m->frames ||
	    memcmp(ls.salt, m->salt, sizeof ls.salt) != 0)
		return 0;
	return mark(d, KR_FOLD_RESTING, ls.frames, &ls);
}

/* 1 if the log as SQLite has read it agrees with the fold mark, 0 if
 * not, -1 if its index could not be read (read: after a read of the
 * file, when it cannot be read at once). */
static int
log_agrees(db *d, int read)
{
	const struct kr_fold *m = &d->kr->h.fold;
	struct vault_log_state ls;

	if (m->state == KR_FOLD_NONE)
		return 1;
	if ((read ? log_state_read(d, &ls) : log_state(d, &ls)) != 0)
		return -1;
	/* After a RESTING mark the file holds a whole commit's state: the
	 * log may be of another generation, empty, or reach past the mark,
	 * but not stop short of it.  After a COPYING one, only the log the
	 * fold was copying, whole, can finish it. */
	if (memcmp(ls.salt, m->salt, sizeof ls.salt) == 0 && ls.frames >= m->frames)
		return 1;
	if (m->state == KR_FOLD_COPYING)
		return 0;
	return ls.frames == 0 || memcmp(ls.salt, m->salt, sizeof ls.salt) != 0;
}

static int
log_refused(db *d)
{
	db_seterr(d->err, sizeof d->err,
	          "the write-ahead log beside the database (%s-wal) was changed or removed after "
	          "part of it had been copied into the file, which would then read as a mix of "
	          "older and newer saves: put the log back as it was, or restore the database "
	          "from a backup", d->path);
	return -1;
}

int
db_log_check(db *d)
{
	int agrees;

	/* With a read when the index cannot be read at once: a file just
	 * switched to the log has not read it yet. */
	if (db_follow_header(d) != 0)
		return -1;
	if (log_agrees(d, 1) == 1)
		return 0;
	/* Perhaps a fold in another session is part way: its end, under
	 * the turn, settles it. */
	if (db_take_turn(d) != 0)
		return -1;
	agrees = log_agrees(d, 1);
	db_give_turn(d);
	if (agrees < 0)
		return db_say(d, "the write-ahead log's index (the file's -shm) could not be read: "
		                 "try again");
	return agrees == 1 ? 0 : log_refused(d);
}

void
db_log_blame(db *d)
{
	char keep[DB_ERR_MAX];

	memcpy(keep, d->err, sizeof keep);
	if (db_follow_header(d) == 0 && log_agrees(d, 0) == 0) {
		log_refused(d);
		return;
	}
	memcpy(d->err, keep, sizeof keep);
}
