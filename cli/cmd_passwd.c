/* SPDX-License-Identifier: ISC */
/*
 * cmd_passwd.c - passage passwd FILE --user NAME: change one's passphrase.
 */
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "passphrase.h"
#include "prompt.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_passwd = {
    .name = "passwd",
    .summary = "change your own passphrase",
    .usage =
    "usage: passage passwd FILE --user NAME [--passphrase-fd N]\n"
    "\n"
    "Asks for the current passphrase, then the new one (twice on a\n"
    "terminal).  No page of the database is rewritten: only the key slot\n"
    "changes, so a copy of the file made before (a backup, an old header)\n"
    "still opens with the old passphrase.  The change is recorded in the\n"
    "audit log.  With --passphrase-fd the current and the new passphrase are\n"
    "read from descriptor N, one per line.\n",
    .options = UNLOCK_OPTS,
    .run = run,
};

static int
run(const struct cmd *self, const struct common_opts *o)
{
	char err[DB_ERR_MAX];
	struct session s;
	char *pass;
	db *d;
	int rc;

	(void)self;
	if (!o->user)
		return cli_usage(&cmd_passwd, "--user NAME is required");
	if ((rc = cli_unlock(o, &d)) != EXIT_OK)
		return rc;
	pass = prompt_new_secret("New passphrase: ", o->pass_fd, err, sizeof err);
	if (!pass) {
		db_close(d);
		return cli_error("%s", err);
	}
	session_system(&s, d);
	cli_session_clock(&s);
	rc = passphrase_change(&s, o->user, pass);
	prompt_free(pass);
	if (rc != 0) {
		cli_error("%s: %s", o->file, s.err);
		db_close(d);
		return EXIT_FAIL;
	}
	db_close(d);
	printf("Passphrase changed for '%s'.\nCopies of the file made before this (backups) "
	       "still open with the old passphrase.\n", o->user);
	return EXIT_OK;
}
