/* SPDX-License-Identifier: ISC */
/*
 * prompt.c - asking for passphrases and recovery codes.
 *
 * Reads byte by byte up to the newline, so several secrets can come one
 * after another from the same descriptor without one read swallowing the
 * next.  Echo is restored if a signal interrupts the prompt.
 */
#include "prompt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int tty_fd = -1;
static struct termios saved;
static volatile sig_atomic_t echo_off;

static void
restore_echo(int sig)
{
	if (echo_off && tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
read_line(int fd, char *buf, size_t n, char *err, size_t errlen)
{
	size_t len = 0;

	for (;;) {
		char ch;
		ssize_t r = read(fd, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "could not read the answer: %s", strerror(errno));
			return -1;
		}
		if (r == 0 || ch == '\n')
			break;
		if (len + 1 >= n) {
			snprintf(err, errlen, "the answer is longer than %zu characters", n - 1);
			return -1;
		}
		buf[len++] = ch;
	}
	if (len && buf[len - 1] == '\r')
		len--;
	buf[len] = 0;
	return 0;
}

static char *
ask(const char *question, int fd, int secret, char *err, size_t errlen)
{
	char *buf = sodium_malloc(PROMPT_MAX + 1);
	int rc;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (fd >= 0) {
		if (read_line(fd, buf, PROMPT_MAX + 1, err, errlen) != 0) {
			sodium_free(buf);
			return NULL;
		}
		return buf;
	}
	tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty_fd < 0) {
		snprintf(err, errlen, "there is no terminal to ask on: give the answer with "
		         "--passphrase-fd N");
		sodium_free(buf);
		return NULL;
	}
	if (write(tty_fd, question, strlen(question)) < 0) {
		/* nothing to do: the read below still works */
	}
	if (secret && tcgetattr(tty_fd, &saved) == 0) {
		struct termios t = saved;
		signal(SIGINT, restore_echo);
		signal(SIGTERM, restore_echo);
		signal(SIGHUP, restore_echo);
		signal(SIGQUIT, restore_echo);
		t.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
		t.c_lflag |= ICANON;
		echo_off = 1;
		tcsetattr(tty_fd, TCSAFLUSH, &t);
	}
	rc = read_line(tty_fd, buf, PROMPT_MAX + 1, err, errlen);
	if (echo_off) {
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
		echo_off = 0;
		if (write(tty_fd, "\n", 1) < 0) {
			/* the newline is cosmetic */
		}
	}
	close(tty_fd);
	tty_fd = -1;
	if (rc != 0) {
		sodium_free(buf);
		return NULL;
	}
	return buf;
}

char *
prompt_secret(const char *question, int fd, char *err, size_t errlen)
{
	return ask(question, fd, 1, err, errlen);
}

char *
prompt_line(const char *question, int fd, char *err, size_t errlen)
{
	return ask(question, fd, 0, err, errlen);
}

char *
prompt_new_secret(const char *question, int fd, char *err, size_t errlen)
{
	char *a = ask(question, fd, 1, err, errlen), *b;

	if (!a)
		return NULL;
	if (strlen(a) < PASSPHRASE_MIN) {
		snprintf(err, errlen, "a passphrase needs at least %d characters; a few "
		         "words are easier to remember than symbols", PASSPHRASE_MIN);
		sodium_free(a);
		return NULL;
	}
	if (fd >= 0)
		return a;
	b = ask("Type it again: ", fd, 1, err, errlen);
	if (!b) {
		sodium_free(a);
		return NULL;
	}
	if (strcmp(a, b) != 0) {
		snprintf(err, errlen, "the two passphrases differ; nothing was changed");
		sodium_free(a);
		sodium_free(b);
		return NULL;
	}
	sodium_free(b);
	return a;
}

void
prompt_free(char *s)
{
	if (s)
		sodium_free(s);
}
