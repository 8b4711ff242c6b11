/* SPDX-License-Identifier: ISC */
/*
 * tui_test.h - the hooks of the headless screen tests.
 *
 * A test build (PASSAGE_TUI_TEST) reads keys from the script named by
 * PASSAGE_TUI_SCRIPT instead of the keyboard, draws into a virtual
 * screen (the terminal's output goes to /dev/null; LINES and COLUMNS set
 * its size), pins the clock at PASSAGE_TEST_NOW, and writes the screen as
 * text where the script says.  Script lines:
 *
 *	type TEXT          each character of TEXT as a key
 *	key NAME ...       keys by keymap.def's names: ENTER ESC ^L DOWN ...
 *	bytes TEXT         TEXT as a terminal sends it, all at once: C's
 *	                   escapes (\e for ESC, \a, \r, \n, \t, \\, \xNN)
 *	tick SECONDS       the clock moves on (the idle lock sees it)
 *	resize COLSxROWS   the terminal changes size
 *	dump FILE          the screen as it is now, one line per row
 *	# ...              a comment
 *
 * Each typed character and each named key is a keystroke, with a pause
 * after it (a wait for the rest of an escape sequence runs out there,
 * which tui_test_key says when called with wait 0); bytes come with no
 * pause until the end of their line.  The end of the script ends the
 * program the clean way.  The program
 * people run has none of this: the functions below are empty there.
 */
#ifndef PASSAGE_TUI_TEST_H
#define PASSAGE_TUI_TEST_H

#include <stdint.h>

#ifdef PASSAGE_TUI_TEST
int tui_test_active(void);
int tui_test_screen(void);
int tui_test_key(int *k, int *quit, int64_t *clock, int wait);
void tui_test_after_draw(int rows, int cols);
int64_t tui_test_now(void);
#else
static inline int tui_test_active(void) { return 0; }
static inline int tui_test_screen(void) { return -1; }
static inline int tui_test_key(int *k, int *quit, int64_t *clock, int wait) { (void)k; (void)quit; (void)clock; (void)wait; return 0; }
static inline void tui_test_after_draw(int rows, int cols) { (void)rows; (void)cols; }
static inline int64_t tui_test_now(void) { return 0; }
#endif

#endif
