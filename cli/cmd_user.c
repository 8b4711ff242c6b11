/* SPDX-License-Identifier: ISC */
/*
 * cmd_user.c - passage user add|list|disable|role: managing who may use
 * Passage.  Admins only.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "progress.h"
#include "prompt.h"
#include "session.h"
#include "unlock.h"
#include "user.h"

static int run(const struct cmd *self, const struct common_opts *o);

static const struct cmd verbs[] = {
    {.name = "add", .options = UNLOCK_OPTS | OPT(ROLE) | OPT(DISPLAY), .min_args = 1,
     .max_args = 1, .run = run},
    {.name = "list", .options = UNLOCK_OPTS, .run = run},
    {.name = "disable", .options = UNLOCK_OPTS, .min_args = 1, .max_args = 1, .run = run},
    {.name = "role", .options = UNLOCK_OPTS, .min_args = 2, .max_args = 2, .run = run},
    {0},
};

const struct cmd cmd_user = {
    .name = "user",
    .summary = "add, list, disable users or change their role (admins)",
    .usage =
    "usage: passage user add FILE NAME --role ROLE [--display \"FULL NAME\"]\n"
    "       passage user list FILE\n"
    "       passage user disable FILE NAME\n"
    "       passage user role FILE NAME ROLE\n"
    "       (each also takes [--user ADMIN] [--passphrase-fd N])\n"
    "\n"
    "ROLE is health, caseworker, supervisor, admin or import (the account\n"
    "the hourly roster import runs as: it may run passage import roster,\n"
    "and passwd and verify for its own key, and nothing else).  A new user\n"
    "gets a temporary passphrase (asked twice, or read from the descriptor\n"
    "after the admin's own) that they must change at their first login.\n"
    "Disabling a user removes their key: every page moves to a new key, so\n"
    "their passphrase opens nothing, even on an old copy of the header; it\n"
    "says so.  Copies of the file made before still open with it.  The\n"
    "pages move in short steps while others keep saving; if it is stopped,\n"
    "the next unlock carries on.  On a terminal, the pages moved and checked\n"
    "so far show on stderr.\n",
    .verbs = verbs,
};

static int
do_list(struct session *s)
{
	struct user_info u[64];
	int n;

	if (user_list(s, u, 64, &n) != 0)
		return cli_error("%s", s->err);
	printf("%-24s %-11s %-8s %s\n", "USER", "ROLE", "ACTIVE", "FULL NAME");
	for (int i = 0; i < n; i++)
		printf("%-24s %-11s %-8s %s\n", u[i].name, role_name(u[i].role),
		       u[i].active ? "yes" : "no", u[i].display);
	return EXIT_OK;
}

static int
do_add(struct session *s, const struct common_opts *o)
{
	char err[DB_ERR_MAX];
	enum role r;
	char *pass;
	int rc;

	if (!o->role || role_parse(o->role, &r) != 0)
		return cli_usage(&cmd_user, "--role is health, caseworker, supervisor, admin or import");
	pass = prompt_new_secret("Temporary passphrase for the new user: ", o->pass_fd, err,
	                         sizeof err);
	if (!pass)
		return cli_error("%s", err);
	rc = user_add(s, o->args[0], o->display, r, pass, DB_KDF_AUTO);
	prompt_free(pass);
	if (rc != 0)
		return cli_error("%s", s->err);
	printf("Added '%s' as %s; they choose their own passphrase at first login.\n", o->args[0],
	       role_name(r));
	return EXIT_OK;
}

static int
dispatch(const char *verb, struct session *s, const struct common_opts *o)
{
	enum role r;

	if (strcmp(verb, "list") == 0)
		return do_list(s);
	if (strcmp(verb, "add") == 0)
		return do_add(s, o);
	if (strcmp(verb, "disable") == 0) {
		if (user_disable(s, o->args[0]) != 0)
			return cli_error("%s", s->err);
		printf("Disabled '%s'.  Every page moved to a new key, so their passphrase opens\n"
		       "nothing in this file, even with an old copy of its header put back.\n"
		       "Copies of the file made before (backups) still open with it.\n",
		       o->args[0]);
		return EXIT_OK;
	}
	if (role_parse(o->args[1], &r) != 0)
		return cli_usage(&cmd_user, "ROLE is health, caseworker, supervisor, admin or import");
	if (user_set_role(s, o->args[0], r) != 0)
		return cli_error("%s", s->err);
	printf("'%s' is now %s.\n", o->args[0], role_name(r));
	return EXIT_OK;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct progress p;
	struct session s;
	db *d;
	int rc;

	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	progress_attach(&p, d);
	rc = dispatch(self->name, &s, o);
	db_close(d);
	return rc;
}
