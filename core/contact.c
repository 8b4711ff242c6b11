/* SPDX-License-Identifier: ISC */
/*
 * contact.c - recording a contact and letting it close tasks (see
 * contact.h for which outcome closes what).
 *
 * The contact, the person's last activity, the tasks it closes and the
 * audit rows are one transaction: a contact that is saved has always had
 * its effect on the clocks, and one that failed left no trace.
 */
#include "contact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "check.h"
#include "record.h"
#include "task.h"
#include "vocab.h"

struct contact_args {
	int64_t person_id, task_id, at;
	const char *channel, *outcome, *note;
	struct contact_result res;
};

static int
insert_contact(struct session *s, const struct contact_args *a, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	/* recorded_at: when it was typed, which a contact made on paper last
	 * week keeps apart from when it happened. */
	if (sql_prep(s, "INSERT INTO contact (person_id, at, by_user, channel, outcome, note, "
	             "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, a->person_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, a->at, rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	rc = sql_bind_str(st, 4, a->channel, rc);
	rc = sql_bind_str(st, 5, a->outcome, rc);
	rc = sql_bind_text(st, 6, a->note, rc);
	rc = sql_bind_int(st, 7, session_now(s), rc);
	return sql_insert(s, st, rc, id);
}

static int
do_record(struct session *s, void *arg)
{
	struct contact_args *a = arg;
	struct contact_result *r = &a->res;
	char detail[160];

	if (access_person(s, a->person_id, ACCESS_WRITE, NULL) != 0)
		return -1;
	/* Last activity only moves forward (record_touch): a contact typed in
	 * late for last month must not make a case look less stale than it
	 * is. */
	if (insert_contact(s, a, &r->contact_id) != 0 || record_touch(s, a->person_id, a->at) != 0)
		return -1;
	if (a->task_id > 0 && (strcmp(a->outcome, "reached") == 0 ||
	                       strcmp(a->outcome, "declined") == 0)) {
		int reached = strcmp(a->outcome, "reached") == 0;

		if (task_close_chosen(s, a->person_id, a->task_id, r->contact_id, a->at,
		                      reached ? "done" : "declined", &r->late) != 0)
			return -1;
		if (reached)
			r->task_id = a->task_id;
		else
			r->declined = 1;
	} else if (a->task_id < 0 && strcmp(a->outcome, "reached") == 0) {
		if (task_close_by_contact(s, a->person_id, r->contact_id, a->at, &r->task_id) != 0)
			return -1;
	} else if (a->task_id < 0 && strcmp(a->outcome, "declined") == 0) {
		if (task_close_all(s, a->person_id, "declined", 0, r->contact_id, a->at,
		                   "the person declined further contact", &r->declined) != 0)
			return -1;
	}
	/* The note is case text: it stays in the contact row, not the log. */
	snprintf(detail, sizeof detail, "%s, %s", a->channel, a->outcome);
	return audit_log(s, "create", "contact", r->contact_id, a->person_id, detail);
}

const char *const *const contact_channels = VOCAB_CODES(VOCAB_CHANNEL);
const char *const *const contact_outcomes = VOCAB_CODES(VOCAB_CONTACT_OUTCOME);

int
contact_record(struct session *s, int64_t person_id, int64_t at, const char *channel,
               const char *outcome, const char *note, struct contact_result *res)
{
	return contact_record_task(s, person_id, CONTACT_TASK_DEFAULT, at, channel, outcome, note,
	                           res);
}

int
contact_record_task(struct session *s, int64_t person_id, int64_t task_id, int64_t at,
                    const char *channel, const char *outcome, const char *note,
                    struct contact_result *res)
{
	struct contact_args a = {person_id, task_id, at, channel, outcome, note, {0, 0, 0, 0}};

	if (res)
		memset(res, 0, sizeof *res);
	if (check_time(s, "contact time", at) != 0 ||
	    check_enum(s, "how", channel, contact_channels, 1) != 0 ||
	    check_enum(s, "outcome", outcome, contact_outcomes, 1) != 0 ||
	    check_text(s, "note", note, 2000, 0, 1) != 0)
		return -1;
	if (at > session_now(s) + CLOCK_SKEW)
		return session_fail(s, "contact time: it is in the future");
	if (session_write(s, do_record, &a) != 0)
		return -1;
	if (res)
		*res = a.res;
	return 0;
}

static int
fill_contact(struct session *s, sqlite3_stmt *st, void *row)
{
	struct contact_row *c = row;

	(void)s;
	c->id = sqlite3_column_int64(st, 0);
	c->at = sqlite3_column_int64(st, 1);
	c->by_user = sqlite3_column_int64(st, 2);
	sql_col_copy(st, 3, c->channel, sizeof c->channel);
	sql_col_copy(st, 4, c->outcome, sizeof c->outcome);
	sql_col_copy(st, 5, c->note, sizeof c->note);
	c->recorded_at = sqlite3_column_int64(st, 6);
	return 0;
}

static void
free_contacts(void *rows, int n)
{
	(void)n;
	free(rows);
}

int
contact_list(struct session *s, int64_t person_id, struct contact_row **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "contact", .detail = "list",
	    .sql = "SELECT id, at, by_user, channel, outcome, note, coalesce(recorded_at, 0) "
	           "FROM contact "
	           "WHERE person_id = ?1 ORDER BY at DESC, id DESC LIMIT 200",
	    .size = sizeof **rows, .fill = fill_contact, .free_rows = free_contacts};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}
