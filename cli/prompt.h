/* SPDX-License-Identifier: ISC */
/*
 * prompt.h - asking for passphrases and recovery codes.
 *
 * Secrets never come through argv or the environment: either the terminal
 * with echo off, or a file descriptor the caller names (--passphrase-fd N,
 * the gpg convention), one secret per line.
 */
#ifndef PASSAGE_PROMPT_H
#define PASSAGE_PROMPT_H

#include <stddef.h>

#define PROMPT_MAX 1024
#define PASSPHRASE_MIN 8

/* Returns a sodium_malloc'd string (free with prompt_free) or NULL with a
 * sentence in err.  fd >= 0 reads one line from it; else /dev/tty. */
char *prompt_secret(const char *question, int fd, char *err, size_t errlen);
/* Same, echoing what is typed (user names). */
char *prompt_line(const char *question, int fd, char *err, size_t errlen);
/* A new passphrase: on a terminal typed twice and compared; checked for
 * length. */
char *prompt_new_secret(const char *question, int fd, char *err, size_t errlen);
void prompt_free(char *s);

#endif
