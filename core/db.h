/* SPDX-License-Identifier: ISC */
/*
 * db.h - the case file as every layer sees it: create, open and close it,
 * check and change passphrases, recover, verify.
 *
 * The storage beneath (the vault VFS, the keyring in the header, SQLite
 * and the migrations) lives in core/store/ and is opaque here: nothing in
 * this header names SQLite or a key, and tui/ and cli/ cannot include
 * anything else of the storage.  The model above it reaches the SQLite
 * handle and the transactions through store/sqldb.h.
 */
#ifndef PASSAGE_DB_H
#define PASSAGE_DB_H

#include <stddef.h>
#include <stdint.h>

#define DB_ERR_MAX 320
/* Room for the printed recovery code and its NUL. */
#define DB_RECOVERY_CODE_LEN 80

typedef struct db db;

/* Argon2id strength for a passphrase: AUTO calibrates to the strongest
 * that unlocks in about a second; none goes below INTERACTIVE. */
enum db_kdf { DB_KDF_AUTO = 0, DB_KDF_INTERACTIVE, DB_KDF_MODERATE, DB_KDF_SENSITIVE };

struct db_options {
	const char *vfs_base; /* VFS under the vault; NULL: the default ("unix") */
	int busy_ms;          /* wait for another writer; 0: 5000 ms */
	/* db_create only: fills a new database before it takes its name (the
	 * first admin's user row), so a crash never leaves one without it. */
	int (*on_create)(db *d, void *ctx);
	void *on_create_ctx;
	/* db_create only: 1 gives the new file to group gid, which may read
	 * and write it (mode 660); 0 keeps it private (600). */
	int shared;
	unsigned gid;
	/* Tests of a migration only: bring the schema up to this version and
	 * no further (0: every migration), to make a file as an older Passage
	 * left it. */
	int schema_upto;
	/* 1: keep a rollback journal instead of the write-ahead log.  For the
	 * tests of the journal itself (a tampered hot journal, the crash and
	 * power-cut tests' rollback twins) and for nothing else: the log is
	 * what keeps a long read from holding up a save (man/passage.5).
	 * Every connection to a file must agree, so such an open takes the
	 * file out of the log only when no other session has it open, and
	 * is refused otherwise. */
	int rollback;
};

struct db_verify {
	uint32_t pages, failed, first_failed, in_write_epoch;
	int integrity_ok;
	char integrity[200]; /* first line of integrity_check */
	int schema_version;
	/* 'A' or 'B': a copy of the header that fails its checks, read
	 * around through the other; 0 when both are whole. */
	char damaged_copy;
	/* 1 when that copy passes its checksum but not its keyed MAC:
	 * written by someone without the key, not torn. */
	int copy_altered;
};

/* Registers the vault VFS and makes SQLite ignore URI filenames. */
int db_init(void);

/* Each returns 0, or -1 with a sentence for a person in err. */
int db_create(const char *path, const char *admin, const char *pass, enum db_kdf kdf,
              char code[DB_RECOVERY_CODE_LEN], const struct db_options *o, db **out, char *err,
              size_t errlen);
int db_open(const char *path, const char *user, const char *pass, const struct db_options *o,
            db **out, char *err, size_t errlen);
int db_open_recovery(const char *path, const char *code, const struct db_options *o, db **out,
                     char *err, size_t errlen);
void db_close(db *d);
/* For a session waiting on its person (a screen, once a second): does
 * what others may wait for from it, which is folding the write-ahead log
 * into the file while a keyless backup waits for that.  Quick, never
 * fails, never inside a transaction. */
void db_idle(db *d);
/* 1 if err (from db_open) says the user name or passphrase was wrong, as
 * opposed to a damaged or missing file: what counts toward a lockout. */
int db_wrong_passphrase(const char *err);
/* 0 if pass unlocks user's slot in the file's current header (the lock
 * screen's check: it costs one Argon2id, and opens nothing). */
int db_check_passphrase(db *d, const char *user, const char *pass);

/* The last error on d, as a sentence. */
const char *db_errmsg(const db *d);
/* The file's absolute path. */
const char *db_path(const db *d);

/* What the header says of the slot that opened d: 1 if its passphrase
 * must be changed before anything else; the Argon2id cost it was hashed
 * with (passes, MiB; both 0 when d was opened with the recovery code). */
int db_must_change(const db *d);
void db_kdf_cost(const db *d, unsigned *passes, unsigned *mib);
/* 1 if user has a key slot in the file's header. */
int db_has_user(const db *d, const char *user);

int db_verify(db *d, struct db_verify *v);

/* The walks over every page, for a progress report: verify authenticating
 * them, and a key rotation (a user's removal, a new key) moving them to
 * the new key and then checking that none is left under the old one. */
enum db_walk { DB_WALK_VERIFY, DB_WALK_MOVE, DB_WALK_CHECK };
typedef void (*db_progress_fn)(void *ctx, enum db_walk walk, uint64_t done, uint64_t total);
/* Calls fn now and then during those walks on d, from inside the call,
 * with pages done of pages (NULL: no more).  Nothing is printed here. */
void db_set_progress(db *d, db_progress_fn fn, void *ctx);

/* Key slots: each writes the header inside a write transaction. */
int db_set_passphrase(db *d, const char *user, const char *pass, enum db_kdf kdf, int must_change);
int db_add_user(db *d, const char *user, const char *pass, enum db_kdf kdf, int must_change);
/* Removes the slot, moves every page to a new data key, then forgets the
 * old one.  Safe to interrupt: the next open finishes it. */
int db_remove_user(db *d, const char *user);
int db_new_recovery(db *d, char code[DB_RECOVERY_CODE_LEN]);
/* A new data key for every page (as when removing a user), for when a
 * secret may have been seen: the recovery code after use. */
int db_rotate_key(db *d);

#endif
