/* SPDX-License-Identifier: ISC */
/*
 * search.h - finding a person as you type.
 *
 * Any part of a legal or preferred name, a participant code or a booking
 * number finds them: every typed word is matched as the start of a word,
 * regardless of case and accents ("jose" finds José, "nguyen" Nguyễn).
 * Results are ranked, a participant code typed in full first, and paged.
 */
#ifndef PASSAGE_SEARCH_H
#define PASSAGE_SEARCH_H

#include <stdint.h>

#include "session.h"

/* What is typed is cut to this many words; more narrow nothing further. */
#define SEARCH_MAX_WORDS 8
/* bm25 counts every person each word matches, so ranking costs time in
 * proportion to the commonest word.  The list is ranked when no typed word
 * matches more than this many people; otherwise (a letter or two typed,
 * among many people) it is the most recently added first, and typing more
 * narrows it to a ranked one. */
#define SEARCH_RANK_MAX 2000

/* Sized for the longest text each column may hold (4 bytes a character),
 * so nothing is ever cut in the middle of a character. */
struct search_hit {
	int64_t person_id;
	char participant_code[4 * 32 + 1];
	char preferred_name[4 * 200 + 1]; /* "" when none */
	char legal_name[4 * 200 + 1];     /* "" when none */
	char status[8];                   /* "open" or "closed" */
	char caseworker[4 * 120 + 1];     /* display name; "" when nobody */
	int exact;                        /* the participant code was typed in full */
	int may_open;  /* 1: the searcher may open the record as things stand
	                * (their caseload, their role, or a break-the-glass
	                * still open); 0: it would need break-the-glass */
};

/* Up to limit hits, skipping the first offset, into hits (room for limit);
 * *n is how many.  Typed text is at most 200 bytes of text; nothing typed
 * (or only punctuation) finds nobody.  Admins find nobody: the call fails
 * with "admins do not see case records".  Reads only: nothing is audited,
 * since a hit shows no more than is needed to choose whom to open. */
int search_people(struct session *s, const char *typed, int offset, int limit,
                  struct search_hit *hits, int *n);

/* 0 when s may search for people (everyone who sees case records, not
 * the import account), else -1 with s->err: who may search may also be
 * shown people found another way, as a search shows them. */
int search_may(struct session *s);

/* One person as a search hit (exact 0), may_open as above: for a list of
 * people found another way, shown as the search shows them.  The caller
 * has checked the searcher may search (search_may).  0, or
 * -1 with s->err (a person who is not there is an error). */
int search_hit_of(struct session *s, int64_t person_id, struct search_hit *hit);

#endif
