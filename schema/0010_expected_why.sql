-- SPDX-License-Identifier: ISC
-- Why an expected release date changed ("the hearing moved to the 14th"),
-- in the words of whoever changed it.  Optional: the source says where
-- the new date comes from, and many changes need no more than that.
-- Changes made before this column existed have none.
ALTER TABLE stay_expected_change ADD COLUMN why TEXT CHECK (length(why) <= 400);
