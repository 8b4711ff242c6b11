#!/bin/sh
# SPDX-License-Identifier: ISC
# crash_sees_torn.sh - the test of the crash test's whole-save check.
#
# build/tests/crash_torn is tests/unit_crash.c built with CRASH_TEST_TORN:
# its child commits each save in two steps (the person and the booking,
# then the release and the contact), so a kill between them leaves a save
# there in part.  The crash test must fail against it and count the torn
# saves; if it passed, it could not see a transaction split in two.
build=${PASSAGE_BUILD:-build}
echo "1..2"
out=$(CRASH_RUNS=${CRASH_TORN_RUNS:-20} "./$build/tests/crash_torn" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	echo "ok 1 - the crash test fails when a save commits in two steps"
else
	echo "not ok 1 - the crash test fails when a save commits in two steps"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
if printf '%s\n' "$out" | grep -Eq "^not ok .*no save is there in part .*\(([1-9][0-9]*) torn\)"; then
	echo "ok 2 - it counts the saves left in part"
else
	echo "not ok 2 - it counts the saves left in part"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
