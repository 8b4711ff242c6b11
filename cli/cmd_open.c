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
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "db.h"
#include "tui.h"

static int run(int argc, char **argv);

const struct cmd cmd_open = {
    "open",
    "the terminal interface (also: passage FILE, or passage alone)",
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
    run,
};

/* Whether the words name a file (a word that is not an option or an
 * option's value, or --db) or ask for help: then no default is needed. */
static int
names_file(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || strcmp(argv[i], "--help") == 0)
			return 1;
		if (strncmp(argv[i], "--db", 4) == 0 && (!argv[i][4] || argv[i][4] == '='))
			return 1;
		if (!strchr(argv[i], '='))
			i++; /* --user NAME, --site TEXT: skip the value */
	}
	return 0;
}

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
run(int argc, char **argv)
{
	struct common_opts o;
	struct tui_options t;
	char deflt[CONF_LINE_MAX + 1], *args[20];
	int rc;

	if (!names_file(argc, argv) && argc < 18) {
		if (default_file(deflt, sizeof deflt) != 0)
			return EXIT_FAIL;
		for (int i = 0; i < argc; i++)
			args[i] = argv[i];
		args[argc] = deflt;
		args[argc + 1] = NULL;
		argv = args;
		argc++;
	}
	rc = cli_parse(&cmd_open, argc, argv, "user,site,db", 0, &o);

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

	args[n++] = "open";
	for (int i = 1; i < argc && n < 15; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	return run(n, args);
}
