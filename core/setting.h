/* SPDX-License-Identifier: ISC */
/*
 * setting.h - site settings (the setting table), read with defaults.
 */
#ifndef PASSAGE_SETTING_H
#define PASSAGE_SETTING_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* The value of key, or def when it is missing or not a whole number. */
int64_t setting_int(db *d, const char *key, int64_t def);
/* The same reading of a value already fetched (NULL or "": def). */
int64_t setting_int_of(const char *text, int64_t def);
/* Copies the value of key into out (def when missing); returns out. */
const char *setting_text(db *d, const char *key, const char *def, char *out, size_t n);
/* Sets key inside the caller's write transaction. */
int setting_set(db *d, const char *key, const char *value);

#endif
