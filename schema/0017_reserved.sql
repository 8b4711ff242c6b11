-- SPDX-License-Identifier: ISC
-- Number 0017 belongs to another change that is not in this line of
-- history; this empty step keeps the numbers without gaps until it comes.
-- Drop this file when that migration arrives.
SELECT 1;
