-- SPDX-License-Identifier: ISC
-- rebuilds tables
-- A fifth role, import: the account an unattended roster import runs as,
-- which may import the jail's roster and do nothing else (no screens, no
-- reports, no case records to read).  A role is a CHECK on user.role, and
-- SQLite changes a CHECK only by building the table again: see
-- core/store/migrate.c for how a migration that does so runs.
CREATE TABLE user_new (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL UNIQUE COLLATE NOCASE
	                CHECK (length(name) BETWEEN 1 AND 64),
	display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
	role            TEXT NOT NULL
	                CHECK (role IN ('health', 'caseworker', 'supervisor', 'admin', 'import')),
	active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at      INTEGER NOT NULL,
	last_login_at   INTEGER,
	last_login_from TEXT CHECK (length(last_login_from) <= 120),
	failed_logins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
	version         INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO user_new (id, name, display_name, role, active, created_at, last_login_at,
                      last_login_from, failed_logins, version)
	SELECT id, name, display_name, role, active, created_at, last_login_at, last_login_from,
	       failed_logins, version FROM user;
DROP TABLE user;
ALTER TABLE user_new RENAME TO user;
