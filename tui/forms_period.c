/* SPDX-License-Identifier: ISC */
/*
 * forms_period.c - the period form: From and To, both required.
 *
 * The form's own date check refuses what is not a date before a save
 * gets here ("from: February 2026 has 28 days"); period_parse then
 * refuses a period that ends before it starts, on the form's error line.
 * Nothing is written: the screen below is handed the period and reads
 * its figures again.
 */
#include "forms_period.h"

#include <stdio.h>

#include "forms.h"
#include "scr_form.h"

struct period_ctx {
	const struct forms_period *fp;
	const struct period *now;
	void *owner;
};

static const struct form_field fields[] = {
    {"From", FORM_DATE, 11, 0, FORM_REQUIRED, NULL, "The first day, YYYY-MM-DD.", 0, 0, NULL},
    {"To", FORM_DATE, 11, 0, FORM_REQUIRED, NULL, "The last day, included.", 0, 0, NULL},
};

static void
fill(struct app *a, struct form *f, void *ctx)
{
	const struct period_ctx *c = ctx;

	(void)a;
	form_set_text(f, 0, c->now->from);
	form_set_text(f, 1, c->now->to);
}

static int
save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct period_ctx *c = ctx;
	struct period p;
	char text[32];

	if (period_parse(&a->s, form_text(f, 0), form_text(f, 1), &p) != 0)
		return forms_refused(a, f);
	c->fp->chosen(c->owner, &p);
	period_text(&p, text);
	snprintf(done, n, "%s %s.", c->fp->done, text);
	return 0;
}

/* The form screen keeps a pointer to its spec, and the title and intro
 * are the caller's.  One form is open at a time (it takes every key until
 * it closes), so one spec, named afresh on each push, serves them all. */
static struct form_spec spec = {NULL, NULL, fields, 2, fill, save, NULL};

int
forms_period_push(struct app *a, const struct forms_period *fp, const struct period *now,
                  void *owner)
{
	struct period_ctx c = {fp, now, owner};

	spec.title = fp->title;
	spec.intro = fp->intro;
	return scr_form_push(a, &spec, &c, sizeof c);
}
