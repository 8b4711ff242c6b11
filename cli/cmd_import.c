/* SPDX-License-Identifier: ISC */
/*
 * cmd_import.c - passage import roster: a jail's roster export read
 * through its profile (passage-roster(5)).
 *
 * With a database FILE it records the roster there (roster_import.h), or
 * with --dry-run does all of it and rolls it back, printing what it would
 * do.  With --dry-run and no FILE it reads and reports only: what the file
 * holds, booking by booking kind, and the rows a profile cannot explain,
 * without a key, so a new export and a new profile can be tried by an
 * admin.  It prints counts and line numbers, never a name or an id: the
 * roster is case data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "roster_file.h"
#include "roster_import.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

static const struct cmd verbs[] = {
    {.name = "roster",
     .options = UNLOCK_OPTS | OPT(PROFILE) | OPT(DRY_RUN) | OPT(SKIP_BAD_ROWS) |
                OPT(ACCEPT_MISSING),
     .max_args = 1,
     .flags = CMD_FILE_OPTIONAL | CMD_IMPORT_ROLE,
     .run = run},
    {0},
};

const struct cmd cmd_import = {
    .name = "import",
    .summary = "read a jail's roster export through its profile",
    .usage =
    "usage: passage import roster FILE ROSTER --profile NAME [--dry-run]\n"
    "                             [--skip-bad-rows] [--accept-missing]\n"
    "       passage import roster ROSTER --profile NAME --dry-run\n"
    "\n"
    "Reads ROSTER, a CSV file the jail's management system exports, through\n"
    "the profile NAME (/etc/passage/roster/NAME.profile, or a path with a /;\n"
    "passage-roster(5) describes it), and records it in the database FILE,\n"
    "in one transaction: each booking linked to one of our people (a jail id\n"
    "seen before, or one person with the same name and whole birth date),\n"
    "their bookings, releases, transfers and expected release dates.  Rows\n"
    "no one can be linked to on strong evidence wait for a person to look;\n"
    "nobody is added.  The same file twice changes nothing.  Supervisors\n"
    "and the import account (--role import, which may do nothing else).\n"
    "Prints counts and line numbers, never a name or an id.  A file\n"
    "the profile cannot explain is refused with its line and column, and\n"
    "nothing is recorded.  Without FILE, --dry-run reads ROSTER only and\n"
    "says what it holds, with no passphrase asked.\n"
    "\n"
    "  --profile NAME      how this jail writes its roster\n"
    "  --dry-run           do all of it, then undo it: change nothing\n"
    "  --skip-bad-rows     leave out the rows with a mistake, and list them,\n"
    "                      rather than refuse the file (in a full snapshot,\n"
    "                      nobody missing from it is then taken as released)\n"
    "  --accept-missing    a full snapshot that leaves out more than half of\n"
    "                      the people in custody is refused as cut short:\n"
    "                      record their releases all the same\n"
    "  --user NAME         who you are (asked otherwise)\n"
    "  --passphrase-fd N   read the passphrase from file descriptor N\n",
    .verbs = verbs,
};

#define ROSTER_PROFILE_DIR "/etc/passage/roster"

static void
count(const char *what, size_t n)
{
	printf("  %-36s %zu\n", what, n);
}

static void
report(const struct roster_profile *p, const struct roster_result *r)
{
	size_t by[ROSTER_STATUS_N] = {0}, prec[3] = {0}, expected = 0;
	char line[512];

	for (size_t i = 0; i < r->nrecs; i++) {
		by[r->recs[i].status]++;
		if (r->recs[i].status == ROSTER_RELEASED)
			prec[r->recs[i].release.precision]++;
		expected += r->recs[i].expected.precision != ROSTER_NONE;
	}
	count("rows", r->rows);
	count("bookings", r->nrecs);
	count("released, with a time", prec[ROSTER_TIME]);
	count("released, with a date only", prec[ROSTER_DATE_ONLY]);
	count("released, with no time", prec[ROSTER_NONE]);
	count("transferred to another agency", by[ROSTER_TRANSFERRED]);
	count("in custody", by[ROSTER_IN_CUSTODY]);
	count("with an expected release date", expected);
	count("rows skipped", r->nskipped);
	if (p->snapshot)
		printf("The file is a full snapshot: people missing from it have left.\n");
	for (size_t i = 0; i < r->nskipped; i++) {
		roster_err_text("skipped", &r->skipped[i], line, sizeof line);
		printf("%s\n", line);
	}
	printf("Dry run: nothing was changed.\n");
}

static void
summary(const struct roster_summary *m, int dry)
{
	count("rows", m->rows);
	count("bookings", m->bookings);
	count("new bookings", m->new_bookings);
	count("releases recorded", m->releases);
	count("  of them with a date only", m->date_only);
	count("  of them with no time (last seen)", m->undated);
	count("missing from the snapshot: released", m->inferred);
	count("transferred to another agency", m->transfers);
	count("expected release dates changed", m->expected_changes);
	count("linked by name and birth date", m->links);
	count("waiting for a look", m->waiting);
	count("rows skipped", m->skipped);
	for (size_t i = 0; i < m->nskip; i++)
		printf("  line %d: %s\n", m->skip[i].line, m->skip[i].why);
	if (m->not_inferred)
		printf("%zu bookings missing from the snapshot were left as they were: with rows "
		       "skipped, the file does not show everyone in custody.\n", m->missing);
	if (m->nskip < m->skipped)
		printf("  and %zu more\n", m->skipped - m->nskip);
	if (dry)
		printf("Dry run: nothing was changed.\n");
	else
		printf("Recorded as import %lld.\n", (long long)m->import_id);
}

/* Records r in the database o->file (or rehearses it). */
static int
record(const struct common_opts *o, const struct roster_profile *p, const char *path,
       const struct roster_result *r)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s;
	char jail[256];
	db *d;
	int rc;

	if (!m)
		return cli_error("out of memory");
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK) {
		free(m);
		return rc;
	}
	roster_profile_jail(path, jail, sizeof jail);
	if (roster_import(&s, p, jail, r,
	                  (o->dry_run ? ROSTER_DRY_RUN : 0) |
	                      (o->accept_missing ? ROSTER_ACCEPT_MISSING : 0), m) != 0) {
		rc = cli_error("%s: %s", o->args[0], s.err);
	} else if (m->already) {
		printf("%s was imported before (import %lld): nothing was changed.\n", o->args[0],
		       (long long)m->already);
	} else {
		printf("%s, read with %s:\n", o->args[0], path);
		summary(m, o->dry_run);
	}
	db_close(d);
	free(m);
	return rc;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	const char *roster = o->nargs ? o->args[0] : o->file;
	struct roster_profile prof;
	struct roster_result r;
	struct roster_err e;
	char path[512], err[512];

	if (!roster)
		return cli_usage(self, "which roster file?");
	if (!o->profile)
		return cli_usage(self, "which profile? say --profile NAME");
	if (!o->nargs && !o->dry_run)
		return cli_usage(self, "which database? say passage import roster FILE ROSTER");
	if (strchr(o->profile, '/'))
		snprintf(path, sizeof path, "%s", o->profile);
	else if (snprintf(path, sizeof path, "%s/%s.profile", ROSTER_PROFILE_DIR, o->profile) >=
	         (int)sizeof path)
		return cli_usage(self, "the profile's name is too long");
	if (roster_profile_read(path, &prof, err, sizeof err) != 0)
		return cli_error("%s", err);
	if (roster_read(&prof, roster, o->skip_bad_rows ? ROSTER_SKIP_BAD_ROWS : 0, &r, &e) != 0) {
		roster_err_text(roster, &e, err, sizeof err);
		cli_error("%s%s", err,
		          e.in_row ? " (--skip-bad-rows leaves out such rows)" : "");
		roster_result_free(&r);
		return EXIT_FAIL;
	}
	if (o->nargs) {
		int rc = record(o, &prof, path, &r);

		roster_result_free(&r);
		return rc;
	}
	printf("%s, read with %s:\n", roster, path);
	report(&prof, &r);
	roster_result_free(&r);
	return EXIT_OK;
}
