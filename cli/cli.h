/* SPDX-License-Identifier: ISC */
/*
 * cli.h - the command table.  One file per subcommand (cmd_*.c), each
 * exporting one const struct cmd that says everything the command line
 * needs to know about it: its name, its --help text, the options it
 * takes, how many words follow the file, and the function that does the
 * work.  parse.c reads the words against the entry, in one place, and
 * only then calls run; main.c looks the command up and prints the list.
 *
 * A command with verbs ("passage facility add FILE NAME") has no run of
 * its own: its verbs are entries of the same kind, in a table after it,
 * each with its options, word counts and run.
 */
#ifndef PASSAGE_CLI_H
#define PASSAGE_CLI_H

#include <stdint.h>

/* The long options, one bit each in struct cmd's options.  parse.c's
 * table says what each takes and where its value goes. */
enum cli_opt {
	OPT_USER, OPT_ADMIN, OPT_ROLE, OPT_DISPLAY, OPT_PEOPLE, OPT_SEED, OPT_SITE,
	OPT_FROM, OPT_TO, OPT_FACILITY, OPT_FORMAT, OPT_PERSON, OPT_OUT, OPT_RECIPIENT,
	OPT_KEY, OPT_RECORDS, OPT_CASEWORKER, OPT_ACTION, OPT_BY, OPT_FOR, OPT_GROUP,
	OPT_TIME_ZONE, OPT_NAME, OPT_SERVICES, OPT_ADDRESS, OPT_PHONE, OPT_HOURS,
	OPT_MEDICAID, OPT_WALK_IN,
	OPT_FORMULATION, OPT_QUANTITY, OPT_LOT, OPT_EXPIRY, OPT_SOURCE, OPT_COUNT, OPT_REASON,
	OPT_DB, OPT_PASSPHRASE_FD, OPT_KDF,
	OPT_DECRYPT, OPT_KEYGEN, OPT_FORCE,
	OPT_PROFILE, OPT_DRY_RUN, OPT_SKIP_BAD_ROWS, OPT_ACCEPT_MISSING,
	OPT_HEAD,
	OPT_LANG, OPT_GOALS, OPT_PRINT,
	CLI_NOPTS
};
#define OPT(name) (UINT64_C(1) << OPT_##name)
/* What every command that unlocks a file takes. */
#define UNLOCK_OPTS (OPT(USER) | OPT(PASSPHRASE_FD))

/* How many --head a command line may give. */
#define CLI_MAX_HEADS 16

/* What the words of a command line said, filled by parse.c. */
struct common_opts {
	const char *file;
	const char *user;        /* --user, or --admin (init) */
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
	/* Naloxone stock (stock receive, correct, reconcile). */
	const char *formulation, *quantity, *lot, *expiry, *source, *count, *reason;
	int decrypt;             /* --decrypt (a flag, no value) */
	int keygen;              /* --keygen (a flag, no value) */
	int force;               /* --force (a flag, no value) */
	const char *profile;     /* --profile: a roster profile's name or path */
	int dry_run;             /* --dry-run (a flag) */
	int skip_bad_rows;       /* --skip-bad-rows (a flag) */
	int accept_missing;      /* --accept-missing (a flag) */
	const char *lang;        /* --lang: a plan's language, en or es */
	int goals;               /* --goals: print the person's goals (a flag) */
	int print;               /* --print: a plan to the site's printer (a flag) */
	int import_ok;           /* the command has CMD_IMPORT_ROLE */
	/* --head SEQ:MAC, as often as given (audit verify). */
	const char *heads[CLI_MAX_HEADS];
	int nheads;
	const char *args[4]; /* words after the file */
	int nargs;
	int pass_fd; /* -1: ask on the terminal */
	int kdf;     /* enum db_kdf */
};

/* struct cmd's flags. */
enum {
	/* No database file is needed to start: run says when one is. */
	CMD_FILE_OPTIONAL = 1 << 0,
	/* --help or -h anywhere before "--" shows the help, whatever else the
	 * words say. */
	CMD_HELP_FIRST = 1 << 1,
	/* An import account may run it (unlock.c refuses that account every
	 * other command that logs in). */
	CMD_IMPORT_ROLE = 1 << 2,
};

struct cmd {
	const char *name;
	const char *summary;  /* one line for `passage --help` (commands, not verbs) */
	const char *usage;    /* the whole --help text; a verb without one shows
	                       * its command's */
	uint64_t options;     /* OPT() bits: the long options it takes */
	int min_args;         /* words after the file, at least ... */
	int max_args;         /* ... and at most (no more than common_opts.args) */
	const char *missing;  /* the usage error when words are missing; NULL:
	                       * "a word is missing" */
	int flags;            /* CMD_* */
	const struct cmd *verbs; /* a command's verbs, ended by an entry with no
	                          * name; NULL for a command without verbs */
	/* The work, once the words are read: self is this entry (the verb's,
	 * for a command with verbs).  Returns the exit status. */
	int (*run)(const struct cmd *self, const struct common_opts *o);
};

extern const struct cmd cmd_init, cmd_verify, cmd_passwd, cmd_recover, cmd_user, cmd_audit,
    cmd_demo, cmd_open, cmd_setting, cmd_report;
extern const struct cmd cmd_facility, cmd_provider;
extern const struct cmd cmd_export;
extern const struct cmd cmd_backup;
extern const struct cmd cmd_import;
extern const struct cmd cmd_plan;
extern const struct cmd cmd_stock;

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

#endif
