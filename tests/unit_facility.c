/* SPDX-License-Identifier: ISC */
/*
 * unit_facility.c - the facilities and the provider directory as admins
 * keep them, on a real vault file: adding, renaming, retiring and bringing
 * back a facility, names in use in another case, who may change them, the
 * audit rows, and a retired facility or provider refused for a new stay
 * or referral while the old ones still name it.
 */
#include <stdlib.h>
#include <string.h>

#include "facility.h"
#include "fixture.h"
#include "provider.h"
#include "referral.h"

/* The facility table and the audit log as one string: a refusal leaves
 * both exactly as they were. */
static const char *
fac_state(char *out, size_t n)
{
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d),
	                       "SELECT (SELECT count(*) FROM audit) || '/' || "
	                       "(SELECT group_concat(id || ':' || name || ':' || active, ';') "
	                       " FROM facility) || '/' || "
	                       "(SELECT count(*) || ':' || total(version) FROM provider) || '/' || "
	                       "(SELECT count(*) FROM stay) || '/' || "
	                       "(SELECT count(*) FROM referral)",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

#define NOTHING(s, call, says, ...)                                                      \
	do {                                                                             \
		char before_[600], after_[600];                                          \
		fac_state(before_, sizeof before_);                                      \
		ok((call) != 0, __VA_ARGS__);                                            \
		has_str((s).err, says, "  with a clear message");                       \
		if (!ok(strcmp(before_, fac_state(after_, sizeof after_)) == 0,          \
		        "  and nothing is written"))                                     \
			tap_diag("  before %s, after %s", before_, after_);              \
	} while (0)

static int64_t north, south;

static void
test_add(void)
{
	struct session s;
	struct facility_row rows[8];
	int64_t id = 0;
	int n;

	as(&s, "adam", T0);
	ok(facility_create(&s, "North Annex", &id) == 0, "an admin adds a facility: %s", s.err);
	north = id;
	ok(north > 1, "  with an id");
	is_int(count("SELECT count(*) FROM audit WHERE action = 'create' AND entity = 'facility' "
	             "AND person_id IS NULL"), 1, "  audited, about no person");
	is_str(last_detail(), "given: name", "  naming the field, not the name");
	ok(facility_create(&s, "South Work Release", &south) == 0, "and another");
	ok(facility_list(&s, rows, 8, &n) == 0 && n == 3, "the pick list has all three");
	if (n == 3)
		ok(!strcmp(rows[0].name, "County Jail") && !strcmp(rows[1].name, "North Annex") &&
		   rows[1].active == 1, "  by name, active");

	NOTHING(s, facility_create(&s, "north ANNEX", &id), "name: there is already a facility "
	        "called north ANNEX", "the same name in another case is refused");
	NOTHING(s, facility_create(&s, "", &id), "name: this is required", "an empty name");
	NOTHING(s, facility_create(&s, NULL, &id), "name: this is required", "no name at all");
	NOTHING(s, facility_create(&s, "Jail\x1b[2J", &id), "name: contains a control character",
	        "an escape sequence in a name");
	char long_name[130];
	memset(long_name, 'x', 121);
	long_name[121] = 0;
	NOTHING(s, facility_create(&s, long_name, &id), "name: too long", "121 characters");
	long_name[120] = 0;
	ok(facility_create(&s, long_name, &id) == 0, "120 characters are fine");

	as(&s, "sam", T0);
	NOTHING(s, facility_create(&s, "Sam's Jail", &id), "only an admin can change the "
	        "facilities", "a supervisor cannot add one");
	as(&s, "cal", T0);
	NOTHING(s, facility_rename(&s, north, "Cal's"), "only an admin", "a caseworker cannot "
	        "rename one");
	as(&s, "hana", T0);
	NOTHING(s, facility_set_active(&s, north, 0), "only an admin", "health staff cannot "
	        "retire one");
	ok(facility_list(&s, rows, 8, &n) == 0 && n == 4, "  but every role reads the names");
}

static void
test_rename(void)
{
	struct session s;
	struct facility_row f;

	as(&s, "adam", T0);
	ok(facility_rename(&s, north, "North Annex (Unit B)") == 0, "an admin renames one");
	is_str(last_detail(), "changed: name", "  audited by field name");
	is_int(audits("update", "facility"), 1, "  one update row");
	ok(facility_find(&s, "NORTH annex (unit b)", &f) == 0 && f.id == north,
	   "found by its new name in any case");
	ok(facility_rename(&s, north, "north annex (unit b)") == 0,
	   "its own name in another case is not a clash");
	NOTHING(s, facility_rename(&s, north, "SOUTH work release"), "name: there is already a "
	        "facility called SOUTH work release", "another's name in another case");
	NOTHING(s, facility_rename(&s, north, "   "), "name: this is required", "a blank name");
	NOTHING(s, facility_rename(&s, 4242, "Nowhere"), "no such facility",
	        "a facility that is not there");
	ok(facility_find(&s, "Nowhere", &f) != 0, "looking up a name that is not there");
	has_str(s.err, "no facility named 'Nowhere'", "  says so");
}

static void
test_retire(void)
{
	struct session s, cw;
	struct facility_row rows[8], f;
	struct stay_booking b = {0};
	struct stay *stays;
	int64_t joe, id;
	int n;

	as(&cw, "cal", T0);
	joe = mk_person(&cw, "FA-1");
	b.person_id = joe;
	b.facility_id = south;
	b.booked_at = T0 - DAY;
	ok(stay_book(&cw, &b, &id) == 0, "a stay at a facility still active: %s", cw.err);

	as(&s, "adam", T0 + HOUR);
	ok(facility_set_active(&s, south, 0) == 0, "an admin retires it");
	is_int(audits("retire", "facility"), 1, "  audited");
	NOTHING(s, facility_set_active(&s, south, 0), "already retired", "retiring it twice");
	ok(facility_list(&s, rows, 8, &n) == 0 && n == 3, "it leaves the pick list");
	for (int i = 0; i < n; i++)
		if (rows[i].id == south)
			ok(0, "  the retired facility is still in the pick list");
	ok(facility_list_all(&s, rows, 8, &n) == 0 && n == 4, "the full list still has it");
	for (int i = 0; i < n; i++)
		if (rows[i].id == south)
			ok(!rows[i].active, "  marked retired");
	ok(facility_find(&s, "south work release", &f) == 0 && f.id == south && !f.active,
	   "found by name, retired");

	as(&cw, "cal", T0 + 2 * HOUR);
	b.person_id = mk_person(&cw, "FA-2");
	b.booked_at = T0 + HOUR;
	NOTHING(cw, stay_book(&cw, &b, &id), "facility: not one of the active facilities",
	        "a new stay at the retired facility is refused");
	ok(stay_list(&cw, joe, &stays, &n) == 0 && n == 1 && stays[0].facility_id == south,
	   "the old stay still names it");
	free(stays);

	ok(facility_set_active(&s, south, 1) == 0, "an admin brings it back");
	is_int(audits("restore", "facility"), 1, "  audited");
	NOTHING(s, facility_set_active(&s, south, 1), "not retired", "bringing back an active one");
	ok(stay_book(&cw, &b, &id) == 0, "a new stay there is taken again: %s", cw.err);
}

static void
test_provider(void)
{
	struct session s, cw;
	struct provider p = {0}, got;
	struct referral r = {0}, *rows;
	int64_t joe, first;
	int n;

	as(&s, "adam", T0);
	p.name = "Harbor Clinic";
	p.services = "methadone";
	p.phone = "555-0100";
	p.hours = "Mon-Fri 7-15";
	p.address = "1 Harbor St";
	p.medicaid = YN_YES;
	p.walk_in = YN_NOT_ASKED;
	ok(provider_create(&s, &p) == 0, "an admin adds a provider with every field: %s", s.err);
	first = p.id;
	p.name = "HARBOR clinic";
	NOTHING(s, provider_create(&s, &p), "name: HARBOR clinic is already in the directory",
	        "the same provider name in another case");

	as(&cw, "cal", T0);
	joe = mk_person(&cw, "FA-3");
	r.person_id = joe;
	r.type = "moud_methadone";
	r.provider_id = first;
	ok(referral_create(&cw, &r) == 0, "a referral to it: %s", cw.err);

	ok(provider_get(&s, first, &got) == 0, "read it back");
	got.active = 0;
	ok(provider_update(&s, &got) == 0, "an admin retires it");
	is_str(last_detail(), "changed: active", "  audited by field name");
	provider_free(&got);

	r = (struct referral){.person_id = joe, .type = "moud_methadone", .provider_id = first};
	NOTHING(cw, referral_create(&cw, &r), "provider: no longer active in the directory",
	        "a new referral to the retired provider is refused");
	ok(referral_list(&cw, joe, &rows, &n) == 0 && n == 1 && rows[0].provider_id == first,
	   "the old referral still names it");
	referral_list_free(rows, n);
	ok(provider_get(&cw, first, &got) == 0 && !strcmp(got.name, "Harbor Clinic") &&
	   !strcmp(got.phone, "555-0100"), "  and its entry can still be read");
	provider_free(&got);
}

int
main(void)
{
	fx_setup("facility.db");
	test_add();
	test_rename();
	test_retire();
	test_provider();
	db_close(d);
	return tap_done();
}
