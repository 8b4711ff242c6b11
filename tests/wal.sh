#!/bin/sh
# SPDX-License-Identifier: ISC
# wal.sh - the crash test with a write-ahead log, and the test of it.
#
# unit_crash.t with CRASH_WAL=1 kills a writer that keeps a write-ahead
# log: every acknowledged commit must survive SQLite's recovery of the
# log through the vault.  The same against the vault that hands SQLite
# nonce and tag in the reserved bytes (crash_leaky) must fail, naming the
# leak, or the test could not see it.  And the power-cut test with a
# write-ahead log: every acknowledged commit there after every cut.
build=${PASSAGE_BUILD:-build}
echo "1..4"
out=$(CRASH_WAL=1 CRASH_RUNS=${CRASH_RUNS:-10} "./$build/tests/unit_crash.t" 2>&1)
if [ $? -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
	echo "ok 1 - every acknowledged commit survives kills with a write-ahead log"
else
	echo "not ok 1 - every acknowledged commit survives kills with a write-ahead log"
fi
printf '%s\n' "$out" | grep '^#' | sed 's/^# */# /'
out=$(CRASH_WAL=1 CRASH_RUNS=3 "./$build/tests/crash_leaky" 2>&1)
if [ $? -ne 0 ]; then
	echo "ok 2 - with a write-ahead log, the crash test fails against a leaking vault"
else
	echo "not ok 2 - with a write-ahead log, the crash test fails against a leaking vault"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
if printf '%s\n' "$out" | grep -Eq "^not ok .*reserved bytes read as zeros|reserved bytes in use"; then
	echo "ok 3 - it names the leak"
else
	echo "not ok 3 - it names the leak"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
out=$(POWERCUT_WAL=1 POWERCUT_RUNS=${POWERCUT_RUNS:-10} "./$build/tests/unit_powercut.t" 2>&1)
if [ $? -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
	echo "ok 4 - every acknowledged commit survives power cuts with a write-ahead log"
else
	echo "not ok 4 - every acknowledged commit survives power cuts with a write-ahead log"
	printf '%s\n' "$out" | grep '^not ok' | sed 's/^/# /'
fi
printf '%s\n' "$out" | grep '^#' | sed 's/^# */# /'
