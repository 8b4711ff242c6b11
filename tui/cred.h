/* SPDX-License-Identifier: ISC */
/*
 * cred.h - a user name and a passphrase, typed: the box the login and
 * lock screens share, and the count of wrong tries.
 */
#ifndef PASSAGE_CRED_H
#define PASSAGE_CRED_H

#include "lineedit.h"
#include "tui.h"

#define CRED_PASS_MAX 1024

struct cred {
	struct le user, pass;
	char ubuf[4 * 64 + 1];
	char pbuf[CRED_PASS_MAX + 1];
	int focus; /* 0 user name, 1 passphrase */
};

void cred_init(struct cred *c, const char *user);
void cred_wipe(struct cred *c);
/* A screen's close for a screen whose state starts with a struct cred
 * (login, lock): the passphrase is wiped. */
void cred_screen_close(struct app *a, void *st);
/* Draws the two fields from row y, centred; sets the cursor. */
void cred_draw(struct app *a, struct cred *c, WINDOW *w, int y);
/* 1 when ENTER was pressed on a complete box; 0 otherwise. */
int cred_key(struct app *a, struct cred *c, int k);

/* Notes a failed attempt for the next successful login to record, in the
 * system's log and in the count of wrong tries; returns the seconds the
 * next try must wait. */
int cred_failed(struct app *a, const char *user);
/* The message for a wrong try at the login box (same_user 0) or for the
 * locked session's own user (1): try again, or wait this long first. */
void cred_failed_message(struct app *a, int same_user, int wait);
/* 1 with a message when the next try must still wait; 0: go ahead. */
int cred_must_wait(struct app *a);
/* A login that succeeded starts the count of wrong tries again. */
void cred_succeeded(struct app *a);

#endif
