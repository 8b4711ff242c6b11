/* SPDX-License-Identifier: ISC */
/*
 * demo.c - synthetic, realistic case records for the demo, the tests and
 * the benchmarks.
 *
 * Everything comes from one seeded generator and the session's clock, so a
 * seed and a fixed "now" give the same database every time.
 *
 * The directory and the staff (facilities, providers, caseworkers) are
 * made by the model's own functions, with the checks and rows the admin's
 * commands use, inside the demo's transaction (demo_dir.c).  Naloxone kits
 * are given through naloxone_record and received through stock_receive,
 * so the stock counts by lot what was handed out (demo_stock.c).  The
 * people's other records are written with prepared statements in large
 * transactions rather than through the model calls, which check access,
 * audit each record and commit one by one: measured on a 2-core machine,
 * one person_create takes about 17 ms, while this path makes a whole person
 * (about ten rows) in under 1 ms, so a million people take minutes here
 * and would take most of a day (over 4 hours for the person rows alone)
 * through the model.  The audit log gets one row saying the demo ran,
 * besides the rows of the kits and the stock (a kit is a handover
 * someone records: its audit row is part of it).
 * The follow-up clocks come from core/task.c's own task_clock_times, and
 * each reached contact closes the task core/task.c's task_answered says
 * it answers, so the queues tell the same story the rules would.
 */
#include "demo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "contact.h"
#include "demo_dir.h"
#include "demo_stock.h"
#include "education.h"
#include "naloxone.h"
#include "person.h"
#include "referral.h"
#include "screening.h"
#include "setting.h"
#include "site.h"
#include "sql_keep.h"
#include "sqldb.h"
#include "stay.h"
#include "task.h"
#include "zone.h"

#define DAY 86400
#define BATCH 5000

/* ---------------------------------------------------------------- random */

static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int
pick(uint64_t *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

static int
chance(uint64_t *s, int percent)
{
	return pick(s, 100) < percent;
}

#define PICK(s, a) ((a)[pick((s), (int)(sizeof(a) / sizeof((a)[0])))])

static int
count(const char *const *list)
{
	int n = 0;

	while (list[n])
		n++;
	return n;
}

/* One code of a model's list, each as likely as the others. */
static const char *
pick_code(uint64_t *s, const char *const *list)
{
	return list[pick(s, count(list))];
}

/* Names from many places, as a county's people are. */
static const char *const given[] = {
    "Maria", "José", "Aaliyah", "DeShawn", "Siobhan", "Tomasz", "Mei", "Kwame", "Fatima",
    "Dmitri", "Nguyễn Thị", "Priya", "Jamal", "Guadalupe", "Ayesha", "Liam", "Chen", "Oluwaseun",
    "Esperanza", "Tyrone", "Keanu", "Zoë", "Mateo", "Hana", "Darnell", "Ifeoma", "Rosa", "Wei",
    "Sione", "Björn", "Amara", "Tariq", "Lucía", "Jasmine", "Kaito", "Shanice", "Andrés",
    "Noor", "Malik", "Yesenia", "Aroha", "Francisco", "Latoya", "Dawit", "Ximena", "Jordan",
};
static const char *const family[] = {
    "Rivera", "García", "Johnson", "Nguyen", "O'Brien", "Kowalski", "Chen", "Mensah", "Haddad",
    "Petrov", "Tran", "Patel", "Washington", "Hernández", "Khan", "Murphy", "Wang", "Adeyemi",
    "Morales", "Jackson", "Kahananui", "Müller", "Flores", "Sato", "Brooks", "Okafor", "Díaz",
    "Li", "Fifita", "Lindqvist", "Diallo", "Rahman", "Castillo", "Robinson", "Tanaka", "Gómez",
    "Begay", "Yazzie", "Running Water", "Abebe", "Ramírez", "Smith", "Ivanova", "Nakamura",
};
static const char *const pronouns[] = {"she/her", "he/him", "they/them", NULL, NULL, NULL};
/* Codes the demo picks with weights of its own: each must be one the
 * model accepts (see known_codes). */
static const char *const contact_ways[] = {"phone", "text", "in_person", "through_someone"};
static const char *const moud[] = {"none", "none", "methadone", "buprenorphine", "naltrexone"};
static const char *const channels[] = {"phone", "text", "in_person", "video", "phone", "text"};
static const char *const formulations[] = {"nasal_4mg", "nasal_4mg", "nasal_4mg", "nasal_8mg",
                                           "nasal_3mg", "im_0_4mg_ml", "nalmefene"};
/* How a kit given goes with the person: the property bag is for a kit
 * placed in property (naloxone.h), never one given. */
static const char *const handovers[] = {"in_hand", "in_hand", "in_hand", "in_hand",
                                        "mailed", "vending", "community_pickup"};
/* Every code the demo writes by name or with weights of its own, and the
 * model's list it must be in.  Checked before anything is written, so a
 * code the model stops accepting stops the demo instead of filling a file
 * with records Passage itself could not make. */
static const struct {
	const char *const *const *model;
	const char *codes[8];
} named[] = {
    {&contact_outcomes, {"reached", "declined", "no_answer"}},
    {&screening_screens, {"done", "declined"}},
    {&screening_results, {"positive", "negative"}},
    {&naloxone_outcomes, {"given", "placed_in_property", "declined", "offered"}},
    {&naloxone_handovers, {"property_bag"}},
    {&naloxone_kits, {"first"}},
    {&naloxone_event_kinds, {"used"}},
    {&naloxone_used_on, {"self", "other"}},
    {&referral_statuses,
     {"scheduled", "attended", "no_show", "declined", "referred", "cancelled", "lost"}},
    {&stay_release_types, {"scheduled"}},
};

#define WEIGHTED(a, m) {(a), (int)(sizeof(a) / sizeof((a)[0])), &(m)}
static const struct {
	const char *const *codes;
	int n;
	const char *const *const *model;
} weighted[] = {
    WEIGHTED(contact_ways, person_contact_ways), WEIGHTED(moud, screening_medications),
    WEIGHTED(channels, contact_channels),       WEIGHTED(formulations, naloxone_formulations),
    WEIGHTED(handovers, naloxone_handovers),
};

/* As the model checks each value it is given. */
static int
known_codes(struct session *s)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		for (int k = 0; named[i].codes[k]; k++)
			if (check_enum(s, "the demo's codes", named[i].codes[k], *named[i].model,
			               1) != 0)
				return -1;
	for (size_t i = 0; i < sizeof weighted / sizeof weighted[0]; i++)
		for (int k = 0; k < weighted[i].n; k++)
			if (check_enum(s, "the demo's codes", weighted[i].codes[k],
			               *weighted[i].model, 1) != 0)
				return -1;
	return 0;
}

/* ---------------------------------------------------------------- writing */

enum {
	Q_PERSON, Q_SEARCH, Q_STAY, Q_EDU, Q_SCREEN, Q_TASK, Q_CONTACT, Q_REFERRAL,
	Q_NOTE, Q_NOTEV, Q_CONSENT, Q_DISCLOSE, Q_EVENT, Q_TOUCH, Q_CLOSE, Q_CLOSE_TASKS, NQ
};

static const char *const sql[NQ] = {
    [Q_PERSON] = "INSERT INTO person (participant_code, legal_name, preferred_name, pronouns, "
                 "birth_date, phone, contact_way, caseworker_id, goals, status, closure_reason,"
                 " last_activity_at, created_at, updated_at, updated_by) VALUES "
                 "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13,?14)",
    [Q_SEARCH] = "INSERT INTO person_search (rowid, names, codes) VALUES (?1, ?2, ?3)",
    [Q_STAY] = "INSERT INTO stay (person_id, facility_id, booking_number, booked_at, "
               "expected_release_at, expected_source, released_at, release_type, planned, "
               "created_at, updated_at, updated_by) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?4,?4,?10)",
    [Q_EDU] = "INSERT INTO education (person_id, stay_id, at, by_user, setting, topics, "
              "teach_back, declined, updated_at, updated_by) "
              "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?3,?4)",
    [Q_SCREEN] = "INSERT INTO screening (person_id, stay_id, at, by_user, oud_screen, oud_result,"
                 " moud_at_entry, prior_overdose, injects, updated_at, updated_by) "
                 "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?3,?4)",
    /* caseworker_id is the person's, as schema/0005's trigger would make
     * it; given here, the trigger has nothing to change. */
    [Q_TASK] = "INSERT INTO task (person_id, stay_id, kind, checkpoint, due_at, window_start, "
               "window_end, status, closed_at, closed_by, contact_id, caseworker_id) "
               "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    [Q_CONTACT] = "INSERT INTO contact (person_id, at, by_user, channel, outcome) "
                  "VALUES (?1,?2,?3,?4,?5)",
    [Q_REFERRAL] = "INSERT INTO referral (person_id, stay_id, type, provider_id, referred_at, "
                   "appointment_at, warm_handoff, status, created_by, updated_at, updated_by) "
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?5,?9)",
    [Q_NOTE] = "INSERT INTO note (person_id, created_at, created_by) VALUES (?1,?2,?3)",
    [Q_NOTEV] = "INSERT INTO note_version (note_id, version, body, at, by_user) "
                "VALUES (?1,1,?2,?3,?4)",
    [Q_CONSENT] = "INSERT INTO consent (person_id, scope, recipient, purpose, signed_at, "
                  "expires_on, recorded_by, updated_at, updated_by) "
                  "VALUES (?1,?2,?3,?4,?5,?6,?7,?5,?7)",
    [Q_DISCLOSE] = "INSERT INTO disclosure (person_id, consent_id, recipient, purpose, "
                   "disclosed_at, by_user) VALUES (?1,?2,?3,?4,?5,?6)",
    [Q_EVENT] = "INSERT INTO naloxone_event (person_id, at, by_user, kind, used_on, doses, "
                "survived, called_911) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    [Q_TOUCH] = "UPDATE person SET last_activity_at = ?2 WHERE id = ?1",
    [Q_CLOSE] = "UPDATE person SET status = 'closed', closure_reason = ?2, updated_at = ?3 "
                "WHERE id = ?1",
    [Q_CLOSE_TASKS] = "UPDATE task SET status = ?2, closed_at = ?3, closed_by = ?4 "
                      "WHERE person_id = ?1 AND status = 'open'",
};

struct gen {
	struct session *s;
	sqlite3_stmt *q[NQ];
	uint64_t rng;
	int64_t now;
	struct demo_dir dir;
	struct task_clock_cfg clk;
	struct demo_stock stock;
};

/* Binds each argument in turn: 'i' int64, 't' text (NULL binds NULL),
 * 'n' an int64 where 0 means NULL, 'm' an int64 where -1 means NULL. */
static int
run(struct gen *g, int q, const char *types, ...)
{
	sqlite3_stmt *st = g->q[q];
	va_list ap;
	int rc;

	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 't') {
			const char *t = va_arg(ap, const char *);
			if (t)
				sqlite3_bind_text(st, i + 1, t, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i + 1);
		} else {
			int64_t v = va_arg(ap, int64_t);
			if ((types[i] == 'n' && v == 0) || (types[i] == 'm' && v == -1))
				sqlite3_bind_null(st, i + 1);
			else
				sqlite3_bind_int64(st, i + 1, v);
		}
	}
	va_end(ap);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(g->s->db, rc);
}

#define ID(g) sqlite3_last_insert_rowid(db_sql((g)->s->db))
#define I(x) ((int64_t)(x))

/* The follow-up clocks of a release, as core/task.c's own function times
 * them, each reached contact closing the task task_answered says it
 * answers (an overdue one late), so the queues tell the story the rules
 * would. */
static int
clocks(struct gen *g, int64_t person, int64_t caseworker, int64_t stay, int64_t released,
       int64_t by, int declines, int64_t *last_activity)
{
	struct task_clock t[TASK_CLOCKS_MAX], open[TASK_CLOCKS_MAX];
	const char *status[TASK_CLOCKS_MAX];
	int64_t closed[TASK_CLOCKS_MAX] = {0}, contact[TASK_CLOCKS_MAX] = {0};
	int n = task_clock_times(&g->clk, released, t), declined = 0;

	for (int i = 0; i < n; i++)
		status[i] = "open";
	for (int i = 0; i < n; i++) {
		if (declined) {
			status[i] = "declined";
			closed[i] = declined;
		} else if (t[i].start < g->now && chance(&g->rng, i == 0 ? 70 : 60)) {
			int64_t last = t[i].end < g->now ? t[i].end : g->now;
			int64_t when = t[i].start +
			               (int64_t)(next(&g->rng) % (uint64_t)(last - t[i].start + 1));
			int no = declines && i == 1, k = i, m = 0, map[TASK_CLOCKS_MAX];
			if (run(g, Q_CONTACT, "iiitt", person, when, by, PICK(&g->rng, channels),
			        no ? "declined" : "reached") != 0)
				return -1;
			for (int j = 0; !no && j < n; j++)
				if (strcmp(status[j], "open") == 0)
					open[m] = t[j], map[m++] = j;
			if (!no && (k = task_answered(open, m, when)) >= 0)
				k = map[k];
			if (k >= 0) {
				status[k] = no ? "declined" : "done";
				closed[k] = when;
				contact[k] = ID(g);
			}
			declined = no ? when : 0;
			if (when > *last_activity)
				*last_activity = when;
		} else if (t[i].start < g->now && chance(&g->rng, 30)) {
			int64_t when = t[i].start + pick(&g->rng, 3 * DAY);
			if (when < g->now && run(g, Q_CONTACT, "iiitt", person, when, by,
			                         PICK(&g->rng, channels), "no_answer") != 0)
				return -1;
		}
	}
	for (int i = 0; i < n; i++)
		if (run(g, Q_TASK, "iitniiitnnnn", person, stay, t[i].kind, I(t[i].checkpoint),
		        t[i].due, t[i].start, t[i].end, status[i], closed[i],
		        closed[i] ? by : 0, contact[i], caseworker) != 0)
			return -1;
	return 0;
}

struct who {
	int64_t id, by, caseworker, last_activity;
	char codes[96]; /* participant code and booking numbers, for search */
};

static int
in_custody_records(struct gen *g, struct who *w, int64_t stay, int64_t booked)
{
	int64_t at = booked + pick(&g->rng, 3 * DAY);

	if (at > g->now)
		at = g->now;
	if (chance(&g->rng, 75)) {
		int declined = chance(&g->rng, 8);
		if (run(g, Q_SCREEN, "iiiitttmm", w->id, stay, at, w->by,
		        declined ? "declined" : "done",
		        declined ? NULL : chance(&g->rng, 55) ? "positive" : "negative",
		        declined ? NULL : PICK(&g->rng, moud),
		        declined ? I(-1) : I(chance(&g->rng, 30)), declined ? I(-1) : I(chance(&g->rng, 40))) != 0)
			return -1;
	}
	if (chance(&g->rng, 65)) {
		int declined = chance(&g->rng, 10);
		if (run(g, Q_EDU, "iiiitimi", w->id, stay, at + 3600, w->by,
		        declined ? NULL : pick_code(&g->rng, education_settings),
		        declined ? I(0) : I(1 + pick(&g->rng, 63)),
		        declined ? I(-1) : I(chance(&g->rng, 85)), I(declined)) != 0)
			return -1;
	}
	return 0;
}

/* The kit is recorded as the person's caseworker records one, through
 * naloxone_record: its checks, its audit row, and its draw from the
 * facility's stock (demo_stock.c names the lot the draw finds).  The
 * numbers are drawn in the order they always were, so that a seed's
 * people stay who they were: one now says whether the kit's lot is one
 * the stock does not know, two the shelf life of a lot received. */
static int
naloxone_at_release(struct gen *g, struct who *w, int64_t stay, int f, int64_t released)
{
	char lot[16], expiry[11];
	int r = pick(&g->rng, 100), unknown = pick(&g->rng, 99999) % 64 == 0;
	int months = 12 * pick(&g->rng, 3);
	const char *outcome = r < 55 ? "given" : r < 80 ? "placed_in_property" : r < 90 ? "declined"
	                                                                                : "offered";
	struct naloxone n = {.person_id = w->id, .stay_id = stay, .outcome = outcome};
	int64_t user = g->s->user_id;
	enum role role = g->s->role;
	int rc;

	months = 10 + (months + pick(&g->rng, 12)) % 14;
	if (strcmp(outcome, "given") == 0 || strcmp(outcome, "placed_in_property") == 0) {
		n.handover = strcmp(outcome, "given") == 0 ? PICK(&g->rng, handovers) : "property_bag";
		n.quantity = 1 + pick(&g->rng, 2);
		n.formulation = PICK(&g->rng, formulations);
		n.kit = "first";
		n.lot = lot;
		n.expiry = expiry;
	}
	n.at = released - pick(&g->rng, 7200);
	if (n.quantity && demo_stock_kit(&g->stock, f, n.formulation, unknown, months * 30,
	                                 &n.quantity, lot, expiry) != 0)
		return -1;
	g->s->user_id = w->caseworker;
	g->s->role = ROLE_CASEWORKER;
	rc = naloxone_record(g->s, &n);
	g->s->user_id = user;
	g->s->role = role;
	return rc;
}

static int
referral(struct gen *g, struct who *w, int64_t stay, int64_t from)
{
	int r = pick(&g->rng, 100);
	const char *status = r < 30 ? "scheduled" : r < 55 ? "attended" : r < 65 ? "no_show"
	                   : r < 72 ? "declined" : r < 80 ? "referred" : r < 90 ? "cancelled" : "lost";
	int64_t appt = 0;

	if (strcmp(status, "scheduled") == 0)
		appt = g->now + (pick(&g->rng, 12) - 4) * I(DAY) + 9 * 3600;
	else if (strcmp(status, "attended") == 0 || strcmp(status, "no_show") == 0)
		appt = from + (1 + pick(&g->rng, 10)) * I(DAY);
	if (appt > g->now)
		status = "scheduled"; /* what came of it is not known yet */
	return run(g, Q_REFERRAL, "iitiinmti", w->id, stay, pick_code(&g->rng, referral_types),
	           g->dir.provider[pick(&g->rng, 8)], from, appt, I(chance(&g->rng, 40)), status, w->by);
}

/* One custody episode: booked, screened and educated, perhaps released
 * with naloxone, clocks and a referral.  release: 0 in custody, 1 out. */
static int
one_stay(struct gen *g, struct who *w, int64_t booked, int release)
{
	char booking[24];
	int64_t stay, released = 0, expected = 0;
	int planned = chance(&g->rng, 45), f;
	const char *type = NULL, *source = NULL;

	snprintf(booking, sizeof booking, "B%04d-%06d", 2020 + pick(&g->rng, 7),
	         pick(&g->rng, 999999));
	if (!release) {
		int r = pick(&g->rng, 100);
		expected = r < 55 ? g->now + pick(&g->rng, 14 * DAY)
		         : r < 85 ? g->now + (15 + pick(&g->rng, 300)) * I(DAY) : 0;
		source = expected ? pick_code(&g->rng, stay_sources) : NULL;
	} else {
		released = booked + (1 + pick(&g->rng, planned ? 120 : 10)) * I(DAY);
		/* Past "now": spread it over the stay instead, so releases do
		 * not pile up on the last day. */
		if (released >= g->now)
			released = booked + (int64_t)(next(&g->rng) % (uint64_t)(g->now - booked));
		if (released <= booked)
			released = booked + 3600;
		type = planned ? "scheduled" : pick_code(&g->rng, stay_release_types);
	}
	snprintf(w->codes + strlen(w->codes), sizeof w->codes - strlen(w->codes), " %s", booking);
	f = pick(&g->rng, 3);
	if (run(g, Q_STAY, "iitintntmi", w->id, g->dir.facility[f], booking, booked,
	        expected, source, released, type, released ? I(planned) : I(-1), w->by) != 0)
		return -1;
	stay = ID(g);
	if (in_custody_records(g, w, stay, booked) != 0)
		return -1;
	if (!release)
		return 0;
	if (chance(&g->rng, 82) && naloxone_at_release(g, w, stay, f, released) != 0)
		return -1;
	if (chance(&g->rng, 55) && referral(g, w, stay, released - pick(&g->rng, 5 * DAY)) != 0)
		return -1;
	if (released > w->last_activity)
		w->last_activity = released;
	return clocks(g, w->id, w->caseworker, stay, released,
	              w->caseworker ? w->caseworker : w->by, chance(&g->rng, 4), &w->last_activity);
}

static const char *const goals[] = {
    "Stay alive and get back to work", "Start methadone again close to home",
    "See my kids on weekends", "Find a place to live that is not a shelter",
    "Get my ID and apply for Medicaid", "Keep naloxone on me and teach my partner",
};

static int
extras(struct gen *g, struct who *w)
{
	int64_t at = w->last_activity;

	if (chance(&g->rng, 20)) {
		if (run(g, Q_NOTE, "iii", w->id, at, w->by) != 0 ||
		    run(g, Q_NOTEV, "itii", ID(g), "Talked about what the first week out looks like "
		        "and where to get naloxone refills.", at, w->by) != 0)
			return -1;
	}
	if (chance(&g->rng, 20)) {
		/* A year from signing, as many programs' forms say: a fixed date
		 * would make every demo consent lapse on that day. */
		char until[32];
		zone_format(g->clk.zone, at - DAY + 365 * I(DAY), until, sizeof until);
		until[10] = 0;
		if (run(g, Q_CONSENT, "itttiti", w->id, "appointments and attendance",
		        "Harbor Methadone Clinic", "coordinate treatment after release", at - DAY,
		        until, w->by) != 0)
			return -1;
		if (chance(&g->rng, 50) && run(g, Q_DISCLOSE, "iittii", w->id, ID(g),
		                                "Harbor Methadone Clinic", "appointment booking", at,
		                                w->by) != 0)
			return -1;
	}
	if (chance(&g->rng, 3)) {
		/* Naloxone used, as people report it: mostly on someone else. */
		if (run(g, Q_EVENT, "iiittiii", w->id, at + DAY, w->by, "used",
		        chance(&g->rng, 25) ? "self" : "other", I(1 + pick(&g->rng, 2)),
		        I(chance(&g->rng, 95)), I(chance(&g->rng, 60))) != 0)
			return -1;
	}
	return 0;
}

static int
one_person(struct gen *g, int index)
{
	struct who w = {0};
	char code[16], legal[160], preferred[80], birth[16], phone[24];
	const char *first = PICK(&g->rng, given), *last = PICK(&g->rng, family);
	int two = chance(&g->rng, 15), out = chance(&g->rng, 75);
	int64_t booked = g->now - (1 + pick(&g->rng, out ? 220 : 100)) * I(DAY) - pick(&g->rng, DAY);

	snprintf(code, sizeof code, "P%07d", index + 1);
	snprintf(legal, sizeof legal, "%s %s", first, last);
	snprintf(preferred, sizeof preferred, "%s", chance(&g->rng, 30) ? PICK(&g->rng, given) : "");
	snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1960 + pick(&g->rng, 45),
	         1 + pick(&g->rng, 12), 1 + pick(&g->rng, 28));
	snprintf(phone, sizeof phone, "555-%04d", pick(&g->rng, 10000));
	w.by = g->dir.staff[0];
	w.caseworker = g->dir.staff[pick(&g->rng, g->dir.nstaff)];
	w.last_activity = booked;
	if (run(g, Q_PERSON, "tttttttntttiii", code, legal, preferred[0] ? preferred : NULL,
	        PICK(&g->rng, pronouns), chance(&g->rng, 70) ? birth : NULL,
	        chance(&g->rng, 80) ? phone : NULL, PICK(&g->rng, contact_ways), w.caseworker,
	        chance(&g->rng, 40) ? PICK(&g->rng, goals) : NULL, "open", (const char *)NULL,
	        booked, booked, w.by) != 0)
		return -1;
	w.id = ID(g);
	snprintf(w.codes, sizeof w.codes, "%s", code);
	if (two) {
		/* Released once before, and back: a new stay, new clocks. */
		if (one_stay(g, &w, booked - 300 * I(DAY), 1) != 0)
			return -1;
		if (run(g, Q_CLOSE_TASKS, "itii", w.id, "cancelled", booked, w.by) != 0)
			return -1;
	}
	if (one_stay(g, &w, booked, out) != 0 || extras(g, &w) != 0)
		return -1;
	if (chance(&g->rng, 8)) {
		const char *reason = pick_code(&g->rng, person_closure_reasons);
		const char *tasks = task_closure_status(reason);
		if (run(g, Q_CLOSE, "iti", w.id, reason, w.last_activity) != 0 ||
		    (tasks && run(g, Q_CLOSE_TASKS, "itii", w.id, tasks, w.last_activity, w.by) != 0))
			return -1;
	}
	snprintf(legal + strlen(legal), sizeof legal - strlen(legal), " %s", preferred);
	return run(g, Q_SEARCH, "itt", w.id, legal, w.codes) ||
	       run(g, Q_TOUCH, "ii", w.id, w.last_activity);
}

static void
finalize_all(struct gen *g)
{
	for (int i = 0; i < NQ; i++)
		sqlite3_finalize(g->q[i]);
}

static const char site_name[] = "Demo County Reentry Program";

int
demo_fill(struct session *s, const struct demo_options *o, demo_progress_fn progress, void *ctx)
{
	struct gen g;
	int64_t have;
	char detail[80];
	int rc = 0, keep = 0;

	if (s->role != ROLE_ADMIN)
		return session_fail(s, "only an admin can fill a demo database");
	if (o->people < 1 || o->people > 5000000)
		return session_fail(s, "the demo makes 1 to 5,000,000 people");
	memset(&g, 0, sizeof g);
	g.s = s;
	g.rng = o->seed ^ 0x5a17c0de;
	g.now = session_now(s);
	g.dir.s = s;
	g.dir.people = o->people;
	s->err[0] = 0;
	if (known_codes(s) != 0 || site_check_name(s, "site.name", site_name) != 0)
		return -1;
	if (db_begin_write(s->db) != 0)
		return session_dbfail(s);
	have = 0;
	{
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_sql(s->db), "SELECT count(*) FROM person", -1, &st, NULL) ==
		    SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				have = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
	}
	if (have) {
		db_rollback(s->db);
		return session_fail(s, "the demo fills only a database with no people in it");
	}
	for (int i = 0; i < NQ && rc == 0; i++)
		if (sqlite3_prepare_v3(db_sql(s->db), sql[i], -1, SQLITE_PREPARE_PERSISTENT, &g.q[i],
		                       NULL) != SQLITE_OK)
			rc = db_fail(s->db, SQLITE_ERROR);
	if (rc == 0)
		rc = task_clock_settings(s->db, &g.clk);
	if (rc == 0)
		rc = demo_dir_setup(&g.dir);
	if (rc == 0)
		rc = setting_set(s->db, "site.name", site_name);
	/* The model's calls the demo makes (a kit given, kits received) join
	 * its write, and any that fails takes the batch with it; their
	 * statements stay prepared while it runs (sql_keep.h). */
	if (rc == 0)
		rc = sql_keep_begin(s, &keep);
	s->writing = s->whole = 1;
	demo_stock_start(&g.stock, s, g.dir.facility, g.clk.zone, o->people);
	for (int i = 0; i < o->people && rc == 0; i++) {
		rc = one_person(&g, i);
		if (rc == 0 && (i + 1) % BATCH == 0) {
			/* Commit in batches: the journal stays small and a
			 * million people do not sit in one transaction. */
			if (db_commit(s->db) != 0 || db_begin_write(s->db) != 0)
				rc = -1;
			if (progress)
				progress(ctx, i + 1, o->people);
		}
	}
	snprintf(detail, sizeof detail, "%d people, seed %llu", o->people,
	         (unsigned long long)o->seed);
	if (rc == 0)
		rc = demo_stock_end(&g.stock);
	s->writing = s->whole = 0;
	if (rc == 0)
		rc = audit_log(s, "demo", NULL, 0, 0, detail);
	sql_keep_end(s, keep);
	finalize_all(&g);
	free(g.dir.staff);
	if (rc != 0) {
		if (!s->err[0])
			session_dbfail(s);
		db_rollback(s->db);
		return -1;
	}
	if (db_commit(s->db) != 0)
		return session_dbfail(s);
	if (progress)
		progress(ctx, o->people, o->people);
	return 0;
}
