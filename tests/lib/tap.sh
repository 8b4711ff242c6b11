# SPDX-License-Identifier: ISC
# tap.sh - TAP for the shell tests, sourced by each: ok, check, skip, has, and
# done_testing to print the plan and exit with the result.
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
# ok, and what was said (the third argument) when it is not.
check() { ok "$1" "$2"; [ "$1" -eq 0 ] || printf '%s\n' "$3" | sed 's/^/# /'; }
has() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }
done_testing() { echo "1..$n"; exit $fail; }
