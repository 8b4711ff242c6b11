-- SPDX-License-Identifier: ISC
-- Each closing and reopening of a case, oldest first: the person row holds
-- only the case as it is now (status, closure reason and note), and a
-- reopening clears those, so what happened before lives here.  `at` is
-- when it happened (a death learned of a week later is closed at its
-- day), recorded_at and recorded_by when and by whom it was typed in.
-- A reopening carries its reason in note, and the stay whose booking
-- reopened the case, if that is what did.
CREATE TABLE case_event (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES person (id),
	kind         TEXT NOT NULL CHECK (kind IN ('closed', 'reopened')),
	reason       TEXT CHECK (reason IN
	             ('goal_met', 'declined_contact', 'moved', 'reincarcerated',
	              'deceased', 'other')),
	note         TEXT CHECK (length(note) <= 1000),
	stay_id      INTEGER REFERENCES stay (id),
	at           INTEGER NOT NULL,
	recorded_at  INTEGER NOT NULL,
	recorded_by  INTEGER NOT NULL REFERENCES user (id),
	CHECK ((kind = 'closed') = (reason IS NOT NULL)),
	CHECK (kind = 'closed' OR length(note) > 0)
) STRICT;
CREATE INDEX case_event_person ON case_event (person_id, id);
