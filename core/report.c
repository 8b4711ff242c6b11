/*
 * report.c - the program report (see report.h for what each figure is).
 *
 * Each release's facts are decided as records are saved, not here: the
 * table release_summary (schema/0007) holds one row per release in order
 * of release time, kept current by triggers, with the education,
 * naloxone, appointment, MOUD, first contact, 48-hour contact and
 * follow-ups of that release.  The report reads one range of that table
 * and a second query reads the naloxone reports of the period.  C then
 * adds each release to its three groups (program, facility, caseworker)
 * and two splits (all, planned or unplanned); the medians need the hours
 * themselves, which SQL cannot keep cheaply.  What depends on the time of
 * reading (an open task whose window has ended is missed) is decided here
 * against the report's "now".
 *
 * At a million people a quarter has some 400,000 releases.  Looking each
 * release's facts up while reporting, even through covering indexes in
 * person order, took five seconds; one range of one table takes a small
 * part of that.
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

#include "record.h"
#include "setting.h"
#include "zone.h"

#define DAY 86400

const int report_moud_days[REPORT_MOUD_DAYS] = {7, 14, 30};

/* The period's releases with their facts (schema/0007: release_summary
 * is kept current as records are saved).  Columns 0-8 as they are; an
 * open 48-hour contact whose window ended before now (?4) is missed. */
static const char release_sql[] =
	"SELECT facility_id, coalesce(caseworker_id, 0), planned, released_at, educated, "
	"naloxone, appointment, moud_at, contact_at, "
	"CASE WHEN c48 = 4 AND c48_end < ?4 THEN 3 ELSE c48 END, followups "
	"FROM release_summary WHERE released_at >= ?1 AND released_at < ?2 "
	"AND (?3 = 0 OR facility_id = ?3)";

static const char event_sql[] =
	"SELECT ne.kind, coalesce(ne.survived, 0), coalesce(p.caseworker_id, 0), "
	"coalesce((SELECT st.facility_id FROM stay st WHERE st.person_id = ne.person_id AND "
	"st.booked_at <= ne.at ORDER BY st.booked_at DESC LIMIT 1), 0) "
	"FROM naloxone_event ne JOIN person p ON p.id = ne.person_id "
	"WHERE ne.at >= ?1 AND ne.at < ?2 AND ne.kind IN ('used', 'refilled')";

/* ---------------------------------------------------------------- groups */

/* Hours to a first contact: float is ample (a tenth of an hour is shown)
 * and halves what 400,000 releases in six groups and splits take. */
struct hours {
	float *v;
	size_t n, cap;
};

struct slot {
	int64_t id;
	enum report_group_kind kind;
	int index, used;
};

struct build {
	struct session *s;
	struct report *r;
	struct slot *slots;    /* a hash of the groups; nslots a power of two */
	size_t nslots;
	int cap;
	struct hours *hours; /* [group * REPORT_SPLITS + split] */
	int64_t now;
};

/* Where (kind, id) is in the groups, or the empty slot for it. */
static struct slot *
slot_of(struct build *b, enum report_group_kind kind, int64_t id)
{
	uint64_t h = ((uint64_t)id * 0x9E3779B97F4A7C15u) ^ (uint64_t)kind;
	size_t i = (size_t)(h >> 20) & (b->nslots - 1);

	while (b->slots[i].used && (b->slots[i].kind != kind || b->slots[i].id != id))
		i = (i + 1) & (b->nslots - 1);
	return &b->slots[i];
}

/* Twice the slots, every group placed again. */
static int
grow_slots(struct build *b)
{
	struct slot *old = b->slots;
	size_t n = b->nslots;

	b->nslots = n ? n * 2 : 64;
	if (!(b->slots = calloc(b->nslots, sizeof *b->slots))) {
		b->slots = old;
		b->nslots = n;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (old[i].used)
			*slot_of(b, old[i].kind, old[i].id) = old[i];
	free(old);
	return 0;
}

static int
group_index(struct build *b, enum report_group_kind kind, int64_t id)
{
	struct report *r = b->r;
	struct slot *sl;

	/* Demo sites and large programs have thousands of caseworkers:
	 * a release finds its groups through a hash of (kind, id). */
	if ((size_t)(r->ngroups + 1) * 2 > b->nslots && grow_slots(b) != 0)
		return -1;
	sl = slot_of(b, kind, id);
	if (sl->used)
		return sl->index;
	if (r->ngroups == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		struct report_group *g = realloc(r->groups, (size_t)cap * sizeof *g);
		struct hours *h;
		if (!g)
			return -1;
		r->groups = g;
		h = realloc(b->hours, (size_t)cap * REPORT_SPLITS * sizeof *h);
		if (!h)
			return -1;
		memset(h + (size_t)b->cap * REPORT_SPLITS, 0,
		       (size_t)(cap - b->cap) * REPORT_SPLITS * sizeof *h);
		b->hours = h;
		b->cap = cap;
	}
	memset(&r->groups[r->ngroups], 0, sizeof r->groups[0]);
	r->groups[r->ngroups].kind = kind;
	r->groups[r->ngroups].id = id;
	for (int k = 0; k < REPORT_SPLITS; k++)
		r->groups[r->ngroups].fig[k].median_hours = -1;
	*sl = (struct slot){id, kind, r->ngroups, 1};
	return r->ngroups++;
}

/* The three groups of a release: program, facility, caseworker. */
static int
groups_of(struct build *b, int64_t facility, int64_t caseworker, int g[3])
{
	g[0] = group_index(b, REPORT_PROGRAM, 0);
	g[1] = group_index(b, REPORT_FACILITY, facility);
	g[2] = group_index(b, REPORT_CASEWORKER, caseworker);
	return g[0] < 0 || g[1] < 0 || g[2] < 0 ? -1 : 0;
}

static int
hours_add(struct hours *h, double v)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap + h->cap / 2 : 16;
		float *p = realloc(h->v, cap * sizeof *p);
		if (!p)
			return -1;
		h->v = p;
		h->cap = cap;
	}
	h->v[h->n++] = (float)v;
	return 0;
}

static int
cmp_hours(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

static double
median(struct hours *h)
{
	if (h->n == 0)
		return -1;
	qsort(h->v, h->n, sizeof *h->v, cmp_hours);
	if (h->n % 2)
		return h->v[h->n / 2];
	return ((double)h->v[h->n / 2 - 1] + h->v[h->n / 2]) / 2;
}

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
	int rc = record_bind_int(st, 1, r->period.start, SQLITE_OK);

	rc = record_bind_int(st, 2, r->period.end, rc);
	rc = record_bind_int(st, 3, r->facility_id, rc);
	if (sqlite3_bind_parameter_count(st) >= 4)
		rc = record_bind_int(st, 4, now, rc);
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

/* One release as the report counts it. */
struct release {
	int64_t facility, caseworker, released;
	int split, educated, naloxone, appointment;
	int64_t moud_after;  /* seconds from release to MOUD; -1: none */
	int64_t contact_at;  /* first contact that reached; -1: none */
	int c48;             /* the 48-hour contact's state; -1: no task */
	const char *followups;
};

static void
release_of(sqlite3_stmt *st, struct release *x)
{
	x->facility = sqlite3_column_int64(st, 0);
	x->caseworker = sqlite3_column_int64(st, 1);
	x->split = sqlite3_column_int(st, 2) ? REPORT_PLANNED : REPORT_UNPLANNED;
	x->released = sqlite3_column_int64(st, 3);
	x->educated = sqlite3_column_int(st, 4) != 0;
	x->naloxone = sqlite3_column_int(st, 5);
	if (x->naloxone < 0 || x->naloxone > REPORT_NAL_NONE)
		x->naloxone = 0;
	x->appointment = sqlite3_column_int(st, 6) != 0;
	x->moud_after = sqlite3_column_type(st, 7) == SQLITE_NULL
	                    ? -1
	                    : sqlite3_column_int64(st, 7) - x->released;
	x->contact_at = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 8);
	x->c48 = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
	if (x->c48 >= REPORT_TASK_STATES)
		x->c48 = -1;
	x->followups = (const char *)sqlite3_column_text(st, 10);
}

static void
add_release(struct report_figures *f, const struct release *x)
{
	f->releases++;
	f->educated += x->educated;
	f->naloxone[REPORT_NAL_NONE - x->naloxone]++;
	f->appointment += x->appointment;
	if (x->moud_after >= 0)
		for (int i = 0; i < REPORT_MOUD_DAYS; i++)
			f->moud[i] += x->moud_after <= (int64_t)report_moud_days[i] * DAY;
	f->contacted += x->contact_at >= 0;
	if (x->c48 >= 0)
		f->c48[x->c48]++;
}

/* The checkpoint's column, adding it (in order) when it is new. */
static int
checkpoint_slot(struct report *r, int day)
{
	int i;

	for (i = 0; i < r->ncheckpoints; i++)
		if (r->checkpoints[i] == day)
			return i;
	if (r->ncheckpoints == REPORT_CHECKPOINTS)
		return -1; /* more than a site can configure: not counted */
	for (i = r->ncheckpoints; i > 0 && r->checkpoints[i - 1] > day; i--)
		r->checkpoints[i] = r->checkpoints[i - 1];
	r->checkpoints[i] = day;
	r->ncheckpoints++;
	/* Move the columns already counted along with their days. */
	for (int g = 0; g < r->ngroups; g++)
		for (int k = 0; k < REPORT_SPLITS; k++) {
			struct report_figures *f = &r->groups[g].fig[k];
			memmove(f->followup[i + 1], f->followup[i],
			        (size_t)(r->ncheckpoints - 1 - i) * sizeof f->followup[0]);
			memset(f->followup[i], 0, sizeof f->followup[0]);
		}
	return i;
}

/* The follow-ups of one release ("7:0,14:4@1767225600": checkpoint and
 * state, an open one with the end of its window, in no particular order;
 * NULL for none) into its three groups.  An open follow-up whose window
 * ended before now is missed. */
static int
add_followups(struct report *r, const int g[3], int split, const char *text, int64_t now)
{
	while (text && *text) {
		char *end;
		long day = strtol(text, &end, 10), state;
		int c;
		if (*end != ':')
			return -1;
		state = strtol(end + 1, &end, 10);
		if (state == REPORT_OPEN && *end == '@') {
			long long until = strtoll(end + 1, &end, 10);
			if (until < now)
				state = REPORT_MISSED;
		}
		if (state < 0 || state >= REPORT_TASK_STATES || (*end && *end != ','))
			return -1;
		text = *end ? end + 1 : end;
		if ((c = checkpoint_slot(r, (int)day)) < 0)
			continue;
		for (int i = 0; i < 3; i++) {
			r->groups[g[i]].fig[REPORT_ALL].followup[c][state]++;
			r->groups[g[i]].fig[split].followup[c][state]++;
		}
	}
	return 0;
}

static int
read_releases(struct build *b)
{
	struct report *r = b->r;
	sqlite3_stmt *st;
	int rc, g[3];

	if (record_prep(b->s, release_sql, &st) != 0)
		return -1;
	rc = bind_period(st, r, b->now);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct release x;
		struct report_week *w;
		release_of(st, &x);
		if (groups_of(b, x.facility, x.caseworker, g) != 0) {
			sqlite3_finalize(st);
			return session_fail(b->s, "not enough memory for the report");
		}
		for (int i = 0; i < 3; i++) {
			add_release(&r->groups[g[i]].fig[REPORT_ALL], &x);
			add_release(&r->groups[g[i]].fig[x.split], &x);
			if (x.contact_at >= 0) {
				double h = (double)(x.contact_at - x.released) / 3600.0;
				if (hours_add(&b->hours[g[i] * REPORT_SPLITS + REPORT_ALL], h) != 0 ||
				    hours_add(&b->hours[g[i] * REPORT_SPLITS + x.split], h) != 0) {
					sqlite3_finalize(st);
					return session_fail(b->s, "not enough memory for the report");
				}
			}
		}
		if (add_followups(r, g, x.split, x.followups, b->now) != 0) {
			sqlite3_finalize(st);
			return session_fail(b->s, "the follow-ups of a release could not be read");
		}
		w = &r->weeks[week_of(r, x.released)];
		w->releases++;
		w->in_hand += x.naloxone == REPORT_NAL_NONE - REPORT_NAL_IN_HAND;
		w->c48_on_time += x.c48 == REPORT_ON_TIME;
		w->c48_due += x.c48 == REPORT_ON_TIME || x.c48 == REPORT_LATE || x.c48 == REPORT_MISSED;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
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

	if (record_prep(b->s, event_sql, &st) != 0)
		return -1;
	rc = record_bind_int(st, 1, r->period.start, SQLITE_OK);
	rc = record_bind_int(st, 2, r->period.end, rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int used = strcmp((const char *)sqlite3_column_text(st, 0), "used") == 0;
		int64_t facility = sqlite3_column_int64(st, 3);
		rc = SQLITE_OK;
		if (r->facility_id && facility != r->facility_id)
			continue;
		if (groups_of(b, facility, sqlite3_column_int64(st, 2), g) != 0) {
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
site_checkpoints(struct session *s, struct report *r)
{
	char text[200], *p = text;

	setting_text(s->db, "clock.followup_days", "7,14,30,90", text, sizeof text);
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || v > 3650)
			break;
		checkpoint_slot(r, (int)v);
		p = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	if (r->ncheckpoints == 0) {
		static const int def[] = {7, 14, 30, 90};
		for (int i = 0; i < 4; i++)
			checkpoint_slot(r, def[i]);
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
		if (record_prep(s, "SELECT name FROM facility WHERE id = ?1", &st) == 0) {
			if (record_bind_int(st, 1, g->id, SQLITE_OK) == SQLITE_OK &&
			    sqlite3_step(st) == SQLITE_ROW) {
				record_col_copy(st, 0, g->name, sizeof g->name);
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

static void
finish(struct build *b)
{
	struct report *r = b->r;

	for (int g = 0; g < r->ngroups; g++) {
		group_name(b->s, &r->groups[g]);
		for (int k = 0; k < REPORT_SPLITS; k++)
			r->groups[g].fig[k].median_hours = median(&b->hours[g * REPORT_SPLITS + k]);
	}
	/* The program is first by kind; the rest by name. */
	qsort(r->groups, (size_t)r->ngroups, sizeof *r->groups, cmp_group);
}

static int
read_all(struct build *b)
{
	if (group_index(b, REPORT_PROGRAM, 0) < 0)
		return session_fail(b->s, "not enough memory for the report");
	if (b->r->facility_id && group_index(b, REPORT_FACILITY, b->r->facility_id) < 0)
		return session_fail(b->s, "not enough memory for the report");
	if (make_weeks(b->s, b->r) != 0 || read_releases(b) != 0 ||
	    read_events(b) != 0)
		return -1;
	if (audit_head(b->s->db, &b->r->head) != 0)
		return session_dbfail(b->s);
	finish(b);
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

/* ---------------------------------------------------------------- public */

int
report_facility(struct session *s, const char *name, int64_t *id)
{
	int64_t found = 0;
	sqlite3_stmt *st;
	int rc;

	if (record_prep(s, "SELECT id FROM facility WHERE name = ?1", &st) != 0)
		return -1;
	rc = record_bind_str(st, 1, name ? name : "", SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return session_dbfail(s);
	if (!found)
		return session_fail(s, "no facility named '%.120s'", name ? name : "");
	return 0;
}

int
report_metrics(struct session *s, const struct period *p, int64_t facility_id,
               struct report *out)
{
	struct build b = {s, out, NULL, 0, 0, NULL, session_now(s)};
	int rc;

	memset(out, 0, sizeof *out);
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only supervisors make program reports");
	out->period = *p;
	out->facility_id = facility_id;
	out->made_at = b.now;
	session_display_name(s, out->made_by, sizeof out->made_by);
	if (db_begin_read(s->db) != 0)
		return session_dbfail(s);
	site_checkpoints(s, out);
	rc = read_all(&b);
	db_rollback(s->db); /* read only: nothing to keep */
	for (int i = 0; b.hours && i < b.cap * REPORT_SPLITS; i++)
		free(b.hours[i].v);
	free(b.hours);
	free(b.slots);
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
