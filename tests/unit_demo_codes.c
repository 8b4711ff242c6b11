/* SPDX-License-Identifier: ISC */
/*
 * unit_demo_codes.c - the demo writes nothing Passage itself could not:
 * every coded value in a demo file is one of the model's own lists, and
 * the directory and staff it makes read back through the model.  The
 * audit log holds one row for the whole fill, besides the rows of the
 * naloxone handed over and the stock, which go through the model's own
 * calls.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "contact.h"
#include "demo.h"
#include "education.h"
#include "facility.h"
#include "login.h"
#include "naloxone.h"
#include "person.h"
#include "provider.h"
#include "referral.h"
#include "screening.h"
#include "session.h"
#include "stay.h"
#include "tap.h"
#include "user.h"
#include "util.h"

#define NOW 1790000000
#define PEOPLE 800

/* Each coded column the demo writes, and the model's list it must be in. */
static const struct {
	const char *table, *column;
	const char *const *const *model;
} coded[] = {
    {"person", "contact_way", &person_contact_ways},
    {"person", "closure_reason", &person_closure_reasons},
    {"stay", "expected_source", &stay_sources},
    {"stay", "release_type", &stay_release_types},
    {"screening", "oud_screen", &screening_screens},
    {"screening", "oud_result", &screening_results},
    {"screening", "moud_at_entry", &screening_medications},
    {"education", "setting", &education_settings},
    {"naloxone", "outcome", &naloxone_outcomes},
    {"naloxone", "formulation", &naloxone_formulations},
    {"naloxone", "handover", &naloxone_handovers},
    {"naloxone", "kit", &naloxone_kits},
    {"naloxone_event", "kind", &naloxone_event_kinds},
    {"naloxone_event", "used_on", &naloxone_used_on},
    {"referral", "type", &referral_types},
    {"referral", "status", &referral_statuses},
    {"contact", "channel", &contact_channels},
    {"contact", "outcome", &contact_outcomes},
};

/* How many distinct values of table.column the model's own check refuses
 * (each named in a diagnostic); *seen: how many distinct values there are. */
static int
strangers(struct session *s, db *d, const char *table, const char *column, const char *const *list, int *seen)
{
	char sql[160];
	sqlite3_stmt *st;
	int bad = 0;

	*seen = 0;
	snprintf(sql, sizeof sql, "SELECT DISTINCT %s FROM %s WHERE %s IS NOT NULL", column, table,
	         column);
	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		tap_bail("%s", sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		(*seen)++;
		if (check_enum(s, column, v, list, 1) != 0) {
			tap_diag("%s: %s", table, s->err);
			bad++;
		}
	}
	sqlite3_finalize(st);
	return bad;
}

int
main(void)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)TU_ADMIN};
	struct demo_options dopt = {PEOPLE, 3};
	struct session s = {.fixed_now = NOW};
	const char *dir;
	db *d;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	d = tu_create_opts(tu_path(dir, "codes.db"), &o);
	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("%s", s.err);
	s.fixed_now = NOW;
	if (!ok(demo_fill(&s, &dopt, NULL, NULL) == 0, "the demo fills %d people", PEOPLE))
		tap_diag("demo_fill: %s", s.err);

	for (size_t i = 0; i < sizeof coded / sizeof coded[0]; i++) {
		int seen;
		int bad = strangers(&s, d, coded[i].table, coded[i].column, *coded[i].model, &seen);
		ok(bad == 0 && seen > 0, "%s.%s: %d codes, each one the model accepts",
		   coded[i].table, coded[i].column, seen);
	}

	/* The directory and the staff, as the model reads them back. */
	struct facility_row f[8];
	int n = 0;
	ok(facility_list(&s, f, 8, &n) == 0 && n == 3, "three facilities, active");
	struct provider *p = NULL;
	int np = 0, named = 1;
	ok(provider_list(&s, 0, &p, &np) == 0 && np == 8, "eight active providers");
	for (int i = 0; i < np; i++)
		named &= p[i].name && *p[i].name && p[i].medicaid == YN_YES;
	ok(named, "  each named, each taking Medicaid");
	provider_list_free(p, np);
	struct user_info u[64];
	int nu = 0, caseworkers = 0;
	ok(user_list(&s, u, 64, &nu) == 0, "the users list");
	for (int i = 0; i < nu; i++)
		caseworkers += u[i].role == ROLE_CASEWORKER && u[i].active;
	is_int(caseworkers, PEOPLE / 80, "one active caseworker for every 80 people");
	is_int(tu_int(d, "SELECT count(*) FROM audit WHERE action <> 'login' AND coalesce(entity, "
	                 "'') NOT IN ('naloxone', 'stock_move', 'stock_lot', 'stock_reconcile')"), 2,
	       "the audit log: the first admin's, and the one row saying the demo ran");
	is_int(tu_int(d, "SELECT count(*) FROM audit WHERE entity = 'naloxone'"),
	       tu_int(d, "SELECT count(*) FROM naloxone"), "  besides one for each kit handed over");
	is_int(tu_int(d, "SELECT count(*) FROM audit WHERE entity LIKE 'stock%'"),
	       tu_int(d, "SELECT (SELECT count(*) FROM stock_move WHERE kind <> 'given') + "
	                 "(SELECT count(*) FROM stock_reconcile)"),
	       "  and one for each receipt, count and item to reconcile");
	is_int(tu_int(d, "SELECT count(*) FROM audit WHERE action = 'demo'"), 1, "  that row");
	db_close(d);
	return tap_done();
}
