/* SPDX-License-Identifier: ISC */
/*
 * bench_tui.c - the terminal interface as staff meet it: the real
 * passage binary in a pseudo-terminal.
 *
 * DESIGN.md gives two numbers for the interface: from starting the
 * program to its login screen at most 50 ms, and from a keystroke to the
 * updated screen at most 16 ms (one frame at 60 Hz).  Both are measured
 * here from the outside, on the program people run, at 10,000 people and
 * on the kept database of 1,000,000 that bench_cases.c made:
 *
 *   start to login screen  fork/exec of `passage FILE` on a new
 *                          pseudo-terminal (forkpty, TERM=vt100, 80x24,
 *                          LC_ALL=C.UTF-8), timed from just before fork()
 *                          until the output read from the master holds
 *                          the login screen's "Passphrase:"; START_RUNS
 *                          times, each quit with ^Q y;
 *   log in                 ENTER after the user name and passphrase, to
 *                          the queues screen drawn (Argon2id INTERACTIVE
 *                          and every queue read: no target, shown for
 *                          scale);
 *   moving                 MOVE_KEYS keystrokes down the queues screen as
 *                          demo-supervisor, who sees every queue (up to
 *                          QUEUE_ROWS rows each): j, and every
 *                          PAGE_EVERY-th one SPACE (a page down);
 *   searching              / opens the search, then six characters of a
 *                          common name typed one at a time (the search
 *                          runs on each), then ESC back to the queues,
 *                          which reads every queue again; for each of
 *                          the names in typed[];
 *   opening a person       in each search, before the ESC: ENTER opens
 *                          the first person found (the whole record read
 *                          and drawn), q goes back to the search.  The
 *                          audit rows those openings wrote are counted
 *                          in the file afterwards: the target is one
 *                          "view" row per opening.
 *
 * A keystroke's time runs from writing it to the master until the last
 * byte of the redraw it causes.  The redraw is over when QUIET_MS pass
 * with no output; that quiet time is not counted.  Then the bench waits
 * SETTLE_MS more before the next key: output in that time means the
 * program was held up in the middle of its redraw (two CPUs, a build
 * running beside), so the redraw ends at that later byte, and such keys
 * are counted.  Before each keystroke the output is drained, so what is
 * measured is the answer to that key and nothing older.  Keys come
 * SETTLE_MS and a little apart: a fast typist's pace.
 *
 * The program redraws by itself only when a second passes with no key
 * (the idle-lock countdown on the status line) and when the minute of
 * its clock changes.  Either would add output to a keystroke's window
 * without being its answer, so a keystroke is left out when it ended 0.95
 * s or more after the program's previous output, or when the wall-clock
 * minute changed while it was measured; the count is printed.  Keys come
 * a few milliseconds apart, so the first almost never happens.
 *
 * The program runs on the real clock: the file's people were made as of
 * bench_cases.c's pinned time, and the queues hold what is due by today.
 * The screen's rows are counted in-process first (the same queue calls,
 * the same limit) and printed, so the size of what was moved through is
 * on record.
 *
 * demo-supervisor's passphrase is the temporary one bench_cases.c gave
 * it, marked to be changed at first login; the login would then go to
 * the "choose your own passphrase" screen, and choosing one would change
 * the kept file for every later run.  So the bench clears that mark
 * (same passphrase, a header write) before the first login, and never
 * again once it is cleared.  Each login adds audit rows to the file, as
 * bench_cases.c's do.
 *
 * Like the other sections, a missed target is printed as MISSES and a
 * result judges the p95; the exit status changes only when something
 * breaks (the program does not start, does not log in, does not redraw).
 */
#include "bench_tui.h"
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "sqldb.h"
#include "demo.h"
#include "login.h"
#include "queue.h"
#include "session.h"
#include "user.h"

/* bench_cases.c's users, passphrases, seed and pinned time: the kept
 * database was made with them, and the small one here is made the same
 * way. */
#define ADMIN "bench-admin"
#define ADMIN_PASS "a long bench passphrase"
#define SUPERVISOR "demo-supervisor"
#define SUPERVISOR_PASS "a temporary bench passphrase"
#define SEED 1
#define MADE_AT INT64_C(1790000000)
#define SMALL_PEOPLE 10000

#define QUEUE_ROWS 1000 /* scr_queues.c's ROWS_MAX: rows the screen loads per queue */

#define START_RUNS 20
#define MOVE_KEYS 200
#define PAGE_EVERY 5
#define TYPED_LEN 6
#define QUIET_MS 3
#define SETTLE_MS 50
/* A move that draws nothing within this is at the end of the list; under
 * a second, so the program's own once-a-second redraw cannot answer. */
#define MOVE_WAIT_MS 900
#define KEY_WAIT_MS 10000
#define SCREEN_WAIT_MS 120000
#define TICK_S 0.95

#define START_TARGET_MS 50.0
#define KEY_TARGET_MS 16.0

#define OUT_MAX 16384

/* Prefixes of names demo.c gives many people; "hernan" is Hernández
 * typed without its accent. */
static const char *const typed[] = {"guadal", "franci", "hernan", "morale", "washin"};
#define NTYPED ((int)(sizeof typed / sizeof typed[0]))

/* ---------------------------------------------------------------- small things */



/* ---------------------------------------------------------------- the pseudo-terminal */

struct tty {
	int fd; /* the master */
	pid_t pid;
	char out[OUT_MAX]; /* output since tty_clear(), for finding text */
	size_t len;
	double last; /* when output last came, bench_now() */
};

static void
tty_clear(struct tty *t)
{
	t->len = 0;
}

/* 1: output came within wait_ms (kept in t->out, t->last set); 0: none;
 * -1: the program is gone (the master reads EIO) or poll failed. */
static int
tty_take(struct tty *t, int wait_ms)
{
	struct pollfd p = {t->fd, POLLIN, 0};
	char buf[4096];
	ssize_t n;
	int r = poll(&p, 1, wait_ms);

	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	n = read(t->fd, buf, sizeof buf);
	if (n <= 0)
		return n < 0 && (errno == EINTR || errno == EAGAIN) ? 0 : -1;
	t->last = bench_now();
	/* Only text shorter than this is looked for: keep the tail. */
	if (t->len + (size_t)n > sizeof t->out) {
		size_t keep = 256 < t->len ? 256 : t->len;
		memmove(t->out, t->out + t->len - keep, keep);
		t->len = keep;
	}
	if ((size_t)n > sizeof t->out - t->len)
		n = (ssize_t)(sizeof t->out - t->len);
	memcpy(t->out + t->len, buf, (size_t)n);
	t->len += (size_t)n;
	return 1;
}

/* Reads until quiet_ms pass with no output. */
static int
tty_quiet(struct tty *t, int quiet_ms)
{
	double give_up = bench_now() + 30;
	int r;

	while ((r = tty_take(t, quiet_ms)) == 1)
		if (bench_now() > give_up) {
			fprintf(stderr, "bench: the interface does not stop drawing\n");
			return -1;
		}
	return r;
}

/* The index of the first of want[] that the output holds, waiting up to
 * wait_ms for one to come; -1 if none came. */
static int
tty_wait(struct tty *t, const char *const *want, int nwant, int wait_ms)
{
	double end = bench_now() + wait_ms / 1e3;

	for (;;) {
		double left = end - bench_now();
		for (int i = 0; i < nwant; i++)
			if (memmem(t->out, t->len, want[i], strlen(want[i])))
				return i;
		if (left <= 0 || tty_take(t, (int)(left * 1e3) + 1) < 0)
			return -1;
	}
}

static int
tty_write(struct tty *t, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(t->fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "bench: writing to the pseudo-terminal: %s\n", strerror(errno));
			return -1;
		}
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* stdout is flushed before fork(), and the child leaves by exec or
 * _exit(), so nothing buffered here is written twice. */
static int
tty_spawn(struct tty *t, const char *passage, const char *file, double *t0)
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80};

	memset(t, 0, sizeof *t);
	fflush(stdout);
	fflush(stderr);
	*t0 = bench_now();
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0) {
		fprintf(stderr, "bench: forkpty: %s\n", strerror(errno));
		return -1;
	}
	if (t->pid == 0) {
		char *argv[] = {(char *)passage, (char *)file, NULL};
		setenv("TERM", "vt100", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		/* curses takes these over the window size of the terminal. */
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execv(passage, argv);
		_exit(127);
	}
	t->last = *t0;
	return 0;
}

static void
tty_kill(struct tty *t)
{
	kill(t->pid, SIGKILL);
	waitpid(t->pid, NULL, 0);
	close(t->fd);
}

/* Quits the way a person does (key, then y at "Quit Passage?") and
 * waits for the program to end; 0 if it ended with status 0. */
static int
tty_quit(struct tty *t, const char *key)
{
	static const char *const ask[] = {"Quit Passage?"};
	double end;
	pid_t r;
	int st;

	tty_clear(t);
	if (tty_quiet(t, QUIET_MS) < 0 || tty_write(t, key) != 0 ||
	    tty_wait(t, ask, 1, KEY_WAIT_MS) != 0 || tty_write(t, "y") != 0) {
		fprintf(stderr, "bench: passage did not ask before quitting\n");
		tty_kill(t);
		return -1;
	}
	/* The master reads EIO once the program has closed the terminal. */
	end = bench_now() + 10;
	while (tty_take(t, 100) >= 0 && bench_now() < end)
		;
	while ((r = waitpid(t->pid, &st, WNOHANG)) == 0 && bench_now() < end)
		usleep(1000);
	if (r != t->pid) {
		fprintf(stderr, "bench: passage did not end after quitting\n");
		tty_kill(t);
		return -1;
	}
	close(t->fd);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench: passage ended with status %d\n",
		        WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- one keystroke */

enum press { P_OK, P_NONE, P_LEFT_OUT, P_FAIL };

/* Writes key and times the redraw that answers it: P_OK with *ms, P_NONE
 * when nothing was drawn within wait_ms, P_LEFT_OUT when the program's
 * own redraw may be in it (see the top of the file).  *paused: 1 when
 * output came again after the QUIET_MS that ended it. */
static enum press
press(struct tty *t, const char *key, int wait_ms, double *ms, int *paused)
{
	double before, t0, end;
	time_t minute;
	int r;

	*paused = 0;
	if (tty_quiet(t, QUIET_MS) < 0)
		return P_FAIL;
	before = t->last;
	tty_clear(t);
	minute = time(NULL) / 60;
	t0 = bench_now();
	if (tty_write(t, key) != 0)
		return P_FAIL;
	r = tty_take(t, wait_ms);
	if (r == 0)
		return P_NONE;
	if (r < 0 || tty_quiet(t, QUIET_MS) < 0)
		return P_FAIL;
	end = t->last;
	/* On a busy machine the program can be held up in the middle of a
	 * redraw for longer than QUIET_MS; the rest would then be counted
	 * for the next key.  Nothing else draws this soon after a key, so
	 * output within SETTLE_MS is this redraw's, and its end is later. */
	if (tty_quiet(t, SETTLE_MS) < 0)
		return P_FAIL;
	if (t->last != end) {
		*paused = 1;
		end = t->last;
	}
	*ms = (end - t0) * 1e3;
	if (t0 - before >= TICK_S || time(NULL) / 60 != minute)
		return P_LEFT_OUT;
	return P_OK;
}

/* ---------------------------------------------------------------- one size */

struct samples {
	double v[MOVE_KEYS];
	int n;
};

struct size_run {
	long people;
	const char *path;
	int made_here;
	int rows[QUEUE_COUNT];
	struct samples start, login, row, page, open, chr[TYPED_LEN], person, back, esc;
	int left_out, paused, turned;
	int64_t seq0;            /* the audit log's last row before the work */
	long long views, parts; /* view rows the openings wrote: of the person, of parts */
};

static void
add(struct samples *s, double ms)
{
	if (s->n < MOVE_KEYS)
		s->v[s->n++] = ms;
}

/* Counts the P_LEFT_OUT ones; fails on P_FAIL, and on P_NONE when the key
 * must draw something. */
static int
keep(struct size_run *z, struct samples *s, enum press r, double ms, const char *what)
{
	switch (r) {
	case P_OK:
		add(s, ms);
		return 0;
	case P_LEFT_OUT:
		z->left_out++;
		return 0;
	case P_NONE:
		fprintf(stderr, "bench: passage drew nothing for %s\n", what);
		return -1;
	default:
		return -1;
	}
}

/* A keystroke that must draw something, into s. */
static int
time_key(struct tty *t, struct size_run *z, struct samples *s, const char *key, int wait_ms)
{
	double ms = 0;
	int paused;
	enum press r = press(t, key, wait_ms, &ms, &paused);

	z->paused += paused;
	return keep(z, s, r, ms, key[0] == '\033' ? "ESC" : key);
}

/* Down the queues: j, and every PAGE_EVERY-th key SPACE.  Should the list
 * end first (a small database), the cursor turns and goes back up with k
 * and ^B, which redraw the same way. */
static int
moves(struct tty *t, struct size_run *z)
{
	int dir = 1, stuck = 0, done = 0;

	while (done < MOVE_KEYS) {
		int page = done % PAGE_EVERY == PAGE_EVERY - 1;
		const char *key = page ? (dir > 0 ? " " : "\002") : (dir > 0 ? "j" : "k");
		double ms = 0;
		int paused;
		enum press r = press(t, key, MOVE_WAIT_MS, &ms, &paused);

		if (r == P_FAIL)
			return -1;
		if (r == P_NONE) {
			if (++stuck > 2) {
				fprintf(stderr, "bench: the queues screen does not move (no rows?)\n");
				return -1;
			}
			dir = -dir;
			z->turned++;
			continue;
		}
		stuck = 0;
		done++;
		z->paused += paused;
		if (keep(z, page ? &z->page : &z->row, r, ms, "a move") != 0)
			return -1;
	}
	return 0;
}

static int
searches(struct tty *t, struct size_run *z)
{
	/* The title bar's name of the screen: the top of the list, with
	 * its first heading, is far above the cursor by now. */
	static const char *const home[] = {"queues"};
	static const char *const record[] = {"Caseworker:"};

	for (int i = 0; i < NTYPED; i++) {
		if (time_key(t, z, &z->open, "/", KEY_WAIT_MS) != 0)
			return -1;
		for (int c = 0; c < TYPED_LEN; c++) {
			char key[2] = {typed[i][c], 0};
			if (time_key(t, z, &z->chr[c], key, KEY_WAIT_MS) != 0)
				return -1;
		}
		if (time_key(t, z, &z->person, "\r", SCREEN_WAIT_MS) != 0)
			return -1;
		if (tty_wait(t, record, 1, 0) != 0) {
			fprintf(stderr, "bench: ENTER did not open a person\n");
			return -1;
		}
		if (time_key(t, z, &z->back, "q", KEY_WAIT_MS) != 0)
			return -1;
		if (time_key(t, z, &z->esc, "\033", SCREEN_WAIT_MS) != 0)
			return -1;
		/* The queues again, not the search screen redrawn. */
		if (tty_wait(t, home, 1, 0) != 0) {
			fprintf(stderr, "bench: ESC did not go back to the queues\n");
			return -1;
		}
	}
	return 0;
}

/* Starts passage START_RUNS times: fork to "Passphrase:". */
static int
starts(const char *passage, struct size_run *z)
{
	static const char *const login[] = {"Passphrase:"};

	for (int i = 0; i < START_RUNS; i++) {
		struct tty t;
		double t0;
		if (tty_spawn(&t, passage, z->path, &t0) != 0)
			return -1;
		if (tty_wait(&t, login, 1, SCREEN_WAIT_MS) != 0) {
			fprintf(stderr, "bench: %s %s: no login screen\n", passage, z->path);
			tty_kill(&t);
			return -1;
		}
		add(&z->start, (t.last - t0) * 1e3);
		if (tty_quit(&t, "\021") != 0) /* ^Q */
			return -1;
	}
	return 0;
}

/* One login as SUPERVISOR, the moves, the searches, q y. */
static int
work(const char *passage, struct size_run *z)
{
	static const char *const login[] = {"Passphrase:"};
	static const char *const after[] = {"48-hour", "do not match", "Choose your own"};
	struct tty t;
	double t0;
	int r;

	if (tty_spawn(&t, passage, z->path, &t0) != 0)
		return -1;
	if (tty_wait(&t, login, 1, SCREEN_WAIT_MS) != 0 || tty_quiet(&t, SETTLE_MS) < 0)
		goto fail;
	/* Name and passphrase at once, as a fast typist's; the last ENTER is
	 * the one timed. */
	if (tty_write(&t, SUPERVISOR "\r" SUPERVISOR_PASS) != 0 ||
	    tty_quiet(&t, SETTLE_MS) < 0)
		goto fail;
	tty_clear(&t);
	t0 = bench_now();
	if (tty_write(&t, "\r") != 0)
		goto fail;
	r = tty_wait(&t, after, 3, SCREEN_WAIT_MS);
	if (r != 0) {
		fprintf(stderr, "bench: logging in as %s on %s: %s\n", SUPERVISOR, z->path,
		        r < 0 ? "no queues screen" : r == 1 ? "passphrase refused" :
		                                              "sent to choose a passphrase");
		goto fail;
	}
	/* The screen comes in one redraw after the Argon2id and the queues;
	 * SETTLE_MS, as for a key held up in its redraw. */
	if (tty_quiet(&t, SETTLE_MS) < 0)
		goto fail;
	add(&z->login, (t.last - t0) * 1e3);
	fprintf(stderr, "%ld people: keystrokes...\n", z->people);
	if (moves(&t, z) != 0 || searches(&t, z) != 0)
		goto fail;
	return tty_quit(&t, "q");
fail:
	tty_kill(&t);
	return -1;
}

/* ---------------------------------------------------------------- the databases */

/* The small database, made as bench_cases.c makes its own (which it
 * removes when done), less the caseworkers nobody here logs in as: the
 * admin, the supervisor, demo_fill. */
static int
make_small(const char *path)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)ADMIN};
	struct demo_options dopt = {SMALL_PEOPLE, SEED};
	struct session s = {.fixed_now = MADE_AT};
	char code[DB_RECOVERY_CODE_LEN], err[DB_ERR_MAX];
	db *d;
	int rc;

	unlink(path);
	rc = db_create(path, ADMIN, ADMIN_PASS, DB_KDF_INTERACTIVE, code, &o, &d, err, sizeof err);
	sodium_memzero(code, sizeof code);
	if (rc != 0) {
		fprintf(stderr, "bench: db_create %s: %s\n", path, err);
		return -1;
	}
	rc = login_as(&s, d, ADMIN) != 0 ||
	     user_add(&s, SUPERVISOR, "Demo Supervisor", ROLE_SUPERVISOR, SUPERVISOR_PASS,
	              DB_KDF_INTERACTIVE) != 0 ||
	     demo_fill(&s, &dopt, NULL, NULL) != 0;
	if (rc)
		fprintf(stderr, "bench: making %s: %s\n", path, s.err);
	db_close(d);
	return rc ? -1 : 0;
}

/* Clears the supervisor's must-change mark (see the top of the file) and
 * counts the rows the queues screen will load, on the real clock. */
static int
prepare(struct size_run *z)
{
	struct queue_filter f = {0, 0};
	struct session s = {0};
	struct queue_row *rows = calloc(QUEUE_ROWS, sizeof *rows);
	char err[DB_ERR_MAX];
	int rc = -1;
	db *d;

	if (!rows)
		return -1;
	if (db_open(z->path, SUPERVISOR, SUPERVISOR_PASS, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: db_open %s as %s: %s\n", z->path, SUPERVISOR, err);
		free(rows);
		return -1;
	}
	if (db_must_change(d) &&
	    db_set_passphrase(d, SUPERVISOR, SUPERVISOR_PASS, DB_KDF_INTERACTIVE, 0) != 0) {
		fprintf(stderr, "bench: %s: keeping %s's passphrase: %s\n", z->path, SUPERVISOR,
		        db_errmsg(d));
		goto out;
	}
	if (login_as(&s, d, SUPERVISOR) != 0) {
		fprintf(stderr, "bench: %s: log in as %s: %s\n", z->path, SUPERVISOR, s.err);
		goto out;
	}
	z->seq0 = bench_one_int(d, "SELECT max(seq) FROM audit", 0);
	for (int i = 0; i < QUEUE_COUNT; i++)
		if (queue_defs[i].fill(&s, &f, rows, QUEUE_ROWS, &z->rows[i]) != 0) {
			fprintf(stderr, "bench: %s: queue \"%s\": %s\n", z->path, queue_defs[i].title,
			        s.err);
			goto out;
		}
	rc = 0;
out:
	db_close(d);
	free(rows);
	return rc;
}

/* The view rows the work's openings of a person wrote, after z->seq0:
 * those of the whole person and those of a part of the record. */
static int
count_views(struct size_run *z)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(z->path, SUPERVISOR, SUPERVISOR_PASS, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: db_open %s as %s: %s\n", z->path, SUPERVISOR, err);
		return -1;
	}
	z->views = bench_one_int(d, "SELECT count(*) FROM audit WHERE seq > ?1 AND action = "
	                         "'view' AND person_id IS NOT NULL AND entity = 'person'", z->seq0);
	z->parts = bench_one_int(d, "SELECT count(*) FROM audit WHERE seq > ?1 AND action = "
	                         "'view' AND person_id IS NOT NULL AND entity <> 'person'", z->seq0);
	db_close(d);
	return z->views < 0 || z->parts < 0 ? -1 : 0;
}

/* The passage beside this bench: $(BUILD)/bench/bench -> $(BUILD)/passage. */
static int
passage_path(char out[PATH_MAX])
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n <= 0) {
		fprintf(stderr, "bench: /proc/self/exe: %s\n", strerror(errno));
		return -1;
	}
	self[n] = 0;
	for (int i = 0; i < 2; i++) {
		if (!(slash = strrchr(self, '/')))
			return -1;
		*slash = 0;
	}
	if (snprintf(out, PATH_MAX, "%s/passage", self) >= PATH_MAX || access(out, X_OK) != 0) {
		fprintf(stderr, "bench: no program at %s: make passage first\n", out);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- report */

static void
put_stats(const char *label, struct samples *s, double target)
{
	struct stats st = stats_of(s->v, s->n);
	char t[32];

	printf("  ");
	put_padded(label, 40);
	printf(" %5d %8.2f %8.2f %8.2f  ", st.n, st.median, st.p95, st.max);
	if (target > 0) {
		snprintf(t, sizeof t, "≤%.0f ms", target);
		put_padded(t, 8);
		printf("  %s\n", st.n == 0 ? "-" : st.p95 <= target ? "meets" : "MISSES");
	} else {
		put_padded("-", 8);
		printf("  n/a\n");
	}
}

/* The pooled samples of several groups. */
static void
put_pooled(const char *label, struct samples *const *g, int ng, double target)
{
	static struct samples all;

	all.n = 0;
	for (int i = 0; i < ng; i++)
		for (int k = 0; k < g[i]->n; k++)
			add(&all, g[i]->v[k]);
	put_stats(label, &all, target);
}

static void
print_size(struct size_run *z)
{
	struct samples *moved[] = {&z->row, &z->page};
	struct samples *typing[TYPED_LEN];
	char a[32], label[64];

	printf("\n-- %s people ", commas(z->people, a));
	for (int i = (int)strlen(a); i < 60; i++)
		putchar('-');
	printf("\n  database   %s\n", z->path);
	printf("             %s\n", z->made_here ? "made here by demo_fill, seed 1, as the "
	                                           "small one above; removed at the end"
	                                         : "the case records' kept one");
	printf("  queues     rows the screen loads for %s today (at most %s each):\n",
	       SUPERVISOR, commas(QUEUE_ROWS, a));
	for (int i = 0; i < QUEUE_COUNT; i++)
		printf("               %-50s %6d%s\n", queue_defs[i].title, z->rows[i],
		       z->rows[i] >= QUEUE_ROWS ? " (or more)" : "");
	printf("\n  %-40s %5s %8s %8s %8s  %-8s  %s\n", "ms", "keys", "median", "p95", "max",
	       "target", "result");
	put_stats("start to login screen", &z->start, START_TARGET_MS);
	put_stats("log in: ENTER to queues screen", &z->login, 0);
	put_stats("j: next row", &z->row, KEY_TARGET_MS);
	put_stats("SPACE: next page", &z->page, KEY_TARGET_MS);
	put_pooled("every move", moved, 2, KEY_TARGET_MS);
	put_stats("/: open the search", &z->open, KEY_TARGET_MS);
	for (int c = 0; c < TYPED_LEN; c++) {
		snprintf(label, sizeof label, "search: character %d typed", c + 1);
		put_stats(label, &z->chr[c], KEY_TARGET_MS);
		typing[c] = &z->chr[c];
	}
	put_pooled("every search keystroke", typing, TYPED_LEN, KEY_TARGET_MS);
	put_stats("ENTER: open the person found", &z->person, KEY_TARGET_MS);
	put_stats("q: back to the search", &z->back, KEY_TARGET_MS);
	put_stats("ESC: back to the queues (25 ms is curses' wait)", &z->esc, KEY_TARGET_MS);
	printf("  audit rows per opening of a person: %.2f (%lld of the person, %lld of parts of\n"
	       "  the record, %d openings; target 1): %s\n",
	       NTYPED ? (double)(z->views + z->parts) / NTYPED : 0.0, z->views, z->parts, NTYPED,
	       z->views + z->parts == NTYPED ? "meets" : "MISSES");
	if (z->turned)
		printf("  the list ended before %d moves: the cursor turned %d time%s\n", MOVE_KEYS,
		       z->turned, z->turned == 1 ? "" : "s");
	printf("  left out: %d keystroke%s (a redraw of the program's own may be in it); "
	       "%d redraw%s paused\n  for more than %d ms and %s timed to %s last byte\n",
	       z->left_out, z->left_out == 1 ? "" : "s", z->paused, z->paused == 1 ? "" : "s",
	       QUIET_MS, z->paused == 1 ? "was" : "were", z->paused == 1 ? "its" : "their");
	fflush(stdout);
}

static int
run_size(const char *passage, struct size_run *z)
{
	fprintf(stderr, "%ld people: the terminal interface...\n", z->people);
	if (prepare(z) != 0 || starts(passage, z) != 0 || work(passage, z) != 0 ||
	    count_views(z) != 0)
		return -1;
	print_size(z);
	return 0;
}

/* ---------------------------------------------------------------- the section */

int
bench_tui(const char *scratch, long people)
{
	static struct size_run small, large;
	char passage[PATH_MAX], small_path[PATH_MAX], large_path[PATH_MAX];

	if (passage_path(passage) != 0 || bench_kept_path(people, SEED, large_path) != 0)
		return -1;
	printf("\n\nTerminal interface: the real program in a pseudo-terminal (forkpty; "
	       "TERM=vt100,\n80x24, LC_ALL=C.UTF-8): %s,\nlogged in as %s, who sees every "
	       "queue.  Start: from just before\nfork() until the output holds the login "
	       "screen's \"Passphrase:\".  A keystroke:\nfrom writing it until the last byte "
	       "of the redraw it causes (over when %d ms pass\nwith no output; those %d ms are "
	       "not counted), keys %d ms apart.  The program\nruns on the real clock: the "
	       "queues hold what is due today for people made as of\nthe pinned time above.  "
	       "j and SPACE: %d keys down the queues screen, every %dth\na SPACE.  Search: / "
	       "then %d characters, one at a time, of each of\n", passage, SUPERVISOR,
	       QUIET_MS, QUIET_MS, SETTLE_MS, MOVE_KEYS, PAGE_EVERY, TYPED_LEN);
	for (int i = 0; i < NTYPED; i++)
		printf("%s\"%s\"", i == 0 ? "" : i + 1 == NTYPED ? " and " : ", ", typed[i]);
	printf(", then ESC (its time\nincludes curses' 25 ms wait for the rest of a "
	       "function key).\nA result judges the p95.\n");
	fflush(stdout);

	if (people > SMALL_PEOPLE) {
		if (snprintf(small_path, sizeof small_path, "%s/tui-%d.db", scratch, SMALL_PEOPLE) >=
		    (int)sizeof small_path)
			return -1;
		fprintf(stderr, "terminal interface: making %d people...\n", SMALL_PEOPLE);
		small.people = SMALL_PEOPLE;
		small.path = small_path;
		small.made_here = 1;
		if (make_small(small_path) != 0 || run_size(passage, &small) != 0)
			return -1;
		unlink(small_path);
	}
	large.people = people;
	large.path = large_path;
	return run_size(passage, &large);
}
