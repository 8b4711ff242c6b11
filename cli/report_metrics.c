/* SPDX-License-Identifier: ISC */
/*
 * report_metrics.c - passage report metrics: the program report
 * (core/report.h) as a table, CSV or JSON, on stdout or into a file.
 *
 * Every format starts with what a reader needs to trust the figures: the
 * period, the facility, when (the site's local time) and by whom it was
 * made, and the audit chain head it was read at.
 *
 *   table  80 columns, one block per group (program, facilities,
 *          caseworkers), columns all / planned / unplanned; a percentage
 *          shows its count and denominator ("2/5 40%"), "-" where the
 *          denominator is 0
 *   csv    RFC 4180 (CRLF, every text field quoted): one row per group and
 *          split with named columns, the report's own details repeated in
 *          the first columns, so a funder's spreadsheet can filter and
 *          sum; an absent percentage or median is an empty field; the
 *          release times (report.h) in the last columns of the program's
 *          "all" row, empty on the others
 *   json   one object: the details, the checkpoints, the release times,
 *          each group's three splits, the weekly series; an absent figure
 *          is null
 *
 * A file named with --out is written whole or not at all, the path tried
 * before the figures are read (cmd_report.c's report_period_run).
 */
#include <stdio.h>
#include <string.h>

#include "cmd_report.h"
#include "out.h"
#include "period.h"
#include "report.h"
#include "session.h"
#include "zone.h"

static const char *const split_name[REPORT_SPLITS] = {"all", "planned", "unplanned"};
static const char *const kind_name[] = {"program", "facility", "caseworker"};
static const char *const nal_name[REPORT_NAL_KINDS] = {"in_hand", "in_property", "other",
                                                       "declined", "none"};
static const char *const nal_label[REPORT_NAL_KINDS] = {
    "Naloxone: in hand", "  in property", "  given another way", "  declined", "  none"};
static const char *const state_name[REPORT_TASK_STATES] = {"on_time", "late", "declined",
                                                           "missed", "open", "cancelled"};
/* Release times by precision (report.h): the program's only. */
static const char *const prec_name[REPORT_PRECISIONS] = {"time_given", "date_only", "inferred",
                                                         "by_hand"};
static const char *const prec_label[REPORT_PRECISIONS] = {
    "  time given", "  date only (start of day)", "  inferred: gone from roster",
    "  typed by hand"};

struct out {
	FILE *f;
	struct session *s;
	const struct report *r;
	char when[100]; /* the site's local time and zone */
};

/* ---------------------------------------------------------------- table */

static void
cell_pct(char *out, size_t n, int64_t num, int64_t den)
{
	report_pct_text(num, den, out, n);
}

/* One row: a label and a cell for each split, made by cell(fig, arg). */
static void
row(struct out *o, const struct report_group *g, const char *label,
    void (*cell)(const struct report_figures *, int, char *, size_t), int arg)
{
	fprintf(o->f, "%-32.32s", label);
	for (int k = 0; k < REPORT_SPLITS; k++) {
		char c[32];
		cell(&g->fig[k], arg, c, sizeof c);
		fprintf(o->f, k < REPORT_SPLITS - 1 ? "%-16s" : "%s", c);
	}
	fputc('\n', o->f);
}

static void
c_releases(const struct report_figures *f, int a, char *c, size_t n)
{
	(void)a;
	snprintf(c, n, "%lld", (long long)f->releases);
}

static void
c_educated(const struct report_figures *f, int a, char *c, size_t n)
{
	(void)a;
	cell_pct(c, n, f->educated, f->releases);
}

static void
c_nal(const struct report_figures *f, int a, char *c, size_t n)
{
	cell_pct(c, n, f->naloxone[a], f->releases);
}

static void
c_appt(const struct report_figures *f, int a, char *c, size_t n)
{
	(void)a;
	cell_pct(c, n, f->appointment, f->releases);
}

static void
c_moud(const struct report_figures *f, int a, char *c, size_t n)
{
	cell_pct(c, n, f->moud[a], f->releases);
}

static void
c_median(const struct report_figures *f, int a, char *c, size_t n)
{
	(void)a;
	if (f->median_hours < 0)
		snprintf(c, n, "-");
	else
		snprintf(c, n, "%.1f h (%lld)", f->median_hours, (long long)f->contacted);
}

/* The states of a clock: a < 0 the 48-hour contact, otherwise follow-up
 * checkpoint a.  Three lines show them: on time (a percentage of those
 * due), late/declined/missed, still open/cancelled. */
static const int64_t *
states(const struct report_figures *f, int a)
{
	return a < 0 ? f->c48 : f->followup[a];
}

static void
c_on_time(const struct report_figures *f, int a, char *c, size_t n)
{
	const int64_t *v = states(f, a);
	cell_pct(c, n, v[REPORT_ON_TIME], report_due(v));
}

static void
c_ldm(const struct report_figures *f, int a, char *c, size_t n)
{
	const int64_t *v = states(f, a);
	snprintf(c, n, "%lld/%lld/%lld", (long long)v[REPORT_LATE], (long long)v[REPORT_DECLINED],
	         (long long)v[REPORT_MISSED]);
}

static void
c_oc(const struct report_figures *f, int a, char *c, size_t n)
{
	const int64_t *v = states(f, a);
	snprintf(c, n, "%lld/%lld", (long long)v[REPORT_OPEN], (long long)v[REPORT_CANCELLED]);
}

static void
table_group(struct out *o, const struct report_group *g)
{
	const struct report_figures *all = &g->fig[REPORT_ALL];
	char label[64];

	fprintf(o->f, "\n== %s: %.60s\n", kind_name[g->kind], g->name);
	fprintf(o->f, "%-32s%-16s%-16s%s\n", "", "all", "planned", "unplanned");
	row(o, g, "Releases", c_releases, 0);
	if (g->kind == REPORT_PROGRAM) {
		for (int i = 0; i < REPORT_PRECISIONS; i++)
			fprintf(o->f, "%-32s%lld\n", prec_label[i], (long long)o->r->precision[i]);
		fprintf(o->f, "%-32s%lld\n", "Transfers to another agency",
		        (long long)o->r->transfers);
	}
	row(o, g, "Educated before release", c_educated, 0);
	for (int i = 0; i < REPORT_NAL_KINDS; i++)
		row(o, g, nal_label[i], c_nal, i);
	row(o, g, "Appointment before release", c_appt, 0);
	for (int i = 0; i < REPORT_MOUD_DAYS; i++) {
		snprintf(label, sizeof label, "MOUD attended within %d days", report_moud_days[i]);
		row(o, g, label, c_moud, i);
	}
	row(o, g, "First contact: median (count)", c_median, 0);
	row(o, g, "48-hour contact on time", c_on_time, -1);
	row(o, g, "  late/declined/missed", c_ldm, -1);
	row(o, g, "  still open/cancelled", c_oc, -1);
	for (int c = 0; c < o->r->ncheckpoints; c++) {
		snprintf(label, sizeof label, "%d-day follow-up on time", o->r->checkpoints[c]);
		row(o, g, label, c_on_time, c);
		row(o, g, "  late/declined/missed", c_ldm, c);
		row(o, g, "  still open/cancelled", c_oc, c);
	}
	/* Reports of naloxone used have no planned side: "all" only. */
	fprintf(o->f, "%-32s%lld\n", "Overdoses reported (naloxone)", (long long)all->overdoses);
	fprintf(o->f, "%-32s%lld\n", "  the person survived", (long long)all->reversals);
	fprintf(o->f, "%-32s%lld\n", "Refills reported", (long long)all->refills);
}

static void
table(struct out *o)
{
	const struct report *r = o->r;
	char p[32];

	period_text(&r->period, p);
	fprintf(o->f, "Program report: %s, %.60s\n", p,
	        r->facility_id ? r->facility : "all facilities");
	fprintf(o->f, "Made %s by %.60s\n", o->when, r->made_by);
	fprintf(o->f, "Audit chain head: %s\n", r->head_text);
	fprintf(o->f, "Percentages show count/denominator; \"-\" where there is none.  On time\n"
	              "is out of the contacts due: on time, late or missed.\n");
	for (int i = 0; i < r->ngroups; i++)
		table_group(o, &r->groups[i]);
	fprintf(o->f, "\n== weekly: %.60s\n%-12s%-10s%-20s%s\n",
	        r->facility_id ? r->facility : "program", "week from", "releases",
	        "naloxone in hand", "48-hour on time");
	for (int i = 0; i < r->nweeks; i++) {
		const struct report_week *w = &r->weeks[i];
		char from[11], a[32], b[32];
		zone_local_date(o->s->db, w->start, from);
		cell_pct(a, sizeof a, w->in_hand, w->releases);
		cell_pct(b, sizeof b, w->c48_on_time, w->c48_due);
		fprintf(o->f, "%-12s%-10lld%-20s%s\n", from, (long long)w->releases, a, b);
	}
}

/* ---------------------------------------------------------------- csv */

static void
csv_pct(FILE *f, int64_t num, int64_t den)
{
	double p;

	fprintf(f, ",%lld", (long long)num);
	if (report_pct(num, den, &p) == 0)
		fprintf(f, ",%.1f", p);
	else
		fputc(',', f);
}

static void
csv_states(FILE *f, const int64_t *v)
{
	double p;

	for (int i = 0; i < REPORT_TASK_STATES; i++)
		fprintf(f, ",%lld", (long long)v[i]);
	fprintf(f, ",%lld", (long long)report_due(v));
	if (report_pct(v[REPORT_ON_TIME], report_due(v), &p) == 0)
		fprintf(f, ",%.1f", p);
	else
		fputc(',', f);
}

static void
csv_head(struct out *o)
{
	FILE *f = o->f;

	fputs("period_from,period_to,facility,made_at,made_by,audit_head,group_kind,group,split,"
	      "releases,educated,educated_pct", f);
	for (int i = 0; i < REPORT_NAL_KINDS; i++)
		fprintf(f, ",naloxone_%s,naloxone_%s_pct", nal_name[i], nal_name[i]);
	fputs(",appointment,appointment_pct", f);
	for (int i = 0; i < REPORT_MOUD_DAYS; i++)
		fprintf(f, ",moud_%dd,moud_%dd_pct", report_moud_days[i], report_moud_days[i]);
	fputs(",first_contact_count,first_contact_median_hours", f);
	for (int c = -1; c < o->r->ncheckpoints; c++) {
		char pre[32];
		if (c < 0)
			snprintf(pre, sizeof pre, "contact_48h");
		else
			snprintf(pre, sizeof pre, "followup_%dd", o->r->checkpoints[c]);
		for (int i = 0; i < REPORT_TASK_STATES; i++)
			fprintf(f, ",%s_%s", pre, state_name[i]);
		fprintf(f, ",%s_due,%s_on_time_pct", pre, pre);
	}
	fputs(",overdoses,reversals,refills", f);
	for (int i = 0; i < REPORT_PRECISIONS; i++)
		fprintf(f, ",release_%s", prec_name[i]);
	fputs(",transfers\r\n", f);
}

static void
csv_row(struct out *o, const struct report_group *g, int k)
{
	const struct report_figures *x = &g->fig[k];
	const struct report *r = o->r;
	FILE *f = o->f;

	fprintf(f, "%s,%s,", r->period.from, r->period.to);
	out_csv(f, r->facility_id ? r->facility : "");
	fputc(',', f);
	out_csv(f, o->when);
	fputc(',', f);
	out_csv(f, r->made_by);
	fprintf(f, ",%s,%s,", r->head_text, kind_name[g->kind]);
	out_csv(f, g->name);
	fprintf(f, ",%s,%lld", split_name[k], (long long)x->releases);
	csv_pct(f, x->educated, x->releases);
	for (int i = 0; i < REPORT_NAL_KINDS; i++)
		csv_pct(f, x->naloxone[i], x->releases);
	csv_pct(f, x->appointment, x->releases);
	for (int i = 0; i < REPORT_MOUD_DAYS; i++)
		csv_pct(f, x->moud[i], x->releases);
	fprintf(f, ",%lld,", (long long)x->contacted);
	if (x->median_hours >= 0)
		fprintf(f, "%.1f", x->median_hours);
	csv_states(f, x->c48);
	for (int c = 0; c < r->ncheckpoints; c++)
		csv_states(f, x->followup[c]);
	if (k == REPORT_ALL)
		fprintf(f, ",%lld,%lld,%lld", (long long)x->overdoses, (long long)x->reversals,
		        (long long)x->refills);
	else
		fputs(",,,", f);
	/* Release times are counted for the program only. */
	for (int i = 0; i < REPORT_PRECISIONS; i++)
		if (k == REPORT_ALL && g->kind == REPORT_PROGRAM)
			fprintf(f, ",%lld", (long long)r->precision[i]);
		else
			fputc(',', f);
	if (k == REPORT_ALL && g->kind == REPORT_PROGRAM)
		fprintf(f, ",%lld\r\n", (long long)r->transfers);
	else
		fputs(",\r\n", f);
}

static void
csv(struct out *o)
{
	csv_head(o);
	for (int i = 0; i < o->r->ngroups; i++)
		for (int k = 0; k < REPORT_SPLITS; k++)
			csv_row(o, &o->r->groups[i], k);
}

/* ---------------------------------------------------------------- json */

static void
json_pct(FILE *f, const char *name, int64_t num, int64_t den)
{
	double p;

	fprintf(f, "\"%s\": {\"count\": %lld, \"of\": %lld, \"pct\": ", name, (long long)num,
	        (long long)den);
	if (report_pct(num, den, &p) == 0)
		fprintf(f, "%.1f}", p);
	else
		fputs("null}", f);
}

static void
json_states(FILE *f, const int64_t *v)
{
	double p;

	fputc('{', f);
	for (int i = 0; i < REPORT_TASK_STATES; i++)
		fprintf(f, "\"%s\": %lld, ", state_name[i], (long long)v[i]);
	fprintf(f, "\"due\": %lld, \"on_time_pct\": ", (long long)report_due(v));
	if (report_pct(v[REPORT_ON_TIME], report_due(v), &p) == 0)
		fprintf(f, "%.1f}", p);
	else
		fputs("null}", f);
}

static void
json_figures(struct out *o, const struct report_figures *x, int k)
{
	FILE *f = o->f;
	char name[32];

	fprintf(f, "{\"releases\": %lld, ", (long long)x->releases);
	json_pct(f, "educated", x->educated, x->releases);
	fputs(", \"naloxone\": {", f);
	for (int i = 0; i < REPORT_NAL_KINDS; i++) {
		fputs(i ? ", " : "", f);
		json_pct(f, nal_name[i], x->naloxone[i], x->releases);
	}
	fputs("}, ", f);
	json_pct(f, "appointment", x->appointment, x->releases);
	fputs(", \"moud_attended\": {", f);
	for (int i = 0; i < REPORT_MOUD_DAYS; i++) {
		snprintf(name, sizeof name, "%d", report_moud_days[i]);
		fputs(i ? ", " : "", f);
		json_pct(f, name, x->moud[i], x->releases);
	}
	fprintf(f, "}, \"first_contact\": {\"count\": %lld, \"median_hours\": ",
	        (long long)x->contacted);
	if (x->median_hours >= 0)
		fprintf(f, "%.1f}", x->median_hours);
	else
		fputs("null}", f);
	fputs(", \"contact_48h\": ", f);
	json_states(f, x->c48);
	fputs(", \"followup\": {", f);
	for (int c = 0; c < o->r->ncheckpoints; c++) {
		fprintf(f, "%s\"%d\": ", c ? ", " : "", o->r->checkpoints[c]);
		json_states(f, x->followup[c]);
	}
	if (k == REPORT_ALL)
		fprintf(f, "}, \"overdoses\": %lld, \"reversals\": %lld, \"refills\": %lld}",
		        (long long)x->overdoses, (long long)x->reversals, (long long)x->refills);
	else
		fputs("}, \"overdoses\": null, \"reversals\": null, \"refills\": null}", f);
}

static void
json(struct out *o)
{
	const struct report *r = o->r;
	FILE *f = o->f;

	fprintf(f, "{\"period\": {\"from\": \"%s\", \"to\": \"%s\"}, \"facility\": ",
	        r->period.from, r->period.to);
	out_json(f, r->facility_id ? r->facility : NULL);
	fputs(", \"made_at\": ", f);
	out_json(f, o->when);
	fputs(", \"made_by\": ", f);
	out_json(f, r->made_by);
	fprintf(f, ", \"audit_head\": \"%s\", \"checkpoints\": [", r->head_text);
	for (int c = 0; c < r->ncheckpoints; c++)
		fprintf(f, "%s%d", c ? ", " : "", r->checkpoints[c]);
	fputs("],\n \"release_times\": {", f);
	for (int i = 0; i < REPORT_PRECISIONS; i++)
		fprintf(f, "\"%s\": %lld, ", prec_name[i], (long long)r->precision[i]);
	fprintf(f, "\"transfers\": %lld},\n \"groups\": [", (long long)r->transfers);
	for (int i = 0; i < r->ngroups; i++) {
		fprintf(f, "%s\n  {\"kind\": \"%s\", \"name\": ", i ? "," : "",
		        kind_name[r->groups[i].kind]);
		out_json(f, r->groups[i].name);
		for (int k = 0; k < REPORT_SPLITS; k++) {
			fprintf(f, ",\n   \"%s\": ", split_name[k]);
			json_figures(o, &r->groups[i].fig[k], k);
		}
		fputc('}', f);
	}
	fputs("],\n \"weeks\": [", f);
	for (int i = 0; i < r->nweeks; i++) {
		const struct report_week *w = &r->weeks[i];
		char from[11];
		zone_local_date(o->s->db, w->start, from);
		fprintf(f, "%s\n  {\"from\": \"%s\", \"releases\": %lld, ", i ? "," : "", from,
		        (long long)w->releases);
		json_pct(f, "naloxone_in_hand", w->in_hand, w->releases);
		fputs(", ", f);
		json_pct(f, "contact_48h_on_time", w->c48_on_time, w->c48_due);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

/* ---------------------------------------------------------------- running */

static int
read_metrics(struct session *s, const struct period *p, int64_t facility, void *ctx,
             int64_t *made_at)
{
	struct report *r = ctx;

	if (report_metrics(s, p, facility, r) != 0)
		return -1;
	*made_at = r->made_at;
	return 0;
}

static void
write_metrics(FILE *f, struct session *s, const char *when, enum out_format fmt, void *ctx)
{
	struct out o = {.f = f, .s = s, .r = ctx};

	snprintf(o.when, sizeof o.when, "%s", when);
	if (fmt == OUT_CSV)
		csv(&o);
	else if (fmt == OUT_JSON)
		json(&o);
	else
		table(&o);
}

static void
done_metrics(void *ctx)
{
	report_free(ctx);
}

int
report_metrics_run(const struct cmd *self, const struct common_opts *o)
{
	static const struct report_verb v = {"metrics", read_metrics, write_metrics,
	                                     done_metrics};
	struct report r;

	(void)self;
	return report_period_run(&v, o, &r);
}
