/* SPDX-License-Identifier: ISC */
/*
 * roster_match.h - which of our people a roster booking is: through the
 * crosswalk of the jail's ids, else by name and birth date (see
 * roster_import.h for the rule).  Inside the import's write transaction.
 */
#ifndef PASSAGE_ROSTER_MATCH_H
#define PASSAGE_ROSTER_MATCH_H

#include <stdint.h>

#include "roster_file.h"
#include "session.h"

#define ROSTER_CANDIDATES_MAX 8

enum roster_how {
	ROSTER_BY_BOOKING, /* the booking number was seen before: person and stay */
	ROSTER_BY_ID,      /* the jail's person id was seen before */
	ROSTER_BY_NAME,    /* one strong match by name and birth date: a new link */
	ROSTER_WAIT,       /* nobody, or not on strong evidence: needs a look */
};

struct roster_match {
	enum roster_how how;
	int64_t person_id, stay_id; /* stay_id: by booking only */
	int64_t cand[ROSTER_CANDIDATES_MAX];
	int ncand;
};

/* Finds rec's person, the jail's ids read as those of the profile named
 * profile.  0, or -1 with s->err. */
int roster_match(struct session *s, const char *profile, const struct roster_rec *rec,
                 struct roster_match *m);

/* roster_match in its two steps: the crosswalk alone (m->how ROSTER_WAIT
 * when it knows neither id), and the names alone, which read far more (a
 * common name is shared by hundreds).  Each 0, or -1 with s->err. */
int roster_match_known(struct session *s, const char *profile, const struct roster_rec *rec,
                       struct roster_match *m);
int roster_match_name(struct session *s, const struct roster_rec *rec, struct roster_match *m);

#endif
