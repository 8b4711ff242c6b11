/* SPDX-License-Identifier: ISC */
/*
 * nav.c - which screen comes next (see nav.h).
 *
 * The screens push and pop one another freely; only the choices that
 * depend on the user's role or on what core lets them see live here, so
 * that a new rule ("admins go elsewhere", "this record needs a reason")
 * is made once and every way in follows it.
 */
#include "nav.h"

#include "access.h"
#include "scr.h"

const struct screen *
nav_home(const struct app *a)
{
	return a->s.role == ROLE_ADMIN ? &scr_admin : &scr_queues;
}

void
nav_logged_in(struct app *a, int must_change)
{
	if (must_change)
		tui_reset(a, &scr_passwd, "first");
	else
		tui_reset(a, nav_home(a), NULL);
}

void
nav_open_person(struct app *a, int64_t person_id)
{
	int glass = 0;

	if (access_person(&a->s, person_id, ACCESS_VIEW, &glass) == 0) {
		tui_push(a, &scr_person, &person_id);
		return;
	}
	if (glass) {
		tui_push(a, &scr_glass, &person_id);
		return;
	}
	tui_message(a, 1, "%s", a->s.err);
}
