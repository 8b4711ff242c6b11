-- SPDX-License-Identifier: ISC
-- The naloxone distribution report (core/report_naloxone.c) counts a
-- period's handovers and reports of use and loss.  At a million people a
-- quarter holds some 400,000 kits, and looking up each handover and the
-- stay it counts under took most of a minute, one decrypted page after
-- another.  So the counts are kept here, as the program report keeps its
-- facts by release (0007), by hour and by day: the report reads a quarter
-- in some ten thousand rows.
--
-- A report's period runs from midnight to midnight in the site's zone,
-- and midnight falls on a whole hour of UTC in every zone a US site can
-- be in, but not on a UTC midnight.  So the sums are kept twice: by hour
-- (hour_at, the instant the hour starts) and by day of UTC (day_at, its
-- midnight); a period reads its whole UTC days by day and the hours left
-- at each end by hour.  A period that does not start and end on whole
-- hours (a zone such as Asia/Kolkata) is counted from the records
-- themselves, as before.
--
-- handover_facts and use_facts say what each record adds; the summary
-- tables hold their sums, and reach_hour what makes "people reached"
-- exact (below).  The triggers take a person's share out before any
-- change to their naloxone, their reports or their stays, and put it back
-- after, so a correction or a deletion is counted like a new record.
-- Nothing else writes the three tables.  tests/unit_naloxone_summary.c
-- checks the report against the records after every kind of change.

-- The facility a record counts under: its stay's, or the person's latest
-- stay booked at or before it, or 0 (not known).
CREATE VIEW handover_facts AS
SELECT
	n.id AS naloxone_id,
	n.person_id AS person_id,
	n.at AS at,
	n.at - ((n.at % 3600) + 3600) % 3600 AS hour_at,
	n.at - ((n.at % 86400) + 86400) % 86400 AS day_at,
	coalesce((SELECT st.facility_id FROM stay st WHERE st.id = n.stay_id),
		(SELECT st.facility_id FROM stay st WHERE st.person_id = n.person_id AND
		st.booked_at <= n.at ORDER BY st.booked_at DESC, st.id DESC LIMIT 1), 0)
		AS facility_id,
	n.formulation AS formulation,
	n.handover AS handover,
	coalesce(n.kit, '') AS kit,
	n.quantity AS quantity
FROM naloxone n
WHERE n.outcome IN ('given', 'placed_in_property');

CREATE VIEW use_facts AS
SELECT
	ne.person_id AS person_id,
	ne.at - ((ne.at % 3600) + 3600) % 3600 AS hour_at,
	ne.at - ((ne.at % 86400) + 86400) % 86400 AS day_at,
	coalesce((SELECT st.facility_id FROM stay st WHERE st.person_id = ne.person_id AND
		st.booked_at <= ne.at ORDER BY st.booked_at DESC, st.id DESC LIMIT 1), 0)
		AS facility_id,
	ne.kind AS kind,
	coalesce(ne.used_on, '') AS used_on,
	coalesce(ne.doses, 0) AS doses,
	coalesce(ne.survived = 1, 0) AS survived,
	coalesce(ne.called_911 = 1, 0) AS called_911
FROM naloxone_event ne
WHERE ne.kind IN ('used', 'lost', 'confiscated');

-- People reached cannot be added up from counts by hour: a person given
-- kits in two hours is one person.  In each person's handovers in order
-- of time, those of a period are one run, so the people reached are the
-- period's handovers less those whose previous handover (the "gap" from
-- it) is in the period too.  Each handover after a first keeps the hour
-- of its previous one: across every facility (facility_id 0), and within
-- its own facility for a report of one facility (a facility not known
-- cannot be asked for alone, so it has none of the latter).
CREATE VIEW reach_facts AS
SELECT h.person_id AS person_id, h.hour_at AS hour_at, 0 AS facility_id,
	(SELECT max(g.at) FROM handover_facts g WHERE g.person_id = h.person_id AND
		(g.at < h.at OR (g.at = h.at AND g.naloxone_id < h.naloxone_id))) AS prev_at
FROM handover_facts h
UNION ALL
SELECT h.person_id, h.hour_at, h.facility_id,
	(SELECT max(g.at) FROM handover_facts g WHERE g.person_id = h.person_id AND
		g.facility_id = h.facility_id AND
		(g.at < h.at OR (g.at = h.at AND g.naloxone_id < h.naloxone_id)))
FROM handover_facts h
WHERE h.facility_id <> 0;

CREATE TABLE handover_hour (
	hour_at      INTEGER NOT NULL,
	facility_id  INTEGER NOT NULL,
	formulation  TEXT NOT NULL,
	handover     TEXT NOT NULL,
	kit          TEXT NOT NULL,
	kits         INTEGER NOT NULL,
	handovers    INTEGER NOT NULL,
	PRIMARY KEY (hour_at, facility_id, formulation, handover, kit)
) STRICT, WITHOUT ROWID;

-- The same by day of UTC (day_at: its midnight), which a long period
-- reads for its whole days, and the hours only at its ends.
CREATE TABLE handover_day (
	day_at       INTEGER NOT NULL,
	facility_id  INTEGER NOT NULL,
	formulation  TEXT NOT NULL,
	handover     TEXT NOT NULL,
	kit          TEXT NOT NULL,
	kits         INTEGER NOT NULL,
	handovers    INTEGER NOT NULL,
	PRIMARY KEY (day_at, facility_id, formulation, handover, kit)
) STRICT, WITHOUT ROWID;

CREATE TABLE use_hour (
	hour_at      INTEGER NOT NULL,
	facility_id  INTEGER NOT NULL,
	kind         TEXT NOT NULL,
	used_on      TEXT NOT NULL,
	reports      INTEGER NOT NULL,
	doses        INTEGER NOT NULL,
	survived     INTEGER NOT NULL,
	called_911   INTEGER NOT NULL,
	PRIMARY KEY (hour_at, facility_id, kind, used_on)
) STRICT, WITHOUT ROWID;

CREATE TABLE use_day (
	day_at       INTEGER NOT NULL,
	facility_id  INTEGER NOT NULL,
	kind         TEXT NOT NULL,
	used_on      TEXT NOT NULL,
	reports      INTEGER NOT NULL,
	doses        INTEGER NOT NULL,
	survived     INTEGER NOT NULL,
	called_911   INTEGER NOT NULL,
	PRIMARY KEY (day_at, facility_id, kind, used_on)
) STRICT, WITHOUT ROWID;

CREATE TABLE reach_hour (
	hour_at      INTEGER NOT NULL,
	facility_id  INTEGER NOT NULL,
	prev_hour_at INTEGER NOT NULL,
	gaps         INTEGER NOT NULL,
	PRIMARY KEY (hour_at, facility_id, prev_hour_at)
) STRICT, WITHOUT ROWID;

-- Existing records, each table in one pass (a person's previous handover
-- by lag() over the records in order, not looked up one by one).
INSERT INTO handover_hour
	SELECT hour_at, facility_id, formulation, handover, kit, sum(quantity), count(*)
	FROM handover_facts GROUP BY 1, 2, 3, 4, 5;
INSERT INTO use_hour
	SELECT hour_at, facility_id, kind, used_on, count(*), sum(doses), sum(survived),
	sum(called_911) FROM use_facts GROUP BY 1, 2, 3, 4;
INSERT INTO handover_day
	SELECT hour_at - ((hour_at % 86400) + 86400) % 86400, facility_id, formulation, handover,
	kit, sum(kits), sum(handovers) FROM handover_hour GROUP BY 1, 2, 3, 4, 5;
INSERT INTO use_day
	SELECT hour_at - ((hour_at % 86400) + 86400) % 86400, facility_id, kind, used_on,
	sum(reports), sum(doses), sum(survived), sum(called_911) FROM use_hour GROUP BY 1, 2, 3, 4;
INSERT INTO reach_hour
	SELECT hour_at, facility_id, prev_at - ((prev_at % 3600) + 3600) % 3600, count(*)
	FROM (SELECT hour_at, 0 AS facility_id, lag(at) OVER
		(PARTITION BY person_id ORDER BY at, naloxone_id) AS prev_at FROM handover_facts
	UNION ALL
	SELECT hour_at, facility_id, lag(at) OVER
		(PARTITION BY person_id, facility_id ORDER BY at, naloxone_id) FROM handover_facts
		WHERE facility_id <> 0)
	WHERE prev_at IS NOT NULL GROUP BY 1, 2, 3;

-- A person whose share is being made again: a row here lives only while
-- one statement changes their records.  Setting sign to -1 takes their
-- share out of the sums, as the records are before the change; setting
-- it to 1 puts their share back, as the records are after it.
CREATE TABLE summary_redo (
	person_id  INTEGER PRIMARY KEY,
	sign       INTEGER NOT NULL
) STRICT;

CREATE TRIGGER summary_redo_share AFTER UPDATE OF sign ON summary_redo
BEGIN
	INSERT INTO handover_hour
		SELECT hour_at, facility_id, formulation, handover, kit, NEW.sign * sum(quantity),
		NEW.sign * count(*) FROM handover_facts WHERE person_id = NEW.person_id
		GROUP BY 1, 2, 3, 4, 5
		ON CONFLICT DO UPDATE SET kits = kits + excluded.kits,
		handovers = handovers + excluded.handovers;
	INSERT INTO handover_day
		SELECT day_at, facility_id, formulation, handover, kit, NEW.sign * sum(quantity),
		NEW.sign * count(*) FROM handover_facts WHERE person_id = NEW.person_id
		GROUP BY 1, 2, 3, 4, 5
		ON CONFLICT DO UPDATE SET kits = kits + excluded.kits,
		handovers = handovers + excluded.handovers;
	INSERT INTO reach_hour
		SELECT hour_at, facility_id, prev_at - ((prev_at % 3600) + 3600) % 3600,
		NEW.sign * count(*) FROM reach_facts
		WHERE person_id = NEW.person_id AND prev_at IS NOT NULL GROUP BY 1, 2, 3
		ON CONFLICT DO UPDATE SET gaps = gaps + excluded.gaps;
	INSERT INTO use_hour
		SELECT hour_at, facility_id, kind, used_on, NEW.sign * count(*),
		NEW.sign * sum(doses), NEW.sign * sum(survived), NEW.sign * sum(called_911)
		FROM use_facts WHERE person_id = NEW.person_id GROUP BY 1, 2, 3, 4
		ON CONFLICT DO UPDATE SET reports = reports + excluded.reports,
		doses = doses + excluded.doses, survived = survived + excluded.survived,
		called_911 = called_911 + excluded.called_911;
	INSERT INTO use_day
		SELECT day_at, facility_id, kind, used_on, NEW.sign * count(*),
		NEW.sign * sum(doses), NEW.sign * sum(survived), NEW.sign * sum(called_911)
		FROM use_facts WHERE person_id = NEW.person_id GROUP BY 1, 2, 3, 4
		ON CONFLICT DO UPDATE SET reports = reports + excluded.reports,
		doses = doses + excluded.doses, survived = survived + excluded.survived,
		called_911 = called_911 + excluded.called_911;
	-- What the share taken out leaves at 0 is no longer there.
	DELETE FROM handover_hour WHERE NEW.sign < 0 AND handovers = 0 AND hour_at IN
		(SELECT hour_at FROM handover_facts WHERE person_id = NEW.person_id);
	DELETE FROM handover_day WHERE NEW.sign < 0 AND handovers = 0 AND day_at IN
		(SELECT day_at FROM handover_facts WHERE person_id = NEW.person_id);
	DELETE FROM reach_hour WHERE NEW.sign < 0 AND gaps = 0 AND hour_at IN
		(SELECT hour_at FROM handover_facts WHERE person_id = NEW.person_id);
	DELETE FROM use_hour WHERE NEW.sign < 0 AND reports = 0 AND hour_at IN
		(SELECT hour_at FROM use_facts WHERE person_id = NEW.person_id);
	DELETE FROM use_day WHERE NEW.sign < 0 AND reports = 0 AND day_at IN
		(SELECT day_at FROM use_facts WHERE person_id = NEW.person_id);
END;

-- Every change that can move a count: a handover, a report, or a stay
-- (which decides the facility of the person's records, and of the
-- records naming it).  Before it, the people it touches go in and their
-- shares out; after it, their shares back in and the people out.
CREATE TRIGGER summary_naloxone_insert_before BEFORE INSERT ON naloxone
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (NEW.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_naloxone_insert_after AFTER INSERT ON naloxone
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
CREATE TRIGGER summary_naloxone_update_before BEFORE UPDATE OF
	person_id, stay_id, at, outcome, formulation, quantity, handover, kit ON naloxone
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (OLD.person_id, 0), (NEW.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_naloxone_update_after AFTER UPDATE OF
	person_id, stay_id, at, outcome, formulation, quantity, handover, kit ON naloxone
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
CREATE TRIGGER summary_naloxone_delete_before BEFORE DELETE ON naloxone
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (OLD.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_naloxone_delete_after AFTER DELETE ON naloxone
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;

CREATE TRIGGER summary_event_insert_before BEFORE INSERT ON naloxone_event
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (NEW.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_event_insert_after AFTER INSERT ON naloxone_event
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
CREATE TRIGGER summary_event_update_before BEFORE UPDATE OF
	person_id, at, kind, used_on, doses, survived, called_911 ON naloxone_event
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (OLD.person_id, 0), (NEW.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_event_update_after AFTER UPDATE OF
	person_id, at, kind, used_on, doses, survived, called_911 ON naloxone_event
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
CREATE TRIGGER summary_event_delete_before BEFORE DELETE ON naloxone_event
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (OLD.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_event_delete_after AFTER DELETE ON naloxone_event
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;

-- A new stay can move only its person's own records (none names it yet):
-- a person with none, as nearly everyone an import books, costs nothing.
CREATE TRIGGER summary_stay_insert_before BEFORE INSERT ON stay
WHEN EXISTS (SELECT 1 FROM naloxone WHERE person_id = NEW.person_id) OR
	EXISTS (SELECT 1 FROM naloxone_event WHERE person_id = NEW.person_id)
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (NEW.person_id, 0);
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_stay_insert_after AFTER INSERT ON stay
WHEN EXISTS (SELECT 1 FROM summary_redo)
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
CREATE TRIGGER summary_stay_update_before BEFORE UPDATE OF
	person_id, facility_id, booked_at ON stay
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (OLD.person_id, 0), (NEW.person_id, 0);
	INSERT OR IGNORE INTO summary_redo SELECT person_id, 0 FROM naloxone
		WHERE stay_id = OLD.id;
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_stay_update_after AFTER UPDATE OF
	person_id, facility_id, booked_at ON stay
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
CREATE TRIGGER summary_stay_delete_before BEFORE DELETE ON stay
BEGIN
	INSERT OR IGNORE INTO summary_redo VALUES (OLD.person_id, 0);
	INSERT OR IGNORE INTO summary_redo SELECT person_id, 0 FROM naloxone
		WHERE stay_id = OLD.id;
	UPDATE summary_redo SET sign = -1 WHERE sign = 0;
END;
CREATE TRIGGER summary_stay_delete_after AFTER DELETE ON stay
BEGIN
	UPDATE summary_redo SET sign = 1;
	DELETE FROM summary_redo;
END;
