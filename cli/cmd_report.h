/* SPDX-License-Identifier: ISC */
/*
 * cmd_report.h - the verbs of `passage report`, one file each
 * (report_metrics.c, report_disclosures.c, report_naloxone.c); cmd_report.c's table names
 * them.  Each is a verb's run (cli.h).
 */
#ifndef PASSAGE_CMD_REPORT_H
#define PASSAGE_CMD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"

int report_metrics_run(const struct cmd *self, const struct common_opts *o);
int report_disclosures_run(const struct cmd *self, const struct common_opts *o);
int report_naloxone_run(const struct cmd *self, const struct common_opts *o);

struct session;

/* When a report was made, t, in the site's local time and zone: its
 * "Made ..." line (report_metrics.c). */
void report_made_when(struct session *s, int64_t t, char *out, size_t n);

#endif
