-- SPDX-License-Identifier: ISC
-- Work recorded as it really happened.
--
-- A referral's outcome can be corrected (a no-show that was really an
-- attendance, an attendance logged on the wrong referral); the outcome it
-- replaced is kept here, with when and by whom it had been recorded and
-- who corrected it, and is never changed or removed.
CREATE TABLE referral_outcome_change (
	id             INTEGER PRIMARY KEY,
	referral_id    INTEGER NOT NULL REFERENCES referral (id),
	old_status     TEXT NOT NULL CHECK (old_status IN
	               ('attended', 'no_show', 'declined', 'cancelled', 'lost')),
	old_outcome_at INTEGER,
	old_by         INTEGER NOT NULL REFERENCES user (id),
	old_reason     TEXT CHECK (length(old_reason) <= 400),
	new_status     TEXT NOT NULL CHECK (new_status IN
	               ('attended', 'no_show', 'declined', 'cancelled', 'lost')),
	changed_at     INTEGER NOT NULL,
	changed_by     INTEGER NOT NULL REFERENCES user (id),
	CHECK (old_status <> new_status)
) STRICT;
CREATE INDEX referral_outcome_change_referral ON referral_outcome_change (referral_id, id);
CREATE TRIGGER referral_outcome_change_kept_update BEFORE UPDATE ON referral_outcome_change
BEGIN
	SELECT RAISE(ABORT, 'a corrected outcome is kept as it was');
END;
CREATE TRIGGER referral_outcome_change_kept_delete BEFORE DELETE ON referral_outcome_change
BEGIN
	SELECT RAISE(ABORT, 'a corrected outcome is kept as it was');
END;

-- A contact made on paper last week and typed in today keeps both times:
-- at is when it happened, recorded_at when it was typed.  Contacts saved
-- before this column take the time of their audit row, where there is one.
ALTER TABLE contact ADD COLUMN recorded_at INTEGER;
UPDATE contact SET recorded_at =
	(SELECT a.at FROM audit a WHERE a.entity = 'contact' AND a.entity_id = contact.id
	 AND a.action = 'create' ORDER BY a.seq LIMIT 1);
