/* SPDX-License-Identifier: ISC */
/*
 * bench_engine.h - the storage bench's engines and a connection to one
 * (bench_engine.c), shared with bench_storage.c and bench_table.c.
 */
#ifndef PASSAGE_BENCH_ENGINE_H
#define PASSAGE_BENCH_ENGINE_H

#include "db.h"
#include "sqldb.h"

#include <stddef.h>

/* The write-ahead log of plain-wal is folded at this many frames, as
 * db_log.c folds the vault's (DB_FOLD_FRAMES); the table prints it. */
#define WAL_FOLD_FRAMES 1000

enum engine { E_PLAIN, E_WAL, E_VAULT, E_CIPHER, NENG };

/* The calls the workload makes, in the system header's types: SQLCipher
 * 3.4.1 has the same ABI for every one of them. */
struct api {
	int (*open_v2)(const char *, sqlite3 **, int, const char *);
	int (*exec)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
	            char **);
	int (*prepare_v2)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
	int (*step)(sqlite3_stmt *);
	int (*reset)(sqlite3_stmt *);
	int (*bind_int64)(sqlite3_stmt *, int, sqlite3_int64);
	int (*bind_text)(sqlite3_stmt *, int, const char *, int, void (*)(void *));
	sqlite3_int64 (*column_int64)(sqlite3_stmt *, int);
	const unsigned char *(*column_text)(sqlite3_stmt *, int);
	int (*finalize)(sqlite3_stmt *);
	int (*close)(sqlite3 *);
	const char *(*errmsg)(sqlite3 *);
	const char *(*libversion)(void);
	int (*key)(sqlite3 *, const void *, int); /* NULL: PRAGMA key */
};

struct conn {
	enum engine e;
	const struct api *api;
	sqlite3 *h;
	db *d; /* the vault's handle, which owns h; NULL for the others */
};

extern const char *const engine_name[NENG];
/* The mode each engine was found in, read back on every timed connection,
 * and its synchronous setting (0 off .. 3 extra), for the legend. */
extern char mode_found[NENG][16];
extern int sync_found[NENG];
extern const struct api plain_api;
extern struct api cipher_api;
extern const struct api *engine_api[NENG]; /* NULL: the engine is not run */

/* SQLCipher into cipher_api: 0, or -1 (said on stdout) when it is not there. */
int load_sqlcipher(void);

/* Each of these says what failed on stderr and returns -1. */
int eng_fail(const struct conn *c, const char *what, int rc);
int eng_run(struct conn *c, const char *sql);
int eng_prep(struct conn *c, const char *sql, sqlite3_stmt **st);
int eng_step_row(struct conn *c, sqlite3_stmt *st, const char *what);
int eng_query_int(struct conn *c, const char *sql, sqlite3_int64 *a, sqlite3_int64 *b);
void eng_query_text(struct conn *c, const char *sql, char *out, size_t n);
int conn_close(struct conn *c);
int conn_open_kdf(struct conn *c, enum engine e, const char *path, int fresh, enum db_kdf kdf);
int conn_open(struct conn *c, enum engine e, const char *path, int fresh);
int check_mode(struct conn *c);
enum engine same_mode(void);
enum engine other_mode(void);
int eng_begin(struct conn *c);
int eng_commit(struct conn *c);

#endif
