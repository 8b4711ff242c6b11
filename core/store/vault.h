/* SPDX-License-Identifier: ISC */
/*
 * vault.h - the encrypting SQLite VFS shim (see man/passage.5).
 *
 * The shim sits over another VFS (normally "unix") and turns every page
 * of the main database and every page image in its rollback journal into
 * XChaCha20-Poly1305 ciphertext.  Keys are bound to a database path in
 * this process with vault_bind(); they never travel through a URI.
 */
#ifndef PASSAGE_VAULT_H
#define PASSAGE_VAULT_H

#include <stdint.h>

#define VAULT_HEADER_SIZE 16384u /* container header before page 1 */
#define VAULT_PAGE_SIZE 4096u
#define VAULT_RESERVE 40u                             /* nonce + tag */
#define VAULT_BODY (VAULT_PAGE_SIZE - VAULT_RESERVE) /* 4056 */
#define VAULT_NONCE_BYTES 24u
#define VAULT_TAG_BYTES 16u
#define VAULT_DBID_BYTES 16u
#define VAULT_KEY_BYTES 32u

/* Which kind of page image a codec call is for: it is part of the
 * associated data, so a journal image cannot pass as a database page. */
enum vault_kind { VAULT_KIND_DB = 0, VAULT_KIND_JOURNAL = 1 };

/* File-control opcodes, well above SQLite's own. */
#define VAULT_FCNTL_VERIFY 0x56410001      /* struct vault_verify * */
#define VAULT_FCNTL_FAILED_PAGE 0x56410002 /* uint32_t *: last page that failed */
#define VAULT_FCNTL_HEADER_READ 0x56410003 /* uint8_t[VAULT_HEADER_SIZE] */
#define VAULT_FCNTL_HEADER_WRITE 0x56410004 /* struct vault_header_write * */
#define VAULT_FCNTL_WRITE_EPOCH 0x56410005 /* uint32_t *: change write epoch */

struct vault_verify {
	uint32_t pages;        /* pages in the file */
	uint32_t failed;       /* pages that failed authentication */
	uint32_t first_failed; /* page number of the first, or 0 */
	uint32_t in_write_epoch; /* pages sealed under the current write key */
};

struct vault_header_write {
	const uint8_t *copy; /* VAULT_HEADER_SIZE / 2 bytes */
	int which;           /* 0: copy A at offset 0, 1: copy B at 8192 */
};

typedef struct vault_keys vault_keys;

/* Called when a page carries an epoch the keys do not know (another
 * process rotated the data key): header holds the container header as it
 * is on disk now; add the new key and make it the write key.  Returns 0 on
 * success. */
typedef int (*vault_refresh_fn)(void *ctx, vault_keys *keys,
                                const uint8_t header[VAULT_HEADER_SIZE]);

vault_keys *vault_keys_new(const uint8_t dbid[VAULT_DBID_BYTES]);
void vault_keys_free(vault_keys *k);
/* Adds (or replaces) the page key of an epoch; at most two are held. */
int vault_keys_add(vault_keys *k, uint32_t epoch, const uint8_t key[VAULT_KEY_BYTES]);
void vault_keys_forget(vault_keys *k, uint32_t epoch);
/* Forget every key but those of epochs a and b. */
void vault_keys_retain(vault_keys *k, uint32_t a, uint32_t b);
void vault_keys_set_write_epoch(vault_keys *k, uint32_t epoch);
uint32_t vault_keys_write_epoch(const vault_keys *k);
void vault_keys_set_refresh(vault_keys *k, vault_refresh_fn fn, void *ctx);
const uint8_t *vault_keys_dbid(const vault_keys *k);

/* Registers a vault VFS called name over the VFS base (NULL: the
 * default).  Safe to call more than once.  Returns an SQLite code. */
int vault_register(const char *name, const char *base);

/* Binds keys to a database path for the vault VFS: the binding takes
 * ownership of keys.  Unbind after the last connection has closed. */
int vault_bind(const char *vfs, const char *path, vault_keys *keys);
void vault_unbind(const char *vfs, const char *path);
int vault_is_bound(const char *vfs, const char *path);

/* The page codec.  seal writes a stored page image to out (nonce NULL:
 * a fresh random one); open authenticates in and writes SQLite's view of
 * the page to out, with the reserved bytes zeroed.  Both return 0 on
 * success; open returns -1 when the page fails authentication. */
int vault_page_seal(const vault_keys *k, uint32_t pgno, enum vault_kind kind,
                    const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE],
                    const uint8_t *nonce);
int vault_page_open(const vault_keys *k, uint32_t pgno, enum vault_kind kind,
                    const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE]);

/* The reason the shim last refused something in this thread, in words a
 * person can read, or NULL.  vault_clear_refusal() forgets it. */
const char *vault_last_refusal(void);
void vault_clear_refusal(void);

/* The page number that last failed authentication in this thread (0 if
 * none since the last clear), and whether it was a journal image. */
uint32_t vault_last_failed_page(int *journal);

#endif
