/* SPDX-License-Identifier: ISC */
/*
 * text.c - libFuzzer target: text from a record on its way out, to the
 * screen (tui/text.c) and to a CSV cell or a JSON string (core/textout.c).
 * Whatever the bytes, what reaches a terminal is valid UTF-8 with no
 * control character, fits the columns it was given, and wrapping always
 * moves on; a CSV cell and a JSON string hold no control character and
 * no byte that is not UTF-8.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "textout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 with nothing a terminal would take as a control; tab and
 * line break allowed where ok_ws. */
static void
clean(const char *s, size_t n, int ok_ws)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_decode(s + i, &cp);

		assert(len > 0);
		assert(cp >= 0x20 || (ok_ws && (cp == '\t' || cp == '\n' || cp == '\r')));
		assert(cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f));
		i += len;
	}
}

struct buf {
	char b[1 << 16];
	size_t n;
};

static void
put(void *arg, const char *s, size_t n)
{
	struct buf *b = arg;

	assert(b->n + n < sizeof b->b);
	memcpy(b->b + b->n, s, n);
	b->n += n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[4 * 200 + 1], safe[8192];
	static struct buf b;
	struct textout o = {put, &b};
	const char *s, *next;
	char *in;
	int cols;

	if (size < 1 || size > 1000)
		return 0;
	cols = 1 + data[0] % 120;
	if (!(in = malloc(size)))
		return 0;
	memcpy(in, data + 1, size - 1);
	in[size - 1] = 0;

	if (text_safe(in, safe, sizeof safe) < sizeof safe)
		clean(safe, strlen(safe), 0);
	text_ascii(in, safe, sizeof safe);
	for (const char *p = safe; *p; p++)
		assert((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
	for (unsigned flags = 0; flags <= (TEXT_ASCII | TEXT_MARK); flags++) {
		text_fit(in, cols, flags, out, sizeof out);
		clean(out, strlen(out), 0);
		assert(text_width(out) == cols);
	}
	for (s = in; *s; s = next) {
		size_t len = text_wrap(s, cols, 0, &next);

		assert(next > s && len <= (size_t)(next - s));
	}

	b.n = 0;
	textout_csv(&o, in, data[0] & 1 ? TEXTOUT_QUOTED : 0);
	b.b[b.n] = 0;
	assert(strlen(b.b) == b.n);
	clean(b.b, b.n, 1);
	b.n = 0;
	textout_json(&o, in);
	b.b[b.n] = 0;
	clean(b.b, b.n, 0);
	free(in);
	return 0;
}
