/* SPDX-License-Identifier: ISC */
/*
 * export.c - CSV exports under 42 CFR Part 2, sealed (see export.h).
 *
 * The CSV is built in memory, in a buffer wiped before every growth and
 * at the end: the plaintext never touches the disk.  The order inside the
 * one write transaction is: who is in scope, the consent that covers each
 * of them (all or nothing), the rows, the disclosures, the audit row.
 * Only once that has committed is the CSV sealed into the temporary file,
 * synced, renamed into place and the folder synced: a crash anywhere
 * leaves either nothing or an accounted disclosure with no file (the
 * person runs the export again), never a file with no accounting, which
 * 42 CFR Part 2 forbids.  A file that cannot be written after the commit
 * gets a second audit row saying so.  The temporary file is made (empty)
 * before the transaction, so a folder that cannot be written costs no
 * accounting; the Argon2id work for a passphrase is done before the
 * transaction takes the write lock too.
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "consent.h"
#include "csvbuf.h"
#include "outfile.h"
#include "period.h"
#include "record.h"
#include "textout.h"
#include "vocab.h"
#include "zone.h"

/* 42 CFR 2.32(a)(1), the statement that accompanies a disclosure made
 * with the person's written consent. */
static const char notice[] =
    "This record which has been disclosed to you is protected by Federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
    "or testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, "
    "except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance "
    "with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any "
    "other use or disclosure of this record unless at least one of the following applies: "
    "(A) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise "
    "permitted by 42 CFR part 2. (B) You are a covered entity or business associate and "
    "have received the record for treatment, payment, or health care operations, or (C) "
    "You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E. A general authorization for the "
    "release of medical or other information is NOT sufficient to meet the required "
    "elements of written consent to further use or redisclose the record (see 42 CFR "
    "2.31).";

enum kind { K_RELEASES, K_PEOPLE };

/* ---------------------------------------------------------------- the job */

struct member {
	int64_t id, consent;
	char *code, *purpose;
};

struct job {
	const struct export_request *r;
	enum kind kind;
	struct period p;
	int period;         /* a period was given */
	int64_t person_id;  /* one person, or 0 */
	char zone[ZONE_NAME_MAX];
	struct member *m;
	int n;
	struct csvbuf csv;
	long rows;
	char head[40]; /* the audit chain head as the export began */
	struct outfile o;
	struct seal_sealer z;
	const char *why; /* why the file was not written after the commit */
};

static void
local(const struct job *j, sqlite3_stmt *st, int col, char out[24])
{
	out[0] = 0;
	if (sqlite3_column_type(st, col) != SQLITE_NULL)
		zone_format(j->zone, sqlite3_column_int64(st, col), out, 24);
}

static const char *
col(sqlite3_stmt *st, int c)
{
	const char *v = (const char *)sqlite3_column_text(st, c);

	return v ? v : "";
}

static int
fill_member(struct session *s, sqlite3_stmt *st, void *row)
{
	struct member *m = row;

	(void)s;
	m->id = sqlite3_column_int64(st, 0);
	m->code = strdup(col(st, 1));
	return m->code ? 0 : -1;
}

/* The people in scope, by participant code. */
static int
members(struct session *s, struct job *j)
{
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;

	if (sql_prep(s, j->period
	             ? "SELECT DISTINCT p.id, p.participant_code FROM stay w JOIN person p ON "
	               "p.id = w.person_id WHERE w.released_at >= ?1 AND w.released_at < ?2 "
	               "AND (?3 = 0 OR p.id = ?3) ORDER BY p.participant_code"
	             : "SELECT id, participant_code FROM person WHERE id = ?3", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, j->p.start, SQLITE_OK);
	rc = sql_bind_int(st, 2, j->p.end, rc);
	rc = sql_bind_int(st, 3, j->person_id, rc);
	rc = sql_list(s, st, rc, sizeof *j->m, fill_member, &rows, &j->n);
	j->m = rows;
	if (rc != 0)
		return -1;
	if (j->n == 0)
		return session_fail(s, j->person_id ? "this person was not released in that period: "
		                                      "nothing to export"
		                                    : "no one was released in that period: nothing "
		                                      "to export");
	return 0;
}

/* "A-100, B-200 and 3 more": the participant codes (never names) of the
 * people with no consent, as many as fit in n bytes. */
static const char *
missing_codes(const struct job *j, int missing, char *out, size_t n)
{
	size_t len = 0;
	int shown = 0;

	out[0] = 0;
	for (int i = 0; i < j->n && shown < missing; i++) {
		if (j->m[i].consent)
			continue;
		/* Room for this code and for " and 9999 more" after it. */
		if (len + strlen(j->m[i].code) + 2 + 16 >= n)
			break;
		len += (size_t)snprintf(out + len, n - len, "%s%s", shown ? ", " : "", j->m[i].code);
		shown++;
	}
	if (shown < missing && shown)
		snprintf(out + len, n - len, " and %d more", missing - shown);
	else if (shown < missing)
		snprintf(out, n, "their codes are too long to list here");
	return out;
}

/* The consent each person has given that names the recipient and is in
 * force now: the most recently signed.  All or none. */
static int
consents(struct session *s, struct job *j)
{
	char whose[80];
	int missing = 0;

	for (int i = 0; i < j->n; i++) {
		sqlite3_stmt *st;
		int rc;

		if (sql_prep(s, "SELECT id, purpose FROM consent WHERE person_id = ?1 AND "
		             "revoked_at IS NULL AND lower(trim(recipient, ' ')) = "
		             "lower(trim(?2, ' ')) ORDER BY signed_at DESC, id DESC", &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, j->m[i].id, SQLITE_OK);
		rc = sql_bind_str(st, 2, j->r->recipient, rc);
		while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			int in = consent_in_force(s, sqlite3_column_int64(st, 0), session_now(s));

			if (in < 0) {
				sqlite3_finalize(st);
				return -1;
			}
			if (in == 1) {
				j->m[i].consent = sqlite3_column_int64(st, 0);
				j->m[i].purpose = strdup(col(st, 1));
				rc = j->m[i].purpose ? SQLITE_DONE : SQLITE_NOMEM;
				break;
			}
			rc = SQLITE_OK;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return session_dbfail(s);
		missing += !j->m[i].consent;
	}
	if (missing && j->n == 1)
		return session_fail(s, "this person has no consent in force that names %s as "
		                    "recipient: nothing was exported; they need a signed consent "
		                    "naming the recipient first", j->r->recipient);
	if (missing)
		return session_fail(s, "%d of the %d people in this export %s no consent in force "
		                    "that names %s as recipient (%s): nothing was exported; each of "
		                    "them needs a signed consent naming the recipient first", missing,
		                    j->n, missing == 1 ? "has" : "have", j->r->recipient,
		                    missing_codes(j, missing, whose, sizeof whose));
	s->err[0] = 0;
	return 0;
}

/* ---------------------------------------------------------------- rows */

static const char *const release_cols[] = {
    "participant_code", "facility", "booked_at", "released_at", "release_type", "planned",
    "educated_before_release", "naloxone_at_release", "naloxone_handover",
    "appointment_booked_before_release", "moud_referral_status", "first_reached_at",
    "hours_to_first_reached", "contact_48h", "followups_done", "followups_declined",
    "followups_missed", "followups_open"};

/* The times (columns 2, 3, 11) are formatted here, in the site's zone;
 * the rest is as the query gives it.  Every subquery names the person
 * first, so it runs on that table's person index: task has no index on
 * stay_id alone, and without the person a quarter's export scanned every
 * task once per column (two minutes at 10,000 people). */
static const char releases_sql[] =
    "SELECT p.participant_code, f.name, w.booked_at, w.released_at, w.release_type, "
    " CASE w.planned WHEN 1 THEN 'yes' ELSE 'no' END, "
    " (SELECT CASE WHEN max(e.declined = 0) = 1 THEN 'yes' WHEN count(*) THEN 'declined' "
    "  ELSE 'no' END FROM education e WHERE e.person_id = w.person_id "
    "  AND e.at BETWEEN w.booked_at AND w.released_at), "
    " coalesce((SELECT n.outcome FROM naloxone n WHERE n.person_id = w.person_id "
    "  AND n.at BETWEEN w.booked_at AND w.released_at ORDER BY n.at DESC, n.id DESC "
    "  LIMIT 1), 'none'), "
    " (SELECT n.handover FROM naloxone n WHERE n.person_id = w.person_id "
    "  AND n.at BETWEEN w.booked_at AND w.released_at ORDER BY n.at DESC, n.id DESC "
    "  LIMIT 1), "
    " CASE WHEN EXISTS (SELECT 1 FROM referral r WHERE r.person_id = w.person_id "
    "  AND r.referred_at <= w.released_at AND r.appointment_at >= w.released_at) "
    "  THEN 'yes' ELSE 'no' END, "
    " coalesce((SELECT r.status FROM referral r WHERE r.person_id = w.person_id "
    "  AND r.type LIKE 'moud%' AND r.referred_at BETWEEN w.booked_at AND w.released_at "
    "  + 30 * 86400 ORDER BY r.referred_at DESC, r.id DESC LIMIT 1), 'none'), "
    " (SELECT min(c.at) FROM contact c WHERE c.person_id = w.person_id "
    "  AND c.at >= w.released_at AND c.outcome = 'reached'), "
    " (SELECT (min(c.at) - w.released_at) / 3600 FROM contact c "
    "  WHERE c.person_id = w.person_id AND c.at >= w.released_at AND c.outcome = 'reached'), "
    " coalesce((SELECT CASE WHEN t.status = 'open' AND t.window_end < ?4 THEN 'missed' "
    "  ELSE t.status END FROM task t WHERE t.person_id = w.person_id AND t.stay_id = w.id AND t.kind = 'contact_48h' "
    "  ORDER BY t.id LIMIT 1), 'none'), "
    " (SELECT count(*) FROM task t WHERE t.person_id = w.person_id AND t.stay_id = w.id AND t.kind = 'followup' "
    "  AND t.status = 'done'), "
    " (SELECT count(*) FROM task t WHERE t.person_id = w.person_id AND t.stay_id = w.id AND t.kind = 'followup' "
    "  AND t.status = 'declined'), "
    " (SELECT count(*) FROM task t WHERE t.person_id = w.person_id AND t.stay_id = w.id AND t.kind = 'followup' "
    "  AND t.status = 'open' AND t.window_end < ?4), "
    " (SELECT count(*) FROM task t WHERE t.person_id = w.person_id AND t.stay_id = w.id AND t.kind = 'followup' "
    "  AND t.status = 'open' AND t.window_end >= ?4) "
    "FROM stay w JOIN person p ON p.id = w.person_id JOIN facility f ON f.id = w.facility_id "
    "WHERE w.released_at >= ?1 AND w.released_at < ?2 AND (?3 = 0 OR p.id = ?3) "
    "ORDER BY p.participant_code, w.released_at, w.id";

static const char *const people_cols[] = {"participant_code", "record", "at", "kind",
                                          "outcome", "until", "detail"};

/* Columns: record, at, kind, outcome, until (a time), detail, and for
 * the detail in words (see detail()): topics, handover, kit.  ?2 and ?3
 * bound the records to a period's stays when ?4 is 1 (see export.h). */
#define IN_SCOPE(t)                                                                    \
	" AND (?4 = 0 OR EXISTS (SELECT 1 FROM stay w WHERE w.person_id = ?1 AND "     \
	"w.released_at >= ?2 AND w.released_at < ?3 AND " t " >= w.booked_at AND " t   \
	" < ?3))"
static const char people_sql[] =
    "SELECT 'stay', s.booked_at, f.name, coalesce(s.release_type, 'in_custody'), "
    " s.released_at, CASE s.planned WHEN 1 THEN 'planned' WHEN 0 THEN 'unplanned' END, "
    " NULL, NULL, NULL "
    " FROM stay s JOIN facility f ON f.id = s.facility_id WHERE s.person_id = ?1"
    IN_SCOPE("s.booked_at")
    " UNION ALL SELECT 'education', e.at, e.setting, "
    " CASE e.declined WHEN 1 THEN 'declined' ELSE 'educated' END, NULL, "
    " CASE WHEN e.declined = 0 THEN CASE e.teach_back WHEN 1 THEN 'teach-back passed' "
    "  WHEN 0 THEN 'teach-back not passed' END END, "
    " CASE WHEN e.declined = 0 THEN e.topics END, NULL, NULL FROM education e WHERE e.person_id = ?1" IN_SCOPE("e.at")
    " UNION ALL SELECT 'naloxone', n.at, n.formulation, n.outcome, NULL, "
    " 'quantity ' || n.quantity, NULL, n.handover, n.kit FROM naloxone n WHERE n.person_id = ?1" IN_SCOPE("n.at")
    " UNION ALL SELECT 'referral', r.referred_at, r.type, r.status, r.appointment_at, "
    " rtrim(coalesce(pr.name || '; ', '') || CASE r.warm_handoff WHEN 1 THEN "
    "  'warm handoff' ELSE '' END, '; '), NULL, NULL, NULL "
    " FROM referral r LEFT JOIN provider pr ON pr.id = r.provider_id "
    " WHERE r.person_id = ?1" IN_SCOPE("r.referred_at")
    " UNION ALL SELECT 'contact', c.at, c.channel, c.outcome, NULL, NULL, NULL, NULL, NULL "
    " FROM contact c WHERE c.person_id = ?1" IN_SCOPE("c.at")
    " ORDER BY 2, 1";

static void
header(struct csvbuf *b, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvbuf_field(b, cols[i], i + 1 == n);
}

static int
release_rows(struct session *s, struct job *j)
{
	sqlite3_stmt *st;
	char t[24];
	int rc;

	header(&j->csv, release_cols, sizeof release_cols / sizeof *release_cols);
	if (sql_prep(s, releases_sql, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, j->p.start, SQLITE_OK);
	rc = sql_bind_int(st, 2, j->p.end, rc);
	rc = sql_bind_int(st, 3, j->person_id, rc);
	rc = sql_bind_int(st, 4, session_now(s), rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < 18; c++) {
			if (c == 2 || c == 3 || c == 11)
				local(j, st, c, t);
			csvbuf_field(&j->csv, c == 2 || c == 3 || c == 11 ? t : col(st, c), c == 17);
		}
		j->rows++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : session_dbfail(s);
}

/* The detail column, for a reader: an education's topics in words, then
 * a kit's handover, the rest, and first kit or refill, by their labels. */
static const char *
detail(sqlite3_stmt *st, char *out, size_t n)
{
	char topics[300] = "";
	const char *part[4];
	size_t len = 0;

	if (sqlite3_column_type(st, 6) != SQLITE_NULL)
		vocab_topics((unsigned)sqlite3_column_int(st, 6), topics, sizeof topics);
	part[0] = topics;
	part[1] = vocab_label(VOCAB_HANDOVER, (const char *)sqlite3_column_text(st, 7));
	part[2] = col(st, 5);
	part[3] = vocab_label(VOCAB_KIT, (const char *)sqlite3_column_text(st, 8));
	out[0] = 0;
	for (int i = 0; i < 4 && len < n; i++)
		if (*part[i])
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "; " : "", part[i]);
	return out;
}

static int
people_rows(struct session *s, struct job *j)
{
	char at[24], until[24], more[600];

	header(&j->csv, people_cols, sizeof people_cols / sizeof *people_cols);
	for (int i = 0; i < j->n; i++) {
		sqlite3_stmt *st;
		int rc;

		if (sql_prep(s, people_sql, &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, j->m[i].id, SQLITE_OK);
		rc = sql_bind_int(st, 2, j->p.start, rc);
		rc = sql_bind_int(st, 3, j->p.end, rc);
		rc = sql_bind_int(st, 4, j->period, rc);
		while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			local(j, st, 1, at);
			local(j, st, 4, until);
			csvbuf_field(&j->csv, j->m[i].code, 0);
			csvbuf_field(&j->csv, col(st, 0), 0);
			csvbuf_field(&j->csv, at, 0);
			csvbuf_field(&j->csv, col(st, 2), 0);
			csvbuf_field(&j->csv, col(st, 3), 0);
			csvbuf_field(&j->csv, until, 0);
			csvbuf_field(&j->csv, detail(st, more, sizeof more), 1);
			j->rows++;
			rc = SQLITE_OK;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return session_dbfail(s);
	}
	return 0;
}

/* ---------------------------------------------------------------- the transaction */

static int
disclose(struct session *s, struct job *j)
{
	char desc[200], period[32] = "all records";

	if (j->period)
		period_text(&j->p, period);
	snprintf(desc, sizeof desc, "export of %s records (%s), sealed %s", j->r->records, period,
	         j->r->key->mode == SEAL_RECIPIENT ? "to the recipient's key" : "with a passphrase");
	for (int i = 0; i < j->n; i++) {
		struct disclosure x = {0};

		x.person_id = j->m[i].id;
		x.consent_id = j->m[i].consent;
		x.recipient = j->r->recipient;
		x.purpose = j->m[i].purpose;
		x.description = desc;
		if (disclosure_record_locked(s, &x) != 0)
			return -1;
	}
	return 0;
}

static int
audit_export(struct session *s, struct job *j)
{
	char detail[600], period[32] = "no period";

	if (j->period)
		period_text(&j->p, period);
	snprintf(detail, sizeof detail, "records: %s; %s; %s; people: %d; rows: %ld; recipient: "
	         "%s; sealed %s", j->r->records, period, j->person_id ? "one person" : "everyone "
	         "released", j->n, j->rows, j->r->recipient,
	         j->r->key->mode == SEAL_RECIPIENT ? "to their key" : "with a passphrase");
	return audit_log(s, "export", "export", 0, j->person_id, detail);
}

/* The audit chain head, as reports carry it: whoever receives the file
 * holds a head nobody in the program can change, and audit verify --head
 * checks later that the chain still passes through it.  Taken inside the
 * write transaction, before this export's own audit row. */
static int
head_line(struct session *s, struct job *j)
{
	struct audit_head h;
	char line[60];

	if (audit_head(s->db, &h) != 0)
		return session_dbfail(s);
	audit_head_text(&h, j->head);
	snprintf(line, sizeof line, "Audit chain head: %s", j->head);
	csvbuf_field(&j->csv, line, 1);
	return 0;
}

static int
do_export(struct session *s, void *arg)
{
	struct job *j = arg;
	char made[24], period[32] = "all of one person's records", about[400];

	if (members(s, j) != 0 || consents(s, j) != 0)
		return -1;
	if (j->period)
		period_text(&j->p, period);
	zone_format(j->zone, session_now(s), made, sizeof made);
	snprintf(about, sizeof about, "Disclosed to %s under each person's written consent; "
	         "records: %s, %s; made %s (times in %s)", j->r->recipient, j->r->records, period,
	         made, j->zone);
	csvbuf_field(&j->csv, notice, 1);
	csvbuf_field(&j->csv, about, 1);
	if (head_line(s, j) != 0)
		return -1;
	csvbuf_add(&j->csv, "\r\n", 2);
	if ((j->kind == K_RELEASES ? release_rows(s, j) : people_rows(s, j)) != 0)
		return -1;
	if (j->csv.failed)
		return session_fail(s, "out of memory while making the export");
	return disclose(s, j) != 0 || audit_export(s, j) != 0 ? -1 : 0;
}

static int
audit_not_written(struct session *s, void *arg)
{
	const struct job *j = arg;
	char detail[300];

	snprintf(detail, sizeof detail, "the export for %s was not written: %s",
	         j->r->recipient, j->why);
	return audit_log(s, "export", "export", 0, j->person_id, detail);
}

/* After the commit: the sealed file, or the reason it is not there in
 * the audit log beside the disclosures. */
static int
write_file(struct session *s, struct job *j)
{
	char why[sizeof s->err];

	if (seal_write_prepared(j->o.f, &j->z, j->csv.p, j->csv.len, s->err, sizeof s->err) != 0)
		(void)outfile_failed(&j->o, errno, s->err, sizeof s->err);
	else if (outfile_commit(&j->o, s->err, sizeof s->err) == 0)
		return 0;
	outfile_abort(&j->o);
	snprintf(why, sizeof why, "%s", s->err);
	j->why = why;
	(void)session_write(s, audit_not_written, j);
	snprintf(s->err, sizeof s->err, "%.*s; the disclosure was recorded all the same: run "
	         "the export again", (int)sizeof s->err - 80, why);
	return -1;
}

int
export_allowed(struct session *s)
{
	if (s->role == ROLE_SUPERVISOR)
		return 0;
	if (access_refuse_import(s) != 0)
		return -1;
	return session_fail(s, s->role == ROLE_ADMIN
	                           ? "admins see no case records: only a supervisor may export "
	                             "them"
	                           : "only a supervisor may export case records: ask yours");
}

/* What can be checked before anything is opened or asked. */
static int
check_request(struct session *s, const struct export_request *r, struct job *j)
{
	if (export_allowed(s) != 0)
		return -1;
	if (!r->records || !*r->records)
		return session_fail(s, "records: say which records to export: releases or people");
	if (strcmp(r->records, "releases") == 0)
		j->kind = K_RELEASES;
	else if (strcmp(r->records, "people") == 0)
		j->kind = K_PEOPLE;
	else
		return session_fail(s, "records: '%s' is not a kind of export: say releases or "
		                    "people", r->records);
	if (check_text(s, "recipient", r->recipient, 200, 1, 0) != 0)
		return -1;
	if ((r->from && *r->from) || (r->to && *r->to)) {
		if (period_parse(s, r->from, r->to, &j->p) != 0)
			return -1;
		j->period = 1;
	} else if (j->kind == K_RELEASES) {
		return session_fail(s, "a releases export covers a period: give --from and --to");
	} else if (!r->person || !*r->person) {
		return session_fail(s, "a people export needs a period (--from and --to), a person "
		                    "(--person), or both");
	}
	if (r->person && *r->person) {
		int found = 0;

		if (sql_query_text_i64(s, "SELECT id FROM person WHERE participant_code = ?1",
		                       r->person, &j->person_id, &found) != 0)
			return session_dbfail(s);
		if (!found)
			return session_fail(s, "person: no one has the participant code '%s'",
			                    r->person);
	}
	if (!r->out || !*r->out)
		return session_fail(s, "which file to write the export to?");
	return 0;
}

int
export_write(struct session *s, const struct export_request *r, struct export_result *res)
{
	struct job j;
	int rc = -1;

	memset(&j, 0, sizeof j);
	j.r = r;
	if (res)
		memset(res, 0, sizeof *res);
	s->err[0] = 0;
	if (check_request(s, r, &j) != 0)
		return -1;
	zone_site(s->db, j.zone);
	if (seal_prepare(&j.z, r->key, s->err, sizeof s->err) != 0)
		return -1;
	if (outfile_open(&j.o, r->out, s->err, sizeof s->err) != 0)
		goto out;
	rc = session_write(s, do_export, &j);
	if (rc == 0)
		rc = write_file(s, &j);
	if (rc == 0 && res) {
		res->people = j.n;
		res->rows = j.rows;
		snprintf(res->head, sizeof res->head, "%s", j.head);
	}
out:
	outfile_abort(&j.o);
	seal_sealer_wipe(&j.z);
	csvbuf_free(&j.csv);
	for (int i = 0; i < j.n; i++) {
		free(j.m[i].code);
		free(j.m[i].purpose);
	}
	free(j.m);
	return rc;
}

/* ---------------------------------------------------------------- reading one back */

int
export_decrypt(const char *in_path, const struct seal_key *k, const char *out_path, char *err,
               size_t errlen)
{
	struct outfile o;
	FILE *in = fopen(in_path, "rbe");
	uint8_t *plain;
	size_t len;
	int rc;

	if (!in) {
		snprintf(err, errlen, "cannot read %s: %s", in_path, strerror(errno));
		return -1;
	}
	/* All of it checked before the output file is even made. */
	rc = seal_open(in, k, &plain, &len, err, errlen);
	fclose(in);
	if (rc != 0)
		return -1;
	if ((rc = outfile_open(&o, out_path, err, errlen)) == 0) {
		if (len && fwrite(plain, 1, len, o.f) != len) {
			outfile_error(out_path, errno ? errno : EIO, err, errlen);
			rc = -1;
		} else {
			rc = outfile_commit(&o, err, errlen);
		}
		outfile_abort(&o);
	}
	seal_plain_free(plain, len);
	return rc;
}
