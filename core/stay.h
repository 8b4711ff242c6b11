/* SPDX-License-Identifier: ISC */
/*
 * stay.h - custody episodes: booking, the expected release and its
 * history, the release itself, and corrections to it.
 *
 * Release dates move and most people leave without one (pretrial, court,
 * bail), so nothing waits for the expected date: the clocks start when a
 * release is *recorded*, at the time it happened (task.h).  A booking of a
 * person whose earlier release still has clocks running cancels them:
 * they are back in custody, and the new release will start new ones.
 *
 * No silent overwrite: a change names the version of the stay it was read
 * at, and is refused with who changed it, and when, if anyone saved it in
 * between.  Recording the release takes no version: it only ever fills an
 * empty field, and a second recording is refused as such.
 */
#ifndef PASSAGE_STAY_H
#define PASSAGE_STAY_H

#include <stdint.h>

#include "session.h"
#include "zone.h"

struct stay_booking {
	int64_t person_id;
	int64_t facility_id;
	const char *booking_number;  /* optional, up to 40 characters */
	int64_t booked_at;
	int64_t expected_release_at; /* 0: not known */
	const char *expected_source; /* sentence court_date bail transfer other; optional */
};

struct stay {
	int64_t id, person_id, facility_id;
	char booking_number[164];
	int64_t booked_at;
	int64_t expected_release_at; /* 0: not known */
	char expected_source[16];
	int64_t released_at;         /* 0: still in custody */
	char release_type[16];
	int planned;                 /* -1 until released */
	int64_t updated_at, updated_by, version;
};

/* A new stay, version 1.  Refused while the person has a stay with no
 * release recorded, or if it would begin before an earlier release.
 * Health staff book anyone (the booking is what brings a person into
 * their view); other roles need write access to the person.  A person
 * whose case is closed is back in custody: the booking opens the case
 * again.  One transaction, audited; *stay_id may be NULL. */
int stay_book(struct session *s, const struct stay_booking *b, int64_t *stay_id);

/* The person's stays, the latest booked first (free(*rows)).  Needs view
 * access; audited as a view. */
int stay_list(struct session *s, int64_t person_id, struct stay **rows, int *n);

/* Reads a stay.  Needs view access to its person. */
int stay_get(struct session *s, int64_t stay_id, struct stay *out);

/* A new expected release (0: not known any more) and where the date comes
 * from; the old and new values go to stay_expected_change with who and
 * when.  Refused once the release is recorded. */
int stay_set_expected(struct session *s, int64_t stay_id, int64_t version, int64_t expected_at,
                      const char *source);
/* The same, with why it changed in the changer's words (optional, up to
 * 400 characters), kept with the change.  A date before the booking, a
 * stay already released or a version read before someone else's save is
 * refused with one sentence, and nothing is saved. */
int stay_change_expected(struct session *s, int64_t stay_id, int64_t version, int64_t expected_at,
                         const char *source, const char *why);

/* A new expected release read from the jail's roster: the history keeps
 * it with the source "roster"; the stay keeps the kind of date it had
 * (the roster tells a date, not what kind).  date_import: the import
 * that gave it as a date only, the start of that day in its zone, or 0
 * for a time.  Nothing when it is the same date.  Refused as
 * stay_change_expected refuses. */
int stay_expected_from_roster(struct session *s, int64_t stay_id, int64_t expected_at,
                              int64_t date_import);

/* One change of an expected release, the booking's first date included. */
struct stay_change {
	int64_t id, stay_id;
	int64_t old_at, new_at;      /* 0: not known */
	char source[16];             /* "" when not given */
	int64_t changed_at, changed_by;
	char why[1604];              /* "" when not given */
	/* The jail's zone when the roster gave new_at (old_at: the change
	 * before) as a date only, the start of that day there; else "". */
	char zone[ZONE_NAME_MAX], old_zone[ZONE_NAME_MAX];
};

/* An expected release at midnight, local time in zone, is a date with no
 * time (a date typed alone, or a jail's roster giving a date only): due
 * that whole day, never hours past it.  1 with *end the start of the
 * next day, or 0 for an expected release with a time of day. */
int stay_expected_day(const char *zone, int64_t at, int64_t *end);

/* An expected release as shown: a date the roster gave (jail_zone not
 * "") by its date in the jail's zone, which the site's clock would show
 * as a time the jail never gave; a date typed alone by its date; else
 * site_zone's "YYYY-MM-DD HH:MM".  Returns stay_expected_day's answer
 * in the zone the date is in. */
int stay_expected_when(const char *site_zone, const char *jail_zone, int64_t at, char *out,
                       size_t n, int64_t *end);

/* The jail's zone of st's expected release when the roster gave it as a
 * date only, from its newest change in ch[0..n) (stay_expected_history's
 * order), else "". */
const char *stay_expected_zone(const struct stay_change *ch, int n, const struct stay *st);

/* Every change of the expected release of each of the person's stays,
 * newest first (free(*rows)).  Needs view access; audited as a view. */
int stay_expected_history(struct session *s, int64_t person_id, struct stay_change **rows,
                          int *n);

/* Records the release (type: scheduled court bail_bond transfer hospital
 * other; planned 0 or 1) and starts the clocks, except for a transfer to
 * another agency (no release to the community: no clock).  Refused when the time is
 * before the booking or in the future, or a release is already recorded. */
int stay_record_release(struct session *s, int64_t stay_id, int64_t released_at,
                        const char *release_type, int planned);

/* Corrects a recorded release time: the stay's open clock tasks move with
 * it; tasks already done, declined or cancelled stay as they were.  A
 * release the roster gave by date only, or inferred, is then typed by
 * hand: its mark goes. */
int stay_correct_release(struct session *s, int64_t stay_id, int64_t version,
                         int64_t new_released_at);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const stay_sources; /* expected_source */
extern const char *const *const stay_release_types; /* release_type */

#endif
