/* SPDX-License-Identifier: ISC */
/*
 * forms_person.c - the forms about the person themselves: a new person,
 * their details and goals, and a new stay in custody.
 *
 * A participant code is all a new record needs: we collect the minimum.
 * Details are saved only over the version that was read, so two people
 * editing the same record cannot overwrite each other without knowing.
 */
#include "forms.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "candidate.h"
#include "facility.h"
#include "person.h"
#include "nav.h"
#include "scr.h"
#include "scr_form.h"
#include "vocab.h"
#include "stay.h"

static struct pick facilities;

/* ---------------------------------------------------------------- booking */

struct book_ctx {
	int64_t person_id;
};


static const struct form_field book_fields[] = {
    {"Facility", FORM_CHOICE, 30, 0, FORM_REQUIRED, facilities.names,
     "SPACE or the arrows choose.", 0, 0, NULL},
    {"Booking number", FORM_TEXT, 20, 40, 0, NULL, "Optional.", 0, 0, NULL},
    {"Booked at", FORM_DATETIME, 17, 0, FORM_REQUIRED, NULL, "Local time, YYYY-MM-DD HH:MM.", 0,
     0, NULL},
    {"Expected release", FORM_DATETIME, 17, 0, 0, NULL,
     "If known (00:00: that whole day); the clocks start at the real release.", 0, 0, NULL},
    {"Date comes from", FORM_CHOICE, 12, 0, 0, VOCAB_CODES(VOCAB_EXPECTED_SOURCE),
     "Where the expected date comes from.", 0, 0, NULL},
};

static void
book_fill(struct app *a, struct form *f, void *ctx)
{
	(void)ctx;
	form_set_choice(f, 0, 0);
	for (int i = 0; i < facilities.n; i++)
		if (facilities.ids[i] == a->filter.facility_id)
			form_set_choice(f, 0, i);
	scr_form_set_instant(a, f, 2, tui_now(a));
}

static int
book_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct book_ctx *c = ctx;
	struct stay_booking b;

	memset(&b, 0, sizeof b);
	b.person_id = c->person_id;
	b.facility_id = forms_pick_id(&facilities, f, 0);
	b.booking_number = form_text(f, 1);
	b.booked_at = scr_form_instant(a, f, 2);
	b.expected_release_at = scr_form_instant(a, f, 3);
	b.expected_source = form_choice(f, 4) >= 0 ? form_text(f, 4) : NULL;
	if (stay_book(&a->s, &b, NULL) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Booking recorded at %s.", form_text(f, 0));
	return 0;
}

static const struct form_spec book_spec = {
    "Book a new stay", "A new custody episode; the release is recorded when it happens.",
    book_fields, 5, book_fill, book_save, NULL};

static void
book_push(struct app *a, int64_t person_id)
{
	struct book_ctx c = {person_id};
	struct facility_row rows[PICK_MAX];
	int n = 0;

	if (facility_list(&a->s, rows, PICK_MAX, &n) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	if (n == 0) {
		tui_message(a, 1, "No facility is set up yet: an admin adds them.");
		return;
	}
	facilities.n = 0;
	for (int i = 0; i < n; i++)
		forms_pick_add(&facilities, rows[i].id, rows[i].name);
	scr_form_push(a, &book_spec, &c, sizeof c);
}

void
scr_form_booking(struct app *a, int64_t person_id)
{
	int64_t open, latest;

	if (forms_stays_of(a, person_id, &open, &latest) != 0)
		return;
	if (open) {
		tui_message(a, 1, "This person is in custody already: record the release first.");
		return;
	}
	book_push(a, person_id);
}

/* ---------------------------------------------------------------- person */

struct person_edit {
	int64_t person_id, version, caseworker_id;
	uint32_t warned; /* new person: the name and birth date last warned about */
};


/* Only the code is required: a pseudonym is enough to work with. */
const struct form_field person_fields[FORMS_PERSON_FIELDS] = {
    {"Participant code", FORM_TEXT, 20, 32, FORM_REQUIRED, NULL,
     "Enough on its own: every other field is optional.", 0, 0, NULL},
    {"Preferred name", FORM_TEXT, 40, 200, 0, NULL, "What they want to be called.", 0, 0, NULL},
    {"Legal name", FORM_TEXT, 40, 200, 0, NULL, "Optional.", 0, 0, NULL},
    {"Pronouns", FORM_TEXT, 20, 40, 0, NULL, "In their words, if they say.", 0, 0, NULL},
    {"Date of birth", FORM_DATE, 11, 0, 0, NULL, "YYYY-MM-DD, optional.", 0, 0, NULL},
    {"Phone", FORM_TEXT, 20, 40, 0, NULL, NULL, 0, 0, NULL},
    {"Email", FORM_TEXT, 40, 200, 0, NULL, NULL, 0, 0, NULL},
    {"Best way to reach", FORM_CHOICE, 18, 0, 0, VOCAB_CODES(VOCAB_CONTACT_WAY),
     "SPACE or the arrows choose.", 0, 0, NULL},
    {"Best time to reach", FORM_TEXT, 40, 200, 0, NULL, "In words: \"weekday mornings\".", 0, 0,
     NULL},
    {"Address", FORM_TEXT, 50, 400, 0, NULL, NULL, 0, 0, NULL},
    {"Their own goals", FORM_TEXT, 50, 4000, 0, NULL,
     "In the person's own words, not ours.", 0, 0, NULL},
};

void
person_from_form(const struct form *f, struct person *p)
{
	p->participant_code = form_text(f, 0);
	p->preferred_name = form_text(f, 1);
	p->legal_name = form_text(f, 2);
	p->pronouns = form_text(f, 3);
	p->birth_date = form_text(f, 4);
	p->phone = form_text(f, 5);
	p->email = form_text(f, 6);
	p->contact_way = form_text(f, 7);
	p->contact_time = form_text(f, 8);
	p->address = form_text(f, 9);
	p->goals = form_text(f, 10);
}

/* What a warning was about: the legal name, the name they go by and the
 * birth date, hashed (FNV-1a; never 0, which stands for no warning yet). */
static uint32_t
warn_key(const struct person *p)
{
	const char *const part[] = {p->legal_name, p->preferred_name, p->birth_date};
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < sizeof part / sizeof *part; i++) {
		for (const char *t = part[i] ? part[i] : ""; *t; t++)
			h = (h ^ (unsigned char)*t) * 16777619u;
		h = (h ^ '|') * 16777619u;
	}
	return h ? h : 1;
}

/* Chosen from the list of people who may be here already: open one, or
 * back to the form, as it was, to add them anyway. */
static void
maybe_chosen(struct app *a, int64_t owner, int64_t id)
{
	(void)owner;
	if (id > 0)
		nav_open_person(a, id);
	else
		tui_message(a, 0, "Not added yet: ^X adds them as a new person.");
}

/* The people this one may already be, as a list to choose from over the
 * form; 1 when it is shown, 0 when there is nobody, -1 on an error.
 * *how has bit 1 << candidate_how set for each way someone matched. */
static int
maybe_here(struct app *a, const struct person *p, unsigned *how)
{
	static const int widths[] = {10, 24, 10, 6, 0};
	struct candidate_person c[CANDIDATE_SHOWN];
	struct pick_item items[CANDIDATE_SHOWN + 1];
	char head[PICK_LABEL];
	int n = 0;

	if (candidate_people(&a->s, p->legal_name, p->preferred_name, p->birth_date, c, &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	*how = 0;
	for (int i = 0; i < n; i++)
		*how |= 1u << c[i].how;
	memset(items, 0, sizeof items);
	snprintf(items[0].name, sizeof items[0].name, "a new person");
	snprintf(items[0].label, sizeof items[0].label,
	         "None of them: back to the form to add a new person");
	for (int i = 0; i < n; i++) {
		const struct search_hit *h = &c[i].hit;
		char name[4 * 410 + 8];

		if (h->preferred_name[0] && strcmp(h->preferred_name, h->legal_name) != 0)
			snprintf(name, sizeof name, "%s (%s)", h->preferred_name, h->legal_name);
		else
			snprintf(name, sizeof name, "%s", h->legal_name);
		items[i + 1].id = h->person_id;
		snprintf(items[i + 1].name, sizeof items[i + 1].name, "%s", h->participant_code);
		scr_pick_row(a, items[i + 1].label, sizeof items[i + 1].label,
		             (const char *const[]){h->participant_code, name,
		                                   c[i].birth[0] ? c[i].birth : "-", h->status,
		                                   h->may_open ? h->caseworker
		                                               : "needs break-the-glass",
		                                   NULL},
		             widths);
	}
	scr_pick_row(a, head, sizeof head,
	             (const char *const[]){"Code", "Name", "Born", "Status", "Caseworker", NULL},
	             widths);
	return tui_push(a, &scr_pick,
	                &(struct pick_arg){.question = "Already here? Open one of them, or add "
	                                               "a new person.",
	                                   .heading = head, .items = items, .n = n + 1,
	                                   .then = maybe_chosen, .enter = "open"}) == 0;
}

/* Says what matched: the name, the name they go by, or the birth date
 * with a close name (candidate.h), so a birth date alone is never called
 * "this name". */
static void
warn_matched(struct form *f, unsigned how, const char *birth)
{
	char who[200] = "", msg[300];

	if (how & (1u << CANDIDATE_BY_NAME))
		snprintf(who, sizeof who, "with this name");
	else if (how & (1u << CANDIDATE_BY_GOES_BY))
		snprintf(who, sizeof who, "who goes by this name");
	if (how & (1u << CANDIDATE_BY_BIRTH))
		snprintf(who + strlen(who), sizeof who - strlen(who), "%sborn on %s with a close name%s",
		         who[0] ? ", or " : "", birth ? birth : "that day", who[0] ? "," : "");
	snprintf(msg, sizeof msg, "Someone %s may be here already: ^X again adds a new person.",
	         who);
	form_set_form_error(f, msg);
}

/* Before a new person is saved: anyone who may be them already is shown
 * once for the name and birth date typed; ^X again adds them. */
static int
new_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	struct person_edit *e = ctx;
	struct person p;
	uint32_t key;

	memset(&p, 0, sizeof p);
	person_from_form(f, &p);
	key = warn_key(&p);
	if (key != e->warned) {
		unsigned how = 0;
		int shown = maybe_here(a, &p, &how);

		if (shown < 0)
			return forms_refused(a, f);
		if (shown > 0) {
			e->warned = key;
			warn_matched(f, how, p.birth_date);
			return -1;
		}
	}
	if (person_create(&a->s, &p) != 0)
		return forms_refused(a, f);
	e->person_id = p.id;
	snprintf(done, n, "Added %s.", p.participant_code);
	return 0;
}

/* The new record opens; health staff add people at intake, so for them
 * the booking comes next, over the record: leaving the booking form
 * leaves them with the person they just added, not back at the queues. */
static void
new_saved(struct app *a, const void *ctx)
{
	const struct person_edit *e = ctx;

	if (access_person(&a->s, e->person_id, ACCESS_VIEW, NULL) != 0 ||
	    tui_push(a, &scr_person, &e->person_id) != 0)
		return;
	if (a->s.role == ROLE_HEALTH)
		book_push(a, e->person_id);
}

static const struct form_spec new_spec = {
    "Add a person", "Collect the minimum: a participant code is enough.", person_fields, 11,
    NULL, new_save, new_saved};

void
scr_form_person_new(struct app *a)
{
	struct person_edit e = {0, 0, 0, 0};

	scr_form_push(a, &new_spec, &e, sizeof e);
}

static int
edit_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct person_edit *e = ctx;
	struct person p;

	memset(&p, 0, sizeof p);
	p.id = e->person_id;
	p.version = e->version;
	p.caseworker_id = e->caseworker_id;
	person_from_form(f, &p);
	if (person_update(&a->s, &p) != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Details saved.");
	return 0;
}

/* The record as read when the form opens, for edit_fill (which runs
 * inside the push). */
static const struct person *edit_src;

static void
edit_fill(struct app *a, struct form *f, void *ctx)
{
	const struct person *x = edit_src;
	const char *v[11];

	(void)a;
	(void)ctx;
	if (!x)
		return;
	v[0] = x->participant_code, v[1] = x->preferred_name, v[2] = x->legal_name;
	v[3] = x->pronouns, v[4] = x->birth_date, v[5] = x->phone, v[6] = x->email;
	v[7] = x->contact_way, v[8] = x->contact_time, v[9] = x->address, v[10] = x->goals;
	for (int i = 0; i < 11; i++)
		if (v[i] && *v[i])
			form_set_text(f, i, v[i]);
}

static const struct form_spec edit_spec = {
    "Details and goals", "Saved only if nobody changed the record since it was opened.",
    person_fields, 11, edit_fill, edit_save, NULL};

void
scr_form_person_edit(struct app *a, int64_t person_id)
{
	struct person x;
	struct person_edit e = {person_id, 0, 0, 0};

	memset(&x, 0, sizeof x);
	if (person_get(&a->s, person_id, &x) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	e.version = x.version;
	e.caseworker_id = x.caseworker_id;
	edit_src = &x;
	scr_form_push(a, &edit_spec, &e, sizeof e);
	edit_src = NULL;
	person_free(&x);
}
