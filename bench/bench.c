/* SPDX-License-Identifier: ISC */
/*
 * bench.c - what the vault costs, next to plain SQLite and SQLCipher.
 *
 * One workload, four engines, one run:
 *   plain      the system libsqlite3 over the default "unix" VFS, with a
 *              rollback journal: journal_mode=DELETE, synchronous=EXTRA;
 *   plain-wal  the same in its write-ahead log: journal_mode=WAL,
 *              synchronous=FULL, and a PASSIVE checkpoint after the commit
 *              that leaves the log 1000 frames long (wal_autocheckpoint),
 *              as Passage keeps its own log (db_wal.c, db_log.c);
 *   vault      the same library through Passage's encrypting VFS shim,
 *              opened with db_create() and db_open() as the program does,
 *              so in the journal they keep (the write-ahead log);
 *   sqlcipher  Debian's SQLCipher 3.4.1 with its default settings, loaded
 *              with dlopen() because it exports the same sqlite3_* names
 *              as libsqlite3 and cannot be linked beside it; with the
 *              rollback journal, as plain.
 * All four use 4096-byte pages and temp_store=MEMORY, and the workload
 * calls each through one table of function pointers, so the code that is
 * timed is the same for all four.  The vault refuses a change of journal
 * mode, so the bench sets none on it: it reads every engine's mode back
 * (PRAGMA journal_mode) on every connection it times, prints them, and
 * sets each target against plain SQLite in the vault's own mode -- a
 * ratio across journal modes measures the journal, not the vault.  The
 * ratio to plain in the other mode is printed beside it, for information.
 * A write transaction of the vault's goes through db_begin_write() and
 * db_commit(), as a save does, so it waits its turn and folds the log as
 * the program's would; the others run BEGIN IMMEDIATE and COMMIT.
 *
 * The steps: create a table and an index; insert N rows of about 100 bytes
 * in one transaction; N/5 point reads by random id, each its own autocommit
 * read transaction, first warm, with the page cache Passage uses
 * (DB_CACHE_KIB, which holds this table), then with SQLite's default 2 MiB
 * cache, where most reads miss and pay for a decryption (no ratio target:
 * it shows the cost of a miss); update N/10 random rows in one
 * transaction; a cold full scan (a fresh connection with an empty SQLite
 * page cache -- dropping the OS page cache needs root, so the file itself
 * is equally warm for every engine); N/5000 inserts, each a transaction
 * of its own, as a save is, with its fsyncs.  Then unlock: db_open()
 * with Argon2id at INTERACTIVE, and at the level `passage init`
 * calibrates on this machine.
 *
 * Why medians: one disturbed run (writeback, another process, a CPU
 * migration) drags a mean far off and barely moves a median.  Every round
 * runs each engine on fresh files, and the engine that goes first rotates,
 * so drift during the run hits all four alike.  Min and max are printed
 * too, so the spread behind each median can be judged.
 *
 * Benchmarks never fail on time: a missed target is printed as MISSES and
 * the exit status stays 0.  It is non-zero only when something breaks: a
 * failed call, or engines that disagree about the data they hold.
 *
 * The engines and their connections are in bench_engine.c, the rows,
 * the steps and the rounds in bench_storage.c, the table in
 * bench_table.c; this file runs them and the sections after them.
 *
 * After the storage table comes the "case records" section (search as
 * you type, the queues, demo_fill and memory at 10,000 and 1,000,000
 * people): see bench_cases.c.  Then the terminal interface, the real
 * program in a pseudo-terminal on the same databases: see bench_tui.c.
 *
 * Environment: BENCH_ROWS (default 100000; the other counts scale with
 * it), BENCH_ROUNDS (default 5), TMPDIR (where the scratch folder goes);
 * BENCH_CASES=0 skips the case records, BENCH_PEOPLE (default 1000000)
 * sizes their large database; BENCH_ONLY=storage, cases, tui, auditlog,
 * import, mixed or big runs that section alone (tui needs the kept
 * database cases made; import, mixed and big write only to a copy of it:
 * see bench_import.c, bench_mixed.c and bench_big.c).
 */
#include "bench_auditlog.h"
#include "bench_big.h"
#include "bench_import.h"
#include "bench_mixed.h"
#include "bench_cases.h"
#include "bench_storage.h"
#include "bench_table.h"
#include "bench_tui.h"
#include "common.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
bench(const char *dir, const struct data *w, struct results *res)
{
	print_header(dir, w, res->rounds);
	if (print_cipher(dir) != 0)
		return -1;
	fflush(stdout);
	for (int r = 0; r < res->rounds; r++) {
		if (one_round(dir, r, w, res) != 0)
			return -1;
		if (r + 1 < res->rounds)
			drop_files(dir, r);
	}
	if (unlocks(dir, res->rounds - 1, res) != 0)
		return -1;
	print_table(w, res);
	return 0;
}

/* Whether BENCH_ONLY (unset or empty: every section) names this one. */
static int
section(const char *name)
{
	const char *only = getenv("BENCH_ONLY");

	return !only || !*only || strcmp(only, name) == 0;
}

int
main(void)
{
	long rows = bench_env_long("BENCH_ROWS", 100000, 100, 5000000);
	long rounds = bench_env_long("BENCH_ROUNDS", 5, 1, MAX_ROUNDS);
	long people = bench_cases_people();
	struct results res = {0};
	struct data w = {0};
	char dir[PATH_MAX];
	int rc = 1;

	if (rows < 0 || rounds < 0 || people < 0)
		return 2;
	if (db_init() != 0) {
		fprintf(stderr, "bench: libsodium or SQLite could not start\n");
		return 1;
	}
	engine_api[E_PLAIN] = engine_api[E_WAL] = engine_api[E_VAULT] = &plain_api;
	if (load_sqlcipher() == 0)
		engine_api[E_CIPHER] = &cipher_api;
	res.rounds = (int)rounds;
	res.t = calloc((size_t)NSTEPS * NENG * (size_t)rounds, sizeof *res.t);
	if (!res.t || (section("storage") && make_data(&w, rows) != 0) || make_dir(dir) != 0)
		goto out;
	rc = section("storage") && bench(dir, &w, &res) != 0 ? 1 : 0;
	free_data(&w);
	memset(&w, 0, sizeof w);
	if (rc == 0 && people > 0 && section("cases") && bench_cases(dir, people) != 0)
		rc = 1;
	if (rc == 0 && people > 0 && section("tui") && bench_tui(dir, people) != 0)
		rc = 1;
	if (rc == 0 && section("auditlog") && bench_auditlog(dir) != 0)
		rc = 1;
	if (rc == 0 && people > 0 && section("import") && bench_import(people) != 0)
		rc = 1;
	if (rc == 0 && people > 0 && section("mixed") && bench_mixed(dir, people) != 0)
		rc = 1;
	if (rc == 0 && people > 0 && section("big") && bench_big(dir, people) != 0)
		rc = 1;
	if (remove_dir(dir) != 0)
		rc = 1;
out:
	if (!res.t)
		fprintf(stderr, "bench: out of memory\n");
	free(res.t);
	free_data(&w);
	return rc;
}
