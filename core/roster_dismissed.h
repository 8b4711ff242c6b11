/* SPDX-License-Identifier: ISC */
/*
 * roster_dismissed.h - the roster rows someone dismissed (not one of our
 * people), held in memory for one import, so that the same row in a later
 * file stays dismissed without a search through every row that ever
 * waited (the index on waiting rows holds only those still open).
 */
#ifndef PASSAGE_ROSTER_DISMISSED_H
#define PASSAGE_ROSTER_DISMISSED_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* What makes two waiting rows the same row: as roster_review stores it
 * ("" and 0 for none). */
struct roster_row_key {
	const char *jail_person_id, *booking, *last, *first, *birth;
	int64_t booked_at;
};

struct roster_dismissed {
	struct roster_dismissed_key *k; /* sorted by hash */
	size_t n;
};

/* The dismissed rows of profile.  Inside the caller's transaction.
 * 0, or -1 with s->err. */
int roster_dismissed_load(struct session *s, const char *profile, struct roster_dismissed *d);
void roster_dismissed_free(struct roster_dismissed *d);
/* The ids of the dismissed rows that may be key (the same hash), one by
 * one: *from starts at 0; 0 when there are no more.  The caller checks
 * the row itself. */
int64_t roster_dismissed_next(const struct roster_dismissed *d, const struct roster_row_key *key,
                              size_t *from);

#endif
