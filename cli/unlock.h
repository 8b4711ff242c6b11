/* SPDX-License-Identifier: ISC */
/*
 * unlock.h - unlocking a database from the command line, for the
 * subcommands that open an existing file.
 */
#ifndef PASSAGE_UNLOCK_H
#define PASSAGE_UNLOCK_H

#include "cli.h"

struct db;
/* Asks for the user name (unless --user) and passphrase and unlocks the
 * file; prints the error and returns EXIT_FAIL if it cannot. */
int cli_unlock(const struct common_opts *o, struct db **out);
struct session;
/* The same, then begins a session as that user (who must be active and
 * must not still hold a temporary passphrase). */
/* The session's clock: pinned by the screen tests' build
 * (PASSAGE_TEST_NOW), the real one otherwise. */
void cli_session_clock(struct session *s);
int cli_session(const struct common_opts *o, struct db **out, struct session *s);
/* The same, handing back the passphrase in *pass (free with prompt_free). */
int cli_session_pass(const struct common_opts *o, struct db **out, struct session *s,
                     char **pass);

#endif
