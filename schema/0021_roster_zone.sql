-- SPDX-License-Identifier: ISC
-- The zone of the jail's clock (the profile's time_zone) that an import
-- read its dates in.  A date-only release is recorded at the start of
-- that day in the jail's zone; shown in the site's zone, when the site
-- lies west of the jail, that instant falls on the day before.  Keeping
-- the zone lets the date be shown as the roster gave it.  NULL for
-- imports made before it was kept: shown in the site's zone, as then.
ALTER TABLE roster_import ADD COLUMN time_zone TEXT
	CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 63);
