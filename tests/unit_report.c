/* SPDX-License-Identifier: ISC */
/*
 * unit_report.c - the program report: every figure of a small fixed
 * world, worked out by hand below, for the program, each facility, each
 * caseworker, and planned and unplanned releases; the period's ends; a
 * person released twice; a declined follow-up; an empty period; who may
 * make one.
 *
 * The period is 2024-04-01 to 2024-06-30 (13 weeks of 7 days), the site
 * in UTC; the report is made on 2024-10-15, when every follow-up window
 * of the period's releases is over.  Everything is recorded by the
 * supervisor through the model calls.
 *
 *  rel  who (caseworker)  facility  planned  released
 *  R1   A (cal)           County    yes      04-01 00:00 (the period's start)
 *  R2   B (cal)           County    no       04-10 12:00
 *  R3   C (cora)          Prison    yes      05-15 08:00
 *  R4   D (none)          Prison    no       06-30 23:59:59 (its last second)
 *  R5   A (cal) again     Prison    no       06-01 00:00 (booked 05-20)
 *  --   E (cora)          County    no       07-01 00:00 (the end: not in it)
 *  --   F (cora)          County    no       03-31 23:59:59 (before it)
 *
 *  R1  education for the stay; naloxone given in hand; a buprenorphine
 *      referral before release, appointment +5 days, attended; reached
 *      +10 h (48-hour contact on time), reached +7 days (7-day follow-up
 *      on time); A's booking for R5 cancels R1's 14-, 30- and 90-day ones
 *  R2  education declined; naloxone placed in property; a "declined"
 *      contact +20 h: the 48-hour contact and every follow-up declined;
 *      no first contact (declining is not being reached)
 *  R3  education for no stay during the custody; naloxone only offered
 *      (none); a methadone referral made after release, appointment +20
 *      days, attended (30 days only; no appointment before release);
 *      reached +30 h (on time) and +14 days (14-day on time); the 7-day
 *      follow-up declined one by one; 30 and 90 missed
 *  R4  naloxone declined; reached +60 h: too late for the 48-hour window
 *      and before the 7-day one, so it closes nothing: 48-hour and every
 *      follow-up missed; first contact 60 h
 *  R5  naloxone given, mailed (other); R1's education is for R1's stay,
 *      so not educated; R1's MOUD visit was before R5; nothing after:
 *      48-hour and every follow-up missed; no first contact
 *  Naloxone reports: A used a kit on someone else 06-10, who survived
 *  (overdose, reversal; A's latest stay then is R5's: Prison); B refilled
 *  05-01 (County); C used one 07-05 (after the period: not counted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "demo.h"
#include "education.h"
#include "fixture.h"
#include "naloxone.h"
#include "referral.h"
#include "report.h"
#include "task.h"
#include "user.h"

#define APR1 1711929600LL  /* 2024-04-01 00:00 UTC */
#define JUL1 1719792000LL  /* 2024-07-01 00:00 UTC */
#define NOW 1728950400LL   /* 2024-10-15 00:00 UTC */
#define R1T APR1
#define R2T (APR1 + 9 * DAY + 12 * HOUR)
#define R3T (APR1 + 44 * DAY + 8 * HOUR)
#define R4T (JUL1 - 1)
#define R5T (APR1 + 61 * DAY)

static struct session sup;
static int64_t county = 1, prison = 2;

/* ---------------------------------------------------------------- making */

static int64_t
person_of(const char *code, int64_t caseworker)
{
	struct person p = {0};

	p.participant_code = code;
	p.caseworker_id = caseworker;
	if (person_create(&sup, &p) != 0)
		tap_bail("person %s: %s", code, sup.err);
	return p.id;
}

static int64_t
release(int64_t person, int64_t facility, int64_t booked, int64_t released, int planned)
{
	struct stay_booking b = {0};
	int64_t id;

	b.person_id = person;
	b.facility_id = facility;
	b.booked_at = booked;
	if (stay_book(&sup, &b, &id) != 0 ||
	    stay_record_release(&sup, id, released, planned ? "scheduled" : "court", planned) != 0)
		tap_bail("release: %s", sup.err);
	return id;
}

static void
educate(int64_t person, int64_t stay, int64_t at, int declined)
{
	struct education e = {0};

	e.person_id = person;
	e.stay_id = stay;
	e.at = at;
	e.declined = declined;
	if (!declined) {
		e.setting = "individual";
		e.topics = 1 | 2 | 4;
	}
	if (education_record(&sup, &e) != 0)
		tap_bail("education: %s", sup.err);
}

static void
naloxone(int64_t person, int64_t stay, int64_t at, const char *outcome, const char *handover)
{
	struct naloxone n = {0};

	n.person_id = person;
	n.stay_id = stay;
	n.at = at;
	n.outcome = outcome;
	if (handover) {
		n.formulation = "nasal_4mg";
		n.quantity = 2;
		n.handover = handover;
	}
	if (naloxone_record(&sup, &n) != 0)
		tap_bail("naloxone %s: %s", outcome, sup.err);
}

static void
event(int64_t person, int64_t at, const char *kind, const char *used_on)
{
	struct naloxone_event e = {0};

	e.person_id = person;
	e.at = at;
	e.kind = kind;
	if (used_on) {
		e.used_on = used_on;
		e.survived = YN_YES;
	}
	if (naloxone_event_record(&sup, &e) != 0)
		tap_bail("event: %s", sup.err);
}

/* A MOUD referral, scheduled, then attended. */
static void
moud(int64_t person, int64_t stay, const char *type, int64_t referred, int64_t appt)
{
	struct referral r = {0};

	r.person_id = person;
	r.stay_id = stay;
	r.type = type;
	r.referred_at = referred;
	r.appointment_at = appt;
	if (referral_create(&sup, &r) != 0 ||
	    referral_set_status(&sup, r.id, r.version, "attended", 0, NULL) != 0)
		tap_bail("referral: %s", sup.err);
}

static void
contact(int64_t person, int64_t at, const char *outcome)
{
	if (contact_record(&sup, person, at, "phone", outcome, NULL, NULL) != 0)
		tap_bail("contact: %s", sup.err);
}

static void
decline_followup(int64_t stay, int day)
{
	char sql[200];
	int64_t id;

	snprintf(sql, sizeof sql, "SELECT id FROM task WHERE stay_id = %lld AND checkpoint = %d",
	         (long long)stay, day);
	id = count(sql);
	if (task_decline(&sup, id, NULL) != 0)
		tap_bail("decline: %s", sup.err);
}

static void
world(void)
{
	int64_t a, b, c, dd, e, f, s1, s2, s3;

	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'State Prison')");
	as(&sup, "sam", NOW);
	a = person_of("A", cal), b = person_of("B", cal), c = person_of("C", cora);
	dd = person_of("D", 0), e = person_of("E", cora), f = person_of("F", cora);

	s1 = release(a, county, R1T - 10 * DAY, R1T, 1);
	educate(a, s1, R1T - 5 * DAY, 0);
	naloxone(a, s1, R1T - HOUR, "given", "in_hand");
	moud(a, s1, "moud_buprenorphine", R1T - 2 * DAY, R1T + 5 * DAY);
	contact(a, R1T + 10 * HOUR, "reached");
	contact(a, R1T + 7 * DAY, "reached");

	s2 = release(b, county, R2T - 3 * DAY, R2T, 0);
	educate(b, s2, R2T - DAY, 1);
	naloxone(b, s2, R2T - HOUR, "placed_in_property", "property_bag");
	contact(b, R2T + 20 * HOUR, "declined");

	s3 = release(c, prison, R3T - 30 * DAY, R3T, 1);
	educate(c, 0, R3T - 20 * DAY, 0);
	naloxone(c, s3, R3T - HOUR, "offered", NULL);
	moud(c, s3, "moud_methadone", R3T + DAY, R3T + 20 * DAY);
	contact(c, R3T + 30 * HOUR, "reached");
	/* Declined first: a contact on day 14 would close the overdue day 7
	 * late before the day 14 whose window holds it. */
	decline_followup(s3, 7);
	contact(c, R3T + 14 * DAY, "reached");

	naloxone(dd, release(dd, prison, R4T - 2 * DAY, R4T, 0), R4T - HOUR, "declined", NULL);
	contact(dd, R4T + 60 * HOUR, "reached");

	naloxone(a, release(a, prison, APR1 + 49 * DAY, R5T, 0), R5T - HOUR, "given", "mailed");

	release(e, county, JUL1 - 5 * DAY, JUL1, 0);
	release(f, county, APR1 - 5 * DAY, APR1 - 1, 0);
	event(a, APR1 + 70 * DAY, "used", "other");
	event(b, APR1 + 30 * DAY, "refilled", NULL);
	event(c, JUL1 + 4 * DAY, "used", "self");
}

/* ---------------------------------------------------------------- checking */

static const struct report_group *
group(const struct report *r, enum report_group_kind kind, const char *name)
{
	for (int i = 0; i < r->ngroups; i++)
		if (r->groups[i].kind == kind && strcmp(r->groups[i].name, name) == 0)
			return &r->groups[i];
	tap_diag("no group %s", name);
	return NULL;
}

/* A figure set in one line, each number in a fixed order:
 * releases educated | in-hand property other declined none | appointment
 * | moud7 moud14 moud30 | contacted median | 48h on-time late declined
 * missed open cancelled | overdoses reversals refills */
static const char *
line(const struct report_figures *f, char *out, size_t n)
{
	snprintf(out, n,
	         "%lld %lld | %lld %lld %lld %lld %lld | %lld | %lld %lld %lld | %lld %.1f | "
	         "%lld %lld %lld %lld %lld %lld | %lld %lld %lld",
	         (long long)f->releases, (long long)f->educated, (long long)f->naloxone[0],
	         (long long)f->naloxone[1], (long long)f->naloxone[2], (long long)f->naloxone[3],
	         (long long)f->naloxone[4], (long long)f->appointment, (long long)f->moud[0],
	         (long long)f->moud[1], (long long)f->moud[2], (long long)f->contacted,
	         f->median_hours, (long long)f->c48[0], (long long)f->c48[1], (long long)f->c48[2],
	         (long long)f->c48[3], (long long)f->c48[4], (long long)f->c48[5],
	         (long long)f->overdoses, (long long)f->reversals, (long long)f->refills);
	return out;
}

/* The follow-ups of checkpoint index c, "on-time late declined missed
 * open cancelled". */
static const char *
fu(const struct report_figures *f, int c, char *out, size_t n)
{
	const int64_t *v = f->followup[c];

	snprintf(out, n, "%lld %lld %lld %lld %lld %lld", (long long)v[0], (long long)v[1],
	         (long long)v[2], (long long)v[3], (long long)v[4], (long long)v[5]);
	return out;
}

#define LINE(g, split, want, name)                                                         \
	do {                                                                               \
		char b_[300];                                                              \
		if (g)                                                                     \
			is_str(line(&(g)->fig[split], b_, sizeof b_), want, name);         \
		else                                                                       \
			ok(0, name);                                                       \
	} while (0)

#define FU(g, split, c, want, name)                                                        \
	do {                                                                               \
		char b_[100];                                                              \
		is_str(fu(&(g)->fig[split], c, b_, sizeof b_), want, name);                \
	} while (0)

static void
test_program(void)
{
	struct period p;
	struct report r;
	const struct report_group *g;
	long long before = audits("report", "report");
	double pct;

	as(&sup, "sam", NOW);
	if (period_parse(&sup, "2024-04-01", "2024-06-30", &p) != 0)
		tap_bail("period: %s", sup.err);
	if (!ok(report_metrics(&sup, &p, 0, &r) == 0, "a supervisor makes the report"))
		tap_bail("report: %s", sup.err);
	is_int(r.ngroups, 6, "program, two facilities, two caseworkers and no caseworker");
	is_str(r.groups[0].name, "Program", "the program first");
	is_str(r.groups[1].name, "County Jail", "then the facilities by name");
	is_str(r.groups[2].name, "State Prison", "  both");
	is_str(r.groups[3].name, "Cal Caseworker", "then the caseworkers by name");
	is_str(r.groups[4].name, "Cora Caseworker", "  both");
	is_str(r.groups[5].name, "no caseworker", "and people with none last");

	/* All: R1-R5; educated R1 R3; in hand R1, property R2, other R5,
	 * declined R4, none R3; appointment R1; MOUD 7/14 R1, 30 R1 R3;
	 * contacted R1 10 h, R3 30 h, R4 60 h: median 30; 48-hour on time
	 * R1 R3, declined R2, late R4 (reached at 60 h), missed R5; A's
	 * overdose reversed, B's refill. */
	g = &r.groups[0];
	LINE(g, REPORT_ALL, "5 2 | 1 1 1 1 1 | 1 | 1 1 2 | 3 30.0 | 2 1 1 1 0 0 | 1 1 1",
	     "program, all releases (R4 at the last second and R1 at the first count, "
	     "the release at the end does not; A twice)");
	/* Planned R1 R3: median of 10 and 30. */
	LINE(g, REPORT_PLANNED, "2 2 | 1 0 0 0 1 | 1 | 1 1 2 | 2 20.0 | 2 0 0 0 0 0 | 0 0 0",
	     "program, planned");
	LINE(g, REPORT_UNPLANNED, "3 0 | 0 1 1 1 0 | 0 | 0 0 0 | 1 60.0 | 0 1 1 1 0 0 | 0 0 0",
	     "program, unplanned");

	is_int(r.ncheckpoints, 4, "the site's four follow-up days");
	ok(r.checkpoints[0] == 7 && r.checkpoints[1] == 14 && r.checkpoints[2] == 30 &&
	   r.checkpoints[3] == 90, "  7, 14, 30, 90");
	/* 7: on time R1; declined R2 R3 (R3 one by one); missed R4 R5.
	 * 14: on time R3, declined R2, missed R4 R5, cancelled R1 (booked again).
	 * 30 and 90: declined R2, missed R3 R4 R5, cancelled R1. */
	FU(g, REPORT_ALL, 0, "1 0 2 2 0 0", "7 days: a declined follow-up is declined, not missed");
	FU(g, REPORT_ALL, 1, "1 0 1 2 0 1", "14 days");
	FU(g, REPORT_ALL, 2, "0 0 1 3 0 1", "30 days");
	FU(g, REPORT_ALL, 3, "0 0 1 3 0 1", "90 days");
	FU(g, REPORT_PLANNED, 0, "1 0 1 0 0 0", "7 days, planned (R1 on time, R3 declined)");
	FU(g, REPORT_PLANNED, 1, "1 0 0 0 0 1", "14 days, planned");
	FU(g, REPORT_UNPLANNED, 3, "0 0 1 2 0 0", "90 days, unplanned");

	ok(report_pct(g->fig[REPORT_ALL].c48[0], report_due(g->fig[REPORT_ALL].c48), &pct) == 0 &&
	   pct == 50.0, "48-hour contacts on time: 2 of 4 due (the declined one left out)");
	ok(report_pct(g->fig[REPORT_ALL].educated, g->fig[REPORT_ALL].releases, &pct) == 0 &&
	   pct == 40.0, "educated: 2 of 5");

	/* County: R1 R2 and B's refill. */
	g = group(&r, REPORT_FACILITY, "County Jail");
	LINE(g, REPORT_ALL, "2 1 | 1 1 0 0 0 | 1 | 1 1 1 | 1 10.0 | 1 0 1 0 0 0 | 0 0 1",
	     "County Jail");
	/* Prison: R3 R4 R5, medians of 30 and 60, A's overdose. */
	g = group(&r, REPORT_FACILITY, "State Prison");
	LINE(g, REPORT_ALL, "3 1 | 0 0 1 1 1 | 0 | 0 0 1 | 2 45.0 | 1 1 0 1 0 0 | 1 1 0",
	     "State Prison");
	LINE(g, REPORT_UNPLANNED, "2 0 | 0 0 1 1 0 | 0 | 0 0 0 | 1 60.0 | 0 1 0 1 0 0 | 0 0 0",
	     "State Prison, unplanned (R4, R5)");
	/* Cal: R1 R2 R5 and both of A's and B's reports. */
	g = group(&r, REPORT_CASEWORKER, "Cal Caseworker");
	LINE(g, REPORT_ALL, "3 1 | 1 1 1 0 0 | 1 | 1 1 1 | 1 10.0 | 1 0 1 1 0 0 | 1 1 1",
	     "Cal's caseload: A counts twice");
	FU(g, REPORT_ALL, 1, "0 0 1 1 0 1", "  their 14-day follow-ups");
	/* Cora: R3 only; C's report after the period is not counted. */
	g = group(&r, REPORT_CASEWORKER, "Cora Caseworker");
	LINE(g, REPORT_ALL, "1 1 | 0 0 0 0 1 | 0 | 0 0 1 | 1 30.0 | 1 0 0 0 0 0 | 0 0 0",
	     "Cora's caseload");
	g = group(&r, REPORT_CASEWORKER, "no caseworker");
	LINE(g, REPORT_ALL, "1 0 | 0 0 0 1 0 | 0 | 0 0 0 | 1 60.0 | 0 1 0 0 0 0 | 0 0 0",
	     "no caseworker (D)");

	/* Weeks from 04-01: R1 in 0, R2 in 1, R3 in 6, R5 in 8, R4 in 12. */
	is_int(r.nweeks, 13, "13 weeks");
	ok(r.weeks[0].start == APR1 && r.weeks[12].end == JUL1, "  from the start to the end");
	ok(r.weeks[0].releases == 1 && r.weeks[0].in_hand == 1 && r.weeks[0].c48_on_time == 1 &&
	   r.weeks[0].c48_due == 1, "week 1: R1, in hand, contacted on time");
	ok(r.weeks[1].releases == 1 && r.weeks[1].in_hand == 0 && r.weeks[1].c48_due == 0,
	   "week 2: R2, declined: nothing due");
	ok(r.weeks[6].releases == 1 && r.weeks[6].c48_on_time == 1 && r.weeks[6].c48_due == 1,
	   "week 7: R3");
	ok(r.weeks[8].releases == 1 && r.weeks[8].c48_on_time == 0 && r.weeks[8].c48_due == 1,
	   "week 9: R5, missed");
	ok(r.weeks[12].releases == 1 && r.weeks[3].releases == 0, "week 13: R4; week 4 none");

	is_str(r.made_by, "Sam Supervisor", "made by");
	ok(r.made_at == NOW, "made at");
	ok(r.head.seq > 0 && strlen(r.head_text) > 4, "the audit chain head it was read at");
	is_int(audits("report", "report"), before + 1, "one audit row");
	is_str(last_detail(), "metrics 2024-04-01 to 2024-06-30 facility 0",
	       "  naming the period, no case data");
	ok(count("SELECT max(seq) FROM audit") == r.head.seq + 1, "  right after the head stated");
	report_free(&r);
}

static void
test_facility(void)
{
	struct period p;
	struct report r;
	int64_t id = 0;

	as(&sup, "sam", NOW);
	ok(report_facility(&sup, "state prison", &id) == 0 && id == prison,
	   "a facility by name, any case");
	ok(report_facility(&sup, "Nowhere", &id) != 0, "a facility that is not there");
	is_str(sup.err, "no facility named 'Nowhere'", "  says so");
	period_parse(&sup, "2024-04-01", "2024-06-30", &p);
	if (report_metrics(&sup, &p, prison, &r) != 0)
		tap_bail("report: %s", sup.err);
	is_str(r.facility, "State Prison", "the facility named");
	is_int(r.ngroups, 5, "program, the facility, and three caseworker rows");
	LINE(&r.groups[0], REPORT_ALL,
	     "3 1 | 0 0 1 1 1 | 0 | 0 0 1 | 2 45.0 | 1 1 0 1 0 0 | 1 1 0",
	     "the program is the facility's releases; B's refill at County is not counted");
	LINE(group(&r, REPORT_CASEWORKER, "Cal Caseworker"), REPORT_ALL,
	     "1 0 | 0 0 1 0 0 | 0 | 0 0 0 | 0 -1.0 | 0 0 0 1 0 0 | 1 1 0",
	     "Cal: R5 only, no first contact: no median");
	report_free(&r);
}

/* A report made two days after R1, before its MOUD appointment (R1 + 5
 * days, marked attended by the world's builder, which runs at NOW): an
 * appointment still ahead has not been attended, so no release has MOUD
 * within 7 days yet. */
static void
test_future_attended(void)
{
	struct session early;
	struct period p;
	struct report r;

	as(&early, "sam", R1T + 2 * DAY);
	period_parse(&early, "2024-04-01", "2024-06-30", &p);
	if (report_metrics(&early, &p, 0, &r) != 0)
		tap_bail("report: %s", early.err);
	is_int(r.groups[0].fig[REPORT_ALL].moud[0], 0,
	       "an attended appointment still ahead of the report is not MOUD attended");
	report_free(&r);
}

static void
test_empty(void)
{
	struct period p;
	struct report r;
	double pct = 7;
	char text[32];
	const struct report_figures *f;

	as(&sup, "sam", NOW);
	period_parse(&sup, "2023-01-01", "2023-03-31", &p);
	if (report_metrics(&sup, &p, 0, &r) != 0)
		tap_bail("report: %s", sup.err);
	f = &r.groups[0].fig[REPORT_ALL];
	is_int(r.ngroups, 1, "no releases: the program alone");
	ok(f->releases == 0 && f->median_hours == -1, "  no releases, no median");
	ok(report_pct(f->educated, f->releases, &pct) == -1 && pct == 7,
	   "  and no percentage, not 0 per cent");
	ok(report_pct(f->c48[0], report_due(f->c48), &pct) == -1, "  nor an on-time one");
	ok(r.nweeks == 13 && r.weeks[0].releases == 0, "  13 empty weeks");
	report_pct_text(f->educated, f->releases, text, sizeof text);
	is_str(text, "-", "  shown as a dash");
	report_pct_text(2, 3, text, sizeof text);
	is_str(text, "2/3 67%", "a percentage shows its count and denominator");
	report_free(&r);
}

static void
test_roles(void)
{
	const char *who[] = {"hana", "cal", "adam"};
	struct period p;
	struct report r;

	for (int i = 0; i < 3; i++) {
		struct session s;
		long long before = count("SELECT count(*) FROM audit");
		as(&s, who[i], NOW);
		period_parse(&s, "2024-04-01", "2024-06-30", &p);
		before = count("SELECT count(*) FROM audit");
		ok(report_metrics(&s, &p, 0, &r) != 0 && r.ngroups == 0, "%s is refused", who[i]);
		is_str(s.err, "only supervisors make program reports", "  with a clear message");
		is_int(count("SELECT count(*) FROM audit"), before, "  and nothing is written");
	}
}

/* ---------------------------------------------------------------- summary */

/* Rows of view a not in table b, and of b not in a. */
static void
differ(const char *view, const char *table, long long *missing, long long *stale)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT * FROM %s EXCEPT SELECT * FROM %s)",
	         view, table);
	*missing = count(sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT * FROM %s EXCEPT SELECT * FROM %s)",
	         table, view);
	*stale = count(sql);
}

/* release_summary and event_summary are the views release_facts and
 * event_facts kept by triggers: after every kind of save each holds the
 * same rows as its view. */
static void
summary_matches(const char *after)
{
	long long rm, rs, em, es;

	differ("release_facts", "release_summary", &rm, &rs);
	differ("event_facts", "event_summary", &em, &es);
	ok(rm == 0 && rs == 0 && em == 0 && es == 0 &&
	   count("SELECT count(*) FROM release_summary") == count("SELECT count(*) FROM release_facts") &&
	   count("SELECT count(*) FROM event_summary") == count("SELECT count(*) FROM event_facts"),
	   "the summaries are right after %s (releases: %lld missing, %lld stale; naloxone "
	   "reports: %lld missing, %lld stale)", after, rm, rs, em, es);
}

static int64_t
stay_of(const char *code, int64_t released)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT s.id FROM stay s JOIN person p ON p.id = s.person_id "
	         "WHERE p.participant_code = '%s' AND s.released_at = %lld", code, (long long)released);
	return count(sql);
}

static int64_t
person_code(const char *code)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT id FROM person WHERE participant_code = '%s'", code);
	return count(sql);
}

static void
test_summary(void)
{
	int64_t c = person_code("C"), dd = person_code("D"), s3 = stay_of("C", R3T);
	int64_t s4 = stay_of("D", R4T), s5 = stay_of("A", R5T);
	char sql[200];
	struct person pc;
	struct stay st;
	struct period p;
	struct report r;

	as(&sup, "sam", NOW);
	ok(count("SELECT count(*) FROM release_summary") == 7, "one summary row per release");
	summary_matches("the world was recorded");

	ok(count("SELECT count(*) FROM event_summary") == 3, "one row per naloxone report counted");

	/* A stale row is seen: the check itself can fail. */
	tu_exec(d, "UPDATE release_summary SET educated = 1 - educated");
	tu_exec(d, "UPDATE event_summary SET facility_id = facility_id + 10");
	ok(count("SELECT count(*) FROM (SELECT * FROM release_facts "
	         "EXCEPT SELECT * FROM release_summary)") == 7 &&
	   count("SELECT count(*) FROM (SELECT * FROM event_facts "
	         "EXCEPT SELECT * FROM event_summary)") == 3,
	   "a summary changed by hand differs from its view");
	tu_exec(d, "UPDATE release_summary SET educated = 1 - educated");
	tu_exec(d, "UPDATE event_summary SET facility_id = facility_id - 10");

	if (stay_get(&sup, s4, &st) != 0 || stay_correct_release(&sup, s4, st.version, R4T - DAY) != 0)
		tap_bail("correct: %s", sup.err);
	summary_matches("a release time is corrected");
	s4 = stay_of("D", R4T - DAY);

	if (person_get(&sup, c, &pc) != 0 || person_reassign(&sup, c, pc.version, cal) != 0)
		tap_bail("reassign: %s", sup.err);
	person_free(&pc);
	summary_matches("a person is reassigned");

	contact(dd, R4T + 2 * HOUR, "reached");
	summary_matches("a contact reaches a person");
	contact(dd, R4T + 3 * HOUR, "no_answer");
	summary_matches("a contact does not");

	educate(dd, s4, R4T - 2 * DAY + HOUR, 0);
	summary_matches("an education session is recorded");
	snprintf(sql, sizeof sql, "UPDATE education SET declined = 1, setting = NULL "
	         "WHERE stay_id = %lld", (long long)s4);
	tu_exec(d, sql);
	summary_matches("an education session is changed");

	naloxone(dd, s4, R4T - 2 * DAY + HOUR, "given", "in_hand");
	summary_matches("naloxone is given");
	tu_exec(d, "UPDATE naloxone SET handover = 'mailed' WHERE outcome = 'given' AND "
	           "handover = 'in_hand'");
	summary_matches("naloxone is changed");

	moud(dd, s4, "moud_naltrexone", R4T - 2 * DAY + HOUR, R4T + DAY);
	summary_matches("a referral is made and attended");

	decline_followup(s5, 30);
	summary_matches("a follow-up is declined");

	release(c, county, R3T + 60 * DAY, R3T + 70 * DAY, 1);
	summary_matches("a person is released again");
	event(c, R3T + 65 * DAY, "used", "self");
	event(c, R3T + 66 * DAY, "lost", NULL);
	summary_matches("naloxone reports are recorded");
	event(c, R3T + 90 * DAY, "refilled", NULL);
	release(c, prison, R3T + 80 * DAY, R3T + 85 * DAY, 0);
	ok(count("SELECT facility_id FROM event_summary ORDER BY at DESC LIMIT 1") == prison,
	   "a stay booked before a naloxone report moves it to that facility");
	summary_matches("a stay is booked before a naloxone report");
	tu_exec(d, "UPDATE naloxone_event SET kind = 'refilled', used_on = NULL, doses = NULL, "
	           "survived = NULL WHERE kind = 'used' AND at = (SELECT max(at) FROM naloxone_event "
	           "WHERE kind = 'used')");
	summary_matches("a naloxone report is changed");
	tu_exec(d, "DELETE FROM naloxone_event WHERE kind = 'refilled'");
	summary_matches("naloxone reports are deleted");

	/* The roster's word on a release, and a transfer (schema/0024). */
	tu_exec(d, "INSERT INTO roster_import (at, user_id, profile, sha256, rows, bookings, "
	           "new_bookings, releases, inferred, transfers, expected_changes, links, waiting, "
	           "skipped) SELECT 1, min(id), 'test', printf('%064d', 0), 0,0,0,0,0,0,0,0,0,0 "
	           "FROM user");
	snprintf(sql, sizeof sql, "INSERT INTO roster_stay (stay_id, release_precision, "
	         "release_import) VALUES (%lld, 'date', (SELECT max(id) FROM roster_import))",
	         (long long)s4);
	tu_exec(d, sql);
	summary_matches("the roster gives a release");
	tu_exec(d, "UPDATE roster_stay SET release_precision = 'inferred'");
	summary_matches("  and its precision changes");
	tu_exec(d, "UPDATE roster_stay SET release_precision = NULL, release_import = NULL");
	summary_matches("  and the roster no longer gives it");
	tu_exec(d, "UPDATE roster_stay SET release_precision = 'time', "
	           "release_import = (SELECT max(id) FROM roster_import)");
	snprintf(sql, sizeof sql, "UPDATE roster_stay SET stay_id = %lld", (long long)s5);
	tu_exec(d, sql);
	summary_matches("  and it moves to another stay");
	tu_exec(d, "DELETE FROM roster_stay");
	summary_matches("  and its row is deleted");
	snprintf(sql, sizeof sql, "UPDATE stay SET release_type = 'transfer' WHERE id = %lld",
	         (long long)s4);
	tu_exec(d, sql);
	summary_matches("a release becomes a transfer");
	snprintf(sql, sizeof sql, "UPDATE stay SET release_type = 'scheduled' WHERE id = %lld",
	         (long long)s4);
	tu_exec(d, sql);
	summary_matches("  and a release again");

	/* Passage never deletes these rows; the triggers cope if someone
	 * does, from outside. */
	snprintf(sql, sizeof sql, "UPDATE task SET contact_id = NULL WHERE person_id = %lld",
	         (long long)c);
	tu_exec(d, sql);
	snprintf(sql, sizeof sql, "DELETE FROM contact WHERE outcome = 'reached' AND "
	         "person_id = %lld", (long long)c);
	tu_exec(d, sql);
	summary_matches("contacts are deleted");
	snprintf(sql, sizeof sql, "DELETE FROM naloxone WHERE stay_id = %lld", (long long)s3);
	tu_exec(d, sql);
	summary_matches("naloxone is deleted");
	tu_exec(d, "DELETE FROM task WHERE kind = 'contact_48h' AND status = 'done'");
	summary_matches("tasks are deleted");
	tu_exec(d, "DELETE FROM referral WHERE type = 'moud_methadone'");
	summary_matches("a referral is deleted");
	tu_exec(d, "DELETE FROM education WHERE declined = 1");
	summary_matches("education is deleted");

	/* The report reads the summary: R3 now counts under Cal. */
	period_parse(&sup, "2024-04-01", "2024-06-30", &p);
	if (report_metrics(&sup, &p, 0, &r) != 0)
		tap_bail("report: %s", sup.err);
	is_int(group(&r, REPORT_CASEWORKER, "Cal Caseworker")->fig[REPORT_ALL].releases, 4,
	       "the report follows a reassignment");
	ok(group(&r, REPORT_CASEWORKER, "Cora Caseworker") == NULL, "  and Cora has no release left");
	report_free(&r);
}

/* The medians are chosen without sorting: against a sort, for lengths
 * odd and even, many equal values, and values already in order. */
static int
cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

static void
test_median(void)
{
	static float v[5001], sorted[5001];
	unsigned seed = 7;
	int bad = 0, cases = 0;

	ok(report_median(v, 0) == -1, "no values: no median");
	for (size_t n = 1; n <= 5001; n = n < 40 ? n + 1 : n * 3 + 1) {
		for (int shape = 0; shape < 4; shape++, cases++) {
			double want;
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				v[i] = shape == 0   ? (float)(seed >> 8) / 4096.0f
				       : shape == 1 ? (float)((seed >> 16) % 5)
				       : shape == 2 ? (float)i
				                    : (float)(n - i);
			}
			memcpy(sorted, v, n * sizeof *v);
			qsort(sorted, n, sizeof *sorted, cmp_float);
			want = n % 2 ? sorted[n / 2] : ((double)sorted[n / 2 - 1] + sorted[n / 2]) / 2;
			if (report_median(v, n) != want) {
				bad++;
				tap_diag("length %zu, shape %d: wanted %g", n, shape, want);
			}
		}
	}
	ok(bad == 0, "the median of %d arrays matches a sort's", cases);
}

/* ---------------------------------------------------------------- at scale */

#define DEMO_NOW 1790000000LL /* 2026-09-21 */

/* Each group's figures from SQL over the view instead of the report's
 * own counting: releases, educated, appointment, in hand, contacted,
 * 48-hour on time and missed, planned.  "group" is the SQL expression a
 * row is grouped by. */
/* A transfer to another agency is no release: the report leaves it out. */
#define NOT_TRANSFER \
	"stay_id NOT IN (SELECT id FROM stay WHERE release_type = 'transfer')"

static int
check_groups(const struct report *r, enum report_group_kind kind, const char *group,
             const struct period *p)
{
	char sql[1024];
	sqlite3_stmt *st;
	int bad = 0, rows = 0;

	snprintf(sql, sizeof sql,
	         "SELECT %s, count(*), sum(educated), sum(appointment), sum(naloxone = 4), "
	         "count(contact_at), sum(c48 IS 0), sum(c48 IS 4 AND c48_end < %lld), sum(planned) "
	         "FROM release_facts WHERE released_at >= %lld AND released_at < %lld AND " NOT_TRANSFER
	         " GROUP BY 1",
	         group, DEMO_NOW, (long long)p->start, (long long)p->end);
	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		tap_bail("%s", sqlite3_errmsg(db_sql(d)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const struct report_group *g = NULL;
		const struct report_figures *f;
		rows++;
		for (int i = 0; i < r->ngroups; i++)
			if (r->groups[i].kind == kind && r->groups[i].id == sqlite3_column_int64(st, 0))
				g = &r->groups[i];
		if (!g) {
			bad++;
			continue;
		}
		f = &g->fig[REPORT_ALL];
		if (f->releases != sqlite3_column_int64(st, 1) ||
		    f->educated != sqlite3_column_int64(st, 2) ||
		    f->appointment != sqlite3_column_int64(st, 3) ||
		    f->naloxone[REPORT_NAL_IN_HAND] != sqlite3_column_int64(st, 4) ||
		    f->contacted != sqlite3_column_int64(st, 5) ||
		    f->c48[REPORT_ON_TIME] != sqlite3_column_int64(st, 6) ||
		    f->c48[REPORT_MISSED] != sqlite3_column_int64(st, 7) ||
		    g->fig[REPORT_PLANNED].releases != sqlite3_column_int64(st, 8)) {
			tap_diag("%s %lld differs", group, (long long)g->id);
			bad++;
		}
	}
	sqlite3_finalize(st);
	return rows > 1 || kind == REPORT_PROGRAM ? bad : -1;
}

/* The median of the program's hours to a first contact, by sorting. */
static double
sorted_median(const struct period *p)
{
	char sql[256];
	sqlite3_stmt *st;
	float *v = NULL;
	size_t n = 0;
	double m;

	snprintf(sql, sizeof sql,
	         "SELECT (contact_at - released_at) / 3600.0 FROM release_facts WHERE "
	         "contact_at IS NOT NULL AND released_at >= %lld AND released_at < %lld AND "
	         NOT_TRANSFER,
	         (long long)p->start, (long long)p->end);
	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		tap_bail("%s", sqlite3_errmsg(db_sql(d)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!(v = realloc(v, (n + 1) * sizeof *v)))
			tap_bail("memory");
		v[n++] = (float)sqlite3_column_double(st, 0);
	}
	sqlite3_finalize(st);
	qsort(v, n, sizeof *v, cmp_float);
	m = n == 0 ? -1 : n % 2 ? v[n / 2] : ((double)v[n / 2 - 1] + v[n / 2]) / 2;
	free(v);
	return m;
}

/* A demo program of 600 people: hundreds of releases over dozens of
 * caseworkers, counted in batches, against SQL over the view. */
static void
test_against_sql(void)
{
	db *hand = d;
	struct session adm, s;
	struct demo_options o = {600, 5};
	struct period p;
	struct report r;
	char sql[300];
	int c7 = -1;
	struct db_options dbo = {.on_create = user_bootstrap, .on_create_ctx = (void *)TU_ADMIN};

	d = tu_create_opts(tu_path(tu_tmpdir(), "report-demo.db"), &dbo);
	as(&adm, TU_ADMIN, DEMO_NOW);
	if (demo_fill(&adm, &o, NULL, NULL) != 0)
		tap_bail("demo_fill: %s", adm.err);
	summary_matches("a demo program was made");
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('sup', 'Sup Supervisor', 'supervisor', 1, 1)");
	as(&s, "sup", DEMO_NOW);
	period_days(&s, DEMO_NOW, 91, &p);
	if (report_metrics(&s, &p, 0, &r) != 0)
		tap_bail("report: %s", s.err);
	ok(r.groups[0].fig[REPORT_ALL].releases > 4 * 32,
	   "a quarter of a demo program: %lld releases",
	   (long long)r.groups[0].fig[REPORT_ALL].releases);
	is_int(check_groups(&r, REPORT_PROGRAM, "0", &p), 0, "the program's figures match SQL");
	is_int(check_groups(&r, REPORT_FACILITY, "facility_id", &p), 0,
	       "each facility's figures match SQL");
	is_int(check_groups(&r, REPORT_CASEWORKER, "coalesce(caseworker_id, 0)", &p), 0,
	       "each caseworker's figures match SQL");
	ok(r.groups[0].fig[REPORT_ALL].median_hours == sorted_median(&p),
	   "the median hours to a first contact match a sort's (%.2f)",
	   r.groups[0].fig[REPORT_ALL].median_hours);
	for (int i = 0; i < r.ncheckpoints; i++)
		if (r.checkpoints[i] == 7)
			c7 = i;
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM task t JOIN stay s ON s.id = t.stay_id WHERE "
	         "t.kind = 'followup' AND t.checkpoint = 7 AND t.status = 'done' AND "
	         "t.closed_at <= t.window_end AND s.released_at >= %lld AND s.released_at < %lld "
	         "AND s.release_type <> 'transfer'",
	         (long long)p.start, (long long)p.end);
	ok(c7 >= 0 && r.groups[0].fig[REPORT_ALL].followup[c7][REPORT_ON_TIME] == count(sql),
	   "7-day follow-ups on time match SQL over the tasks");
	report_free(&r);
	db_close(d);
	d = hand;
}

int
main(void)
{
	fx_setup("report.db");
	world();
	test_program();
	test_facility();
	test_future_attended();
	test_empty();
	test_roles();
	test_summary();
	test_median();
	test_against_sql();
	db_close(d);
	return tap_done();
}
