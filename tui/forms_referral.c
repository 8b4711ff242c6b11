/* SPDX-License-Identifier: ISC */
/*
 * forms_referral.c - what happened to a referral: the appointment was
 * booked or moved, the person went, did not go, or said no; and an
 * outcome recorded wrong, corrected.
 *
 * The appointments queue lists appointments that passed with no outcome;
 * this is where the outcome is written.  The referral is chosen from a
 * short list (scr_pick.c) of the person's referrals, each with its type,
 * provider, appointment and status.  One still open (referred, scheduled)
 * moves as core/referral.c allows, which refuses any other move in words;
 * one with an outcome is corrected (referral_correct), the old outcome
 * kept.  A no-show is both: it can be booked again, declined, cancelled
 * or lost as a move, or corrected to attended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "provider.h"
#include "referral.h"
#include "scr.h"
#include "scr_form.h"
#include "vocab.h"

struct outcome_ctx {
	int64_t referral_id, version;
	char what[32], was[12];
	char has_outcome; /* attended, no_show, declined, cancelled, lost */
};
_Static_assert(sizeof(struct outcome_ctx) <= FORM_CTX_BYTES, "a form's context is copied whole");

/* The correction form says what is being corrected. */
static char fix_intro[200];

static const char *const statuses[] = {"attended", "no_show", "scheduled", "declined",
                                       "cancelled", "lost", NULL};

static const struct form_field outcome_fields[] = {
    {"Outcome", FORM_CHOICE, 14, 0, FORM_REQUIRED, statuses,
     "scheduled books or moves the appointment; declined is the person's choice.", 0, 0, NULL},
    {"Appointment at", FORM_DATETIME, 17, 0, 0, NULL,
     "For scheduled only: local time, YYYY-MM-DD HH:MM.", 0, 0, NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
};

static const struct form_field fix_fields[] = {
    {"Outcome", FORM_CHOICE, 14, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_REFERRAL_OUTCOME),
     "What really happened; the outcome it replaces is kept.", 0, 0, NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
};

static void
outcome_fill(struct app *a, struct form *f, void *ctx)
{
	(void)a;
	(void)ctx;
	form_set_choice(f, 0, 0);
}

/* Saves status for o: a correction when the referral already has an
 * outcome and status is one too (a no-show moves on as usual to
 * scheduled, declined, cancelled or lost), else a move. */
static int
outcome_store(struct app *a, struct form *f, const struct outcome_ctx *o, const char *status,
              int64_t when, const char *reason, char *done, size_t n)
{
	int fix = o->has_outcome && (strcmp(o->was, "no_show") != 0 ||
	                             !strcmp(status, "attended") || !strcmp(status, "no_show"));
	const char *why = strcmp(status, "declined") == 0 ? reason : NULL;

	if (fix ? referral_correct(&a->s, o->referral_id, o->version, status, why) :
	          referral_set_status(&a->s, o->referral_id, o->version, status, when, why))
		return forms_refused(a, f);
	snprintf(done, n, fix ? "Referral for %s corrected to %s; the old outcome is kept." :
	                        "Referral for %s is now %s.", o->what,
	         vocab_label(VOCAB_REFERRAL_STATUS, status));
	return 0;
}

static int
outcome_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const char *status = form_text(f, 0);
	int64_t when = strcmp(status, "scheduled") == 0 ? scr_form_instant(a, f, 1) : 0;

	if (strcmp(status, "scheduled") == 0 && !when) {
		form_set_error(f, 1, "appointment at: needed to book an appointment");
		return -1;
	}
	return outcome_store(a, f, ctx, status, when, form_text(f, 2), done, n);
}

static int
fix_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	return outcome_store(a, f, ctx, form_text(f, 0), 0, form_text(f, 1), done, n);
}

static const struct form_spec outcome_spec = {
    "Referral outcome", "For the referral chosen.", outcome_fields, 3, outcome_fill,
    outcome_save, NULL};

static const struct form_spec fix_spec = {
    "Correct a referral's outcome", fix_intro, fix_fields, 2, outcome_fill, fix_save, NULL};

/* The chosen referral's form, read again: it may have changed meanwhile. */
static void
outcome_chosen(struct app *a, int64_t person_id, int64_t referral_id)
{
	struct referral *rows = NULL;
	struct outcome_ctx o;
	char when[40], who[128];
	int n = 0;

	memset(&o, 0, sizeof o);
	if (referral_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (rows[i].id != referral_id)
			continue;
		o.referral_id = rows[i].id;
		o.version = rows[i].version;
		o.has_outcome = (char)referral_has_outcome(&rows[i]);
		snprintf(o.what, sizeof o.what, "%s", vocab_label(VOCAB_REFERRAL_TYPE, rows[i].type));
		snprintf(o.was, sizeof o.was, "%s", rows[i].status);
		tui_time(a, rows[i].outcome_at ? rows[i].outcome_at : rows[i].updated_at, when,
		         sizeof when);
		session_user_name(&a->s, rows[i].updated_by, who, sizeof who);
		snprintf(fix_intro, sizeof fix_intro, "Now %s, recorded %s by %s.",
		         vocab_label(VOCAB_REFERRAL_STATUS, rows[i].status), when,
		         who[0] ? who : "someone");
	}
	referral_list_free(rows, n);
	if (!o.referral_id) {
		tui_message(a, 1, "That referral is no longer there: nothing was changed.");
		return;
	}
	/* A no-show goes on as usual (booked again, most often); a final
	 * outcome can only be corrected. */
	scr_form_push(a, o.has_outcome && strcmp(o.was, "no_show") ? &fix_spec : &outcome_spec, &o,
	              sizeof o);
}

void
scr_form_referral_outcome(struct app *a, int64_t person_id)
{
	struct referral *rows = NULL;
	struct provider *pv = NULL;
	struct pick_item *items;
	char type[48], status[24], appt[40];
	int n = 0, npv = 0;

	if (referral_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	if (!n) {
		referral_list_free(rows, n);
		tui_message(a, 1, "This person has no referral yet: make one with f.");
		return;
	}
	if (!(items = calloc((size_t)n, sizeof *items))) {
		referral_list_free(rows, n);
		tui_message(a, 1, "out of memory");
		return;
	}
	if (provider_list(&a->s, 1, &pv, &npv) != 0)
		npv = 0;
	/* Newest first: the referral in question is most often the latest. */
	for (int i = 0; i < n; i++) {
		const struct referral *r = &rows[n - 1 - i];
		const char *to = "-";

		for (int j = 0; j < npv; j++)
			if (pv[j].id == r->provider_id)
				to = pv[j].name;
		snprintf(type, sizeof type, "%s", vocab_label(VOCAB_REFERRAL_TYPE, r->type));
		snprintf(status, sizeof status, "%s", vocab_label(VOCAB_REFERRAL_STATUS, r->status));
		if (r->appointment_at)
			tui_time(a, r->appointment_at, appt, sizeof appt);
		else
			snprintf(appt, sizeof appt, "-");
		items[i].id = r->id;
		snprintf(items[i].name, sizeof items[i].name, "%s", type);
		scr_pick_row(a, items[i].label, sizeof items[i].label,
		             (const char *const[]){type, to, appt, status, NULL},
		             (const int[]){18, 22, 16, 0});
	}
	provider_list_free(pv, npv);
	tui_push(a, &scr_pick,
	         &(struct pick_arg){.question = "Which referral? (an outcome already recorded is "
	                                        "corrected, the old one kept)",
	                            .heading = "Referral           Provider               "
	                                       "Appointment      Status",
	                            .items = items, .n = n, .then = outcome_chosen,
	                            .owner = person_id});
	explicit_bzero(items, (size_t)n * sizeof *items);
	free(items);
	referral_list_free(rows, n);
}
