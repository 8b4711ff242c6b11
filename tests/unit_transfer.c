/* SPDX-License-Identifier: ISC */
/*
 * unit_transfer.c - a transfer to another agency is no release to the
 * community: typed by hand it starts no clock, no queue asks for its
 * 48-hour contact, and the program report leaves it out of the releases
 * and of every rate built on them, counting it on its own line.  The
 * figures below are worked out by hand from the three stays made here.
 */
#include <stdlib.h>

#include "fixture.h"
#include "contact.h"
#include "period.h"
#include "queue.h"
#include "report.h"

/* How many rows of the 48-hour queue are about person id, for sam at now. */
static int
in_48h_queue(int64_t id, int64_t now)
{
	struct queue_filter f = {0};
	struct queue_row *rows = calloc(200, sizeof *rows);
	struct session s;
	int n = 0, found = 0;

	as(&s, "sam", now);
	if (!rows || queue_contact_48h(&s, &f, rows, 200, &n) != 0)
		tap_bail("queue: %s", s.err);
	for (int i = 0; i < n; i++)
		found += rows[i].person_id == id;
	free(rows);
	return found;
}

int
main(void)
{
	struct session s;
	struct stay_booking b = {0};
	struct period p;
	struct report r;
	int64_t ann, ben, cy, stay, weekly = 0;
	const struct report_figures *all;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("transfer.db");
	as(&s, "cal", T0 - 10 * DAY);
	ann = mk_person(&s, "T-1");
	ben = mk_person(&s, "T-2");
	cy = mk_person(&s, "T-3");

	/* Ann: released from court on 2 May, never reached (48 hours missed). */
	as(&s, "cal", T0 + DAY);
	mk_stay(&s, ann, T0 - 9 * DAY, T0 + DAY);
	/* Ben: moved to another agency's custody on 3 May, typed by hand. */
	as(&s, "cal", T0 + 2 * DAY);
	b.person_id = ben;
	b.facility_id = 1;
	b.booked_at = T0 - 8 * DAY;
	if (stay_book(&s, &b, &stay) != 0 || stay_record_release(&s, stay, T0 + 2 * DAY,
	                                                         "transfer", 0) != 0)
		tap_bail("transfer: %s", s.err);
	/* Cy: released on bail on 4 May, reached two hours later (on time). */
	as(&s, "cal", T0 + 3 * DAY + 2 * HOUR);
	mk_stay(&s, cy, T0 - 7 * DAY, T0 + 3 * DAY);
	if (contact_record(&s, cy, T0 + 3 * DAY + 2 * HOUR, "phone", "reached", NULL, NULL) != 0)
		tap_bail("contact: %s", s.err);

	tap_diag("the clocks");
	is_int(fx_open_tasks(ben), 0, "a transfer typed by hand starts no clock");
	ok(fx_open_tasks(ann) > 0, "a release from court starts them");
	is_int(in_48h_queue(ben, T0 + 5 * DAY), 0, "no 48-hour contact is asked for after a transfer");
	is_int(in_48h_queue(ann, T0 + 5 * DAY), 1, "  but is for a release, overdue");

	tap_diag("the program report, May 2024, read on 21 May");
	as(&s, "sam", T0 + 20 * DAY);
	if (period_parse(&s, "2024-05-01", "2024-05-31", &p) != 0 ||
	    report_metrics(&s, &p, 0, &r) != 0)
		tap_bail("report: %s", s.err);
	all = &r.groups[0].fig[REPORT_ALL];
	is_int(all->releases, 2, "two releases (Ann, Cy): the transfer is not one");
	is_int(r.transfers, 1, "the transfer counted on its own line");
	is_int(r.precision[REPORT_PREC_HAND], 2, "  the release times add up to the releases");
	is_int(all->c48[REPORT_ON_TIME], 1, "48-hour contact on time: Cy");
	is_int(all->c48[REPORT_MISSED], 1, "  missed: Ann");
	is_int(report_due(all->c48), 2, "  due: 2, so on time is 1/2 (50%), not 1/3");
	is_int(all->c48[REPORT_CANCELLED], 0, "  and no clock of the transfer, cancelled or not");
	is_int(report_due(all->followup[0]), 2, "the 7-day follow-up is due for the 2 releases");
	is_int(all->followup[0][REPORT_MISSED], 2, "  and missed for both");
	is_int(r.groups[0].fig[REPORT_UNPLANNED].releases, 2, "both unplanned, the transfer in neither");
	for (int i = 0; i < r.nweeks; i++)
		weekly += r.weeks[i].releases;
	is_int(weekly, 2, "the weekly series counts the 2 releases");
	report_free(&r);

	tap_diag("one facility's report counts its transfers too");
	tu_exec(d, "INSERT INTO facility (id, name) VALUES (2, 'Work Release Center')");
	if (report_metrics(&s, &p, 2, &r) != 0)
		tap_bail("report: %s", s.err);
	is_int(r.transfers, 0, "another facility: none");
	report_free(&r);
	if (report_metrics(&s, &p, 1, &r) != 0)
		tap_bail("report: %s", s.err);
	is_int(r.transfers, 1, "County Jail: Ben's");
	report_free(&r);

	db_close(d);
	return tap_done();
}
