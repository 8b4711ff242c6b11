/* SPDX-License-Identifier: ISC */
/*
 * cmd_open.c - passage [open] FILE: the terminal interface.
 *
 * What staff run all day.  `passage FILE`, `passage --db FILE` and
 * `passage` alone all come here.  The passphrase is typed into the login
 * screen, never given here.
 *
 * Without a FILE, one rule says which file: PASSAGE_DB if it is set, else
 * the db line of /etc/passage.conf.  A FILE given wins over both, so one
 * person can open a copy without changing anything for the others; the
 * environment wins over the site's file for the same reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "db.h"
#include "run.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_open = {
    .name = "open",
    .summary = "the terminal interface (also: passage FILE, or passage alone)",
    .usage =
    "usage: passage open FILE [--user NAME] [--site TEXT]\n"
    "       passage FILE [--user NAME] [--site TEXT]\n"
    "       passage --db FILE [--user NAME] [--site TEXT]\n"
    "       passage [--user NAME] [--site TEXT]\n"
    "\n"
    "Opens the terminal interface on FILE at its login screen.  It needs a\n"
    "terminal of at least 80x24; monochrome and a VT100 are enough.  The\n"
    "screen locks after the idle time the admin set (lock.idle_seconds,\n"
    "default 300) and at once with ^L.  F1 or ^G shows the keys of each\n"
    "screen; passage(1) lists them all.\n"
    "\n"
    "Without FILE it opens the file named by PASSAGE_DB, else the one on the\n"
    "'db = FILE' line of /etc/passage.conf.\n"
    "\n"
    "  --user NAME   the user name to offer at the login screen\n"
    "  --site TEXT   the name the login screen shows (before login nothing\n"
    "                in the file can be read; default: the file's name)\n",
    .options = OPT(USER) | OPT(SITE) | OPT(DB),
    .flags = CMD_FILE_OPTIONAL,
    .run = run,
};

/* The file to open when none is named, into path; -1 with the message
 * printed. */
static int
default_file(char *path, size_t n)
{
	const char *env = getenv("PASSAGE_DB");
	const char *conf = getenv("PASSAGE_CONF");
	char err[400];

	if (env && *env) {
		snprintf(path, n, "%s", env);
		return 0;
	}
	if (!conf || !*conf)
		conf = CONF_PATH;
	if (conf_read(conf, path, n, err, sizeof err) != 0) {
		cli_error("%s", err);
		return -1;
	}
	if (!path[0]) {
		cli_error("which database file? Give it (passage FILE), set PASSAGE_DB, or put "
		          "'db = FILE' in %s; 'passage --help' lists the commands", conf);
		return -1;
	}
	return 0;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct tui_options t;
	char deflt[CONF_LINE_MAX + 1];

	(void)self;
	if (!o->file && default_file(deflt, sizeof deflt) != 0)
		return EXIT_FAIL;
	if (db_init() != 0)
		return cli_error("the encryption library could not start");
	memset(&t, 0, sizeof t);
	t.path = o->file ? o->file : deflt;
	t.site = o->site;
	t.user = o->user;
	return tui_run(&t); /* EXIT_OK, EXIT_FAIL, or 128 + the signal that ended it */
}
