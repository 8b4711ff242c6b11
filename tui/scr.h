/*
 * scr.h - the screens, each in its own file, and what they share.
 */
#ifndef PASSAGE_SCR_H
#define PASSAGE_SCR_H

#include <stdint.h>

#include "tui.h"

extern const struct screen scr_login;   /* scr_login.c: user name and passphrase */
extern const struct screen scr_lock;    /* scr_lock.c: locked; unlock or switch user */
extern const struct screen scr_passwd;  /* scr_passwd.c: own passphrase change */
extern const struct screen scr_help;    /* scr_help.c: the keys of a screen */
extern const struct screen scr_queues;  /* scr_queues.c: home */
extern const struct screen scr_search;  /* scr_search.c: find a person */
extern const struct screen scr_person;  /* scr_person.c: one person's record */
extern const struct screen scr_form;    /* scr_form.c: any record's form */
extern const struct screen scr_glass;   /* scr_glass.c: break-the-glass reason */
extern const struct screen scr_report;  /* scr_report.c: the program report */

/* The first screen after login: the queues, or for an admin (who sees no
 * case data) a page saying what admins do. */
const struct screen *scr_home(const struct app *a);
extern const struct screen scr_admin;

/* Opens a person's record: straight in when the user may see it, or
 * through the break-the-glass screen when that is what it takes. */
void scr_open_person(struct app *a, int64_t person_id);

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

/* forms_referral.c: the latest open referral's outcome. */
void scr_form_referral_outcome(struct app *a, int64_t person_id);

#endif
