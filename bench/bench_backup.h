/* SPDX-License-Identifier: ISC */
/*
 * bench_backup.h - passage backup in `make bench` (see bench_backup.c).
 */
#ifndef PASSAGE_BENCH_BACKUP_H
#define PASSAGE_BENCH_BACKUP_H

/* Backs up the database at kept (only read) into scratch, then measures a
 * writer's commits on that copy while it is backed up again, and a
 * backup with a key, as user with pass (an admin).  people: its size, for
 * the heading.  The copies are removed.  0, or -1 when something broke. */
int bench_backup(const char *kept, const char *scratch, long people, const char *user,
                 const char *pass);

struct session;
struct backup_result;

/* Backs src up to dest (with a key when s and pass are given: the copy's
 * every page authenticated) and prints it as a row of pages, MiB, seconds
 * and MiB/s, then how long the lock was held.  0, or -1 said on stderr. */
int bench_backup_row(const char *what, const char *src, const char *dest, struct session *s,
                     const char *pass, struct backup_result *r);

#endif
