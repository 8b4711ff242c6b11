/* SPDX-License-Identifier: ISC */
/*
 * naloxone.h - naloxone at release, and what became of it.
 *
 * At release a kit is offered, given, placed in the person's property, or
 * declined.  "Declined" is the person's choice, a complete outcome; a
 * reason is kept only if they give one.  A kit that leaves with the person
 * (given, placed in property) names its formulation, how many, and how it
 * was handed over; the lot, the expiry and whether it is a first kit or a
 * refill are optional.  A new kit whose expiry date has passed is refused:
 * it is the one thing that must work.
 *
 * Recording naloxone for a stay takes that release off "released without
 * checkout": the queue looks for any naloxone row with the stay's id,
 * whatever its outcome, so declining counts as checked out.
 *
 * Later reports are events: used (on themselves or someone else, how many
 * doses, whether the person survived, whether 911 was called), lost,
 * confiscated, refilled.  Reversals and refills feed the reports.
 */
#ifndef PASSAGE_NALOXONE_H
#define PASSAGE_NALOXONE_H

#include <stdint.h>

#include "check.h"
#include "session.h"

/* Text fields are NULL (or "") when not given; a row read by a list
 * points into store. */
struct naloxone {
	int64_t id;
	int64_t person_id;
	int64_t stay_id;            /* the release it is for; 0: none */
	int64_t at;                 /* 0 on record: now */
	int64_t by_user;            /* set by Passage */
	const char *outcome;        /* offered given placed_in_property declined: required */
	const char *decline_reason; /* only when declined; never required */
	const char *formulation;    /* nasal_4mg nasal_8mg nasal_3mg im_0_4mg_ml nalmefene */
	int quantity;               /* 1 to 50; 0: not given */
	const char *lot;            /* up to 40 characters */
	const char *expiry;         /* YYYY-MM-DD, or YYYY-MM kept as the month's last day; not past */
	const char *handover;       /* in_hand property_bag mailed vending community_pickup */
	const char *kit;            /* first refill */
	int64_t updated_at;         /* set by Passage: the last save, and who made it */
	int64_t updated_by;
	int64_t version;
	char *store;
};

struct naloxone_event {
	int64_t id;
	int64_t person_id;
	int64_t naloxone_id;        /* the kit it is about; 0: not known */
	int64_t at;                 /* when it happened; 0 on record: now */
	int64_t by_user;            /* set by Passage */
	const char *kind;           /* used lost confiscated refilled: required */
	const char *used_on;        /* self other: used only */
	int doses;                  /* 1 to 20, used only; 0: not known */
	enum yn survived;           /* used only */
	enum yn called_911;         /* used only */
	const char *note;           /* up to 1000 characters, may span lines */
	char *store;
};

/* Records naloxone at release (version 1): sets n->id, n->at (when 0),
 * n->by_user, n->updated_at, n->updated_by and n->version.  The kit's
 * details go only with a kit given or placed in property; placed in
 * property is handed over in the property bag, and a kit given is not.
 * Needs write access to the person (admins never).  One transaction,
 * audited by field names. */
int naloxone_record(struct session *s, struct naloxone *n);

/* Records a later report: sets e->id, e->at (when 0) and e->by_user.
 * The kit, if named, must be the person's. */
int naloxone_event_record(struct session *s, struct naloxone_event *e);

/* The person's naloxone records and reports, oldest first, into new
 * arrays (free with the matching _free).  Need view access; audited. */
int naloxone_list(struct session *s, int64_t person_id, struct naloxone **rows, int *n);
void naloxone_list_free(struct naloxone *rows, int n);
int naloxone_event_list(struct session *s, int64_t person_id, struct naloxone_event **rows,
                        int *n);
void naloxone_event_list_free(struct naloxone_event *rows, int n);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const naloxone_outcomes; /* outcome */
extern const char *const *const naloxone_formulations; /* formulation */
extern const char *const *const naloxone_handovers; /* handover */
extern const char *const *const naloxone_kits; /* kit */
extern const char *const *const naloxone_event_kinds; /* a report's kind */
extern const char *const *const naloxone_used_on; /* a report's used_on */

#endif
