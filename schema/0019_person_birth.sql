-- SPDX-License-Identifier: ISC
-- People are looked up by birth date: the candidates for a roster row and
-- the warning before someone is added by hand who may already be here.
CREATE INDEX person_birth ON person (birth_date);
