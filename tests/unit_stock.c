/* SPDX-License-Identifier: ISC */
/*
 * unit_stock.c - naloxone stock on a real vault file: kits received,
 * drawn down by the handovers recorded, corrected by an admin, and the
 * kits the stock could not account for put on the list to reconcile and
 * closed.  Every count is checked against an answer worked out by hand
 * beside each step, and after each step every lot's moves must add up to
 * what it holds.  Then the distribution report over the same records,
 * against the same hand-made answers.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "naloxone.h"
#include "report_naloxone.h"
#include "setting.h"
#include "stock.h"

static int64_t joe, ann, north_person, stay, ann_stay, north_stay;

static long long
on_hand(const char *lot)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT on_hand FROM stock_lot WHERE lot = '%s'", lot);
	return count(sql);
}

/* Lots whose moves do not add up to their count: 0 when the books
 * balance. */
static long long
unbalanced(void)
{
	return count("SELECT count(*) FROM stock_lot l WHERE on_hand <> (SELECT "
	             "coalesce(sum(quantity), 0) FROM stock_move m WHERE m.lot_id = l.id)");
}

/* The open items' reasons in order, as one string. */
static const char *
whys(void)
{
	static char out[200];
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT why FROM stock_reconcile ORDER BY id", -1, &st,
	                       NULL) != SQLITE_OK)
		tap_bail("whys: %s", sqlite3_errmsg(db_sql(d)));
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", out[0] ? " " : "",
		         (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static int
receive(const char *user, const char *formulation, int quantity, const char *lot,
        const char *expiry, char *err, size_t n)
{
	struct session s;
	struct stock_receipt r = {.facility_id = 1, .formulation = formulation,
	                          .quantity = quantity, .lot = lot, .expiry = expiry,
	                          .source = "State naloxone program"};
	int rc;

	as(&s, user, T0);
	rc = stock_receive(&s, &r, NULL);
	snprintf(err, n, "%s", s.err);
	return rc;
}

/* A kit handed over by cal; 0 or -1. */
static int
hand(int64_t person, int64_t stay_id, const char *outcome, int quantity, const char *lot)
{
	struct session s;
	struct naloxone k = {.person_id = person, .stay_id = stay_id, .outcome = outcome,
	                     .formulation = "nasal_4mg", .quantity = quantity, .lot = lot,
	                     .handover = strcmp(outcome, "given") == 0 ? "in_hand"
	                                                               : "property_bag"};

	as(&s, "cal", T0);
	if (naloxone_record(&s, &k) != 0)
		tap_diag("  %s", s.err);
	return k.id ? 0 : -1;
}

static void
test_receive(void)
{
	char err[512];

	ok(receive("hana", "nasal_4mg", 20, "A-100", "2025-01", err, sizeof err) == 0,
	   "health staff receive 20 kits of lot A-100: %s", err);
	ok(receive("hana", "nasal_4mg", 5, "A-100", "2025-01-31", err, sizeof err) == 0,
	   "and 5 more of the same lot (its month is its month's last day): %s", err);
	is_int(on_hand("A-100"), 25, "  the lot holds 20 + 5 = 25");
	ok(receive("hana", "nasal_4mg", 5, "A-100", "2025-03-31", err, sizeof err) != 0,
	   "the same lot with another expiry is refused");
	ok(strstr(err, "already has that lot as 4 mg nasal spray, expiring 2025-01-31") != NULL,
	   "  naming what the lot is, by its label: %s", err);
	ok(receive("hana", "nasal_4mg", 5, "OLD-1", "2024-04-30", err, sizeof err) != 0 &&
	   strstr(err, "expired"), "expired kits are not stock: %s", err);
	ok(receive("hana", "nasal_4mg", 0, "Z-1", "2025-01", err, sizeof err) != 0,
	   "no kits is not a receipt");
	ok(receive("import", "nasal_4mg", 5, "Z-1", "2025-01", err, sizeof err) != 0,
	   "the roster import account receives nothing");
	is_int(on_hand("A-100"), 25, "  and the lot still holds 25");
	ok(receive("cal", "nasal_8mg", 3, "B-200", "2024-06-15", err, sizeof err) == 0,
	   "3 kits of lot B-200, expiring within 60 days: %s", err);
	is_int(unbalanced(), 0, "  every lot's moves add up to its count");
}

static void
test_draw(void)
{
	ok(hand(joe, stay, "given", 2, "A-100") == 0, "2 kits given from A-100");
	is_int(on_hand("A-100"), 23, "  A-100: 25 - 2 = 23");
	ok(hand(ann, ann_stay, "placed_in_property", 1, "B-200") == 0,
	   "1 kit placed in property from B-200");
	is_int(on_hand("B-200"), 2, "  B-200: 3 - 1 = 2");
	ok(hand(joe, stay, "given", 4, "B-200") == 0,
	   "4 kits given from B-200, which holds 2: the handover is recorded");
	is_int(on_hand("B-200"), 2, "  the count is not taken below zero: still 2");
	ok(hand(joe, stay, "given", 1, "ZZ-9") == 0, "a kit from a lot the stock does not know");
	ok(hand(joe, 0, "given", 1, NULL) == 0, "a kit with no lot named, for no stay");
	ok(hand(north_person, north_stay, "given", 1, NULL) == 0,
	   "a kit with no lot at a facility that keeps no stock");
	ok(hand(north_person, north_stay, "given", 1, "A-100") == 0,
	   "a kit with a lot at a facility that keeps no stock (a lot of another one)");
	is_int(on_hand("A-100"), 23, "  is not drawn from the other facility's lot");
	is_int(count("SELECT count(*) FROM naloxone"), 7, "  all seven handovers are recorded");
	is_str(whys(), "short unknown_lot no_lot",
	       "  three to reconcile: too few kits, an unknown lot, no lot named; none at North "
       "Annex");
	is_int(unbalanced(), 0, "  every lot's moves add up to its count");
}

static void
test_totals(void)
{
	struct session s;
	struct stock_totals t;

	as(&s, "hana", T0);
	ok(stock_totals(&s, 0, &t) == 0, "totals: %s", s.err);
	is_int(t.on_hand, 25, "  on hand 23 + 2 = 25");
	is_int(t.expiring, 2, "  expiring within 60 days: B-200's 2");
	is_int(t.to_reconcile, 3, "  3 to reconcile");
	is_int(t.low_facilities, 0, "  25 is not below the default mark of 10");
	tu_exec(d, "INSERT INTO setting (key, value) VALUES ('naloxone.low_stock', '30')");
	ok(stock_totals(&s, 0, &t) == 0 && t.low_facilities == 1,
	   "  with the mark at 30 the facility is low");
	tu_exec(d, "DELETE FROM setting WHERE key = 'naloxone.low_stock'");
}

static int64_t
item(const char *why)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT id FROM stock_reconcile WHERE why = '%s'", why);
	return count(sql);
}

static void
test_correct_and_reconcile(void)
{
	const char *why = "Counted the shelf on Friday: three kits were missing.";
	struct stock_reconcile_row *rows;
	struct session s;
	int n;

	as(&s, "cal", T0);
	ok(stock_correct(&s, 1, "A-100", 20, why) != 0, "a caseworker cannot correct a count");
	as(&s, "adam", T0);
	ok(stock_correct(&s, 1, "A-100", 20, "fix") != 0, "a reason must say what happened");
	ok(stock_correct(&s, 1, "A-100", -1, why) != 0, "a count below zero is refused");
	is_int(on_hand("A-100"), 23, "  A-100 still holds 23");
	ok(stock_correct(&s, 1, "A-100", 20, why) == 0, "an admin corrects A-100 to 20: %s",
	   s.err);
	is_int(on_hand("A-100"), 20, "  A-100: 23 - 3 = 20");
	is_str(last_detail(), "corrected: count -3, reason", "  audited with the change, not "
	       "the reason's words");

	ok(stock_reconcile_list(&s, &rows, &n) == 0 && n == 3, "three items open");
	is_int(n ? rows[0].quantity : 0, 4, "  the first is 4 kits");
	is_str(n ? rows[0].lot : "", "B-200", "  from B-200");
	free(rows);
	as(&s, "hana", T0);
	ok(stock_reconcile_close(&s, item("short"), "B-200", why) != 0,
	   "health staff do not reconcile");
	as(&s, "sam", T0);
	ok(stock_reconcile_close(&s, item("short"), "B-200", why) != 0 && strstr(s.err, "fewer"),
	   "closing against B-200, which holds 2 of the 4: refused: %s", s.err);
	as(&s, "adam", T0);
	ok(stock_correct(&s, 1, "B-200", 6, "A box of six was found in the clinic cupboard.") ==
	   0, "B-200 corrected to 6");
	as(&s, "sam", T0);
	ok(stock_reconcile_close(&s, item("short"), "B-200", why) == 0,
	   "a supervisor puts the 4 kits against B-200: %s", s.err);
	is_int(on_hand("B-200"), 2, "  B-200: 6 - 4 = 2");
	ok(stock_reconcile_close(&s, item("short"), "B-200", why) != 0,
	   "  an item closed once is not closed again");
	is_int(on_hand("B-200"), 2, "  B-200 still 2");
	ok(stock_reconcile_close(&s, item("unknown_lot"), NULL,
	                         "The lot was written wrong on the form; kits were from A-100.") == 0,
	   "an item closed with a reason only");
	ok(stock_reconcile_list(&s, &rows, &n) == 0 && n == 1, "one item left open");
	free(rows);
	is_int(on_hand("A-100") + on_hand("B-200"), 22, "on hand: A-100 20 + B-200 2 = 22");
	is_int(count("SELECT sum(quantity) FROM stock_move WHERE kind = 'received'"), 28,
	       "received 20 + 5 + 3 = 28");
	is_int(count("SELECT sum(quantity) FROM stock_move WHERE kind IN ('given', "
	             "'reconciled')"), -7, "drawn 2 + 1 + 4 = 7");
	is_int(count("SELECT sum(quantity) FROM stock_move WHERE kind = 'corrected'"), 1,
	       "corrected -3 + 4 = +1; 28 - 7 + 1 = 22");
	is_int(unbalanced(), 0, "every lot's moves add up to its count");
}

static void
event(int64_t person, const char *kind, const char *on, int doses, enum yn survived,
      enum yn called, int64_t at)
{
	struct session s;
	struct naloxone_event e = {.person_id = person, .kind = kind, .used_on = on,
	                           .doses = doses, .survived = survived, .called_911 = called,
	                           .at = at};

	as(&s, "cal", T0);
	if (naloxone_event_record(&s, &e) != 0)
		tap_bail("event: %s", s.err);
}

static long long
fig(const struct nal_report *r, enum nal_section k, const char *code)
{
	const struct nal_line *l = nal_report_line(r, k, code);

	return l ? l->count : -1;
}

static void
test_report(void)
{
	struct nal_report r;
	struct session s;
	struct period p;

	event(joe, "used", "other", 2, YN_YES, YN_YES, T0 - 60);
	event(ann, "used", "self", 0, YN_YES, YN_NO, T0 - 60);
	event(joe, "lost", NULL, 0, YN_NOT_ASKED, YN_NOT_ASKED, T0 - 60);
	event(ann, "confiscated", NULL, 0, YN_NOT_ASKED, YN_NOT_ASKED, T0 - 60);
	event(joe, "refilled", NULL, 0, YN_NOT_ASKED, YN_NOT_ASKED, T0 - 60);
	event(joe, "lost", NULL, 0, YN_NOT_ASKED, YN_NOT_ASKED, T0 - 40 * DAY);

	as(&s, "cal", T0);
	ok(period_parse(&s, "2024-04-01", "2024-05-31", &p) == 0, "a period: %s", s.err);
	ok(report_naloxone(&s, &p, 0, &r) != 0 && strstr(s.err, "only supervisors"),
	   "a caseworker makes no distribution report");
	as(&s, "sam", T0);
	ok(report_naloxone(&s, &p, 0, &r) == 0, "the supervisor's report: %s", s.err);
	/* The seven handovers of test_draw: 2 + 1 + 4 + 1 + 1 + 1 + 1 kits,
	 * all 4 mg nasal, all but ann's one in hand; north's two at North
	 * Annex. */
	is_int(fig(&r, NAL_GIVEN, "kits"), 11, "  kits given 2 + 1 + 4 + 1 + 1 + 1 + 1 = 11");
	is_int(fig(&r, NAL_GIVEN, "handovers"), 7, "  in 7 handovers");
	is_int(fig(&r, NAL_GIVEN, "people"), 3, "  to 3 people");
	is_int(fig(&r, NAL_KIT, "not_said"), 11, "  none said first kit or refill");
	is_int(fig(&r, NAL_FORMULATION, "nasal_4mg"), 11, "  11 of 4 mg nasal spray");
	is_int(fig(&r, NAL_FORMULATION, "nalmefene"), 0, "  0 of nalmefene, listed all the same");
	is_int(fig(&r, NAL_HANDOVER, "in_hand"), 10, "  10 in hand");
	is_int(fig(&r, NAL_HANDOVER, "property_bag"), 1, "  1 in the property bag");
	is_int(fig(&r, NAL_FACILITY, "1"), 9, "  9 at County Jail (one for no stay, by the "
	       "person's latest stay)");
	is_int(fig(&r, NAL_FACILITY, "2"), 2, "  2 at North Annex");
	is_int(fig(&r, NAL_USES, "reports"), 2, "  2 uses reported");
	is_int(fig(&r, NAL_USES, "self") + fig(&r, NAL_USES, "other"), 2, "  1 on self, 1 on "
	       "someone else");
	is_int(fig(&r, NAL_USES, "doses"), 2, "  2 doses where said");
	is_int(fig(&r, NAL_USES, "survived"), 2, "  both survived");
	is_int(fig(&r, NAL_USES, "called_911"), 1, "  911 called once");
	is_int(fig(&r, NAL_LOST, "lost"), 1, "  1 lost in the period (the one before it is not)");
	is_int(fig(&r, NAL_LOST, "confiscated"), 1, "  1 taken away");
	is_int(fig(&r, NAL_STOCK, "on_hand"), 22, "  stock on hand 22, as worked out above");
	is_int(fig(&r, NAL_STOCK, "expiring"), 2, "  2 expiring");
	is_int(fig(&r, NAL_STOCK, "to_reconcile"), 1, "  1 to reconcile");
	is_str(last_detail(), "naloxone 2024-04-01 to 2024-05-31 facility 0", "  audited");
	nal_report_free(&r);

	ok(report_naloxone(&s, &p, 2, &r) == 0, "North Annex alone: %s", s.err);
	is_int(fig(&r, NAL_GIVEN, "kits"), 2, "  2 kits given");
	is_int(fig(&r, NAL_GIVEN, "people"), 1, "  to 1 person");
	is_int(fig(&r, NAL_USES, "reports"), 0, "  no uses reported there");
	is_int(fig(&r, NAL_STOCK, "on_hand"), 0, "  and no stock there");
	is_str(r.facility, "North Annex", "  named");
	nal_report_free(&r);

	ok(period_parse(&s, "2024-06-01", "2024-06-30", &p) == 0 &&
	   report_naloxone(&s, &p, 0, &r) == 0, "a month with nothing");
	is_int(fig(&r, NAL_GIVEN, "kits") + fig(&r, NAL_USES, "reports"), 0, "  gives 0s");
	nal_report_free(&r);
}

int
main(void)
{
	struct session s;

	fx_setup("stock.db");
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'North Annex')");
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('import', 'Roster Import', 'import', 1, 1)");
	as(&s, "cal", T0);
	joe = mk_person(&s, "ST-1");
	ann = mk_person(&s, "ST-2");
	north_person = mk_person(&s, "ST-3");
	stay = mk_stay(&s, joe, T0 - 3 * DAY, T0 - HOUR);
	ann_stay = mk_stay(&s, ann, T0 - 3 * DAY, T0 - 2 * HOUR);
	north_stay = mk_stay(&s, north_person, T0 - 3 * DAY, T0 - 2 * HOUR);
	tu_exec(d, "UPDATE stay SET facility_id = 2 WHERE person_id = (SELECT id FROM person "
	           "WHERE participant_code = 'ST-3')");
	test_receive();
	test_draw();
	test_totals();
	test_correct_and_reconcile();
	test_report();
	db_close(d);
	return tap_done();
}
