/* SPDX-License-Identifier: ISC */
/*
 * vault_codec.c - the page keys and the page codec (see vault_codec.h).
 *
 * Stored page (4096 bytes): 4056 bytes of ciphertext of SQLite's bytes
 * 0..4055, a 24-byte nonce (byte 0 = key epoch, the rest random) and a
 * 16-byte Poly1305 tag.  The associated data binds each page to its file
 * (the database id), its number and its kind (database page or journal
 * image), so a page moved, swapped or replayed as the other kind fails.
 * A WAL frame's page is bound as well to the frame's offset in the WAL
 * and to the first 16 bytes of its frame header (page number, database
 * size after a commit, the two salts of the WAL's generation), so a frame
 * moved, replayed into another generation or given another header fails.
 */
#include "vault_codec.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define AD_BYTES (8 + VAULT_DBID_BYTES + 4)

static const char ad_tag_db[8] = "PSGV1DB\0";
static const char ad_tag_journal[8] = "PSGV1JR\0";
static const char ad_tag_wal[8] = "PSGV1WL\0";
static const char ad_tag_jhdr[8] = "PSGV1JH\0";

/* ---------------------------------------------------------------- keys */

struct epoch_key {
	int used;
	uint32_t epoch;
	uint8_t key[VAULT_KEY_BYTES];
};

struct vault_keys {
	uint8_t dbid[VAULT_DBID_BYTES];
	struct epoch_key k[2];
	uint32_t write_epoch;
	vault_refresh_fn refresh;
	void *refresh_ctx;
};

vault_keys *
vault_keys_new(const uint8_t dbid[VAULT_DBID_BYTES])
{
	vault_keys *k = sodium_malloc(sizeof *k);

	if (!k)
		return NULL;
	memset(k, 0, sizeof *k);
	memcpy(k->dbid, dbid, VAULT_DBID_BYTES);
	return k;
}

void
vault_keys_free(vault_keys *k)
{
	if (k)
		sodium_free(k); /* sodium_free wipes */
}

int
vault_keys_add(vault_keys *k, uint32_t epoch, const uint8_t key[VAULT_KEY_BYTES])
{
	int slot = -1;

	for (int i = 0; i < 2; i++)
		if (k->k[i].used && k->k[i].epoch == epoch)
			slot = i;
	if (slot < 0)
		for (int i = 0; i < 2; i++)
			if (!k->k[i].used && slot < 0)
				slot = i;
	if (slot < 0) /* both in use: drop the one that is not written to */
		slot = k->k[0].epoch == k->write_epoch ? 1 : 0;
	k->k[slot].used = 1;
	k->k[slot].epoch = epoch;
	memcpy(k->k[slot].key, key, VAULT_KEY_BYTES);
	return 0;
}

void
vault_keys_forget(vault_keys *k, uint32_t epoch)
{
	for (int i = 0; i < 2; i++)
		if (k->k[i].used && k->k[i].epoch == epoch)
			sodium_memzero(&k->k[i], sizeof k->k[i]);
}

void
vault_keys_retain(vault_keys *k, uint32_t a, uint32_t b)
{
	for (int i = 0; i < 2; i++)
		if (k->k[i].used && k->k[i].epoch != a && k->k[i].epoch != b)
			sodium_memzero(&k->k[i], sizeof k->k[i]);
}

void
vault_keys_set_write_epoch(vault_keys *k, uint32_t epoch)
{
	k->write_epoch = epoch;
}

uint32_t
vault_keys_write_epoch(const vault_keys *k)
{
	return k->write_epoch;
}

void
vault_keys_set_refresh(vault_keys *k, vault_refresh_fn fn, void *ctx)
{
	k->refresh = fn;
	k->refresh_ctx = ctx;
}

const uint8_t *
vault_keys_dbid(const vault_keys *k)
{
	return k->dbid;
}

/* The page nonce carries only the low byte of the epoch; two live epochs
 * are always consecutive, so the byte tells them apart. */
static const struct epoch_key *
key_for_byte(const vault_keys *k, uint8_t b)
{
	for (int i = 0; i < 2; i++)
		if (k->k[i].used && (uint8_t)k->k[i].epoch == b)
			return &k->k[i];
	return NULL;
}

static const struct epoch_key *
key_for_epoch(const vault_keys *k, uint32_t epoch)
{
	for (int i = 0; i < 2; i++)
		if (k->k[i].used && k->k[i].epoch == epoch)
			return &k->k[i];
	return NULL;
}

/* ---------------------------------------------------------------- nonces */

/*
 * 23 random bytes per page write.  randombytes_buf() is a getrandom(2)
 * system call per page in libsodium 1.0.18; instead a per-process ChaCha20
 * stream seeded from it produces them.  A forked child must not continue
 * its parent's stream, so fork reseeds.
 */
static pthread_mutex_t nonce_mu = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *nonce_seed; /* sodium_malloc'd, 32 bytes */
static uint64_t nonce_ctr;
static int nonce_reseed = 1;

static void
nonce_before_fork(void)
{
	pthread_mutex_lock(&nonce_mu);
}

static void
nonce_parent_after_fork(void)
{
	pthread_mutex_unlock(&nonce_mu);
}

static void
nonce_child_after_fork(void)
{
	nonce_reseed = 1;
	pthread_mutex_unlock(&nonce_mu);
}

static void
nonce_fill(uint8_t *out, size_t n)
{
	uint8_t iv[crypto_stream_chacha20_ietf_NONCEBYTES] = {0};

	pthread_mutex_lock(&nonce_mu);
	if (!nonce_seed) /* the codec used before vault_register() */
		nonce_seed = sodium_malloc(crypto_stream_chacha20_ietf_KEYBYTES);
	if (!nonce_seed)
		abort(); /* no memory for a nonce: never write a page without one */
	if (nonce_reseed) {
		randombytes_buf(nonce_seed, crypto_stream_chacha20_ietf_KEYBYTES);
		nonce_ctr = 0;
		nonce_reseed = 0;
	}
	nonce_ctr++;
	memcpy(iv, &nonce_ctr, sizeof nonce_ctr);
	crypto_stream_chacha20_ietf(out, n, iv, nonce_seed);
	pthread_mutex_unlock(&nonce_mu);
}

/* ---------------------------------------------------------------- codec */

static void
make_ad(uint8_t ad[AD_BYTES], const vault_keys *k, uint32_t pgno, enum vault_kind kind)
{
	memcpy(ad, kind == VAULT_KIND_DB ? ad_tag_db : ad_tag_journal, 8);
	memcpy(ad + 8, k->dbid, VAULT_DBID_BYTES);
	ad[24] = (uint8_t)pgno;
	ad[25] = (uint8_t)(pgno >> 8);
	ad[26] = (uint8_t)(pgno >> 16);
	ad[27] = (uint8_t)(pgno >> 24);
}

static int
seal_ad(const vault_keys *k, const uint8_t *ad, size_t adlen, const uint8_t in[VAULT_PAGE_SIZE],
        uint8_t out[VAULT_PAGE_SIZE], const uint8_t *nonce)
{
	const struct epoch_key *ek = key_for_epoch(k, k->write_epoch);
	uint8_t *np = out + VAULT_BODY;

	if (!ek)
		return -1;
	if (nonce) {
		memcpy(np, nonce, VAULT_NONCE_BYTES);
	} else {
		np[0] = (uint8_t)ek->epoch;
		nonce_fill(np + 1, VAULT_NONCE_BYTES - 1);
	}
	if (np[0] != (uint8_t)ek->epoch)
		return -1;
	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
	    out, out + VAULT_BODY + VAULT_NONCE_BYTES, NULL, in, VAULT_BODY, ad, adlen, NULL, np,
	    ek->key);
	return 0;
}

#ifdef VAULT_TEST_SKIP_ZEROING
static int leaking;
#endif

static int
open_ad(const vault_keys *k, const uint8_t *ad, size_t adlen, const uint8_t in[VAULT_PAGE_SIZE],
        uint8_t out[VAULT_PAGE_SIZE])
{
	const struct epoch_key *ek = key_for_byte(k, in[VAULT_BODY]);

	if (!ek)
		return -2; /* unknown epoch */
	if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
	        out, NULL, in, VAULT_BODY, in + VAULT_BODY + VAULT_NONCE_BYTES, ad, adlen,
	        in + VAULT_BODY, ek->key) != 0) {
		sodium_memzero(out, VAULT_PAGE_SIZE);
		return -1;
	}
#ifdef VAULT_TEST_SKIP_ZEROING
	if (leaking) {
		/* Test-of-the-test build only: hand SQLite the nonce and tag. */
		memcpy(out + VAULT_BODY, in + VAULT_BODY, VAULT_RESERVE);
		return 0;
	}
#endif
	memset(out + VAULT_BODY, 0, VAULT_RESERVE);
	return 0;
}

#ifdef VAULT_TEST_SKIP_ZEROING
void
vault_test_leak(int on)
{
	leaking = on;
}

int
vault_test_leaking(void)
{
	return leaking;
}
#endif

int
vault_page_seal(const vault_keys *k, uint32_t pgno, enum vault_kind kind,
                const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE],
                const uint8_t *nonce)
{
	uint8_t ad[AD_BYTES];

	make_ad(ad, k, pgno, kind);
	return seal_ad(k, ad, sizeof ad, in, out, nonce);
}

int
vault_page_open(const vault_keys *k, uint32_t pgno, enum vault_kind kind,
                const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE])
{
	uint8_t ad[AD_BYTES];

	make_ad(ad, k, pgno, kind);
	return open_ad(k, ad, sizeof ad, in, out);
}

#define FRAME_AD_BYTES (AD_BYTES + 8 + VAULT_FRAME_BOUND)

static void
make_frame_ad(uint8_t ad[FRAME_AD_BYTES], const vault_keys *k, uint64_t off,
              const uint8_t hdr[VAULT_FRAME_BOUND])
{
	uint32_t pgno = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];

	make_ad(ad, k, pgno, VAULT_KIND_DB);
	memcpy(ad, ad_tag_wal, 8);
	for (int i = 0; i < 8; i++)
		ad[AD_BYTES + i] = (uint8_t)(off >> (8 * i));
	memcpy(ad + AD_BYTES + 8, hdr, VAULT_FRAME_BOUND);
}

int
vault_frame_seal(const vault_keys *k, uint64_t off, const uint8_t hdr[VAULT_FRAME_BOUND],
                 const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE])
{
	uint8_t ad[FRAME_AD_BYTES];

	make_frame_ad(ad, k, off, hdr);
	return seal_ad(k, ad, sizeof ad, in, out, NULL);
}

int
vault_frame_open(const vault_keys *k, uint64_t off, const uint8_t hdr[VAULT_FRAME_BOUND],
                 const uint8_t in[VAULT_PAGE_SIZE], uint8_t out[VAULT_PAGE_SIZE])
{
	uint8_t ad[FRAME_AD_BYTES];

	make_frame_ad(ad, k, off, hdr);
	return open_ad(k, ad, sizeof ad, in, out);
}

/* ---------------------------------------------------------------- journal headers */

/* The tag of a journal header, under a subkey of the page key: one key
 * never serves two primitives. */
static void
jhdr_tag(const struct epoch_key *ek, const vault_keys *k, uint64_t off,
         const uint8_t hdr[VAULT_JHDR_BYTES], uint8_t tag[32])
{
	uint8_t sub[crypto_generichash_KEYBYTES];
	uint8_t msg[8 + VAULT_DBID_BYTES + 8 + 32];

	crypto_kdf_derive_from_key(sub, sizeof sub, 1, "PSGVJHDR", ek->key);
	memcpy(msg, ad_tag_jhdr, 8);
	memcpy(msg + 8, k->dbid, VAULT_DBID_BYTES);
	for (int i = 0; i < 8; i++)
		msg[8 + VAULT_DBID_BYTES + i] = (uint8_t)(off >> (8 * i));
	memcpy(msg + 8 + VAULT_DBID_BYTES + 8, hdr, 32);
	crypto_generichash(tag, 32, msg, sizeof msg, sub, sizeof sub);
	sodium_memzero(sub, sizeof sub);
}

int
vault_jhdr_seal(const vault_keys *k, uint64_t off, uint8_t hdr[VAULT_JHDR_BYTES])
{
	const struct epoch_key *ek = key_for_epoch(k, k->write_epoch);

	if (!ek)
		return -1;
	memset(hdr + VAULT_JHDR_FIELDS, 0, VAULT_JHDR_BYTES - VAULT_JHDR_FIELDS);
	hdr[VAULT_JHDR_FIELDS] = (uint8_t)ek->epoch;
	jhdr_tag(ek, k, off, hdr, hdr + 32);
	return 0;
}

int
vault_jhdr_open(const vault_keys *k, uint64_t off, const uint8_t hdr[VAULT_JHDR_BYTES])
{
	const struct epoch_key *ek = key_for_byte(k, hdr[VAULT_JHDR_FIELDS]);
	uint8_t tag[32];
	int r;

	if (!ek)
		return -2;
	jhdr_tag(ek, k, off, hdr, tag);
	r = sodium_memcmp(tag, hdr + 32, 32) == 0 && hdr[29] == 0 && hdr[30] == 0 && hdr[31] == 0
	        ? 0 : -1;
	return r;
}

int
vault_keys_refresh(vault_keys *k, const uint8_t header[VAULT_HEADER_SIZE])
{
	if (!k->refresh)
		return -1;
	return k->refresh(k->refresh_ctx, k, header) == 0 ? 0 : -1;
}

int
vault_reserve_zero(const uint8_t page[VAULT_PAGE_SIZE])
{
#ifdef VAULT_TEST_SKIP_ZEROING
	if (leaking)
		return 1; /* the leak switched on: let the crash test find it alone */
#endif
	uint8_t acc = 0;

	for (unsigned i = VAULT_BODY; i < VAULT_PAGE_SIZE; i++)
		acc |= page[i];
	return acc == 0;
}

int
vault_keys_has(const vault_keys *k, uint32_t epoch)
{
	return key_for_epoch(k, epoch) != NULL;
}

void
vault_codec_atfork(void)
{
	pthread_atfork(nonce_before_fork, nonce_parent_after_fork, nonce_child_after_fork);
}
