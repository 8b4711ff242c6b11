/* SPDX-License-Identifier: ISC */
/*
 * education.c - overdose education before release (see education.h).
 *
 * One write transaction per call: the check of who may act, the row, the
 * person's last activity and the audit row (field names only) commit
 * together or not at all.
 */
#include "education.h"

#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "record.h"
#include "vocab.h"
#include "zone.h"

const char *const *const education_settings = VOCAB_CODES(VOCAB_EDU_SETTING);

static const struct {
	unsigned bit;
	const char *name;
} topic_names[] = {
    {EDU_TOLERANCE, "tolerance loss"},
    {EDU_NEVER_ALONE, "never use alone"},
    {EDU_NALOXONE, "naloxone use"},
    {EDU_FENTANYL, "fentanyl and test strips"},
    {EDU_MIXING, "mixing with benzodiazepines or alcohol"},
    {EDU_GOOD_SAMARITAN, "Good Samaritan law"},
};

const char *
education_topic_name(unsigned topic)
{
	for (size_t i = 0; i < sizeof topic_names / sizeof topic_names[0]; i++)
		if (topic_names[i].bit == topic)
			return topic_names[i].name;
	return NULL;
}

/* ---------------------------------------------------------------- checks */

static int
validate(struct session *s, const struct education *e)
{
	const char *setting = e->setting && *e->setting ? e->setting : NULL;

	if (check_enum(s, "setting", setting, education_settings, 0) != 0 ||
	    check_yn(s, "teach-back", e->teach_back) != 0 ||
	    check_text(s, "reason for declining", e->decline_reason, 400, 0, 1) != 0)
		return -1;
	if (e->declined != 0 && e->declined != 1)
		return session_fail(s, "declined: say whether the person declined (yes or no)");
	if (e->topics & ~(unsigned)EDU_ALL)
		return session_fail(s, "topics: not one of the six topics");
	if (e->declined) {
		if (e->topics)
			return session_fail(s, "topics: a session the person declined covers none");
		if (e->teach_back != YN_NOT_ASKED)
			return session_fail(s, "teach-back: not for a session the person declined");
		return 0;
	}
	if (!setting)
		return session_fail(s, "setting: this is required (individual, group or video)");
	if (!e->topics)
		return session_fail(s, "topics: name at least one topic covered");
	if (e->decline_reason && *e->decline_reason)
		return session_fail(s, "reason for declining: only when the person declined");
	return 0;
}

/* ---------------------------------------------------------------- reading */

#define COLS                                                                             \
	"id, person_id, coalesce(stay_id, 0), at, by_user, topics, teach_back, declined, " \
	"version, updated_at, updated_by, setting, decline_reason"

static int
fill(struct session *s, sqlite3_stmt *st, void *row)
{
	struct education *e = row;
	const char **const text[] = {&e->setting, &e->decline_reason};

	e->id = sqlite3_column_int64(st, 0);
	e->person_id = sqlite3_column_int64(st, 1);
	e->stay_id = sqlite3_column_int64(st, 2);
	e->at = sqlite3_column_int64(st, 3);
	e->by_user = sqlite3_column_int64(st, 4);
	e->topics = (unsigned)sqlite3_column_int(st, 5);
	e->teach_back = sql_col_yn(st, 6);
	e->declined = sqlite3_column_int(st, 7);
	e->version = sqlite3_column_int64(st, 8);
	e->updated_at = sqlite3_column_int64(st, 9);
	e->updated_by = sqlite3_column_int64(st, 10);
	return sql_copy_text(s, st, 11, text, 2, &e->store);
}

void
education_list_free(struct education *rows, int n)
{
	for (int i = 0; rows && i < n; i++)
		free(rows[i].store);
	free(rows);
}

static void
free_rows(void *rows, int n)
{
	education_list_free(rows, n);
}

static int
list(struct session *s, int64_t person_id, int64_t stay_id, struct education **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = stay_id ? stay_id : person_id, .entity = "education",
	    .detail = stay_id ? "list for a stay" : "list", .size = sizeof **rows, .fill = fill,
	    .free_rows = free_rows,
	    .sql = stay_id ? "SELECT " COLS " FROM education WHERE stay_id = ?1 ORDER BY at, id"
	                   : "SELECT " COLS " FROM education WHERE person_id = ?1 ORDER BY at, id"};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

int
education_list_for_person(struct session *s, int64_t person_id, struct education **rows, int *n)
{
	return list(s, person_id, 0, rows, n);
}

int
education_list_for_stay(struct session *s, int64_t stay_id, struct education **rows, int *n)
{
	int64_t person;
	int found;

	*rows = NULL;
	*n = 0;
	/* A stay never changes person, so it can be looked up first. */
	if (sql_query_i64(s, "SELECT person_id FROM stay WHERE id = ?1", stay_id, 0, &person,
	                  &found) != 0)
		return session_dbfail(s);
	if (!found)
		return session_fail(s, "no such stay");
	return list(s, person, stay_id, rows, n);
}

/* ---------------------------------------------------------------- record */

static int
do_record(struct session *s, void *arg)
{
	struct education *e = arg;
	int64_t released;
	struct record_diff d;
	char when[40];
	sqlite3_stmt *st;
	int rc;

	if (record_may_write(s, e->person_id) != 0 ||
	    record_check_stay(s, e->person_id, e->stay_id, &released) != 0)
		return -1;
	if (released && e->at > released)
		return session_fail(s, "education time: after the release from this stay (%s): "
		                    "education for this release comes before it",
		                    zone_local_time(s->db, released, when, sizeof when));
	if (sql_prep(s, "INSERT INTO education (person_id, stay_id, at, by_user, setting, "
	             "topics, teach_back, declined, decline_reason, updated_at, updated_by, "
	             "version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?4, 1)",
	             &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, e->person_id, SQLITE_OK);
	rc = sql_bind_id(st, 2, e->stay_id, rc);
	rc = sql_bind_int(st, 3, e->at, rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	rc = sql_bind_text(st, 5, e->setting, rc);
	rc = sql_bind_int(st, 6, e->topics, rc);
	rc = sql_bind_yn(st, 7, e->teach_back, rc);
	rc = sql_bind_int(st, 8, e->declined, rc);
	rc = sql_bind_text(st, 9, e->decline_reason, rc);
	rc = sql_bind_int(st, 10, session_now(s), rc);
	if (sql_insert(s, st, rc, &e->id) != 0 || record_touch(s, e->person_id, e->at) != 0)
		return -1;
	record_diff_start(&d, e->declined ? "declined" : "given");
	record_diff_int(&d, "stay", 0, e->stay_id);
	record_diff_text(&d, "setting", NULL, e->setting);
	record_diff_int(&d, "topics", 0, e->topics);
	record_diff_int(&d, "teach-back", YN_NOT_ASKED, e->teach_back);
	record_diff_text(&d, "reason for declining", NULL, e->decline_reason);
	return audit_log(s, "create", "education", e->id, e->person_id,
	                 e->declined && !d.n ? "declined" : record_diff_end(&d));
}

int
education_record(struct session *s, struct education *e)
{
	struct education w = *e;

	w.id = 0;
	if (validate(s, &w) != 0 || check_past(s, "education time", &w.at) != 0 ||
	    session_write(s, do_record, &w) != 0)
		return -1;
	e->id = w.id;
	e->at = w.at;
	e->by_user = e->updated_by = s->user_id;
	e->updated_at = session_now(s);
	e->version = 1;
	return 0;
}
