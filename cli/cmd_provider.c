/* SPDX-License-Identifier: ISC */
/*
 * cmd_provider.c - passage provider add|list|edit|retire|restore: the
 * provider directory (core/provider.c).  Anyone may read it; admins and
 * supervisors change it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "db.h"
#include "provider.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

#define FIELDS (OPT(SERVICES) | OPT(ADDRESS) | OPT(PHONE) | OPT(HOURS) | OPT(MEDICAID) | \
                OPT(WALK_IN))
static const struct cmd verbs[] = {
    {.name = "add", .options = UNLOCK_OPTS | FIELDS, .min_args = 1, .max_args = 1, .run = run},
    {.name = "list", .options = UNLOCK_OPTS, .run = run},
    {.name = "edit", .options = UNLOCK_OPTS | OPT(NAME) | FIELDS, .min_args = 1, .max_args = 1,
     .run = run},
    {.name = "retire", .options = UNLOCK_OPTS, .min_args = 1, .max_args = 1, .run = run},
    {.name = "restore", .options = UNLOCK_OPTS, .min_args = 1, .max_args = 1, .run = run},
    {0},
};
#undef FIELDS

const struct cmd cmd_provider = {
    .name = "provider",
    .summary = "add, list, edit or retire providers (admins, supervisors)",
    .usage =
    "usage: passage provider add FILE NAME [FIELDS]\n"
    "       passage provider list FILE\n"
    "       passage provider edit FILE NAME [--name NEW-NAME] [FIELDS]\n"
    "       passage provider retire FILE NAME\n"
    "       passage provider restore FILE NAME\n"
    "       (each also takes [--user NAME] [--passphrase-fd N])\n"
    "\n"
    "The provider directory lists the clinics, programs and offices people\n"
    "are referred to; caseworkers read it on the screen and pick from it in\n"
    "the referral form.  FIELDS are any of:\n"
    "\n"
    "  --services TEXT     what it offers, in words (up to 400 characters)\n"
    "  --address TEXT      where it is (up to 400; may span lines)\n"
    "  --phone TEXT        up to 40 characters\n"
    "  --hours TEXT        when it is open (up to 200)\n"
    "  --medicaid ANSWER   whether it takes Medicaid: yes, no or unknown\n"
    "  --walk-in ANSWER    whether it sees people without an appointment:\n"
    "                      yes, no or unknown\n"
    "\n"
    "edit changes only the fields given; an empty TEXT clears one.  A name\n"
    "(up to 200 characters) is the same in any case.  A retired provider is\n"
    "no longer offered for new referrals; old referrals keep its name, and\n"
    "restore offers it again.  Every change is audited.\n",
    .verbs = verbs,
};

static const char *
yn_word(enum yn v)
{
	return v == YN_YES ? "yes" : v == YN_NO ? "no" : "unknown";
}

/* Fills the fields given on the command line into p; -1 on a bad answer. */
static int
fields(const struct common_opts *o, struct provider *p)
{
	const char *const *given[] = {&o->services, &o->address, &o->phone, &o->hours};
	const char **into[] = {&p->services, &p->address, &p->phone, &p->hours};
	const char *answers[] = {o->medicaid, o->walk_in};
	enum yn *to[] = {&p->medicaid, &p->walk_in};

	for (size_t i = 0; i < sizeof into / sizeof into[0]; i++)
		if (*given[i])
			*into[i] = *given[i];
	for (size_t i = 0; i < 2; i++) {
		if (!answers[i])
			continue;
		if (strcmp(answers[i], "yes") == 0)
			*to[i] = YN_YES;
		else if (strcmp(answers[i], "no") == 0)
			*to[i] = YN_NO;
		else if (strcmp(answers[i], "unknown") == 0)
			*to[i] = YN_NOT_ASKED;
		else
			return cli_usage(&cmd_provider, i == 0 ? "--medicaid is yes, no or unknown"
			                                       : "--walk-in is yes, no or unknown"),
			       -1;
	}
	return 0;
}

/* Text as given, continuation lines of an address indented under it. */
static void
show(const char *label, const char *text)
{
	if (!text || !*text)
		return;
	printf("  %-9s ", label);
	for (; *text; text++) {
		putchar(*text);
		if (*text == '\n')
			printf("  %-9s ", "");
	}
	putchar('\n');
}

static int
do_list(struct session *s)
{
	struct provider *rows;
	int n;

	if (provider_list(s, 1, &rows, &n) != 0)
		return cli_error("%s", s->err);
	if (n == 0)
		printf("The directory is empty: 'passage provider add FILE NAME' adds one.\n");
	for (int i = 0; i < n; i++) {
		const struct provider *p = &rows[i];
		printf("%s%s\n", p->name, p->active ? "" : "  (retired)");
		show("services", p->services);
		show("phone", p->phone);
		show("hours", p->hours);
		show("address", p->address);
		printf("  %-9s %s; walk-in: %s\n", "Medicaid", yn_word(p->medicaid),
		       yn_word(p->walk_in));
	}
	provider_list_free(rows, n);
	return EXIT_OK;
}

/* The entry called name (any case, retired too) into *out. */
static int
find(struct session *s, const char *name, struct provider *out)
{
	struct provider *rows;
	int n, rc = -1;

	if (provider_list(s, 1, &rows, &n) != 0)
		return cli_error("%s", s->err), -1;
	for (int i = 0; i < n; i++)
		if (strcasecmp(rows[i].name, name) == 0)
			rc = provider_get(s, rows[i].id, out);
	provider_list_free(rows, n);
	if (rc != 0)
		cli_error(s->err[0] ? "%s" : "no provider named '%.200s' in the directory; "
		          "'passage provider list' shows them", s->err[0] ? s->err : name);
	return rc;
}

static int
dispatch(const char *verb, struct session *s, const struct common_opts *o)
{
	struct provider p = {0};
	int rc;

	if (strcmp(verb, "list") == 0)
		return do_list(s);
	if (strcmp(verb, "add") == 0) {
		p.name = o->args[0];
		fields(o, &p);
		if (provider_create(s, &p) != 0)
			return cli_error("%s", s->err);
		printf("Added '%s' to the provider directory.\n", p.name);
		return EXIT_OK;
	}
	if (find(s, o->args[0], &p) != 0)
		return EXIT_FAIL;
	if (strcmp(verb, "edit") == 0) {
		if (o->name)
			p.name = o->name;
		fields(o, &p);
	} else {
		p.active = strcmp(verb, "restore") == 0;
	}
	rc = EXIT_OK;
	if (provider_update(s, &p) != 0)
		rc = cli_error("%s", s->err);
	if (rc == EXIT_OK)
		printf(strcmp(verb, "edit") == 0 ? "Saved '%s'.\n"
		       : p.active ? "'%s' is offered for new referrals again.\n"
		                  : "Retired '%s': it is no longer offered for new referrals; old "
		                    "referrals keep its name.\n", p.name);
	provider_free(&p);
	return rc;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct provider probe = {0};
	struct session s;
	db *d;
	int rc;

	/* A wrong answer is refused before the passphrase is asked. */
	if (fields(o, &probe) != 0)
		return EXIT_USAGE;
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	rc = dispatch(self->name, &s, o);
	db_close(d);
	return rc;
}
