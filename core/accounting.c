/* SPDX-License-Identifier: ISC */
/*
 * accounting.c - a person's accounting of disclosures (see accounting.h).
 *
 * consent.c's disclosure_list gives the disclosures alone, oldest first,
 * for the screens that record them.  The accounting a person is handed
 * needs more on each line (the consent it rests on and who made it) and
 * a period that is whole days people can read on the page, so it is its
 * own query here, through the same view helper: the access check, the
 * read and the audit row in one transaction.
 */
#include "accounting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "record.h"
#include "sql.h"
#include "zone.h"

void
accounting_period(struct session *s, int64_t now, struct period *p)
{
	char today[11], from[32];
	int y = 0, m = 0, d = 0;

	zone_local_date(s->db, now, today);
	sscanf(today, "%4d-%2d-%2d", &y, &m, &d);
	/* 29 February three years back is not a day: take the 28th, which
	 * covers a day more rather than a day less. */
	if (m == 2 && d == 29)
		d = 28;
	snprintf(from, sizeof from, "%04d-%02d-%02d", y - ACCOUNTING_YEARS, m, d);
	if (period_parse(s, from, today, p) != 0)
		memset(p, 0, sizeof *p);
}

/* Recorded whether or not the code matched someone: a row of the
 * person's own when it did (their record number, as every row names a
 * person), none when it did not.  The text typed is not kept: it may be
 * a name, or a code of someone at another site, and here it would be
 * case data that no record's access protects. */
static int
log_refused(struct session *s, void *person_id)
{
	int64_t id = *(int64_t *)person_id;

	return audit_log(s, "view_refused", "disclosure", 0, id,
	                 "accounting of disclosures: no such participant code, or no access");
}

int
accounting_find(struct session *s, const char *code, int64_t *person_id, char *stored, size_t n)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	*person_id = 0;
	if (stored && n)
		stored[0] = 0;
	if (!code || !*code)
		return session_fail(s, "which person? give a participant code");
	if (access_refuse_import(s) != 0)
		return -1;
	if (sql_prep(s, "SELECT id, participant_code FROM person WHERE participant_code = ?1", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, code, SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (stored && n)
			sql_col_copy(st, 1, stored, n);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	/* One answer for "no such code" and "not yours": anything else would
	 * let anyone who may log in find out which codes are in use. */
	if (rc == SQLITE_ROW && access_person(s, id, ACCESS_VIEW, NULL) == 0) {
		*person_id = id;
		return 0;
	}
	if (stored && n)
		stored[0] = 0;
	if (session_write(s, log_refused, &id) != 0)
		return -1;
	return session_fail(s, "no record you may see has participant code '%.40s': check the "
	                    "code, or ask the person's caseworker or a supervisor", code);
}

#define COLS                                                                          \
	"x.id, x.disclosed_at, c.id, c.signed_at, coalesce(c.event_ended_at, 0), "      \
	"coalesce(c.revoked_at, 0), x.recipient, x.purpose, x.description, "            \
	"u.display_name, c.scope, c.expires_on, c.expiry_event"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct accounting_row *r = row;
	const char **const text[] = {&r->recipient, &r->purpose, &r->description, &r->by,
	                             &r->scope, &r->expires_on, &r->expiry_event};

	r->id = sqlite3_column_int64(st, 0);
	r->disclosed_at = sqlite3_column_int64(st, 1);
	r->consent_id = sqlite3_column_int64(st, 2);
	r->signed_at = sqlite3_column_int64(st, 3);
	r->event_ended_at = sqlite3_column_int64(st, 4);
	r->revoked_at = sqlite3_column_int64(st, 5);
	return sql_copy_text(s, st, 6, text, 7, &r->store);
}

void
accounting_free(struct accounting_row *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

static void
free_rows(void *rows, int n)
{
	accounting_free(rows, n);
}

int
disclosure_accounting(struct session *s, int64_t person_id, int64_t now,
                      struct accounting_row **rows, int *n, struct period *covered)
{
	struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "disclosure",
	    .detail = "accounting of disclosures", .size = sizeof **rows, .fill = fill,
	    .free_rows = free_rows,
	    .sql = "SELECT " COLS " FROM disclosure x JOIN consent c ON c.id = x.consent_id "
	           "LEFT JOIN user u ON u.id = x.by_user WHERE x.person_id = ?1 AND "
	           "x.disclosed_at >= ?2 ORDER BY x.disclosed_at DESC, x.id DESC"};
	struct period p;
	void *got;
	int rc;

	accounting_period(s, now ? now : session_now(s), &p);
	if (covered)
		*covered = p;
	v.param2 = p.start;
	rc = record_view_list(s, &v, &got, n);
	*rows = got;
	return rc;
}
