-- SPDX-License-Identifier: ISC
-- The audit log viewer's search by action ("every break_glass"): rows of
-- one action in sequence order, so the newest page comes straight off the
-- index however long the log is.
CREATE INDEX audit_action ON audit (action, seq);
