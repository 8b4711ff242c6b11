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
#include <stdio.h>

#include "cli.h"
#include "out.h"

int report_metrics_run(const struct cmd *self, const struct common_opts *o);
int report_disclosures_run(const struct cmd *self, const struct common_opts *o);
int report_naloxone_run(const struct cmd *self, const struct common_opts *o);

struct session;
struct period;

/* When a report was made, t, in the site's local time and zone: its
 * "Made ..." line. */
void report_made_when(struct session *s, int64_t t, char *out, size_t n);

/* A report for a period (--from, --to, --facility, --format, --out):
 * read fills its figures in ctx, with when it made them; write lays them
 * out on f in the format asked, "Made " when; done
 * frees them once written. */
struct report_verb {
	const char *name; /* "metrics": said in the usage errors */
	int (*read)(struct session *s, const struct period *p, int64_t facility, void *ctx,
	            int64_t *made_at);
	void (*write)(FILE *f, struct session *s, const char *when, enum out_format fmt,
	              void *ctx);
	void (*done)(void *ctx);
};

/* The run every period report shares: the usage checks, the session,
 * the period and the facility, the --out path tried before the figures
 * are read (so a path that cannot be written costs no wait and makes no
 * audit row), and the report written whole or not at all. */
int report_period_run(const struct report_verb *v, const struct common_opts *o, void *ctx);

#endif
