/* SPDX-License-Identifier: ISC */
/*
 * db_keys.c - the key slots of an open database and its data key: every
 * change rewrites the header inside a write transaction, and a rotation
 * moves every page to a new key before the old one is forgotten.
 */
#include "db_private.h"

#include <assert.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sqldb.h"

void
db_set_progress(db *d, db_progress_fn fn, void *ctx)
{
	d->progress = fn;
	d->progress_ctx = ctx;
}

void
db_walk_progress(void *ctx, uint32_t done, uint32_t total)
{
	const struct db_walk_arg *a = ctx;
	uint64_t pages = done / a->per_page;

	if (a->d->progress)
		a->d->progress(a->d->progress_ctx, a->walk, pages < total ? pages : total, total);
}

/*
 * VACUUM reads every page of the database and writes every page back
 * (under the new key): two page images a page, which the vault counts.
 * Returns what db_exec returns.
 */
static int
vacuum_watched(db *d)
{
	struct db_walk_arg wa = {d, DB_WALK_MOVE, 2};
	struct vault_watch w = {db_walk_progress, &wa, 0, 1024};
	long long pages = 0;
	sqlite3_stmt *st;
	int rc;

	if (d->progress && sqlite3_prepare_v2(d->sql, "PRAGMA page_count", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			pages = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (pages > 0 && pages <= UINT32_MAX) {
		w.total = (uint32_t)pages;
		sqlite3_file_control(d->sql, "main", VAULT_FCNTL_WATCH, &w);
	}
	rc = db_exec(d, "VACUUM");
	if (w.total) {
		struct vault_watch off = {0};
		sqlite3_file_control(d->sql, "main", VAULT_FCNTL_WATCH, &off);
		if (rc == 0)
			d->progress(d->progress_ctx, DB_WALK_MOVE, w.total, w.total);
	}
	return rc;
}

int
db_sync_vault_keys(db *d)
{
	uint8_t *pk = sodium_malloc(VAULT_KEY_BYTES);

	if (!pk)
		return -1;
	/* Make room first: two slots, for the current and the previous. */
	vault_keys_retain(d->vk, d->kr->h.epoch, d->kr->h.prev_epoch);
	if (d->kr->h.prev_epoch) {
		keyring_page_key(d->kr, 1, pk);
		vault_keys_add(d->vk, d->kr->h.prev_epoch, pk);
	}
	keyring_page_key(d->kr, 0, pk);
	vault_keys_add(d->vk, d->kr->h.epoch, pk);
	vault_keys_set_write_epoch(d->vk, d->kr->h.epoch);
	sodium_free(pk);
	return 0;
}

int
db_refresh_keys(void *ctx, vault_keys *k, const uint8_t header[VAULT_HEADER_SIZE])
{
	db *d = ctx;

	(void)k;
	if (keyring_reload(d->kr, header) != KR_OK)
		return -1;
	return db_sync_vault_keys(d);
}

/* Rewrite the header inside the write transaction the caller holds:
 * re-read it through the vault's own file handle (never a second
 * descriptor, which would drop SQLite's locks on close), apply change,
 * and overwrite the copy that was not the newest. */
static int
header_write_locked(db *d, int (*change)(keyring *, void *), void *arg)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	uint8_t *copy = malloc(KR_COPY_SIZE);
	struct vault_header_write hw;
	int rc, krc;

	assert(db_in_write(d));
	if (!buf || !copy) {
		free(buf);
		free(copy);
		db_seterr(d->err, sizeof d->err, "out of memory");
		return -1;
	}
	rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_HEADER_READ, buf);
	if (rc != SQLITE_OK) {
		db_fail(d, rc);
		goto out;
	}
	if ((krc = keyring_reload(d->kr, buf)) != KR_OK ||
	    (change && (krc = change(d->kr, arg)) != KR_OK)) {
		db_seterr(d->err, sizeof d->err, "%s", keyring_strerror(krc));
		keyring_reload(d->kr, buf); /* forget the half-made change */
		rc = -1;
		goto out;
	}
	/* Both copies, one after the other: first the older (so a torn write
	 * leaves the newest intact), then the other.  Leaving the previous
	 * state in either copy would let an old passphrase or recovery code
	 * keep opening the file.  Once the first is on the disk the change is
	 * in effect, and is reported so even if the second write fails. */
	for (int i = 0; i < 2; i++) {
		d->kr->h.generation++;
		keyring_serialize(d->kr, &d->kr->h, copy);
		hw.copy = copy;
		hw.which = 1 - d->kr->h.which;
		rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_HEADER_WRITE, &hw);
		if (rc != SQLITE_OK && i == 0) {
			/* The copy may or may not have reached the disk: put the
			 * old bytes back, so the answer given is the truth. */
			struct vault_header_write undo = {buf + hw.which * KR_COPY_SIZE, hw.which};
			db_fail(d, rc);
			keyring_reload(d->kr, buf);
			if (sqlite3_file_control(d->sql, "main", VAULT_FCNTL_HEADER_WRITE, &undo) !=
			    SQLITE_OK)
				db_seterr(d->err, sizeof d->err, "the disk reported an error while saving "
				          "the change, and it may or may not be in effect: try both the "
				          "old and the new passphrase");
			goto out;
		}
		if (rc != SQLITE_OK)
			break; /* the newest copy holds the change: it is saved */
		d->kr->h.which = hw.which;
	}
	rc = db_sync_vault_keys(d);
out:
	sodium_memzero(copy, KR_COPY_SIZE);
	free(buf);
	free(copy);
	return rc == 0 ? 0 : -1;
}

static int
header_write(db *d, int (*change)(keyring *, void *), void *arg)
{
	if (db_begin_write(d) != 0)
		return -1;
	if (header_write_locked(d, change, arg) != 0) {
		db_rollback(d);
		return -1;
	}
	return db_commit(d);
}

struct pass_args {
	const char *user;
	const struct kr_stretched *st;
	int must_change;
	char *code;
};

static int
ch_passphrase(keyring *kr, void *arg)
{
	struct pass_args *a = arg;

	return keyring_set_passphrase(kr, a->user, a->st, a->must_change);
}

static int
ch_add(keyring *kr, void *arg)
{
	struct pass_args *a = arg;

	return keyring_add_user(kr, a->user, a->st, a->must_change);
}

static int
ch_remove(keyring *kr, void *arg)
{
	struct pass_args *a = arg;
	int rc = keyring_remove_user(kr, a->user);

	return rc == KR_OK ? keyring_rotate(kr) : rc;
}

static int
ch_recovery(keyring *kr, void *arg)
{
	struct pass_args *a = arg;

	return keyring_new_recovery(kr, a->code);
}


/* Argon2id (and, for a new strength, its calibration) takes about a
 * second: it runs before the write lock, so other people's saves never
 * wait behind it; only the quick wrapping happens under the lock. */
static int
stretched_write(db *d, int (*change)(keyring *, void *), const char *user, const char *pass,
                enum db_kdf kdf, int must_change)
{
	struct kr_stretched st;
	struct pass_args a = {user, &st, must_change, NULL};
	int rc, krc = keyring_stretch(d->kr, user, pass, (enum kr_kdf)kdf, &st);

	if (krc != KR_OK) {
		db_seterr(d->err, sizeof d->err, "%s", keyring_strerror(krc));
		return -1;
	}
	rc = header_write(d, change, &a);
	keyring_stretched_free(&st);
	return rc;
}

int
db_set_passphrase(db *d, const char *user, const char *pass, enum db_kdf kdf, int must_change)
{
	return stretched_write(d, ch_passphrase, user, pass, kdf, must_change);
}

int
db_add_user(db *d, const char *user, const char *pass, enum db_kdf kdf, int must_change)
{
	return stretched_write(d, ch_add, user, pass, kdf, must_change);
}

int
db_new_recovery(db *d, char code[DB_RECOVERY_CODE_LEN])
{
	struct pass_args a = {NULL, NULL, 0, code};

	return header_write(d, ch_recovery, &a);
}

/* Read the header as it is on disk now, under the caller's lock. */
static int
header_reload_locked(db *d)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	int rc, krc;

	if (!buf) {
		db_seterr(d->err, sizeof d->err, "out of memory");
		return -1;
	}
	rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_HEADER_READ, buf);
	if (rc != SQLITE_OK) {
		free(buf);
		return db_fail(d, rc);
	}
	krc = keyring_reload(d->kr, buf);
	free(buf);
	if (krc != KR_OK) {
		db_seterr(d->err, sizeof d->err, "%s", keyring_strerror(krc));
		return -1;
	}
	return db_sync_vault_keys(d);
}

struct epochs {
	uint32_t epoch, prev;
};

/* Drops the previous key only if the header is still in the rotation the
 * caller checked the pages for. */
static int
ch_drop_previous(keyring *kr, void *arg)
{
	const struct epochs *e = arg;

	if (kr->h.epoch != e->epoch || kr->h.prev_epoch != e->prev)
		return KR_EROTATING;
	keyring_drop_previous(kr);
	return KR_OK;
}

/* Every page is rewritten (VACUUM, through the journal, so a crash rolls
 * back cleanly) under the new key.  Then, holding the write lock, the
 * header is read again -- another session may have finished this rotation
 * or begun another meanwhile -- and only if every page is under the key
 * the header now writes with is the previous key dropped. */
int
db_finish_rotation(db *d)
{
	struct vault_verify v = {0};
	struct db_walk_arg wa = {d, DB_WALK_CHECK, 1};
	struct epochs e;
	int rc;

	if (!d->kr->h.prev_epoch)
		return 0;
	if (db_take_turn(d) != 0)
		return -1;
	rc = vacuum_watched(d);
	db_give_turn(d);
	if (rc != 0 || db_begin_write(d) != 0)
		return -1;
	if (header_reload_locked(d) != 0) {
		db_rollback(d);
		return -1;
	}
	e.epoch = d->kr->h.epoch;
	e.prev = d->kr->h.prev_epoch;
	if (!e.prev) /* finished by another session */
		return db_commit(d);
	if (d->progress) {
		v.progress = db_walk_progress;
		v.ctx = &wa;
	}
	rc = sqlite3_file_control(d->sql, "main", VAULT_FCNTL_VERIFY, &v);
	if (rc != SQLITE_OK) {
		db_fail(d, rc);
		db_rollback(d);
		return -1;
	}
	if (v.failed || v.in_write_epoch != v.pages) {
		db_seterr(d->err, sizeof d->err, "another session changed the keys at the same time; "
		          "nothing was lost: run the command again");
		db_rollback(d);
		return -1;
	}
	if (header_write_locked(d, ch_drop_previous, &e) != 0) {
		db_rollback(d);
		return -1;
	}
	if (db_commit(d) != 0)
		return -1;
	vault_keys_forget(d->vk, e.prev);
	return 0;
}

static int
ch_rotate(keyring *kr, void *arg)
{
	(void)arg;
	return keyring_rotate(kr);
}

int
db_rotate_key(db *d)
{
	if (d->kr->h.prev_epoch && db_finish_rotation(d) != 0)
		return -1;
	if (header_write(d, ch_rotate, NULL) != 0)
		return -1;
	return db_finish_rotation(d);
}

int
db_remove_user(db *d, const char *user)
{
	struct pass_args a = {user, NULL, 0, NULL};
	int idx = keyring_find(d->kr, user);

	if (idx >= 0 && idx == d->kr->slot) {
		db_seterr(d->err, sizeof d->err, "you cannot remove your own access");
		return -1;
	}
	if (d->kr->h.prev_epoch && db_finish_rotation(d) != 0)
		return -1;
	if (header_write(d, ch_remove, &a) != 0)
		return -1;
	return db_finish_rotation(d);
}

