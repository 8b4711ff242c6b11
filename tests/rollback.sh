#!/bin/sh
# SPDX-License-Identifier: ISC
# rollback.sh - the crash and power-cut tests with a rollback journal.
#
# Passage keeps a write-ahead log; a file an older Passage left in a
# rollback journal is played back and switched at its first open.  So the
# journal still has to keep every acknowledged commit through a kill:
# unit_crash.t with CRASH_ROLLBACK=1 kills a writer that keeps one
# (db_options.rollback), and the vault must play its hot journal back.
# The same against the vault that hands SQLite nonce and tag in the
# reserved bytes (crash_leaky) must fail, naming the leak, or the test
# could not see it.  And the power-cut test with a rollback journal
# (synchronous=EXTRA): every acknowledged commit there after every cut.
build=${PASSAGE_BUILD:-build}
echo "1..4"
out=$(CRASH_ROLLBACK=1 CRASH_RUNS=${CRASH_RUNS:-10} "./$build/tests/unit_crash.t" 2>&1)
if [ $? -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
	echo "ok 1 - every acknowledged commit survives kills with a rollback journal"
else
	echo "not ok 1 - every acknowledged commit survives kills with a rollback journal"
fi
printf '%s\n' "$out" | grep '^#' | sed 's/^# */# /'
out=$(CRASH_ROLLBACK=1 CRASH_RUNS=3 "./$build/tests/crash_leaky" 2>&1)
if [ $? -ne 0 ]; then
	echo "ok 2 - with a rollback journal, the crash test fails against a leaking vault"
else
	echo "not ok 2 - with a rollback journal, the crash test fails against a leaking vault"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
if printf '%s\n' "$out" | grep -Eq "^not ok .*reserved bytes read as zeros|reserved bytes in use"; then
	echo "ok 3 - it names the leak"
else
	echo "not ok 3 - it names the leak"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
out=$(POWERCUT_ROLLBACK=1 POWERCUT_RUNS=${POWERCUT_RUNS:-10} "./$build/tests/unit_powercut.t" 2>&1)
if [ $? -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
	echo "ok 4 - every acknowledged commit survives power cuts with a rollback journal"
else
	echo "not ok 4 - every acknowledged commit survives power cuts with a rollback journal"
	printf '%s\n' "$out" | grep '^not ok' | sed 's/^/# /'
fi
printf '%s\n' "$out" | grep '^#' | sed 's/^# */# /'
