/* SPDX-License-Identifier: ISC */
/*
 * unit_naloxone_summary.c - the naloxone distribution report read from
 * the sums schema/0020 keeps by hour, against the records themselves.
 *
 * A varied file is made through the model's own calls: three facilities,
 * people booked and released at each, handovers of every outcome, kind
 * and handover, first kits and refills, with a stay and without, on both
 * sides of local midnight in a zone that is not UTC; reports of use, loss
 * and refills; a receipt of stock.  Then it is changed the ways the sums
 * must follow: a new stay, handovers moved, corrected, given to another
 * person and deleted, reports corrected and deleted, stays moved, made
 * and deleted.  After each change every figure of the report, for four
 * periods and every facility, must equal what the records answer read
 * directly (the query below, which is how the report was made before the
 * sums), and each sum must equal the same sum made again from scratch.
 * Last, a trigger is dropped and the check must see the difference.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "naloxone.h"
#include "report_naloxone.h"
#include "stock.h"

#define NPEOPLE 36
#define NOW (T0 + 40 * DAY)
/* 2024-05-01 00:00 in America/Chicago (UTC-5 in May). */
#define D0 1714539600LL

static int64_t people[NPEOPLE];
static unsigned rng = 12345;

static unsigned
next(unsigned n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) % n;
}

/* The facility a record counts under, as the report has always decided
 * it (report_naloxone.c before schema/0020). */
#define FAC(stay, person, time)                                                           \
	"coalesce((SELECT st.facility_id FROM stay st WHERE st.id = " stay "), (SELECT "      \
	"st.facility_id FROM stay st WHERE st.person_id = " person " AND st.booked_at <= "    \
	time " ORDER BY st.booked_at DESC, st.id DESC LIMIT 1), 0)"

/* Every figure of the report but the stock, straight from the records:
 * section name, code, count. */
static const char reference_sql[] =
	"WITH h AS (SELECT n.person_id AS person_id, n.formulation AS formulation, "
	"n.handover AS handover, coalesce(n.kit, 'not_said') AS kit, n.quantity AS quantity, "
	FAC("n.stay_id", "n.person_id", "n.at") " AS fac FROM naloxone n WHERE n.at >= ?1 AND "
	"n.at < ?2 AND n.outcome IN ('given', 'placed_in_property')), "
	"f AS (SELECT * FROM h WHERE ?3 = 0 OR fac = ?3), "
	"e AS (SELECT * FROM naloxone_event ne WHERE ne.at >= ?1 AND ne.at < ?2 AND "
	"ne.kind IN ('used', 'lost', 'confiscated') AND "
	"(?3 = 0 OR " FAC("NULL", "ne.person_id", "ne.at") " = ?3)), "
	"u AS (SELECT * FROM e WHERE kind = 'used') "
	"SELECT 'kits_given', 'kits', sum(quantity) FROM f "
	"UNION ALL SELECT 'kits_given', 'handovers', count(*) FROM f "
	"UNION ALL SELECT 'kits_given', 'people', count(DISTINCT person_id) FROM f "
	"UNION ALL SELECT 'first_or_refill', kit, sum(quantity) FROM f GROUP BY kit "
	"UNION ALL SELECT 'by_formulation', formulation, sum(quantity) FROM f GROUP BY formulation "
	"UNION ALL SELECT 'by_handover', handover, sum(quantity) FROM f GROUP BY handover "
	"UNION ALL SELECT 'by_facility', fac, sum(quantity) FROM f GROUP BY fac "
	"UNION ALL SELECT 'uses_reported', 'reports', count(*) FROM u "
	"UNION ALL SELECT 'uses_reported', used_on, count(*) FROM u WHERE used_on IS NOT NULL "
	"GROUP BY used_on "
	"UNION ALL SELECT 'uses_reported', 'doses', sum(doses) FROM u "
	"UNION ALL SELECT 'uses_reported', 'survived', sum(survived = 1) FROM u "
	"UNION ALL SELECT 'uses_reported', 'called_911', sum(called_911 = 1) FROM u "
	"UNION ALL SELECT 'lost_or_taken', kind, count(*) FROM e WHERE kind <> 'used' "
	"GROUP BY kind";

#define MAXL 128

struct figs {
	char line[MAXL][64];
	int n;
};

static void
put(struct figs *f, const char *section, const char *code, long long v)
{
	if (v != 0 && f->n < MAXL)
		snprintf(f->line[f->n++], sizeof f->line[0], "%s/%s=%lld", section, code, v);
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The figures as one sorted string, 0s left out (the report lists some
 * lines at 0 whatever the records hold). */
static const char *
joined(struct figs *f, char *out, size_t n)
{
	qsort(f->line, (size_t)f->n, sizeof f->line[0], cmp_line);
	out[0] = 0;
	for (int i = 0; i < f->n; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s ", f->line[i]);
	return out;
}

static const char *
reference(const struct period *p, int64_t facility, char *out, size_t n)
{
	struct figs f = {.n = 0};
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db_sql(d), reference_sql, -1, &st, NULL) != SQLITE_OK)
		tap_bail("reference: %s", sqlite3_errmsg(db_sql(d)));
	sqlite3_bind_int64(st, 1, p->start);
	sqlite3_bind_int64(st, 2, p->end);
	sqlite3_bind_int64(st, 3, facility);
	while (sqlite3_step(st) == SQLITE_ROW)
		put(&f, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
	return joined(&f, out, n);
}

static const char *
reported(const struct period *p, int64_t facility, char *out, size_t n)
{
	struct nal_report r;
	struct figs f = {.n = 0};
	struct session s;

	as(&s, "sam", NOW);
	if (report_naloxone(&s, p, facility, &r) != 0)
		tap_bail("report: %s", s.err);
	for (int i = 0; i < r.nlines; i++)
		if (r.lines[i].section != NAL_STOCK)
			put(&f, nal_section_name(r.lines[i].section), r.lines[i].code,
			    r.lines[i].count);
	nal_report_free(&r);
	return joined(&f, out, n);
}

static const char *const periods[][2] = {
    {"2024-05-01", "2024-05-01"}, {"2024-04-28", "2024-05-03"},
    {"2024-05-02", "2024-05-31"}, {"2024-04-01", "2024-06-30"}};

/* How many of the 16 reports (four periods, every facility and each of
 * three) differ from the records; the first one that does is shown. */
static int
differing(void)
{
	char a[MAXL * 64], b[MAXL * 64];
	struct session s;
	struct period p;
	int bad = 0;

	as(&s, "sam", NOW);
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		if (period_parse(&s, periods[i][0], periods[i][1], &p) != 0)
			tap_bail("period: %s", s.err);
		for (int64_t fac = 0; fac <= 3; fac++) {
			if (strcmp(reported(&p, fac, a, sizeof a), reference(&p, fac, b, sizeof b)) == 0)
				continue;
			if (!bad++)
				tap_diag("  %s to %s, facility %lld:\n    report  %s\n    records %s",
				         p.from, p.to, (long long)fac, a, b);
		}
	}
	return bad;
}

/* The rows of table and of the query made again (made) that are not in
 * the other. */
#define BOTH_WAYS(table, made)                                                            \
	"(SELECT count(*) FROM (SELECT * FROM " table " EXCEPT " made ")) + (SELECT count(*) " \
	"FROM (" made " EXCEPT SELECT * FROM " table "))"
#define HANDOVERS(bucket)                                                                  \
	"SELECT " bucket ", facility_id, formulation, handover, kit, sum(quantity), count(*) " \
	"FROM handover_facts GROUP BY 1, 2, 3, 4, 5"
#define USES(bucket)                                                                       \
	"SELECT " bucket ", facility_id, kind, used_on, count(*), sum(doses), sum(survived), " \
	"sum(called_911) FROM use_facts GROUP BY 1, 2, 3, 4"

/* Rows where a kept sum and the same sum made again from the records
 * differ: 0 when they agree. */
static long long
sums_off(void)
{
	return count("SELECT " BOTH_WAYS("handover_hour", HANDOVERS("hour_at")) " + "
	             BOTH_WAYS("handover_day", HANDOVERS("day_at")) " + "
	             BOTH_WAYS("use_hour", USES("hour_at")) " + "
	             BOTH_WAYS("use_day", USES("day_at")) " + "
	             BOTH_WAYS("reach_hour", "SELECT hour_at, facility_id, prev_at - ((prev_at % "
	                       "3600) + 3600) % 3600, count(*) FROM reach_facts WHERE prev_at IS "
	                       "NOT NULL GROUP BY 1, 2, 3"));
}

static void
check(const char *what)
{
	ok(differing() == 0, "%s: the report equals the records, 4 periods x 4 facilities", what);
	is_int(sums_off(), 0, "  and every kept sum equals the same sum made again");
}

static int64_t
book(struct session *s, int64_t person, int64_t fac, int64_t at, int64_t released)
{
	struct stay_booking b = {.person_id = person, .facility_id = fac, .booked_at = at};
	int64_t id;

	if (stay_book(s, &b, &id) != 0 ||
	    (released && stay_record_release(s, id, released, "court", 0) != 0))
		tap_bail("stay: %s", s->err);
	return id;
}

static const char *const outcomes[] = {"given", "given", "placed_in_property", "offered",
                                       "declined"};
static const char *const forms[] = {"nasal_4mg", "nasal_8mg", "nasal_3mg", "im_0_4mg_ml",
                                    "nalmefene"};
static const char *const hands[] = {"in_hand", "mailed", "vending", "community_pickup"};
static const char *const kits[] = {NULL, "first", "refill"};
/* Times around midnight: a second before, on it, a second after, the
 * last second of the first hour, the next hour, noon. */
static const int64_t offsets[] = {-1, 0, 1, HOUR - 1, HOUR, 12 * HOUR};

static void
hand(struct session *s, int64_t person, int64_t stay, int64_t at)
{
	struct naloxone k = {.person_id = person, .stay_id = stay, .at = at,
	                     .outcome = outcomes[next(5)]};

	if (strcmp(k.outcome, "given") == 0 || strcmp(k.outcome, "placed_in_property") == 0) {
		k.formulation = forms[next(5)];
		k.quantity = 1 + (int)next(3);
		k.handover = strcmp(k.outcome, "given") == 0 ? hands[next(4)] : "property_bag";
		k.kit = kits[next(3)];
		k.lot = next(4) == 0 ? "C-300" : NULL;
	}
	if (naloxone_record(s, &k) != 0)
		tap_bail("handover: %s", s->err);
}

static void
report_event(struct session *s, int64_t person, int64_t at)
{
	static const char *const kinds[] = {"used", "used", "lost", "confiscated", "refilled"};
	static const enum yn yns[] = {YN_YES, YN_NO, YN_NOT_ASKED};
	struct naloxone_event e = {.person_id = person, .at = at, .kind = kinds[next(5)],
	                           .survived = YN_NOT_ASKED, .called_911 = YN_NOT_ASKED};

	if (strcmp(e.kind, "used") == 0) {
		e.used_on = next(3) == 0 ? NULL : next(2) ? "self" : "other";
		e.doses = (int)next(4);
		e.survived = yns[next(3)];
		e.called_911 = yns[next(3)];
	}
	if (naloxone_event_record(s, &e) != 0)
		tap_bail("event: %s", s->err);
}

/* Each person: a stay at one facility, released; most a second at the
 * next one; handovers and reports on both sides of several midnights. */
static void
fill(void)
{
	struct stock_receipt r = {.facility_id = 3, .formulation = "nasal_4mg", .quantity = 40,
	                          .lot = "C-300", .expiry = "2026-01", .source = "State program"};
	struct session s;

	as(&s, "hana", NOW);
	if (stock_receive(&s, &r, NULL) != 0)
		tap_bail("receipt: %s", s.err);
	for (int i = 0; i < NPEOPLE; i++) {
		char code[16];
		int64_t fa = 1 + i % 3, fb = 1 + (i + 1) % 3, s1, s2 = 0;

		as(&s, "cal", NOW);
		snprintf(code, sizeof code, "NS-%d", i);
		people[i] = mk_person(&s, code);
		s1 = book(&s, people[i], fa, D0 - 20 * DAY + i * HOUR, D0 - 2 * DAY + i * HOUR);
		if (i % 4)
			s2 = book(&s, people[i], fb, D0 + 3 * DAY + i * HOUR,
			          i % 5 ? D0 + 20 * DAY : 0);
		for (int j = 0; j < 2 + i % 5; j++) {
			int64_t at = D0 + ((int64_t)next(30) - 12) * DAY + offsets[next(6)];
			int64_t stay = next(3) == 0 ? 0 : at < D0 + 3 * DAY || !s2 ? s1 : s2;
			hand(&s, people[i], stay, at);
		}
		for (int j = 0; j < i % 4; j++)
			report_event(&s, people[i], D0 + ((int64_t)next(30) - 12) * DAY +
			             offsets[next(6)]);
	}
}

static void
test_changes(void)
{
	struct session s;

	as(&s, "cal", NOW);
	/* People 0, 4, 8 ... had one stay: a new one at facility 2 makes
	 * their later handovers with no stay count there. */
	for (int i = 0; i < NPEOPLE; i += 8)
		book(&s, people[i], 2, D0 + DAY + 7 * HOUR, 0);
	check("new stays booked");
	tu_exec(d, "UPDATE naloxone SET at = at + 2 * 3600 WHERE id % 5 = 0");
	check("handovers moved two hours (some across midnight)");
	tu_exec(d, "UPDATE naloxone SET at = at - 1 WHERE id % 7 = 1");
	check("handovers moved a second back");
	tu_exec(d, "UPDATE naloxone SET outcome = 'placed_in_property', handover = 'property_bag' "
	           "WHERE id % 6 = 2 AND outcome = 'given'");
	tu_exec(d, "UPDATE naloxone SET kit = 'refill', quantity = quantity + 1, formulation = "
	           "'nalmefene' WHERE id % 4 = 3 AND outcome = 'given'");
	check("handovers corrected: kind, handover, kit, quantity");
	tu_exec(d, "UPDATE naloxone SET outcome = 'offered', formulation = NULL, quantity = NULL, "
	           "handover = NULL, kit = NULL, lot = NULL WHERE id % 9 = 4 AND id NOT IN "
	           "(SELECT naloxone_id FROM stock_move WHERE naloxone_id IS NOT NULL)");
	check("handovers corrected to offered only");
	tu_exec(d, "UPDATE naloxone SET person_id = (SELECT min(id) FROM person), stay_id = NULL "
	           "WHERE id % 11 = 5");
	tu_exec(d, "UPDATE naloxone SET person_id = (SELECT max(id) FROM person) "
	           "WHERE id % 11 = 7 AND stay_id IS NOT NULL");
	check("handovers moved to another person, off their stay or still on it");
	tu_exec(d, "UPDATE stay SET facility_id = 1 + facility_id % 3 WHERE id IN (SELECT "
	           "n.stay_id FROM naloxone n WHERE n.person_id <> stay.person_id)");
	check("the stays they are still on moved to another facility");
	tu_exec(d, "UPDATE naloxone SET stay_id = NULL WHERE id % 8 = 6");
	check("handovers taken off their stay");
	tu_exec(d, "DELETE FROM naloxone WHERE id % 6 = 0 AND id NOT IN (SELECT naloxone_id FROM "
	           "stock_move WHERE naloxone_id IS NOT NULL) AND id NOT IN (SELECT naloxone_id "
	           "FROM stock_reconcile) AND id NOT IN (SELECT naloxone_id FROM naloxone_event "
	           "WHERE naloxone_id IS NOT NULL)");
	check("handovers deleted");
	tu_exec(d, "UPDATE naloxone_event SET at = at + 3600 WHERE id % 3 = 0");
	tu_exec(d, "UPDATE naloxone_event SET used_on = 'other', doses = 3, survived = 0, "
	           "called_911 = 1 WHERE kind = 'used' AND id % 2 = 0");
	tu_exec(d, "UPDATE naloxone_event SET kind = 'lost', used_on = NULL, doses = NULL, "
	           "survived = NULL, called_911 = NULL WHERE kind = 'used' AND id % 5 = 1");
	check("reports of use corrected");
	tu_exec(d, "DELETE FROM naloxone_event WHERE id % 4 = 2");
	check("reports deleted");
	tu_exec(d, "UPDATE stay SET facility_id = 3 WHERE id % 5 = 1");
	check("stays moved to another facility");
	tu_exec(d, "UPDATE stay SET booked_at = booked_at - 4 * 86400 WHERE id % 3 = 2");
	check("stays booked earlier");
	tu_exec(d, "INSERT INTO stay (person_id, facility_id, booked_at, created_at, updated_at, "
	           "updated_by) SELECT id, 3, 1714539600 + 86400, 1, 1, 1 FROM person "
	           "WHERE id % 2 = 1");
	check("stays written by hand");
	tu_exec(d, "DELETE FROM stay WHERE facility_id = 3 AND booked_at = 1714539600 + 86400 "
	           "AND id NOT IN (SELECT stay_id FROM naloxone WHERE stay_id IS NOT NULL)");
	check("and deleted");
}

/* With a trigger gone, the check sees the sums fall behind. */
static void
test_dropped(void)
{
	tu_exec(d, "DROP TRIGGER summary_naloxone_update_before");
	tu_exec(d, "UPDATE naloxone SET at = at + 86400 WHERE outcome = 'given' AND id % 3 = 0");
	ok(differing() > 0, "with a trigger dropped, a moved handover makes the report differ");
	ok(sums_off() > 0, "  and the sums with it");
}

int
main(void)
{
	struct session s;
	struct period p;

	fx_setup("summary.db");
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'North Annex'), (3, 'Work Release')");
	tu_exec(d, "UPDATE setting SET value = 'America/Chicago' WHERE key = 'site.time_zone'");
	fill();
	is_int(count("SELECT count(*) FROM naloxone WHERE outcome IN ('given', "
	              "'placed_in_property')") > 40, 1, "more than 40 handovers made");
	as(&s, "sam", NOW);
	ok(period_parse(&s, "2024-05-01", "2024-05-01", &p) == 0 && p.start == D0 &&
	   p.start % HOUR == 0, "a day starts at local midnight, a whole hour of UTC");
	check("as recorded");
	test_changes();

	tu_exec(d, "UPDATE setting SET value = 'Asia/Kolkata' WHERE key = 'site.time_zone'");
	ok(period_parse(&s, "2024-05-01", "2024-05-01", &p) == 0 && p.start % HOUR != 0,
	   "in Asia/Kolkata a day starts on a half hour");
	check("periods on half hours, read from the records");
	tu_exec(d, "UPDATE setting SET value = 'America/Chicago' WHERE key = 'site.time_zone'");

	test_dropped();
	return tap_done();
}
