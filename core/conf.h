/* SPDX-License-Identifier: ISC */
/*
 * conf.h - the site's configuration file, /etc/passage.conf: where the
 * database is when no one names it.
 */
#ifndef PASSAGE_CONF_H
#define PASSAGE_CONF_H

#include <stddef.h>

#define CONF_PATH "/etc/passage.conf"
#define CONF_LINE_MAX 4096

/* Drops the spaces and tabs (and a CR) around the len bytes at *s: the
 * one rule for key = value lines, here and in roster profiles. */
void conf_trim(const char **s, size_t *len);
/* Reads "db = PATH" from the text of a configuration file: one setting a
 * line, blank lines and lines starting with # ignored, spaces around the
 * = allowed.  0 with the path in db ("" when the text sets none), or -1
 * with a sentence naming the line in err. */
int conf_parse(const char *text, char *db, size_t n, char *err, size_t errlen);
/* The same from the file at path; a file that is not there sets nothing
 * and is not an error. */
int conf_read(const char *path, char *db, size_t n, char *err, size_t errlen);

#endif
