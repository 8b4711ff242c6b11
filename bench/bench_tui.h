/* SPDX-License-Identifier: ISC */
/*
 * bench_tui.h - the "terminal interface" part of `make bench`: the real
 * passage binary in a pseudo-terminal, start to login screen and
 * keystroke to updated screen, at 10,000 and 1,000,000 people (see
 * bench_tui.c).
 */
#ifndef PASSAGE_BENCH_TUI_H
#define PASSAGE_BENCH_TUI_H

/* Runs the section after bench_cases(), which has made the kept database
 * of people.  scratch: a private folder for the small database, removed
 * by the caller.  0, or -1 when something broke (never for time). */
int bench_tui(const char *scratch, long people);

#endif
