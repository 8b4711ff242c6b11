/* SPDX-License-Identifier: ISC */
/*
 * roster_import.h - the jail's roster (roster_file.h) recorded in the
 * database: each booking linked to one of our people, then its booking,
 * release, transfer and expected release recorded through the same model
 * calls a person uses (stay.h), every rule and audit row of theirs held.
 *
 * Linking: a booking number or a jail person id seen before goes to the
 * same person and stay (the crosswalk kept in the file).  Otherwise the
 * people with the same last and first name are the candidates; one of
 * them is linked only when they are the only one and their birth date is
 * the file's, whole.  Anything less (a birth year only, two candidates,
 * none) waits in "needs a look" for a person to decide: nobody is linked
 * on weak evidence, and nobody is added by an import.
 *
 * One import is one write transaction: all of it or none.  The same file
 * (by its SHA-256) a second time changes nothing; and a file whose rows
 * were all recorded before changes nothing either.  A dry run does all of
 * it, then rolls it back: its summary is what the import would do.
 */
#ifndef PASSAGE_ROSTER_IMPORT_H
#define PASSAGE_ROSTER_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "roster_file.h"
#include "session.h"

#define ROSTER_SKIPS_MAX 64 /* skipped rows listed; more are counted */

struct roster_skip {
	int line;
	char why[224];
};

/* What an import did (or, in a dry run, would do). */
struct roster_summary {
	int64_t import_id;    /* 0 in a dry run, and for a file imported before */
	int64_t already;      /* the import that read this same file, or 0 */
	size_t rows, bookings;
	size_t new_bookings, releases, date_only, inferred, transfers, expected_changes;
	size_t links, waiting, skipped;
	size_t undated;       /* of the releases and transfers: no time given,
	                       * recorded when last seen in custody */
	size_t missing;       /* a snapshot's missing bookings */
	int not_inferred;     /* 1: rows were skipped, so the snapshot's missing
	                       * bookings were left as they were */
	struct roster_skip skip[ROSTER_SKIPS_MAX];
	size_t nskip;         /* listed in skip (skipped may be more) */
};

enum {
	ROSTER_DRY_RUN = 1 << 0,
	/* A full snapshot that leaves out more than half of the bookings the
	 * jail's earlier files showed in custody (and at least
	 * ROSTER_MISSING_MIN), or that is empty while they showed more than
	 * one, looks cut short and is
	 * refused; with this flag their releases are recorded all the same. */
	ROSTER_ACCEPT_MISSING = 1 << 1,
};
#define ROSTER_MISSING_MIN 10

/* Records r, read through profile p (named profile_name in the import's
 * row), into the database.
 * Supervisors only for now.  The bookings are made at the site's one
 * active facility.  0 with *out filled, or -1 with the reason in s->err
 * and nothing changed. */
int roster_import(struct session *s, const struct roster_profile *p, const char *profile_name,
                  const struct roster_result *r, int flags, struct roster_summary *out);

/* One booking of the roster, that waited for a look, recorded for the
 * person someone linked it to (or added from it), as an import would
 * record a strong match: its stay (stay_id, or found or booked as the
 * import does), the crosswalk of the jail's ids, the expected date, the
 * release with its precision, all as of import_id, the last import that
 * saw it.  Inside the caller's write transaction (roster_review.c).  -1
 * with s->err when the booking cannot be recorded whole for this person:
 * what an import would skip (a release in the future, another stay still
 * open) refuses it, and the caller's transaction then changes nothing. */
int roster_record_linked(struct session *s, const char *profile_name, int64_t import_id,
                         const struct roster_rec *rec, int64_t person_id, int64_t stay_id,
                         struct roster_summary *out);

#endif
