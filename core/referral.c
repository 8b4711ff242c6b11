/* SPDX-License-Identifier: ISC */
/*
 * referral.c - referrals and their status (see referral.h).
 *
 * The moves a status may make are one table (moves[]), so the rule and
 * the refusal cannot drift apart.  The consent that covers a referral is
 * checked by consent.c inside this transaction, so a revocation committed
 * a moment earlier is seen.  The audit names fields and the status moved
 * from and to; the type of referral and any reason are not copied there.
 */
#include "referral.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "consent.h"
#include "record.h"
#include "vocab.h"
#include "zone.h"

const char *const *const referral_types = VOCAB_CODES(VOCAB_REFERRAL_TYPE);
const char *const *const referral_statuses = VOCAB_CODES(VOCAB_REFERRAL_STATUS);

static const struct {
	const char *from, *to;
} moves[] = {
    {"referred", "scheduled"}, {"referred", "attended"},  {"referred", "declined"},
    {"referred", "cancelled"}, {"referred", "lost"},      {"scheduled", "scheduled"},
    {"scheduled", "attended"}, {"scheduled", "no_show"},  {"scheduled", "declined"},
    {"scheduled", "cancelled"}, {"scheduled", "lost"},    {"no_show", "scheduled"},
    {"no_show", "declined"},   {"no_show", "cancelled"}, {"no_show", "lost"},
};

static int
is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* A status in words, from the one vocabulary (vocab.c). */
static const char *
word(const char *status)
{
	return vocab_label(VOCAB_REFERRAL_STATUS, status);
}

/* ---------------------------------------------------------------- reading */

#define LAST_FIX(col)                                                                   \
	"(SELECT " col " FROM referral_outcome_change c WHERE c.referral_id = referral.id " \
	"ORDER BY c.id DESC LIMIT 1)"
#define COLS                                                                                 \
	"id, person_id, coalesce(stay_id, 0), coalesce(provider_id, 0), referred_at, "        \
	"coalesce(appointment_at, 0), warm_handoff, coalesce(consent_id, 0), "                \
	"coalesce(outcome_at, 0), created_by, updated_at, updated_by, version, "              \
	"coalesce(" LAST_FIX("changed_at") ", 0), coalesce(" LAST_FIX("changed_by") ", 0), "  \
	"type, status, decline_reason, " LAST_FIX("old_status")

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct referral *r = row;
	const char **const text[] = {&r->type, &r->status, &r->decline_reason, &r->corrected_from};

	r->id = sqlite3_column_int64(st, 0);
	r->person_id = sqlite3_column_int64(st, 1);
	r->stay_id = sqlite3_column_int64(st, 2);
	r->provider_id = sqlite3_column_int64(st, 3);
	r->referred_at = sqlite3_column_int64(st, 4);
	r->appointment_at = sqlite3_column_int64(st, 5);
	r->warm_handoff = sql_col_yn(st, 6);
	r->consent_id = sqlite3_column_int64(st, 7);
	r->outcome_at = sqlite3_column_int64(st, 8);
	r->created_by = sqlite3_column_int64(st, 9);
	r->updated_at = sqlite3_column_int64(st, 10);
	r->updated_by = sqlite3_column_int64(st, 11);
	r->version = sqlite3_column_int64(st, 12);
	r->corrected_at = sqlite3_column_int64(st, 13);
	r->corrected_by = sqlite3_column_int64(st, 14);
	return sql_copy_text(s, st, 15, text, 4, &r->store);
}

void
referral_list_free(struct referral *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

static void
free_rows(void *rows, int n)
{
	referral_list_free(rows, n);
}

int
referral_list(struct session *s, int64_t person_id, struct referral **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "referral", .detail = "list",
	    .sql = "SELECT " COLS " FROM referral WHERE person_id = ?1 ORDER BY referred_at, id",
	    .size = sizeof **rows, .fill = fill, .free_rows = free_rows};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

/* The referral as stored, read for a change: it must exist, the session
 * must be allowed to write the person's records, and it must still be at
 * the version the caller read.  On success free cur->store. */
static int
open_for_change(struct session *s, int64_t id, int64_t version, struct referral *cur)
{
	sqlite3_stmt *st;

	memset(cur, 0, sizeof *cur);
	if (sql_prep(s, "SELECT " COLS " FROM referral WHERE id = ?1", &st) != 0 ||
	    sql_get(s, st, sql_bind_int(st, 1, id, SQLITE_OK), fill, cur, sizeof *cur,
	            "referral") != 0)
		return -1;
	if (record_may_write(s, cur->person_id) == 0) {
		if (cur->version == version)
			return 0;
		record_conflict(s, "referral", cur->updated_by, cur->updated_at);
	}
	free(cur->store);
	cur->store = NULL;
	return -1;
}

/* ---------------------------------------------------------------- checks */

/* The provider must be in the directory and, for a new link, active. */
static int
check_provider(struct session *s, int64_t provider_id)
{
	int64_t active;
	int found;

	if (!provider_id)
		return 0;
	if (sql_query_i64(s, "SELECT active FROM provider WHERE id = ?1", provider_id, 0,
	                  &active, &found) != 0)
		return -1;
	if (!found)
		return session_fail(s, "provider: not in the directory");
	if (!active)
		return session_fail(s, "provider: no longer active in the directory");
	return 0;
}

static int
check_appointment(struct session *s, int64_t appointment_at, int64_t referred_at)
{
	char when[40];

	if (check_time(s, "appointment time", appointment_at) != 0)
		return -1;
	if (appointment_at < referred_at)
		return session_fail(s, "appointment time: before the referral (%s)",
		                    zone_local_time(s->db, referred_at, when, sizeof when));
	return 0;
}

/* What create needs before the write lock: every field on its own, and
 * the status with the appointment.  Fills in the status when NULL. */
static int
validate_new(struct session *s, struct referral *r)
{
	const char *reason = r->decline_reason && *r->decline_reason ? r->decline_reason : NULL;

	if (check_enum(s, "type", r->type, referral_types, 1) != 0 ||
	    check_enum(s, "status", r->status && *r->status ? r->status : NULL, referral_statuses,
	               0) != 0 ||
	    check_yn(s, "warm handoff", r->warm_handoff) != 0 ||
	    check_text(s, "reason for declining", reason, 400, 0, 1) != 0 ||
	    check_past(s, "referred at", &r->referred_at) != 0)
		return -1;
	if (!r->status || !*r->status)
		r->status = r->appointment_at ? "scheduled" : "referred";
	if (!is(r->status, "referred") && !is(r->status, "scheduled") && !is(r->status, "declined"))
		return session_fail(s, "status: a new referral is referred, scheduled or declined");
	if (is(r->status, "scheduled") && !r->appointment_at)
		return session_fail(s, "appointment time: a scheduled referral needs one");
	if (is(r->status, "referred") && r->appointment_at)
		return session_fail(s, "appointment time: a referral with an appointment is "
		                    "scheduled");
	if (is(r->status, "declined") && r->appointment_at)
		return session_fail(s, "appointment time: not for a referral the person declined");
	if (r->appointment_at && check_appointment(s, r->appointment_at, r->referred_at) != 0)
		return -1;
	if (reason && !is(r->status, "declined"))
		return session_fail(s, "reason for declining: only when the person declined");
	return 0;
}

/* ---------------------------------------------------------------- create */

static int
do_create(struct session *s, void *arg)
{
	struct referral *r = arg;
	int64_t now = session_now(s);
	struct record_diff d;
	sqlite3_stmt *st;
	int rc;

	if (record_may_write(s, r->person_id) != 0 ||
	    record_check_stay(s, r->person_id, r->stay_id, NULL) != 0 ||
	    check_provider(s, r->provider_id) != 0 ||
	    (r->consent_id && consent_covers(s, r->consent_id, r->person_id, r->referred_at) != 0))
		return -1;
	if (sql_prep(s, "INSERT INTO referral (person_id, stay_id, type, provider_id, "
	             "referred_at, appointment_at, warm_handoff, status, decline_reason, "
	             "consent_id, outcome_at, created_by, updated_at, updated_by, version) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, 1)",
	             &st) != 0)
		return -1;
	r->outcome_at = is(r->status, "declined") ? now : 0;
	rc = sql_bind_int(st, 1, r->person_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, r->stay_id, rc);
	rc = sql_bind_text(st, 3, r->type, rc);
	rc = sql_bind_id(st, 4, r->provider_id, rc);
	rc = sql_bind_int(st, 5, r->referred_at, rc);
	rc = sql_bind_id(st, 6, r->appointment_at, rc);
	rc = sql_bind_yn(st, 7, r->warm_handoff, rc);
	rc = sql_bind_text(st, 8, r->status, rc);
	rc = sql_bind_text(st, 9, r->decline_reason, rc);
	rc = sql_bind_id(st, 10, r->consent_id, rc);
	rc = sql_bind_id(st, 11, r->outcome_at, rc);
	rc = sql_bind_int(st, 12, s->user_id, rc);
	rc = sql_bind_int(st, 13, now, rc);
	if (sql_insert(s, st, rc, &r->id) != 0 || record_touch(s, r->person_id, now) != 0)
		return -1;
	record_diff_start(&d, r->status);
	record_diff_int(&d, "stay", 0, r->stay_id);
	record_diff_int(&d, "provider", 0, r->provider_id);
	record_diff_int(&d, "appointment time", 0, r->appointment_at);
	record_diff_int(&d, "warm handoff", YN_NOT_ASKED, r->warm_handoff);
	record_diff_int(&d, "consent", 0, r->consent_id);
	record_diff_text(&d, "reason for declining", NULL, r->decline_reason);
	return audit_log(s, "create", "referral", r->id, r->person_id,
	                 d.n ? record_diff_end(&d) : r->status);
}

int
referral_create(struct session *s, struct referral *r)
{
	struct referral w = *r;

	w.id = 0;
	if (validate_new(s, &w) != 0 || session_write(s, do_create, &w) != 0)
		return -1;
	w.store = r->store;
	w.created_by = w.updated_by = s->user_id;
	w.updated_at = session_now(s);
	w.version = 1;
	*r = w;
	return 0;
}

/* ---------------------------------------------------------------- details */

static int
details_fit(struct session *s, const struct referral *r, const struct referral *cur)
{
	if (r->person_id && r->person_id != cur->person_id)
		return session_fail(s, "a referral stays with the person it is about (nothing was "
		                    "saved)");
	if ((r->status && *r->status && !is(r->status, cur->status)) ||
	    r->appointment_at != cur->appointment_at)
		return session_fail(s, "status: a referral's status and appointment change with "
		                    "set status (nothing was saved)");
	if (r->referred_at && r->referred_at != cur->referred_at)
		return session_fail(s, "referred at: the time of a referral is kept as recorded");
	if (record_check_stay(s, cur->person_id, r->stay_id, NULL) != 0 ||
	    (r->provider_id != cur->provider_id && check_provider(s, r->provider_id) != 0) ||
	    (r->consent_id && r->consent_id != cur->consent_id &&
	     consent_covers(s, r->consent_id, cur->person_id, cur->referred_at) != 0))
		return -1;
	return 0;
}

static int
do_update(struct session *s, void *arg)
{
	const struct referral *r = arg;
	struct referral cur;
	struct record_diff d;
	sqlite3_stmt *st;
	int rc = -1;

	if (open_for_change(s, r->id, r->version, &cur) != 0)
		return -1;
	if (details_fit(s, r, &cur) != 0 ||
	    sql_prep(s, "UPDATE referral SET type = ?1, provider_id = ?2, stay_id = ?3, "
	             "warm_handoff = ?4, consent_id = ?5, updated_at = ?6, updated_by = ?7, "
	             "version = version + 1 WHERE id = ?8 AND version = ?9", &st) != 0)
		goto out;
	rc = sql_bind_text(st, 1, r->type, SQLITE_OK);
	rc = sql_bind_id(st, 2, r->provider_id, rc);
	rc = sql_bind_id(st, 3, r->stay_id, rc);
	rc = sql_bind_yn(st, 4, r->warm_handoff, rc);
	rc = sql_bind_id(st, 5, r->consent_id, rc);
	rc = sql_bind_int(st, 6, session_now(s), rc);
	rc = sql_bind_int(st, 7, s->user_id, rc);
	rc = sql_bind_int(st, 8, r->id, rc);
	rc = sql_bind_int(st, 9, r->version, rc);
	if (sql_finish(s, st, rc) != 0) {
		rc = -1;
		goto out;
	}
	if (sqlite3_changes(db_sql(s->db)) != 1) {
		rc = record_conflict(s, "referral", cur.updated_by, cur.updated_at);
		goto out;
	}
	record_diff_start(&d, "changed");
	record_diff_text(&d, "type", cur.type, r->type);
	record_diff_int(&d, "provider", cur.provider_id, r->provider_id);
	record_diff_int(&d, "stay", cur.stay_id, r->stay_id);
	record_diff_int(&d, "warm handoff", cur.warm_handoff, r->warm_handoff);
	record_diff_int(&d, "consent", cur.consent_id, r->consent_id);
	rc = record_touch(s, cur.person_id, session_now(s));
	if (rc == 0)
		rc = audit_log(s, "update", "referral", r->id, cur.person_id, record_diff_end(&d));
out:
	free(cur.store);
	return rc;
}

int
referral_update(struct session *s, const struct referral *r)
{
	if (check_enum(s, "type", r->type, referral_types, 1) != 0 ||
	    check_yn(s, "warm handoff", r->warm_handoff) != 0)
		return -1;
	return session_write(s, do_update, (void *)r);
}

/* ---------------------------------------------------------------- status */

struct status_args {
	int64_t id, version, appointment_at;
	const char *status, *reason;
};

/* The refusal for a move that is not in moves[], in words. */
static int
refuse_move(struct session *s, const char *from, const char *to)
{
	if (is(from, "attended") || is(from, "declined") || is(from, "cancelled") ||
	    is(from, "lost"))
		return session_fail(s, "status: this referral is already %s; it cannot become %s "
		                    "(a new need is a new referral)", word(from), word(to));
	if (is(to, "referred"))
		return session_fail(s, "status: a referral cannot go back to referred");
	if (is(to, "no_show"))
		return session_fail(s, "status: a no-show needs an appointment: schedule the "
		                    "referral first");
	return session_fail(s, "status: a referral cannot go from %s to %s", word(from), word(to));
}

/* What came of an appointment is known once its time has come. */
static int
outcome_timing(struct session *s, const struct referral *cur, const char *status)
{
	char when[40];

	if ((is(status, "no_show") || is(status, "attended")) &&
	    cur->appointment_at > session_now(s))
		return session_fail(s, "status: the appointment is at %s: %s is recorded after it",
		                    zone_local_time(s->db, cur->appointment_at, when, sizeof when),
		                    is(status, "attended") ? "attendance" : "a no-show");
	return 0;
}

static int
move_fits(struct session *s, const struct referral *cur, const struct status_args *a)
{
	size_t i;

	for (i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (is(cur->status, moves[i].from) && is(a->status, moves[i].to))
			break;
	if (i == sizeof moves / sizeof moves[0])
		return refuse_move(s, cur->status, a->status);
	if (is(a->status, "scheduled"))
		return check_appointment(s, a->appointment_at, cur->referred_at);
	return outcome_timing(s, cur, a->status);
}

/* Writes a's status to cur (the appointment and when the outcome was
 * recorded as given) if the referral is still at a's version. */
static int
write_status(struct session *s, const struct referral *cur, const struct status_args *a,
             int64_t appointment_at, int64_t outcome_at)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "UPDATE referral SET status = ?1, appointment_at = ?2, "
	             "decline_reason = ?3, outcome_at = ?4, updated_at = ?5, updated_by = ?6, "
	             "version = version + 1 WHERE id = ?7 AND version = ?8", &st) != 0)
		return -1;
	rc = sql_bind_text(st, 1, a->status, SQLITE_OK);
	rc = sql_bind_id(st, 2, appointment_at, rc);
	rc = sql_bind_text(st, 3, a->reason, rc);
	rc = sql_bind_id(st, 4, outcome_at, rc);
	rc = sql_bind_int(st, 5, session_now(s), rc);
	rc = sql_bind_int(st, 6, s->user_id, rc);
	rc = sql_bind_int(st, 7, a->id, rc);
	rc = sql_bind_int(st, 8, a->version, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	if (sqlite3_changes(db_sql(s->db)) != 1)
		return record_conflict(s, "referral", cur->updated_by, cur->updated_at);
	return 0;
}

static int
do_status(struct session *s, void *arg)
{
	struct status_args *a = arg;
	int64_t now = session_now(s);
	struct referral cur;
	struct record_diff d;
	char move[40];
	int rc = -1, scheduling = is(a->status, "scheduled");

	if (open_for_change(s, a->id, a->version, &cur) != 0)
		return -1;
	if (move_fits(s, &cur, a) != 0 ||
	    write_status(s, &cur, a, scheduling ? a->appointment_at : cur.appointment_at,
	                 scheduling ? 0 : now) != 0)
		goto out;
	snprintf(move, sizeof move, "%s to %s", word(cur.status), word(a->status));
	record_diff_start(&d, move);
	record_diff_int(&d, "appointment time", cur.appointment_at,
	                scheduling ? a->appointment_at : cur.appointment_at);
	record_diff_text(&d, "reason for declining", NULL, a->reason);
	rc = record_touch(s, cur.person_id, now);
	if (rc == 0)
		rc = audit_log(s, "update", "referral", a->id, cur.person_id,
		               d.n ? record_diff_end(&d) : move);
out:
	free(cur.store);
	return rc;
}

int
referral_set_status(struct session *s, int64_t id, int64_t version, const char *status,
                    int64_t appointment_at, const char *reason)
{
	struct status_args a = {id, version, appointment_at, status,
	                        reason && *reason ? reason : NULL};

	if (check_enum(s, "status", status, referral_statuses, 1) != 0 ||
	    check_text(s, "reason for declining", a.reason, 400, 0, 1) != 0)
		return -1;
	if (is(status, "scheduled") && !appointment_at)
		return session_fail(s, "appointment time: needed to schedule a referral");
	if (!is(status, "scheduled") && appointment_at)
		return session_fail(s, "appointment time: only when scheduling");
	if (a.reason && !is(status, "declined"))
		return session_fail(s, "reason for declining: only when the person declined");
	return session_write(s, do_status, &a);
}

/* ---------------------------------------------------------------- correction */

/* Why cur's outcome cannot become status, or 0 if it can. */
static int
correction_fits(struct session *s, const struct referral *cur, const char *status)
{
	if (!vocab_has(VOCAB_REFERRAL_OUTCOME, cur->status))
		return session_fail(s, "status: this referral is %s and has no outcome to correct "
		                    "yet: record its outcome instead", word(cur->status));
	if (is(cur->status, status))
		return session_fail(s, "status: this referral is already %s: there is nothing to "
		                    "correct", word(status));
	if (is(status, "no_show") && !cur->appointment_at)
		return session_fail(s, "status: a no-show needs an appointment, and this referral "
		                    "never had one");
	return outcome_timing(s, cur, status);
}

/* The outcome being replaced, kept as it was. */
static int
keep_old(struct session *s, const struct referral *cur, const char *status, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "INSERT INTO referral_outcome_change (referral_id, old_status, "
	             "old_outcome_at, old_by, old_reason, new_status, changed_at, changed_by) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, cur->id, SQLITE_OK);
	rc = sql_bind_str(st, 2, cur->status, rc);
	rc = sql_bind_id(st, 3, cur->outcome_at, rc);
	rc = sql_bind_int(st, 4, cur->updated_by, rc);
	rc = sql_bind_text(st, 5, cur->decline_reason, rc);
	rc = sql_bind_str(st, 6, status, rc);
	rc = sql_bind_int(st, 7, now, rc);
	rc = sql_bind_int(st, 8, s->user_id, rc);
	return sql_finish(s, st, rc);
}

static int
do_correct(struct session *s, void *arg)
{
	struct status_args *a = arg;
	int64_t now = session_now(s);
	struct referral cur;
	char move[60];
	int rc = -1;

	if (open_for_change(s, a->id, a->version, &cur) != 0)
		return -1;
	if (correction_fits(s, &cur, a->status) != 0 || keep_old(s, &cur, a->status, now) != 0 ||
	    write_status(s, &cur, a, cur.appointment_at, now) != 0)
		goto out;
	snprintf(move, sizeof move, "outcome corrected: %s to %s", word(cur.status),
	         word(a->status));
	rc = record_touch(s, cur.person_id, now);
	if (rc == 0)
		rc = audit_log(s, "correct", "referral", a->id, cur.person_id, move);
out:
	free(cur.store);
	return rc;
}

int
referral_correct(struct session *s, int64_t id, int64_t version, const char *status,
                 const char *reason)
{
	struct status_args a = {id, version, 0, status, reason && *reason ? reason : NULL};

	if (check_enum(s, "status", status, VOCAB_CODES(VOCAB_REFERRAL_OUTCOME), 1) != 0 ||
	    check_text(s, "reason for declining", a.reason, 400, 0, 1) != 0)
		return -1;
	if (a.reason && !is(status, "declined"))
		return session_fail(s, "reason for declining: only when the person declined");
	return session_write(s, do_correct, &a);
}

int
referral_has_outcome(const struct referral *r)
{
	return vocab_has(VOCAB_REFERRAL_OUTCOME, r->status);
}
