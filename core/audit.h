/* SPDX-License-Identifier: ISC */
/*
 * audit.h - the hash-chained audit log.
 *
 * Every create, update and view of a person's record, every login,
 * export and break-the-glass adds a row.  Each row's MAC covers the
 * previous row's MAC and its own fields, under the audit key, so a row
 * changed, removed or put in another place breaks the chain from there on.
 * Triggers forbid UPDATE and DELETE; the chain catches what goes around
 * them.
 */
#ifndef PASSAGE_AUDIT_H
#define PASSAGE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

struct audit_head {
	int64_t seq;      /* 0: the log is empty */
	uint8_t mac[32];
};

/* Adds a row inside the caller's write transaction.  person_id 0: none. */
int audit_log(struct session *s, const char *action, const char *entity, int64_t entity_id,
              int64_t person_id, const char *detail);

int audit_head(db *d, struct audit_head *h);
/* "seq:first 16 hex digits of the MAC", for reports and logout. */
void audit_head_text(const struct audit_head *h, char out[40]);

/* Walks the whole chain.  Returns 0 when every row checks out; otherwise
 * -1 with the first bad row in *bad (0 if the walk itself failed) and a
 * sentence in err. */
int audit_verify(db *d, int64_t *rows, int64_t *bad, char *err, size_t errlen);

#endif
