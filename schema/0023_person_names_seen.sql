-- SPDX-License-Identifier: ISC
-- A roster row waiting for a look is scored against everyone's names and
-- birth dates (core/candidate.c): on a large file, where a common name is
-- shared by hundreds, a rolling window that sends the same waiting rows
-- every day read them all again every day, to find what it found the day
-- before.  Who a row may be changes only when someone's legal name, the
-- name they go by or birth date does (the name index is made from those),
-- or someone is added or removed: person_names counts those changes, and
-- each import keeps the count it ran with, so a waiting row seen again
-- with the same count, and the same words, keeps what it was given.
CREATE TABLE person_names (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	changes  INTEGER NOT NULL
) STRICT;
INSERT INTO person_names (id, changes) VALUES (1, 0);

CREATE TRIGGER person_names_insert AFTER INSERT ON person
BEGIN
	UPDATE person_names SET changes = changes + 1 WHERE id = 1;
END;
CREATE TRIGGER person_names_update AFTER UPDATE OF legal_name, preferred_name, birth_date
ON person
WHEN NEW.legal_name IS NOT OLD.legal_name OR NEW.preferred_name IS NOT OLD.preferred_name
	OR NEW.birth_date IS NOT OLD.birth_date
BEGIN
	UPDATE person_names SET changes = changes + 1 WHERE id = 1;
END;
CREATE TRIGGER person_names_delete AFTER DELETE ON person
BEGIN
	UPDATE person_names SET changes = changes + 1 WHERE id = 1;
END;

-- The count each import ran with; NULL before this file: its rows are
-- scored again.
ALTER TABLE roster_import ADD COLUMN person_names INTEGER;
