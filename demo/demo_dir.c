/* SPDX-License-Identifier: ISC */
/*
 * demo_dir.c - the demo's directory and staff: facilities, providers and
 * the caseworkers whose caseloads the people are spread over (see
 * demo_dir.h).
 */
#include "demo_dir.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facility.h"
#include "provider.h"
#include "unaudited.h"
#include "user.h"

static const char *const facilities[] = {"County Jail - Main", "County Jail - North Annex",
                                         "Regional Correctional Center"};
static const char *const providers[][3] = {
    {"Harbor Methadone Clinic", "methadone, counseling", "555-0101"},
    {"Eastside Bridge Clinic", "buprenorphine, walk-in", "555-0102"},
    {"Community Health Center", "primary care, HCV/HIV testing", "555-0103"},
    {"Street Outreach Syringe Services", "syringe services, naloxone", "555-0104"},
    {"Second Chance Housing", "housing", "555-0105"},
    {"Peer Recovery Network", "peer recovery coaching", "555-0106"},
    {"Valley Mental Health", "mental health", "555-0107"},
    {"County Benefits Office", "Medicaid enrollment, ID documents", "555-0108"},
};
static const char *const caseworkers[] = {"Alex Kim", "Jordan Baptiste", "Sam Whitehorse",
                                          "Renee Okoro", "Luis Ortega"};


/* The facility called name, made with facility add's checks when there is
 * none yet. */
static int
facility(struct demo_dir *g, const char *name, int64_t *id)
{
	struct facility_row f;

	if (facility_find(g->s, name, &f) == 0) {
		*id = f.id;
		return 0;
	}
	g->s->err[0] = 0;
	return facility_create_unaudited(g->s, name, id);
}

/* The users there are already: a display name the demo would give is
 * used again, and its own login caseworkers (demo-*) get a caseload. */
static int
users_before(struct demo_dir *g, struct user_info **out, int *n)
{
	int max = 64;

	for (;;) {
		*out = calloc((size_t)max, sizeof **out);
		if (!*out)
			return session_fail(g->s, "out of memory");
		if (user_list(g->s, *out, max, n) != 0)
			return -1;
		if (*n < max)
			return 0;
		free(*out);
		max *= 4;
	}
}

static int
by_id(const void *a, const void *b)
{
	const struct user_info *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* A caseworker named display ("Alex Kim" is alex.kim), made with user
 * add's checks and row; these never log in, so they get no key slot. */
static int
caseworker(struct demo_dir *g, const struct user_info *have, int nhave, const char *display,
           int64_t *id)
{
	char name[64];
	size_t i;

	for (int k = 0; k < nhave; k++)
		if (strcmp(have[k].display, display) == 0) {
			*id = have[k].id;
			return 0;
		}
	for (i = 0; display[i] && i + 1 < sizeof name; i++)
		name[i] = display[i] == ' ' ? '.' : (char)tolower((unsigned char)display[i]);
	name[i] = 0;
	return user_add_unaudited(g->s, name, display, ROLE_CASEWORKER, id);
}

int
demo_dir_setup(struct demo_dir *g)
{
	struct user_info *have = NULL;
	int nhave = 0, rc = 0;

	for (int i = 0; i < 3; i++)
		if (facility(g, facilities[i], &g->facility[i]) != 0)
			return -1;
	for (int i = 0; i < 8; i++) {
		struct provider p = {.name = providers[i][0], .services = providers[i][1],
		                     .phone = providers[i][2], .medicaid = YN_YES,
		                     .walk_in = i % 2 ? YN_YES : YN_NO};
		if (provider_create_unaudited(g->s, &p) != 0)
			return -1;
		g->provider[i] = p.id;
	}
	if (users_before(g, &have, &nhave) != 0) {
		free(have);
		return -1;
	}
	/* About one caseworker for every 80 people, as programs staff them,
	 * so that "my caseload" is a caseload and not a sixth of everyone. */
	int want = g->people / 80 < 5 ? 5 : g->people / 80;
	g->staff = calloc((size_t)want + 3, sizeof *g->staff);
	if (!g->staff)
		rc = session_fail(g->s, "out of memory");
	for (int i = 0; i < want && rc == 0; i++) {
		char display[64];
		if (i < 5)
			snprintf(display, sizeof display, "%s", caseworkers[i]);
		else
			snprintf(display, sizeof display, "Caseworker %05d", i + 1);
		rc = caseworker(g, have, nhave, display, &g->staff[i]);
	}
	g->nstaff = want;
	/* The demo's own login caseworkers get a caseload too, the first
	 * three made. */
	qsort(have, (size_t)nhave, sizeof *have, by_id);
	for (int k = 0; k < nhave && rc == 0 && g->nstaff < want + 3; k++)
		if (have[k].role == ROLE_CASEWORKER && strncmp(have[k].name, "demo-", 5) == 0)
			g->staff[g->nstaff++] = have[k].id;
	free(have);
	return rc;
}
