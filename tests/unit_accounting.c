/* SPDX-License-Identifier: ISC */
/*
 * unit_accounting.c - a person's accounting of disclosures on a real
 * vault file: the three years it covers (a disclosure on the first day
 * is in, one a second before is out, in the site's zone), newest first,
 * each with its consent as it reads now and who made it, the access
 * check and the audit row.
 */
#include <stdlib.h>
#include <string.h>

#include "accounting.h"
#include "consent.h"
#include "fixture.h"

/* Instants worked out from the calendar, UTC. */
#define JAN01_2021 1609459200LL       /* 2021-01-01 00:00 */
#define MAY01_2021 1619827200LL       /* 2021-05-01 00:00: T0's date three years back */
#define MAY01_2021_CDT 1619845200LL   /* 2021-05-01 00:00 in Chicago (UTC-5) */
#define JAN01_2023 1672531200LL
#define JUN01_2023 1685577600LL
#define JAN01_2024 1704067200LL
#define FEB29_2024_NOON 1709208000LL

static int64_t joe, ann;

static int64_t
consent(struct session *s, const char *recipient, int64_t signed_at, const char *expires_on,
        const char *event)
{
	struct consent c = {0};

	c.person_id = joe;
	c.scope = "Appointment times and attendance";
	c.recipient = recipient;
	c.purpose = "Care after release";
	c.signed_at = signed_at;
	c.expires_on = expires_on;
	c.expiry_event = event;
	if (consent_record(s, &c) != 0)
		tap_bail("consent: %s", s->err);
	return c.id;
}

static int64_t
disclose(struct session *s, int64_t consent_id, const char *recipient, int64_t at,
         const char *purpose, const char *description)
{
	struct disclosure x = {0};

	x.person_id = joe;
	x.consent_id = consent_id;
	x.recipient = recipient;
	x.purpose = purpose;
	x.description = description;
	x.disclosed_at = at;
	if (disclosure_record(s, &x) != 0)
		tap_bail("disclosure at %lld: %s", (long long)at, s->err);
	return x.id;
}

static void
test_period(void)
{
	struct session s;
	struct period p;

	as(&s, "cal", T0);
	accounting_period(&s, T0, &p);
	is_str(p.from, "2021-05-01", "three years back from 2024-05-01");
	is_str(p.to, "2024-05-01", "  through today");
	is_int(p.start, MAY01_2021, "  from the first instant of that day");
	accounting_period(&s, FEB29_2024_NOON, &p);
	is_str(p.from, "2021-02-28", "asked on 29 February: from the 28th");
}

static void
test_accounting(void)
{
	struct session s;
	struct accounting_row *r;
	struct period p;
	int64_t clinic, housing, inside, outside, recent, revoked;
	long long views;
	int n;

	as(&s, "cal", T0);
	clinic = consent(&s, "Eastside Bridge Clinic", JAN01_2021, NULL, "End of treatment");
	housing = consent(&s, "County Housing Authority", JAN01_2023, "2025-12-31", NULL);
	outside = disclose(&s, clinic, "Eastside Bridge Clinic", MAY01_2021 - 1, "Intake",
	                   "Release date");
	inside = disclose(&s, clinic, "Eastside Bridge Clinic", MAY01_2021, "Intake",
	                  "Release date and the naloxone kit given.");
	revoked = disclose(&s, housing, "County Housing Authority", JUN01_2023, "Housing "
	                   "application", NULL);
	if (consent_revoke(&s, housing, 1, JAN01_2024, NULL) != 0)
		tap_bail("revoke: %s", s.err);
	as(&s, "sam", T0);
	recent = disclose(&s, clinic, "eastside bridge clinic", T0 - HOUR, "Dose check", NULL);
	(void)outside;

	as(&s, "cal", T0);
	views = audits("view", "disclosure");
	ok(disclosure_accounting(&s, joe, 0, &r, &n, &p) == 0, "the accounting: %s", s.err);
	is_int(n, 3, "  three disclosures in three years");
	if (n != 3)
		tap_bail("the rest depends on three rows");
	ok(r[0].id == recent && r[1].id == revoked && r[2].id == inside,
	   "  newest first; the one a second before the period is left out");
	is_str(p.from, "2021-05-01", "  the period it covers");
	is_str(r[2].recipient, "Eastside Bridge Clinic", "  to whom");
	is_int(r[2].disclosed_at, MAY01_2021, "  when");
	is_str(r[2].purpose, "Intake", "  what for");
	is_str(r[2].description, "Release date and the naloxone kit given.", "  what was shared");
	is_str(r[2].by, "Cal Caseworker", "  who made it");
	is_str(r[0].by, "Sam Supervisor", "  each by its own maker");
	is_str(r[0].recipient, "eastside bridge clinic", "  the recipient as recorded");
	ok(r[0].description == NULL, "  no description is none");
	is_int(r[2].consent_id, clinic, "  under which consent");
	is_str(r[2].scope, "Appointment times and attendance", "  its scope");
	is_int(r[2].signed_at, JAN01_2021, "  when it was signed");
	ok(r[2].expires_on == NULL, "  no expiry date");
	is_str(r[2].expiry_event, "End of treatment", "  but an event");
	ok(r[2].revoked_at == 0 && r[2].event_ended_at == 0, "  still in force");
	is_int(r[1].revoked_at, JAN01_2024, "a consent revoked since shows it");
	is_str(r[1].expires_on, "2025-12-31", "  and its expiry date");
	accounting_free(r, n);
	is_int(audits("view", "disclosure"), views + 1, "audited as a view");
	is_str(last_detail(), "accounting of disclosures", "  by name");
	is_int(count("SELECT person_id FROM audit ORDER BY seq DESC LIMIT 1"), joe,
	       "  of the person");

	ok(disclosure_accounting(&s, joe, T0 + 365 * DAY, &r, &n, NULL) == 0 && n == 2,
	   "asked a year later, the oldest has left the period");
	accounting_free(r, n);

	ok(disclosure_accounting(&s, ann, 0, &r, &n, &p) == 0 && n == 0 && r == NULL,
	   "a person with no disclosures: none");

	tu_exec(d, "UPDATE setting SET value = 'America/Chicago' WHERE key = 'site.time_zone'");
	ok(disclosure_accounting(&s, joe, 0, &r, &n, &p) == 0 && n == 2,
	   "in Chicago the period starts at local midnight: five hours later");
	is_int(p.start, MAY01_2021_CDT, "  2021-05-01 00:00 CDT");
	accounting_free(r, n);
	tu_exec(d, "UPDATE setting SET value = 'UTC' WHERE key = 'site.time_zone'");

	as(&s, "cora", T0);
	REFUSED(s, disclosure_accounting(&s, joe, 0, &r, &n, NULL), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
	ok(r == NULL && n == 0, "  and gets no rows");
	as(&s, "adam", T0);
	REFUSED(s, disclosure_accounting(&s, joe, 0, &r, &n, NULL), "needs break-the-glass",
	        "so does an admin");
	REFUSED(s, disclosure_accounting(&s, 4242, 0, &r, &n, NULL), "no such person",
	        "a person who is not there");
}

#define NOT_SEEN "no record you may see has participant code '%s': check the code, or ask " \
                 "the person's caseworker or a supervisor"

/* A refusal for code, with its one sentence and its one audit row
 * (person: the record number the row must name, 0 for none). */
static void
refused_alike(struct session *s, const char *code, int64_t person, const char *what)
{
	char want[DB_ERR_MAX], sql[200];
	long long before = audits("view_refused", "disclosure");
	int64_t id = -1;

	snprintf(want, sizeof want, NOT_SEEN, code);
	ok(accounting_find(s, code, &id, NULL, 0) != 0 && id == 0, "%s: refused", what);
	is_str(s->err, want, "  with the one sentence for no such code and not yours");
	ok(audits("view_refused", "disclosure") == before + 1, "  and one audit row");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE seq = (SELECT max(seq) FROM "
	         "audit) AND coalesce(person_id, 0) = %lld AND user_id = %lld",
	         (long long)person, (long long)s->user_id);
	ok(count(sql) == 1, "  naming %s and who tried", person ? "the person" : "no person");
	ok(strstr(last_detail(), code) == NULL, "  without the code typed");
}

static void
test_find(void)
{
	struct session s;
	char code[40];
	int64_t id;

	as(&s, "cal", T0);
	ok(accounting_find(&s, "ac-1", &id, code, sizeof code) == 0 && id == joe,
	   "a code finds its person, any case");
	is_str(code, "AC-1", "  and gives the code as stored");
	as(&s, "sam", T0);
	ok(accounting_find(&s, "AC-1", &id, NULL, 0) == 0 && id == joe, "a supervisor's too");
	as(&s, "cora", T0);
	refused_alike(&s, "AC-9", 0, "a code nobody has");
	refused_alike(&s, "AC-1", joe, "another caseworker's person");
	as(&s, "adam", T0);
	refused_alike(&s, "AC-1", joe, "an admin, for someone who is there");
	refused_alike(&s, "AC-9", 0, "and for a code nobody has");
	as(&s, "cora", T0);
	if (glass(&s, joe, "Called by the person's sister after an overdose") != 0)
		tap_bail("glass: %s", s.err);
	ok(accounting_find(&s, "AC-1", &id, NULL, 0) == 0 && id == joe,
	   "break-the-glass opens it");
	REFUSED(s, accounting_find(&s, "", &id, code, sizeof code), "give a participant code", "no code at all");
}

int
main(void)
{
	struct session s;

	fx_setup("accounting.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "AC-1");
	ann = mk_person(&s, "AC-2");
	test_period();
	test_accounting();
	test_find();
	db_close(d);
	return tap_done();
}
