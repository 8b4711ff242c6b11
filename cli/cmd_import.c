/* SPDX-License-Identifier: ISC */
/*
 * cmd_import.c - passage import roster: a jail's roster export read
 * through its profile (passage-roster(5)).
 *
 * For now the import reads and reports only (--dry-run): what the file
 * holds, booking by booking kind, and the rows a profile cannot explain.
 * It never opens the database, so it can be run on a new export and a new
 * profile by an admin with no key at all.  It prints counts and line
 * numbers, never a name or an id: the roster is case data.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "roster_file.h"

static int run(const struct cmd *self, const struct common_opts *o);

static const struct cmd verbs[] = {
    {.name = "roster",
     .options = OPT(PROFILE) | OPT(DRY_RUN) | OPT(SKIP_BAD_ROWS),
     .max_args = 1,
     .flags = CMD_FILE_OPTIONAL | CMD_IMPORT_ROLE,
     .run = run},
    {0},
};

const struct cmd cmd_import = {
    .name = "import",
    .summary = "read a jail's roster export through its profile",
    .usage =
    "usage: passage import roster [FILE] ROSTER --profile NAME --dry-run\n"
    "                             [--skip-bad-rows]\n"
    "\n"
    "Reads ROSTER, a CSV file the jail's management system exports, through\n"
    "the profile NAME (/etc/passage/roster/NAME.profile, or a path with a /;\n"
    "passage-roster(5) describes it), and prints what it holds: rows,\n"
    "bookings, releases with a time, with a date only or with none,\n"
    "transfers, people in custody.  Prints counts and line numbers, never a\n"
    "name or an id.  A file the profile cannot explain is refused with its\n"
    "line and column.  The import reads only: --dry-run is required, and\n"
    "FILE, the database, is not opened.\n"
    "\n"
    "  --profile NAME      how this jail writes its roster\n"
    "  --dry-run           read and report; change nothing\n"
    "  --skip-bad-rows     leave out the rows with a mistake, and list them,\n"
    "                      rather than refuse the file\n",
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
	if (!o->dry_run)
		return cli_usage(self, "the import reads only: say --dry-run");
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
	printf("%s, read with %s:\n", roster, path);
	report(&prof, &r);
	roster_result_free(&r);
	return EXIT_OK;
}
