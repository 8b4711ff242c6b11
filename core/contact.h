/* SPDX-License-Identifier: ISC */
/*
 * contact.h - a contact with a person: when, by whom, how, what came of it.
 *
 * A contact answers the task the caseworker chose (contact_record_task),
 * or none:
 *   reached       the chosen task closes as done, or done late when the
 *                 contact is after its window, at the contact's own time.
 *   declined      the chosen task closes as declined: the person's choice,
 *                 no more reminders for it, counted apart from missed.
 *   message, no_answer, wrong_number
 *                 recorded; they close nothing, whatever was chosen.
 * A task is chosen from the person's open ones; the form offers the one
 * task_answered picks first.  contact_record chooses nothing and lets the
 * contact feed the clocks by itself (task.h):
 *   reached       the person was reached: the earliest overdue open
 *                 task closes as done late, or, with none overdue, the
 *                 earliest whose window holds the contact's time closes as
 *                 done (task_answered).  Either way at the contact's own
 *                 time, so a contact typed in days later counts when it
 *                 happened (its audit row says when it was typed).  Only
 *                 this outcome counts as contact made: a message left, no
 *                 answer or a wrong number says nothing about how the
 *                 person is, which is what the 48-hour contact is for.
 *   declined      the person does not want further contact: every open
 *                 task of theirs closes as declined, and reminders stop.
 *                 Their choice, a complete outcome, never a failure.  The
 *                 case itself stays open until a caseworker closes it.
 *   message, no_answer, wrong_number
 *                 recorded, and they count as activity on the case, but
 *                 they close nothing.
 */
#ifndef PASSAGE_CONTACT_H
#define PASSAGE_CONTACT_H

#include <stdint.h>

#include "session.h"

struct contact_result {
	int64_t contact_id;
	int64_t task_id;  /* reached: the task it closed, 0 for none */
	int declined;     /* declined: how many open tasks closed as declined */
	int late;         /* reached, a chosen task: done after its window */
};

/* contact_record_task's task: the rule contact_record follows. */
#define CONTACT_TASK_DEFAULT (-1)

/* Records a contact at `at` (not in the future) through channel (phone
 * text in_person video email letter other) with outcome (reached message
 * no_answer wrong_number declined); note optional, up to 2000 characters,
 * may span lines.  Moves the person's last activity forward to `at`.  Keeps
 * the time it was typed in apart (recorded_at): a contact made on paper
 * last week keeps both.  One transaction, audited.  res may be NULL. */
int contact_record(struct session *s, int64_t person_id, int64_t at, const char *channel,
                   const char *outcome, const char *note, struct contact_result *res);
/* The same, answering task_id: a task of the person's still open (for
 * reached, its window open by `at`), 0 for none (nothing closes), or
 * CONTACT_TASK_DEFAULT.  A task that is not the person's, is closed, or
 * whose window opens after `at` refuses the whole contact. */
int contact_record_task(struct session *s, int64_t person_id, int64_t task_id, int64_t at,
                        const char *channel, const char *outcome, const char *note,
                        struct contact_result *res);

struct contact_row {
	int64_t id, at, by_user;
	int64_t recorded_at; /* when it was typed in; 0: not known (saved before it was kept) */
	char channel[16], outcome[16];
	char note[4 * 2000 + 1];
};

/* The person's contacts, the latest first, at most max (free(*rows)).
 * Needs view access; audited as a view. */
int contact_list(struct session *s, int64_t person_id, struct contact_row **rows, int *n);

/* The codes this file accepts, each list NULL-terminated: the demo
 * generator picks from them and its tests check against them. */
extern const char *const *const contact_channels; /* channel */
extern const char *const *const contact_outcomes; /* outcome */

#endif
