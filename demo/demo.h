/* SPDX-License-Identifier: ISC */
/*
 * demo.h - synthetic, realistic case records (see demo.c).  Above core:
 * it calls the model; nothing in core calls it.
 */
#ifndef PASSAGE_DEMO_H
#define PASSAGE_DEMO_H

#include <stdint.h>

#include "session.h"

struct demo_options {
	int people;
	uint64_t seed;
};

typedef void (*demo_progress_fn)(void *ctx, int done, int total);

/* Fills a database that has no people yet; admins only.  The same seed and
 * the same session clock make the same records. */
int demo_fill(struct session *s, const struct demo_options *o, demo_progress_fn progress,
              void *ctx);

#endif
