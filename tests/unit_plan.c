/* SPDX-License-Identifier: ISC */
/*
 * unit_plan.c - the printed release plan on a real vault file: the
 * shipped templates installed and refused when they name an unknown
 * field, each field of a plan read back out of the PDF with pdftotext
 * (poppler-utils), both languages, a name in Arabic script, a provider
 * address long enough to wrap, a person with no appointment and no
 * naloxone, goals only when asked for, the paper size, one audited view
 * per plan, who may make one, and a PDF written whole or not at all.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "naloxone.h"
#include "plan.h"
#include "plan_pdf.h"
#include "provider.h"
#include "referral.h"
#include "setting.h"

#define LONG_ADDRESS "Building C, Second Floor, Northside Community Health and Recovery Center, " \
                     "4410 West Martin Luther King Junior Boulevard, Springfield"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *t;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	t = calloc(1, (size_t)n + 1);
	if (t && fread(t, 1, (size_t)n, f) != (size_t)n) {
		free(t);
		t = NULL;
	}
	fclose(f);
	return t;
}

/* Runs a poppler tool on pdf, its output into out. */
static int
poppler(const char *tool, const char *pdf, const char *out)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (!freopen(out, "w", stdout))
			_exit(127);
		if (strcmp(tool, "pdfinfo") == 0)
			execlp(tool, tool, pdf, (char *)NULL);
		else
			execlp(tool, tool, "-enc", "UTF-8", pdf, "-", (char *)NULL);
		_exit(127);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The text of a PDF with every run of spaces and line breaks made one
 * space, so a line wrapped on the page reads as it was written; *raw
 * (may be NULL) gets the text as extracted. */
static char *
pdf_text(const char *pdf, char **raw)
{
	char *t, *w, *r;

	if (poppler("pdftotext", pdf, tu_path(tu_tmpdir(), "plan.txt")) != 0 ||
	    !(t = slurp(tu_path(tu_tmpdir(), "plan.txt"))))
		tap_bail("pdftotext failed on %s", pdf);
	if (raw)
		*raw = strdup(t);
	for (r = w = t; *r; r++) {
		int space = *r == ' ' || *r == '\n' || *r == '\f' || *r == '\t';
		if (space && w > t && w[-1] == ' ')
			continue;
		*w++ = space ? ' ' : *r;
	}
	*w = 0;
	return t;
}

/* t without spaces or the bidirectional marks pdftotext puts around a
 * run of right-to-left text (U+200E, U+200F, U+202A to U+202E, U+2066 to
 * U+2069): the letters in the order they are read. */
static const char *
letters(const char *t)
{
	static char out[16384];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)t; *p && n + 4 < sizeof out; p++) {
		if (*p == ' ')
			continue;
		if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0xaa && p[2] <= 0xae) ||
		                                    p[2] == 0x8e || p[2] == 0x8f)) {
			p += 2;
			continue;
		}
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
			p += 2;
			continue;
		}
		out[n++] = (char)*p;
	}
	out[n] = 0;
	return out;
}

static void
install_shipped(void)
{
	struct session s;
	char *en = slurp("contrib/plan/en.plan"), *es = slurp("contrib/plan/es.plan");

	if (!en || !es)
		tap_bail("contrib/plan/en.plan and es.plan: run from the source folder");
	as(&s, "adam", T0);
	ok(plan_template_install(&s, "en", en) == 0, "an admin installs the English template: %s",
	   s.err);
	ok(plan_template_install(&s, "es", es) == 0, "and the Spanish one: %s", s.err);
	is_int(audits("plan_template", "plan_template"), 2, "  each install is audited");
	as(&s, "cal", T0);
	ok(plan_template_install(&s, "en", en) != 0, "a caseworker may not install one");
	has_str(s.err, "only an admin", "  with a clear message");
	{
		char langs[4][3];
		int n = plan_template_langs(&s, langs, 4);
		ok(n == 2 && strcmp(langs[0], "en") == 0 && strcmp(langs[1], "es") == 0,
		   "the languages installed are en and es (%d)", n);
	}
	is_str(plan_lang_name("es"), "Español (Spanish)", "  es is shown by its name");
	ok(plan_lang_name("xx") == NULL, "  a language without a name here has none");
	free(en);
	free(es);
}

static void
test_refused_templates(void)
{
	struct session s;
	char before[400], after[400];

	as(&s, "adam", T0);
	fx_state(before, sizeof before);
	ok(plan_template_install(&s, "en", "= Hello\nFor {name}.\n\n# {notes} are fine\n"
	                         "Call {hotlne} now.\n") != 0, "a template with an unknown field is refused");
	has_str(s.err, "line 5: {hotlne} is not a field", "  naming the field and its line");
	has_str(s.err, "hotline", "  and the fields there are");
	ok(strcmp(before, fx_state(after, sizeof after)) == 0, "  and nothing is written");
	ok(plan_template_install(&s, "EN", "= Hi\n") != 0, "a language that is not two letters");
	ok(plan_template_install(&s, "en", "# only notes\n\n") != 0, "a template that prints nothing");
	ok(plan_template_install(&s, "en", "Hi\x1b[2J\n") != 0, "a template with a control character");
}

static int64_t
provider(struct session *s, const char *name, const char *services, const char *address,
         enum yn walk_in)
{
	struct provider p = {0};

	p.name = name;
	p.services = services;
	p.address = address;
	p.phone = "555-0142";
	p.hours = "Mon-Fri 8:00-17:00";
	p.walk_in = walk_in;
	if (provider_create(s, &p) != 0)
		tap_bail("provider %s: %s", name, s->err);
	return p.id;
}

/* A plan for code into pdf as user; 0 or -1 with s->err. */
static int
make_plan(const char *user, const char *code, const char *lang, int goals, const char *pdf,
          struct session *s)
{
	struct plan_request r = {.code = code, .lang = lang, .goals = goals};
	struct plan p;
	char err[300];
	int rc;

	as(s, user, T0 + 2 * DAY);
	if (plan_make(s, &r, &p) != 0)
		return -1;
	rc = plan_pdf_write(&p, pdf, err, sizeof err);
	if (rc != 0)
		snprintf(s->err, sizeof s->err, "%s", err);
	plan_free(&p);
	return rc;
}

static void
test_plan(void)
{
	struct session s;
	struct person p = {0};
	struct referral r = {0};
	struct naloxone n = {0};
	int64_t northside, views;
	char pdf[512], *t, *raw;

	snprintf(pdf, sizeof pdf, "%s", tu_path(tu_tmpdir(), "layla.pdf"));
	as(&s, "sam", T0);
	northside = provider(&s, "Northside Recovery", "buprenorphine, counseling", LONG_ADDRESS,
	                     YN_NO);
	provider(&s, "Harbor Walk-In Center", "peer support", "9 Dock Road", YN_YES);
	provider(&s, "Eastside Syringe Services", "naloxone, test strips", "200 East Avenue", YN_NO);
	tu_exec(d, "INSERT INTO setting (key, value) VALUES ('plan.hotline', '1-800-555-0199'), "
	           "('plan.good_samaritan', 'If you call 911 for an overdose, you will not be charged "
	           "for having drugs on you.')");

	as(&s, "cal", T0);
	p.participant_code = "PL0001";
	p.legal_name = "Layla Haddad";
	p.preferred_name = "ليلى";
	p.goals = "Get my own apartment by spring";
	if (person_create(&s, &p) != 0)
		tap_bail("person: %s", s.err);
	r.person_id = p.id;
	r.type = "moud_buprenorphine";
	r.provider_id = northside;
	r.appointment_at = T0 + 5 * DAY + 10 * HOUR;
	if (referral_create(&s, &r) != 0)
		tap_bail("referral: %s", s.err);
	n.person_id = p.id;
	n.outcome = "given";
	n.formulation = "nasal_4mg";
	n.quantity = 2;
	n.handover = "in_hand";
	if (naloxone_record(&s, &n) != 0)
		tap_bail("naloxone: %s", s.err);

	views = audits("view", "person");
	ok(make_plan("cal", "PL0001", NULL, 0, pdf, &s) == 0, "the caseworker makes the plan: %s",
	   s.err);
	is_int(audits("view", "person"), views + 1, "  audited as one view of the record");
	is_str(last_detail(), "plan", "  which says it was a plan");
	t = pdf_text(pdf, &raw);
	has_str(t, "Your plan for the days after release", "the English template's heading");
	has_str(letters(t), "ليلى", "the name they go by, in Arabic script");
	ok(!strstr(t, "Layla Haddad"), "  and not their legal name");
	has_str(t, "Northside Recovery", "the appointment's provider");
	has_str(t, "2024-05-06 19:00", "  its time, in the site's zone");
	has_str(t, LONG_ADDRESS, "  its whole long address");
	ok(!strstr(raw, LONG_ADDRESS), "  wrapped onto more than one line");
	has_str(t, "555-0142", "  its phone");
	has_str(t, "Mon-Fri 8:00-17:00", "  its hours");
	ok(!strstr(t, "No appointment yet"), "no 'where to go' with an appointment");
	has_str(t, "2 × 4 mg nasal", "the naloxone they have");
	ok(!strstr(t, "Eastside Syringe"), "  so no naloxone places");
	has_str(t, "Call 911", "the overdose steps");
	has_str(t, "second dose", "  with the second dose");
	has_str(t, "Never use alone", "never use alone");
	has_str(t, "1-800-555-0199", "the site's hotline");
	has_str(t, "you will not be charged", "the Good Samaritan summary");
	ok(!strstr(t, "apartment") && !strstr(t, "Your goals"), "no goals unless asked for");
	ok(!strstr(t, "buprenorphine") && !strstr(t, "counseling"),
	   "nothing of what the referral is for (treatment)");
	free(t);
	free(raw);

	ok(make_plan("cal", "PL0001", NULL, 1, pdf, &s) == 0, "a plan with goals, as asked");
	t = pdf_text(pdf, NULL);
	has_str(t, "Your goals Get my own apartment by spring", "  prints them in their words");
	free(t);

	ok(make_plan("cal", "PL0001", "es", 0, pdf, &s) == 0, "the plan in Spanish");
	t = pdf_text(pdf, NULL);
	has_str(t, "Su plan para los días después de salir", "  the Spanish heading");
	has_str(t, "Llame al 911", "  the steps in Spanish");
	has_str(letters(t), "ليلى", "  the same name");
	has_str(t, "Northside Recovery", "  the same appointment");
	has_str(t, "2 × espray nasal de 4 mg (en la mano)", "  the naloxone in Spanish words");
	ok(!strstr(t, "nasal spray") && !strstr(t, "in hand"), "  and none of the English labels");
	has_str(t, "you will not be charged", "  the Good Samaritan summary, with none in Spanish");
	free(t);
	tu_exec(d, "INSERT INTO setting (key, value) VALUES ('plan.good_samaritan.es', "
	           "'Si llama al 911 por una sobredosis, no le acusarán por tener drogas.')");
	ok(make_plan("cal", "PL0001", "es", 0, pdf, &s) == 0, "with a Spanish Good Samaritan text");
	t = pdf_text(pdf, NULL);
	has_str(t, "no le acusarán", "  the Spanish plan prints it");
	ok(!strstr(t, "you will not be charged"), "  and not the English one");
	free(t);
	ok(make_plan("cal", "PL0001", "en", 0, pdf, &s) == 0, "an English plan after it");
	t = pdf_text(pdf, NULL);
	has_str(t, "you will not be charged", "  keeps the English text");
	free(t);
	poppler("pdfinfo", pdf, tu_path(tu_tmpdir(), "info.txt"));
	t = slurp(tu_path(tu_tmpdir(), "info.txt"));
	ok(t && strstr(t, "Pages:") && atoi(strstr(t, "Pages:") + 6) == 1, "one page");
	has_str(t, "612 x 792 pts (letter)", "US Letter by default");
	free(t);
	tu_exec(d, "INSERT INTO setting (key, value) VALUES ('plan.paper', 'a4')");
	ok(make_plan("cal", "PL0001", NULL, 0, pdf, &s) == 0, "with plan.paper a4");
	poppler("pdfinfo", pdf, tu_path(tu_tmpdir(), "info.txt"));
	t = slurp(tu_path(tu_tmpdir(), "info.txt"));
	has_str(t, "(A4)", "  the page is A4");
	free(t);
}

/* Cal's session in s, and a new person on her caseload known by name. */
static void
someone(struct session *s, const char *code, const char *name)
{
	struct person p = {0};

	as(s, "cal", T0);
	p.participant_code = code;
	p.preferred_name = name;
	if (person_create(s, &p) != 0)
		tap_bail("person: %s", s->err);
}

/* A Chinese name needs a font with Chinese (fonts-wqy-microhei in the
 * tests' packages); with fontconfig told of no such font, the plan is
 * refused rather than printed with empty boxes. */
static void
test_chinese_name(void)
{
	struct session s;
	char pdf[512], conf[512], *t;
	FILE *f;

	snprintf(pdf, sizeof pdf, "%s", tu_path(tu_tmpdir(), "wang.pdf"));
	someone(&s, "PL0003", "王秀英");
	ok(make_plan("cal", "PL0003", "en", 0, pdf, &s) == 0, "a plan for a Chinese name: %s",
	   s.err);
	t = pdf_text(pdf, NULL);
	has_str(letters(t), "王秀英", "  the name in Chinese characters");
	free(t);

	plan_pdf_release();
	snprintf(conf, sizeof conf, "%s", tu_path(tu_tmpdir(), "fonts.conf"));
	if (!(f = fopen(conf, "w")))
		tap_bail("cannot write %s", conf);
	fputs("<?xml version=\"1.0\"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
	      "</fontconfig>\n", f);
	fclose(f);
	setenv("FONTCONFIG_FILE", conf, 1);
	ok(make_plan("cal", "PL0003", "en", 0, pdf, &s) != 0 &&
	       strstr(s.err, "would print as empty boxes"),
	   "with no font for it, the plan is refused: %s", s.err);
	ok(make_plan("cal", "PL0001", "es", 0, pdf, &s) == 0, "  while a Latin name still prints");
	plan_pdf_release();
	unsetenv("FONTCONFIG_FILE");
}

/* A name holding a terminal's escapes and a bidirectional override goes
 * on paper without them: the plan is made, the letters are there, and
 * nothing invisible reverses or hides them. */
static void
test_controls_left_out(void)
{
	struct session s;
	char pdf[512], *t;

	snprintf(pdf, sizeof pdf, "%s", tu_path(tu_tmpdir(), "eve.pdf"));
	someone(&s, "PL0004", "Eve");
	/* The forms refuse such a name; an older file or another program
	 * may still hold one. */
	tu_exec(s.db, "UPDATE person SET preferred_name = 'Eve' || char(27) || '[2J' || char(7) || "
	              "'X' || char(155) || '1m' || char(8238) || 'evil' WHERE participant_code = "
	              "'PL0004'");
	ok(make_plan("cal", "PL0004", "en", 0, pdf, &s) == 0,
	   "a name with a terminal's escapes and an override still makes a plan: %s", s.err);
	t = pdf_text(pdf, NULL);
	/* The template's fill turns C0 controls into spaces; a C1 control and
	 * the override are left out. */
	has_str(t, "Eve [2J X1mevil", "  its letters are there, in order, without them");
	ok(t && !strstr(t, "\xe2\x80\xae") && !strchr(t, '\x1b') && !strstr(t, "\xc2\x9b"),
	   "  and no control or override went on paper");
	free(t);
}

static void
test_no_appointment(void)
{
	struct session s;
	char pdf[512], *t;

	snprintf(pdf, sizeof pdf, "%s", tu_path(tu_tmpdir(), "omar.pdf"));
	someone(&s, "PL0002", "Omar");
	ok(make_plan("cal", "PL0002", "en", 0, pdf, &s) == 0, "a plan for someone with no "
	   "appointment and no naloxone: %s", s.err);
	t = pdf_text(pdf, NULL);
	has_str(t, "No appointment yet? You can go here", "  says where to go instead");
	has_str(t, "Harbor Walk-In Center 9 Dock Road", "  a walk-in place from the directory");
	ok(!strstr(t, "Northside Recovery"), "  and not one that needs an appointment");
	has_str(t, "Get free naloxone here Eastside Syringe Services 200 East Avenue",
	        "  where to get naloxone");
	ok(!strstr(t, "Your naloxone"), "  and no 'your naloxone'");
	free(t);
}

static void
test_refusals(void)
{
	struct session s;
	char pdf[512];
	int64_t views = audits("view", "person");
	int files;

	snprintf(pdf, sizeof pdf, "%s", tu_path(tu_tmpdir(), "refused.pdf"));

	ok(make_plan("adam", "PL0001", NULL, 0, pdf, &s) != 0, "an admin may not make a plan");
	/* The same answer as for a code nobody has: a code cannot be probed. */
	has_str(s.err, "no record you may see has participant code 'PL0001'",
	        "  with the one answer for a code out of reach");
	ok(make_plan("cal", "NOSUCH", NULL, 0, pdf, &s) != 0, "an unknown participant code");
	has_str(s.err, "no record you may see has participant code 'NOSUCH'", "  is named");
	ok(make_plan("cal", "PL0001", "fr", 0, pdf, &s) != 0, "a language with no template");
	has_str(s.err, "passage plan template install", "  says how to install one");
	is_int(audits("view", "person"), views, "no view is audited for a refused plan");
	ok(access(pdf, F_OK) != 0, "and no file is made");
	ok(make_plan("cal", "PL0001", NULL, 0, tu_path(tu_tmpdir(), "no/such/plan.pdf"), &s) != 0,
	   "a folder that does not exist");
	has_str(s.err, "cannot write", "  a clear sentence");
	files = tu_count_files(tu_tmpdir());
	ok(make_plan("cal", "PL0001", NULL, 0, tu_tmpdir(), &s) != 0,
	   "a path that is a folder: the PDF is made, and cannot take the name");
	is_int(tu_count_files(tu_tmpdir()), files, "  and its temporary file is removed");
}

int
main(void)
{
	fx_setup("plan.db");
	install_shipped();
	test_refused_templates();
	test_plan();
	test_no_appointment();
	test_chinese_name();
	test_controls_left_out();
	test_refusals();
	plan_pdf_release();
	db_close(d);
	return tap_done();
}
