/* SPDX-License-Identifier: ISC */
/*
 * vault_codec.h - the page codec under the vault VFS (see vault.h and
 * man/passage.5): the page keys by epoch, and one page sealed or opened
 * with XChaCha20-Poly1305.  No files and no SQLite here: the VFS above
 * decides which bytes are a page, this turns them into ciphertext and back.
 */
#ifndef PASSAGE_VAULT_CODEC_H
#define PASSAGE_VAULT_CODEC_H

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
/* Asks the refresh function (if any) for the key of a newer epoch, with
 * the header as it is on disk now: 0 if it added one, -1 otherwise. */
int vault_keys_refresh(vault_keys *k, const uint8_t header[VAULT_HEADER_SIZE]);
/* 1 if k holds the page key of epoch. */
int vault_keys_has(const vault_keys *k, uint32_t epoch);

/* The page codec.  seal writes a stored page image to out (nonce NULL:
 * a fresh random one); open authenticates in and writes SQLite's view of
 * the page to out, with the reserved bytes zeroed.  Both return 0 on
 * success; open returns -1 when the page fails authentication. */
int vault_page_seal(const vault_keys *k, uint32_t pgno, enum vault_kind kind,
                    const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE],
                    const uint8_t *nonce);
int vault_page_open(const vault_keys *k, uint32_t pgno, enum vault_kind kind,
                    const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE]);

/* A WAL frame's page, sealed or opened the same way but bound to the
 * frame's offset off in the WAL file and to the first VAULT_FRAME_BOUND
 * bytes of its frame header (page number, size after a commit, salts):
 * a frame cannot pass as a database or journal page, nor as a frame
 * elsewhere, of another WAL generation or with another header. */
#define VAULT_FRAME_BOUND 16u
int vault_frame_seal(const vault_keys *k, uint64_t off, const uint8_t hdr[VAULT_FRAME_BOUND],
                     const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE]);
int vault_frame_open(const vault_keys *k, uint64_t off, const uint8_t hdr[VAULT_FRAME_BOUND],
                     const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE]);

/* A rollback journal header: SQLite's 28 bytes, then in its zero padding
 * a tag the vault keeps, binding them to the database id and to the
 * header's offset off in the journal: byte 28 the key epoch (low byte),
 * 29..31 zero, 32..63 a keyed BLAKE2b-256.  seal fills bytes 28..63
 * under the write key; open checks them: 0 if they match, -1 if not, -2
 * for an epoch the keys do not hold. */
#define VAULT_JHDR_FIELDS 28u
#define VAULT_JHDR_BYTES 64u
int vault_jhdr_seal(const vault_keys *k, uint64_t off, uint8_t hdr[VAULT_JHDR_BYTES]);
int vault_jhdr_open(const vault_keys *k, uint64_t off, const uint8_t hdr[VAULT_JHDR_BYTES]);

/* 1 if SQLite's page has its reserved bytes (where nonce and tag go)
 * all zero, as every page it writes must. */
int vault_reserve_zero(const uint8_t page[VAULT_PAGE_SIZE]);

/* Keeps a forked child from continuing its parent's nonce stream; the
 * VFS calls it once when it registers. */
void vault_codec_atfork(void);

#ifdef VAULT_TEST_SKIP_ZEROING
/* The test of the crash test only (build/leaky): from vault_test_leak(1)
 * on, pages reach SQLite with their nonce and tag in the reserved bytes,
 * and the vault's write guard lets them back (vault_test_leaking), so
 * that only the crash test's own checks stand between the leak and a
 * pass.  Off until then, so the schema is built by the good code. */
void vault_test_leak(int on);
int vault_test_leaking(void);
#endif

#endif
