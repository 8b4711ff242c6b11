/* SPDX-License-Identifier: ISC */
/*
 * db.c - opening a vault database, its guards and transactions (the key
 * changes are db_keys.c, the migrations migrate.c).
 *
 * Order matters when opening: the header is read and the passphrase checked
 * with libsodium alone, so a wrong passphrase never reaches SQLite; only
 * then are the page keys bound to the path in this process (never through
 * a URI) and SQLite opens the file through the vault VFS.
 *
 * The connection is then pinned to what the vault can keep safe: the
 * write-ahead log (db_wal.c), temporary data in memory, no memory
 * mapping, no extensions, no ATTACH.  The VFS refuses the same
 * things a second time below, so a mistake here still fails closed.
 */
#include "db.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_private.h"
#include "diskfull.h"
#include "keyring.h"
#include "sqldb.h"
#include "vault.h"

#define VAULT_VFS "vault"

/* The public names of the key strength and the code's length are the
 * keyring's own. */
_Static_assert(DB_KDF_AUTO == (int)KR_KDF_AUTO && DB_KDF_INTERACTIVE == (int)KR_KDF_INTERACTIVE &&
                   DB_KDF_MODERATE == (int)KR_KDF_MODERATE &&
                   DB_KDF_SENSITIVE == (int)KR_KDF_SENSITIVE,
               "enum db_kdf follows enum kr_kdf");
_Static_assert(DB_RECOVERY_CODE_LEN == KR_RECOVERY_CODE_LEN, "the recovery code's length");

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

int
db_init(void)
{
	static int done;

	if (done)
		return 0;
	if (sodium_init() < 0)
		return -1;
	/* Only absolute paths are opened, but make sure no filename is ever
	 * read as a URI that could name another VFS. */
	sqlite3_config(SQLITE_CONFIG_URI, 0);
	if (sqlite3_initialize() != SQLITE_OK || vault_register(VAULT_VFS, NULL) != SQLITE_OK)
		return -1;
	done = 1;
	return 0;
}

/* The name the vault VFS has over a given base VFS. */
static int
vfs_for(const struct db_options *o, char out[64])
{
	if (!o || !o->vfs_base) {
		snprintf(out, 64, "%s", VAULT_VFS);
		return 0;
	}
	snprintf(out, 64, "%s-%s", VAULT_VFS, o->vfs_base);
	return vault_register(out, o->vfs_base) == SQLITE_OK ? 0 : -1;
}

/* An absolute path for a file that may not exist yet. */
static char *
absolute(const char *path)
{
	char dir[PATH_MAX], *res;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dn = slash ? (size_t)(slash - path) : 0;
	char *d;

	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return NULL;
	d = strndup(slash ? (dn ? path : "/") : ".", slash ? (dn ? dn : 1) : 1);
	if (!d)
		return NULL;
	if (!realpath(d, dir)) {
		free(d);
		return NULL;
	}
	free(d);
	res = malloc(strlen(dir) + strlen(base) + 2);
	if (res)
		sprintf(res, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, base);
	return res;
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

static void
describe(db *d, int rc, char *out, size_t n)
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
	describe(d, rc, d->err, sizeof d->err);
	return -1;
}

static void
clear_errors(db *d)
{
	d->err[0] = 0;
	d->denied[0] = 0;
	vault_clear_refusal();
}

/* ---------------------------------------------------------------- guards */

static int
authorizer(void *arg, int action, const char *a, const char *b, const char *dbname,
           const char *trigger)
{
	db *d = arg;

	(void)b;
	(void)dbname;
	(void)trigger;
	switch (action) {
	case SQLITE_ATTACH:
		/* VACUUM attaches an unnamed in-memory database of its own;
		 * everything else that would add a file is refused. */
		if (a && *a == 0)
			return SQLITE_OK;
		snprintf(d->denied, sizeof d->denied,
		         "ATTACH and VACUUM INTO are refused: every record stays inside the one encrypted file");
		return SQLITE_DENY;
	case SQLITE_FUNCTION:
		if (b && strcasecmp(b, "load_extension") == 0) {
			snprintf(d->denied, sizeof d->denied, "loading extensions is refused");
			return SQLITE_DENY;
		}
		return SQLITE_OK;
	default:
		return SQLITE_OK;
	}
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

/* ---------------------------------------------------------------- open */

static int
configure(db *d, int fresh)
{
	static const char *const pragmas =
	    "PRAGMA temp_store=MEMORY;"
	    "PRAGMA mmap_size=0;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA secure_delete=ON;"
	    "PRAGMA trusted_schema=OFF;";
	int on = 1, off = 0;

	sqlite3_extended_result_codes(d->sql, 1);
	sqlite3_db_config(d->sql, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, off, NULL);
	sqlite3_db_config(d->sql, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
	sqlite3_db_config(d->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
	if (fresh) {
		/* Before the first write: 4096-byte pages, 40 bytes kept free
		 * in each for nonce and tag. */
		int reserve = VAULT_RESERVE;
		if (db_exec(d, "PRAGMA page_size=4096") != 0)
			return -1;
		sqlite3_file_control(d->sql, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
	}
	char cache[48];
	snprintf(cache, sizeof cache, "PRAGMA cache_size=-%d", DB_CACHE_KIB);
	if (db_wal_journal(d) != 0 || db_exec(d, pragmas) != 0 || db_exec(d, cache) != 0)
		return -1;
	sqlite3_set_authorizer(d->sql, authorizer, d);
	return 0;
}

static void
db_free(db *d)
{
	if (!d)
		return;
	if (d->sql)
		sqlite3_close_v2(d->sql);
	if (d->path && d->vk)
		vault_unbind(d->vfs, d->path);
	keyring_free(d->kr);
	free(d->path);
	free(d);
}

void
db_close(db *d)
{
	db_free(d);
}

/* Takes ownership of kr and path. */
static int
open_unlocked(char *path, keyring *kr, int fresh, const struct db_options *o, db **out,
              char *err, size_t errlen)
{
	db *d = calloc(1, sizeof *d);
	int rc;

	*out = NULL;
	if (!d) {
		keyring_free(kr);
		free(path);
		db_seterr(err, errlen, "out of memory");
		return -1;
	}
	d->kr = kr;
	d->path = path;
	if (vfs_for(o, d->vfs) != 0) {
		db_seterr(err, errlen, "the storage layer could not be set up");
		db_free(d);
		return -1;
	}
	vault_keys *vk = keyring_vault_keys(kr);
	if (!vk) {
		db_seterr(err, errlen, "out of memory");
		db_free(d);
		return -1;
	}
	vault_keys_set_refresh(vk, db_refresh_keys, d);
	rc = vault_bind(d->vfs, path, vk);
	if (rc != SQLITE_OK) {
		vault_keys_free(vk);
		db_seterr(err, errlen, rc == SQLITE_BUSY ? "this database is already open in this program"
		                                         : "the database file could not be opened");
		db_free(d);
		return -1;
	}
	d->vk = vk;
	vault_clear_refusal();
	/* NOMUTEX: a connection is only ever used by the thread that opened
	 * it (Passage has one), so SQLite need not lock it on every call --
	 * which, column by column, was a few per cent of a large report. */
	rc = sqlite3_open_v2(path, &d->sql,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOFOLLOW |
	                         SQLITE_OPEN_NOMUTEX,
	                     d->vfs);
	if (rc != SQLITE_OK) {
		describe(d, rc, err, errlen);
		db_free(d);
		return -1;
	}
	d->busy_ms = o && o->busy_ms ? o->busy_ms : 5000;
	/* A new file is built with a journal under its temporary name, and
	 * takes the log at its first open under its own name: a log left
	 * beside the temporary name would not follow the file. */
	d->wal = !(o && o->rollback) && !fresh;
	sqlite3_busy_timeout(d->sql, d->busy_ms);
	if (configure(d, fresh) != 0) {
		db_seterr(err, errlen, "%s", d->err);
		db_free(d);
		return -1;
	}
	/* A database is created whole (see db_create), so an existing file
	 * without even the first schema was emptied: say so instead of
	 * building a new, empty database in its place. */
	if (!fresh && db_schema_version(d) == 0) {
		db_seterr(err, errlen, "the database is empty: it was cut short or damaged; "
		          "restore from backup");
		db_free(d);
		return -1;
	}
	if (db_migrate(d, o ? o->schema_upto : 0) != 0 || (d->kr->h.prev_epoch && db_finish_rotation(d) != 0)) {
		db_seterr(err, errlen, "%s", d->err);
		db_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* Make the data last: flush the folder entry that names the new file. */
static void
sync_dir_of(const char *abs)
{
	char *dir = strdup(abs), *slash;
	int fd;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* A shared database: the group reads and writes it.  Done on the new
 * file before SQLite opens it, so a file that cannot be shared is never
 * linked into place.  The journal and the count of wrong passphrases
 * follow the database's mode and group (vault.c, lockout.c). */
static int
share_with_group(const char *tmp, gid_t gid, char *err, size_t errlen)
{
	int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 || fchown(fd, (uid_t)-1, gid) != 0 || fchmod(fd, 0660) != 0) {
		db_seterr(err, errlen, "the new file could not be given to group %u: %s", (unsigned)gid,
		          errno == EPERM ? "you are not a member of it" : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * A new database is built under a temporary name beside the final one --
 * header, then SQLite's first pages and the first migrations -- and only
 * then linked into place.  A crash part way leaves a stray ".new-" file,
 * never a database at the real name that cannot be opened.
 */
int
db_create(const char *path, const char *admin, const char *pass, enum db_kdf kdf,
          char code[DB_RECOVERY_CODE_LEN], const struct db_options *o, db **out, char *err,
          size_t errlen)
{
	keyring *kr;
	char *abs, *tmp;
	struct stat st;
	db *d;
	int krc;

	*out = NULL;
	if (db_init() != 0) {
		db_seterr(err, errlen, "the encryption library could not start");
		return -1;
	}
	if (!(abs = absolute(path))) {
		db_seterr(err, errlen, "%s: the folder does not exist", path);
		return -1;
	}
	if (lstat(abs, &st) == 0) {
		db_seterr(err, errlen, "%s already exists: Passage never overwrites a database", path);
		free(abs);
		return -1;
	}
	if (!(tmp = malloc(strlen(abs) + 32))) {
		free(abs);
		db_seterr(err, errlen, "out of memory");
		return -1;
	}
	sprintf(tmp, "%s.new-%08x", abs, randombytes_random());
	krc = keyring_create(tmp, admin, pass, (enum kr_kdf)kdf, code, &kr);
	if (krc != KR_OK) {
		if (krc == KR_ENOUSER)
			db_seterr(err, errlen, "the user name must be 1 to 64 printable characters");
		else if (krc == KR_EIO && diskfull_errno(errno))
			diskfull_text(path, err, errlen);
		else if (krc == KR_EIO || krc == KR_EEXISTS)
			db_seterr(err, errlen, "%s could not be created: %s", path, strerror(errno));
		else
			db_seterr(err, errlen, "%s", keyring_strerror(krc));
		free(abs);
		free(tmp);
		return -1;
	}
	if (o && o->shared && share_with_group(tmp, (gid_t)o->gid, err, errlen) != 0) {
		unlink(tmp);
		keyring_free(kr);
		free(abs);
		free(tmp);
		return -1;
	}
	char *tmp_keep = strdup(tmp);
	if (!tmp_keep || open_unlocked(tmp, kr, 1, o, &d, err, errlen) != 0) {
		if (tmp_keep) {
			/* The journal first: left alone it would one day be
			 * played back into whatever file takes this name. */
			char *j = malloc(strlen(tmp_keep) + 9);
			if (j) {
				sprintf(j, "%s-journal", tmp_keep);
				unlink(j);
				free(j);
			}
			unlink(tmp_keep);
		} else {
			db_seterr(err, errlen, "out of memory");
		}
		free(tmp_keep);
		free(abs);
		return -1;
	}
	if (o && o->on_create && o->on_create(d, o->on_create_ctx) != 0) {
		db_seterr(err, errlen, "%s", d->err[0] ? d->err : "the new database could not be filled");
		db_close(d);
		unlink(tmp_keep);
		free(tmp_keep);
		free(abs);
		return -1;
	}
	kr = d->kr; /* keep the unlocked keyring for the final open */
	d->kr = NULL;
	db_close(d);
	if (link(tmp_keep, abs) != 0) {
		db_seterr(err, errlen, errno == EEXIST
		                           ? "%s already exists: Passage never overwrites a database"
		                           : "%s could not be created: %s",
		          path, strerror(errno));
		unlink(tmp_keep);
		free(tmp_keep);
		free(abs);
		keyring_free(kr);
		return -1;
	}
	unlink(tmp_keep);
	free(tmp_keep);
	sync_dir_of(abs);
	return open_unlocked(abs, kr, 0, o, out, err, errlen);
}

static int
read_header(const char *path, char **abs, uint8_t *buf, const char *vfs, char *err, size_t errlen)
{
	int krc;

	*abs = realpath(path, NULL);
	if (!*abs) {
		db_seterr(err, errlen, "%s", errno == ENOENT ? "no such file"
		                                             : "the file could not be opened");
		return -1;
	}
	/* A second descriptor on a file this process has open through SQLite
	 * would drop its locks when closed: read only while it is not. */
	if (vault_is_bound(vfs, *abs)) {
		db_seterr(err, errlen, "this database is already open in this program");
		free(*abs);
		return -1;
	}
	krc = keyring_read_file(*abs, buf);
	if (krc != KR_OK) {
		db_seterr(err, errlen, "%s", krc == KR_EIO ? "the file could not be read"
		                                           : keyring_strerror(krc));
		free(*abs);
		return -1;
	}
	return 0;
}

static int
open_with(const char *path, const char *user, const char *pass, const char *code,
          const struct db_options *o, db **out, char *err, size_t errlen)
{
	uint8_t *buf;
	char *abs;
	char vfs[64];
	keyring *kr;
	int krc;

	*out = NULL;
	if (db_init() != 0 || vfs_for(o, vfs) != 0) {
		db_seterr(err, errlen, "the encryption library could not start");
		return -1;
	}
	if (!(buf = malloc(VAULT_HEADER_SIZE))) {
		db_seterr(err, errlen, "out of memory");
		return -1;
	}
	if (read_header(path, &abs, buf, vfs, err, errlen) != 0) {
		free(buf);
		return -1;
	}
	krc = code ? keyring_unlock_recovery(buf, code, &kr) : keyring_unlock(buf, user, pass, &kr);
	free(buf);
	if (krc != KR_OK) {
		db_seterr(err, errlen, "%s", keyring_strerror(krc));
		free(abs);
		return -1;
	}
	return open_unlocked(abs, kr, 0, o, out, err, errlen);
}

int
db_open(const char *path, const char *user, const char *pass, const struct db_options *o, db **out,
        char *err, size_t errlen)
{
	return open_with(path, user, pass, NULL, o, out, err, errlen);
}

int
db_check_passphrase(db *d, const char *user, const char *pass)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE);
	keyring *kr = NULL;
	int krc = KR_EIO;

	if (!buf)
		return -1;
	/* The header as it is now: the passphrase may have been changed by
	 * another session since this one opened the file. */
	if (keyring_read_file(d->path, buf) == KR_OK)
		krc = keyring_unlock(buf, user, pass, &kr);
	free(buf);
	keyring_free(kr);
	return krc == KR_OK ? 0 : -1;
}

int
db_open_recovery(const char *path, const char *code, const struct db_options *o, db **out,
                 char *err, size_t errlen)
{
	return open_with(path, NULL, NULL, code, o, out, err, errlen);
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
