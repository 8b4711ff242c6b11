/* SPDX-License-Identifier: ISC */
/*
 * cmd_plan.c - passage plan: the printed release plan, a page a person
 * takes home (core/plan.c fills it, core/plan_pdf.c lays it out), and
 * passage plan template install, by which an admin gives the site's
 * wording for a language (passage-plan(5)).
 *
 * "template install" comes where the file would: a database called
 * "template" is still reached as ./template.  Everything that can be
 * checked is checked before the passphrase is asked: a template with an
 * unknown field costs no typing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "plan.h"
#include "plan_pdf.h"
#include "plan_print.h"
#include "session.h"
#include "setting.h"
#include "unlock.h"

static int run(const struct cmd *self, const struct common_opts *o);

const struct cmd cmd_plan = {
    .name = "plan",
    .summary = "a person's printed release plan; the plan's wording (admins)",
    .usage =
    "usage: passage plan FILE --person CODE [--out PLAN.pdf] [--print] [--lang LANG]\n"
    "                         [--goals]\n"
    "       passage plan template install FILE TEMPLATE --lang LANG\n"
    "       (each also takes [--user NAME] [--passphrase-fd N])\n"
    "\n"
    "Makes the one-page release plan a person takes home, as PDF: the name\n"
    "they go by, their next appointments (provider, time, address, phone,\n"
    "hours) or, with none, walk-in places from the provider directory, the\n"
    "naloxone they have or where to get it, the overdose steps, the site's\n"
    "hotline and Good Samaritan summary, in the site's words for LANG (the\n"
    "setting plan.lang when not given; en by default).  Their goals are\n"
    "printed only with --goals, when they ask for them.  Nothing about\n"
    "diagnosis, screening or drug use is printed.  The page is US Letter or\n"
    "A4 by the setting plan.paper.  Making a plan is audited as a view of\n"
    "the record; the PDF is written whole or not at all.\n"
    "\n"
    "--print sends the plan straight to the site's printer, the setting\n"
    "plan.printer (a CUPS printer's name, or an ipp:// address).  With --out\n"
    "too, the file is written first: a printer that is missing or offline\n"
    "leaves the file there to print later.\n"
    "\n"
    "template install checks TEMPLATE, a text file (passage-plan(5)), and\n"
    "keeps it in FILE as the wording for LANG (two letters: en, es),\n"
    "replacing the one before.  Admins only; audited.  A field the program\n"
    "does not know is refused, naming it and its line.  English and Spanish\n"
    "templates come with Passage, in its share folder's plan/.\n",
    .options = UNLOCK_OPTS | OPT(PERSON) | OPT(OUT) | OPT(LANG) | OPT(GOALS) | OPT(PRINT),
    .max_args = 3,
    .flags = CMD_FILE_OPTIONAL,
    .run = run,
};

/* The whole of a template file, or NULL after saying why. */
static char *
read_template(const char *path)
{
	char *text = malloc(PLAN_TEMPLATE_MAX + 2);
	size_t n;
	FILE *f;

	if (!text)
		return NULL;
	if (!(f = fopen(path, "rbe"))) {
		cli_error("cannot read %s: there is no such file, or it is not yours", path);
		free(text);
		return NULL;
	}
	n = fread(text, 1, PLAN_TEMPLATE_MAX + 1, f);
	if (ferror(f) || n > PLAN_TEMPLATE_MAX) {
		cli_error(ferror(f) ? "cannot read %s" : "%s is too long for a plan template (at most "
		          "16384 bytes)", path);
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	text[n] = 0;
	if (strlen(text) != n) {
		cli_error("%s is not a text file", path);
		free(text);
		return NULL;
	}
	return text;
}

static int
install(const struct common_opts *o)
{
	struct session check = {0}, s;
	struct common_opts with_file = *o;
	char *text;
	db *d;
	int rc;

	if (o->nargs != 3 || strcmp(o->args[0], "install") != 0)
		return cli_usage(&cmd_plan, "say: passage plan template install FILE TEMPLATE --lang LANG");
	if (!o->lang)
		return cli_usage(&cmd_plan, "which language is the template in? --lang en, es, ...");
	if (o->person || o->out || o->goals || o->print)
		return cli_usage(&cmd_plan, "template install takes no --person, --out, --print or "
		                 "--goals");
	if (plan_lang_check(&check, o->lang) != 0)
		return cli_usage(&cmd_plan, check.err);
	if (!(text = read_template(o->args[2])))
		return EXIT_FAIL;
	if (plan_template_check(&check, text) != 0) {
		free(text);
		return cli_error("%s: %s; nothing was installed", o->args[2], check.err);
	}
	with_file.file = o->args[1];
	if ((rc = cli_session(&with_file, &d, &s)) != EXIT_OK) {
		free(text);
		return rc;
	}
	if (plan_template_install(&s, o->lang, text) != 0)
		rc = cli_error("%s", s.err);
	else
		printf("Installed %s as the plan template for '%s'.\n", o->args[2], o->lang);
	free(text);
	db_close(d);
	return rc;
}

/* The plan to the file (when --out), then to the printer (when
 * --print): a printer that fails leaves the file written. */
static int
deliver(struct session *s, const struct common_opts *o, const struct plan *p)
{
	char err[DB_ERR_MAX], printer[PLAN_PRINTER_MAX + 1];

	if (o->out) {
		if (plan_pdf_write(p, o->out, err, sizeof err) != 0)
			return cli_error("%s", err);
		printf("Wrote the release plan to %s.\n", o->out);
	}
	if (!o->print)
		return EXIT_OK;
	setting_text(s->db, "plan.printer", "", printer, sizeof printer);
	if (plan_print(p, printer, err, sizeof err) != 0)
		return cli_error("%s; the plan was not printed%s", err,
		                 o->out ? "" : " (--out PLAN.pdf saves it as a file instead)");
	printf("Sent the release plan to the printer %s.\n", printer);
	return EXIT_OK;
}

static int
make(const struct common_opts *o)
{
	struct plan_request r = {o->person, 0, o->lang, o->goals, o->print};
	struct session s;
	struct plan p;
	db *d;
	int rc;

	if (o->nargs)
		return cli_usage(&cmd_plan, "a plan takes no more words after the file");
	if (!o->person)
		return cli_usage(&cmd_plan, "whose plan? --person CODE");
	if (!o->out && !o->print)
		return cli_usage(&cmd_plan, "where should the plan go? --out PLAN.pdf for a file, "
		                 "--print for the site's printer, or both");
	if ((rc = cli_session(o, &d, &s)) != EXIT_OK)
		return rc;
	if (plan_make(&s, &r, &p) != 0) {
		rc = cli_error("%s", s.err);
	} else {
		rc = deliver(&s, o, &p);
		plan_free(&p);
	}
	plan_pdf_release();
	db_close(d);
	return rc;
}

static int
run(const struct cmd *self, const struct common_opts *o)
{
	(void)self;
	if (!o->file)
		return cli_usage(&cmd_plan, "which database file?");
	if (strcmp(o->file, "template") == 0)
		return install(o);
	return make(o);
}
