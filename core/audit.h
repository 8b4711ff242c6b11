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

/* A head noted down earlier, outside the file (from syslog, a report, a
 * listing): row seq had a MAC starting with the n bytes of mac. */
struct audit_mark {
	int64_t seq;
	uint8_t mac[32];
	size_t n; /* 8 (as audit_head_text writes it) to 32 */
};
#define AUDIT_MARK_HELP "SEQ:MAC, as the chain head was noted (e.g. 120:3fa94c0e1b7d2a55)"
/* Reads "SEQ:MAC": a row number from 1, then 16 to 64 hex digits (an even
 * number).  0, or -1 when text is not that. */
int audit_mark_parse(const char *text, struct audit_mark *m);

/* Walks the whole chain.  Returns 0 when every row checks out; otherwise
 * -1 with the first bad row in *bad (0 if the walk itself failed) and a
 * sentence in err. */
int audit_verify(db *d, int64_t *rows, int64_t *bad, char *err, size_t errlen);
/* The same walk, which must also pass through each of the n marks: row
 * mark.seq is there and has that MAC.  The chain alone cannot tell a log
 * cut short, or rewritten whole by someone holding the audit key, from an
 * honest one; a head witnessed outside the file can.  *bad is the row of
 * the first mark missed. */
int audit_verify_marks(db *d, const struct audit_mark *marks, int n, int64_t *rows, int64_t *bad,
                       char *err, size_t errlen);

#endif
