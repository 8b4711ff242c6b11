/* SPDX-License-Identifier: ISC */
/*
 * cmd_verify.c - passage verify FILE: authenticate every page, then check
 * the database structure.
 */
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "progress.h"
#include "prompt.h"
#include "unlock.h"
#include "witness.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_verify = {
    .name = "verify",
    .summary = "check that every page is authentic and the structure is whole",
    .usage =
    "usage: passage verify FILE [--user NAME] [--passphrase-fd N]\n"
    "\n"
    "Unlocks FILE, authenticates every page against its key, and runs\n"
    "SQLite's structural check.  Exits 0 when all is well; otherwise names\n"
    "the first damaged page and exits 1.  Records are not changed; like every\n"
    "unlock, it first rolls back a change a crash left unfinished, applies a\n"
    "pending schema update, and finishes an interrupted key change.\n"
    "On a terminal it shows the pages authenticated so far on stderr.\n"
    "It cannot tell the whole file put back from an older copy, which is\n"
    "whole and authentic too; its last line says so.  A chain head from the\n"
    "system log, given to passage audit verify --head, can.\n"
    "\n"
    "  --user NAME         who is unlocking (asked if not given)\n"
    "  --passphrase-fd N   read the passphrase from descriptor N\n",
    .options = UNLOCK_OPTS,
    .run = run,
};

/* Shared by the subcommands that unlock an existing file. */
static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct db_verify v;
	struct progress p;
	db *d;
	int rc;

	(void)self;
	if ((rc = cli_unlock(o, &d)) != EXIT_OK)
		return rc;
	progress_attach(&p, d);
	rc = db_verify(d, &v);
	if (rc != 0) {
		cli_error("%s: %s", o->file, db_errmsg(d));
		db_close(d);
		return EXIT_FAIL;
	}
	printf("%s: all %u pages authenticated; structure ok; schema version %d\n", o->file,
	       v.pages, v.schema_version);
	printf("%s: %s\n", o->file, WITNESS_LIMIT);
	db_close(d);
	return EXIT_OK;
}
