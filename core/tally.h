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

#include "audit.h"
#include "period.h"

/* The program report's figures (report.h says what each one counts):
 * the shapes core/report.c fills from the file and this counting adds up. */
enum report_split { REPORT_ALL = 0, REPORT_PLANNED, REPORT_UNPLANNED, REPORT_SPLITS };
enum report_nal {
	REPORT_NAL_IN_HAND = 0, REPORT_NAL_PROPERTY, REPORT_NAL_OTHER, REPORT_NAL_DECLINED,
	REPORT_NAL_NONE, REPORT_NAL_KINDS
};
enum report_task {
	REPORT_ON_TIME = 0, REPORT_LATE, REPORT_DECLINED, REPORT_MISSED, REPORT_OPEN,
	REPORT_CANCELLED, REPORT_TASK_STATES
};
enum report_group_kind { REPORT_PROGRAM = 0, REPORT_FACILITY, REPORT_CASEWORKER };
/* How precisely a release time is known: the roster's three, or typed. */
enum report_precision {
	REPORT_PREC_TIME = 0, REPORT_PREC_DATE, REPORT_PREC_INFERRED, REPORT_PREC_HAND,
	REPORT_PRECISIONS
};

#define REPORT_CHECKPOINTS 16 /* as many as clock.followup_days may have */
#define REPORT_MOUD_DAYS 3    /* 7, 14, 30 */
#define REPORT_NAME_MAX (4 * 120 + 1)

extern const int report_moud_days[REPORT_MOUD_DAYS];

struct report_figures {
	int64_t releases;
	int64_t educated;
	int64_t naloxone[REPORT_NAL_KINDS];
	int64_t appointment;
	int64_t moud[REPORT_MOUD_DAYS];
	int64_t contacted;      /* releases with a first contact: the median's count */
	double median_hours;    /* -1: no release had one */
	int64_t c48[REPORT_TASK_STATES];
	int64_t followup[REPORT_CHECKPOINTS][REPORT_TASK_STATES];
	int64_t overdoses, reversals, refills; /* REPORT_ALL only */
};

struct report_group {
	enum report_group_kind kind;
	int64_t id;                  /* facility or user; 0: program, or "no caseworker" */
	char name[REPORT_NAME_MAX];  /* "Program", the facility's, the caseworker's */
	struct report_figures fig[REPORT_SPLITS];
};

struct report_week {
	int64_t start, end;          /* [start, end) */
	int64_t releases, in_hand;
	int64_t c48_on_time, c48_due; /* due: on time + late + missed */
};

struct report {
	struct period period;
	int64_t facility_id;          /* 0: all facilities */
	char facility[REPORT_NAME_MAX];
	int64_t made_at;
	char made_by[REPORT_NAME_MAX];
	struct audit_head head;
	char head_text[40];
	int checkpoints[REPORT_CHECKPOINTS]; /* follow-up days, ascending */
	int ncheckpoints;
	/* groups[0] is the program; then facilities by name, then
	 * caseworkers by name, "no caseworker" last. */
	struct report_group *groups;
	int ngroups;
	struct report_week *weeks;
	int nweeks;
	/* The period's releases (the program's, or the facility named) by
	 * how precisely their time is known, adding up to the program's
	 * releases; and the period's transfers to another agency, which are
	 * not among the releases nor in any figure built on them. */
	int64_t precision[REPORT_PRECISIONS];
	int64_t transfers;
};

/* The median of v[0..n) (reordering v), -1 when n is 0. */
double report_median(float *v, size_t n);

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
