/* SPDX-License-Identifier: ISC */
/*
 * backup_raw.h - a backup's source file, read as bytes under SQLite's
 * SHARED lock (see backup_raw.c).
 */
#ifndef PASSAGE_BACKUP_RAW_H
#define PASSAGE_BACKUP_RAW_H

#include <sqlite3.h>

/* The source file through SQLite's unix VFS, without the vault. */
struct raw {
	sqlite3_file *f;
	char *name; /* followed by two NULs, as SQLite hands names to a VFS */
	int locked;
};

/* Opens abs (an absolute path) read-only: an SQLite code. */
int raw_open(struct raw *r, const char *abs);
/* Drops the lock, if held. */
void raw_unlock(struct raw *r);
/* Unlocks and closes; r may never have opened. */
void raw_close(struct raw *r);
/* SHARED, waiting up to wait_ms (as a reader's busy handler would) while
 * a writer holds PENDING or EXCLUSIVE to commit: an SQLite code. */
int raw_lock(struct raw *r, int wait_ms);
/* Holding SHARED: 1 if journal is hot (left by a crash, a change half
 * written to the file), looked at a few times apart. */
int journal_is_hot(struct raw *r, const char *journal);

#endif
