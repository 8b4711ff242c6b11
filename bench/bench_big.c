/* SPDX-License-Identifier: ISC */
/*
 * bench_big.c - the whole-file commands on the large database (issues 15
 * and 17): `passage verify`, a backup with a key, a user's removal while
 * a caseworker keeps saving, a release plan and the naloxone report.
 *
 * Everything here writes (the removal moves every page to a new key), so
 * it never runs on the kept file: it copies it beside itself and deletes
 * the copy after, or works on the copy BENCH_BIG_DB names (and leaves it
 * changed).  A copy made by an older build is brought up to this build's
 * schema when it is opened; the open is timed apart and not counted.
 *
 *   1. the naloxone distribution report for the quarter, and release
 *      plans (bench_report.c and bench_plan.c, as on the small file);
 *      BENCH_BIG_REPORTS=1 stops after it, for the reports' figures
 *      without the hour the rest takes;
 *   2. verify: every page authenticated and integrity_check, wall time
 *      and pages a second; the target is a whole file (the lock-byte page
 *      of a file past 1 GiB is skipped, not failed);
 *   3. a backup with a key, every page of the copy authenticated;
 *   4. user_disable of a user with a key slot: every page moved to a new
 *      key in short steps, while a caseworker's process records a contact,
 *      pauses SAVE_PAUSE_US, and records the next.  The removal's total
 *      time; the saves made during it, their p99 and the longest any
 *      waited (target: about a second at most behind a step); saves that
 *      failed (target 0); then the contacts in the file are counted
 *      against the saves acknowledged, and the removed user's passphrase
 *      must open nothing.
 * BENCH_BIG_STEPS=removal runs step 4 alone (on the copy, as ever).
 * Nothing here fails on time: a missed target prints MISSES.
 */
#include "bench_big.h"
#include "bench_backup.h"
#include "bench_cases.h"
#include "bench_plan.h"
#include "bench_report.h"
#include "common.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup.h"
#include "contact.h"
#include "db.h"
#include "login.h"
#include "session.h"
#include "sqldb.h"
#include "user.h"

#define PASS "a long bench passphrase"           /* bench_cases.c's */
#define TEMP_PASS "a temporary bench passphrase" /* its users' first one */
#define ADMIN "bench-admin"
#define SUPERVISOR "demo-supervisor"
#define CASEWORKER "demo-caseworker"
#define REMOVED "bench-caseworker" /* has a key slot, never changed its passphrase */
#define NOW INT64_C(1790000000)    /* bench_cases.c's pinned clock */
#define MARK_AT (NOW - 11)         /* every contact saved here is at this time */
#define MAX_SAVES 200000
#define MAX_PEOPLE 1000
#define SAVE_PAUSE_US 10000
#define WAIT_TARGET_MS 1000.0

struct saves {
	volatile int go, stop;
	int n, failed;
	double at[MAX_SAVES];   /* when each save began */
	double took[MAX_SAVES]; /* its latency, seconds */
};

static int
open_as(const char *path, const char *user, struct session *s)
{
	return bench_open_as(path, ADMIN, PASS, user, NOW, s);
}

/* A row of the table: what, seconds, a rate, the target and its result
 * (meets < 0: none). */
static void
row(const char *what, double s, const char *rate, const char *target, int meets)
{
	printf("  %-40s %8.2f  %-18s ", what, s, rate);
	put_padded(target, 24);
	printf("  %s\n", meets < 0 ? "" : meets ? "meets" : "MISSES");
}

static int
verify_row(db *d, const char *what)
{
	struct db_verify v;
	char rate[48], a[32];
	double t0 = bench_now(), s;
	int whole;

	fprintf(stderr, "big: %s...\n", what);
	if (db_verify(d, &v) != 0) {
		fprintf(stderr, "bench: big: verify: %s\n", db_errmsg(d));
		return -1;
	}
	s = bench_now() - t0;
	whole = v.failed == 0 && v.integrity_ok;
	snprintf(rate, sizeof rate, "%s pages/s", commas((long long)(v.pages / (s > 0 ? s : 1)), a));
	row(what, s, rate, "whole", whole);
	if (!whole)
		printf("    %u of %u pages failed (the first: %u); integrity_check: %s\n", v.failed,
		       v.pages, v.first_failed, v.integrity);
	return 0;
}

/* The caseworker's process: a contact, a pause, the next. */
static void
saver(const char *path, struct saves *c, const int64_t *people, int npeople)
{
	struct session s;

	if (open_as(path, CASEWORKER, &s) != 0)
		_exit(1);
	c->go = 1;
	for (int i = 0; !c->stop && c->n < MAX_SAVES; i++) {
		double t0 = bench_now();
		if (contact_record(&s, people[i % npeople], MARK_AT, "phone", "reached", NULL, NULL) !=
		    0) {
			if (c->failed++ == 0) /* the sentence a person would see */
				fprintf(stderr, "bench: big: a save failed: %s\n", s.err);
		} else {
			c->at[c->n] = t0;
			c->took[c->n++] = bench_now() - t0;
		}
		usleep(SAVE_PAUSE_US);
	}
	db_close(s.db);
	_exit(0);
}

/* Up to MAX_PEOPLE people with an open case on the caseworker's caseload. */
static int
caseload(struct session *s, int64_t *people)
{
	return bench_caseload(s->db, CASEWORKER, 0, people, MAX_PEOPLE);
}

static long long
marked(db *d)
{
	return bench_one_int(d, "SELECT count(*) FROM contact WHERE at = ?1", MARK_AT);
}

/* user_disable of REMOVED, the saver running: it is started first (a
 * process holds one connection to a file), then the admin's session is
 * opened into adm, and left open.  people: whom the saver reaches;
 * before: the contacts at MARK_AT the file held before it started. */
static int
removal(const char *path, struct session *adm, const int64_t *people, int npeople,
        long long before)
{
	static double ms[MAX_SAVES];
	struct saves *c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	                       -1, 0);
	char err[DB_ERR_MAX], rate[48], target[48];
	long long after, acked;
	double t0, t1;
	struct stats st;
	int n = 0, status, rc = -1, opens;
	pid_t pid;
	db *d;

	adm->db = NULL;
	if (c == MAP_FAILED)
		return -1;
	memset(c, 0, sizeof *c);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		goto out;
	if (pid == 0)
		saver(path, c, people, npeople);
	while (!c->go && waitpid(pid, &status, WNOHANG) == 0)
		usleep(1000);
	if (open_as(path, ADMIN, adm) != 0) {
		c->stop = 1;
		waitpid(pid, &status, 0);
		goto out;
	}
	if (!db_has_user(adm->db, REMOVED)) {
		fprintf(stderr, "bench: big: %s has no key slot to remove\n", REMOVED);
		c->stop = 1;
		waitpid(pid, &status, 0);
		goto out;
	}
	fprintf(stderr, "big: removing %s...\n", REMOVED);
	t0 = bench_now();
	if (user_disable(adm, REMOVED) != 0) {
		fprintf(stderr, "bench: big: user disable: %s\n", adm->err);
		c->stop = 1;
		waitpid(pid, &status, 0);
		goto out;
	}
	t1 = bench_now();
	usleep(200000);
	c->stop = 1;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: big: the saving process did not finish\n");
		goto out;
	}
	for (int i = 0; i < c->n; i++)
		if (c->at[i] + c->took[i] >= t0 && c->at[i] < t1)
			ms[n++] = c->took[i] * 1e3;
	st = stats_of(ms, n);
	snprintf(rate, sizeof rate, "%d saves during it", st.n);
	row("user disable (a key slot; every page)", t1 - t0, rate, "", -1);
	printf("    %-38s %8.1f ms  p99 %.1f ms, median %.1f ms  ", "longest save during it",
	       st.max, st.p99, st.median);
	snprintf(target, sizeof target, "≤%.0f ms", WAIT_TARGET_MS);
	put_padded(target, 10);
	printf("  %s\n", st.n > 0 && st.max <= WAIT_TARGET_MS ? "meets" : "MISSES");
	printf("    %-38s %8d     ", "saves failed (whole run)", c->failed);
	put_padded("0", 10);
	printf("  %s\n", c->failed == 0 ? "meets" : "MISSES");
	acked = c->n;
	after = marked(adm->db);
	printf("    %-38s %8lld     of %lld acknowledged, in the file %lld  %s\n", "saves lost",
	       acked - (after - before), acked, after - before,
	       after - before == acked ? "meets" : "MISSES");
	opens = db_open(path, REMOVED, TEMP_PASS, NULL, &d, err, sizeof err) == 0;
	if (opens)
		db_close(d);
	printf("    %-38s %8s     %s\n", "the removed passphrase opens the file", opens ? "yes" : "no",
	       opens ? "MISSES" : "meets");
	rc = 0;
out:
	munmap(c, sizeof *c);
	return rc;
}

static int
measure(const char *path, long people)
{
	static int64_t who[MAX_PEOPLE];
	struct session adm, sup;
	struct backup_result r;
	char backup[PATH_MAX + 16], a[32];
	struct stat sb;
	const char *steps = getenv("BENCH_BIG_STEPS");
	double t0 = bench_now();
	long long before;
	int npeople, rc = -1;

	if (snprintf(backup, sizeof backup, "%s.backup", path) >= (int)sizeof backup ||
	    open_as(path, ADMIN, &adm) != 0)
		return -1;
	printf("  %s (%s bytes), opened in %.2f s (migrations included)\n", path,
	       commas(stat(path, &sb) == 0 ? (long long)sb.st_size : -1, a), bench_now() - t0);
	if (steps && strcmp(steps, "removal") == 0)
		goto remove_user;
	if (bench_login(adm.db, SUPERVISOR, NOW, &sup) != 0 || bench_report_naloxone(&sup, people) != 0 ||
	    bench_plan(&sup, path, people) != 0)
		goto out;
	fflush(stdout);
	if (bench_env_long("BENCH_BIG_REPORTS", 0, 0, 1) != 0) {
		rc = 0;
		goto out;
	}
	printf("\n  %-40s %8s  %-18s %-24s  %s\n", "", "s", "rate", "target", "result");
	if (verify_row(adm.db, "verify (every page, integrity_check)") != 0)
		goto out;
	fflush(stdout);
	fprintf(stderr, "big: backup with a key...\n");
	printf("\n  %-34s %9s %9s %9s %9s\n", "", "pages", "MiB", "s", "MiB/s");
	unlink_db(backup);
	if (bench_backup_row("backup with a key (authenticated)", path, backup, &adm, PASS, &r) != 0)
		goto out;
	unlink_db(backup);
	fflush(stdout);
remove_user:
	if ((npeople = caseload(&adm, who)) <= 0 || (before = marked(adm.db)) < 0) {
		fprintf(stderr, "bench: big: no open case on %s's caseload\n", CASEWORKER);
		goto out;
	}
	db_close(adm.db);
	printf("\n  %-40s %8s  %-18s %-24s  %s\n", "", "s", "", "target", "result");
	rc = removal(path, &adm, who, npeople, before);
	fflush(stdout);
	if (adm.db)
		db_close(adm.db);
	return rc;
out:
	db_close(adm.db);
	return rc;
}

int
bench_big(const char *scratch, long people)
{
	char copy[PATH_MAX], a[32];
	int made, rc;

	printf("\n\nThe whole file, %s people: verify, a backup with a key, a user's removal while "
	       "a\ncaseworker saves, the naloxone report and release plans, on a copy of the "
	       "kept database.\nTimes are wall clock.\n",
	       commas(people, a));
	if ((made = bench_work_copy("BENCH_BIG_DB", scratch, people, "big", copy, sizeof copy)) < 0)
		return -1;
	rc = measure(copy, people);
	if (made)
		unlink_db(copy);
	return rc;
}
