/* SPDX-License-Identifier: ISC */
/*
 * forms.c - the forms staff fill in from the queues and the person
 * screen: a release, a contact, overdose education, naloxone and a note.
 *
 * Each is a table of fields and a save that hands the values to core/,
 * which checks them again and either saves all of it or nothing.  The
 * defaults are what is true most of the time, so the common case is a
 * key and ^X: a release is "now, scheduled, planned" and a contact is
 * "now, by phone, reached".  "Declined" is an answer in every form that
 * asks a person for something, and its reason is never required.
 */
#include "forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "education.h"
#include "naloxone.h"
#include "note.h"
#include "scr.h"
#include "scr_form.h"
#include "stay.h"
#include "task.h"
#include "vocab.h"

/* The person's stay still in custody (0 when none), and the latest
 * stay (for records about a release that happened). */
int
forms_stays_of(struct app *a, int64_t person_id, int64_t *open, int64_t *latest)
{
	struct stay *rows = NULL;
	int n = 0;

	*open = *latest = 0;
	if (stay_list(&a->s, person_id, &rows, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (!rows[i].released_at && !*open)
			*open = rows[i].id;
	if (n)
		*latest = rows[0].id;
	free(rows);
	return 0;
}

/* Core's refusal, on the form: the whole form's error line. */
int
forms_refused(struct app *a, struct form *f)
{
	form_set_form_error(f, a->s.err);
	return -1;
}

void
forms_task_what(const struct task_row *t, char *out, size_t n)
{
	if (t->checkpoint && strcmp(t->kind, "contact_48h") != 0)
		snprintf(out, n, "day %d %s", t->checkpoint, vocab_label(VOCAB_TASK_KIND, t->kind));
	else
		snprintf(out, n, "%s", vocab_label(VOCAB_TASK_KIND, t->kind));
}

int
forms_task_items(struct app *a, const struct task_row *rows, int n, struct pick_item *items)
{
	int m = 0;
	int64_t now = tui_now(a);
	char what[40], due[40], late[40];

	for (int i = 0; i < n; i++) {
		if (strcmp(rows[i].status, "open") != 0)
			continue;
		forms_task_what(&rows[i], what, sizeof what);
		tui_time(a, rows[i].due_at, due, sizeof due);
		if (rows[i].due_at < now)
			tui_span(now - rows[i].due_at, late, sizeof late);
		else
			snprintf(late, sizeof late, "-");
		memset(&items[m], 0, sizeof items[m]);
		items[m].id = rows[i].id;
		snprintf(items[m].name, sizeof items[m].name, "%s due %s", what, due);
		scr_pick_row(a, items[m].label, sizeof items[m].label,
		             (const char *const[]){what, due, late, NULL}, (const int[]){18, 17, 0});
		m++;
	}
	return m;
}

/* ---------------------------------------------------------------- release */

static const struct form_field release_fields[] = {
    {"Released at", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL,
     "Local time, YYYY-MM-DD HH:MM; it starts the 48-hour contact and follow-ups.", 0, 0,
     NULL},
    {"How", FORM_CHOICE, 16, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_RELEASE_TYPE),
     "SPACE or the arrows choose; a letter jumps to it.", 0, 0, NULL},
    {"Planned release", FORM_YN, 8, 0, FORM_REQUIRED, NULL,
     "Was the release known ahead (yes), or sudden (no)? y or n.", 0, 0, NULL},
};

static void
release_fill(struct app *a, struct form *f, void *ctx)
{
	(void)ctx;
	scr_form_set_instant(a, f, 0, tui_now(a));
	form_set_choice(f, 1, 0);
	form_set_yn(f, 2, FORM_YES);
}

static int
release_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;

	if (stay_record_release(&a->s, p->stay_id, scr_form_instant(a, f, 0), form_text(f, 1),
	                        form_yn(f, 2) == FORM_YES) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Release recorded. The 48-hour contact and the follow-ups are due.");
	return 0;
}

static const struct form_spec release_spec = {
    "Record a release", "The time defaults to now; ^X saves it as it stands.", release_fields,
    3, release_fill, release_save, NULL};

void
scr_form_release(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};
	int64_t latest;

	if (forms_stays_of(a, person_id, &p.stay_id, &latest) != 0)
		return;
	if (!p.stay_id) {
		tui_message(a, 1, "No stay in custody is recorded for this person.");
		return;
	}
	scr_form_push(a, &release_spec, &p, sizeof p);
}

/* ---------------------------------------------------------------- contact */

/* The person's open tasks, read as the form opens, then "none": the
 * choices of the field that says which task the contact answers. */
static struct pick tasks;
static char task_what[PICK_MAX][40];

struct contact_ctx {
	int64_t person_id;
	int chosen; /* the task chosen first: the most urgent, or "none" */
};

static const struct form_field contact_fields[] = {
    {"When", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL, "Local time, YYYY-MM-DD HH:MM.", 0, 0,
     NULL},
    {"How", FORM_CHOICE, 16, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_CHANNEL),
     "SPACE or the arrows choose.", 0, 0, NULL},
    {"Outcome", FORM_CHOICE, 18, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_CONTACT_OUTCOME),
     "Reached closes the task it answers; declined closes it as declined.", 0, 0, NULL},
    {"Answers", FORM_CHOICE, 40, 0, FORM_REQUIRED, tasks.names,
     "The task it answers (when due, how long overdue); none for no task.", 0, 0, NULL},
    {"Note", FORM_TEXT, 50, 2000, 0, NULL, "Optional.", 0, 0, NULL},
};

static void
contact_fill(struct app *a, struct form *f, void *ctx)
{
	const struct contact_ctx *c = ctx;

	scr_form_set_instant(a, f, 0, tui_now(a));
	form_set_choice(f, 1, 0);
	form_set_choice(f, 2, 0);
	form_set_choice(f, 3, c->chosen);
}

static int
contact_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct contact_ctx *c = ctx;
	int t = form_choice(f, 3);
	struct contact_result r;

	if (contact_record_task(&a->s, c->person_id, forms_pick_id(&tasks, f, 3),
	                        scr_form_instant(a, f, 0), form_text(f, 1), form_text(f, 2),
	                        form_text(f, 4), &r) != 0)
		return forms_refused(a, f);
	if (r.task_id)
		snprintf(done, n, "Contact recorded; the %s is done%s.", task_what[t],
		         r.late ? " late, after its window" : "");
	else if (r.declined)
		snprintf(done, n, "Contact recorded; the %s is closed as declined.", task_what[t]);
	else
		snprintf(done, n, "Contact recorded.");
	return 0;
}

static const struct form_spec contact_spec = {
    "Record a contact", "Reached closes the task it answers: done late if after its window.",
    contact_fields, 5, contact_fill, contact_save, NULL};

/* One choice for each open task: what, when due, how long overdue. */
static void
add_task(struct app *a, const struct task_row *t)
{
	char due[40], late[40] = "", name[PICK_BYTES];
	int64_t now = tui_now(a);

	forms_task_what(t, task_what[tasks.n], sizeof task_what[0]);
	tui_time(a, t->due_at, due, sizeof due);
	if (t->due_at < now) {
		/* Kept to the form's width: "day 14 follow-up, 2026-10-02 14:13,
		 * overdue 188d". */
		tui_span(now - t->due_at, late, sizeof late);
		snprintf(name, sizeof name, "%s, %s, overdue %s", task_what[tasks.n], due, late);
	} else {
		snprintf(name, sizeof name, "%s, due %s", task_what[tasks.n], due);
	}
	forms_pick_add(&tasks, t->id, name);
}

void
scr_form_contact(struct app *a, int64_t person_id)
{
	struct contact_ctx c = {person_id, 0};
	struct task_row rows[100];
	struct task_clock open[PICK_MAX];
	int n = 0;

	if (task_list_for_person(&a->s, person_id, rows, 100, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	tasks.n = 0;
	tasks.names[0] = NULL;
	for (int i = 0; i < n && tasks.n < PICK_MAX - 1; i++) {
		if (strcmp(rows[i].status, "open") != 0)
			continue;
		open[tasks.n].due = rows[i].due_at;
		open[tasks.n].start = rows[i].window_start;
		open[tasks.n].end = rows[i].window_end;
		add_task(a, &rows[i]);
	}
	/* The one the clocks' own rule picks now, as core would. */
	c.chosen = task_answered(open, tasks.n, tui_now(a));
	if (c.chosen < 0)
		c.chosen = tasks.n;
	snprintf(task_what[tasks.n], sizeof task_what[0], "none");
	forms_pick_add(&tasks, 0, "none");
	scr_form_push(a, &contact_spec, &c, sizeof c);
}

/* ---------------------------------------------------------------- education */

static const struct form_field edu_fields[] = {
    {"Declined", FORM_YN, 8, 0, FORM_REQUIRED, NULL,
     "yes if the person chose not to have the session: that is a complete answer.", 0, 0, NULL},
    {"Setting", FORM_CHOICE, 14, 0, 0, VOCAB_CODES(VOCAB_EDU_SETTING), "Not needed when declined.",
     0, 0, NULL},
    {"Tolerance loss", FORM_YN, 8, 0, 0, NULL, "Topics covered: y or n.", 0, 0, NULL},
    {"Never use alone", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Using naloxone", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Fentanyl, test strips", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Mixing substances", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Good Samaritan law", FORM_YN, 8, 0, 0, NULL, NULL, 0, 0, NULL},
    {"Teach-back passed", FORM_YN, 8, 0, 0, NULL, "yes, no, or - if not tried.", 0, 0, NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
};

static void
edu_fill(struct app *a, struct form *f, void *ctx)
{
	(void)a;
	(void)ctx;
	form_set_yn(f, 0, FORM_NO);
	form_set_choice(f, 1, 0);
	for (int i = 2; i < 8; i++)
		form_set_yn(f, i, FORM_YES);
}

static int
edu_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;
	struct education e;

	memset(&e, 0, sizeof e);
	e.person_id = p->person_id;
	e.stay_id = p->stay_id;
	e.declined = form_yn(f, 0) == FORM_YES;
	if (e.declined) {
		e.decline_reason = form_text(f, 9);
	} else {
		e.setting = form_text(f, 1);
		for (int i = 2; i < 8; i++)
			if (form_yn(f, i) == FORM_YES)
				e.topics |= 1u << (i - 2);
		e.teach_back = form_yn(f, 8) == FORM_YES  ? YN_YES :
		               form_yn(f, 8) == FORM_NO   ? YN_NO :
		                                            YN_NOT_ASKED;
	}
	if (education_record(&a->s, &e) != 0)
		return forms_refused(a, f);
	snprintf(done, n, e.declined ? "Recorded: the person declined education." :
	                               "Overdose education recorded.");
	return 0;
}

static const struct form_spec edu_spec = {
    "Overdose education", "Tolerance drops in custody: this session is what keeps people alive.",
    edu_fields, 10, edu_fill, edu_save, NULL};

void
scr_form_education(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};
	int64_t open;

	if (forms_stays_of(a, person_id, &open, &p.stay_id) != 0)
		return;
	scr_form_push(a, &edu_spec, &p, sizeof p);
}

/* ---------------------------------------------------------------- naloxone */

static const struct form_field nal_fields[] = {
    {"Outcome", FORM_CHOICE, 22, 0, FORM_REQUIRED, VOCAB_CODES(VOCAB_NAL_OUTCOME),
     "Declined is a complete answer; placed in property goes home with their things.", 0, 0,
     NULL},
    {"Formulation", FORM_CHOICE, 25, 0, 0, VOCAB_CODES(VOCAB_FORMULATION),
     "When a kit was given or placed.", 0, 0, NULL},
    {"Quantity", FORM_INT, 4, 2, 0, NULL, "Doses in the kit, 1 to 50.", 0, 50, NULL},
    {"Lot", FORM_TEXT, 20, 40, 0, NULL, "Optional.", 0, 0, NULL},
    {"Expiry", FORM_DATE, 11, 0, FORM_MONTH, NULL,
     "YYYY-MM as the kit prints it (good to the month's end), or YYYY-MM-DD.", 0, 0,
     NULL},
    {"Handover", FORM_CHOICE, 20, 0, 0, VOCAB_CODES(VOCAB_HANDOVER), NULL, 0, 0, NULL},
    {"Kit", FORM_CHOICE, 14, 0, 0, VOCAB_CODES(VOCAB_KIT), "Their first kit, or a refill.", 0, 0,
     NULL},
    {"Reason declined", FORM_TEXT, 40, 400, 0, NULL, "Optional, never required.", 0, 0, NULL},
};

/* A kit placed in property goes in the property bag, and one given is
 * not in it: the handover follows the outcome, and stays free to change. */
static void
nal_changed(struct form *f, int field)
{
	if (field != 0)
		return;
	if (strcmp(form_text(f, 0), "placed_in_property") == 0)
		form_set_text(f, 5, "property_bag");
	else if (strcmp(form_text(f, 0), "given") == 0 && !strcmp(form_text(f, 5), "property_bag"))
		form_set_text(f, 5, "in_hand");
}

static void
nal_fill(struct app *a, struct form *f, void *ctx)
{
	(void)a;
	(void)ctx;
	f->changed = nal_changed;
	form_set_choice(f, 0, 0);
	form_set_choice(f, 1, 0);
	form_set_text(f, 2, "2");
	form_set_choice(f, 5, 0);
	form_set_choice(f, 6, 0);
}

static int
nal_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;
	struct naloxone x;
	long qty = 0;
	int kit;

	memset(&x, 0, sizeof x);
	x.person_id = p->person_id;
	x.stay_id = p->stay_id;
	x.outcome = form_text(f, 0);
	kit = !strcmp(x.outcome, "given") || !strcmp(x.outcome, "placed_in_property");
	if (strcmp(x.outcome, "declined") == 0)
		x.decline_reason = form_text(f, 7);
	if (kit) {
		x.formulation = form_text(f, 1);
		if (form_int(f, 2, &qty) == 0)
			x.quantity = (int)qty;
		x.lot = form_text(f, 3);
		x.expiry = form_text(f, 4);
		x.handover = form_text(f, 5);
		x.kit = form_text(f, 6);
	}
	if (naloxone_record(&a->s, &x) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Naloxone recorded: %s.", vocab_label(VOCAB_NAL_OUTCOME, form_text(f, 0)));
	return 0;
}

static const struct form_spec nal_spec = {
    "Naloxone", "Offered, given, placed in property, or declined.", nal_fields, 8, nal_fill,
    nal_save, NULL};

void
scr_form_naloxone(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};
	int64_t open;

	if (forms_stays_of(a, person_id, &open, &p.stay_id) != 0)
		return;
	scr_form_push(a, &nal_spec, &p, sizeof p);
}

/* ---------------------------------------------------------------- note */

static const struct form_field note_fields[] = {
    {"Note", FORM_TEXT, 54, 20000, FORM_REQUIRED | FORM_LINES, NULL,
     "Plain words for the next person. ENTER starts a new line; ^X saves.", 0, 0, NULL},
};

static int
note_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_ctx *p = ctx;
	int64_t id;

	if (note_create(&a->s, p->person_id, form_text(f, 0), &id) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Note added.");
	return 0;
}

static const struct form_spec note_spec = {"Add a note", "Notes keep every version.",
                                           note_fields, 1, NULL, note_save, NULL};

void
scr_form_note(struct app *a, int64_t person_id)
{
	struct person_ctx p = {person_id, 0};

	scr_form_push(a, &note_spec, &p, sizeof p);
}
