-- SPDX-License-Identifier: ISC
-- The case records.  Conventions:
--   * instants are INTEGER seconds since 1970-01-01 UTC (display converts
--     to the site's time zone); calendar dates are TEXT 'YYYY-MM-DD';
--   * every enumerated value has a CHECK; "declined" is a first-class
--     outcome wherever a person can say no, and its reason is optional;
--   * rows people edit carry version, updated_by and updated_at: an update
--     names the version it was read at and is refused if another session
--     changed the row since (no silent overwrite);
--   * flags are INTEGER 0/1, NULL where "not asked" differs from "no".

CREATE TABLE user (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL UNIQUE COLLATE NOCASE
	                CHECK (length(name) BETWEEN 1 AND 64),
	display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
	role            TEXT NOT NULL
	                CHECK (role IN ('health', 'caseworker', 'supervisor', 'admin')),
	active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at      INTEGER NOT NULL,
	last_login_at   INTEGER,
	last_login_from TEXT CHECK (length(last_login_from) <= 120),
	failed_logins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
	version         INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE facility (
	id     INTEGER PRIMARY KEY,
	name   TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE person (
	id                INTEGER PRIMARY KEY,
	participant_code  TEXT NOT NULL UNIQUE COLLATE NOCASE
	                  CHECK (length(participant_code) BETWEEN 1 AND 32),
	legal_name        TEXT CHECK (length(legal_name) <= 200),
	preferred_name    TEXT CHECK (length(preferred_name) <= 200),
	pronouns          TEXT CHECK (length(pronouns) <= 40),
	birth_date        TEXT CHECK (birth_date IS NULL OR birth_date GLOB
	                  '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	phone             TEXT CHECK (length(phone) <= 40),
	email             TEXT CHECK (length(email) <= 200),
	address           TEXT CHECK (length(address) <= 400),
	contact_way       TEXT CHECK (contact_way IN
	                  ('phone', 'text', 'email', 'in_person', 'through_someone', 'other')),
	contact_time      TEXT CHECK (length(contact_time) <= 200),
	caseworker_id     INTEGER REFERENCES user (id),
	goals             TEXT CHECK (length(goals) <= 4000),
	status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	closure_reason    TEXT CHECK (closure_reason IN
	                  ('goal_met', 'declined_contact', 'moved', 'reincarcerated',
	                   'deceased', 'other')),
	closure_note      TEXT CHECK (length(closure_note) <= 1000),
	last_activity_at  INTEGER NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	updated_by        INTEGER NOT NULL REFERENCES user (id),
	version           INTEGER NOT NULL DEFAULT 1,
	CHECK ((status = 'closed') = (closure_reason IS NOT NULL))
) STRICT;
CREATE INDEX person_caseworker ON person (caseworker_id, status);
-- Search as you type: names, participant code and booking numbers, folded
-- for case and accents, with prefix indexes.  rowid = person.id; kept up
-- to date by core/person.c and core/stay.c.
CREATE VIRTUAL TABLE person_search USING fts5(
	names, codes, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6');
CREATE INDEX person_activity ON person (status, last_activity_at);

CREATE TABLE stay (
	id                   INTEGER PRIMARY KEY,
	person_id            INTEGER NOT NULL REFERENCES person (id),
	facility_id          INTEGER NOT NULL REFERENCES facility (id),
	booking_number       TEXT CHECK (length(booking_number) <= 40),
	booked_at            INTEGER NOT NULL,
	expected_release_at  INTEGER,
	expected_source      TEXT CHECK (expected_source IN
	                     ('sentence', 'court_date', 'bail', 'transfer', 'other')),
	released_at          INTEGER,
	release_type         TEXT CHECK (release_type IN
	                     ('scheduled', 'court', 'bail_bond', 'transfer', 'hospital', 'other')),
	planned              INTEGER CHECK (planned IN (0, 1)),
	created_at           INTEGER NOT NULL,
	updated_at           INTEGER NOT NULL,
	updated_by           INTEGER NOT NULL REFERENCES user (id),
	version              INTEGER NOT NULL DEFAULT 1,
	CHECK (expected_release_at IS NULL OR expected_release_at >= booked_at),
	CHECK (released_at IS NULL OR released_at >= booked_at),
	CHECK ((released_at IS NULL) = (release_type IS NULL)),
	CHECK ((released_at IS NULL) = (planned IS NULL))
) STRICT;
CREATE INDEX stay_person ON stay (person_id, booked_at);
CREATE INDEX stay_booking ON stay (booking_number);
-- People in custody by expected release: the pre-release queue.
CREATE INDEX stay_expected ON stay (expected_release_at) WHERE released_at IS NULL;
CREATE INDEX stay_released ON stay (released_at) WHERE released_at IS NOT NULL;
-- A caseload's people in custody by expected release: the caseload's
-- releasing and pre-release queues.
CREATE INDEX stay_custody ON stay (person_id, expected_release_at) WHERE released_at IS NULL;

-- Every change of an expected release date, with where it came from.
CREATE TABLE stay_expected_change (
	id          INTEGER PRIMARY KEY,
	stay_id     INTEGER NOT NULL REFERENCES stay (id),
	old_at      INTEGER,
	new_at      INTEGER,
	source      TEXT CHECK (source IN ('sentence', 'court_date', 'bail', 'transfer', 'other')),
	changed_at  INTEGER NOT NULL,
	changed_by  INTEGER NOT NULL REFERENCES user (id)
) STRICT;
CREATE INDEX stay_expected_change_stay ON stay_expected_change (stay_id, changed_at);

CREATE TABLE screening (
	id                 INTEGER PRIMARY KEY,
	person_id          INTEGER NOT NULL REFERENCES person (id),
	stay_id            INTEGER REFERENCES stay (id),
	at                 INTEGER NOT NULL,
	by_user            INTEGER NOT NULL REFERENCES user (id),
	oud_screen         TEXT NOT NULL CHECK (oud_screen IN ('done', 'declined', 'not_done')),
	oud_result         TEXT CHECK (oud_result IN ('positive', 'negative')),
	moud_at_entry      TEXT CHECK (moud_at_entry IN
	                   ('none', 'methadone', 'buprenorphine', 'naltrexone')),
	moud_dose          TEXT CHECK (length(moud_dose) <= 80),
	moud_prescriber    TEXT CHECK (length(moud_prescriber) <= 200),
	prior_overdose     INTEGER CHECK (prior_overdose IN (0, 1)),
	injects            INTEGER CHECK (injects IN (0, 1)),
	benzos_alcohol     INTEGER CHECK (benzos_alcohol IN (0, 1)),
	stimulants         INTEGER CHECK (stimulants IN (0, 1)),
	recent_abstinence  INTEGER CHECK (recent_abstinence IN (0, 1)),
	unstable_housing   INTEGER CHECK (unstable_housing IN (0, 1)),
	decline_reason     TEXT CHECK (length(decline_reason) <= 400),
	updated_at         INTEGER NOT NULL,
	updated_by         INTEGER NOT NULL REFERENCES user (id),
	version            INTEGER NOT NULL DEFAULT 1,
	CHECK (oud_result IS NULL OR oud_screen = 'done')
) STRICT;
CREATE INDEX screening_person ON screening (person_id, at);

-- Overdose education.  topics is a bit set: 1 tolerance loss, 2 never use
-- alone, 4 naloxone use, 8 fentanyl and test strips, 16 mixing with
-- benzodiazepines or alcohol, 32 Good Samaritan law.
CREATE TABLE education (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES person (id),
	stay_id         INTEGER REFERENCES stay (id),
	at              INTEGER NOT NULL,
	by_user         INTEGER NOT NULL REFERENCES user (id),
	setting         TEXT CHECK (setting IN ('individual', 'group', 'video')),
	topics          INTEGER NOT NULL DEFAULT 0 CHECK (topics BETWEEN 0 AND 63),
	teach_back      INTEGER CHECK (teach_back IN (0, 1)),
	declined        INTEGER NOT NULL DEFAULT 0 CHECK (declined IN (0, 1)),
	decline_reason  TEXT CHECK (length(decline_reason) <= 400),
	updated_at      INTEGER NOT NULL,
	updated_by      INTEGER NOT NULL REFERENCES user (id),
	version         INTEGER NOT NULL DEFAULT 1,
	CHECK (declined = 1 OR setting IS NOT NULL)
) STRICT;
CREATE INDEX education_person ON education (person_id, at);
CREATE INDEX education_stay ON education (stay_id);

CREATE TABLE naloxone (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES person (id),
	stay_id         INTEGER REFERENCES stay (id),
	at              INTEGER NOT NULL,
	by_user         INTEGER NOT NULL REFERENCES user (id),
	outcome         TEXT NOT NULL CHECK (outcome IN
	                ('offered', 'given', 'placed_in_property', 'declined')),
	decline_reason  TEXT CHECK (length(decline_reason) <= 400),
	formulation     TEXT CHECK (formulation IN
	                ('nasal_4mg', 'nasal_8mg', 'nasal_3mg', 'im_0_4mg_ml', 'nalmefene')),
	quantity        INTEGER CHECK (quantity BETWEEN 1 AND 50),
	lot             TEXT CHECK (length(lot) <= 40),
	expiry          TEXT CHECK (expiry IS NULL OR expiry GLOB
	                '[2][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	handover        TEXT CHECK (handover IN
	                ('in_hand', 'property_bag', 'mailed', 'vending', 'community_pickup')),
	kit             TEXT CHECK (kit IN ('first', 'refill')),
	updated_at      INTEGER NOT NULL,
	updated_by      INTEGER NOT NULL REFERENCES user (id),
	version         INTEGER NOT NULL DEFAULT 1,
	CHECK (outcome NOT IN ('given', 'placed_in_property')
	       OR (formulation IS NOT NULL AND quantity IS NOT NULL AND handover IS NOT NULL))
) STRICT;
CREATE INDEX naloxone_person ON naloxone (person_id, at);
CREATE INDEX naloxone_stay ON naloxone (stay_id);

-- What happened to naloxone later, as the person or others report it.
CREATE TABLE naloxone_event (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES person (id),
	naloxone_id  INTEGER REFERENCES naloxone (id),
	at           INTEGER NOT NULL,
	by_user      INTEGER NOT NULL REFERENCES user (id),
	kind         TEXT NOT NULL CHECK (kind IN ('used', 'lost', 'confiscated', 'refilled')),
	used_on      TEXT CHECK (used_on IN ('self', 'other')),
	doses        INTEGER CHECK (doses BETWEEN 1 AND 20),
	survived     INTEGER CHECK (survived IN (0, 1)),
	called_911   INTEGER CHECK (called_911 IN (0, 1)),
	note         TEXT CHECK (length(note) <= 1000),
	CHECK (kind = 'used' OR (used_on IS NULL AND doses IS NULL AND survived IS NULL))
) STRICT;
CREATE INDEX naloxone_event_person ON naloxone_event (person_id, at);
CREATE INDEX naloxone_event_at ON naloxone_event (at, kind);

CREATE TABLE provider (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	services    TEXT CHECK (length(services) <= 400),
	address     TEXT CHECK (length(address) <= 400),
	phone       TEXT CHECK (length(phone) <= 40),
	hours       TEXT CHECK (length(hours) <= 200),
	medicaid    INTEGER CHECK (medicaid IN (0, 1)),
	walk_in     INTEGER CHECK (walk_in IN (0, 1)),
	active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	updated_at  INTEGER NOT NULL,
	updated_by  INTEGER NOT NULL REFERENCES user (id),
	version     INTEGER NOT NULL DEFAULT 1
) STRICT;

-- 42 CFR Part 2 consent: who may receive what, for what purpose, until when.
CREATE TABLE consent (
	id             INTEGER PRIMARY KEY,
	person_id      INTEGER NOT NULL REFERENCES person (id),
	scope          TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 400),
	recipient      TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
	purpose        TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 400),
	signed_at      INTEGER NOT NULL,
	expires_on     TEXT CHECK (expires_on IS NULL OR expires_on GLOB
	               '[2][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	expiry_event   TEXT CHECK (length(expiry_event) <= 200),
	-- When staff recorded that the expiry event happened: Passage
	-- cannot watch for it, so someone has to say so.
	event_ended_at INTEGER,
	event_note     TEXT CHECK (length(event_note) <= 400),
	revoked_at     INTEGER,
	revoked_note   TEXT CHECK (length(revoked_note) <= 400),
	recorded_by    INTEGER NOT NULL REFERENCES user (id),
	updated_at     INTEGER NOT NULL,
	updated_by     INTEGER NOT NULL REFERENCES user (id),
	version        INTEGER NOT NULL DEFAULT 1,
	CHECK (expires_on IS NOT NULL OR expiry_event IS NOT NULL),
	CHECK (event_ended_at IS NULL
	       OR (expiry_event IS NOT NULL AND event_ended_at >= signed_at)),
	CHECK (event_note IS NULL OR event_ended_at IS NOT NULL)
) STRICT;
CREATE INDEX consent_person ON consent (person_id);

CREATE TABLE referral (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES person (id),
	stay_id         INTEGER REFERENCES stay (id),
	type            TEXT NOT NULL CHECK (type IN
	                ('moud_methadone', 'moud_buprenorphine', 'moud_naltrexone',
	                 'syringe_services', 'housing', 'primary_care', 'mental_health',
	                 'peer_recovery', 'hcv_hiv_testing', 'medicaid', 'id_documents',
	                 'food', 'other')),
	provider_id     INTEGER REFERENCES provider (id),
	referred_at     INTEGER NOT NULL,
	appointment_at  INTEGER,
	warm_handoff    INTEGER CHECK (warm_handoff IN (0, 1)),
	status          TEXT NOT NULL DEFAULT 'referred' CHECK (status IN
	                ('referred', 'scheduled', 'attended', 'no_show', 'declined',
	                 'cancelled', 'lost')),
	decline_reason  TEXT CHECK (length(decline_reason) <= 400),
	consent_id      INTEGER REFERENCES consent (id),
	outcome_at      INTEGER,
	created_by      INTEGER NOT NULL REFERENCES user (id),
	updated_at      INTEGER NOT NULL,
	updated_by      INTEGER NOT NULL REFERENCES user (id),
	version         INTEGER NOT NULL DEFAULT 1,
	CHECK (status <> 'scheduled' OR appointment_at IS NOT NULL)
) STRICT;
CREATE INDEX referral_person ON referral (person_id, referred_at);
CREATE INDEX referral_appointment ON referral (appointment_at) WHERE status = 'scheduled';
CREATE INDEX referral_stay ON referral (stay_id);

CREATE TABLE contact (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES person (id),
	at         INTEGER NOT NULL,
	by_user    INTEGER NOT NULL REFERENCES user (id),
	channel    TEXT NOT NULL CHECK (channel IN
	           ('phone', 'text', 'in_person', 'video', 'email', 'letter', 'other')),
	outcome    TEXT NOT NULL CHECK (outcome IN
	           ('reached', 'message', 'no_answer', 'wrong_number', 'declined')),
	note       TEXT CHECK (length(note) <= 2000)
) STRICT;
CREATE INDEX contact_person ON contact (person_id, at);

-- Follow-up work with a due time and a window.  kind names the clock
-- that made it; status 'declined' is the person's choice, counted apart
-- from work that was missed.
CREATE TABLE task (
	id            INTEGER PRIMARY KEY,
	person_id     INTEGER NOT NULL REFERENCES person (id),
	stay_id       INTEGER REFERENCES stay (id),
	kind          TEXT NOT NULL CHECK (kind IN
	              ('contact_48h', 'followup', 'other')),
	checkpoint    INTEGER CHECK (checkpoint BETWEEN 0 AND 3650),
	due_at        INTEGER NOT NULL,
	window_start  INTEGER NOT NULL,
	window_end    INTEGER NOT NULL,
	status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	              ('open', 'done', 'declined', 'cancelled')),
	closed_at     INTEGER,
	closed_by     INTEGER REFERENCES user (id),
	contact_id    INTEGER REFERENCES contact (id),
	version       INTEGER NOT NULL DEFAULT 1,
	CHECK (window_start <= due_at AND due_at <= window_end),
	CHECK ((status = 'open') = (closed_at IS NULL))
) STRICT;
CREATE INDEX task_open_due ON task (due_at) WHERE status = 'open';
CREATE INDEX task_person ON task (person_id, due_at);
CREATE INDEX task_closed ON task (closed_at) WHERE status <> 'open';

-- Notes: an edit adds a version; the old text stays.
CREATE TABLE note (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES person (id),
	created_at  INTEGER NOT NULL,
	created_by  INTEGER NOT NULL REFERENCES user (id),
	version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX note_person ON note (person_id, created_at);

CREATE TABLE note_version (
	note_id    INTEGER NOT NULL REFERENCES note (id),
	version    INTEGER NOT NULL,
	body       TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
	at         INTEGER NOT NULL,
	by_user    INTEGER NOT NULL REFERENCES user (id),
	PRIMARY KEY (note_id, version)
) STRICT, WITHOUT ROWID;

-- Each release of information under a consent: the accounting a person
-- may ask for.
CREATE TABLE disclosure (
	id            INTEGER PRIMARY KEY,
	person_id     INTEGER NOT NULL REFERENCES person (id),
	consent_id    INTEGER NOT NULL REFERENCES consent (id),
	recipient     TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
	purpose       TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 400),
	description   TEXT CHECK (length(description) <= 1000),
	disclosed_at  INTEGER NOT NULL,
	by_user       INTEGER NOT NULL REFERENCES user (id)
) STRICT;
CREATE INDEX disclosure_person ON disclosure (person_id, disclosed_at);

CREATE TABLE break_glass (
	id              INTEGER PRIMARY KEY,
	user_id         INTEGER NOT NULL REFERENCES user (id),
	person_id       INTEGER NOT NULL REFERENCES person (id),
	reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 400),
	started_at      INTEGER NOT NULL,
	expires_at      INTEGER NOT NULL CHECK (expires_at > started_at),
	reviewed_by     INTEGER REFERENCES user (id),
	reviewed_at     INTEGER,
	review_comment  TEXT CHECK (length(review_comment) <= 1000)
) STRICT;
CREATE INDEX break_glass_active ON break_glass (user_id, person_id, expires_at);
CREATE INDEX break_glass_started ON break_glass (started_at);

-- The audit chain: each row's mac is BLAKE2b over the previous mac and
-- its own fields, keyed by the audit key (see passage(5)).  Rows are
-- only ever added.
CREATE TABLE audit (
	seq        INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	user_id    INTEGER REFERENCES user (id),
	action     TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
	entity     TEXT CHECK (length(entity) <= 40),
	entity_id  INTEGER,
	person_id  INTEGER REFERENCES person (id),
	detail     TEXT CHECK (length(detail) <= 1000),
	mac        BLOB NOT NULL CHECK (length(mac) = 32)
) STRICT;
CREATE INDEX audit_person ON audit (person_id, seq) WHERE person_id IS NOT NULL;
CREATE INDEX audit_user ON audit (user_id, seq);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

INSERT INTO setting (key, value) VALUES
	('site.time_zone', 'UTC'),
	('clock.contact_hours', '48'),
	('clock.followup_days', '7,14,30,90'),
	('clock.window_days', '3'),
	('queue.prerelease_days', '7'),
	('queue.stale_days', '14'),
	('break_glass.hours', '3');
