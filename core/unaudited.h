/* SPDX-License-Identifier: ISC */
/*
 * unaudited.h - for the demo generator only: the checks and the row of
 * facility_create, provider_create and user_add, inside the caller's
 * write transaction and with no audit row of their own (the demo's one
 * "demo" row covers the whole fill).  The audited functions are these plus
 * their audit row.  contrib/lint.sh allows this header only in those
 * three modules and in demo/: nothing a person does in Passage may skip
 * the audit log.
 */
#ifndef PASSAGE_UNAUDITED_H
#define PASSAGE_UNAUDITED_H

#include <stdint.h>

#include "session.h"

struct provider;

/* A new active facility; sets *id. */
int facility_create_unaudited(struct session *s, const char *name, int64_t *id);
/* A new, active provider at version 1; sets the fields provider_create
 * sets. */
int provider_create_unaudited(struct session *s, struct provider *p);
/* A user row with no key slot: someone on caseloads who cannot log in,
 * as the demo's many caseworkers are (the header holds 39 slots, each
 * made by an Argon2id run).  Sets *id. */
int user_add_unaudited(struct session *s, const char *name, const char *display, enum role role,
                       int64_t *id);

#endif
