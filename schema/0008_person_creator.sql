-- SPDX-License-Identifier: ISC
-- Who added each person.  Whoever adds someone goes on working with them
-- for ACCESS_CREATOR_DAYS (core/access.h) without break-the-glass, until
-- the person is given a caseworker: health staff who add a person at
-- intake, before any stay is booked, most of all.  People added
-- before this column existed take the adder from the audit log's create
-- row, where there is one.
ALTER TABLE person ADD COLUMN created_by INTEGER REFERENCES user (id);
UPDATE person SET created_by =
	(SELECT a.user_id FROM audit a WHERE a.person_id = person.id AND a.action = 'create'
	 AND a.entity = 'person' ORDER BY a.seq LIMIT 1);
