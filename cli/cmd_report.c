/* SPDX-License-Identifier: ISC */
/*
 * cmd_report.c - passage report metrics|disclosures|naloxone: the
 * supervisors' program figures, a person's accounting of disclosures and
 * the naloxone distribution report; and the run the two period reports
 * share.
 */
#include "cmd_report.h"

#include <stdio.h>

#include "db.h"
#include "outfile.h"
#include "period.h"
#include "report.h"
#include "session.h"
#include "unlock.h"
#include "zone.h"

static const struct cmd verbs[] = {
    {.name = "metrics",
     .usage =
        "usage: passage report metrics FILE --from DATE --to DATE [--facility NAME]\n"
        "                      [--format table|csv|json] [--out PATH]\n"
        "                      [--user NAME] [--passphrase-fd N]\n"
        "\n"
        "The program report for supervisors: every release recorded in the period\n"
        "(DATE is YYYY-MM-DD, both days included, in the site's time zone), for\n"
        "the program, each facility and each caseworker, split planned and\n"
        "unplanned: education and naloxone before release, appointments, MOUD\n"
        "attended within 7, 14 and 30 days, the first contact, the 48-hour contact\n"
        "and each follow-up (on time, late, declined, missed, still open,\n"
        "cancelled), and the overdoses, reversals and refills reported; weekly\n"
        "releases, naloxone in hand and 48-hour contacts on time.  For the\n"
        "program, the releases also by how their time is known (a time, a date\n"
        "only, inferred from a roster snapshot, typed by hand).  A transfer to\n"
        "another agency is no release: it is in no figure, only counted on its\n"
        "own line.  passage(1) defines each figure.  A person released twice\n"
        "counts twice.\n"
        "\n"
        "  --facility NAME  only that facility's releases\n"
        "  --format table   80 columns (the default); a percentage shows its\n"
        "                   count and denominator, \"-\" where there is none\n"
        "  --format csv     RFC 4180, one row per group and split (all, planned,\n"
        "                   unplanned) with named columns; no percentage: empty\n"
        "  --format json    one object; no percentage: null\n"
        "  --out PATH       write the report there, whole or not at all, instead\n"
        "                   of to the standard output\n"
        "\n"
        "Every report states its period, when and by whom it was made and the\n"
        "audit chain head it was read at; making one is recorded in the audit\n"
        "log.  Supervisors only.\n",
     .options = UNLOCK_OPTS | OPT(FROM) | OPT(TO) | OPT(FACILITY) | OPT(FORMAT) | OPT(OUT),
     /* Its own help, even among words that are wrong. */
     .flags = CMD_HELP_FIRST,
     .run = report_metrics_run},
    /* Its help is the command's. */
    {.name = "disclosures",
     .options = UNLOCK_OPTS | OPT(PERSON) | OPT(FORMAT) | OPT(OUT),
     .run = report_disclosures_run},
    {.name = "naloxone",
     .options = UNLOCK_OPTS | OPT(FROM) | OPT(TO) | OPT(FACILITY) | OPT(FORMAT) | OPT(OUT),
     .run = report_naloxone_run},
    {0},
};

const struct cmd cmd_report = {
    .name = "report",
    .summary = "program figures, naloxone given for a period; a person's disclosures",
    .usage =
    "usage: passage report metrics FILE --from DATE --to DATE [--facility NAME]\n"
    "                      [--format table|csv|json] [--out PATH]\n"
    "       passage report disclosures FILE --person CODE [--format table|csv|json]\n"
    "                      [--out PATH]\n"
    "       passage report naloxone FILE --from DATE --to DATE [--facility NAME]\n"
    "                      [--format table|csv|json] [--out PATH]\n"
    "       (each also takes [--user NAME] [--passphrase-fd N])\n"
    "\n"
    "report naloxone: the naloxone distribution report for a period, what a\n"
    "state distribution program asks: kits given (by formulation, handover\n"
    "and facility; first kits and refills; handovers and people reached),\n"
    "uses reported (on themselves or someone else, doses, survived, 911\n"
    "called), kits lost or taken away, and the stock now (on hand, expiring\n"
    "within 60 days, handovers to reconcile).  Formats as for metrics; CSV\n"
    "has one row per figure with its section, code and label.  passage(1)\n"
    "defines each figure.  Supervisors only; audited.\n",
    .verbs = verbs,
};

void
report_made_when(struct session *s, int64_t t, char *out, size_t n)
{
	char zone[ZONE_NAME_MAX], local[40];

	zone_site(s->db, zone);
	snprintf(out, n, "%s %s", zone_local_time(s->db, t, local, sizeof local), zone);
}

int
report_period_run(const struct report_verb *v, const struct common_opts *o, void *ctx)
{
	char err[DB_ERR_MAX], when[100], usage[80];
	struct session s;
	struct period p;
	struct outfile of;
	enum out_format fmt;
	int64_t facility = 0, made_at = 0;
	db *d;
	int rc;

	if (!o->file) {
		snprintf(usage, sizeof usage, "report %s needs the database FILE", v->name);
		return cli_usage(&cmd_report, usage);
	}
	if (!o->from || !o->to) {
		snprintf(usage, sizeof usage, "report %s needs --from DATE and --to DATE", v->name);
		return cli_usage(&cmd_report, usage);
	}
	if (out_format_parse(o->format, &fmt) != 0)
		return cli_usage(&cmd_report, "--format is table, csv or json");
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (period_parse(&s, o->from, o->to, &p) != 0 ||
	    (o->facility && report_facility(&s, o->facility, &facility) != 0)) {
		cli_error("%s", s.err);
		goto out;
	}
	if (o->out && outfile_open(&of, o->out, err, sizeof err) != 0) {
		cli_error("%s", err);
		goto out;
	}
	if (v->read(&s, &p, facility, ctx, &made_at) != 0) {
		cli_error("%s", s.err);
		if (o->out)
			outfile_abort(&of);
		goto out;
	}
	report_made_when(&s, made_at, when, sizeof when);
	v->write(o->out ? of.f : stdout, &s, when, fmt, ctx);
	if (o->out) {
		if (outfile_commit(&of, err, sizeof err) != 0)
			cli_error("%s", err);
		else
			rc = EXIT_OK;
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("could not write the report to the standard output");
	} else {
		rc = EXIT_OK;
	}
	v->done(ctx);
out:
	db_close(d);
	return rc;
}
