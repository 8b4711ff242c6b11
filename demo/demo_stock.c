/* SPDX-License-Identifier: ISC */
/*
 * demo_stock.c - the demo's naloxone stock (see demo_stock.h).
 *
 * Everything here goes through core/stock.c's calls, with their checks
 * and audit rows, as a person receiving or counting kits would: the file
 * a demo makes is one Passage itself could have made.  Lots, expiries
 * and sources follow from the lot's number and the demo's clock, so a
 * seed gives the same stock every time.
 */
#include "demo_stock.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "naloxone.h"
#include "setting.h"
#include "stock.h"

#define DAY 86400
#define LOW_FACILITY 1 /* the small annex, whose shelf runs low */

static const char *const sources[] = {"State naloxone distribution program",
                                      "County health department", "Harm reduction coalition"};

static int
form_index(const char *formulation)
{
	for (int i = 0; naloxone_formulations[i]; i++)
		if (strcmp(naloxone_formulations[i], formulation) == 0) {
			assert(i < DEMO_FORMULATIONS);
			return i;
		}
	return -1;
}

/* YYYY-MM-DD, days from the demo's today, in the site's zone. */
static void
date_in(const struct demo_stock *k, int days, char out[11])
{
	char when[32];

	zone_format(k->zone, k->now + (int64_t)days * DAY, when, sizeof when);
	snprintf(out, 11, "%.10s", when);
}

/* quantity kits of a new lot at facility index f, expiring days from
 * today; the lot becomes the facility's current one when cur is given. */
static int
receive(struct demo_stock *k, int f, const char *formulation, int quantity, int days,
        const char *source, struct demo_lot *cur)
{
	struct demo_lot l;
	struct stock_receipt r = {.facility_id = k->facility[f], .formulation = formulation,
	                          .quantity = quantity, .lot = l.lot, .expiry = l.expiry,
	                          .source = source};

	snprintf(l.lot, sizeof l.lot, "NX%05d", 24000 + ++k->lots);
	date_in(k, days, l.expiry);
	l.on_hand = quantity;
	if (stock_receive(k->s, &r, NULL) != 0)
		return -1;
	if (cur)
		*cur = l;
	return 0;
}

void
demo_stock_start(struct demo_stock *k, struct session *s,
                 const int64_t facility[DEMO_FACILITIES], const char *zone, int people)
{
	memset(k, 0, sizeof *k);
	k->s = s;
	k->now = session_now(s);
	memcpy(k->facility, facility, sizeof k->facility);
	snprintf(k->zone, sizeof k->zone, "%s", zone);
	/* About a tenth of the people a shipment, in cases of 24 to 2,400
	 * kits: a few shipments a formulation at any size, so a million
	 * people make hundreds of lots, not hundreds of thousands. */
	k->shipment = people / 10 < 24 ? 24 : people / 10 > 2400 ? 2400 : people / 10;
}

int
demo_stock_kit(struct demo_stock *k, int f, const char *formulation, int unknown,
               int shelf, int *quantity, char *lot, char *expiry)
{
	int i = form_index(formulation), keeps = 0;
	struct demo_lot *cur;

	assert(f >= 0 && f < DEMO_FACILITIES && i >= 0 && *quantity > 0);
	for (int j = 0; j < DEMO_FORMULATIONS; j++)
		keeps |= k->cur[f][j].lot[0] != 0;
	/* Only where the facility keeps stock is there anything to
	 * reconcile (stock.h). */
	if (unknown && keeps && k->unknown < DEMO_UNKNOWN_LOTS) {
		/* From a box a visitor brought in: a lot nobody received. */
		snprintf(lot, 16, "VB%04d", 7100 + ++k->unknown);
		date_in(k, 365, expiry);
		return 0;
	}
	cur = &k->cur[f][i];
	if (cur->on_hand == 0 &&
	    receive(k, f, formulation, k->shipment, shelf, sources[k->lots % 3], cur) != 0)
		return -1;
	if (*quantity > cur->on_hand)
		*quantity = cur->on_hand;
	cur->on_hand -= *quantity;
	snprintf(lot, 16, "%s", cur->lot);
	snprintf(expiry, 11, "%s", cur->expiry);
	return 0;
}

int
demo_stock_end(struct demo_stock *k)
{
	int64_t low = setting_int(k->s->db, STOCK_LOW_SETTING, 10);
	int64_t left = low / 2;
	struct demo_lot *annex = k->cur[LOW_FACILITY];
	int have = 0;

	for (int f = 0; f < DEMO_FACILITIES; f++)
		if (f != LOW_FACILITY &&
		    receive(k, f, "nasal_4mg", k->shipment / 4 < 12 ? 12 : k->shipment / 4, 40,
		            "Neighbouring county, short-dated kits", NULL) != 0)
			return -1;
	for (int i = 0; i < DEMO_FORMULATIONS; i++)
		have |= annex[i].lot[0] != 0;
	/* An annex that never gave a kit still keeps a shelf. */
	if (!have && receive(k, LOW_FACILITY, "nasal_4mg", k->shipment, 365, sources[0],
	                     &annex[form_index("nasal_4mg")]) != 0)
		return -1;
	if (low <= 0)
		return 0;
	/* Counted below the mark: the shelf as a count found it. */
	for (int i = 0; i < DEMO_FORMULATIONS; i++) {
		int64_t keep = annex[i].on_hand < left ? annex[i].on_hand : left;
		if (!annex[i].lot[0] || keep == annex[i].on_hand) {
			left -= keep;
			continue;
		}
		if (stock_correct(k->s, k->facility[LOW_FACILITY], annex[i].lot, keep,
		                  "Counted the shelf: boxes damaged by a leak in the store room "
		                  "were thrown out.") != 0)
			return -1;
		annex[i].on_hand = (int)keep;
		left -= keep;
	}
	return 0;
}
