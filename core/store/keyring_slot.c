/* SPDX-License-Identifier: ISC */
/*
 * keyring_slot.c - the cryptography of a key slot (see keyring.c for
 * what a slot is): the passphrase stretched by Argon2id at a strength
 * calibrated to this machine, a person's secret key wrapped and
 * unwrapped under it, the data key sealed to each slot, the previous
 * and audit keys wrapped under the data key, and the recovery code's
 * letters.  Apart from keyring.c because none of it reads or changes a
 * whole keyring: each function works on the one slot or key it is given.
 */
#include "keyring_private.h"

#include <assert.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- kdf */

struct kdf_level {
	uint8_t ops;
	uint32_t mem_kib;
};

/* From weakest to strongest; the first is libsodium's INTERACTIVE, the
 * third MODERATE and the last SENSITIVE. */
static const struct kdf_level levels[] = {
    {2, 64u * 1024}, {3, 128u * 1024}, {3, 256u * 1024}, {4, 512u * 1024}, {4, 1024u * 1024},
};
#define NLEVELS (int)(sizeof levels / sizeof levels[0])

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
stretch(uint8_t out[32], const char *pass, const uint8_t salt[KR_SALT_BYTES], uint8_t ops,
        uint32_t mem_kib)
{
	return crypto_pwhash(out, 32, pass, strlen(pass), salt, ops, (size_t)mem_kib * 1024u,
	                     crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

void
keyring_calibrate(uint8_t *opslimit, uint32_t *mem_kib, double *seconds)
{
	uint8_t salt[KR_SALT_BYTES] = {0}, out[32];
	int best = 0;
	double best_t = 0;

	/* Unlock must stay under a second on this machine; leave a tenth for
	 * everything that is not Argon2id. */
	for (int i = 0; i < NLEVELS; i++) {
		double t0 = now_s();
		if (stretch(out, "calibration", salt, levels[i].ops, levels[i].mem_kib) != 0)
			break;
		double t = now_s() - t0;
		if (i > 0 && t > 0.9)
			break;
		best = i;
		best_t = t;
		if (t > 0.45) /* the next level at least doubles the cost */
			break;
	}
	*opslimit = levels[best].ops;
	*mem_kib = levels[best].mem_kib;
	if (seconds)
		*seconds = best_t;
}

void
kr_kdf_params(enum kr_kdf kdf, uint8_t *ops, uint32_t *mem_kib)
{
	switch (kdf) {
	case KR_KDF_INTERACTIVE: *ops = levels[0].ops; *mem_kib = levels[0].mem_kib; break;
	case KR_KDF_MODERATE: *ops = levels[2].ops; *mem_kib = levels[2].mem_kib; break;
	case KR_KDF_SENSITIVE: *ops = levels[4].ops; *mem_kib = levels[4].mem_kib; break;
	default: keyring_calibrate(ops, mem_kib, NULL); break;
	}
	/* parse_copy refuses a slot outside these as altered. */
	assert(*ops >= MIN_OPS && *ops <= MAX_OPS);
	assert(*mem_kib >= MIN_MEM_KIB && *mem_kib <= MAX_MEM_KIB);
}

/* ---------------------------------------------------------------- slots */

static void
slot_ad(const struct kr_header *h, const struct kr_slot *s, uint8_t ad[8 + 16 + 32 + 16])
{
	memcpy(ad, "PSGSLOT1", 8);
	memcpy(ad + 8, s->label, KR_LABEL_BYTES);
	memcpy(ad + 24, s->pk, 32);
	memcpy(ad + 56, h->dbid, VAULT_DBID_BYTES);
}

/* Argon2id of pass under a fresh salt: a wrapping key for one slot. */
int
kr_stretch_new(const char *pass, uint8_t ops, uint32_t mem_kib, struct kr_stretched *st)
{
	memset(st, 0, sizeof *st);
	if (!(st->wk = sodium_malloc(32)))
		return KR_ENOMEM;
	randombytes_buf(st->salt, KR_SALT_BYTES);
	st->ops = ops;
	st->mem_kib = mem_kib;
	if (stretch(st->wk, pass, st->salt, ops, mem_kib) != 0) {
		keyring_stretched_free(st);
		return KR_ENOMEM;
	}
	return KR_OK;
}

void
keyring_stretched_free(struct kr_stretched *st)
{
	if (st->wk)
		sodium_free(st->wk);
	st->wk = NULL;
}

/* Wrap sk into slot s under a wrapping key from kr_stretch_new, used once. */
void
kr_slot_wrap(const struct kr_header *h, struct kr_slot *s, const uint8_t sk[32],
          const struct kr_stretched *st)
{
	static const uint8_t zero_nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	uint8_t ad[72];

	memcpy(s->salt, st->salt, KR_SALT_BYTES);
	s->opslimit = st->ops;
	s->mem_kib = st->mem_kib;
	/* The wrapping key is new with every salt, so a fixed nonce is never
	 * reused under one key. */
	slot_ad(h, s, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(s->wrapped, NULL, sk, 32, ad, sizeof ad, NULL,
	                                           zero_nonce, st->wk);
}

int
kr_slot_unwrap(const struct kr_header *h, const struct kr_slot *s, const char *pass, uint8_t sk[32])
{
	static const uint8_t zero_nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	uint8_t ad[72];
	uint8_t *wk = sodium_malloc(32);
	int rc = KR_EAUTH;

	if (!wk)
		return KR_ENOMEM;
	if (stretch(wk, pass, s->salt, s->opslimit, s->mem_kib) != 0) {
		rc = KR_ENOMEM;
	} else {
		slot_ad(h, s, ad);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(sk, NULL, NULL, s->wrapped,
		                                               KR_WRAPPED_BYTES, ad, sizeof ad,
		                                               zero_nonce, wk) == 0)
			rc = KR_OK;
	}
	sodium_free(wk);
	return rc;
}

void
kr_seal_data_key(struct kr_slot *s, const uint8_t *data_key)
{
	/* Fails only for a public key that is a small-order point; a slot
	 * left with its old sealed key would silently lose access, so stop. */
	if (crypto_box_seal(s->sealed, data_key, 32, s->pk) != 0)
		abort();
}

void
kr_prev_ad(const struct kr_header *h, uint8_t ad[32])
{
	memcpy(ad, "PSGPREV1", 8);
	memcpy(ad + 8, h->dbid, VAULT_DBID_BYTES);
	put32(ad + 24, h->epoch);
	put32(ad + 28, h->prev_epoch);
}

/* During a rotation the previous data key travels wrapped under a subkey
 * of the current one, so every slot reaches both. */
int
kr_unwrap_previous(keyring *kr)
{
	static const uint8_t zero_nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	uint8_t k[32], ad[32];
	int ok;

	if (kr->h.prev_epoch == 0)
		return KR_OK;
	kr_subkey(kr->secret + SEC_DATA, SUB_PREV, k);
	kr_prev_ad(&kr->h, ad);
	ok = crypto_aead_xchacha20poly1305_ietf_decrypt(kr->secret + SEC_PREV, NULL, NULL,
	                                                kr->h.prev_wrapped, KR_WRAPPED_BYTES, ad,
	                                                sizeof ad, zero_nonce, k) == 0;
	sodium_memzero(k, sizeof k);
	return ok ? KR_OK : KR_ETAMPERED;
}

/* The audit root key outlives key rotations (the audit chain must stay
 * verifiable across them), so it travels wrapped under the current data
 * key and is re-wrapped at every rotation. */
static void
audit_ad(const struct kr_header *h, uint8_t ad[28])
{
	memcpy(ad, "PSGAUDT1", 8);
	memcpy(ad + 8, h->dbid, VAULT_DBID_BYTES);
	put32(ad + 24, h->epoch);
}

void
kr_wrap_audit(keyring *kr)
{
	static const uint8_t zero_nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	uint8_t k[32], ad[28];

	kr_subkey(kr->secret + SEC_DATA, SUB_AUDIT_WRAP, k);
	audit_ad(&kr->h, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(kr->h.audit_wrapped, NULL, kr->secret + SEC_AUDIT,
	                                           32, ad, sizeof ad, NULL, zero_nonce, k);
	sodium_memzero(k, sizeof k);
}

int
kr_unwrap_audit(keyring *kr)
{
	static const uint8_t zero_nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	uint8_t k[32], ad[28];
	int ok;

	kr_subkey(kr->secret + SEC_DATA, SUB_AUDIT_WRAP, k);
	audit_ad(&kr->h, ad);
	ok = crypto_aead_xchacha20poly1305_ietf_decrypt(kr->secret + SEC_AUDIT, NULL, NULL,
	                                                kr->h.audit_wrapped, KR_WRAPPED_BYTES, ad,
	                                                sizeof ad, zero_nonce, k) == 0;
	sodium_memzero(k, sizeof k);
	return ok ? KR_OK : KR_ETAMPERED;
}

/* ---------------------------------------------------------------- recovery codes */

static const char b32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; /* no I, O, 0, 1 */

void
kr_code_encode(const uint8_t sk[32], char out[KR_RECOVERY_CODE_LEN])
{
	uint8_t raw[34];
	unsigned acc = 0, bits = 0;
	int n = 0, groups = 0;

	memcpy(raw, sk, 32);
	crypto_generichash(raw + 32, 2, sk, 32, NULL, 0);
	for (int i = 0; i < 34; i++) {
		acc = acc << 8 | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
			if (++groups % 5 == 0)
				out[n++] = '-';
		}
	}
	if (bits)
		out[n++] = b32[(acc << (5 - bits)) & 31];
	else if (n && out[n - 1] == '-')
		n--;
	out[n] = 0;
	sodium_memzero(raw, sizeof raw);
}

int
kr_code_decode(const char *code, uint8_t sk[32])
{
	uint8_t raw[35] = {0}, chk[2];
	unsigned acc = 0, bits = 0;
	int n = 0, rc = KR_ECODE;

	for (const char *p = code; *p; p++) {
		char ch = *p;
		const char *at;
		if (ch == '-' || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 32);
		at = strchr(b32, ch);
		if (!at || !ch || (bits >= 3 && n >= (int)sizeof raw))
			goto out;
		acc = acc << 5 | (unsigned)(at - b32);
		bits += 5;
		if (bits >= 8) {
			raw[n++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (n != 34)
		goto out;
	crypto_generichash(chk, 2, raw, 32, NULL, 0);
	if (memcmp(chk, raw + 32, 2) != 0)
		goto out;
	memcpy(sk, raw, 32);
	rc = KR_OK;
out:
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(&acc, sizeof acc);
	return rc;
}
