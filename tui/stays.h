/* SPDX-License-Identifier: ISC */
/*
 * stays.h - the expected release on the person screen: the form that
 * changes it (E), and the lines of its history under each stay; and what
 * the jail's roster says of each stay.
 */
#ifndef PASSAGE_STAYS_H
#define PASSAGE_STAYS_H

#include <stddef.h>
#include <stdint.h>

#include "roster_seen.h"
#include "stay.h"
#include "tui.h"

/* The form for the person's stay still in custody; a message instead
 * when there is none. */
void scr_form_expected(struct app *a, int64_t person_id);

/* Where an expected date comes from, as people say it ("court date");
 * "" for none given. */
const char *stays_source_label(const char *code);

/* A change of an expected release as up to three lines (when and who;
 * from what to what and the source; why, when one was given), each at
 * most STAYS_LINE bytes.  Returns how many were filled. */
#define STAYS_LINE 1700
int stays_change_lines(struct app *a, const struct stay_change *c, char lines[3][STAYS_LINE]);

/* The jail's ids of stay st: the booking number typed when it was booked
 * (when the roster did not give the same one), then what the jail's
 * roster says of it, from the person's roster rows (roster_seen.h): its
 * booking numbers, and for a release the roster recorded how precisely
 * its time is known and which import recorded it (and, for a date only
 * read in a zone other than the site's, when the clocks started here).
 * At most STAYS_ROSTER_LINES lines; returns how many were filled. */
#define STAYS_ROSTER_LINES 6
int stays_roster_lines(struct app *a, const struct roster_seen *rows, int n,
                       const struct stay *st, char lines[STAYS_ROSTER_LINES][STAYS_LINE]);

#endif
