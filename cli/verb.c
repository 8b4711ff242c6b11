/* SPDX-License-Identifier: ISC */
/*
 * verb.c - subcommands with a verb before the file (see verb.h).
 */
#include "verb.h"

#include <stdio.h>
#include <string.h>

int
cli_parse_verb(const struct cmd *c, const struct cli_verb *verbs, int argc, char **argv,
               struct common_opts *o)
{
	char why[200];
	size_t at = 0;
	int v = -1, rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(c->usage, stdout);
		return -1;
	}
	for (int i = 0; verbs[i].verb; i++)
		if (argc >= 2 && strcmp(argv[1], verbs[i].verb) == 0)
			v = i;
	if (v < 0) {
		at = (size_t)snprintf(why, sizeof why, "say");
		for (int i = 0; verbs[i].verb && at < sizeof why; i++)
			at += (size_t)snprintf(why + at, sizeof why - at, "%s %s",
			                       i == 0 ? "" : verbs[i + 1].verb ? "," : " or",
			                       verbs[i].verb);
		cli_usage(c, why);
		return -2;
	}
	rc = cli_parse(c, argc - 1, argv + 1, verbs[v].allowed, verbs[v].words, o);
	if (rc != 0)
		return rc > 0 ? -1 : -2;
	if (o->nargs != verbs[v].words) {
		cli_usage(c, "a word is missing");
		return -2;
	}
	return v;
}
