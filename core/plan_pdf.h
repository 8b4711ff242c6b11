/* SPDX-License-Identifier: ISC */
/*
 * plan_pdf.h - the release plan laid out on one page of PDF, with cairo
 * and pango: every name and script shaped and wrapped properly.
 */
#ifndef PASSAGE_PLAN_PDF_H
#define PASSAGE_PLAN_PDF_H

#include <stddef.h>
#include <stdio.h>

#include "plan.h"

/* The plan as one page of PDF onto f.  The type shrinks until it fits
 * the page.  0, or -1 with a sentence in err. */
int plan_pdf_stream(const struct plan *p, FILE *f, char *err, size_t errlen);
/* The same into the file path, whole or not at all (outfile.h): a
 * temporary file beside it, synced, then renamed. */
int plan_pdf_write(const struct plan *p, const char *path, char *err, size_t errlen);

/* The same into memory, for the printer: *pdf (len bytes) is freed with
 * plan_pdf_memory_free, which wipes it first; no copy of it is left
 * anywhere else in memory. */
int plan_pdf_memory(const struct plan *p, unsigned char **pdf, size_t *len, char *err,
                    size_t errlen);
void plan_pdf_memory_free(unsigned char *pdf, size_t len);

/* Gives back what pango, cairo and fontconfig keep for the life of the
 * process (fonts found, shaped glyphs), once no plan is being made: a
 * command calls it before it ends, so the leak checker of a sanitizer
 * build sees only leaks of our own. */
void plan_pdf_release(void);

#endif
