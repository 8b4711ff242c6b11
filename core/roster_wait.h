/* SPDX-License-Identifier: ISC */
/*
 * roster_wait.h - a roster row no one could be linked to on strong
 * evidence, waiting for a person to look (roster_import.h): recorded
 * once, the same row of a later file adding only what it says now.
 * Inside the import's write transaction.
 */
#ifndef PASSAGE_ROSTER_WAIT_H
#define PASSAGE_ROSTER_WAIT_H

#include <stdint.h>

#include "roster_dismissed.h"
#include "roster_file.h"
#include "roster_match.h"
#include "session.h"

/* The import the rows wait from. */
struct roster_wait {
	const char *profile;
	int64_t import_id;
	int64_t names; /* person_names.changes as it runs (schema/0023) */
	const struct roster_dismissed *dismissed; /* the profile's, held in memory */
};

/* *id the open row rec waits in already, the same words and birth date
 * from an earlier file (0: none; the index holds open rows); *scored 1
 * when the import that saw it last ran with the names as they are now:
 * who it may be is then what that import found, and need not be sought
 * again.  0, or -1 with s->err. */
int roster_wait_find(struct session *s, const struct roster_wait *w,
                     const struct roster_rec *rec, int64_t *id, int *scored);

/* rec waits for a look with m's candidates (m NULL: the row waits already
 * in id, scored, and keeps its own); id: roster_wait_find's.  *waits 0
 * when someone dismissed the row before.  0, or -1 with s->err. */
int roster_wait(struct session *s, const struct roster_wait *w, const struct roster_rec *rec,
                const struct roster_match *m, int64_t id, int *waits);

#endif
