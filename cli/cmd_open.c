/* SPDX-License-Identifier: ISC */
/*
 * cmd_open.c - passage [open] FILE: the terminal interface.
 *
 * What staff run all day.  `passage FILE`, `passage --db FILE` and
 * `passage` alone (the file named by PASSAGE_DB) all come here.  The
 * passphrase is typed into the login screen, never given here.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "tui.h"

static int run(int argc, char **argv);

const struct cmd cmd_open = {
    "open",
    "the terminal interface (also: passage FILE, or passage alone)",
    "usage: passage open FILE [--user NAME] [--site TEXT]\n"
    "       passage FILE [--user NAME] [--site TEXT]\n"
    "       passage --db FILE [--user NAME] [--site TEXT]\n"
    "       passage            (the file named by PASSAGE_DB)\n"
    "\n"
    "Opens the terminal interface on FILE at its login screen.  It needs a\n"
    "terminal of at least 80x24; monochrome and a VT100 are enough.  The\n"
    "screen locks after the idle time the admin set (lock.idle_seconds,\n"
    "default 300) and at once with ^L.  F1 or ^G shows the keys of each\n"
    "screen; passage(1) lists them all.\n"
    "\n"
    "  --user NAME   the user name to offer at the login screen\n"
    "  --site TEXT   the name the login screen shows (before login nothing\n"
    "                in the file can be read; default: the file's name)\n",
    run,
};

static int
run(int argc, char **argv)
{
	struct common_opts o;
	struct tui_options t;
	int rc = cli_parse(&cmd_open, argc, argv, "user,site,db", 0, &o);

	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (db_init() != 0)
		return cli_error("the encryption library could not start");
	memset(&t, 0, sizeof t);
	t.path = o.file;
	t.site = o.site;
	t.user = o.user;
	return tui_run(&t) == 0 ? EXIT_OK : EXIT_FAIL;
}

/* `passage`, `passage FILE` and `passage --db FILE ...`: main() calls
 * this when the first word is not a command. */
int
cli_open_default(int argc, char **argv)
{
	char *args[16];
	int n = 0;
	const char *env = getenv("PASSAGE_DB");

	args[n++] = "open";
	if (argc < 2) {
		if (!env || !*env)
			return cli_error("which database file? Give it (passage FILE) or set "
			                 "PASSAGE_DB; 'passage --help' lists the commands");
		args[n++] = (char *)env;
	}
	for (int i = 1; i < argc && n < 15; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	return run(n, args);
}
