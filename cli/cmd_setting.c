/* SPDX-License-Identifier: ISC */
/*
 * cmd_setting.c - passage setting FILE [KEY [VALUE]]: the site's settings.
 *
 * Admins only.  The settings decide how long an unattended screen stays
 * open, how long break-the-glass lasts and when the follow-up clocks fall
 * due, so changing one is audited like any other change.
 *
 * Only the keys the program reads are accepted, each with its own rule.
 * The code that reads a setting quietly falls back to its default when
 * the value makes no sense (core/task.c, core/queue.c, core/access.c): a
 * typo in a key, or "0" for break_glass.hours, would otherwise be stored,
 * shown by this command and ignored everywhere else.  Refusing it here,
 * before the passphrase is asked, tells the admin at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "cli.h"
#include "db.h"
#include "out.h"
#include "plan_print.h"
#include "plan_template.h"
#include "session.h"
#include "setting.h"
#include "site.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_setting = {
    .name = "setting",
    .summary = "list the site's settings or change one (admins)",
    .usage =
    "usage: passage setting FILE [KEY [VALUE]] [--user ADMIN] [--passphrase-fd N]\n"
    "\n"
    "Without KEY, lists every setting and its value; with KEY, prints its\n"
    "value; with KEY and VALUE, sets it (the change is audited).  Keys:\n"
    "\n"
    "  site.name              the site's name on every screen's title line\n"
    "                         (1-60 characters)\n"
    "  site.time_zone         IANA zone for local days and times, e.g.\n"
    "                         America/Chicago (default UTC)\n"
    "  lock.idle_seconds      lock the screen after this many seconds without\n"
    "                         a key (0-86400; 0: never; default 300)\n"
    "  break_glass.hours      how long break-the-glass access lasts (1-24; 3)\n"
    "  queue.prerelease_days  how far ahead the pre-release queue looks\n"
    "                         (1-365; 7)\n"
    "  queue.stale_days       days without activity before a case is stale\n"
    "                         (1-3650; 14)\n"
    "  clock.contact_hours    the first contact is due this many hours after\n"
    "                         release (1-720; 48)\n"
    "  clock.followup_days    follow-up days after release, ascending, up to\n"
    "                         16 of them (1-3650; 7,14,30,90)\n"
    "  clock.window_days      days either side of a follow-up that count\n"
    "                         (0-30; 3)\n"
    "  audit.witness_rows     send the audit chain head to syslog every this\n"
    "                         many rows, and at each login (1-10000; 100)\n"
    "  naloxone.low_stock     mark a facility's naloxone stock low on the\n"
    "                         health queues below this many kits (0-100000;\n"
    "                         0: no mark; default 10)\n"
    "  plan.lang              the release plan's language when none is asked\n"
    "                         for: a template's two letters (en)\n"
    "  plan.paper             the release plan's paper: letter or a4 (letter)\n"
    "  plan.hotline           the hotline printed on the plan (0-200\n"
    "                         characters; none by default)\n"
    "  plan.good_samaritan    the state's Good Samaritan law in a few plain\n"
    "                         sentences, for the plan (0-1000 characters)\n"
    "  plan.good_samaritan.es the same in a template's language (here\n"
    "                         Spanish), printed on plans in that language\n"
    "  plan.folder            where the person screen's p saves plans: a\n"
    "                         folder's absolute path (none: it asks)\n"
    "  plan.printer           the printer plans go to: a CUPS printer's\n"
    "                         name or an ipp:// address (none: no printing)\n"
    "\n"
    "The clock settings apply to releases recorded from then on; clocks\n"
    "already running keep their times.  A screen already logged in keeps\n"
    "the site name, time zone, idle time and witness rows it read at login.\n",
    .options = UNLOCK_OPTS,
    .max_args = 2,
    .run = run,
};

enum kind { K_TEXT, K_ZONE, K_INT, K_DAYS, K_LANG, K_PAPER, K_WORDS, K_FOLDER, K_PRINTER };

/* The keys the program reads, with the defaults they are read with. */
static const struct key {
	const char *name, *def;
	enum kind kind;
	long lo, hi;
} keys[] = {
    {"site.name", "Passage", K_TEXT, 1, 60},
    {"site.time_zone", "UTC", K_ZONE, 0, 0},
    {"lock.idle_seconds", "300", K_INT, 0, 86400},
    {"break_glass.hours", "3", K_INT, 1, 24},
    {"queue.prerelease_days", "7", K_INT, 1, 365},
    {"queue.stale_days", "14", K_INT, 1, 3650},
    {"clock.contact_hours", "48", K_INT, 1, 720},
    {"clock.followup_days", "7,14,30,90", K_DAYS, 1, 3650},
    {"clock.window_days", "3", K_INT, 0, 30},
    {"audit.witness_rows", "100", K_INT, 1, 10000},
    {"naloxone.low_stock", "10", K_INT, 0, 100000},
    {"plan.lang", "en", K_LANG, 0, 0},
    {"plan.paper", "letter", K_PAPER, 0, 0},
    {"plan.hotline", "", K_WORDS, 0, 200},
    {"plan.good_samaritan", "", K_WORDS, 0, 1000},
    {"plan.folder", "", K_FOLDER, 0, 400},
    {"plan.printer", "", K_PRINTER, 0, PLAN_PRINTER_MAX},
};
#define NKEYS (sizeof keys / sizeof keys[0])
#define DAYS_MAX 16 /* core/task.c's CLOCK_MAX */

static const struct key *
find_key(const char *name)
{
	static const char gs[] = "plan.good_samaritan";
	static char lang_name[sizeof gs + 3];
	static struct key in_lang;
	struct session none;

	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	/* The Good Samaritan summary in one template's language: the same
	 * setting, named KEY.LANG. */
	memset(&none, 0, sizeof none);
	if (strncmp(name, gs, sizeof gs - 1) == 0 && name[sizeof gs - 1] == '.' &&
	    plan_lang_check(&none, name + sizeof gs) == 0) {
		in_lang = *find_key(gs);
		snprintf(lang_name, sizeof lang_name, "%s", name);
		in_lang.name = lang_name;
		return &in_lang;
	}
	return NULL;
}

/* Digits only, no sign or spaces: what setting_int reads back exactly. */
static int
whole(const char *s, long lo, long hi, long *out)
{
	long v = 0;
	size_t n = 0;

	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n == 6)
			return -1;
		v = v * 10 + (s[n] - '0');
	}
	if (n == 0 || s[n] || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* "7,14,30,90": strictly ascending whole days, as core/task.c parses
 * them (it falls back to its defaults on anything else). */
static int
day_list(const char *s, long lo, long hi)
{
	char one[8];
	long v, prev = 0;
	int n = 0;

	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == 0 || len >= sizeof one || ++n > DAYS_MAX)
			return -1;
		memcpy(one, s, len);
		one[len] = 0;
		if (whole(one, lo, hi, &v) != 0 || v <= prev)
			return -1;
		prev = v;
		s += len;
		if (*s == ',' && !*++s)
			return -1;
	}
	return n ? 0 : -1;
}

/* 0, or -1 with why the value is refused in why. */
static int
valid(const struct key *k, const char *value, char *why, size_t n)
{
	struct session none;
	long v;

	switch (k->kind) {
	case K_TEXT:
	case K_ZONE:
		memset(&none, 0, sizeof none);
		if ((k->kind == K_TEXT ? site_check_name : site_check_zone)(&none, k->name,
		                                                            value) == 0)
			return 0;
		snprintf(why, n, "%s", none.err);
		return -1;
	case K_INT:
		if (whole(value, k->lo, k->hi, &v) == 0)
			return 0;
		snprintf(why, n, "%s: a whole number from %ld to %ld", k->name, k->lo, k->hi);
		return -1;
	case K_DAYS:
		if (day_list(value, k->lo, k->hi) == 0)
			return 0;
		snprintf(why, n, "%s: whole days from %ld to %ld, ascending, separated by commas "
		         "(at most %d), e.g. 7,14,30,90", k->name, k->lo, k->hi, DAYS_MAX);
		return -1;
	case K_LANG:
		memset(&none, 0, sizeof none);
		if (plan_lang_check(&none, value) == 0)
			return 0;
		snprintf(why, n, "%s: two lowercase letters, such as en or es", k->name);
		return -1;
	case K_PAPER:
		if (strcmp(value, "letter") == 0 || strcmp(value, "a4") == 0)
			return 0;
		snprintf(why, n, "%s: letter or a4", k->name);
		return -1;
	case K_WORDS:
		memset(&none, 0, sizeof none);
		if (check_text(&none, k->name, value, (size_t)k->hi * 4, 0, 0) == 0 &&
		    out_chars(value) <= (size_t)k->hi)
			return 0;
		snprintf(why, n, "%s: one line of up to %ld characters", k->name, k->hi);
		return -1;
	case K_FOLDER:
		memset(&none, 0, sizeof none);
		if ((!*value || value[0] == '/') &&
		    check_text(&none, k->name, value, (size_t)k->hi, 0, 0) == 0)
			return 0;
		snprintf(why, n, "%s: a folder's absolute path, such as /srv/passage/plans", k->name);
		return -1;
	case K_PRINTER:
		if (!*value || plan_printer_check(value) == 0)
			return 0;
		snprintf(why, n, "%s: a CUPS printer's name, such as front-desk, or an ipp:// "
		         "address, such as ipp://10.0.0.5/ipp/print", k->name);
		return -1;
	}
	return -1;
}

struct change {
	const struct key *key;
	const char *value;
};

static int
do_set(struct session *s, void *arg)
{
	const struct change *c = arg;

	if (setting_set(s->db, c->key->name, c->value) != 0)
		return -1;
	return audit_log(s, "setting", "setting", 0, 0, c->key->name);
}

static void
list(struct session *s)
{
	char value[4200];

	for (size_t i = 0; i < NKEYS; i++) {
		setting_text(s->db, keys[i].name, keys[i].def, value, sizeof value);
		printf("%-22s %s\n", keys[i].name, value);
	}
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	struct session s;
	const struct key *k = NULL;
	char why[DB_ERR_MAX], old[4200];
	db *d;
	int rc;

	(void)self;
	if (o->nargs >= 1 && !(k = find_key(o->args[0]))) {
		snprintf(why, sizeof why, "no setting '%.64s'; 'passage setting --help' lists them",
		         o->args[0]);
		return cli_usage(&cmd_setting, why);
	}
	if (o->nargs == 2 && valid(k, o->args[1], why, sizeof why) != 0)
		return cli_usage(&cmd_setting, why);
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	if (s.role != ROLE_ADMIN) {
		db_close(d);
		return cli_error("only admins see and change the settings");
	}
	if (o->nargs == 0) {
		list(&s);
	} else if (o->nargs == 1) {
		printf("%s\n", setting_text(d, k->name, k->def, old, sizeof old));
	} else {
		struct change c = {k, o->args[1]};
		setting_text(d, k->name, k->def, old, sizeof old);
		if (session_write(&s, do_set, &c) != 0) {
			rc = cli_error("%s: %s", o->file, s.err);
		} else {
			printf("%s: %s (was %s)\n", k->name, c.value, *old ? old : "not set");
		}
	}
	db_close(d);
	return rc;
}
