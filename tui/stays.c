/* SPDX-License-Identifier: ISC */
/*
 * stays.c - changing the expected release of a stay, and showing how it
 * moved.
 *
 * Release dates move all the time (a hearing is put back, bail is posted,
 * a transfer is arranged), and most people leave before any date is
 * known, so the form asks for the new date or none, where it comes from,
 * and optionally why.  The version read when the form opens is the one
 * the save names: someone else's change in between is refused with their
 * name, never overwritten.  Each change stays in the history shown under
 * its stay on the person screen, newest first.
 */
#include "stays.h"

#include <stdio.h>
#include <string.h>

#include "forms.h"
#include "scr_form.h"
#include "vocab.h"

const char *
stays_source_label(const char *code)
{
	return code ? vocab_label(VOCAB_CHANGE_SOURCE, code) : "";
}

/* ---------------------------------------------------------------- form */

struct expected_ctx {
	int64_t stay_id, version, expected_at;
	char source[16];
};

static const struct form_field expected_fields[] = {
    {"Expected release", FORM_DATETIME, 17, 0, 0, NULL,
     "Local time, YYYY-MM-DD HH:MM; 00:00 for a date with no time; ^U: not known.", 0, 0, NULL},
    {"Date comes from", FORM_CHOICE, 22, 0, 0, VOCAB_CODES(VOCAB_EXPECTED_SOURCE),
     "SPACE or the arrows choose; a letter jumps to it.", 0, 0, NULL},
    {"Why it changed", FORM_TEXT, 50, 400, 0, NULL,
     "Optional, in a few words: \"the hearing moved to the 14th\".", 0, 0, NULL},
};

static void
expected_fill(struct app *a, struct form *f, void *ctx)
{
	const struct expected_ctx *c = ctx;

	if (c->expected_at)
		scr_form_set_instant(a, f, 0, c->expected_at);
	if (c->source[0])
		form_set_text(f, 1, c->source);
}

static int
expected_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct expected_ctx *c = ctx;
	int64_t at = scr_form_instant(a, f, 0);
	char t[40];

	if (stay_change_expected(&a->s, c->stay_id, c->version, at,
	                         form_choice(f, 1) >= 0 ? form_text(f, 1) : NULL,
	                         form_text(f, 2)) != 0)
		return forms_refused(a, f);
	if (at) {
		int64_t end;
		tui_time(a, at, t, sizeof t);
		/* 00:00 gives a date with no time: due all that day. */
		if (stay_expected_day(a->zone[0] ? a->zone : "UTC", at, &end)) {
			t[10] = 0;
			snprintf(done, n, "Release now expected %s, any time that day.", t);
		} else {
			snprintf(done, n, "Release now expected %s.", t);
		}
	} else {
		snprintf(done, n, "The expected release is now not known.");
	}
	return 0;
}

static const struct form_spec expected_spec = {
    "Change the expected release",
    "The plan only: the clocks start when the release is recorded.", expected_fields, 3,
    expected_fill, expected_save, NULL};

void
scr_form_expected(struct app *a, int64_t person_id)
{
	struct expected_ctx c;
	struct stay st;
	int64_t latest;

	memset(&c, 0, sizeof c);
	if (forms_stays_of(a, person_id, &c.stay_id, &latest) != 0)
		return;
	if (!c.stay_id) {
		tui_message(a, 1, "This person is not in custody, so there is no expected release "
		            "to change.");
		return;
	}
	if (stay_get(&a->s, c.stay_id, &st) != 0) {
		tui_message(a, 1, "%s", a->s.err);
		return;
	}
	c.version = st.version;
	c.expected_at = st.expected_release_at;
	snprintf(c.source, sizeof c.source, "%s", st.expected_source);
	scr_form_push(a, &expected_spec, &c, sizeof c);
}

/* ---------------------------------------------------------------- history */

/* jail_zone: the roster gave t as a date only (stay_change.zone). */
static const char *
when_or_unknown(struct app *a, int64_t t, const char *jail_zone, char *out, size_t n)
{
	int64_t end;

	if (!t)
		snprintf(out, n, "not known");
	else if (jail_zone[0])
		stay_expected_when(a->zone[0] ? a->zone : "UTC", jail_zone, t, out, n, &end);
	else
		tui_time(a, t, out, n);
	return out;
}

int
stays_change_lines(struct app *a, const struct stay_change *c, char lines[3][STAYS_LINE])
{
	char at[40], from[40], to[40], who[128];
	int n = 0;

	tui_time(a, c->changed_at, at, sizeof at);
	session_user_name(&a->s, c->changed_by, who, sizeof who);
	/* From nothing (a booking's date, or the first one known) it was
	 * set; otherwise it moved from one value to another. */
	snprintf(lines[n++], STAYS_LINE, "    Expected release %s %s by %s",
	         c->old_at ? "changed" : "set", at, who[0] ? who : "someone no longer listed");
	if (c->old_at)
		when_or_unknown(a, c->old_at, c->old_zone, from, sizeof from);
	snprintf(lines[n++], STAYS_LINE, "      %s%s%sto %s%s%s", c->old_at ? "from " : "",
	         c->old_at ? from : "", c->old_at ? " " : "",
	         when_or_unknown(a, c->new_at, c->zone, to, sizeof to), c->source[0] ? ", " : "",
	         stays_source_label(c->source));
	if (c->why[0])
		snprintf(lines[n++], STAYS_LINE, "      why: %s", c->why);
	return n;
}

/* ---------------------------------------------------------------- roster */

int
stays_roster_lines(struct app *a, const struct roster_seen *rows, int n,
                   const struct stay *st, char lines[STAYS_ROSTER_LINES][STAYS_LINE])
{
	char at[40], who[128];
	int64_t stay_id = st->id, released = st->released_at;
	int m = 0, given = 0;

	/* A booking number typed in the booking form is the jail's id as
	 * much as one the roster gave; the roster's own is shown below with
	 * its profile, so the same number is not said twice. */
	for (int i = 0; i < n; i++)
		given |= rows[i].kind == ROSTER_SEEN_BOOKING && rows[i].stay_id == stay_id &&
		         strcmp(rows[i].value, st->booking_number) == 0;
	if (st->booking_number[0] && !given)
		snprintf(lines[m++], STAYS_LINE, "    Jail booking %s (entered by hand)",
		         st->booking_number);
	for (int i = 0; i < n && m < STAYS_ROSTER_LINES - 3; i++) {
		if (rows[i].stay_id != stay_id)
			continue;
		if (rows[i].kind == ROSTER_SEEN_BOOKING) {
			snprintf(lines[m++], STAYS_LINE, "    Jail booking %s (profile %s)",
			         rows[i].value, rows[i].profile);
		} else if (rows[i].kind == ROSTER_SEEN_RELEASE) {
			tui_time(a, rows[i].import_at, at, sizeof at);
			session_user_name(&a->s, rows[i].import_by, who, sizeof who);
			snprintf(lines[m++], STAYS_LINE, "    Release time: %s",
			         vocab_label(VOCAB_RELEASE_PRECISION, rows[i].value));
			snprintf(lines[m++], STAYS_LINE, "      from the roster import of %s by %s, "
			         "profile %s", at, who[0] ? who : "someone no longer listed",
			         rows[i].profile);
			/* The jail's day began at another hour here: the clocks'
			 * times would not be explained by the date alone. */
			if (strcmp(rows[i].value, "date") == 0 && rows[i].zone[0] && released &&
			    strcmp(rows[i].zone, a->zone[0] ? a->zone : "UTC") != 0) {
				tui_time(a, released, at, sizeof at);
				snprintf(lines[m++], STAYS_LINE, "      clocks start %s here, midnight "
				         "at the jail", at);
			}
		}
	}
	return m;
}
