/* SPDX-License-Identifier: ISC */
/*
 * plan_template.c - checking, keeping and filling in the release plan's
 * templates (plan_template.h; the syntax is passage-plan(5)).
 *
 * The check and the filling read a template with the same scanner, so a
 * template that passed the check is filled exactly as it was checked: a
 * field is "{" then lowercase letters and "_" then "}"; any other "{" is
 * just a brace.  An unknown field is refused at install, naming its line,
 * rather than printed as "{nmae}" on a sheet a person takes home.
 */
#include "plan_template.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "audit.h"
#include "check.h"
#include "sql.h"

const char *const plan_field_names[PF_COUNT] = {
    [PF_NAME] = "name",
    [PF_SITE] = "site",
    [PF_DATE] = "date",
    [PF_APPOINTMENTS] = "appointments",
    [PF_WHERE_TO_GO] = "where_to_go",
    [PF_NALOXONE] = "naloxone",
    [PF_NALOXONE_WHERE] = "naloxone_where",
    [PF_HOTLINE] = "hotline",
    [PF_GOOD_SAMARITAN] = "good_samaritan",
    [PF_GOALS] = "goals",
};

#define FIELD_NAME_MAX 32

/* At p: the length of a field "{word}" in *len and its index, -1 for a
 * word that is no field, or -2 when p does not start a field at all. */
static int
field_at(const char *p, size_t *len)
{
	size_t n = 1;

	if (*p != '{')
		return -2;
	while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_')
		n++;
	if (n == 1 || p[n] != '}' || n - 1 > FIELD_NAME_MAX)
		return -2;
	*len = n + 1;
	for (int i = 0; i < PF_COUNT; i++)
		if (strlen(plan_field_names[i]) == n - 1 && strncmp(plan_field_names[i], p + 1, n - 1) == 0)
			return i;
	return -1;
}

int
plan_lang_check(struct session *s, const char *lang)
{
	if (!lang || strlen(lang) != 2 || lang[0] < 'a' || lang[0] > 'z' || lang[1] < 'a' ||
	    lang[1] > 'z')
		return session_fail(s, "language: two lowercase letters, such as en or es");
	return 0;
}

int
plan_template_check(struct session *s, const char *text)
{
	size_t len = text ? strlen(text) : 0, flen;
	int line = 1, fields = 0, printed = 0;
	char names[256] = "";

	if (len == 0)
		return session_fail(s, "the template is empty");
	if (len > PLAN_TEMPLATE_MAX)
		return session_fail(s, "the template is too long (at most %d bytes)",
		                    PLAN_TEMPLATE_MAX);
	if (check_text(s, "template", text, PLAN_TEMPLATE_MAX, 1, 1) != 0)
		return -1;
	for (int i = 0; i < PF_COUNT; i++) {
		strcat(names, i ? ", " : "");
		strcat(names, plan_field_names[i]);
	}
	for (const char *p = text; *p; p++) {
		int bol = p == text || p[-1] == '\n';
		if (bol && *p == '#') {
			while (p[1] && p[1] != '\n')
				p++;
			continue;
		}
		if (*p == '\n') {
			line++;
			continue;
		}
		if (*p != ' ')
			printed = 1;
		int f = field_at(p, &flen);
		if (f == -1)
			return session_fail(s, "line %d: {%.*s} is not a field a plan knows (the fields "
			                    "are: %s)", line, (int)flen - 2, p + 1, names);
		if (f >= 0) {
			fields++;
			p += flen - 1;
		}
	}
	if (!printed)
		return session_fail(s, "the template has nothing to print");
	(void)fields;
	return 0;
}

struct install {
	const char *lang, *text;
};

static int
do_install(struct session *s, void *arg)
{
	const struct install *in = arg;
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "INSERT INTO plan_template (lang, body, installed_at, installed_by) "
	                "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (lang) DO UPDATE SET "
	                "body = excluded.body, installed_at = excluded.installed_at, "
	                "installed_by = excluded.installed_by", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, in->lang, SQLITE_OK);
	rc = sql_bind_str(st, 2, in->text, rc);
	rc = sql_bind_int(st, 3, session_now(s), rc);
	rc = sql_bind_int(st, 4, s->user_id, rc);
	if (sql_finish(s, st, rc) != 0)
		return -1;
	return audit_log(s, "plan_template", "plan_template", 0, 0, in->lang);
}

int
plan_template_install(struct session *s, const char *lang, const char *text)
{
	struct install in = {lang, text};

	if (s->role != ROLE_ADMIN)
		return session_fail(s, "only an admin can install a plan template");
	if (plan_lang_check(s, lang) != 0 || plan_template_check(s, text) != 0)
		return -1;
	return session_write(s, do_install, &in);
}

int
plan_template_get(struct session *s, const char *lang, char **text)
{
	sqlite3_stmt *st;
	int rc;

	*text = NULL;
	if (plan_lang_check(s, lang) != 0)
		return -1;
	if (sql_prep(s, "SELECT body FROM plan_template WHERE lang = ?1", &st) != 0)
		return -1;
	rc = sql_bind_str(st, 1, lang, SQLITE_OK);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW &&
	    !(*text = strdup((const char *)sqlite3_column_text(st, 0))))
		rc = SQLITE_NOMEM;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return session_fail(s, "no plan template for the language '%s' is installed: an admin "
		                    "installs one with 'passage plan template install FILE TEMPLATE "
		                    "--lang %s'", lang, lang);
	return rc == SQLITE_ROW ? 0 : session_fail(s, "the plan template could not be read");
}

int
plan_template_langs(struct session *s, char langs[][3], int max)
{
	sqlite3_stmt *st;
	int n = 0, rc;

	if (sql_prep(s, "SELECT lang FROM plan_template ORDER BY lang", &st) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		snprintf(langs[n++], 3, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return session_fail(s, "the plan templates could not be read");
	return n;
}

const char *
plan_lang_name(const char *lang)
{
	static const char *const names[][2] = {
	    {"ar", "العربية (Arabic)"}, {"de", "Deutsch (German)"},
	    {"en", "English"},          {"es", "Español (Spanish)"},
	    {"fr", "Français (French)"}, {"ht", "Kreyòl (Haitian Creole)"},
	    {"ko", "한국어 (Korean)"},     {"pt", "Português (Portuguese)"},
	    {"ru", "Русский (Russian)"}, {"so", "Soomaali (Somali)"},
	    {"tl", "Tagalog"},          {"vi", "Tiếng Việt (Vietnamese)"},
	    {"zh", "中文 (Chinese)"},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i][0], lang) == 0)
			return names[i][1];
	return NULL;
}

/* ---------------------------------------------------------------- filling */

struct buf {
	char *p;
	size_t n, cap;
	int failed;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = malloc(cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		if (b->p)
			memcpy(p, b->p, b->n + 1);
		plan_text_free(b->p);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

/* Whether code point cp of a value goes on paper as it is: not a control
 * (a terminal's escapes mean nothing there) and not an invisible format
 * character (a bidirectional override would print a name backwards),
 * save the joiners some scripts need. */
static int
on_paper(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	if (c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CS)
		return 0;
	return c != UTF8PROC_CATEGORY_CF || cp == 0x200c || cp == 0x200d;
}

/* A value as it may be printed: line breaks kept, the other C0 controls
 * become spaces, C1 controls, format characters and bytes that are not
 * UTF-8 are left out, and trailing breaks go. */
static void
put_value(struct buf *b, const char *v)
{
	size_t n = strlen(v);

	while (n && (v[n - 1] == '\n' || v[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)v + i,
		                                        (utf8proc_ssize_t)(n - i), &cp);

		if (len <= 0) {
			i++;
			continue;
		}
		if (cp == '\n' || on_paper(cp))
			put(b, v + i, (size_t)len);
		else if (cp < 0x20 || cp == 0x7f)
			put(b, " ", 1);
		i += (size_t)len;
	}
}

/* One line of a template block (without its marker) filled in onto b;
 * counts its fields and the fields that had a value. */
static void
fill_line(struct buf *b, const char *p, size_t n, const char *const values[PF_COUNT], int *fields,
          int *filled)
{
	size_t i = 0, flen;

	while (i < n) {
		int f = field_at(p + i, &flen);
		if (f >= 0 && i + flen <= n) {
			(*fields)++;
			if (values[f] && *values[f]) {
				(*filled)++;
				put_value(b, values[f]);
			}
			i += flen;
		} else {
			put(b, p + i, 1);
			i++;
		}
	}
}

/* Whether the line of len bytes at p is one field and nothing else. */
static int
alone(const char *p, size_t len)
{
	size_t flen;

	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	return field_at(p, &flen) >= 0 && flen == len;
}

struct expand {
	struct plan_block *blocks;
	int n, cap;
	int first;    /* no line of the template block kept yet */
	int fields, filled;
	int mark;     /* blocks[mark..] belong to the template block under way */
	int failed;
};

static void
add_block(struct expand *e, enum plan_kind kind, struct buf *b)
{
	if (e->failed || b->failed) {
		e->failed = 1;
		plan_text_free(b->p);
		return;
	}
	if (e->n == e->cap) {
		int cap = e->cap ? e->cap * 2 : 16;
		struct plan_block *p = realloc(e->blocks, (size_t)cap * sizeof *p);
		if (!p) {
			e->failed = 1;
			plan_text_free(b->p);
			return;
		}
		e->blocks = p;
		e->cap = cap;
	}
	e->blocks[e->n++] = (struct plan_block){kind, e->first, b->p ? b->p : strdup("")};
	if (!e->blocks[e->n - 1].text)
		e->failed = 1;
	e->first = 0;
	memset(b, 0, sizeof *b);
}

/* The end of a template block: left out whole when it had fields and
 * none of them had a value. */
static void
end_block(struct expand *e)
{
	if (e->fields > 0 && e->filled == 0) {
		for (int i = e->mark; i < e->n; i++)
			plan_text_free(e->blocks[i].text);
		e->n = e->mark;
	}
	e->mark = e->n;
	e->first = 1;
	e->fields = e->filled = 0;
}

int
plan_expand(const char *tmpl, const char *const values[PF_COUNT], struct plan_block **blocks,
            int *n)
{
	struct expand e = {.first = 1};
	struct buf para = {0};
	const char *p = tmpl;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		int blank = 1;

		for (size_t i = 0; i < len; i++)
			if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
				blank = 0;
		if (*p == '#') {
			/* a note for the editor */
		} else if (blank || (len >= 2 && (p[0] == '=' || p[0] == '-') && p[1] == ' ')) {
			if (para.p)
				add_block(&e, PLAN_TEXT, &para);
			if (blank) {
				end_block(&e);
			} else {
				struct buf b = {0};
				fill_line(&b, p + 2, len - 2, values, &e.fields, &e.filled);
				add_block(&e, p[0] == '=' ? PLAN_HEADING : PLAN_ITEM, &b);
			}
		} else if (alone(p, len)) {
			/* A field on a line of its own (an address list) is a
			 * paragraph of its own, not the end of the one above. */
			struct buf b = {0};
			if (para.p)
				add_block(&e, PLAN_TEXT, &para);
			fill_line(&b, p, len, values, &e.fields, &e.filled);
			if (b.p)
				add_block(&e, PLAN_TEXT, &b);
		} else {
			if (para.p)
				put(&para, " ", 1);
			fill_line(&para, p, len, values, &e.fields, &e.filled);
			if (!para.p)
				put(&para, "", 0);
		}
		p += len + (eol != NULL);
	}
	if (para.p)
		add_block(&e, PLAN_TEXT, &para);
	end_block(&e);
	if (e.failed) {
		plan_blocks_free(e.blocks, e.n);
		return -1;
	}
	*blocks = e.blocks;
	*n = e.n;
	return 0;
}

void
plan_blocks_free(struct plan_block *blocks, int n)
{
	for (int i = 0; i < n; i++)
		plan_text_free(blocks[i].text);
	free(blocks);
}

void
plan_text_free(char *text)
{
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
}
