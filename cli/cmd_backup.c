/* SPDX-License-Identifier: ISC */
/*
 * cmd_backup.c - passage backup FILE DEST: a checked copy of a database
 * that others may be using, whole or not at all (core/backup.c).
 *
 * Without --user it needs no key and asks nothing, for the nightly job;
 * with --user (or --passphrase-fd) it unlocks, authenticates every page of
 * the copy and records the backup in the audit log (admins only).
 */
#include <stdio.h>

#include "backup.h"
#include "cli.h"
#include "db.h"
#include "progress.h"
#include "prompt.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_backup = {
    .name = "backup",
    .summary = "copy a database while others use it, and check the copy",
    .usage =
    "usage: passage backup FILE DEST [--force] [--user NAME] [--passphrase-fd N]\n"
    "\n"
    "Copies FILE to DEST while others go on working: readers are not held\n"
    "up, and a change being saved waits only while FILE is compared with the\n"
    "copy at the end.  The copy is the database at one moment, encrypted as\n"
    "FILE is, and opens with the same users and passphrases.\n"
    "It is written beside DEST under a temporary name, synced, checked, and\n"
    "only then named DEST; if anything fails, nothing is left at DEST.\n"
    "\n"
    "Without --user no key is needed and nothing is asked: the copy's size,\n"
    "its header's checksums and its bytes, read back from the disk, are\n"
    "checked, but not its pages, and the backup is not in the audit log.\n"
    "With --user (an admin) the copy is also unlocked with the same\n"
    "passphrase, every page authenticated and its structure checked, as\n"
    "passage verify does, and the backup is recorded in the audit log.\n"
    "Saves land first in the write-ahead log (FILE-wal).  With --user the\n"
    "backup copies it into the file first; without, it asks the sessions\n"
    "that have the file open to copy it, waits up to 10 s for a save still\n"
    "only in the log, then refuses.\n"
    "\n"
    "  --force             replace DEST if it exists\n"
    "  --user NAME         an admin: check the copy with a key, and audit it\n"
    "  --passphrase-fd N   read the user name (if not given) and the\n"
    "                      passphrase from descriptor N\n",
    .options = UNLOCK_OPTS | OPT(FORCE),
    .min_args = 1,
    .max_args = 1,
    .missing = "where to? give the backup's file name after FILE",
    .run = run,
};

struct shown {
	const char *file;
	int keyed;
	int percent; /* last shown */
};

static void
copied(void *ctx, uint64_t done, uint64_t total)
{
	struct shown *w = ctx;
	int percent = (int)(total ? done * 100 / total : 100);

	if (percent == w->percent)
		return;
	w->percent = percent;
	fprintf(stderr, "\rCopying %s: %3d%% of %.1f MiB", w->file, percent,
	        (double)total / (1024.0 * 1024.0));
	if (done == total)
		fputs(w->keyed ? "\nChecking the copy: read back from the disk, every page "
		                 "authenticated, then its structure...\n"
		               : "\nChecking the copy: read back from the disk...\n",
		      stderr);
}

static int
done(const struct common_opts *o, const struct backup_result *r)
{
	if (r->authenticated)
		printf("Backed up %s to %s: all %u pages authenticated; structure ok; recorded in "
		       "the audit log.\n", o->file, o->args[0], r->pages);
	else
		printf("Backed up %s to %s: %u pages; header, size and every byte read back "
		       "checked.\nThe pages were not authenticated (that needs a key): run passage "
		       "verify on the copy.\n", o->file, o->args[0], r->pages);
	return EXIT_OK;
}

static int
keyed(const struct common_opts *o, struct backup_options *bo)
{
	struct backup_result r;
	struct session s;
	char err[DB_ERR_MAX + 256], *pass = NULL;
	db *d;
	int rc;

	if ((rc = cli_session_pass(o, &d, &s, &pass)) != EXIT_OK)
		return rc;
	if (s.role != ROLE_ADMIN) {
		prompt_free(pass);
		db_close(d);
		return cli_error("only admins back up with a key; without --user, anyone who may "
		                 "read the file can copy it");
	}
	bo->s = &s;
	bo->pass = pass;
	rc = backup_write(o->file, o->args[0], bo, &r, err, sizeof err);
	prompt_free(pass);
	db_close(d);
	return rc == 0 ? done(o, &r) : cli_error("%s", err);
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct backup_options bo = {0};
	struct backup_result r;
	struct progress p;
	struct shown w;
	char err[DB_ERR_MAX + 256];

	(void)self;
	bo.force = o->force;
	w.file = o->file;
	w.keyed = o->user || o->pass_fd >= 0;
	w.percent = -1;
	if (progress_attach(&p, NULL)) {
		bo.progress = copied;
		bo.ctx = &w;
		bo.check = progress_draw;
		bo.check_ctx = &p;
	}
	if (w.keyed)
		return keyed(o, &bo);
	if (backup_write(o->file, o->args[0], &bo, &r, err, sizeof err) != 0)
		return cli_error("%s", err);
	return done(o, &r);
}
