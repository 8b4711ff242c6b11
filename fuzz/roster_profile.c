/* SPDX-License-Identifier: ISC */
/*
 * roster_profile.c - libFuzzer target: any bytes as a roster profile.
 * The reader must refuse or accept them, never read out of bounds; an
 * accepted profile must hold only what its limits allow.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roster_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster_profile p;
	char err[256];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (roster_profile_parse(text, &p, err, sizeof err) == 0) {
		assert(p.n_date_format >= 1 && p.n_date_format <= ROSTER_FORMATS_MAX);
		assert(p.time_zone[0]);
	} else {
		assert(err[0]);
	}
	free(text);
	return 0;
}
