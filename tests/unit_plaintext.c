/* SPDX-License-Identifier: ISC */
/*
 * unit_plaintext.c - no plaintext reaches the disk.
 *
 * A stolen copy of the database or of its write-ahead log (or journal)
 * must hold nothing a person could read.  A marker string goes everywhere SQLite might keep a
 * copy of it - a TEXT value, a BLOB, an index key, a full-text index, a
 * row that is deleted again - and then the raw files are searched for it:
 * after commit, in the middle of a write transaction whose pages spill to
 * the file before COMMIT, after the writer is killed mid-transaction, and
 * after VACUUM; the middle of a transaction and the kill both with the
 * log Passage keeps, where pages spill into the log, and with a rollback
 * journal (db_options.rollback), where they spill into the file.  The
 * same statements on plain SQLite show that the search does find the
 * marker when it is there.
 */
#include "db.h"
#include "sqldb.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MARK "ZQXJ-MARKER-7731"
#define SQLITE3_CLI "/usr/bin/sqlite3"

static const char schema_sql[] =
    "CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT, data BLOB, label TEXT);"
    "CREATE INDEX scratch_label ON scratch (label);"
    "CREATE VIRTUAL TABLE note_fts USING fts5 (body);"
    "CREATE TABLE filler (id INTEGER PRIMARY KEY, pad BLOB);";

/* One marker per place, each with its own suffix so the plain control can
 * show every place separately. */
static const char insert_sql[] =
    "BEGIN IMMEDIATE;"
    "INSERT INTO scratch (body) VALUES ('seen at the door: " MARK "-text');"
    "INSERT INTO scratch (data) VALUES (CAST('" MARK "-blob' AS BLOB));"
    "INSERT INTO scratch (label) VALUES ('" MARK "-index');"
    "INSERT INTO note_fts (body) VALUES ('left a message " MARK "-fts for the nurse');"
    "INSERT INTO scratch (body) VALUES ('" MARK "-gone');"
    "COMMIT;"
    "DELETE FROM scratch WHERE body = '" MARK "-gone';";

/* Run inside a write transaction with a ten-page cache: the UPDATE sends
 * the committed marker pages to the journal, the INSERTs make new ones,
 * and the filler (about 300 pages) forces SQLite to spill dirty pages,
 * the new markers among them, into the database before COMMIT. */
static const char change_sql[] =
    "UPDATE scratch SET body = body || ' (seen)' WHERE body IS NOT NULL;"
    "INSERT INTO scratch (body, label) VALUES ('" MARK "-new', '" MARK "-new');"
    "INSERT INTO note_fts (body) VALUES ('" MARK "-new');"
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 600)"
    " INSERT INTO filler (pad) SELECT randomblob(2000) FROM c;";

static long
marks(const char *path, const char *what)
{
	return tu_count_in_file(path, what, strlen(what));
}

static const char *
journal_of(const char *path)
{
	static char buf[600];

	snprintf(buf, sizeof buf, "%s-journal", path);
	return buf;
}

static const char *
log_of(const char *path)
{
	static char buf[600];

	snprintf(buf, sizeof buf, "%s-wal", path);
	return buf;
}

static const struct db_options rollback = {.rollback = 1};

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Neither the database nor its log or journal holds the marker. */
static void
no_marks(const char *path, const char *when)
{
	long m = marks(path, MARK), j = marks(journal_of(path), MARK);
	long w = marks(log_of(path), MARK);

	if (!ok(m == 0, "%s: the database file holds no marker", when))
		tap_diag("  found %ld", m);
	if (!ok(j == 0, "%s: the journal holds no marker", when))
		tap_diag("  found %ld", j);
	if (!ok(w == 0, "%s: the write-ahead log holds no marker", when))
		tap_diag("  found %ld", w);
}

/* The vault really holds every marker it was given: a scan finding none
 * means something only if the data is in there. */
static int
readable(db *d)
{
	return tu_int(d, "SELECT count(*) FROM scratch WHERE body LIKE '%" MARK "-text%'") == 1 &&
	       tu_int(d, "SELECT count(*) FROM scratch WHERE data = CAST('" MARK "-blob' AS BLOB)") == 1 &&
	       tu_int(d, "SELECT count(*) FROM scratch INDEXED BY scratch_label"
	                 " WHERE label = '" MARK "-index'") == 1 &&
	       tu_int(d, "SELECT count(*) FROM note_fts WHERE note_fts MATCH 'zqxj'") == 1 &&
	       tu_int(d, "SELECT count(*) FROM scratch WHERE body LIKE '%" MARK "-gone%'") == 0;
}

/* Open in the log, or in a rollback journal when journal is set. */
static db *
vault_with_marks_in(const char *path, int journal)
{
	db *d = tu_create(path);

	tu_exec(d, schema_sql);
	tu_exec(d, insert_sql);
	if (journal) {
		db_close(d);
		d = tu_open_opts(path, &rollback);
	}
	return d;
}

static db *
vault_with_marks(const char *path)
{
	return vault_with_marks_in(path, 0);
}

static uint64_t
file_digest(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint64_t h = 1469598103934665603u;
	int c;

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF)
		h = (h ^ (uint64_t)c) * 1099511628211u;
	fclose(f);
	return h;
}

/* ---------------------------------------------------------------- plain SQLite */

static sqlite3 *
plain_open(const char *path)
{
	sqlite3 *s;

	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix") !=
	    SQLITE_OK)
		tap_bail("plain sqlite: cannot open %s", path);
	return s;
}

static void
plain_exec(sqlite3 *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s, sql, NULL, NULL, &msg) != SQLITE_OK)
		tap_bail("plain sqlite: %.60s: %s", sql, msg ? msg : "?");
}

/* The scan can see the marker: plain SQLite leaves it in every place.
 * secure_delete (on in Debian's build) is turned off so the deleted row
 * stays in the free space, as in most SQLite builds. */
static void
control_after_commit(const char *path)
{
	sqlite3 *s = plain_open(path);

	plain_exec(s, "PRAGMA secure_delete=OFF");
	plain_exec(s, schema_sql);
	plain_exec(s, insert_sql);
	sqlite3_close(s);
	ok(marks(path, MARK "-text") >= 1, "plain control: a TEXT value is visible in the file");
	ok(marks(path, MARK "-blob") >= 1, "plain control: a BLOB is visible in the file");
	ok(marks(path, MARK "-index") >= 2, "plain control: an indexed value is visible twice "
	   "(row and index key)");
	ok(marks(path, MARK "-fts") >= 1, "plain control: a full-text row is visible in the file");
	ok(marks(path, MARK "-gone") >= 1, "plain control: a deleted row is still in the file");
}

/* In the middle of a transaction plain SQLite has the old markers in its
 * journal and, after a spill, the new ones in the database. */
static void
control_mid_transaction(const char *path)
{
	sqlite3 *s = plain_open(path);
	long before = tu_file_size(path);

	plain_exec(s, "PRAGMA cache_size=10");
	plain_exec(s, "BEGIN IMMEDIATE");
	plain_exec(s, change_sql);
	ok(marks(journal_of(path), MARK) >= 1, "plain control, mid-transaction: the journal holds "
	   "the old markers");
	ok(tu_file_size(path) > before && marks(path, MARK "-new") >= 1,
	   "plain control, mid-transaction: new markers were spilled into the database");
	plain_exec(s, "ROLLBACK");
	sqlite3_close(s);
}

/* ---------------------------------------------------------------- the vault */

static void
after_commit(const char *path)
{
	db *d = vault_with_marks(path);

	ok(readable(d), "after commit: every marker reads back through the vault");
	no_marks(path, "after commit");
	db_close(d);
	no_marks(path, "after close");
}

/* The journal and a database with spilled pages (or the log with them),
 * seen before COMMIT. */
static void
mid_transaction(const char *path, int journal)
{
	db *d = vault_with_marks_in(path, journal);
	long before = tu_file_size(path), log_before = tu_file_size(log_of(path));

	tu_exec(d, "PRAGMA cache_size=10");
	tu_exec(d, "BEGIN IMMEDIATE");
	tu_exec(d, change_sql);
	if (journal) {
		ok(tu_file_size(journal_of(path)) > 4096,
		   "mid-transaction: the journal holds page images");
		ok(tu_file_size(path) > before, "mid-transaction: pages were spilled into the database");
	} else {
		ok(tu_file_size(log_of(path)) > log_before + 4096,
		   "mid-transaction: pages were spilled into the write-ahead log");
	}
	no_marks(path, "mid-transaction");
	if (!ok(db_commit(d) == 0, "mid-transaction: the change commits"))
		tap_diag("  %s", db_errmsg(d));
	is_int(tu_int(d, "SELECT count(*) FROM scratch WHERE body = '" MARK "-new'"), 1,
	       "the new marker reads back");
	no_marks(path, "after that commit");
	db_close(d);
}

/* The child writes the markers, spills, says so through the pipe, and
 * waits to be killed with its transaction open. */
static void
doomed_writer(const char *path, int journal, int ready)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, TU_ADMIN, TU_PASS, journal ? &rollback : NULL, &d, err, sizeof err) != 0 ||
	    db_exec(d, "PRAGMA cache_size=10") != 0 || db_begin_write(d) != 0 ||
	    db_exec(d, change_sql) != 0)
		_exit(1);
	if (write(ready, "R", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static void
killed_writer(const char *path, int journal)
{
	char c = 0, err[DB_ERR_MAX];
	struct db_verify v;
	int fds[2], status = 0;
	pid_t pid;
	db *d = vault_with_marks(path);

	db_close(d); /* nothing open across fork */
	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		close(fds[0]);
		doomed_writer(path, journal, fds[1]);
	}
	close(fds[1]);
	ok(read(fds[0], &c, 1) == 1 && c == 'R', "killed writer: it wrote and spilled its change");
	close(fds[0]);
	if (journal)
		ok(tu_file_size(journal_of(path)) > 4096,
		   "killed writer: its journal holds page images");
	else
		ok(tu_file_size(log_of(path)) > 4096,
		   "killed writer: its write-ahead log holds the spilled pages");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "killed writer: died of SIGKILL");
	if (journal)
		ok(exists(journal_of(path)), "killed writer: a hot journal is left");
	no_marks(path, "killed writer, before reopening");
	if (!ok(db_open(path, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) == 0,
	        "killed writer: the database reopens")) {
		tap_diag("  %s", err);
		return;
	}
	ok(readable(d) && tu_int(d, "SELECT count(*) FROM scratch WHERE body LIKE '%(seen)'") == 0 &&
	   tu_int(d, "SELECT count(*) FROM scratch WHERE body = '" MARK "-new'") == 0 &&
	   tu_int(d, "SELECT count(*) FROM filler") == 0,
	   "killed writer: its change was rolled back, the committed rows are as they were");
	ok(db_verify(d, &v) == 0 && v.integrity_ok, "killed writer: db_verify and integrity_check "
	   "pass");
	ok(!exists(journal_of(path)), "killed writer: the journal is gone after recovery");
	db_close(d);
	ok(!exists(log_of(path)), "killed writer: the log is gone after the last close");
	no_marks(path, "killed writer, after reopening");
}

static void
after_vacuum(const char *path)
{
	db *d = vault_with_marks(path);

	if (!ok(db_exec(d, "VACUUM") == 0, "VACUUM runs"))
		tap_diag("  %s", db_errmsg(d));
	ok(readable(d), "after VACUUM: every marker reads back");
	no_marks(path, "after VACUUM");
	db_close(d);
}

/* ---------------------------------------------------------------- the sqlite3 tool */

/* Runs "sqlite3 FILE .tables" with a clean environment (no ~/.sqliterc);
 * returns its wait status and what it printed on stdout and stderr. */
static int
run_cli(const char *path, char *out, size_t n)
{
	char home[600];
	char *argv[] = {"sqlite3", (char *)path, ".tables", NULL};
	char *envp[] = {home, "PATH=/usr/bin:/bin", NULL};
	int fds[2], status = -1;
	size_t len = 0;
	ssize_t r;
	pid_t pid;

	snprintf(home, sizeof home, "HOME=%s", tu_tmpdir());
	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execve(SQLITE3_CLI, argv, envp);
		_exit(127);
	}
	close(fds[1]);
	while (len + 1 < n && (r = read(fds[0], out + len, n - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void
stock_tool(const char *vault_path, const char *plain_path)
{
	char out[4096];
	uint64_t before;
	struct db_verify v;
	int st;
	db *d;

	if (access(SQLITE3_CLI, X_OK) != 0) {
		tap_diag("%s is not installed: the stock tool was not tried", SQLITE3_CLI);
		return;
	}
	db_close(vault_with_marks(vault_path));
	before = file_digest(vault_path);
	st = run_cli(plain_path, out, sizeof out);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strstr(out, "scratch"),
	   "plain control: sqlite3 lists the tables of an ordinary file");
	st = run_cli(vault_path, out, sizeof out);
	if (!ok(!(WIFEXITED(st) && WEXITSTATUS(st) == 0) || strstr(out, "Error"),
	        "sqlite3 cannot read the vault"))
		tap_diag("  exit %d: %s", WIFEXITED(st) ? WEXITSTATUS(st) : -1, out);
	ok(!strstr(out, "scratch") && !strstr(out, MARK), "sqlite3 shows no table name or marker");
	tap_diag("sqlite3 on the vault said: %.*s", (int)strcspn(out, "\n"), out);
	ok(file_digest(vault_path) == before, "sqlite3 changed nothing in the vault file");
	d = tu_open(vault_path);
	ok(readable(d) && db_verify(d, &v) == 0, "the vault still opens and verifies");
	db_close(d);
}

int
main(void)
{
	const char *dir = tu_tmpdir();

	control_after_commit(tu_path(dir, "plain.db"));
	control_mid_transaction(tu_path(dir, "plain.db"));
	after_commit(tu_path(dir, "commit.db"));
	mid_transaction(tu_path(dir, "mid.db"), 0);
	mid_transaction(tu_path(dir, "mid-journal.db"), 1);
	killed_writer(tu_path(dir, "killed.db"), 0);
	killed_writer(tu_path(dir, "killed-journal.db"), 1);
	after_vacuum(tu_path(dir, "vacuum.db"));
	stock_tool(tu_path(dir, "tool.db"), tu_path(dir, "plain.db"));
	return tap_done();
}
