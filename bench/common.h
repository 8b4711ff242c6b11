/* SPDX-License-Identifier: ISC */
/*
 * common.h - small things both parts of `make bench` use.
 */
#ifndef PASSAGE_BENCH_COMMON_H
#define PASSAGE_BENCH_COMMON_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Seconds on the monotonic clock. */
double bench_now(void);

/* splitmix64: the next number of the sequence *s holds; a fixed seed
 * makes every run ask for the same rows. */
uint64_t bench_mix(uint64_t *s);

/* The environment variable name as a whole number from min to max, def
 * when unset, or -1 (said on stderr) when it is not one. */
long bench_env_long(const char *name, long def, long min, long max);

struct stats {
	int n;
	double median, p95, p99, max;
};

/* Sorts v (n samples).  p95 and p99 are the nearest rank: the value 95%
 * (99%) of the samples are at or below. */
struct stats stats_of(double *v, int n);

/* 1234567 -> "1,234,567" in buf. */
const char *commas(long long v, char buf[32]);

/* s, then spaces to width columns: printf pads by bytes, and "µ" or "≤"
 * is more than one byte for one column. */
void put_padded(const char *s, int width);

/* Removes a database file and the -journal beside it, if they are there. */
void unlink_db(const char *path);

/* The first column of the first row of sql (?1 bound to bind, if it has
 * one), or -1. */
long long bench_one_int(db *d, const char *sql, int64_t bind);

/* bench_cases.c's kept database of people (its kept_paths()) into out,
 * when it is there: 0, or -1 saying so on stderr. */
int bench_kept_path(long people, int seed, char out[PATH_MAX]);

/* The database a section that writes works on, into copy: the one the
 * environment variable env names (0; refused, -1, when it is the kept
 * file, which has a marker), or else a copy of the kept database of
 * people made beside it as FILE.suffix (cp --reflink=auto, so a
 * copy-on-write file system makes it at once): 1, delete it after.  -1
 * is said on stderr. */
int bench_work_copy(const char *env, const char *scratch, long people, const char *suffix,
                    char *copy, size_t n);

struct session;

/* user's session on d, the clock pinned at now: 0, or -1 said on stderr. */
int bench_login(db *d, const char *user, int64_t now, struct session *s);

/* Opens path as admin (with pass), then user's session on it as
 * bench_login does; the connection is s->db.  0, or -1 said on stderr. */
int bench_open_as(const char *path, const char *admin, const char *pass, const char *user,
                  int64_t now, struct session *s);

/* Up to max people with an open case on user's caseload, by id or, with
 * spread, in random order over the file, into people.  Their count, or
 * -1 when the query cannot be made. */
int bench_caseload(db *d, const char *user, int spread, int64_t *people, int max);

#endif
