/* SPDX-License-Identifier: ISC */
/*
 * stock.c - naloxone kits by facility and lot (see stock.h).
 *
 * A lot's count (stock_lot.on_hand) and the move that changed it
 * (stock_move) are written together, inside one write transaction with
 * the audit row, so the two never disagree.  A draw that cannot be made
 * (no lot, a lot not known, too few kits) changes no count and opens an
 * item to reconcile instead: the handover that asked for it is the
 * person's record and is never refused for the stock's sake.
 */
#include "stock.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "setting.h"
#include "sql.h"
#include "sql_keep.h"
#include "vocab.h"
#include "zone.h"

#define DAY 86400
#define RECEIVE_MAX 10000

static int
given(const char *t)
{
	return t && *t;
}

/* The last day a lot may expire on and still count as "expiring". */
static void
expiring_cutoff(struct session *s, char out[11])
{
	zone_local_date(s->db, session_now(s) + (int64_t)STOCK_EXPIRING_DAYS * DAY, out);
}

static int
may_handle(struct session *s)
{
	return access_refuse_import(s);
}

/* The facility's lot called lot: its id and count, *found 0 if none. */
static int
find_lot(struct session *s, int64_t facility_id, const char *lot, int64_t *id, int64_t *on_hand,
         int *found)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (sql_prep_kept(s, "SELECT id, on_hand FROM stock_lot WHERE facility_id = ?1 AND "
	                  "lot = ?2", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, facility_id, SQLITE_OK);
	rc = sql_bind_str(st, 2, lot, rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*on_hand = sqlite3_column_int64(st, 1);
		*found = 1;
		rc = SQLITE_DONE;
	}
	sql_done(s, st);
	return rc == SQLITE_DONE ? 0 : session_dbfail(s);
}

/* A move of quantity kits (signed) in lot_id, and the lot's new count. */
static int
move(struct session *s, int64_t lot_id, const char *kind, int64_t quantity, const char *source,
     const char *reason, int64_t naloxone_id)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep_kept(s, "INSERT INTO stock_move (lot_id, at, by_user, kind, quantity, "
	                  "source, reason, naloxone_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                  &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, lot_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	rc = sql_bind_str(st, 4, kind, rc);
	rc = sql_bind_int(st, 5, quantity, rc);
	rc = sql_bind_text(st, 6, source, rc);
	rc = sql_bind_text(st, 7, reason, rc);
	rc = sql_bind_id(st, 8, naloxone_id, rc);
	if (sql_finish(s, st, rc) != 0 ||
	    sql_prep_kept(s, "UPDATE stock_lot SET on_hand = on_hand + ?2 WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, lot_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, quantity, rc);
	return sql_finish(s, st, rc);
}

/* ---------------------------------------------------------------- receive */

struct receive {
	const struct stock_receipt *r;
	const char *expiry;
	int64_t lot_id;
};

static int
do_receive(struct session *s, void *arg)
{
	struct receive *w = arg;
	const struct stock_receipt *r = w->r;
	sqlite3_stmt *st;
	int64_t on_hand, active;
	int found, rc;

	if (sql_query_i64(s, "SELECT active FROM facility WHERE id = ?1", r->facility_id, 0,
	                  &active, &found) != 0)
		return -1;
	if (!found || !active)
		return session_fail(s, "facility: kits are received at an active facility");
	if (find_lot(s, r->facility_id, r->lot, &w->lot_id, &on_hand, &found) != 0)
		return -1;
	if (!found) {
		if (sql_prep(s, "INSERT INTO stock_lot (facility_id, formulation, lot, expiry, "
		             "on_hand) VALUES (?1, ?2, ?3, ?4, 0)", &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, r->facility_id, SQLITE_OK);
		rc = sql_bind_str(st, 2, r->formulation, rc);
		rc = sql_bind_str(st, 3, r->lot, rc);
		rc = sql_bind_str(st, 4, w->expiry, rc);
		if (sql_insert(s, st, rc, &w->lot_id) != 0)
			return -1;
	}
	if (found) {
		char form[16] = "", exp[11] = "";
		if (sql_prep(s, "SELECT formulation, expiry FROM stock_lot WHERE id = ?1", &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, w->lot_id, SQLITE_OK);
		if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
			sql_col_copy(st, 0, form, sizeof form);
			sql_col_copy(st, 1, exp, sizeof exp);
		}
		sqlite3_finalize(st);
		if (strcmp(form, r->formulation) != 0 || strcmp(exp, w->expiry) != 0)
			return session_fail(s, "lot: this facility already has that lot as %s, "
			                    "expiring %s; check the box's label",
			                    vocab_label(VOCAB_FORMULATION, form), exp);
	}
	if (move(s, w->lot_id, "received", r->quantity, r->source, NULL, 0) != 0)
		return -1;
	return audit_log(s, "create", "stock_move", w->lot_id, 0,
	                 found ? "received: quantity, source" :
	                         "received: formulation, quantity, lot, expiry, source");
}

int
stock_receive(struct session *s, const struct stock_receipt *r, int64_t *lot_id)
{
	char month_end[11], today[11];
	struct receive w = {.r = r};

	if (may_handle(s) != 0)
		return -1;
	w.expiry = check_month_end(r->expiry, month_end);
	if (check_enum(s, "formulation", r->formulation, VOCAB_CODES(VOCAB_FORMULATION), 1) != 0 ||
	    check_text(s, "lot", r->lot, 40, 1, 0) != 0 ||
	    check_date(s, "expiry", w.expiry, 1) != 0 ||
	    check_text(s, "from whom", r->source, 200, 1, 0) != 0)
		return -1;
	if (r->quantity < 1 || r->quantity > RECEIVE_MAX)
		return session_fail(s, "quantity: 1 to %d kits", RECEIVE_MAX);
	zone_local_date(s->db, session_now(s), today);
	if (strcmp(w.expiry, today) < 0)
		return session_fail(s, "expiry: %s is in the past: these kits have expired and "
		                    "are not stock", w.expiry);
	if (session_write(s, do_receive, &w) != 0)
		return -1;
	if (lot_id)
		*lot_id = w.lot_id;
	return 0;
}

/* ---------------------------------------------------------------- lists */

static int
fill_lot(struct session *s, sqlite3_stmt *st, void *row)
{
	struct stock_lot_row *l = row;

	(void)s;
	l->id = sqlite3_column_int64(st, 0);
	l->facility_id = sqlite3_column_int64(st, 1);
	l->on_hand = sqlite3_column_int64(st, 2);
	l->expiring = sqlite3_column_int(st, 3);
	sql_col_copy(st, 4, l->facility, sizeof l->facility);
	sql_col_copy(st, 5, l->formulation, sizeof l->formulation);
	sql_col_copy(st, 6, l->lot, sizeof l->lot);
	sql_col_copy(st, 7, l->expiry, sizeof l->expiry);
	return 0;
}

int
stock_list(struct session *s, int64_t facility_id, struct stock_lot_row **rows, int *n)
{
	char cutoff[11];
	sqlite3_stmt *st;
	void *got = NULL;
	int rc;

	*rows = NULL;
	*n = 0;
	if (may_handle(s) != 0)
		return -1;
	expiring_cutoff(s, cutoff);
	if (sql_prep(s, "SELECT l.id, l.facility_id, l.on_hand, l.expiry <= ?2, f.name, "
	             "l.formulation, l.lot, l.expiry FROM stock_lot l JOIN facility f ON "
	             "f.id = l.facility_id WHERE ?1 = 0 OR l.facility_id = ?1 "
	             "ORDER BY f.name, l.expiry, l.lot", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, facility_id, SQLITE_OK);
	rc = sql_bind_str(st, 2, cutoff, rc);
	rc = sql_list(s, st, rc, sizeof **rows, fill_lot, &got, n);
	*rows = got;
	return rc;
}

static int
fill_item(struct session *s, sqlite3_stmt *st, void *row)
{
	struct stock_reconcile_row *r = row;

	(void)s;
	r->id = sqlite3_column_int64(st, 0);
	r->naloxone_id = sqlite3_column_int64(st, 1);
	r->facility_id = sqlite3_column_int64(st, 2);
	r->opened_at = sqlite3_column_int64(st, 3);
	r->closed_at = sqlite3_column_int64(st, 4);
	r->quantity = sqlite3_column_int(st, 5);
	sql_col_copy(st, 6, r->facility, sizeof r->facility);
	sql_col_copy(st, 7, r->formulation, sizeof r->formulation);
	sql_col_copy(st, 8, r->lot, sizeof r->lot);
	sql_col_copy(st, 9, r->why, sizeof r->why);
	return 0;
}

int
stock_reconcile_list(struct session *s, struct stock_reconcile_row **rows, int *n)
{
	sqlite3_stmt *st;
	void *got = NULL;
	int rc;

	*rows = NULL;
	*n = 0;
	if (may_handle(s) != 0 ||
	    sql_prep(s, "SELECT r.id, r.naloxone_id, coalesce(r.facility_id, 0), r.opened_at, "
	             "coalesce(r.closed_at, 0), n.quantity, f.name, n.formulation, n.lot, r.why "
	             "FROM stock_reconcile r JOIN naloxone n ON n.id = r.naloxone_id "
	             "LEFT JOIN facility f ON f.id = r.facility_id WHERE r.closed_at IS NULL "
	             "ORDER BY r.id", &st) != 0)
		return -1;
	rc = sql_list(s, st, SQLITE_OK, sizeof **rows, fill_item, &got, n);
	*rows = got;
	return rc;
}

/* ---------------------------------------------------------------- draw */

/* The facility of a handover: its stay's, else the person's latest stay
 * booked at or before it; 0 when none. */
static int
handover_facility(struct session *s, int64_t person_id, int64_t stay_id, int64_t at,
                  int64_t *facility_id)
{
	*facility_id = 0;
	if (stay_id)
		return sql_query_i64(s, "SELECT facility_id FROM stay WHERE id = ?1", stay_id, 0,
		                     facility_id, NULL);
	return sql_query_i64(s, "SELECT facility_id FROM stay WHERE person_id = ?1 AND "
	                     "booked_at <= ?2 ORDER BY booked_at DESC, id DESC LIMIT 1",
	                     person_id, at, facility_id, NULL);
}

static int
open_item(struct session *s, int64_t naloxone_id, int64_t facility_id, const char *why)
{
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	if (sql_prep(s, "INSERT INTO stock_reconcile (naloxone_id, facility_id, why, opened_at) "
	             "VALUES (?1, ?2, ?3, ?4)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, naloxone_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, facility_id, rc);
	rc = sql_bind_str(st, 3, why, rc);
	rc = sql_bind_int(st, 4, session_now(s), rc);
	if (sql_insert(s, st, rc, &id) != 0)
		return -1;
	return audit_log(s, "create", "stock_reconcile", id, 0, why);
}

int
stock_draw(struct session *s, int64_t naloxone_id, int64_t person_id, int64_t stay_id,
           int64_t at, int quantity, const char *lot)
{
	int64_t facility_id, lot_id, on_hand, keeps = 0;
	int found = 0;

	if (handover_facility(s, person_id, stay_id, at, &facility_id) != 0)
		return -1;
	/* A facility (or, where the facility is not known, a site) that
	 * keeps no stock has nothing to draw and nothing to reconcile. */
	if (sql_query_i64(s, "SELECT count(*) FROM stock_lot WHERE ?1 = 0 OR facility_id = ?1",
	                  facility_id, 0, &keeps, NULL) != 0)
		return -1;
	if (!keeps)
		return 0;
	if (!given(lot))
		return open_item(s, naloxone_id, facility_id, "no_lot");
	if (facility_id && find_lot(s, facility_id, lot, &lot_id, &on_hand, &found) != 0)
		return -1;
	if (!found)
		return open_item(s, naloxone_id, facility_id, "unknown_lot");
	if (on_hand < quantity)
		return open_item(s, naloxone_id, facility_id, "short");
	return move(s, lot_id, "given", -quantity, NULL, NULL, naloxone_id);
}

/* ---------------------------------------------------------------- correct */

struct correct {
	int64_t facility_id, count;
	const char *lot, *reason;
};

static int
do_correct(struct session *s, void *arg)
{
	const struct correct *c = arg;
	int64_t lot_id, on_hand;
	char detail[64];
	int found;

	if (find_lot(s, c->facility_id, c->lot, &lot_id, &on_hand, &found) != 0)
		return -1;
	if (!found)
		return session_fail(s, "lot: this facility has no lot '%.40s'", c->lot);
	if (on_hand == c->count)
		return session_fail(s, "count: the lot already holds %lld kits; nothing to correct",
		                    (long long)on_hand);
	if (move(s, lot_id, "corrected", c->count - on_hand, NULL, c->reason, 0) != 0)
		return -1;
	snprintf(detail, sizeof detail, "corrected: count %+lld, reason",
	         (long long)(c->count - on_hand));
	return audit_log(s, "update", "stock_lot", lot_id, 0, detail);
}

static int
check_reason(struct session *s, const char *reason)
{
	if (check_text(s, "reason", reason, 400, 1, 0) != 0)
		return -1;
	if (!check_is_sentence(reason, 10))
		return session_fail(s, "reason: say in a few words what happened, so the next "
		                    "person can follow it");
	return 0;
}

int
stock_correct(struct session *s, int64_t facility_id, const char *lot, int64_t count,
              const char *reason)
{
	struct correct c = {facility_id, count, lot, reason};

	if (s->role != ROLE_ADMIN)
		return session_fail(s, "only administrators correct a stock count");
	if (check_text(s, "lot", lot, 40, 1, 0) != 0 || check_reason(s, reason) != 0)
		return -1;
	if (count < 0 || count > 1000000)
		return session_fail(s, "count: a whole number of kits, 0 or more (a count is never "
		                    "below zero)");
	return session_write(s, do_correct, &c);
}

/* ---------------------------------------------------------------- reconcile */

struct close {
	int64_t id;
	const char *lot, *reason;
};

static int
do_close(struct session *s, void *arg)
{
	const struct close *c = arg;
	int64_t facility_id = 0, naloxone_id = 0, closed = 0, lot_id = 0, on_hand, quantity = 0;
	sqlite3_stmt *st;
	int found = 0, rc;

	if (sql_prep(s, "SELECT coalesce(r.facility_id, 0), r.naloxone_id, r.closed_at IS NOT "
	             "NULL, n.quantity FROM stock_reconcile r JOIN naloxone n ON "
	             "n.id = r.naloxone_id WHERE r.id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, c->id, SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		facility_id = sqlite3_column_int64(st, 0);
		naloxone_id = sqlite3_column_int64(st, 1);
		closed = sqlite3_column_int64(st, 2);
		quantity = sqlite3_column_int64(st, 3);
		found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return session_dbfail(s);
	if (!found || closed)
		return session_fail(s, "no open item %lld to reconcile", (long long)c->id);
	if (given(c->lot)) {
		if (!facility_id)
			return session_fail(s, "lot: the facility of this handover is not known; "
			                    "close it with a reason only");
		if (find_lot(s, facility_id, c->lot, &lot_id, &on_hand, &found) != 0)
			return -1;
		if (!found)
			return session_fail(s, "lot: this facility has no lot '%.40s'", c->lot);
		if (on_hand < quantity)
			return session_fail(s, "lot: it holds %lld kits, fewer than the %lld given; "
			                    "correct its count first", (long long)on_hand,
			                    (long long)quantity);
		if (move(s, lot_id, "reconciled", -quantity, NULL, c->reason, naloxone_id) != 0)
			return -1;
	}
	if (sql_prep(s, "UPDATE stock_reconcile SET closed_at = ?2, closed_by = ?3, lot_id = ?4, "
	             "reason = ?5 WHERE id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, c->id, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	rc = sql_bind_id(st, 4, lot_id, rc);
	rc = sql_bind_str(st, 5, c->reason, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	return audit_log(s, "update", "stock_reconcile", c->id, 0,
	                 lot_id ? "reconciled: lot, reason" : "reconciled: reason");
}

int
stock_reconcile_close(struct session *s, int64_t id, const char *lot, const char *reason)
{
	struct close c = {id, lot, reason};

	if (s->role != ROLE_ADMIN && s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only administrators and supervisors reconcile the stock");
	if (check_text(s, "lot", lot, 40, 0, 0) != 0 || check_reason(s, reason) != 0)
		return -1;
	return session_write(s, do_close, &c);
}

/* ---------------------------------------------------------------- totals */

int
stock_totals(struct session *s, int64_t facility_id, struct stock_totals *out)
{
	int64_t low = setting_int(s->db, STOCK_LOW_SETTING, 10);
	char cutoff[11];
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	expiring_cutoff(s, cutoff);
	/* A facility is low when it keeps stock (has had a lot) and holds
	 * fewer kits than the mark. */
	if (sql_prep(s, "SELECT coalesce(sum(on_hand), 0), coalesce(sum(CASE WHEN expiry <= ?2 "
	             "THEN on_hand END), 0), (SELECT count(*) FROM (SELECT facility_id FROM "
	             "stock_lot WHERE ?1 = 0 OR facility_id = ?1 GROUP BY facility_id HAVING "
	             "sum(on_hand) < ?3)), (SELECT count(*) FROM stock_reconcile WHERE closed_at "
	             "IS NULL AND (?1 = 0 OR facility_id = ?1)) FROM stock_lot "
	             "WHERE ?1 = 0 OR facility_id = ?1", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, facility_id, SQLITE_OK);
	rc = sql_bind_str(st, 2, cutoff, rc);
	rc = sql_bind_int(st, 3, low, rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->on_hand = sqlite3_column_int64(st, 0);
		out->expiring = sqlite3_column_int64(st, 1);
		out->low_facilities = sqlite3_column_int64(st, 2);
		out->to_reconcile = sqlite3_column_int64(st, 3);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : session_dbfail(s);
}

int
stock_needs_look(const struct stock_totals *t)
{
	return t->expiring > 0 || t->low_facilities > 0 || t->to_reconcile > 0;
}
