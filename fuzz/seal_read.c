/* SPDX-License-Identifier: ISC */
/*
 * seal_read.c - libFuzzer target: the reader of sealed exports
 * (`passage export --decrypt`), in recipient mode with a fixed key pair
 * (passphrase mode spends an Argon2id a try).  An even first byte: the
 * rest is a sealed file as it came, which the reader must refuse or read,
 * never crash on.  An odd one: the rest is plaintext, sealed and read
 * back whole; then one byte of the sealed file, chosen by the input, is
 * changed, and the reader must refuse it.
 */
#include <assert.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct seal_key key;

/* Reads the sealed bytes; 0 with the plaintext in *plain (malloc'd). */
static int
unseal(const uint8_t *sealed, size_t n, char **plain, size_t *plen)
{
	char err[300];
	FILE *in = fmemopen((void *)sealed, n, "rb"), *out;
	int rc;

	*plain = NULL;
	*plen = 0;
	if (!in)
		abort();
	if (!(out = open_memstream(plain, plen)))
		abort();
	rc = seal_read(in, &key, out, err, sizeof err);
	fclose(in);
	fclose(out);
	assert(rc == 0 || err[0]);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[300], *plain, *sealed = NULL;
	size_t plen, slen = 0;
	FILE *out;

	if (key.mode == 0) {
		static const uint8_t seed[crypto_box_SEEDBYTES] = {7};

		if (sodium_init() < 0)
			abort();
		key.mode = SEAL_RECIPIENT;
		crypto_box_seed_keypair(key.pk, key.sk, seed);
	}
	if (size < 1)
		return 0;
	if (!(data[0] & 1)) {
		unseal(data + 1, size - 1, &plain, &plen);
		free(plain);
		return 0;
	}
	if (!(out = open_memstream(&sealed, &slen)))
		abort();
	assert(seal_write(out, &key, data + 1, size - 1, err, sizeof err) == 0);
	fclose(out);
	assert(unseal((uint8_t *)sealed, slen, &plain, &plen) == 0);
	assert(plen == size - 1 && memcmp(plain, data + 1, plen) == 0);
	free(plain);
	if (size >= 3 && slen) {
		size_t at = ((size_t)data[1] << 8 | data[2]) * 7919 % slen;

		sealed[at] ^= (char)(data[size - 1] | 1);
		assert(unseal((uint8_t *)sealed, slen, &plain, &plen) != 0);
		free(plain);
	}
	free(sealed);
	return 0;
}
