/* SPDX-License-Identifier: ISC */
/*
 * unit_roster_rescore.c - a row waiting for a look, sent again in another
 * file (a rolling window repeats its rows every day), is not sought again
 * by name while nobody's names or birth dates changed (schema/0023): it
 * keeps who it may be, and the name index is not read for it.  Once
 * someone is added, renamed or given another birth date, the same row is
 * scored again, and links when one person is now the strong match.  In a
 * real vault file made by the real migrations.
 */
#include <stdlib.h>

#include "roster_fixture.h"

/* Reads of the name index: each statement that matches person_search
 * (the writes that keep it insert into it, and are not counted). */
static int name_reads;

static int
traced(unsigned type, void *arg, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);

	(void)arg;
	(void)x;
	if (type == SQLITE_TRACE_STMT && sql && strstr(sql, "person_search MATCH"))
		name_reads++;
	return 0;
}

/* The rows of csv imported as a file never seen before (its hash made
 * its own by n); the reads of the name index it made in *reads. */
static int
import_as(struct session *s, const char *csv, int n, struct roster_summary *m, int *reads)
{
	struct roster_result r;
	int rc;

	parse(hourly, csv, &r);
	r.sha256[0] ^= (unsigned char)n;
	name_reads = 0;
	sqlite3_trace_v2(db_sql(d), SQLITE_TRACE_STMT, traced, NULL);
	rc = roster_import(s, &prof, pname, &r, 0, m);
	sqlite3_trace_v2(db_sql(d), 0, NULL, NULL);
	*reads = name_reads;
	if (rc != 0)
		tap_diag("import: %s", s->err);
	roster_result_free(&r);
	return rc;
}

static const char *const csv = HDR "RB2001,\"Kestrel, Ada\",1980-01-01,2024-04-30 10:00,\n";

static void
test_rescore(void)
{
	struct roster_summary *m = calloc(5, sizeof *m);
	struct session s;
	struct person p;
	int64_t ada, twin;
	int reads;

	as(&s, "sam", T0);
	ada = person(&s, "R-1", "Ada Kestrel", "1980-01-01");
	twin = person(&s, "R-2", "Ada Kestrel", "1980-01-01");
	ok(import_as(&s, csv, 1, &m[0], &reads) == 0 && m[0].waiting == 1,
	   "two people share the name and birth date: the row waits");
	ok(reads > 0, "  the name index was read for it");
	is_int(count("SELECT count(*) FROM roster_review WHERE resolution IS NULL AND "
	             "candidates = (SELECT min(id) || ',' || max(id) FROM person)"), 1,
	       "  both of them its candidates");

	ok(import_as(&s, csv, 2, &m[1], &reads) == 0 && m[1].waiting == 1 && m[1].links == 0,
	   "the same row in another file: still waiting");
	is_int(reads, 0, "  nobody's name changed: the name index is not read again");
	is_int(count("SELECT count(*) FROM roster_review"), 1, "  the one row, no other");
	is_int(count("SELECT count(*) FROM roster_review WHERE resolution IS NULL AND "
	             "candidates = (SELECT min(id) || ',' || max(id) FROM person)"), 1,
	       "  with the candidates it had");

	/* A third with the name and date: the row is scored again. */
	person(&s, "R-3", "Ada Kestrel", "1980-01-01");
	ok(import_as(&s, csv, 3, &m[2], &reads) == 0 && m[2].waiting == 1,
	   "someone added: the row waits");
	ok(reads > 0, "  scored again");
	is_int(count("SELECT length(candidates) - length(replace(candidates, ',', '')) "
	             "FROM roster_review"), 2, "  three candidates now");

	/* Two of them renamed and born another day: Ada alone is the row's. */
	if (person_get(&s, twin, &p) != 0)
		tap_bail("get: %s", s.err);
	p.legal_name = "Bea Kestrel";
	ok(person_update(&s, &p) == 0, "one of them renamed");
	person_free(&p);
	tu_exec(d, "UPDATE person SET birth_date = '1990-02-02' WHERE participant_code = 'R-3'");
	ok(import_as(&s, csv, 4, &m[3], &reads) == 0 && m[3].links == 1 && m[3].waiting == 0,
	   "another given another birth date: the row links");
	is_int(count("SELECT person_id FROM stay WHERE booking_number = 'RB2001'"), ada,
	       "  to Ada, booked");
	free(m);
}

/* The count the rows are held to moves with names and birth dates only. */
static void
test_count(void)
{
	struct session s;
	long long before;

	as(&s, "sam", T0 + DAY);
	before = count("SELECT changes FROM person_names");
	person(&s, "C-1", "Cy Lark", NULL);
	is_int(count("SELECT changes FROM person_names"), before + 1, "a person added: counted");
	tu_exec(d, "UPDATE person SET phone = '555-0100', last_activity_at = last_activity_at + 1");
	is_int(count("SELECT changes FROM person_names"), before + 1,
	       "a phone number and activity: not counted");
	tu_exec(d, "UPDATE person SET preferred_name = 'Cee' WHERE participant_code = 'C-1'");
	is_int(count("SELECT changes FROM person_names"), before + 2,
	       "the name they go by: counted");
	tu_exec(d, "UPDATE person SET legal_name = legal_name WHERE participant_code = 'C-1'");
	is_int(count("SELECT changes FROM person_names"), before + 2,
	       "a name saved as it was: not counted");
	is_int(count("SELECT count(*) FROM roster_import WHERE person_names IS NULL"), 0,
	       "each import keeps the count it ran with");
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("rescore.db");
	test_rescore();
	test_count();
	db_close(d);
	return tap_done();
}
