/* SPDX-License-Identifier: ISC */
/*
 * cmd_export.c - passage export: case records for a funder or a partner,
 * sealed for them; reading one back; a partner's key pair.
 *
 * Three uses of one command, told apart by --decrypt and --keygen:
 * the program's supervisor exports (a database file, a passphrase for it,
 * then the export's own passphrase unless it is sealed to a key), the
 * partner reads the export back and makes the key pair once (no database
 * at all).  What can be checked is checked before any passphrase is
 * asked, so a typo costs no typing.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "consent.h"
#include "db.h"
#include "export.h"
#include "prompt.h"
#include "seal.h"
#include "session.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_export = {
    .name = "export",
    .summary = "case records for a partner, sealed; read one back (supervisors)",
    .usage =
    "usage: passage export FILE --records releases|people --for RECIPIENT --out EXPORT\n"
    "                      [--from DATE --to DATE] [--person CODE]\n"
    "                      [--recipient NAME.pub] [--user NAME] [--passphrase-fd N]\n"
    "       passage export --decrypt EXPORT --out CSV [--key NAME.key] [--passphrase-fd N]\n"
    "       passage export --keygen --out NAME --for RECIPIENT [--passphrase-fd N]\n"
    "\n"
    "Writes chosen case records as CSV, sealed so that only the recipient can\n"
    "read them: with a passphrase (asked twice; give it to them apart from\n"
    "the file) or, with --recipient, to the public key they sent.  Supervisors\n"
    "only.  Records:\n"
    "\n"
    "  releases  one row per release from --from to --to (both days\n"
    "            included): education, naloxone, appointment, first contact\n"
    "            and follow-ups for each\n"
    "  people    one row per record (stay, education, naloxone, referral,\n"
    "            contact) of the people released in the period, or of\n"
    "            --person CODE\n"
    "\n"
    "People are named by participant code only.  Every export starts with\n"
    "the 42 CFR Part 2 notice on redisclosure and the audit chain head\n"
    "(SEQ:MAC, also printed when it is made; passage audit verify --head\n"
    "checks it later), and is refused unless every\n"
    "person in it has a consent in force naming RECIPIENT (--for; with\n"
    "--recipient, the name in the key file); the refusal gives the\n"
    "participant codes of those without one.  Each export records a\n"
    "disclosure for each person and is audited; those commit first, then the\n"
    "file is written: a crash between leaves the disclosure and no file (run\n"
    "the export again), never a file without its accounting.\n"
    "\n"
    "--decrypt reads an export back into CSV, asking its passphrase, or\n"
    "with --key the passphrase of the secret key; it checks the whole export\n"
    "before it writes any CSV, so a damaged one leaves no plaintext anywhere.\n"
    "--keygen makes a key pair\n"
    "for a partner: NAME.pub to send to the program, NAME.key to keep\n"
    "(private, under a passphrase asked twice).  Files are written whole or\n"
    "not at all.\n",
    .options = UNLOCK_OPTS | OPT(RECORDS) | OPT(FROM) | OPT(TO) | OPT(PERSON) | OPT(OUT) |
               OPT(RECIPIENT) | OPT(KEY) | OPT(FOR) | OPT(DECRYPT) | OPT(KEYGEN),
    /* --keygen needs none: run asks for the file otherwise. */
    .flags = CMD_FILE_OPTIONAL,
    .run = run,
};

static int
keygen(const struct common_opts *o)
{
	char err[512], *pass;
	int rc;

	if (o->file)
		return cli_usage(&cmd_export, "--keygen takes no database file");
	if (!o->out || !o->for_name)
		return cli_usage(&cmd_export, "--keygen needs --out NAME and --for RECIPIENT");
	pass = prompt_new_secret("Passphrase for the new secret key: ", o->pass_fd, err,
	                         sizeof err);
	if (!pass)
		return cli_error("%s", err);
	rc = seal_keygen(o->out, o->for_name, pass, 0, 0, err, sizeof err);
	prompt_free(pass);
	if (rc != 0)
		return cli_error("%s", err);
	printf("Wrote %s.pub (send it to the program that will export to you) and %s.key\n"
	       "(keep it, and its passphrase: together they open the exports).\n", o->out, o->out);
	return EXIT_OK;
}

static int
decrypt(const struct common_opts *o)
{
	struct seal_key k;
	char err[512], *pass;
	FILE *f;
	int mode, rc;

	if (!o->out)
		return cli_usage(&cmd_export, "--decrypt needs --out CSV");
	if (!(f = fopen(o->file, "rbe")))
		return cli_error("cannot read %s: there is no such file, or it is not yours", o->file);
	mode = seal_peek_mode(f, err, sizeof err);
	fclose(f);
	if (mode < 0)
		return cli_error("%s: %s", o->file, err);
	if (mode == SEAL_RECIPIENT && !o->key)
		return cli_error("%s opens with a key file: give it with --key NAME.key", o->file);
	if (mode == SEAL_PASSPHRASE && o->key)
		return cli_error("%s opens with a passphrase, not a key file: leave out --key",
		                 o->file);
	memset(&k, 0, sizeof k);
	pass = prompt_secret(o->key ? "Passphrase for the secret key: "
	                            : "Passphrase for the export: ", o->pass_fd, err, sizeof err);
	if (!pass)
		return cli_error("%s", err);
	if (o->key) {
		rc = seal_read_secret(o->key, pass, &k, err, sizeof err);
	} else {
		k.mode = SEAL_PASSPHRASE;
		k.passphrase = pass;
		rc = 0;
	}
	if (rc == 0)
		rc = export_decrypt(o->file, &k, o->out, err, sizeof err);
	seal_key_wipe(&k);
	prompt_free(pass);
	if (rc != 0)
		return cli_error("%s: %s", o->file, err);
	printf("Wrote %s.  It holds records protected by 42 CFR Part 2: see the notice on "
	       "its first line.\n", o->out);
	return EXIT_OK;
}

static int
make_export(const struct common_opts *o)
{
	struct export_request r = {0};
	struct export_result res;
	struct seal_key k;
	struct session s;
	char err[512], name[SEAL_NAME_MAX + 1], *pass = NULL;
	db *d;
	int rc;

	if (!o->records)
		return cli_usage(&cmd_export, "say which records: --records releases or people");
	if (!o->out)
		return cli_usage(&cmd_export, "which file to write the export to (--out)?");
	if (!o->recipient && !o->for_name)
		return cli_usage(&cmd_export, "who receives it? --for RECIPIENT, as their consents "
		                 "name them");
	memset(&k, 0, sizeof k);
	k.mode = o->recipient ? SEAL_RECIPIENT : SEAL_PASSPHRASE;
	r.records = o->records;
	r.from = o->from;
	r.to = o->to;
	r.person = o->person;
	r.recipient = o->for_name ? o->for_name : name;
	r.out = o->out;
	r.key = &k;
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	/* Who may export comes before anything about the files: someone who
	 * may not is told so, not that a key file cannot be read. */
	if (export_allowed(&s) != 0) {
		cli_error("%s", s.err);
		db_close(d);
		return EXIT_FAIL;
	}
	if (o->recipient && seal_read_public(o->recipient, k.pk, name, err, sizeof err) != 0) {
		db_close(d);
		return cli_error("%s", err);
	}
	if (o->recipient && o->for_name && !consent_same_recipient(o->for_name, name)) {
		db_close(d);
		return cli_error("%s is %s's key, not %s's: nothing was exported", o->recipient,
		                 name, o->for_name);
	}
	if (k.mode == SEAL_PASSPHRASE) {
		pass = prompt_new_secret("Passphrase for the export: ", o->pass_fd, err, sizeof err);
		if (!pass) {
			db_close(d);
			return cli_error("%s", err);
		}
		k.passphrase = pass;
	}
	rc = export_write(&s, &r, &res);
	if (pass)
		prompt_free(pass);
	seal_key_wipe(&k);
	if (rc != 0) {
		cli_error("%s", s.err);
		db_close(d);
		return EXIT_FAIL;
	}
	printf("Exported %d %s (%ld rows of %s) to %s for %s; audit chain head %s.\n",
	       res.people, res.people == 1 ? "person" : "people", res.rows, o->records, o->out,
	       r.recipient, res.head);
	db_close(d);
	return EXIT_OK;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	(void)self;
	if (!o->file && !o->keygen)
		return cli_usage(&cmd_export, "which database file?");
	if (o->decrypt && o->keygen)
		return cli_usage(&cmd_export, "--decrypt or --keygen, not both");
	if (o->keygen)
		return keygen(o);
	if (o->decrypt)
		return decrypt(o);
	if (o->key)
		return cli_usage(&cmd_export, "--key is for --decrypt");
	return make_export(o);
}
