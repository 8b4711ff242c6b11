/* SPDX-License-Identifier: ISC */
/*
 * report_naloxone.c - passage report naloxone FILE --from D --to D: the
 * naloxone distribution report (core/report_naloxone.h) as a table, CSV
 * or JSON, to standard output or written whole to --out PATH.
 *
 * The report is a list of lines by section; each format lays the same
 * list out: the table under section headings, the CSV one row a line
 * with its section and code, the JSON one object per section.  Names
 * (facilities, the maker) are printed with control characters replaced.
 * The options, the session and --out are cmd_report.c's
 * report_period_run, as for the program report.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_report.h"
#include "out.h"
#include "report.h"
#include "report_naloxone.h"

struct out {
	FILE *f;
	const struct nal_report *r;
	char when[100];
};

static void
put_safe(FILE *f, const char *t, int width)
{
	char buf[REPORT_NAME_MAX];
	size_t i;

	snprintf(buf, sizeof buf, "%s", t);
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	fprintf(f, "%-*.60s", width, buf);
}

static void
table(const struct out *o)
{
	const struct nal_report *r = o->r;
	int section = -1;
	char p[32];

	period_text(&r->period, p);
	fprintf(o->f, "Naloxone distribution: %s, ", p);
	put_safe(o->f, r->facility_id ? r->facility : "all facilities", 0);
	fprintf(o->f, "\nMade %s by ", o->when);
	put_safe(o->f, r->made_by, 0);
	fprintf(o->f, "\nAudit chain head: %s\n", r->head_text);
	for (int i = 0; i < r->nlines; i++) {
		const struct nal_line *l = &r->lines[i];
		if ((int)l->section != section) {
			section = (int)l->section;
			fprintf(o->f, "\n%s\n", nal_section_heading(l->section));
		}
		fputs("  ", o->f);
		put_safe(o->f, l->label, 40);
		fprintf(o->f, " %8lld\n", (long long)l->count);
	}
}

static void
csv(const struct out *o)
{
	const struct nal_report *r = o->r;

	fputs("period_from,period_to,facility,made_at,made_by,audit_head,section,code,label,"
	      "count\r\n", o->f);
	for (int i = 0; i < r->nlines; i++) {
		const struct nal_line *l = &r->lines[i];
		fprintf(o->f, "%s,%s,", r->period.from, r->period.to);
		out_csv(o->f, r->facility_id ? r->facility : "");
		fputc(',', o->f);
		out_csv(o->f, o->when);
		fputc(',', o->f);
		out_csv(o->f, r->made_by);
		fprintf(o->f, ",%s,%s,", r->head_text, nal_section_name(l->section));
		out_csv(o->f, l->code);
		fputc(',', o->f);
		out_csv(o->f, l->label);
		fprintf(o->f, ",%lld\r\n", (long long)l->count);
	}
}

static void
json(const struct out *o)
{
	const struct nal_report *r = o->r;
	int section = -1;

	fprintf(o->f, "{\"report\": \"naloxone\", \"period_from\": \"%s\", \"period_to\": \"%s\", "
	        "\"facility\": ", r->period.from, r->period.to);
	out_json(o->f, r->facility_id ? r->facility : NULL);
	fputs(", \"made_at\": ", o->f);
	out_json(o->f, o->when);
	fputs(", \"made_by\": ", o->f);
	out_json(o->f, r->made_by);
	fprintf(o->f, ", \"audit_head\": \"%s\"", r->head_text);
	for (int i = 0; i < r->nlines; i++) {
		const struct nal_line *l = &r->lines[i];
		if ((int)l->section != section) {
			fprintf(o->f, "%s, \"%s\": [", section < 0 ? "" : "]",
			        nal_section_name(l->section));
			section = (int)l->section;
		} else {
			fputs(", ", o->f);
		}
		fputs("{\"code\": ", o->f);
		out_json(o->f, l->code);
		fputs(", \"label\": ", o->f);
		out_json(o->f, l->label);
		fprintf(o->f, ", \"count\": %lld}", (long long)l->count);
	}
	fputs(section < 0 ? "}\n" : "]}\n", o->f);
}

static int
read_naloxone(struct session *s, const struct period *p, int64_t facility, void *ctx,
              int64_t *made_at)
{
	struct nal_report *r = ctx;

	if (report_naloxone(s, p, facility, r) != 0)
		return -1;
	*made_at = r->made_at;
	return 0;
}

static void
write_naloxone(FILE *f, struct session *s, const char *when, enum out_format fmt, void *ctx)
{
	struct out o = {.f = f, .r = ctx};

	(void)s;
	snprintf(o.when, sizeof o.when, "%s", when);
	(fmt == OUT_CSV ? csv : fmt == OUT_JSON ? json : table)(&o);
}

static void
done_naloxone(void *ctx)
{
	nal_report_free(ctx);
}

int
report_naloxone_run(const struct cmd *self, const struct common_opts *o)
{
	static const struct report_verb v = {"naloxone", read_naloxone, write_naloxone,
	                                     done_naloxone};
	struct nal_report r;

	(void)self;
	return report_period_run(&v, o, &r);
}
