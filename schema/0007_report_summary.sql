-- SPDX-License-Identifier: ISC
-- The program report (core/report.c) needs, for each release of a period,
-- a dozen facts from six tables.  At a million people a quarter holds some
-- 400,000 releases, and looking the facts up as the report runs took
-- seconds even through covering indexes.  So each release keeps its facts
-- in one row of release_summary, in order of release time, and the report
-- reads one range of one table.
--
-- release_facts says what the facts are; release_summary holds a copy of
-- it, kept right by the triggers below whenever a row they depend on is
-- saved.  The reports of naloxone after release have the same pair,
-- event_facts and event_summary, further down.  Nothing else writes the
-- two tables.  tests/unit_report.c checks after every kind of save that
-- each copy equals its view.
--
-- A fact that depends on the time of reading stays undecided here: an open
-- task is stored as open (4) with the end of its window, and the report
-- decides "missed" against its own "now".

CREATE VIEW release_facts AS
SELECT
	s.released_at AS released_at,
	s.id AS stay_id,
	s.person_id AS person_id,
	s.facility_id AS facility_id,
	(SELECT p.caseworker_id FROM person p WHERE p.id = s.person_id) AS caseworker_id,
	s.planned AS planned,
	-- An education session, not declined, before the release, for this
	-- stay or for no stay but during it.
	EXISTS (SELECT 1 FROM education e WHERE e.person_id = s.person_id AND
		e.at < s.released_at AND e.declined = 0 AND (e.stay_id = s.id OR
		(e.stay_id IS NULL AND e.at >= s.booked_at))) AS educated,
	-- Naloxone at release: 4 in hand, 3 in property, 2 other, 1 declined,
	-- 0 none (report.h: REPORT_NAL_NONE - code).
	coalesce((SELECT max(CASE WHEN n.outcome = 'given' AND n.handover = 'in_hand' THEN 4
		WHEN n.outcome = 'placed_in_property' OR n.handover = 'property_bag' THEN 3
		WHEN n.outcome = 'given' THEN 2 WHEN n.outcome = 'declined' THEN 1 ELSE 0 END)
		FROM naloxone n WHERE n.stay_id = s.id), 0) AS naloxone,
	-- An appointment booked before release and not declined.
	EXISTS (SELECT 1 FROM referral r WHERE r.person_id = s.person_id AND
		r.referred_at < s.released_at AND r.appointment_at IS NOT NULL AND
		r.status <> 'declined' AND (r.stay_id = s.id OR
		(r.stay_id IS NULL AND r.referred_at >= s.booked_at))) AS appointment,
	-- The first MOUD appointment attended at or after release.
	(SELECT min(coalesce(r.appointment_at, r.outcome_at)) FROM referral r WHERE
		r.person_id = s.person_id AND r.status = 'attended' AND r.type IN
		('moud_methadone', 'moud_buprenorphine', 'moud_naltrexone') AND
		coalesce(r.appointment_at, r.outcome_at) >= s.released_at) AS moud_at,
	-- The first contact that reached the person at or after release.
	(SELECT min(c.at) FROM contact c WHERE c.person_id = s.person_id AND
		c.outcome = 'reached' AND c.at >= s.released_at) AS contact_at,
	-- The 48-hour contact: 0 on time, 1 late, 2 declined, 4 open,
	-- 5 cancelled; with the end of its window.
	(SELECT CASE WHEN t.status = 'done' AND t.closed_at <= t.window_end THEN 0
		WHEN t.status = 'done' THEN 1 WHEN t.status = 'declined' THEN 2
		WHEN t.status = 'open' THEN 4 ELSE 5 END
		FROM task t WHERE t.stay_id = s.id AND t.kind = 'contact_48h'
		ORDER BY t.id LIMIT 1) AS c48,
	(SELECT t.window_end FROM task t WHERE t.stay_id = s.id AND t.kind = 'contact_48h'
		ORDER BY t.id LIMIT 1) AS c48_end,
	-- The follow-ups: "day:state" by checkpoint, an open one with the end of
	-- its window ("30:4@1767225600"), in no particular order.
	(SELECT group_concat(t.checkpoint || ':' || CASE
		WHEN t.status = 'done' AND t.closed_at <= t.window_end THEN '0'
		WHEN t.status = 'done' THEN '1' WHEN t.status = 'declined' THEN '2'
		WHEN t.status = 'open' THEN '4@' || t.window_end ELSE '5' END)
		FROM task t WHERE t.stay_id = s.id AND t.kind = 'followup') AS followups
FROM stay s
WHERE s.released_at IS NOT NULL;

CREATE TABLE release_summary (
	released_at    INTEGER NOT NULL,
	stay_id        INTEGER NOT NULL,
	person_id      INTEGER NOT NULL,
	facility_id    INTEGER NOT NULL,
	caseworker_id  INTEGER,
	planned        INTEGER NOT NULL,
	educated       INTEGER NOT NULL,
	naloxone       INTEGER NOT NULL,
	appointment    INTEGER NOT NULL,
	moud_at        INTEGER,
	contact_at     INTEGER,
	c48            INTEGER,
	c48_end        INTEGER,
	followups      TEXT,
	PRIMARY KEY (released_at, stay_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX release_summary_stay ON release_summary (stay_id);
CREATE INDEX release_summary_person ON release_summary (person_id);

-- Existing releases, while 0006's indexes still make each lookup cheap.
INSERT INTO release_summary SELECT * FROM release_facts;

-- 0006's report indexes are no longer read, except task_report: the
-- view finds a stay's clock tasks through it.
DROP INDEX stay_report;
DROP INDEX person_report;
DROP INDEX contact_reached;
DROP INDEX naloxone_report;
DROP INDEX education_report;
DROP INDEX referral_report;

-- The stay itself: whatever changed, its one row is made again.
CREATE TRIGGER release_stay_insert AFTER INSERT ON stay
WHEN NEW.released_at IS NOT NULL
BEGIN
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = NEW.id;
END;
CREATE TRIGGER release_stay_update AFTER UPDATE OF
	person_id, facility_id, booked_at, released_at, planned ON stay
BEGIN
	DELETE FROM release_summary WHERE stay_id = NEW.id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = NEW.id;
END;
CREATE TRIGGER release_stay_delete AFTER DELETE ON stay
BEGIN
	DELETE FROM release_summary WHERE stay_id = OLD.id;
END;

-- Facts read by stay: naloxone and the clock tasks.
CREATE TRIGGER release_naloxone_insert AFTER INSERT ON naloxone
WHEN NEW.stay_id IS NOT NULL
BEGIN
	DELETE FROM release_summary WHERE stay_id = NEW.stay_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = NEW.stay_id;
END;
CREATE TRIGGER release_naloxone_update AFTER UPDATE OF stay_id, outcome, handover ON naloxone
BEGIN
	DELETE FROM release_summary WHERE stay_id IN (OLD.stay_id, NEW.stay_id);
	INSERT INTO release_summary SELECT * FROM release_facts
		WHERE stay_id IN (OLD.stay_id, NEW.stay_id);
END;
CREATE TRIGGER release_naloxone_delete AFTER DELETE ON naloxone
WHEN OLD.stay_id IS NOT NULL
BEGIN
	DELETE FROM release_summary WHERE stay_id = OLD.stay_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = OLD.stay_id;
END;

CREATE TRIGGER release_task_insert AFTER INSERT ON task
WHEN NEW.stay_id IS NOT NULL AND NEW.kind IN ('contact_48h', 'followup')
BEGIN
	DELETE FROM release_summary WHERE stay_id = NEW.stay_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = NEW.stay_id;
END;
CREATE TRIGGER release_task_update AFTER UPDATE OF
	stay_id, kind, checkpoint, window_end, status, closed_at ON task
WHEN OLD.kind IN ('contact_48h', 'followup') OR NEW.kind IN ('contact_48h', 'followup')
BEGIN
	DELETE FROM release_summary WHERE stay_id IN (OLD.stay_id, NEW.stay_id);
	INSERT INTO release_summary SELECT * FROM release_facts
		WHERE stay_id IN (OLD.stay_id, NEW.stay_id);
END;
CREATE TRIGGER release_task_delete AFTER DELETE ON task
WHEN OLD.stay_id IS NOT NULL AND OLD.kind IN ('contact_48h', 'followup')
BEGIN
	DELETE FROM release_summary WHERE stay_id = OLD.stay_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = OLD.stay_id;
END;

-- Facts read by person and time: education, referrals, contacts.  Any of
-- the person's releases may depend on them, so all are made again (a
-- person has a few).
CREATE TRIGGER release_education_insert AFTER INSERT ON education
BEGIN
	DELETE FROM release_summary WHERE person_id = NEW.person_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER release_education_update AFTER UPDATE OF
	person_id, stay_id, at, declined ON education
BEGIN
	DELETE FROM release_summary WHERE person_id IN (OLD.person_id, NEW.person_id);
	INSERT INTO release_summary SELECT * FROM release_facts
		WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER release_education_delete AFTER DELETE ON education
BEGIN
	DELETE FROM release_summary WHERE person_id = OLD.person_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER release_referral_insert AFTER INSERT ON referral
BEGIN
	DELETE FROM release_summary WHERE person_id = NEW.person_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER release_referral_update AFTER UPDATE OF
	person_id, stay_id, type, referred_at, appointment_at, status, outcome_at ON referral
BEGIN
	DELETE FROM release_summary WHERE person_id IN (OLD.person_id, NEW.person_id);
	INSERT INTO release_summary SELECT * FROM release_facts
		WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER release_referral_delete AFTER DELETE ON referral
BEGIN
	DELETE FROM release_summary WHERE person_id = OLD.person_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE person_id = OLD.person_id;
END;

-- Only a contact that reached the person is a fact.
CREATE TRIGGER release_contact_insert AFTER INSERT ON contact
WHEN NEW.outcome = 'reached'
BEGIN
	DELETE FROM release_summary WHERE person_id = NEW.person_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER release_contact_update AFTER UPDATE OF person_id, at, outcome ON contact
WHEN OLD.outcome = 'reached' OR NEW.outcome = 'reached'
BEGIN
	DELETE FROM release_summary WHERE person_id IN (OLD.person_id, NEW.person_id);
	INSERT INTO release_summary SELECT * FROM release_facts
		WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER release_contact_delete AFTER DELETE ON contact
WHEN OLD.outcome = 'reached'
BEGIN
	DELETE FROM release_summary WHERE person_id = OLD.person_id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE person_id = OLD.person_id;
END;

-- A reassigned person takes their releases to the new caseworker, as the
-- report has always grouped them (by the caseworker now).
CREATE TRIGGER release_person_caseworker AFTER UPDATE OF caseworker_id ON person
WHEN NEW.caseworker_id IS NOT OLD.caseworker_id
BEGIN
	UPDATE release_summary SET caseworker_id = NEW.caseworker_id WHERE person_id = NEW.id;
END;

-- Reports of naloxone after release (used, refilled) are counted by when
-- they happened, under the person's caseworker now and the facility of
-- the person's latest stay booked before the report.  Looking those two
-- up for each report of a quarter was most of what remained of the
-- report's time, so each report keeps them too, the same way.
CREATE VIEW event_facts AS
SELECT
	ne.at AS at,
	ne.id AS event_id,
	ne.person_id AS person_id,
	ne.kind AS kind,
	coalesce(ne.survived, 0) AS survived,
	(SELECT p.caseworker_id FROM person p WHERE p.id = ne.person_id) AS caseworker_id,
	coalesce((SELECT st.facility_id FROM stay st WHERE st.person_id = ne.person_id AND
		st.booked_at <= ne.at ORDER BY st.booked_at DESC, st.id DESC LIMIT 1), 0)
		AS facility_id
FROM naloxone_event ne
WHERE ne.kind IN ('used', 'refilled');

CREATE TABLE event_summary (
	at             INTEGER NOT NULL,
	event_id       INTEGER NOT NULL,
	person_id      INTEGER NOT NULL,
	kind           TEXT NOT NULL,
	survived       INTEGER NOT NULL,
	caseworker_id  INTEGER,
	facility_id    INTEGER NOT NULL,
	PRIMARY KEY (at, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_summary_event ON event_summary (event_id);
CREATE INDEX event_summary_person ON event_summary (person_id);

INSERT INTO event_summary SELECT * FROM event_facts;

CREATE TRIGGER event_insert AFTER INSERT ON naloxone_event
WHEN NEW.kind IN ('used', 'refilled')
BEGIN
	INSERT INTO event_summary SELECT * FROM event_facts WHERE event_id = NEW.id;
END;
CREATE TRIGGER event_update AFTER UPDATE OF person_id, at, kind, survived ON naloxone_event
BEGIN
	DELETE FROM event_summary WHERE event_id = NEW.id;
	INSERT INTO event_summary SELECT * FROM event_facts WHERE event_id = NEW.id;
END;
CREATE TRIGGER event_delete AFTER DELETE ON naloxone_event
BEGIN
	DELETE FROM event_summary WHERE event_id = OLD.id;
END;

-- A stay booked, moved or changed may change the facility of the
-- person's reports.
CREATE TRIGGER event_stay_insert AFTER INSERT ON stay
BEGIN
	DELETE FROM event_summary WHERE person_id = NEW.person_id;
	INSERT INTO event_summary SELECT * FROM event_facts WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER event_stay_update AFTER UPDATE OF person_id, facility_id, booked_at ON stay
BEGIN
	DELETE FROM event_summary WHERE person_id IN (OLD.person_id, NEW.person_id);
	INSERT INTO event_summary SELECT * FROM event_facts
		WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER event_stay_delete AFTER DELETE ON stay
BEGIN
	DELETE FROM event_summary WHERE person_id = OLD.person_id;
	INSERT INTO event_summary SELECT * FROM event_facts WHERE person_id = OLD.person_id;
END;

CREATE TRIGGER event_person_caseworker AFTER UPDATE OF caseworker_id ON person
WHEN NEW.caseworker_id IS NOT OLD.caseworker_id
BEGIN
	UPDATE event_summary SET caseworker_id = NEW.caseworker_id WHERE person_id = NEW.id;
END;
