/* SPDX-License-Identifier: ISC */
/*
 * keyring.c - the container header and its key slots (the header's bytes
 * are keyring_format.c, and the cryptography of one slot keyring_slot.c).
 *
 * The first 16 KiB of the file hold two copies of the header (A at 0, B
 * at 8192).  Each carries a generation number, an unkeyed BLAKE2b checksum
 * that catches a torn copy before any key is known, and a BLAKE2b MAC
 * under a subkey of the data key that catches tampering after unlock.  A
 * writer always overwrites the copy it did not read, with generation + 1,
 * so a crash in the middle of a header write leaves the other copy whole.
 *
 * Each person has a slot: Argon2id over their passphrase unwraps an X25519
 * secret key, and the data key is sealed to the matching public key.  An
 * admin can therefore add people and rotate the data key knowing only the
 * public keys.  A recovery slot holds only a public key; its secret is the
 * recovery code printed once at init, for the facility safe.
 *
 * Secret material lives in sodium_malloc memory (guard pages, no swap via
 * mlock where allowed, wiped on free).
 */
#include "keyring_private.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


const char *
keyring_strerror(int err)
{
	switch (err) {
	case KR_OK: return "ok";
	case KR_ENOTPASSAGE: return "not a Passage database";
	case KR_EDAMAGED: return "header damaged: restore from backup";
	case KR_EAUTH: return "invalid user name or passphrase";
	case KR_ETAMPERED: return "header tampered: the file was altered; restore from backup";
	case KR_EIO: return "the file could not be read or written";
	case KR_ENOMEM: return "out of memory";
	case KR_EFULL: return "no free key slot: remove a user first";
	case KR_EEXISTS: return "that already exists";
	case KR_ENOUSER: return "no such user";
	case KR_EVERSION: return "this database was made by a newer Passage";
	case KR_ECODE: return "the recovery code is mistyped: check each group";
	case KR_ELAST: return "the last user cannot be removed";
	case KR_EROTATING: return "a key change is still being finished: try again";
	case KR_EALTERED:
		return "the file's header was altered (a key slot holds values Passage never "
		       "writes): restore from backup";
	default: return "unknown error";
	}
}

/* ---------------------------------------------------------------- names */

/* User names compare without regard to ASCII case or surrounding blanks. */
static int
normalize(const char *user, char out[65])
{
	size_t n;

	while (*user == ' ' || *user == '\t')
		user++;
	n = strlen(user);
	while (n && (user[n - 1] == ' ' || user[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 64)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)user[i];
		if (ch < 0x20 || ch == 0x7f)
			return -1;
		out[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	out[n] = 0;
	return 0;
}

/* The slot label: a hash keyed by the database id, so the file holds no
 * list of staff names. */
static int
user_label(const uint8_t dbid[VAULT_DBID_BYTES], const char *user, uint8_t label[KR_LABEL_BYTES])
{
	char norm[65];
	uint8_t in[16 + 65];

	if (normalize(user, norm) != 0)
		return -1;
	memcpy(in, "passage-user\0\0\0\0", 16);
	memcpy(in + 16, norm, strlen(norm));
	crypto_generichash(label, KR_LABEL_BYTES, in, 16 + strlen(norm), dbid, VAULT_DBID_BYTES);
	return 0;
}

int
keyring_find(const keyring *kr, const char *user)
{
	uint8_t label[KR_LABEL_BYTES];

	if (user_label(kr->h.dbid, user, label) != 0)
		return -1;
	for (int i = 0; i < KR_MAX_SLOTS; i++)
		if (kr->h.slot[i].kind == KR_SLOT_USER &&
		    sodium_memcmp(kr->h.slot[i].label, label, KR_LABEL_BYTES) == 0)
			return i;
	return -1;
}

/* ---------------------------------------------------------------- slots */

static keyring *
keyring_alloc(void)
{
	keyring *kr = calloc(1, sizeof *kr);

	if (!kr)
		return NULL;
	kr->secret = sodium_malloc(SEC_SIZE);
	if (!kr->secret) {
		free(kr);
		return NULL;
	}
	sodium_memzero(kr->secret, SEC_SIZE);
	kr->slot = -1;
	return kr;
}

void
keyring_free(keyring *kr)
{
	if (!kr)
		return;
	sodium_free(kr->secret);
	sodium_memzero(&kr->h, sizeof kr->h);
	free(kr);
}

static int
free_slot(const struct kr_header *h)
{
	for (int i = 0; i < KR_MAX_SLOTS; i++)
		if (h->slot[i].kind == KR_SLOT_EMPTY)
			return i;
	return -1;
}

/* A fresh key pair in slot s, sealed to the data key, wrapped under the
 * stretched passphrase. */
static int
slot_fill_user(keyring *kr, struct kr_slot *s, const struct kr_stretched *st, int must_change)
{
	uint8_t *sk = sodium_malloc(32);

	if (!sk)
		return KR_ENOMEM;
	crypto_box_keypair(s->pk, sk);
	s->kind = KR_SLOT_USER;
	s->flags = must_change ? KR_FLAG_MUST_CHANGE : 0;
	kr_slot_wrap(&kr->h, s, sk, st);
	kr_seal_data_key(s, kr->secret + SEC_DATA);
	sodium_free(sk);
	return KR_OK;
}

/* ---------------------------------------------------------------- recovery */

static void
recovery_label(const struct kr_header *h, uint8_t label[KR_LABEL_BYTES])
{
	crypto_generichash(label, KR_LABEL_BYTES, (const uint8_t *)"passage-recovery", 16,
	                   h->dbid, VAULT_DBID_BYTES);
}

int
keyring_new_recovery(keyring *kr, char code[KR_RECOVERY_CODE_LEN])
{
	uint8_t *sk = sodium_malloc(32);
	int idx = -1;

	if (!sk)
		return KR_ENOMEM;
	for (int i = 0; i < KR_MAX_SLOTS; i++)
		if (kr->h.slot[i].kind == KR_SLOT_RECOVERY)
			idx = i;
	if (idx < 0)
		idx = free_slot(&kr->h);
	if (idx < 0) {
		sodium_free(sk);
		return KR_EFULL;
	}
	struct kr_slot *s = &kr->h.slot[idx];
	memset(s, 0, sizeof *s);
	s->kind = KR_SLOT_RECOVERY;
	recovery_label(&kr->h, s->label);
	crypto_box_keypair(s->pk, sk);
	kr_seal_data_key(s, kr->secret + SEC_DATA);
	kr_code_encode(sk, code);
	/* A keyring opened with the old code goes on with the new one. */
	if (kr->slot < 0)
		memcpy(kr->secret + SEC_SK, sk, 32);
	sodium_free(sk);
	return KR_OK;
}

/* ---------------------------------------------------------------- create */

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
keyring_create(const char *path, const char *admin, const char *pass, enum kr_kdf kdf,
               char code[KR_RECOVERY_CODE_LEN], keyring **out)
{
	keyring *kr;
	uint8_t ops, *buf;
	uint32_t mem;
	int fd, rc;
	char norm[65];

	*out = NULL;
	if (normalize(admin, norm) != 0)
		return KR_ENOUSER;
	if (!(kr = keyring_alloc()))
		return KR_ENOMEM;
	kr->h.version = FORMAT_VERSION;
	randombytes_buf(kr->h.dbid, VAULT_DBID_BYTES);
	kr->h.generation = 1;
	kr->h.epoch = 1;
	crypto_kdf_keygen(kr->secret + SEC_DATA);
	crypto_kdf_keygen(kr->secret + SEC_AUDIT);
	kr_wrap_audit(kr);
	kr_kdf_params(kdf, &ops, &mem);

	struct kr_slot *s = &kr->h.slot[0];
	struct kr_stretched st;
	user_label(kr->h.dbid, admin, s->label);
	rc = kr_stretch_new(pass, ops, mem, &st);
	if (rc == KR_OK) {
		rc = slot_fill_user(kr, s, &st, 0);
		keyring_stretched_free(&st);
	}
	if (rc == KR_OK)
		rc = keyring_new_recovery(kr, code);
	if (rc != KR_OK) {
		keyring_free(kr);
		return rc;
	}
	kr->slot = 0;
	/* Recover this slot's secret key for the session from the wrap we
	 * just made: one more Argon2id run, but no second copy lingering. */
	rc = kr_slot_unwrap(&kr->h, s, pass, kr->secret + SEC_SK);
	if (rc != KR_OK) {
		keyring_free(kr);
		return rc;
	}

	buf = calloc(1, VAULT_HEADER_SIZE);
	if (!buf) {
		keyring_free(kr);
		return KR_ENOMEM;
	}
	keyring_serialize(kr, &kr->h, buf);
	memcpy(buf + KR_COPY_SIZE, buf, KR_COPY_SIZE);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = errno == EEXIST ? KR_EEXISTS : KR_EIO;
	} else {
		rc = write_all(fd, buf, VAULT_HEADER_SIZE) == 0 && fsync(fd) == 0 ? KR_OK : KR_EIO;
		if (close(fd) != 0)
			rc = KR_EIO;
		if (rc != KR_OK)
			unlink(path);
	}
	free(buf);
	if (rc != KR_OK) {
		keyring_free(kr);
		return rc;
	}
	kr->h.which = 0;
	*out = kr;
	return KR_OK;
}

/* ---------------------------------------------------------------- unlock */

int
keyring_other_altered(const keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE],
                      const struct kr_header *h)
{
	int other = 1 - h->which;

	if (h->other_damaged)
		return 0; /* torn, not altered: the checksum said so first */
	if (kr_check_copy_mac(buf, other, kr->secret + SEC_DATA) == KR_OK)
		return 0;
	/* A rotation that stopped half way left the older copy under the
	 * key it is leaving. */
	return !(h->prev_epoch && kr_check_copy_mac(buf, other, kr->secret + SEC_PREV) == KR_OK);
}

/* A copy whose checksum passes but whose MAC does not was written by
 * someone without the data key: read around it like a torn one, so the
 * next write puts it right (db_begin_write). */
static int
note_other(keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE], int rc)
{
	if (rc == KR_OK && keyring_other_altered(kr, buf, &kr->h))
		kr->h.other_damaged = 1;
	return rc;
}

static int
finish_unlock(keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE], const struct kr_slot *s)
{
	const uint8_t *sk = kr->secret + SEC_SK;

	if (crypto_box_seal_open(kr->secret + SEC_DATA, s->sealed, KR_SEALED_BYTES, s->pk, sk) != 0)
		return KR_ETAMPERED;
	if (kr_check_mac(buf, &kr->h, kr->secret + SEC_DATA) != KR_OK ||
	    kr_unwrap_audit(kr) != KR_OK)
		return KR_ETAMPERED;
	return note_other(kr, buf, kr_unwrap_previous(kr));
}

int
keyring_unlock(const uint8_t buf[VAULT_HEADER_SIZE], const char *user, const char *pass,
               keyring **out)
{
	keyring *kr;
	uint8_t label[KR_LABEL_BYTES];
	int rc, idx = -1;

	*out = NULL;
	if (!(kr = keyring_alloc()))
		return KR_ENOMEM;
	if ((rc = keyring_parse(buf, &kr->h)) != KR_OK) {
		keyring_free(kr);
		return rc;
	}
	if (user_label(kr->h.dbid, user, label) == 0)
		for (int i = 0; i < KR_MAX_SLOTS; i++)
			if (kr->h.slot[i].kind == KR_SLOT_USER &&
			    sodium_memcmp(kr->h.slot[i].label, label, KR_LABEL_BYTES) == 0)
				idx = i;
	if (idx < 0) {
		/* Spend the same Argon2id work as a real attempt, so the
		 * time taken does not tell which user names exist. */
		struct kr_slot dummy = {0};
		uint8_t sk[32];
		for (int i = 0; i < KR_MAX_SLOTS; i++) {
			const struct kr_slot *s = &kr->h.slot[i];
			if (s->kind == KR_SLOT_USER &&
			    (uint64_t)s->opslimit * s->mem_kib >
			        (uint64_t)dummy.opslimit * dummy.mem_kib)
				dummy = *s;
		}
		if (dummy.kind)
			(void)kr_slot_unwrap(&kr->h, &dummy, pass, sk);
		sodium_memzero(sk, sizeof sk);
		keyring_free(kr);
		return KR_EAUTH;
	}
	rc = kr_slot_unwrap(&kr->h, &kr->h.slot[idx], pass, kr->secret + SEC_SK);
	if (rc == KR_OK)
		rc = finish_unlock(kr, buf, &kr->h.slot[idx]);
	if (rc != KR_OK) {
		keyring_free(kr);
		return rc;
	}
	kr->slot = idx;
	*out = kr;
	return KR_OK;
}

int
keyring_unlock_recovery(const uint8_t buf[VAULT_HEADER_SIZE], const char *code, keyring **out)
{
	keyring *kr;
	uint8_t pk[32];
	int rc, idx = -1;

	*out = NULL;
	if (!(kr = keyring_alloc()))
		return KR_ENOMEM;
	if ((rc = keyring_parse(buf, &kr->h)) != KR_OK ||
	    (rc = kr_code_decode(code, kr->secret + SEC_SK)) != KR_OK) {
		keyring_free(kr);
		return rc;
	}
	for (int i = 0; i < KR_MAX_SLOTS; i++)
		if (kr->h.slot[i].kind == KR_SLOT_RECOVERY)
			idx = i;
	crypto_scalarmult_base(pk, kr->secret + SEC_SK);
	if (idx < 0 || sodium_memcmp(pk, kr->h.slot[idx].pk, 32) != 0) {
		keyring_free(kr);
		return KR_EAUTH;
	}
	rc = finish_unlock(kr, buf, &kr->h.slot[idx]);
	if (rc != KR_OK) {
		keyring_free(kr);
		return rc;
	}
	kr->slot = -1;
	*out = kr;
	return KR_OK;
}

static int
reload_into(keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE])
{
	struct kr_header h;
	const struct kr_slot *mine = NULL;
	int rc, idx = -1;

	if ((rc = keyring_parse(buf, &h)) != KR_OK)
		return rc;
	/* Find this keyring's slot again by its public key: slots move. */
	for (int i = 0; i < KR_MAX_SLOTS; i++) {
		const struct kr_slot *s = &h.slot[i];
		const struct kr_slot *old = kr->slot >= 0 ? &kr->h.slot[kr->slot] : NULL;
		if (s->kind == KR_SLOT_EMPTY)
			continue;
		if (old ? memcmp(s->pk, old->pk, 32) == 0 : s->kind == KR_SLOT_RECOVERY) {
			mine = s;
			idx = i;
		}
	}
	if (!mine || crypto_box_seal_open(kr->secret + SEC_DATA, mine->sealed, KR_SEALED_BYTES,
	                                  mine->pk, kr->secret + SEC_SK) != 0)
		return KR_EAUTH; /* this person's access was removed */
	if (kr_check_mac(buf, &h, kr->secret + SEC_DATA) != KR_OK)
		return KR_ETAMPERED;
	kr->h = h;
	if (kr->slot >= 0)
		kr->slot = idx;
	sodium_memzero(kr->secret + SEC_PREV, 32);
	if (kr_unwrap_audit(kr) != KR_OK)
		return KR_ETAMPERED;
	return note_other(kr, buf, kr_unwrap_previous(kr));
}

int
keyring_reload(keyring *kr, const uint8_t buf[VAULT_HEADER_SIZE])
{
	/* All or nothing: on failure the keyring is as it was. */
	struct kr_header *saved_h = malloc(sizeof *saved_h);
	uint8_t *saved = sodium_malloc(SEC_SIZE);
	int saved_slot = kr->slot, rc;

	if (!saved_h || !saved) {
		free(saved_h);
		if (saved)
			sodium_free(saved);
		return KR_ENOMEM;
	}
	*saved_h = kr->h;
	memcpy(saved, kr->secret, SEC_SIZE);
	rc = reload_into(kr, buf);
	if (rc != KR_OK) {
		kr->h = *saved_h;
		memcpy(kr->secret, saved, SEC_SIZE);
		kr->slot = saved_slot;
	}
	sodium_memzero(saved_h, sizeof *saved_h);
	free(saved_h);
	sodium_free(saved);
	return rc;
}

/* ---------------------------------------------------------------- changes */

int
keyring_stretch(const keyring *kr, const char *user, const char *pass, enum kr_kdf kdf,
                struct kr_stretched *out)
{
	int idx = keyring_find(kr, user);
	uint8_t ops;
	uint32_t mem;

	if (kdf == KR_KDF_AUTO && idx >= 0 && idx == kr->slot) {
		ops = kr->h.slot[idx].opslimit; /* keep the strength calibrated at init */
		mem = kr->h.slot[idx].mem_kib;
	} else {
		kr_kdf_params(kdf, &ops, &mem);
	}
	return kr_stretch_new(pass, ops, mem, out);
}

int
keyring_set_passphrase(keyring *kr, const char *user, const struct kr_stretched *st,
                       int must_change)
{
	int idx = keyring_find(kr, user);
	struct kr_slot *s;

	if (idx < 0)
		return KR_ENOUSER;
	s = &kr->h.slot[idx];
	if (idx == kr->slot) {
		/* One's own passphrase: same key pair, new salt. */
		kr_slot_wrap(&kr->h, s, kr->secret + SEC_SK, st);
		s->flags = must_change ? KR_FLAG_MUST_CHANGE : 0;
		return KR_OK;
	}
	/* Someone else's (an admin's reset, or recovery): a new key pair. */
	return slot_fill_user(kr, s, st, must_change);
}

int
keyring_add_user(keyring *kr, const char *user, const struct kr_stretched *st, int must_change)
{
	int idx;

	if (keyring_find(kr, user) >= 0)
		return KR_EEXISTS;
	idx = free_slot(&kr->h);
	if (idx < 0)
		return KR_EFULL;
	struct kr_slot *s = &kr->h.slot[idx];
	memset(s, 0, sizeof *s);
	if (user_label(kr->h.dbid, user, s->label) != 0)
		return KR_ENOUSER;
	return slot_fill_user(kr, s, st, must_change);
}

int
keyring_remove_user(keyring *kr, const char *user)
{
	int idx = keyring_find(kr, user);

	if (idx < 0)
		return KR_ENOUSER;
	if (keyring_user_count(kr) <= 1)
		return KR_ELAST;
	sodium_memzero(&kr->h.slot[idx], sizeof kr->h.slot[idx]);
	if (idx == kr->slot)
		kr->slot = -1;
	return KR_OK;
}

int
keyring_rotate(keyring *kr)
{
	static const uint8_t zero_nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	uint8_t k[32], ad[32];

	if (kr->h.prev_epoch != 0)
		return KR_EROTATING; /* finish the last rotation first */
	memcpy(kr->secret + SEC_PREV, kr->secret + SEC_DATA, 32);
	crypto_kdf_keygen(kr->secret + SEC_DATA);
	kr->h.prev_epoch = kr->h.epoch;
	kr->h.epoch++;
	if (kr->h.epoch == 0)
		kr->h.epoch = 1;
	kr_subkey(kr->secret + SEC_DATA, SUB_PREV, k);
	kr_prev_ad(&kr->h, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(kr->h.prev_wrapped, NULL, kr->secret + SEC_PREV,
	                                           32, ad, sizeof ad, NULL, zero_nonce, k);
	sodium_memzero(k, sizeof k);
	kr_wrap_audit(kr);
	for (int i = 0; i < KR_MAX_SLOTS; i++)
		if (kr->h.slot[i].kind != KR_SLOT_EMPTY)
			kr_seal_data_key(&kr->h.slot[i], kr->secret + SEC_DATA);
	return KR_OK;
}

void
keyring_drop_previous(keyring *kr)
{
	kr->h.prev_epoch = 0;
	memset(kr->h.prev_wrapped, 0, KR_WRAPPED_BYTES);
	sodium_memzero(kr->secret + SEC_PREV, 32);
}

int
keyring_must_change(const keyring *kr)
{
	return kr->slot >= 0 && (kr->h.slot[kr->slot].flags & KR_FLAG_MUST_CHANGE);
}

int
keyring_user_count(const keyring *kr)
{
	int n = 0;

	for (int i = 0; i < KR_MAX_SLOTS; i++)
		n += kr->h.slot[i].kind == KR_SLOT_USER;
	return n;
}

/* ---------------------------------------------------------------- subkeys */

void
keyring_page_key(const keyring *kr, int previous, uint8_t out[VAULT_KEY_BYTES])
{
	kr_subkey(kr->secret + (previous ? SEC_PREV : SEC_DATA), SUB_PAGE, out);
}

void
keyring_audit_key(const keyring *kr, uint8_t out[32])
{
	kr_subkey(kr->secret + SEC_AUDIT, SUB_AUDIT, out);
}

vault_keys *
keyring_vault_keys(const keyring *kr)
{
	vault_keys *k = vault_keys_new(kr->h.dbid);
	uint8_t *pk = sodium_malloc(VAULT_KEY_BYTES);

	if (!k || !pk) {
		vault_keys_free(k);
		if (pk)
			sodium_free(pk);
		return NULL;
	}
	if (kr->h.prev_epoch) {
		keyring_page_key(kr, 1, pk);
		vault_keys_add(k, kr->h.prev_epoch, pk);
	}
	keyring_page_key(kr, 0, pk);
	vault_keys_add(k, kr->h.epoch, pk);
	vault_keys_set_write_epoch(k, kr->h.epoch);
	sodium_free(pk);
	return k;
}
