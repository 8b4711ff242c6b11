/* SPDX-License-Identifier: ISC */
/*
 * forms_case.c - more of a case's forms: screening, referrals, consents
 * and disclosures, naloxone reports, and a follow-up the person declines
 * (a new stay and the person's own details are in forms_person.c).
 *
 * Each is a table of fields and a save that hands the values to core/ as
 * typed: core/ checks them again (a dose with no medication, a consent
 * with no expiry) and refuses with a sentence, which the form shows while
 * keeping every value.  Pick lists that come from the database (the
 * facilities, the provider directory) are filled when the form opens:
 * the field tables stay const and point at them.
 */
#include "forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "naloxone.h"
#include "provider.h"
#include "referral.h"
#include "scr.h"
#include "scr_form.h"
#include "vocab.h"
#include "screening.h"
#include "task.h"

enum yn
forms_yn(const struct form *f, int i)
{
	int v = form_yn(f, i);

	return v == FORM_YES ? YN_YES : v == FORM_NO ? YN_NO : YN_NOT_ASKED;
}

int64_t
forms_int(const struct form *f, int i)
{
	long v = 0;

	return form_int(f, i, &v) == 0 ? v : 0;
}

/* ---------------------------------------------------------------- pick lists */

static struct pick providers;

void
forms_pick_add(struct pick *p, int64_t id, const char *name)
{
	size_t len = strlen(name);

	if (p->n >= PICK_MAX)
		return;
	if (len >= PICK_BYTES) {
		/* Cut between characters, not inside one. */
		len = PICK_BYTES - 1;
		while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(p->text[p->n], name, len);
	p->text[p->n][len] = 0;
	p->ids[p->n] = id;
	p->names[p->n] = p->text[p->n];
	p->names[++p->n] = NULL;
}

int64_t
forms_pick_id(const struct pick *p, const struct form *f, int i)
{
	int c = form_choice(f, i);

	return c >= 0 && c < p->n ? p->ids[c] : 0;
}

/* ---------------------------------------------------------------- screening */


static const struct form_field scr_fields[] = {
    {"OUD screen", FORM_CHOICE, 12, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_OUD_SCREEN),
     "Declined is a complete answer; not done if there was no chance to ask.", 0, 0, NULL},
    {"Result", FORM_CHOICE, 12, 0, 0, VOCAB_CODES(VOCAB_OUD_RESULT),
     "Only for a screen that was done.", 0, 0, NULL},
    {"MOUD at entry", FORM_CHOICE, 16, 0, 0, VOCAB_CODES(VOCAB_MOUD),
     "Medication for OUD when they came in; - if not asked.", 0, 0, NULL},
    {"Dose", FORM_TEXT, 20, 80, 0, NULL, "Only with a medication, as the prescriber wrote it.", 0,
     0, NULL},
    {"Prescriber", FORM_TEXT, 40, 200, 0, NULL, "Only with a medication.", 0, 0, NULL},
    {"Prior overdose", FORM_YN, 8, 0, 0, NULL,
     "Risk factors: y, n, or - if not asked (never a guess).", 0, 0, NULL},
    {"Injects", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Benzos or alcohol", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Stimulants", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Recent abstinence", FORM_YN, 8, 0, 0, NULL, "Abstinence lowers tolerance: a risk at release.",
     0, 0, NULL},
    {"Unstable housing", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
};

static void
scr_fill(struct app *a, struct form *f, void *ctx)
{
	(void)a;
	(void)ctx;
	form_set_choice(f, 0, 0);
}

static int
scr_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;
	struct screening r;

	memset(&r, 0, sizeof r);
	r.person_id = p->person_id;
	r.stay_id = p->stay_id;
	r.oud_screen = form_text(f, 0);
	r.oud_result = form_text(f, 1);
	r.moud_at_entry = form_text(f, 2);
	r.moud_dose = form_text(f, 3);
	r.moud_prescriber = form_text(f, 4);
	r.prior_overdose = forms_yn(f, 5);
	r.injects = forms_yn(f, 6);
	r.benzos_alcohol = forms_yn(f, 7);
	r.stimulants = forms_yn(f, 8);
	r.recent_abstinence = forms_yn(f, 9);
	r.unstable_housing = forms_yn(f, 10);
	r.decline_reason = form_text(f, 11);
	if (screening_record(&a->s, &r) != 0)
		return forms_refused(a, f);
	snprintf(done, n, strcmp(r.oud_screen, "declined") == 0 ?
	                      "Recorded: the person declined the screening." :
	                      "Screening recorded.");
	return 0;
}

static const struct form_spec scr_spec = {
    "Screening", "Every question may go unasked; leave it at - rather than guess.", scr_fields,
    12, scr_fill, scr_save, NULL};

void
scr_form_screening(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};
	int64_t latest;

	if (forms_stays_of(a, person_id, &p.stay_id, &latest) != 0)
		return;
	scr_form_push(a, &scr_spec, &p, sizeof p);
}

/* ---------------------------------------------------------------- referral */

static const char *const ref_statuses[] = {"referred", "scheduled", "declined", NULL};

static const struct form_field ref_fields[] = {
    {"Referral for", FORM_CHOICE, 22, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_REFERRAL_TYPE),
     "SPACE or the arrows choose; a letter jumps to it.", 0, 0, NULL},
    {"Provider", FORM_CHOICE, 40, 0, 0, providers.names,
     "From the provider directory; - if not chosen yet.", 0, 0, NULL},
    {"Appointment", FORM_DATETIME, 17, 0, 0, NULL,
     "YYYY-MM-DD HH:MM, if one is booked; it shows on the queues.", 0, 0, NULL},
    {"Warm handoff", FORM_YN, 8, 0, 0, NULL,
     "yes if staff connected the person to the provider directly.", 0, 0, NULL},
    {"Status", FORM_CHOICE, 12, 0, 0, ref_statuses,
     "- : scheduled with an appointment, referred without.  Declined is complete.", 0, 0,
     NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
    {"Consent number", FORM_INT, 8, 0, 0, NULL,
     "The consent that covers sharing with the provider (see Consents); optional.", 0, 0,
     NULL},
    {"Referred on", FORM_DATETIME, 17, 0, 0, NULL,
     "Empty: now.  A referral made on paper earlier keeps its own day.", 0, 0, NULL},
};

static int
ref_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;
	struct referral r;

	memset(&r, 0, sizeof r);
	r.person_id = p->person_id;
	r.stay_id = p->stay_id;
	r.type = form_text(f, 0);
	r.provider_id = forms_pick_id(&providers, f, 1);
	r.appointment_at = scr_form_instant(a, f, 2);
	r.warm_handoff = forms_yn(f, 3);
	r.status = form_choice(f, 4) >= 0 ? form_text(f, 4) : NULL;
	r.decline_reason = form_text(f, 5);
	r.consent_id = forms_int(f, 6);
	r.referred_at = scr_form_instant(a, f, 7);
	if (referral_create(&a->s, &r) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Referral recorded: %s.", r.status);
	return 0;
}

/* The chosen provider's phone, hours and address, under the form. */
static char provider_text[PICK_MAX][4 * 700];
static const char *provider_details[PICK_MAX + 1];

static void
describe(int i, const struct provider *p)
{
	char *out = provider_text[i];
	size_t n = sizeof provider_text[i], at;

	at = (size_t)snprintf(out, n, "Phone: %s.  Hours: %s.  Address: ",
	                      p->phone && *p->phone ? p->phone : "not given",
	                      p->hours && *p->hours ? p->hours : "not given");
	for (const char *c = p->address && *p->address ? p->address : "not given";
	     *c && at + 3 < n; c++) {
		if (*c == '\n') {
			out[at++] = ',';
			out[at++] = ' ';
		} else {
			out[at++] = *c;
		}
	}
	out[at < n ? at : n - 1] = 0;
	provider_details[i] = out;
}

static const struct form_spec ref_spec = {
    "Make a referral", "A booked appointment before release is what gets people there.",
    ref_fields, 8, NULL, ref_save, NULL};

void
scr_form_referral(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};
	struct provider *rows = NULL;
	int64_t latest;
	int n = 0;

	if (forms_stays_of(a, person_id, &p.stay_id, &latest) != 0)
		return;
	if (provider_list(&a->s, 0, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	providers.n = 0;
	providers.names[0] = NULL;
	for (int i = 0; i < n && i < PICK_MAX; i++) {
		forms_pick_add(&providers, rows[i].id, rows[i].name);
		describe(i, &rows[i]);
	}
	provider_list_free(rows, n);
	scr_form_details(providers.names, provider_details);
	scr_form_push(a, &ref_spec, &p, sizeof p);
}

/* ---------------------------------------------------------------- consent */

static const struct form_field con_fields[] = {
    {"Recipient", FORM_TEXT, 40, 200, FORM_REQUIRED, NULL,
     "Who may receive the information, as the signed form names them.", 0, 0, NULL},
    {"What may be shared", FORM_TEXT, 50, 400, FORM_REQUIRED, NULL,
     "The scope, in the words of the signed form.", 0, 0, NULL},
    {"Purpose", FORM_TEXT, 50, 400, FORM_REQUIRED, NULL, "What it is shared for.", 0, 0, NULL},
    {"Signed at", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL, "Local time, YYYY-MM-DD HH:MM.", 0,
     0, NULL},
    {"Expires on", FORM_DATE, 11, 0, 0, NULL,
     "YYYY-MM-DD, the last day it covers; a date, an event, or both.", 0, 0, NULL},
    {"Expiry event", FORM_TEXT, 40, 200, 0, NULL,
     "An event that ends it, such as \"end of treatment\".", 0, 0, NULL},
};

static void
con_fill(struct app *a, struct form *f, void *ctx)
{
	(void)ctx;
	scr_form_set_instant(a, f, 3, tui_now(a));
}

static int
con_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;
	struct consent c;

	memset(&c, 0, sizeof c);
	c.person_id = p->person_id;
	c.recipient = form_text(f, 0);
	c.scope = form_text(f, 1);
	c.purpose = form_text(f, 2);
	c.signed_at = scr_form_instant(a, f, 3);
	c.expires_on = form_text(f, 4);
	c.expiry_event = form_text(f, 5);
	if (consent_record(&a->s, &c) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Consent %lld recorded.", (long long)c.id);
	return 0;
}

static const struct form_spec con_spec = {
    "Record a consent (42 CFR Part 2)", "From the form the person signed; they may revoke it.",
    con_fields, 6, con_fill, con_save, NULL};

void
scr_form_consent(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};

	scr_form_push(a, &con_spec, &p, sizeof p);
}

/* ---------------------------------------------------------------- disclosure */

struct disc_ctx {
	int64_t person_id, consent_id;
};

/* The latest consent's recipient, for the form to start with. */
static char disc_recipient[4 * 200 + 1];

static const struct form_field disc_fields[] = {
    {"Consent number", FORM_INT, 8, 0, FORM_REQUIRED, NULL,
     "The consent that allows it: in force, and naming this recipient.", 0, 0, NULL},
    {"Recipient", FORM_TEXT, 40, 200, FORM_REQUIRED, NULL, "As the consent names them.", 0, 0,
     NULL},
    {"Purpose", FORM_TEXT, 50, 400, FORM_REQUIRED, NULL, "What it was shared for.", 0, 0, NULL},
    {"What was shared", FORM_TEXT, 50, 1000, 0, NULL, "Optional.", 0, 0, NULL},
    {"Shared at", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL, "Local time, YYYY-MM-DD HH:MM.", 0,
     0, NULL},
};

static void
disc_fill(struct app *a, struct form *f, void *ctx)
{
	const struct disc_ctx *d = ctx;
	char id[24];

	snprintf(id, sizeof id, "%lld", (long long)d->consent_id);
	form_set_text(f, 0, id);
	form_set_text(f, 1, disc_recipient);
	scr_form_set_instant(a, f, 4, tui_now(a));
	form_focus(f, 2);
}

static int
disc_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct disc_ctx *d = ctx;
	struct disclosure x;

	memset(&x, 0, sizeof x);
	x.person_id = d->person_id;
	x.consent_id = forms_int(f, 0);
	x.recipient = form_text(f, 1);
	x.purpose = form_text(f, 2);
	x.description = form_text(f, 3);
	x.disclosed_at = scr_form_instant(a, f, 4);
	if (disclosure_record(&a->s, &x) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Disclosure recorded under consent %lld.", (long long)x.consent_id);
	return 0;
}

static const struct form_spec disc_spec = {
    "Record a disclosure", "Each release of information, for the accounting a person may ask for.",
    disc_fields, 5, disc_fill, disc_save, NULL};

void
scr_form_disclosure(struct app *a, int64_t person_id)
{
	struct disc_ctx d = {person_id, 0};
	struct consent *rows = NULL;
	int n = 0;

	if (consent_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	/* Oldest signed first: the latest one in force is the likely one. */
	for (int i = n - 1; i >= 0 && !d.consent_id; i--)
		if (consent_in_force(&a->s, rows[i].id, tui_now(a)) == 1) {
			d.consent_id = rows[i].id;
			snprintf(disc_recipient, sizeof disc_recipient, "%s", rows[i].recipient);
		}
	consent_list_free(rows, n);
	if (!d.consent_id) {
		tui_message(a, 1, "No consent of this person's is in force: nothing may be shared "
		                  "until they sign one.");
		return;
	}
	scr_form_push(a, &disc_spec, &d, sizeof d);
}

/* ---------------------------------------------------------------- naloxone report */

struct kit_ctx {
	int64_t person_id, naloxone_id;
};


static const struct form_field nev_fields[] = {
    {"What happened", FORM_CHOICE, 14, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_NAL_EVENT),
     "Used, lost, confiscated, or refilled.", 0, 0, NULL},
    {"When", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL, "Local time, YYYY-MM-DD HH:MM.", 0, 0,
     NULL},
    {"Used on", FORM_CHOICE, 8, 0, 0, VOCAB_CODES(VOCAB_USED_ON),
     "When used: on themselves or someone else.", 0, 0, NULL},
    {"Doses", FORM_INT, 4, 2, 0, NULL, "When used: 1 to 20, empty if not known.", 1, 20, NULL},
    {"Person survived", FORM_YN, 8, 0, 0, NULL, "When used: y, n, or - if not known.", 0, 0,
     NULL},
    {"911 called", FORM_YN, 8, 0, 0, NULL, "When used: y, n, or - if not known.", 0, 0, NULL},
    {"Note", FORM_TEXT, 50, 1000, 0, NULL, "Optional.", 0, 0, NULL},
};

static void
nev_fill(struct app *a, struct form *f, void *ctx)
{
	(void)ctx;
	form_set_choice(f, 0, 0);
	scr_form_set_instant(a, f, 1, tui_now(a));
}

static int
nev_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct kit_ctx *k = ctx;
	struct naloxone_event e;

	memset(&e, 0, sizeof e);
	e.person_id = k->person_id;
	e.naloxone_id = k->naloxone_id;
	e.kind = form_text(f, 0);
	e.at = scr_form_instant(a, f, 1);
	e.used_on = form_text(f, 2);
	e.doses = (int)forms_int(f, 3);
	e.survived = forms_yn(f, 4);
	e.called_911 = forms_yn(f, 5);
	e.note = form_text(f, 6);
	if (naloxone_event_record(&a->s, &e) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Naloxone report recorded: %s.", e.kind);
	return 0;
}

static const struct form_spec nev_spec = {
    "Naloxone report", "What became of a kit: every reversal and refill counts.", nev_fields, 7,
    nev_fill, nev_save, NULL};

void
scr_form_naloxone_event(struct app *a, int64_t person_id)
{
	struct kit_ctx k = {person_id, 0};
	struct naloxone *rows = NULL;
	int n = 0;

	if (naloxone_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	/* The report is about their latest kit, if they were given one. */
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].outcome, "given") || !strcmp(rows[i].outcome, "placed_in_property"))
			k.naloxone_id = rows[i].id;
	naloxone_list_free(rows, n);
	scr_form_push(a, &nev_spec, &k, sizeof k);
}

/* ---------------------------------------------------------------- decline a task */

struct decline_ctx {
	int64_t person_id, task_id;
};

/* Says which task: the intro is written when the form opens. */
static char decline_intro[160];

static const struct form_field decline_fields[] = {
    {"Reason", FORM_TEXT, 50, 400, 0, NULL,
     "Optional, never required: declining is the person's choice.", 0, 0, NULL},
};

static int
decline_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct decline_ctx *d = ctx;

	if (task_decline(&a->s, d->task_id, form_text(f, 0)) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Recorded: the person declined it. No more reminders for it.");
	return 0;
}

static const struct form_spec decline_spec = {
    "The person declines a follow-up", decline_intro, decline_fields, 1, NULL, decline_save,
    NULL};

/* The chosen follow-up's form: the intro says which one it closes. */
static void
decline_chosen(struct app *a, int64_t person_id, int64_t task_id)
{
	struct decline_ctx d = {person_id, task_id};
	struct task_row rows[100];
	char what[40], when[40];
	int n = 0;

	if (task_list_for_person(&a->s, person_id, rows, 100, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	for (int i = 0; i < n; i++)
		if (rows[i].id == task_id) {
			forms_task_what(&rows[i], what, sizeof what);
			tui_time(a, rows[i].due_at, when, sizeof when);
			snprintf(decline_intro, sizeof decline_intro,
			         "Closes the %s due %s as declined.", what, when);
			scr_form_push(a, &decline_spec, &d, sizeof d);
			return;
		}
	tui_message(a, 1, "That follow-up is no longer there: nothing was changed.");
}

void
scr_form_decline(struct app *a, int64_t person_id)
{
	struct task_row rows[100];
	struct pick_item items[100];
	int n = 0;

	if (task_list_for_person(&a->s, person_id, rows, 100, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	n = forms_task_items(a, rows, n, items);
	if (!n) {
		tui_message(a, 0, "This person has no open follow-up to decline.");
		return;
	}
	tui_push(a, &scr_pick,
	         &(struct pick_arg){.question = "Which follow-up does the person decline?",
	                            .heading = FORMS_TASK_HEADING, .items = items, .n = n,
	                            .then = decline_chosen, .owner = person_id});
}
