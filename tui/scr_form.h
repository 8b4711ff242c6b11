/* SPDX-License-Identifier: ISC */
/*
 * scr_form.h - the screen that shows any form.
 *
 * A form is described by a const struct form_spec: its fields (form.h),
 * a few lines saying what it records, and a save function that hands the
 * values to core/.  The screen draws the table of fields with each
 * field's own error beside it, and on save either closes (the screen
 * below reads its record again) or keeps every typed value and shows why
 * the save was refused.  ESC closes it with nothing saved.
 */
#ifndef PASSAGE_SCR_FORM_H
#define PASSAGE_SCR_FORM_H

#include <stdint.h>

#include "form.h"
#include "tui.h"

#define FORM_CTX_BYTES 64

struct form_spec {
	const char *title;
	const char *intro; /* one line */
	const struct form_field *fields;
	int n;
	/* Fills default values (may be NULL). */
	void (*fill)(struct app *a, struct form *f, void *ctx);
	/* 0 when saved, with a message for the screen below in done (may be
	 * left empty); -1 with the reason set on the form (form_set_error or
	 * form_set_form_error). */
	int (*save)(struct app *a, struct form *f, void *ctx, char *done, size_t n);
	/* After a save, once the form is closed (may be NULL): what comes
	 * next, such as opening the record just made.  ctx is the form's,
	 * as the save left it. */
	void (*saved)(struct app *a, const void *ctx);
};

/* Pushes a form screen; ctx (up to FORM_CTX_BYTES, copied) is what the
 * save needs: a person id, a stay id. */
int scr_form_push(struct app *a, const struct form_spec *spec, const void *ctx, size_t ctxlen);
/* The same, for a form whose ^X does more than save what was typed: act
 * names it on the form and the status line ("add", "link", "dismiss"). */
int scr_form_push_act(struct app *a, const struct form_spec *spec, const void *ctx,
                      size_t ctxlen, const char *act);

/* A line of details for each choice of a choice list (the provider
 * directory's phone, hours and address), shown under the fields for the
 * choice made in any field whose choices are exactly `choices`.  One form
 * is open at a time: the last call wins.  details has one entry per
 * choice (NULL or "": nothing to show). */
void scr_form_details(const char *const *choices, const char *const *details);

/* An instant from a date-time field, in the site's zone; 0 if empty. */
int64_t scr_form_instant(struct app *a, const struct form *f, int i);
/* Sets a date-time field to t in the site's zone. */
void scr_form_set_instant(struct app *a, struct form *f, int i, int64_t t);

#endif
