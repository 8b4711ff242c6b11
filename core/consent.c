/* SPDX-License-Identifier: ISC */
/*
 * consent.c - 42 CFR Part 2 consents and disclosures (see consent.h).
 *
 * Whether a consent is in force is decided in one place,
 * consent_in_force, and everything that leans on a consent (a referral, a
 * disclosure) asks it inside its own write transaction, so a revocation
 * committed a moment earlier is always seen.  The audit log names fields,
 * never what a consent says or what was shared.
 */
#include "consent.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "check.h"
#include "record.h"
#include "zone.h"

/* The accounting a person may ask for covers three years. */
#define ACCOUNTING_DAYS 1096

/* ---------------------------------------------------------------- reading */

#define COLS                                                                           \
	"id, person_id, signed_at, coalesce(revoked_at, 0), recorded_by, version, "       \
	"updated_at, updated_by, coalesce(event_ended_at, 0), scope, recipient, purpose, " \
	"expires_on, expiry_event, revoked_note, event_note"
#define DISCLOSURE_COLS                                                                     \
	"id, person_id, consent_id, disclosed_at, by_user, recipient, purpose, description"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct consent *c = row;
	const char **const text[] = {&c->scope, &c->recipient, &c->purpose, &c->expires_on,
	                             &c->expiry_event, &c->revoked_note, &c->event_note};

	c->id = sqlite3_column_int64(st, 0);
	c->person_id = sqlite3_column_int64(st, 1);
	c->signed_at = sqlite3_column_int64(st, 2);
	c->revoked_at = sqlite3_column_int64(st, 3);
	c->recorded_by = sqlite3_column_int64(st, 4);
	c->version = sqlite3_column_int64(st, 5);
	c->updated_at = sqlite3_column_int64(st, 6);
	c->updated_by = sqlite3_column_int64(st, 7);
	c->event_ended_at = sqlite3_column_int64(st, 8);
	return sql_copy_text(s, st, 9, text, 7, &c->store);
}

static int
fill_disclosure(struct session *s, sqlite3_stmt *st, void *row)
{
	struct disclosure *x = row;
	const char **const text[] = {&x->recipient, &x->purpose, &x->description};

	x->id = sqlite3_column_int64(st, 0);
	x->person_id = sqlite3_column_int64(st, 1);
	x->consent_id = sqlite3_column_int64(st, 2);
	x->disclosed_at = sqlite3_column_int64(st, 3);
	x->by_user = sqlite3_column_int64(st, 4);
	return sql_copy_text(s, st, 5, text, 3, &x->store);
}

/* One consent as stored (free out->store), without access or audit. */
static int
load(struct session *s, int64_t id, struct consent *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if (sql_prep(s, "SELECT " COLS " FROM consent WHERE id = ?1", &st) != 0)
		return -1;
	return sql_get(s, st, sql_bind_int(st, 1, id, SQLITE_OK), fill, out, sizeof *out,
	               "consent");
}

void
consent_list_free(struct consent *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

void
disclosure_list_free(struct disclosure *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

static void
free_consents(void *rows, int n)
{
	consent_list_free(rows, n);
}

static void
free_disclosures(void *rows, int n)
{
	disclosure_list_free(rows, n);
}

int
consent_list(struct session *s, int64_t person_id, struct consent **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "consent", .detail = "list",
	    .sql = "SELECT " COLS " FROM consent WHERE person_id = ?1 ORDER BY signed_at, id",
	    .size = sizeof **rows, .fill = fill, .free_rows = free_consents};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

int
disclosure_list(struct session *s, int64_t person_id, int64_t since, struct disclosure **rows,
                int *n)
{
	struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "disclosure",
	    .detail = "accounting of disclosures", .size = sizeof **rows,
	    .fill = fill_disclosure, .free_rows = free_disclosures,
	    .sql = "SELECT " DISCLOSURE_COLS " FROM disclosure WHERE person_id = ?1 AND "
	           "disclosed_at >= ?2 ORDER BY disclosed_at, id"};
	void *got;
	int rc;

	v.param2 = since ? since : session_now(s) - (int64_t)ACCOUNTING_DAYS * 86400;
	rc = record_view_list(s, &v, &got, n);
	*rows = got;
	return rc;
}

/* ---------------------------------------------------------------- in force */

static int
in_force(struct session *s, const struct consent *c, int64_t at)
{
	char day[11], when[11];

	if (at < c->signed_at) {
		zone_local_date(s->db, c->signed_at, when);
		session_fail(s, "consent: not signed until %s", when);
		return 0;
	}
	if (c->revoked_at && c->revoked_at <= at) {
		zone_local_date(s->db, c->revoked_at, when);
		session_fail(s, "consent: revoked on %s", when);
		return 0;
	}
	if (c->event_ended_at && c->event_ended_at <= at) {
		zone_local_date(s->db, c->event_ended_at, when);
		session_fail(s, "consent: ended on %s (the event it names happened)", when);
		return 0;
	}
	zone_local_date(s->db, at, day);
	if (c->expires_on && strcmp(day, c->expires_on) > 0) {
		session_fail(s, "consent: expired on %s (its last day)", c->expires_on);
		return 0;
	}
	return 1;
}

int
consent_in_force(struct session *s, int64_t consent_id, int64_t at)
{
	struct consent c;
	int rc;

	s->err[0] = 0;
	if (load(s, consent_id, &c) != 0) {
		if (!s->err[0])
			session_dbfail(s);
		return -1;
	}
	rc = in_force(s, &c, at);
	free(c.store);
	return rc;
}

int
consent_covers(struct session *s, int64_t consent_id, int64_t person_id, int64_t at)
{
	struct consent c;
	char when[11];
	int rc = -1;

	if (load(s, consent_id, &c) != 0)
		return -1;
	if (c.person_id != person_id) {
		session_fail(s, "consent: not one of this person's consents");
	} else if (c.revoked_at) {
		zone_local_date(s->db, c.revoked_at, when);
		session_fail(s, "consent: revoked on %s: it no longer covers sharing", when);
	} else if (in_force(s, &c, at) == 1) {
		rc = 0;
	}
	free(c.store);
	return rc;
}

/* ---------------------------------------------------------------- record */

static int
validate(struct session *s, const struct consent *c)
{
	char signed_on[11];

	if (check_text(s, "scope", c->scope, 400, 1, 1) != 0 ||
	    check_text(s, "recipient", c->recipient, 200, 1, 0) != 0 ||
	    check_text(s, "purpose", c->purpose, 400, 1, 1) != 0 ||
	    check_date(s, "expiry date", c->expires_on, 0) != 0 ||
	    check_text(s, "expiry event", c->expiry_event, 200, 0, 0) != 0)
		return -1;
	if (!(c->expires_on && *c->expires_on) && !(c->expiry_event && *c->expiry_event))
		return session_fail(s, "expiry: give an expiry date, an expiry event, or both");
	if (c->revoked_at || (c->revoked_note && *c->revoked_note))
		return session_fail(s, "revoked: a consent is revoked with revoke, once it is "
		                    "recorded");
	if (c->event_ended_at || (c->event_note && *c->event_note))
		return session_fail(s, "ended: a consent is ended by its event once it is "
		                    "recorded, when staff learn the event happened");
	zone_local_date(s->db, c->signed_at, signed_on);
	if (c->expires_on && *c->expires_on && strcmp(c->expires_on, signed_on) < 0)
		return session_fail(s, "expiry date: %s is before the day it was signed (%s)",
		                    c->expires_on, signed_on);
	return 0;
}

static int
do_record(struct session *s, void *arg)
{
	struct consent *c = arg;
	struct record_diff d;
	sqlite3_stmt *st;
	int rc;

	if (record_may_write(s, c->person_id) != 0 ||
	    sql_prep(s, "INSERT INTO consent (person_id, scope, recipient, purpose, signed_at, "
	             "expires_on, expiry_event, recorded_by, updated_at, updated_by, version) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, 1)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, c->person_id, SQLITE_OK);
	rc = sql_bind_text(st, 2, c->scope, rc);
	rc = sql_bind_text(st, 3, c->recipient, rc);
	rc = sql_bind_text(st, 4, c->purpose, rc);
	rc = sql_bind_int(st, 5, c->signed_at, rc);
	rc = sql_bind_text(st, 6, c->expires_on, rc);
	rc = sql_bind_text(st, 7, c->expiry_event, rc);
	rc = sql_bind_int(st, 8, s->user_id, rc);
	rc = sql_bind_int(st, 9, session_now(s), rc);
	if (sql_insert(s, st, rc, &c->id) != 0 || record_touch(s, c->person_id, session_now(s)))
		return -1;
	record_diff_start(&d, "given");
	record_diff_text(&d, "scope", NULL, c->scope);
	record_diff_text(&d, "recipient", NULL, c->recipient);
	record_diff_text(&d, "purpose", NULL, c->purpose);
	record_diff_text(&d, "expiry date", NULL, c->expires_on);
	record_diff_text(&d, "expiry event", NULL, c->expiry_event);
	return audit_log(s, "create", "consent", c->id, c->person_id, record_diff_end(&d));
}

int
consent_record(struct session *s, struct consent *c)
{
	struct consent w = *c;

	w.id = 0;
	if (check_past(s, "signed", &w.signed_at) != 0 || validate(s, &w) != 0 ||
	    session_write(s, do_record, &w) != 0)
		return -1;
	c->id = w.id;
	c->signed_at = w.signed_at;
	c->recorded_by = c->updated_by = s->user_id;
	c->updated_at = session_now(s);
	c->version = 1;
	return 0;
}

/* ---------------------------------------------------------------- revoke */

struct revoke_args {
	int64_t id, version, at;
	const char *note;
};

/* Sets one of the two ends of a consent (sql: ?1 the time, ?2 the note,
 * ?3 the id, ?4 the version read, ?5 and ?6 when and by whom) if no one
 * saved the row since it was read and the end is not before the
 * signature; verb ("revoked", "ended") starts the refusal. */
static int
stamp(struct session *s, const struct consent *cur, const char *verb, const char *sql,
      int64_t at, const char *note, int64_t version)
{
	sqlite3_stmt *st;
	char when[11];
	int rc;

	if (cur->version != version)
		return record_conflict(s, "consent", cur->updated_by, cur->updated_at);
	if (at < cur->signed_at) {
		zone_local_date(s->db, cur->signed_at, when);
		return session_fail(s, "%s: before the consent was signed (%s)", verb, when);
	}
	if (sql_prep(s, sql, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, at, SQLITE_OK);
	rc = sql_bind_text(st, 2, note, rc);
	rc = sql_bind_int(st, 3, cur->id, rc);
	rc = sql_bind_int(st, 4, version, rc);
	rc = sql_bind_int(st, 5, session_now(s), rc);
	rc = sql_bind_int(st, 6, s->user_id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	if (sqlite3_changes(db_sql(s->db)) != 1)
		return record_conflict(s, "consent", cur->updated_by, cur->updated_at);
	return 0;
}

static int
do_revoke(struct session *s, void *arg)
{
	struct revoke_args *a = arg;
	struct consent cur;
	char when[11];
	int rc = -1;

	if (load(s, a->id, &cur) != 0)
		return -1;
	if (record_may_write(s, cur.person_id) != 0)
		goto out;
	if (cur.revoked_at) {
		zone_local_date(s->db, cur.revoked_at, when);
		session_fail(s, "this consent was revoked on %s: a revocation stands and cannot be "
		             "undone (nothing was saved)", when);
		goto out;
	}
	if (stamp(s, &cur, "revoked", "UPDATE consent SET revoked_at = ?1, revoked_note = ?2, "
	          "updated_at = ?5, updated_by = ?6, version = version + 1 "
	          "WHERE id = ?3 AND version = ?4 AND revoked_at IS NULL", a->at, a->note,
	          a->version) != 0)
		goto out;
	rc = record_touch(s, cur.person_id, session_now(s));
	if (rc == 0)
		rc = audit_log(s, "revoke", "consent", a->id, cur.person_id,
		               a->note && *a->note ? "revoked, with a note" : "revoked");
out:
	free(cur.store);
	return rc;
}

int
consent_revoke(struct session *s, int64_t consent_id, int64_t version, int64_t revoked_at,
               const char *note)
{
	struct revoke_args a = {consent_id, version, revoked_at, note};

	if (check_past(s, "revoked", &a.at) != 0 ||
	    check_text(s, "revocation note", note, 400, 0, 1) != 0)
		return -1;
	return session_write(s, do_revoke, &a);
}

/* ---------------------------------------------------------------- end by event */

struct end_args {
	int64_t id, version, at;
	const char *note;
};

/* Why this consent cannot be ended by its event, or 0 if it can. */
static int
end_refused(struct session *s, const struct consent *cur)
{
	char when[11];

	if (!cur->expiry_event || !*cur->expiry_event)
		return session_fail(s, "this consent names no event that ends it, only its expiry "
		                    "date (%s): nothing was saved", cur->expires_on);
	if (cur->event_ended_at) {
		zone_local_date(s->db, cur->event_ended_at, when);
		session_fail(s, "this consent already ended on %s, when the event it names "
		             "happened: that stands (nothing was saved)", when);
		return -1;
	}
	if (cur->revoked_at) {
		zone_local_date(s->db, cur->revoked_at, when);
		session_fail(s, "this consent was revoked on %s: it has already ended (nothing was "
		             "saved)", when);
		return -1;
	}
	return 0;
}

static int
do_end(struct session *s, void *arg)
{
	struct end_args *a = arg;
	struct consent cur;
	struct record_diff d;
	int rc = -1;

	if (load(s, a->id, &cur) != 0)
		return -1;
	if (record_may_write(s, cur.person_id) != 0 || end_refused(s, &cur) != 0)
		goto out;
	if (stamp(s, &cur, "ended", "UPDATE consent SET event_ended_at = ?1, event_note = ?2, "
	          "updated_at = ?5, updated_by = ?6, version = version + 1 "
	          "WHERE id = ?3 AND version = ?4 AND event_ended_at IS NULL", a->at, a->note,
	          a->version) != 0)
		goto out;
	record_diff_start(&d, "ended by its event");
	record_diff_int(&d, "event ended at", 0, a->at);
	record_diff_text(&d, "event note", NULL, a->note);
	rc = record_touch(s, cur.person_id, session_now(s));
	if (rc == 0)
		rc = audit_log(s, "update", "consent", a->id, cur.person_id, record_diff_end(&d));
out:
	free(cur.store);
	return rc;
}

int
consent_end_by_event(struct session *s, int64_t consent_id, int64_t version, int64_t ended_at,
                     const char *note)
{
	struct end_args a = {consent_id, version, ended_at, note};

	if (check_past(s, "ended", &a.at) != 0 ||
	    check_text(s, "event note", note, 400, 0, 1) != 0)
		return -1;
	return session_write(s, do_end, &a);
}

/* ---------------------------------------------------------------- disclose */

int
consent_same_recipient(const char *a, const char *b)
{
	size_t na, nb;

	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	na = strlen(a);
	nb = strlen(b);
	while (na && a[na - 1] == ' ')
		na--;
	while (nb && b[nb - 1] == ' ')
		nb--;
	return na == nb && strncasecmp(a, b, na) == 0;
}

static int
do_disclose(struct session *s, void *arg)
{
	struct disclosure *x = arg;
	struct consent c;
	struct record_diff d;
	sqlite3_stmt *st;
	int rc = -1;

	if (record_may_write(s, x->person_id) != 0)
		return -1;
	if (load(s, x->consent_id, &c) != 0)
		return -1;
	if (c.person_id != x->person_id) {
		session_fail(s, "consent: not one of this person's consents");
		goto out;
	}
	if (in_force(s, &c, x->disclosed_at) != 1)
		goto out;
	if (!consent_same_recipient(c.recipient, x->recipient)) {
		session_fail(s, "recipient: this consent covers sharing with %s only", c.recipient);
		goto out;
	}
	if (sql_prep(s, "INSERT INTO disclosure (person_id, consent_id, recipient, purpose, "
	             "description, disclosed_at, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	             &st) != 0)
		goto out;
	rc = sql_bind_int(st, 1, x->person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, x->consent_id, rc);
	rc = sql_bind_text(st, 3, x->recipient, rc);
	rc = sql_bind_text(st, 4, x->purpose, rc);
	rc = sql_bind_text(st, 5, x->description, rc);
	rc = sql_bind_int(st, 6, x->disclosed_at, rc);
	rc = sql_bind_int(st, 7, s->user_id, rc);
	rc = sql_insert(s, st, rc, &x->id);
	if (rc == 0)
		rc = record_touch(s, x->person_id, x->disclosed_at);
	record_diff_start(&d, "given");
	record_diff_text(&d, "recipient", NULL, x->recipient);
	record_diff_text(&d, "purpose", NULL, x->purpose);
	record_diff_text(&d, "description", NULL, x->description);
	if (rc == 0)
		rc = audit_log(s, "create", "disclosure", x->id, x->person_id, record_diff_end(&d));
out:
	free(c.store);
	return rc;
}

int
disclosure_record(struct session *s, struct disclosure *x)
{
	struct disclosure w = *x;

	w.id = 0;
	if (!w.consent_id)
		return session_fail(s, "consent: a disclosure needs the consent that allows it");
	if (check_text(s, "recipient", w.recipient, 200, 1, 0) != 0 ||
	    check_text(s, "purpose", w.purpose, 400, 1, 1) != 0 ||
	    check_text(s, "description", w.description, 1000, 0, 1) != 0 ||
	    check_past(s, "disclosed", &w.disclosed_at) != 0 ||
	    session_write(s, do_disclose, &w) != 0)
		return -1;
	x->id = w.id;
	x->disclosed_at = w.disclosed_at;
	x->by_user = s->user_id;
	return 0;
}

int
disclosure_record_locked(struct session *s, struct disclosure *x)
{
	x->id = 0;
	if (!x->consent_id)
		return session_fail(s, "consent: a disclosure needs the consent that allows it");
	if (check_text(s, "recipient", x->recipient, 200, 1, 0) != 0 ||
	    check_text(s, "purpose", x->purpose, 400, 1, 1) != 0 ||
	    check_text(s, "description", x->description, 1000, 0, 1) != 0 ||
	    check_past(s, "disclosed", &x->disclosed_at) != 0 || do_disclose(s, x) != 0)
		return -1;
	x->by_user = s->user_id;
	return 0;
}
