/* SPDX-License-Identifier: ISC */
/*
 * audit_list.h - reading the audit log: who did what to which record, when.
 *
 * Who may read it:
 *   supervisor  every row in full, with the person's participant code and
 *               name; filters by a person's code or record number
 *   admin       every row too (admins audit logins, users and settings),
 *               but a row about a person shows only its record number
 *               (#id): no code, no name and no detail, since a detail
 *               about a person can hold case data (a closure reason, a
 *               break-the-glass reason).  An admin names a person in a
 *               filter by record number only: answering "no such code"
 *               would already tell them something about a case.
 *   health, caseworker  not at all: the log says who looked at whom.
 *
 * Reading the log is itself audited, one "audit_list" row per search
 * (the first page; the pages after it are the same search).  Its detail
 * names the filter's fields ("user, action, from"), never their values,
 * as every other audit row names fields and not what they hold.  When
 * the search names a person, the row carries that person's id, as a view
 * of their record would: the accounting of who looked at a person then
 * includes who read the log about them.
 *
 * Rows come newest first, a page at a time, keyed by sequence number
 * ("older than seq X"), never by OFFSET: each page costs the same at the
 * head of a log of tens of millions of rows as at its start.  Each
 * filter has an index of its own (person, user, action, time).
 */
#ifndef PASSAGE_AUDIT_LIST_H
#define PASSAGE_AUDIT_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* What to look for; NULL or "" leaves a field out. */
struct audit_filter {
	const char *user;   /* a user's name (any case) */
	const char *person; /* a participant code, or #N for record number N */
	const char *action; /* exactly this action, or every action starting
	                     * with the text before a final '*' ("login*") */
	const char *from;   /* YYYY-MM-DD, local: from the start of that day */
	const char *to;     /* YYYY-MM-DD, local: to the end of that day */
};

struct audit_row {
	int64_t seq, at, user_id, entity_id, person_id;
	char user[65];     /* the user's name; "" for none */
	char action[41];
	char entity[41];
	char code[33];     /* the person's participant code: supervisors only */
	char name[201];    /* preferred name, else legal name: supervisors only */
	char detail[1001]; /* empty for an admin on a row about a person */
	char mac[17];      /* the row's MAC, its first 16 hex digits: seq:mac is
	                    * the chain head as it stood after this row */
};

/* Up to limit rows matching f, newest first, older than the row numbered
 * before (0: from the newest).  *n rows were filled; fewer than limit
 * means there are no more.  A search from the newest (before 0) is
 * recorded in the log first, in its own write transaction: when that
 * cannot be written nothing is shown.  -1 with a sentence in s->err:
 * not a supervisor or admin, a user or person that does not exist, a
 * date that is not a date, a period that ends before it starts. */
int audit_list(struct session *s, const struct audit_filter *f, int64_t before,
               struct audit_row *rows, int limit, int *n);

/* The filter's fields named as the search's audit row names them:
 * "user, person, action, from, to", or "everything". */
void audit_filter_names(const struct audit_filter *f, char *out, size_t n);

#endif
