/* SPDX-License-Identifier: ISC */
/*
 * turn.c - writers wait their turn, in the order they came.
 *
 * SQLite's own wait for the write lock is a busy handler that sleeps and
 * polls, with sleeps growing to 100 ms.  With many writers that is unfair:
 * a writer that has waited long sleeps long, and newcomers polling every
 * few milliseconds take the lock in between.  Measured with 20 processes
 * saving at once: 11 of 40 saves gave up after the 5 s busy timeout, and
 * p99 was 2.2-3.3 s even with retries.
 *
 * So before BEGIN IMMEDIATE a writer waits, blocked in the kernel, on two
 * byte-range locks of the database file that SQLite never uses (turn.h):
 *
 *   gate  taken first, waiting; given back as soon as the turn is ours
 *   turn  taken while holding the gate; kept until COMMIT or ROLLBACK
 *
 * Only the writer holding the gate ever waits for the turn, so the turn
 * passes straight to it when the writer before ends.  A writer that ends
 * and at once wants to write again must queue for the gate behind those
 * already waiting there, and the kernel wakes waiters in the order they
 * blocked: no one writer can keep the lock in a long streak, and nobody
 * polls.  SQLite's own lock is then almost always free; its busy handler
 * still covers a commit that waits for readers to finish.
 *
 * The locks are open file description (OFD) locks on a descriptor of our
 * own: they belong to that descriptor, not the process, so they neither
 * touch nor are touched by SQLite's POSIX locks on the same file.  Closing
 * any descriptor of a file drops the process's POSIX locks on it, so this
 * one is closed only after SQLite has closed its own (vault.c).  A wait is
 * bounded by an interval timer (SIGALRM), so a writer stuck behind a long
 * change says so instead of hanging.
 */
#include "turn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define GATE 0
#define TURN 1
#define WANT 2

int
turn_open(const char *path)
{
	int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && (errno == EACCES || errno == EROFS))
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	return fd;
}

/* F_WRLCK asks for a byte whole.  A descriptor open for reading only
 * cannot take one (EBADF), so there it takes the byte shared: that still
 * keeps every writer out, which is all a keyless backup by an account
 * that may only read the file needs of the turn.  Asking first and
 * falling back costs a writer nothing. */
static int
set_lock(int fd, int which, short type, int wait)
{
	struct flock fl;
	int rc;

	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = (off_t)(TURN_OFFSET + which);
	fl.l_len = 1;
	rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
	if (rc != 0 && errno == EBADF && type == F_WRLCK) {
		fl.l_type = F_RDLCK;
		rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
	}
	return rc;
}

static void
on_alarm(int sig)
{
	(void)sig; /* only to interrupt the wait */
}

double
turn_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Blocks for lock `which` until the deadline: 0, 1 when it ran out, -1. */
static int
wait_for(int fd, int which, double deadline)
{
	for (;;) {
		if (set_lock(fd, which, F_WRLCK, 1) == 0)
			return 0;
		if (errno != EINTR)
			return -1;
		/* The alarm, or another signal (a resized terminal): the
		 * clock decides which. */
		if (turn_now_ms() >= deadline)
			return 1;
	}
}

int
turn_take(int fd, int ms)
{
	struct sigaction sa, old_sa;
	struct itimerval it, old_it;
	double deadline = turn_now_ms() + ms;
	int rc, saved;

	if (fd < 0)
		return 0;
	/* Free now (nearly always with few writers): no timer needed. */
	if (set_lock(fd, GATE, F_WRLCK, 0) == 0) {
		if (set_lock(fd, TURN, F_WRLCK, 0) == 0) {
			set_lock(fd, GATE, F_UNLCK, 0);
			return 0;
		}
		set_lock(fd, GATE, F_UNLCK, 0);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: the wait must end */
	if (sigaction(SIGALRM, &sa, &old_sa) != 0)
		return -1;
	/* Fires at the deadline, then every 10 ms, so one alarm that lands
	 * between two waits cannot leave a later one unbounded. */
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000 + 1;
	it.it_interval.tv_usec = 10000;
	setitimer(ITIMER_REAL, &it, &old_it);
	rc = wait_for(fd, GATE, deadline);
	if (rc == 0) {
		rc = wait_for(fd, TURN, deadline);
		set_lock(fd, GATE, F_UNLCK, 0);
	}
	saved = errno;
	setitimer(ITIMER_REAL, &old_it, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	errno = saved;
	return rc;
}

void
turn_give(int fd)
{
	if (fd >= 0)
		set_lock(fd, TURN, F_UNLCK, 0);
}

int
turn_want(int fd)
{
	return fd >= 0 ? set_lock(fd, WANT, F_RDLCK, 0) : -1;
}

void
turn_unwant(int fd)
{
	if (fd >= 0)
		set_lock(fd, WANT, F_UNLCK, 0);
}

int
turn_wanted(int fd)
{
	struct flock fl;

	if (fd < 0)
		return 0;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = (off_t)(TURN_OFFSET + WANT);
	fl.l_len = 1;
	return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}
