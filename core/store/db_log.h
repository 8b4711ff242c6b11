/* SPDX-License-Identifier: ISC */
/*
 * db_log.h - holding an open database still, with its write-ahead log
 * folded into the file, for a whole-file copy or walk (see db_log.c).
 */
#ifndef PASSAGE_DB_LOG_H
#define PASSAGE_DB_LOG_H

#include "db.h"

/* Takes the writers' turn on d and keeps it, so that no commit and no
 * checkpoint can run; with a write-ahead log, first copies every frame of
 * it into the file and empties it (a TRUNCATE checkpoint), so that the
 * file alone holds every commit.  0, or -1 with a sentence in d (the wait
 * for the turn ran out, or a reader still needs the log) and the turn
 * given back.  db_release_log gives the turn back. */
int db_hold_log(db *d);
void db_release_log(db *d);

#endif
