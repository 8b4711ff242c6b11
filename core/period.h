/* SPDX-License-Identifier: ISC */
/*
 * period.h - a period of whole local days, as reports and the follow-up
 * audit take it: from the start of the first day to the start of the day
 * after the last, in the site's time zone (setting site.time_zone).
 *
 * Both ends are dates people type (YYYY-MM-DD, both days included), so a
 * quarter is "--from 2026-07-01 --to 2026-09-30".
 */
#ifndef PASSAGE_PERIOD_H
#define PASSAGE_PERIOD_H

#include <stdint.h>

#include "session.h"

struct period {
	int64_t start;  /* the first instant in the period */
	int64_t end;    /* the first instant after it */
	char from[11];  /* the first day, YYYY-MM-DD */
	char to[11];    /* the last day, YYYY-MM-DD */
};

/* From two typed dates.  0, or -1 with a sentence in s->err: a date that
 * is not a date ("from: '2026-02-30' is not a date (YYYY-MM-DD)"), a
 * missing one, or a period that ends before it starts. */
int period_parse(struct session *s, const char *from, const char *to, struct period *p);

/* The calendar quarter (January to March, ...) holding the instant t. */
void period_quarter(struct session *s, int64_t t, struct period *p);

/* The days days ending with the day holding t (days >= 1). */
void period_days(struct session *s, int64_t t, int days, struct period *p);

/* The period just before p (by < 0) or just after it (by > 0), as long
 * as p: as many whole months when p is whole calendar months (a month, a
 * quarter, a year), so April to June steps to January to March;
 * otherwise as many days. */
void period_step(struct session *s, const struct period *p, int by, struct period *out);

/* "2026-07-01 to 2026-09-30" */
void period_text(const struct period *p, char out[32]);

#endif
