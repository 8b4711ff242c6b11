/* SPDX-License-Identifier: ISC */
/*
 * bench_import.c - the jail's roster imported into the large database
 * (core/roster_import.h): issue 14 asks for a 5,000-row roster into the
 * 1,000,000-person file in 2 s, and the same roster again, unchanged, in
 * 1 s, with the peak memory.
 *
 * Two rosters, each synthetic, in the profile of
 * contrib/roster/lakeside.profile (names as LAST, FIRST in capitals, birth
 * dates as MM/DD/YYYY, times with a zone suffix, a status column), one row
 * a booking (numbers of its own on every run, so a copy may be imported
 * into again), a third of them released at a time before the pinned clock:
 *
 * The worst case, from the file: every other row is someone there, under
 * their legal name and birth date when on file (they link, or wait when
 * someone shares both); the rest pair a first name and a last name of
 * two other people with a birth date nobody has.  The demo's names come
 * from a few dozen first and last names, so every roster name is shared
 * by hundreds of people, every one of them is read, and nearly every row
 * waits for a look.  It draws from the people the file was made with: a
 * copy imported into before also holds, after them, the findable people
 * of each earlier run, which once made the roster shorter than asked by
 * as many of them as fell among the ids drawn (the rows printed are the
 * roster's own count).
 *
 * As a jail sends it: people whose names are as diverse as real ones
 * (made of syllables, one name each), added through the model before the
 * first import, untimed, one row each: the first import links and books
 * them, and the same rows in another file (a rolling window) find every
 * booking by the crosswalk.
 *
 * Timed, each as a whole: reading the roster (the CSV and the profile's
 * rules, into memory), the import (one write transaction, commit and
 * fsync included), the same file again (seen by its hash) and the same
 * rows in another file (every row matched again, nothing new recorded),
 * the last two held to the re-import target; each with its CPU time, which
 * a loaded machine leaves below the wall clock.  Peak memory is getrusage's
 * ru_maxrss for the whole process, after the section.  A missed target is
 * printed as MISSES and never changes the exit status.
 *
 * An import writes, so it never runs on the kept database of
 * bench_cases.c itself: BENCH_IMPORT_DB names a copy of it, which the
 * section writes to and leaves changed; without it the section makes its
 * own copy beside the kept one (a reflink where the file system can, else
 * copy_file_range; untimed) and deletes it after.  A file with a marker
 * beside it is the kept one and is refused.  Setting the copy up is not
 * timed: its migrations run at the open, and the site gets the one
 * active facility an import records bookings at (the first; the others
 * are made inactive).
 *
 * Environment: BENCH_IMPORT_DB (a copy to write to, kept after),
 * BENCH_IMPORT_ROWS (default 5000, 10 to 100000).
 */
#include "bench_import.h"

#include <ctype.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "login.h"
#include "person.h"
#include "roster_import.h"
#include "sqldb.h"

#define PASS "a long bench passphrase" /* bench_cases.c's */
#define ADMIN "bench-admin"
#define SUPERVISOR "demo-supervisor"
#define NOW INT64_C(1790000000) /* bench_cases.c's pinned clock */
#define IMPORT_TARGET_S 2.0
#define AGAIN_TARGET_S 1.0
#define PROFILE "contrib/roster/lakeside.profile"
#define SEED 1 /* bench_cases.c's */

struct roster_text {
	char *csv;
	size_t len, cap;
};

static int
put(struct roster_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
put(struct roster_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->cap - t->len < 512) {
		char *p = realloc(t->csv, t->cap * 2 + 4096);
		if (!p)
			return -1;
		t->csv = p;
		t->cap = t->cap * 2 + 4096;
	}
	va_start(ap, fmt);
	n = vsnprintf(t->csv + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		return -1;
	t->len += (size_t)n;
	return 0;
}

/* "Ana Maria Lopez" as LOPEZ, ANA MARIA (ASCII letters in capitals). */
static void
roster_name(const char *legal, char *out, size_t n)
{
	char up[200];
	const char *last;
	size_t i;

	for (i = 0; legal[i] && i + 1 < sizeof up; i++)
		up[i] = (char)toupper((unsigned char)legal[i]);
	up[i] = 0;
	last = strrchr(up, ' ');
	if (!last) {
		snprintf(out, n, "%s", up);
		return;
	}
	snprintf(out, n, "%s, %.*s", last + 1, (int)(last - up), up);
}

/* The last word of a legal name, and all before it. */
static void
split(const char *legal, char *first, char *last, size_t n)
{
	const char *sp = strrchr(legal, ' ');

	snprintf(first, n, "%.*s", sp ? (int)(sp - legal) : 0, legal);
	snprintf(last, n, "%s", sp ? sp + 1 : legal);
}

/* One booking row; release: 0 still in custody. */
static int
row(struct roster_text *t, long i, const char *name, const char *birth, int64_t booked,
    int64_t release)
{
	char b[32], r[32];
	time_t tb = (time_t)(booked - 5 * 3600), tr = (time_t)(release - 5 * 3600);

	/* EST, which the profile reads as UTC-5 all year. */
	strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S EST", gmtime(&tb));
	strftime(r, sizeof r, "%Y-%m-%d %H:%M:%S EST", gmtime(&tr));
	return put(t, "B%08ld,\"%s\",%s,%s,%s,%s,Warrant\n", i, name, birth, b,
	           release ? r : "", release ? "Released" : "In Custody");
}

/* rows bookings drawn from the people in d (see above). */
static int
make_roster(db *d, long people, long rows, long base, struct roster_text *t)
{
	sqlite3_stmt *st;
	int rc = 0;
	long step = people / rows > 1 ? people / rows : 1;

	if (put(t, "Booking Number,Inmate Name,DOB,Booking Date,Release Date,Status,Charge\n") != 0 ||
	    sqlite3_prepare_v2(db_sql(d), "SELECT legal_name, coalesce(birth_date, ''), "
	                       "(SELECT legal_name FROM person WHERE id = p.id + 1) "
	                       "FROM person p WHERE id % ?1 = 0 AND legal_name IS NOT NULL AND "
	                       "participant_code NOT LIKE 'BI-%' "
	                       "ORDER BY id LIMIT ?2", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, step);
	sqlite3_bind_int64(st, 2, rows);
	for (int i = 0; rc == 0 && sqlite3_step(st) == SQLITE_ROW; i++) {
		const char *legal = (const char *)sqlite3_column_text(st, 0);
		const char *bd = (const char *)sqlite3_column_text(st, 1);
		const char *other = (const char *)sqlite3_column_text(st, 2);
		char name[420], birth[16] = "", f1[200], l1[200], f2[200], l2[200], mixed[420];
		int64_t booked = NOW - (int64_t)(1 + i % 20) * 86400 - (i % 86) * 997;
		int64_t release = i % 3 == 0 ? booked + (int64_t)(1 + i % 7) * 3600 : 0;

		if (i % 2 == 0 || !other) {
			roster_name(legal, name, sizeof name);
			if (bd[0])
				snprintf(birth, sizeof birth, "%.2s/%.2s/%.4s", bd + 5, bd + 8, bd);
		} else {
			split(legal, f1, l1, sizeof f1);
			split(other, f2, l2, sizeof f2);
			snprintf(mixed, sizeof mixed, "%s %s", f1, l2);
			roster_name(mixed, name, sizeof name);
			snprintf(birth, sizeof birth, "01/01/%d", 1900 + i % 50);
		}
		rc = row(t, base + i, name, birth, booked, release);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
read_roster(const struct roster_profile *p, const struct roster_text *t, struct roster_result *r)
{
	struct roster_err e;

	if (roster_parse(p, t->csv, t->len, 0, r, &e) == 0)
		return 0;
	fprintf(stderr, "bench: the synthetic roster: line %d: %s\n", e.line, e.why);
	return -1;
}

/* User and system time of this process so far, in seconds. */
static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	       ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

/* Wall clock in secs[0], CPU time in secs[1]. */
static int
timed_import(struct session *s, const struct roster_profile *p, const struct roster_result *r,
             struct roster_summary *m, double secs[2])
{
	double t0 = bench_now(), c0 = cpu_now();

	if (roster_import(s, p, "lakeside", r, 0, m) != 0) {
		fprintf(stderr, "bench: import: %s\n", s->err);
		return -1;
	}
	secs[0] = bench_now() - t0;
	secs[1] = cpu_now() - c0;
	return 0;
}

/* Wall clock, CPU time (user and system; on a loaded machine the wall
 * clock is the larger), and the target, if any. */
static void
line(const char *what, const double secs[2], double target)
{
	printf("  %-44s %8.3f s  (CPU %6.3f s)", what, secs[0], secs[1]);
	if (target > 0)
		printf("   target <= %.0f s: %s", target, secs[0] <= target ? "ok" : "MISSES");
	printf("\n");
}

/* Run k's findable person: a name of syllables no one else has (k below
 * 16^6), and a birth date. */
static void
found_person(long k, char *name, size_t n, char birth[16])
{
	static const char syl[16][3] = {"ka", "lo", "mi", "ne", "su", "ta", "ve", "ri",
	                                "do", "fa", "gu", "ho", "ji", "ze", "pa", "wo"};
	char first[8], last[8];

	for (int i = 0; i < 3; i++) {
		memcpy(first + 2 * i, syl[(k >> (4 * i + 12)) % 16], 2);
		memcpy(last + 2 * i, syl[(k >> (4 * i)) % 16], 2);
	}
	first[6] = last[6] = 0;
	first[0] = (char)toupper((unsigned char)first[0]);
	last[0] = (char)toupper((unsigned char)last[0]);
	snprintf(name, n, "%s %s", first, last);
	snprintf(birth, 16, "%04d-%02d-%02d", (int)(1950 + k % 50), (int)(1 + k % 12),
	         (int)(1 + k % 28));
}

struct found {
	long base, rows;
};

static int
add_found(struct session *s, void *arg)
{
	const struct found *f = arg;

	for (long i = 0; i < f->rows; i++) {
		struct person p = {0};
		char code[32], name[40], birth[16];

		found_person(f->base + i, name, sizeof name, birth);
		snprintf(code, sizeof code, "BI-%ld", f->base + i);
		p.participant_code = code;
		p.legal_name = name;
		p.birth_date = birth;
		if (person_create(s, &p) != 0)
			return -1;
		person_free(&p);
	}
	return 0;
}

/* The findable people, added through the model in one write, and a
 * booking for each. */
static int
found_roster(struct session *s, long rows, long base, struct roster_text *t)
{
	struct found f = {base, rows};

	if (put(t, "Booking Number,Inmate Name,DOB,Booking Date,Release Date,Status,Charge\n") != 0)
		return -1;
	if (session_write(s, add_found, &f) != 0) {
		fprintf(stderr, "bench: adding the findable people: %s\n", s->err);
		return -1;
	}
	for (long i = 0; i < rows; i++) {
		char legal[40], birth[16], name[60], mdy[16];
		int64_t booked = NOW - (int64_t)(1 + i % 20) * 86400 - (i % 86) * 997;
		int64_t release = i % 3 == 0 ? booked + (int64_t)(1 + i % 7) * 3600 : 0;

		found_person(base + i, legal, sizeof legal, birth);
		roster_name(legal, name, sizeof name);
		snprintf(mdy, sizeof mdy, "%.2s/%.2s/%.4s", birth + 5, birth + 8, birth);
		if (row(t, base + rows + i, name, mdy, booked, release) != 0)
			return -1;
	}
	return 0;
}

/* One roster, read, imported, the same file again and the same rows in
 * another file, each timed; 0, or -1 when something broke (including a
 * re-import that recorded anything). */
static int
run_case(struct session *s, const struct roster_profile *p, const struct roster_text *t)
{
	struct roster_result r;
	struct roster_summary *m = calloc(3, sizeof *m);
	char a[32], b[32];
	double read_s[2], first_s[2], again_s[2], other_s[2], both[2], t0, c0;
	int rc = -1;

	if (!m)
		return -1;
	t0 = bench_now();
	c0 = cpu_now();
	if (read_roster(p, t, &r) != 0) {
		free(m);
		return -1;
	}
	read_s[0] = bench_now() - t0;
	read_s[1] = cpu_now() - c0;
	if (timed_import(s, p, &r, &m[0], first_s) != 0 ||
	    timed_import(s, p, &r, &m[1], again_s) != 0)
		goto out;
	r.sha256[0] ^= 1; /* the same rows in another file */
	if (timed_import(s, p, &r, &m[2], other_s) != 0)
		goto out;
	both[0] = read_s[0] + first_s[0];
	both[1] = read_s[1] + first_s[1];
	printf("  roster: %s rows, %s bytes; %zu linked, %zu waiting, %zu new bookings, %zu "
	       "releases, %zu skipped\n", commas((long long)r.rows, a), commas((long long)t->len, b),
	       m[0].links, m[0].waiting, m[0].new_bookings, m[0].releases, m[0].skipped);
	line("read the roster (CSV and profile)", read_s, 0);
	line("import it (one transaction, with its commit)", first_s, 0);
	line("read and import, as the command does", both, IMPORT_TARGET_S);
	line("the same file again (seen by its hash)", again_s, AGAIN_TARGET_S);
	line("the same rows in another file", other_s, AGAIN_TARGET_S);
	rc = m[2].new_bookings + m[2].releases + m[2].links + m[2].transfers ? -1 : 0;
	printf("  %-44s %s\n", "  (recorded the second time)", rc ? "SOMETHING: BROKEN" : "nothing");
out:
	roster_result_free(&r);
	free(m);
	return rc;
}

static int
measure(db *d, long people, long rows)
{
	struct roster_profile p;
	struct roster_text worst = {0}, found = {0};
	struct session s = {.fixed_now = NOW};
	struct rusage ru;
	char err[300];
	long base;
	int rc = -1;

	if (roster_profile_read(PROFILE, &p, err, sizeof err) != 0) {
		fprintf(stderr, "bench: %s: %s\n", PROFILE, err);
		return -1;
	}
	/* Bookings and people of their own on each run, so that a copy
	 * imported into before still gets rosters it has not seen. */
	base = 10000000 + 300000 * bench_one_int(d, "SELECT count(*) FROM roster_import", 0);
	if (login_as(&s, d, SUPERVISOR) != 0 || make_roster(d, people, rows, base, &worst) != 0) {
		fprintf(stderr, "bench: roster or login: %s\n", s.err);
		goto out;
	}
	printf("  the worst case: every name shared by hundreds, half with a birth date nobody has\n");
	if (run_case(&s, &p, &worst) != 0)
		goto out;
	fprintf(stderr, "import: adding %ld people with names of their own (untimed)...\n", rows);
	if (found_roster(&s, rows, base + 100000, &found) != 0)
		goto out;
	printf("  as a jail sends it: people findable by name and birth date, then a rolling "
	       "window\n");
	if (run_case(&s, &p, &found) != 0)
		goto out;
	getrusage(RUSAGE_SELF, &ru);
	printf("  peak memory (getrusage ru_maxrss)             %8.1f MiB\n", ru.ru_maxrss / 1024.0);
	rc = 0;
out:
	free(worst.csv);
	free(found.csv);
	return rc;
}

/* A copy of the kept file at to (a reflink where the file system can);
 * the caller deletes it. */
static int
copy_kept(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	struct stat sb;

	if (in < 0 || fstat(in, &sb) != 0)
		goto done;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		goto done;
	if (ioctl(out, FICLONE, in) == 0) {
		rc = 0;
		goto done;
	}
	for (off_t left = sb.st_size; left > 0;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);

		if (n <= 0)
			goto done;
		left -= n;
	}
	rc = fsync(out);
done:
	if (rc != 0)
		fprintf(stderr, "bench: copying %s to %s failed\n", from, to);
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		rc = -1;
	return rc;
}

int
bench_import(long people)
{
	const char *path = getenv("BENCH_IMPORT_DB");
	long rows = bench_env_long("BENCH_IMPORT_ROWS", 5000, 10, 100000);
	char marker[PATH_MAX + 32], err[DB_ERR_MAX], a[32], kept[PATH_MAX], copy[PATH_MAX + 16];
	long long have, last;
	db *d;
	int rc, own = 0;

	printf("\n\nRoster import (issue 14): a synthetic roster into the large database\n");
	if (rows < 0)
		return -1;
	if (!path || !*path) {
		if (bench_kept_path(people, SEED, kept) != 0)
			return -1;
		snprintf(copy, sizeof copy, "%s.import", kept);
		unlink_db(copy);
		fprintf(stderr, "import: copying %s (untimed)...\n", kept);
		if (copy_kept(kept, copy) != 0) {
			unlink_db(copy);
			return -1;
		}
		path = copy;
		own = 1;
	}
	snprintf(marker, sizeof marker, "%s.marker", path);
	if (access(marker, F_OK) == 0) {
		fprintf(stderr, "bench: %s is the kept database (it has a marker): import into a "
		        "copy of it\n", path);
		return -1;
	}
	fprintf(stderr, "import: opening %s (its migrations run now, untimed)...\n", path);
	if (db_open(path, ADMIN, PASS, NULL, &d, err, sizeof err) != 0) {
		fprintf(stderr, "bench: db_open %s: %s\n", path, err);
		if (own)
			unlink_db(copy);
		return -1;
	}
	have = bench_one_int(d, "SELECT count(*) FROM person", 0);
	printf("  %s people in %s; the clock pinned at %lld\n", commas(have, a), path,
	       (long long)NOW);
	rc = db_exec(d, "UPDATE facility SET active = 0 WHERE active = 1 AND id > "
	                "(SELECT min(id) FROM facility WHERE active = 1)");
	/* The worst case draws from the file's own people, ids 1 to the
	 * last of them: the findable people earlier runs added come after,
	 * and counting them in left that many rows out of the roster. */
	last = bench_one_int(d, "SELECT id FROM person WHERE participant_code NOT LIKE 'BI-%' "
	                        "ORDER BY id DESC LIMIT 1", 0);
	if (rc == 0)
		rc = measure(d, last > 0 ? last : people, rows);
	db_close(d);
	if (own)
		unlink_db(copy);
	return rc;
}
