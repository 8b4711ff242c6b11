/* SPDX-License-Identifier: ISC */
/*
 * verb.h - subcommands with a verb before the file ("passage facility add
 * FILE NAME"): the verb picks how many words follow the file.
 */
#ifndef PASSAGE_VERB_H
#define PASSAGE_VERB_H

#include "cli.h"

struct cli_verb {
	const char *verb; /* NULL ends the table */
	int words;        /* words after the file, exactly */
	const char *allowed; /* the long options it takes, as cli_parse's */
};

/* Finds argv[1] in verbs and parses the rest with cli_parse.  Returns the verb's index; -1 after printing --help; -2 after
 * printing why the words are wrong with the usage. */
int cli_parse_verb(const struct cmd *c, const struct cli_verb *verbs, int argc, char **argv,
                   struct common_opts *o);

#endif
