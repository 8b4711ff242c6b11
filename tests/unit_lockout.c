/* SPDX-License-Identifier: ISC */
/*
 * unit_lockout.c - the wait after wrong passphrases, checked as arithmetic
 * (nothing here sleeps), the count shared through the file beside the
 * database, and the line the authentication log gets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockout.h"
#include "tap.h"
#include "util.h"

#define T0 1790000000LL

static void
test_schedule(void)
{
	static const int want[] = {0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30};
	char name[80];

	for (int n = 0; n < (int)(sizeof want / sizeof want[0]); n++) {
		snprintf(name, sizeof name, "after %d wrong tries the next waits %d s", n, want[n]);
		is_int(lockout_wait(n), want[n], name);
	}
	is_int(lockout_wait(1000000), LOCKOUT_MAX_WAIT, "a huge count still waits 30 s");
	is_int(lockout_wait(-1), 0, "a negative count waits nothing");
}

static void
test_left(void)
{
	struct lockout l = {5, T0};

	is_int(lockout_left(&l, T0), 4, "5 wrong tries: 4 s to wait at once");
	is_int(lockout_left(&l, T0 + 1), 3, "  3 s a second later");
	is_int(lockout_left(&l, T0 + 4), 0, "  none after 4 s");
	l.count = 2;
	is_int(lockout_left(&l, T0), 0, "2 wrong tries: no wait yet");
	l.count = 40;
	is_int(lockout_left(&l, T0 + 29), 1, "40 wrong tries: 30 s, 1 left after 29");
	is_int(lockout_left(&l, T0 - 20), 30, "a clock set back a little waits no more than 30 s");
	is_int(lockout_left(&l, T0 - LOCKOUT_SKEW - 1), 0,
	       "a last try further ahead of the clock than that counts as long past");
	l.last = T0 + 365 * 86400;
	is_int(lockout_left(&l, T0 + 28 * 86400), 0, "  so a year-ahead stamp blocks no one for good");
	l.last = T0;
	is_int(lockout_count(&l, T0 + LOCKOUT_FORGET - 1), 40, "the count holds for a while");
	is_int(lockout_count(&l, T0 + LOCKOUT_FORGET), 0, "  and is forgotten after 15 minutes");
	is_int(lockout_left(&l, T0 + LOCKOUT_FORGET), 0, "  with no wait");
}

/* Two processes (two structs) on one database: each sees the other's
 * tries through the file beside it, and a login clears it for both. */
static void
test_shared(void)
{
	const char *dir = tu_tmpdir();
	const char *path = tu_path(dir, "site.db");
	const char *side = tu_path(dir, "site.db" LOCKOUT_SUFFIX);
	struct lockout a = {0, 0}, b = {0, 0};
	struct stat st;
	FILE *f;
	char buf[200];

	ok(lockout_fail(path, &a, T0) == 0 && a.count == 1 && access(side, F_OK) != 0,
	   "no database: counted in memory, no file made");
	a.count = 0;
	db_close(tu_create(path));
	lockout_load(path, &a);
	lockout_clear(path, &a);
	ok(access(side, F_OK) != 0, "a new database has no count file, and reading makes none");
	for (int i = 0; i < 2; i++)
		ok(lockout_fail(path, &a, T0 + i) == 0, "wrong try %d: no wait", i + 1);
	is_int(lockout_fail(path, &b, T0 + 2), 1,
	       "a third wrong try from another process makes the next wait 1 s");
	is_int(b.count, 3, "  it counted the first process's two");
	is_int(lockout_fail(path, &a, T0 + 3), 2, "the first process's next makes it 2 s");
	is_int(a.count, 4, "  counting the other's");
	ok(stat(side, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "the count file has the database's mode (600 here)");
	f = fopen(side, "r");
	buf[0] = 0;
	if (f) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = 0;
		fclose(f);
	}
	is_str(buf, "4 1790000003\n", "it holds the count and the time, nothing else");
	lockout_clear(path, &b);
	is_int(tu_file_size(side), 0, "a login empties it");
	a.count = 0;
	lockout_load(path, &a);
	ok(b.count == 0 && a.count == 0, "a login clears the count for everyone");
	ok(lockout_left(&a, T0 + 3) == 0, "  and the next try waits nothing");

	f = fopen(side, "w");
	if (f) {
		fputs("garbage\n", f);
		fclose(f);
	}
	a.count = 1;
	a.last = T0 + 4;
	lockout_load(path, &a);
	is_int(a.count, 1, "a damaged count file leaves the memory count alone");
	is_int(lockout_fail(path, &a, T0 + 4), 0, "  and is rewritten on the next wrong try");
	is_int(lockout_fail(path, &a, T0 + 5), 1, "  which counts on from there");
	b.count = 0;
	lockout_load(path, &b);
	is_int(b.count, 3, "  which the other process then reads");
}

static void
test_log_line(void)
{
	char line[200], tty[64];

	lockout_log_line(line, sizeof line, "mrivera", "pts/3");
	is_str(line, "wrong passphrase or user name; user=mrivera tty=pts/3",
	       "the log line names the user and the terminal");
	lockout_log_line(line, sizeof line, "a b\033[2J\nc\xc3\xa9", NULL);
	is_str(line, "wrong passphrase or user name; user=a?b?[2J?c?? tty=-",
	       "control bytes, spaces and non-ASCII become '?'; no terminal is '-'");
	lockout_log_line(line, sizeof line,
	                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxTAIL", "-");
	ok(strstr(line, "TAIL") == NULL && strlen(line) < 120, "a user name is cut at 64");
	lockout_log_line(line, sizeof line, "", "tty1");
	is_str(line, "wrong passphrase or user name; user=- tty=tty1", "an empty name is '-'");
	lockout_log_line(line, 20, "mrivera", "pts/3");
	is_int(strlen(line), 19, "a short buffer is cut, not overrun");

	/* The terminal: standard input is none here (it is /dev/null). */
	if (!freopen("/dev/null", "r", stdin))
		tap_bail("cannot reopen standard input");
	setenv("SSH_TTY", "/dev/pts/7", 1);
	lockout_tty(tty, sizeof tty);
	is_str(tty, "pts/7", "with no terminal on standard input, SSH_TTY names it");
	setenv("SSH_TTY", "/dev/pts/7 x", 1);
	lockout_tty(tty, sizeof tty);
	is_str(tty, "pts/7?x", "  made safe for the log");
	unsetenv("SSH_TTY");
	lockout_tty(tty, sizeof tty);
	is_str(tty, "-", "  and without either it is '-'");
	/* The system log cannot be read back here: the call must run, and
	 * leave errno as the caller had it. */
	errno = EILSEQ;
	lockout_syslog("mrivera", tty);
	ok(errno == EILSEQ, "the syslog call runs and keeps errno");
}

int
main(void)
{
	test_schedule();
	test_left();
	test_shared();
	test_log_line();
	return tap_done();
}
