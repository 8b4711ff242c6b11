/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_review.c - "roster: needs a look" in a real vault file made
 * by the real migrations: the rows a real import of tests/roster/ leaves
 * waiting, listed for health staff and supervisors only; linked, added
 * and dismissed; a row resolved by someone else in between refused; the
 * rows of the same booking resolved together; and the next import
 * finding the linked bookings by id, changing nothing.
 */
#include <stdlib.h>

#include "roster_fixture.h"
#include "roster_review.h"

/* Everything linking may change, as one string. */
static const char *
state(char *out, size_t n)
{
	snprintf(out, n, "%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld",
	         count("SELECT count(*) FROM audit"), count("SELECT count(*) FROM person"),
	         count("SELECT count(*) || total(version) FROM stay"),
	         count("SELECT count(*) FROM task"),
	         count("SELECT count(*) FROM roster_review WHERE resolution IS NULL"),
	         count("SELECT count(*) FROM roster_person"),
	         count("SELECT count(*) FROM roster_booking"),
	         count("SELECT count(*) FROM stay_expected_change"),
	         count("SELECT count(*) FROM roster_stay WHERE release_import IS NOT NULL"));
	return out;
}

static int
import(struct session *s, const struct roster_result *r, struct roster_summary *m)
{
	int rc = roster_import(s, &prof, pname, r, 0, m);

	if (rc != 0)
		tap_diag("import: %s", s->err);
	return rc;
}

/* The waiting row whose last name is last, from s's list (0: none). */
static int64_t
row_of(struct session *s, const char *last, struct roster_look *out)
{
	struct roster_look *rows;
	int64_t id = 0;
	int n;

	if (roster_review_list(s, &rows, &n) != 0)
		tap_bail("list: %s", s->err);
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].last, last) == 0) {
			id = rows[i].id;
			if (out)
				*out = rows[i];
		}
	free(rows);
	return id;
}

/* ---------------------------------------------------------------- ridge */

static void
test_ridge(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct roster_look look, *rows;
	struct session s, hs;
	struct person added = {0};
	int64_t zoe, ola, n64, okafor, brandt, nunez, lind, lind_id;
	char before[400], after[400], name[300];
	int n;

	as(&s, "sam", T0);
	zoe = person(&s, "R-1", "Zoë B Okafor", "1979-06-01");
	ola = person(&s, "R-2", "Ola Brandt", "1960-01-01");
	read_fixture("ridge", &r);
	ok(import(&s, &r, m) == 0 && m->waiting == 5, "ridge: five rows wait for a look");

	as(&hs, "hana", T0);
	ok(roster_review_count(&hs, &n64, NULL) == 0 && n64 == 5, "health staff count five");
	ok(roster_review_list(&hs, &rows, &n) == 0 && n == 5, "  and list five");
	free(rows);
	okafor = row_of(&hs, "Okafor", &look);
	ok(okafor > 0 && look.ncand == 1 && look.cand[0].person_id == zoe,
	   "Okafor's row names the person who might be her");
	is_str(look.cand[0].code, "R-1", "  by participant code");
	is_str(look.cand[0].name, "Zoë B Okafor", "  and name");
	is_str(roster_look_name(&look, name, sizeof name), "Zoë B Okafor",
	       "  the row's name as people write it");
	is_str(look.birth, "1979", "  the row's birth year");
	ok(look.released_at == 1682139600 && look.date_only && !look.in_custody,
	   "  released on a date only");
	ok(look.booked_at == 1682053200 && look.booked_date_only,
	   "  booked on a date only, the start of that day in Chicago");

	as(&s, "cal", T0);
	ok(roster_review_count(&s, &n64, NULL) == 0 && n64 == 0, "a caseworker counts none");
	state(before, sizeof before);
	ok(roster_review_list(&s, &rows, &n) != 0 && n == 0, "  and may not list them");
	has_str(s.err, "health staff and supervisors", "  saying who may");
	ok(roster_review_link(&s, okafor, zoe) != 0, "  nor link one");
	ok(strcmp(before, state(after, sizeof after)) == 0, "  and nothing is written");

	/* Link: the booking, its date-only release, the crosswalk. */
	ok(roster_review_link(&hs, okafor, zoe) == 0, "health staff link Okafor's row to her");
	is_int(about(zoe, "SELECT released_at FROM stay WHERE person_id = ?1"), 1682139600,
	       "  her stay is released at the start of that day");
	is_int(about(zoe, "SELECT count(*) FROM roster_stay rs JOIN stay t ON t.id = rs.stay_id "
	                  "WHERE t.person_id = ?1 AND rs.release_precision = 'date' AND "
	                  "rs.release_import = (SELECT max(id) FROM roster_import)"), 1,
	       "  marked date only, by the import that read it");
	is_int(about(zoe, "SELECT count(*) FROM roster_stay rs JOIN stay t ON t.id = rs.stay_id "
	                  "WHERE t.person_id = ?1 AND t.booked_at = 1682053200 AND "
	                  "rs.booked_import = (SELECT max(id) FROM roster_import)"), 1,
	       "  its booking too, a date only");
	ok(about(zoe, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'") > 0,
	   "  her clocks started");
	is_int(about(zoe, "SELECT count(*) FROM roster_person WHERE jail_id = '000704468' AND "
	                  "person_id = ?1"), 1, "  the jail's id is in the crosswalk");
	is_int(about(okafor, "SELECT count(*) FROM roster_review WHERE id = ?1 AND "
	                     "resolution = 'linked' AND resolved_by = (SELECT id FROM user "
	                     "WHERE name = 'hana') AND resolved_at IS NOT NULL"), 1,
	       "  the row is resolved: by whom, when, how");
	is_int(about(zoe, "SELECT count(*) FROM audit WHERE action = 'roster_link' AND "
	                  "person_id = ?1"), 1, "  in the audit log");

	/* Someone else, a moment later, from a list read before. */
	as(&s, "sam", T0 + 60);
	state(before, sizeof before);
	ok(roster_review_link(&s, okafor, ola) != 0, "a row already linked is refused");
	has_str(s.err, "Hana Health already looked at this row", "  saying who");
	ok(strcmp(before, state(after, sizeof after)) == 0, "  and nothing is written");
	ok(roster_review_dismiss(&s, okafor, NULL) != 0, "  dismissing it too");

	/* A row an import would record only in part is refused whole. */
	brandt = row_of(&hs, "Brandt", NULL);
	tu_exec(d, "UPDATE roster_review SET released_at = released_at + 1000 * 86400 "
	           "WHERE last_name = 'Brandt'");
	state(before, sizeof before);
	ok(roster_review_link(&s, brandt, ola) != 0, "a transfer dated in the future is refused");
	has_str(s.err, "the release is in the future: nothing was changed", "  saying why");
	ok(strcmp(before, state(after, sizeof after)) == 0, "  and not even the booking is kept");
	tu_exec(d, "UPDATE roster_review SET released_at = released_at - 1000 * 86400 "
	           "WHERE last_name = 'Brandt'");

	/* A transfer linked: the stay ends with no community clocks. */
	ok(roster_review_link(&s, brandt, ola) == 0, "a supervisor links Brandt's row");
	is_int(about(ola, "SELECT count(*) FROM stay WHERE person_id = ?1 AND "
	                  "release_type = 'transfer'"), 1, "  his transfer ends the stay");
	is_int(about(ola, "SELECT count(*) FROM task WHERE person_id = ?1 AND status = 'open'"), 0,
	       "  with no community clocks");

	/* Add: a new person from the row, then the booking. */
	lind = row_of(&hs, "Lindqvist", &look);
	added.participant_code = "R-3";
	added.legal_name = roster_look_name(&look, name, sizeof name);
	ok(roster_review_add(&hs, lind, &added) == 0 && added.id > 0,
	   "health staff add Lindqvist from the row");
	lind_id = added.id;
	is_int(about(lind_id, "SELECT count(*) FROM person WHERE id = ?1 AND "
	                      "legal_name = 'Sam Lindqvist'"), 1, "  with the row's name");
	is_int(about(lind_id, "SELECT count(*) FROM stay WHERE person_id = ?1 AND "
	                      "released_at IS NULL"), 1, "  in custody");
	is_int(about(lind, "SELECT count(*) FROM roster_review WHERE id = ?1 AND "
	                   "resolution = 'added' AND person_id IS NOT NULL"), 1,
	       "  the row says added");
	state(before, sizeof before);
	added.id = 0;
	added.participant_code = "R-3";
	ok(roster_review_add(&hs, lind, &added) != 0, "adding the same row twice is refused");
	ok(strcmp(before, state(after, sizeof after)) == 0, "  and adds nobody");

	/* Dismiss, with why. */
	nunez = row_of(&hs, "Núñez", NULL);
	ok(roster_review_dismiss(&hs, nunez, "held for another county; never ours") == 0,
	   "health staff dismiss Núñez's row");
	is_int(about(nunez, "SELECT count(*) FROM roster_review WHERE id = ?1 AND "
	                    "resolution = 'dismissed' AND why LIKE 'held%' AND person_id IS NULL"),
	       1, "  resolved as dismissed, with why");
	ok(roster_review_count(&hs, &n64, NULL) == 0 && n64 == 1, "one row still waits");

	/* The next import: the linked bookings found by id, nothing new. */
	r.sha256[0] ^= 1;
	state(before, sizeof before);
	ok(import(&s, &r, m) == 0, "ridge imported again");
	is_int(m->links + m->new_bookings + m->releases + m->transfers, 0,
	       "  nothing new recorded");
	is_int(m->waiting, 1, "  only Fifita waits");
	is_int(count("SELECT count(*) FROM roster_review"), 5, "  the dismissed row stays dismissed");
	is_int(count("SELECT count(*) FROM stay"), 3, "  no stay added");
	/* Past the audit count (the import's own row): all as it was. */
	state(after, sizeof after);
	is_str(strchr(after, '/'), strchr(before, '/'), "  every other count as it was");
	roster_result_free(&r);
	free(m);
}

/* ---------------------------------------------------------------- hourly */

static void
hour(struct session *s, int64_t now, const char *csv, struct roster_summary *m)
{
	struct roster_result r;

	parse(hourly, csv, &r);
	as(s, "sam", now);
	if (import(s, &r, m) != 0)
		tap_bail("hourly import failed");
	roster_result_free(&r);
}

/* One booking, two spellings in two snapshots: two rows, one person. */
static void
test_same_booking(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct session s, hs;
	int64_t ivy, row, h = T0 + 2 * HOUR;

	as(&s, "sam", T0);
	ivy = person(&s, "Y-1", "Ivy Yew", "1984-04-04");
	hour(&s, h, HDR "Y7,\"Yew, Ivy\",1984,2024-05-01 10:30,\n", m);
	is_int(m->waiting, 1, "11:00: Ivy Yew waits (a birth year only)");
	hour(&s, h + HOUR, HDR "Y7,\"YEW, IVY\",1984,2024-05-01 10:30,2024-05-30\n", m);
	is_int(count("SELECT count(*) FROM roster_review WHERE booking = 'Y7' AND "
	             "resolution IS NULL"), 2, "12:00: the same booking waits twice");
	as(&hs, "hana", h + 2 * HOUR);
	row = about(0, "SELECT min(id) FROM roster_review WHERE booking = 'Y7'");
	ok(roster_review_link_code(&hs, row, "Y-9") != 0, "a code nobody has is refused");
	has_str(hs.err, "nobody has this code", "  saying so");
	ok(roster_review_link_code(&hs, row, "Y-1") == 0, "linking the first row by her code");
	is_int(count("SELECT count(*) FROM roster_review WHERE booking = 'Y7' AND "
	             "resolution = 'linked'"), 2, "  links the other row of the booking too");
	is_int(about(ivy, "SELECT count(*) FROM stay WHERE person_id = ?1"), 1, "  one stay");
	is_int(about(ivy, "SELECT expected_release_at FROM stay WHERE person_id = ?1"),
	       T0 + 29 * DAY - 9 * HOUR, "  with the expected date the later file gave");
	is_int(about(ivy, "SELECT rs.last_seen_at FROM roster_stay rs JOIN stay t ON "
	                  "t.id = rs.stay_id WHERE t.person_id = ?1"), h + HOUR,
	       "  last seen at 12:00, by the last file that had it");
	hour(&s, h + 3 * HOUR, HDR, m);
	is_int(m->inferred, 1, "14:00: missing from the snapshot");
	is_int(about(ivy, "SELECT released_at FROM stay WHERE person_id = ?1"), h + HOUR,
	       "  released at 12:00, when last seen");
	free(m);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("review.db");
	test_ridge();
	test_same_booking();
	db_close(d);
	return tap_done();
}
