/* SPDX-License-Identifier: ISC */
/*
 * unit_import_role.c - the import account (role import): it may import
 * the jail's roster and nothing else.  Every case record, the search, the
 * queues, the program report, an export, the audit list and
 * break-the-glass refuse it with one sentence and write nothing; it holds
 * no caseload and is offered in no pick list; only an admin makes one.
 */
#include <stdlib.h>
#include <string.h>

#include "audit_list.h"
#include "export.h"
#include "fixture.h"
#include "followup.h"
#include "period.h"
#include "queue.h"
#include "report.h"
#include "search.h"
#include "user.h"

static int64_t ivy, held;

static void
test_role_words(void)
{
	enum role r = ROLE_HEALTH;

	ok(role_parse("import", &r) == 0 && r == ROLE_IMPORT, "\"import\" is a role");
	is_str(role_name(ROLE_IMPORT), "import", "and reads back as its word");
	ok(!access_role_can_see_cases(ROLE_IMPORT), "an import account sees no cases");
}

static void
test_records(void)
{
	struct session s;
	struct person p = {0};
	struct search_hit hits[4];
	struct queue_row rows[4];
	int n, why = 0;

	as(&s, "ivy", T0 + DAY);
	REFUSED(s, access_person(&s, held, ACCESS_VIEW, &why), ACCESS_IMPORT_ONLY,
	        "a person in custody is not the import account's to see");
	ok(why == 0, "  and break-the-glass is not offered");
	REFUSED(s, access_person(&s, held, ACCESS_WRITE, NULL), ACCESS_IMPORT_ONLY,
	        "nor to change");
	REFUSED(s, person_get(&s, held, &p), ACCESS_IMPORT_ONLY, "a record is not read");
	p = (struct person){.participant_code = "IMP-1"};
	REFUSED(s, person_create(&s, &p), ACCESS_IMPORT_ONLY, "a person is not added by hand");
	REFUSED(s, search_people(&s, "Example", 0, 4, hits, &n), ACCESS_IMPORT_ONLY,
	        "the search is refused");
	REFUSED(s, queue_contact_48h(&s, NULL, rows, 4, &n), ACCESS_IMPORT_ONLY,
	        "the queues are refused");
	REFUSED(s, glass(&s, held, "Called by the jail nurse about a medication question."),
	        ACCESS_IMPORT_ONLY, "break-the-glass is refused");
	ok(count("SELECT count(*) FROM break_glass") == 0, "  and no access is opened");
}

static void
test_reports(void)
{
	struct session s;
	struct period per;
	struct report r;
	struct audit_filter f = {0};
	struct audit_row rows[4];
	int n;

	as(&s, "ivy", T0 + DAY);
	if (period_parse(&s, "2024-04-01", "2024-05-31", &per) != 0)
		tap_bail("period: %s", s.err);
	REFUSED(s, report_metrics(&s, &per, 0, &r), ACCESS_IMPORT_ONLY,
	        "the program report is refused");
	REFUSED(s, export_allowed(&s), ACCESS_IMPORT_ONLY, "an export is refused");
	REFUSED(s, audit_list(&s, &f, 0, rows, 4, &n), ACCESS_IMPORT_ONLY,
	        "the audit list is refused");
}

static void
test_caseload(void)
{
	struct session s;
	struct followup_user *staff = NULL;
	int n = 0, offered = 0;

	as(&s, "sam", T0 + DAY);
	ok(person_check_caseworker(&s, ivy) != 0, "an import account cannot hold a caseload");
	has_str(s.err, "is not a caseworker or supervisor", "  with a clear message");
	if (!ok(followup_caseworkers(&s, &staff, &n) == 0, "the caseworker list reads"))
		tap_diag("%s", s.err);
	for (int i = 0; i < n; i++)
		offered |= staff[i].id == ivy;
	ok(n > 0 && !offered, "  and does not offer the import account");
	free(staff);
}

static void
test_made_by_admins(void)
{
	struct session s;

	as(&s, "sam", T0 + DAY);
	ok(user_add(&s, "feed2", NULL, ROLE_IMPORT, "temporary import two", DB_KDF_INTERACTIVE) !=
	       0, "a supervisor cannot add an import account");
	as(&s, "adam", T0 + DAY);
	if (!ok(user_add(&s, "feed2", "Roster import", ROLE_IMPORT, "temporary import two",
	                 DB_KDF_INTERACTIVE) == 0, "an admin can"))
		tap_diag("%s", s.err);
	ok(count("SELECT count(*) FROM user WHERE name = 'feed2' AND role = 'import'") == 1,
	   "  and the role is stored");
}

int
main(void)
{
	struct session s;

	fx_setup("import_role.db");
	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('ivy', 'Roster Import', 'import', 1, 1)");
	ivy = fx_user("ivy");
	as(&s, "hana", T0);
	held = mk_person(&s, "IMP-0");
	mk_stay(&s, held, T0, 0);
	test_role_words();
	test_records();
	test_reports();
	test_caseload();
	test_made_by_admins();
	db_close(d);
	return tap_done();
}
