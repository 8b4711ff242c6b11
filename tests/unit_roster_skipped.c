/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_skipped.c - rows left out by --skip-bad-rows are visible
 * where staff look: the import's audit row counts them and names their
 * lines, and says nothing of what they hold (the roster is case data).
 * A real import into a real vault file.
 */
#include <stdlib.h>

#include "roster_fixture.h"

/* The detail of the latest audit row, into out. */
static const char *
last_audit(char *out, size_t n)
{
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT detail FROM audit WHERE action = 'import' ORDER BY seq DESC LIMIT 1", -1,
	                       &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

int
main(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct roster_err e;
	struct session s;
	char detail[800];
	static const char csv[] = HDR "B1,\"Ash, Ann\",1980-01-01,2024-05-01 02:00,\n"
	                              "B2,\"Birch, Ben\",1981-02-02,the second of May,\n"
	                              "B3,\"Cole, Cy\",1982-03-03,2024-05-01 03:00,\n"
	                              "B4,\"Dunn, Di\",1983-04-04,2024-05-01 04:00,someday\n";

	if (db_init() != 0 || !m)
		tap_bail("setup");
	fx_setup("skipped.db");
	parse(hourly, HDR, &r); /* the profile */
	roster_result_free(&r);
	if (roster_parse(&prof, csv, strlen(csv), ROSTER_SKIP_BAD_ROWS, &r, &e) != 0)
		tap_bail("line %d: %s", e.line, e.why);
	as(&s, "sam", T0);
	ok(roster_import(&s, &prof, pname, &r, 0, m) == 0, "imported, the bad rows left out: %s",
	   s.err);
	is_int((long long)m->skipped, 2, "two rows skipped");
	last_audit(detail, sizeof detail);
	has_str(detail, "2 rows skipped (lines 3, 5)", "the audit row names their lines");
	ok(!strstr(detail, "Birch") && !strstr(detail, "second of May") && !strstr(detail, "someday"),
	   "  and nothing they hold (%s)", detail);
	roster_result_free(&r);
	free(m);
	db_close(d);
	return tap_done();
}
