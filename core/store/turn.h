/* SPDX-License-Identifier: ISC */
/*
 * turn.h - writers wait their turn: a queue on two lock bytes of the
 * database file, taken before SQLite's own write lock (see turn.c).
 */
#ifndef PASSAGE_TURN_H
#define PASSAGE_TURN_H

/* Where the two bytes are: far past SQLite's lock bytes (1 GiB into the
 * file, or wherever a test moves them), past the end of any real file. */
#define TURN_OFFSET (1LL << 40)

/* A descriptor of its own on the database at path, for the turn's locks
 * only; -1 if the file cannot be opened.  Opened for reading only (an
 * account that may only read the file), its turn is taken shared, which
 * keeps every writer out as the whole one does.  Close it only once
 * SQLite has closed the file: see turn.c. */
int turn_open(const char *path);
/* Waits up to ms for this writer's turn: 0 once it is ours, 1 if the wait
 * ran out, -1 on another error (errno). */
int turn_take(int fd, int ms);
/* Ends the turn, letting the next writer in. */
void turn_give(int fd);
/* The monotonic clock, in ms, that the turn's waits are measured on. */
double turn_now_ms(void);

/* A third byte says that someone without a key (a keyless backup) needs
 * the write-ahead log folded into the file: turn_want holds it (shared,
 * 0 or -1) until turn_unwant, and turn_wanted is 1 while anyone holds
 * it.  Sessions fold the log when they see it (db_log.c). */
int turn_want(int fd);
void turn_unwant(int fd);
int turn_wanted(int fd);

#endif
