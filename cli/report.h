/* SPDX-License-Identifier: ISC */
/*
 * report.h - the verbs of `passage report`, one file each
 * (report_metrics.c, report_disclosures.c); cmd_report.c dispatches.
 * Each takes argv with argv[0] the verb, like a command's run.
 */
#ifndef PASSAGE_CLI_REPORT_H
#define PASSAGE_CLI_REPORT_H

struct cmd;
extern const struct cmd cmd_report;

int report_metrics_main(int argc, char **argv);
int report_disclosures_main(int argc, char **argv);

#endif
