/* SPDX-License-Identifier: ISC */
/*
 * plan_template.h - the wording of the printed release plan: one template
 * per language, kept in the file, checked when an admin installs it.
 *
 * A template is plain UTF-8 text (passage-plan(5)): blocks separated by
 * blank lines; in a block, a line starting "= " is a heading, a line
 * starting "- " a list item, and other lines run together into one
 * paragraph.  "{name}" and the other fields are filled in from the
 * record; a block whose fields are all empty is left out, so "Your goals"
 * appears only above goals.  Lines starting "#" are notes for whoever
 * edits the template and are never printed.
 */
#ifndef PASSAGE_PLAN_TEMPLATE_H
#define PASSAGE_PLAN_TEMPLATE_H

#include "session.h"

#define PLAN_TEMPLATE_MAX 16384 /* bytes */

/* The fields a template may use, in the order passage-plan(5) lists them. */
enum plan_field {
	PF_NAME, PF_SITE, PF_DATE, PF_APPOINTMENTS, PF_WHERE_TO_GO, PF_NALOXONE,
	PF_NALOXONE_WHERE, PF_HOTLINE, PF_GOOD_SAMARITAN, PF_GOALS, PF_COUNT
};
extern const char *const plan_field_names[PF_COUNT];

/* What a line of the plan is. */
enum plan_kind { PLAN_HEADING, PLAN_TEXT, PLAN_ITEM };

struct plan_block {
	enum plan_kind kind;
	int gap;    /* the first of a template block: space above it */
	char *text; /* filled in; may hold line breaks */
};

/* 0 if lang names a language as templates are kept: two lowercase
 * letters (en, es); else -1 with a sentence in s->err. */
int plan_lang_check(struct session *s, const char *lang);
/* 0 if text is a template this program can fill; -1 with "line N: ..."
 * in s->err (an unknown field is named, with the fields there are). */
int plan_template_check(struct session *s, const char *text);
/* Admins: checks text and keeps it as lang's template, replacing the one
 * before; audited.  One transaction. */
int plan_template_install(struct session *s, const char *lang, const char *text);
/* lang's template into *text (free it), or -1 with a sentence saying how
 * to install one.  Inside the caller's transaction, or on its own. */
int plan_template_get(struct session *s, const char *lang, char **text);
/* The languages with a template installed, in order, at most max of
 * them; how many, or -1 with a sentence in s->err. */
int plan_template_langs(struct session *s, char langs[][3], int max);
/* A language's name as its speakers write it, with the English name
 * after ("Español (Spanish)"), or NULL for one without a name here. */
const char *plan_lang_name(const char *lang);

/* The template filled with values (NULL or "": empty) into *blocks (free
 * with plan_blocks_free).  Control characters in the values become
 * spaces, except line breaks.  0, or -1 when memory runs out. */
int plan_expand(const char *tmpl, const char *const values[PF_COUNT], struct plan_block **blocks,
                int *n);
/* Frees the blocks, each text wiped first: they hold names and
 * appointments. */
void plan_blocks_free(struct plan_block *blocks, int n);
/* Frees a string that held part of a plan (NULL: nothing), wiped first. */
void plan_text_free(char *text);

#endif
