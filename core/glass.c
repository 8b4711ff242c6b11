/* SPDX-License-Identifier: ISC */
/*
 * glass.c - break-the-glass: opened (glass_break) and reviewed by
 * supervisors (see glass.h).
 *
 * What a user did while an access was open is read back from the audit
 * log rather than kept beside the access: the audit log is the one record
 * nobody can change (its rows are chained and its triggers refuse
 * updates), so a review built on it cannot be told a smaller story than
 * what happened.  The audit rows name actions and record kinds, never
 * what a record says, so the summary does not either.
 */
#include "glass.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "record.h"
#include "setting.h"
#include "zone.h"

/* ---------------------------------------------------------------- what was done */

/* The words for an audit row's entity: one of them, and a list of them
 * (a view reads a list, a change one record). */
static const struct noun {
	const char *entity, *one, *many;
} nouns[] = {
    {"person", "record", "record"},
    {"stay", "stay", "stays"},
    {"screening", "screening", "screening"},
    {"education", "education", "education"},
    {"naloxone", "naloxone", "naloxone"},
    {"naloxone_event", "naloxone report", "naloxone reports"},
    {"referral", "referral", "referrals"},
    {"contact", "contact", "contacts"},
    {"task", "task", "tasks"},
    {"note", "note", "notes"},
    {"consent", "consent", "consents"},
    {"disclosure", "disclosure", "disclosures"},
};

static const struct {
	const char *action, *verb;
} verbs[] = {
    {"view", "viewed"},     {"create", "recorded"}, {"update", "changed"},
    {"close", "closed"},    {"reassign", "reassigned"}, {"revoke", "revoked"},
};

static void
add_kind(char *out, size_t n, size_t *at, const char *action, const char *entity, int64_t count)
{
	const char *verb = action, *noun = entity ? entity : "";

	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(action, verbs[i].action) == 0)
			verb = verbs[i].verb;
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (entity && strcmp(entity, nouns[i].entity) == 0)
			noun = strcmp(action, "view") == 0 ? nouns[i].many : nouns[i].one;
	if (*at >= n)
		return;
	*at += (size_t)snprintf(out + *at, n - *at, "%s%s%s%s", *at ? "; " : "", verb,
	                        *noun ? " " : "", noun);
	if (count > 1 && *at < n)
		*at += (size_t)snprintf(out + *at, n - *at, " (%lld)", (long long)count);
}

/* The audit rows by the access's user about its person while it was open
 * (started_at up to, not including, expires_at), one phrase a kind in
 * the order each kind first happened.  The break-the-glass row itself is
 * the access, not something done with it. */
static int
summarise(struct session *s, struct glass_row *g)
{
	sqlite3_stmt *st;
	size_t at = 0;
	int rc;

	g->viewed[0] = 0;
	if (sql_prep(s, "SELECT action, entity, count(*) FROM audit WHERE person_id = ?1 AND "
	             "user_id = ?2 AND at >= ?3 AND at < ?4 AND action <> 'break_glass' "
	             "GROUP BY action, entity ORDER BY min(seq)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, g->person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, g->user_id, rc);
	rc = sql_bind_int(st, 3, g->started_at, rc);
	rc = sql_bind_int(st, 4, g->expires_at, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		add_kind(g->viewed, sizeof g->viewed, &at, (const char *)sqlite3_column_text(st, 0),
		         (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	if (at >= sizeof g->viewed)
		memcpy(g->viewed + sizeof g->viewed - 4, "...", 4);
	if (!g->viewed[0])
		snprintf(g->viewed, sizeof g->viewed, "nothing");
	return 0;
}

/* ---------------------------------------------------------------- list */

#define COLS                                                                              \
	"b.id, b.user_id, b.person_id, b.started_at, b.expires_at, "                        \
	"coalesce(b.reviewed_by, 0), coalesce(b.reviewed_at, 0), u.display_name, "          \
	"p.participant_code, coalesce(nullif(p.preferred_name, ''), p.legal_name), b.reason, " \
	"r.display_name, b.review_comment"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct glass_row *g = row;
	const char **const text[] = {&g->user, &g->code, &g->name, &g->reason, &g->reviewer,
	                             &g->comment};

	g->id = sqlite3_column_int64(st, 0);
	g->user_id = sqlite3_column_int64(st, 1);
	g->person_id = sqlite3_column_int64(st, 2);
	g->started_at = sqlite3_column_int64(st, 3);
	g->expires_at = sqlite3_column_int64(st, 4);
	g->reviewed_by = sqlite3_column_int64(st, 5);
	g->reviewed_at = sqlite3_column_int64(st, 6);
	return sql_copy_text(s, st, 7, text, 6, &g->store);
}

void
glass_list_free(struct glass_row *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

struct list_args {
	const struct period *p;
	int only_unreviewed;
	struct glass_row *rows;
	int n;
};

static int
do_list(struct session *s, void *arg)
{
	struct list_args *a = arg;
	sqlite3_stmt *st;
	void *got = NULL;
	char detail[80];
	int rc;

	if (sql_prep(s, "SELECT " COLS " FROM break_glass b JOIN user u ON u.id = b.user_id "
	             "JOIN person p ON p.id = b.person_id LEFT JOIN user r ON "
	             "r.id = b.reviewed_by WHERE b.started_at >= ?1 AND b.started_at < ?2 AND "
	             "(?3 = 0 OR b.reviewed_at IS NULL) "
	             "ORDER BY b.reviewed_at IS NOT NULL, b.started_at DESC, b.id DESC",
	             &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a->p->start, SQLITE_OK);
	rc = sql_bind_int(st, 2, a->p->end, rc);
	rc = sql_bind_int(st, 3, a->only_unreviewed, rc);
	rc = sql_list(s, st, rc, sizeof *a->rows, fill, &got, &a->n);
	a->rows = got;
	if (rc != 0)
		return -1;
	for (int i = 0; i < a->n; i++)
		if (summarise(s, &a->rows[i]) != 0)
			return -1;
	/* One row for the whole list: it names many people, and the review
	 * is of the accesses, not of their records. */
	snprintf(detail, sizeof detail, "review list: %s to %s%s", a->p->from, a->p->to,
	         a->only_unreviewed ? ", not reviewed only" : "");
	return audit_log(s, "view", "break_glass", 0, 0, detail);
}

int
glass_list(struct session *s, const struct period *p, int only_unreviewed,
           struct glass_row **rows, int *n)
{
	struct list_args a = {p, only_unreviewed, NULL, 0};

	*rows = NULL;
	*n = 0;
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only supervisors review break-the-glass accesses");
	if (session_write(s, do_list, &a) != 0) {
		glass_list_free(a.rows, a.n);
		return -1;
	}
	*rows = a.rows;
	*n = a.n;
	return 0;
}

/* ---------------------------------------------------------------- review */

struct review_args {
	int64_t id;
	const char *comment;
};

static int
do_review(struct session *s, void *arg)
{
	struct review_args *a = arg;
	int64_t user_id = 0, person_id = 0, reviewed_by = 0, reviewed_at = 0;
	char who[4 * 120 + 1], when[40];
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT user_id, person_id, coalesce(reviewed_by, 0), "
	             "coalesce(reviewed_at, 0) FROM break_glass WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a->id, SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		user_id = sqlite3_column_int64(st, 0);
		person_id = sqlite3_column_int64(st, 1);
		reviewed_by = sqlite3_column_int64(st, 2);
		reviewed_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no such break-the-glass access");
	if (rc != SQLITE_ROW)
		return db_fail(s->db, rc);
	/* Separation of duties: the review is the check on break-the-glass,
	 * and a check made by the person checked is no check.  Supervisors
	 * may open any record without it, so their own accesses are rare
	 * (an admin's role changed, an old one) and another supervisor
	 * reviews them. */
	if (user_id == s->user_id)
		return session_fail(s, "this is your own break-the-glass access: another supervisor "
		                    "reviews it (nothing was saved)");
	if (reviewed_at) {
		session_user_name(s, reviewed_by, who, sizeof who);
		zone_local_time(s->db, reviewed_at, when, sizeof when);
		return session_fail(s, "this access was already reviewed by %s at %s: a review "
		                    "stands (nothing was saved)", who[0] ? who : "someone", when);
	}
	if (sql_prep(s, "UPDATE break_glass SET reviewed_by = ?1, reviewed_at = ?2, "
	             "review_comment = ?3 WHERE id = ?4 AND reviewed_at IS NULL", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, s->user_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_text(st, 3, a->comment, rc);
	rc = sql_bind_int(st, 4, a->id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	if (sqlite3_changes(db_sql(s->db)) != 1)
		return session_fail(s, "this access was reviewed by someone else a moment ago "
		                    "(nothing was saved)");
	return audit_log(s, "review", "break_glass", a->id, person_id,
	                 a->comment && *a->comment ? "reviewed, with a comment" : "reviewed");
}

int
glass_review(struct session *s, int64_t id, const char *comment)
{
	struct review_args a = {id, comment};

	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only supervisors review break-the-glass accesses "
		                    "(nothing was saved)");
	if (check_text(s, "comment", comment, GLASS_COMMENT_MAX, 0, 1) != 0)
		return -1;
	return session_write(s, do_review, &a);
}

int
glass_break(struct session *s, int64_t person_id, const char *reason, int64_t *expires_at)
{
	int64_t hours = setting_int(s->db, "break_glass.hours", 3), now = session_now(s), id;
	size_t len = reason ? strlen(reason) : 0;
	sqlite3_stmt *st;
	int rc;

	assert(db_in_write(s->db));
	if (access_refuse_import(s) != 0)
		return -1;
	if (len == 0 || len > 400)
		return session_fail(s, "break-the-glass needs a reason (up to 400 characters)");
	if (!check_is_sentence(reason, GLASS_REASON_MIN))
		return session_fail(s, "break-the-glass needs a reason a reviewer can follow: a "
		                    "sentence of at least %d characters and two words, saying why "
		                    "you need this record", GLASS_REASON_MIN);
	if (access_person_exists(s, person_id) != 0)
		return -1;
	if (hours < 1 || hours > 24)
		hours = 3;
	if (sql_prep(s, "INSERT INTO break_glass (user_id, person_id, reason, started_at, "
	             "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, s->user_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, person_id, rc);
	rc = sql_bind_str(st, 3, reason, rc);
	rc = sql_bind_int(st, 4, now, rc);
	rc = sql_bind_int(st, 5, now + hours * 3600, rc);
	if (sql_insert(s, st, rc, &id) != 0)
		return -1;
	if (expires_at)
		*expires_at = now + hours * 3600;
	return audit_log(s, "break_glass", "break_glass", id, person_id, reason);
}
