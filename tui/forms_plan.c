/* SPDX-License-Identifier: ISC */
/*
 * forms_plan.c - the release plan from the person screen: where to save
 * the PDF, whether to send it to the site's printer, in which language,
 * and whether the person wants their goals on it.
 *
 * The path starts as the site's folder for plans (the setting
 * plan.folder) and a name made of the date and time, which says nothing
 * about the person; without the setting, the form asks for the whole
 * path.  Making the plan reads the record as one audited view and writes
 * the file whole or not at all (core/plan.c, core/plan_pdf.c); a refusal
 * stays on the form, with nothing written.  "Print" starts at yes when
 * the site has a printer (plan.printer).  The file, when one is named, is
 * written before the plan is printed: a printer that fails then closes
 * the form saying the plan was saved (the file's name) but not printed,
 * and why; with no file, the form stays, so the plan can still be saved.
 */
#include <stdio.h>
#include <string.h>

#include "forms.h"
#include "plan.h"
#include "plan_pdf.h"
#include "plan_print.h"
#include "plan_template.h"
#include "scr.h"
#include "scr_form.h"
#include "setting.h"
#include "zone.h"

#define PATH_CHARS 400

struct plan_ctx {
	int64_t person_id;
};

enum { F_PATH, F_PRINT, F_LANG, F_GOALS };

/* A plan must go somewhere: a file, the printer, or both. */
static int
somewhere(const struct form *f, int field, char *msg, size_t msglen)
{
	(void)field;
	if (*form_text(f, F_PATH) || form_yn(f, F_PRINT) == FORM_YES)
		return 0;
	snprintf(msg, msglen, "Give a file to save the plan to, or yes under Print.");
	return 1;
}

/* The languages of the installed templates, by name, for the Language
 * field (filled as the form opens; codes[i] is langs[i]'s). */
#define LANGS 16
static char codes[LANGS][3];
static const char *langs[LANGS + 1];

static const struct form_field fields[] = {
    {"Save to", FORM_TEXT, 50, PATH_CHARS, 0, NULL,
     "The PDF file to write: a folder that exists, and a name. Empty: print only.", 0, 0,
     somewhere},
    {"Print", FORM_YN, 8, 0, 0, NULL,
     "yes sends the plan to the site's printer (the setting plan.printer).", 0, 0, NULL},
    {"Language", FORM_CHOICE, 26, 0, FORM_REQUIRED, langs,
     "The plan's language: one with a template installed.", 0, 0, NULL},
    {"Print goals", FORM_YN, 8, 0, 0, NULL,
     "yes only if the person asks for their goals on the page.", 0, 0, NULL},
};

/* Each installed template's language by its name; with none installed,
 * the site's plan.lang, for making the plan to say how to install one. */
static void
fill_langs(struct app *a, const char *lang)
{
	int n = plan_template_langs(&a->s, codes, LANGS);

	if (n <= 0) {
		snprintf(codes[0], sizeof codes[0], "%.2s", lang);
		n = 1;
	}
	for (int i = 0; i < n; i++)
		langs[i] = plan_lang_name(codes[i]) ? plan_lang_name(codes[i]) : codes[i];
	langs[n] = NULL;
}

static void
fill(struct app *a, struct form *f, void *ctx)
{
	char folder[PATH_CHARS + 1], lang[8], when[20], path[PATH_CHARS + 40];
	char printer[PLAN_PRINTER_MAX + 1];

	(void)ctx;
	setting_text(a->db, "plan.folder", "", folder, sizeof folder);
	setting_text(a->db, "plan.printer", "", printer, sizeof printer);
	setting_text(a->db, "plan.lang", "en", lang, sizeof lang);
	if (*folder) {
		/* "2026-12-06 23:10" as 20261206-2310 */
		zone_local_time(a->db, tui_now(a), when, sizeof when);
		snprintf(path, sizeof path, "%s/release-plan-%.4s%.2s%.2s-%.2s%.2s.pdf", folder, when,
		         when + 5, when + 8, when + 11, when + 14);
		form_set_text(f, F_PATH, path);
	}
	form_set_text(f, F_PRINT, *printer ? "yes" : "no");
	fill_langs(a, lang);
	for (int i = 0; langs[i]; i++)
		if (strcmp(codes[i], lang) == 0)
			form_set_choice(f, F_LANG, i);
	form_set_text(f, F_GOALS, "no");
}

static int
save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	const struct plan_ctx *c = ctx;
	const char *path = form_text(f, F_PATH), *name;
	struct plan_request r = {
	    .person_id = c->person_id,
	    .lang = form_choice(f, F_LANG) >= 0 ? codes[form_choice(f, F_LANG)] : NULL,
	    .goals = form_yn(f, F_GOALS) == FORM_YES,
	    .print = form_yn(f, F_PRINT) == FORM_YES,
	};
	struct plan p;
	char err[DB_ERR_MAX], why[DB_ERR_MAX + 200], printer[PLAN_PRINTER_MAX + 1];
	int rc = 0;

	/* The status line names the file, not its folder: a site's folder
	 * for plans can be a long path, and the line says what happened. */
	name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (plan_make(&a->s, &r, &p) != 0)
		return forms_refused(a, f);
	if (*path && (rc = plan_pdf_write(&p, path, err, sizeof err)) != 0) {
		form_set_form_error(f, err);
	} else if (r.print) {
		setting_text(a->db, "plan.printer", "", printer, sizeof printer);
		if (plan_print(&p, printer, err, sizeof err) == 0)
			snprintf(done, n, "Release plan %s%s%sprinted on %s.", *path ? "saved as " : "",
			         name, *path ? " and " : "", printer);
		else if (*path)
			snprintf(done, n, "Not printed (the plan is saved as %s): %s.", name, err);
		else {
			snprintf(why, sizeof why, "Not printed: %s. To save the plan, give a file "
			         "and no under Print.", err);
			form_set_form_error(f, why);
			rc = -1;
		}
	} else {
		snprintf(done, n, "Release plan saved as %s.", name);
	}
	plan_free(&p);
	plan_pdf_release();
	return rc;
}

static const struct form_spec spec = {
    "Release plan", "One page for the person to take home: appointments, naloxone, what to do.",
    fields, 4, fill, save, NULL};

void
scr_form_plan(struct app *a, int64_t person_id)
{
	struct plan_ctx c = {person_id};

	scr_form_push(a, &spec, &c, sizeof c);
}
