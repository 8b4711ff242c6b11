/* SPDX-License-Identifier: ISC */
/*
 * lockout.h - wrong passphrases: a growing wait before the next try, and a
 * line in the system's authentication log for each one.
 */
#ifndef PASSAGE_LOCKOUT_H
#define PASSAGE_LOCKOUT_H

#include <stddef.h>
#include <stdint.h>

#define LOCKOUT_FREE 3      /* wrong tries in a row before the first wait */
#define LOCKOUT_MAX_WAIT 30 /* seconds: the wait stops doubling here */
#define LOCKOUT_FORGET 900  /* seconds after the last wrong try: the count starts again */
#define LOCKOUT_SKEW 60     /* seconds a last try may lie ahead of the clock */
#define LOCKOUT_SUFFIX ".logins"

/* Wrong tries in a row, and when the last one was (seconds since the
 * epoch, on the caller's clock). */
struct lockout {
	int count;
	int64_t last;
};

/* The wait before the next try after fails wrong tries in a row: none
 * after fewer than LOCKOUT_FREE; after LOCKOUT_FREE 1 second, then 2, 4,
 * 8 and 16, then LOCKOUT_MAX_WAIT after every one more. */
int lockout_wait(int fails);
/* The count l stands for at now: 0 once LOCKOUT_FORGET has passed. */
int lockout_count(const struct lockout *l, int64_t now);
/* Seconds still to wait at now before the next try (0: go ahead).  A
 * last try in the future (a clock set back) waits no longer than the
 * schedule says. */
int lockout_left(const struct lockout *l, int64_t now);

/* The count shared by every process using the database file db, kept in
 * db LOCKOUT_SUFFIX (see lockout.c for why there).  lockout_load merges
 * it into l (the larger count wins); lockout_fail adds a wrong try at now
 * and returns the wait it makes due; lockout_clear starts again after a
 * login.  A file that cannot be read or written leaves the count in l
 * alone: the process still counts its own tries. */
void lockout_load(const char *db, struct lockout *l);
int lockout_fail(const char *db, struct lockout *l, int64_t now);
void lockout_clear(const char *db, struct lockout *l);

/* The terminal a try came from, for the log: the name of standard
 * input's terminal (without /dev/), else SSH_TTY's, else "-". */
void lockout_tty(char *out, size_t n);
/* The log line for a wrong try: the user name as typed (printable ASCII
 * only, other bytes as '?', at most 64) and the terminal.  Nothing else:
 * no passphrase, no file name, nothing from the records. */
void lockout_log_line(char *out, size_t n, const char *user, const char *tty);
/* Sends that line to syslog(3) as "passage" in LOG_AUTHPRIV. */
void lockout_syslog(const char *user, const char *tty);
/* Sends any line there (the audit chain witness's too). */
void lockout_send(const char *line);
/* in as printable ASCII for a log line: other bytes as '?', at most n - 1
 * bytes, "-" for none. */
void lockout_printable(char *out, size_t n, const char *in);

#endif
