/* SPDX-License-Identifier: ISC */
/*
 * report_disclosures.c - passage report disclosures FILE --person CODE:
 * a person's accounting of disclosures (core/accounting.h), to hand to
 * them or to keep with their request.
 *
 * The page says whose accounting it is (the participant code only: the
 * minimum), the three years it covers, when and by whom it was made and
 * the audit chain head after the view it records, so a copy on paper can
 * be matched to the log later.  Then each disclosure, newest first.
 *
 * Output goes where it was asked: standard output, or --out PATH written
 * whole or not at all (core/outfile.h).  Errors name what was wrong,
 * never what a record says.  Text from the database is printed with its
 * control characters replaced, so a record cannot drive the terminal the
 * report is read on.
 */
#include <stdio.h>
#include <string.h>

#include "accounting.h"
#include "audit.h"
#include "cli.h"
#include "cmd_report.h"
#include "db.h"
#include "out.h"
#include "outfile.h"
#include "report.h"
#include "session.h"
#include "unlock.h"
#include "zone.h"

/* What the header says. */
struct head {
	const char *code;
	struct period period;
	char made_at[40], made_by[4 * 120 + 1], zone[ZONE_NAME_MAX], chain[40];
};

/* ---------------------------------------------------------------- text */

/* t with each control character as '?'; a newline, when indent is
 * given, as a newline followed by indent. */
static void
put_safe(FILE *f, const char *t, const char *indent)
{
	const unsigned char *p = (const unsigned char *)(t ? t : "");

	for (; *p; p++) {
		if (*p == '\n' && indent) {
			fputc('\n', f);
			fputs(indent, f);
		} else if (*p < 0x20 || *p == 0x7f) {
			fputc('?', f);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
			/* A C1 control is an escape sequence on many terminals. */
			fputc('?', f);
			p++;
		} else {
			fputc(*p, f);
		}
	}
}

/* A cell of a row (cli/out.h), then the comma after it or, for the
 * last, the line's end. */
static void
put_csv(FILE *f, const char *t, int last)
{
	out_csv(f, t);
	fputs(last ? "\r\n" : ",", f);
}

/* ---------------------------------------------------------------- consent */

static void
when(struct session *s, int64_t t, char out[40])
{
	if (t)
		zone_local_time(s->db, t, out, 40);
	else
		out[0] = 0;
}

/* How the consent stands now, in words: "in force", "revoked on ...". */
static void
standing(struct session *s, const struct accounting_row *r, char *out, size_t n)
{
	char day[11];

	if (r->revoked_at) {
		zone_local_date(s->db, r->revoked_at, day);
		snprintf(out, n, "revoked on %s", day);
	} else if (r->event_ended_at) {
		zone_local_date(s->db, r->event_ended_at, day);
		snprintf(out, n, "ended on %s by its event", day);
	} else {
		snprintf(out, n, "not revoked");
	}
}

/* ---------------------------------------------------------------- table */

static void
table(FILE *f, struct session *s, const struct head *h, const struct accounting_row *r, int n)
{
	char text[32], at[40], state[64], signed_on[11];
	/* Values start in column 30; a value's further lines do too. */
	const char *ind = "                    ", *val = "                              ";

	period_text(&h->period, text);
	fprintf(f, "Accounting of disclosures (42 CFR Part 2)\n"
	        "person:      ");
	put_safe(f, h->code, NULL);
	fprintf(f, "\nperiod:      %s (the three years before it was asked for)\n"
	        "made at:     %s (%s)\n"
	        "made by:     ", text, h->made_at, h->zone);
	put_safe(f, h->made_by, NULL);
	fprintf(f, "\naudit head:  %s\n\n", h->chain);
	if (n == 0) {
		fprintf(f, "No disclosures of this person's records were made under a consent in "
		        "this period.\n");
		return;
	}
	fprintf(f, "%d disclosure%s, newest first:\n", n, n == 1 ? "" : "s");
	for (int i = 0; i < n; i++) {
		when(s, r[i].disclosed_at, at);
		zone_local_date(s->db, r[i].signed_at, signed_on);
		standing(s, &r[i], state, sizeof state);
		fprintf(f, "\n%-16s    to:       ", at);
		put_safe(f, r[i].recipient, val);
		fprintf(f, "\n%spurpose:  ", ind);
		put_safe(f, r[i].purpose, val);
		fprintf(f, "\n%sshared:   ", ind);
		put_safe(f, r[i].description && *r[i].description ? r[i].description
		            : "(not described)", val);
		fprintf(f, "\n%sconsent:  no. %lld, signed %s, %s\n%s          scope: ", ind,
		        (long long)r[i].consent_id, signed_on, state, ind);
		put_safe(f, r[i].scope, val);
		if (r[i].expires_on && *r[i].expires_on)
			fprintf(f, "\n%s          last day: %s", ind, r[i].expires_on);
		if (r[i].expiry_event && *r[i].expiry_event) {
			fprintf(f, "\n%s          ends with: ", ind);
			put_safe(f, r[i].expiry_event, val);
		}
		fprintf(f, "\n%sby:       ", ind);
		put_safe(f, r[i].by, val);
		fputc('\n', f);
	}
}

/* ---------------------------------------------------------------- csv, json */

static void
csv(FILE *f, struct session *s, const struct head *h, const struct accounting_row *r, int n)
{
	char text[32], at[40], signed_at[40], revoked[40], ended[40], id[24];

	period_text(&h->period, text);
	/* The header as comment lines: most readers skip them, or take them
	 * as one more row a person can read. */
	fprintf(f, "# accounting of disclosures (42 CFR Part 2)\r\n# person: ");
	put_safe(f, h->code, NULL);
	fprintf(f, "\r\n# period: %s\r\n# made at: %s (%s)\r\n# made by: ", text, h->made_at,
	        h->zone);
	put_safe(f, h->made_by, NULL);
	fprintf(f, "\r\n# audit head: %s\r\n# disclosures: %d\r\n", h->chain, n);
	fputs("disclosed_at,recipient,purpose,description,consent_id,consent_scope,"
	      "consent_signed_at,consent_expires_on,consent_expiry_event,consent_ended_at,"
	      "consent_revoked_at,recorded_by\r\n", f);
	for (int i = 0; i < n; i++) {
		when(s, r[i].disclosed_at, at);
		when(s, r[i].signed_at, signed_at);
		when(s, r[i].revoked_at, revoked);
		when(s, r[i].event_ended_at, ended);
		snprintf(id, sizeof id, "%lld", (long long)r[i].consent_id);
		put_csv(f, at, 0);
		put_csv(f, r[i].recipient, 0);
		put_csv(f, r[i].purpose, 0);
		put_csv(f, r[i].description, 0);
		put_csv(f, id, 0);
		put_csv(f, r[i].scope, 0);
		put_csv(f, signed_at, 0);
		put_csv(f, r[i].expires_on, 0);
		put_csv(f, r[i].expiry_event, 0);
		put_csv(f, ended, 0);
		put_csv(f, revoked, 0);
		put_csv(f, r[i].by, 1);
	}
}

static void
json_time(FILE *f, const char *name, struct session *s, int64_t t)
{
	char at[40];

	when(s, t, at);
	fprintf(f, ", \"%s\": ", name);
	out_json(f, t ? at : NULL);
}

static void
json(FILE *f, struct session *s, const struct head *h, const struct accounting_row *r, int n)
{
	char at[40];

	fputs("{\"report\": \"accounting of disclosures\", \"person\": ", f);
	out_json(f, h->code);
	fprintf(f, ",\n \"from\": \"%s\", \"to\": \"%s\", \"made_at\": \"%s\", \"time_zone\": ",
	        h->period.from, h->period.to, h->made_at);
	out_json(f, h->zone);
	fputs(", \"made_by\": ", f);
	out_json(f, h->made_by);
	fprintf(f, ", \"audit_head\": \"%s\",\n \"disclosures\": [", h->chain);
	for (int i = 0; i < n; i++) {
		when(s, r[i].disclosed_at, at);
		fprintf(f, "%s\n  {\"disclosed_at\": \"%s\", \"recipient\": ", i ? "," : "", at);
		out_json(f, r[i].recipient);
		fputs(", \"purpose\": ", f);
		out_json(f, r[i].purpose);
		fputs(", \"description\": ", f);
		out_json(f, r[i].description);
		fputs(", \"recorded_by\": ", f);
		out_json(f, r[i].by);
		fprintf(f, ",\n   \"consent\": {\"id\": %lld, \"scope\": ", (long long)r[i].consent_id);
		out_json(f, r[i].scope);
		json_time(f, "signed_at", s, r[i].signed_at);
		fputs(", \"expires_on\": ", f);
		out_json(f, r[i].expires_on);
		fputs(", \"expiry_event\": ", f);
		out_json(f, r[i].expiry_event);
		json_time(f, "ended_at", s, r[i].event_ended_at);
		json_time(f, "revoked_at", s, r[i].revoked_at);
		fputs("}}", f);
	}
	fputs(n ? "\n ]}\n" : "]}\n", f);
}

/* ---------------------------------------------------------------- main */

static void
fill_head(struct session *s, const char *code, const struct period *p, struct head *h)
{
	struct audit_head ah;

	memset(h, 0, sizeof *h);
	h->code = code;
	h->period = *p;
	zone_local_time(s->db, session_now(s), h->made_at, sizeof h->made_at);
	session_display_name(s, h->made_by, sizeof h->made_by);
	zone_site(s->db, h->zone);
	if (audit_head(s->db, &ah) == 0)
		audit_head_text(&ah, h->chain);
	else
		snprintf(h->chain, sizeof h->chain, "unknown");
}

static void
write_report(FILE *f, struct session *s, enum out_format fmt, const struct head *h,
             const struct accounting_row *r, int n)
{
	if (fmt == OUT_CSV)
		csv(f, s, h, r, n);
	else if (fmt == OUT_JSON)
		json(f, s, h, r, n);
	else
		table(f, s, h, r, n);
}

int
report_disclosures_run(const struct cmd *self, const struct common_opts *o)
{
	struct session s;
	struct accounting_row *rows = NULL;
	struct outfile out;
	struct period p;
	struct head h;
	enum out_format fmt;
	char err[DB_ERR_MAX];
	char code[4 * 32 + 1];
	int64_t person_id;
	int n = 0, rc;
	db *d;

	(void)self;
	if (!o->person || !*o->person)
		return cli_usage(&cmd_report, "whose disclosures? give --person CODE");
	if (out_format_parse(o->format, &fmt) != 0) {
		snprintf(err, sizeof err, "unknown format '%.40s': say table, csv or json", o->format);
		return cli_usage(&cmd_report, err);
	}
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	/* The file is made before anything is read: a path that cannot be
	 * written is refused before the view is recorded. */
	if (o->out && outfile_open(&out, o->out, err, sizeof err) != 0) {
		db_close(d);
		return cli_error("%s", err);
	}
	if (accounting_find(&s, o->person, &person_id, code, sizeof code) != 0 ||
	    disclosure_accounting(&s, person_id, 0, &rows, &n, &p) != 0) {
		if (o->out)
			outfile_abort(&out);
		db_close(d);
		return cli_error("%s", s.err);
	}
	fill_head(&s, code, &p, &h);
	write_report(o->out ? out.f : stdout, &s, fmt, &h, rows, n);
	accounting_free(rows, n);
	db_close(d);
	if (o->out) {
		if (outfile_commit(&out, err, sizeof err) != 0)
			return cli_error("%s", err);
		fprintf(stderr, "passage: accounting of disclosures written to %s\n", o->out);
		return EXIT_OK;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_error("the accounting could not be written to standard output");
	return EXIT_OK;
}
