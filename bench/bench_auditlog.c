/* SPDX-License-Identifier: ISC */
/*
 * bench_auditlog.c - reading a long audit log: the audit log screen's
 * pages and passage audit list, and the chain check behind v.
 *
 * A database made here with BENCH_AUDIT_ROWS audit rows (default
 * 1,000,000; a site with a million people may well hold tens of millions)
 * written through audit_log() itself, so the chain is real: 40 users,
 * 10,000 people, three seconds apart, mostly views and updates, with a
 * login and a logout now and then and a break-the-glass every 100,000
 * rows.  Then one screenful (17 rows) for each kind of filter, timed as
 * the screen asks for it: the search's own audit row included, which is
 * a write and a commit.  A page deep in the log ("older than seq X") must
 * cost what the newest does: that is what keyset paging is for.
 *
 * Nothing here fails on time; the figures are printed for people to
 * judge.  BENCH_AUDIT_ROWS=0 skips the section.
 */
#include "bench_auditlog.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "audit_list.h"
#include "common.h"
#include "db.h"
#include "sqldb.h"
#include "login.h"
#include "user.h"

#define PASS "a long bench passphrase"
#define ADMIN "benchadmin"
#define USERS 40
#define PEOPLE 10000
#define SCREEN 17
#define REPS 7
#define T_START 1780000000LL /* 2026-05-28: the log's first row */
#define STEP 3               /* seconds between rows */
#define BATCH 20000

struct fill {
	long from, to;
	int64_t user0, person0;
};

static int
fill_batch(struct session *s, void *arg)
{
	const struct fill *f = arg;
	static const char *const actions[] = {"view", "view", "view", "update", "create",
	                                      "view", "update", "view", "view", "view"};

	for (long i = f->from; i < f->to; i++) {
		uint64_t h = (uint64_t)i * 0x9e3779b97f4a7c15ull;
		const char *act = actions[(h >> 20) % 10];
		int64_t person = f->person0 + (int64_t)((h >> 32) % PEOPLE);

		s->user_id = f->user0 + (int64_t)((h >> 8) % USERS);
		s->fixed_now = T_START + i * STEP;
		if (i % 100000 == 50000)
			act = "break_glass";
		else if (i % 50 == 7)
			act = "login", person = 0;
		else if (i % 50 == 31)
			act = "logout", person = 0;
		if (audit_log(s, act, person ? "person" : "user", person ? person : s->user_id,
		              person, person ? "given: goals" : NULL) != 0)
			return -1;
	}
	return 0;
}

static int
make_log(const char *path, long rows, db **out, struct session *sup)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)ADMIN};
	char code[DB_RECOVERY_CODE_LEN], err[DB_ERR_MAX], sql[400];
	struct session s;
	struct fill f;
	db *d;

	unlink(path);
	if (db_create(path, ADMIN, PASS, DB_KDF_INTERACTIVE, code, &o, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: auditlog: %s\n", err);
		return -1;
	}
	for (int u = 0; u < USERS; u++) {
		snprintf(sql, sizeof sql, "INSERT INTO user (name, display_name, role, created_at) "
		         "VALUES ('u%02d', 'User %d', '%s', 1)", u, u,
		         u == 0 ? "supervisor" : u < 30 ? "caseworker" : "health");
		if (db_exec(d, sql) != 0)
			goto fail;
	}
	if (db_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
	               "10000) INSERT INTO person (participant_code, last_activity_at, created_at, "
	               "updated_at, updated_by) SELECT printf('A%06d', i), 1, 1, 1, "
	               "(SELECT id FROM user WHERE name = 'u00') FROM n") != 0)
		goto fail;
	memset(&s, 0, sizeof s);
	s.fixed_now = T_START;
	if (login_as(&s, d, "u00") != 0)
		goto fail;
	f.user0 = s.user_id;
	f.person0 = 1;
	fprintf(stderr, "audit log: writing %ld rows...\n", rows);
	for (long at = 0; at < rows; at += BATCH) {
		f.from = at;
		f.to = at + BATCH < rows ? at + BATCH : rows;
		if (session_write(&s, fill_batch, &f) != 0)
			goto fail;
	}
	memset(sup, 0, sizeof *sup);
	sup->fixed_now = T_START + rows * STEP;
	if (login_as(sup, d, "u00") != 0)
		goto fail;
	*out = d;
	return 0;
fail:
	fprintf(stderr, "bench: auditlog: %s%s\n", db_errmsg(d), s.err);
	db_close(d);
	return -1;
}

struct probe {
	const char *label;
	struct audit_filter f;
	int deep; /* from the oldest rows: "older than seq 1000" */
};

static int
time_probe(struct session *s, const struct probe *p, struct audit_row *rows)
{
	double t[REPS];
	struct stats st;
	int n = 0;

	for (int r = 0; r < REPS; r++) {
		double t0 = bench_now();
		if (audit_list(s, &p->f, p->deep ? 1000 : 0, rows, SCREEN, &n) != 0) {
			fprintf(stderr, "bench: auditlog: %s: %s\n", p->label, s->err);
			return -1;
		}
		t[r] = (bench_now() - t0) * 1000;
	}
	st = stats_of(t, REPS);
	put_padded(p->label, 34);
	printf("%8.2f ms  max %8.2f ms  %2d rows\n", st.median, st.max, n);
	return 0;
}

int
bench_auditlog(const char *scratch)
{
	long rows = bench_env_long("BENCH_AUDIT_ROWS", 1000000, 0, 100000000);
	char path[PATH_MAX], a[32], day_new[11], day_old[11];
	struct audit_row *buf;
	struct session sup;
	int64_t n, bad;
	char err[DB_ERR_MAX];
	double t0;
	db *d;
	int rc = 0;

	if (rows <= 0)
		return rows < 0 ? -1 : 0;
	if (snprintf(path, sizeof path, "%s/auditlog.db", scratch) >= (int)sizeof path)
		return -1;
	if (!(buf = calloc(SCREEN, sizeof *buf)))
		return -1;
	t0 = bench_now();
	if (make_log(path, rows, &d, &sup) != 0) {
		free(buf);
		return -1;
	}
	printf("\n\nAudit log: %s rows written through audit_log in %.1f s, one screenful (%d rows)"
	       "\nof each search, median of %d, the search's own audit row included\n",
	       commas(rows, a), bench_now() - t0, SCREEN, REPS);
	{
		time_t tn = (time_t)(T_START + (rows - 10) * STEP), to = (time_t)(T_START + 10);
		strftime(day_new, sizeof day_new, "%Y-%m-%d", gmtime(&tn));
		strftime(day_old, sizeof day_old, "%Y-%m-%d", gmtime(&to));
	}
	const struct probe probes[] = {
	    {"newest, no filter", {0}, 0},
	    {"oldest (older than seq 1000)", {0}, 1},
	    {"by user", {.user = "u07"}, 0},
	    {"by user, oldest", {.user = "u07"}, 1},
	    {"by person", {.person = "A004242"}, 0},
	    {"by action, rare (break_glass)", {.action = "break_glass"}, 0},
	    {"by action, common (view)", {.action = "view"}, 0},
	    {"by action prefix (log*)", {.action = "log*"}, 0},
	    {"the last day", {.from = day_new, .to = day_new}, 0},
	    {"the first day", {.from = day_old, .to = day_old}, 0},
	    {"by user, the first day", {.user = "u07", .from = day_old, .to = day_old}, 0},
	    {"person, action, user", {.person = "A004242", .action = "view", .user = "u07"}, 0},
	};
	for (size_t i = 0; rc == 0 && i < sizeof probes / sizeof probes[0]; i++)
		rc = time_probe(&sup, &probes[i], buf);
	if (rc == 0) {
		t0 = bench_now();
		if (audit_verify(d, &n, &bad, err, sizeof err) != 0) {
			fprintf(stderr, "bench: auditlog: verify: %s\n", err);
			rc = -1;
		} else {
			put_padded("verify the whole chain (v)", 34);
			printf("%8.0f ms  %s rows\n", (bench_now() - t0) * 1000, commas(n, a));
		}
	}
	free(buf);
	db_close(d);
	unlink(path);
	return rc;
}
