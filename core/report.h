/* SPDX-License-Identifier: ISC */
/*
 * report.h - the program report: what happened around the releases of a
 * period, for supervisors and funders.
 *
 * The denominator is every release in the period: every stay whose
 * recorded release time (stay.released_at) is at or after the period's
 * start and before its end (the end is the first instant after the last
 * day, so it is not in the period).  A person released twice in the
 * period counts twice: each release is its own chance to get it right.
 * With a facility named, only that facility's releases count.
 *
 * Every figure is given for the whole program, for each facility (where
 * the person was released from) and for each caseworker (the person's
 * caseworker now; people with none make their own row), and each of those
 * for all releases, planned ones and unplanned ones.  For one release:
 *
 *   educated      an education session, not declined, recorded before the
 *                 release (at < released_at), either for that stay or for
 *                 no stay but during it (at >= booked_at)
 *   naloxone      one outcome for the release, from the naloxone rows
 *                 recorded for that stay, the first that applies:
 *                   in hand      given, handed over in hand
 *                   in property  placed in property, or given into the
 *                                property bag
 *                   other        given another way (mailed, vending,
 *                                community pickup)
 *                   declined     the person said no to naloxone
 *                   none         no naloxone row, or only "offered"
 *                 the five add up to the releases
 *   appointment   a referral made before the release (referred_at <
 *                 released_at), for that stay or for no stay but during
 *                 it, that has an appointment time and was not declined
 *   MOUD N days   a referral of type moud_* with status attended whose
 *                 appointment (or, with none, its outcome time) is at or
 *                 after the release and no more than N*24 hours after it
 *                 (N = 7, 14, 30), and not after the report's "now": an
 *                 appointment still ahead has not been attended yet
 *   first contact the first contact with outcome "reached" at or after
 *                 the release; the median is over the releases that have
 *                 one, in hours
 *   48-hour contact   the stay's contact_48h task:
 *                 on time   done, closed at or before its window's end
 *                 late      done after its window's end
 *                 declined  the person's choice: counted apart, never as
 *                           missed, and left out of the percentage
 *                 missed    still open, its window over (at "now")
 *                 open      still open, its window not over yet
 *                 cancelled the clock stopped (back in custody, moved,
 *                           deceased): left out of the percentage
 *                 on time % = on time / (on time + late + missed)
 *   follow-up     the same six states for each checkpoint (the stay's
 *                 followup tasks by their day: 7, 14, 30, 90 as the site
 *                 has them), with the same percentage
 *
 * Release times: the period's releases (of the program, or of the
 * facility named) by how precisely their time is known, for the program
 * only: "time" and "date" (the start of that day) and "inferred" (missing
 * from a full snapshot, at the time last seen) as the jail's roster
 * recorded them (roster_stay.release_precision), and "by hand" for the
 * rest; the four add up to the releases.
 *
 * Transfers: a stay ended by a transfer to another agency (release type
 * "transfer", from the roster or typed) is no release to the community.
 * It is in no figure above, nor in the weekly series: the period's
 * transfers (of the program, or of the facility named) are counted on
 * their own line only.
 *
 * Reports of naloxone after release are counted by when they happened
 * (naloxone_event.at in the period), not by release: overdoses are "used"
 * reports, reversals the "used" ones the person survived, refills
 * "refilled" reports.  They belong to the person's caseworker and to the
 * facility of the person's latest stay booked before the report; they
 * have no planned or unplanned side, so only the "all" split has them.
 *
 * A percentage names its numerator and denominator; with a denominator of
 * 0 there is no percentage (report_pct returns -1), never 0% and never a
 * division by zero.
 *
 * The weekly series (bar charts) is over the program (or the facility
 * named): weeks of 7 local days from the period's first day, the last one
 * perhaps shorter; for each, the releases, those with naloxone in hand,
 * and the 48-hour contacts on time out of those due (as above).
 *
 * Only supervisors make program reports.  Making one adds one audit row
 * ("report", entity "report", detail: the period and facility id, no case
 * data).  The figures and the audit chain head it states are read in one
 * snapshot.
 */
#ifndef PASSAGE_REPORT_H
#define PASSAGE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "period.h"
#include "session.h"
#include "tally.h"

/* The facility called name (any case): its id, or -1 with "no facility
 * named 'NAME'".  Names only: any role. */
int report_facility(struct session *s, const char *name, int64_t *id);

/* Fills out (release it with report_free) for period p, facility_id 0
 * for every facility.  Supervisors only: anyone else is refused with a
 * sentence and nothing is read or written.  One audit row. */
int report_metrics(struct session *s, const struct period *p, int64_t facility_id,
                   struct report *out);
void report_free(struct report *r);

/* num / den as a percentage into *pct: 0, or -1 when den is 0 (no
 * percentage to give). */
int report_pct(int64_t num, int64_t den, double *pct);
/* "2/5 40%", or "-" when den is 0: a percentage people can check. */
void report_pct_text(int64_t num, int64_t den, char *out, size_t n);
/* The denominator of the 48-hour and follow-up percentages. */
int64_t report_due(const int64_t states[REPORT_TASK_STATES]);

#endif
