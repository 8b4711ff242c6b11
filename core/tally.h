/* SPDX-License-Identifier: ISC */
/*
 * tally.h - the program report's counting in memory (core/report.c reads,
 * this adds up).
 *
 * A report adds each release of its period to three groups (the program,
 * its facility, its caseworker) on its side (planned or unplanned), and
 * keeps the hours to each first contact for the medians.  At a million
 * people that is 400,000 releases over thousands of caseworkers, each
 * release landing on a caseworker picked at random, so what costs is
 * memory, not arithmetic; the layout is chosen for that:
 *
 *   - a group's side is one cache line of 32-bit counters (struct
 *     tally_counts); "all" is the two sides added at the end;
 *   - follow-ups are counted in one plane per checkpoint, the groups side
 *     by side within it, so the counters a release touches are near the
 *     ones the last release touched, and a checkpoint found late (on an
 *     older task) is a plane put in its place, not every group moved;
 *   - hours are appended to one array with their group and side, and
 *     sorted into groups once, at the end (a counting sort), instead of
 *     growing thousands of small arrays as the report reads;
 *   - a facility's or caseworker's group is found by id in an array (ids
 *     are small), through a hash only for an id too large for one.
 *
 * The groups themselves (kind, id, figures) are the report's own
 * (struct report_group in report.h); tally_finish fills their figures.
 */
#ifndef PASSAGE_TALLY_H
#define PASSAGE_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* One release as the report counts it. */
struct tally_release {
	int64_t facility, caseworker;
	int side;            /* 0 planned, 1 unplanned */
	int educated, naloxone, appointment; /* naloxone: enum report_nal */
	int64_t moud_after;  /* seconds from release to MOUD attended; -1: none */
	double hours;        /* to the first contact that reached; < 0: none */
	int c48;             /* the 48-hour contact's enum report_task; -1: none */
	int nfollowups;
	struct {
		int day, state;  /* checkpoint day, enum report_task */
	} followup[REPORT_CHECKPOINTS];
};

struct tally_slot;
struct tally_counts;
struct tally_sample;

struct tally {
	struct report *r;
	int cap;                               /* groups room was made for */
	struct tally_counts *counts;           /* [group * 2 + side] */
	int32_t *plane[REPORT_CHECKPOINTS];    /* [c][(group * 2 + side) * states + state] */
	int32_t *by_id[2];                     /* facility, caseworker: group by id, -1 none */
	size_t nby_id[2];
	struct tally_slot *slots;              /* a hash, for ids too large for by_id */
	size_t nslots;
	struct tally_sample *samples;          /* hours, in the order read */
	size_t nsamples, capsamples;
};

/* Starts counting into r (whose groups, checkpoints and ngroups it owns
 * until tally_free), with room for expect groups (more are made room
 * for as they come): the program is group 0.  0, or -1 out of memory. */
int tally_start(struct tally *t, struct report *r, int expect);

/* The index in r->groups of (kind, id), made empty when new; -1 out of
 * memory. */
int tally_group(struct tally *t, enum report_group_kind kind, int64_t id);

/* The three groups a release or a naloxone report counts in: g[0] the
 * program, g[1] the facility, g[2] the caseworker.  0, or -1 out of
 * memory. */
int tally_groups(struct tally *t, int64_t facility, int64_t caseworker, int g[3]);

/* The column of r->checkpoints for day, put in order when new; -1 when
 * the report has REPORT_CHECKPOINTS already (the day is not counted), -2
 * out of memory. */
int tally_checkpoint(struct tally *t, int day);

/* Adds x[0..n) (n at most TALLY_BATCH) to the program, their facilities
 * and their caseworkers.  0, or -1 out of memory. */
#define TALLY_BATCH 32
int tally_releases(struct tally *t, const struct tally_release *x, int n);

/* Every group's figures: sides and "all", contacted and the medians
 * (report_median).  0, or -1 out of memory. */
int tally_finish(struct tally *t);

/* Frees what tally_start and the rest allocated (not r's groups). */
void tally_free(struct tally *t);

#endif
