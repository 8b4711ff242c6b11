/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_waiting.c - the order of "roster: needs a look": a row the
 * jail says was released is a person already out, whose 48-hour clock
 * runs, so those rows come first (the earliest release first, one with
 * no date first of all) and the count says how many there are; then the
 * rows of people in custody or transferred, the oldest booking first.
 * The jail of tests/roster/ridge.csv, imported into a real vault file
 * holding nobody yet, so every row waits.
 */
#include <stdlib.h>

#include "roster_fixture.h"
#include "roster_review.h"

int
main(void)
{
	/* 2023-04-25 06:06 in Chicago: seven hours after Núñez left. */
	const int64_t now = 1682420760;
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct roster_look *rows;
	struct session s;
	int64_t n = 0, out = 0;
	char order[200] = "";
	int nrows;

	if (db_init() != 0 || !m)
		tap_bail("setup");
	fx_setup("waiting.db");
	as(&s, "sam", now);
	read_fixture("ridge", &r);
	if (roster_import(&s, &prof, pname, &r, 0, m) != 0)
		tap_bail("import: %s", s.err);
	is_int((long long)m->waiting, 5, "ridge into an empty file: five rows wait");

	as(&s, "hana", now);
	ok(roster_review_count(&s, &n, &out) == 0 && n == 5, "health staff count five");
	is_int(out, 3, "  three of them released (Fifita, Okafor, Núñez; Brandt was transferred)");
	ok(roster_review_list(&s, &rows, &nrows) == 0 && nrows == 5, "  and list five");
	for (int i = 0; i < nrows; i++)
		snprintf(order + strlen(order), sizeof order - strlen(order), "%s%s", i ? " " : "",
		         rows[i].last);
	is_str(order, "Fifita Okafor Núñez Brandt Lindqvist",
	       "released first, the earliest release first (no date, 22 April, 24 April), "
	       "then by booking");
	ok(!rows[0].released_at && !rows[0].in_custody, "  Fifita: released, no date");
	ok(rows[2].released_at == now - 7 * HOUR, "  Núñez: released 7 hours ago");
	free(rows);

	as(&s, "cal", now);
	ok(roster_review_count(&s, &n, &out) == 0 && n == 0 && out == 0,
	   "a caseworker counts none, released or not");

	roster_result_free(&r);
	free(m);
	db_close(d);
	return tap_done();
}
