/*
 * report.c - the program report (see report.h for what each figure is).
 *
 * Each release's facts are decided as records are saved, not here: the
 * table release_summary (schema/0007) holds one row per release in order
 * of release time, kept current by triggers, with the education,
 * naloxone, appointment, MOUD, first contact, 48-hour contact and
 * follow-ups of that release.  The report reads one range of that table,
 * and one range of event_summary for the naloxone reports of the period.  C then
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

#include <stddef.h>
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

/* The period's reports of naloxone used or refilled (event_summary,
 * schema/0007, with the caseworker and facility they count under). */
static const char event_sql[] =
	"SELECT kind, survived, coalesce(caseworker_id, 0), facility_id FROM event_summary "
	"WHERE at >= ?1 AND at < ?2";

/* ---------------------------------------------------------------- groups */

/* Hours to a first contact: float is ample (a tenth of an hour is shown)
 * and halves what 400,000 releases in six groups and splits take. */
struct hours {
	float *v;
	size_t n, cap;
};

/* What one group's planned (or unplanned) releases add up to while the
 * report reads.  Only the two sides are counted, "all" being their sum
 * made at the end, and in 32 bits, so that what a release adds to sits in
 * a few cache lines: a program with thousands of caseworkers has their
 * counters spread over megabytes, and each release adds to a caseworker
 * picked at random.  (Counting straight into struct report_figures made
 * memory, not the database, most of a large report's time.) */
struct tally {
	int32_t releases, educated, naloxone[REPORT_NAL_KINDS], appointment;
	int32_t moud[REPORT_MOUD_DAYS], contacted;
	int32_t c48[REPORT_TASK_STATES];
	int32_t followup[REPORT_CHECKPOINTS][REPORT_TASK_STATES];
};

#define SIDES 2 /* planned, unplanned: the split less one */

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
	int32_t *by_user;    /* a caseworker's group by user id, -1: none yet */
	size_t nby_user;
	struct tally *tally; /* [group * SIDES + side] */
	struct hours *hours; /* [group * SIDES + side] */
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
		struct tally *t;
		struct hours *h;
		if (!g)
			return -1;
		r->groups = g;
		if (!(t = realloc(b->tally, (size_t)cap * SIDES * sizeof *t)))
			return -1;
		b->tally = t;
		memset(t + (size_t)b->cap * SIDES, 0, (size_t)(cap - b->cap) * SIDES * sizeof *t);
		if (!(h = realloc(b->hours, (size_t)cap * SIDES * sizeof *h)))
			return -1;
		b->hours = h;
		memset(h + (size_t)b->cap * SIDES, 0, (size_t)(cap - b->cap) * SIDES * sizeof *h);
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

/* Users' ids are small: a caseworker's group is found in an array by id,
 * which stays in the processor's cache where the hash would not (each
 * release has a caseworker picked at random from thousands). */
#define BY_USER_MAX (1 << 22)

static int
caseworker_group(struct build *b, int64_t id)
{
	if (id < 0 || id >= BY_USER_MAX)
		return group_index(b, REPORT_CASEWORKER, id);
	if ((size_t)id >= b->nby_user) {
		size_t n = b->nby_user ? b->nby_user : 1024;
		int32_t *p;
		while (n <= (size_t)id)
			n *= 2;
		if (!(p = realloc(b->by_user, n * sizeof *p)))
			return -1;
		for (size_t i = b->nby_user; i < n; i++)
			p[i] = -1;
		b->by_user = p;
		b->nby_user = n;
	}
	if (b->by_user[id] < 0)
		b->by_user[id] = group_index(b, REPORT_CASEWORKER, id);
	return b->by_user[id];
}

/* The three groups of a release: program (made first: 0), facility,
 * caseworker. */
static int
groups_of(struct build *b, int64_t facility, int64_t caseworker, int g[3])
{
	g[0] = 0;
	g[1] = group_index(b, REPORT_FACILITY, facility);
	g[2] = caseworker_group(b, caseworker);
	return g[1] < 0 || g[2] < 0 ? -1 : 0;
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

/* The k-th smallest of v[0..n) (k < n), moving v about so that every
 * value before k is no greater: Hoare's selection, linear on average,
 * where sorting every group's hours took a tenth of a large report. */
static float
kth(float *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;

	while (lo < hi) {
		float pivot = v[lo + (hi - lo) / 2], t;
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* v[lo..j] <= pivot <= v[i..hi]; anything between is the pivot. */
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	return v[want];
}

double
report_median(float *v, size_t n)
{
	double upper, lower;

	if (n == 0)
		return -1;
	upper = kth(v, n, n / 2);
	if (n % 2)
		return upper;
	lower = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lower)
			lower = v[i];
	return (lower + upper) / 2;
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
add_release(struct tally *f, const struct release *x)
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
checkpoint_slot(struct build *b, int day)
{
	struct report *r = b->r;
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
	for (int g = 0; g < r->ngroups * SIDES; g++) {
		struct tally *t = &b->tally[g];
		memmove(t->followup[i + 1], t->followup[i],
		        (size_t)(r->ncheckpoints - 1 - i) * sizeof t->followup[0]);
		memset(t->followup[i], 0, sizeof t->followup[0]);
	}
	return i;
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
 * NULL for none) into its three groups.  An open follow-up whose window
 * ended before now is missed. */
static int
add_followups(struct build *b, const int g[3], int side, const char *text)
{
	while (text && *text) {
		int64_t day = number(&text), state;
		int c;
		if (day < 0 || day > 3650 || *text++ != ':')
			return -1;
		state = number(&text);
		if (state == REPORT_OPEN && *text == '@') {
			int64_t until;
			text++;
			if ((until = number(&text)) < 0)
				return -1;
			if (until < b->now)
				state = REPORT_MISSED;
		}
		if (state < 0 || state >= REPORT_TASK_STATES || (*text && *text != ','))
			return -1;
		text += *text == ',';
		if ((c = checkpoint_slot(b, (int)day)) < 0)
			continue;
		for (int i = 0; i < 3; i++)
			b->tally[g[i] * SIDES + side].followup[c][state]++;
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
			int at = g[i] * SIDES + x.split - 1;
			add_release(&b->tally[at], &x);
			if (x.contact_at >= 0 &&
			    hours_add(&b->hours[at], (double)(x.contact_at - x.released) / 3600.0) != 0) {
				sqlite3_finalize(st);
				return session_fail(b->s, "not enough memory for the report");
			}
		}
		if (add_followups(b, g, x.split - 1, x.followups) != 0) {
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
site_checkpoints(struct build *b)
{
	char text[200], *p = text;

	setting_text(b->s->db, "clock.followup_days", "7,14,30,90", text, sizeof text);
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || v > 3650)
			break;
		checkpoint_slot(b, (int)v);
		p = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	if (b->r->ncheckpoints == 0) {
		static const int def[] = {7, 14, 30, 90};
		for (int i = 0; i < 4; i++)
			checkpoint_slot(b, def[i]);
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

/* f += t, counter by counter. */
static void
figures_add(struct report_figures *f, const struct tally *t)
{
	f->releases += t->releases;
	f->educated += t->educated;
	for (int i = 0; i < REPORT_NAL_KINDS; i++)
		f->naloxone[i] += t->naloxone[i];
	f->appointment += t->appointment;
	for (int i = 0; i < REPORT_MOUD_DAYS; i++)
		f->moud[i] += t->moud[i];
	f->contacted += t->contacted;
	for (int k = 0; k < REPORT_TASK_STATES; k++) {
		f->c48[k] += t->c48[k];
		for (int c = 0; c < REPORT_CHECKPOINTS; c++)
			f->followup[c][k] += t->followup[c][k];
	}
}

/* Each group's figures from its two sides, its medians and its name. */
static int
finish(struct build *b)
{
	struct report *r = b->r;
	size_t most = 1;
	float *both;

	for (int i = 0; i < r->ngroups * SIDES; i += SIDES)
		if (b->hours[i].n + b->hours[i + 1].n > most)
			most = b->hours[i].n + b->hours[i + 1].n;
	if (!(both = malloc(most * sizeof *both)))
		return session_fail(b->s, "not enough memory for the report");
	for (int g = 0; g < r->ngroups; g++) {
		struct report_group *gr = &r->groups[g];
		struct hours *h = &b->hours[g * SIDES];
		size_t n = 0;
		group_name(b->s, gr);
		for (int side = 0; side < SIDES; side++) {
			figures_add(&gr->fig[REPORT_ALL], &b->tally[g * SIDES + side]);
			figures_add(&gr->fig[side + 1], &b->tally[g * SIDES + side]);
			if (h[side].n)
				memcpy(both + n, h[side].v, h[side].n * sizeof *both);
			n += h[side].n;
			gr->fig[side + 1].median_hours = report_median(h[side].v, h[side].n);
		}
		gr->fig[REPORT_ALL].median_hours = report_median(both, n);
	}
	free(both);
	/* The program is first by kind; the rest by name. */
	qsort(r->groups, (size_t)r->ngroups, sizeof *r->groups, cmp_group);
	return 0;
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
	return finish(b);
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
	struct build b = {.s = s, .r = out, .now = session_now(s)};
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
	site_checkpoints(&b);
	rc = read_all(&b);
	db_rollback(s->db); /* read only: nothing to keep */
	for (int i = 0; b.hours && i < b.cap * SIDES; i++)
		free(b.hours[i].v);
	free(b.hours);
	free(b.tally);
	free(b.by_user);
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
