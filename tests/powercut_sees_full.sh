#!/bin/sh
# SPDX-License-Identifier: ISC
# powercut_sees_full.sh - the test of the power-cut test.
#
# build/tests/powercut_full is tests/unit_powercut.c linked against the
# storage built with PASSAGE_TEST_SYNC_FULL: with a rollback journal
# (POWERCUT_ROLLBACK=1), synchronous=FULL, which does not sync the folder
# after a commit deletes its journal.  The power-cut test must fail
# against it, naming an acknowledged commit that was lost; if it passed,
# it could not see the loss it exists to catch.  (tests/wal_sees_normal.sh
# is the same for the write-ahead log.)
build=${PASSAGE_BUILD:-build}
echo "1..2"
out=$(POWERCUT_ROLLBACK=1 POWERCUT_KEY_RUNS=0 "./$build/tests/powercut_full" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	echo "ok 1 - the power-cut test fails against synchronous=FULL"
else
	echo "not ok 1 - the power-cut test fails against synchronous=FULL"
fi
printf '%s\n' "$out" | grep -E '^# [0-9]+ power cuts|^not ok' | sed 's/^# //; s/^/# /'
if printf '%s\n' "$out" | grep -Eq "^# seed [0-9]+: an acknowledged commit is missing"; then
	echo "ok 2 - it names the seed of a run that lost an acknowledged commit"
else
	echo "not ok 2 - it names the seed of a run that lost an acknowledged commit"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
