/* SPDX-License-Identifier: ISC */
/*
 * cli.h - the subcommand table.  One file per subcommand (cmd_*.c), each
 * exporting one const entry; main.c dispatches and prints --help from it.
 */
#ifndef PASSAGE_CLI_H
#define PASSAGE_CLI_H

struct cmd {
	const char *name;
	const char *summary; /* one line for `passage --help` */
	const char *usage;   /* the whole `passage NAME --help` text */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct cmd cmd_init, cmd_verify, cmd_passwd, cmd_recover, cmd_user, cmd_audit,
    cmd_demo, cmd_open, cmd_setting;
extern const struct cmd cmd_facility, cmd_provider;
extern const struct cmd cmd_export;
extern const struct cmd cmd_backup;
/* passage with no command word: the terminal interface (cmd_open.c). */
int cli_open_default(int argc, char **argv);

/* Exit statuses shared by every subcommand. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Print "passage: msg" on stderr; returns EXIT_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a recovery code under heading on stdout.  Returns 0; 1 if stdout
 * failed and the code went to stderr instead; -1 if neither worked. */
int cli_print_code(const char *heading, const char *code);
/* Print "passage NAME: why" and "try 'passage NAME --help'" on stderr;
 * returns EXIT_USAGE. */
int cli_usage(const struct cmd *c, const char *why);

/* Options most subcommands share. */
struct common_opts {
	const char *file;
	const char *user;
	const char *role;
	const char *display;
	const char *people;
	const char *seed;
	const char *site;
	/* Reports, the audit log and exports. */
	const char *from, *to;   /* --from, --to: local dates YYYY-MM-DD */
	const char *facility;    /* --facility: a facility's name */
	const char *format;      /* --format: table, csv or json */
	const char *person;      /* --person: a participant code */
	const char *out;         /* --out: a file to write */
	const char *recipient;   /* --recipient: a public key file */
	const char *key;         /* --key: a secret key file */
	const char *records;     /* --records: which records to export */
	const char *caseworker;  /* --caseworker: a user name */
	const char *action;      /* --action: an audit action */
	const char *by;          /* --by: the user who acted (audit list) */
	const char *for_name;    /* --for: who receives an export, as consents name them */
	const char *group;       /* --group: the Unix group that shares a new database */
	const char *time_zone;   /* --time-zone: an IANA zone (init) */
	/* A provider directory entry's fields (provider add, edit). */
	const char *name, *services, *address, *phone, *hours, *medicaid, *walk_in;
	int decrypt;             /* --decrypt (a flag, no value) */
	int keygen;              /* --keygen (a flag, no value) */
	const char *args[4]; /* words after the file */
	int nargs;
	int pass_fd; /* -1: ask on the terminal */
	int kdf;     /* enum db_kdf */
};
/* Parses argv[1..] into o with getopt_long; returns 0, 1 for --help or -h
 * (the usage printed on stdout), or -1 with a usage error (printed).
 * allowed lists the long options this command takes, e.g.
 * "user,passphrase-fd", each named in main.c's tables (text_opts for a
 * plain text value); max_args the words it takes after the file.
 * --decrypt and --keygen are flags and take no value; the rest take one
 * (--name value or --name=value).  Names must be spelt in full; every
 * word after "--" is a word, never an option. */
int cli_parse(const struct cmd *c, int argc, char **argv, const char *allowed, int max_args,
              struct common_opts *o);

struct db;
/* Asks for the user name (unless --user) and passphrase and unlocks the
 * file; prints the error and returns EXIT_FAIL if it cannot. */
int cli_unlock(const struct common_opts *o, struct db **out);
struct session;
/* The same, then begins a session as that user (who must be active and
 * must not still hold a temporary passphrase). */
int cli_session(const struct common_opts *o, struct db **out, struct session *s);
/* The same, handing back the passphrase in *pass (free with prompt_free). */
int cli_session_pass(const struct common_opts *o, struct db **out, struct session *s,
                     char **pass);

#endif
