/* SPDX-License-Identifier: ISC */
/*
 * fixture.h - the small world the case-record tests share: a real vault
 * file, one user per role (and a second caseworker), a facility, people
 * made through person_create and stays through stay.c, sessions with a
 * pinned clock, and a fingerprint of everything a refusal must leave
 * alone.  Header-only, like tap.h: each test program includes it once.
 */
#ifndef PASSAGE_TEST_FIXTURE_H
#define PASSAGE_TEST_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "glass.h"
#include "login.h"
#include "person.h"
#include "session.h"
#include "stay.h"
#include "tap.h"
#include "task.h"
#include "util.h"

#define FX_UNUSED __attribute__((unused))

/* 2024-05-01 09:00 UTC; the site's zone is UTC. */
#define T0 1714554000LL
#define HOUR 3600LL
#define DAY 86400LL

static db *d;
static int64_t hana, cal, cora, sam, adam; /* health, caseworkers, supervisor, admin */

static FX_UNUSED long long
count(const char *sql)
{
	return tu_int(d, sql);
}

static int64_t
fx_user(const char *name)
{
	sqlite3_stmt *st;
	int64_t id = -1;

	if (sqlite3_prepare_v2(db_sql(d), "SELECT id FROM user WHERE name = ?1", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* A new vault file in a private folder with the users and a facility. */
static FX_UNUSED void
fx_setup(const char *file)
{
	d = tu_create(tu_path(tu_tmpdir(), file));
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('hana', 'Hana Health', 'health', 1, 1),"
	           "('cal', 'Cal Caseworker', 'caseworker', 1, 1),"
	           "('cora', 'Cora Caseworker', 'caseworker', 1, 1),"
	           "('sam', 'Sam Supervisor', 'supervisor', 1, 1),"
	           "('adam', 'Adam Admin', 'admin', 1, 1)");
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (1, 'County Jail')");
	hana = fx_user("hana"), cal = fx_user("cal"), cora = fx_user("cora");
	sam = fx_user("sam"), adam = fx_user("adam");
}

static FX_UNUSED void
as(struct session *s, const char *name, int64_t now)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = now;
	if (login_as(s, d, name) != 0)
		tap_bail("session for %s: %s", name, s->err);
}

/* A person on the caseload of whoever s is (a caseworker). */
static FX_UNUSED int64_t
mk_person(struct session *s, const char *code)
{
	struct person p = {0};

	p.participant_code = code;
	if (person_create(s, &p) != 0)
		tap_bail("create %s: %s", code, s->err);
	return p.id;
}

/* A stay booked at booked_at; released at `released` unless it is 0. */
static FX_UNUSED int64_t
mk_stay(struct session *s, int64_t person, int64_t booked_at, int64_t released)
{
	struct stay_booking b = {0};
	int64_t id;

	b.person_id = person;
	b.facility_id = 1;
	b.booked_at = booked_at;
	if (stay_book(s, &b, &id) != 0 ||
	    (released && stay_record_release(s, id, released, "court", 0) != 0))
		tap_bail("stay: %s", s->err);
	return id;
}

/* The person's task of kind and checkpoint, as user's list gives it at
 * now. */
static FX_UNUSED struct task_row
fx_task_of(const char *user, int64_t now, int64_t person, const char *kind, int checkpoint)
{
	struct session s;
	struct task_row t[32];
	int n;

	as(&s, user, now);
	if (task_list_for_person(&s, person, t, 32, &n) != 0)
		tap_bail("tasks: %s", s.err);
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].kind, kind) == 0 && t[i].checkpoint == checkpoint)
			return t[i];
	tap_bail("no %s %d", kind, checkpoint);
}

/* How many of the person's tasks are open. */
static FX_UNUSED long long
fx_open_tasks(int64_t person)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE person_id = %lld AND "
	         "status = 'open'", (long long)person);
	return count(sql);
}

struct fx_glass {
	int64_t id;
	const char *reason;
};

static int
fx_do_glass(struct session *s, void *arg)
{
	struct fx_glass *g = arg;

	return glass_break(s, g->id, g->reason, NULL);
}

/* Break-the-glass, in its own write transaction as the screen would. */
static FX_UNUSED int
glass(struct session *s, int64_t person, const char *reason)
{
	struct fx_glass g = {person, reason};

	return session_write(s, fx_do_glass, &g);
}

/* Audit rows with this action on this entity. */
static FX_UNUSED long long
audits(const char *action, const char *entity)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s' AND "
	         "entity = '%s'", action, entity);
	return count(sql);
}

/* The last audit row's detail, for checking that it names fields only. */
static FX_UNUSED const char *
last_detail(void)
{
	static char out[1100];
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT coalesce(detail, '') FROM audit ORDER BY seq DESC "
	                       "LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Every case table's rows and versions, the audit log and the people's
 * activity, as one string: a refusal must leave it exactly as it was. */
static FX_UNUSED const char *
fx_state(char *out, size_t n)
{
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d),
	                       "SELECT (SELECT count(*) FROM audit) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) FROM screening) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) FROM education) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) FROM naloxone) || '/' || "
	                       "(SELECT count(*) FROM naloxone_event) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) FROM provider) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) || ':' || "
	                       "  coalesce(group_concat(status), '') FROM referral) || '/' || "
	                       "(SELECT count(*) FROM referral_outcome_change) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) FROM note) || '/' || "
	                       "(SELECT count(*) FROM note_version) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) || ':' || "
	                       "  total(revoked_at) FROM consent) || '/' || "
	                       "(SELECT count(*) FROM disclosure) || '/' || "
	                       "(SELECT total(last_activity_at) FROM person)",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	else
		tap_bail("fx_state: the state of the file could not be read: %s",
		         sqlite3_errmsg(db_sql(d)));
	sqlite3_finalize(st);
	return out;
}

/* call must fail with a message containing says, and write nothing. */
#define REFUSED(s, call, says, ...)                                                      \
	do {                                                                             \
		char before_[400], after_[400];                                          \
		fx_state(before_, sizeof before_);                                       \
		ok((call) != 0, __VA_ARGS__);                                            \
		has_str((s).err, says, "  with a clear message");                       \
		if (!ok(strcmp(before_, fx_state(after_, sizeof after_)) == 0,           \
		        "  and nothing is written"))                                     \
			tap_diag("  before %s, after %s", before_, after_);              \
	} while (0)

#endif
