-- SPDX-License-Identifier: ISC
-- A jail's ids are kept under the jail's name, which is its profile's file
-- name without folder or ".profile" (roster_profile_jail): the same
-- profile named as "lakeside", "./lakeside.profile" or
-- "/etc/passage/roster/lakeside.profile" is one jail.  Imports before
-- kept the words typed after --profile, or the path they led to; they
-- are given the jail's name here, in two steps: the folder goes (rtrim
-- with every character but '/' cuts back to the last '/'), then the
-- ".profile".  Where the same jail's id was already kept under two
-- spellings, the first to reach the jail's name stays and the other is
-- left under a name no import reads again.
UPDATE OR IGNORE roster_import
	SET profile = substr(profile, length(rtrim(profile, replace(profile, '/', ''))) + 1)
	WHERE instr(profile, '/') > 0;
UPDATE OR IGNORE roster_import SET profile = substr(profile, 1, length(profile) - 8)
	WHERE length(profile) > 8 AND substr(profile, -8) = '.profile';
UPDATE OR IGNORE roster_person
	SET profile = substr(profile, length(rtrim(profile, replace(profile, '/', ''))) + 1)
	WHERE instr(profile, '/') > 0;
UPDATE OR IGNORE roster_person SET profile = substr(profile, 1, length(profile) - 8)
	WHERE length(profile) > 8 AND substr(profile, -8) = '.profile';
UPDATE OR IGNORE roster_booking
	SET profile = substr(profile, length(rtrim(profile, replace(profile, '/', ''))) + 1)
	WHERE instr(profile, '/') > 0;
UPDATE OR IGNORE roster_booking SET profile = substr(profile, 1, length(profile) - 8)
	WHERE length(profile) > 8 AND substr(profile, -8) = '.profile';
UPDATE OR IGNORE roster_review
	SET profile = substr(profile, length(rtrim(profile, replace(profile, '/', ''))) + 1)
	WHERE instr(profile, '/') > 0;
UPDATE OR IGNORE roster_review SET profile = substr(profile, 1, length(profile) - 8)
	WHERE length(profile) > 8 AND substr(profile, -8) = '.profile';
