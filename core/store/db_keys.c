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

#include "db_log.h"
#include "reseal.h"
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

/* Rewrite the header inside the write transaction the caller holds, or
 * holding the writers' turn, under which every change to the header is
 * made: re-read it through the vault's own file handle (never a second
 * descriptor, which would drop SQLite's locks on close), apply change,
 * and overwrite the copy that was not the newest, then (copies 2) the
 * other. */
static int
header_write_copies(db *d, int (*change)(keyring *, void *), void *arg, int copies)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	uint8_t *copy = malloc(KR_COPY_SIZE);
	struct vault_header_write hw;
	int rc, krc;

	assert(db_in_write(d) || d->turn);
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
	if (!change && !d->kr->h.other_damaged) {
		rc = 0; /* a repair, and another writer has made it */
		goto out;
	}
	/* Both copies, one after the other: first the older (so a torn write
	 * leaves the newest intact), then the other.  Leaving the previous
	 * state in either copy would let an old passphrase or recovery code
	 * keep opening the file.  Once the first is on the disk the change is
	 * in effect, and is reported so even if the second write fails. */
	for (int i = 0; i < copies; i++) {
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
		d->kr->h.other_damaged = 0; /* the first write replaced the bad copy */
	}
	rc = db_sync_vault_keys(d);
out:
	sodium_memzero(copy, KR_COPY_SIZE);
	free(buf);
	free(copy);
	return rc == 0 ? 0 : -1;
}

static int
header_write_locked(db *d, int (*change)(keyring *, void *), void *arg)
{
	return header_write_copies(d, change, arg, 2);
}

/* A header copy that fails its checks while the other passes is read
 * around (keyring_parse); the first write transaction after that writes
 * both copies again from the good one, under the same lock. */
int
db_header_repair_locked(db *d)
{
	return header_write_locked(d, NULL, NULL);
}

static int
ch_fold(keyring *kr, void *arg)
{
	kr->h.fold = *(const struct kr_fold *)arg;
	return KR_OK;
}

/* The fold mark (db_log.c), outside a transaction, under the turn.
 * RESTING goes to both copies, as any change does, so that a copy
 * damaged later falls back to the same mark.  COPYING, at every fold, to
 * the older copy alone: a torn write leaves the newer, whose mark says
 * the fold has not begun, which is true, since it copies nothing before
 * this returns; and the RESTING that follows writes both. */
int
db_header_mark(db *d, const struct kr_fold *m)
{
	return header_write_copies(d, ch_fold, (void *)m, m->state == KR_FOLD_COPYING ? 1 : 2);
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

/* Read the header as it is on disk now, under the caller's lock (or the
 * writers' turn, under which every change to it is made); all: take it
 * even when its generation is the one held. */
static int
header_reload(db *d, int all)
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
	if (!all && keyring_generation(buf) == d->kr->h.generation) {
		free(buf);
		return 0;
	}
	krc = keyring_reload(d->kr, buf);
	free(buf);
	if (krc != KR_OK) {
		db_seterr(d->err, sizeof d->err, "%s", keyring_strerror(krc));
		return -1;
	}
	return db_sync_vault_keys(d);
}

static int
header_reload_locked(db *d)
{
	return header_reload(d, 1);
}

/*
 * A writer that has just taken its turn takes the newest header's keys
 * before it writes anything.  SQLite alone would tell it only when it
 * reads a page under a key it does not know; until then it would seal
 * under the retired key what it writes, or what a checkpoint copies.
 * With this, once a rotation has begun no writer seals a page under the
 * old key, and the rotation can look for such pages in short steps.  A
 * read of the header's 16 KiB, and a reload only when its generation
 * moved.
 */
int
db_follow_header(db *d)
{
	return header_reload(d, 0);
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

/*
 * A rotation moves the pages to the new key in steps (reseal.c), each a
 * short transaction of its own that then gives the writers' turn back, so
 * a save waits behind one step at most.  A step looks at the next
 * LOOK_PAGES pages at most, and seals again the batch of those still
 * under another key; the batch follows how long the last step took,
 * aiming at STEP_MS.  That is only the plan: a step also ends when its
 * STEP_MS are spent, counted from when it has the turn, with what it has
 * done so far (a look stops, the pages sealed so far are committed, and
 * the next step goes on from there), so a stall of the disk or of the
 * machine shortens a step instead of lengthening it.  When moving pages
 * the look has half that time, the rest left for sealing what it found.
 * The steps go through the file in passes, from page
 * 1 to its end.  The first pass moves the pages; the previous key goes
 * at the end of the first pass that found none left.  Such a pass is a
 * look at every page even though others save between its steps: a writer
 * takes the newest header's keys as it takes its turn (db_follow_header),
 * so once the rotation has begun no page behind the pass is sealed again
 * under the old key.  (The last step used to look at the whole file at
 * once, under the lock: 3 s with 1,000,000 people, with every save
 * waiting.)  Each step reads the header again first: another session may
 * have finished this rotation, or begun another.  Killed at any step, the
 * next unlock carries on from the pages still under the previous key.
 *
 * With a write-ahead log, pages also sit in FILE-wal, sealed under the key
 * they were written with, and a step writes the file in place: so each
 * step first folds the log into the file and empties it, holding the turn
 * (db_log.c), and a pass is a look at every page.  A checkpoint seals
 * what it copies under the current key.  When the log cannot be folded
 * (a long read still needs it), the step fails and the rotation stays
 * half done, safely, until the next unlock; before the header changes, a
 * rotation that cannot fold the log now refuses and changes nothing.
 */
#define STEP_MS ((double)RESEAL_STEP_MS)
#define BATCH_MIN 64u
#define BATCH_MAX 8192u
#define LOOK_PAGES 8192u /* 32 MiB: one byte read a page */
#define PASSES 5         /* passes that find pages, before giving up */

struct steps {
	db *d;
	uint32_t next, pages, done, batch;
	uint32_t found;  /* pages sealed again in this pass */
	uint32_t passes; /* passes ended that found some */
	uint32_t *list;
	struct epochs e;
};

/* The first pass moves pages; the next ones check. */
static void
report(struct steps *s, enum db_walk walk, uint64_t done)
{
	if (s->d->progress)
		s->d->progress(s->d->progress_ctx, walk, done < s->pages ? done : s->pages, s->pages);
}

static void
step_tick(void *ctx, uint32_t i)
{
	struct steps *s = ctx;

	report(s, s->passes ? DB_WALK_CHECK : DB_WALK_MOVE, (uint64_t)s->done + i);
}

static int
old_pages(struct steps *s, uint32_t from, uint32_t max, uint64_t until,
          struct vault_old_pages *o)
{
	int rc;

	memset(o, 0, sizeof *o);
	o->from = from;
	o->max = max;
	o->span = LOOK_PAGES;
	o->until = until;
	o->list = s->list;
	rc = sqlite3_file_control(s->d->sql, "main", VAULT_FCNTL_OLD_PAGES, o);
	return rc == SQLITE_OK ? 0 : db_fail(s->d, rc);
}

/* A pass has looked at every page, holding the lock: none found in it,
 * and the previous key goes (0); some, and another pass begins (1); -1
 * on an error. */
static int
pass_ends(struct steps *s)
{
	if (s->found == 0)
		return header_write_locked(s->d, ch_drop_previous, &s->e) == 0 ? 0 : -1;
	if (++s->passes >= PASSES) {
		db_seterr(s->d->err, sizeof s->d->err, "another session kept writing under the "
		          "old key; nothing was lost: run the command again");
		return -1;
	}
	s->next = 1;
	s->found = 0;
	return 1;
}

/* One step: 1 while there is more to do, 0 when the rotation is over. */
static int
one_step(struct steps *s)
{
	struct vault_old_pages o;
	struct reseal r;
	enum db_walk walk;
	uint64_t t0, until;
	uint32_t reached;
	double ms;
	int rc, more = 1;

	if (db_hold_log(s->d) != 0)
		return -1;
	/* The step's time runs from here, the turn taken: the saves that come
	 * now wait behind it, so a wait for a reader to end (BEGIN EXCLUSIVE)
	 * is part of it too, and leaves less for the pages. */
	t0 = vault_now_ns();
	until = t0 + (uint64_t)RESEAL_STEP_MS * 1000000u;
	if (db_exec(s->d, "BEGIN EXCLUSIVE") != 0) {
		db_give_turn(s->d);
		return -1;
	}
	if (header_reload_locked(s->d) != 0)
		goto fail;
	if (!s->d->kr->h.prev_epoch) /* finished by another session */
		return db_commit(s->d) == 0 ? 0 : -1;
	if (s->d->kr->h.epoch != s->e.epoch || s->d->kr->h.prev_epoch != s->e.prev) {
		s->e.epoch = s->d->kr->h.epoch; /* another rotation: start over */
		s->e.prev = s->d->kr->h.prev_epoch;
		s->next = 1;
		s->found = 0;
		s->passes = 0;
	}
	walk = s->passes ? DB_WALK_CHECK : DB_WALK_MOVE;
	if (old_pages(s, s->next, s->batch, walk == DB_WALK_MOVE ? t0 + (until - t0) / 2 : until,
	              &o) != 0)
		goto fail;
	s->pages = o.pages;
	s->done = o.next - 1 - o.found;
	s->next = o.next;
	if (o.found) {
		r = (struct reseal){.list = s->list, .n = o.found, .db_pages = o.pages,
		                    .until = until, .tick = step_tick, .ctx = s};
		rc = reseal_pages(s->d->sql, &r);
		if (rc != SQLITE_OK) {
			db_fail(s->d, rc);
			goto fail;
		}
		assert(r.done > 0 && r.done <= o.found);
		s->found += r.done;
		if (r.done < o.found) /* out of time: the next step begins there */
			s->next = s->list[r.done];
	}
	reached = s->next - 1;
	if (s->next > o.pages && (more = pass_ends(s)) < 0)
		goto fail;
	if (db_commit(s->d) != 0)
		return -1;
	report(s, walk, reached); /* for good now */
	if (!more && walk == DB_WALK_MOVE)
		report(s, DB_WALK_CHECK, s->pages);
	/* Aim the next step at STEP_MS. */
	ms = (double)(vault_now_ns() - t0) / 1e6;
	if (ms < STEP_MS / 2 && s->batch < BATCH_MAX)
		s->batch *= 2;
	else if (ms > STEP_MS * 2 && s->batch > BATCH_MIN)
		s->batch /= 2;
	return more;
fail:
	db_rollback(s->d);
	return -1;
}

int
db_finish_rotation(db *d)
{
	struct steps s = {d, 1, 0, 0, 512, 0, 0, NULL, {d->kr->h.epoch, d->kr->h.prev_epoch}};
	uint32_t prev;
	int rc;

	if (!d->kr->h.prev_epoch)
		return 0;
	if (!(s.list = malloc(BATCH_MAX * sizeof *s.list))) {
		db_seterr(d->err, sizeof d->err, "out of memory");
		return -1;
	}
	while ((rc = one_step(&s)) > 0)
		;
	free(s.list);
	prev = s.e.prev;
	if (rc == 0 && prev && !d->kr->h.prev_epoch)
		vault_keys_forget(d->vk, prev);
	return rc;
}

static int
ch_rotate(keyring *kr, void *arg)
{
	(void)arg;
	return keyring_rotate(kr);
}

/* 0 if the write-ahead log, if any, can be folded into the file now: a
 * rotation checks before it changes anything. */
static int
log_foldable(db *d)
{
	if (db_hold_log(d) != 0)
		return -1;
	db_release_log(d);
	return 0;
}

int
db_rotate_key(db *d)
{
	if (d->kr->h.prev_epoch && db_finish_rotation(d) != 0)
		return -1;
	if (log_foldable(d) != 0 || header_write(d, ch_rotate, NULL) != 0)
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
	if (log_foldable(d) != 0 || header_write(d, ch_remove, &a) != 0)
		return -1;
	return db_finish_rotation(d);
}

