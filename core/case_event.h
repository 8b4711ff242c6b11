/* SPDX-License-Identifier: ISC */
/*
 * case_event.h - the history of a case: each time it was closed, and
 * each time it was reopened, with why, when and by whom.
 *
 * The person row holds the case as it is now; a reopening clears its
 * closure reason and note, so the history is kept here (schema/0010).
 * person.c writes the rows, inside the same transaction as the change
 * and its audit row; the person screen reads them for its header.
 */
#ifndef PASSAGE_CASE_EVENT_H
#define PASSAGE_CASE_EVENT_H

#include <stdint.h>

#include "session.h"

#define CASE_NOTE_MAX 1000 /* bytes of a closure note or a reopening's reason */

struct case_event {
	int64_t id, person_id;
	char kind[12];                 /* closed reopened */
	char reason[20];               /* closed: the closure reason's code; else "" */
	char note[CASE_NOTE_MAX + 1];  /* the closure note, or why it was reopened */
	int64_t stay_id;               /* the booking that reopened it; 0: none */
	int64_t at;                    /* when it happened */
	int64_t recorded_at, recorded_by;
};

/* Adds e (its id and recorded_* are set here) inside the caller's write
 * transaction. */
int case_event_add(struct session *s, struct case_event *e);

/* The person's latest events, newest first, up to max (free(*rows)).
 * Needs view access; the caller's view of the person is what the audit
 * log shows. */
int case_event_list(struct session *s, int64_t person_id, int max, struct case_event **rows,
                    int *n);

/* The words a person reads for a closure reason's code ("back in custody"
 * for reincarcerated); the code itself when it is not one. */
const char *case_event_reason_label(const char *code);

#endif
