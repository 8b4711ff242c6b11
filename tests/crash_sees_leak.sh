#!/bin/sh
# SPDX-License-Identifier: ISC
# crash_sees_leak.sh - the test of the crash test.
#
# build/tests/crash_leaky is tests/unit_crash.c linked against a vault built
# with VAULT_TEST_SKIP_ZEROING: it hands SQLite the nonce and tag in the
# reserved bytes.  The crash test must fail against it; if it passed, it
# could not see the bug it exists to catch.
build=${PASSAGE_BUILD:-build}
echo "1..2"
out=$(CRASH_RUNS=3 "./$build/tests/crash_leaky" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	echo "ok 1 - the crash test fails against a vault that leaks nonce and tag"
else
	echo "not ok 1 - the crash test fails against a vault that leaks nonce and tag"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
# Either the reserve check fails, or the vault's write guard refuses the
# first page that comes back with nonce and tag in it; both name the leak.
if printf '%s\n' "$out" | grep -Eq "^not ok .*reserved bytes read as zeros|reserved bytes in use"; then
	echo "ok 2 - it names the leak"
else
	echo "not ok 2 - it names the leak"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
