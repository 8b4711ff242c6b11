/* SPDX-License-Identifier: ISC */
/*
 * unit_vocab.c - the vocabulary and the schema agree, both ways.
 *
 * The CHECK constraints are read back from sqlite_schema of a file made by
 * the real migrations, so a value added to a migration without a label (or
 * a label for a value the schema refuses) fails here, as does a new
 * enumerated column that no vocabulary kind claims.  The comparison is
 * also run on a made-up table with one value too many, to see it notice.
 * passage(1) lists every code with its label: that list is checked too.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"
#include "vocab.h"

#define MAX_COLS 64
#define MAX_VALS 32

struct found {
	char col[96];         /* table.column */
	char val[MAX_VALS][48];
	int n;
	long top;             /* BETWEEN 0 AND top, or -1 for an IN list */
};

static struct found cols[MAX_COLS];
static int ncols;

static const char *
skip_space(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

static const char *
word(const char *p, char *out, size_t n)
{
	size_t len = 0;

	while ((isalnum((unsigned char)*p) || *p == '_') && len + 1 < n)
		out[len++] = *p++;
	out[len] = 0;
	return p;
}

static struct found *
slot(const char *table, const char *column)
{
	if (ncols == MAX_COLS)
		tap_bail("more than %d enumerated columns", MAX_COLS);
	memset(&cols[ncols], 0, sizeof cols[ncols]);
	snprintf(cols[ncols].col, sizeof cols[ncols].col, "%s.%s", table, column);
	return &cols[ncols++];
}

/* Every "CHECK (column IN ('a', 'b'))" and "CHECK (column BETWEEN 0 AND
 * n)" in one table's CREATE statement. */
static void
parse(const char *table, const char *sql)
{
	for (const char *p = strstr(sql, "CHECK"); p; p = strstr(p, "CHECK")) {
		char column[64], op[16];
		struct found *f;

		p = skip_space(p + 5);
		if (*p != '(')
			continue;
		p = word(skip_space(p + 1), column, sizeof column);
		p = word(skip_space(p), op, sizeof op);
		p = skip_space(p);
		if (strcmp(op, "BETWEEN") == 0 && strncmp(p, "0 AND ", 6) == 0) {
			f = slot(table, column);
			f->top = strtol(p + 6, NULL, 10);
			continue;
		}
		if (strcmp(op, "IN") != 0 || *p != '(' || *skip_space(p + 1) != '\'')
			continue;
		f = slot(table, column);
		f->top = -1;
		for (p = skip_space(p + 1); *p == '\''; p = skip_space(p)) {
			const char *end = strchr(p + 1, '\'');
			if (!end || f->n == MAX_VALS)
				tap_bail("cannot read the CHECK on %s", f->col);
			snprintf(f->val[f->n++], sizeof f->val[0], "%.*s", (int)(end - p - 1), p + 1);
			p = skip_space(end + 1);
			if (*p == ',')
				p++;
		}
	}
}

/* The kind that stores table.column, or VOCAB_NONE. */
static enum vocab_kind
kind_of(const char *col)
{
	size_t n = strlen(col);

	for (int k = VOCAB_NONE + 1; k < VOCAB_KINDS; k++)
		for (const char *c = vocab_columns(k); (c = strstr(c, col)); c += n)
			if ((c == vocab_columns(k) || c[-1] == ' ') && (c[n] == ' ' || !c[n]))
				return k;
	return VOCAB_NONE;
}

static int
count(const char *const *v)
{
	int n = 0;

	while (v[n])
		n++;
	return n;
}

/* How many ways f and the vocabulary disagree; each said in a diag. */
static int
disagree(const struct found *f, int say)
{
	enum vocab_kind k = kind_of(f->col);
	const char *const *codes = vocab_codes(k);
	int bad = 0;

	if (k == VOCAB_NONE) {
		if (f->top < 0 && say)
			tap_diag("  %s: no vocabulary kind holds its values", f->col);
		return f->top < 0;
	}
	if (f->top >= 0) {
		if ((long)((1ul << count(codes)) - 1) != f->top) {
			if (say)
				tap_diag("  %s: BETWEEN 0 AND %ld, but %d topic bits", f->col, f->top,
				         count(codes));
			bad++;
		}
		return bad;
	}
	for (int i = 0; i < f->n; i++)
		if (!vocab_has(k, f->val[i])) {
			if (say)
				tap_diag("  %s: '%s' has no label", f->col, f->val[i]);
			bad++;
		}
	for (int c = 0; codes[c]; c++) {
		int in = 0;
		for (int i = 0; i < f->n; i++)
			in |= strcmp(codes[c], f->val[i]) == 0;
		if (!in) {
			if (say)
				tap_diag("  %s: '%s' is not in the schema's CHECK", f->col, codes[c]);
			bad++;
		}
	}
	return bad;
}

static void
read_schema(void)
{
	const char *dir = tu_tmpdir();
	db *d = tu_create(tu_path(dir, "vocab.db"));
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db_sql(d), "SELECT name, sql FROM sqlite_schema WHERE type = "
	                       "'table' AND sql IS NOT NULL ORDER BY name", -1, &st, NULL))
		tap_bail("cannot read sqlite_schema");
	while (sqlite3_step(st) == SQLITE_ROW)
		parse((const char *)sqlite3_column_text(st, 0),
		      (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	db_close(d);
}

static void
test_schema_agrees(void)
{
	int claimed = 0;

	read_schema();
	ok(ncols >= 20, "the migrations' CHECK lists were read (%d columns)", ncols);
	for (int i = 0; i < ncols; i++) {
		claimed += kind_of(cols[i].col) != VOCAB_NONE;
		ok(disagree(&cols[i], 1) == 0, "%s agrees with the vocabulary", cols[i].col);
	}
	for (int k = VOCAB_NONE + 1; k < VOCAB_KINDS; k++) {
		char list[200], *col, *save = NULL;
		snprintf(list, sizeof list, "%s", vocab_columns(k));
		for (col = strtok_r(list, " ", &save); col; col = strtok_r(NULL, " ", &save)) {
			int seen = 0;
			for (int i = 0; i < ncols; i++)
				seen |= strcmp(cols[i].col, col) == 0;
			ok(seen, "the schema has a CHECK on %s, as the vocabulary says", col);
		}
	}
	ok(claimed > 0, "%d of the columns are enumerations with labels", claimed);
}

static void
test_labels(void)
{
	int bad = 0;

	for (int k = VOCAB_NONE + 1; k < VOCAB_KINDS; k++) {
		const char *const *c = vocab_codes(k), *const *l = vocab_labels(k);
		for (int i = 0; c[i]; i++)
			if (!l[i] || !*l[i] || strchr(l[i], '_')) {
				tap_diag("  '%s' has the label '%s'", c[i], l[i] ? l[i] : "(none)");
				bad++;
			}
	}
	is_int(bad, 0, "every code has a label in words, with no underscore");
	is_str(vocab_label(VOCAB_FORMULATION, "im_0_4mg_ml"), "IM naloxone 0.4 mg/mL",
	       "a formulation reads as people say it");
	is_str(vocab_label(VOCAB_REFERRAL_TYPE, "moud_buprenorphine"), "MOUD: buprenorphine",
	       "a referral type too");
	is_str(vocab_label(VOCAB_REFERRAL_TYPE, "hcv_hiv_testing"), "HCV/HIV testing",
	       "  and HCV/HIV testing");
	is_str(vocab_label(VOCAB_NAL_OUTCOME, "placed_in_property"), "placed in property",
	       "placed in property");
	is_str(vocab_label(VOCAB_CHANNEL, "carrier_pigeon"), "carrier_pigeon",
	       "a value from a newer file shows as it is stored");
	is_str(vocab_label(VOCAB_CHANNEL, NULL), "", "nothing is nothing");
}

static void
test_topics(void)
{
	char out[200];

	is_str(vocab_topics(19, out, sizeof out),
	       "tolerance loss; never using alone; mixing with benzodiazepines or alcohol",
	       "topics 19 in words");
	is_str(vocab_topics(0, out, sizeof out), "no topics", "no topics");
	vocab_topics(63, out, 20);
	is_int((long long)strlen(out), 19, "cut to the room given");
}

/* passage(1)'s list of codes, each as ".Li code Pq label". */
static void
test_man_page(void)
{
	FILE *f = fopen("man/passage.1", "r");
	static char page[400000];
	size_t n;
	int missing = 0;

	if (!f)
		tap_bail("man/passage.1: cannot open it (run from the source tree)");
	n = fread(page, 1, sizeof page - 1, f);
	page[n] = 0;
	fclose(f);
	for (int k = VOCAB_NONE + 1; k < VOCAB_KINDS; k++) {
		const char *const *c = vocab_codes(k), *const *l = vocab_labels(k);
		char want[200];
		snprintf(want, sizeof want, "\n.It Li %s\n", vocab_columns(k));
		if (!strstr(page, want)) {
			tap_diag("  passage(1) has no '%s'", want + 1);
			missing++;
		}
		for (int i = 0; c[i]; i++) {
			if (k == VOCAB_TOPIC)
				snprintf(want, sizeof want, "\n.Li %u Pq %s", 1u << i, l[i]);
			else
				snprintf(want, sizeof want, "\n.Li %s Pq %s", c[i], l[i]);
			if (!strstr(page, want)) {
				tap_diag("  passage(1) has no '%s'", want + 1);
				missing++;
			}
		}
	}
	is_int(missing, 0, "passage(1) lists every code with its label");
}

/* The comparison notices a value with no label and a label the schema
 * refuses. */
static void
test_the_test(void)
{
	int before = ncols;

	parse("contact", "CREATE TABLE contact (channel TEXT CHECK (channel IN ('phone', "
	                 "'text', 'in_person', 'video', 'email', 'letter', 'other', 'pigeon')))");
	ok(ncols == before + 1 && disagree(&cols[before], 0) == 1,
	   "a schema value with no label is caught");
	parse("contact", "CREATE TABLE contact (channel TEXT CHECK (channel IN ('phone')))");
	ok(ncols == before + 2 && disagree(&cols[before + 1], 0) == 6,
	   "labels for values the schema refuses are caught");
	parse("thing", "CREATE TABLE thing (colour TEXT CHECK (colour IN ('red', 'blue')))");
	ok(ncols == before + 3 && disagree(&cols[before + 2], 0) == 1,
	   "an enumerated column with no vocabulary is caught");
	parse("education", "CREATE TABLE education (topics INTEGER CHECK (topics BETWEEN 0 AND "
	                   "127))");
	ok(ncols == before + 4 && disagree(&cols[before + 3], 0) == 1,
	   "a seventh topic bit with no label is caught");
}

int
main(void)
{
	test_schema_agrees();
	test_labels();
	test_topics();
	test_man_page();
	test_the_test();
	return tap_done();
}
