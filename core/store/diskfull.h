/* SPDX-License-Identifier: ISC */
/*
 * diskfull.h - the one sentence for a full disk, wherever it meets a save
 * or a file being written (a change, a report, an export, a plan, a
 * backup): which disk, that nothing was written, what to do.
 */
#ifndef PASSAGE_DISKFULL_H
#define PASSAGE_DISKFULL_H

#include <stddef.h>

/* "the disk holding PATH is full: nothing was written; free space and run
 * it again" into out (n bytes); path may be NULL when no file is known. */
void diskfull_text(const char *path, char *out, size_t n);
/* 1 for the errno values that mean no room is left (ENOSPC, EDQUOT). */
int diskfull_errno(int e);

#endif
