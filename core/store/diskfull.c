/* SPDX-License-Identifier: ISC */
/*
 * diskfull.c - a full disk named as a full disk.
 *
 * Everything Passage writes is whole or not there (a transaction rolled
 * back, a temporary file removed), so when the disk is full the honest
 * answer is always the same: nothing was written, and the same step will
 * work once there is room.  It names the file, because the database and
 * the file asked for may sit on different disks, and only one is full.
 * It lives with the storage, the lowest layer, so that the database's
 * errors and the model's output files share the words.
 */
#include "diskfull.h"

#include <errno.h>
#include <stdio.h>

void
diskfull_text(const char *path, char *out, size_t n)
{
	if (!out || !n)
		return;
	if (path && *path)
		snprintf(out, n, "the disk holding %s is full: nothing was written; free space and "
		         "run it again", path);
	else
		snprintf(out, n, "the disk is full: nothing was written; free space and run it "
		         "again");
}

int
diskfull_errno(int e)
{
	return e == ENOSPC || e == EDQUOT;
}
