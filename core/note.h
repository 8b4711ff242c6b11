/* SPDX-License-Identifier: ISC */
/*
 * note.h - case notes, with every version kept.
 *
 * A note is free text (1 to 20000 characters, lines and tabs allowed) by
 * its author, at a time.  Editing a note never overwrites it: the edit is
 * a new version, and every earlier version stays readable with who wrote
 * it and when.  Only a note's author edits it; anyone else with access
 * adds a note of their own.  An edit names the version it was read at and
 * is refused, with who saved in between and when, if that is not the
 * latest any more.
 */
#ifndef PASSAGE_NOTE_H
#define PASSAGE_NOTE_H

#include <stdint.h>

#include "session.h"

/* A note as it reads now: its latest version. */
struct note {
	int64_t id;
	int64_t person_id;
	int64_t created_at, created_by;
	int64_t version;                /* the latest version, 1 for a note never edited */
	int64_t updated_at, updated_by; /* the latest version's time and author */
	const char *body;               /* the latest text; points into store */
	char *store;
};

/* One version of a note. */
struct note_version {
	int64_t note_id;
	int64_t version;
	int64_t at, by_user;
	const char *body;               /* points into store */
	char *store;
};

/* A new note on person_id's record, version 1; *note_id (may be NULL) is
 * its id.  Needs write access to the person (admins never). */
int note_create(struct session *s, int64_t person_id, const char *body, int64_t *note_id);

/* Adds version + 1 with body, if the note is still at version; the text
 * of every earlier version stays.  The same text again is refused. */
int note_edit(struct session *s, int64_t note_id, int64_t version, const char *body);

/* The person's notes as they read now, newest first (free with
 * note_list_free), and one note's versions, oldest first (free with
 * note_versions_free), the last of them the note as it reads now.  Need
 * view access; each call is one audited view, the versions' naming the
 * note: reading a note whole is reading its versions. */
int note_list(struct session *s, int64_t person_id, struct note **rows, int *n);
void note_list_free(struct note *rows, int n);
int note_versions(struct session *s, int64_t note_id, struct note_version **rows, int *n);
void note_versions_free(struct note_version *rows, int n);

#endif
