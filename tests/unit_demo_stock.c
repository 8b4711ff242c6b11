/* SPDX-License-Identifier: ISC */
/*
 * unit_demo_stock.c - a demo file's naloxone stock tells the truth: each
 * lot holds what it received (and what a count corrected) less the kits
 * its handovers drew, counted from the naloxone records themselves; some
 * lots expire soon, one facility is low, and a few kits wait to be
 * reconciled.
 */
#include <sodium.h>
#include <stdio.h>

#include "audit.h"
#include "demo.h"
#include "login.h"
#include "session.h"
#include "stock.h"
#include "tap.h"
#include "user.h"
#include "util.h"

#define NOW 1790000000
#define PEOPLE 600

/* Kits given or placed in property whose lot is on no open item to
 * reconcile: the ones the stock drew. */
#define DRAWN                                                                              \
	"SELECT coalesce(sum(n.quantity), 0) FROM naloxone n JOIN stay y ON y.id = n.stay_id " \
	"WHERE y.facility_id = l.facility_id AND n.lot = l.lot AND NOT EXISTS (SELECT 1 FROM " \
	"stock_reconcile r WHERE r.naloxone_id = n.id AND r.closed_at IS NULL)"
#define RECEIVED                                                                          \
	"SELECT coalesce(sum(m.quantity), 0) FROM stock_move m WHERE m.lot_id = l.id AND " \
	"m.kind IN ('received', 'corrected')"

int
main(void)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)TU_ADMIN};
	struct demo_options dopt = {PEOPLE, 3};
	struct session s = {.fixed_now = NOW};
	struct stock_totals t;
	int64_t rows = 0, bad = 0;
	char err[200] = "";
	const char *dir;
	db *d;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	d = tu_create_opts(tu_path(dir, "demo.db"), &o);
	if (login_as(&s, d, TU_ADMIN) != 0)
		tap_bail("%s", s.err);
	s.fixed_now = NOW;
	ok(demo_fill(&s, &dopt, NULL, NULL) == 0, "the demo fills %d people", PEOPLE);
	if (s.err[0])
		tap_diag("demo_fill: %s", s.err);

	ok(tu_int(d, "SELECT count(*) FROM stock_lot") > 3, "the facilities keep lots of kits");
	ok(tu_int(d, "SELECT count(*) FROM stock_move WHERE kind = 'given'") > 100,
	   "  and handovers drew from them");
	is_int(tu_int(d, "SELECT count(*) FROM stock_lot l WHERE on_hand != (SELECT "
	                 "sum(quantity) FROM stock_move WHERE lot_id = l.id)"), 0,
	       "each lot's count is the sum of its moves");
	is_int(tu_int(d, "SELECT count(*) FROM stock_lot l WHERE on_hand != (" RECEIVED ") - ("
	                 DRAWN ")"), 0,
	       "each lot holds what it received, less the kits handed over from it");
	is_int(tu_int(d, "SELECT count(*) FROM stock_move m JOIN naloxone n ON "
	                 "n.id = m.naloxone_id WHERE m.kind = 'given' AND m.quantity != -n.quantity"),
	       0, "  each draw is its handover's quantity");
	is_int(tu_int(d, "SELECT count(*) FROM naloxone n WHERE n.quantity > 0 AND NOT EXISTS "
	                 "(SELECT 1 FROM stock_move m WHERE m.naloxone_id = n.id) AND NOT EXISTS "
	                 "(SELECT 1 FROM stock_reconcile r WHERE r.naloxone_id = n.id)"), 0,
	       "every kit handed over was drawn or waits to be reconciled");
	is_int(tu_int(d, "SELECT count(*) FROM stock_lot WHERE on_hand < 0"), 0,
	       "no count below zero");

	if (stock_totals(&s, 0, &t) != 0)
		tap_bail("%s", s.err);
	ok(t.expiring > 0, "some kits expire within %d days (%lld)", STOCK_EXPIRING_DAYS,
	   (long long)t.expiring);
	is_int(t.low_facilities, 1, "one facility is low");
	ok(t.to_reconcile >= 1 && t.to_reconcile <= 5, "a few kits to reconcile (%lld)",
	   (long long)t.to_reconcile);
	is_int(tu_int(d, "SELECT count(*) FROM stock_reconcile WHERE why = 'unknown_lot'"),
	       t.to_reconcile, "  each from a lot the stock does not know");
	ok(tu_int(d, "SELECT count(*) FROM audit WHERE entity = 'naloxone'") > 100,
	   "each kit has its audit row, as when someone records one");
	ok(audit_verify(d, &rows, &bad, err, sizeof err) == 0 && bad == 0,
	   "the audit chain verifies (%lld rows)", (long long)rows);
	db_close(d);
	return tap_done();
}
