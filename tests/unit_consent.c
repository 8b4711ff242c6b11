/* SPDX-License-Identifier: ISC */
/*
 * unit_consent.c - 42 CFR Part 2 consents and the accounting of
 * disclosures, on a real vault file: what a consent needs, when it is in
 * force (signed, expiry date, revocation), that revocation stands, and
 * that a disclosure needs a consent in force naming the same recipient.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "fixture.h"

#define MAY31_2300 1717196400LL /* 2024-05-31 23:00 UTC */
#define JUN01_0000 1717200000LL /* 2024-06-01 00:00 UTC */

static int64_t joe, ann;

static struct consent
clinic(void)
{
	struct consent c = {0};

	c.person_id = joe;
	c.scope = "Appointment times and attendance;\nMOUD dose at release";
	c.recipient = "Eastside Bridge Clinic";
	c.purpose = "Coordinate buprenorphine care after release";
	c.signed_at = T0 - DAY;
	c.expires_on = "2024-05-31";
	return c;
}

static struct disclosure
sharing(int64_t consent_id)
{
	struct disclosure x = {0};

	x.person_id = joe;
	x.consent_id = consent_id;
	x.recipient = "Eastside Bridge Clinic";
	x.purpose = "Intake appointment";
	return x;
}

static int64_t
test_record(int64_t *event_only)
{
	struct session s;
	struct consent c = clinic();

	as(&s, "cal", T0);
	ok(consent_record(&s, &c) == 0, "a caseworker records a consent: %s", s.err);
	ok(c.id > 0 && c.version == 1 && c.recorded_by == cal && c.signed_at == T0 - DAY,
	   "  with an id, version 1, who recorded it and when it was signed");
	ok(c.updated_by == cal && c.updated_at == T0, "  saved last by the caseworker, now");
	is_int(count("SELECT updated_at FROM consent WHERE id = 1"), T0,
	       "  signed yesterday, saved now");
	is_str(last_detail(), "given: scope, recipient, purpose, expiry date", "  audited by name");
	c = clinic();
	c.expires_on = NULL;
	c.expiry_event = "End of treatment at Eastside";
	c.signed_at = 0;
	ok(consent_record(&s, &c) == 0, "a consent that ends with an event, signed now");
	is_int(c.signed_at, T0, "  signed now");
	*event_only = c.id;
	return count("SELECT min(id) FROM consent");
}

static void
test_bad_input(void)
{
	struct session s;
	struct consent c;
	char long401[402];

	memset(long401, 'p', 401);
	long401[401] = 0;
	as(&s, "cal", T0);
#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		c = clinic();                                                             \
		c.field = value;                                                          \
		REFUSED(s, consent_record(&s, &c), says, what);                           \
	} while (0)
	TRY(scope, NULL, "scope: this is required", "a consent with no scope");
	TRY(recipient, "", "recipient: this is required", "a consent with no recipient");
	TRY(recipient, "Eastside\nBridge", "recipient: contains a control character",
	    "a line break in a recipient");
	TRY(purpose, long401, "purpose: too long (at most 400", "a purpose of 401 characters");
	TRY(purpose, "care \xc0\xaf", "purpose: contains bytes that are not text",
	    "an overlong UTF-8 form in a purpose");
	TRY(expires_on, "2024-13-01", "expiry date: '2024-13-01' is not a date",
	    "an impossible expiry date");
	TRY(expires_on, NULL, "expiry: give an expiry date, an expiry event, or both",
	    "a consent with no expiry at all");
	TRY(expires_on, "2024-04-29", "expiry date: 2024-04-29 is before the day it was signed",
	    "an expiry before signing");
	TRY(signed_at, T0 + DAY, "signed: it is in the future", "a consent signed tomorrow");
	TRY(revoked_at, T0, "revoked: a consent is revoked with revoke", "a consent born revoked");
	TRY(event_ended_at, T0, "ended: a consent is ended by its event once it is recorded",
	    "a consent born ended");
#undef TRY
	c = clinic();
	c.person_id = 424242;
	REFUSED(s, consent_record(&s, &c), "no such person", "a person who does not exist");
	c.person_id = joe;
	as(&s, "adam", T0);
	REFUSED(s, consent_record(&s, &c), "admins do not see case records",
	        "an admin cannot record a consent");
	as(&s, "cora", T0);
	REFUSED(s, consent_record(&s, &c), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
}

static void
test_in_force(int64_t id, int64_t event_only)
{
	struct session s;

	as(&s, "cal", T0);
	is_int(consent_in_force(&s, id, T0), 1, "in force the day after signing");
	is_int(consent_in_force(&s, id, T0 - 2 * DAY), 0, "not in force before it was signed");
	has_str(s.err, "consent: not signed until 2024-04-30", "  and says since when it is");
	is_int(consent_in_force(&s, id, MAY31_2300), 1, "in force all through its last day");
	is_int(consent_in_force(&s, id, JUN01_0000), 0, "not the day after");
	is_str(s.err, "consent: expired on 2024-05-31 (its last day)", "  and says so");
	is_int(consent_in_force(&s, event_only, JUN01_0000 + 365 * DAY), 1,
	       "a consent ending with an event stays in force until revoked");
	is_int(consent_in_force(&s, 424242, T0), -1, "a consent that is not there");
	is_str(s.err, "no such consent", "  is named as such");
}

static void
test_disclose(int64_t id)
{
	struct session s;
	struct disclosure x = sharing(id);
	struct consent other = clinic();

	as(&s, "cal", T0 + HOUR);
	x.description = "Release date and the naloxone kit given.";
	ok(disclosure_record(&s, &x) == 0, "a disclosure under a consent in force: %s", s.err);
	ok(x.id > 0 && x.disclosed_at == T0 + HOUR && x.by_user == cal, "  now, by the caseworker");
	is_str(last_detail(), "given: recipient, purpose, description", "  audited by name");
	x = sharing(id);
	x.recipient = "  eastside bridge CLINIC ";
	ok(disclosure_record(&s, &x) == 0, "the recipient matches whatever its case and spaces");

	x = sharing(id);
	x.recipient = "County Probation";
	REFUSED(s, disclosure_record(&s, &x), "recipient: this consent covers sharing with "
	        "Eastside Bridge Clinic only", "a disclosure to someone else");
	x = sharing(0);
	REFUSED(s, disclosure_record(&s, &x), "consent: a disclosure needs the consent",
	        "a disclosure with no consent");
	x = sharing(424242);
	REFUSED(s, disclosure_record(&s, &x), "no such consent", "a consent that is not there");
	x = sharing(id);
	x.disclosed_at = T0 - 2 * DAY;
	REFUSED(s, disclosure_record(&s, &x), "consent: not signed until", "a disclosure before "
	        "the consent was signed");
	x = sharing(id);
	x.purpose = NULL;
	REFUSED(s, disclosure_record(&s, &x), "purpose: this is required", "a disclosure with no "
	        "purpose");
	x = sharing(id);
	x.description = "ok\x1b[31m";
	REFUSED(s, disclosure_record(&s, &x), "description: contains a control character",
	        "an escape sequence in a description");

	as(&s, "sam", T0);
	other.person_id = ann;
	if (consent_record(&s, &other) != 0)
		tap_bail("%s", s.err);
	x = sharing(other.id);
	REFUSED(s, disclosure_record(&s, &x), "consent: not one of this person's consents",
	        "another person's consent");

	as(&s, "cal", JUN01_0000 + DAY);
	x = sharing(id);
	REFUSED(s, disclosure_record(&s, &x), "consent: expired on 2024-05-31",
	        "a disclosure after the consent expired");
	x.disclosed_at = MAY31_2300;
	ok(disclosure_record(&s, &x) == 0, "  recorded late, at a time it was in force, it is kept");
}

static void
test_revoke(int64_t id)
{
	struct session cs, ss;
	struct disclosure x = sharing(id);

	as(&cs, "cal", T0 + 2 * HOUR);
	as(&ss, "sam", T0 + 3 * HOUR);
	REFUSED(cs, consent_revoke(&cs, id, 1, T0 - 3 * DAY, NULL), "revoked: before the consent "
	        "was signed (2024-04-30)", "a revocation before signing");
	REFUSED(cs, consent_revoke(&cs, id, 1, T0 + DAY, NULL), "revoked: it is in the future",
	        "a revocation in the future");
	REFUSED(cs, consent_revoke(&cs, id, 1, 0, "by letter\x07"), "revocation note: contains a "
	        "control character", "a bell in the note");
	REFUSED(cs, consent_revoke(&cs, id, 4, 0, NULL), "this consent was changed by Cal "
	        "Caseworker at 2024-05-01 09:00 since you opened it", "a revocation at a version "
	        "never read");
	as(&cs, "adam", T0 + 2 * HOUR);
	REFUSED(cs, consent_revoke(&cs, id, 1, 0, NULL), "admins do not see case records",
	        "an admin cannot record a revocation");
	as(&cs, "cal", T0 + 2 * HOUR);

	ok(consent_revoke(&ss, id, 1, 0, "Letter received at the front desk.") == 0,
	   "the person's written revocation is recorded: %s", ss.err);
	is_int(count("SELECT revoked_at FROM consent WHERE id = 1"), T0 + 3 * HOUR,
	       "  received now");
	is_int(count("SELECT version FROM consent WHERE id = 1"), 2, "  the version goes up");
	ok(count("SELECT updated_by FROM consent WHERE id = 1") == sam &&
	   count("SELECT recorded_by FROM consent WHERE id = 1") == cal,
	   "  saved last by the supervisor; recorded by the caseworker still");
	is_int(count("SELECT updated_at FROM consent WHERE id = 1"), T0 + 3 * HOUR,
	       "  at the time of the revocation");
	is_int(audits("revoke", "consent"), 1, "  audited");
	is_str(last_detail(), "revoked, with a note", "  without the note's words");
	REFUSED(cs, consent_revoke(&cs, id, 1, 0, NULL), "this consent was revoked on 2024-05-01: "
	        "a revocation stands", "a second revocation from a stale screen");
	REFUSED(cs, consent_revoke(&cs, id, 2, 0, NULL), "cannot be undone",
	        "a revocation at the new version");
	is_int(consent_in_force(&cs, id, T0 + 4 * HOUR), 0, "a revoked consent is not in force");
	has_str(cs.err, "consent: revoked on 2024-05-01", "  and says since when");
	is_int(consent_in_force(&cs, id, T0 + HOUR), 1, "  it was before the revocation");

	as(&cs, "cal", T0 + 4 * HOUR);
	REFUSED(cs, disclosure_record(&cs, &x), "consent: revoked on 2024-05-01",
	        "a disclosure after revocation");
	x.disclosed_at = T0 + 2 * HOUR;
	ok(disclosure_record(&cs, &x) == 0, "a disclosure made before it, recorded late, is kept");
}

/* Rows the demo generator writes carry no audit row of their own, so who
 * changed a consent last is read from the consent itself. */
static void
test_conflict_from_row(int64_t event_only)
{
	struct session s;
	char sql[200];

	snprintf(sql, sizeof sql, "UPDATE consent SET version = version + 1, updated_by = %lld, "
	         "updated_at = %lld WHERE id = %lld", (long long)sam, T0 + 5 * HOUR,
	         (long long)event_only);
	tu_exec(d, sql);
	as(&s, "cal", T0 + 6 * HOUR);
	REFUSED(s, consent_revoke(&s, event_only, 1, 0, NULL), "this consent was changed by Sam "
	        "Supervisor at 2024-05-01 14:00 since you opened it", "a change with no audit row "
	        "of its own is still named, from the row");
}

/* ---------------------------------------------------------------- end by event */

static struct consent
program(void)
{
	struct consent c = {0};

	c.person_id = ann;
	c.scope = "Attendance";
	c.recipient = "Harbor Methadone Clinic";
	c.purpose = "Coordinate methadone after release";
	c.signed_at = T0 - DAY;
	c.expiry_event = "When I finish the program at Harbor";
	return c;
}

/* Ending by the event, and what it takes: an event to end on, a time
 * that is past and not before signing, and the version read. */
static void
test_end_refused(int64_t date_only, int64_t event_only, int64_t harbor)
{
	struct session s;

	as(&s, "cal", T0 + 6 * HOUR);
	REFUSED(s, consent_end_by_event(&s, harbor, 1, T0 + 7 * HOUR, NULL), "ended: it is in the "
	        "future", "an event that has not happened yet");
	REFUSED(s, consent_end_by_event(&s, harbor, 1, T0 - 2 * DAY, NULL), "ended: before the "
	        "consent was signed (2024-04-30)", "an event before the consent was signed");
	REFUSED(s, consent_end_by_event(&s, harbor, 1, 0, "by phone[2J"), "event note: "
	        "contains a control character", "an escape sequence in the note");
	REFUSED(s, consent_end_by_event(&s, date_only, 2, 0, NULL), "this consent names no event "
	        "that ends it, only its expiry date (2024-05-31)", "a consent with a date only");
	REFUSED(s, consent_end_by_event(&s, event_only, 1, 0, NULL), "this consent was changed by "
	        "Sam Supervisor at 2024-05-01 14:00 since you opened it", "a stale version");
	REFUSED(s, consent_end_by_event(&s, 424242, 1, 0, NULL), "no such consent",
	        "a consent that is not there");
	as(&s, "adam", T0 + 6 * HOUR);
	REFUSED(s, consent_end_by_event(&s, harbor, 1, 0, NULL), "admins do not see case records",
	        "an admin cannot end a consent");
	as(&s, "cora", T0 + 6 * HOUR);
	REFUSED(s, consent_end_by_event(&s, harbor, 1, 0, NULL), "needs break-the-glass",
	        "another caseworker cannot without break-the-glass");
}

static void
test_end_by_event(int64_t date_only, int64_t event_only)
{
	struct session cs, ss;
	struct consent c = program();
	struct disclosure x = sharing(0);

	as(&cs, "cal", T0);
	if (consent_record(&cs, &c) != 0)
		tap_bail("%s", cs.err);
	test_end_refused(date_only, event_only, c.id);

	as(&ss, "sam", T0 + 7 * HOUR);
	ok(consent_end_by_event(&ss, c.id, 1, T0 + 3 * HOUR, "Harbor wrote: program completed.") ==
	   0, "the event is recorded as happened, three hours ago: %s", ss.err);
	is_int(count("SELECT event_ended_at FROM consent WHERE event_note IS NOT NULL"),
	       T0 + 3 * HOUR, "  at the time given, with the note");
	is_int(count("SELECT version FROM consent WHERE event_ended_at IS NOT NULL"), 2,
	       "  the version goes up");
	ok(count("SELECT updated_by FROM consent WHERE event_ended_at IS NOT NULL") == sam &&
	   count("SELECT updated_at FROM consent WHERE event_ended_at IS NOT NULL") ==
	   T0 + 7 * HOUR, "  saved last by the supervisor, now");
	is_int(audits("update", "consent"), 1, "  audited as a change");
	is_str(last_detail(), "ended by its event: event ended at, event note",
	       "  naming the fields, not the note's words");

	as(&cs, "cal", T0 + 8 * HOUR);
	is_int(consent_in_force(&cs, c.id, T0 + 2 * HOUR), 1, "in force before the event");
	is_int(consent_in_force(&cs, c.id, T0 + 3 * HOUR), 0, "not from the time it happened");
	is_str(cs.err, "consent: ended on 2024-05-01 (the event it names happened)",
	       "  and says so");
	is_int(consent_in_force(&cs, c.id, T0 + 30 * DAY), 0, "nor ever after");
	ok(consent_covers(&cs, c.id, ann, T0 + 4 * HOUR) != 0, "it covers nothing after the event");
	has_str(cs.err, "consent: ended on 2024-05-01", "  and says why");
	ok(consent_covers(&cs, c.id, ann, T0 + 2 * HOUR) == 0, "  but still covers what came before");

	x.person_id = ann;
	x.consent_id = c.id;
	x.recipient = "Harbor Methadone Clinic";
	REFUSED(cs, disclosure_record(&cs, &x), "consent: ended on 2024-05-01 (the event it names "
	        "happened)", "a disclosure after the event");
	x.disclosed_at = T0 + 2 * HOUR;
	ok(disclosure_record(&cs, &x) == 0, "a disclosure made before it, recorded late, is kept");

	REFUSED(cs, consent_end_by_event(&cs, c.id, 2, 0, NULL), "this consent already ended on "
	        "2024-05-01, when the event it names happened: that stands",
	        "ending it a second time");
	REFUSED(cs, consent_end_by_event(&cs, c.id, 1, 0, NULL), "already ended on 2024-05-01",
	        "  nor from a screen opened before the first");

	c = program();
	if (consent_record(&cs, &c) != 0 || consent_revoke(&cs, c.id, 1, 0, NULL) != 0)
		tap_bail("%s", cs.err);
	REFUSED(cs, consent_end_by_event(&cs, c.id, 2, 0, NULL), "this consent was revoked on "
	        "2024-05-01: it has already ended", "a consent already revoked");

	/* Two people at once: the one who saves second is told who was first. */
	ok(consent_end_by_event(&ss, event_only, 2, T0 + 6 * HOUR, "Treatment at Eastside "
	   "ended.") == 0, "a supervisor records the event of another consent: %s", ss.err);
	REFUSED(cs, consent_revoke(&cs, event_only, 2, 0, NULL), "this consent was changed by Sam "
	        "Supervisor at 2024-05-01 16:00 since you opened it",
	        "a revocation from a screen opened before it names who changed it");
}

static void
test_lists(int64_t id)
{
	struct session s;
	struct consent *cs;
	struct disclosure *xs;
	int n;

	/* A disclosure four years old is out of the accounting period. */
	tu_exec(d, "INSERT INTO disclosure (person_id, consent_id, recipient, purpose, disclosed_at, "
	           "by_user) SELECT 1, 1, 'Eastside Bridge Clinic', 'old', 1588000000, id FROM user "
	           "WHERE name = 'cal'");
	as(&s, "cal", JUN01_0000 + 2 * DAY);
	ok(consent_list(&s, joe, &cs, &n) == 0, "list a person's consents");
	is_int(n, 2, "  both");
	if (n < 2)
		tap_bail("too few");
	is_int(cs[0].id, id, "  oldest signed first");
	is_str(cs[0].scope, "Appointment times and attendance;\nMOUD dose at release",
	       "  the scope, lines intact");
	is_int(cs[0].revoked_at, T0 + 3 * HOUR, "  when it was revoked");
	is_str(cs[0].revoked_note, "Letter received at the front desk.", "  and the note");
	ok(cs[0].updated_at == T0 + 3 * HOUR && cs[0].updated_by == sam,
	   "  when it was saved last, and by whom");
	ok(cs[1].expires_on == NULL, "  a consent with no expiry date has none");
	is_str(cs[1].expiry_event, "End of treatment at Eastside", "  but its event");
	is_int(cs[1].event_ended_at, T0 + 6 * HOUR, "  when the event happened");
	is_str(cs[1].event_note, "Treatment at Eastside ended.", "  and the note");
	ok(cs[0].event_ended_at == 0 && cs[0].event_note == NULL, "  none for the other");
	consent_list_free(cs, n);

	ok(disclosure_list(&s, joe, 0, &xs, &n) == 0, "the accounting of disclosures");
	is_int(n, 4, "  the last three years only");
	if (n < 4)
		tap_bail("too few");
	is_int(xs[0].disclosed_at, T0 + HOUR, "  oldest first");
	is_str(xs[0].description, "Release date and the naloxone kit given.", "  what was shared");
	is_str(xs[1].recipient, "  eastside bridge CLINIC ", "  to whom, as recorded");
	disclosure_list_free(xs, n);
	ok(disclosure_list(&s, joe, 1500000000, &xs, &n) == 0 && n == 5,
	   "since a given time, older ones too");
	disclosure_list_free(xs, n);
	ok(disclosure_list(&s, joe, MAY31_2300, &xs, &n) == 0 && n == 1,
	   "since a later time, fewer");
	disclosure_list_free(xs, n);
	is_int(audits("view", "disclosure"), 3, "every accounting is audited");
	as(&s, "cora", T0);
	ok(consent_list(&s, joe, &cs, &n) != 0 && cs == NULL && n == 0,
	   "another caseworker cannot list the consents");
	ok(disclosure_list(&s, joe, 0, &xs, &n) != 0 && xs == NULL, "  nor the disclosures");
	has_str(s.err, "needs break-the-glass", "  without break-the-glass");
	ok(glass(&s, joe, "Joe asked for his accounting") == 0 &&
	   disclosure_list(&s, joe, 0, &xs, &n) == 0, "  with it, yes");
	disclosure_list_free(xs, n);
}

int
main(void)
{
	struct session s;
	int64_t id, event_only;

	fx_setup("consent.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "CN-1");
	ann = mk_person(&s, "CN-2");
	id = test_record(&event_only);
	test_bad_input();
	test_in_force(id, event_only);
	test_disclose(id);
	test_revoke(id);
	test_conflict_from_row(event_only);
	test_end_by_event(id, event_only);
	test_lists(id);
	db_close(d);
	return tap_done();
}
