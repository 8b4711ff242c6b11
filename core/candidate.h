/* SPDX-License-Identifier: ISC */
/*
 * candidate.h - who may already be here: the people whose legal name
 * holds every word of a name and whose birth date may be the one given.
 * The roster import links on it (roster_match.h) and the new-person form
 * warns with it.
 *
 * Words are compared whole, in any order, folded for case and accents as
 * the search index folds them ("NUNEZ, JOSE" finds José Núñez).  The
 * search index (person_search) narrows the people to those with the
 * rarest word in their names, when few have it, else every word, oldest
 * first; each one's birth date and legal name are then read to keep only
 * those who fit, up to as many as the caller asks for, so the cost
 * follows the people who share the words until enough fit, never the
 * number of people in the file.
 *
 * A close name with the same birth date is the other way in: the people
 * born that very day (through the index on birth_date) whose name has
 * the same last name, or first and last swapped, or the same first name
 * and a last name one letter apart ("Jon Smiht").  A shared first name
 * alone never counts, however common it is.
 */
#ifndef PASSAGE_CANDIDATE_H
#define PASSAGE_CANDIDATE_H

#include <stdint.h>

#include "search.h"
#include "session.h"

/* A birth date as far as it is known: year 0 unknown, month 0 the year
 * only. */
struct candidate_birth {
	int year, month, day;
};

enum candidate_fit {
	CANDIDATE_MAY = 1,   /* the birth date may be theirs (a year only, or none) */
	CANDIDATE_SAME = 2,  /* the whole birth date is theirs */
};

struct candidate {
	int64_t person_id;
	enum candidate_fit fit;
	char birth[11]; /* as on file, "" when none */
};

/* The people who may be name born on birth, the oldest record first: the
 * first max of them into out, *n how many (max: there may be more), *same
 * how many of those have the whole birth date.  A name with no word finds
 * nobody.  Inside the caller's transaction; reads only.  0, or -1 with
 * s->err. */
int candidate_find(struct session *s, const char *name, const struct candidate_birth *birth,
                   struct candidate *out, int max, int *n, int *same);

/* The people born on the whole date birth (none when it is a year or
 * month only) whose legal name or name they go by is close to name as
 * above ("Last, First" or "First Last"), added after the *n already in
 * out up to max, skipping those already there; their fit is
 * CANDIDATE_SAME.  Inside the caller's transaction; reads only.  0, or -1
 * with s->err. */
int candidate_near(struct session *s, const char *name, const struct candidate_birth *birth,
                   struct candidate *out, int max, int *n);

/* For the length of a long job that adds no one and changes no name (a
 * roster import): candidate_find remembers in s the words too many people
 * share to be read alone, and reads them no more.  0, or -1 with s->err
 * (out of memory); candidate_forget ends it. */
int candidate_remember(struct session *s);
void candidate_forget(struct session *s);

/* A person who may already be here, as the search screen shows them, with
 * their birth date when the searcher may open their record or it is the
 * one typed ("" otherwise: a list of possible people shows no more than
 * the search would). */
#define CANDIDATE_SHOWN 8
enum candidate_how {
	CANDIDATE_BY_NAME = 0,  /* their legal name holds every word of the legal name typed */
	CANDIDATE_BY_GOES_BY,   /* a name of theirs holds every word of the name they go by */
	CANDIDATE_BY_BIRTH,     /* born on the date typed, with a name close to one typed */
};
struct candidate_person {
	struct search_hit hit;
	char birth[11];
	enum candidate_fit fit;
	enum candidate_how how; /* what matched: the rule that found them first */
};

/* Who may already be here before a person is added by hand, each once, in
 * this order: the people whose legal name holds every word of legal_name;
 * those whose legal name or name they go by holds every word of goes_by
 * (when it is two words or more: a first name alone is not looked for);
 * both with a birth date that may be birth_date (YYYY-MM-DD, or NULL or
 * "" when not known); then those born on birth_date with a name close to
 * either (candidate_near).  Up to CANDIDATE_SHOWN of them into out, *n
 * how many.  Only who may search may ask (search_may), and like a search
 * it is not audited.  0, or -1 with s->err. */
int candidate_people(struct session *s, const char *legal_name, const char *goes_by,
                     const char *birth_date, struct candidate_person out[CANDIDATE_SHOWN],
                     int *n);

#endif
