/* SPDX-License-Identifier: ISC */
/*
 * provider.h - the provider directory: the clinics, programs and offices
 * people are referred to.
 *
 * Admins and supervisors keep it; everyone who makes referrals reads it.
 * It holds no case data, so reading it is not audited; every change is.
 * A provider is never deleted (old referrals name it): one that closes or
 * stops taking referrals is made inactive, and new referrals refuse it.
 * Names are unique regardless of case, so the directory has no doubles.
 *
 * No silent overwrite: a change names the version it was read at, and is
 * refused with who changed the entry, and when (the entry's updated_by
 * and updated_at), if anyone saved it since.
 */
#ifndef PASSAGE_PROVIDER_H
#define PASSAGE_PROVIDER_H

#include <stdint.h>

#include "check.h"
#include "session.h"

/* Text fields are NULL (or "") when not given; one read by provider_get
 * or provider_list points into store. */
struct provider {
	int64_t id;
	const char *name;     /* required, up to 200 characters */
	const char *services; /* in words, up to 400 */
	const char *address;  /* up to 400, may span lines */
	const char *phone;    /* up to 40 */
	const char *hours;    /* up to 200 */
	enum yn medicaid;     /* accepts Medicaid */
	enum yn walk_in;      /* takes people without an appointment */
	int active;           /* 1: offered for new referrals; set to 1 on create */
	int64_t updated_at;   /* set by Passage: the last save, and who made it */
	int64_t updated_by;
	int64_t version;
	char *store;
};

/* A new, active entry at version 1; sets p->id, p->active, p->updated_at,
 * p->updated_by and p->version. */
int provider_create(struct session *s, struct provider *p);

/* Saves every field of p (active included) if the entry is still at
 * p->version; it then is at p->version + 1. */
int provider_update(struct session *s, const struct provider *p);

/* One entry (free it with provider_free), or the directory in name order,
 * inactive entries only when asked (free with provider_list_free). */
int provider_get(struct session *s, int64_t id, struct provider *out);
void provider_free(struct provider *p);
int provider_list(struct session *s, int include_inactive, struct provider **rows, int *n);
void provider_list_free(struct provider *rows, int n);

#endif
