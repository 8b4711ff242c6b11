/* SPDX-License-Identifier: ISC */
/*
 * tally.c - the program report's counting in memory (see tally.h for why
 * it is laid out as it is).
 */
#include "tally.h"

#include <stdlib.h>
#include <string.h>

#define SIDES 2
#define STATES REPORT_TASK_STATES
#define DAY 86400
#define BY_ID_MAX (1 << 22) /* ids past this go through the hash */

const int report_moud_days[REPORT_MOUD_DAYS] = {7, 14, 30};

/* One group's side: one cache line.  Its releases are the sum of its
 * naloxone outcomes (each release has exactly one), its contacted count
 * the number of its hours, so neither needs a counter here. */
struct tally_counts {
	int32_t educated, naloxone[REPORT_NAL_KINDS], appointment;
	int32_t moud[REPORT_MOUD_DAYS];
	int32_t c48[REPORT_TASK_STATES];
};
_Static_assert(sizeof(struct tally_counts) == 64, "a group's side is one cache line");

struct tally_slot {
	int64_t id;
	enum report_group_kind kind;
	int index, used;
};

/* Hours to a first contact: float is ample (a tenth of an hour is
 * shown). */
struct tally_sample {
	int32_t at; /* group * SIDES + side */
	float hours;
};

/* ---------------------------------------------------------------- groups */

/* Room for cap groups (more than now): their figures, counters and
 * planes. */
static int
grow_to(struct tally *t, int cap)
{
	struct report *r = t->r;
	size_t was = (size_t)t->cap * SIDES, now = (size_t)cap * SIDES;
	struct report_group *g = realloc(r->groups, (size_t)cap * sizeof *g);
	struct tally_counts *c;

	if (!g)
		return -1;
	r->groups = g;
	if (!(c = aligned_alloc(64, now * sizeof *c)))
		return -1;
	if (was)
		memcpy(c, t->counts, was * sizeof *c);
	memset(c + was, 0, (now - was) * sizeof *c);
	free(t->counts);
	t->counts = c;
	for (int i = 0; i < r->ncheckpoints; i++) {
		int32_t *p = realloc(t->plane[i], now * STATES * sizeof *p);
		if (!p)
			return -1;
		memset(p + was * STATES, 0, (now - was) * STATES * sizeof *p);
		t->plane[i] = p;
	}
	t->cap = cap;
	return 0;
}

static int
new_group(struct tally *t, enum report_group_kind kind, int64_t id)
{
	struct report *r = t->r;
	struct report_group *g;

	if (r->ngroups == t->cap && grow_to(t, t->cap * 2) != 0)
		return -1;
	g = &r->groups[r->ngroups];
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->id = id;
	for (int k = 0; k < REPORT_SPLITS; k++)
		g->fig[k].median_hours = -1;
	return r->ngroups++;
}

/* Where (kind, id) is in the hash, or the empty slot for it. */
static struct tally_slot *
slot_of(struct tally *t, enum report_group_kind kind, int64_t id)
{
	uint64_t h = ((uint64_t)id * 0x9E3779B97F4A7C15u) ^ (uint64_t)kind;
	size_t i = (size_t)(h >> 20) & (t->nslots - 1);

	while (t->slots[i].used && (t->slots[i].kind != kind || t->slots[i].id != id))
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

/* A group whose id is too large for by_id. */
static int
hashed_group(struct tally *t, enum report_group_kind kind, int64_t id)
{
	struct tally_slot *sl;

	if ((size_t)(t->r->ngroups + 1) * 2 > t->nslots) {
		struct tally_slot *old = t->slots;
		size_t n = t->nslots;
		if (!(t->slots = calloc(n ? n * 2 : 64, sizeof *t->slots))) {
			t->slots = old;
			return -1;
		}
		t->nslots = n ? n * 2 : 64;
		for (size_t i = 0; i < n; i++)
			if (old[i].used)
				*slot_of(t, old[i].kind, old[i].id) = old[i];
		free(old);
	}
	sl = slot_of(t, kind, id);
	if (!sl->used) {
		int g = new_group(t, kind, id);
		if (g < 0)
			return -1;
		*sl = (struct tally_slot){id, kind, g, 1};
	}
	return sl->index;
}

int
tally_group(struct tally *t, enum report_group_kind kind, int64_t id)
{
	int k = kind == REPORT_FACILITY ? 0 : 1;

	if (kind == REPORT_PROGRAM)
		return 0;
	if (id < 0 || id >= BY_ID_MAX)
		return hashed_group(t, kind, id);
	if ((size_t)id >= t->nby_id[k]) {
		size_t n = t->nby_id[k] ? t->nby_id[k] : 256;
		int32_t *p;
		while (n <= (size_t)id)
			n *= 2;
		if (!(p = realloc(t->by_id[k], n * sizeof *p)))
			return -1;
		for (size_t i = t->nby_id[k]; i < n; i++)
			p[i] = -1;
		t->by_id[k] = p;
		t->nby_id[k] = n;
	}
	if (t->by_id[k][id] < 0)
		t->by_id[k][id] = new_group(t, kind, id);
	return t->by_id[k][id];
}

int
tally_groups(struct tally *t, int64_t facility, int64_t caseworker, int g[3])
{
	g[0] = 0;
	g[1] = tally_group(t, REPORT_FACILITY, facility);
	g[2] = g[1] < 0 ? -1 : tally_group(t, REPORT_CASEWORKER, caseworker);
	return g[2] < 0 ? -1 : 0;
}

int
tally_start(struct tally *t, struct report *r, int expect)
{
	memset(t, 0, sizeof *t);
	t->r = r;
	/* Room for every group at once: doubling a large array copies it,
	 * and for a moment holds it twice. */
	if (grow_to(t, expect > 16 ? expect : 16) != 0)
		return -1;
	return new_group(t, REPORT_PROGRAM, 0) == 0 ? 0 : -1;
}

int
tally_checkpoint(struct tally *t, int day)
{
	struct report *r = t->r;
	int32_t *p;
	int i;

	for (i = 0; i < r->ncheckpoints; i++)
		if (r->checkpoints[i] == day)
			return i;
	if (r->ncheckpoints == REPORT_CHECKPOINTS)
		return -1;
	if (!(p = calloc((size_t)t->cap * SIDES * STATES, sizeof *p)))
		return -2;
	/* In order of days: the planes after it move along one. */
	for (i = r->ncheckpoints; i > 0 && r->checkpoints[i - 1] > day; i--) {
		r->checkpoints[i] = r->checkpoints[i - 1];
		t->plane[i] = t->plane[i - 1];
	}
	r->checkpoints[i] = day;
	t->plane[i] = p;
	r->ncheckpoints++;
	return i;
}

/* ---------------------------------------------------------------- counting */

static int
sample(struct tally *t, int at, double hours)
{
	if (t->nsamples == t->capsamples) {
		size_t cap = t->capsamples ? t->capsamples * 2 : 1024;
		struct tally_sample *p = realloc(t->samples, cap * sizeof *p);
		if (!p)
			return -1;
		t->samples = p;
		t->capsamples = cap;
	}
	t->samples[t->nsamples++] = (struct tally_sample){at, (float)hours};
	return 0;
}

/* One release into its three groups g (program, facility, caseworker)
 * at the checkpoint columns col. */
static int
add(struct tally *t, const struct tally_release *x, const int g[3], const int *col)
{
	for (int i = 0; i < 3; i++) {
		int at = g[i] * SIDES + x->side;
		struct tally_counts *c = &t->counts[at];
		c->educated += x->educated;
		c->naloxone[x->naloxone]++;
		c->appointment += x->appointment;
		if (x->moud_after >= 0)
			for (int d = 0; d < REPORT_MOUD_DAYS; d++)
				c->moud[d] += x->moud_after <= (int64_t)report_moud_days[d] * DAY;
		if (x->c48 >= 0)
			c->c48[x->c48]++;
		for (int f = 0; f < x->nfollowups; f++)
			if (col[f] >= 0)
				t->plane[col[f]][at * STATES + x->followup[f].state]++;
		if (x->hours >= 0 && sample(t, at, x->hours) != 0)
			return -1;
	}
	return 0;
}

int
tally_releases(struct tally *t, const struct tally_release *x, int n)
{
	int g[TALLY_BATCH][3], col[TALLY_BATCH][REPORT_CHECKPOINTS];

	if (n > TALLY_BATCH)
		return -1;
	/* First every release's groups and columns, asking the processor
	 * for the counters each will add to; then the adding, by when those
	 * have arrived.  Adding one release at a time waited on memory for
	 * each caseworker's counters in turn. */
	for (int k = 0; k < n; k++) {
		if (tally_groups(t, x[k].facility, x[k].caseworker, g[k]) != 0)
			return -1;
		for (int f = 0; f < x[k].nfollowups; f++)
			if ((col[k][f] = tally_checkpoint(t, x[k].followup[f].day)) == -2)
				return -1;
	}
	for (int k = 0; k < n; k++) {
		int at = g[k][2] * SIDES + x[k].side;
		__builtin_prefetch(&t->counts[at], 1);
		for (int f = 0; f < x[k].nfollowups; f++)
			if (col[k][f] >= 0)
				__builtin_prefetch(&t->plane[col[k][f]][at * STATES], 1);
	}
	for (int k = 0; k < n; k++)
		if (add(t, &x[k], g[k], col[k]) != 0)
			return -1;
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
		float pivot = v[lo + (hi - lo) / 2], x;
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				x = v[i];
				v[i++] = v[j];
				v[j--] = x;
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

/* f += the side at, counter by counter. */
static void
figures_add(struct report_figures *f, const struct tally *t, size_t at, int64_t contacted)
{
	const struct tally_counts *c = &t->counts[at];

	for (int i = 0; i < REPORT_NAL_KINDS; i++) {
		f->naloxone[i] += c->naloxone[i];
		f->releases += c->naloxone[i];
	}
	f->educated += c->educated;
	f->appointment += c->appointment;
	for (int i = 0; i < REPORT_MOUD_DAYS; i++)
		f->moud[i] += c->moud[i];
	f->contacted += contacted;
	for (int k = 0; k < STATES; k++) {
		f->c48[k] += c->c48[k];
		for (int p = 0; p < t->r->ncheckpoints; p++)
			f->followup[p][k] += t->plane[p][at * STATES + k];
	}
}

int
tally_finish(struct tally *t)
{
	struct report *r = t->r;
	size_t n = (size_t)r->ngroups * SIDES;
	size_t *start = calloc(n + 1, sizeof *start), *next = malloc((n + 1) * sizeof *next);
	float *v = malloc((t->nsamples ? t->nsamples : 1) * sizeof *v);

	if (!start || !next || !v) {
		free(start);
		free(next);
		free(v);
		return -1;
	}
	/* The hours by group and side, each group's two sides together. */
	for (size_t i = 0; i < t->nsamples; i++)
		start[t->samples[i].at + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	memcpy(next, start, (n + 1) * sizeof *next);
	for (size_t i = 0; i < t->nsamples; i++)
		v[next[t->samples[i].at]++] = t->samples[i].hours;
	for (int g = 0; g < r->ngroups; g++) {
		struct report_group *gr = &r->groups[g];
		for (int side = 0; side < SIDES; side++) {
			size_t at = (size_t)g * SIDES + side, m = start[at + 1] - start[at];
			figures_add(&gr->fig[REPORT_ALL], t, at, (int64_t)m);
			figures_add(&gr->fig[side + 1], t, at, (int64_t)m);
			gr->fig[side + 1].median_hours = report_median(v + start[at], m);
		}
		gr->fig[REPORT_ALL].median_hours =
		    report_median(v + start[g * SIDES], start[g * SIDES + SIDES] - start[g * SIDES]);
	}
	free(start);
	free(next);
	free(v);
	return 0;
}

void
tally_free(struct tally *t)
{
	free(t->counts);
	for (int i = 0; i < REPORT_CHECKPOINTS; i++)
		free(t->plane[i]);
	free(t->by_id[0]);
	free(t->by_id[1]);
	free(t->slots);
	free(t->samples);
	memset(t, 0, sizeof *t);
}
