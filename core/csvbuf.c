/* SPDX-License-Identifier: ISC */
/*
 * csvbuf.c - a growing buffer of CSV that holds case records.
 *
 * It grows by a new block and a copy, never realloc: realloc would hand
 * the old block back to the heap with the records still in it, so the
 * old block is wiped first.
 */
#include "csvbuf.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"

void
csvbuf_add(struct csvbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if (!(p = malloc(cap))) {
			b->failed = 1;
			return;
		}
		if (b->p) {
			memcpy(p, b->p, b->len);
			sodium_memzero(b->p, b->cap);
			free(b->p);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void
csvbuf_free(struct csvbuf *b)
{
	if (b->p)
		sodium_memzero(b->p, b->cap);
	free(b->p);
	memset(b, 0, sizeof *b);
}

static void
put(void *arg, const char *s, size_t n)
{
	csvbuf_add(arg, s, n);
}

void
csvbuf_field(struct csvbuf *b, const char *v, int last)
{
	const struct textout o = {put, b};

	textout_csv(&o, v, 0);
	csvbuf_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}
