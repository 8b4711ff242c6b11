/* SPDX-License-Identifier: ISC */
/*
 * user.h - the people who use Passage: a row each in the user table (name,
 * role, active) and a key slot each in the header (their passphrase).
 */
#ifndef PASSAGE_USER_H
#define PASSAGE_USER_H

#include <stdint.h>

#include "session.h"

struct user_info {
	int64_t id;
	char name[65];
	char display[121];
	enum role role;
	int active;
	int64_t last_login_at;
};

/* db_options.on_create hook: the first admin's row (ctx: the name). */
int user_bootstrap(db *d, void *admin_name);

/* Admins only.  A new user gets a key slot with a temporary passphrase
 * that must be changed at first login. */
int user_add(struct session *s, const char *name, const char *display, enum role role,
             const char *temp_pass, enum db_kdf kdf);
/* Marks the user inactive, then removes their key slot, which moves every
 * page to a new key so their passphrase opens nothing. */
int user_disable(struct session *s, const char *name);
int user_set_role(struct session *s, const char *name, enum role role);
/* Up to max users, by name. */
int user_list(struct session *s, struct user_info *out, int max, int *n);

#endif
