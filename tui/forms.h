/* SPDX-License-Identifier: ISC */
/*
 * forms.h - what the form files (forms.c, forms_case.c, forms_person.c)
 * share: the context most forms save with, and small helpers.
 */
#ifndef PASSAGE_FORMS_H
#define PASSAGE_FORMS_H

#include <stddef.h>
#include <stdint.h>

#include "form.h"
#include "check.h"
#include "tui.h"

/* A form about a person, and the stay it is tied to (0: none). */
struct person_ctx {
	int64_t person_id, stay_id;
};

/* The person's stay still in custody (0 when none), and the latest
 * stay (for records about a release that happened).  -1 with the
 * message shown when the stays could not be read. */
int forms_stays_of(struct app *a, int64_t person_id, int64_t *open, int64_t *latest);

/* Core's refusal, on the form: the whole form's error line.  Returns -1,
 * what a refused save returns. */
int forms_refused(struct app *a, struct form *f);

/* yes, no, or not asked, as core/ keeps them. */
enum yn forms_yn(const struct form *f, int i);
/* An optional number: 0 when empty (the field's own check refuses text
 * that is not a number before a save gets here). */
int64_t forms_int(const struct form *f, int i);

/* A choice whose names come from the database (the facilities, the
 * provider directory), filled before the form opens: the const field
 * table points at names.  One form is open at a time, so one list of
 * each kind is enough. */
#define PICK_MAX 40
#define PICK_BYTES 64

struct pick {
	const char *names[PICK_MAX + 1];
	int64_t ids[PICK_MAX];
	char text[PICK_MAX][PICK_BYTES];
	int n;
};

/* Adds a name (cut to fit, between characters); none past PICK_MAX. */
void forms_pick_add(struct pick *p, int64_t id, const char *name);
/* The id behind field i's choice; 0 when none is chosen. */
int64_t forms_pick_id(const struct pick *p, const struct form *f, int i);

/* "48-hour contact", "day 7 follow-up": what a task is, in words. */
/* forms_person.c: a person's fields (also the roster's add form,
 * scr_roster.c), and the person they describe (pointing into f). */
#define FORMS_PERSON_FIELDS 11
struct person;
extern const struct form_field person_fields[FORMS_PERSON_FIELDS];
void person_from_form(const struct form *f, struct person *p);

struct task_row;
void forms_task_what(const struct task_row *t, char *out, size_t n);

/* The open ones of n tasks as pick-list items (scr.h), in the order given
 * (earliest due first): what, when due, and how long overdue.  Returns
 * how many; items holds up to n. */
struct pick_item;
#define FORMS_TASK_HEADING "Follow-up          Due               Overdue by"
int forms_task_items(struct app *a, const struct task_row *rows, int n, struct pick_item *items);

#endif
