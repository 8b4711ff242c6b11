/* SPDX-License-Identifier: ISC */
/*
 * unit_form.c - forms as tables of fields: moving between fields, typing,
 * the checks a save runs (required fields, real calendar dates and clock
 * times, number ranges, a cross-field rule), choices and yes/no, cancel,
 * a refusal from the model after the save, and wiping what was typed.
 */
#include <string.h>

#include "form.h"
#include "tap.h"

enum { NAME, DATE, TIME, KITS, HOUSING, VETERAN, FACILITY, PASS, NFIELDS };

static const char *const housing[] = {"shelter", "family", "own place", "street", NULL};

static int not_before_2000(const struct form *f, int field, char *msg, size_t msglen);

static const struct form_field release[NFIELDS] = {
	[NAME] = {.label = "Name", .type = FORM_TEXT, .width = 20, .max_chars = 40,
	          .flags = FORM_REQUIRED, .help = "As on the booking sheet"},
	[DATE] = {.label = "Release date", .type = FORM_DATE, .width = 10, .flags = FORM_REQUIRED,
	          .check = not_before_2000},
	[TIME] = {.label = "Release time", .type = FORM_DATETIME, .width = 16},
	[KITS] = {.label = "Kits", .type = FORM_INT, .width = 3, .min = 1, .max = 10},
	[HOUSING] = {.label = "Housing", .type = FORM_CHOICE, .width = 6, .choices = housing},
	[VETERAN] = {.label = "Veteran", .type = FORM_YN, .width = 3},
	[FACILITY] = {.label = "Facility", .type = FORM_TEXT, .width = 20, .flags = FORM_READONLY},
	[PASS] = {.label = "Passphrase", .type = FORM_TEXT, .width = 20, .flags = FORM_SECRET},
};

static int checks_run;

static int
not_before_2000(const struct form *f, int field, char *msg, size_t msglen)
{
	struct form_when w;

	(*(int *)f->user)++;
	if (form_when(f, field, &w) == 0 && w.year < 2000) {
		snprintf(msg, msglen, "release date: before the program began");
		return 1;
	}
	return 0;
}

static struct form f;

static void
type(const char *s)
{
	while (*s)
		form_key(&f, (unsigned char)*s++);
}

static void
set(int i, const char *s)
{
	form_set_text(&f, i, s);
}

/* The message a save gives field i with value s in it. */
static const char *
error_for(int i, const char *s)
{
	set(i, s);
	form_validate(&f);
	return f.slot[i].error;
}

static void
fill_valid(void)
{
	set(NAME, "Ana Lima");
	set(DATE, "2026-11-21");
	set(TIME, "");
	set(KITS, "");
	form_set_choice(&f, HOUSING, -1);
	form_set_yn(&f, VETERAN, FORM_YN_UNSET);
}

static void
test_navigation(void)
{
	is_int(f.focus, NAME, "the focus starts on the first field");
	form_key(&f, '\t');
	is_int(f.focus, DATE, "Tab: next field");
	form_key(&f, 'N' - 64);
	is_int(f.focus, TIME, "^N: next field");
	form_key(&f, FORM_NEXT);
	form_key(&f, '\r');
	is_int(f.focus, HOUSING, "FORM_NEXT and Enter: next field");
	form_key(&f, FORM_NEXT);
	form_key(&f, FORM_NEXT);
	is_int(f.focus, PASS, "next skips the read-only field");
	form_key(&f, '\t');
	is_int(f.focus, NAME, "next on the last field wraps to the first");
	form_key(&f, 'P' - 64);
	is_int(f.focus, PASS, "^P on the first field wraps to the last");
	form_key(&f, FORM_PREV);
	is_int(f.focus, VETERAN, "previous skips the read-only field too");
	form_focus(&f, FACILITY);
	is_int(f.focus, VETERAN, "a read-only field cannot take the focus");
	form_focus(&f, PASS);
	is_int(form_key(&f, '\n'), FORM_CONTINUE, "Enter on the last field saves (empty: refused)");
	is_int(f.focus, NAME, "  the focus goes to the first field with an error");
	is_int(form_key(&f, 0x1b), FORM_CANCEL, "ESC cancels");
	is_int(form_key(&f, FORM_CANCEL_KEY), FORM_CANCEL, "FORM_CANCEL_KEY cancels");
}

static void
test_required(void)
{
	fill_valid();
	set(NAME, "");
	set(DATE, "");
	form_focus(&f, KITS);
	is_int(form_key(&f, 'X' - 64), FORM_CONTINUE, "^X with two required fields empty: not saved");
	is_str(f.slot[NAME].error, "name: this is required", "  the name says so");
	is_str(f.slot[DATE].error, "release date: this is required", "  the date says so");
	is_str(f.slot[TIME].error, "", "  an empty optional field is fine");
	is_int(f.focus, NAME, "  the focus is on the first of them");
	is_str(f.error, "Not saved: 2 fields need fixing.", "  the form says how many");
	type("Ana");
	ok(f.slot[NAME].error[0] == 0 && f.slot[DATE].error[0] != 0,
	   "typing in a field clears its own message only");
	is_str(form_text(&f, NAME), "Ana", "  and the text is typed");
	is_str(error_for(NAME, "   "), "name: this is required", "only spaces is not a name");
	set(NAME, "Ana");
	set(DATE, "2026-11-21");
	is_int(form_key(&f, FORM_SAVE), FORM_SUBMIT, "with both filled in, the save goes through");
	ok(f.error[0] == 0 && f.slot[NAME].error[0] == 0, "  and every message is cleared");
}

static void
test_dates(void)
{
	struct form_when w;

	fill_valid();
	is_str(error_for(DATE, "2026-02-29"), "release date: February 2026 has 28 days",
	       "2026-02-29 is not a day");
	is_str(error_for(DATE, "2026-02-30"), "release date: February 2026 has 28 days",
	       "2026-02-30 neither");
	is_str(error_for(DATE, "2028-02-29"), "", "2028-02-29 is (a leap year)");
	is_str(error_for(DATE, "2100-02-29"), "release date: February 2100 has 28 days",
	       "2100 is not a leap year");
	is_str(error_for(DATE, "2026-04-31"), "release date: April 2026 has 30 days", "April 31st");
	is_str(error_for(DATE, "2026-13-01"), "release date: there is no month 13 (use 01 to 12)",
	       "month 13");
	is_str(error_for(DATE, "2026-00-10"), "release date: there is no month 00 (use 01 to 12)",
	       "month 0");
	is_str(error_for(DATE, "2026-11-00"), "release date: there is no day 00 (use 01 to 30)",
	       "day 0");
	is_str(error_for(DATE, "next tuesday"), "release date: use YYYY-MM-DD, e.g. 2026-11-21",
	       "garbage");
	is_str(error_for(DATE, "2026-1-5"), "release date: use YYYY-MM-DD, e.g. 2026-11-21",
	       "digits missing");
	is_str(error_for(DATE, "2026/11/21"), "release date: use YYYY-MM-DD, e.g. 2026-11-21",
	       "slashes for dashes");
	is_str(error_for(DATE, "2026-11-21"), "", "a real date");
	ok(form_when(&f, DATE, &w) == 0 && w.year == 2026 && w.month == 11 && w.day == 21 &&
	   w.hour == 0 && w.min == 0, "form_when gives the date broken down");

	is_str(error_for(TIME, "2026-11-21 24:00"), "release time: there is no hour 24 (use 00 to 23)",
	       "hour 24");
	is_str(error_for(TIME, "2026-11-21 14:60"),
	       "release time: there is no minute 60 (use 00 to 59)", "minute 60");
	is_str(error_for(TIME, "2026-11-21"),
	       "release time: use YYYY-MM-DD HH:MM, e.g. 2026-11-21 14:05", "a date without a time");
	is_str(error_for(TIME, "2026-11-21T14:05"),
	       "release time: use YYYY-MM-DD HH:MM, e.g. 2026-11-21 14:05", "a T for the space");
	is_str(error_for(TIME, "2026-02-29 10:00"), "release time: February 2026 has 28 days",
	       "a time on a day that does not exist");
	is_str(error_for(TIME, "2026-11-21 00:00"), "", "midnight");
	is_str(error_for(TIME, "2026-11-21 23:59"), "", "a minute to midnight");
	ok(form_when(&f, TIME, &w) == 0 && w.year == 2026 && w.month == 11 && w.day == 21 &&
	   w.hour == 23 && w.min == 59, "form_when gives the time broken down");
	is_str(error_for(TIME, ""), "", "an empty optional time is fine");
	is_int(form_when(&f, TIME, &w), 1, "  form_when says it is empty");
	set(TIME, "soon");
	is_int(form_when(&f, TIME, &w), -1, "form_when refuses what does not parse");

	form_focus(&f, DATE);
	set(DATE, "");
	is_int(form_key(&f, 'x'), FORM_REFUSED, "a letter cannot be typed in a date");
	is_int(form_key(&f, ':'), FORM_REFUSED, "  nor a colon");
	type("2026-11-21");
	is_str(form_text(&f, DATE), "2026-11-21", "digits and dashes can");
	is_int(form_key(&f, '1'), FORM_REFUSED, "  and no more than 10 characters");
	form_focus(&f, TIME);
	set(TIME, "");
	type("2026-11-21 14:05");
	is_str(form_text(&f, TIME), "2026-11-21 14:05", "a time takes a space and a colon");
}

static void
test_numbers(void)
{
	long n;

	fill_valid();
	is_str(error_for(KITS, "0"), "kits: must be from 1 to 10", "below the range");
	is_str(error_for(KITS, "11"), "kits: must be from 1 to 10", "above the range");
	is_str(error_for(KITS, "10"), "", "the top of the range");
	ok(form_int(&f, KITS, &n) == 0 && n == 10, "form_int reads it");
	is_str(error_for(KITS, "3a"), "kits: use a whole number, e.g. 3", "a loaded value with a letter");
	is_str(error_for(KITS, ""), "", "empty and optional");
	is_int(form_int(&f, KITS, &n), 1, "  form_int says it is empty");
	form_focus(&f, KITS);
	is_int(form_key(&f, '-'), FORM_REFUSED, "a minus cannot be typed in a number");
	is_int(form_key(&f, 'x'), FORM_REFUSED, "  nor a letter");
	type("7");
	ok(form_int(&f, KITS, &n) == 0 && n == 7, "digits can");
}

static void
test_choices(void)
{
	char view[32];
	int col;

	fill_valid();
	form_focus(&f, HOUSING);
	is_str(form_text(&f, HOUSING), "", "no choice at first");
	form_view(&f, HOUSING, view, sizeof(view), &col);
	is_str(view, "-", "  shown as -");
	form_key(&f, ' ');
	is_int(form_choice(&f, HOUSING), 0, "Space: the first choice");
	form_key(&f, LE_RIGHT);
	is_str(form_text(&f, HOUSING), "family", "Right: the next");
	form_key(&f, LE_LEFT);
	form_key(&f, LE_LEFT);
	is_int(form_choice(&f, HOUSING), -1, "Left twice: back to nothing chosen");
	form_key(&f, LE_LEFT);
	is_str(form_text(&f, HOUSING), "street", "Left again wraps to the last");
	form_key(&f, ' ');
	is_int(form_choice(&f, HOUSING), -1, "Space after the last: nothing chosen");
	form_key(&f, 'f');
	is_str(form_text(&f, HOUSING), "family", "typing f picks family");
	form_key(&f, 'o');
	is_str(form_text(&f, HOUSING), "own place", "typing o picks own place");
	form_key(&f, 'S');
	is_str(form_text(&f, HOUSING), "street", "S picks the next choice starting with s");
	form_key(&f, 's');
	is_str(form_text(&f, HOUSING), "shelter", "  and again wraps to the other one");
	is_int(form_key(&f, 'z'), FORM_REFUSED, "a letter no choice starts with does nothing");
	is_str(form_text(&f, HOUSING), "shelter", "  the choice stays");
	form_view(&f, HOUSING, view, sizeof(view), &col);
	is_str(view, "shelt~", "the view fits the field's 6 columns, marked when cut");
	form_key(&f, 0x7f);
	is_int(form_choice(&f, HOUSING), -1, "Backspace: nothing chosen");
	is_int(form_set_text(&f, HOUSING, "own place"), 0, "form_set_text selects by value");
	is_int(form_choice(&f, HOUSING), 2, "  the right one");
	is_int(form_set_text(&f, HOUSING, "castle"), -1, "  and refuses a value not in the list");

	form_focus(&f, VETERAN);
	is_int(form_yn(&f, VETERAN), FORM_YN_UNSET, "yes/no starts not asked");
	form_view(&f, VETERAN, view, sizeof(view), &col);
	is_str(view, "-", "  shown as -");
	form_key(&f, ' ');
	ok(form_yn(&f, VETERAN) == FORM_YES && strcmp(form_text(&f, VETERAN), "yes") == 0,
	   "Space: yes");
	form_key(&f, ' ');
	ok(form_yn(&f, VETERAN) == FORM_NO && strcmp(form_text(&f, VETERAN), "no") == 0, "Space: no");
	form_key(&f, ' ');
	ok(form_yn(&f, VETERAN) == FORM_YN_UNSET && strcmp(form_text(&f, VETERAN), "-") == 0,
	   "Space: not asked again");
	form_key(&f, 'Y');
	is_int(form_yn(&f, VETERAN), FORM_YES, "Y: yes");
	form_key(&f, 'n');
	is_int(form_yn(&f, VETERAN), FORM_NO, "n: no");
	form_key(&f, '-');
	is_int(form_yn(&f, VETERAN), FORM_YN_UNSET, "-: not asked");
	form_key(&f, LE_LEFT);
	is_int(form_yn(&f, VETERAN), FORM_NO, "Left from not asked: no");
	is_int(form_set_text(&f, VETERAN, "yes"), 0, "form_set_text takes yes");
	is_int(form_yn(&f, VETERAN), FORM_YES, "  as yes");
}

static void
test_required_choice(void)
{
	static const struct form_field two[] = {
		{.label = "Housing", .type = FORM_CHOICE, .width = 10, .flags = FORM_REQUIRED,
		 .choices = housing},
		{.label = "Veteran", .type = FORM_YN, .width = 3, .flags = FORM_REQUIRED},
	};
	struct form g;

	if (form_init(&g, two, 2, NULL) != 0)
		tap_bail("form_init");
	is_int(form_key(&g, '\r'), FORM_CONTINUE, "Enter on the first of two fields moves on");
	is_int(form_key(&g, '\r'), FORM_CONTINUE, "Enter on the last saves: refused");
	is_str(g.slot[0].error, "housing: choose one (Space shows the next)", "  a choice is required");
	is_str(g.slot[1].error, "veteran: choose yes or no (y or n)", "  yes or no is required");
	is_int(g.focus, 0, "  focus on the first");
	for (int i = 0; i < 4; i++)
		form_key(&g, ' ');
	is_int(form_choice(&g, 0), 3, "a required choice cycles to the last");
	form_key(&g, ' ');
	is_int(form_choice(&g, 0), 0, "  and then to the first, never to nothing");
	is_int(form_key(&g, 0x7f), FORM_REFUSED, "  Backspace cannot clear it");
	form_key(&g, '\t');
	form_key(&g, 'y');
	is_int(form_key(&g, '\r'), FORM_SUBMIT, "with both chosen, Enter on the last saves");
	form_free(&g);
}

static void
test_check_and_model(void)
{
	fill_valid();
	checks_run = 0;
	is_str(error_for(DATE, "1999-12-31"), "release date: before the program began",
	       "a check callback refuses the save with its own message");
	is_int(checks_run, 1, "  it ran once");
	is_str(error_for(DATE, "1999-02-30"), "release date: February 1999 has 28 days",
	       "the field's own check comes first");
	is_int(checks_run, 1, "  and then the callback is not run");
	set(DATE, "2026-11-21");
	is_int(form_key(&f, FORM_SAVE), FORM_SUBMIT, "a good date passes both");

	form_focus(&f, NAME);
	form_set_error(&f, KITS, "kits: only 2 left in stock");
	is_int(f.focus, KITS, "an error from the model takes the focus to its field");
	is_str(f.slot[KITS].error, "kits: only 2 left in stock", "  and shows there");
	form_set_form_error(&f, "Someone else saved this release at 14:02.");
	is_str(f.error, "Someone else saved this release at 14:02.", "a form-level error");
	type("2");
	is_str(f.slot[KITS].error, "", "typing in the field clears the model's message");
}

static void
test_view_and_secret(void)
{
	static char mem[4096];
	size_t need = form_mem_size(release, NFIELDS);
	struct form g;
	char view[64];
	int col, zero = 1;

	set(NAME, "Ana\x1b[2J");
	form_view(&f, NAME, view, sizeof(view), &col);
	is_str(view, "Ana^[[2J", "a loaded value shows its controls as placeholders");
	set(FACILITY, "County jail");
	form_view(&f, FACILITY, view, sizeof(view), &col);
	is_str(view, "County jail", "a read-only field shows its value");
	is_int(form_init_mem(&g, release, NFIELDS, NULL, mem, need - 1), -1,
	       "form_init_mem refuses too little memory");
	if (need > sizeof(mem) || form_init_mem(&g, release, NFIELDS, NULL, mem, sizeof(mem)) != 0)
		tap_bail("form_init_mem");
	form_focus(&g, PASS);
	for (const char *p = "correct horse"; *p; p++)
		form_key(&g, (unsigned char)*p);
	is_str(form_text(&g, PASS), "correct horse", "a passphrase is typed");
	form_view(&g, PASS, view, sizeof(view), &col);
	ok(view[0] == 0 && col == 0, "  and shows nothing");
	ok(memmem(mem, sizeof(mem), "correct horse", 13) != NULL, "  it is in the form's memory");
	form_free(&g);
	for (size_t i = 0; i < sizeof(mem); i++)
		zero &= mem[i] == 0;
	ok(zero, "form_free zeroes every byte of the form's memory");
	ok(g.slot == NULL && g.mem == NULL, "  and forgets it");
}

int
main(void)
{
	if (form_init(&f, release, NFIELDS, &checks_run) != 0)
		tap_bail("form_init");
	test_navigation();
	test_required();
	test_dates();
	test_numbers();
	test_choices();
	test_required_choice();
	test_check_and_model();
	test_view_and_secret();
	form_free(&f);
	return tap_done();
}
