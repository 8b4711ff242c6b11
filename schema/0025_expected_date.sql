-- SPDX-License-Identifier: ISC
-- An expected release the jail's roster gave a date only for is kept as
-- the start of that day in the jail's zone (0021), as a date-only booking
-- or release is; shown at the site's clock it read as a time the jail
-- never gave.  Which expected dates were date-only was not kept.
--
-- stay_expected_change.date_import: the import that gave new_at as a
-- date only (its time_zone is the jail's day); NULL for a time, a date
-- typed by hand, or one recorded before this was kept.
-- roster_review.expected_date_only: the waiting row's expected release
-- was a date.
ALTER TABLE stay_expected_change ADD COLUMN date_import INTEGER REFERENCES roster_import (id);
ALTER TABLE roster_review ADD COLUMN expected_date_only INTEGER NOT NULL DEFAULT 0
	CHECK (expected_date_only IN (0, 1));
