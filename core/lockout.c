/* SPDX-License-Identifier: ISC */
/*
 * lockout.c - wrong passphrases: a growing wait, and the authentication log.
 *
 * Guessing passphrases at a terminal should be slow.  After LOCKOUT_FREE
 * (3) wrong tries in a row the next one waits 1 second, then 2, 4, 8, 16
 * and 30, and 30 from then on; a login that succeeds starts the count again,
 * and so does LOCKOUT_FORGET seconds with no wrong try.  The schedule is
 * plain arithmetic (lockout_wait, lockout_left), so it is tested without
 * waiting.
 *
 * Where the count lives.  A wrong passphrase unlocks nothing, so nothing
 * can be written into the encrypted file: the count must live outside it.
 * The command line starts a new process for every try, so memory is not
 * enough either.  It lives in a small file beside the database, FILE.logins,
 * holding two numbers (the count and the time of the last wrong try) and
 * nothing else.  Beside the database rather than per user (under
 * $XDG_RUNTIME_DIR): staff on shared terminals may all log in as one Unix
 * account or as many, and the tries against one database are what is
 * being slowed, whichever account they come from.  The file takes the
 * database's mode and group, so every member of the group can count; the
 * price is that wrong tries by anyone slow the next try by anyone, by 30
 * seconds at most.  Anyone who can write the folder can also reset the
 * count: this slows guessing at the terminal, it does not stop a group
 * member who could as well copy the encrypted file.  If the file cannot be
 * written, each process still counts its own tries in memory.
 *
 * The log.  Each wrong try is one line to syslog(3) in LOG_AUTHPRIV, where
 * the system keeps failed logins for its admins: the user name as typed
 * and the terminal, nothing else.  The line is made by a pure function
 * (lockout_log_line) so that what it holds can be tested.
 */
#include "lockout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

int
lockout_wait(int fails)
{
	int over = fails - LOCKOUT_FREE;

	if (over < 0)
		return 0;
	if (over >= 5)
		return LOCKOUT_MAX_WAIT;
	return 1 << over;
}

int
lockout_count(const struct lockout *l, int64_t now)
{
	/* A last wrong try in the future (a clock set back since, or a file
	 * written by hand) would never be forgotten and would keep everyone
	 * waiting until that day: it counts as long past. */
	if (l->count <= 0 || now - l->last >= LOCKOUT_FORGET || l->last > now + LOCKOUT_SKEW)
		return 0;
	return l->count;
}

int
lockout_left(const struct lockout *l, int64_t now)
{
	int wait = lockout_wait(lockout_count(l, now));
	int64_t left = l->last + wait - now;

	if (left <= 0)
		return 0;
	return left > wait ? wait : (int)left;
}

/* ------------------------------------------------------ the shared count */

/* Opens db's count file, locked, with the database's mode and group;
 * made if create and not there; -1 if the database is not there or the
 * file cannot be had. */
static int
count_open(const char *db, int create)
{
	struct stat dst, st;
	size_t n = strlen(db) + sizeof LOCKOUT_SUFFIX;
	char *path;
	int fd;

	if (stat(db, &dst) != 0 || !S_ISREG(dst.st_mode) || !(path = malloc(n)))
		return -1;
	snprintf(path, n, "%s%s", db, LOCKOUT_SUFFIX);
	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
	free(path);
	if (fd < 0)
		return -1;
	/* The process's umask made it private; the group needs it too. */
	if (fstat(fd, &st) == 0 && st.st_uid == geteuid()) {
		if (st.st_gid != dst.st_gid && fchown(fd, (uid_t)-1, dst.st_gid) != 0) {
			/* not in the database's group: the mode still follows */
		}
		if ((st.st_mode & 0777) != (dst.st_mode & 0666))
			fchmod(fd, dst.st_mode & 0666);
	}
	if (flock(fd, LOCK_EX) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
count_read(int fd, struct lockout *l)
{
	char buf[64];
	ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
	long long count, last;

	if (r <= 0)
		return;
	buf[r] = 0;
	if (sscanf(buf, "%lld %lld", &count, &last) != 2 || count < 0 || count > 1000000)
		return;
	if ((int)count > l->count) {
		l->count = (int)count;
		l->last = last;
	} else if ((int)count == l->count && last > l->last) {
		l->last = last;
	}
}

static void
count_write(int fd, const struct lockout *l)
{
	char buf[64];
	int len = snprintf(buf, sizeof buf, "%d %lld\n", l->count, (long long)l->last);

	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)len, 0) != len) {
		/* a short write leaves a line count_read ignores */
	}
}

void
lockout_load(const char *db, struct lockout *l)
{
	int fd = count_open(db, 0);

	if (fd < 0)
		return;
	count_read(fd, l);
	close(fd);
}

int
lockout_fail(const char *db, struct lockout *l, int64_t now)
{
	int fd = count_open(db, 1);

	if (fd >= 0)
		count_read(fd, l);
	l->count = lockout_count(l, now) + 1;
	l->last = now;
	if (fd >= 0) {
		count_write(fd, l);
		close(fd);
	}
	return lockout_wait(l->count);
}

void
lockout_clear(const char *db, struct lockout *l)
{
	int fd = count_open(db, 0);

	l->count = 0;
	l->last = 0;
	/* Emptied, not removed: another process may hold it open, locked.
	 * A login that follows no wrong try makes no file. */
	if (fd >= 0) {
		if (lseek(fd, 0, SEEK_END) > 0 && ftruncate(fd, 0) != 0) {
			/* left as it was: the count runs out after LOCKOUT_FORGET */
		}
		close(fd);
	}
}

/* -------------------------------------------------------------- the log */

void
lockout_tty(char *out, size_t n)
{
	const char *tty = ttyname(STDIN_FILENO);

	if (!tty || !*tty)
		tty = getenv("SSH_TTY");
	if (!tty || !*tty)
		tty = "-";
	if (strncmp(tty, "/dev/", 5) == 0)
		tty += 5;
	snprintf(out, n, "%s", tty);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			*p = '?';
}

void
lockout_printable(char *out, size_t n, const char *in)
{
	size_t i;

	if (n == 0)
		return;
	for (i = 0; in && in[i] && i < n - 1; i++) {
		unsigned char c = (unsigned char)in[i];
		out[i] = c > ' ' && c < 0x7f ? (char)c : '?';
	}
	if (i == 0 && n > 1)
		out[i++] = '-';
	out[i] = 0;
}

void
lockout_log_line(char *out, size_t n, const char *user, const char *tty)
{
	char name[65];

	if (n == 0)
		return;
	lockout_printable(name, sizeof name, user);
	snprintf(out, n, "wrong passphrase or user name; user=%s tty=%s", name,
	         tty && *tty ? tty : "-");
}

void
lockout_send(const char *line)
{
	int saved = errno;

	/* LOG_NDELAY opens the socket now; no LOG_CONS: nothing goes to the
	 * console if there is no log daemon. */
	openlog("passage", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	syslog(LOG_NOTICE, "%s", line);
	closelog();
	errno = saved;
}

void
lockout_syslog(const char *user, const char *tty)
{
	char line[160];

	lockout_log_line(line, sizeof line, user, tty);
	lockout_send(line);
}
