-- SPDX-License-Identifier: ISC
-- What a person who looks at a roster row waiting in "needs a look"
-- needs to record it as the import would have (core/roster_review.c):
-- whether the row was a transfer rather than a release, whether its
-- release was a date only, and the expected release it gave; and, once
-- dismissed, why, in the words of whoever dismissed it.
ALTER TABLE roster_review ADD COLUMN transfer INTEGER NOT NULL DEFAULT 0
	CHECK (transfer IN (0, 1));
ALTER TABLE roster_review ADD COLUMN release_date_only INTEGER NOT NULL DEFAULT 0
	CHECK (release_date_only IN (0, 1));
ALTER TABLE roster_review ADD COLUMN in_custody INTEGER NOT NULL DEFAULT 1
	CHECK (in_custody IN (0, 1));
ALTER TABLE roster_review ADD COLUMN expected_at INTEGER;
ALTER TABLE roster_review ADD COLUMN why TEXT CHECK (length(why) <= 400);
-- The last import that saw the row: a linked booking is seen by it (a
-- full snapshot that no longer has it then infers its release from then).
ALTER TABLE roster_review ADD COLUMN seen_import INTEGER REFERENCES roster_import (id);
-- Rows that waited before this column: a release date means released.
UPDATE roster_review SET in_custody = 0 WHERE released_at IS NOT NULL;
