/* SPDX-License-Identifier: ISC */
/*
 * cmd_demo.c - passage demo FILE: fill a database with synthetic people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "demo.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_demo = {
    .name = "demo",
    .summary = "fill a new database with synthetic people (admins)",
    .usage =
    "usage: passage demo FILE [--people N] [--seed S] [--user ADMIN] [--passphrase-fd N]\n"
    "\n"
    "Fills a database that has no people yet with N synthetic, realistic\n"
    "people (default 200): names from many places, stays with planned and\n"
    "unplanned releases, releases in the past and the next two weeks, every\n"
    "status of every record, overdue follow-ups and declined outcomes.\n"
    "Naloxone kits are received into each facility's stock and each kit\n"
    "handed over is drawn from its lot: some lots expire within 60 days, one\n"
    "facility is low and a few kits wait to be reconciled.  The same seed\n"
    "gives the same people.  For training, demos and tests only: never in a\n"
    "database that holds real records.\n",
    .options = UNLOCK_OPTS | OPT(PEOPLE) | OPT(SEED),
    .run = run,
};

static void
progress(void *ctx, int done, int total)
{
	(void)ctx;
	fprintf(stderr, "\r%d of %d people", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int
number(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (!s)
		return 0;
	v = strtoll(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct demo_options d = {200, 1};
	struct session s;
	long long people = 200, seed = 1;
	db *dbh;
	int rc;

	(void)self;
	if (number(o->people, 1, 5000000, &people) != 0)
		return cli_usage(&cmd_demo, "--people is a number from 1 to 5000000");
	if (number(o->seed, 0, (long long)1 << 62, &seed) != 0)
		return cli_usage(&cmd_demo, "--seed is a whole number");
	d.people = (int)people;
	d.seed = (uint64_t)seed;
	if ((rc = cli_session(o, &dbh, &s)) != EXIT_OK)
		return rc;
	rc = demo_fill(&s, &d, people >= 20000 ? progress : NULL, NULL);
	if (rc != 0) {
		cli_error("%s: %s", o->file, s.err);
		db_close(dbh);
		return EXIT_FAIL;
	}
	printf("%s: %d synthetic people added (seed %llu).\n", o->file, d.people,
	       (unsigned long long)d.seed);
	db_close(dbh);
	return EXIT_OK;
}
