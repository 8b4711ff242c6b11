/* SPDX-License-Identifier: ISC */
/*
 * cmd_report.c - passage report metrics|disclosures|naloxone: the
 * supervisors' program figures, a person's accounting of disclosures and
 * the naloxone distribution report.
 */
#include "cmd_report.h"

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
