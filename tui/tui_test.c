/* SPDX-License-Identifier: ISC */
/*
 * tui_test.c - script in, screens out, for the headless screen tests.
 * Compiled to nothing unless PASSAGE_TUI_TEST is defined; see tui_test.h.
 */
#include "tui_test.h"

#ifdef PASSAGE_TUI_TEST

#include <ctype.h>
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "keymap.h"
#include "text.h"

static FILE *script;
static int pending[256];
static char gap[256]; /* a keystroke: a pause follows it */
static int npending, next_pending, gap_due;
static int screen_rows, screen_cols;

int
tui_test_active(void)
{
	static int checked, active;

	if (!checked) {
		const char *p = getenv("PASSAGE_TUI_SCRIPT");
		checked = 1;
		if (p && (script = fopen(p, "r")))
			active = 1;
	}
	return active;
}

int64_t
tui_test_now(void)
{
	const char *t = getenv("PASSAGE_TEST_NOW");

	return tui_test_active() && t ? strtoll(t, NULL, 10) : 0;
}

int
tui_test_screen(void)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");

	if (!out || !in || !newterm(NULL, out, in)) {
		fputs("passage: no terminal for the screen test (TERM?)\n", stderr);
		return -1;
	}
	return 0;
}

static void
dump(const char *path)
{
	FILE *f = fopen(path, "w");
	wchar_t w[512];
	char line[2048];

	if (!f) {
		fprintf(stderr, "passage: cannot write %s\n", path);
		exit(2);
	}
	for (int y = 0; y < screen_rows; y++) {
		size_t used = 0;
		int n = mvwinnwstr(curscr, y, 0, w, screen_cols < 511 ? screen_cols : 511);

		for (int i = 0; i < n && w[i] && used + 5 < sizeof line; i++)
			used += text_encode((uint32_t)w[i], line + used);
		while (used > 0 && line[used - 1] == ' ')
			used--;
		line[used] = 0;
		fprintf(f, "%s\n", line);
	}
	fclose(f);
}

/* The screen as last drawn: its size, for the dumps. */
void
tui_test_after_draw(int rows, int cols)
{
	screen_rows = rows;
	screen_cols = cols;
}

static void
queue(int code, int pause)
{
	if (npending < (int)(sizeof pending / sizeof pending[0])) {
		gap[npending] = (char)pause;
		pending[npending++] = code;
	}
}

static void
queue_text(const char *t)
{
	uint32_t cp;
	size_t n;

	while (*t) {
		if (!(n = text_decode(t, &cp)))
			break;
		queue((int)cp, 1);
		t += n;
	}
}

static void
queue_keys(char *names)
{
	for (char *tok = strtok(names, " \t"); tok; tok = strtok(NULL, " \t")) {
		int code = keymap_code(tok);
		if (code < 0) {
			fprintf(stderr, "passage: the script names an unknown key: %s\n", tok);
			exit(2);
		}
		queue(code, 1);
	}
}

/* What a terminal sends in one go, with C's escapes and \e for ESC. */
static void
queue_bytes(const char *t)
{
	static const char esc[] = "e\033a\007r\rn\nt\t\\\\";
	uint32_t cp;
	size_t n;

	while (*t) {
		const char *e = t[0] == '\\' && t[1] ? strchr(esc, t[1]) : NULL;
		if (e && (e - esc) % 2 == 0) {
			queue((unsigned char)e[1], 0);
			t += 2;
		} else if (t[0] == '\\' && t[1] == 'x' && isxdigit((unsigned char)t[2]) &&
		           isxdigit((unsigned char)t[3])) {
			char hex[3] = {t[2], t[3], 0};
			queue((int)strtol(hex, NULL, 16), 0);
			t += 4;
		} else if ((n = text_decode(t, &cp))) {
			queue((int)cp, 0);
			t += n;
		} else {
			break;
		}
	}
	if (npending)
		gap[npending - 1] = 1;
}

int
tui_test_key(int *k, int *quit, int64_t *clock, int wait)
{
	char line[1024];

	for (;;) {
		if (!wait && (gap_due || next_pending >= npending)) {
			gap_due = 0;
			return 0;
		}
		if (next_pending < npending) {
			gap_due = gap[next_pending];
			*k = pending[next_pending++];
			return 1;
		}
		npending = next_pending = 0;
		if (!fgets(line, sizeof line, script)) {
			*quit = 1;
			return 0;
		}
		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, "type ", 5) == 0) {
			queue_text(line + 5);
		} else if (strncmp(line, "bytes ", 6) == 0) {
			queue_bytes(line + 6);
		} else if (strncmp(line, "key ", 4) == 0) {
			queue_keys(line + 4);
		} else if (strncmp(line, "tick ", 5) == 0) {
			*clock += strtoll(line + 5, NULL, 10);
			return 0;
		} else if (strncmp(line, "resize ", 7) == 0) {
			int c = 0, r = 0;
			if (sscanf(line + 7, "%dx%d", &c, &r) == 2)
				resize_term(r, c);
			*k = TK_FN(KEY_RESIZE);
			return 1;
		} else if (strncmp(line, "dump ", 5) == 0) {
			dump(line + 5);
		} else if (strncmp(line, "fixture ", 8) == 0 || strncmp(line, "template ", 9) == 0 ||
		           strncmp(line, "setting ", 8) == 0) {
			/* tui.sh's: what the file holds before the script runs. */
		} else if (line[0] && line[0] != '#') {
			fprintf(stderr, "passage: the script has a line it does not know: %s\n", line);
			exit(2);
		}
	}
}

#endif
