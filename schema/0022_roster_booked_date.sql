-- SPDX-License-Identifier: ISC
-- A booking the jail's roster gave a date only for is recorded at the
-- start of that day in the jail's zone (0021), as a date-only release
-- is; shown in the site's zone, west of the jail, it fell on the day
-- before.  Which bookings were date-only was not kept.
--
-- roster_review.booked_date_only: the waiting row's booking was a date.
-- roster_stay.booked_import: the import that booked the stay on a date
-- only (its time_zone is the jail's day); NULL for a booking with a
-- time, one typed by hand, or one recorded before this was kept.
ALTER TABLE roster_review ADD COLUMN booked_date_only INTEGER NOT NULL DEFAULT 0
	CHECK (booked_date_only IN (0, 1));
ALTER TABLE roster_stay ADD COLUMN booked_import INTEGER REFERENCES roster_import (id);
