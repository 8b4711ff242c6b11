/* SPDX-License-Identifier: ISC */
/*
 * cmd_audit.c - passage audit verify|list FILE: walk the audit chain, or
 * read the log by user, person, action and date.
 *
 * Both print the chain head (sequence:MAC) first, to be noted down
 * outside the file.  list reads the log a page at a time, newest first,
 * as the audit log screen does, and writes the whole answer to stdout or,
 * with --out, to a file that is written whole or not at all.  What a row
 * shows follows core/audit_list.h: an admin sees a person as a record
 * number only.  Stored text is printed made safe (no control characters
 * reach the terminal), and a CSV cell that a spreadsheet would take for a
 * formula is quoted so that it stays text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_list.h"
#include "cli.h"
#include "db.h"
#include "out.h"
#include "outfile.h"
#include "session.h"
#include "text.h"
#include "unlock.h"
#include "witness.h"
#include "zone.h"

static int verify(const struct cmd *self, const struct common_opts *o);
static int list(const struct cmd *self, const struct common_opts *o);

static const struct cmd verbs[] = {
    {.name = "verify", .options = UNLOCK_OPTS | OPT(HEAD), .run = verify},
    {.name = "list",
     .options = UNLOCK_OPTS | OPT(BY) | OPT(PERSON) | OPT(ACTION) | OPT(FROM) | OPT(TO) |
                OPT(FORMAT) | OPT(OUT),
     .run = list},
    {0},
};

const struct cmd cmd_audit = {
    .name = "audit",
    .summary = "verify or read the audit log (supervisors and admins)",
    .usage =
    "usage: passage audit verify FILE [--head SEQ:MAC ...] [--user NAME]\n"
    "                  [--passphrase-fd N]\n"
    "       passage audit list FILE [--by NAME] [--person CODE|#N] [--action A]\n"
    "                  [--from DATE] [--to DATE] [--format table|csv] [--out PATH]\n"
    "                  [--user NAME] [--passphrase-fd N]\n"
    "\n"
    "verify checks every row of the audit log against the row before it.\n"
    "It prints the number of rows and the chain head (sequence:MAC) to note\n"
    "down outside the file; or names the first row that does not match, and\n"
    "exits 1.  Each --head SEQ:MAC is a head noted earlier (printed here, in\n"
    "syslog at each login and every audit.witness_rows rows, atop a report or\n"
    "a listing): row SEQ must still have that MAC, or the log was rewritten\n"
    "or cut.  Only a head noted outside the file can tell: someone who holds\n"
    "a passphrase and runs their own code can rewrite the whole chain.\n"
    "Its last line says what it cannot see: the whole file put back from an\n"
    "older copy, which a head witnessed since that copy was made shows.\n"
    "\n"
    "list prints the chain head, then the entries newest first: those made\n"
    "by the user --by names, about the person --person names (a participant\n"
    "code, or #N for record number N; admins give a record number), with the\n"
    "action --action names (or every action starting so: --action 'login*'),\n"
    "from the day --from to the day --to (YYYY-MM-DD, both included).  Admins\n"
    "see a person's record number only.  Each entry shows its MAC: SEQ:MAC is\n"
    "the chain head as it stood after that entry, for --head.  The search is\n"
    "itself audited.\n",
    .verbs = verbs,
};

static int
open_as_auditor(const struct common_opts *o, db **d, struct session *s)
{
	int rc = cli_session(o, d, s);

	if (rc != EXIT_OK)
		return rc;
	if (s->role != ROLE_SUPERVISOR && s->role != ROLE_ADMIN) {
		db_close(*d);
		return cli_error("only supervisors and admins verify or read the audit log");
	}
	return EXIT_OK;
}

static int
verify(const struct cmd *self, const struct common_opts *o)
{
	struct session s;
	struct audit_head h;
	struct audit_mark marks[CLI_MAX_HEADS];
	char err[DB_ERR_MAX], head[40];
	int64_t rows, bad;
	db *d;
	int rc;

	(void)self;
	for (int i = 0; i < o->nheads; i++)
		if (audit_mark_parse(o->heads[i], &marks[i]) != 0)
			return cli_usage(&cmd_audit, "--head is " AUDIT_MARK_HELP);
	if ((rc = open_as_auditor(o, &d, &s)) != EXIT_OK)
		return rc;
	rc = audit_verify_marks(d, marks, o->nheads, &rows, &bad, err, sizeof err);
	if (rc != 0) {
		db_close(d);
		return cli_error("%s: %s", o->file, err);
	}
	audit_head(d, &h);
	audit_head_text(&h, head);
	printf("%s: audit log intact, %lld rows; head %s\n", o->file, (long long)rows, head);
	if (o->nheads)
		printf("%s: it still passes through the %d head%s given\n", o->file, o->nheads,
		       o->nheads == 1 ? "" : "s");
	printf("%s: %s\n", o->file, WITNESS_LIMIT);
	db_close(d);
	return EXIT_OK;
}

/* ---------------------------------------------------------------- list */

#define LIST_PAGE 500

/* A cell made safe as the table is, so no control character reaches
 * whoever reads the file; a formula stays text. */
static void
csv_cell(FILE *f, const char *t, int last)
{
	char safe[4 * 1001 + 1];

	text_safe(t, safe, sizeof safe);
	out_csv(f, safe);
	fputs(last ? "\r\n" : ",", f);
}

static void
put_row(FILE *f, struct session *s, const struct audit_row *r, int csv)
{
	char when[40], who[40], entity[60], user[4 * 65 + 1], detail[4 * 1001 + 1];

	zone_local_time(s->db, r->at, when, sizeof when);
	who[0] = entity[0] = 0;
	if (r->person_id && r->code[0] && s->role != ROLE_ADMIN)
		snprintf(who, sizeof who, "%s", r->code);
	else if (r->person_id)
		snprintf(who, sizeof who, "#%lld", (long long)r->person_id);
	if (r->entity[0] && r->entity_id)
		snprintf(entity, sizeof entity, "%s #%lld", r->entity, (long long)r->entity_id);
	else
		snprintf(entity, sizeof entity, "%s", r->entity);
	if (csv) {
		char seq[24];
		snprintf(seq, sizeof seq, "%lld", (long long)r->seq);
		csv_cell(f, seq, 0);
		csv_cell(f, when, 0);
		csv_cell(f, r->user, 0);
		csv_cell(f, r->action, 0);
		csv_cell(f, entity, 0);
		csv_cell(f, who, 0);
		csv_cell(f, r->detail, 0);
		csv_cell(f, r->mac, 1);
		return;
	}
	text_safe(r->user, user, sizeof user);
	text_safe(r->detail, detail, sizeof detail);
	fprintf(f, "%7lld  %-16s  %-16s  %-10s  %-12s  %-18s  %-9s  %s\n", (long long)r->seq,
	        r->mac, when, user[0] ? user : "-", r->action, entity[0] ? entity : "-",
	        who[0] ? who : "-", detail);
}

/* Every page of the search into f; 0, or -1 with the reason in s->err. */
static int
write_rows(FILE *f, struct session *s, const struct audit_filter *flt, int csv, long *total)
{
	struct audit_row *rows = calloc(LIST_PAGE, sizeof *rows);
	struct audit_head h;
	char head[40];
	int64_t before = 0;
	int n = 0, rc = 0;

	*total = 0;
	if (!rows)
		return session_fail(s, "out of memory");
	do {
		if ((rc = audit_list(s, flt, before, rows, LIST_PAGE, &n)) != 0)
			break;
		if (before == 0) {
			/* After the first page, whose search is the newest row. */
			audit_head(s->db, &h);
			audit_head_text(&h, head);
			if (csv)
				fprintf(f, "\"chain head\",\"%s\"\r\n\"seq\",\"time\",\"user\","
				        "\"action\",\"entity\",\"person\",\"detail\",\"mac\"\r\n",
				        head);
			else
				fprintf(f, "chain head %s\n%7s  %-16s  %-16s  %-10s  %-12s  %-18s  %-9s  "
				        "%s\n", head, "seq", "mac", "time", "user", "action", "entity",
				        "person", "detail");
		}
		for (int i = 0; i < n; i++)
			put_row(f, s, &rows[i], csv);
		*total += n;
		if (n)
			before = rows[n - 1].seq;
	} while (n == LIST_PAGE);
	explicit_bzero(rows, LIST_PAGE * sizeof *rows);
	free(rows);
	return rc;
}

static int
list(const struct cmd *self, const struct common_opts *o)
{
	struct session s;
	struct outfile out;
	char err[DB_ERR_MAX];
	enum out_format fmt;
	long total;
	int rc, csv;
	db *d;

	(void)self;
	if (out_format_parse(o->format, &fmt) != 0 || fmt == OUT_JSON)
		return cli_usage(&cmd_audit, "--format is table or csv");
	csv = fmt == OUT_CSV;
	if ((rc = open_as_auditor(o, &d, &s)) != EXIT_OK)
		return rc;
	struct audit_filter f = {o->by, o->person, o->action, o->from, o->to};
	if (!o->out) {
		rc = write_rows(stdout, &s, &f, csv, &total);
		if (rc == 0 && fflush(stdout) != 0)
			rc = session_fail(&s, "cannot write the list to the standard output");
	} else if ((rc = outfile_open(&out, o->out, s.err, sizeof s.err)) == 0) {
		rc = write_rows(out.f, &s, &f, csv, &total);
		if (rc == 0)
			rc = outfile_commit(&out, s.err, sizeof s.err);
		else
			outfile_abort(&out);
		if (rc == 0)
			fprintf(stderr, "%s: %ld entr%s written to %s\n", o->file, total,
			        total == 1 ? "y" : "ies", o->out);
	}
	snprintf(err, sizeof err, "%s", s.err);
	db_close(d);
	return rc == 0 ? EXIT_OK : cli_error("%s", err);
}
