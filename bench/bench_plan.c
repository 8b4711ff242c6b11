/* SPDX-License-Identifier: ISC */
/*
 * bench_plan.c - how long the release plan takes, from the key to the
 * PDF on disk: the record read as one audited view (plan_make), then
 * laid out with pango and written through cairo (plan_pdf_write).
 * DESIGN.md's target is 100 ms a plan.
 *
 * The shipped English template goes straight into the table (the admin's
 * install only adds a check and an audit row); then a plan is made for
 * each of the first PLANS people, the first untimed (pango's fonts and
 * shaper warm up once per process, as at a terminal's first plan).
 */
#include "bench_plan.h"
#include "common.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"
#include "plan_pdf.h"
#include "session.h"
#include "sqldb.h"

#define PLANS 50
#define TEMPLATE "contrib/plan/en.plan"

static int
install(struct session *s)
{
	sqlite3_stmt *st;
	char *text;
	FILE *f = fopen(TEMPLATE, "rb");
	long n;
	int rc = SQLITE_ERROR;

	if (!f) {
		fprintf(stderr, "bench: plan: cannot read %s (run from the source folder)\n", TEMPLATE);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	if (text && fread(text, 1, (size_t)n, f) == (size_t)n &&
	    sqlite3_prepare_v2(db_sql(s->db), "INSERT OR REPLACE INTO plan_template (lang, body, "
	                       "installed_at, installed_by) VALUES ('en', ?1, ?2, ?3)", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, session_now(s));
		sqlite3_bind_int64(st, 3, s->user_id);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_finalize(st);
	}
	fclose(f);
	free(text);
	if (rc != SQLITE_OK)
		fprintf(stderr, "bench: plan: the template: %s\n", sqlite3_errmsg(db_sql(s->db)));
	return rc == SQLITE_OK ? 0 : -1;
}

int
bench_plan(struct session *sup, const char *db_path, long people)
{
	char path[PATH_MAX], out[PATH_MAX + 32], err[300], a[32];
	double t[PLANS], t0;
	struct stats st;
	int n = 0;

	snprintf(path, sizeof path, "%s", db_path);
	snprintf(out, sizeof out, "%s/bench-plan.pdf", dirname(path));
	if (install(sup) != 0)
		return -1;
	fprintf(stderr, "%ld people: release plans...\n", people);
	for (int i = 0; i <= PLANS && i < people; i++) {
		struct plan_request r = {.person_id = i + 1, .lang = "en", .goals = 1};
		struct plan p;

		t0 = bench_now();
		if (plan_make(sup, &r, &p) != 0) {
			fprintf(stderr, "bench: plan: %s\n", sup->err);
			return -1;
		}
		if (plan_pdf_write(&p, out, err, sizeof err) != 0) {
			fprintf(stderr, "bench: plan: %s\n", err);
			plan_free(&p);
			return -1;
		}
		plan_free(&p);
		if (i > 0)
			t[n++] = bench_now() - t0;
	}
	unlink(out);
	if (n == 0)
		return 0;
	st = stats_of(t, n);
	printf("\nRelease plan (%s people; %d plans, the record read and the PDF written)\n",
	       commas(people, a), n);
	printf("  median %7.1f ms   p95 %7.1f ms   max %7.1f ms   (target <= 100 ms)\n",
	       st.median * 1e3, st.p95 * 1e3, st.max * 1e3);
	fflush(stdout);
	return 0;
}
