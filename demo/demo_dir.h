/* SPDX-License-Identifier: ISC */
/*
 * demo_dir.h - the demo's directory and staff.
 *
 * Facilities, providers and the caseworkers whose caseloads the people
 * are spread over (the demo's login users among them), each made by the
 * model's own checks and rows that the admin's commands use, inside the
 * demo's write.  They are not audited one by one, as the commands audit
 * them: the demo's one audit row covers the whole fill.
 */
#ifndef PASSAGE_DEMO_DIR_H
#define PASSAGE_DEMO_DIR_H

#include <stdint.h>

#include "session.h"

struct demo_dir {
	struct session *s;
	int people;            /* how many the demo makes: the staff scale with it */
	int64_t facility[3];   /* the main jail, the small annex, the regional center */
	int64_t provider[8];
	int64_t *staff;        /* caseworkers (free()); staff[0] records in custody */
	int nstaff;
};

/* Fills in everything past s and people; -1 with s->err. */
int demo_dir_setup(struct demo_dir *g);

#endif
