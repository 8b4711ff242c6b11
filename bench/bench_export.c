/* SPDX-License-Identifier: ISC */
/*
 * bench_export.c - how long a supervisor waits for an export.
 *
 * On the small database of the case-records section only, because it
 * writes: every person released in the quarter of the pinned clock gets a
 * consent naming "Bench Partner" (straight into the table, as demo_fill
 * does), then the quarter's releases and the same people's records are
 * exported sealed to a fresh key pair, the releases file is read back,
 * and an export to a recipient nobody consented to is refused (the
 * consent check over everyone, which is all a refusal costs).  Each is
 * timed once, wall clock around the call: an export is a rare, deliberate
 * act, and DESIGN.md sets it no target.
 */
#include "bench_export.h"
#include "common.h"

#include <libgen.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "period.h"
#include "session.h"
#include "sqldb.h"

#define PARTNER "Bench Partner"

static int
add_consents(struct session *s, const struct period *p)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db_sql(s->db),
	                        "INSERT INTO consent (person_id, scope, recipient, purpose, "
	                        "signed_at, expires_on, recorded_by, updated_at, updated_by) "
	                        "SELECT DISTINCT person_id, 'releases and follow-up', '" PARTNER
	                        "', 'program evaluation', ?1, '2099-12-31', ?2, ?1, ?2 FROM stay "
	                        "WHERE released_at >= ?3 AND released_at < ?4", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, p->start - 86400);
		sqlite3_bind_int64(st, 2, s->user_id);
		sqlite3_bind_int64(st, 3, p->start);
		sqlite3_bind_int64(st, 4, p->end);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		fprintf(stderr, "bench: export: consents: %s\n", sqlite3_errmsg(db_sql(s->db)));
	return rc == SQLITE_OK ? 0 : -1;
}

static long long
size_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static void
row(const char *what, double t, const struct export_result *r, const char *path)
{
	char a[32], b[32];

	printf("  %-10s", what);
	if (r)
		printf(" %6d people %7s rows %10s bytes", r->people, commas(r->rows, a),
		       commas(size_of(path), b));
	else
		printf(" %39s", "");
	printf(" %9.1f ms\n", t * 1e3);
}

int
bench_export(struct session *sup, const char *db_path, long people)
{
	char path[PATH_MAX], exp[PATH_MAX + 32], csv[PATH_MAX + 32], all[PATH_MAX + 32];
	const char *folder;
	char range[32], a[32], err[300];
	struct export_request r = {0};
	struct export_result res, res2;
	struct seal_key k, open;
	struct period p;
	double t0, t;
	int rc = -1;

	snprintf(path, sizeof path, "%s", db_path);
	folder = dirname(path);
	snprintf(exp, sizeof exp, "%s/bench.exp", folder);
	snprintf(csv, sizeof csv, "%s/bench.csv", folder);
	snprintf(all, sizeof all, "%s/bench-people.exp", folder);
	period_quarter(sup, session_now(sup), &p);
	period_text(&p, range);
	if (add_consents(sup, &p) != 0)
		return -1;
	memset(&k, 0, sizeof k);
	k.mode = SEAL_RECIPIENT;
	crypto_box_keypair(k.pk, k.sk);
	open = k;
	r.records = "releases";
	r.from = p.from;
	r.to = p.to;
	r.recipient = PARTNER;
	r.out = exp;
	r.key = &k;
	printf("\nExport (%s people; %s, sealed to a key; once each, wall clock)\n",
	       commas(people, a), range);
	fprintf(stderr, "%ld people: exports...\n", people);
	t0 = bench_now();
	if (export_write(sup, &r, &res) != 0)
		goto fail;
	row("releases", bench_now() - t0, &res, exp);
	r.records = "people";
	r.out = all;
	t0 = bench_now();
	if (export_write(sup, &r, &res2) != 0)
		goto fail;
	row("people", bench_now() - t0, &res2, all);
	t0 = bench_now();
	if (export_decrypt(exp, &open, csv, err, sizeof err) != 0) {
		fprintf(stderr, "bench: export: read back: %s\n", err);
		goto out;
	}
	row("read back", bench_now() - t0, NULL, NULL);
	r.records = "releases";
	r.recipient = "Nobody In Particular";
	r.out = exp;
	t0 = bench_now();
	t = export_write(sup, &r, NULL);
	row("refused", bench_now() - t0, NULL, NULL);
	if (t == 0) {
		fprintf(stderr, "bench: export: an export nobody consented to was made\n");
		goto out;
	}
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "bench: export: %s\n", sup->err);
out:
	seal_key_wipe(&k);
	seal_key_wipe(&open);
	unlink(exp);
	unlink(csv);
	unlink(all);
	fflush(stdout);
	return rc;
}
