/* SPDX-License-Identifier: ISC */
/*
 * education.h - overdose education before release.
 *
 * What keeps people alive in the first weeks out: knowing that tolerance
 * drops in custody, never using alone, how to use naloxone, fentanyl and
 * test strips, the danger of mixing with benzodiazepines or alcohol, and
 * the Good Samaritan law.  A session records its setting, the topics
 * covered and whether the person could explain it back (teach-back).
 *
 * The person may decline: a complete answer, recorded as such, with a
 * reason only if they want to give one.  A declined session covers no
 * topics and has no teach-back; its setting is optional.
 *
 * Tied to a stay, a session counts toward that release's readiness (the
 * queues look for an education row with the stay's id), so it must come
 * before the release when the release is already recorded.
 */
#ifndef PASSAGE_EDUCATION_H
#define PASSAGE_EDUCATION_H

#include <stdint.h>

#include "check.h"
#include "session.h"

/* The topics, as the bit set of education.topics in the schema. */
enum education_topic {
	EDU_TOLERANCE = 1,       /* tolerance loss in custody */
	EDU_NEVER_ALONE = 2,     /* never use alone */
	EDU_NALOXONE = 4,        /* how to use naloxone */
	EDU_FENTANYL = 8,        /* fentanyl and test strips */
	EDU_MIXING = 16,         /* mixing with benzodiazepines or alcohol */
	EDU_GOOD_SAMARITAN = 32, /* the Good Samaritan law */
	EDU_ALL = 63
};

/* The topic's name for screens and reports ("tolerance loss", ...), or
 * NULL for anything that is not one topic. */
const char *education_topic_name(unsigned topic);

/* Text fields are NULL (or "") when not given; a row read by a list
 * points into store. */
struct education {
	int64_t id;
	int64_t person_id;
	int64_t stay_id;            /* 0: not tied to a custody stay */
	int64_t at;                 /* 0 on record: now */
	int64_t by_user;            /* set by Passage */
	const char *setting;        /* individual group video: required unless declined */
	unsigned topics;            /* EDU_* bits: at least one unless declined */
	enum yn teach_back;         /* passed: yes; did not: no; not tried: not asked */
	int declined;               /* 1: the person declined the session */
	const char *decline_reason; /* only when declined; never required */
	int64_t updated_at;         /* set by Passage: the last save, and who made it */
	int64_t updated_by;
	int64_t version;
	char *store;
};

/* A new session, version 1: sets e->id, e->at (when 0), e->by_user,
 * e->updated_at, e->updated_by and e->version.  Needs write access to the
 * person (admins never). */
int education_record(struct session *s, struct education *e);

/* The person's sessions, or a stay's, oldest first, into a new array
 * (free it with education_list_free).  Needs view access; audited. */
int education_list_for_person(struct session *s, int64_t person_id, struct education **rows,
                              int *n);
int education_list_for_stay(struct session *s, int64_t stay_id, struct education **rows, int *n);
void education_list_free(struct education *rows, int n);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const education_settings; /* setting */

#endif
