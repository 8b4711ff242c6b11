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
    "the first damaged page and exits 1.  The header is kept twice, copies\n"
    "A and B: when one is damaged, or was altered by someone without the\n"
    "key, it names it, says the other was used, and exits 1; the next\n"
    "change saved writes that copy again.\n"
    "Records are not changed; like every unlock, it first rolls back a\n"
    "change a crash left unfinished, applies a pending schema update, and\n"
    "finishes an interrupted key change.\n"
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
	if (v.damaged_copy) {
		char good = (char)('A' + 'B' - v.damaged_copy);
		fflush(stdout);
		cli_error("%s: header copy %c %s and copy %c was used: nothing is lost, and "
		          "the next change saved writes copy %c again from copy %c", o->file,
		          v.damaged_copy, v.copy_altered ? "was altered" : "is damaged", good,
		          v.damaged_copy, good);
	}
	printf("%s: %s\n", o->file, WITNESS_LIMIT);
	db_close(d);
	return v.damaged_copy ? EXIT_FAIL : EXIT_OK;
}
