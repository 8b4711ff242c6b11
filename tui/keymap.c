/* SPDX-License-Identifier: ISC */
/*
 * keymap.c - dispatch, hints and help text from the one table.
 *
 * Key names are parsed when looked up: the table is small (a few dozen
 * entries) and a keystroke is rare next to a redraw, so there is nothing
 * to cache and nothing to keep in step.
 */
#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

const struct keydef keymap[] = {
#define KEY(a, c, k, l, h, r, f) {ACT_##a, CTX_##c, k, l, h, r, f},
#include "keymap.def"
#undef KEY
};
const int keymap_count = (int)(sizeof keymap / sizeof keymap[0]);

static const char *const ctx_names[CTX_COUNT] = {
    "anywhere", "queues", "search", "person", "form", "text field", "box", "help", "question",
    "follow-up audit", "program report", "break-the-glass review", "audit log",
    "disclosures", "provider directory", "admin page", "notes", "roster: needs a look", "list to choose from",
    "none",
};

const char *
keymap_ctx_name(enum kctx c)
{
	return c < CTX_COUNT ? ctx_names[c] : "?";
}

static const struct {
	const char *name;
	int code;
} named[] = {
    {"ENTER", '\r'},           {"ESC", TK_ESC},
    {"TAB", TK_TAB},           {"BTAB", TK_FN(KEY_BTAB)},
    {"UP", TK_FN(KEY_UP)},     {"DOWN", TK_FN(KEY_DOWN)},
    {"LEFT", TK_FN(KEY_LEFT)}, {"RIGHT", TK_FN(KEY_RIGHT)},
    {"PGUP", TK_FN(KEY_PPAGE)}, {"PGDN", TK_FN(KEY_NPAGE)},
    {"HOME", TK_FN(KEY_HOME)}, {"END", TK_FN(KEY_END)},
    {"BACKSPACE", 127},        {"SPACE", ' '},
    {"DELETE", TK_FN(KEY_DC)},
    {"F1", TK_FN(KEY_F(1))},   {"F2", TK_FN(KEY_F(2))},
    {"F3", TK_FN(KEY_F(3))},   {"F4", TK_FN(KEY_F(4))},
};

int
keymap_code(const char *name)
{
	size_t n = strlen(name);

	if (n == 1)
		return (unsigned char)name[0];
	if (n == 2 && name[0] == '^')
		return name[1] == '?' ? 127 : TK_CTRL(name[1]);
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(name, named[i].name) == 0)
			return named[i].code;
	return -1;
}

/* Terminals send different codes for the same key: fold them. */
static int
fold(int k)
{
	if (k == '\n' || k == TK_FN(KEY_ENTER))
		return '\r';
	if (k == TK_FN(KEY_BACKSPACE) || k == 8)
		return 127;
	return k;
}

static int
matches(const char *keys, int k)
{
	char name[16];

	k = fold(k);
	for (const char *p = keys; *p;) {
		/* "," itself is never bound, so a comma always separates. */
		size_t len = strcspn(p, ",");
		if (len > 0 && len < sizeof name) {
			memcpy(name, p, len);
			name[len] = 0;
			if (fold(keymap_code(name)) == k)
				return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
keymap_is(int k, const char *name)
{
	return fold(k) == fold(keymap_code(name));
}

/* The first entry of ctx offered to any of roles that k matches. */
static enum action
find(enum kctx ctx, int k, unsigned roles)
{
	for (int i = 0; i < keymap_count; i++)
		if (keymap[i].ctx == ctx && (keymap[i].roles & roles) && matches(keymap[i].keys, k))
			return keymap[i].act;
	return ACT_NONE;
}

enum action
keymap_find(enum kctx ctx, int k)
{
	return find(ctx, k, R_ALL);
}

enum action
keymap_action(enum kctx ctx, int k, enum role r)
{
	enum action act = find(ctx, k, 1u << r);

	return act != ACT_NONE ? act : find(CTX_GLOBAL, k, 1u << r);
}

int
keymap_offered(enum action a, enum role r)
{
	for (int i = 0; i < keymap_count; i++)
		if (keymap[i].act == a)
			return (keymap[i].roles & (1u << r)) != 0;
	return 0;
}

void
keymap_keys_text(const struct keydef *d, char *out, size_t n)
{
	size_t used = 0;

	out[0] = 0;
	for (const char *p = d->keys; *p && used + 1 < n;) {
		size_t len = strcspn(p, ",");
		int w = snprintf(out + used, n - used, "%s%.*s", used ? " " : "", (int)len, p);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
		p += len;
		if (*p == ',')
			p++;
	}
}

void
keymap_hints(enum kctx ctx, enum role r, const char *(*hint)(const void *, enum action),
             const void *st, char *out, size_t n, int width)
{
	size_t used = 0;
	/* No role (not logged in): only what anyone may do, help and quit. */
	unsigned bit = r < ROLE_COUNT ? 1u << r : 0;

	out[0] = 0;
	for (int pass = 0; pass < 2; pass++) {
		enum kctx want = pass == 0 ? ctx : CTX_GLOBAL;
		for (int i = 0; i < keymap_count; i++) {
			const struct keydef *d = &keymap[i];
			const char *label = d->label;
			char key[16], item[48];
			size_t len;
			int w;

			if (hint && d->label[0] && hint(st, d->act))
				label = hint(st, d->act);
			if (d->ctx != want || !label[0] ||
			    (bit ? !(d->roles & bit) : d->act != ACT_HELP))
				continue;
			len = strcspn(d->keys, ",");
			snprintf(key, sizeof key, "%.*s", (int)len, d->keys);
			w = snprintf(item, sizeof item, "%s%s %s", used ? "  " : "", key, label);
			if (w < 0 || used + (size_t)w >= n || (int)(used + (size_t)w) > width)
				return;
			memcpy(out + used, item, (size_t)w + 1);
			used += (size_t)w;
		}
	}
}
