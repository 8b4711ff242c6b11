-- SPDX-License-Identifier: ISC
-- The facility each roster import recorded its bookings at (the one its
-- profile names, or the site's only active one): a row that waited for a
-- look and is linked later is booked there too, whatever facilities the
-- site has by then.  Imports made before this column have none, and a
-- row of theirs is linked at the site's one active facility.
ALTER TABLE roster_import ADD COLUMN facility_id INTEGER REFERENCES facility (id);
