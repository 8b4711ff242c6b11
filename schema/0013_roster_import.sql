-- SPDX-License-Identifier: ISC
-- rebuilds tables
-- The jail's roster imported (core/roster_import.c): which of the jail's
-- ids is which of our people and stays, what each import did, how
-- precisely each release the roster recorded is known, and the rows no
-- one could be linked to on strong evidence, waiting for a person to look.
--
-- An expected release the roster changes keeps its history with the
-- source 'roster', which stay_expected_change's CHECK must allow: SQLite
-- changes a CHECK only by building the table again.  The history is
-- rebuilt (a few rows per stay that had a date at all).  The stay table
-- is not: on a 1,000,000-person file it holds a row for every booking
-- ever made, seven indexes, six triggers and two views that would all be
-- dropped and made again inside the upgrade's one transaction, for one
-- column.  The roster tells a date, not what kind of date it is (a
-- sentence, a court date, bail): a stay's expected_source stays what it
-- was given by hand, or none, and roster_stay.expected_from_roster says
-- the current date is the roster's.
CREATE TABLE stay_expected_change_new (
	id          INTEGER PRIMARY KEY,
	stay_id     INTEGER NOT NULL REFERENCES stay (id),
	old_at      INTEGER,
	new_at      INTEGER,
	source      TEXT CHECK (source IN
	            ('sentence', 'court_date', 'bail', 'transfer', 'other', 'roster')),
	changed_at  INTEGER NOT NULL,
	changed_by  INTEGER NOT NULL REFERENCES user (id),
	why         TEXT CHECK (length(why) <= 400)
) STRICT;
INSERT INTO stay_expected_change_new (id, stay_id, old_at, new_at, source, changed_at,
                                      changed_by, why)
	SELECT id, stay_id, old_at, new_at, source, changed_at, changed_by, why
	FROM stay_expected_change;
DROP TABLE stay_expected_change;
ALTER TABLE stay_expected_change_new RENAME TO stay_expected_change;
CREATE INDEX stay_expected_change_stay ON stay_expected_change (stay_id, changed_at);

-- One row per import: when, by whom, through which profile, the file's
-- SHA-256 (the same file twice is seen, and changes nothing) and what it
-- did.  No name: the counts only, as in its audit row.
CREATE TABLE roster_import (
	id               INTEGER PRIMARY KEY,
	at               INTEGER NOT NULL,
	user_id          INTEGER NOT NULL REFERENCES user (id),
	profile          TEXT NOT NULL CHECK (length(profile) BETWEEN 1 AND 200),
	sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
	rows             INTEGER NOT NULL CHECK (rows >= 0),
	bookings         INTEGER NOT NULL CHECK (bookings >= 0),
	new_bookings     INTEGER NOT NULL CHECK (new_bookings >= 0),
	releases         INTEGER NOT NULL CHECK (releases >= 0),
	inferred         INTEGER NOT NULL CHECK (inferred >= 0),
	transfers        INTEGER NOT NULL CHECK (transfers >= 0),
	expected_changes INTEGER NOT NULL CHECK (expected_changes >= 0),
	links            INTEGER NOT NULL CHECK (links >= 0),
	waiting          INTEGER NOT NULL CHECK (waiting >= 0),
	skipped          INTEGER NOT NULL CHECK (skipped >= 0)
) STRICT;
CREATE INDEX roster_import_sha ON roster_import (sha256);

-- The crosswalk: the jail's id for a person (across bookings) and its
-- booking numbers, to our person and stay.  Ids are the jail's own: two
-- jails (two profiles) may use the same numbers for different people.
CREATE TABLE roster_person (
	profile    TEXT NOT NULL CHECK (length(profile) BETWEEN 1 AND 200),
	jail_id    TEXT NOT NULL CHECK (length(jail_id) BETWEEN 1 AND 63),
	person_id  INTEGER NOT NULL REFERENCES person (id),
	import_id  INTEGER NOT NULL REFERENCES roster_import (id),
	PRIMARY KEY (profile, jail_id)
) STRICT;
CREATE INDEX roster_person_person ON roster_person (person_id);
CREATE TABLE roster_booking (
	profile    TEXT NOT NULL CHECK (length(profile) BETWEEN 1 AND 200),
	booking    TEXT NOT NULL CHECK (length(booking) BETWEEN 1 AND 63),
	stay_id    INTEGER NOT NULL REFERENCES stay (id),
	import_id  INTEGER NOT NULL REFERENCES roster_import (id),
	PRIMARY KEY (profile, booking)
) STRICT;
CREATE INDEX roster_booking_stay ON roster_booking (stay_id);

-- Per stay the roster knows: when a snapshot last saw it, and for a
-- release the roster recorded, how precisely its time is known (time: a
-- clock time; date: the start of that day; inferred: missing from a full
-- snapshot, released at the time last seen) and which import did it.
CREATE TABLE roster_stay (
	stay_id               INTEGER PRIMARY KEY REFERENCES stay (id),
	last_seen_at          INTEGER,
	last_seen_import      INTEGER REFERENCES roster_import (id),
	release_precision     TEXT CHECK (release_precision IN ('time', 'date', 'inferred')),
	release_import        INTEGER REFERENCES roster_import (id),
	expected_from_roster  INTEGER NOT NULL DEFAULT 0 CHECK (expected_from_roster IN (0, 1)),
	CHECK ((release_precision IS NULL) = (release_import IS NULL))
) STRICT;
CREATE INDEX roster_stay_seen ON roster_stay (last_seen_import) WHERE release_import IS NULL;

-- Roster rows not linked to anyone: what the row said, the people who
-- might be them (ids, comma-separated, the likeliest first), and once a
-- person has looked, by whom, when and how.
CREATE TABLE roster_review (
	id              INTEGER PRIMARY KEY,
	import_id       INTEGER NOT NULL REFERENCES roster_import (id),
	profile         TEXT NOT NULL CHECK (length(profile) BETWEEN 1 AND 200),
	line            INTEGER NOT NULL,
	jail_person_id  TEXT CHECK (length(jail_person_id) <= 63),
	booking         TEXT CHECK (length(booking) <= 63),
	last_name       TEXT CHECK (length(last_name) <= 95),
	first_name      TEXT CHECK (length(first_name) <= 95),
	middle_name     TEXT CHECK (length(middle_name) <= 95),
	birth           TEXT CHECK (length(birth) <= 10),
	booked_at       INTEGER,
	released_at     INTEGER,
	candidates      TEXT CHECK (length(candidates) <= 400),
	resolution      TEXT CHECK (resolution IN ('linked', 'added', 'dismissed')),
	person_id       INTEGER REFERENCES person (id),
	resolved_by     INTEGER REFERENCES user (id),
	resolved_at     INTEGER,
	CHECK ((resolution IS NULL) = (resolved_at IS NULL))
) STRICT;
CREATE INDEX roster_review_open ON roster_review (profile, booking, jail_person_id)
	WHERE resolution IS NULL;
