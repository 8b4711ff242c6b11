/* SPDX-License-Identifier: ISC */
/*
 * keyring_private.h - what keyring.c (the slots, recovery),
 * keyring_slot.c (the KDF, and the keys of one slot wrapped and unwrapped)
 * and keyring_format.c (the header's bytes) share: the format's constants,
 * little-endian byte helpers and the keyed parts of a header copy.
 */
#ifndef PASSAGE_KEYRING_PRIVATE_H
#define PASSAGE_KEYRING_PRIVATE_H

#include <stdint.h>

#include "keyring.h"

static const char magic[8] = {'P', 'S', 'G', 'V', 'A', 'U', 'L', 'T'};
#define FORMAT_VERSION 1
#define CIPHER_XCHACHA20POLY1305 1
#define KDF_ARGON2ID13 1
#define KDF_CONTEXT "PSGVAULT"
enum { SUB_PAGE = 1, SUB_HEADER = 2, SUB_AUDIT = 3, SUB_PREV = 4, SUB_AUDIT_WRAP = 5 };

/* The Argon2id a slot may hold: from libsodium's INTERACTIVE (the
 * weakest Passage writes) to its SENSITIVE (4 passes, 1 GiB: the
 * strongest level of keyring_slot.c's ladder, which neither --kdf nor the
 * calibration goes beyond).  A slot outside was not written by Passage:
 * below, it would make guessing cheap; above, a login would run for
 * minutes or ask for more memory than the machine has, and end in
 * "invalid passphrase" or "out of memory" instead of the truth. */
#define MIN_OPS 2
#define MIN_MEM_KIB (64u * 1024u)
#define MAX_OPS 4
#define MAX_MEM_KIB (1024u * 1024u)

/* Offsets inside the secret buffer. */
#define SEC_SK 0
#define SEC_DATA 32
#define SEC_PREV 64
#define SEC_AUDIT 96
#define SEC_SIZE 128

static inline void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static inline void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static inline uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t get32(const uint8_t *p) { uint32_t v = 0; for (int i = 3; i >= 0; i--) v = v << 8 | p[i]; return v; }
static inline uint64_t get64(const uint8_t *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }

/* A subkey of the data key (SUB_*). */
void kr_subkey(const uint8_t *data_key, int id, uint8_t out[32]);
/* h as one header copy, with its MAC under data_key and its checksum. */
int kr_serialize_with(const uint8_t *data_key, const struct kr_header *h, uint8_t out[KR_COPY_SIZE]);
/* The keyed MAC of copy which (0 = A, 1 = B) under data_key: KR_OK or
 * KR_ETAMPERED. */
int kr_check_copy_mac(const uint8_t buf[VAULT_HEADER_SIZE], int which, const uint8_t *data_key);
/* The same for the copy h was parsed from. */
int kr_check_mac(const uint8_t buf[VAULT_HEADER_SIZE], const struct kr_header *h,
                 const uint8_t *data_key);

/* keyring_slot.c: the Argon2id strength kdf asks for. */
void kr_kdf_params(enum kr_kdf kdf, uint8_t *ops, uint32_t *mem_kib);
/* Argon2id of pass under a fresh salt: a wrapping key for one slot. */
int kr_stretch_new(const char *pass, uint8_t ops, uint32_t mem_kib, struct kr_stretched *st);
/* sk wrapped into slot s under st's key, and unwrapped from it with pass. */
void kr_slot_wrap(const struct kr_header *h, struct kr_slot *s, const uint8_t sk[32],
                  const struct kr_stretched *st);
int kr_slot_unwrap(const struct kr_header *h, const struct kr_slot *s, const char *pass,
                   uint8_t sk[32]);
/* The data key sealed to slot s's public key. */
void kr_seal_data_key(struct kr_slot *s, const uint8_t *data_key);
/* The additional data of the previous data key's wrap, and its unwrap
 * into kr's secret (KR_OK when no rotation is under way). */
void kr_prev_ad(const struct kr_header *h, uint8_t ad[32]);
int kr_unwrap_previous(keyring *kr);
/* The audit root key wrapped under the current data key, and unwrapped. */
void kr_wrap_audit(keyring *kr);
int kr_unwrap_audit(keyring *kr);
/* A slot's secret key as a recovery code, and back (KR_ECODE). */
void kr_code_encode(const uint8_t sk[32], char out[KR_RECOVERY_CODE_LEN]);
int kr_code_decode(const char *code, uint8_t sk[32]);

#endif
