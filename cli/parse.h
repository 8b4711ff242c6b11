/* SPDX-License-Identifier: ISC */
/*
 * parse.h - reading a command's words against its table entry (cli.h).
 */
#ifndef PASSAGE_PARSE_H
#define PASSAGE_PARSE_H

#include "cli.h"

/* Runs the command c on argv (argv[0] its name; for a command with verbs
 * argv[1] is the verb): reads the options and words its entry (or its
 * verb's) allows, with getopt_long, then calls the entry's run.  --help
 * or -h prints the usage on stdout and returns EXIT_OK; a mistake prints
 * one line and a pointer to --help on stderr and returns EXIT_USAGE;
 * otherwise returns what run returns. */
int cli_run(const struct cmd *c, int argc, char **argv);

#endif
