-- SPDX-License-Identifier: ISC
-- The follow-up audit (core/roster.c) counts every open follow-up and
-- every one closed in a period, grouped by the person's caseworker.  At
-- a million people that is more than a million tasks: these indexes hold
-- every column the count reads, so it walks two index ranges and never
-- a task row, and finds each person's caseworker in a narrow index
-- rather than in the person table's wide rows.
CREATE INDEX task_open_roster ON task (due_at, kind, window_end, person_id, stay_id, status)
	WHERE status = 'open';
CREATE INDEX task_closed_roster ON task (closed_at, status, kind, window_end, person_id, stay_id)
	WHERE status <> 'open';
CREATE INDEX person_owner ON person (id, caseworker_id);
