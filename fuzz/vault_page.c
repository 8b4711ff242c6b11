/* SPDX-License-Identifier: ISC */
/*
 * vault_page.c - libFuzzer target: the page codec.  The first bytes pick
 * the page number and its kind (database or journal), the rest is a
 * stored page image (zeros past the input).  Opening it must refuse it,
 * leaving no byte of a wrong decryption behind; sealing the same image as
 * a page and opening it again must give it back with the reserved bytes
 * zeroed, and only under its own number and kind.
 */
#include <assert.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vault_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vault_keys *keys;

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t any = 0;

	for (size_t i = 0; i < n; i++)
		any |= p[i];
	return any == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t in[VAULT_PAGE_SIZE], out[VAULT_PAGE_SIZE], sealed[VAULT_PAGE_SIZE];
	uint32_t pgno;
	enum vault_kind kind;
	int rc;

	if (!keys) {
		static const uint8_t dbid[VAULT_DBID_BYTES] = {1}, key[VAULT_KEY_BYTES] = {2};

		if (sodium_init() < 0 || !(keys = vault_keys_new(dbid)) ||
		    vault_keys_add(keys, 1, key) != 0)
			abort();
		vault_keys_set_write_epoch(keys, 1);
	}
	if (size < 5)
		return 0;
	pgno = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	       (uint32_t)data[3] << 24;
	kind = data[4] & 1 ? VAULT_KIND_JOURNAL : VAULT_KIND_DB;
	memset(in, 0, sizeof in);
	memcpy(in, data + 5, size - 5 < sizeof in ? size - 5 : sizeof in);

	/* Bytes no one sealed: refused, and nothing decrypted is left. */
	memset(out, 0xa5, sizeof out);
	rc = vault_page_open(keys, pgno, kind, in, out);
	assert(rc == -1 || rc == -2);
	assert(rc == -2 || all_zero(out, sizeof out));

	/* Sealed, they open again as they were, reserved bytes zeroed. */
	assert(vault_page_seal(keys, pgno, kind, in, sealed, NULL) == 0);
	assert(vault_page_open(keys, pgno, kind, sealed, out) == 0);
	assert(memcmp(out, in, VAULT_PAGE_SIZE - VAULT_RESERVE) == 0);
	assert(all_zero(out + VAULT_PAGE_SIZE - VAULT_RESERVE, VAULT_RESERVE));
	/* Not as another page, nor as the other kind. */
	assert(vault_page_open(keys, pgno + 1, kind, sealed, out) == -1);
	assert(vault_page_open(keys, pgno, kind == VAULT_KIND_DB ? VAULT_KIND_JOURNAL
	                                                         : VAULT_KIND_DB,
	                       sealed, out) == -1);
	return 0;
}
