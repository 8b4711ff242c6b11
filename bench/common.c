/* SPDX-License-Identifier: ISC */
/*
 * common.c - small things both parts of `make bench` use.
 */
#include "common.h"
#include "bench_cases.h"
#include "login.h"
#include "session.h"
#include "sqldb.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t
bench_mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

long
bench_env_long(const char *name, long def, long min, long max)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max) {
		fprintf(stderr, "bench: %s=%s: want a whole number from %ld to %ld\n", name, s, min,
		        max);
		return -1;
	}
	return v;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct stats
stats_of(double *v, int n)
{
	struct stats s = {n, 0, 0, 0, 0};
	int rank;

	if (n <= 0)
		return s;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	rank = (95 * n + 99) / 100;
	s.p95 = v[rank - 1];
	rank = (99 * n + 99) / 100;
	s.p99 = v[rank - 1];
	s.max = v[n - 1];
	return s;
}

const char *
commas(long long v, char buf[32])
{
	char raw[32];
	int len, at = 0;

	len = snprintf(raw, sizeof raw, "%lld", v < 0 ? -v : v);
	if (v < 0)
		buf[at++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[at++] = ',';
		buf[at++] = raw[i];
	}
	buf[at] = 0;
	return buf;
}

void
put_padded(const char *s, int width)
{
	int cols = 0;

	for (const char *p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	fputs(s, stdout);
	for (; cols < width; cols++)
		putchar(' ');
}

void
unlink_db(const char *path)
{
	char j[PATH_MAX + 16];

	unlink(path);
	if (snprintf(j, sizeof j, "%s-journal", path) < (int)sizeof j)
		unlink(j);
}

long long
bench_one_int(db *d, const char *sql, int64_t bind)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, bind);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
bench_kept_path(long people, int seed, char out[PATH_MAX])
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(out, PATH_MAX, "%s/passage-bench/people-%ld-seed%d.db", xdg, people, seed);
	else if (home && home[0] == '/')
		n = snprintf(out, PATH_MAX, "%s/.cache/passage-bench/people-%ld-seed%d.db", home,
		             people, seed);
	else
		n = PATH_MAX;
	if (n >= PATH_MAX || access(out, R_OK | W_OK) != 0) {
		fprintf(stderr, "bench: the kept database of %ld people is not there\n", people);
		return -1;
	}
	return 0;
}

int
bench_work_copy(const char *env, const char *scratch, long people, const char *suffix,
                 char *copy, size_t n)
{
	const char *given = getenv(env);
	char kept[PATH_MAX], cmd[3 * PATH_MAX];
	struct stat sb;

	if (given && *given) {
		snprintf(copy, n, "%s.marker", given);
		if (stat(copy, &sb) == 0) {
			fprintf(stderr, "bench: %s is the kept database (it has a marker): give a "
			        "copy of it\n", given);
			return -1;
		}
		return snprintf(copy, n, "%s", given) < (int)n ? 0 : -1;
	}
	if (bench_cases_kept(scratch, people, kept, sizeof kept) != 0 ||
	    snprintf(copy, n, "%s.%s", kept, suffix) >= (int)n ||
	    snprintf(cmd, sizeof cmd, "cp --reflink=auto '%s' '%s'", kept, copy) >= (int)sizeof cmd)
		return -1;
	fprintf(stderr, "%s: copying the large database...\n", suffix);
	if (system(cmd) != 0) {
		fprintf(stderr, "bench: %s: could not copy %s\n", suffix, kept);
		unlink_db(copy);
		return -1;
	}
	return 1;
}

int
bench_login(db *d, const char *user, int64_t now, struct session *s)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = now;
	if (login_as(s, d, user) == 0)
		return 0;
	fprintf(stderr, "bench: log in as %s: %s\n", user, s->err);
	return -1;
}

int
bench_open_as(const char *path, const char *admin, const char *pass, const char *user,
              int64_t now, struct session *s)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, admin, pass, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: %s: %s\n", path, err);
		return -1;
	}
	if (bench_login(d, user, now, s) == 0)
		return 0;
	db_close(d);
	return -1;
}

int
bench_caseload(db *d, const char *user, int spread, int64_t *people, int max)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db_sql(d), spread
	                       ? "SELECT id FROM person WHERE status = 'open' AND caseworker_id = "
	                         "(SELECT id FROM user WHERE name = ?1) ORDER BY random() LIMIT ?2"
	                       : "SELECT id FROM person WHERE status = 'open' AND caseworker_id = "
	                         "(SELECT id FROM user WHERE name = ?1) ORDER BY id LIMIT ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		people[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}
