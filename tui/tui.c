/* SPDX-License-Identifier: ISC */
/*
 * tui.c - the loop: terminal, screen stack, idle lock, and a clean exit.
 *
 * One thread, one loop.  Each turn draws everything into curses' virtual
 * screen (wnoutrefresh per window, then one doupdate), then waits up to
 * a second for a key.  The timeout is the tick that runs the clock on the
 * status line and the idle lock.  Signal handlers only set flags, except
 * for crash signals, which blank the terminal with write(2) on the way
 * down because nothing else will get the chance.
 *
 * The terminal is in raw mode, so ^C, ^Z and ^\ arrive as keys and ask
 * before quitting instead of leaving a record on a shared screen or a
 * stopped process holding the file open.  Every way out erases the screen
 * before endwin(), so the next person at the terminal sees nothing of a
 * case.
 *
 * Test builds (PASSAGE_TUI_TEST) read keys from a script and dump the
 * screen to files; see tui_test.h.  Nothing of that is in the program
 * people run.
 */
#include "tui.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "keyseq.h"
#include "login.h"
#include "setting.h"
#include "text.h"
#include "tui_test.h"
#include "zone.h"

#define MIN_ROWS 24
#define MIN_COLS 80

static volatile sig_atomic_t got_term;
static struct termios saved_tty;
static int have_saved_tty;
static int bracketed_paste;

static void
on_term(int sig)
{
	got_term = sig;
}

/* A crash must not leave a record on the screen: blank it with calls
 * that are safe in a signal handler, put the terminal back, and let the
 * signal do what it does (no core: main set RLIMIT_CORE to 0). */
static void
on_crash(int sig)
{
	static const char blank[] =
	    "\033[0m\033[H\033[2J\033[3J\033[?1049l\033[?2004l\033[H\033[2J";
	ssize_t w = write(STDOUT_FILENO, blank, sizeof blank - 1);

	(void)w;
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
signals(void)
{
	static const int crash[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP, SIGSYS};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Raw mode keeps these from the keyboard; kill(1) can still send
	 * them, and they then end the program the clean way. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++)
		sigaction(crash[i], &sa, NULL);
}

int64_t
tui_now(const struct app *a)
{
	if (a->s.fixed_now)
		return a->s.fixed_now;
	return (int64_t)time(NULL);
}

/* A terminal without an alternate screen (TERM=vt100 in an emulator, in
 * tmux, in PuTTY) keeps what scrolled off or was erased in its
 * scrollback, where the next person could page back to it.  ED 3 (clear
 * the scrollback, an xterm extension that tmux, PuTTY and the Linux
 * console follow; a real VT100 ignores the parameter) forgets it.  Sent
 * straight to the terminal after curses has flushed: curses knows no such
 * capability for a vt100. */
static void
forget_scrollback(void)
{
	static const char ed3[] = "\033[3J";
	ssize_t w;

	if (tui_test_active())
		return;
	fflush(stdout);
	w = write(STDOUT_FILENO, ed3, sizeof ed3 - 1);
	(void)w;
}

static int64_t
mono(const struct app *a)
{
	struct timespec ts;

	if (a->s.fixed_now)
		return a->s.fixed_now;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

void
tui_message(struct app *a, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_err = err;
}

void
tui_time(const struct app *a, int64_t t, char *out, size_t n)
{
	if (t == 0) {
		snprintf(out, n, "-");
		return;
	}
	zone_format(a->zone[0] ? a->zone : "UTC", t, out, n);
}

void
tui_span(int64_t s, char *out, size_t n)
{
	int64_t a = s < 0 ? -s : s;

	if (a < 3600)
		snprintf(out, n, "%lldm", (long long)(a / 60));
	else if (a < 2 * 86400)
		snprintf(out, n, "%lldh", (long long)(a / 3600));
	else
		snprintf(out, n, "%lldd", (long long)(a / 86400));
}

void
tui_put_attr(struct app *a, WINDOW *w, int y, int x, int cols, const char *text, attr_t attr)
{
	char buf[4 * 256 + 1];

	if (cols <= 0)
		return;
	if (cols > 256)
		cols = 256;
	text_fit(text ? text : "", cols, TEXT_MARK | (a->utf8 ? 0 : TEXT_ASCII), buf, sizeof buf);
	if (attr)
		wattron(w, attr);
	mvwaddstr(w, y, x, buf);
	if (attr)
		wattroff(w, attr);
}

void
tui_put(struct app *a, WINDOW *w, int y, int x, int cols, const char *text)
{
	tui_put_attr(a, w, y, x, cols, text, 0);
}

int
tui_put_wrap(struct app *a, WINDOW *w, int y, int x, int cols, int lines, const char *text,
             attr_t attr)
{
	char line[4 * 256 + 1];
	const char *p = text ? text : "";
	int used = 0;

	while (*p && used < lines) {
		size_t n = strlen(p), cut = n;

		/* Break at the last space that keeps the line within cols
		 * bytes (a message is words; a cut word ends in '~'). */
		if ((int)n > cols && used + 1 < lines) {
			cut = (size_t)cols;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)cols;
		}
		if (cut >= sizeof line)
			cut = sizeof line - 1;
		memcpy(line, p, cut);
		line[cut] = 0;
		tui_put_attr(a, w, y + used, x, cols, line, attr);
		used++;
		p += cut;
		while (*p == ' ')
			p++;
	}
	return used;
}

/* ------------------------------------------------------------ the stack */

int
tui_push(struct app *a, const struct screen *scr, const void *arg)
{
	void *st;

	if (a->depth >= TUI_DEPTH) {
		tui_message(a, 1, "too many screens open: go back first (ESC)");
		return -1;
	}
	if (!(st = calloc(1, scr->size ? scr->size : 1))) {
		tui_message(a, 1, "out of memory");
		return -1;
	}
	if (scr->open && scr->open(a, st, arg) != 0) {
		free(st);
		return -1;
	}
	a->stack[a->depth].scr = scr;
	a->stack[a->depth].st = st;
	a->depth++;
	return 0;
}

static void
drop_top(struct app *a)
{
	struct frame *f = &a->stack[--a->depth];

	if (f->scr->close)
		f->scr->close(a, f->st);
	/* Screen state holds case text: none of it outlives the screen. */
	explicit_bzero(f->st, f->scr->size ? f->scr->size : 1);
	free(f->st);
	f->scr = NULL;
	f->st = NULL;
}

void
tui_pop(struct app *a)
{
	if (a->depth > 0)
		drop_top(a);
	if (a->depth > 0 && a->stack[a->depth - 1].scr->resume)
		a->stack[a->depth - 1].scr->resume(a, a->stack[a->depth - 1].st);
}

void
tui_reset(struct app *a, const struct screen *scr, const void *arg)
{
	while (a->depth > 0)
		drop_top(a);
	if (tui_push(a, scr, arg) != 0 && scr != a->screens->login)
		tui_push(a, a->screens->login, NULL);
}

/* ------------------------------------------------------------ sessions */

int
tui_logged_in(struct app *a, db *d, const char *user, const struct login_seen *seen)
{
	char when[40];

	a->db = d;
	zone_site(d, a->zone);
	setting_text(d, "site.name", a->site, a->site, sizeof a->site);
	a->idle_limit = setting_int(d, "lock.idle_seconds", 300);
	if (a->idle_limit < 0)
		a->idle_limit = 0;
	memset(&a->filter, 0, sizeof a->filter);
	a->filter.only_mine = a->s.role == ROLE_CASEWORKER;
	a->facility[0] = 0;
	session_display_name(&a->s, a->display, sizeof a->display);
	a->nfails = a->nfails_more = 0;
	explicit_bzero(a->fails, sizeof a->fails);
	if (!seen || !seen->prev_at) {
		tui_message(a, 0, "Welcome, %s. This is your first login.", user);
	} else {
		tui_time(a, seen->prev_at, when, sizeof when);
		tui_message(a, seen->failed_since > 0, "Last login %s%s%s; %lld failed attempt%s since.",
		            when, seen->prev_from[0] ? " from " : "", seen->prev_from,
		            (long long)seen->failed_since, seen->failed_since == 1 ? "" : "s");
	}
	a->last_key = mono(a);
	return 0;
}

void
tui_logout(struct app *a, const char *why)
{
	while (a->depth > 0)
		drop_top(a);
	if (a->db) {
		login_end(&a->s, why);
		db_close(a->db);
		a->db = NULL;
	}
	{
		int64_t fixed = a->s.fixed_now;
		explicit_bzero(&a->s, sizeof a->s);
		a->s.fixed_now = fixed;
	}
	a->display[0] = 0;
	a->locked = 0;
}

void
tui_lock(struct app *a)
{
	if (a->locked || !a->db)
		return;
	/* Keys typed before the lock are not handed to whoever comes next. */
	flushinp();
	a->locked = 1;
	a->ask_quit = 0;
	a->msg[0] = 0;
	a->forget = 1; /* once the lock screen is drawn */
	tui_push(a, a->screens->lock, NULL);
}

/* ------------------------------------------------------------ drawing */

/* A message wider than its row takes the body's last row too, until the
 * next key: cut, it would lose its end, often the why.  The message row
 * gets what this returns; a->msg_first what goes above it ("": none). */
static const char *
msg_last(struct app *a, const char *line)
{
	const char *next;
	size_t n;

	a->msg_first[0] = 0;
	if (text_width(line) <= a->cols)
		return line;
	n = text_wrap(line, a->cols, a->utf8 ? 0 : TEXT_ASCII, &next);
	if (n >= sizeof a->msg_first)
		n = sizeof a->msg_first - 1;
	memcpy(a->msg_first, line, n);
	a->msg_first[n] = 0;
	return next;
}

static void
draw_frame(struct app *a, const struct screen *top, const void *st)
{
	char line[512], clock[40], lock[40], hints[400];
	int64_t now = tui_now(a), left;

	werase(stdscr);
	a->msg_first[0] = 0;
	snprintf(line, sizeof line, " Passage | %s | %s", a->site,
	         a->locked ? "locked" : top ? top->title : "");
	tui_put_attr(a, stdscr, 0, 0, a->cols, line, A_REVERSE);

	if (a->ask_quit) {
		tui_put_attr(a, stdscr, a->rows - 2, 0, a->cols,
		             "Quit Passage? Anything not saved is lost.  y quit  n stay", A_BOLD);
	} else if (a->msg[0]) {
		snprintf(line, sizeof line, "%s%s", a->msg_err ? "[!] " : "", a->msg);
		tui_put_attr(a, stdscr, a->rows - 2, 0, a->cols, msg_last(a, line),
		             a->msg_err ? A_BOLD : 0);
	} else if (top && !a->locked) {
		keymap_hints(top->ctx, a->db ? a->s.role : ROLE_COUNT, top->hint, st, hints,
		             sizeof hints, a->cols - 1);
		tui_put(a, stdscr, a->rows - 2, 0, a->cols, hints);
	}

	tui_time(a, now, clock, sizeof clock);
	lock[0] = 0;
	if (a->db && a->idle_limit && !a->locked) {
		left = a->idle_limit - (mono(a) - a->last_key);
		if (left < 0)
			left = 0;
		snprintf(lock, sizeof lock, " | lock in %lld:%02lld", (long long)(left / 60),
		         (long long)(left % 60));
	}
	if (a->db)
		snprintf(line, sizeof line, " %s (%s) | %s | %s%s", a->s.user, role_name(a->s.role),
		         a->facility[0] ? a->facility : "all facilities", clock + (strlen(clock) > 11 ? 11 : 0),
		         lock);
	else
		snprintf(line, sizeof line, " not logged in | %s", clock + (strlen(clock) > 11 ? 11 : 0));
	tui_put_attr(a, stdscr, a->rows - 1, 0, a->cols, line, A_REVERSE);
}

static void
draw(struct app *a)
{
	struct frame *f = a->depth ? &a->stack[a->depth - 1] : NULL;

	getmaxyx(stdscr, a->rows, a->cols);
	a->too_small = a->rows < MIN_ROWS || a->cols < MIN_COLS;
	if (a->too_small) {
		char msg[120];

		werase(stdscr);
		snprintf(msg, sizeof msg, "Terminal too small: Passage needs 80x24, this is %dx%d.",
		         a->cols, a->rows);
		mvwaddnstr(stdscr, 0, 0, msg, a->cols);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (!a->body || getmaxy(a->body) != a->rows - 3 || getmaxx(a->body) != a->cols) {
		if (a->body)
			delwin(a->body);
		a->body = newwin(a->rows - 3, a->cols, 1, 0);
	}
	draw_frame(a, f ? f->scr : NULL, f ? f->st : NULL);
	wnoutrefresh(stdscr);
	werase(a->body);
	a->cur_y = -1;
	if (f)
		f->scr->draw(a, f->st, a->body);
	if (a->msg_first[0] && !a->ask_quit)
		tui_put_attr(a, a->body, getmaxy(a->body) - 1, 0, a->cols, a->msg_first,
		             a->msg_err ? A_BOLD : 0);
	if (a->cur_y >= 0 && !a->ask_quit) {
		curs_set(1);
		wmove(a->body, a->cur_y, a->cur_x);
		leaveok(a->body, FALSE);
	} else {
		curs_set(0);
		leaveok(a->body, TRUE);
	}
	wnoutrefresh(a->body);
	doupdate();
	if (a->forget) {
		forget_scrollback();
		a->forget = 0;
	}
}

/* Bracketed paste (DEC private mode 2004), where the terminal has it:
 * terminfo's BE when it names it, else the xterm-like families, which all
 * know it (a real VT100 does not).  Sent straight to the terminal, as
 * curses has no such capability. */
static void
paste_mode(int on)
{
	static const char *const families[] = {"xterm", "screen", "tmux", "rxvt", "putty"};
	const char *term = getenv("TERM"), *seq = on ? "\033[?2004h" : "\033[?2004l";
	char *be = tigetstr("BE");
	ssize_t w;

	if (on) {
		bracketed_paste = be && be != (char *)-1;
		for (size_t i = 0; term && i < sizeof families / sizeof families[0]; i++)
			if (strncmp(term, families[i], strlen(families[i])) == 0)
				bracketed_paste = 1;
	}
	if (!bracketed_paste || tui_test_active())
		return;
	fflush(stdout);
	w = write(STDOUT_FILENO, seq, strlen(seq));
	(void)w;
	if (!on)
		bracketed_paste = 0;
}

void
tui_redraw(struct app *a)
{
	draw(a);
}

/* ------------------------------------------------------------ keys */

static void
dispatch(struct app *a, int k)
{
	struct frame *f = a->depth ? &a->stack[a->depth - 1] : NULL;
	enum action act;

	a->last_key = mono(a);
	if (keymap_action(CTX_GLOBAL, k, a->s.role) == ACT_REDRAW) {
		clearok(curscr, TRUE); /* the next draw repaints every cell */
		return;
	}
	if (a->ask_quit) {
		act = keymap_action(CTX_CONFIRM, k, a->s.role);
		if (act == ACT_C_YES)
			a->quit = 1;
		else if (act == ACT_C_NO)
			a->ask_quit = 0;
		return;
	}
	a->msg[0] = 0;
	if (a->too_small) {
		if (keymap_action(CTX_GLOBAL, k, a->s.role) == ACT_QUIT)
			a->ask_quit = 1;
		return;
	}
	if (!f)
		return;
	act = keymap_action(f->scr->ctx, k, a->s.role);
	switch (act) {
	case ACT_QUIT:
		a->ask_quit = 1;
		return;
	case ACT_LOCK:
		if (a->db) {
			tui_lock(a);
			return;
		}
		break;
	case ACT_HELP:
		if (f->scr != a->screens->help && !a->locked) {
			tui_push(a, a->screens->help, &f->scr->ctx);
			return;
		}
		break;
	case ACT_PASSWD:
		if (a->db && !a->locked && f->scr != a->screens->passwd) {
			tui_push(a, a->screens->passwd, NULL);
			return;
		}
		break;
	default:
		break;
	}
	f->scr->key(a, f->st, act, k);
}

/* How long to wait for the rest of a sequence the terminal began: its
 * bytes come together, but a slow line may split them. */
#define SEQ_WAIT_MS 100

static struct keyseq seq;

/* One input, within wait_ms: from the terminal, or from the script in
 * the screen tests, where a wait runs out at the end of a script line. */
static int
next_input(struct app *a, int wait_ms, int *k, int *c)
{
	wint_t wc;
	int r;

	if (tui_test_active()) {
		if (!tui_test_key(k, &a->quit, &a->s.fixed_now, wait_ms >= 1000))
			return 0;
		*c = TK_IS_FN(*k) ? KS_FNKEY : *k;
		return 1;
	}
	timeout(wait_ms);
	r = get_wch(&wc);
	if (r == ERR)
		return 0;
	*k = r == KEY_CODE_YES ? TK_FN((int)wc) : (int)wc;
	*c = r == KEY_CODE_YES ? KS_FNKEY : (int)wc;
	return 1;
}

/* One key: an escape sequence read whole (keyseq.h), a pasted character
 * as TK_PASTE.  0 when a second passed with nothing (the tick). */
static int
read_key(struct app *a, int *k)
{
	const char *name = NULL;
	int c, text = 0, wait;
	enum ks_out out;

	for (;;) {
		if (ks_lone_esc(&seq))
			wait = get_escdelay();
		else
			wait = ks_pending(&seq) ? SEQ_WAIT_MS : 1000;
		if (next_input(a, wait, k, &c))
			out = ks_feed(&seq, c, &name, &text);
		else if (ks_busy(&seq))
			out = ks_timeout(&seq, &name);
		else
			return 0;
		if (out == KS_PASS)
			return 1;
		if (out == KS_KEY && (*k = keymap_code(name)) >= 0)
			return 1;
		if (out == KS_TEXT) {
			*k = TK_PASTE(text);
			return 1;
		}
		if (a->quit)
			return 0;
	}
}

int
tui_loop(struct app *a)
{
	int k = 0;

	while (!a->quit && !got_term) {
		if (a->db && !a->locked && a->idle_limit && mono(a) - a->last_key >= a->idle_limit)
			tui_lock(a);
		draw(a);
		if (tui_test_active())
			tui_test_after_draw(a->rows, a->cols);
		if (!read_key(a, &k)) {
			db_idle(a->db); /* a second with no key */
			continue;
		}
		if (k == TK_FN(KEY_RESIZE))
			continue; /* the next draw measures the new size */
		dispatch(a, k);
		if (a->depth == 0 && !a->quit)
			tui_reset(a, a->screens->login, NULL);
	}
	return got_term;
}

/* ------------------------------------------------------------ setup */

static int
terminal_up(struct app *a)
{
	const char *cs;

	if (!tui_test_active() && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fputs("passage: the interface needs a terminal; for scripts, see the subcommands in "
		      "passage(1)\n", stderr);
		return -1;
	}
	setlocale(LC_ALL, "");
	cs = setlocale(LC_CTYPE, NULL);
	a->utf8 = cs && (strstr(cs, "UTF-8") || strstr(cs, "utf8") || strstr(cs, "UTF8"));
	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0)
		have_saved_tty = 1;
	set_escdelay(25);
	if (tui_test_active()) {
		if (tui_test_screen() != 0)
			return -1;
	} else if (!newterm(NULL, stdout, stdin)) {
		fputs("passage: this terminal type is not known (check TERM)\n", stderr);
		return -1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	paste_mode(1);
	return 0;
}

static void
terminal_down(struct app *a)
{
	if (a->body) {
		werase(a->body);
		wnoutrefresh(a->body);
		delwin(a->body);
		a->body = NULL;
	}
	erase();
	refresh();
	forget_scrollback();
	endwin();
	paste_mode(0);
}

int
tui_start(struct app *a)
{
	if (terminal_up(a) != 0)
		return -1;
	signals();
	return 0;
}

void
tui_stop(struct app *a)
{
	tui_logout(a, "logout");
	terminal_down(a);
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
}
