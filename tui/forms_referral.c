/* SPDX-License-Identifier: ISC */
/*
 * forms_referral.c - what happened to a referral: the appointment was
 * booked or moved, the person went, did not go, or said no.
 *
 * The appointments queue lists appointments that passed with no outcome;
 * this is where the outcome is written.  It works on the person's latest
 * referral that is still open (referred, scheduled or no-show) and moves
 * it as core/referral.c allows, which refuses any other move in words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "referral.h"
#include "scr.h"
#include "scr_form.h"

struct outcome_ctx {
	int64_t referral_id, version;
	char what[48];
};

static const char *const statuses[] = {"attended", "no_show", "scheduled", "declined",
                                       "cancelled", "lost", NULL};

static const struct form_field outcome_fields[] = {
    {"Outcome", FORM_CHOICE, 14, 0, FORM_REQUIRED, statuses,
     "scheduled books or moves the appointment; declined is the person's choice.", 0, 0, NULL},
    {"Appointment at", FORM_DATETIME, 17, 0, 0, NULL,
     "For scheduled only: local time, YYYY-MM-DD HH:MM.", 0, 0, NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
};

static void
outcome_fill(struct app *a, struct form *f, void *ctx)
{
	(void)a;
	(void)ctx;
	form_set_choice(f, 0, 0);
}

static int
outcome_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct outcome_ctx *o = ctx;
	const char *status = form_text(f, 0);
	int64_t when = strcmp(status, "scheduled") == 0 ? scr_form_instant(a, f, 1) : 0;

	if (strcmp(status, "scheduled") == 0 && !when) {
		form_set_error(f, 1, "appointment at: needed to book an appointment");
		return -1;
	}
	if (referral_set_status(&a->s, o->referral_id, o->version, status, when,
	                        strcmp(status, "declined") == 0 ? form_text(f, 2) : NULL) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Referral for %s: %s recorded.", o->what, status);
	for (char *c = done; *c; c++)
		if (*c == '_')
			*c = ' ';
	return 0;
}

static const struct form_spec outcome_spec = {
    "Referral outcome", "For the person's latest open referral.", outcome_fields, 3,
    outcome_fill, outcome_save, NULL};

void
scr_form_referral_outcome(struct app *a, int64_t person_id)
{
	struct referral *rows = NULL;
	struct outcome_ctx o;
	int n = 0;

	memset(&o, 0, sizeof o);
	if (referral_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	/* Oldest first: the last open one is the latest. */
	for (int i = n - 1; i >= 0; i--)
		if (!strcmp(rows[i].status, "referred") || !strcmp(rows[i].status, "scheduled") ||
		    !strcmp(rows[i].status, "no_show")) {
			o.referral_id = rows[i].id;
			o.version = rows[i].version;
			snprintf(o.what, sizeof o.what, "%s", rows[i].type);
			break;
		}
	referral_list_free(rows, n);
	if (!o.referral_id) {
		tui_message(a, 1, "This person has no open referral: make one with f.");
		return;
	}
	for (char *c = o.what; *c; c++)
		if (*c == '_')
			*c = ' ';
	scr_form_push(a, &outcome_spec, &o, sizeof o);
}
