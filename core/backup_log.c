/* SPDX-License-Identifier: ISC */
/*
 * backup_log.c - a backup keeps the writers out, and the write-ahead log
 * in.
 *
 * A backup copies the file's bytes under SQLite's shared lock (backup.c).
 * In rollback-journal mode that lock alone keeps every writer from
 * changing the file.  With a write-ahead log it does not: commits go to
 * FILE-wal, and a checkpoint copies them into the file beside any reader.
 * So the backup also takes the writers' turn (turn.c), which every commit
 * and every checkpoint needs, before the shared lock, and keeps it until
 * the copy is settled.  Then the file cannot change, but it may still
 * lack commits that sit in the log:
 *
 *   with a key     the log is folded into the file under the turn (a
 *                  TRUNCATE checkpoint, db_log.c) and left empty;
 *   without one    a checkpoint needs the key, so the log is read as
 *                  SQLite's shared memory (FILE-shm) describes it: the
 *                  number of its last committed frame (mxFrame) and how
 *                  many of its frames are in the file already (nBackfill).
 *                  When every one is, the file is whole.  When some are
 *                  not, the backup says it waits (turn_want), gives the
 *                  turn back and waits for a session to fold them: each
 *                  session that sees the wait folds the log at its next
 *                  save or end of a read, or within a second when it is
 *                  a screen waiting for a key (db_log.c).  When that has
 *                  not happened by the end of its wait, or when no open
 *                  session vouches for FILE-shm (it is rebuilt from the
 *                  log at the next open), it refuses: a copy of the file
 *                  alone would lack them.
 */
#include "backup_log.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_log.h"
#include "keyring.h"
#include "sqldb.h"
#include "turn.h"

/* The dead-man switch byte of FILE-shm, share-locked by every connection
 * that has the log open (its header: vault_shm_parse). */
#define SHM_DMS 128

/* 1 if some connection has the log open (holds the dead-man switch). */
static int
shm_live(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SHM_DMS;
	fl.l_len = 1;
	return fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

/* 1 if the header read through fd (the turn's descriptor: a second one
 * closed here would drop the process's locks on the file) says a fold
 * is part way.  Its frames may all be in the file, yet until a session
 * marks it done the file alone is refused at its next open (db_log.c). */
static int
fold_marked_copying(int fd)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	struct kr_header *h = malloc(sizeof *h);
	int copying = 0;

	if (buf && h && fd >= 0 && pread(fd, buf, VAULT_HEADER_SIZE, 0) == VAULT_HEADER_SIZE &&
	    keyring_parse(buf, h) == KR_OK)
		copying = h->fold.state == KR_FOLD_COPYING;
	free(buf);
	free(h);
	return copying;
}

/* 1 if every committed frame of the log at abs is in the file already,
 * and the header's fold mark says so too; 0 if not, or if its index
 * cannot be read; -1 if no open session vouches for the index: a log a
 * crash left, which only an unlock reads again. */
static int
log_folded(const char *abs, int turn_fd)
{
	char path[PATH_MAX + 8];
	uint8_t h[VAULT_SHM_HEAD];
	struct vault_log_state ls;
	struct stat st;
	int fd, folded = 0;

	snprintf(path, sizeof path, "%s-wal", abs);
	if (stat(path, &st) != 0 || st.st_size == 0)
		return !fold_marked_copying(turn_fd); /* no log, or an empty one */
	snprintf(path, sizeof path, "%s-shm", abs);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	if (!shm_live(fd))
		folded = -1;
	else if (pread(fd, h, sizeof h, 0) == (ssize_t)sizeof h && vault_shm_parse(h, &ls) == 0)
		folded = ls.backfilled >= ls.frames && !fold_marked_copying(turn_fd);
	close(fd);
	return folded;
}

/* Without a key: takes the turn, and keeps it once the log is folded;
 * between looks, gives it back so that a session can fold.  0, 1 when
 * the wait for the turn ran out, 2 when the log was still not folded at
 * the end of the wait, 3 when no session has it open to fold it, -1. */
static int
hold_folded(struct backup_log *l, const char *abs, int wait_ms)
{
	double deadline = turn_now_ms() + wait_ms;
	struct timespec pause = {0, 50 * 1000 * 1000};

	for (;;) {
		double left = deadline - turn_now_ms();
		int rc = turn_take(l->turn_fd, left > 1 ? (int)left : 1);
		if (rc != 0)
			return rc;
		/* Without a descriptor for the turn (a file that could not be
		 * opened), writers are not held: then any log must be empty. */
		int folded = log_folded(abs, l->turn_fd);
		if (folded > 0)
			return 0;
		turn_give(l->turn_fd);
		if (folded < 0)
			return 3;
		nanosleep(&pause, NULL);
		if (turn_now_ms() >= deadline)
			return 2; /* not "busy": the log is what it waited for */
	}
}

int
backup_log_hold(struct backup_log *l, db *d, const char *abs, const char *src, int wait_ms,
                char *err, size_t errlen)
{
	int rc;

	memset(l, 0, sizeof *l);
	l->turn_fd = -1;
	if (d) {
		if (db_hold_log(d) != 0) {
			snprintf(err, errlen, "%s: %s; nothing was written", src, db_errmsg(d));
			return -1;
		}
		l->d = d;
		l->held = 1;
		return 0;
	}
	l->turn_fd = turn_open(abs);
	turn_want(l->turn_fd);
	rc = hold_folded(l, abs, wait_ms);
	turn_unwant(l->turn_fd);
	switch (rc) {
	case 0:
		break;
	case 3:
		snprintf(err, errlen, "%s has saves that a crash left in its write-ahead log (%s-wal), "
		         "which a backup without a key cannot copy into the file: unlock it once (passage "
		         "verify) so that they are, or back up with --user; nothing was written", src,
		         src);
		return -1;
	case 2:
		snprintf(err, errlen, "%s still had saves only in its write-ahead log (%s-wal) "
		         "after %d seconds, and a backup without a key cannot copy them into the "
		         "file: back up again in a minute, back up with --user, or back up when "
		         "everyone has logged out; nothing was written", src, src, wait_ms / 1000);
		return -1;
	case 1:
		snprintf(err, errlen, "%s: a change kept the database busy for %d seconds; nothing "
		         "was written: try again", src, wait_ms / 1000);
		backup_log_release(l);
		return -1;
	default:
		snprintf(err, errlen, "%s could not be locked for the copy; nothing was written",
		         src);
		backup_log_release(l);
		return -1;
	}
	l->held = 1;
	return 0;
}

void
backup_log_release(struct backup_log *l)
{
	if (l->held && l->d)
		db_release_log(l->d);
	else if (l->held)
		turn_give(l->turn_fd);
	l->held = 0;
}

void
backup_log_close(struct backup_log *l)
{
	backup_log_release(l);
	if (l->turn_fd >= 0)
		close(l->turn_fd);
	l->turn_fd = -1;
}
