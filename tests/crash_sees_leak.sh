#!/bin/sh
# SPDX-License-Identifier: ISC
# crash_sees_leak.sh - the test of the crash test.
#
# build/tests/crash_leaky is tests/unit_crash.c linked against a vault built
# with VAULT_TEST_SKIP_ZEROING: once the crash test has built its schema
# with the good code, the vault hands SQLite the nonce and tag in the
# reserved bytes, and its write guard lets such pages back.  The crash
# loop must then run (saves acknowledged, kills, reopens) and fail by its
# own checks; if it passed, it could not see the bug it exists to catch.
build=${PASSAGE_BUILD:-build}
runs=3
echo "1..3"
out=$(CRASH_RUNS=$runs "./$build/tests/crash_leaky" 2>&1)
rc=$?
show() { printf '%s\n' "$out" | sed 's/^/# /'; }
if [ $rc -ne 0 ]; then
	echo "ok 1 - the crash test fails against a vault that leaks nonce and tag"
else
	echo "not ok 1 - the crash test fails against a vault that leaks nonce and tag"
	show
fi
# The loop ran: every kill made, with saves acknowledged before them.
line=$(printf '%s\n' "$out" | grep -E "^# crash: $runs runs, [0-9]+ acknowledged commits")
acked=$(printf '%s\n' "$line" | sed -n 's/^# crash: [0-9]* runs, \([0-9]*\) acknowledged.*/\1/p')
if [ -n "$acked" ] && [ "$acked" -gt 0 ]; then
	echo "ok 2 - the crash loop ran past the schema: $runs kills, $acked saves acknowledged"
	echo "$line"
else
	echo "not ok 2 - the crash loop ran past the schema: $runs kills, saves acknowledged"
	show
fi
# And its own check after a kill caught the leak, naming it.
if printf '%s\n' "$out" | grep -Eq "^not ok .*reserved bytes read as zeros" &&
	printf '%s\n' "$out" | grep -Eq "^# run [0-9]+: SQLite saw nonce or tag in the reserved bytes"; then
	echo "ok 3 - the loop's check after a kill caught the leak and named it"
	printf '%s\n' "$out" | grep -E "^# run [0-9]+: SQLite saw|^not ok" | sed 's/^# //; s/^/# /'
else
	echo "not ok 3 - the loop's check after a kill caught the leak and named it"
	show
fi
