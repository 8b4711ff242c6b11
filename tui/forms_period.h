/* SPDX-License-Identifier: ISC */
/*
 * forms_period.h - the form that chooses a period: its first and last
 * day, both included, parsed by core's period_parse.
 *
 * The break-the-glass review, the program report and the follow-up audit
 * each let a supervisor type a period; they share this form, so a bad
 * date or a period that ends before it starts is refused in the same
 * words on all three.  A screen names the form and says what the period
 * chooses, and takes the period back through chosen: it stays under the
 * form, which opens with the period it shows.
 */
#ifndef PASSAGE_FORMS_PERIOD_H
#define PASSAGE_FORMS_PERIOD_H

#include <stddef.h>

#include "period.h"
#include "tui.h"

struct forms_period {
	const char *title;
	const char *intro; /* one line: what the period chooses */
	const char *done;  /* the message once chosen, before the period: "The report for" */
	/* The period typed, once it parses, for the screen under the form
	 * (owner, as given to forms_period_push). */
	void (*chosen)(void *owner, const struct period *p);
};

/* Pushes the form, filled with now (read when the form opens). */
int forms_period_push(struct app *a, const struct forms_period *fp, const struct period *now,
                      void *owner);

#endif
