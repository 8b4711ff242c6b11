-- SPDX-License-Identifier: ISC
-- Site settings: one row per key.  Values are text; the program knows
-- their types.  The case schema arrives in later migrations.
CREATE TABLE setting (
	key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
	value TEXT NOT NULL CHECK (length(value) <= 4096)
) STRICT;

INSERT INTO setting (key, value) VALUES
	('site.name', 'Passage'),
	('lock.idle_seconds', '300');
