/* SPDX-License-Identifier: ISC */
/*
 * unit_screening.c - the intake screening, on a real vault file.
 *
 * People are made through person_create and stays through stay.c; the
 * screening goes through screening.c as the program would.  Every refusal
 * must say why in words and leave the records and the audit log exactly
 * as they were (REFUSED in fixture.h).
 */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "fixture.h"
#include "screening.h"

static int64_t joe, ann, stay;

/* One integer column of screening id, as stored. */
static long long
column(const char *name, int64_t id)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT %s FROM screening WHERE id = %lld", name, (long long)id);
	return count(sql);
}

static struct screening
base(void)
{
	struct screening r = {0};

	r.person_id = joe;
	r.oud_screen = "done";
	return r;
}

/* ---------------------------------------------------------------- record */

static int64_t
test_record(void)
{
	struct session s;
	struct screening r = base();

	as(&s, "cal", T0);
	r.stay_id = stay;
	r.oud_result = "positive";
	r.moud_at_entry = "buprenorphine";
	r.moud_dose = "16 mg daily";
	r.moud_prescriber = "Dr. Ana Ruiz, Eastside Bridge Clinic";
	r.prior_overdose = YN_YES;
	r.injects = YN_NO;
	ok(screening_record(&s, &r) == 0, "a caseworker records a screening: %s", s.err);
	ok(r.id > 0, "  it has an id");
	is_int(r.version, 1, "  at version 1");
	is_int(r.at, T0, "  done now when no time is given");
	is_int(r.by_user, cal, "  by the caseworker");
	ok(r.updated_by == cal && r.updated_at == T0, "  saved last by the caseworker, now");
	ok(column("updated_by", r.id) == cal && column("updated_at", r.id) == T0,
	   "  and the row says so");
	is_int(count("SELECT count(*) FROM screening WHERE prior_overdose = 1 AND injects = 0 AND "
	             "benzos_alcohol IS NULL AND stimulants IS NULL AND recent_abstinence IS NULL "
	             "AND unstable_housing IS NULL"), 1,
	       "  yes and no are stored as 1 and 0, not asked as NULL");
	is_int(audits("create", "screening"), 1, "  the creation is audited");
	has_str(last_detail(), "given: stay, OUD screen, OUD screen result, MOUD at entry, MOUD dose",
	        "  naming the fields given");
	ok(!strstr(last_detail(), "positive") && !strstr(last_detail(), "Ruiz"),
	   "  and never what they say");
	is_int(count("SELECT last_activity_at FROM person WHERE participant_code = 'SC-1'"), T0,
	       "  it counts as activity on the case");

	r = base();
	r.oud_screen = "declined";
	r.decline_reason = "Would rather talk about it with my own doctor.";
	r.at = T0 - HOUR;
	ok(screening_record(&s, &r) == 0, "a declined screen with a reason is recorded");
	is_int(column("updated_at", r.id), T0, "  done an hour ago, saved now");
	r = base();
	r.oud_screen = "declined";
	ok(screening_record(&s, &r) == 0, "a declined screen without a reason is recorded");
	is_int(count("SELECT count(*) FROM screening WHERE oud_screen = 'declined'"), 2,
	       "  both stored as declined, a complete answer");
	r = base();
	r.oud_screen = "not_done";
	r.unstable_housing = YN_YES;
	r.moud_at_entry = "none";
	ok(screening_record(&s, &r) == 0, "a screen not done can still carry risk factors");
	return r.id;
}

/* ---------------------------------------------------------------- input */

static void
test_bad_input(void)
{
	struct session s;
	struct screening r;
	char long201[202];

	memset(long201, 'x', 201);
	long201[201] = 0;
	as(&s, "cal", T0);
#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		r = base();                                                               \
		r.moud_at_entry = "methadone";                                            \
		r.field = value;                                                          \
		REFUSED(s, screening_record(&s, &r), says, what);                         \
	} while (0)
	TRY(oud_screen, "maybe", "OUD screen: 'maybe' is not one of the choices",
	    "an unknown screen outcome");
	TRY(oud_screen, NULL, "OUD screen: this is required", "a screening with no outcome");
	TRY(oud_result, "unclear", "OUD screen result: 'unclear' is not one of the choices",
	    "an unknown result");
	TRY(moud_at_entry, "suboxone", "MOUD at entry: 'suboxone' is not one of the choices",
	    "an unknown medication");
	TRY(moud_prescriber, long201, "MOUD prescriber: too long (at most 200",
	    "a prescriber of 201 characters");
	TRY(moud_prescriber, "Dr. Ru\xc3", "MOUD prescriber: contains bytes that are not text",
	    "a prescriber that is not valid UTF-8");
	TRY(moud_dose, "80\x1b[2Jmg", "MOUD dose: contains a control character",
	    "an escape sequence in a dose");
	TRY(moud_dose, "80\nmg", "MOUD dose: contains a control character", "a line break in a dose");
	TRY(decline_reason, "no", "reason for declining: only when the screen was declined",
	    "a reason for declining a screen that was done");
	TRY(prior_overdose, (enum yn)7, "prior overdose: answer yes, no or not asked",
	    "a risk factor that is not yes, no or not asked");
	TRY(at, T0 + DAY, "screening time: it is in the future", "a screening in the future");
	TRY(at, -5, "screening time: not a possible time", "an impossible time");
	TRY(stay_id, 424242, "stay: not one of this person's stays", "a stay that does not exist");
#undef TRY
	r = base();
	r.oud_screen = "not_done";
	r.oud_result = "negative";
	REFUSED(s, screening_record(&s, &r), "OUD screen result: only for a screen that was done",
	        "a result for a screen not done");
	r = base();
	r.moud_at_entry = "none";
	r.moud_dose = "30 mg";
	REFUSED(s, screening_record(&s, &r), "MOUD dose: only with a medication at entry",
	        "a dose with no medication");
	r = base();
	r.moud_prescriber = "Dr. Ruiz";
	REFUSED(s, screening_record(&s, &r), "MOUD prescriber: only with a medication at entry",
	        "a prescriber with MOUD not asked");
	r = base();
	r.person_id = 424242;
	REFUSED(s, screening_record(&s, &r), "no such person", "a person who does not exist");
}

/* ---------------------------------------------------------------- roles */

static void
test_roles(void)
{
	struct session s;
	struct screening r = base();
	int64_t stay_ann;

	as(&s, "adam", T0);
	REFUSED(s, screening_record(&s, &r), "admins do not see case records",
	        "an admin cannot record a screening");
	ok(glass(&s, joe, "checking a report") == 0 && screening_record(&s, &r) != 0,
	   "  not even through break-the-glass");

	as(&s, "cora", T0);
	REFUSED(s, screening_record(&s, &r), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
	ok(glass(&s, joe, "Covering for Cal today") == 0, "break-the-glass with a reason");
	ok(screening_record(&s, &r) == 0, "  then the screening is recorded");

	as(&s, "cal", T0);
	ann = mk_person(&s, "SC-2");
	as(&s, "hana", T0);
	r.person_id = ann;
	REFUSED(s, screening_record(&s, &r), "needs break-the-glass",
	        "health staff cannot screen someone not in custody");
	as(&s, "cal", T0);
	stay_ann = mk_stay(&s, ann, T0 - 2 * DAY, 0);
	as(&s, "hana", T0);
	r.stay_id = stay_ann;
	ok(screening_record(&s, &r) == 0, "health staff screen someone in custody");
	r.stay_id = stay;
	REFUSED(s, screening_record(&s, &r), "stay: not one of this person's stays",
	        "another person's stay");
}

/* ---------------------------------------------------------------- list */

static void
test_list(void)
{
	struct session s;
	struct screening *rows;
	int n;

	as(&s, "cal", T0 + HOUR);
	ok(screening_list(&s, joe, &rows, &n) == 0, "a caseworker lists a person's screenings");
	is_int(n, 5, "  all five of them");
	if (n < 5)
		tap_bail("too few screenings");
	is_int(rows[0].at, T0 - HOUR, "  oldest first");
	is_str(rows[0].oud_screen, "declined", "  the declined one");
	is_str(rows[0].decline_reason, "Would rather talk about it with my own doctor.",
	       "  with the reason in the person's words");
	ok(rows[2].decline_reason == NULL, "  the one declined without a reason has none");
	is_str(rows[1].moud_prescriber, "Dr. Ana Ruiz, Eastside Bridge Clinic", "  prescriber");
	is_int(rows[1].prior_overdose, YN_YES, "  a yes reads back as yes");
	is_int(rows[1].injects, YN_NO, "  a no as no");
	is_int(rows[1].stimulants, YN_NOT_ASKED, "  not asked as not asked");
	is_int(rows[1].stay_id, stay, "  and its stay");
	ok(rows[0].updated_at == T0 && rows[0].updated_by == cal,
	   "  with when it was saved last, and by whom");
	is_int(audits("view", "screening"), 1, "  the list is audited as a view");
	screening_list_free(rows, n);

	as(&s, "cora", T0 + 4 * HOUR);
	ok(screening_list(&s, joe, &rows, &n) != 0, "another caseworker cannot list them");
	has_str(s.err, "needs break-the-glass", "  without break-the-glass");
	ok(rows == NULL && n == 0, "  and gets nothing");
}

/* ---------------------------------------------------------------- update */

/* Rows the demo generator writes carry no audit row of their own, so who
 * changed a record last is read from the record itself. */
static void
test_conflict_from_row(int64_t id, const struct screening *mine)
{
	struct session cs;
	char sql[200];

	as(&cs, "cal", T0 + 6 * HOUR);
	snprintf(sql, sizeof sql, "UPDATE screening SET version = version + 1, updated_by = %lld, "
	         "updated_at = %lld WHERE id = %lld", (long long)hana, T0 + 5 * HOUR,
	         (long long)id);
	tu_exec(d, sql);
	REFUSED(cs, screening_update(&cs, mine), "this screening was changed by Hana Health at "
	        "2024-05-01 14:00 since you opened it", "a change with no audit row of its own is "
	        "still named, from the row");
}

static void
test_update(int64_t id)
{
	struct session cs, ss;
	struct screening mine, theirs;

	as(&cs, "cal", T0 + 2 * HOUR);
	as(&ss, "sam", T0 + 3 * HOUR);
	mine = (struct screening){.id = id, .person_id = joe, .oud_screen = "not_done",
	                          .moud_at_entry = "none", .unstable_housing = YN_YES, .version = 1};
	theirs = mine;
	theirs.oud_screen = "done";
	theirs.oud_result = "negative";
	ok(screening_update(&ss, &theirs) == 0, "a supervisor completes the screen: %s", ss.err);
	is_int(count("SELECT version FROM screening WHERE oud_result = 'negative'"), 2,
	       "  the version goes up");
	ok(column("updated_by", id) == sam && column("updated_at", id) == T0 + 3 * HOUR,
	   "  saved last by the supervisor, at the time of the change");
	is_str(last_detail(), "changed: OUD screen, OUD screen result",
	       "  audited with the names of the fields changed");

	mine.stimulants = YN_YES;
	REFUSED(cs, screening_update(&cs, &mine),
	        "this screening was changed by Sam Supervisor at 2024-05-01 12:00 since you opened it",
	        "a change over someone else's names who and when");
	mine = theirs;
	mine.version = 2;
	mine.stimulants = YN_YES;
	ok(screening_update(&cs, &mine) == 0, "reopened at version 2, the change saves");
	is_int(count("SELECT count(*) FROM screening WHERE stimulants = 1 AND oud_result = "
	             "'negative' AND version = 3"), 1, "  keeping the supervisor's result");
	REFUSED(cs, screening_update(&cs, &mine), "changed by Cal Caseworker",
	        "the same version cannot be saved twice");
	mine.version = 3;
	mine.oud_screen = "declined";
	REFUSED(cs, screening_update(&cs, &mine), "OUD screen result: only for a screen that was done",
	        "an update that breaks the rules");
	mine.oud_screen = "done";
	mine.person_id = ann;
	REFUSED(cs, screening_update(&cs, &mine), "stays with the person it is about",
	        "an update cannot move a screening to another person");
	mine.person_id = joe;
	mine.id = 424242;
	REFUSED(cs, screening_update(&cs, &mine), "no such screening", "a screening that is not there");
	mine.id = id;
	test_conflict_from_row(id, &mine);
	as(&cs, "cora", T0 + 5 * HOUR);
	REFUSED(cs, screening_update(&cs, &mine), "needs break-the-glass",
	        "another caseworker cannot change it");
	as(&cs, "adam", T0 + 5 * HOUR);
	REFUSED(cs, screening_update(&cs, &mine), "admins do not see case records",
	        "an admin cannot change it");
}

int
main(void)
{
	struct session s;
	int64_t id;

	fx_setup("screening.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "SC-1");
	stay = mk_stay(&s, joe, T0 - 3 * DAY, 0);
	id = test_record();
	test_bad_input();
	test_roles();
	test_list();
	test_update(id);
	db_close(d);
	return tap_done();
}
