/* SPDX-License-Identifier: ISC */
/*
 * unit_audit_list.c - reading the audit log: each filter alone and
 * together, pages that neither skip nor repeat a row, what an admin may
 * see, who is refused, and the search's own audit row.
 *
 * The log is built by hand below, one known row at a time, so every
 * expected sequence number is counted here rather than read back:
 *
 *   seq  when (UTC day)  user  action      person
 *    1   05-01           cal   login
 *    2   05-01           cal   create      joe
 *    3   05-01           cal   create      ann
 *    4   05-02           cora  login
 *    5   05-02           cora  break_glass joe (the reason as detail)
 *    6   05-02           cora  view        joe
 *    7   05-03           sam   login
 *    8   05-03           sam   view        ann
 *    9   05-04           cal   login
 *   10-34 05-04          cal   view        joe (25 times)
 *   35   05-05           sam   login       (the searching session)
 * and from 36 on, one audit_list row for each search from the newest.
 */
#include <stdlib.h>
#include <string.h>

#include "audit_list.h"
#include "fixture.h"

#define REASON "Called by the clinic about a missed dose"
#define PAGE 100

static int64_t joe, ann;
static struct audit_row rows[PAGE];

static int64_t
mk_named(struct session *s, const char *code, const char *name)
{
	struct person p = {0};

	p.participant_code = code;
	p.preferred_name = name;
	if (person_create(s, &p) != 0)
		tap_bail("create %s: %s", code, s->err);
	return p.id;
}

static void
view(struct session *s, int64_t id)
{
	struct person p;

	if (person_get(s, id, &p) != 0)
		tap_bail("view: %s", s->err);
	person_free(&p);
}

static void
build_log(void)
{
	struct session s;

	as(&s, "cal", T0);
	joe = mk_named(&s, "AL-1", "Joe Example");
	ann = mk_named(&s, "AL-2", "Ann Example");
	as(&s, "cora", T0 + DAY);
	if (glass(&s, joe, REASON) != 0)
		tap_bail("glass: %s", s.err);
	view(&s, joe);
	as(&s, "sam", T0 + 2 * DAY);
	view(&s, ann);
	as(&s, "cal", T0 + 3 * DAY);
	for (int i = 0; i < 25; i++)
		view(&s, joe);
	is_int(count("SELECT count(*) FROM audit"), 34, "the log holds the 34 rows built");
}

/* The sequence numbers of a page, "36 35 34", to compare in one go. */
static const char *
seqs(int n)
{
	static char out[1200];
	size_t at = 0;

	out[0] = 0;
	for (int i = 0; i < n && at < sizeof out; i++)
		at += (size_t)snprintf(out + at, sizeof out - at, "%s%lld", i ? " " : "",
		                       (long long)rows[i].seq);
	return out;
}

static int
list(struct session *s, struct audit_filter f, int64_t before, int limit, int *n)
{
	return audit_list(s, &f, before, rows, limit, n);
}

static void
test_filters(struct session *s)
{
	int n;

	ok(list(s, (struct audit_filter){0}, 0, 5, &n) == 0, "a supervisor reads the log: %s",
	   s->err);
	is_str(seqs(n), "36 35 34 33 32", "  newest first, the search's own row on top");
	is_str(rows[0].action, "audit_list", "  the search is recorded");
	is_str(rows[0].user, "sam", "  by the one who searched");
	is_str(rows[0].detail, "everything", "  naming no filter");
	is_int(rows[1].at, T0 + 4 * DAY, "  each row has its time");

	ok(list(s, (struct audit_filter){.user = "CORA"}, 0, PAGE, &n) == 0, "by user");
	is_str(seqs(n), "6 5 4", "  cora's rows only, the name in any case");
	is_str(rows[0].user, "cora", "  with her name");

	ok(list(s, (struct audit_filter){.action = "login"}, 0, PAGE, &n) == 0, "by action");
	is_str(seqs(n), "35 9 7 4 1", "  the logins only");
	ok(list(s, (struct audit_filter){.action = "LOG*"}, 0, PAGE, &n) == 0, "by prefix");
	is_str(seqs(n), "35 9 7 4 1", "  every action starting so, in any case");
	ok(list(s, (struct audit_filter){.action = "b*"}, 0, PAGE, &n) == 0, "another prefix");
	is_str(seqs(n), "5", "  break_glass only");
	is_str(rows[0].detail, REASON, "  a supervisor sees its reason");
	ok(list(s, (struct audit_filter){.action = "log"}, 0, PAGE, &n) == 0 && n == 0,
	   "an exact action is not a prefix");

	ok(list(s, (struct audit_filter){.person = "al-1"}, 0, PAGE, &n) == 0, "by person's code");
	is_int(n, 29, "  joe's 28 rows and this search's own");
	is_int(rows[0].person_id, joe, "  the search names the person it was about");
	is_str(rows[0].detail, "person", "  by the field's name, not the code");
	is_int(rows[n - 1].seq, 2, "  down to his record's creation");
	is_str(rows[1].code, "AL-1", "  each row with the code");
	is_str(rows[1].name, "Joe Example", "  and the name");

	char num[24];
	snprintf(num, sizeof num, "#%lld", (long long)ann);
	ok(list(s, (struct audit_filter){.person = num}, 0, PAGE, &n) == 0, "by record number");
	is_str(seqs(n) + strcspn(seqs(n), " ") + 1, "8 3", "  ann's rows under the search's own");

	ok(list(s, (struct audit_filter){.from = "2024-05-02", .to = "2024-05-02"}, 0, PAGE,
	        &n) == 0, "by a day");
	is_str(seqs(n), "6 5 4", "  that day's rows");
	ok(list(s, (struct audit_filter){.to = "2024-05-01"}, 0, PAGE, &n) == 0, "up to a day");
	is_str(seqs(n), "3 2 1", "  the rows to its end");
	ok(list(s, (struct audit_filter){.from = "2024-05-03", .action = "view"}, 0, PAGE, &n) ==
	   0, "from a day, with an action");
	is_int(n, 26, "  sam's view and cal's 25");

	ok(list(s, (struct audit_filter){.user = "cora", .person = "AL-1"}, 0, PAGE, &n) == 0,
	   "user and person together");
	is_str(seqs(n), "6 5", "  only rows that match both");
	ok(list(s, (struct audit_filter){.user = "hana"}, 0, PAGE, &n) == 0 && n == 0,
	   "a user with no rows: an empty page, not an error");
}

static void
test_paging(struct session *s)
{
	struct audit_filter f = {.user = "cal", .person = "AL-1", .action = "view",
	                         .from = "2024-05-04", .to = "2024-05-04"};
	char all[400] = "";
	long long before;
	int n, pages = 0;
	int64_t last = 0;

	ok(audit_list(s, &f, 0, rows, 10, &n) == 0 && n == 10, "every filter at once, 10 a page");
	strcat(all, seqs(n));
	before = count("SELECT count(*) FROM audit");
	while (n == 10 && pages < 10) {
		last = rows[n - 1].seq;
		if (audit_list(s, &f, last, rows, 10, &n) != 0)
			break;
		strcat(all, " ");
		strcat(all, seqs(n));
		pages++;
	}
	is_str(all, "34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 16 15 14 13 12 11 10",
	       "  three pages, no row missing and none twice");
	is_int(pages, 2, "  the last one short");
	is_int(count("SELECT count(*) FROM audit"), before, "  later pages add no audit row");
	is_str(last_detail(), "user, person, action, from, to", "  the search named its fields");
	has_str(last_detail(), "person", "  and not what they held:");
	ok(!strstr(last_detail(), "AL-1") && !strstr(last_detail(), "cal"),
	   "  no code and no user name in it");
}

static void
test_admin(void)
{
	struct session s;
	char num[24];
	int n, hidden = 1, seen_detail = 0;

	as(&s, "adam", T0 + 4 * DAY);
	REFUSED(s, list(&s, (struct audit_filter){.person = "AL-1"}, 0, PAGE, &n),
	        "by record number", "an admin cannot search by participant code");
	REFUSED(s, list(&s, (struct audit_filter){.person = "NOBODY"}, 0, PAGE, &n),
	        "by record number", "  nor learn whether a code exists");
	snprintf(num, sizeof num, "#%lld", (long long)joe);
	ok(list(&s, (struct audit_filter){.person = num}, 0, PAGE, &n) == 0 && n > 20,
	   "an admin searches by record number: %s", s.err);
	for (int i = 0; i < n; i++)
		if (rows[i].code[0] || rows[i].name[0] || rows[i].detail[0] || rows[i].person_id != joe)
			hidden = 0;
	ok(hidden, "  every row shows the record number, no code, name or detail");
	ok(list(&s, (struct audit_filter){.action = "b*"}, 0, PAGE, &n) == 0 && n == 1 &&
	   rows[0].detail[0] == 0, "  not the break-the-glass reason either");
	ok(list(&s, (struct audit_filter){.user = "sam", .action = "audit_list"}, 0, PAGE, &n) == 0,
	   "an admin reads rows about no person");
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].detail, "user") == 0)
			seen_detail = 1;
	ok(seen_detail, "  in full, details and all");
}

static void
test_refused(struct session *sup)
{
	struct session s;
	int n;

	as(&s, "cal", T0 + 4 * DAY);
	REFUSED(s, list(&s, (struct audit_filter){0}, 0, PAGE, &n), "only supervisors and admins",
	        "a caseworker cannot read the log");
	as(&s, "hana", T0 + 4 * DAY);
	REFUSED(s, list(&s, (struct audit_filter){0}, 0, PAGE, &n), "only supervisors and admins",
	        "health staff cannot either");
	ok(n == 0, "  and get no rows");

	REFUSED(*sup, list(sup, (struct audit_filter){.from = "2024-02-30"}, 0, PAGE, &n),
	        "from: '2024-02-30' is not a date", "a date that is not a date");
	REFUSED(*sup, list(sup, (struct audit_filter){.to = "yesterday"}, 0, PAGE, &n),
	        "to: 'yesterday' is not a date", "a word for a date");
	REFUSED(*sup, list(sup, (struct audit_filter){.from = "2024-05-03", .to = "2024-05-01"}, 0,
	                   PAGE, &n), "ends (2024-05-01) before it starts",
	        "a period that ends before it starts");
	REFUSED(*sup, list(sup, (struct audit_filter){.user = "nobody"}, 0, PAGE, &n),
	        "nobody is named 'nobody'", "a user who does not exist");
	REFUSED(*sup, list(sup, (struct audit_filter){.person = "ZZ-9"}, 0, PAGE, &n),
	        "no person has the participant code 'ZZ-9'", "a code that is no one's");
	REFUSED(*sup, list(sup, (struct audit_filter){.person = "#999"}, 0, PAGE, &n),
	        "no person has record number 999", "a record number that is no one's");
	REFUSED(*sup, list(sup, (struct audit_filter){.action = "view'--"}, 0, PAGE, &n),
	        "letters, digits and _ only", "an action with other characters");
}

int
main(void)
{
	struct session s;

	fx_setup("auditlog.db");
	build_log();
	as(&s, "sam", T0 + 4 * DAY);
	test_filters(&s);
	test_paging(&s);
	test_admin();
	test_refused(&s);
	db_close(d);
	return tap_done();
}
