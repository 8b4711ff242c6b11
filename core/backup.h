/* SPDX-License-Identifier: ISC */
/*
 * backup.h - a copy of a live database, whole or not at all, checked
 * before it takes its name (see backup.c).
 */
#ifndef PASSAGE_BACKUP_H
#define PASSAGE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct session;

typedef void (*backup_progress_fn)(void *ctx, uint64_t done, uint64_t total);

struct backup_options {
	/* With a key: a session on the source, unlocked (a crash's
	 * unfinished change is rolled back through it), and the passphrase
	 * of its user, which must open the copy, whose every page is then
	 * authenticated; the backup is recorded in the audit log before the
	 * copy takes its name.  Both NULL: a keyless backup, which checks
	 * what it can without a key and records nothing. */
	struct session *s;
	const char *pass;
	int force;    /* replace an existing dest */
	int lock_ms;  /* how long to wait for a writer's commit; 0: 10000 */
	backup_progress_fn progress; /* called after each chunk copied */
	void *ctx;
	db_progress_fn check; /* with a key: the copy's pages authenticated */
	void *check_ctx;
};

struct backup_result {
	uint64_t bytes;       /* the copy's size */
	uint32_t pages;       /* SQLite pages in it */
	double lock_seconds;  /* how long writers were held off */
	uint32_t recopied;    /* pages that changed during the copy, copied again */
	int compared;         /* someone saved during the copy, so every byte was
	                       * compared with the source under the lock */
	double seconds;       /* the whole backup, checks included */
	int authenticated;    /* with a key: every page and the structure checked,
	                       * and the backup audited */
};

/* Copies the database src to dest: its bytes under SQLite's shared lock
 * (no writer can commit meanwhile, readers go on), into a temporary file
 * beside dest, synced, read back and compared, with a key opened and
 * verified, and only then renamed to dest and the folder synced.  0, or
 * -1 with a sentence in err; on failure nothing is left at dest (an
 * existing dest stays as it was) and src is untouched. */
int backup_write(const char *src, const char *dest, const struct backup_options *o,
                 struct backup_result *r, char *err, size_t errlen);

#endif
