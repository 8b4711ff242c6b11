-- SPDX-License-Identifier: ISC
-- The follow-up audit (core/roster.c) counts the follow-ups due in a
-- period per caseworker: at a million people that is several hundred
-- thousand tasks.  Reading each person's caseworker from person for each
-- of them was most of the cost, so each task carries a copy of its
-- person's current caseworker, kept right by the triggers below, and the
-- audit reads tasks alone, from covering indexes.
--
-- The copy follows the person: a reassigned caseload takes its history
-- with it, as the audit has always counted it.  Nothing writes the column
-- directly; the triggers own it.
ALTER TABLE task ADD COLUMN caseworker_id INTEGER REFERENCES user (id);
UPDATE task SET caseworker_id =
	(SELECT p.caseworker_id FROM person p WHERE p.id = task.person_id);

-- A new task takes its person's caseworker, whatever the insert said.
CREATE TRIGGER task_caseworker_insert AFTER INSERT ON task
WHEN NEW.caseworker_id IS NOT (SELECT caseworker_id FROM person WHERE id = NEW.person_id)
BEGIN
	UPDATE task SET caseworker_id =
		(SELECT caseworker_id FROM person WHERE id = NEW.person_id)
	WHERE id = NEW.id;
END;

-- A person given to someone else takes every task with them (through
-- task_person).
CREATE TRIGGER person_caseworker_tasks AFTER UPDATE OF caseworker_id ON person
WHEN NEW.caseworker_id IS NOT OLD.caseworker_id
BEGIN
	UPDATE task SET caseworker_id = NEW.caseworker_id WHERE person_id = NEW.id;
END;

-- The counts: for each caseworker (and for none), the tasks due in the
-- period, every column the count reads, so no task row is read.
CREATE INDEX task_cohort ON task
	(caseworker_id, due_at, kind, status, window_end, closed_at, stay_id);
-- Everyone's drill-down: the open tasks by the end of their window, so
-- the most overdue come first and a page stops the walk.  (One
-- caseworker's drill-down reads task_cohort: a caseload's share of a
-- period is small.)  status is a column too, so the index covers.
CREATE INDEX task_open_window ON task
	(window_end, due_at, kind, caseworker_id, stay_id, status) WHERE status = 'open';

-- 0003's indexes served the counts this replaces; nothing else reads them.
DROP INDEX task_open_roster;
DROP INDEX task_closed_roster;
DROP INDEX person_owner;
