/* SPDX-License-Identifier: ISC */
/*
 * forms_consent.c - a person's written revocation of a consent
 * (42 CFR Part 2): which consent, when the letter was received, who
 * recorded it (the user), and an optional note.
 *
 * Only consents in force are offered (scr_pick.c): a revoked one has
 * already ended, and core/consent.c refuses revoking it again in one
 * sentence, which is what a caseworker sees if someone revoked it while
 * the form was open.  The revocation stops every disclosure and referral
 * that leans on the consent from then on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "forms.h"
#include "scr.h"
#include "scr_form.h"

struct revoke_ctx {
	int64_t consent_id, version;
};

/* Says which consent and who records it: written when the form opens. */
static char revoke_intro[200];

static const struct form_field revoke_fields[] = {
    {"Received at", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL,
     "When the written revocation was received: local time, YYYY-MM-DD HH:MM.", 0, 0, NULL},
    {"Note", FORM_TEXT, 50, 400, 0, NULL, "Optional: how it came (letter, form, in person).", 0,
     0, NULL},
};

static void
revoke_fill(struct app *a, struct form *f, void *ctx)
{
	(void)ctx;
	scr_form_set_instant(a, f, 0, tui_now(a));
}

static int
revoke_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct revoke_ctx *r = ctx;

	if (consent_revoke(&a->s, r->consent_id, r->version, scr_form_instant(a, f, 0),
	                   form_text(f, 1)) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Consent %lld revoked: nothing more may be shared under it.",
	         (long long)r->consent_id);
	return 0;
}

static const struct form_spec revoke_spec = {
    "Revoke a consent (in writing)", revoke_intro, revoke_fields, 2, revoke_fill, revoke_save,
    NULL};

/* The chosen consent's form, read again: it may have changed meanwhile. */
static void
revoke_chosen(struct app *a, int64_t person_id, int64_t consent_id)
{
	struct consent *rows = NULL;
	struct revoke_ctx r = {0, 0};
	int n = 0;

	if (consent_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	for (int i = 0; i < n; i++)
		if (rows[i].id == consent_id) {
			r = (struct revoke_ctx){rows[i].id, rows[i].version};
			snprintf(revoke_intro, sizeof revoke_intro, "Consent %lld, to %s; recorded by %s.",
			         (long long)rows[i].id, rows[i].recipient, a->display);
		}
	consent_list_free(rows, n);
	if (!r.consent_id) {
		tui_message(a, 1, "That consent is no longer there: nothing was changed.");
		return;
	}
	scr_form_push(a, &revoke_spec, &r, sizeof r);
}

void
scr_form_revoke(struct app *a, int64_t person_id)
{
	struct consent *rows = NULL;
	struct pick_item *items;
	char num[24], t[40];
	int n = 0, m = 0;

	if (consent_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	if (!(items = calloc((size_t)n + 1, sizeof *items))) {
		consent_list_free(rows, n);
		tui_message(a, 1, "out of memory");
		return;
	}
	/* Newest signed first. */
	for (int i = n - 1; i >= 0; i--) {
		if (consent_in_force(&a->s, rows[i].id, tui_now(a)) != 1)
			continue;
		snprintf(num, sizeof num, "%lld", (long long)rows[i].id);
		tui_time(a, rows[i].signed_at, t, sizeof t);
		items[m].id = rows[i].id;
		snprintf(items[m].name, sizeof items[m].name, "consent %s", num);
		scr_pick_row(a, items[m].label, sizeof items[m].label,
		             (const char *const[]){num, t, rows[i].recipient, rows[i].scope, NULL},
		             (const int[]){7, 16, 24, 0});
		m++;
	}
	consent_list_free(rows, n);
	if (!m)
		tui_message(a, 1, "This person has no consent in force to revoke.");
	else
		tui_push(a, &scr_pick,
		         &(struct pick_arg){.question = "Which consent does the person revoke in "
		                                        "writing?",
		                            .heading = "Number  Signed           Recipient               "
		                                       " Scope",
		                            .items = items, .n = m, .then = revoke_chosen,
		                            .owner = person_id});
	explicit_bzero(items, (size_t)(n + 1) * sizeof *items);
	free(items);
}
