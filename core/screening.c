/* SPDX-License-Identifier: ISC */
/*
 * screening.c - the screening at intake (see screening.h).
 *
 * The answers are health information under 42 CFR Part 2: the audit log
 * names the fields that were given or changed, never what they say.  Each
 * call is one write transaction; the version a change names is compared
 * under the write lock and again in the UPDATE itself.
 */
#include "screening.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "record.h"
#include "vocab.h"

const char *const *const screening_screens = VOCAB_CODES(VOCAB_OUD_SCREEN);
const char *const *const screening_results = VOCAB_CODES(VOCAB_OUD_RESULT);
const char *const *const screening_medications = VOCAB_CODES(VOCAB_MOUD);

/* The six risk factors, in the order of their columns. */
static const struct {
	const char *name;
	size_t off;
} risks[] = {
    {"prior overdose", offsetof(struct screening, prior_overdose)},
    {"injects", offsetof(struct screening, injects)},
    {"benzodiazepines or alcohol", offsetof(struct screening, benzos_alcohol)},
    {"stimulants", offsetof(struct screening, stimulants)},
    {"recent abstinence", offsetof(struct screening, recent_abstinence)},
    {"unstable housing", offsetof(struct screening, unstable_housing)},
};
#define NRISKS (int)(sizeof risks / sizeof risks[0])

static enum yn
risk(const struct screening *r, int i)
{
	return *(const enum yn *)(const void *)((const char *)r + risks[i].off);
}

static enum yn *
risk_at(struct screening *r, int i)
{
	return (enum yn *)(void *)((char *)r + risks[i].off);
}

static int
given(const char *t)
{
	return t && *t;
}

/* ---------------------------------------------------------------- checks */

static int
validate(struct session *s, const struct screening *r)
{
	int medication;

	if (check_enum(s, "OUD screen", r->oud_screen, screening_screens, 1) != 0 ||
	    check_enum(s, "OUD screen result", given(r->oud_result) ? r->oud_result : NULL,
	               screening_results, 0) != 0 ||
	    check_enum(s, "MOUD at entry", given(r->moud_at_entry) ? r->moud_at_entry : NULL,
	               screening_medications, 0) != 0 ||
	    check_text(s, "MOUD dose", r->moud_dose, 80, 0, 0) != 0 ||
	    check_text(s, "MOUD prescriber", r->moud_prescriber, 200, 0, 0) != 0 ||
	    check_text(s, "reason for declining", r->decline_reason, 400, 0, 1) != 0)
		return -1;
	for (int i = 0; i < NRISKS; i++)
		if (check_yn(s, risks[i].name, risk(r, i)) != 0)
			return -1;
	if (given(r->oud_result) && strcmp(r->oud_screen, "done") != 0)
		return session_fail(s, "OUD screen result: only for a screen that was done");
	if (given(r->decline_reason) && strcmp(r->oud_screen, "declined") != 0)
		return session_fail(s, "reason for declining: only when the screen was declined");
	medication = given(r->moud_at_entry) && strcmp(r->moud_at_entry, "none") != 0;
	if (!medication && given(r->moud_dose))
		return session_fail(s, "MOUD dose: only with a medication at entry");
	if (!medication && given(r->moud_prescriber))
		return session_fail(s, "MOUD prescriber: only with a medication at entry");
	return 0;
}

/* Parameters 1 .. 14: the fields a screening is edited through. */
static int
bind_fields(sqlite3_stmt *st, const struct screening *r)
{
	int rc = SQLITE_OK;

	rc = sql_bind_id(st, 1, r->stay_id, rc);
	rc = sql_bind_int(st, 2, r->at, rc);
	rc = sql_bind_text(st, 3, r->oud_screen, rc);
	rc = sql_bind_text(st, 4, r->oud_result, rc);
	rc = sql_bind_text(st, 5, r->moud_at_entry, rc);
	rc = sql_bind_text(st, 6, r->moud_dose, rc);
	rc = sql_bind_text(st, 7, r->moud_prescriber, rc);
	for (int i = 0; i < NRISKS; i++)
		rc = sql_bind_yn(st, 8 + i, risk(r, i), rc);
	return sql_bind_text(st, 14, r->decline_reason, rc);
}

/* The names of the fields that differ between was and now (was all
 * empty: the fields given). */
static const char *
diff(struct record_diff *d, const char *lead, const struct screening *was,
     const struct screening *now)
{
	record_diff_start(d, lead);
	record_diff_int(d, "stay", was->stay_id, now->stay_id);
	record_diff_int(d, "time", was->at, now->at);
	record_diff_text(d, "OUD screen", was->oud_screen, now->oud_screen);
	record_diff_text(d, "OUD screen result", was->oud_result, now->oud_result);
	record_diff_text(d, "MOUD at entry", was->moud_at_entry, now->moud_at_entry);
	record_diff_text(d, "MOUD dose", was->moud_dose, now->moud_dose);
	record_diff_text(d, "MOUD prescriber", was->moud_prescriber, now->moud_prescriber);
	for (int i = 0; i < NRISKS; i++)
		record_diff_int(d, risks[i].name, risk(was, i), risk(now, i));
	record_diff_text(d, "reason for declining", was->decline_reason, now->decline_reason);
	return record_diff_end(d);
}

/* ---------------------------------------------------------------- reading */

#define COLS                                                                                 \
	"id, person_id, coalesce(stay_id, 0), at, by_user, version, prior_overdose, injects, " \
	"benzos_alcohol, stimulants, recent_abstinence, unstable_housing, updated_at, "       \
	"updated_by, oud_screen, oud_result, moud_at_entry, moud_dose, moud_prescriber, "     \
	"decline_reason"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct screening *r = row;
	const char **const text[] = {&r->oud_screen, &r->oud_result, &r->moud_at_entry,
	                             &r->moud_dose, &r->moud_prescriber, &r->decline_reason};

	r->id = sqlite3_column_int64(st, 0);
	r->person_id = sqlite3_column_int64(st, 1);
	r->stay_id = sqlite3_column_int64(st, 2);
	r->at = sqlite3_column_int64(st, 3);
	r->by_user = sqlite3_column_int64(st, 4);
	r->version = sqlite3_column_int64(st, 5);
	for (int i = 0; i < NRISKS; i++)
		*risk_at(r, i) = sql_col_yn(st, 6 + i);
	r->updated_at = sqlite3_column_int64(st, 12);
	r->updated_by = sqlite3_column_int64(st, 13);
	return sql_copy_text(s, st, 14, text, 6, &r->store);
}

void
screening_list_free(struct screening *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

/* One screening as stored, without access checks or audit. */
static int
load(struct session *s, int64_t id, struct screening *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if (sql_prep(s, "SELECT " COLS " FROM screening WHERE id = ?1", &st) != 0)
		return -1;
	return sql_get(s, st, sql_bind_int(st, 1, id, SQLITE_OK), fill, out, sizeof *out,
	               "screening");
}

static void
free_rows(void *rows, int n)
{
	screening_list_free(rows, n);
}

int
screening_list(struct session *s, int64_t person_id, struct screening **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "screening", .detail = "list",
	    .sql = "SELECT " COLS " FROM screening WHERE person_id = ?1 ORDER BY at, id",
	    .size = sizeof **rows, .fill = fill, .free_rows = free_rows};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

/* ---------------------------------------------------------------- record */

static int
do_record(struct session *s, void *arg)
{
	struct screening *r = arg;
	struct screening none = {0};
	struct record_diff d;
	sqlite3_stmt *st;
	int rc;

	if (record_may_write(s, r->person_id) != 0 ||
	    record_check_stay(s, r->person_id, r->stay_id, NULL) != 0)
		return -1;
	if (sql_prep(s, "INSERT INTO screening (stay_id, at, oud_screen, oud_result, "
	             "moud_at_entry, moud_dose, moud_prescriber, prior_overdose, injects, "
	             "benzos_alcohol, stimulants, recent_abstinence, unstable_housing, "
	             "decline_reason, person_id, by_user, updated_at, updated_by, version) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	             "?16, ?17, ?16, 1)", &st) != 0)
		return -1;
	rc = bind_fields(st, r);
	rc = sql_bind_int(st, 15, r->person_id, rc);
	rc = sql_bind_int(st, 16, s->user_id, rc);
	rc = sql_bind_int(st, 17, session_now(s), rc);
	if (sql_insert(s, st, rc, &r->id) != 0 || record_touch(s, r->person_id, r->at) != 0)
		return -1;
	none.at = r->at; /* the time is always given: leave it out */
	return audit_log(s, "create", "screening", r->id, r->person_id, diff(&d, "given", &none, r));
}

int
screening_record(struct session *s, struct screening *r)
{
	struct screening w = *r;

	w.id = 0;
	if (validate(s, &w) != 0 || check_past(s, "screening time", &w.at) != 0 ||
	    session_write(s, do_record, &w) != 0)
		return -1;
	r->id = w.id;
	r->at = w.at;
	r->by_user = r->updated_by = s->user_id;
	r->updated_at = session_now(s);
	r->version = 1;
	return 0;
}

/* ---------------------------------------------------------------- update */

static int
do_update(struct session *s, void *arg)
{
	struct screening *r = arg;
	struct screening cur;
	struct record_diff d;
	sqlite3_stmt *st;
	int rc = -1;

	if (load(s, r->id, &cur) != 0)
		return -1;
	if (record_may_write(s, cur.person_id) != 0)
		goto out;
	if (r->person_id && r->person_id != cur.person_id) {
		session_fail(s, "a screening stays with the person it is about (nothing was saved)");
		goto out;
	}
	if (cur.version != r->version) {
		record_conflict(s, "screening", cur.updated_by, cur.updated_at);
		goto out;
	}
	if (!r->at)
		r->at = cur.at;
	if (record_check_stay(s, cur.person_id, r->stay_id, NULL) != 0 ||
	    sql_prep(s, "UPDATE screening SET stay_id = ?1, at = ?2, oud_screen = ?3, "
	             "oud_result = ?4, moud_at_entry = ?5, moud_dose = ?6, "
	             "moud_prescriber = ?7, prior_overdose = ?8, injects = ?9, "
	             "benzos_alcohol = ?10, stimulants = ?11, recent_abstinence = ?12, "
	             "unstable_housing = ?13, decline_reason = ?14, updated_at = ?17, "
	             "updated_by = ?18, version = version + 1 WHERE id = ?15 AND version = ?16",
	             &st) != 0)
		goto out;
	rc = bind_fields(st, r);
	rc = sql_bind_int(st, 15, r->id, rc);
	rc = sql_bind_int(st, 16, r->version, rc);
	rc = sql_bind_int(st, 17, session_now(s), rc);
	rc = sql_bind_int(st, 18, s->user_id, rc);
	if (sql_finish(s, st, rc) != 0) {
		rc = -1;
		goto out;
	}
	if (sqlite3_changes(db_sql(s->db)) != 1) {
		rc = record_conflict(s, "screening", cur.updated_by, cur.updated_at);
		goto out;
	}
	rc = record_touch(s, cur.person_id, session_now(s));
	if (rc == 0)
		rc = audit_log(s, "update", "screening", r->id, cur.person_id,
		               diff(&d, "changed", &cur, r));
out:
	free(cur.store);
	return rc;
}

int
screening_update(struct session *s, const struct screening *r)
{
	struct screening w = *r;

	if (validate(s, &w) != 0 || (w.at && check_past(s, "screening time", &w.at) != 0))
		return -1;
	return session_write(s, do_update, &w);
}
