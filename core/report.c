/* SPDX-License-Identifier: ISC */
/*
 * report.c - the program report (see report.h for what each figure is).
 *
 * Each release's facts are decided as records are saved, not here: the
 * table release_summary (schema/0007) holds one row per release in order
 * of release time, kept current by triggers, with the education,
 * naloxone, appointment, MOUD, first contact, 48-hour contact and
 * follow-ups of that release.  The report reads one range of that table,
 * and one range of event_summary for the naloxone reports of the period.
 * What depends on the time of reading (an open task whose window has
 * ended is missed) is decided here against the report's "now".  The
 * counting into groups (program, facility, caseworker; planned and
 * unplanned) and the medians are core/tally.c's.
 *
 * At a million people a quarter has some 400,000 releases.  Looking each
 * release's facts up while reporting, even through covering indexes in
 * person order, took five seconds; one range of one table, counted with
 * memory in mind, takes a fraction of a second.
 *
 * Everything is read in one read transaction, the audit chain head with
 * it, so the head a report states is the one its figures were read at;
 * the report's own audit row is written after, in a write transaction of
 * its own, so a long report never holds other people's saves back.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "record.h"
#include "setting.h"
#include "tally.h"
#include "zone.h"

#define DAY 86400

/* The period's releases with their facts (schema/0007: release_summary
 * is kept current as records are saved).  Columns 0-8 as they are; an
 * open 48-hour contact whose window ended before now (?4) is missed.
 * release_summary holds every end of a stay: the last column says which
 * were transfers to another agency, which are no releases to the
 * community and are only counted.  The last column is how the jail's
 * roster gave the release, if it did (NULL: typed by hand).  Both are
 * kept in the row itself (schema/0024): looking them up in stay and
 * roster_stay for each release made a quarter's report at 1M take
 * seconds. */
static const char release_sql[] =
	"SELECT facility_id, coalesce(caseworker_id, 0), planned, released_at, educated, "
	"naloxone, appointment, moud_at, contact_at, "
	"CASE WHEN c48 = 4 AND c48_end < ?4 THEN 3 ELSE c48 END, followups, "
	"transfer, precision "
	"FROM release_summary WHERE released_at >= ?1 AND released_at < ?2 "
	"AND (?3 = 0 OR facility_id = ?3)";

/* The period's reports of naloxone used or refilled (event_summary,
 * schema/0007, with the caseworker and facility they count under). */
static const char event_sql[] =
	"SELECT kind, survived, coalesce(caseworker_id, 0), facility_id FROM event_summary "
	"WHERE at >= ?1 AND at < ?2";

struct build {
	struct session *s;
	struct report *r;
	struct tally t;
	int64_t now;
};

/* ---------------------------------------------------------------- reading */

static int
session_fail_rc(struct session *s, int rc)
{
	db_fail(s->db, rc);
	return session_dbfail(s);
}

static int
bind_period(sqlite3_stmt *st, const struct report *r, int64_t now)
{
	int rc = sql_bind_int(st, 1, r->period.start, SQLITE_OK);

	rc = sql_bind_int(st, 2, r->period.end, rc);
	rc = sql_bind_int(st, 3, r->facility_id, rc);
	if (sqlite3_bind_parameter_count(st) >= 4)
		rc = sql_bind_int(st, 4, now, rc);
	return rc;
}

static int
week_of(const struct report *r, int64_t t)
{
	int lo = 0, hi = r->nweeks - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (r->weeks[mid].start <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The decimal number at *p (digits only), moving *p past it; -1 if none. */
static int64_t
number(const char **p)
{
	int64_t v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9' && v < INT64_MAX / 10 - 9; s++)
		v = v * 10 + (*s - '0');
	*p = s;
	return v;
}

/* The follow-ups of one release ("7:0,14:4@1767225600": checkpoint and
 * state, an open one with the end of its window, in no particular order;
 * NULL for none).  An open follow-up whose window ended before now is
 * missed.  More than a report has columns for are not counted. */
static int
followups_of(const char *text, int64_t now, struct tally_release *x)
{
	x->nfollowups = 0;
	while (text && *text) {
		int64_t day = number(&text), state;
		if (day < 0 || day > 3650 || *text++ != ':')
			return -1;
		state = number(&text);
		if (state == REPORT_OPEN && *text == '@') {
			int64_t until;
			text++;
			if ((until = number(&text)) < 0)
				return -1;
			if (until < now)
				state = REPORT_MISSED;
		}
		if (state < 0 || state >= REPORT_TASK_STATES || (*text && *text != ','))
			return -1;
		text += *text == ',';
		if (x->nfollowups < REPORT_CHECKPOINTS) {
			x->followup[x->nfollowups].day = (int)day;
			x->followup[x->nfollowups++].state = (int)state;
		}
	}
	return 0;
}

/* The release on row st (release_sql's columns); -1 if its follow-ups
 * cannot be read. */
static int
release_of(sqlite3_stmt *st, int64_t now, struct tally_release *x)
{
	int64_t released = sqlite3_column_int64(st, 3);
	int nal = sqlite3_column_int(st, 5);

	x->facility = sqlite3_column_int64(st, 0);
	x->caseworker = sqlite3_column_int64(st, 1);
	x->side = sqlite3_column_int(st, 2) ? 0 : 1;
	x->educated = sqlite3_column_int(st, 4) != 0;
	x->naloxone = REPORT_NAL_NONE - (nal >= 0 && nal <= REPORT_NAL_NONE ? nal : 0);
	x->appointment = sqlite3_column_int(st, 6) != 0;
	/* An appointment still ahead was not attended yet, whatever was
	 * recorded before attended was refused for it (referral.c). */
	x->moud_after = sqlite3_column_type(st, 7) == SQLITE_NULL || sqlite3_column_int64(st, 7) > now
	                    ? -1
	                    : sqlite3_column_int64(st, 7) - released;
	x->hours = sqlite3_column_type(st, 8) == SQLITE_NULL
	               ? -1
	               : (double)(sqlite3_column_int64(st, 8) - released) / 3600.0;
	x->c48 = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
	if (x->c48 >= REPORT_TASK_STATES)
		x->c48 = -1;
	return followups_of((const char *)sqlite3_column_text(st, 10), now, x);
}

/* The weekly series of the release x, released at t. */
static void
add_week(struct report *r, int64_t t, const struct tally_release *x)
{
	struct report_week *w = &r->weeks[week_of(r, t)];

	w->releases++;
	w->in_hand += x->naloxone == REPORT_NAL_IN_HAND;
	w->c48_on_time += x->c48 == REPORT_ON_TIME;
	w->c48_due += x->c48 == REPORT_ON_TIME || x->c48 == REPORT_LATE || x->c48 == REPORT_MISSED;
}

/* A release the jail's roster gave (code: its precision), or NULL: one
 * typed by hand, counted from the rest once all are read. */
static void
count_precision(struct build *b, const char *code)
{
	static const char *const codes[] = {"time", "date", "inferred"};

	if (!code)
		return;
	for (int i = 0; i < 3; i++)
		if (!strcmp(code, codes[i]))
			b->r->precision[i]++;
}

static int
read_releases(struct build *b)
{
	struct report *r = b->r;
	struct tally_release x[TALLY_BATCH];
	sqlite3_stmt *st;
	int rc, n = 0;

	if (sql_prep(b->s, release_sql, &st) != 0)
		return -1;
	rc = bind_period(st, r, b->now);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (sqlite3_column_int(st, 11)) {
			r->transfers++;
			continue;
		}
		count_precision(b, (const char *)sqlite3_column_text(st, 12));
		if (release_of(st, b->now, &x[n]) != 0) {
			sqlite3_finalize(st);
			return session_fail(b->s, "the follow-ups of a release could not be read");
		}
		add_week(r, sqlite3_column_int64(st, 3), &x[n]);
		if (++n == TALLY_BATCH) {
			if (tally_releases(&b->t, x, n) != 0)
				rc = SQLITE_NOMEM;
			n = 0;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE && tally_releases(&b->t, x, n) != 0)
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_NOMEM)
		return session_fail(b->s, "not enough memory for the report");
	if (rc != SQLITE_DONE)
		return session_fail_rc(b->s, rc);
	return 0;
}

static int
read_events(struct build *b)
{
	struct report *r = b->r;
	sqlite3_stmt *st;
	int rc, g[3];

	if (sql_prep(b->s, event_sql, &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, r->period.start, SQLITE_OK);
	rc = sql_bind_int(st, 2, r->period.end, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int used = strcmp((const char *)sqlite3_column_text(st, 0), "used") == 0;
		int64_t facility = sqlite3_column_int64(st, 3);
		rc = SQLITE_OK;
		if (r->facility_id && facility != r->facility_id)
			continue;
		if (tally_groups(&b->t, facility, sqlite3_column_int64(st, 2), g) != 0) {
			sqlite3_finalize(st);
			return session_fail(b->s, "not enough memory for the report");
		}
		for (int i = 0; i < 3; i++) {
			struct report_figures *f = &r->groups[g[i]].fig[REPORT_ALL];
			f->overdoses += used;
			f->reversals += used && sqlite3_column_int(st, 1) == 1;
			f->refills += !used;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return session_fail_rc(b->s, rc);
	return 0;
}

/* ---------------------------------------------------------------- shaping */

/* The site's follow-up days come first, so a quiet period still shows
 * the columns people expect; days found on older tasks join them. */
static void
site_checkpoints(struct build *b)
{
	char text[200], *p = text;

	setting_text(b->s->db, "clock.followup_days", "7,14,30,90", text, sizeof text);
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || v > 3650)
			break;
		tally_checkpoint(&b->t, (int)v);
		p = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	if (b->r->ncheckpoints == 0) {
		static const int def[] = {7, 14, 30, 90};
		for (int i = 0; i < 4; i++)
			tally_checkpoint(&b->t, def[i]);
	}
}

static int
make_weeks(struct session *s, struct report *r)
{
	char zone[ZONE_NAME_MAX];
	int n = 0;

	zone_site(s->db, zone);
	r->weeks = calloc((size_t)((r->period.end - r->period.start) / (7 * DAY - 3600) + 2),
	                  sizeof *r->weeks);
	if (!r->weeks)
		return session_fail(s, "not enough memory for the report");
	for (int64_t t = r->period.start; t < r->period.end; n++) {
		int seven = 7;
		int64_t next;
		zone_add_days(zone, t, &seven, 1, &next);
		r->weeks[n].start = t;
		r->weeks[n].end = next < r->period.end ? next : r->period.end;
		t = r->weeks[n].end;
	}
	r->nweeks = n;
	return 0;
}

static void
group_name(struct session *s, struct report_group *g)
{
	if (g->kind == REPORT_PROGRAM) {
		snprintf(g->name, sizeof g->name, "Program");
	} else if (g->kind == REPORT_CASEWORKER) {
		session_user_name(s, g->id, g->name, sizeof g->name);
		if (!g->id || !g->name[0])
			snprintf(g->name, sizeof g->name, "no caseworker");
	} else {
		int64_t found = 0;
		sqlite3_stmt *st;
		g->name[0] = 0;
		if (sql_prep(s, "SELECT name FROM facility WHERE id = ?1", &st) == 0) {
			if (sql_bind_int(st, 1, g->id, SQLITE_OK) == SQLITE_OK &&
			    sqlite3_step(st) == SQLITE_ROW) {
				sql_col_copy(st, 0, g->name, sizeof g->name);
				found = 1;
			}
			sqlite3_finalize(st);
		}
		if (!found)
			snprintf(g->name, sizeof g->name, "facility %lld", (long long)g->id);
	}
}

static int
cmp_group(const void *a, const void *b)
{
	const struct report_group *x = a, *y = b;
	int nx = x->kind == REPORT_CASEWORKER && x->id == 0;
	int ny = y->kind == REPORT_CASEWORKER && y->id == 0;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (nx != ny)
		return nx - ny;
	return strcmp(x->name, y->name);
}

/* Each group's figures, its medians and its name; the groups in order. */
static int
finish(struct build *b)
{
	struct report *r = b->r;

	if (tally_finish(&b->t) != 0)
		return session_fail(b->s, "not enough memory for the report");
	for (int g = 0; g < r->ngroups; g++)
		group_name(b->s, &r->groups[g]);
	/* The program is first by kind; the rest by name. */
	qsort(r->groups, (size_t)r->ngroups, sizeof *r->groups, cmp_group);
	return 0;
}

static int
read_all(struct build *b)
{
	if (b->r->facility_id && tally_group(&b->t, REPORT_FACILITY, b->r->facility_id) < 0)
		return session_fail(b->s, "not enough memory for the report");
	if (make_weeks(b->s, b->r) != 0 || read_releases(b) != 0 ||
	    read_events(b) != 0)
		return -1;
	if (audit_head(b->s->db, &b->r->head) != 0)
		return session_dbfail(b->s);
	if (finish(b) != 0)
		return -1;
	/* After the releases: the rest of them were typed by hand. */
	b->r->precision[REPORT_PREC_HAND] = b->r->groups[0].fig[REPORT_ALL].releases -
	                                    b->r->precision[REPORT_PREC_TIME] -
	                                    b->r->precision[REPORT_PREC_DATE] -
	                                    b->r->precision[REPORT_PREC_INFERRED];
	return 0;
}

static int
log_report(struct session *s, void *arg)
{
	const struct report *r = arg;
	char detail[80];

	snprintf(detail, sizeof detail, "metrics %s to %s facility %lld", r->period.from,
	         r->period.to, (long long)r->facility_id);
	return audit_log(s, "report", "report", 0, 0, detail);
}

/* At most as many groups as the program, the facilities and the users
 * (a caseworker is a user) and "no caseworker": room for them at once. */
static int
groups_expected(struct session *s)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sql_prep(s, "SELECT (SELECT count(*) FROM facility) + (SELECT count(*) FROM user)",
	             &st) != 0)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n < 0 || n > 1 << 20 ? 0 : n + 2;
}

/* ---------------------------------------------------------------- public */

int
report_facility(struct session *s, const char *name, int64_t *id)
{
	int found = 0;

	if (sql_query_text_i64(s, "SELECT id FROM facility WHERE name = ?1", name, id, &found) != 0)
		return session_dbfail(s);
	if (!found)
		return session_fail(s, "no facility named '%.120s'", name ? name : "");
	return 0;
}

int
report_metrics(struct session *s, const struct period *p, int64_t facility_id,
               struct report *out)
{
	struct build b = {.s = s, .r = out, .now = session_now(s)};
	int rc;

	memset(out, 0, sizeof *out);
	if (access_refuse_import(s) != 0)
		return -1;
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only supervisors make program reports");
	out->period = *p;
	out->facility_id = facility_id;
	out->made_at = b.now;
	session_display_name(s, out->made_by, sizeof out->made_by);
	if (tally_start(&b.t, out, groups_expected(s)) != 0) {
		tally_free(&b.t);
		report_free(out);
		return session_fail(s, "not enough memory for the report");
	}
	if (db_begin_read(s->db) != 0) {
		tally_free(&b.t);
		report_free(out);
		return session_dbfail(s);
	}
	site_checkpoints(&b);
	rc = read_all(&b);
	db_rollback(s->db); /* read only: nothing to keep */
	tally_free(&b.t);
	if (rc == 0 && facility_id) {
		for (int g = 0; g < out->ngroups; g++)
			if (out->groups[g].kind == REPORT_FACILITY && out->groups[g].id == facility_id)
				snprintf(out->facility, sizeof out->facility, "%s", out->groups[g].name);
	}
	audit_head_text(&out->head, out->head_text);
	if (rc == 0)
		rc = session_write(s, log_report, out);
	if (rc != 0)
		report_free(out);
	return rc;
}

void
report_free(struct report *r)
{
	free(r->groups);
	free(r->weeks);
	r->groups = NULL;
	r->weeks = NULL;
	r->ngroups = r->nweeks = 0;
}

int
report_pct(int64_t num, int64_t den, double *pct)
{
	if (den <= 0)
		return -1;
	*pct = 100.0 * (double)num / (double)den;
	return 0;
}

int64_t
report_due(const int64_t states[REPORT_TASK_STATES])
{
	return states[REPORT_ON_TIME] + states[REPORT_LATE] + states[REPORT_MISSED];
}

void
report_pct_text(int64_t num, int64_t den, char *out, size_t n)
{
	double p;

	if (report_pct(num, den, &p) != 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%lld/%lld %.0f%%", (long long)num, (long long)den, p);
}
