/* SPDX-License-Identifier: ISC */
/*
 * followup.c - the follow-up audit (see followup.h).
 *
 * The counts read tasks alone.  Each task carries its person's current
 * caseworker (schema/0005, kept by triggers), and task_cohort holds, for
 * each caseworker, the tasks by due time with every column the count
 * reads: the statement walks the users in id order and, for each, the
 * range of their tasks due in the period, so no task or person row is
 * read and the tasks arrive grouped by caseworker.  The people with no
 * caseworker are one more range (caseworker_id IS NULL) of the same
 * index.  The sums are made here, a task at a time, not by SQLite: at a
 * million people (some 700,000 tasks in 30 days) six sum() expressions
 * per task cost twice what stepping the rows out does.  The cost is the
 * period's tasks plus one probe per user: see bench/bench_followup.c for
 * what it comes to.  With a facility, each task's stay is read too,
 * which costs more.
 *
 * The drill-down for one caseworker (or for nobody) reads the same
 * ranges, keeps the overdue and sorts them: a caseload's share of a
 * period is small.  Everyone's walks task_open_window by the end of the
 * window, so the most overdue come first and a page ends the walk.
 * Either way the ids are picked and sorted first, and only the rows
 * shown have their last contact looked up.
 *
 * A caseload is reassigned person by person inside one transaction, so
 * each person's own audit trail shows the move, as person_reassign's does.
 */
#include "followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "person.h"
#include "record.h"

#define KINDS "t.kind IN ('contact_48h', 'followup')"
#define NAME "coalesce(nullif(p.preferred_name, ''), nullif(p.legal_name, ''), p.participant_code)"
#define FACILITY "(?9 = 0 OR ?9 = (SELECT st.facility_id FROM stay st WHERE st.id = t.stay_id))"

static int
supervisor_only(struct session *s, const char *what)
{
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "%s is for supervisors", what);
	return 0;
}

/* ---------------------------------------------------------------- counts */

/* ?1 period start  ?2 period end  ?9 facility.  One row per task due in
 * the period: its caseworker (-1 for nobody first, then a user at a
 * time), status, window end, closing time and due time.  Cancelled tasks are
 * left out, so every row counted is a row shown. */
#define COHORT                                                                              \
	"t.due_at >= ?1 AND t.due_at < ?2 AND " KINDS " AND t.status <> 'cancelled' AND " FACILITY
#define TASK_COLS "t.status, t.window_end, coalesce(t.closed_at, 0), t.due_at "
static const char sql_counts[] =
	"SELECT -1, " TASK_COLS "FROM task t INDEXED BY task_cohort "
	"WHERE t.caseworker_id IS NULL AND " COHORT " "
	"UNION ALL "
	"SELECT u.id, " TASK_COLS "FROM user u NOT INDEXED CROSS JOIN task t INDEXED BY "
	"task_cohort ON t.caseworker_id = u.id WHERE " COHORT;

/* The name of a user who has counts but is not among the staff read
 * first (no longer active, or no longer a caseworker). */
static const char sql_user[] = "SELECT display_name, active FROM user WHERE id = ?1";

static const char sql_staff[] =
	"SELECT id, display_name, role FROM user WHERE active = 1 AND "
	"role IN ('caseworker', 'supervisor') ORDER BY display_name COLLATE NOCASE, id";

struct rows {
	struct followup_row *r;
	int n, cap;
};

/* A new row for id, which has none yet. */
static struct followup_row *
row_new(struct rows *v, int64_t id)
{
	if (v->n == v->cap) {
		int more = v->cap ? v->cap * 2 : 16;
		struct followup_row *grown = realloc(v->r, (size_t)more * sizeof *grown);
		if (!grown)
			return NULL;
		v->r = grown;
		v->cap = more;
	}
	memset(&v->r[v->n], 0, sizeof v->r[v->n]);
	v->r[v->n].caseworker_id = id;
	return &v->r[v->n++];
}

/* Everyone named first, then the people with no caseworker, the total
 * last. */
static int
rank(const struct followup_row *r)
{
	return r->caseworker_id > 0 ? 0 : r->caseworker_id == FOLLOWUP_NOBODY ? 1 : 2;
}

static int
by_name(const void *a, const void *b)
{
	const struct followup_row *x = a, *y = b;
	int c;

	if (rank(x) != rank(y))
		return rank(x) - rank(y);
	if ((c = strcasecmp(x->name, y->name)) != 0)
		return c;
	return x->caseworker_id < y->caseworker_id ? -1 : x->caseworker_id > y->caseworker_id;
}

static int
read_staff(struct session *s, struct rows *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, sql_staff, &st) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct followup_row *r = row_new(v, sqlite3_column_int64(st, 0));
		if (!r)
			break;
		sql_col_copy(st, 1, r->name, sizeof r->name);
		r->active = 1;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return session_fail(s, "out of memory");
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

static int
by_id(const void *a, const void *b)
{
	const struct followup_row *x = a, *y = b;

	return x->caseworker_id < y->caseworker_id ? -1 : x->caseworker_id > y->caseworker_id;
}

/* One task into its row's counts (followup.h's definitions). */
static void
tally(struct followup_row *r, const char *status, int64_t window_end, int64_t closed_at,
      int64_t due_at, int64_t now, const struct period *today)
{
	if (strcmp(status, "open") == 0) {
		if (window_end < now) {
			r->overdue++;
		} else {
			r->open++;
			r->due_today += due_at >= today->start && due_at < today->end;
		}
	} else if (strcmp(status, "done") == 0) {
		if (closed_at <= window_end)
			r->on_time++;
		else
			r->late++;
	} else if (strcmp(status, "declined") == 0) {
		r->declined++;
	}
}

/* The row of caseworker id: the staff (the first staff rows of v,
 * sorted by id) by a binary search, anyone else (no caseworker, someone
 * no longer active) among the few rows after them, or a new row. */
static int
row_index(struct rows *v, int staff, int64_t id)
{
	int lo = 0, hi = staff;
	struct followup_row *r;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (v->r[mid].caseworker_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < staff && v->r[lo].caseworker_id == id)
		return lo;
	for (int i = staff; i < v->n; i++)
		if (v->r[i].caseworker_id == id)
			return i;
	if (!(r = row_new(v, id)))
		return -1;
	if (id == FOLLOWUP_NOBODY)
		snprintf(r->name, sizeof r->name, "(no caseworker)");
	return v->n - 1;
}

/* The tasks come one caseworker at a time (user is walked by rowid), so
 * a row is looked up once per caseworker, not per task. */
static int
read_counts(struct session *s, const struct period *p, int64_t facility_id, struct rows *v)
{
	struct period today;
	int64_t now = session_now(s), cur_id = 0;
	int staff = v->n, cur = -1, rc;
	sqlite3_stmt *st;

	period_days(s, now, 1, &today);
	qsort(v->r, (size_t)v->n, sizeof *v->r, by_id);
	if (sql_prep(s, sql_counts, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, p->start, SQLITE_OK);
	rc = sql_bind_int(st, 2, p->end, rc);
	rc = sql_bind_int(st, 9, facility_id, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		if ((cur < 0 || id != cur_id) && (cur = row_index(v, staff, id)) < 0)
			break;
		cur_id = id;
		tally(&v->r[cur], status ? status : "", sqlite3_column_int64(st, 2),
		      sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4), now, &today);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return session_fail(s, "out of memory");
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

/* The users with counts who are not active staff: their names, and
 * whether they may still log in. */
static int
read_others(struct session *s, struct rows *v)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	for (int i = 0; i < v->n && rc == SQLITE_DONE; i++) {
		struct followup_row *r = &v->r[i];
		if (r->caseworker_id <= 0 || r->active)
			continue;
		if (sql_prep(s, sql_user, &st) != 0)
			return -1;
		rc = sql_bind_int(st, 1, r->caseworker_id, SQLITE_OK);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			sql_col_copy(st, 0, r->name, sizeof r->name);
			r->active = sqlite3_column_int(st, 1);
			rc = SQLITE_DONE;
		}
		sqlite3_finalize(st);
	}
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
followup_audit(struct session *s, const struct period *p, int64_t facility_id,
                 struct followup_row **rows, int *n)
{
	struct rows v = {0};
	struct followup_row *total;
	int count, own, rc;

	*rows = NULL;
	*n = 0;
	if (supervisor_only(s, "the follow-up audit") != 0)
		return -1;
	s->err[0] = 0;
	/* One snapshot for both statements, unless the caller holds one. */
	own = sqlite3_get_autocommit(db_sql(s->db));
	if (own && db_begin_read(s->db) != 0)
		return session_dbfail(s);
	rc = read_staff(s, &v) != 0 || read_counts(s, p, facility_id, &v) != 0 ||
	     read_others(s, &v) != 0 ? -1 : 0;
	if (own)
		db_rollback(s->db);
	if (rc != 0) {
		free(v.r);
		return s->err[0] ? -1 : session_dbfail(s);
	}
	count = v.n;
	if (!(total = row_new(&v, FOLLOWUP_EVERYONE))) {
		free(v.r);
		return session_fail(s, "out of memory");
	}
	snprintf(total->name, sizeof total->name, "Total");
	for (int i = 0; i < count; i++) {
		total->open += v.r[i].open;
		total->due_today += v.r[i].due_today;
		total->overdue += v.r[i].overdue;
		total->on_time += v.r[i].on_time;
		total->late += v.r[i].late;
		total->declined += v.r[i].declined;
	}
	qsort(v.r, (size_t)v.n, sizeof *v.r, by_name);
	*rows = v.r;
	*n = v.n;
	return 0;
}

/* ---------------------------------------------------------------- drill-down */

/* ?1 now  ?2 caseworker (NULL: nobody)  ?3 period start  ?4 period end
 * ?9 facility  ?7 limit.  The overdue tasks' ids, most overdue first.
 * The window ends no earlier than the due time, so a task due in the
 * period has window_end >= ?3: the range everyone's walk starts at. */
/* A closed case's tasks are not overdue work: the case is on no queue
 * (queue.c), so its person is read for the few tasks that pass the rest. */
#define OVERDUE_WHERE                                                                  \
	"t.status = 'open' AND t.due_at >= ?3 AND t.due_at < ?4 AND t.window_end < ?1 AND " \
	KINDS " AND " FACILITY " AND (SELECT p.status FROM person p WHERE p.id = t.person_id) " \
	"= 'open'"
static const char sql_pick_all[] =
	"SELECT t.id FROM task t INDEXED BY task_open_window WHERE t.window_end >= ?3 AND "
	OVERDUE_WHERE " ORDER BY t.window_end, t.id LIMIT ?7";
static const char sql_pick_mine[] =
	"SELECT t.id FROM task t INDEXED BY task_cohort WHERE t.caseworker_id IS ?2 AND "
	OVERDUE_WHERE " ORDER BY t.window_end, t.id LIMIT ?7";
/* One shown row: the task, its person and the latest contact since the
 * release that started its clock (or its window, for a task with no
 * stay). */
static const char sql_item[] =
	"SELECT t.id, p.id, p.version, coalesce(p.caseworker_id, -1), p.participant_code, " NAME
	", t.kind, coalesce(t.checkpoint, 0), t.due_at, t.window_end, c.at, c.channel, c.outcome, "
	"cu.display_name FROM task t CROSS JOIN person p ON p.id = t.person_id "
	"LEFT JOIN contact c ON c.id = (SELECT c2.id FROM contact c2 WHERE c2.person_id = p.id AND "
	"c2.at >= coalesce((SELECT st.released_at FROM stay st WHERE st.id = t.stay_id), "
	"t.window_start) ORDER BY c2.at DESC, c2.id DESC LIMIT 1) "
	"LEFT JOIN user cu ON cu.id = c.by_user WHERE t.id = ?1";

struct overdue {
	const struct period *p;
	int64_t caseworker_id, facility_id;
	int limit;
	struct followup_item *rows;
	int n;
};

static int
read_item(struct session *s, int64_t task_id, struct followup_item *r)
{
	int64_t now = session_now(s);
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, sql_item, &st) != 0)
		return -1;
	memset(r, 0, sizeof *r);
	rc = sql_bind_int(st, 1, task_id, SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char kind[16];
		r->task_id = sqlite3_column_int64(st, 0);
		r->person_id = sqlite3_column_int64(st, 1);
		r->person_version = sqlite3_column_int64(st, 2);
		r->caseworker_id = sqlite3_column_int64(st, 3);
		sql_col_copy(st, 4, r->code, sizeof r->code);
		sql_col_copy(st, 5, r->name, sizeof r->name);
		sql_col_copy(st, 6, kind, sizeof kind);
		if (strcmp(kind, "contact_48h") == 0)
			snprintf(r->what, sizeof r->what, "48-hour contact");
		else
			snprintf(r->what, sizeof r->what, "day %d follow-up", sqlite3_column_int(st, 7));
		r->due_at = sqlite3_column_int64(st, 8);
		r->window_end = sqlite3_column_int64(st, 9);
		r->age = now - r->window_end;
		r->attempt_at = sqlite3_column_int64(st, 10);
		sql_col_copy(st, 11, r->channel, sizeof r->channel);
		sql_col_copy(st, 12, r->outcome, sizeof r->outcome);
		sql_col_copy(st, 13, r->attempt_by, sizeof r->attempt_by);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

static int
do_overdue(struct session *s, void *arg)
{
	struct overdue *o = arg;
	int64_t ids[512], *pick = ids;
	sqlite3_stmt *st;
	char detail[120], span[32];
	int rc, npick = 0, cap = (int)(sizeof ids / sizeof ids[0]);

	if (o->limit > cap && !(pick = malloc((size_t)o->limit * sizeof *pick)))
		return session_fail(s, "out of memory");
	if (o->limit > cap)
		cap = o->limit;
	if (sql_prep(s, o->caseworker_id == FOLLOWUP_EVERYONE ? sql_pick_all : sql_pick_mine,
	             &st) != 0)
		goto fail;
	rc = sql_bind_int(st, 1, session_now(s), SQLITE_OK);
	rc = sql_bind_id(st, 2, o->caseworker_id > 0 ? o->caseworker_id : 0, rc); /* 0: NULL */
	rc = sql_bind_int(st, 3, o->p->start, rc);
	rc = sql_bind_int(st, 4, o->p->end, rc);
	rc = sql_bind_int(st, 7, o->limit, rc);
	rc = sql_bind_int(st, 9, o->facility_id, rc);
	while (rc == SQLITE_OK && npick < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		pick[npick++] = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(s->db, rc);
		goto fail;
	}
	if (npick && !(o->rows = calloc((size_t)npick, sizeof *o->rows))) {
		session_fail(s, "out of memory");
		goto fail;
	}
	for (o->n = 0; o->n < npick; o->n++)
		if (read_item(s, pick[o->n], &o->rows[o->n]) != 0)
			goto fail;
	if (pick != ids)
		free(pick);
	period_text(o->p, span);
	if (o->caseworker_id > 0)
		snprintf(detail, sizeof detail, "overdue follow-ups of user %lld, due %s: %d",
		         (long long)o->caseworker_id, span, o->n);
	else
		snprintf(detail, sizeof detail, "overdue follow-ups of %s, due %s: %d",
		         o->caseworker_id == FOLLOWUP_NOBODY ? "no caseworker" : "everyone", span, o->n);
	return audit_log(s, "view", "followup_audit", o->caseworker_id > 0 ? o->caseworker_id : 0,
	                 0, detail);
fail:
	if (pick != ids)
		free(pick);
	return -1;
}

int
followup_overdue(struct session *s, const struct period *p, int64_t caseworker_id,
                 int64_t facility_id, int limit, struct followup_item **rows, int *n)
{
	struct overdue o = {p, caseworker_id, facility_id, limit, NULL, 0};

	*rows = NULL;
	*n = 0;
	if (supervisor_only(s, "the follow-up audit") != 0)
		return -1;
	if (limit <= 0)
		return 0;
	if (session_write(s, do_overdue, &o) != 0) {
		free(o.rows);
		return -1;
	}
	*rows = o.rows;
	*n = o.n;
	return 0;
}

/* ---------------------------------------------------------------- staff */

int
followup_caseworkers(struct session *s, struct followup_user **rows, int *n)
{
	sqlite3_stmt *st;
	int rc, cap = 0;

	*rows = NULL;
	*n = 0;
	if (supervisor_only(s, "reassigning") != 0)
		return -1;
	if (sql_prep(s, sql_staff, &st) != 0)
		return session_dbfail(s);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct followup_user *u;
		if (*n == cap) {
			int more = cap ? cap * 2 : 16;
			struct followup_user *grown = realloc(*rows, (size_t)more * sizeof *grown);
			if (!grown)
				break;
			*rows = grown;
			cap = more;
		}
		u = &(*rows)[(*n)++];
		memset(u, 0, sizeof *u);
		u->id = sqlite3_column_int64(st, 0);
		sql_col_copy(st, 1, u->name, sizeof u->name);
		role_parse((const char *)sqlite3_column_text(st, 2), &u->role);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*rows);
	*rows = NULL;
	*n = 0;
	if (rc == SQLITE_ROW)
		return session_fail(s, "out of memory");
	db_fail(s->db, rc);
	return session_dbfail(s);
}

/* ---------------------------------------------------------------- reassign */

/* ?1 the caseworker (-1: nobody). */
#define CASELOAD "status = 'open' AND (caseworker_id = ?1 OR (?1 = -1 AND caseworker_id IS NULL))"

int
followup_caseload(struct session *s, int64_t caseworker_id, int64_t *n)
{
	*n = 0;
	if (supervisor_only(s, "reassigning") != 0)
		return -1;
	if (sql_query_i64(s, "SELECT count(*) FROM person WHERE " CASELOAD, caseworker_id, 0, n,
	                  NULL) != 0)
		return session_dbfail(s);
	return 0;
}

struct move {
	int64_t from, to;
	int moved;
};

static int
move_one(struct session *s, const struct move *m, int64_t id)
{
	sqlite3_stmt *st;
	char detail[80];
	int rc;

	if (sql_prep(s, "UPDATE person SET caseworker_id = ?1, last_activity_at = "
	             "max(last_activity_at, ?2), updated_at = ?2, updated_by = ?3, "
	             "version = version + 1 WHERE id = ?4", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, m->to, SQLITE_OK);
	rc = sql_bind_int(st, 2, session_now(s), rc);
	rc = sql_bind_int(st, 3, s->user_id, rc);
	rc = sql_bind_int(st, 4, id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	/* The same words as person_reassign's row. */
	if (m->from > 0)
		snprintf(detail, sizeof detail, "from user %lld to user %lld", (long long)m->from,
		         (long long)m->to);
	else
		snprintf(detail, sizeof detail, "to user %lld", (long long)m->to);
	return audit_log(s, "reassign", "person", id, id, detail);
}

static int
do_move(struct session *s, void *arg)
{
	struct move *m = arg;
	int64_t *ids = NULL;
	int n = 0, cap = 0, rc;
	sqlite3_stmt *st;
	char detail[120];

	if (person_check_caseworker(s, m->to) != 0)
		return -1;
	/* The ids first: the update moves rows out of the range being read. */
	if (sql_prep(s, "SELECT id FROM person WHERE " CASELOAD " ORDER BY id", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, m->from, SQLITE_OK);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int more = cap ? cap * 2 : 64;
			int64_t *grown = realloc(ids, (size_t)more * sizeof *grown);
			if (!grown)
				break;
			ids = grown;
			cap = more;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return rc == SQLITE_ROW ? session_fail(s, "out of memory") : db_fail(s->db, rc);
	}
	if (n == 0) {
		free(ids);
		return session_fail(s, "there are no open cases to reassign: nothing was changed");
	}
	for (int i = 0; i < n; i++)
		if (move_one(s, m, ids[i]) != 0) {
			free(ids);
			return -1;
		}
	free(ids);
	m->moved = n;
	if (m->from > 0)
		snprintf(detail, sizeof detail, "%d open cases from user %lld to user %lld", n,
		         (long long)m->from, (long long)m->to);
	else
		snprintf(detail, sizeof detail, "%d open cases with no caseworker to user %lld", n,
		         (long long)m->to);
	return audit_log(s, "reassign_all", "user", m->to, 0, detail);
}

int
followup_reassign_all(struct session *s, int64_t from, int64_t to, int *moved)
{
	struct move m = {from, to, 0};

	if (moved)
		*moved = 0;
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only a supervisor can reassign a caseload");
	if (from == to)
		return session_fail(s, "the caseload already belongs to that caseworker: "
		                    "pick someone else");
	if (from <= 0 && from != FOLLOWUP_NOBODY)
		return session_fail(s, "caseworker: there is no such user");
	if (session_write(s, do_move, &m) != 0)
		return -1;
	if (moved)
		*moved = m.moved;
	return 0;
}
