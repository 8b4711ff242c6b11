/* SPDX-License-Identifier: ISC */
/*
 * conf.c - the site's configuration file.
 *
 * It holds one setting, the database staff open when they give none:
 *
 *     # /etc/passage.conf
 *     db = /srv/passage/reentry.db
 *
 * The path must be absolute: the program may start in any folder (an SSH
 * login starts in the user's home).  Anything else is refused with the
 * line it is on, so a typo is found at once rather than ignored; a
 * setting for the records themselves belongs in the database, where it is
 * audited (passage setting).
 */
#include "conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
conf_trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* One line: 0 (a setting, a comment or nothing), -1 with err set. */
static int
conf_line(const char *line, size_t len, int lineno, char *db, size_t n, char *err, size_t errlen)
{
	const char *eq, *key, *val;
	size_t klen, vlen;

	conf_trim(&line, &len);
	if (len == 0 || line[0] == '#')
		return 0;
	eq = memchr(line, '=', len);
	if (!eq) {
		snprintf(err, errlen, "line %d: not a setting (write it as db = /srv/passage/reentry.db)",
		         lineno);
		return -1;
	}
	key = line;
	klen = (size_t)(eq - line);
	val = eq + 1;
	vlen = len - klen - 1;
	conf_trim(&key, &klen);
	conf_trim(&val, &vlen);
	if (klen != 2 || strncmp(key, "db", 2) != 0) {
		snprintf(err, errlen, "line %d: unknown setting '%.*s' (the only one is db)", lineno,
		         (int)(klen > 40 ? 40 : klen), key);
		return -1;
	}
	if (db[0]) {
		snprintf(err, errlen, "line %d: db is set twice", lineno);
		return -1;
	}
	if (vlen == 0 || val[0] != '/') {
		snprintf(err, errlen, "line %d: db must be a whole path, starting with /", lineno);
		return -1;
	}
	if (vlen >= n) {
		snprintf(err, errlen, "line %d: the path is too long", lineno);
		return -1;
	}
	memcpy(db, val, vlen);
	db[vlen] = 0;
	return 0;
}

int
conf_parse(const char *text, char *db, size_t n, char *err, size_t errlen)
{
	int lineno = 0;

	db[0] = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		lineno++;
		if (len > CONF_LINE_MAX) {
			snprintf(err, errlen, "line %d is too long", lineno);
			db[0] = 0;
			return -1;
		}
		if (conf_line(p, len, lineno, db, n, err, errlen) != 0) {
			db[0] = 0;
			return -1;
		}
		p = nl ? nl + 1 : p + len;
	}
	return 0;
}

int
conf_read(const char *path, char *db, size_t n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t len;
	int rc;

	db[0] = 0;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s could not be read: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(64 * 1024 + 1);
	if (!text) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	len = fread(text, 1, 64 * 1024, f);
	if (ferror(f) || !feof(f)) {
		snprintf(err, errlen, "%s could not be read%s", path, ferror(f) ? "" : ": it is too long");
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	text[len] = 0;
	if (memchr(text, 0, len)) {
		snprintf(err, errlen, "%s: not a text file", path);
		free(text);
		return -1;
	}
	rc = conf_parse(text, db, n, err, errlen);
	if (rc != 0) {
		/* Name the file before the line. */
		char line[256];
		snprintf(line, sizeof line, "%s", err);
		snprintf(err, errlen, "%s %s", path, line);
	}
	free(text);
	return rc;
}
