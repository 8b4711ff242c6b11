/* SPDX-License-Identifier: ISC */
/*
 * db.c - what an open vault database does: its errors, transactions and
 * verify walk (opening it, and the guards it is opened with, are
 * db_open.c; the key changes db_keys.c; the migrations migrate.c).
 */
#include "db.h"

#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_private.h"
#include "diskfull.h"
#include "keyring.h"
#include "sqldb.h"
#include "vault.h"

void
db_seterr(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!err || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- errors */

const char *
db_errmsg(const db *d)
{
	return d->err[0] ? d->err : "no error";
}

int
db_say(db *d, const char *msg)
{
	snprintf(d->err, sizeof d->err, "%s", msg);
	return -1;
}

int
db_wrong_passphrase(const char *err)
{
	return err && strcmp(err, keyring_strerror(KR_EAUTH)) == 0;
}

/* ---------------------------------------------------------------- accessors */

const char *
db_path(const db *d)
{
	return d->path;
}

sqlite3 *
db_sql(db *d)
{
	return d->sql;
}

keyring *
db_keyring(db *d)
{
	return d->kr;
}

int
db_must_change(const db *d)
{
	return keyring_must_change(d->kr);
}

void
db_kdf_cost(const db *d, unsigned *passes, unsigned *mib)
{
	const struct kr_slot *s;

	*passes = *mib = 0;
	if (d->kr->slot < 0) /* opened with the recovery code: no slot of its own */
		return;
	s = &d->kr->h.slot[d->kr->slot];
	*passes = s->opslimit;
	*mib = s->mem_kib / 1024;
}

int
db_has_user(const db *d, const char *user)
{
	return keyring_find(d->kr, user) >= 0;
}

/* 1 if the file at path may be written by this account but the folder
 * that holds it may not: the write-ahead log and its index (FILE-wal,
 * FILE-shm) cannot be made beside it. */
static int
folder_read_only(const char *path)
{
	char dir[PATH_MAX];

	if (!path || db_folder_of(path, dir) != 0 || access(path, R_OK | W_OK) != 0)
		return 0;
	return access(dir, W_OK | X_OK) != 0;
}

int
db_folder_of(const char *abs, char out[PATH_MAX])
{
	char *slash;

	if (snprintf(out, PATH_MAX, "%s", abs) >= PATH_MAX || !(slash = strrchr(out, '/')))
		return -1;
	slash[slash == out] = 0; /* "/x.db" is in "/" */
	return 0;
}

void
db_describe(db *d, int rc, char *out, size_t n)
{
	int journal = 0;
	uint32_t page = vault_last_failed_page(&journal);
	const char *refusal = vault_last_refusal();
	int xrc = d && d->sql ? sqlite3_extended_errcode(d->sql) : rc;

	if (rc == SQLITE_IOERR_DATA || xrc == SQLITE_IOERR_DATA) {
		if (journal == 2)
			db_seterr(out, n, "page %u in the write-ahead log (the file's -wal) failed "
			          "authentication: it was damaged or altered. Restore from backup",
			          page);
		else if (journal)
			db_seterr(out, n, "journal page %u failed authentication: an unfinished "
			          "change cannot be undone; the database was left as it is. "
			          "Restore from backup", page);
		else
			db_seterr(out, n, "page %u failed authentication: the file was damaged "
			          "or altered", page);
	} else if (d && d->denied[0]) {
		db_seterr(out, n, "%s", d->denied);
	} else if (refusal) {
		db_seterr(out, n, "%s", refusal);
	} else if ((rc & 0xff) == SQLITE_FULL ||
	           ((rc & 0xff) == SQLITE_IOERR && d && d->sql &&
	            diskfull_errno(sqlite3_system_errno(d->sql)))) {
		/* With the write-ahead log a full disk also shows as an I/O
		 * error: growing the log's index (-shm) fails with ENOSPC. */
		diskfull_text(d ? d->path : NULL, out, n);
	} else if ((rc & 0xff) == SQLITE_IOERR) {
		db_seterr(out, n, "the disk reported an error: the change was not saved, and "
		          "nothing already saved was lost");
	} else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		db_seterr(out, n, "the database is busy in another session: try again");
	} else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
		db_seterr(out, n, "the database is damaged: restore from backup");
	} else if (((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN) && d &&
	           folder_read_only(d->path)) {
		db_seterr(out, n, "the folder that holds the database is read-only for this "
		          "account: Passage keeps the file's write-ahead log (the file's -wal "
		          "and -shm) beside it, so this account must be able to write in that "
		          "folder too");
	} else if ((rc & 0xff) == SQLITE_READONLY) {
		db_seterr(out, n, "the database file is read-only for this account");
	} else if ((rc & 0xff) == SQLITE_CANTOPEN) {
		db_seterr(out, n, "the database file could not be opened");
	} else if ((rc & 0xff) == SQLITE_NOMEM) {
		db_seterr(out, n, "out of memory");
	} else if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		db_seterr(out, n, "the change breaks a rule of the records (%s)",
		          d && d->sql ? sqlite3_errmsg(d->sql) : sqlite3_errstr(rc));
	} else {
		db_seterr(out, n, "the database reported a problem (%s)",
		          d && d->sql ? sqlite3_errmsg(d->sql) : sqlite3_errstr(rc));
	}
}

int
db_fail(db *d, int rc)
{
	db_describe(d, rc, d->err, sizeof d->err);
	return -1;
}

static void
clear_errors(db *d)
{
	d->err[0] = 0;
	d->denied[0] = 0;
	vault_clear_refusal();
}

/* ---------------------------------------------------------------- sql */

int
db_exec(db *d, const char *sql)
{
	int rc;

	clear_errors(d);
	rc = sqlite3_exec(d->sql, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_fail(d, rc);
}

/* Writers queue for their turn first (turn.c: fairly, in the order they
 * came, blocked in the kernel rather than polling), so SQLite's own write
 * lock is nearly always free when BEGIN IMMEDIATE asks for it.  The turn
 * ends with the transaction (db_commit, db_rollback).  With it, the
 * writer takes the keys of the newest header (db_keys.c). */
int
db_take_turn(db *d)
{
	return db_take_turn_within(d, d->busy_ms);
}

int
db_take_turn_within(db *d, int ms)
{
	int rc;

	clear_errors(d);
	rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_TURN_TAKE, &ms);
	if (rc != SQLITE_OK) /* SQLITE_BUSY: the wait ran out, as SQLite's would */
		return db_fail(d, rc);
	d->turn = 1;
	if (db_follow_header(d) != 0) {
		db_give_turn(d);
		return -1;
	}
	if (d->wal && db_log_settle(d) != 0) {
		db_give_turn(d);
		return -1;
	}
	return 0;
}

void
db_give_turn(db *d)
{
	if (!d->turn)
		return;
	sqlite3_file_control(d->sql, "main", VAULT_FCNTL_TURN_GIVE, NULL);
	d->turn = 0;
}

int
db_begin_write(db *d)
{
	if (db_take_turn(d) != 0)
		return -1;
	if (db_exec(d, "BEGIN IMMEDIATE") != 0) {
		db_give_turn(d);
		return -1;
	}
	/* A damaged header copy is put right by the first write after it was
	 * seen.  The write asked for goes on even if that fails: the good
	 * copy holds everything, and verify goes on naming the damaged one. */
	if (d->kr->h.other_damaged && db_header_repair_locked(d) != 0)
		clear_errors(d);
	return 0;
}

int
db_in_write(db *d)
{
	return sqlite3_txn_state(d->sql, "main") == SQLITE_TXN_WRITE;
}

int
db_begin_read(db *d)
{
	/* A deferred transaction takes its shared lock on the first read. */
	if (db_exec(d, "BEGIN") != 0)
		return -1;
	if (db_exec(d, "SELECT count(*) FROM sqlite_schema") != 0) {
		db_rollback(d);
		return -1;
	}
	return 0;
}

int
db_commit(db *d)
{
	if (db_exec(d, "COMMIT") != 0) {
		db_rollback(d);
		return -1;
	}
	/* A save that made the log long, or a save or read that ends while
	 * a keyless backup waits: the log is folded into the file. */
	db_fold_log(d);
	db_give_turn(d);
	return 0;
}

void
db_rollback(db *d)
{
	char keep[DB_ERR_MAX];
	int reading = !d->turn;

	db_give_turn(d);
	if (sqlite3_get_autocommit(d->sql))
		return;
	memcpy(keep, d->err, sizeof keep);
	sqlite3_exec(d->sql, "ROLLBACK", NULL, NULL, NULL);
	/* A read that ends while a keyless backup waits: fold the log,
	 * including what this read may have held back. */
	if (reading)
		db_fold_log(d);
	memcpy(d->err, keep, sizeof keep);
}

static int
query_int(db *d, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;

	clear_errors(d);
	rc = sqlite3_prepare_v2(d->sql, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(d, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(d, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
}

int
db_schema_version(db *d)
{
	int v = -1;

	return query_int(d, "PRAGMA user_version", &v) == 0 ? v : -1;
}

/* ---------------------------------------------------------------- verify */

/* Which header copy fails its checks, as the file holds it now: 'A', 'B'
 * or 0, and whether it was altered (checksum made again, MAC wrong) rather
 * than damaged.  The caller holds a lock, so no header write is under way. */
static int
damaged_copy(db *d, char *which, int *altered)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	struct kr_header *h = malloc(sizeof *h);
	int rc = -1;

	*which = 0;
	*altered = 0;
	if (!buf || !h) {
		db_seterr(d->err, sizeof d->err, "out of memory");
	} else if ((rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_HEADER_READ, buf)) !=
	           SQLITE_OK) {
		rc = db_fail(d, rc);
	} else if ((rc = keyring_parse(buf, h)) != KR_OK) {
		db_seterr(d->err, sizeof d->err, "%s", keyring_strerror(rc));
		rc = -1;
	} else if (h->other_damaged) {
		*which = h->which ? 'A' : 'B';
	} else if (keyring_other_altered(d->kr, buf, h)) {
		*which = h->which ? 'A' : 'B';
		*altered = 1;
	}
	if (h)
		sodium_memzero(h, sizeof *h);
	free(h);
	free(buf);
	return rc;
}

int
db_verify(db *d, struct db_verify *v)
{
	struct vault_verify vv = {0};
	struct db_walk_arg wa = {d, DB_WALK_VERIFY, 1};
	sqlite3_stmt *st;
	int rc;

	memset(v, 0, sizeof *v);
	if (d->progress) {
		vv.progress = db_walk_progress;
		vv.ctx = &wa;
	}
	/* Hold a shared lock so no writer changes pages under the scan; the
	 * first read also rolls back a journal left by a crash. */
	if (db_begin_read(d) != 0)
		return -1;
	rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_VERIFY, &vv);
	if (rc != SQLITE_OK) {
		db_rollback(d);
		return db_fail(d, rc);
	}
	v->pages = vv.pages;
	v->failed = vv.failed;
	v->first_failed = vv.first_failed;
	v->in_write_epoch = vv.in_write_epoch;
	if (damaged_copy(d, &v->damaged_copy, &v->copy_altered) != 0) {
		db_rollback(d);
		return -1;
	}
	if (vv.failed) {
		db_rollback(d);
		db_seterr(d->err, sizeof d->err, "page %u failed authentication: the file was "
		          "damaged or altered (%u of %u pages failed)", vv.first_failed, vv.failed,
		          vv.pages);
		return -1;
	}
	if (vv.wal_failed) {
		db_rollback(d);
		db_seterr(d->err, sizeof d->err, "page %u in the write-ahead log (the file's -wal) "
		          "failed authentication: it was damaged or altered (%u of %u frames failed)",
		          vv.wal_first_failed, vv.wal_failed, vv.wal_frames);
		return -1;
	}
	clear_errors(d);
	rc = sqlite3_prepare_v2(d->sql, "PRAGMA integrity_check(1)", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(st, 0);
		snprintf(v->integrity, sizeof v->integrity, "%s", msg ? msg : "");
		v->integrity_ok = msg && strcmp(msg, "ok") == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	db_commit(d);
	if (rc != SQLITE_OK)
		return db_fail(d, rc);
	v->schema_version = db_schema_version(d);
	if (!v->integrity_ok) {
		db_seterr(d->err, sizeof d->err, "the database structure is damaged (%s): restore "
		          "from backup", v->integrity);
		return -1;
	}
	return 0;
}
