/* SPDX-License-Identifier: ISC */
/*
 * cmd_recover.c - passage recover FILE: the recovery code from the safe
 * sets a new passphrase for an admin, and a new code replaces the old one.
 */
#include <sodium.h>
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "passphrase.h"
#include "session.h"
#include "unlock.h"
#include "progress.h"
#include "prompt.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_recover = {
    .name = "recover",
    .summary = "set a new admin passphrase with the recovery code",
    .usage =
    "usage: passage recover FILE [--user NAME] [--passphrase-fd N]\n"
    "\n"
    "The emergency way in when an admin's passphrase is lost.  Asks for the\n"
    "recovery code printed at init, the admin's user name (if --user is not\n"
    "given) and a new passphrase for them.  Admins only: any other user is\n"
    "refused before anything changes.  The use of the code, or a refused\n"
    "try, is recorded in the audit log.  Then prints a NEW recovery code:\n"
    "the old one has been seen, so it stops working, and every page moves to\n"
    "a new data key (a copy of the file can no longer be opened with anything\n"
    "the old code gave).  Put the new code in the safe.  On a terminal, the\n"
    "pages moved so far show on stderr.  With --passphrase-fd the code, the user name (if asked) and the\n"
    "new passphrase are read from descriptor N, one per line.\n",
    .options = UNLOCK_OPTS,
    .run = run,
};

static int
run(const struct cmd *self, const struct common_opts *o)
{
	char err[DB_ERR_MAX], newcode[DB_RECOVERY_CODE_LEN];
	char *code, *user = NULL, *pass;
	struct progress p;
	struct session s;
	db *d;
	int rc;

	(void)self;
	code = prompt_secret("Recovery code: ", o->pass_fd, err, sizeof err);
	if (!code)
		return cli_error("%s", err);
	rc = db_open_recovery(o->file, code, NULL, &d, err, sizeof err);
	prompt_free(code);
	if (rc != 0)
		return cli_error("%s: %s", o->file, err);
	if (!o->user && !(user = prompt_line("Admin user name: ", o->pass_fd, err, sizeof err))) {
		db_close(d);
		return cli_error("%s", err);
	}
	const char *who = o->user ? o->user : user;
	/* An admin's only, as the help says, refused before anything changes;
	 * the use of the code is in the audit log from here on. */
	session_system(&s, d);
	cli_session_clock(&s);
	if (passphrase_recover_check(&s, who) != 0 || !db_has_user(d, who)) {
		cli_error("%s: %s", o->file, s.err[0] ? s.err : "this admin has no key slot: "
		          "ask another admin to add them again");
		prompt_free(user);
		db_close(d);
		return EXIT_FAIL;
	}
	pass = prompt_new_secret("New passphrase: ", o->pass_fd, err, sizeof err);
	if (!pass) {
		prompt_free(user);
		db_close(d);
		return cli_error("%s", err);
	}
	fputs("Moving every page to a new key and setting the new passphrase...\n", stderr);
	progress_attach(&p, d);
	/* Whoever saw the old code could have taken the data key from a copy
	 * of the file: a new data key first, then the passphrase, and the new
	 * code last, so that a failure part way leaves the old code working. */
	rc = db_rotate_key(d);
	if (rc == 0)
		rc = db_set_passphrase(d, who, pass, DB_KDF_AUTO, 0);
	prompt_free(pass);
	if (rc == 0)
		rc = db_new_recovery(d, newcode);
	if (rc != 0) {
		cli_error("%s: %s (the recovery code you typed still works)", o->file, db_errmsg(d));
		prompt_free(user);
		db_close(d);
		return EXIT_FAIL;
	}
	char heading[200];
	snprintf(heading, sizeof heading, "New passphrase set for '%s'.\n\nNEW RECOVERY CODE (the old "
	         "one no longer works; print it or write it\ndown and keep it in the facility "
	         "safe):", who);
	rc = cli_print_code(heading, newcode) == 0 ? EXIT_OK : EXIT_FAIL;
	sodium_memzero(newcode, sizeof newcode);
	prompt_free(user);
	db_close(d);
	return rc;
}
