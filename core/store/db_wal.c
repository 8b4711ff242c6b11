/* SPDX-License-Identifier: ISC */
/*
 * db_wal.c - the journal an open database keeps.
 *
 * Every open of an existing file keeps a write-ahead log (FILE-wal): a
 * commit appends its pages there, and readers go on reading the file and
 * the log as they were when their read began, so a supervisor's long
 * report never holds up a save (in a rollback journal, a reader's shared
 * lock makes every commit wait until it ends).  The log's frames are
 * sealed like pages (vault_wal.c); sessions fold the log back into the
 * file once it is a few megabytes long, or when a keyless backup waits
 * for the file alone to be whole (db_log.c).
 *
 * A file in a rollback journal -- one an older Passage left, or one just
 * built under its temporary name (db_open.c) -- is switched to the log once,
 * at its first open, holding the writers' turn (turn.c), so that no other
 * writer is part way through a commit.  A second process opening it
 * meanwhile waits for the turn like any writer (up to its busy wait, then
 * "busy"), and then finds the file in the log already and follows it: the
 * switch is made at most once, and never beside a commit.
 *
 * A connection that asks for a rollback journal (db_options.rollback: the
 * tests of the journal itself) on a file in the log takes the file out of
 * the log only when no other session has it open -- SQLite needs the
 * file's exclusive lock for that, which any other open connection in the
 * log keeps from it -- and is refused otherwise, so no session finds its
 * log gone under it.  The vault then refuses any other journal mode on
 * either kind of connection (vault_fcntl.c), and automatic checkpoints stay off:
 * the vault grants the checkpoint lock only with the writer lock
 * (vault_wal.c), and only db_log.c checkpoints.
 */
#include <stdio.h>
#include <string.h>

#include "db_private.h"
#include "sqldb.h"
#include "vault.h"

/*
 * A rollback journal: EXTRA, not FULL.  A commit there ends by deleting
 * the journal, and only EXTRA syncs the folder after that delete.
 * Without it a power cut can bring the deleted journal back, and the next
 * open plays it back over the committed pages: the commit, acknowledged
 * to the person who saved, is gone (tests/unit_powercut.c).  The test
 * build of that test alone (PASSAGE_TEST_SYNC_FULL) keeps FULL, to show
 * it fails.
 *
 * The write-ahead log: FULL, which syncs the log at every commit.  With
 * NORMAL it is synced only at a checkpoint, and a power cut takes the
 * commits since; the test build keeps NORMAL there, to show that.
 */
#ifdef PASSAGE_TEST_SYNC_FULL
#define SYNCHRONOUS "FULL"
#define WAL_SYNCHRONOUS "NORMAL"
#else
#define SYNCHRONOUS "EXTRA"
#define WAL_SYNCHRONOUS "FULL"
#endif

/* How many frames the log holds after each commit (db_log.c). */
static int
wal_hook(void *arg, sqlite3 *sql, const char *name, int frames)
{
	(void)sql;
	(void)name;
	((db *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* Runs a journal_mode pragma; out gets the mode it leaves ("wal",
 * "delete"), in lower case. */
static int
journal_mode(db *d, const char *sql, char out[16])
{
	sqlite3_stmt *st;
	int rc;

	out[0] = 0;
	rc = sqlite3_prepare_v2(d->sql, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(d, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, 16, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(d, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
	for (char *c = out; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	return 0;
}

/* The first read, before any mode is set: it rolls back a journal a
 * crash left, or finds the log (and plays back what a crash left in it),
 * so that the mode asked of SQLite after it is the file's own. */
static int
first_read(db *d, char mode[16])
{
	if (db_exec(d, "SELECT count(*) FROM sqlite_schema") != 0)
		return -1;
	return journal_mode(d, "PRAGMA journal_mode", mode);
}

static int
keep_log(db *d)
{
	char mode[16];

	sqlite3_file_control(d->sql, "main", VAULT_FCNTL_WAL, NULL);
	if (first_read(d, mode) != 0) {
		db_log_blame(d);
		return -1;
	}
	if (strcmp(mode, "wal") != 0) {
		/* The switch: under the turn, so that it never runs beside
		 * another writer's commit, and a second opener waits and then
		 * follows (its own pragma below finds the log). */
		if (db_take_turn(d) != 0)
			return -1;
		int rc = journal_mode(d, "PRAGMA journal_mode=WAL", mode);
		db_give_turn(d);
		if (rc != 0)
			return -1;
	} else if (journal_mode(d, "PRAGMA journal_mode=WAL", mode) != 0) {
		return -1; /* the vault learns that this connection keeps it */
	}
	if (strcmp(mode, "wal") != 0)
		return db_say(d, "the database could not be switched to its write-ahead log: "
		                 "another session keeps it busy; try again");
	if (db_log_check(d) != 0 || db_exec(d, "PRAGMA synchronous=" WAL_SYNCHRONOUS) != 0)
		return -1;
	sqlite3_wal_hook(d->sql, wal_hook, d);
	return 0;
}

static int
keep_journal(db *d)
{
	char mode[16];

	if (first_read(d, mode) != 0) {
		db_log_blame(d);
		return -1;
	}
	if (strcmp(mode, "wal") == 0) {
		/* The log is folded first, marked, so that SQLite's own
		 * checkpoint as it leaves the log finds nothing to copy.
		 * SQLite leaves the log only holding the file's exclusive
		 * lock, which any other connection in the log keeps from it:
		 * then it answers BUSY, or leaves the mode as it was. */
		if (db_log_check(d) != 0 || db_take_turn(d) != 0)
			return -1;
		int rc = db_log_empty(d);
		if (rc == 0)
			rc = journal_mode(d, "PRAGMA journal_mode=DELETE", mode);
		db_give_turn(d);
		if (rc != 0 && (sqlite3_extended_errcode(d->sql) & 0xff) != SQLITE_BUSY)
			return -1;
		if (rc != 0 || strcmp(mode, "delete") != 0)
			return db_say(d, "another session has this database open with its "
			                 "write-ahead log: a rollback journal can be taken only "
			                 "when no other session has it open");
	} else if (journal_mode(d, "PRAGMA journal_mode=DELETE", mode) != 0) {
		return -1;
	}
	return db_exec(d, "PRAGMA synchronous=" SYNCHRONOUS);
}

int
db_wal_journal(db *d)
{
	return d->wal ? keep_log(d) : keep_journal(d);
}
