/* SPDX-License-Identifier: ISC */
/*
 * unit_correction.c - records corrected as work really happens: a
 * referral's outcome corrected with the old one kept, and a consent's
 * written revocation and what it refuses; a contact typed in after it
 * happened keeps both times.
 */
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "contact.h"
#include "fixture.h"
#include "referral.h"

static int64_t joe;

static int64_t
referral(int64_t appointment_at, const char *status)
{
	struct session s;
	struct referral r = {.person_id = joe, .type = "moud_buprenorphine",
	                     .appointment_at = appointment_at, .status = status};

	as(&s, "cal", T0);
	if (referral_create(&s, &r) != 0)
		tap_bail("referral: %s", s.err);
	return r.id;
}

/* Runs sql, which the kept history must refuse. */
static int
refused_sql(const char *sql)
{
	return sqlite3_exec(db_sql(d), sql, NULL, NULL, NULL) != SQLITE_OK;
}

static void
test_correct(void)
{
	struct session s;
	struct referral *rows;
	int64_t id = referral(T0 + 2 * DAY, NULL), ahead, none, open;
	int n;

	as(&s, "cal", T0 + 3 * DAY);
	ok(referral_set_status(&s, id, 1, "attended", 0, NULL) == 0, "attended, after the "
	   "appointment: %s", s.err);
	as(&s, "sam", T0 + 4 * DAY);
	REFUSED(s, referral_set_status(&s, id, 2, "no_show", 0, NULL), "already attended",
	        "an outcome cannot be overwritten as a new move");
	ok(referral_correct(&s, id, 2, "no_show", NULL) == 0,
	   "a supervisor corrects attended to no-show: %s", s.err);
	is_int(count("SELECT count(*) FROM referral_outcome_change WHERE referral_id = 1 AND "
	             "old_status = 'attended' AND new_status = 'no_show'"),
	       1, "  the old outcome is kept");
	is_int(count("SELECT old_outcome_at FROM referral_outcome_change"), T0 + 3 * DAY,
	       "  with when it was recorded");
	is_int(count("SELECT old_by FROM referral_outcome_change"), cal, "  and by whom");
	is_int(count("SELECT changed_by FROM referral_outcome_change"), sam,
	       "  and who corrected it");
	is_int(count("SELECT changed_at FROM referral_outcome_change"), T0 + 4 * DAY,
	       "  and when");
	is_int(count("SELECT version * 10 + (status = 'no_show') FROM referral WHERE id = 1"), 31,
	       "  the referral is a no-show now, at version 3");
	is_int(count("SELECT outcome_at FROM referral WHERE id = 1"), T0 + 4 * DAY,
	       "  recorded now");
	is_str(last_detail(), "outcome corrected: attended to missed appointment", "  audited, in words");

	REFUSED(s, referral_correct(&s, id, 2, "attended", NULL), "was changed by",
	        "a correction at a stale version");
	REFUSED(s, referral_correct(&s, id, 3, "no_show", NULL), "already missed appointment",
	        "a correction to what it already is");
	REFUSED(s, referral_correct(&s, id, 3, "attended", "Busy."),
	        "reason for declining: only when", "a reason with no declining");
	REFUSED(s, referral_correct(&s, id, 3, "scheduled", NULL), "status:",
	        "a correction to something that is not an outcome");
	ok(referral_correct(&s, id, 3, "attended", NULL) == 0, "corrected back: %s", s.err);
	is_int(count("SELECT count(*) FROM referral_outcome_change"), 2, "  both kept");
	ok(refused_sql("UPDATE referral_outcome_change SET old_status = 'lost'"),
	   "a kept outcome cannot be changed");
	ok(refused_sql("DELETE FROM referral_outcome_change"), "  nor removed");
	is_int(count("SELECT count(*) FROM referral_outcome_change"), 2, "  still both");

	ahead = referral(T0 + 10 * DAY, NULL);
	ok(referral_set_status(&s, ahead, 1, "declined", 0, NULL) == 0, "a declined referral");
	REFUSED(s, referral_correct(&s, ahead, 2, "attended", NULL), "the appointment is at",
	        "corrected to attended before its appointment");
	REFUSED(s, referral_correct(&s, ahead, 2, "no_show", NULL), "recorded after it",
	        "  nor to a no-show");
	ok(referral_correct(&s, ahead, 2, "cancelled", NULL) == 0,
	   "  to cancelled, it can be: %s", s.err);
	none = referral(0, "declined");
	REFUSED(s, referral_correct(&s, none, 1, "no_show", NULL), "never had one",
	        "a no-show for a referral with no appointment");
	open = referral(T0 + 2 * DAY, NULL);
	REFUSED(s, referral_correct(&s, open, 1, "attended", NULL), "no outcome to correct yet",
	        "a referral with no outcome yet is not corrected");

	ok(referral_list(&s, joe, &rows, &n) == 0 && n == 4, "the referrals are listed");
	if (n == 4) {
		ok(!strcmp(rows[0].corrected_from, "no_show") && rows[0].corrected_by == sam &&
		   rows[0].corrected_at == T0 + 4 * DAY, "  each with its latest correction");
		ok(!strcmp(rows[1].corrected_from, "declined"), "  and what it replaced");
		ok(rows[3].corrected_from == NULL && rows[3].corrected_at == 0,
		   "  none for one never corrected");
	}
	referral_list_free(rows, n);
	as(&s, "cora", T0 + 4 * DAY);
	REFUSED(s, referral_correct(&s, open, 1, "cancelled", NULL), "not on your caseload",
	        "another caseworker cannot correct it");
}

static void
test_revoke(void)
{
	struct session s;
	struct consent c = {.person_id = joe, .scope = "appointments", .purpose = "care",
	                    .recipient = "Eastside Clinic", .signed_at = T0 - DAY,
	                    .expires_on = "2030-12-31"};

	as(&s, "cal", T0);
	if (consent_record(&s, &c) != 0)
		tap_bail("%s", s.err);
	as(&s, "cal", T0 + 5 * DAY);
	REFUSED(s, consent_revoke(&s, c.id, 1, T0 + 6 * DAY, NULL), "revoked",
	        "a revocation received tomorrow");
	REFUSED(s, consent_revoke(&s, c.id, 1, T0 - 2 * DAY, NULL), "before the consent was signed",
	        "a revocation before the signature");
	ok(consent_revoke(&s, c.id, 1, T0 + 2 * DAY, "Letter received at the front desk.") == 0,
	   "a written revocation received two days ago: %s", s.err);
	is_int(count("SELECT revoked_at FROM consent WHERE id = 1"), T0 + 2 * DAY,
	       "  keeps the day it was received");
	is_int(count("SELECT updated_by FROM consent WHERE id = 1"), cal, "  and who recorded it");
	is_int(count("SELECT updated_at FROM consent WHERE id = 1"), T0 + 5 * DAY,
	       "  and when it was recorded");
	is_int(consent_in_force(&s, c.id, T0 + 5 * DAY), 0, "  the consent is no longer in force");
	REFUSED(s, consent_revoke(&s, c.id, 2, 0, NULL),
	        "this consent was revoked on 2024-05-03: a revocation stands",
	        "revoking a revoked consent: one clear sentence");
	REFUSED(s, consent_revoke(&s, c.id, 1, 0, NULL), "was revoked on",
	        "  the same sentence at the old version");
}

static void
test_late_entry(void)
{
	struct session s;
	struct contact_row *rows;
	int n;

	as(&s, "cal", T0 + 10 * DAY);
	ok(contact_record(&s, joe, T0 + 3 * DAY, "in_person", "reached", "On paper.", NULL) == 0,
	   "a contact made a week ago, typed in now: %s", s.err);
	as(&s, "cal", T0 + 10 * DAY + HOUR);
	ok(contact_record(&s, joe, T0 + 10 * DAY + HOUR, "phone", "message", NULL, NULL) == 0,
	   "a contact typed in as it happens");
	ok(contact_list(&s, joe, &rows, &n) == 0 && n == 2, "both are listed");
	if (n == 2) {
		is_int(rows[1].at, T0 + 3 * DAY, "  the late one keeps when it happened");
		is_int(rows[1].recorded_at, T0 + 10 * DAY, "  and when it was typed in");
		is_int(rows[0].recorded_at, rows[0].at, "  the other was typed in when it happened");
	}
	free(rows);
	is_int(count("SELECT recorded_at FROM contact WHERE at = " "1714813200"), T0 + 10 * DAY,
	       "  stored so");
}

int
main(void)
{
	struct session s;

	fx_setup("correction.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "CR-1");
	test_correct();
	test_revoke();
	test_late_entry();
	db_close(d);
	return tap_done();
}
