/* SPDX-License-Identifier: ISC */
/*
 * keyring_header.c - libFuzzer target: any bytes as the container header
 * (the two copies of the keyring at the front of the file).
 *
 * Each copy ends in an unkeyed checksum, which random bytes never match;
 * an attacker recomputes it, and so does this target, so that the fields
 * behind it are what gets fuzzed.  The parser must accept or refuse them,
 * never read out of bounds, and a header it accepts must come back the
 * same after it is written out and read again.
 */
#include <assert.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "keyring_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
checksum(uint8_t *copy)
{
	crypto_generichash(copy + KR_SUM_OFF, 32, copy, KR_SUM_OFF, NULL, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[VAULT_HEADER_SIZE], again[VAULT_HEADER_SIZE];
	static const uint8_t key[32];
	static struct kr_header h, h2;

	if (sodium_init() < 0)
		abort();
	memset(buf, 0, sizeof buf);
	memcpy(buf, data, size < sizeof buf ? size : sizeof buf);
	checksum(buf);
	if (size > KR_COPY_SIZE)
		checksum(buf + KR_COPY_SIZE);
	if (keyring_parse(buf, &h) != KR_OK)
		return 0;
	assert(h.which == 0 || h.which == 1);
	assert(h.epoch != 0 && h.epoch != h.prev_epoch);
	/* Written out (both copies) and read again: the same header.  An
	 * empty slot is written as zeros, whatever it held. */
	for (int i = 0; i < KR_MAX_SLOTS; i++)
		if (h.slot[i].kind == KR_SLOT_EMPTY)
			memset(&h.slot[i], 0, sizeof h.slot[i]);
	memset(again, 0, sizeof again);
	assert(kr_serialize_with(key, &h, again) == KR_OK);
	memcpy(again + KR_COPY_SIZE, again, KR_COPY_SIZE);
	assert(keyring_parse(again, &h2) == KR_OK);
	/* Both copies were written whole; which copy was read, and whether
	 * the other was damaged, belong to the input, not to the header. */
	assert(!h2.other_damaged);
	h2.which = h.which;
	h2.other_damaged = h.other_damaged;
	assert(memcmp(&h, &h2, sizeof h) == 0);
	return 0;
}
