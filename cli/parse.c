/* SPDX-License-Identifier: ISC */
/*
 * parse.c - the one place a command line is read.
 *
 * A command's entry (cli.h) names the long options it takes and how many
 * words follow the file; this file knows what each option takes and where
 * its value goes, builds getopt_long's list from the entry, and checks the
 * words before the command runs.  So every command reads its words the
 * same way and says a mistake the same way: one line naming it, then
 * "try 'passage NAME --help'", exit status 2.
 *
 * The rules: --name value and --name=value are the same; names are spelt
 * in full (getopt_long would take a prefix, --pass for --passphrase-fd,
 * which hides typing mistakes); options and words may come in any order;
 * every word after "--" is a word, never an option.
 */
#include "parse.h"

#include <assert.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What an option takes, and so how its value is kept. */
enum opt_kind {
	K_TEXT, /* a value, kept as given in the const char * at off */
	K_FLAG, /* no value: the int at off becomes 1 */
	K_DB,   /* --db FILE: the file, given as an option */
	K_FD,   /* --passphrase-fd N */
	K_KDF,  /* --kdf LEVEL */
	K_HEAD, /* --head SEQ:MAC, as often as given */
};

#define AT(field) offsetof(struct common_opts, field)
static const struct opt {
	const char *name;
	enum opt_kind kind;
	size_t off;
} opts[CLI_NOPTS] = {
    [OPT_USER] = {"user", K_TEXT, AT(user)},
    [OPT_ADMIN] = {"admin", K_TEXT, AT(user)},
    [OPT_ROLE] = {"role", K_TEXT, AT(role)},
    [OPT_DISPLAY] = {"display", K_TEXT, AT(display)},
    [OPT_PEOPLE] = {"people", K_TEXT, AT(people)},
    [OPT_SEED] = {"seed", K_TEXT, AT(seed)},
    [OPT_SITE] = {"site", K_TEXT, AT(site)},
    [OPT_FROM] = {"from", K_TEXT, AT(from)},
    [OPT_TO] = {"to", K_TEXT, AT(to)},
    [OPT_FACILITY] = {"facility", K_TEXT, AT(facility)},
    [OPT_FORMAT] = {"format", K_TEXT, AT(format)},
    [OPT_PERSON] = {"person", K_TEXT, AT(person)},
    [OPT_OUT] = {"out", K_TEXT, AT(out)},
    [OPT_RECIPIENT] = {"recipient", K_TEXT, AT(recipient)},
    [OPT_KEY] = {"key", K_TEXT, AT(key)},
    [OPT_RECORDS] = {"records", K_TEXT, AT(records)},
    [OPT_CASEWORKER] = {"caseworker", K_TEXT, AT(caseworker)},
    [OPT_ACTION] = {"action", K_TEXT, AT(action)},
    [OPT_BY] = {"by", K_TEXT, AT(by)},
    [OPT_FOR] = {"for", K_TEXT, AT(for_name)},
    [OPT_GROUP] = {"group", K_TEXT, AT(group)},
    [OPT_TIME_ZONE] = {"time-zone", K_TEXT, AT(time_zone)},
    [OPT_NAME] = {"name", K_TEXT, AT(name)},
    [OPT_SERVICES] = {"services", K_TEXT, AT(services)},
    [OPT_ADDRESS] = {"address", K_TEXT, AT(address)},
    [OPT_PHONE] = {"phone", K_TEXT, AT(phone)},
    [OPT_HOURS] = {"hours", K_TEXT, AT(hours)},
    [OPT_MEDICAID] = {"medicaid", K_TEXT, AT(medicaid)},
    [OPT_WALK_IN] = {"walk-in", K_TEXT, AT(walk_in)},
    [OPT_FORMULATION] = {"formulation", K_TEXT, AT(formulation)},
    [OPT_QUANTITY] = {"quantity", K_TEXT, AT(quantity)},
    [OPT_LOT] = {"lot", K_TEXT, AT(lot)},
    [OPT_EXPIRY] = {"expiry", K_TEXT, AT(expiry)},
    [OPT_SOURCE] = {"source", K_TEXT, AT(source)},
    [OPT_COUNT] = {"count", K_TEXT, AT(count)},
    [OPT_REASON] = {"reason", K_TEXT, AT(reason)},
    [OPT_DB] = {"db", K_DB, 0},
    [OPT_PASSPHRASE_FD] = {"passphrase-fd", K_FD, 0},
    [OPT_KDF] = {"kdf", K_KDF, 0},
    [OPT_DECRYPT] = {"decrypt", K_FLAG, AT(decrypt)},
    [OPT_KEYGEN] = {"keygen", K_FLAG, AT(keygen)},
    [OPT_FORCE] = {"force", K_FLAG, AT(force)},
    [OPT_PROFILE] = {"profile", K_TEXT, AT(profile)},
    [OPT_DRY_RUN] = {"dry-run", K_FLAG, AT(dry_run)},
    [OPT_SKIP_BAD_ROWS] = {"skip-bad-rows", K_FLAG, AT(skip_bad_rows)},
    [OPT_ACCEPT_MISSING] = {"accept-missing", K_FLAG, AT(accept_missing)},
    [OPT_HEAD] = {"head", K_HEAD, AT(heads)},
    [OPT_LANG] = {"lang", K_TEXT, AT(lang)},
    [OPT_GOALS] = {"goals", K_FLAG, AT(goals)},
    [OPT_PRINT] = {"print", K_FLAG, AT(print)},
};
#undef AT

/* getopt_long's code for option id. */
enum { OPT_BASE = 256 };

/* getopt_long's list of the options c takes, then --help and the end
 * mark; lo has room for every option. */
static void
long_opts(const struct cmd *c, struct option *lo)
{
	size_t k = 0;

	for (int id = 0; id < CLI_NOPTS; id++) {
		/* An option the table has no name for would never be read. */
		assert(opts[id].name != NULL);
		if (!(c->options & (UINT64_C(1) << id)))
			continue;
		lo[k++] = (struct option){opts[id].name,
		                          opts[id].kind == K_FLAG ? no_argument : required_argument,
		                          NULL, OPT_BASE + id};
	}
	lo[k++] = (struct option){"help", no_argument, NULL, 'h'};
	lo[k] = (struct option){NULL, 0, NULL, 0};
}

/* Whether the len bytes at s are name, whole. */
static int
spells(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && strncmp(s, name, len) == 0;
}

/* The long option of lo that word ("--name" or "--name=value") spells in
 * full, or NULL. */
static const struct option *
spelt(const struct option *lo, const char *word)
{
	size_t len;

	if (strncmp(word, "--", 2) != 0)
		return NULL;
	word += 2;
	len = strcspn(word, "=");
	for (; lo->name; lo++)
		if (spells(word, len, lo->name))
			return lo;
	return NULL;
}

static int
is_help(const char *word)
{
	return strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0;
}

/* A usage error about the option word (up to an '='), said between
 * before and after. */
static int
opt_usage(const struct cmd *c, const char *before, const char *word, const char *after)
{
	char why[160];

	snprintf(why, sizeof why, "%s%.*s%s", before, (int)strcspn(word, "="), word, after);
	return cli_usage(c, why);
}

/* The file, or a word after it; c names the command in a mistake, v says
 * how many words there may be. */
static int
add_word(const struct cmd *c, const struct cmd *v, struct common_opts *o, const char *w)
{
	char why[160];

	if (!o->file) {
		o->file = w;
	} else if (o->nargs < v->max_args) {
		o->args[o->nargs++] = w;
	} else {
		snprintf(why, sizeof why, "too many words ('%.80s')", w);
		return cli_usage(c, why);
	}
	return 0;
}

static int
parse_kdf(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return DB_KDF_AUTO;
	if (strcmp(s, "interactive") == 0)
		return DB_KDF_INTERACTIVE;
	if (strcmp(s, "moderate") == 0)
		return DB_KDF_MODERATE;
	if (strcmp(s, "sensitive") == 0)
		return DB_KDF_SENSITIVE;
	return -1;
}

static int
set_opt(const struct cmd *c, struct common_opts *o, const struct opt *op, const char *val)
{
	char *end;
	long fd;

	switch (op->kind) {
	case K_TEXT:
		*(const char **)(void *)((char *)o + op->off) = val;
		break;
	case K_FLAG:
		*(int *)(void *)((char *)o + op->off) = 1;
		break;
	case K_DB:
		if (o->file)
			return cli_usage(c, "one database file at a time");
		o->file = val;
		break;
	case K_FD:
		fd = strtol(val, &end, 10);
		if (!*val || *end || fd < 0 || fd > 1024)
			return cli_usage(c, "--passphrase-fd takes a file descriptor number");
		o->pass_fd = (int)fd;
		break;
	case K_KDF:
		o->kdf = parse_kdf(val);
		if (o->kdf < 0)
			return cli_usage(c, "--kdf is auto, interactive, moderate or sensitive");
		break;
	case K_HEAD:
		if (o->nheads == CLI_MAX_HEADS)
			return cli_usage(c, "at most 16 --head at a time");
		o->heads[o->nheads++] = val;
		break;
	}
	return 0;
}

/* Reads argv[1..] into o as v allows; c names the command in a mistake.
 * Returns 0, 1 after printing the usage (--help), or -1 after printing a
 * mistake. */
static int
parse(const struct cmd *c, const struct cmd *v, int argc, char **argv, struct common_opts *o)
{
	struct option lo[CLI_NOPTS + 2];
	const struct option *p;
	int ch;

	memset(o, 0, sizeof *o);
	o->pass_fd = -1;
	o->kdf = DB_KDF_AUTO;
	long_opts(v, lo);
	/* "-": words come back in order (the file, then its words), whatever
	 * POSIXLY_CORRECT says; ":": a missing value is told from an unknown
	 * option.  optind 0 starts getopt afresh. */
	optind = 0;
	opterr = 0;
	for (;;) {
		int at = optind > 0 ? optind : 1;

		ch = getopt_long(argc, argv, "-:h", lo, NULL);
		if (ch == -1)
			break;
		if (ch == 1) {
			if (add_word(c, v, o, optarg) != 0)
				return -1;
			continue;
		}
		/* argv[at] is the option's own word: "-" mode never permutes. */
		p = spelt(lo, argv[at]);
		if (strncmp(argv[at], "--", 2) == 0 && !p) {
			opt_usage(c, "unknown option ", argv[at], "");
			return -1;
		}
		if (ch == '?') {
			if (p)
				opt_usage(c, "", argv[at], " takes no value");
			else
				opt_usage(c, "unknown option ", argv[at], "");
			return -1;
		}
		if (ch == ':') {
			opt_usage(c, "", argv[at], " needs a value");
			return -1;
		}
		if (ch == 'h') {
			fputs(v->usage ? v->usage : c->usage, stdout);
			return 1;
		}
		assert(p != NULL && p->val >= OPT_BASE && p->val < OPT_BASE + CLI_NOPTS);
		if (set_opt(c, o, &opts[p->val - OPT_BASE], optarg) != 0)
			return -1;
	}
	/* After "--" every word is a word, even one that starts with '-'. */
	for (; optind < argc; optind++)
		if (add_word(c, v, o, argv[optind]) != 0)
			return -1;
	if (!o->file && !(v->flags & CMD_FILE_OPTIONAL)) {
		cli_usage(c, "which database file?");
		return -1;
	}
	if (o->nargs < v->min_args) {
		cli_usage(c, v->missing ? v->missing : "a word is missing");
		return -1;
	}
	return 0;
}

/* The verb of c that word names, or NULL after saying which there are. */
static const struct cmd *
find_verb(const struct cmd *c, const char *word)
{
	char why[200];
	size_t at;

	for (const struct cmd *v = c->verbs; v->name; v++)
		if (word && strcmp(word, v->name) == 0)
			return v;
	/* "say add, list or retire" */
	at = (size_t)snprintf(why, sizeof why, "say");
	for (const struct cmd *v = c->verbs; v->name && at < sizeof why; v++)
		at += (size_t)snprintf(why + at, sizeof why - at, "%s %s",
		                       v == c->verbs ? "" : v[1].name ? "," : " or", v->name);
	cli_usage(c, why);
	return NULL;
}

int
cli_run(const struct cmd *c, int argc, char **argv)
{
	const struct cmd *v = c;
	struct common_opts o;
	int rc;

	if (c->verbs) {
		if (argc >= 2 && is_help(argv[1])) {
			fputs(c->usage, stdout);
			return EXIT_OK;
		}
		if (!(v = find_verb(c, argc >= 2 ? argv[1] : NULL)))
			return EXIT_USAGE;
		argc--;
		argv++;
	}
	assert(v->run != NULL && v->max_args <= (int)NELEM(o.args));
	if (v->flags & CMD_HELP_FIRST)
		for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
			if (is_help(argv[i])) {
				fputs(v->usage ? v->usage : c->usage, stdout);
				return EXIT_OK;
			}
	rc = parse(c, v, argc, argv, &o);
	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	o.import_ok = (v->flags & CMD_IMPORT_ROLE) != 0;
	return v->run(v, &o);
}
