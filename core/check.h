/* SPDX-License-Identifier: ISC */
/*
 * check.h - validating what people type before it reaches the database.
 *
 * Every model call checks its input here first and refuses with a
 * sentence naming the field; nothing is written when a check fails.
 */
#ifndef PASSAGE_CHECK_H
#define PASSAGE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* A yes/no question that may not have been asked.  Zero is "not asked",
 * so a field the caller left alone says nothing rather than "no".  Stored
 * as NULL, 0 and 1. */
enum yn { YN_NOT_ASKED = 0, YN_NO, YN_YES };

/* How far past "now" a recorded release or contact may be: the clocks of
 * shared terminals drift a little; anything further is a typing error. */
#define CLOCK_SKEW 600

/* Text: valid UTF-8, no control characters (a tab is allowed only where
 * multiline is set, with newlines), at most max bytes; required refuses
 * NULL or empty.  Returns 0 or -1 with "FIELD: ..." in s->err. */
int check_text(struct session *s, const char *field, const char *value, size_t max, int required,
               int multiline);
/* One of the values in a NULL-terminated list (NULL allowed unless
 * required). */
int check_enum(struct session *s, const char *field, const char *value,
               const char *const *allowed, int required);
/* A calendar date YYYY-MM-DD that exists. */
int check_date(struct session *s, const char *field, const char *value, int required);
/* A month YYYY-MM (as a naloxone kit prints its expiry) as the month's
 * last day YYYY-MM-DD in out; anything else is value itself, for
 * check_date to judge. */
const char *check_month_end(const char *value, char out[11]);
/* An instant in a sane range (1970 .. 2200). */
int check_time(struct session *s, const char *field, int64_t t);

/* v is one of the three answers; otherwise "FIELD: answer yes, no or not
 * asked". */
int check_yn(struct session *s, const char *field, enum yn v);
/* *t 0 means now; otherwise a possible instant, not in the future (the
 * terminals' clocks may drift by CLOCK_SKEW). */
int check_past(struct session *s, const char *field, int64_t *t);

/* 1 if text reads as a reason someone else can act on: at least
 * min_chars characters (not counting spaces at the ends) and at least two
 * words, so "x" or "checking" is not one; 0 otherwise (NULL too). */
int check_is_sentence(const char *text, size_t min_chars);

#endif
