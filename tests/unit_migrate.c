/* SPDX-License-Identifier: ISC */
/*
 * unit_migrate.c - a migration that rebuilds a table (import_role builds
 * user again, for the import role) on a file an older Passage left: every
 * row and every reference to it kept, foreign keys enforced again after
 * it, and a file whose references are already broken refused whole, left
 * at the version before.
 */
#include <string.h>

#include "migrate.h"
#include "tap.h"
#include "util.h"

static int BEFORE; /* the schema before user was built again */

static const char *
older_file(const char *name)
{
	const char *path = tu_path(tu_tmpdir(), name);
	struct db_options o = {.schema_upto = BEFORE};
	db *d = tu_create_opts(path, &o);

	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at, "
	           "failed_logins, version) VALUES "
	           "('cal', 'Cal Caseworker', 'caseworker', 1, 5, 2, 3),"
	           "('old', 'Old Hand', 'health', 0, 6, 0, 1)");
	tu_exec(d, "INSERT INTO person (id, participant_code, status, created_at, updated_at, last_activity_at, "
	           "updated_by, caseworker_id, created_by) VALUES "
	           "(1, 'M-1', 'open', 10, 10, 10, (SELECT id FROM user WHERE name = 'cal'), "
	           "(SELECT id FROM user WHERE name = 'cal'), "
	           "(SELECT id FROM user WHERE name = 'old'))");
	db_close(d);
	return path;
}

static void
test_rebuilt(void)
{
	const char *path = older_file("older.db");
	struct db_options o = {.schema_upto = BEFORE};
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, TU_ADMIN, TU_PASS, &o, &d, err, sizeof err) != 0)
		tap_bail("open: %s", err);
	is_int(tu_int(d, "PRAGMA user_version"), BEFORE, "the older file is at the schema before");
	ok(db_exec(d, "INSERT INTO user (name, display_name, role, created_at) VALUES "
	              "('feed', 'Roster feed', 'import', 1)") != 0,
	   "  where no user may have the import role");
	db_close(d);

	d = tu_open(path);
	ok(tu_int(d, "PRAGMA user_version") > BEFORE, "opened by this Passage, it is brought up");
	is_int(tu_int(d, "SELECT count(*) FROM user"), 2, "  both users kept");
	is_int(tu_int(d, "SELECT created_at * 100 + failed_logins * 10 + version FROM user "
	                 "WHERE name = 'cal'"),
	       523, "  with every column as it was");
	is_int(tu_int(d, "SELECT count(*) FROM user WHERE name = 'OLD' AND active = 0"), 1,
	       "  names still matched without case, the retired still retired");
	is_int(tu_int(d, "SELECT count(*) FROM person p JOIN user u ON u.id = p.caseworker_id "
	                 "WHERE u.name = 'cal'"),
	       1, "  and the people who refer to them still do");
	is_int(tu_int(d, "SELECT count(*) FROM pragma_foreign_key_check"), 0,
	       "  no reference left dangling");
	is_int(tu_int(d, "PRAGMA foreign_keys"), 1, "foreign keys are enforced again after it");
	ok(db_exec(d, "UPDATE person SET caseworker_id = 999 WHERE id = 1") != 0,
	   "  a reference to nobody is refused");
	ok(db_exec(d, "INSERT INTO user (name, display_name, role, created_at) VALUES "
	              "('feed', 'Roster feed', 'import', 1)") == 0,
	   "a user may now have the import role");
	ok(db_exec(d, "INSERT INTO user (name, display_name, role, created_at) VALUES "
	              "('odd', 'Odd', 'superuser', 1)") != 0,
	   "  and still no role the program does not know");
	db_close(d);
}

static void
test_dangling_refused(void)
{
	const char *path = older_file("dangling.db");
	struct db_options o = {.schema_upto = BEFORE};
	char err[DB_ERR_MAX];
	db *d;

	/* A file damaged so: someone wrote a reference with the keys off. */
	if (db_open(path, TU_ADMIN, TU_PASS, &o, &d, err, sizeof err) != 0)
		tap_bail("open: %s", err);
	tu_exec(d, "PRAGMA foreign_keys=OFF");
	tu_exec(d, "UPDATE person SET created_by = 999 WHERE id = 1");
	tu_exec(d, "PRAGMA foreign_keys=ON");
	db_close(d);

	ok(db_open(path, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0,
	   "a file with a broken reference is not brought up");
	ok(strstr(err, "table person would refer to a missing row of user") != NULL,
	   "  the error names the table");
	ok(strstr(err, "nothing was changed") != NULL, "  and says nothing was changed");
	if (db_open(path, TU_ADMIN, TU_PASS, &o, &d, err, sizeof err) != 0)
		tap_bail("open again: %s", err);
	is_int(tu_int(d, "PRAGMA user_version"), BEFORE, "  it is still at the schema before");
	is_int(tu_int(d, "SELECT count(*) FROM sqlite_schema WHERE name = 'user_new'"), 0,
	       "  with no half-built table in it");
	db_close(d);
}

/* roster_jail: a jail's ids kept under the words typed after --profile,
 * or the path they led to, are given the jail's name. */
static void
test_jail_names(void)
{
	const char *path = tu_path(tu_tmpdir(), "jails.db");
	struct db_options o = {.schema_upto = 0};
	db *d;

	for (int i = 0; i < migrations_count; i++)
		if (strcmp(migrations[i].name, "roster_jail") == 0)
			o.schema_upto = migrations[i].version - 1;
	if (!o.schema_upto)
		tap_bail("no roster_jail migration");
	d = tu_create_opts(path, &o);
	tu_exec(d, "INSERT INTO user (name, display_name, role, created_at) VALUES "
	           "('sam', 'Sam', 'supervisor', 1)");
	tu_exec(d, "INSERT INTO person (id, participant_code, status, created_at, updated_at, "
	           "last_activity_at, updated_by, created_by) VALUES (1, 'J-1', 'open', 1, 1, 1, "
	           "(SELECT id FROM user WHERE name = 'sam'), (SELECT id FROM user WHERE name = 'sam'))");
	tu_exec(d, "INSERT INTO roster_import (id, at, user_id, profile, sha256, rows, bookings, "
	           "new_bookings, releases, inferred, transfers, expected_changes, links, waiting, "
	           "skipped) SELECT n, n, (SELECT id FROM user WHERE name = 'sam'), p, "
	           "printf('%064d', n), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM (SELECT 1 n, "
	           "'/etc/passage/roster/lakeside.profile' p UNION ALL SELECT 2, './lakeside.profile' "
	           "UNION ALL SELECT 3, 'ridge' UNION ALL SELECT 4, 'a/b.csv')");
	tu_exec(d, "INSERT INTO roster_person (profile, jail_id, person_id, import_id) VALUES "
	           "('/etc/passage/roster/lakeside.profile', '7', 1, 1), "
	           "('./lakeside.profile', '7', 1, 2), ('./lakeside.profile', '8', 1, 2)");
	db_close(d);
	d = tu_open(path);
	is_int(tu_int(d, "SELECT count(*) FROM roster_import WHERE profile = 'lakeside'"), 2,
	       "both spellings of lakeside's profile are the jail lakeside");
	is_int(tu_int(d, "SELECT count(*) FROM roster_import WHERE profile IN ('ridge', 'b.csv')"),
	       2, "  a bare name is kept, a path without .profile loses its folder only");
	is_int(tu_int(d, "SELECT count(*) FROM roster_person WHERE profile = 'lakeside'"), 2,
	       "  its ids under the jail's name, each once");
	is_int(tu_int(d, "SELECT count(*) FROM roster_person WHERE profile <> 'lakeside' "
	                 "AND jail_id = '7'"),
	       1, "  a second spelling of one id is kept aside, under another name");
	db_close(d);
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	for (int i = 0; i < migrations_count; i++)
		if (strcmp(migrations[i].name, "import_role") == 0)
			BEFORE = migrations[i].version - 1;
	if (!BEFORE)
		tap_bail("no import_role migration");
	test_rebuilt();
	test_dangling_refused();
	test_jail_names();
	return tap_done();
}
