/* SPDX-License-Identifier: ISC */
/*
 * consent.h - 42 CFR Part 2 consents, and the disclosures made under them.
 *
 * Records of treatment for substance use may be shared only as the person
 * consents in writing: with whom (recipient), what (scope), for what
 * (purpose), until when (an expiry date, an expiry event, or both).  The
 * person may revoke a consent at any time, in writing; Passage records
 * when the revocation was received and an optional note, and a revoked
 * consent stays revoked (there is no un-revoke: a new consent is signed).
 *
 * Every disclosure is recorded against the consent that allows it, which
 * must be in force at the time and name the same recipient: that is the
 * accounting of disclosures a person may ask for (disclosure_list).
 *
 * In force at a time t means: signed at or before t, not revoked at or
 * before t, not ended by its event at or before t, and t's date (in the
 * site's zone) not after expires_on, the last day it covers.  An expiry
 * event is words Passage cannot watch: whoever relies on such a consent
 * checks the event has not happened, and once staff learn it has, they
 * record when (consent_end_by_event).  Like a revocation, that stands.
 */
#ifndef PASSAGE_CONSENT_H
#define PASSAGE_CONSENT_H

#include <stdint.h>

#include "session.h"

/* Text fields are NULL (or "") when not given; a row read by a list
 * points into store. */
struct consent {
	int64_t id;
	int64_t person_id;
	const char *scope;        /* what may be shared: required, up to 400 characters */
	const char *recipient;    /* who may receive it: required, up to 200 */
	const char *purpose;      /* what for: required, up to 400 */
	int64_t signed_at;        /* when the person signed; 0 on record: now */
	const char *expires_on;   /* YYYY-MM-DD, the last day it covers */
	const char *expiry_event; /* an event that ends it, up to 200; this or a date */
	int64_t event_ended_at;   /* 0: not ended by its event; set by consent_end_by_event only */
	const char *event_note;
	int64_t revoked_at;       /* 0: not revoked; set by consent_revoke only */
	const char *revoked_note;
	int64_t recorded_by;      /* set by Passage */
	int64_t updated_at;       /* set by Passage: the last save, and who made it */
	int64_t updated_by;
	int64_t version;
	char *store;
};

struct disclosure {
	int64_t id;
	int64_t person_id;
	int64_t consent_id;        /* required: the consent that allows it */
	const char *recipient;     /* required; the consent's recipient */
	const char *purpose;       /* required, up to 400 */
	const char *description;   /* what was shared, up to 1000, may span lines */
	int64_t disclosed_at;      /* 0 on record: now */
	int64_t by_user;           /* set by Passage */
	char *store;
};

/* A new consent, version 1: sets c->id, c->signed_at (when 0),
 * c->recorded_by, c->updated_at, c->updated_by and c->version.  Needs
 * write access to the person. */
int consent_record(struct session *s, struct consent *c);

/* Records the person's written revocation, received at revoked_at (0:
 * now), with an optional note, if the consent is still at version (if
 * not, the refusal names who changed it and when).  A revoked consent
 * cannot be revoked again or un-revoked. */
int consent_revoke(struct session *s, int64_t consent_id, int64_t version, int64_t revoked_at,
                   const char *note);

/* Records that the event a consent names has happened, as staff learned
 * it: at ended_at (0: now; not in the future, not before the consent was
 * signed), with an optional note, if the consent is still at version.
 * Only for a consent that names an expiry event, and only once; not for
 * one already revoked.  Needs write access to the person; audited as a
 * change naming the fields, never what they say. */
int consent_end_by_event(struct session *s, int64_t consent_id, int64_t version, int64_t ended_at,
                         const char *note);

/* 1 if the consent is in force at `at`; 0 if not, with the reason in
 * s->err ("consent: revoked on ...", "consent: ended on ... (the event it
 * names happened)", "consent: expired on ...", "consent: not signed until
 * ..."); -1 when there is no such consent or the database failed.  No
 * access check and no audit: it says nothing of what the consent covers.
 * Inside the caller's transaction when there is one. */
int consent_in_force(struct session *s, int64_t consent_id, int64_t at);

/* Whether two recipients are the same, as consents name them: ignoring
 * case and spaces at the ends ("Harbor Clinic " is "harbor clinic"). */
int consent_same_recipient(const char *a, const char *b);

/* For a record that names the consent covering it (referral.c): 0 if the
 * consent is person_id's, has not been revoked, and is in force at `at`;
 * otherwise -1 with "consent: ..." in s->err. */
int consent_covers(struct session *s, int64_t consent_id, int64_t person_id, int64_t at);

/* The person's consents, oldest signed first (free with consent_list_free).
 * Needs view access; audited. */
int consent_list(struct session *s, int64_t person_id, struct consent **rows, int *n);
void consent_list_free(struct consent *rows, int n);

/* Records a disclosure: sets x->id, x->disclosed_at (when 0) and
 * x->by_user.  The consent must be the person's, in force at the time,
 * and name the same recipient (compared without regard to case or spaces
 * at the ends).  Needs write access to the person. */
int disclosure_record(struct session *s, struct disclosure *x);
/* The same inside the caller's write transaction: an export records one
 * disclosure per person, all of them with the export or none. */
int disclosure_record_locked(struct session *s, struct disclosure *x);

/* The accounting of disclosures: the person's disclosures at or after
 * since (0: the last three years), oldest first (free with
 * disclosure_list_free).  Needs view access; audited. */
int disclosure_list(struct session *s, int64_t person_id, int64_t since,
                    struct disclosure **rows, int *n);
void disclosure_list_free(struct disclosure *rows, int n);

#endif
