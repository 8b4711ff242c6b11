/* SPDX-License-Identifier: ISC */
/*
 * main.c - the passage command: hardening, then a table of subcommands
 * (cli.h), each run through parse.c.
 *
 * Before anything else the process makes itself undumpable (no core file,
 * no ptrace by other users' tools) and creates files private to its user:
 * the page cache SQLite keeps in memory is plaintext.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli.h"
#include "parse.h"

#define PASSAGE_VERSION "0.1.0"

/* The commands, in the order `passage --help` lists them. */
static const struct cmd *const commands[] = {
    &cmd_open, &cmd_init, &cmd_verify, &cmd_passwd, &cmd_recover, &cmd_user, &cmd_audit,
    &cmd_demo, &cmd_setting, &cmd_report,
    &cmd_export,
    &cmd_backup,
    &cmd_import,
    &cmd_plan,
    &cmd_facility, &cmd_provider,
    &cmd_stock,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
harden(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
}

static void
help(FILE *f)
{
	fputs("usage: passage [FILE]             the terminal interface\n"
	      "       passage COMMAND [FILE] [options]\n"
	      "\n"
	      "Passage keeps reentry case records in one encrypted file.\n"
	      "\n"
	      "commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "Passphrases are asked on the terminal with echo off, or read one per\n"
	      "line from --passphrase-fd N; never from the command line.\n"
	      "'passage COMMAND --help' tells more; passage(1) and passage(5) tell all.\n", f);
}

int
main(int argc, char **argv)
{
	harden();
	if (sodium_init() < 0) {
		fputs("passage: the encryption library could not start\n", stderr);
		return EXIT_FAIL;
	}
	/* `passage` alone: the terminal interface on the default file. */
	if (argc < 2)
		return cli_run(&cmd_open, argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("passage %s\n"
		       "ISC licence; see LICENSE or /usr/share/doc/passage/copyright\n",
		       PASSAGE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i]->name) == 0)
			return cli_run(commands[i], argc - 1, argv + 1);
	/* Not a command: a file (or --db FILE) for the terminal interface. */
	if (argv[1][0] == '-' ? strncmp(argv[1], "--db", 4) == 0 || strncmp(argv[1], "--user", 6) == 0 ||
	                            strncmp(argv[1], "--site", 6) == 0
	                      : strchr(argv[1], '/') || strchr(argv[1], '.'))
		return cli_run(&cmd_open, argc, argv);
	fprintf(stderr, "passage: unknown command '%s'\ntry 'passage --help'\n", argv[1]);
	return EXIT_USAGE;
}
