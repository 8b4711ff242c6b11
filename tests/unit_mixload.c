/* SPDX-License-Identifier: ISC */
/*
 * unit_mixload.c - twenty people saving while two supervisors read.
 *
 * A supervisor's report reads a large table from one end to the other;
 * meanwhile caseworkers save contacts.  Twenty writers, each a process
 * with its own connection, save back to back through contact_record, as
 * the record screen does, while two readers loop a full-table aggregate
 * over MIXLOAD_ROWS rows (default 20,000; the figures in VAULT.md were
 * taken with 300,000).  The same writers then run again without the
 * readers.  All of it twice: with a rollback journal, and with a
 * write-ahead log.  Nothing retries: any failed save or read fails the
 * test.
 *
 * How long each save took is printed (p50, p99, the longest), with reads
 * per second, never asserted: a slow machine makes a slow test, not a
 * failing one.
 */
#include "contact.h"
#include "fixture.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WRITERS 20
#define READERS 2
#define SAVES 15
#define NOW (T0 + 30 * DAY)

struct report {
	int saves, failed;
	char err[DB_ERR_MAX];
	double ms[SAVES];
};

struct reads {
	int reads, failed;
	long long sum;
	char err[DB_ERR_MAX];
};

static const char *path;
/* .rollback: the first round (the second keeps the write-ahead log).
 * A writer waits up to two minutes for its turn, as in
 * unit_concurrency.c: on a machine busy with other work a save may wait
 * longer than a person's 5 s, which shows in the figures, while a save
 * that fails still fails the test. */
static struct db_options opts = {.busy_ms = 120000};
static int64_t people[WRITERS];
static long long want_sum;

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void
wait_go(int go)
{
	char c;

	while (read(go, &c, 1) > 0)
		;
}

static void
writer(int w, int out, int go)
{
	struct report r;
	struct session s;

	memset(&r, 0, sizeof r);
	d = tu_open_opts(path, &opts);
	as(&s, "cal", NOW);
	tu_pipe_write(out, "R", 1);
	wait_go(go);
	for (int i = 0; i < SAVES; i++) {
		double t0 = now_ms();
		if (contact_record(&s, people[w], NOW - i, "phone", "no_answer", NULL, NULL) != 0) {
			if (!r.failed++)
				snprintf(r.err, sizeof r.err, "%s", s.err);
		} else {
			r.ms[r.saves++] = now_ms() - t0;
		}
	}
	login_end(&s, NULL);
	db_close(d);
	tu_pipe_write(out, &r, sizeof r);
	_exit(0);
}

/* Reads the whole table again and again until told to stop (SIGTERM
 * sets stop); each read must see the same sum. */
static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void
reader(int out, int go)
{
	struct reads r;

	memset(&r, 0, sizeof r);
	signal(SIGTERM, on_term);
	d = tu_open_opts(path, &opts);
	tu_pipe_write(out, "R", 1);
	wait_go(go);
	while (!stop) {
		long long sum = tu_int(d, "SELECT sum(length(b) + n) FROM load");
		if (sum != want_sum) {
			if (!r.failed++)
				snprintf(r.err, sizeof r.err, "read %lld, not %lld: %s", sum, want_sum,
				         db_errmsg(d));
		} else {
			r.reads++;
		}
	}
	db_close(d);
	tu_pipe_write(out, &r, sizeof r);
	_exit(0);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static pid_t
spawn(int *from, int go[2], void (*fn)(int, int), int w, void (*wfn)(int, int, int))
{
	int p[2];
	pid_t pid;
	char c = 0;

	if (pipe(p) != 0 || (pid = fork()) < 0)
		tap_bail("pipe or fork");
	if (pid == 0) {
		close(go[1]);
		close(p[0]);
		if (fn)
			fn(p[1], go[0]);
		else
			wfn(w, p[1], go[0]);
	}
	close(p[1]);
	if (tu_pipe_read(p[0], &c, 1) != 0 || c != 'R')
		tap_bail("a child did not open the file");
	*from = p[0];
	return pid;
}

static void
run(const char *what, int readers)
{
	static struct report rep[WRITERS];
	int wfrom[WRITERS], rfrom[READERS], go[2], failed = 0, done = 0, status, rfailed = 0;
	pid_t wpid[WRITERS], rpid[READERS];
	double all[WRITERS * SAVES], t0;
	const char *first = NULL;
	int reads = 0;

	if (pipe(go) != 0)
		tap_bail("pipe");
	fflush(stdout);
	for (int i = 0; i < readers; i++)
		rpid[i] = spawn(&rfrom[i], go, reader, 0, NULL);
	for (int i = 0; i < WRITERS; i++)
		wpid[i] = spawn(&wfrom[i], go, NULL, i, writer);
	close(go[0]);
	t0 = now_ms();
	close(go[1]);
	for (int i = 0; i < WRITERS; i++) {
		memset(&rep[i], 0, sizeof rep[i]);
		if (tu_pipe_read(wfrom[i], &rep[i], sizeof rep[i]) != 0) {
			rep[i].failed = SAVES;
			snprintf(rep[i].err, sizeof rep[i].err, "writer %d sent no report", i + 1);
		}
		close(wfrom[i]);
		waitpid(wpid[i], &status, 0);
		for (int k = 0; k < rep[i].saves; k++)
			all[done++] = rep[i].ms[k];
		failed += rep[i].failed;
		if (rep[i].failed && !first)
			first = rep[i].err;
	}
	t0 = now_ms() - t0;
	for (int i = 0; i < readers; i++) {
		struct reads r;
		kill(rpid[i], SIGTERM);
		memset(&r, 0, sizeof r);
		if (tu_pipe_read(rfrom[i], &r, sizeof r) != 0) {
			r.failed = 1;
			snprintf(r.err, sizeof r.err, "a reader sent no report");
		}
		close(rfrom[i]);
		waitpid(rpid[i], &status, 0);
		reads += r.reads;
		if (r.failed && !rfailed++)
			tap_diag("  a reader: %s", r.err);
	}
	if (!ok(failed == 0, "%d writers %s: no save failed", WRITERS, what))
		tap_diag("  %d of %d saves failed; the first said: %s", failed, WRITERS * SAVES, first);
	if (readers)
		ok(rfailed == 0 && reads > 0, "the readers read the whole table every time");
	qsort(all, (size_t)done, sizeof all[0], by_value);
	if (done)
		tap_diag("%s: %d saves in %.1f s (%.1f/s); save took p50 %.0f ms, p99 %.0f ms, "
		         "max %.0f ms; %d full reads (%.2f/s)",
		         what, done, t0 / 1e3, done / (t0 / 1e3), all[done / 2],
		         all[(done * 99) / 100], all[done - 1], reads, reads / (t0 / 1e3));
}

int
main(void)
{
	struct session s;
	struct db_verify v;
	char code[16], sql[200];
	const char *env = getenv("MIXLOAD_ROWS");
	long rows = env ? atol(env) : 20000;

	fx_setup("mixload.db");
	path = strdup(db_path(d));
	as(&s, "cal", T0);
	for (int i = 0; i < WRITERS; i++) {
		snprintf(code, sizeof code, "M-%02d", i + 1);
		people[i] = mk_person(&s, code);
	}
	login_end(&s, NULL);
	tu_exec(d, "CREATE TABLE load (n INTEGER, b BLOB)");
	snprintf(sql, sizeof sql, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
	         "FROM c WHERE n < %ld) INSERT INTO load SELECT n, randomblob(200) FROM c", rows);
	tu_exec(d, sql);
	want_sum = tu_int(d, "SELECT sum(length(b) + n) FROM load");
	tap_diag("%ld rows to read, %ld pages in the file", rows,
	         (long)tu_int(d, "PRAGMA page_count"));
	db_close(d);
	d = NULL;

	for (int wal = 0; wal <= 1; wal++) {
		opts.rollback = !wal;
		run(wal ? "with 2 readers, write-ahead log" : "with 2 readers, rollback journal",
		    READERS);
		run(wal ? "without readers, write-ahead log" : "without readers, rollback journal", 0);
		d = tu_open_opts(path, &opts);
		is_int(count("SELECT count(*) FROM contact"), (wal + 1) * 2 * WRITERS * SAVES,
		       "every save is there");
		if (!ok(db_verify(d, &v) == 0, "the file is whole afterwards"))
			tap_diag("  %s", db_errmsg(d));
		db_close(d);
		d = NULL;
	}
	return tap_done();
}
