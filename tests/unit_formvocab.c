/* SPDX-License-Identifier: ISC */
/*
 * unit_formvocab.c - what a form shows and how typing into it behaves:
 * choices read as labels while the codes are what is saved, typing into
 * a filled field replaces it (a quantity of 2 and a typed 3 is 3) unless
 * the cursor moved first, an expiry may be a month as kits print it, and
 * a choice can fill in what follows from it.
 */
#include <string.h>

#include "form.h"
#include "lineedit.h"
#include "tap.h"
#include "vocab.h"

enum { OUTCOME, FORMULATION, QUANTITY, EXPIRY, DAY, STATUS, HANDOVER, NOTE, NFIELDS };

static const char *const not_yet[] = {"attended", "no_show", NULL};

static const struct form_field fields[NFIELDS] = {
	[OUTCOME] = {.label = "Outcome", .type = FORM_CHOICE, .width = 20,
	             .choices = VOCAB_CODES(VOCAB_NAL_OUTCOME)},
	[FORMULATION] = {.label = "Formulation", .type = FORM_CHOICE, .width = 25,
	                 .choices = VOCAB_CODES(VOCAB_FORMULATION)},
	[QUANTITY] = {.label = "Quantity", .type = FORM_INT, .width = 4, .max_chars = 2,
	              .max = 50},
	[EXPIRY] = {.label = "Expiry", .type = FORM_DATE, .width = 11, .flags = FORM_MONTH},
	[DAY] = {.label = "Day", .type = FORM_DATE, .width = 11},
	[STATUS] = {.label = "Outcome", .type = FORM_CHOICE, .width = 20, .choices = not_yet},
	[HANDOVER] = {.label = "Handover", .type = FORM_CHOICE, .width = 20,
	              .choices = VOCAB_CODES(VOCAB_HANDOVER)},
	[NOTE] = {.label = "Note", .type = FORM_TEXT, .width = 50, .max_chars = 20000},
};

static struct form f;

static void
type_in(struct form *g, const char *s)
{
	while (*s)
		form_key(g, (unsigned char)*s++);
}

static void
type(const char *s)
{
	type_in(&f, s);
}

static const char *
view(int i)
{
	static char out[200];
	int col;

	form_view(&f, i, out, sizeof out, &col);
	return out;
}

static void
test_lineedit(void)
{
	char mem[32];
	struct le e;

	le_init(&e, mem, sizeof mem, 10, 0);
	le_set(&e, "2");
	le_key(&e, '3');
	is_str(le_text(&e), "3", "a loaded value is replaced by what is typed");
	le_key(&e, '4');
	is_str(le_text(&e), "34", "  and typing goes on after it");
	le_set(&e, "2");
	le_key(&e, LE_LEFT);
	le_key(&e, '1');
	is_str(le_text(&e), "12", "moving the cursor first edits in place");
	le_set(&e, "2");
	le_key(&e, LE_END);
	le_key(&e, '3');
	is_str(le_text(&e), "23", "  End first appends");
	le_set(&e, "2");
	le_key(&e, LE_BACKSPACE);
	le_key(&e, '5');
	is_str(le_text(&e), "5", "  Backspace first edits what is there");
	le_set(&e, "2");
	ok(le_key(&e, 0x1b) == LE_IGNORED && le_key(&e, 0x202e) == LE_REFUSED,
	   "a key that types nothing...");
	le_key(&e, '7');
	is_str(le_text(&e), "7", "  leaves the value selected");
	le_set(&e, "");
	le_key(&e, '8');
	is_str(le_text(&e), "8", "an empty field takes what is typed");
}

static void
test_replace_in_form(void)
{
	form_init(&f, fields, NFIELDS, NULL);
	form_set_text(&f, QUANTITY, "2");
	form_focus(&f, QUANTITY);
	type("3");
	is_str(form_text(&f, QUANTITY), "3", "quantity 2, typed 3: it is 3, not 23");
	form_key(&f, FORM_NEXT);
	form_key(&f, FORM_PREV);
	ok(form_selected(&f, QUANTITY), "coming back to a filled field selects it");
	type("4");
	is_str(form_text(&f, QUANTITY), "4", "  and typing replaces it again");
	form_key(&f, FORM_NEXT);
	form_key(&f, FORM_PREV);
	form_key(&f, LE_LEFT);
	ok(!form_selected(&f, QUANTITY), "  moving the cursor ends the selection");
	type("1");
	is_str(form_text(&f, QUANTITY), "14", "  and the text is edited in place");
	form_free(&f);
}

/* A note is prose: edited where it stands, never replaced by a key. */
static void
test_prose_in_place(void)
{
	form_init(&f, fields, NFIELDS, NULL);
	form_set_text(&f, NOTE, "Met at the clinic.");
	form_focus(&f, NOTE);
	ok(!form_selected(&f, NOTE), "a loaded note is not selected");
	type(" Next visit Tuesday.");
	is_str(form_text(&f, NOTE), "Met at the clinic. Next visit Tuesday.",
	       "  typing adds to it at its end");
	form_key(&f, FORM_PREV);
	form_key(&f, FORM_NEXT);
	ok(!form_selected(&f, NOTE), "  nor selected when the focus comes back");
	type("!");
	is_str(form_text(&f, NOTE), "Met at the clinic. Next visit Tuesday.!",
	       "  so a stray key cannot wipe it");
	form_free(&f);
}

/* A note's ENTER is a new line: pasted lines stay in the note. */
static void
test_note_lines(void)
{
	static const struct form_field one[] = {
	    {.label = "Note", .type = FORM_TEXT, .width = 50, .max_chars = 20000,
	     .flags = FORM_REQUIRED | FORM_LINES},
	};
	struct form g;

	form_init(&g, one, 1, NULL);
	type_in(&g, "first line");
	is_int(form_key(&g, '\r'), FORM_CONTINUE, "ENTER in a note does not save it");
	type_in(&g, "second line");
	form_key(&g, '\n');
	type_in(&g, "third");
	is_str(form_text(&g, 0), "first line\nsecond line\nthird", "  it starts a new line");
	is_int(form_key(&g, FORM_SAVE), FORM_SUBMIT, "  and ^X saves the note whole");
	form_free(&g);
}

static void
test_month(void)
{
	form_init(&f, fields, NFIELDS, NULL);
	form_set_text(&f, EXPIRY, "2028-03");
	ok(form_validate(&f) == 0, "an expiry of 2028-03, as kits print it, is accepted: %s",
	   f.slot[EXPIRY].error);
	form_set_text(&f, EXPIRY, "2028-03-15");
	ok(form_validate(&f) == 0, "  and so is a whole date");
	form_set_text(&f, EXPIRY, "2028-13");
	ok(form_validate(&f) != 0, "  a month 13 is not");
	has_str(f.slot[EXPIRY].error, "no month 13", "  and the message says so");
	form_set_text(&f, EXPIRY, "2028-3");
	ok(form_validate(&f) != 0, "  nor a month of one digit");
	has_str(f.slot[EXPIRY].error, "YYYY-MM", "  and the message shows the form to use");
	form_set_text(&f, EXPIRY, "");
	form_set_text(&f, DAY, "2028-03");
	ok(form_validate(&f) != 0, "a date field that does not take months refuses 2028-03");
	form_free(&f);
}

static int changes[NFIELDS];

static void
changed(struct form *fm, int field)
{
	changes[field]++;
	if (field == OUTCOME && !strcmp(form_text(fm, OUTCOME), "placed_in_property"))
		form_set_text(fm, HANDOVER, "property_bag");
}

static void
test_labels(void)
{
	form_init(&f, fields, NFIELDS, NULL);
	form_set_choice(&f, FORMULATION, 3);
	is_str(view(FORMULATION), "IM naloxone 0.4 mg/mL", "a choice shows its label");
	is_str(form_choice_label(&fields[FORMULATION], 3), "IM naloxone 0.4 mg/mL",
	       "  the whole label");
	is_str(form_text(&f, FORMULATION), "im_0_4mg_ml", "  while the code is what is saved");
	form_focus(&f, FORMULATION);
	type("8");
	is_str(form_text(&f, FORMULATION), "nasal_8mg", "a key jumps by the label's first letter");
	form_set_choice(&f, STATUS, 1);
	is_str(view(STATUS), "missed appointment", "some of a kind's codes show its labels too");
	is_str(form_choice_label(&fields[QUANTITY], 0), "", "a text field has no choice label");

	f.changed = changed;
	form_set_choice(&f, HANDOVER, 0);
	form_set_choice(&f, OUTCOME, 0);
	form_focus(&f, OUTCOME);
	form_key(&f, ' ');
	is_str(form_text(&f, OUTCOME), "placed_in_property", "choosing placed in property...");
	is_str(view(HANDOVER), "property bag", "  sets the handover to the property bag");
	is_int(changes[OUTCOME], 1, "  through one call of the form's changed hook");
	form_key(&f, LE_RIGHT);
	form_key(&f, LE_RIGHT);
	form_key(&f, LE_RIGHT);
	is_int(changes[OUTCOME], 4, "  called on every change of the choice");
	form_focus(&f, QUANTITY);
	type("5");
	is_int(changes[QUANTITY], 0, "  and not for typing in a text field");
	form_free(&f);
}

int
main(void)
{
	test_lineedit();
	test_replace_in_form();
	test_prose_in_place();
	test_note_lines();
	test_month();
	test_labels();
	return tap_done();
}
