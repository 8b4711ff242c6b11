/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_index.c - a roster import writes the search index once, at
 * its end, not once a booking, in a real vault file made by the real
 * migrations: FTS5 writes out what it holds at every statement savepoint
 * after a change, so an index rebuilt row by row grew one small segment
 * a booking, and every later name look-up read through them all.  The
 * writes to the index's own table are counted through SQLite's update
 * hook; what the index finds is checked as well.
 */
#include <stdlib.h>
#include <string.h>

#include "roster_fixture.h"

#define PEOPLE 120

static long index_writes;

static void
hook(void *arg, int op, const char *dbname, const char *table, sqlite3_int64 rowid)
{
	(void)arg;
	(void)op;
	(void)dbname;
	(void)rowid;
	if (strcmp(table, "person_search_data") == 0)
		index_writes++;
}

static void
test_once(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;
	char *csv = malloc(PEOPLE * 80 + 100), code[16], name[40];
	size_t at;
	int rc;

	as(&s, "sam", T0);
	at = (size_t)sprintf(csv, HDR);
	for (int i = 0; i < PEOPLE; i++) {
		/* Names of their own: "Kestrel Aab", "Kestrel Aac", ... */
		snprintf(code, sizeof code, "K-%d", i);
		snprintf(name, sizeof name, "A%c%c Kestrel", 'a' + i / 26, 'a' + i % 26);
		person(&s, code, name, "1980-01-01");
		at += (size_t)sprintf(csv + at, "KB%d,\"Kestrel, A%c%c\",1980-01-01,"
		                      "2024-04-30 %02d:%02d,\n", 5000 + i, 'a' + i / 26,
		                      'a' + i % 26, i / 60, i % 60);
	}
	parse(hourly, csv, &r);
	index_writes = 0;
	sqlite3_update_hook(db_sql(d), hook, NULL);
	rc = roster_import(&s, &prof, pname, &r, 0, m);
	sqlite3_update_hook(db_sql(d), NULL, NULL);
	if (rc != 0)
		tap_diag("import: %s", s.err);
	ok(rc == 0 && m->new_bookings == PEOPLE && m->links == PEOPLE,
	   "%d people found by name and booked", PEOPLE);
	ok(index_writes < PEOPLE, "  the search index written once, not a booking at a time "
	   "(%ld writes to its pages for %d bookings)", index_writes, PEOPLE);
	is_int(count("SELECT count(*) FROM person_search WHERE person_search MATCH "
	             "'codes : (kb5000 OR kb5077 OR kb5119)'"), 3,
	       "  the booking numbers found in it");
	is_int(count("SELECT count(*) FROM person_search WHERE person_search MATCH "
	             "'names : kestrel'"), PEOPLE, "  and each name once");
	ok(sqlite3_exec(db_sql(d), "INSERT INTO person_search (person_search) "
	                "VALUES ('integrity-check')", NULL, NULL, NULL) == SQLITE_OK,
	   "  the index is whole");
	roster_result_free(&r);
	free(csv);
	free(m);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("index.db");
	test_once();
	db_close(d);
	return tap_done();
}
