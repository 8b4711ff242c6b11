/* SPDX-License-Identifier: ISC */
/*
 * report_naloxone.h - the naloxone distribution report: what a state
 * distribution program asks before it sends more kits.
 *
 * For a period (period.h: whole local days) and all facilities or one:
 *
 *   kits given      the kits (naloxone.quantity) of every naloxone record
 *                   given or placed in property whose time is in the
 *                   period; handovers counts those records and people
 *                   reached the different people they were for
 *   first kits, refills, not said   the same kits by naloxone.kit
 *   by formulation, by handover     the same kits by each code (every
 *                   code is listed, 0 where there were none)
 *   by facility     the same kits by the facility of the stay the record
 *                   is for, or of the person's latest stay booked at or
 *                   before it; "facility not known" when there is none
 *   uses reported   naloxone_event "used" reports in the period: on
 *                   themselves, on someone else, the doses given (where
 *                   said), survived (yes) and 911 called (yes)
 *   lost, taken away   "lost" and "confiscated" reports in the period
 *   stock           as it is now (stock.h): kits on hand, in lots expiring
 *                   within 60 days (or expired), handovers to reconcile
 *
 * Reports of use and loss belong to the facility of the person's latest
 * stay booked before the report, as in the program report.  With a
 * facility named, every figure is that facility's.
 *
 * The figures come as lines (section, code, label, count) in the order a
 * reader takes them, so the table, CSV, JSON and the supervisors' screen
 * lay out the same list.  Supervisors only; one audit row ("report",
 * detail: the period and facility id); the figures and the audit chain
 * head are read in one snapshot.
 */
#ifndef PASSAGE_REPORT_NALOXONE_H
#define PASSAGE_REPORT_NALOXONE_H

#include <stdint.h>

#include "audit.h"
#include "period.h"
#include "session.h"
#include "tally.h"

/* The sections, in order.  A line's code is stable (a vocab code, a
 * facility id, or a word such as "kits"); its label is what people read. */
enum nal_section {
	NAL_GIVEN, NAL_KIT, NAL_FORMULATION, NAL_HANDOVER, NAL_FACILITY, NAL_USES, NAL_LOST,
	NAL_STOCK, NAL_SECTIONS
};

struct nal_line {
	enum nal_section section;
	char code[24];
	char label[REPORT_NAME_MAX];
	int64_t count;
};

struct nal_report {
	struct period period;
	int64_t facility_id;          /* 0: all facilities */
	char facility[REPORT_NAME_MAX];
	int64_t made_at;
	char made_by[REPORT_NAME_MAX];
	struct audit_head head;
	char head_text[40];
	struct nal_line *lines;
	int nlines;
};

/* The section's stable name ("kits_given", ...) and its heading. */
const char *nal_section_name(enum nal_section k);
const char *nal_section_heading(enum nal_section k);

/* Fills out (release with nal_report_free) for period p and facility_id
 * (0: all).  Supervisors only: anyone else is refused and nothing is read. */
int report_naloxone(struct session *s, const struct period *p, int64_t facility_id,
                    struct nal_report *out);
void nal_report_free(struct nal_report *r);
/* The line of section k with code, or NULL. */
const struct nal_line *nal_report_line(const struct nal_report *r, enum nal_section k,
                                       const char *code);

#endif
