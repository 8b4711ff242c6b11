-- SPDX-License-Identifier: ISC
-- Indexes for the program report (core/report.c).  The report reads one
-- row per release of a period and, for each, a few facts from other
-- tables; at a million people a quarter holds some 400,000 releases, so
-- each fact must come from one index seek that needs no table row
-- (a covering index), not from the wide rows themselves.

-- The period's releases with what the report groups them by.
CREATE INDEX stay_report ON stay (released_at, facility_id, person_id, planned, booked_at, id)
	WHERE released_at IS NOT NULL;
-- A person's caseworker, without reading the person's whole row.
CREATE INDEX person_report ON person (id, caseworker_id);
-- The first contact that reached the person after a release.
CREATE INDEX contact_reached ON contact (person_id, outcome, at);
-- A stay's clock tasks and their states.
CREATE INDEX task_report ON task (stay_id, kind, checkpoint, status, closed_at, window_end)
	WHERE stay_id IS NOT NULL;
-- Naloxone at a release, and education and referrals before it.
CREATE INDEX naloxone_report ON naloxone (stay_id, outcome, handover);
CREATE INDEX education_report ON education (person_id, at, declined, stay_id);
CREATE INDEX referral_report ON referral (person_id, referred_at, appointment_at, status, type,
	stay_id, outcome_at);
