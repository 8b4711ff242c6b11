/* SPDX-License-Identifier: ISC */
/*
 * keyring.h - the container header and its key slots (see man/passage.5).
 */
#ifndef PASSAGE_KEYRING_H
#define PASSAGE_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "vault.h"

#define KR_COPY_SIZE (VAULT_HEADER_SIZE / 2) /* 8192: copy A at 0, B at 8192 */
#define KR_MAX_SLOTS 39
#define KR_SLOT_SIZE 200
#define KR_FIXED_SIZE 256
#define KR_MAC_OFF (KR_COPY_SIZE - 64) /* 8128 */
#define KR_SUM_OFF (KR_COPY_SIZE - 32) /* 8160 */
#define KR_LABEL_BYTES 16
#define KR_SALT_BYTES 16
#define KR_WRAPPED_BYTES 48 /* 32-byte secret key + 16-byte tag */
#define KR_SEALED_BYTES 80  /* crypto_box_seal of the 32-byte data key */
#define KR_RECOVERY_CODE_LEN 80 /* room for the printed code and its NUL */

enum kr_kind { KR_SLOT_EMPTY = 0, KR_SLOT_USER = 1, KR_SLOT_RECOVERY = 2 };
enum kr_flag { KR_FLAG_MUST_CHANGE = 1 };

/* Argon2id strength: AUTO calibrates to the strongest that unlocks in
 * about a second; none goes below INTERACTIVE. */
enum kr_kdf { KR_KDF_AUTO = 0, KR_KDF_INTERACTIVE, KR_KDF_MODERATE, KR_KDF_SENSITIVE };

enum kr_err {
	KR_OK = 0,
	KR_ENOTPASSAGE, /* bad magic */
	KR_EDAMAGED,    /* neither copy passes its checksum */
	KR_EAUTH,       /* invalid user name or passphrase */
	KR_ETAMPERED,   /* the keyed MAC does not match */
	KR_EIO,
	KR_ENOMEM,
	KR_EFULL,       /* no free slot */
	KR_EEXISTS,     /* the user or file exists already */
	KR_ENOUSER,
	KR_EVERSION,    /* a format version this program does not read */
	KR_ECODE,       /* the recovery code is mistyped */
	KR_ELAST,       /* would remove the last user */
	KR_EROTATING,   /* a key rotation is still being finished */
	KR_EALTERED,    /* a copy passes its checksum but holds what no Passage writes */
};

struct kr_slot {
	uint8_t kind, flags, opslimit;
	uint32_t mem_kib;
	uint8_t label[KR_LABEL_BYTES];
	uint8_t salt[KR_SALT_BYTES];
	uint8_t pk[32];
	uint8_t wrapped[KR_WRAPPED_BYTES];
	uint8_t sealed[KR_SEALED_BYTES];
};

/* What the last fold of the write-ahead log copied into the file
 * (db_log.c): the log's generation (the two salts of its header, as they
 * are stored there) and how many of its frames.  COPYING while a fold is
 * copying, up to frames; RESTING once it is done, frames being those the
 * file then held, and length the log's when it began.  NONE in a file no
 * fold has marked. */
enum kr_fold_state { KR_FOLD_NONE = 0, KR_FOLD_RESTING = 1, KR_FOLD_COPYING = 2 };
struct kr_fold {
	uint8_t state;
	uint32_t frames;
	uint8_t salt[8];
	uint32_t length;
};

struct kr_header {
	uint16_t version;
	uint8_t dbid[VAULT_DBID_BYTES];
	uint64_t generation;
	uint32_t epoch;      /* key epoch pages are written in */
	uint32_t prev_epoch; /* 0, or the epoch a rotation is leaving */
	uint8_t prev_wrapped[KR_WRAPPED_BYTES];
	uint8_t audit_wrapped[KR_WRAPPED_BYTES]; /* audit root, under the data key */
	struct kr_fold fold;
	struct kr_slot slot[KR_MAX_SLOTS];
	int which; /* the copy it was read from: 0 = A, 1 = B */
	int other_damaged; /* 1 if the other copy failed its checks */
};

/* An unlocked keyring: the header and, in sodium_malloc memory, this
 * user's slot secret key and the data keys. */
typedef struct keyring {
	struct kr_header h;
	uint8_t *secret; /* slot secret key, data key, previous data key, audit root */
	int slot;        /* this user's slot, or -1 after recovery */
} keyring;

const char *keyring_strerror(int err);

/* Parse a 16 KiB header: picks the valid copy with the highest generation.
 * Checks magic, version and checksums; the MAC needs a key (see below).
 * h->other_damaged is 1 when the copy not picked failed those checks. */
int keyring_parse(const uint8_t buf[VAULT_HEADER_SIZE], struct kr_header *h);
/* The highest generation the two copies of buf name, unchecked: whether a
 * header differs from the one parsed, without parsing it. */
uint64_t keyring_generation(const uint8_t buf[VAULT_HEADER_SIZE]);
/* Serialise h as one 8 KiB copy, MAC'd with kr's data key. */
int keyring_serialize(const keyring *kr, const struct kr_header *h, uint8_t out[KR_COPY_SIZE]);
int keyring_read_file(const char *path, uint8_t buf[VAULT_HEADER_SIZE]);

/* Create a new file holding only a header: admin's slot and a recovery
 * slot whose code is written to code (print it once).  The keyring is
 * returned unlocked. */
int keyring_create(const char *path, const char *admin, const char *pass, enum kr_kdf kdf,
                   char code[KR_RECOVERY_CODE_LEN], keyring **out);
int keyring_unlock(const uint8_t buf[VAULT_HEADER_SIZE], const char *user, const char *pass,
                   keyring **out);
int keyring_unlock_recovery(const uint8_t buf[VAULT_HEADER_SIZE], const char *code,
                            keyring **out);
void keyring_free(keyring *kr);
/* 1 when the copy h was not read from passes its checksum but fails its
 * keyed MAC: it was altered by someone without the data key.  kr must be
 * unlocked from the same file. */
int keyring_other_altered(const keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE],
                          const struct kr_header *h);

/* Re-read a header (another process may have changed it) with the keys
 * this keyring holds; on success kr->h is replaced. */
int keyring_reload(keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE]);

/* A passphrase stretched with Argon2id under a fresh salt: the slow part
 * of setting one, made before the writer's lock is taken so that nobody's
 * save waits behind it.  The strength follows kdf (AUTO: the user's own
 * slot keeps its strength, anyone else's is calibrated).  Used once. */
struct kr_stretched {
	uint8_t salt[KR_SALT_BYTES];
	uint8_t ops;
	uint32_t mem_kib;
	uint8_t *wk; /* 32 bytes in sodium_malloc memory */
};
int keyring_stretch(const keyring *kr, const char *user, const char *pass, enum kr_kdf kdf,
                    struct kr_stretched *out);
void keyring_stretched_free(struct kr_stretched *st);

/* Changes to kr->h in memory; the caller writes the header back. */
int keyring_set_passphrase(keyring *kr, const char *user, const struct kr_stretched *st,
                           int must_change);
int keyring_add_user(keyring *kr, const char *user, const struct kr_stretched *st,
                     int must_change);
int keyring_remove_user(keyring *kr, const char *user);
int keyring_new_recovery(keyring *kr, char code[KR_RECOVERY_CODE_LEN]);
int keyring_rotate(keyring *kr);       /* new epoch; keeps the old key as previous */
void keyring_drop_previous(keyring *kr); /* after every page is in the new epoch */
int keyring_find(const keyring *kr, const char *user); /* slot index or -1 */
int keyring_must_change(const keyring *kr);
int keyring_user_count(const keyring *kr);

/* Subkeys of the data key (crypto_kdf, context "PSGVAULT"). */
void keyring_page_key(const keyring *kr, int previous, uint8_t out[VAULT_KEY_BYTES]);
void keyring_audit_key(const keyring *kr, uint8_t out[32]);
/* Keys for the VFS: the current epoch's page key and, during a rotation,
 * the previous one. */
vault_keys *keyring_vault_keys(const keyring *kr);

/* Argon2id strength this machine can afford in about a second. */
void keyring_calibrate(uint8_t *opslimit, uint32_t *mem_kib, double *seconds);

#endif
