/* SPDX-License-Identifier: ISC */
/*
 * main.c - the passage command: hardening, then a table of subcommands.
 *
 * Before anything else the process makes itself undumpable (no core file,
 * no ptrace by other users' tools) and creates files private to its user:
 * the page cache SQLite keeps in memory is plaintext.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli.h"
#include "db.h"
#include "report.h"

#define PASSAGE_VERSION "0.1.0"

static const struct cmd *const commands[] = {
    &cmd_open, &cmd_init, &cmd_verify, &cmd_passwd, &cmd_recover, &cmd_user, &cmd_audit,
    &cmd_demo, &cmd_setting, &cmd_report,
    &cmd_export,
    &cmd_backup,
    &cmd_facility, &cmd_provider,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("passage: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int
cli_print_code(const char *heading, const char *code)
{
	printf("%s\n\n    %s\n\n", heading, code);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	/* Standard output is gone (a full disk, a closed pipe): the code must
	 * not be lost silently. */
	fprintf(stderr, "passage: standard output could not be written; the code is here "
	        "instead:\n\n    %s\n\n", code);
	return fflush(stderr) == 0 && !ferror(stderr) ? 1 : -1;
}

int
cli_usage(const struct cmd *c, const char *why)
{
	/* One line, and where to read more: the whole usage would push the
	 * line that matters off a small screen. */
	if (why)
		fprintf(stderr, "passage %s: %s\n", c->name, why);
	fprintf(stderr, "try 'passage %s --help'\n", c->name);
	return EXIT_USAGE;
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

/* The options whose value is kept as given. */
#define OPT(name, field) {name, offsetof(struct common_opts, field)}
static const struct {
	const char *name;
	size_t off;
} text_opts[] = {
    OPT("user", user),         OPT("admin", user),     OPT("role", role),
    OPT("display", display),   OPT("people", people),  OPT("seed", seed),
    OPT("site", site),         OPT("from", from),      OPT("to", to),
    OPT("facility", facility), OPT("format", format),  OPT("person", person),
    OPT("out", out),           OPT("recipient", recipient), OPT("key", key),
    OPT("records", records),   OPT("caseworker", caseworker), OPT("action", action),
    OPT("by", by),
    OPT("for", for_name),
    OPT("group", group),
    OPT("time-zone", time_zone),
    OPT("name", name),         OPT("services", services), OPT("address", address),
    OPT("phone", phone),       OPT("hours", hours),       OPT("medicaid", medicaid),
    OPT("walk-in", walk_in),
};
#undef OPT

static int
text_opt(struct common_opts *o, const char *name, const char *val)
{
	for (size_t i = 0; i < sizeof text_opts / sizeof text_opts[0]; i++)
		if (strcmp(name, text_opts[i].name) == 0) {
			*(const char **)(void *)((char *)o + text_opts[i].off) = val;
			return 1;
		}
	return 0;
}

/* The options that are not text: two flags, and three values read here. */
static const char *const flag_opts[] = {"decrypt", "keygen"};
static const char *const value_opts[] = {"db", "passphrase-fd", "kdf"};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* getopt_long's code for the i-th long option of a command. */
enum { OPT_BASE = 256 };

/* Whether the len bytes at s are name, whole. */
static int
spells(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && strncmp(s, name, len) == 0;
}

/* The name of a known option spelt by the len bytes at s, NUL-terminated
 * (getopt_long keeps the pointer), or NULL; *has_arg says if it takes a
 * value. */
static const char *
known_opt(const char *s, size_t len, int *has_arg)
{
	*has_arg = required_argument;
	for (size_t i = 0; i < NELEM(text_opts); i++)
		if (spells(s, len, text_opts[i].name))
			return text_opts[i].name;
	for (size_t i = 0; i < NELEM(value_opts); i++)
		if (spells(s, len, value_opts[i]))
			return value_opts[i];
	*has_arg = no_argument;
	for (size_t i = 0; i < NELEM(flag_opts); i++)
		if (spells(s, len, flag_opts[i]))
			return flag_opts[i];
	return NULL;
}

/* Fills lo with the options of the comma list allowed, then --help and
 * the end mark.  n is lo's size. */
static void
long_opts(const char *allowed, struct option *lo, size_t n)
{
	size_t k = 0;

	for (const char *p = allowed; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int has_arg;
		const char *name = known_opt(p, len, &has_arg);

		/* A command may only allow an option this file knows. */
		assert(name != NULL);
		assert(k + 2 < n);
		lo[k] = (struct option){name, has_arg, NULL, OPT_BASE + (int)k};
		k++;
		p = end ? end + 1 : NULL;
	}
	lo[k++] = (struct option){"help", no_argument, NULL, 'h'};
	lo[k] = (struct option){NULL, 0, NULL, 0};
}

/* The long option of lo that word ("--name" or "--name=value") spells in
 * full, or NULL: getopt_long would also take a prefix (--pass for
 * --passphrase-fd), which hides typing mistakes. */
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

/* A usage error about the option word (up to an '='), said between
 * before and after. */
static int
opt_usage(const struct cmd *c, const char *before, const char *word, const char *after)
{
	char why[160];

	snprintf(why, sizeof why, "%s%.*s%s", before, (int)strcspn(word, "="), word, after);
	return cli_usage(c, why);
}

static int
add_word(const struct cmd *c, struct common_opts *o, const char *w, int max_args)
{
	char why[160];

	if (!o->file) {
		o->file = w;
	} else if (o->nargs < max_args) {
		o->args[o->nargs++] = w;
	} else {
		snprintf(why, sizeof why, "too many words ('%.80s')", w);
		return cli_usage(c, why);
	}
	return 0;
}

static int
set_opt(const struct cmd *c, struct common_opts *o, const char *name, const char *val)
{
	if (strcmp(name, "decrypt") == 0) {
		o->decrypt = 1;
	} else if (strcmp(name, "keygen") == 0) {
		o->keygen = 1;
	} else if (text_opt(o, name, val)) {
		return 0;
	} else if (strcmp(name, "db") == 0) {
		if (o->file)
			return cli_usage(c, "one database file at a time");
		o->file = val;
	} else if (strcmp(name, "passphrase-fd") == 0) {
		char *end;
		long fd = strtol(val, &end, 10);
		if (!*val || *end || fd < 0 || fd > 1024)
			return cli_usage(c, "--passphrase-fd takes a file descriptor number");
		o->pass_fd = (int)fd;
	} else if (strcmp(name, "kdf") == 0) {
		o->kdf = parse_kdf(val);
		if (o->kdf < 0)
			return cli_usage(c, "--kdf is auto, interactive, moderate or sensitive");
	}
	return 0;
}

int
cli_parse(const struct cmd *c, int argc, char **argv, const char *allowed, int max_args,
          struct common_opts *o)
{
	struct option lo[NELEM(text_opts) + NELEM(value_opts) + NELEM(flag_opts) + 2];
	const struct option *p;
	int ch;

	memset(o, 0, sizeof *o);
	o->pass_fd = -1;
	o->kdf = DB_KDF_AUTO;
	long_opts(allowed, lo, NELEM(lo));
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
			if (add_word(c, o, optarg, max_args) != 0)
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
			fputs(c->usage, stdout);
			return 1;
		}
		assert(p != NULL);
		if (set_opt(c, o, p->name, optarg) != 0)
			return -1;
	}
	/* After "--" every word is a word, even one that starts with '-'. */
	for (; optind < argc; optind++)
		if (add_word(c, o, argv[optind], max_args) != 0)
			return -1;
	if (!o->file && !o->keygen) {
		cli_usage(c, "which database file?");
		return -1;
	}
	return 0;
}

static void
harden(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
}

static void
help(FILE *f)
{
	fputs("usage: passage [FILE]             the terminal interface\n"
	      "       passage COMMAND [FILE] [options]\n"
	      "\n"
	      "Passage keeps reentry case records in one encrypted file.\n"
	      "\n"
	      "commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "Passphrases are asked on the terminal with echo off, or read one per\n"
	      "line from --passphrase-fd N; never from the command line.\n"
	      "'passage COMMAND --help' tells more; passage(1) and passage(5) tell all.\n", f);
}

int
main(int argc, char **argv)
{
	harden();
	if (sodium_init() < 0) {
		fputs("passage: the encryption library could not start\n", stderr);
		return EXIT_FAIL;
	}
	if (argc < 2)
		return cli_open_default(argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("passage %s\n"
		       "ISC licence; see LICENSE or /usr/share/doc/passage/copyright\n",
		       PASSAGE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i]->name) == 0)
			return commands[i]->run(argc - 1, argv + 1);
	/* Not a command: a file (or --db FILE) for the terminal interface. */
	if (argv[1][0] == '-' ? strncmp(argv[1], "--db", 4) == 0 || strncmp(argv[1], "--user", 6) == 0 ||
	                            strncmp(argv[1], "--site", 6) == 0
	                      : strchr(argv[1], '/') || strchr(argv[1], '.'))
		return cli_open_default(argc, argv);
	fprintf(stderr, "passage: unknown command '%s'\ntry 'passage --help'\n", argv[1]);
	return EXIT_USAGE;
}
