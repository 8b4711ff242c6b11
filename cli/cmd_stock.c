/* SPDX-License-Identifier: ISC */
/*
 * cmd_stock.c - passage stock receive|list|correct|reconcile: the
 * naloxone kits each facility holds, by lot (core/stock.h).
 *
 * The options are checked before the passphrase is asked; core/stock.c
 * says who may do what.  Lots and facility names are printed with their
 * control characters replaced, though the checks keep them out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "facility.h"
#include "out.h"
#include "session.h"
#include "stock.h"
#include "unlock.h"
#include "vocab.h"
#include "zone.h"

static int run(const struct cmd *self, const struct common_opts *o);

#define SO UNLOCK_OPTS
static const struct cmd verbs[] = {
    {.name = "receive", .options = SO | OPT(FACILITY) | OPT(FORMULATION) | OPT(QUANTITY) |
                                   OPT(LOT) | OPT(EXPIRY) | OPT(SOURCE), .run = run},
    {.name = "list", .options = SO | OPT(FACILITY), .run = run},
    {.name = "correct", .options = SO | OPT(FACILITY) | OPT(LOT) | OPT(COUNT) | OPT(REASON),
     .run = run},
    {.name = "reconcile", .options = SO | OPT(LOT) | OPT(REASON), .max_args = 1, .run = run},
    {0},
};
#undef SO

const struct cmd cmd_stock = {
    .name = "stock",
    .summary = "naloxone kits received, on hand and to reconcile",
    .usage =
    "usage: passage stock receive FILE --facility NAME --formulation CODE\n"
    "                     --quantity N --lot LOT --expiry DATE --source WHO\n"
    "       passage stock list FILE [--facility NAME]\n"
    "       passage stock correct FILE --facility NAME --lot LOT --count N\n"
    "                     --reason TEXT\n"
    "       passage stock reconcile FILE [ITEM --reason TEXT [--lot LOT]]\n"
    "       (each also takes [--user NAME] [--passphrase-fd N])\n"
    "\n"
    "The naloxone kits each facility holds, counted by lot.  receive adds kits\n"
    "to the facility's lot (DATE is YYYY-MM-DD, or YYYY-MM for the month's\n"
    "end; WHO is who sent them).  CODE is one of nasal_4mg (4 mg nasal spray),\n"
    "nasal_8mg (8 mg nasal spray), nasal_3mg (3 mg nasal spray), im_0_4mg_ml\n"
    "(IM naloxone 0.4 mg/mL) or nalmefene (nalmefene nasal spray).\n"
    "\n"
    "A kit given or placed in property is taken from its lot when it is\n"
    "recorded.  One the stock cannot account for (a lot it does not know, no\n"
    "lot named, more kits than the lot holds) is recorded all the same and\n"
    "listed by reconcile; reconcile ITEM closes it, with --lot taking its kits\n"
    "from that lot, and with a reason either way (administrators and\n"
    "supervisors).  correct sets a lot's count, with a reason\n"
    "(administrators).  list marks lots expiring within 60 days.  Every\n"
    "change is audited.\n",
    .verbs = verbs,
};

/* A whole number from 0 to max, or -1. */
static long
number(const char *t, long max)
{
	char *end;
	long v;

	if (!t || *t < '0' || *t > '9')
		return -1;
	v = strtol(t, &end, 10);
	return *end || v > max ? -1 : v;
}

/* The options a verb needs, before any passphrase. */
static int
check_opts(const char *verb, const struct common_opts *o)
{
	const char *missing = NULL;

	if (strcmp(verb, "receive") == 0) {
		missing = !o->facility ? "--facility" : !o->formulation ? "--formulation"
		          : !o->quantity ? "--quantity" : !o->lot ? "--lot"
		          : !o->expiry ? "--expiry" : !o->source ? "--source" : NULL;
		if (!missing && number(o->quantity, 10000) < 1)
			return cli_usage(&cmd_stock, "--quantity is a whole number of kits from 1 to 10000");
	} else if (strcmp(verb, "correct") == 0) {
		missing = !o->facility ? "--facility" : !o->lot ? "--lot" : !o->count ? "--count"
		          : !o->reason ? "--reason" : NULL;
		if (!missing && number(o->count, 1000000) < 0)
			return cli_usage(&cmd_stock, "--count is a whole number of kits, 0 or more");
	} else if (strcmp(verb, "reconcile") == 0) {
		if (o->nargs && !o->reason)
			missing = "--reason";
		if (!o->nargs && (o->reason || o->lot))
			return cli_usage(&cmd_stock, "reconcile: name the ITEM to close (its number "
			                 "in the list)");
		if (o->nargs && number(o->args[0], 1L << 30) < 1)
			return cli_usage(&cmd_stock, "reconcile: ITEM is the number the list shows");
	}
	if (missing) {
		char why[64];
		snprintf(why, sizeof why, "%s needs %s", verb, missing);
		return cli_usage(&cmd_stock, why);
	}
	return EXIT_OK;
}

/* The widest of the n strings at t, each size bytes after the one before
 * (a column of rows), and at least least's. */
static int
widest(const char *least, const char *t, size_t size, int n)
{
	int w = (int)out_chars(least);

	for (int i = 0; i < n; i++, t += size)
		if ((int)out_chars(t) > w)
			w = (int)out_chars(t);
	return w;
}

/* t with control characters as '?' (a name or lot cannot drive the
 * terminal), padded to width characters and a space. */
static void
put(const char *t, int width)
{
	char buf[512];
	size_t i;
	int w;

	snprintf(buf, sizeof buf, "%s", t);
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	w = (int)out_chars(buf);
	printf("%s%*s ", buf, width > w ? width - w : 0, "");
}

/* "1 kit" or "N kits", and the like. */
static const char *
plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static int
do_list(struct session *s, int64_t facility_id)
{
	struct stock_lot_row *rows;
	struct stock_totals t;
	int n, fw, lw;

	if (stock_list(s, facility_id, &rows, &n) != 0 || stock_totals(s, facility_id, &t) != 0)
		return cli_error("%s", s->err);
	fw = n ? widest("FACILITY", rows->facility, sizeof *rows, n) : 0;
	lw = n ? widest("LOT", rows->lot, sizeof *rows, n) : 0;
	if (n == 0) {
		printf("No naloxone stock yet: 'passage stock receive' records kits received.\n");
	} else {
		put("FACILITY", fw);
		put("FORMULATION", 22);
		put("LOT", lw);
		printf("%-10s %6s\n", "EXPIRES", "KITS");
	}
	for (int i = 0; i < n; i++) {
		put(rows[i].facility, fw);
		put(vocab_label(VOCAB_FORMULATION, rows[i].formulation), 22);
		put(rows[i].lot, lw);
		printf("%-10s %6lld%s\n", rows[i].expiry, (long long)rows[i].on_hand,
		       rows[i].expiring && rows[i].on_hand ? "  EXPIRING" : "");
	}
	free(rows);
	printf("On hand: %lld %s; %lld in lots expiring within %d days.\n", (long long)t.on_hand,
	       plural(t.on_hand, "kit", "kits"), (long long)t.expiring, STOCK_EXPIRING_DAYS);
	if (t.low_facilities)
		printf("LOW: %lld %s fewer kits than the low-stock mark.\n",
		       (long long)t.low_facilities,
		       plural(t.low_facilities, "facility holds", "facilities hold"));
	if (t.to_reconcile)
		printf("%lld %s to reconcile: 'passage stock reconcile FILE' lists them.\n",
		       (long long)t.to_reconcile, plural(t.to_reconcile, "handover", "handovers"));
	return EXIT_OK;
}

static int
do_reconcile_list(struct session *s)
{
	struct stock_reconcile_row *rows;
	char when[40];
	int n, fw, lw;

	if (stock_reconcile_list(s, &rows, &n) != 0)
		return cli_error("%s", s->err);
	fw = n ? widest("(not known)", rows->facility, sizeof *rows, n) : 0;
	lw = n ? widest("(none)", rows->lot, sizeof *rows, n) : 0;
	if (n == 0) {
		printf("Nothing to reconcile.\n");
	} else {
		printf("%-5s %-16s ", "ITEM", "RECORDED");
		put("FACILITY", fw);
		put("LOT", lw);
		printf("%4s  %s\n", "KITS", "WHY");
	}
	for (int i = 0; i < n; i++) {
		zone_local_time(s->db, rows[i].opened_at, when, sizeof when);
		printf("%-5lld %-16.16s ", (long long)rows[i].id, when);
		put(rows[i].facility[0] ? rows[i].facility : "(not known)", fw);
		put(rows[i].lot[0] ? rows[i].lot : "(none)", lw);
		printf("%4d  %s\n", rows[i].quantity, vocab_label(VOCAB_RECONCILE_WHY, rows[i].why));
	}
	free(rows);
	return EXIT_OK;
}

static int
dispatch(const char *verb, struct session *s, const struct common_opts *o)
{
	struct facility_row f = {0};

	if (o->facility && facility_find(s, o->facility, &f) != 0)
		return cli_error("%s", s->err);
	if (strcmp(verb, "list") == 0)
		return do_list(s, f.id);
	if (strcmp(verb, "receive") == 0) {
		struct stock_receipt r = {.facility_id = f.id, .formulation = o->formulation,
		                          .quantity = (int)number(o->quantity, 10000), .lot = o->lot,
		                          .expiry = o->expiry, .source = o->source};
		if (stock_receive(s, &r, NULL) != 0)
			return cli_error("%s", s->err);
		printf("Received %d %s into lot %s at %s.\n", r.quantity,
		       plural(r.quantity, "kit", "kits"), o->lot, f.name);
		return EXIT_OK;
	}
	if (strcmp(verb, "correct") == 0) {
		if (stock_correct(s, f.id, o->lot, number(o->count, 1000000), o->reason) != 0)
			return cli_error("%s", s->err);
		printf("Lot %s at %s now holds %s %s.\n", o->lot, f.name, o->count,
		       plural(number(o->count, 1000000), "kit", "kits"));
		return EXIT_OK;
	}
	if (!o->nargs)
		return do_reconcile_list(s);
	if (stock_reconcile_close(s, number(o->args[0], 1L << 30), o->lot, o->reason) != 0)
		return cli_error("%s", s->err);
	printf("Item %s is reconciled.\n", o->args[0]);
	return EXIT_OK;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct session s;
	db *d;
	int rc;

	if ((rc = check_opts(self->name, o)) != EXIT_OK)
		return rc;
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	rc = dispatch(self->name, &s, o);
	db_close(d);
	return rc;
}
