/* SPDX-License-Identifier: ISC */
/*
 * glass.h - break-the-glass: opening a record that is not yours, and the
 * supervisors' review of each time it was done.
 *
 * Break-the-glass (glass_break; access.h honours it) lets anyone open a
 * record that is not theirs to see, with a reason, for a few hours.  That is only safe if someone
 * else looks afterwards: who opened whose record, why, and what they did
 * with it while it was open.  The "what" comes from the audit log: every
 * audit row by that user about that person from the moment the access
 * started until it expired, summed up by kind ("viewed record; viewed
 * notes (2); recorded contact").
 *
 * A supervisor marks an access reviewed, with an optional comment.  A
 * review stands: it cannot be made twice or undone.
 */
#ifndef PASSAGE_GLASS_H
#define PASSAGE_GLASS_H

#include <stdint.h>

#include "period.h"
#include "session.h"

/* A review comment: optional, up to this many characters, lines allowed. */
#define GLASS_COMMENT_MAX 1000

/* One access.  Text points into store (NULL when there is none). */
struct glass_row {
	int64_t id;
	int64_t user_id, person_id;
	int64_t started_at, expires_at;
	int64_t reviewed_by, reviewed_at;   /* 0: not reviewed */
	const char *user;                   /* who opened it: display name */
	const char *code;                   /* the person's participant code */
	const char *name;                   /* preferred name, else legal name; NULL: none */
	const char *reason;
	const char *reviewer;               /* display name; NULL: not reviewed */
	const char *comment;                /* NULL: none */
	char viewed[400];                   /* what was done while it was open */
	char *store;
};

/* The accesses started in period p (only_unreviewed: those not reviewed
 * yet), not reviewed first, then the newest first.  Supervisors only;
 * audited as one view of the break-the-glass log (free with
 * glass_list_free). */
int glass_list(struct session *s, const struct period *p, int only_unreviewed,
               struct glass_row **rows, int *n);
void glass_list_free(struct glass_row *rows, int n);

/* Marks access id reviewed by the acting supervisor, now, with comment
 * (NULL or "": none).  Refused for anyone but a supervisor, for the
 * supervisor's own access, and for one already reviewed; audited. */
int glass_review(struct session *s, int64_t id, const char *comment);

/* Opens person_id's record to s for the set time (setting break_glass.hours),
 * with a reason (required, up to 400 bytes): a sentence a reviewer can
 * follow, at least GLASS_REASON_MIN characters without the spaces at its
 * ends and at least two words ("x" and "checking" are refused).  One audit
 * row.  Inside the caller's write transaction. */
#define GLASS_REASON_MIN 10
int glass_break(struct session *s, int64_t person_id, const char *reason, int64_t *expires_at);

#endif
