/* SPDX-License-Identifier: ISC */
/*
 * stock.h - the naloxone kits each facility holds, counted by lot.
 *
 * Kits are received into a lot at a facility (formulation, quantity, lot,
 * expiry and from whom); a kit given or placed in property is drawn from
 * its lot in the same transaction as the naloxone record (naloxone.c
 * calls stock_draw); an admin corrects a count, with a reason.  Every
 * change is a row of stock_move beside the lot's count, so the moves of a
 * lot add up to what it holds.
 *
 * The stock never blocks a handover: at a facility that keeps stock (has
 * received kits), a kit from a lot the stock does not know, with no lot
 * named, or more kits than the lot holds (a count never goes below zero)
 * is recorded all the same and put on the "to reconcile" list; at one
 * that keeps none, nothing is drawn or listed.  An admin or supervisor
 * closes an item: against a lot (the kits are drawn from it then) or
 * with a reason.  Lots, sources and reasons are stock facts, not case data; the
 * list names the naloxone record by number, never the person.
 *
 * The facility of a handover is the one of the stay it is for, or else
 * of the person's latest stay booked before it.
 */
#ifndef PASSAGE_STOCK_H
#define PASSAGE_STOCK_H

#include <stdint.h>

#include "session.h"

#define STOCK_EXPIRING_DAYS 60 /* "expiring": on or before today + this */
#define STOCK_LOW_SETTING "naloxone.low_stock" /* kits at a facility; 0: no mark */

struct stock_receipt {
	int64_t facility_id;
	const char *formulation;    /* naloxone.h's codes: required */
	int quantity;               /* 1 to 10000 */
	const char *lot;            /* 1 to 40 characters: required */
	const char *expiry;         /* YYYY-MM-DD or YYYY-MM (the month's end); not past */
	const char *source;         /* from whom, up to 200 characters: required */
};

struct stock_lot_row {
	int64_t id, facility_id, on_hand;
	char facility[4 * 120 + 1];
	char formulation[16];
	char lot[4 * 40 + 1];
	char expiry[11];
	int expiring; /* 1: expires within STOCK_EXPIRING_DAYS of today (or has) */
};

struct stock_reconcile_row {
	int64_t id, naloxone_id, facility_id, opened_at, closed_at;
	int quantity;
	char facility[4 * 120 + 1]; /* "" when no facility is known */
	char formulation[16];
	char lot[4 * 40 + 1];       /* the lot the handover named; "" for none */
	char why[16];               /* stock_reconcile.why's code */
};

/* What the health queues' header and the report say: kits on hand, kits
 * in lots expiring soon (or expired), and how many facilities are below
 * the site's low-stock mark (0 when the setting is 0 or not set). */
struct stock_totals {
	int64_t on_hand, expiring, low_facilities, to_reconcile;
};

/* 1 when the totals want someone's look: kits expiring, a facility
 * low, handovers to reconcile. */
int stock_needs_look(const struct stock_totals *t);

/* Kits received: into the facility's lot of that name (a new lot, or one
 * already known with the same formulation and expiry).  Any role that
 * works with people; audited. */
int stock_receive(struct session *s, const struct stock_receipt *r, int64_t *lot_id);
/* The lots of a facility (0: every facility) that hold kits or were
 * received, by facility, expiry and lot, into a new array (free()). */
int stock_list(struct session *s, int64_t facility_id, struct stock_lot_row **rows, int *n);
/* Admins only: sets the lot's count to count (>= 0) with a reason (a
 * sentence); audited with the change, never the reason's words. */
int stock_correct(struct session *s, int64_t facility_id, const char *lot, int64_t count,
                  const char *reason);
/* The open items to reconcile, oldest first (free()). */
int stock_reconcile_list(struct session *s, struct stock_reconcile_row **rows, int *n);
/* Admins and supervisors: closes item id with a reason (a sentence); with
 * lot given, the handover's kits are drawn from that lot of the item's
 * facility, refused if it holds fewer. */
int stock_reconcile_close(struct session *s, int64_t id, const char *lot, const char *reason);
/* Inside the naloxone record's write transaction: draws quantity kits
 * from the lot, or opens an item to reconcile.  Never fails for the
 * stock's sake; -1 only when the database does. */
int stock_draw(struct session *s, int64_t naloxone_id, int64_t person_id, int64_t stay_id,
               int64_t at, int quantity, const char *lot);
/* Totals for facility_id (0: every facility), read as they are now. */
int stock_totals(struct session *s, int64_t facility_id, struct stock_totals *out);

#endif
