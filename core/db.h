/* SPDX-License-Identifier: ISC */
/*
 * db.h - opening a vault database, its guards, transactions and migrations.
 */
#ifndef PASSAGE_DB_H
#define PASSAGE_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "keyring.h"

#define DB_ERR_MAX 320
/* SQLite's page cache per connection, in KiB.  Every cache miss costs a
 * page decryption and every spill an encryption, so Passage keeps more
 * than SQLite's default 2 MiB.  The cache is plaintext in memory: see the
 * deployment notes on swap. */
#define DB_CACHE_KIB 32768

struct db;

struct db_options {
	const char *vfs_base; /* VFS under the vault; NULL: the default ("unix") */
	int busy_ms;          /* wait for another writer; 0: 5000 ms */
	/* db_create only: fills a new database before it takes its name (the
	 * first admin's user row), so a crash never leaves one without it. */
	int (*on_create)(struct db *d, void *ctx);
	void *on_create_ctx;
	/* db_create only: 1 gives the new file to group gid, which may read
	 * and write it (mode 660); 0 keeps it private (600). */
	int shared;
	unsigned gid;
};

typedef struct db {
	sqlite3 *sql;
	keyring *kr;
	vault_keys *vk; /* owned by the vault binding while open */
	char *path;     /* absolute */
	char vfs[64];
	char err[DB_ERR_MAX];
	char denied[160]; /* why the authorizer last said no */
} db;

struct db_verify {
	uint32_t pages, failed, first_failed, in_write_epoch;
	int integrity_ok;
	char integrity[200]; /* first line of integrity_check */
	int schema_version;
};

/* Registers the vault VFS and makes SQLite ignore URI filenames. */
int db_init(void);

/* Each returns 0, or -1 with a sentence for a person in err. */
int db_create(const char *path, const char *admin, const char *pass, enum kr_kdf kdf,
              char code[KR_RECOVERY_CODE_LEN], const struct db_options *o, db **out, char *err,
              size_t errlen);
int db_open(const char *path, const char *user, const char *pass, const struct db_options *o,
            db **out, char *err, size_t errlen);
int db_open_recovery(const char *path, const char *code, const struct db_options *o, db **out,
                     char *err, size_t errlen);
void db_close(db *d);
/* 0 if pass unlocks user's slot in the file's current header (the lock
 * screen's check: it costs one Argon2id, and opens nothing). */
int db_check_passphrase(db *d, const char *user, const char *pass);

/* The last error on d, as a sentence. */
const char *db_errmsg(const db *d);
/* Turn an SQLite result code into that sentence (stored in d->err). */
int db_fail(db *d, int rc);

/* Write transactions take the write lock at once (BEGIN IMMEDIATE) and wait
 * up to the busy timeout for another writer. */
int db_begin_write(db *d);
int db_begin_read(db *d);
int db_commit(db *d);
void db_rollback(db *d);
int db_exec(db *d, const char *sql);

int db_schema_version(db *d);
int db_verify(db *d, struct db_verify *v);

/* Key slots: each writes the header inside a write transaction. */
int db_set_passphrase(db *d, const char *user, const char *pass, enum kr_kdf kdf, int must_change);
int db_add_user(db *d, const char *user, const char *pass, enum kr_kdf kdf, int must_change);
/* Removes the slot, moves every page to a new data key, then forgets the
 * old one.  Safe to interrupt: the next open finishes it. */
int db_remove_user(db *d, const char *user);
int db_new_recovery(db *d, char code[KR_RECOVERY_CODE_LEN]);
/* A new data key for every page (as when removing a user), for when a
 * secret may have been seen: the recovery code after use. */
int db_rotate_key(db *d);

#endif
