/* SPDX-License-Identifier: ISC */
/*
 * cmd_init.c - passage init FILE --admin NAME: a new, empty database.
 */
#include <grp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "prompt.h"
#include "session.h"
#include "site.h"
#include "zone.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_init = {
    .name = "init",
    .summary = "create a new encrypted database with its first admin",
    .usage =
    "usage: passage init FILE --admin NAME [--site NAME] [--time-zone ZONE]\n"
    "                    [--group GROUP] [--kdf LEVEL] [--passphrase-fd N]\n"
    "\n"
    "Creates FILE (it must not exist) with one admin user and the site's\n"
    "name and time zone, and prints a recovery code, once.  Print it or\n"
    "write it down and keep it in the facility safe: it is the only way back\n"
    "in if every admin passphrase is lost (see passage recover).\n"
    "\n"
    "  --admin NAME        the first admin's user name\n"
    "  --site NAME         the site's name on every screen's title line\n"
    "                      (1-60 characters; default Passage)\n"
    "  --time-zone ZONE    the IANA zone of the site's clocks, e.g.\n"
    "                      America/Chicago (default: this machine's zone)\n"
    "  --group GROUP       share the file with a Unix group: the group owns it\n"
    "                      and may read and write it (mode 660; without it,\n"
    "                      600: only you); you must be a member of it\n"
    "  --kdf LEVEL         how hard the passphrase is to guess by brute force:\n"
    "                      auto (default: the strongest Argon2id setting this\n"
    "                      machine unlocks in under a second), interactive,\n"
    "                      moderate or sensitive\n"
    "  --passphrase-fd N   read the passphrase from descriptor N instead of\n"
    "                      asking twice on the terminal\n"
    "\n"
    "On a terminal, init asks for the site's name and zone that are not\n"
    "given, offering the defaults; with --passphrase-fd it asks nothing and\n"
    "says what it chose.  Both can be changed later with passage setting.\n",
    .options = OPT(ADMIN) | OPT(KDF) | OPT(PASSPHRASE_FD) | OPT(SITE) | OPT(TIME_ZONE) |
               OPT(GROUP),
    .run = run,
};

/* A group by name, or by number. */
static int
group_id(const char *name, unsigned *gid)
{
	struct group *g = getgrnam(name);
	char *end;
	unsigned long n;

	if (g) {
		*gid = (unsigned)g->gr_gid;
		return 0;
	}
	n = strtoul(name, &end, 10);
	if (!*name || *end || !getgrgid((gid_t)n))
		return -1;
	*gid = (unsigned)n;
	return 0;
}

/* The site's name and zone: as given, else asked on the terminal, else
 * the defaults (the name stays the schema's "Passage").  Checked here,
 * before any passphrase is asked.  Returns 0, or the exit status. */
static int
site_answers(const struct common_opts *o, char **typed, char *zone, struct site_init *si)
{
	struct session none;
	char err[DB_ERR_MAX], question[ZONE_NAME_MAX + 40];

	memset(&none, 0, sizeof none);
	zone_machine(zone);
	si->name = o->site;
	si->zone = o->time_zone;
	if (o->pass_fd < 0 && isatty(STDIN_FILENO)) {
		if (!si->name) {
			if (!(typed[0] = prompt_line("Site name [Passage]: ", -1, err, sizeof err)))
				return cli_error("%s", err);
			si->name = typed[0][0] ? typed[0] : NULL;
		}
		if (!si->zone) {
			snprintf(question, sizeof question, "Time zone [%s]: ", zone);
			if (!(typed[1] = prompt_line(question, -1, err, sizeof err)))
				return cli_error("%s", err);
			si->zone = typed[1][0] ? typed[1] : NULL;
		}
	}
	if (si->name && site_check_name(&none, "--site", si->name) != 0)
		return cli_usage(&cmd_init, none.err);
	if (si->zone && site_check_zone(&none, "--time-zone", si->zone) != 0)
		return cli_usage(&cmd_init, none.err);
	if (!si->zone)
		si->zone = zone;
	return 0;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	char err[DB_ERR_MAX], code[DB_RECOVERY_CODE_LEN];
	char *pass;
	db *d;
	char *typed[2] = {NULL, NULL}, zone[ZONE_NAME_MAX];
	struct site_init si;
	int rc;
	struct db_options dbo = {.on_create = site_bootstrap, .on_create_ctx = &si};

	(void)self;
	if (!o->user)
		return cli_usage(&cmd_init, "--admin NAME is required");
	if (o->group && group_id(o->group, &dbo.gid) != 0)
		return cli_error("there is no group '%s' on this machine (getent group lists them)",
		                 o->group);
	dbo.shared = o->group != NULL;
	if ((rc = site_answers(o, typed, zone, &si)) != 0) {
		prompt_free(typed[0]);
		prompt_free(typed[1]);
		return rc;
	}
	si.admin = o->user;
	pass = prompt_new_secret("Passphrase for the admin: ", o->pass_fd, err, sizeof err);
	if (!pass) {
		prompt_free(typed[0]);
		prompt_free(typed[1]);
		return cli_error("%s", err);
	}
	if (o->kdf == DB_KDF_AUTO && o->pass_fd < 0)
		fputs("Measuring how strong a passphrase hash this machine can afford...\n", stderr);
	rc = db_create(o->file, o->user, pass, (enum db_kdf)o->kdf, code, &dbo, &d, err, sizeof err);
	prompt_free(pass);
	char site[ZONE_NAME_MAX + 200];
	snprintf(site, sizeof site, "Site: %s, time zone %s%s.", si.name ? si.name : "Passage",
	         si.zone, si.zone == zone ? " (this machine's)" : "");
	prompt_free(typed[0]);
	prompt_free(typed[1]);
	if (rc != 0)
		return cli_error("%s", err);
	unsigned passes, mib;
	db_kdf_cost(d, &passes, &mib);
	char heading[1200];
	snprintf(heading, sizeof heading, "Created %s with admin '%s'.\n%s\nPassphrase hash: "
	         "Argon2id, %u passes over %u MiB.\n\nRECOVERY CODE (shown only this once; print it or "
	         "write it down and keep\nit in the facility safe):", o->file, o->user, site,
	         passes, mib);
	rc = cli_print_code(heading, code);
	sodium_memzero(code, sizeof code);
	if (rc < 0) {
		/* A database whose recovery code nobody saw has no emergency
		 * access: do not keep it. */
		char *path = strdup(db_path(d));
		db_close(d);
		if (path)
			unlink(path);
		free(path);
		return cli_error("the recovery code could not be shown, so %s was not kept", o->file);
	}
	db_close(d);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
