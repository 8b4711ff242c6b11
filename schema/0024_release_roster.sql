-- SPDX-License-Identifier: ISC
-- The program report leaves transfers to another agency out of its
-- releases and counts the releases by how the jail's roster gave them
-- (core/report.c).  It read both from stay and roster_stay for each of
-- the period's releases: some 400,000 look-ups a quarter at a million
-- people, which made the report take seconds.  Each release's row in
-- release_summary (0007) now carries both facts, kept by the triggers
-- below like the others, so the report reads one range of one table again.
ALTER TABLE release_summary ADD COLUMN transfer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE release_summary ADD COLUMN precision TEXT;

DROP VIEW release_facts;
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
		FROM task t WHERE t.stay_id = s.id AND t.kind = 'followup') AS followups,
	-- Added by 0024: a transfer to another agency, and how the jail's
	-- roster gave the release (NULL: typed by hand).
	s.release_type = 'transfer' AS transfer,
	(SELECT r.release_precision FROM roster_stay r WHERE r.stay_id = s.id AND
		r.release_import IS NOT NULL) AS precision
FROM stay s
WHERE s.released_at IS NOT NULL;

UPDATE release_summary SET transfer = 1
WHERE stay_id IN (SELECT id FROM stay WHERE release_type = 'transfer');
UPDATE release_summary SET precision = (SELECT r.release_precision FROM roster_stay r
	WHERE r.stay_id = release_summary.stay_id)
WHERE stay_id IN (SELECT stay_id FROM roster_stay WHERE release_import IS NOT NULL);

-- 0007's stay trigger makes the row again when the release's time or
-- place changes; a stay whose end becomes (or stops being) a transfer
-- is made again too.
CREATE TRIGGER release_stay_type AFTER UPDATE OF release_type ON stay
WHEN NEW.release_type IS NOT OLD.release_type
BEGIN
	DELETE FROM release_summary WHERE stay_id = NEW.id;
	INSERT INTO release_summary SELECT * FROM release_facts WHERE stay_id = NEW.id;
END;

-- The roster's word on a release.
CREATE TRIGGER release_roster_insert AFTER INSERT ON roster_stay
WHEN NEW.release_import IS NOT NULL
BEGIN
	UPDATE release_summary SET precision = NEW.release_precision WHERE stay_id = NEW.stay_id;
END;
CREATE TRIGGER release_roster_update AFTER UPDATE OF stay_id, release_import,
	release_precision ON roster_stay
BEGIN
	UPDATE release_summary SET precision = NULL
	WHERE stay_id = OLD.stay_id AND OLD.stay_id IS NOT NEW.stay_id;
	UPDATE release_summary SET precision = iif(NEW.release_import IS NULL, NULL,
		NEW.release_precision) WHERE stay_id = NEW.stay_id;
END;
CREATE TRIGGER release_roster_delete AFTER DELETE ON roster_stay
BEGIN
	UPDATE release_summary SET precision = NULL WHERE stay_id = OLD.stay_id;
END;
