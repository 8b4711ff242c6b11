/* SPDX-License-Identifier: ISC */
/*
 * scr.h - the screens, each in its own file, and what they share.
 */
#ifndef PASSAGE_SCR_H
#define PASSAGE_SCR_H

#include <stdint.h>

#include "tui.h"

extern const struct screen scr_login;   /* scr_login.c: user name and passphrase */
/* scr_login.c, for the lock screen too: opens the file as user with pass and starts the session: on success
 * every screen is replaced (by the passphrase change when the user must
 * change a temporary one, else the home screen); if a session was open it
 * is ended first, and only once the new user's passphrase has been
 * accepted.  -1 with a message when the passphrase does not unlock it
 * (the calling screen is still there); -2 when it failed after the
 * screens were replaced (the caller's screen is gone). */
int scr_login_as(struct app *a, const char *user, const char *pass);

extern const struct screen scr_lock;    /* scr_lock.c: locked; unlock or switch user */
extern const struct screen scr_passwd;  /* scr_passwd.c: own passphrase change */
extern const struct screen scr_help;    /* scr_help.c: the keys of a screen */
extern const struct screen scr_queues;  /* scr_queues.c: home */
extern const struct screen scr_search;  /* scr_search.c: find a person */
extern const struct screen scr_person;  /* scr_person.c: one person's record */
extern const struct screen scr_form;    /* scr_form.c: any record's form */
extern const struct screen scr_glass;   /* scr_glass.c: break-the-glass reason */
extern const struct screen scr_review;  /* scr_review.c: break-the-glass review */
extern const struct screen scr_accounting; /* scr_accounting.c: disclosures, arg a person id */
extern const struct screen scr_followup; /* scr_followup.c: the follow-up audit */
extern const struct screen scr_overdue; /* scr_overdue.c: its overdue items, stale, no checkout */
extern const struct screen scr_pick;    /* scr_pick.c: choose one of a short list */
extern const struct screen scr_directory; /* scr_directory.c: providers by service */
extern const struct screen scr_note;    /* scr_note.c: notes read whole; arg a person id */
extern const struct screen scr_roster;  /* scr_roster.c: the roster's rows that need a look */

/* scr_overdue's argument: which list, and whose (a user id, or
 * FOLLOWUP_EVERYONE / FOLLOWUP_NOBODY), named for the title; for the overdue
 * items, the period whose follow-ups are listed (followup_overdue). */
enum overdue_list { OVERDUE_ITEMS = 0, OVERDUE_STALE, OVERDUE_NO_CHECKOUT };
struct period;
struct overdue_arg {
	enum overdue_list list;
	int64_t caseworker_id;
	const char *name;
	const struct period *p;
};

/* scr_pick's argument: a short list of items, each one line (a label
 * under the heading's column titles) and a name that says it in a
 * sentence.  The question, heading and items are copied: they may live on
 * the caller's stack.  The choice is left in *chosen (0 until one is
 * made) and *name when the screen closes, for the screen below to act on
 * when it resumes (both may be NULL); then, when set, is called with owner
 * and the chosen id once the list has closed (it may push a form). */
#define PICK_LABEL 400
struct pick_item {
	int64_t id;
	char name[121];
	char label[PICK_LABEL];
};
struct pick_arg {
	const char *question, *heading;
	const struct pick_item *items;
	int n;
	int64_t *chosen;
	char *name;
	size_t name_size;
	void (*then)(struct app *a, int64_t owner, int64_t id);
	int64_t owner;
	/* What ENTER does with a row, for the status line ("link", "open"):
	 * a string that outlives the list; NULL says "choose". */
	const char *enter;
};
/* One label: cells (NULL-terminated) each fitted to its width in widths
 * (0: as it is), one space apart, so the columns line up. */
void scr_pick_row(struct app *a, char *out, size_t n, const char *const *cells, const int *widths);
/* The active caseworkers and supervisors but exclude (the current
 * caseworker), to give a person or a caseload to (followup.h): pushes the
 * list, as above.  0 when it opened; -1 with a message when it did not. */
int scr_pick_caseworker(struct app *a, const char *question, int64_t exclude, int64_t *chosen,
                        char *name, size_t name_size);
/* scr_log.c: the audit log; arg NULL, or a person filter ("#N") */
extern const struct screen scr_log;
extern const struct screen scr_report;  /* scr_report.c: the program report */

/* scr_admin.c: the admins' page, their home (nav.h) */
extern const struct screen scr_admin;

/* The forms (forms.c): each pushes a form screen for the person. */
void scr_form_release(struct app *a, int64_t person_id);
void scr_form_contact(struct app *a, int64_t person_id);
void scr_form_education(struct app *a, int64_t person_id);
void scr_form_naloxone(struct app *a, int64_t person_id);
void scr_form_note(struct app *a, int64_t person_id);

/* forms_case.c and forms_person.c */
void scr_form_screening(struct app *a, int64_t person_id);
void scr_form_referral(struct app *a, int64_t person_id);
void scr_form_consent(struct app *a, int64_t person_id);
/* Under the latest consent in force (the form says which). */
void scr_form_disclosure(struct app *a, int64_t person_id);
/* Used, lost, confiscated or refilled: about the latest kit. */
void scr_form_naloxone_event(struct app *a, int64_t person_id);
void scr_form_booking(struct app *a, int64_t person_id);
/* A new person; once saved, their record opens (for health staff, who
 * see people in custody, the booking form first). */
void scr_form_person_new(struct app *a);
void scr_form_person_edit(struct app *a, int64_t person_id);
/* The person declines their earliest open follow-up. */
void scr_form_decline(struct app *a, int64_t person_id);

/* forms_consent.c: the person revokes a consent in force, in writing. */
void scr_form_revoke(struct app *a, int64_t person_id);

/* forms_site.c (admins): a new facility or provider (id 0), or renaming
 * the facility or editing the provider with that id. */
void scr_form_facility(struct app *a, int64_t facility_id);
void scr_form_provider(struct app *a, int64_t provider_id);

/* forms_referral.c: the latest open referral's outcome. */
void scr_form_referral_outcome(struct app *a, int64_t person_id);

/* forms_plan.c: the release plan, as PDF, to a path the form asks for
 * (filled from the setting plan.folder). */
void scr_form_plan(struct app *a, int64_t person_id);

/* forms_close.c: "Close the case" on an open case, "Reopen the case" on
 * a closed one, saved at the person's version as the screen read it. */
void scr_form_case(struct app *a, int64_t person_id, int64_t version, int closed);

#endif
