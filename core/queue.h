/* SPDX-License-Identifier: ISC */
/*
 * queue.h - the work queues, the first screen after login.
 *
 * Each queue fills an array with rows ready to show, most urgent first
 * (most overdue first: ordered by due time), at most `limit` of them:
 *
 *   queue_contact_48h   48-hour contacts due and overdue: always the first
 *                       queue a screen shows (DESIGN queue 3)
 *   queue_releasing     expected release within 48 hours, or passed in the
 *                       last 14 days with no release recorded, with the
 *                       readiness marks (1)
 *   queue_no_checkout   released in the last 14 days with no naloxone row
 *                       for that stay, whatever its outcome, and not
 *                       since booked again; a transfer to another
 *                       agency is no release to the community (2)
 *   queue_followup      follow-ups whose window is open, and overdue (4)
 *   queue_appointments  scheduled appointments in the next 7 days, and
 *                       past ones with no outcome recorded yet (5)
 *   queue_prerelease    expected release within queue.prerelease_days
 *                       days (or passed in the last 14) lacking
 *                       education, a naloxone plan or a booked
 *                       appointment, with what is missing: the days
 *                       ahead, to prepare, after what is due now
 *   queue_stale         open cases with no activity in queue.stale_days
 *                       days; supervisors only (6)
 *
 * Who sees what follows access.h: a caseworker's queues hold their own
 * caseload only (only_mine is implied); health staff see people in custody
 * and released in the last ACCESS_HEALTH_DAYS; supervisors see everyone;
 * admins see no queue.  Filters: only_mine (the person's caseworker is the
 * acting user) and facility_id (0: all; the facility of the stay a row is
 * about, or of the person's latest stay).
 *
 * Readiness counts what was recorded against the stay (education,
 * naloxone and referral rows whose stay_id is the stay).  "Declined" is a
 * complete answer: it is shown as declined and is never "missing".
 * Listing a queue is not audited per person; opening a record is.
 */
#ifndef PASSAGE_QUEUE_H
#define PASSAGE_QUEUE_H

#include <stdint.h>

#include "session.h"

/* In the order a screen shows them. */
enum queue_id {
	QUEUE_CONTACT_48H = 0,
	QUEUE_RELEASING,
	QUEUE_NO_CHECKOUT,
	QUEUE_FOLLOWUP,
	QUEUE_APPOINTMENTS,
	QUEUE_PRERELEASE,
	QUEUE_STALE,
	QUEUE_COUNT
};

/* Readiness; larger is further along, so the best answer wins. */
enum queue_mark {
	QUEUE_MARK_NONE = 0, /* nothing recorded */
	QUEUE_MARK_OFFERED,  /* naloxone offered, nothing handed over yet */
	QUEUE_MARK_DECLINED, /* the person's choice: complete */
	QUEUE_MARK_YES       /* educated / kit given or in property / appointment booked */
};

#define QUEUE_MISSING_EDUCATION 1u
#define QUEUE_MISSING_NALOXONE 2u
#define QUEUE_MISSING_APPOINTMENT 4u

/* A caseload of up to this many people is walked person by person; a
 * larger one is found by walking the whole program's range (the releasing,
 * pre-release and released-without-checkout queues). */
#define QUEUE_CASELOAD_MAX 20000

struct queue_filter {
	int only_mine;
	int64_t facility_id; /* 0: all */
};

/* A row whose clock starts at a release the jail's roster did not give a
 * time for says so after its words: ", date only" or ", last seen"
 * (48-hour contact, follow-up).  A release without checkout says only how
 * the person was released ("on bail or bond, unplanned": the queue's title
 * says the rest) and keeps the roster's precision in rough, for a mark by
 * its time: the words would not fit an 80-column row beside the name. */
enum queue_rough {
	QUEUE_ROUGH_NONE = 0, /* a time, or a release typed by hand */
	QUEUE_ROUGH_DATE,     /* the roster gave the date only */
	QUEUE_ROUGH_SEEN      /* the roster stopped listing the person: last seen */
};

struct queue_row {
	int64_t person_id;
	int64_t item_id;  /* the task, stay, referral or person the row is about */
	char code[132];   /* participant code */
	char name[256];   /* preferred name, else legal name, else the code */
	char what[160];   /* what is due, in words */
	int64_t due_at;
	int64_t late;     /* seconds past due; negative: not due yet */
	enum queue_mark educated, naloxone, appointment; /* releasing, prerelease */
	unsigned missing; /* prerelease: QUEUE_MISSING_* */
	/* releasing, prerelease: the expected release is a date with no time
	 * (stay_expected_day), due that whole day: due_at is its start, late
	 * counts from its end, and today says the day is now. */
	int day_only, today;
	enum queue_rough rough; /* released without checkout */
};

typedef int (*queue_fill)(struct session *s, const struct queue_filter *f,
                          struct queue_row *rows, int limit, int *n);

struct queue_def {
	enum queue_id id;
	const char *title;
	queue_fill fill;
};

/* The queues in screen order, titles included. */
extern const struct queue_def queue_defs[QUEUE_COUNT];
/* A queue's title as a person sees it: queue_defs' own, with the site's
 * numbers in it (the pre-release and stale queues' days).  Returns out. */
const char *queue_title(struct session *s, enum queue_id id, char *out, size_t n);

/* The mark a released-without-checkout row puts after its time ("*" a
 * date only, "+" last seen, "" none), and the legend for the marks among
 * rows[0..n) ("* date only  + last seen", "" when none): a screen showing
 * a mark shows its legend too.  queue_rough_legend returns out. */
const char *queue_rough_mark(enum queue_rough rough);
const char *queue_rough_legend(const struct queue_row *rows, int n, char *out, size_t size);

/* Whether anyone else (another session, the hourly import) has committed
 * a change to the file since *seen was taken: 1 and *seen updated, or 0;
 * -1 with s->err.  Cheap (SQLite's data_version: the file's change
 * counter, no table read), so a screen may ask every few seconds and read
 * its queues again only when it says 1.  The session's own saves do not
 * count: they move session.saved. */
int queue_changed(struct session *s, int64_t *seen);

/* Each returns 0 with *n rows (at most limit), or -1 and a sentence. */
int queue_contact_48h(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                      int limit, int *n);
int queue_releasing(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                    int limit, int *n);
int queue_no_checkout(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                      int limit, int *n);
int queue_followup(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                   int limit, int *n);
int queue_appointments(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                       int limit, int *n);
int queue_stale(struct session *s, const struct queue_filter *f, struct queue_row *rows,
                int limit, int *n);
/* days <= 0: the setting queue.prerelease_days (default 7). */
int queue_prerelease(struct session *s, int days, const struct queue_filter *f,
                     struct queue_row *rows, int limit, int *n);

#endif
