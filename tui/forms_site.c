/* SPDX-License-Identifier: ISC */
/*
 * forms_site.c - the admins' forms for the facilities and the provider
 * directory (core/facility.c, core/provider.c), opened from the admin
 * page.  A refusal (a name in use in any case, an empty name, someone
 * else's change saved since) is shown on the form and nothing is saved.
 */
#include <stdio.h>
#include <string.h>

#include "facility.h"
#include "forms.h"
#include "provider.h"
#include "scr.h"
#include "scr_form.h"

/* ---------------------------------------------------------------- facility */

static const struct form_field fac_fields[] = {
    {"Name", FORM_TEXT, 50, FACILITY_NAME_MAX, FORM_REQUIRED, NULL,
     "The facility's name as staff know it; the same in any case is one name.", 0, 0, NULL},
};

static void
fac_fill(struct app *a, struct form *f, void *ctx)
{
	struct facility_row rows[256];
	int64_t id = *(const int64_t *)ctx;
	int n;

	if (id && facility_list_all(&a->s, rows, 256, &n) == 0)
		for (int i = 0; i < n; i++)
			if (rows[i].id == id)
				form_set_text(f, 0, rows[i].name);
}

static int
fac_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	int64_t *id = ctx, was = *id;
	char note[200];

	if (*id ? facility_rename(&a->s, *id, form_text(f, 0))
	        : facility_create(&a->s, form_text(f, 0), id))
		return forms_refused(a, f);
	/* A second facility: roster profiles must now name theirs. */
	if (!was && facility_roster_note(&a->s, note, sizeof note))
		snprintf(done, n, "Saved. %s", note);
	else
		snprintf(done, n, "Saved the facility '%.120s'.", form_text(f, 0));
	return 0;
}

static const struct form_spec fac_add_spec = {
    "Add a facility", "A jail or prison people are booked into; new stays offer it.",
    fac_fields, 1, NULL, fac_save, NULL};
static const struct form_spec fac_rename_spec = {
    "Rename a facility", "Stays already booked there show the new name.", fac_fields, 1,
    fac_fill, fac_save, NULL};

void
scr_form_facility(struct app *a, int64_t facility_id)
{
	scr_form_push(a, facility_id ? &fac_rename_spec : &fac_add_spec, &facility_id,
	              sizeof facility_id);
}

/* ---------------------------------------------------------------- provider */

static const struct form_field prov_fields[] = {
    {"Name", FORM_TEXT, 50, 200, FORM_REQUIRED, NULL,
     "The provider's name; the same in any case is one name.", 0, 0, NULL},
    {"Services", FORM_TEXT, 50, 400, 0, NULL,
     "What it offers, separated by commas: methadone, housing, ...", 0, 0, NULL},
    {"Address", FORM_TEXT, 50, 400, 0, NULL, "Street, town; a line break shows as ' / '.", 0,
     0, NULL},
    {"Phone", FORM_TEXT, 20, 40, 0, NULL, NULL, 0, 0, NULL},
    {"Hours", FORM_TEXT, 50, 200, 0, NULL, "When it is open, e.g. Mon-Fri 8:00-16:00.", 0, 0,
     NULL},
    {"Takes Medicaid", FORM_YN, 8, 0, 0, NULL, "y, n, or - if not known.", 0, 0, NULL},
    {"Walk-in", FORM_YN, 8, 0, 0, NULL, "Sees people without an appointment: y, n or -.", 0,
     0, NULL},
};

/* What the edit saves against: the entry's id, the version it was read
 * at and whether it is active (0 id: a new entry). */
struct prov_ctx {
	int64_t id, version;
	int active;
};

/* An address on one line: the form edits one line, and " / " stands for
 * a line break both ways. */
static void
one_line(const char *in, char *out, size_t n)
{
	size_t at = 0;

	for (; in && *in && at + 4 < n; in++) {
		if (*in == '\n') {
			memcpy(out + at, " / ", 3);
			at += 3;
		} else {
			out[at++] = *in;
		}
	}
	out[at] = 0;
}

static void
lines_back(const char *in, char *out, size_t n)
{
	size_t at = 0;

	for (; *in && at + 1 < n; in++) {
		if (strncmp(in, " / ", 3) == 0) {
			out[at++] = '\n';
			in += 2;
		} else {
			out[at++] = *in;
		}
	}
	out[at] = 0;
}

static int
yn_form(enum yn v)
{
	return v == YN_YES ? FORM_YES : v == YN_NO ? FORM_NO : FORM_YN_UNSET;
}

static void
prov_fill(struct app *a, struct form *f, void *ctx)
{
	const struct prov_ctx *c = ctx;
	struct provider p;
	char addr[4 * 400 + 1];

	if (!c->id || provider_get(&a->s, c->id, &p) != 0)
		return;
	form_set_text(f, 0, p.name);
	form_set_text(f, 1, p.services ? p.services : "");
	one_line(p.address, addr, sizeof addr);
	form_set_text(f, 2, addr);
	form_set_text(f, 3, p.phone ? p.phone : "");
	form_set_text(f, 4, p.hours ? p.hours : "");
	form_set_yn(f, 5, yn_form(p.medicaid));
	form_set_yn(f, 6, yn_form(p.walk_in));
	provider_free(&p);
}

static int
prov_save(struct app *a, struct form *f, void *ctx, char *done, size_t n)
{
	struct prov_ctx *c = ctx;
	struct provider p;
	char addr[4 * 400 + 1];
	int rc;

	memset(&p, 0, sizeof p);
	p.id = c->id;
	p.version = c->version;
	p.active = c->id ? c->active : 1;
	p.name = form_text(f, 0);
	p.services = form_text(f, 1);
	lines_back(form_text(f, 2), addr, sizeof addr);
	p.address = addr;
	p.phone = form_text(f, 3);
	p.hours = form_text(f, 4);
	p.medicaid = forms_yn(f, 5);
	p.walk_in = forms_yn(f, 6);
	rc = c->id ? provider_update(&a->s, &p) : provider_create(&a->s, &p);
	if (rc != 0)
		return forms_refused(a, f);
	snprintf(done, n, "Saved '%.200s' in the provider directory.", p.name);
	return 0;
}

static const struct form_spec prov_add_spec = {
    "Add a provider", "Caseworkers read the directory and pick from it in referrals.",
    prov_fields, 7, NULL, prov_save, NULL};
static const struct form_spec prov_edit_spec = {
    "Edit a provider", "Referrals already made keep pointing at this entry.", prov_fields, 7,
    prov_fill, prov_save, NULL};

void
scr_form_provider(struct app *a, int64_t provider_id)
{
	struct prov_ctx c = {provider_id, 0, 1};
	struct provider p;

	if (provider_id) {
		if (provider_get(&a->s, provider_id, &p) != 0) {
			tui_message(a, 1, "%s", a->s.err);
			return;
		}
		c.version = p.version;
		c.active = p.active;
		provider_free(&p);
	}
	scr_form_push(a, provider_id ? &prov_edit_spec : &prov_add_spec, &c, sizeof c);
}
