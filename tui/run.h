/* SPDX-License-Identifier: ISC */
/*
 * run.h - the terminal interface as the command line starts it.  No
 * curses here: the command line reaches the screens only through this.
 */
#ifndef PASSAGE_RUN_H
#define PASSAGE_RUN_H

struct tui_options {
	const char *path;  /* the database file */
	const char *site;  /* shown before login; NULL: the file's name */
	const char *user;  /* user name to offer at login; may be NULL */
};

/* Runs the interface on a terminal; returns the process exit status: 0, 1
 * when it could not start, or 128 plus the signal that ended it. */
int tui_run(const struct tui_options *o);

#endif
