/* SPDX-License-Identifier: ISC */
/*
 * unit_naloxone.c - naloxone at release and the reports that follow, on
 * a real vault file: what each outcome needs, expired kits, declining,
 * who may record it, and that a naloxone row takes a release off the
 * "released without checkout" queue whatever its outcome.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "naloxone.h"
#include "queue.h"

static int64_t joe, ann, stay, ann_stay;

static struct naloxone
kit(void)
{
	struct naloxone n = {0};

	n.person_id = joe;
	n.stay_id = stay;
	n.outcome = "given";
	n.formulation = "nasal_4mg";
	n.quantity = 2;
	n.handover = "in_hand";
	return n;
}

/* Whether the stay is on the "released without checkout" queue. */
static int
on_checkout_queue(int64_t stay_id)
{
	struct session s;
	struct queue_row rows[20];
	int n, found = 0;

	as(&s, "sam", T0);
	if (queue_no_checkout(&s, &(struct queue_filter){0}, rows, 20, &n) != 0)
		tap_bail("queue: %s", s.err);
	for (int i = 0; i < n; i++)
		found |= rows[i].item_id == stay_id;
	return found;
}

static void
test_record(void)
{
	struct session s;
	struct naloxone n = kit();

	ok(on_checkout_queue(stay), "a release with no naloxone is on the checkout queue");
	as(&s, "cal", T0);
	n.lot = "LT-20931";
	n.expiry = "2024-05-01";
	n.kit = "first";
	ok(naloxone_record(&s, &n) == 0, "a first kit given in hand: %s", s.err);
	ok(n.id > 0 && n.version == 1 && n.at == T0 && n.by_user == cal,
	   "  with an id, version 1, now, by the caseworker");
	ok(n.updated_by == cal && n.updated_at == T0, "  saved last by the caseworker, now");
	is_int(count("SELECT count(*) FROM naloxone WHERE quantity = 2 AND lot = 'LT-20931' AND "
	             "expiry = '2024-05-01' AND kit = 'first'"), 1, "  every detail kept");
	is_str(last_detail(), "given: stay, formulation, quantity, lot, expiry, handover, first kit "
	       "or refill", "  audited with the outcome and field names");
	ok(!on_checkout_queue(stay), "  and the release is off the checkout queue");

	ok(on_checkout_queue(ann_stay), "another release without checkout");
	n = (struct naloxone){.person_id = ann, .stay_id = ann_stay, .outcome = "declined"};
	ok(naloxone_record(&s, &n) == 0, "declined without a reason");
	is_str(last_detail(), "declined: stay", "  audited as declined");
	ok(!on_checkout_queue(ann_stay), "  declining counts as checked out");
	n.decline_reason = "Has two kits at home already.";
	ok(naloxone_record(&s, &n) == 0, "declined with a reason");

	n = kit();
	n.outcome = "placed_in_property";
	n.handover = "property_bag";
	n.formulation = "nasal_8mg";
	n.quantity = 1;
	n.kit = "refill";
	ok(naloxone_record(&s, &n) == 0, "a refill placed in the property bag");
	n = (struct naloxone){.person_id = joe, .stay_id = stay, .outcome = "offered"};
	ok(naloxone_record(&s, &n) == 0, "offered, nothing handed over yet");
	n = kit();
	n.formulation = "im_0_4mg_ml";
	n.quantity = 50;
	n.handover = "community_pickup";
	n.stay_id = 0;
	ok(naloxone_record(&s, &n) == 0, "fifty IM doses for community pickup, not tied to a stay");
}

static void
test_bad_input(void)
{
	struct session s;
	struct naloxone n;

	as(&s, "cal", T0);
#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		n = kit();                                                                \
		n.field = value;                                                          \
		REFUSED(s, naloxone_record(&s, &n), says, what);                          \
	} while (0)
	TRY(outcome, "handed_out", "outcome: 'handed_out' is not one of the choices",
	    "an unknown outcome");
	TRY(outcome, NULL, "outcome: this is required", "no outcome");
	TRY(formulation, "nasal_2mg", "formulation: 'nasal_2mg' is not one of the choices",
	    "an unknown formulation");
	TRY(handover, "drone", "handover: 'drone' is not one of the choices", "an unknown handover");
	TRY(kit, "second", "first kit or refill: 'second' is not one of the choices",
	    "an unknown kind of kit");
	TRY(quantity, 51, "quantity: 1 to 50", "51 kits");
	TRY(quantity, -1, "quantity: 1 to 50", "a negative quantity");
	TRY(quantity, 0, "quantity: this is required", "a kit given with no quantity");
	TRY(formulation, NULL, "formulation: this is required", "a kit given with no formulation");
	TRY(handover, NULL, "handover: this is required", "a kit given with no handover");
	TRY(handover, "property_bag", "recorded as placed in property, not given",
	    "a kit given into the property bag");
	TRY(expiry, "2024-04-30", "expiry: 2024-04-30 is in the past: this kit has expired",
	    "a new kit with an expiry in the past");
	TRY(expiry, "2026-02-29", "expiry: '2026-02-29' is not a date", "an impossible expiry date");
	TRY(expiry, "05/2026", "expiry: '05/2026' is not a date", "an expiry in another format");
	TRY(expiry, "2024-04", "expiry: 2024-04-30 is in the past", "a kit whose month has ended");
	TRY(expiry, "2024-13", "expiry: '2024-13' is not a date", "a month that does not exist");
	n = kit();
	n.person_id = ann;
	n.stay_id = ann_stay;
	n.expiry = "2024-05";
	ok(naloxone_record(&s, &n) == 0, "an expiry as a kit prints it, a month: %s", s.err);
	is_int(count("SELECT count(*) FROM naloxone WHERE expiry = '2024-05-31'"), 1,
	       "  kept as the month's last day");
	TRY(lot, "LT-\xe2\x82", "lot: contains bytes that are not text", "a lot that is not UTF-8");
	TRY(lot, "LT\t1", "lot: contains a control character", "a tab in a lot");
	TRY(lot, "12345678901234567890123456789012345678901", "lot: too long (at most 40",
	    "a lot of 41 characters");
	TRY(decline_reason, "no", "reason for declining: only when the person declined",
	    "a reason for a kit that was given");
	TRY(at, T0 + HOUR, "naloxone time: it is in the future", "naloxone in the future");
	TRY(stay_id, 424242, "stay: not one of this person's stays", "a stay that is not there");
#undef TRY
	n = kit();
	n.outcome = "placed_in_property";
	REFUSED(s, naloxone_record(&s, &n), "placed in property is handed over in the property bag",
	        "a kit placed in property but handed over in hand");
	n = (struct naloxone){.person_id = joe, .outcome = "declined", .formulation = "nasal_4mg"};
	REFUSED(s, naloxone_record(&s, &n), "kit details: only for a kit given or placed in property",
	        "kit details with a declined kit");
	n = (struct naloxone){.person_id = joe, .outcome = "offered", .quantity = 2};
	REFUSED(s, naloxone_record(&s, &n), "kit details: only for a kit given or placed in property",
	        "a quantity with a kit only offered");
}

static void
test_roles(void)
{
	struct session s;
	struct naloxone n = kit();

	as(&s, "adam", T0);
	REFUSED(s, naloxone_record(&s, &n), "admins do not see case records",
	        "an admin cannot record naloxone");
	as(&s, "cora", T0);
	REFUSED(s, naloxone_record(&s, &n), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
	as(&s, "hana", T0);
	ok(naloxone_record(&s, &n) == 0, "health staff record a kit for someone just released");
	as(&s, "hana", T0 + 15 * DAY);
	n.at = T0;
	REFUSED(s, naloxone_record(&s, &n), "needs break-the-glass",
	        "  but not once the release is past their window");
	ok(glass(&s, joe, "checkout recorded late") == 0 && naloxone_record(&s, &n) == 0,
	   "  unless through break-the-glass");
	is_int(n.updated_at, T0 + 15 * DAY, "  handed over then, saved now");
	is_int(count("SELECT count(*) FROM naloxone WHERE at = 1714554000 AND updated_at = "
	             "1714554000 + 15 * 86400 AND updated_by = (SELECT id FROM user WHERE "
	             "name = 'hana')"), 1, "  and the row says when, and by whom");
}

static void
test_events(void)
{
	struct session s;
	struct naloxone_event e = {0};
	int64_t first = count("SELECT min(id) FROM naloxone WHERE person_id = 1");
	int64_t anns = count("SELECT min(id) FROM naloxone WHERE person_id = 2");

	as(&s, "cal", T0 + 5 * DAY);
	e = (struct naloxone_event){.person_id = joe, .naloxone_id = first, .kind = "used",
	                            .used_on = "other", .doses = 2, .survived = YN_YES,
	                            .called_911 = YN_NO, .at = T0 + 4 * DAY,
	                            .note = "Used it on a friend at the shelter.\nBoth okay."};
	ok(naloxone_event_record(&s, &e) == 0, "a reversal is reported: %s", s.err);
	is_int(count("SELECT count(*) FROM naloxone_event WHERE kind = 'used' AND used_on = "
	             "'other' AND doses = 2 AND survived = 1 AND called_911 = 0"), 1,
	       "  with who, doses, survival and 911");
	is_str(last_detail(), "used: kit, used on, doses, survived, 911 called, note",
	       "  audited without the note's words");
	e = (struct naloxone_event){.person_id = joe, .kind = "lost"};
	ok(naloxone_event_record(&s, &e) == 0, "a lost kit");
	is_str(last_detail(), "lost", "  audited as lost");
	e = (struct naloxone_event){.person_id = joe, .kind = "confiscated", .note = "By police."};
	ok(naloxone_event_record(&s, &e) == 0, "a confiscated kit");
	e = (struct naloxone_event){.person_id = joe, .kind = "refilled", .naloxone_id = first};
	ok(naloxone_event_record(&s, &e) == 0, "a refill");
	e = (struct naloxone_event){.person_id = joe, .kind = "used", .used_on = "self"};
	ok(naloxone_event_record(&s, &e) == 0, "a use with only some answers known");

#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		e = (struct naloxone_event){.person_id = joe, .kind = "used"};            \
		e.field = value;                                                          \
		REFUSED(s, naloxone_event_record(&s, &e), says, what);                    \
	} while (0)
	TRY(kind, "sold", "what happened: 'sold' is not one of the choices", "an unknown event");
	TRY(kind, NULL, "what happened: this is required", "an event with no kind");
	TRY(used_on, "dog", "used on: 'dog' is not one of the choices", "an unknown used-on");
	TRY(doses, 21, "doses: 1 to 20", "21 doses");
	TRY(survived, (enum yn)9, "survived: answer yes, no or not asked", "survived = 9");
	TRY(note, "ok\x7f", "note: contains a control character", "DEL in a note");
	TRY(naloxone_id, anns, "kit: not one of this person's naloxone records",
	    "another person's kit");
	TRY(at, T0 + 6 * DAY, "time: it is in the future", "an event in the future");
#undef TRY
	e = (struct naloxone_event){.person_id = joe, .kind = "lost", .used_on = "self"};
	REFUSED(s, naloxone_event_record(&s, &e), "only when the naloxone was used",
	        "a lost kit said to be used on self");
	e = (struct naloxone_event){.person_id = joe, .kind = "refilled", .doses = 1};
	REFUSED(s, naloxone_event_record(&s, &e), "only when the naloxone was used",
	        "doses on a refill");
	e = (struct naloxone_event){.person_id = joe, .kind = "lost"};
	as(&s, "adam", T0);
	REFUSED(s, naloxone_event_record(&s, &e), "admins do not see case records",
	        "an admin cannot report an event");
	as(&s, "cora", T0);
	REFUSED(s, naloxone_event_record(&s, &e), "needs break-the-glass",
	        "another caseworker cannot report one without break-the-glass");
}

static void
test_lists(void)
{
	struct session s;
	struct naloxone *rows;
	struct naloxone_event *ev;
	int n;

	as(&s, "cal", T0 + 6 * DAY);
	ok(naloxone_list(&s, joe, &rows, &n) == 0, "list a person's naloxone");
	is_int(n, 6, "  every record");
	if (n < 6)
		tap_bail("too few");
	is_str(rows[0].lot, "LT-20931", "  the lot");
	is_str(rows[0].expiry, "2024-05-01", "  the expiry");
	is_int(rows[0].quantity, 2, "  the quantity");
	ok(rows[0].updated_at == T0 && rows[0].updated_by == cal,
	   "  when it was saved, and by whom");
	is_str(rows[2].outcome, "offered", "  an offer");
	ok(rows[2].formulation == NULL && rows[2].quantity == 0, "  with no kit details");
	naloxone_list_free(rows, n);
	ok(naloxone_event_list(&s, joe, &ev, &n) == 0, "list a person's reports");
	is_int(n, 5, "  every one");
	if (n < 5)
		tap_bail("too few");
	is_str(ev[0].note, "Used it on a friend at the shelter.\nBoth okay.", "  oldest first");
	is_int(ev[0].survived, YN_YES, "  survived");
	is_int(ev[4].survived, YN_NOT_ASKED, "  an answer not known stays not known");
	naloxone_event_list_free(ev, n);
	is_int(audits("view", "naloxone") + audits("view", "naloxone_event"), 2, "lists are audited");
	as(&s, "adam", T0);
	ok(naloxone_list(&s, joe, &rows, &n) != 0 && rows == NULL && n == 0,
	   "an admin sees no naloxone records");
	ok(naloxone_event_list(&s, joe, &ev, &n) != 0 && ev == NULL, "  nor reports");
}

int
main(void)
{
	struct session s;

	fx_setup("naloxone.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "NX-1");
	ann = mk_person(&s, "NX-2");
	stay = mk_stay(&s, joe, T0 - 3 * DAY, T0 - HOUR);
	ann_stay = mk_stay(&s, ann, T0 - 3 * DAY, T0 - 2 * HOUR);
	test_record();
	test_bad_input();
	test_roles();
	test_events();
	test_lists();
	db_close(d);
	return tap_done();
}
