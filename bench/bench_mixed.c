/* SPDX-License-Identifier: ISC */
/*
 * bench_mixed.c - twenty caseworkers saving contacts while two
 * supervisors read the large database (issue 15's mixed load).
 *
 * MIX_WRITERS processes, each with its own connection, record contacts
 * through the model (contact_record, as the contact form does) back to
 * back, each save its own write transaction, for BENCH_MIXED_SECONDS
 * (default 20).  Once alone, then again while MIX_READERS supervisor
 * processes run the quarter's program report and the follow-up audit for
 * the last 30 days in a loop.  A save's latency is the whole call, from
 * its turn in the writers' queue to the commit's return; a read is one
 * report or one audit.  Then the contacts the file holds are counted
 * against the saves acknowledged: none may be missing.
 *
 * Saves write, so the section never runs on the kept file: it copies it
 * beside itself (cp --reflink=auto, so a copy-on-write file system makes
 * it at once) and deletes the copy after, or writes to the copy that
 * BENCH_MIXED_DB names (and leaves it changed).  Unlocking is not timed.
 * The target: a save's p99 at most 100 ms with the readers running, and
 * no save failed or lost; a miss prints MISSES and never changes the exit
 * status.
 */
#include "bench_mixed.h"
#include "bench_cases.h"
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

#include "contact.h"
#include "db.h"
#include "followup.h"
#include "login.h"
#include "period.h"
#include "report.h"
#include "session.h"
#include "sqldb.h"

#define PASS "a long bench passphrase" /* bench_cases.c's */
#define ADMIN "bench-admin"
#define CASEWORKER "demo-caseworker"
#define SUPERVISOR "demo-supervisor"
#define NOW INT64_C(1790000000) /* bench_cases.c's pinned clock */
#define MARK_AT (NOW - 7)       /* every contact saved here is at this time */
#define MIX_WRITERS 20
#define MIX_READERS 2
#define MAX_SAVES 50000 /* per writer */
#define MAX_PEOPLE 20000
#define TARGET_P99_MS 100.0

struct worker {
	int n, failed;
	double reads_s;
	float took[MAX_SAVES]; /* ms */
};

struct mix {
	volatile int ready, go, stop;
	struct worker w[MIX_WRITERS + MIX_READERS];
};

struct phase {
	struct stats st;
	double seconds;
	int saves, failed, reads, read_failed;
	double read_ms;
};

static int
open_as(const char *path, const char *user, struct session *s)
{
	return bench_open_as(path, ADMIN, PASS, user, NOW, s);
}

static void
wait_go(struct mix *m)
{
	__atomic_add_fetch(&m->ready, 1, __ATOMIC_SEQ_CST);
	while (!m->go)
		usleep(1000);
}

static void
writer(const char *path, int k, struct mix *m, const int64_t *people, int npeople)
{
	static const char *const outcome[] = {"message", "no_answer", "reached"};
	struct worker *w = &m->w[k];
	struct session s;

	if (open_as(path, CASEWORKER, &s) != 0)
		_exit(1);
	wait_go(m);
	for (int i = k; !m->stop && w->n < MAX_SAVES; i += MIX_WRITERS) {
		double t0 = bench_now();
		if (contact_record(&s, people[i % npeople], MARK_AT, "phone", outcome[i % 3], NULL,
		                   NULL) != 0) {
			if (w->failed++ == 0) /* the sentence a person would see */
				fprintf(stderr, "bench: mixed: a save failed: %s\n", s.err);
			continue;
		}
		w->took[w->n++] = (float)((bench_now() - t0) * 1e3);
	}
	db_close(s.db);
	_exit(0);
}

static void
reader(const char *path, int k, struct mix *m)
{
	struct worker *w = &m->w[k];
	struct period quarter, month;
	struct session s;

	if (open_as(path, SUPERVISOR, &s) != 0)
		_exit(1);
	period_days(&s, NOW, 91, &quarter);
	period_days(&s, NOW, 30, &month);
	wait_go(m);
	for (int i = k; !m->stop; i++) {
		double t0 = bench_now();
		int rc;
		if (i % 2) {
			struct report r;
			rc = report_metrics(&s, &quarter, 0, &r);
			if (rc == 0)
				report_free(&r);
		} else {
			struct followup_row *rows;
			int n;
			rc = followup_audit(&s, &month, 0, &rows, &n);
			if (rc == 0)
				free(rows);
		}
		if (rc != 0) {
			if (w->failed++ == 0)
				fprintf(stderr, "bench: mixed: a read failed: %s\n", s.err);
		} else {
			w->n++;
			w->reads_s += bench_now() - t0;
		}
	}
	db_close(s.db);
	_exit(0);
}

/* One timed stretch: the writers, and the readers when readers is set. */
static int
run_phase(const char *path, struct mix *m, int readers, long seconds, const int64_t *people,
          int npeople, struct phase *out)
{
	int nproc = MIX_WRITERS + (readers ? MIX_READERS : 0), rc = 0, status;
	pid_t pid[MIX_WRITERS + MIX_READERS];
	static double v[MIX_WRITERS * MAX_SAVES];
	double t0;

	memset(m, 0, sizeof *m);
	memset(out, 0, sizeof *out);
	fflush(stdout);
	fflush(stderr);
	for (int k = 0; k < nproc; k++) {
		pid[k] = fork();
		if (pid[k] < 0)
			return -1;
		if (pid[k] == 0) {
			if (k < MIX_WRITERS)
				writer(path, k, m, people, npeople);
			reader(path, k, m);
		}
	}
	while (m->ready < nproc) {
		usleep(10000);
		if (waitpid(-1, &status, WNOHANG) > 0) { /* one could not start */
			m->stop = m->go = 1;
			rc = -1;
			break;
		}
	}
	t0 = bench_now();
	m->go = 1;
	while (rc == 0 && bench_now() - t0 < (double)seconds)
		usleep(50000);
	m->stop = 1;
	out->seconds = bench_now() - t0;
	for (int k = 0; k < nproc; k++)
		if (waitpid(pid[k], &status, 0) != pid[k] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			rc = -1;
	for (int k = 0; k < MIX_WRITERS; k++) {
		for (int i = 0; i < m->w[k].n; i++)
			v[out->saves++] = m->w[k].took[i];
		out->failed += m->w[k].failed;
	}
	for (int k = MIX_WRITERS; k < nproc; k++) {
		out->reads += m->w[k].n;
		out->read_failed += m->w[k].failed;
		out->read_ms += m->w[k].reads_s * 1e3;
	}
	if (out->reads)
		out->read_ms /= out->reads;
	out->st = stats_of(v, out->saves);
	return rc;
}

/* Up to MAX_PEOPLE people with an open case on the caseworker's
 * caseload, spread over the file: the writers save contacts with them. */
static int
caseload(const char *path, int64_t *people)
{
	struct session s;
	int n;

	if (open_as(path, CASEWORKER, &s) != 0)
		return -1;
	n = bench_caseload(s.db, CASEWORKER, 1, people, MAX_PEOPLE);
	db_close(s.db);
	return n;
}

static long long
marked(const char *path)
{
	struct session s;
	long long n;

	if (open_as(path, ADMIN, &s) != 0)
		return -1;
	n = bench_one_int(s.db, "SELECT count(*) FROM contact WHERE at = ?1", MARK_AT);
	db_close(s.db);
	return n;
}

static void
phase_row(const char *what, const struct phase *p, int readers)
{
	printf("  ");
	put_padded(what, 22);
	printf(" %7.1f %7.1f %7.1f %8.1f %6d", p->saves / p->seconds, p->st.median, p->st.p99,
	       p->st.max, p->failed);
	if (readers)
		printf(" %8.2f %7.0f  ", p->reads / p->seconds, p->read_ms);
	else
		printf(" %8s %7s  ", "-", "-");
	put_padded(readers ? "p99 ≤100 ms" : "", 12);
	if (readers)
		printf("  %s", p->st.p99 <= TARGET_P99_MS && p->failed == 0 ? "meets" : "MISSES");
	putchar('\n');
}

int
bench_mixed(const char *scratch, long people)
{
	long seconds = bench_env_long("BENCH_MIXED_SECONDS", 20, 2, 600);
	char copy[PATH_MAX], a[32];
	struct phase alone, mixed;
	long long before, after;
	int64_t *who = NULL;
	struct mix *m;
	int npeople, made, rc = -1;

	if (seconds < 0)
		return -1;
	printf("\n\nMixed load, %s people: %d caseworkers saving contacts back to back (each its "
	       "own\nprocess and connection, through the model), %ld s alone, then %ld s while %d "
	       "supervisors\nrun the quarter's program report and the follow-up audit in a loop.  "
	       "Latency: one save,\nits turn in the queue to its commit.\n",
	       commas(people, a), MIX_WRITERS, seconds, seconds, MIX_READERS);
	if ((made = bench_work_copy("BENCH_MIXED_DB", scratch, people, "mixed", copy,
	                            sizeof copy)) < 0)
		return -1;
	m = mmap(NULL, sizeof *m, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	who = malloc(MAX_PEOPLE * sizeof *who);
	if (m == MAP_FAILED || !who)
		goto out;
	npeople = caseload(copy, who);
	before = marked(copy);
	if (npeople <= 0 || before < 0) {
		fprintf(stderr, "bench: mixed: no open case on %s's caseload\n", CASEWORKER);
		goto out;
	}
	fprintf(stderr, "mixed load: saves alone...\n");
	if (run_phase(copy, m, 0, seconds, who, npeople, &alone) != 0)
		goto out;
	fprintf(stderr, "mixed load: saves with readers...\n");
	if (run_phase(copy, m, 1, seconds, who, npeople, &mixed) != 0)
		goto out;
	after = marked(copy);
	printf("  %-22s %7s %7s %7s %8s %6s %8s %7s  %-12s  %s\n", "", "saves/s", "p50 ms",
	       "p99 ms", "max ms", "failed", "reads/s", "read ms", "target", "result");
	phase_row("saves alone", &alone, 0);
	phase_row("saves with readers", &mixed, 1);
	long long acked = alone.saves + mixed.saves, lost = acked - (after - before);
	printf("  saves acknowledged %lld, in the file %lld, lost %lld; read failures %d  %s\n",
	       acked, after - before, lost, mixed.read_failed,
	       lost == 0 && mixed.read_failed == 0 ? "meets" : "MISSES");
	rc = 0;
out:
	if (m != MAP_FAILED)
		munmap(m, sizeof *m);
	free(who);
	if (made)
		unlink_db(copy);
	return rc;
}
