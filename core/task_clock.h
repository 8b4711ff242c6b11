/* SPDX-License-Identifier: ISC */
/*
 * task_clock.h - the clocks' times (task.h): the site's clock settings,
 * the tasks a release starts and which of them a contact answers, for
 * task.c and the demo generator.
 */
#ifndef PASSAGE_TASK_CLOCK_H
#define PASSAGE_TASK_CLOCK_H

#include <stdint.h>

#include "db.h"
#include "session.h"
#include "zone.h"

#define TASK_FOLLOWUPS_MAX 16                    /* checkpoints a site may set */
#define TASK_CLOCKS_MAX (TASK_FOLLOWUPS_MAX + 1) /* and the first contact */

/* The site's clock settings, each that does not parse replaced by its
 * default, and its zone. */
struct task_clock_cfg {
	int hours;                    /* the first contact */
	int days[TASK_FOLLOWUPS_MAX]; /* follow-up checkpoints, ascending */
	int ndays;
	int window;                   /* days either side of a follow-up */
	char zone[ZONE_NAME_MAX];
};

/* Reads them; -1 when the site's zone is unknown (c->zone is then UTC, as
 * zone_site says), 0 otherwise. */
int task_clock_settings(db *d, struct task_clock_cfg *c);
/* The same inside a session, through one statement kept prepared (an
 * import starts the clocks of thousands of releases: sql_keep.h). */
int task_clock_settings_kept(struct session *s, struct task_clock_cfg *c);
/* Between these two, task_clock_settings_kept reads the settings once: an
 * import starts the clocks of thousands of releases in one transaction
 * that writes no setting.  0, or -1 with s->err (out of memory). */
int task_clock_remember(struct session *s);
void task_clock_forget(struct session *s);

/* The tasks a release at released_at starts under c, first contact first:
 * kind, checkpoint, due time and window.  Returns how many (at most
 * TASK_CLOCKS_MAX). */
struct task_clock {
	char kind[16];
	int checkpoint;
	int64_t due, start, end;
};
int task_clock_times(const struct task_clock_cfg *c, int64_t released_at, struct task_clock *out);

/* Which of n open tasks (earliest due first) a contact that reached the
 * person at `at` answers: the earliest whose window ended before at (it
 * is overdue, the most urgent: done late), else the earliest whose window
 * holds at (done on time); -1 for none.  One rule for task.c and the demo
 * generator. */
int task_answered(const struct task_clock *open, int n, int64_t at);

/* Offsets for zone_add_days: for each of the n days[i], in out[3i..3i+2]
 * the instant day N, the start of its window (days[i] - window[i], never
 * before released_at) and its end (days[i] + window[i]). */
void task_followup_times(const char *zone, int64_t released_at, const int *days,
                         const int *window, int n, int64_t *out);

#endif
