/* SPDX-License-Identifier: ISC */
/*
 * nav.h - which screen comes next, decided in one place.
 *
 * A screen knows its own keys; where a key leads, when the answer depends
 * on who is logged in or on what they may see, is asked here: the first
 * screen after a login, home, and the way into a person's record.
 */
#ifndef PASSAGE_NAV_H
#define PASSAGE_NAV_H

#include <stdint.h>

#include "tui.h"

/* Home, the first screen after login: the queues, or for an admin (who
 * sees no case data) their own page, where they keep the facilities and
 * the provider directory (scr_admin.c). */
const struct screen *nav_home(const struct app *a);

/* After a login, every screen replaced: the passphrase change when the
 * user must choose their own (must_change), else home. */
void nav_logged_in(struct app *a, int must_change);

/* Opens a person's record: straight in when the user may see it, or
 * through the break-the-glass screen when that is what it takes. */
void nav_open_person(struct app *a, int64_t person_id);

#endif
