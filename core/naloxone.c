/* SPDX-License-Identifier: ISC */
/*
 * naloxone.c - naloxone at release, and what became of it (see
 * naloxone.h).
 *
 * The rules that tie fields to outcomes are checked here, before the
 * write lock is taken, with a sentence naming the field; the schema's
 * CHECKs are the last line behind them.  Each call is one transaction with
 * its audit row; the audit names fields, never lots, reasons or notes.
 */
#include "naloxone.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "record.h"
#include "sql_keep.h"
#include "stock.h"
#include "vocab.h"
#include "zone.h"

#define outcomes VOCAB_CODES(VOCAB_NAL_OUTCOME)
#define formulations VOCAB_CODES(VOCAB_FORMULATION)
#define handovers VOCAB_CODES(VOCAB_HANDOVER)
#define kits VOCAB_CODES(VOCAB_KIT)
#define kinds VOCAB_CODES(VOCAB_NAL_EVENT)
#define used_on_codes VOCAB_CODES(VOCAB_USED_ON)
const char *const *const naloxone_outcomes = outcomes;
const char *const *const naloxone_formulations = formulations;
const char *const *const naloxone_handovers = handovers;
const char *const *const naloxone_kits = kits;
const char *const *const naloxone_event_kinds = kinds;
const char *const *const naloxone_used_on = used_on_codes;

static int
given(const char *t)
{
	return t && *t;
}

static const char *
opt(const char *t)
{
	return given(t) ? t : NULL;
}

/* ---------------------------------------------------------------- checks */

static int
check_kit(struct session *s, const struct naloxone *n)
{
	int out = strcmp(n->outcome, "given") == 0 || strcmp(n->outcome, "placed_in_property") == 0;
	char today[11];

	if (!out) {
		if (given(n->formulation) || n->quantity || given(n->lot) || given(n->expiry) ||
		    given(n->handover) || given(n->kit))
			return session_fail(s, "kit details: only for a kit given or placed in property");
		return 0;
	}
	if (!given(n->formulation))
		return session_fail(s, "formulation: this is required for a kit that goes with the "
		                    "person");
	if (!n->quantity)
		return session_fail(s, "quantity: this is required for a kit that goes with the "
		                    "person (1 to 50)");
	if (!given(n->handover))
		return session_fail(s, "handover: this is required for a kit that goes with the "
		                    "person");
	if (strcmp(n->outcome, "placed_in_property") == 0 && strcmp(n->handover, "property_bag"))
		return session_fail(s, "handover: a kit placed in property is handed over in the "
		                    "property bag");
	if (strcmp(n->outcome, "given") == 0 && strcmp(n->handover, "property_bag") == 0)
		return session_fail(s, "handover: a kit in the property bag is recorded as placed in "
		                    "property, not given");
	zone_local_date(s->db, session_now(s), today);
	if (given(n->expiry) && strcmp(n->expiry, today) < 0)
		return session_fail(s, "expiry: %s is in the past: this kit has expired; hand over "
		                    "one that has not", n->expiry);
	return 0;
}

static int
validate(struct session *s, const struct naloxone *n)
{
	if (check_enum(s, "outcome", n->outcome, outcomes, 1) != 0 ||
	    check_enum(s, "formulation", opt(n->formulation), formulations, 0) != 0 ||
	    check_enum(s, "handover", opt(n->handover), handovers, 0) != 0 ||
	    check_enum(s, "first kit or refill", opt(n->kit), kits, 0) != 0 ||
	    check_text(s, "lot", n->lot, 40, 0, 0) != 0 ||
	    check_date(s, "expiry", n->expiry, 0) != 0 ||
	    check_text(s, "reason for declining", n->decline_reason, 400, 0, 1) != 0)
		return -1;
	if (n->quantity < 0 || n->quantity > 50)
		return session_fail(s, "quantity: 1 to 50");
	if (given(n->decline_reason) && strcmp(n->outcome, "declined") != 0)
		return session_fail(s, "reason for declining: only when the person declined");
	return check_kit(s, n);
}

static int
validate_event(struct session *s, const struct naloxone_event *e)
{
	if (check_enum(s, "what happened", e->kind, kinds, 1) != 0 ||
	    check_enum(s, "used on", opt(e->used_on), used_on_codes, 0) != 0 ||
	    check_yn(s, "survived", e->survived) != 0 ||
	    check_yn(s, "911 called", e->called_911) != 0 ||
	    check_text(s, "note", e->note, 1000, 0, 1) != 0)
		return -1;
	if (e->doses < 0 || e->doses > 20)
		return session_fail(s, "doses: 1 to 20");
	if (strcmp(e->kind, "used") != 0 && (given(e->used_on) || e->doses ||
	    e->survived != YN_NOT_ASKED || e->called_911 != YN_NOT_ASKED))
		return session_fail(s, "used on, doses, survived and 911 called: only when the "
		                    "naloxone was used");
	return 0;
}

/* ---------------------------------------------------------------- reading */

#define COLS                                                                               \
	"id, person_id, coalesce(stay_id, 0), at, by_user, coalesce(quantity, 0), version, " \
	"updated_at, updated_by, outcome, decline_reason, formulation, lot, expiry, "         \
	"handover, kit"
#define EVENT_COLS                                                                          \
	"id, person_id, coalesce(naloxone_id, 0), at, by_user, coalesce(doses, 0), survived, " \
	"called_911, kind, used_on, note"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct naloxone *n = row;
	const char **const text[] = {&n->outcome, &n->decline_reason, &n->formulation, &n->lot,
	                             &n->expiry, &n->handover, &n->kit};

	n->id = sqlite3_column_int64(st, 0);
	n->person_id = sqlite3_column_int64(st, 1);
	n->stay_id = sqlite3_column_int64(st, 2);
	n->at = sqlite3_column_int64(st, 3);
	n->by_user = sqlite3_column_int64(st, 4);
	n->quantity = sqlite3_column_int(st, 5);
	n->version = sqlite3_column_int64(st, 6);
	n->updated_at = sqlite3_column_int64(st, 7);
	n->updated_by = sqlite3_column_int64(st, 8);
	return sql_copy_text(s, st, 9, text, 7, &n->store);
}

static int
fill_event(struct session *s, sqlite3_stmt *st, void *row)
{
	struct naloxone_event *e = row;
	const char **const text[] = {&e->kind, &e->used_on, &e->note};

	e->id = sqlite3_column_int64(st, 0);
	e->person_id = sqlite3_column_int64(st, 1);
	e->naloxone_id = sqlite3_column_int64(st, 2);
	e->at = sqlite3_column_int64(st, 3);
	e->by_user = sqlite3_column_int64(st, 4);
	e->doses = sqlite3_column_int(st, 5);
	e->survived = sql_col_yn(st, 6);
	e->called_911 = sql_col_yn(st, 7);
	return sql_copy_text(s, st, 8, text, 3, &e->store);
}

void
naloxone_list_free(struct naloxone *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

void
naloxone_event_list_free(struct naloxone_event *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

static void
free_rows(void *rows, int n)
{
	naloxone_list_free(rows, n);
}

static void
free_events(void *rows, int n)
{
	naloxone_event_list_free(rows, n);
}

int
naloxone_list(struct session *s, int64_t person_id, struct naloxone **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "naloxone", .detail = "list",
	    .sql = "SELECT " COLS " FROM naloxone WHERE person_id = ?1 ORDER BY at, id",
	    .size = sizeof **rows, .fill = fill, .free_rows = free_rows};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

int
naloxone_event_list(struct session *s, int64_t person_id, struct naloxone_event **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "naloxone_event",
	    .detail = "list", .size = sizeof **rows, .fill = fill_event, .free_rows = free_events,
	    .sql = "SELECT " EVENT_COLS " FROM naloxone_event WHERE person_id = ?1 "
	           "ORDER BY at, id"};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

/* ---------------------------------------------------------------- record */

static int
do_record(struct session *s, void *arg)
{
	struct naloxone *n = arg;
	struct record_diff d;
	sqlite3_stmt *st;
	int rc;

	if (record_may_write(s, n->person_id) != 0 ||
	    record_check_stay(s, n->person_id, n->stay_id, NULL) != 0)
		return -1;
	if (sql_prep_kept(s, "INSERT INTO naloxone (person_id, stay_id, at, by_user, outcome, "
	             "decline_reason, formulation, quantity, lot, expiry, handover, kit, "
	             "updated_at, updated_by, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	             "?9, ?10, ?11, ?12, ?13, ?4, 1)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, n->person_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, n->stay_id, rc);
	rc = sql_bind_int(st, 3, n->at, rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	rc = sql_bind_text(st, 5, n->outcome, rc);
	rc = sql_bind_text(st, 6, n->decline_reason, rc);
	rc = sql_bind_text(st, 7, n->formulation, rc);
	rc = sql_bind_id(st, 8, n->quantity, rc);
	rc = sql_bind_text(st, 9, n->lot, rc);
	rc = sql_bind_text(st, 10, n->expiry, rc);
	rc = sql_bind_text(st, 11, n->handover, rc);
	rc = sql_bind_text(st, 12, n->kit, rc);
	rc = sql_bind_int(st, 13, session_now(s), rc);
	if (sql_insert(s, st, rc, &n->id) != 0 || record_touch(s, n->person_id, n->at) != 0)
		return -1;
	/* The kits leave the facility's stock with the record, or go on the
	 * list to reconcile: the stock never refuses a handover. */
	if (n->quantity && stock_draw(s, n->id, n->person_id, n->stay_id, n->at, n->quantity,
	                              n->lot) != 0)
		return -1;
	/* The outcome is what the release queue and the reports count; the
	 * rest are named, not copied. */
	record_diff_start(&d, n->outcome);
	record_diff_int(&d, "stay", 0, n->stay_id);
	record_diff_text(&d, "reason for declining", NULL, n->decline_reason);
	record_diff_text(&d, "formulation", NULL, n->formulation);
	record_diff_int(&d, "quantity", 0, n->quantity);
	record_diff_text(&d, "lot", NULL, n->lot);
	record_diff_text(&d, "expiry", NULL, n->expiry);
	record_diff_text(&d, "handover", NULL, n->handover);
	record_diff_text(&d, "first kit or refill", NULL, n->kit);
	return audit_log(s, "create", "naloxone", n->id, n->person_id,
	                 d.n ? record_diff_end(&d) : n->outcome);
}

int
naloxone_record(struct session *s, struct naloxone *n)
{
	struct naloxone w = *n;
	char month_end[11];

	w.id = 0;
	/* A kit prints its expiry as a month: it is good to the month's end. */
	w.expiry = check_month_end(w.expiry, month_end);
	if (validate(s, &w) != 0 || check_past(s, "naloxone time", &w.at) != 0 ||
	    session_write(s, do_record, &w) != 0)
		return -1;
	n->id = w.id;
	n->at = w.at;
	n->by_user = n->updated_by = s->user_id;
	n->updated_at = session_now(s);
	n->version = 1;
	return 0;
}

static int
do_event(struct session *s, void *arg)
{
	struct naloxone_event *e = arg;
	struct record_diff d;
	sqlite3_stmt *st;
	int64_t owner;
	int found, rc;

	if (record_may_write(s, e->person_id) != 0)
		return -1;
	if (e->naloxone_id) {
		if (sql_query_i64(s, "SELECT person_id FROM naloxone WHERE id = ?1", e->naloxone_id,
		                  0, &owner, &found) != 0)
			return -1;
		if (!found || owner != e->person_id)
			return session_fail(s, "kit: not one of this person's naloxone records");
	}
	if (sql_prep(s, "INSERT INTO naloxone_event (person_id, naloxone_id, at, by_user, kind, "
	             "used_on, doses, survived, called_911, note) VALUES (?1, ?2, ?3, ?4, ?5, "
	             "?6, ?7, ?8, ?9, ?10)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, e->person_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, e->naloxone_id, rc);
	rc = sql_bind_int(st, 3, e->at, rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	rc = sql_bind_text(st, 5, e->kind, rc);
	rc = sql_bind_text(st, 6, e->used_on, rc);
	rc = sql_bind_id(st, 7, e->doses, rc);
	rc = sql_bind_yn(st, 8, e->survived, rc);
	rc = sql_bind_yn(st, 9, e->called_911, rc);
	rc = sql_bind_text(st, 10, e->note, rc);
	if (sql_insert(s, st, rc, &e->id) != 0 || record_touch(s, e->person_id, e->at) != 0)
		return -1;
	record_diff_start(&d, e->kind);
	record_diff_int(&d, "kit", 0, e->naloxone_id);
	record_diff_text(&d, "used on", NULL, e->used_on);
	record_diff_int(&d, "doses", 0, e->doses);
	record_diff_int(&d, "survived", YN_NOT_ASKED, e->survived);
	record_diff_int(&d, "911 called", YN_NOT_ASKED, e->called_911);
	record_diff_text(&d, "note", NULL, e->note);
	return audit_log(s, "create", "naloxone_event", e->id, e->person_id,
	                 d.n ? record_diff_end(&d) : e->kind);
}

int
naloxone_event_record(struct session *s, struct naloxone_event *e)
{
	struct naloxone_event w = *e;

	w.id = 0;
	if (validate_event(s, &w) != 0 || check_past(s, "time", &w.at) != 0 ||
	    session_write(s, do_event, &w) != 0)
		return -1;
	e->id = w.id;
	e->at = w.at;
	e->by_user = s->user_id;
	return 0;
}
