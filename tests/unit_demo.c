/* SPDX-License-Identifier: ISC */
/*
 * unit_demo.c - the demo generator: deterministic for a seed, and every
 * status of every record present, so screens and reports have something
 * of each kind to show.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "user.h"
#include "util.h"

#define NOW 1790000000
#define PEOPLE 600

static const char *const tables[] = {
    "person", "person_search", "stay", "screening", "education", "naloxone", "naloxone_event",
    "provider", "consent", "referral", "contact", "task", "note", "note_version", "disclosure",
    "facility", NULL};

/* BLAKE2b over every value of every case table, in row order. */
static void
digest(db *d, uint8_t out[32])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 32);
	for (int t = 0; tables[t]; t++) {
		char sql[96];
		sqlite3_stmt *st;
		/* note_version has no rowid; every other table is in rowid order. */
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", tables[t],
		         strcmp(tables[t], "note_version") == 0 ? "1, 2" : "rowid");
		if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
			tap_bail("%s", sql);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *v = sqlite3_column_text(st, c);
				crypto_generichash_update(&h, v ? v : (const unsigned char *)"\1",
				                          v ? (size_t)sqlite3_column_bytes(st, c) + 1 : 1);
			}
		sqlite3_finalize(st);
	}
	/* Users apart from when each was made: the first admin is made at
	 * init, on the real clock. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT name, display_name, role FROM user ORDER BY id", -1,
	                       &st, NULL) != SQLITE_OK)
		tap_bail("users");
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int c = 0; c < 3; c++)
			crypto_generichash_update(&h, sqlite3_column_text(st, c),
			                          (size_t)sqlite3_column_bytes(st, c) + 1);
	sqlite3_finalize(st);
	crypto_generichash_final(&h, out, 32);
}

static db *
make(const char *dir, const char *name, uint64_t seed, int *rc)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)TU_ADMIN};
	struct demo_options dopt = {PEOPLE, seed};
	struct session s = {.fixed_now = NOW};
	db *d = tu_create_opts(tu_path(dir, name), &o);

	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("%s", s.err);
	s.fixed_now = NOW;
	*rc = demo_fill(&s, &dopt, NULL, NULL);
	if (*rc != 0)
		tap_diag("demo_fill: %s", s.err);
	return d;
}

static long long
count(db *d, const char *sql)
{
	return tu_int(d, sql);
}

int
main(void)
{
	const char *dir;
	uint8_t a[32], b[32], c[32];
	int rc;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	db *d1 = make(dir, "one.db", 7, &rc);
	ok(rc == 0, "the demo fills %d people", PEOPLE);
	db *d2 = make(dir, "two.db", 7, &rc);
	db *d3 = make(dir, "three.db", 8, &rc);
	digest(d1, a);
	digest(d2, b);
	digest(d3, c);
	ok(memcmp(a, b, 32) == 0, "the same seed makes the same records");
	ok(memcmp(a, c, 32) != 0, "another seed makes other records");

	is_int(count(d1, "SELECT count(*) FROM person"), PEOPLE, "every person is there");
	is_int(count(d1, "SELECT count(*) FROM person_search"), PEOPLE, "  and searchable");
	ok(count(d1, "SELECT count(DISTINCT status) FROM task") == 4, "tasks of every status");
	is_int(count(d1, "SELECT count(*) FROM task t JOIN person p ON p.id = t.person_id WHERE "
	             "t.caseworker_id IS NOT p.caseworker_id"), 0,
	       "  each with its person's caseworker");
	ok(count(d1, "SELECT count(DISTINCT status) FROM referral") == 7, "referrals of every status");
	ok(count(d1, "SELECT count(DISTINCT outcome) FROM naloxone") == 4,
	   "naloxone given, placed in property, offered and declined");
	ok(count(d1, "SELECT count(DISTINCT closure_reason) FROM person") == 6,
	   "every closure reason");
	ok(count(d1, "SELECT count(*) FROM stay WHERE released_at IS NULL AND "
	             "expected_release_at BETWEEN 1790000000 AND 1790000000 + 14*86400") > 0,
	   "people expected out in the next two weeks");
	ok(count(d1, "SELECT count(*) FROM stay WHERE planned = 0") > 0 &&
	   count(d1, "SELECT count(*) FROM stay WHERE planned = 1") > 0,
	   "planned and unplanned releases");
	ok(count(d1, "SELECT count(*) FROM task WHERE status = 'open' AND due_at < 1790000000") > 0,
	   "some follow-ups are overdue");
	ok(count(d1, "SELECT count(*) FROM stay s WHERE released_at IS NOT NULL AND NOT EXISTS "
	             "(SELECT 1 FROM naloxone n WHERE n.stay_id = s.id)") > 0,
	   "some people were released without checkout");
	ok(count(d1, "SELECT count(*) FROM task WHERE status = 'done' AND (contact_id IS NULL OR "
	             "NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = task.contact_id AND "
	             "c.at = task.closed_at AND c.at >= task.window_start))") == 0,
	   "every task done was closed by a contact at its time, once its window opened");
	ok(count(d1, "SELECT count(*) FROM task WHERE status = 'done' AND "
	             "closed_at > window_end") > 0,
	   "some were done late");
	ok(count(d1, "SELECT count(*) FROM task t JOIN task o ON o.stay_id = t.stay_id AND "
	             "o.due_at < t.due_at AND o.status = 'open' AND o.window_end < t.closed_at "
	             "WHERE t.status = 'done' AND t.closed_at <= t.window_end") == 0,
	   "none done on time while an earlier one was overdue (it answers that one)");
	ok(count(d1, "SELECT count(*) FROM referral WHERE status IN ('attended', 'no_show') AND "
	             "appointment_at > 1790000000") == 0,
	   "no appointment still ahead is attended or missed");
	ok(count(d1, "SELECT count(*) FROM person WHERE legal_name GLOB '*[^ -~]*'") > 0,
	   "names from many languages, accents and all");
	ok(count(d1, "PRAGMA foreign_key_check") == -1, "no broken reference");
	struct db_verify v;
	ok(db_verify(d1, &v) == 0, "the database verifies");

	struct session s = {.fixed_now = NOW};
	struct demo_options again = {10, 1};
	login_as(&s, d1, TU_ADMIN);
	ok(demo_fill(&s, &again, NULL, NULL) != 0, "a database with people is not filled again");
	has_str(s.err, "no people", "  and says why");
	db_close(d1);
	db_close(d2);
	db_close(d3);
	return tap_done();
}
