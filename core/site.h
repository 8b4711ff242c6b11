/* SPDX-License-Identifier: ISC */
/*
 * site.h - the site's name and time zone: the checks they pass wherever
 * they are set (passage init, passage setting), and a new file's first
 * values.
 */
#ifndef PASSAGE_SITE_H
#define PASSAGE_SITE_H

#include "session.h"

#define SITE_NAME_CHARS 60

/* 0, or -1 with "FIELD: ..." in s->err: a name of 1 to SITE_NAME_CHARS
 * characters (120 bytes, what the screens keep), plain text. */
int site_check_name(struct session *s, const char *field, const char *name);
/* 0 if zone is "UTC" or a zone this system knows; -1 with "FIELD: 'X' is
 * not a time zone this system knows ..." otherwise. */
int site_check_zone(struct session *s, const char *field, const char *zone);

/* db_options.on_create hook for passage init: the first admin's row
 * (user_bootstrap), then the site's name (NULL: keep the default) and
 * time zone (UTC, the default, is not written), audited as settings
 * changed by that admin. */
struct site_init {
	const char *admin, *name, *zone;
};
int site_bootstrap(db *d, void *site_init);

#endif
