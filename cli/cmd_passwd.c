/* SPDX-License-Identifier: ISC */
/*
 * cmd_passwd.c - passage passwd FILE --user NAME: change one's passphrase.
 */
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "prompt.h"
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
    "changes.  With --passphrase-fd the current and the new passphrase are\n"
    "read from descriptor N, one per line.\n",
    .options = UNLOCK_OPTS,
    .run = run,
};

static int
run(const struct cmd *self, const struct common_opts *o)
{
	char err[DB_ERR_MAX];
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
	rc = db_set_passphrase(d, o->user, pass, DB_KDF_AUTO, 0);
	prompt_free(pass);
	if (rc != 0) {
		cli_error("%s: %s", o->file, db_errmsg(d));
		db_close(d);
		return EXIT_FAIL;
	}
	db_close(d);
	printf("Passphrase changed for '%s'.\n", o->user);
	return EXIT_OK;
}
