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
#include "user.h"

static int run(int argc, char **argv);

const struct cmd cmd_init = {
    "init",
    "create a new encrypted database with its first admin",
    "usage: passage init FILE --admin NAME [--group GROUP] [--kdf LEVEL]\n"
    "                    [--passphrase-fd N]\n"
    "\n"
    "Creates FILE (it must not exist) with one admin user and prints a\n"
    "recovery code, once.  Print it or write it down and keep it in the\n"
    "facility safe: it is the only way back in if every admin passphrase is\n"
    "lost (see passage recover).\n"
    "\n"
    "  --admin NAME        the first admin's user name\n"
    "  --group GROUP       share the file with a Unix group: the group owns it\n"
    "                      and may read and write it (mode 660; without it,\n"
    "                      600: only you); you must be a member of it\n"
    "  --kdf LEVEL         how hard the passphrase is to guess by brute force:\n"
    "                      auto (default: the strongest Argon2id setting this\n"
    "                      machine unlocks in under a second), interactive,\n"
    "                      moderate or sensitive\n"
    "  --passphrase-fd N   read the passphrase from descriptor N instead of\n"
    "                      asking twice on the terminal\n",
    run,
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

static int
run(int argc, char **argv)
{
	struct common_opts o;
	char err[DB_ERR_MAX], code[KR_RECOVERY_CODE_LEN];
	char *pass;
	db *d;
	int rc = cli_parse(&cmd_init, argc, argv, "admin,kdf,passphrase-fd,group", 0, &o);
	struct db_options dbo = {.on_create = user_bootstrap};

	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (!o.user)
		return cli_usage(&cmd_init, "--admin NAME is required");
	dbo.on_create_ctx = (void *)o.user;
	if (o.group && group_id(o.group, &dbo.gid) != 0)
		return cli_error("there is no group '%s' on this machine (getent group lists them)",
		                 o.group);
	dbo.shared = o.group != NULL;
	pass = prompt_new_secret("Passphrase for the admin: ", o.pass_fd, err, sizeof err);
	if (!pass)
		return cli_error("%s", err);
	if (o.kdf == KR_KDF_AUTO && o.pass_fd < 0)
		fputs("Measuring how strong a passphrase hash this machine can afford...\n", stderr);
	rc = db_create(o.file, o.user, pass, (enum kr_kdf)o.kdf, code, &dbo, &d, err, sizeof err);
	prompt_free(pass);
	if (rc != 0)
		return cli_error("%s", err);
	const struct kr_slot *s = &d->kr->h.slot[d->kr->slot];
	char heading[300];
	snprintf(heading, sizeof heading, "Created %s with admin '%s'.\nPassphrase hash: Argon2id, "
	         "%u passes over %u MiB.\n\nRECOVERY CODE (shown only this once; print it or "
	         "write it down and keep\nit in the facility safe):", o.file, o.user, s->opslimit,
	         s->mem_kib / 1024);
	rc = cli_print_code(heading, code);
	sodium_memzero(code, sizeof code);
	if (rc < 0) {
		/* A database whose recovery code nobody saw has no emergency
		 * access: do not keep it. */
		char *path = strdup(d->path);
		db_close(d);
		if (path)
			unlink(path);
		free(path);
		return cli_error("the recovery code could not be shown, so %s was not kept", o.file);
	}
	db_close(d);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
