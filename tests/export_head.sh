#!/bin/sh
# SPDX-License-Identifier: ISC
# export_head.sh - an export carries the audit chain head in its header,
# as reports do, so whoever receives it holds a head from outside the
# file: the head read back with --decrypt is the one the command printed,
# audit verify --head accepts it after more rows, and refuses it with
# one digit of its MAC changed.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-ehead.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/site.sh"

db="$dir/site.db"
pass="admin passphrase"
as_ada() { printf '%s\n' "$pass" | "$bin" "$@" --user ada --passphrase-fd 0 2>&1; }
export_one() {
	printf 'supervisor passphrase\nexport passphrase\nexport passphrase\n' |
		"$bin" export "$db" --records people --person P0000009 --for "Harbor Methadone Clinic" \
		--out "$1" --user sue --passphrase-fd 0 2>&1
}
decrypt() { printf 'export passphrase\n' | "$bin" export --decrypt "$1" --out "$2" --passphrase-fd 0 2>&1; }

site_demo "$db" 12

out=$(export_one "$dir/one.exp")
check $? "an export for a consenting person" "$out"
printed=$(printf '%s\n' "$out" | sed -n 's/.*; audit chain head \([0-9]*:[0-9a-f]*\)\.$/\1/p')
[ -n "$printed" ]
check $? "the command prints the head ($printed)" "$out"
out=$(decrypt "$dir/one.exp" "$dir/one.csv")
check $? "read back" "$out"
inside=$(sed -n '1,5s/^Audit chain head: \([0-9]*:[0-9a-f]*\)\r$/\1/p' "$dir/one.csv")
[ -n "$inside" ] && [ "$inside" = "$printed" ]
check $? "its header carries the same head, before the column names" "$(head -c 2000 "$dir/one.csv" | tail -c 600)"
line=$(grep -n '^Audit chain head' "$dir/one.csv" | cut -d: -f1)
cols=$(grep -n '^participant_code,' "$dir/one.csv" | head -n 1 | cut -d: -f1)
[ -n "$line" ] && [ -n "$cols" ] && [ "$line" -lt "$cols" ]
ok $? "  in the header, above the column names"

# More rows after it: a second export, a facility.
out=$(export_one "$dir/two.exp") && out=$(as_ada facility add "$db" "Annex")
check $? "more rows are added" "$out"
out=$(as_ada audit verify "$db" --head "$inside")
[ $? -eq 0 ] && has "$out" "still passes through the 1 head given"
check $? "audit verify --head accepts the head from the export's header" "$out"
seq=${inside%%:*}

# The check can fail: the same row with another MAC is refused.
mac=${inside#*:}
case $mac in 0*) other=1${mac#?} ;; *) other=0${mac#?} ;; esac
out=$(as_ada audit verify "$db" --head "$seq:$other")
[ $? -eq 1 ]
check $? "a head whose MAC does not match is refused" "$out"

done_testing
