/* SPDX-License-Identifier: ISC */
/*
 * bench_cases.c - case records at scale: what a caseworker waits for.
 *
 * After the storage table, `make bench` measures the screens DESIGN.md
 * gives numbers for, on synthetic people made by demo_fill (demo/demo.c),
 * at 10,000 people and at 1,000,000 (BENCH_PEOPLE):
 *
 *   search as you type   search_people() once per keystroke, 1 to 6
 *                        characters of four kinds of query: a given name,
 *                        a family name whose accent is not typed ("garcia"
 *                        for García), a participant code and a booking
 *                        number, as the caseworker demo-caseworker, a page
 *                        of SEARCH_PAGE hits (target: 10 ms a keystroke);
 *   the queues           each queue of core/queue.h, for a supervisor (the
 *                        whole program) and as two caseworkers ("my
 *                        caseload"): demo-caseworker, whose share of
 *                        demo_fill's people is a sixth of everyone, and
 *                        bench-caseworker, with a caseload of realistic
 *                        size (SMALL_CASELOAD people); and the whole
 *                        queues screen, every queue in turn; at most
 *                        QUEUE_PAGE rows each (target: 50 ms);
 *   demo_fill            how long it took to make the database, and its
 *                        size on disk;
 *   memory               VmHWM from /proc/self/status after the
 *                        measurements of the large database (target:
 *                        128 MiB).
 * A result judges the p95, not the median: a keystroke that is slow one
 * time in twenty is a slow search.  Like the storage table, a missed
 * target is printed as MISSES and never changes the exit status; only
 * something broken does (a failed call, a search that stops finding what
 * it must).
 *
 * The clock is pinned (session fixed_now = CASES_NOW) and the seed fixed,
 * so every run sees the same people, the same queue contents and asks the
 * same questions.
 *
 * The large database takes minutes to make, so it is made once and kept
 * outside the build tree, where `make clean` does not reach:
 * $XDG_CACHE_HOME/passage-bench/ (else ~/.cache/passage-bench/), as
 * people-N-seed1.db beside people-N-seed1.db.marker.  The marker names what
 * the file was made from: the schema version compiled in, a fingerprint of
 * the generator (a digest of a small database made here the same way, so
 * any change to demo.c's output changes it without anyone remembering to
 * bump a number), this file's own setup version, the people, seed and
 * clock.  When any of them differs, or the marker is missing, the file is
 * made again.  It is written under a temporary name and renamed, and the
 * marker written last, so an interrupted run leaves nothing that looks
 * finished.  The small database is made afresh in the scratch folder on
 * every run.
 *
 * Measuring opens the database (Argon2id INTERACTIVE) and logs in as each
 * user, which adds the two login rows to the audit log of the kept file;
 * nothing a search or a queue shows depends on them.
 *
 * Environment: BENCH_CASES=0 skips the section; BENCH_PEOPLE (default
 * 1000000, 1 to 5000000) the size of the large database.
 */
#include "bench_cases.h"
#include "bench_backup.h"
#include "bench_followup.h"
#include "bench_export.h"
#include "bench_plan.h"
#include "bench_report.h"
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "sqldb.h"
#include "demo.h"
#include "login.h"
#include "migrate.h"
#include "person.h"
#include "queue.h"
#include "search.h"
#include "session.h"
#include "user.h"

#define CASES_PASS "a long bench passphrase"
#define CASES_TEMP_PASS "a temporary bench passphrase"
#define ADMIN "bench-admin"
#define CASEWORKER "demo-caseworker"
#define SUPERVISOR "demo-supervisor"
/* demo_fill spreads everyone over eight caseworkers at most (five of its
 * own and the demo-* ones), so demo-caseworker's caseload is a sixth of
 * the program: 166,667 people of 1,000,000.  A real caseload is tens of
 * people; SMALL_CASELOAD of them, spread over the whole database, are
 * given to SMALL_CW (a name demo_fill leaves alone) with person_reassign,
 * so "my caseload" is measured at both sizes. */
#define SMALL_CW "bench-caseworker"
#define SMALL_CASELOAD 60
#define CASES_SEED 1
#define CASES_NOW INT64_C(1790000000) /* Monday 21 September 2026, 14:13:20 UTC */
/* Bump when make_db() changes what it puts in a database beyond what
 * demo_fill does (users, their roles, the key level). */
#define CASES_SETUP 1
#define FINGERPRINT_PEOPLE 300

#define SMALL_PEOPLE 10000
#define DEFAULT_PEOPLE 1000000
#define MAX_PEOPLE 5000000

#define SEARCH_PAGE 20
#define QUEUE_PAGE 50
#define QUEUE_RUNS 20
#define QUEUE_BUDGET_S 10.0 /* fewer runs (at least 3) when a queue is slow */
#define QUEUE_MIN_RUNS 3

#define SEARCH_TARGET_MS 10.0
#define QUEUE_TARGET_MS 50.0
#define MEMORY_TARGET_MIB 128.0

#define MAX_KEYS 512

/* ---------------------------------------------------------------- small things */



static const char *
size_text(long long bytes, char buf[32])
{
	double mib = (double)bytes / (1024.0 * 1024.0);

	if (mib >= 1024)
		snprintf(buf, 32, "%.2f GiB", mib / 1024);
	else
		snprintf(buf, 32, "%.1f MiB", mib);
	return buf;
}



long
bench_cases_people(void)
{
	long on = bench_env_long("BENCH_CASES", 1, 0, 1);

	if (on <= 0)
		return on;
	return bench_env_long("BENCH_PEOPLE", DEFAULT_PEOPLE, 1, MAX_PEOPLE);
}

/* ---------------------------------------------------------------- memory */

/* A line of /proc/self/status in KiB, or -1. */
static long
status_kib(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Gives freed memory back, then starts VmHWM again from the present
 * VmRSS (Linux 4.0 and later); 0 if it did. */
static int
reset_peak(void)
{
	int fd, ok;

	malloc_trim(0);
	fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, "5", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

/* ---------------------------------------------------------------- making a database */

struct made {
	double fill_s;  /* demo_fill alone */
	char on[32];    /* when, for a kept file: UTC */
	int reused;
};

struct progress {
	double t0;
	int step; /* next tenth to report */
};

static void
progress(void *ctx, int done, int total)
{
	struct progress *p = ctx;

	if (total < 100000 || done * 10LL < (long long)p->step * total)
		return;
	fprintf(stderr, "  demo_fill: %d of %d people, %.0f s\n", done, total, bench_now() - p->t0);
	p->step = (int)(done * 10LL / total) + 1;
}

static int64_t
user_id(db *d, const char *name)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (sqlite3_prepare_v2(db_sql(d), "SELECT id FROM user WHERE name = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* SMALL_CASELOAD people spread evenly over the ids, to SMALL_CW, as a
 * supervisor would give them. */
static int
small_caseload(db *d, int people)
{
	struct session s = {.fixed_now = CASES_NOW};
	int64_t to = user_id(d, SMALL_CW);
	int n = people < SMALL_CASELOAD ? people : SMALL_CASELOAD;

	if (login_as(&s, d, SUPERVISOR) != 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		struct person p = {0};
		int64_t id = 1 + (int64_t)i * people / n;
		int rc = person_get(&s, id, &p);
		if (rc == 0)
			rc = person_reassign(&s, id, p.version, to);
		person_free(&p);
		if (rc != 0)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "bench: giving %s a caseload: %s\n", SMALL_CW, s.err);
	return -1;
}

/* A new database at path: the admin, the caseworkers and the supervisor a
 * screen is measured for (demo_fill spreads people over the caseworkers
 * named demo-*), then people, then SMALL_CW's caseload.  Left open in
 * *out. */
static int
make_db(const char *path, int people, struct made *m, db **out)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)ADMIN};
	struct demo_options dopt = {people, CASES_SEED};
	struct progress p = {0, 1};
	struct session s = {.fixed_now = CASES_NOW};
	char code[DB_RECOVERY_CODE_LEN], err[DB_ERR_MAX];
	db *d;
	int rc;

	*out = NULL;
	unlink_db(path);
	rc = db_create(path, ADMIN, CASES_PASS, DB_KDF_INTERACTIVE, code, &o, &d, err, sizeof err);
	sodium_memzero(code, sizeof code);
	if (rc != 0) {
		fprintf(stderr, "bench: db_create %s: %s\n", path, err);
		return -1;
	}
	if (login_as(&s, d, ADMIN) != 0 ||
	    user_add(&s, CASEWORKER, "Demo Caseworker", ROLE_CASEWORKER, CASES_TEMP_PASS,
	             DB_KDF_INTERACTIVE) != 0 ||
	    user_add(&s, SUPERVISOR, "Demo Supervisor", ROLE_SUPERVISOR, CASES_TEMP_PASS,
	             DB_KDF_INTERACTIVE) != 0 ||
	    user_add(&s, SMALL_CW, "Bench Caseworker", ROLE_CASEWORKER, CASES_TEMP_PASS,
	             DB_KDF_INTERACTIVE) != 0) {
		fprintf(stderr, "bench: setting up %s: %s\n", path, s.err);
		db_close(d);
		return -1;
	}
	p.t0 = bench_now();
	rc = demo_fill(&s, &dopt, progress, &p);
	m->fill_s = bench_now() - p.t0;
	if (rc != 0) {
		fprintf(stderr, "bench: demo_fill of %d people: %s\n", people, s.err);
		db_close(d);
		return -1;
	}
	if (small_caseload(d, people) != 0) {
		db_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

static int
open_db(const char *path, db **out)
{
	char err[DB_ERR_MAX];

	if (db_open(path, ADMIN, CASES_PASS, NULL, out, err, sizeof err) == 0)
		return 0;
	fprintf(stderr, "bench: db_open %s: %s\n", path, err);
	return -1;
}

/* ---------------------------------------------------------------- the generator's fingerprint */

static void
hash_value(crypto_generichash_state *h, sqlite3_stmt *st, int col)
{
	unsigned char type = (unsigned char)sqlite3_column_type(st, col);
	const void *v = type == SQLITE_BLOB ? sqlite3_column_blob(st, col)
	                                    : (const void *)sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	uint32_t len = (uint32_t)n;

	crypto_generichash_update(h, &type, 1);
	crypto_generichash_update(h, (const unsigned char *)&len, sizeof len);
	if (v && n > 0)
		crypto_generichash_update(h, v, (size_t)n);
}

static int
hash_query(db *d, crypto_generichash_state *h, const char *sql)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		fprintf(stderr, "bench: fingerprint: %s: %s\n", sql, sqlite3_errmsg(db_sql(d)));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(st); c++)
			hash_value(h, st, c);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "bench: fingerprint: %s: %s\n", sql, sqlite3_errmsg(db_sql(d)));
	return -1;
}

/* A digest of the schema and of every row demo_fill and make_db() wrote:
 * every table but those that hold the real time (the audit log, the
 * migration log, and the users' times). */
static int
fingerprint(db *d, char hex[33])
{
	crypto_generichash_state h;
	sqlite3_stmt *st;
	char *names[128];
	int n = 0, rc = 0;
	unsigned char out[16];

	crypto_generichash_init(&h, NULL, 0, sizeof out);
	if (hash_query(d, &h, "SELECT type, name, tbl_name, sql FROM sqlite_master "
	                      "ORDER BY type, name") != 0 ||
	    hash_query(d, &h, "SELECT name, display_name, role, active FROM user ORDER BY id") != 0)
		return -1;
	if (sqlite3_prepare_v2(db_sql(d), "SELECT name FROM sqlite_master WHERE type = 'table' AND "
	                       "name NOT IN ('audit', 'user', 'schema_migration') AND "
	                       "name NOT LIKE 'sqlite%' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (n < 128 && sqlite3_step(st) == SQLITE_ROW)
		names[n++] = sqlite3_mprintf("SELECT * FROM \"%w\"", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		if (rc == 0 && (!names[i] || hash_query(d, &h, names[i]) != 0))
			rc = -1;
		sqlite3_free(names[i]);
	}
	crypto_generichash_final(&h, out, sizeof out);
	sodium_bin2hex(hex, 33, out, sizeof out);
	return rc;
}

static int
generator_fingerprint(const char *scratch, char hex[33])
{
	char path[PATH_MAX];
	struct made m;
	db *d;
	int rc;

	if (snprintf(path, sizeof path, "%s/fingerprint.db", scratch) >= (int)sizeof path ||
	    make_db(path, FINGERPRINT_PEOPLE, &m, &d) != 0)
		return -1;
	rc = fingerprint(d, hex);
	db_close(d);
	unlink_db(path);
	return rc;
}

/* ---------------------------------------------------------------- the kept database */

struct kept {
	char dir[PATH_MAX - 256];
	char path[PATH_MAX];
	char marker[PATH_MAX + 16];
	char identity[512]; /* the marker's first lines: what the file was made from */
};

static int
mkdir_p(const char *dir)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s", dir);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			if (mkdir(buf, 0700) != 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* $XDG_CACHE_HOME/passage-bench, else ~/.cache/passage-bench. */
static int
kept_paths(long people, const char *generator, struct kept *k)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(k->dir, sizeof k->dir, "%s/passage-bench", xdg);
	else if (home && home[0] == '/')
		n = snprintf(k->dir, sizeof k->dir, "%s/.cache/passage-bench", home);
	else {
		fprintf(stderr, "bench: neither XDG_CACHE_HOME nor HOME is set: nowhere to keep "
		        "the database of %ld people\n", people);
		return -1;
	}
	if (n >= (int)sizeof k->dir ||
	    snprintf(k->path, sizeof k->path, "%s/people-%ld-seed%d.db", k->dir, people,
	             CASES_SEED) >= (int)sizeof k->path ||
	    snprintf(k->marker, sizeof k->marker, "%s.marker", k->path) >= (int)sizeof k->marker) {
		fprintf(stderr, "bench: the cache folder's name is too long\n");
		return -1;
	}
	snprintf(k->identity, sizeof k->identity,
	         "# made by passage's bench/bench_cases.c; delete it with the .db beside it\n"
	         "schema_version=%d\ngenerator=%s\nsetup=%d\npeople=%ld\nseed=%d\nnow=%lld\n",
	         migrations[migrations_count - 1].version, generator, CASES_SETUP, people,
	         CASES_SEED, (long long)CASES_NOW);
	if (mkdir_p(k->dir) != 0) {
		fprintf(stderr, "bench: cannot make %s: %s\n", k->dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* The first line of a that differs from b, for saying why. */
static void
first_difference(const char *a, const char *b, char *out, size_t n)
{
	while (*a && *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la) != 0) {
			snprintf(out, n, "it has %.*s, this build wants %.*s", (int)la, a, (int)lb, b);
			return;
		}
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	snprintf(out, n, "its marker is incomplete");
}

/* 1 if the kept file matches this build (*m filled from the marker),
 * 0 if it must be made again (why says why). */
static int
kept_is_current(const struct kept *k, struct made *m, char *why, size_t n)
{
	char buf[2048], *p;
	size_t len;
	FILE *f;

	if (access(k->path, F_OK) != 0) {
		snprintf(why, n, "there is none yet");
		return 0;
	}
	if (!(f = fopen(k->marker, "r"))) {
		snprintf(why, n, "it has no marker (an interrupted run?)");
		return 0;
	}
	len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = 0;
	if (strncmp(buf, k->identity, strlen(k->identity)) != 0) {
		first_difference(buf, k->identity, why, n);
		return 0;
	}
	p = buf + strlen(k->identity);
	if (sscanf(p, "made_seconds=%lf\nmade_on=%31s", &m->fill_s, m->on) != 2) {
		snprintf(why, n, "its marker is incomplete");
		return 0;
	}
	m->reused = 1;
	return 1;
}

static int
write_marker(const struct kept *k, const struct made *m)
{
	char tmp[PATH_MAX + 32];
	FILE *f;
	int ok;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", k->marker) >= (int)sizeof tmp || !(f = fopen(tmp, "w")))
		return -1;
	fprintf(f, "%smade_seconds=%.1f\nmade_on=%s\n", k->identity, m->fill_s, m->on);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, k->marker) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The kept database, made first when it is missing or stale.  Closed:
 * it is measured after a fresh open, like the small one. */
static int
ensure_kept(const struct kept *k, long people, struct made *m)
{
	char why[256], tmp[PATH_MAX + 32], lock[PATH_MAX + 16];
	time_t t = time(NULL);
	int fd, rc = -1;
	db *d;

	/* Two benches at once: the second waits, then finds the file made. */
	fd = snprintf(lock, sizeof lock, "%s/.lock", k->dir) < (int)sizeof lock
	         ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)
	         : -1;
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		fprintf(stderr, "bench: cannot lock %s: %s\n", lock, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(m, 0, sizeof *m);
	if (kept_is_current(k, m, why, sizeof why)) {
		rc = 0;
		goto out;
	}
	char count[32];
	printf("Making %s (%s people): %s.  This takes a while, once.\n", k->path,
	       commas(people, count), why);
	fflush(stdout);
	unlink(k->marker);
	unlink_db(k->path);
	if (snprintf(tmp, sizeof tmp, "%s.tmp", k->path) >= (int)sizeof tmp ||
	    make_db(tmp, (int)people, m, &d) != 0) {
		unlink_db(tmp);
		goto out;
	}
	db_close(d);
	strftime(m->on, sizeof m->on, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	if (rename(tmp, k->path) != 0 || write_marker(k, m) != 0) {
		fprintf(stderr, "bench: cannot keep %s: %s\n", k->path, strerror(errno));
		unlink_db(tmp);
		goto out;
	}
	rc = 0;
out:
	flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

/* ---------------------------------------------------------------- sessions */

static int
login(db *d, const char *user, struct session *s)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = CASES_NOW;
	if (login_as(s, d, user) == 0)
		return 0;
	fprintf(stderr, "bench: log in as %s: %s\n", user, s->err);
	return -1;
}

static void
one_text(db *d, const char *sql, int64_t bind, char *out, size_t n)
{
	sqlite3_stmt *st;
	const unsigned char *t;

	out[0] = 0;
	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, bind);
	if (sqlite3_step(st) == SQLITE_ROW && (t = sqlite3_column_text(st, 0)))
		snprintf(out, n, "%s", (const char *)t);
	sqlite3_finalize(st);
}

/* ---------------------------------------------------------------- search */

enum kind { K_GIVEN, K_FAMILY, K_CODE, K_BOOKING, NKINDS };

static const char *const kind_label[NKINDS] = {
    "given name", "family name, accent not typed", "participant code",
    "booking number prefix",
};

/* Lower case, as people type.  The given names are among demo.c's; the
 * family names are every accented one there, typed without the accent. */
static const char *const given_typed[] = {
    "maria", "jamal", "priya", "oluwaseun", "esperanza", "tomasz", "fatima", "kwame",
    "siobhan", "darnell", "guadalupe", "ifeoma", "mateo", "yesenia", "francisco", "jasmine",
};
static const char *const family_typed[] = {
    "garcia", "hernandez", "muller", "diaz", "ramirez", "gomez",
};
#define CODES_TYPED 16

struct key {
	char text[8]; /* at most 6 characters typed */
	enum kind kind;
	int len;
	int last; /* the query's last keystroke */
	double ms;
	int hits;
};

struct keys {
	struct key k[MAX_KEYS];
	int n;
};

static void
add_query(struct keys *ks, const char *q, enum kind kind)
{
	int len = (int)strlen(q);

	if (len > 6)
		len = 6;
	for (int i = 1; i <= len && ks->n < MAX_KEYS; i++) {
		struct key *k = &ks->k[ks->n++];
		memset(k, 0, sizeof *k);
		memcpy(k->text, q, (size_t)i);
		k->kind = kind;
		k->len = i;
		k->last = i == len;
	}
}

/* The queries, in the order they are typed: names from the lists above,
 * codes and booking numbers of people picked at random (fixed seed). */
static int
make_keys(db *d, long people, struct keys *ks)
{
	uint64_t rng = 20260921;
	char text[64];

	ks->n = 0;
	for (size_t i = 0; i < sizeof given_typed / sizeof *given_typed; i++)
		add_query(ks, given_typed[i], K_GIVEN);
	for (size_t i = 0; i < sizeof family_typed / sizeof *family_typed; i++)
		add_query(ks, family_typed[i], K_FAMILY);
	for (int i = 0; i < CODES_TYPED; i++) {
		int64_t id = 1 + (int64_t)(bench_mix(&rng) % (uint64_t)people);
		one_text(d, "SELECT participant_code FROM person WHERE id = ?1", id, text, sizeof text);
		if (!text[0]) {
			fprintf(stderr, "bench: person %lld has no participant code\n", (long long)id);
			return -1;
		}
		add_query(ks, text, K_CODE);
	}
	for (int i = 0; i < CODES_TYPED; i++) {
		int64_t id = 1 + (int64_t)(bench_mix(&rng) % (uint64_t)people);
		one_text(d, "SELECT booking_number FROM stay WHERE person_id = ?1 ORDER BY booked_at "
		         "DESC LIMIT 1", id, text, sizeof text);
		if (!text[0]) {
			fprintf(stderr, "bench: person %lld has no stay\n", (long long)id);
			return -1;
		}
		add_query(ks, text, K_BOOKING);
	}
	return 0;
}

static int
has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s & 0x80)
			return 1;
	return 0;
}

struct search_result {
	struct stats kind[NKINDS], len[7], all;
	double hits_median;
	int accents_found, accents_asked;
};

static int
run_search(struct session *s, struct keys *ks, struct search_result *r)
{
	static struct search_hit hits[SEARCH_PAGE];
	static double v[MAX_KEYS];
	double hv[MAX_KEYS];
	int n;

	memset(r, 0, sizeof *r);
	for (int i = 0; i < ks->n; i++) {
		struct key *k = &ks->k[i];
		double t0 = bench_now();
		if (search_people(s, k->text, 0, SEARCH_PAGE, hits, &n) != 0) {
			fprintf(stderr, "bench: search_people \"%s\": %s\n", k->text, s->err);
			return -1;
		}
		k->ms = (bench_now() - t0) * 1e3;
		k->hits = n;
		if (k->kind == K_FAMILY && k->last) {
			int found = 0;
			for (int h = 0; h < n; h++)
				found |= has_non_ascii(hits[h].legal_name);
			r->accents_asked++;
			r->accents_found += found;
		}
	}
	for (int g = 0; g < NKINDS; g++) {
		int m = 0;
		for (int i = 0; i < ks->n; i++)
			if (ks->k[i].kind == (enum kind)g)
				v[m++] = ks->k[i].ms;
		r->kind[g] = stats_of(v, m);
	}
	for (int len = 1; len <= 6; len++) {
		int m = 0;
		for (int i = 0; i < ks->n; i++)
			if (ks->k[i].len == len)
				v[m++] = ks->k[i].ms;
		r->len[len] = stats_of(v, m);
	}
	for (int i = 0; i < ks->n; i++) {
		v[i] = ks->k[i].ms;
		hv[i] = ks->k[i].hits;
	}
	r->all = stats_of(v, ks->n);
	r->hits_median = stats_of(hv, ks->n).median;
	return 0;
}

static const char *
verdict(double p95, double target)
{
	return p95 <= target ? "meets" : "MISSES";
}

static void
put_stats(const char *label, const struct stats *st, const char *extra, double target)
{
	char t[32];

	printf("  ");
	put_padded(label, 34);
	printf(" %6d %8.2f %8.2f %8.2f  %-9s", st->n, st->median, st->p95, st->max, extra);
	snprintf(t, sizeof t, "≤%.0f ms", target);
	put_padded(t, 9);
	printf("  %s\n", verdict(st->p95, target));
}

static void
print_search(const struct search_result *r)
{
	char label[48];

	printf("\n  search as you type, ms a keystroke (%d hits a page, as %s)\n", SEARCH_PAGE,
	       CASEWORKER);
	printf("  %-34s %6s %8s %8s %8s  %-9s%-9s  %s\n", "typed", "keys", "median", "p95", "max",
	       "", "target", "result");
	for (int g = 0; g < NKINDS; g++)
		put_stats(kind_label[g], &r->kind[g], "", SEARCH_TARGET_MS);
	for (int len = 1; len <= 6; len++) {
		snprintf(label, sizeof label, "%d character%s typed", len, len == 1 ? "" : "s");
		put_stats(label, &r->len[len], "", SEARCH_TARGET_MS);
	}
	snprintf(label, sizeof label, "%.0f hits", r->hits_median);
	put_stats("every keystroke", &r->all, label, SEARCH_TARGET_MS);
	printf("  typing a family name without its accent found the accented name: %d of %d\n",
	       r->accents_found, r->accents_asked);
}

/* ---------------------------------------------------------------- queues */

#define NQUEUES QUEUE_COUNT

struct queue_entry {
	const char *title;
	queue_fill fill;
	int supervisors_only;
};

static void
queue_list(struct queue_entry q[NQUEUES])
{
	for (int i = 0; i < QUEUE_COUNT; i++) {
		q[i].title = queue_defs[i].title;
		q[i].fill = queue_defs[i].fill;
		q[i].supervisors_only = queue_defs[i].id == QUEUE_STALE;
	}
}

enum who { W_ALL, W_MINE, W_SMALL, NWHO };

static const char *const who_label[NWHO] = {"all (supervisor)", "mine: " CASEWORKER,
                                            "mine: " SMALL_CW};

struct queue_result {
	struct stats st[NQUEUES + 1][NWHO]; /* the last: the whole screen */
	int rows[NQUEUES + 1][NWHO];
	int skipped[NQUEUES + 1][NWHO];
};

/* One queue, or every queue (which < 0); the rows of the last call. */
static int
queue_once(struct session *s, const struct queue_entry *q, int which, int *rows)
{
	static struct queue_row buf[QUEUE_PAGE];
	struct queue_filter f = {s->role == ROLE_CASEWORKER, 0};
	int n;

	*rows = 0;
	for (int i = 0; i < NQUEUES; i++) {
		if ((which >= 0 && i != which) || (q[i].supervisors_only && s->role != ROLE_SUPERVISOR))
			continue;
		if (q[i].fill(s, &f, buf, QUEUE_PAGE, &n) != 0) {
			fprintf(stderr, "bench: queue \"%s\" as %s: %s\n", q[i].title, s->user, s->err);
			return -1;
		}
		*rows += n;
	}
	return 0;
}

/* QUEUE_RUNS runs, fewer when they would take more than QUEUE_BUDGET_S. */
static int
time_queue(struct session *s, const struct queue_entry *q, int which, struct stats *st,
           int *rows)
{
	double v[QUEUE_RUNS], spent = 0;
	int n = 0;

	while (n < QUEUE_RUNS && (n < QUEUE_MIN_RUNS || spent < QUEUE_BUDGET_S)) {
		double t0 = bench_now();
		if (queue_once(s, q, which, rows) != 0)
			return -1;
		v[n] = bench_now() - t0;
		spent += v[n];
		v[n++] *= 1e3;
	}
	*st = stats_of(v, n);
	return 0;
}

static int
run_queues(struct session *who[NWHO], struct queue_result *r)
{
	struct queue_entry q[NQUEUES];

	memset(r, 0, sizeof *r);
	queue_list(q);
	for (int w = 0; w < NWHO; w++)
		for (int i = 0; i <= NQUEUES; i++) {
			if (i < NQUEUES && q[i].supervisors_only && who[w]->role != ROLE_SUPERVISOR) {
				r->skipped[i][w] = 1;
				continue;
			}
			if (time_queue(who[w], q, i < NQUEUES ? i : -1, &r->st[i][w], &r->rows[i][w]) != 0)
				return -1;
		}
	return 0;
}

static void
print_queues(const struct queue_result *r)
{
	struct queue_entry q[NQUEUES];
	char rows[16], title[64];

	queue_list(q);
	printf("\n  queues, ms (%d rows at most each; all: as %s; mine: a caseworker's own "
	       "caseload)\n", QUEUE_PAGE, SUPERVISOR);
	printf("  %-50s %-22s %4s %8s %8s %8s %5s  %-8s  %s\n", "queue", "whose", "runs", "median",
	       "p95", "max", "rows", "target", "result");
	for (int i = 0; i <= NQUEUES; i++)
		for (int w = 0; w < NWHO; w++) {
			const struct stats *st = &r->st[i][w];
			if (i < NQUEUES)
				snprintf(title, sizeof title, "%s", w == 0 ? q[i].title : "");
			else
				snprintf(title, sizeof title, "%s",
				         w == 0 ? "whole queues screen, every queue in turn" : "");
			printf("  %-50.50s %-22s", title, who_label[w]);
			if (r->skipped[i][w]) {
				printf(" %4s %8s %8s %8s %5s  %-8s  n/a (supervisors only)\n", "-", "-",
				       "-", "-", "-", "-");
				continue;
			}
			snprintf(rows, sizeof rows, "%d", r->rows[i][w]);
			printf(" %4d %8.2f %8.2f %8.2f %5s  ", st->n, st->median, st->p95, st->max, rows);
			put_padded("≤50 ms", 8);
			printf("  %s\n", verdict(st->p95, QUEUE_TARGET_MS));
		}
}

/* ---------------------------------------------------------------- one size */

struct size_report {
	long people;
	const char *path;
	const char *dir; /* the kept file's folder */
	int kept;
	struct made made;
	long long bytes;
	long long caseload[NWHO], caseload_open[NWHO];
	long rss_before_kib, hwm_unlock_kib, hwm_kib;
	int peak_reset;
};

static void
print_size_head(const struct size_report *z)
{
	char a[32], b[32], c[32];

	printf("\n-- %s people ", commas(z->people, a));
	for (int i = (int)strlen(a); i < 60; i++)
		putchar('-');
	printf("\n  database   %s\n", z->path);
	if (z->kept)
		printf("             kept between runs and made again when stale; delete it with:\n"
		       "             rm -f '%s' '%s.marker'\n"
		       "             (or all the bench keeps: rm -rf '%s')\n", z->path, z->path, z->dir);
	else
		printf("             in the scratch folder, removed at the end\n");
	printf("  size       %s (%s bytes)\n", size_text(z->bytes, a), commas(z->bytes, b));
	printf("  demo_fill  %.1f s, %s people a second%s%s%s\n", z->made.fill_s,
	       commas((long long)((double)z->people / (z->made.fill_s > 0 ? z->made.fill_s : 1)), c),
	       z->made.reused ? " (when made, " : " (this run)", z->made.reused ? z->made.on : "",
	       z->made.reused ? "; reused)" : "");
	printf("  caseloads  %s has %s people, %s of them open (demo_fill's share)\n", CASEWORKER,
	       commas(z->caseload[W_MINE], a), commas(z->caseload_open[W_MINE], b));
	printf("             %s has %s people, %s of them open (a caseload of realistic size)\n",
	       SMALL_CW, commas(z->caseload[W_SMALL], a), commas(z->caseload_open[W_SMALL], b));
}

static void
print_memory(const struct size_report *z)
{
	char label[200];

	if (z->hwm_kib < 0) {
		printf("  memory     /proc/self/status has no VmHWM here: not measured\n");
		return;
	}
	if (z->peak_reset == 0)
		snprintf(label, sizeof label, "peak resident (VmHWM) over the searches and queues "
		         "above: %.1f MiB", z->hwm_kib / 1024.0);
	else
		snprintf(label, sizeof label, "peak resident (VmHWM) over the whole run, storage "
		         "benchmark and demo_fill included: %.1f MiB", z->hwm_kib / 1024.0);
	printf("  memory     %s  ≤%.0f MiB  %s\n", label, MEMORY_TARGET_MIB,
	       z->hwm_kib / 1024.0 <= MEMORY_TARGET_MIB ? "meets" : "MISSES");
	if (z->peak_reset == 0)
		printf("             (VmRSS %.1f MiB before db_open; %.1f MiB at the peak of the "
		       "unlock, Argon2id INTERACTIVE, not counted above)\n",
		       z->rss_before_kib / 1024.0, z->hwm_unlock_kib / 1024.0);
}

/* Opens path, measures, prints.  memory: also the resident peak. */
static int
measure(struct size_report *z, int memory)
{
	struct session sup, cw, small, *who[NWHO] = {&sup, &cw, &small};
	struct search_result sr;
	struct queue_result qr;
	static struct keys ks;
	struct stat sb;
	int rows, n, rc = -1;
	struct search_hit warm[SEARCH_PAGE];
	struct queue_entry q[NQUEUES];
	db *d;

	z->bytes = stat(z->path, &sb) == 0 ? (long long)sb.st_size : -1;
	if (memory) {
		z->peak_reset = reset_peak();
		z->rss_before_kib = status_kib("VmRSS");
	}
	if (open_db(z->path, &d) != 0)
		return -1;
	if (memory && z->peak_reset == 0) {
		z->hwm_unlock_kib = status_kib("VmHWM");
		z->peak_reset = reset_peak();
	}
	if (login(d, SUPERVISOR, &sup) != 0 || login(d, CASEWORKER, &cw) != 0 ||
	    login(d, SMALL_CW, &small) != 0)
		goto out;
	for (int w = W_MINE; w < NWHO; w++) {
		z->caseload[w] = bench_one_int(d, "SELECT count(*) FROM person WHERE caseworker_id = ?1",
		                         who[w]->user_id);
		z->caseload_open[w] = bench_one_int(d, "SELECT count(*) FROM person WHERE caseworker_id = "
		                              "?1 AND status = 'open'", who[w]->user_id);
	}
	print_size_head(z);
	fflush(stdout);
	if (make_keys(d, z->people, &ks) != 0)
		goto out;
	/* One untimed search and screen each: the schema is read, the
	 * statements' first use is behind. */
	queue_list(q);
	if (search_people(&cw, "m", 0, SEARCH_PAGE, warm, &n) != 0 ||
	    queue_once(&sup, q, -1, &rows) != 0 || queue_once(&cw, q, -1, &rows) != 0 ||
	    queue_once(&small, q, -1, &rows) != 0) {
		fprintf(stderr, "bench: warming up: %s%s%s\n", sup.err, cw.err, small.err);
		goto out;
	}
	fprintf(stderr, "%ld people: searching...\n", z->people);
	if (run_search(&cw, &ks, &sr) != 0)
		goto out;
	print_search(&sr);
	fflush(stdout);
	fprintf(stderr, "%ld people: queues...\n", z->people);
	if (run_queues(who, &qr) != 0)
		goto out;
	print_queues(&qr);
	if (bench_followup(&sup, z->people) != 0)
		goto out;
	if (!z->kept && bench_export(&sup, z->path, z->people) != 0) /* writes: scratch only */
		goto out;
	if (!z->kept && bench_plan(&sup, z->path, z->people) != 0) /* writes: scratch only */
		goto out;
	if (memory) {
		z->hwm_kib = status_kib("VmHWM");
		putchar('\n');
		print_memory(z);
	}
	if (bench_report(&sup, z->people, memory && z->peak_reset == 0) != 0)
		goto out;
	if (bench_report_naloxone(&sup, z->people) != 0)
		goto out;
	if (!z->kept && bench_report_saves(&sup) != 0) /* writes: scratch only */
		goto out;
	fflush(stdout);
	/* Each family name is about one person in 44: from a thousand
	 * people on, every one of them is there to be found. */
	rc = sr.accents_found == sr.accents_asked || z->people < 1000 ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "bench: typing a family name without its accent (\"garcia\") no "
		        "longer finds it (García)\n");
out:
	db_close(d);
	return rc;
}

/* ---------------------------------------------------------------- the section */

int
bench_cases(const char *scratch, long people)
{
	char generator[33], small_path[PATH_MAX], when[64], a[32];
	struct size_report small = {0}, large = {0};
	time_t t = (time_t)CASES_NOW;
	struct kept k;
	db *d;

	strftime(when, sizeof when, "%A %d %B %Y, %H:%M UTC", gmtime(&t));
	printf("\n\nCase records: people made by demo_fill (seed %d), the clock pinned at %s\n",
	       CASES_SEED, when);
	printf("(session fixed_now %lld).  Times are wall clock around each call, after one "
	       "untimed\nsearch and queues screen; a result judges the p95.  The targets are "
	       "DESIGN.md's\nfor 1,000,000 people; a smaller database is held to the same "
	       "numbers.\n", (long long)CASES_NOW);
	fflush(stdout);

	fprintf(stderr, "case records: fingerprinting demo_fill...\n");
	if (generator_fingerprint(scratch, generator) != 0 ||
	    kept_paths(people, generator, &k) != 0)
		return -1;

	/* The small one, made afresh every run. */
	if (people > SMALL_PEOPLE) {
		if (snprintf(small_path, sizeof small_path, "%s/people-%d-seed%d.db", scratch,
		             SMALL_PEOPLE, CASES_SEED) >= (int)sizeof small_path)
			return -1;
		small.people = SMALL_PEOPLE;
		small.path = small_path;
		fprintf(stderr, "case records: making %s people...\n", commas(SMALL_PEOPLE, a));
		if (make_db(small_path, SMALL_PEOPLE, &small.made, &d) != 0)
			return -1;
		db_close(d);
		if (measure(&small, 0) != 0)
			return -1;
		unlink_db(small_path);
	}

	large.people = people;
	large.path = k.path;
	large.dir = k.dir;
	large.kept = 1;
	if (ensure_kept(&k, people, &large.made) != 0 || measure(&large, 1) != 0)
		return -1;
	return bench_backup(k.path, scratch, people, ADMIN, CASES_PASS);
}

int
bench_cases_kept(const char *scratch, long people, char *path, size_t n)
{
	char generator[33];
	struct made m;
	struct kept k;

	if (generator_fingerprint(scratch, generator) != 0 ||
	    kept_paths(people, generator, &k) != 0 || ensure_kept(&k, people, &m) != 0)
		return -1;
	return snprintf(path, n, "%s", k.path) < (int)n ? 0 : -1;
}
