/* SPDX-License-Identifier: ISC */
/*
 * unit_busy.c - twenty people saving into one file at once.
 *
 * Each writer is a process of its own with its own connection, logged in
 * as a caseworker, recording contacts through contact_record the way a
 * save from the record screen does.  Nothing here retries: a save either
 * goes through or the person would have been shown its error, and any
 * error fails the test.  Twice: every writer saving back to back, then at
 * a person's pace (100 ms between saves).  How long each save took is
 * printed (p50, p99, the longest), never asserted: a slow machine makes a
 * slow test, not a failing one.
 *
 * The children open the file only after fork, and the parent holds
 * nothing open while they run.
 *
 * Slow work must not hold the write lock either: every Argon2id this
 * program runs goes through crypto_pwhash below, which notes whether a
 * write transaction was open at the time.
 */
#include "contact.h"
#include "fixture.h"

#include <dlfcn.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WRITERS 20
#define FAST_SAVES 25
#define SLOW_SAVES 10
#define MAX_SAVES 25
#define HUMAN_PAUSE_US 100000
#define NOW (T0 + 30 * DAY)

struct report {
	int saves, failed;
	char err[DB_ERR_MAX];
	double ms[MAX_SAVES];
};

static const char *path;
static int pwhash_calls, pwhash_in_write;

/* libsodium's, seen first: the library's calls land here. */
int
crypto_pwhash(unsigned char *const out, unsigned long long outlen, const char *const passwd,
              unsigned long long passwdlen, const unsigned char *const salt,
              unsigned long long opslimit, size_t memlimit, int alg)
{
	static int (*real)(unsigned char *const, unsigned long long, const char *const,
	                   unsigned long long, const unsigned char *const, unsigned long long,
	                   size_t, int);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash");
	if (!real)
		return -1;
	pwhash_calls++;
	if (d && db_in_write(d))
		pwhash_in_write++;
	return real(out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg);
}
static int64_t people[WRITERS];

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* One writer: logs in, says it is ready, waits for the start (the go pipe
 * closing), saves, reports. */
static void
writer(int w, int saves, useconds_t pause, int out, int go)
{
	struct report r;
	struct session s;
	char c;

	memset(&r, 0, sizeof r);
	d = tu_open(path);
	as(&s, "cal", NOW);
	tu_pipe_write(out, "R", 1);
	while (read(go, &c, 1) > 0)
		;
	for (int i = 0; i < saves; i++) {
		double t0 = now_ms();
		if (contact_record(&s, people[w], NOW - i, "phone", "no_answer", NULL, NULL) != 0) {
			if (!r.failed++)
				snprintf(r.err, sizeof r.err, "%s", s.err);
		} else {
			r.ms[r.saves++] = now_ms() - t0;
		}
		if (pause)
			usleep(pause);
	}
	login_end(&s, NULL);
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

/* Runs WRITERS writers at once and checks that no save failed. */
static int
run(const char *what, int saves, useconds_t pause)
{
	int out[WRITERS][2], go[2], failed = 0, done = 0, status;
	double all[WRITERS * MAX_SAVES], t0;
	const char *first = NULL;
	static struct report rep[WRITERS];
	pid_t pid[WRITERS];

	if (pipe(go) != 0)
		tap_bail("pipe");
	fflush(stdout); /* a child must not inherit unwritten TAP lines */
	for (int i = 0; i < WRITERS; i++) {
		if (pipe(out[i]) != 0 || (pid[i] = fork()) < 0)
			tap_bail("pipe or fork");
		if (pid[i] == 0) {
			close(go[1]);
			close(out[i][0]);
			writer(i, saves, pause, out[i][1], go[0]);
		}
		close(out[i][1]);
	}
	close(go[0]);
	for (int i = 0; i < WRITERS; i++) {
		char c = 0;
		if (tu_pipe_read(out[i][0], &c, 1) != 0 || c != 'R')
			tap_bail("writer %d did not log in", i + 1);
	}
	t0 = now_ms();
	close(go[1]);
	for (int i = 0; i < WRITERS; i++) {
		memset(&rep[i], 0, sizeof rep[i]);
		if (tu_pipe_read(out[i][0], &rep[i], sizeof rep[i]) != 0) {
			rep[i].failed = saves;
			snprintf(rep[i].err, sizeof rep[i].err, "writer %d sent no report", i + 1);
		}
		close(out[i][0]);
		waitpid(pid[i], &status, 0);
		for (int k = 0; k < rep[i].saves; k++)
			all[done++] = rep[i].ms[k];
		failed += rep[i].failed;
		if (rep[i].failed && !first)
			first = rep[i].err;
	}
	t0 = now_ms() - t0;
	if (!ok(failed == 0, "%d writers %s: no save failed", WRITERS, what))
		tap_diag("  %d of %d saves failed; the first said: %s", failed, WRITERS * saves, first);
	qsort(all, (size_t)done, sizeof all[0], by_value);
	if (done)
		tap_diag("%s: %d saves in %.1f s; save took p50 %.0f ms, p99 %.0f ms, max %.0f ms",
		         what, done, t0 / 1e3, all[done / 2], all[(done * 99) / 100], all[done - 1]);
	return done;
}

/* A writer in a process of its own: logs in, then at the parent's word
 * begins a change and holds it for hold_ms before it ends. */
struct holder {
	pid_t pid;
	int to, from;
};

static void
holder_start(struct holder *h, int hold_ms)
{
	int in[2], out[2];
	char c;

	if (pipe(in) != 0 || pipe(out) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((h->pid = fork()) < 0)
		tap_bail("fork");
	if (h->pid == 0) {
		struct session s;
		close(in[1]);
		close(out[0]);
		d = tu_open(path);
		as(&s, "cal", NOW);
		tu_pipe_write(out[1], "R", 1);
		if (tu_pipe_read(in[0], &c, 1) != 0 || db_begin_write(d) != 0)
			_exit(1);
		tu_pipe_write(out[1], "H", 1);
		usleep((useconds_t)hold_ms * 1000);
		db_commit(d);
		db_close(d);
		_exit(0);
	}
	close(in[0]);
	close(out[1]);
	h->to = in[1];
	h->from = out[0];
	if (tu_pipe_read(h->from, &c, 1) != 0)
		tap_bail("the other writer did not log in");
}

static void
holder_hold(struct holder *h)
{
	char c;

	tu_pipe_write(h->to, "G", 1);
	if (tu_pipe_read(h->from, &c, 1) != 0)
		tap_bail("the other writer did not begin its change");
}

/* A save that cannot get its turn in time says so, and leaves nothing. */
static void
too_long(void)
{
	struct db_options o = {.busy_ms = 300};
	struct sigaction sa;
	struct holder h;
	struct session s;
	char err[DB_ERR_MAX];
	long long before;
	int status;

	holder_start(&h, 2000);
	if (db_open(path, TU_ADMIN, TU_PASS, &o, &d, err, sizeof err) != 0)
		tap_bail("open: %s", err);
	as(&s, "cal", NOW);
	before = count("SELECT count(*) FROM contact");
	holder_hold(&h);
	ok(contact_record(&s, people[0], NOW, "phone", "no_answer", NULL, NULL) != 0,
	   "a save behind a change that holds on too long fails");
	has_str(s.err, "busy in another session", "and says the database is busy");
	sigaction(SIGALRM, NULL, &sa);
	ok(sa.sa_handler == SIG_DFL, "the wait leaves SIGALRM as it found it");
	waitpid(h.pid, &status, 0);
	close(h.to);
	close(h.from);
	is_int(count("SELECT count(*) FROM contact"), before, "the failed save left nothing");
	ok(contact_record(&s, people[0], NOW, "phone", "no_answer", NULL, NULL) == 0,
	   "the same save goes through once the other change ends");
	login_end(&s, NULL);
	db_close(d);
	d = NULL;
}

/* Adding a user and setting a passphrase stretch it outside the lock. */
static void
kdf_outside(void)
{
	d = tu_open(path);
	pwhash_calls = pwhash_in_write = 0;
	if (!ok(db_add_user(d, "kim", "a passphrase for kim", DB_KDF_INTERACTIVE, 1) == 0 &&
	        db_set_passphrase(d, "kim", "another one for kim", DB_KDF_INTERACTIVE, 0) == 0,
	        "a user added and given a passphrase"))
		tap_diag("  %s", db_errmsg(d));
	ok(pwhash_calls >= 2, "Argon2id ran for both (%d times)", pwhash_calls);
	is_int(pwhash_in_write, 0, "none of it while holding the write lock");
	db_close(d);
	d = NULL;
}

int
main(void)
{
	struct session s;
	struct db_verify v;
	char code[16];
	long long want;
	int saved;

	fx_setup("busy.db");
	path = strdup(db_path(d));
	as(&s, "cal", T0);
	for (int i = 0; i < WRITERS; i++) {
		snprintf(code, sizeof code, "B-%02d", i + 1);
		people[i] = mk_person(&s, code);
	}
	db_close(d); /* nothing of the parent's stays open across fork */
	d = NULL;

	saved = run("saving back to back", FAST_SAVES, 0);
	saved += run("saving at a person's pace", SLOW_SAVES, HUMAN_PAUSE_US);
	too_long();
	saved++;
	kdf_outside();

	d = tu_open(path);
	want = saved;
	is_int(count("SELECT count(*) FROM contact"), want, "every save that said so is there");
	is_int(count("SELECT count(*) FROM contact"), WRITERS * (FAST_SAVES + SLOW_SAVES) + 1,
	       "every save was made");
	if (!ok(db_verify(d, &v) == 0, "the file is whole afterwards"))
		tap_diag("  %s", db_errmsg(d));
	db_close(d);
	return tap_done();
}
