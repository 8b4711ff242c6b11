/* SPDX-License-Identifier: ISC */
/*
 * keyring_format.c - the container header's bytes (see keyring.c for
 * what they hold): the two copies, each parsed and checked by its unkeyed
 * checksum, serialized with its MAC, and read from a file.
 */
#include "keyring_private.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
serialize_body(const struct kr_header *h, uint8_t out[KR_COPY_SIZE])
{
	int n = 0;

	memset(out, 0, KR_COPY_SIZE);
	memcpy(out, magic, 8);
	put16(out + 8, h->version);
	put16(out + 10, KR_COPY_SIZE);
	put32(out + 12, VAULT_PAGE_SIZE);
	put16(out + 16, VAULT_RESERVE);
	out[18] = CIPHER_XCHACHA20POLY1305;
	out[19] = KDF_ARGON2ID13;
	memcpy(out + 20, h->dbid, VAULT_DBID_BYTES);
	put64(out + 36, h->generation);
	put32(out + 44, h->epoch);
	put32(out + 48, h->prev_epoch);
	memcpy(out + 52, h->prev_wrapped, KR_WRAPPED_BYTES);
	memcpy(out + 104, h->audit_wrapped, KR_WRAPPED_BYTES);
	out[152] = h->fold.state;
	put32(out + 156, h->fold.frames);
	memcpy(out + 160, h->fold.salt, 8);
	put32(out + 168, h->fold.length);
	for (int i = 0; i < KR_MAX_SLOTS; i++) {
		const struct kr_slot *s = &h->slot[i];
		uint8_t *p = out + KR_FIXED_SIZE + i * KR_SLOT_SIZE;
		if (s->kind == KR_SLOT_EMPTY)
			continue;
		n++;
		p[0] = s->kind;
		p[1] = s->flags;
		p[2] = s->opslimit;
		put32(p + 4, s->mem_kib);
		memcpy(p + 8, s->label, KR_LABEL_BYTES);
		memcpy(p + 24, s->salt, KR_SALT_BYTES);
		memcpy(p + 40, s->pk, 32);
		memcpy(p + 72, s->wrapped, KR_WRAPPED_BYTES);
		memcpy(p + 120, s->sealed, KR_SEALED_BYTES);
	}
	put16(out + 100, (uint16_t)n);
}

static int
parse_copy(const uint8_t *c, struct kr_header *h)
{
	uint8_t sum[32];

	if (memcmp(c, magic, 8) != 0)
		return KR_ENOTPASSAGE;
	crypto_generichash(sum, 32, c, KR_SUM_OFF, NULL, 0);
	if (sodium_memcmp(sum, c + KR_SUM_OFF, 32) != 0)
		return KR_EDAMAGED;
	memset(h, 0, sizeof *h);
	h->version = get16(c + 8);
	if (h->version > FORMAT_VERSION)
		return KR_EVERSION;
	if (h->version != FORMAT_VERSION)
		return KR_EDAMAGED;
	if (get16(c + 10) != KR_COPY_SIZE || get32(c + 12) != VAULT_PAGE_SIZE ||
	    get16(c + 16) != VAULT_RESERVE || c[18] != CIPHER_XCHACHA20POLY1305 ||
	    c[19] != KDF_ARGON2ID13)
		return KR_EDAMAGED;
	memcpy(h->dbid, c + 20, VAULT_DBID_BYTES);
	h->generation = get64(c + 36);
	h->epoch = get32(c + 44);
	h->prev_epoch = get32(c + 48);
	memcpy(h->prev_wrapped, c + 52, KR_WRAPPED_BYTES);
	memcpy(h->audit_wrapped, c + 104, KR_WRAPPED_BYTES);
	h->fold.state = c[152];
	h->fold.frames = get32(c + 156);
	memcpy(h->fold.salt, c + 160, 8);
	h->fold.length = get32(c + 168);
	if (h->fold.state > KR_FOLD_COPYING)
		return KR_EALTERED;
	for (int i = 0; i < KR_MAX_SLOTS; i++) {
		struct kr_slot *s = &h->slot[i];
		const uint8_t *p = c + KR_FIXED_SIZE + i * KR_SLOT_SIZE;
		s->kind = p[0];
		if (s->kind > KR_SLOT_RECOVERY)
			return KR_EDAMAGED;
		s->flags = p[1];
		s->opslimit = p[2];
		s->mem_kib = get32(p + 4);
		memcpy(s->label, p + 8, KR_LABEL_BYTES);
		memcpy(s->salt, p + 24, KR_SALT_BYTES);
		memcpy(s->pk, p + 40, 32);
		memcpy(s->wrapped, p + 72, KR_WRAPPED_BYTES);
		memcpy(s->sealed, p + 120, KR_SEALED_BYTES);
		/* The checksum passed, so these bytes were written on purpose,
		 * with the checksum made again: not damage, an alteration. */
		if (s->kind == KR_SLOT_USER &&
		    (s->opslimit < MIN_OPS || s->mem_kib < MIN_MEM_KIB || s->opslimit > MAX_OPS ||
		     s->mem_kib > MAX_MEM_KIB))
			return KR_EALTERED;
	}
	if (h->epoch == 0 || h->prev_epoch == h->epoch)
		return KR_EDAMAGED;
	/* The slot count must agree, and no two slots may share a label: a
	 * crafted header must not make unlock and lookup pick different ones. */
	int used = 0;
	for (int i = 0; i < KR_MAX_SLOTS; i++) {
		if (h->slot[i].kind == KR_SLOT_EMPTY)
			continue;
		used++;
		for (int j = 0; j < i; j++)
			if (h->slot[j].kind != KR_SLOT_EMPTY &&
			    memcmp(h->slot[i].label, h->slot[j].label, KR_LABEL_BYTES) == 0)
				return KR_EDAMAGED;
	}
	if (used != get16(c + 100))
		return KR_EDAMAGED;
	return KR_OK;
}

uint64_t
keyring_generation(const uint8_t buf[VAULT_HEADER_SIZE])
{
	uint64_t a = get64(buf + 36), b = get64(buf + KR_COPY_SIZE + 36);

	return a > b ? a : b;
}

int
keyring_parse(const uint8_t buf[VAULT_HEADER_SIZE], struct kr_header *h)
{
	struct kr_header *c[2];
	int rc[2], best = -1;

	c[0] = malloc(sizeof *c[0]);
	c[1] = malloc(sizeof *c[1]);
	if (!c[0] || !c[1]) {
		free(c[0]);
		free(c[1]);
		return KR_ENOMEM;
	}
	for (int i = 0; i < 2; i++) {
		rc[i] = parse_copy(buf + i * KR_COPY_SIZE, c[i]);
		if (rc[i] == KR_OK && (best < 0 || c[i]->generation > c[best]->generation))
			best = i;
	}
	if (best >= 0) {
		*h = *c[best];
		h->which = best;
		/* Read from the good copy, but noted: verify reports it and the
		 * next write puts it right (db_header_repair_locked). */
		h->other_damaged = rc[1 - best] != KR_OK;
	}
	free(c[0]);
	free(c[1]);
	if (best >= 0)
		return KR_OK;
	if (rc[0] == KR_ENOTPASSAGE && rc[1] == KR_ENOTPASSAGE)
		return KR_ENOTPASSAGE;
	if (rc[0] == KR_EVERSION || rc[1] == KR_EVERSION)
		return KR_EVERSION;
	if (rc[0] == KR_EALTERED || rc[1] == KR_EALTERED)
		return KR_EALTERED;
	return KR_EDAMAGED;
}

void
kr_subkey(const uint8_t *data_key, int id, uint8_t out[32])
{
	crypto_kdf_derive_from_key(out, 32, (uint64_t)id, KDF_CONTEXT, data_key);
}

static void
header_mac(const uint8_t *data_key, const uint8_t copy[KR_COPY_SIZE], uint8_t mac[32])
{
	uint8_t k[32];

	kr_subkey(data_key, SUB_HEADER, k);
	crypto_generichash(mac, 32, copy, KR_MAC_OFF, k, sizeof k);
	sodium_memzero(k, sizeof k);
}

int
kr_serialize_with(const uint8_t *data_key, const struct kr_header *h, uint8_t out[KR_COPY_SIZE])
{
	serialize_body(h, out);
	header_mac(data_key, out, out + KR_MAC_OFF);
	crypto_generichash(out + KR_SUM_OFF, 32, out, KR_SUM_OFF, NULL, 0);
	return KR_OK;
}

int
keyring_serialize(const keyring *kr, const struct kr_header *h, uint8_t out[KR_COPY_SIZE])
{
	return kr_serialize_with(kr->secret + SEC_DATA, h, out);
}

int
kr_check_copy_mac(const uint8_t buf[VAULT_HEADER_SIZE], int which, const uint8_t *data_key)
{
	uint8_t mac[32];
	const uint8_t *c = buf + which * KR_COPY_SIZE;

	header_mac(data_key, c, mac);
	return sodium_memcmp(mac, c + KR_MAC_OFF, 32) == 0 ? KR_OK : KR_ETAMPERED;
}

int
kr_check_mac(const uint8_t buf[VAULT_HEADER_SIZE], const struct kr_header *h, const uint8_t *data_key)
{
	return kr_check_copy_mac(buf, h->which, data_key);
}

int
keyring_read_file(const char *path, uint8_t buf[VAULT_HEADER_SIZE])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	size_t got = 0;

	if (fd < 0)
		return KR_EIO;
	while (got < VAULT_HEADER_SIZE) {
		ssize_t n = read(fd, buf + got, VAULT_HEADER_SIZE - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got < VAULT_HEADER_SIZE) {
		/* A short file that starts with the magic is a damaged one. */
		if (got >= 8 && memcmp(buf, magic, 8) == 0)
			return KR_EDAMAGED;
		return KR_ENOTPASSAGE;
	}
	return KR_OK;
}

