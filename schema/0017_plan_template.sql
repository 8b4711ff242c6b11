-- SPDX-License-Identifier: ISC
-- The release plan's wording: one template per language (passage-plan(5)),
-- installed by an admin and checked before it is kept, so a plan is never
-- made from a template with a field the program does not know.  A new
-- install of a language replaces the old one; the audit log keeps who
-- installed which language and when.
CREATE TABLE plan_template (
	lang         TEXT PRIMARY KEY NOT NULL CHECK (lang GLOB '[a-z][a-z]'),
	body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 16384),
	installed_at INTEGER NOT NULL,
	installed_by INTEGER NOT NULL REFERENCES user (id)
) STRICT;
