/* SPDX-License-Identifier: ISC */
/*
 * search_index.h - a person's row in person_search, the search index:
 * their names, participant code and booking numbers, rebuilt from the
 * person and their stays after any of them changes, inside the caller's
 * write transaction.
 *
 * FTS5 writes the terms it holds in memory out to the file as a new
 * segment at every statement savepoint that follows a change, and
 * rewrites its totals there too: a roster import rebuilding a person's
 * row after each booking paid for one small segment a row, and every
 * later search read through them all.  Between search_index_later and
 * search_index_end the rows to rebuild are noted instead, and
 * search_index_apply rebuilds them all in one statement, inside the same
 * transaction, before it commits.  Only booking numbers (codes) change
 * in an import: the names a roster row is matched by never wait.
 */
#ifndef PASSAGE_SEARCH_INDEX_H
#define PASSAGE_SEARCH_INDEX_H

#include <stdint.h>

#include "session.h"

/* Rebuilds person_id's row now, or notes it while s is noting.  0, or
 * -1 with s->err. */
int search_index_person(struct session *s, int64_t person_id);

/* Starts noting in s.  0, or -1 with s->err (out of memory). */
int search_index_later(struct session *s);
/* Rebuilds every noted row, each once, and forgets them.  Inside the
 * write they were noted in.  0, or -1 with s->err. */
int search_index_apply(struct session *s);
/* Stops noting in s and forgets what is left (a write that failed). */
void search_index_end(struct session *s);

#endif
