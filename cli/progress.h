/* SPDX-License-Identifier: ISC */
/*
 * progress.h - pages done of pages on stderr while a command walks every
 * page of a database (verify, a user's removal, a new key, the check of a
 * backup), when stderr is a terminal; nothing otherwise, so a job's log
 * or a pipe gets only the answer.
 */
#ifndef PASSAGE_CLI_PROGRESS_H
#define PASSAGE_CLI_PROGRESS_H

#include <stdint.h>

#include "db.h"

struct progress {
	int walk;    /* the walk on the line now, or -1 */
	int percent; /* last drawn */
};

/* Sets p up and, if stderr is a terminal, draws d's walks (d may be
 * NULL).  Returns 1 on a terminal, 0 otherwise. */
int progress_attach(struct progress *p, db *d);
/* The db_progress_fn behind it (ctx: p), for a database opened elsewhere:
 * the copy a backup checks. */
void progress_draw(void *ctx, enum db_walk walk, uint64_t done, uint64_t total);

#endif
