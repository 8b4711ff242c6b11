/* SPDX-License-Identifier: ISC */
/*
 * stays.h - the expected release on the person screen: the form that
 * changes it (E), and the lines of its history under each stay.
 */
#ifndef PASSAGE_STAYS_H
#define PASSAGE_STAYS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
