/* SPDX-License-Identifier: ISC */
/*
 * roster_seen.h - what the jail's roster says about one person, as their
 * record shows it: the jail's person id (per profile), each stay's
 * booking number, and for each release the roster recorded how precisely
 * its time is known and which import recorded it (roster_import.h), and
 * which stays it booked on a date only.
 *
 * A release typed by hand has no row here: it is as precise as typed.
 */
#ifndef PASSAGE_ROSTER_SEEN_H
#define PASSAGE_ROSTER_SEEN_H

#include <stdint.h>

#include "session.h"
#include "zone.h"

enum roster_seen_kind {
	ROSTER_SEEN_PERSON = 0, /* the jail's id for the person */
	ROSTER_SEEN_BOOKING,    /* a stay's booking number */
	ROSTER_SEEN_RELEASE,    /* a stay's release the roster recorded */
	ROSTER_SEEN_BOOKED      /* a stay the roster booked on a date only */
};

struct roster_seen {
	enum roster_seen_kind kind;
	int64_t stay_id;      /* booking, release: the stay; person: 0 */
	char profile[801];    /* the profile that read it */
	char value[253];      /* person: jail id; booking: booking number;
	                       * release: precision (time date inferred);
	                       * booked: "date" */
	int64_t import_at;    /* release, booked: when the import that
	                       * recorded it ran */
	int64_t import_by;    /* release, booked: who ran it */
	char zone[ZONE_NAME_MAX]; /* release, booked: the jail's clock it was
	                           * read in, "" for an import that did not
	                           * keep it */
};

/* The person's roster facts (free(*rows)): the jail's person ids first,
 * then booking numbers and releases, the latest stay first.  Needs view
 * access; audited as a view, or part of the person_view it runs in. */
int roster_seen_list(struct session *s, int64_t person_id, struct roster_seen **rows, int *n);

/* What follows a release time the roster gave no clock time for:
 * ", date only" (precision "date") or ", last seen" ("inferred"); "" for
 * "time" and for NULL, a release typed by hand. */
const char *roster_seen_mark(const char *precision);

/* A release (or booking) time as the record shows it: a date only
 * (precision "date") by its date in the jail's zone, the day the roster
 * gave, whatever the site's zone; anything else as site_zone's
 * "YYYY-MM-DD HH:MM".  rel is the release's (ROSTER_SEEN_RELEASE) or
 * booking's (ROSTER_SEEN_BOOKED) roster row, NULL for one typed by hand
 * or, for a booking, one the roster gave a time. */
void roster_seen_when(const struct roster_seen *rel, const char *site_zone, int64_t t,
                      char *out, size_t n);

/* The row of kind for stay_id in rows[0..n), or NULL. */
const struct roster_seen *roster_seen_find(const struct roster_seen *rows, int n,
                                           enum roster_seen_kind kind, int64_t stay_id);

#endif
