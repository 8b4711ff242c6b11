-- SPDX-License-Identifier: ISC
-- Naloxone stock (core/stock.c): the kits each facility holds, by lot.
--
-- A lot is what a box of kits is labelled with; the program counts kits
-- by facility and lot.  on_hand is kept by core/stock.c in the same
-- transaction as the row of stock_move that explains each change, so the
-- moves of a lot always add up to what it holds (tests/unit_stock.c
-- checks that after every kind of change).  A count never goes below
-- zero: the CHECK is the last line behind core/stock.c's refusal.
CREATE TABLE stock_lot (
	id           INTEGER PRIMARY KEY,
	facility_id  INTEGER NOT NULL REFERENCES facility (id),
	formulation  TEXT NOT NULL CHECK (formulation IN
	             ('nasal_4mg', 'nasal_8mg', 'nasal_3mg', 'im_0_4mg_ml', 'nalmefene')),
	lot          TEXT NOT NULL CHECK (length(lot) BETWEEN 1 AND 40),
	expiry       TEXT NOT NULL CHECK (expiry GLOB '[2][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	on_hand      INTEGER NOT NULL CHECK (on_hand >= 0),
	UNIQUE (facility_id, lot)
) STRICT;

-- Every change to a lot: kits received (from whom), given with a
-- naloxone record, a count corrected (with the reason), or a kit to
-- reconcile put against the lot.  quantity is the change, signed.
CREATE TABLE stock_move (
	id           INTEGER PRIMARY KEY,
	lot_id       INTEGER NOT NULL REFERENCES stock_lot (id),
	at           INTEGER NOT NULL,
	by_user      INTEGER NOT NULL REFERENCES user (id),
	kind         TEXT NOT NULL CHECK (kind IN ('received', 'given', 'corrected', 'reconciled')),
	quantity     INTEGER NOT NULL,
	source       TEXT CHECK (length(source) <= 200),
	reason       TEXT CHECK (length(reason) <= 400),
	naloxone_id  INTEGER REFERENCES naloxone (id)
) STRICT;
CREATE INDEX stock_move_lot ON stock_move (lot_id, at);

-- Kits handed over that the stock could not take them from: a lot it
-- does not know, no lot named at a facility that keeps stock, or more
-- kits than the lot holds.  The handover is recorded all the same; an
-- admin or supervisor closes the item, against a lot or with a reason.
CREATE TABLE stock_reconcile (
	id           INTEGER PRIMARY KEY,
	naloxone_id  INTEGER NOT NULL UNIQUE REFERENCES naloxone (id),
	facility_id  INTEGER REFERENCES facility (id),
	why          TEXT NOT NULL CHECK (why IN ('unknown_lot', 'no_lot', 'short')),
	opened_at    INTEGER NOT NULL,
	closed_at    INTEGER,
	closed_by    INTEGER REFERENCES user (id),
	lot_id       INTEGER REFERENCES stock_lot (id),
	reason       TEXT CHECK (length(reason) <= 400),
	CHECK ((closed_at IS NULL) = (closed_by IS NULL))
) STRICT;
CREATE INDEX stock_reconcile_open ON stock_reconcile (closed_at, id);

-- The distribution report (core/report_naloxone.c) reads a period of
-- handovers by time.
CREATE INDEX naloxone_at ON naloxone (at);
