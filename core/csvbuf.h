/* SPDX-License-Identifier: ISC */
/*
 * csvbuf.h - CSV built in memory for a file that leaves the program
 * sealed (an export): the plaintext never touches the disk, and the
 * memory it held is wiped before it goes back to the heap.
 */
#ifndef PASSAGE_CSVBUF_H
#define PASSAGE_CSVBUF_H

#include <stddef.h>

struct csvbuf {
	char *p;     /* NUL-terminated after len bytes */
	size_t len, cap;
	int failed;  /* out of memory once: every later add is ignored */
};

/* Appends n bytes of s. */
void csvbuf_add(struct csvbuf *b, const char *s, size_t n);
/* One CSV field under the rules of textout.h, quoted only when it must
 * be, then the comma after it or, for the last, the line's end (CRLF). */
void csvbuf_field(struct csvbuf *b, const char *v, int last);
/* Wipes and frees it; it is empty again after. */
void csvbuf_free(struct csvbuf *b);

#endif
