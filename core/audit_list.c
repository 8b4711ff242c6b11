/* SPDX-License-Identifier: ISC */
/*
 * audit_list.c - reading the audit log (see audit_list.h for who sees what).
 *
 * A filter is turned into ids and instants first (a user's name into
 * their id, a participant code into the person's id, dates into the
 * site's local midnights), so that a name that is no one's is refused in
 * words instead of answering with an empty page.  The query is then put
 * together from the conditions the filter has, because an "?2 = 0 OR
 * user_id = ?2" condition would keep SQLite from using the index that
 * makes the filter fast.  Each condition has its index: audit_user and
 * audit_person (user or person, then seq) and audit_action (action, then
 * seq) hand rows over already newest first, and a page stops after its
 * limit; with several, the one likely to hold the fewest rows leads.  A prefix of an action ("login*") is matched on the rows in
 * sequence order instead: prefixes are broad, and a range of the action
 * index would have to be sorted whole before the first row came out.
 */
#include "audit_list.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "period.h"
#include "record.h"

struct want {
	int64_t user_id, person_id;
	char action[41];
	int prefix;
	int64_t start, end; /* 0: open at that end */
};

static int
find_user(struct session *s, const char *name, int64_t *id)
{
	int found = 0;

	if (strlen(name) <= 64 &&
	    sql_query_text_i64(s, "SELECT id FROM user WHERE name = ?1", name, id, &found) != 0)
		return -1;
	return found ? 0 : session_fail(s, "user: nobody is named '%.64s'", name);
}

/* "#123": 123; anything else is a participant code. */
static int
record_number(const char *t, int64_t *id)
{
	long long v = 0;

	if (t[0] != '#' || !t[1] || strlen(t) > 19)
		return 0;
	for (const char *c = t + 1; *c; c++) {
		if (!isdigit((unsigned char)*c))
			return 0;
		v = v * 10 + (*c - '0');
	}
	*id = v;
	return v > 0;
}

static int
find_person(struct session *s, const char *text, int64_t *id)
{
	int found = 0;

	if (record_number(text, id)) {
		if (sql_query_i64(s, "SELECT id FROM person WHERE id = ?1", *id, 0, id, &found) != 0)
			return -1;
		return found ? 0 : session_fail(s, "person: no person has record number %s", text + 1);
	}
	if (s->role == ROLE_ADMIN)
		return session_fail(s, "person: admins name a person by record number (#N): "
		                       "participant codes are case data");
	if (strlen(text) <= 32 &&
	    sql_query_text_i64(s, "SELECT id FROM person WHERE participant_code = ?1", text, id,
	                       &found) != 0)
		return -1;
	return found ? 0 : session_fail(s, "person: no person has the participant code '%.32s'",
	                                text);
}

/* Actions are lower-case words joined by '_' ("login_failed"). */
static int
parse_action(struct session *s, const char *text, struct want *w)
{
	size_t n = strlen(text);

	w->prefix = n > 0 && text[n - 1] == '*';
	if (w->prefix)
		n--;
	if (n >= sizeof w->action)
		return session_fail(s, "action: no action is that long (40 characters at most)");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (!isalnum(c) && c != '_')
			return session_fail(s, "action: letters, digits and _ only, and a * at the "
			                       "end for every action that starts so");
		w->action[i] = (char)tolower(c);
	}
	w->action[n] = 0;
	return 0;
}

static int
given(const char *t)
{
	return t && *t;
}

static int
resolve(struct session *s, const struct audit_filter *f, struct want *w)
{
	struct period p;

	memset(w, 0, sizeof *w);
	if (access_refuse_import(s) != 0)
		return -1;
	if (s->role != ROLE_SUPERVISOR && s->role != ROLE_ADMIN)
		return session_fail(s, "only supervisors and admins read the audit log");
	if (check_date(s, "from", f->from, 0) != 0 || check_date(s, "to", f->to, 0) != 0)
		return -1;
	if (given(f->from) && given(f->to)) {
		if (period_parse(s, f->from, f->to, &p) != 0)
			return -1;
		w->start = p.start;
		w->end = p.end;
	} else if (given(f->from)) {
		if (period_parse(s, f->from, f->from, &p) != 0)
			return -1;
		w->start = p.start;
	} else if (given(f->to)) {
		if (period_parse(s, f->to, f->to, &p) != 0)
			return -1;
		w->end = p.end;
	}
	if (given(f->action) && parse_action(s, f->action, w) != 0)
		return -1;
	if (given(f->user) && find_user(s, f->user, &w->user_id) != 0)
		return -1;
	if (given(f->person) && find_person(s, f->person, &w->person_id) != 0)
		return -1;
	return 0;
}

void
audit_filter_names(const struct audit_filter *f, char *out, size_t n)
{
	const char *names[] = {"user", "person", "action", "from", "to"};
	const char *vals[] = {f->user, f->person, f->action, f->from, f->to};
	size_t at = 0;

	out[0] = 0;
	for (int i = 0; i < 5 && at < n; i++)
		if (given(vals[i]))
			at += (size_t)snprintf(out + at, n - at, "%s%s", at ? ", " : "", names[i]);
	if (!out[0])
		snprintf(out, n, "everything");
}

struct search {
	const struct audit_filter *f;
	int64_t person_id;
};

static int
log_search(struct session *s, void *arg)
{
	const struct search *x = arg;
	char names[64];

	audit_filter_names(x->f, names, sizeof names);
	return audit_log(s, "audit_list", "audit", 0, x->person_id, names);
}

/* The first row at or after t, by time: one step down audit_at; past
 * the last row, head + 1. */
static int
seq_at(struct session *s, int64_t t, int64_t head, int64_t *seq)
{
	int found;

	if (sql_query_i64(s, "SELECT seq FROM audit WHERE at >= ?1 ORDER BY at LIMIT 1", t, 0,
	                  seq, &found) != 0)
		return -1;
	if (!found)
		*seq = head + 1;
	return 0;
}

/* Whether a period should lead through audit_at rather than the rows
 * being read newest first.  Newest first reads every row after the
 * period before its first match, which for a day a year back is most of
 * the log; audit_at reads the period's rows and sorts them.  Rows come
 * in time order but for clocks set back, so where a time falls in the
 * sequence is found with one look-up each, and the smaller read wins.
 * Only the speed depends on that guess: the rows are the same. */
static int
time_leads(struct session *s, const struct want *w, int64_t before, int *leads)
{
	struct audit_head h;
	int64_t head, first = 0, last;

	*leads = 0;
	if ((!w->start && !w->end) || w->person_id)
		return 0;
	if (audit_head(s->db, &h) != 0)
		return -1;
	head = h.seq;
	last = head + 1;
	if ((w->end && seq_at(s, w->end, head, &last) != 0) ||
	    (w->start && seq_at(s, w->start, head, &first) != 0))
		return -1;
	if (before > 0 && before < head + 1)
		head = before - 1;
	*leads = last - first < head + 1 - last;
	return 0;
}

/* The query for w, as the role may see it; parameters: ?1 before, ?2
 * user, ?3 person, ?4 action, ?5 its length, ?6 start, ?7 end, ?8 limit.
 * by_time: the period leads (see time_leads). */
static void
build(const struct session *s, const struct want *w, int by_time, char *sql, size_t n)
{
	int admin = s->role == ROLE_ADMIN;
	size_t at;

	at = (size_t)snprintf(sql, n,
	                      "SELECT a.seq, a.at, a.user_id, a.entity_id, a.person_id, u.name, "
	                      "a.action, a.entity, %s, a.mac FROM audit a %s"
	                      "LEFT JOIN user u ON u.id = a.user_id %s WHERE a.seq < ?1",
	                      admin ? "CASE WHEN a.person_id IS NULL THEN a.detail END, NULL, NULL"
	                            : "a.detail, p.participant_code, "
	                              "coalesce(nullif(p.preferred_name, ''), p.legal_name)",
	                      by_time ? "INDEXED BY audit_at " : "",
	                      admin ? "" : "LEFT JOIN person p ON p.id = a.person_id");
	/* One index leads, the others' columns are only checked (a unary +
	 * keeps SQLite off their index): a person's rows are the fewest,
	 * then a user's; one action ("view") can be most of the log. */
	if (w->user_id)
		at += (size_t)snprintf(sql + at, n - at, " AND %sa.user_id = ?2",
		                       w->person_id || by_time ? "+" : "");
	if (w->person_id)
		at += (size_t)snprintf(sql + at, n - at, " AND a.person_id = ?3");
	if (w->action[0] && !w->prefix)
		at += (size_t)snprintf(sql + at, n - at, " AND %sa.action = ?4",
		                       w->person_id || w->user_id || by_time ? "+" : "");
	else if (w->action[0])
		at += (size_t)snprintf(sql + at, n - at, " AND substr(a.action, 1, ?5) = ?4");
	if (w->start)
		at += (size_t)snprintf(sql + at, n - at, " AND %sa.at >= ?6", by_time ? "" : "+");
	if (w->end)
		at += (size_t)snprintf(sql + at, n - at, " AND %sa.at < ?7", by_time ? "" : "+");
	snprintf(sql + at, n - at, " ORDER BY a.seq DESC LIMIT ?8");
}

static int
read_page(struct session *s, const struct want *w, int64_t before, struct audit_row *rows,
          int limit, int *n)
{
	char sql[900];
	sqlite3_stmt *st;
	int rc, by_time;

	if (db_begin_read(s->db) != 0)
		return -1;
	if (time_leads(s, w, before, &by_time) != 0) {
		db_rollback(s->db);
		return -1;
	}
	build(s, w, by_time, sql, sizeof sql);
	if (sql_prep(s, sql, &st) != 0) {
		db_rollback(s->db);
		return -1;
	}
	rc = sql_bind_int(st, 1, before > 0 ? before : INT64_MAX, SQLITE_OK);
	rc = sql_bind_int(st, 2, w->user_id, rc);
	rc = sql_bind_int(st, 3, w->person_id, rc);
	rc = sql_bind_str(st, 4, w->action, rc);
	rc = sql_bind_int(st, 5, (int64_t)strlen(w->action), rc);
	rc = sql_bind_int(st, 6, w->start, rc);
	rc = sql_bind_int(st, 7, w->end, rc);
	rc = sql_bind_int(st, 8, limit, rc);
	while (rc == SQLITE_OK && *n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row *r = &rows[(*n)++];

		memset(r, 0, sizeof *r);
		r->seq = sqlite3_column_int64(st, 0);
		r->at = sqlite3_column_int64(st, 1);
		r->user_id = sqlite3_column_int64(st, 2);
		r->entity_id = sqlite3_column_int64(st, 3);
		r->person_id = sqlite3_column_int64(st, 4);
		sql_col_copy(st, 5, r->user, sizeof r->user);
		sql_col_copy(st, 6, r->action, sizeof r->action);
		sql_col_copy(st, 7, r->entity, sizeof r->entity);
		sql_col_copy(st, 8, r->detail, sizeof r->detail);
		sql_col_copy(st, 9, r->code, sizeof r->code);
		sql_col_copy(st, 10, r->name, sizeof r->name);
		if (sqlite3_column_bytes(st, 11) >= 8)
			sodium_bin2hex(r->mac, sizeof r->mac, sqlite3_column_blob(st, 11), 8);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	db_rollback(s->db);
	return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
audit_list(struct session *s, const struct audit_filter *f, int64_t before,
           struct audit_row *rows, int limit, int *n)
{
	struct want w;

	*n = 0;
	s->err[0] = 0;
	if (resolve(s, f, &w) != 0)
		return s->err[0] ? -1 : session_dbfail(s);
	if (limit <= 0)
		return 0;
	/* Written before the read, in a transaction of its own: the read may
	 * take a while on a long log, and must not hold up everyone else's
	 * writes meanwhile. */
	if (before <= 0) {
		struct search x = {f, w.person_id};
		if (session_write(s, log_search, &x) != 0)
			return -1;
	}
	if (read_page(s, &w, before, rows, limit, n) != 0) {
		*n = 0;
		return s->err[0] ? -1 : session_dbfail(s);
	}
	return 0;
}
