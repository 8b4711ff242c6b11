/* SPDX-License-Identifier: ISC */
/*
 * forms_close.c - closing a case, and opening it again.
 *
 * A case closes with a reason chosen from a short list, an optional note
 * and the time it happened (a death learned of a week later is closed at
 * its day); what the reason does to the open follow-ups is core's rule
 * (task.h).  A closed case opens again with a reason in a sentence.
 * Both save at the version the person screen read, so a change made
 * meanwhile is refused, not overwritten.
 */
#include <stdio.h>
#include <string.h>

#include "case_event.h"
#include "forms.h"
#include "person.h"
#include "scr.h"
#include "scr_form.h"
#include "vocab.h"

struct case_ctx {
	int64_t person_id, version;
};

static const struct form_field close_fields[] = {
    {"Reason", FORM_CHOICE, 26, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_CLOSURE),
     "SPACE or the arrows choose; declined stops reminders, the others cancel them.", 0, 0,
     NULL},
    {"Note", FORM_TEXT, 50, CASE_NOTE_MAX, 0, NULL, "Optional.", 0, 0, NULL},
    {"Closed on", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL,
     "When it happened: local time, YYYY-MM-DD HH:MM.", 0, 0, NULL},
};

static void
close_fill(struct app *a, struct form *f, void *ctx)
{
	(void)ctx;
	scr_form_set_instant(a, f, 2, tui_now(a));
}

static int
close_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct case_ctx *c = ctx;
	const char *code = form_text(f, 0);

	if (person_close_at(&a->s, c->person_id, c->version, code, form_text(f, 1),
	                    scr_form_instant(a, f, 2)) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Case closed: %s.", vocab_label(VOCAB_CLOSURE, code));
	return 0;
}

static const struct form_spec close_spec = {
    "Close the case", "Open follow-ups close with it; a new booking opens it again.",
    close_fields, 3, close_fill, close_save, NULL};

static const struct form_field reopen_fields[] = {
    {"Reason", FORM_TEXT, 50, CASE_NOTE_MAX, FORM_REQUIRED, NULL,
     "Required: in a short sentence, why the case opens again.", 0, 0, NULL},
};

static int
reopen_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct case_ctx *c = ctx;

	if (person_reopen(&a->s, c->person_id, c->version, form_text(f, 0)) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Case reopened.");
	return 0;
}

static const struct form_spec reopen_spec = {
    "Reopen the case", "Cancelled follow-ups open again; declined ones stay declined.", reopen_fields, 1, NULL,
    reopen_save, NULL};

void
scr_form_case(struct app *a, int64_t person_id, int64_t version, int closed)
{
	struct case_ctx c = {person_id, version};
	scr_form_push(a, closed ? &reopen_spec : &close_spec, &c, sizeof c);
}
