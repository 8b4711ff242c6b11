/* SPDX-License-Identifier: ISC */
/*
 * cmd_facility.c - passage facility add|list|rename|retire|restore: the
 * facilities people are booked into.  Anyone may list them; only admins
 * change them (core/facility.c says no to everyone else).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "facility.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

static const struct cmd verbs[] = {
    {.name = "add", .options = UNLOCK_OPTS, .min_args = 1, .max_args = 1, .run = run},
    {.name = "list", .options = UNLOCK_OPTS, .run = run},
    {.name = "rename", .options = UNLOCK_OPTS, .min_args = 2, .max_args = 2, .run = run},
    {.name = "retire", .options = UNLOCK_OPTS, .min_args = 1, .max_args = 1, .run = run},
    {.name = "restore", .options = UNLOCK_OPTS, .min_args = 1, .max_args = 1, .run = run},
    {0},
};

const struct cmd cmd_facility = {
    .name = "facility",
    .summary = "add, list, rename or retire facilities (admins)",
    .usage =
    "usage: passage facility add FILE NAME\n"
    "       passage facility list FILE\n"
    "       passage facility rename FILE NAME NEW-NAME\n"
    "       passage facility retire FILE NAME\n"
    "       passage facility restore FILE NAME\n"
    "       (each also takes [--user ADMIN] [--passphrase-fd N])\n"
    "\n"
    "The facilities are the jails and prisons people are booked into; the\n"
    "person forms, the queues and the reports offer them by name.  A name is\n"
    "up to 120 characters and the same in any case.  A retired facility is\n"
    "no longer offered for new stays; the stays already booked there keep\n"
    "its name, and restore offers it again.  Every change is audited.  With\n"
    "more than one active facility, each roster profile must name its jail's\n"
    "(facility = NAME, passage-roster(5)): add and restore then say so.\n",
    .verbs = verbs,
};

#define FAC_MAX 256
#define IMPORT_REFUSED "An import whose profile names none is refused."

static int
do_list(struct session *s)
{
	struct facility_row rows[FAC_MAX];
	int n;

	if (facility_list_all(s, rows, FAC_MAX, &n) != 0)
		return cli_error("%s", s->err);
	if (n == 0) {
		printf("No facilities yet: 'passage facility add FILE NAME' adds one.\n");
		return EXIT_OK;
	}
	printf("%-8s %s\n", "STATUS", "FACILITY");
	for (int i = 0; i < n; i++)
		printf("%-8s %s\n", rows[i].active ? "active" : "retired", rows[i].name);
	return EXIT_OK;
}

static int
dispatch(const char *verb, struct session *s, const struct common_opts *o)
{
	struct facility_row f;
	char note[200];
	int64_t id;

	if (strcmp(verb, "list") == 0)
		return do_list(s);
	if (strcmp(verb, "add") == 0) {
		if (facility_create(s, o->args[0], &id) != 0)
			return cli_error("%s", s->err);
		printf("Added the facility '%s'.\n", o->args[0]);
		if (facility_roster_note(s, note, sizeof note))
			printf("%s  " IMPORT_REFUSED "\n", note);
		return EXIT_OK;
	}
	if (facility_find(s, o->args[0], &f) != 0)
		return cli_error("%s", s->err);
	if (strcmp(verb, "rename") == 0) {
		if (facility_rename(s, f.id, o->args[1]) != 0)
			return cli_error("%s", s->err);
		printf("'%s' is now called '%s'.\n", f.name, o->args[1]);
		return EXIT_OK;
	}
	if (facility_set_active(s, f.id, strcmp(verb, "restore") == 0) != 0)
		return cli_error("%s", s->err);
	printf(strcmp(verb, "restore") == 0 ? "'%s' is offered for new stays again.\n"
	                                    : "Retired '%s': it is no longer offered for new "
	                                      "stays; old stays keep its name.\n", f.name);
	if (strcmp(verb, "restore") == 0 && facility_roster_note(s, note, sizeof note))
		printf("%s  " IMPORT_REFUSED "\n", note);
	return EXIT_OK;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct session s;
	db *d;
	int rc;

	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	rc = dispatch(self->name, &s, o);
	db_close(d);
	return rc;
}
