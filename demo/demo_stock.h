/* SPDX-License-Identifier: ISC */
/*
 * demo_stock.h - the demo's naloxone stock: kits received at each
 * facility through core/stock.c's own calls, and the lot each kit the
 * demo gives is drawn from.
 *
 * The demo gives kits through naloxone_record, which draws them from the
 * stock as it does for anyone; this module only keeps the facility's
 * current lot of each formulation in step with the file, receiving a new
 * shipment when the lot runs out, so that every draw finds its kits.  At
 * the end (demo_stock_end) the two main facilities get a short-dated lot
 * ("expiring"), and the small one is counted down below the site's
 * low-stock mark by an admin's correction, with its reason.  A few kits
 * name a lot the stock does not know, and so go to "to reconcile".
 */
#ifndef PASSAGE_DEMO_STOCK_H
#define PASSAGE_DEMO_STOCK_H

#include <stdint.h>

#include "session.h"
#include "zone.h"

#define DEMO_FACILITIES 3
#define DEMO_FORMULATIONS 8 /* at least as many as naloxone_formulations */
#define DEMO_UNKNOWN_LOTS 5 /* kits from a lot the stock does not know, at most */

struct demo_stock {
	struct session *s;
	int64_t now, facility[DEMO_FACILITIES];
	char zone[ZONE_NAME_MAX];
	int shipment, lots, unknown;
	struct demo_lot {
		char lot[16], expiry[11];
		int on_hand;
	} cur[DEMO_FACILITIES][DEMO_FORMULATIONS];
};

/* Starts with no stock anywhere; shipments scale with people. */
void demo_stock_start(struct demo_stock *k, struct session *s,
                      const int64_t facility[DEMO_FACILITIES], const char *zone, int people);
/* The lot and expiry (lot[16], expiry[11]) of a kit of formulation
 * given at facility index f, receiving a shipment that expires shelf
 * days from today when the current lot is empty; *quantity is lowered
 * to what the lot still holds.  unknown:
 * the kit names a lot the stock does not know (DEMO_UNKNOWN_LOTS at
 * most; after that the kit comes from the stock).  Inside the demo's
 * write. */
int demo_stock_kit(struct demo_stock *k, int f, const char *formulation, int unknown,
                   int shelf, int *quantity, char *lot, char *expiry);
/* The short-dated lots and the low facility, as said above. */
int demo_stock_end(struct demo_stock *k);

#endif
