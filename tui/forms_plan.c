/* SPDX-License-Identifier: ISC */
/*
 * forms_plan.c - the release plan from the person screen: where to save
 * the PDF, in which language, and whether the person wants their goals
 * on it.
 *
 * The path starts as the site's folder for plans (the setting
 * plan.folder) and a name made of the date and time, which says nothing
 * about the person; without the setting, the form asks for the whole
 * path.  Making the plan reads the record as one audited view and writes
 * the file whole or not at all (core/plan.c, core/plan_pdf.c); a refusal
 * stays on the form, with nothing written.
 */
#include <stdio.h>
#include <string.h>

#include "forms.h"
#include "plan.h"
#include "plan_pdf.h"
#include "scr.h"
#include "scr_form.h"
#include "setting.h"
#include "zone.h"

#define PATH_CHARS 400

struct plan_ctx {
	int64_t person_id;
};

static const struct form_field fields[] = {
    {"Save to", FORM_TEXT, 50, PATH_CHARS, FORM_REQUIRED, NULL,
     "The PDF file to write: a folder that exists, and a name.", 0, 0, NULL},
    {"Language", FORM_TEXT, 4, 2, FORM_REQUIRED, NULL,
     "Two letters of an installed template: en, es.", 0, 0, NULL},
    {"Print goals", FORM_YN, 8, 0, 0, NULL,
     "yes only if the person asks for their goals on the page.", 0, 0, NULL},
};

static void
fill(struct app *a, struct form *f, void *ctx)
{
	char folder[PATH_CHARS + 1], lang[8], when[20], path[PATH_CHARS + 40];

	(void)ctx;
	setting_text(a->db, "plan.folder", "", folder, sizeof folder);
	setting_text(a->db, "plan.lang", "en", lang, sizeof lang);
	if (*folder) {
		/* "2026-12-06 23:10" as 20261206-2310 */
		zone_local_time(a->db, tui_now(a), when, sizeof when);
		snprintf(path, sizeof path, "%s/release-plan-%.4s%.2s%.2s-%.2s%.2s.pdf", folder, when,
		         when + 5, when + 8, when + 11, when + 14);
		form_set_text(f, 0, path);
	}
	form_set_text(f, 1, lang);
	form_set_text(f, 2, "no");
}

static int
save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct plan_ctx *c = ctx;
	struct plan_request r = {NULL, c->person_id, form_text(f, 1), form_yn(f, 2) == FORM_YES};
	struct plan p;
	char err[DB_ERR_MAX];
	int rc;

	if (plan_make(&a->s, &r, &p) != 0)
		return forms_refused(a, f);
	rc = plan_pdf_write(&p, form_text(f, 0), err, sizeof err);
	plan_free(&p);
	plan_pdf_release();
	if (rc != 0) {
		form_set_form_error(f, err);
		return -1;
	}
	snprintf(done, n, "Release plan saved to %s.", form_text(f, 0));
	return 0;
}

static const struct form_spec spec = {
    "Release plan", "One page for the person to take home: appointments, naloxone, what to do.",
    fields, 3, fill, save, NULL};

void
scr_form_plan(struct app *a, int64_t person_id)
{
	struct plan_ctx c = {person_id};

	scr_form_push(a, &spec, &c, sizeof c);
}
