#!/bin/sh
# SPDX-License-Identifier: ISC
# wal_sees_normal.sh - the test of the power-cut test, with a write-ahead log.
#
# build/tests/powercut_full is tests/unit_powercut.c linked against the
# storage built with PASSAGE_TEST_SYNC_FULL, which keeps the write-ahead log
# at synchronous=NORMAL: the log is synced only at a checkpoint, so a power
# cut takes the commits since.  The power-cut test must fail against it,
# naming an acknowledged commit that was lost; unit_powercut.t runs the
# same test at FULL, the program's setting, and expects none lost.
build=${PASSAGE_BUILD:-build}
echo "1..2"
# A cut loses a commit only when it falls between a commit and the next
# sync of the log (a fold): about one run in fifteen, so forty runs, and
# the key rotations' runs as well.
out=$(POWERCUT_RUNS=${POWERCUT_RUNS:-40} "./$build/tests/powercut_full" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	echo "ok 1 - with a write-ahead log, the power-cut test fails against synchronous=NORMAL"
else
	echo "not ok 1 - with a write-ahead log, the power-cut test fails against synchronous=NORMAL"
fi
printf '%s\n' "$out" | grep -E '^# [0-9]+ power cuts|^not ok' | sed 's/^# //; s/^/# /'
if printf '%s\n' "$out" | grep -Eq "^# (keys, )?seed [0-9]+: an acknowledged commit is missing"; then
	echo "ok 2 - it names the seed of a run that lost an acknowledged commit"
else
	echo "not ok 2 - it names the seed of a run that lost an acknowledged commit"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
