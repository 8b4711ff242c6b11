/* SPDX-License-Identifier: ISC */
/*
 * unit_referral.c - the provider directory and referrals, on a real vault
 * file: who keeps the directory, the status lifecycle and the moves it
 * refuses, the appointment a schedule needs, declining, the consent that
 * covers a referral, versions, and who may do what.
 */
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "fixture.h"
#include "provider.h"
#include "referral.h"

static int64_t joe, ann, stay, eastside, harbor, closed_clinic;
static int64_t consent_ok, consent_revoked, consent_expired, consent_ann;

/* ---------------------------------------------------------------- providers */

static struct provider
clinic(const char *name)
{
	struct provider p = {0};

	p.name = name;
	p.services = "buprenorphine, walk-in, peer support";
	p.address = "12 Harbor Street\nSuite 4";
	p.phone = "555-0102";
	p.hours = "Mon-Fri 8:00-16:00";
	p.medicaid = YN_YES;
	p.walk_in = YN_YES;
	return p;
}

static void
test_providers(void)
{
	struct session s, t;
	struct provider p = clinic("Eastside Bridge Clinic"), got, *rows;
	char sql[200];
	int n;

	as(&s, "sam", T0);
	ok(provider_create(&s, &p) == 0, "a supervisor adds a provider: %s", s.err);
	ok(p.id > 0 && p.active == 1 && p.version == 1, "  active, at version 1");
	ok(p.updated_by == sam && p.updated_at == T0, "  saved last by the supervisor, now");
	eastside = p.id;
	is_int(count("SELECT count(*) FROM audit WHERE action = 'create' AND entity = 'provider' "
	             "AND person_id IS NULL"), 1, "  audited, about no person");
	as(&t, "adam", T0);
	p = clinic("Harbor Methadone Clinic");
	p.walk_in = YN_NO;
	ok(provider_create(&t, &p) == 0, "an admin adds a provider");
	harbor = p.id;
	p = clinic("Old Town Clinic");
	ok(provider_create(&t, &p) == 0, "and another, which will close");
	closed_clinic = p.id;

	as(&s, "cal", T0);
	p = clinic("Cal's Clinic");
	REFUSED(s, provider_create(&s, &p), "only an admin or a supervisor can change the provider "
	        "directory", "a caseworker cannot add a provider");
	as(&s, "hana", T0);
	REFUSED(s, provider_create(&s, &p), "only an admin or a supervisor", "nor health staff");
	as(&s, "sam", T0);
#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		p = clinic("New Clinic");                                                 \
		p.field = value;                                                          \
		REFUSED(s, provider_create(&s, &p), says, what);                          \
	} while (0)
	TRY(name, "eastside bridge CLINIC", "name: eastside bridge CLINIC is already in the "
	    "directory", "a second entry with the same name in another case");
	TRY(name, "", "name: this is required", "a provider with no name");
	TRY(phone, "555\x1b[0m", "phone: contains a control character", "an escape in a phone");
	TRY(address, "12 \xed\xa0\x80 St", "address: contains bytes that are not text",
	    "a UTF-16 surrogate in an address");
	TRY(hours, "Mon\nTue", "hours: contains a control character", "a line break in hours");
	TRY(medicaid, (enum yn)5, "Medicaid: answer yes, no or not asked", "Medicaid = 5");
#undef TRY

	as(&t, "adam", T0 + HOUR);
	ok(provider_get(&s, eastside, &p) == 0 && provider_get(&t, eastside, &got) == 0,
	   "anyone reads an entry");
	is_str(p.address, "12 Harbor Street\nSuite 4", "  the address, lines intact");
	is_int(p.walk_in, YN_YES, "  walk-in");
	got.hours = "Mon-Sat 8:00-18:00";
	ok(provider_update(&t, &got) == 0, "an admin changes the hours");
	is_str(last_detail(), "changed: hours", "  audited by field name");
	p.phone = "555-0199";
	REFUSED(s, provider_update(&s, &p), "this provider was changed by Adam Admin at "
	        "2024-05-01 10:00 since you opened it", "a change over someone else's");
	provider_free(&p);
	provider_free(&got);
	ok(provider_get(&s, eastside, &p) == 0 && p.updated_by == adam &&
	   p.updated_at == T0 + HOUR, "  the entry says who changed it last, and when");
	/* The demo generator writes entries with no audit row of their own:
	 * who changed one last is read from the entry. */
	snprintf(sql, sizeof sql, "UPDATE provider SET version = version + 1, updated_at = %lld, "
	         "updated_by = %lld WHERE id = %lld", T0 + 2 * HOUR, (long long)sam,
	         (long long)eastside);
	tu_exec(d, sql);
	REFUSED(s, provider_update(&s, &p), "this provider was changed by Sam Supervisor at "
	        "2024-05-01 11:00 since you opened it", "  named from the entry itself");
	provider_free(&p);
	ok(provider_get(&t, closed_clinic, &p) == 0, "read the clinic that closes");
	p.active = 2;
	REFUSED(t, provider_update(&t, &p), "active: say whether it takes new referrals",
	        "active = 2");
	p.active = 0;
	ok(provider_update(&t, &p) == 0, "it is made inactive, not deleted");
	provider_free(&p);

	ok(provider_list(&s, 0, &rows, &n) == 0 && n == 2, "the directory lists active entries");
	if (n == 2)
		ok(strcmp(rows[0].name, "Eastside Bridge Clinic") == 0 &&
		   strcmp(rows[1].name, "Harbor Methadone Clinic") == 0, "  by name");
	provider_list_free(rows, n);
	ok(provider_list(&s, 1, &rows, &n) == 0 && n == 3, "  and inactive ones when asked");
	provider_list_free(rows, n);
	ok(provider_get(&s, 424242, &p) != 0, "an entry that is not there");
	is_str(s.err, "no such provider", "  is named as such");
}

/* ---------------------------------------------------------------- create */

static struct referral
bup(void)
{
	struct referral r = {0};

	r.person_id = joe;
	r.stay_id = stay;
	r.type = "moud_buprenorphine";
	r.provider_id = eastside;
	r.warm_handoff = YN_YES;
	r.consent_id = consent_ok;
	return r;
}

static void
make_consents(void)
{
	struct session s;
	struct consent c = {.person_id = joe, .scope = "appointments", .purpose = "care",
	                    .recipient = "Eastside Bridge Clinic", .signed_at = T0 - DAY,
	                    .expires_on = "2024-12-31"};

	as(&s, "cal", T0);
	if (consent_record(&s, &c) != 0)
		tap_bail("%s", s.err);
	consent_ok = c.id;
	c.id = 0;
	if (consent_record(&s, &c) != 0 || consent_revoke(&s, c.id, 1, 0, NULL) != 0)
		tap_bail("%s", s.err);
	consent_revoked = c.id;
	c.signed_at = T0 - 20 * DAY;
	c.expires_on = "2024-04-30";
	if (consent_record(&s, &c) != 0)
		tap_bail("%s", s.err);
	consent_expired = c.id;
	c.person_id = ann;
	c.expires_on = "2024-12-31";
	if (consent_record(&s, &c) != 0)
		tap_bail("%s", s.err);
	consent_ann = c.id;
}

static int64_t
test_create(void)
{
	struct session s;
	struct referral r = bup();
	int64_t first;

	as(&s, "cal", T0 + HOUR);
	ok(referral_create(&s, &r) == 0, "a caseworker refers to buprenorphine care: %s", s.err);
	is_str(r.status, "referred", "  referred, with no appointment yet");
	ok(r.id > 0 && r.version == 1 && r.referred_at == T0 + HOUR && r.created_by == cal,
	   "  with an id, version 1, now, by the caseworker");
	is_str(last_detail(), "referred: stay, provider, warm handoff, consent",
	       "  audited with the status and field names");
	first = r.id;
	r = bup();
	r.appointment_at = T0 + 3 * DAY;
	ok(referral_create(&s, &r) == 0, "a referral with an appointment");
	is_str(r.status, "scheduled", "  is scheduled");
	r = (struct referral){.person_id = joe, .type = "housing", .status = "declined",
	                      .decline_reason = "Staying with my sister."};
	ok(referral_create(&s, &r) == 0, "a referral declined with a reason");
	r = (struct referral){.person_id = joe, .type = "peer_recovery", .status = "declined"};
	ok(referral_create(&s, &r) == 0, "a referral declined without one");
	is_int(count("SELECT count(*) FROM referral WHERE status = 'declined' AND outcome_at = "
	             "referred_at"), 2, "  both declined, the outcome recorded");
	return first;
}

static void
test_create_refused(void)
{
	struct session s;
	struct referral r;

	as(&s, "cal", T0 + HOUR);
#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		r = bup();                                                                \
		r.field = value;                                                          \
		REFUSED(s, referral_create(&s, &r), says, what);                          \
	} while (0)
	TRY(status, "scheduled", "appointment time: a scheduled referral needs one",
	    "a scheduled referral without a time");
	TRY(type, "moud_heroin", "type: 'moud_heroin' is not one of the choices",
	    "an unknown type of referral");
	TRY(type, NULL, "type: this is required", "a referral with no type");
	TRY(status, "waiting", "status: 'waiting' is not one of the choices", "an unknown status");
	TRY(status, "attended", "status: a new referral is referred, scheduled or declined",
	    "a new referral already attended");
	TRY(warm_handoff, (enum yn)4, "warm handoff: answer yes, no or not asked",
	    "a warm handoff of 4");
	TRY(decline_reason, "no", "reason for declining: only when the person declined",
	    "a reason on a referral not declined");
	TRY(provider_id, closed_clinic, "provider: no longer active in the directory",
	    "a provider that closed");
	TRY(provider_id, 424242, "provider: not in the directory", "a provider not listed");
	TRY(consent_id, consent_revoked, "consent: revoked on 2024-05-01: it no longer covers "
	    "sharing", "a revoked consent");
	TRY(consent_id, consent_expired, "consent: expired on 2024-04-30",
	    "a consent expired on the referral date");
	TRY(consent_id, consent_ann, "consent: not one of this person's consents",
	    "another person's consent");
	TRY(consent_id, 424242, "no such consent", "a consent that is not there");
	TRY(referred_at, T0 + DAY, "referred at: it is in the future", "a referral tomorrow");
	TRY(stay_id, 424242, "stay: not one of this person's stays", "a stay that is not there");
#undef TRY
	r = bup();
	r.status = "referred";
	r.appointment_at = T0 + DAY;
	REFUSED(s, referral_create(&s, &r), "a referral with an appointment is scheduled",
	        "a referred referral with an appointment");
	r = bup();
	r.appointment_at = T0 - DAY;
	REFUSED(s, referral_create(&s, &r), "appointment time: before the referral",
	        "an appointment before the referral");
	r = bup();
	r.appointment_at = -1;
	REFUSED(s, referral_create(&s, &r), "appointment time: not a possible time",
	        "an impossible appointment time");
	r = bup();
	r.referred_at = T0 - 5 * DAY;
	REFUSED(s, referral_create(&s, &r), "consent: not signed until 2024-04-30",
	        "a referral from before its consent was signed");

	r = bup();
	as(&s, "adam", T0);
	REFUSED(s, referral_create(&s, &r), "admins do not see case records",
	        "an admin cannot make a referral");
	as(&s, "cora", T0);
	REFUSED(s, referral_create(&s, &r), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
	as(&s, "hana", T0);
	ok(referral_create(&s, &r) == 0, "health staff refer someone in custody");
}

/* ---------------------------------------------------------------- status */

static void
test_lifecycle(int64_t id)
{
	struct session s, t;
	int64_t other;
	struct referral r = bup();

	as(&s, "cal", T0 + 2 * HOUR);
	REFUSED(s, referral_set_status(&s, id, 1, "scheduled", 0, NULL),
	        "appointment time: needed to schedule a referral", "scheduling without a time");
	REFUSED(s, referral_set_status(&s, id, 1, "no_show", 0, NULL),
	        "status: a no-show needs an appointment: schedule the referral first",
	        "a no-show with no appointment");
	REFUSED(s, referral_set_status(&s, id, 1, "referred", 0, NULL),
	        "status: a referral cannot go back to referred", "referred to referred");
	REFUSED(s, referral_set_status(&s, id, 1, "gone", 0, NULL),
	        "status: 'gone' is not one of the choices", "an unknown status");
	REFUSED(s, referral_set_status(&s, id, 1, "attended", T0 + DAY, NULL),
	        "appointment time: only when scheduling", "a time with another status");
	REFUSED(s, referral_set_status(&s, id, 1, "cancelled", 0, "moved away"),
	        "reason for declining: only when the person declined", "a reason for cancelling");
	REFUSED(s, referral_set_status(&s, id, 1, "scheduled", T0 - DAY, NULL),
	        "appointment time: before the referral", "an appointment before the referral");
	ok(referral_set_status(&s, id, 1, "scheduled", T0 + 2 * DAY, NULL) == 0,
	   "referred to scheduled with a time: %s", s.err);
	is_str(last_detail(), "referred to scheduled: appointment time", "  audited as a move");
	REFUSED(s, referral_set_status(&s, id, 2, "no_show", 0, NULL),
	        "status: the appointment is at 2024-05-03 09:00: a no-show is recorded after it",
	        "a no-show before the appointment");
	ok(referral_set_status(&s, id, 2, "scheduled", T0 + 3 * DAY, NULL) == 0, "rescheduled");

	as(&t, "sam", T0 + 5 * HOUR);
	REFUSED(t, referral_set_status(&t, id, 3, "attended", 0, NULL),
	        "status: the appointment is at 2024-05-04 09:00: attendance is recorded after it",
	        "attended for an appointment still ahead");
	t.fixed_now = T0 + 3 * DAY;
	ok(referral_set_status(&t, id, 3, "attended", 0, NULL) == 0,
	   "a supervisor marks it attended at the appointment's time");
	REFUSED(s, referral_set_status(&s, id, 3, "lost", 0, NULL),
	        "this referral was changed by Sam Supervisor at 2024-05-04 09:00 since you opened it",
	        "a move from a stale version names who and when");
	REFUSED(s, referral_set_status(&s, id, 4, "referred", 0, NULL),
	        "status: this referral is already attended; it cannot become referred",
	        "attended to referred");
	REFUSED(s, referral_set_status(&s, id, 4, "scheduled", T0 + 9 * DAY, NULL),
	        "already attended; it cannot become scheduled (a new need is a new referral)",
	        "attended to scheduled");
	REFUSED(s, referral_set_status(&s, id, 4, "no_show", 0, NULL), "already attended",
	        "attended to no-show");

	as(&s, "cal", T0 + 4 * DAY);
	if (referral_create(&s, &r) != 0)
		tap_bail("%s", s.err);
	other = r.id;
	ok(referral_set_status(&s, other, 1, "scheduled", T0 + 4 * DAY + HOUR, NULL) == 0,
	   "another referral is scheduled");
	s.fixed_now = T0 + 5 * DAY;
	ok(referral_set_status(&s, other, 2, "no_show", 0, NULL) == 0, "  then missed");
	ok(referral_set_status(&s, other, 3, "scheduled", T0 + 6 * DAY, NULL) == 0,
	   "  and booked again");
	ok(referral_set_status(&s, other, 4, "declined", 0, NULL) == 0,
	   "  then declined, without a reason");
	is_str(last_detail(), "scheduled to declined", "  audited as a move");
	REFUSED(s, referral_set_status(&s, other, 5, "declined", 0, "changed my mind"),
	        "already declined", "declined twice");
	r = bup();
	if (referral_create(&s, &r) != 0)
		tap_bail("%s", s.err);
	ok(referral_set_status(&s, r.id, 1, "declined", 0, "Not ready yet.") == 0,
	   "referred to declined, with a reason");
	is_int(count("SELECT count(*) FROM referral WHERE decline_reason = 'Not ready yet.'"), 1,
	       "  kept in their words");
	r = bup();
	if (referral_create(&s, &r) != 0)
		tap_bail("%s", s.err);
	ok(referral_set_status(&s, r.id, 1, "attended", 0, NULL) == 0, "a walk-in: referred to "
	   "attended");
	as(&s, "cora", T0 + 5 * DAY);
	REFUSED(s, referral_set_status(&s, other, 5, "lost", 0, NULL), "needs break-the-glass",
	        "another caseworker cannot move it");
}

/* ---------------------------------------------------------------- details */

static void
test_update(void)
{
	struct session s;
	struct referral r = bup(), w;

	as(&s, "cal", T0 + 6 * DAY);
	r.consent_id = 0;
	r.warm_handoff = YN_NOT_ASKED;
	if (referral_create(&s, &r) != 0)
		tap_bail("%s", s.err);
	w = r;
	w.warm_handoff = YN_NO;
	w.provider_id = harbor;
	w.type = "moud_methadone";
	w.consent_id = consent_ok;
	ok(referral_update(&s, &w) == 0, "the details of a referral change: %s", s.err);
	is_str(last_detail(), "changed: type, provider, warm handoff, consent",
	       "  audited by field name");
	is_int(count("SELECT version FROM referral ORDER BY id DESC LIMIT 1"), 2,
	       "  the version goes up");
	REFUSED(s, referral_update(&s, &w), "this referral was changed by Cal Caseworker",
	        "the same version cannot be saved twice");
	w.version = 2;
	w.status = "attended";
	REFUSED(s, referral_update(&s, &w), "change with set status", "a status changed by update");
	w.status = r.status;
	w.appointment_at = T0 + 9 * DAY;
	REFUSED(s, referral_update(&s, &w), "change with set status", "an appointment by update");
	w.appointment_at = 0;
	w.consent_id = consent_revoked;
	REFUSED(s, referral_update(&s, &w), "consent: revoked", "a revoked consent by update");
	w.consent_id = consent_ok;
	w.provider_id = closed_clinic;
	REFUSED(s, referral_update(&s, &w), "provider: no longer active", "a closed provider");
	w.provider_id = harbor;
	w.type = "snacks";
	REFUSED(s, referral_update(&s, &w), "type: 'snacks' is not one of the choices",
	        "an unknown type by update");
}

static void
test_list(void)
{
	struct session s;
	struct referral *rows;
	int n;

	as(&s, "cal", T0 + 7 * DAY);
	ok(referral_list(&s, joe, &rows, &n) == 0, "list a person's referrals");
	is_int(n, 9, "  all of them");
	if (n < 9)
		tap_bail("too few");
	is_int(rows[0].created_by, hana, "  oldest first: health staff's");
	is_str(rows[1].status, "attended", "  then the first one, with its status");
	is_int(rows[1].appointment_at, T0 + 3 * DAY, "  its appointment");
	is_int(rows[1].warm_handoff, YN_YES, "  warm handoff");
	is_int(rows[1].consent_id, consent_ok, "  the consent");
	is_int(rows[1].updated_by, sam, "  and who changed it last");
	is_str(rows[3].decline_reason, "Staying with my sister.", "  a reason for declining");
	ok(!strcmp(rows[4].status, "declined") && rows[4].decline_reason == NULL,
	   "  declined without a reason has none");
	referral_list_free(rows, n);
	is_int(audits("view", "referral"), 1, "  audited");
	as(&s, "adam", T0);
	ok(referral_list(&s, joe, &rows, &n) != 0 && rows == NULL, "an admin lists none");
}

int
main(void)
{
	struct session s;
	int64_t id;

	fx_setup("referral.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "RF-1");
	ann = mk_person(&s, "RF-2");
	stay = mk_stay(&s, joe, T0 - 3 * DAY, 0);
	test_providers();
	make_consents();
	id = test_create();
	test_create_refused();
	test_lifecycle(id);
	test_update();
	test_list();
	db_close(d);
	return tap_done();
}
