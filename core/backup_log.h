/* SPDX-License-Identifier: ISC */
/*
 * backup_log.h - a backup's hold on the writers of its source, with the
 * write-ahead log folded in or found empty (see backup_log.c).
 */
#ifndef PASSAGE_BACKUP_LOG_H
#define PASSAGE_BACKUP_LOG_H

#include <stddef.h>

#include "db.h"

struct backup_log {
	db *d;       /* with a key: the session's connection, which holds */
	int turn_fd; /* without one: a descriptor of our own for the turn */
	int held;
};

/* Keeps every writer of the source at abs (named src in sentences) out
 * until backup_log_release: with a key (d), through d, folding the
 * write-ahead log into the file; without one, by taking the writers' turn
 * itself, and refusing when the log still holds commits the file has not
 * after waiting up to wait_ms for a session to fold them (only a key can
 * fold them in).  0, or -1 with a sentence in err. */
int backup_log_hold(struct backup_log *l, db *d, const char *abs, const char *src, int wait_ms,
                    char *err, size_t errlen);
void backup_log_release(struct backup_log *l);
/* Releases, then closes the descriptor of its own.  Closing a descriptor
 * drops every POSIX lock this process holds on the file (SQLite's among
 * them), so call it only once the source is closed, in a process with no
 * connection open on it. */
void backup_log_close(struct backup_log *l);

#endif
