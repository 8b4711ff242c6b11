/* SPDX-License-Identifier: ISC */
/*
 * accounting.h - a person's accounting of disclosures (42 CFR Part 2).
 *
 * A person whose substance use records were shared under their written
 * consent may ask who received them, when, what for and under which
 * consent.  42 CFR 2.24 gives them that for the three years before they
 * ask (2.13(d) asks the same of disclosures through an intermediary), so
 * the accounting covers the whole local days from the same date three
 * years back through today, in the site's zone: asked on 2026-09-21, it
 * holds every disclosure on or after 2023-09-21.  A request on 29
 * February starts from 28 February, the longer of the two readings.
 *
 * Each disclosure comes with the consent it was made under (as it reads
 * now: a later revocation or end shows) and who recorded it, newest
 * first.  Reading it is a view of the person's record: the same access
 * check, and one audit row.
 */
#ifndef PASSAGE_ACCOUNTING_H
#define PASSAGE_ACCOUNTING_H

#include <stddef.h>
#include <stdint.h>

#include "period.h"
#include "session.h"

#define ACCOUNTING_YEARS 3

/* Text points into store; NULL when there is none. */
struct accounting_row {
	int64_t id;
	int64_t disclosed_at;
	const char *recipient, *purpose, *description;
	const char *by;                   /* who recorded it: display name */
	int64_t consent_id;
	const char *scope;                /* the consent's scope */
	int64_t signed_at;
	const char *expires_on;           /* YYYY-MM-DD, its last day */
	const char *expiry_event;
	int64_t event_ended_at;           /* 0: not ended by its event */
	int64_t revoked_at;               /* 0: not revoked */
	char *store;
};

/* The period an accounting asked for at now covers (see above). */
void accounting_period(struct session *s, int64_t now, struct period *p);

/* The person whose participant code is code (as typed, any case), if s
 * may view their record: 0, *person_id and the code as stored into
 * stored (n bytes; may be NULL).  Otherwise -1 with one sentence for
 * both "no such code" and "not yours", so that codes cannot be probed,
 * and the attempt in the audit log as view_refused. */
int accounting_find(struct session *s, const char *code, int64_t *person_id, char *stored,
                    size_t n);

/* The person's disclosures in accounting_period(now) (now 0: the
 * session's clock), newest first, into *rows (free with
 * accounting_free) and the period into *covered (may be NULL).  Needs
 * view access to the person; audited as a view. */
int disclosure_accounting(struct session *s, int64_t person_id, int64_t now,
                          struct accounting_row **rows, int *n, struct period *covered);
void accounting_free(struct accounting_row *rows, int n);

#endif
