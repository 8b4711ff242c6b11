/* SPDX-License-Identifier: ISC */
/*
 * access.h - who may see and change whose record.
 *
 *   health      people in custody (an open stay) and people released in
 *               the last few days (the release queue): view and write
 *   anyone who can see cases: a person they added themselves, for
 *               ACCESS_CREATOR_DAYS after adding them, until the person
 *               is given a caseworker
 *   caseworker  their own caseload fully; anyone else only through
 *               break-the-glass
 *   supervisor  everyone, to view and to write (audit, reassign)
 *   admin       no case data at all, unless through break-the-glass
 *   import      nothing but importing the jail's roster: no case record,
 *               report, export, audit list or break-the-glass, no screens
 *
 * Break-the-glass takes a reason, lasts a set time (setting
 * break_glass.hours, default 3) and is audited; supervisors review it.
 */
#ifndef PASSAGE_ACCESS_H
#define PASSAGE_ACCESS_H

#include <stdint.h>

#include "session.h"

enum access_kind { ACCESS_VIEW = 0, ACCESS_WRITE = 1 };

/* Days after release that a released person stays in health's view. */
#define ACCESS_HEALTH_DAYS 14
/* Days after adding a person that the user who added them may go on
 * working with them: long enough to book the stay, plan the release and
 * hand the person to a caseworker. */
#define ACCESS_CREATOR_DAYS 14

/* 0 if s may do kind to person_id's record; otherwise -1 and a sentence
 * in s->err ("needs break-the-glass: ..." when that would open it).
 * *why_glass (may be NULL) is set to 1 when break-the-glass would help. */
int access_person(struct session *s, int64_t person_id, enum access_kind kind, int *why_glass);

/* 0 if the person exists; "no such person" or the database's sentence. */
int access_person_exists(struct session *s, int64_t person_id);

/* The one sentence an import account hears for anything but an import. */
#define ACCESS_IMPORT_ONLY                                                      \
	"this account only imports the jail's roster; it cannot see or change "  \
	"records, reports or the audit log"

/* -1 and ACCESS_IMPORT_ONLY in s->err when s is an import account;
 * otherwise 0. */
int access_refuse_import(struct session *s);

/* Whether s's role may do a whole class of action, for menus and the CLI. */
int access_role_can_see_cases(enum role r);

#endif
