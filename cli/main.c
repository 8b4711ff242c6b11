/* SPDX-License-Identifier: ISC */
/*
 * main.c - the passage command: hardening, then a table of subcommands.
 *
 * Before anything else the process makes itself undumpable (no core file,
 * no ptrace by other users' tools) and creates files private to its user:
 * the page cache SQLite keeps in memory is plaintext.
 */
#include <errno.h>
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
#include "keyring.h"
#include "report.h"

#define PASSAGE_VERSION "0.1.0"

static const struct cmd *const commands[] = {
    &cmd_open, &cmd_init, &cmd_verify, &cmd_passwd, &cmd_recover, &cmd_user, &cmd_audit,
    &cmd_demo, &cmd_setting, &cmd_report,
    &cmd_export,
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
	if (why)
		fprintf(stderr, "passage %s: %s\n", c->name, why);
	fputs(c->usage, stderr);
	return EXIT_USAGE;
}

static int
allowed_opt(const char *allowed, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = allowed; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int
parse_kdf(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return KR_KDF_AUTO;
	if (strcmp(s, "interactive") == 0)
		return KR_KDF_INTERACTIVE;
	if (strcmp(s, "moderate") == 0)
		return KR_KDF_MODERATE;
	if (strcmp(s, "sensitive") == 0)
		return KR_KDF_SENSITIVE;
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

int
cli_parse(const struct cmd *c, int argc, char **argv, const char *allowed, int max_args,
          struct common_opts *o)
{
	char why[160];

	memset(o, 0, sizeof *o);
	o->pass_fd = -1;
	o->kdf = KR_KDF_AUTO;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *name, *val = NULL;
		char *eq;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(c->usage, stdout);
			return 1;
		}
		if (a[0] == '-' && a[1] != '-') {
			snprintf(why, sizeof why, "unknown option %s", a);
			cli_usage(c, why);
			return -1;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (!o->file) {
				o->file = a;
			} else if (o->nargs < max_args) {
				o->args[o->nargs++] = a;
			} else {
				snprintf(why, sizeof why, "too many words ('%s')", a);
				cli_usage(c, why);
				return -1;
			}
			continue;
		}
		name = a + 2;
		eq = strchr(a, '=');
		char opt[40];
		snprintf(opt, sizeof opt, "%.*s", eq ? (int)(eq - name) : (int)strlen(name), name);
		if (!allowed_opt(allowed, opt)) {
			snprintf(why, sizeof why, "unknown option --%s", opt);
			cli_usage(c, why);
			return -1;
		}
		if (strcmp(opt, "decrypt") == 0 || strcmp(opt, "keygen") == 0) {
			if (eq) {
				snprintf(why, sizeof why, "--%s takes no value", opt);
				cli_usage(c, why);
				return -1;
			}
			*(opt[0] == 'd' ? &o->decrypt : &o->keygen) = 1;
			continue;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		if (!val) {
			snprintf(why, sizeof why, "--%s needs a value", opt);
			cli_usage(c, why);
			return -1;
		}
		if (text_opt(o, opt, val)) {
			continue;
		} else if (strcmp(opt, "db") == 0) {
			if (o->file) {
				cli_usage(c, "one database file at a time");
				return -1;
			}
			o->file = val;
		} else if (strcmp(opt, "passphrase-fd") == 0) {
			char *end;
			long fd = strtol(val, &end, 10);
			if (*end || fd < 0 || fd > 1024) {
				cli_usage(c, "--passphrase-fd takes a file descriptor number");
				return -1;
			}
			o->pass_fd = (int)fd;
		} else if (strcmp(opt, "kdf") == 0) {
			o->kdf = parse_kdf(val);
			if (o->kdf < 0) {
				cli_usage(c, "--kdf is auto, interactive, moderate or sensitive");
				return -1;
			}
		}
	}
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
		printf("passage %s\n", PASSAGE_VERSION);
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
	fprintf(stderr, "passage: unknown command '%s'\n\n", argv[1]);
	help(stderr);
	return EXIT_USAGE;
}
