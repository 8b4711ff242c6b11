/* SPDX-License-Identifier: ISC */
/*
 * referral.h - referrals to treatment and services, and what came of them.
 *
 * A referral goes through
 *
 *   referred ──> scheduled ──> attended
 *      │            │  ↺ (rescheduled)
 *      │            ├────────> no_show ──> scheduled (booked again)
 *      │            │
 *      └────────────┴──> declined / cancelled / lost
 *
 * and a walk-in may go from referred straight to attended.  Attended and
 * no-show are recorded only at or after the appointment's time: before
 * it, nobody knows yet.  "Scheduled"
 * always has an appointment time.  "Declined" is the person's choice, a
 * complete outcome, with a reason only if they give one.  Attended,
 * declined, cancelled and lost are final: a new need is a new referral.
 * Any other move (back to referred, a no-show with no appointment, out of
 * a final state) is refused with a sentence saying why.
 *
 * A referral may name the provider (active in the directory), whether it
 * was a warm handoff, and the consent that covers sharing with them: that
 * consent must be the same person's, not revoked, and in force on the
 * day of the referral (consent.h).
 *
 * No silent overwrite: every change names the version it was read at and
 * is refused with who changed the referral, and when, if anyone did since.
 */
#ifndef PASSAGE_REFERRAL_H
#define PASSAGE_REFERRAL_H

#include <stdint.h>

#include "check.h"
#include "session.h"

/* Text fields are NULL (or "") when not given; a row read by
 * referral_list points into store. */
struct referral {
	int64_t id;
	int64_t person_id;
	int64_t stay_id;            /* the release it prepares; 0: none */
	const char *type;           /* moud_methadone moud_buprenorphine moud_naltrexone
	                               syringe_services housing primary_care mental_health
	                               peer_recovery hcv_hiv_testing medicaid id_documents food
	                               other: required */
	int64_t provider_id;        /* 0: none named yet */
	int64_t referred_at;        /* 0 on create: now */
	int64_t appointment_at;     /* 0: none */
	enum yn warm_handoff;
	const char *status;         /* see above; on create NULL, referred, scheduled or declined */
	const char *decline_reason; /* only when declined; never required */
	int64_t consent_id;         /* 0: none */
	int64_t outcome_at;         /* when a final state or a no-show was recorded */
	int64_t created_by, updated_at, updated_by; /* set by Passage */
	/* The latest correction (referral_correct), read only: the outcome
	 * it replaced, when and by whom; NULL and 0 when never corrected. */
	const char *corrected_from;
	int64_t corrected_at, corrected_by;
	int64_t version;
	char *store;
};

/* A new referral, version 1.  Its status is r->status, or when that is
 * NULL, scheduled with an appointment time and referred without.  Sets
 * r->id, r->status, r->referred_at (when 0), the users, the times and
 * r->version.  Needs write access to the person (admins never). */
int referral_create(struct session *s, struct referral *r);

/* Saves the details of r (type, provider, stay, warm handoff, consent) if
 * the referral is still at r->version.  Its status and appointment change
 * only through referral_set_status: an r that differs in them is refused. */
int referral_update(struct session *s, const struct referral *r);

/* Moves referral id, read at version, to status.  Scheduling takes the
 * appointment time (not before the referral), and only scheduling does;
 * only declining takes a reason, which is optional. */
int referral_set_status(struct session *s, int64_t id, int64_t version, const char *status,
                        int64_t appointment_at, const char *reason);

/* Corrects the outcome of referral id, read at version: a referral that
 * is attended, no-show, declined, cancelled or lost becomes another of
 * those (a no-show that was really an attendance).  The outcome it
 * replaces is kept, with when and by whom it was recorded, and who
 * corrected it; it is never changed or removed.  Attended and no-show
 * are refused before the appointment's time, a no-show with no
 * appointment at all; only declining takes a reason.  One transaction. */
int referral_correct(struct session *s, int64_t id, int64_t version, const char *status,
                     const char *reason);
/* 1 when r has an outcome referral_correct may correct, else 0. */
int referral_has_outcome(const struct referral *r);

/* The person's referrals, oldest first (free with referral_list_free).
 * Needs view access; audited. */
int referral_list(struct session *s, int64_t person_id, struct referral **rows, int *n);
void referral_list_free(struct referral *rows, int n);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const referral_types; /* type */
extern const char *const *const referral_statuses; /* status */

#endif
