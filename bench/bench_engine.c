/* SPDX-License-Identifier: ISC */
/*
 * bench_engine.c - the storage bench's four engines (see bench.c): the
 * table of SQLite calls each is driven through, SQLCipher loaded with
 * dlopen(), opening a connection to each the way it is compared, the
 * journal mode read back from it, and the small helpers the workload
 * calls through a connection.
 */
#include "bench_engine.h"
#include "common.h"
#include "vault.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define PASSPHRASE "a long bench passphrase"
#define STR_(x) #x
#define STR(x) STR_(x)
/* The page cache db.c gives the vault, so that the engines differ only in
 * what they do with a page, and in the journal. */
#define COMMON_PRAGMAS "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-" STR(DB_CACHE_KIB) ";"
/* The journals db_wal.c keeps: a rollback journal with EXTRA (it syncs
 * the folder after the journal's delete), and the write-ahead log with
 * FULL, folded in by a PASSIVE checkpoint after the commit that leaves it
 * 1000 frames long (DB_FOLD_FRAMES in db_log.c).  The vault is given
 * none of these: db_open() sets its own and refuses a change of mode. */
#define DELETE_PRAGMAS "PRAGMA journal_mode=DELETE; PRAGMA synchronous=EXTRA;" COMMON_PRAGMAS
#define WAL_PRAGMAS \
	"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" \
	"PRAGMA wal_autocheckpoint=" STR(WAL_FOLD_FRAMES) ";" COMMON_PRAGMAS

const char *const engine_name[NENG] = {"plain", "plain-wal", "vault", "sqlcipher"};
/* The journal mode each engine is asked for, as PRAGMA journal_mode
 * names it; NULL: the vault's, whatever db_open() keeps. */
static const char *const engine_mode[NENG] = {"delete", "wal", NULL, "delete"};
/* The mode each engine was found in, read back on every timed connection,
 * and its synchronous setting (0 off .. 3 extra), for the legend. */
char mode_found[NENG][16];
int sync_found[NENG] = {-1, -1, -1, -1};

const struct api plain_api = {
	.open_v2 = sqlite3_open_v2,
	.exec = sqlite3_exec,
	.prepare_v2 = sqlite3_prepare_v2,
	.step = sqlite3_step,
	.reset = sqlite3_reset,
	.bind_int64 = sqlite3_bind_int64,
	.bind_text = sqlite3_bind_text,
	.column_int64 = sqlite3_column_int64,
	.column_text = sqlite3_column_text,
	.finalize = sqlite3_finalize,
	.close = sqlite3_close,
	.errmsg = sqlite3_errmsg,
	.libversion = sqlite3_libversion,
	.key = NULL,
};

struct api cipher_api;
const struct api *engine_api[NENG]; /* NULL: the engine is not run */

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "dlsym() results are copied into function pointers");

/* memcpy, because ISO C has no cast from an object pointer to a function
 * pointer; POSIX guarantees the representation is the same. */
static int
load_sym(void *lib, const char *name, void *slot, int required)
{
	void *p = dlsym(lib, name);

	if (!p) {
		if (required)
			fprintf(stderr, "bench: libsqlcipher.so.0 has no %s\n", name);
		return required ? -1 : 0;
	}
	memcpy(slot, &p, sizeof p);
	return 0;
}

#define LOAD(f, req) load_sym(lib, "sqlite3_" #f, &cipher_api.f, req)

/* `make bench SANITIZE=address` must still run the other three engines. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define SANITIZED 1
#endif
#endif

/* RTLD_LOCAL keeps its symbols out of the global scope and RTLD_DEEPBIND
 * makes its own calls resolve inside it, not to the libsqlite3 already
 * loaded under the same names.  The handle stays open until exit. */
int
load_sqlcipher(void)
{
	void *lib;
	int bad = 0;

#ifdef SANITIZED
	printf("SQLCipher: not loaded: the sanitizer runtime refuses RTLD_DEEPBIND, and without\n"
	       "           it SQLCipher would call into libsqlite3; running the others only.\n");
	return -1;
#endif
	lib = dlopen("libsqlcipher.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!lib) {
		printf("SQLCipher: not loaded (%s); running the others only.\n"
		       "           Install it with: apt-get install -y libsqlcipher-dev\n",
		       dlerror());
		return -1;
	}
	bad |= LOAD(open_v2, 1) | LOAD(exec, 1) | LOAD(prepare_v2, 1) | LOAD(step, 1);
	bad |= LOAD(reset, 1) | LOAD(bind_int64, 1) | LOAD(bind_text, 1) | LOAD(column_int64, 1);
	bad |= LOAD(column_text, 1) | LOAD(finalize, 1) | LOAD(close, 1) | LOAD(errmsg, 1);
	bad |= LOAD(libversion, 1) | LOAD(key, 0);
	if (bad) {
		printf("SQLCipher: libsqlcipher.so.0 lacks a function; running the others "
		       "only.\n");
		dlclose(lib);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- connections */

int
eng_fail(const struct conn *c, const char *what, int rc)
{
	const char *refusal = c->d ? vault_last_refusal() : NULL;

	fprintf(stderr, "bench: %s: %s failed (code %d): %s%s%s\n", engine_name[c->e], what, rc,
	        c->h ? c->api->errmsg(c->h) : "no connection", refusal ? "; the vault says: " : "",
	        refusal ? refusal : "");
	return -1;
}

int
eng_run(struct conn *c, const char *sql)
{
	int rc = c->api->exec(c->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : eng_fail(c, sql, rc);
}

int
eng_prep(struct conn *c, const char *sql, sqlite3_stmt **st)
{
	int rc = c->api->prepare_v2(c->h, sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : eng_fail(c, sql, rc);
}

/* Steps st to its one row, reporting a missing row as an error. */
int
eng_step_row(struct conn *c, sqlite3_stmt *st, const char *what)
{
	int rc = c->api->step(st);

	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) {
		fprintf(stderr, "bench: %s: %s returned no row\n", engine_name[c->e], what);
		return -1;
	}
	return eng_fail(c, what, rc);
}

/* The first row of sql: one integer, or two if b is not NULL. */
int
eng_query_int(struct conn *c, const char *sql, sqlite3_int64 *a, sqlite3_int64 *b)
{
	sqlite3_stmt *st;
	int rc;

	if (eng_prep(c, sql, &st) != 0)
		return -1;
	rc = eng_step_row(c, st, sql);
	if (rc == 0) {
		*a = c->api->column_int64(st, 0);
		if (b)
			*b = c->api->column_int64(st, 1);
	}
	c->api->finalize(st);
	return rc;
}

/* For the report only: "?" instead of an error. */
void
eng_query_text(struct conn *c, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;
	const unsigned char *s = NULL;

	snprintf(out, n, "?");
	if (c->api->prepare_v2(c->h, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (c->api->step(st) == SQLITE_ROW && (s = c->api->column_text(st, 0)) != NULL)
		snprintf(out, n, "%s", (const char *)s);
	c->api->finalize(st);
}

int
conn_close(struct conn *c)
{
	int rc = SQLITE_OK;

	if (c->d)
		db_close(c->d);
	else if (c->h && (rc = c->api->close(c->h)) != SQLITE_OK)
		eng_fail(c, "close", rc);
	c->d = NULL;
	c->h = NULL;
	return rc == SQLITE_OK ? 0 : -1;
}

/* SQLCipher 3 uses 1024-byte pages unless told otherwise on every open;
 * 4096 gives it the same page count and I/O as the others. */
static int
cipher_key(struct conn *c)
{
	int rc;

	if (!c->api->key)
		return eng_run(c, "PRAGMA key='" PASSPHRASE "'") || eng_run(c, "PRAGMA cipher_page_size=4096");
	rc = c->api->key(c->h, PASSPHRASE, (int)strlen(PASSPHRASE));
	if (rc != SQLITE_OK)
		return eng_fail(c, "sqlite3_key", rc);
	return eng_run(c, "PRAGMA cipher_page_size=4096");
}

static int
open_sqlite(struct conn *c, const char *path, int fresh)
{
	int flags = SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0);
	int rc = c->api->open_v2(path, &c->h, flags, "unix");

	if (rc != SQLITE_OK)
		return eng_fail(c, "open", rc);
	if (c->e == E_CIPHER && cipher_key(c) != 0)
		return -1;
	if (fresh && eng_run(c, "PRAGMA page_size=4096") != 0)
		return -1;
	if (eng_run(c, c->e == E_WAL ? WAL_PRAGMAS : DELETE_PRAGMAS) != 0)
		return -1;
	/* SQLCipher derives its key when it first touches a page, and a new
	 * file has none to read: write one now, so PBKDF2 stays out of the
	 * create step as Argon2id does for the vault (whose db_create() has
	 * written its own schema by then).  Plain does the same for balance. */
	return fresh ? eng_run(c, "PRAGMA user_version=1") : 0;
}

/* db_create() and db_open() set the journal, the page cache and
 * temp_store themselves (and a few more of the vault's own: see
 * configure() in core/store/db.c and db_wal.c). */
static int
open_vault(struct conn *c, const char *path, int fresh, enum db_kdf kdf)
{
	char code[DB_RECOVERY_CODE_LEN], err[DB_ERR_MAX];
	int rc;

	if (fresh)
		rc = db_create(path, "admin", PASSPHRASE, kdf, code, NULL, &c->d, err, sizeof err);
	else
		rc = db_open(path, "admin", PASSPHRASE, NULL, &c->d, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "bench: vault: %s %s: %s\n", fresh ? "db_create" : "db_open", path,
		        err);
		return -1;
	}
	c->h = db_sql(c->d);
	return 0;
}

int
conn_open_kdf(struct conn *c, enum engine e, const char *path, int fresh, enum db_kdf kdf)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->e = e;
	c->api = engine_api[e];
	rc = e == E_VAULT ? open_vault(c, path, fresh, kdf) : open_sqlite(c, path, fresh);
	if (rc != 0)
		conn_close(c);
	return rc;
}

int
conn_open(struct conn *c, enum engine e, const char *path, int fresh)
{
	return conn_open_kdf(c, e, path, fresh, DB_KDF_INTERACTIVE);
}

/* The journal mode c is really in: a pragma a VFS refused, or a mode
 * SQLite could not switch to, would otherwise go unseen and the table
 * would compare other modes than its heading says. */
int
check_mode(struct conn *c)
{
	const char *want = engine_mode[c->e];
	char *found = mode_found[c->e], m[16];

	eng_query_text(c, "PRAGMA journal_mode", m, sizeof m);
	for (char *k = m; *k; k++)
		*k = (char)(*k >= 'A' && *k <= 'Z' ? *k + 32 : *k);
	if (!want && found[0])
		want = found; /* the vault's: the same on every connection */
	if (!want && strcmp(m, "wal") != 0 && strcmp(m, "delete") != 0) {
		fprintf(stderr, "bench: %s: journal mode %s: no plain engine runs in it\n",
		        engine_name[c->e], m);
		return -1;
	}
	if (want && strcmp(m, want) != 0) {
		fprintf(stderr, "bench: %s: journal mode is %s, not %s\n", engine_name[c->e], m,
		        want);
		return -1;
	}
	snprintf(found, sizeof mode_found[0], "%s", m);
	eng_query_text(c, "PRAGMA synchronous", m, sizeof m);
	if (m[0] >= '0' && m[0] <= '3' && !m[1])
		sync_found[c->e] = m[0] - '0';
	return 0;
}

/* The plain engine in the vault's journal mode, which its targets are
 * set against, and the one in the other mode. */
enum engine
same_mode(void)
{
	return strcmp(mode_found[E_VAULT], "wal") == 0 ? E_WAL : E_PLAIN;
}

enum engine
other_mode(void)
{
	return same_mode() == E_WAL ? E_PLAIN : E_WAL;
}

/* A save's transaction in the vault waits its turn, and its commit folds
 * the log once it is long (db_log.c): both are part of what the vault
 * costs, as SQLite's automatic checkpoint is of what plain-wal costs. */
int
eng_begin(struct conn *c)
{
	if (!c->d)
		return eng_run(c, "BEGIN IMMEDIATE");
	if (db_begin_write(c->d) == 0)
		return 0;
	fprintf(stderr, "bench: vault: db_begin_write: %s\n", db_errmsg(c->d));
	return -1;
}

int
eng_commit(struct conn *c)
{
	if (!c->d)
		return eng_run(c, "COMMIT");
	if (db_commit(c->d) == 0)
		return 0;
	fprintf(stderr, "bench: vault: db_commit: %s\n", db_errmsg(c->d));
	return -1;
}
