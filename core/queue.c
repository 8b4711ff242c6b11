/* SPDX-License-Identifier: ISC */
/*
 * queue.c - the work queues (see queue.h).
 *
 * Speed at a million people comes from never reading a table in full:
 * every queue walks a partial index whose rows are exactly the queue's
 * candidates (open tasks by due time, scheduled referrals by appointment,
 * stays in custody by expected release, released stays by release time,
 * open people by last activity), in the order the queue is shown, and
 * stops after `limit` rows.  CROSS JOIN and INDEXED BY pin each plan, so
 * it does not change when statistics appear (ANALYZE, PRAGMA optimize).
 *
 * A caseload ("only mine", and every caseworker's queues) is small next
 * to the open work of the whole program, so those queues walk the other
 * way: the caseworker's people first (person_caseworker), then their
 * tasks, referrals or stays, sorted at the end.  Health staff see releases
 * of the last ACCESS_HEALTH_DAYS only, so their ranges start there.
 *
 * The queues of stays (releasing, pre-release, released without checkout)
 * have both plans for a caseload and pick one each time: a caseload of up
 * to QUEUE_CASELOAD_MAX people is walked person by person (its stays in
 * custody through stay_custody, its releases through stay_person), which
 * costs about a microsecond a person; a larger one is found on the way
 * through the program's range, which stops after `limit` rows, soon when
 * the caseload is a large share of everyone.  Counting the caseload up to
 * the cap reads person_caseworker alone.  At a million people, walking
 * 20,000 people takes 10 to 20 ms and walking the range for so large a
 * caseload 5 to 30 ms; a caseload of 100 walked through the range takes
 * 60 ms to a second, because the range holds tens of thousands of stays.
 *
 * What stays slow: a facility filter that matches few rows walks the
 * queue's whole range, because no index holds a facility.  Open work
 * never expires (an overdue task stays until someone records what
 * happened), so on a program with a large backlog that walk is long.
 *
 * The SQL is fixed text; the filters are bound parameters:
 *   ?1 now  ?2 only mine  ?3 acting user  ?4 facility (0 all)
 *   ?5 health's limits apply  ?6 health sees releases after this
 *   ?7 limit  ?8, ?9 the queue's own range (?8 its lower end)
 */
#include "queue.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "record.h"
#include "roster_seen.h"
#include "setting.h"
#include "stay.h"
#include "vocab.h"
#include "zone.h"

#define HOUR 3600
#define DAY 86400
/* Releases and expected releases this far back stay on the queues. */
#define PAST_DAYS ACCESS_HEALTH_DAYS
#define RELEASING_HOURS 48
#define APPOINTMENT_DAYS 7
/* Upper bound on any task window (clock.contact_hours <= 720, window
 * days <= 30): only the index range, not what shows. */
#define WINDOW_MAX (31 * DAY)

/* ---------------------------------------------------------------- SQL */

#define NAME "coalesce(nullif(p.preferred_name, ''), nullif(p.legal_name, ''), p.participant_code)"
#define MINE "(?2 = 0 OR p.caseworker_id = ?3)"
/* A closed case is on no queue (its open tasks closed with it, but a
 * release recorded while it was closed starts clocks of its own). */
#define OPEN "p.status = 'open'"
#define VISIBLE                                                                        \
	"(?5 = 0 OR EXISTS (SELECT 1 FROM stay h WHERE h.person_id = p.id AND "       \
	"(h.released_at IS NULL OR h.released_at > ?6)))"
#define LATEST_FACILITY                                                                 \
	"(SELECT x.facility_id FROM stay x WHERE x.person_id = p.id "                    \
	"ORDER BY x.booked_at DESC LIMIT 1)"

/* Columns: 0 item, 1 person, 2 code, 3 name, 4 due, 5 and 6 for the
 * words, 7..9 readiness marks; or 7 how precisely the jail's roster knew
 * the release the row's clock starts at (PRECISION, by the stay's key,
 * for the rows shown only). */
#define PRECISION(stay) "(SELECT rs.release_precision FROM roster_stay rs WHERE rs.stay_id = " \
	stay ") "
#define TASK_COLS "SELECT t.id, p.id, p.participant_code, " NAME ", t.due_at, t.kind, " \
	"coalesce(t.checkpoint, 0), " PRECISION("t.stay_id")
/* Every test names t only, so a row is judged before its person is read. */
#define TASK_WHERE(kind)                                                                  \
	"t.status = 'open' AND t.kind = '" kind "' AND t.window_start <= ?1 AND "         \
	"t.due_at > ?8 AND t.due_at <= ?9 AND (?4 = 0 OR ?4 = (SELECT st.facility_id FROM "  \
	"stay st WHERE st.id = t.stay_id)) AND (?5 = 0 OR EXISTS (SELECT 1 FROM stay h "     \
	"WHERE h.person_id = t.person_id AND (h.released_at IS NULL OR h.released_at > ?6))) " \
	"ORDER BY t.due_at, t.id LIMIT ?7"
#define TASK_ALL(kind) \
	TASK_COLS "FROM task t CROSS JOIN person p ON p.id = t.person_id WHERE " OPEN " AND " \
	TASK_WHERE(kind)
/* A caseload's open tasks.  task_person holds every task a person ever
 * had, most of them closed, and reading a task row to learn its status
 * reads a random page per task.  So the open ones are picked from the
 * indexes alone first (a probe of task_open_due by due time and rowid),
 * only those rows are read and judged, and only the few shown have their
 * person read. */
#define TASK_MINE(kind)                                                                   \
	"WITH mine_open AS MATERIALIZED (SELECT t.rowid AS tid FROM person p CROSS JOIN "   \
	"task t INDEXED BY task_person ON t.person_id = p.id WHERE p.caseworker_id = ?3 "   \
	"AND " OPEN " "                                                                      \
	"AND t.due_at > ?8 AND t.due_at <= ?9 AND EXISTS (SELECT 1 FROM task o INDEXED BY " \
	"task_open_due WHERE o.status = 'open' AND o.due_at = t.due_at AND "                \
	"o.rowid = t.rowid)), "                                                              \
	"mine_due AS MATERIALIZED (SELECT t.id AS tid FROM mine_open CROSS JOIN task t ON "  \
	"t.rowid = mine_open.tid WHERE " TASK_WHERE(kind) ") "                              \
	TASK_COLS "FROM mine_due CROSS JOIN task t ON t.rowid = mine_due.tid "              \
	"CROSS JOIN person p ON p.id = t.person_id ORDER BY t.due_at, t.id"

#define MARKS                                                                              \
	"(SELECT max(CASE WHEN e.declined = 0 THEN 3 ELSE 2 END) FROM education e "         \
	"  WHERE e.stay_id = st.id), "                                                      \
	"(SELECT max(CASE n.outcome WHEN 'given' THEN 3 WHEN 'placed_in_property' THEN 3 "  \
	"  WHEN 'declined' THEN 2 ELSE 1 END) FROM naloxone n WHERE n.stay_id = st.id), "   \
	"(SELECT max(CASE WHEN r.status IN ('scheduled', 'attended') THEN 3 "                \
	"  WHEN r.status = 'declined' THEN 2 END) FROM referral r WHERE r.stay_id = st.id) "
#define CUSTODY_COLS                                                                       \
	"SELECT st.id, p.id, p.participant_code, " NAME ", st.expected_release_at, "           \
	"st.expected_source, 0, " MARKS
#define CUSTODY_WHERE                                                                      \
	"st.released_at IS NULL AND st.expected_release_at >= ?8 AND "                        \
	"st.expected_release_at <= ?9 AND (?4 = 0 OR st.facility_id = ?4) AND " MINE " AND " OPEN \
	" AND " VISIBLE
#define CUSTODY                                                                            \
	CUSTODY_COLS "FROM stay st INDEXED BY stay_expected CROSS JOIN person p ON "            \
	"p.id = st.person_id WHERE " CUSTODY_WHERE
/* A caseload's stays in custody: its people (person_caseworker, the index
 * alone), then each one's stays in custody by expected release
 * (stay_custody), so only the stays in the range are read. */
#define CUSTODY_MINE                                                                       \
	CUSTODY_COLS "FROM person p INDEXED BY person_caseworker CROSS JOIN stay st INDEXED BY " \
	"stay_custody ON st.person_id = p.id WHERE p.caseworker_id = ?3 AND " CUSTODY_WHERE

static const char sql_contact_all[] = TASK_ALL("contact_48h");
static const char sql_contact_mine[] = TASK_MINE("contact_48h");
static const char sql_followup_all[] = TASK_ALL("followup");
static const char sql_followup_mine[] = TASK_MINE("followup");

#define CUSTODY_ORDER " ORDER BY st.expected_release_at, st.id LIMIT ?7"
static const char sql_releasing[] = CUSTODY CUSTODY_ORDER;
static const char sql_releasing_mine[] = CUSTODY_MINE CUSTODY_ORDER;

/* Only the stays with something missing; declined counts as answered.
 * Each test names p as well as st, which is always true (a stay's records
 * are its person's) but makes SQLite test it only after the caseload and
 * visibility tests, which need p: otherwise a short caseload's queue would
 * look up the readiness of every stay in custody first. */
#define MISSING                                                                            \
	" AND (NOT EXISTS (SELECT 1 FROM education e WHERE e.stay_id = st.id AND "            \
	"e.person_id = p.id) OR NOT EXISTS (SELECT 1 FROM naloxone n WHERE n.stay_id = st.id AND " \
	"n.person_id = p.id) OR NOT EXISTS (SELECT 1 FROM referral r WHERE r.stay_id = st.id AND " \
	"r.person_id = p.id AND r.status IN ('scheduled', 'attended', 'declined')))"
static const char sql_prerelease[] = CUSTODY MISSING CUSTODY_ORDER;
static const char sql_prerelease_mine[] = CUSTODY_MINE MISSING CUSTODY_ORDER;

#define CHECKOUT_COLS "SELECT st.id, p.id, p.participant_code, " NAME ", st.released_at, " \
	"st.release_type, st.planned, " PRECISION("st.id")
/* Not a transfer to another agency's custody (no community to hand a kit
 * to), nor a release the person has since been booked again after (back
 * in custody: that checkout can no longer happen). */
#define CHECKOUT_WHERE                                                                    \
	"st.released_at IS NOT NULL AND st.released_at > ?8 AND st.released_at <= ?1 AND "  \
	"st.release_type <> 'transfer' AND "                                                 \
	"(?4 = 0 OR st.facility_id = ?4) AND NOT EXISTS (SELECT 1 FROM naloxone n WHERE "   \
	"n.stay_id = st.id) AND NOT EXISTS (SELECT 1 FROM stay y WHERE y.person_id = "       \
	"st.person_id AND y.booked_at >= st.released_at AND y.id <> st.id) AND "            \
	MINE " AND " OPEN " AND " VISIBLE " ORDER BY st.released_at, st.id LIMIT ?7"
static const char sql_no_checkout[] =
	CHECKOUT_COLS "FROM stay st INDEXED BY stay_released CROSS JOIN person p ON "
	"p.id = st.person_id WHERE " CHECKOUT_WHERE;
/* A caseload's releases: its people (person_caseworker, the index alone),
 * then each one's stays (stay_person), each read to learn its release. */
static const char sql_no_checkout_mine[] =
	CHECKOUT_COLS "FROM person p INDEXED BY person_caseworker CROSS JOIN stay st INDEXED BY "
	"stay_person ON st.person_id = p.id WHERE p.caseworker_id = ?3 AND " CHECKOUT_WHERE;

#define APPT_COLS "SELECT r.id, p.id, p.participant_code, " NAME ", r.appointment_at, r.type, " \
	"pr.name "
#define APPT_WHERE                                                                       \
	"r.status = 'scheduled' AND r.appointment_at > ?8 AND r.appointment_at <= ?9 AND "  \
	"(?4 = 0 OR ?4 = coalesce("                                                          \
	"(SELECT x.facility_id FROM stay x WHERE x.id = r.stay_id), " LATEST_FACILITY ")) AND " \
	OPEN " AND " VISIBLE " ORDER BY r.appointment_at, r.id LIMIT ?7"
static const char sql_appt_all[] =
	APPT_COLS "FROM referral r CROSS JOIN person p ON p.id = r.person_id "
	"LEFT JOIN provider pr ON pr.id = r.provider_id WHERE " APPT_WHERE;
static const char sql_appt_mine[] =
	APPT_COLS "FROM person p CROSS JOIN referral r ON r.person_id = p.id "
	"LEFT JOIN provider pr ON pr.id = r.provider_id WHERE p.caseworker_id = ?3 AND " APPT_WHERE;

#define STALE_COLS "SELECT p.id, p.id, p.participant_code, " NAME ", " \
	"p.last_activity_at + (?1 - ?9), NULL, 0 "
#define STALE_WHERE \
	"p.status = 'open' AND p.last_activity_at < ?9 AND (?4 = 0 OR ?4 = " LATEST_FACILITY ") " \
	"ORDER BY p.last_activity_at, p.id LIMIT ?7"
static const char sql_stale_all[] = STALE_COLS "FROM person p WHERE " STALE_WHERE;
/* Left to itself the planner prefers the activity range, which holds every
 * quiet case of the program; a caseload is far smaller. */
static const char sql_stale_mine[] =
	STALE_COLS "FROM person p INDEXED BY person_caseworker WHERE p.caseworker_id = ?3 AND "
	STALE_WHERE;

/* Copies text, cutting only between whole UTF-8 characters. */
static void
copy_utf8(char *out, size_t n, const unsigned char *t)
{
	size_t len = t ? strlen((const char *)t) : 0;

	if (len >= n) {
		len = n - 1;
		while (len > 0 && (t[len] & 0xc0) == 0x80)
			len--;
	}
	if (len)
		memcpy(out, t, len);
	out[len] = 0;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : NULL;
}

typedef void (*what_fn)(sqlite3_stmt *st, struct queue_row *r);

/* ", date only" or ", last seen" when the roster gave no time for the
 * release a clock starts at (column 7); "" for a time, or one typed. */
static const char *
precision_mark(sqlite3_stmt *st)
{
	return roster_seen_mark(col_text(st, 7));
}

static void
what_task(sqlite3_stmt *st, struct queue_row *r)
{
	if (strcmp(col_text(st, 5), "contact_48h") == 0)
		snprintf(r->what, sizeof r->what, "48-hour contact%s", precision_mark(st));
	else
		snprintf(r->what, sizeof r->what, "day %d follow-up%s", sqlite3_column_int(st, 6),
		         precision_mark(st));
}

static void
what_custody(sqlite3_stmt *st, struct queue_row *r)
{
	const char *src = col_text(st, 5);

	if (r->late > 0)
		snprintf(r->what, sizeof r->what, "expected release has passed: record the release "
		         "or a new date");
	else
		snprintf(r->what, sizeof r->what, "release expected (%s)",
		         src ? vocab_label(VOCAB_EXPECTED_SOURCE, src) : "source not given");
}

static void
what_prerelease(sqlite3_stmt *st, struct queue_row *r)
{
	char *p = r->what, *end = r->what + sizeof r->what;

	(void)st;
	p += snprintf(p, (size_t)(end - p), "missing:");
	if (r->missing & QUEUE_MISSING_EDUCATION)
		p += snprintf(p, (size_t)(end - p), " education");
	if (r->missing & QUEUE_MISSING_NALOXONE)
		p += snprintf(p, (size_t)(end - p), "%s naloxone plan",
		              r->missing & QUEUE_MISSING_EDUCATION ? "," : "");
	if (r->missing & QUEUE_MISSING_APPOINTMENT)
		snprintf(p, (size_t)(end - p), "%s appointment",
		         r->missing & ~QUEUE_MISSING_APPOINTMENT ? "," : "");
}

static void
what_no_checkout(sqlite3_stmt *st, struct queue_row *r)
{
	const char *precision = col_text(st, 7);

	if (precision && strcmp(precision, "date") == 0)
		r->rough = QUEUE_ROUGH_DATE;
	else if (precision && strcmp(precision, "inferred") == 0)
		r->rough = QUEUE_ROUGH_SEEN;
	else
		r->rough = QUEUE_ROUGH_NONE;
	snprintf(r->what, sizeof r->what, "%s, %s", vocab_label(VOCAB_RELEASE_TYPE, col_text(st, 5)),
	         sqlite3_column_int(st, 6) ? "planned" : "unplanned");
}

const char *
queue_rough_mark(enum queue_rough rough)
{
	return rough == QUEUE_ROUGH_DATE ? "*" : rough == QUEUE_ROUGH_SEEN ? "+" : "";
}

const char *
queue_rough_legend(const struct queue_row *rows, int n, char *out, size_t size)
{
	int date = 0, seen = 0;

	for (int i = 0; i < n; i++) {
		date |= rows[i].rough == QUEUE_ROUGH_DATE;
		seen |= rows[i].rough == QUEUE_ROUGH_SEEN;
	}
	snprintf(out, size, "%s%s%s", date ? "* date only" : "", date && seen ? "  " : "",
	         seen ? "+ last seen" : "");
	return out;
}

static void
what_appointment(sqlite3_stmt *st, struct queue_row *r)
{
	const char *provider = col_text(st, 6);

	snprintf(r->what, sizeof r->what, "%s%s%s%s",
	         r->late > 0 ? "appointment passed, outcome not recorded: " : "appointment: ",
	         vocab_label(VOCAB_REFERRAL_TYPE, col_text(st, 5)), provider ? " at " : "",
	         provider ? provider : "");
}

static void
what_stale(sqlite3_stmt *st, struct queue_row *r)
{
	(void)st;
	snprintf(r->what, sizeof r->what, "no activity on the case");
}

/* ---------------------------------------------------------------- running */

struct qrun {
	const char *sql;     /* the statement for everyone's work */
	const char *mine;    /* for a caseload; NULL: sql filters by ?2 itself */
	int64_t p8, p9;      /* the queue's own range */
	int marks;           /* columns 7..9 hold readiness marks */
	what_fn what;
	int capped;          /* mine only up to QUEUE_CASELOAD_MAX people, else sql */
};

/* Who is asking decides the rows: see queue.h. */
static int
scope(struct session *s, const struct queue_filter *f, int *mine, int *health)
{
	*mine = f && f->only_mine;
	*health = 0;
	switch (s->role) {
	case ROLE_SUPERVISOR:
		return 0;
	case ROLE_CASEWORKER:
		*mine = 1;
		return 0;
	case ROLE_HEALTH:
		*health = 1;
		return 0;
	case ROLE_IMPORT:
		return access_refuse_import(s);
	default:
		return session_fail(s, "the queues hold case records, which an admin account does "
		                    "not see");
	}
}

static int
bind_all(sqlite3_stmt *st, const int64_t *v)
{
	int count = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;

	for (int i = 1; i <= count && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_int64(st, i, v[i - 1]);
	return rc;
}

/* Whether the acting user's caseload is larger than QUEUE_CASELOAD_MAX:
 * there is a person past the first QUEUE_CASELOAD_MAX of it, which
 * person_caseworker answers alone, reading no further than that. */
static const char sql_caseload_over[] =
	"SELECT 1 FROM person INDEXED BY person_caseworker WHERE caseworker_id = ?1 "
	"LIMIT 1 OFFSET ?2";

static int
caseload_over(struct session *s, int *over)
{
	sqlite3_stmt *st;
	int rc;

	*over = 0;
	if (sql_prep(s, sql_caseload_over, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, s->user_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, QUEUE_CASELOAD_MAX, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	*over = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

/* An expected release of a date only is due all that day. */
static void
expected_day(const char *zone, int64_t now, struct queue_row *r)
{
	int64_t end;

	if (!stay_expected_day(zone, r->due_at, &end))
		return;
	r->day_only = 1;
	r->late = now - end;
	r->today = now >= r->due_at && now < end;
}

static void
read_row(sqlite3_stmt *st, const struct qrun *q, const char *zone, int64_t now,
         struct queue_row *r)
{
	memset(r, 0, sizeof *r);
	r->item_id = sqlite3_column_int64(st, 0);
	r->person_id = sqlite3_column_int64(st, 1);
	copy_utf8(r->code, sizeof r->code, sqlite3_column_text(st, 2));
	copy_utf8(r->name, sizeof r->name, sqlite3_column_text(st, 3));
	r->due_at = sqlite3_column_int64(st, 4);
	r->late = now - r->due_at;
	if (q->marks) {
		r->educated = (enum queue_mark)sqlite3_column_int(st, 7);
		r->naloxone = (enum queue_mark)sqlite3_column_int(st, 8);
		r->appointment = (enum queue_mark)sqlite3_column_int(st, 9);
		r->missing = (r->educated ? 0 : QUEUE_MISSING_EDUCATION) |
		             (r->naloxone ? 0 : QUEUE_MISSING_NALOXONE) |
		             (r->appointment ? 0 : QUEUE_MISSING_APPOINTMENT);
		expected_day(zone, now, r);
	}
	q->what(st, r);
}

static int
run_queue(struct session *s, const struct queue_filter *f, const struct qrun *q,
          struct queue_row *rows, int limit, int *n)
{
	int64_t now = session_now(s), v[9];
	char zone[ZONE_NAME_MAX];
	const char *sql;
	sqlite3_stmt *st;
	int mine, health, over = 0, rc;

	*n = 0;
	if (scope(s, f, &mine, &health) != 0)
		return -1;
	if (limit <= 0)
		return 0;
	/* The custody queues' expected dates are read in the site's zone. */
	zone[0] = 0;
	if (q->marks)
		zone_site(s->db, zone);
	v[0] = now, v[1] = mine, v[2] = s->user_id, v[3] = f ? f->facility_id : 0;
	v[4] = health, v[5] = now - (int64_t)ACCESS_HEALTH_DAYS * DAY, v[6] = limit;
	v[7] = q->p8, v[8] = q->p9;
	/* Health staff see releases of the last ACCESS_HEALTH_DAYS only: the
	 * same bound on the range keeps their queues from walking the whole
	 * program's backlog to find the few rows they may see. */
	if (health && v[7] < v[5])
		v[7] = v[5];
	/* A caseload is walked person by person; one too large for that is
	 * better found on the way through the program's own range. */
	if (mine && q->mine && q->capped && caseload_over(s, &over) != 0)
		return session_dbfail(s);
	sql = mine && q->mine && !over ? q->mine : q->sql;
	if (sql_prep(s, sql, &st) != 0)
		return session_dbfail(s);
	rc = bind_all(st, v);
	while (rc == SQLITE_OK && *n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, q, zone, now, &rows[*n]);
		++*n;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(s->db, rc);
		*n = 0;
		return session_dbfail(s);
	}
	return 0;
}

/* ---------------------------------------------------------------- queues */

int
queue_contact_48h(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                  int limit, int *n)
{
	int64_t now = session_now(s);
	struct qrun q = {sql_contact_all, sql_contact_mine, 0, now + WINDOW_MAX, 0, what_task, 0};

	return run_queue(s, f, &q, rows, limit, n);
}

int
queue_followup(struct session *s, const struct queue_filter *f, struct queue_row *rows,
               int limit, int *n)
{
	int64_t now = session_now(s);
	struct qrun q = {sql_followup_all, sql_followup_mine, 0, now + WINDOW_MAX, 0, what_task, 0};

	return run_queue(s, f, &q, rows, limit, n);
}

int
queue_releasing(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                int limit, int *n)
{
	int64_t now = session_now(s);
	struct qrun q = {sql_releasing, sql_releasing_mine, now - (int64_t)PAST_DAYS * DAY,
	                 now + RELEASING_HOURS * HOUR, 1, what_custody, 1};

	return run_queue(s, f, &q, rows, limit, n);
}

/* A setting counted in days; dflt when unset or not from 1 to max. */
static int
setting_days(struct session *s, const char *key, int dflt, int max)
{
	int64_t days = setting_int(s->db, key, dflt);

	return days < 1 || days > max ? dflt : (int)days;
}

static int
prerelease_days(struct session *s)
{
	return setting_days(s, "queue.prerelease_days", 7, 365);
}

int
queue_prerelease(struct session *s, int days, const struct queue_filter *f,
                 struct queue_row *rows, int limit, int *n)
{
	int64_t now = session_now(s);
	struct qrun q = {sql_prerelease, sql_prerelease_mine, now - (int64_t)PAST_DAYS * DAY, 0, 1,
	                 what_prerelease, 1};

	if (days <= 0)
		days = prerelease_days(s);
	if (days > 365)
		days = 7;
	q.p9 = now + (int64_t)days * DAY;
	return run_queue(s, f, &q, rows, limit, n);
}

int
queue_no_checkout(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                  int limit, int *n)
{
	int64_t now = session_now(s);
	struct qrun q = {sql_no_checkout, sql_no_checkout_mine, now - (int64_t)PAST_DAYS * DAY,
	                 0, 0, what_no_checkout, 1};

	return run_queue(s, f, &q, rows, limit, n);
}

int
queue_appointments(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                   int limit, int *n)
{
	int64_t now = session_now(s);
	struct qrun q = {sql_appt_all, sql_appt_mine, 0, now + (int64_t)APPOINTMENT_DAYS * DAY, 0,
	                 what_appointment, 0};

	return run_queue(s, f, &q, rows, limit, n);
}

static int64_t
stale_days(struct session *s)
{
	return setting_days(s, "queue.stale_days", 14, 3650);
}

int
queue_stale(struct session *s, const struct queue_filter *f, struct queue_row *rows, int limit,
            int *n)
{
	int64_t days = stale_days(s);
	struct qrun q = {sql_stale_all, sql_stale_mine, 0, 0, 0, what_stale, 0};

	*n = 0;
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "the stale-case queue is for supervisors");
	q.p9 = session_now(s) - days * DAY;
	return run_queue(s, f, &q, rows, limit, n);
}

/* The pre-release queue as the screen shows it: the site's days. */
static int
prerelease_setting(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                   int limit, int *n)
{
	return queue_prerelease(s, 0, f, rows, limit, n);
}

const struct queue_def queue_defs[QUEUE_COUNT] = {
	{QUEUE_CONTACT_48H, "48-hour contacts due and overdue", queue_contact_48h},
	{QUEUE_RELEASING, "Releasing in the next 48 hours", queue_releasing},
	{QUEUE_NO_CHECKOUT, "Released without checkout", queue_no_checkout},
	{QUEUE_FOLLOWUP, "Follow-ups due and overdue", queue_followup},
	{QUEUE_APPOINTMENTS, "Appointments: next 7 days, outcomes to record",
	 queue_appointments},
	{QUEUE_PRERELEASE, "Releasing within 7 days, not ready", prerelease_setting},
	{QUEUE_STALE, "Stale: no activity in 14 days", queue_stale},
};

const char *
queue_title(struct session *s, enum queue_id id, char *out, size_t n)
{
	if (id == QUEUE_STALE)
		snprintf(out, n, "Stale: no activity in %lld days", (long long)stale_days(s));
	else if (id == QUEUE_PRERELEASE)
		snprintf(out, n, "Releasing within %d day%s, not ready", prerelease_days(s),
		         prerelease_days(s) == 1 ? "" : "s");
	else
		snprintf(out, n, "%s", queue_defs[id].title);
	return out;
}

int
queue_changed(struct session *s, int64_t *seen)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc;

	if (sql_prep(s, "PRAGMA data_version", &st) != 0)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_fail(s->db, rc);
		return session_dbfail(s);
	}
	if (v == *seen)
		return 0;
	*seen = v;
	return 1;
}
