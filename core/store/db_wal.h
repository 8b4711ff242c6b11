/* SPDX-License-Identifier: ISC */
/*
 * db_wal.h - the journal an open database keeps: the write-ahead log, or
 * a rollback journal for the few tests that ask for one (see db_wal.c).
 */
#ifndef PASSAGE_DB_WAL_H
#define PASSAGE_DB_WAL_H

#include "db.h"

/* At open, before anything else reads the file: takes the write-ahead
 * log (d->wal), switching a file left in a rollback journal over to it,
 * or a rollback journal, with the synchronous setting that goes with
 * each.  0, or -1 with a sentence in d. */
int db_wal_journal(db *d);

#endif
