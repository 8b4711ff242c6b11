/* SPDX-License-Identifier: ISC */
/*
 * plan.c - the release plan's fields, read from the record in one view
 * (plan.h), then poured into the site's template (plan_template.c).
 *
 * The values are built as plain text with line breaks; the template and
 * the renderer decide how they look.  What a plan says in words of its
 * own (labels of codes) comes from vocab.c; everything else is the
 * site's wording, in the template.
 */
#include "plan.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounting.h"
#include "naloxone.h"
#include "person.h"
#include "provider.h"
#include "record.h"
#include "referral.h"
#include "setting.h"
#include "vocab.h"
#include "zone.h"

#define VALUE_MAX 4096

struct gather {
	const struct plan_request *r;
	const char *lang;
	int64_t person_id;
	char *values[PF_COUNT];
};

/* Appends a formatted line to *v (a malloc'd string, may be NULL); the
 * shorter string it replaces is wiped, as realloc would leave it. */
static int __attribute__((format(printf, 2, 3)))
append(char **v, const char *fmt, ...)
{
	char line[VALUE_MAX];
	size_t had = *v ? strlen(*v) : 0, add;
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	add = strlen(line);
	if (!(p = malloc(had + add + 1))) {
		sodium_memzero(line, sizeof line);
		return -1;
	}
	if (had)
		memcpy(p, *v, had);
	memcpy(p + had, line, add + 1);
	sodium_memzero(line, sizeof line);
	plan_text_free(*v);
	*v = p;
	return 0;
}

static const char *
or_empty(const char *t)
{
	return t ? t : "";
}

/* A provider's name, address, phone and hours, one to a line (those
 * given), after a blank line when v already holds one. */
static int
put_place(char **v, const struct provider *p, const char *when)
{
	int rc = 0;

	if (*v)
		rc |= append(v, "\n\n");
	rc |= append(v, "%s", or_empty(p->name));
	if (when)
		rc |= append(v, "\n%s", when);
	if (p->address && *p->address)
		rc |= append(v, "\n%s", p->address);
	if (p->phone && *p->phone)
		rc |= append(v, "\n%s", p->phone);
	if (p->hours && *p->hours)
		rc |= append(v, "\n%s", p->hours);
	return rc;
}

static int
by_time(const void *a, const void *b)
{
	const struct referral *x = a, *y = b;

	return (x->appointment_at > y->appointment_at) - (x->appointment_at < y->appointment_at);
}

static int
appointments(struct session *s, struct gather *g)
{
	struct referral *rows;
	int n, shown = 0, rc = 0;
	int64_t now = session_now(s);

	if (referral_list(s, g->person_id, &rows, &n) != 0)
		return -1;
	if (n > 1)
		qsort(rows, (size_t)n, sizeof *rows, by_time);
	for (int i = 0; i < n && shown < PLAN_APPOINTMENTS_MAX && rc == 0; i++) {
		struct provider p = {0};
		char when[40];

		if (strcmp(or_empty(rows[i].status), "scheduled") != 0 || rows[i].appointment_at < now)
			continue;
		zone_local_time(s->db, rows[i].appointment_at, when, sizeof when);
		if (rows[i].provider_id && provider_get(s, rows[i].provider_id, &p) == 0) {
			rc = put_place(&g->values[PF_APPOINTMENTS], &p, when);
			provider_free(&p);
		} else {
			p.name = vocab_label(VOCAB_REFERRAL_TYPE, rows[i].type);
			rc = put_place(&g->values[PF_APPOINTMENTS], &p, when);
		}
		shown++;
	}
	referral_list_free(rows, n);
	return rc;
}

/* Providers for "where to go" (walk-in ones) or for naloxone (those whose
 * services name it), into values[f]. */
static int
places(struct session *s, struct gather *g, enum plan_field f)
{
	struct provider *rows;
	int n, shown = 0, rc = 0;

	if (provider_list(s, 0, &rows, &n) != 0)
		return -1;
	for (int i = 0; i < n && shown < PLAN_PLACES_MAX && rc == 0; i++) {
		if (f == PF_WHERE_TO_GO ? rows[i].walk_in != YN_YES
		                        : !rows[i].services || !strcasestr(rows[i].services, "naloxone"))
			continue;
		rc = put_place(&g->values[f], &rows[i], NULL);
		shown++;
	}
	provider_list_free(rows, n);
	return rc;
}

static int
naloxone(struct session *s, struct gather *g)
{
	struct naloxone *rows;
	int n, rc = 0;

	if (naloxone_list(s, g->person_id, &rows, &n) != 0)
		return -1;
	for (int i = n - 1; i >= 0 && rc == 0; i--) {
		const char *o = or_empty(rows[i].outcome);
		if (strcmp(o, "given") != 0 && strcmp(o, "placed_in_property") != 0)
			continue;
		if (g->values[PF_NALOXONE])
			rc |= append(&g->values[PF_NALOXONE], "\n");
		rc |= append(&g->values[PF_NALOXONE], "%d × %s", rows[i].quantity ? rows[i].quantity : 1,
		             vocab_label_in(VOCAB_FORMULATION, rows[i].formulation, g->lang));
		if (rows[i].handover)
			rc |= append(&g->values[PF_NALOXONE], " (%s)",
			             vocab_label_in(VOCAB_HANDOVER, rows[i].handover, g->lang));
	}
	naloxone_list_free(rows, n);
	return rc;
}

static int
gather(struct session *s, void *arg)
{
	struct gather *g = arg;
	struct person p;
	const char *name;
	int rc;

	if (person_get(s, g->person_id, &p) != 0)
		return -1;
	name = p.preferred_name && *p.preferred_name ? p.preferred_name
	     : p.legal_name && *p.legal_name ? p.legal_name : p.participant_code;
	rc = append(&g->values[PF_NAME], "%s", name);
	if (g->r->goals && p.goals && *p.goals)
		rc |= append(&g->values[PF_GOALS], "%s", p.goals);
	person_free(&p);
	if (rc != 0 || appointments(s, g) != 0 || naloxone(s, g) != 0)
		return rc != 0 ? session_fail(s, "out of memory") : -1;
	if (!g->values[PF_APPOINTMENTS] && places(s, g, PF_WHERE_TO_GO) != 0)
		return -1;
	if (!g->values[PF_NALOXONE] && places(s, g, PF_NALOXONE_WHERE) != 0)
		return -1;
	return 0;
}

/* The site's own fields: its name, today's date, the hotline and the
 * Good Samaritan summary, in the plan's language where the site wrote
 * one (plan.good_samaritan.es), else the one without a language. */
static int
site_fields(struct session *s, struct gather *g, const char *lang)
{
	static const struct {
		enum plan_field f;
		const char *key;
		int by_lang; /* also kept per language, as KEY.LANG */
	} keys[] = {
	    {PF_SITE, "site.name", 0},
	    {PF_HOTLINE, "plan.hotline", 0},
	    {PF_GOOD_SAMARITAN, "plan.good_samaritan", 1},
	};
	char text[VALUE_MAX + 1];

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		*text = 0;
		if (keys[i].by_lang) {
			char in_lang[48];
			snprintf(in_lang, sizeof in_lang, "%s.%s", keys[i].key, lang);
			setting_text(s->db, in_lang, "", text, sizeof text);
		}
		if (!*text)
			setting_text(s->db, keys[i].key, "", text, sizeof text);
		if (*text && append(&g->values[keys[i].f], "%s", text) != 0)
			return -1;
	}
	zone_local_date(s->db, session_now(s), text);
	return append(&g->values[PF_DATE], "%s", text);
}

int
plan_make(struct session *s, const struct plan_request *r, struct plan *out)
{
	struct gather g = {.r = r};
	char lang[8], paper[16], *tmpl = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (r->lang)
		snprintf(lang, sizeof lang, "%s", r->lang);
	else
		setting_text(s->db, "plan.lang", "en", lang, sizeof lang);
	setting_text(s->db, "plan.paper", "letter", paper, sizeof paper);
	out->paper = strcmp(paper, "a4") == 0 ? PLAN_A4 : PLAN_LETTER;
	g.person_id = r->person_id;
	if ((r->code || !r->person_id) && accounting_find(s, r->code, &g.person_id, NULL, 0) != 0)
		return -1;
	if (plan_template_get(s, lang, &tmpl) != 0)
		return -1;
	memcpy(out->lang, lang, sizeof out->lang - 1);
	g.lang = out->lang;
	if (site_fields(s, &g, lang) != 0) {
		session_fail(s, "out of memory");
	} else if (record_view_person(s, g.person_id, r->print ? "plan print" : "plan", gather,
	                              &g) == 0) {
		if (plan_expand(tmpl, (const char *const *)g.values, &out->blocks, &out->n) == 0)
			rc = 0;
		else
			session_fail(s, "out of memory");
	}
	for (int i = 0; i < PF_COUNT; i++)
		plan_text_free(g.values[i]);
	free(tmpl);
	return rc;
}

void
plan_free(struct plan *p)
{
	plan_blocks_free(p->blocks, p->n);
	p->blocks = NULL;
	p->n = 0;
}
