/* SPDX-License-Identifier: ISC */
/*
 * db_open.c - opening a vault database: a new one created whole, an
 * existing one unlocked, and the connection set up with its guards.
 * Apart from db.c, which holds what an open database does; the two
 * share only db_private.h and db.c's description of an error.
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
#include "db_private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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
	/* The last connection's close would copy the log into the file
	 * unmarked: db_close folds it first (db_log.c). */
	sqlite3_db_config(d->sql, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, on, NULL);
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
	/* A statement left open keeps the connection, and with it a turn
	 * db_log_close kept for the close: then the turn is given back, and
	 * the connection closes when the statement is finalized, without
	 * the checkpoint that no longer holds the turn. */
	if (d->sql && sqlite3_close(d->sql) != SQLITE_OK) {
		sqlite3_db_config(d->sql, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		db_give_turn(d);
		sqlite3_close_v2(d->sql);
	}
	if (d->path && d->vk)
		vault_unbind(d->vfs, d->path);
	keyring_free(d->kr);
	free(d->path);
	free(d);
}

void
db_close(db *d)
{
	if (d)
		db_log_close(d);
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
		db_describe(d, rc, err, errlen);
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
	char dir[PATH_MAX];
	int fd;

	if (db_folder_of(abs, dir) != 0)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
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
