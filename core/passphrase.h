/* SPDX-License-Identifier: ISC */
/*
 * passphrase.h - changing a passphrase, by its holder or with the
 * recovery code, each recorded in the audit log (who, whose, how; never
 * a secret).
 */
#ifndef PASSAGE_PASSPHRASE_H
#define PASSAGE_PASSPHRASE_H

#include "session.h"

/* The holder of user's passphrase sets a new one.  s may be a logged-in
 * session (the screens) or session_system (passwd, which a temporary
 * passphrase may run): the row is recorded as the user's own act. */
int passphrase_change(struct session *s, const char *user, const char *pass);

/* With the file opened by the recovery code (s: session_system): checks
 * that user is an active admin, before anything changes, and records the
 * use of the code.  The caller then moves the pages to a new key and sets
 * the passphrase (cmd_recover.c). */
int passphrase_recover_check(struct session *s, const char *user);

#endif
