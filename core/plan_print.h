/* SPDX-License-Identifier: ISC */
/*
 * plan_print.h - the release plan sent straight to the site's printer,
 * through libcups: no shell, no lp, no file on the disk.
 *
 * The printer is the setting plan.printer: a CUPS queue name (reached
 * through the CUPS server this machine uses) or an ipp:// or ipps:// URI
 * of a printer itself.  The job carries no name of the person: it is
 * called "release plan".
 */
#ifndef PASSAGE_PLAN_PRINT_H
#define PASSAGE_PLAN_PRINT_H

#include <stddef.h>

#include "plan.h"

#define PLAN_PRINTER_MAX 400 /* bytes of the setting */

/* 0 if name can name a printer: a queue name (printable characters, no
 * space, "/", "#" or "\", up to 127 bytes) or an ipp:// or ipps:// URI
 * with a host; else -1. */
int plan_printer_check(const char *name);

/* Asks printer whether it is there and taking jobs, then sends p to it
 * as one PDF job.  0, or -1 with a sentence in err: no such printer, a
 * printer that is stopped or refusing jobs, one that cannot be reached,
 * or a job it refused.  Nothing about the person is in the sentence. */
int plan_print(const struct plan *p, const char *printer, char *err, size_t errlen);

#endif
