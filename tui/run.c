/* SPDX-License-Identifier: ISC */
/*
 * run.c - the terminal interface started: the frame (tui.c) given the
 * screens it opens by itself, and the login screen first.
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scr.h"
#include "tui.h"
#include "tui_test.h"

int
tui_run(const struct tui_options *o)
{
	static const struct tui_screens screens = {
	    .login = &scr_login, .lock = &scr_lock, .help = &scr_help, .passwd = &scr_passwd};
	struct app *a = calloc(1, sizeof *a);
	const char *base;
	int sig;

	if (!a)
		return 1;
	a->opt = o;
	a->screens = &screens;
	base = strrchr(o->path, '/');
	snprintf(a->site, sizeof a->site, "%s", o->site ? o->site : base ? base + 1 : o->path);
	a->s.fixed_now = tui_test_now();
	if (tui_start(a) != 0) {
		free(a);
		return 1;
	}
	tui_push(a, &scr_login, o->user);
	sig = tui_loop(a);
	tui_stop(a);
	explicit_bzero(a, sizeof *a);
	free(a);
	/* Ended by a signal: say so as a shell would, so that whatever sent it
	 * (systemd, an SSH server hanging up) does not read a normal exit. */
	return sig ? 128 + sig : 0;
}
