/* SPDX-License-Identifier: ISC */
/*
 * bench_backup.c - how long `passage verify` and a backup of the large
 * database take, and how long a person saving a record waits while a
 * backup runs.
 *
 * A backup holds SQLite's shared lock while it compares the file with
 * its copy (core/backup.c), and a writer's COMMIT waits for it.  So two
 * figures matter: the backup's own time (the nightly job's), and the
 * commit latency of a writer that runs meanwhile, against the same
 * writer with no backup running.  The second has a ceiling: the writer's
 * busy timeout is 5 s, after which the save fails with "busy".
 *
 *   0. the kept large database is verified (only read): every page
 *      authenticated and integrity_check, as `passage verify` does;
 *   1. the kept large database (bench_cases.c) is backed up without a key
 *      to the scratch folder: its time, and how long the lock was held;
 *   2. a writer process commits one row at a time (a save, then a 2 ms
 *      pause, as a person's next save is never instant) into that copy --
 *      never into the kept file, which the bench only reads -- for a
 *      while on its own, then again while the copy is itself backed up;
 *      each commit's latency, BEGIN to COMMIT's return, is kept in memory
 *      shared with the parent;
 *   3. the copy is backed up with a key: the same copy, then every page of
 *      the result authenticated and its structure checked.
 * Each is timed once, wall clock; nothing here fails on time.
 */
#include "bench_backup.h"
#include "common.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup.h"
#include "db.h"
#include "sqldb.h"
#include "login.h"
#include "session.h"

#define MAX_COMMITS 200000
#define WRITER_PAUSE_US 2000
#define QUIET_S 0.3 /* writer alone before and after the backup */

struct commits {
	volatile int stop;
	int n, failed;
	double at[MAX_COMMITS];  /* when each commit began */
	double took[MAX_COMMITS]; /* its latency, seconds */
};

static void
writer(const char *path, const char *user, const char *pass, struct commits *c)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, user, pass, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: backup: writer: %s\n", err);
		_exit(1);
	}
	while (!c->stop && c->n < MAX_COMMITS) {
		double t0 = bench_now();
		if (db_begin_write(d) != 0 ||
		    db_exec(d, "INSERT INTO bench_backup_w (at) VALUES (unixepoch())") != 0 ||
		    db_commit(d) != 0) {
			db_rollback(d);
			c->failed++;
		} else {
			c->at[c->n] = t0;
			c->took[c->n] = bench_now() - t0;
			c->n++;
		}
		usleep(WRITER_PAUSE_US);
	}
	db_close(d);
	_exit(0);
}

static pid_t
start_writer(const char *path, const char *user, const char *pass, struct commits *c)
{
	pid_t pid;

	memset(c, 0, sizeof *c);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		writer(path, user, pass, c);
	return pid;
}

static int
stop_writer(pid_t pid, struct commits *c)
{
	int status;

	c->stop = 1;
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0
	           ? 0
	           : -1;
}

/* The latencies of the commits that began from t0 to t1, in ms. */
static struct stats
window(const struct commits *c, double t0, double t1, double *buf)
{
	int n = 0;

	for (int i = 0; i < c->n; i++)
		if (c->at[i] >= t0 && c->at[i] < t1)
			buf[n++] = c->took[i] * 1e3;
	return stats_of(buf, n);
}

static void
latency_row(const char *what, struct stats st, int failed)
{
	printf("  %-34s %6d %9.2f %9.2f %9.2f %7d\n", what, st.n, st.median, st.p95, st.max,
	       failed);
}

int
bench_backup_row(const char *what, const char *src, const char *dest, struct session *s,
           const char *pass, struct backup_result *r)
{
	struct backup_options o = {.s = s, .pass = pass};
	char err[DB_ERR_MAX + 256], a[32];
	double mib;

	if (backup_write(src, dest, &o, r, err, sizeof err) != 0) {
		fprintf(stderr, "bench: backup: %s\n", err);
		return -1;
	}
	mib = (double)r->bytes / (1024.0 * 1024.0);
	printf("  %-34s %9s %9.0f %9.2f %9.0f\n", what, commas((long long)r->pages, a),
	       mib, r->seconds, r->seconds > 0 ? mib / r->seconds : 0);
	printf("  %-34s %9s %9s %9.3f  (a save waits this long at most; %u %s copied again)\n",
	       "  of which the lock", "", "", r->lock_seconds, r->recopied,
	       r->recopied == 1 ? "page" : "pages");
	return 0;
}

/* The writer's own table, in the scratch copy. */
static int
open_writer_table(const char *path, const char *user, const char *pass)
{
	char err[DB_ERR_MAX];
	db *d;
	int rc;

	if (db_open(path, user, pass, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: backup: %s: %s\n", path, err);
		return -1;
	}
	rc = db_exec(d, "CREATE TABLE bench_backup_w (at INTEGER NOT NULL) STRICT");
	if (rc != 0)
		fprintf(stderr, "bench: backup: %s\n", db_errmsg(d));
	db_close(d);
	return rc;
}

/* The writer alone for as long as the backup took, then with it. */
static int
writer_while_backup(const char *copy, const char *second, const char *user, const char *pass,
                    double backup_s)
{
	struct commits *c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE,
	                         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	static double buf[MAX_COMMITS];
	struct backup_result r;
	double alone = backup_s > QUIET_S ? backup_s : QUIET_S, t1, t2;
	pid_t pid;
	int rc = -1;

	if (c == MAP_FAILED)
		return -1;
	if ((pid = start_writer(copy, user, pass, c)) < 0)
		goto out;
	usleep((useconds_t)(alone * 1e6));
	t1 = bench_now();
	if (bench_backup_row("backup, a writer committing", copy, second, NULL, NULL, &r) != 0) {
		stop_writer(pid, c);
		goto out;
	}
	t2 = bench_now();
	usleep((useconds_t)(QUIET_S * 1e6));
	if (stop_writer(pid, c) != 0 || c->n == 0) {
		fprintf(stderr, "bench: backup: the writer did not commit\n");
		goto out;
	}
	printf("\n  writer's commit latency, ms %12s %9s %9s %9s %7s\n", "commits", "median", "p95",
	       "max", "failed");
	latency_row("alone", window(c, 0, t1, buf), 0);
	latency_row("while the backup ran", window(c, t1, t2, buf), c->failed);
	latency_row("after it", window(c, t2, 1e18, buf), 0);
	rc = 0;
out:
	munmap(c, sizeof *c);
	return rc;
}

/* passage verify of the kept file (only read): every page authenticated,
 * then integrity_check, the lock page skipped.  Printed as a row of the
 * backup table. */
static int
verify_row(const char *kept, const char *user, const char *pass)
{
	char err[DB_ERR_MAX], a[32];
	struct db_verify v;
	double t0, s;
	db *d;

	fprintf(stderr, "verify...\n");
	if (db_open(kept, user, pass, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: verify: %s: %s\n", kept, err);
		return -1;
	}
	t0 = bench_now();
	if (db_verify(d, &v) != 0 || v.failed || !v.integrity_ok) {
		fprintf(stderr, "bench: verify: %s: %s\n", kept, db_errmsg(d));
		db_close(d);
		return -1;
	}
	s = bench_now() - t0;
	db_close(d);
	printf("  %-34s %9s %9.0f %9.2f %9.0f\n", "verify (passage verify)", commas(v.pages, a),
	       v.pages * 4096.0 / 1048576, s, v.pages * 4096.0 / 1048576 / s);
	return 0;
}

int
bench_backup(const char *kept, const char *scratch, long people, const char *user,
             const char *pass)
{
	char copy[PATH_MAX], second[PATH_MAX], third[PATH_MAX], a[32], err[DB_ERR_MAX];
	struct backup_result r;
	struct session s;
	db *d = NULL;
	int rc = -1;

	if (snprintf(copy, sizeof copy, "%s/backup-1.db", scratch) >= (int)sizeof copy ||
	    snprintf(second, sizeof second, "%s/backup-2.db", scratch) >= (int)sizeof second ||
	    snprintf(third, sizeof third, "%s/backup-3.db", scratch) >= (int)sizeof third)
		return -1;
	printf("\n  verify and backup of %s people (passage verify, passage backup); times in "
	       "seconds, wall clock\n",
	       commas(people, a));
	printf("  %-34s %9s %9s %9s %9s\n", "", "pages", "MiB", "s", "MiB/s");
	if (verify_row(kept, user, pass) != 0)
		return -1;
	fprintf(stderr, "%ld people: backup...\n", people);
	if (bench_backup_row("without a key (the nightly job)", kept, copy, NULL, NULL, &r) != 0)
		return -1;
	if (open_writer_table(copy, user, pass) != 0)
		goto out;
	if (writer_while_backup(copy, second, user, pass, r.seconds) != 0)
		goto out;
	unlink_db(second);
	if (db_open(copy, user, pass, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: backup: %s: %s\n", copy, err);
		goto out;
	}
	if (login_as(&s, d, user) != 0) {
		fprintf(stderr, "bench: backup: log in as %s: %s\n", user, s.err);
		goto out;
	}
	printf("\n");
	if (bench_backup_row("with a key (pages authenticated)", copy, third, &s, pass, &r) != 0)
		goto out;
	rc = 0;
out:
	if (d)
		db_close(d);
	unlink_db(copy);
	unlink_db(second);
	unlink_db(third);
	return rc;
}
