/* SPDX-License-Identifier: ISC */
/*
 * plan.h - the release plan a person takes home: their template filled
 * in from their record, ready for plan_pdf.h to lay out.
 *
 * It holds only what helps them: the name they go by, their next
 * appointments (provider, time, address, phone, hours) or, with none,
 * where to go from the provider directory, the naloxone they have or
 * where to get it, the site's hotline and Good Samaritan summary, and
 * their goals only when they chose to have them printed.  No diagnosis,
 * screening or drug-use history is ever read for it.
 *
 * Making a plan reads the record as one view: one access check and one
 * audit row ("view", detail "plan", or "plan print" for the printer), as
 * a screen opening the person.  The
 * plan goes to the person themself, so it is no disclosure.
 */
#ifndef PASSAGE_PLAN_H
#define PASSAGE_PLAN_H

#include "plan_template.h"
#include "session.h"

/* Paper sizes, by the setting plan.paper. */
enum plan_paper { PLAN_LETTER, PLAN_A4 };

#define PLAN_APPOINTMENTS_MAX 4 /* the next ones printed */
#define PLAN_PLACES_MAX 4       /* providers under "where to go" */

struct plan_request {
	const char *code;  /* the person's participant code ... */
	int64_t person_id; /* ... or, when code is NULL, their id */
	const char *lang;  /* NULL: the setting plan.lang (default en) */
	int goals;         /* 1: the person asked for their goals printed */
	int print;         /* 1: for the printer (the audit row says so) */
};

struct plan {
	enum plan_paper paper;
	char lang[3];
	struct plan_block *blocks;
	int n;
};

/* Fills r's person's plan into out (free with plan_free).  Needs view
 * access to the person (admins never); audited as a view. */
int plan_make(struct session *s, const struct plan_request *r, struct plan *out);
void plan_free(struct plan *p);

#endif
